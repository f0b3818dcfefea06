//! Realistic planted conversations (`pushpull synth --scenario real_*`,
//! `pushpull validate --realistic`): people sleep, talk in threads with bursts, answer after
//! log-normal waits, leave turns until the next morning, double-text while waiting, and
//! write real human-labelled utterances drawn as a warm/neutral/cold mix per phase
//! ([`super::utterances`]). Pairs and group chats (5–6 people).
//!
//! The generator is independent of the detector: a scenario only sets per-person, per-day
//! behaviour ([`simulate::Style`]); [`scenarios`] says what each one plants and
//! [`validate`] measures what the pipeline finds.

pub mod scenarios;
pub mod simulate;
pub mod validate;

use super::day_zero;
use super::export::{self, ExportFormat, ExportLine};
use super::rng::Rng;
use super::utterances::Utterances;
use chrono::{NaiveDateTime, TimeDelta};
use serde::Serialize;
use simulate::GenMessage;

/// Default length of a realistic conversation: about eight months.
pub const DEFAULT_DAYS: usize = 243;

/// Every realistic scenario, positives first.
pub const REALISTIC: [RealisticScenario; 14] = [
    RealisticScenario::Pushpull,
    RealisticScenario::Timing,
    RealisticScenario::Subtle,
    RealisticScenario::Slow,
    RealisticScenario::Ghost,
    RealisticScenario::GroupPair,
    RealisticScenario::Family,
    RealisticScenario::FightWithdraw,
    RealisticScenario::Steady,
    RealisticScenario::Away,
    RealisticScenario::Busy,
    RealisticScenario::Weekly,
    RealisticScenario::FightRepaired,
    RealisticScenario::Drift,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, clap::ValueEnum)]
pub enum RealisticScenario {
    /// B alternates warmer/quicker and cooler/slower phases of days to weeks; A pursues.
    #[value(name = "real_pushpull")]
    Pushpull,
    /// Only timing, initiative and left-on-read swing; the words do not change.
    #[value(name = "real_timing")]
    Timing,
    /// Small swings: ≈ 3 min vs ≈ 25 min, a few more cold messages, initiative halved.
    #[value(name = "real_subtle")]
    Subtle,
    /// As real_pushpull with monthly phases.
    #[value(name = "real_slow")]
    Slow,
    /// B disappears 4–8 days at a time, A's messages unanswered, then returns warm; repeated.
    #[value(name = "real_ghost")]
    Ghost,
    /// A pair inside a six-person group; B (one of the pair) runs hot and cold.
    #[value(name = "real_group_pair")]
    GroupPair,
    /// A family group of five; one member withdraws and returns every week or two.
    #[value(name = "real_family")]
    Family,
    /// Repeated fights, each followed by B's withdrawal while A pursues.
    #[value(name = "real_fight_withdraw")]
    FightWithdraw,
    /// Control: a steady pair.
    #[value(name = "real_steady")]
    Steady,
    /// Control: both away for two weeks (mutual silence).
    #[value(name = "real_away")]
    Away,
    /// Control: B busy (slower, starts less) for ten days once.
    #[value(name = "real_busy")]
    Busy,
    /// Control: a strong weekday/weekend rhythm for both.
    #[value(name = "real_weekly")]
    Weekly,
    /// Control: one fight, repaired.
    #[value(name = "real_fight_repaired")]
    FightRepaired,
    /// Control: B drifts slowly apart.
    #[value(name = "real_drift")]
    Drift,
}

impl RealisticScenario {
    pub fn name(self) -> &'static str {
        use RealisticScenario as S;
        match self {
            S::Pushpull => "real_pushpull",
            S::Timing => "real_timing",
            S::Subtle => "real_subtle",
            S::Slow => "real_slow",
            S::Ghost => "real_ghost",
            S::GroupPair => "real_group_pair",
            S::Family => "real_family",
            S::FightWithdraw => "real_fight_withdraw",
            S::Steady => "real_steady",
            S::Away => "real_away",
            S::Busy => "real_busy",
            S::Weekly => "real_weekly",
            S::FightRepaired => "real_fight_repaired",
            S::Drift => "real_drift",
        }
    }

    /// Controls plant no alternation: any push-pull score ≥ the threshold is a false alarm.
    pub fn is_control(self) -> bool {
        use RealisticScenario as S;
        matches!(
            self,
            S::Steady | S::Away | S::Busy | S::Weekly | S::FightRepaired | S::Drift
        )
    }

    /// Group chats (written in the WhatsApp group format).
    pub fn group_title(self) -> Option<&'static str> {
        match self {
            RealisticScenario::GroupPair => Some("Climbing crew"),
            RealisticScenario::Family => Some("Castell family"),
            _ => None,
        }
    }

    /// The fictional participants.
    pub fn names(self) -> Vec<String> {
        let names: &[&str] = match self {
            RealisticScenario::GroupPair => &[
                "Robin Castell",
                "Jules Marlow",
                "Ines Varga",
                "Tomas Reed",
                "Pia Lund",
                "Omar Haddad",
            ],
            RealisticScenario::Family => &[
                "Mum",
                "Dad Castell",
                "Lena Castell",
                "Felix Castell",
                "Nora Castell",
            ],
            _ => &["Robin Castell", "Jules Marlow"],
        };
        names.iter().map(|s| s.to_string()).collect()
    }
}

/// What was planted.
#[derive(Debug, Clone, Serialize)]
pub struct RealTruth {
    /// The person who withdraws and returns (the one who should score highest); `None` in
    /// controls.
    pub withdrawer: Option<usize>,
    /// Days (from day 0) on which a planted phase of the withdrawer starts.
    pub changes: Vec<usize>,
    /// Per day for the withdrawer: +1 warm/present, −1 withdrawn, 0 nothing planted.
    pub labels: Vec<i8>,
}

/// A generated realistic conversation.
#[derive(Debug, Clone)]
pub struct RealisticChat {
    pub scenario: RealisticScenario,
    pub seed: u64,
    pub days: usize,
    pub names: Vec<String>,
    pub truth: RealTruth,
    pub messages: Vec<GenMessage>,
}

impl RealisticChat {
    /// Draws `days` days of `scenario` with `seed`, text from `text` (same arguments, same
    /// conversation).
    pub fn generate(
        scenario: RealisticScenario,
        days: usize,
        seed: u64,
        text: &Utterances,
    ) -> Self {
        let days = days.max(30);
        let tag = REALISTIC.iter().position(|&s| s == scenario).unwrap_or(0) as u64;
        let mut rng = Rng::new(seed ^ 0x2EA1_0000_0000_0000 ^ (tag << 40));
        let (plan, truth) = scenarios::plan(&mut rng, scenario, days);
        let sleep = simulate::Sleep::draw(&mut rng, plan.styles.len(), days);
        let messages = simulate::simulate(&mut rng, &plan, &sleep, text);
        RealisticChat {
            scenario,
            seed,
            days,
            names: scenario.names(),
            truth,
            messages,
        }
    }

    /// Wall-clock time of message `i` (whole seconds).
    pub fn wall(&self, i: usize) -> NaiveDateTime {
        day_zero() + TimeDelta::seconds(self.messages[i].t as i64)
    }

    /// The export file name and bytes in `format`.
    pub fn render(&self, format: ExportFormat) -> anyhow::Result<(String, Vec<u8>)> {
        let group = self
            .scenario
            .group_title()
            .map(|t| (self.names[0].as_str(), t));
        let lines = self.messages.iter().enumerate().map(|(i, m)| ExportLine {
            wall: self.wall(i),
            sender: &self.names[m.who],
            text: &m.text,
        });
        let text = export::write_lines(format, &self.names[1], group, lines);
        let title = group.map_or(self.names[1].as_str(), |(_, t)| t);
        export::package(title, text, format)
    }

    /// The ground truth as pretty JSON.
    pub fn truth_json(&self) -> String {
        #[derive(Serialize)]
        struct TruthFile<'a> {
            generator: &'static str,
            scenario: &'static str,
            seed: u64,
            days: usize,
            start: String,
            messages: usize,
            participants: &'a [String],
            messages_per_person: Vec<usize>,
            /// Who withdraws and returns (should score highest); null in controls.
            withdraws: Option<&'a str>,
            change_days: &'a [usize],
            change_dates: Vec<String>,
            day_labels: &'a [i8],
        }
        let date = |d: usize| {
            (day_zero() + TimeDelta::days(d as i64))
                .format("%Y-%m-%d")
                .to_string()
        };
        let mut per_person = vec![0; self.names.len()];
        for m in &self.messages {
            per_person[m.who] += 1;
        }
        let file = TruthFile {
            generator: concat!("pushpull synth ", env!("CARGO_PKG_VERSION")),
            scenario: self.scenario.name(),
            seed: self.seed,
            days: self.days,
            start: date(0),
            messages: self.messages.len(),
            participants: &self.names,
            messages_per_person: per_person,
            withdraws: self.truth.withdrawer.map(|w| self.names[w].as_str()),
            change_days: &self.truth.changes,
            change_dates: self.truth.changes.iter().map(|&d| date(d)).collect(),
            day_labels: &self.truth.labels,
        };
        serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
    }
}
