//! Two recurring levels (docs/method.md §2): push-pull returns to the same warmer and the
//! same cooler level again and again, so a segmentation in which every phase takes one of
//! two shared levels needs only a change's position per phase, not a new level. Evidence then
//! adds up over all the cool phases together, which finds small swings (replies ≈ 3 min
//! against ≈ 25 min) that no single phase shows clearly enough for free segmentation.
//!
//! The two levels (per channel) are fitted by alternating an exact two-state segmentation
//! (dynamic programming with a minimum phase length and a cost per switch) with the
//! weighted means of the bins each state holds.

use super::pelt::WeightedL2;
use crate::rng::Rng;

/// The fit: segment ends (as [`super::pelt::pelt`] returns them), the two levels and the
/// weighted squared deviation from them it leaves.
#[derive(Debug, Clone, PartialEq)]
pub struct TwoLevels {
    /// Segment ends, as [`super::pelt::pelt`] returns them.
    pub ends: Vec<usize>,
    /// Per channel, the level of the first phase's state and of the other state (phase k
    /// holds state k mod 2).
    pub levels: Vec<[f64; 2]>,
    /// Weighted squared deviation of the bins from the level of their state.
    pub cost: f64,
}

/// Alternations of the fit (EM rounds).
const ROUNDS: usize = 12;

/// Fits two shared levels to `values[c][i]` with weights `weights[c][i]` (0 = missing):
/// phases of at least `min_len` bins (the first and last may be shorter), `switch_cost` per
/// change. `None` when there is too little data.
pub fn fit(
    values: &[Vec<f64>],
    weights: &[Vec<f64>],
    min_len: usize,
    switch_cost: f64,
) -> Option<TwoLevels> {
    fit_also_from(values, weights, min_len, switch_cost, None)
}

/// [`fit`], also started from the levels `start` (e.g. an earlier fit's): the alternation
/// finds a local optimum, and the one the data's spread starts from can pair a few outlying
/// days against the rest where the earlier fit had found the recurring phases. The fit of
/// lower cost (switches included) is kept.
pub fn fit_also_from(
    values: &[Vec<f64>],
    weights: &[Vec<f64>],
    min_len: usize,
    switch_cost: f64,
    start: Option<&[[f64; 2]]>,
) -> Option<TwoLevels> {
    let n = values.first().map_or(0, Vec::len);
    let min_len = min_len.max(1);
    if n < 2 * min_len {
        return None;
    }
    let from_spread = alternate(
        values,
        weights,
        min_len,
        switch_cost,
        initial_levels(values, weights)?,
    );
    let Some(start) = start.filter(|s| s.len() == values.len()) else {
        return Some(from_spread);
    };
    let from_start = alternate(values, weights, min_len, switch_cost, start.to_vec());
    let total = |f: &TwoLevels| f.cost + switch_cost * (f.ends.len() - 1) as f64;
    Some(if total(&from_start) < total(&from_spread) {
        from_start
    } else {
        from_spread
    })
}

/// The alternation of [`fit`] from the starting `levels`.
fn alternate(
    values: &[Vec<f64>],
    weights: &[Vec<f64>],
    min_len: usize,
    switch_cost: f64,
    mut levels: Vec<[f64; 2]>,
) -> TwoLevels {
    let n = values.first().map_or(0, Vec::len);
    let mut state = Vec::new();
    for _ in 0..ROUNDS {
        let next = best_states(values, weights, &levels, min_len, switch_cost);
        if next == state {
            break;
        }
        state = next;
        levels = state_means(values, weights, &state, &levels);
    }
    let mut ends: Vec<usize> = (1..n).filter(|&i| state[i] != state[i - 1]).collect();
    ends.push(n);
    let cost = (0..n)
        .map(|i| bin_cost(values, weights, &levels, i, state[i]))
        .sum();
    if state[0] == 1 {
        for level in &mut levels {
            level.swap(0, 1);
        }
    }
    TwoLevels { ends, levels, cost }
}

/// How the evidence of a two-level fit lies over the bins and the phases.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spread {
    /// How far apart the two levels are against the noise of one bin: the mean over bins with
    /// data of Σ_c w_c·(level difference in channel c)², the χ² one 12-hour bin contributes
    /// to telling the levels apart.
    pub depth: f64,
    /// How many phases the evidence comes from: the participation ratio (Σe)² / Σe² of the
    /// interior phases' evidence e_k, what moving phase k to the other level would cost less
    /// the two switches it pays for. n equal phases give n; one strong phase among weak
    /// ones about 1.
    pub episodes: f64,
}

/// The [`Spread`] of `fit` over `values` with `weights`, `switch_cost` per change.
pub fn spread(
    values: &[Vec<f64>],
    weights: &[Vec<f64>],
    fit: &TwoLevels,
    switch_cost: f64,
) -> Spread {
    let n = values.first().map_or(0, Vec::len);
    let gap2: Vec<f64> = fit.levels.iter().map(|l| (l[0] - l[1]).powi(2)).collect();
    let depth_sum: f64 = weights
        .iter()
        .zip(&gap2)
        .map(|(w, g)| g * w.iter().sum::<f64>())
        .sum();
    let filled = (0..n)
        .filter(|&i| weights.iter().any(|w| w[i] > 0.0))
        .count();
    let (mut s1, mut s2) = (0.0, 0.0);
    let mut start = 0;
    let last = fit.ends.len().saturating_sub(1);
    for (k, &end) in fit.ends.iter().enumerate() {
        if k > 0 && k < last {
            let (own, other) = (k % 2, 1 - k % 2);
            let moved: f64 = (start..end)
                .map(|i| {
                    (0..values.len())
                        .map(|c| {
                            let (y, l) = (values[c][i], &fit.levels[c]);
                            weights[c][i] * ((y - l[other]).powi(2) - (y - l[own]).powi(2))
                        })
                        .sum::<f64>()
                })
                .sum();
            let e = (moved - 2.0 * switch_cost).max(0.0);
            s1 += e;
            s2 += e * e;
        }
        start = end;
    }
    Spread {
        depth: depth_sum / filled.max(1) as f64,
        episodes: if s2 > 0.0 { s1 * s1 / s2 } else { 0.0 },
    }
}

/// How much the two levels explain beyond one level per channel, net of `switch_cost` per
/// change.
pub fn net_gain(
    values: &[Vec<f64>],
    weights: &[Vec<f64>],
    fit: &TwoLevels,
    switch_cost: f64,
) -> f64 {
    let one: f64 = values
        .iter()
        .zip(weights)
        .map(|(v, w)| {
            let s0: f64 = w.iter().sum();
            let s1: f64 = v.iter().zip(w).map(|(y, w)| y * w).sum();
            let s2: f64 = v.iter().zip(w).map(|(y, w)| y * y * w).sum();
            if s0 > 1e-12 {
                (s2 - s1 * s1 / s0).max(0.0)
            } else {
                0.0
            }
        })
        .sum();
    one - fit.cost - switch_cost * (fit.ends.len() - 1) as f64
}

/// The net gains of the same fit on `count` copies of the series with its days (pairs of
/// bins) shuffled inside each of the free segments `ends`: what two levels find when the
/// days inside a segment carry no order (so structure the free fit already holds, such as
/// one busy spell, is kept in the copies). Each copy's fit also starts from `start` when the
/// series' own fit did ([`fit_also_from`]), so the copies get the same search. Deterministic.
pub fn shuffled_gains(
    values: &[Vec<f64>],
    weights: &[Vec<f64>],
    ends: &[usize],
    min_len: usize,
    switch_cost: f64,
    count: usize,
    start: Option<&[[f64; 2]]>,
) -> Vec<f64> {
    let n = values.first().map_or(0, Vec::len);
    let days = n.div_ceil(2);
    let mut rng = Rng::new(0x5eed ^ n as u64);
    let mut order: Vec<usize> = (0..days).collect();
    // Day ranges [lo, hi) of the segments (a day belongs to the segment of its first bin).
    let mut groups = Vec::new();
    let mut lo = 0;
    for &b in ends {
        let hi = b.div_ceil(2).min(days);
        if hi > lo {
            groups.push((lo, hi));
            lo = hi;
        }
    }
    (0..count)
        .filter_map(|_| {
            for &(lo, hi) in &groups {
                for i in (lo + 1..hi).rev() {
                    order.swap(i, lo + rng.index(i - lo + 1));
                }
            }
            let bins: Vec<usize> = order
                .iter()
                .flat_map(|&d| [2 * d, 2 * d + 1])
                .filter(|&b| b < n)
                .collect();
            let pick = |x: &[Vec<f64>]| -> Vec<Vec<f64>> {
                x.iter()
                    .map(|c| bins.iter().map(|&b| c[b]).collect())
                    .collect()
            };
            let (v, w) = (pick(values), pick(weights));
            let f = fit_also_from(&v, &w, min_len, switch_cost, start)?;
            Some(net_gain(&v, &w, &f, switch_cost))
        })
        .collect()
}

/// The total cost of the free (one level per segment) fit of `ends`, for comparison.
pub fn free_cost(cost: &WeightedL2, ends: &[usize]) -> f64 {
    let mut a = 0;
    let mut total = 0.0;
    for &b in ends {
        total += cost.cost(a, b);
        a = b;
    }
    total
}

/// Starting levels: each channel's weighted mean ± half its weighted spread, the higher level
/// of every channel in state 0 (push-pull moves warmth and responsiveness together).
fn initial_levels(values: &[Vec<f64>], weights: &[Vec<f64>]) -> Option<Vec<[f64; 2]>> {
    let mut any = false;
    let levels = values
        .iter()
        .zip(weights)
        .map(|(v, w)| {
            let s0: f64 = w.iter().sum();
            if s0 <= 1e-12 {
                return [0.0, 0.0];
            }
            any = true;
            let mean = v.iter().zip(w).map(|(y, w)| y * w).sum::<f64>() / s0;
            let var = v
                .iter()
                .zip(w)
                .map(|(y, w)| w * (y - mean).powi(2))
                .sum::<f64>()
                / s0;
            let half = 0.5 * var.sqrt();
            [mean + half, mean - half]
        })
        .collect();
    any.then_some(levels)
}

fn bin_cost(
    values: &[Vec<f64>],
    weights: &[Vec<f64>],
    levels: &[[f64; 2]],
    i: usize,
    s: u8,
) -> f64 {
    (0..values.len())
        .map(|c| weights[c][i] * (values[c][i] - levels[c][usize::from(s)]).powi(2))
        .sum()
}

/// The cheapest state path: states 0/1, run length counted up to `min_len`, a switch allowed
/// only after a full run (the first run excepted).
fn best_states(
    values: &[Vec<f64>],
    weights: &[Vec<f64>],
    levels: &[[f64; 2]],
    min_len: usize,
    switch_cost: f64,
) -> Vec<u8> {
    let n = values[0].len();
    let m = min_len;
    // cost[s * m + (d - 1)]: best cost ending at bin i in state s with run length d (≤ m).
    let idx = |s: usize, d: usize| s * m + d - 1;
    let mut cur = vec![f64::INFINITY; 2 * m];
    let mut back = vec![u16::MAX; n * 2 * m];
    for s in 0..2 {
        cur[idx(s, m)] = bin_cost(values, weights, levels, 0, s as u8);
    }
    for i in 1..n {
        let mut next = vec![f64::INFINITY; 2 * m];
        for s in 0..2 {
            let here = bin_cost(values, weights, levels, i, s as u8);
            for d in 1..=m {
                let (from, prev) = if d == 1 {
                    let o = idx(1 - s, m);
                    (o, cur[o] + switch_cost)
                } else if d < m {
                    let o = idx(s, d - 1);
                    (o, cur[o])
                } else {
                    let (a, b) = (idx(s, m - 1), idx(s, m));
                    if m > 1 && cur[a] < cur[b] {
                        (a, cur[a])
                    } else {
                        (b, cur[b])
                    }
                };
                if prev.is_finite() {
                    next[idx(s, d)] = prev + here;
                    back[i * 2 * m + idx(s, d)] = from as u16;
                }
            }
        }
        cur = next;
    }
    let mut at = (0..2 * m)
        .min_by(|&a, &b| cur[a].total_cmp(&cur[b]))
        .unwrap_or(0);
    let mut state = vec![0u8; n];
    for i in (0..n).rev() {
        state[i] = (at / m) as u8;
        if i > 0 {
            at = usize::from(back[i * 2 * m + at]);
        }
    }
    state
}

/// Weighted mean of every channel over the bins in each state (a state or channel with no
/// weight keeps its level).
fn state_means(
    values: &[Vec<f64>],
    weights: &[Vec<f64>],
    state: &[u8],
    old: &[[f64; 2]],
) -> Vec<[f64; 2]> {
    (0..values.len())
        .map(|c| {
            let mut out = old[c];
            for (s, level) in out.iter_mut().enumerate() {
                let (mut w, mut sum) = (0.0, 0.0);
                for (i, &st) in state.iter().enumerate() {
                    if usize::from(st) == s {
                        w += weights[c][i];
                        sum += weights[c][i] * values[c][i];
                    }
                }
                if w > 1e-12 {
                    *level = sum / w;
                }
            }
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    #[test]
    fn recurring_small_swings_are_found_at_their_positions() {
        // 8 phases of 16 bins alternating ±0.5 in both channels, noise sd 1.
        let mut rng = Rng::new(5);
        let n = 128;
        let values: Vec<Vec<f64>> = (0..2)
            .map(|_| {
                (0..n)
                    .map(|i| if (i / 16) % 2 == 0 { 0.5 } else { -0.5 } + rng.normal())
                    .collect()
            })
            .collect();
        let weights = vec![vec![1.0; n]; 2];
        let fit = fit(&values, &weights, 6, 6.0).unwrap();
        assert_eq!(fit.ends.len(), 8, "{:?}", fit.ends);
        for (k, &e) in fit.ends.iter().enumerate() {
            assert!(
                (e as i64 - 16 * (k as i64 + 1)).abs() <= 6,
                "{:?}",
                fit.ends
            );
        }
    }

    /// One channel of `n` bins, noise sd 1 around `mean(bin)`, weight 1.
    fn series(n: usize, mean: impl Fn(usize) -> f64, seed: u64) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
        let mut rng = Rng::new(seed);
        let v = (0..n).map(|i| mean(i) + rng.normal()).collect();
        (vec![v], vec![vec![1.0; n]])
    }

    #[test]
    fn alternation_beats_its_shuffled_copies_and_noise_does_not() {
        let switch = (240f64).ln();
        for seed in [1, 2, 3] {
            let (v, w) = series(240, |i| if (i / 16) % 2 == 0 { 0.6 } else { -0.6 }, seed);
            let two = fit(&v, &w, 4, switch).unwrap();
            let gain = net_gain(&v, &w, &two, switch);
            let null = shuffled_gains(&v, &w, &[240], 4, switch, 20, None);
            assert_eq!(null.len(), 20);
            assert!(
                null.iter().all(|&g| gain > g),
                "seed {seed}: {gain} vs {null:?}"
            );

            let (v, w) = series(240, |_| 0.0, seed);
            let two = fit(&v, &w, 4, switch).unwrap();
            let gain = net_gain(&v, &w, &two, switch);
            let null = shuffled_gains(&v, &w, &[240], 4, switch, 20, None);
            assert!(
                null.iter().any(|&g| g >= gain),
                "seed {seed}: {gain} vs {null:?}"
            );
        }
    }

    #[test]
    fn a_single_step_is_one_change() {
        let (v, w) = series(240, |i| if i < 100 { 1.0 } else { -1.0 }, 9);
        let two = fit(&v, &w, 4, (240f64).ln()).unwrap();
        assert_eq!(two.ends.len(), 2, "{:?}", two.ends);
        assert!((two.ends[0] as i64 - 100).abs() <= 3, "{:?}", two.ends);
        assert_eq!(two.ends[1], 240);
    }

    #[test]
    fn shuffling_keeps_what_the_free_segments_hold() {
        // A single step that the free segmentation already has: its shuffled copies keep
        // the step, so the two-level fit gains about as much on them as on the series.
        let (v, w) = series(240, |i| if i < 120 { 1.5 } else { -1.5 }, 4);
        let switch = (240f64).ln();
        let two = fit(&v, &w, 4, switch).unwrap();
        let gain = net_gain(&v, &w, &two, switch);
        let null = shuffled_gains(&v, &w, &[120, 240], 4, switch, 20, None);
        assert!(null.iter().all(|&g| g > 0.8 * gain), "{gain} vs {null:?}");
        assert!(null.iter().any(|&g| g >= gain), "{gain} vs {null:?}");
    }

    #[test]
    fn spread_counts_the_phases_the_evidence_comes_from() {
        // Eight equal phases of ±0.5 in one channel, no noise, weight 2: six interior phases
        // carry the same evidence, and the levels are 1.0 apart, depth 2 · 1.0².
        let values = vec![(0..128)
            .map(|i| if (i / 16) % 2 == 0 { 0.5 } else { -0.5 })
            .collect()];
        let weights = vec![vec![2.0; 128]];
        let two = fit(&values, &weights, 4, 1.0).unwrap();
        assert_eq!(two.ends.len(), 8, "{:?}", two.ends);
        let s = spread(&values, &weights, &two, 1.0);
        assert!((s.episodes - 6.0).abs() < 1e-9, "{s:?}");
        assert!((s.depth - 2.0).abs() < 1e-9, "{s:?}");
        // The same series with the middle phases shallow: the deep ones carry the evidence.
        let values = vec![(0..128)
            .map(|i| match (i / 16, (i / 16) % 2) {
                (3 | 5, _) => -3.0,
                (_, 0) => 0.5,
                _ => 0.3,
            })
            .collect()];
        let two = fit(&values, &weights, 4, 1.0).unwrap();
        let s = spread(&values, &weights, &two, 1.0);
        assert!(s.episodes < 3.0, "{:?} {s:?}", two.ends);
    }

    #[test]
    fn too_short_or_empty_series_give_no_fit() {
        assert_eq!(fit(&[vec![0.0; 7]], &[vec![1.0; 7]], 4, 1.0), None);
        assert_eq!(fit(&[vec![0.0; 20]], &[vec![0.0; 20]], 4, 1.0), None);
    }

    #[test]
    fn phases_keep_their_minimum_length() {
        let values = vec![(0..40)
            .map(|i| if i % 4 < 2 { 3.0 } else { -3.0 })
            .collect()];
        let weights = vec![vec![1.0; 40]];
        let fit = fit(&values, &weights, 6, 0.1).unwrap();
        let mut a = 0;
        for (k, &b) in fit.ends.iter().enumerate() {
            assert!(
                b - a >= 6 || k == 0 || k + 1 == fit.ends.len(),
                "{:?}",
                fit.ends
            );
            a = b;
        }
    }
}
