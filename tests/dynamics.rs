//! The dynamics stage on whole conversations: planted push-pull is found and attributed,
//! controls score zero, group chats and tiny chats give a clear answer without panicking,
//! and every number serialises (no NaN or infinity).

mod common;

use pushpull::chat::MediaKind;
use pushpull::dynamics::{analyze, Analysis, Direction, LabelKind};
use pushpull::score::ScoredConversation;
use pushpull::synth::validate::planted_conversation;
use pushpull::synth::{default_names, ExportFormat, Scenario, Synthetic};
use pushpull::MessageKind;

fn planted(scenario: Scenario, seed: u64) -> (Synthetic, Analysis) {
    let s = Synthetic::generate(scenario, 180, seed, default_names());
    let a = analyze(&planted_conversation(&s, ExportFormat::WhatsApp));
    (s, a)
}

fn score_of(a: &Analysis, name: &str) -> f64 {
    let p = a
        .participants
        .iter()
        .find(|p| p.name == name)
        .expect("participant");
    p.push_pull_score.expect("pair member has a score")
}

/// Serialises to JSON (fails on NaN/inf) and returns the text.
fn json(a: &Analysis) -> String {
    serde_json::to_string(a).expect("every number is finite")
}

#[test]
fn pushpull_is_found_and_attributed_to_the_planted_person() {
    let (s, a) = planted(Scenario::Pushpull, 1000);
    let (partner, planted) = (&s.names[0], &s.names[1]);
    assert!(score_of(&a, planted) > 60.0, "{}", score_of(&a, planted));
    assert!(score_of(&a, partner) < 30.0, "{}", score_of(&a, partner));
    assert!(a.push_pull_score > 60.0);
    assert!(matches!(
        a.label_kind,
        LabelKind::RunsHotAndCold | LabelKind::PursuesWhenWithdraws
    ));
    assert!(a.label.starts_with(planted.as_str()), "{}", a.label);
    // Boundaries of the planted person alternate push and pull and carry quoted messages.
    let b_index = a
        .participants
        .iter()
        .position(|p| &p.name == planted)
        .unwrap();
    let mine: Vec<_> = a
        .boundaries
        .iter()
        .filter(|b| b.person == b_index)
        .collect();
    assert!(mine.len() >= 8, "{}", mine.len());
    assert!(mine.windows(2).all(|w| w[0].direction != w[1].direction));
    assert!(mine.iter().any(|b| b.direction == Direction::Push));
    for b in &mine {
        assert!(!b.evidence.is_empty() && b.evidence.len() <= 6);
        assert!(b
            .evidence
            .iter()
            .all(|e| &e.sender == planted && !e.text.is_empty()));
    }
    // A push slows replies: the median wait after a push is longer than before it.
    let slower = mine
        .iter()
        .filter(|b| b.direction == Direction::Push)
        .filter(|b| b.median_wait_after_s > b.median_wait_before_s)
        .count();
    let pushes = mine
        .iter()
        .filter(|b| b.direction == Direction::Push)
        .count();
    assert!(slower * 10 >= pushes * 7, "{slower} of {pushes}");
    assert_eq!(
        a.confidence.level,
        pushpull::dynamics::ConfidenceLevel::High
    );
    json(&a);
}

#[test]
fn controls_score_zero() {
    for scenario in [
        Scenario::StableWarm,
        Scenario::StableCold,
        Scenario::Drift,
        Scenario::SingleDrop,
    ] {
        for seed in [1000, 1001] {
            let (_, a) = planted(scenario, seed);
            assert!(
                a.push_pull_score < 1e-9,
                "{scenario:?} {seed}: {}",
                a.push_pull_score
            );
            assert_eq!(a.label_kind, LabelKind::NoEvidence);
            json(&a);
        }
    }
}

#[test]
fn single_drop_is_one_push_not_push_pull() {
    let (s, a) = planted(Scenario::SingleDrop, 1003);
    let b_index = a
        .participants
        .iter()
        .position(|p| p.name == s.names[1])
        .unwrap();
    let mine: Vec<_> = a
        .boundaries
        .iter()
        .filter(|b| b.person == b_index)
        .collect();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].direction, Direction::Push);
    let day = (mine[0].at.wall - pushpull::synth::day_zero()).num_days();
    assert!((day - 90).abs() <= 3, "{day}");
}

/// A scored chat from (minute, sender, kind, text), starting 2023-05-01 08:00; text with
/// "love" reads warm, other text cool.
fn conversation(people: &[&str], msgs: &[common::Line]) -> ScoredConversation {
    let lines: Vec<common::Line> = msgs
        .iter()
        .map(|&(min, sender, kind, text)| (8 * 60 + min, sender, kind, text))
        .collect();
    common::scored_chat(people, &lines, |text| {
        if text.contains("love") {
            0.8
        } else {
            -0.2
        }
    })
}

#[test]
fn tiny_and_empty_chats_say_not_enough_data() {
    let one = conversation(&["Ana"], &[(0, Some(0), MessageKind::Text, "hello")]);
    let a = analyze(&one);
    assert_eq!(a.label_kind, LabelKind::NotEnoughData);
    assert_eq!(a.pair, None);
    assert!(a.scope_note.as_deref().unwrap_or("").contains("Ana"));
    assert_eq!(a.messages, 1);
    json(&a);

    let empty = conversation(&[], &[]);
    let a = analyze(&empty);
    assert_eq!(a.label_kind, LabelKind::NotEnoughData);
    json(&a);

    let short = conversation(
        &["Ana", "Bo"],
        &[
            (0, Some(0), MessageKind::Text, "love you"),
            (3, Some(1), MessageKind::Text, "ok"),
            (4, None, MessageKind::System, "Ana changed the group icon"),
        ],
    );
    let a = analyze(&short);
    assert_eq!(a.label_kind, LabelKind::NotEnoughData);
    assert_eq!(a.pair, Some([0, 1]));
    assert_eq!(a.participants[1].median_wait_s, Some(180.0));
    assert_eq!(a.per_message[1].wait_s, Some(180.0));
    // One of a thing is said in the singular in the low-confidence notice.
    let reasons = &a.confidence.reasons;
    for said in [
        "only 1 active day (< 60)",
        "only 1 message from Ana (< 300)",
        "only 1 message from Bo (< 300)",
    ] {
        assert!(reasons.iter().any(|r| r == said), "{said}: {reasons:?}");
    }
    json(&a);
}

#[test]
fn group_chat_measures_the_two_most_active_and_says_so() {
    let mut msgs = Vec::new();
    for k in 0..400i64 {
        let t = k * 97;
        let sender = match k % 7 {
            0 => 2,         // Cy: least active
            1 | 3 | 5 => 1, // Bo
            _ => 0,         // Ana
        };
        let kind = if k % 11 == 0 {
            MessageKind::Media(MediaKind::Image)
        } else {
            MessageKind::Text
        };
        msgs.push((
            t,
            Some(sender),
            kind,
            if k % 3 == 0 { "love it" } else { "fine" },
        ));
    }
    let sc = conversation(&["Ana", "Bo", "Cy"], &msgs);
    let a = analyze(&sc);
    assert_eq!(a.pair, Some([0, 1]));
    let note = a.scope_note.as_deref().unwrap_or("");
    assert!(
        note.contains("group chat with 3 people") && note.contains("Ana") && note.contains("Bo"),
        "{note}"
    );
    // Cy is outside the pair: no pair waits, but (with 20+ messages) a reading of their own
    // against the rest of the group.
    assert!(a.participants[2].median_wait_s.is_none());
    assert!(
        note.contains("read against the rest of the group"),
        "{note}"
    );
    assert!(a.participants[2].messages > 0);
    assert!(a.participants[0].median_wait_s.is_some());
    // Media keeps its timing: a media message can carry a wait but no warmth.
    assert_eq!(sc.scores[0], None);
    let text = json(&a);
    assert!(text.contains("\"scope_note\""));
}

#[test]
fn a_wrong_timestamp_a_century_away_does_not_hang() {
    let mut msgs: Vec<(i64, Option<usize>, MessageKind, &str)> = (0..200i64)
        .map(|k| {
            (
                k * 300,
                Some((k % 2) as usize),
                MessageKind::Text,
                "love you",
            )
        })
        .collect();
    msgs.push((100 * 365 * 24 * 60, Some(0), MessageKind::Text, "ok"));
    let a = analyze(&conversation(&["Ana", "Bo"], &msgs));
    assert_eq!(a.label_kind, LabelKind::NotEnoughData);
    assert!(a.label.contains("years"), "{}", a.label);
    assert!(a.participants[0].median_wait_s.is_some());
    json(&a);
}

#[test]
fn same_input_same_output() {
    let s = Synthetic::generate(Scenario::Onoff, 90, 3, default_names());
    let sc = planted_conversation(&s, ExportFormat::Signal);
    assert_eq!(json(&analyze(&sc)), json(&analyze(&sc)));
    let again = Synthetic::generate(Scenario::Onoff, 90, 3, default_names());
    assert_eq!(s.texts, again.texts);
    assert_eq!(
        s.render(ExportFormat::WhatsAppIos).unwrap(),
        again.render(ExportFormat::WhatsAppIos).unwrap()
    );
}
