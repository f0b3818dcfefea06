//! The tidy tables: `messages.csv` (one row per message), `participants.csv` (one row per
//! conversation and person), `conversations.csv` (one row per conversation) and
//! `weekly.csv` (one row per conversation, read person and ISO week). Stable
//! column names, ISO timestamps, UTF-8, a header row, empty cells for missing values, so
//! pandas, R and DuckDB read them without options. Free-text cells that a spreadsheet would
//! run as a formula are neutralised unless `--raw-csv` asks for the exact text
//! (see [`super::spreadsheet`]).

use super::fmt::{band_key, confidence_key, num, phase_key};
use super::records::{MessageRecord, MESSAGE_COLUMNS};
use super::spreadsheet::free_text;
use crate::dynamics::Analysis;
use crate::error::{Error, Result};
use crate::lang::LanguageSummary;
use crate::score::ScoredConversation;
use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

type Writer = csv::Writer<BufWriter<File>>;

pub struct Tables {
    messages: (String, Writer),
    participants: (String, Writer),
    conversations: (String, Writer),
    weekly: (String, Writer),
    /// Quote free-text cells that a spreadsheet would read as a formula.
    neutralise: bool,
}

/// The columns `messages.csv` adds after [`MESSAGE_COLUMNS`].
const ANALYSIS_COLUMNS: [&str; 5] = ["warmth", "confidence", "wait_s", "phase", "lang"];

const PARTICIPANT_COLUMNS: [&str; 36] = [
    "conversation",
    "person",
    "name",
    "in_pair",
    "messages",
    "text_messages",
    "mean_warmth",
    "push_pull_score",
    "band",
    "reversals",
    "cycles",
    "amplitude",
    "regularity_cv",
    "median_wait_s",
    "wait_q1_s",
    "wait_q3_s",
    "initiations",
    "initiation_share",
    "follow_ups",
    "pursuit_bursts",
    "silences",
    "longest_silence_h",
    "open_wait_hours",
    "unanswered",
    "median_words",
    "questions",
    "questions_answered",
    "languages",
    "reactions_given",
    "reactions_received",
    "calls",
    "missed_calls",
    "call_seconds",
    "voice_notes",
    "deleted",
    "edits",
];

const WEEKLY_COLUMNS: [&str; 15] = [
    "conversation",
    "person",
    "name",
    "week",
    "messages",
    "active_days",
    "initiations",
    "initiation_share",
    "median_words",
    "questions",
    "questions_answered",
    "partner_double_texts",
    "median_wait_s",
    "open_wait_hours",
    "unanswered",
];

const CONVERSATION_COLUMNS: [&str; 22] = [
    "id",
    "source",
    "app",
    "format",
    "title",
    "participants",
    "start",
    "end",
    "messages",
    "active_days",
    "push_pull_score",
    "band",
    "label",
    "label_kind",
    "confidence",
    "confidence_level",
    "pursuit_coupling",
    "demand_withdraw_polarity",
    "boundaries",
    "languages",
    "warmth_read",
    "language_notice",
];

fn open(dir: &Path, name: &str, columns: &[&str]) -> Result<(String, Writer)> {
    let path = dir.join(name);
    let display = path.display().to_string();
    let file = File::create(&path).map_err(|e| Error::io(&display, e))?;
    let mut w = csv::Writer::from_writer(BufWriter::new(file));
    w.write_record(columns)
        .map_err(|e| csv_error(&display, e))?;
    Ok((display, w))
}

fn csv_error(path: &str, e: csv::Error) -> Error {
    Error::io(path, std::io::Error::other(e.to_string()))
}

fn write_row(w: &mut (String, Writer), row: &[String]) -> Result<()> {
    w.1.write_record(row).map_err(|e| csv_error(&w.0, e))
}

fn close(w: (String, Writer)) -> Result<()> {
    let (path, w) = w;
    let mut inner = w
        .into_inner()
        .map_err(|e| Error::io(&path, std::io::Error::other(e.to_string())))?;
    std::io::Write::flush(&mut inner).map_err(|e| Error::io(&path, e))
}

impl Tables {
    pub fn create(dir: &Path, neutralise: bool) -> Result<Self> {
        let message_columns: Vec<&str> = MESSAGE_COLUMNS
            .iter()
            .chain(&ANALYSIS_COLUMNS)
            .copied()
            .collect();
        Ok(Tables {
            messages: open(dir, "messages.csv", &message_columns)?,
            participants: open(dir, "participants.csv", &PARTICIPANT_COLUMNS)?,
            conversations: open(dir, "conversations.csv", &CONVERSATION_COLUMNS)?,
            weekly: open(dir, "weekly.csv", &WEEKLY_COLUMNS)?,
            neutralise,
        })
    }

    /// Writes the rows of one conversation into every table.
    pub fn add(&mut self, scored: &ScoredConversation, a: &Analysis) -> Result<()> {
        self.add_messages(scored, a)?;
        self.add_participants(a)?;
        self.add_weekly(a)?;
        self.add_conversation(a)
    }

    /// `messages.csv`: the message columns `parse` writes, then the analysis columns.
    fn add_messages(&mut self, scored: &ScoredConversation, a: &Analysis) -> Result<()> {
        let conv = &scored.conversation;
        for (i, m) in conv.messages.iter().enumerate() {
            let score = scored.scores.get(i).copied().flatten();
            let dynamics = a.per_message.get(i).copied().unwrap_or_default();
            let mut row = MessageRecord::new(conv, m)
                .csv_fields(self.neutralise)
                .to_vec();
            row.extend([
                num(score.map(|s| f64::from(s.score.warmth))),
                num(score.map(|s| f64::from(s.score.confidence))),
                num(dynamics.wait_s),
                dynamics.phase.map(phase_key).unwrap_or("").to_string(),
                scored
                    .languages
                    .per_message
                    .get(i)
                    .copied()
                    .flatten()
                    .map_or("", |l| l.code())
                    .to_string(),
            ]);
            write_row(&mut self.messages, &row)?;
        }
        Ok(())
    }

    /// `participants.csv`: one row per person.
    fn add_participants(&mut self, a: &Analysis) -> Result<()> {
        let safe = |s: &str| free_text(s, self.neutralise);
        for (i, p) in a.participants.iter().enumerate() {
            let in_pair = a.pair.is_some_and(|pair| pair.contains(&i));
            let mut row = vec![
                safe(&a.id),
                i.to_string(),
                safe(&p.name),
                in_pair.to_string(),
                p.messages.to_string(),
                p.text_messages.to_string(),
                num(p.mean_warmth),
                num(p.push_pull_score),
                p.band.map(band_key).unwrap_or("").to_string(),
                p.reversals.to_string(),
                p.cycles.to_string(),
                num(Some(p.amplitude)),
                num(p.regularity_cv),
                num(p.median_wait_s),
                num(p.wait_q1_s),
                num(p.wait_q3_s),
                p.initiations.to_string(),
                num(p.initiation_share),
                p.follow_ups.to_string(),
                p.pursuit_bursts.to_string(),
                p.silences.to_string(),
                num(p.longest_silence_h),
                num(Some(p.open_wait_hours)),
                p.unanswered.to_string(),
                num(p.median_words),
                p.questions.to_string(),
                p.questions_answered.to_string(),
                a.languages
                    .per_person
                    .get(i)
                    .map(|s| LanguageSummary::shares_cell(s))
                    .unwrap_or_default(),
            ];
            let e = &p.events;
            row.extend(
                [
                    e.reactions_given,
                    e.reactions_received,
                    e.calls,
                    e.missed_calls,
                    e.call_seconds as usize,
                    e.voice_notes,
                    e.deleted,
                    e.edits,
                ]
                .map(|n| n.to_string()),
            );
            write_row(&mut self.participants, &row)?;
        }
        Ok(())
    }

    /// `weekly.csv`: one row per person read and ISO week.
    fn add_weekly(&mut self, a: &Analysis) -> Result<()> {
        for w in &a.weekly {
            let name = a.participants.get(w.person).map_or("", |p| p.name.as_str());
            let row = vec![
                a.id.clone(),
                w.person.to_string(),
                name.to_string(),
                w.week.clone(),
                w.messages.to_string(),
                w.active_days.to_string(),
                w.initiations.to_string(),
                num(w.initiation_share),
                num(w.median_words),
                w.questions.to_string(),
                w.questions_answered.to_string(),
                w.partner_double_texts.to_string(),
                num(w.median_wait_s),
                num(Some(w.open_wait_hours)),
                w.unanswered.to_string(),
            ];
            write_row(&mut self.weekly, &row)?;
        }
        Ok(())
    }

    /// `conversations.csv`: one row.
    fn add_conversation(&mut self, a: &Analysis) -> Result<()> {
        let safe = |s: &str| free_text(s, self.neutralise);
        let row = vec![
            safe(&a.id),
            safe(&a.source),
            a.app.as_str().to_string(),
            a.format.as_str().to_string(),
            safe(a.title.as_deref().unwrap_or_default()),
            safe(
                &a.participants
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            a.start.map(|t| t.to_iso()).unwrap_or_default(),
            a.end.map(|t| t.to_iso()).unwrap_or_default(),
            a.messages.to_string(),
            a.active_days.to_string(),
            num(Some(a.push_pull_score)),
            band_key(a.band).to_string(),
            safe(&a.label),
            serde_json::to_value(a.label_kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            num(Some(a.confidence.value)),
            confidence_key(a.confidence.level).to_string(),
            num(a.pursuit_coupling),
            num(a.demand_withdraw.polarity),
            a.boundaries.len().to_string(),
            LanguageSummary::shares_cell(&a.languages.shares),
            a.languages
                .warmth_read
                .map(|r| r.to_string())
                .unwrap_or_default(),
            a.languages.scope_notice.clone().unwrap_or_default(),
        ];
        write_row(&mut self.conversations, &row)
    }

    pub fn finish(self) -> Result<()> {
        close(self.messages)?;
        close(self.participants)?;
        close(self.weekly)?;
        close(self.conversations)
    }
}
