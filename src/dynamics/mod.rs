//! Dynamics: from a scored conversation, response gaps, warmer/cooler phases per person, the
//! push-pull score with attribution, and the evidence messages that show each change.
//! The method is `DYNAMICS.md` (see the README); this stage reads no files and writes none.

use crate::score::ScoredConversation;
use serde::Serialize;

/// The dynamics of one conversation (serialised into `summary.json`).
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub id: String,
}

/// Analyses one scored conversation.
pub fn analyze(conversation: &ScoredConversation) -> Analysis {
    let _ = conversation;
    todo!("dynamics: analyze")
}
