//! Merges overlapping exports of one conversation (an older and a newer export, or two
//! exports made on different days) into one, without losing or doubling a message.
//!
//! Two conversations of one batch are the same chat when they come from the same app and
//! share enough distinct messages: the same sender, text and minute (minutes, not seconds, so an
//! Android export and an iOS one of the same chat match). Merging is order-aware: within each
//! minute the two sequences are aligned by longest common subsequence, so two distinct
//! identical messages in one minute both survive while a message present in both exports is
//! kept once. A message dropped as a duplicate is accounted for by a warning covering its
//! lines (lines in = messages + warnings still holds), and the merged conversation lists
//! every file in `source.files`.

use crate::chat::{conversation_id, Conversation, IngestWarning, Message};
use std::collections::{HashMap, HashSet};

/// Shared distinct messages needed to call two exports one chat: at least this many...
pub const MIN_SHARED: usize = 3;
/// ...and at least this share of the smaller export's messages (percent).
pub const MIN_SHARED_PERCENT: usize = 5;
/// Largest minute (messages per export) aligned exactly; beyond, a greedy match.
const MAX_ALIGN: usize = 256;

/// (minute, sender name, text): what makes two messages of two exports the same message.
type Key<'a> = (i64, Option<&'a str>, &'a str);

fn key<'a>(conv: &'a Conversation, m: &'a Message) -> Key<'a> {
    (
        m.timestamp.wall_secs().div_euclid(60),
        conv.sender_name(m),
        m.text.trim(),
    )
}

/// A 32-bit hash of a message's [`Key`], for finding candidates in a whole batch
/// ([`super::overlap`]); the same on every run and machine.
pub(crate) fn key_hash(conv: &Conversation, m: &Message) -> u32 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    key(conv, m).hash(&mut h);
    h.finish() as u32
}

/// Merges every group of overlapping conversations in `convs` (input order is kept: a
/// merged conversation takes the place of its first part and lists every part's files).
pub fn merge_overlapping(convs: Vec<Conversation>) -> Vec<Conversation> {
    let mut out: Vec<Conversation> = Vec::with_capacity(convs.len());
    for conv in convs {
        match out.iter().position(|o| same_chat(o, &conv)) {
            Some(k) => {
                let base = std::mem::replace(&mut out[k], placeholder());
                out[k] = merge_two(base, conv);
            }
            None => out.push(conv),
        }
    }
    out
}

/// True when `a` and `b` are exports of one chat (see the module comment). Distinct
/// messages (keys) are counted, as the batch search ([`super::overlap`]) counts them, so
/// both find the same pairs: a message repeated in one minute counts once.
pub fn same_chat(a: &Conversation, b: &Conversation) -> bool {
    if a.source.app != b.source.app || a.messages.is_empty() || b.messages.is_empty() {
        return false;
    }
    let keys_a: HashSet<Key> = a.messages.iter().map(|m| key(a, m)).collect();
    let keys_b: HashSet<Key> = b.messages.iter().map(|m| key(b, m)).collect();
    let shared = keys_b.iter().filter(|k| keys_a.contains(*k)).count();
    let smaller = keys_a.len().min(keys_b.len());
    shared >= MIN_SHARED && shared * 100 >= smaller * MIN_SHARED_PERCENT
}

fn placeholder() -> Conversation {
    Conversation {
        id: String::new(),
        title: None,
        source: crate::chat::SourceInfo {
            files: Vec::new(),
            format: crate::chat::Format::WhatsAppText,
            app: crate::chat::App::WhatsApp,
            units_in: 0,
            zone: None,
        },
        participants: Vec::new(),
        messages: Vec::new(),
        warnings: Vec::new(),
    }
}

/// Where a message of the merged conversation comes from.
#[derive(Clone, Copy)]
enum From {
    A(usize),
    B(usize),
}

/// Merges `b` into `a`.
pub fn merge_two(mut a: Conversation, b: Conversation) -> Conversation {
    let order = align(&a, &b);
    // B's participants by name into A's list; B's file indexes after A's.
    let mut person: HashMap<usize, usize> = HashMap::new();
    for (i, p) in b.participants.iter().enumerate() {
        let id = match a.participants.iter().position(|q| q.name == p.name) {
            Some(id) => id,
            None => {
                a.participants.push(p.clone());
                a.participants.len() - 1
            }
        };
        person.insert(i, id);
    }
    let file_shift = a.source.files.len();
    let b_files = b.source.files.clone();
    // Old index → new index, for reply links; B's duplicates point at their A twin.
    let mut new_a = vec![0usize; a.messages.len()];
    let mut new_b = vec![None; b.messages.len()];
    let mut kept: Vec<Message> = Vec::with_capacity(order.kept.len());
    let mut a_msgs: Vec<Option<Message>> = a.messages.drain(..).map(Some).collect();
    let mut b_msgs: Vec<Option<Message>> = b.messages.into_iter().map(Some).collect();
    for from in &order.kept {
        let mut m = match *from {
            From::A(i) => {
                new_a[i] = kept.len();
                a_msgs[i].take().expect("each message kept once")
            }
            From::B(j) => {
                new_b[j] = Some(kept.len());
                let mut m = b_msgs[j].take().expect("each message kept once");
                m.sender = m.sender.and_then(|s| person.get(&s).copied());
                m.file += file_shift;
                m
            }
        };
        m.index = kept.len();
        kept.push(m);
    }
    for &(j, i) in &order.twins {
        new_b[j] = Some(new_a[i]);
    }
    for m in &mut kept {
        // Replies were indexes into their own export; both exports' messages are renumbered.
        m.reply_to = m.reply_to.and_then(|r| {
            if m.file >= file_shift {
                new_b.get(r).copied().flatten()
            } else {
                new_a.get(r).copied()
            }
        });
    }
    let mut warnings = a.warnings;
    warnings.extend(b.warnings);
    warnings.extend(duplicate_warnings(&b_msgs, &b_files, &a.source.files));
    a.source.files.extend(b_files);
    a.source.units_in += b.source.units_in;
    a.id = conversation_id(&a.source.files.join(";"), a.title.as_deref());
    Conversation {
        messages: kept,
        warnings,
        title: a.title.or(b.title),
        ..a
    }
}

/// One warning per run of consecutive duplicates of B (those not taken into the merge),
/// covering their lines.
fn duplicate_warnings(
    dropped: &[Option<Message>],
    b_files: &[String],
    a_files: &[String],
) -> Vec<IngestWarning> {
    let mut out: Vec<IngestWarning> = Vec::new();
    let mut prev_end: Option<(usize, usize)> = None;
    for m in dropped.iter().flatten() {
        let contiguous = prev_end == Some((m.file, m.span.line));
        match out.last_mut() {
            Some(w) if contiguous => w.lines += m.span.lines,
            _ => out.push(IngestWarning {
                file: b_files.get(m.file).cloned().unwrap_or_default(),
                line: m.span.line,
                lines: m.span.lines,
                reason: format!(
                    "messages already read from {} (overlapping export merged)",
                    a_files.join("; ")
                ),
            }),
        }
        prev_end = Some((m.file, m.span.line + m.span.lines));
    }
    out
}

/// The merged order: every kept message, and B's duplicates with the A message they match.
struct Alignment {
    kept: Vec<From>,
    twins: Vec<(usize, usize)>,
}

/// Walks both exports minute by minute (each sorted by time, as parsed) and aligns the
/// messages of each minute.
fn align(a: &Conversation, b: &Conversation) -> Alignment {
    let minute = |m: &Message| m.timestamp.wall_secs().div_euclid(60);
    let mut out = Alignment {
        kept: Vec::with_capacity(a.messages.len() + b.messages.len()),
        twins: Vec::new(),
    };
    let (mut i, mut j) = (0, 0);
    let (na, nb) = (a.messages.len(), b.messages.len());
    while i < na || j < nb {
        let ma = a.messages.get(i).map(minute);
        let mb = b.messages.get(j).map(minute);
        let t = match (ma, mb) {
            (Some(x), Some(y)) => x.min(y),
            (Some(x), None) | (None, Some(x)) => x,
            (None, None) => break,
        };
        let i_end = (i..na).find(|&k| minute(&a.messages[k]) != t).unwrap_or(na);
        let j_end = (j..nb).find(|&k| minute(&b.messages[k]) != t).unwrap_or(nb);
        align_minute(a, b, i..i_end, j..j_end, &mut out);
        i = i_end;
        j = j_end;
    }
    out
}

/// Aligns one minute's messages by longest common subsequence of (sender, text): matched
/// pairs are one message (A's kept), the rest of both sides survive in order.
fn align_minute(
    a: &Conversation,
    b: &Conversation,
    ra: std::ops::Range<usize>,
    rb: std::ops::Range<usize>,
    out: &mut Alignment,
) {
    let ka: Vec<Key> = ra.clone().map(|k| key(a, &a.messages[k])).collect();
    let kb: Vec<Key> = rb.clone().map(|k| key(b, &b.messages[k])).collect();
    let (n, m) = (ka.len(), kb.len());
    if n == 0 || m == 0 || n > MAX_ALIGN || m > MAX_ALIGN {
        return greedy_minute(&ka, &kb, ra.start, rb.start, out);
    }
    // lcs[x][y] = LCS length of ka[x..] and kb[y..].
    let mut lcs = vec![0u16; (n + 1) * (m + 1)];
    let at = |x: usize, y: usize| x * (m + 1) + y;
    for x in (0..n).rev() {
        for y in (0..m).rev() {
            lcs[at(x, y)] = if ka[x] == kb[y] {
                lcs[at(x + 1, y + 1)] + 1
            } else {
                lcs[at(x + 1, y)].max(lcs[at(x, y + 1)])
            };
        }
    }
    let (mut x, mut y) = (0, 0);
    while x < n || y < m {
        if x < n && y < m && ka[x] == kb[y] {
            out.kept.push(From::A(ra.start + x));
            out.twins.push((rb.start + y, ra.start + x));
            x += 1;
            y += 1;
        } else if y == m || (x < n && lcs[at(x + 1, y)] >= lcs[at(x, y + 1)]) {
            out.kept.push(From::A(ra.start + x));
            x += 1;
        } else {
            out.kept.push(From::B(rb.start + y));
            y += 1;
        }
    }
}

/// For a minute too busy to align exactly: each B message matches the first unmatched equal
/// A message (as many duplicates collapse as the smaller side has), then B's rest follows.
fn greedy_minute(ka: &[Key], kb: &[Key], a0: usize, b0: usize, out: &mut Alignment) {
    let mut used = vec![false; ka.len()];
    out.kept.extend((0..ka.len()).map(|x| From::A(a0 + x)));
    for (y, k) in kb.iter().enumerate() {
        match (0..ka.len()).find(|&x| !used[x] && ka[x] == *k) {
            Some(x) => {
                used[x] = true;
                out.twins.push((b0 + y, a0 + x));
            }
            None => out.kept.push(From::B(b0 + y)),
        }
    }
}
