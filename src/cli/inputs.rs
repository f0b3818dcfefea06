//! Input options shared by the subcommands that read exports (`parse`, `score`,
//! `analyze`): the paths and how to read dates and zones.

use pushpull::ingest::{DateOrder, IngestOptions, Zone};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct InputArgs {
    /// Files, folders (recursive), .zip archives, or `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// How to read numeric dates like 1/2/20 (auto decides from the whole file).
    #[arg(long, value_enum, default_value_t = DateOrderArg::Auto)]
    pub date_order: DateOrderArg,
    /// Time zone: an IANA name (`Europe/Berlin`, `America/New_York`; daylight saving
    /// followed) or a UTC offset (`UTC`, `+02:00`, `-0530`). Local-time exports (WhatsApp,
    /// Signal Markdown, iMessage) are read in it; UTC times (Telegram, Discord, Meta) are
    /// shown in it.
    #[arg(long, value_parser = Zone::parse)]
    pub tz: Option<Zone>,
}

/// `--date-order`: [`DateOrder`] as a command-line value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DateOrderArg {
    Auto,
    Dmy,
    Mdy,
    Ymd,
}

impl From<DateOrderArg> for DateOrder {
    fn from(arg: DateOrderArg) -> Self {
        match arg {
            DateOrderArg::Auto => DateOrder::Auto,
            DateOrderArg::Dmy => DateOrder::Dmy,
            DateOrderArg::Mdy => DateOrder::Mdy,
            DateOrderArg::Ymd => DateOrder::Ymd,
        }
    }
}

impl InputArgs {
    pub fn options(&self) -> IngestOptions {
        IngestOptions {
            date_order: self.date_order.into(),
            tz_offset_s: match self.tz {
                Some(Zone::Fixed(off)) => Some(off),
                _ => None,
            },
            tz_name: match self.tz {
                Some(Zone::Named(tz)) => Some(tz),
                _ => None,
            },
        }
    }
}
