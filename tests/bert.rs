//! The transformer scorer (`--features bert`): the encoder reproduces sentence-transformers'
//! embeddings, missing model files are clear errors, and the trained head orders obvious cases.
//! Needs `scripts/setup-bert.sh` (libtorch and models/minilm).
#![cfg(feature = "bert")]

use pushpull::score::bert::{BertScorer, Encoder};
use pushpull::score::Scorer;
use serde_json::Value;
use std::path::Path;

const MODEL_DIR: &str = "models/minilm";

#[test]
fn embeddings_match_sentence_transformers() {
    let reference: Value =
        serde_json::from_str(include_str!("data/minilm_reference.json")).expect("reference json");
    let cases = reference["sentences"].as_array().expect("sentences");
    let texts: Vec<&str> = cases
        .iter()
        .map(|c| c["text"].as_str().expect("text"))
        .collect();
    let encoder = Encoder::load(Path::new(MODEL_DIR)).expect("run scripts/setup-bert.sh");
    let embeddings = encoder.embed(&texts).expect("embed");
    for (case, got) in cases.iter().zip(&embeddings) {
        let want: Vec<f64> = case["embedding"]
            .as_array()
            .expect("embedding")
            .iter()
            .map(|v| v.as_f64().expect("number"))
            .collect();
        assert_eq!(got.len(), want.len(), "{}", case["text"]);
        for (j, (g, w)) in got.iter().zip(&want).enumerate() {
            assert!(
                (f64::from(*g) - w).abs() < 1e-4,
                "{} dim {j}: {g} vs {w}",
                case["text"]
            );
        }
    }
}

#[test]
fn missing_model_folder_is_a_clear_error() {
    let err = match BertScorer::load(Path::new("models/no-such-model")) {
        Ok(_) => panic!("loaded a model from a missing folder"),
        Err(e) => format!("{e:#}"),
    };
    assert!(err.contains("models/no-such-model"), "{err}");
    assert!(err.contains("setup-bert.sh"), "{err}");
}

#[test]
fn head_orders_obvious_cases() {
    let scorer = BertScorer::load(Path::new(MODEL_DIR)).expect("run scripts/setup-bert.sh");
    let scored = scorer.score_batch(&["I love you so much ❤️", "ok", "leave me alone"]);
    let w: Vec<f32> = scored.iter().map(|s| s.score.warmth).collect();
    assert!(w[0] > w[1] && w[1] > w[2], "{w:?}");
    for s in &scored {
        assert!((-1.0..=1.0).contains(&s.score.warmth));
        assert!((0.0..=1.0).contains(&s.score.confidence));
    }
}
