//! Which inputs of a batch hold exports of one chat, found before the batch is analysed a
//! few inputs at a time (`analyze --merge auto`): each conversation leaves 4 bytes per
//! message (a hash of each message's minute, sender and text, the key [`super::merge`]
//! matches on) and is dropped; conversations of one app sharing at least
//! [`merge::MIN_SHARED`](super::merge) keys and that share of the smaller one are
//! candidates. Their inputs are then read together and merged by
//! [`merge::merge_overlapping`](super::merge::merge_overlapping), which decides on the
//! messages themselves, so a hash collision costs time, never a wrong merge.

use super::merge::{key_hash, MIN_SHARED, MIN_SHARED_PERCENT};
use crate::chat::{App, Conversation};
use std::collections::HashMap;

/// Keys shared by more conversations than this are ignored (a busy minute of identical
/// messages in many chats says nothing about which chats are one).
const MAX_SHARERS: usize = 8;

/// The key hashes of a batch's conversations.
#[derive(Default)]
pub struct OverlapFinder {
    /// (key hash, conversation number), each key once per conversation.
    keys: Vec<(u32, u32)>,
    /// Per conversation number: its input, app and distinct keys.
    convs: Vec<(usize, App, usize)>,
}

/// One conversation's distinct key hashes, sorted: what [`OverlapFinder::add`] keeps.
pub struct Sketch {
    app: App,
    keys: Vec<u32>,
}

impl Sketch {
    /// The sketch of a parsed conversation.
    pub fn of(conv: &Conversation) -> Self {
        let mut keys: Vec<u32> = conv.messages.iter().map(|m| key_hash(conv, m)).collect();
        keys.sort_unstable();
        keys.dedup();
        Sketch {
            app: conv.source.app,
            keys,
        }
    }
}

impl OverlapFinder {
    /// Adds a conversation read from input number `input`.
    pub fn add(&mut self, input: usize, sketch: Sketch) {
        let n = u32::try_from(self.convs.len()).unwrap_or(u32::MAX);
        self.convs.push((input, sketch.app, sketch.keys.len()));
        self.keys.extend(sketch.keys.into_iter().map(|k| (k, n)));
    }

    /// Groups of two or more input numbers (each sorted, groups by their first input) whose
    /// conversations may be exports of one chat.
    pub fn groups(mut self) -> Vec<Vec<usize>> {
        self.keys.sort_unstable();
        let mut shared: HashMap<(u32, u32), usize> = HashMap::new();
        for run in self.keys.chunk_by(|a, b| a.0 == b.0) {
            if run.len() < 2 || run.len() > MAX_SHARERS {
                continue;
            }
            for (i, a) in run.iter().enumerate() {
                for b in &run[i + 1..] {
                    *shared.entry((a.1, b.1)).or_default() += 1;
                }
            }
        }
        let mut parent: Vec<usize> = (0..self.convs.len()).collect();
        for ((a, b), n) in shared {
            let ((ia, app_a, na), (ib, app_b, nb)) =
                (self.convs[a as usize], self.convs[b as usize]);
            let overlaps = n >= MIN_SHARED && n * 100 >= na.min(nb) * MIN_SHARED_PERCENT;
            if app_a == app_b && ia != ib && overlaps {
                union(&mut parent, a as usize, b as usize);
            }
        }
        let mut by_root: HashMap<usize, Vec<usize>> = HashMap::new();
        for c in 0..self.convs.len() {
            let root = find(&mut parent, c);
            by_root.entry(root).or_default().push(self.convs[c].0);
        }
        let mut groups: Vec<Vec<usize>> = by_root
            .into_values()
            .map(|mut g| {
                g.sort_unstable();
                g.dedup();
                g
            })
            .filter(|g| g.len() > 1)
            .collect();
        groups.sort();
        groups
    }
}

fn find(parent: &mut [usize], mut x: usize) -> usize {
    while parent[x] != x {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    x
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    parent[ra.max(rb)] = ra.min(rb);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{parse_bytes, IngestOptions};

    fn conv(text: &str) -> Conversation {
        parse_bytes("t.txt", text.as_bytes(), &IngestOptions::default())
            .unwrap()
            .remove(0)
    }

    #[test]
    fn finds_overlapping_exports_and_leaves_other_chats_apart() {
        let lines: Vec<String> = (0..40)
            .map(|i| {
                format!(
                    "1/15/24, 9:{i:02} PM - {}: message {i}",
                    ["Anna", "Ben"][i % 2]
                )
            })
            .collect();
        let older = lines[..25].join("\n");
        let newer = lines[15..].join("\n");
        let other = "1/16/24, 9:00 PM - Cara: hi\n1/16/24, 9:01 PM - Dan: yo\n";
        let mut finder = OverlapFinder::default();
        for (input, text) in [(0, other), (1, older.as_str()), (2, newer.as_str())] {
            finder.add(input, Sketch::of(&conv(text)));
        }
        assert_eq!(finder.groups(), [vec![1, 2]]);
    }
}
