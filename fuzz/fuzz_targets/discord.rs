//! Fuzz target: the discord parser(s) via `ingest::parse_text`; the first byte picks the format.
//! JSON read as a stream (as a big export is) must give the same result as read in memory.
#![no_main]
mod check;
use libfuzzer_sys::fuzz_target;
use pushpull::chat::Format;

const FORMATS: &[Format] = &[Format::DiscordJson, Format::DiscordCsv];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let format = FORMATS[usize::from(pick) % FORMATS.len()];
    let text = String::from_utf8_lossy(rest);
    let result = pushpull::ingest::parse_text(format, check::NAME, &text, &check::opts());
    if format == Format::DiscordJson {
        let mut streamed = Vec::new();
        let stream =
            pushpull::ingest::discord::parse_json_stream(check::NAME, text.as_bytes(), |c| {
                streamed.push(c);
                Ok(())
            });
        check::same_as_streamed(&result, stream.map(|()| streamed));
    }
    check::check(result);
});
