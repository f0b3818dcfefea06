//! Evidence for a report: every push and pull boundary of the pair with the median waits
//! around it and the person's messages on either side (timestamps, text, warmth, waits),
//! and the warm/cold cycles (one per reversal of a person's levels).

use super::gaps::{PairMessage, Signals};
use super::phases::{PersonPhases, BIN_S};
use super::pushpull::{finite_or_zero, PersonScore};
use super::stats::median;
use super::{Boundary, Cycle, Direction, EvidenceMessage};
use crate::chat::Timestamp;
use crate::score::ScoredConversation;

/// Evidence messages quoted on each side of a boundary, and their maximum length.
const EVIDENCE_PER_SIDE: usize = 3;
const EVIDENCE_MAX_CHARS: usize = 280;

pub fn boundaries(
    sc: &ScoredConversation,
    msgs: &[PairMessage],
    s: &Signals,
    pair: [usize; 2],
    phases: &[PersonPhases; 2],
    bin: &dyn Fn(f64) -> usize,
    bin_ts: &dyn Fn(usize) -> Timestamp,
) -> Vec<Boundary> {
    let conv = &sc.conversation;
    let mut out = Vec::new();
    for p in 0..2 {
        // This person's waits by the bin of the message they answered.
        let mut waits: Vec<(usize, f64)> = (0..msgs.len())
            .filter(|&k| msgs[k].who == p)
            .filter_map(|k| Some((bin(s.trigger_t[k]?), s.wait[k]?)))
            .collect();
        waits.sort_by_key(|w| w.0);
        let median_in = |a: usize, b: usize| {
            let lo = waits.partition_point(|w| w.0 < a);
            let hi = waits.partition_point(|w| w.0 < b);
            let w: Vec<f64> = waits[lo..hi].iter().map(|x| x.1).collect();
            median(&w)
        };
        for pairw in phases[p].segments.windows(2) {
            let (before, after) = (&pairw[0], &pairw[1]);
            let d = after.level - before.level;
            let direction = if d < 0.0 {
                Direction::Push
            } else {
                Direction::Pull
            };
            let at = bin_ts(after.start);
            let at_secs = at.wall_secs() as f64;
            let pos = msgs.partition_point(|m| m.t < at_secs);
            let mut evidence: Vec<usize> = msgs[..pos]
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, m)| m.who == p)
                .take(EVIDENCE_PER_SIDE)
                .map(|(k, _)| k)
                .collect();
            evidence.reverse();
            evidence.extend(
                msgs[pos..]
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| m.who == p)
                    .take(EVIDENCE_PER_SIDE)
                    .map(|(k, _)| pos + k),
            );
            let evidence = evidence
                .into_iter()
                .map(|k| {
                    let m = &conv.messages[msgs[k].index];
                    EvidenceMessage {
                        index: m.index,
                        timestamp: m.timestamp,
                        sender: conv.sender_name(m).unwrap_or_default().to_string(),
                        text: m.text.chars().take(EVIDENCE_MAX_CHARS).collect(),
                        warmth: sc
                            .scores
                            .get(msgs[k].index)
                            .copied()
                            .flatten()
                            .map(|x| x.score.warmth),
                        wait_s: s.wait[k],
                    }
                })
                .collect();
            out.push(Boundary {
                person: pair[p],
                at,
                direction,
                level_before: finite_or_zero(before.level),
                level_after: finite_or_zero(after.level),
                median_wait_before_s: median_in(before.start, before.end),
                median_wait_after_s: median_in(after.start, after.end),
                evidence,
            });
        }
    }
    out.sort_by(|a, b| a.at.cmp(&b.at).then(a.person.cmp(&b.person)));
    out
}

pub fn cycles(
    pair: [usize; 2],
    phases: &[PersonPhases; 2],
    scores: &[PersonScore; 2],
    bin_ts: &dyn Fn(usize) -> Timestamp,
) -> Vec<Cycle> {
    let mut out = Vec::new();
    for p in 0..2 {
        let segs = &phases[p].segments;
        for &k in &scores[p].reversal_middles {
            let (prev, mid, next) = (&segs[k - 1], &segs[k], &segs[k + 1]);
            let amplitude =
                ((mid.level - prev.level).abs() * (next.level - mid.level).abs()).sqrt();
            out.push(Cycle {
                person: pair[p],
                start: bin_ts(prev.start),
                end: bin_ts(next.end),
                duration_days: (next.end - prev.start) as f64 * BIN_S as f64 / 86_400.0,
                level: finite_or_zero(mid.level),
                amplitude: finite_or_zero(amplitude),
            });
        }
    }
    out.sort_by(|a, b| a.start.cmp(&b.start).then(a.person.cmp(&b.person)));
    out
}
