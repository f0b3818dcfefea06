//! The export variants users commonly produce that pushpull does not read, recognised so the
//! error says what to export instead (steps in `docs/exporting.md`): Telegram Desktop's HTML
//! export, Instagram's and Facebook's "Download your information" in HTML, other HTML, and a
//! folder with a chat's media but without its text file.

use crate::error::{Error, Position};
use std::path::Path;

/// How far into a file the markers are looked for.
const HEAD_BYTES: usize = 64 * 1024;

/// Where the steps are.
const GUIDE: &str = "see docs/exporting.md";

/// What to export instead of `text`, when `text` is one of the known wrong variants.
pub fn advice(display: &str, text: &str) -> Option<String> {
    let head = head(text).to_ascii_lowercase();
    let html = head.trim_start().starts_with('<')
        && (head.contains("<html") || head.contains("<!doctype html"));
    if !html {
        return None;
    }
    let name = display
        .rsplit(['/', '\\', '!'])
        .next()
        .unwrap_or(display)
        .to_ascii_lowercase();
    let telegram = head.contains("exported data") || head.contains("class=\"page_wrap\"");
    let meta = name.starts_with("message_")
        || head.contains("_a6-g")
        || head.contains("instagram")
        || head.contains("facebook")
        || head.contains("messenger");
    Some(if telegram {
        format!(
            "this is Telegram Desktop's HTML export; pushpull reads its JSON export: Settings → \
             Advanced → Export Telegram data (or a chat's ⋮ → Export chat history), Format: \
             \"Machine-readable JSON\", then give the result.json ({GUIDE})"
        )
    } else if meta {
        format!(
            "this is an HTML export from Instagram or Facebook; pushpull reads the JSON one: \
             Accounts Center → Your information and permissions → Download your information, \
             Format: JSON, then give the messages/inbox/<chat>/message_1.json ({GUIDE})"
        )
    } else {
        format!(
            "an HTML page, not a chat export pushpull reads; export the chat as text or JSON \
             ({GUIDE})"
        )
    })
}

/// An input error for a file that is a known wrong variant.
pub fn wrong_variant_error(display: &str, text: &str) -> Option<Error> {
    advice(display, text).map(|a| Error::input(display, Some(Position::Line(1)), a))
}

/// For a file a folder walk does not keep as an input: an error when it is an HTML chat
/// export (so the batch names it instead of skipping it unseen).
pub fn skipped_file_error(path: &Path) -> Option<Error> {
    let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
    if ext != "html" && ext != "htm" {
        return None;
    }
    let bytes = read_head(path)?;
    let text = String::from_utf8_lossy(&bytes);
    wrong_variant_error(&path.display().to_string(), &text)
}

/// The error for a folder in which no export was found: what was skipped, and what to
/// export when the files are a WhatsApp chat's media without its text.
pub fn empty_folder_error(dir: &Path, skipped: &[String]) -> Error {
    if skipped.is_empty() {
        return Error::input(
            dir.display().to_string(),
            None,
            format!("no chat export found: the folder holds no files ({GUIDE})"),
        );
    }
    let whatsapp_media = skipped.iter().filter(|n| is_whatsapp_media(n)).count();
    let listed: Vec<&str> = skipped.iter().take(5).map(String::as_str).collect();
    let more = skipped.len().saturating_sub(listed.len());
    let mut reason = format!(
        "no chat export found; {} file(s) skipped ({}{})",
        skipped.len(),
        listed.join(", "),
        if more > 0 {
            format!(", and {more} more")
        } else {
            String::new()
        }
    );
    if whatsapp_media > 0 && whatsapp_media * 2 >= skipped.len() {
        reason.push_str(&format!(
            "; these are a WhatsApp chat's media without the chat's text: export the chat \
             again (chat → ⋮ or the name → Export chat) and keep the .txt (Android) or the \
             whole .zip with _chat.txt (iOS) ({GUIDE})"
        ));
    } else {
        reason.push_str(&format!(
            "; pushpull reads .txt, .json, .jsonl, .csv, .md and .zip exports ({GUIDE})"
        ));
    }
    Error::input(dir.display().to_string(), None, reason)
}

/// WhatsApp's attachment names: `IMG-20220323-WA0002.jpg`, `PTT-20220323-WA0003.opus`,
/// `00000035-PHOTO-2022-03-23-13-31-55.jpg` (iOS).
fn is_whatsapp_media(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let android = ["IMG-", "VID-", "PTT-", "AUD-", "STK-", "DOC-"]
        .iter()
        .any(|p| upper.starts_with(p))
        && upper.contains("-WA");
    let ios = upper.len() > 9
        && upper.as_bytes()[..8].iter().all(u8::is_ascii_digit)
        && ["-PHOTO-", "-VIDEO-", "-AUDIO-", "-STICKER-", "-GIF-"]
            .iter()
            .any(|k| upper[8..].starts_with(k));
    android || ios
}

fn head(text: &str) -> &str {
    let mut end = text.len().min(HEAD_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn read_head(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::with_capacity(HEAD_BYTES);
    std::fs::File::open(path)
        .ok()?
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut buf)
        .ok()?;
    Some(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_variants_get_their_advice() {
        let tg = "<!DOCTYPE html>\n<html>\n<head><title>Exported Data</title></head>\
                  <body><div class=\"page_wrap\">";
        assert!(advice("messages.html", tg)
            .unwrap()
            .contains("Machine-readable JSON"));
        let ig = "<html><head><title>Anna</title></head><body><div class=\"_a6-g\">";
        assert!(advice("inbox/anna_1/message_1.html", ig)
            .unwrap()
            .contains("Format: JSON"));
        assert!(advice("page.html", "<html><body>hi").is_some());
        assert!(advice("chat.txt", "1/2/20, 9:41 - A: <html>").is_none());
    }

    #[test]
    fn whatsapp_media_names() {
        assert!(is_whatsapp_media("IMG-20220323-WA0002.jpg"));
        assert!(is_whatsapp_media("PTT-20220323-WA0003.opus"));
        assert!(is_whatsapp_media("00000035-PHOTO-2022-03-23-13-31-55.jpg"));
        assert!(!is_whatsapp_media("holiday.jpg"));
        let names: Vec<String> = ["IMG-20220323-WA0002.jpg", "VID-20220323-WA0001.mp4"]
            .map(String::from)
            .to_vec();
        let e = empty_folder_error(Path::new("media"), &names).to_string();
        assert!(
            e.contains("2 file(s) skipped") && e.contains("Export chat"),
            "{e}"
        );
    }
}
