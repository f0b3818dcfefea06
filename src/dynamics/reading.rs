//! One person's push-pull reading against the others in the chat: warmth against their own
//! baseline and responsiveness (answered and open waits, see [`super::presence`]) over
//! 12-hour bins, segmented into phases and scored. In a two-person chat the others are the
//! partner (the pair reading); in a group each member who wrote enough is read against the
//! rest of the group, so a member who withdraws and returns is found even when they are not
//! one of the two most active people.

use super::columns::Columns;
use super::gaps::{PairMessage, Z_CLIP};
use super::phases::{self, Channel, Fusion, PersonPhases};
use super::presence::{self, Bins, PersonPresence};
use super::pushpull::{self, PersonScore};
use super::stats::robust_loc_scale;

/// One person's reading.
#[derive(Debug, Clone)]
pub struct Reading {
    /// The person's answered and open waits, and their one-sided silences.
    pub presence: PersonPresence,
    /// Warmth against the person's own baseline, per bin.
    pub warmth: Channel,
    /// Responsiveness (quickness of replies, open waits included), per bin.
    pub responsiveness: Channel,
    /// The phases found on the fused level of both channels.
    pub phases: PersonPhases,
    /// The score, reversals and cycles of those phases.
    pub score: PersonScore,
}

/// Reads person `me` (a `who` value of `msgs`) against everyone else in `msgs`; `cols` are
/// the columns of `msgs` on the grid `bins`.
pub fn read(
    msgs: &[PairMessage],
    cols: &Columns,
    me: usize,
    bins: &Bins,
    fusion: Fusion,
) -> Reading {
    let presence = presence::read(cols, me, bins);
    let own: Vec<(usize, f64)> = cols
        .own(me)
        .iter()
        .filter_map(|&i| Some((cols.bin[i] as usize, msgs[i].warmth?)))
        .collect();
    let values: Vec<f64> = own.iter().map(|o| o.1).collect();
    let warmth = match robust_loc_scale(&values) {
        Some((loc, scale)) => Channel::from_observations(
            bins.count,
            own.iter()
                .map(|&(b, w)| (b, ((w - loc) / scale).clamp(-Z_CLIP, Z_CLIP))),
        ),
        None => Channel::from_observations(bins.count, std::iter::empty()),
    };
    let responsiveness = presence.responsiveness(bins.count, &|t| bins.index(t));
    let phases = phases::segment(&warmth, &responsiveness, fusion);
    let score = pushpull::person_score(&phases);
    Reading {
        presence,
        warmth,
        responsiveness,
        phases,
        score,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: f64 = 3600.0;

    fn msg(t: f64, who: usize) -> PairMessage {
        PairMessage {
            index: 0,
            t,
            who,
            warmth: Some(0.5),
            question: false,
            chars: 10,
            words: 2,
        }
    }

    /// A group of four over 160 days: everyone writes daily, answering within minutes;
    /// member `ghost` (if any) vanishes for 5 of every 12 days while the others keep writing.
    fn group(ghost: Option<usize>) -> Vec<PairMessage> {
        let mut msgs = Vec::new();
        let mut x: u64 = 7;
        for day in 0..160 {
            let away = ghost.is_some() && day % 12 >= 7;
            for k in 0..12 {
                x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                let who = ((x >> 33) % 4) as usize;
                if away && Some(who) == ghost {
                    continue;
                }
                let t = day as f64 * 24.0 * H + (9.0 + k as f64) * H + ((x >> 20) % 1800) as f64;
                msgs.push(msg(t, who));
            }
        }
        msgs
    }

    fn bins(msgs: &[PairMessage]) -> Bins {
        let first = Bins::of(msgs[0].t);
        Bins {
            first,
            count: (Bins::of(msgs[msgs.len() - 1].t) - first + 1) as usize,
        }
    }

    #[test]
    fn a_group_member_who_withdraws_and_returns_is_the_one_read_as_push_pull() {
        let msgs = group(Some(2));
        let g = bins(&msgs);
        let cols = Columns::new(&msgs, &g);
        let scores: Vec<f64> = (0..4)
            .map(|p| read(&msgs, &cols, p, &g, Fusion::default()).score.score)
            .collect();
        assert!(scores[2] >= 30.0, "{scores:?}");
        for p in [0, 1, 3] {
            assert!(scores[p] < 20.0, "{scores:?}");
        }
        let steady = group(None);
        let g = bins(&steady);
        let cols = Columns::new(&steady, &g);
        for p in 0..4 {
            let s = read(&steady, &cols, p, &g, Fusion::default()).score.score;
            assert!(s < 20.0, "member {p}: {s}");
        }
    }
}
