//! The batch index page: a summary of the batch (conversations per band, a histogram of
//! the scores, inputs that failed, links to the tables), then one row per conversation.
//!
//! Without script every row is listed in input order. The page's script adds filters (band,
//! app, confidence, language: any language that makes up a tenth of the text), a search, headers that sort on click or Enter (`aria-sort`; band and
//! confidence in their own order, "not enough data" apart from every score) and pages of
//! 100 rows, so a batch of 10,000 conversations stays quick.

use super::fmt::{
    band_key, band_name, band_rank, confidence_key, confidence_rank, date, score_text,
};
use super::page::{page_with_head_script, INDEX_HEAD_SCRIPT, INDEX_SCRIPT};
use super::{Failure, IndexRow, ReportOptions};
use crate::dynamics::{Band, ConfidenceLevel};
use maud::{html, Markup};

const BANDS: [Band; 4] = [
    Band::Strong,
    Band::Some,
    Band::NoEvidence,
    Band::NotEnoughData,
];

/// Counts per band, and the scores in ten bins of 10 (not-enough-data rows have no score).
fn histogram(rows: &[IndexRow]) -> Markup {
    let mut bins = [0usize; 10];
    for r in rows.iter().filter(|r| r.band != Band::NotEnoughData) {
        bins[((r.push_pull_score / 10.0) as usize).min(9)] += 1;
    }
    let top = bins.iter().copied().max().unwrap_or(0).max(1) as f64;
    let (w, h) = (400.0, 110.0);
    let label = bins
        .iter()
        .enumerate()
        .map(|(k, n)| format!("{}–{}: {n}", k * 10, k * 10 + 9 + usize::from(k == 9)))
        .collect::<Vec<_>>()
        .join(", ");
    html! {
        svg class="hist" viewBox=(format!("0 0 {w} {h}")) role="img" aria-label=(format!("Histogram of push-pull scores: {label}")) {
            @for (k, &n) in bins.iter().enumerate() {
                @let bar = (n as f64 / top) * (h - 34.0);
                rect x=(k * 40 + 2) y=(format!("{:.1}", h - 18.0 - bar)) width="36" height=(format!("{bar:.1}")) {
                    title { (format!("scores {}–{}: {n}", k * 10, k * 10 + 9 + usize::from(k == 9))) }
                }
                text x=(k * 40 + 20) y=(h - 4.0) text-anchor="middle" { (k * 10) }
                @if n > 0 {
                    text x=(k * 40 + 20) y=(format!("{:.1}", h - 22.0 - bar)) text-anchor="middle" { (n) }
                }
            }
        }
    }
}

fn batch_summary(rows: &[IndexRow], failures: &[Failure], opts: &ReportOptions) -> Markup {
    html! {
        section aria-labelledby="batch" {
            h2 id="batch" { "This batch" }
            ul class="bands" {
                @for band in BANDS {
                    li { strong { (rows.iter().filter(|r| r.band == band).count()) } " " (band_name(band)) }
                }
                @if !failures.is_empty() { li { strong { (failures.len()) } " could not be read" } }
            }
            (histogram(rows))
            p class="sub" {
                "Scores from 0 to 100: below 20 no evidence, 20–50 some alternation, above 50 strong. "
                "\u{201c}Not enough data\u{201d} has no score and is never counted as no evidence."
                @if opts.csv || opts.json { " Tables: " }
                @if opts.csv { a href="conversations.csv" { "conversations.csv" } ", " a href="participants.csv" { "participants.csv" } ", " a href="messages.csv" { "messages.csv" } }
                @if opts.csv && opts.json { ", " }
                @if opts.json { a href="summary.json" { "summary.json" } }
                @if opts.csv || opts.json { "." }
            }
        }
    }
}

/// The value of the language filter for a conversation whose language could not be told.
const UNKNOWN_LANGUAGE: &str = "unknown";

/// The languages of a row as the filter matches them: ` es en ` (spaces around each code).
fn row_languages(r: &IndexRow) -> String {
    if r.language_codes.is_empty() {
        return format!(" {UNKNOWN_LANGUAGE} ");
    }
    let codes: Vec<&str> = r.language_codes.iter().map(|(c, _)| c.as_str()).collect();
    format!(" {} ", codes.join(" "))
}

fn filters(rows: &[IndexRow]) -> Markup {
    let mut apps: Vec<&str> = rows.iter().map(|r| r.app).collect();
    apps.sort_unstable();
    apps.dedup();
    let mut langs: Vec<(&str, &str)> = rows
        .iter()
        .flat_map(|r| {
            r.language_codes
                .iter()
                .map(|(c, n)| (n.as_str(), c.as_str()))
        })
        .collect();
    langs.sort_unstable();
    langs.dedup();
    let unknown = rows.iter().any(|r| r.language_codes.is_empty());
    html! {
        div id="filters" class="filters" hidden {
            label { "Band" select id="f-band" {
                option value="" { "all" }
                @for band in BANDS { option value=(band_key(band)) { (band_name(band)) } }
            } }
            label { "App" select id="f-app" {
                option value="" { "all" }
                @for app in apps { option value=(app) { (app) } }
            } }
            label { "Confidence" select id="f-conf" {
                option value="" { "all" }
                @for c in [ConfidenceLevel::High, ConfidenceLevel::Medium, ConfidenceLevel::Low] { option value=(confidence_key(c)) { (confidence_key(c)) } }
            } }
            label { "Language" select id="f-lang" {
                option value="" { "all" }
                @for (name, code) in &langs { option value=(code) { (name) } }
                @if unknown { option value=(UNKNOWN_LANGUAGE) { "could not tell" } }
            } }
            label { "Search names, titles, findings" input id="f-q" type="search"; }
            span id="f-status" role="status" {}
        }
    }
}

fn sort_head(label: &str, kind: &str, numeric: bool) -> Markup {
    html! {
        th scope="col" class=[numeric.then_some("n")] data-sort=(kind) { button type="button" { (label) } }
    }
}

fn row(r: &IndexRow, link_reports: bool) -> Markup {
    html! {
        tr data-band=(band_key(r.band)) data-app=(r.app) data-conf=(confidence_key(r.confidence)) data-lang=(row_languages(r)) {
            th scope="row" { @if link_reports { a href=(format!("{}/report.html", r.id)) { (r.title) } } @else { (r.title) } }
            td { (r.app) }
            td { (r.participants.join(", ")) }
            td data-v=(r.start.map(|t| t.to_iso()).unwrap_or_default()) {
                @if let (Some(s), Some(e)) = (r.start, r.end) { span class="nw" { (date(&s)) " –" } " " span class="nw" { (date(&e)) } }
            }
            td class="n" { (r.messages) }
            td class="n" data-v=(if r.band == Band::NotEnoughData { "-1".to_string() } else { format!("{:.3}", r.push_pull_score) }) {
                (score_text(r.band, r.push_pull_score))
            }
            td data-v=(band_rank(r.band)) { (band_name(r.band)) }
            td { (r.label) }
            td data-v=(confidence_rank(r.confidence)) { (confidence_key(r.confidence)) }
            td { (r.languages) @if let Some(n) = &r.language_notice { br; small class="notice" { (n) } } }
        }
    }
}

/// The batch overview: summary, filters, one sortable row per conversation, and the inputs
/// that failed (each once).
pub fn index_page(rows: &[IndexRow], failures: &[Failure], opts: &ReportOptions) -> String {
    let mut failed: Vec<&Failure> = Vec::new();
    for f in failures {
        if !failed.iter().any(|g| g.input == f.input) {
            failed.push(f);
        }
    }
    let body = html! {
        main id="main" {
            h1 { "pushpull: conversations" }
            p class="sub" { (rows.len()) " conversation(s) analysed" @if !failed.is_empty() { ", " (failed.len()) " input(s) could not be read" } "." }
            (batch_summary(rows, failures, opts))
            section aria-labelledby="list" {
                h2 id="list" { "Conversations" }
                (filters(rows))
                div class="scroll" {
                    table id="conversations" {
                        caption { "One row per conversation; select a column heading to sort" }
                        thead { tr {
                            (sort_head("Conversation", "s", false)) (sort_head("App", "s", false)) (sort_head("People", "s", false))
                            (sort_head("Period", "s", false)) (sort_head("Messages", "n", true))
                            (sort_head("Push-pull score", "n", true)) (sort_head("Band", "n", false)) (sort_head("Finding", "s", false)) (sort_head("Confidence", "n", false)) (sort_head("Language", "s", false))
                        } }
                        tbody { @for r in rows { (row(r, opts.html)) } }
                    }
                }
                p id="pager" class="pager" hidden {
                    button id="p-prev" type="button" { "← previous" } span id="p-text" {} button id="p-next" type="button" { "next →" }
                }
            }
            @if !failed.is_empty() {
                section aria-labelledby="failed" {
                    h2 id="failed" { "Inputs that could not be analysed" }
                    ul { @for f in &failed { li { strong { (f.input) } ": " (f.error) } } }
                }
            }
        }
        footer { "Made by pushpull on this computer; nothing was uploaded." }
    };
    page_with_head_script(
        "pushpull: conversations",
        body,
        Some(INDEX_SCRIPT),
        Some(INDEX_HEAD_SCRIPT),
    )
}
