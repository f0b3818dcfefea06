//! Evaluating a scorer on a labelled file: n, Spearman and Pearson against the gold warmth,
//! macro-F1 over warm / neutral / cold (pull / neutral / push), the recall of each class
//! and the confusion matrix, and messages per second.

use super::construct::Split;
use super::labeled::{self, Class};
use super::metrics::{confusion, macro_f1, pearson, spearman};
use super::{Scored, Scorer};
use crate::error::Result;
use rayon::prelude::*;
use serde::Serialize;
use std::path::Path;
use std::time::Instant;

/// How a scorer did on one labelled file (the `eval` command's output).
#[derive(Debug, Clone, Serialize)]
pub struct EvalResult {
    /// The file evaluated.
    pub file: String,
    /// Examples scored.
    pub n: usize,
    /// Spearman rank correlation with the gold warmth.
    pub spearman: f64,
    /// Pearson correlation with the gold warmth.
    pub pearson: f64,
    /// Macro-F1 over warm, neutral and cold.
    pub macro_f1: f64,
    /// Share of gold warm (pull) examples predicted warm.
    pub recall_pull: f64,
    /// Share of gold neutral examples predicted neutral.
    pub recall_neutral: f64,
    /// Share of gold cold (push) examples predicted cold.
    pub recall_push: f64,
    /// Counts by gold class (rows) and predicted class (columns), each in the order
    /// pull, neutral, push.
    pub confusion: [[usize; 3]; 3],
    /// Scoring speed, each text's language given (messages per second).
    pub msgs_per_s: f64,
    /// The same with language identification on: each pass first identifies the languages
    /// (function words per text, the file's main language as for a conversation).
    pub msgs_per_s_langid: f64,
    /// Rows left out because their text was empty.
    pub skipped_empty: usize,
    /// The construct split evaluated (`train`, `dev`, `test`), when one was chosen and the
    /// file has splits (other files are read whole).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub split: Option<String>,
    /// Messages scored as replies to the partner's previous message given in the file.
    pub with_context: usize,
}

/// What to read of a file and how to score it.
#[derive(Debug, Clone, Copy, Default)]
pub struct EvalOptions<'a> {
    /// The label → warmth mapping for GoEmotions and EmotionPush files (default:
    /// `warmth_mapping.json` next to the file or one folder up).
    pub mapping: Option<&'a Path>,
    /// Only this split of a construct-set file.
    pub split: Option<Split>,
    /// Score every message alone, ignoring the context column.
    pub no_context: bool,
}

/// Scores every example of `path` with `scorer` and compares with the gold warmth.
pub fn evaluate(path: &Path, mapping: Option<&Path>, scorer: &dyn Scorer) -> Result<EvalResult> {
    evaluate_with(
        path,
        EvalOptions {
            mapping,
            ..EvalOptions::default()
        },
        scorer,
    )
}

/// [`evaluate`] with a split and context choice. Each text is read in its language as in a
/// conversation: its own where its words tell, else the file's main language (see
/// [`crate::lang::profile::routing_for_texts`]).
pub fn evaluate_with(path: &Path, opts: EvalOptions, scorer: &dyn Scorer) -> Result<EvalResult> {
    let data = labeled::load_split(path, opts.mapping, opts.split)?;
    let texts: Vec<&str> = data.examples.iter().map(|e| e.text.as_str()).collect();
    let contexts: Vec<Option<&str>> = data
        .examples
        .iter()
        .map(|e| e.context.as_deref().filter(|_| !opts.no_context))
        .collect();
    let with_context = contexts.iter().filter(|c| c.is_some()).count();
    let score_all = |langs: &[Option<crate::lang::Lang>]| -> Result<Vec<f64>> {
        let batches: Vec<Vec<Scored>> = texts
            .par_chunks(256)
            .zip(contexts.par_chunks(256))
            .zip(langs.par_chunks(256))
            .map(|((t, c), l)| scorer.score_batch_in(t, c, l))
            .collect::<Result<_>>()?;
        Ok(batches
            .into_iter()
            .flatten()
            .map(|s| f64::from(s.score.warmth))
            .collect())
    };
    // Speed over repeated passes (at least 0.3 s), so small files still measure throughput
    // rather than thread start-up. Each pass identifies the languages, then scores; the
    // two are timed apart, pass by pass, so both see the same load on a busy machine.
    let start = Instant::now();
    let (mut identify, mut scoring, mut passes) = (0.0, 0.0, 0usize);
    let scored = loop {
        let t = Instant::now();
        let langs = crate::lang::profile::routing_for_texts(&texts);
        identify += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let scored = score_all(&langs)?;
        scoring += t.elapsed().as_secs_f64();
        passes += 1;
        if texts.is_empty() || start.elapsed().as_secs_f64() >= 0.3 {
            break scored;
        }
    };
    let per_pass = |seconds: f64| (scored.len() * passes) as f64 / seconds.max(1e-9);
    let gold: Vec<f64> = data.examples.iter().map(|e| e.gold).collect();
    let gold_class: Vec<Class> = data
        .examples
        .iter()
        .map(|e| e.class.unwrap_or(Class::of(e.gold)))
        .collect();
    let pred_class: Vec<Class> = scored.iter().map(|&w| Class::of(w)).collect();
    let matrix = confusion(&pred_class, &gold_class);
    let recall = |k: usize| {
        let total: usize = matrix[k].iter().sum();
        if total == 0 {
            0.0
        } else {
            matrix[k][k] as f64 / total as f64
        }
    };
    Ok(EvalResult {
        file: path.display().to_string(),
        n: scored.len(),
        spearman: spearman(&scored, &gold),
        pearson: pearson(&scored, &gold),
        macro_f1: macro_f1(&pred_class, &gold_class),
        recall_pull: recall(0),
        recall_neutral: recall(1),
        recall_push: recall(2),
        confusion: matrix,
        msgs_per_s: per_pass(scoring),
        msgs_per_s_langid: per_pass(scoring + identify),
        skipped_empty: data.skipped_empty,
        split: opts
            .split
            .filter(|_| data.has_splits)
            .map(|s| format!("{s:?}").to_lowercase()),
        with_context,
    })
}
