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
    let scored = scorer
        .score_batch(&["I love you so much ❤️", "ok", "leave me alone"])
        .expect("scores");
    let w: Vec<f32> = scored.iter().map(|s| s.score.warmth).collect();
    assert!(w[0] > w[1] && w[1] > w[2], "{w:?}");
    for s in &scored {
        assert!((-1.0..=1.0).contains(&s.score.warmth));
        assert!((0.0..=1.0).contains(&s.score.confidence));
    }
}

#[test]
fn head_for_another_encoder_is_refused() {
    let dir = std::env::temp_dir().join(format!("pushpull-bert-head-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for file in ["config.json", "vocab.txt", "model.safetensors"] {
        std::fs::copy(Path::new(MODEL_DIR).join(file), dir.join(file)).expect("copy model");
    }
    let mut head: Value =
        serde_json::from_str(include_str!("../models/bert-head.json")).expect("head json");
    head["encoder"] = Value::from("0000000000000000");
    std::fs::write(dir.join("warmth-head.json"), head.to_string()).expect("write head");
    let err = match BertScorer::load(&dir) {
        Ok(_) => panic!("loaded a head trained for another encoder"),
        Err(e) => format!("{e:#}"),
    };
    std::fs::remove_dir_all(&dir).ok();
    assert!(err.contains("another encoder"), "{err}");
    assert!(err.contains("pushpull train --scorer bert"), "{err}");
}

/// A head file's low-rank adapter (`NAME.lora_a`, `NAME.lora_b`) adds B·A to that matrix at
/// load: a zero B leaves every embedding the same bits, a non-zero one moves them, and an
/// adapter that does not fit its matrix is an error naming it, never ignored.
#[test]
fn adapters_in_a_head_file_change_their_matrix() {
    use std::collections::BTreeMap;
    let matrix = "encoder.layer.5.attention.self.query.weight";
    let (rank, size) = (2, 384);
    let texts = [
        "ok",
        "i really need some time to myself",
        "miss you already",
    ];
    let embed_with = |b: Vec<f32>, a_len: usize| {
        let mut tuned = BTreeMap::new();
        tuned.insert(format!("{matrix}.lora_a"), vec![0.05f32; a_len]);
        tuned.insert(format!("{matrix}.lora_b"), b);
        let mut encoder = Encoder::load(Path::new(MODEL_DIR)).expect("run scripts/setup-bert.sh");
        encoder
            .set_tuned(&tuned)
            .map(|_| encoder.embed(&texts).expect("embed"))
    };
    let plain = Encoder::load(Path::new(MODEL_DIR))
        .expect("run scripts/setup-bert.sh")
        .embed(&texts)
        .expect("embed");
    assert_eq!(
        embed_with(vec![0.0; size * rank], rank * size).unwrap(),
        plain
    );
    let moved = embed_with(vec![0.02; size * rank], rank * size).unwrap();
    for (m, p) in moved.iter().zip(&plain) {
        let shift: f32 = m.iter().zip(p).map(|(x, y)| (x - y).abs()).sum();
        assert!(shift > 1e-3, "{shift}");
    }
    let err = embed_with(vec![0.02; size * rank], rank * size + 1).unwrap_err();
    assert!(err.to_string().contains(matrix), "{err}");
    assert!(err.to_string().contains("do not fit"), "{err}");
    let mut lone_a = BTreeMap::new();
    lone_a.insert(format!("{matrix}.lora_a"), vec![0.05f32; rank * size]);
    let mut encoder = Encoder::load(Path::new(MODEL_DIR)).expect("run scripts/setup-bert.sh");
    let err = encoder.set_tuned(&lone_a).unwrap_err().to_string();
    assert!(err.contains(matrix) && err.contains("A without B"), "{err}");
}

/// The repeat cache relies on this: a text's embedding is the same bits whether it is
/// embedded alone, among others, or in another order (with the scorer's parallel models).
#[test]
fn embedding_does_not_depend_on_batch_neighbours() {
    let texts = [
        "ok",
        "k",
        "lol",
        "👍",
        "haha",
        "see you at 7",
        "where are you??",
        "i really need some time to myself",
        "i really need some time to think",
        "been thinking about you all day, can't wait to see you tonight love",
        "been thinking about it all week and i still don't know what to say to you",
    ];
    let mut encoder = Encoder::load(Path::new(MODEL_DIR)).expect("run scripts/setup-bert.sh");
    encoder.run_in_parallel(2);
    let together = encoder.embed(&texts).expect("embed");
    let reversed: Vec<&str> = texts.iter().rev().copied().collect();
    let mut backwards = encoder.embed(&reversed).expect("embed");
    backwards.reverse();
    for (i, text) in texts.iter().enumerate() {
        let alone = encoder.embed(&[text]).expect("embed").remove(0);
        assert!(
            alone == together[i],
            "{text:?} alone differs from in a batch"
        );
        assert!(
            backwards[i] == together[i],
            "{text:?} differs in another order"
        );
    }
}

/// Scores on a sample export are byte for byte the same with the repeat cache on and off,
/// and with one or two threads.
#[test]
fn repeat_cache_changes_no_score() {
    let file = "samples/WhatsApp Chat with Teo Brandt.txt";
    let args = ["score", file, "--scorer", "bert"];
    let cached = run_pushpull_env(&[], &args);
    let uncached = run_pushpull_env(&[("PUSHPULL_BERT_CACHE_MB", "0")], &args);
    assert!(cached.lines().count() > 100, "{cached}");
    assert!(cached == uncached, "scores differ with the cache off");
    let one_thread = run_pushpull_env(&[], &["-j", "1", "score", file, "--scorer", "bert"]);
    assert!(cached == one_thread, "scores differ with one thread");
}

#[test]
fn repeat_cache_finds_repeats_and_keeps_the_input_order() {
    let mut scorer = BertScorer::load(Path::new(MODEL_DIR)).expect("run scripts/setup-bert.sh");
    let texts = [
        "ok",
        "I love you ❤️",
        "OK",
        "ok",
        "leave me alone",
        "I love you ❤️",
    ];
    let cached = scorer.score_batch(&texts).expect("scores");
    let stats = scorer.cache_stats().expect("cache on by default");
    // "OK" is "ok" to the encoder (lowercased word pieces): 3 distinct, 3 answered.
    assert_eq!((stats.misses, stats.hits), (3, 3), "{stats:?}");
    scorer.set_cache(false);
    assert_eq!(scorer.cache_stats(), None);
    assert_eq!(cached, scorer.score_batch(&texts).expect("scores"));
}

/// Runs the binary with `args`, asserts it succeeded, and returns its standard output.
fn run_pushpull(args: &[&str]) -> String {
    run_pushpull_env(&[], args)
}

/// [`run_pushpull`] with extra environment variables.
fn run_pushpull_env(env: &[(&str, &str)], args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pushpull"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("run pushpull");
    assert!(
        out.status.success(),
        "pushpull {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `score --scorer bert` on a sample export: one row per message, text messages scored in
/// range, with the chat cues filled in.
#[test]
fn score_command_end_to_end() {
    let stdout = run_pushpull(&[
        "score",
        "samples/WhatsApp Chat with Teo Brandt.txt",
        "--scorer",
        "bert",
    ]);
    let rows: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert!(rows.len() > 100, "{} rows", rows.len());
    let scored: Vec<&Value> = rows.iter().filter(|r| r["warmth"].is_number()).collect();
    assert!(
        scored.len() * 10 > rows.len() * 8,
        "{} of {}",
        scored.len(),
        rows.len()
    );
    for r in &scored {
        let w = r["warmth"].as_f64().expect("warmth");
        assert!((-1.0..=1.0).contains(&w), "{r}");
        assert!(r["cues"]["words"].as_u64().is_some(), "{r}");
    }
    // The scorer sees warmth move: not one constant score.
    let first = scored[0]["warmth"].as_f64();
    assert!(scored.iter().any(|r| r["warmth"].as_f64() != first));
}

/// `analyze --scorer bert` writes the reports for the samples, naming the scorer.
#[test]
fn analyze_command_end_to_end() {
    let out_dir =
        std::env::temp_dir().join(format!("pushpull-bert-analyze-{}", std::process::id()));
    let out_arg = out_dir.to_string_lossy();
    run_pushpull(&[
        "analyze", "samples/", "--scorer", "bert", "--quiet", "-o", &out_arg,
    ]);
    let summary: Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join("summary.json")).expect("summary.json"),
    )
    .expect("summary json");
    let teo = summary
        .as_array()
        .expect("one object per conversation")
        .iter()
        .find(|c| {
            c["source"]
                .as_str()
                .is_some_and(|s| s.contains("Teo Brandt"))
        })
        .expect("sample conversation in summary.json");
    let id = teo["id"].as_str().expect("id");
    let html = std::fs::read_to_string(out_dir.join(id).join("report.html")).expect("report");
    std::fs::remove_dir_all(&out_dir).ok();
    assert!(teo["messages"].as_u64().unwrap_or(0) > 100, "{teo}");
    assert!(
        html.contains("by a model (bert)"),
        "report does not name the bert scorer"
    );
}
