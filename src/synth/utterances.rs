//! Message text for the realistic scenarios: real human-labelled utterances read at run time
//! from the labelled corpus (`../shared/corpus/labeled/`), never copied into the repository.
//!
//! Sources are the held-out sets only: GoEmotions `test.tsv` (Reddit comments) and
//! EmotionPush `dev.json` (Messenger chats), so the built-in scorer (trained on GoEmotions
//! train) never sees its own training text. Each utterance gets its gold warmth from
//! `warmth_mapping.json` (as `pushpull eval` computes it) and an emotion class ([`Class::of`]).
//! Which utterances fill the warm / neutral / cold buckets depends on the pools chosen:
//!
//! - **both** (the default): warm = emotion-warm *and* labelled pull, cold = emotion-cold
//!   *and* labelled push in the pools file ([`super::pools`], labelled under
//!   `docs/warmth.md`), so the planted contrast is closeness versus distance, not happy
//!   versus sad. Neutral is the emotion-neutral bucket as it is (not relabelled).
//! - **emotion**: the three emotion classes as they are (the earlier behaviour, kept for
//!   comparison).
//!
//! A phase draws a [`Mix`] of the three buckets.

use super::pools::PoolLabels;
use crate::error::{Error, Result};
use crate::rng::Rng;
use crate::score::labeled::{self, Class};
use std::collections::HashSet;
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

/// How the pools file met the emotion buckets (pools `both`), counted over utterance ids
/// that pass as chat lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Agreement {
    /// The pools file read.
    pub file: PathBuf,
    /// Emotion-warm ids the pools file labels, and how many of them it labels pull.
    pub warm: (usize, usize),
    /// Emotion-cold ids the pools file labels, and how many of them it labels push.
    pub cold: (usize, usize),
}

/// Utterances bucketed by class, each bucket sorted by length (shortest first).
#[derive(Debug, Clone, Default)]
pub struct Utterances {
    buckets: [Vec<String>; 3],
    agreement: Option<Agreement>,
}

/// One corpus utterance: its dataset (`goemotions/test`), row id, text and emotion class.
#[derive(Debug, Clone)]
struct Item {
    dataset: &'static str,
    row: String,
    text: String,
    emotion: Class,
}

impl Utterances {
    /// Reads [`SOURCES`] under `dir` (the labelled-corpus folder holding
    /// `warmth_mapping.json`) and buckets them: by both labellings when `pools` is given,
    /// by the emotion mapping alone when not. Fails, naming the file, when the corpus is
    /// absent, and naming the line of a pools row whose utterance the corpus lacks.
    pub fn load(dir: &Path, pools: Option<&PoolLabels>) -> Result<Self> {
        let items = read_items(dir)?;
        if let Some(p) = pools {
            let found: HashSet<(String, String)> = items
                .iter()
                .map(|i| (i.dataset.to_string(), i.row.clone()))
                .collect();
            p.check_found(&found, dir)?;
        }
        let out = bucket(items, pools);
        if let Some(c) = out.buckets.iter().position(Vec::is_empty) {
            let agreed = pools.map_or(String::new(), |p| {
                format!(" the labels of {} agree on", p.path().display())
            });
            return Err(Error::input(
                dir.display().to_string(),
                None,
                format!("no {} utterances{agreed}", ["warm", "neutral", "cold"][c]),
            ));
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
        Utterances {
            buckets,
            agreement: None,
        }
    }

    /// How the pools file met the emotion buckets; `None` for the emotion pools.
    pub fn agreement(&self) -> Option<&Agreement> {
        self.agreement.as_ref()
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

/// Every utterance of [`SOURCES`] with its id and emotion class (rows without an id are
/// kept with an empty one: they cannot be in a pools file).
fn read_items(dir: &Path) -> Result<Vec<Item>> {
    let mapping = dir.join("warmth_mapping.json");
    if !mapping.is_file() {
        return Err(Error::input(
            mapping.display().to_string(),
            None,
            "labelled corpus absent (realistic scenarios draw their text from it; --corpus DIR \
             names another folder)",
        ));
    }
    let mut items = Vec::new();
    for (source, dataset) in SOURCES.iter().zip(super::pools::DATASETS) {
        let file = labeled::load(&dir.join(source), Some(&mapping))?;
        items.extend(file.examples.into_iter().map(|ex| Item {
            dataset,
            row: ex.id.unwrap_or_default(),
            emotion: Class::of(ex.gold),
            text: ex.text,
        }));
    }
    Ok(items)
}

/// The chat lines of `items` in their buckets: warm and cold only where `pools` agrees
/// (when given), each bucket sorted by length and deduplicated.
fn bucket(items: Vec<Item>, pools: Option<&PoolLabels>) -> Utterances {
    let mut out = Utterances {
        agreement: pools.map(|p| Agreement {
            file: p.path().to_path_buf(),
            ..Agreement::default()
        }),
        ..Utterances::default()
    };
    for item in items {
        let Some(text) = chat_line(&item.text) else {
            continue;
        };
        let label = pools.and_then(|p| p.label(item.dataset, &item.row));
        let keep = match (&mut out.agreement, item.emotion) {
            (None, _) | (_, Class::Neutral) => true,
            (Some(a), emotion) => {
                let tally = if emotion == Class::Warm {
                    &mut a.warm
                } else {
                    &mut a.cold
                };
                tally.0 += usize::from(label.is_some());
                tally.1 += usize::from(label == Some(emotion));
                label == Some(emotion)
            }
        };
        if keep {
            out.buckets[item.emotion.index()].push(text);
        }
    }
    for bucket in &mut out.buckets {
        bucket.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
        bucket.dedup();
    }
    out
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

    fn item(dataset: &'static str, row: &str, text: &str, emotion: Class) -> Item {
        Item {
            dataset,
            row: row.into(),
            text: text.into(),
            emotion,
        }
    }

    fn items() -> Vec<Item> {
        vec![
            item(
                "goemotions/test",
                "w1",
                "love you, see you tonight",
                Class::Warm,
            ),
            item(
                "goemotions/test",
                "w2",
                "what a great game that was",
                Class::Warm,
            ),
            item("emotionpush/dev", "0:1", "thanks so much", Class::Warm),
            item("goemotions/test", "n1", "the bus is late", Class::Neutral),
            item("goemotions/test", "c1", "leave me alone", Class::Cold),
            item(
                "emotionpush/dev",
                "2:0",
                "this referee is useless",
                Class::Cold,
            ),
            item("emotionpush/dev", "2:1", "stop texting me", Class::Cold),
        ]
    }

    fn pools() -> PoolLabels {
        let text = "dataset\trow\tlabel\n\
                    goemotions/test\tw1\tpull\n\
                    goemotions/test\tw2\tneutral\n\
                    goemotions/test\tc1\tpush\n\
                    emotionpush/dev\t2:0\tneutral\n\
                    emotionpush/dev\t2:1\tpull\n\
                    goemotions/test\tn1\tpush\n";
        PoolLabels::parse(Path::new("pools.tsv"), text).unwrap()
    }

    #[test]
    fn both_pools_keep_only_what_both_labellings_agree_on() {
        let pools = pools();
        let u = bucket(items(), Some(&pools));
        assert_eq!(u.buckets[0], vec!["love you, see you tonight".to_string()]);
        assert_eq!(
            u.buckets[1],
            vec!["the bus is late".to_string()],
            "neutral as it is"
        );
        assert_eq!(u.buckets[2], vec!["leave me alone".to_string()]);
        let a = u.agreement().unwrap();
        assert_eq!((a.warm, a.cold), ((2, 1), (3, 1)), "labelled, agreeing");
        assert_eq!(a.file, Path::new("pools.tsv"));
    }

    #[test]
    fn emotion_pools_keep_every_emotion_class() {
        let u = bucket(items(), None);
        assert_eq!(u.counts(), [3, 1, 3]);
        assert!(u.agreement().is_none());
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
