//! Writes the batch index page of N made-up conversations, without analysing anything, so
//! the browser check can test the index of a big batch (filters, sorting and paging of
//! 10,000 rows) in seconds. Rows are drawn from a fixed seed: same N, same page.
//!
//! ```text
//! cargo run --release --example synthetic_index -- 10000 target/index-10k/index.html
//! ```

use chrono::{Duration, NaiveDate};
use pushpull::chat::Timestamp;
use pushpull::dynamics::{Band, ConfidenceLevel};
use pushpull::report::{index_html, IndexRow, ReportOptions};

/// A small deterministic generator (64-bit LCG), enough to spread the rows.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const APPS: [&str; 4] = ["whatsapp", "signal", "telegram", "discord"];
const NAMES: [&str; 8] = [
    "Ada", "Ben", "Chen", "Dara", "Emil", "Farah", "Goran", "Hana",
];
const LANGUAGES: [(&str, &str); 4] = [
    ("en", "English"),
    ("es", "Spanish"),
    ("de", "German"),
    ("fr", "French"),
];

fn row(k: usize, draw: &mut Draw) -> IndexRow {
    let (a, b) = (draw.below(8) as usize, draw.below(8) as usize);
    let participants = vec![NAMES[a].to_string(), format!("{} {k}", NAMES[b])];
    let messages = 5 + draw.below(20_000) as usize;
    let score = draw.below(1000) as f64 / 10.0;
    let band = match (messages < 40, score) {
        (true, _) => Band::NotEnoughData,
        (_, s) if s < 20.0 => Band::NoEvidence,
        (_, s) if s <= 50.0 => Band::Some,
        _ => Band::Strong,
    };
    let confidence = [
        ConfidenceLevel::Low,
        ConfidenceLevel::Medium,
        ConfidenceLevel::High,
    ][draw.below(3) as usize];
    let start = NaiveDate::from_ymd_opt(2020, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
        + Duration::days(draw.below(1500) as i64);
    let end = start + Duration::days(1 + draw.below(400) as i64);
    let mut language_codes = Vec::new();
    if draw.below(20) > 0 {
        let main = LANGUAGES[draw.below(4) as usize];
        language_codes.push((main.0.to_string(), main.1.to_string()));
        let second = LANGUAGES[draw.below(4) as usize];
        if second != main && draw.below(3) == 0 {
            language_codes.push((second.0.to_string(), second.1.to_string()));
        }
    }
    let languages = if language_codes.is_empty() {
        "could not tell (too few longer messages)".to_string()
    } else {
        let names: Vec<&str> = language_codes.iter().map(|(_, n)| n.as_str()).collect();
        names.join(", ")
    };
    IndexRow {
        id: format!("chat-{k:05}"),
        app: APPS[draw.below(4) as usize],
        title: format!("{} & {}", participants[0], participants[1]),
        participants,
        start: Some(Timestamp::local(start)),
        end: Some(Timestamp::local(end)),
        messages,
        push_pull_score: if band == Band::NotEnoughData {
            0.0
        } else {
            score
        },
        band,
        label: match band {
            Band::Strong => "runs hot and cold",
            Band::Some => "some alternation",
            Band::NoEvidence => "steady",
            Band::NotEnoughData => "not enough data: too few messages",
        }
        .to_string(),
        confidence,
        languages,
        language_notice: None,
        language_codes,
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let out = args.next().unwrap_or_else(|| "index.html".to_string());
    let mut draw = Draw(2024);
    let rows: Vec<IndexRow> = (0..count).map(|k| row(k, &mut draw)).collect();
    let page = index_html(&rows, &[], &ReportOptions::default());
    if let Some(dir) = std::path::Path::new(&out).parent() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("error: {}: {e}", dir.display());
            std::process::exit(1);
        }
    }
    if let Err(e) = std::fs::write(&out, page) {
        eprintln!("error: {out}: {e}");
        std::process::exit(1);
    }
    println!("{count} rows: {out}");
}
