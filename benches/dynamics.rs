//! Benchmark of the dynamics stage: analyses a planted push-pull conversation of about one
//! million messages over five years (≈ 550 messages a day, 3,650 twelve-hour bins) and
//! prints the time and messages/s. Run: `cargo bench --bench dynamics [DAYS [RATE]]`
//! (e.g. `26000 1` for one million messages at the normal rate over 70 years).

use pushpull::dynamics::analyze;
use pushpull::synth::validate::planted_conversation;
use pushpull::synth::{default_names, ExportFormat, Scenario, Synthetic};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let days = args
        .first()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1825usize);
    let rate = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(15.0f64);
    let t = Instant::now();
    let synth = Synthetic::generate_scaled(Scenario::Pushpull, days, 1, default_names(), rate);
    let scored = planted_conversation(&synth, ExportFormat::WhatsApp);
    let n = scored.conversation.messages.len();
    eprintln!(
        "generated {n} messages over {days} days in {:.2}s",
        t.elapsed().as_secs_f64()
    );
    let mut best = f64::INFINITY;
    let mut result = None;
    for _ in 0..3 {
        let t = Instant::now();
        let a = analyze(&scored);
        best = best.min(t.elapsed().as_secs_f64());
        result = Some(a);
    }
    let a = result.expect("three runs");
    println!(
        "dynamics: {n} messages in {best:.3}s ({:.1}M messages/s); score {:.1}, {} boundaries",
        n as f64 / best / 1e6,
        a.push_pull_score,
        a.boundaries.len()
    );
}
