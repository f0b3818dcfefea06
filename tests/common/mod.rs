//! Helpers every test crate shares (`mod common;`): the fixtures, the built binary, a
//! scratch folder per test, the shared corpus beside the repository, the no-loss check,
//! parsing with that check, messages as comparable rows, and hand-built scored chats.
//! Each test crate uses some of them, so the unused rest is allowed.
#![allow(dead_code)]

use pushpull::chat::{App, Conversation, Format, Message, MessageKind, Participant};
use pushpull::chat::{SourceInfo, SourceSpan, Timestamp};
use pushpull::score::{Score, Scored, ScoredConversation};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The path of `tests/fixtures/<rel>`.
pub fn fixture_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The path of `tests/fixtures/<rel>` as a command-line argument.
pub fn fixture(rel: &str) -> String {
    fixture_path(rel).display().to_string()
}

/// The built `pushpull` binary, without the test-only parser-panic hook and backtraces.
pub fn pushpull() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pushpull"));
    command
        .env_remove("PUSHPULL_TEST_PARSER_PANIC")
        .env("RUST_BACKTRACE", "0");
    command
}

/// Runs `pushpull ARGS` and returns what it wrote and its status.
pub fn run(args: &[&str]) -> Output {
    pushpull().args(args).output().expect("run pushpull")
}

/// A fresh, empty folder for one test, under cargo's temp folder for integration tests.
pub fn scratch(name: &str) -> PathBuf {
    let krate = module_path!().split("::").next().unwrap_or("tests");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{krate}-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `../shared/corpus/<sub>`, read in place (never copied into the repository). Tests that
/// need it are `#[ignore = "needs ../shared/corpus"]`, run by `.ci/run` with
/// `--include-ignored`; run without it, they fail here saying what is missing.
pub fn corpus(sub: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(sub);
    assert!(
        dir.exists(),
        "{} absent: this test needs the shared corpus beside the repository",
        dir.display()
    );
    dir
}

/// Every input line or record became (part of) a message or a warning.
pub fn assert_no_loss(conv: &Conversation, what: &str) {
    assert_eq!(
        conv.source.units_in,
        conv.units_accounted(),
        "{what}: units in != units in messages + warnings: {:?}",
        conv.warnings
    );
}

/// Parses decoded `text` of a known `format` (as `ingest::parse_text`) and checks that every
/// conversation accounts for every input unit.
pub fn parse_text(
    format: pushpull::chat::Format,
    name: &str,
    text: &str,
    opts: &pushpull::ingest::IngestOptions,
) -> Vec<Conversation> {
    let convs = pushpull::ingest::parse_text(format, name, text, opts)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    for c in &convs {
        assert_no_loss(c, name);
    }
    convs
}

/// Parses raw bytes as `ingest::parse_bytes` does (zip opened, encoding and format detected)
/// and checks every conversation read for loss; the error, if any, is returned.
pub fn parse_bytes(
    name: &str,
    bytes: &[u8],
    opts: &pushpull::ingest::IngestOptions,
) -> pushpull::Result<Vec<Conversation>> {
    let convs = pushpull::ingest::parse_bytes(name, bytes, opts)?;
    for c in &convs {
        assert_no_loss(c, name);
    }
    Ok(convs)
}

/// Parses the one input found at `path` the way the command line does (`discover`, then
/// `parse_input`) and checks every conversation read for loss; the error, if any, is returned.
pub fn parse_path(
    path: &Path,
    opts: &pushpull::ingest::IngestOptions,
) -> pushpull::Result<Vec<Conversation>> {
    let (inputs, errors) = pushpull::ingest::discover(&[path.to_path_buf()]);
    assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    assert_eq!(inputs.len(), 1, "{}: one input", path.display());
    let convs = pushpull::ingest::parse_input(&inputs[0], opts)?;
    for c in &convs {
        assert_no_loss(c, &path.display().to_string());
    }
    Ok(convs)
}

/// One message as the reader tests compare it: (ISO time, sender name or "", kind, text), the
/// kind as `text`, `system`, `deleted`, `media:image`, `call:Some(61)` and so on.
pub type Row = (String, String, String, String);

/// The [`Row`] of every message of `c`, in order.
pub fn rows(c: &Conversation) -> Vec<Row> {
    c.messages
        .iter()
        .map(|m| {
            let kind = match m.kind {
                MessageKind::Media(k) => format!("media:{}", k.as_str()),
                MessageKind::Call { duration_s } => format!("call:{duration_s:?}"),
                k => k.as_str().to_string(),
            };
            (
                m.timestamp.to_iso(),
                c.sender_name(m).unwrap_or("").to_string(),
                kind,
                m.text.clone(),
            )
        })
        .collect()
}

/// A [`Row`] written out in a test.
pub fn row(time: &str, sender: &str, kind: &str, text: &str) -> Row {
    (time.into(), sender.into(), kind.into(), text.into())
}

/// Minutes from 2023-05-01 00:00, local time (no zone), for hand-built chats.
pub fn at(min: i64) -> Timestamp {
    let t0 = chrono::NaiveDate::from_ymd_opt(2023, 5, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("a valid date");
    Timestamp::local(t0 + chrono::TimeDelta::minutes(min))
}

/// One message of a hand-built chat: (minutes after 2023-05-01 00:00, sender index or `None`
/// for a system line, kind, text).
pub type Line<'a> = (i64, Option<usize>, MessageKind, &'a str);

/// A scored conversation of `people` built from `lines`, one input line per message: each
/// text message gets the warmth `warmth(text)` at full confidence, other kinds no score.
pub fn scored_chat(
    people: &[&str],
    lines: &[Line],
    warmth: impl Fn(&str) -> f32,
) -> ScoredConversation {
    let messages: Vec<Message> = lines
        .iter()
        .enumerate()
        .map(|(i, &(min, sender, kind, text))| Message {
            index: i,
            timestamp: at(min),
            sender,
            kind,
            text: text.to_string(),
            edited: false,
            reply_to: None,
            file: 0,
            span: SourceSpan {
                line: i + 1,
                lines: 1,
            },
        })
        .collect();
    let scores = messages
        .iter()
        .map(|m| {
            (m.kind == MessageKind::Text).then(|| Scored {
                score: Score {
                    warmth: warmth(&m.text),
                    confidence: 1.0,
                },
                ..Scored::default()
            })
        })
        .collect();
    let conversation = Conversation {
        id: "test".into(),
        title: None,
        source: SourceInfo {
            files: vec!["test.txt".into()],
            format: Format::WhatsAppText,
            app: App::WhatsApp,
            units_in: lines.len(),
            zone: None,
        },
        participants: people
            .iter()
            .map(|n| Participant {
                name: n.to_string(),
            })
            .collect(),
        messages,
        warnings: Vec::new(),
    };
    ScoredConversation {
        languages: pushpull::lang::LanguageProfile::of(&conversation),
        conversation,
        scores,
    }
}
