//! The distancing and longing cue families: phrases of two or more words ("need space",
//! "it's over", "miss you", "why aren't you answering") and a few single words (insults,
//! "whatever"), counted per message. Families follow the labelling guide in
//! `docs/warmth.md`: distance (asking for space, unavailability), boundary statements,
//! dismissals, break-up talk and hostility push; longing, closeness (care, contact,
//! repair, attention) and the pursuing bid pull.
//!
//! Phrases are matched on the message's tokens with one probe of a compile-time hash
//! table per pair of neighbouring words, so counting costs a few nanoseconds per word.

use super::{hash_bytes, Token, NEGATION_FLAG};
use crate::score::Cues;

/// A cue family (which counter of [`Cues`] a phrase adds to).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Family {
    /// Asking for space or withholding contact ("need some space").
    Distance,
    /// Boundary statements ("don't text me").
    Boundary,
    /// Brushing the other off ("whatever", "if you want").
    Dismissal,
    /// Break-up talk ("it's over", "we're done").
    Breakup,
    /// Insults and contempt.
    Hostility,
    /// Missing the other ("miss you").
    Longing,
    /// Care, wanting contact, repair, eager attention ("are you ok", "call me").
    Closeness,
    /// The pursuing bid: pressing for an answer ("why aren't you answering").
    Pursuit,
    /// Plans, times, places and errands: neutral logistics.
    Logistics,
}

use Family::*;

/// Asking for space, time alone, or withholding contact ("don't expect a reply tonight").
const DISTANCE: &[&str] = &[
    "need space",
    "some space",
    "give me space",
    "my own space",
    "time to myself",
    "time alone",
    "time apart",
    "time away",
    "alone time",
    "me time",
    "leave me alone",
    "leave me be",
    "be alone",
    "left alone",
    "by myself",
    "on my own",
    "need a break",
    "a break from",
    "some distance",
    "step back",
    "a breather",
    "clear my head",
    "need time",
    "need some time",
    "need a few",
    "give me time",
    "give me some room",
    "need room",
    "room to breathe",
    "let me breathe",
    "not ready to see",
    "not ready to talk",
    "not talk for",
    "not see each other",
    "not to see",
    "i'll reach out",
    "be in touch",
    "don't expect",
    "dont expect",
    "don't wait up",
    "dont wait up",
    "don't wait for me",
    "dont wait for me",
    "can't talk",
    "cant talk",
    "not now",
    "not tonight",
    "not in the mood",
    "don't have time",
    "dont have time",
    "no time for",
    "too busy",
    "some other time",
    "phone off",
    "my phone off",
    "won't pick up",
    "wont pick up",
    "won't be around",
    "not around",
    "not free",
    "we'll see",
    "when i feel like",
    "when i reply",
    "when i answer",
    "not replying",
    "not picking up",
    "not answering calls",
    "made other plans",
    "got other plans",
    "have other plans",
    "something came up",
    "don't count on me",
    "dont count on me",
    "don't plan anything",
    "off grid",
    "be offline",
    "muting the",
    "won't be checking",
    "stop checking on me",
    "stop texting me so",
    "no contact",
    "off notifications",
    "focus on me",
    "on the sofa",
    "sleep on the sofa",
    "get back to you",
    "busy all week",
    "busy this week",
    "not this weekend",
    "or next",
    "i'll text when",
    "ill text when",
    "maybe another time",
    "another time maybe",
];

/// Boundary statements and refusals to engage.
const BOUNDARY: &[&str] = &[
    "not doing this",
    "not discussing",
    "not having this",
    "not going to argue",
    "not getting into",
    "not explaining",
    "not going to keep",
    "don't text me",
    "dont text me",
    "don't call me",
    "dont call me",
    "don't message me",
    "stop texting",
    "stop calling",
    "stop messaging",
    "stop asking",
    "stop telling",
    "stop bringing",
    "stop commenting",
    "stop sending",
    "drop it",
    "none of your business",
    "not your business",
    "i said no",
    "no means no",
    "don't talk to me",
    "dont talk to me",
    "don't tell me",
    "dont tell me",
    "don't speak to me",
    "i'm not your",
    "im not your",
    "don't owe you",
    "dont owe you",
    "leave it",
    "back off",
    "conversation is over",
    "not answering",
    "you don't get to",
    "you dont get",
    "u dont get",
    "don't show up",
    "don't come to",
    "dont come to",
    "don't come round",
    "won't be spoken",
    "not changing my",
    "my decision",
    "not ok with",
    "hanging up",
    "won't be guilted",
    "respect that i",
    "not lending",
    "not sending you",
    "leave my",
];

/// Dismissing the partner or what they said.
const DISMISSAL: &[&str] = &[
    "don't care",
    "dont care",
    "do not care",
    "couldn't care less",
    "could not care less",
    "do what you want",
    "do what u want",
    "do whatever",
    "if you say so",
    "if u say so",
    "not my problem",
    "over it",
    "who cares",
    "cool story",
    "nobody asked",
    "didn't ask",
    "didnt ask",
    "forget it",
    "never mind",
    "as you wish",
    "good for you",
    "a you problem",
    "past caring",
    "not interested",
    "so what",
    "ok and",
    "k and",
    "not my business",
    "not listening",
    "big deal",
    "not that deep",
    "get over it",
    "ignore me then",
    "don't bother",
    "dont bother",
    "happy now",
    "whatever you say",
    "whatever makes you",
    "i'm done",
    "im done",
    "so past this",
    "i'm past",
    "that's nice dear",
    "ok that's nice",
    "want a medal",
    "why would i care",
    "sure sure",
    "yeah yeah",
    "better things to do",
    "someone else about",
    "wow ok",
    "ok boomer",
    "cool cool cool",
    "cool story bro",
    "do u want a",
    "not my concern",
    "not bothered",
    "couldn't be bothered",
    "can't be bothered",
    "cant be bothered",
];

/// Ending or downgrading the relationship.
const BREAKUP: &[&str] = &[
    "it's over",
    "its over",
    "it is over",
    "we're done",
    "were done",
    "we are done",
    "break up",
    "breaking up",
    "broke up",
    "see other people",
    "seeing someone",
    "met someone",
    "do this anymore",
    "can't do this anymore",
    "cant do this anymore",
    "can't do this any",
    "end things",
    "end this",
    "end it",
    "ending this",
    "not in love",
    "don't love you",
    "dont love you",
    "don't feel the same",
    "separate ways",
    "just be friends",
    "better off as friends",
    "better off alone",
    "better apart",
    "it's done",
    "not working",
    "isn't working",
    "a divorce",
    "for divorce",
    "move on",
    "moving out",
    "i'm leaving",
    "im leaving",
    "want out",
    "call it quits",
    "called it off",
    "calling it off",
    "time we called it",
    "we're finished",
    "are finished",
    "done with us",
    "done trying",
    "not coming back",
    "run our course",
    "don't want to be with",
    "dont want to be with",
    "don't want a relationship",
    "no future",
    "a future with",
    "ended this",
    "over between us",
    "we're over",
    "were over",
    "keys back",
    "your stuff back",
    "over for me",
    "the end for us",
    "not together anymore",
    "find someone",
    "someone who can",
    "packed my things",
    "packed my stuff",
    "i'm out",
    "im out",
    "stop pretending",
    "goodbye. i mean",
    "not what i want",
    "this isn't working",
    "take a break from us",
    "on a break",
    "keep the flat",
    "my things back",
];

/// Anger or contempt aimed at the partner.
const HOSTILITY: &[&str] = &[
    "angry with you",
    "angry at you",
    "mad at you",
    "pissed at you",
    "furious with you",
    "you always",
    "you never",
    "u always",
    "u never",
    "thanks for nothing",
    "wrong with you",
    "grow up",
    "shut up",
    "fuck off",
    "go to hell",
    "get lost",
    "sick of you",
    "sick of your",
    "so sick of",
    "hate you",
    "can't stand you",
    "cant stand you",
    "you're such a",
    "ur such a",
    "you're so selfish",
    "make me sick",
    "you disgust",
    "how are you this",
    "you're a joke",
    "you're the worst",
    "ur the worst",
    "as usual",
    "nice of you to",
    "what a surprise",
    "of course you",
    "regret ever",
    "regret meeting",
    "full of crap",
    "playing the victim",
    "your crap",
    "your bs",
    "wow thanks",
    "thanks for ruining",
    "promise broken",
    "you're unbelievable",
    "you're something else",
    "every single time",
    "you ruin",
    "you only ever",
    "you clearly don't",
    "i mean nothing",
    "thanks for embarrassing",
    "oh great",
    "really appreciate it",
    "just like your",
    "what a joke",
    "any more useless",
    "so useless",
    "lie to my face",
    "lying to me",
    "you actually replied",
    "nice one genius",
    "make everything so hard",
    "make everything harder",
    "make everything worse",
    "make everything about",
    "your fault",
    "it's your fault",
    "blame you",
];

/// Longing: missing the partner, thinking of them, wanting them there.
const LONGING: &[&str] = &[
    "miss you",
    "miss u",
    "miss ya",
    "miss your",
    "miss ur",
    "missing you",
    "missing u",
    "missed you",
    "miss us",
    "miss our",
    "miss having",
    "miss talking",
    "miss hearing",
    "miss waking",
    "miss seeing",
    "thinking about you",
    "thinking about u",
    "thinking of you",
    "thinking of u",
    "thinking bout",
    "wish you were",
    "wish u were",
    "without you",
    "without u",
    "can't wait to see",
    "cant wait to see",
    "can't wait till",
    "cant wait till",
    "counting down",
    "come home",
    "on my mind",
    "can't stop thinking",
    "cant stop thinking",
    "wish i could see",
    "wish i could hug",
    "wish i was with",
    "so far away",
    "not the same without",
    "dreamt about you",
    "dreamed about you",
    "when are you back",
    "when are u back",
    "till you're home",
    "till ur home",
    "side of the bed",
    "smells like you",
    "our song",
    "all i think about",
    "you were here",
    "u were here",
    "next to you",
    "miss youu",
    "misses you",
    "misses u",
    "reminds me of you",
    "reminds me of u",
    "having you around",
    "having u around",
    "want you here",
    "want u here",
    "more days",
    "too long without",
    "when you're away",
    "when ur away",
    "so empty",
    "long distance",
    "been gone",
    "arms feel empty",
    "come back soon",
    "need you here",
    "wish you lived",
    "live so far",
    "didn't live so far",
    "didnt live so far",
    "so far from",
];

/// Closeness besides longing: care, wanting contact, repair, eager attention.
const CLOSENESS: &[&str] = &[
    "are you ok",
    "are u ok",
    "you ok",
    "u ok",
    "how are you feeling",
    "how are you holding",
    "holding up",
    "you've got this",
    "youve got this",
    "i've got you",
    "i'm here for you",
    "im here for you",
    "i'm here if",
    "here for you",
    "get some rest",
    "get some sleep",
    "take care of yourself",
    "look after yourself",
    "home safe",
    "feeling better",
    "proud of you",
    "too hard on yourself",
    "don't be too hard",
    "dont be too hard",
    "easy on yourself",
    "thinking of you",
    "can we talk",
    "make it up to you",
    "can we try",
    "i was wrong",
    "my fault",
    "forgive me",
    "i'm sorry i",
    "im sorry i",
    "sorry i was",
    "sorry for being",
    "i hate fighting",
    "don't want to lose",
    "not giving up on",
    "call me",
    "come over",
    "see you soon",
    "can't wait to",
    "cant wait to",
    "hang out",
    "spend time",
    "spend the day",
    "tell me everything",
    "how did it go",
    "so happy for you",
    "so proud",
    "what happened next",
    "can i come",
    "come with me",
    "come round",
    "on a call",
    "love hearing",
    "want to hear",
    "wanna hear",
    "you deserve",
    "hug you",
    "hold you",
    "with you tonight",
    "i'm here for u",
    "im here for u",
    "here for u",
    "i'm not going anywhere",
    "im not going anywhere",
    "not going anywhere",
    "i'm just here",
    "i'm here, take",
    "bring you soup",
    "want me to bring",
    "want me to come",
    "can i bring",
    "ring me when",
    "text me when you land",
    "let me know you're",
    "don't push yourself",
    "dont push yourself",
    "just rest",
    "free for a call",
    "up for a call",
    "call tonight?",
    "let's do something",
    "lets do something",
    "just us",
    "just the two",
    "date night",
    "come visit",
    "come see me",
    "meet my parents",
    "i want every",
    "full story",
    "then what happened",
    "tell me more",
    "i'm sorry",
    "im sorry",
    "so sorry i",
    "i apologise",
    "i apologize",
    "i messed up",
    "i feel bad",
    "start over",
    "make up",
    "i hurt you",
    "fix this",
    "be close to you",
    "took it out on you",
    "didn't deserve that",
    "you're my person",
    "ur my person",
    "mean the world",
    "means the world",
    "made my day",
    "make everything better",
    "made my week",
    "make me so happy",
    "make me laugh",
    "feels like home",
    "call u mine",
    "call you mine",
    "because of you",
    "smiling because",
    "you remembered",
    "proud of u",
    "you're amazing",
    "ur amazing",
    "killing it",
];

/// The pursuing bid: pressing for contact or a reply that is not coming.
const PURSUIT: &[&str] = &[
    "why aren't you",
    "why arent you",
    "why aren't u",
    "why arent u",
    "why won't you",
    "why wont you",
    "why won't u",
    "why wont u",
    "why are you not answering",
    "why are you not replying",
    "why are you not texting",
    "why are you not picking",
    "why are u not answering",
    "why are u not replying",
    "why are u not texting",
    "why are u not picking",
    "why r u not answering",
    "why r u not replying",
    "why r u not texting",
    "why r u not picking",
    "why you not answering",
    "why you not replying",
    "why you not texting",
    "why you not picking",
    "why u not answering",
    "why u not replying",
    "why u not texting",
    "why u not picking",
    "why didn't you answer",
    "why didnt you answer",
    "why didn't you reply",
    "why didnt you reply",
    "why didn't u answer",
    "why didnt u answer",
    "why didn't u reply",
    "why didnt u reply",
    "why is your phone",
    "why so quiet",
    "please answer",
    "pls answer",
    "ignoring me",
    "answer me",
    "answer your phone",
    "answer ur phone",
    "answer please",
    "answer pls",
    "pick up",
    "text me back",
    "call me back",
    "reply please",
    "please reply",
    "pls reply",
    "just reply",
    "at least reply",
    "u there",
    "you there",
    "are you there",
    "did you get my",
    "did u get my",
    "did you see my text",
    "did you see my texts",
    "did you see my message",
    "did you see my messages",
    "did you see my msg",
    "did you see my msgs",
    "did u see my text",
    "did u see my texts",
    "did u see my message",
    "did u see my messages",
    "did u see my msg",
    "did u see my msgs",
    "talk to me",
    "don't ignore me",
    "dont ignore me",
    "shut me out",
    "are we ok",
    "did i do something",
    "r u mad",
    "are you mad",
    "where are you",
    "where are u",
    "u alive",
    "you alive",
    "say something",
    "gone quiet",
    "go quiet",
    "go silent",
    "don't disappear",
    "heard from you",
    "trying to reach",
    "checking my phone",
    "you said you'd",
    "what's wrong",
    "being so quiet",
];

/// Plans, times, places, errands and practical arrangements (`neutral / logistics` in the
/// guide): they pull a message toward neutral unless a warm or distancing cue is there too.
const LOGISTICS: &[&str] = &[
    "moved to",
    "been moved",
    "pushed back",
    "pushed to",
    "running late",
    "running behind",
    "min late",
    "mins late",
    "minutes late",
    "be late",
    "on my way",
    "on the way",
    "be there",
    "be home by",
    "home by",
    "get there",
    "leaving now",
    "leave at",
    "leaving at",
    "left at",
    "arrive at",
    "arriving at",
    "pick you up",
    "pick me up",
    "picking up",
    "drop off",
    "dropping off",
    "grab some",
    "can you grab",
    "can u grab",
    "can you get",
    "can u get",
    "need to buy",
    "we need milk",
    "out of milk",
    "shopping list",
    "the shop",
    "the shops",
    "the supermarket",
    "booked the",
    "booked a",
    "table for",
    "the booking",
    "the reservation",
    "the meeting",
    "meeting at",
    "meeting is",
    "the train",
    "train is",
    "train's delayed",
    "the bus",
    "bus is",
    "the station",
    "the airport",
    "the flight",
    "flight is",
    "the parking",
    "the car park",
    "what time",
    "which time",
    "what day",
    "the address",
    "the code",
    "the password",
    "the wifi",
    "the link",
    "the keys",
    "the key",
    "the bill",
    "the rent",
    "the dentist",
    "the doctor's",
    "appointment at",
    "an appointment",
    "the appointment",
    "dinner at",
    "lunch at",
    "ready by",
    "ready at",
    "starts at",
    "finishes at",
    "ends at",
    "open till",
    "opens at",
    "closes at",
    "till 5",
    "until 5",
    "the plumber",
    "the delivery",
    "the parcel",
    "the package",
    "the laundry",
    "the dishes",
    "the bins",
    "the car",
    "the tickets",
    "the receipt",
    "the form",
    "the calendar",
    "the schedule",
    "sent you the",
    "send me the",
    "forwarded the",
    "in a meeting",
    "in meetings",
    "at work till",
    "at the office",
    "second shelf",
    "top shelf",
    "in the fridge",
    "in the drawer",
    "next to the",
];

/// Single words that carry a family on their own.
pub const HOSTILE_WORDS: &[&str] = &[
    "pathetic", "idiot", "liar", "selfish", "loser", "prick", "asshole", "moron", "scumbag", "jerk",
];
/// Words that dismiss the other when they stand in a short message ("whatever").
pub const DISMISSIVE_WORDS: &[&str] = &["whatever", "whatevs", "idc", "meh", "yawn", "nvm"];

/// Words of a phrase at most (the first two form the key).
const MAX_WORDS: usize = 5;
/// Slots of the phrase table (a power of two, a few times the number of phrases).
const SLOTS: usize = 2048;

#[derive(Clone, Copy)]
struct Phrase {
    /// The hash of the first two words' hashes (0 marks a free slot).
    key: u64,
    /// Hashes of the words after the first two.
    rest: [u64; MAX_WORDS - 2],
    rest_len: u8,
    family: Family,
}

/// The hash of two neighbouring words (also used for the key of a phrase).
pub const fn pair_key(first: u64, second: u64) -> u64 {
    let k = first.rotate_left(17).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ second;
    if k == 0 {
        1
    } else {
        k
    }
}

/// The word hashes of a space-separated phrase.
const fn words_of(p: &str) -> ([u64; MAX_WORDS], usize) {
    let b = p.as_bytes();
    let mut out = [0u64; MAX_WORDS];
    let (mut n, mut start, mut i) = (0, 0, 0);
    while i <= b.len() {
        if i == b.len() || b[i] == b' ' {
            assert!(n < MAX_WORDS, "a cue phrase has too many words");
            let (head, _) = b.split_at(i);
            let (_, word) = head.split_at(start);
            out[n] = hash_bytes(word);
            n += 1;
            start = i + 1;
        }
        i += 1;
    }
    (out, n)
}

const fn build() -> [Phrase; SLOTS] {
    let free = Phrase {
        key: 0,
        rest: [0; MAX_WORDS - 2],
        rest_len: 0,
        family: Distance,
    };
    let mut table = [free; SLOTS];
    let lists: [(&[&str], Family); 9] = [
        (DISTANCE, Distance),
        (BOUNDARY, Boundary),
        (DISMISSAL, Dismissal),
        (BREAKUP, Breakup),
        (HOSTILITY, Hostility),
        (LONGING, Longing),
        (CLOSENESS, Closeness),
        (PURSUIT, Pursuit),
        (LOGISTICS, Logistics),
    ];
    let mut l = 0;
    while l < lists.len() {
        let (list, family) = lists[l];
        let mut i = 0;
        while i < list.len() {
            let (words, n) = words_of(list[i]);
            assert!(
                n >= 2,
                "a cue phrase needs two words (single words go in the word lists)"
            );
            let key = pair_key(words[0], words[1]);
            let mut rest = [0u64; MAX_WORDS - 2];
            let mut r = 2;
            while r < n {
                rest[r - 2] = words[r];
                r += 1;
            }
            let mut k = key as usize & (SLOTS - 1);
            while table[k].key != 0 {
                k = (k + 1) & (SLOTS - 1);
            }
            table[k] = Phrase {
                key,
                rest,
                rest_len: (n - 2) as u8,
                family,
            };
            i += 1;
        }
        l += 1;
    }
    table
}

static TABLE: [Phrase; SLOTS] = build();
/// The keys of [`TABLE`] alone (16 KB), so the usual miss touches one cache line.
static KEYS: [u64; SLOTS] = keys(&TABLE);

const fn keys(table: &[Phrase; SLOTS]) -> [u64; SLOTS] {
    let mut out = [0; SLOTS];
    let mut k = 0;
    while k < SLOTS {
        out[k] = table[k].key;
        k += 1;
    }
    out
}

fn bump(c: &mut Cues, family: Family) {
    let n = match family {
        Distance => &mut c.distance,
        Boundary => &mut c.boundary,
        Dismissal => &mut c.dismissal,
        Breakup => &mut c.breakup,
        Hostility => &mut c.hostility,
        Longing => &mut c.longing,
        Closeness => &mut c.closeness,
        Pursuit => &mut c.pursuit,
        Logistics => &mut c.logistics,
    };
    *n = n.saturating_add(1);
}

/// Counts every phrase of the families in `tokens` (words only: an emoji between two
/// words breaks a phrase) into `c`. A phrase right after a negation in the same clause
/// ("i'm not angry with you", "don't miss you") does not count.
pub fn count(tokens: &[Token], c: &mut Cues) {
    for (i, pair) in tokens.windows(2).enumerate() {
        if pair[0].emoji.is_some() || pair[1].emoji.is_some() {
            continue;
        }
        // A negation reaches a phrase only within its clause.
        let negated = (i.saturating_sub(2)..i).any(|j| {
            tokens[j].flags & NEGATION_FLAG != 0 && !tokens[j + 1..=i].iter().any(|t| t.clause)
        });
        if negated {
            continue;
        }
        let key = pair_key(pair[0].hash, pair[1].hash);
        let mut k = key as usize & (SLOTS - 1);
        loop {
            let h = KEYS[k];
            if h == 0 {
                break;
            }
            if h == key {
                let p = &TABLE[k];
                let rest = &p.rest[..usize::from(p.rest_len)];
                let after = &tokens[i + 2..];
                if after.len() >= rest.len()
                    && rest
                        .iter()
                        .zip(after)
                        .all(|(&w, t)| t.emoji.is_none() && t.hash == w)
                {
                    bump(c, p.family);
                }
            }
            k = (k + 1) & (SLOTS - 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_has_two_to_five_words_and_no_capitals() {
        for list in [
            DISTANCE, BOUNDARY, DISMISSAL, BREAKUP, HOSTILITY, LONGING, CLOSENESS, PURSUIT,
            LOGISTICS,
        ] {
            for p in list {
                let n = p.split(' ').count();
                assert!((2..=MAX_WORDS).contains(&n), "{p}");
                assert_eq!(p.to_lowercase(), *p, "{p}");
                assert!(!p.contains("  ") && p.trim() == *p, "{p}");
            }
        }
    }
}
