//! The batch entry point of ingest: [`parse_input_guarded`] parses one input like
//! [`parse_input`](super::parse_input) but turns a panic in a parser (a bug that fuzzing
//! missed) into an [`Error`] naming the input, so one bad file never ends a batch. Every
//! command of the binary reads its inputs through it; tests and fuzz targets call
//! `parse_input` directly, so a panic stays loud there.
//!
//! Test hook: when the environment variable [`PANIC_HOOK_VAR`] is set to a non-empty text,
//! every input whose display path contains that text panics inside the guard, as a parser
//! bug would. It lets the tests of the binary show the failure policy on a real batch; it
//! changes nothing when the variable is unset.

use super::{collect, parse_input_each, IngestOptions, Input};
use crate::chat::Conversation;
use crate::error::{Error, Result};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// The environment variable of the test hook (see the module documentation).
pub const PANIC_HOOK_VAR: &str = "PUSHPULL_TEST_PARSER_PANIC";

/// Parses one input; a panic while parsing it becomes an error for that input (with the
/// panic's message) instead of ending the whole batch.
pub fn parse_input_guarded(input: &Input, opts: &IngestOptions) -> Result<Vec<Conversation>> {
    collect(|emit| parse_input_each_guarded(input, opts, emit))
}

/// [`parse_input_each`](super::parse_input_each) with the same guard: each conversation goes
/// to `emit` as soon as it is read.
pub fn parse_input_each_guarded(
    input: &Input,
    opts: &IngestOptions,
    emit: impl FnMut(Conversation) -> Result<()>,
) -> Result<()> {
    catch_unwind(AssertUnwindSafe(|| {
        if hook_matches(&input.display) {
            panic!("{PANIC_HOOK_VAR} matched this input");
        }
        parse_input_each(input, opts, emit)
    }))
    .unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("no message");
        Err(Error::input(
            input.display.clone(),
            None,
            format!("internal error while parsing this input (a bug: please report it): {detail}"),
        ))
    })
}

/// Whether the test hook asks this input to panic.
fn hook_matches(display: &str) -> bool {
    std::env::var(PANIC_HOOK_VAR)
        .is_ok_and(|needle| !needle.is_empty() && display.contains(&needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Origin;

    #[test]
    fn a_panicking_parse_is_an_error_naming_the_input() {
        let input = Input {
            display: "guard-test-input-that-panics.txt".into(),
            origin: Origin::File("/nonexistent/guard-test-input-that-panics.txt".into()),
        };
        std::env::set_var(PANIC_HOOK_VAR, "guard-test-input-that-panics");
        let result = parse_input_guarded(&input, &IngestOptions::default());
        std::env::remove_var(PANIC_HOOK_VAR);
        let message = result.expect_err("the hook panics").to_string();
        assert!(
            message.starts_with("guard-test-input-that-panics.txt: internal error"),
            "{message}"
        );
        assert!(message.contains(PANIC_HOOK_VAR), "{message}");
    }
}
