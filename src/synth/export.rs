//! Writes a [`Synthetic`] conversation in the formats users export: WhatsApp Android `.txt`
//! (`DD/MM/YYYY, HH:MM - Name: text`), WhatsApp iOS `.zip` holding `_chat.txt`
//! (`[DD/MM/YYYY, HH:MM:SS] Name: text`) and signal-export Markdown
//! (`[YYYY-MM-DD HH:MM:SS] Name: text␣␣`). Output is deterministic (fixed zip timestamps).

use super::Synthetic;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// WhatsApp Android `.txt` (minute resolution).
    #[value(name = "whatsapp")]
    WhatsApp,
    /// WhatsApp iOS `.zip` with `_chat.txt` (second resolution).
    #[value(name = "whatsapp-ios")]
    WhatsAppIos,
    /// signal-export Markdown `.md` (second resolution).
    #[value(name = "signal")]
    Signal,
}

impl ExportFormat {
    /// Whether the format drops seconds (the wall times a parser will read back).
    pub fn minute_resolution(self) -> bool {
        self == ExportFormat::WhatsApp
    }
}

const ENCRYPTION_NOTICE: &str = "Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them. Tap to learn more.";

/// The export text (for the zip format: the `_chat.txt` inside it).
pub fn chat_text(s: &Synthetic, format: ExportFormat) -> String {
    let mut out = String::with_capacity(s.messages.len() * 64);
    let first = super::day_zero();
    match format {
        ExportFormat::WhatsApp => {
            out.push_str(&format!(
                "{} - {ENCRYPTION_NOTICE}\n",
                first.format("%d/%m/%Y, %H:%M")
            ));
        }
        ExportFormat::WhatsAppIos => {
            out.push_str(&format!(
                "[{}] {}: \u{200e}{ENCRYPTION_NOTICE}\n",
                first.format("%d/%m/%Y, %H:%M:%S"),
                s.names[1]
            ));
        }
        ExportFormat::Signal => {}
    }
    for (i, m) in s.messages.iter().enumerate() {
        let wall = s.wall(i);
        let name = &s.names[m.who];
        let text = &s.texts[i];
        let line = match format {
            ExportFormat::WhatsApp => {
                format!("{} - {name}: {text}\n", wall.format("%d/%m/%Y, %H:%M"))
            }
            ExportFormat::WhatsAppIos => {
                format!("[{}] {name}: {text}\n", wall.format("%d/%m/%Y, %H:%M:%S"))
            }
            // signal-export ends every body line with two spaces (a Markdown line break).
            ExportFormat::Signal => {
                format!("[{}] {name}: {text}  \n", wall.format("%Y-%m-%d %H:%M:%S"))
            }
        };
        out.push_str(&line);
    }
    out
}

/// The file name and bytes of the export.
pub fn render(s: &Synthetic, format: ExportFormat) -> anyhow::Result<(String, Vec<u8>)> {
    let text = chat_text(s, format);
    let partner = &s.names[1];
    Ok(match format {
        ExportFormat::WhatsApp => (
            format!("WhatsApp Chat with {partner}.txt"),
            text.into_bytes(),
        ),
        ExportFormat::Signal => (format!("Signal chat with {partner}.md"), text.into_bytes()),
        ExportFormat::WhatsAppIos => {
            let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            zip.start_file("_chat.txt", options)?;
            zip.write_all(text.as_bytes())?;
            let bytes = zip.finish()?.into_inner();
            (format!("WhatsApp Chat - {partner}.zip"), bytes)
        }
    })
}
