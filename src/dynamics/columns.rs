//! The messages a person's reading walks through, as compact columns built once per
//! conversation: time, sender and 12-hour bin of every message, and each sender's own
//! positions. Reading one person then touches their own messages and a few bytes per message
//! of the others', so the hundred members of a large group are read in about the time of a
//! few passes over the chat rather than a hundred passes over the full message records.

use super::gaps::PairMessage;
use super::presence::Bins;

/// Time, sender and bin of every message of a conversation, column by column, with each
/// sender's own positions.
#[derive(Debug, Clone, Default)]
pub struct Columns {
    /// Seconds on the chat's clock, per message.
    pub t: Vec<f64>,
    /// Sender (`who` of the message).
    pub who: Vec<u32>,
    /// 12-hour bin ([`Bins::index`]).
    pub bin: Vec<u32>,
    /// Per sender (`who`), the positions of their own messages, in order.
    pub own: Vec<Vec<usize>>,
}

impl Columns {
    /// The columns of `msgs` on the bin grid `bins`.
    pub fn new(msgs: &[PairMessage], bins: &Bins) -> Self {
        let senders = msgs.iter().map(|m| m.who + 1).max().unwrap_or(0);
        let mut own = vec![Vec::new(); senders];
        for (i, m) in msgs.iter().enumerate() {
            own[m.who].push(i);
        }
        Columns {
            t: msgs.iter().map(|m| m.t).collect(),
            who: msgs.iter().map(|m| m.who as u32).collect(),
            bin: msgs.iter().map(|m| bins.index(m.t) as u32).collect(),
            own,
        }
    }

    /// Number of messages.
    pub fn len(&self) -> usize {
        self.t.len()
    }

    /// True when there are no messages.
    pub fn is_empty(&self) -> bool {
        self.t.is_empty()
    }

    /// The positions of `who`'s own messages (empty for someone who never wrote).
    pub fn own(&self, who: usize) -> &[usize] {
        self.own.get(who).map_or(&[], Vec::as_slice)
    }

    /// The stretches of the others' messages between `who`'s own messages, as `[from, to)`
    /// position ranges in time order; `to` is the position of `who`'s next message, or the
    /// number of messages for the stretch after their last one. Empty stretches are left out.
    pub fn others_runs(&self, who: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        let own = self.own(who);
        let ends = own.iter().copied().chain(std::iter::once(self.len()));
        let starts = std::iter::once(0).chain(own.iter().map(|&i| i + 1));
        starts.zip(ends).filter(|(a, b)| a < b)
    }
}
