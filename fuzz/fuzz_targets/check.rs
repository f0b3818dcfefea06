//! Shared by every fuzz target: a parse result must keep the no-loss invariant, and an
//! error must name the input.

use pushpull::chat::MessageKind;
use pushpull::ingest::IngestOptions;
use pushpull::{Conversation, Error};

pub const NAME: &str = "fuzz-input";

pub fn opts() -> IngestOptions {
    IngestOptions::default()
}

/// Panics (a fuzz finding) when a conversation lost lines or an error does not name the input.
pub fn check(result: Result<Vec<Conversation>, Error>) {
    match result {
        Ok(convs) => {
            for conv in convs {
                assert_eq!(
                    conv.source.units_in,
                    conv.units_accounted(),
                    "no-loss invariant broken"
                );
                check_events(&conv);
            }
        }
        Err(e) => assert!(e.to_string().contains(NAME), "error without file name: {e}"),
    }
}

/// Events found inside a record (reactions, edits taking no line) come after the message
/// they are about, and every index is its position.
fn check_events(conv: &Conversation) {
    for (i, m) in conv.messages.iter().enumerate() {
        assert_eq!(m.index, i, "index is position");
        if matches!(m.kind, MessageKind::Reaction | MessageKind::Edit) && m.span.lines == 0 {
            let target = m.reply_to.expect("an event names its message");
            assert!(target < i, "event before its message");
        }
    }
}

/// The same input read as a stream must give the same result as read in memory (used by
/// the targets of the formats that stream).
#[allow(dead_code)]
pub fn same_as_streamed(
    in_memory: &Result<Vec<Conversation>, Error>,
    streamed: Result<Vec<Conversation>, Error>,
) {
    match (in_memory, streamed) {
        (Ok(a), Ok(b)) => assert!(*a == b, "streamed result differs"),
        (Err(_), Err(e)) => assert!(e.to_string().contains(NAME), "error without file name: {e}"),
        (a, b) => panic!("in memory {:?} but streamed {:?}", a.is_ok(), b.is_ok()),
    }
}
