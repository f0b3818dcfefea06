//! Ingest: turns paths (files, folders, zip archives, stdin) into [`Conversation`]s.
//!
//! Two steps, so a batch can stream one input at a time: [`discover`] lists the inputs
//! (cheap: no parsing), [`parse_input`] reads and parses one of them. Format detection is by
//! content, not file name. Every input line or record ends in a message or an
//! [`IngestWarning`](crate::chat::IngestWarning); nothing is dropped silently.

pub mod build;
pub mod discord;
pub mod imessage;
pub mod meta;
pub mod signal;
pub mod telegram;
pub mod whatsapp;

use crate::chat::{Conversation, Format};
use crate::error::{Error, Result};
use std::path::PathBuf;

/// How to read ambiguous numeric dates (WhatsApp). `Auto` decides from the whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DateOrder {
    #[default]
    Auto,
    Dmy,
    Mdy,
    Ymd,
}

/// Options that change how inputs are read.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    pub date_order: DateOrder,
    /// A UTC offset in seconds to assign to local-time exports (`--tz`).
    pub tz_offset_s: Option<i32>,
}

/// One thing to parse: a file, a zip entry, stdin, or a group of files that form one
/// conversation (Messenger `message_1.json`, `message_2.json`, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The path shown to users and recorded in outputs (`a.zip!/_chat.txt` for zip entries).
    pub display: String,
    pub origin: Origin,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    File(PathBuf),
    ZipEntry { archive: PathBuf, entry: String },
    Stdin,
    Group(Vec<PathBuf>),
}

/// Lists the inputs under `paths`, in a stable order. Problems with one path (missing,
/// unreadable, a corrupt zip) are returned beside the inputs that could be listed.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<Error>) {
    let _ = paths;
    todo!("ingest: discover")
}

/// Reads and parses one input into one or more conversations (a Telegram full-account
/// export holds many).
pub fn parse_input(input: &Input, opts: &IngestOptions) -> Result<Vec<Conversation>> {
    let _ = (input, opts);
    todo!("ingest: parse_input")
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

/// Parses decoded text of a known format.
pub fn parse_text(
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
pub fn parse_bytes(display: &str, bytes: &[u8], opts: &IngestOptions) -> Result<Vec<Conversation>> {
    let _ = (display, bytes, opts);
    todo!("ingest: parse_bytes")
}
