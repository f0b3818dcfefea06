//! pushpull: reads exported chat conversations, scores every message for warmth, and finds
//! push-pull dynamics (alternating warm and cold phases and the response-gap patterns that
//! go with them).
//!
//! The pipeline flows one way; each stage is a module with plain data in and out:
//!
//! ```text
//! paths ─► ingest ─► Conversation ─► score ─► ScoredConversation ─► dynamics ─► Analysis ─► report
//! ```
//!
//! [`synth`] writes planted conversations (real export files plus ground truth) used by the
//! samples, the tests and the validation of the dynamics stage.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod chat;
pub mod dynamics;
pub mod error;
pub mod ingest;
pub mod lang;
pub mod progress;
pub mod report;
pub mod rng;
pub mod score;
pub mod synth;

pub use chat::{Conversation, Message, MessageKind, Participant, Timestamp};
pub use error::{Error, Result};
