//! Initiative and effort per person and period (ISO week or calendar month): messages,
//! active days, conversations started and their share, median words per message, questions
//! asked and answered, the others' double texts while the person owed a reply, the median
//! wait, open-wait hours (time a message to the person had been waiting more than 12 hours)
//! and the others' messages left that long.

use super::gaps::{PairMessage, FOLLOW_UP_GAP_S, SESSION_GAP_S};
use super::presence::{PersonPresence, OVERDUE_S};
use super::stats::median;
use chrono::{DateTime, Datelike};

/// Which calendar period a figure belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// ISO week (Monday to Sunday).
    Week,
    Month,
}

impl Period {
    /// Period number of a wall-clock second (weeks since 1970-01-05, months since year 0).
    pub fn of(self, t: f64) -> i64 {
        let day = (t as i64).div_euclid(86_400);
        match self {
            Period::Week => (day - 4).div_euclid(7),
            Period::Month => {
                let d = DateTime::from_timestamp(day * 86_400, 0).map(|d| d.date_naive());
                d.map_or(0, |d| i64::from(d.year()) * 12 + i64::from(d.month0()))
            }
        }
    }

    /// The label of period number `k`: the Monday's date for weeks, `YYYY-MM` for months.
    pub fn label(self, k: i64) -> String {
        match self {
            Period::Week => DateTime::from_timestamp((k * 7 + 4) * 86_400, 0)
                .map(|d| d.date_naive().to_string())
                .unwrap_or_default(),
            Period::Month => format!("{:04}-{:02}", k.div_euclid(12), k.rem_euclid(12) + 1),
        }
    }
}

/// One person's figures in one period.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Effort {
    pub period: i64,
    pub messages: usize,
    pub active_days: usize,
    pub initiations: usize,
    /// This person's conversations started ÷ everyone's in the period.
    pub initiation_share: Option<f64>,
    pub median_words: Option<f64>,
    pub questions: usize,
    /// The others' questions this person answered (wrote next).
    pub questions_answered: usize,
    /// The others' follow-ups (≥ 20 min after their own last message) while this person
    /// owed a reply.
    pub partner_double_texts: usize,
    pub median_wait_s: Option<f64>,
    pub open_wait_hours: f64,
    /// The others' messages that waited more than 12 hours for this person's next message.
    pub unanswered: usize,
}

/// Conversation starts (after > 6 h of silence; a late reply to a question is not one), for
/// every message of `msgs` whoever wrote it.
pub fn initiations(msgs: &[PairMessage]) -> Vec<bool> {
    (0..msgs.len())
        .map(|i| {
            i == 0 || {
                let prev = &msgs[i - 1];
                msgs[i].t - prev.t > SESSION_GAP_S && (prev.who == msgs[i].who || !prev.question)
            }
        })
        .collect()
}

/// The figures of person `me` per period, in period order (periods without any activity of
/// anyone in the conversation are left out; quiet periods of this person stay in with zeros).
pub fn per_period(
    msgs: &[PairMessage],
    me: usize,
    presence: &PersonPresence,
    starts: &[bool],
    period: Period,
) -> Vec<Effort> {
    let Some((first, last)) = msgs.first().zip(msgs.last()) else {
        return Vec::new();
    };
    let k0 = period.of(first.t);
    let n = (period.of(last.t) - k0 + 1).max(1) as usize;
    let slot = |t: f64| ((period.of(t) - k0).max(0) as usize).min(n - 1);
    let mut out: Vec<Effort> = (0..n)
        .map(|k| Effort {
            period: k0 + k as i64,
            ..Effort::default()
        })
        .collect();
    let mut words: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut waits: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut all_starts = vec![0usize; n];
    let mut seen = vec![false; n];
    let mut last_day = vec![i64::MIN; n];
    // When this person next writes, for every message (backwards scan).
    let mut next_mine = vec![f64::INFINITY; msgs.len()];
    let mut next = f64::INFINITY;
    for i in (0..msgs.len()).rev() {
        next_mine[i] = next;
        if msgs[i].who == me {
            next = msgs[i].t;
        }
    }
    let mut last_other_t: Option<f64> = None;
    for (i, m) in msgs.iter().enumerate() {
        let k = slot(m.t);
        seen[k] = true;
        all_starts[k] += usize::from(starts[i]);
        if m.who != me {
            let owed = i > 0 && next_mine[i] > m.t && msgs[i - 1].who != me;
            if owed && last_other_t.is_some_and(|t| m.t - t >= FOLLOW_UP_GAP_S) {
                out[k].partner_double_texts += 1;
            }
            let answered_at = next_mine[i].min(last.t);
            out[k].unanswered += usize::from(answered_at - m.t > OVERDUE_S);
            last_other_t = Some(m.t);
            continue;
        }
        last_other_t = None;
        let e = &mut out[k];
        e.messages += 1;
        e.initiations += usize::from(starts[i]);
        e.questions += usize::from(m.question);
        e.questions_answered += usize::from(i > 0 && msgs[i - 1].who != me && msgs[i - 1].question);
        let day = (m.t as i64).div_euclid(86_400);
        if last_day[k] != day {
            e.active_days += 1;
            last_day[k] = day;
        }
        if m.words > 0 {
            words[k].push(m.words as f64);
        }
    }
    for w in presence.waits.iter().filter(|w| w.answered) {
        waits[slot(w.start)].push(w.seconds());
    }
    for w in &presence.waits {
        add_overdue_hours(&mut out, w.start + OVERDUE_S, w.end, &slot);
    }
    for (k, e) in out.iter_mut().enumerate() {
        e.median_words = median(&words[k]);
        e.median_wait_s = median(&waits[k]);
        e.initiation_share =
            (all_starts[k] > 0).then(|| e.initiations as f64 / all_starts[k] as f64);
    }
    out.into_iter()
        .zip(seen)
        .filter(|(_, s)| *s)
        .map(|(e, _)| e)
        .collect()
}

/// Adds the hours of `[from, to)` to the periods they fall in (day by day).
fn add_overdue_hours(out: &mut [Effort], from: f64, to: f64, slot: &dyn Fn(f64) -> usize) {
    let mut t = from;
    while t < to {
        let day_end = ((t as i64).div_euclid(86_400) + 1) as f64 * 86_400.0;
        let until = day_end.min(to);
        out[slot(t)].open_wait_hours += (until - t) / 3600.0;
        t = until;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamics::presence;

    fn m(t_h: f64, who: usize, text: &str) -> PairMessage {
        PairMessage {
            index: 0,
            t: t_h * 3600.0 + 4.0 * 86_400.0, // 1970-01-05, a Monday
            who,
            warmth: Some(0.0),
            question: text.ends_with('?'),
            chars: text.len(),
            words: text.split_whitespace().count(),
        }
    }

    #[test]
    fn weekly_initiative_questions_and_open_waits() {
        let msgs = vec![
            m(9.0, 0, "are you free tonight?"),
            m(9.5, 1, "yes"),
            m(20.0, 0, "good"),
            // Tuesday: A again, B answers only 30 hours later.
            m(33.0, 0, "how was work?"),
            m(34.0, 0, "hello?"),
            m(63.0, 1, "sorry, busy day"),
            // Next week: B starts.
            m(7.0 * 24.0 + 10.0, 1, "coffee?"),
            m(7.0 * 24.0 + 10.2, 0, "sure"),
        ];
        let starts = initiations(&msgs);
        assert_eq!(starts, [true, false, true, true, false, false, true, false]);
        let bins = presence::Bins {
            first: 0,
            count: 1 << 20,
        };
        let b = presence::read(&msgs, 1, &|t| bins.index(t), &|k| bins.end_s(k));
        let weeks = per_period(&msgs, 1, &b, &starts, Period::Week);
        assert_eq!(weeks.len(), 2);
        assert_eq!(Period::Week.label(weeks[0].period), "1970-01-05");
        let w0 = &weeks[0];
        assert_eq!(
            (w0.messages, w0.initiations, w0.questions_answered),
            (2, 0, 2)
        );
        assert_eq!(w0.initiation_share, Some(0.0));
        // From A's 20 h "good" B's wait ran 43 h: 31 h of it past 12 h; three of A's messages
        // waited more than 12 h.
        assert!(
            (w0.open_wait_hours - 31.0).abs() < 1e-9,
            "{}",
            w0.open_wait_hours
        );
        assert_eq!(w0.unanswered, 3);
        // A wrote again at 33 h and 34 h (≥ 20 min after their own last) while B owed a reply.
        assert_eq!(w0.partner_double_texts, 2);
        assert_eq!(
            w0.median_wait_s,
            Some(median(&[1800.0, 43.0 * 3600.0]).unwrap())
        );
        let w1 = &weeks[1];
        assert_eq!((w1.messages, w1.initiations, w1.questions), (1, 1, 1));
        assert_eq!(w1.initiation_share, Some(1.0));
    }
}
