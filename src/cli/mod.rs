//! Command-line definitions. One module per subcommand, each with its arguments (and usage
//! examples in their doc comments) and a small `run` that calls library code and writes
//! output.

mod analyze;
mod eval;
mod inputs;
mod parse;
mod records;
mod score;
mod scorer;
mod synth;
mod train;
mod validate;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "pushpull", version, about, long_about = None)]
struct Cli {
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long = "threads", global = true)]
    threads: Option<usize>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the whole pipeline over files, folders and zips; write HTML, JSON and CSV.
    Analyze(analyze::Args),
    /// Read chat exports into one record per message (JSON Lines or CSV).
    Parse(parse::Args),
    /// Parse and score every message for warmth.
    Score(score::Args),
    /// Measure a scorer against human-labelled text.
    Eval(eval::Args),
    /// Rebuild a warmth model (built-in, or the bert head) from the labelled corpus.
    Train(train::Args),
    /// Write a planted conversation (a real export file plus ground truth).
    Synth(synth::Args),
    /// Run every planted scenario through the pipeline and print detection metrics.
    Validate(validate::Args),
}

pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    if let Some(n) = cli.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build_global()?;
    }
    match cli.command {
        Command::Analyze(a) => analyze::run(a),
        Command::Parse(a) => parse::run(a),
        Command::Score(a) => score::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Train(a) => train::run(a),
        Command::Synth(a) => synth::run(a),
        Command::Validate(a) => validate::run(a),
    }
}
