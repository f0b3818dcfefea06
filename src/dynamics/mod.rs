//! Dynamics: from a scored conversation, response gaps, warmer/cooler phases per person, the
//! push-pull score with attribution, and the evidence messages that show each change.
//! Silence, open waits, initiative and effort are read as behaviour in their own right, and
//! every member of a group who wrote enough gets their own reading.
//! The method is `docs/method.md`; this stage reads no files and writes none.
//!
//! [`Analysis`] is the contract with the report stage: everything a report, `summary.json`
//! or the CSV tables show comes from it.

mod build;
pub mod columns;
pub mod effort;
mod evidence;
pub mod gaps;
pub mod kinds;
pub mod levels;
pub mod pelt;
pub mod phases;
pub mod presence;
pub mod pushpull;
pub mod reading;
pub mod stats;
mod tables;

pub use phases::Fusion;

use crate::chat::{App, EventCounts, Format, Timestamp};
use crate::score::ScoredConversation;
use serde::Serialize;

/// The dynamics of one conversation (serialised into `summary.json`).
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    /// The conversation id (as in ingest).
    pub id: String,
    /// The input path(s) it came from, joined with `; `.
    pub source: String,
    pub app: App,
    pub format: Format,
    pub title: Option<String>,
    /// The zone the times are in (`--tz`: `Europe/Berlin`, `+02:00`); `None` when they are
    /// as the export recorded them (local wall time, or UTC where the export gives it).
    pub zone: Option<String>,
    /// First and last message.
    pub start: Option<Timestamp>,
    pub end: Option<Timestamp>,
    /// All messages, and days with at least one message.
    pub messages: usize,
    pub active_days: usize,
    /// Every participant, most active first is not implied: same order as the conversation.
    pub participants: Vec<PersonDynamics>,
    /// The two participants the pair measures (waits, phases, score) are computed for:
    /// both people of a two-person chat, the two most active people of a group chat.
    /// `None` when there are fewer than two senders.
    pub pair: Option<[usize; 2]>,
    /// Plain-language note on what the pair measures cover (group chats, one-sided chats).
    pub scope_note: Option<String>,
    /// What the conversation is written in, and the notice when its warmth is not read.
    pub languages: crate::lang::LanguageSummary,
    /// The conversation's push-pull score: the higher of the pair's scores (0–100).
    pub push_pull_score: f64,
    pub band: Band,
    /// Plain-language label: "X runs hot and cold", "Y pursues when X withdraws",
    /// "mutual on/off", "no evidence".
    pub label: String,
    pub label_kind: LabelKind,
    pub confidence: Confidence,
    /// Y's follow-ups per bin in X's cooler phases ÷ in X's warmer phases, for the person
    /// with the higher score as X.
    pub pursuit_coupling: Option<f64>,
    /// Every push and pull boundary with the messages and waits that show it, in time order.
    pub boundaries: Vec<Boundary>,
    /// Warm→cold→warm cycles per person, in time order.
    pub cycles: Vec<Cycle>,
    /// Per person and calendar month: messages, initiations, follow-ups, wait quartiles.
    pub monthly: Vec<MonthStats>,
    pub demand_withdraw: DemandWithdraw,
    pub conflicts: Vec<ConflictRecovery>,
    /// 12-hour bins per person, for the warmth timeline chart.
    pub timeline: Vec<PersonTimeline>,
    /// One entry per message of the conversation, in message order (for `messages.csv`);
    /// not written to `summary.json`.
    #[serde(skip)]
    pub per_message: Vec<MessageDynamics>,
    /// One-sided silences: one person did not answer for a day or more while the other kept
    /// writing, in time order.
    pub silences: Vec<Silence>,
    /// Stretches of two days or more in which nobody wrote (nobody's withdrawal).
    pub quiet_spans: Vec<QuietSpan>,
    /// Per read person and ISO week: initiative, effort and waiting (for `weekly.csv`); not
    /// written to `summary.json`.
    #[serde(skip)]
    pub weekly: Vec<WeekStats>,
    /// Group chats: every member who wrote enough, read against the rest of the group.
    /// Empty for two-person chats (the pair measures are the reading).
    pub members: Vec<MemberReading>,
}

/// A one-sided silence: `silent` left `unanswered` messages (mostly from `waiting`) without
/// a reply from `start` (the first of them) to `end` (the answer, or the end of the chat).
#[derive(Debug, Clone, Serialize)]
pub struct Silence {
    /// Indices into [`Analysis::participants`].
    pub silent: usize,
    pub waiting: usize,
    pub start: Timestamp,
    pub end: Timestamp,
    /// False when the chat ends before the answer.
    pub answered: bool,
    pub unanswered: usize,
    pub hours: f64,
}

/// Two days or more in which nobody wrote.
#[derive(Debug, Clone, Serialize)]
pub struct QuietSpan {
    pub start: Timestamp,
    pub end: Timestamp,
    pub hours: f64,
}

/// One person's initiative, effort and waiting in one ISO week.
#[derive(Debug, Clone, Serialize)]
pub struct WeekStats {
    /// The week's Monday, `YYYY-MM-DD`.
    pub week: String,
    pub person: usize,
    pub messages: usize,
    pub active_days: usize,
    pub initiations: usize,
    pub initiation_share: Option<f64>,
    pub median_words: Option<f64>,
    pub questions: usize,
    pub questions_answered: usize,
    /// The others' double texts while this person owed a reply.
    pub partner_double_texts: usize,
    pub median_wait_s: Option<f64>,
    /// Hours in which a message to this person had been waiting more than 12 hours.
    pub open_wait_hours: f64,
    /// The others' messages that waited more than 12 hours for this person.
    pub unanswered: usize,
}

/// A group member's own reading against the rest of the group.
#[derive(Debug, Clone, Serialize)]
pub struct MemberReading {
    /// Index into [`Analysis::participants`].
    pub person: usize,
    pub messages: usize,
    /// Share of the group's messages.
    pub message_share: f64,
    pub active_days: usize,
    /// Median time to write after the others started writing (responsiveness to the group).
    pub median_wait_s: Option<f64>,
    pub initiation_share: Option<f64>,
    pub push_pull_score: f64,
    pub band: Band,
    pub reversals: usize,
    pub cycles: usize,
    pub amplitude: f64,
    pub silences: usize,
    /// Phases on the fused level of warmth against the member's own baseline and
    /// responsiveness to the group.
    pub phases: Vec<Phase>,
}

/// Push-pull score bands (docs/method.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// < 20
    NoEvidence,
    /// 20–50
    Some,
    /// > 50
    Strong,
    /// Too few messages or people to look for push-pull (never a zero score).
    NotEnoughData,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelKind {
    RunsHotAndCold,
    PursuesWhenWithdraws,
    MutualOnOff,
    NoEvidence,
    /// Too few messages or people for pair measures.
    NotEnoughData,
}

#[derive(Debug, Clone, Serialize)]
pub struct Confidence {
    /// 0..1; drops with few active days and few messages per person.
    pub value: f64,
    pub level: ConfidenceLevel,
    /// Why it is not high (e.g. "only 23 active days (< 60)").
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfidenceLevel {
    Low,
    Medium,
    High,
}

/// One participant's measures. Pair measures are `None`/empty for people outside
/// [`Analysis::pair`].
#[derive(Debug, Clone, Serialize)]
pub struct PersonDynamics {
    pub name: String,
    pub messages: usize,
    pub text_messages: usize,
    pub mean_warmth: Option<f64>,
    pub push_pull_score: Option<f64>,
    pub band: Option<Band>,
    pub reversals: usize,
    pub cycles: usize,
    /// Mean reversal amplitude, in z units.
    pub amplitude: f64,
    /// Coefficient of variation of phase durations (lower = more regular).
    pub regularity_cv: Option<f64>,
    pub median_wait_s: Option<f64>,
    pub wait_q1_s: Option<f64>,
    pub wait_q3_s: Option<f64>,
    pub initiations: usize,
    /// Initiations right after one's own unanswered message (pursuit); included in
    /// `initiations`.
    pub reinitiations: usize,
    pub initiation_share: Option<f64>,
    pub follow_ups: usize,
    pub pursuit_bursts: usize,
    pub phases: Vec<Phase>,
    /// One-sided silences by this person (see [`Silence`]).
    pub silences: usize,
    /// The longest one-sided silence, in hours.
    pub longest_silence_h: Option<f64>,
    /// Hours in which a message to this person had been waiting more than 12 hours.
    pub open_wait_hours: f64,
    /// The others' messages that waited more than 12 hours for this person.
    pub unanswered: usize,
    pub median_words: Option<f64>,
    pub questions: usize,
    pub questions_answered: usize,
    /// What this person did besides writing: reactions given and received, calls (missed
    /// ones and their length), media and voice notes, deletions, edits, group events.
    pub events: EventCounts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseLabel {
    Warmer,
    Cooler,
    Steady,
}

/// A stretch of one person's conversation at one level.
#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    pub start: Timestamp,
    pub end: Timestamp,
    pub label: PhaseLabel,
    /// Weighted mean of the warmth-z and responsiveness channels (z units).
    pub level: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// The person's level fell (colder, slower).
    Push,
    /// The person's level rose (warmer, quicker).
    Pull,
}

/// A change of level by one person, with the evidence for it.
#[derive(Debug, Clone, Serialize)]
pub struct Boundary {
    /// Index into [`Analysis::participants`].
    pub person: usize,
    pub at: Timestamp,
    pub direction: Direction,
    pub level_before: f64,
    pub level_after: f64,
    /// The person's median wait in the phase before and after (seconds).
    pub median_wait_before_s: Option<f64>,
    pub median_wait_after_s: Option<f64>,
    /// A few messages around the boundary that show the change.
    pub evidence: Vec<EvidenceMessage>,
}

/// A message quoted as evidence.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceMessage {
    /// Index into the conversation's messages.
    pub index: usize,
    pub timestamp: Timestamp,
    pub sender: String,
    pub text: String,
    pub warmth: Option<f32>,
    /// How long this message's sender took to reply to the other's run (seconds).
    pub wait_s: Option<f64>,
}

/// Warmer → cooler → warmer (or the reverse) for one person.
#[derive(Debug, Clone, Serialize)]
pub struct Cycle {
    pub person: usize,
    pub start: Timestamp,
    pub end: Timestamp,
    pub duration_days: f64,
    /// Level of the middle phase (z units).
    pub level: f64,
    /// Amplitude √(|d_k|·|d_{k+1}|).
    pub amplitude: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthStats {
    /// `YYYY-MM`.
    pub month: String,
    pub person: usize,
    pub messages: usize,
    pub initiations: usize,
    pub follow_ups: usize,
    pub median_wait_s: Option<f64>,
    pub wait_q1_s: Option<f64>,
    pub wait_q3_s: Option<f64>,
    pub initiation_share: Option<f64>,
    pub median_words: Option<f64>,
    pub questions: usize,
    pub open_wait_hours: f64,
    pub unanswered: usize,
}

/// Demand/withdraw events (docs/method.md §1).
#[derive(Debug, Clone, Serialize, Default)]
pub struct DemandWithdraw {
    /// Events where this person (index into participants) demanded and the other withdrew.
    pub events_demanding: Vec<usize>,
    /// (DW_Y→X − DW_X→Y) / sum over the pair, X being the person with the higher score (as for
    /// `pursuit_coupling`): positive when the other demands and X withdraws; `None` when there
    /// were none.
    pub polarity: Option<f64>,
}

/// What happened after one conflict session.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictRecovery {
    pub start: Timestamp,
    /// Per person of the pair: seconds until their next message after the conflict.
    pub next_message_s: Vec<Option<f64>>,
    /// Hours until the 24-hour mean warmth is back within 0.5σ of baseline.
    pub recovery_hours: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PersonTimeline {
    pub person: usize,
    pub bins: Vec<TimelineBin>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineBin {
    pub start: Timestamp,
    pub messages: usize,
    /// Mean warmth of the bin's scored messages (raw scale, −1..1).
    pub warmth: Option<f64>,
    /// Mean warmth z against the person's baseline.
    pub warmth_z: Option<f64>,
    /// Mean responsiveness (−latency z, open waits included).
    pub responsiveness: Option<f64>,
    /// The longest wait still open at the bin's end while the other wrote into it (hours).
    pub open_wait_h: Option<f64>,
}

/// Per-message values for `messages.csv`.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct MessageDynamics {
    /// Seconds this message's sender took to answer the other's run (first message of a run).
    pub wait_s: Option<f64>,
    /// The sender's phase at this message.
    pub phase: Option<PhaseLabel>,
}

/// Analyses one scored conversation. Never panics; every number in the result is finite.
pub fn analyze(conversation: &ScoredConversation) -> Analysis {
    build::analyze(conversation, Fusion::default())
}

/// [`analyze`] with the weight of warmth against timing chosen by the caller (e.g. lower
/// when the words could not be read).
pub fn analyze_with(conversation: &ScoredConversation, fusion: Fusion) -> Analysis {
    build::analyze(conversation, fusion)
}
