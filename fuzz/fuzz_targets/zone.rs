//! Fuzz target: `--tz` zone conversion around daylight-saving changes. The input picks a
//! zone (IANA zones of both hemispheres, a half-hour DST, fixed offsets) and a change night,
//! and generates times through it, sometimes stepping back an hour as the fall-back night
//! repeats one. Read as local wall times (a WhatsApp export), every time must keep its wall
//! clock and get an offset the zone has at that wall time (one it skips: the offset from
//! before, with a note counting them), and times that do not go back on the wall clock must
//! not go back as instants. Read as UTC instants (Telegram `date_unixtime`), every instant
//! must be kept and shown as the zone's wall time.
#![no_main]
mod check;
use chrono::{LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone};
use libfuzzer_sys::fuzz_target;
use pushpull::chat::Format;
use pushpull::ingest::{IngestOptions, Zone};
use pushpull::Conversation;

const ZONES: &[&str] = &[
    "Europe/Berlin",
    "America/New_York",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Tokyo",
    "+05:30",
    "UTC",
];

/// Change nights of 2024 in those zones (the local date of the change).
const NIGHTS: &[(u32, u32)] = &[(3, 10), (3, 31), (4, 7), (9, 8), (10, 6), (10, 27), (11, 3)];

fn zone_opts(zone: Zone) -> IngestOptions {
    let mut opts = check::opts();
    match zone {
        Zone::Named(tz) => opts.tz_name = Some(tz),
        Zone::Fixed(off) => opts.tz_offset_s = Some(off),
    }
    opts
}

/// What the zone makes of a wall time: the offsets it can have, or the skipped case.
fn local_offsets(zone: Zone, wall: NaiveDateTime) -> LocalResult<i32> {
    match zone {
        Zone::Fixed(off) => LocalResult::Single(off),
        Zone::Named(tz) => tz
            .offset_from_local_datetime(&wall)
            .map(|o| o.fix().local_minus_utc()),
    }
}

fn offset_at(zone: Zone, instant: i64) -> i32 {
    match zone {
        Zone::Fixed(off) => off,
        Zone::Named(tz) => {
            let utc = chrono::DateTime::from_timestamp(instant, 0)
                .expect("in range")
                .naive_utc();
            tz.offset_from_utc_datetime(&utc).fix().local_minus_utc()
        }
    }
}

fn check_local(zone: Zone, walls: &[NaiveDateTime], conv: &Conversation) {
    let mut skipped = 0;
    let mut prev: Option<(NaiveDateTime, i64, bool)> = None;
    for (m, &wall) in conv.messages.iter().zip(walls) {
        assert_eq!(m.timestamp.wall, wall, "wall clock changed");
        let off = m.timestamp.offset_s.expect("an offset in a zone");
        let skip = match local_offsets(zone, wall) {
            LocalResult::Single(o) => {
                assert_eq!(off, o, "{wall}: not the zone's offset");
                false
            }
            LocalResult::Ambiguous(a, b) => {
                assert!(
                    off == a || off == b,
                    "{wall}: offset {off} of neither reading"
                );
                false
            }
            LocalResult::None => {
                let before = offset_at(zone, wall.and_utc().timestamp() - 26 * 3600);
                assert_eq!(
                    off, before,
                    "{wall}: skipped time not read as before the change"
                );
                skipped += 1;
                true
            }
        };
        let instant = m.timestamp.instant_secs();
        if let Some((pw, pi, pskip)) = prev {
            if wall >= pw && !skip && !pskip {
                assert!(
                    instant >= pi,
                    "{pw} then {wall}: time went back {}s",
                    pi - instant
                );
            }
        }
        prev = Some((wall, instant, skip));
    }
    let notes = conv
        .warnings
        .iter()
        .filter(|w| w.reason.contains("daylight-saving"))
        .count();
    assert_eq!(
        notes,
        usize::from(skipped > 0),
        "skipped times without (or with a wrong) note"
    );
    if skipped > 0 {
        assert!(conv
            .warnings
            .iter()
            .any(|w| w.reason.starts_with(&format!("{skipped} time(s)"))));
    }
}

fn check_utc(zone: Zone, instants: &[i64], conv: &Conversation) {
    for (m, &instant) in conv.messages.iter().zip(instants) {
        assert_eq!(m.timestamp.instant_secs(), instant, "instant changed");
        assert_eq!(
            m.timestamp.offset_s,
            Some(offset_at(zone, instant)),
            "not the zone's offset"
        );
    }
}

fn telegram(instants: &[i64]) -> String {
    let msgs: Vec<String> = instants
        .iter()
        .enumerate()
        .map(|(k, t)| {
            let date = chrono::DateTime::from_timestamp(*t, 0).expect("in range").naive_utc();
            format!(
                r#"{{"id":{k},"type":"message","date":"{}","date_unixtime":"{t}","from":"Anna","from_id":"user1","text":"m{k}"}}"#,
                date.format("%Y-%m-%dT%H:%M:%S")
            )
        })
        .collect();
    format!(
        r#"{{"name":"Z","type":"personal_chat","id":1,"messages":[{}]}}"#,
        msgs.join(",")
    )
}

fuzz_target!(|data: &[u8]| {
    let Some((&[z, night], steps)) = data.split_first_chunk::<2>() else {
        return;
    };
    let zone = Zone::parse(ZONES[usize::from(z) % ZONES.len()]).expect("a valid zone");
    let (month, day) = NIGHTS[usize::from(night) % NIGHTS.len()];
    let start = NaiveDate::from_ymd_opt(2024, month, day)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .expect("valid night");
    // Each byte: minutes forward (0..=63), or back an hour (the repeated hour) when 0xFF.
    let mut wall = start;
    let walls: Vec<NaiveDateTime> = steps
        .iter()
        .take(64)
        .map(|&b| {
            wall += chrono::Duration::minutes(if b == 0xFF { -60 } else { i64::from(b % 64) });
            wall
        })
        .collect();
    if walls.is_empty() {
        return;
    }
    let text: String = walls
        .iter()
        .enumerate()
        .map(|(k, w)| {
            format!(
                "{} - {}: m{k}\n",
                w.format("%Y-%m-%d, %H:%M"),
                ["Anna", "Ben"][k % 2]
            )
        })
        .collect();
    let opts = zone_opts(zone);
    let local = pushpull::ingest::parse_text(Format::WhatsAppText, check::NAME, &text, &opts)
        .unwrap_or_else(|e| panic!("refused: {e}\n{text}"));
    check::check(Ok(local.clone()));
    assert_eq!(
        local[0].messages.len(),
        walls.len(),
        "messages lost:\n{text}"
    );
    check_local(zone, &walls, &local[0]);

    // The same walls taken as UTC instants, as Telegram records them.
    let instants: Vec<i64> = walls.iter().map(|w| w.and_utc().timestamp()).collect();
    let json = telegram(&instants);
    let utc = pushpull::ingest::parse_text(Format::TelegramJson, check::NAME, &json, &opts)
        .unwrap_or_else(|e| panic!("refused: {e}\n{json}"));
    check::check(Ok(utc.clone()));
    assert_eq!(utc[0].messages.len(), instants.len(), "messages lost");
    check_utc(zone, &instants, &utc[0]);
});
