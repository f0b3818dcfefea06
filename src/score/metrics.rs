//! Agreement between predicted and gold warmth: Pearson, Spearman (average ranks for ties)
//! and macro-F1 over warm / neutral / cold.

use super::labeled::Class;

/// Pearson correlation of `x` and `y` (0 with fewer than two points or no variance).
pub fn pearson(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    if n < 2 {
        return 0.0;
    }
    let mx = x[..n].iter().sum::<f64>() / n as f64;
    let my = y[..n].iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (dx, dy) = (x[i] - mx, y[i] - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx == 0.0 || syy == 0.0 {
        0.0
    } else {
        sxy / (sxx * syy).sqrt()
    }
}

/// Ranks from 1, ties sharing their average rank.
pub fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman rank correlation (Pearson on average ranks, so ties are handled).
pub fn spearman(x: &[f64], y: &[f64]) -> f64 {
    pearson(&ranks(x), &ranks(y))
}

/// Counts by gold class (rows) and predicted class (columns), in [`Class::index`] order.
pub fn confusion(pred: &[Class], gold: &[Class]) -> [[usize; 3]; 3] {
    let mut m = [[0usize; 3]; 3];
    for (p, g) in pred.iter().zip(gold) {
        m[g.index()][p.index()] += 1;
    }
    m
}

/// Mean F1 of the three classes (a class absent from both sides is left out).
pub fn macro_f1(pred: &[Class], gold: &[Class]) -> f64 {
    let mut tp = [0usize; 3];
    let mut fp = [0usize; 3];
    let mut fneg = [0usize; 3];
    for (p, g) in pred.iter().zip(gold) {
        if p == g {
            tp[p.index()] += 1;
        } else {
            fp[p.index()] += 1;
            fneg[g.index()] += 1;
        }
    }
    let mut sum = 0.0;
    let mut classes = 0;
    for k in 0..3 {
        if tp[k] + fp[k] + fneg[k] == 0 {
            continue;
        }
        classes += 1;
        let denom = 2 * tp[k] + fp[k] + fneg[k];
        sum += 2.0 * tp[k] as f64 / denom as f64;
    }
    if classes == 0 {
        0.0
    } else {
        sum / classes as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_checked_values() {
        assert_eq!(ranks(&[10.0, 20.0, 20.0, 5.0]), vec![2.0, 3.5, 3.5, 1.0]);
        assert!((spearman(&[1.0, 2.0, 3.0], &[3.0, 20.0, 100.0]) - 1.0).abs() < 1e-12);
        assert!((pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]) + 1.0).abs() < 1e-12);
        use Class::*;
        // warm: tp1 fp1 fn0 → 2/3; neutral: tp1 fp0 fn1 → 2/3; cold: tp1 → 1.
        let f = macro_f1(
            &[Warm, Warm, Neutral, Cold],
            &[Warm, Neutral, Neutral, Cold],
        );
        assert!(
            (f - (2.0 / 3.0 + 2.0 / 3.0 + 1.0) / 3.0).abs() < 1e-12,
            "{f}"
        );
        assert_eq!(
            confusion(
                &[Warm, Warm, Neutral, Cold],
                &[Warm, Neutral, Neutral, Cold]
            ),
            [[1, 0, 0], [1, 1, 0], [0, 0, 1]]
        );
    }
}
