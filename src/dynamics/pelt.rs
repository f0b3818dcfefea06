//! Weighted multichannel PELT (Killick, Fearnhead & Eckley 2012) with a weighted L2 cost:
//! the cost of a segment is Σ_channels (S2 − S1²/S0) over prefix sums of ω, ωy and ωy².
//! With all weights 1 it gives the same breakpoints as ruptures
//! `Pelt(model="l2", min_size, jump=1)` (tested against stored reference outputs).

/// Prefix sums of one or more weighted channels over `n` points.
#[derive(Debug, Clone)]
pub struct WeightedL2 {
    channels: usize,
    /// `(n + 1) × channels` rows of the prefix sums of ω, ωy and ωy², row-major (the sums of
    /// one point for every channel side by side, as the segment cost reads them).
    prefix: Vec<[f64; 3]>,
}

impl WeightedL2 {
    /// `values[c][i]` and `weights[c][i]`: channel `c` at point `i` (weight 0 = missing).
    pub fn new(values: &[Vec<f64>], weights: &[Vec<f64>]) -> Self {
        let channels = values.len();
        let n = values.first().map_or(0, Vec::len);
        let mut prefix = vec![[0.0; 3]; (n + 1) * channels];
        for i in 0..n {
            for c in 0..channels {
                let (w, y) = (weights[c][i], values[c][i]);
                let (prev, cur) = (prefix[i * channels + c], i * channels + channels + c);
                prefix[cur] = [prev[0] + w, prev[1] + w * y, prev[2] + w * y * y];
            }
        }
        WeightedL2 { channels, prefix }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.prefix.len() / self.channels.max(1) - 1
    }

    /// True when there are no points.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The prefix sums of every channel up to point `i`.
    fn row(&self, i: usize) -> &[[f64; 3]] {
        &self.prefix[i * self.channels..(i + 1) * self.channels]
    }

    /// Weighted squared deviation from the segment mean over `[a, b)`, summed over channels.
    pub fn cost(&self, a: usize, b: usize) -> f64 {
        row_cost(self.row(a), self.row(b))
    }

    /// Weight and weighted sum of channel `c` over `[a, b)`.
    pub fn channel_weight_and_sum(&self, c: usize, a: usize, b: usize) -> (f64, f64) {
        if c >= self.channels {
            return (0.0, 0.0);
        }
        let (pa, pb) = (self.row(a)[c], self.row(b)[c]);
        (pb[0] - pa[0], pb[1] - pa[1])
    }
}

/// The cost of the segment between two prefix rows.
#[inline]
fn row_cost(ra: &[[f64; 3]], rb: &[[f64; 3]]) -> f64 {
    let mut total = 0.0;
    for (pa, pb) in ra.iter().zip(rb) {
        let s0 = pb[0] - pa[0];
        if s0 > 1e-12 {
            let s1 = pb[1] - pa[1];
            let s2 = pb[2] - pa[2];
            total += (s2 - s1 * s1 / s0).max(0.0);
        }
    }
    total
}

/// Optimal segmentation under `cost + penalty per segment` with segments of at least
/// `min_size` points. Returns the segment ends in increasing order (the last is `n`).
pub fn pelt(cost: &WeightedL2, penalty: f64, min_size: usize) -> Vec<usize> {
    let n = cost.len();
    let min_size = min_size.max(1);
    if n < 2 * min_size {
        return if n == 0 { Vec::new() } else { vec![n] };
    }
    let mut best = vec![f64::INFINITY; n + 1];
    let mut last = vec![0usize; n + 1];
    best[0] = 0.0;
    let mut admissible: Vec<usize> = Vec::new();
    let mut values: Vec<f64> = Vec::new();
    for t in min_size..=n {
        admissible.push(t - min_size);
        values.clear();
        let mut arg = usize::MAX;
        let mut min = f64::INFINITY;
        let row_t = cost.row(t);
        for &s in &admissible {
            let v = if best[s].is_finite() {
                best[s] + row_cost(cost.row(s), row_t) + penalty
            } else {
                f64::INFINITY
            };
            values.push(v);
            if v < min {
                min = v;
                arg = s;
            }
        }
        if arg == usize::MAX {
            admissible.clear();
            continue;
        }
        best[t] = min;
        last[t] = arg;
        // Pruning: a start that cannot beat the optimum up to t cannot later either.
        let mut kept = 0;
        for k in 0..admissible.len() {
            if values[k].is_finite() && values[k] <= min + penalty {
                admissible[kept] = admissible[k];
                kept += 1;
            }
        }
        admissible.truncate(kept);
    }
    let mut ends = Vec::new();
    let mut t = n;
    while t > 0 {
        ends.push(t);
        t = last[t];
    }
    ends.reverse();
    ends
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// Exact optimal partitioning (O(n²)), to check PELT's pruning on weighted data.
    fn optimal_partitioning(cost: &WeightedL2, penalty: f64, min_size: usize) -> f64 {
        let n = cost.len();
        let mut best = vec![f64::INFINITY; n + 1];
        best[0] = 0.0;
        for t in min_size..=n {
            for s in 0..=t - min_size {
                if best[s].is_finite() {
                    best[t] = best[t].min(best[s] + cost.cost(s, t) + penalty);
                }
            }
        }
        best[n]
    }

    fn total(cost: &WeightedL2, ends: &[usize], penalty: f64) -> f64 {
        let mut a = 0;
        let mut sum = 0.0;
        for &b in ends {
            sum += cost.cost(a, b) + penalty;
            a = b;
        }
        sum
    }

    #[test]
    fn weighted_pelt_reaches_the_exact_optimum() {
        let mut rng = Rng::new(3);
        for trial in 0..20 {
            let n = 40 + trial * 3;
            let mut values = vec![vec![0.0; n], vec![0.0; n]];
            let mut weights = vec![vec![0.0; n], vec![0.0; n]];
            for i in 0..n {
                let level = if (i / 12) % 2 == 0 { 1.0 } else { -1.0 };
                for c in 0..2 {
                    values[c][i] = level + rng.normal();
                    weights[c][i] = if rng.chance(0.2) {
                        0.0
                    } else {
                        rng.range(0.2, 3.0)
                    };
                }
            }
            let cost = WeightedL2::new(&values, &weights);
            let penalty = 3.0 * (n as f64).ln();
            let ends = pelt(&cost, penalty, 3);
            assert_eq!(*ends.last().unwrap(), n);
            assert!(ends.windows(2).all(|w| w[1] - w[0] >= 3) && ends[0] >= 3);
            let exact = optimal_partitioning(&cost, penalty, 3);
            assert!((total(&cost, &ends, penalty) - exact).abs() < 1e-6 * exact.abs().max(1.0));
        }
    }

    #[test]
    fn short_and_empty_series() {
        let cost = WeightedL2::new(&[vec![1.0, 2.0]], &[vec![1.0, 1.0]]);
        assert_eq!(pelt(&cost, 1.0, 3), vec![2]);
        let empty = WeightedL2::new(&[vec![]], &[vec![]]);
        assert!(pelt(&empty, 1.0, 3).is_empty());
    }
}
