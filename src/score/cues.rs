//! Chat cues: the surface signs of warmth and withdrawal in one message (affection terms,
//! warm and cold emoji, laughter, apologies, thanks, questions, exclamations, ALL CAPS,
//! curt replies, negation, intensifiers, length), and the tokenizer the built-in model
//! shares with them.
//!
//! Cues are kept in the output so a score can be explained; the built-in model also uses
//! them as features. English first; a few common words of other languages where cheap.
//! The distancing and longing families (space, boundaries, dismissals, break-up talk,
//! hostility, longing, the pursuing bid) are phrase lists in [`phrases`].

pub mod phrases;

use super::Cues;

/// One token of a message: a lower-cased word (a range of [`Tokens::buf`]) or an emoji,
/// with the hash the model's features start from and the lexicon flags of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset of the word's start in [`Tokens::buf`].
    pub start: u32,
    /// Byte offset one past the word's end.
    pub end: u32,
    /// 64-bit hash of the word's bytes or of the emoji.
    pub hash: u64,
    /// The emoji, for an emoji token.
    pub emoji: Option<char>,
    /// [`lexicon`] flags of a word (0 for emoji).
    pub flags: u8,
    /// The first token after a clause break (`,` `.` `;` `!` `?`): a negation before it
    /// does not reach it ("can't sleep, thinking about you").
    pub clause: bool,
}

/// A tokenized message: words lower-cased into `buf` (letters stretched for emphasis kept
/// at two: "sooooo" → "soo"), the tokens, and the message's cues. Reused between
/// messages so scoring allocates nothing per message.
#[derive(Debug, Default)]
pub struct Tokens {
    /// The message's words, lower-cased, one after another.
    pub buf: Vec<u8>,
    /// The message's tokens in order.
    pub tokens: Vec<Token>,
    /// The cues counted while tokenizing.
    pub cues: Cues,
    /// Dismissive words seen ("whatever"): a dismissal only in a short message ("k
    /// whatever"), not in "whatever happens, i'm here".
    dismissive_words: u16,
    /// A clause break was read since the last token.
    clause_break: bool,
}

impl Tokens {
    /// The lower-cased bytes of a word token (empty for an emoji).
    pub fn word(&self, t: &Token) -> &[u8] {
        &self.buf[t.start as usize..t.end as usize]
    }

    /// Tokenizes `text` and counts its cues, in one pass over the bytes (ASCII without
    /// decoding, other characters decoded one at a time).
    pub fn analyse(&mut self, text: &str) {
        self.buf.clear();
        self.tokens.clear();
        self.dismissive_words = 0;
        self.clause_break = false;
        let mut c = Cues::default();
        let (mut letters, mut upper) = (0usize, 0usize);
        let mut word_start: Option<usize> = None;
        let bytes = text.as_bytes();
        self.buf.reserve(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if ASCII_WORD[usize::from(b)] {
                    // A run of ASCII word bytes in one tight loop.
                    let s = *word_start.get_or_insert(self.buf.len());
                    while i < bytes.len() && ASCII_WORD[usize::from(bytes[i])] {
                        let b = bytes[i];
                        i += 1;
                        let is_letter = b.is_ascii_alphabetic();
                        letters += usize::from(is_letter);
                        upper += usize::from(b.is_ascii_uppercase());
                        let l = b.to_ascii_lowercase();
                        let n = self.buf.len();
                        // Letters stretched for emphasis ("sooooo") keep at most two.
                        if is_letter && n >= s + 2 && self.buf[n - 1] == l && self.buf[n - 2] == l {
                            continue;
                        }
                        self.buf.push(l);
                    }
                    continue;
                }
                i += 1;
                match b {
                    b':' | b';' | b'<' | b'=' => {
                        if let Some((e, len)) = emoticon(&bytes[i - 1..]) {
                            self.end_word(&mut word_start, &mut c);
                            self.push_emoji(e, &mut c);
                            i += len - 1;
                            continue;
                        }
                    }
                    b'?' => c.questions = c.questions.saturating_add(1),
                    b'!' => c.exclamations = c.exclamations.saturating_add(1),
                    _ => {}
                }
                self.end_word(&mut word_start, &mut c);
                self.clause_break |= matches!(b, b',' | b'.' | b';' | b'!' | b'?');
                continue;
            }
            let ch = text[i..].chars().next().unwrap_or('\u{fffd}');
            i += ch.len_utf8();
            match ch {
                '¿' | '？' => c.questions = c.questions.saturating_add(1),
                '¡' | '！' => c.exclamations = c.exclamations.saturating_add(1),
                _ => {}
            }
            if ch.is_alphabetic() {
                letters += 1;
                upper += usize::from(ch.is_uppercase());
            }
            if ch == '’' || ch.is_alphanumeric() {
                let _ = word_start.get_or_insert(self.buf.len());
                if ch == '’' {
                    self.buf.push(b'\'');
                } else {
                    let mut tmp = [0u8; 4];
                    for l in ch.to_lowercase() {
                        self.buf
                            .extend_from_slice(l.encode_utf8(&mut tmp).as_bytes());
                    }
                }
                continue;
            }
            self.end_word(&mut word_start, &mut c);
            if is_emoji(ch) {
                self.push_emoji(ch, &mut c);
            }
        }
        self.end_word(&mut word_start, &mut c);
        c.all_caps = letters >= 4 && upper * 10 >= letters * 9;
        c.curt = is_curt(text);
        c.ack = c.curt || is_ack(text);
        phrases::count(&self.tokens, &mut c);
        if c.words <= SHORT_DISMISSAL_WORDS {
            c.dismissal = c.dismissal.saturating_add(self.dismissive_words);
        }
        if self.is_bare_call(&c) {
            c.pursuit = c.pursuit.saturating_add(1);
        }
        self.cues = c;
    }

    /// "???", "hello??", "babe??": a call with nothing but question marks is a pursuing bid.
    fn is_bare_call(&self, c: &Cues) -> bool {
        if c.questions < 2 || c.words > 1 || self.tokens.iter().any(|t| t.emoji.is_some()) {
            return false;
        }
        match self.tokens.first() {
            None => true,
            Some(t) => matches!(
                self.word(t),
                b"hello" | b"helloo" | b"hey" | b"heyy" | b"babe" | b"hun" | b"hi"
            ),
        }
    }

    /// Closes the word being read (apostrophes at its ends dropped), looks it up in the
    /// lexicon and counts its cues.
    #[inline]
    fn end_word(&mut self, word_start: &mut Option<usize>, c: &mut Cues) {
        let Some(mut s) = word_start.take() else {
            return;
        };
        let mut e = self.buf.len();
        while s < e && self.buf[s] == b'\'' {
            s += 1;
        }
        while e > s && self.buf[e - 1] == b'\'' {
            e -= 1;
        }
        if s == e {
            return;
        }
        let w = &self.buf[s..e];
        let hash = hash_word(w);
        let flags = lexicon(hash, w);
        let bump = |n: &mut u16, yes: bool| *n = n.saturating_add(u16::from(yes));
        c.words += 1;
        bump(&mut c.affection, flags & AFFECTION_FLAG != 0);
        bump(&mut c.laughter, flags & LAUGHTER_FLAG != 0);
        bump(&mut c.apology, flags & APOLOGY_FLAG != 0);
        bump(&mut c.thanks, flags & THANKS_FLAG != 0);
        bump(&mut c.negations, flags & NEGATION_FLAG != 0);
        bump(&mut c.intensifiers, flags & INTENSIFIER_FLAG != 0);
        bump(&mut c.hostility, flags & HOSTILE_FLAG != 0);
        self.dismissive_words += u16::from(flags & DISMISSIVE_FLAG != 0);
        self.tokens.push(Token {
            start: s as u32,
            end: e as u32,
            hash,
            emoji: None,
            flags,
            clause: std::mem::take(&mut self.clause_break),
        });
    }

    fn push_emoji(&mut self, e: char, c: &mut Cues) {
        let bump = |n: &mut u16| *n = n.saturating_add(1);
        if WARM_EMOJI.contains(&e) {
            bump(&mut c.warm_emoji);
        } else if COLD_EMOJI.contains(&e) {
            bump(&mut c.cold_emoji);
        } else if LAUGH_EMOJI.contains(&e) {
            bump(&mut c.laughter);
        }
        let at = self.buf.len() as u32;
        self.tokens.push(Token {
            start: at,
            end: at,
            hash: (u64::from(u32::from(e)) | 1 << 40).wrapping_mul(0x9E37_79B9_7F4A_7C15),
            emoji: Some(e),
            flags: 0,
            clause: std::mem::take(&mut self.clause_break),
        });
    }
}

/// Messages of at most this many words count a dismissive word as a dismissal.
const SHORT_DISMISSAL_WORDS: u32 = 4;

/// Bytes that are ASCII word characters: letters, digits and the apostrophe.
static ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 128 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b == b'\'' as usize;
        b += 1;
    }
    t
};

/// [`hash_bytes`] at run time: whole 8-byte chunks loaded at once (same value).
#[inline]
pub fn hash_word(w: &[u8]) -> u64 {
    let mut h: u64 = 0x243F_6A88_85A3_08D3 ^ w.len() as u64;
    let mut chunks = w.chunks_exact(8);
    for chunk in &mut chunks {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^= h >> 29;
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // Shifted in byte by byte: a short copy through memory would stall the load.
        let v = rest
            .iter()
            .enumerate()
            .fold(0u64, |v, (k, &b)| v | u64::from(b) << (8 * k));
        h = (h ^ v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^= h >> 29;
    }
    h
}

/// A word's 64-bit hash, computed once per token: eight bytes at a time, multiplied and
/// folded (a `const fn`, so the lexicon table below is built at compile time).
pub const fn hash_bytes(w: &[u8]) -> u64 {
    let mut h: u64 = 0x243F_6A88_85A3_08D3 ^ w.len() as u64;
    let mut i = 0;
    while i < w.len() {
        let mut chunk = 0u64;
        let mut k = 0;
        while k < 8 && i + k < w.len() {
            chunk |= (w[i + k] as u64) << (8 * k);
            k += 1;
        }
        h = (h ^ chunk).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^= h >> 29;
        i += 8;
    }
    h
}

/// Text emoticons read as the emoji they stand for (`:)` → 🙂, `<3` → ❤, `:(` → 🙁).
fn emoticon(rest: &[u8]) -> Option<(char, usize)> {
    if rest.starts_with(b"<3") {
        return Some(('❤', 2));
    }
    let after_eyes = match rest.first()? {
        b':' | b'=' | b';' => {
            let r = &rest[1..];
            r.strip_prefix(b"-")
                .or_else(|| r.strip_prefix(b"'"))
                .unwrap_or(r)
        }
        _ => return None,
    };
    let len = rest.len() - after_eyes.len() + 1;
    let wink = rest[0] == b';';
    let e = match after_eyes.first()? {
        b')' | b']' | b'}' => {
            if wink {
                '😉'
            } else {
                '🙂'
            }
        }
        b'D' => '😄',
        b'P' | b'p' => '😛',
        b'*' => '😘',
        b'(' | b'[' => '🙁',
        b'/' | b'\\' | b'|' => '😕',
        _ => return None,
    };
    // `:/` inside a URL (https://) is not a face.
    if e == '😕' && after_eyes.get(1) == Some(&b'/') {
        return None;
    }
    Some((e, len))
}

/// Pictographs and symbols that act like words in chat (variation selectors and joiners
/// are not tokens).
pub fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F300..=0x1FAFF | 0x2600..=0x27BF | 0x2B50 | 0x2B55 | 0x2190..=0x21FF | 0x3030 | 0x303D)
}

const WARM_EMOJI: &[char] = &[
    '❤', '🙂', '😉', '😛', '😘', '🥰', '😍', '💕', '💖', '💗', '💓', '💞', '💘', '😊', '🤗', '😚',
    '😙', '☺', '💋', '🌹', '😻', '💜', '💙', '💚', '💛', '🧡', '🤍', '💝', '😇', '🫶', '✨', '🙏',
    '🥺',
];
const COLD_EMOJI: &[char] = &[
    '🙄', '😒', '😑', '😐', '😤', '😠', '😡', '🤬', '💢', '🖕', '👎', '😾', '🤨', '😶',
];
const LAUGH_EMOJI: &[char] = &['😂', '🤣', '😆', '😹', '😅', '😄', '😁'];

const AFFECTION: &[&str] = &[
    "love",
    "luv",
    "ily",
    "ilu",
    "babe",
    "baby",
    "bae",
    "darling",
    "honey",
    "hun",
    "sweetheart",
    "sweetie",
    "dear",
    "cutie",
    "xoxo",
    "xx",
    "xxx",
    "hugs",
    "hug",
    "kisses",
    "kiss",
    "miss",
    "adore",
    "beautiful",
    "gorgeous",
    "handsome",
    "lovely",
    "sweet",
    "cuddle",
    "cuddles",
    "mi",
    "amor",
    "cariño",
    "schatz",
    "liebling",
    "chérie",
    "chéri",
    "tesoro",
    "amore",
    "habibi",
];
const LAUGHTER: &[&str] = &[
    "lol", "lmao", "lmfao", "rofl", "haha", "hahaha", "hahahaha", "hehe", "hehehe", "jaja",
    "jajaja", "xd", "kkkk", "hihi",
];
const APOLOGY: &[&str] = &[
    "sorry",
    "apologize",
    "apologise",
    "apologies",
    "forgive",
    "perdón",
    "entschuldigung",
    "désolé",
    "désolée",
];
const THANKS: &[&str] = &[
    "thanks",
    "thank",
    "thx",
    "ty",
    "tysm",
    "grateful",
    "appreciate",
    "appreciated",
    "gracias",
    "danke",
    "merci",
    "grazie",
    "obrigado",
    "obrigada",
];
const NEGATIONS: &[&str] = &[
    "not",
    "no",
    "never",
    "nothing",
    "nobody",
    "none",
    "neither",
    "nor",
    "without",
    "dont",
    "don't",
    "can't",
    "cant",
    "won't",
    "wont",
    "isn't",
    "isnt",
    "aren't",
    "arent",
    "wasn't",
    "wasnt",
    "didn't",
    "didnt",
    "doesn't",
    "doesnt",
    "haven't",
    "havent",
    "shouldn't",
    "wouldn't",
    "couldn't",
    "ain't",
    "nope",
    "nah",
];
const INTENSIFIERS: &[&str] = &[
    "very",
    "so",
    "really",
    "extremely",
    "totally",
    "absolutely",
    "super",
    "incredibly",
    "too",
    "such",
    "soo",
    "sooo",
    "soooo",
    "completely",
    "utterly",
    "truly",
    "deeply",
    "most",
    "hella",
];
/// Whole-message replies that read as curt or dismissive.
const CURT: &[&str] = &[
    "k",
    "k.",
    "kk",
    "ok.",
    "okay.",
    "fine",
    "fine.",
    "whatever",
    "whatever.",
    "sure.",
    "mhm",
    "hm",
    "hmm",
    "hm.",
    "mm",
    "yep.",
    "yeah.",
    "noted",
    "noted.",
    "cool.",
    "nvm",
    "if you say so",
    "👍",
    "👍.",
    "ok 👍",
    "k 👍",
    "ok then",
    "ok then.",
    "alright.",
    "as you wish",
    "do what you want",
];

/// Whole-message acknowledgements (besides the curt replies), whose warmth depends on
/// what they answer.
const ACK: &[&str] = &[
    "ok",
    "okay",
    "okey",
    "sure",
    "yeah",
    "yes",
    "yep",
    "ya",
    "yea",
    "cool",
    "nice",
    "nice.",
    "good",
    "good.",
    "great.",
    "thanks",
    "thanks.",
    "thx",
    "ty",
    "k thx",
    "ok thanks",
    "ok thx",
    "np",
    "same",
    "u too",
    "you too",
    "night",
    "lol ok",
    "ok cool",
    "ok cool.",
    "oh ok",
    "oh. ok",
    "ok fine",
    "maybe",
    "dunno",
    "idk",
    "nah",
    "no",
    "busy",
    "if u want",
    "if you want",
    "it was fine",
    "got it",
    "will do",
    "👌",
];

/// Lexicon flag: a term of affection ("love", "babe").
pub const AFFECTION_FLAG: u8 = 1;
/// Lexicon flag: laughter ("haha", "lol").
pub const LAUGHTER_FLAG: u8 = 2;
/// Lexicon flag: an apology ("sorry").
pub const APOLOGY_FLAG: u8 = 4;
/// Lexicon flag: thanks ("thanks", "thx").
pub const THANKS_FLAG: u8 = 8;
/// Lexicon flag: a negation ("not", "never"), which flips the words after it.
pub const NEGATION_FLAG: u8 = 16;
/// Lexicon flag: an intensifier ("so", "really").
pub const INTENSIFIER_FLAG: u8 = 32;
/// Insults and contempt words ([`phrases::HOSTILE_WORDS`]).
pub const HOSTILE_FLAG: u8 = 64;
/// Dismissive words ([`phrases::DISMISSIVE_WORDS`]).
pub const DISMISSIVE_FLAG: u8 = 128;

/// Slots of the lexicon table (a power of two, well above the number of words).
const LEXICON_SLOTS: usize = 1024;

/// One word of the lexicon table (an empty word marks a free slot).
#[derive(Clone, Copy)]
struct Entry {
    hash: u64,
    word: &'static str,
    flags: u8,
}

/// The word lists as one open-addressing table keyed by the word hash.
static LEXICON: [Entry; LEXICON_SLOTS] = build_lexicon();
/// The hashes of [`LEXICON`] alone (0 for a free slot), 8 KB, so a probe stays in cache.
static LEXICON_HASHES: [u64; LEXICON_SLOTS] = lexicon_hashes(&LEXICON);

const fn lexicon_hashes(table: &[Entry; LEXICON_SLOTS]) -> [u64; LEXICON_SLOTS] {
    let mut out = [0; LEXICON_SLOTS];
    let mut k = 0;
    while k < LEXICON_SLOTS {
        out[k] = table[k].hash;
        k += 1;
    }
    out
}

const fn build_lexicon() -> [Entry; LEXICON_SLOTS] {
    let free = Entry {
        hash: 0,
        word: "",
        flags: 0,
    };
    let mut table = [free; LEXICON_SLOTS];
    let lists: [(&[&str], u8); 8] = [
        (AFFECTION, AFFECTION_FLAG),
        (LAUGHTER, LAUGHTER_FLAG),
        (APOLOGY, APOLOGY_FLAG),
        (THANKS, THANKS_FLAG),
        (NEGATIONS, NEGATION_FLAG),
        (INTENSIFIERS, INTENSIFIER_FLAG),
        (phrases::HOSTILE_WORDS, HOSTILE_FLAG),
        (phrases::DISMISSIVE_WORDS, DISMISSIVE_FLAG),
    ];
    let mut l = 0;
    while l < lists.len() {
        let (list, flag) = lists[l];
        let mut i = 0;
        while i < list.len() {
            let w = list[i];
            let hash = hash_bytes(w.as_bytes());
            assert!(hash != 0, "a lexicon word hashes to the free-slot mark");
            let mut k = hash as usize & (LEXICON_SLOTS - 1);
            loop {
                if table[k].word.is_empty() {
                    table[k] = Entry {
                        hash,
                        word: w,
                        flags: flag,
                    };
                    break;
                }
                if table[k].hash == hash && bytes_eq(table[k].word.as_bytes(), w.as_bytes()) {
                    table[k].flags |= flag;
                    break;
                }
                k = (k + 1) & (LEXICON_SLOTS - 1);
            }
            i += 1;
        }
        l += 1;
    }
    table
}

const fn bytes_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// The lexicon flags of a lower-cased word with hash `hash`: the word lists above, plus
/// laughter however long ("hahahah") and any "n't" as a negation.
#[inline]
pub fn lexicon(hash: u64, w: &[u8]) -> u8 {
    let mut k = hash as usize & (LEXICON_SLOTS - 1);
    let mut flags = 0;
    loop {
        let h = LEXICON_HASHES[k];
        if h == hash && LEXICON[k].word.as_bytes() == w {
            flags = LEXICON[k].flags;
            break;
        }
        if h == 0 {
            break;
        }
        k = (k + 1) & (LEXICON_SLOTS - 1);
    }
    if matches!(w.first(), Some(b'h' | b'a' | b'l')) && is_laugh_word(w) {
        flags |= LAUGHTER_FLAG;
    }
    if w.ends_with(b"n't") {
        flags |= NEGATION_FLAG;
    }
    flags
}

/// "hahahah", "ahaha", "hehehe", "lolol", "loll": laughter however long.
fn is_laugh_word(w: &[u8]) -> bool {
    let ha = w.len() >= 4
        && (w.starts_with(b"haha") || w.starts_with(b"ahah") || w.starts_with(b"hehe"))
        && w.iter().all(|b| matches!(b, b'h' | b'a' | b'e'));
    let lol = w.len() >= 3
        && w.starts_with(b"lo")
        && w.ends_with(b"l")
        && w.iter().all(|b| matches!(b, b'l' | b'o'));
    ha || lol
}

/// A whole message that is one of `list` (case, surrounding space and a trailing emoji
/// variation selector ignored).
fn whole_message_in(text: &str, list: &[&str]) -> bool {
    let t = text.trim();
    if t.len() > 24 {
        return false;
    }
    let t = t.trim_end_matches('\u{fe0f}');
    list.iter().any(|c| c.eq_ignore_ascii_case(t))
}

/// A whole message that is one of the curt replies.
pub fn is_curt(text: &str) -> bool {
    whole_message_in(text, CURT)
}

/// A whole message that only acknowledges ("ok", "sure", "cool", "thanks"): neutral after
/// a logistical message, a withdrawal after a warm one (see `docs/warmth.md`).
pub fn is_ack(text: &str) -> bool {
    whole_message_in(text, ACK)
}

/// The cues of one message (tests; scoring reuses one [`Tokens`] for every message).
#[cfg(test)]
pub(crate) fn cues_of(text: &str) -> Cues {
    let mut t = Tokens::default();
    t.analyse(text);
    t.cues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_cues_of_a_message() {
        let c = cues_of("I love you so much babe ❤️😘 haha, thanks!! Are you ok?");
        assert_eq!(c.words, 11);
        assert_eq!(c.affection, 2);
        assert_eq!(c.warm_emoji, 2);
        assert_eq!(c.laughter, 1);
        assert_eq!(c.thanks, 1);
        assert_eq!(c.exclamations, 2);
        assert_eq!(c.questions, 1);
        assert_eq!(c.intensifiers, 1);
        assert!(!c.curt && !c.all_caps);
        let c = cues_of("WHY DID YOU DO THAT 🙄");
        assert!(c.all_caps);
        assert_eq!(c.cold_emoji, 1);
        assert_eq!(cues_of("I don't care, not now").negations, 2);
        assert_eq!(cues_of("hahahahaha LOLLL ¿qué? ¡Sí!").laughter, 2);
        assert_eq!(cues_of("'' ' 'tis").words, 1);
    }

    #[test]
    fn tokens_are_lower_cased_words_and_emoji() {
        let mut t = Tokens::default();
        t.analyse("Sooooo GOOD :) Café’s <3 x");
        let words: Vec<&[u8]> = t.tokens.iter().map(|k| t.word(k)).collect();
        let want: [&[u8]; 6] = [b"soo", b"good", b"", "café's".as_bytes(), b"", b"x"];
        assert_eq!(words, want);
        assert_eq!(t.tokens[2].emoji, Some('🙂'));
        assert_eq!(t.tokens[4].emoji, Some('❤'));
        assert_eq!(t.tokens[1].hash, hash_bytes(b"good"));
        for w in [
            "",
            "a",
            "good",
            "12345678",
            "sweetheart",
            "café's",
            "hahahahahahahahaha",
        ] {
            assert_eq!(hash_word(w.as_bytes()), hash_bytes(w.as_bytes()), "{w}");
        }
    }

    type Count = fn(&Cues) -> u16;
    type Family = (
        &'static str,
        Count,
        &'static [&'static str],
        &'static [&'static str],
    );

    /// Each family counts its phrases and not near misses (one assertion each way, so
    /// emptying or breaking a list fails here).
    fn check_families(families: &[Family]) {
        for (name, count, yes, no) in families {
            for t in *yes {
                assert!(count(&cues_of(t)) >= 1, "{name}: {t:?} should count");
            }
            for t in *no {
                assert_eq!(count(&cues_of(t)), 0, "{name}: {t:?} should not count");
            }
        }
    }

    #[test]
    fn distancing_families_on_fixed_phrases() {
        check_families(&[
            (
                "distance",
                |c| c.distance,
                &[
                    "i really need some time to myself",
                    "don't expect a reply tonight",
                    "pls just leave me alone",
                    "can't talk, busy",
                    "i've made other plans",
                ],
                &[
                    "i need some milk",
                    "we had a great time",
                    "talk tonight?",
                    "i thought you had other plans?",
                ],
            ),
            (
                "boundary",
                |c| c.boundary,
                &[
                    "i'm not doing this with you",
                    "don't text me when you're drunk",
                    "drop it",
                    "that's none of your business",
                ],
                &["i'm doing this for you", "text me when you're home"],
            ),
            (
                "dismissal",
                |c| c.dismissal,
                &[
                    "honestly i'm over it",
                    "whatever",
                    "if you say so",
                    "i don't care",
                ],
                &["i care about you so much", "i'm over the moon"],
            ),
            (
                "breakup",
                |c| c.breakup,
                &[
                    "it's over",
                    "i think we should see other people",
                    "i can't do this anymore",
                    "i want a divorce",
                    "i think it's time we called it",
                ],
                &[
                    "the film is over at 9",
                    "see you and the other people at 8",
                    "you called it! haha",
                ],
            ),
            (
                "hostility",
                |c| c.hostility,
                &[
                    "you're pathetic",
                    "you always ruin everything",
                    "wow thanks for nothing",
                    "shut up",
                    "you make everything so hard",
                ],
                &[
                    "you're lovely",
                    "thanks for everything",
                    "you make everything better, love",
                ],
            ),
        ]);
    }

    #[test]
    fn longing_closeness_pursuit_and_logistics_on_fixed_phrases() {
        check_families(&[
            (
                "longing",
                |c| c.longing,
                &[
                    "miss your face",
                    "been thinking about you all day",
                    "the flat feels so quiet without you",
                    "wish you were here",
                    "can't sleep, thinking about you",
                    "i wish you didn't live so far away",
                ],
                &["i missed the bus", "thinking about dinner"],
            ),
            (
                "closeness",
                |c| c.closeness,
                &[
                    "are you ok?",
                    "so proud of you",
                    "you make everything better, love",
                    "don't be too hard on yourself",
                ],
                &["you make everything so hard", "proud of the garden"],
            ),
            (
                "pursuit",
                |c| c.pursuit,
                &[
                    "why aren't you answering??",
                    "why are you not answering??",
                    "did u see my texts",
                    "hello???",
                    "???",
                    "are you ignoring me",
                    "pls pick up",
                ],
                &[
                    "why is the sky blue?",
                    "hello!",
                    "what??",
                    "answered the door",
                    "did you see my new haircut",
                    "why are you not at the station",
                ],
            ),
            (
                "logistics",
                |c| c.logistics,
                &[
                    "meeting moved to 3",
                    "running 10 min late",
                    "can you grab milk on the way",
                    "booked the table for 8",
                    "what time is the dentist",
                ],
                &[
                    "i miss you",
                    "ok",
                    "leave me alone",
                    "you're late again, typical",
                ],
            ),
        ]);
    }

    /// A negation just before a phrase cancels it; an emoji between two words breaks a
    /// phrase; curly apostrophes read as straight.
    #[test]
    fn phrase_families_respect_negation_emoji_and_apostrophes() {
        assert_eq!(cues_of("i'm angry with you").hostility, 1);
        assert_eq!(cues_of("i'm not angry with you").hostility, 0);
        assert_eq!(cues_of("i don't miss you").longing, 0);
        // A negation stops at a clause break.
        assert_eq!(cues_of("not now. miss you").longing, 1);
        assert_eq!(cues_of("can't sleep, thinking about you").longing, 1);
        assert_eq!(cues_of("miss 🥺 you").longing, 0);
        assert_eq!(cues_of("it’s over").breakup, 1);
        assert_eq!(cues_of("IT'S OVER. it's over").breakup, 2);
    }

    #[test]
    fn a_token_after_punctuation_starts_a_clause() {
        let mut t = Tokens::default();
        t.analyse("can't sleep, thinking: about you! 😘 ok");
        let clauses: Vec<bool> = t.tokens.iter().map(|k| k.clause).collect();
        assert_eq!(clauses, [false, false, true, false, false, true, false]);
    }

    #[test]
    fn acknowledgements_are_whole_messages() {
        for t in ["ok", "Sure", "👍", "k", "thanks", "cool"] {
            assert!(cues_of(t).ack, "{t}");
        }
        for t in ["ok see you at 8", "sure thing babe ❤️", "thanks so much!!"] {
            assert!(!cues_of(t).ack, "{t}");
        }
    }

    #[test]
    fn curt_replies_are_whole_messages() {
        for t in [
            "k",
            "Ok.",
            " fine ",
            "whatever",
            "sure.",
            "👍",
            "👍\u{fe0f}",
        ] {
            assert!(cues_of(t).curt, "{t}");
        }
        for t in ["ok", "sure, see you at 8!", "fine by me, love you", "okay"] {
            assert!(!cues_of(t).curt, "{t}");
        }
    }
}
