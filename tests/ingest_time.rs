//! Time that is right: `--tz` with IANA zones gives each local wall time the offset in force
//! at that moment (Europe/Berlin, America/New_York, both daylight-saving changes), a wait
//! across the change night is its real length in the dynamics, UTC instants (Telegram
//! `date_unixtime`) are shown in the zone, and Japanese era years read as Gregorian ones.

mod common;

use pushpull::chat::Conversation;
use pushpull::dynamics;
use pushpull::ingest::{IngestOptions, Zone};
use pushpull::score::ScoredConversation;

fn zone(name: &str) -> IngestOptions {
    let mut opts = IngestOptions::default();
    match Zone::parse(name).expect("zone") {
        Zone::Named(tz) => opts.tz_name = Some(tz),
        Zone::Fixed(off) => opts.tz_offset_s = Some(off),
    }
    opts
}

/// The first conversation of `text` read as a file `chat.txt`, checked for loss.
fn parse(text: &str, opts: &IngestOptions) -> Conversation {
    let mut convs = common::parse_bytes("chat.txt", text.as_bytes(), opts).expect("parses");
    convs.remove(0)
}

fn isos(conv: &Conversation) -> Vec<String> {
    conv.messages.iter().map(|m| m.timestamp.to_iso()).collect()
}

#[test]
fn berlin_spring_forward_and_fall_back() {
    let text = "31/03/2024, 01:50 - Anna: late\n\
                31/03/2024, 03:10 - Ben: after the change\n\
                27/10/2024, 02:30 - Anna: first 02:30 (summer time)\n\
                27/10/2024, 02:10 - Ben: second 02:10 (winter time)\n\
                27/10/2024, 03:00 - Anna: later\n";
    let conv = parse(text, &zone("Europe/Berlin"));
    assert_eq!(
        isos(&conv),
        [
            "2024-03-31T01:50:00+01:00",
            "2024-03-31T03:10:00+02:00",
            "2024-10-27T02:30:00+02:00",
            "2024-10-27T02:10:00+01:00",
            "2024-10-27T03:00:00+01:00",
        ]
    );
    let t: Vec<i64> = conv
        .messages
        .iter()
        .map(|m| m.timestamp.instant_secs())
        .collect();
    assert_eq!(t[1] - t[0], 20 * 60, "20 real minutes across the change");
    assert_eq!(t[3] - t[2], 40 * 60, "the repeated hour goes forward");
    assert_eq!(conv.source.zone.as_deref(), Some("Europe/Berlin"));
}

#[test]
fn new_york_changes_and_a_skipped_time() {
    let text = "3/10/24, 1:59 AM - Ana: before\n\
                3/10/24, 2:30 AM - Ben: this time does not exist\n\
                3/10/24, 3:01 AM - Ana: after\n\
                11/3/24, 1:30 AM - Ben: first 1:30\n\
                11/3/24, 1:20 AM - Ana: second 1:20\n";
    let conv = parse(text, &zone("America/New_York"));
    assert_eq!(
        isos(&conv),
        [
            "2024-03-10T01:59:00-05:00",
            "2024-03-10T02:30:00-05:00",
            "2024-03-10T03:01:00-04:00",
            "2024-11-03T01:30:00-04:00",
            "2024-11-03T01:20:00-05:00",
        ]
    );
    let t0 = conv.messages[0].timestamp.instant_secs();
    let t2 = conv.messages[2].timestamp.instant_secs();
    assert_eq!(t2 - t0, 2 * 60);
    let note = conv
        .warnings
        .iter()
        .find(|w| w.reason.contains("daylight-saving"))
        .expect("a note on the skipped time");
    assert_eq!((note.line, note.lines), (2, 0));
}

#[test]
fn fixed_offsets_still_work_and_name_the_zone() {
    let conv = parse("1/15/24, 9:41 PM - Anna: hi\n", &zone("+05:30"));
    assert_eq!(isos(&conv), ["2024-01-15T21:41:00+05:30"]);
    assert_eq!(conv.source.zone.as_deref(), Some("+05:30"));
    let plain = parse("1/15/24, 9:41 PM - Anna: hi\n", &IngestOptions::default());
    assert_eq!(isos(&plain), ["2024-01-15T21:41:00"]);
    assert_eq!(plain.source.zone, None);
}

#[test]
fn telegram_unixtime_is_preferred_and_shown_in_the_zone() {
    // `date` says 12:00 (the exporting computer's clock); `date_unixtime` is the instant.
    let text = r#"{"name": "Anna", "type": "personal_chat", "id": 1, "messages": [
        {"id": 1, "type": "message", "date": "2024-07-01T12:00:00", "date_unixtime": "1719828000",
         "from": "Anna", "from_id": "user1", "text": "summer"},
        {"id": 2, "type": "message", "date": "2024-01-01T12:00:00", "date_unixtime": "1704110400",
         "from": "Ben", "from_id": "user2", "text": "winter"}]}"#;
    let utc = parse(text, &IngestOptions::default());
    assert_eq!(isos(&utc), ["2024-07-01T10:00:00Z", "2024-01-01T12:00:00Z"]);
    let berlin = parse(text, &zone("Europe/Berlin"));
    assert_eq!(
        isos(&berlin),
        ["2024-07-01T12:00:00+02:00", "2024-01-01T13:00:00+01:00"]
    );
}

/// A wait across the spring-forward night: Ben answers 20 real minutes after Anna, though
/// the wall clock moved 80 minutes. The dynamics stage must see 20.
#[test]
fn a_wait_across_the_change_night_is_its_real_length() {
    let text = "30/03/2024, 20:00 - Anna: hello\n\
                30/03/2024, 20:10 - Ben: hi\n\
                31/03/2024, 01:50 - Anna: still up?\n\
                31/03/2024, 03:10 - Ben: yes\n";
    let median_wait = |opts: &IngestOptions| {
        let conv = parse(text, opts);
        let scores = vec![None; conv.messages.len()];
        let languages = pushpull::lang::LanguageProfile::of(&conv);
        let a = dynamics::analyze(&ScoredConversation {
            conversation: conv,
            scores,
            languages,
        });
        let ben = a.participants.iter().find(|p| p.name == "Ben").unwrap();
        ben.median_wait_s
    };
    // Waits of 10 and 20 minutes: median 15.
    assert_eq!(median_wait(&zone("Europe/Berlin")), Some(900.0));
    // Without a zone, the wall clock's 80 minutes: median 45.
    assert_eq!(median_wait(&IngestOptions::default()), Some(2700.0));
}

#[test]
fn japanese_era_years() {
    let text = "[R5/01/02 14:56:01] 花子: 明けましておめでとう\n\
                [R5/01/02 14:57:10] 太郎: おめでとう！\n\
                [H31/04/30 09:00:00] 花子: 平成最後の日\n";
    let conv = parse(text, &IngestOptions::default());
    assert_eq!(
        isos(&conv),
        [
            "2023-01-02T14:56:01",
            "2023-01-02T14:57:10",
            "2019-04-30T09:00:00"
        ]
    );
    let english = "[1/2/5 R, 2:56:01 PM] Hana: happy new year\n\
                   [1/2/5 R, 2:57:10 PM] Taro: you too\n\
                   [1/13/5 R, 9:00:00 AM] Hana: back at work\n";
    let conv = parse(english, &IngestOptions::default());
    assert_eq!(isos(&conv)[1], "2023-01-02T14:57:10");
    assert_eq!(isos(&conv)[2], "2023-01-13T09:00:00");
}
