//! `pushpull validate`: runs every planted scenario × seed through the pipeline and prints
//! detection metrics (see docs/validation.md).
//!
//! ```text
//! pushpull validate --seeds 10 --days 180
//! pushpull validate --seeds 10 --format whatsapp-ios
//! pushpull validate --seeds 10 --planted      # diagnostic: skip writing, parsing and scoring
//! pushpull validate --realistic --seeds 10    # realistic scenarios, text from the corpus
//! pushpull validate --realistic --pools emotion   # warm/cold text by the emotion mapping alone
//! ```

use super::scorer::ScorerArgs;
use super::synth::ExportFormatArg;
use super::text::TextArgs;
use pushpull::synth::realistic;
use pushpull::synth::validate::{self, Pipeline};
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Seeds per scenario (seeds 1000, 1001, ...).
    #[arg(long, default_value_t = 10)]
    seeds: u64,
    /// Days per conversation.
    #[arg(long)]
    days: Option<usize>,
    /// Export format the conversations are written in and read back from.
    #[arg(long, value_enum, default_value_t = ExportFormatArg::WhatsApp)]
    format: ExportFormatArg,
    #[command(flatten)]
    scorer: ScorerArgs,
    /// Diagnostic: feed the planted warmth straight to the dynamics stage (no export text,
    /// no parser, no scorer), to separate the method from the scorer.
    #[arg(long)]
    planted: bool,
    /// Run the realistic scenarios instead (sleep, threads, log-normal waits, real
    /// labelled utterances from the corpus; 243 days unless --days is given).
    #[arg(long, conflicts_with = "planted")]
    realistic: bool,
    /// --realistic: where the text comes from (corpus folder, pools).
    #[command(flatten)]
    text: TextArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if args.realistic {
        return run_realistic(args);
    }
    let started = Instant::now();
    let days = args.days.unwrap_or(180);
    let scorer = if args.planted {
        None
    } else {
        Some(args.scorer.load()?)
    };
    let pipeline = match &scorer {
        Some(scorer) => Pipeline::Full {
            scorer: scorer.as_ref(),
        },
        None => Pipeline::Planted,
    };
    let results = validate::run(args.seeds, days, pipeline, args.format.into())?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "pipeline: {}; {} seeds x {} days; boundary F1 within ±{} days; threshold {}",
        pipeline.describe(),
        args.seeds,
        days,
        validate::MARGIN_DAYS,
        validate::THRESHOLD
    )?;
    write!(out, "{}", validate::table(&results))?;
    writeln!(out, "elapsed {:.1}s", started.elapsed().as_secs_f64())?;
    Ok(ExitCode::SUCCESS)
}

/// The realistic family: needs the labelled corpus (and, for `--pools both`, the pools file)
/// for its text; says which is missing and fails without.
fn run_realistic(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let text = args.text.load()?;
    let scorer = args.scorer.load()?;
    let days = args.days.unwrap_or(realistic::DEFAULT_DAYS);
    let results =
        realistic::validate::run(args.seeds, days, &text, scorer.as_ref(), args.format.into())?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "pipeline: export file -> ingest parse -> {} scorer -> dynamics; realistic scenarios, \
         {} seeds x {days} days; text: {}; boundary F1 within ±{} days; threshold {}",
        scorer.name(),
        args.seeds,
        args.text.describe(&text),
        validate::MARGIN_DAYS,
        validate::THRESHOLD
    )?;
    write!(out, "{}", realistic::validate::table(&results))?;
    write!(out, "{}", realistic::validate::contrast_table(&results))?;
    writeln!(out, "elapsed {:.1}s", started.elapsed().as_secs_f64())?;
    Ok(ExitCode::SUCCESS)
}
