//! The terminal summary printed after `analyze` (not with `--quiet`): the conversations
//! with the highest push-pull scores first, each with its band and finding, then how many
//! more there are, the conversations with too little data to score, and the failures.

use super::fmt::{band_name, score_text};
use super::BatchSummary;
use crate::dynamics::Band;

/// Conversations listed by name; the rest are counted.
const TOP: usize = 10;

/// One line per conversation for the top [`TOP`] (highest score first, "not enough data"
/// after every score), a count of the rest, one line per failure and a closing line.
pub fn terminal_summary(summary: &BatchSummary) -> String {
    let rows = &summary.conversations;
    let mut order: Vec<usize> = (0..rows.len()).collect();
    // Stable: equal scores keep input order.
    order.sort_by(|&a, &b| {
        let key = |i: usize| {
            let r = &rows[i];
            (r.band != Band::NotEnoughData, r.push_pull_score)
        };
        let (ka, kb) = (key(a), key(b));
        kb.0.cmp(&ka.0).then(kb.1.total_cmp(&ka.1))
    });
    let mut s = String::new();
    if !rows.is_empty() {
        s.push_str("  score  band              messages  conversation: finding\n");
    }
    for &i in order.iter().take(TOP) {
        let r = &rows[i];
        s.push_str(&format!(
            "  {:>5}  {:<16}  {:>8}  {}: {}\n",
            score_text(r.band, r.push_pull_score),
            band_name(r.band),
            r.messages,
            r.title,
            r.label,
        ));
    }
    if rows.len() > TOP {
        let rest = &order[TOP..];
        let no_data = rest
            .iter()
            .filter(|&&i| rows[i].band == Band::NotEnoughData)
            .count();
        s.push_str(&format!(
            "  … and {} more ({} of them with not enough data to score); all are in index.html\n",
            rest.len(),
            no_data
        ));
    }
    for f in &summary.failures {
        s.push_str(&format!("  failed: {}: {}\n", f.input, f.error));
    }
    s.push_str(&format!(
        "{} conversation(s) analysed, {} failed; reports in {}\n",
        rows.len(),
        summary.failures.len(),
        summary.out_dir.display()
    ));
    s
}
