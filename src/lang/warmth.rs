//! Warmth versus withdrawal for Spanish, Portuguese, German, French and Italian messages:
//! the message is folded (lower case, accents off, apostrophes as spaces, letters stretched
//! for emphasis cut to one: "te amooo" → "te amo"), its cues found in the language's
//! [`lexicon`](super::lexicon) (longest match first, negation flipping a cue within three
//! words before it, or just after it in French and German), the shared emoji and
//! punctuation cues counted by the built-in tokenizer, and a small linear model
//! (`models/warmth-lang.json`, trained by `pushpull train --scorer lang`) turns the counts
//! into a warmth.

use super::lexicon::{self, Cue, Lexicon};
use super::words::FnvHasher;
use super::Lang;
use crate::error::{Error, Result};
use crate::score::cues::Tokens;
use crate::score::{Cues, Score, Scored};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// The features, in the model file's order.
pub const FEATURES: [&str; 14] = [
    "love",
    "pull",
    "hostile",
    "away",
    "negated_pull",
    "negated_push",
    "warm_emoji",
    "cold_emoji",
    "laughter",
    "question",
    "exclamation",
    "curt",
    "emphasis",
    "short_plain",
];

/// Cue counts are capped here (a message repeating "te quiero" ten times is not ten times
/// warmer).
const CAP: f32 = 3.0;
/// How far before a cue a negation reaches (words).
const NEGATION_BEFORE: usize = 3;
/// How far after a cue a negation reaches where the language puts it there.
const NEGATION_AFTER: usize = 2;

/// The trained weights (`models/warmth-lang.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LangModel {
    /// Feature names, in the order of `weights` (checked against this build's).
    pub features: Vec<String>,
    /// Intercept of the linear model.
    pub bias: f64,
    /// One weight per feature.
    pub weights: Vec<f64>,
    /// warmth = clamp(scale · (bias + w·x), −1, 1).
    pub scale: f64,
    /// The ridge penalty training chose on the dev split.
    pub penalty: f64,
    /// Examples of the train split it was trained on.
    pub train_examples: usize,
    /// Examples of the dev split the penalty and scale were chosen on.
    pub dev_examples: usize,
}

impl LangModel {
    /// The model shipped inside the binary.
    pub fn shipped() -> Result<LangModel> {
        Self::from_json(include_str!("../../models/warmth-lang.json"))
    }

    /// Reads a model file; an error when it does not parse or its features differ from this
    /// build's.
    pub fn from_json(text: &str) -> Result<LangModel> {
        let m: LangModel = serde_json::from_str(text)
            .map_err(|e| Error::Usage(format!("language warmth model: {e}")))?;
        if m.features != FEATURES || m.weights.len() != FEATURES.len() {
            return Err(Error::Usage(
                "language warmth model: features differ from this build's; retrain with \
                 `pushpull train --scorer lang`"
                    .into(),
            ));
        }
        Ok(m)
    }

    /// The model file's text (pretty JSON and a newline; same model → same bytes).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The linear score `bias + w·x`, before scaling and clamping.
    pub fn raw(&self, x: &[f32; FEATURES.len()]) -> f64 {
        self.bias
            + self
                .weights
                .iter()
                .zip(x)
                .map(|(w, v)| w * f64::from(*v))
                .sum::<f64>()
    }

    /// The warmth of a feature vector: the scaled linear score, clamped to −1..1.
    pub fn warmth(&self, x: &[f32; FEATURES.len()]) -> f32 {
        (self.scale * self.raw(x)).clamp(-1.0, 1.0) as f32
    }
}

type Index = HashMap<&'static str, Vec<(Vec<&'static str>, Cue)>, BuildHasherDefault<FnvHasher>>;

/// A lexicon made ready for matching: phrases by their first word, and the phrases whose
/// first word is a prefix pattern.
struct Compiled {
    lexicon: &'static Lexicon,
    by_first: Index,
    by_prefix: Vec<(Vec<&'static str>, Cue)>,
}

fn compiled(lang: Lang) -> Option<&'static Compiled> {
    static ALL: OnceLock<Vec<Compiled>> = OnceLock::new();
    ALL.get_or_init(|| {
        lexicon::ALL
            .iter()
            .map(|&lexicon| {
                let mut by_first = Index::default();
                let mut by_prefix = Vec::new();
                for &(phrase, cue) in lexicon.cues {
                    let words: Vec<&'static str> = phrase.split(' ').collect();
                    if words[0].ends_with('*') {
                        by_prefix.push((words, cue));
                    } else {
                        by_first.entry(words[0]).or_default().push((words, cue));
                    }
                }
                // Longest phrases first, so "no me importa" wins over "importa".
                for list in by_first.values_mut() {
                    list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
                }
                by_prefix.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
                Compiled {
                    lexicon,
                    by_first,
                    by_prefix,
                }
            })
            .collect()
    })
    .iter()
    .find(|c| c.lexicon.lang == lang)
}

fn word_matches(pattern: &str, word: &str) -> bool {
    match pattern.strip_suffix('*') {
        Some(prefix) => word.starts_with(prefix),
        None => pattern == word,
    }
}

/// Folds `text` into `out` as space-separated words: lower case, accents off, apostrophes
/// and punctuation as spaces, a letter repeated three or more times cut to one ("amooo" →
/// "amo"; a word of one repeated letter, "kkkk", keeps three). Returns whether any letter
/// was stretched (emphasis). `word` is scratch space, reused so nothing is allocated per
/// message.
pub fn fold(text: &str, word: &mut Vec<char>, out: &mut String) -> bool {
    out.clear();
    word.clear();
    let mut stretched = false;
    let mut flush = |word: &mut Vec<char>, out: &mut String| {
        if word.is_empty() {
            return;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        let one_letter = word.iter().all(|&c| c == word[0]);
        let mut i = 0;
        while i < word.len() {
            let c = word[i];
            let mut n = 1;
            while i + n < word.len() && word[i + n] == c {
                n += 1;
            }
            let keep = if n < 3 {
                n
            } else {
                stretched = true;
                if one_letter {
                    3
                } else {
                    1
                }
            };
            for _ in 0..keep {
                match c {
                    'ß' => out.push_str("ss"),
                    'œ' => out.push_str("oe"),
                    'æ' => out.push_str("ae"),
                    _ => out.push(c),
                }
            }
            i += n;
        }
        word.clear();
    };
    for ch in text.chars() {
        for c in ch.to_lowercase() {
            if c.is_alphanumeric() {
                word.push(strip_accent(c));
            } else {
                flush(word, out);
            }
        }
    }
    flush(word, out);
    stretched
}

fn strip_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'ý' | 'ÿ' => 'y',
        _ => c,
    }
}

/// Reusable buffers for one thread: extracting allocates nothing once they have grown to
/// the longest message seen.
#[derive(Default)]
pub struct LangExtractor {
    folded: String,
    /// [`fold`]'s scratch word.
    word: Vec<char>,
    /// The folded message's words, as byte ranges of `folded`.
    spans: Vec<(usize, usize)>,
    matches: Vec<Match>,
    /// Per word: part of a cue match (so not counted as a negation).
    consumed: Vec<bool>,
    tokens: Tokens,
}

/// The words of a folded message, by index.
#[derive(Clone, Copy)]
struct Words<'a> {
    text: &'a str,
    spans: &'a [(usize, usize)],
}

impl<'a> Words<'a> {
    fn len(self) -> usize {
        self.spans.len()
    }

    fn get(self, i: usize) -> &'a str {
        let (start, end) = self.spans[i];
        &self.text[start..end]
    }
}

/// A message's features and the cue counts shown in the output.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extracted {
    /// The feature vector the model reads.
    pub x: [f32; FEATURES.len()],
    /// The cue counts shown in `messages.csv`.
    pub cues: Cues,
    /// Lexicon cues found (for the confidence).
    pub hits: u32,
}

impl LangExtractor {
    /// The features of `text` read in `lang` (a language with a lexicon).
    pub fn extract(&mut self, text: &str, lang: Lang) -> Option<Extracted> {
        let c = compiled(lang)?;
        let stretched = fold(text, &mut self.word, &mut self.folded);
        split_spans(&self.folded, &mut self.spans);
        let words = Words {
            text: &self.folded,
            spans: &self.spans,
        };
        let mut x = [0f32; FEATURES.len()];
        find_cues(c, words, &mut self.matches);
        let matches = &self.matches;
        self.consumed.clear();
        self.consumed.resize(words.len(), false);
        for m in matches {
            self.consumed[m.start..m.end].fill(true);
        }
        let consumed = &self.consumed;
        let is_negation = |i: usize| !consumed[i] && c.lexicon.negations.contains(&words.get(i));
        let mut intense = false;
        let mut hits = 0u32;
        for m in matches {
            let before = m.start.saturating_sub(NEGATION_BEFORE)..m.start;
            let after = m.end..(m.end + NEGATION_AFTER).min(words.len());
            let negated = before.clone().any(is_negation)
                || (c.lexicon.negation_after && after.clone().any(is_negation));
            let slot = match (m.cue, negated) {
                (Cue::Love, false) => 0,
                (Cue::Pull, false) => 1,
                (Cue::Hostile, false) => 2,
                (Cue::Away, false) => 3,
                (Cue::Love | Cue::Pull, true) => 4,
                (Cue::Hostile | Cue::Away, true) => 5,
                (Cue::Laugh, _) => 8,
                (Cue::Intense, _) => {
                    intense = true;
                    continue;
                }
            };
            x[slot] += 1.0;
            hits += u32::from(slot != 8);
        }
        self.tokens.analyse(text);
        let mut cues = self.tokens.cues;
        x[6] = f32::from(cues.warm_emoji);
        x[7] = f32::from(cues.cold_emoji);
        x[8] += f32::from(cues.laughter);
        x[9] = f32::from(u8::from(cues.questions > 0));
        x[10] = f32::from(u8::from(cues.exclamations > 0));
        let curt = c.lexicon.curt.contains(&self.folded.as_str()) || cues.curt;
        x[11] = f32::from(u8::from(curt));
        let lean = (x[0] + x[1] - x[2] - x[3] - x[4] + x[5]).signum();
        x[12] = if stretched || intense { lean } else { 0.0 };
        x[13] = f32::from(u8::from(hits == 0 && words.len() <= 3 && !curt));
        for v in &mut x {
            *v = v.clamp(-CAP, CAP);
        }
        cues.affection = (x[0] + x[1]) as u16;
        cues.negations = (x[4] + x[5]) as u16;
        cues.curt = curt;
        Some(Extracted { x, cues, hits })
    }
}

/// The words of a folded message (single spaces between them) as byte ranges into `spans`.
fn split_spans(folded: &str, spans: &mut Vec<(usize, usize)>) {
    spans.clear();
    let mut start = 0;
    for word in folded.split(' ').filter(|w| !w.is_empty()) {
        spans.push((start, start + word.len()));
        start += word.len() + 1;
    }
}

/// Cue matches of one folded message, counted per lexicon on demand (each at most once).
/// Laughter and intensifiers are left out ("haha", "lol", "super" and "so" are English
/// too; "jaja", "kkkk", "muy" and "sehr" count as function words). Used to route a message
/// whose function words leave its language open.
pub struct CueCounter<'a> {
    words: Words<'a>,
    matches: &'a mut Vec<Match>,
    counts: [Option<u8>; lexicon::ALL.len()],
}

impl CueCounter<'_> {
    /// The cue matches of lexicon `k` of [`lexicon::ALL`] (Spanish, Portuguese, German,
    /// French, Italian): how much of the message that language's model would recognise.
    pub fn count(&mut self, k: usize) -> u8 {
        if let Some(n) = self.counts[k] {
            return n;
        }
        let n = compiled(lexicon::ALL[k].lang).map_or(0, |c| {
            find_cues(c, self.words, self.matches);
            let named = self
                .matches
                .iter()
                .filter(|m| !matches!(m.cue, Cue::Laugh | Cue::Intense))
                .count();
            u8::try_from(named).unwrap_or(u8::MAX)
        });
        self.counts[k] = Some(n);
        n
    }
}

/// Runs `f` with a [`CueCounter`] of `text`, folded once into this thread's buffers.
pub fn with_cues<R>(text: &str, f: impl FnOnce(&mut CueCounter) -> R) -> R {
    EXTRACTOR.with(|ex| {
        let ex = &mut *ex.borrow_mut();
        fold(text, &mut ex.word, &mut ex.folded);
        split_spans(&ex.folded, &mut ex.spans);
        let mut counter = CueCounter {
            words: Words {
                text: &ex.folded,
                spans: &ex.spans,
            },
            matches: &mut ex.matches,
            counts: [None; lexicon::ALL.len()],
        };
        f(&mut counter)
    })
}

/// One lexicon match: words `start..end` of the folded message.
struct Match {
    start: usize,
    end: usize,
    cue: Cue,
}

/// Non-overlapping cue matches into `out`, left to right, the longest at each position.
fn find_cues(c: &Compiled, words: Words, out: &mut Vec<Match>) {
    out.clear();
    let mut i = 0;
    while i < words.len() {
        let fits = |pattern: &[&str]| {
            i + pattern.len() <= words.len()
                && pattern
                    .iter()
                    .enumerate()
                    .all(|(k, p)| word_matches(p, words.get(i + k)))
        };
        let exact = c.by_first.get(words.get(i)).into_iter().flatten();
        let best = exact
            .chain(c.by_prefix.iter())
            .filter(|(p, _)| fits(p))
            .max_by_key(|(p, _)| p.len());
        match best {
            Some((p, cue)) => {
                out.push(Match {
                    start: i,
                    end: i + p.len(),
                    cue: *cue,
                });
                i += p.len();
            }
            None => i += 1,
        }
    }
}

/// Scores messages of the read languages besides English.
pub struct LangScorer {
    model: LangModel,
}

thread_local! {
    static EXTRACTOR: std::cell::RefCell<LangExtractor> = std::cell::RefCell::new(LangExtractor::default());
}

impl LangScorer {
    /// A scorer with the given model.
    pub fn new(model: LangModel) -> Self {
        LangScorer { model }
    }

    /// A scorer with the model shipped inside the binary.
    pub fn shipped() -> Result<Self> {
        Ok(Self::new(LangModel::shipped()?))
    }

    /// The score of `text` read in `lang`; `None` when `lang` has no lexicon.
    pub fn score(&self, text: &str, lang: Lang) -> Option<Scored> {
        let e = EXTRACTOR.with(|ex| ex.borrow_mut().extract(text, lang))?;
        let warmth = self.model.warmth(&e.x);
        // More cues, more confidence; a message with none is a guess from emoji and
        // punctuation alone.
        let confidence = (0.25 + 0.2 * e.hits.min(3) as f32).min(0.85);
        Some(Scored {
            score: Score { warmth, confidence },
            cues: e.cues,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_cuts_stretched_letters_and_accents() {
        let (mut s, mut w) = (String::new(), Vec::new());
        assert!(fold("Te AMOOO!!", &mut w, &mut s));
        assert_eq!(s, "te amo");
        assert!(!fold("Não quero falar com você", &mut w, &mut s));
        assert_eq!(s, "nao quero falar com voce");
        fold("je t'aime, c'est ça", &mut w, &mut s);
        assert_eq!(s, "je t aime c est ca");
        fold("kkkkkk Süße", &mut w, &mut s);
        assert_eq!(s, "kkk susse");
    }

    #[test]
    fn negation_turns_a_pull_cue_around() {
        let mut e = LangExtractor::default();
        let x = e.extract("quiero hablar contigo", Lang::ES).unwrap().x;
        assert_eq!((x[1], x[4]), (1.0, 0.0));
        let x = e.extract("no quiero hablar contigo", Lang::ES).unwrap().x;
        assert_eq!(x[3], 1.0, "the explicit push phrase wins");
        let x = e.extract("je t'aime pas", Lang::FR).unwrap().x;
        assert_eq!((x[0], x[4]), (0.0, 1.0));
        let x = e.extract("du fehlst mir total 🥺", Lang::DE).unwrap().x;
        assert_eq!((x[0], x[6]), (1.0, 1.0));
        assert!(e.extract("hola", Lang::EN).is_none());
    }
}
