//! How the binary ends: the exit-status table (the same for every command, shown by
//! `pushpull --help`), the one format of an error line on stderr, and a reader that closes
//! stdout early (`pushpull parse big.txt | head`) counted as success.

use std::fmt::Display;
use std::io::ErrorKind;
use std::process::ExitCode;

/// The exit-status table, printed at the end of `pushpull --help` and copied in the README.
pub const TABLE: &str = "\
Exit status (the same for every command):
  0    done; inputs that failed are listed on stderr (and, for analyze, in the report).
       A reader that stops early (`| head`) is not an error.
  1    nothing usable: no input could be read and parsed, analysed or measured.
  2    usage or I/O error: bad arguments, a model that does not load, an output that
       cannot be written; the command stopped there.
  101  an internal error outside a parser (a bug: please report it).
Errors go to stderr, one line each, as `pushpull: error: ...`.";

/// The command did its job (some inputs may have failed; each was reported).
pub const DONE: u8 = 0;
/// No input could be used.
pub const NOTHING_USABLE: u8 = 1;
/// Bad usage or an I/O error stopped the command.
pub const FAILED: u8 = 2;

/// [`DONE`] when at least one input was used, else [`NOTHING_USABLE`].
pub fn by_inputs_used(used: usize) -> ExitCode {
    ExitCode::from(if used == 0 { NOTHING_USABLE } else { DONE })
}

/// Prints one error line on stderr; the only way the binary reports an error.
pub fn report(error: impl Display) {
    eprintln!("pushpull: error: {error}");
}

/// Prints that overlapping exports of one chat were read as one, listing the files; the same
/// line for `parse` and `analyze`.
pub fn report_merged(files: &str) {
    eprintln!("pushpull: merged overlapping exports of one chat: {files}");
}

/// Makes a panic print as one error line (with where it happened, and the backtrace when
/// `RUST_BACKTRACE` asks for it). A panic in a parser is caught per input and reported a
/// second time as that input's error; any other panic ends the process with status 101.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info.payload_as_str().unwrap_or("no message");
        report(format_args!(
            "internal error (a bug: please report it){location}: {message}"
        ));
        let backtrace = std::backtrace::Backtrace::capture();
        if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
            eprintln!("{backtrace}");
        }
    }));
}

/// The status for an error that stopped a command: reported and [`FAILED`], except a
/// broken pipe on stdout, which ends the command quietly with [`DONE`].
pub fn from_error(error: &anyhow::Error) -> ExitCode {
    if is_broken_pipe(error) {
        return ExitCode::from(DONE);
    }
    report(one_line(error));
    ExitCode::from(FAILED)
}

/// The error and its causes on one line, `a: b: c`, leaving out a cause whose text the line
/// already holds (library errors often print their source themselves).
fn one_line(error: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// Whether `error` comes from writing to a pipe whose reader has gone. serde_json and csv
/// wrap the I/O error without exposing it as a source, so they are asked directly.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let kind = if let Some(e) = cause.downcast_ref::<std::io::Error>() {
            Some(e.kind())
        } else if let Some(e) = cause.downcast_ref::<serde_json::Error>() {
            e.io_error_kind()
        } else if let Some(e) = cause.downcast_ref::<csv::Error>() {
            match e.kind() {
                csv::ErrorKind::Io(io) => Some(io.kind()),
                _ => None,
            }
        } else {
            None
        };
        kind == Some(ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn pipe_error() -> std::io::Error {
        std::io::Error::from(ErrorKind::BrokenPipe)
    }

    #[test]
    fn broken_pipe_is_found_through_context_and_wrappers() {
        let io = anyhow::Error::new(pipe_error()).context("writing records");
        assert!(is_broken_pipe(&io));
        let json = serde_json::to_writer(FailingWriter, &1).unwrap_err();
        assert!(is_broken_pipe(&anyhow::Error::new(json)));
        let mut csv = csv::WriterBuilder::new()
            .buffer_capacity(1)
            .from_writer(FailingWriter);
        let csv = csv.write_record(["a", "b"]).unwrap_err();
        assert!(is_broken_pipe(&anyhow::Error::new(csv)));
    }

    #[test]
    fn other_errors_are_not_broken_pipes() {
        let denied = std::io::Error::from(ErrorKind::PermissionDenied);
        assert!(!is_broken_pipe(&anyhow::Error::new(denied)));
        assert!(!is_broken_pipe(&anyhow::anyhow!("Broken pipe")));
    }

    #[test]
    fn an_error_line_names_each_cause_once() {
        let io = std::io::Error::new(ErrorKind::NotFound, "no such file");
        let wrapped = pushpull::Error::io("/data/train.tsv", io);
        let error = anyhow::Error::new(wrapped).context("training");
        assert_eq!(one_line(&error), "training: /data/train.tsv: no such file");
    }

    /// A writer whose reader has gone.
    struct FailingWriter;

    impl Write for FailingWriter {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(pipe_error())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(pipe_error())
        }
    }
}
