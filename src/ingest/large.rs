//! Big JSON exports read from their file as they go: a Telegram full-account `result.json`
//! or a DiscordChatExporter JSON file of [`STREAM_MIN_BYTES`] or more is never held in
//! memory whole (neither its text nor its JSON tree). Each message record is read, turned
//! into a message and dropped, and each chat handed on as soon as it ends, so memory follows
//! the largest chat, not the file. Smaller files are read at once (faster), by the same
//! readers.

use super::{detect, discord, put_in_zone, telegram, IngestOptions};
use crate::chat::{Conversation, Format};
use crate::error::{Error, Result};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// Files from this size on are streamed.
pub const STREAM_MIN_BYTES: u64 = 64 << 20;

/// How much of the file detection looks at (as the readers' own `detect`).
const HEAD_BYTES: usize = 64 * 1024;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The format of the file at `path` when it is to be streamed: a Telegram or Discord JSON
/// export of [`STREAM_MIN_BYTES`] or more, in UTF-8. `None` sends it the usual way.
pub fn streamed_format(path: &Path, display: &str) -> Result<Option<Format>> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::io(display, e))?
        .len();
    if size < STREAM_MIN_BYTES {
        return Ok(None);
    }
    let mut head = Vec::with_capacity(HEAD_BYTES);
    File::open(path)
        .and_then(|f| f.take(HEAD_BYTES as u64).read_to_end(&mut head))
        .map_err(|e| Error::io(display, e))?;
    let bytes = head.strip_prefix(UTF8_BOM).unwrap_or(&head);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        // Cut inside a character at the end of the head: the part before it.
        Err(e) if e.error_len().is_none() => {
            std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default()
        }
        Err(_) => return Ok(None),
    };
    Ok(detect(text).filter(|f| matches!(f, Format::TelegramJson | Format::DiscordJson)))
}

/// Reads the export at `path` (a format [`streamed_format`] returned) a record at a time,
/// handing each conversation to `emit`, in the `--tz` zone when given.
pub fn parse_file(
    display: &str,
    path: &Path,
    format: Format,
    opts: &IngestOptions,
    mut emit: impl FnMut(Conversation) -> Result<()>,
) -> Result<()> {
    let file = File::open(path).map_err(|e| Error::io(display, e))?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    if reader
        .fill_buf()
        .map_err(|e| Error::io(display, e))?
        .starts_with(UTF8_BOM)
    {
        reader.consume(UTF8_BOM.len());
    }
    let zoned = |mut conv: Conversation| {
        put_in_zone(std::slice::from_mut(&mut conv), opts);
        emit(conv)
    };
    match format {
        Format::DiscordJson => discord::parse_json_stream(display, reader, zoned),
        _ => telegram::parse_stream(format, display, reader, opts, zoned),
    }
}
