//! Parse benchmark (not a test): `cargo bench --bench parse -- FILE [RUNS]` parses a
//! WhatsApp export in memory RUNS times (default 5) with the library and prints the best
//! run as messages/s and MB/s. scripts/bench-parse.sh generates the file and compares
//! with other parsers.

use pushpull::ingest::{parse_bytes, IngestOptions};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let Some(path) = args.first() else {
        eprintln!("usage: cargo bench --bench parse -- FILE [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(5);
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let opts = IngestOptions::default();
    let mut best = f64::INFINITY;
    let mut messages = 0;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let convs = match parse_bytes(path, &bytes, &opts) {
            Ok(c) => c,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        };
        let secs = start.elapsed().as_secs_f64();
        messages = convs.iter().map(|c| c.messages.len()).sum::<usize>();
        best = best.min(secs);
    }
    let mb = bytes.len() as f64 / 1e6;
    println!(
        "pushpull (library)\t{messages}\t{:.3}\t{:.0}\t{:.1}",
        best,
        messages as f64 / best,
        mb / best
    );
}
