//! Numeric dates and times as chat exports print them: byte-level readers for digits
//! (ASCII and Eastern-Arabic), separators, spaces and AM/PM markers in many locales, and the
//! whole-file decision of which field of `1/2/20` is the day.
//!
//! It knows nothing about any export's line layout; `whatsapp.rs` strings these pieces
//! together. Everything here works on bytes and allocates nothing.

use super::DateOrder;
use chrono::{NaiveDate, NaiveDateTime};

/// Reads up to `max` digits at `*i` (ASCII `0-9`, Arabic-Indic `٠-٩` U+0660–0669 or
/// Extended Arabic-Indic `۰-۹` U+06F0–06F9). Returns the value and the digit count.
#[inline]
pub fn read_number(s: &[u8], i: &mut usize, max: usize) -> Option<(u32, u8)> {
    let mut value: u32 = 0;
    let mut n: u8 = 0;
    while usize::from(n) < max {
        match s.get(*i) {
            Some(&b) if b.is_ascii_digit() => {
                value = value * 10 + u32::from(b - b'0');
                *i += 1;
            }
            // U+0660–0669 = D9 A0–A9; U+06F0–06F9 = DB B0–B9
            Some(&0xD9) if matches!(s.get(*i + 1), Some(0xA0..=0xA9)) => {
                value = value * 10 + u32::from(s[*i + 1] - 0xA0);
                *i += 2;
            }
            Some(&0xDB) if matches!(s.get(*i + 1), Some(0xB0..=0xB9)) => {
                value = value * 10 + u32::from(s[*i + 1] - 0xB0);
                *i += 2;
            }
            _ => break,
        }
        n += 1;
    }
    (n > 0).then_some((value, n))
}

/// True when a digit (ASCII or Arabic-Indic) starts at `i`.
#[inline]
pub fn digit_at(s: &[u8], i: usize) -> bool {
    match s.get(i) {
        Some(b) if b.is_ascii_digit() => true,
        Some(0xD9) => matches!(s.get(i + 1), Some(0xA0..=0xA9)),
        Some(0xDB) => matches!(s.get(i + 1), Some(0xB0..=0xB9)),
        _ => false,
    }
}

/// Length of a directional mark at `i` (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069,
/// U+FEFF), or 0.
#[inline]
pub fn mark_len(s: &[u8], i: usize) -> usize {
    match (s.get(i), s.get(i + 1), s.get(i + 2)) {
        (Some(0xE2), Some(0x80), Some(0x8E | 0x8F | 0xAA..=0xAE)) => 3,
        (Some(0xE2), Some(0x81), Some(0xA6..=0xA9)) => 3,
        (Some(0xEF), Some(0xBB), Some(0xBF)) => 3,
        _ => 0,
    }
}

/// Skips directional marks.
#[inline]
pub fn skip_marks(s: &[u8], i: &mut usize) {
    loop {
        let n = mark_len(s, *i);
        if n == 0 {
            return;
        }
        *i += n;
    }
}

/// Length of a space at `i`: U+0020, U+00A0 (NBSP), U+202F (narrow NBSP), U+2009 (thin).
#[inline]
pub fn space_len(s: &[u8], i: usize) -> usize {
    match (s.get(i), s.get(i + 1), s.get(i + 2)) {
        (Some(b' '), _, _) => 1,
        (Some(0xC2), Some(0xA0), _) => 2,
        (Some(0xE2), Some(0x80), Some(0xAF | 0x89)) => 3,
        _ => 0,
    }
}

/// Skips spaces and directional marks; returns how many bytes were skipped.
#[inline]
pub fn skip_blanks(s: &[u8], i: &mut usize) -> usize {
    let start = *i;
    loop {
        let n = space_len(s, *i).max(mark_len(s, *i));
        if n == 0 {
            return *i - start;
        }
        *i += n;
    }
}

/// Morning or afternoon marker of a 12-hour clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meridiem {
    /// Before noon (`AM`, `a.m.`, `上午`).
    Am,
    /// Noon and after (`PM`, `p.m.`, `下午`).
    Pm,
}

/// Markers written before the time (Chinese, Korean, Japanese): `上午 2:22`.
const MERIDIEM_BEFORE: &[(&str, Meridiem)] = &[
    ("上午", Meridiem::Am),
    ("下午", Meridiem::Pm),
    ("오전", Meridiem::Am),
    ("오후", Meridiem::Pm),
    ("午前", Meridiem::Am),
    ("午後", Meridiem::Pm),
];

/// Reads a CJK marker (`上午`, `오후`, `午前`...) without the spaces around it.
#[inline]
fn read_cjk_meridiem(s: &[u8], i: &mut usize) -> Option<Meridiem> {
    if s.get(*i).is_none_or(|b| b.is_ascii()) {
        return None;
    }
    for (word, m) in MERIDIEM_BEFORE {
        if s[*i..].starts_with(word.as_bytes()) {
            *i += word.len();
            return Some(*m);
        }
    }
    None
}

/// Reads a marker written before the time, with the spaces after it.
#[inline]
pub fn read_meridiem_before(s: &[u8], i: &mut usize) -> Option<Meridiem> {
    let m = read_cjk_meridiem(s, i)?;
    skip_blanks(s, i);
    Some(m)
}

/// Reads a marker written after the time: `AM`, `pm`, `a.m.`, `p. m.` (also with U+00A0 or
/// U+202F inside), `上午/下午`, `오전/오후`, `午前/午後`, Arabic `ص/م`. The spaces before it
/// must already be skipped. The marker must end the time: a letter right after it means it
/// was a word, not a marker.
#[inline]
pub fn read_meridiem_after(s: &[u8], i: &mut usize) -> Option<Meridiem> {
    let mut j = *i;
    let m = match s.get(j)? {
        b'a' | b'A' => Meridiem::Am,
        b'p' | b'P' => Meridiem::Pm,
        0xD8 if s.get(j + 1) == Some(&0xB5) => {
            *i = j + 2;
            return Some(Meridiem::Am);
        }
        0xD9 if s.get(j + 1) == Some(&0x85) => {
            *i = j + 2;
            return Some(Meridiem::Pm);
        }
        _ => return read_cjk_meridiem(s, i),
    };
    j += 1;
    let dotted = s.get(j) == Some(&b'.');
    if dotted {
        j += 1;
        j += space_len(s, j);
    }
    if !matches!(s.get(j), Some(b'm' | b'M')) {
        return None;
    }
    j += 1;
    if dotted {
        if s.get(j) != Some(&b'.') {
            return None;
        }
        j += 1;
    }
    if s.get(j).is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    *i = j;
    Some(m)
}

/// Converts a 12-hour clock reading to 24 hours; `None` for an impossible hour.
#[inline]
pub fn to_24h(hour: u32, m: Option<Meridiem>) -> Option<u32> {
    match m {
        None => (hour < 24).then_some(hour),
        Some(_) if hour > 12 => None,
        Some(Meridiem::Am) => Some(hour % 12),
        Some(Meridiem::Pm) => Some(hour % 12 + 12),
    }
}

/// The three numbers of a date as printed, before deciding which is the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawDate {
    /// The first number as printed.
    pub a: u16,
    /// The second number as printed.
    pub b: u16,
    /// The third number as printed.
    pub c: u16,
    /// Digits of the first field (4 means the year comes first).
    pub a_digits: u8,
    /// A Buddhist-era year (`2565 BE`): 543 years ahead of the Gregorian one.
    pub buddhist: bool,
    /// A Japanese era year (`R5` = Reiwa 5 = 2023): the Gregorian year before the era's
    /// first year (2018 for Reiwa), 0 for none. See [`read_era_prefix`].
    pub era_base: u16,
}

/// Which field is which, once decided for a whole file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldOrder {
    /// Day, month, year.
    Dmy,
    /// Month, day, year (United States).
    Mdy,
    /// Year, month, day (ISO, and East Asian locales).
    Ymd,
}

impl RawDate {
    /// (year, month, day) under `order`; two-digit years are 2000-based.
    #[inline]
    pub fn ymd(&self, order: FieldOrder) -> (i32, u32, u32) {
        let (y, m, d) = match order {
            FieldOrder::Dmy => (self.c, self.b, self.a),
            FieldOrder::Mdy => (self.c, self.a, self.b),
            FieldOrder::Ymd => (self.a, self.b, self.c),
        };
        let mut y = i32::from(y);
        if self.era_base > 0 {
            return (y + i32::from(self.era_base), u32::from(m), u32::from(d));
        }
        if y < 100 {
            y += 2000;
        }
        if self.buddhist {
            y -= 543;
        }
        (y, u32::from(m), u32::from(d))
    }

    /// The date under `order` at the given time of day; `None` for an impossible date.
    pub fn to_datetime(
        &self,
        order: FieldOrder,
        hour: u32,
        min: u32,
        sec: u32,
    ) -> Option<NaiveDateTime> {
        let (y, m, d) = self.ymd(order);
        NaiveDate::from_ymd_opt(y, m, d)?.and_hms_opt(hour, min, sec)
    }
}

/// The Japanese eras (gengō) a phone set to the Japanese calendar prints, as the one-letter
/// abbreviation iOS uses in short dates (`R5/01/02`, `1/2/5 R`), the era name in kanji,
/// and the Gregorian year before the era's first year (Reiwa 1 = 2019).
const JAPANESE_ERAS: &[(u8, &str, u16)] = &[
    (b'M', "明治", 1867),
    (b'T', "大正", 1911),
    (b'S', "昭和", 1925),
    (b'H', "平成", 1988),
    (b'R', "令和", 2018),
];

/// Reads a Japanese era written before the year (`R5/…`, `令和5/…`): the era's base year,
/// with `*i` moved to the year's digits. Only when a digit follows.
#[inline]
pub fn read_era_prefix(s: &[u8], i: &mut usize) -> Option<u16> {
    let first = *s.get(*i)?;
    for &(letter, kanji, base) in JAPANESE_ERAS {
        let len = if first == letter {
            1
        } else if s[*i..].starts_with(kanji.as_bytes()) {
            kanji.len()
        } else {
            continue;
        };
        if digit_at(s, *i + len) {
            *i += len;
            return Some(base);
        }
        return None;
    }
    None
}

/// Reads a Japanese era written after the year, as English-locale iOS prints it with the
/// Japanese calendar (`1/2/5 R,`): a space and the era letter, not followed by a letter.
#[inline]
pub fn read_era_suffix(s: &[u8], i: &mut usize) -> Option<u16> {
    if s.get(*i) != Some(&b' ') || s.get(*i + 2).is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let letter = *s.get(*i + 1)?;
    let &(_, _, base) = JAPANESE_ERAS.iter().find(|(l, _, _)| *l == letter)?;
    *i += 2;
    Some(base)
}

/// The outcome of deciding the date order of a file, with a note when it was a guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderDecision {
    /// The order chosen for the file.
    pub order: FieldOrder,
    /// Why, when the order was a guess (for the warnings).
    pub note: Option<String>,
}

/// Decides the field order from every date in a file (`dates` paired with seconds since
/// midnight, in file order). A year field of 4 digits first means y/m/d. Otherwise a first
/// field > 12 means d/m/y, a second > 12 means m/d/y; if every date is ambiguous the order
/// that keeps timestamps non-decreasing wins, then the one whose day field changes more
/// often; if still undecided, day-first with a note. `forced` overrides everything.
pub fn decide_order(dates: &[(RawDate, u32)], forced: DateOrder) -> OrderDecision {
    let decided = |order| OrderDecision { order, note: None };
    match forced {
        DateOrder::Dmy => return decided(FieldOrder::Dmy),
        DateOrder::Mdy => return decided(FieldOrder::Mdy),
        DateOrder::Ymd => return decided(FieldOrder::Ymd),
        DateOrder::Auto => {}
    }
    let year_first = dates.iter().filter(|(d, _)| d.a_digits >= 3).count();
    if year_first * 2 > dates.len() {
        return decided(FieldOrder::Ymd);
    }
    let a_big = dates.iter().any(|(d, _)| d.a > 12);
    let b_big = dates.iter().any(|(d, _)| d.b > 12);
    match (a_big, b_big) {
        (true, false) => return decided(FieldOrder::Dmy),
        (false, true) => return decided(FieldOrder::Mdy),
        (true, true) => {
            let (dmy, mdy) = (
                invalid_count(dates, FieldOrder::Dmy),
                invalid_count(dates, FieldOrder::Mdy),
            );
            let order = if mdy < dmy {
                FieldOrder::Mdy
            } else {
                FieldOrder::Dmy
            };
            return OrderDecision {
                order,
                note: Some(format!(
                    "dates contradict each other (both first and second field exceed 12); read as {}",
                    order_name(order)
                )),
            };
        }
        (false, false) => {}
    }
    let (dmy, mdy) = (
        decreases(dates, FieldOrder::Dmy),
        decreases(dates, FieldOrder::Mdy),
    );
    if dmy != mdy {
        return decided(if dmy < mdy {
            FieldOrder::Dmy
        } else {
            FieldOrder::Mdy
        });
    }
    let changes = |f: fn(&RawDate) -> u16| {
        dates
            .windows(2)
            .filter(|w| f(&w[0].0) != f(&w[1].0))
            .count()
    };
    let (a_changes, b_changes) = (changes(|d| d.a), changes(|d| d.b));
    if a_changes != b_changes {
        return decided(if a_changes > b_changes {
            FieldOrder::Dmy
        } else {
            FieldOrder::Mdy
        });
    }
    OrderDecision {
        order: FieldOrder::Dmy,
        note: Some(
            "every date is ambiguous (day and month both <= 12); read day-first \
             (use --date-order mdy if that is wrong)"
                .to_string(),
        ),
    }
}

fn order_name(order: FieldOrder) -> &'static str {
    match order {
        FieldOrder::Dmy => "day/month/year",
        FieldOrder::Mdy => "month/day/year",
        FieldOrder::Ymd => "year/month/day",
    }
}

fn invalid_count(dates: &[(RawDate, u32)], order: FieldOrder) -> usize {
    dates
        .iter()
        .filter(|(d, _)| {
            let (y, m, day) = d.ymd(order);
            NaiveDate::from_ymd_opt(y, m, day).is_none()
        })
        .count()
}

fn decreases(dates: &[(RawDate, u32)], order: FieldOrder) -> usize {
    let key = |(d, secs): &(RawDate, u32)| {
        let (y, m, day) = d.ymd(order);
        ((i64::from(y) * 13 + i64::from(m)) * 32 + i64::from(day)) * 86_400 + i64::from(*secs)
    };
    dates.windows(2).filter(|w| key(&w[1]) < key(&w[0])).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(a: u16, b: u16, c: u16) -> (RawDate, u32) {
        (
            RawDate {
                a,
                b,
                c,
                a_digits: 2,
                buddhist: false,
                era_base: 0,
            },
            0,
        )
    }

    #[test]
    fn arabic_digits_and_marks() {
        let s = "١٨\u{200f}/٣".as_bytes();
        let mut i = 0;
        assert_eq!(read_number(s, &mut i, 4), Some((18, 2)));
        skip_marks(s, &mut i);
        assert_eq!(s[i], b'/');
    }

    #[test]
    fn japanese_eras() {
        for (text, base, rest) in [
            ("R5/1/2", Some(2018), "5/1/2"),
            ("H31/4/30", Some(1988), "31/4/30"),
            ("令和5/1/2", Some(2018), "5/1/2"),
            ("昭和64/1/7", Some(1925), "64/1/7"),
            ("Re/1", None, "Re/1"),
            ("X5/1", None, "X5/1"),
        ] {
            let mut i = 0;
            assert_eq!(read_era_prefix(text.as_bytes(), &mut i), base, "{text}");
            assert_eq!(&text[i..], rest, "{text}");
        }
        let mut i = 0;
        assert_eq!(read_era_suffix(b" R, 9:41", &mut i), Some(2018));
        assert_eq!(i, 2);
        let mut i = 0;
        assert_eq!(read_era_suffix(b" Ron: hi", &mut i), None);
        let date = RawDate {
            a: 5,
            b: 1,
            c: 2,
            a_digits: 4,
            buddhist: false,
            era_base: 2018,
        };
        assert_eq!(date.ymd(FieldOrder::Ymd), (2023, 1, 2));
    }

    #[test]
    fn meridiem_variants() {
        for (text, want) in [
            ("PM", Meridiem::Pm),
            ("am", Meridiem::Am),
            ("p.m.", Meridiem::Pm),
            ("p. m.", Meridiem::Pm),
            ("a.\u{a0}m.", Meridiem::Am),
            ("下午", Meridiem::Pm),
            ("오전", Meridiem::Am),
            ("م", Meridiem::Pm),
        ] {
            let mut i = 0;
            assert_eq!(
                read_meridiem_after(text.as_bytes(), &mut i),
                Some(want),
                "{text}"
            );
            assert_eq!(i, text.len(), "{text}");
        }
        let mut i = 0;
        assert_eq!(read_meridiem_after(b"pmx", &mut i), None);
        assert_eq!(to_24h(12, Some(Meridiem::Am)), Some(0));
        assert_eq!(to_24h(12, Some(Meridiem::Pm)), Some(12));
        assert_eq!(to_24h(0, Some(Meridiem::Am)), Some(0));
        assert_eq!(to_24h(13, Some(Meridiem::Pm)), None);
    }

    #[test]
    fn order_from_big_fields_then_monotonic_then_changes() {
        assert_eq!(
            decide_order(&[raw(1, 2, 20), raw(13, 2, 20)], DateOrder::Auto).order,
            FieldOrder::Dmy
        );
        assert_eq!(
            decide_order(&[raw(1, 2, 20), raw(2, 13, 20)], DateOrder::Auto).order,
            FieldOrder::Mdy
        );
        // 1/2 then 2/1: month-first keeps time going forward (Jan 2 -> Feb 1).
        assert_eq!(
            decide_order(&[raw(1, 2, 20), raw(2, 1, 20)], DateOrder::Auto).order,
            FieldOrder::Mdy
        );
        let single = decide_order(&[raw(12, 9, 20), raw(12, 9, 20)], DateOrder::Auto);
        assert_eq!(single.order, FieldOrder::Dmy);
        assert!(single.note.is_some());
        assert_eq!(
            decide_order(&[raw(13, 2, 20)], DateOrder::Mdy).order,
            FieldOrder::Mdy
        );
    }
}
