//! The built-in warmth model: hashed word, word-pair and letter-trigram features with
//! negation scope, plus
//! the chat cues, into one linear layer, then a calibration to [-1, 1] and a small rule
//! layer for withdrawal cues that emotion labels cannot see (curt replies, cold emoji).
//!
//! The same feature extraction serves training ([`super::train`]) and scoring
//! ([`BuiltinScorer`]); the weights ship inside the binary (`models/warmth-builtin.bin`).

use super::cues::{cues, tokenize, RawToken, Token, NEGATIONS};
use super::{Cues, Score, Scored, Scorer};
use crate::error::{Error, Result};

/// Number of hashed feature slots (a power of two).
pub const HASH_BITS: u32 = 18;
pub const HASH_SLOTS: usize = 1 << HASH_BITS;
/// Dense cue features after the hashed slots.
pub const CUE_FEATURES: usize = 12;
pub const FEATURES: usize = HASH_SLOTS + CUE_FEATURES;

const MAGIC: &[u8; 8] = b"PPWARM01";

/// Weights and calibration of the linear model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub bias: f32,
    /// warmth = clamp(scale · (bias + w·x) + shift, −1, 1)
    pub scale: f32,
    pub shift: f32,
    pub weights: Vec<f32>,
}

impl Model {
    /// The binary file: magic, bias, scale, shift, then every weight, little-endian f32.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + 12 + self.weights.len() * 4);
        out.extend_from_slice(MAGIC);
        for v in [self.bias, self.scale, self.shift] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for w in &self.weights {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        let bad = |m: &str| Error::Usage(format!("warmth model: {m}"));
        if bytes.len() != 8 + 12 + FEATURES * 4 || &bytes[..8] != MAGIC {
            return Err(bad("not a pushpull warmth model of this version"));
        }
        let f = |i: usize| {
            let mut b = [0u8; 4];
            b.copy_from_slice(&bytes[i..i + 4]);
            f32::from_le_bytes(b)
        };
        Ok(Model {
            bias: f(8),
            scale: f(12),
            shift: f(16),
            weights: (0..FEATURES).map(|k| f(20 + 4 * k)).collect(),
        })
    }

    /// The raw linear output for a feature vector.
    pub fn raw(&self, features: &[(u32, f32)]) -> f32 {
        self.bias
            + features
                .iter()
                .map(|&(i, v)| self.weights[i as usize] * v)
                .sum::<f32>()
    }
}

fn fnv(kind: u8, a: &[u8], b: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5 ^ u32::from(kind);
    h = h.wrapping_mul(0x0100_0193);
    for &x in a.iter().chain([0xffu8].iter()).chain(b) {
        h ^= u32::from(x);
        h = h.wrapping_mul(0x0100_0193);
    }
    h & (HASH_SLOTS as u32 - 1)
}

/// Reusable buffers for feature extraction (one per thread).
#[derive(Default)]
pub struct Extractor {
    buf: String,
    tokens: Vec<RawToken>,
    pub features: Vec<(u32, f32)>,
}

impl Extractor {
    /// Fills `self.features` for `text` and returns its cues.
    pub fn extract(&mut self, text: &str) -> Cues {
        tokenize(text, &mut self.buf, &mut self.tokens);
        let c = cues(text, &self.buf, &self.tokens);
        self.features.clear();
        let mut negated = 0u8; // tokens left in a negation's scope
        let mut prev: Option<&[u8]> = None;
        let mut emoji_buf = [0u8; 4];
        for t in &self.tokens {
            let token = t.resolve(&self.buf);
            let (bytes, is_negation): (&[u8], bool) = match token {
                Token::Word(w) => (w.as_bytes(), NEGATIONS.contains(&w) || w.ends_with("n't")),
                Token::Emoji(e) => (e.encode_utf8(&mut emoji_buf).as_bytes(), false),
            };
            let kind = if negated > 0 { 2 } else { 1 };
            self.features.push((fnv(kind, bytes, b""), 1.0));
            if let Some(p) = prev {
                self.features.push((fnv(3, p, bytes), 1.0));
            }
            if let Token::Word(w) = token {
                // Letter trigrams of longer words carry spelling variants
                // ("loooove", "hahahah") and unseen inflections.
                if w.len() >= 4 {
                    let b = w.as_bytes();
                    let trigram_kind = if negated > 0 { 5 } else { 4 };
                    for k in 0..b.len() - 2 {
                        self.features
                            .push((fnv(trigram_kind, &b[k..k + 3], b""), 1.0));
                    }
                }
            }
            prev = match token {
                Token::Word(w) => Some(w.as_bytes()),
                Token::Emoji(_) => None,
            };
            if is_negation {
                negated = 3;
            } else {
                negated = negated.saturating_sub(1);
            }
        }
        let n = self.features.len().max(1) as f32;
        let norm = 1.0 / n.sqrt();
        for f in &mut self.features {
            f.1 = norm;
        }
        let dense = cue_vector(&c);
        for (k, v) in dense.iter().enumerate() {
            if *v != 0.0 {
                self.features.push(((HASH_SLOTS + k) as u32, *v));
            }
        }
        c
    }
}

/// The cues as dense features (bounded, so one long message cannot dominate).
fn cue_vector(c: &Cues) -> [f32; CUE_FEATURES] {
    let cap = |n: u16| f32::from(n.min(3)) / 3.0;
    [
        cap(c.affection),
        cap(c.warm_emoji),
        cap(c.cold_emoji),
        cap(c.laughter),
        cap(c.apology),
        cap(c.thanks),
        cap(c.questions),
        cap(c.exclamations),
        cap(c.negations),
        f32::from(u8::from(c.all_caps)),
        f32::from(u8::from(c.curt)),
        (c.words.min(40) as f32) / 40.0,
    ]
}

/// Warmth from the model's raw output and the cues: calibration, then the withdrawal
/// rules (curt replies and cold emoji pull down, which emotion labels cannot teach).
pub fn finish(scale: f32, shift: f32, raw: f32, c: &Cues) -> Score {
    let mut w = (scale * raw + shift).tanh();
    if c.curt {
        w = w.min(0.0) - 0.3;
    }
    if c.cold_emoji > 0 && c.warm_emoji == 0 {
        w -= 0.2;
    }
    if c.warm_emoji > 0 && c.cold_emoji == 0 {
        w += 0.1;
    }
    let warmth = w.clamp(-1.0, 1.0);
    // More words and a clearer lean give more confidence; an empty message gives none.
    let evidence =
        1.0 - (-(c.words as f32 + c.warm_emoji as f32 + c.cold_emoji as f32) / 4.0).exp();
    let lean = 0.5 + 0.5 * (warmth.abs() * 2.0).min(1.0);
    Score {
        warmth,
        confidence: (evidence * lean).clamp(0.0, 1.0),
    }
}

/// The default scorer: the shipped linear model.
pub struct BuiltinScorer {
    model: Model,
}

static SHIPPED: &[u8] = include_bytes!("../../models/warmth-builtin.bin");

impl BuiltinScorer {
    /// The model shipped inside the binary.
    pub fn shipped() -> Result<BuiltinScorer> {
        Ok(BuiltinScorer {
            model: Model::from_bytes(SHIPPED)?,
        })
    }

    pub fn from_model(model: Model) -> BuiltinScorer {
        BuiltinScorer { model }
    }

    /// The bytes of the shipped model file.
    pub fn shipped_bytes() -> &'static [u8] {
        SHIPPED
    }
}

impl Scorer for BuiltinScorer {
    fn name(&self) -> &str {
        "builtin"
    }

    fn score_batch(&self, texts: &[&str]) -> Vec<Scored> {
        let mut ex = Extractor::default();
        texts
            .iter()
            .map(|t| {
                let cues = ex.extract(t);
                let raw = self.model.raw(&ex.features);
                Scored {
                    score: finish(self.model.scale, self.model.shift, raw, &cues),
                    cues,
                }
            })
            .collect()
    }
}

/// A stable 64-bit checksum (FNV-1a) of a model file, to tell two builds apart.
pub fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
