//! A conversation's languages: the language of each message where it can be told, the
//! shares per conversation and per person, and — when the chat is mostly in a language
//! whose warmth the built-in scorer does not read — the plain-words scope notice that the
//! report, the index, the tables and `summary.json` carry.

use super::{detect, route, words, Lang};
use crate::chat::{Conversation, MessageKind};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Shares below this are left out of the lists (noise of single misdetections).
const MIN_SHARE: f64 = 0.02;
/// The read languages together below this share make a chat "mostly unread".
const READ_MAJORITY: f64 = 0.5;
/// Messages per parallel task of the function-word pass (fewer are read on the calling
/// thread: handing a few microseconds of work to another thread costs more than it saves).
const PAR_MIN: usize = 4096;

/// One language's share of a conversation's (or a person's) text.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LangShare {
    /// The language.
    pub lang: Lang,
    /// Its share of the text (0..1).
    pub share: f64,
}

/// What a conversation is written in (serialised into `summary.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct LanguageSummary {
    /// Shares of the sampled text per language, largest first (those of at least 2%).
    pub shares: Vec<LangShare>,
    /// The language with the largest share; `None` when no message was long enough to tell.
    pub main: Option<Lang>,
    /// Per participant (same order as the conversation's participants).
    pub per_person: Vec<Vec<LangShare>>,
    /// How many messages voted (the longer ones, sampled evenly).
    pub sampled_messages: usize,
    /// `Some(false)` when the chat is mostly in languages whose warmth is not read;
    /// `None` when the language could not be told.
    pub warmth_read: Option<bool>,
    /// Plain words for the report when warmth is not read ("warmth is read for English,
    /// ...; this chat is mostly Turkish: the findings rest on reply timing, silence and
    /// initiative").
    pub scope_notice: Option<String>,
    /// Messages read by another language's model than the main language's (English when
    /// the main language is not read), per language, most first: "te echo de menos" in an
    /// English chat is read by the Spanish model.
    pub other_models: Vec<LangCount>,
}

/// How many messages of a conversation one language's model read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LangCount {
    /// The language.
    pub lang: Lang,
    /// Its messages.
    pub messages: usize,
}

impl LanguageSummary {
    /// The messages read by another language's model, for the report: "12 messages in
    /// Spanish scored with the Spanish model, 1 in German with the German model"; `None`
    /// when every message was read in the main language.
    pub fn other_models_line(&self) -> Option<String> {
        let parts: Vec<String> = self
            .other_models
            .iter()
            .enumerate()
            .map(|(k, c)| {
                let name = c.lang.name();
                match (k, c.messages) {
                    (0, 1) => format!("1 message in {name} scored with the {name} model"),
                    (0, n) => format!("{n} messages in {name} scored with the {name} model"),
                    (_, n) => format!("{n} in {name} with the {name} model"),
                }
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(", "))
    }

    /// `es 0.82; en 0.11` (the tables' `languages` cell); empty when unknown.
    pub fn shares_cell(shares: &[LangShare]) -> String {
        shares
            .iter()
            .map(|s| format!("{} {:.2}", s.lang, s.share))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// One line for the report header: "Spanish 82%, English 11%" or "could not tell".
    pub fn line(&self) -> String {
        if self.shares.is_empty() {
            return "could not tell (too few longer messages)".into();
        }
        self.shares
            .iter()
            .take(3)
            .map(|s| format!("{} {:.0}%", s.lang.name(), s.share * 100.0))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Whether the chat is mostly in languages whose warmth is not read.
    pub fn warmth_unread(&self) -> bool {
        self.warmth_read == Some(false)
    }
}

/// A conversation's languages, per message and in summary.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LanguageProfile {
    /// Per message (same order as the conversation's messages): its language where it can
    /// be told (function words, or whatlang on a longer sampled message it calls reliable).
    pub per_message: Vec<Option<Lang>>,
    /// Per message: the language its warmth is read in (`None`: English, the default).
    pub routing: Vec<Option<Lang>>,
    /// The conversation's languages as `summary.json` states them.
    pub summary: LanguageSummary,
}

impl LanguageProfile {
    /// Detects the languages of `conv`.
    pub fn of(conv: &Conversation) -> LanguageProfile {
        let hits: Vec<[u8; 6]> = conv
            .messages
            .par_iter()
            .with_min_len(PAR_MIN)
            .map(|m| match m.kind {
                MessageKind::Text => words::hits(&m.text),
                _ => [0; 6],
            })
            .collect();
        let detected: Vec<Option<(Lang, bool)>> = hits.iter().map(|&h| words::verdict(h)).collect();
        let mut per_message: Vec<Option<Lang>> =
            detected.iter().map(|d| d.map(|(l, _)| l)).collect();
        let votes = detect::sample_votes(conv, &detected);
        for v in &votes {
            let m = &conv.messages[v.message];
            if m.kind == MessageKind::Text && v.reliable && per_message[v.message].is_none() {
                per_message[v.message] = Some(v.lang);
            }
        }
        let shares = shares_of(votes.iter());
        let per_person = (0..conv.participants.len())
            .map(|p| {
                shares_of(
                    votes
                        .iter()
                        .filter(|v| conv.messages[v.message].sender == Some(p)),
                )
            })
            .collect();
        let mut summary = summarise(shares, per_person, votes.len());
        let main = summary.main;
        let routing: Vec<Option<Lang>> = hits
            .par_iter()
            .with_min_len(PAR_MIN)
            .enumerate()
            .map(|(i, &h)| route::reading_language(h, main, || &conv.messages[i].text))
            .collect();
        summary.other_models = other_models(conv, &routing, summary.main, &mut per_message);
        LanguageProfile {
            per_message,
            routing,
            summary,
        }
    }

    /// The language message `message`'s warmth is read in (`None`: English).
    pub fn routing(&self, message: usize) -> Option<Lang> {
        self.routing.get(message).copied().flatten()
    }
}

/// The text messages read by another model than the main language's (English when that is
/// not read), counted per language, most first. Such a message is in that language, so
/// `per_message` names it where its function words alone could not.
fn other_models(
    conv: &Conversation,
    routing: &[Option<Lang>],
    main: Option<Lang>,
    per_message: &mut [Option<Lang>],
) -> Vec<LangCount> {
    let default = main.filter(|l| l.warmth_read()).unwrap_or(Lang::EN);
    let mut apart: BTreeMap<Lang, usize> = BTreeMap::new();
    for (i, m) in conv.messages.iter().enumerate() {
        let read_in = routing[i].unwrap_or(Lang::EN);
        if m.kind == MessageKind::Text && read_in != default {
            *apart.entry(read_in).or_default() += 1;
            per_message[i].get_or_insert(read_in);
        }
    }
    let mut counts: Vec<LangCount> = apart
        .into_iter()
        .map(|(lang, messages)| LangCount { lang, messages })
        .collect();
    counts.sort_by(|a, b| b.messages.cmp(&a.messages).then(a.lang.cmp(&b.lang)));
    counts
}

/// The reading language of each of a list of texts with no conversation around them (a
/// labelled file), chosen as in a conversation whose main language is the list's (voted by
/// the longer texts as in [`detect::votes`]; only the main language is wanted here, so
/// whatlang runs only when the function words leave it open).
pub fn routing_for_texts(texts: &[&str]) -> Vec<Option<Lang>> {
    let hits: Vec<[u8; 6]> = texts
        .par_iter()
        .with_min_len(PAR_MIN)
        .map(|t| words::hits(t))
        .collect();
    let own: Vec<Option<(Lang, bool)>> = hits.iter().map(|&h| words::verdict(h)).collect();
    let candidates: Vec<usize> = (0..texts.len())
        .filter(|&i| texts[i].len() >= detect::MIN_CHARS)
        .collect();
    let step = candidates.len().div_ceil(detect::SAMPLE).max(1);
    let samples = candidates
        .iter()
        .step_by(step)
        .filter_map(|&i| {
            Some(detect::Sample {
                message: i,
                sender: None,
                text: detect::voting_text(texts[i])?,
                own: own[i],
            })
        })
        .collect();
    let mut by_lang: BTreeMap<Lang, f64> = BTreeMap::new();
    for v in detect::votes(samples, 1.0) {
        *by_lang.entry(v.lang).or_default() += v.weight;
    }
    let main = by_lang
        .into_iter()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(l, _)| l);
    texts
        .par_iter()
        .with_min_len(PAR_MIN)
        .zip(&hits)
        .map(|(t, &h)| route::reading_language(h, main, || t))
        .collect()
}

fn shares_of<'a>(votes: impl Iterator<Item = &'a detect::Vote>) -> Vec<LangShare> {
    let mut by_lang: BTreeMap<Lang, f64> = BTreeMap::new();
    for v in votes {
        *by_lang.entry(v.lang).or_default() += v.weight;
    }
    let total: f64 = by_lang.values().sum();
    if total <= 0.0 {
        return Vec::new();
    }
    let mut shares: Vec<LangShare> = by_lang
        .into_iter()
        .map(|(lang, w)| LangShare {
            lang,
            share: round2(w / total),
        })
        .filter(|s| s.share >= MIN_SHARE)
        .collect();
    shares.sort_by(|a, b| b.share.total_cmp(&a.share).then(a.lang.cmp(&b.lang)));
    shares
}

/// Two decimals, so the JSON and the tables show the same number.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The summary from the shares: main language, whether warmth is read, the notice.
pub fn summarise(
    shares: Vec<LangShare>,
    per_person: Vec<Vec<LangShare>>,
    sampled_messages: usize,
) -> LanguageSummary {
    let main = shares.first().map(|s| s.lang);
    let read_share: f64 = shares
        .iter()
        .filter(|s| s.lang.warmth_read())
        .map(|s| s.share)
        .sum();
    let warmth_read = main.map(|_| read_share >= READ_MAJORITY);
    let scope_notice = match (warmth_read, shares.iter().find(|s| !s.lang.warmth_read())) {
        (Some(false), Some(unread)) => Some(format!(
            "Warmth is read for {}; this chat is mostly {}: the findings rest on reply \
             timing, silence and initiative, and the warmth shown is a rough guess.",
            super::read_languages_sentence(),
            unread.lang.name()
        )),
        _ => None,
    };
    LanguageSummary {
        shares,
        main,
        per_person,
        sampled_messages,
        warmth_read,
        scope_notice,
        other_models: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn share(lang: &'static str, share: f64) -> LangShare {
        LangShare {
            lang: Lang(lang),
            share,
        }
    }

    #[test]
    fn an_unread_majority_gets_the_notice() {
        let s = summarise(vec![share("tr", 0.8), share("en", 0.2)], vec![], 10);
        assert_eq!(s.warmth_read, Some(false));
        let notice = s.scope_notice.unwrap();
        assert!(notice.contains("mostly Turkish"), "{notice}");
        assert!(notice.contains("English, Spanish, Portuguese, German, French and Italian"));
        assert_eq!(LanguageSummary::shares_cell(&s.shares), "tr 0.80; en 0.20");
        let s = summarise(vec![share("es", 0.6), share("tr", 0.4)], vec![], 10);
        assert_eq!((s.warmth_read, s.scope_notice), (Some(true), None));
        let s = summarise(vec![], vec![], 0);
        assert_eq!((s.warmth_read, s.main), (None, None));
        assert!(s.line().contains("could not tell"));
    }
}
