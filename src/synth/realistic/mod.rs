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
pub mod stats;
pub mod validate;

use super::day_zero;
use super::export::{self, ExportFormat, ExportLine};
use super::utterances::Utterances;
use crate::rng::Rng;
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

/// A realistic planted conversation: push-pull hidden in ordinary chat behaviour, or a
/// control that must not read as push-pull.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum RealisticScenario {
    /// B alternates warmer/quicker and cooler/slower phases of days to weeks; A pursues.
    Pushpull,
    /// Only timing, initiative and left-on-read swing; the words do not change.
    Timing,
    /// Small swings: ≈ 3 min vs ≈ 25 min, a few more cold messages, initiative halved.
    Subtle,
    /// As real_pushpull with monthly phases.
    Slow,
    /// B disappears 4–8 days at a time, A's messages unanswered, then returns warm; repeated.
    Ghost,
    /// A pair inside a six-person group; B (one of the pair) runs hot and cold.
    GroupPair,
    /// A family group of five; one member withdraws and returns every week or two.
    Family,
    /// Repeated fights, each followed by B's withdrawal while A pursues.
    FightWithdraw,
    /// Control: a steady pair.
    Steady,
    /// Control: both away for two weeks (mutual silence).
    Away,
    /// Control: B busy (slower, starts less) for ten days once.
    Busy,
    /// Control: a strong weekday/weekend rhythm for both.
    Weekly,
    /// Control: one fight, repaired.
    FightRepaired,
    /// Control: B drifts slowly apart.
    Drift,
}

impl RealisticScenario {
    /// The scenario's name on the command line and in tables (`real_pushpull`).
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

    /// One line on what the scenario plants (shown in `pushpull synth --help`).
    pub fn about(self) -> &'static str {
        match self {
            RealisticScenario::Pushpull => "B alternates warmer/quicker and cooler/slower phases of days to weeks; A pursues",
            RealisticScenario::Timing => "Only timing, initiative and left-on-read swing; the words do not change",
            RealisticScenario::Subtle => "Small swings: ≈ 3 min vs ≈ 25 min, a few more cold messages, initiative halved",
            RealisticScenario::Slow => "As real_pushpull with monthly phases",
            RealisticScenario::Ghost => "B disappears 4–8 days at a time, A's messages unanswered, then returns warm; repeated",
            RealisticScenario::GroupPair => "A pair inside a six-person group; B (one of the pair) runs hot and cold",
            RealisticScenario::Family => "A family group of five; one member withdraws and returns every week or two",
            RealisticScenario::FightWithdraw => "Repeated fights, each followed by B's withdrawal while A pursues",
            RealisticScenario::Steady => "Control: a steady pair",
            RealisticScenario::Away => "Control: both away for two weeks (mutual silence)",
            RealisticScenario::Busy => "Control: B busy (slower, starts less) for ten days once",
            RealisticScenario::Weekly => "Control: a strong weekday/weekend rhythm for both",
            RealisticScenario::FightRepaired => "Control: one fight, repaired",
            RealisticScenario::Drift => "Control: B drifts slowly apart",
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
    /// The scenario drawn.
    pub scenario: RealisticScenario,
    /// The seed it was drawn with.
    pub seed: u64,
    /// Length of the conversation in days.
    pub days: usize,
    /// Display names of everyone in the chat.
    pub names: Vec<String>,
    /// What was planted (the withdrawer and their labelled days).
    pub truth: RealTruth,
    /// The generated messages in time order.
    pub messages: Vec<GenMessage>,
    /// Everyone's waking hours (no one writes while asleep).
    pub sleep: simulate::Sleep,
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
            sleep,
        }
    }

    /// Wall-clock time of message `i` (whole seconds).
    pub fn wall(&self, i: usize) -> NaiveDateTime {
        day_zero() + TimeDelta::seconds(self.messages[i].t as i64)
    }

    /// The export file name and bytes in `format`.
    pub fn render(&self, format: ExportFormat) -> crate::Result<(String, Vec<u8>)> {
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

#[cfg(test)]
mod tests {
    use super::simulate::DAY;
    use super::stats::{phase_stats, planted_contrast};
    use super::*;

    /// One text per class, so a message's class can be read back from its text.
    fn tagged() -> Utterances {
        Utterances::from_texts([vec!["W".into()], vec!["N".into()], vec!["C".into()]])
    }

    fn chats(s: RealisticScenario, seeds: u64) -> Vec<RealisticChat> {
        let text = tagged();
        (0..seeds)
            .map(|k| RealisticChat::generate(s, DEFAULT_DAYS, 1000 + k, &text))
            .collect()
    }

    /// Share of `p`'s messages on days with `label` whose text is `tag`.
    fn text_share(c: &RealisticChat, p: usize, label: i8, tag: &str) -> f64 {
        let mine: Vec<&GenMessage> = c
            .messages
            .iter()
            .filter(|m| m.who == p && c.truth.labels[(m.t / DAY) as usize] == label)
            .collect();
        mine.iter().filter(|m| m.text == tag).count() as f64 / mine.len().max(1) as f64
    }

    #[test]
    fn same_seed_same_chat_and_nobody_writes_asleep() {
        let text = tagged();
        for s in REALISTIC {
            let a = RealisticChat::generate(s, DEFAULT_DAYS, 7, &text);
            let b = RealisticChat::generate(s, DEFAULT_DAYS, 7, &text);
            assert_eq!(a.messages, b.messages, "{}", s.name());
            assert!(
                a.messages.len() > 1000,
                "{}: {}",
                s.name(),
                a.messages.len()
            );
            assert!(a.messages.windows(2).all(|w| w[0].t <= w[1].t));
            for m in &a.messages {
                assert!(m.t >= 0.0 && m.t < a.days as f64 * DAY);
                let awake = a.sleep.awake(m.who, m.t);
                assert!(
                    awake,
                    "{}: {} writes asleep at {} ({:?})",
                    s.name(),
                    a.names[m.who],
                    m.t / 3600.0,
                    m
                );
            }
            assert!((0..a.names.len()).all(|p| a.messages.iter().any(|m| m.who == p)));
        }
    }

    #[test]
    fn timing_only_swings_timing_and_initiative_not_words() {
        for c in chats(RealisticScenario::Timing, 4) {
            let [warm, cool] = planted_contrast(&c).expect("positive");
            let min = |s: &stats::PhaseStats| s.median_reply_s.unwrap() / 60.0;
            assert!(
                min(&warm) < 5.0 && (30.0..240.0).contains(&min(&cool)),
                "{warm:?} {cool:?}"
            );
            assert!(
                (0.2..0.5).contains(&cool.overnight_share.unwrap()),
                "{cool:?}"
            );
            // A half versus a quarter, give or take each person's own habits.
            let (w_share, c_share) = (
                warm.initiative_share.unwrap(),
                cool.initiative_share.unwrap(),
            );
            assert!(
                (0.35..0.7).contains(&w_share) && c_share < 0.4 && w_share - c_share > 0.15,
                "{warm:?} {cool:?}"
            );
            let (w, k) = (text_share(&c, 1, 1, "C"), text_share(&c, 1, -1, "C"));
            assert!((w - k).abs() < 0.06, "cold share {w} vs {k}");
        }
    }

    #[test]
    fn subtle_adds_a_few_cold_messages_and_halves_initiative() {
        for c in chats(RealisticScenario::Subtle, 4) {
            let [warm, cool] = planted_contrast(&c).expect("positive");
            let min = |s: &stats::PhaseStats| s.median_reply_s.unwrap() / 60.0;
            assert!(
                min(&warm) < 6.0 && (12.0..50.0).contains(&min(&cool)),
                "{warm:?} {cool:?}"
            );
            assert!(cool.initiative_share.unwrap() < warm.initiative_share.unwrap());
            assert!(text_share(&c, 1, -1, "C") > text_share(&c, 1, 1, "C"));
        }
    }

    #[test]
    fn ghost_leaves_the_partner_unanswered_and_away_is_mutual() {
        for c in chats(RealisticScenario::Ghost, 3) {
            let gone = |d: usize| c.truth.labels[d] < 0;
            let b = phase_stats(&c.messages, 1, c.days, gone);
            let a = phase_stats(&c.messages, 0, c.days, gone);
            assert_eq!(b.messages_per_day, 0.0);
            assert!(a.messages_per_day > 1.0, "{a:?}");
        }
        for c in chats(RealisticScenario::Away, 3) {
            let mut per_day = vec![0usize; c.days];
            for m in &c.messages {
                per_day[(m.t / DAY) as usize] += 1;
            }
            let longest = per_day
                .split(|&n| n > 0)
                .map(<[usize]>::len)
                .max()
                .unwrap_or(0);
            assert!(longest >= 13, "longest silence {longest} days");
        }
    }

    #[test]
    fn the_withdrawing_family_member_varies_with_the_seed() {
        let who: std::collections::HashSet<usize> = chats(RealisticScenario::Family, 12)
            .iter()
            .filter_map(|c| c.truth.withdrawer)
            .collect();
        assert!(who.len() >= 3 && !who.contains(&0), "{who:?}");
    }
}
