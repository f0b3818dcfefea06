//! Silence and group members through the whole dynamics stage: a one-sided silence is listed
//! with who stayed silent, who waited and how many messages went unanswered, and its open wait
//! shows on the silent person's timeline; a stretch in which nobody writes is a quiet span and
//! nobody's silence; in a group every member who wrote enough gets their own reading, and the
//! member who withdraws and returns is the one named.

mod common;

use common::at;
use pushpull::dynamics::{analyze, Analysis, Band};
use pushpull::score::ScoredConversation;
use pushpull::{MessageKind, Timestamp};

const DAY: i64 = 24 * 60;

/// A scored chat from (minute, sender, text); "love" reads warm, anything else mildly so.
fn chat(people: &[&str], msgs: &[(i64, usize, &str)]) -> ScoredConversation {
    let lines: Vec<common::Line> = msgs
        .iter()
        .map(|&(min, sender, text)| (min, Some(sender), MessageKind::Text, text))
        .collect();
    common::scored_chat(people, &lines, |text| {
        if text.contains("love") {
            0.7
        } else {
            0.2
        }
    })
}

/// A morning and an evening exchange of day `d`, Ana first, answered within minutes.
fn ordinary_day(msgs: &mut Vec<(i64, usize, &'static str)>, d: i64) {
    for (start, n) in [(9 * 60, 8), (20 * 60, 4)] {
        for k in 0..n {
            let text = if k % 3 == 0 {
                "love you"
            } else {
                "ok, see you"
            };
            msgs.push((d * DAY + start + 3 * k, (k % 2) as usize, text));
        }
    }
}

/// 80 days of Ana and Bo. Days 20–24: Ana writes morning and afternoon, Bo says nothing
/// until day 25 at 09:00 (one-sided). Days 45–58: neither writes (a holiday), after Ana's
/// goodnight on day 44.
fn ana_and_bo() -> ScoredConversation {
    let mut msgs = Vec::new();
    for d in 0..80 {
        match d {
            20..=24 => {
                msgs.push((d * DAY + 9 * 60, 0, "hi, how are you?"));
                msgs.push((d * DAY + 15 * 60, 0, "thinking of you"));
            }
            25 => {
                msgs.push((d * DAY + 9 * 60, 1, "sorry, love, I was away"));
                ordinary_day(&mut msgs, d);
            }
            44 => {
                ordinary_day(&mut msgs, d);
                msgs.push((d * DAY + 22 * 60, 0, "good night love"));
            }
            45..=58 => {}
            _ => ordinary_day(&mut msgs, d),
        }
    }
    chat(&["Ana", "Bo"], &msgs)
}

fn hours_between(a: &Timestamp, b: &Timestamp) -> f64 {
    (b.wall - a.wall).num_seconds() as f64 / 3600.0
}

#[test]
fn one_sided_silence_is_listed_and_mutual_silence_is_a_quiet_span() {
    let a = analyze(&ana_and_bo());
    // One one-sided silence: Bo's, with Ana's ten messages unanswered from day 20 09:00 to
    // day 25 09:00.
    assert_eq!(a.silences.len(), 1, "{:?}", a.silences);
    let s = &a.silences[0];
    assert_eq!((s.silent, s.waiting), (1, 0));
    assert_eq!((s.unanswered, s.answered), (10, true));
    assert_eq!(s.start, at(20 * DAY + 9 * 60));
    assert_eq!(s.end, at(25 * DAY + 9 * 60));
    assert!((s.hours - 120.0).abs() < 1e-9, "{}", s.hours);
    assert_eq!(a.participants[1].silences, 1);
    assert_eq!(a.participants[1].longest_silence_h, Some(s.hours));
    assert_eq!(a.participants[0].silences, 0);
    assert_eq!(a.participants[0].longest_silence_h, None);

    // The holiday: a quiet span from Ana's goodnight to the next message, nobody's silence.
    assert_eq!(a.quiet_spans.len(), 1, "{:?}", a.quiet_spans);
    let q = &a.quiet_spans[0];
    assert_eq!(q.start, at(44 * DAY + 22 * 60));
    assert_eq!(q.end, at(59 * DAY + 9 * 60));
    assert!((q.hours - hours_between(&q.start, &q.end)).abs() < 1e-9);
    assert!(a
        .silences
        .iter()
        .all(|s| s.end.wall <= q.start.wall || s.start.wall >= q.end.wall));

    // Bo's open wait grows on the timeline through the days Ana kept writing; in the holiday
    // nobody's timeline carries one.
    let bo = a
        .timeline
        .iter()
        .find(|t| t.person == 1)
        .expect("Bo's line");
    let during: Vec<f64> = bo
        .bins
        .iter()
        .filter(|b| b.start.wall >= at(20 * DAY).wall && b.start.wall < at(25 * DAY).wall)
        .filter_map(|b| b.open_wait_h)
        .collect();
    assert!(during.len() >= 8, "{during:?}");
    assert!(during.windows(2).all(|w| w[1] > w[0]), "{during:?}");
    assert!(during[during.len() - 1] > 100.0, "{during:?}");
    for line in &a.timeline {
        for b in &line.bins {
            if b.start.wall >= at(45 * DAY + 12 * 60).wall && b.start.wall < at(59 * DAY).wall {
                assert_eq!(
                    b.open_wait_h, None,
                    "person {} at {:?}",
                    line.person, b.start
                );
                assert_eq!(
                    b.responsiveness, None,
                    "person {} at {:?}",
                    line.person, b.start
                );
            }
        }
    }
}

/// A group of five over 160 days: every day twelve messages from random members about an
/// hour apart, all equally warm (only behaviour changes). Ana, Bo, Cy and Dee are equally
/// likely to write; Cy vanishes for one week of every two while the others keep writing (so Cy is
/// not one of the two most active); Eli writes once a month.
fn family(withdrawing: bool) -> ScoredConversation {
    let mut msgs = Vec::new();
    let mut x: u64 = 11;
    let mut next = || {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1442695040888963407);
        x >> 33
    };
    for d in 0..160 {
        let away = withdrawing && d % 14 >= 7;
        for k in 0..12 {
            let who = (next() % 4) as usize;
            if away && who == 2 {
                continue;
            }
            let min = d * DAY + (9 + k) * 60 + (next() % 30) as i64;
            msgs.push((min, who, "ok, on my way"));
        }
        if d % 30 == 0 {
            msgs.push((d * DAY + 22 * 60, 4, "love you all"));
        }
    }
    chat(&["Ana", "Bo", "Cy", "Dee", "Eli"], &msgs)
}

fn member_score(a: &Analysis, person: usize) -> f64 {
    a.members
        .iter()
        .find(|m| m.person == person)
        .unwrap_or_else(|| panic!("no reading for person {person}"))
        .push_pull_score
}

#[test]
fn every_group_member_who_wrote_enough_is_read_and_the_withdrawing_one_named() {
    let a = analyze(&family(true));
    let pair = a.pair.expect("a pair");
    assert!(!pair.contains(&2) && !pair.contains(&4), "{pair:?}");
    // Eli wrote 6 messages: no reading; the four others each have one, in participant order.
    assert_eq!(a.participants[4].messages, 6);
    let read: Vec<usize> = a.members.iter().map(|m| m.person).collect();
    assert_eq!(read, [0, 1, 2, 3]);
    let total: usize = a.participants.iter().map(|p| p.messages).sum();
    for m in &a.members {
        assert_eq!(m.messages, a.participants[m.person].messages);
        assert!((m.message_share - m.messages as f64 / total as f64).abs() < 1e-12);
        assert!(m
            .median_wait_s
            .is_some_and(|w| w > 0.0 && w < 3600.0 * 24.0));
        assert!((0.0..=100.0).contains(&m.push_pull_score));
    }
    let shares: f64 = a.members.iter().filter_map(|m| m.initiation_share).sum();
    assert!(shares <= 1.0 + 1e-9, "{shares}");
    // Cy, outside the pair, withdraws and returns: the highest reading, some or strong, with
    // phases, and Cy carries the conversation's score and label.
    let cy = a.members.iter().find(|m| m.person == 2).unwrap();
    assert!(cy.push_pull_score >= 30.0, "{:?}", a.members);
    assert!(matches!(cy.band, Band::Some | Band::Strong));
    assert!(cy.reversals >= 3 && !cy.phases.is_empty(), "{cy:?}");
    assert!(cy.silences >= 5, "{cy:?}");
    for p in [0, 1, 3] {
        assert!(member_score(&a, p) < 20.0, "{:?}", a.members);
    }
    assert_eq!(a.push_pull_score, cy.push_pull_score);
    assert_eq!(a.participants[2].push_pull_score, Some(cy.push_pull_score));
    assert!(a.label.starts_with("Cy "), "{}", a.label);

    // The same family without the withdrawal: everyone read, nobody alarms, and nobody has as
    // many one-sided silences as Cy (a day without writing now and then happens).
    let calm = analyze(&family(false));
    assert_eq!(calm.members.len(), 4);
    for m in &calm.members {
        assert!(m.push_pull_score < 20.0, "{:?}", calm.members);
        assert!(m.silences < cy.silences, "{m:?} against {}", cy.silences);
    }
    assert!(calm.push_pull_score < 20.0);
}
