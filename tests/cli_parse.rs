//! The built `pushpull parse` binary on fixtures: JSON Lines and CSV records, the stderr
//! summary, one error line per bad input, and the exit status rule (non-zero only when
//! nothing could be parsed).

use std::path::PathBuf;
use std::process::{Command, Output};

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/whatsapp")
        .join(name)
        .display()
        .to_string()
}

fn pushpull(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pushpull"))
        .args(args)
        .output()
        .expect("run pushpull")
}

#[test]
fn jsonl_records_match_the_documented_shape() {
    let out = pushpull(&["parse", &fixture("android_us_nnbsp.txt")]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 8);
    let r = &records[1];
    assert_eq!(r["index"], 1);
    assert_eq!(r["timestamp"], "2024-01-15T21:42:00");
    assert_eq!(r["sender"], "Anna Berg");
    assert_eq!(r["kind"], "text");
    assert_eq!(r["media"], serde_json::Value::Null);
    assert_eq!(r["text"], "are you free tomorrow?");
    assert_eq!(r["edited"], false);
    assert_eq!(r["source"]["line"], 2);
    assert!(r["source"]["file"]
        .as_str()
        .unwrap()
        .ends_with("android_us_nnbsp.txt"));
    assert!(r["conversation"]
        .as_str()
        .unwrap()
        .starts_with("android-us-nnbsp-"));
    assert_eq!(records[0]["sender"], serde_json::Value::Null);
    assert_eq!(records[6]["kind"], "media");
    assert_eq!(records[6]["media"], "image");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("whatsapp_text"), "{stderr}");
    assert!(stderr.contains("messages: 8"), "{stderr}");
}

#[test]
fn csv_with_tz_and_a_bad_file_in_the_batch() {
    let out = pushpull(&[
        "parse",
        "--to",
        "csv",
        "--tz",
        "+02:00",
        &fixture("finnish_klo.txt"),
        &fixture("binary.txt"),
    ]);
    assert!(out.status.success(), "one good input is enough");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next(),
        Some("conversation,index,timestamp,sender,kind,media,text,edited,source_file,source_line")
    );
    let first = lines.next().unwrap();
    assert!(
        first.contains(",2018-06-13T21:25:15+02:00,Aino,text,,moi,false,"),
        "{first}"
    );
    assert_eq!(lines.count(), 2);
    let stderr = String::from_utf8(out.stderr).unwrap();
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error:")).collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    assert!(errors[0].contains("binary.txt") && errors[0].contains("binary"));
}

#[test]
fn nothing_parsed_is_a_failure_and_output_is_deterministic() {
    let out = pushpull(&["parse", &fixture("empty.txt"), &fixture("binary.txt")]);
    assert!(!out.status.success());
    let a = pushpull(&["parse", &fixture("")]);
    let b = pushpull(&["parse", &fixture("")]);
    assert!(a.status.success());
    assert!(!a.stdout.is_empty());
    assert_eq!(a.stdout, b.stdout, "same input, byte-identical output");
}

#[test]
fn stdin_dash_reads_an_export() {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_pushpull"))
        .args(["parse", "-", "--to", "csv"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run pushpull");
    let bytes = std::fs::read(fixture("finnish_klo.txt")).unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 4, "header + 3 messages");
    assert!(stdout.contains(",Eero,text,,hei,false,-,2"), "{stdout}");
}
