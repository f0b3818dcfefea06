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
pub mod bert_construct;
#[cfg(feature = "bert")]
pub mod bert_softmax;
#[cfg(feature = "bert")]
pub mod bert_tokenizer;
#[cfg(feature = "bert")]
pub mod bert_train;
#[cfg(feature = "bert")]
pub mod bert_tune;
pub mod construct;
pub mod cues;
pub mod eval;
pub mod labeled;
pub mod metrics;
pub mod model;
pub mod train;

use crate::chat::{Conversation, MessageKind};
use crate::error::{Error, Result};
use crate::lang::{Lang, LanguageProfile};
use rayon::prelude::*;
use serde::Serialize;

pub use model::BuiltinScorer;

/// Warmth in [-1, 1] (+1 affectionate/close, 0 neutral, -1 cold/hostile) and a confidence.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Score {
    /// Warmth from −1 (cold, hostile) to +1 (affectionate, close).
    pub warmth: f32,
    /// How sure the scorer is, 0..1 (low for short or cue-less text).
    pub confidence: f32,
}

/// Chat cues counted in one message; kept in the output so a score can be explained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Cues {
    /// Words in the message.
    pub words: u32,
    /// Terms of affection ("love", "babe", "miss").
    pub affection: u16,
    /// Warm emoji (❤️, 😘, 😊).
    pub warm_emoji: u16,
    /// Cold or annoyed emoji (🙄, 😒).
    pub cold_emoji: u16,
    /// Laughter ("haha", "lol", 😂).
    pub laughter: u16,
    /// Apologies.
    pub apology: u16,
    /// Thanks.
    pub thanks: u16,
    /// Question marks.
    pub questions: u16,
    /// Exclamation marks.
    pub exclamations: u16,
    /// Negations ("not", "never", "n't").
    pub negations: u16,
    /// Intensifiers ("so", "really").
    pub intensifiers: u16,
    /// Written in capitals (shouting).
    pub all_caps: bool,
    /// A curt reply ("k", "fine", "whatever").
    pub curt: bool,
    /// A whole-message acknowledgement ("ok", "sure", 👍, or a curt reply): neutral after
    /// logistics, a withdrawal right after a warm message.
    pub ack: bool,
    /// Asking for space or withholding contact; this and the families below are the
    /// distancing and longing phrases of `cues::phrases` (`docs/warmth.md`).
    pub distance: u16,
    /// Boundary statements ("don't text me", "stop messaging me").
    pub boundary: u16,
    /// Brushing the other off ("whatever", "if you want").
    pub dismissal: u16,
    /// Break-up talk ("it's over", "we're done").
    pub breakup: u16,
    /// Insults and contempt.
    pub hostility: u16,
    /// Missing the other ("miss you", "wish you were here").
    pub longing: u16,
    /// Care, wanting contact, repair, eager attention ("are you ok", "call me").
    pub closeness: u16,
    /// The pursuing bid: pressing for an answer ("why aren't you answering").
    pub pursuit: u16,
    /// Plans, times, places and errands ("meeting moved to", "running late", "pick up"):
    /// neutral logistics, which pull a message toward 0.
    pub logistics: u16,
}

impl Cues {
    /// The cue columns of the `score` table, in the order of [`Cues::fields`]; JSON Lines
    /// writes the same names as one `cues` object.
    pub const COLUMNS: [&'static str; 23] = [
        "words",
        "affection",
        "warm_emoji",
        "cold_emoji",
        "laughter",
        "apology",
        "thanks",
        "questions",
        "exclamations",
        "negations",
        "intensifiers",
        "all_caps",
        "curt",
        "ack",
        "distance",
        "boundary",
        "dismissal",
        "breakup",
        "hostility",
        "longing",
        "closeness",
        "pursuit",
        "logistics",
    ];

    /// The cue values as table cells, in [`Cues::COLUMNS`] order.
    pub fn fields(&self) -> [String; 23] {
        [
            self.words.to_string(),
            self.affection.to_string(),
            self.warm_emoji.to_string(),
            self.cold_emoji.to_string(),
            self.laughter.to_string(),
            self.apology.to_string(),
            self.thanks.to_string(),
            self.questions.to_string(),
            self.exclamations.to_string(),
            self.negations.to_string(),
            self.intensifiers.to_string(),
            self.all_caps.to_string(),
            self.curt.to_string(),
            self.ack.to_string(),
            self.distance.to_string(),
            self.boundary.to_string(),
            self.dismissal.to_string(),
            self.breakup.to_string(),
            self.hostility.to_string(),
            self.longing.to_string(),
            self.closeness.to_string(),
            self.pursuit.to_string(),
            self.logistics.to_string(),
        ]
    }
}

/// One message's score and cues.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Default)]
pub struct Scored {
    /// Warmth and confidence.
    #[serde(flatten)]
    pub score: Score,
    /// The cues that explain them.
    pub cues: Cues,
}

/// A warmth model.
pub trait Scorer: Send + Sync {
    /// Short name shown in outputs (`builtin`, `bert`).
    fn name(&self) -> &str;
    /// One result per text, in order; an error when the model fails (a scorer that cannot
    /// fail always returns `Ok`).
    fn score_batch(&self, texts: &[&str]) -> Result<Vec<Scored>>;
    /// One result per text, each read as a reply to `contexts[i]` (the partner's previous
    /// message, when there is one): a curt "ok" after "i love you" is colder than after
    /// "meeting moved to 3". Scorers that do not read context score the texts alone.
    fn score_batch_in_context(
        &self,
        texts: &[&str],
        contexts: &[Option<&str>],
    ) -> Result<Vec<Scored>> {
        let _ = contexts;
        self.score_batch(texts)
    }
    /// One result per text, text `i` read as a reply to `contexts[i]` and in `langs[i]` where
    /// the scorer reads several languages (`None`: its default). Scorers of one language
    /// ignore `langs` and read the context as [`Scorer::score_batch_in_context`] does.
    fn score_batch_in(
        &self,
        texts: &[&str],
        contexts: &[Option<&str>],
        langs: &[Option<Lang>],
    ) -> Result<Vec<Scored>> {
        let _ = langs;
        self.score_batch_in_context(texts, contexts)
    }
}

/// A conversation with one optional score per message (`None` for non-text messages).
#[derive(Debug, Clone)]
pub struct ScoredConversation {
    /// The conversation as ingest read it.
    pub conversation: Conversation,
    /// One score per message, in message order; `None` for anything but text.
    pub scores: Vec<Option<Scored>>,
    /// The languages of the messages and of the conversation.
    pub languages: LanguageProfile,
}

/// Texts per batch handed to a scorer (big enough to amortise the hand-off, small enough
/// to spread a conversation over the cores).
const BATCH: usize = 2048;

/// Scores every text message of `conversation` with `scorer`, in parallel batches on the
/// current rayon pool, each message read in its language (see [`crate::lang`]). The result
/// does not depend on the number of threads. Fails when the scorer fails on a batch.
pub fn score_conversation(
    conversation: Conversation,
    scorer: &dyn Scorer,
) -> Result<ScoredConversation> {
    let languages = LanguageProfile::of(&conversation);
    let text_indices: Vec<usize> = conversation
        .messages
        .iter()
        .enumerate()
        .filter(|(_, m)| m.kind == MessageKind::Text)
        .map(|(i, _)| i)
        .collect();
    let texts: Vec<(&str, Option<&str>)> = text_indices
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let m = &conversation.messages[i];
            // The partner's previous message: the text message just before, by someone else.
            let context = k
                .checked_sub(1)
                .map(|p| &conversation.messages[text_indices[p]])
                .filter(|prev| prev.sender.is_some() && prev.sender != m.sender)
                .map(|prev| prev.text.as_str());
            (m.text.as_str(), context)
        })
        .collect();
    let langs: Vec<Option<Lang>> = text_indices.iter().map(|&i| languages.routing(i)).collect();
    let batches: Vec<Vec<Scored>> = texts
        .par_chunks(BATCH)
        .zip(langs.par_chunks(BATCH))
        .map(|(batch, langs)| {
            let (texts, contexts): (Vec<&str>, Vec<Option<&str>>) = batch.iter().copied().unzip();
            scorer.score_batch_in(&texts, &contexts, langs)
        })
        .collect::<Result<_>>()?;
    let mut scores = vec![None; conversation.messages.len()];
    for (&i, s) in text_indices.iter().zip(batches.into_iter().flatten()) {
        scores[i] = Some(s);
    }
    Ok(ScoredConversation {
        conversation,
        scores,
        languages,
    })
}

/// The scorer called `name`: `builtin`, or `bert` (in a build with the `bert` feature) with
/// its encoder in `model_dir`.
pub fn scorer_by_name(name: &str, model_dir: &std::path::Path) -> Result<Box<dyn Scorer>> {
    match name {
        "builtin" => builtin_with(BuiltinScorer::shipped()?),
        #[cfg(feature = "bert")]
        "bert" => bert::BertScorer::load(model_dir).map(|s| Box::new(s) as Box<dyn Scorer>),
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

/// The built-in scorer with English weights read from `model_file` (written by `pushpull
/// train`) instead of the shipped ones; other languages keep their shipped models.
pub fn builtin_scorer_from_file(model_file: &std::path::Path) -> Result<Box<dyn Scorer>> {
    builtin_with(BuiltinScorer::from_file(model_file)?)
}

fn builtin_with(english: BuiltinScorer) -> Result<Box<dyn Scorer>> {
    Ok(Box::new(crate::lang::multi::MultiScorer::new(
        Box::new(english),
        crate::lang::warmth::LangScorer::shipped()?,
    )))
}

#[cfg(test)]
mod tests {
    use super::Cues;

    #[test]
    fn cue_columns_and_fields_follow_the_json_object() {
        let cues = Cues {
            words: 7,
            laughter: 2,
            curt: true,
            pursuit: 3,
            ..Cues::default()
        };
        let json = serde_json::to_string(&cues).unwrap();
        let pairs: Vec<(String, String)> = json
            .trim_matches(|c| c == '{' || c == '}')
            .split(',')
            .map(|kv| {
                let (k, v) = kv.split_once(':').unwrap();
                (k.trim_matches('"').to_string(), v.to_string())
            })
            .collect();
        let columns: Vec<String> = Cues::COLUMNS.iter().map(|c| c.to_string()).collect();
        let keys: Vec<String> = pairs.iter().map(|(k, _)| k.clone()).collect();
        assert_eq!(keys, columns, "every cue in the CSV, in the JSON order");
        let values: Vec<String> = pairs.into_iter().map(|(_, v)| v).collect();
        assert_eq!(values, cues.fields().to_vec());
    }
}
