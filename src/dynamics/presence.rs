//! Silence as data: one person's replies, open (still unanswered) waits and one-sided
//! silences against everyone else in the chat. In a two-person chat "everyone else" is the
//! partner; in a group it is the rest of the group, so the same reading serves both.
//!
//! A wait starts at the first message the others wrote after the person's own last message
//! and ends at the person's next message. While it runs it is *open* (censored, as in
//! survival analysis): every 12-hour bin in which the others wrote and the person still had
//! not answered carries the wait so far as a lower bound, so five days of unanswered messages
//! weigh on five days of bins, not on the one bin where the answer finally came. Silence in
//! which nobody writes (a holiday, an exam week) carries no observation: it is nobody's
//! withdrawal.

use super::gaps::{PairMessage, LATENCY_OFFSET_S, Z_CLIP};
use super::phases::{Channel, BIN_S};
use super::stats::{quantile, robust_loc_scale};

/// A wait longer than this is "overdue": it counts in open-wait hours and unanswered counts.
pub const OVERDUE_S: f64 = 12.0 * 3600.0;
/// A one-sided silence lasts at least this long (and longer than the person's own 90th
/// percentile wait)...
pub const SILENCE_MIN_S: f64 = 24.0 * 3600.0;
/// ...and the others kept writing into it for at least this long after the first unanswered
/// message (otherwise both were quiet: mutual silence).
pub const SILENCE_KEPT_WRITING_S: f64 = 12.0 * 3600.0;

/// One wait of the focal person: the others' first unanswered message and its answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wait {
    /// First unanswered message of the others (seconds).
    pub start: f64,
    /// The person's answer, or the end of the conversation when it stayed open.
    pub end: f64,
    pub answered: bool,
    /// The others' messages in the wait.
    pub unanswered: usize,
    /// The others' last message in the wait.
    pub last_other: f64,
    /// Who of the others wrote most of the unanswered messages (participant id as in `who`).
    pub main_writer: usize,
}

impl Wait {
    pub fn seconds(&self) -> f64 {
        (self.end - self.start).max(0.0)
    }
}

/// One person's reading against the others.
#[derive(Debug, Clone, Default)]
pub struct PersonPresence {
    /// Every wait, in time order (the last one may be open).
    pub waits: Vec<Wait>,
    /// Robust location and scale of ln(wait + 60 s) over the answered waits. (One baseline
    /// for all times of day: per-time-of-day baselines were measured and read messages left
    /// until the next morning as normal, which hid timing-only withdrawal.)
    pub latency: Option<(f64, f64)>,
    /// Per bin after the first unanswered message's own bin where the others wrote and the
    /// wait was still open at the bin's end: (bin, wait so far in seconds, when the wait
    /// began). A wait still open when the conversation ends also carries its last bin.
    pub open: Vec<(usize, f64, f64)>,
    /// Indices into `waits` of the one-sided silences.
    pub silences: Vec<usize>,
}

impl PersonPresence {
    /// Latency z of a wait of `s` seconds, against the person's own answered waits.
    pub fn latency_z(&self, s: f64) -> Option<f64> {
        let (loc, scale) = self.latency?;
        Some((((s + LATENCY_OFFSET_S).ln() - loc) / scale).clamp(-Z_CLIP, Z_CLIP))
    }

    /// The responsiveness channel (−latency z): each answered wait in the bin of the message
    /// answered, and each open wait as the expected z of a wait known to be longer than the
    /// time so far (the inverse Mills ratio of the standard normal), in the bin it was open.
    pub fn responsiveness(&self, n_bins: usize, bin: &dyn Fn(f64) -> usize) -> Channel {
        let answered = self
            .waits
            .iter()
            .filter(|w| w.answered)
            .filter_map(|w| Some((bin(w.start), -self.latency_z(w.seconds())?)));
        let open = self.open.iter().filter_map(|&(b, so_far, _)| {
            let z = self.latency_z(so_far)?;
            Some((b, -expected_z_beyond(z).min(Z_CLIP)))
        });
        Channel::from_observations(n_bins, answered.chain(open))
    }
}

/// Reads person `me` against every other sender in `msgs` (time order). `bin` maps seconds to
/// a bin index, `bin_end` gives a bin's end in seconds.
pub fn read(
    msgs: &[PairMessage],
    me: usize,
    bin: &dyn Fn(f64) -> usize,
    bin_end: &dyn Fn(usize) -> f64,
) -> PersonPresence {
    let mut out = PersonPresence::default();
    let mut pending: Option<Wait> = None;
    let mut writers: Vec<(usize, usize)> = Vec::new();
    // The bin where the others last wrote into the open wait, and when that wait began.
    let mut open_bin: Option<(usize, f64)> = None;
    for m in msgs {
        let b = bin(m.t);
        if m.who == me {
            if let Some((prev, start)) = open_bin.take() {
                if prev != b && prev != bin(start) {
                    out.open.push((prev, bin_end(prev) - start, start));
                }
            }
            if let Some(mut w) = pending.take() {
                w.end = m.t;
                w.answered = true;
                w.main_writer = main_writer(&writers);
                out.waits.push(w);
            }
            continue;
        }
        let w = pending.get_or_insert_with(|| {
            writers.clear();
            Wait {
                start: m.t,
                end: m.t,
                answered: false,
                unanswered: 0,
                last_other: m.t,
                main_writer: m.who,
            }
        });
        w.unanswered += 1;
        w.last_other = m.t;
        count_writer(&mut writers, m.who);
        if let Some((prev, start)) = open_bin {
            if prev != b && prev != bin(start) {
                out.open.push((prev, bin_end(prev) - start, start));
            }
        }
        open_bin = Some((b, w.start));
    }
    let last_t = msgs.last().map_or(0.0, |m| m.t);
    if let Some((b, start)) = open_bin {
        out.open.push((b, bin_end(b).min(last_t) - start, start));
    }
    if let Some(mut w) = pending {
        w.end = last_t;
        w.main_writer = main_writer(&writers);
        out.waits.push(w);
    }
    let logs: Vec<f64> = out
        .waits
        .iter()
        .filter(|w| w.answered)
        .map(|w| (w.seconds() + LATENCY_OFFSET_S).ln())
        .collect();
    out.latency = robust_loc_scale(&logs);
    let answered: Vec<f64> = out
        .waits
        .iter()
        .filter(|w| w.answered)
        .map(Wait::seconds)
        .collect();
    let usual_long = quantile(&answered, 0.9).unwrap_or(0.0);
    out.silences = (0..out.waits.len())
        .filter(|&k| {
            let w = &out.waits[k];
            w.seconds() >= SILENCE_MIN_S.max(usual_long)
                && w.last_other - w.start >= SILENCE_KEPT_WRITING_S
        })
        .collect();
    out
}

fn count_writer(writers: &mut Vec<(usize, usize)>, who: usize) {
    match writers.iter_mut().find(|(w, _)| *w == who) {
        Some((_, n)) => *n += 1,
        None => writers.push((who, 1)),
    }
}

fn main_writer(writers: &[(usize, usize)]) -> usize {
    writers
        .iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(0, |w| w.0)
}

/// E[Z | Z > c] for a standard normal Z: φ(c) / (1 − Φ(c)).
pub fn expected_z_beyond(c: f64) -> f64 {
    let c = c.clamp(-8.0, 8.0);
    let pdf = (-0.5 * c * c).exp() / (2.0 * std::f64::consts::PI).sqrt();
    let tail = 0.5 * erfc(c / std::f64::consts::SQRT_2);
    if tail < 1e-12 {
        return c;
    }
    (pdf / tail).max(c)
}

/// Complementary error function (Numerical Recipes `erfcc`, relative error < 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87
                                        + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// The bin grid of a conversation: 12-hour bins from the first message's bin.
#[derive(Debug, Clone, Copy)]
pub struct Bins {
    pub first: i64,
    pub count: usize,
}

impl Bins {
    pub fn of(t: f64) -> i64 {
        (t as i64).div_euclid(BIN_S)
    }

    pub fn index(&self, t: f64) -> usize {
        ((Self::of(t) - self.first).max(0) as usize).min(self.count.saturating_sub(1))
    }

    /// Start of bin `b` in wall seconds.
    pub fn start_s(&self, b: usize) -> i64 {
        (self.first + b as i64) * BIN_S
    }

    pub fn end_s(&self, b: usize) -> f64 {
        (self.start_s(b) + BIN_S) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: f64 = 3600.0;

    fn m(t_h: f64, who: usize) -> PairMessage {
        PairMessage {
            index: 0,
            t: t_h * H,
            who,
            warmth: Some(0.0),
            question: false,
            chars: 5,
            words: 1,
        }
    }

    fn grid(msgs: &[PairMessage]) -> Bins {
        let first = Bins::of(msgs[0].t);
        let last = Bins::of(msgs[msgs.len() - 1].t);
        Bins {
            first,
            count: (last - first + 1) as usize,
        }
    }

    fn read_all(msgs: &[PairMessage], me: usize) -> PersonPresence {
        let g = grid(msgs);
        read(msgs, me, &|t| g.index(t), &|b| g.end_s(b))
    }

    #[test]
    fn an_open_wait_weighs_on_every_bin_the_other_wrote_into() {
        // Quick exchanges for two days, then A writes every day for five days and B says
        // nothing until day 7.
        let mut msgs = Vec::new();
        for k in 0..40 {
            msgs.push(m(k as f64, k % 2));
        }
        for day in 2..7 {
            msgs.push(m(day as f64 * 24.0 + 9.0, 0));
            msgs.push(m(day as f64 * 24.0 + 15.0, 0));
        }
        msgs.push(m(7.0 * 24.0 + 10.0, 1));
        let b = read_all(&msgs, 1);
        // The open wait appears in each bin A wrote into before B answered, growing.
        let open: Vec<f64> = b.open.iter().map(|o| o.1 / H).collect();
        assert_eq!(open.len(), 9, "{open:?}");
        assert!(open.windows(2).all(|w| w[1] > w[0]), "{open:?}");
        assert!(open[8] > 100.0);
        // In the responsiveness channel those bins read as far slower than usual.
        let g = grid(&msgs);
        let ch = b.responsiveness(g.count, &|t| g.index(t));
        let slow_bins = (0..g.count)
            .filter(|&k| ch.count[k] > 0.0 && ch.mean[k] <= -2.5)
            .count();
        assert!(slow_bins >= 9, "{slow_bins}");
        // One one-sided silence by B: ten messages from A, answered on day 7.
        assert_eq!(b.silences.len(), 1);
        let s = b.waits[b.silences[0]];
        assert_eq!((s.unanswered, s.answered, s.main_writer), (10, true, 0));
        // A has no silence.
        assert!(read_all(&msgs, 0).silences.is_empty());
    }

    #[test]
    fn mutual_silence_is_nobodys_withdrawal() {
        // Quick exchanges, then A says goodbye and neither writes for 14 days.
        let mut msgs = Vec::new();
        for k in 0..40 {
            msgs.push(m(k as f64, k % 2));
        }
        msgs.push(m(40.2, 0));
        for k in 0..40 {
            msgs.push(m(15.0 * 24.0 + k as f64, (k + 1) % 2));
        }
        for me in 0..2 {
            let b = read_all(&msgs, me);
            assert!(b.silences.is_empty(), "person {me}: {:?}", b.silences);
            // At most the goodbye bin carries an open wait, and it is short.
            assert!(b.open.iter().all(|o| o.1 < 12.0 * H), "{:?}", b.open);
        }
    }

    #[test]
    fn expected_z_beyond_is_a_lower_bound_that_grows() {
        assert!((expected_z_beyond(0.0) - 0.7979).abs() < 1e-3);
        assert!(expected_z_beyond(-5.0).abs() < 1e-3);
        assert!(expected_z_beyond(3.0) > 3.0);
        assert!(expected_z_beyond(2.0) > expected_z_beyond(1.0));
    }
}
