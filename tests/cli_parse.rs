//! The built `pushpull parse` binary on fixtures: JSON Lines and CSV records, the stderr
//! summary, one error line per bad input, and the exit status rule (non-zero only when
//! nothing could be parsed).

mod common;

use common::{fixture, run, scratch};

use std::process::Command;

#[test]
fn jsonl_records_match_the_documented_shape() {
    let out = run(&["parse", &fixture("whatsapp/android_us_nnbsp.txt")]);
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
    let out = run(&[
        "parse",
        "--to",
        "csv",
        "--tz",
        "+02:00",
        &fixture("whatsapp/finnish_klo.txt"),
        &fixture("whatsapp/binary.txt"),
    ]);
    assert!(out.status.success(), "one good input is enough");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let mut lines = stdout.lines();
    assert_eq!(
        lines.next(),
        Some("conversation,index,timestamp,sender,kind,media,text,edited,reply_to,duration_s,source_file,source_line")
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
    let out = run(&[
        "parse",
        &fixture("whatsapp/empty.txt"),
        &fixture("whatsapp/binary.txt"),
    ]);
    assert!(!out.status.success());
    let a = run(&["parse", &fixture("whatsapp/")]);
    let b = run(&["parse", &fixture("whatsapp/")]);
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
    let bytes = std::fs::read(fixture("whatsapp/finnish_klo.txt")).unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 4, "header + 3 messages");
    assert!(
        stdout.contains(",Eero,text,,hei,false,,,<stdin>,2"),
        "{stdout}"
    );
}

#[test]
fn wrong_variants_say_what_to_export_instead() {
    let dir = scratch("wrong-variants");
    let tg = dir.join("telegram/messages.html");
    std::fs::create_dir_all(tg.parent().unwrap()).unwrap();
    std::fs::write(
        &tg,
        "<!DOCTYPE html>\n<html><head><title>Exported Data</title></head><body>\
         <div class=\"page_wrap\"><div class=\"message default clearfix\">hi</div>",
    )
    .unwrap();
    // Named directly: the error names the file and the JSON export.
    let out = run(&["parse", tg.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("messages.html"), "{err}");
    assert!(err.contains("Machine-readable JSON"), "{err}");

    // A folder with it: the batch names it instead of reporting 0 conversations silently.
    let out = run(&["parse", dir.to_str().unwrap()]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("messages.html") && err.contains("HTML export"),
        "{err}"
    );
    assert!(err.contains("1 error(s)"), "{err}");

    // WhatsApp media without the chat's text.
    let media = dir.join("media");
    std::fs::create_dir_all(&media).unwrap();
    for name in ["IMG-20240115-WA0001.jpg", "PTT-20240115-WA0002.opus"] {
        std::fs::write(media.join(name), b"\xff\xd8").unwrap();
    }
    let out = run(&["parse", media.to_str().unwrap()]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("2 file(s) skipped"), "{err}");
    assert!(err.contains("IMG-20240115-WA0001.jpg"), "{err}");
    assert!(err.contains("without the chat's text"), "{err}");
}

#[test]
fn tz_names_are_applied_and_reported() {
    let dir = scratch("tz");
    let chat = dir.join("chat.txt");
    std::fs::write(
        &chat,
        "31/03/2024, 01:50 - Anna: late\n31/03/2024, 03:10 - Ben: after the change\n",
    )
    .unwrap();
    let out = run(&["parse", chat.to_str().unwrap(), "--tz", "Europe/Berlin"]);
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("\"2024-03-31T01:50:00+01:00\""), "{stdout}");
    assert!(stdout.contains("\"2024-03-31T03:10:00+02:00\""), "{stdout}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("times in: Europe/Berlin"), "{err}");
    let bad = run(&["parse", chat.to_str().unwrap(), "--tz", "Mars/Base"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8(bad.stderr).unwrap().contains("IANA"));
}

#[test]
fn overlapping_exports_merge_unless_off() {
    let dir = scratch("merge");
    let line = |i: usize| format!("13/03/2024, 10:{i:02} - Anna: message {i}\n");
    let old: String = (0..40).map(line).collect();
    let new: String = (30..50).map(line).collect();
    std::fs::write(dir.join("old.txt"), old).unwrap();
    std::fs::write(dir.join("new.txt"), new).unwrap();
    let count = |merge: &str| {
        let out = run(&["parse", dir.to_str().unwrap(), "--merge", merge]);
        assert!(out.status.success());
        let err = String::from_utf8(out.stderr).unwrap();
        (String::from_utf8(out.stdout).unwrap().lines().count(), err)
    };
    let (n, err) = count("auto");
    assert_eq!(n, 50, "10 shared messages kept once");
    assert!(err.contains("merged overlapping exports"), "{err}");
    assert!(err.contains("new.txt") && err.contains("old.txt"), "{err}");
    assert!(err.contains("60 in, 60 in messages or warnings"), "{err}");
    assert_eq!(count("off").0, 60);
}

/// The rows of a CSV text, header first.
fn csv_rows(text: &[u8]) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text);
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn parse_score_and_analyze_write_one_message_schema() {
    let chat = fixture("whatsapp/android_us_nnbsp.txt");
    let parsed = csv_rows(&run(&["parse", "--to", "csv", &chat]).stdout);
    let scored = csv_rows(&run(&["score", "--to", "csv", &chat]).stdout);
    let out = scratch("one-schema");
    let run = run(&["analyze", &chat, "-o", out.to_str().unwrap(), "--quiet"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let analysed = csv_rows(&std::fs::read(out.join("messages.csv")).unwrap());

    let header = &parsed[0];
    assert_eq!(header.len(), 12);
    assert_eq!(header[6], "text");
    assert!(parsed.len() > 5, "{} rows", parsed.len());
    for table in [&scored, &analysed] {
        assert_eq!(table.len(), parsed.len(), "one row per message");
        for (row, parse_row) in table.iter().zip(&parsed) {
            assert_eq!(&row[..12], &parse_row[..], "same message columns and cells");
        }
    }
    // score: the score, then every cue of the JSON object.
    assert_eq!(&scored[0][12..14], ["warmth", "confidence"]);
    assert_eq!(scored[0].len(), 14 + 23);
    assert_eq!(scored[0].last().unwrap(), "logistics");
    assert_eq!(
        &analysed[0][12..],
        ["warmth", "confidence", "wait_s", "phase", "lang"]
    );
    let _ = std::fs::remove_dir_all(&out);
}
