//! Command-line definitions. One module per subcommand, each with its arguments (and usage
//! examples in their doc comments) and a small `run` that calls library code and writes
//! output; `exit` holds what every command shares about ending (exit statuses, error lines,
//! a closed stdout) and `examples` the examples each `--help` ends with.

mod analyze;
mod eval;
mod examples;
mod exit;
mod inputs;
mod parse;
#[cfg(feature = "bert")]
mod progress;
mod score;
mod scorer;
mod synth;
mod table;
mod text;
mod train;
mod validate;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "pushpull", version, about, long_about = None, after_help = exit::TABLE)]
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
    #[command(after_help = examples::ANALYZE)]
    Analyze(analyze::Args),
    /// Read chat exports into one record per message (JSON Lines or CSV).
    #[command(after_help = examples::PARSE)]
    Parse(parse::Args),
    /// Parse and score every message for warmth.
    #[command(after_help = examples::SCORE)]
    Score(score::Args),
    /// Measure a scorer against human-labelled text.
    #[command(after_help = examples::EVAL)]
    Eval(eval::Args),
    /// Rebuild a warmth model (built-in, or the bert head) from the labelled corpus.
    #[command(after_help = examples::TRAIN)]
    Train(train::Args),
    /// Write a planted conversation (a real export file plus ground truth).
    #[command(after_help = examples::SYNTH)]
    Synth(synth::Args),
    /// Run every planted scenario through the pipeline and print detection metrics.
    #[command(after_help = examples::VALIDATE)]
    Validate(validate::Args),
}

/// Runs the command line and returns the exit status of the table in [`exit::TABLE`].
pub fn run() -> ExitCode {
    exit::install_panic_hook();
    run_command(Cli::parse()).unwrap_or_else(|error| exit::from_error(&error))
}

fn run_command(cli: Cli) -> anyhow::Result<ExitCode> {
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
