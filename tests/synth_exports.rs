//! The generator's exports read back through the ingest stage with every message intact:
//! same count, senders, wall times (at the format's resolution) and text.

use pushpull::chat::Format;
use pushpull::ingest::{detect, parse_text, IngestOptions};
use pushpull::synth::{default_names, ExportFormat, Scenario, Synthetic};
use pushpull::MessageKind;

fn check_round_trip(format: ExportFormat, expected: Format) {
    let s = Synthetic::generate(Scenario::Pushpull, 30, 5, default_names());
    let text = pushpull::synth::export::chat_text(&s, format);
    assert_eq!(detect(&text), Some(expected));
    let convs = parse_text(expected, "planted", &text, &IngestOptions::default()).expect("parses");
    assert_eq!(convs.len(), 1);
    let c = &convs[0];
    let msgs: Vec<_> = c
        .messages
        .iter()
        .filter(|m| m.kind == MessageKind::Text && m.sender.is_some())
        .collect();
    assert_eq!(msgs.len(), s.messages.len());
    for (i, m) in msgs.iter().enumerate() {
        let mut wall = s.wall(i);
        if format.minute_resolution() {
            wall -= chrono::TimeDelta::seconds(i64::from(chrono::Timelike::second(&wall)));
        }
        assert_eq!(m.timestamp.wall, wall, "message {i}");
        assert_eq!(c.sender_name(m), Some(s.names[s.messages[i].who].as_str()));
        assert_eq!(m.text, s.texts[i]);
    }
    assert_eq!(c.units_accounted(), c.source.units_in);
}

#[test]
fn signal_markdown_round_trip() {
    check_round_trip(ExportFormat::Signal, Format::SignalMarkdown);
}

fn check_bytes_round_trip(format: ExportFormat) {
    let s = Synthetic::generate(Scenario::Pushpull, 30, 5, default_names());
    let (name, bytes) = s.render(format).unwrap();
    let convs =
        pushpull::ingest::parse_bytes(&name, &bytes, &IngestOptions::default()).expect("parses");
    assert_eq!(convs.len(), 1);
    let c = &convs[0];
    let msgs: Vec<_> = c
        .messages
        .iter()
        .filter(|m| m.kind == MessageKind::Text && m.sender.is_some())
        .collect();
    assert_eq!(
        msgs.len(),
        s.messages.len(),
        "{:?}",
        c.messages.iter().take(3).collect::<Vec<_>>()
    );
    for (i, m) in msgs.iter().enumerate() {
        let mut wall = s.wall(i);
        if format.minute_resolution() {
            wall -= chrono::TimeDelta::seconds(i64::from(chrono::Timelike::second(&wall)));
        }
        assert_eq!(m.timestamp.wall, wall, "message {i}");
        assert_eq!(c.sender_name(m), Some(s.names[s.messages[i].who].as_str()));
        assert_eq!(m.text, s.texts[i]);
    }
    assert_eq!(c.units_accounted(), c.source.units_in);
    assert_eq!(c.participants.len(), 2, "{:?}", c.participants);
}

#[test]
fn whatsapp_android_and_ios_zip_round_trip() {
    check_bytes_round_trip(ExportFormat::WhatsApp);
    check_bytes_round_trip(ExportFormat::WhatsAppIos);
    check_bytes_round_trip(ExportFormat::Signal);
}

#[test]
fn samples_are_months_long_two_person_exports() {
    for name in [
        "WhatsApp Chat with Teo Brandt.txt",
        "WhatsApp Chat - Oskar Lind.zip",
        "Signal chat with Dario Fenwick.md",
    ] {
        let path = format!("samples/{name}");
        let bytes = std::fs::read(&path).expect("sample present");
        let convs = pushpull::ingest::parse_bytes(&path, &bytes, &IngestOptions::default())
            .expect("parses");
        assert_eq!(convs.len(), 1, "{name}");
        let c = &convs[0];
        assert_eq!(c.participants.len(), 2, "{name}: {:?}", c.participants);
        assert!(c.messages.len() >= 1000, "{name}: {}", c.messages.len());
        let first = c.messages.first().unwrap().timestamp.wall;
        let last = c.messages.last().unwrap().timestamp.wall;
        assert!((last - first).num_days() >= 90, "{name}");
        assert_eq!(c.units_accounted(), c.source.units_in, "{name}");
    }
}
