//! Descriptive tables for a report: per person and calendar month (messages, initiations,
//! follow-ups, wait quartiles) and the 12-hour timeline of each person of the pair (warmth,
//! responsiveness with open waits, and the open wait itself).

use super::gaps::{PairMessage, Signals};
use super::reading::Reading;
use super::stats::quartiles;
use super::{MonthStats, PersonTimeline, TimelineBin};
use crate::chat::Timestamp;
use crate::score::ScoredConversation;
use chrono::Datelike;
use std::collections::BTreeMap;

pub fn monthly(
    msgs: &[PairMessage],
    s: &Signals,
    pair: [usize; 2],
    sc: &ScoredConversation,
) -> Vec<MonthStats> {
    #[derive(Default)]
    struct Acc {
        messages: usize,
        initiations: usize,
        follow_ups: usize,
        waits: Vec<f64>,
    }
    let mut acc: BTreeMap<(i32, u32, usize), Acc> = BTreeMap::new();
    for (k, m) in msgs.iter().enumerate() {
        let wall = sc.conversation.messages[m.index].timestamp.wall;
        let a = acc.entry((wall.year(), wall.month(), m.who)).or_default();
        a.messages += 1;
        a.initiations += usize::from(s.initiation[k]);
        a.follow_ups += usize::from(s.follow_up[k]);
        if let Some(w) = s.wait[k] {
            a.waits.push(w);
        }
    }
    acc.into_iter()
        .map(|((y, mo, who), a)| {
            let q = quartiles(&a.waits);
            MonthStats {
                month: format!("{y:04}-{mo:02}"),
                person: pair[who],
                messages: a.messages,
                initiations: a.initiations,
                follow_ups: a.follow_ups,
                median_wait_s: q.map(|q| q.1),
                wait_q1_s: q.map(|q| q.0),
                wait_q3_s: q.map(|q| q.2),
                initiation_share: None,
                median_words: None,
                questions: 0,
                open_wait_hours: 0.0,
                unanswered: 0,
            }
        })
        .collect()
}

pub fn timeline(
    msgs: &[PairMessage],
    readings: &[Reading; 2],
    pair: [usize; 2],
    bin: &dyn Fn(f64) -> usize,
    bin_ts: &dyn Fn(usize) -> Timestamp,
) -> Vec<PersonTimeline> {
    let n_bins = readings[0].warmth.mean.len();
    (0..2)
        .map(|p| {
            let mut count = vec![0usize; n_bins];
            let mut warmth = vec![(0.0f64, 0usize); n_bins];
            for m in msgs.iter().filter(|m| m.who == p) {
                let b = bin(m.t);
                count[b] += 1;
                if let Some(w) = m.warmth {
                    warmth[b].0 += w;
                    warmth[b].1 += 1;
                }
            }
            let (wz, resp) = (&readings[p].warmth, &readings[p].responsiveness);
            let mut open = vec![None::<f64>; n_bins];
            for &(b, s, _) in &readings[p].presence.open {
                if b < n_bins {
                    open[b] = Some(open[b].unwrap_or(0.0).max(s / 3600.0));
                }
            }
            let bins = (0..n_bins)
                .map(|b| TimelineBin {
                    start: bin_ts(b),
                    messages: count[b],
                    warmth: (warmth[b].1 > 0).then(|| warmth[b].0 / warmth[b].1 as f64),
                    warmth_z: (wz.count[b] > 0.0).then(|| wz.mean[b]),
                    responsiveness: (resp.count[b] > 0.0).then(|| resp.mean[b]),
                    open_wait_h: open[b],
                })
                .collect();
            PersonTimeline {
                person: pair[p],
                bins,
            }
        })
        .collect()
}
