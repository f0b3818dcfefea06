//! Conformance over the shared corpus (`../shared/corpus/exports`, read in place, never
//! copied): every WhatsApp export there parses with no line unaccounted for, and the facts
//! the corpus README states about those files hold.

mod common;

use pushpull::chat::{Conversation, MediaKind, MessageKind};
use pushpull::ingest::{discover, parse_input, IngestOptions};
use std::path::PathBuf;

fn exports() -> PathBuf {
    common::corpus("exports")
}

/// Parses one corpus path (file or zip) into its single conversation.
fn conv(rel: &str) -> Conversation {
    let dir = exports();
    let (inputs, errors) = discover(&[dir.join(rel)]);
    assert!(errors.is_empty(), "{rel}: {errors:?}");
    assert_eq!(inputs.len(), 1, "{rel}");
    let mut convs =
        parse_input(&inputs[0], &IngestOptions::default()).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert_eq!(convs.len(), 1, "{rel}");
    convs.remove(0)
}

fn is_whatsapp_export(path: &str) -> bool {
    let in_scope = [
        "chat-miner",
        "whatstk",
        "chat-analytics",
        "rwhatsapp",
        "whats_json",
    ]
    .iter()
    .any(|p| path.contains(&format!("/{p}/")));
    let whatsapp_dir = path.contains("whatsapp") || path.contains("whats_json");
    in_scope && whatsapp_dir && (path.ends_with(".txt") || path.ends_with(".zip"))
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn every_whatsapp_file_parses_with_zero_unaccounted_lines() {
    let dir = exports();
    let (inputs, errors) = discover(&[dir]);
    assert!(errors.is_empty(), "{errors:?}");
    let mut checked = 0;
    for input in inputs.iter().filter(|i| is_whatsapp_export(&i.display)) {
        let convs = parse_input(input, &IngestOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", input.display));
        for c in convs {
            assert_eq!(
                c.source.format,
                pushpull::chat::Format::WhatsAppText,
                "{}",
                input.display
            );
            assert!(!c.messages.is_empty(), "{}", input.display);
            assert_eq!(
                c.source.units_in,
                c.units_accounted(),
                "{}: lines in != lines in messages + warnings ({:?})",
                input.display,
                c.warnings
            );
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} WhatsApp files found");
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn chat_miner_six_messages_in_every_header_style() {
    let want = [
        ("2019-01-01T11:25:00", "John Doe"),
        ("2019-01-30T20:49:00", "Jahn Doe"),
        ("2020-06-10T15:55:00", "John-John Doe"),
        ("2021-12-10T10:10:00", "John Doe 🤓"),
        ("2021-12-20T12:10:00", "🤓"),
        ("2021-12-30T22:01:00", "John Doe"),
    ];
    for file in [
        "test_ddmmyy_24hrs.txt",
        "test_mmddyy_24hrs.txt",
        "test_mmddyyyy_12hrs.txt",
        "test_yyyymmdd_24hrs.txt",
        "test_[mmddyy]_24hrs.txt",
    ] {
        let c = conv(&format!("chat-miner/test/whatsapp/{file}"));
        let got: Vec<(String, String)> = c
            .messages
            .iter()
            .filter(|m| m.kind == MessageKind::Text)
            .map(|m| {
                (
                    m.timestamp.to_iso(),
                    c.sender_name(m).unwrap_or("").to_string(),
                )
            })
            .collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(t, a)| (t.to_string(), a.to_string()))
            .collect();
        assert_eq!(got, want, "{file}");
        let first = &c
            .messages
            .iter()
            .find(|m| m.kind == MessageKind::Text)
            .unwrap();
        assert_eq!(first.text, "Lorem ipsum dolor sit amet.");
        let last = c.messages.last().unwrap();
        assert_eq!(
            last.text, "Lorem ipsum dolor sit amet,\nconsectetur adipiscing elit. Duis libero.",
            "{file}: two lines joined, no trailing newline"
        );
        // The system lines and the `John Doe:.` artefact are not messages of a person.
        assert_eq!(c.messages.iter().filter(|m| m.sender.is_none()).count(), 3);
    }
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn chat_analytics_all_ambiguous_12_9_20_is_12_september() {
    let c = conv("chat-analytics/tests/samples/whatsapp/4A_11M.txt");
    assert!(c
        .messages
        .iter()
        .all(|m| m.timestamp.to_iso().starts_with("2020-09-12")));
    assert!(c.warnings.iter().any(|w| w.reason.contains("ambiguous")));
    let texts = c.messages.iter().filter(|m| m.kind == MessageKind::Text);
    assert_eq!(texts.count(), 11, "4A_11M: 11 messages");
    let authors: std::collections::BTreeSet<&str> =
        c.participants.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        authors.into_iter().collect::<Vec<_>>(),
        ["Alice", "Bob", "Eve", "Mallory", "Trent"]
    );
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn whatstk_lorem_first_message_and_phone_author() {
    let c = conv("whatstk/chats/whatsapp/lorem.txt");
    let first = &c.messages[0];
    assert_eq!(first.timestamp.to_iso(), "2020-01-15T02:22:56");
    assert_eq!(c.sender_name(first), Some("Mary"));
    assert_eq!(c.sender_name(&c.messages[2]), Some("+1 123 456 789"));
    let c = conv("whatstk/chats/whatsapp/lorem-2000.txt");
    assert_eq!(c.messages.len(), 2000);
    assert_eq!(c.messages[0].timestamp.to_iso(), "2019-04-16T02:09:00");
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn whats_json_counts() {
    let data = "whats_json/test/data";
    // iOS without media: 23 messages (4 text, 2 locations, 17 media/deleted/system).
    let ios = conv(&format!("{data}/languages/english_ios.txt"));
    let count =
        |c: &Conversation, k: MessageKind| c.messages.iter().filter(|m| m.kind == k).count();
    assert_eq!(ios.messages.len(), 23);
    assert_eq!(count(&ios, MessageKind::Text), 4);
    assert_eq!(count(&ios, MessageKind::Media(MediaKind::Location)), 2);
    assert_eq!(
        ios.messages[0].sender, None,
        "encryption notice is a system line"
    );
    assert_eq!(
        conv(&format!("{data}/languages/english_ios_media.txt"))
            .messages
            .len(),
        25
    );
    assert_eq!(
        conv(&format!("{data}/languages/english_android.txt"))
            .messages
            .len(),
        60
    );
    // The same chat in other locales and calendars keeps the same shape.
    for file in [
        "languages/arabic_ios.txt",
        "languages/czech_ios.txt",
        "languages/french_ios.txt",
        "languages/indonesian_ios.txt",
        "languages/italian_ios.txt",
        "languages/japanese_ios.txt",
        "languages/russian_ios.txt",
        "languages/spanish_ios.txt",
        "languages/deutch_ios.txt",
    ] {
        let c = conv(&format!("{data}/{file}"));
        assert_eq!(c.messages.len(), 23, "{file}");
        assert_eq!(count(&c, MessageKind::Text), 4, "{file}");
        assert_eq!(count(&c, MessageKind::Deleted), 2, "{file}");
        assert_eq!(count(&c, MessageKind::Media(MediaKind::Image)), 4, "{file}");
        assert_eq!(
            count(&c, MessageKind::Media(MediaKind::Document)),
            3,
            "{file}"
        );
        assert_eq!(
            c.messages[1].timestamp.to_iso(),
            "2022-03-27T21:41:35",
            "{file}"
        );
    }
    let arabic = conv(&format!("{data}/languages/arabic_ios.txt"));
    assert_eq!(arabic.messages[0].timestamp.to_iso(), "2022-03-18T14:56:00");
    assert_eq!(
        arabic.sender_name(&arabic.messages[20]),
        Some("+40 521 028 61 88")
    );
    let dutch = conv(&format!("{data}/languages/deutch_android_media.txt"));
    assert_eq!(dutch.messages[1].timestamp.to_iso(), "2022-03-18T14:56:00");
    let buddhist = conv(&format!("{data}/calendars/Buddhist iOS.txt"));
    let gregorian = conv(&format!("{data}/calendars/Gregorian iOS.txt"));
    assert_eq!(
        buddhist.messages[1].timestamp,
        gregorian.messages[1].timestamp
    );
    let zip = conv(&format!("{data}/ios/WhatsApp Chat - Elon Musk (RU).zip"));
    assert_eq!(zip.messages.len(), 25);
    assert_eq!(zip.title.as_deref(), Some("Elon Musk (RU)"));
}

#[test]
#[ignore = "needs ../shared/corpus"]
fn rwhatsapp_sample_zip_parses() {
    let c = conv("rwhatsapp/inst/extdata/sample.zip");
    assert!(c.source.files[0].ends_with("sample.zip!/sample.txt"));
    assert_eq!(c.messages[0].timestamp.to_iso(), "2017-07-12T22:35:00");
    assert!(c
        .messages
        .iter()
        .any(|m| m.kind == MessageKind::Media(MediaKind::Unknown)));
    assert!(c.participants.iter().any(|p| p.name == "Johannes Gruber"));
}
