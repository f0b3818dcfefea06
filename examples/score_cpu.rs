//! Dev tool: CPU time of the built-in scorer per message, on one thread, so a change can
//! be measured on a shared machine (wall-clock msgs/s depends on what else runs; CPU time
//! much less). Scores every text of a labelled file ten times.
//!
//! ```text
//! cargo build --release --example score_cpu
//! perf stat -e task-clock ./target/release/examples/score_cpu ../shared/corpus/labeled/goemotions/train.tsv
//! ```
//!
//! With `tokens` as second argument it runs only the tokenizer and cue counter.

use pushpull::score::{cues::Tokens, labeled, model::BuiltinScorer, Scorer};
use std::time::Instant;

fn main() -> pushpull::error::Result<()> {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: score_cpu FILE [tokens]");
        std::process::exit(2);
    };
    let tokens_only = std::env::args().nth(2).as_deref() == Some("tokens");
    let data = labeled::load(std::path::Path::new(&path), None)?;
    let texts: Vec<&str> = data.examples.iter().map(|e| e.text.as_str()).collect();
    let scorer = BuiltinScorer::shipped()?;
    let mut tokens = Tokens::default();
    let mut checksum = 0.0f64;
    let start = Instant::now();
    for _ in 0..10 {
        if tokens_only {
            for t in &texts {
                tokens.analyse(t);
                checksum += tokens.tokens.len() as f64;
            }
        } else {
            for batch in texts.chunks(256) {
                for s in scorer.score_batch(batch)? {
                    checksum += f64::from(s.score.warmth);
                }
            }
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    let n = texts.len() * 10;
    println!(
        "{n} messages, {:.0} ns each on one thread ({:.0} msgs/s), checksum {checksum:.3}",
        seconds * 1e9 / n as f64,
        n as f64 / seconds
    );
    Ok(())
}
