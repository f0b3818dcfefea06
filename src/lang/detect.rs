//! Conversation- and person-level language shares, from an even sample of the longer
//! messages (the app's own notices included: they are in the phone's language, which
//! decides chats whose few written words are borrowed English, "Hello World"). Short
//! messages ("ok", "jaja") carry too little text to name a language and do not vote.
//!
//! Cheap evidence first: the function words ([`words::detect_with_strength`]) of each
//! sampled message. When the messages they place decide the main language whatever the
//! others say, and the others are a small part of the sample, those votes are the shares
//! and `whatlang` does not run: a chat in the read languages costs a few hash look-ups per
//! message. Otherwise strong function-word verdicts still vote, and whatlang (trigram
//! profiles of 69 languages, offline) reads the rest. It costs about the same ~0.1–0.2 ms
//! on a 30-letter message as on a 300-letter one (it compares every candidate language's
//! profile), so it reads each message alone while there are at most [`MAX_ALONE`], and
//! beyond that one sender's messages joined into blocks, about [`MAX_BLOCKS`] in all: its
//! work is bounded per conversation.
//!
//! Why whatlang and not lingua (`scripts/compare-langid.sh`, docs/languages.md): lingua is
//! more accurate on short messages, but with only the 15 languages it was built with it is
//! ~76 MB of models and far slower; short messages are not reliable with either, and
//! conversation-level shares come from the longer messages, where whatlang is right.

use super::{words, Lang};
use crate::chat::{Conversation, MessageKind};
use std::borrow::Cow;

/// Messages with less text than this (in [`units`], links left out) do not vote.
pub const MIN_CHARS: usize = 20;
/// At most this many messages of a conversation are sampled (evenly over its length).
pub const SAMPLE: usize = 200;
/// whatlang reads each message alone while there are at most this many...
pub const MAX_ALONE: usize = 16;
/// ...and beyond that, about this many blocks of one sender's messages (evenly chosen
/// when a group chat has more senders than that; their votes then stand for the rest).
pub const MAX_BLOCKS: usize = 8;
/// whatlang is skipped when the unplaced messages are less than this share of the sampled
/// text and cannot change the main language.
pub const UNPLACED_SKIP: f64 = 0.1;

/// One sampled message's vote.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Vote {
    /// Index of the message in the conversation.
    pub message: usize,
    /// The language whatlang named.
    pub lang: Lang,
    /// How much the vote counts: the text's length times whatlang's confidence.
    pub weight: f64,
    /// Strong function words, or whatlang's own verdict that its block's detection is
    /// reliable.
    pub reliable: bool,
}

/// A sampled message: its index, sender, voting text and function-word verdict.
pub struct Sample<'a> {
    /// Index of the message in the conversation.
    pub message: usize,
    /// Index of its sender among the participants, when known.
    pub sender: Option<usize>,
    /// The text that votes (links removed).
    pub text: Cow<'a, str>,
    /// The function words' verdict on this text alone, and whether it is strong.
    pub own: Option<(Lang, bool)>,
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
pub fn voting_text(text: &str) -> Option<Cow<'_, str>> {
    if text.len() < MIN_CHARS {
        return None;
    }
    let cleaned: Cow<str> = if text.contains("://") {
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
/// notices count too). `own`: each message's function-word verdict (`None` where not
/// computed; notices are read here).
pub fn sample_votes(conv: &Conversation, own: &[Option<(Lang, bool)>]) -> Vec<Vote> {
    let candidates: Vec<usize> = conv
        .messages
        .iter()
        .enumerate()
        .filter(|(_, m)| m.text.len() >= MIN_CHARS)
        .map(|(i, _)| i)
        .collect();
    let step = candidates.len().div_ceil(SAMPLE).max(1);
    let samples = candidates
        .iter()
        .step_by(step)
        .filter_map(|&i| {
            let m = &conv.messages[i];
            let text = voting_text(&m.text)?;
            let own = match m.kind {
                MessageKind::Text => own.get(i).copied().flatten(),
                _ => words::detect_with_strength(&text),
            };
            Some(Sample {
                message: i,
                sender: m.sender,
                text,
                own,
            })
        })
        .collect();
    votes(samples, UNPLACED_SKIP)
}

/// The votes of `samples`. When the messages the function words place (strong or weak
/// verdicts) decide the main language whatever the rest say, and the rest are under
/// `skip_below` of the sampled text ([`UNPLACED_SKIP`] where the shares are shown; 1.0
/// where only the main language is wanted), the placed ones vote and whatlang does not
/// run. Otherwise only strong verdicts vote directly, and whatlang reads the others.
pub fn votes(samples: Vec<Sample>, skip_below: f64) -> Vec<Vote> {
    let weight = |s: &Sample| units(&s.text).min(200) as f64;
    let (placed, unplaced): (Vec<Sample>, Vec<Sample>) =
        samples.into_iter().partition(|s| s.own.is_some());
    let mut by_lang: Vec<(Lang, f64)> = Vec::new();
    for s in &placed {
        let lang = s.own.map(|(l, _)| l);
        match by_lang.iter_mut().find(|(l, _)| Some(*l) == lang) {
            Some((_, w)) => *w += weight(s),
            None => by_lang.extend(lang.map(|l| (l, weight(s)))),
        }
    }
    by_lang.sort_by(|a, b| b.1.total_cmp(&a.1));
    let named: f64 = by_lang.iter().map(|(_, w)| w).sum();
    let rest: f64 = unplaced.iter().map(weight).sum();
    let lead = by_lang.first().map_or(0.0, |f| f.1) - by_lang.get(1).map_or(0.0, |s| s.1);
    let decided = named > 0.0 && lead > rest && rest < skip_below * (named + rest);
    let mut votes = Vec::with_capacity(placed.len() + unplaced.len());
    let mut to_whatlang = if decided { Vec::new() } else { unplaced };
    for s in placed {
        match s.own {
            Some((lang, strong)) if decided || strong => votes.push(Vote {
                message: s.message,
                lang,
                weight: weight(&s),
                reliable: strong,
            }),
            _ => to_whatlang.push(s),
        }
    }
    votes.extend(block_votes(to_whatlang));
    votes
}

/// whatlang's votes on the unplaced samples, alone or in blocks (see [`MAX_ALONE`]). Each
/// message votes for its (block's) language with its own length, weighted by whatlang's
/// confidence (and scaled up when blocks were left out).
fn block_votes(mut unplaced: Vec<Sample>) -> Vec<Vote> {
    unplaced.sort_by_key(|s| (s.sender.map_or(0, |p| p + 1), s.message));
    let n = unplaced.len();
    let mut groups: Vec<Vec<Sample>> = Vec::new();
    for s in unplaced {
        match groups.last_mut() {
            Some(g) if g[0].sender == s.sender => g.push(s),
            _ => groups.push(vec![s]),
        }
    }
    let mut blocks: Vec<Vec<Sample>> = Vec::new();
    for mut group in groups {
        // One sender's share of the blocks (at least one).
        let count = if n <= MAX_ALONE {
            group.len()
        } else {
            (group.len() * MAX_BLOCKS / n).max(1)
        };
        let size = group.len().div_ceil(count);
        while !group.is_empty() {
            let rest = group.split_off(size.min(group.len()));
            blocks.push(std::mem::replace(&mut group, rest));
        }
    }
    let step = blocks
        .len()
        .div_ceil(MAX_BLOCKS.max(n.min(MAX_ALONE)))
        .max(1);
    let weight = |b: &Vec<Sample>| b.iter().map(|s| units(&s.text).min(200)).sum::<usize>();
    let all: usize = blocks.iter().map(weight).sum();
    let chosen: usize = blocks.iter().step_by(step).map(weight).sum();
    let scale = all as f64 / chosen.max(1) as f64;
    blocks
        .iter()
        .step_by(step)
        .flat_map(|block| {
            let verdict = match block.as_slice() {
                [one] => detect_text(&one.text),
                _ => detect_text(
                    &block
                        .iter()
                        .map(|s| s.text.as_ref())
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
            };
            block.iter().filter_map(move |s| {
                let (lang, confidence, reliable) = verdict?;
                Some(Vote {
                    message: s.message,
                    lang,
                    weight: units(&s.text).min(200) as f64 * confidence.max(0.05) * scale,
                    reliable,
                })
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
