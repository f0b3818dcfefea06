//! Warmer / cooler phases per person (docs/method.md §2): 12-hour bins aligned to local midnight
//! and noon, two channels (warmth z, responsiveness = −latency z), inverse-variance bin
//! weights with the bin-level variance σ²_u found by bisection (two passes), weighted
//! two-channel PELT (penalty 3·ln n, segments ≥ 3 bins), merging of steps < 0.5 z, and a
//! duration-weighted 2-means into "warmer" and "cooler". A phase's level fuses the two
//! channels with one fixed weight ([`Fusion`]), so a person whose words stay the same but
//! whose replies swing moves as far as one whose words swing.

use super::pelt::{pelt, WeightedL2};
use super::stats::quantile_in_place;

pub const BIN_S: i64 = 12 * 3600;
pub const MIN_SEGMENT_BINS: usize = 3;
/// Smallest level change that counts (z units).
pub const A_MIN: f64 = 0.5;
/// Penalty per segment, times ln(bins).
pub const PENALTY_PER_LN_N: f64 = 3.0;

/// How much the warmth channel counts against the timing (responsiveness) channel in a
/// phase's level: `level = (w·warmth + (1 − w)·responsiveness) / √(w² + (1 − w)²)`, each
/// channel being its own inverse-variance weighted mean over the phase. Both channels are z
/// scores, and the divisor keeps the fused level one too (its noise is that of one channel),
/// so a change in one channel alone moves the level by 0.71 of the change (w = 0.5) and a
/// change in both by 1.41. A phase with no data in one channel takes the other alone. This
/// is the one place to lower the weight of warmth when the words could not be read (e.g. an
/// unsupported language).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fusion {
    pub warmth_weight: f64,
}

impl Default for Fusion {
    fn default() -> Self {
        Fusion { warmth_weight: 0.5 }
    }
}

impl Fusion {
    /// The fused level of bins `[a, b)`, and the total weight behind it.
    fn level(&self, cost: &WeightedL2, a: usize, b: usize) -> (f64, f64) {
        let (ww, ws) = cost.channel_weight_and_sum(0, a, b);
        let (rw, rs) = cost.channel_weight_and_sum(1, a, b);
        let w = self.warmth_weight.clamp(0.0, 1.0);
        let level = match (ww > 1e-12, rw > 1e-12) {
            (true, true) => {
                (w * ws / ww + (1.0 - w) * rs / rw) / (w * w + (1.0 - w) * (1.0 - w)).sqrt()
            }
            (true, false) => ws / ww,
            (false, true) => rs / rw,
            (false, false) => 0.0,
        };
        (level, ww + rw)
    }
}

/// One channel of one person over the bins: per-bin mean, count, and the pooled
/// within-bin variance.
#[derive(Debug, Clone)]
pub struct Channel {
    pub mean: Vec<f64>,
    pub count: Vec<f64>,
    pub within_var: f64,
}

impl Channel {
    /// From `(bin, value)` observations.
    pub fn from_observations(bins: usize, obs: impl Iterator<Item = (usize, f64)>) -> Self {
        let mut s1 = vec![0.0; bins];
        let mut s2 = vec![0.0; bins];
        let mut count = vec![0.0; bins];
        for (b, v) in obs {
            if b < bins && v.is_finite() {
                s1[b] += v;
                s2[b] += v * v;
                count[b] += 1.0;
            }
        }
        let mut within = 0.0;
        let mut dof = 0.0;
        let mut mean = vec![0.0; bins];
        for b in 0..bins {
            if count[b] > 0.0 {
                mean[b] = s1[b] / count[b];
                within += (s2[b] - s1[b] * s1[b] / count[b]).max(0.0);
                dof += count[b] - 1.0;
            }
        }
        let within_var = if dof > 0.0 { within / dof } else { 1.0 };
        Channel {
            mean,
            count,
            within_var: within_var.max(1e-6),
        }
    }

    /// Inverse-variance weights 1 / (σ²_u + σ²_w / n) (0 for empty bins).
    pub fn weights(&self, between_var: f64) -> Vec<f64> {
        self.count
            .iter()
            .map(|&c| {
                if c > 0.0 {
                    1.0 / (between_var + self.within_var / c)
                } else {
                    0.0
                }
            })
            .collect()
    }

    /// σ²_u such that the q-quantile of Δȳ² / (2σ²_u + σ²_w(1/n_a + 1/n_b)) over consecutive
    /// non-empty bins equals `target` (the χ²₁ q-quantile). With `segment_of`, only pairs inside
    /// one segment count.
    pub fn between_var(&self, segment_of: Option<&[usize]>, q: f64, target: f64) -> f64 {
        let filled: Vec<usize> = (0..self.count.len())
            .filter(|&b| self.count[b] > 0.0)
            .collect();
        if filled.len() < 4 {
            return 0.0;
        }
        let pairs: Vec<(f64, f64)> = filled
            .windows(2)
            .filter(|w| segment_of.is_none_or(|seg| seg[w[0]] == seg[w[1]]))
            .map(|w| {
                let (a, b) = (w[0], w[1]);
                let d2 = (self.mean[a] - self.mean[b]).powi(2);
                let base = self.within_var * (1.0 / self.count[a] + 1.0 / self.count[b]);
                (d2, base)
            })
            .collect();
        if pairs.len() < 3 {
            return 0.0;
        }
        let mut ratios = vec![0.0; pairs.len()];
        let mut excess = |s: f64| {
            for (r, &(d2, base)) in ratios.iter_mut().zip(&pairs) {
                *r = d2 / (2.0 * s + base);
            }
            quantile_in_place(&mut ratios, q).unwrap_or(0.0) - target
        };
        if excess(0.0) <= 0.0 {
            return 0.0;
        }
        let (mut lo, mut hi) = (0.0, 1.0);
        while excess(hi) > 0.0 && hi < 1e6 {
            hi *= 4.0;
        }
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if excess(mid) > 0.0 {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        0.5 * (lo + hi)
    }
}

/// χ²₁ quantiles used by the two passes.
const CHI2_1_Q25: f64 = 0.1015;
const CHI2_1_Q50: f64 = 0.4549;

/// A merged phase of one person, in bins `[start, end)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    /// Weighted mean of both channels (z units).
    pub level: f64,
    pub weight: f64,
    /// +1 warmer, −1 cooler, 0 steady.
    pub label: i8,
}

/// One person's segmentation.
#[derive(Debug, Clone)]
pub struct PersonPhases {
    pub segments: Vec<Segment>,
    /// Bins with any data for this person.
    pub active_bins: usize,
}

/// Segments the two channels of one person over `bins` bins.
pub fn segment(warmth: &Channel, responsiveness: &Channel, fusion: Fusion) -> PersonPhases {
    let bins = warmth.mean.len();
    let active_bins = (0..bins)
        .filter(|&b| warmth.count[b] > 0.0 || responsiveness.count[b] > 0.0)
        .count();
    if bins == 0 {
        return PersonPhases {
            segments: Vec::new(),
            active_bins,
        };
    }
    let values = vec![warmth.mean.clone(), responsiveness.mean.clone()];
    let penalty = PENALTY_PER_LN_N * (bins.max(2) as f64).ln();
    // Pass 1: σ²_u from the lower quartile of bin-to-bin differences (robust to changes).
    let weights = vec![
        warmth.weights(warmth.between_var(None, 0.25, CHI2_1_Q25)),
        responsiveness.weights(responsiveness.between_var(None, 0.25, CHI2_1_Q25)),
    ];
    let ends = pelt(
        &WeightedL2::new(&values, &weights),
        penalty,
        MIN_SEGMENT_BINS,
    );
    // Pass 2: σ²_u from the median of differences inside pass-1 segments, then re-segment.
    let mut segment_of = vec![0usize; bins];
    let mut a = 0;
    for (k, &b) in ends.iter().enumerate() {
        segment_of[a..b].fill(k);
        a = b;
    }
    let weights = vec![
        warmth.weights(warmth.between_var(Some(&segment_of), 0.5, CHI2_1_Q50)),
        responsiveness.weights(responsiveness.between_var(Some(&segment_of), 0.5, CHI2_1_Q50)),
    ];
    let cost = WeightedL2::new(&values, &weights);
    let ends = pelt(&cost, penalty, MIN_SEGMENT_BINS);
    let mut segments = Vec::with_capacity(ends.len());
    let mut a = 0;
    for &b in &ends {
        let (level, w) = fusion.level(&cost, a, b);
        segments.push(Segment {
            start: a,
            end: b,
            level,
            weight: w,
            label: 0,
        });
        a = b;
    }
    let mut segments = merge_small_steps(segments, &cost, fusion);
    label_segments(&mut segments);
    PersonPhases {
        segments,
        active_bins,
    }
}

/// Greedily merges the neighbours with the smallest level difference while it is < A_MIN.
fn merge_small_steps(mut segs: Vec<Segment>, cost: &WeightedL2, fusion: Fusion) -> Vec<Segment> {
    while segs.len() > 1 {
        let (i, d) = segs
            .windows(2)
            .enumerate()
            .map(|(i, w)| (i, (w[1].level - w[0].level).abs()))
            .min_by(|x, y| x.1.total_cmp(&y.1))
            .unwrap_or((0, f64::INFINITY));
        if d >= A_MIN {
            break;
        }
        let next = segs.remove(i + 1);
        let cur = &mut segs[i];
        cur.end = next.end;
        (cur.level, cur.weight) = fusion.level(cost, cur.start, cur.end);
    }
    segs
}

/// Duration-weighted 1-D 2-means on levels: the higher cluster is "warmer" (+1), the lower
/// "cooler" (−1); if the centres differ by < A_MIN (or there is one segment) all are steady.
fn label_segments(segs: &mut [Segment]) {
    if segs.len() < 2 {
        return;
    }
    let mut order: Vec<usize> = (0..segs.len()).collect();
    order.sort_by(|&a, &b| segs[a].level.total_cmp(&segs[b].level));
    let dur = |i: usize| (segs[i].end - segs[i].start) as f64;
    let centre = |ids: &[usize]| {
        let w: f64 = ids.iter().map(|&i| dur(i)).sum();
        ids.iter().map(|&i| dur(i) * segs[i].level).sum::<f64>() / w.max(1e-12)
    };
    let sse = |ids: &[usize], c: f64| {
        ids.iter()
            .map(|&i| dur(i) * (segs[i].level - c).powi(2))
            .sum::<f64>()
    };
    let mut best: Option<(f64, usize, f64, f64)> = None;
    for k in 1..order.len() {
        let (lo, hi) = order.split_at(k);
        let (c1, c2) = (centre(lo), centre(hi));
        let total = sse(lo, c1) + sse(hi, c2);
        if best.is_none_or(|b| total < b.0) {
            best = Some((total, k, c1, c2));
        }
    }
    let Some((_, cut, c1, c2)) = best else { return };
    if c2 - c1 < A_MIN {
        return;
    }
    for (rank, &i) in order.iter().enumerate() {
        segs[i].label = if rank >= cut { 1 } else { -1 };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_and_label() {
        let seg = |start, end, level| Segment {
            start,
            end,
            level,
            weight: 1.0,
            label: 0,
        };
        // Warmth 0.0, 0.2 and 1.5 over three 4-bin stretches; no timing data.
        let warmth: Vec<f64> = (0..12).map(|b| [0.0, 0.2, 1.5][b / 4]).collect();
        let values = vec![warmth, vec![0.0; 12]];
        let cost = WeightedL2::new(&values, &[vec![1.0; 12], vec![0.0; 12]]);
        let merged = merge_small_steps(
            vec![seg(0, 4, 0.0), seg(4, 8, 0.2), seg(8, 12, 1.5)],
            &cost,
            Fusion::default(),
        );
        assert_eq!(merged.len(), 2);
        assert_eq!((merged[0].start, merged[0].end), (0, 8));
        assert!((merged[0].level - 0.1).abs() < 1e-12);
        let mut segs = vec![seg(0, 4, 1.0), seg(4, 8, -1.0), seg(8, 12, 0.9)];
        label_segments(&mut segs);
        assert_eq!(segs.iter().map(|s| s.label).collect::<Vec<_>>(), [1, -1, 1]);
        let mut flat = vec![seg(0, 4, 0.1), seg(4, 8, 0.3)];
        label_segments(&mut flat);
        assert!(flat.iter().all(|s| s.label == 0));
    }
}
