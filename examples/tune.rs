//! Dev tool for choosing hyper-parameters: trains the built-in model with the default
//! settings (or `TUNE_EPOCHS`, `TUNE_RATE`, `TUNE_L2`, `TUNE_POLAR`, `TUNE_CONSTRUCT`,
//! `TUNE_SHARE`, `TUNE_DROPOUT` overrides) and prints its scores on GoEmotions dev, EmotionPush dev and the construct
//! dev split (with per-class recall), the worst EmotionPush residuals with
//! `TUNE_WORST=N`, and the warmth of a few texts with `TUNE_PROBE="a|b"`. Never writes a
//! model. EmotionPush dev differences below about 0.01 Spearman are within the noise of
//! hash collisions (changing the feature hash moves it that much).
//!
//! ```text
//! cargo run --release --example tune
//! ```

use pushpull::score::construct::Split;
use pushpull::score::eval::{evaluate, evaluate_with, EvalOptions};
use pushpull::score::labeled;
use pushpull::score::model::BuiltinScorer;
use pushpull::score::train::{train, Settings};
use pushpull::score::Scorer;
use std::path::Path;

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() -> pushpull::error::Result<()> {
    let corpus = Path::new("../shared/corpus/labeled");
    let d = Settings::default();
    let settings = Settings {
        epochs: env("TUNE_EPOCHS", d.epochs),
        learning_rate: env("TUNE_RATE", d.learning_rate),
        l2: env("TUNE_L2", d.l2),
        polar_weight: env("TUNE_POLAR", d.polar_weight),
        construct_weight: env("TUNE_CONSTRUCT", d.construct_weight),
        construct_share: env("TUNE_SHARE", d.construct_share),
        dropout: env("TUNE_DROPOUT", d.dropout),
        ..d
    };
    let mapping = corpus.join("warmth_mapping.json");
    let construct = Path::new("models/construct");
    let trained = train(&corpus.join("goemotions"), &mapping, construct, settings)?;
    eprintln!(
        "{settings:?} short {:?} long {:?}",
        trained.model.short, trained.model.long
    );
    let scorer = BuiltinScorer::from_model(trained.model);
    for file in ["goemotions/dev.tsv", "emotionpush/dev.json"] {
        let r = evaluate(&corpus.join(file), Some(&mapping), &scorer)?;
        println!(
            "{file:<22} spearman {:.4} pearson {:.4} macro_f1 {:.4} msgs/s {:.0}",
            r.spearman, r.pearson, r.macro_f1, r.msgs_per_s
        );
    }
    for (file, no_context) in [("en.tsv", false), ("en.tsv", true)] {
        let opts = EvalOptions {
            split: Some(Split::Dev),
            no_context,
            ..EvalOptions::default()
        };
        let r = evaluate_with(&construct.join(file), opts, &scorer)?;
        println!(
            "construct dev{:<9} spearman {:.4} macro_f1 {:.4} recall pull {:.3} neutral {:.3} push {:.3}",
            if no_context { " (alone)" } else { "" },
            r.spearman, r.macro_f1, r.recall_pull, r.recall_neutral, r.recall_push
        );
    }
    // TUNE_ERRORS=1: the construct dev messages classed wrong (TUNE_ERRORS=2: train).
    if env("TUNE_ERRORS", 0) > 0 {
        let rows = pushpull::score::construct::read_set(&construct.join("en.tsv"))?;
        let which = if env("TUNE_ERRORS", 0) == 2 {
            Split::Train
        } else {
            Split::Dev
        };
        for r in rows.iter().filter(|r| r.split == which) {
            let s = scorer.score_batch_in_context(&[r.text.as_str()], &[r.context.as_deref()])?[0];
            let pred = labeled::Class::of(f64::from(s.score.warmth));
            if pred != r.class {
                println!(
                    "{:+.2} {:?}<-{:?} {:<10} {}",
                    s.score.warmth, pred, r.class, r.subkind, r.text
                );
            }
        }
    }
    // TUNE_PROBE="text|text|...": the warmth of a few texts.
    if let Ok(probe) = std::env::var("TUNE_PROBE") {
        let texts: Vec<&str> = probe.split('|').collect();
        for (t, s) in texts.iter().zip(scorer.score_batch(&texts)?) {
            println!("{:+.3} {t}", s.score.warmth);
        }
    }
    let worst: usize = env("TUNE_WORST", 0);
    if worst > 0 {
        let data = labeled::load(&corpus.join("emotionpush/dev.json"), Some(&mapping))?;
        let texts: Vec<&str> = data.examples.iter().map(|e| e.text.as_str()).collect();
        let scored = scorer.score_batch(&texts)?;
        let mut rows: Vec<(f64, f64, &str)> = data
            .examples
            .iter()
            .zip(&scored)
            .map(|(e, s)| (f64::from(s.score.warmth), e.gold, e.text.as_str()))
            .collect();
        rows.sort_by(|a, b| (b.0 - b.1).abs().total_cmp(&(a.0 - a.1).abs()));
        for (p, g, t) in rows.iter().take(worst) {
            println!("pred {p:+.2} gold {g:+.2}  {t}");
        }
    }
    Ok(())
}
