//! Turns an input's bytes into text: strips a UTF-8 BOM, decodes UTF-16 (LE/BE, with or
//! without BOM), replaces invalid UTF-8 lossily (with a note saying where), and refuses
//! binary content (images, archives, anything with NUL bytes) with an error naming the file.

use crate::error::{Error, Position, Result};
use std::borrow::Cow;

/// Decoded text plus a note (line, reason) when decoding changed or guessed something.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub note: Option<(usize, String)>,
}

/// Magic numbers of binary files people drop into export folders.
const BINARY_MAGIC: &[(&[u8], &str)] = &[
    (b"\x89PNG", "a PNG image"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1F\x8B", "a gzip archive"),
    (b"OggS", "an Ogg audio file"),
    (b"RIFF", "a RIFF media file"),
    (b"SQLite format 3\0", "an SQLite database"),
];

pub fn decode<'a>(display: &str, bytes: &'a [u8]) -> Result<Decoded<'a>> {
    if bytes.is_empty() {
        return Err(Error::input(display, None, "empty file"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(display, rest, true, "UTF-16 LE (BOM)");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(display, rest, false, "UTF-16 BE (BOM)");
    }
    if let Some(little) = utf16_without_bom(bytes) {
        let name = if little { "UTF-16 LE" } else { "UTF-16 BE" };
        return utf16(display, bytes, little, name);
    }
    for (magic, what) in BINARY_MAGIC {
        if bytes.starts_with(magic) {
            return Err(binary(display, 0, what));
        }
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.is_empty() {
        return Err(Error::input(
            display,
            None,
            "empty file (only a byte-order mark)",
        ));
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if let Some(at) = memchr::memchr(0, head) {
        return Err(binary(display, at as u64, "binary data (NUL byte)"));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: Cow::Borrowed(text),
            note: None,
        }),
        Err(e) => {
            let at = e.valid_up_to();
            let line = 1 + memchr::memchr_iter(b'\n', &bytes[..at]).count();
            let bad = String::from_utf8_lossy(bytes)
                .chars()
                .filter(|&c| c == char::REPLACEMENT_CHARACTER)
                .count();
            Ok(Decoded {
                text: String::from_utf8_lossy(bytes),
                note: Some((
                    line,
                    format!(
                        "invalid UTF-8 (first at byte {at}): {bad} sequence(s) replaced with U+FFFD"
                    ),
                )),
            })
        }
    }
}

fn binary(display: &str, at: u64, what: &str) -> Error {
    Error::input(
        display,
        Some(Position::Byte(at)),
        format!("binary file, not a chat export: {what}"),
    )
}

/// Guesses UTF-16 without a BOM from the first bytes: text in a Latin script has a NUL in
/// every other byte. `Some(true)` = little-endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(512) & !1];
    if head.len() < 4 {
        return None;
    }
    let pairs = head.len() / 2;
    let even_nul = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nul = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_nul * 10 >= pairs * 7 && even_nul * 10 <= pairs {
        Some(true)
    } else if even_nul * 10 >= pairs * 7 && odd_nul * 10 <= pairs {
        Some(false)
    } else {
        None
    }
}

fn utf16<'a>(display: &str, bytes: &[u8], little: bool, name: &str) -> Result<Decoded<'a>> {
    let units = bytes.chunks_exact(2).map(|c| {
        if little {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut bad = 0usize;
    for ch in char::decode_utf16(units) {
        match ch {
            Ok(c) => text.push(c),
            Err(_) => {
                bad += 1;
                text.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
    if bytes.len() % 2 == 1 {
        bad += 1;
    }
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_string)
        .unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::input(display, None, format!("empty file ({name})")));
    }
    let mut reason = format!("decoded from {name}");
    if bad > 0 {
        reason.push_str(&format!(
            "; {bad} invalid code unit(s) replaced with U+FFFD"
        ));
    }
    Ok(Decoded {
        text: Cow::Owned(text),
        note: Some((1, reason)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_utf16_lossy_binary_empty() {
        assert_eq!(decode("f", b"\xEF\xBB\xBFhi").unwrap().text, "hi");
        let le: Vec<u8> = "hé\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode("f", &le).unwrap().text, "hé\n");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("hé".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode("f", &be).unwrap().text, "hé");
        let lossy = decode("f", b"a\nb\xFFc").unwrap();
        assert_eq!(lossy.text, "a\nb\u{fffd}c");
        assert_eq!(lossy.note.unwrap().0, 2);
        let err = decode("pic.txt", b"\x89PNG\r\n\x1a\n\0\0").unwrap_err();
        assert!(err.to_string().contains("pic.txt"), "{err}");
        assert!(decode("e", b"").is_err());
        assert!(decode("n", b"abc\0def").is_err());
    }
}
