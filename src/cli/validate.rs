//! `pushpull validate`: runs every planted scenario × seed through the pipeline and prints
//! detection metrics (see docs/validation.md).
//!
//! ```text
//! pushpull validate --seeds 10 --days 180
//! pushpull validate --seeds 10 --format whatsapp-ios
//! pushpull validate --seeds 10 --planted      # diagnostic: skip writing, parsing and scoring
//! ```

use super::scorer::ScorerArgs;
use pushpull::synth::validate::{self, Pipeline};
use pushpull::synth::ExportFormat;
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Seeds per scenario (seeds 1000, 1001, ...).
    #[arg(long, default_value_t = 10)]
    seeds: u64,
    /// Days per conversation.
    #[arg(long, default_value_t = 180)]
    days: usize,
    /// Export format the conversations are written in and read back from.
    #[arg(long, value_enum, default_value_t = ExportFormat::WhatsApp)]
    format: ExportFormat,
    #[command(flatten)]
    scorer: ScorerArgs,
    /// Diagnostic: feed the planted warmth straight to the dynamics stage (no export text,
    /// no parser, no scorer), to separate the method from the scorer.
    #[arg(long)]
    planted: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
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
    let results = validate::run(args.seeds, args.days, pipeline, args.format)?;
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "pipeline: {}; {} seeds x {} days; boundary F1 within ±{} days; threshold {}",
        pipeline.describe(),
        args.seeds,
        args.days,
        validate::MARGIN_DAYS,
        validate::THRESHOLD
    )?;
    write!(out, "{}", validate::table(&results))?;
    writeln!(out, "elapsed {:.1}s", started.elapsed().as_secs_f64())?;
    Ok(ExitCode::SUCCESS)
}
