//! A small builder every format parser uses to assemble a [`Conversation`]: interns
//! participant names, numbers messages, and keeps the line accounting (every input line or
//! record ends in a message or a warning).

use crate::chat::Format;
use crate::chat::{
    conversation_id, Conversation, IngestWarning, Message, MessageKind, Participant, ParticipantId,
    SourceInfo, SourceSpan, Timestamp,
};
use std::collections::HashMap;

pub struct ConversationBuilder {
    files: Vec<String>,
    format: Format,
    title: Option<String>,
    participants: Vec<Participant>,
    by_name: HashMap<String, ParticipantId>,
    messages: Vec<Message>,
    warnings: Vec<IngestWarning>,
    units_in: usize,
}

impl ConversationBuilder {
    pub fn new(display: &str, format: Format) -> Self {
        ConversationBuilder {
            files: vec![display.to_string()],
            format,
            title: None,
            participants: Vec::new(),
            by_name: HashMap::new(),
            messages: Vec::new(),
            warnings: Vec::new(),
            units_in: 0,
        }
    }

    /// Adds another input file of the same conversation; returns its index for `file`.
    pub fn add_file(&mut self, display: &str) -> usize {
        self.files.push(display.to_string());
        self.files.len() - 1
    }

    pub fn set_title(&mut self, title: Option<String>) {
        self.title = title.filter(|t| !t.trim().is_empty());
    }

    /// Counts input lines/records read (for the no-loss check).
    pub fn add_units(&mut self, n: usize) {
        self.units_in += n;
    }

    /// The id of the participant called `name`, adding them on first sight.
    pub fn participant(&mut self, name: &str) -> ParticipantId {
        if let Some(&id) = self.by_name.get(name) {
            return id;
        }
        let id = self.participants.len();
        self.participants.push(Participant {
            name: name.to_string(),
        });
        self.by_name.insert(name.to_string(), id);
        id
    }

    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        timestamp: Timestamp,
        sender: Option<ParticipantId>,
        kind: MessageKind,
        text: String,
        edited: bool,
        file: usize,
        line: usize,
        lines: usize,
    ) {
        self.messages.push(Message {
            index: self.messages.len(),
            timestamp,
            sender,
            kind,
            text,
            edited,
            reply_to: None,
            file,
            span: SourceSpan { line, lines },
        });
    }

    /// The last message pushed, to extend it (continuation lines, reactions).
    pub fn last_message_mut(&mut self) -> Option<&mut Message> {
        self.messages.last_mut()
    }

    /// Makes room for `n` more messages (parsers that know the count up front).
    pub fn reserve(&mut self, n: usize) {
        self.messages.reserve(n);
    }

    pub fn message_count(&self) -> usize {
        self.messages.len()
    }

    /// Records that `lines` input lines/records starting at `line` of input `file` did not
    /// become a message, and why.
    pub fn warn(&mut self, file: usize, line: usize, lines: usize, reason: impl Into<String>) {
        self.warnings.push(IngestWarning {
            file: self.files.get(file).cloned().unwrap_or_default(),
            line,
            lines,
            reason: reason.into(),
        });
    }

    /// Sorts messages by time (stable, so equal times keep input order) and renumbers
    /// them; for exports written newest first or merged from several files.
    pub fn sort_by_time(&mut self) {
        self.messages.sort_by_key(|m| m.timestamp.wall);
        for (i, m) in self.messages.iter_mut().enumerate() {
            m.index = i;
        }
    }

    pub fn finish(self) -> Conversation {
        let id = conversation_id(&self.files.join(";"), self.title.as_deref());
        Conversation {
            id,
            title: self.title,
            source: SourceInfo {
                files: self.files,
                format: self.format,
                app: self.format.app(),
                units_in: self.units_in,
            },
            participants: self.participants,
            messages: self.messages,
            warnings: self.warnings,
        }
    }
}
