//! `pushpull parse`: reads chat exports into one record per message (JSON Lines or CSV).
//!
//! ```text
//! pushpull parse chat.txt                         # JSON Lines on stdout
//! pushpull parse exports/ --to csv -o messages.csv
//! pushpull parse "WhatsApp Chat - Anna.zip" --date-order mdy --tz Europe/Berlin
//! cat chat.txt | pushpull parse -
//! ```
//!
//! A summary goes to stderr: files read, the format of each, messages by kind, warnings by
//! reason. Each unreadable input is one error line; the others still parse. The exit status
//! is non-zero only when nothing could be parsed.

use super::exit;
use super::inputs::InputArgs;
use super::table::TableArgs;
use indicatif::{ProgressBar, ProgressStyle};
use pushpull::chat::Conversation;
use pushpull::error::Error;
use pushpull::ingest::{self, Input, Origin};
use pushpull::report::records::{write_messages, RecordWriter, MESSAGE_COLUMNS};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: InputArgs,
    #[command(flatten)]
    table: TableArgs,
    /// Join exports of one chat that overlap (an older and a newer export) into one
    /// conversation, each message once; `off` keeps every input apart.
    /// Exports big enough to be read as a stream (JSON of 64 MB or more) are written chat
    /// by chat after the others, unmerged.
    #[arg(long, value_enum, default_value_t = Merge::Auto)]
    merge: Merge,
    /// No progress bar (it is shown only when stderr is a terminal).
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Merge {
    Auto,
    Off,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let opts = args.inputs.options();
    let (inputs, discover_errors) = ingest::discover(&args.inputs.paths);
    for e in &discover_errors {
        exit::report(e);
    }
    // Big JSON exports are read as a stream and written chat by chat, after the others.
    let (streamed, whole): (Vec<&Input>, Vec<&Input>) =
        inputs.iter().partition(|i| match &i.origin {
            Origin::File(path) => matches!(
                ingest::large::streamed_format(path, &i.display),
                Ok(Some(_))
            ),
            _ => false,
        });
    let progress = progress_bar(inputs.len(), args.quiet);
    let results: Vec<_> = whole
        .par_iter()
        .map(|input| {
            let result = ingest::parse_input_guarded(input, &opts);
            progress.inc(1);
            (*input, result)
        })
        .collect();

    let format = args.table.format();
    let mut writer = std::io::BufWriter::with_capacity(1 << 16, args.table.open()?);
    writer.write_all(&RecordWriter::new(format, Vec::new(), &MESSAGE_COLUMNS)?.into_inner()?)?;
    let mut summary = Summary::default();
    let mut failed = discover_errors.len();
    let mut parsed: Vec<(String, Conversation)> = Vec::new();
    for (input, result) in results {
        match result {
            Ok(convs) => parsed.extend(convs.into_iter().map(|c| (input.display.clone(), c))),
            Err(e) => {
                failed += 1;
                progress.suspend(|| exit::report(e));
            }
        }
    }
    if args.merge == Merge::Auto {
        parsed = merge_parsed(parsed);
    }
    for (display, conv) in &parsed {
        write_messages(&mut writer, format, conv, args.table.neutralise())?;
        summary.add(display, conv);
    }
    progress.set_message(format!("{} messages", summary.messages()));
    for input in streamed {
        let result = ingest::parse_input_each_guarded(input, &opts, |conv| {
            write_messages(&mut writer, format, &conv, args.table.neutralise())
                .map_err(|e| Error::input(&input.display, None, format!("writing records: {e}")))?;
            summary.add(&input.display, &conv);
            progress.set_message(format!("{} messages", summary.messages()));
            Ok(())
        });
        if let Err(e) = result {
            failed += 1;
            progress.suspend(|| exit::report(e));
        }
        progress.inc(1);
    }
    writer.flush()?;
    progress.finish_and_clear();
    summary.print(inputs.len(), failed);
    Ok(exit::by_inputs_used(summary.conversations))
}

/// A bar on stderr when it is a terminal (inputs read, messages written); hidden otherwise
/// or with `--quiet`.
fn progress_bar(inputs: usize, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(inputs as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files, {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// Merges overlapping exports of one chat; a merged conversation is shown as the files it
/// was merged from, and a line on stderr says so.
fn merge_parsed(parsed: Vec<(String, Conversation)>) -> Vec<(String, Conversation)> {
    let display_of: std::collections::HashMap<String, String> = parsed
        .iter()
        .map(|(d, c)| (c.id.clone(), d.clone()))
        .collect();
    let before = parsed.len();
    let merged = ingest::merge::merge_overlapping(parsed.into_iter().map(|(_, c)| c).collect());
    if merged.len() == before {
        return merged
            .into_iter()
            .map(|c| (display_of[&c.id].clone(), c))
            .collect();
    }
    merged
        .into_iter()
        .map(|c| match display_of.get(&c.id) {
            Some(d) => (d.clone(), c),
            None => {
                let files = c.source.files.join(" + ");
                exit::report_merged(&files);
                (format!("merged: {files}"), c)
            }
        })
        .collect()
}

/// Counts for the stderr summary.
#[derive(Default)]
struct Summary {
    conversations: usize,
    per_file: Vec<(String, &'static str, usize, usize)>,
    kinds: BTreeMap<&'static str, usize>,
    reasons: BTreeMap<String, usize>,
    lines_in: usize,
    lines_accounted: usize,
    zones: std::collections::BTreeSet<String>,
}

impl Summary {
    fn messages(&self) -> usize {
        self.kinds.values().sum()
    }

    fn add(&mut self, display: &str, conv: &Conversation) {
        self.conversations += 1;
        self.per_file.push((
            display.to_string(),
            conv.source.format.as_str(),
            conv.messages.len(),
            conv.warnings.len(),
        ));
        for m in &conv.messages {
            *self.kinds.entry(m.kind.as_str()).or_default() += 1;
        }
        for w in &conv.warnings {
            *self.reasons.entry(reason_key(&w.reason)).or_default() += 1;
        }
        self.zones.extend(conv.source.zone.clone());
        self.lines_in += conv.source.units_in;
        self.lines_accounted += conv.units_accounted();
    }

    fn print(&self, inputs: usize, failed: usize) {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(
            err,
            "pushpull parse: {inputs} input(s) read, {} conversation(s), {failed} error(s)",
            self.conversations
        );
        if self.per_file.len() <= 20 {
            for (file, format, messages, warnings) in &self.per_file {
                let _ = writeln!(
                    err,
                    "  {file}: {format}, {messages} messages, {warnings} warnings"
                );
            }
        } else {
            let mut formats: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, format, _, _) in &self.per_file {
                *formats.entry(format).or_default() += 1;
            }
            for (format, n) in formats {
                let _ = writeln!(err, "  {format}: {n} conversation(s)");
            }
        }
        let kinds: Vec<String> = self.kinds.iter().map(|(k, n)| format!("{k} {n}")).collect();
        let total: usize = self.kinds.values().sum();
        let _ = writeln!(err, "  messages: {total} ({})", kinds.join(", "));
        let _ = writeln!(
            err,
            "  lines/records: {} in, {} in messages or warnings",
            self.lines_in, self.lines_accounted
        );
        if !self.zones.is_empty() {
            let zones: Vec<&str> = self.zones.iter().map(String::as_str).collect();
            let _ = writeln!(err, "  times in: {} (--tz)", zones.join(", "));
        }
        if !self.reasons.is_empty() {
            let _ = writeln!(err, "  warnings by reason:");
            for (reason, n) in &self.reasons {
                let _ = writeln!(err, "    {n} × {reason}");
            }
        }
    }
}

/// A warning reason without its specifics (`unparseable date (year 2020, ...)` →
/// `unparseable date`), so the summary groups alike warnings.
fn reason_key(reason: &str) -> String {
    let cut = reason.find([':', '(', ';']).unwrap_or(reason.len());
    reason[..cut].trim().to_string()
}
