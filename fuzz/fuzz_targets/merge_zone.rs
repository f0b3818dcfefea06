//! Fuzz target: WhatsApp text (with era dates and DST-crossing times among the seeds) read in
//! a `--tz` zone, cut in two overlapping parts and merged; every part and the merge must keep
//! the no-loss invariant. The first byte picks the zone, the second where the parts overlap.
#![no_main]
mod check;
use libfuzzer_sys::fuzz_target;
use pushpull::ingest::{self, merge, Zone};

const ZONES: &[&str] = &["", "Europe/Berlin", "America/New_York", "+05:30", "Asia/Tokyo"];

fuzz_target!(|data: &[u8]| {
    let Some((&[zone, cut], rest)) = data.split_first_chunk::<2>() else { return };
    let mut opts = check::opts();
    match Zone::parse(ZONES[usize::from(zone) % ZONES.len()]) {
        Ok(Zone::Named(tz)) => opts.tz_name = Some(tz),
        Ok(Zone::Fixed(off)) => opts.tz_offset_s = Some(off),
        Err(_) => {}
    }
    let text = String::from_utf8_lossy(rest);
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let half = usize::from(cut) % (lines.len() + 1);
    let first: String = lines[..half.max(lines.len() / 2).min(lines.len())].concat();
    let second: String = lines[half.min(lines.len() / 2)..].concat();
    let parse = |t: &str| ingest::parse_text(pushpull::chat::Format::WhatsAppText, check::NAME, t, &opts);
    let (Ok(a), Ok(b)) = (parse(&first), parse(&second)) else { return };
    let merged = merge::merge_overlapping(a.into_iter().chain(b).collect());
    check::check(Ok(merged));
});
