//! The built-in warmth model: hashed word, word-pair and letter-trigram features with
//! negation scope, plus the chat cues, into one linear layer (bfloat16 weights), then a
//! calibration to [-1, 1] and a small rule layer for withdrawal cues that emotion labels
//! cannot see (curt replies, cold emoji).
//!
//! The same feature extraction serves training ([`super::train`]) and scoring
//! ([`BuiltinScorer`]); the weights ship inside the binary (`models/warmth-builtin.bin`).

use super::cues::{Tokens, NEGATION_FLAG};
use super::{Cues, Score, Scored, Scorer};
use crate::error::{Error, Result};

/// Bits of a hashed feature slot's index.
pub const HASH_BITS: u32 = 19;
/// Number of hashed feature slots (2^[`HASH_BITS`]).
pub const HASH_SLOTS: usize = 1 << HASH_BITS;
/// Dense cue features after the hashed slots.
pub const CUE_FEATURES: usize = 30;
/// Length of the feature vector: hashed slots, then the dense cue features.
pub const FEATURES: usize = HASH_SLOTS + CUE_FEATURES;

const MAGIC: &[u8; 8] = b"PPWARM05";
const HEADER: usize = 8 + 20;

/// Messages of at most this many words (chat length) have their own calibration: with
/// fewer features their raw output spreads differently from a long comment's.
pub const SHORT_WORDS: u32 = 8;

/// warmth = soft_clip(scale · raw + shift), then the withdrawal rules.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    /// Multiplier of the raw linear output.
    pub scale: f32,
    /// Offset added after scaling.
    pub shift: f32,
}

/// Rounds to bfloat16 (the top 16 bits of an f32, round to nearest even): the stored
/// precision of the weights, halving the model's size and cache footprint.
pub fn to_bf16(w: f32) -> u16 {
    let bits = w.to_bits();
    ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) as u16
}

/// The f32 a stored bfloat16 weight stands for.
pub fn from_bf16(h: u16) -> f32 {
    f32::from_bits(u32::from(h) << 16)
}

/// Weights and calibration of the linear model.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Intercept of the linear model.
    pub bias: f32,
    /// For messages of at most [`SHORT_WORDS`] words.
    pub short: Calibration,
    /// For longer messages.
    pub long: Calibration,
    /// One weight per feature ([`FEATURES`]).
    pub weights: Vec<f32>,
}

impl Model {
    /// Rounds every weight to the stored precision (bfloat16), so that training's
    /// calibration sees exactly the weights that ship.
    pub fn quantize(&mut self) {
        for w in &mut self.weights {
            *w = from_bf16(to_bf16(*w));
        }
    }

    /// The calibration for a message of `words` words.
    pub fn calibration(&self, words: u32) -> Calibration {
        if words <= SHORT_WORDS {
            self.short
        } else {
            self.long
        }
    }

    /// The binary file: magic, bias, short scale and shift, long scale and shift
    /// (little-endian f32), then every weight as little-endian bfloat16.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER + self.weights.len() * 2);
        out.extend_from_slice(MAGIC);
        for v in [
            self.bias,
            self.short.scale,
            self.short.shift,
            self.long.scale,
            self.long.shift,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for w in &self.weights {
            out.extend_from_slice(&to_bf16(*w).to_le_bytes());
        }
        out
    }

    /// Reads a model file; an error naming what is wrong when it is not one of this build's.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        let bad = |m: &str| Error::Usage(format!("warmth model: {m}"));
        if bytes.len() != HEADER + FEATURES * 2 || &bytes[..8] != MAGIC {
            return Err(bad("not a pushpull warmth model of this version"));
        }
        let f = |i: usize| {
            let mut b = [0u8; 4];
            b.copy_from_slice(&bytes[i..i + 4]);
            f32::from_le_bytes(b)
        };
        Ok(Model {
            bias: f(8),
            short: Calibration {
                scale: f(12),
                shift: f(16),
            },
            long: Calibration {
                scale: f(20),
                shift: f(24),
            },
            weights: bytes[HEADER..]
                .chunks_exact(2)
                .map(|b| from_bf16(u16::from_le_bytes([b[0], b[1]])))
                .collect(),
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

/// The hashed slot of a feature: a token or pair hash mixed with the feature kind
/// (multiplicative hashing, top bits).
fn slot(hash: u64, kind: u64) -> u32 {
    ((hash ^ kind.wrapping_mul(0xD6E8_FEB8_6659_FD93)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        >> (64 - HASH_BITS)) as u32
}

/// The hash of a word pair.
fn pair(first: u64, second: u64) -> u64 {
    first.rotate_left(23).wrapping_mul(31) ^ second
}

/// The pseudo-token before the first and after the last token of a message.
const MESSAGE_EDGE: u64 = 0x5A5A_0E05;

const UNIGRAM: u64 = 1;
const NEGATED_UNIGRAM: u64 = 2;
const BIGRAM: u64 = 3;
const TRIGRAM: u64 = 4;
/// The value of a word's own features inside a negation's scope (three tokens after
/// "not", "never", "n't"...): flipped and damped, like VADER's 0.74 (0.5 chosen on the
/// dev sets and on the negation tests).
const NEGATION_FLIP: f32 = 0.5;

/// Reusable buffers for feature extraction (one per thread).
#[derive(Default)]
pub struct Extractor {
    tokens: Tokens,
    /// The features of the last message extracted, as (slot, value).
    pub features: Vec<(u32, f32)>,
}

impl Extractor {
    /// Tokenizes `text`, calls `each` with the slot of every hashed feature (unit value
    /// before normalisation) and returns the number of hashed features.
    fn hashed(&mut self, text: &str, mut each: impl FnMut(u32, f32)) -> usize {
        self.tokens.analyse(text);
        let mut count = 0;
        let mut negated = 0u8; // tokens left in a negation's scope
                               // The message's start and end count as tokens of their own for the word pairs
                               // ("lol" opening a message is not "lol" closing a sentence).
        let mut prev: Option<u64> = Some(MESSAGE_EDGE);
        for t in &self.tokens.tokens {
            // A negation's scope ends with its clause ("not bad. love it").
            if t.clause {
                negated = 0;
            }
            // Inside a negation's scope a word counts against its usual lean ("not happy"),
            // and a negated-word feature learns what the flip misses.
            let sign = if negated > 0 { -NEGATION_FLIP } else { 1.0 };
            each(slot(t.hash, UNIGRAM), sign);
            count += 1;
            if negated > 0 {
                each(slot(t.hash, NEGATED_UNIGRAM), 1.0);
                count += 1;
            }
            if let Some(p) = prev {
                each(
                    slot(p.rotate_left(23).wrapping_mul(31) ^ t.hash, BIGRAM),
                    1.0,
                );
                count += 1;
            }
            let w = self.tokens.word(t);
            // Letter trigrams of longer words carry spelling variants ("hahahah") and
            // unseen inflections.
            if w.len() >= 4 {
                for g in w.windows(3) {
                    let packed = u64::from(g[0]) | u64::from(g[1]) << 8 | u64::from(g[2]) << 16;
                    each(slot(packed, TRIGRAM), sign);
                }
                count += w.len() - 2;
            }
            prev = t.emoji.is_none().then_some(t.hash);
            if t.flags & NEGATION_FLAG != 0 {
                negated = 3;
            } else {
                negated = negated.saturating_sub(1);
            }
        }
        if let (Some(p), false) = (prev, self.tokens.tokens.is_empty()) {
            each(slot(pair(p, MESSAGE_EDGE), BIGRAM), 1.0);
            count += 1;
        }
        count
    }

    /// Fills `self.features` for `text` (hashed features scaled by 1/√count, then the
    /// dense cue features) and returns its cues.
    pub fn extract(&mut self, text: &str) -> Cues {
        let mut features = std::mem::take(&mut self.features);
        features.clear();
        let count = self.hashed(text, |i, v| features.push((i, v)));
        let norm = norm(count);
        for f in &mut features {
            f.1 *= norm;
        }
        let c = self.tokens.cues;
        for (k, v) in cue_vector(&c).into_iter().enumerate() {
            if v != 0.0 {
                features.push(((HASH_SLOTS + k) as u32, v));
            }
        }
        self.features = features;
        c
    }
}

/// The value of each hashed feature of a message with `count` of them.
fn norm(count: usize) -> f32 {
    1.0 / (count.max(1) as f32).sqrt()
}

/// The cues as dense features (bounded, so one long message cannot dominate). A
/// distancing or longing phrase counts in full: one is enough to change what a message does.
/// The eight relational families have one weight in chat-length messages and another in
/// longer ones: in a long comment the phrase is more often about someone else, and the
/// emotion data's long comments should not bend what the chat messages learned.
fn cue_vector(c: &Cues) -> [f32; CUE_FEATURES] {
    let cap = |n: u16| f32::from(n.min(3)) / 3.0;
    let family = |n: u16| f32::from(n.min(2));
    let short = c.words <= SHORT_WORDS;
    let families = [
        family(c.distance),
        family(c.boundary),
        family(c.dismissal),
        family(c.breakup),
        family(c.hostility),
        family(c.longing),
        family(c.closeness),
        family(c.pursuit),
    ];
    let mut v = [0.0; CUE_FEATURES];
    let general = [
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
        f32::from(u8::from(c.ack)),
        family(c.logistics),
    ];
    v[..14].copy_from_slice(&general);
    let at = if short { 14 } else { 22 };
    v[at..at + 8].copy_from_slice(&families);
    v
}

/// What the scorer knows of the message being answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Reply {
    /// No previous message from the partner (or not read).
    #[default]
    Unknown,
    /// The partner's previous message is warm (its own warmth ≥ 0.25) or emotional
    /// (`emotional` below): the guide's curt reply answers either.
    ToWarm,
    /// The partner's previous message is neutral or cold.
    ToOther,
}

/// How far a bare acknowledgement right after a warm message drops (a withdrawal: the
/// labelling guide's curt reply).
const ACK_AFTER_WARM: f32 = 0.5;
/// How far a distancing phrase (space, boundary, dismissal, break-up, hostility) moves a
/// message without warm markers toward push, and a longing, closeness or pursuing phrase
/// toward pull
/// (chosen on the construct dev split).
const PUSH_STEP: f32 = 0.35;
const PULL_STEP: f32 = 0.25;
/// The most a plain acknowledgement leans either way when it does not answer warmth.
const ACK_ALONE: f32 = 0.1;
/// What a logistics phrase without warm or distancing cues keeps of a message's lean
/// (chosen on the construct dev split).
const LOGISTICS_DAMP: f32 = 0.5;

/// Messages of at most this many words read a pursuit phrase as a pursuing bid.
const PURSUIT_WORDS: u32 = 15;
/// Where a pursuing bid lands: on the warm side, below affection (the construct set's gold
/// warmth for `pull / pursuit` is +0.5 against +0.8 for the other pull sub-kinds).
const PURSUIT_LOW: f32 = 0.3;
const PURSUIT_HIGH: f32 = 0.6;

/// A pursuing bid ("why are you not answering??", "hello?? u there", "are you ignoring
/// me"): a pursuit phrase, no request for space and no break-up talk. Asked as a
/// question, the reproach inside it ("not answering", "you always") is part of the bid;
/// without one, the pursuit phrases must outnumber the boundary, dismissal and hostile
/// ones ("you never reply anyway" is no bid, "you always go quiet, what's wrong" is).
pub fn pursuing_bid(c: &Cues) -> bool {
    if c.pursuit == 0 || c.distance > 0 || c.breakup > 0 || c.words > PURSUIT_WORDS {
        return false;
    }
    let away = u32::from(c.boundary) + u32::from(c.dismissal) + u32::from(c.hostility);
    c.questions > 0 || u32::from(c.pursuit) > away
}

/// An emotional message, which a bare acknowledgement answers curtly even when its own
/// warmth is low ("i got the job!!", "i'm so sorry about earlier"): a warm emoji, affection,
/// an exclamation, longing, care, pursuit or an apology, and no logistics.
fn emotional(c: &Cues) -> bool {
    c.logistics == 0
        && (c.warm_emoji > 0
            || c.affection > 0
            || c.exclamations > 0
            || c.longing > 0
            || c.closeness > 0
            || c.pursuit > 0
            || c.apology > 0)
}

/// The distancing and longing rule: what a phrase family says the message does, when the
/// families agree and (for push) no affection or warm emoji says otherwise.
fn family_lean(c: &Cues) -> f32 {
    let away = u32::from(c.distance)
        + u32::from(c.boundary)
        + u32::from(c.breakup)
        + u32::from(c.hostility)
        + u32::from(c.dismissal);
    let toward = u32::from(c.longing) + u32::from(c.closeness) + u32::from(c.pursuit);
    if away > toward && c.affection == 0 && c.warm_emoji == 0 {
        -1.0
    } else if toward > away {
        1.0
    } else {
        0.0
    }
}

/// Warmth from the model's raw output and the cues: calibration, then the withdrawal
/// rules that emotion labels cannot teach: a bare acknowledgement ("ok", "k", 👍) right
/// after a warm partner message is a withdrawal; a curt reply is cool, and cold when it
/// also dismisses ("whatever"); cold emoji pull down.
pub fn finish(cal: Calibration, raw: f32, c: &Cues, reply: Reply) -> Score {
    let mut w = soft_clip(cal.scale * raw + cal.shift);
    if c.ack && reply == Reply::ToWarm {
        w = w.min(0.0) - ACK_AFTER_WARM;
    } else if c.curt {
        w = if c.dismissal > 0 {
            w.min(0.0) - 0.3
        } else {
            // Cool but not a withdrawal on its own: "k" after "meeting moved to 3".
            (w.min(0.0) - 0.1).max(-0.2)
        };
    }
    if c.ack && reply != Reply::ToWarm && c.dismissal == 0 {
        // A plain acknowledgement alone or after logistics ("ok cool", "kk ty") is neutral,
        // however the words lean.
        w = w.clamp(-ACK_ALONE, ACK_ALONE);
    }
    // A shift, not a clamp: the model's order among such messages is kept.
    // Only in chat-length messages: in a long comment the same phrase is more often
    // about someone else ("the game is over"), and the linear model reads it there.
    let bid = pursuing_bid(c);
    let lean = if c.words <= SHORT_WORDS && !bid {
        family_lean(c)
    } else {
        0.0
    };
    if lean < 0.0 {
        w -= PUSH_STEP;
    } else if lean > 0.0 {
        w += PULL_STEP;
    }
    let answers_warmth = c.ack && reply == Reply::ToWarm;
    if lean == 0.0
        && !bid
        && c.logistics > 0
        && c.affection == 0
        && c.warm_emoji == 0
        && c.cold_emoji == 0
        && !answers_warmth
    {
        // Plans, times and errands ("meeting moved to 3"): toward neutral.
        w *= LOGISTICS_DAMP;
    }
    if c.cold_emoji > 0 && c.warm_emoji == 0 {
        w -= 0.2;
    }
    if c.warm_emoji > 0 && c.cold_emoji == 0 {
        w += 0.1;
    }
    if bid {
        // A move toward contact however annoyed it sounds, but less warm than affection
        // (unless affection, a warm emoji, longing or care come with it).
        let warm_too = c.affection > 0 || c.warm_emoji > 0 || c.longing > 0 || c.closeness > 0;
        w = if warm_too {
            w.max(PURSUIT_LOW)
        } else {
            w.clamp(PURSUIT_LOW, PURSUIT_HIGH)
        };
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

/// A tanh-shaped squashing into [-1, 1]: the (3,2) Padé approximant of tanh, exact at ±3
/// and flat beyond. Strictly increasing inside, so it keeps the ranking of scores, and
/// made of plain arithmetic, so it gives the same bits on every platform (libm's tanh is
/// also several times slower).
fn soft_clip(x: f32) -> f32 {
    let x = x.clamp(-3.0, 3.0);
    let x2 = x * x;
    x * (27.0 + x2) / (27.0 + 9.0 * x2)
}

/// The default scorer: the shipped linear model, weights kept as bfloat16 (1 MB, so
/// they stay in the core's cache).
pub struct BuiltinScorer {
    bias: f32,
    short: Calibration,
    long: Calibration,
    weights: Vec<u16>,
}

static SHIPPED: &[u8] = include_bytes!("../../models/warmth-builtin.bin");

impl BuiltinScorer {
    /// The model shipped inside the binary.
    pub fn shipped() -> Result<BuiltinScorer> {
        Ok(BuiltinScorer::from_model(Model::from_bytes(SHIPPED)?))
    }

    /// A model file written by `pushpull train` (e.g. with other training settings), read
    /// at run time instead of the one built into the binary; an error names the file.
    pub fn from_file(path: &std::path::Path) -> Result<BuiltinScorer> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path.display().to_string(), e))?;
        let model = Model::from_bytes(&bytes)
            .map_err(|e| Error::Usage(format!("{}: {e}", path.display())))?;
        Ok(BuiltinScorer::from_model(model))
    }

    /// A scorer with the given weights (stored at bfloat16 precision).
    pub fn from_model(model: Model) -> BuiltinScorer {
        BuiltinScorer {
            bias: model.bias,
            short: model.short,
            long: model.long,
            weights: model.weights.iter().map(|&w| to_bf16(w)).collect(),
        }
    }

    /// The bytes of the shipped model file.
    pub fn shipped_bytes() -> &'static [u8] {
        SHIPPED
    }

    /// One message's raw output and cues: the weights of its hashed features summed as
    /// they are produced (no feature list), then the cue features.
    fn raw_one(&self, ex: &mut Extractor, text: &str) -> (f32, Cues) {
        let weights = &self.weights[..];
        let mut sum = 0.0f32;
        let count = ex.hashed(text, |i, v| sum += v * from_bf16(weights[i as usize]));
        let cues = ex.tokens.cues;
        let dense: f32 = cue_vector(&cues)
            .iter()
            .zip(&weights[HASH_SLOTS..])
            .map(|(v, &w)| v * from_bf16(w))
            .sum();
        (self.bias + sum * norm(count) + dense, cues)
    }

    fn calibration(&self, cues: &Cues) -> Calibration {
        if cues.words <= SHORT_WORDS {
            self.short
        } else {
            self.long
        }
    }

    /// One message, as a reply to `context` when given: the context is scored only when
    /// the message is a bare acknowledgement, the one case it changes.
    fn score_one(&self, ex: &mut Extractor, text: &str, context: Option<&str>) -> Scored {
        let (raw, cues) = self.raw_one(ex, text);
        let reply = match context {
            Some(prev) if cues.ack => {
                let (prev_raw, prev_cues) = self.raw_one(ex, prev);
                let prev_score = finish(
                    self.calibration(&prev_cues),
                    prev_raw,
                    &prev_cues,
                    Reply::Unknown,
                );
                if prev_score.warmth >= 0.25 || emotional(&prev_cues) {
                    Reply::ToWarm
                } else {
                    Reply::ToOther
                }
            }
            _ => Reply::Unknown,
        };
        Scored {
            score: finish(self.calibration(&cues), raw, &cues, reply),
            cues,
        }
    }
}

impl Scorer for BuiltinScorer {
    fn name(&self) -> &str {
        "builtin"
    }

    fn score_batch(&self, texts: &[&str]) -> Result<Vec<Scored>> {
        let mut ex = Extractor::default();
        Ok(texts
            .iter()
            .map(|t| self.score_one(&mut ex, t, None))
            .collect())
    }

    fn score_batch_in_context(
        &self,
        texts: &[&str],
        contexts: &[Option<&str>],
    ) -> Result<Vec<Scored>> {
        let mut ex = Extractor::default();
        Ok(texts
            .iter()
            .enumerate()
            .map(|(i, t)| self.score_one(&mut ex, t, contexts.get(i).copied().flatten()))
            .collect())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::cues::{cues_of, hash_bytes};

    /// The value of the unigram feature of `word` in `text`, and whether its negated-word
    /// feature is there.
    fn unigram(text: &str, word: &str) -> (f32, bool) {
        let mut ex = Extractor::default();
        ex.extract(text);
        let hash = hash_bytes(word.as_bytes());
        let value = |kind| {
            ex.features
                .iter()
                .find(|f| f.0 == slot(hash, kind))
                .map(|f| f.1)
        };
        (
            value(UNIGRAM).unwrap_or(0.0),
            value(NEGATED_UNIGRAM).is_some(),
        )
    }

    /// A word inside a negation's scope counts flipped; a clause break ends the scope.
    #[test]
    fn negation_scope_ends_with_the_clause() {
        let (flipped, negated) = unigram("not love it", "love");
        assert!(flipped < 0.0 && negated);
        let (plain, negated) = unigram("not bad. love it", "love");
        assert!(plain > 0.0 && !negated);
        let (plain, negated) = unigram("can't sleep, love you", "love");
        assert!(plain > 0.0 && !negated);
    }

    /// A pursuing bid reads mildly warm whatever the linear model says; giving up or
    /// attacking instead is no bid.
    #[test]
    fn a_pursuing_bid_reads_mildly_warm() {
        let cal = Calibration {
            scale: 2.0,
            shift: 0.0,
        };
        for text in [
            "why are you not answering??",
            "hello?? u there",
            "are you ignoring me",
            "why do you always ignore me? answer me",
            "pls answer ur phone",
        ] {
            let c = cues_of(text);
            assert!(pursuing_bid(&c), "{text:?} should be a bid");
            for raw in [-2.0, 0.0, 2.0] {
                let w = finish(cal, raw, &c, Reply::Unknown).warmth;
                assert!(
                    (PURSUIT_LOW..=PURSUIT_HIGH).contains(&w),
                    "{text:?} at raw {raw}: {w}"
                );
            }
        }
        for text in [
            "fine, ignore me then",
            "you never reply anyway",
            "why won't you just leave me alone?",
            "why are you not at the station",
            "love you",
        ] {
            assert!(!pursuing_bid(&cues_of(text)), "{text:?} is no bid");
        }
        // Affection beside the bid may read warmer than the band.
        let c = cues_of("babe where are you?? miss you");
        assert!(finish(cal, 2.0, &c, Reply::Unknown).warmth > PURSUIT_HIGH);
    }

    /// A bare acknowledgement is curt after a warm or emotional partner message and
    /// stays neutral after logistics.
    #[test]
    fn an_acknowledgement_after_emotional_news_is_curt() {
        let scorer = BuiltinScorer::shipped().unwrap();
        let after = |prev: &str| {
            scorer
                .score_batch_in_context(&["k"], &[Some(prev)])
                .unwrap()[0]
                .score
                .warmth
        };
        for prev in ["i got the job!!", "i'm so sorry about earlier", "love you"] {
            assert!(after(prev) <= -0.25, "{prev:?}: {}", after(prev));
        }
        for prev in ["meeting moved to 3", "can you grab milk on the way!"] {
            assert!(after(prev) > -0.25, "{prev:?}: {}", after(prev));
        }
    }
}
