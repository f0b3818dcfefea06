//! Planted conversations: per-day warmth levels for two people (A and B), then messages
//! drawn session by session from those levels (a Rust port of the prototype's `synth.py`).
//!
//! B is the person whose phases are planted in every push-pull scenario; A is the partner
//! who pursues while B is cold. Warmer days mean quicker replies, more sessions and longer
//! messages; 10% of messages get a random warmth (a scorer's mistakes).

use crate::rng::Rng;
use serde::Serialize;

const DAY: f64 = 86_400.0;
const BASE: f64 = 0.35;
const AMP: f64 = 0.6;
const NOISE: f64 = 0.3;
const ERR_FRAC: f64 = 0.1;
const SESSION_SD: f64 = 0.12;

/// Every scenario, controls first.
pub const SCENARIOS: [Scenario; 11] = [
    Scenario::StableWarm,
    Scenario::StableCold,
    Scenario::Drift,
    Scenario::SingleDrop,
    Scenario::Weekly,
    Scenario::Pushpull,
    Scenario::PushpullFast,
    Scenario::PushpullWeak,
    Scenario::Onoff,
    Scenario::LatencyOnly,
    Scenario::WarmthOnly,
];

/// A planted pattern: push-pull, or a control that must not read as push-pull.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    /// Control: both warm throughout.
    StableWarm,
    /// Control: both cool throughout.
    StableCold,
    /// Control: B cools slowly and steadily.
    Drift,
    /// Control: B drops once, half way.
    SingleDrop,
    /// Control: a small weekday/weekend rhythm for both.
    Weekly,
    /// B alternates warm (≈ 8 d) and cold (≈ 6 d); A pursues while B is cold.
    Pushpull,
    /// As `pushpull` with short phases (≈ 3.5 d / 3 d).
    PushpullFast,
    /// As `pushpull` with half the amplitude.
    PushpullWeak,
    /// Both cycle together (≈ 12 d on, 8 d off).
    Onoff,
    /// B's reply speed swings; B's warmth stays flat.
    LatencyOnly,
    /// B's warmth swings; B's reply speed stays flat.
    WarmthOnly,
}

impl Scenario {
    /// The scenario's name on the command line and in tables (`stable_warm`).
    pub fn name(self) -> &'static str {
        match self {
            Scenario::StableWarm => "stable_warm",
            Scenario::StableCold => "stable_cold",
            Scenario::Drift => "drift",
            Scenario::SingleDrop => "single_drop",
            Scenario::Weekly => "weekly",
            Scenario::Pushpull => "pushpull",
            Scenario::PushpullFast => "pushpull_fast",
            Scenario::PushpullWeak => "pushpull_weak",
            Scenario::Onoff => "onoff",
            Scenario::LatencyOnly => "latency_only",
            Scenario::WarmthOnly => "warmth_only",
        }
    }

    /// One line on what the scenario plants (shown in `pushpull synth --help`).
    pub fn about(self) -> &'static str {
        match self {
            Scenario::StableWarm => "Control: both warm throughout",
            Scenario::StableCold => "Control: both cool throughout",
            Scenario::Drift => "Control: B cools slowly and steadily",
            Scenario::SingleDrop => "Control: B drops once, half way",
            Scenario::Weekly => "Control: a small weekday/weekend rhythm for both",
            Scenario::Pushpull => {
                "B alternates warm (≈ 8 d) and cold (≈ 6 d); A pursues while B is cold"
            }
            Scenario::PushpullFast => "As `pushpull` with short phases (≈ 3.5 d / 3 d)",
            Scenario::PushpullWeak => "As `pushpull` with half the amplitude",
            Scenario::Onoff => "Both cycle together (≈ 12 d on, 8 d off)",
            Scenario::LatencyOnly => "B's reply speed swings; B's warmth stays flat",
            Scenario::WarmthOnly => "B's warmth swings; B's reply speed stays flat",
        }
    }

    /// Controls have no planted alternation: a push-pull score there is a false alarm.
    pub fn is_control(self) -> bool {
        matches!(
            self,
            Scenario::StableWarm
                | Scenario::StableCold
                | Scenario::Drift
                | Scenario::SingleDrop
                | Scenario::Weekly
        )
    }
}

/// What was planted, per person (0 = A, 1 = B).
#[derive(Debug, Clone, Serialize)]
pub struct Truth {
    /// Per day: +1 warm, 0 neutral, −1 cold.
    pub labels: [Vec<i8>; 2],
    /// Days (0-based, from the first day) on which a planted phase starts.
    pub changes: [Vec<usize>; 2],
    /// Daily warmth level that drives message warmth.
    #[serde(skip)]
    pub warmth_level: [Vec<f64>; 2],
    /// Daily level that drives reply speed.
    #[serde(skip)]
    pub latency_level: [Vec<f64>; 2],
    /// Days on which A pursues (follow-ups while waiting).
    #[serde(skip)]
    pub a_pursues: Vec<bool>,
}

/// One planted message: seconds since the start of day 0, sender (0 = A, 1 = B), the planted
/// warmth, a target length in characters, and whether it asks a question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlantedMessage {
    /// Seconds since the start of day 0.
    pub t: f64,
    /// The sender: 0 = A (partner), 1 = B (planted person).
    pub who: usize,
    /// The planted warmth (−1..1) the message's text is chosen to carry.
    pub warmth: f64,
    /// Target length of the text in characters.
    pub length: usize,
    /// True when the message asks a question.
    pub question: bool,
}

/// Alternating warm/cold phases with gamma-distributed durations (days); returns daily labels
/// and the change days.
fn phase_schedule(
    rng: &mut Rng,
    days: usize,
    mean_warm: f64,
    mean_cold: f64,
) -> (Vec<i8>, Vec<usize>) {
    let shape = 4.0;
    let mut labels = vec![0i8; days];
    let mut changes = Vec::new();
    let (mut d, mut s) = (0usize, 1i8);
    while d < days {
        let m = if s > 0 { mean_warm } else { mean_cold };
        let len = (rng.gamma(shape, m / shape).round() as usize).max(2);
        for l in labels.iter_mut().skip(d).take(len) {
            *l = s;
        }
        d += len;
        if d < days {
            changes.push(d);
        }
        s = -s;
    }
    (labels, changes)
}

/// Draws the daily levels, labels and phase changes of `scenario` over `days` days.
pub fn make_truth(rng: &mut Rng, scenario: Scenario, days: usize) -> Truth {
    let mut mu = [vec![BASE; days], vec![BASE; days]];
    let mut labels = [vec![0i8; days], vec![0i8; days]];
    let mut changes: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    let mut a_pursues = vec![false; days];
    match scenario {
        Scenario::StableWarm => {
            for p in 0..2 {
                mu[p].fill(0.5);
                labels[p].fill(1);
            }
        }
        Scenario::StableCold => {
            for p in 0..2 {
                mu[p].fill(-0.15);
                labels[p].fill(-1);
            }
        }
        Scenario::Drift => {
            for (d, m) in mu[1].iter_mut().enumerate() {
                let f = if days > 1 {
                    d as f64 / (days - 1) as f64
                } else {
                    0.0
                };
                *m = 0.55 + f * (-0.25 - 0.55);
            }
        }
        Scenario::SingleDrop => {
            let k = days / 2;
            for d in 0..days {
                let up = d < k;
                mu[1][d] = BASE + if up { AMP / 2.0 } else { -AMP / 2.0 };
                labels[1][d] = if up { 1 } else { -1 };
            }
            if k > 0 {
                changes[1].push(k);
            }
        }
        Scenario::Weekly => {
            let rhythm: Vec<f64> = (0..days)
                .map(|d| BASE + 0.12 * if d % 7 >= 5 { 1.0 } else { -0.4 })
                .collect();
            mu = [rhythm.clone(), rhythm];
        }
        Scenario::LatencyOnly | Scenario::WarmthOnly => {
            let (l, c) = phase_schedule(rng, days, 8.0, 6.0);
            for d in 0..days {
                mu[1][d] = BASE + AMP / 2.0 * f64::from(l[d]);
                a_pursues[d] = l[d] < 0;
            }
            labels[1] = l;
            changes[1] = c;
        }
        Scenario::Pushpull | Scenario::PushpullFast | Scenario::PushpullWeak => {
            let (mw, mc) = if scenario == Scenario::PushpullFast {
                (3.5, 3.0)
            } else {
                (8.0, 6.0)
            };
            let a = if scenario == Scenario::PushpullWeak {
                AMP * 0.5
            } else {
                AMP
            };
            let (l, c) = phase_schedule(rng, days, mw, mc);
            for d in 0..days {
                mu[1][d] = BASE + a / 2.0 * f64::from(l[d]);
                a_pursues[d] = l[d] < 0;
                mu[0][d] = BASE - if l[d] < 0 { 0.1 } else { 0.0 };
            }
            labels[1] = l;
            changes[1] = c;
        }
        Scenario::Onoff => {
            let (l, c) = phase_schedule(rng, days, 12.0, 8.0);
            for p in 0..2 {
                for d in 0..days {
                    mu[p][d] = BASE + AMP / 2.0 * f64::from(l[d]);
                }
                labels[p] = l.clone();
                changes[p] = c.clone();
            }
        }
    }
    let mut latency_level = mu.clone();
    let mut warmth_level = mu;
    if scenario == Scenario::LatencyOnly {
        warmth_level[1].fill(BASE);
    }
    if scenario == Scenario::WarmthOnly {
        latency_level[1].fill(BASE);
    }
    Truth {
        labels,
        changes,
        warmth_level,
        latency_level,
        a_pursues,
    }
}

/// Median reply time for a level: 0.65 → ≈ 2 min, 0.05 → ≈ 3 h (log-linear).
fn latency_median(mu: f64) -> f64 {
    let (lo, hi) = (120f64.ln(), (3.0 * 3600f64).ln());
    let f = ((0.65 - mu) / 0.6).clamp(-0.5, 1.5);
    (lo + f * (hi - lo)).exp()
}

/// Draws the messages of `days` days for `truth`, in time order; `session_rate` scales the
/// number of sessions per day (1 = the prototype's rate, ≈ 35 messages a day).
pub fn generate_messages(
    rng: &mut Rng,
    truth: &Truth,
    days: usize,
    session_rate: f64,
) -> Vec<PlantedMessage> {
    let mu = &truth.warmth_level;
    let mu_lat = &truth.latency_level;
    let mut msgs = Vec::new();
    let warmth = |rng: &mut Rng, offset: &[f64; 2], who: usize, d: usize| {
        if rng.chance(ERR_FRAC) {
            rng.range(-1.0, 1.0)
        } else {
            (mu[who][d] + offset[who] + NOISE * rng.normal()).clamp(-1.0, 1.0)
        }
    };
    let length = |rng: &mut Rng, who: usize, d: usize| {
        (rng.lognormal(40f64.ln() + 0.8 * (mu[who][d] - 0.3), 0.7) as usize).max(1)
    };
    for (d, (&mu_a, &mu_b)) in mu[0].iter().zip(&mu[1]).enumerate() {
        let colder = mu_a.min(mu_b);
        let lambda = 1.0 + 2.5 * ((colder + 0.2) / 0.8).clamp(0.0, 1.0);
        let n_sessions = rng.poisson(lambda * session_rate);
        let mut starts: Vec<f64> = (0..n_sessions)
            .map(|_| rng.range(9.0 * 3600.0, 23.0 * 3600.0))
            .collect();
        starts.sort_by(f64::total_cmp);
        for s0 in starts {
            let mut t = d as f64 * DAY + s0;
            let offset = [SESSION_SD * rng.normal(), SESSION_SD * rng.normal()];
            let pa = (2.0 * mu_a + if truth.a_pursues[d] { 0.8 } else { 0.0 }).exp();
            let pb = (2.0 * mu_b).exp();
            let mut who = if rng.uniform() < pa / (pa + pb) { 0 } else { 1 };
            let turns = 1 + rng.geometric(0.12);
            for _ in 0..turns {
                let dd = ((t / DAY) as usize).min(days - 1);
                let burst = rng.geometric(0.55);
                for _ in 0..burst {
                    let question = rng.chance(0.25);
                    let w = warmth(rng, &offset, who, dd);
                    let len = length(rng, who, dd);
                    msgs.push(PlantedMessage {
                        t,
                        who,
                        warmth: w,
                        length: len,
                        question,
                    });
                    t += rng.range(5.0, 60.0);
                }
                let other = 1 - who;
                let lat = rng.lognormal(latency_median(mu_lat[other][dd]).ln(), 1.0);
                if who == 0 && truth.a_pursues[dd] && lat > 1200.0 {
                    let mut tf = t;
                    loop {
                        tf += rng.exponential(2400.0);
                        if tf >= t + lat {
                            break;
                        }
                        let question = rng.chance(0.5);
                        let w = warmth(rng, &offset, 0, dd);
                        let len = length(rng, 0, dd);
                        msgs.push(PlantedMessage {
                            t: tf,
                            who: 0,
                            warmth: w,
                            length: len,
                            question,
                        });
                    }
                }
                if rng.chance(0.08) {
                    break;
                }
                t += lat;
                who = other;
                if t > days as f64 * DAY {
                    break;
                }
            }
        }
    }
    msgs.sort_by(|a, b| a.t.total_cmp(&b.t));
    msgs.retain(|m| m.t < days as f64 * DAY);
    msgs
}
