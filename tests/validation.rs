//! A small validation run (2 seeds × every scenario): the acceptance criteria of the
//! dynamics stage hold on planted conversations, with the planted warmth and through the
//! whole pipeline (export → parse → built-in scorer). The full table is `pushpull validate`.

use pushpull::synth::validate::{run, Pipeline, RunResult, THRESHOLD};
use pushpull::synth::{ExportFormat, Scenario};

fn rows(results: &[RunResult], s: Scenario) -> Vec<&RunResult> {
    results.iter().filter(|r| r.scenario == s).collect()
}

fn check(results: &[RunResult]) {
    let controls: Vec<&RunResult> = results.iter().filter(|r| r.scenario.is_control()).collect();
    assert!(!controls.is_empty());
    for r in &controls {
        assert!(r.score_a.max(r.score_b) < THRESHOLD, "false alarm: {r:?}");
    }
    for r in rows(results, Scenario::Pushpull) {
        assert!(r.f1 >= 0.85, "pushpull F1: {r:?}");
        assert!(
            r.score_b > r.score_a && r.score_b >= 60.0,
            "pushpull attribution: {r:?}"
        );
    }
    let fast = rows(results, Scenario::PushpullFast);
    assert!(fast
        .iter()
        .all(|r| r.score_b > r.score_a && r.score_b >= THRESHOLD));
}

fn mean_fast_f1(results: &[RunResult]) -> f64 {
    let fast = rows(results, Scenario::PushpullFast);
    fast.iter().map(|r| r.f1).sum::<f64>() / fast.len() as f64
}

#[test]
fn planted_warmth_meets_the_acceptance_criteria() {
    let results =
        run(2, 180, Pipeline::Planted, ExportFormat::WhatsApp).expect("planted runs cannot fail");
    check(&results);
    assert!(mean_fast_f1(&results) > 0.6, "{}", mean_fast_f1(&results));
}

#[test]
fn full_pipeline_with_the_builtin_scorer_meets_the_acceptance_criteria() {
    let scorer = pushpull::score::scorer_by_name("builtin", std::path::Path::new("models/minilm"))
        .expect("shipped model loads");
    let pipeline = Pipeline::Full {
        scorer: scorer.as_ref(),
    };
    for format in [
        ExportFormat::WhatsApp,
        ExportFormat::WhatsAppIos,
        ExportFormat::Signal,
    ] {
        let results = run(2, 180, pipeline, format).expect("every export reads back");
        check(&results);
        assert!(
            mean_fast_f1(&results) > 0.5,
            "{format:?}: {}",
            mean_fast_f1(&results)
        );
    }
}
