//! The built-in scorer as users see it: each message is read in its language — Spanish,
//! Portuguese, German, French and Italian by the cue-lexicon model
//! ([`LangScorer`](super::warmth::LangScorer)), English and everything else by the English
//! model. The language comes from the caller (the conversation's routing, see
//! [`LanguageProfile::routing`](super::LanguageProfile::routing)) or, without one, from the
//! message's own function words.

use super::warmth::LangScorer;
use super::{words, Lang};
use crate::error::Result;
use crate::score::{Scored, Scorer};

/// The built-in scorer: each message scored by the model of its language (English, or the
/// cue-lexicon model of a read language).
pub struct MultiScorer {
    english: Box<dyn Scorer>,
    others: LangScorer,
}

impl MultiScorer {
    /// Scores English (and unread languages) with `english`, the read languages with `others`.
    pub fn new(english: Box<dyn Scorer>, others: LangScorer) -> Self {
        MultiScorer { english, others }
    }
}

impl Scorer for MultiScorer {
    fn name(&self) -> &str {
        self.english.name()
    }

    fn score_batch(&self, texts: &[&str]) -> Result<Vec<Scored>> {
        self.score_batch_in_context(texts, &vec![None; texts.len()])
    }

    fn score_batch_in_context(
        &self,
        texts: &[&str],
        contexts: &[Option<&str>],
    ) -> Result<Vec<Scored>> {
        let langs: Vec<Option<Lang>> = texts.iter().map(|t| words::detect(t)).collect();
        self.score_batch_in(texts, contexts, &langs)
    }

    fn score_batch_in(
        &self,
        texts: &[&str],
        contexts: &[Option<&str>],
        langs: &[Option<Lang>],
    ) -> Result<Vec<Scored>> {
        let mut out = Vec::with_capacity(texts.len());
        // English runs in one batch (the English model amortises its set-up per batch);
        // messages of the other read languages are scored one by one.
        let english_idx: Vec<usize> = (0..texts.len())
            .filter(|&i| {
                langs
                    .get(i)
                    .copied()
                    .flatten()
                    .is_none_or(|l| super::lexicon::of(l).is_none())
            })
            .collect();
        let english_texts: Vec<&str> = english_idx.iter().map(|&i| texts[i]).collect();
        let english_contexts: Vec<Option<&str>> = english_idx
            .iter()
            .map(|&i| contexts.get(i).copied().flatten())
            .collect();
        let mut english = self
            .english
            .score_batch_in_context(&english_texts, &english_contexts)?
            .into_iter();
        let mut next_english = english_idx.iter().peekable();
        for (i, text) in texts.iter().enumerate() {
            if next_english.peek() == Some(&&i) {
                next_english.next();
                out.push(english.next().unwrap_or_default());
            } else {
                let lang = langs[i].unwrap_or(Lang::EN);
                out.push(self.others.score(text, lang).unwrap_or_default());
            }
        }
        Ok(out)
    }
}
