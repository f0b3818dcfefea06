//! The library's error type. Every error names the input it is about (file, and line or
//! byte offset where known) so the binary can print one clear line per problem.

use std::fmt;

/// Where in an input a problem is: a 1-based line (text formats), a record number (JSON) or
/// a byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// A 1-based line of a text input.
    Line(usize),
    /// A 1-based record of a JSON input.
    Record(usize),
    /// A byte offset, for binary inputs and JSON syntax errors.
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

/// What went wrong, and in which input or file; the one error type of the library.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input could not be read or understood.
    #[error("{file}{}: {message}", .position.map(|p| format!(":{p}")).unwrap_or_default())]
    Input {
        /// Display path of the input.
        file: String,
        /// Where in the input, when known.
        position: Option<Position>,
        /// What was wrong, in words a user can act on.
        message: String,
    },
    /// Reading or writing a file of our own (outputs, models) failed.
    #[error("{path}: {source}")]
    Io {
        /// The file that could not be read or written.
        path: String,
        /// The operating system's error.
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
    /// An [`Error::Input`] about `file`, at `position` when known.
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

    /// An [`Error::Io`] about `path`.
    pub fn io(path: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

/// The library's result: [`Error`] unless said otherwise.
pub type Result<T, E = Error> = std::result::Result<T, E>;
