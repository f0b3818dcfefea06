//! Reader for Signal exports made by third-party tools (Signal itself has no chat export):
//!
//! - signal-export Markdown, current (`[YYYY-MM-DD HH:MM:SS] Sender: body`, with quotes,
//!   reactions, stickers, attachments, deleted messages and call lines) and old
//!   (`[YYYY-MM-DD, HH:MM]` / `[YYYY-MM-DD HH:MM]`), multi-line bodies;
//! - signal-export `data.json`, JSON Lines (`date, sender, body, quote, sticker, reactions,
//!   attachments, deleted, call, missed`);
//! - sigtop `text` (blocks of `Field: value` lines, body after a blank line);
//! - sigtop `text-short` (`2006-01-02 15:04 Name: body`).
//!
//! Markdown, JSON Lines and text-short record local wall-clock time (no zone); sigtop `text`
//! records the offset in its `Sent:` lines, which we keep. Reactions (`(- Name: ❤️ -)`,
//! `reactions`, `Reaction: ❤️ from Name`) and sigtop's edit times become events after their
//! message, taking no line of their own.

use super::build::{local_time, media_kind_from_name, ConversationBuilder};
use super::IngestOptions;
use crate::chat::{Conversation, Format, MediaKind, MessageKind, Timestamp};
use crate::error::Result;
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use regex::Regex;
use std::sync::LazyLock;

/// How many leading headers detection looks at.
const DETECT_HEADERS: usize = 50;

static MD_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\[(\d{4})-(\d{2})-(\d{2})(,?) (\d{2}):(\d{2})(?::(\d{2}))?\] (.*)$")
        .expect("valid regex")
});
static MD_ATTACHMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(!?)\[([^\]\n]*)\]\((\.{0,2}/?(?:media|exported_stickers)/[^)\n]*)\)\s*")
        .expect("valid regex")
});
static MD_REACTIONS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\(- .*? -\)").expect("valid regex"));
static MD_STICKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(\( (.*) \)\)$").expect("valid regex"));
static CALL_BODY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(Incoming|Outgoing|Missed) (?:(?:voice|video) )?call(?: \(([^)]*)\))?$")
        .expect("valid regex")
});
static CALL_DURATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:(\d+)m )?(\d+)s").expect("valid regex"));
static SHORT_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})|unknown) ([^:]+?):(?: (.*))?$")
        .expect("valid regex")
});
static SHORT_TYPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[([a-z0-9-]+) message\]$").expect("valid regex"));
static SHORT_DETAILS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\[(?:reply to .*? on (?:\d{4}-\d{2}-\d{2} \d{2}:\d{2}|unknown))?(?:(?:, )?(edited))?(?:(?:, )?(\d+) attachments?)?\](?: |$)",
    )
    .expect("valid regex")
});

/// The format of `text` if it is one this module reads (checked by content, first lines only).
pub fn detect(text: &str) -> Option<Format> {
    let first = text.lines().find(|l| !l.trim().is_empty())?;
    if first.starts_with('{') && first.len() < 1 << 20 {
        let v: serde_json::Value = serde_json::from_str(first).ok()?;
        let o = v.as_object()?;
        return ["date", "sender", "body"]
            .iter()
            .all(|k| o.contains_key(*k))
            .then_some(Format::SignalJsonl);
    }
    if first.starts_with("Conversation: ") {
        let mut fields = text.lines().skip(1).take(12);
        if fields.any(|l| l.starts_with("Type: ")) {
            return Some(Format::SigtopText);
        }
        return None;
    }
    if first.starts_with('[') {
        return detect_markdown(text).then_some(Format::SignalMarkdown);
    }
    let headers: Vec<&str> = text
        .lines()
        .take(200)
        .filter(|l| SHORT_HEADER.is_match(l))
        .take(DETECT_HEADERS)
        .collect();
    // WhatsApp never writes `DATE TIME Name:` without ` - ` or brackets; still require the
    // very first line to be a header and no header to carry the WhatsApp separator.
    (SHORT_HEADER
        .captures(first)
        .is_some_and(|c| c.get(1).is_some())
        && headers
            .iter()
            .all(|h| h.get(17..).is_some_and(|rest| !rest.starts_with("- "))))
    .then_some(Format::SigtopTextShort)
}

/// signal-export Markdown shares its bracketed ISO header with some WhatsApp exports
/// (whatstk's `[2019-04-16 02:09] Name: text`, iOS in year-first locales). Any WhatsApp mark in
/// the first lines (U+200E, `<Media omitted>`, `image omitted`, the encryption notice) rules
/// Signal out. Then: the comma form `[YYYY-MM-DD, HH:MM]` (old signal-export) and the form with
/// seconds `[YYYY-MM-DD HH:MM:SS]` (current signal-export) are Signal; the bare
/// `[YYYY-MM-DD HH:MM]` needs Signal evidence in at least half the messages: signal-export
/// ends every body with two spaces (a Markdown line break) or writes its own markers
/// (reactions, media links, deletions).
fn detect_markdown(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().take(2000).collect();
    let first = lines.iter().find(|l| !l.trim().is_empty());
    if !first.is_some_and(|l| MD_HEADER.is_match(l)) {
        return false;
    }
    let mut headers = 0usize;
    let mut comma = 0usize;
    let mut seconds = 0usize;
    let mut evidence = 0usize;
    let mut messages = 0usize;
    let mut last_line_of_msg: Option<&str> = None;
    for line in &lines {
        if let Some(c) = MD_HEADER.captures(line) {
            headers += 1;
            if !c[4].is_empty() && c.get(7).is_none() {
                comma += 1;
            }
            if c[4].is_empty() && c.get(7).is_some() {
                seconds += 1;
            }
            if let Some(prev) = last_line_of_msg.take() {
                messages += 1;
                evidence += usize::from(signal_evidence(prev));
            }
            last_line_of_msg = Some(line);
            if headers > DETECT_HEADERS {
                break;
            }
        } else if headers > 0 {
            if looks_like_whatsapp(line) {
                return false;
            }
            last_line_of_msg = Some(line);
        }
    }
    if headers == 0 || lines.iter().any(|l| looks_like_whatsapp(l)) {
        return false;
    }
    if let Some(prev) = last_line_of_msg {
        messages += 1;
        evidence += usize::from(signal_evidence(prev));
    }
    comma == headers || seconds == headers || evidence * 2 >= messages.max(1)
}

fn signal_evidence(last_line: &str) -> bool {
    last_line.ends_with("  ")
        || last_line.contains("(This message was deleted)")
        || MD_REACTIONS.is_match(last_line)
        || MD_ATTACHMENT.is_match(last_line)
}

fn looks_like_whatsapp(line: &str) -> bool {
    const PLACEHOLDERS: [&str; 7] = [
        "image omitted",
        "video omitted",
        "audio omitted",
        "sticker omitted",
        "GIF omitted",
        "document omitted",
        "Contact card omitted",
    ];
    line.contains('\u{200e}')
        || line.contains("<Media omitted>")
        || line.contains("are end-to-end encrypted")
        || PLACEHOLDERS.iter().any(|p| line.trim_end().ends_with(p))
}

/// Parses one input of a format `detect` returned.
pub fn parse(
    format: Format,
    display: &str,
    text: &str,
    opts: &IngestOptions,
) -> Result<Vec<Conversation>> {
    let mut b = ConversationBuilder::new(display, format);
    match format {
        Format::SignalJsonl => parse_jsonl(&mut b, text, opts),
        Format::SigtopText => parse_sigtop_text(&mut b, text),
        Format::SigtopTextShort => parse_text_short(&mut b, text, opts),
        _ => parse_markdown(&mut b, text, opts),
    }
    Ok(vec![b.finish()])
}

/// A message being assembled from a header line and its continuation lines.
struct Pending {
    line: usize,
    /// `None` when the export wrote no usable time.
    wall: Option<NaiveDateTime>,
    sender: Option<String>,
    body: Vec<String>,
}

/// The line loop the two line-oriented formats share: a line that `header` reads as a
/// message header starts a message; other lines continue it or, before the first header,
/// are reported together as one warning. `flush` turns a finished block into a message.
fn parse_blocks(
    b: &mut ConversationBuilder,
    text: &str,
    opts: &IngestOptions,
    header: impl Fn(&str, usize) -> Option<Pending>,
    flush: fn(&mut ConversationBuilder, Option<Pending>, usize, &IngestOptions),
) {
    let mut pending: Option<Pending> = None;
    let mut orphans: Option<(usize, usize)> = None;
    let mut n = 0;
    for (i, line) in text.lines().enumerate() {
        n += 1;
        let line_no = i + 1;
        if let Some(next) = header(line, line_no) {
            if let Some((line, lines)) = orphans.take() {
                b.warn(0, line, lines, "text before the first message header");
            }
            flush(b, pending.replace(next), line_no, opts);
            continue;
        }
        match pending.as_mut() {
            Some(p) => p.body.push(line.to_string()),
            None => {
                let o = orphans.get_or_insert((line_no, 0));
                o.1 += 1;
            }
        }
    }
    if let Some((line, lines)) = orphans {
        b.warn(0, line, lines, "text before the first message header");
    }
    flush(b, pending, n + 1, opts);
    b.add_units(n);
}

fn parse_markdown(b: &mut ConversationBuilder, text: &str, opts: &IngestOptions) {
    parse_blocks(b, text, opts, markdown_header, flush_markdown);
}

/// A signal-export Markdown header line as the start of a message. An impossible date
/// (`2020-02-30`) still starts a block; it becomes a warning when flushed.
fn markdown_header(line: &str, line_no: usize) -> Option<Pending> {
    let c = MD_HEADER.captures(line)?;
    let wall = ymd_hms(
        &c[1],
        &c[2],
        &c[3],
        &c[5],
        &c[6],
        c.get(7).map(|m| m.as_str()),
    );
    let rest = &c[8];
    let (sender, body) = match rest.split_once(": ") {
        Some((s, body)) => (Some(s.trim().to_string()), body.to_string()),
        None => match rest.trim_end().strip_suffix(':') {
            Some(s) => (Some(s.trim().to_string()), String::new()),
            None => (None, rest.to_string()),
        },
    };
    Some(Pending {
        line: line_no,
        wall,
        sender,
        body: vec![body],
    })
}

fn flush_markdown(
    b: &mut ConversationBuilder,
    p: Option<Pending>,
    next_line: usize,
    opts: &IngestOptions,
) {
    let Some(p) = p else { return };
    let lines = next_line - p.line;
    let Some(wall) = p.wall else {
        b.warn(0, p.line, lines, "unparseable date in message header");
        return;
    };
    let mut body: Vec<&str> = p.body.iter().map(|s| s.as_str()).collect();
    // A quote: the header line's body is empty, then a blank line, `> ` lines, a blank line.
    if body.len() > 2
        && body[0].trim().is_empty()
        && body[1].trim().is_empty()
        && body[2].starts_with('>')
    {
        let mut k = 2;
        while k < body.len() && body[k].starts_with('>') {
            k += 1;
        }
        while k < body.len() && body[k].trim().is_empty() {
            k += 1;
        }
        body.drain(..k);
    }
    let mut media: Option<MediaKind> = None;
    let mut kept: Vec<String> = Vec::with_capacity(body.len());
    let mut reactions: Vec<(String, String)> = Vec::new();
    for line in body {
        let line = line.trim_end();
        if MD_STICKER.is_match(line) {
            media.get_or_insert(MediaKind::Sticker);
            continue;
        }
        for m in MD_REACTIONS.find_iter(line) {
            reactions.extend(markdown_reactions(m.as_str()));
        }
        let without_reactions = MD_REACTIONS.replace_all(line, "");
        let mut rest = String::with_capacity(without_reactions.len());
        let mut last = 0;
        for c in MD_ATTACHMENT.captures_iter(&without_reactions) {
            let m = c.get(0).map_or(0..0, |m| m.range());
            rest.push_str(&without_reactions[last..m.start]);
            last = m.end;
            let path = &c[3];
            let kind = if path.contains("exported_stickers") {
                MediaKind::Sticker
            } else if &c[1] == "!" {
                match media_kind_from_name(path) {
                    MediaKind::Gif => MediaKind::Gif,
                    _ => MediaKind::Image,
                }
            } else {
                first_known(media_kind_from_name(&c[2]), media_kind_from_name(path))
            };
            media.get_or_insert(kind);
        }
        rest.push_str(&without_reactions[last..]);
        let had_markup = rest.len() != line.len();
        let rest = rest.trim_end();
        if had_markup && rest.is_empty() {
            continue;
        }
        kept.push(rest.to_string());
    }
    while kept.last().is_some_and(|l| l.trim().is_empty()) {
        kept.pop();
    }
    let leading_blank = kept.iter().take_while(|l| l.trim().is_empty()).count();
    kept.drain(..leading_blank);
    let text = kept.join("\n");
    let kind = body_kind(&text, media);
    let sender = p.sender.map(|s| b.participant(&s));
    let kind = if sender.is_none() && kind == MessageKind::Text {
        MessageKind::System
    } else {
        kind
    };
    b.push(
        local_time(wall, opts),
        sender,
        kind,
        text,
        false,
        0,
        p.line,
        lines,
    );
    for (who, emoji) in reactions {
        let reactor = Some(b.participant(&who));
        b.event_on_last(MessageKind::Reaction, reactor, None, emoji);
    }
}

/// The reactors and emoji of one `(- Alice: ❤️, Bob: 👍 -)` group.
fn markdown_reactions(group: &str) -> Vec<(String, String)> {
    let inner = group
        .strip_prefix("(- ")
        .and_then(|g| g.strip_suffix(" -)"))
        .unwrap_or("");
    inner
        .split(", ")
        .filter_map(|r| r.rsplit_once(": "))
        .filter(|(who, emoji)| !who.trim().is_empty() && !emoji.trim().is_empty())
        .map(|(who, emoji)| (who.trim().to_string(), emoji.trim().to_string()))
        .collect()
}

/// `a`, unless it is `Unknown`: then `b` (a file name may tell what a path does not).
fn first_known(a: MediaKind, b: MediaKind) -> MediaKind {
    if a == MediaKind::Unknown {
        b
    } else {
        a
    }
}

/// The kind of a signal-export body: deleted, a call line, media or text.
fn body_kind(text: &str, media: Option<MediaKind>) -> MessageKind {
    if text == "(This message was deleted)" {
        return MessageKind::Deleted;
    }
    if media.is_none() {
        if let Some(call) = call_kind(text) {
            return call;
        }
    }
    match media {
        Some(m) => MessageKind::Media(m),
        None => MessageKind::Text,
    }
}

/// signal-export's call lines: `Incoming voice call (accepted, 2m 5s)`, `Missed video call`,
/// `Outgoing call (unanswered)`.
fn call_kind(text: &str) -> Option<MessageKind> {
    let c = CALL_BODY.captures(text.trim())?;
    let detail = c.get(2).map_or("", |m| m.as_str());
    let duration_s = if &c[1] == "Missed"
        || detail.contains("unanswered")
        || detail.contains("declined")
        || detail.contains("missed")
    {
        Some(0)
    } else {
        CALL_DURATION.captures(detail).and_then(|d| {
            let m: u32 = d.get(1).map_or(Some(0), |m| m.as_str().parse().ok())?;
            let s: u32 = d[2].parse().ok()?;
            Some(m * 60 + s)
        })
    };
    Some(MessageKind::Call { duration_s })
}

fn ymd_hms(
    y: &str,
    mo: &str,
    d: &str,
    h: &str,
    mi: &str,
    s: Option<&str>,
) -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, mo.parse().ok()?, d.parse().ok()?)?.and_hms_opt(
        h.parse().ok()?,
        mi.parse().ok()?,
        s.map_or(Some(0), |s| s.parse().ok())?,
    )
}

fn parse_jsonl(b: &mut ConversationBuilder, text: &str, opts: &IngestOptions) {
    let mut n = 0;
    for (i, line) in text.lines().enumerate() {
        n += 1;
        let line_no = i + 1;
        if line.trim().is_empty() {
            b.warn(0, line_no, 1, "blank line");
            continue;
        }
        let v: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                b.warn(0, line_no, 1, format!("not a JSON record: {e}"));
                continue;
            }
        };
        if let Err(reason) = push_jsonl_record(b, &v, line_no, opts) {
            b.warn(0, line_no, 1, reason);
        }
    }
    b.add_units(n);
}

fn push_jsonl_record(
    b: &mut ConversationBuilder,
    v: &serde_json::Value,
    line_no: usize,
    opts: &IngestOptions,
) -> std::result::Result<(), String> {
    let o = v.as_object().ok_or("record is not a JSON object")?;
    let date = o
        .get("date")
        .and_then(|d| d.as_str())
        .ok_or("record has no `date`")?;
    let ts = parse_iso(date, opts).ok_or_else(|| format!("unparseable date {date:?}"))?;
    let sender = o
        .get("sender")
        .and_then(|s| s.as_str())
        .filter(|s| !s.is_empty());
    let body = o.get("body").and_then(|s| s.as_str()).unwrap_or("");
    let flag = |k: &str| o.get(k).and_then(|x| x.as_bool()).unwrap_or(false);
    let attachment = o
        .get("attachments")
        .and_then(|a| a.as_array())
        .and_then(|a| a.first())
        .map(|a| {
            let path = a.get("path").and_then(|p| p.as_str()).unwrap_or("");
            let name = a.get("name").and_then(|p| p.as_str()).unwrap_or("");
            first_known(media_kind_from_name(name), media_kind_from_name(path))
        });
    let sticker = o.get("sticker").is_some_and(|s| match s {
        serde_json::Value::Null => false,
        serde_json::Value::String(s) => !s.is_empty(),
        _ => true,
    });
    let text = body.trim_end().to_string();
    let kind = if flag("deleted") {
        MessageKind::Deleted
    } else if flag("call") {
        if flag("missed") {
            MessageKind::Call {
                duration_s: Some(0),
            }
        } else {
            call_kind(&text).unwrap_or(MessageKind::Call { duration_s: None })
        }
    } else if let Some(kind) = attachment {
        MessageKind::Media(kind)
    } else if sticker {
        MessageKind::Media(MediaKind::Sticker)
    } else {
        // Some signal-export versions leave `call`/`deleted` false and write the line only.
        body_kind(&text, None)
    };
    let sender = sender.map(|s| b.participant(s));
    b.push(ts, sender, kind, text, false, 0, line_no, 1);
    let reactions = o.get("reactions").and_then(|r| r.as_array());
    for r in reactions.into_iter().flatten() {
        // `["Name", "❤️"]`, or `{"author"/"name", "emoji"}` in some versions.
        let (who, emoji) = match r {
            serde_json::Value::Array(pair) => (
                pair.first().and_then(|x| x.as_str()),
                pair.get(1).and_then(|x| x.as_str()),
            ),
            _ => (
                r.get("author")
                    .or_else(|| r.get("name"))
                    .and_then(|x| x.as_str()),
                r.get("emoji").and_then(|x| x.as_str()),
            ),
        };
        if let Some(emoji) = emoji {
            let reactor = who.filter(|w| !w.is_empty()).map(|w| b.participant(w));
            b.event_on_last(MessageKind::Reaction, reactor, None, emoji.to_string());
        }
    }
    Ok(())
}

/// `2024-01-02T10:11:12[.ffffff][+01:00]`: an offset when written, else local time.
fn parse_iso(s: &str, opts: &IngestOptions) -> Option<Timestamp> {
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(Timestamp {
            wall: dt.naive_local(),
            offset_s: Some(dt.offset().local_minus_utc()),
        });
    }
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f"))
        .ok()
        .map(|wall| local_time(wall, opts))
}

/// sigtop `text`: a `Conversation:` line, a blank line, then one block per message:
/// `From:`/`Type:`/`Sent:`/`Received:`/`Attachment:`/`Reaction:`/`Edited:` fields, an optional
/// quote (`>` lines), the body after a blank line, an edit history (`|` lines) and a blank line.
fn parse_sigtop_text(b: &mut ConversationBuilder, text: &str) {
    let lines: Vec<&str> = text.lines().collect();
    b.add_units(lines.len());
    if let Some(title) = lines.first().and_then(|l| l.strip_prefix("Conversation: ")) {
        b.set_title(Some(title.trim().to_string()));
    }
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            i > 0
                && lines[i - 1].is_empty()
                && (lines[i].starts_with("Type: ")
                    || (lines[i].starts_with("From: ")
                        && lines.get(i + 1).is_some_and(|l| l.starts_with("Type: "))))
        })
        .collect();
    let head = starts.first().copied().unwrap_or(lines.len());
    if head > 0 {
        b.warn(0, 1, head, "conversation header (not a message)");
    }
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        let block = &lines[start..end];
        if let Err(reason) = push_sigtop_block(b, block, start + 1) {
            b.warn(0, start + 1, block.len(), reason);
        }
    }
}

fn push_sigtop_block(
    b: &mut ConversationBuilder,
    block: &[&str],
    line_no: usize,
) -> std::result::Result<(), &'static str> {
    let fields_end = block
        .iter()
        .position(|l| l.is_empty())
        .unwrap_or(block.len());
    let mut from = None;
    let mut kind_field = "";
    let mut sent = None;
    let mut received = None;
    let mut media = None;
    let mut edited = false;
    let mut reactions: Vec<(&str, &str)> = Vec::new();
    for f in &block[..fields_end] {
        let Some((key, value)) = f.split_once(": ") else {
            continue;
        };
        match key {
            "From" => from = Some(value),
            "Type" => kind_field = value,
            "Sent" => sent = parse_rfc2822(value),
            "Received" => received = parse_rfc2822(value),
            "Attachment" => {
                let mime = value
                    .rsplit_once(" (")
                    .map(|(_, m)| m.split([',', ')']).next().unwrap_or(""))
                    .unwrap_or("");
                let name = value.rsplit_once(" (").map_or(value, |(n, _)| n);
                media.get_or_insert(first_known(
                    media_kind_from_name(mime),
                    media_kind_from_name(name),
                ));
            }
            "Edited" => edited = true,
            "Reaction" => {
                if let Some((emoji, who)) = value.split_once(" from ") {
                    reactions.push((emoji, who));
                }
            }
            _ => {}
        }
    }
    let ts = sent
        .or(received)
        .ok_or("message block without a readable Sent or Received time")?;
    let mut rest = &block[fields_end..];
    // Quote: a blank line, then `>` lines.
    if rest.len() > 1 && rest[0].is_empty() && rest[1].starts_with('>') {
        let q = rest[1..].iter().take_while(|l| l.starts_with('>')).count();
        rest = &rest[1 + q..];
    }
    let body: Vec<&str> = if edited {
        // Newest version first: `|Version: N`, `|Field:` lines, `|`, then `| body` lines.
        let first = rest.iter().position(|l| l.starts_with("|Version: "));
        match first {
            Some(v) => rest[v + 1..]
                .iter()
                .take_while(|l| !l.starts_with("|Version: "))
                .filter_map(|l| l.strip_prefix("| "))
                .collect(),
            None => Vec::new(),
        }
    } else {
        let mut body = rest;
        if body.first().is_some_and(|l| l.is_empty()) {
            body = &body[1..];
        }
        body.to_vec()
    };
    let mut body = body;
    while body.last().is_some_and(|l| l.is_empty()) {
        body.pop();
    }
    let text = body.join("\n");
    let kind = match kind_field {
        "incoming" | "outgoing" => match media {
            Some(m) => MessageKind::Media(m),
            None => MessageKind::Text,
        },
        "call-history" => MessageKind::Call { duration_s: None },
        _ => MessageKind::System,
    };
    let text = if text.is_empty() && kind == MessageKind::System {
        format!("[{kind_field} message]")
    } else {
        text
    };
    let sender = from.map(|f| b.participant(f.trim()));
    b.push(ts, sender, kind, text, edited, 0, line_no, block.len());
    // The newest version's `|Sent:` is when the message was last edited.
    let edited_at = rest
        .iter()
        .find_map(|l| l.strip_prefix("|Sent: "))
        .filter(|_| edited)
        .and_then(parse_rfc2822);
    if let Some(at) = edited_at {
        b.event_on_last(MessageKind::Edit, sender, Some(at), String::new());
    }
    for (emoji, who) in reactions {
        let reactor = Some(b.participant(who.trim()));
        b.event_on_last(
            MessageKind::Reaction,
            reactor,
            None,
            emoji.trim().to_string(),
        );
    }
    Ok(())
}

/// `Mon, 2 Jan 2006 15:04:05 -0700`: wall time with its recorded offset.
fn parse_rfc2822(s: &str) -> Option<Timestamp> {
    let dt = DateTime::parse_from_rfc2822(s.trim()).ok()?;
    Some(Timestamp {
        wall: dt.naive_local(),
        offset_s: Some(dt.offset().local_minus_utc()),
    })
}

/// sigtop `text-short`: `2006-01-02 15:04 Name: [details] body`, body lines continue until
/// the next header.
fn parse_text_short(b: &mut ConversationBuilder, text: &str, opts: &IngestOptions) {
    parse_blocks(b, text, opts, short_header, flush_short);
}

/// A text-short header line as the start of a message. sigtop writes `unknown` for a
/// missing time (such a message becomes a warning); a header with an impossible date is
/// not a header.
fn short_header(line: &str, line_no: usize) -> Option<Pending> {
    let c = SHORT_HEADER.captures(line)?;
    let wall = match c.get(1) {
        Some(_) => Some(ymd_hms(&c[1], &c[2], &c[3], &c[4], &c[5], None)?),
        None => None,
    };
    Some(Pending {
        line: line_no,
        wall,
        sender: Some(c[6].trim().to_string()),
        body: vec![c.get(7).map_or("", |m| m.as_str()).to_string()],
    })
}

fn flush_short(
    b: &mut ConversationBuilder,
    p: Option<Pending>,
    next_line: usize,
    opts: &IngestOptions,
) {
    let Some(p) = p else { return };
    let lines = next_line - p.line;
    let Some(wall) = p.wall else {
        b.warn(0, p.line, lines, "message with an unknown time");
        return;
    };
    let mut text = p.body.join("\n");
    while text.ends_with('\n') {
        text.pop();
    }
    let mut edited = false;
    let mut attachments = 0u32;
    let kind = if let Some(c) = SHORT_TYPE.captures(&text) {
        if &c[1] == "call-history" {
            MessageKind::Call { duration_s: None }
        } else {
            MessageKind::System
        }
    } else if let Some(c) = SHORT_DETAILS.captures(&text) {
        let all = c.get(0).map_or(0, |m| m.end());
        if all > 2 {
            edited = c.get(1).is_some();
            attachments = c.get(2).and_then(|m| m.as_str().parse().ok()).unwrap_or(0);
            text = text[all..].to_string();
        }
        if attachments > 0 {
            MessageKind::Media(MediaKind::Unknown)
        } else {
            MessageKind::Text
        }
    } else {
        MessageKind::Text
    };
    let sender = p.sender.map(|s| b.participant(&s));
    b.push(
        local_time(wall, opts),
        sender,
        kind,
        text,
        edited,
        0,
        p.line,
        lines,
    );
}
