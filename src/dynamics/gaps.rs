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
    pub follow_up: Vec<bool>,
    /// Indices (into the pair messages) where a session starts (> 6 h silence before it).
    pub session_starts: Vec<usize>,
    pub person: [PersonGaps; 2],
}

/// Per-person summary of the gaps.
#[derive(Debug, Clone, Default)]
pub struct PersonGaps {
    pub messages: usize,
    pub waits: Vec<f64>,
    pub initiations: usize,
    pub reinitiations: usize,
    pub follow_ups: usize,
    pub pursuit_bursts: usize,
    /// Median characters per message (for "reply under half the usual length").
    pub median_chars: f64,
    /// Times this person demanded and the other withdrew.
    pub demands: usize,
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
        if let Some((loc, scale)) = robust_loc_scale(&logs) {
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
    let runs = runs(msgs);
    for (k, &(a, b)) in runs.iter().enumerate() {
        let who = msgs[a].who;
        let follow_ups = (a..b).filter(|&i| s.follow_up[i]).count();
        let span = msgs[b - 1].t - msgs[a].t;
        if follow_ups >= 2 || (b - a >= 3 && span >= 3600.0) {
            s.person[who].pursuit_bursts += 1;
        }
        if let Some(&(c, _)) = runs.get(k + 1) {
            if is_demand(msgs, (a, b)) && withdraws(msgs, s, c) {
                s.person[who].demands += 1;
            }
        }
    }
}

/// Warmth (the scorer's raw scale, −1..1) at or below which a message reads as cold in
/// absolute terms (distancing, aloofness, hostility), whatever the sender's own baseline.
pub const COLD_WARMTH: f64 = -0.25;

fn is_cold(m: &PairMessage) -> bool {
    m.warmth.is_some_and(|w| w <= COLD_WARMTH)
}

/// Demand: a run of several (≥ 3) messages that press — at least three questions or cold
/// messages, at least one of them cold.
fn is_demand(msgs: &[PairMessage], (a, b): (usize, usize)) -> bool {
    let run = &msgs[a..b];
    let cold = run.iter().filter(|m| is_cold(m)).count();
    let questions = run.iter().filter(|m| m.question && !is_cold(m)).count();
    run.len() >= 3 && cold >= 1 && cold + questions >= 3
}

/// Withdraw: the answer to a demand (the first message of the next run, `c`) comes unusually
/// late for its sender (latency z ≥ 2 and at least 6 hours: silence) or is curt and cold
/// (two words or fewer, under half the sender's usual length, cold).
fn withdraws(msgs: &[PairMessage], s: &Signals, c: usize) -> bool {
    const MIN_WITHDRAW_S: f64 = SESSION_GAP_S;
    let other = msgs[c].who;
    let slow =
        s.latency_z[c].is_some_and(|z| z >= 2.0) && s.wait[c].is_some_and(|w| w >= MIN_WITHDRAW_S);
    let curt = msgs[c].words <= 2
        && (msgs[c].chars as f64) < 0.5 * s.person[other].median_chars
        && is_cold(&msgs[c]);
    slow || curt
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

/// Conflicts: exchanges of cold messages (warmth ≤ [`COLD_WARMTH`]) each within
/// [`CONFLICT_WINDOW_S`] of the last, with at least two cold messages from each person and
/// cold messages making at least half of the pair's scored messages in that span. A warm
/// person's logistics messages (cool only against their own baseline) are not a conflict.
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
        let mut by_person = [0usize; 2];
        for &i in &cold[k..=end] {
            by_person[msgs[i].who.min(1)] += 1;
        }
        let scored = msgs[a..b].iter().filter(|m| m.warmth.is_some()).count();
        if by_person[0] >= 2 && by_person[1] >= 2 && 2 * (end - k + 1) >= scored {
            out.push((a, b));
        }
        k = end + 1;
    }
    out
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
}
