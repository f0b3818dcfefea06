//! Input options shared by the subcommands that read exports (`parse`, `score`,
//! `analyze`): the paths and how to read dates and zones.

use pushpull::ingest::{DateOrder, IngestOptions};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct InputArgs {
    /// Files, folders (recursive), .zip archives, or `-` for stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// How to read numeric dates like 1/2/20 (auto decides from the whole file).
    #[arg(long, value_enum, default_value_t = DateOrder::Auto)]
    pub date_order: DateOrder,
    /// UTC offset of local-time exports (WhatsApp, Signal Markdown): `UTC`, `Z`, `+02:00`,
    /// `-0530`. Named zones (Europe/Paris) are not supported: give the offset.
    #[arg(long, value_parser = parse_tz)]
    pub tz: Option<i32>,
}

impl InputArgs {
    pub fn options(&self) -> IngestOptions {
        IngestOptions {
            date_order: self.date_order,
            tz_offset_s: self.tz,
        }
    }
}

/// `UTC`/`Z`/`±HH`/`±HHMM`/`±HH:MM` → seconds east of UTC.
pub fn parse_tz(s: &str) -> Result<i32, String> {
    let t = s.trim();
    if t.eq_ignore_ascii_case("utc") || t.eq_ignore_ascii_case("z") || t.eq_ignore_ascii_case("gmt")
    {
        return Ok(0);
    }
    let bad = || {
        format!(
            "`{s}` is not a UTC offset (use UTC, Z, +02:00 or -0530; named zones are not supported)"
        )
    };
    let t = t
        .strip_prefix("UTC")
        .or_else(|| t.strip_prefix("GMT"))
        .unwrap_or(t);
    let (sign, digits) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => return Err(bad()),
    };
    let digits: String = digits.chars().filter(|&c| c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let (h, m) = match digits.len() {
        1 | 2 => (digits.parse::<i32>().map_err(|_| bad())?, 0),
        4 => (
            digits[..2].parse::<i32>().map_err(|_| bad())?,
            digits[2..].parse::<i32>().map_err(|_| bad())?,
        ),
        _ => return Err(bad()),
    };
    if h > 14 || m > 59 {
        return Err(bad());
    }
    Ok(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tz_offsets() {
        assert_eq!(parse_tz("UTC"), Ok(0));
        assert_eq!(parse_tz("Z"), Ok(0));
        assert_eq!(parse_tz("+02:00"), Ok(7200));
        assert_eq!(parse_tz("-0530"), Ok(-(5 * 3600 + 1800)));
        assert!(parse_tz("Europe/Paris").is_err());
        assert!(parse_tz("+25:00").is_err());
    }
}
