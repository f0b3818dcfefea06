//! Fuzz target: the telegram parser(s) via `ingest::parse_text`; the first byte picks the format.
//! The same text read as a stream (as a big export is) must give the same result.
#![no_main]
mod check;
use libfuzzer_sys::fuzz_target;
use pushpull::chat::Format;

const FORMATS: &[Format] = &[Format::TelegramJson];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let format = FORMATS[usize::from(pick) % FORMATS.len()];
    let text = String::from_utf8_lossy(rest);
    let result = pushpull::ingest::parse_text(format, check::NAME, &text, &check::opts());
    let mut streamed = Vec::new();
    let stream = pushpull::ingest::telegram::parse_stream(
        format,
        check::NAME,
        text.as_bytes(),
        &check::opts(),
        |c| {
            streamed.push(c);
            Ok(())
        },
    );
    check::same_as_streamed(&result, stream.map(|()| streamed));
    check::check(result);
});
