//! Fuzz target: WhatsApp iOS exports from a phone set to the Japanese calendar. The input
//! generates messages on dates of the five modern eras (Meiji … Reiwa), written as iOS
//! does: era letter or kanji before the year (`[R5/01/02 14:56:01]`, `[令和5/1/2 …]`) or the
//! English locale's era letter after it (`[1/2/5 R, 2:56:01 PM]`). Every message must be
//! read, none lost, each at its Gregorian date and time (the English form in one field order
//! for the whole file: month first whenever a day above 12 says so).
#![no_main]
mod check;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use libfuzzer_sys::fuzz_target;
use pushpull::chat::Format;

/// (letter, kanji, Gregorian year before the era's first).
const ERAS: &[(char, &str, i32)] = &[
    ('M', "明治", 1867),
    ('T', "大正", 1911),
    ('S', "昭和", 1925),
    ('H', "平成", 1988),
    ('R', "令和", 2018),
];

/// One message's time from five input bytes: era, year of the era, day of the year, minute
/// of the day (two bytes), second.
fn time(b: &[u8]) -> (usize, i32, NaiveDateTime) {
    let era = usize::from(b[0]) % ERAS.len();
    let year = 1 + i32::from(b[0] / 8) % 45;
    let ordinal = 1 + u32::from(u16::from_le_bytes([b[1], b[2]]) % 365);
    let minute = u32::from(u16::from_le_bytes([b[3], b[4]]) % 1440);
    let date = NaiveDate::from_yo_opt(ERAS[era].2 + year, ordinal).expect("day 1..=365");
    let t = date
        .and_hms_opt(minute / 60, minute % 60, u32::from(b[4]) % 60)
        .expect("valid");
    (era, year, t)
}

fn line(form: u8, era: usize, year: i32, t: NaiveDateTime, k: usize) -> String {
    let (letter, kanji, _) = ERAS[era];
    let (m, d) = (t.month(), t.day());
    let hms = t.format("%H:%M:%S");
    let who = ["花子", "Taro"][k % 2];
    match form % 4 {
        0 => format!("[{letter}{year}/{m:02}/{d:02} {hms}] {who}: メッセージ {k}\n"),
        1 => format!("[{kanji}{year}/{m}/{d} {hms}] {who}: メッセージ {k}\n"),
        2 => format!("[{letter}{year:02}/{m}/{d} {hms}] {who}: message {k}\n"),
        _ => {
            let hm12 = t.format("%-I:%M:%S %p");
            format!("[{m}/{d}/{year} {letter}, {hm12}] {who}: message {k}\n")
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&form, rest)) = data.split_first() else {
        return;
    };
    let times: Vec<_> = rest.chunks_exact(5).take(64).map(time).collect();
    if times.is_empty() {
        return;
    }
    let text: String = times
        .iter()
        .enumerate()
        .map(|(k, &(era, year, t))| line(form, era, year, t, k))
        .collect();
    let result =
        pushpull::ingest::parse_text(Format::WhatsAppText, check::NAME, &text, &check::opts());
    let convs = result.unwrap_or_else(|e| panic!("era export refused: {e}\n{text}"));
    check::check(Ok(convs.clone()));
    let got: Vec<NaiveDateTime> = convs[0].messages.iter().map(|m| m.timestamp.wall).collect();
    assert_eq!(got.len(), times.len(), "messages lost:\n{text}");
    let want: Vec<NaiveDateTime> = times.iter().map(|t| t.2).collect();
    if form % 4 != 3 || got == want {
        assert_eq!(got, want, "wrong dates:\n{text}");
        return;
    }
    // The English form with every day ≤ 12 may be read day first; then all of it, and
    // always the right year and time.
    assert!(
        want.iter().all(|t| t.day() <= 12),
        "read day first though a day is above 12"
    );
    for (g, w) in got.iter().zip(&want) {
        let swapped = w
            .date()
            .with_day(1)
            .and_then(|d| d.with_month(w.day()))
            .and_then(|d| d.with_day(w.month()));
        assert_eq!(Some(g.date()), swapped, "neither field order:\n{text}");
        assert_eq!(
            (g.hour(), g.minute(), g.second()),
            (w.hour(), w.minute(), w.second())
        );
    }
});
