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

use super::scorer::ScorerArgs;
use pushpull::score::eval::evaluate_split;
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
    /// For construct sets (models/construct/<lang>.tsv): only this split (train, dev, test).
    #[arg(long)]
    split: Option<String>,
    /// One JSON object per file instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let scorer = args.scorer.load()?;
    if !args.json {
        println!(
            "{:<50} {:>6} {:>9} {:>8} {:>9} {:>12}",
            "file", "n", "spearman", "pearson", "macro_f1", "msgs/s"
        );
    }
    let mut failed = false;
    for file in &args.files {
        match evaluate_split(
            file,
            args.mapping.as_deref(),
            args.split.as_deref(),
            scorer.as_ref(),
        ) {
            Ok(r) if args.json => println!("{}", serde_json::to_string(&r)?),
            Ok(r) => println!(
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
            ),
            Err(e) => {
                eprintln!("pushpull eval: {e}");
                failed = true;
            }
        }
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
