//! The data model every stage shares: a [`Conversation`] is what ingest produces from one
//! chat export, a list of [`Message`]s by [`Participant`]s, plus the [`IngestWarning`]s for
//! every input line or record that did not become (part of) a message.
//!
//! This module holds plain data and the small helpers that go with it (timestamp formatting,
//! the no-loss accounting). It does no parsing, scoring or analysis.

use chrono::{DateTime, NaiveDateTime};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Index of a participant in [`Conversation::participants`].
pub type ParticipantId = usize;

/// The application an export came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum App {
    /// WhatsApp chat exports (Android and iOS, `.txt` or `.zip`).
    WhatsApp,
    /// Signal, through Signal Desktop export tools (Markdown, JSON Lines, sigtop).
    Signal,
    /// Telegram Desktop's JSON export.
    Telegram,
    /// Facebook Messenger, from a Meta "Download your information" archive.
    Messenger,
    /// Instagram direct messages, from the same Meta archive format.
    Instagram,
    /// Discord, through DiscordChatExporter (JSON or CSV).
    Discord,
    /// Apple Messages, through imessage-exporter's text output.
    IMessage,
}

impl App {
    /// The app's key in tables and `summary.json` (`whatsapp`, `imessage`).
    pub fn as_str(self) -> &'static str {
        match self {
            App::WhatsApp => "whatsapp",
            App::Signal => "signal",
            App::Telegram => "telegram",
            App::Messenger => "messenger",
            App::Instagram => "instagram",
            App::Discord => "discord",
            App::IMessage => "imessage",
        }
    }
}

/// The concrete file format, finer than [`App`] (one app has several export tools).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// WhatsApp's `.txt` export (any locale, Android or iOS header).
    WhatsAppText,
    /// signal-export's Markdown (`chat.md`).
    SignalMarkdown,
    /// signal-export's JSON Lines (`data.json`, one record per line).
    SignalJsonl,
    /// sigtop's text export with full headers.
    SigtopText,
    /// sigtop's short text export (`HH:MM Name: text`).
    SigtopTextShort,
    /// Telegram Desktop's `result.json` (one chat or the whole account).
    TelegramJson,
    /// Meta's `message_N.json` (Messenger and Instagram, mojibake repaired).
    MetaJson,
    /// The JSON of Messenger's end-to-end encrypted chats.
    MessengerE2eeJson,
    /// DiscordChatExporter's JSON.
    DiscordJson,
    /// DiscordChatExporter's CSV.
    DiscordCsv,
    /// imessage-exporter's `.txt`.
    IMessageText,
}

impl Format {
    /// The format's key in tables and `summary.json` (`whatsapp_text`, `discord_csv`).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::WhatsAppText => "whatsapp_text",
            Format::SignalMarkdown => "signal_markdown",
            Format::SignalJsonl => "signal_jsonl",
            Format::SigtopText => "sigtop_text",
            Format::SigtopTextShort => "sigtop_text_short",
            Format::TelegramJson => "telegram_json",
            Format::MetaJson => "meta_json",
            Format::MessengerE2eeJson => "messenger_e2ee_json",
            Format::DiscordJson => "discord_json",
            Format::DiscordCsv => "discord_csv",
            Format::IMessageText => "imessage_text",
        }
    }

    /// The app this format is exported from.
    pub fn app(self) -> App {
        match self {
            Format::WhatsAppText => App::WhatsApp,
            Format::SignalMarkdown
            | Format::SignalJsonl
            | Format::SigtopText
            | Format::SigtopTextShort => App::Signal,
            Format::TelegramJson => App::Telegram,
            Format::MetaJson | Format::MessengerE2eeJson => App::Messenger,
            Format::DiscordJson | Format::DiscordCsv => App::Discord,
            Format::IMessageText => App::IMessage,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A point in time as the export recorded it.
///
/// `wall` is the wall-clock time the export shows (local time of the exporting phone for
/// WhatsApp and Signal Markdown). `offset_s` is the UTC offset in seconds when the format
/// records the zone (Telegram `date_unixtime`, Meta `timestamp_ms`, Discord) or `--tz`
/// assigned one; `None` means "local time, zone unknown".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp {
    /// The wall-clock time the export shows.
    pub wall: NaiveDateTime,
    /// UTC offset in seconds when known; `None` for local time of an unknown zone.
    pub offset_s: Option<i32>,
}

impl Timestamp {
    /// A wall-clock time of unknown zone, as most text exports record it.
    pub fn local(wall: NaiveDateTime) -> Self {
        Timestamp {
            wall,
            offset_s: None,
        }
    }

    /// A UTC instant, shown as wall time in UTC with a `Z`.
    pub fn from_unix(secs: i64, nanos: u32) -> Option<Self> {
        DateTime::from_timestamp(secs, nanos).map(|dt| Timestamp {
            wall: dt.naive_utc(),
            offset_s: Some(0),
        })
    }

    /// Seconds on the wall clock since 1970-01-01T00:00 of the same clock. Differences of
    /// this value are elapsed time (up to DST shifts in local-time exports); bins aligned to
    /// local midnight use it directly.
    pub fn wall_secs(&self) -> i64 {
        self.wall.and_utc().timestamp()
    }

    /// Seconds since 1970-01-01T00:00 UTC when the zone is known; the wall clock's seconds
    /// (as [`Self::wall_secs`]) when it is not.
    pub fn instant_secs(&self) -> i64 {
        self.wall_secs() - i64::from(self.offset_s.unwrap_or(0))
    }

    /// This instant on a clock that keeps the fixed offset `clock_offset_s` (the offset of a
    /// conversation's first message): differences are elapsed time even across a
    /// daylight-saving change, and it equals [`Self::wall_secs`] while the offset stays
    /// the same (or is unknown).
    pub fn secs_on_clock(&self, clock_offset_s: Option<i32>) -> i64 {
        match (self.offset_s, clock_offset_s) {
            (Some(_), Some(clock)) => self.instant_secs() + i64::from(clock),
            _ => self.wall_secs(),
        }
    }

    /// ISO 8601: `2021-12-30T22:01:00`, plus `Z` or `+02:00` when the zone is known.
    ///
    /// Written digit by digit: chrono's format-string interpreter dominated the time of
    /// writing a million records. Years outside 0–9999 (which ISO writes with a sign) go
    /// through chrono.
    pub fn to_iso(&self) -> String {
        use chrono::{Datelike, Timelike};
        let w = self.wall;
        let mut s = String::with_capacity(25);
        let push2 = |s: &mut String, v: u32| {
            s.push(char::from(b'0' + (v / 10 % 10) as u8));
            s.push(char::from(b'0' + (v % 10) as u8));
        };
        match u32::try_from(w.year()) {
            Ok(year) if year <= 9999 => {
                push2(&mut s, year / 100);
                push2(&mut s, year % 100);
                s.push('-');
                push2(&mut s, w.month());
                s.push('-');
                push2(&mut s, w.day());
                s.push('T');
                push2(&mut s, w.hour());
                s.push(':');
                push2(&mut s, w.minute());
                s.push(':');
                push2(&mut s, w.second());
            }
            _ => s.push_str(&w.format("%Y-%m-%dT%H:%M:%S").to_string()),
        }
        match self.offset_s {
            None => {}
            Some(0) => s.push('Z'),
            Some(off) => {
                s.push(if off < 0 { '-' } else { '+' });
                let a = off.unsigned_abs();
                push2(&mut s, a / 3600);
                s.push(':');
                push2(&mut s, (a % 3600) / 60);
            }
        }
        s
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_iso())
    }
}

/// What an attachment was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    /// A photo.
    Image,
    /// A video file or clip.
    Video,
    /// A sent audio file (not a voice note).
    Audio,
    /// A sticker.
    Sticker,
    /// An animated GIF.
    Gif,
    /// A document or other file.
    Document,
    /// A shared contact card.
    Contact,
    /// A shared (or live) location.
    Location,
    /// An attachment whose kind the export does not say (e.g. `<Media omitted>`).
    Unknown,
    /// A recorded voice note (push-to-talk), as opposed to a sent audio file.
    Voice,
}

impl MediaKind {
    /// The kind's key in tables (`image`, `voice`).
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Image => "image",
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
            MediaKind::Sticker => "sticker",
            MediaKind::Gif => "gif",
            MediaKind::Document => "document",
            MediaKind::Contact => "contact",
            MediaKind::Location => "location",
            MediaKind::Unknown => "unknown",
            MediaKind::Voice => "voice",
        }
    }
}

/// What a message is. Only `Text` messages are scored for warmth; the others keep their
/// timing for the dynamics stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    /// Words the sender wrote: the only kind scored for warmth.
    Text,
    /// An attachment (its caption or placeholder in the text).
    Media(MediaKind),
    /// A line the app wrote without an author (encryption notice, chat created).
    System,
    /// A message the sender deleted ("This message was deleted").
    Deleted,
    /// A voice or video call; `duration_s` when the export records it (0 = missed).
    Call {
        /// Length of the call in seconds, when recorded (0 for a missed call).
        duration_s: Option<u32>,
    },
    /// A reaction (emoji, tapback) by `sender` to the message `reply_to` (when the export
    /// links it); the text is the emoji or the tapback's word.
    Reaction,
    /// An edit by `sender` of the message `reply_to`, at the time the export records for the
    /// edit (the edited message itself carries `edited: true`).
    Edit,
    /// A change of the group: who is in it, or what it is called.
    Group(GroupEvent),
}

/// What a group event changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupEvent {
    /// Someone joined by themselves (invite link, request, server join).
    Joined,
    /// Someone left by themselves.
    Left,
    /// Someone was added by `sender`.
    Added,
    /// Someone was removed by `sender`.
    Removed,
    /// The group's subject or name was changed by `sender`.
    Subject,
}

impl GroupEvent {
    /// The event's key in tables (`joined`, `subject`).
    pub fn as_str(self) -> &'static str {
        match self {
            GroupEvent::Joined => "joined",
            GroupEvent::Left => "left",
            GroupEvent::Added => "added",
            GroupEvent::Removed => "removed",
            GroupEvent::Subject => "subject",
        }
    }
}

impl MessageKind {
    /// The kind's key in tables (`text`, `media`, `call`, or a group event's key).
    pub fn as_str(self) -> &'static str {
        match self {
            MessageKind::Text => "text",
            MessageKind::Media(_) => "media",
            MessageKind::System => "system",
            MessageKind::Deleted => "deleted",
            MessageKind::Call { .. } => "call",
            MessageKind::Reaction => "reaction",
            MessageKind::Edit => "edit",
            MessageKind::Group(g) => g.as_str(),
        }
    }

    /// True for what a person said or sent to the others (text, media, a deleted message,
    /// a call): the turns reply timing is measured on. False for system lines, group events
    /// and events about other messages (reactions, edits), which have their own time but are
    /// no turn.
    pub fn is_turn(self) -> bool {
        !matches!(
            self,
            MessageKind::System | MessageKind::Reaction | MessageKind::Edit | MessageKind::Group(_)
        )
    }

    /// A call nobody answered (recorded with duration 0).
    pub fn is_missed_call(self) -> bool {
        self == MessageKind::Call {
            duration_s: Some(0),
        }
    }

    /// The call's length in seconds, when the export records it.
    pub fn call_seconds(self) -> Option<u32> {
        match self {
            MessageKind::Call { duration_s } => duration_s,
            _ => None,
        }
    }

    /// The attachment kind of a media message; `None` for every other kind.
    pub fn media(self) -> Option<MediaKind> {
        match self {
            MessageKind::Media(m) => Some(m),
            _ => None,
        }
    }
}

/// Where a message or warning came from: the input's display path and the 1-based line
/// (text formats) or record number (JSON formats) it starts at, and how many lines or
/// records it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceSpan {
    /// 1-based first line (text formats) or record (JSON formats).
    pub line: usize,
    /// How many lines or records the message or warning covers.
    pub lines: usize,
}

/// One chat message.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    /// Position in [`Conversation::messages`] (0-based, in time order).
    pub index: usize,
    /// When it was sent, as the export recorded it.
    pub timestamp: Timestamp,
    /// `None` for author-less system lines.
    pub sender: Option<ParticipantId>,
    /// Text, media, call, reaction and so on; only text is scored.
    pub kind: MessageKind,
    /// The body as the user wrote it; for media, the caption or placeholder text.
    pub text: String,
    /// True when the export marks the message as edited.
    pub edited: bool,
    /// Index of the message this one quotes or replies to, when the export links them; for
    /// a reaction or an edit, the message reacted to or edited.
    pub reply_to: Option<usize>,
    /// Which input file (index into [`SourceInfo::files`]) and lines this message came from.
    pub file: usize,
    /// The lines or records of that file the message was read from.
    pub span: SourceSpan,
}

/// A person in the conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Participant {
    /// Display name as the export gives it (a phone number when the contact had no name).
    pub name: String,
}

/// Where a conversation came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceInfo {
    /// Display paths of the input files (several for Messenger `message_1.json`,
    /// `message_2.json`, ...; `archive.zip!/_chat.txt` for a zip entry).
    pub files: Vec<String>,
    /// The file format that was read.
    pub format: Format,
    /// The app that format belongs to.
    pub app: App,
    /// Lines (text formats) or records (JSON formats) read from the inputs, for the
    /// no-loss check: `units_in == Σ message spans + Σ warning spans`.
    pub units_in: usize,
    /// The zone the timestamps were put in (`--tz`: `Europe/Berlin`, `+02:00`); `None` when
    /// they are as the export recorded them.
    pub zone: Option<String>,
}

/// Why an input line or record did not become a message, or what was odd about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IngestWarning {
    /// Display path of the input the warning is about.
    pub file: String,
    /// 1-based line or record where it starts.
    pub line: usize,
    /// How many input lines/records this warning accounts for (0 for a note about lines
    /// that are already counted in a message, e.g. lossy UTF-8 decoding).
    pub lines: usize,
    /// What was wrong or odd, in words.
    pub reason: String,
}

/// One chat: everything the later stages need, and nothing they have to re-read.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversation {
    /// Stable id derived from the source path and chat name.
    pub id: String,
    /// The chat's own title when the export has one (group name, Telegram chat name).
    pub title: Option<String>,
    /// The inputs, format and no-loss count this conversation was read from.
    pub source: SourceInfo,
    /// Everyone who wrote or is named as a sender; messages refer to them by index.
    pub participants: Vec<Participant>,
    /// The messages in time order.
    pub messages: Vec<Message>,
    /// Lines or records that did not become a message, or were odd, with the reason.
    pub warnings: Vec<IngestWarning>,
}

impl Conversation {
    /// The display name of a message's sender; `None` for author-less lines.
    pub fn sender_name(&self, m: &Message) -> Option<&str> {
        m.sender
            .and_then(|p| self.participants.get(p))
            .map(|p| p.name.as_str())
    }

    /// Lines/records accounted for by messages and warnings. Equal to
    /// `source.units_in` when nothing was lost.
    pub fn units_accounted(&self) -> usize {
        self.messages.iter().map(|m| m.span.lines).sum::<usize>()
            + self.warnings.iter().map(|w| w.lines).sum::<usize>()
    }
}

/// The text of one reaction event standing for `count` reactions `emoji` whose reactors
/// the export does not name: `👍`, or `👍 ×3`. [`reactions_in`] reads the count back.
pub fn unnamed_reactions_text(emoji: &str, count: u64) -> String {
    if count == 1 {
        emoji.to_string()
    } else {
        format!("{emoji} ×{count}")
    }
}

/// How many reactions a reaction event's text stands for (see [`unnamed_reactions_text`]).
pub fn reactions_in(text: &str) -> usize {
    text.rsplit_once(" ×")
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(1)
}

/// What one person did besides writing: the events of a conversation counted per
/// participant, for the dynamics and the tables (reactions and calls as engagement,
/// deletions and edits as events). Whether they change a score is for the dynamics to decide.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct EventCounts {
    /// Reactions this person gave to others' messages.
    pub reactions_given: usize,
    /// Reactions others gave to this person's messages (named or only counted).
    pub reactions_received: usize,
    /// Calls this person placed or that the export credits to them, answered or not.
    pub calls: usize,
    /// Of those, the ones nobody answered.
    pub missed_calls: usize,
    /// Seconds of the calls whose length the export records.
    pub call_seconds: u64,
    /// Media messages (photos, videos, files, stickers...), voice notes included.
    pub media: usize,
    /// Of the media, the recorded voice notes.
    pub voice_notes: usize,
    /// Messages this person deleted.
    pub deleted: usize,
    /// Edits (an edit event, or a message flagged as edited when the export has no time).
    pub edits: usize,
    /// Group events by this person (joined, left, added or removed someone, renamed).
    pub group_events: usize,
}

impl Conversation {
    /// [`EventCounts`] per participant, in [`Conversation::participants`] order.
    pub fn event_counts(&self) -> Vec<EventCounts> {
        let mut out = vec![EventCounts::default(); self.participants.len()];
        let mut has_edit_event = vec![false; self.messages.len().max(1)];
        for m in self.messages.iter().filter(|m| m.kind == MessageKind::Edit) {
            if let Some(flag) = m.reply_to.and_then(|t| has_edit_event.get_mut(t)) {
                *flag = true;
            }
        }
        for (i, m) in self.messages.iter().enumerate() {
            let Some(c) = m.sender.and_then(|p| out.get_mut(p)) else {
                continue;
            };
            match m.kind {
                MessageKind::Reaction => c.reactions_given += 1,
                MessageKind::Call { duration_s } => {
                    c.calls += 1;
                    c.missed_calls += usize::from(duration_s == Some(0));
                    c.call_seconds += u64::from(duration_s.unwrap_or(0));
                }
                MessageKind::Media(kind) => {
                    c.media += 1;
                    c.voice_notes += usize::from(kind == MediaKind::Voice);
                }
                MessageKind::Deleted => c.deleted += 1,
                MessageKind::Edit => c.edits += 1,
                MessageKind::Group(_) => c.group_events += 1,
                MessageKind::Text | MessageKind::System => {}
            }
            // An edit flag counts when no edit event stands for it.
            if m.edited && !has_edit_event[i] {
                c.edits += 1;
            }
        }
        for m in self
            .messages
            .iter()
            .filter(|m| m.kind == MessageKind::Reaction)
        {
            let target_sender = m
                .reply_to
                .and_then(|t| self.messages.get(t))
                .and_then(|t| t.sender);
            if let Some(c) = target_sender.and_then(|p| out.get_mut(p)) {
                c.reactions_received += reactions_in(&m.text);
            }
        }
        out
    }
}

/// A stable, readable conversation id: the file stem plus a short hash of the full source
/// path and chat name, so two `_chat.txt` in different folders get different ids and the
/// same input always gets the same one.
pub fn conversation_id(path: &str, chat_name: Option<&str>) -> String {
    let stem = path
        .rsplit(['/', '\\', '!'])
        .find(|s| !s.is_empty())
        .unwrap_or("chat");
    let stem = stem.rsplit_once('.').map(|(a, _)| a).unwrap_or(stem);
    let label = chat_name.unwrap_or(stem);
    let mut slug: String = label
        .chars()
        .flat_map(|c| {
            let keep = c.is_alphanumeric();
            c.to_lowercase().map(move |l| if keep { l } else { '-' })
        })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    slug.truncate(
        slug.char_indices()
            .nth(40)
            .map(|(i, _)| i)
            .unwrap_or(slug.len()),
    );
    if slug.is_empty() {
        slug.push_str("chat");
    }
    format!("{slug}-{}", short_hash(&[path, chat_name.unwrap_or("")]))
}

/// Eight hex digits of FNV-1a over `parts` joined by NUL: stable across Rust versions and
/// platforms, for ids that must not change between runs.
pub fn short_hash(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        let sep: &[u8] = if i == 0 { &[] } else { &[0] };
        for &b in sep.iter().chain(part.as_bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{:08x}", h as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn iso_with_and_without_zone() {
        let wall = NaiveDate::from_ymd_opt(2021, 12, 30)
            .unwrap()
            .and_hms_opt(22, 1, 0)
            .unwrap();
        assert_eq!(Timestamp::local(wall).to_iso(), "2021-12-30T22:01:00");
        let ts = Timestamp {
            wall,
            offset_s: Some(-5 * 3600 - 1800),
        };
        assert_eq!(ts.to_iso(), "2021-12-30T22:01:00-05:30");
        assert_eq!(
            Timestamp::from_unix(1_544_006_350, 0).unwrap().to_iso(),
            "2018-12-05T10:39:10Z"
        );
    }

    #[test]
    fn iso_digits_match_chrono_for_any_year() {
        for (y, offset, zone) in [
            (2021, None, ""),
            (987, Some(0), "Z"),
            (2024, Some(-19800), "-05:30"),
            (2024, Some(3600), "+01:00"),
            (-5, None, ""),
            (12345, Some(0), "Z"),
        ] {
            let wall = NaiveDate::from_ymd_opt(y, 2, 9)
                .unwrap()
                .and_hms_opt(7, 5, 3)
                .unwrap();
            let ts = Timestamp {
                wall,
                offset_s: offset,
            };
            let chrono = wall.format("%Y-%m-%dT%H:%M:%S").to_string();
            assert_eq!(ts.to_iso(), format!("{chrono}{zone}"));
        }
    }

    #[test]
    fn ids_are_stable_and_distinct() {
        let a = conversation_id("a/_chat.txt", None);
        let b = conversation_id("b/_chat.txt", None);
        assert_ne!(a, b);
        assert_eq!(a, conversation_id("a/_chat.txt", None));
        assert!(a.starts_with("chat-"), "{a}");
        assert!(conversation_id("x/result.json", Some("Anna Ö")).starts_with("anna-ö-"));
    }
}
