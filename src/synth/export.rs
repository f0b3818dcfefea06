//! Writes a [`Synthetic`] conversation in the formats users export: WhatsApp Android `.txt`
//! (`DD/MM/YYYY, HH:MM - Name: text`), WhatsApp iOS `.zip` holding `_chat.txt`
//! (`[DD/MM/YYYY, HH:MM:SS] Name: text`) and signal-export Markdown
//! (`[YYYY-MM-DD HH:MM:SS] Name: text␣␣`). Output is deterministic (fixed zip timestamps).

use super::Synthetic;
use crate::error::{Error, Result};
use std::io::Write;

/// The export format a planted conversation is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// WhatsApp Android `.txt` (minute resolution).
    WhatsApp,
    /// WhatsApp iOS `.zip` with `_chat.txt` (second resolution).
    WhatsAppIos,
    /// signal-export Markdown `.md` (second resolution).
    Signal,
}

impl ExportFormat {
    /// Whether the format drops seconds (the wall times a parser will read back).
    pub fn minute_resolution(self) -> bool {
        self == ExportFormat::WhatsApp
    }
}

const ENCRYPTION_NOTICE: &str = "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.";

/// One message line as an export writes it.
pub struct ExportLine<'a> {
    /// The time the export prints.
    pub wall: chrono::NaiveDateTime,
    /// The sender's display name.
    pub sender: &'a str,
    /// The message text (continuation lines included).
    pub text: &'a str,
}

/// The export text (for the zip format: the `_chat.txt` inside it).
pub fn chat_text(s: &Synthetic, format: ExportFormat) -> String {
    let lines = s.messages.iter().enumerate().map(|(i, m)| ExportLine {
        wall: s.wall(i),
        sender: &s.names[m.who],
        text: &s.texts[i],
    });
    write_lines(format, &s.names[1], None, lines)
}

/// The export text of any number of participants: the encryption notice (attributed to
/// `notice_sender` in the iOS format, as WhatsApp does), for a group chat (`group` =
/// `(creator, title)`) the "created group" line of WhatsApp Android, then one line per
/// message.
pub fn write_lines<'a>(
    format: ExportFormat,
    notice_sender: &str,
    group: Option<(&str, &str)>,
    lines: impl Iterator<Item = ExportLine<'a>>,
) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let first = super::day_zero();
    match format {
        ExportFormat::WhatsApp => {
            let stamp = first.format("%d/%m/%Y, %H:%M");
            out.push_str(&format!("{stamp} - {ENCRYPTION_NOTICE}\n"));
            if let Some((creator, title)) = group {
                out.push_str(&format!("{stamp} - {creator} created group \"{title}\"\n"));
            }
        }
        ExportFormat::WhatsAppIos => {
            let stamp = first.format("%d/%m/%Y, %H:%M:%S");
            out.push_str(&format!(
                "[{stamp}] {notice_sender}: \u{200e}{ENCRYPTION_NOTICE}\n"
            ));
        }
        ExportFormat::Signal => {}
    }
    for ExportLine { wall, sender, text } in lines {
        let line = match format {
            ExportFormat::WhatsApp => {
                format!("{} - {sender}: {text}\n", wall.format("%d/%m/%Y, %H:%M"))
            }
            ExportFormat::WhatsAppIos => {
                format!("[{}] {sender}: {text}\n", wall.format("%d/%m/%Y, %H:%M:%S"))
            }
            // signal-export ends every body line with two spaces (a Markdown line break).
            ExportFormat::Signal => {
                format!(
                    "[{}] {sender}: {text}  \n",
                    wall.format("%Y-%m-%d %H:%M:%S")
                )
            }
        };
        out.push_str(&line);
    }
    out
}

/// The file name and bytes of the export.
pub fn render(s: &Synthetic, format: ExportFormat) -> Result<(String, Vec<u8>)> {
    package(&s.names[1], chat_text(s, format), format)
}

/// The file name (after `title`, the partner or the group) and bytes of an export whose
/// chat text is `text`: the text itself, or for WhatsApp iOS a zip holding `_chat.txt`.
pub fn package(title: &str, text: String, format: ExportFormat) -> Result<(String, Vec<u8>)> {
    Ok(match format {
        ExportFormat::WhatsApp => (format!("WhatsApp Chat with {title}.txt"), text.into_bytes()),
        ExportFormat::Signal => (format!("Signal chat with {title}.md"), text.into_bytes()),
        ExportFormat::WhatsAppIos => {
            let name = format!("WhatsApp Chat - {title}.zip");
            let zip_error = |e: zip::result::ZipError| Error::io(&name, std::io::Error::other(e));
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            zip.start_file("_chat.txt", options).map_err(zip_error)?;
            zip.write_all(text.as_bytes())
                .map_err(|e| Error::io(&name, e))?;
            let bytes = zip.finish().map_err(zip_error)?.into_inner();
            (name, bytes)
        }
    })
}
