//! The scoring stage as users rely on it: scores in range and deterministic whatever the
//! thread count, obvious cases ordered right, `eval` metrics computed correctly, and the
//! shipped model identical to what `train` builds from the corpus.

mod common;

use pushpull::ingest::{self, IngestOptions};
use pushpull::score::construct::Split;
use pushpull::score::eval::{evaluate, evaluate_with, EvalOptions};
use pushpull::score::model::{checksum, BuiltinScorer};
use pushpull::score::train::{train, Settings};
use pushpull::score::{score_conversation, Score, Scored, Scorer};
use std::path::Path;

fn warmth(text: &str) -> f32 {
    let scorer = BuiltinScorer::shipped().unwrap();
    scorer.score_batch(&[text]).unwrap()[0].score.warmth
}

#[test]
fn obvious_cases_are_ordered() {
    let love = warmth("I love you so much ❤️");
    let ok = warmth("ok");
    let away = warmth("leave me alone");
    assert!(love > ok && ok > away, "{love} > {ok} > {away}");
    assert!(love >= 0.25, "warm: {love}");
    assert!(away <= -0.25, "cold: {away}");
    assert!(warmth("not happy") < warmth("happy"));
    assert!(warmth("I'm not angry with you") > warmth("I'm angry with you"));
    for (curt, warm) in [
        ("k", "okay sounds good, thank you so much!"),
        ("fine.", "that's fine by me, love you"),
        ("whatever", "whatever you like, sweetheart 😊"),
        ("sure.", "sure! can't wait to see you"),
    ] {
        assert!(
            warmth(curt) < warmth(warm),
            "{curt:?} should be below {warm:?}"
        );
        assert!(warmth(curt) < 0.0, "{curt:?} reads as withdrawal");
    }
}

/// Logistics reads neutral; a bare acknowledgement is neutral alone or after logistics and
/// a withdrawal right after a warm message (`docs/warmth.md`, curt replies).
#[test]
fn logistics_and_acknowledgements_follow_the_guide() {
    for t in [
        "meeting moved to 3",
        "can you grab milk on the way home",
        "running 10 min late",
    ] {
        let w = warmth(t);
        assert!(w.abs() < 0.25, "{t:?} is logistics, neutral: {w}");
    }
    let scorer = BuiltinScorer::shipped().unwrap();
    for ack in ["k", "ok", "kk", "sure"] {
        let alone = warmth(ack);
        assert!(alone.abs() <= 0.1 + 1e-6, "{ack:?} alone: {alone}");
        let s = scorer
            .score_batch_in_context(
                &[ack, ack],
                &[
                    Some("meeting moved to 3"),
                    Some("i miss you so much, love you"),
                ],
            )
            .unwrap();
        assert!(
            s[0].score.warmth.abs() <= 0.1 + 1e-6,
            "{ack:?} after logistics: {s:?}"
        );
        assert!(s[1].score.warmth <= -0.5, "{ack:?} after warmth: {s:?}");
    }
}

#[test]
fn scores_are_in_range_with_cues() {
    let scorer = BuiltinScorer::shipped().unwrap();
    let texts = [
        "",
        "🙄",
        "WHY WOULD YOU DO THAT?!?!",
        "hahaha that's hilarious 😂😂",
        "sorry, my bad, thank you for waiting",
        &"word ".repeat(5000),
    ];
    for (t, s) in texts.iter().zip(scorer.score_batch(&texts).unwrap()) {
        assert!((-1.0..=1.0).contains(&s.score.warmth), "{t:?}: {s:?}");
        assert!((0.0..=1.0).contains(&s.score.confidence), "{t:?}: {s:?}");
    }
    let s = scorer
        .score_batch(&["hahaha that's hilarious 😂😂"])
        .unwrap()[0];
    assert!(s.cues.laughter >= 2 && s.cues.words == 3);
    assert_eq!(scorer.score_batch(&[""]).unwrap()[0].score.confidence, 0.0);
}

#[test]
fn conversation_scores_do_not_depend_on_threads() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/WhatsApp Chat with Teo Brandt.txt"
    );
    let bytes = std::fs::read(path).unwrap();
    let conv = ingest::parse_bytes(path, &bytes, &IngestOptions::default())
        .unwrap()
        .remove(0);
    let scorer = BuiltinScorer::shipped().unwrap();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| score_conversation(conv.clone(), &scorer).unwrap().scores)
    };
    let one = run(1);
    assert_eq!(one, run(2));
    assert_eq!(one, run(5));
    // Text messages are scored, the encryption notice (system) is not.
    assert!(one[0].is_none());
    assert!(one.iter().filter(|s| s.is_some()).count() > 1000);
}

/// A scorer with fixed answers, so the metrics can be checked by hand.
struct Fixed;

impl Scorer for Fixed {
    fn name(&self) -> &str {
        "fixed"
    }
    fn score_batch(&self, texts: &[&str]) -> pushpull::Result<Vec<Scored>> {
        Ok(texts
            .iter()
            .map(|t| {
                let warmth = match *t {
                    "I love you" => 0.8,
                    "ok" => 0.1,
                    "leave me alone" => -0.5,
                    _ => 0.7,
                };
                Scored {
                    score: Score {
                        warmth,
                        confidence: 1.0,
                    },
                    cues: Default::default(),
                }
            })
            .collect())
    }
}

#[test]
fn eval_metrics_on_a_hand_checked_file() {
    let file = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/eval/tiny.tsv"
    ));
    let r = evaluate(file, None, &Fixed).unwrap();
    assert_eq!(r.n, 4);
    assert_eq!(r.skipped_empty, 1);
    // Predicted 0.8, 0.1, -0.5, 0.7 against gold 0.9, 0.0, -0.8, 0.6: same order.
    assert!((r.spearman - 1.0).abs() < 1e-12, "{r:?}");
    // (f32 warmth, so agreement to 1e-6.)
    assert!((r.pearson - 0.994_700_303_137_018_7).abs() < 1e-6, "{r:?}");
    // Gold classes: warm, neutral, cold, neutral (the class column overrides 0.6).
    // Predicted: warm, neutral, cold, warm → F1 warm 2/3, neutral 2/3, cold 1.
    let expected = (2.0 / 3.0 + 2.0 / 3.0 + 1.0) / 3.0;
    assert!((r.macro_f1 - expected).abs() < 1e-12, "{r:?}");
}

/// `--split` applies to the construct set's files; other files are read whole and their
/// result does not claim a split.
#[test]
fn split_is_reported_only_for_files_that_have_splits() {
    let opts = EvalOptions {
        split: Some(Split::Test),
        ..EvalOptions::default()
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let plain = evaluate_with(&root.join("tests/fixtures/eval/tiny.tsv"), opts, &Fixed).unwrap();
    assert_eq!((plain.n, plain.split), (4, None));
    let construct = evaluate_with(&root.join("models/construct/en.tsv"), opts, &Fixed).unwrap();
    assert_eq!(construct.split.as_deref(), Some("test"));
    assert!(construct.n > 200 && construct.n < 400, "{}", construct.n);
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn shipped_model_is_what_train_builds() {
    let corpus = common::corpus("labeled");
    let trained = train(
        &corpus.join("goemotions"),
        &corpus.join("warmth_mapping.json"),
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/models/construct")),
        Settings::default(),
    )
    .unwrap();
    let bytes = trained.model.to_bytes();
    assert_eq!(
        checksum(&bytes),
        checksum(BuiltinScorer::shipped_bytes()),
        "models/warmth-builtin.bin differs from `pushpull train` output: retrain and commit"
    );
    assert!(bytes == BuiltinScorer::shipped_bytes());
}

/// Without the `bert` feature, `--scorer bert` is a usage error that says how to get it.
#[cfg(not(feature = "bert"))]
#[test]
fn bert_scorer_without_the_feature_is_a_clear_error() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pushpull"))
        .args([
            "score",
            "samples/WhatsApp Chat with Teo Brandt.txt",
            "--scorer",
            "bert",
        ])
        .output()
        .expect("run pushpull");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--features bert"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

/// `--builtin-model` reads a model file at run time: the shipped model's own bytes score
/// exactly as the built-in model does, and a file that is not a model stops with an error
/// naming it (exit 2) rather than falling back to the shipped weights.
#[test]
fn a_builtin_model_file_scores_as_the_model_built_in() {
    let dir = common::scratch("builtin-model-file");
    let model = dir.join("same.bin");
    std::fs::write(&model, BuiltinScorer::shipped_bytes()).unwrap();
    let sample = "samples/WhatsApp Chat with Teo Brandt.txt";
    let shipped = common::run(&["score", sample]);
    let from_file = common::run(&["score", sample, "--builtin-model", model.to_str().unwrap()]);
    assert!(shipped.status.success() && from_file.status.success());
    assert!(shipped.stdout.len() > 1000);
    assert_eq!(shipped.stdout, from_file.stdout);

    let not_a_model = common::run(&["score", sample, "--builtin-model", "Cargo.toml"]);
    assert_eq!(not_a_model.status.code(), Some(2));
    let err = String::from_utf8_lossy(&not_a_model.stderr);
    assert!(
        err.contains("Cargo.toml: warmth model: not a pushpull warmth model"),
        "{err}"
    );
    let with_bert = common::run(&["score", sample, "--scorer", "bert", "--builtin-model", "x"]);
    assert_eq!(with_bert.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&with_bert.stderr)
        .contains("--builtin-model is for --scorer builtin"));
}

/// `train --construct-weight 0 --construct-share 0` builds the emotion-only model the
/// construct set replaced, and `eval --builtin-model` measures it without a rebuild: it reads
/// GoEmotions better and the construct test split worse than the shipped model
/// (`scripts/guard-frontier.sh` prints the whole trade).
#[test]
#[ignore = "needs ../shared/corpus"]
fn train_settings_reach_eval_through_a_model_file() {
    let corpus = common::corpus("labeled");
    let dir = common::scratch("train-emotion-only");
    let model = dir.join("emotion-only.bin");
    let goemotions = corpus.join("goemotions");
    let trained = common::run(&[
        "train",
        "--data",
        goemotions.to_str().unwrap(),
        "--construct-weight",
        "0",
        "--construct-share",
        "0",
        "--out",
        model.to_str().unwrap(),
    ]);
    assert!(
        trained.status.success(),
        "{}",
        String::from_utf8_lossy(&trained.stderr)
    );
    assert!(String::from_utf8_lossy(&trained.stderr).contains("(weight 0, seed 1)"));
    assert_ne!(
        std::fs::read(&model).unwrap(),
        BuiltinScorer::shipped_bytes()
    );
    let eval = |extra: &[&str]| -> Vec<serde_json::Value> {
        let test = corpus.join("goemotions/test.tsv");
        let mut args = vec![
            "eval",
            "--json",
            "--split",
            "test",
            "models/construct/en.tsv",
        ];
        args.push(test.to_str().unwrap());
        args.extend_from_slice(extra);
        let out = common::run(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let shipped = eval(&[]);
    let emotion_only = eval(&["--builtin-model", model.to_str().unwrap()]);
    let f1 = |rows: &[serde_json::Value], k: usize| rows[k]["macro_f1"].as_f64().unwrap();
    assert!(
        f1(&emotion_only, 0) < f1(&shipped, 0) - 0.05,
        "construct test split"
    );
    assert!(
        f1(&emotion_only, 1) > f1(&shipped, 1) + 0.02,
        "GoEmotions test"
    );
}
