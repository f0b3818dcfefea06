//! Validation of the dynamics stage on planted conversations (docs/method.md §4): every
//! scenario × seed is generated, written as an export, read back and analysed, and the
//! result compared with what was planted: push-pull scores, boundary F1 within ±3 days,
//! per-day label accuracy, reversal-count error, AUC and TPR/FPR at 30 against the
//! controls, and attribution (the planted person scores higher).

use super::{day_zero, ExportFormat, Scenario, Synthetic, SCENARIOS};
use crate::chat::{
    App, Conversation, Format, Message, MessageKind, Participant, SourceInfo, SourceSpan, Timestamp,
};
use crate::dynamics::{analyze, Analysis, PhaseLabel};
use crate::error::{Error, Result};
use crate::ingest::IngestOptions;
use crate::score::{score_conversation, Score, Scored, ScoredConversation, Scorer};
use chrono::TimeDelta;
use rayon::prelude::*;
use std::fmt::Write;

/// Boundary matching tolerance (days).
pub const MARGIN_DAYS: f64 = 3.0;
/// Score threshold for TPR/FPR.
pub const THRESHOLD: f64 = 30.0;
/// Seeds start here (as in the prototype's evaluation).
pub const FIRST_SEED: u64 = 1000;

/// How a planted conversation reaches the dynamics stage.
#[derive(Clone, Copy)]
pub enum Pipeline<'a> {
    /// The whole pipeline: the export file's bytes are parsed by the ingest stage and every
    /// message is scored by `scorer` from its text.
    Full {
        /// The scorer that reads each message's text.
        scorer: &'a dyn Scorer,
    },
    /// Diagnostic: the planted messages and warmth go straight to dynamics (no text, no
    /// parser, no scorer), at the export's time resolution.
    Planted,
}

impl Pipeline<'_> {
    /// The pipeline in words, for the validation table.
    pub fn describe(&self) -> String {
        match self {
            Pipeline::Full { scorer } => format!(
                "export file -> ingest parse -> {} scorer -> dynamics",
                scorer.name()
            ),
            Pipeline::Planted => "planted warmth straight to dynamics (diagnostic)".to_string(),
        }
    }
}

/// The outcome of one scenario × seed.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// The scenario run.
    pub scenario: Scenario,
    /// The seed it was drawn with.
    pub seed: u64,
    /// A's (the partner's) score.
    pub score_a: f64,
    /// B's score.
    pub score_b: f64,
    /// Boundary F1 for B: planted changes found within ±3 days.
    pub f1: f64,
    /// Per-day label accuracy for B (`None` unless B has planted warm and cold days).
    pub accuracy: Option<f64>,
    /// Reversals found for B.
    pub reversals_b: usize,
    /// Reversals planted for B.
    pub planted_reversals: usize,
}

/// Runs every scenario for `seeds` seeds of `days` days, in parallel. Fails on the first
/// export that does not read back (that would be a bug in the writer or the reader).
pub fn run(
    seeds: u64,
    days: usize,
    pipeline: Pipeline<'_>,
    format: ExportFormat,
) -> Result<Vec<RunResult>> {
    let jobs: Vec<(Scenario, u64)> = SCENARIOS
        .iter()
        .flat_map(|&s| (0..seeds).map(move |k| (s, FIRST_SEED + k)))
        .collect();
    jobs.into_par_iter()
        .map(|(scenario, seed)| {
            let synth = Synthetic::generate(scenario, days, seed, super::default_names());
            let scored = match pipeline {
                Pipeline::Planted => planted_conversation(&synth, format),
                Pipeline::Full { scorer } => through_pipeline(&synth, format, scorer)?,
            };
            Ok(evaluate(&synth, &analyze(&scored)))
        })
        .collect()
}

/// Writes the export, parses it back with the ingest stage and scores it.
pub fn through_pipeline(
    s: &Synthetic,
    format: ExportFormat,
    scorer: &dyn Scorer,
) -> Result<ScoredConversation> {
    let (name, bytes) = s.render(format)?;
    let display = format!("{}-{}/{name}", s.scenario.name(), s.seed);
    let conversations = crate::ingest::parse_bytes(&display, &bytes, &IngestOptions::default())?;
    let conversation = conversations
        .into_iter()
        .next()
        .ok_or_else(|| Error::input(&display, None, "no conversation read back"))?;
    score_conversation(conversation, scorer)
}

/// The planted conversation as the dynamics stage would get it from a perfect parser and a
/// scorer that returns the planted warmth.
pub fn planted_conversation(s: &Synthetic, format: ExportFormat) -> ScoredConversation {
    let messages = s
        .messages
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let mut wall = s.wall(i);
            if format.minute_resolution() {
                wall -= TimeDelta::seconds(i64::from(chrono::Timelike::second(&wall)));
            }
            Message {
                index: i,
                timestamp: Timestamp::local(wall),
                sender: Some(m.who),
                kind: MessageKind::Text,
                text: s.texts[i].clone(),
                edited: false,
                reply_to: None,
                file: 0,
                span: SourceSpan {
                    line: i + 2,
                    lines: 1,
                },
            }
        })
        .collect();
    let scores = s
        .messages
        .iter()
        .map(|m| {
            Some(Scored {
                score: Score {
                    warmth: m.warmth as f32,
                    confidence: 1.0,
                },
                ..Scored::default()
            })
        })
        .collect();
    let conversation = Conversation {
        id: format!("{}-{}", s.scenario.name(), s.seed),
        title: None,
        source: SourceInfo {
            files: vec![format!("planted:{}:{}", s.scenario.name(), s.seed)],
            format: Format::WhatsAppText,
            app: App::WhatsApp,
            units_in: s.messages.len() + 1,
            zone: None,
        },
        participants: s
            .names
            .iter()
            .map(|n| Participant { name: n.clone() })
            .collect(),
        messages,
        warnings: Vec::new(),
    };
    ScoredConversation {
        languages: crate::lang::LanguageProfile::of(&conversation),
        conversation,
        scores,
    }
}

/// Compares an analysis with what was planted.
pub fn evaluate(s: &Synthetic, a: &Analysis) -> RunResult {
    let person = |name: &str| a.participants.iter().position(|p| p.name == name);
    let score = |name: &str| {
        person(name)
            .and_then(|i| a.participants[i].push_pull_score)
            .unwrap_or(0.0)
    };
    let day_of = |ts: &Timestamp| (ts.wall - day_zero()).num_seconds() as f64 / 86_400.0;
    let b = person(&s.names[1]);
    let phases = b
        .map(|i| a.participants[i].phases.as_slice())
        .unwrap_or(&[]);
    let found: Vec<f64> = phases.iter().skip(1).map(|p| day_of(&p.start)).collect();
    let planted: Vec<f64> = s.truth.changes[1].iter().map(|&d| d as f64).collect();
    let truth_labels = &s.truth.labels[1];
    let planted_both = truth_labels.contains(&1) && truth_labels.contains(&-1);
    let accuracy = planted_both.then(|| {
        let hits = (0..s.days)
            .filter(|&d| {
                let t = d as f64;
                let label = phases
                    .iter()
                    .find(|p| day_of(&p.start) <= t && t < day_of(&p.end))
                    .map_or(0, |p| match p.label {
                        PhaseLabel::Warmer => 1,
                        PhaseLabel::Cooler => -1,
                        PhaseLabel::Steady => 0,
                    });
                label == truth_labels[d]
            })
            .count();
        hits as f64 / s.days as f64
    });
    RunResult {
        scenario: s.scenario,
        seed: s.seed,
        score_a: score(&s.names[0]),
        score_b: score(&s.names[1]),
        f1: boundary_f1(&planted, &found, MARGIN_DAYS),
        accuracy,
        reversals_b: b.map_or(0, |i| a.participants[i].reversals),
        planted_reversals: s.truth.changes[1].len().saturating_sub(1),
    }
}

/// F1 of found change points against planted ones, a match being within `margin`.
/// 1 when neither has any.
pub fn boundary_f1(planted: &[f64], found: &[f64], margin: f64) -> f64 {
    if planted.is_empty() && found.is_empty() {
        return 1.0;
    }
    let near = |x: f64, ys: &[f64]| ys.iter().any(|y| (x - y).abs() <= margin);
    let recall = if planted.is_empty() {
        1.0
    } else {
        planted.iter().filter(|&&t| near(t, found)).count() as f64 / planted.len() as f64
    };
    let precision = if found.is_empty() {
        1.0
    } else {
        found.iter().filter(|&&f| near(f, planted)).count() as f64 / found.len() as f64
    };
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// Probability that a positive outscores a negative (ties count half).
pub fn auc(pos: &[f64], neg: &[f64]) -> Option<f64> {
    if pos.is_empty() || neg.is_empty() {
        return None;
    }
    let mut total = 0.0;
    for p in pos {
        for n in neg {
            total += if p > n {
                1.0
            } else if p == n {
                0.5
            } else {
                0.0
            };
        }
    }
    Some(total / (pos.len() * neg.len()) as f64)
}

/// The prototype's table: one row per scenario, then FPR over all controls.
pub fn table(results: &[RunResult]) -> String {
    let mut out = String::new();
    let max_ab = |r: &RunResult| r.score_a.max(r.score_b);
    let neg: Vec<f64> = results
        .iter()
        .filter(|r| r.scenario.is_control())
        .map(max_ab)
        .collect();
    let _ = writeln!(
        out,
        "{:<14} {:>5} {:>7} {:>7} {:>6} {:>5} {:>5} {:>7} {:>6} {:>6} {:>7}",
        "scenario",
        "runs",
        "score_B",
        "score_A",
        "max",
        "F1",
        "acc",
        "rev_err",
        "AUC",
        "TPR30",
        "attrib"
    );
    for &sc in &SCENARIOS {
        let rows: Vec<&RunResult> = results.iter().filter(|r| r.scenario == sc).collect();
        if rows.is_empty() {
            continue;
        }
        let n = rows.len() as f64;
        let mean = |f: &dyn Fn(&RunResult) -> f64| rows.iter().map(|r| f(r)).sum::<f64>() / n;
        let max = rows.iter().map(|r| max_ab(r)).fold(0.0, f64::max);
        let accs: Vec<f64> = rows.iter().filter_map(|r| r.accuracy).collect();
        let acc = if accs.is_empty() {
            "-".to_string()
        } else {
            format!("{:.2}", accs.iter().sum::<f64>() / accs.len() as f64)
        };
        let pos: Vec<f64> = rows.iter().map(|r| max_ab(r)).collect();
        let (auc_s, tpr_s, attrib_s) = if sc.is_control() {
            ("-".to_string(), "-".to_string(), "-".to_string())
        } else {
            let tpr = pos.iter().filter(|&&s| s >= THRESHOLD).count() as f64 / n;
            let attrib = mean(&|r| f64::from(u8::from(r.score_b > r.score_a)));
            (
                auc(&pos, &neg).map_or("-".to_string(), |a| format!("{a:.3}")),
                format!("{tpr:.2}"),
                format!("{attrib:.2}"),
            )
        };
        let _ = writeln!(
            out,
            "{:<14} {:>5} {:>7.1} {:>7.1} {:>6.1} {:>5.2} {:>5} {:>7.1} {:>6} {:>6} {:>7}",
            sc.name(),
            rows.len(),
            mean(&|r| r.score_b),
            mean(&|r| r.score_a),
            max,
            mean(&|r| r.f1),
            acc,
            mean(&|r| (r.reversals_b as f64 - r.planted_reversals as f64).abs()),
            auc_s,
            tpr_s,
            attrib_s
        );
    }
    let fpr = neg.iter().filter(|&&s| s >= THRESHOLD).count() as f64 / neg.len().max(1) as f64;
    let _ = writeln!(
        out,
        "controls: FPR@{THRESHOLD} = {fpr:.3} ({} of {} runs score >= {THRESHOLD}; max {:.1})",
        neg.iter().filter(|&&s| s >= THRESHOLD).count(),
        neg.len(),
        neg.iter().copied().fold(0.0, f64::max)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_and_auc() {
        assert_eq!(boundary_f1(&[], &[], 3.0), 1.0);
        assert_eq!(boundary_f1(&[10.0], &[12.5], 3.0), 1.0);
        assert_eq!(boundary_f1(&[10.0], &[14.0], 3.0), 0.0);
        assert!((boundary_f1(&[10.0, 30.0], &[11.0], 3.0) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(auc(&[2.0, 3.0], &[1.0, 2.0]), Some(0.875));
    }
}
