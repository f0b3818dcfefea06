//! What a realistic conversation actually contains, measured on the generated messages (not
//! on what the scenario asked for): per planted phase of the withdrawer, their median reply
//! wait, the share of their replies that came after a night, their share of thread starts
//! and their messages per day. Printed by `validate --realistic` so the contrast each
//! scenario plants can be checked, and used by the tests.

use super::simulate::{GenMessage, DAY};
use super::RealisticChat;

/// A reply waiting at least this long counts as left until later (overnight).
pub const OVERNIGHT_S: f64 = 6.0 * 3600.0;

/// The withdrawer's behaviour over the days carrying one planted label.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PhaseStats {
    /// Days carrying the label.
    pub days: usize,
    /// Median wait of the withdrawer's replies (a message following someone else's).
    pub median_reply_s: Option<f64>,
    /// Share of those replies that waited ≥ [`OVERNIGHT_S`].
    pub overnight_share: Option<f64>,
    /// Share of the threads opened (as generated) that they opened.
    pub initiative_share: Option<f64>,
    /// Messages the withdrawer wrote per such day.
    pub messages_per_day: f64,
}

/// Stats of person `p` over the messages whose day satisfies `in_phase`.
pub fn phase_stats(
    messages: &[GenMessage],
    p: usize,
    days: usize,
    in_phase: impl Fn(usize) -> bool,
) -> PhaseStats {
    let day = |m: &GenMessage| (m.t / DAY) as usize;
    let mut waits = Vec::new();
    let (mut starts, mut own_starts, mut own) = (0usize, 0usize, 0usize);
    for (i, m) in messages.iter().enumerate() {
        if !in_phase(day(m)) {
            continue;
        }
        own += usize::from(m.who == p);
        if m.opens {
            starts += 1;
            own_starts += usize::from(m.who == p);
        }
        let prev = i.checked_sub(1).map(|j| &messages[j]);
        if let Some(q) = prev.filter(|q| m.who == p && q.who != p) {
            waits.push(m.t - q.t);
        }
    }
    waits.sort_by(f64::total_cmp);
    let n_days = (0..days).filter(|&d| in_phase(d)).count();
    let ratio = |k: usize, n: usize| (n > 0).then(|| k as f64 / n as f64);
    PhaseStats {
        days: n_days,
        median_reply_s: (!waits.is_empty()).then(|| waits[waits.len() / 2]),
        overnight_share: ratio(
            waits.iter().filter(|&&w| w >= OVERNIGHT_S).count(),
            waits.len(),
        ),
        initiative_share: ratio(own_starts, starts),
        messages_per_day: own as f64 / n_days.max(1) as f64,
    }
}

/// The withdrawer's stats in their warm/present (+1) and withdrawn (−1) days; `None` in
/// controls.
pub fn planted_contrast(chat: &RealisticChat) -> Option<[PhaseStats; 2]> {
    let w = chat.truth.withdrawer?;
    let labels = &chat.truth.labels;
    let stats = |label: i8| {
        phase_stats(&chat.messages, w, chat.days, |d| {
            labels.get(d) == Some(&label)
        })
    };
    Some([stats(1), stats(-1)])
}

/// One line: "warm: reply 3.1 min, overnight 2%, starts 48%, 21.0 msg/day".
pub fn describe(s: &PhaseStats) -> String {
    let pct = |x: Option<f64>| x.map_or("-".into(), |v| format!("{:.0}%", 100.0 * v));
    let wait = s.median_reply_s.map_or("-".into(), |w| {
        if w >= 3600.0 {
            format!("{:.1} h", w / 3600.0)
        } else {
            format!("{:.1} min", w / 60.0)
        }
    });
    format!(
        "reply {wait}, overnight {}, starts {}, {:.1} msg/day",
        pct(s.overnight_share),
        pct(s.initiative_share),
        s.messages_per_day
    )
}
