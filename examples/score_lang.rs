//! Dev tool for scripts/bench-lang.sh: messages per second of scoring a conversation with
//! language identification on (`score_conversation`: per-message function words, whatlang
//! on a sample, dispatch by language) against the English model alone on the same texts,
//! and of the language profile alone. Median of five runs each, on the current rayon pool.
//!
//! ```text
//! cargo run --release --example score_lang -- EXPORT
//! ```

use pushpull::ingest::{self, IngestOptions};
use pushpull::lang::LanguageProfile;
use pushpull::score::{model::BuiltinScorer, score_conversation, scorer_by_name, Scorer};
use rayon::prelude::*;
use std::time::Instant;

fn median_rate(n: usize, mut run: impl FnMut()) -> f64 {
    let mut rates: Vec<f64> = (0..5)
        .map(|_| {
            let start = Instant::now();
            run();
            n as f64 / start.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    rates[2]
}

fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).expect("usage: score_lang EXPORT");
    let (inputs, _) = ingest::discover(&[path.into()]);
    let conv = ingest::parse_input(&inputs[0], &IngestOptions::default())?.remove(0);
    let n = conv.messages.len();
    let texts: Vec<&str> = conv.messages.iter().map(|m| m.text.as_str()).collect();
    let multi = scorer_by_name("builtin", std::path::Path::new("models/minilm"))?;
    let english = BuiltinScorer::shipped()?;
    let profile = median_rate(n, || {
        std::hint::black_box(LanguageProfile::of(&conv));
    });
    let mut copies: Vec<_> = (0..5).map(|_| conv.clone()).collect();
    let with_lang = median_rate(n, || {
        let c = copies.pop().unwrap_or_else(|| conv.clone());
        std::hint::black_box(score_conversation(c, multi.as_ref()).expect("scores"));
    });
    let english_only = median_rate(n, || {
        let s: Vec<_> = texts
            .par_chunks(2048)
            .flat_map_iter(|b| english.score_batch(b).expect("scores"))
            .collect();
        std::hint::black_box(s);
    });
    let main = LanguageProfile::of(&conv)
        .summary
        .main
        .map_or("?", |l| l.code());
    println!(
        "{n} messages (main language {main}), {} threads: language profile {profile:.0} msgs/s; \
         scoring with language identification {with_lang:.0} msgs/s; English model alone {english_only:.0} msgs/s",
        rayon::current_num_threads()
    );
    Ok(())
}
