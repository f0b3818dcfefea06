//! `pushpull eval`: measures a scorer against human-labelled text.
//!
//! ```text
//! pushpull eval ../shared/corpus/labeled/emotionpush/dev.json
//! pushpull eval ../shared/corpus/labeled/goemotions/test.tsv mine.tsv --json
//! ```
//!
//! Inputs: a TSV with header `text<TAB>gold_warmth` (an optional `class` column with
//! warm/neutral/cold overrides the ±0.25 thresholds), GoEmotions TSV, EmotionPush JSON
//! (gold warmth from `warmth_mapping.json` next to the file or one folder up, or
//! `--mapping`). Rows with an empty text are skipped and counted.

use super::exit;
use super::scorer::ScorerArgs;
use pushpull::score::eval::evaluate;
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
    for file in &args.files {
        let r = match evaluate(file, args.mapping.as_deref(), scorer.as_ref()) {
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
                "{:<50} {:>6} {:>9.4} {:>8.4} {:>9.4} {:>12.0}{}",
                r.file,
                r.n,
                r.spearman,
                r.pearson,
                r.macro_f1,
                r.msgs_per_s,
                if r.skipped_empty > 0 {
                    format!("  ({} empty rows skipped)", r.skipped_empty)
                } else {
                    String::new()
                }
            )?;
        }
    }
    Ok(exit::by_inputs_used(measured))
}
