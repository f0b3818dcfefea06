//! Events in the data model, per format: reactions (who reacted to which message, with
//! what), edits with their own time, deletions, calls (answered, missed, duration), voice
//! notes, and group events (joined, left, added, removed, subject), each with its sender and
//! time. Counts are asserted per kind and per person ([`Conversation::event_counts`]), and
//! the no-loss accounting holds: every input line or record is in exactly one message or
//! warning, and an event found inside a message's record takes no line of its own.

use pushpull::chat::{Conversation, EventCounts, Format, MessageKind};
use pushpull::ingest::{self, IngestOptions};
use std::collections::BTreeMap;

/// Parses `text` as `format` (which detection must agree on) into one conversation and
/// checks the accounting.
fn parse(format: Format, text: &str) -> Conversation {
    assert_eq!(ingest::detect(text), Some(format), "detected format");
    let mut convs = ingest::parse_text(format, "events", text, &IngestOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(convs.len(), 1);
    let conv = convs.remove(0);
    assert_accounted(&conv);
    conv
}

/// Lines in = lines of messages + lines of warnings; events inside a record span none,
/// and each points at the message it is about.
fn assert_accounted(conv: &Conversation) {
    assert_eq!(
        conv.source.units_in,
        conv.units_accounted(),
        "no-loss accounting"
    );
    for m in &conv.messages {
        let inside = matches!(m.kind, MessageKind::Reaction | MessageKind::Edit);
        if inside && m.span.lines == 0 {
            let target = m.reply_to.expect("an event names its message");
            assert!(
                target < m.index,
                "event {} after its target {target}",
                m.index
            );
        }
    }
    for (i, m) in conv.messages.iter().enumerate() {
        assert_eq!(m.index, i);
    }
}

/// Messages per kind (`media:voice`, `call:missed`, ...).
fn kinds(conv: &Conversation) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for m in &conv.messages {
        let k = match m.kind {
            MessageKind::Media(k) => format!("media:{}", k.as_str()),
            MessageKind::Call {
                duration_s: Some(0),
            } => "call:missed".to_string(),
            k => k.as_str().to_string(),
        };
        *out.entry(k).or_default() += 1;
    }
    out
}

fn map(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect()
}

/// The event counts of the participant called `name`.
fn counts_of(conv: &Conversation, name: &str) -> EventCounts {
    let p = conv
        .participants
        .iter()
        .position(|p| p.name == name)
        .unwrap_or_else(|| panic!("no participant {name}"));
    conv.event_counts()[p]
}

/// The reactions as (reactor, emoji, sender of the message reacted to, its text).
fn reactions(conv: &Conversation) -> Vec<(String, String, String, String)> {
    conv.messages
        .iter()
        .filter(|m| m.kind == MessageKind::Reaction)
        .map(|m| {
            let target = &conv.messages[m.reply_to.expect("reaction target")];
            (
                conv.sender_name(m).unwrap_or("").to_string(),
                m.text.clone(),
                conv.sender_name(target).unwrap_or("").to_string(),
                target.text.clone(),
            )
        })
        .collect()
}

#[test]
fn whatsapp_calls_voice_notes_deletions_edits_and_group_events() {
    let text = "1/15/24, 9:40 PM - Anna created group \"Trip\"\n\
                1/15/24, 9:41 PM - Anna added Ben\n\
                1/15/24, 9:42 PM - Ben: hi all\n\
                1/15/24, 9:43 PM - Anna: PTT-20240115-WA0001.opus (file attached)\n\
                1/15/24, 9:44 PM - Ben: Missed voice call\n\
                1/15/24, 9:45 PM - Anna: This message was deleted\n\
                1/15/24, 9:46 PM - Ben: see you <This message was edited>\n\
                1/15/24, 9:47 PM - Anna changed the subject from \"Trip\" to \"Trip 2\"\n\
                1/15/24, 9:48 PM - Ben left\n";
    let conv = parse(Format::WhatsAppText, text);
    assert_eq!(
        kinds(&conv),
        map(&[
            ("added", 1),
            ("call:missed", 1),
            ("deleted", 1),
            ("left", 1),
            ("media:voice", 1),
            ("subject", 1),
            ("system", 1),
            ("text", 2),
        ])
    );
    assert_eq!(conv.source.units_in, 9);
    let anna = counts_of(&conv, "Anna");
    assert_eq!((anna.media, anna.voice_notes, anna.deleted), (1, 1, 1));
    assert_eq!(anna.group_events, 2, "added Ben, renamed the group");
    let ben = counts_of(&conv, "Ben");
    assert_eq!((ben.calls, ben.missed_calls, ben.edits), (1, 1, 1));
    assert_eq!(ben.group_events, 1, "left");
}

#[test]
fn telegram_reactions_edits_calls_and_members() {
    let text = r#"{"name": "Trip", "type": "private_group", "id": 7, "messages": [
 {"id": 1, "type": "service", "date": "2024-01-15T21:40:00", "date_unixtime": "1705354800",
  "actor": "Anna", "actor_id": "user1", "action": "invite_members", "members": ["Ben"], "text": ""},
 {"id": 2, "type": "message", "date": "2024-01-15T21:41:00", "date_unixtime": "1705354860",
  "from": "Ben", "from_id": "user2", "text": "hi all",
  "edited": "2024-01-15T21:50:00", "edited_unixtime": "1705355400",
  "reactions": [{"type": "emoji", "count": 3, "emoji": "❤",
    "recent": [{"from": "Anna", "from_id": "user1", "date": "2024-01-15T21:42:00", "date_unixtime": "1705354920"}]}]},
 {"id": 3, "type": "service", "date": "2024-01-15T21:43:00", "date_unixtime": "1705354980",
  "actor": "Anna", "actor_id": "user1", "action": "phone_call", "duration_seconds": 125, "text": ""},
 {"id": 4, "type": "service", "date": "2024-01-15T21:44:00", "date_unixtime": "1705355040",
  "actor": "Ben", "actor_id": "user2", "action": "phone_call", "discard_reason": "missed", "text": ""},
 {"id": 5, "type": "message", "date": "2024-01-15T21:45:00", "date_unixtime": "1705355100",
  "from": "Anna", "from_id": "user1", "text": "", "media_type": "voice_message", "file": "a.ogg"},
 {"id": 6, "type": "service", "date": "2024-01-15T21:46:00", "date_unixtime": "1705355160",
  "actor": "Anna", "actor_id": "user1", "action": "edit_group_title", "title": "Trip 2", "text": ""},
 {"id": 7, "type": "service", "date": "2024-01-15T21:47:00", "date_unixtime": "1705355220",
  "actor": "Ben", "actor_id": "user2", "action": "remove_members", "members": ["Ben"], "text": ""}
]}"#;
    let conv = parse(Format::TelegramJson, text);
    assert_eq!(
        kinds(&conv),
        map(&[
            ("added", 1),
            ("call", 1),
            ("call:missed", 1),
            ("edit", 1),
            ("left", 1),
            ("media:voice", 1),
            ("reaction", 2),
            ("subject", 1),
            ("text", 1),
        ])
    );
    assert_eq!(conv.source.units_in, 7, "records");
    assert_eq!(
        reactions(&conv),
        [
            // Two the export counts without naming who or when (at the message's time)...
            ("".into(), "❤ ×2".into(), "Ben".into(), "hi all".into()),
            // ...and one named, a minute later.
            ("Anna".into(), "❤".into(), "Ben".into(), "hi all".into()),
        ]
    );
    // Events keep their own time, and sit in time order among the messages.
    let edit = conv
        .messages
        .iter()
        .find(|m| m.kind == MessageKind::Edit)
        .unwrap();
    assert_eq!(edit.timestamp.to_iso(), "2024-01-15T21:50:00Z");
    assert_eq!(
        edit.index,
        conv.messages.len() - 1,
        "the edit is the last thing"
    );
    let reaction = conv
        .messages
        .iter()
        .find(|m| m.kind == MessageKind::Reaction && m.sender.is_some())
        .unwrap();
    assert_eq!(reaction.timestamp.to_iso(), "2024-01-15T21:42:00Z");
    let anna = counts_of(&conv, "Anna");
    assert_eq!((anna.reactions_given, anna.reactions_received), (1, 0));
    assert_eq!(
        (anna.calls, anna.missed_calls, anna.call_seconds),
        (1, 0, 125)
    );
    assert_eq!((anna.voice_notes, anna.group_events), (1, 2));
    let ben = counts_of(&conv, "Ben");
    assert_eq!((ben.reactions_given, ben.reactions_received), (0, 3));
    assert_eq!(
        (ben.calls, ben.missed_calls, ben.edits, ben.group_events),
        (1, 1, 1, 1)
    );
}

#[test]
fn telegram_streamed_from_a_reader_equals_in_memory() {
    let path = format!(
        "{}/tests/fixtures/telegram/result.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let opts = IngestOptions::default();
    let whole = ingest::telegram::parse(Format::TelegramJson, "r.json", &text, &opts).unwrap();
    let mut streamed = Vec::new();
    ingest::telegram::parse_stream(
        Format::TelegramJson,
        "r.json",
        text.as_bytes(),
        &opts,
        |c| {
            streamed.push(c);
            Ok(())
        },
    )
    .unwrap();
    assert!(whole.len() >= 2, "a full-account fixture");
    assert_eq!(streamed, whole);
}

#[test]
fn meta_streamed_from_a_reader_equals_in_memory() {
    let dir = format!("{}/tests/fixtures/meta", env!("CARGO_MANIFEST_DIR"));
    let opts = IngestOptions::default();
    for (name, format) in [
        ("e2ee.json", Format::MessengerE2eeJson),
        ("message_1.json", Format::MetaJson),
    ] {
        let text = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
        let whole = ingest::meta::parse(format, name, &text, &opts).unwrap();
        let mut streamed = Vec::new();
        ingest::meta::parse_stream(format, name, text.as_bytes(), |c| {
            streamed.push(c);
            Ok(())
        })
        .unwrap();
        assert_eq!(streamed, whole, "{name}");
        assert_accounted(&streamed[0]);
    }
    // A thread in two parts, each written newest first: read from the files one record at
    // a time, the same conversation as the texts in memory, oldest message first.
    let paths: Vec<std::path::PathBuf> = ["message_1.json", "message_2.json"]
        .iter()
        .map(|n| std::path::Path::new(&dir).join(n))
        .collect();
    let texts: Vec<(String, String)> = paths
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
        .collect();
    let parts: Vec<(&str, &str)> = texts
        .iter()
        .map(|(d, t)| (d.as_str(), t.as_str()))
        .collect();
    let whole = ingest::meta::parse_group(&parts, &opts).unwrap().remove(0);
    let streamed = ingest::large::parse_group(&paths, &opts).unwrap();
    assert_eq!(streamed, whole);
    assert_accounted(&streamed);
    assert_eq!(streamed.source.files.len(), 2);
    let records = |t: &str| {
        let v: serde_json::Value = serde_json::from_str(t).unwrap();
        v["messages"].as_array().unwrap().len()
    };
    let records: usize = texts.iter().map(|(_, t)| records(t)).sum();
    assert_eq!(streamed.source.units_in, records);
    assert!(streamed
        .messages
        .windows(2)
        .all(|w| w[0].timestamp.wall <= w[1].timestamp.wall));
}

#[test]
fn discord_json_reactions_edits_calls_and_members() {
    let text = r#"{"guild": {"id": "0", "name": "Direct Messages"},
 "channel": {"id": "1", "type": "DirectGroupTextChat", "name": "Trip"},
 "messages": [
  {"id": "10", "type": "RecipientAdd", "timestamp": "2024-01-15T21:40:00+00:00",
   "timestampEdited": null, "content": "Added Ben to the group.",
   "author": {"id": "1", "name": "anna", "nickname": "Anna"}},
  {"id": "11", "type": "Default", "timestamp": "2024-01-15T21:41:00+00:00",
   "timestampEdited": "2024-01-15T21:51:00+00:00", "content": "hi all",
   "author": {"id": "2", "name": "ben", "nickname": "Ben"},
   "reactions": [{"emoji": {"id": "", "name": "👍"}, "count": 2,
     "users": [{"id": "1", "name": "anna", "nickname": "Anna"}]}]},
  {"id": "12", "type": "Call", "timestamp": "2024-01-15T21:42:00+00:00",
   "callEndedTimestamp": "2024-01-15T21:45:00+00:00", "content": "Started a call.",
   "author": {"id": "1", "name": "anna", "nickname": "Anna"}},
  {"id": "13", "type": "ChannelNameChange", "timestamp": "2024-01-15T21:46:00+00:00",
   "content": "Trip 2", "author": {"id": "1", "name": "anna", "nickname": "Anna"}},
  {"id": "14", "type": "RecipientRemove", "timestamp": "2024-01-15T21:47:00+00:00",
   "content": "Left the group.", "author": {"id": "2", "name": "ben", "nickname": "Ben"}}
 ]}"#;
    let conv = parse(Format::DiscordJson, text);
    assert_eq!(
        kinds(&conv),
        map(&[
            ("added", 1),
            ("call", 1),
            ("edit", 1),
            ("left", 1),
            ("reaction", 2),
            ("subject", 1),
            ("text", 1),
        ])
    );
    assert_eq!(conv.source.units_in, 5);
    assert_eq!(
        reactions(&conv),
        [
            ("Anna".into(), "👍".into(), "Ben".into(), "hi all".into()),
            ("".into(), "👍".into(), "Ben".into(), "hi all".into()),
        ]
    );
    let anna = counts_of(&conv, "Anna");
    assert_eq!(
        (anna.calls, anna.call_seconds, anna.group_events),
        (1, 180, 2)
    );
    let ben = counts_of(&conv, "Ben");
    assert_eq!(
        (ben.reactions_received, ben.edits, ben.group_events),
        (2, 1, 1)
    );
}

#[test]
fn discord_csv_reaction_counts_without_reactors() {
    let text = "AuthorID,Author,Date,Content,Attachments,Reactions\n\
                \"1\",\"anna\",\"2024-01-15T21:40:00+00:00\",\"hi\",\"\",\"👍 (3),❤ (1)\"\n\
                \"2\",\"ben\",\"2024-01-15T21:41:00+00:00\",\"yo\",\"\",\"\"\n";
    let conv = parse(Format::DiscordCsv, text);
    assert_eq!(kinds(&conv), map(&[("reaction", 2), ("text", 2)]));
    assert_eq!(
        reactions(&conv),
        [
            ("".into(), "👍 ×3".into(), "anna".into(), "hi".into()),
            ("".into(), "❤".into(), "anna".into(), "hi".into()),
        ]
    );
}

#[test]
fn meta_reactions_and_members() {
    let text = r#"{"participants": [{"name": "Anna"}, {"name": "Ben"}],
 "messages": [
  {"sender_name": "Ben", "timestamp_ms": 1705355220000, "content": "Ben left the group.",
   "type": "Unsubscribe", "users": [{"name": "Ben"}]},
  {"sender_name": "Anna", "timestamp_ms": 1705354860000, "content": "hi",
   "reactions": [{"reaction": "\u00e2\u009d\u00a4", "actor": "Ben", "timestamp": 1705354900}]},
  {"sender_name": "Anna", "timestamp_ms": 1705354800000, "content": "Anna added Ben to the group.",
   "type": "Subscribe", "users": [{"name": "Ben"}]}
 ],
 "title": "Trip", "thread_path": "inbox/trip_1"}"#;
    let conv = parse(Format::MetaJson, text);
    assert_eq!(
        kinds(&conv),
        map(&[("added", 1), ("left", 1), ("reaction", 1), ("text", 1)])
    );
    assert_eq!(
        reactions(&conv),
        [("Ben".into(), "❤".into(), "Anna".into(), "hi".into())]
    );
    let r = conv
        .messages
        .iter()
        .find(|m| m.kind == MessageKind::Reaction)
        .unwrap();
    assert_eq!(r.timestamp.to_iso(), "2024-01-15T21:41:40Z");
    assert_eq!(counts_of(&conv, "Ben").group_events, 1);
    assert_eq!(counts_of(&conv, "Anna").reactions_received, 1);
}

#[test]
fn signal_markdown_and_jsonl_reactions() {
    let md = "[2024-01-15 21:40:00] Anna: hi  \n\
              (- Ben: ❤️ -)\n\
              [2024-01-15 21:41:00] Ben: yo  \n";
    let conv = parse(Format::SignalMarkdown, md);
    assert_eq!(kinds(&conv), map(&[("reaction", 1), ("text", 2)]));
    assert_eq!(
        reactions(&conv),
        [("Ben".into(), "❤️".into(), "Anna".into(), "hi".into())]
    );
    let jsonl = concat!(
        "{\"date\": \"2024-01-15T21:40:00\", \"sender\": \"Anna\", \"body\": \"hi\", \"quote\": \"\", \"sticker\": null, \"reactions\": [[\"Ben\", \"👍\"]], \"attachments\": [], \"deleted\": false, \"call\": false, \"missed\": false}\n",
        "{\"date\": \"2024-01-15T21:41:00\", \"sender\": \"Ben\", \"body\": \"yo\", \"quote\": \"\", \"sticker\": null, \"reactions\": [], \"attachments\": [], \"deleted\": false, \"call\": false, \"missed\": false}\n",
    );
    let conv = parse(Format::SignalJsonl, jsonl);
    assert_eq!(kinds(&conv), map(&[("reaction", 1), ("text", 2)]));
    assert_eq!(counts_of(&conv, "Ben").reactions_given, 1);
    assert_eq!(counts_of(&conv, "Anna").reactions_received, 1);
}

#[test]
fn imessage_tapbacks() {
    let path = format!(
        "{}/tests/fixtures/imessage/chat.txt",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    let conv = parse(Format::IMessageText, &text);
    let r = reactions(&conv);
    assert!(!r.is_empty(), "the fixture's tapbacks");
    for (who, what, _, _) in &r {
        assert!(!who.is_empty() && !what.is_empty(), "{who:?} {what:?}");
    }
}
