//! Initiative and effort per person and period (ISO week or calendar month): messages,
//! active days, conversations started and their share, median words per message, questions
//! asked and answered, the others' double texts while the person owed a reply, the median
//! wait, open-wait hours (time a message to the person had been waiting more than 12 hours
//! while the others kept writing) and the others' messages left that long.

use super::columns::Columns;
use super::gaps::{PairMessage, FOLLOW_UP_GAP_S, SESSION_GAP_S};
use super::presence::{kept_writing, PersonPresence, OVERDUE_S};
use super::stats::median;
use chrono::{DateTime, Datelike};

/// Which calendar period a figure belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// ISO week (Monday to Sunday).
    Week,
    /// Calendar month.
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
    /// The period number ([`Period::of`]: weeks since 1970-01-05 or months since year 0).
    pub period: i64,
    /// Messages this person sent in the period.
    pub messages: usize,
    /// Days of the period on which this person wrote.
    pub active_days: usize,
    /// Conversations this person started (first message after a six-hour gap).
    pub initiations: usize,
    /// This person's conversations started ÷ everyone's in the period.
    pub initiation_share: Option<f64>,
    /// Median words per text message.
    pub median_words: Option<f64>,
    /// Questions this person asked.
    pub questions: usize,
    /// The others' questions this person answered (wrote next).
    pub questions_answered: usize,
    /// The others' follow-ups (≥ 20 min after their own last message) while this person
    /// owed a reply.
    pub partner_double_texts: usize,
    /// Median time this person took to answer the others (seconds).
    pub median_wait_s: Option<f64>,
    /// Hours in which a message to this person had been waiting more than 12 hours.
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

/// The calendar periods of a conversation's messages, with what does not depend on whose
/// figures are computed: each message's period, which periods had any message and how many
/// conversations started in each. Built once per conversation and kind of period.
#[derive(Debug, Clone)]
pub struct Periods {
    kind: Period,
    /// Period number of the first message.
    first: i64,
    /// Per message, its period as an offset from `first`.
    slot: Vec<u32>,
    /// Per period: whether anyone wrote, and the conversations started.
    seen: Vec<bool>,
    all_starts: Vec<usize>,
}

impl Periods {
    /// `t`: every message's time in order; `starts`: [`initiations`] of the same messages.
    pub fn new(kind: Period, t: &[f64], starts: &[bool]) -> Self {
        let (first, n) = match (t.first(), t.last()) {
            (Some(&a), Some(&b)) => {
                let first = kind.of(a);
                (first, (kind.of(b) - first + 1).max(1) as usize)
            }
            _ => (0, 0),
        };
        let mut p = Periods {
            kind,
            first,
            slot: Vec::with_capacity(t.len()),
            seen: vec![false; n],
            all_starts: vec![0; n],
        };
        for (i, &x) in t.iter().enumerate() {
            let k = p.slot_at(x);
            p.slot.push(k as u32);
            p.seen[k] = true;
            p.all_starts[k] += usize::from(starts[i]);
        }
        p
    }

    fn slot_at(&self, t: f64) -> usize {
        ((self.kind.of(t) - self.first).max(0) as usize).min(self.seen.len().saturating_sub(1))
    }
}

/// The figures of person `me` per period, in period order (periods without any activity of
/// anyone in the conversation are left out; quiet periods of this person stay in with zeros).
/// `cols` and `periods` describe `msgs`; `starts` are their [`initiations`].
pub fn per_period(
    msgs: &[PairMessage],
    cols: &Columns,
    me: usize,
    presence: &PersonPresence,
    starts: &[bool],
    periods: &Periods,
) -> Vec<Effort> {
    let Some(&last_t) = cols.t.last() else {
        return Vec::new();
    };
    let n = periods.seen.len();
    let mut out: Vec<Effort> = (0..n)
        .map(|k| Effort {
            period: periods.first + k as i64,
            ..Effort::default()
        })
        .collect();
    // The others' messages, run by run between this person's own: each run waited for the
    // message that ends it (or for nothing, after the person's last message).
    for (a, j) in cols.others_runs(me) {
        let answer = cols.t.get(j).copied().unwrap_or(f64::INFINITY);
        let answered_at = answer.min(last_t);
        for i in a..j {
            let (t, e) = (cols.t[i], &mut out[periods.slot[i] as usize]);
            // A follow-up (≥ 20 min after the others' previous message) while a reply was owed.
            if i > a && answer > t && t - cols.t[i - 1] >= FOLLOW_UP_GAP_S {
                e.partner_double_texts += 1;
            }
            e.unanswered += usize::from(answered_at - t > OVERDUE_S);
        }
    }
    let mut words: Vec<Vec<f64>> = vec![Vec::new(); n];
    let mut last_day = vec![i64::MIN; n];
    for &i in cols.own(me) {
        let (m, k) = (&msgs[i], periods.slot[i] as usize);
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
    let mut waits: Vec<Vec<f64>> = vec![Vec::new(); n];
    for w in presence.waits.iter().filter(|w| w.answered) {
        waits[periods.slot_at(w.start)].push(w.seconds());
    }
    let slot = |t: f64| periods.slot_at(t);
    for w in &presence.waits {
        // Open while the others keep writing into it: until 12 hours after the last of
        // their messages that itself waited 12 hours. Beyond that neither writes (a holiday
        // both took), and mutual silence is nobody's open wait.
        let pressed_until = w.start + kept_writing(&cols.t, w) + OVERDUE_S;
        add_overdue_hours(
            &mut out,
            w.start + OVERDUE_S,
            w.end.min(pressed_until),
            &slot,
        );
    }
    for (k, e) in out.iter_mut().enumerate() {
        e.median_words = median(&words[k]);
        e.median_wait_s = median(&waits[k]);
        let all = periods.all_starts[k];
        e.initiation_share = (all > 0).then(|| e.initiations as f64 / all as f64);
    }
    out.into_iter()
        .zip(&periods.seen)
        .filter(|(_, s)| **s)
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
        let cols = Columns::new(&msgs, &bins);
        let b = presence::read(&cols, 1, &bins);
        let periods = Periods::new(Period::Week, &cols.t, &starts);
        let weeks = per_period(&msgs, &cols, 1, &b, &starts, &periods);
        assert_eq!(weeks.len(), 2);
        assert_eq!(Period::Week.label(weeks[0].period), "1970-01-05");
        let w0 = &weeks[0];
        assert_eq!(
            (w0.messages, w0.initiations, w0.questions_answered),
            (2, 0, 2)
        );
        assert_eq!(w0.initiation_share, Some(0.0));
        // From A's 20 h "good" B's wait ran 43 h; A's messages went on until 34 h, so the
        // wait was open past 12 h from 32 h to 46 h (then neither wrote); three of A's
        // messages waited more than 12 h.
        assert!(
            (w0.open_wait_hours - 14.0).abs() < 1e-9,
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
        assert_eq!(w1.open_wait_hours, 0.0);
        assert_eq!((w1.messages, w1.initiations, w1.questions), (1, 1, 1));
        assert_eq!(w1.initiation_share, Some(1.0));
    }

    /// B's open-wait hours over the whole of `msgs` (one period: a month).
    fn open_hours(msgs: &[PairMessage]) -> f64 {
        let starts = initiations(msgs);
        let bins = presence::Bins {
            first: 0,
            count: 1 << 20,
        };
        let cols = Columns::new(msgs, &bins);
        let b = presence::read(&cols, 1, &bins);
        let periods = Periods::new(Period::Month, &cols.t, &starts);
        per_period(msgs, &cols, 1, &b, &starts, &periods)
            .iter()
            .map(|e| e.open_wait_hours)
            .sum()
    }

    #[test]
    fn mutual_silence_is_nobodys_open_wait_and_one_sided_silence_is() {
        let day = 24.0;
        // A says goodbye before a holiday both take; nobody writes for ten days; A's first
        // message back is answered within minutes.
        let holiday = [
            m(10.0, 0, "see you"),
            m(10.1, 1, "see you"),
            m(20.0, 0, "have a good trip!"),
            m(10.0 * day + 9.0, 0, "back!"),
            m(10.0 * day + 9.1, 1, "welcome back"),
        ];
        assert_eq!(open_hours(&holiday), 0.0);
        // A writes every day for four days and B answers on the sixth: B's wait is open
        // from 12 h after A's first message to 12 h after A's last (three days), not during
        // the day and a half in which A stopped writing too.
        let mut ghost = vec![m(9.0, 1, "talk later")];
        for d in 1..5 {
            ghost.push(m(d as f64 * day + 10.0, 0, "hey?"));
        }
        ghost.push(m(5.0 * day + 22.0, 1, "sorry"));
        let hours = open_hours(&ghost);
        assert!((hours - 3.0 * day).abs() < 1e-9, "{hours}");
    }
}
