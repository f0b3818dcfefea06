//! Fuzz target: the in-memory zip reader; every input is given the zip local-header magic.
#![no_main]
mod check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend_from_slice(data.strip_prefix(b"PK\x03\x04").unwrap_or(data));
    check::check(pushpull::ingest::parse_bytes(check::NAME, &bytes, &check::opts()));
});
