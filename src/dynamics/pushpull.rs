//! The push-pull score and what is said about it (docs/method.md §3, §5): reversals of a
//! person's phase levels, their amplitude, PPS = 100·tanh(ρ)·tanh(Ā)·repetition, cycles,
//! regularity, bands, the conversation label and the confidence that drops with little data.

use super::phases::{PersonPhases, BIN_S};
use super::{Band, Confidence, ConfidenceLevel, LabelKind};

/// Active days below which confidence drops.
pub const CONFIDENT_ACTIVE_DAYS: usize = 60;
/// Messages from each person a confident reading needs.
pub const CONFIDENT_MESSAGES_PER_PERSON: usize = 300;
/// A score at or above this reads as push-pull in labels.
pub const LABEL_THRESHOLD: f64 = 30.0;
/// Pursuit coupling at or above this reads "Y pursues when X withdraws".
pub const COUPLING_THRESHOLD: f64 = 3.0;

/// One person's push-pull measures.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PersonScore {
    /// The push-pull score (0–100).
    pub score: f64,
    /// Reversals of the phase levels (a jump up followed by one down, or the reverse).
    pub reversals: usize,
    /// Mean reversal amplitude √(|d_k|·|d_{k+1}|).
    pub amplitude: f64,
    /// Warm → cool → warm cycles, about half the reversals.
    pub cycles: usize,
    /// Coefficient of variation of phase durations (≥ 3 phases).
    pub regularity_cv: Option<f64>,
    /// Indices k of the phases in the middle of a reversal.
    pub reversal_middles: Vec<usize>,
}

/// Reversals are sign changes of consecutive level jumps; 0 for stable, monotone drift or one
/// step.
pub fn person_score(phases: &PersonPhases) -> PersonScore {
    let levels: Vec<f64> = phases.segments.iter().map(|s| s.level).collect();
    let jumps: Vec<f64> = levels.windows(2).map(|w| w[1] - w[0]).collect();
    let mut amplitudes = Vec::new();
    let mut reversal_middles = Vec::new();
    for (k, w) in jumps.windows(2).enumerate() {
        if w[0] * w[1] < 0.0 {
            amplitudes.push((w[0].abs() * w[1].abs()).sqrt());
            reversal_middles.push(k + 1);
        }
    }
    let reversals = amplitudes.len();
    let active_days = phases.active_bins as f64 * BIN_S as f64 / 86_400.0;
    let rate = if active_days > 0.0 {
        reversals as f64 / (active_days / 30.0)
    } else {
        0.0
    };
    let amplitude = if reversals > 0 {
        amplitudes.iter().sum::<f64>() / reversals as f64
    } else {
        0.0
    };
    let score = 100.0 * rate.tanh() * amplitude.tanh() * repetition(reversals);
    let durations: Vec<f64> = phases
        .segments
        .iter()
        .map(|s| (s.end - s.start) as f64)
        .collect();
    let regularity_cv = (durations.len() >= 3).then(|| {
        let n = durations.len() as f64;
        let mean = durations.iter().sum::<f64>() / n;
        let sd = (durations.iter().map(|d| (d - mean).powi(2)).sum::<f64>() / n).sqrt();
        sd / mean.max(1e-12)
    });
    PersonScore {
        score: finite_or_zero(score),
        reversals,
        amplitude: finite_or_zero(amplitude),
        cycles: reversals.div_ceil(2),
        regularity_cv: regularity_cv.filter(|v| v.is_finite()),
        reversal_middles,
    }
}

/// Push-pull is a pattern that repeats: one episode (warm → cool → warm: a single reversal,
/// such as one busy week or one fight) scores 0, two reversals count half, three or more in
/// full.
fn repetition(reversals: usize) -> f64 {
    ((reversals as f64 - 1.0) / 2.0).clamp(0.0, 1.0)
}

/// `x`, or 0 when it is NaN or infinite (every number in `summary.json` stays finite).
pub fn finite_or_zero(x: f64) -> f64 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

/// The band a score falls in: under 20 no evidence, 20 to 50 some, above 50 strong.
pub fn band(score: f64) -> Band {
    if score > 50.0 {
        Band::Strong
    } else if score >= 20.0 {
        Band::Some
    } else {
        Band::NoEvidence
    }
}

/// 1 with ≥ 60 active days and ≥ 300 messages from each person, lower in proportion.
pub fn confidence(active_days: usize, messages: [usize; 2], names: [&str; 2]) -> Confidence {
    let days_factor = (active_days as f64 / CONFIDENT_ACTIVE_DAYS as f64).min(1.0);
    let fewest = messages[0].min(messages[1]);
    let msg_factor = (fewest as f64 / CONFIDENT_MESSAGES_PER_PERSON as f64).min(1.0);
    let mut reasons = Vec::new();
    if active_days < CONFIDENT_ACTIVE_DAYS {
        let days = if active_days == 1 { "day" } else { "days" };
        reasons.push(format!(
            "only {active_days} active {days} (< {CONFIDENT_ACTIVE_DAYS})"
        ));
    }
    for p in 0..2 {
        if messages[p] < CONFIDENT_MESSAGES_PER_PERSON {
            let noun = if messages[p] == 1 {
                "message"
            } else {
                "messages"
            };
            reasons.push(format!(
                "only {} {noun} from {} (< {CONFIDENT_MESSAGES_PER_PERSON})",
                messages[p], names[p]
            ));
        }
    }
    let value = days_factor * msg_factor;
    let level = if value >= 0.999 {
        ConfidenceLevel::High
    } else if value >= 0.5 {
        ConfidenceLevel::Medium
    } else {
        ConfidenceLevel::Low
    };
    Confidence {
        value,
        level,
        reasons,
    }
}

/// The conversation label from the pair's scores. `x` is the index (0/1) of the higher
/// score; `phases_agree` says whether both people's warmer/cooler phases mostly coincide.
pub fn label(
    scores: [f64; 2],
    names: [&str; 2],
    coupling: Option<f64>,
    phases_agree: bool,
) -> (LabelKind, String) {
    let x = if scores[1] > scores[0] { 1 } else { 0 };
    let y = 1 - x;
    let (sx, sy) = (scores[x], scores[y]);
    if sx < LABEL_THRESHOLD {
        return (
            LabelKind::NoEvidence,
            "no evidence of push-pull".to_string(),
        );
    }
    if sy >= LABEL_THRESHOLD && phases_agree {
        return (
            LabelKind::MutualOnOff,
            format!(
                "mutual on/off: {} and {} warm up and cool down together",
                names[0], names[1]
            ),
        );
    }
    let runs = if sy >= LABEL_THRESHOLD {
        format!("{} and {} both run hot and cold", names[x], names[y])
    } else {
        format!("{} runs hot and cold", names[x])
    };
    if coupling.is_some_and(|c| c >= COUPLING_THRESHOLD) {
        (
            LabelKind::PursuesWhenWithdraws,
            format!("{runs}; {} pursues when {} withdraws", names[y], names[x]),
        )
    } else {
        (LabelKind::RunsHotAndCold, runs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dynamics::phases::Segment;

    fn phases(levels: &[f64]) -> PersonPhases {
        let segments = levels
            .iter()
            .enumerate()
            .map(|(i, &level)| Segment {
                start: i * 20,
                end: i * 20 + 20,
                level,
                weight: 1.0,
                label: 0,
            })
            .collect();
        PersonPhases {
            segments,
            active_bins: levels.len() * 20,
        }
    }

    #[test]
    fn zero_for_stable_drift_and_single_step() {
        assert_eq!(person_score(&phases(&[0.0])).score, 0.0);
        assert_eq!(person_score(&phases(&[1.0, 0.3, -0.5, -1.4])).score, 0.0);
        assert_eq!(person_score(&phases(&[0.8, -0.8])).score, 0.0);
        // One episode (a busy week, one fight) is one reversal: not a pattern.
        let episode = person_score(&phases(&[0.5, -1.5, 0.5]));
        assert_eq!((episode.reversals, episode.score), (1, 0.0));
    }

    #[test]
    fn alternation_scores_high() {
        let s = person_score(&phases(&[1.0, -1.0, 1.0, -1.0, 1.0, -1.0]));
        assert_eq!(s.reversals, 4);
        assert_eq!(s.cycles, 2);
        assert!((s.amplitude - 2.0).abs() < 1e-12);
        assert!(s.score > 60.0, "{}", s.score);
        assert_eq!(s.regularity_cv, Some(0.0));
    }

    #[test]
    fn labels() {
        let names = ["Ann", "Ben"];
        assert_eq!(
            label([5.0, 80.0], names, Some(6.0), false).0,
            LabelKind::PursuesWhenWithdraws
        );
        assert_eq!(
            label([5.0, 80.0], names, Some(1.0), false).1,
            "Ben runs hot and cold"
        );
        assert_eq!(
            label([70.0, 80.0], names, None, true).0,
            LabelKind::MutualOnOff
        );
        assert_eq!(
            label([10.0, 12.0], names, None, true).0,
            LabelKind::NoEvidence
        );
    }
}
