//! Fuzz target: the discord parser(s) via `ingest::parse_text`; the first byte picks the format.
#![no_main]
mod check;
use libfuzzer_sys::fuzz_target;
use pushpull::chat::Format;

const FORMATS: &[Format] = &[ Format::DiscordJson, Format::DiscordCsv,];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let format = FORMATS[usize::from(pick) % FORMATS.len()];
    let text = String::from_utf8_lossy(rest);
    check::check(pushpull::ingest::parse_text(format, check::NAME, &text, &check::opts()));
});
