//! Reader for imessage-exporter's TXT export: one block per message, separated by a blank
//! line: a date line (`May 17, 2022  5:29:42 PM`, optionally followed by
//! `(Read by them after 1 hour, 49 seconds)`), a sender line (`Me` or a handle or contact
//! name), then body lines: text, attachment file names, `Reactions:` lists, edit histories
//! (`Edited 1 minute later: ...`) and replies indented by four spaces. A date line followed
//! by text on the same line is an announcement (`... You renamed the conversation to X`).
//!
//! Times are the exporting Mac's local wall time (no zone). Replies become messages of their
//! own (they are written inside the message they answer, so the conversation is put back in
//! time order). Tapbacks (`Loved by Me`) become reaction events after their message, with
//! its time; announcements of renames and members are group events.

use super::build::{local_time, media_kind_from_name, ConversationBuilder};
use super::{events, IngestOptions};
use crate::chat::{Conversation, Format, MediaKind, MessageKind};
use crate::error::Result;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use regex::Regex;
use std::sync::LazyLock;

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}), (\d{4}) +(\d{1,2}):(\d{2}):(\d{2}) ([AP]M)(.*)$",
    )
    .expect("valid regex")
});
static READ_RECEIPT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ \(Read by .* after .*\)$").expect("valid regex"));
static EDITED_LATER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Edited .* later: (.*)$").expect("valid regex"));

const INDENT: &str = "    ";

/// The format of `text` if it is one this module reads (checked by content).
pub fn detect(text: &str) -> Option<Format> {
    let mut lines = text.lines().skip_while(|l| l.trim().is_empty());
    let first = lines.next()?;
    let c = DATE_LINE.captures(first)?;
    let rest = c.get(8).map_or("", |m| m.as_str());
    let second = lines.next().unwrap_or("");
    let message_header = rest.is_empty() || READ_RECEIPT.is_match(rest);
    let ok = if message_header {
        !second.trim().is_empty() // the sender line
    } else {
        rest.starts_with(' ') // an announcement on the date line
    };
    ok.then_some(Format::IMessageText)
}

/// Parses one input of a format `detect` returned.
pub fn parse(
    format: Format,
    display: &str,
    text: &str,
    opts: &IngestOptions,
) -> Result<Vec<Conversation>> {
    let lines: Vec<&str> = text.lines().collect();
    let mut b = ConversationBuilder::new(display, format);
    b.add_units(lines.len());
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| (i == 0 || lines[i - 1].trim().is_empty()) && DATE_LINE.is_match(lines[i]))
        .collect();
    let head = starts.first().copied().unwrap_or(lines.len());
    if head > 0 {
        let blank = lines[..head].iter().all(|l| l.trim().is_empty());
        let reason = if blank {
            "blank lines before the first message"
        } else {
            "text before the first message date line"
        };
        b.warn(0, 1, head, reason);
    }
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        push_block(&mut b, &lines[start..end], start + 1, opts);
    }
    b.sort_by_time();
    Ok(vec![b.finish()])
}

fn parse_date(c: &regex::Captures<'_>) -> Option<NaiveDateTime> {
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = months.iter().position(|m| *m == &c[1])? as u32 + 1;
    let date = NaiveDate::from_ymd_opt(c[3].parse().ok()?, month, c[2].parse().ok()?)?;
    let mut h: u32 = c[4].parse().ok()?;
    match &c[7] {
        "PM" if h < 12 => h += 12,
        "AM" if h == 12 => h = 0,
        _ => {}
    }
    Some(date.and_time(NaiveTime::from_hms_opt(
        h,
        c[5].parse().ok()?,
        c[6].parse().ok()?,
    )?))
}

/// One top-level block: the message, and any replies indented inside it.
fn push_block(b: &mut ConversationBuilder, block: &[&str], line_no: usize, opts: &IngestOptions) {
    // Split off replies: runs of indented lines that start with an indented date line.
    let mut own: Vec<&str> = Vec::with_capacity(block.len());
    let mut replies: Vec<(usize, Vec<&str>)> = Vec::new();
    let mut in_reply = false;
    for (i, line) in block.iter().enumerate() {
        match line.strip_prefix(INDENT) {
            Some(inner) if DATE_LINE.is_match(inner) => {
                replies.push((line_no + i, vec![inner]));
                in_reply = true;
            }
            Some(inner) if in_reply => {
                if let Some(r) = replies.last_mut() {
                    r.1.push(inner);
                }
            }
            _ if in_reply && line.trim().is_empty() => {
                if let Some(r) = replies.last_mut() {
                    r.1.push("");
                }
            }
            _ => {
                in_reply = false;
                own.push(line);
            }
        }
    }
    let own_lines = own.len();
    push_message(b, &own, line_no, own_lines, opts);
    for (reply_line, lines) in replies {
        let n = lines.len();
        push_message(b, &lines, reply_line, n, opts);
    }
}

fn push_message(
    b: &mut ConversationBuilder,
    lines: &[&str],
    line_no: usize,
    span: usize,
    opts: &IngestOptions,
) {
    let Some(c) = lines.first().and_then(|l| DATE_LINE.captures(l)) else {
        b.warn(0, line_no, span, "message without a date line");
        return;
    };
    let Some(wall) = parse_date(&c) else {
        b.warn(0, line_no, span, "unparseable date");
        return;
    };
    let ts = local_time(wall, opts);
    let rest = c.get(8).map_or("", |m| m.as_str());
    if !rest.is_empty() && !READ_RECEIPT.is_match(rest) {
        // An announcement: `{who} renamed the conversation to X`, on the date line itself.
        let text = rest.trim().to_string();
        let kind =
            events::group_event_from_text(&text).map_or(MessageKind::System, MessageKind::Group);
        b.push(ts, None, kind, text, false, 0, line_no, span);
        return;
    }
    let sender = lines.get(1).map(|s| s.trim()).filter(|s| !s.is_empty());
    let body = lines.get(2..).unwrap_or(&[]);
    let mut text: Vec<String> = Vec::new();
    let mut media: Option<MediaKind> = None;
    let mut edited = false;
    let mut deleted = false;
    // Inside a `Reactions:` (older) or `Tapbacks:` (newer, indented) list: whether its
    // lines are indented, once the first one is seen.
    let mut reactions: Option<Option<bool>> = None;
    let mut tapbacks: Vec<(&str, &str)> = Vec::new();
    for line in body {
        let line = line.trim_end();
        if let Some(indented) = reactions {
            let this_indented = line.starts_with(' ');
            let goes_on = !line.is_empty() && indented.is_none_or(|i| !i || this_indented);
            if goes_on {
                reactions = Some(Some(indented.unwrap_or(this_indented)));
                // `Loved by Me`, `Reacted 😂 by +15555550123`
                if let Some((what, who)) = line.trim().split_once(" by ") {
                    tapbacks.push((what.trim_start_matches("Reacted ").trim(), who.trim()));
                }
                continue;
            }
            reactions = None;
            if line.is_empty() {
                continue;
            }
        }
        if line == "Reactions:" || line == "Tapbacks:" {
            reactions = Some(None);
            continue;
        }
        if line == "This message responded to an earlier message."
            || line == "Unable to format announcement!"
            || is_expressive(line)
        {
            continue;
        }
        if line == "You deleted a message."
            || line == "They deleted a message."
            || line == "This message was deleted from the conversation!"
        {
            deleted = true;
            continue;
        }
        if let Some(c) = DATE_LINE.captures(line) {
            // First version of an edited message: `DATE text`; later ones `Edited ... later:`.
            edited = true;
            text = vec![c.get(8).map_or("", |m| m.as_str()).trim().to_string()];
            continue;
        }
        if let Some(c) = EDITED_LATER.captures(line) {
            edited = true;
            text = vec![c[1].to_string()];
            continue;
        }
        if line == "Attachment missing!" {
            media.get_or_insert(MediaKind::Unknown);
            continue;
        }
        if let Some(kind) = attachment_kind(line) {
            media.get_or_insert(kind);
            continue;
        }
        text.push(line.to_string());
    }
    while text.last().is_some_and(|l| l.trim().is_empty()) {
        text.pop();
    }
    let text = text.join("\n");
    let kind = if deleted {
        MessageKind::Deleted
    } else if let Some(m) = media {
        MessageKind::Media(m)
    } else {
        MessageKind::Text
    };
    let sender = sender.map(|s| b.participant(s));
    b.push(ts, sender, kind, text, edited, 0, line_no, span);
    for (what, who) in tapbacks {
        let reactor = Some(b.participant(who));
        b.event_on_last(MessageKind::Reaction, reactor, None, what.to_string());
    }
}

/// An attachment line: a file name or path with a known media extension and no spaces
/// outside the path (imessage-exporter writes the attachment's file name on its own line).
fn attachment_kind(line: &str) -> Option<MediaKind> {
    let t = line.trim();
    if t.is_empty() || t.len() > 400 {
        return None;
    }
    let looks_like_path = t.contains('/') || !t.contains(' ');
    if !looks_like_path || t.starts_with("http") {
        return None;
    }
    match media_kind_from_name(t) {
        MediaKind::Unknown => None,
        kind => Some(kind),
    }
}

/// imessage-exporter's line for a bubble or screen effect (`Sent with Confetti`).
fn is_expressive(line: &str) -> bool {
    const EFFECTS: [&str; 15] = [
        "Confetti",
        "Echo",
        "Fireworks",
        "Balloons",
        "Heart",
        "Lasers",
        "Shooting Star",
        "Shooting Start",
        "Sparkles",
        "Spotlight",
        "Celebration",
        "Slam",
        "Loud",
        "Gentle",
        "Invisible Ink",
    ];
    line.strip_prefix("Sent with ")
        .is_some_and(|effect| EFFECTS.contains(&effect))
}
