//! Zip archives (the iOS WhatsApp export, Instagram/Facebook downloads), read in memory and
//! never extracted to disk. Entries are size-capped, archives whose compression ratio or
//! total says "zip bomb" are refused, entries with `..` or absolute names are refused, and
//! a zip inside a zip is reported, not opened.

use super::{parse_bytes, IngestOptions, Input, Origin};
use crate::chat::Conversation;
use crate::error::{Error, Result};
use std::io::{Cursor, Read, Seek};
use std::path::Path;

/// Largest entry read (uncompressed).
pub const MAX_ENTRY_BYTES: u64 = 512 * 1024 * 1024;
/// Largest total of the chat-like entries of one archive (uncompressed).
pub const MAX_TOTAL_BYTES: u64 = 2 * 1024 * 1024 * 1024;
/// Compression ratio above which a large entry is taken for a zip bomb.
pub const MAX_RATIO: u64 = 200;

pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// File names an export's text can have (media attachments are skipped).
pub fn is_chat_like_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".txt", ".json", ".jsonl", ".csv", ".md", ".markdown"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// The chat-like entries of one archive, in archive order, and the problems found.
pub fn list(path: &Path) -> (Vec<Input>, Vec<Error>) {
    let display = path.display().to_string();
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return (Vec::new(), vec![Error::io(display, e)]),
    };
    match entries(&display, file) {
        Ok((names, errors)) => {
            let inputs = names
                .into_iter()
                .map(|entry| Input {
                    display: format!("{display}!/{entry}"),
                    origin: Origin::ZipEntry {
                        archive: path.to_path_buf(),
                        entry,
                    },
                })
                .collect();
            (inputs, errors)
        }
        Err(e) => (Vec::new(), vec![e]),
    }
}

/// Names of the entries worth parsing, plus one error per refused entry.
fn entries<R: Read + Seek>(display: &str, reader: R) -> Result<(Vec<String>, Vec<Error>)> {
    let mut archive = zip::ZipArchive::new(reader)
        .map_err(|e| Error::input(display, None, format!("not a readable zip archive: {e}")))?;
    let mut names = Vec::new();
    let mut errors = Vec::new();
    let mut total: u64 = 0;
    for k in 0..archive.len() {
        let entry = match archive.by_index_raw(k) {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(Error::input(display, None, format!("entry {k}: {e}")));
                continue;
            }
        };
        let name = match entry.name() {
            Ok(name) => name.to_string(),
            Err(e) => {
                errors.push(Error::input(
                    display,
                    None,
                    format!("entry {k}: bad name: {e}"),
                ));
                continue;
            }
        };
        if entry.is_dir() || name.starts_with("__MACOSX/") {
            continue;
        }
        let at = format!("{display}!/{name}");
        if entry.enclosed_name().is_none()
            || name.split(['/', '\\']).any(|part| part == "..")
            || name.starts_with('/')
        {
            errors.push(Error::input(
                at,
                None,
                "refused: unsafe entry name (`..` or absolute path)",
            ));
            continue;
        }
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".zip") {
            errors.push(Error::input(
                at,
                None,
                "zip inside a zip: not opened (extract it first)",
            ));
            continue;
        }
        if !is_chat_like_name(&name) {
            continue;
        }
        let size = entry.size();
        if size > MAX_ENTRY_BYTES {
            errors.push(Error::input(
                at,
                None,
                format!("refused: entry is {size} bytes uncompressed (limit {MAX_ENTRY_BYTES})"),
            ));
            continue;
        }
        let compressed = entry.compressed_size().max(1);
        if size > 1024 * 1024 && size / compressed > MAX_RATIO {
            errors.push(Error::input(
                at,
                None,
                format!(
                    "refused: compression ratio {}:1 looks like a zip bomb",
                    size / compressed
                ),
            ));
            continue;
        }
        total += size;
        if total > MAX_TOTAL_BYTES {
            errors.push(Error::input(
                display,
                None,
                format!(
                    "refused: entries total over {MAX_TOTAL_BYTES} bytes uncompressed (zip bomb?)"
                ),
            ));
            return Ok((Vec::new(), errors));
        }
        names.push(name);
    }
    Ok((names, errors))
}

/// Reads one entry into memory, enforcing the size cap while reading (the header's size
/// can lie).
pub fn read_entry(archive: &Path, entry: &str, display: &str) -> Result<Vec<u8>> {
    let file =
        std::fs::File::open(archive).map_err(|e| Error::io(archive.display().to_string(), e))?;
    read_named(zip_archive(display, file)?, entry, display)
}

fn zip_archive<R: Read + Seek>(display: &str, reader: R) -> Result<zip::ZipArchive<R>> {
    zip::ZipArchive::new(reader)
        .map_err(|e| Error::input(display, None, format!("not a readable zip archive: {e}")))
}

fn read_named<R: Read + Seek>(
    mut archive: zip::ZipArchive<R>,
    entry: &str,
    display: &str,
) -> Result<Vec<u8>> {
    let file = archive
        .by_name(entry)
        .map_err(|e| Error::input(display, None, format!("cannot open zip entry: {e}")))?;
    let mut bytes = Vec::with_capacity(file.size().min(MAX_ENTRY_BYTES) as usize);
    file.take(MAX_ENTRY_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::input(display, None, format!("cannot read zip entry: {e}")))?;
    if bytes.len() as u64 > MAX_ENTRY_BYTES {
        return Err(Error::input(
            display,
            None,
            format!("refused: entry is over {MAX_ENTRY_BYTES} bytes uncompressed"),
        ));
    }
    Ok(bytes)
}

/// Parses every chat-like entry of an in-memory archive (a zip given on stdin or as bytes).
/// Refused entries are errors only when nothing at all could be parsed.
pub fn parse_all(display: &str, bytes: &[u8], opts: &IngestOptions) -> Result<Vec<Conversation>> {
    let (names, mut errors) = entries(display, Cursor::new(bytes))?;
    let mut convs = Vec::new();
    for name in names {
        let at = format!("{display}!/{name}");
        let parsed = zip_archive(display, Cursor::new(bytes))
            .and_then(|archive| read_named(archive, &name, &at))
            .and_then(|data| parse_bytes(&at, &data, opts));
        match parsed {
            Ok(c) => convs.extend(c),
            Err(e) => errors.push(e),
        }
    }
    if convs.is_empty() {
        return Err(errors
            .into_iter()
            .next()
            .unwrap_or_else(|| Error::input(display, None, "zip archive holds no chat export")));
    }
    Ok(convs)
}
