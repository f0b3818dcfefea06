//! The table arguments `parse` and `score` share (`--to`, `-o`, `--raw-csv`) and the output
//! they open: the file `-o` names, else stdout.

use pushpull::report::records::TableFormat;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct TableArgs {
    /// Output table format.
    #[arg(long = "to", value_enum, default_value_t = TableFormatArg::Jsonl)]
    to: TableFormatArg,
    /// Write the table here instead of stdout.
    #[arg(short = 'o', long)]
    output: Option<PathBuf>,
    /// CSV: write text and names exactly, even a cell a spreadsheet would run as a formula
    /// (default: such cells start with `'`; for pandas/DuckDB users who want raw values).
    #[arg(long)]
    raw_csv: bool,
}

/// `--to`: [`TableFormat`] as a command-line value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormatArg {
    Jsonl,
    Csv,
}

impl TableArgs {
    /// The table format asked for.
    pub fn format(&self) -> TableFormat {
        match self.to {
            TableFormatArg::Jsonl => TableFormat::Jsonl,
            TableFormatArg::Csv => TableFormat::Csv,
        }
    }

    /// Whether CSV cells a spreadsheet would run as a formula get a leading `'`.
    pub fn neutralise(&self) -> bool {
        !self.raw_csv
    }

    /// The output: the file `-o` names (created or truncated), else stdout.
    pub fn open(&self) -> anyhow::Result<Box<dyn Write>> {
        Ok(match &self.output {
            Some(path) => Box::new(
                std::fs::File::create(path)
                    .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?,
            ),
            None => Box::new(std::io::stdout().lock()),
        })
    }
}
