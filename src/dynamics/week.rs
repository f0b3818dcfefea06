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
/// Cramér's V between the fit's level and the time of the week at or above which the fit is
/// the week. It catches a level that fills some days of the week more than others without
/// holding any of them most often (κ 0) or switching at the same times: a fit started from
/// the first fit's levels ([`super::levels::fit_also_from`]) found four-day stretches of
/// weekly-rhythm controls at 0.27–0.49 (`validate --realistic --seeds 90`, real_weekly, three
/// of them newly ≥ 30), while the adopted fits of every withdrawer and group member in 30
/// seeds of each realistic push-pull scenario read 0.04–0.16.
const LOCKED_ASSOCIATION: f64 = 0.2;

/// Whether the two-level fit with phase ends `ends` (alternating levels, the first one
/// level 0) follows the week rather than drifting against it.
pub fn locked_to_the_week(ends: &[usize]) -> bool {
    let bins = ends.last().copied().unwrap_or(0);
    if ends.len().saturating_sub(1) < MIN_CHANGES || bins < 3 * WEEK_BINS {
        return false;
    }
    let table = WeekTable::of(ends);
    table.kappa() >= LOCKED_KAPPA
        || top_two_share(ends) >= LOCKED_SHARE
        || table.association() >= LOCKED_ASSOCIATION
}

/// Each bin's level (the second level `true`), and per time of the week the bins at the
/// second level and all bins.
struct WeekTable {
    level: Vec<bool>,
    high: [usize; WEEK_BINS],
    all: [usize; WEEK_BINS],
}

impl WeekTable {
    fn of(ends: &[usize]) -> Self {
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
        WeekTable { level, high, all }
    }

    /// Cohen's κ between each bin's level and the level its time of the week holds most
    /// often.
    fn kappa(&self) -> f64 {
        let (level, high, all) = (&self.level, &self.high, &self.all);
        let bins = level.len();
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

    /// Cramér's V between each bin's level and its time of the week (a 2 × [`WEEK_BINS`]
    /// table): how far the share of the second level moves with the time of the week,
    /// whichever level each time holds most often.
    fn association(&self) -> f64 {
        let n = self.level.len() as f64;
        let high_total = self.high.iter().sum::<usize>() as f64;
        let mut chi2 = 0.0;
        for (&h, &a) in self.high.iter().zip(&self.all) {
            for (observed, total) in [(h as f64, high_total), ((a - h) as f64, n - high_total)] {
                let expected = a as f64 * total / n;
                if expected > 0.0 {
                    chi2 += (observed - expected).powi(2) / expected;
                }
            }
        }
        (chi2 / n.max(1.0)).sqrt()
    }
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
        assert!(WeekTable::of(&ends).kappa() > 0.9);
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
        assert!(WeekTable::of(&ends).kappa().abs() < 1e-9);
        assert!(locked_to_the_week(&ends));
    }

    #[test]
    fn phases_that_drift_against_the_week_are_not() {
        // 6- and 7-day phases (12 and 14 bins): the changes walk around the week.
        let ends = ends_of([12, 14].into_iter().cycle(), 30 * WEEK_BINS);
        assert!(!locked_to_the_week(&ends), "{ends:?}");
        assert!(WeekTable::of(&ends).association() < LOCKED_ASSOCIATION);
        // 3- and 4.5-day phases.
        let ends = ends_of([6, 9].into_iter().cycle(), 30 * WEEK_BINS);
        assert!(!locked_to_the_week(&ends), "{ends:?}");
    }

    #[test]
    fn a_level_filling_some_days_more_is_the_week() {
        // Every other week, four days (8 bins) at the second level, starting on one of two
        // neighbouring times: no time of the week holds the second level most often (κ 0)
        // and the changes spread over four times of the week, but the share of the second
        // level follows the week.
        let mut ends = vec![];
        for w in (1..24).step_by(2) {
            let shift = (w / 2) % 2;
            ends.extend([w * WEEK_BINS + shift, w * WEEK_BINS + 8 + shift]);
        }
        ends.push(24 * WEEK_BINS);
        assert!(WeekTable::of(&ends).kappa() < LOCKED_KAPPA);
        assert!(top_two_share(&ends) < LOCKED_SHARE);
        assert!(WeekTable::of(&ends).association() >= LOCKED_ASSOCIATION);
        assert!(locked_to_the_week(&ends));
    }

    #[test]
    fn too_few_changes_or_weeks_cannot_tell() {
        let ends = ends_of([10, 4].into_iter().cycle(), 4 * WEEK_BINS);
        assert!(ends.len() - 1 < MIN_CHANGES);
        assert!(!locked_to_the_week(&ends));
        assert!(!locked_to_the_week(&[]));
    }
}
