//! Reader for Meta's JSON exports: Messenger and Instagram `message_N.json` ("Download your
//! information"; several files of one thread merge into one conversation) and Messenger's
//! newer export of end-to-end encrypted chats (`participants`, `threadName`,
//! `messages[{senderName, timestamp, text, type, media, isUnsent}]`).
//!
//! `message_N.json` writes UTF-8 text as if each byte were a Latin-1 character ("mojibake");
//! every string is repaired on its own (re-encoded as Latin-1 bytes and decoded as UTF-8),
//! and kept as it is where that is not valid. Times are UTC (`timestamp_ms`). Messages are
//! written newest first; the conversation is put in time order. Each message object is one
//! record for the no-loss accounting; the reactions listed on it become events after it
//! (taking no record of their own), `Subscribe`/`Unsubscribe` group events.
//!
//! Instagram or Messenger: Instagram when the data says so (a path under
//! `your_instagram_activity/` or inside an `instagram-<user>-<date>` download, or a group
//! join link on `ig.me`), otherwise Messenger.

use super::build::{json_shape_error, media_kind_from_name, ConversationBuilder};
use super::jsonstream::{self, Event, Mode, Seg};
use super::{events, IngestOptions};
use crate::chat::{App, Conversation, Format, GroupEvent, MediaKind, MessageKind, Timestamp};
use crate::error::Result;
use serde_json::{Map, Value};
use std::borrow::Cow;

/// How far into the file detection looks.
const DETECT_BYTES: usize = 64 * 1024;

/// The format of `text` if it is one this module reads (checked by content).
pub fn detect(text: &str) -> Option<Format> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let mut end = text.len().min(DETECT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    if head.contains("\"sender_name\"") && head.contains("\"timestamp_ms\"") {
        return Some(Format::MetaJson);
    }
    if head.contains("\"senderName\"")
        && (head.contains("\"threadName\"") || head.contains("\"isUnsent\""))
    {
        return Some(Format::MessengerE2eeJson);
    }
    if head.contains("\"participants\"") && head.contains("\"thread_path\"") {
        return Some(Format::MetaJson);
    }
    None
}

/// Parses one input of a format `detect` returned.
pub fn parse(
    format: Format,
    display: &str,
    text: &str,
    opts: &IngestOptions,
) -> Result<Vec<Conversation>> {
    let _ = opts; // every time in these files is UTC; no option changes how they read
    let mut reader = Reader::new(format, display);
    reader.read_str(display, text)?;
    Ok(vec![reader.finish()])
}

/// Parses one export read from `source` a record at a time (see [`Reader`]) and hands the
/// conversation to `emit`.
pub fn parse_stream(
    format: Format,
    display: &str,
    source: impl std::io::Read,
    mut emit: impl FnMut(Conversation) -> Result<()>,
) -> Result<()> {
    let mut reader = Reader::new(format, display);
    reader.read_from(display, source)?;
    emit(reader.finish())
}

/// Parses several `message_N.json` files of one thread (display path, text) into one
/// conversation, oldest message first.
pub fn parse_group(parts: &[(&str, &str)], opts: &IngestOptions) -> Result<Vec<Conversation>> {
    let Some(&(first_display, _)) = parts.first() else {
        return Ok(Vec::new());
    };
    let _ = opts;
    let mut reader = Reader::new(Format::MetaJson, first_display);
    for &(display, text) in parts {
        reader.read_str(display, text)?;
    }
    Ok(vec![reader.finish()])
}

/// Reads the files of one thread a record at a time, each message object read, turned into
/// a message and dropped, so memory follows the conversation, not the JSON text and tree.
/// [`parse`] and [`parse_group`] read text in memory through it, a big export
/// ([`super::large`]) its files.
pub struct Reader {
    format: Format,
    b: ConversationBuilder,
    instagram: bool,
    files_read: usize,
}

/// The state of one file being read.
struct FileState<'a> {
    display: &'a str,
    file: usize,
    has_messages: bool,
    /// `timestamp_ms` of the first and the last record, to tell newest-first files.
    first_ms: Option<Option<i64>>,
    last_ms: Option<i64>,
    /// The builder's message count when the file began.
    start: usize,
}

impl Reader {
    /// A reader for one conversation of `format`, named after its first file until the
    /// title is read.
    pub fn new(format: Format, first_display: &str) -> Self {
        Reader {
            format,
            b: ConversationBuilder::new(first_display, format),
            instagram: false,
            files_read: 0,
        }
    }

    /// Reads one file of the thread from its text.
    pub fn read_str(&mut self, display: &str, text: &str) -> Result<()> {
        let mut state = self.begin(display);
        jsonstream::walk_str(display, text, mode, |p, e| self.event(&mut state, p, e))
    }

    /// Reads one file of the thread from `source`, a little at a time.
    pub fn read_from(&mut self, display: &str, source: impl std::io::Read) -> Result<()> {
        let mut state = self.begin(display);
        jsonstream::walk_reader(display, source, mode, |p, e| self.event(&mut state, p, e))
    }

    fn begin<'a>(&mut self, display: &'a str) -> FileState<'a> {
        let file = if self.files_read == 0 {
            0
        } else {
            self.b.add_file(display)
        };
        self.files_read += 1;
        self.instagram |= self.format == Format::MetaJson && instagram_path(display);
        FileState {
            display,
            file,
            has_messages: false,
            first_ms: None,
            last_ms: None,
            start: self.b.message_count(),
        }
    }

    fn event(&mut self, f: &mut FileState, path: &[Seg], event: Event) -> Result<()> {
        let display = f.display;
        let shape = |what: &str| Err(json_shape_error(display, what));
        match (path, event) {
            ([], Event::Value(_)) => return shape("top level is not an object"),
            ([], Event::Close) => return self.end_file(f),
            ([Seg::Key(k)], Event::Open) if k == "messages" => f.has_messages = true,
            ([Seg::Key(k)], Event::Value(v)) => match k.as_str() {
                "messages" => return shape("`messages` is not an array"),
                _ => self.top_level(f.file, k, &v),
            },
            ([_, Seg::Index(i)], Event::Value(m)) => self.record(f, &m, i + 1),
            _ => {}
        }
        Ok(())
    }

    /// A member of the top-level object other than `messages`: the title and the
    /// participants (ids in the order of first sight: Meta writes the participants first).
    fn top_level(&mut self, file: usize, key: &str, v: &Value) {
        let e2ee = self.format == Format::MessengerE2eeJson;
        match key {
            "title" if !e2ee && file == 0 => {
                let title = v.as_str().map(|t| fix_mojibake(t).into_owned());
                self.b.set_title(title);
            }
            "threadName" if e2ee => self.b.set_title(v.as_str().map(str::to_string)),
            "joinable_mode" if !e2ee => {
                let link = v.get("link").and_then(|l| l.as_str());
                self.instagram |= link.is_some_and(|l| l.contains("ig.me/"));
            }
            "participants" => {
                for p in v.as_array().into_iter().flatten() {
                    let name = p.get("name").and_then(|n| n.as_str());
                    match (e2ee, name.or_else(|| p.as_str().filter(|_| e2ee))) {
                        (false, Some(name)) => {
                            self.b.participant(&fix_mojibake(name));
                        }
                        (true, Some(name)) => {
                            self.b.participant(name);
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    /// One message object, record number `record` of its file.
    fn record(&mut self, f: &mut FileState, m: &Value, record: usize) {
        self.b.add_units(1);
        let ms = m.get("timestamp_ms").and_then(|t| t.as_i64());
        f.first_ms.get_or_insert(ms);
        f.last_ms = ms;
        let pushed = match self.format {
            Format::MessengerE2eeJson => push_e2ee(&mut self.b, m, record),
            _ => push_message(&mut self.b, m, f.file, record),
        };
        if let Err(reason) = pushed {
            self.b.warn(f.file, record, 1, reason);
        }
    }

    /// A file's messages are put oldest first (`message_N.json` is written newest first).
    fn end_file(&mut self, f: &FileState) -> Result<()> {
        if !f.has_messages {
            return Err(json_shape_error(f.display, "`messages` is not an array"));
        }
        let newest_first = matches!((f.first_ms, f.last_ms), (Some(Some(a)), Some(b)) if a > b);
        if self.format == Format::MetaJson && newest_first {
            self.b.reverse_from(f.start);
        }
        Ok(())
    }

    /// The conversation, in time order.
    pub fn finish(mut self) -> Conversation {
        if self.instagram {
            self.b.set_app(App::Instagram);
        }
        self.b.sort_by_time();
        self.b.finish()
    }
}

/// What the walker reads: the top-level members naming the thread, and each message whole.
fn mode(path: &[Seg]) -> Mode {
    match path {
        [] => Mode::Descend,
        [Seg::Key(k)] if k == "messages" => Mode::DescendArray,
        [Seg::Key(k)] => match k.as_str() {
            "participants" | "title" | "threadName" | "joinable_mode" => Mode::Take,
            _ => Mode::Skip,
        },
        [Seg::Key(k), _] if k == "messages" => Mode::Take,
        _ => Mode::Skip,
    }
}

/// Instagram's download: `your_instagram_activity/messages/...` (2023 on) or an archive or
/// folder named `instagram-<user>-<date>` (earlier). Facebook's are `facebook-...` and
/// `your_facebook_activity/...`.
fn instagram_path(display: &str) -> bool {
    display
        .split(['/', '\\', '!'])
        .any(|part| part == "your_instagram_activity" || part.starts_with("instagram-"))
}

fn push_message(
    b: &mut ConversationBuilder,
    m: &Value,
    file: usize,
    record: usize,
) -> std::result::Result<(), String> {
    let o = m.as_object().ok_or("record is not a JSON object")?;
    let ms = o
        .get("timestamp_ms")
        .and_then(|t| t.as_i64())
        .ok_or("message has no numeric `timestamp_ms`")?;
    let ts = from_millis(ms).ok_or("`timestamp_ms` out of range")?;
    let sender = o
        .get("sender_name")
        .and_then(|s| s.as_str())
        .map(|s| fix_mojibake(s).into_owned())
        .filter(|s| !s.is_empty());
    let content = o
        .get("content")
        .and_then(|c| c.as_str())
        .map(|c| fix_mojibake(c).into_owned())
        .unwrap_or_default();
    let share = o
        .get("share")
        .and_then(|s| s.get("link"))
        .and_then(|l| l.as_str())
        .filter(|l| !l.is_empty());
    let mut text = content;
    if let Some(link) = share {
        if !text.contains(link) {
            if !text.is_empty() {
                text.push('\n');
            }
            text.push_str(link);
        }
    }
    let msg_type = o.get("type").and_then(|t| t.as_str()).unwrap_or("");
    let unsent = o
        .get("is_unsent")
        .and_then(|u| u.as_bool())
        .unwrap_or(false);
    let kind = if unsent {
        MessageKind::Deleted
    } else if msg_type == "Call" || o.contains_key("call_duration") {
        let d = o.get("call_duration").and_then(|d| d.as_u64());
        MessageKind::Call {
            duration_s: d.map(|d| u32::try_from(d).unwrap_or(u32::MAX)),
        }
    } else if matches!(msg_type, "Subscribe" | "Unsubscribe") || o.contains_key("users") {
        group_event(o, msg_type, sender.as_deref(), &text)
            .map_or(MessageKind::System, MessageKind::Group)
    } else if let Some(kind) = meta_media(o) {
        MessageKind::Media(kind)
    } else if text.is_empty() {
        // Nothing but reactions: the content is gone (unsent or a disappearing message).
        MessageKind::Deleted
    } else {
        MessageKind::Text
    };
    let sender = sender.map(|s| b.participant(&s));
    b.push(ts, sender, kind, text, false, file, record, 1);
    push_reactions(b, o, fix_mojibake);
    Ok(())
}

/// Who joined, left, was added or removed: `Subscribe`/`Unsubscribe` with the `users`
/// concerned (the sender alone is joining or leaving), else what the text says.
fn group_event(
    o: &Map<String, Value>,
    msg_type: &str,
    sender: Option<&str>,
    text: &str,
) -> Option<GroupEvent> {
    let users: Vec<String> = o
        .get("users")
        .and_then(|u| u.as_array())
        .into_iter()
        .flatten()
        .filter_map(|u| u.get("name").and_then(|n| n.as_str()))
        .map(|n| fix_mojibake(n).into_owned())
        .collect();
    let only_sender = users.len() == 1 && Some(users[0].as_str()) == sender;
    match msg_type {
        "Subscribe" if only_sender => Some(GroupEvent::Joined),
        "Subscribe" => Some(GroupEvent::Added),
        "Unsubscribe" if only_sender || users.is_empty() => Some(GroupEvent::Left),
        "Unsubscribe" => Some(GroupEvent::Removed),
        _ => events::group_event_from_text(text),
    }
}

/// The reactions listed on the message just pushed (`reactions: [{reaction, actor,
/// timestamp}]`; the time, in seconds, only in newer exports), each repaired by `fix`.
fn push_reactions<'a>(
    b: &mut ConversationBuilder,
    o: &'a Map<String, Value>,
    fix: impl Fn(&'a str) -> Cow<'a, str>,
) {
    let Some(reactions) = o.get("reactions").and_then(|r| r.as_array()) else {
        return;
    };
    for r in reactions {
        let Some(emoji) = r.get("reaction").and_then(|e| e.as_str()) else {
            continue;
        };
        let actor = r
            .get("actor")
            .and_then(|a| a.as_str())
            .filter(|a| !a.is_empty());
        let sender = actor.map(|a| b.participant(&fix(a)));
        let at = r.get("timestamp").and_then(|t| t.as_i64()).and_then(|t| {
            // Seconds in Meta's exports; milliseconds where a tool wrote them so.
            if t > 100_000_000_000 {
                from_millis(t)
            } else {
                Timestamp::from_unix(t, 0)
            }
        });
        b.event_on_last(MessageKind::Reaction, sender, at, fix(emoji).into_owned());
    }
}

fn meta_media(o: &Map<String, Value>) -> Option<MediaKind> {
    let has = |k: &str| {
        o.get(k)
            .is_some_and(|v| v.as_array().is_none_or(|a| !a.is_empty()))
    };
    [
        ("photos", MediaKind::Image),
        ("videos", MediaKind::Video),
        ("audio_files", MediaKind::Audio),
        ("gifs", MediaKind::Gif),
        ("sticker", MediaKind::Sticker),
        ("files", MediaKind::Document),
    ]
    .into_iter()
    .find(|(k, _)| has(k))
    .map(|(_, kind)| kind)
}

fn from_millis(ms: i64) -> Option<Timestamp> {
    let nanos = u32::try_from(ms.rem_euclid(1000) * 1_000_000).ok()?;
    Timestamp::from_unix(ms.div_euclid(1000), nanos)
}

/// Repairs one string of Meta's mojibake: when every char is below U+0100 and the chars,
/// taken as Latin-1 bytes, are valid UTF-8, returns that text; otherwise the string as is.
pub fn fix_mojibake(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || s.chars().any(|c| u32::from(c) > 0xFF) {
        return Cow::Borrowed(s);
    }
    let bytes: Vec<u8> = s.chars().map(|c| u32::from(c) as u8).collect();
    match String::from_utf8(bytes) {
        Ok(fixed) => Cow::Owned(fixed),
        Err(_) => Cow::Borrowed(s),
    }
}

fn push_e2ee(
    b: &mut ConversationBuilder,
    m: &Value,
    record: usize,
) -> std::result::Result<(), String> {
    let o = m.as_object().ok_or("record is not a JSON object")?;
    let ms = o
        .get("timestamp")
        .and_then(|t| {
            t.as_i64()
                .or_else(|| t.as_str().and_then(|s| s.parse().ok()))
        })
        .ok_or("message has no numeric `timestamp`")?;
    let ts = from_millis(ms).ok_or("`timestamp` out of range")?;
    let sender = o
        .get("senderName")
        .and_then(|s| s.as_str())
        .filter(|s| !s.is_empty());
    let text = o
        .get("text")
        .and_then(|t| t.as_str())
        .unwrap_or("")
        .to_string();
    let msg_type = o
        .get("type")
        .and_then(|t| t.as_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let media = o
        .get("media")
        .and_then(|m| m.as_array())
        .and_then(|m| m.first())
        .map(|first| {
            let uri = first.get("uri").and_then(|u| u.as_str()).unwrap_or("");
            media_kind_from_name(uri)
        });
    let unsent = o.get("isUnsent").and_then(|u| u.as_bool()).unwrap_or(false);
    // `type` is `text`, `link`, `media` or `placeholder` (Meta's stand-in lines such as
    // "User unsent a message").
    let kind = if unsent || text.trim_end().ends_with("unsent a message") {
        MessageKind::Deleted
    } else if let Some(kind) = media {
        MessageKind::Media(kind)
    } else if msg_type.contains("call") {
        MessageKind::Call { duration_s: None }
    } else if msg_type == "placeholder"
        || (text.is_empty() && !msg_type.is_empty() && msg_type != "text")
    {
        MessageKind::System
    } else {
        MessageKind::Text
    };
    let sender = sender.map(|s| b.participant(s));
    b.push(ts, sender, kind, text, false, 0, record, 1);
    push_reactions(b, o, Cow::Borrowed);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::fix_mojibake;

    #[test]
    fn mojibake_is_repaired_string_by_string() {
        assert_eq!(
            fix_mojibake("J\u{e2}\u{9d}\u{a4}\u{ef}\u{b8}\u{8f}hn Doe"),
            "J❤️hn Doe"
        );
        assert_eq!(fix_mojibake("Zo\u{c3}\u{ab}"), "Zoë");
        // Not valid as Latin-1 bytes of UTF-8: kept as written.
        assert_eq!(fix_mojibake("Café"), "Café");
        // Already proper UTF-8 beyond Latin-1: untouched.
        assert_eq!(fix_mojibake("❤️ Zoë"), "❤️ Zoë");
        assert_eq!(fix_mojibake("plain"), "plain");
    }

    #[test]
    fn instagram_is_told_by_the_download_path() {
        use super::instagram_path;
        assert!(instagram_path(
            "instagram-anna-2023-01-01.zip!/messages/inbox/x/message_1.json"
        ));
        assert!(instagram_path(
            "dl/your_instagram_activity/messages/inbox/x/message_1.json"
        ));
        assert!(!instagram_path(
            "facebook-anna-2023.zip!/messages/inbox/x/message_1.json"
        ));
        assert!(!instagram_path("my-instagram-notes/message_1.json"));
    }
}
