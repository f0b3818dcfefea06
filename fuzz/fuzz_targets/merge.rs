//! Fuzz target: merging two overlapping exports of one chat, with message counts checked.
//!
//! The input generates a chat (senders, texts from a small set, many messages in one minute
//! so identical same-minute messages are common) and two cuts: an older export (messages
//! `..end`) and a newer one (`start..`), which overlap, touch or leave a gap. The newer one
//! is written in the same locale or another (Android `dd/mm/yyyy` vs iOS `[m/d/yy …]`).
//! Both are parsed and merged; the merge must keep every message of either export (both
//! exports are subsequences of it), collapse the messages both hold (never more messages
//! than the chat had), and, where the cut is unambiguous (at most one export is cut inside
//! a minute), give back exactly the chat's messages in order. An overlap of enough shared
//! messages must be merged, by the merge and by the batch's candidate search alike.
#![no_main]
mod check;
use libfuzzer_sys::fuzz_target;
use pushpull::chat::Format;
use pushpull::ingest::merge::{merge_overlapping, MIN_SHARED, MIN_SHARED_PERCENT};
use pushpull::ingest::overlap::{OverlapFinder, Sketch};
use pushpull::Conversation;

const SENDERS: &[&str] = &["Anna", "Ben"];
const TEXTS: &[&str] = &["ok", "hi", "see you", "ha ha"];

/// One generated message: minutes after the start, sender, text.
type Msg = (i64, &'static str, &'static str);

fn generate(data: &[u8]) -> Vec<Msg> {
    let mut minute = 0i64;
    data.iter()
        .take(96)
        .map(|&b| {
            // Half of the messages share the minute of the one before.
            minute += match b >> 5 {
                0..=3 => 0,
                4 | 5 => 1,
                6 => 7,
                _ => 150,
            };
            (
                minute,
                SENDERS[usize::from(b & 1)],
                TEXTS[usize::from(b >> 1) % TEXTS.len()],
            )
        })
        .collect()
}

/// The chat as an Android (`ios == false`) or iOS export; starts 13 March 2024, 09:00, so
/// the day is above 12 and the date order is never in doubt.
fn render(msgs: &[Msg], ios: bool) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2024, 3, 13)
        .and_then(|d| d.and_hms_opt(9, 0, 0))
        .expect("valid start");
    let mut out = String::new();
    for (k, &(minute, who, text)) in msgs.iter().enumerate() {
        let t = start + chrono::Duration::minutes(minute);
        let line = if ios {
            let sec = k % 60;
            format!(
                "[{}] {who}: {text}\n",
                t.format(&format!("%-m/%-d/%y, %-I:%M:{sec:02} %p"))
            )
        } else {
            format!("{} - {who}: {text}\n", t.format("%d/%m/%Y, %H:%M"))
        };
        out.push_str(&line);
    }
    out
}

/// (minute, sender, text) of each message, to compare with the generated chat.
fn keys(conv: &Conversation) -> Vec<(i64, String, String)> {
    let t0 = conv
        .messages
        .first()
        .map_or(0, |m| m.timestamp.wall_secs() / 60);
    conv.messages
        .iter()
        .map(|m| {
            let who = conv.sender_name(m).unwrap_or("").to_string();
            (m.timestamp.wall_secs() / 60 - t0, who, m.text.clone())
        })
        .collect()
}

fn is_subsequence<T: PartialEq>(part: &[T], whole: &[T]) -> bool {
    let mut it = whole.iter();
    part.iter().all(|p| it.any(|w| w == p))
}

fn parse(text: &str, name: &str) -> Conversation {
    let mut convs = pushpull::ingest::parse_text(Format::WhatsAppText, name, text, &check::opts())
        .expect("a generated export parses");
    assert_eq!(convs.len(), 1);
    convs.remove(0)
}

fuzz_target!(|data: &[u8]| {
    let Some((&[cut_a, cut_b, style], rest)) = data.split_first_chunk::<3>() else {
        return;
    };
    let chat = generate(rest);
    let n = chat.len();
    if n == 0 {
        return;
    }
    let end = 1 + usize::from(cut_a) % n; // older export: ..end
    let start = usize::from(cut_b) % n; // newer export: start..
    let (older, newer) = (&chat[..end], &chat[start..]);
    let a = parse(&render(older, false), "older.txt");
    let b = parse(&render(newer, style & 1 == 1), "newer.txt");
    assert_eq!(a.messages.len(), older.len(), "older export lost a message");
    assert_eq!(b.messages.len(), newer.len(), "newer export lost a message");
    let (ka, kb) = (keys(&a), keys(&b));
    let b_shift = newer[0].0 - older[0].0; // minutes from A's first message to B's
    let kb_on_a: Vec<_> = kb
        .iter()
        .map(|(m, s, t)| (m + b_shift, s.clone(), t.clone()))
        .collect();

    let mut finder = OverlapFinder::default();
    finder.add(0, Sketch::of(&a));
    finder.add(1, Sketch::of(&b));
    let candidates = finder.groups();
    let merged = merge_overlapping(vec![a, b]);
    check::check(Ok(merged.clone()));

    let union = if start <= end { n } else { n - (start - end) };
    // Exports sharing enough distinct messages (a message repeated in one minute counts
    // once) must be merged.
    let distinct = |msgs: &[Msg]| msgs.iter().collect::<std::collections::HashSet<_>>().len();
    let overlap = distinct(&chat[start..end.max(start)]);
    let smaller = distinct(older).min(distinct(newer));
    let must_merge = overlap >= MIN_SHARED && overlap * 100 >= smaller * MIN_SHARED_PERCENT;
    if merged.len() == 2 {
        assert!(!must_merge, "{overlap} shared messages not merged");
        assert!(
            candidates.is_empty(),
            "the batch search found a pair the merge refused"
        );
        return;
    }
    assert_eq!(
        candidates,
        vec![vec![0, 1]],
        "the batch search missed a merged pair"
    );
    let got = keys(&merged[0]);
    assert!(
        is_subsequence(&ka, &got),
        "a message of the older export was lost"
    );
    assert!(
        is_subsequence(&kb_on_a, &got),
        "a message of the newer export was lost"
    );
    assert!(
        got.len() <= union,
        "{} messages from a chat of {union}",
        got.len()
    );
    let minute = |k: usize| chat[k].0;
    let cut_inside = |k: usize| k > 0 && k < n && minute(k - 1) == minute(k);
    let ambiguous = cut_inside(end) && cut_inside(start) && minute(end) == minute(start);
    if !ambiguous {
        // The chat as the two exports hold it (without a gap between them, if any).
        let held = chat[..end].iter().chain(&chat[start.max(end)..]);
        let truth: Vec<_> = held
            .map(|&(m, s, t)| (m - chat[0].0, s.to_string(), t.to_string()))
            .collect();
        assert_eq!(got, truth, "merge differs from the chat");
    }
});
