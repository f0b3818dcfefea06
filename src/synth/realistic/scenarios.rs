//! What each realistic scenario plants: per person and day a [`Style`], and the truth (who
//! withdraws, on which days a planted phase starts). Phase lengths, the withdrawing family
//! member and every person's habits are drawn from the seed.

use super::super::utterances::Mix;
use super::simulate::{Plan, Style};
use super::{RealTruth, RealisticScenario as S};
use crate::rng::Rng;

/// B while cool in a push-pull: slow, often leaves turns until the morning, starts little,
/// writes cooler and shorter.
const COOL: Style = Style {
    reply_median_s: 80.0 * 60.0,
    reply_sigma: 1.1,
    leave_p: 0.3,
    initiative: 0.7,
    mix: Mix::new(0.20, 0.50, 0.30),
    brevity: 1.5,
    burst_mean: 1.2,
    pursue_p: 0.05,
    activity: 0.3,
    present: true,
};

/// A while B is cool: starts more, double-texts, a little more pleading.
const PURSUING: Style = Style {
    initiative: 2.8,
    pursue_p: 0.6,
    mix: Mix::new(0.45, 0.40, 0.15),
    burst_mean: 2.2,
    ..Style::ENGAGED
};

/// A fight day: cold words, fast and long bursts.
const FIGHT: Style = Style {
    reply_median_s: 60.0,
    mix: Mix::new(0.10, 0.30, 0.60),
    burst_mean: 3.0,
    initiative: 3.0,
    ..Style::ENGAGED
};

/// Per-day phases alternating warm (+1) and cool (−1), starting warm, lengths drawn
/// uniformly from the ranges (days). Returns the labels and the days a new phase starts.
pub fn alternate(
    rng: &mut Rng,
    days: usize,
    warm: (f64, f64),
    cool: (f64, f64),
) -> (Vec<i8>, Vec<usize>) {
    let mut labels = Vec::with_capacity(days);
    let mut changes = Vec::new();
    let mut cool_now = false;
    while labels.len() < days {
        let (lo, hi) = if cool_now { cool } else { warm };
        let len = rng.range(lo, hi).round().max(1.0) as usize;
        if !labels.is_empty() {
            changes.push(labels.len());
        }
        let label = if cool_now { -1 } else { 1 };
        labels.extend(std::iter::repeat_n(label, len.min(days - labels.len())));
        cool_now = !cool_now;
    }
    (labels, changes)
}

/// Every person's own habits (reply speed × 0.6–1.6, spread × 0.85–1.15, initiative ×
/// 0.8–1.25) and ordinary day-to-day variation: some days everyone is busier or chattier
/// (initiative × a shared log-normal day factor, σ 0.3), and each person answers faster or
/// slower on a given day (× log-normal, σ 0.3) and starts more or less (σ 0.2).
fn personalise(rng: &mut Rng, styles: &mut [Vec<Style>]) {
    let days = styles.first().map_or(0, Vec::len);
    let shared: Vec<f64> = (0..days).map(|_| rng.lognormal(0.0, 0.3)).collect();
    for person in styles {
        let speed = rng.lognormal(0.0, 0.3).clamp(0.6, 1.6);
        let spread = rng.range(0.85, 1.15);
        let starts = rng.range(0.8, 1.25);
        for (s, day) in person.iter_mut().zip(&shared) {
            s.reply_median_s *= speed * rng.lognormal(0.0, 0.3);
            s.reply_sigma *= spread;
            s.initiative *= starts * day * rng.lognormal(0.0, 0.2);
        }
    }
}

fn pair_plan(days: usize, a: impl Fn(usize) -> Style, b: impl Fn(usize) -> Style) -> Plan {
    Plan {
        days,
        styles: vec![(0..days).map(a).collect(), (0..days).map(b).collect()],
        turns_mean: 6.0,
    }
}

/// A pair where B alternates between `warm` and `cool` over `labels`; A pursues (if
/// `pursues`) while B is cool.
fn pair_phases(days: usize, labels: &[i8], warm: Style, cool: Style, pursues: bool) -> Plan {
    let a = |d: usize| {
        if pursues && labels[d] < 0 {
            PURSUING
        } else {
            Style::ENGAGED
        }
    };
    pair_plan(days, a, |d| if labels[d] < 0 { cool } else { warm })
}

/// The plan and truth of `scenario` for `days` days.
pub fn plan(rng: &mut Rng, scenario: S, days: usize) -> (Plan, RealTruth) {
    let (mut plan, truth) = match scenario {
        S::Pushpull => positive(rng, days, (6.0, 14.0), (4.0, 10.0), Style::ENGAGED, COOL),
        S::Timing => timing(rng, days),
        S::Subtle => subtle(rng, days),
        S::Slow => positive(rng, days, (24.0, 36.0), (20.0, 32.0), Style::ENGAGED, COOL),
        S::Ghost => ghost(rng, days),
        S::GroupPair => group_pair(rng, days),
        S::Family => family(rng, days),
        S::FightWithdraw => fight_withdraw(rng, days),
        S::Steady => (
            pair_plan(days, |_| Style::ENGAGED, |_| Style::ENGAGED),
            none(days),
        ),
        S::Away => away(rng, days),
        S::Busy => busy(rng, days),
        S::Weekly => weekly(days),
        S::FightRepaired => fight_repaired(rng, days),
        S::Drift => drift(days),
    };
    personalise(rng, &mut plan.styles);
    (plan, truth)
}

fn none(days: usize) -> RealTruth {
    RealTruth {
        withdrawer: None,
        changes: Vec::new(),
        labels: vec![0; days],
    }
}

fn truth_b(labels: Vec<i8>, changes: Vec<usize>) -> RealTruth {
    RealTruth {
        withdrawer: Some(1),
        changes,
        labels,
    }
}

fn positive(
    rng: &mut Rng,
    days: usize,
    warm_len: (f64, f64),
    cool_len: (f64, f64),
    warm: Style,
    cool: Style,
) -> (Plan, RealTruth) {
    let (labels, changes) = alternate(rng, days, warm_len, cool_len);
    let plan = pair_phases(days, &labels, warm, cool, true);
    (plan, truth_b(labels, changes))
}

/// Reply median ≈ 2.5 min vs ≈ 1.5 h, a third of turns left until morning, B's initiative
/// share from a half to a quarter; words and lengths unchanged; A does not change. (The
/// drawn wait is 55 min with 28% of turns left until morning: with nights and
/// sleep-ins added, the measured median is ≈ 1.5 h and about a third wait overnight.)
fn timing(rng: &mut Rng, days: usize) -> (Plan, RealTruth) {
    let (labels, changes) = alternate(rng, days, (6.0, 14.0), (4.0, 10.0));
    let warm = Style {
        reply_median_s: 150.0,
        ..Style::ENGAGED
    };
    let cool = Style {
        reply_median_s: 55.0 * 60.0,
        leave_p: 0.28,
        initiative: Style::ENGAGED.initiative / 3.0,
        ..Style::ENGAGED
    };
    (
        pair_phases(days, &labels, warm, cool, false),
        truth_b(labels, changes),
    )
}

/// Reply median ≈ 3 min vs ≈ 25 min, a few more cold and fewer warm messages, initiative
/// halved.
fn subtle(rng: &mut Rng, days: usize) -> (Plan, RealTruth) {
    let (labels, changes) = alternate(rng, days, (6.0, 14.0), (4.0, 10.0));
    let warm = Style {
        reply_median_s: 180.0,
        ..Style::ENGAGED
    };
    let cool = Style {
        reply_median_s: 25.0 * 60.0,
        leave_p: 0.06,
        initiative: Style::ENGAGED.initiative / 2.0,
        mix: Mix::new(0.35, 0.48, 0.17),
        ..Style::ENGAGED
    };
    (
        pair_phases(days, &labels, warm, cool, false),
        truth_b(labels, changes),
    )
}

/// B present for 8–20 days, gone for 4–8 (A's messages unanswered, A double-texts), back
/// warm and fast for the first days; repeated.
fn ghost(rng: &mut Rng, days: usize) -> (Plan, RealTruth) {
    let (labels, changes) = alternate(rng, days, (8.0, 20.0), (4.0, 8.0));
    let returned: Vec<bool> = (0..days)
        .map(|d| labels[d] > 0 && (1..=3).any(|k| d >= k && labels[d - k] < 0))
        .collect();
    let back = Style {
        reply_median_s: 90.0,
        initiative: 3.0,
        mix: Mix::new(0.65, 0.30, 0.05),
        burst_mean: 2.2,
        ..Style::ENGAGED
    };
    let waiting = Style {
        initiative: 1.5,
        pursue_p: 0.7,
        ..Style::ENGAGED
    };
    let plan = pair_plan(
        days,
        |d| {
            if labels[d] < 0 {
                waiting
            } else {
                Style::ENGAGED
            }
        },
        |d| match (labels[d] < 0, returned[d]) {
            (true, _) => Style::ENGAGED.absent(),
            (false, true) => back,
            (false, false) => Style::ENGAGED,
        },
    );
    (plan, truth_b(labels, changes))
}

/// Six people; A and B are the most active; B runs hot and cold towards the group, A
/// pursues.
fn group_pair(rng: &mut Rng, days: usize) -> (Plan, RealTruth) {
    let (labels, changes) = alternate(rng, days, (6.0, 14.0), (4.0, 10.0));
    let pair = Style {
        initiative: 1.5,
        ..Style::ENGAGED
    };
    let other = Style {
        initiative: 0.4,
        activity: 0.3,
        reply_median_s: 12.0 * 60.0,
        ..Style::ENGAGED
    };
    let mut styles: Vec<Vec<Style>> = (0..6)
        .map(|p| vec![if p < 2 { pair } else { other }; days])
        .collect();
    for (d, &l) in labels.iter().enumerate() {
        if l < 0 {
            styles[0][d] = Style {
                initiative: 2.2,
                ..PURSUING
            };
            styles[1][d] = COOL;
        }
    }
    let plan = Plan {
        days,
        styles,
        turns_mean: 8.0,
    };
    (plan, truth_b(labels, changes))
}

/// Five relatives of different activity; one of them (drawn, not necessarily among the two
/// most active) withdraws for 3–7 days every week or two and comes back warm.
fn family(rng: &mut Rng, days: usize) -> (Plan, RealTruth) {
    let activity = [1.0, 0.85, 0.6, 0.5, 0.4];
    let who = 1 + rng.index(4);
    let (labels, changes) = alternate(rng, days, (6.0, 12.0), (3.0, 7.0));
    let base = |p: usize| Style {
        activity: activity[p],
        initiative: 1.2 * activity[p],
        reply_median_s: 15.0 * 60.0,
        ..Style::ENGAGED
    };
    let mut styles: Vec<Vec<Style>> = (0..5).map(|p| vec![base(p); days]).collect();
    for d in 0..days {
        let b = base(who);
        styles[who][d] = if labels[d] < 0 {
            Style {
                activity: b.activity * 0.1,
                initiative: b.initiative * 0.1,
                reply_median_s: b.reply_median_s * 8.0,
                leave_p: 0.5,
                mix: COOL.mix,
                brevity: 2.0,
                burst_mean: 1.0,
                ..b
            }
        } else if d >= 2 && labels[d - 2] < 0 || d >= 1 && labels[d - 1] < 0 {
            Style {
                activity: b.activity * 1.5,
                mix: Mix::new(0.60, 0.35, 0.05),
                ..b
            }
        } else {
            b
        };
    }
    let plan = Plan {
        days,
        styles,
        turns_mean: 8.0,
    };
    let truth = RealTruth {
        withdrawer: Some(who),
        changes,
        labels,
    };
    (plan, truth)
}

/// Calm for 2–4 weeks, a fight (both cold for a day), B withdraws for 5–10 days while A
/// pursues, B comes back; repeated.
fn fight_withdraw(rng: &mut Rng, days: usize) -> (Plan, RealTruth) {
    let (labels, changes) = alternate(rng, days, (14.0, 28.0), (6.0, 11.0));
    let fight_day = |d: usize| labels[d] < 0 && (d == 0 || labels[d - 1] > 0);
    let plan = pair_plan(
        days,
        |d| match (fight_day(d), labels[d] < 0) {
            (true, _) => FIGHT,
            (false, true) => PURSUING,
            _ => Style::ENGAGED,
        },
        |d| match (fight_day(d), labels[d] < 0) {
            (true, _) => FIGHT,
            (false, true) => COOL,
            _ => Style::ENGAGED,
        },
    );
    (plan, truth_b(labels, changes))
}

/// Control: both away (no messages at all) for two weeks once.
fn away(rng: &mut Rng, days: usize) -> (Plan, RealTruth) {
    let start = window(rng, days, 14);
    let s = |d: usize| {
        if (start..start + 14).contains(&d) {
            Style::ENGAGED.absent()
        } else {
            Style::ENGAGED
        }
    };
    (pair_plan(days, s, s), none(days))
}

/// Control: B is slower and starts less for ten days once (a busy spell), words unchanged.
fn busy(rng: &mut Rng, days: usize) -> (Plan, RealTruth) {
    let start = window(rng, days, 10);
    let busy = Style {
        reply_median_s: 45.0 * 60.0,
        leave_p: 0.2,
        initiative: 1.0,
        ..Style::ENGAGED
    };
    let b = move |d: usize| {
        if (start..start + 10).contains(&d) {
            busy
        } else {
            Style::ENGAGED
        }
    };
    (pair_plan(days, |_| Style::ENGAGED, b), none(days))
}

/// Control: a strong work-week rhythm for both: slow and sparse on weekdays, quick, busy
/// and warmer at weekends.
fn weekly(days: usize) -> (Plan, RealTruth) {
    let s = |d: usize| {
        if d % 7 < 5 {
            Style {
                reply_median_s: 30.0 * 60.0,
                leave_p: 0.1,
                initiative: 1.0,
                burst_mean: 1.4,
                ..Style::ENGAGED
            }
        } else {
            Style {
                reply_median_s: 150.0,
                initiative: 4.0,
                mix: Mix::new(0.55, 0.40, 0.05),
                burst_mean: 2.2,
                ..Style::ENGAGED
            }
        }
    };
    (pair_plan(days, s, s), none(days))
}

/// Control: one fight (both cold for a day), repaired warmly the next two days, then as
/// before.
fn fight_repaired(rng: &mut Rng, days: usize) -> (Plan, RealTruth) {
    let day = window(rng, days, 3);
    let s = move |d: usize| match d.checked_sub(day) {
        Some(0) => FIGHT,
        Some(1 | 2) => Style {
            mix: Mix::new(0.70, 0.25, 0.05),
            ..Style::ENGAGED
        },
        _ => Style::ENGAGED,
    };
    (pair_plan(days, s, s), none(days))
}

/// Control: B drifts away slowly and steadily (slower, starts less, a little cooler).
fn drift(days: usize) -> (Plan, RealTruth) {
    let e = Style::ENGAGED;
    let far = Style {
        reply_median_s: 60.0 * 60.0,
        initiative: 0.8,
        leave_p: 0.15,
        mix: Mix::new(0.30, 0.50, 0.20),
        ..e
    };
    let b = move |d: usize| {
        let t = d as f64 / days.max(2) as f64;
        Style {
            reply_median_s: e.reply_median_s * (far.reply_median_s / e.reply_median_s).powf(t),
            initiative: e.initiative + (far.initiative - e.initiative) * t,
            leave_p: e.leave_p + (far.leave_p - e.leave_p) * t,
            mix: e.mix.blend(&far.mix, t),
            ..e
        }
    };
    (pair_plan(days, |_| e, b), none(days))
}

/// A start day for a `len`-day event, away from both ends of the conversation.
fn window(rng: &mut Rng, days: usize, len: usize) -> usize {
    let lo = days / 5;
    let hi = days.saturating_sub(days / 5 + len).max(lo + 1);
    lo + rng.index(hi - lo)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alternation_covers_every_day_and_changes_label() {
        let mut rng = Rng::new(1);
        let (labels, changes) = alternate(&mut rng, 240, (6.0, 14.0), (4.0, 10.0));
        assert_eq!(labels.len(), 240);
        assert!(changes.len() >= 16);
        for &c in &changes {
            assert_ne!(labels[c], labels[c - 1]);
        }
    }
}
