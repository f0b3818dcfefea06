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
use super::scorer::ScorerArgs;
use super::table::TableArgs;
use pushpull::ingest;
use pushpull::report::records::{MessageRecord, RecordWriter, MESSAGE_COLUMNS};
use pushpull::score::{score_conversation, Cues, Scored};
use serde::Serialize;
use std::io::Write;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    inputs: InputArgs,
    #[command(flatten)]
    table: TableArgs,
    #[command(flatten)]
    scorer: ScorerArgs,
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

impl ScoredRecord<'_> {
    /// The CSV cells in the header's order (empty score and cues for unscored messages).
    fn csv_fields(&self, neutralise: bool) -> Vec<String> {
        let mut fields = self.message.csv_fields(neutralise).to_vec();
        fields.push(self.warmth.map(|w| w.to_string()).unwrap_or_default());
        fields.push(self.confidence.map(|c| c.to_string()).unwrap_or_default());
        match &self.cues {
            Some(c) => fields.extend(c.fields()),
            None => fields.extend(std::iter::repeat_n(String::new(), Cues::COLUMNS.len())),
        }
        fields
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let scorer = args.scorer.load()?;
    let opts = args.inputs.options();
    let (inputs, discover_errors) = ingest::discover(&args.inputs.paths);
    for e in &discover_errors {
        exit::report(e);
    }
    let columns: Vec<&str> = MESSAGE_COLUMNS
        .iter()
        .copied()
        .chain(["warmth", "confidence"])
        .chain(Cues::COLUMNS)
        .collect();
    let out = std::io::BufWriter::new(args.table.open()?);
    let mut writer = RecordWriter::new(args.table.format(), out, &columns)?;
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
                writer.write(&record, record.csv_fields(args.table.neutralise()))?;
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
