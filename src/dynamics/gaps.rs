//! Response gaps and who reaches out (docs/method.md §1), over the messages of the pair:
//! runs, waits (from the FIRST message of the run being answered), latency and warmth
//! z-scores against each person's own baseline (winsorised at ±3), initiations after > 6 h of silence (a late
//! reply to a question is not one), follow-ups, pursuit bursts, demand/withdraw events and
//! conflicts with their recovery. Conflicts and demands read coldness in absolute terms
//! (the scorer's warmth), not against a person's own baseline.

use super::stats::{median, robust_loc_scale};

/// Silence that starts a new session.
pub const SESSION_GAP_S: f64 = 6.0 * 3600.0;
/// A message after one's own message at least this much later is a follow-up.
pub const FOLLOW_UP_GAP_S: f64 = 20.0 * 60.0;
/// Added before the log of a wait (absorbs minute-resolution exports).
pub const LATENCY_OFFSET_S: f64 = 60.0;

/// z-scores are clipped to ±this, so one mis-scored message or one week-long silence cannot
/// dominate its bin (measured: fewer false alarms and better boundaries; docs/validation.md).
pub const Z_CLIP: f64 = 3.0;

fn winsorise(z: f64) -> f64 {
    z.clamp(-Z_CLIP, Z_CLIP)
}

/// One message of the pair, as the dynamics stage sees it.
#[derive(Debug, Clone, Copy)]
pub struct PairMessage {
    /// Index in the conversation's messages.
    pub index: usize,
    /// Wall-clock seconds.
    pub t: f64,
    /// 0 or 1: which person of the pair.
    pub who: usize,
    /// The scorer's warmth; `None` for media, system, deleted, calls.
    pub warmth: Option<f64>,
    /// The text ends in a question mark.
    pub question: bool,
    /// Characters of text.
    pub chars: usize,
    /// Words of text.
    pub words: usize,
}

/// Per-message signals, aligned with the pair messages.
#[derive(Debug, Clone, Default)]
pub struct Signals {
    /// Seconds since the first message of the other's run, on the first message of a reply run.
    pub wait: Vec<Option<f64>>,
    /// When the answered run started (its first message), on the same messages as `wait`.
    pub trigger_t: Vec<Option<f64>>,
    /// Robust z of ln(wait + 60 s) against the replier's own waits.
    pub latency_z: Vec<Option<f64>>,
    /// Robust z of warmth against the sender's own warmth.
    pub warmth_z: Vec<Option<f64>>,
    /// Starts a session and counts as the sender reaching out.
    pub initiation: Vec<bool>,
    /// An initiation right after one's own unanswered message (pursuit).
    pub reinitiation: Vec<bool>,
    /// A message 20 minutes or more after the sender's own previous message ("double text").
    pub follow_up: Vec<bool>,
    /// Indices (into the pair messages) where a session starts (> 6 h silence before it).
    pub session_starts: Vec<usize>,
    /// Per-person totals over the same messages.
    pub person: [PersonGaps; 2],
}

/// Per-person summary of the gaps.
#[derive(Debug, Clone, Default)]
pub struct PersonGaps {
    /// Messages this person sent.
    pub messages: usize,
    /// This person's waits before answering the other (seconds), in time order.
    pub waits: Vec<f64>,
    /// Conversations this person started.
    pub initiations: usize,
    /// Of those, the ones right after their own unanswered message (pursuit).
    pub reinitiations: usize,
    /// Follow-ups ("double texts") this person sent.
    pub follow_ups: usize,
    /// Pursuit bursts: two or more follow-ups, or three unanswered messages over an hour or more.
    pub pursuit_bursts: usize,
    /// Median characters per message (for "reply under half the usual length").
    pub median_chars: f64,
    /// Times this person demanded and the other withdrew.
    pub demands: usize,
    /// Robust location and scale of ln(wait + 60 s) over this person's waits.
    pub latency_baseline: Option<(f64, f64)>,
}

/// Computes every per-message signal and per-person count.
pub fn signals(msgs: &[PairMessage]) -> Signals {
    let n = msgs.len();
    let mut s = Signals {
        wait: vec![None; n],
        trigger_t: vec![None; n],
        latency_z: vec![None; n],
        warmth_z: vec![None; n],
        initiation: vec![false; n],
        reinitiation: vec![false; n],
        follow_up: vec![false; n],
        ..Signals::default()
    };
    let mut run_start_t = 0.0;
    for i in 0..n {
        let m = &msgs[i];
        s.person[m.who].messages += 1;
        if i == 0 {
            run_start_t = m.t;
            s.initiation[i] = true;
            s.session_starts.push(i);
            continue;
        }
        let prev = &msgs[i - 1];
        let gap = (m.t - prev.t).max(0.0);
        if prev.who != m.who {
            s.wait[i] = Some((m.t - run_start_t).max(0.0));
            s.trigger_t[i] = Some(run_start_t);
            run_start_t = m.t;
        } else if gap >= FOLLOW_UP_GAP_S {
            s.follow_up[i] = true;
        }
        if gap > SESSION_GAP_S {
            s.session_starts.push(i);
            if prev.who == m.who {
                s.initiation[i] = true;
                s.reinitiation[i] = true;
            } else if !prev.question {
                s.initiation[i] = true;
            }
        }
    }
    for p in 0..2 {
        let mine = |i: &usize| msgs[*i].who == p;
        // Latency z.
        let logs: Vec<f64> = (0..n)
            .filter(mine)
            .filter_map(|i| s.wait[i].map(|w| (w + LATENCY_OFFSET_S).ln()))
            .collect();
        let latency_baseline = robust_loc_scale(&logs);
        if let Some((loc, scale)) = latency_baseline {
            for i in (0..n).filter(mine) {
                if let Some(w) = s.wait[i] {
                    s.latency_z[i] = Some(winsorise(((w + LATENCY_OFFSET_S).ln() - loc) / scale));
                }
            }
        }
        // Warmth z.
        let ws: Vec<f64> = (0..n).filter(mine).filter_map(|i| msgs[i].warmth).collect();
        if let Some((loc, scale)) = robust_loc_scale(&ws) {
            for i in (0..n).filter(mine) {
                s.warmth_z[i] = msgs[i].warmth.map(|w| winsorise((w - loc) / scale));
            }
        }
        let chars: Vec<f64> = (0..n).filter(mine).map(|i| msgs[i].chars as f64).collect();
        let pg = &mut s.person[p];
        pg.latency_baseline = latency_baseline;
        pg.waits = (0..n).filter(mine).filter_map(|i| s.wait[i]).collect();
        pg.initiations = (0..n).filter(mine).filter(|&i| s.initiation[i]).count();
        pg.reinitiations = (0..n).filter(mine).filter(|&i| s.reinitiation[i]).count();
        pg.follow_ups = (0..n).filter(mine).filter(|&i| s.follow_up[i]).count();
        pg.median_chars = median(&chars).unwrap_or(0.0);
    }
    count_runs(msgs, &mut s);
    s
}

/// Pursuit bursts and demand/withdraw events, run by run.
fn count_runs(msgs: &[PairMessage], s: &mut Signals) {
    for (a, b) in runs(msgs) {
        let who = msgs[a].who;
        let follow_ups = (a..b).filter(|&i| s.follow_up[i]).count();
        let span = msgs[b - 1].t - msgs[a].t;
        if follow_ups >= 2 || (b - a >= 3 && span >= 3600.0) {
            s.person[who].pursuit_bursts += 1;
        }
    }
    for event in demand_withdraw(msgs, s) {
        s.person[msgs[event.demand_start].who].demands += 1;
    }
}

/// Warmth (the scorer's raw scale, −1..1) at or below which a message reads as cold in
/// absolute terms (distancing, aloofness, hostility), whatever the sender's own baseline.
pub const COLD_WARMTH: f64 = -0.3;

fn is_cold(m: &PairMessage) -> bool {
    m.warmth.is_some_and(|w| w <= COLD_WARMTH)
}

/// A message that presses: a question (pleading or demanding) or a cold message.
fn presses(m: &PairMessage) -> bool {
    m.question || is_cold(m)
}

/// Pressing messages a run needs before it is a demand.
pub const DEMAND_MIN_PRESSING: usize = 3;
/// The other's silence after a demand that counts as withdrawing, in waking hours (night
/// hours, [`NIGHT_END_H`] hours from midnight on the chat's clock, do not count: a demand
/// at 23:00 answered at 08:00 was slept on, not met with silence). The whole silence must
/// also be unusually long for them: latency z ≥ [`WITHDRAW_MIN_Z`] against their own waits.
pub const WITHDRAW_SILENCE_S: f64 = SESSION_GAP_S;
/// The latency z a withdrawing silence must reach against the person's own waits.
pub const WITHDRAW_MIN_Z: f64 = 2.0;
/// Night on the chat's clock: 00:00 to this hour.
pub const NIGHT_END_H: f64 = 8.0;

/// Seconds of `[from, to)` outside the nights (wall-clock seconds on the chat's clock).
pub fn waking_seconds(from: f64, to: f64) -> f64 {
    const DAY_S: f64 = 86_400.0;
    let night_s = NIGHT_END_H * 3600.0;
    // Night seconds in [0, t).
    let nights_before = |t: f64| t.div_euclid(DAY_S) * night_s + t.rem_euclid(DAY_S).min(night_s);
    let span = (to - from).max(0.0);
    (span - (nights_before(to) - nights_before(from)).max(0.0)).max(0.0)
}

/// One demand/withdraw moment: one person pressed, the other went silent or curt.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DemandWithdrawEvent {
    /// Pair-message index of the first message of the pressing run.
    pub demand_start: usize,
    /// Pair-message index of the message that made the run a demand.
    pub demand_complete: usize,
    /// Pair-message index of the other's answer (late or curt).
    pub answer: usize,
}

/// Demand/withdraw moments. A demand is a run of one person's messages (nobody else wrote in
/// between) with at least [`DEMAND_MIN_PRESSING`] pressing messages (questions or cold
/// messages), at least one of them cold, and pressing messages making at least half of the
/// run up to the moment it becomes a demand; warm chatter with a question in it is not
/// pressing. The other withdraws when their answer comes at least [`WITHDRAW_SILENCE_S`] of
/// waking hours after the demand was complete and that silence is unusually long for them
/// (z ≥ [`WITHDRAW_MIN_Z`]), or when the answer is curt and cold (two words or fewer, under
/// half their usual length). A run that spans a night and is answered minutes after its last
/// message is not a withdrawal: the silence is measured from the demand, not from the run's
/// first message.
pub fn demand_withdraw(msgs: &[PairMessage], s: &Signals) -> Vec<DemandWithdrawEvent> {
    let runs = runs(msgs);
    let mut out = Vec::new();
    for pair in runs.windows(2) {
        let ((a, b), (c, _)) = (pair[0], pair[1]);
        let Some(d) = demand_point(&msgs[a..b]).map(|k| a + k) else {
            continue;
        };
        let other = msgs[c].who;
        let silence = msgs[c].t - msgs[d].t;
        let unusual = s.person[other]
            .latency_baseline
            .is_some_and(|(loc, scale)| {
                ((silence + LATENCY_OFFSET_S).ln() - loc) / scale >= WITHDRAW_MIN_Z
            });
        let silent = waking_seconds(msgs[d].t, msgs[c].t) >= WITHDRAW_SILENCE_S && unusual;
        let curt = msgs[c].words <= 2
            && (msgs[c].chars as f64) < 0.5 * s.person[other].median_chars
            && is_cold(&msgs[c]);
        if silent || curt {
            out.push(DemandWithdrawEvent {
                demand_start: a,
                demand_complete: d,
                answer: c,
            });
        }
    }
    out
}

/// Offset (within the run) of the message that makes the run a demand, if it becomes one.
fn demand_point(run: &[PairMessage]) -> Option<usize> {
    let (mut pressing, mut cold) = (0usize, 0usize);
    for (k, m) in run.iter().enumerate() {
        pressing += usize::from(presses(m));
        cold += usize::from(is_cold(m));
        if pressing >= DEMAND_MIN_PRESSING && cold >= 1 && 2 * pressing > k {
            return Some(k);
        }
    }
    None
}

/// Maximal blocks of consecutive messages by one sender, as `[start, end)` index ranges.
pub fn runs(msgs: &[PairMessage]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=msgs.len() {
        if i == msgs.len() || msgs[i].who != msgs[i - 1].who {
            if i > start {
                out.push((start, i));
            }
            start = i;
        }
    }
    out
}

/// A conflict session and what followed it.
#[derive(Debug, Clone)]
pub struct Conflict {
    /// Pair-message index where the session starts.
    pub start: usize,
    /// Seconds from the session's last message to each person's next message.
    pub next_message_s: [Option<f64>; 2],
    /// Hours until the trailing 24-hour mean warmth z is back within 0.5σ of baseline.
    pub recovery_hours: Option<f64>,
}

/// Cold messages (in absolute terms) at most this far apart belong to one exchange.
pub const CONFLICT_WINDOW_S: f64 = 2.0 * 3600.0;
/// An exchange is a conflict with at least this many cold messages...
pub const CONFLICT_MIN_COLD: usize = 10;
/// ...at least this many from each person...
pub const CONFLICT_MIN_COLD_EACH: usize = 3;
/// ...cold messages making at least this share of the pair's scored messages in its span...
pub const CONFLICT_MIN_COLD_SHARE: f64 = 0.25;
/// ...and each person's mean warmth over the span at or below this (both sides cold in
/// absolute terms, not one venting while the other comforts).
pub const CONFLICT_MAX_MEAN_WARMTH: f64 = -0.05;

/// Conflicts: exchanges of cold messages (warmth ≤ [`COLD_WARMTH`]) each within
/// [`CONFLICT_WINDOW_S`] of the last that meet the thresholds above. A warm person's
/// logistics messages (cool only against their own baseline) are not a conflict, and neither
/// are the few cold messages any calm chat has now and then (measured on generated calm and
/// fighting conversations: docs/method.md).
pub fn conflicts(msgs: &[PairMessage], s: &Signals) -> Vec<Conflict> {
    const WINDOW_S: f64 = 24.0 * 3600.0;
    let mut out = Vec::new();
    for (a, b) in cold_exchanges(msgs) {
        let end_t = msgs[b - 1].t;
        let mut next_message_s = [None, None];
        for (p, slot) in next_message_s.iter_mut().enumerate() {
            *slot = msgs[b..].iter().find(|m| m.who == p).map(|m| m.t - end_t);
        }
        // Trailing 24 h mean of warmth z, evaluated at each later message.
        let mut recovery_hours = None;
        let (mut lo, mut sum, mut count) = (a, 0.0, 0usize);
        for j in a..msgs.len() {
            if let Some(z) = s.warmth_z[j] {
                sum += z;
                count += 1;
            }
            while msgs[lo].t <= msgs[j].t - WINDOW_S {
                if let Some(z) = s.warmth_z[lo] {
                    sum -= z;
                    count -= 1;
                }
                lo += 1;
            }
            if j >= b && count > 0 && sum / count as f64 >= -0.5 {
                recovery_hours = Some((msgs[j].t - end_t) / 3600.0);
                break;
            }
        }
        out.push(Conflict {
            start: a,
            next_message_s,
            recovery_hours,
        });
    }
    out
}

/// `[first cold, last cold + 1)` index ranges of the exchanges that qualify as conflicts.
fn cold_exchanges(msgs: &[PairMessage]) -> Vec<(usize, usize)> {
    let cold: Vec<usize> = (0..msgs.len()).filter(|&i| is_cold(&msgs[i])).collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < cold.len() {
        let mut end = k;
        while end + 1 < cold.len() && msgs[cold[end + 1]].t - msgs[cold[end]].t <= CONFLICT_WINDOW_S
        {
            end += 1;
        }
        let (a, b) = (cold[k], cold[end] + 1);
        if is_conflict(&msgs[a..b], end - k + 1) {
            out.push((a, b));
        }
        k = end + 1;
    }
    out
}

/// Whether the span of one cold exchange (`n_cold` cold messages in it) is a conflict.
fn is_conflict(span: &[PairMessage], n_cold: usize) -> bool {
    let mut cold = [0usize; 2];
    let mut warmth = [(0.0f64, 0usize); 2];
    for m in span {
        let p = m.who.min(1);
        cold[p] += usize::from(is_cold(m));
        if let Some(w) = m.warmth {
            warmth[p].0 += w;
            warmth[p].1 += 1;
        }
    }
    let scored = warmth[0].1 + warmth[1].1;
    let both_cold = warmth
        .iter()
        .all(|&(sum, n)| n > 0 && sum / n as f64 <= CONFLICT_MAX_MEAN_WARMTH);
    n_cold >= CONFLICT_MIN_COLD
        && cold.iter().all(|&c| c >= CONFLICT_MIN_COLD_EACH)
        && n_cold as f64 >= CONFLICT_MIN_COLD_SHARE * scored as f64
        && both_cold
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(t_min: f64, who: usize, text: &str) -> PairMessage {
        PairMessage {
            index: 0,
            t: t_min * 60.0,
            who,
            warmth: Some(0.0),
            question: text.trim_end().ends_with('?'),
            chars: text.chars().count(),
            words: text.split_whitespace().count(),
        }
    }

    #[test]
    fn wait_is_measured_from_the_first_message_of_the_run_answered() {
        // A writes at 0, 10 and 50 min; B answers at 60 min: B waited 60 min, not 10.
        let msgs = [
            m(0.0, 0, "hi"),
            m(10.0, 0, "there"),
            m(50.0, 0, "hello?"),
            m(60.0, 1, "yes"),
        ];
        let s = signals(&msgs);
        assert_eq!(s.wait[3], Some(3600.0));
        assert_eq!(s.trigger_t[3], Some(0.0));
        assert_eq!(s.wait[1], None);
        // 10 → 50 min is a follow-up (≥ 20 min after one's own message); 0 → 10 is not.
        assert!(!s.follow_up[1] && s.follow_up[2]);
        // Three unanswered messages spanning < 1 h and one follow-up: no pursuit burst.
        assert_eq!(s.person[0].pursuit_bursts, 0);
    }

    #[test]
    fn initiation_rules() {
        let day = 24.0 * 60.0;
        let msgs = [
            m(0.0, 0, "morning"), // first message: A initiates
            m(5.0, 1, "hey, are you coming tonight?"),
            m(day, 0, "yes, sorry, saw it late"), // late reply to a question: not an initiation
            m(2.0 * day, 0, "hello?"),            // A again after > 6 h: re-initiation (pursuit)
            m(2.0 * day + 30.0, 1, "hi"),
            m(3.0 * day, 1, "lunch today"), // after B's own statement > 6 h: re-initiation
            m(3.0 * day + 1.0, 0, "sure"),
            m(4.0 * day, 1, "how was it"), // after A's statement: B initiates
        ];
        let s = signals(&msgs);
        assert_eq!(
            s.initiation,
            [true, false, false, true, false, true, false, true]
        );
        assert_eq!(
            s.reinitiation,
            [false, false, false, true, false, true, false, false]
        );
        assert_eq!(s.person[0].initiations, 2);
        assert_eq!(s.person[1].initiations, 2);
        assert_eq!(s.person[0].reinitiations, 1);
    }

    fn scored(t_min: f64, who: usize, warmth: f64, text: &str) -> PairMessage {
        PairMessage {
            warmth: Some(warmth),
            ..m(t_min, who, text)
        }
    }

    /// Two weeks of a warm, calm pair: daily exchanges, logistics questions, a very warm
    /// person whose logistics messages are cool only against their own baseline, and now and
    /// then one cold-sounding message ("ugh, traffic").
    fn calm_fortnight() -> Vec<PairMessage> {
        let day = 24.0 * 60.0;
        let mut msgs = Vec::new();
        for d in 0..14 {
            let t0 = d as f64 * day + 9.0 * 60.0;
            msgs.push(scored(t0, 0, 0.9, "good morning love, slept well?"));
            msgs.push(scored(t0 + 3.0, 1, 0.6, "morning! yes, you?"));
            msgs.push(scored(t0 + 5.0, 0, 0.1, "what time is the dentist?"));
            msgs.push(scored(t0 + 6.0, 0, 0.0, "and did you get the milk?"));
            msgs.push(scored(t0 + 9.0, 1, 0.1, "at 4, yes"));
            let cold = if d % 3 == 0 { -0.6 } else { 0.2 };
            msgs.push(scored(t0 + 600.0, 1, cold, "ugh, traffic"));
            msgs.push(scored(t0 + 604.0, 0, 0.8, "poor you, see you soon ❤️"));
        }
        msgs
    }

    #[test]
    fn a_calm_warm_chat_has_no_conflict_and_no_demand_withdraw() {
        let msgs = calm_fortnight();
        let s = signals(&msgs);
        assert!(conflicts(&msgs, &s).is_empty());
        assert!(demand_withdraw(&msgs, &s).is_empty());
        assert_eq!((s.person[0].demands, s.person[1].demands), (0, 0));
    }

    #[test]
    fn a_hostile_exchange_from_both_sides_is_one_conflict() {
        let mut msgs = calm_fortnight();
        let t0 = 14.0 * 24.0 * 60.0 + 18.0 * 60.0;
        // Half an hour of cold messages from both, with a few neutral ones between.
        for k in 0..16 {
            let who = k % 2;
            let warmth = if k % 4 == 3 { 0.0 } else { -0.8 };
            msgs.push(scored(t0 + 2.0 * k as f64, who, warmth, "you never listen"));
        }
        msgs.push(scored(t0 + 24.0 * 60.0, 0, 0.7, "sorry about yesterday"));
        msgs.push(scored(t0 + 24.0 * 60.0 + 5.0, 1, 0.7, "me too, love you"));
        let s = signals(&msgs);
        let found = conflicts(&msgs, &s);
        assert_eq!(found.len(), 1, "{found:?}");
        let first_cold = msgs.iter().position(|m| m.t == t0 * 60.0).unwrap();
        assert_eq!(found[0].start, first_cold);
        // The same messages from one side only (the other answers calmly) are no conflict.
        let one_sided: Vec<PairMessage> = msgs
            .iter()
            .map(
                |m| match m.who == 1 && m.t >= t0 * 60.0 && m.warmth < Some(0.0) {
                    true => PairMessage {
                        warmth: Some(0.3),
                        ..*m
                    },
                    false => *m,
                },
            )
            .collect();
        assert!(conflicts(&one_sided, &signals(&one_sided)).is_empty());
    }

    #[test]
    fn pressing_then_silence_is_demand_withdraw_and_a_night_is_not() {
        let mut msgs = calm_fortnight();
        // Day 14, 12:00: A presses (a cold message and questions over an hour); B, who
        // always answers within minutes, says nothing until the next evening.
        let t0 = 14.0 * 24.0 * 60.0 + 12.0 * 60.0;
        msgs.push(scored(t0, 0, -0.7, "we need to talk, this is not ok"));
        msgs.push(scored(t0 + 30.0, 0, 0.0, "why are you not answering?"));
        msgs.push(scored(t0 + 60.0, 0, -0.2, "hello??"));
        let answer = msgs.len();
        msgs.push(scored(t0 + 30.0 * 60.0, 1, 0.1, "sorry, was busy"));
        let s = signals(&msgs);
        let events = demand_withdraw(&msgs, &s);
        assert_eq!(events.len(), 1, "{events:?}");
        assert_eq!(events[0].demand_complete, answer - 1);
        assert_eq!(events[0].answer, answer);
        assert_eq!((s.person[0].demands, s.person[1].demands), (1, 0));
        // The same demand at 23:00 answered at 08:30: slept on, not withdrawn.
        let mut night = calm_fortnight();
        let t1 = 14.0 * 24.0 * 60.0 + 23.0 * 60.0;
        night.push(scored(t1, 0, -0.7, "we need to talk, this is not ok"));
        night.push(scored(t1 + 1.0, 0, 0.0, "why are you not answering?"));
        night.push(scored(t1 + 2.0, 0, -0.2, "hello??"));
        night.push(scored(t1 + 9.5 * 60.0, 1, 0.1, "sorry, was asleep"));
        assert!(demand_withdraw(&night, &signals(&night)).is_empty());
    }

    #[test]
    fn a_curt_cold_answer_to_pressing_is_a_withdrawal() {
        let mut msgs = calm_fortnight();
        let t0 = 14.0 * 24.0 * 60.0 + 12.0 * 60.0;
        msgs.push(scored(
            t0,
            0,
            -0.7,
            "you said you would call, what happened",
        ));
        msgs.push(scored(t0 + 1.0, 0, 0.0, "are you even listening?"));
        msgs.push(scored(t0 + 2.0, 0, 0.0, "why do you always do this?"));
        msgs.push(scored(t0 + 3.0, 1, -0.6, "fine."));
        let s = signals(&msgs);
        assert_eq!(demand_withdraw(&msgs, &s).len(), 1);
        // A warm, full answer at the same moment is not.
        let last = msgs.len() - 1;
        msgs[last] = scored(
            t0 + 3.0,
            1,
            0.6,
            "sorry love, my phone died, calling you now",
        );
        assert!(demand_withdraw(&msgs, &signals(&msgs)).is_empty());
    }

    #[test]
    fn waking_seconds_leave_out_the_nights() {
        let h = 3600.0;
        assert_eq!(waking_seconds(23.0 * h, 32.5 * h), 1.5 * h);
        assert_eq!(waking_seconds(12.0 * h, 18.0 * h), 6.0 * h);
        assert_eq!(waking_seconds(12.0 * h, 36.0 * h), 16.0 * h);
        assert_eq!(waking_seconds(2.0 * h, 5.0 * h), 0.0);
    }
}
