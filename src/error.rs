//! The library's error type. Every error names the input it is about (file, and line or
//! byte offset where known) so the binary can print one clear line per problem.

use std::fmt;

/// Where in an input a problem is: a 1-based line (text formats), a record number (JSON) or
/// a byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Line(usize),
    Record(usize),
    Byte(u64),
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Position::Line(n) => write!(f, "line {n}"),
            Position::Record(n) => write!(f, "record {n}"),
            Position::Byte(n) => write!(f, "byte {n}"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input could not be read or understood.
    #[error("{file}{}: {message}", .position.map(|p| format!(":{p}")).unwrap_or_default())]
    Input {
        file: String,
        position: Option<Position>,
        message: String,
    },
    /// Reading or writing a file of our own (outputs, models) failed.
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// A bad option or argument.
    #[error("{0}")]
    Usage(String),
    /// A model failed while it ran (a scorer's forward pass, a training step).
    #[error("{0}")]
    Model(String),
}

impl Error {
    pub fn input(
        file: impl Into<String>,
        position: Option<Position>,
        message: impl Into<String>,
    ) -> Self {
        Error::Input {
            file: file.into(),
            position,
            message: message.into(),
        }
    }

    pub fn io(path: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
