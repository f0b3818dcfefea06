//! The `pushpull` binary: parses the command line and hands over to a subcommand in
//! `cli/`. All the work lives in the library.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
