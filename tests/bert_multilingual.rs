//! The bert scorer on a multilingual encoder folder as Hugging Face ships one
//! (`tokenizer.json`, no `vocab.txt`): the tokenizer gives the ids the Python `tokenizers`
//! package gives, Spanish, German and French text embeds to unit vectors, a head trained by
//! `pushpull train --scorer bert --data models/construct` scores finite warmth, and a folder
//! the head cannot read is a clear error. Uses the tiny random encoder that
//! `scripts/make-tiny-multilingual.py` makes (run by `scripts/setup-bert.sh`); its scores
//! mean nothing, its plumbing is the real one.
#![cfg(feature = "bert")]

use pushpull::score::bert::{BertScorer, Encoder, DIM, MAX_TOKENS};
use pushpull::score::bert_tokenizer::TextTokenizer;
use pushpull::score::Scorer;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const TINY: &str = "models/tiny-multilingual";
const SETUP: &str = "run scripts/setup-bert.sh (it makes models/tiny-multilingual)";

/// A copy of the tiny encoder's files in a fresh temporary folder.
fn tiny_copy(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pushpull-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for file in ["config.json", "tokenizer.json", "model.safetensors"] {
        std::fs::copy(Path::new(TINY).join(file), dir.join(file)).expect(SETUP);
    }
    dir
}

#[test]
fn tokenizer_json_gives_the_python_ids() {
    let reference: Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(TINY).join("reference-ids.json")).expect(SETUP),
    )
    .expect("reference json");
    let texts: Vec<&str> = reference["texts"]
        .as_array()
        .expect("texts")
        .iter()
        .map(|t| t.as_str().expect("text"))
        .collect();
    let want: Vec<Vec<i64>> = serde_json::from_value(reference["ids"].clone()).expect("ids");
    let tokenizer = TextTokenizer::load(Path::new(TINY), MAX_TOKENS).expect(SETUP);
    let got = tokenizer.token_ids(&texts).expect("tokenize");
    assert_eq!(got, want);
    // Real pieces, not one unknown token per word: "te echo de menos" is 4 words.
    assert!(got[0].len() >= 6 && !got[0].contains(&3), "{:?}", got[0]);
}

#[test]
fn long_text_is_cut_to_the_maximum_with_its_end_token() {
    let tokenizer = TextTokenizer::load(Path::new(TINY), MAX_TOKENS).expect(SETUP);
    let long = "ich vermisse dich so sehr, komm bald zurück ".repeat(200);
    let ids = tokenizer.token_ids(&[long.as_str()]).expect("tokenize");
    assert_eq!(ids[0].len(), MAX_TOKENS);
    assert_eq!((ids[0][0], ids[0][MAX_TOKENS - 1]), (0, 2), "<s> … </s>");
}

#[test]
fn spanish_german_french_embed_to_distinct_unit_vectors() {
    let encoder = Encoder::load(Path::new(TINY)).expect(SETUP);
    let texts = [
        "te extraño muchísimo 🥺",
        "du fehlst mir total",
        "laisse-moi tranquille",
    ];
    let embeddings = encoder.embed(&texts).expect("embed");
    for (text, e) in texts.iter().zip(&embeddings) {
        assert_eq!(e.len(), DIM, "{text}");
        assert!(e.iter().all(|x| x.is_finite()), "{text}");
        let norm: f32 = e.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "{text}: norm {norm}");
    }
    assert_ne!(embeddings[0], embeddings[1]);
    assert_ne!(embeddings[1], embeddings[2]);
}

#[test]
fn head_trained_on_the_construct_sets_scores_finite_warmth() {
    let dir = tiny_copy("multilingual-head");
    let untrained = match BertScorer::load(&dir) {
        Ok(_) => panic!("the English head was accepted for another encoder"),
        Err(e) => e.to_string(),
    };
    assert!(untrained.contains("train --scorer bert"), "{untrained}");
    let output = Command::new(env!("CARGO_BIN_EXE_pushpull"))
        .args(["train", "--scorer", "bert", "--data", "models/construct"])
        .arg("--model-dir")
        .arg(&dir)
        .output()
        .expect("run pushpull train");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for lang in ["en", "es", "pt", "de", "fr", "it"] {
        assert!(stdout.contains(&format!("{lang} test: n ")), "{stdout}");
    }
    let scorer = BertScorer::load(&dir).expect("the trained head loads");
    let scored = scorer
        .score_batch(&[
            "te echo de menos",
            "lass mich einfach",
            "tu me manques ❤️",
            "",
        ])
        .expect("scores");
    std::fs::remove_dir_all(&dir).ok();
    for s in &scored {
        assert!((-1.0..=1.0).contains(&s.score.warmth), "{s:?}");
        assert!((0.0..=1.0).contains(&s.score.confidence), "{s:?}");
    }
}

#[test]
fn encoder_of_another_width_is_a_clear_error() {
    let dir = tiny_copy("multilingual-width");
    let mut config: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("config.json")).expect("config"))
            .expect("config json");
    config["hidden_size"] = Value::from(768);
    std::fs::write(dir.join("config.json"), config.to_string()).expect("write config");
    let err = match Encoder::load(&dir) {
        Ok(_) => panic!("loaded a 768-wide encoder for a 384-wide head"),
        Err(e) => e.to_string(),
    };
    std::fs::remove_dir_all(&dir).ok();
    assert!(err.contains("hidden_size 768"), "{err}");
    assert!(err.contains("config.json"), "{err}");
}

#[test]
fn folder_without_any_tokenizer_is_a_clear_error() {
    let dir = tiny_copy("multilingual-notok");
    std::fs::remove_file(dir.join("tokenizer.json")).expect("remove");
    let err = match Encoder::load(&dir) {
        Ok(_) => panic!("loaded an encoder without a tokenizer"),
        Err(e) => e.to_string(),
    };
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        err.contains("tokenizer.json") && err.contains("vocab.txt"),
        "{err}"
    );
}
