//! Which messages the dynamics stage counts, by kind, in one place (new kinds such as
//! reactions or events are decided here).

use crate::chat::MessageKind;

/// A message a person wrote to the others (timing counts); system lines and reactions (events
/// about another message) do not.
pub fn is_written(kind: MessageKind) -> bool {
    kind.is_turn()
}

/// A message whose text is the person's own words (length, words, questions).
pub fn has_words(kind: MessageKind) -> bool {
    kind == MessageKind::Text
}

/// An event about another message (a reaction, an edit): it has its own sender and time
/// but is not a message of its own, so it is left out of message and day counts.
pub fn is_about_another(kind: MessageKind) -> bool {
    matches!(kind, MessageKind::Reaction | MessageKind::Edit)
}

/// A group event (joined, left, added, removed, renamed): part of the conversation's
/// timeline, but no message its actor wrote, so not in their message count.
pub fn is_group_event(kind: MessageKind) -> bool {
    matches!(kind, MessageKind::Group(_))
}
