//! Big JSON exports read from their file as they go: a Telegram full-account `result.json`,
//! a DiscordChatExporter JSON file or a Messenger/Instagram thread (one file or its
//! `message_N.json` parts together) of [`STREAM_MIN_BYTES`] or more is never held in
//! memory whole (neither its text nor its JSON tree). Each message record is read, turned
//! into a message and dropped, and each chat handed on as soon as it ends, so memory follows
//! the largest chat, not the file. Smaller files are read at once (faster), by the same
//! readers.

use super::{detect, discord, meta, put_in_zone, telegram, IngestOptions};
use crate::chat::{Conversation, Format};
use crate::error::{Error, Result};
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Files from this size on are streamed.
pub const STREAM_MIN_BYTES: u64 = 64 << 20;

/// How much of the file detection looks at (as the readers' own `detect`).
const HEAD_BYTES: usize = 64 * 1024;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The JSON formats read as a stream.
fn streams(format: &Format) -> bool {
    matches!(
        format,
        Format::TelegramJson | Format::DiscordJson | Format::MetaJson | Format::MessengerE2eeJson
    )
}

fn file_size(path: &Path, display: &str) -> Result<u64> {
    Ok(std::fs::metadata(path)
        .map_err(|e| Error::io(display, e))?
        .len())
}

/// The format of the file at `path` when it is to be streamed: a Telegram, Discord or Meta
/// JSON export of [`STREAM_MIN_BYTES`] or more, in UTF-8. `None` sends it the usual way.
pub fn streamed_format(path: &Path, display: &str) -> Result<Option<Format>> {
    if file_size(path, display)? < STREAM_MIN_BYTES {
        return Ok(None);
    }
    head_format(path, display)
}

/// The format of the file by its first [`HEAD_BYTES`], when it is one that streams and in
/// UTF-8.
fn head_format(path: &Path, display: &str) -> Result<Option<Format>> {
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
    Ok(detect(text).filter(streams))
}

/// Whether the `message_N.json` parts of one thread are to be streamed: together of
/// [`STREAM_MIN_BYTES`] or more, each Meta JSON in UTF-8.
pub fn streams_group(paths: &[PathBuf]) -> Result<bool> {
    let mut total = 0;
    for path in paths {
        total += file_size(path, &path.display().to_string())?;
    }
    if total < STREAM_MIN_BYTES {
        return Ok(false);
    }
    for path in paths {
        if head_format(path, &path.display().to_string())? != Some(Format::MetaJson) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Reads the parts of one Messenger/Instagram thread (see [`streams_group`]) a record at a
/// time into one conversation, in the `--tz` zone when given.
pub fn parse_group(paths: &[PathBuf], opts: &IngestOptions) -> Result<Conversation> {
    let displays: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut reader = meta::Reader::new(Format::MetaJson, displays.first().map_or("", |d| d));
    for (path, display) in paths.iter().zip(&displays) {
        reader.read_from(display, open(path, display)?)?;
    }
    let mut conv = reader.finish();
    put_in_zone(std::slice::from_mut(&mut conv), opts);
    Ok(conv)
}

/// The file at `path`, buffered, past its UTF-8 byte-order mark if any.
fn open(path: &Path, display: &str) -> Result<BufReader<File>> {
    let file = File::open(path).map_err(|e| Error::io(display, e))?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    if reader
        .fill_buf()
        .map_err(|e| Error::io(display, e))?
        .starts_with(UTF8_BOM)
    {
        reader.consume(UTF8_BOM.len());
    }
    Ok(reader)
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
    let reader = open(path, display)?;
    let zoned = |mut conv: Conversation| {
        put_in_zone(std::slice::from_mut(&mut conv), opts);
        emit(conv)
    };
    match format {
        Format::DiscordJson => discord::parse_json_stream(display, reader, zoned),
        Format::MetaJson | Format::MessengerE2eeJson => {
            meta::parse_stream(format, display, reader, zoned)
        }
        _ => telegram::parse_stream(format, display, reader, opts, zoned),
    }
}
