//! Evaluating a scorer on a labelled file: n, Spearman and Pearson against the gold warmth,
//! macro-F1 over warm / neutral / cold, and messages per second.

use super::labeled::{self, Class};
use super::metrics::{macro_f1, pearson, spearman};
use super::Scorer;
use crate::error::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

#[derive(Debug, Clone, Serialize)]
pub struct EvalResult {
    pub file: String,
    pub n: usize,
    pub spearman: f64,
    pub pearson: f64,
    pub macro_f1: f64,
    pub msgs_per_s: f64,
    pub skipped_empty: usize,
}

/// Scores every example of `path` with `scorer` and compares with the gold warmth.
pub fn evaluate(path: &Path, mapping: Option<&Path>, scorer: &dyn Scorer) -> Result<EvalResult> {
    evaluate_split(path, mapping, None, scorer)
}

/// Like [`evaluate`], on one split of a construct set when `split` is given. Each text is
/// read in its language as in a conversation: its own where its words tell, else the
/// file's main language (see [`crate::lang::profile::routing_for_texts`]).
pub fn evaluate_split(
    path: &Path,
    mapping: Option<&Path>,
    split: Option<&str>,
    scorer: &dyn Scorer,
) -> Result<EvalResult> {
    let data = labeled::load_split(path, mapping, split)?;
    let texts: Vec<&str> = data.examples.iter().map(|e| e.text.as_str()).collect();
    let langs = crate::lang::profile::routing_for_texts(&texts);
    let score_all = || -> Vec<f64> {
        texts
            .par_chunks(256)
            .zip(langs.par_chunks(256))
            .flat_map_iter(|(b, l)| scorer.score_batch_in(b, l))
            .map(|s| f64::from(s.score.warmth))
            .collect()
    };
    // Speed over repeated passes (at least 0.3 s), so small files still measure throughput
    // rather than thread start-up.
    let start = Instant::now();
    let scored = score_all();
    let mut passes = 1usize;
    while start.elapsed().as_secs_f64() < 0.3 && !texts.is_empty() {
        score_all();
        passes += 1;
    }
    let seconds = start.elapsed().as_secs_f64().max(1e-9);
    let gold: Vec<f64> = data.examples.iter().map(|e| e.gold).collect();
    let gold_class: Vec<Class> = data
        .examples
        .iter()
        .map(|e| e.class.unwrap_or(Class::of(e.gold)))
        .collect();
    let pred_class: Vec<Class> = scored.iter().map(|&w| Class::of(w)).collect();
    Ok(EvalResult {
        file: path.display().to_string(),
        n: scored.len(),
        spearman: spearman(&scored, &gold),
        pearson: pearson(&scored, &gold),
        macro_f1: macro_f1(&pred_class, &gold_class),
        msgs_per_s: (scored.len() * passes) as f64 / seconds,
        skipped_empty: data.skipped_empty,
    })
}
