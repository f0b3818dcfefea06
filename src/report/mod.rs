//! Report: writes what the pipeline found — one self-contained HTML page per conversation,
//! the batch index page, `summary.json`, and the tidy tables `messages.csv`,
//! `participants.csv` and `conversations.csv` — and the terminal summary.
//!
//! Conversations are added one at a time ([`BatchWriter::add`]) and written straight away,
//! so a batch streams: memory holds only the current conversation and a one-line summary of
//! each earlier one. Privacy options ([`ReportOptions`]) are applied here, before anything is
//! written: `pseudonymize` replaces names, `redact` leaves message text out of every output.

mod behaviour;
mod charts;
mod evidence;
mod fmt;
mod html;
mod index;
mod page;
mod privacy;
pub mod records;
mod spreadsheet;
mod tables;
mod terminal;

pub use spreadsheet::{looks_like_formula, spreadsheet_safe};
pub use terminal::terminal_summary;

use crate::chat::Timestamp;
use crate::dynamics::{Analysis, Band, ConfidenceLevel};
use crate::error::{Error, Result};
use crate::score::ScoredConversation;
use serde::Serialize;
use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// What to write and how much of the chat to show.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Write a report page per conversation and the batch index.
    pub html: bool,
    /// Write `summary.json`.
    pub json: bool,
    /// Write the CSV tables (messages, participants, conversations, weekly).
    pub csv: bool,
    /// The user's own name in the chats: marked "(you)" in the reports.
    pub me: Option<String>,
    /// Replace participant names by Person A, Person B, ... everywhere.
    pub pseudonymize: bool,
    /// Leave message text out of every output.
    pub redact: bool,
    /// Name of the scorer that produced the warmth (shown in the method section).
    pub scorer: String,
    /// Write free-text CSV cells exactly as in the chat, even when a spreadsheet would run
    /// them as a formula (`--raw-csv`; default: neutralised with a leading `'`).
    pub raw_csv: bool,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            html: true,
            json: true,
            csv: true,
            me: None,
            pseudonymize: false,
            redact: false,
            scorer: "builtin".to_string(),
            raw_csv: false,
        }
    }
}

/// One row of the batch overview (kept for every conversation until `finish`).
#[derive(Debug, Clone, Serialize)]
pub struct IndexRow {
    /// The conversation id; its report is `<id>/report.html`.
    pub id: String,
    /// The app's key (`whatsapp`, `signal`...).
    pub app: &'static str,
    /// The chat's title, or its participants' names.
    pub title: String,
    /// Every participant's display name (pseudonyms with `--pseudonymize`).
    pub participants: Vec<String>,
    /// First message.
    pub start: Option<Timestamp>,
    /// Last message.
    pub end: Option<Timestamp>,
    /// Messages of every kind.
    pub messages: usize,
    /// The conversation's push-pull score (0–100).
    pub push_pull_score: f64,
    /// The band of that score, or not enough data.
    pub band: Band,
    /// The plain-language finding.
    pub label: String,
    /// How far the finding can be trusted.
    pub confidence: ConfidenceLevel,
    /// "Spanish 82%, English 11%", or "could not tell".
    pub languages: String,
    /// The notice when the chat is mostly in a language whose warmth is not read.
    pub language_notice: Option<String>,
    /// The languages making up at least a tenth of the text, as (code, name), largest
    /// first: what the index's language filter matches (empty: could not tell).
    pub language_codes: Vec<(String, String)>,
}

/// The share of a conversation's text from which its language counts in the index filter.
pub const INDEX_LANGUAGE_SHARE: f64 = 0.10;

/// The batch index page for `rows` (what [`BatchWriter::finish`] writes as `index.html`);
/// public so that a big batch's index can be built and checked without analysing it.
pub fn index_html(rows: &[IndexRow], failures: &[Failure], opts: &ReportOptions) -> String {
    index::index_page(rows, failures, opts)
}

/// An input that could not be analysed, listed on the index page.
#[derive(Debug, Clone, Serialize)]
pub struct Failure {
    /// The input's display path.
    pub input: String,
    /// Why it could not be analysed (the error's message).
    pub error: String,
}

/// What a finished batch wrote.
#[derive(Debug, Clone)]
pub struct BatchSummary {
    /// The folder the batch was written to.
    pub out_dir: PathBuf,
    /// One row per analysed conversation, in the order they were added.
    pub conversations: Vec<IndexRow>,
    /// The inputs that could not be analysed.
    pub failures: Vec<Failure>,
}

/// Writes a batch's outputs into one folder, a conversation at a time.
pub struct BatchWriter {
    out: PathBuf,
    opts: ReportOptions,
    tables: Option<tables::Tables>,
    summary: Option<BufWriter<File>>,
    rows: Vec<IndexRow>,
    failures: Vec<Failure>,
}

impl BatchWriter {
    /// Creates `out` (and the table files) and writes their headers.
    pub fn create(out: &Path, opts: ReportOptions) -> Result<Self> {
        fs::create_dir_all(out).map_err(|e| Error::io(out.display().to_string(), e))?;
        let tables = if opts.csv {
            Some(tables::Tables::create(out, !opts.raw_csv)?)
        } else {
            None
        };
        let summary = if opts.json {
            let path = out.join("summary.json");
            let mut w = BufWriter::new(
                File::create(&path).map_err(|e| Error::io(path.display().to_string(), e))?,
            );
            w.write_all(b"[")
                .map_err(|e| Error::io(path.display().to_string(), e))?;
            Some(w)
        } else {
            None
        };
        Ok(BatchWriter {
            out: out.to_path_buf(),
            opts,
            tables,
            summary,
            rows: Vec::new(),
            failures: Vec::new(),
        })
    }

    /// Writes one conversation's report, table rows and summary entry.
    pub fn add(&mut self, mut scored: ScoredConversation, mut analysis: Analysis) -> Result<()> {
        let ordinal = self.rows.len();
        let me = self
            .opts
            .me
            .as_deref()
            .and_then(|me| privacy::find_me(&scored, me));
        if self.opts.pseudonymize {
            privacy::pseudonymize(&mut scored, &mut analysis, ordinal);
        }
        if self.opts.redact {
            privacy::redact(&mut scored, &mut analysis);
        }
        if let Some(tables) = &mut self.tables {
            tables.add(&scored, &analysis)?;
        }
        if let Some(w) = &mut self.summary {
            let path = self.out.join("summary.json");
            let sep: &[u8] = if ordinal == 0 { b"\n" } else { b",\n" };
            w.write_all(sep)
                .and_then(|_| serde_json::to_writer_pretty(&mut *w, &analysis).map_err(Into::into))
                .map_err(|e| Error::io(path.display().to_string(), e))?;
        }
        if self.opts.html {
            let dir = self.out.join(&analysis.id);
            fs::create_dir_all(&dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
            let page = html::report_page(&scored, &analysis, me, &self.opts);
            let path = dir.join("report.html");
            fs::write(&path, page).map_err(|e| Error::io(path.display().to_string(), e))?;
        }
        self.rows.push(IndexRow {
            id: analysis.id.clone(),
            app: analysis.app.as_str(),
            title: fmt::conversation_title(&analysis),
            participants: analysis
                .participants
                .iter()
                .map(|p| p.name.clone())
                .collect(),
            start: analysis.start,
            end: analysis.end,
            messages: analysis.messages,
            push_pull_score: analysis.push_pull_score,
            band: analysis.band,
            label: analysis.label.clone(),
            confidence: analysis.confidence.level,
            languages: analysis.languages.line(),
            language_notice: analysis.languages.scope_notice.clone(),
            language_codes: analysis
                .languages
                .shares
                .iter()
                .filter(|s| s.share >= INDEX_LANGUAGE_SHARE)
                .map(|s| (s.lang.code().to_string(), s.lang.name().to_string()))
                .collect(),
        });
        Ok(())
    }

    /// Records an input that could not be analysed (shown on the index page).
    pub fn add_failure(&mut self, input: &str, error: &str) {
        self.failures.push(Failure {
            input: if self.opts.pseudonymize {
                format!("input {}", self.failures.len() + 1)
            } else {
                input.to_string()
            },
            error: error.to_string(),
        });
    }

    /// Closes the tables and `summary.json` and writes `index.html`.
    pub fn finish(self) -> Result<BatchSummary> {
        if let Some(tables) = self.tables {
            tables.finish()?;
        }
        if let Some(mut w) = self.summary {
            let path = self.out.join("summary.json");
            w.write_all(b"\n]\n")
                .and_then(|_| w.flush())
                .map_err(|e| Error::io(path.display().to_string(), e))?;
        }
        if self.opts.html {
            let path = self.out.join("index.html");
            let page = index_html(&self.rows, &self.failures, &self.opts);
            fs::write(&path, page).map_err(|e| Error::io(path.display().to_string(), e))?;
        }
        Ok(BatchSummary {
            out_dir: self.out,
            conversations: self.rows,
            failures: self.failures,
        })
    }
}
