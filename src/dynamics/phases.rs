//! Warmer / cooler phases per person (docs/method.md §2): 12-hour bins aligned to local midnight
//! and noon, two channels (warmth z, responsiveness = −latency z), inverse-variance bin
//! weights with the bin-level variance σ²_u found by bisection (two passes), weighted
//! two-channel PELT (penalty 3·ln n, segments ≥ 3 bins), merging of steps < 0.5 z, and a
//! duration-weighted 2-means into "warmer" and "cooler". Where two recurring levels
//! ([`levels`]) explain the bins better than free segments, and better than on copies with
//! the days shuffled, their alternation is used instead, when its levels are a bin's noise
//! apart and its evidence comes from several phases; that fit is judged first with the
//! bin-level variance re-estimated inside its own phases ([`recurring_reweighted`]). A
//! phase's level fuses the two channels with one fixed weight ([`Fusion`]), so a person
//! whose words stay the same but whose replies swing moves as far as one whose words swing.

use super::levels;
use super::pelt::{pelt, WeightedL2};
use super::stats::quantile_in_place;
use super::week;

/// Width of a timeline bin: 12 hours, in seconds.
pub const BIN_S: i64 = 12 * 3600;
/// Shortest phase, in bins.
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
    /// Weight of warmth in the fused level (0..1; timing takes the rest).
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
    /// Mean value per bin.
    pub mean: Vec<f64>,
    /// Observations per bin.
    pub count: Vec<f64>,
    /// Pooled variance of the observations within their bins.
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
    /// First bin of the phase.
    pub start: usize,
    /// One past the last bin of the phase.
    pub end: usize,
    /// Weighted mean of both channels (z units).
    pub level: f64,
    /// Weight of the observations behind the level.
    pub weight: f64,
    /// +1 warmer, −1 cooler, 0 steady.
    pub label: i8,
}

/// One person's segmentation.
#[derive(Debug, Clone)]
pub struct PersonPhases {
    /// The phases in time order.
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
    let (ends, cost) =
        match recurring_reweighted(&values, [warmth, responsiveness], &weights, &ends, penalty) {
            Some(found) => found,
            None => (
                recurring_or_free(&values, &weights, &cost, ends, penalty, None),
                cost,
            ),
        };
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

/// Two-recurring-levels fit (docs/method.md §2, [`levels`]): cost per switch of state,
/// times ln(bins). Measured on `validate --realistic --seeds 10` and `validate --seeds 10`:
/// 0.75 finds more subtle runs (TPR30 0.80 against 0.50) but raises false alarms (one busy
/// period 55.8, planted controls 5 of 50); 1.25 loses the family member and subtle (0.20);
/// 2 never beats the free fit.
const SWITCH_PER_LN_N: f64 = 1.0;
/// Shortest phase of the two-level fit, in bins (the first and last may be shorter).
/// Measured: 4 against 6 raised planted pushpull_fast boundary F1 0.89 → 0.97, latency_only
/// TPR30 0.90 → 1.00 and realistic family TPR30 0.90 → 1.00 (highest planted control 17.8 →
/// 19.6, none ≥ 30); 8 and 10 lost the fast case and subtle runs.
const LEVELS_MIN_BINS: usize = 4;
/// Copies of the series, days shuffled inside each free segment, that the two-level fit
/// must beat every one of (p < 1/21). Without this test the fit alone raised false alarms
/// (realistic 2 of 60 control runs, planted 4 of 50); 10 copies left one realistic busy
/// period at 34.8; 40 measured the same as 20.
const SHUFFLED_COPIES: usize = 20;
/// What the two shared levels cost beyond the free fit's per-segment penalty, times
/// ln(bins): one more level per channel (BIC). Without it any positive net gain counted, and
/// a steady four-person group read one member's chance quiet days (gain 7 over 160 days) as
/// two reversals (score 31); the validation tables did not change.
const EXTRA_LEVELS_PER_LN_N: f64 = 2.0;
/// Changes the two-level fit must add to the free fit: two more episodes, so that one
/// stretch of a few days (a planted single drop with a 2-day blip, gain 1186 against at most
/// 1183 on the shuffled copies) is not read as recurring. Measured: 4 against 0 took the
/// highest planted control from 19.6 back to 17.8 (a single drop); nothing else moved.
const MIN_EXTRA_CHANGES: usize = 4;
/// Least [`levels::Spread::depth`] of an adopted two-level fit: its two levels at least one
/// standard deviation of a 12-hour bin's noise apart, so that a few days of either level tell
/// them apart. Pooling is for many short phases each too short to stand out, not for months of
/// a shallow difference: in a steady chat with slow replies and few messages, a fit of 20-70
/// day phases pooled its way past the shuffled copies (planted stable_cold controls at 30, 37,
/// 45 and 52 read depth 0.57–0.72; every adopted control fit ≤ 0.84). The lowest adopted
/// fit of a withdrawer (`validate --realistic --seeds 10`) reads 1.18, in `real_subtle`.
const MIN_DEPTH: f64 = 1.0;
/// Least [`levels::Spread::episodes`] of an adopted two-level fit: its evidence must come from
/// about three phases or more, as the score counts a pattern in full from three reversals. A
/// fit carried by one or two phases is those phases, which the free fit has to find on their
/// own: two 2-day quiet blips before a drop to their level (planted single_drop, 67.6; 1.66),
/// a few quiet weekends (planted weekly, 74.2; 2.54) or three short bursts in a steady chat
/// (62.3; 2.17). Measured on `validate --realistic --seeds 30`: one family run's withdrawer
/// (73.5; 2.31, five cool episodes found of the many planted) is lost, and eight group
/// members who do not withdraw no longer score 26–53.
const MIN_EPISODES: f64 = 3.0;
/// Switch cost (times ln(bins)) of the first two-level fit in [`recurring_reweighted`], the
/// one that only finds the phases the bin variance is re-estimated in. Half the cost of the
/// fit that is judged: `validate --realistic --seeds 10` subtle 0.60 → 0.80, named 0.950 →
/// 0.975; the weekly-rhythm control runs it let through are caught by [`week`].
const FIRST_FIT_SWITCH_PER_LN_N: f64 = 0.5;

/// The two-recurring-levels fit ([`levels`]) instead of the free segmentation `ends` when
/// it explains the bins better once each is charged for what it estimates (the free fit
/// `penalty` per segment; the two levels one such penalty, one more level per channel and a
/// switch cost per change),
/// and when it gains more over one flat level than it does on every copy of the series with
/// its days shuffled inside the free segments, and adds at least [`MIN_EXTRA_CHANGES`]
/// changes — so it adds only order that alternates, not
/// structure the free fit already holds (one busy spell) or day-to-day noise. Its levels must
/// also be [`MIN_DEPTH`] apart and its evidence spread over [`MIN_EPISODES`] phases: the
/// shuffled copies hold it to about one chance in twenty per person, and these two say what
/// an alternation looks like beyond that. `start`: levels the fit (and every shuffled copy's)
/// also starts from ([`levels::fit_also_from`]).
fn recurring_or_free(
    values: &[Vec<f64>],
    weights: &[Vec<f64>],
    cost: &WeightedL2,
    ends: Vec<usize>,
    penalty: f64,
    start: Option<&[[f64; 2]]>,
) -> Vec<usize> {
    let ln_n = (cost.len().max(2) as f64).ln();
    let switch = SWITCH_PER_LN_N * ln_n;
    let Some(two) = levels::fit_also_from(values, weights, LEVELS_MIN_BINS, switch, start) else {
        return ends;
    };
    if week::locked_to_the_week(&two.ends) {
        return ends;
    }
    let free = levels::free_cost(cost, &ends) + penalty * ends.len() as f64;
    let recurring =
        two.cost + switch * (two.ends.len() - 1) as f64 + penalty + EXTRA_LEVELS_PER_LN_N * ln_n;
    if recurring >= free || two.ends.len() < ends.len() + MIN_EXTRA_CHANGES {
        return ends;
    }
    let spread = levels::spread(values, weights, &two, switch);
    if spread.depth < MIN_DEPTH || spread.episodes < MIN_EPISODES {
        return ends;
    }
    let gain = levels::net_gain(values, weights, &two, switch);
    let null = levels::shuffled_gains(
        values,
        weights,
        &ends,
        LEVELS_MIN_BINS,
        switch,
        SHUFFLED_COPIES,
        start,
    );
    if null.iter().all(|&g| gain > g) {
        two.ends
    } else {
        ends
    }
}

/// The two-recurring-levels fit with the bin-level variance σ²_u re-estimated inside its own
/// phases. σ²_u comes from the differences between neighbouring bins inside the free
/// segments; when the free fit finds no change in a series that alternates in small steps,
/// the alternation itself is counted as bin-to-bin noise, every bin weighs less, and the
/// alternation's evidence shrinks with it. Re-estimated from neighbours inside the phases of
/// a first two-level fit, σ²_u leaves the alternation out; the fit is then judged by the same
/// tests ([`recurring_or_free`], shuffled copies included, with the same weights on the
/// copies). `Some((ends, cost))` when it is adopted.
fn recurring_reweighted(
    values: &[Vec<f64>],
    channels: [&Channel; 2],
    weights: &[Vec<f64>],
    ends: &[usize],
    penalty: f64,
) -> Option<(Vec<usize>, WeightedL2)> {
    let bins = values.first().map_or(0, Vec::len);
    let switch = FIRST_FIT_SWITCH_PER_LN_N * (bins.max(2) as f64).ln();
    let first = levels::fit(values, weights, LEVELS_MIN_BINS, switch)?;
    if first.ends.len() < 2 {
        return None;
    }
    let mut phase_of = vec![0usize; bins];
    let mut a = 0;
    for (k, &b) in first.ends.iter().enumerate() {
        phase_of[a..b].fill(k);
        a = b;
    }
    let weights: Vec<Vec<f64>> = channels
        .iter()
        .map(|c| c.weights(c.between_var(Some(&phase_of), 0.5, CHI2_1_Q50)))
        .collect();
    let cost = WeightedL2::new(values, &weights);
    let found = recurring_or_free(
        values,
        &weights,
        &cost,
        ends.to_vec(),
        penalty,
        Some(&first.levels),
    );
    (found != ends).then_some((found, cost))
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
    use crate::dynamics::pushpull::person_score;
    use crate::rng::Rng;

    /// Both channels over 480 bins (240 days), three observations per bin with noise sd 1
    /// around `mean(bin)`.
    fn channels(mean: impl Fn(usize) -> f64, seed: u64) -> (Channel, Channel) {
        let mut rng = Rng::new(seed);
        let mut obs = |_: usize| -> Vec<(usize, f64)> {
            (0..480)
                .flat_map(|b| (0..3).map(move |_| b))
                .map(|b| (b, mean(b) + rng.normal()))
                .collect()
        };
        let (w, r) = (obs(0), obs(1));
        (
            Channel::from_observations(480, w.into_iter()),
            Channel::from_observations(480, r.into_iter()),
        )
    }

    #[test]
    fn small_recurring_swings_are_read_as_alternation() {
        // ±0.3 z in both channels, phases of 8 days: no single phase stands out from the
        // noise, but the cool phases together do.
        for seed in [1, 2, 3] {
            let (w, r) = channels(|b| if (b / 16) % 2 == 0 { 0.3 } else { -0.3 }, seed);
            let phases = segment(&w, &r, Fusion::default());
            let score = person_score(&phases);
            assert!(score.reversals >= 20, "seed {seed}: {score:?}");
            assert!(score.score >= 50.0, "seed {seed}: {score:?}");
        }
    }

    #[test]
    fn one_step_or_a_flat_series_is_not_turned_into_alternation() {
        for seed in [1, 2, 3, 4] {
            let (w, r) = channels(|b| if b < 240 { 0.3 } else { -0.3 }, seed);
            let step = person_score(&segment(&w, &r, Fusion::default()));
            assert_eq!(step.reversals, 0, "step, seed {seed}: {step:?}");
            let (w, r) = channels(|_| 0.0, seed);
            let flat = segment(&w, &r, Fusion::default());
            assert!(
                flat.segments.iter().all(|s| s.label == 0),
                "flat, seed {seed}: {:?}",
                flat.segments
            );
        }
    }

    /// Warmth and responsiveness over 480 bins, six observations per bin (noise sd 1)
    /// around `mean(bin)` (a fifth of it for warmth: the words barely change) plus a shared
    /// bin-to-bin wobble of sd 0.15 (busier and quieter days).
    fn wobbly(mean: impl Fn(usize) -> f64, seed: u64) -> [Channel; 2] {
        let mut rng = Rng::new(seed);
        let wobble: Vec<f64> = (0..480).map(|_| 0.15 * rng.normal()).collect();
        [0.2, 1.0].map(|k| {
            let obs: Vec<(usize, f64)> = (0..480)
                .flat_map(|b| (0..6).map(move |_| b))
                .map(|b| (b, k * mean(b) + wobble[b] + rng.normal()))
                .collect();
            Channel::from_observations(480, obs.into_iter())
        })
    }

    #[test]
    fn bin_variance_inside_the_recurring_phases_finds_what_the_free_variance_hides() {
        // Replies ±0.25 z in 7-day phases: the free fit finds no change, so the bin-level
        // variance from neighbouring bins counts the alternation as noise and the two-level
        // fit does not pass; with the variance taken inside its phases it does.
        let [w, r] = wobbly(|b| if (b / 14) % 2 == 0 { 0.25 } else { -0.25 }, 1);
        let values = vec![w.mean.clone(), r.mean.clone()];
        let weights: Vec<Vec<f64>> = [&w, &r]
            .iter()
            .map(|c| c.weights(c.between_var(None, 0.5, CHI2_1_Q50)))
            .collect();
        let penalty = PENALTY_PER_LN_N * (480f64).ln();
        let cost = WeightedL2::new(&values, &weights);
        let free = pelt(&cost, penalty, MIN_SEGMENT_BINS);
        assert_eq!(free, [480]);
        let plain = recurring_or_free(&values, &weights, &cost, free.clone(), penalty, None);
        assert_eq!(plain, [480]);
        let (ends, _) = recurring_reweighted(&values, [&w, &r], &weights, &free, penalty)
            .expect("adopted after re-estimating the bin variance");
        assert!(ends.len() >= 30, "{ends:?}");
        // The same noise without the alternation stays unread.
        for seed in 1..=6 {
            let [w, r] = wobbly(|_| 0.0, seed);
            let flat = person_score(&segment(&w, &r, Fusion::default()));
            assert_eq!(flat.reversals, 0, "seed {seed}: {flat:?}");
        }
    }

    /// One channel pair over `bins` bins: `per_bin` observations per bin, noise sd 1, around
    /// `mean(bin)` in both channels.
    fn sparse(bins: usize, per_bin: usize, mean: impl Fn(usize) -> f64, seed: u64) -> [Channel; 2] {
        let mut rng = Rng::new(seed);
        [0, 1].map(|_| {
            let obs: Vec<(usize, f64)> = (0..bins)
                .flat_map(|b| (0..per_bin).map(move |_| b))
                .map(|b| (b, mean(b) + rng.normal()))
                .collect();
            Channel::from_observations(bins, obs.into_iter())
        })
    }

    #[test]
    fn slow_shallow_swings_on_sparse_data_are_not_pooled_into_alternation() {
        // ±0.25 z in 30-day phases, one observation per bin and channel: the levels are less
        // than one bin's noise apart (depth about 0.5), so a few days of either level cannot
        // tell them apart; only months of pooled bins can.
        for seed in 1..=4 {
            let [w, r] = sparse(
                480,
                1,
                |b| if (b / 60) % 2 == 0 { 0.25 } else { -0.25 },
                seed,
            );
            let score = person_score(&segment(&w, &r, Fusion::default()));
            assert!(score.score < 30.0, "seed {seed}: {score:?}");
        }
    }

    #[test]
    fn two_short_dips_and_one_drop_are_not_three_cool_episodes() {
        // Steady, then two 2-day dips to the level of a drop that follows and stays: the
        // evidence of the recurring fit sits in one or two phases (the drop), not in several.
        for seed in 1..=4 {
            let [w, r] = sparse(
                360,
                2,
                |b| match b {
                    70..74 | 110..114 => -1.2,
                    180.. => -1.2,
                    _ => 0.0,
                },
                seed,
            );
            let score = person_score(&segment(&w, &r, Fusion::default()));
            assert!(score.score < 30.0, "seed {seed}: {score:?}");
        }
    }

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
