//! The realistic conversation model: people who sleep, start threads at their own rate,
//! answer in bursts after log-normal waits, leave some turns until the next morning,
//! double-text while waiting, and write text drawn from a warm/neutral/cold mix.
//!
//! A [`Plan`] gives every person a [`Style`] per day (what a scenario plants); [`simulate`]
//! walks through time thread by thread and returns the messages. Nothing here knows about
//! the detector: the styles are the only thing scenarios change.

use super::super::utterances::{Mix, Utterances};
use crate::rng::Rng;

/// One day in seconds.
pub const DAY: f64 = 86_400.0;
const HOUR: f64 = 3_600.0;

/// How one person behaves on one day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Median wait before answering (seconds).
    pub reply_median_s: f64,
    /// Spread of the log-normal wait (σ of its logarithm).
    pub reply_sigma: f64,
    /// Chance that a turn is left until the next morning (left on read).
    pub leave_p: f64,
    /// Threads this person starts per day after silence.
    pub initiative: f64,
    /// Warm / neutral / cold shares of the messages written.
    pub mix: Mix,
    /// 0 = any utterance length; higher = shorter, curter messages.
    pub brevity: f64,
    /// Mean messages per turn (a burst).
    pub burst_mean: f64,
    /// Chance of a double text while a wait for an answer passes 30 minutes.
    pub pursue_p: f64,
    /// Weight of being the one who answers in a group (irrelevant in a pair).
    pub activity: f64,
    /// False: writes nothing and answers nothing (away, or ghosting).
    pub present: bool,
}

impl Style {
    /// An engaged, ordinary chat partner.
    pub const ENGAGED: Style = Style {
        reply_median_s: 240.0,
        reply_sigma: 1.0,
        leave_p: 0.03,
        initiative: 2.0,
        mix: Mix::new(0.45, 0.45, 0.10),
        brevity: 0.0,
        burst_mean: 1.8,
        pursue_p: 0.15,
        activity: 1.0,
        present: true,
    };

    /// Not there at all.
    pub fn absent(self) -> Style {
        Style {
            present: false,
            ..self
        }
    }
}

/// Everything the simulation needs: names, per-person per-day styles, mean turns per thread.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Length of the conversation in days.
    pub days: usize,
    /// `styles[person][day]`.
    pub styles: Vec<Vec<Style>>,
    /// Mean number of turns (speaker changes) in a thread.
    pub turns_mean: f64,
}

/// One generated message: seconds since day 0 00:00, sender, text, and whether it opened a
/// thread (the sender took the initiative after silence).
#[derive(Debug, Clone, PartialEq)]
pub struct GenMessage {
    /// Seconds since day 0 00:00.
    pub t: f64,
    /// Index of the sender.
    pub who: usize,
    /// The message text, drawn from the labelled corpus.
    pub text: String,
    /// True when the message opened a thread.
    pub opens: bool,
}

/// Per person and day the waking window (seconds from that day's midnight; the end may pass
/// midnight).
#[derive(Debug, Clone)]
pub struct Sleep {
    windows: Vec<Vec<(f64, f64)>>,
}

impl Sleep {
    /// Each person gets a habitual wake time ≈ 7:30 and bedtime ≈ 23:30 (± 40 min), then
    /// ± 25 min of jitter per day, an hour later on weekends (day 0 is a Monday).
    pub fn draw(rng: &mut Rng, people: usize, days: usize) -> Sleep {
        let windows = (0..people)
            .map(|_| {
                let wake = 7.5 * HOUR + rng.normal() * 0.66 * HOUR;
                let bed = 23.5 * HOUR + rng.normal() * 0.66 * HOUR;
                (0..days + 1)
                    .map(|d| {
                        let weekend = if d % 7 >= 5 { HOUR } else { 0.0 };
                        let jitter = |rng: &mut Rng| rng.normal() * 25.0 * 60.0;
                        (
                            wake + weekend + jitter(rng),
                            bed + weekend * 0.5 + jitter(rng),
                        )
                    })
                    .collect()
            })
            .collect();
        Sleep { windows }
    }

    /// Whether `p` is awake at `t`.
    pub fn awake(&self, p: usize, t: f64) -> bool {
        let d = (t / DAY).floor().max(0.0) as usize;
        let w = &self.windows[p];
        let inside = |day: usize| {
            w.get(day).is_some_and(|&(a, b)| {
                let x = t - day as f64 * DAY;
                x >= a && x < b
            })
        };
        inside(d) || (d > 0 && inside(d - 1))
    }

    /// The first wake-up of `p` strictly after `t`.
    pub fn next_wake(&self, p: usize, t: f64) -> f64 {
        let w = &self.windows[p];
        let mut d = (t / DAY).floor().max(0.0) as usize;
        while d < w.len() {
            let at = d as f64 * DAY + w[d].0;
            if at > t {
                return at;
            }
            d += 1;
        }
        f64::INFINITY
    }

    /// `t` if `p` is awake then, else their next wake-up plus a few minutes.
    pub fn when_awake(&self, rng: &mut Rng, p: usize, t: f64) -> f64 {
        if self.awake(p, t) {
            t
        } else {
            self.next_wake(p, t) + rng.lognormal((20.0f64 * 60.0).ln(), 0.8).min(3.0 * HOUR)
        }
    }
}

/// The state of a simulation in progress.
struct Sim<'a> {
    plan: &'a Plan,
    sleep: &'a Sleep,
    text: &'a Utterances,
    rng: &'a mut Rng,
    out: Vec<GenMessage>,
    end: f64,
    /// The next message said opens a thread.
    opening: bool,
}

impl Sim<'_> {
    fn style(&self, p: usize, t: f64) -> &Style {
        let d = ((t / DAY).floor().max(0.0) as usize).min(self.plan.days - 1);
        &self.plan.styles[p][d]
    }

    fn people(&self) -> usize {
        self.plan.styles.len()
    }

    /// One message from `p` at `t`, unless past the end or `p` is not there that day.
    fn say(&mut self, p: usize, t: f64) {
        let style = *self.style(p, t);
        if t >= self.end || !style.present {
            return;
        }
        let class = style.mix.draw(self.rng);
        let text = self.text.draw(self.rng, class, style.brevity).to_string();
        let opens = std::mem::take(&mut self.opening);
        self.out.push(GenMessage {
            t,
            who: p,
            text,
            opens,
        });
    }

    /// A burst of messages from `p` starting at `t`; returns the time of the last one.
    fn burst(&mut self, p: usize, t: f64) -> f64 {
        let mean = self.style(p, t).burst_mean.max(1.0);
        let k = self.rng.geometric(1.0 / mean).min(12);
        let mut at = t;
        for i in 0..k {
            if i > 0 {
                let next = at + self.rng.lognormal(25f64.ln(), 0.8).min(600.0);
                if !self.sleep.awake(p, next) {
                    break;
                }
                at = next;
            }
            self.say(p, at);
        }
        at
    }

    /// Who answers `speaker` at `t`: the other person of a pair, or a present group member
    /// drawn by activity. `None` when nobody is there.
    fn responder(&mut self, speaker: usize, t: f64) -> Option<usize> {
        let weights: Vec<f64> = (0..self.people())
            .map(|p| {
                let s = self.style(p, t);
                if p == speaker || !s.present {
                    0.0
                } else {
                    s.activity
                }
            })
            .collect();
        pick(self.rng, &weights)
    }

    /// How long `p` takes to answer a message sent at `t`, sleep included.
    fn reply_at(&mut self, p: usize, t: f64) -> f64 {
        let s = *self.style(p, t);
        if self.rng.chance(s.leave_p) {
            let morning = self.sleep.next_wake(p, t + HOUR);
            let later = morning
                + self
                    .rng
                    .lognormal((40.0f64 * 60.0).ln(), 0.9)
                    .min(6.0 * HOUR);
            return self.sleep.when_awake(self.rng, p, later);
        }
        let at = t + self
            .rng
            .lognormal(s.reply_median_s.max(5.0).ln(), s.reply_sigma);
        self.sleep.when_awake(self.rng, p, at)
    }

    /// While `p` waits from `sent` to `answer`, maybe a double text (if awake by then).
    fn maybe_double_text(&mut self, p: usize, sent: f64, answer: f64) {
        let s = *self.style(p, sent);
        if answer - sent < 1800.0 || !self.rng.chance(s.pursue_p) {
            return;
        }
        let at = sent + 1800.0 + self.rng.uniform() * (answer.min(sent + DAY) - sent - 1800.0);
        if at < answer && self.sleep.awake(p, at) {
            self.burst(p, at);
        }
    }

    /// One thread started by `initiator` at `t`; returns when it ends.
    fn thread(&mut self, initiator: usize, t: f64) -> f64 {
        let turns = self.rng.geometric(1.0 / self.plan.turns_mean.max(1.0));
        let (mut speaker, mut at) = (initiator, t);
        self.opening = true;
        for _ in 0..turns {
            let last = self.burst(speaker, at);
            let Some(next) = self.responder(speaker, last) else {
                // Nobody there to answer: maybe a double text some hours later, then give up.
                let later = last + self.rng.range(2.0, 8.0) * HOUR;
                self.maybe_double_text(speaker, last, later);
                return later;
            };
            let answer = self.reply_at(next, last);
            self.maybe_double_text(speaker, last, answer);
            // Gone by the time they would answer (away, ghosting): the thread ends unanswered.
            if answer >= self.end || !self.style(next, answer).present {
                return answer;
            }
            speaker = next;
            at = answer;
        }
        at
    }

    /// Time and starter of the next thread after `t` (threads start at the sum of the
    /// present people's initiative rates, spread over waking hours).
    fn next_thread(&mut self, t: f64) -> Option<(usize, f64)> {
        let mut at = t;
        while at < self.end {
            let rates: Vec<f64> = (0..self.people())
                .map(|p| {
                    let s = self.style(p, at);
                    if s.present {
                        s.initiative.max(0.0)
                    } else {
                        0.0
                    }
                })
                .collect();
            let total: f64 = rates.iter().sum();
            if total <= 0.0 {
                at = ((at / DAY).floor() + 1.0) * DAY;
                continue;
            }
            // 16 waking hours a day: the gap is drawn in waking time.
            at += self.rng.exponential(16.0 * HOUR / total);
            let Some(p) = pick(self.rng, &rates) else {
                continue;
            };
            if self.sleep.awake(p, at) {
                return Some((p, at));
            }
        }
        None
    }
}

/// Index drawn with probability proportional to `weights` (`None` if all are zero).
fn pick(rng: &mut Rng, weights: &[f64]) -> Option<usize> {
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return None;
    }
    let mut u = rng.uniform() * total;
    for (i, &w) in weights.iter().enumerate() {
        if u < w {
            return Some(i);
        }
        u -= w;
    }
    weights.iter().rposition(|&w| w > 0.0)
}

/// Runs the plan: messages sorted by time (ties keep their order), all inside the days.
pub fn simulate(rng: &mut Rng, plan: &Plan, sleep: &Sleep, text: &Utterances) -> Vec<GenMessage> {
    let mut sim = Sim {
        plan,
        sleep,
        text,
        rng,
        out: Vec::new(),
        end: plan.days as f64 * DAY,
        opening: false,
    };
    let mut t = 0.0;
    while let Some((starter, at)) = sim.next_thread(t) {
        t = sim.thread(starter, at);
    }
    let mut out = sim.out;
    out.sort_by(|a, b| a.t.total_cmp(&b.t));
    out
}
