//! The per-message output table shared by `parse` (and extended by `score`): one
//! [`MessageRecord`] per message, written as JSON Lines or as CSV with the same columns
//! (`source` flattened to `source_file`, `source_line`). Stable column names, ISO
//! timestamps, UTF-8, a header row: loads into pandas, R or DuckDB without options.
//! In CSV, free-text cells a spreadsheet would run as a formula get a leading `'` unless
//! `--raw-csv` is given (JSON Lines is always exact).

use chrono::{Datelike, Timelike};
use pushpull::chat::{Conversation, Message, Timestamp};
use pushpull::report::spreadsheet_safe;
use serde::Serialize;
use std::io::Write;

/// Where a message came from: the input's display path and its first line (or record).
#[derive(Debug, Serialize)]
pub struct SourceRecord<'a> {
    pub file: &'a str,
    pub line: usize,
}

/// One output row.
#[derive(Debug, Serialize)]
pub struct MessageRecord<'a> {
    pub conversation: &'a str,
    pub index: usize,
    /// ISO 8601; with `Z`/offset only when the zone is known.
    pub timestamp: String,
    pub sender: Option<&'a str>,
    /// `text`, `media`, `system`, `deleted`, `call`; events: `reaction`, `edit`, and the
    /// group events `joined`, `left`, `added`, `removed`, `subject`.
    pub kind: &'static str,
    /// The attachment kind for media (`image`, `video`...), null otherwise.
    pub media: Option<&'static str>,
    pub text: &'a str,
    pub edited: bool,
    /// The index of the message this one replies to; for a reaction or an edit, the
    /// message reacted to or edited.
    pub reply_to: Option<usize>,
    /// A call's length in seconds when the export records it (0: missed).
    pub duration_s: Option<u32>,
    pub source: SourceRecord<'a>,
}

/// CSV column names, in order.
pub const CSV_COLUMNS: [&str; 12] = [
    "conversation",
    "index",
    "timestamp",
    "sender",
    "kind",
    "media",
    "text",
    "edited",
    "reply_to",
    "duration_s",
    "source_file",
    "source_line",
];

impl<'a> MessageRecord<'a> {
    pub fn new(conv: &'a Conversation, m: &'a Message) -> Self {
        MessageRecord {
            conversation: &conv.id,
            index: m.index,
            timestamp: iso(&m.timestamp),
            sender: conv.sender_name(m),
            kind: m.kind.as_str(),
            media: m.kind.media().map(|k| k.as_str()),
            text: &m.text,
            edited: m.edited,
            reply_to: m.reply_to,
            duration_s: m.kind.call_seconds(),
            source: SourceRecord {
                file: conv
                    .source
                    .files
                    .get(m.file)
                    .map(String::as_str)
                    .unwrap_or(""),
                line: m.span.line,
            },
        }
    }

    /// The CSV fields in [`CSV_COLUMNS`] order (null → empty); with `neutralise`, free-text
    /// cells that a spreadsheet would run as a formula start with `'`.
    pub fn csv_fields(&self, neutralise: bool) -> [String; 12] {
        let text = |s: &str| {
            if neutralise {
                spreadsheet_safe(s).into_owned()
            } else {
                s.to_string()
            }
        };
        [
            text(self.conversation),
            self.index.to_string(),
            self.timestamp.clone(),
            text(self.sender.unwrap_or("")),
            self.kind.to_string(),
            self.media.unwrap_or("").to_string(),
            text(self.text),
            self.edited.to_string(),
            self.reply_to.map(|r| r.to_string()).unwrap_or_default(),
            self.duration_s.map(|d| d.to_string()).unwrap_or_default(),
            text(self.source.file),
            self.source.line.to_string(),
        ]
    }
}

/// Output table format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum TableFormat {
    #[default]
    Jsonl,
    Csv,
}

/// Writes records as JSON Lines or CSV (header row first).
pub enum RecordWriter<W: Write> {
    Jsonl(W),
    Csv(Box<csv::Writer<W>>),
}

impl<W: Write> RecordWriter<W> {
    /// A writer; for CSV, `columns` is written as the header row (none when empty: a
    /// chunk of rows rendered apart and appended to an output that has the header).
    pub fn new(format: TableFormat, out: W, columns: &[&str]) -> anyhow::Result<Self> {
        Ok(match format {
            TableFormat::Jsonl => RecordWriter::Jsonl(out),
            TableFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                if !columns.is_empty() {
                    w.write_record(columns)?;
                }
                RecordWriter::Csv(Box::new(w))
            }
        })
    }

    /// Flushes and returns the underlying output.
    pub fn into_inner(self) -> anyhow::Result<W> {
        Ok(match self {
            RecordWriter::Jsonl(w) => w,
            RecordWriter::Csv(w) => w
                .into_inner()
                .map_err(|e| anyhow::Error::new(e.into_error()).context("writing CSV"))?,
        })
    }

    /// Writes one record: `json` for JSON Lines, `fields` (same order as the header) for CSV.
    pub fn write<T: Serialize, F: AsRef<[u8]>>(
        &mut self,
        json: &T,
        fields: impl IntoIterator<Item = F>,
    ) -> anyhow::Result<()> {
        match self {
            RecordWriter::Jsonl(w) => {
                serde_json::to_writer(&mut *w, json)?;
                w.write_all(b"\n")?;
            }
            RecordWriter::Csv(w) => w.write_record(fields)?,
        }
        Ok(())
    }

    /// Writes one message; `neutralise` as in [`MessageRecord::csv_fields`].
    pub fn write_message(
        &mut self,
        rec: &MessageRecord<'_>,
        neutralise: bool,
    ) -> anyhow::Result<()> {
        match self {
            RecordWriter::Jsonl(_) => self.write(rec, [""; 0]),
            RecordWriter::Csv(_) => self.write(rec, rec.csv_fields(neutralise)),
        }
    }
}

/// Writes a conversation's records as JSON Lines byte-identical to serialising each
/// [`MessageRecord`] with serde_json, but escapes the fields shared by every record (id,
/// file path, sender names) once per conversation instead of once per message.
pub struct JsonlRenderer {
    /// `{"conversation":"<id>","index":`
    head: String,
    /// Per participant: `"<name>"`.
    senders: Vec<String>,
    /// Per input file: `,"source":{"file":"<path>","line":`
    sources: Vec<String>,
}

impl JsonlRenderer {
    pub fn new(conv: &Conversation) -> anyhow::Result<Self> {
        let quote = |s: &str| serde_json::to_string(s);
        Ok(JsonlRenderer {
            head: format!("{{\"conversation\":{},\"index\":", quote(&conv.id)?),
            senders: conv
                .participants
                .iter()
                .map(|p| quote(&p.name))
                .collect::<Result<_, _>>()?,
            sources: conv
                .source
                .files
                .iter()
                .map(|f| Ok(format!(",\"source\":{{\"file\":{},\"line\":", quote(f)?)))
                .collect::<Result<_, serde_json::Error>>()?,
        })
    }

    /// Appends the record of `m` and a newline.
    pub fn write(&self, out: &mut Vec<u8>, m: &Message) -> anyhow::Result<()> {
        out.extend_from_slice(self.head.as_bytes());
        out.extend_from_slice(m.index.to_string().as_bytes());
        out.extend_from_slice(b",\"timestamp\":\"");
        out.extend_from_slice(iso(&m.timestamp).as_bytes());
        out.extend_from_slice(b"\",\"sender\":");
        match m.sender.and_then(|p| self.senders.get(p)) {
            Some(name) => out.extend_from_slice(name.as_bytes()),
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"kind\":\"");
        out.extend_from_slice(m.kind.as_str().as_bytes());
        out.extend_from_slice(b"\",\"media\":");
        match m.kind.media() {
            Some(k) => {
                out.push(b'"');
                out.extend_from_slice(k.as_str().as_bytes());
                out.push(b'"');
            }
            None => out.extend_from_slice(b"null"),
        }
        out.extend_from_slice(b",\"text\":");
        serde_json::to_writer(&mut *out, &m.text)?;
        out.extend_from_slice(if m.edited {
            b",\"edited\":true"
        } else {
            b",\"edited\":false"
        });
        out.extend_from_slice(b",\"reply_to\":");
        push_number(out, m.reply_to);
        out.extend_from_slice(b",\"duration_s\":");
        push_number(out, m.kind.call_seconds());
        let source = self.sources.get(m.file).map(String::as_str);
        let empty = ",\"source\":{\"file\":\"\",\"line\":";
        out.extend_from_slice(source.unwrap_or(empty).as_bytes());
        out.extend_from_slice(m.span.line.to_string().as_bytes());
        out.extend_from_slice(b"}}\n");
        Ok(())
    }
}

/// A number, or `null`.
fn push_number(out: &mut Vec<u8>, n: Option<impl ToString>) {
    match n {
        Some(n) => out.extend_from_slice(n.to_string().as_bytes()),
        None => out.extend_from_slice(b"null"),
    }
}

/// The same text as [`Timestamp::to_iso`], without going through chrono's format-string
/// interpreter (it dominated the time of writing a million records).
pub fn iso(ts: &Timestamp) -> String {
    let w = ts.wall;
    let year = w.year();
    if !(0..=9999).contains(&year) {
        return ts.to_iso();
    }
    let mut s = String::with_capacity(25);
    let push2 = |s: &mut String, v: u32| {
        s.push(char::from(b'0' + (v / 10) as u8));
        s.push(char::from(b'0' + (v % 10) as u8));
    };
    let year = year as u32;
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
    match ts.offset_s {
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use pushpull::ingest::{parse_bytes, IngestOptions};

    #[test]
    fn fast_jsonl_is_byte_identical_to_serde() {
        let text = "1/15/24, 9:41 PM - Anna \"A\": say \"hi\"\\n\ttab\n\
                    1/15/24, 9:42 PM - Sam: <Media omitted>\n\
                    1/16/24, 9:43 PM - Anna changed the group description\n\
                    1/16/24, 9:44 PM - Sam: ok <This message was edited>\n";
        let opts = IngestOptions {
            tz_offset_s: Some(-3600),
            ..IngestOptions::default()
        };
        let conv = parse_bytes("dir/\"odd\" name.txt", text.as_bytes(), &opts)
            .unwrap()
            .remove(0);
        let fast = JsonlRenderer::new(&conv).unwrap();
        let mut got = Vec::new();
        let mut want = Vec::new();
        for m in &conv.messages {
            fast.write(&mut got, m).unwrap();
            serde_json::to_writer(&mut want, &MessageRecord::new(&conv, m)).unwrap();
            want.push(b'\n');
        }
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(want).unwrap()
        );
    }

    #[test]
    fn fast_iso_matches_to_iso() {
        for (y, offset) in [
            (2021, None),
            (987, Some(0)),
            (2024, Some(-19800)),
            (2024, Some(3600)),
        ] {
            let wall = NaiveDate::from_ymd_opt(y, 2, 9)
                .unwrap()
                .and_hms_opt(7, 5, 3)
                .unwrap();
            let ts = Timestamp {
                wall,
                offset_s: offset,
            };
            assert_eq!(iso(&ts), ts.to_iso());
        }
    }
}
