//! The per-message table every command writes: `parse` writes the [`MESSAGE_COLUMNS`],
//! `score` adds the score and the chat cues ([`crate::score::Cues::COLUMNS`]), `analyze`
//! (`messages.csv`) adds the score, the wait and the phase (see `docs/tables.md`). One
//! [`MessageRecord`] per message, written as JSON Lines or as CSV with the same columns
//! (`source` flattened to `source_file`, `source_line`). Stable column names, ISO
//! timestamps, UTF-8, a header row: loads into pandas, R or DuckDB without options.
//! In CSV, free-text cells a spreadsheet would run as a formula get a leading `'` unless
//! the caller asks for the raw text (JSON Lines is always exact).

use super::spreadsheet::free_text;
use crate::chat::{Conversation, Message};
use rayon::prelude::*;
use serde::Serialize;
use std::io::{self, Write};

/// Where a message came from: the input's display path and its first line (or record).
#[derive(Debug, Serialize)]
pub struct SourceRecord<'a> {
    /// The input's display path (`-` for stdin, `archive.zip/_chat.txt` inside a zip).
    pub file: &'a str,
    /// The message's first line (text formats) or record number (JSON), 1-based.
    pub line: usize,
}

/// One message as a row of the table.
#[derive(Debug, Serialize)]
pub struct MessageRecord<'a> {
    /// The conversation's id (unique in a batch).
    pub conversation: &'a str,
    /// The message's position in the conversation, from 0.
    pub index: usize,
    /// ISO 8601; with `Z`/offset only when the zone is known.
    pub timestamp: String,
    /// The author's name; null for system lines.
    pub sender: Option<&'a str>,
    /// `text`, `media`, `system`, `deleted`, `call`; events: `reaction`, `edit`, and the
    /// group events `joined`, `left`, `added`, `removed`, `subject`.
    pub kind: &'static str,
    /// The attachment kind for media (`image`, `video`...), null otherwise.
    pub media: Option<&'static str>,
    /// The message text (a caption for media, the line itself for system messages).
    pub text: &'a str,
    /// Whether the export marks the message as edited.
    pub edited: bool,
    /// The index of the message this one replies to; for a reaction or an edit, the
    /// message reacted to or edited.
    pub reply_to: Option<usize>,
    /// A call's length in seconds when the export records it (0: missed).
    pub duration_s: Option<u32>,
    /// Where the message was read from.
    pub source: SourceRecord<'a>,
}

/// The columns of a message in CSV, in order: every command's table starts with them.
pub const MESSAGE_COLUMNS: [&str; 12] = [
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
    /// The record of message `m` of `conv`.
    pub fn new(conv: &'a Conversation, m: &'a Message) -> Self {
        MessageRecord {
            conversation: &conv.id,
            index: m.index,
            timestamp: m.timestamp.to_iso(),
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

    /// The CSV fields in [`MESSAGE_COLUMNS`] order (null → empty); with `neutralise`,
    /// free-text cells that a spreadsheet would run as a formula start with `'`.
    pub fn csv_fields(&self, neutralise: bool) -> [String; 12] {
        let text = |s: &str| free_text(s, neutralise);
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TableFormat {
    /// One JSON object per line.
    #[default]
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
}

/// Writes records as JSON Lines or CSV (header row first).
pub enum RecordWriter<W: Write> {
    /// JSON Lines straight to the output.
    Jsonl(W),
    /// CSV through the `csv` crate's quoting.
    Csv(Box<csv::Writer<W>>),
}

/// The I/O error inside a CSV error (so a closed pipe stays recognisable as one).
fn csv_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("writing CSV: {other:?}")),
    }
}

impl<W: Write> RecordWriter<W> {
    /// A writer; for CSV, `columns` is written as the header row (none when empty: a
    /// chunk of rows rendered apart and appended to an output that has the header).
    pub fn new(format: TableFormat, out: W, columns: &[&str]) -> io::Result<Self> {
        Ok(match format {
            TableFormat::Jsonl => RecordWriter::Jsonl(out),
            TableFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                if !columns.is_empty() {
                    w.write_record(columns).map_err(csv_io)?;
                }
                RecordWriter::Csv(Box::new(w))
            }
        })
    }

    /// Flushes and returns the underlying output.
    pub fn into_inner(self) -> io::Result<W> {
        match self {
            RecordWriter::Jsonl(w) => Ok(w),
            RecordWriter::Csv(w) => w.into_inner().map_err(|e| e.into_error()),
        }
    }

    /// Writes one record: `json` for JSON Lines, `fields` (same order as the header) for CSV.
    pub fn write<T: Serialize, F: AsRef<[u8]>>(
        &mut self,
        json: &T,
        fields: impl IntoIterator<Item = F>,
    ) -> io::Result<()> {
        match self {
            RecordWriter::Jsonl(w) => {
                serde_json::to_writer(&mut *w, json)?;
                w.write_all(b"\n")
            }
            RecordWriter::Csv(w) => w.write_record(fields).map_err(csv_io),
        }
    }

    /// Writes one message; `neutralise` as in [`MessageRecord::csv_fields`].
    pub fn write_message(&mut self, rec: &MessageRecord<'_>, neutralise: bool) -> io::Result<()> {
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
    /// The renderer for the messages of `conv`.
    pub fn new(conv: &Conversation) -> io::Result<Self> {
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
    pub fn write(&self, out: &mut Vec<u8>, m: &Message) -> io::Result<()> {
        out.extend_from_slice(self.head.as_bytes());
        out.extend_from_slice(m.index.to_string().as_bytes());
        out.extend_from_slice(b",\"timestamp\":\"");
        out.extend_from_slice(m.timestamp.to_iso().as_bytes());
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

/// Writes the message records of one conversation (no header), rendered in parallel chunks
/// and written in order, so the output is byte-identical to writing them one by one;
/// serialising is most of the time of `parse` on a large export. A window of chunks at a time keeps memory bounded.
pub fn write_messages(
    out: &mut impl Write,
    to: TableFormat,
    conv: &Conversation,
    neutralise: bool,
) -> io::Result<()> {
    const CHUNK: usize = 8 * 1024;
    const WINDOW: usize = 8 * CHUNK;
    let renderer = JsonlRenderer::new(conv)?;
    for window in conv.messages.chunks(WINDOW) {
        let rendered: Vec<Vec<u8>> = window
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut buf = Vec::with_capacity(chunk.len() * 200);
                match to {
                    TableFormat::Jsonl => {
                        for m in chunk {
                            renderer.write(&mut buf, m)?;
                        }
                        Ok(buf)
                    }
                    TableFormat::Csv => {
                        let mut w = RecordWriter::new(to, buf, &[])?;
                        for m in chunk {
                            w.write_message(&MessageRecord::new(conv, m), neutralise)?;
                        }
                        w.into_inner()
                    }
                }
            })
            .collect::<io::Result<_>>()?;
        for buf in rendered {
            out.write_all(&buf)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{parse_bytes, IngestOptions};

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
    fn a_closed_pipe_stays_a_broken_pipe_through_the_csv_writer() {
        struct Gone;
        impl Write for Gone {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
        }
        let w = csv::WriterBuilder::new()
            .buffer_capacity(1)
            .from_writer(Gone);
        let mut w = RecordWriter::Csv(Box::new(w));
        let e = w.write(&(), ["a", "b"]).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::BrokenPipe);
    }
}
