//! The binary's failure policy, the same for every command: a parser panic in one input is
//! that input's error and the batch goes on (shown with the test hook
//! `PUSHPULL_TEST_PARSER_PANIC`); a reader that closes stdout early (`| head`) ends the
//! command quietly with status 0; the exit-status table of `pushpull --help` (0 done, 1
//! nothing usable, 2 usage or I/O error) holds per command; errors are one line each with
//! one prefix; every subcommand's `--help` ends with examples.

mod common;

use common::{fixture, pushpull, run, scratch};

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

const PANIC_HOOK: &str = "PUSHPULL_TEST_PARSER_PANIC";
const PREFIX: &str = "pushpull: error: ";

fn status(out: &Output) -> i32 {
    out.status.code().expect("exited, not killed by a signal")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A folder of three small WhatsApp exports (the hook can aim at `broken.txt`) and a folder
/// beside it for outputs.
fn batch(name: &str) -> (PathBuf, PathBuf) {
    let root = scratch(name);
    let (dir, out) = (root.join("in"), root.join("out"));
    std::fs::create_dir_all(&dir).unwrap();
    for (from, to) in [
        ("whatsapp/android_us_nnbsp.txt", "first.txt"),
        ("whatsapp/finnish_klo.txt", "broken.txt"),
        ("whatsapp/android_us_nnbsp.txt", "third.txt"),
    ] {
        std::fs::copy(fixture(from), dir.join(to)).unwrap();
    }
    (dir, out)
}

/// Every line of stderr is an error line with the one prefix, or the command's summary.
fn assert_error_lines_prefixed(err: &str) {
    for line in err.lines().filter(|l| l.contains("error")) {
        assert!(
            line.starts_with(PREFIX) || line.starts_with("pushpull parse:"),
            "{line}"
        );
    }
}

#[test]
fn a_parser_panic_in_one_input_leaves_the_rest_of_an_analyze_batch() {
    let (dir, out_dir) = batch("analyze-panic");
    let out = pushpull()
        .env(PANIC_HOOK, "broken.txt")
        // first.txt and third.txt are the same export: kept apart, not merged
        .args(["analyze", "--quiet", "--merge", "off", "-o"])
        .arg(&out_dir)
        .arg(&dir)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(status(&out), 0, "{err}");
    let failure = format!(
        "{PREFIX}{}: internal error",
        dir.join("broken.txt").display()
    );
    assert!(err.contains(&failure), "{err}");
    assert_error_lines_prefixed(&err);
    let conversations = std::fs::read_to_string(out_dir.join("conversations.csv")).unwrap();
    assert_eq!(
        conversations.lines().count(),
        3,
        "header + the two good inputs"
    );
    assert!(conversations.contains("first.txt") && conversations.contains("third.txt"));
    assert!(!conversations.contains("broken.txt"));
    let index = std::fs::read_to_string(out_dir.join("index.html")).unwrap();
    assert!(
        index.contains("broken.txt"),
        "the failure is listed in index.html"
    );
    assert!(index.contains("internal error while parsing this input"));
}

#[test]
fn parse_and_score_go_on_past_a_parser_panic_too() {
    let (dir, _) = batch("parse-score-panic");
    for command in ["parse", "score"] {
        // first.txt and third.txt are one export twice: `parse` would merge them by default.
        let merge_off: &[&str] = if command == "parse" {
            &["--merge", "off"]
        } else {
            &[]
        };
        let out = pushpull()
            .env(PANIC_HOOK, "broken.txt")
            .args([command, "--to", "csv"])
            .args(merge_off)
            .arg(&dir)
            .output()
            .unwrap();
        let err = stderr(&out);
        assert_eq!(status(&out), 0, "{command}: {err}");
        assert!(
            err.contains(&format!("{PREFIX}{}", dir.join("broken.txt").display())),
            "{command}: {err}"
        );
        let table = String::from_utf8(out.stdout).unwrap();
        assert!(table.contains("first.txt") && table.contains("third.txt"));
        assert!(!table.contains("broken.txt"), "{command}");
    }
}

#[test]
fn a_batch_where_every_input_panics_is_nothing_usable() {
    let (dir, out_dir) = batch("all-panic");
    for args in [
        vec!["parse".into(), dir.clone().into_os_string()],
        vec!["score".into(), dir.clone().into_os_string()],
        vec![
            "analyze".into(),
            "--quiet".into(),
            "-o".into(),
            out_dir.clone().into_os_string(),
            dir.clone().into_os_string(),
        ],
    ] {
        let out = pushpull()
            .env(PANIC_HOOK, ".txt")
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(status(&out), 1, "{args:?}: {}", stderr(&out));
        assert_eq!(
            stderr(&out).matches("internal error while parsing").count(),
            3
        );
    }
}

/// A WhatsApp Android export of `messages` messages (fictional; ~60 bytes a message).
fn write_big_export(path: &Path, messages: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..messages {
        let (day, minute) = (i / 1440, i % 1440);
        let (year, yday) = (2000 + day / 336, day % 336); // 12 months of 28 days
        writeln!(
            out,
            "{:02}/{:02}/{year}, {:02}:{:02} - {}: message number {i} of the export",
            yday % 28 + 1,
            yday / 28 + 1,
            minute / 60,
            minute % 60,
            if i % 3 == 0 {
                "Anna Berg"
            } else {
                "Sam Kowalski"
            },
        )
        .unwrap();
    }
    out.flush().unwrap();
}

#[test]
fn parse_of_a_million_messages_piped_into_head_exits_0_quietly() {
    let dir = scratch("big");
    let big = dir.join("big.txt");
    write_big_export(&big, 1_000_000);
    for to in ["jsonl", "csv"] {
        let mut child = pushpull()
            .args(["parse", "--to", to])
            .arg(&big)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The reader is gone now, like `head -1` after its line.
        let out = child.wait_with_output().unwrap();
        match to {
            "jsonl" => assert!(first.contains("message number 0 of"), "{first}"),
            _ => assert!(first.starts_with("conversation,index,"), "{first}"),
        }
        assert_eq!(status(&out), 0, "{to}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{to}: a closed pipe is not reported");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs a command whose stdout reader has gone before it writes anything.
fn run_with_stdout_closed(args: &[&str]) -> Output {
    let mut child = pushpull()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn every_command_writing_to_stdout_ends_quietly_on_a_closed_pipe() {
    let chat = fixture("whatsapp/android_us_nnbsp.txt");
    let labelled = fixture("eval/tiny.tsv");
    for args in [
        vec!["parse", &chat],
        vec!["parse", "--to", "csv", &chat],
        vec!["score", &chat],
        vec!["score", "--to", "csv", &chat],
        vec!["eval", &labelled],
        vec!["eval", "--json", &labelled],
        vec!["validate", "--planted", "--seeds", "1", "--days", "30"],
    ] {
        let out = run_with_stdout_closed(&args);
        assert_eq!(status(&out), 0, "{args:?}: {}", stderr(&out));
        assert!(
            !stderr(&out).contains("error"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn exit_status_table_holds_for_parse_and_score() {
    let good = fixture("whatsapp/android_us_nnbsp.txt");
    let bad = fixture("whatsapp/binary.txt");
    let dir = scratch("parse-score-status");
    let unwritable = dir.join("no-such-folder/out.csv");
    let unwritable = unwritable.to_str().unwrap();
    for command in ["parse", "score"] {
        let done = run(&[command, &good, &bad]);
        assert_eq!(status(&done), 0, "{command}: one good input is enough");
        let err = stderr(&done);
        assert!(err.contains(&format!("{PREFIX}{bad}")), "{command}: {err}");
        assert_eq!(
            status(&run(&[command, &bad])),
            1,
            "{command}: nothing parsed"
        );
        assert_eq!(status(&run(&[command, "/no/such/export.txt"])), 1);
        assert_eq!(status(&run(&[command, "--no-such-flag", &good])), 2);
        let io = run(&[command, &good, "-o", unwritable]);
        assert_eq!(status(&io), 2, "{command}: output cannot be created");
        assert!(stderr(&io).starts_with(PREFIX), "{}", stderr(&io));
    }
}

#[test]
fn exit_status_table_holds_for_analyze() {
    let (dir, out_dir) = batch("analyze-status");
    let out_dir = out_dir.to_str().unwrap();
    let good = dir.join("first.txt");
    let good = good.to_str().unwrap();
    let bad = fixture("whatsapp/binary.txt");
    assert_eq!(
        status(&run(&["analyze", "-q", "-o", out_dir, good, &bad])),
        0
    );
    assert_eq!(status(&run(&["analyze", "-q", "-o", out_dir, &bad])), 1);
    assert_eq!(status(&run(&["analyze", "-q", "--shard", "4/2", good])), 2);
    let under_a_file = format!("{good}/out");
    let io = run(&["analyze", "-q", "-o", &under_a_file, good]);
    assert_eq!(status(&io), 2, "{}", stderr(&io));
    assert!(stderr(&io).starts_with(PREFIX), "{}", stderr(&io));
}

#[test]
fn exit_status_table_holds_for_eval_synth_validate_and_train() {
    let labelled = fixture("eval/tiny.tsv");
    let missing = "/no/such/labelled.tsv";
    let eval = run(&["eval", &labelled, missing]);
    assert_eq!(status(&eval), 0, "one measured file is enough");
    assert!(stderr(&eval).starts_with(&format!("{PREFIX}{missing}")));
    assert_eq!(status(&run(&["eval", missing])), 1, "nothing measured");
    assert_eq!(status(&run(&["eval", "--scorer", "nope", &labelled])), 2);

    let dir = scratch("synth-status");
    let out_dir = dir.to_str().unwrap();
    let synth = [
        "synth",
        "--scenario",
        "pushpull",
        "--days",
        "20",
        "-o",
        out_dir,
    ];
    assert_eq!(status(&run(&synth)), 0);
    let bad_names = run(&[&synth[..], &["--names", "Solo"]].concat());
    assert_eq!(status(&bad_names), 2);
    assert!(stderr(&bad_names).starts_with(PREFIX));

    let validate = ["validate", "--planted", "--seeds", "1", "--days", "30"];
    assert_eq!(status(&run(&validate)), 0);
    assert_eq!(status(&run(&["validate", "--seeds", "many"])), 2);
    let no_pools = ["--pools-file", "/no/such/pools.tsv"];
    let no_pools = run(&[&["validate", "--realistic", "--seeds", "1"][..], &no_pools].concat());
    assert_eq!(status(&no_pools), 2);
    let err = stderr(&no_pools);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("/no/such/pools.tsv") && err.contains("--pools emotion"),
        "{err}"
    );

    let train = run(&["train", "--data", "/no/such/goemotions"]);
    assert_eq!(status(&train), 2);
    let err = stderr(&train);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(
        err.matches("No such file").count(),
        1,
        "each cause once: {err}"
    );
}

#[cfg(not(feature = "bert"))]
#[test]
fn a_scorer_that_is_not_in_the_build_is_a_usage_error() {
    let chat = fixture("whatsapp/android_us_nnbsp.txt");
    let out = run(&["score", "--scorer", "bert", &chat]);
    assert_eq!(status(&out), 2);
    assert!(stderr(&out).starts_with(PREFIX), "{}", stderr(&out));
    assert!(stderr(&out).contains("--features bert"));
}

#[cfg(feature = "bert")]
#[test]
fn the_bert_encoder_is_found_from_any_working_directory() {
    let chat = fixture("whatsapp/android_us_nnbsp.txt");
    let elsewhere = scratch("bert-cwd");
    let out = pushpull()
        .env_remove("PUSHPULL_MODEL_DIR")
        .current_dir(&elsewhere)
        .args(["score", "--scorer", "bert", &chat])
        .output()
        .unwrap();
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let wrong = pushpull()
        .env("PUSHPULL_MODEL_DIR", elsewhere.join("no-encoder-here"))
        .args(["score", "--scorer", "bert", &chat])
        .output()
        .unwrap();
    assert_eq!(status(&wrong), 2);
    assert!(
        stderr(&wrong).contains("no-encoder-here"),
        "{}",
        stderr(&wrong)
    );
}

#[test]
fn help_shows_the_exit_table_and_every_subcommand_ends_with_examples() {
    let top = run(&["--help"]);
    assert_eq!(status(&top), 0);
    let help = String::from_utf8(top.stdout).unwrap();
    for row in [
        "0    done",
        "1    nothing usable",
        "2    usage or I/O error",
    ] {
        assert!(help.contains(row), "{help}");
    }
    for command in [
        "analyze", "parse", "score", "eval", "train", "synth", "validate",
    ] {
        let out = run(&[command, "--help"]);
        assert_eq!(status(&out), 0);
        let help = String::from_utf8(out.stdout).unwrap();
        let examples = help
            .rsplit_once("Examples:\n")
            .unwrap_or_else(|| panic!("{command} --help has no examples:\n{help}"))
            .1;
        let lines: Vec<&str> = examples.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!((2..=3).contains(&lines.len()), "{command}: {examples}");
        for line in lines {
            assert!(
                line.trim_start()
                    .starts_with(&format!("pushpull {command}"))
                    || line.trim_start().starts_with("cat "),
                "{command}: {line}"
            );
        }
    }
}
