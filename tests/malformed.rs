//! Malformed-input corpus: every bad input is generated here into a temp folder,
//! run through `ingest::discover` + `ingest::parse_input` beside a good WhatsApp export, and
//! must give a clear error or warning naming the file, never a panic, while the good file of
//! the same batch still parses and every parsed conversation keeps the no-loss invariant.

use pushpull::ingest::{self, IngestOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

const GOOD: &str = "12/01/2021, 09:00 - Ann: good morning\n12/01/2021, 09:05 - Bob: hi Ann\n\
13/01/2021, 22:10 - Ann: night\n";

/// A fresh folder under the system temp dir, unique per test and process.
fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("pushpull-malformed-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    std::fs::write(dir.join("good.txt"), GOOD).expect("write good file");
    dir
}

/// Outcome of one batch: per input display path, either its conversations or the error text.
struct Batch {
    discover_errors: Vec<String>,
    parsed: Vec<(String, Result<Vec<pushpull::chat::Conversation>, String>)>,
}

fn run_batch(dir: &Path) -> Batch {
    let (inputs, errors) = ingest::discover(&[dir.to_path_buf()]);
    let opts = IngestOptions::default();
    let parsed = inputs
        .iter()
        .map(|input| {
            let result = ingest::parse_input(input, &opts).map_err(|e| e.to_string());
            (input.display.clone(), result)
        })
        .collect();
    let batch = Batch {
        discover_errors: errors.iter().map(|e| e.to_string()).collect(),
        parsed,
    };
    batch.assert_good_survived_and_no_loss();
    batch
}

impl Batch {
    /// The good file still gives its 3 messages, and no parsed conversation lost a line.
    fn assert_good_survived_and_no_loss(&self) {
        let good = self
            .parsed
            .iter()
            .find(|(d, _)| d.ends_with("good.txt"))
            .expect("good.txt discovered");
        let convs = good.1.as_ref().expect("good.txt parses");
        assert_eq!(convs[0].messages.len(), 3);
        for (display, result) in &self.parsed {
            if let Ok(convs) = result {
                for conv in convs {
                    assert_eq!(
                        conv.source.units_in,
                        conv.units_accounted(),
                        "no-loss invariant broken for {display}"
                    );
                }
            }
        }
    }

    /// The error (from discovery or parsing) that names `file`.
    fn error_for(&self, file: &str) -> String {
        self.discover_errors
            .iter()
            .chain(self.parsed.iter().filter_map(|(_, r)| r.as_ref().err()))
            .find(|e| e.contains(file))
            .unwrap_or_else(|| {
                panic!(
                    "no error names {file}: discover {:?}, parsed {:?}",
                    self.discover_errors,
                    self.parsed
                        .iter()
                        .map(|(d, r)| (d, r.as_ref().map(|c| c.len())))
                        .collect::<Vec<_>>()
                )
            })
            .clone()
    }

    /// The conversations parsed from the input whose display path ends with `file`.
    fn convs_of(&self, file: &str) -> &[pushpull::chat::Conversation] {
        let (_, r) = self
            .parsed
            .iter()
            .find(|(d, _)| d.ends_with(file))
            .unwrap_or_else(|| panic!("{file} not discovered"));
        r.as_ref().unwrap_or_else(|e| panic!("{file} failed: {e}"))
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).expect("write input");
}

#[test]
fn empty_file_is_an_error_naming_it() {
    let dir = scratch("empty");
    write(&dir, "empty.txt", b"");
    let e = run_batch(&dir).error_for("empty.txt");
    assert!(!e.is_empty());
}

#[test]
fn only_a_bom_is_an_error_naming_it() {
    let dir = scratch("bom");
    write(&dir, "bom.txt", b"\xEF\xBB\xBF");
    run_batch(&dir).error_for("bom.txt");
}

#[test]
fn binary_noise_and_png_renamed_txt_are_errors() {
    let dir = scratch("binary");
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let noise: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    write(&dir, "noise.txt", &noise);
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0".to_vec();
    png.extend_from_slice(&noise[..4096]);
    write(&dir, "photo.txt", &png);
    let batch = run_batch(&dir);
    batch.error_for("noise.txt");
    batch.error_for("photo.txt");
}

#[test]
fn truncated_json_of_each_shape_is_an_error_with_position() {
    let dir = scratch("truncated");
    let telegram = r#"{"name":"Ann","type":"personal_chat","id":1,"messages":[{"id":1,"type":"message","date":"2021-01-12T09:00:00","date_unixtime":"1610442000","from":"Ann","from_id":"user1","text":"hello"},{"id":2,"type":"message","date":"2021-01-12T09:01:00","date_unixtime":"1610442060","from":"Bob","from_id":"user2","text":"hi"}]}"#;
    let meta = r#"{"participants":[{"name":"Ann"},{"name":"Bob"}],"messages":[{"sender_name":"Ann","timestamp_ms":1610442000000,"content":"hello"},{"sender_name":"Bob","timestamp_ms":1610442060000,"content":"hi"}],"title":"Ann","thread_path":"inbox/ann_1"}"#;
    let discord = r#"{"guild":{"id":"1","name":"Direct Messages"},"channel":{"id":"2","type":"DirectTextChat","name":"ann"},"messages":[{"id":"3","type":"Default","timestamp":"2021-01-12T09:00:00+00:00","content":"hello","author":{"id":"4","name":"ann","nickname":"Ann"}}],"messageCount":1}"#;
    let mut names = Vec::new();
    for (shape, json) in [("telegram", telegram), ("meta", meta), ("discord", discord)] {
        for cut in [1, json.len() / 3, json.len() / 2, json.len() - 1] {
            let name = format!("{shape}-cut{cut}.json");
            write(&dir, &name, &json.as_bytes()[..cut]);
            names.push(name);
        }
    }
    let batch = run_batch(&dir);
    for name in names {
        batch.error_for(&name);
    }
}

#[test]
fn json_of_the_wrong_shape_is_an_error() {
    let dir = scratch("shape");
    write(&dir, "array.json", b"[1, 2, 3]");
    write(
        &dir,
        "messages-number.json",
        br#"{"name":"x","type":"personal_chat","messages":42}"#,
    );
    write(&dir, "string.json", br#""just a string""#);
    let batch = run_batch(&dir);
    for name in ["array.json", "messages-number.json", "string.json"] {
        batch.error_for(name);
    }
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = bom
        .then_some(0xFEFFu16)
        .into_iter()
        .chain(text.encode_utf16());
    for u in units {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn utf16_text_with_a_bom_is_decoded_and_parsed() {
    let dir = scratch("utf16");
    write(&dir, "le-bom.txt", &utf16(GOOD, false, true));
    write(&dir, "be-bom.txt", &utf16(GOOD, true, true));
    let batch = run_batch(&dir);
    for name in ["le-bom.txt", "be-bom.txt"] {
        let convs = batch.convs_of(name);
        assert_eq!(convs[0].messages.len(), 3, "{name}");
    }
}

#[test]
fn utf16_text_without_a_bom_parses_or_errors_naming_the_file() {
    let dir = scratch("utf16-nobom");
    write(&dir, "le.txt", &utf16(GOOD, false, false));
    write(&dir, "be.txt", &utf16(GOOD, true, false));
    let batch = run_batch(&dir);
    for name in ["le.txt", "be.txt"] {
        let (_, r) = batch
            .parsed
            .iter()
            .find(|(d, _)| d.ends_with(name))
            .unwrap();
        match r {
            Ok(convs) => assert_eq!(convs[0].messages.len(), 3, "{name}"),
            Err(e) => assert!(e.contains(name), "{e}"),
        }
    }
}

#[test]
fn invalid_utf8_is_decoded_lossily_with_a_warning() {
    let dir = scratch("utf8");
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.extend_from_slice(b"14/01/2021, 08:00 - Bob: bad \xFF\xFE bytes\n");
    write(&dir, "lossy.txt", &bytes);
    let batch = run_batch(&dir);
    let conv = &batch.convs_of("lossy.txt")[0];
    assert_eq!(conv.messages.len(), 4);
    assert!(
        conv.warnings.iter().any(|w| w.file.ends_with("lossy.txt")),
        "no decode warning: {:?}",
        conv.warnings
    );
}

#[test]
fn a_100_mb_single_line_is_bounded_and_named() {
    let dir = scratch("longline");
    let mut line = b"12/01/2021, 09:00 - Ann: ".to_vec();
    line.resize(100 * 1024 * 1024, b'a');
    line.push(b'\n');
    write(&dir, "long.txt", &line);
    drop(line);
    let started = std::time::Instant::now();
    let batch = run_batch(&dir);
    let (_, r) = batch
        .parsed
        .iter()
        .find(|(d, _)| d.ends_with("long.txt"))
        .unwrap();
    match r {
        Ok(convs) => assert_eq!(convs[0].messages.len(), 1),
        Err(e) => assert!(e.contains("long.txt"), "{e}"),
    }
    // Generous bound so a debug build passes too; release takes well under a second.
    assert!(
        started.elapsed().as_secs() < 60,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn ten_million_tiny_lines_parse_without_loss() {
    // 10 M lines, as the reliability target asks; about a second in release.
    const LINES: usize = 10_000_000;
    let dir = scratch("manylines");
    let mut text = String::with_capacity(LINES * 8);
    text.push_str("12/01/2021, 09:00 - Ann: start\n");
    for i in 1..LINES {
        text.push_str(if i % 2 == 0 { "x\n" } else { "yz\n" });
    }
    write(&dir, "many.txt", text.as_bytes());
    drop(text);
    let batch = run_batch(&dir);
    let conv = &batch.convs_of("many.txt")[0];
    assert_eq!(conv.source.units_in, LINES);
    assert_eq!(
        conv.messages.len(),
        1,
        "continuation lines join one message"
    );
}

#[test]
fn cr_only_line_ends_parse_or_error_naming_the_file() {
    let dir = scratch("cr");
    write(&dir, "mac.txt", GOOD.replace('\n', "\r").as_bytes());
    let batch = run_batch(&dir);
    let (_, r) = batch
        .parsed
        .iter()
        .find(|(d, _)| d.ends_with("mac.txt"))
        .unwrap();
    match r {
        Ok(convs) => assert!(!convs[0].messages.is_empty()),
        Err(e) => assert!(e.contains("mac.txt"), "{e}"),
    }
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buf);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(true);
        for (name, bytes) in entries {
            zip.start_file(*name, options).expect("zip entry");
            zip.write_all(bytes).expect("zip write");
        }
        zip.finish().expect("zip finish");
    }
    buf.into_inner()
}

#[test]
fn a_zip_bomb_is_refused_naming_the_archive() {
    let dir = scratch("bomb");
    let huge = vec![b'a'; 64 * 1024 * 1024];
    let bytes = zip_of(&[("_chat.txt", &huge)]);
    drop(huge);
    assert!(
        bytes.len() < 1024 * 1024,
        "bomb archive is small: {}",
        bytes.len()
    );
    write(&dir, "bomb.zip", &bytes);
    let e = run_batch(&dir).error_for("bomb.zip");
    assert!(
        e.contains("_chat.txt") || e.contains("ratio") || e.contains("size"),
        "{e}"
    );
}

#[test]
fn zip_entries_with_parent_or_absolute_paths_never_escape() {
    let dir = scratch("zipslip");
    let bytes = zip_of(&[
        ("../../etc/x.txt", GOOD.as_bytes()),
        ("/etc/abs.txt", GOOD.as_bytes()),
    ]);
    write(&dir, "slip.zip", &bytes);
    let batch = run_batch(&dir);
    // Read in memory: each entry either parses under the archive's name or is refused by name.
    let mentions: Vec<_> = batch
        .parsed
        .iter()
        .filter(|(d, _)| d.contains("slip.zip"))
        .collect();
    for (d, r) in &mentions {
        if let Err(e) = r {
            assert!(e.contains("slip.zip"), "{d}: {e}");
        }
    }
    assert!(
        !mentions.is_empty() || batch.discover_errors.iter().any(|e| e.contains("slip.zip")),
        "slip.zip neither listed nor refused"
    );
    assert!(!Path::new("/etc/x.txt").exists() && !Path::new("/etc/abs.txt").exists());
}

#[test]
fn a_zip_inside_a_zip_is_an_error_or_parsed_by_name() {
    let dir = scratch("nested");
    let inner = zip_of(&[("_chat.txt", GOOD.as_bytes())]);
    let outer = zip_of(&[("inner.zip", &inner)]);
    write(&dir, "outer.zip", &outer);
    let batch = run_batch(&dir);
    let named = batch
        .discover_errors
        .iter()
        .any(|e| e.contains("outer.zip"))
        || batch.parsed.iter().any(|(d, _)| d.contains("outer.zip"));
    assert!(named, "outer.zip produced neither an input nor an error");
    for (d, r) in batch.parsed.iter().filter(|(d, _)| d.contains("outer.zip")) {
        if let Err(e) = r {
            assert!(e.contains("outer.zip"), "{d}: {e}");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_the_folder_terminates() {
    let dir = scratch("symloop");
    std::fs::create_dir(dir.join("sub")).unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("sub").join("loop")).unwrap();
    std::os::unix::fs::symlink(dir.join("b.txt"), dir.join("a.txt")).unwrap();
    std::os::unix::fs::symlink(dir.join("a.txt"), dir.join("b.txt")).unwrap();
    let batch = run_batch(&dir);
    batch.error_for("a.txt");
}

#[test]
fn a_file_that_disappears_or_is_a_directory_is_named() {
    let dir = scratch("vanish");
    write(&dir, "gone.txt", GOOD.as_bytes());
    std::fs::create_dir(dir.join("folder.txt")).unwrap();
    let (inputs, _) = ingest::discover(std::slice::from_ref(&dir));
    std::fs::remove_file(dir.join("gone.txt")).unwrap();
    let opts = IngestOptions::default();
    let mut good = 0;
    for input in &inputs {
        match ingest::parse_input(input, &opts) {
            Ok(convs) => {
                good += convs[0].messages.len();
                assert_eq!(convs[0].source.units_in, convs[0].units_accounted());
            }
            Err(e) => assert!(e.to_string().contains("gone.txt"), "{e}"),
        }
    }
    assert_eq!(good, 3);
    // A directory named like a file given explicitly: an error naming it, not a panic.
    let explicit = dir.join("folder.txt");
    let (inputs, errors) = ingest::discover(&[explicit]);
    let named = errors.iter().any(|e| e.to_string().contains("folder.txt"))
        || inputs.is_empty()
        || inputs.iter().all(|i| {
            ingest::parse_input(i, &opts).is_err_and(|e| e.to_string().contains("folder.txt"))
        });
    assert!(named);
}

#[test]
fn the_binary_names_bad_files_and_succeeds_when_one_parses() {
    let dir = scratch("cli");
    write(&dir, "empty.txt", b"");
    write(
        &dir,
        "cut.json",
        br#"{"name":"Ann","type":"personal_chat","messages":[{"id":1,"#,
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pushpull"))
        .arg("parse")
        .arg(&dir)
        .output()
        .expect("run pushpull");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "exit {:?}: {stderr}", out.status);
    assert!(stderr.contains("empty.txt"), "{stderr}");
    assert!(stderr.contains("cut.json"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("good morning"));

    let only_bad = scratch("cli-bad");
    std::fs::remove_file(only_bad.join("good.txt")).unwrap();
    write(&only_bad, "empty.txt", b"");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_pushpull"))
        .arg("parse")
        .arg(&only_bad)
        .output()
        .expect("run pushpull");
    assert!(!out.status.success(), "nothing parsed must exit non-zero");
    assert!(String::from_utf8_lossy(&out.stderr).contains("empty.txt"));
}
