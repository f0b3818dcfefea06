//! The behaviour section of a conversation report: one-sided silences shaded on a time strip
//! and listed ("12 messages from Mara unanswered, 3–8 Oct"), quiet spans when nobody wrote,
//! initiative and effort per month, and each group member's own reading. Everything shown
//! comes from [`Analysis`]; names and dates are escaped by maud.

use super::fmt::{band_name, date, num, opt_duration, plural};
use crate::dynamics::Analysis;
use maud::{html, Markup};

const WIDTH: f64 = 720.0;
const ROW_H: f64 = 18.0;

/// The whole section; empty when there is nothing read in behaviour terms.
pub fn section(a: &Analysis, me: Option<usize>) -> Markup {
    if a.silences.is_empty() && a.members.is_empty() && a.monthly.is_empty() {
        return html! {};
    }
    // Left out of the printed summary (like the monthly tables); tables scroll in their box
    // on a phone.
    html! {
        section aria-labelledby="behaviour" class="noprint" {
            h2 id="behaviour" { "Silence, initiative and effort" }
            p class="sub" {
                "A one-sided silence: one person did not answer for a day or more (and longer than is usual for them) while the other kept writing. "
                "Stretches in which nobody wrote (" (a.quiet_spans.len()) " of two days or more here) are nobody's withdrawal and are not counted."
            }
            (silence_strip(a, me))
            (silence_list(a, me))
            (effort_table(a, me))
            (members_table(a, me))
        }
    }
}

fn name(a: &Analysis, i: usize, me: Option<usize>) -> String {
    let n = a.participants.get(i).map_or("?", |p| p.name.as_str());
    if me == Some(i) {
        format!("{n} (you)")
    } else {
        n.to_string()
    }
}

/// One row per silent person; each silence a shaded span across the conversation's period.
fn silence_strip(a: &Analysis, me: Option<usize>) -> Markup {
    let (Some(start), Some(end)) = (a.start, a.end) else {
        return html! {};
    };
    let (t0, t1) = (start.wall_secs() as f64, end.wall_secs() as f64);
    let span = (t1 - t0).max(1.0);
    let x = |t: f64| 130.0 + (t - t0) / span * (WIDTH - 140.0);
    let mut people: Vec<usize> = a.silences.iter().map(|s| s.silent).collect();
    people.sort_unstable();
    people.dedup();
    if people.is_empty() {
        return html! {};
    }
    // Rows, then the first and last day under them (room for the larger phone labels).
    let height = people.len() as f64 * ROW_H + 32.0;
    html! {
        svg class="chart" viewBox=(format!("0 0 {WIDTH} {height}")) role="img"
            aria-label=(format!("One-sided silences over time, one row per person who was silent, {} to {}", date(&start), date(&end))) {
            @for (row, &p) in people.iter().enumerate() {
                @let y = row as f64 * ROW_H + 3.0;
                text class="axis ylab" x="0" y=(format!("{:.1}", y + 12.0)) { (name(a, p, me)) }
                line class="grid" x1="130" x2=(WIDTH - 10.0) y1=(y + 8.0) y2=(y + 8.0) {}
                @for s in a.silences.iter().filter(|s| s.silent == p) {
                    @let x0 = x(s.start.wall_secs() as f64);
                    @let x1 = x(s.end.wall_secs() as f64).max(x0 + 2.0);
                    rect x=(format!("{x0:.1}")) y=(format!("{y:.1}")) width=(format!("{:.1}", x1 - x0))
                        height="14" class="silence" {
                        title { (plural(s.unanswered, "message", "messages")) " from " (name(a, s.waiting, me)) " unanswered, " (date(&s.start)) " – " (date(&s.end)) }
                    }
                }
            }
            text class="axis" x="130" y=(format!("{:.1}", height - 4.0)) { (date(&start)) }
            text class="axis" x=(WIDTH - 10.0) y=(format!("{:.1}", height - 4.0)) text-anchor="end" { (date(&end)) }
        }
    }
}

fn silence_list(a: &Analysis, me: Option<usize>) -> Markup {
    html! {
        @if a.silences.is_empty() { p { "No one-sided silences." } }
        @else {
            ul {
                @for s in &a.silences {
                    li {
                        (plural(s.unanswered, "message", "messages")) " from " (name(a, s.waiting, me)) " unanswered by "
                        (name(a, s.silent, me)) ", " (date(&s.start)) " – " (date(&s.end))
                        " (" (format!("{:.0}", s.hours)) " h"
                        @if !s.answered { ", still unanswered when the chat ends" }
                        ")"
                    }
                }
            }
        }
    }
}

fn effort_table(a: &Analysis, me: Option<usize>) -> Markup {
    html! {
        @if !a.monthly.is_empty() {
            h3 { "Initiative and effort per month" }
            div class="scroll" { table {
                thead { tr {
                    th { "Month" } th { "Person" } th class="n" { "Share of conversations started" }
                    th class="n" { "Median words" } th class="n" { "Questions" }
                    th class="n" { "Hours a message waited > 12 h" } th class="n" { "Messages left > 12 h" }
                } }
                tbody {
                    @for m in &a.monthly {
                        tr {
                            td class="nw" { (m.month) } td { (name(a, m.person, me)) }
                            td class="n" { (share(m.initiation_share)) }
                            td class="n" { (num(m.median_words)) }
                            td class="n" { (m.questions) }
                            td class="n" { (format!("{:.0}", m.open_wait_hours)) }
                            td class="n" { (m.unanswered) }
                        }
                    }
                }
            } }
        }
    }
}

fn members_table(a: &Analysis, me: Option<usize>) -> Markup {
    html! {
        @if !a.members.is_empty() {
            h3 { "Every member, read against the rest of the group" }
            div class="scroll" { table {
                thead { tr {
                    th { "Member" } th class="n" { "Messages" } th class="n" { "Share" }
                    th class="n" { "Median time to write after the others" } th class="n" { "Share of conversations started" }
                    th class="n" { "Silences" } th class="n" { "Reversals" } th class="n" { "Score" } th { "Band" }
                } }
                tbody {
                    @for m in &a.members {
                        tr {
                            td { (name(a, m.person, me)) }
                            td class="n" { (m.messages) }
                            td class="n" { (share(Some(m.message_share))) }
                            td class="n" { (opt_duration(m.median_wait_s)) }
                            td class="n" { (share(m.initiation_share)) }
                            td class="n" { (m.silences) }
                            td class="n" { (m.reversals) }
                            td class="n" { (format!("{:.0}", m.push_pull_score)) }
                            td { (band_name(m.band)) }
                        }
                    }
                }
            } }
        }
    }
}

fn share(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |v| format!("{:.0}%", 100.0 * v))
}
