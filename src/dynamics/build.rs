//! Assembles an [`Analysis`] from a scored conversation: picks the pair, runs the gap
//! signals, the per-person phases and scores, and gathers boundaries with their evidence,
//! cycles, monthly statistics, demand/withdraw, conflicts and the timeline.

use super::gaps::{self, PairMessage, Signals};
use super::phases::{self, Channel, PersonPhases, BIN_S};
use super::pushpull::{self, finite_or_zero, PersonScore};
use super::stats::quartiles;
use super::*;
use super::{evidence, tables};
use crate::chat::MessageKind;
use chrono::{DateTime, NaiveDateTime};

/// Below these, pair measures are computed but no score or label is given.
pub const MIN_MESSAGES_PER_PERSON: usize = 20;
pub const MIN_ACTIVE_DAYS: usize = 7;
/// Longest span segmented (12-hour bins, ≈ 60 years).
const MAX_BINS: usize = 60 * 730;

pub fn analyze(sc: &ScoredConversation) -> Analysis {
    let conv = &sc.conversation;
    let n_people = conv.participants.len();
    let offset_s = conv.messages.first().and_then(|m| m.timestamp.offset_s);
    let mut counts = vec![0usize; n_people];
    let mut text_counts = vec![0usize; n_people];
    let mut warmth_sums = vec![(0.0f64, 0usize); n_people];
    let mut days: Vec<i64> = Vec::with_capacity(conv.messages.len());
    for (i, m) in conv.messages.iter().enumerate() {
        days.push(m.timestamp.wall_secs().div_euclid(86_400));
        let Some(p) = m.sender.filter(|&p| p < n_people) else {
            continue;
        };
        counts[p] += 1;
        if m.kind == MessageKind::Text {
            text_counts[p] += 1;
        }
        if let Some(w) = warmth_of(sc, i) {
            warmth_sums[p].0 += w;
            warmth_sums[p].1 += 1;
        }
    }
    days.sort_unstable();
    days.dedup();
    let active_days = days.len();

    let mut participants: Vec<PersonDynamics> = (0..n_people)
        .map(|p| PersonDynamics {
            name: conv.participants[p].name.clone(),
            messages: counts[p],
            text_messages: text_counts[p],
            mean_warmth: (warmth_sums[p].1 > 0).then(|| warmth_sums[p].0 / warmth_sums[p].1 as f64),
            push_pull_score: None,
            band: None,
            reversals: 0,
            cycles: 0,
            amplitude: 0.0,
            regularity_cv: None,
            median_wait_s: None,
            wait_q1_s: None,
            wait_q3_s: None,
            initiations: 0,
            reinitiations: 0,
            initiation_share: None,
            follow_ups: 0,
            pursuit_bursts: 0,
            phases: Vec::new(),
        })
        .collect();

    let mut analysis = Analysis {
        id: conv.id.clone(),
        source: conv.source.files.join("; "),
        app: conv.source.app,
        format: conv.source.format,
        title: conv.title.clone(),
        start: conv.messages.first().map(|m| m.timestamp),
        end: conv.messages.last().map(|m| m.timestamp),
        messages: conv.messages.len(),
        active_days,
        participants: Vec::new(),
        pair: None,
        scope_note: None,
        languages: sc.languages.summary.clone(),
        push_pull_score: 0.0,
        band: Band::NoEvidence,
        label: "not enough data".to_string(),
        label_kind: LabelKind::NotEnoughData,
        confidence: Confidence {
            value: 0.0,
            level: ConfidenceLevel::Low,
            reasons: Vec::new(),
        },
        pursuit_coupling: None,
        boundaries: Vec::new(),
        cycles: Vec::new(),
        monthly: Vec::new(),
        demand_withdraw: DemandWithdraw {
            events_demanding: vec![0; n_people],
            polarity: None,
        },
        conflicts: Vec::new(),
        timeline: Vec::new(),
        per_message: vec![MessageDynamics::default(); conv.messages.len()],
    };

    // The pair: the two most active senders (ties: first in the conversation).
    let mut by_activity: Vec<usize> = (0..n_people).filter(|&p| counts[p] > 0).collect();
    by_activity.sort_by(|&a, &b| counts[b].cmp(&counts[a]).then(a.cmp(&b)));
    if by_activity.len() < 2 {
        let who = by_activity
            .first()
            .map(|&p| conv.participants[p].name.as_str());
        analysis.scope_note = Some(match who {
            Some(name) => format!("only {name} wrote messages: pair measures need two people"),
            None => "no messages with a sender: nothing to measure".to_string(),
        });
        analysis
            .confidence
            .reasons
            .push("fewer than two people wrote".to_string());
        analysis.participants = participants;
        return analysis;
    }
    let mut pair = [by_activity[0], by_activity[1]];
    pair.sort_unstable();
    analysis.pair = Some(pair);
    let names = [
        conv.participants[pair[0]].name.as_str(),
        conv.participants[pair[1]].name.as_str(),
    ];
    if by_activity.len() > 2 {
        analysis.scope_note = Some(format!(
            "group chat with {} people: waits, phases and scores describe the two most active, {} and {} ({} and {} messages); the others have message counts only",
            by_activity.len(),
            names[0],
            names[1],
            counts[pair[0]],
            counts[pair[1]]
        ));
    }

    let msgs = pair_messages(sc, pair);
    let signals = gaps::signals(&msgs);
    fill_gap_measures(&mut participants, pair, &signals);

    analysis.monthly = tables::monthly(&msgs, &signals, pair, sc);
    for (k, m) in msgs.iter().enumerate() {
        analysis.per_message[m.index].wait_s = signals.wait[k];
    }

    let first_bin = msgs.iter().map(|m| bin_of(m.t)).min().unwrap_or(0);
    let last_bin = msgs.iter().map(|m| bin_of(m.t)).max().unwrap_or(0);
    let n_bins = (last_bin - first_bin + 1).max(1) as usize;
    if n_bins > MAX_BINS {
        analysis.label = format!(
            "not enough data: the messages span {:.0} years (more than {}), which usually means wrong timestamps; phases were not computed",
            n_bins as f64 / 730.5,
            MAX_BINS / 730
        );
        analysis.participants = participants;
        return analysis;
    }
    let bin = |t: f64| ((bin_of(t) - first_bin).max(0) as usize).min(n_bins - 1);
    let bin_ts = |b: usize| timestamp_at((first_bin + b as i64) * BIN_S, offset_s);

    let channels: [(Channel, Channel); 2] = [0, 1].map(|p| {
        let warmth = Channel::from_observations(
            n_bins,
            msgs.iter()
                .zip(&signals.warmth_z)
                .filter(|(m, _)| m.who == p)
                .filter_map(|(m, z)| z.map(|z| (bin(m.t), z))),
        );
        let responsiveness = Channel::from_observations(
            n_bins,
            (0..msgs.len())
                .filter(|&i| msgs[i].who == p)
                .filter_map(|i| {
                    let z = signals.latency_z[i]?;
                    Some((bin(signals.trigger_t[i]?), -z))
                }),
        );
        (warmth, responsiveness)
    });

    analysis.timeline = tables::timeline(&msgs, &channels, pair, &bin, &bin_ts);
    let dw = [signals.person[0].demands, signals.person[1].demands];
    analysis.demand_withdraw.events_demanding[pair[0]] = dw[0];
    analysis.demand_withdraw.events_demanding[pair[1]] = dw[1];
    analysis.conflicts = gaps::conflicts(&msgs, &signals)
        .into_iter()
        .map(|c| ConflictRecovery {
            start: conv.messages[msgs[c.start].index].timestamp,
            next_message_s: c.next_message_s.to_vec(),
            recovery_hours: c.recovery_hours,
        })
        .collect();

    let pair_counts = [counts[pair[0]], counts[pair[1]]];
    analysis.confidence = pushpull::confidence(active_days, pair_counts, names);
    // ── Language scope (lang) ── a chat mostly in a language whose warmth is not read:
    // confidence drops a level here, and warmth weighs less than timing in the phases below.
    let warmth_unread = sc.languages.summary.warmth_unread();
    if warmth_unread {
        lower_confidence_for_unread_language(&mut analysis);
    }
    if pair_counts[0].min(pair_counts[1]) < MIN_MESSAGES_PER_PERSON || active_days < MIN_ACTIVE_DAYS
    {
        analysis.confidence.level = ConfidenceLevel::Low;
        analysis.label = format!(
            "not enough data: push-pull needs at least {MIN_MESSAGES_PER_PERSON} messages from each person over {MIN_ACTIVE_DAYS} active days"
        );
        analysis.participants = participants;
        return analysis;
    }

    // ── Language scope (lang) ── unread warmth: its bins count as a quarter of their
    // messages, so the phases rest on reply timing (σ²_w/n weighs four times as much).
    let mut channels = channels;
    if warmth_unread {
        for (warmth, _) in &mut channels {
            warmth
                .count
                .iter_mut()
                .for_each(|c| *c *= UNREAD_WARMTH_WEIGHT);
        }
    }
    let person_phases: [PersonPhases; 2] =
        [0, 1].map(|p| phases::segment(&channels[p].0, &channels[p].1));
    let scores: [PersonScore; 2] = [0, 1].map(|p| pushpull::person_score(&person_phases[p]));
    let bin_labels: [Vec<i8>; 2] = [0, 1].map(|p| {
        let mut l = vec![0i8; n_bins];
        for s in &person_phases[p].segments {
            l[s.start..s.end].fill(s.label);
        }
        l
    });
    for m in &msgs {
        analysis.per_message[m.index].phase = Some(phase_label(bin_labels[m.who][bin(m.t)]));
    }
    for p in 0..2 {
        let pd = &mut participants[pair[p]];
        let s = &scores[p];
        pd.push_pull_score = Some(s.score);
        pd.band = Some(pushpull::band(s.score));
        pd.reversals = s.reversals;
        pd.cycles = s.cycles;
        pd.amplitude = s.amplitude;
        pd.regularity_cv = s.regularity_cv;
        pd.phases = person_phases[p]
            .segments
            .iter()
            .map(|seg| Phase {
                start: bin_ts(seg.start),
                end: bin_ts(seg.end),
                label: phase_label(seg.label),
                level: finite_or_zero(seg.level),
            })
            .collect();
    }

    let x = if scores[1].score > scores[0].score {
        1
    } else {
        0
    };
    let coupling = pursuit_coupling(&msgs, &signals, &bin_labels[x], 1 - x, &bin);
    let polarity = {
        let (yx, xy) = (dw[1 - x] as f64, dw[x] as f64);
        (yx + xy > 0.0).then(|| (yx - xy) / (yx + xy))
    };
    let agree = phases_agree(&bin_labels);
    let (kind, label) = pushpull::label([scores[0].score, scores[1].score], names, coupling, agree);
    analysis.push_pull_score = scores[0].score.max(scores[1].score);
    analysis.band = pushpull::band(analysis.push_pull_score);
    analysis.label = label;
    analysis.label_kind = kind;
    analysis.pursuit_coupling = coupling;
    analysis.demand_withdraw.polarity = polarity;
    analysis.boundaries =
        evidence::boundaries(sc, &msgs, &signals, pair, &person_phases, &bin, &bin_ts);
    analysis.cycles = evidence::cycles(pair, &person_phases, &scores, &bin_ts);
    analysis.participants = participants;
    analysis
}

fn warmth_of(sc: &ScoredConversation, i: usize) -> Option<f64> {
    sc.scores
        .get(i)
        .copied()
        .flatten()
        .map(|s| f64::from(s.score.warmth))
        .filter(|w| w.is_finite())
}

fn bin_of(t: f64) -> i64 {
    (t as i64).div_euclid(BIN_S)
}

fn timestamp_at(wall_secs: i64, offset_s: Option<i32>) -> Timestamp {
    let wall = DateTime::from_timestamp(wall_secs, 0)
        .map(|d| d.naive_utc())
        .unwrap_or(NaiveDateTime::MIN);
    Timestamp { wall, offset_s }
}

fn phase_label(l: i8) -> PhaseLabel {
    match l {
        1 => PhaseLabel::Warmer,
        -1 => PhaseLabel::Cooler,
        _ => PhaseLabel::Steady,
    }
}

/// The messages of the two people in `pair`, with the signals the stage needs (system lines
/// are left out: they are not something a person wrote to the other).
fn pair_messages(sc: &ScoredConversation, pair: [usize; 2]) -> Vec<PairMessage> {
    sc.conversation
        .messages
        .iter()
        .enumerate()
        .filter_map(|(i, m)| {
            let who = match m.sender {
                _ if m.kind == MessageKind::System => return None,
                Some(p) if p == pair[0] => 0,
                Some(p) if p == pair[1] => 1,
                _ => return None,
            };
            let is_text = m.kind == MessageKind::Text;
            Some(PairMessage {
                index: i,
                t: m.timestamp.wall_secs() as f64,
                who,
                warmth: warmth_of(sc, i),
                question: is_text && m.text.trim_end().ends_with('?'),
                chars: if is_text { m.text.chars().count() } else { 0 },
            })
        })
        .collect()
}

fn fill_gap_measures(participants: &mut [PersonDynamics], pair: [usize; 2], s: &Signals) {
    let inits = s.person[0].initiations + s.person[1].initiations;
    for p in 0..2 {
        let g = &s.person[p];
        let pd = &mut participants[pair[p]];
        if let Some((q1, q2, q3)) = quartiles(&g.waits) {
            pd.wait_q1_s = Some(q1);
            pd.median_wait_s = Some(q2);
            pd.wait_q3_s = Some(q3);
        }
        pd.initiations = g.initiations;
        pd.reinitiations = g.reinitiations;
        pd.initiation_share = (inits > 0).then(|| g.initiations as f64 / inits as f64);
        pd.follow_ups = g.follow_ups;
        pd.pursuit_bursts = g.pursuit_bursts;
    }
}

/// Y's follow-ups per bin in X's cooler bins ÷ per bin in X's warmer bins. `None` when X
/// has no cooler or no warmer bins; with no follow-ups in warmer bins, half a follow-up is
/// assumed there so the ratio stays finite.
fn pursuit_coupling(
    msgs: &[PairMessage],
    s: &Signals,
    x_labels: &[i8],
    y: usize,
    bin: &dyn Fn(f64) -> usize,
) -> Option<f64> {
    let cool_bins = x_labels.iter().filter(|&&l| l < 0).count();
    let warm_bins = x_labels.iter().filter(|&&l| l > 0).count();
    if cool_bins == 0 || warm_bins == 0 {
        return None;
    }
    let (mut in_cool, mut in_warm) = (0.0, 0.0);
    for (k, m) in msgs.iter().enumerate() {
        if m.who == y && s.follow_up[k] {
            match x_labels[bin(m.t)] {
                l if l < 0 => in_cool += 1.0,
                l if l > 0 => in_warm += 1.0,
                _ => {}
            }
        }
    }
    let ratio = (in_cool / cool_bins as f64) / (f64::max(in_warm, 0.5) / warm_bins as f64);
    Some(finite_or_zero(ratio))
}

/// Whether the two people's warmer/cooler bins mostly coincide (≥ 70% of bins where both
/// have a non-steady label).
fn phases_agree(labels: &[Vec<i8>; 2]) -> bool {
    let (mut both, mut same) = (0usize, 0usize);
    for (a, b) in labels[0].iter().zip(&labels[1]) {
        if *a != 0 && *b != 0 {
            both += 1;
            same += usize::from(a == b);
        }
    }
    both > 0 && same as f64 >= 0.7 * both as f64
}

/// ── Language scope (lang) ── the weight of a warmth observation relative to timing in a
/// chat whose warmth is not read.
const UNREAD_WARMTH_WEIGHT: f64 = 0.25;

/// ── Language scope (lang) ── one confidence level down, with the reason in plain words.
fn lower_confidence_for_unread_language(analysis: &mut Analysis) {
    analysis.confidence.level = match analysis.confidence.level {
        ConfidenceLevel::High => ConfidenceLevel::Medium,
        _ => ConfidenceLevel::Low,
    };
    let main = analysis
        .languages
        .main
        .map_or("another language", |l| l.name());
    analysis.confidence.reasons.push(format!(
        "the chat is mostly {main}, whose warmth is not read: the findings rest on reply timing, silence and initiative"
    ));
}
