//! The time zone of `--tz`: a fixed UTC offset (`+02:00`) or an IANA zone (`Europe/Berlin`,
//! from the tz database chrono-tz compiles in), and [`apply`], which puts every timestamp of
//! a parsed conversation in that zone.
//!
//! Local wall times (WhatsApp, Signal Markdown, imessage-exporter) get the zone's offset *at
//! that moment*, so a chat across a daylight-saving change keeps its real elapsed times. A
//! wall time the change night repeats (the fall-back hour) takes the offset that keeps the
//! chat going forward; one it skips (the spring-forward hour) keeps the offset from before
//! the change, with a note. Instants the export records in UTC (Telegram `date_unixtime`,
//! Meta, Discord, Signal JSON) are shown as the zone's wall time.

use crate::chat::{Conversation, IngestWarning, Timestamp};
use chrono::{Duration, LocalResult, NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;

/// A zone to read and show times in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zone {
    /// Seconds east of UTC, the same all year.
    Fixed(i32),
    /// An IANA zone with its daylight-saving rules.
    Named(Tz),
}

/// What a local wall time means in a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LocalOffset {
    /// One offset.
    Single(i32),
    /// The wall time happens twice (fall back): the earlier and the later offset.
    Repeated(i32, i32),
    /// The wall time never happens (spring forward): the offset before the change.
    Skipped(i32),
}

impl Zone {
    /// `UTC`, `Z`, `+02:00`, `-0530`, `UTC+1`, or an IANA name (`Europe/Berlin`, any case).
    pub fn parse(s: &str) -> Result<Zone, String> {
        let t = s.trim();
        if let Some(offset) = parse_offset(t) {
            return Ok(Zone::Fixed(offset));
        }
        t.parse::<Tz>()
            .or_else(|_| Tz::from_str_insensitive(t))
            .map(Zone::Named)
            .map_err(|_| {
                format!(
                    "`{s}` is neither a UTC offset (UTC, +02:00, -0530) nor an IANA time zone \
                     name (Europe/Berlin, America/New_York, Asia/Tokyo)"
                )
            })
    }

    /// The name written in outputs: the IANA name, or the offset as `+02:00`.
    pub fn name(&self) -> String {
        match self {
            Zone::Named(tz) => tz.name().to_string(),
            Zone::Fixed(0) => "UTC".to_string(),
            Zone::Fixed(off) => {
                let sign = if *off < 0 { '-' } else { '+' };
                let a = off.unsigned_abs();
                format!("{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)
            }
        }
    }

    /// The zone's offset at a UTC instant.
    fn offset_at_utc(&self, utc: NaiveDateTime) -> i32 {
        match self {
            Zone::Fixed(off) => *off,
            Zone::Named(tz) => tz.offset_from_utc_datetime(&utc).fix().local_minus_utc(),
        }
    }

    fn offset_of_local(&self, wall: NaiveDateTime) -> LocalOffset {
        let tz = match self {
            Zone::Fixed(off) => return LocalOffset::Single(*off),
            Zone::Named(tz) => tz,
        };
        match tz.offset_from_local_datetime(&wall) {
            LocalResult::Single(o) => LocalOffset::Single(o.fix().local_minus_utc()),
            LocalResult::Ambiguous(a, b) => {
                LocalOffset::Repeated(a.fix().local_minus_utc(), b.fix().local_minus_utc())
            }
            // In a gap: the offset in force just before it (a gap is at most a day).
            LocalResult::None => {
                LocalOffset::Skipped(self.offset_at_utc(wall - Duration::hours(26)))
            }
        }
    }
}

/// `UTC`/`Z`/`GMT`/`±HH`/`±HHMM`/`±HH:MM`, optionally after `UTC`/`GMT` → seconds east of UTC.
fn parse_offset(t: &str) -> Option<i32> {
    if ["utc", "z", "gmt"]
        .iter()
        .any(|n| t.eq_ignore_ascii_case(n))
    {
        return Some(0);
    }
    let t = t
        .strip_prefix("UTC")
        .or_else(|| t.strip_prefix("GMT"))
        .unwrap_or(t);
    let (sign, digits) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => return None,
    };
    let digits: String = digits.chars().filter(|&c| c != ':').collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i32, i32) = match digits.len() {
        1 | 2 => (digits.parse().ok()?, 0),
        4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        _ => return None,
    };
    (h <= 14 && m <= 59).then_some(sign * (h * 3600 + m * 60))
}

/// Puts every timestamp of `conv` in `zone` and records the zone's name in its source.
/// Messages stay in input order; the lines accounting is untouched (notes only).
pub fn apply(conv: &mut Conversation, zone: Zone) {
    let mut previous_instant: Option<i64> = None;
    let mut skipped = Vec::new();
    for m in &mut conv.messages {
        let ts = &mut m.timestamp;
        match ts.offset_s {
            Some(off) => {
                let utc = ts.wall - Duration::seconds(i64::from(off));
                let zone_off = zone.offset_at_utc(utc);
                *ts = Timestamp {
                    wall: utc + Duration::seconds(i64::from(zone_off)),
                    offset_s: Some(zone_off),
                };
            }
            None => {
                let off = match zone.offset_of_local(ts.wall) {
                    LocalOffset::Single(off) => off,
                    LocalOffset::Repeated(early, late) => {
                        let early_instant = ts.wall.and_utc().timestamp() - i64::from(early);
                        // The later reading when the earlier one would go back in time.
                        if previous_instant.is_some_and(|p| early_instant < p) {
                            late
                        } else {
                            early
                        }
                    }
                    LocalOffset::Skipped(before) => {
                        skipped.push(m.span.line);
                        before
                    }
                };
                ts.offset_s = Some(off);
            }
        }
        previous_instant = Some(ts.instant_secs());
    }
    if let Some(&first) = skipped.first() {
        let file = conv.source.files.first().cloned().unwrap_or_default();
        conv.warnings.push(IngestWarning {
            file,
            line: first,
            lines: 0,
            reason: format!(
                "{} time(s) fall in the hour {} skips at a daylight-saving change (first \
                 here); read with the offset from before the change",
                skipped.len(),
                zone.name()
            ),
        });
    }
    conv.source.zone = Some(zone.name());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_names() {
        assert_eq!(Zone::parse("UTC"), Ok(Zone::Fixed(0)));
        assert_eq!(Zone::parse("Z"), Ok(Zone::Fixed(0)));
        assert_eq!(Zone::parse("+02:00"), Ok(Zone::Fixed(7200)));
        assert_eq!(Zone::parse("UTC+1"), Ok(Zone::Fixed(3600)));
        assert_eq!(Zone::parse("-0530"), Ok(Zone::Fixed(-(5 * 3600 + 1800))));
        assert_eq!(
            Zone::parse("Europe/Berlin"),
            Ok(Zone::Named(chrono_tz::Europe::Berlin))
        );
        assert_eq!(
            Zone::parse("america/new_york"),
            Ok(Zone::Named(chrono_tz::America::New_York))
        );
        assert!(Zone::parse("+25:00").is_err());
        assert!(Zone::parse("Mars/Olympus").is_err());
        assert!(Zone::parse("").is_err());
        assert_eq!(Zone::Fixed(-19800).name(), "-05:30");
        assert_eq!(Zone::Named(chrono_tz::Asia::Tokyo).name(), "Asia/Tokyo");
    }
}
