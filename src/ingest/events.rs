//! Events that an export records inside another message's record (a reaction listed on a
//! message, the time a message was edited) and that become messages of their own:
//! [`MessageKind::Reaction`] and [`MessageKind::Edit`] with their sender, time and target.
//!
//! Parsers collect them as [`PendingEvent`]s while they push messages; [`weave`] puts each
//! one after its target, later than the messages that came before the event's own time, and
//! renumbers everything (replies and targets follow). An event takes no input line of its
//! own (span of 0 lines, pointing at its target's record), so the no-loss accounting
//! (`units_in == Σ spans`) is unchanged: the record is counted once, by its message.

use crate::chat::{
    GroupEvent, Message, MessageKind, Participant, ParticipantId, SourceSpan, Timestamp,
};

/// An event found in the record of message `target` (an index into the messages so far).
#[derive(Debug, Clone)]
pub struct PendingEvent {
    /// Index of the message the event is about.
    pub target: usize,
    /// [`MessageKind::Reaction`] or [`MessageKind::Edit`].
    pub kind: MessageKind,
    /// Who reacted or edited, when the export says.
    pub sender: Option<ParticipantId>,
    /// The event's own time, when the export records it; else the target's time.
    pub timestamp: Option<Timestamp>,
    /// The emoji, or the tapback's word, or the edit's note.
    pub text: String,
}

/// `messages` with `events` woven in, all renumbered. Each event goes right after its
/// target, or after the later messages whose time is not after the event's own time.
/// Messages keep their order. Parsers only create events for messages they pushed, so
/// every target exists.
pub fn weave(messages: Vec<Message>, mut events: Vec<PendingEvent>) -> Vec<Message> {
    if events.is_empty() {
        return messages;
    }
    // Slot: the index of the message the event follows.
    let mut slotted: Vec<(usize, usize, PendingEvent)> = events
        .drain(..)
        .enumerate()
        .map(|(order, e)| {
            // Messages are in time order (as parsed), so a binary search finds the place.
            let slot = match e.timestamp {
                Some(at) => {
                    let later = &messages[e.target + 1..];
                    e.target + later.partition_point(|m| m.timestamp.wall <= at.wall)
                }
                None => e.target,
            };
            (slot, order, e)
        })
        .collect();
    slotted.sort_by(|a, b| {
        let time = |e: &PendingEvent| e.timestamp.map(|t| t.wall);
        (a.0, time(&a.2), a.1).cmp(&(b.0, time(&b.2), b.1))
    });
    let total = messages.len() + slotted.len();
    // Old message index → new index, to renumber replies and targets.
    let mut new_index = vec![0usize; messages.len()];
    let mut next_event = slotted.iter().peekable();
    let mut position = 0;
    for (i, slot) in new_index.iter_mut().enumerate() {
        *slot = position;
        position += 1;
        while next_event.next_if(|(s, _, _)| *s == i).is_some() {
            position += 1;
        }
    }
    let mut out: Vec<Message> = Vec::with_capacity(total);
    let mut events = slotted.into_iter().peekable();
    for (i, mut m) in messages.into_iter().enumerate() {
        m.reply_to = m.reply_to.map(|r| new_index[r]);
        m.index = out.len();
        out.push(m);
        while let Some((_, _, e)) = events.next_if(|(s, _, _)| *s == i) {
            let target = &out[new_index[e.target]];
            let event = Message {
                index: out.len(),
                timestamp: e.timestamp.unwrap_or(target.timestamp),
                sender: e.sender,
                kind: e.kind,
                text: e.text,
                edited: false,
                reply_to: Some(target.index),
                file: target.file,
                span: SourceSpan {
                    line: target.span.line,
                    lines: 0,
                },
            };
            out.push(event);
        }
    }
    out
}

/// Gives author-less group events (`Anna left`, `Anna added Ben`) their actor: the longest
/// participant name the text starts with, followed by a space. Nobody is added: a name that
/// never wrote stays in the text only.
pub fn name_group_actors(messages: &mut [Message], participants: &[Participant]) {
    for m in messages
        .iter_mut()
        .filter(|m| m.sender.is_none() && matches!(m.kind, MessageKind::Group(_)))
    {
        m.sender = participants
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                !p.name.is_empty()
                    && m.text
                        .strip_prefix(p.name.as_str())
                        .is_some_and(|rest| rest.starts_with(' '))
            })
            .max_by_key(|(_, p)| p.name.len())
            .map(|(id, _)| id);
    }
}

/// The group event an English system line describes (WhatsApp, Discord, iMessage fallback
/// texts), or `None` for other system lines.
pub fn group_event_from_text(text: &str) -> Option<GroupEvent> {
    let t = text.trim().trim_end_matches('.');
    let lower = t.to_lowercase();
    if lower.contains(" joined using this group's invite link")
        || lower.contains(" joined using this community's invite link")
        || lower.ends_with(" joined")
        || lower == "joined the server"
        || lower.ends_with(" joined the group")
    {
        return Some(GroupEvent::Joined);
    }
    if lower.ends_with(" left") || lower == "left the group" || lower.ends_with(" left the group") {
        return Some(GroupEvent::Left);
    }
    if lower.contains(" changed the subject ")
        || lower.contains(" changed the group name")
        || lower.contains(" changed this group's name")
        || lower.contains(" renamed the conversation")
        || lower.contains("changed the channel name")
        || lower.contains(" named the conversation")
    {
        return Some(GroupEvent::Subject);
    }
    if lower.contains(" added ") || lower.starts_with("added ") || lower.contains(" added you") {
        return Some(GroupEvent::Added);
    }
    if lower.contains(" removed ") || lower.starts_with("removed ") {
        return Some(GroupEvent::Removed);
    }
    None
}
