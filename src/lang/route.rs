//! Which model reads each message. A conversation's messages are read in its main language
//! (English, or one of the five others the built-in scorer reads), unless a message's own
//! words say clearly that it is in another read language: "te echo de menos" in an English
//! chat goes to the Spanish model, "lass mich einfach" to the German one.
//!
//! The evidence is the message's function words ([`words::hits`]) and, where those lean
//! away from the main language, the cue phrases each language's lexicon finds in it
//! ([`warmth::with_cues`]: "echo de menos", "lass mich", "tu me manques"). A message moves
//! only when another language leads the main one by two pieces of evidence, at least one a
//! cue of that language's lexicon (or two more function words than the main language's),
//! and no third language ties it. English loanwords, names and the short words English
//! shares with the others ("me", "no", "la") do not move a message: they are either no cue
//! or count for several languages at once.

use super::words::{self, LANGS};
use super::{warmth, Lang};

/// How far another language's evidence must lead the main language's to move a message.
const MARGIN: u8 = 2;

/// The language whose model reads a message with function-word hits `hits` (from
/// [`words::hits`]) in a conversation whose main language is `main`; `None` for English.
/// `text` gives the message's text, read only when the function words leave the answer
/// open (so a long chat's messages are mostly not touched again).
///
/// - Main language read: the main language, unless the message's function words alone say
///   strongly that it is in another ([`words::verdict`]) or [`switch`] moves it.
/// - Main language unread or unknown: the message's own language by its function words,
///   else by [`switch`] away from English, else English.
pub fn reading_language<'a>(
    hits: [u8; 6],
    main: Option<Lang>,
    text: impl FnOnce() -> &'a str,
) -> Option<Lang> {
    let main = main.filter(|l| l.warmth_read());
    let lang = match (words::verdict(hits), main) {
        (Some((l, true)), Some(_)) => l,
        (_, Some(m)) => switch(hits, m, text).unwrap_or(m),
        (Some((l, _)), None) => l,
        (None, None) => switch(hits, Lang::EN, text).unwrap_or(Lang::EN),
    };
    Some(lang).filter(|&l| l != Lang::EN)
}

/// [`reading_language`] of a text on its own, its function words counted here.
pub fn reading_language_of(text: &str, main: Option<Lang>) -> Option<Lang> {
    reading_language(words::hits(text), main, || text)
}

/// Another read language than `base` (not English) when the message's evidence points to
/// it clearly. The candidates are the languages whose function words outnumber `base`'s
/// (none: the message stays, and costs no more than the function-word pass); the best of
/// them by function words plus its lexicon's cue matches moves the message when that
/// evidence leads `base`'s (function words, plus cues when `base` has a lexicon) by
/// [`MARGIN`], it has a cue of its own or leads by [`MARGIN`] on function words alone, and
/// no other language has as much.
pub fn switch<'a>(hits: [u8; 6], base: Lang, text: impl FnOnce() -> &'a str) -> Option<Lang> {
    let b = LANGS.iter().position(|&l| l == base)?;
    // Index 0 of LANGS is English, which has no lexicon; 1.. follow lexicon::ALL.
    let leading = |i: usize| i != b && hits[i] > hits[b];
    if !(1..LANGS.len()).any(leading) {
        return None;
    }
    warmth::with_cues(text(), |cues| {
        let mut evidence = |i: usize| match i {
            0 => hits[0],
            _ => hits[i].saturating_add(cues.count(i - 1)),
        };
        let (best, top) = (1..LANGS.len())
            .filter(|&i| leading(i))
            .map(|i| (i, evidence(i)))
            .max_by_key(|&(i, e)| (e, usize::MAX - i))?;
        // Cheap exits first: `base`'s evidence is at least its function words.
        if top < hits[b].saturating_add(MARGIN) || top < evidence(b).saturating_add(MARGIN) {
            return None;
        }
        let own_words = top > hits[best] || hits[best] >= hits[b].saturating_add(MARGIN);
        let alone = (1..LANGS.len())
            .filter(|&i| i != b && i != best)
            .all(|i| evidence(i) < top);
        (own_words && alone).then_some(LANGS[best])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_messages_of_another_language_leave_an_english_chat() {
        let en = Some(Lang::EN);
        assert_eq!(reading_language_of("te echo de menos", en), Some(Lang::ES));
        assert_eq!(reading_language_of("lass mich einfach", en), Some(Lang::DE));
        assert_eq!(reading_language_of("tu me manques", en), Some(Lang::FR));
        for english in [
            "I miss you mi amor",
            "no no no",
            "la la land was great",
            "ok",
            "Linda says hi",
            "me too",
            "de nada, see you tomorrow",
        ] {
            assert_eq!(reading_language_of(english, en), None, "{english}");
        }
        // A Portuguese message in a Spanish chat.
        assert_eq!(
            reading_language_of("saudade de você", Some(Lang::ES)),
            Some(Lang::PT)
        );
    }
}
