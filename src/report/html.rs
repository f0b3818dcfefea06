//! The HTML pages: one self-contained report per conversation and the batch index.
//!
//! Pages are built with maud, which escapes every interpolated value, so chat text and
//! names (untrusted) can never become markup. Each page inlines its CSS and charts and
//! carries a Content-Security-Policy that forbids every network load.

use super::charts::{person_colour, wait_chart, warmth_timeline};
use super::fmt::{band_name, conversation_title, date, date_time, duration, opt_duration};
use super::{Failure, IndexRow, ReportOptions};
use crate::dynamics::{Analysis, ConfidenceLevel, Direction, LabelKind, PersonDynamics};
use crate::score::ScoredConversation;
use maud::{html, Markup, PreEscaped, DOCTYPE};

const REPORT_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const INDEX_CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

const CSS: &str = r#"
:root { --ink:#1f2937; --muted:#6b7280; --line:#e5e7eb; --warm:#fde4d3; --cool:#dbe8f7; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
  max-width: 980px; margin: 0 auto; padding: 24px 20px 60px; line-height: 1.5; background: #fff; }
h1 { font-size: 1.7rem; margin: 0 0 4px; } h2 { font-size: 1.25rem; margin: 36px 0 8px;
  border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 1.05rem; margin: 18px 0 6px; }
.sub { color: var(--muted); margin: 0 0 16px; }
.card { border: 1px solid var(--line); border-radius: 10px; padding: 18px 20px; display: flex;
  gap: 24px; align-items: flex-start; background: #fafafa; }
.score { font-size: 3rem; font-weight: 700; line-height: 1; min-width: 110px; text-align: center; }
.score small { display: block; font-size: .8rem; font-weight: 400; color: var(--muted); margin-top: 6px; }
.band-strong .score { color: #b91c1c; } .band-some .score { color: #b45309; } .band-no_evidence .score { color: #15803d; }
.label { font-size: 1.2rem; font-weight: 600; margin: 0 0 6px; }
.notice { border-left: 4px solid #f59e0b; background: #fffbeb; padding: 8px 12px; margin: 12px 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: .92rem; }
.nw { white-space: nowrap; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.chart { width: 100%; height: auto; display: block; margin: 4px 0 10px; }
.chart .axis { font-size: 11px; fill: var(--muted); } .chart .grid { stroke: var(--line); stroke-width: 1; }
.band-warmer { fill: var(--warm); } .band-cooler { fill: var(--cool); } .band-steady { fill: #f8fafc; }
.marker { stroke-width: 1; stroke-dasharray: 3 3; } .marker.push { stroke: #1d4ed8; } .marker.pull { stroke: #c2410c; }
.mark { font-size: 12px; } .mark.push { fill: #1d4ed8; } .mark.pull { fill: #c2410c; }
.legend span { display: inline-block; margin-right: 16px; font-size: .88rem; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: -1px; margin-right: 4px; }
.evidence { margin: 4px 0 12px; padding: 0; list-style: none; }
.evidence li { border-left: 3px solid var(--line); padding: 2px 10px; margin: 3px 0; }
.evidence .meta { color: var(--muted); font-size: .85rem; }
.who { font-weight: 600; } .you { font-weight: 400; color: var(--muted); }
.quote { white-space: pre-wrap; overflow-wrap: anywhere; }
.hidden-text { color: var(--muted); font-style: italic; }
footer { margin-top: 40px; color: var(--muted); font-size: .85rem; }
a { color: #1d4ed8; }
@media print { body { max-width: none; padding: 0; } .card { break-inside: avoid; }
  h2 { break-after: avoid; } .chart, table, .evidence li { break-inside: avoid; } a { color: inherit; } }
"#;

const SORT_SCRIPT: &str = r#"
document.querySelectorAll('th[data-sort]').forEach(function (th, col) {
  th.style.cursor = 'pointer';
  th.addEventListener('click', function () {
    var tbody = th.closest('table').querySelector('tbody');
    var rows = Array.prototype.slice.call(tbody.rows);
    var numeric = th.dataset.sort === 'n';
    var dir = th.dataset.dir === 'asc' ? -1 : 1;
    th.dataset.dir = dir === 1 ? 'asc' : 'desc';
    rows.sort(function (a, b) {
      var x = a.cells[col].dataset.v || a.cells[col].textContent;
      var y = b.cells[col].dataset.v || b.cells[col].textContent;
      if (numeric) { return dir * (parseFloat(x) - parseFloat(y)); }
      return dir * x.localeCompare(y);
    });
    rows.forEach(function (r) { tbody.appendChild(r); });
  });
});
"#;

fn page(title: &str, csp: &str, body: Markup, script: Option<&str>) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(csp);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) }
                style { (PreEscaped(CSS)) }
            }
            body {
                (body)
                @if let Some(js) = script {
                    script { (PreEscaped(js)) }
                }
            }
        }
    }
    .into_string()
}

/// A person's name with "(you)" when it is the user's side.
fn person_name(a: &Analysis, i: usize, me: Option<usize>) -> Markup {
    let name = a
        .participants
        .get(i)
        .map(|p| p.name.as_str())
        .unwrap_or("?");
    html! {
        span class="who" style=(format!("color:{}", person_colour(i))) { (name) }
        @if me == Some(i) { " " span class="you" { "(you)" } }
    }
}

fn band_class(a: &Analysis) -> String {
    format!("card band-{}", super::fmt::band_key(a.band))
}

fn share(x: Option<f64>) -> String {
    x.map(|v| format!("{:.0}%", v * 100.0))
        .unwrap_or_else(|| "–".into())
}

/// The plain-language lines under the score.
fn person_sentence(p: &PersonDynamics) -> String {
    let mut parts = Vec::new();
    if p.reversals > 0 {
        parts.push(format!(
            "switched between warmer and cooler stretches {} time{} ({} cycle{})",
            p.reversals,
            if p.reversals == 1 { "" } else { "s" },
            p.cycles,
            if p.cycles == 1 { "" } else { "s" }
        ));
    } else {
        parts.push("showed no back-and-forth between warmer and cooler stretches".into());
    }
    if let Some(m) = p.median_wait_s {
        let spread = match (p.wait_q1_s, p.wait_q3_s) {
            (Some(a), Some(b)) => format!(" (middle half: {} to {})", duration(a), duration(b)),
            _ => String::new(),
        };
        parts.push(format!("usually replied within {}{spread}", duration(m)));
    }
    if let Some(s) = p.initiation_share {
        parts.push(format!(
            "started {:.0}% of conversations after a silence of 6 hours or more",
            s * 100.0
        ));
    }
    if p.follow_ups > 0 {
        parts.push(format!(
            "sent {} follow-up message{} while still waiting for an answer",
            p.follow_ups,
            if p.follow_ups == 1 { "" } else { "s" }
        ));
    }
    parts.join("; ")
}

fn summary_card(a: &Analysis, me: Option<usize>) -> Markup {
    let low = a.confidence.level == ConfidenceLevel::Low;
    html! {
        div class=(band_class(a)) id="summary" {
            div class="score" {
                (format!("{:.0}", a.push_pull_score))
                small { "push-pull score (0–100)" br; (band_name(a.band)) }
            }
            div {
                p class="label" { (a.label) }
                @match a.label_kind {
                    LabelKind::NotEnoughData => p { "There is not enough in this chat to look for push-pull patterns." }
                    LabelKind::NoEvidence => p { "The warmth and reply times in this chat do not swing back and forth: no sign of one person running hot and cold." }
                    _ => p { "One or both people move repeatedly between warmer, quicker stretches and cooler, slower ones. The score counts how often that happens and how large the swings are." }
                }
                @if let Some(pair) = a.pair {
                    ul {
                        @for i in pair {
                            @if let Some(p) = a.participants.get(i) {
                                li { (person_name(a, i, me)) " " (person_sentence(p)) "." }
                            }
                        }
                    }
                }
                p class="sub" {
                    "Coverage: " (a.messages) " messages on " (a.active_days) " active days"
                    @if let (Some(s), Some(e)) = (a.start, a.end) { ", " (date(&s)) " to " (date(&e)) }
                    ". Confidence: " strong { (super::fmt::confidence_key(a.confidence.level)) }
                    (format!(" ({:.2})", a.confidence.value)) "."
                }
                @if !a.confidence.reasons.is_empty() {
                    div class=(if low { "notice" } else { "sub" }) {
                        @if low { strong { "Low confidence. " } "Treat these numbers as a rough sketch, not a finding: " }
                        (a.confidence.reasons.join("; ")) "."
                    }
                }
                @if let Some(note) = &a.scope_note { p class="notice" { (note) } }
                p class="sub" id="language" { "Language: " (a.languages.line()) "." }
                @if let Some(notice) = &a.languages.scope_notice { p class="notice" id="language-notice" { (notice) } }
            }
        }
    }
}

fn people_table(a: &Analysis, me: Option<usize>) -> Markup {
    html! {
        table {
            thead { tr {
                th { "Person" } th class="n" { "Messages" } th class="n" { "Mean warmth" }
                th class="n" { "Push-pull score" } th class="n" { "Reversals" } th class="n" { "Median wait" }
                th class="n" { "Starts conversations" } th class="n" { "Follow-ups" } th class="n" { "Pursuit bursts" }
            } }
            tbody {
                @for (i, p) in a.participants.iter().enumerate() {
                    tr {
                        td { (person_name(a, i, me)) }
                        td class="n" { (p.messages) }
                        td class="n" { (p.mean_warmth.map(|w| format!("{w:+.2}")).unwrap_or_else(|| "–".into())) }
                        td class="n" { (p.push_pull_score.map(|s| format!("{s:.0}")).unwrap_or_else(|| "–".into())) }
                        td class="n" { (p.reversals) }
                        td class="n" { (opt_duration(p.median_wait_s)) }
                        td class="n" { (share(p.initiation_share)) }
                        td class="n" { (p.follow_ups) }
                        td class="n" { (p.pursuit_bursts) }
                    }
                }
            }
        }
    }
}

fn timeline_section(a: &Analysis, me: Option<usize>) -> Markup {
    html! {
        h2 id="timeline" { "Warmth over time" }
        p class="sub" {
            "Each dot is one half-day: its height is the mean warmth of that person's messages (−1 cold to +1 warm), its size the number of messages. "
            "Shaded stretches are the phases the analysis found from warmth and reply speed together."
        }
        p class="legend" {
            span { span class="swatch" style="background:#fde4d3" {} "warmer phase" }
            span { span class="swatch" style="background:#dbe8f7" {} "cooler phase" }
            span { span style="color:#1d4ed8" { "▼" } " became cooler / slower (push)" }
            span { span style="color:#c2410c" { "▲" } " became warmer / quicker (pull)" }
        }
        @if let Some(pair) = a.pair {
            @for i in pair {
                h3 { (person_name(a, i, me)) }
                (warmth_timeline(a, i))
            }
        }
    }
}

fn waits_section(scored: &ScoredConversation, a: &Analysis, me: Option<usize>) -> Markup {
    html! {
        h2 id="waits" { "Reply waits" }
        p class="sub" {
            "How long each person took to answer, measured from the first message they were answering. "
            "Log scale: each grid line is a step from a minute to an hour to a day. Dashed lines are medians."
        }
        @if let Some(pair) = a.pair {
            p class="legend" {
                @for i in pair { span { span class="swatch" style=(format!("background:{}", person_colour(i))) {} (person_name(a, i, me)) } }
            }
        }
        (wait_chart(scored, a))
    }
}

fn evidence_list(b: &crate::dynamics::Boundary, redacted: bool) -> Markup {
    html! {
        ul class="evidence" {
            @for e in &b.evidence {
                li {
                    div class="meta" {
                        (date_time(&e.timestamp)) " · " span class="who" { (e.sender) }
                        @if let Some(w) = e.warmth { (format!(" · warmth {w:+.2}")) }
                        @if let Some(s) = e.wait_s { " · replied after " (duration(s)) }
                    }
                    @if redacted { div class="hidden-text" { "[message text hidden]" } }
                    @else { div class="quote" { (e.text) } }
                }
            }
        }
        @if b.evidence.is_empty() { p class="sub" { "No messages to quote for this change." } }
    }
}

fn changes_section(a: &Analysis, me: Option<usize>, redacted: bool) -> Markup {
    html! {
        h2 id="cycles" { "Changes and cycles" }
        @if a.cycles.is_empty() {
            p { "No warm → cool → warm (or cool → warm → cool) cycles were found." }
        } @else {
            p class="sub" { "A cycle is a swing away and back again by one person. Level is in units of that person's own usual variation (0 = their usual)." }
            table {
                thead { tr { th { "Who changed" } th { "Start" } th { "End" } th class="n" { "Days" } th class="n" { "Level in the middle" } th class="n" { "Size of swing" } } }
                tbody {
                    @for c in &a.cycles {
                        tr {
                            td { (person_name(a, c.person, me)) }
                            td { (date(&c.start)) } td { (date(&c.end)) }
                            td class="n" { (format!("{:.1}", c.duration_days)) }
                            td class="n" { (format!("{:+.2}", c.level)) }
                            td class="n" { (format!("{:.2}", c.amplitude)) }
                        }
                    }
                }
            }
        }
        @if !a.boundaries.is_empty() {
            h3 { "Each change, with the messages that show it" }
            @for b in &a.boundaries {
                p {
                    strong { (date(&b.at)) } " — " (person_name(a, b.person, me))
                    @match b.direction {
                        Direction::Push => " became cooler / slower",
                        Direction::Pull => " became warmer / quicker",
                    }
                    (format!(" (level {:+.2} → {:+.2}", b.level_before, b.level_after))
                    @if b.median_wait_before_s.is_some() || b.median_wait_after_s.is_some() {
                        "; median wait " (opt_duration(b.median_wait_before_s)) " → " (opt_duration(b.median_wait_after_s))
                    }
                    ")."
                }
                (evidence_list(b, redacted))
            }
        }
    }
}

fn monthly_section(a: &Analysis, me: Option<usize>) -> Markup {
    html! {
        h2 id="monthly" { "Month by month" }
        @if a.monthly.is_empty() { p { "No monthly figures (too few messages)." } }
        @else {
            p class="sub" { "Who starts conversations after 6 hours of silence, who sends follow-ups while waiting, and how fast replies come, per calendar month." }
            table {
                thead { tr { th { "Month" } th { "Person" } th class="n" { "Messages" } th class="n" { "Conversations started" } th class="n" { "Follow-ups" } th class="n" { "Median wait" } th class="n" { "Middle half of waits" } } }
                tbody {
                    @for m in &a.monthly {
                        tr {
                            td { (m.month) } td { (person_name(a, m.person, me)) }
                            td class="n" { (m.messages) } td class="n" { (m.initiations) } td class="n" { (m.follow_ups) }
                            td class="n" { (opt_duration(m.median_wait_s)) }
                            td class="n" { (opt_duration(m.wait_q1_s)) " – " (opt_duration(m.wait_q3_s)) }
                        }
                    }
                }
            }
        }
    }
}

fn conflict_section(a: &Analysis, me: Option<usize>) -> Markup {
    let dw = &a.demand_withdraw;
    html! {
        h2 id="conflict" { "Demand/withdraw and recovery after conflict" }
        p class="sub" {
            "A demand/withdraw moment: one person sends several cold messages or questions in a row, and the other answers much later than usual or much more briefly."
        }
        @if dw.events_demanding.is_empty() { p { "No demand/withdraw moments were found." } }
        @else {
            ul {
                @for (i, _) in a.participants.iter().enumerate() {
                    @let n = dw.events_demanding.iter().filter(|&&p| p == i).count();
                    @if n > 0 { li { (person_name(a, i, me)) (format!(" pressed and the other pulled back {n} time{}", if n == 1 { "" } else { "s" })) } }
                }
            }
            @if let Some(p) = dw.polarity { p class="sub" { (format!("Polarity {p:+.2} (−1 to +1: how one-sided the pattern is).")) } }
        }
        @if a.conflicts.is_empty() { p { "No conflict sessions (several cold messages from both sides) were found." } }
        @else {
            table {
                thead { tr { th { "Conflict started" } th { "Time to next message" } th class="n" { "Warmth back to usual after" } } }
                tbody {
                    @for c in &a.conflicts {
                        tr {
                            td { (date_time(&c.start)) }
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

fn method_section(opts: &ReportOptions) -> Markup {
    html! {
        h2 id="method" { "How to read this, and its limits" }
        ul {
            li { "This page describes behaviour in the messages, not people. It is not a diagnosis, and a pattern here can have many ordinary causes." }
            li { "Warmth is read from the words, emoji and punctuation of each message by a model (" (opts.scorer) "). It misses sarcasm, in-jokes and much non-English text, and a single message can be misread; the phases rely on many messages together." }
            li { "Calls, meetings and time together are not in the chat. Work, time zones, travel and illness change reply times. Pulling back can also be a healthy way to calm a conflict (Ross et al. 2019)." }
            li { "Pseudonymised reports replace the names the app recorded; names typed inside messages are not replaced." }
        }
        h3 { "Method" }
        p {
            "Messages are grouped into half-days. For each person two signals are compared with that person's own usual level: warmth, and reply speed (waits measured from the first message being answered, on a log scale). "
            "A change-point search (PELT; Killick, Fearnhead & Eckley 2012) splits each person's history into phases, which are labelled warmer or cooler. "
            "A reversal is a change in one direction followed by one in the other; the push-pull score (0–100) grows with the number of reversals per month and their size, "
            "so a steadily warm, steadily cold or slowly drifting chat scores near 0. Below 20: no evidence; 20–50: some alternation; above 50: strong."
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

/// The self-contained report page for one conversation.
pub fn report_page(
    scored: &ScoredConversation,
    a: &Analysis,
    me: Option<usize>,
    opts: &ReportOptions,
) -> String {
    let title = conversation_title(a);
    let body = html! {
        p class="sub" { a href="../index.html" { "← all conversations" } }
        h1 { (title) }
        p class="sub" {
            (a.app.as_str()) " · " (a.participants.len()) " people"
            @if let (Some(s), Some(e)) = (a.start, a.end) { " · " (date(&s)) " to " (date(&e)) }
            " · source: " (a.source)
        }
        (summary_card(a, me))
        h2 id="people" { "People" }
        (people_table(a, me))
        (timeline_section(a, me))
        (waits_section(scored, a, me))
        (changes_section(a, me, opts.redact))
        (monthly_section(a, me))
        (conflict_section(a, me))
        (method_section(opts))
        footer { "Made by pushpull on this computer; nothing was uploaded. Conversation id " (a.id) "." }
    };
    page(
        &format!("{title} — pushpull report"),
        REPORT_CSP,
        body,
        None,
    )
}

/// The batch overview: one sortable row per conversation, plus inputs that failed.
pub fn index_page(rows: &[IndexRow], failures: &[Failure], link_reports: bool) -> String {
    let body = html! {
        h1 { "pushpull: conversations" }
        p class="sub" { (rows.len()) " conversation(s) analysed" @if !failures.is_empty() { ", " (failures.len()) " input(s) could not be read" } ". Click a column to sort." }
        table id="conversations" {
            thead { tr {
                th data-sort="s" { "Conversation" } th data-sort="s" { "App" } th data-sort="s" { "People" }
                th data-sort="s" { "Period" } th class="n" data-sort="n" { "Messages" }
                th class="n" data-sort="n" { "Push-pull score" } th data-sort="s" { "Band" } th data-sort="s" { "Finding" } th data-sort="s" { "Confidence" } th data-sort="s" { "Language" }
            } }
            tbody {
                @for r in rows {
                    tr {
                        td { @if link_reports { a href=(format!("{}/report.html", r.id)) { (r.title) } } @else { (r.title) } }
                        td { (r.app) }
                        td { (r.participants.join(", ")) }
                        td data-v=(r.start.map(|t| t.to_iso()).unwrap_or_default()) {
                            @if let (Some(s), Some(e)) = (r.start, r.end) { span class="nw" { (date(&s)) " –" } " " span class="nw" { (date(&e)) } }
                        }
                        td class="n" { (r.messages) }
                        td class="n" data-v=(format!("{:.3}", r.push_pull_score)) { (format!("{:.0}", r.push_pull_score)) }
                        td { (band_name(r.band)) }
                        td { (r.label) }
                        td { (super::fmt::confidence_key(r.confidence)) }
                        td { (r.languages) @if let Some(n) = &r.language_notice { br; small class="notice" { (n) } } }
                    }
                }
            }
        }
        @if !failures.is_empty() {
            h2 { "Inputs that could not be analysed" }
            ul { @for f in failures { li { strong { (f.input) } ": " (f.error) } } }
        }
        footer { "Made by pushpull on this computer; nothing was uploaded." }
    };
    page(
        "pushpull: conversations",
        INDEX_CSP,
        body,
        Some(SORT_SCRIPT),
    )
}
