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
mod week;

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
    /// The app the export came from (WhatsApp, Signal, ...).
    pub app: App,
    /// The export format that was read.
    pub format: Format,
    /// The chat's own title (a group name), when the export gives one.
    pub title: Option<String>,
    /// The zone the times are in (`--tz`: `Europe/Berlin`, `+02:00`); `None` when they are
    /// as the export recorded them (local wall time, or UTC where the export gives it).
    pub zone: Option<String>,
    /// The first message's time.
    pub start: Option<Timestamp>,
    /// The last message's time.
    pub end: Option<Timestamp>,
    /// All messages.
    pub messages: usize,
    /// Days with at least one message.
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
    /// The band the score falls in, or not enough data.
    pub band: Band,
    /// Plain-language label: "X runs hot and cold", "Y pursues when X withdraws",
    /// "mutual on/off", "no evidence".
    pub label: String,
    /// The kind of finding the label states, for sorting and styling without parsing the text.
    pub label_kind: LabelKind,
    /// How far the findings can be trusted given how much there was to read.
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
    /// Demand/withdraw events per person of the pair and their balance.
    pub demand_withdraw: DemandWithdraw,
    /// Conflict sessions of the pair and how long each took to recover.
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
    /// Index into [`Analysis::participants`] of the person who stayed silent.
    pub silent: usize,
    /// Index into [`Analysis::participants`] of the person left waiting.
    pub waiting: usize,
    /// The first unanswered message.
    pub start: Timestamp,
    /// The answer, or the end of the chat when there was none.
    pub end: Timestamp,
    /// False when the chat ends before the answer.
    pub answered: bool,
    /// Messages that went without a reply during the silence.
    pub unanswered: usize,
    /// Length of the silence in hours.
    pub hours: f64,
}

/// Two days or more in which nobody wrote.
#[derive(Debug, Clone, Serialize)]
pub struct QuietSpan {
    /// The last message before the quiet span.
    pub start: Timestamp,
    /// The first message after it.
    pub end: Timestamp,
    /// Length of the span in hours.
    pub hours: f64,
}

/// One person's initiative, effort and waiting in one ISO week.
#[derive(Debug, Clone, Serialize)]
pub struct WeekStats {
    /// The week's Monday, `YYYY-MM-DD`.
    pub week: String,
    /// Index into [`Analysis::participants`].
    pub person: usize,
    /// Messages this person sent in the week.
    pub messages: usize,
    /// Days of the week on which this person wrote.
    pub active_days: usize,
    /// Conversations this person started in the week.
    pub initiations: usize,
    /// This person's share of the week's initiations; `None` when nobody initiated.
    pub initiation_share: Option<f64>,
    /// Median words per text message.
    pub median_words: Option<f64>,
    /// Questions this person asked.
    pub questions: usize,
    /// The others' questions this person answered (wrote next).
    pub questions_answered: usize,
    /// The others' double texts while this person owed a reply.
    pub partner_double_texts: usize,
    /// Median time this person took to answer the others (seconds).
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
    /// Messages the member sent.
    pub messages: usize,
    /// Share of the group's messages.
    pub message_share: f64,
    /// Days on which the member wrote.
    pub active_days: usize,
    /// Median time to write after the others started writing (responsiveness to the group).
    pub median_wait_s: Option<f64>,
    /// The member's share of the group's initiations.
    pub initiation_share: Option<f64>,
    /// The member's push-pull score against the rest of the group (0–100).
    pub push_pull_score: f64,
    /// The band of that score.
    pub band: Band,
    /// Reversals of the member's level (a change up followed by one down, or the reverse).
    pub reversals: usize,
    /// Warm → cool → warm cycles (about half the reversals).
    pub cycles: usize,
    /// Mean reversal amplitude, in z units.
    pub amplitude: f64,
    /// One-sided silences by the member.
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

/// The kind of finding behind [`Analysis::label`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelKind {
    /// One person alternates warmer and cooler phases.
    RunsHotAndCold,
    /// One person presses for contact when the other withdraws.
    PursuesWhenWithdraws,
    /// Both people alternate together.
    MutualOnOff,
    /// Phases were measured and no push-pull was found.
    NoEvidence,
    /// Too few messages or people for pair measures.
    NotEnoughData,
}

/// How far an analysis can be trusted, with the reasons it is not high.
#[derive(Debug, Clone, Serialize)]
pub struct Confidence {
    /// 0..1; drops with few active days and few messages per person.
    pub value: f64,
    /// The value in three steps, as the report shows it.
    pub level: ConfidenceLevel,
    /// Why it is not high (e.g. "only 23 active days (< 60)").
    pub reasons: Vec<String>,
}

/// Confidence in three steps (see [`Confidence::value`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConfidenceLevel {
    /// Less than half of the data a confident reading needs.
    Low,
    /// At least half of it.
    Medium,
    /// Everything a confident reading needs (60 active days, 300 messages from each person).
    High,
}

/// One participant's measures. Pair measures are `None`/empty for people outside
/// [`Analysis::pair`].
#[derive(Debug, Clone, Serialize)]
pub struct PersonDynamics {
    /// Display name as in the conversation.
    pub name: String,
    /// Messages of every kind this person sent.
    pub messages: usize,
    /// Of those, text messages (the ones scored for warmth).
    pub text_messages: usize,
    /// Mean warmth of this person's scored messages (−1..1).
    pub mean_warmth: Option<f64>,
    /// This person's push-pull score (0–100); `None` outside the pair or with too little data.
    pub push_pull_score: Option<f64>,
    /// The band of that score.
    pub band: Option<Band>,
    /// Reversals of this person's level (see docs/method.md).
    pub reversals: usize,
    /// Warm → cool → warm cycles (about half the reversals).
    pub cycles: usize,
    /// Mean reversal amplitude, in z units.
    pub amplitude: f64,
    /// Coefficient of variation of phase durations (lower = more regular).
    pub regularity_cv: Option<f64>,
    /// Median time this person took to answer the other (seconds).
    pub median_wait_s: Option<f64>,
    /// First quartile of those waits (seconds).
    pub wait_q1_s: Option<f64>,
    /// Third quartile of those waits (seconds).
    pub wait_q3_s: Option<f64>,
    /// Conversations this person started (first message after a long gap).
    pub initiations: usize,
    /// Initiations right after one's own unanswered message (pursuit); included in
    /// `initiations`.
    pub reinitiations: usize,
    /// This person's share of the pair's initiations.
    pub initiation_share: Option<f64>,
    /// Follow-ups ("double texts"): own messages 20 minutes or more after one's own last one.
    pub follow_ups: usize,
    /// Pursuit bursts: two or more follow-ups, or three unanswered messages over an hour or more.
    pub pursuit_bursts: usize,
    /// This person's phases, in time order.
    pub phases: Vec<Phase>,
    /// One-sided silences by this person (see [`Silence`]).
    pub silences: usize,
    /// The longest one-sided silence, in hours.
    pub longest_silence_h: Option<f64>,
    /// Hours in which a message to this person had been waiting more than 12 hours.
    pub open_wait_hours: f64,
    /// The others' messages that waited more than 12 hours for this person.
    pub unanswered: usize,
    /// Median words per text message.
    pub median_words: Option<f64>,
    /// Questions this person asked.
    pub questions: usize,
    /// The others' questions this person answered (wrote next).
    pub questions_answered: usize,
    /// What this person did besides writing: reactions given and received, calls (missed
    /// ones and their length), media and voice notes, deletions, edits, group events.
    pub events: EventCounts,
}

/// Where a phase sits against the person's usual level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhaseLabel {
    /// Above the usual level (warmer, quicker).
    Warmer,
    /// Below the usual level (cooler, slower).
    Cooler,
    /// Near the usual level.
    Steady,
}

/// A stretch of one person's conversation at one level.
#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    /// The phase's first message.
    pub start: Timestamp,
    /// The phase's last message.
    pub end: Timestamp,
    /// Whether the phase sits above, below or near the usual level.
    pub label: PhaseLabel,
    /// Weighted mean of the warmth-z and responsiveness channels (z units).
    pub level: f64,
}

/// Which way a person's level changed at a boundary.
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
    /// When the change happened.
    pub at: Timestamp,
    /// Whether the level fell or rose.
    pub direction: Direction,
    /// The person's level in the phase before (z units).
    pub level_before: f64,
    /// The person's level in the phase after (z units).
    pub level_after: f64,
    /// The person's median wait in the phase before (seconds).
    pub median_wait_before_s: Option<f64>,
    /// The median wait in the phase after (seconds).
    pub median_wait_after_s: Option<f64>,
    /// A few messages around the boundary that show the change.
    pub evidence: Vec<EvidenceMessage>,
}

/// A message quoted as evidence.
#[derive(Debug, Clone, Serialize)]
pub struct EvidenceMessage {
    /// Index into the conversation's messages.
    pub index: usize,
    /// When the message was sent.
    pub timestamp: Timestamp,
    /// The sender's display name.
    pub sender: String,
    /// The message text (empty with `--redact`).
    pub text: String,
    /// The message's warmth (−1..1), when it was scored.
    pub warmth: Option<f32>,
    /// How long this message's sender took to reply to the other's run (seconds).
    pub wait_s: Option<f64>,
}

/// Warmer → cooler → warmer (or the reverse) for one person.
#[derive(Debug, Clone, Serialize)]
pub struct Cycle {
    /// Index into [`Analysis::participants`].
    pub person: usize,
    /// Start of the first phase of the cycle.
    pub start: Timestamp,
    /// End of the last phase of the cycle.
    pub end: Timestamp,
    /// Length of the cycle in days.
    pub duration_days: f64,
    /// Level of the middle phase (z units).
    pub level: f64,
    /// Amplitude √(|d_k|·|d_{k+1}|).
    pub amplitude: f64,
}

/// One person's counts and waits in one calendar month (for the monthly tables).
#[derive(Debug, Clone, Serialize)]
pub struct MonthStats {
    /// `YYYY-MM`.
    pub month: String,
    /// Index into [`Analysis::participants`].
    pub person: usize,
    /// Messages this person sent in the month.
    pub messages: usize,
    /// Conversations this person started.
    pub initiations: usize,
    /// Follow-ups ("double texts") this person sent.
    pub follow_ups: usize,
    /// Median time this person took to answer (seconds).
    pub median_wait_s: Option<f64>,
    /// First quartile of those waits (seconds).
    pub wait_q1_s: Option<f64>,
    /// Third quartile of those waits (seconds).
    pub wait_q3_s: Option<f64>,
    /// This person's share of the month's initiations.
    pub initiation_share: Option<f64>,
    /// Median words per text message.
    pub median_words: Option<f64>,
    /// Questions this person asked.
    pub questions: usize,
    /// Hours in which a message to this person had been waiting more than 12 hours.
    pub open_wait_hours: f64,
    /// The others' messages that waited more than 12 hours for this person.
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
    /// When the conflict session began.
    pub start: Timestamp,
    /// Per person of the pair: seconds until their next message after the conflict.
    pub next_message_s: Vec<Option<f64>>,
    /// Hours until the 24-hour mean warmth is back within 0.5σ of baseline.
    pub recovery_hours: Option<f64>,
}

/// One person's warmth timeline: the bins of the report's timeline chart.
#[derive(Debug, Clone, Serialize)]
pub struct PersonTimeline {
    /// Index into [`Analysis::participants`].
    pub person: usize,
    /// 12-hour bins in time order.
    pub bins: Vec<TimelineBin>,
}

/// One 12-hour bin of a person's timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineBin {
    /// Start of the bin.
    pub start: Timestamp,
    /// Messages this person sent in the bin.
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
