//! The WhatsApp grammar on the project's own fixtures (tests/fixtures/whatsapp, written by
//! make_fixtures.py): every header variant, message kinds, date order, and bad inputs.

mod common;

use common::rows;
use pushpull::chat::Conversation;
use pushpull::ingest::{discover, parse_input, DateOrder, IngestOptions, Origin};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    common::fixture_path(&format!("whatsapp/{name}"))
}

/// The one conversation of a fixture, checked for loss.
fn parse_with(name: &str, opts: &IngestOptions) -> pushpull::Result<Conversation> {
    let mut convs = common::parse_path(&fixture(name), opts)?;
    assert_eq!(convs.len(), 1, "{name}");
    Ok(convs.remove(0))
}

fn parse(name: &str) -> Conversation {
    parse_with(name, &IngestOptions::default()).unwrap()
}

#[test]
fn android_us_with_narrow_nbsp_before_pm() {
    let conv = parse("android_us_nnbsp.txt");
    let r = rows(&conv);
    assert_eq!(r.len(), 8);
    assert_eq!(r[0].2, "system");
    assert_eq!(r[0].1, "");
    assert_eq!(r[1].0, "2024-01-15T21:42:00");
    assert_eq!(r[1].1, "Anna Berg");
    // `~ Name` loses the tilde; the continuation lines join the message.
    assert_eq!(r[2].1, "Sam K");
    assert_eq!(r[2].3, "maybe\nlet me check\n  my calendar");
    assert_eq!(conv.messages[2].span.lines, 3);
    // 12:05 AM is just after midnight; the edited suffix is removed and recorded.
    assert_eq!(r[3].0, "2024-01-15T00:05:00");
    assert_eq!(r[3].3, "ok");
    assert!(conv.messages[3].edited);
    assert_eq!(r[4].0, "2024-01-16T12:30:00");
    assert_eq!(r[4].2, "media:unknown");
    assert_eq!(r[5].2, "deleted");
    assert_eq!(r[6].2, "media:image");
    assert_eq!((r[7].1.as_str(), r[7].2.as_str()), ("", "system"));
    assert_eq!(conv.participants.len(), 2);
}

#[test]
fn spanish_p_m_with_nbsp_inside() {
    let r = rows(&parse("spanish_pm_nbsp.txt"));
    let times: Vec<&str> = r.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(
        times,
        [
            "2024-01-15T21:41:00",
            "2024-01-15T21:42:00",
            "2024-01-16T00:05:00"
        ]
    );
    assert_eq!(r[1].1, "Marta");
}

#[test]
fn finnish_klo_and_dotted_time() {
    let r = rows(&parse("finnish_klo.txt"));
    assert_eq!(r[0].0, "2018-06-13T21:25:15");
    assert_eq!(r[2].0, "2018-06-14T08:01:00");
    assert_eq!(r[2].3, "huomenta");
}

#[test]
fn ios_with_bom_crlf_marks_and_system_line_of_the_chat_name() {
    let conv = parse("ios_bom_crlf.txt");
    let r = rows(&conv);
    assert_eq!(r.len(), 5);
    assert_eq!((r[0].1.as_str(), r[0].2.as_str()), ("", "system"));
    assert_eq!(r[1].0, "2024-03-19T20:02:10");
    assert_eq!(
        r[1].3, "hi!\nsecond line",
        "CRLF normalised inside a message"
    );
    assert_eq!(r[2].1, "+1 555 010 9999");
    assert_eq!(r[2].2, "media:image");
    assert_eq!(r[3].2, "media:location");
    assert!(conv.messages[4].edited);
    assert_eq!(r[4].2, "text");
}

#[test]
fn time_first_cjk_arabic_and_buddhist_headers() {
    let r = rows(&parse("vietnamese_time_first.txt"));
    assert_eq!(r[0].0, "2022-03-18T14:56:01");
    assert_eq!(r[1].1, "Minh");

    let r = rows(&parse("chinese_ampm.txt"));
    assert_eq!(r[0].0, "2024-01-15T21:41:00");
    assert_eq!(r[2].0, "2024-01-16T08:00:00");
    assert_eq!(r[1].1, "小红");

    let r = rows(&parse("korean_ampm.txt"));
    assert_eq!(r[0].0, "2024-01-15T21:41:00");
    assert_eq!(r[1].0, "2024-01-16T08:00:00");

    let r = rows(&parse("arabic_digits.txt"));
    assert_eq!(r[0].0, "2024-01-15T21:41:00");
    assert_eq!(r[1].0, "2024-01-16T08:00:00");
    assert_eq!(r[1].1, "عمر");

    let r = rows(&parse("buddhist_era.txt"));
    assert_eq!(r[0].0, "2024-01-15T21:41:00");
}

#[test]
fn date_order_auto_and_override() {
    let r = rows(&parse("ambiguous_monotonic.txt"));
    assert_eq!(r[1].0, "2020-02-01T10:00:00");
    let forced = IngestOptions {
        date_order: DateOrder::Dmy,
        tz_offset_s: Some(3600),
        ..IngestOptions::default()
    };
    let r = rows(&parse_with("ambiguous_monotonic.txt", &forced).unwrap());
    assert_eq!(r[1].0, "2020-01-02T10:00:00+01:00");
}

#[test]
fn messy_lines_all_end_in_messages_or_warnings() {
    let conv = parse("messy.txt");
    let r = rows(&conv);
    assert_eq!(r.len(), 2);
    assert_eq!(
        r[0].3,
        "look at this log:\n[1/2/20 10:00] Bob: pasted, not a header in this file"
    );
    assert_eq!(r[1].3, "last");
    let reasons: Vec<(usize, usize, &str)> = conv
        .warnings
        .iter()
        .map(|w| (w.line, w.lines, w.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 3, "{reasons:?}");
    assert!(reasons.contains(&(1, 2, "continuation before first header")));
    assert!(reasons
        .iter()
        .any(|r| r.0 == 5 && r.1 == 2 && r.2.starts_with("unparseable date")));
    // The pasted bracketed line is noted (it is already counted in Anna's message).
    assert!(reasons
        .iter()
        .any(|r| r.0 == 4 && r.1 == 0 && r.2.starts_with("header-like lines of another form")));
}

#[test]
fn bad_inputs_give_errors_naming_the_file() {
    for name in ["empty.txt", "binary.txt"] {
        let err = parse_with(name, &IngestOptions::default()).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains(name), "{msg}");
    }
    let conv = parse("utf16le.txt");
    assert_eq!(conv.messages.len(), 2);
    assert_eq!(conv.messages[0].text, "hé");
    assert!(conv.warnings.iter().any(|w| w.reason.contains("UTF-16")));

    let conv = parse("invalid_utf8.txt");
    assert_eq!(conv.messages.len(), 2);
    assert_eq!(conv.messages[0].text, "caf\u{fffd} latin-1");
    assert!(conv
        .warnings
        .iter()
        .any(|w| w.reason.contains("invalid UTF-8")));
}

#[test]
fn zip_refuses_traversal_and_nested_zips_but_reads_the_rest() {
    let (inputs, errors) = discover(&[fixture("traversal.zip")]);
    assert_eq!(inputs.len(), 1, "{inputs:?}");
    assert!(inputs[0].display.ends_with("traversal.zip!/chat.txt"));
    let msgs: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    assert!(msgs
        .iter()
        .any(|m| m.contains("../evil.txt") && m.contains("unsafe")));
    assert!(msgs.iter().any(|m| m.contains("/abs.txt")));
    assert!(msgs
        .iter()
        .any(|m| m.contains("inner.zip") && m.contains("zip inside")));
    let convs = parse_input(&inputs[0], &IngestOptions::default()).unwrap();
    assert_eq!(convs[0].messages[0].text, "safe");
}

#[test]
fn ios_zip_with_chat_txt_is_read_in_memory() {
    let (inputs, errors) = discover(&[fixture("WhatsApp Chat - Anna Berg.zip")]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        inputs.len(),
        1,
        "the photo entry is an attachment, not an input"
    );
    assert!(matches!(inputs[0].origin, Origin::ZipEntry { .. }));
    let convs = parse_input(&inputs[0], &IngestOptions::default()).unwrap();
    assert_eq!(convs[0].messages.len(), 5);
    assert_eq!(convs[0].title.as_deref(), Some("Anna Berg"));
    // The same archive as bytes (e.g. on stdin) parses the same.
    let bytes = std::fs::read(fixture("WhatsApp Chat - Anna Berg.zip")).unwrap();
    let again = pushpull::ingest::parse_bytes("-", &bytes, &IngestOptions::default()).unwrap();
    assert_eq!(again[0].messages.len(), 5);
}

#[test]
fn folder_batch_keeps_going_past_bad_files() {
    let (inputs, errors) = discover(&[fixture("")]);
    assert!(inputs.len() >= 15, "{}", inputs.len());
    let names: Vec<&str> = inputs.iter().map(|i| i.display.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "folder inputs come in sorted order");
    assert_eq!(errors.len(), 3, "the refused traversal.zip entries");
    let results: Vec<_> = inputs
        .iter()
        .map(|i| parse_input(i, &IngestOptions::default()))
        .collect();
    let failed = results.iter().filter(|r| r.is_err()).count();
    assert_eq!(failed, 2, "empty.txt and binary.txt");
}

/// A zip built in memory holding `entries` (name, bytes), deflated.
fn zip_bytes(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn zip_bomb_ratio_is_refused_but_a_normal_entry_beside_it_parses() {
    let zeros = vec![b'0'; 8 * 1024 * 1024];
    let chat = b"1/15/24, 9:41 PM - Anna: fine\n";
    let bytes = zip_bytes(&[("bomb.txt", &zeros), ("chat.txt", chat)]);
    let opts = IngestOptions::default();
    let convs = pushpull::ingest::parse_bytes("bombs.zip", &bytes, &opts).unwrap();
    assert_eq!(convs.len(), 1);
    assert_eq!(convs[0].messages[0].text, "fine");
    let only_bomb = zip_bytes(&[("bomb.txt", &zeros)]);
    let err = pushpull::ingest::parse_bytes("bomb.zip", &only_bomb, &opts).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("bomb.zip!/bomb.txt") && msg.contains("zip bomb"),
        "{msg}"
    );
}

#[test]
fn a_very_long_single_line_is_one_message_or_a_clear_error() {
    let long = "x".repeat(20 * 1024 * 1024);
    let text = format!("1/15/24, 9:41 PM - Anna: {long}");
    let opts = IngestOptions::default();
    let convs = pushpull::ingest::parse_bytes("long.txt", text.as_bytes(), &opts).unwrap();
    assert_eq!(convs[0].messages[0].text.len(), long.len());
    let err = pushpull::ingest::parse_bytes("noise.txt", long.as_bytes(), &opts).unwrap_err();
    assert!(err.to_string().contains("noise.txt"), "{err}");
}

#[test]
fn messenger_thread_parts_are_grouped_in_number_order() {
    let dir = std::env::temp_dir().join(format!("pushpull-group-{}", std::process::id()));
    let thread = dir.join("inbox/anna_123");
    std::fs::create_dir_all(&thread).unwrap();
    for n in [1, 2, 10] {
        std::fs::write(thread.join(format!("message_{n}.json")), "{}").unwrap();
    }
    std::fs::write(dir.join("photo.jpg"), b"\xff\xd8\xff").unwrap();
    let (inputs, errors) = discover(std::slice::from_ref(&dir));
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        inputs.len(),
        1,
        "media files are skipped in folders: {inputs:?}"
    );
    let Origin::Group(parts) = &inputs[0].origin else {
        panic!("{inputs:?}")
    };
    let names: Vec<String> = parts
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["message_1.json", "message_2.json", "message_10.json"]
    );
}
