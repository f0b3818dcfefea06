//! Reader for WhatsApp chat exports (`.txt`, or `_chat.txt` inside the iOS `.zip`), Android
//! (`DATE, TIME - Author: body`) and iOS (`[DATE, TIME] Author: body`) in every locale the
//! corpus shows: see `parse_header` for the header grammar and `classify` for media, deleted,
//! call and system lines.
//!
//! Two passes over the bytes, built for speed: the first finds header lines (a one-byte
//! pre-check, then a byte-level parse, no regex) and records their raw date fields; the
//! whole file then decides which header form is the real one (a line is a new message only
//! if it has that form) and which date field is the day; the second pass cuts the text
//! between headers into messages. Nothing is allocated per line except the message text.

use super::build::ConversationBuilder;
use super::datetime::{
    decide_order, digit_at, mark_len, read_era_prefix, read_era_suffix, read_meridiem_after,
    read_meridiem_before, read_number, skip_blanks, skip_marks, space_len, to_24h, RawDate,
};
use super::{events, IngestOptions};
use crate::chat::{Conversation, Format, MediaKind, MessageKind, Timestamp};
use crate::error::{Error, Result};
use memchr::{memchr, memmem};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The format of `text` if it is one this module reads (checked by content): the first
/// non-blank line is a WhatsApp header, or at least 3 of the first 50 lines are.
pub fn detect(text: &str) -> Option<Format> {
    let mut headers = 0;
    let mut first = true;
    for line in text.lines().take(50) {
        let line = line.trim_end_matches('\r');
        if first && line.trim().is_empty() {
            continue;
        }
        let is_header = parse_header(line.as_bytes()).is_some();
        if is_header && first {
            return Some(Format::WhatsAppText);
        }
        first = false;
        headers += usize::from(is_header);
        if headers >= 3 {
            return Some(Format::WhatsAppText);
        }
    }
    None
}

/// Parses one WhatsApp export.
pub fn parse(
    format: Format,
    display: &str,
    text: &str,
    opts: &IngestOptions,
) -> Result<Vec<Conversation>> {
    let bytes = text.as_bytes();
    let (mut headers, total_lines) = scan_headers(bytes);
    if headers.is_empty() {
        return Err(Error::input(
            display,
            Some(crate::error::Position::Line(1)),
            "no WhatsApp message header (`DATE, TIME - Name: text` or `[DATE, TIME] Name: text`) found",
        ));
    }
    let shape = dominant_shape(&headers);
    let other_form = headers.iter().find(|h| h.shape != shape).map(|h| h.line);
    let found = headers.len();
    headers.retain(|h| h.shape == shape);

    let dates: Vec<(RawDate, u32)> = headers.iter().map(|h| (h.date, h.secs_of_day())).collect();
    let decision = decide_order(&dates, opts.date_order);
    drop(dates);

    let mut b = ConversationBuilder::new(display, format);
    b.set_title(title_from_path(display));
    b.add_units(total_lines);
    b.reserve(headers.len());
    if let Some(note) = decision.note {
        b.warn(0, 1, 0, note);
    }
    if let Some(line) = other_form {
        b.warn(
            0,
            line,
            0,
            format!(
                "header-like lines of another form than this file's, kept as text of the \
                 message before: {} (first here)",
                found - headers.len()
            ),
        );
    }
    let first_line = headers[0].line;
    if first_line > 1 {
        let before = &text[..headers[0].start];
        let reason = if before.trim().is_empty() {
            "blank lines before first header"
        } else {
            "continuation before first header"
        };
        b.warn(0, 1, first_line - 1, reason);
    }

    let has_cr = memchr(b'\r', bytes).is_some();
    // Cutting and classifying bodies is independent per message: done in parallel, in
    // order; naming participants and numbering messages stays sequential.
    let drafts: Vec<Draft> = (0..headers.len())
        .into_par_iter()
        .with_min_len(4096)
        .map(|k| draft(text, &headers, k, has_cr))
        .collect();
    // Raw author text → participant, so names are cleaned once, not once per message; the
    // few most recent authors are checked first (a two-person chat never hashes).
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut recent: [Option<(&str, usize)>; 4] = [None; 4];
    for (k, (h, d)) in headers.iter().zip(drafts).enumerate() {
        let next_line = headers.get(k + 1).map_or(total_lines + 1, |n| n.line);
        let lines = next_line - h.line;
        let Some(wall) = h.date.to_datetime(decision.order, h.hour, h.min, h.sec) else {
            let (y, m, d) = h.date.ymd(decision.order);
            b.warn(
                0,
                h.line,
                lines,
                format!("unparseable date (year {y}, month {m}, day {d})"),
            );
            continue;
        };
        let timestamp = Timestamp {
            wall,
            offset_s: opts.tz_offset_s,
        };
        let sender = match (d.kind, d.author) {
            (MessageKind::System | MessageKind::Group(_), _) | (_, None) => None,
            (_, Some(name)) => Some(match recent.iter().flatten().find(|(n, _)| *n == name) {
                Some(&(_, id)) => id,
                None => {
                    let id = match ids.get(name) {
                        Some(&id) => id,
                        None => {
                            let id = b.participant(&clean_name(name));
                            ids.insert(name, id);
                            id
                        }
                    };
                    recent.rotate_right(1);
                    recent[0] = Some((name, id));
                    id
                }
            }),
        };
        b.push(
            timestamp, sender, d.kind, d.text, d.edited, 0, h.line, lines,
        );
    }
    Ok(vec![b.finish()])
}

/// A message body cut from the text and classified, before its sender gets an id.
struct Draft<'t> {
    author: Option<&'t str>,
    kind: MessageKind,
    text: String,
    edited: bool,
}

/// The body of header `k`: the text after it up to the next header.
fn draft<'t>(text: &'t str, headers: &[Header], k: usize, has_cr: bool) -> Draft<'t> {
    let h = &headers[k];
    let next_start = headers.get(k + 1).map_or(text.len(), |n| n.start);
    let rest = text
        .get(h.rest..next_start)
        .unwrap_or("")
        .trim_end_matches(['\n', '\r']);
    let (author, body) = split_author(rest);
    let (kind, body, edited) = classify(body, author.is_none());
    let text = if has_cr && body.contains('\r') {
        body.replace("\r\n", "\n")
    } else {
        body.to_string()
    };
    Draft {
        author,
        kind,
        text,
        edited,
    }
}

/// A header line found by the first pass.
#[derive(Debug, Clone, Copy)]
struct Header {
    /// 1-based line number.
    line: usize,
    /// Byte offset of the line start and of the text after the header.
    start: usize,
    rest: usize,
    date: RawDate,
    hour: u32,
    min: u32,
    sec: u32,
    /// The header's form (bracketed, separators, seconds, AM/PM...), packed.
    shape: u16,
}

impl Header {
    fn secs_of_day(&self) -> u32 {
        self.hour * 3600 + self.min * 60 + self.sec
    }
}

/// Finds every header-shaped line; returns them and the number of lines in the text.
/// Large texts are scanned in parallel in chunks cut at line ends (line numbers are
/// shifted by the lines of the chunks before).
fn scan_headers(bytes: &[u8]) -> (Vec<Header>, usize) {
    const CHUNK: usize = 4 << 20;
    let mut bounds = vec![0];
    let mut pos = CHUNK;
    while pos < bytes.len() {
        match memchr(b'\n', &bytes[pos..]) {
            Some(k) if pos + k + 1 < bytes.len() => {
                bounds.push(pos + k + 1);
                pos += k + 1 + CHUNK;
            }
            _ => break,
        }
    }
    bounds.push(bytes.len());
    let parts: Vec<(Vec<Header>, usize)> = bounds
        .par_windows(2)
        .map(|w| scan_range(bytes, w[0], w[1]))
        .collect();
    let mut headers = Vec::with_capacity(parts.iter().map(|p| p.0.len()).sum());
    let mut lines_before = 0;
    for (part, lines) in parts {
        headers.extend(part.into_iter().map(|mut h| {
            h.line += lines_before;
            h
        }));
        lines_before += lines;
    }
    (headers, lines_before)
}

/// Header lines among the lines starting in `from..to` (`to` is a line start or the end);
/// line numbers count from 1 at `from`.
fn scan_range(bytes: &[u8], from: usize, to: usize) -> (Vec<Header>, usize) {
    let mut headers = Vec::with_capacity((to - from) / 80 + 1);
    let mut line_no = 0;
    let mut pos = from;
    while pos < to {
        let end = memchr(b'\n', &bytes[pos..to]).map_or(to, |k| pos + k);
        line_no += 1;
        let line = &bytes[pos..end];
        if matches!(
            line.first(),
            Some(b'[' | b'0'..=b'9' | 0xE2 | 0xD9 | 0xDB | 0xEF)
        ) {
            if let Some(mut h) = parse_header(line) {
                h.line = line_no;
                h.start = pos;
                h.rest += pos;
                headers.push(h);
            }
        }
        pos = end + 1;
    }
    (headers, line_no)
}

/// The most frequent header form (ties: the first seen).
fn dominant_shape(headers: &[Header]) -> u16 {
    let mut counts: Vec<(u16, usize)> = Vec::new();
    for h in headers {
        match counts.iter_mut().find(|(s, _)| *s == h.shape) {
            Some((_, n)) => *n += 1,
            None => counts.push((h.shape, 1)),
        }
    }
    let mut best = counts[0];
    for &c in &counts[1..] {
        if c.1 > best.1 {
            best = c;
        }
    }
    best.0
}

const SHAPE_BRACKET: u16 = 1;
const SHAPE_TIME_FIRST: u16 = 1 << 1;
const SHAPE_SECONDS: u16 = 1 << 2;
const SHAPE_DOTTED_TIME: u16 = 1 << 3;
const SHAPE_MERIDIEM_BEFORE: u16 = 1 << 4;
const SHAPE_MERIDIEM_AFTER: u16 = 1 << 5;
const SHAPE_BUDDHIST: u16 = 1 << 6;
const SHAPE_JAPANESE_ERA: u16 = 1 << 7;
/// Bits 8.. hold the date separator's byte class.
const SHAPE_SEP_SHIFT: u32 = 8;

/// Parses a WhatsApp header at the start of `line` (without its `\n`):
///
/// ```text
/// [MARKS] DATE[,|،] [à |klo ] [AMPM ]TIME[ AMPM] - REST          (Android)
/// [MARKS] [ DATE[,|،] [AMPM ]TIME[ AMPM] ] REST                  (iOS)
/// [MARKS] [ TIME, DATE ] REST                                     (time first, Vietnamese)
/// DATE = N SEP N SEP N [.] [ BE]    SEP = / . -   (marks and one space allowed around)
/// TIME = H(:|.)MM[(:|.)SS]          N = ASCII or Eastern-Arabic digits
/// ```
/// `line`, `start` of the result are left 0 and `rest` is relative to the line.
fn parse_header(line: &[u8]) -> Option<Header> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let mut i = 0;
    skip_marks(line, &mut i);
    let bracket = line.get(i) == Some(&b'[');
    if bracket {
        i += 1;
        skip_marks(line, &mut i);
    }
    // iOS with the Japanese calendar puts the era before the year: `[R5/01/02 …]`.
    let era_first = bracket
        && matches!(
            line.get(i),
            Some(b'M' | b'T' | b'S' | b'H' | b'R' | 0xE4..=0xE6)
        );
    if !era_first && !digit_at(line, i) {
        return None;
    }
    let mut shape = if bracket { SHAPE_BRACKET } else { 0 };
    let mut probe = i;
    let time_first = !era_first
        && read_number(line, &mut probe, 4).is_some()
        && bracket
        && line.get(probe) == Some(&b':');
    let (date, sep, time, meridiem);
    if time_first {
        shape |= SHAPE_TIME_FIRST;
        let mut m = None;
        time = parse_time(line, &mut i, &mut m)?;
        meridiem = m;
        if line.get(i) != Some(&b',') {
            return None;
        }
        i += 1;
        skip_blanks(line, &mut i);
        (date, sep) = parse_date(line, &mut i)?;
    } else {
        (date, sep) = parse_date(line, &mut i)?;
        let mut k = i;
        skip_blanks(line, &mut k);
        if line.get(k) == Some(&b',') {
            k += 1;
        } else if line[k..].starts_with("،".as_bytes()) {
            k += 2;
        }
        skip_blanks(line, &mut k);
        for word in ["à", "klo", "um"] {
            if line[k..].starts_with(word.as_bytes()) && space_len(line, k + word.len()) > 0 {
                k += word.len();
                skip_blanks(line, &mut k);
                break;
            }
        }
        if k == i {
            return None;
        }
        i = k;
        let before = read_meridiem_before(line, &mut i);
        if before.is_some() {
            shape |= SHAPE_MERIDIEM_BEFORE;
        }
        let mut m = before;
        time = parse_time(line, &mut i, &mut m)?;
        meridiem = m;
    }
    let (hour, min, sec, seconds, dotted) = time;
    if seconds {
        shape |= SHAPE_SECONDS;
    }
    if dotted {
        shape |= SHAPE_DOTTED_TIME;
    }
    if meridiem.is_some() && shape & SHAPE_MERIDIEM_BEFORE == 0 {
        shape |= SHAPE_MERIDIEM_AFTER;
    }
    if date.buddhist {
        shape |= SHAPE_BUDDHIST;
    }
    if date.era_base > 0 {
        shape |= SHAPE_JAPANESE_ERA;
    }
    shape |= u16::from(sep) << SHAPE_SEP_SHIFT;
    let hour = to_24h(hour, meridiem)?;
    if min > 59 || sec > 59 {
        return None;
    }
    skip_marks(line, &mut i);
    if bracket {
        if line.get(i) != Some(&b']') {
            return None;
        }
        i += 1;
        i += space_len(line, i);
    } else {
        if !line[i..].starts_with(b" - ") {
            return None;
        }
        i += 3;
    }
    Some(Header {
        line: 0,
        start: 0,
        rest: i,
        date,
        hour,
        min,
        sec,
        shape,
    })
}

/// `[ERA]N SEP N SEP N [.] [ BE| ERA]`; returns the date and its separator byte. ERA is a
/// Japanese era (`R5/1/2`, `令和5/1/2`, `1/2/5 R`): the year counts from the era's start.
fn parse_date(line: &[u8], i: &mut usize) -> Option<(RawDate, u8)> {
    let era_prefix = read_era_prefix(line, i);
    let (a, mut a_digits) = read_number(line, i, if era_prefix.is_some() { 2 } else { 4 })?;
    skip_marks(line, i);
    let sep = *line.get(*i)?;
    if !matches!(sep, b'/' | b'.' | b'-') {
        return None;
    }
    *i += 1;
    skip_marks(line, i);
    *i += usize::from(line.get(*i) == Some(&b' '));
    let (b, _) = read_number(line, i, 2)?;
    skip_marks(line, i);
    if line.get(*i) != Some(&sep) {
        return None;
    }
    *i += 1;
    skip_marks(line, i);
    *i += usize::from(line.get(*i) == Some(&b' '));
    let (c, c_digits) = read_number(line, i, 4)?;
    if sep == b'.' && line.get(*i) == Some(&b'.') {
        *i += 1; // Korean `2020. 1. 15.`
    }
    let buddhist = c_digits == 4 && line[*i..].starts_with(b" BE");
    if buddhist {
        *i += 3;
    }
    let era_suffix = match era_prefix {
        None if c_digits <= 2 => read_era_suffix(line, i),
        _ => None,
    };
    if a_digits == 3 || c_digits == 3 || (a_digits == 4 && c_digits == 4) {
        return None;
    }
    if era_prefix.is_some() {
        if c_digits > 2 {
            return None;
        }
        a_digits = 4; // the era marks the first field as the year, as four digits do
    }
    let date = RawDate {
        a: a as u16,
        b: b as u16,
        c: c as u16,
        a_digits,
        buddhist,
        era_base: era_prefix.or(era_suffix).unwrap_or(0),
    };
    Some((date, sep))
}

/// `H(:|.)MM[(:|.)SS][ AMPM]`: (hour as printed, minute, second, has seconds, dotted).
fn parse_time(
    line: &[u8],
    i: &mut usize,
    meridiem: &mut Option<super::datetime::Meridiem>,
) -> Option<(u32, u32, u32, bool, bool)> {
    let (hour, _) = read_number(line, i, 2)?;
    let tsep = *line.get(*i)?;
    if !matches!(tsep, b':' | b'.') {
        return None;
    }
    *i += 1;
    let (min, digits) = read_number(line, i, 2)?;
    if digits != 2 {
        return None;
    }
    let mut sec = 0;
    let mut seconds = false;
    if line.get(*i) == Some(&tsep) && digit_at(line, *i + 1) {
        *i += 1;
        let (s, digits) = read_number(line, i, 2)?;
        if digits != 2 {
            return None;
        }
        sec = s;
        seconds = true;
    }
    if meridiem.is_none() {
        let mut k = *i;
        if skip_blanks(line, &mut k) > 0 {
            if let Some(m) = read_meridiem_after(line, &mut k) {
                *meridiem = Some(m);
                *i = k;
            }
        }
    }
    Some((hour, min, sec, seconds, tsep == b'.'))
}

/// Splits `Author: body` (the first `: ` on the first line); `None` for author-less system
/// lines. A candidate containing `"` is a system line quoting something, not a name.
fn split_author(rest: &str) -> (Option<&str>, &str) {
    let first_line_end = memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
    let first = &rest.as_bytes()[..first_line_end];
    let mut from = 0;
    while let Some(k) = memchr(b':', &first[from..]) {
        let at = from + k;
        if first.get(at + 1) == Some(&b' ') || at + 1 == first.len() {
            let name = &rest[..at];
            if name.is_empty() || name.contains('"') {
                return (None, rest);
            }
            let body = rest.get(at + 2..).unwrap_or("");
            return (Some(name), body);
        }
        from = at + 1;
    }
    (None, rest)
}

/// A display name without directional marks and without the `~ ` WhatsApp puts before
/// people who are not in the exporter's contacts; no-break spaces become plain spaces.
/// Phone numbers keep their digits.
fn clean_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let bytes = name.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let n = mark_len(bytes, i);
        if n > 0 {
            i += n;
            continue;
        }
        let n = space_len(bytes, i);
        if n > 0 {
            out.push(' ');
            i += n;
            continue;
        }
        let ch_len = utf8_len(bytes[i]);
        out.push_str(&name[i..(i + ch_len).min(name.len())]);
        i += ch_len;
    }
    let trimmed = out.trim_matches(|c: char| c.is_whitespace());
    let trimmed = match trimmed.strip_prefix('~') {
        Some(t) => t.trim_start_matches(|c: char| c.is_whitespace()),
        None => trimmed,
    };
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// WhatsApp's wording for a deleted message, in the locales of the corpus (a trailing `.`
/// is ignored when comparing).
const DELETED: &[&str] = &[
    "This message was deleted",
    "You deleted this message",
    "Данное сообщение удалено",
    "Вы удалили данное сообщение",
    "Tato zpráva byla odstraněna",
    "Tato zpráva byla smazána",
    "Tuto zprávu jste odstranil/a",
    "Tuto zprávu jste smazal/a",
    "Dit bericht is verwijderd",
    "U hebt dit bericht verwijderd",
    "Diese Nachricht wurde gelöscht",
    "Du hast diese Nachricht gelöscht",
    "Ce message a été supprimé",
    "Vous avez supprimé ce message",
    "Se eliminó este mensaje",
    "Eliminaste este mensaje",
    "Questo messaggio è stato eliminato",
    "Hai eliminato questo messaggio",
    "Pesan ini dihapus",
    "Anda menghapus pesan ini",
    "このメッセージは削除されました。",
    "このメッセージを削除しました。",
    "تم حذف هذه الرسالة",
    "أنت حذفت هذه الرسالة",
];

/// Missed-call lines (a call of duration 0).
const MISSED_CALL: &[&str] = &[
    "Missed voice call",
    "Missed video call",
    "Missed group voice call",
    "Missed group video call",
    "Пропущенный аудиозвонок",
    "Пропущенный видеозвонок",
    "Zmeškaný hovor",
    "Gemiste spraakoproep",
    "Gemiste video-oproep",
];

/// Words naming an attachment kind in WhatsApp's placeholders (`image omitted`, `‎Bild
/// weggelassen`, `‏لم يتم إدراج الصورة`...), checked in this order (GIF before image).
const MEDIA_WORDS: &[(&str, MediaKind)] = &[
    ("gif", MediaKind::Gif),
    ("sticker", MediaKind::Sticker),
    ("stiker", MediaKind::Sticker),
    ("nálepka", MediaKind::Sticker),
    ("стикер", MediaKind::Sticker),
    ("スタンプ", MediaKind::Sticker),
    ("الملصق", MediaKind::Sticker),
    ("contact", MediaKind::Contact),
    ("kontak", MediaKind::Contact),
    ("contatto", MediaKind::Contact),
    ("vizitka", MediaKind::Contact),
    ("контакт", MediaKind::Contact),
    ("連絡先", MediaKind::Contact),
    ("جهة اتصال", MediaKind::Contact),
    ("document", MediaKind::Document),
    ("dokumen", MediaKind::Document),
    ("документ", MediaKind::Document),
    ("ドキュメント", MediaKind::Document),
    ("المستند", MediaKind::Document),
    ("video", MediaKind::Video),
    ("vidéo", MediaKind::Video),
    ("видео", MediaKind::Video),
    ("ビデオ", MediaKind::Video),
    ("الفيديو", MediaKind::Video),
    ("audio", MediaKind::Audio),
    ("zvukov", MediaKind::Audio),
    ("аудио", MediaKind::Audio),
    ("音声", MediaKind::Audio),
    ("الصوتي", MediaKind::Audio),
    ("image", MediaKind::Image),
    ("imagen", MediaKind::Image),
    ("immagine", MediaKind::Image),
    ("obrázek", MediaKind::Image),
    ("bild", MediaKind::Image),
    ("gambar", MediaKind::Image),
    ("изображение", MediaKind::Image),
    ("画像", MediaKind::Image),
    ("الصورة", MediaKind::Image),
    ("photo", MediaKind::Image),
    ("foto", MediaKind::Image),
];

/// A cheap pre-check before comparing a body with every [`DELETED`] and [`MISSED_CALL`]
/// phrase: the first byte and the length (without trailing dots) must be those of one.
struct PhraseFilter {
    first: [bool; 256],
    len: [bool; 128],
}

impl PhraseFilter {
    fn may_match(&self, body: &str) -> bool {
        let core = body.trim_end_matches('.');
        body.as_bytes()
            .first()
            .is_some_and(|&b| self.first[usize::from(b)])
            && core.len() < 128
            && self.len[core.len()]
    }
}

fn fixed_phrase_filter() -> &'static PhraseFilter {
    static FILTER: OnceLock<PhraseFilter> = OnceLock::new();
    FILTER.get_or_init(|| {
        let mut f = PhraseFilter {
            first: [false; 256],
            len: [false; 128],
        };
        for phrase in DELETED.iter().chain(MISSED_CALL) {
            let core = phrase.trim_end_matches('.');
            f.first[usize::from(core.as_bytes()[0])] = true;
            if core.len() < 128 {
                f.len[core.len()] = true;
            }
        }
        f
    })
}

const EDITED_SUFFIX: &str = "<This message was edited>";

/// Decides what a message body is and returns it without WhatsApp's markers (leading
/// directional marks, the edited suffix). `authorless` bodies are system lines.
fn classify(body: &str, authorless: bool) -> (MessageKind, &str, bool) {
    let (body, edited) = match body.strip_suffix(EDITED_SUFFIX) {
        Some(b) => (b.trim_end(), true),
        None => (body, false),
    };
    let mut start = 0;
    skip_marks(body.as_bytes(), &mut start);
    let marked = start > 0;
    let body = &body[start..];
    if authorless {
        return (system_kind(body), body, edited);
    }
    if body.len() <= 120 && fixed_phrase_filter().may_match(body) {
        let core = body.trim_end_matches('.');
        if DELETED.iter().any(|d| d.trim_end_matches('.') == core) {
            return (MessageKind::Deleted, body, edited);
        }
        if MISSED_CALL.contains(&core) {
            return (
                MessageKind::Call {
                    duration_s: Some(0),
                },
                body,
                edited,
            );
        }
    }
    if let Some(kind) = media_kind(body, marked) {
        return (MessageKind::Media(kind), body, edited);
    }
    if marked {
        return (system_kind(body), body, edited);
    }
    (MessageKind::Text, body, edited)
}

/// A system line's kind: a group event where it says who joined, left, was added or
/// removed, or a new subject (English lines); otherwise a plain system line.
fn system_kind(body: &str) -> MessageKind {
    events::group_event_from_text(body).map_or(MessageKind::System, MessageKind::Group)
}

/// The attachment kind of a placeholder body, or `None` for ordinary text.
fn media_kind(body: &str, marked: bool) -> Option<MediaKind> {
    let bytes = body.as_bytes();
    let single_line = memchr(b'\n', bytes).is_none();
    // The segment after the last directional mark: iOS writes `Caption ‎<attached: f>`.
    let tail_from = last_mark_end(bytes);
    let tail = &body[tail_from..];
    if let Some(name) = tail
        .strip_prefix("<attached: ")
        .and_then(|t| t.strip_suffix('>'))
    {
        return Some(kind_from_file_name(name));
    }
    static HTTPS: OnceLock<memmem::Finder<'static>> = OnceLock::new();
    let https = HTTPS.get_or_init(|| memmem::Finder::new(b"https://"));
    if https.find(bytes).is_some() {
        let first_line = body.lines().next().unwrap_or("");
        if let Some((label, url)) = first_line.split_once(": ") {
            if url.starts_with("https://maps.google.com/?q=") && label.chars().count() <= 20 {
                return Some(MediaKind::Location);
            }
        }
        if memmem::find(bytes, b"https://foursquare.com/v/").is_some() && body.lines().count() <= 3
        {
            return Some(MediaKind::Location);
        }
    }
    if single_line && tail.ends_with(')') {
        if let Some((file, note)) = tail.rsplit_once(" (") {
            if note.len() <= 40 && has_file_extension(file) {
                return Some(kind_from_file_name(file));
            }
        }
    }
    if single_line && bytes.first() == Some(&b'<') && bytes.last() == Some(&b'>') {
        if body.len() <= 60 {
            return Some(MediaKind::Unknown);
        }
        return None;
    }
    if (marked || tail_from > 0) && single_line && tail.len() <= 80 {
        let lower = tail.to_lowercase();
        return MEDIA_WORDS
            .iter()
            .find(|(w, _)| lower.contains(w))
            .map(|&(_, k)| k);
    }
    None
}

/// Byte offset just after the last U+200E/U+200F in `bytes` (0 if none).
fn last_mark_end(bytes: &[u8]) -> usize {
    let mut end = 0;
    let mut from = 0;
    while let Some(k) = memchr(0xE2, &bytes[from..]) {
        let at = from + k;
        if bytes.get(at + 1) == Some(&0x80) && matches!(bytes.get(at + 2), Some(0x8E | 0x8F)) {
            end = at + 3;
        }
        from = at + 1;
    }
    end
}

fn has_file_extension(name: &str) -> bool {
    match name.rsplit_once('.') {
        Some((stem, ext)) => {
            !stem.is_empty()
                && (2..=5).contains(&ext.len())
                && ext.bytes().all(|b| b.is_ascii_alphanumeric())
        }
        None => false,
    }
}

/// Kind of an attachment from its file name (`IMG-…`, `00000035-PHOTO-…jpg`, `x.vcf`).
fn kind_from_file_name(name: &str) -> MediaKind {
    let upper = name.to_ascii_uppercase();
    let ext = upper.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    if upper.contains("STICKER") || upper.starts_with("STK-") || ext == "WEBP" {
        MediaKind::Sticker
    } else if upper.contains("-GIF-") || ext == "GIF" {
        MediaKind::Gif
    } else if upper.contains("PHOTO") || upper.starts_with("IMG-") {
        MediaKind::Image
    } else if upper.contains("VIDEO") || upper.starts_with("VID-") {
        MediaKind::Video
    } else if upper.starts_with("PTT-") || (upper.contains("AUDIO") && ext == "OPUS") {
        // Push-to-talk (Android) and iOS's recorded `-AUDIO-….opus`: voice notes.
        MediaKind::Voice
    } else if upper.contains("AUDIO") || upper.starts_with("AUD-") {
        MediaKind::Audio
    } else if ext == "VCF" {
        MediaKind::Contact
    } else {
        match ext {
            "JPG" | "JPEG" | "PNG" | "HEIC" => MediaKind::Image,
            "MP4" | "MOV" | "3GP" => MediaKind::Video,
            "OPUS" | "OGG" | "M4A" | "MP3" | "AAC" => MediaKind::Audio,
            _ => MediaKind::Document,
        }
    }
}

/// The chat's name from an export file name (`WhatsApp Chat with Anna.txt`,
/// `WhatsApp Chat - Anna.zip!/_chat.txt`).
fn title_from_path(display: &str) -> Option<String> {
    for marker in ["WhatsApp Chat with ", "WhatsApp Chat - "] {
        if let Some(k) = display.rfind(marker) {
            let rest = &display[k + marker.len()..];
            let end = [".txt", ".zip", "!/"]
                .iter()
                .filter_map(|ext| rest.find(ext))
                .min()
                .unwrap_or(rest.len());
            return Some(rest[..end].to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::datetime::FieldOrder;

    fn header(s: &str) -> Option<(String, u16)> {
        let h = parse_header(s.as_bytes())?;
        let order = if h.date.a_digits == 4 {
            FieldOrder::Ymd
        } else {
            FieldOrder::Mdy
        };
        let wall = h.date.to_datetime(order, h.hour, h.min, h.sec)?;
        Some((
            format!("{} | {}", wall.format("%Y-%m-%d %H:%M:%S"), &s[h.rest..]),
            h.shape,
        ))
    }

    #[test]
    fn header_variants() {
        for (line, want) in [
            ("1/2/20, 9:41 PM - A: x", "2020-01-02 21:41:00 | A: x"),
            (
                "[1/2/20, 9:41:05\u{202f}PM] A: x",
                "2020-01-02 21:41:05 | A: x",
            ),
            (
                "1/2/2020, 9:41 p.\u{a0}m. - A: x",
                "2020-01-02 21:41:00 | A: x",
            ),
            ("1/2/2020, 12:05 a. m. - A: x", "2020-01-02 00:05:00 | A: x"),
            (
                "\u{200e}[1/2/20 14.56.01] A: x",
                "2020-01-02 14:56:01 | A: x",
            ),
            ("[14:56:01, 1/2/22] A: x", "2022-01-02 14:56:01 | A: x"),
            ("1/2/2565 BE, 14:56 - A: x", "2022-01-02 14:56:00 | A: x"),
            ("[R5/01/02 14:56:01] A: x", "2023-01-02 14:56:01 | A: x"),
            ("[令和5/1/2 14:56:01] A: x", "2023-01-02 14:56:01 | A: x"),
            ("[H30/12/31 9:05:00] A: x", "2018-12-31 09:05:00 | A: x"),
            ("[1/2/5 R, 9:41:05 PM] A: x", "2023-01-02 21:41:05 | A: x"),
            ("2020-01-02, 14:56 - A: x", "2020-01-02 14:56:00 | A: x"),
            ("1.2.2018 klo 21.25.15 - A: x", "2018-01-02 21:25:15 | A: x"),
            ("01/02/2020 à 21:25 - A: x", "2020-01-02 21:25:00 | A: x"),
            ("2020/1/2 下午2:22 - A: x", "2020-01-02 14:22:00 | A: x"),
            ("2020. 1. 2. 오후 2:22 - A: x", "2020-01-02 14:22:00 | A: x"),
            ("[١‏/٢‏/٢٠٢٢، ٢:٥٦:٠٠ م] A: x", "2022-01-02 14:56:00 | A: x"),
        ] {
            assert_eq!(header(line).map(|h| h.0).as_deref(), Some(want), "{line}");
        }
        for not in [
            "hello",
            "12/30/21 is a date",
            "1/2/20, 25:00 - A: x",
            "[1/2/20, 9:41",
            "1/2/20, 9:41 PMx - A",
            "R5/01/02 14:56 - A: x",
            "[Re5/01/02 14:56] A: x",
            "[R2023/01/02 14:56] A: x",
        ] {
            assert!(header(not).is_none(), "{not}");
        }
    }

    #[test]
    fn classify_bodies() {
        assert_eq!(
            classify("\u{200e}image omitted", false).0,
            MessageKind::Media(MediaKind::Image)
        );
        assert_eq!(
            classify("Some file.txt \u{200e}document omitted", false).0,
            MessageKind::Media(MediaKind::Document)
        );
        assert_eq!(
            classify("<Media omitted>", false).0,
            MessageKind::Media(MediaKind::Unknown)
        );
        assert_eq!(
            classify("IMG-20220323-WA0002.jpg (file attached)", false).0,
            MessageKind::Media(MediaKind::Image)
        );
        assert_eq!(
            classify("This message was deleted", false).0,
            MessageKind::Deleted
        );
        assert_eq!(
            classify(
                "\u{200e}Messages and calls are end-to-end encrypted.",
                false
            )
            .0,
            MessageKind::System
        );
        let (kind, text, edited) = classify("see you <This message was edited>", false);
        assert_eq!((kind, text, edited), (MessageKind::Text, "see you", true));
        assert_eq!(
            classify("I watched a video (great)", false).0,
            MessageKind::Text
        );
    }

    #[test]
    fn large_input_scanned_in_chunks_keeps_line_numbers() {
        // > 4 MiB, so the header scan runs over several chunks.
        let mut text = String::new();
        for i in 0..60_000 {
            text.push_str(&format!(
                "1/{}/20, 10:{:02} - Anna: message number {i} with some padding text\n",
                i % 28 + 1,
                i % 60
            ));
            if i % 3 == 0 {
                text.push_str("a continuation line\n");
            }
        }
        assert!(text.len() > 4 << 20);
        let conv = parse(
            Format::WhatsAppText,
            "big.txt",
            &text,
            &IngestOptions::default(),
        )
        .unwrap()
        .remove(0);
        assert_eq!(conv.messages.len(), 60_000);
        assert_eq!(conv.source.units_in, 80_000);
        assert_eq!(conv.units_accounted(), 80_000);
        let last = conv.messages.last().unwrap();
        assert_eq!(last.span.line, 80_000);
        assert_eq!(last.text, "message number 59999 with some padding text");
        assert_eq!(conv.messages[59_997].span.line, 79_997);
        assert_eq!(conv.messages[59_997].span.lines, 2);
    }

    #[test]
    fn mangled_inputs_never_panic_and_lose_no_line() {
        let seed = "\u{feff}\u{200e}[1/2/20, 9:41:05\u{202f}PM] \u{202a}+1 555\u{202c}: \u{200e}image omitted\r\n\
                    1/2/2020, 9:41 p.\u{a0}m. - Anna: hi\nmore\n[١‏/٢‏/٢٠٢٢، ٢:٥٦:٠٠ م] A: x\n\
                    2020. 1. 2. 오후 2:22 - 민준: <This message was edited>\n";
        let chars: Vec<char> = seed.chars().collect();
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            // Cut a random slice and drop or duplicate random characters.
            let a = (next() % chars.len() as u64) as usize;
            let b = a + (next() % (chars.len() - a) as u64) as usize;
            let mut text: String = chars[..a].iter().chain(&chars[b..]).collect();
            if next() % 2 == 0 {
                let at = (next() % chars.len() as u64) as usize;
                text.extend(std::iter::repeat_n(chars[at], (next() % 4) as usize));
            }
            if let Ok(convs) = parse(
                Format::WhatsAppText,
                "fuzz.txt",
                &text,
                &IngestOptions::default(),
            ) {
                for c in convs {
                    assert_eq!(c.source.units_in, c.units_accounted(), "{text:?}");
                }
            }
        }
    }

    #[test]
    fn names_lose_marks_and_tilde() {
        assert_eq!(clean_name("\u{202a}+40 521 028\u{202c}"), "+40 521 028");
        assert_eq!(clean_name("~\u{202f}Anna"), "Anna");
        assert_eq!(clean_name("+40\u{a0}521"), "+40 521");
        assert_eq!(clean_name("Bob"), "Bob");
    }
}
