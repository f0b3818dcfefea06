//! Assembles an [`Analysis`] from a scored conversation as a short sequence of named steps:
//! count who wrote, pick the pair, read the pair's gaps, lay the 12-hour grid, read each
//! person (pair, and every group member who wrote enough), describe the behaviour (silences,
//! weeks, months, timeline, conflicts), and score. Any step that finds too little data
//! returns the reason, and [`analyze`] gives it as the one "not enough data" result.

use super::columns::Columns;
use super::effort::{self, Effort, Period, Periods};
use super::gaps::{self, PairMessage, Signals};
use super::kinds;
use super::phases::Fusion;
use super::presence::Bins;
use super::pushpull::{self, finite_or_zero};
use super::reading::{self, Reading};
use super::stats::{median, quartiles};
use super::*;
use super::{evidence, tables};
use chrono::{DateTime, NaiveDateTime};
use rayon::prelude::*;

/// Below these, pair measures are computed but no score or label is given.
pub const MIN_MESSAGES_PER_PERSON: usize = 20;
pub const MIN_ACTIVE_DAYS: usize = 7;
/// Longest span segmented (12-hour bins, ≈ 60 years).
const MAX_BINS: usize = 60 * 730;
/// Nobody writing for this long is a quiet span.
const QUIET_SPAN_S: f64 = 48.0 * 3600.0;

pub fn analyze(sc: &ScoredConversation, fusion: Fusion) -> Analysis {
    let mut a = census(sc);
    // Language scope: in a chat mostly in a language whose warmth is not read, warmth weighs
    // less than timing in the phases, and confidence drops a level (after `measure` sets it).
    let warmth_unread = sc.languages.summary.warmth_unread();
    let fusion = if warmth_unread {
        Fusion {
            warmth_weight: fusion.warmth_weight * UNREAD_WARMTH_WEIGHT,
        }
    } else {
        fusion
    };
    let measured = measure(sc, fusion, &mut a);
    if warmth_unread {
        lower_confidence_for_unread_language(&mut a);
    }
    if let Err(reason) = measured {
        a.label = format!("not enough data: {reason}");
        a.label_kind = LabelKind::NotEnoughData;
        a.confidence.level = ConfidenceLevel::Low;
        if a.confidence.reasons.is_empty() {
            a.confidence.reasons.push(reason);
        }
    }
    a
}

/// The people read in behaviour terms: the pair in a two-person chat, every member who wrote
/// enough in a group, with the messages they are read over.
struct Population {
    /// A group chat (more than two people wrote): members are read against the group.
    group: bool,
    msgs: Vec<PairMessage>,
    cols: Columns,
    /// (`who` in `msgs`, participant index, reading).
    people: Vec<(usize, usize, Reading)>,
}

fn measure(sc: &ScoredConversation, fusion: Fusion, a: &mut Analysis) -> Result<(), String> {
    let pair = choose_pair(a)?;
    let msgs = pair_messages(sc, pair);
    let signals = gaps::signals(&msgs);
    fill_gap_measures(&mut a.participants, pair, &signals);
    for (k, m) in msgs.iter().enumerate() {
        a.per_message[m.index].wait_s = signals.wait[k];
    }
    let everyone = all_messages(sc);
    let bins = grid(&everyone)?;
    let offset_s = sc
        .conversation
        .messages
        .first()
        .and_then(|m| m.timestamp.offset_s);
    let bin_ts = |b: usize| timestamp_at(bins.start_s(b), offset_s);
    let pair_cols = Columns::new(&msgs, &bins);
    let pair_read: [Reading; 2] =
        [0, 1].map(|p| reading::read(&msgs, &pair_cols, p, &bins, fusion));
    a.monthly = tables::monthly(&msgs, &signals, pair, sc);
    add_monthly_effort(a, &msgs, &pair_cols, pair, &pair_read);
    a.timeline = tables::timeline(&msgs, &pair_read, pair, &|t| bins.index(t), &bin_ts);
    a.quiet_spans = quiet_spans(sc, &everyone);
    describe_conflicts(sc, a, &msgs, &signals, pair);
    enough_for_scores(a, pair)?;
    let population = population(
        a,
        everyone,
        (&msgs, pair_cols),
        pair,
        &pair_read,
        &bins,
        fusion,
    );
    describe_behaviour(sc, a, &population);
    score_pair(sc, a, &msgs, &signals, pair, &pair_read, &bins, offset_s);
    score_members(a, &population, pair, &bin_ts);
    Ok(())
}

/// Step 1: messages, text messages and mean warmth per person; active days.
fn census(sc: &ScoredConversation) -> Analysis {
    let conv = &sc.conversation;
    let n_people = conv.participants.len();
    let mut counts = vec![0usize; n_people];
    let mut text_counts = vec![0usize; n_people];
    let mut warmth_sums = vec![(0.0f64, 0usize); n_people];
    let mut days: Vec<i64> = Vec::with_capacity(conv.messages.len());
    for (i, m) in conv.messages.iter().enumerate() {
        if kinds::is_about_another(m.kind) {
            continue;
        }
        days.push(m.timestamp.wall_secs().div_euclid(86_400));
        let Some(p) = m
            .sender
            .filter(|&p| p < n_people && !kinds::is_group_event(m.kind))
        else {
            continue;
        };
        counts[p] += 1;
        text_counts[p] += usize::from(kinds::has_words(m.kind));
        if let Some(w) = warmth_of(sc, i) {
            warmth_sums[p].0 += w;
            warmth_sums[p].1 += 1;
        }
    }
    let own_messages = days.len();
    days.sort_unstable();
    days.dedup();
    let events = conv.event_counts();
    let participants = (0..n_people)
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
            silences: 0,
            longest_silence_h: None,
            open_wait_hours: 0.0,
            unanswered: 0,
            median_words: None,
            questions: 0,
            questions_answered: 0,
            events: events[p],
        })
        .collect();
    Analysis {
        id: conv.id.clone(),
        source: conv.source.files.join("; "),
        app: conv.source.app,
        format: conv.source.format,
        title: conv.title.clone(),
        zone: conv.source.zone.clone(),
        start: conv.messages.first().map(|m| m.timestamp),
        end: conv.messages.last().map(|m| m.timestamp),
        messages: own_messages,
        active_days: days.len(),
        participants,
        pair: None,
        scope_note: None,
        languages: sc.languages.summary.clone(),
        push_pull_score: 0.0,
        band: Band::NotEnoughData,
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
        silences: Vec::new(),
        quiet_spans: Vec::new(),
        weekly: Vec::new(),
        members: Vec::new(),
    }
}

/// Step 2: the pair, the two most active senders (ties: first in the conversation), and the
/// scope note for group chats.
fn choose_pair(a: &mut Analysis) -> Result<[usize; 2], String> {
    let counts: Vec<usize> = a.participants.iter().map(|p| p.messages).collect();
    let mut by_activity: Vec<usize> = (0..counts.len()).filter(|&p| counts[p] > 0).collect();
    by_activity.sort_by(|&x, &y| counts[y].cmp(&counts[x]).then(x.cmp(&y)));
    if by_activity.len() < 2 {
        a.confidence
            .reasons
            .push("fewer than two people wrote".to_string());
        let note = match by_activity.first() {
            Some(&p) => format!(
                "only {} wrote messages: pair measures need two people",
                a.participants[p].name
            ),
            None => "no messages with a sender: nothing to measure".to_string(),
        };
        a.scope_note = Some(note.clone());
        return Err(note);
    }
    let mut pair = [by_activity[0], by_activity[1]];
    pair.sort_unstable();
    a.pair = Some(pair);
    if by_activity.len() > 2 {
        let (x, y) = (&a.participants[pair[0]], &a.participants[pair[1]]);
        a.scope_note = Some(format!(
            "group chat with {} people: waits, phases and scores describe the two most active, {} and {} ({} and {} messages); every other member who wrote at least {MIN_MESSAGES_PER_PERSON} messages is read against the rest of the group",
            by_activity.len(),
            x.name,
            y.name,
            x.messages,
            y.messages
        ));
    }
    Ok(pair)
}

/// Step 3: the 12-hour grid over every written message.
fn grid(everyone: &[PairMessage]) -> Result<Bins, String> {
    let first = everyone.iter().map(|m| Bins::of(m.t)).min().unwrap_or(0);
    let last = everyone.iter().map(|m| Bins::of(m.t)).max().unwrap_or(0);
    let count = (last - first + 1).max(1) as usize;
    if count > MAX_BINS {
        return Err(format!(
            "the messages span {:.0} years (more than {}), which usually means wrong timestamps; phases were not computed",
            count as f64 / 730.5,
            MAX_BINS / 730
        ));
    }
    Ok(Bins { first, count })
}

/// Step 4: conflicts (cold exchanges from both) and demand/withdraw counts of the pair.
fn describe_conflicts(
    sc: &ScoredConversation,
    a: &mut Analysis,
    msgs: &[PairMessage],
    signals: &Signals,
    pair: [usize; 2],
) {
    a.demand_withdraw.events_demanding[pair[0]] = signals.person[0].demands;
    a.demand_withdraw.events_demanding[pair[1]] = signals.person[1].demands;
    a.conflicts = gaps::conflicts(msgs, signals)
        .into_iter()
        .map(|c| ConflictRecovery {
            start: sc.conversation.messages[msgs[c.start].index].timestamp,
            next_message_s: c.next_message_s.to_vec(),
            recovery_hours: c.recovery_hours,
        })
        .collect();
}

/// Step 5: the confidence, and whether there is enough for scores.
fn enough_for_scores(a: &mut Analysis, pair: [usize; 2]) -> Result<(), String> {
    let counts = [
        a.participants[pair[0]].messages,
        a.participants[pair[1]].messages,
    ];
    let names = [
        a.participants[pair[0]].name.as_str(),
        a.participants[pair[1]].name.as_str(),
    ];
    a.confidence = pushpull::confidence(a.active_days, counts, names);
    if counts[0].min(counts[1]) < MIN_MESSAGES_PER_PERSON || a.active_days < MIN_ACTIVE_DAYS {
        return Err(format!(
            "push-pull needs at least {MIN_MESSAGES_PER_PERSON} messages from each person over {MIN_ACTIVE_DAYS} active days"
        ));
    }
    Ok(())
}

/// Step 6: who is read in behaviour terms: the pair of a two-person chat (reusing the pair
/// readings), or every group member with enough messages, read against the rest.
fn population(
    a: &Analysis,
    everyone: Vec<PairMessage>,
    (pair_msgs, pair_cols): (&[PairMessage], Columns),
    pair: [usize; 2],
    pair_read: &[Reading; 2],
    bins: &Bins,
    fusion: Fusion,
) -> Population {
    let senders = a.participants.iter().filter(|p| p.messages > 0).count();
    if senders <= 2 {
        return Population {
            group: false,
            msgs: pair_msgs.to_vec(),
            cols: pair_cols,
            people: vec![
                (0, pair[0], pair_read[0].clone()),
                (1, pair[1], pair_read[1].clone()),
            ],
        };
    }
    let cols = Columns::new(&everyone, bins);
    let members: Vec<usize> = (0..a.participants.len())
        .filter(|&p| a.participants[p].messages >= MIN_MESSAGES_PER_PERSON)
        .collect();
    // Members are read independently of each other: in parallel, in member order.
    let people = members
        .into_par_iter()
        .map(|p| (p, p, reading::read(&everyone, &cols, p, bins, fusion)))
        .collect();
    Population {
        group: true,
        msgs: everyone,
        cols,
        people,
    }
}

/// Step 7: one-sided silences, weekly initiative and effort, and the per-person totals.
fn describe_behaviour(sc: &ScoredConversation, a: &mut Analysis, pop: &Population) {
    let conv = &sc.conversation;
    if pop.msgs.is_empty() {
        return;
    }
    let starts = effort::initiations(&pop.msgs);
    let weeks_of = Periods::new(Period::Week, &pop.cols.t, &starts);
    let to_participant = |who: usize| pop.people.iter().find(|p| p.0 == who).map_or(who, |p| p.1);
    let ts = |t: f64| {
        let k = pop
            .msgs
            .partition_point(|m| m.t < t)
            .min(pop.msgs.len() - 1);
        conv.messages[pop.msgs[k].index].timestamp
    };
    for (who, person, r) in &pop.people {
        let p = &mut a.participants[*person];
        for &k in &r.presence.silences {
            let w = &r.presence.waits[k];
            a.silences.push(Silence {
                silent: *person,
                waiting: to_participant(w.main_writer),
                start: ts(w.start),
                end: ts(w.end),
                answered: w.answered,
                unanswered: w.unanswered,
                hours: w.seconds() / 3600.0,
            });
            p.silences += 1;
            p.longest_silence_h =
                Some(p.longest_silence_h.unwrap_or(0.0).max(w.seconds() / 3600.0));
        }
        let weeks = effort::per_period(&pop.msgs, &pop.cols, *who, &r.presence, &starts, &weeks_of);
        p.open_wait_hours = weeks.iter().map(|e| e.open_wait_hours).sum();
        p.unanswered = weeks.iter().map(|e| e.unanswered).sum();
        p.questions = weeks.iter().map(|e| e.questions).sum();
        p.questions_answered = weeks.iter().map(|e| e.questions_answered).sum();
        let words: Vec<f64> = pop
            .cols
            .own(*who)
            .iter()
            .map(|&i| pop.msgs[i].words)
            .filter(|&w| w > 0)
            .map(|w| w as f64)
            .collect();
        p.median_words = median(&words);
        a.weekly
            .extend(weeks.iter().map(|e| week_stats(e, *person)));
    }
    a.silences
        .sort_by(|x, y| x.start.cmp(&y.start).then(x.silent.cmp(&y.silent)));
    a.weekly
        .sort_by(|x, y| x.week.cmp(&y.week).then(x.person.cmp(&y.person)));
}

fn week_stats(e: &Effort, person: usize) -> WeekStats {
    WeekStats {
        week: Period::Week.label(e.period),
        person,
        messages: e.messages,
        active_days: e.active_days,
        initiations: e.initiations,
        initiation_share: e.initiation_share,
        median_words: e.median_words,
        questions: e.questions,
        questions_answered: e.questions_answered,
        partner_double_texts: e.partner_double_texts,
        median_wait_s: e.median_wait_s,
        open_wait_hours: e.open_wait_hours,
        unanswered: e.unanswered,
    }
}

/// Initiative and effort of the pair per calendar month, added to the monthly rows.
fn add_monthly_effort(
    a: &mut Analysis,
    msgs: &[PairMessage],
    cols: &Columns,
    pair: [usize; 2],
    r: &[Reading; 2],
) {
    let starts = effort::initiations(msgs);
    let months = Periods::new(Period::Month, &cols.t, &starts);
    for p in 0..2 {
        for e in effort::per_period(msgs, cols, p, &r[p].presence, &starts, &months) {
            let label = Period::Month.label(e.period);
            if let Some(m) = a
                .monthly
                .iter_mut()
                .find(|m| m.person == pair[p] && m.month == label)
            {
                m.initiation_share = e.initiation_share;
                m.median_words = e.median_words;
                m.questions = e.questions;
                m.open_wait_hours = e.open_wait_hours;
                m.unanswered = e.unanswered;
            }
        }
    }
}

/// Step 8: the pair's phases, scores, label, coupling, boundaries and cycles.
#[allow(clippy::too_many_arguments)]
fn score_pair(
    sc: &ScoredConversation,
    a: &mut Analysis,
    msgs: &[PairMessage],
    signals: &Signals,
    pair: [usize; 2],
    r: &[Reading; 2],
    bins: &Bins,
    offset_s: Option<i32>,
) {
    let bin = |t: f64| bins.index(t);
    let bin_ts = |b: usize| timestamp_at(bins.start_s(b), offset_s);
    let bin_labels: [Vec<i8>; 2] = [0, 1].map(|p| {
        let mut l = vec![0i8; bins.count];
        for s in &r[p].phases.segments {
            l[s.start..s.end].fill(s.label);
        }
        l
    });
    for m in msgs {
        a.per_message[m.index].phase = Some(phase_label(bin_labels[m.who][bin(m.t)]));
    }
    for p in 0..2 {
        fill_score(&mut a.participants[pair[p]], &r[p], &bin_ts);
    }
    let scores = [r[0].score.score, r[1].score.score];
    let x = usize::from(scores[1] > scores[0]);
    let coupling = pursuit_coupling(msgs, signals, &bin_labels[x], 1 - x, &bin);
    let dw = [signals.person[0].demands, signals.person[1].demands];
    let (yx, xy) = (dw[1 - x] as f64, dw[x] as f64);
    a.demand_withdraw.polarity = (yx + xy > 0.0).then(|| (yx - xy) / (yx + xy));
    let names = [
        a.participants[pair[0]].name.as_str(),
        a.participants[pair[1]].name.as_str(),
    ];
    let (kind, label) = pushpull::label(scores, names, coupling, phases_agree(&bin_labels));
    a.push_pull_score = scores[0].max(scores[1]);
    a.band = pushpull::band(a.push_pull_score);
    a.label = label;
    a.label_kind = kind;
    a.pursuit_coupling = coupling;
    let phases = [r[0].phases.clone(), r[1].phases.clone()];
    a.boundaries = evidence::boundaries(sc, msgs, signals, pair, &phases, &bin, &bin_ts);
    let scores = [r[0].score.clone(), r[1].score.clone()];
    a.cycles = evidence::cycles(pair, &phases, &scores, &bin_ts);
}

/// Step 9 (groups): every member's own reading; a member outside the pair who scores above
/// both of the pair carries the conversation's score and label.
fn score_members(
    a: &mut Analysis,
    pop: &Population,
    pair: [usize; 2],
    bin_ts: &dyn Fn(usize) -> Timestamp,
) {
    if !pop.group {
        return;
    }
    let total: usize = pop.msgs.len();
    let starts = effort::initiations(&pop.msgs);
    let all_starts = starts.iter().filter(|&&s| s).count();
    for (who, person, r) in &pop.people {
        let mine = pop.cols.own(*who);
        let mut days: Vec<i64> = mine
            .iter()
            .map(|&i| (pop.cols.t[i] as i64).div_euclid(86_400))
            .collect();
        days.dedup();
        let waits: Vec<f64> = r
            .presence
            .waits
            .iter()
            .filter(|w| w.answered)
            .map(|w| w.seconds())
            .collect();
        let inits = mine.iter().filter(|&&i| starts[i]).count();
        a.members.push(MemberReading {
            person: *person,
            messages: mine.len(),
            message_share: mine.len() as f64 / total.max(1) as f64,
            active_days: days.len(),
            median_wait_s: median(&waits),
            initiation_share: (all_starts > 0).then(|| inits as f64 / all_starts as f64),
            push_pull_score: r.score.score,
            band: pushpull::band(r.score.score),
            reversals: r.score.reversals,
            cycles: r.score.cycles,
            amplitude: r.score.amplitude,
            silences: r.presence.silences.len(),
            phases: phases_of(r, bin_ts),
        });
        if !pair.contains(person) {
            fill_score(&mut a.participants[*person], r, bin_ts);
        }
    }
    let best = a
        .members
        .iter()
        .filter(|m| !pair.contains(&m.person))
        .max_by(|x, y| {
            x.push_pull_score
                .total_cmp(&y.push_pull_score)
                .then(y.person.cmp(&x.person))
        });
    if let Some(m) = best {
        if m.push_pull_score > a.push_pull_score {
            a.push_pull_score = m.push_pull_score;
            a.band = pushpull::band(m.push_pull_score);
            if m.push_pull_score >= pushpull::LABEL_THRESHOLD {
                a.label_kind = LabelKind::RunsHotAndCold;
                a.label = format!(
                    "{} runs hot and cold in the group",
                    a.participants[m.person].name
                );
            }
        }
    }
}

fn fill_score(pd: &mut PersonDynamics, r: &Reading, bin_ts: &dyn Fn(usize) -> Timestamp) {
    let s = &r.score;
    pd.push_pull_score = Some(s.score);
    pd.band = Some(pushpull::band(s.score));
    pd.reversals = s.reversals;
    pd.cycles = s.cycles;
    pd.amplitude = s.amplitude;
    pd.regularity_cv = s.regularity_cv;
    pd.phases = phases_of(r, bin_ts);
}

fn phases_of(r: &Reading, bin_ts: &dyn Fn(usize) -> Timestamp) -> Vec<Phase> {
    r.phases
        .segments
        .iter()
        .map(|seg| Phase {
            start: bin_ts(seg.start),
            end: bin_ts(seg.end),
            label: phase_label(seg.label),
            level: finite_or_zero(seg.level),
        })
        .collect()
}

/// Stretches of ≥ 48 h in which nobody wrote.
fn quiet_spans(sc: &ScoredConversation, everyone: &[PairMessage]) -> Vec<QuietSpan> {
    everyone
        .windows(2)
        .filter(|w| w[1].t - w[0].t >= QUIET_SPAN_S)
        .map(|w| QuietSpan {
            start: sc.conversation.messages[w[0].index].timestamp,
            end: sc.conversation.messages[w[1].index].timestamp,
            hours: (w[1].t - w[0].t) / 3600.0,
        })
        .collect()
}

fn warmth_of(sc: &ScoredConversation, i: usize) -> Option<f64> {
    sc.scores
        .get(i)
        .copied()
        .flatten()
        .map(|s| f64::from(s.score.warmth))
        .filter(|w| w.is_finite())
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

/// Every written message with a sender, `who` being the participant index.
fn all_messages(sc: &ScoredConversation) -> Vec<PairMessage> {
    messages_where(sc, Some)
}

/// The messages of the two people in `pair`, `who` being 0 or 1.
fn pair_messages(sc: &ScoredConversation, pair: [usize; 2]) -> Vec<PairMessage> {
    messages_where(sc, |p| pair.iter().position(|&q| q == p))
}

/// Written messages (system lines are left out: they are not something a person wrote to the
/// others) whose sender `who_of` maps to a `who`.
fn messages_where(
    sc: &ScoredConversation,
    who_of: impl Fn(usize) -> Option<usize>,
) -> Vec<PairMessage> {
    // Instants on the chat's first clock, so a wait across a daylight-saving change is right.
    let clock = sc
        .conversation
        .messages
        .first()
        .and_then(|m| m.timestamp.offset_s);
    sc.conversation
        .messages
        .iter()
        .enumerate()
        .filter(|(_, m)| kinds::is_written(m.kind))
        .filter_map(|(i, m)| {
            let who = who_of(m.sender?)?;
            let words = kinds::has_words(m.kind);
            Some(PairMessage {
                index: i,
                t: m.timestamp.secs_on_clock(clock) as f64,
                who,
                warmth: warmth_of(sc, i),
                question: words && m.text.trim_end().ends_with('?'),
                chars: if words { m.text.chars().count() } else { 0 },
                words: if words {
                    m.text.split_whitespace().count()
                } else {
                    0
                },
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

/// How much of its usual weight warmth keeps against timing in a chat whose warmth is not
/// read (an unsupported language).
const UNREAD_WARMTH_WEIGHT: f64 = 0.25;

/// One confidence level down for a chat whose warmth is not read, with the reason in words.
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
