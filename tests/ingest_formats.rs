//! The non-WhatsApp readers on the project's own fixtures (tests/fixtures/<format>/), written
//! from each tool's published output grammar: detection, message counts, timestamps, senders,
//! kinds, edited/deleted flags, and the no-loss accounting. Also: bad input gives a clear
//! error naming the file, never a panic.

mod common;

use common::{row, rows};
use pushpull::chat::{App, Conversation, Format};
use pushpull::error::{Error, Position};
use pushpull::ingest::{self, meta, DateOrder, IngestOptions};

fn fixture(rel: &str) -> String {
    let path = common::fixture_path(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Detects and parses a fixture; every conversation must account for every unit.
fn parse(rel: &str, expected: Format) -> Vec<Conversation> {
    parse_with(rel, expected, &IngestOptions::default())
}

fn parse_with(rel: &str, expected: Format, opts: &IngestOptions) -> Vec<Conversation> {
    let text = fixture(rel);
    assert_eq!(
        ingest::detect(&text),
        Some(expected),
        "{rel}: detected format"
    );
    let convs = common::parse_text(expected, rel, &text, opts);
    assert!(convs.iter().all(|c| c.source.format == expected), "{rel}");
    convs
}

#[test]
fn signal_markdown_current() {
    let convs = parse("signal/markdown_current.md", Format::SignalMarkdown);
    let c = &convs[0];
    assert_eq!(c.source.app, App::Signal);
    assert_eq!(c.source.units_in, 17);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_eq!(
        rows(c),
        vec![
            row("2024-03-01T09:15:02", "Alice", "text", "Good morning ☀️"),
            row("2024-03-01T09:16:40", "Me", "text", "Morning! Slept well?"),
            // `(- Alice: ❤️ -)` under it: Alice's reaction to it, an event of its own.
            row("2024-03-01T09:16:40", "Alice", "reaction", "❤️"),
            row(
                "2024-03-01T09:20:11",
                "Alice",
                "text",
                "Like a rock. Coffee later?"
            ),
            row("2024-03-01T09:21:00", "Me", "media:image", ""),
            row(
                "2024-03-01T09:22:30",
                "Alice",
                "deleted",
                "(This message was deleted)"
            ),
            row("2024-03-01T09:25:00", "Me", "text", "Line one\nline two"),
            row("2024-03-01T10:00:00", "Alice", "media:sticker", ""),
            row(
                "2024-03-01T12:00:00",
                "Me",
                "call:Some(125)",
                "Outgoing voice call (accepted, 2m 5s)"
            ),
            row(
                "2024-03-01T18:30:00",
                "Alice",
                "call:Some(0)",
                "Missed video call"
            ),
            row("2024-03-01T19:00:00", "Me", "media:document", ""),
        ]
    );
    // The quoted reply covers its five lines; the reaction line belongs to its message, and
    // the reaction event takes no line of its own.
    assert_eq!(c.messages[3].span.line, 4);
    assert_eq!(c.messages[3].span.lines, 5);
    assert_eq!(c.messages[1].span.lines, 2);
    assert_eq!(c.messages[2].span.lines, 0);
    assert_eq!(c.messages[2].reply_to, Some(1));
}

#[test]
fn signal_markdown_tz_and_leading_junk() {
    let text = "\nnot a header\n[2019-12-24, 12:23] Jane Doe: Hello John!\n[2020-01-17, 21:49] John Doe: Hello\nJane!\n[2020-02-30, 10:00] John Doe: no such day\n";
    let opts = IngestOptions {
        tz_offset_s: Some(3600),
        ..Default::default()
    };
    let convs = ingest::parse_text(Format::SignalMarkdown, "x.md", text, &opts).expect("parses");
    let c = &convs[0];
    assert_eq!(c.messages.len(), 2);
    assert_eq!(
        c.messages[0].timestamp.to_iso(),
        "2019-12-24T12:23:00+01:00"
    );
    assert_eq!(c.warnings.len(), 2);
    assert_eq!((c.warnings[0].line, c.warnings[0].lines), (1, 2));
    assert_eq!(c.warnings[0].file, "x.md");
    assert_eq!((c.warnings[1].line, c.warnings[1].lines), (6, 1));
    assert!(c.warnings[1].reason.contains("date"));
    assert_eq!(c.source.units_in, 6);
    assert_eq!(c.units_accounted(), 6);
}

#[test]
fn whatsapp_style_bracketed_iso_is_not_signal() {
    // whatstk's `[yyyy-mm-dd HH:MM] Name: text` WhatsApp layout: no signal-export evidence.
    let wa = "[2019-04-16 02:09] +1 123 456 789: Et labore proident. \n[2019-04-16 03:01] Mary: Reprehenderit id aute.\n[2019-04-17 12:56] John: Amet magna officia.\n";
    assert_eq!(ingest::signal::detect(wa), None);
    let ios = "[2021-03-15 14:56:01] Anna: ‎image omitted\n[2021-03-15 14:57:01] Ben: hi  \n";
    assert_eq!(ingest::signal::detect(ios), None);
    let android = "2019-04-16 02:09 - Mary: hello\n2019-04-16 02:10 - John: hi\n";
    assert_eq!(ingest::signal::detect(android), None);
    // Current signal-export headers carry seconds: Signal even without the trailing spaces.
    let plain =
        "[2024-01-01 15:45:01] Priya: hugs\n[2024-01-01 16:20:57] Dario: haha\nsecond line\n";
    assert_eq!(ingest::signal::detect(plain), Some(Format::SignalMarkdown));
    let ios_sv = "[2021-03-15 14:56:01] Anna: \u{200e}Messages and calls are end-to-end encrypted.\n[2021-03-15 14:57:01] Ben: hej\n";
    assert_eq!(ingest::signal::detect(ios_sv), None);
}

#[test]
fn signal_jsonl() {
    let convs = parse("signal/data.json", Format::SignalJsonl);
    let c = &convs[0];
    assert_eq!(c.source.units_in, 8);
    assert_eq!(
        rows(c),
        vec![
            row("2024-03-01T09:15:02", "Alice", "text", "Good morning"),
            row("2024-03-01T09:15:02", "Me", "reaction", "❤️"),
            row("2024-03-01T09:16:40", "Me", "text", "Morning!\nSlept well?"),
            row("2024-03-01T09:21:00", "Me", "media:image", ""),
            row("2024-03-01T09:22:30", "Alice", "deleted", ""),
            row(
                "2024-03-01T12:00:00",
                "Me",
                "call:Some(125)",
                "Outgoing voice call (accepted, 2m 5s)"
            ),
            row(
                "2024-03-01T18:30:00",
                "Alice",
                "call:Some(0)",
                "Missed video call"
            ),
            row("2024-03-01T19:00:00", "Alice", "media:sticker", ""),
            row(
                "2024-03-01T20:00:00",
                "Alice",
                "call:Some(60)",
                "Incoming video call (accepted, 1m 0s)"
            ),
        ]
    );
}

#[test]
fn signal_jsonl_bad_lines_become_warnings() {
    let text = format!(
        "{}\nnot json\n\n[1, 2]\n{{\"sender\": \"A\", \"body\": \"no date\"}}\n",
        fixture("signal/data.json").lines().next().unwrap_or("")
    );
    let convs = ingest::parse_text(
        Format::SignalJsonl,
        "data.json",
        &text,
        &IngestOptions::default(),
    )
    .expect("parses");
    let c = &convs[0];
    assert_eq!(c.messages.len(), 2, "the good line and the reaction on it");
    assert_eq!(c.warnings.len(), 4);
    assert_eq!(
        c.warnings.iter().map(|w| w.line).collect::<Vec<_>>(),
        vec![2, 3, 4, 5]
    );
    assert_eq!(c.source.units_in, c.units_accounted());
}

#[test]
fn sigtop_text() {
    let convs = parse("signal/sigtop.txt", Format::SigtopText);
    let c = &convs[0];
    assert_eq!(c.title.as_deref(), Some("Alice (+31612345678)"));
    assert_eq!(c.source.units_in, 48);
    assert_eq!(
        c.warnings.len(),
        1,
        "conversation header only: {:?}",
        c.warnings
    );
    assert_eq!(
        rows(c),
        vec![
            row(
                "2024-03-01T09:15:02+01:00",
                "Alice (+31612345678)",
                "text",
                "Good morning"
            ),
            row("2024-03-01T09:15:02+01:00", "You", "reaction", "❤️"),
            row(
                "2024-03-01T09:16:40+01:00",
                "You",
                "text",
                "Morning!\n\nSlept well?"
            ),
            row("2024-03-01T09:21:00+01:00", "You", "media:image", ""),
            row(
                "2024-03-31T10:00:00+02:00",
                "Alice (+31612345678)",
                "text",
                "See you at 8"
            ),
            // The newest version's `Sent:` time: when it was edited.
            row(
                "2024-03-31T10:05:00+02:00",
                "Alice (+31612345678)",
                "edit",
                ""
            ),
            row("2024-03-31T12:00:00+02:00", "", "call:None", ""),
        ]
    );
    assert!(c.messages[4].edited);
    assert!(!c.messages[0].edited);
}

#[test]
fn sigtop_text_short() {
    let convs = parse("signal/sigtop-short.txt", Format::SigtopTextShort);
    let c = &convs[0];
    assert_eq!(
        rows(c),
        vec![
            row("2024-03-01T09:15:00", "Alice", "text", "Good morning"),
            row(
                "2024-03-01T09:16:00",
                "You",
                "text",
                "Morning!\nSlept well?"
            ),
            row("2024-03-01T09:21:00", "You", "media:unknown", ""),
            row("2024-03-01T09:30:00", "Alice", "text", "See you at 8"),
            row(
                "2024-03-01T12:00:00",
                "You",
                "call:None",
                "[call-history message]"
            ),
            row(
                "2024-03-01T12:05:00",
                "Alice",
                "system",
                "[group-v2-change message]"
            ),
            row("2024-03-01T12:10:00", "You", "text", "ok"),
        ]
    );
    assert!(c.messages[3].edited);
    assert_eq!(c.messages[1].span.lines, 2);
    assert_eq!(c.warnings.len(), 1);
    assert_eq!((c.warnings[0].line, c.warnings[0].lines), (8, 2));
    assert!(c.warnings[0].reason.contains("unknown time"));
}

#[test]
fn telegram_full_account() {
    let convs = parse("telegram/result.json", Format::TelegramJson);
    assert_eq!(convs.len(), 3, "two chats and one left chat");
    let c = &convs[0];
    assert_eq!(c.title.as_deref(), Some("Alice"));
    assert_eq!(c.source.units_in, 10);
    assert_eq!(c.warnings.len(), 2, "{:?}", c.warnings);
    assert_eq!(c.warnings[0].line, 9);
    assert!(
        c.warnings[1].reason.contains("mystery"),
        "{}",
        c.warnings[1].reason
    );
    assert_eq!(
        rows(c),
        vec![
            row("2024-03-01T09:15:02Z", "Alice", "text", "Good morning"),
            row(
                "2024-03-01T09:16:40Z",
                "Me",
                "text",
                "Look at this! https://example.org"
            ),
            row("2024-03-01T09:17:00Z", "Me", "edit", ""),
            row("2024-03-01T09:18:20Z", "Me", "media:image", ""),
            row("2024-03-01T09:20:00Z", "Alice", "media:voice", ""),
            row("2024-03-01T09:21:40Z", "Alice", "media:sticker", "👍"),
            row("2024-03-01T10:20:00Z", "Me", "call:Some(125)", "phone_call"),
            row(
                "2024-03-01T11:20:00Z",
                "Alice",
                "call:Some(0)",
                "phone_call"
            ),
            row(
                "2024-03-01T13:00:00",
                "Alice",
                "text",
                "an old export without date_unixtime"
            ),
        ]
    );
    assert!(c.messages[1].edited);
    assert!(!c.messages[0].edited);
    assert_eq!(c.messages[1].reply_to, Some(0));

    let group = &convs[1];
    assert_eq!(
        rows(group),
        vec![
            row(
                "2024-02-29T09:46:40Z",
                "Me",
                "system",
                "create_group: Me, Ben"
            ),
            row("2024-02-29T09:48:20Z", "Ben", "media:video", "Hi all"),
        ]
    );
    let left = &convs[2];
    assert_eq!(
        rows(left),
        vec![row("2024-02-28T06:00:00Z", "user444", "text", "bye")]
    );
    // Same chat name, different chats: different ids.
    assert_ne!(c.id, left.id);
    assert_eq!(c.title, left.title);
}

#[test]
fn meta_group_merges_and_repairs_mojibake() {
    let a = fixture("meta/message_1.json");
    let b = fixture("meta/message_2.json");
    assert_eq!(ingest::detect(&a), Some(Format::MetaJson));
    let convs = meta::parse_group(
        &[
            ("inbox/zoe/message_1.json", &a),
            ("inbox/zoe/message_2.json", &b),
        ],
        &IngestOptions::default(),
    )
    .expect("group parses");
    assert_eq!(convs.len(), 1);
    let c = &convs[0];
    assert_eq!(c.source.app, App::Messenger, "no Instagram evidence");
    assert_eq!(c.title.as_deref(), Some("Zoë Müller"));
    assert_eq!(c.source.units_in, 11);
    assert_eq!(c.units_accounted(), 11);
    assert_eq!(c.warnings.len(), 1);
    assert_eq!(c.warnings[0].file, "inbox/zoe/message_2.json");
    assert_eq!(c.warnings[0].line, 5);
    assert_eq!(
        rows(c),
        vec![
            row(
                "2024-02-29T10:03:20Z",
                "Sam Lee",
                "added",
                "Sam Lee added Zoë Müller to the group."
            ),
            row("2024-02-29T10:20:00Z", "Zoë Müller", "media:image", "look"),
            row("2024-02-29T10:36:40Z", "Sam Lee", "media:document", ""),
            row("2024-02-29T10:53:20Z", "Zoë Müller", "media:gif", ""),
            row("2024-03-01T09:23:20Z", "Sam Lee", "text", "Miss you 😊"),
            row("2024-03-01T09:23:20Z", "Zoë Müller", "reaction", "❤"),
            row("2024-03-01T09:40:00Z", "Sam Lee", "media:sticker", ""),
            row(
                "2024-03-01T09:56:40Z",
                "Zoë Müller",
                "call:Some(95)",
                "Sam Lee called you."
            ),
            row(
                "2024-03-01T10:13:20Z",
                "Sam Lee",
                "text",
                "Sam Lee sent an attachment.\nhttps://example.org/article"
            ),
            row(
                "2024-03-01T10:30:00Z",
                "Zoë Müller",
                "deleted",
                "Zoë unsent a message"
            ),
            // Not valid mojibake (a lone Latin-1 é): kept as written.
            row("2024-03-01T10:46:40Z", "Sam Lee", "text", "Café at 8?"),
        ]
    );
    assert_eq!(c.messages[1].file, 1);
    assert_eq!(c.messages[10].file, 0);
    assert_eq!(c.participants.len(), 2);
}

#[test]
fn meta_single_file_and_instagram_path() {
    let text = fixture("meta/message_1.json");
    let convs = ingest::parse_text(
        Format::MetaJson,
        "export/your_instagram_activity/messages/inbox/zoe/message_1.json",
        &text,
        &IngestOptions::default(),
    )
    .expect("parses");
    assert_eq!(convs[0].source.app, App::Instagram);
    assert_eq!(convs[0].messages.len(), 7, "6 records and a reaction");
    assert_eq!(convs[0].source.units_in, convs[0].units_accounted());
}

#[test]
fn messenger_e2ee_export() {
    let convs = parse("meta/e2ee.json", Format::MessengerE2eeJson);
    let c = &convs[0];
    assert_eq!(c.source.app, App::Messenger);
    assert_eq!(c.title.as_deref(), Some("Alice Example"));
    assert_eq!(
        rows(c),
        vec![
            row(
                "2024-03-01T09:06:40Z",
                "Alice Example",
                "text",
                "Earlier one"
            ),
            row(
                "2024-03-01T09:15:02Z",
                "Alice Example",
                "text",
                "Hey you ❤️"
            ),
            row("2024-03-01T09:16:40Z", "Bob Example", "media:image", ""),
            row("2024-03-01T09:16:40Z", "Alice Example", "reaction", "❤"),
            row("2024-03-01T09:18:20Z", "Bob Example", "deleted", ""),
            row(
                "2024-03-01T09:23:20Z",
                "Alice Example",
                "text",
                "https://example.org"
            ),
            row(
                "2024-03-01T09:25:00Z",
                "Bob Example",
                "deleted",
                "Bob Example unsent a message"
            ),
            row(
                "2024-03-01T09:26:40Z",
                "Bob Example",
                "system",
                "You missed a call from Bob Example"
            ),
        ]
    );
}

#[test]
fn discord_json_fixture() {
    let convs = parse("discord/export.json", Format::DiscordJson);
    let c = &convs[0];
    assert_eq!(c.title.as_deref(), Some("Friends / general"));
    assert_eq!(c.source.units_in, 7);
    assert_eq!(c.warnings.len(), 1);
    assert_eq!(c.warnings[0].line, 7);
    assert_eq!(
        rows(c),
        vec![
            row("2024-03-01T09:15:02+01:00", "Alice", "text", "Good morning"),
            row(
                "2024-03-01T09:16:40+01:00",
                "bob",
                "text",
                "Morning!\nSlept well?"
            ),
            row("2024-03-01T09:17:00+01:00", "bob", "edit", ""),
            row("2024-03-01T09:21:00+01:00", "bob", "media:video", ""),
            row("2024-03-01T09:22:00+01:00", "Alice", "media:sticker", ""),
            row(
                "2024-03-01T10:00:00+01:00",
                "Alice",
                "added",
                "Added carol to the group."
            ),
            row(
                "2024-03-01T11:00:00+01:00",
                "bob",
                "call:Some(125)",
                "Started a call that lasted 2 minutes."
            ),
        ]
    );
    assert!(c.messages[1].edited);
    assert_eq!(c.messages[1].reply_to, Some(0));
    assert_eq!(c.messages[0].reply_to, None);
}

#[test]
fn discord_csv_fixture() {
    let convs = parse("discord/export.csv", Format::DiscordCsv);
    let c = &convs[0];
    assert_eq!(c.source.units_in, 8);
    let reasons: Vec<(usize, &str)> = c
        .warnings
        .iter()
        .map(|w| (w.line, w.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert_eq!(reasons[0].0, 1, "header row");
    assert_eq!(reasons[1].0, 8, "bad date");
    assert!(reasons[1].1.contains("not a date"));
    // 3/13/2024 decides month-first for the whole file.
    assert_eq!(
        rows(c),
        vec![
            row("2024-03-01T09:15:00", "alice", "text", "Good morning"),
            row(
                "2024-03-01T09:16:00",
                "bob#1234",
                "text",
                "Morning!\nSlept well?"
            ),
            // The `Reactions` cell counts reactors without naming them.
            row("2024-03-01T09:16:00", "", "reaction", "❤️"),
            row("2024-03-01T09:21:00", "bob#1234", "media:image", ""),
            row(
                "2024-03-01T13:05:00",
                "alice",
                "call:Some(180)",
                "Started a call that lasted 3 minutes."
            ),
            row("2024-03-13T13:05:00", "alice", "text", "He said \"hi\""),
        ]
    );
    assert_eq!(c.messages[1].span.lines, 2);
}

#[test]
fn discord_csv_date_forms_and_override() {
    let text = "AuthorID,Author,Date,Content,Attachments,Reactions\n\"1\",\"a\",\"04-Jan-19 05:52 PM\",\"x\",\"\",\"\"\n\"1\",\"a\",\"2019-01-05T10:00:00+02:00\",\"y\",\"\",\"\"\n\"1\",\"a\",\"06/01/2019 10:00\",\"z\",\"\",\"\"\n";
    let convs = ingest::parse_text(Format::DiscordCsv, "d.csv", text, &IngestOptions::default())
        .expect("parses");
    let got: Vec<String> = convs[0]
        .messages
        .iter()
        .map(|m| m.timestamp.to_iso())
        .collect();
    // No AM/PM in the numeric date and no field > 12: day-first.
    assert_eq!(
        got,
        vec![
            "2019-01-04T17:52:00",
            "2019-01-05T10:00:00+02:00",
            "2019-01-06T10:00:00"
        ]
    );
    let mdy = IngestOptions {
        date_order: DateOrder::Mdy,
        ..Default::default()
    };
    let convs = ingest::parse_text(Format::DiscordCsv, "d.csv", text, &mdy).expect("parses");
    assert_eq!(
        convs[0].messages[2].timestamp.to_iso(),
        "2019-06-01T10:00:00"
    );
}

#[test]
fn discord_csv_older_header() {
    let text =
        "Author,Date,Content,Attachments\n\"bob#1234\",\"04-Jan-19 05:52 PM\",\"hey\",\"\"\n";
    assert_eq!(ingest::detect(text), Some(Format::DiscordCsv));
    let convs = ingest::parse_text(
        Format::DiscordCsv,
        "old.csv",
        text,
        &IngestOptions::default(),
    )
    .expect("parses");
    let c = &convs[0];
    assert_eq!(
        rows(c),
        vec![row("2019-01-04T17:52:00", "bob#1234", "text", "hey")]
    );
    assert_eq!(c.source.units_in, c.units_accounted());
    let not_dce = "Author,Title\n";
    assert_eq!(ingest::discord::detect(not_dce), None);
    // The CSV reader refuses a file whose header it cannot place, naming line 1.
    match ingest::parse_text(
        Format::DiscordCsv,
        "x.csv",
        not_dce,
        &IngestOptions::default(),
    ) {
        Err(Error::Input { position, .. }) => assert_eq!(position, Some(Position::Line(1))),
        other => panic!("{other:?}"),
    }
}

#[test]
fn imessage_txt() {
    let convs = parse("imessage/chat.txt", Format::IMessageText);
    let c = &convs[0];
    assert_eq!(c.source.app, App::IMessage);
    assert_eq!(c.source.units_in, 52);
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    assert_eq!(
        rows(c),
        vec![
            row(
                "2022-05-17T17:29:42",
                "+15555550123",
                "text",
                "Hey, are you free tonight?"
            ),
            row("2022-05-17T17:31:02", "Me", "text", "Yes!\nWhat time?"),
            row("2022-05-17T17:31:02", "+15555550123", "reaction", "Loved"),
            row("2022-05-17T17:40:00", "+15555550123", "media:image", ""),
            row("2022-05-17T18:00:00", "Me", "text", "See you at 8"),
            row(
                "2022-05-17T18:30:00",
                "",
                "subject",
                "You renamed the conversation to Dinner"
            ),
            row(
                "2022-05-17T19:00:00",
                "+15555550123",
                "text",
                "Running late"
            ),
            row("2022-05-17T19:05:00", "Me", "text", "No worries"),
            row(
                "2022-05-18T10:00:00",
                "+15555550123",
                "text",
                "Did you get home ok?"
            ),
            row("2022-05-18T10:02:00", "Me", "deleted", ""),
            row(
                "2022-05-18T11:00:00",
                "+15555550123",
                "deleted",
                "Sent with love"
            ),
            row("2022-05-18T11:00:00", "Me", "reaction", "Loved"),
            row("2022-05-18T11:00:00", "Me", "reaction", "Laughed"),
            row("2022-05-18T11:05:00", "Me", "text", "Sent with love too"),
        ]
    );
    assert!(c.messages[4].edited);
    assert_eq!(c.messages.iter().filter(|m| m.edited).count(), 1);
}

#[test]
fn detection_is_strict() {
    for text in [
        "",
        "hello world\n",
        "{\"a\": 1}",
        "[1, 2, 3]",
        "12/31/21, 10:00 - Anna: hi\n",
        "[31/12/2021, 10:00:00] Anna: hi\n",
        "AuthorID,Author,Date\n",
        "unknown error: disk full\n",
    ] {
        for d in [
            ingest::telegram::detect(text),
            ingest::meta::detect(text),
            ingest::discord::detect(text),
            ingest::signal::detect(text),
            ingest::imessage::detect(text),
        ] {
            assert_eq!(d, None, "{text:?}");
        }
    }
}

#[test]
fn truncated_or_wrong_shape_json_is_a_clear_error() {
    let full = fixture("telegram/result.json");
    let cut = &full[..full.len() / 2];
    let opts = IngestOptions::default();
    let cases: Vec<(Format, &str)> = vec![
        (Format::TelegramJson, cut),
        (Format::TelegramJson, "{\"messages\": 3}"),
        (Format::TelegramJson, "[]"),
        (Format::MetaJson, "{\"participants\": [], \"messages\": {}}"),
        (Format::MessengerE2eeJson, "{\"threadName\": \"x\""),
        (Format::DiscordJson, "{\"guild\": {}, \"channel\": {}}"),
    ];
    for (format, text) in cases {
        match ingest::parse_text(format, "in.json", text, &opts) {
            Err(Error::Input {
                file,
                position,
                message,
            }) => {
                assert_eq!(file, "in.json");
                assert!(position.is_some(), "{format}: {message}");
                assert!(!message.is_empty());
            }
            other => panic!("{format}: expected an input error, got {other:?}"),
        }
    }
    match ingest::parse_text(Format::TelegramJson, "in.json", cut, &opts) {
        Err(Error::Input {
            position: Some(Position::Line(n)),
            ..
        }) => assert!(n > 1),
        other => panic!("truncated JSON: {other:?}"),
    }
}

#[test]
fn empty_and_odd_text_inputs_do_not_panic() {
    let opts = IngestOptions::default();
    for format in [
        Format::SignalMarkdown,
        Format::SignalJsonl,
        Format::SigtopText,
        Format::SigtopTextShort,
        Format::IMessageText,
    ] {
        for text in ["", "\n\n", "garbage line\r\nmore\r\n", "\u{0}\u{1}binary"] {
            let convs =
                ingest::parse_text(format, "odd", text, &opts).expect("line formats never fail");
            for c in convs {
                assert_eq!(c.source.units_in, c.units_accounted(), "{format}: {text:?}");
            }
        }
    }
    // A CSV whose header is not DiscordChatExporter's is refused, naming the file.
    for text in ["", "\n\n", "garbage line\r\nmore\r\n", "\u{0}\u{1}binary"] {
        match ingest::parse_text(Format::DiscordCsv, "odd", text, &opts) {
            Err(Error::Input { file, .. }) => assert_eq!(file, "odd"),
            other => panic!("{text:?}: {other:?}"),
        }
    }
}

/// Every fixture cut at many points (and with its lines shuffled) never panics: text formats
/// still account for every line, JSON formats either parse or give an input error.
#[test]
fn truncated_and_shuffled_fixtures_never_panic() {
    let opts = IngestOptions::default();
    let fixtures = [
        ("signal/markdown_current.md", Format::SignalMarkdown),
        ("signal/data.json", Format::SignalJsonl),
        ("signal/sigtop.txt", Format::SigtopText),
        ("signal/sigtop-short.txt", Format::SigtopTextShort),
        ("telegram/result.json", Format::TelegramJson),
        ("meta/message_1.json", Format::MetaJson),
        ("meta/e2ee.json", Format::MessengerE2eeJson),
        ("discord/export.json", Format::DiscordJson),
        ("discord/export.csv", Format::DiscordCsv),
        ("imessage/chat.txt", Format::IMessageText),
    ];
    for (rel, format) in fixtures {
        let text = fixture(rel);
        let mut variants: Vec<String> = (0..text.len())
            .step_by(7)
            .filter(|&i| text.is_char_boundary(i))
            .map(|i| text[..i].to_string())
            .collect();
        let mut lines: Vec<&str> = text.lines().collect();
        lines.reverse();
        variants.push(lines.join("\n"));
        let third = lines.len() / 3;
        lines.rotate_left(third);
        variants.push(lines.join("\r\n"));
        for v in &variants {
            match ingest::parse_text(format, rel, v, &opts) {
                Ok(convs) => {
                    for c in convs {
                        assert_eq!(c.source.units_in, c.units_accounted(), "{rel}: {v:?}");
                    }
                }
                Err(Error::Input { file, .. }) => assert_eq!(file, rel),
                Err(e) => panic!("{rel}: unexpected error kind {e}"),
            }
        }
    }
}

/// Found by the fuzzer (`parse_bytes`): records separated by a lone `\r` share one line as
/// `lines()` counts them, and each was accounted a line of its own.
#[test]
fn discord_csv_records_split_by_lone_cr_are_accounted_once() {
    let text = "AuthorID,Author,Date,Content,Attachments,Reactions\r\
                1,alice,3/1/2024 9:15 AM,hi,,\r\
                2,bob,3/1/2024 9:16 AM,yo,,\r";
    let convs = ingest::parse_text(
        Format::DiscordCsv,
        "cr.csv",
        text,
        &IngestOptions::default(),
    )
    .unwrap();
    let c = &convs[0];
    assert_eq!(c.messages.len(), 2);
    assert_eq!(c.source.units_in, 1);
    assert_eq!(c.units_accounted(), c.source.units_in);
}
