//! The report page for one conversation: the summary card, the people table, the charts,
//! the phase list and each change with its messages, month by month, demand/withdraw and
//! the method. The index page is in [`super::index`], the page shell in [`super::page`].
//!
//! Pages are built with maud, which escapes every interpolated value, so chat text and
//! names (untrusted) can never become markup. Every number the page states about the
//! analysis is wrapped by [`stat`] with the path of the `summary.json` field it shows, so
//! the tests can check the page against `summary.json`.

use super::charts::{wait_chart, warmth_timeline};
use super::evidence::{changes_section, phases_section};
use super::fmt::{
    band_key, band_name, conversation_title, date, date_time, duration, opt_duration, plural,
    score_text, signed,
};
use super::page::{page, REPORT_SCRIPT};
use super::ReportOptions;
use crate::dynamics::{Analysis, Band, ConfidenceLevel, LabelKind, PersonDynamics, PhaseLabel};
use crate::score::ScoredConversation;
use maud::{html, Markup};

/// A number the page states, tagged with the `summary.json` path it comes from
/// (`participants.0.follow_ups`).
pub(super) fn stat(path: &str, text: String) -> Markup {
    html! { span data-json=(path) { (text) } }
}

/// A person's name with their colour dot and "(you)" when it is the user's side.
pub(super) fn person_name(a: &Analysis, i: usize, me: Option<usize>) -> Markup {
    let name = a
        .participants
        .get(i)
        .map(|p| p.name.as_str())
        .unwrap_or("?");
    html! {
        span class="who" {
            span class=(format!("chip-dot p{}", super::charts::person_slot(i))) aria-hidden="true" {}
            (name)
        }
        @if me == Some(i) { " " span class="you" { "(you)" } }
    }
}

/// Plain name of participant `i` (for sentences and labels).
pub(super) fn plain_name(a: &Analysis, i: usize) -> &str {
    a.participants
        .get(i)
        .map(|p| p.name.as_str())
        .unwrap_or("?")
}

/// The paragraph that stands in for a chart or table when there was too little data: says
/// that it was not measured (never "none found") and why.
pub(super) fn not_measured(a: &Analysis, what: &str) -> Markup {
    let reason = a
        .label
        .trim_start_matches("not enough data")
        .trim_start_matches(':')
        .trim();
    html! {
        p class="nodata" {
            strong { "Not measured: " } (what) " — not enough data"
            @if !reason.is_empty() { " (" (reason) ")" }
            @if let Some(note) = &a.scope_note { "; " (note) }
            "."
        }
    }
}

/// The plain-language lines under the score, each number tagged.
fn person_sentence(p: &PersonDynamics, i: usize) -> Markup {
    let key = |field: &str| format!("participants.{i}.{field}");
    html! {
        @if p.reversals > 0 {
            "switched between warmer and cooler stretches "
            (stat(&key("reversals"), p.reversals.to_string())) (if p.reversals == 1 { " time (" } else { " times (" })
            (stat(&key("cycles"), p.cycles.to_string())) (if p.cycles == 1 { " full cycle)" } else { " full cycles)" })
        } @else {
            "showed no back-and-forth between warmer and cooler stretches"
        }
        @if let Some(m) = p.median_wait_s {
            "; usually replied within " (stat(&key("median_wait_s"), duration(m)))
            @if let (Some(a), Some(b)) = (p.wait_q1_s, p.wait_q3_s) {
                " (middle half of waits: " (stat(&key("wait_q1_s"), duration(a))) " to " (stat(&key("wait_q3_s"), duration(b))) ")"
            }
        }
        @if let Some(s) = p.initiation_share {
            "; started " (stat(&key("initiation_share"), format!("{:.0}%", s * 100.0)))
            " of conversations after a silence of 6 hours or more"
        }
        @if p.follow_ups > 0 {
            "; sent " (stat(&key("follow_ups"), p.follow_ups.to_string()))
            (if p.follow_ups == 1 { " follow-up" } else { " follow-ups" })
            " (a second message 20 minutes or more after their own unanswered one)"
        }
    }
}

/// The card's score column: the number (or "—"), the band, and the 0–100 scale.
fn score_column(a: &Analysis) -> Markup {
    let scale = [
        (Band::NoEvidence, "0–19 no evidence"),
        (Band::Some, "20–50 some"),
        (Band::Strong, "51–100 strong"),
    ];
    html! {
        div class="score" {
            @if a.band == Band::NotEnoughData {
                b aria-label="no score" { (score_text(a.band, a.push_pull_score)) }
            } @else {
                b { (stat("push_pull_score", score_text(a.band, a.push_pull_score))) }
            }
            small { "push-pull score, 0 to 100" br; strong { (band_name(a.band)) } }
            div class="scale" aria-label="score bands" {
                @for (band, text) in scale {
                    span class=(if band == a.band { "on" } else { "" }) { (text) }
                }
            }
        }
    }
}

/// One line of evidence under the headline claim.
fn headline_evidence(a: &Analysis) -> Markup {
    let Some(pair) = a.pair else { return html! {} };
    // X is the person with the higher score (as for pursuit_coupling in the analysis).
    let score = |i: usize| a.participants[i].push_pull_score.unwrap_or(0.0);
    let (x, y) = if score(pair[1]) > score(pair[0]) {
        (pair[1], pair[0])
    } else {
        (pair[0], pair[1])
    };
    let px = &a.participants[x];
    html! {
        @match a.label_kind {
            LabelKind::PursuesWhenWithdraws => p class="why" {
                "Evidence: " (plain_name(a, y)) " sent follow-ups "
                @if let Some(c) = a.pursuit_coupling { (stat("pursuit_coupling", format!("{c:.1}"))) " times" } @else { "more often" }
                " as often per half-day while " (plain_name(a, x)) " was in a cooler stretch as while they were warmer (pursuit coupling)."
            }
            LabelKind::RunsHotAndCold | LabelKind::MutualOnOff => p class="why" {
                "Evidence: " (plain_name(a, x)) " changed direction "
                (stat(&format!("participants.{x}.reversals"), px.reversals.to_string()))
                " times (reversals), with a typical swing of "
                (stat(&format!("participants.{x}.amplitude"), format!("{:.1}", px.amplitude)))
                " times their usual variation; see the charts and each change below."
            }
            _ => {}
        }
    }
}

fn summary_card(a: &Analysis, me: Option<usize>) -> Markup {
    let low = a.confidence.level == ConfidenceLevel::Low;
    html! {
        section class=(format!("card band-{}", band_key(a.band))) id="summary" aria-label="Summary" {
            (score_column(a))
            div {
                p class="label" { (a.label) }
                @match a.label_kind {
                    LabelKind::NotEnoughData => p { "There is not enough in this chat to look for push-pull patterns, so there is no score. This is not the same as \u{201c}no evidence\u{201d}: it means the question could not be asked." }
                    LabelKind::NoEvidence => p { "The warmth and reply times in this chat do not swing back and forth: no sign of one person running hot and cold." }
                    _ => p { "One or both people move repeatedly between warmer, quicker stretches and cooler, slower ones. The score counts how often that happens and how large the swings are." }
                }
                (headline_evidence(a))
                @if let Some(pair) = a.pair {
                    @if a.band != Band::NotEnoughData {
                        ul {
                            @for i in pair {
                                @if let Some(p) = a.participants.get(i) {
                                    li { (person_name(a, i, me)) " " (person_sentence(p, i)) "." }
                                }
                            }
                        }
                    }
                }
                p class="sub" {
                    "Coverage: " (stat("messages", a.messages.to_string())) (if a.messages == 1 { " message on " } else { " messages on " })
                    (stat("active_days", a.active_days.to_string())) (if a.active_days == 1 { " active day" } else { " active days" })
                    @if let (Some(s), Some(e)) = (a.start, a.end) { ", " (date(&s)) " to " (date(&e)) }
                    ". Confidence: " strong { (super::fmt::confidence_key(a.confidence.level)) }
                    " (" (stat("confidence.value", format!("{:.2}", a.confidence.value))) " on a 0–1 scale)."
                }
                @if !a.confidence.reasons.is_empty() {
                    div class=(if low { "notice" } else { "sub" }) {
                        @if low { strong { "Low confidence. " } "Treat these numbers as a rough sketch, not a finding: " }
                        (a.confidence.reasons.join("; ")) "."
                    }
                }
                @if let Some(note) = &a.scope_note { p class="notice" { (note) } }
                p class="sub" id="language" { "Language: " (a.languages.line()) "." @if let Some(apart) = a.languages.other_models_line() { " " (apart) "." } }
                @if let Some(notice) = &a.languages.scope_notice { p class="notice" id="language-notice" { (notice) } }
            }
        }
    }
}

fn opt_stat(path: String, value: Option<String>) -> Markup {
    match value {
        Some(text) => stat(&path, text),
        None => html! { "–" },
    }
}

fn people_table(a: &Analysis, me: Option<usize>) -> Markup {
    html! {
        div class="scroll" {
            table {
                caption { "Each person's measures over the whole chat" }
                thead { tr {
                    th scope="col" { "Person" } th scope="col" class="n" { "Messages" } th scope="col" class="n" { "Mean warmth" }
                    th scope="col" class="n" { "Push-pull score" } th scope="col" class="n" { "Reversals" } th scope="col" class="n" { "Median wait" }
                    th scope="col" class="n" { "Starts conversations" } th scope="col" class="n" { "Follow-ups" } th scope="col" class="n" { "Pursuit bursts" }
                } }
                tbody {
                    @for (i, p) in a.participants.iter().enumerate() {
                        @let key = |f: &str| format!("participants.{i}.{f}");
                        tr {
                            th scope="row" { (person_name(a, i, me)) }
                            td class="n" { (stat(&key("messages"), p.messages.to_string())) }
                            td class="n" { (opt_stat(key("mean_warmth"), p.mean_warmth.map(signed))) }
                            td class="n" { (opt_stat(key("push_pull_score"), p.push_pull_score.map(|s| format!("{s:.0}")))) }
                            td class="n" { (stat(&key("reversals"), p.reversals.to_string())) }
                            td class="n" { (opt_stat(key("median_wait_s"), p.median_wait_s.map(duration))) }
                            td class="n" { (opt_stat(key("initiation_share"), p.initiation_share.map(|s| format!("{:.0}%", s * 100.0)))) }
                            td class="n" { (stat(&key("follow_ups"), p.follow_ups.to_string())) }
                            td class="n" { (stat(&key("pursuit_bursts"), p.pursuit_bursts.to_string())) }
                        }
                    }
                }
            }
        }
        dl class="terms" {
            dt { "Mean warmth" } dd { "−1 cold to +1 warm, read from the words of each message." }
            dt { "Reversal" } dd { "a change to warmer after a change to cooler, or the reverse." }
            dt { "Starts conversations" } dd { "share of first messages after 6 hours or more of silence." }
            dt { "Follow-up" } dd { "a message 20 minutes or more after one's own unanswered message." }
            dt { "Pursuit burst" } dd { "2 or more follow-ups, or 3 or more unanswered messages over an hour or more." }
        }
    }
}

/// The zoom controls over the charts (shown by the page script; without it the charts show
/// the whole period). The first bar's status is the one announced to screen readers.
fn zoom_bar(first: bool) -> Markup {
    html! {
        div class="zoombar noprint" hidden {
            span class="zoom-hint" { "Drag across a chart to zoom into that period." }
            button type="button" data-zoom="in" { "Zoom in" }
            button type="button" data-zoom="out" { "Zoom out" }
            button type="button" data-zoom="earlier" { "← Earlier" }
            button type="button" data-zoom="later" { "Later →" }
            button type="button" data-zoom="all" { "Whole period" }
            span class="zoom-status" role=[first.then_some("status")] {}
        }
    }
}

fn timeline_section(a: &Analysis, me: Option<usize>) -> Markup {
    html! {
        section aria-labelledby="timeline" {
            h2 id="timeline" { "Warmth over time" }
            @if a.band == Band::NotEnoughData || a.pair.is_none() { (not_measured(a, "the warmth timeline")) }
            @else {
                p class="sub" {
                    "Each dot is one half-day: its height is the mean warmth of that person's messages (−1 cold to +1 warm), its size the number of messages. "
                    "Shaded stretches are the phases (periods at one level) found from warmth and reply speed together; point at a dot for its date and values, and select ▼ or ▲ to open that change."
                }
                p class="legend" {
                    span { span class="swatch warmer" {} "warmer phase" }
                    span { span class="swatch cooler" {} "cooler phase (hatched)" }
                    @if a.participants.iter().flat_map(|p| &p.phases).any(|p| p.label == PhaseLabel::Steady) {
                        span { span class="swatch steady" {} "steady (one level throughout)" }
                    }
                    span { "▼ became cooler / slower (push)" }
                    span { "▲ became warmer / quicker (pull)" }
                }
                (zoom_bar(true))
                @if let Some(pair) = a.pair {
                    div class="timeline-people" {
                        @for i in pair {
                            div {
                                h3 { (person_name(a, i, me)) }
                                (warmth_timeline(a, i))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn waits_section(scored: &ScoredConversation, a: &Analysis, me: Option<usize>) -> Markup {
    html! {
        section aria-labelledby="waits" {
            h2 id="waits" { "Reply waits" }
            @if a.band == Band::NotEnoughData || a.pair.is_none() { (not_measured(a, "the reply-wait chart")) }
            @else {
                p class="sub" {
                    "How long each person took to answer, measured from the first message they were answering. "
                    "Log scale: the grid lines are a minute, an hour and a day. Dashed lines are each person's median (half of the waits are shorter). "
                    "A dotted bar is a wait that was still open: the other person had written and had no answer yet at the end of that half-day, so silence shows where it happens and not only on the day the answer finally came."
                }
                @if let Some(pair) = a.pair {
                    p class="legend" {
                        @for i in pair { span { (person_name(a, i, me)) } }
                        span { span class="swatch open" {} "still-open wait (dotted bar)" }
                    }
                }
                (zoom_bar(false))
                (wait_chart(scored, a))
            }
        }
    }
}

fn monthly_section(a: &Analysis, me: Option<usize>) -> Markup {
    html! {
        section aria-labelledby="monthly" class="noprint" {
            h2 id="monthly" { "Month by month" }
            @if a.monthly.is_empty() { (not_measured(a, "the monthly table")) }
            @else {
                p class="sub" { "Who starts conversations after 6 hours of silence, who sends follow-ups while waiting, and how fast replies come, per calendar month." }
                div class="scroll" {
                    table {
                        caption { "Per calendar month and person" }
                        thead { tr { th scope="col" { "Month" } th scope="col" { "Person" } th scope="col" class="n" { "Messages" } th scope="col" class="n" { "Conversations started" } th scope="col" class="n" { "Follow-ups" } th scope="col" class="n" { "Median wait" } th scope="col" class="n" { "Middle half of waits" } } }
                        tbody {
                            @for (k, m) in a.monthly.iter().enumerate() {
                                @let key = |f: &str| format!("monthly.{k}.{f}");
                                tr {
                                    th scope="row" class="nw" { (m.month) } td { (person_name(a, m.person, me)) }
                                    td class="n" { (stat(&key("messages"), m.messages.to_string())) }
                                    td class="n" { (stat(&key("initiations"), m.initiations.to_string())) }
                                    td class="n" { (stat(&key("follow_ups"), m.follow_ups.to_string())) }
                                    td class="n" { (opt_stat(key("median_wait_s"), m.median_wait_s.map(duration))) }
                                    td class="n" { (opt_duration(m.wait_q1_s)) " – " (opt_duration(m.wait_q3_s)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn demand_withdraw(a: &Analysis, me: Option<usize>) -> Markup {
    let dw = &a.demand_withdraw;
    let Some(pair) = a.pair.filter(|_| a.band != Band::NotEnoughData) else {
        return not_measured(a, "demand/withdraw");
    };
    let count = |i: usize| dw.events_demanding.get(i).copied().unwrap_or(0);
    html! {
        @if pair.iter().all(|&i| count(i) == 0) { p { "No demand/withdraw moments were found." } }
        @else {
            ul {
                @for (k, &i) in pair.iter().enumerate() {
                    @let other = pair[1 - k];
                    li {
                        (person_name(a, i, me)) " pressed and " (plain_name(a, other)) " pulled back "
                        (stat(&format!("demand_withdraw.events_demanding.{i}"), count(i).to_string()))
                        (if count(i) == 1 { " time" } else { " times" })
                    }
                }
            }
            @if let Some(p) = dw.polarity {
                p class="sub" {
                    "Polarity " (stat("demand_withdraw.polarity", signed(p)))
                    " (−1 to +1: 0 is even; further from 0 is more one-sided)."
                }
            }
        }
    }
}

fn conflict_section(a: &Analysis, me: Option<usize>) -> Markup {
    html! {
        section aria-labelledby="conflict" {
            h2 id="conflict" { "Demand/withdraw and recovery after conflict" }
            p class="sub" {
                "A demand/withdraw moment: one person sends several cold messages or questions in a row, and the other answers much later than usual or much more briefly."
            }
            (demand_withdraw(a, me))
            @if a.band == Band::NotEnoughData {}
            @else if a.conflicts.is_empty() { p { "No conflict sessions (several cold messages from both sides) were found." } }
            @else {
                div class="scroll noprint" {
                    table {
                        caption { "Conflict sessions: several cold messages from both sides" }
                        thead { tr { th scope="col" { "Conflict started" } th scope="col" { "Time to next message" } th scope="col" class="n" { "Warmth back to usual after" } } }
                        tbody {
                            @for c in &a.conflicts {
                                tr {
                                    th scope="row" { (date_time(&c.start)) }
                                    td {
                                        @if let Some(pair) = a.pair {
                                            @for (k, i) in pair.iter().enumerate() {
                                                @if k > 0 { "; " }
                                                (person_name(a, *i, me)) " " (opt_duration(c.next_message_s.get(k).copied().flatten()))
                                            }
                                        }
                                    }
                                    td class="n" { (c.recovery_hours.map(|h| duration(h * 3600.0)).unwrap_or_else(|| "not within the chat".into())) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn method_section(opts: &ReportOptions) -> Markup {
    html! {
        section aria-labelledby="method" {
            h2 id="method" { "How to read this, and its limits" }
            ul {
                li { "This page describes behaviour in the messages, not people. It is not a diagnosis, and a pattern here can have many ordinary causes." }
                li { "Warmth is read from the words, emoji and punctuation of each message by a model (" (opts.scorer) "). It misses sarcasm, in-jokes and much non-English text, and a single message can be misread; the phases rely on many messages together." }
                li { "Calls, meetings and time together are not in the chat. Work, time zones, travel and illness change reply times. Pulling back can also be a healthy way to calm a conflict (Ross et al. 2019)." }
                li { "Pseudonymised reports replace the names the app recorded; names typed inside messages are not replaced." }
            }
            div class="noprint" {
                h3 { "Method" }
                p {
                    "Messages are grouped into half-days. For each person two signals are compared with that person's own usual level: warmth, and reply speed (waits measured from the first message being answered, on a log scale). "
                    "A change-point search (PELT; Killick, Fearnhead & Eckley 2012) splits each person's history into phases, which are labelled warmer or cooler. "
                    "A reversal is a change in one direction followed by one in the other; the push-pull score (0–100) grows with the number of reversals per month and their size, "
                    "so a steadily warm, steadily cold or slowly drifting chat scores near 0. Below 20: no evidence; 20–50: some alternation; above 50: strong. "
                    "With fewer than the minimum messages per person or active days there is no score at all (\u{201c}not enough data\u{201d})."
                }
                h3 { "Research this rests on" }
                ul {
                    li { "Christensen & Heavey (1990): the demand/withdraw pattern in couples' conflict." }
                    li { "Schrodt, Witt & Shimkowski (2014): meta-analysis of demand/withdraw across 74 studies." }
                    li { "Dutton & Painter (1993): intermittent warmth and coldness strengthens attachment." }
                    li { "Simpson & Rholes (2017): under stress, avoidant partners withdraw and anxious partners seek closeness." }
                    li { "Kalman & Rafaeli (2011): slow replies are read as violations of expectations." }
                    li { "Ohadi et al. (2018): similar texting habits, including who starts conversations, go with satisfaction." }
                    li { "Templeton et al. (2022): a partner's response speed and felt connection." }
                }
                p class="sub" { "Most of this research uses surveys and lab studies, not chat logs; the patterns here are signs worth talking about, not proof." }
            }
        }
    }
}

/// The self-contained report page for one conversation.
pub fn report_page(
    scored: &ScoredConversation,
    a: &Analysis,
    me: Option<usize>,
    opts: &ReportOptions,
) -> String {
    let title = conversation_title(a);
    let body = html! {
        nav aria-label="Pages" { p class="sub" { a href="../index.html" { "← all conversations" } } }
        main id="main" {
            h1 { (title) }
            p class="sub" {
                (a.app.as_str()) " · " (plural(a.participants.len(), "person", "people"))
                @if let (Some(s), Some(e)) = (a.start, a.end) { " · " (date(&s)) " to " (date(&e)) }
                " · source: " (a.source)
            }
            (summary_card(a, me))
            section aria-labelledby="people" {
                h2 id="people" { "People" }
                (people_table(a, me))
            }
            (timeline_section(a, me))
            (waits_section(scored, a, me))
            (phases_section(scored, a, me, opts.redact))
            (changes_section(scored, a, me, opts.redact))
            (monthly_section(a, me))
            (super::behaviour::section(a, me))
            (conflict_section(a, me))
            (method_section(opts))
        }
        footer { "Made by pushpull on this computer; nothing was uploaded. Conversation id " (a.id) "." }
    };
    page(
        &format!("{title} — pushpull report"),
        body,
        Some(REPORT_SCRIPT),
    )
}
