//! `pushpull eval`: measures a scorer against human-labelled text.
//!
//! ```text
//! pushpull eval ../shared/corpus/labeled/emotionpush/dev.json
//! pushpull eval ../shared/corpus/labeled/goemotions/test.tsv mine.tsv --json
//! pushpull eval models/construct/en.tsv --split test
//! ```
//!
//! Inputs: a TSV with header `text<TAB>gold_warmth` (an optional `class` column with
//! warm/neutral/cold overrides the ±0.25 thresholds), GoEmotions TSV, EmotionPush JSON
//! (gold warmth from `warmth_mapping.json` next to the file or one folder up, or
//! `--mapping`), the construct set (`id split label subkind context text`; messages with a
//! context are scored as replies to it) and its relabelled rows (`dataset row label`, texts
//! from the corpus). Rows with an empty text are skipped and counted. Besides Spearman,
//! Pearson and macro-F1, each file gets the recall of pull, neutral and push and the 3×3
//! confusion matrix.

use super::exit;
use super::scorer::ScorerArgs;
use pushpull::score::construct::Split;
use pushpull::score::eval::{evaluate_with, EvalOptions, EvalResult};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Labelled files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[command(flatten)]
    scorer: ScorerArgs,
    /// The label → warmth mapping for GoEmotions and EmotionPush files.
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// One JSON object per file instead of a table.
    #[arg(long)]
    json: bool,
    /// Only this split (`train`, `dev`, `test`) of construct-set files.
    #[arg(long, value_parser = parse_split)]
    split: Option<Split>,
    /// Score each message alone, ignoring the construct set's context column.
    #[arg(long)]
    no_context: bool,
}

fn parse_split(s: &str) -> Result<Split, String> {
    Split::parse(s).ok_or_else(|| format!("`{s}` is not train, dev or test"))
}

/// The per-class recall and the confusion matrix under a file's row of the table.
fn write_classes(out: &mut impl std::io::Write, r: &EvalResult) -> std::io::Result<()> {
    writeln!(
        out,
        "    recall: pull {:.3}  neutral {:.3}  push {:.3}",
        r.recall_pull, r.recall_neutral, r.recall_push
    )?;
    writeln!(out, "    gold \\ predicted      pull  neutral     push")?;
    for (name, row) in ["pull", "neutral", "push"].iter().zip(r.confusion) {
        writeln!(
            out,
            "    {name:<18} {:>8} {:>8} {:>8}",
            row[0], row[1], row[2]
        )?;
    }
    Ok(())
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let scorer = args.scorer.load()?;
    let mut out = std::io::stdout().lock();
    if !args.json {
        writeln!(
            out,
            "{:<50} {:>6} {:>9} {:>8} {:>9} {:>12}",
            "file", "n", "spearman", "pearson", "macro_f1", "msgs/s"
        )?;
    }
    let mut measured = 0;
    let opts = EvalOptions {
        mapping: args.mapping.as_deref(),
        split: args.split,
        no_context: args.no_context,
    };
    for file in &args.files {
        let r = match evaluate_with(file, opts, scorer.as_ref()) {
            Ok(r) => r,
            Err(e) => {
                exit::report(e);
                continue;
            }
        };
        measured += 1;
        if args.json {
            writeln!(out, "{}", serde_json::to_string(&r)?)?;
        } else {
            writeln!(
                out,
                "{:<50} {:>6} {:>9.4} {:>8.4} {:>9.4} {:>12.0}{}{}",
                r.file,
                r.n,
                r.spearman,
                r.pearson,
                r.macro_f1,
                r.msgs_per_s,
                r.split
                    .as_ref()
                    .map(|s| format!("  (split {s})"))
                    .unwrap_or_default(),
                if r.skipped_empty > 0 {
                    format!("  ({} empty rows skipped)", r.skipped_empty)
                } else {
                    String::new()
                }
            )?;
            write_classes(&mut out, &r)?;
        }
    }
    Ok(exit::by_inputs_used(measured))
}
