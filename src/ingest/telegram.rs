//! Reader for Telegram Desktop's JSON export (`result.json`): a single chat (`messages` at
//! the top) or a full account (`chats.list` and `left_chats.list`, one conversation per chat).
//!
//! Times come from `date_unixtime` (UTC) when present, else from `date` (local wall time).
//! `text` is a string or an array of strings and `{type, text}` parts, joined. Service
//! messages (`actor`, `action`) are system messages, except `phone_call`, which is a call.
//! Every message object is one record for the no-loss accounting.

use super::build::{json_shape_error, local_time, parse_json, ConversationBuilder};
use super::IngestOptions;
use crate::chat::{conversation_id, Conversation, Format, MediaKind, MessageKind, Timestamp};
use crate::error::Result;
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
    let root = parse_json(display, text)?;
    let root = root
        .as_object()
        .ok_or_else(|| json_shape_error(display, "top level is not an object"))?;
    let mut out = Vec::new();
    if root.contains_key("chats") {
        for key in ["chats", "left_chats"] {
            let Some(section) = root.get(key) else {
                continue;
            };
            let list = section
                .get("list")
                .and_then(|l| l.as_array())
                .ok_or_else(|| {
                    json_shape_error(display, &format!("`{key}.list` is not an array"))
                })?;
            for (i, chat) in list.iter().enumerate() {
                let chat = chat.as_object().ok_or_else(|| {
                    json_shape_error(display, &format!("`{key}.list[{i}]` is not an object"))
                })?;
                // A listed chat without a message list has no records to read.
                if chat.contains_key("messages") {
                    out.push(parse_chat(format, display, chat, opts)?);
                }
            }
        }
    } else if root.contains_key("messages") {
        out.push(parse_chat(format, display, root, opts)?);
    } else {
        return Err(json_shape_error(
            display,
            "neither `messages` nor `chats` found",
        ));
    }
    Ok(out)
}

fn parse_chat(
    format: Format,
    display: &str,
    chat: &Map<String, Value>,
    opts: &IngestOptions,
) -> Result<Conversation> {
    let messages = chat
        .get("messages")
        .and_then(|m| m.as_array())
        .ok_or_else(|| json_shape_error(display, "a chat's `messages` is not an array"))?;
    let name = chat
        .get("name")
        .and_then(|n| n.as_str())
        .map(str::to_string);
    let mut b = ConversationBuilder::new(display, format);
    b.set_title(name.clone());
    b.add_units(messages.len());
    // Telegram message id → our index, to link replies (`reply_to_message_id`).
    let mut index_of: HashMap<i64, usize> = HashMap::new();
    for (i, m) in messages.iter().enumerate() {
        match push_message(&mut b, m, i + 1, opts) {
            Ok(()) => link_reply(&mut b, m, &mut index_of),
            Err(reason) => b.warn(0, i + 1, 1, reason),
        }
    }
    let mut conv = b.finish();
    // Two chats of one account may share a name: key the id on the chat id too.
    if let Some(id) = chat.get("id").filter(|v| !v.is_null()) {
        conv.id = conversation_id(&format!("{display}#{id}"), name.as_deref());
    }
    Ok(conv)
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
                MessageKind::System
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
    let unix = o.get("date_unixtime").and_then(|d| match d {
        Value::String(s) => s.parse::<i64>().ok(),
        Value::Number(n) => n.as_i64(),
        _ => None,
    });
    if let Some(secs) = unix {
        return Timestamp::from_unix(secs, 0);
    }
    let date = o.get("date")?.as_str()?;
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
            "voice_message" | "audio_file" => MediaKind::Audio,
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
