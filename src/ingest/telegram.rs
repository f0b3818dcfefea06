//! Reader for Telegram Desktop's JSON export (`result.json`): a single chat (`messages` at
//! the top) or a full account (`chats.list` and `left_chats.list`, one conversation per chat).
//!
//! Times come from `date_unixtime` (UTC) when present, else from `date` (local wall time).
//! `text` is a string or an array of strings and `{type, text}` parts, joined. Service
//! messages (`actor`, `action`) are system messages, except calls (`phone_call`,
//! `group_call`) and group events (members joining, leaving, added, removed; the title
//! changed). Reactions (`reactions[].recent`) and edits (`edited_unixtime`) become events
//! after their message. Every message object is one record for the no-loss accounting (an
//! event takes no record of its own).

use super::build::{json_shape_error, local_time, ConversationBuilder};
use super::jsonstream::{self, Event, Mode, Seg};
use super::{collect, IngestOptions};
use crate::chat::{
    conversation_id, unnamed_reactions_text, Conversation, Format, GroupEvent, MediaKind,
    MessageKind, Timestamp,
};
use crate::error::{Error, Result};
use chrono::NaiveDateTime;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// How far into the file detection looks.
const DETECT_BYTES: usize = 64 * 1024;

/// The format of `text` if it is one this module reads (checked by content).
pub fn detect(text: &str) -> Option<Format> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let head = prefix(text, DETECT_BYTES);
    let telegram = head.contains("\"date_unixtime\"")
        || head.contains("\"personal_information\"")
        || head.contains("\"left_chats\"")
        || (head.contains("\"chats\": {") && head.contains("\"list\": ["))
        || (head.contains("\"messages\"")
            && head.contains("\"from_id\"")
            && head.contains("\"type\": \"message\""));
    telegram.then_some(Format::TelegramJson)
}

/// The longest prefix of `text` of at most `max` bytes that ends on a char boundary.
fn prefix(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Parses one input of a format `detect` returned.
pub fn parse(
    format: Format,
    display: &str,
    text: &str,
    opts: &IngestOptions,
) -> Result<Vec<Conversation>> {
    collect(|emit| {
        let mut reader = Stream::new(format, display, opts, emit);
        jsonstream::walk_str(display, text, mode, |p, e| reader.event(p, e))
    })
}

/// Parses the export read from `source` a record at a time, handing each chat to `emit`
/// as soon as it ends: memory follows the largest chat, not the file.
pub fn parse_stream(
    format: Format,
    display: &str,
    source: impl std::io::Read,
    opts: &IngestOptions,
    emit: impl FnMut(Conversation) -> Result<()>,
) -> Result<()> {
    let mut reader = Stream::new(format, display, opts, emit);
    jsonstream::walk_reader(display, source, mode, |p, e| reader.event(p, e))
}

/// What the walker reads: a single chat (`messages` at the top) or the chats of a full
/// account (`chats.list[i]`, `left_chats.list[i]`), each message whole; the rest unread.
fn mode(path: &[Seg]) -> Mode {
    let key = |i: usize| path.get(i).and_then(Seg::key);
    let is_section = |i: usize| matches!(key(i), Some("chats" | "left_chats"));
    match path.len() {
        0 => Mode::Descend,
        1 if is_section(0) || key(0) == Some("messages") => Mode::Descend,
        1 if matches!(key(0), Some("name" | "id")) => Mode::Take,
        2 if key(0) == Some("messages") => Mode::Take,
        2 if is_section(0) && key(1) == Some("list") => Mode::Descend,
        3 if is_section(0) && key(1) == Some("list") => Mode::Descend,
        4 if key(1) == Some("list") && key(3) == Some("messages") => Mode::Descend,
        4 if key(1) == Some("list") && matches!(key(3), Some("name" | "id")) => Mode::Take,
        5 if key(1) == Some("list") && key(3) == Some("messages") => Mode::Take,
        _ => Mode::Skip,
    }
}

/// One chat being read.
struct Chat {
    b: ConversationBuilder,
    name: Option<String>,
    id: Option<Value>,
    has_messages: bool,
    /// Telegram message id → our index, to link replies (`reply_to_message_id`).
    index_of: HashMap<i64, usize>,
}

impl Chat {
    fn new(display: &str, format: Format) -> Self {
        Chat {
            b: ConversationBuilder::new(display, format),
            name: None,
            id: None,
            has_messages: false,
            index_of: HashMap::new(),
        }
    }

    fn push(&mut self, m: &Value, record: usize, opts: &IngestOptions) {
        self.b.add_units(1);
        match push_message(&mut self.b, m, record, opts) {
            Ok(()) => link_reply(&mut self.b, m, &mut self.index_of),
            Err(reason) => self.b.warn(0, record, 1, reason),
        }
    }

    fn finish(mut self, display: &str) -> Conversation {
        self.b.set_title(self.name.clone());
        let mut conv = self.b.finish();
        // Two chats of one account may share a name: key the id on the chat id too.
        if let Some(id) = self.id.filter(|v| !v.is_null()) {
            conv.id = conversation_id(&format!("{display}#{id}"), self.name.as_deref());
        }
        conv
    }
}

/// The state of a walk over one export.
struct Stream<'a, E> {
    format: Format,
    display: &'a str,
    opts: &'a IngestOptions,
    emit: E,
    /// The single chat at the top level.
    root: Option<Chat>,
    /// The account chat being read (`chats.list[i]`).
    chat: Option<Chat>,
    saw_sections: bool,
    /// Whether the section (`chats`, `left_chats`) being read has its `list`.
    list_seen: bool,
}

impl<'a, E: FnMut(Conversation) -> Result<()>> Stream<'a, E> {
    fn new(format: Format, display: &'a str, opts: &'a IngestOptions, emit: E) -> Self {
        Stream {
            format,
            display,
            opts,
            emit,
            root: None,
            chat: None,
            saw_sections: false,
            list_seen: false,
        }
    }

    fn shape(&self, what: &str) -> Error {
        json_shape_error(self.display, what)
    }

    fn event(&mut self, path: &[Seg], event: Event) -> Result<()> {
        let display = self.display;
        let shape = |what: &str| Err(json_shape_error(display, what));
        let in_account = path.len() >= 3;
        let chat = if in_account {
            self.chat.as_mut()
        } else {
            self.root.as_mut()
        };
        match (path.len(), event) {
            (0, Event::Open) => self.root = Some(Chat::new(self.display, self.format)),
            (0, Event::Value(_)) => return shape("top level is not an object"),
            (0, Event::Close) => return self.end_root(),
            (1 | 4, Event::Value(v)) => {
                let key = path.last().and_then(Seg::key);
                match (key, chat) {
                    (Some("messages"), _) => return shape("a chat's `messages` is not an array"),
                    (Some("name"), Some(c)) => c.name = v.as_str().map(str::to_string),
                    (Some("id"), Some(c)) => c.id = Some(v),
                    (_, _) if path.len() == 1 => {
                        return shape(&format!("`{}` is not an object", key.unwrap_or_default()));
                    }
                    _ => {}
                }
            }
            (1, Event::Open) if path[0].key() != Some("messages") => {
                self.saw_sections = true;
                self.list_seen = false;
            }
            (1, Event::Close) if path[0].key() != Some("messages") && !self.list_seen => {
                return shape(&format!(
                    "`{}.list` is not an array",
                    path[0].key().unwrap_or_default()
                ));
            }
            (2, Event::Open) if path[1].key() == Some("list") => self.list_seen = true,
            (1 | 4, Event::Open) => {
                if let Some(c) = chat {
                    c.has_messages = true;
                }
            }
            (2, Event::Value(v)) if path[0].key() == Some("messages") => {
                if let (Some(c), Seg::Index(i)) = (chat, &path[1]) {
                    c.push(&v, i + 1, self.opts);
                }
            }
            (2, Event::Value(_)) => {
                return shape(&format!(
                    "`{}.list` is not an array",
                    path[0].key().unwrap_or_default()
                ));
            }
            (3, Event::Open) => self.chat = Some(Chat::new(self.display, self.format)),
            (3, Event::Value(_)) => {
                let (key, i) = (path[0].key().unwrap_or_default(), &path[2]);
                let i = if let Seg::Index(i) = i { *i } else { 0 };
                return shape(&format!("`{key}.list[{i}]` is not an object"));
            }
            (3, Event::Close) => {
                // A listed chat without a message list has no records to read.
                if let Some(c) = self.chat.take().filter(|c| c.has_messages) {
                    (self.emit)(c.finish(self.display))?;
                }
            }
            (5, Event::Value(v)) => {
                if let (Some(c), Seg::Index(i)) = (chat, &path[4]) {
                    c.push(&v, i + 1, self.opts);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// The end of the document: the single chat at the top, if that is what it was.
    fn end_root(&mut self) -> Result<()> {
        let root = self.root.take();
        match root.filter(|r| r.has_messages) {
            Some(r) => (self.emit)(r.finish(self.display)),
            None if self.saw_sections => Ok(()),
            None => Err(self.shape("neither `messages` nor `chats` found")),
        }
    }
}

/// Records the id of the message just pushed and links it to the message it replies to.
fn link_reply(b: &mut ConversationBuilder, m: &Value, index_of: &mut HashMap<i64, usize>) {
    let index = b.message_count() - 1;
    if let Some(id) = m.get("id").and_then(|i| i.as_i64()) {
        index_of.insert(id, index);
    }
    let target = m
        .get("reply_to_message_id")
        .and_then(|r| r.as_i64())
        .and_then(|r| index_of.get(&r).copied());
    if let (Some(target), Some(last)) = (target, b.last_message_mut()) {
        last.reply_to = Some(target);
    }
}

fn push_message(
    b: &mut ConversationBuilder,
    m: &Value,
    record: usize,
    opts: &IngestOptions,
) -> std::result::Result<(), String> {
    let o = m.as_object().ok_or("record is not a JSON object")?;
    let ts = timestamp(o, opts).ok_or("message has no readable `date_unixtime` or `date`")?;
    let text = o.get("text").map(join_text).unwrap_or_default();
    let edited = o.contains_key("edited") || o.contains_key("edited_unixtime");
    match o.get("type").and_then(|t| t.as_str()) {
        Some("message") => {
            let sender = name_of(o, "from", "from_id");
            let kind = match media_kind(o) {
                Some(kind) => MessageKind::Media(kind),
                None if text.is_empty() && has_other_payload(o) => {
                    MessageKind::Media(MediaKind::Unknown)
                }
                None => MessageKind::Text,
            };
            let text = if text.is_empty() {
                o.get("sticker_emoji")
                    .and_then(|s| s.as_str())
                    .unwrap_or("")
                    .to_string()
            } else {
                text
            };
            let sender = Some(b.participant(&sender));
            b.push(ts, sender, kind, text, edited, 0, record, 1);
            push_edit(b, o, sender, opts);
            push_reactions(b, o, opts);
        }
        Some("service") => {
            let actor = o
                .get("actor")
                .and_then(|a| a.as_str())
                .map(str::to_string)
                .or_else(|| {
                    o.get("actor_id")
                        .and_then(|a| a.as_str())
                        .map(str::to_string)
                });
            let action = o
                .get("action")
                .and_then(|a| a.as_str())
                .unwrap_or("service");
            let kind = if action == "phone_call" || action == "group_call" {
                let duration = o.get("duration_seconds").and_then(|d| d.as_u64());
                let missed = o
                    .get("discard_reason")
                    .and_then(|d| d.as_str())
                    .is_some_and(|r| matches!(r, "missed" | "busy" | "declined"));
                MessageKind::Call {
                    duration_s: duration
                        .map(|d| u32::try_from(d).unwrap_or(u32::MAX))
                        .or(missed.then_some(0)),
                }
            } else {
                group_event(o, action, actor.as_deref())
                    .map_or(MessageKind::System, MessageKind::Group)
            };
            let text = if text.is_empty() {
                service_text(o, action)
            } else {
                text
            };
            let sender = actor.map(|a| b.participant(&a));
            b.push(ts, sender, kind, text, edited, 0, record, 1);
        }
        Some(other) => return Err(format!("unknown message type {other:?}")),
        None => return Err("message has no `type`".to_string()),
    }
    Ok(())
}

/// The group event of a service action: members joining, leaving, added or removed, the
/// title changed. Removing oneself is leaving.
fn group_event(o: &Map<String, Value>, action: &str, actor: Option<&str>) -> Option<GroupEvent> {
    let only_actor = || {
        o.get("members")
            .and_then(|m| m.as_array())
            .is_some_and(|m| m.len() == 1 && m[0].as_str().is_some_and(|n| Some(n) == actor))
    };
    Some(match action {
        "join_group_by_link" | "join_group_by_request" => GroupEvent::Joined,
        "invite_members" if only_actor() => GroupEvent::Joined,
        "invite_members" => GroupEvent::Added,
        "remove_members" if only_actor() => GroupEvent::Left,
        "remove_members" => GroupEvent::Removed,
        "edit_group_title" => GroupEvent::Subject,
        _ => return None,
    })
}

/// The edit of the message just pushed, at `edited_unixtime` (or `edited`), by its sender.
fn push_edit(
    b: &mut ConversationBuilder,
    o: &Map<String, Value>,
    sender: Option<usize>,
    opts: &IngestOptions,
) {
    if let Some(at) = time_of(o, "edited_unixtime", "edited", opts) {
        b.event_on_last(MessageKind::Edit, sender, Some(at), String::new());
    }
}

/// The reactions listed on the message just pushed (`reactions: [{type, count, emoji,
/// recent: [{from, from_id, date}]}]`): one event per named reactor at their time; the
/// reactors the export counts but does not name become one event without a sender whose
/// text says how many (`👍 ×3`).
fn push_reactions(b: &mut ConversationBuilder, o: &Map<String, Value>, opts: &IngestOptions) {
    let Some(reactions) = o.get("reactions").and_then(|r| r.as_array()) else {
        return;
    };
    for r in reactions.iter().filter_map(|r| r.as_object()) {
        let emoji = match r.get("emoji").and_then(|e| e.as_str()) {
            Some(e) => e.to_string(),
            None => r
                .get("type")
                .and_then(|t| t.as_str())
                .unwrap_or("reaction")
                .to_string(),
        };
        let recent = r.get("recent").and_then(|x| x.as_array());
        let mut named = 0u64;
        for who in recent.into_iter().flatten().filter_map(|w| w.as_object()) {
            named += 1;
            let sender = Some(b.participant(&name_of(who, "from", "from_id")));
            let at = time_of(who, "date_unixtime", "date", opts);
            b.event_on_last(MessageKind::Reaction, sender, at, emoji.clone());
        }
        let count = r.get("count").and_then(|c| c.as_u64()).unwrap_or(named);
        let unnamed = count.saturating_sub(named);
        if unnamed > 0 {
            let text = unnamed_reactions_text(&emoji, unnamed);
            b.event_on_last(MessageKind::Reaction, None, None, text);
        }
    }
}

/// A readable line for a service message without text: the action plus its object
/// (`invite_members: Anna, Ben`, `edit_group_title: Trip`).
fn service_text(o: &Map<String, Value>, action: &str) -> String {
    let object = o
        .get("members")
        .and_then(|m| m.as_array())
        .map(|m| {
            m.iter()
                .filter_map(|x| x.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .or_else(|| o.get("title").and_then(|t| t.as_str()).map(str::to_string))
        .filter(|s| !s.is_empty());
    match object {
        Some(obj) => format!("{action}: {obj}"),
        None => action.to_string(),
    }
}

fn name_of(o: &Map<String, Value>, name_key: &str, id_key: &str) -> String {
    o.get(name_key)
        .and_then(|f| f.as_str())
        .filter(|s| !s.is_empty())
        .or_else(|| o.get(id_key).and_then(|f| f.as_str()))
        .unwrap_or("Deleted Account")
        .to_string()
}

fn timestamp(o: &Map<String, Value>, opts: &IngestOptions) -> Option<Timestamp> {
    time_of(o, "date_unixtime", "date", opts)
}

/// The time in `unix_key` (seconds, UTC) or else `wall_key` (local wall time).
fn time_of(
    o: &Map<String, Value>,
    unix_key: &str,
    wall_key: &str,
    opts: &IngestOptions,
) -> Option<Timestamp> {
    let unix = o.get(unix_key).and_then(|d| match d {
        Value::String(s) => s.parse::<i64>().ok(),
        Value::Number(n) => n.as_i64(),
        _ => None,
    });
    if let Some(secs) = unix {
        return Timestamp::from_unix(secs, 0);
    }
    let date = o.get(wall_key)?.as_str()?;
    NaiveDateTime::parse_from_str(date, "%Y-%m-%dT%H:%M:%S")
        .ok()
        .map(|wall| local_time(wall, opts))
}

/// Joins Telegram's rich text: plain strings as they are, `{type, text}` parts by their text.
/// Real exports carry the spaces between parts as plain strings; where two parts abut with
/// no whitespace at all (as in hand-made files) a space is put between them.
fn join_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(parts) => {
            let mut out = String::new();
            let mut prev_was_part = false;
            for p in parts {
                let (piece, is_part) = match p {
                    Value::String(s) => (s.as_str(), false),
                    Value::Object(o) => {
                        (o.get("text").and_then(|t| t.as_str()).unwrap_or(""), true)
                    }
                    _ => ("", false),
                };
                if is_part
                    && prev_was_part
                    && !out.is_empty()
                    && !out.ends_with(char::is_whitespace)
                    && !piece.starts_with(char::is_whitespace)
                    && !piece.is_empty()
                {
                    out.push(' ');
                }
                out.push_str(piece);
                prev_was_part = is_part;
            }
            out
        }
        _ => String::new(),
    }
}

fn media_kind(o: &Map<String, Value>) -> Option<MediaKind> {
    if o.contains_key("photo") {
        return Some(MediaKind::Image);
    }
    if let Some(t) = o.get("media_type").and_then(|t| t.as_str()) {
        return Some(match t {
            "sticker" => MediaKind::Sticker,
            "voice_message" => MediaKind::Voice,
            "audio_file" => MediaKind::Audio,
            "video_file" | "video_message" => MediaKind::Video,
            "animation" => MediaKind::Gif,
            _ => MediaKind::Unknown,
        });
    }
    if o.contains_key("file") {
        return Some(MediaKind::Document);
    }
    if o.contains_key("contact_information") {
        return Some(MediaKind::Contact);
    }
    if o.contains_key("location_information") || o.contains_key("place_name") {
        return Some(MediaKind::Location);
    }
    None
}

/// A message with no text but something else in it (poll, game, invoice, dice).
fn has_other_payload(o: &Map<String, Value>) -> bool {
    [
        "poll",
        "game_title",
        "invoice_information",
        "dice",
        "todo_list",
    ]
    .iter()
    .any(|k| o.contains_key(*k))
}
