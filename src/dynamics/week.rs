//! Whether a two-recurring-levels fit is the week: a weekday/weekend rhythm (quieter or
//! cooler weekends, a work pattern) is two levels that recur, but it is not push-pull. The
//! phase segmentation asks this before it adopts a two-level fit.

use super::phases::BIN_S;

/// Bins in a week.
const WEEK_BINS: usize = (7 * 24 * 3600 / BIN_S) as usize;
/// Changes a fit needs before its times of the week are read.
const MIN_CHANGES: usize = 10;
/// Agreement (Cohen's κ) between the fit's levels and the level each time of the week holds
/// most often, at or above which the fit is the week. Measured on the realistic scenarios
/// (10 seeds each): push-pull, timing-only, subtle and ghost-and-return fits read κ ≤ 0.09;
/// the weekly-rhythm fits that the cheaper first fit let through 0.22–0.64.
const LOCKED_KAPPA: f64 = 0.15;
/// Share of the fit's changes on the two most common times of the week at or above which the
/// fit is the week. It catches what κ cannot: a few weekends standing out (every time of
/// the week then holds the lower level most often, so κ is 0). A planted weekly control
/// scored 72.8 with 10 of its 16 changes on Saturday 00:00 and Monday 00:00; 0.5 dropped a
/// ghost-and-return run (7 of 12 changes on two times of the week by chance).
const LOCKED_SHARE: f64 = 0.6;

/// Whether the two-level fit with phase ends `ends` (alternating levels, the first one
/// level 0) follows the week rather than drifting against it.
pub fn locked_to_the_week(ends: &[usize]) -> bool {
    let bins = ends.last().copied().unwrap_or(0);
    if ends.len().saturating_sub(1) < MIN_CHANGES || bins < 3 * WEEK_BINS {
        return false;
    }
    kappa_with_the_week(ends) >= LOCKED_KAPPA || top_two_share(ends) >= LOCKED_SHARE
}

/// Cohen's κ between each bin's level and the level its time of the week holds most often.
fn kappa_with_the_week(ends: &[usize]) -> f64 {
    let bins = ends.last().copied().unwrap_or(0);
    let mut level = vec![false; bins];
    let mut start = 0;
    for (k, &end) in ends.iter().enumerate() {
        level[start..end].fill(k % 2 == 1);
        start = end;
    }
    let mut high = [0usize; WEEK_BINS];
    let mut all = [0usize; WEEK_BINS];
    for (b, &l) in level.iter().enumerate() {
        all[b % WEEK_BINS] += 1;
        high[b % WEEK_BINS] += usize::from(l);
    }
    let usual: Vec<bool> = (0..WEEK_BINS).map(|p| 2 * high[p] > all[p]).collect();
    let n = bins as f64;
    let agree = (0..bins)
        .filter(|&b| level[b] == usual[b % WEEK_BINS])
        .count() as f64
        / n;
    let p_level = level.iter().filter(|&&l| l).count() as f64 / n;
    let p_usual = (0..bins).filter(|&b| usual[b % WEEK_BINS]).count() as f64 / n;
    let chance = p_level * p_usual + (1.0 - p_level) * (1.0 - p_usual);
    (agree - chance) / (1.0 - chance).max(1e-9)
}

/// Share of the changes that fall on the two most common times of the week.
fn top_two_share(ends: &[usize]) -> f64 {
    let changes = &ends[..ends.len() - 1];
    let mut at = [0usize; WEEK_BINS];
    for &c in changes {
        at[c % WEEK_BINS] += 1;
    }
    at.sort_unstable();
    (at[WEEK_BINS - 1] + at[WEEK_BINS - 2]) as f64 / changes.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Phase ends from alternating phase lengths, ending at `bins`.
    fn ends_of(lengths: impl Iterator<Item = usize>, bins: usize) -> Vec<usize> {
        let mut ends: Vec<usize> = lengths
            .scan(0, |at, len| {
                *at += len;
                Some(*at)
            })
            .take_while(|&e| e < bins)
            .collect();
        ends.push(bins);
        ends
    }

    #[test]
    fn every_weekend_apart_is_the_week() {
        // Weekdays (10 bins) at one level, weekends (4 bins) at the other, for 20 weeks.
        let ends = ends_of([10, 4].into_iter().cycle(), 20 * WEEK_BINS);
        assert!(kappa_with_the_week(&ends) > 0.9);
        assert!(locked_to_the_week(&ends));
    }

    #[test]
    fn a_few_weekends_standing_out_are_the_week() {
        // Weeks 0, 3, 6, ...: their weekend at the other level; κ cannot see it (every time
        // of the week holds the lower level most often), the changes' times can.
        let mut ends = vec![];
        for w in (0..24).step_by(3) {
            ends.extend([w * WEEK_BINS + 10, w * WEEK_BINS + 14]);
        }
        ends.push(24 * WEEK_BINS);
        assert!(kappa_with_the_week(&ends).abs() < 1e-9);
        assert!(locked_to_the_week(&ends));
    }

    #[test]
    fn phases_that_drift_against_the_week_are_not() {
        // 6- and 7-day phases (12 and 14 bins): the changes walk around the week.
        let ends = ends_of([12, 14].into_iter().cycle(), 30 * WEEK_BINS);
        assert!(!locked_to_the_week(&ends), "{ends:?}");
        // 3- and 4.5-day phases.
        let ends = ends_of([6, 9].into_iter().cycle(), 30 * WEEK_BINS);
        assert!(!locked_to_the_week(&ends), "{ends:?}");
    }

    #[test]
    fn too_few_changes_or_weeks_cannot_tell() {
        let ends = ends_of([10, 4].into_iter().cycle(), 4 * WEEK_BINS);
        assert!(ends.len() - 1 < MIN_CHANGES);
        assert!(!locked_to_the_week(&ends));
        assert!(!locked_to_the_week(&[]));
    }
}
