//! Reader for meta exports (MetaJson, MessengerE2eeJson).

use super::IngestOptions;
use crate::chat::{Conversation, Format};
use crate::error::Result;

/// The format of `text` if it is one this module reads (checked by content).
pub fn detect(text: &str) -> Option<Format> {
    let _ = text;
    None
}

/// Parses one input of a format `detect` returned.
pub fn parse(
    format: Format,
    display: &str,
    text: &str,
    opts: &IngestOptions,
) -> Result<Vec<Conversation>> {
    let _ = (format, display, text, opts);
    todo!("meta reader")
}

/// Parses several `message_N.json` files of one thread (display path, text) into one
/// conversation, oldest message first.
pub fn parse_group(parts: &[(&str, &str)], opts: &IngestOptions) -> Result<Vec<Conversation>> {
    let _ = (parts, opts);
    todo!("meta group reader")
}
