//! `pushpull validate --realistic`: every realistic scenario × seed is generated, written as
//! a real export, parsed by the ingest stage, scored from its text and analysed, then
//! compared with what was planted: the withdrawing person's score against everyone else's,
//! whether they are named (highest score), boundary F1 within ±3 days, AUC and TPR at 30
//! against the control runs, and the acceptance checks.

use super::stats::{self, PhaseStats};
use super::{RealisticChat, RealisticScenario, REALISTIC};
use crate::dynamics::{analyze, Analysis};
use crate::error::{Error, Result};
use crate::ingest::IngestOptions;
use crate::score::{score_conversation, ScoredConversation, Scorer};
use crate::synth::day_zero;
use crate::synth::utterances::Utterances;
use crate::synth::validate::{auc, boundary_f1, FIRST_SEED, MARGIN_DAYS, THRESHOLD};
use crate::synth::ExportFormat;
use rayon::prelude::*;
use std::fmt::Write;

/// The outcome of one realistic scenario × seed.
#[derive(Debug, Clone)]
pub struct RealRun {
    /// The scenario run.
    pub scenario: RealisticScenario,
    /// The seed it was drawn with.
    pub seed: u64,
    /// Messages generated.
    pub generated: usize,
    /// Messages with a sender read back from the export.
    pub parsed: usize,
    /// Per generated participant (in [`RealisticScenario::names`] order): push-pull score,
    /// 0 when the analysis gave that person none.
    pub scores: Vec<f64>,
    /// The planted withdrawer (index into `scores`), `None` in controls.
    pub planted: Option<usize>,
    /// Boundary F1 (±3 days) of the withdrawer's phases against the planted changes.
    pub f1: Option<f64>,
    /// The withdrawer's behaviour in warm and withdrawn days, measured on the generated
    /// messages (what was planted, not what was detected).
    pub contrast: Option<[PhaseStats; 2]>,
}

impl RealRun {
    /// The withdrawer's score (positives only).
    pub fn planted_score(&self) -> Option<f64> {
        self.planted.map(|p| self.scores[p])
    }

    /// Highest score of anyone but the withdrawer (of anyone, in controls).
    pub fn others_max(&self) -> f64 {
        self.scores
            .iter()
            .enumerate()
            .filter(|&(i, _)| Some(i) != self.planted)
            .map(|(_, &s)| s)
            .fold(0.0, f64::max)
    }

    /// Highest score of anyone in the chat.
    pub fn max_score(&self) -> f64 {
        self.scores.iter().copied().fold(0.0, f64::max)
    }

    /// The withdrawer has a score above 0 and above everybody else's.
    pub fn named(&self) -> bool {
        self.planted_score()
            .is_some_and(|s| s > 0.0 && s > self.others_max())
    }
}

/// Generates, writes, reads back, scores and analyses every realistic scenario for `seeds`
/// seeds of `days` days, in parallel. Fails when an export does not read back in full.
pub fn run(
    seeds: u64,
    days: usize,
    text: &Utterances,
    scorer: &dyn Scorer,
    format: ExportFormat,
) -> Result<Vec<RealRun>> {
    let jobs: Vec<(RealisticScenario, u64)> = REALISTIC
        .iter()
        .flat_map(|&s| (0..seeds).map(move |k| (s, FIRST_SEED + k)))
        .collect();
    jobs.into_par_iter()
        .map(|(scenario, seed)| {
            let chat = RealisticChat::generate(scenario, days, seed, text);
            let scored = through_pipeline(&chat, format, scorer)?;
            let run = evaluate(&chat, &scored, &analyze(&scored));
            if run.parsed != run.generated {
                return Err(Error::input(
                    format!("{} seed {seed}", scenario.name()),
                    None,
                    format!(
                        "{} messages written, {} read back",
                        run.generated, run.parsed
                    ),
                ));
            }
            Ok(run)
        })
        .collect()
}

/// Writes the export (group chats always in the WhatsApp Android group format), parses it
/// with the ingest stage and scores every message.
pub fn through_pipeline(
    chat: &RealisticChat,
    format: ExportFormat,
    scorer: &dyn Scorer,
) -> Result<ScoredConversation> {
    let format = if chat.scenario.group_title().is_some() {
        ExportFormat::WhatsApp
    } else {
        format
    };
    let (name, bytes) = chat.render(format)?;
    let display = format!("{}-{}/{name}", chat.scenario.name(), chat.seed);
    let conversation = crate::ingest::parse_bytes(&display, &bytes, &IngestOptions::default())?
        .into_iter()
        .next()
        .ok_or_else(|| Error::input(&display, None, "no conversation read back"))?;
    score_conversation(conversation, scorer)
}

/// Compares the analysis of one chat with what was planted.
pub fn evaluate(chat: &RealisticChat, scored: &ScoredConversation, a: &Analysis) -> RealRun {
    let person = |name: &str| a.participants.iter().position(|p| p.name == name);
    let scores = chat
        .names
        .iter()
        .map(|n| {
            person(n)
                .and_then(|i| a.participants[i].push_pull_score)
                .unwrap_or(0.0)
        })
        .collect();
    let f1 = chat.truth.withdrawer.map(|w| {
        let day_of =
            |wall: chrono::NaiveDateTime| (wall - day_zero()).num_seconds() as f64 / 86_400.0;
        let found: Vec<f64> = person(&chat.names[w])
            .map(|i| &a.participants[i].phases[..])
            .unwrap_or(&[])
            .iter()
            .skip(1)
            .map(|p| day_of(p.start.wall))
            .collect();
        let planted: Vec<f64> = chat.truth.changes.iter().map(|&d| d as f64).collect();
        boundary_f1(&planted, &found, MARGIN_DAYS)
    });
    RealRun {
        scenario: chat.scenario,
        seed: chat.seed,
        generated: chat.messages.len(),
        parsed: scored
            .conversation
            .messages
            .iter()
            .filter(|m| m.sender.is_some())
            .count(),
        scores,
        planted: chat.truth.withdrawer,
        f1,
        contrast: stats::planted_contrast(chat),
    }
}

/// Share of `xs` that hold.
fn share(xs: impl Iterator<Item = bool>) -> f64 {
    let (n, k) = xs.fold((0usize, 0usize), |(n, k), x| (n + 1, k + usize::from(x)));
    if n == 0 {
        0.0
    } else {
        k as f64 / n as f64
    }
}

fn mean(xs: impl Iterator<Item = f64>) -> f64 {
    let (n, s) = xs.fold((0usize, 0.0), |(n, s), x| (n + 1, s + x));
    if n == 0 {
        0.0
    } else {
        s / n as f64
    }
}

/// One acceptance check: what, the measured value, the bound, and whether it holds.
#[derive(Debug, Clone)]
pub struct Check {
    /// What is checked, in words.
    pub what: String,
    /// The measured value.
    pub value: f64,
    /// The bound it must meet, in words (`≥ 0.85`).
    pub bound: String,
    /// Whether the value meets the bound.
    pub pass: bool,
}

/// The acceptance checks: AUC ≥ 0.95, false alarms ≤ 5% of control runs, TPR at 30 ≥ 0.85
/// overall and ≥ 0.75 for ghost-and-return, timing-only, subtle and family group, the
/// withdrawer named in ≥ 95% of positive runs.
pub fn acceptance(results: &[RealRun]) -> Vec<Check> {
    let neg: Vec<f64> = controls(results).map(RealRun::max_score).collect();
    let pos: Vec<f64> = results.iter().filter_map(RealRun::planted_score).collect();
    let check = |what: String, value: f64, min: Option<f64>, max: Option<f64>| Check {
        bound: min.map_or_else(
            || format!("<= {:.2}", max.unwrap_or(0.0)),
            |m| format!(">= {m:.2}"),
        ),
        pass: min.is_none_or(|m| value >= m) && max.is_none_or(|m| value <= m),
        what,
        value,
    };
    let mut out = vec![
        check(
            "AUC (withdrawer vs controls)".into(),
            auc(&pos, &neg).unwrap_or(0.0),
            Some(0.95),
            None,
        ),
        check(
            "control false-alarm rate".into(),
            share(neg.iter().map(|&s| s >= THRESHOLD)),
            None,
            Some(0.05),
        ),
        check(
            "TPR30 over all positives".into(),
            share(pos.iter().map(|&s| s >= THRESHOLD)),
            Some(0.85),
            None,
        ),
    ];
    use RealisticScenario as S;
    for sc in [S::Ghost, S::Timing, S::Subtle, S::Family] {
        let tpr = share(
            rows(results, sc)
                .filter_map(RealRun::planted_score)
                .map(|s| s >= THRESHOLD),
        );
        out.push(check(format!("TPR30 {}", sc.name()), tpr, Some(0.75), None));
    }
    let named = share(
        results
            .iter()
            .filter(|r| r.planted.is_some())
            .map(RealRun::named),
    );
    out.push(check(
        "withdrawer named (highest score)".into(),
        named,
        Some(0.95),
        None,
    ));
    out
}

fn rows(results: &[RealRun], sc: RealisticScenario) -> impl Iterator<Item = &RealRun> {
    results.iter().filter(move |r| r.scenario == sc)
}

fn controls(results: &[RealRun]) -> impl Iterator<Item = &RealRun> {
    results.iter().filter(|r| r.scenario.is_control())
}

/// The table: one row per scenario, the control false alarms, overall TPR30 and the
/// acceptance checks with PASS/FAIL.
pub fn table(results: &[RealRun]) -> String {
    let mut out = String::new();
    let neg: Vec<f64> = controls(results).map(RealRun::max_score).collect();
    let _ = writeln!(
        out,
        "{:<20} {:>4} {:>6} {:>7} {:>6} {:>7} {:>6} {:>5} {:>6} {:>5} {:>5}",
        "scenario",
        "runs",
        "msgs",
        "with_m",
        "with_x",
        "oth_m",
        "oth_x",
        "F1",
        "AUC",
        "TPR30",
        "named"
    );
    for &sc in &REALISTIC {
        let r: Vec<&RealRun> = rows(results, sc).collect();
        if r.is_empty() {
            continue;
        }
        let planted: Vec<f64> = r.iter().filter_map(|x| x.planted_score()).collect();
        let dash = || "-".to_string();
        let (with_m, with_x, f1, auc_s, tpr, named) = if sc.is_control() {
            (dash(), dash(), dash(), dash(), dash(), dash())
        } else {
            (
                format!("{:.1}", mean(planted.iter().copied())),
                format!("{:.1}", planted.iter().copied().fold(0.0, f64::max)),
                format!("{:.2}", mean(r.iter().filter_map(|x| x.f1))),
                auc(&planted, &neg).map_or_else(dash, |a| format!("{a:.3}")),
                format!("{:.2}", share(planted.iter().map(|&s| s >= THRESHOLD))),
                format!("{:.2}", share(r.iter().map(|x| x.named()))),
            )
        };
        let _ = writeln!(
            out,
            "{:<20} {:>4} {:>6.0} {:>7} {:>6} {:>7.1} {:>6.1} {:>5} {:>6} {:>5} {:>5}",
            sc.name(),
            r.len(),
            mean(r.iter().map(|x| x.generated as f64)),
            with_m,
            with_x,
            mean(r.iter().map(|x| x.others_max())),
            r.iter().map(|x| x.others_max()).fold(0.0, f64::max),
            f1,
            auc_s,
            tpr,
            named
        );
    }
    let alarms = neg.iter().filter(|&&s| s >= THRESHOLD).count();
    let _ = writeln!(
        out,
        "controls: {alarms} of {} runs with anyone >= {THRESHOLD} (false-alarm rate {:.3}; max {:.1})",
        neg.len(),
        share(neg.iter().map(|&s| s >= THRESHOLD)),
        neg.iter().copied().fold(0.0, f64::max)
    );
    for c in acceptance(results) {
        let verdict = if c.pass { "PASS" } else { "FAIL" };
        let _ = writeln!(
            out,
            "{verdict}  {:<34} {:>6.3}  (needs {})",
            c.what, c.value, c.bound
        );
    }
    out
}

/// What each positive scenario planted, measured on the generated messages: the
/// withdrawer's behaviour in warm days and in withdrawn days, mean over runs.
pub fn contrast_table(results: &[RealRun]) -> String {
    let mut out = String::from(
        "planted contrast (withdrawer, measured on the generated messages, mean over runs):\n",
    );
    for &sc in REALISTIC.iter().filter(|s| !s.is_control()) {
        let phases: Vec<[PhaseStats; 2]> = rows(results, sc).filter_map(|r| r.contrast).collect();
        if phases.is_empty() {
            continue;
        }
        let avg = |k: usize| mean_stats(phases.iter().map(|p| &p[k]));
        let _ = writeln!(
            out,
            "  {:<20} warm: {}",
            sc.name(),
            stats::describe(&avg(0))
        );
        let _ = writeln!(out, "  {:<20} cool: {}", "", stats::describe(&avg(1)));
    }
    out
}

/// Field-wise mean of phase stats (fields missing in a run are left out of their mean).
fn mean_stats<'a>(xs: impl Iterator<Item = &'a PhaseStats> + Clone) -> PhaseStats {
    let opt = |f: fn(&PhaseStats) -> Option<f64>| {
        let v: Vec<f64> = xs.clone().filter_map(f).collect();
        (!v.is_empty()).then(|| mean(v.into_iter()))
    };
    PhaseStats {
        days: (mean(xs.clone().map(|s| s.days as f64))).round() as usize,
        median_reply_s: opt(|s| s.median_reply_s),
        overnight_share: opt(|s| s.overnight_share),
        initiative_share: opt(|s| s.initiative_share),
        messages_per_day: mean(xs.map(|s| s.messages_per_day)),
    }
}
