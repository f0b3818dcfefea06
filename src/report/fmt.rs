//! Small formatting helpers shared by the HTML pages, the tables and the terminal summary:
//! numbers, durations in words, and the names of bands and labels.

use crate::chat::Timestamp;
use crate::dynamics::{Analysis, Band, ConfidenceLevel, PhaseLabel};

/// A number for a table: up to 4 decimals, trailing zeros trimmed; empty for `None`.
pub fn num(x: Option<f64>) -> String {
    match x {
        Some(v) if v.is_finite() => {
            let s = format!("{v:.4}");
            let s = s.trim_end_matches('0').trim_end_matches('.');
            if s == "-0" {
                "0".to_string()
            } else {
                s.to_string()
            }
        }
        _ => String::new(),
    }
}

/// A signed number with two decimals as text is typeset: `+0.47`, `−0.20` with a real minus
/// sign (U+2212) rather than a hyphen, and `+0.00` for a value that rounds to zero.
pub fn signed(x: f64) -> String {
    let s = format!("{x:+.2}");
    match s.strip_prefix('-') {
        Some("0.00") => "+0.00".to_string(),
        Some(rest) => format!("\u{2212}{rest}"),
        None => s,
    }
}

/// A count with its noun in the singular or the plural: `1 person`, `2 people`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A wait or duration in words: `45 s`, `12 min`, `3.5 h`, `2.1 days`.
pub fn duration(seconds: f64) -> String {
    let s = seconds.max(0.0);
    if s < 90.0 {
        format!("{s:.0} s")
    } else if s < 90.0 * 60.0 {
        format!("{:.0} min", s / 60.0)
    } else if s < 36.0 * 3600.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.1} days", s / 86400.0)
    }
}

pub fn opt_duration(seconds: Option<f64>) -> String {
    seconds.map(duration).unwrap_or_else(|| "–".to_string())
}

/// `2024-03-05`.
pub fn date(ts: &Timestamp) -> String {
    ts.wall.format("%Y-%m-%d").to_string()
}

/// `2024-03-05 14:02`.
pub fn date_time(ts: &Timestamp) -> String {
    ts.wall.format("%Y-%m-%d %H:%M").to_string()
}

pub fn band_key(b: Band) -> &'static str {
    match b {
        Band::NoEvidence => "no_evidence",
        Band::Some => "some",
        Band::Strong => "strong",
        Band::NotEnoughData => "not_enough_data",
    }
}

pub fn band_name(b: Band) -> &'static str {
    match b {
        Band::NoEvidence => "no evidence",
        Band::Some => "some alternation",
        Band::Strong => "strong",
        Band::NotEnoughData => "not enough data",
    }
}

/// Sort order of bands: not enough data first (apart from every score), then by strength.
pub fn band_rank(b: Band) -> u8 {
    match b {
        Band::NotEnoughData => 0,
        Band::NoEvidence => 1,
        Band::Some => 2,
        Band::Strong => 3,
    }
}

/// The score as a page shows it: a whole number, or "—" when there was too little to score.
pub fn score_text(band: Band, score: f64) -> String {
    if band == Band::NotEnoughData {
        "—".to_string()
    } else {
        format!("{score:.0}")
    }
}

/// Sort order of confidence levels.
pub fn confidence_rank(c: ConfidenceLevel) -> u8 {
    match c {
        ConfidenceLevel::Low => 0,
        ConfidenceLevel::Medium => 1,
        ConfidenceLevel::High => 2,
    }
}

pub fn confidence_key(c: ConfidenceLevel) -> &'static str {
    match c {
        ConfidenceLevel::Low => "low",
        ConfidenceLevel::Medium => "medium",
        ConfidenceLevel::High => "high",
    }
}

pub fn phase_key(p: PhaseLabel) -> &'static str {
    match p {
        PhaseLabel::Warmer => "warmer",
        PhaseLabel::Cooler => "cooler",
        PhaseLabel::Steady => "steady",
    }
}

/// The chat's title, or its participants' names.
pub fn conversation_title(a: &Analysis) -> String {
    if let Some(t) = &a.title {
        return t.clone();
    }
    let names: Vec<&str> = a.participants.iter().map(|p| p.name.as_str()).collect();
    match names.len() {
        0 => a.id.clone(),
        1..=3 => names.join(", "),
        n => format!("{}, {} and {} others", names[0], names[1], n - 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_durations_read_well() {
        assert_eq!(num(Some(0.5)), "0.5");
        assert_eq!(num(Some(2.0)), "2");
        assert_eq!(num(Some(-0.00001)), "0");
        assert_eq!(num(None), "");
        assert_eq!(duration(30.0), "30 s");
        assert_eq!(duration(600.0), "10 min");
        assert_eq!(duration(3.0 * 3600.0), "3.0 h");
        assert_eq!(duration(3.0 * 86400.0), "3.0 days");
    }
}
