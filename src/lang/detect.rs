//! Conversation- and person-level language shares: `whatlang` (trigram profiles of 69
//! languages, offline, ~2 µs a message) on an even sample of the longer messages, each
//! weighted by its length and whatlang's confidence. Short messages ("ok", "jaja") carry
//! too little text to name a language, so they do not vote. The app's own notices
//! (encryption notice, "imagen omitida", "Dit bericht is verwijderd") are in the phone's
//! language and vote like messages, which decides chats whose few written words are
//! borrowed English ("Hello World").
//!
//! Why whatlang and not lingua (`scripts/compare-langid.sh`, docs/languages.md): lingua is
//! more accurate on short messages, but with only the 15 languages it was built with it is
//! ~76 MB of models and far slower; short messages are not reliable with either, and
//! conversation-level shares come from the longer messages, where whatlang is right.

use super::Lang;
use crate::chat::Conversation;

/// Messages with less text than this (in [`units`], links left out) do not vote.
pub const MIN_CHARS: usize = 20;
/// At most this many messages of a conversation are sampled (evenly over its length).
pub const SAMPLE: usize = 200;

/// One sampled message's vote.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Vote {
    /// Index of the message in the conversation.
    pub message: usize,
    /// The language whatlang named.
    pub lang: Lang,
    /// How much the vote counts: the text's length times whatlang's confidence.
    pub weight: f64,
    /// whatlang's own verdict that the detection is reliable.
    pub reliable: bool,
}

/// The language of one longer text, when whatlang names one.
pub fn detect_text(text: &str) -> Option<(Lang, f64, bool)> {
    let info = whatlang::detect(text)?;
    Some((
        from_whatlang(info.lang()),
        info.confidence(),
        info.is_reliable(),
    ))
}

/// The text of `text` that can vote (links removed), when it is long enough.
fn voting_text(text: &str) -> Option<std::borrow::Cow<'_, str>> {
    if text.len() < MIN_CHARS {
        return None;
    }
    let cleaned: std::borrow::Cow<str> = if text.contains("://") {
        text.split_whitespace()
            .filter(|w| !w.contains("://"))
            .collect::<Vec<_>>()
            .join(" ")
            .into()
    } else {
        text.into()
    };
    (units(&cleaned) >= MIN_CHARS * 3 / 4).then_some(cleaned)
}

/// How much text `text` holds for identification: letters, a CJK or kana character
/// counting as three (one carries about as much as a Latin word's syllable or two).
pub fn units(text: &str) -> usize {
    text.chars()
        .map(|c| match c as u32 {
            0x3040..=0x30FF | 0x3400..=0x9FFF | 0xAC00..=0xD7AF => 3,
            _ => usize::from(c.is_alphabetic()),
        })
        .sum()
}

/// Votes of an even sample of the conversation's longer messages (any kind: the app's
/// notices count too).
pub fn sample_votes(conv: &Conversation) -> Vec<Vote> {
    let candidates: Vec<usize> = conv
        .messages
        .iter()
        .enumerate()
        .filter(|(_, m)| m.text.len() >= MIN_CHARS)
        .map(|(i, _)| i)
        .collect();
    let step = candidates.len().div_ceil(SAMPLE).max(1);
    candidates
        .iter()
        .step_by(step)
        .filter_map(|&i| {
            let text = voting_text(&conv.messages[i].text)?;
            let (lang, confidence, reliable) = detect_text(&text)?;
            let chars = units(&text).min(200) as f64;
            Some(Vote {
                message: i,
                lang,
                weight: chars * confidence.max(0.05),
                reliable,
            })
        })
        .collect()
}

/// whatlang's language as an ISO 639-1 code where it has one.
pub fn from_whatlang(l: whatlang::Lang) -> Lang {
    use whatlang::Lang as W;
    Lang(match l {
        W::Eng => "en",
        W::Spa => "es",
        W::Por => "pt",
        W::Deu => "de",
        W::Fra => "fr",
        W::Ita => "it",
        W::Nld => "nl",
        W::Tur => "tr",
        W::Ind => "id",
        W::Rus => "ru",
        W::Ara => "ar",
        W::Hin => "hi",
        W::Ces => "cs",
        W::Jpn => "ja",
        W::Pol => "pl",
        W::Ukr => "uk",
        W::Cmn => "zh",
        W::Kor => "ko",
        W::Pes => "fa",
        W::Urd => "ur",
        W::Ben => "bn",
        W::Vie => "vi",
        W::Tha => "th",
        W::Swe => "sv",
        W::Dan => "da",
        W::Nob => "nb",
        W::Fin => "fi",
        W::Ell => "el",
        W::Heb => "he",
        W::Ron => "ro",
        W::Hun => "hu",
        W::Cat => "ca",
        W::Hrv => "hr",
        W::Srp => "sr",
        W::Bul => "bg",
        W::Slk => "sk",
        W::Tgl => "tl",
        W::Afr => "af",
        W::Est => "et",
        W::Lat => "la",
        W::Lit => "lt",
        W::Lav => "lv",
        W::Slv => "sl",
        W::Aze => "az",
        W::Epo => "eo",
        W::Kat => "ka",
        W::Hye => "hy",
        W::Tam => "ta",
        W::Tel => "te",
        W::Mar => "mr",
        W::Bel => "be",
        W::Mkd => "mk",
        W::Uzb => "uz",
        W::Jav => "jv",
        W::Zul => "zu",
        W::Amh => "am",
        other => other.code(),
    })
}
