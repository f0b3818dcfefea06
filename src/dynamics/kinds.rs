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
