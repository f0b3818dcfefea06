//! Languages end to end: shares on fixed texts, the scope notice and the confidence drop on
//! a chat in a language whose warmth is not read (Turkish), the language columns of the
//! tables, non-English warmth on examples in each language, and conversation-level language on
//! every language export of the corpus.

mod common;

use pushpull::ingest::{self, IngestOptions};
use pushpull::lang::{Lang, LanguageProfile};
use pushpull::score::{score_conversation, scorer_by_name};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/lang")
        .join(name)
}

fn profile_of(path: &Path) -> LanguageProfile {
    let (inputs, errors) = ingest::discover(&[path.to_path_buf()]);
    assert!(errors.is_empty(), "{errors:?}");
    let conv = ingest::parse_input(&inputs[0], &IngestOptions::default())
        .unwrap()
        .remove(0);
    LanguageProfile::of(&conv)
}

#[test]
fn shares_of_a_mostly_spanish_chat() {
    let p = profile_of(&fixture("WhatsApp Chat with Marta.txt"));
    let s = &p.summary;
    assert_eq!(s.main, Some(Lang::ES), "{s:?}");
    assert!(s.shares[0].share >= 0.7, "{s:?}");
    assert!(
        s.shares.iter().any(|x| x.lang == Lang::EN),
        "the English message: {s:?}"
    );
    assert_eq!(s.warmth_read, Some(true));
    assert!(s.scope_notice.is_none());
    assert!(s.line().starts_with("Spanish "), "{}", s.line());
    // Per person: Marta writes only Spanish.
    assert_eq!(s.per_person[0][0].lang, Lang::ES);
    // Per message: long messages are named, "jaja" is not.
    assert_eq!(p.per_message[0], Some(Lang::ES));
    assert_eq!(p.per_message[7], None);
    assert_eq!(p.per_message[5], Some(Lang::EN));
}

#[test]
fn a_turkish_chat_gets_the_scope_notice_and_lower_confidence() {
    let out = tempdir("turkish");
    let run = Command::new(env!("CARGO_BIN_EXE_pushpull"))
        .args(["analyze", "-q", "-o"])
        .arg(&out)
        .arg(fixture("WhatsApp Chat with Deniz.txt"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    let conv = &summary[0];
    let langs = &conv["languages"];
    assert_eq!(langs["main"], "tr", "{langs}");
    assert_eq!(langs["warmth_read"], false);
    let notice = langs["scope_notice"].as_str().unwrap();
    assert!(notice.contains("this chat is mostly Turkish"), "{notice}");
    assert!(
        notice.contains("reply timing, silence and initiative"),
        "{notice}"
    );
    assert_ne!(conv["confidence"]["level"], "high");
    let conversations = std::fs::read_to_string(out.join("conversations.csv")).unwrap();
    assert!(conversations
        .lines()
        .next()
        .unwrap()
        .ends_with("languages,warmth_read,language_notice"));
    assert!(conversations.contains("mostly Turkish"), "{conversations}");
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("this chat is mostly Turkish"));
    let report = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path().join("report.html"))
        .find(|p| p.is_file())
        .unwrap();
    let html = std::fs::read_to_string(report).unwrap();
    assert!(html.contains("Language: Turkish"), "language line");
    assert!(html.contains("id=\"language-notice\""));
    let messages = std::fs::read_to_string(out.join("messages.csv")).unwrap();
    assert!(messages.lines().next().unwrap().ends_with(",phase,lang"));
    let _ = std::fs::remove_dir_all(&out);
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pushpull-lang-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn warmth_is_read_in_spanish_portuguese_and_german() {
    let scorer = scorer_by_name("builtin", Path::new("models/minilm")).unwrap();
    let cases: [(&str, Lang, f32); 4] = [
        ("du fehlst mir total", Lang::DE, 0.25),
        ("te echo de menos", Lang::ES, 0.25),
        ("não quero falar com você", Lang::PT, -0.25),
        ("lass mich einfach", Lang::DE, -0.25),
    ];
    for (text, lang, bound) in cases {
        let w = scorer
            .score_batch_in(&[text], &[None], &[Some(lang)])
            .unwrap()[0]
            .score
            .warmth;
        if bound > 0.0 {
            assert!(w >= bound, "{text}: {w}");
        } else {
            assert!(w <= bound, "{text}: {w}");
        }
    }
}

#[test]
fn a_spanish_conversation_is_scored_in_spanish() {
    let (inputs, _) = ingest::discover(&[fixture("WhatsApp Chat with Marta.txt")]);
    let conv = ingest::parse_input(&inputs[0], &IngestOptions::default())
        .unwrap()
        .remove(0);
    let scorer = scorer_by_name("builtin", Path::new("models/minilm")).unwrap();
    let scored = score_conversation(conv, scorer.as_ref()).unwrap();
    assert_eq!(scored.languages.routing(2), Some(Lang::ES));
    let longing = scored.scores[2].unwrap().score.warmth;
    assert!(longing >= 0.25, "te echo de menos...: {longing}");
}

/// The corpus's WhatsApp exports in 13 languages: each conversation's main language.
#[test]
#[ignore = "needs ../shared/corpus"]
fn corpus_language_exports() {
    let dir = common::corpus("exports/whats_json/test/data/languages");
    let expected = |name: &str| -> &'static str {
        // "deutch_android_media" is in Dutch, "deutch_ios" in German (their contents).
        let table = [
            ("arabic", "ar"),
            ("czech", "cs"),
            ("deutch_android", "nl"),
            ("deutch_ios", "de"),
            ("english", "en"),
            ("french", "fr"),
            ("indonesian", "id"),
            ("italian", "it"),
            ("japanese", "ja"),
            ("russian", "ru"),
            ("spanish", "es"),
        ];
        table
            .iter()
            .find(|(p, _)| name.starts_with(p))
            .map_or("?", |(_, l)| l)
    };
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let main = profile_of(&path).summary.main;
        assert_eq!(main.map(|l| l.code()), Some(expected(&name)), "{name}");
        checked += 1;
    }
    assert_eq!(checked, 16);
}

/// Per-message language on the construct sets (short chat messages, labelled per language):
/// the function words name most messages and are almost never wrong when they do.
#[test]
fn per_message_language_on_the_construct_sets() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/construct");
    for lang in ["en", "es", "pt", "de", "fr", "it"] {
        let tsv = std::fs::read_to_string(root.join(format!("{lang}.tsv"))).unwrap();
        let mut lines = tsv.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        let column = header.iter().position(|h| *h == "text").unwrap();
        let (mut n, mut named, mut right) = (0usize, 0usize, 0usize);
        for line in lines {
            let text = line.split('\t').nth(column).unwrap();
            n += 1;
            if let Some(found) = pushpull::lang::words::detect(text) {
                named += 1;
                right += usize::from(found.code() == lang);
            }
        }
        assert!(n >= 150, "{lang}: {n} messages");
        assert!(named * 100 >= n * 65, "{lang}: {named} of {n} named");
        assert!(
            right * 100 >= named * 98,
            "{lang}: {right} of {named} right"
        );
    }
}

#[test]
fn shipped_language_model_is_what_train_builds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let trained = pushpull::lang::train::train(&root.join("models/construct")).unwrap();
    let shipped = std::fs::read_to_string(root.join("models/warmth-lang.json")).unwrap();
    assert!(
        trained.to_json() == shipped,
        "retrain: pushpull train --scorer lang --data models/construct"
    );
}
