//! Cue lexicons for warmth versus withdrawal in the languages besides English that the
//! built-in scorer reads. Written by this project from the construct in docs/warmth.md
//! (pull: closeness, affection, attention, longing; push: distancing, aloofness,
//! hostility), chat-style: slang and abbreviations ("tqm", "hdl", "jtm", "tvb", "blz"),
//! accents optional, elongation folded ("te amooo" reads as "te amo").
//!
//! Entries are lower-case, accent-free word sequences (apostrophes as spaces: "je t aime");
//! a `*` at the end of the last word matches any ending ("extran*" = extraño, extrañas...).

mod de;
mod es;
mod fr;
mod it;
mod pt;

use super::Lang;

/// What a cue says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// Affection and longing: "te quiero", "du fehlst mir".
    Love,
    /// Care, attention, contact, repair, pursuit: "cuídate", "ruf mich an", "me conta".
    Pull,
    /// Hostility and break-up talk: "eres insoportable", "c'est fini".
    Hostile,
    /// Distancing and aloofness: space, boundaries, dismissal, unavailability.
    Away,
    /// Laughter written the local way: "jajaja", "kkkk", "mdr", "ahahah".
    Laugh,
    /// Intensifiers: "muy", "muito", "so", "trop", "tanto".
    Intense,
}

/// One language's cues.
pub struct Lexicon {
    /// The language these cues are read in.
    pub lang: Lang,
    /// Each cue phrase (lower case) with the cue family it counts for.
    pub cues: &'static [(&'static str, Cue)],
    /// Words that negate a cue within three words before it ("no", "não", "nicht"...).
    pub negations: &'static [&'static str],
    /// Whether a negation may also follow its cue ("je t'aime pas", "ich liebe dich nicht").
    pub negation_after: bool,
    /// Whole messages that are curt replies ("vale", "blz", "k").
    pub curt: &'static [&'static str],
}

/// The lexicon of a read language other than English.
pub fn of(lang: Lang) -> Option<&'static Lexicon> {
    ALL.iter().copied().find(|l| l.lang == lang)
}

/// Every lexicon there is, one per read language besides English.
pub const ALL: [&Lexicon; 5] = [
    &es::LEXICON,
    &pt::LEXICON,
    &de::LEXICON,
    &fr::LEXICON,
    &it::LEXICON,
];
