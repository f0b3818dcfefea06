//! The evidence a reader can open: the phase list (each phase's dates, messages, median wait
//! and the partner's follow-ups, with the phase's messages on demand) and every change of
//! level in a `<details>` with the messages of both people around it and a divider at the
//! change. Everything reads without script; the page's script only opens a change when its
//! ▼/▲ is selected and searches the quoted messages.

use super::fmt::{date, date_time, duration, opt_duration, phase_key, plural, signed};
use super::html::{not_measured, person_name, plain_name};
use crate::chat::MessageKind;
use crate::dynamics::gaps::FOLLOW_UP_GAP_S;
use crate::dynamics::{Analysis, Band, Boundary, Direction, Phase};
use crate::score::ScoredConversation;
use maud::{html, Markup};

/// Messages listed per phase (all of them are in `messages.csv`).
const PHASE_MESSAGES: usize = 40;
/// Phases per person in the printed summary (the print stylesheet hides the rest).
const PRINTED_PHASES: usize = 15;
/// Messages shown around one change.
const CHANGE_MESSAGES: usize = 14;

/// What one phase of one person holds.
#[derive(Default)]
struct PhaseFacts {
    messages: usize,
    waits: Vec<f64>,
    partner_follow_ups: usize,
    /// Conversation indices of the pair's messages in the phase (the first few).
    listed: Vec<usize>,
    all: usize,
}

fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// The pair's own messages (no system lines, reactions, edits or group events), as
/// conversation indices.
fn pair_messages(scored: &ScoredConversation, pair: [usize; 2]) -> Vec<usize> {
    scored
        .conversation
        .messages
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            crate::dynamics::kinds::is_written(m.kind)
                && m.sender.is_some_and(|s| pair.contains(&s))
        })
        .map(|(i, _)| i)
        .collect()
}

/// Per phase of `person`: their messages and waits, and the partner's follow-ups (a
/// message 20 minutes or more after one's own previous message, as in the analysis).
fn phase_facts(
    scored: &ScoredConversation,
    a: &Analysis,
    person: usize,
    pair_msgs: &[usize],
) -> Vec<PhaseFacts> {
    let phases: &[Phase] = &a.participants[person].phases;
    let msgs = &scored.conversation.messages;
    let mut facts: Vec<PhaseFacts> = phases.iter().map(|_| PhaseFacts::default()).collect();
    let mut prev: Option<usize> = None;
    for &i in pair_msgs {
        let m = &msgs[i];
        let t = m.timestamp.wall_secs();
        let k = phases.partition_point(|p| p.start.wall_secs() <= t);
        let follow_up = prev.is_some_and(|j| {
            msgs[j].sender == m.sender
                && (t - msgs[j].timestamp.wall_secs()) as f64 >= FOLLOW_UP_GAP_S
        });
        prev = Some(i);
        let Some(f) = k.checked_sub(1).and_then(|k| facts.get_mut(k)) else {
            continue;
        };
        if m.sender == Some(person) {
            f.messages += 1;
            f.waits.extend(a.per_message.get(i).and_then(|d| d.wait_s));
        } else if follow_up {
            f.partner_follow_ups += 1;
        }
        f.all += 1;
        if f.listed.len() < PHASE_MESSAGES {
            f.listed.push(i);
        }
    }
    facts
}

/// One quoted message: sender, time, warmth chip, wait, text (partner's turns in grey).
fn message_item(
    scored: &ScoredConversation,
    a: &Analysis,
    i: usize,
    person: usize,
    redacted: bool,
) -> Markup {
    let conv = &scored.conversation;
    let m = &conv.messages[i];
    let warmth = scored
        .scores
        .get(i)
        .copied()
        .flatten()
        .map(|s| s.score.warmth);
    let wait = a.per_message.get(i).and_then(|d| d.wait_s);
    let own = m.sender == Some(person);
    html! {
        li class=(if own { "msg" } else { "msg partner" }) {
            div class="meta" {
                (date_time(&m.timestamp)) " · " span class="who" { (conv.sender_name(m).unwrap_or("?")) }
                @if let Some(w) = warmth {
                    " " span class=(if w >= 0.0 { "chip warm" } else { "chip cold" }) { "warmth " (signed(f64::from(w))) }
                }
                @if let Some(s) = wait { " · replied after " (duration(s)) }
            }
            @if redacted { div class="hidden-text" { "[message text hidden]" } }
            @else if m.kind != MessageKind::Text { div class="hidden-text" { "[" (m.kind.as_str()) "]" } }
            @else { div class="quote" { (m.text) } }
        }
    }
}

fn phase_table(
    scored: &ScoredConversation,
    a: &Analysis,
    person: usize,
    me: Option<usize>,
    redacted: bool,
    pair_msgs: &[usize],
) -> Markup {
    let phases = &a.participants[person].phases;
    let mut facts = phase_facts(scored, a, person, pair_msgs);
    html! {
        h3 { (person_name(a, person, me)) }
        div class="scroll" {
            table {
                caption { "Phases of " (plain_name(a, person)) ", with the other person's follow-ups in each" }
                thead { tr {
                    th scope="col" { "From" } th scope="col" { "To" } th scope="col" { "Phase" }
                    th scope="col" class="n" { "Messages" } th scope="col" class="n" { "Median wait" }
                    th scope="col" class="n" { "Other's follow-ups" }
                } }
                tbody {
                    @for (k, (ph, f)) in phases.iter().zip(facts.iter_mut()).enumerate() {
                        tr {
                            th scope="row" { a href=(format!("#phase-{person}-{k}")) { (date(&ph.start)) } }
                            td { (date(&ph.end)) }
                            td { (phase_key(ph.label)) }
                            td class="n" { (f.messages) }
                            td class="n" { (opt_duration(median(&mut f.waits))) }
                            td class="n" { (f.partner_follow_ups) }
                        }
                    }
                }
            }
        }
        @if phases.len() > PRINTED_PHASES {
            p class="printonly" { "Printed: the first " (PRINTED_PHASES) " of " (phases.len()) " phases; the report on screen lists them all." }
        }
        details class="noprint" {
            summary { "Read the messages of each of " (plain_name(a, person)) "'s phases" }
            @for (k, (ph, f)) in phases.iter().zip(&facts).enumerate() {
                details id=(format!("phase-{person}-{k}")) {
                    summary { (phase_key(ph.label)) " phase, " (date(&ph.start)) " to " (date(&ph.end)) " (" (plural(f.all, "message", "messages")) ")" }
                    ol class="evidence" {
                        @for &i in &f.listed { (message_item(scored, a, i, person, redacted)) }
                    }
                    @if f.all > f.listed.len() { p class="sub" { "First " (f.listed.len()) " of " (f.all) " shown; every message is in messages.csv." } }
                }
            }
        }
    }
}

/// The phase list of each person of the pair.
pub(super) fn phases_section(
    scored: &ScoredConversation,
    a: &Analysis,
    me: Option<usize>,
    redacted: bool,
) -> Markup {
    let pair = a.pair.filter(|_| a.band != Band::NotEnoughData);
    html! {
        section aria-labelledby="phases" {
            h2 id="phases" { "Phases" }
            @if let Some(pair) = pair {
                p class="sub" {
                    "A phase is a stretch of one person's messages at one level of warmth and reply speed. "
                    "Follow-ups are messages sent 20 minutes or more after one's own unanswered message. Open a phase below its table to read its messages."
                }
                @let pair_msgs = pair_messages(scored, pair);
                div class="phase-people" {
                    @for person in pair { div { (phase_table(scored, a, person, me, redacted, &pair_msgs)) } }
                }
            } @else {
                (not_measured(a, "the phase list"))
            }
        }
    }
}

/// The messages shown for one change: each evidence message with the other person's turn
/// just before and just after it, in order, at most [`CHANGE_MESSAGES`].
fn change_messages(scored: &ScoredConversation, b: &Boundary, pair_msgs: &[usize]) -> Vec<usize> {
    let msgs = &scored.conversation.messages;
    let mut out = Vec::new();
    for e in &b.evidence {
        out.push(e.index);
        let at = pair_msgs.partition_point(|&i| i < e.index);
        let other = |&&i: &&usize| msgs[i].sender != Some(b.person);
        out.extend(pair_msgs[..at].iter().rev().find(other));
        out.extend(pair_msgs[at..].iter().find(other));
    }
    out.sort_unstable();
    out.dedup();
    out.truncate(CHANGE_MESSAGES);
    out
}

fn change_details(
    scored: &ScoredConversation,
    a: &Analysis,
    k: usize,
    me: Option<usize>,
    redacted: bool,
    pair_msgs: &[usize],
) -> Markup {
    let b = &a.boundaries[k];
    let shown = change_messages(scored, b, pair_msgs);
    let msgs = &scored.conversation.messages;
    let split = shown.partition_point(|&i| msgs[i].timestamp.wall_secs() < b.at.wall_secs());
    html! {
        details id=(format!("change-{k}")) {
            summary {
                strong { (date(&b.at)) } " — " (person_name(a, b.person, me))
                @match b.direction {
                    Direction::Push => " became cooler / slower ▼",
                    Direction::Pull => " became warmer / quicker ▲",
                }
                " (level " (signed(b.level_before)) " → " (signed(b.level_after))
                @if b.median_wait_before_s.is_some() || b.median_wait_after_s.is_some() {
                    "; median wait " (opt_duration(b.median_wait_before_s)) " → " (opt_duration(b.median_wait_after_s))
                }
                ")"
            }
            @if shown.is_empty() { p class="sub" { "No messages to quote for this change." } }
            ol class="evidence" {
                @for &i in &shown[..split] { (message_item(scored, a, i, b.person, redacted)) }
                li class="divider" { "▲ before · after ▼ — the change, " (date(&b.at)) }
                @for &i in &shown[split..] { (message_item(scored, a, i, b.person, redacted)) }
            }
        }
    }
}

fn cycles_table(a: &Analysis, me: Option<usize>) -> Markup {
    html! {
        @if a.cycles.is_empty() {
            p { "No warm → cool → warm (or cool → warm → cool) cycles were found." }
        } @else {
            p class="sub" {
                "A cycle is a swing away and back again by one person. "
                "Level in the middle: how far the middle phase sat from that person's usual level, in units of their own usual variation (0 = usual, −1 = one unit cooler). "
                "Size of swing: the typical size of the two changes, in the same units."
            }
            div class="scroll" {
                table {
                    caption { "Warm → cool → warm cycles" }
                    thead { tr { th scope="col" { "Who changed" } th scope="col" { "Start" } th scope="col" { "End" } th scope="col" class="n" { "Days" } th scope="col" class="n" { "Level in the middle" } th scope="col" class="n" { "Size of swing" } } }
                    tbody {
                        @for c in &a.cycles {
                            tr {
                                th scope="row" { (person_name(a, c.person, me)) }
                                td { (date(&c.start)) } td { (date(&c.end)) }
                                td class="n" { (format!("{:.1}", c.duration_days)) }
                                td class="n" { (signed(c.level)) }
                                td class="n" { (format!("{:.2}", c.amplitude)) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Cycles, then every change with its messages.
pub(super) fn changes_section(
    scored: &ScoredConversation,
    a: &Analysis,
    me: Option<usize>,
    redacted: bool,
) -> Markup {
    html! {
        section aria-labelledby="cycles" class="noprint" {
            h2 id="cycles" { "Changes and cycles" }
            @if a.band == Band::NotEnoughData { (not_measured(a, "changes and cycles")) }
            @else {
                (cycles_table(a, me))
                @if !a.boundaries.is_empty() {
                    h3 { "Each change, with the messages around it" }
                    p class="sub" {
                        "Open a change to see the messages of both people around it (the other person's in grey), each with its warmth (−1 to +1); the dashed line marks the change."
                    }
                    @if !redacted {
                        p class="noprint" hidden { label { "Search the quoted messages " input id="msg-search" type="search"; } " " span id="msg-status" role="status" {} }
                    }
                    @let pair_msgs = a.pair.map(|p| pair_messages(scored, p)).unwrap_or_default();
                    @for k in 0..a.boundaries.len() { (change_details(scored, a, k, me, redacted, &pair_msgs)) }
                }
            }
        }
    }
}
