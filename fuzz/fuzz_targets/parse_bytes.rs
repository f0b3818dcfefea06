//! Fuzz target: the whole byte path (decode, detect, parse, or zip) on arbitrary bytes.
#![no_main]
mod check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    check::check(pushpull::ingest::parse_bytes(check::NAME, data, &check::opts()));
});
