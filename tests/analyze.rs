//! `pushpull analyze` end to end on the bundled samples, through the binary: every output is
//! written, the reports hold the numbers of `summary.json` and load nothing from the
//! network, two runs are byte-identical, and the planted patterns are found.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn analyze(out: &Path, extra: &[&str]) -> std::process::Output {
    let _ = fs::remove_dir_all(out);
    Command::new(env!("CARGO_BIN_EXE_pushpull"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["analyze", "samples/", "-o"])
        .arg(out)
        .args(extra)
        .output()
        .unwrap()
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("pushpull-analyze-{}-{name}", std::process::id()))
}

fn summary(out: &Path) -> Vec<serde_json::Value> {
    let text = fs::read_to_string(out.join("summary.json")).unwrap();
    serde_json::from_str::<serde_json::Value>(&text)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn samples_give_reports_tables_and_the_planted_findings() {
    let out = temp("samples");
    let run = analyze(&out, &["--quiet"]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let convs = summary(&out);
    assert_eq!(convs.len(), 4, "four sample exports");
    let by_source = |needle: &str| {
        convs
            .iter()
            .find(|c| c["source"].as_str().unwrap().contains(needle))
            .unwrap_or_else(|| panic!("no conversation from {needle}"))
    };
    let pushpull = by_source("Teo Brandt");
    assert!(pushpull["push_pull_score"].as_f64().unwrap() > 50.0);
    assert_eq!(pushpull["label_kind"], "pursues_when_withdraws");
    assert!(pushpull["label"]
        .as_str()
        .unwrap()
        .starts_with("Teo Brandt runs hot and cold"));
    let stable = by_source("Oskar Lind");
    assert!(stable["push_pull_score"].as_f64().unwrap() < 20.0);
    assert_eq!(stable["label_kind"], "no_evidence");
    // A calm, warm chat: its logistics messages are cool only against a warm person's own
    // baseline, which is neither a conflict nor demand/withdraw.
    assert_eq!(stable["conflicts"].as_array().unwrap().len(), 0);
    let demands = stable["demand_withdraw"]["events_demanding"]
        .as_array()
        .unwrap();
    assert_eq!(demands.len(), 2, "one count per participant");
    assert!(demands.iter().all(|n| n.as_u64() == Some(0)), "{demands:?}");
    assert!(stable["demand_withdraw"]["polarity"].is_null());
    let onoff = by_source("Dario Fenwick");
    assert_eq!(onoff["label_kind"], "mutual_on_off");
    let spanish = by_source("Tomás Rivas");
    assert_eq!(spanish["languages"]["main"], "es");
    for english in [pushpull, stable, onoff] {
        assert_eq!(english["languages"]["main"], "en", "{}", english["source"]);
        assert_eq!(english["languages"]["warmth_read"], true);
    }
    assert_eq!(spanish["languages"]["warmth_read"], true);
    assert!(spanish["push_pull_score"].as_f64().unwrap() > 50.0);

    for c in &convs {
        let id = c["id"].as_str().unwrap();
        let html = fs::read_to_string(out.join(id).join("report.html")).unwrap();
        for section in [
            "id=\"summary\"",
            "id=\"timeline\"",
            "id=\"waits\"",
            "id=\"cycles\"",
            "id=\"monthly\"",
            "id=\"conflict\"",
            "id=\"method\"",
        ] {
            assert!(html.contains(section), "{id}: {section}");
        }
        let score = c["push_pull_score"].as_f64().unwrap();
        assert!(html.contains(&format!("{score:.0}")), "{id}: score {score}");
        assert!(html.contains(&format!(
            "<span data-json=\"messages\">{}</span> messages",
            c["messages"]
        )));
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "{id}"
        );
    }
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(index.matches("/report.html").count(), 4);

    // Tables: one row per message and per conversation.
    let total: u64 = convs.iter().map(|c| c["messages"].as_u64().unwrap()).sum();
    let mut messages = csv::Reader::from_path(out.join("messages.csv")).unwrap();
    assert_eq!(messages.records().count() as u64, total);
    let mut conversations = csv::Reader::from_path(out.join("conversations.csv")).unwrap();
    assert_eq!(conversations.records().count(), 4);
}

#[test]
fn two_runs_and_thread_counts_give_identical_files() {
    let (a, b) = (temp("det-a"), temp("det-b"));
    assert!(analyze(&a, &["--quiet", "-j", "1"]).status.success());
    assert!(analyze(&b, &["--quiet", "-j", "2"]).status.success());
    for f in [
        "summary.json",
        "messages.csv",
        "participants.csv",
        "conversations.csv",
        "weekly.csv",
        "index.html",
    ] {
        assert!(
            fs::read(a.join(f)).unwrap() == fs::read(b.join(f)).unwrap(),
            "{f} differs"
        );
    }
}

#[test]
fn a_bad_input_is_reported_and_the_batch_goes_on() {
    let dir = temp("mixed-in");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/WhatsApp Chat with Teo Brandt.txt"),
        dir.join("chat.txt"),
    )
    .unwrap();
    fs::write(dir.join("notes.txt"), "just some notes, not a chat\n").unwrap();
    let out = temp("mixed-out");
    let _ = fs::remove_dir_all(&out);
    let run = Command::new(env!("CARGO_BIN_EXE_pushpull"))
        .args(["analyze"])
        .arg(&dir)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("notes.txt"), "{stderr}");
    assert_eq!(summary(&out).len(), 1);
    assert!(fs::read_to_string(out.join("index.html"))
        .unwrap()
        .contains("notes.txt"));

    // Nothing analysable at all: a non-zero exit.
    let run = Command::new(env!("CARGO_BIN_EXE_pushpull"))
        .args(["analyze"])
        .arg(dir.join("notes.txt"))
        .arg("-o")
        .arg(temp("nothing"))
        .output()
        .unwrap();
    assert!(!run.status.success());
}

#[test]
fn shards_split_the_batch_without_overlap_or_loss() {
    let ids = |out: &Path| -> Vec<String> {
        summary(out)
            .iter()
            .map(|c| c["id"].as_str().unwrap().to_string())
            .collect()
    };
    let full = temp("shard-full");
    assert!(analyze(&full, &["--quiet", "--format", "json"])
        .status
        .success());
    let mut joined = Vec::new();
    for k in 0..2 {
        let out = temp(&format!("shard-{k}"));
        let shard = format!("{k}/2");
        let run = analyze(&out, &["--quiet", "--format", "json", "--shard", &shard]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let part = ids(&out);
        assert!(!part.is_empty(), "shard {shard} got no input");
        joined.extend(part);
        let _ = fs::remove_dir_all(&out);
    }
    let mut expected = ids(&full);
    expected.sort();
    joined.sort();
    assert_eq!(
        joined, expected,
        "the two shards together are the whole batch"
    );
    let _ = fs::remove_dir_all(&full);

    let bad = analyze(&temp("shard-bad"), &["--shard", "2/2"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("not a shard"));
}
