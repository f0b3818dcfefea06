//! Privacy options applied before anything is written: pseudonyms for names
//! (`--pseudonymize`), no message text (`--redact`), and finding the user's own side
//! (`--me`).
//!
//! Pseudonyms replace participant names wherever the pipeline put them (participants,
//! labels, notes, evidence, file paths, ids). Names that people typed inside message text
//! are not found; the report's caveats say so.

use crate::chat::short_hash;
use crate::dynamics::Analysis;
use crate::score::ScoredConversation;

/// `Person A`, `Person B`, ... `Person Z`, `Person AA`, ...
fn pseudonym(i: usize) -> String {
    let mut n = i;
    let mut letters = Vec::new();
    loop {
        letters.push((b'A' + (n % 26) as u8) as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    letters.reverse();
    format!("Person {}", letters.into_iter().collect::<String>())
}

/// Replaces every participant name by a pseudonym, and the source path, title and id by
/// neutral ones (`conversation-N`, keeping a stable hash of the original id).
pub fn pseudonymize(scored: &mut ScoredConversation, analysis: &mut Analysis, ordinal: usize) {
    let conv = &mut scored.conversation;
    // Longest names first, so "Anna Maria" is replaced before "Anna".
    let mut order: Vec<usize> = (0..conv.participants.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(conv.participants[i].name.len()));
    let pairs: Vec<(String, String)> = order
        .iter()
        .map(|&i| (conv.participants[i].name.clone(), pseudonym(i)))
        .filter(|(name, _)| !name.is_empty())
        .collect();
    let replace = |s: &str| -> String {
        let mut out = s.to_string();
        for (name, alias) in &pairs {
            out = out.replace(name.as_str(), alias);
        }
        out
    };
    for (i, p) in conv.participants.iter_mut().enumerate() {
        p.name = pseudonym(i);
    }
    for (i, p) in analysis.participants.iter_mut().enumerate() {
        p.name = pseudonym(i);
    }
    // A hash of the real id keeps pseudonymised ids distinct across shards of a batch
    // without showing the names the real id is made from.
    let id = format!("conversation-{}", short_hash(&[&analysis.id]));
    conv.id = id.clone();
    conv.title = None;
    conv.source.files = vec![format!("input {}", ordinal + 1)];
    for w in &mut conv.warnings {
        w.file = format!("input {}", ordinal + 1);
    }
    for m in &mut conv.messages {
        m.file = 0;
        if m.sender.is_none() {
            // System lines ("Anna added Ben") name people.
            m.text = replace(&m.text);
        }
    }
    analysis.id = id;
    analysis.title = None;
    analysis.source = format!("input {}", ordinal + 1);
    analysis.label = replace(&analysis.label);
    analysis.scope_note = analysis.scope_note.as_deref().map(replace);
    for r in &mut analysis.confidence.reasons {
        *r = replace(r);
    }
    for b in &mut analysis.boundaries {
        for e in &mut b.evidence {
            e.sender = replace(&e.sender);
        }
    }
}

/// Empties every message text and evidence quote.
pub fn redact(scored: &mut ScoredConversation, analysis: &mut Analysis) {
    for m in &mut scored.conversation.messages {
        m.text.clear();
    }
    for b in &mut analysis.boundaries {
        for e in &mut b.evidence {
            e.text.clear();
        }
    }
}

/// The participant index of `me`, matched by name (case-insensitive, surrounding spaces
/// ignored). Call before [`pseudonymize`].
pub fn find_me(scored: &ScoredConversation, me: &str) -> Option<usize> {
    let me = me.trim().to_lowercase();
    scored
        .conversation
        .participants
        .iter()
        .position(|p| p.name.trim().to_lowercase() == me)
}

#[cfg(test)]
mod tests {
    use super::pseudonym;

    #[test]
    fn pseudonyms_count_like_spreadsheet_columns() {
        assert_eq!(pseudonym(0), "Person A");
        assert_eq!(pseudonym(25), "Person Z");
        assert_eq!(pseudonym(26), "Person AA");
        assert_eq!(pseudonym(27), "Person AB");
    }
}
