//! Score: gives every text message a warmth in [-1, 1] and a confidence in [0, 1], plus the
//! chat cues that explain it.
//!
//! Scorers implement [`Scorer`] (a batch of texts in, one [`Scored`] per text out); the stage
//! batches a conversation's text messages and runs batches in parallel with rayon. Media,
//! system, deleted and call messages are not scored (their timing still matters to the
//! dynamics stage). Results do not depend on the thread count.

#[cfg(feature = "bert")]
pub mod bert;
pub mod bert_cache;
#[cfg(feature = "bert")]
pub mod bert_train;
#[cfg(feature = "bert")]
pub mod bert_tune;
pub mod cues;
pub mod eval;
pub mod labeled;
pub mod metrics;
pub mod model;
pub mod train;

use crate::chat::{Conversation, MessageKind};
use crate::error::{Error, Result};
use rayon::prelude::*;
use serde::Serialize;

pub use model::BuiltinScorer;

/// Warmth in [-1, 1] (+1 affectionate/close, 0 neutral, -1 cold/hostile) and a confidence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Score {
    pub warmth: f32,
    pub confidence: f32,
}

/// Chat cues counted in one message; kept in the output so a score can be explained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Cues {
    pub words: u32,
    pub affection: u16,
    pub warm_emoji: u16,
    pub cold_emoji: u16,
    pub laughter: u16,
    pub apology: u16,
    pub thanks: u16,
    pub questions: u16,
    pub exclamations: u16,
    pub negations: u16,
    pub intensifiers: u16,
    pub all_caps: bool,
    pub curt: bool,
}

/// One message's score and cues.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Scored {
    #[serde(flatten)]
    pub score: Score,
    pub cues: Cues,
}

/// A warmth model.
pub trait Scorer: Send + Sync {
    /// Short name shown in outputs (`builtin`, `bert`).
    fn name(&self) -> &str;
    /// One result per text, in order.
    fn score_batch(&self, texts: &[&str]) -> Vec<Scored>;
}

/// A conversation with one optional score per message (`None` for non-text messages).
#[derive(Debug, Clone)]
pub struct ScoredConversation {
    pub conversation: Conversation,
    pub scores: Vec<Option<Scored>>,
}

/// Texts per batch handed to a scorer (big enough to amortise the hand-off, small enough
/// to spread a conversation over the cores).
const BATCH: usize = 2048;

/// Scores every text message of `conversation` with `scorer`, in parallel batches on the
/// current rayon pool. The result does not depend on the number of threads.
pub fn score_conversation(conversation: Conversation, scorer: &dyn Scorer) -> ScoredConversation {
    let text_indices: Vec<usize> = conversation
        .messages
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kind == MessageKind::Text)
        .map(|(i, _)| i)
        .collect();
    let texts: Vec<&str> = text_indices
        .iter()
        .map(|&i| conversation.messages[i].text.as_str())
        .collect();
    let results: Vec<Scored> = texts
        .par_chunks(BATCH)
        .flat_map_iter(|batch| scorer.score_batch(batch))
        .collect();
    let mut scores = vec![None; conversation.messages.len()];
    for (&i, s) in text_indices.iter().zip(results) {
        scores[i] = Some(s);
    }
    ScoredConversation {
        conversation,
        scores,
    }
}

/// The scorer called `name`: `builtin`, or `bert` (in a build with the `bert` feature) with
/// its encoder in `model_dir`.
pub fn scorer_by_name(name: &str, model_dir: &std::path::Path) -> Result<Box<dyn Scorer>> {
    match name {
        "builtin" => Ok(Box::new(BuiltinScorer::shipped()?)),
        #[cfg(feature = "bert")]
        "bert" => bert::BertScorer::load(model_dir)
            .map(|s| Box::new(s) as Box<dyn Scorer>)
            .map_err(|e| Error::Usage(format!("{e:#}"))),
        #[cfg(not(feature = "bert"))]
        "bert" => {
            let _ = model_dir;
            Err(Error::Usage(
                "the `bert` scorer is not in this build: rebuild with `--features bert` \
                 (see docs/bert.md)"
                    .into(),
            ))
        }
        other => Err(Error::Usage(format!(
            "unknown scorer `{other}` (available: builtin)"
        ))),
    }
}
