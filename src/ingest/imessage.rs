//! Reader for imessage exports (IMessageText).

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
    todo!("imessage reader")
}
