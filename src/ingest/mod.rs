//! Ingest: turns paths (files, folders, zip archives, stdin) into [`Conversation`]s.
//!
//! Two steps, so a batch can stream one input at a time: [`discover`] lists the inputs
//! (cheap: no parsing), [`parse_input`] reads and parses one of them. Format detection is by
//! content, not file name. Every input line or record ends in a message or an
//! [`IngestWarning`](crate::chat::IngestWarning); nothing is dropped silently.

pub mod build;
pub mod datetime;
mod decode;
pub mod discord;
pub mod events;
mod guard;
pub mod imessage;
pub mod jsonstream;
pub mod large;
pub mod merge;
pub mod meta;
pub mod overlap;
pub mod signal;
pub mod telegram;
mod variants;
pub mod whatsapp;
mod zipped;
pub mod zone;

use crate::chat::{Conversation, Format, IngestWarning};
use crate::error::{Error, Position, Result};
pub use guard::{parse_input_each_guarded, parse_input_guarded, PANIC_HOOK_VAR};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
pub use zone::Zone;

/// How to read ambiguous numeric dates (WhatsApp). `Auto` decides from the whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Decide from the whole file (a date with a day over 12 settles it).
    #[default]
    Auto,
    /// Day, month, year.
    Dmy,
    /// Month, day, year.
    Mdy,
    /// Year, month, day.
    Ymd,
}

/// Options that change how inputs are read.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// How to read ambiguous numeric dates (`--date-order`).
    pub date_order: DateOrder,
    /// A UTC offset in seconds to assign to local-time exports (`--tz`).
    pub tz_offset_s: Option<i32>,
    /// An IANA zone (`--tz Europe/Berlin`); wins over `tz_offset_s`.
    pub tz_name: Option<chrono_tz::Tz>,
}

impl IngestOptions {
    /// The zone `--tz` asked for, if any.
    pub fn zone(&self) -> Option<Zone> {
        self.tz_name
            .map(Zone::Named)
            .or(self.tz_offset_s.map(Zone::Fixed))
    }
}

/// One thing to parse: a file, a zip entry, stdin, or a group of files that form one
/// conversation (Messenger `message_1.json`, `message_2.json`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path shown to users and recorded in outputs (`a.zip!/_chat.txt` for zip entries).
    pub display: String,
    /// Where the bytes come from.
    pub origin: Origin,
}

/// Where an [`Input`]'s bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file on disk.
    File(PathBuf),
    /// One entry of a zip archive, read without unpacking the archive to disk.
    ZipEntry {
        /// The archive on disk.
        archive: PathBuf,
        /// The entry's path inside the archive.
        entry: String,
    },
    /// Standard input (given as `-`).
    Stdin,
    /// Several files that form one conversation, read in order.
    Group(Vec<PathBuf>),
}

/// How standard input (given as `-`) is named in messages, tables and reports: not a lone
/// `-`, which a spreadsheet would read as the start of a formula.
pub const STDIN_NAME: &str = "<stdin>";

/// Lists the inputs under `paths`, in a stable order. Problems with one path (missing,
/// unreadable, a corrupt zip) are returned beside the inputs that could be listed.
///
/// Folders are walked recursively in sorted order and keep the files an export can be
/// (`.txt .json .jsonl .csv .md .zip`); a path named explicitly is always kept (detection is
/// by content). An HTML chat export in a folder (Telegram's, Instagram's) is an error saying
/// what to export instead, and so is a folder with no export at all (listing what it
/// skipped), so a batch never ends in "0 conversations" without a word. A `.zip` becomes one input per chat-like entry. Messenger/Instagram
/// `message_1.json`, `message_2.json`... of one folder become one [`Origin::Group`].
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<Error>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input {
                display: STDIN_NAME.to_string(),
                origin: Origin::Stdin,
            });
            continue;
        }
        match std::fs::metadata(path) {
            Err(e) => errors.push(Error::io(path.display().to_string(), e)),
            Ok(meta) if meta.is_dir() => {
                let (mut files, mut skipped) = (Vec::new(), Vec::new());
                walk(path, &mut files, &mut skipped, &mut errors);
                files.sort();
                skipped.sort();
                let errors_before = errors.len();
                errors.extend(
                    skipped
                        .iter()
                        .filter_map(|p| variants::skipped_file_error(p)),
                );
                if files.is_empty() && errors.len() == errors_before {
                    let names: Vec<String> = skipped
                        .iter()
                        .map(|p| p.file_name().unwrap_or_default().to_string_lossy().into())
                        .collect();
                    errors.push(variants::empty_folder_error(path, &names));
                }
                add_files(files, &mut inputs, &mut errors);
            }
            Ok(_) => add_files(vec![path.clone()], &mut inputs, &mut errors),
        }
    }
    (inputs, errors)
}

/// Files under `dir` an export can be, recursively, and the other files in `skipped` (hidden
/// entries are passed over unlisted).
fn walk(dir: &Path, files: &mut Vec<PathBuf>, skipped: &mut Vec<PathBuf>, errors: &mut Vec<Error>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return errors.push(Error::io(dir.display().to_string(), e)),
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(Error::io(dir.display().to_string(), e));
                continue;
            }
        };
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, files, skipped, errors);
        } else if zipped::is_chat_like_name(&path.to_string_lossy()) || has_extension(&path, "zip")
        {
            files.push(path);
        } else {
            skipped.push(path);
        }
    }
}

fn has_extension(path: &Path, ext: &str) -> bool {
    path.extension()
        .is_some_and(|e| e.to_string_lossy().eq_ignore_ascii_case(ext))
}

/// `message_3.json` → true (a part of a Messenger/Instagram thread).
fn is_meta_part(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.strip_prefix("message_")
        .and_then(|n| n.strip_suffix(".json"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Turns a sorted file list into inputs: zips expand, Meta thread parts group by folder.
fn add_files(files: Vec<PathBuf>, inputs: &mut Vec<Input>, errors: &mut Vec<Error>) {
    let mut groups: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for path in files {
        if is_meta_part(&path) {
            let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
            groups.entry(dir).or_default().push(path);
        } else if has_extension(&path, "zip") {
            let (found, errs) = zipped::list(&path);
            inputs.extend(found);
            errors.extend(errs);
        } else {
            inputs.push(Input {
                display: path.display().to_string(),
                origin: Origin::File(path),
            });
        }
    }
    for (dir, mut parts) in groups {
        parts.sort_by_key(|p| meta_part_number(p));
        if parts.len() == 1 {
            let path = parts.remove(0);
            inputs.push(Input {
                display: path.display().to_string(),
                origin: Origin::File(path),
            });
        } else {
            inputs.push(Input {
                display: dir.join("message_*.json").display().to_string(),
                origin: Origin::Group(parts),
            });
        }
    }
}

fn meta_part_number(path: &Path) -> u64 {
    path.file_name()
        .map(|n| n.to_string_lossy())
        .and_then(|n| {
            n.trim_start_matches("message_")
                .trim_end_matches(".json")
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// Reads and parses one input into one or more conversations (a Telegram full-account
/// export holds many).
pub fn parse_input(input: &Input, opts: &IngestOptions) -> Result<Vec<Conversation>> {
    collect(|emit| parse_input_each(input, opts, emit))
}

/// Runs a reader that hands conversations on one at a time (`parse_input_each` and the
/// like) and returns them all.
fn collect(
    read: impl FnOnce(&mut dyn FnMut(Conversation) -> Result<()>) -> Result<()>,
) -> Result<Vec<Conversation>> {
    let mut out = Vec::new();
    read(&mut |c| {
        out.push(c);
        Ok(())
    })?;
    Ok(out)
}

/// Reads and parses one input, handing each conversation to `emit` as soon as it is read:
/// a big Telegram, Discord or Meta JSON export is read from its file(s) as it goes
/// ([`large`]), so a caller that writes and drops each conversation needs memory for the
/// largest chat only.
pub fn parse_input_each(
    input: &Input,
    opts: &IngestOptions,
    mut emit: impl FnMut(Conversation) -> Result<()>,
) -> Result<()> {
    match &input.origin {
        Origin::File(path) => {
            if let Some(format) = large::streamed_format(path, &input.display)? {
                return large::parse_file(&input.display, path, format, opts, emit);
            }
        }
        Origin::Group(paths) if large::streams_group(paths)? => {
            return emit(large::parse_group(paths, opts)?);
        }
        _ => {}
    }
    for conv in parse_input_whole(input, opts)? {
        emit(conv)?;
    }
    Ok(())
}

/// Reads one input into memory whole and parses it.
fn parse_input_whole(input: &Input, opts: &IngestOptions) -> Result<Vec<Conversation>> {
    match &input.origin {
        Origin::File(path) => {
            let bytes = std::fs::read(path).map_err(|e| Error::io(input.display.clone(), e))?;
            parse_bytes(&input.display, &bytes, opts)
        }
        Origin::ZipEntry { archive, entry } => {
            let bytes = zipped::read_entry(archive, entry, &input.display)?;
            parse_bytes(&input.display, &bytes, opts)
        }
        Origin::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io(STDIN_NAME, e))?;
            parse_bytes(&input.display, &bytes, opts)
        }
        Origin::Group(paths) => {
            let mut raw = Vec::with_capacity(paths.len());
            for path in paths {
                let display = path.display().to_string();
                let bytes = std::fs::read(path).map_err(|e| Error::io(display.clone(), e))?;
                raw.push((display, bytes));
            }
            let mut texts = Vec::with_capacity(raw.len());
            for (display, bytes) in &raw {
                texts.push((display.clone(), decode::decode(display, bytes)?));
            }
            let parts: Vec<(&str, &str)> = texts
                .iter()
                .map(|(d, t)| (d.as_str(), t.text.as_ref()))
                .collect();
            let mut convs = meta::parse_group(&parts, opts)?;
            put_in_zone(&mut convs, opts);
            for (display, decoded) in &texts {
                add_decode_note(&mut convs, display, decoded);
            }
            Ok(convs)
        }
    }
}

/// The format of a decoded input, by content. JSON formats are tried first (they are the
/// strictest), then the line-oriented ones.
pub fn detect(text: &str) -> Option<Format> {
    telegram::detect(text)
        .or_else(|| meta::detect(text))
        .or_else(|| discord::detect(text))
        .or_else(|| signal::detect(text))
        .or_else(|| imessage::detect(text))
        .or_else(|| whatsapp::detect(text))
}

/// Parses decoded text of a known format, with its times in the `--tz` zone when given.
pub fn parse_text(
    format: Format,
    display: &str,
    text: &str,
    opts: &IngestOptions,
) -> Result<Vec<Conversation>> {
    let mut convs = parse_format(format, display, text, opts)?;
    put_in_zone(&mut convs, opts);
    Ok(convs)
}

/// Applies the `--tz` zone, if any, to freshly parsed conversations.
fn put_in_zone(convs: &mut [Conversation], opts: &IngestOptions) {
    if let Some(zone) = opts.zone() {
        for conv in convs {
            zone::apply(conv, zone);
        }
    }
}

fn parse_format(
    format: Format,
    display: &str,
    text: &str,
    opts: &IngestOptions,
) -> Result<Vec<Conversation>> {
    match format {
        Format::WhatsAppText => whatsapp::parse(format, display, text, opts),
        Format::SignalMarkdown
        | Format::SignalJsonl
        | Format::SigtopText
        | Format::SigtopTextShort => signal::parse(format, display, text, opts),
        Format::TelegramJson => telegram::parse(format, display, text, opts),
        Format::MetaJson | Format::MessengerE2eeJson => meta::parse(format, display, text, opts),
        Format::DiscordJson | Format::DiscordCsv => discord::parse(format, display, text, opts),
        Format::IMessageText => imessage::parse(format, display, text, opts),
    }
}

/// Parses the bytes of one input whose display path is `display`.
///
/// Decodes first (BOM, UTF-16, lossy UTF-8 with a warning; binary is an error); a zip
/// archive (e.g. on stdin) is read in memory and each chat-like entry parsed.
pub fn parse_bytes(display: &str, bytes: &[u8], opts: &IngestOptions) -> Result<Vec<Conversation>> {
    if zipped::is_zip(bytes) {
        return zipped::parse_all(display, bytes, opts);
    }
    let decoded = decode::decode(display, bytes)?;
    let text: &str = &decoded.text;
    let format = detect(text).ok_or_else(|| {
        if let Some(e) = variants::wrong_variant_error(display, text) {
            return e;
        }
        Error::input(
            display,
            Some(Position::Line(1)),
            "unknown format: not a chat export pushpull reads (WhatsApp, Signal, Telegram, \
             Messenger/Instagram, Discord, iMessage)",
        )
    })?;
    let mut convs = parse_text(format, display, text, opts)?;
    add_decode_note(&mut convs, display, &decoded);
    Ok(convs)
}

/// Records how an input was decoded (UTF-16, lossy UTF-8) on its conversations.
fn add_decode_note(convs: &mut [Conversation], display: &str, decoded: &decode::Decoded) {
    if let Some((line, reason)) = &decoded.note {
        for conv in convs.iter_mut() {
            conv.warnings.push(IngestWarning {
                file: display.to_string(),
                line: *line,
                lines: 0,
                reason: reason.clone(),
            });
        }
    }
}
