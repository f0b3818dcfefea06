//! Shared by every fuzz target: a parse result must keep the no-loss invariant, and an
//! error must name the input.

use pushpull::ingest::IngestOptions;
use pushpull::{Conversation, Error};

pub const NAME: &str = "fuzz-input";

pub fn opts() -> IngestOptions {
    IngestOptions::default()
}

/// Panics (a fuzz finding) when a conversation lost lines or an error does not name the input.
pub fn check(result: Result<Vec<Conversation>, Error>) {
    match result {
        Ok(convs) => {
            for conv in convs {
                assert_eq!(
                    conv.source.units_in,
                    conv.units_accounted(),
                    "no-loss invariant broken"
                );
            }
        }
        Err(e) => assert!(e.to_string().contains(NAME), "error without file name: {e}"),
    }
}
