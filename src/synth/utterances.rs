//! Message text for the realistic scenarios: real human-labelled utterances read at run time
//! from the labelled corpus (`../shared/corpus/labeled/`), never copied into the repository.
//!
//! Sources are the held-out sets only: GoEmotions `test.tsv` (Reddit comments) and
//! EmotionPush `dev.json` (Messenger chats), so the built-in scorer (trained on GoEmotions
//! train) never sees its own training text. Each utterance gets its gold warmth from
//! `warmth_mapping.json` (as `pushpull eval` computes it) and falls into a warm / neutral /
//! cold bucket ([`Class::of`]); a phase draws a [`Mix`] of the three buckets.

use crate::error::{Error, Result};
use crate::rng::Rng;
use crate::score::labeled::{self, Class};
use std::path::{Path, PathBuf};

/// The labelled files the utterances come from, relative to the labelled-corpus folder.
pub const SOURCES: [&str; 2] = ["goemotions/test.tsv", "emotionpush/dev.json"];

/// Longest utterance used (characters); longer ones read like essays, not chat.
const MAX_CHARS: usize = 240;

/// The default labelled-corpus folder (next to the repository, as in the other tools).
pub fn default_dir() -> PathBuf {
    PathBuf::from("../shared/corpus/labeled")
}

/// Shares of warm, neutral and cold messages (normalised when drawn).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mix {
    /// Share of warm messages.
    pub warm: f64,
    /// Share of neutral messages.
    pub neutral: f64,
    /// Share of cold messages.
    pub cold: f64,
}

impl Mix {
    /// The mix with these shares.
    pub const fn new(warm: f64, neutral: f64, cold: f64) -> Self {
        Mix {
            warm,
            neutral,
            cold,
        }
    }

    /// Draws one class.
    pub fn draw(&self, rng: &mut Rng) -> Class {
        let total = self.warm + self.neutral + self.cold;
        let u = rng.uniform() * total;
        if u < self.warm {
            Class::Warm
        } else if u < self.warm + self.neutral {
            Class::Neutral
        } else {
            Class::Cold
        }
    }

    /// Linear blend: `self` at `t = 0`, `other` at `t = 1`.
    pub fn blend(&self, other: &Mix, t: f64) -> Mix {
        let f = |a: f64, b: f64| a + (b - a) * t;
        Mix::new(
            f(self.warm, other.warm),
            f(self.neutral, other.neutral),
            f(self.cold, other.cold),
        )
    }
}

/// Utterances bucketed by class, each bucket sorted by length (shortest first).
#[derive(Debug, Clone, Default)]
pub struct Utterances {
    buckets: [Vec<String>; 3],
}

impl Utterances {
    /// Reads [`SOURCES`] under `dir` (the labelled-corpus folder holding
    /// `warmth_mapping.json`). Fails, naming the missing file, when the corpus is absent.
    pub fn load(dir: &Path) -> Result<Self> {
        let mapping = dir.join("warmth_mapping.json");
        if !mapping.is_file() {
            return Err(Error::input(
                mapping.display().to_string(),
                None,
                "labelled corpus absent (realistic scenarios draw their text from it)",
            ));
        }
        let mut out = Utterances::default();
        for source in SOURCES {
            let path = dir.join(source);
            let file = labeled::load(&path, Some(&mapping))?;
            for ex in file.examples {
                if let Some(text) = chat_line(&ex.text) {
                    out.buckets[Class::of(ex.gold).index()].push(text);
                }
            }
        }
        for bucket in &mut out.buckets {
            bucket.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
            bucket.dedup();
            if bucket.is_empty() {
                return Err(Error::input(
                    dir.display().to_string(),
                    None,
                    "a warmth class has no utterances",
                ));
            }
        }
        Ok(out)
    }

    /// Utterances given directly (warm, neutral, cold), e.g. for tests without the corpus.
    /// Empty buckets fall back to the neutral ones (or to "ok").
    pub fn from_texts(mut buckets: [Vec<String>; 3]) -> Self {
        if buckets[1].is_empty() {
            buckets[1].push("ok".to_string());
        }
        for c in [0, 2] {
            if buckets[c].is_empty() {
                buckets[c] = buckets[1].clone();
            }
        }
        for bucket in &mut buckets {
            bucket.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        }
        Utterances { buckets }
    }

    /// Number of utterances per class (warm, neutral, cold).
    pub fn counts(&self) -> [usize; 3] {
        [
            self.buckets[0].len(),
            self.buckets[1].len(),
            self.buckets[2].len(),
        ]
    }

    /// One utterance of `class`. `brevity` 0 draws uniformly; larger values favour the
    /// shorter utterances (curt replies).
    pub fn draw(&self, rng: &mut Rng, class: Class, brevity: f64) -> &str {
        let bucket = &self.buckets[class.index()];
        let u = rng.uniform().powf(1.0 + brevity.max(0.0));
        &bucket[rng_index(u, bucket.len())]
    }
}

fn rng_index(u: f64, n: usize) -> usize {
    ((u * n as f64) as usize).min(n.saturating_sub(1))
}

/// The utterance as one chat line: whitespace collapsed, nothing an export would misread
/// (a leading `[` or a line break), not too long.
fn chat_line(text: &str) -> Option<String> {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let ok = !line.is_empty() && line.chars().count() <= MAX_CHARS && !line.starts_with('[');
    ok.then_some(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_lines_are_single_clean_lines() {
        assert_eq!(chat_line("  hi\nthere\t you "), Some("hi there you".into()));
        assert_eq!(chat_line("[NAME] said so"), None);
        assert_eq!(chat_line("   "), None);
        assert_eq!(chat_line(&"x".repeat(MAX_CHARS + 1)), None);
    }

    #[test]
    fn mix_draws_its_shares() {
        let mut rng = Rng::new(3);
        let mix = Mix::new(0.5, 0.3, 0.2);
        let n = 20_000;
        let warm = (0..n).filter(|_| mix.draw(&mut rng) == Class::Warm).count();
        assert!((warm as f64 / n as f64 - 0.5).abs() < 0.02);
    }
}
