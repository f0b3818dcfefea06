//! Chat cues: the surface signs of warmth and withdrawal in one message (affection terms,
//! warm and cold emoji, laughter, apologies, thanks, questions, exclamations, ALL CAPS,
//! curt replies, negation, intensifiers, length), and the tokenizer the built-in model
//! shares with them.
//!
//! Cues are kept in the output so a score can be explained; the built-in model also uses
//! them as features. English first; a few common words of other languages where cheap.

use super::Cues;

/// One token of a message: a lower-cased word, or a single emoji.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token<'a> {
    Word(&'a str),
    Emoji(char),
}

/// Splits `text` into tokens, lower-casing words into `buf` (reused between calls).
/// Returns (start, end) ranges into `buf` for words, or the emoji itself.
pub fn tokenize(text: &str, buf: &mut String, out: &mut Vec<RawToken>) {
    buf.clear();
    out.clear();
    let mut word_start: Option<usize> = None;
    let bytes = text.as_bytes();
    let mut skip_to = 0;
    for (pos, c) in text.char_indices() {
        if pos < skip_to {
            continue;
        }
        if matches!(c, ':' | ';' | '<' | '=') {
            if let Some((e, len)) = emoticon(&bytes[pos..]) {
                skip_to = pos + len;
                if let Some(s) = word_start.take() {
                    out.push(RawToken::Word(s, buf.len()));
                }
                out.push(RawToken::Emoji(e));
                continue;
            }
        }
        if c.is_alphanumeric() || c == '\'' || c == '’' {
            if word_start.is_none() {
                word_start = Some(buf.len());
            }
            if c == '’' {
                buf.push('\'');
            } else if c.is_ascii() {
                // Letters stretched for emphasis ("sooooo", "lolll") keep at most two.
                let l = c.to_ascii_lowercase() as u8;
                let b = buf.as_bytes();
                let s = word_start.unwrap_or(0);
                if l.is_ascii_alphabetic()
                    && b.len() >= s + 2
                    && b[b.len() - 1] == l
                    && b[b.len() - 2] == l
                {
                    continue;
                }
                buf.push(l as char);
            } else {
                buf.extend(c.to_lowercase());
            }
            continue;
        }
        if let Some(s) = word_start.take() {
            out.push(RawToken::Word(s, buf.len()));
        }
        if is_emoji(c) {
            out.push(RawToken::Emoji(c));
        }
    }
    if let Some(s) = word_start {
        out.push(RawToken::Word(s, buf.len()));
    }
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

/// A token as positions into the tokenizer's buffer (so no allocation per token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawToken {
    Word(usize, usize),
    Emoji(char),
}

impl RawToken {
    pub fn resolve(self, buf: &str) -> Token<'_> {
        match self {
            RawToken::Word(s, e) => Token::Word(buf[s..e].trim_matches('\'')),
            RawToken::Emoji(c) => Token::Emoji(c),
        }
    }
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
pub const NEGATIONS: &[&str] = &[
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

/// The cues of one message (given its tokens).
pub fn cues(text: &str, buf: &str, tokens: &[RawToken]) -> Cues {
    let mut c = Cues::default();
    let mut letters = 0usize;
    let mut upper = 0usize;
    for ch in text.chars() {
        match ch {
            '?' | '¿' | '？' => c.questions = c.questions.saturating_add(1),
            '!' | '¡' | '！' => c.exclamations = c.exclamations.saturating_add(1),
            _ => {}
        }
        if ch.is_alphabetic() {
            letters += 1;
            if ch.is_uppercase() {
                upper += 1;
            }
        }
    }
    c.all_caps = letters >= 4 && upper * 10 >= letters * 9;
    let bump = |n: &mut u16| *n = n.saturating_add(1);
    for t in tokens {
        match t.resolve(buf) {
            Token::Word(w) => {
                c.words += 1;
                if AFFECTION.contains(&w) {
                    bump(&mut c.affection);
                }
                if LAUGHTER.contains(&w) || is_laugh_word(w) {
                    bump(&mut c.laughter);
                }
                if APOLOGY.contains(&w) {
                    bump(&mut c.apology);
                }
                if THANKS.contains(&w) {
                    bump(&mut c.thanks);
                }
                if NEGATIONS.contains(&w) || w.ends_with("n't") {
                    bump(&mut c.negations);
                }
                if INTENSIFIERS.contains(&w) {
                    bump(&mut c.intensifiers);
                }
            }
            Token::Emoji(e) => {
                if WARM_EMOJI.contains(&e) {
                    bump(&mut c.warm_emoji);
                } else if COLD_EMOJI.contains(&e) {
                    bump(&mut c.cold_emoji);
                } else if LAUGH_EMOJI.contains(&e) {
                    bump(&mut c.laughter);
                }
            }
        }
    }
    c.curt = is_curt(text);
    c
}

/// "hahahah", "ahaha", "hehehe": laughter however long.
fn is_laugh_word(w: &str) -> bool {
    w.len() >= 4
        && (w.starts_with("haha") || w.starts_with("ahah") || w.starts_with("hehe"))
        && w.bytes().all(|b| matches!(b, b'h' | b'a' | b'e'))
}

/// A whole message that is one of the curt replies (case and surrounding space ignored).
pub fn is_curt(text: &str) -> bool {
    let t = text.trim();
    if t.len() > 24 {
        return false;
    }
    let lower = t.to_lowercase();
    let stripped = lower.trim_end_matches('\u{fe0f}');
    CURT.contains(&stripped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues_of(text: &str) -> Cues {
        let mut buf = String::new();
        let mut toks = Vec::new();
        tokenize(text, &mut buf, &mut toks);
        cues(text, &buf, &toks)
    }

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
    }

    #[test]
    fn curt_replies_are_whole_messages() {
        for t in ["k", "Ok.", " fine ", "whatever", "sure.", "👍"] {
            assert!(cues_of(t).curt, "{t}");
        }
        for t in ["ok", "sure, see you at 8!", "fine by me, love you", "okay"] {
            assert!(!cues_of(t).curt, "{t}");
        }
    }
}
