//! Merging overlapping exports of one chat: true duplicates collapse, two distinct identical
//! messages in one minute both survive, an export in another locale still matches, exports
//! that do not overlap stay apart, and lines in = messages + warnings after the merge.

mod common;

use pushpull::chat::Conversation;
use pushpull::ingest::{self, merge, IngestOptions};

fn parse(name: &str, text: &str) -> Conversation {
    ingest::parse_bytes(name, text.as_bytes(), &IngestOptions::default())
        .expect("parses")
        .remove(0)
}

fn texts(c: &Conversation) -> Vec<String> {
    c.messages
        .iter()
        .map(|m| format!("{}|{}", c.sender_name(m).unwrap_or(""), m.text))
        .collect()
}

fn no_loss(c: &Conversation) {
    assert_eq!(
        c.source.units_in,
        c.units_accounted(),
        "lines in = messages + warnings"
    );
}

/// A generated chat, one message a minute from 13 March 2024, as Android (`dmy`) lines.
fn android(range: std::ops::Range<usize>) -> String {
    range
        .map(|i| {
            let who = if i % 3 == 0 { "Ben" } else { "Anna" };
            format!(
                "{:02}/03/2024, {:02}:{:02} - {who}: message {i}\n",
                13 + i / 1440,
                (i / 60) % 24,
                i % 60
            )
        })
        .collect()
}

#[test]
fn an_older_and_a_newer_export_merge_into_one() {
    let old = parse("old.txt", &android(0..200));
    let new = parse("new.txt", &android(150..300));
    assert!(merge::same_chat(&old, &new));
    let merged = merge::merge_overlapping(vec![old, new]);
    assert_eq!(merged.len(), 1);
    let c = &merged[0];
    assert_eq!(c.messages.len(), 300, "50 shared messages kept once");
    assert_eq!(c.source.files, ["old.txt", "new.txt"]);
    assert_eq!(c.source.units_in, 350);
    no_loss(c);
    let t = texts(c);
    assert_eq!(t[0], "Ben|message 0");
    assert_eq!(t[299], "Anna|message 299");
    assert!(c
        .messages
        .windows(2)
        .all(|w| w[0].timestamp <= w[1].timestamp));
    assert!(c.messages.iter().enumerate().all(|(i, m)| m.index == i));
    let dup = c
        .warnings
        .iter()
        .find(|w| w.reason.contains("already read"))
        .expect("a warning for the duplicates");
    assert_eq!((dup.file.as_str(), dup.line, dup.lines), ("new.txt", 1, 50));
}

#[test]
fn identical_messages_in_one_minute_both_survive() {
    // Anna really sent "haha" twice in one minute; both exports hold both, and the second
    // export holds one more message in that minute.
    let a = "13/03/2024, 10:00 - Anna: hi\n13/03/2024, 10:01 - Anna: haha\n\
             13/03/2024, 10:01 - Anna: haha\n13/03/2024, 10:02 - Ben: ok\n";
    let b = "13/03/2024, 10:00 - Anna: hi\n13/03/2024, 10:01 - Anna: haha\n\
             13/03/2024, 10:01 - Ben: lol\n13/03/2024, 10:01 - Anna: haha\n\
             13/03/2024, 10:02 - Ben: ok\n13/03/2024, 10:05 - Ben: new\n";
    let merged = merge::merge_overlapping(vec![parse("a.txt", a), parse("b.txt", b)]);
    assert_eq!(merged.len(), 1);
    let c = &merged[0];
    assert_eq!(
        texts(c),
        [
            "Anna|hi",
            "Anna|haha",
            "Ben|lol",
            "Anna|haha",
            "Ben|ok",
            "Ben|new"
        ]
    );
    no_loss(c);
}

#[test]
fn a_message_repeated_in_one_minute_counts_once_toward_one_chat() {
    // Four identical lines are one shared message, not four: two short chats that only share
    // "ok" spam stay apart, in the merge and in the batch search alike.
    let spam = "13/03/2024, 10:00 - Anna: ok\n".repeat(4);
    let a = parse("a.txt", &format!("{spam}13/03/2024, 10:01 - Anna: x\n"));
    let b = parse("b.txt", &format!("{spam}13/03/2024, 10:02 - Ben: y\n"));
    assert!(!merge::same_chat(&a, &b));
    let mut finder = ingest::overlap::OverlapFinder::default();
    finder.add(0, ingest::overlap::Sketch::of(&a));
    finder.add(1, ingest::overlap::Sketch::of(&b));
    assert!(finder.groups().is_empty());
    let kept = merge::merge_overlapping(vec![a, b]);
    assert_eq!(
        kept.iter().map(|c| c.messages.len()).collect::<Vec<_>>(),
        [5, 5]
    );
}

#[test]
fn an_export_in_another_locale_still_matches() {
    let android_dmy = android(0..120);
    // The same chat from an iPhone set to US English: [M/D/YY, h:mm:ss AM] and seconds.
    let ios: String = (60..180)
        .map(|i| {
            let who = if i % 3 == 0 { "Ben" } else { "Anna" };
            let (h, m) = ((i / 60) % 24, i % 60);
            let (h12, ampm) = match h {
                0 => (12, "AM"),
                1..=11 => (h, "AM"),
                12 => (12, "PM"),
                _ => (h - 12, "PM"),
            };
            format!(
                "[3/{}/24, {h12}:{m:02}:07 {ampm}] {who}: message {i}\n",
                13 + i / 1440
            )
        })
        .collect();
    let merged = merge::merge_overlapping(vec![
        parse("android.txt", &android_dmy),
        parse("_chat.txt", &ios),
    ]);
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0].messages.len(), 180);
    no_loss(&merged[0]);
}

#[test]
fn exports_that_do_not_overlap_stay_apart() {
    let merged = merge::merge_overlapping(vec![
        parse("a.txt", &android(0..100)),
        parse("b.txt", &android(500..600)),
    ]);
    assert_eq!(merged.len(), 2);
    assert_eq!(merged[0].messages.len() + merged[1].messages.len(), 200);
}

/// whatstk's two "merge" parts are two periods of a chat with no message in common (and
/// different names: Mary vs Maria): nothing to align, so `auto` keeps them apart.
#[test]
#[ignore = "needs ../shared/corpus"]
fn whatstk_merge_parts_do_not_overlap() {
    let dir = common::corpus("exports/whatstk/chats/whatsapp");
    let read = |n: &str| std::fs::read_to_string(dir.join(n)).unwrap();
    let (p1, p2) = (read("lorem-merge-part1.txt"), read("lorem-merge-part2.txt"));
    let (a, b) = (parse("part1.txt", &p1), parse("part2.txt", &p2));
    assert_eq!((a.messages.len(), b.messages.len()), (300, 300));
    let merged = merge::merge_overlapping(vec![a.clone(), b.clone()]);
    assert_eq!(merged.len(), 2);
    // Given twice (the same export in two folders), a part collapses into one.
    let twice = merge::merge_overlapping(vec![a.clone(), a, b]);
    assert_eq!(twice.len(), 2);
    assert_eq!(twice[0].messages.len(), 300);
    assert_eq!(twice[0].source.files, ["part1.txt", "part1.txt"]);
    no_loss(&twice[0]);
}
