//! `pushpull score`: parses exports and scores every message for warmth.
//!
//! ```text
//! pushpull score chat.txt                          # JSON Lines on stdout
//! pushpull score exports/ --to csv -o scored.csv
//! ```
//!
//! One row per message: the `parse` record plus `warmth` and `confidence` (empty/null for
//! media, system, deleted and call messages, which are not scored) and the chat cues that
//! explain the score.

use super::exit;
use super::inputs::InputArgs;
use super::records::{MessageRecord, RecordWriter, TableFormat, CSV_COLUMNS};
use super::scorer::ScorerArgs;
use pushpull::ingest;
use pushpull::score::{score_conversation, Cues, Scored};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: InputArgs,
    /// Output table format.
    #[arg(long = "to", value_enum, default_value_t = TableFormat::Jsonl)]
    to: TableFormat,
    #[command(flatten)]
    scorer: ScorerArgs,
    /// Write the table here instead of stdout.
    #[arg(short = 'o', long)]
    output: Option<PathBuf>,
    /// CSV: write text and names exactly, even a cell a spreadsheet would run as a formula
    /// (default: such cells start with `'`; for pandas/DuckDB users who want raw values).
    #[arg(long)]
    raw_csv: bool,
}

/// A parse record with its score and cues.
#[derive(Serialize)]
struct ScoredRecord<'a> {
    #[serde(flatten)]
    message: MessageRecord<'a>,
    warmth: Option<f32>,
    confidence: Option<f32>,
    cues: Option<Cues>,
}

const CUE_COLUMNS: [&str; 13] = [
    "words",
    "affection",
    "warm_emoji",
    "cold_emoji",
    "laughter",
    "apology",
    "thanks",
    "questions",
    "exclamations",
    "negations",
    "intensifiers",
    "all_caps",
    "curt",
];

fn cue_fields(c: &Cues) -> [String; 13] {
    [
        c.words.to_string(),
        c.affection.to_string(),
        c.warm_emoji.to_string(),
        c.cold_emoji.to_string(),
        c.laughter.to_string(),
        c.apology.to_string(),
        c.thanks.to_string(),
        c.questions.to_string(),
        c.exclamations.to_string(),
        c.negations.to_string(),
        c.intensifiers.to_string(),
        c.all_caps.to_string(),
        c.curt.to_string(),
    ]
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let scorer = args.scorer.load()?;
    let opts = args.inputs.options();
    let (inputs, discover_errors) = ingest::discover(&args.inputs.paths);
    for e in &discover_errors {
        exit::report(e);
    }
    let out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(
            std::fs::File::create(path)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?,
        ),
        None => Box::new(std::io::stdout().lock()),
    };
    let columns: Vec<&str> = CSV_COLUMNS
        .iter()
        .copied()
        .chain(["warmth", "confidence"])
        .chain(CUE_COLUMNS)
        .collect();
    let mut writer = RecordWriter::new(args.to, std::io::BufWriter::new(out), &columns)?;
    let (mut conversations, mut messages, mut scored_count) = (0usize, 0usize, 0usize);
    for input in &inputs {
        let convs = match ingest::parse_input_guarded(input, &opts) {
            Ok(c) => c,
            Err(e) => {
                exit::report(e);
                continue;
            }
        };
        for conv in convs {
            let scored = match score_conversation(conv, scorer.as_ref()) {
                Ok(s) => s,
                Err(e) => {
                    exit::report(format_args!("{}: {e}", input.display));
                    continue;
                }
            };
            let conv = &scored.conversation;
            conversations += 1;
            for (m, s) in conv.messages.iter().zip(&scored.scores) {
                messages += 1;
                scored_count += usize::from(s.is_some());
                let record = ScoredRecord {
                    message: MessageRecord::new(conv, m),
                    warmth: s.map(|s: Scored| s.score.warmth),
                    confidence: s.map(|s| s.score.confidence),
                    cues: s.map(|s| s.cues),
                };
                let mut fields: Vec<String> = record.message.csv_fields(!args.raw_csv).to_vec();
                fields.push(record.warmth.map(|w| w.to_string()).unwrap_or_default());
                fields.push(record.confidence.map(|c| c.to_string()).unwrap_or_default());
                match &record.cues {
                    Some(c) => fields.extend(cue_fields(c)),
                    None => fields.extend(std::iter::repeat_n(String::new(), CUE_COLUMNS.len())),
                }
                writer.write(&record, fields)?;
            }
        }
    }
    writer.into_inner()?.flush()?;
    eprintln!(
        "pushpull score: {} input(s), {conversations} conversation(s), {messages} messages, {scored_count} scored with `{}`",
        inputs.len(),
        scorer.name()
    );
    Ok(exit::by_inputs_used(conversations))
}
