//! A small builder every format parser uses to assemble a [`Conversation`]: interns
//! participant names, numbers messages, and keeps the line accounting (every input line or
//! record ends in a message or a warning).

use super::events::{self, PendingEvent};
use super::IngestOptions;
use crate::chat::{
    conversation_id, Conversation, IngestWarning, Message, MessageKind, Participant, ParticipantId,
    SourceInfo, SourceSpan, Timestamp,
};
use crate::chat::{App, Format, MediaKind};
use crate::error::{Error, Position};
use chrono::NaiveDateTime;
use std::collections::HashMap;

/// Assembles one [`Conversation`] while a parser reads: participants, messages, warnings and
/// the count of input units for the no-loss check.
pub struct ConversationBuilder {
    files: Vec<String>,
    format: Format,
    app: Option<App>,
    title: Option<String>,
    participants: Vec<Participant>,
    by_name: HashMap<String, ParticipantId>,
    messages: Vec<Message>,
    warnings: Vec<IngestWarning>,
    units_in: usize,
    events: Vec<PendingEvent>,
}

impl ConversationBuilder {
    /// An empty conversation read from `display` in `format`.
    pub fn new(display: &str, format: Format) -> Self {
        ConversationBuilder {
            files: vec![display.to_string()],
            format,
            app: None,
            title: None,
            participants: Vec::new(),
            by_name: HashMap::new(),
            messages: Vec::new(),
            warnings: Vec::new(),
            units_in: 0,
            events: Vec::new(),
        }
    }

    /// Adds another input file of the same conversation; returns its index for `file`.
    pub fn add_file(&mut self, display: &str) -> usize {
        self.files.push(display.to_string());
        self.files.len() - 1
    }

    /// Overrides the app the format implies (Instagram writes Meta's `message_N.json` too).
    pub fn set_app(&mut self, app: App) {
        self.app = Some(app);
    }

    /// The chat's own title; blank titles are dropped.
    pub fn set_title(&mut self, title: Option<String>) {
        self.title = title.filter(|t| !t.trim().is_empty());
    }

    /// Counts input lines/records read (for the no-loss check).
    pub fn add_units(&mut self, n: usize) {
        self.units_in += n;
    }

    /// The id of the participant called `name`, adding them on first sight.
    pub fn participant(&mut self, name: &str) -> ParticipantId {
        if let Some(&id) = self.by_name.get(name) {
            return id;
        }
        let id = self.participants.len();
        self.participants.push(Participant {
            name: name.to_string(),
        });
        self.by_name.insert(name.to_string(), id);
        id
    }

    /// Adds a message read from `lines` input units starting at `line` of input `file`.
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        timestamp: Timestamp,
        sender: Option<ParticipantId>,
        kind: MessageKind,
        text: String,
        edited: bool,
        file: usize,
        line: usize,
        lines: usize,
    ) {
        self.messages.push(Message {
            index: self.messages.len(),
            timestamp,
            sender,
            kind,
            text,
            edited,
            reply_to: None,
            file,
            span: SourceSpan { line, lines },
        });
    }

    /// Records an event found in the record of the last message pushed (a reaction to it, its
    /// edit): `kind` by `sender`, at `timestamp` when the export gives one (else the
    /// message's time). It becomes a message of its own in [`Self::finish`], after its
    /// target, taking no input line. Ignored when nothing was pushed yet.
    pub fn event_on_last(
        &mut self,
        kind: MessageKind,
        sender: Option<ParticipantId>,
        timestamp: Option<Timestamp>,
        text: String,
    ) {
        if let Some(target) = self.messages.len().checked_sub(1) {
            self.events.push(PendingEvent {
                target,
                kind,
                sender,
                timestamp,
                text,
            });
        }
    }

    /// The last message pushed, to extend it (continuation lines, reactions).
    pub fn last_message_mut(&mut self) -> Option<&mut Message> {
        self.messages.last_mut()
    }

    /// Makes room for `n` more messages (parsers that know the count up front).
    pub fn reserve(&mut self, n: usize) {
        self.messages.reserve(n);
    }

    /// Messages pushed so far.
    pub fn message_count(&self) -> usize {
        self.messages.len()
    }

    /// Records that `lines` input lines/records starting at `line` of input `file` did not
    /// become a message, and why.
    pub fn warn(&mut self, file: usize, line: usize, lines: usize, reason: impl Into<String>) {
        self.warnings.push(IngestWarning {
            file: self.files.get(file).cloned().unwrap_or_default(),
            line,
            lines,
            reason: reason.into(),
        });
    }

    /// Reverses the order of the messages from index `start` on (a file written newest
    /// first, read as it comes); replies and pending events follow their targets.
    pub fn reverse_from(&mut self, start: usize) {
        if self.messages.len().saturating_sub(start) < 2 {
            return;
        }
        self.messages[start..].reverse();
        let last = self.messages.len() - 1;
        let moved = |i: usize| if i >= start { start + last - i } else { i };
        for (i, m) in self.messages.iter_mut().enumerate().skip(start) {
            m.index = i;
        }
        for m in &mut self.messages {
            m.reply_to = m.reply_to.map(moved);
        }
        for e in &mut self.events {
            e.target = moved(e.target);
        }
    }

    /// Sorts messages by time (stable, so equal times keep input order) and renumbers
    /// them; for exports written newest first or merged from several files.
    /// Replies and pending events follow their targets to the new positions.
    pub fn sort_by_time(&mut self) {
        self.messages.sort_by_key(|m| m.timestamp.wall);
        let mut new_index = vec![0; self.messages.len()];
        for (i, m) in self.messages.iter_mut().enumerate() {
            new_index[m.index] = i;
            m.index = i;
        }
        for m in &mut self.messages {
            m.reply_to = m.reply_to.map(|r| new_index[r]);
        }
        for e in &mut self.events {
            e.target = new_index[e.target];
        }
    }

    /// The conversation, with pending events woven in after their targets.
    pub fn finish(self) -> Conversation {
        let mut messages = events::weave(self.messages, self.events);
        events::name_group_actors(&mut messages, &self.participants);
        let id = conversation_id(&self.files.join(";"), self.title.as_deref());
        Conversation {
            id,
            title: self.title,
            source: SourceInfo {
                files: self.files,
                format: self.format,
                app: self.app.unwrap_or(self.format.app()),
                units_in: self.units_in,
                zone: None,
            },
            participants: self.participants,
            messages,
            warnings: self.warnings,
        }
    }
}

/// A wall-clock time from an export that records no zone, with the `--tz` offset when given.
pub fn local_time(wall: NaiveDateTime, opts: &IngestOptions) -> Timestamp {
    Timestamp {
        wall,
        offset_s: opts.tz_offset_s,
    }
}

/// The kind of an attachment, from its file name, URL or MIME type (`image/jpeg`).
pub fn media_kind_from_name(name: &str) -> MediaKind {
    let lower = name.trim().to_ascii_lowercase();
    let lower = lower.split(['?', '#']).next().unwrap_or("");
    if let Some((top, sub)) = lower
        .split_once('/')
        .filter(|(t, _)| matches!(*t, "image" | "video" | "audio" | "text" | "application"))
    {
        if !sub.contains('/') {
            return match (top, sub) {
                ("image", "gif") => MediaKind::Gif,
                ("image", _) => MediaKind::Image,
                ("video", _) => MediaKind::Video,
                ("audio", _) => MediaKind::Audio,
                ("text", "vcard" | "x-vcard") => MediaKind::Contact,
                _ => MediaKind::Document,
            };
        }
    }
    let ext = match lower.rsplit_once('.') {
        Some((_, ext)) if !ext.contains('/') => ext,
        _ => return MediaKind::Unknown,
    };
    match ext {
        "jpg" | "jpeg" | "png" | "heic" | "heif" | "webp" | "bmp" | "tif" | "tiff" | "svg"
        | "apng" | "avif" => MediaKind::Image,
        "gif" => MediaKind::Gif,
        "mp4" | "mov" | "m4v" | "mkv" | "webm" | "avi" | "3gp" | "mpeg" | "mpg" | "qt" => {
            MediaKind::Video
        }
        "mp3" | "m4a" | "aac" | "ogg" | "oga" | "opus" | "wav" | "flac" | "amr" | "caf" => {
            MediaKind::Audio
        }
        "tgs" => MediaKind::Sticker,
        "vcf" => MediaKind::Contact,
        "pdf" | "doc" | "docx" | "xls" | "xlsx" | "ppt" | "pptx" | "txt" | "zip" | "rar" | "7z"
        | "csv" | "odt" | "ods" | "pages" | "key" | "numbers" | "rtf" | "apk" => {
            MediaKind::Document
        }
        _ => MediaKind::Unknown,
    }
}

/// Parses a whole JSON document; a syntax error (truncated file, stray bytes) becomes an
/// input error naming the line where parsing stopped.
pub fn parse_json(display: &str, text: &str) -> Result<serde_json::Value, Error> {
    serde_json::from_str(text).map_err(|e| {
        Error::input(
            display,
            Some(Position::Line(e.line())),
            format!("invalid JSON (column {}): {e}", e.column()),
        )
    })
}

/// An input error about the shape of a JSON document (a required key missing or of the
/// wrong type), reported at its start.
pub fn json_shape_error(display: &str, what: &str) -> Error {
    Error::input(
        display,
        Some(Position::Byte(0)),
        format!("unexpected JSON shape: {what}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_kinds_from_names_urls_and_mime_types() {
        assert_eq!(media_kind_from_name("IMG_0001.JPG"), MediaKind::Image);
        assert_eq!(media_kind_from_name("image/jpeg"), MediaKind::Image);
        assert_eq!(media_kind_from_name("image/gif"), MediaKind::Gif);
        assert_eq!(media_kind_from_name("audio/ogg"), MediaKind::Audio);
        assert_eq!(media_kind_from_name("application/pdf"), MediaKind::Document);
        assert_eq!(
            media_kind_from_name("https://cdn.example/a/b/clip.mp4?ex=1&is=2"),
            MediaKind::Video
        );
        assert_eq!(media_kind_from_name("./media/voice.m4a"), MediaKind::Audio);
        assert_eq!(media_kind_from_name("no extension"), MediaKind::Unknown);
        assert_eq!(media_kind_from_name("dir.v2/file"), MediaKind::Unknown);
    }
}
