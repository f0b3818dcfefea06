//! Helpers every test crate shares (`mod common;`): the fixtures, the built binary, a
//! scratch folder per test, the shared corpus beside the repository, the no-loss check.
//! Each test crate uses some of them, so the unused rest is allowed.
#![allow(dead_code)]

use pushpull::chat::Conversation;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The path of `tests/fixtures/<rel>`.
pub fn fixture_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The path of `tests/fixtures/<rel>` as a command-line argument.
pub fn fixture(rel: &str) -> String {
    fixture_path(rel).display().to_string()
}

/// The built `pushpull` binary, without the test-only parser-panic hook and backtraces.
pub fn pushpull() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_pushpull"));
    command
        .env_remove("PUSHPULL_TEST_PARSER_PANIC")
        .env("RUST_BACKTRACE", "0");
    command
}

/// Runs `pushpull ARGS` and returns what it wrote and its status.
pub fn run(args: &[&str]) -> Output {
    pushpull().args(args).output().expect("run pushpull")
}

/// A fresh, empty folder for one test, under cargo's temp folder for integration tests.
pub fn scratch(name: &str) -> PathBuf {
    let krate = module_path!().split("::").next().unwrap_or("tests");
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("{krate}-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `../shared/corpus/<sub>`, read in place (never copied into the repository). Tests that
/// need it are `#[ignore = "needs ../shared/corpus"]`, run by `.ci/run` with
/// `--include-ignored`; run without it, they fail here saying what is missing.
pub fn corpus(sub: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(sub);
    assert!(
        dir.exists(),
        "{} absent: this test needs the shared corpus beside the repository",
        dir.display()
    );
    dir
}

/// Every input line or record became (part of) a message or a warning.
pub fn assert_no_loss(conv: &Conversation, what: &str) {
    assert_eq!(
        conv.source.units_in,
        conv.units_accounted(),
        "{what}: units in != units in messages + warnings: {:?}",
        conv.warnings
    );
}
