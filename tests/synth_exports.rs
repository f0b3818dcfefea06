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
