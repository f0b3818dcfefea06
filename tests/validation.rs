//! A small validation run (2 seeds × every scenario): the acceptance criteria of the
//! dynamics stage hold on planted conversations. The full table is `pushpull validate`.

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
    let f1 = fast.iter().map(|r| r.f1).sum::<f64>() / fast.len() as f64;
    assert!(f1 > 0.6, "pushpull_fast F1 {f1}");
    assert!(fast.iter().all(|r| r.score_b > r.score_a));
}

#[test]
fn planted_warmth_meets_the_acceptance_criteria() {
    check(
        &run(2, 180, Pipeline::Planted, ExportFormat::WhatsApp).expect("planted runs cannot fail"),
    );
}
