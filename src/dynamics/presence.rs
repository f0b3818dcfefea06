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

use super::columns::Columns;
use super::gaps::{LATENCY_OFFSET_S, Z_CLIP};
use super::phases::{Channel, BIN_S};
use super::stats::{quantile, robust_loc_scale};

/// A wait longer than this is "overdue": it counts in open-wait hours and unanswered counts.
pub const OVERDUE_S: f64 = 12.0 * 3600.0;
/// A one-sided silence lasts at least this long (and longer than the person's own 90th
/// percentile wait)...
pub const SILENCE_MIN_S: f64 = 24.0 * 3600.0;
/// ...and the others kept writing into it for at least this long after the first unanswered
/// message (see [`kept_writing`]; otherwise both were quiet: mutual silence).
pub const SILENCE_KEPT_WRITING_S: f64 = 12.0 * 3600.0;

/// One wait of the focal person: the others' first unanswered message and its answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wait {
    /// First unanswered message of the others (seconds).
    pub start: f64,
    /// The person's answer, or the end of the conversation when it stayed open.
    pub end: f64,
    /// False when the conversation ended before the person answered.
    pub answered: bool,
    /// The others' messages in the wait.
    pub unanswered: usize,
    /// The others' last message in the wait.
    pub last_other: f64,
    /// Who of the others wrote most of the unanswered messages (participant id as in `who`).
    pub main_writer: usize,
}

impl Wait {
    /// Length of the wait in seconds.
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

/// Reads person `me` against every other sender of the conversation in `cols`.
pub fn read(cols: &Columns, me: usize, bins: &Bins) -> PersonPresence {
    let mut out = PersonPresence::default();
    let n = cols.len();
    let last_t = cols.t.last().copied().unwrap_or(0.0);
    let mut writers = Writers::new(cols.own.len());
    for (a, j) in cols.others_runs(me) {
        let start = cols.t[a];
        let answered = j < n;
        // Every bin after the first one in which the others wrote while the wait was still
        // open at the bin's end carries the wait so far.
        let first_bin = cols.bin[a];
        let mut prev = first_bin;
        writers.count(cols.who[a]);
        for i in a + 1..j {
            writers.count(cols.who[i]);
            let b = cols.bin[i];
            if b != prev {
                if prev != first_bin {
                    out.open
                        .push((prev as usize, bins.end_s(prev as usize) - start, start));
                }
                prev = b;
            }
        }
        let end = if answered {
            if prev != cols.bin[j] && prev != first_bin {
                out.open
                    .push((prev as usize, bins.end_s(prev as usize) - start, start));
            }
            cols.t[j]
        } else {
            let open_s = bins.end_s(prev as usize).min(last_t) - start;
            out.open.push((prev as usize, open_s, start));
            last_t
        };
        out.waits.push(Wait {
            start,
            end,
            answered,
            unanswered: j - a,
            last_other: cols.t[j - 1],
            main_writer: writers.take_main(),
        });
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
                && kept_writing(&cols.t, w) >= SILENCE_KEPT_WRITING_S
        })
        .collect();
    out
}

/// How long the others kept writing into wait `w` while it stayed unanswered: from its first
/// message to the last of the others' messages that itself waited at least [`OVERDUE_S`] for
/// the answer (for a wait still open at the end, to the others' last message). A message
/// answered at once, such as the first after a holiday both took, does not make the quiet
/// before it one person's silence. `t`: every message's time, in order.
pub fn kept_writing(t: &[f64], w: &Wait) -> f64 {
    if !w.answered {
        return w.last_other - w.start;
    }
    let waited = t.partition_point(|&x| x <= w.end - OVERDUE_S);
    waited
        .checked_sub(1)
        .map_or(f64::NEG_INFINITY, |k| t[k] - w.start)
}

/// Messages per writer within one wait, to name who wrote most of it.
struct Writers {
    count: Vec<usize>,
    seen: Vec<u32>,
}

impl Writers {
    fn new(senders: usize) -> Self {
        Writers {
            count: vec![0; senders],
            seen: Vec::new(),
        }
    }

    fn count(&mut self, who: u32) {
        let c = &mut self.count[who as usize];
        if *c == 0 {
            self.seen.push(who);
        }
        *c += 1;
    }

    /// The writer with the most messages (ties: the lowest id), and a fresh count.
    fn take_main(&mut self) -> usize {
        let mut main = (0usize, usize::MAX);
        for &w in &self.seen {
            let (c, w) = (self.count[w as usize], w as usize);
            if c > main.0 || (c == main.0 && w < main.1) {
                main = (c, w);
            }
            self.count[w] = 0;
        }
        self.seen.clear();
        if main.1 == usize::MAX {
            0
        } else {
            main.1
        }
    }
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
    /// The bin of the first message (bins since the epoch).
    pub first: i64,
    /// Number of bins up to and including the last message's.
    pub count: usize,
}

impl Bins {
    /// The bin (since the epoch) a time in wall seconds falls in.
    pub fn of(t: f64) -> i64 {
        (t as i64).div_euclid(BIN_S)
    }

    /// Position on this grid of the bin a time falls in, clamped to the grid.
    pub fn index(&self, t: f64) -> usize {
        ((Self::of(t) - self.first).max(0) as usize).min(self.count.saturating_sub(1))
    }

    /// Start of bin `b` in wall seconds.
    pub fn start_s(&self, b: usize) -> i64 {
        (self.first + b as i64) * BIN_S
    }

    /// End of bin `b` in wall seconds.
    pub fn end_s(&self, b: usize) -> f64 {
        (self.start_s(b) + BIN_S) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamics::gaps::PairMessage;

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
        read(&Columns::new(msgs, &g), me, &g)
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
        // Quick exchanges, then A says goodbye and neither writes for 14 days; afterwards
        // B writes first, or A does again and B answers within minutes.
        for restarts in 0..2 {
            let mut msgs = Vec::new();
            for k in 0..40 {
                msgs.push(m(k as f64, k % 2));
            }
            msgs.push(m(40.2, 0));
            for k in 0..40 {
                msgs.push(m(15.0 * 24.0 + k as f64, (k + 1 + restarts) % 2));
            }
            for me in 0..2 {
                let b = read_all(&msgs, me);
                assert!(b.silences.is_empty(), "person {me}: {:?}", b.silences);
                // At most the goodbye bin carries an open wait, and it is short.
                assert!(b.open.iter().all(|o| o.1 < 12.0 * H), "{:?}", b.open);
            }
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
