//! The per-message output table shared by `parse` (and extended by `score`): one
//! [`MessageRecord`] per message, written as JSON Lines or as CSV with the same columns
//! (`source` flattened to `source_file`, `source_line`). Stable column names, ISO
//! timestamps, UTF-8, a header row: loads into pandas, R or DuckDB without options.

use pushpull::chat::{Conversation, Message};
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
    /// `text`, `media`, `system`, `deleted` or `call`.
    pub kind: &'static str,
    /// The attachment kind for media (`image`, `video`...), null otherwise.
    pub media: Option<&'static str>,
    pub text: &'a str,
    pub edited: bool,
    pub source: SourceRecord<'a>,
}

/// CSV column names, in order.
pub const CSV_COLUMNS: [&str; 10] = [
    "conversation",
    "index",
    "timestamp",
    "sender",
    "kind",
    "media",
    "text",
    "edited",
    "source_file",
    "source_line",
];

impl<'a> MessageRecord<'a> {
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

    /// The CSV fields in [`CSV_COLUMNS`] order (null → empty).
    pub fn csv_fields(&self) -> [String; 10] {
        [
            self.conversation.to_string(),
            self.index.to_string(),
            self.timestamp.clone(),
            self.sender.unwrap_or("").to_string(),
            self.kind.to_string(),
            self.media.unwrap_or("").to_string(),
            self.text.to_string(),
            self.edited.to_string(),
            self.source.file.to_string(),
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
    /// A writer; for CSV, `columns` is written as the header row.
    pub fn new(format: TableFormat, out: W, columns: &[&str]) -> anyhow::Result<Self> {
        Ok(match format {
            TableFormat::Jsonl => RecordWriter::Jsonl(out),
            TableFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(columns)?;
                RecordWriter::Csv(Box::new(w))
            }
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

    pub fn write_message(&mut self, rec: &MessageRecord<'_>) -> anyhow::Result<()> {
        match self {
            RecordWriter::Jsonl(_) => self.write(rec, [""; 0]),
            RecordWriter::Csv(_) => self.write(rec, rec.csv_fields()),
        }
    }

    pub fn finish(self) -> anyhow::Result<()> {
        match self {
            RecordWriter::Jsonl(mut w) => w.flush()?,
            RecordWriter::Csv(mut w) => w.flush()?,
        }
        Ok(())
    }
}
