//! Reader for DiscordChatExporter exports: JSON (`guild`, `channel`, `messages` with ISO
//! timestamps carrying their offset) and CSV (`AuthorID,Author,Date,Content,Attachments,
//! Reactions`, older versions `Author,Date,Content,Attachments`; dates in the exporting
//! machine's locale and local time, day- or month-first decided over the whole file; quoted
//! multi-line fields; system events written as their fallback text, e.g. `Started a call
//! that lasted 3 minutes.`).
//!
//! JSON: each message object is one record. Senders are the author's `nickname` (the name
//! shown in the channel) or else `name`. `Call` messages become calls lasting until
//! `callEndedTimestamp`; the other non-default types (`RecipientAdd`, `ChannelPinnedMessage`,
//! ...) are system messages, or group events where they say who joined, left, was added or
//! removed, or a rename. Reactions (and, in JSON, edits at `timestampEdited`) become events
//! after their message; reactors the export only counts become one sender-less event. CSV:
//! units are physical lines; the header row is accounted as a warning, each row as one
//! message spanning its lines.
//!
//! Both are written oldest first, and kept in file order: re-sorting local wall times would
//! shuffle the repeated hour when clocks go back.

use super::build::{json_shape_error, local_time, media_kind_from_name, ConversationBuilder};
use super::jsonstream::{self, Event, Mode, Seg};
use super::{events, DateOrder, IngestOptions};
use crate::chat::{
    unnamed_reactions_text, Conversation, Format, GroupEvent, MediaKind, MessageKind, Timestamp,
};
use crate::error::{Error, Position, Result};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::LazyLock;

/// The columns DiscordChatExporter writes to CSV: `AuthorID,Author,Date,Content,Attachments,
/// Reactions` today; older versions wrote `Author,Date,Content,Attachments`.
const CSV_COLUMNS: [&str; 6] = [
    "AuthorID",
    "Author",
    "Date",
    "Content",
    "Attachments",
    "Reactions",
];

/// Where the fields this reader uses sit in one CSV file, from its header row.
struct Columns {
    author: usize,
    date: usize,
    content: usize,
    attachments: Option<usize>,
    reactions: Option<usize>,
}

impl Columns {
    fn from_header<'a>(cells: impl IntoIterator<Item = &'a str>) -> Option<Columns> {
        let cells: Vec<&str> = cells
            .into_iter()
            .map(|c| c.trim().trim_matches('"'))
            .collect();
        if cells.len() < 3 || !cells.iter().all(|c| CSV_COLUMNS.contains(c)) {
            return None;
        }
        let at = |name: &str| cells.iter().position(|c| *c == name);
        Some(Columns {
            author: at("Author")?,
            date: at("Date")?,
            content: at("Content")?,
            attachments: at("Attachments"),
            reactions: at("Reactions"),
        })
    }
}

/// The format of `text` if it is one this module reads (checked by content).
pub fn detect(text: &str) -> Option<Format> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        let mut end = trimmed.len().min(8 * 1024);
        while !trimmed.is_char_boundary(end) {
            end -= 1;
        }
        let head = &trimmed[..end];
        let dce = head.contains("\"guild\"") && head.contains("\"channel\"");
        return dce.then_some(Format::DiscordJson);
    }
    let first = text.lines().next()?;
    Columns::from_header(first.split(','))
        .is_some()
        .then_some(Format::DiscordCsv)
}

/// Parses one input of a format `detect` returned.
pub fn parse(
    format: Format,
    display: &str,
    text: &str,
    opts: &IngestOptions,
) -> Result<Vec<Conversation>> {
    match format {
        Format::DiscordCsv => parse_csv(display, text, opts),
        _ => parse_json_export(display, text),
    }
}

fn parse_json_export(display: &str, text: &str) -> Result<Vec<Conversation>> {
    let mut out = Vec::new();
    let mut reader = JsonStream::new(display);
    jsonstream::walk_str(display, text, json_mode, |p, e| reader.event(p, e))?;
    out.push(reader.finish()?);
    Ok(out)
}

/// Parses a DiscordChatExporter JSON export read from `source` a record at a time (memory
/// follows the conversation, not the file) and hands it to `emit`.
pub fn parse_json_stream(
    display: &str,
    source: impl std::io::Read,
    mut emit: impl FnMut(Conversation) -> Result<()>,
) -> Result<()> {
    let mut reader = JsonStream::new(display);
    jsonstream::walk_reader(display, source, json_mode, |p, e| reader.event(p, e))?;
    emit(reader.finish()?)
}

/// What the walker reads: `guild` and `channel` (for the title) and each message whole.
fn json_mode(path: &[Seg]) -> Mode {
    match (path.len(), path.first().and_then(Seg::key)) {
        (0, _) | (1, Some("messages")) => Mode::Descend,
        (1, Some("guild" | "channel")) | (2, Some("messages")) => Mode::Take,
        _ => Mode::Skip,
    }
}

/// The state of a walk over one JSON export.
struct JsonStream<'a> {
    display: &'a str,
    b: ConversationBuilder,
    guild: Option<String>,
    channel: Option<String>,
    has_messages: bool,
    /// Discord message id → our index, to link replies (`reference.messageId`).
    index_of: HashMap<String, usize>,
}

impl<'a> JsonStream<'a> {
    fn new(display: &'a str) -> Self {
        JsonStream {
            display,
            b: ConversationBuilder::new(display, Format::DiscordJson),
            guild: None,
            channel: None,
            has_messages: false,
            index_of: HashMap::new(),
        }
    }

    fn event(&mut self, path: &[Seg], event: Event) -> Result<()> {
        let name = |v: &Value| v.get("name").and_then(|n| n.as_str()).map(str::to_string);
        match (path, event) {
            ([], Event::Value(_)) => {
                return Err(json_shape_error(self.display, "top level is not an object"))
            }
            ([Seg::Key(k)], Event::Value(v)) => match k.as_str() {
                "guild" => self.guild = name(&v),
                "channel" => self.channel = name(&v),
                _ => return Err(json_shape_error(self.display, "`messages` is not an array")),
            },
            ([Seg::Key(_)], Event::Open) => self.has_messages = true,
            ([_, Seg::Index(i)], Event::Value(m)) => self.push(&m, i + 1),
            _ => {}
        }
        Ok(())
    }

    fn push(&mut self, m: &Value, record: usize) {
        let b = &mut self.b;
        b.add_units(1);
        if let Err(reason) = push_json_message(b, m, record) {
            b.warn(0, record, 1, reason);
            return;
        }
        let index = b.message_count() - 1;
        if let Some(id) = m.get("id").and_then(|v| v.as_str()) {
            self.index_of.insert(id.to_string(), index);
        }
        let target = m
            .get("reference")
            .and_then(|r| r.get("messageId"))
            .and_then(|v| v.as_str())
            .and_then(|id| self.index_of.get(id).copied());
        if let (Some(target), Some(last)) = (target, b.last_message_mut()) {
            last.reply_to = Some(target);
        }
    }

    fn finish(mut self) -> Result<Conversation> {
        if !self.has_messages {
            return Err(json_shape_error(self.display, "`messages` is not an array"));
        }
        let title = match (self.guild.as_deref(), self.channel) {
            (Some("Direct Messages") | None, Some(c)) => Some(c),
            (Some(g), Some(c)) => Some(format!("{g} / {c}")),
            (Some(g), None) => Some(g.to_string()),
            (None, None) => None,
        };
        self.b.set_title(title);
        Ok(self.b.finish())
    }
}

fn push_json_message(
    b: &mut ConversationBuilder,
    m: &Value,
    record: usize,
) -> std::result::Result<(), String> {
    let o = m.as_object().ok_or("record is not a JSON object")?;
    let stamp = o
        .get("timestamp")
        .and_then(|t| t.as_str())
        .ok_or("message has no `timestamp`")?;
    let ts = parse_offset_time(stamp).ok_or_else(|| format!("unparseable timestamp {stamp:?}"))?;
    let author = o.get("author").and_then(|a| a.as_object());
    let sender = author.and_then(|a| {
        a.get("nickname")
            .and_then(|n| n.as_str())
            .filter(|n| !n.is_empty())
            .or_else(|| a.get("name").and_then(|n| n.as_str()))
    });
    let content = o
        .get("content")
        .and_then(|c| c.as_str())
        .unwrap_or("")
        .to_string();
    let edited = o.get("timestampEdited").is_some_and(|e| !e.is_null());
    let msg_type = o.get("type").and_then(|t| t.as_str()).unwrap_or("Default");
    let kind = match msg_type {
        "Default" | "Reply" | "ChatInputCommand" | "ContextMenuCommand" => match json_media(o) {
            Some(kind) => MessageKind::Media(kind),
            None => MessageKind::Text,
        },
        "Call" => {
            let ended = o
                .get("callEndedTimestamp")
                .and_then(|t| t.as_str())
                .and_then(|t| DateTime::parse_from_rfc3339(t).ok());
            let started = DateTime::parse_from_rfc3339(stamp).ok();
            let duration_s = match (started, ended) {
                (Some(s), Some(e)) => u32::try_from((e - s).num_seconds().max(0)).ok(),
                _ => None,
            };
            MessageKind::Call { duration_s }
        }
        "RecipientAdd" => MessageKind::Group(GroupEvent::Added),
        "RecipientRemove" => MessageKind::Group(
            events::group_event_from_text(&content).unwrap_or(GroupEvent::Removed),
        ),
        "GuildMemberJoin" => MessageKind::Group(GroupEvent::Joined),
        "ChannelNameChange" => MessageKind::Group(GroupEvent::Subject),
        _ => MessageKind::System,
    };
    let sender = sender.map(|s| b.participant(s));
    b.push(ts, sender, kind, content, edited, 0, record, 1);
    let edited_at = o
        .get("timestampEdited")
        .and_then(|t| t.as_str())
        .and_then(parse_offset_time);
    if let Some(at) = edited_at {
        b.event_on_last(MessageKind::Edit, sender, Some(at), String::new());
    }
    push_json_reactions(b, o);
    Ok(())
}

/// The reactions listed on the message just pushed (`reactions: [{emoji: {name}, count,
/// users: [{name, nickname}]}]`), with no time of their own: one event per listed user; the
/// reactors counted but not listed (older exports list none) become one event without a
/// sender whose text says how many (`❤ ×2`).
fn push_json_reactions(b: &mut ConversationBuilder, o: &Map<String, Value>) {
    let Some(reactions) = o.get("reactions").and_then(|r| r.as_array()) else {
        return;
    };
    for r in reactions {
        let emoji = r
            .get("emoji")
            .and_then(|e| e.get("name"))
            .and_then(|n| n.as_str())
            .unwrap_or("reaction")
            .to_string();
        let users = r.get("users").and_then(|u| u.as_array());
        let mut named = 0u64;
        for user in users.into_iter().flatten() {
            let name = user
                .get("nickname")
                .and_then(|n| n.as_str())
                .filter(|n| !n.is_empty())
                .or_else(|| user.get("name").and_then(|n| n.as_str()));
            if let Some(name) = name {
                named += 1;
                let sender = Some(b.participant(name));
                b.event_on_last(MessageKind::Reaction, sender, None, emoji.clone());
            }
        }
        let count = r.get("count").and_then(|c| c.as_u64()).unwrap_or(named);
        push_unnamed_reactions(b, &emoji, count.saturating_sub(named));
    }
}

/// `count` reactions `emoji` whose reactors the export does not name, as one event.
fn push_unnamed_reactions(b: &mut ConversationBuilder, emoji: &str, count: u64) {
    if count > 0 {
        let text = unnamed_reactions_text(emoji, count);
        b.event_on_last(MessageKind::Reaction, None, None, text);
    }
}

/// The CSV `Reactions` cell: `👍 (3),❤ (1)`, reactors not named.
fn push_csv_reactions(b: &mut ConversationBuilder, cell: &str) {
    for item in cell.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (emoji, count) = match item.rsplit_once(" (") {
            Some((emoji, n)) => match n.strip_suffix(')').and_then(|n| n.parse().ok()) {
                Some(n) => (emoji, n),
                None => (item, 1),
            },
            None => (item, 1),
        };
        push_unnamed_reactions(b, emoji, count);
    }
}

fn json_media(o: &Map<String, Value>) -> Option<MediaKind> {
    let first = |k: &str| o.get(k).and_then(|a| a.as_array()).and_then(|a| a.first());
    if let Some(att) = first("attachments") {
        let name = att
            .get("fileName")
            .or_else(|| att.get("url"))
            .and_then(|n| n.as_str())
            .unwrap_or("");
        return Some(media_kind_from_name(name));
    }
    first("stickers").map(|_| MediaKind::Sticker)
}

/// An ISO 8601 time with offset (`2019-01-04T17:52:39.762+00:00`), offset kept.
fn parse_offset_time(s: &str) -> Option<Timestamp> {
    let dt = DateTime::parse_from_rfc3339(s).ok()?;
    Some(Timestamp {
        wall: dt.naive_local(),
        offset_s: Some(dt.offset().local_minus_utc()),
    })
}

static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})\.?,? +(\d{1,2}):(\d{2})(?::(\d{2}))? ?([AaPp]\.? ?[Mm]\.?)?$",
    )
    .expect("valid regex")
});
static NAMED_MONTH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(\d{1,2})-([A-Za-z]{3})-(\d{2,4}) +(\d{1,2}):(\d{2})(?::(\d{2}))? ?([AaPp][Mm])?$",
    )
    .expect("valid regex")
});

/// Day-first or month-first for the numeric dates of one CSV file: a field above 12 decides;
/// otherwise AM/PM (the US short pattern) means month-first, else day-first.
fn csv_date_order(dates: &[&str], opts: &IngestOptions) -> DateOrder {
    if opts.date_order != DateOrder::Auto {
        return opts.date_order;
    }
    let mut ampm = false;
    for d in dates {
        if let Some(c) = NUMERIC_DATE.captures(d) {
            if c[1].len() == 4 {
                return DateOrder::Ymd;
            }
            let (a, b): (u32, u32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
            if a > 12 {
                return DateOrder::Dmy;
            }
            if b > 12 {
                return DateOrder::Mdy;
            }
            ampm |= c.get(7).is_some();
        }
    }
    if ampm {
        DateOrder::Mdy
    } else {
        DateOrder::Dmy
    }
}

fn parse_csv_date(s: &str, order: DateOrder, opts: &IngestOptions) -> Option<Timestamp> {
    let s = s.trim();
    if let Some(ts) = parse_offset_time(s) {
        return Some(ts);
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(wall) = NaiveDateTime::parse_from_str(s, f) {
            return Some(local_time(wall, opts));
        }
    }
    let num = |x: &str| x.parse::<u32>().ok();
    let (date, h, mi, sec, ampm) = if let Some(c) = NAMED_MONTH_DATE.captures(s) {
        let month = month_number(&c[2])?;
        let year = full_year(c[3].parse().ok()?);
        let date = NaiveDate::from_ymd_opt(year, month, num(&c[1])?)?;
        (
            date,
            num(&c[4])?,
            num(&c[5])?,
            c.get(6).map_or(Some(0), |m| num(m.as_str()))?,
            c.get(7).map(|m| m.as_str().to_ascii_lowercase()),
        )
    } else {
        let c = NUMERIC_DATE.captures(s)?;
        let (a, b, y) = (num(&c[1])?, num(&c[2])?, num(&c[3])?);
        let date = match order {
            DateOrder::Ymd => NaiveDate::from_ymd_opt(full_year(a as i32), b, y)?,
            DateOrder::Mdy => NaiveDate::from_ymd_opt(full_year(y as i32), a, b)?,
            _ => NaiveDate::from_ymd_opt(full_year(y as i32), b, a)?,
        };
        let ampm = c
            .get(7)
            .map(|m| m.as_str().to_ascii_lowercase().replace(['.', ' '], ""));
        (
            date,
            num(&c[4])?,
            num(&c[5])?,
            c.get(6).map_or(Some(0), |m| num(m.as_str()))?,
            ampm,
        )
    };
    let h = match ampm.as_deref() {
        Some("pm") if h < 12 => h + 12,
        Some("am") if h == 12 => 0,
        _ => h,
    };
    let time = NaiveTime::from_hms_opt(h, mi, sec)?;
    Some(local_time(date.and_time(time), opts))
}

fn full_year(y: i32) -> i32 {
    if y < 100 {
        2000 + y
    } else {
        y
    }
}

fn month_number(m: &str) -> Option<u32> {
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let m = m.to_ascii_lowercase();
    months.iter().position(|x| *x == m).map(|i| i as u32 + 1)
}

/// DiscordChatExporter writes system notifications into CSV as fallback text.
fn csv_kind(content: &str, attachments: &str) -> MessageKind {
    static CALL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^Started a call(?: that lasted ([\d,]+) minutes?)?\.$").expect("valid regex")
    });
    if let Some(c) = CALL.captures(content) {
        let minutes = c
            .get(1)
            .and_then(|m| m.as_str().replace(',', "").parse::<u32>().ok());
        return MessageKind::Call {
            duration_s: minutes.map(|m| m.saturating_mul(60)),
        };
    }
    let system = content == "Pinned a message."
        || content == "Changed the channel icon."
        || content == "Joined the server."
        || content == "Started a thread."
        || content.starts_with("Changed the channel name: ")
        || (content.starts_with("Added ") && content.ends_with(" to the group."))
        || (content.starts_with("Removed ") && content.ends_with(" from the group."))
        || content == "Left the group.";
    if system {
        return events::group_event_from_text(content)
            .map_or(MessageKind::System, MessageKind::Group);
    }
    match attachments
        .split(',')
        .map(str::trim)
        .find(|a| !a.is_empty())
    {
        Some(first) => MessageKind::Media(media_kind_from_name(first)),
        None => MessageKind::Text,
    }
}

fn parse_csv(display: &str, text: &str, opts: &IngestOptions) -> Result<Vec<Conversation>> {
    let total_lines = text.lines().count();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows: Vec<(usize, csv::StringRecord)> = Vec::new();
    let (mut seen_byte, mut seen_line) = (0usize, 1usize);
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            Error::input(
                display,
                Some(Position::Line(line)),
                format!("unreadable CSV: {e}"),
            )
        })?;
        // Line numbers from byte offsets: the csv crate counts `\r\n` unlike `lines()`.
        let mut byte = rec
            .position()
            .map_or(0, |p| p.byte() as usize)
            .min(text.len());
        // A record may be reported at the `\n` of the previous `\r\n`.
        while text
            .as_bytes()
            .get(byte)
            .is_some_and(|&c| c == b'\r' || c == b'\n')
        {
            byte += 1;
        }
        if byte > seen_byte {
            seen_line += memchr::memchr_iter(b'\n', &text.as_bytes()[seen_byte..byte]).count();
            seen_byte = byte;
        }
        rows.push((seen_line, rec));
    }
    let mut b = ConversationBuilder::new(display, Format::DiscordCsv);
    b.add_units(total_lines);
    let columns = rows
        .first()
        .and_then(|(_, header)| Columns::from_header(header.iter()))
        .ok_or_else(|| {
            Error::input(
                display,
                Some(Position::Line(1)),
                "not a DiscordChatExporter CSV: no Author, Date and Content header",
            )
        })?;
    let dates: Vec<&str> = rows
        .iter()
        .skip(1)
        .filter_map(|(_, r)| r.get(columns.date))
        .take(5000)
        .collect();
    let order = csv_date_order(&dates, opts);
    let first_line = rows.first().map_or(total_lines + 1, |(l, _)| *l);
    if first_line > 1 && total_lines > 0 {
        b.warn(
            0,
            1,
            (first_line - 1).min(total_lines),
            "blank lines before the CSV header",
        );
    }
    for (k, (line, rec)) in rows.iter().enumerate() {
        let next = rows.get(k + 1).map_or(total_lines + 1, |(l, _)| *l);
        // 0 when the next record starts on the same line (records split by a lone `\r`,
        // which `lines()` does not count): the line is accounted once, by the last of them.
        let lines = next.saturating_sub(*line);
        if k == 0 {
            b.warn(0, *line, lines, "CSV header row (not a message)");
            continue;
        }
        let needed = columns.author.max(columns.date).max(columns.content) + 1;
        if rec.len() < needed {
            b.warn(
                0,
                *line,
                lines,
                format!(
                    "CSV row with {} fields, expected {needed} or more",
                    rec.len()
                ),
            );
            continue;
        }
        let author = rec.get(columns.author).unwrap_or("").trim();
        let date = rec.get(columns.date).unwrap_or("");
        let Some(ts) = parse_csv_date(date, order, opts) else {
            b.warn(0, *line, lines, format!("unparseable date {date:?}"));
            continue;
        };
        let content = rec.get(columns.content).unwrap_or("").to_string();
        let attachments = columns.attachments.and_then(|a| rec.get(a)).unwrap_or("");
        let kind = csv_kind(&content, attachments);
        let sender = (!author.is_empty()).then(|| b.participant(author));
        b.push(ts, sender, kind, content, false, 0, *line, lines);
        push_csv_reactions(
            &mut b,
            columns.reactions.and_then(|r| rec.get(r)).unwrap_or(""),
        );
    }
    Ok(vec![b.finish()])
}
