//! Phrase banks that turn a planted warmth into message text a warmth scorer can read:
//! five banks from affectionate to curt/cold, each with statements and questions. Written
//! for this project (fictional, everyday English), not taken from any real chat.

use crate::rng::Rng;

const VERY_WARM: &[&str] = &[
    "I love you so much",
    "miss you like crazy ❤️",
    "you are the best thing in my life",
    "can't stop smiling thinking about you 😊",
    "thank you for being so sweet to me",
    "sending you the biggest hug 🤗",
    "you make everything better, love",
    "I'm so happy we talked last night ❤️",
    "love you, sleep well sweetheart",
    "you're amazing, honestly",
    "counting the hours until I see you 😍",
    "I adore you",
    "thinking of you all day, darling",
    "that was the loveliest evening, thank you ❤️",
    "you always know how to cheer me up",
    "hugs and kisses 😘",
];

const VERY_WARM_Q: &[&str] = &[
    "how was your day, love?",
    "miss your voice ❤️ can I call you tonight?",
    "did you sleep well, sweetheart?",
    "want to cuddle up 😊 and watch something later?",
    "how are you feeling, my love?",
    "shall I bring you your favourite cake 😘?",
];

const WARM: &[&str] = &[
    "haha that's great 😊",
    "glad you made it home safe",
    "thanks, that's really kind of you",
    "aww that sounds lovely",
    "nice, enjoy it!",
    "so good to hear from you",
    "yay, can't wait",
    "that made me laugh 😂",
    "have fun today!",
    "good luck with the meeting, you'll be great",
    "sounds perfect, thank you",
    "happy for you!",
    "lol you're funny",
    "that's so nice",
];

const WARM_Q: &[&str] = &[
    "how did it go?",
    "want to grab dinner this week?",
    "would be nice to see you, are you free on saturday?",
    "how's your mum doing?",
    "did you like the film?",
    "what are you up to this weekend 😊?",
];

const NEUTRAL: &[&str] = &[
    "ok",
    "I'm at the station now",
    "the train is at 6",
    "bought milk and bread",
    "the meeting moved to tuesday",
    "I'll be home around 7",
    "just finished work",
    "it's raining here",
    "the package arrived",
    "parking near the bakery",
    "on my way",
    "I left the keys on the table",
    "we need to pay the electricity bill",
    "the shop closes at 8",
];

const NEUTRAL_Q: &[&str] = &[
    "what time is the dentist?",
    "did you get the email?",
    "where did you put the charger?",
    "which bus are you taking?",
    "do we need anything from the shop?",
    "is the meeting still on?",
];

const COOL: &[&str] = &[
    "busy",
    "later",
    "can't talk now",
    "fine",
    "not now",
    "maybe",
    "I guess",
    "got it",
    "sure, whatever",
    "I'm tired",
    "don't know",
    "we'll see",
    "k",
];

const COOL_Q: &[&str] = &[
    "what now?",
    "why?",
    "what do you want?",
    "is that all?",
    "does it matter?",
];

const COLD: &[&str] = &[
    "leave me alone",
    "I don't care",
    "stop texting me",
    "whatever.",
    "this is so annoying",
    "I'm done with this",
    "you never listen",
    "don't bother",
    "so tired of this",
    "forget it.",
    "I hate when you do that",
    "not interested",
];

const COLD_Q: &[&str] = &[
    "why do you always do this?",
    "seriously, what is your problem?",
    "can you just stop?",
    "why should I care?",
    "are you kidding me?",
];

/// The bank for a warmth: (statements, questions).
fn bank(warmth: f64) -> (&'static [&'static str], &'static [&'static str]) {
    if warmth >= 0.6 {
        (VERY_WARM, VERY_WARM_Q)
    } else if warmth >= 0.3 {
        (WARM, WARM_Q)
    } else if warmth >= 0.0 {
        (NEUTRAL, NEUTRAL_Q)
    } else if warmth >= -0.35 {
        (COOL, COOL_Q)
    } else {
        (COLD, COLD_Q)
    }
}

/// A message carrying `warmth` (−1..1): phrases from the matching bank until about
/// `length` characters (cool and cold messages stay short), ending in a question when asked.
pub fn message_text(rng: &mut Rng, warmth: f64, length: usize, question: bool) -> String {
    let (statements, questions) = bank(warmth);
    let max_parts = if warmth < 0.0 { 1 } else { 2 };
    let mut parts: Vec<&str> = Vec::new();
    let mut chars = 0;
    loop {
        let p = statements[rng.index(statements.len())];
        if !parts.contains(&p) {
            chars += p.chars().count() + 2;
            parts.push(p);
        }
        if chars >= length || parts.len() >= max_parts {
            break;
        }
    }
    if question {
        let q = questions[rng.index(questions.len())];
        if parts.len() >= max_parts {
            parts.pop();
        }
        parts.push(q);
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banks_follow_warmth_and_questions_end_with_a_question_mark() {
        let mut rng = Rng::new(1);
        for _ in 0..50 {
            let w = rng.range(-1.0, 1.0);
            let q = message_text(&mut rng, w, 40, true);
            assert!(q.ends_with('?'), "{q}");
        }
        let cold = message_text(&mut rng, -0.9, 200, false);
        assert!(COLD.contains(&cold.as_str()), "{cold}");
        let warm = message_text(&mut rng, 0.9, 10, false);
        assert!(VERY_WARM.contains(&warm.as_str()), "{warm}");
    }
}
