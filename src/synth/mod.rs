//! Synth: planted conversations with known warm/cold phases, written as real exports
//! (WhatsApp Android `.txt`, WhatsApp iOS `.zip` with `_chat.txt`, Signal Markdown) plus a
//! ground-truth JSON. Used for `samples/`, tests and the validation of the dynamics stage.
//!
//! [`Synthetic::generate`] draws the conversation ([`scenario`]), [`Synthetic::render`]
//! writes it in an export format ([`export`]), [`Synthetic::truth_json`] says what was
//! planted, and [`validate`] runs every scenario through the pipeline and measures how well
//! the dynamics stage finds what was planted.

pub mod export;
pub mod phrases;
pub mod pools;
pub mod realistic;
pub mod scenario;
pub mod utterances;
pub mod validate;

pub use export::ExportFormat;
pub use realistic::{RealisticChat, RealisticScenario, REALISTIC};
pub use scenario::{PlantedMessage, Scenario, Truth, SCENARIOS};

use crate::rng::Rng;
use chrono::{NaiveDate, NaiveDateTime, TimeDelta};
use serde::Serialize;

/// Day 0 of every planted conversation (a Monday), local time.
pub fn day_zero() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
}

/// A generated conversation: what was planted and the messages (with their text).
#[derive(Debug, Clone)]
pub struct Synthetic {
    /// The planted pattern.
    pub scenario: Scenario,
    /// The seed the conversation was drawn with.
    pub seed: u64,
    /// Length of the conversation in days.
    pub days: usize,
    /// Display names of A (the partner) and B (the person whose phases are planted).
    pub names: [String; 2],
    /// What was planted, per person and day.
    pub truth: Truth,
    /// The planted messages in time order.
    pub messages: Vec<PlantedMessage>,
    /// One text per message, carrying its planted warmth.
    pub texts: Vec<String>,
}

impl Synthetic {
    /// Draws `days` days of `scenario` with `seed` (same arguments, same conversation).
    pub fn generate(scenario: Scenario, days: usize, seed: u64, names: [String; 2]) -> Self {
        Self::generate_scaled(scenario, days, seed, names, 1.0)
    }

    /// As [`Synthetic::generate`] with `session_rate` times as many sessions per day (for
    /// benchmarks that need a very busy conversation).
    pub fn generate_scaled(
        scenario: Scenario,
        days: usize,
        seed: u64,
        names: [String; 2],
        session_rate: f64,
    ) -> Self {
        let days = days.max(1);
        let mut rng = Rng::new(seed ^ 0x5EED_0000_0000_0000 ^ ((scenario as u64) << 40));
        let truth = scenario::make_truth(&mut rng, scenario, days);
        let messages = scenario::generate_messages(&mut rng, &truth, days, session_rate);
        let texts = messages
            .iter()
            .map(|m| phrases::message_text(&mut rng, m.warmth, m.length, m.question))
            .collect();
        Synthetic {
            scenario,
            seed,
            days,
            names,
            truth,
            messages,
            texts,
        }
    }

    /// The wall-clock time of message `i` (whole seconds).
    pub fn wall(&self, i: usize) -> NaiveDateTime {
        day_zero() + TimeDelta::seconds(self.messages[i].t as i64)
    }

    /// The export file bytes in `format`, and the file name to write them under.
    pub fn render(&self, format: ExportFormat) -> crate::Result<(String, Vec<u8>)> {
        export::render(self, format)
    }

    /// The ground truth as pretty JSON.
    pub fn truth_json(&self) -> String {
        #[derive(Serialize)]
        struct PersonTruth<'a> {
            name: &'a str,
            /// Days (from `start`) on which a planted phase begins.
            change_days: &'a [usize],
            change_dates: Vec<String>,
            /// Per day: 1 warm, 0 neutral, −1 cold.
            day_labels: &'a [i8],
        }
        #[derive(Serialize)]
        struct TruthFile<'a> {
            generator: &'static str,
            scenario: &'static str,
            seed: u64,
            days: usize,
            start: String,
            messages: usize,
            /// Who runs hot and cold (both, for on/off; nobody in controls).
            pushes: Vec<&'a str>,
            participants: Vec<PersonTruth<'a>>,
        }
        let date = |d: usize| {
            (day_zero() + TimeDelta::days(d as i64))
                .format("%Y-%m-%d")
                .to_string()
        };
        let pushes = match self.scenario {
            s if s.is_control() => vec![],
            Scenario::Onoff => vec![self.names[0].as_str(), self.names[1].as_str()],
            _ => vec![self.names[1].as_str()],
        };
        let participants = (0..2)
            .map(|p| PersonTruth {
                name: &self.names[p],
                change_days: &self.truth.changes[p],
                change_dates: self.truth.changes[p].iter().map(|&d| date(d)).collect(),
                day_labels: &self.truth.labels[p],
            })
            .collect();
        let file = TruthFile {
            generator: concat!("pushpull synth ", env!("CARGO_PKG_VERSION")),
            scenario: self.scenario.name(),
            seed: self.seed,
            days: self.days,
            start: date(0),
            messages: self.messages.len(),
            pushes,
            participants,
        };
        serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
    }
}

/// Default fictional names: A, the partner, and B, whose phases are planted.
pub fn default_names() -> [String; 2] {
    ["Robin Castell".to_string(), "Jules Marlow".to_string()]
}
