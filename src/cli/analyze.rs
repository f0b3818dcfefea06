//! `pushpull analyze`: the main job. Runs ingest → score → dynamics → report over files,
//! folders and zips and writes the reports and tables into one folder.
//!
//! ```text
//! pushpull analyze samples/ -o report
//! pushpull analyze exports/ -o out --format json,csv -j 2 --quiet
//! pushpull analyze "WhatsApp Chat with Sam.txt" -o out --me "Alex" --pseudonymize --redact
//! pushpull analyze corpus/ -o out-0 --shard 0/4     # one machine's quarter of a batch
//! ```
//!
//! Writes `OUT/index.html`, `OUT/<conversation>/report.html`, `OUT/summary.json`,
//! `OUT/messages.csv`, `OUT/participants.csv` and `OUT/conversations.csv`. Inputs are read
//! and analysed in parallel a few at a time and written in input order, so the output is
//! the same whatever the thread count, and memory holds only the conversations in flight.
//! An input that fails is reported and the batch goes on; the exit status is non-zero only
//! when nothing could be analysed.

use super::exit;
use super::inputs::InputArgs;
use super::parse::Merge;
use super::scorer::ScorerArgs;
use indicatif::{ProgressBar, ProgressStyle};
use pushpull::chat::Conversation;
use pushpull::dynamics::{self, Analysis};
use pushpull::ingest::overlap::{OverlapFinder, Sketch};
use pushpull::ingest::{self, IngestOptions, Input};
use pushpull::report::{self, BatchWriter, ReportOptions};
use pushpull::score::{self, ScoredConversation, Scorer};
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: InputArgs,
    /// Output folder (created if missing).
    #[arg(short = 'o', long = "out", default_value = "report")]
    out: PathBuf,
    #[command(flatten)]
    scorer: ScorerArgs,
    /// What to write, comma-separated: html, json, csv.
    #[arg(long, value_delimiter = ',', default_value = "html,json,csv")]
    format: Vec<OutputFormat>,
    /// Your own name in the chats: marked "(you)" in the reports.
    #[arg(long)]
    me: Option<String>,
    /// Replace participant names by Person A, Person B, ... in every output.
    #[arg(long)]
    pseudonymize: bool,
    /// Leave message text out of every output (for sharing a report).
    #[arg(long)]
    redact: bool,
    /// CSV: write text and names exactly, even a cell a spreadsheet would run as a formula
    /// (default: such cells start with `'`; for pandas/DuckDB users who want raw values).
    #[arg(long)]
    raw_csv: bool,
    /// Only the inputs K, K+N, K+2N, ... of the sorted input list (`K/N`, 0-based), to
    /// split one batch across machines; outputs of the shards concatenate.
    #[arg(long, value_parser = parse_shard)]
    shard: Option<(usize, usize)>,
    /// No progress bar and no terminal summary.
    #[arg(short, long)]
    quiet: bool,
    /// Join exports of one chat that overlap (an older and a newer export) into one
    /// conversation, each message once; `off` keeps every input apart. `auto` reads the
    /// batch once beforehand to find them (keeping 4 bytes per message).
    #[arg(long, value_enum, default_value_t = Merge::Auto)]
    merge: Merge,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OutputFormat {
    Html,
    Json,
    Csv,
}

fn parse_shard(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("`{s}` is not a shard: use K/N with 0 <= K < N, e.g. 0/4");
    let (k, n) = s.split_once('/').ok_or_else(bad)?;
    let k: usize = k.trim().parse().map_err(|_| bad())?;
    let n: usize = n.trim().parse().map_err(|_| bad())?;
    if n == 0 || k >= n {
        return Err(bad());
    }
    Ok((k, n))
}

/// What one unit of inputs turned into: its analysed conversations, and the inputs of it
/// that failed (display path, error).
struct UnitResult {
    analysed: Vec<(ScoredConversation, Analysis)>,
    failures: Vec<(String, String)>,
    /// The files of each conversation merged from overlapping exports.
    merged: Vec<String>,
}

/// Inputs analysed together: one input, or the exports of one chat to merge.
type Unit<'a> = Vec<&'a Input>;

fn analyse_unit(unit: &Unit, opts: &IngestOptions, scorer: &dyn Scorer) -> UnitResult {
    let mut conversations: Vec<Conversation> = Vec::new();
    let mut failures = Vec::new();
    for input in unit {
        match ingest::parse_input_guarded(input, opts) {
            Ok(convs) => conversations.extend(convs),
            Err(e) => failures.push((input.display.clone(), e.to_string())),
        }
    }
    let mut merged = Vec::new();
    if unit.len() > 1 {
        let ids: std::collections::HashSet<String> =
            conversations.iter().map(|c| c.id.clone()).collect();
        conversations = ingest::merge::merge_overlapping(conversations);
        merged.extend(
            conversations
                .iter()
                .filter(|c| !ids.contains(&c.id))
                .map(|c| c.source.files.join(" + ")),
        );
    }
    let mut analysed = Vec::new();
    for c in conversations {
        let display = c.source.files.join(" + ");
        match score::score_conversation(c, scorer) {
            Ok(scored) => {
                let analysis = dynamics::analyze(&scored);
                analysed.push((scored, analysis));
            }
            Err(e) => failures.push((display.clone(), format!("{display}: {e}"))),
        }
    }
    UnitResult {
        analysed,
        failures,
        merged,
    }
}

/// The batch as units, in input order: with `--merge auto`, inputs whose conversations
/// overlap (found by [`OverlapFinder`] on a first read) form one unit at the place of the
/// first of them.
fn units<'a>(inputs: &'a [Input], opts: &IngestOptions, merge: Merge) -> Vec<Unit<'a>> {
    if merge == Merge::Off || inputs.len() < 2 {
        return inputs.iter().map(|i| vec![i]).collect();
    }
    let sketches: Vec<Vec<Sketch>> = inputs
        .par_iter()
        .map(|i| match ingest::parse_input_guarded(i, opts) {
            Ok(convs) => convs.iter().map(Sketch::of).collect(),
            // Reported when the input is analysed.
            Err(_) => Vec::new(),
        })
        .collect();
    let mut finder = OverlapFinder::default();
    for (n, s) in sketches.into_iter().enumerate() {
        for sketch in s {
            finder.add(n, sketch);
        }
    }
    let groups = finder.groups();
    let mut group_of = vec![None; inputs.len()];
    for (g, members) in groups.iter().enumerate() {
        for &n in members {
            group_of[n] = Some(g);
        }
    }
    let mut out = Vec::new();
    for (n, input) in inputs.iter().enumerate() {
        match group_of[n] {
            None => out.push(vec![input]),
            Some(g) if groups[g][0] == n => {
                out.push(groups[g].iter().map(|&k| &inputs[k]).collect())
            }
            Some(_) => {}
        }
    }
    out
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let scorer = args.scorer.load()?;
    let ingest_opts = args.inputs.options();
    let (mut inputs, discover_errors) = ingest::discover(&args.inputs.paths);
    if let Some((k, n)) = args.shard {
        inputs = inputs.into_iter().skip(k).step_by(n).collect();
    }
    let report_opts = ReportOptions {
        html: args.format.contains(&OutputFormat::Html),
        json: args.format.contains(&OutputFormat::Json),
        csv: args.format.contains(&OutputFormat::Csv),
        me: args.me.clone(),
        pseudonymize: args.pseudonymize,
        redact: args.redact,
        scorer: scorer.name().to_string(),
        raw_csv: args.raw_csv,
    };
    let mut writer = BatchWriter::create(&args.out, report_opts)?;
    for e in &discover_errors {
        exit::report(e);
        writer.add_failure(&e.to_string(), "could not be listed");
    }

    let units = units(&inputs, &ingest_opts, args.merge);
    let progress = if !args.quiet && std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(inputs.len() as u64);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} files, {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };

    // A few inputs in flight at a time: parallel, yet memory bounded and output in order.
    // While one window is analysed, the previous window's results are written.
    let window = rayon::current_num_threads().max(1) * 2;
    let mut messages = 0usize;
    let mut pending: Option<(&[Unit], Vec<UnitResult>)> = None;
    for chunk in units.chunks(window) {
        let done = pending.take();
        let (results, written) = rayon::join(
            || {
                chunk
                    .par_iter()
                    .map(|unit| analyse_unit(unit, &ingest_opts, scorer.as_ref()))
                    .collect::<Vec<UnitResult>>()
            },
            || write_window(done, &mut writer, &progress, &mut messages),
        );
        written?;
        pending = Some((chunk, results));
    }
    write_window(pending, &mut writer, &progress, &mut messages)?;
    progress.finish_and_clear();
    let summary = writer.finish()?;
    if !args.quiet {
        eprint!("{}", report::terminal_summary(&summary));
    }
    Ok(exit::by_inputs_used(summary.conversations.len()))
}

/// Writes one analysed window in input order, reporting failed inputs and merged exports
/// and advancing the progress bar.
fn write_window(
    window: Option<(&[Unit], Vec<UnitResult>)>,
    writer: &mut BatchWriter,
    progress: &ProgressBar,
    messages: &mut usize,
) -> anyhow::Result<()> {
    let Some((units, results)) = window else {
        return Ok(());
    };
    for (unit, result) in units.iter().zip(results) {
        for (display, e) in &result.failures {
            progress.suspend(|| exit::report(e));
            writer.add_failure(display, e);
        }
        for files in &result.merged {
            progress.suspend(|| exit::report_merged(files));
        }
        for (scored, analysis) in result.analysed {
            *messages += scored.conversation.messages.len();
            writer.add(scored, analysis)?;
        }
        progress.inc(unit.len() as u64);
        progress.set_message(format!("{messages} messages"));
    }
    Ok(())
}
