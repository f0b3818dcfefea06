//! The report stage on a planted conversation: every output file is written, the pages
//! hold the sections and numbers of `summary.json`, load nothing from the network, keep
//! hostile chat text inert, and the privacy options leave no names or text behind.
//!
//! Warmth here is the planted warmth (so this test is about the report, not the scorer);
//! `tests/analyze.rs` runs the whole pipeline with the real scorer.

use pushpull::chat::MessageKind;
use pushpull::dynamics;
use pushpull::ingest::{self, IngestOptions};
use pushpull::report::{BatchWriter, ReportOptions};
use pushpull::score::{Score, Scored, ScoredConversation};
use pushpull::synth::{ExportFormat, Scenario, Synthetic};
use std::fs;
use std::path::{Path, PathBuf};

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";
const STYLE: &str = "</style>";

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pushpull-report-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

/// A 120-day push-pull chat whose names and some messages carry HTML payloads.
fn hostile_conversation() -> ScoredConversation {
    hostile_conversation_of(120)
}

/// A push-pull chat of `days` days whose names and some messages carry HTML payloads.
fn hostile_conversation_of(days: usize) -> ScoredConversation {
    let names = ["Mara Quill".to_string(), "Teo Brandt".to_string()];
    let synthetic = Synthetic::generate(Scenario::Pushpull, days, 5, names);
    let (name, bytes) = synthetic.render(ExportFormat::WhatsApp).unwrap();
    let mut convs = ingest::parse_bytes(&name, &bytes, &IngestOptions::default()).unwrap();
    assert_eq!(convs.len(), 1);
    let mut conv = convs.remove(0);
    for (p, payload) in conv.participants.iter_mut().zip([SCRIPT, IMG]) {
        p.name = format!("{} {payload}", p.name);
    }
    let mut planted = synthetic.messages.iter();
    let scores = conv
        .messages
        .iter_mut()
        .enumerate()
        .map(|(i, m)| {
            if m.kind != MessageKind::Text {
                return None;
            }
            let p = planted
                .next()
                .expect("one planted message per text message");
            if i % 50 == 1 {
                m.text = format!("{SCRIPT} {IMG} {STYLE} & more");
            }
            Some(Scored {
                score: Score {
                    warmth: p.warmth.clamp(-1.0, 1.0) as f32,
                    confidence: 0.8,
                },
                cues: Default::default(),
            })
        })
        .collect();
    ScoredConversation {
        languages: pushpull::lang::LanguageProfile::of(&conv),
        conversation: conv,
        scores,
    }
}

fn write_batch(out: &Path, opts: ReportOptions) {
    let scored = hostile_conversation();
    let analysis = dynamics::analyze(&scored);
    let mut writer = BatchWriter::create(out, opts).unwrap();
    writer.add(scored, analysis).unwrap();
    writer.add_failure("broken.txt", "unknown format");
    writer.finish().unwrap();
}

fn all_outputs(out: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let text = fs::read_to_string(&path).unwrap();
                files.push((path, text));
            }
        }
    }
    files.sort();
    files
}

fn report_id(out: &Path) -> String {
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    summary[0]["id"].as_str().unwrap().to_string()
}

fn report_html(out: &Path) -> String {
    fs::read_to_string(out.join(report_id(out)).join("report.html")).unwrap()
}

#[test]
fn writes_every_output_with_the_summary_numbers() {
    let out = temp_dir("full");
    write_batch(&out, ReportOptions::default());
    for f in [
        "index.html",
        "summary.json",
        "messages.csv",
        "participants.csv",
        "conversations.csv",
        "weekly.csv",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let a = &summary[0];
    let score = a["push_pull_score"].as_f64().unwrap();
    assert!(score > 50.0, "planted push-pull should score high: {score}");
    let html = report_html(&out);
    for section in [
        "id=\"summary\"",
        "id=\"timeline\"",
        "id=\"waits\"",
        "id=\"cycles\"",
        "id=\"monthly\"",
        "id=\"conflict\"",
        "id=\"method\"",
    ] {
        assert!(html.contains(section), "section {section} missing");
    }
    assert!(html.contains(&format!("{score:.0}")));
    assert!(html.contains(&format!(
        "<span data-json=\"messages\">{}</span> messages",
        a["messages"]
    )));
    assert!(html.contains("<svg"), "charts are inline SVG");
    assert!(html.contains("Content-Security-Policy"));
    // One row per message in messages.csv (+ header), one per conversation.
    let messages = fs::read_to_string(out.join("messages.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(messages.as_bytes());
    assert_eq!(
        rdr.records().count(),
        a["messages"].as_u64().unwrap() as usize
    );
    let conversations = fs::read_to_string(out.join("conversations.csv")).unwrap();
    assert_eq!(conversations.lines().count(), 2);
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("broken.txt"), "failures are listed");
    assert!(index.contains(&format!("{}/report.html", a["id"].as_str().unwrap())));
}

#[test]
fn signed_numbers_in_the_change_list_use_a_minus_sign() {
    let out = temp_dir("minus");
    write_batch(&out, ReportOptions::default());
    let html = report_html(&out);
    let summaries: Vec<&str> = html
        .split("(level ")
        .skip(1)
        .map(|s| &s[..s.find(')').unwrap()])
        .collect();
    assert!(summaries.len() > 3, "changes listed: {}", summaries.len());
    let hyphen_number = |s: &str| {
        s.as_bytes()
            .windows(2)
            .any(|w| w[0] == b'-' && w[1].is_ascii_digit())
    };
    for s in &summaries {
        assert!(!hyphen_number(s), "a hyphen as minus sign in {s:?}");
    }
    assert!(
        summaries.iter().any(|s| s.contains("\u{2212}")),
        "a planted push-pull has levels below the usual one: {summaries:?}"
    );
    assert!(
        html.contains("warmth \u{2212}0."),
        "cool messages show a minus sign"
    );
    assert!(!html.contains("warmth -"), "no hyphen before a warmth");
}

#[test]
fn pages_load_nothing_and_chat_text_stays_inert() {
    let out = temp_dir("inert");
    write_batch(&out, ReportOptions::default());
    for (path, text) in all_outputs(&out) {
        if path.extension().is_some_and(|e| e == "html") {
            assert!(!text.contains("http://"), "{}", path.display());
            assert!(!text.contains("https://"), "{}", path.display());
            for payload in [SCRIPT, IMG, "<img", "onerror=alert(1)>"] {
                assert!(
                    !text.contains(payload),
                    "{payload} live in {}",
                    path.display()
                );
            }
            // The only </style> is the page's own.
            assert_eq!(text.matches(STYLE).count(), 1, "{}", path.display());
        }
    }
    assert!(report_html(&out).contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn two_runs_are_byte_identical() {
    let (a, b) = (temp_dir("det-a"), temp_dir("det-b"));
    write_batch(&a, ReportOptions::default());
    write_batch(&b, ReportOptions::default());
    let (fa, fb) = (all_outputs(&a), all_outputs(&b));
    assert_eq!(fa.len(), fb.len());
    for ((pa, ta), (_, tb)) in fa.iter().zip(&fb) {
        assert!(ta == tb, "{} differs between runs", pa.display());
    }
}

#[test]
fn redact_leaves_no_message_text_anywhere() {
    let out = temp_dir("redact");
    write_batch(
        &out,
        ReportOptions {
            redact: true,
            ..Default::default()
        },
    );
    let sample = hostile_conversation();
    let texts: Vec<&str> = sample
        .conversation
        .messages
        .iter()
        .filter(|m| m.kind == MessageKind::Text && m.text.len() > 25)
        .map(|m| m.text.as_str())
        .take(200)
        .collect();
    assert!(texts.len() > 50);
    for (path, body) in all_outputs(&out) {
        for t in &texts {
            assert!(!body.contains(t), "{} leaks {t:?}", path.display());
        }
    }
}

#[test]
fn pseudonymize_leaves_no_names_anywhere() {
    let out = temp_dir("pseudo");
    write_batch(
        &out,
        ReportOptions {
            pseudonymize: true,
            ..Default::default()
        },
    );
    for (path, body) in all_outputs(&out) {
        for name in ["Mara", "Teo"] {
            assert!(!body.contains(name), "{} names {name}", path.display());
        }
    }
    assert!(report_html(&out).contains("Person B"));
}

#[test]
fn a_20000_message_report_stays_within_its_size_budget() {
    // The README's budget: under 2 MB for a 20,000-message conversation.
    let scored = hostile_conversation_of(540);
    let messages = scored.conversation.messages.len();
    assert!(messages >= 20_000, "{messages} messages");
    let analysis = dynamics::analyze(&scored);
    let out = temp_dir("size");
    let mut writer = BatchWriter::create(&out, ReportOptions::default()).unwrap();
    writer.add(scored, analysis).unwrap();
    writer.finish().unwrap();
    let size = fs::metadata(out.join(report_id(&out)).join("report.html"))
        .unwrap()
        .len();
    assert!(size < 2_000_000, "{size} bytes for {messages} messages");
}
