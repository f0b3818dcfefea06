//! Compares language identifiers on short chat messages: per-message accuracy on the
//! construct sets (`models/construct/<lang>.tsv`), per-conversation accuracy on text files
//! of one conversation's messages (one per line, file named `<expected>__<name>.txt`), and
//! messages per second. Usage: `langid-compare TSV... -- CONVERSATION_TXT...`.

use std::time::Instant;

type Detector = Box<dyn Fn(&str) -> Option<&'static str>>;

fn detectors() -> Vec<(&'static str, Detector)> {
    let mut out: Vec<(&'static str, Detector)> = Vec::new();
    #[cfg(feature = "whatlang")]
    {
        out.push(("whatlang", Box::new(|t: &str| whatlang::detect(t).map(|i| wl(i.lang())))));
        out.push((
            "whatlang-reliable",
            Box::new(|t: &str| whatlang::detect(t).filter(|i| i.is_reliable()).map(|i| wl(i.lang()))),
        ));
    }
    #[cfg(feature = "lingua")]
    {
        use lingua::Language::*;
        let d = lingua::LanguageDetectorBuilder::from_languages(&[
            English, Spanish, Portuguese, German, French, Italian, Turkish, Indonesian, Russian,
            Arabic, Czech, Japanese, Dutch, Hindi, Polish,
        ])
        .build();
        out.push((
            "lingua",
            Box::new(move |t: &str| d.detect_language_of(t).map(|l| li(l))),
        ));
    }
    out
}

#[cfg(feature = "whatlang")]
fn wl(l: whatlang::Lang) -> &'static str {
    use whatlang::Lang::*;
    match l {
        Eng => "en", Spa => "es", Por => "pt", Deu => "de", Fra => "fr", Ita => "it",
        Tur => "tr", Ind => "id", Rus => "ru", Ara => "ar", Ces => "cs", Jpn => "ja",
        Nld => "nl", Hin => "hi", Pol => "pl", other => other.code(),
    }
}

#[cfg(feature = "lingua")]
fn li(l: lingua::Language) -> &'static str {
    use lingua::Language::*;
    match l {
        English => "en", Spanish => "es", Portuguese => "pt", German => "de", French => "fr",
        Italian => "it", Turkish => "tr", Indonesian => "id", Russian => "ru", Arabic => "ar",
        Czech => "cs", Japanese => "ja", Dutch => "nl", Hindi => "hi", Polish => "pl",
        _ => "other",
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let split = args.iter().position(|a| a == "--").unwrap_or(args.len());
    let (sets, convs) = (&args[..split], args.get(split + 1..).unwrap_or(&[]));
    let mut items: Vec<(String, String)> = Vec::new();
    for path in sets {
        let lang = std::path::Path::new(path).file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).expect(path);
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        let col = header.iter().position(|h| *h == "text").unwrap();
        for l in lines {
            items.push((lang.clone(), l.split('\t').nth(col).unwrap().to_string()));
        }
    }
    for (name, detect) in detectors() {
        let mut right = 0;
        let mut none = 0;
        for (lang, text) in &items {
            match detect(text) {
                Some(l) if l == lang => right += 1,
                None => none += 1,
                _ => {}
            }
        }
        let start = Instant::now();
        let mut passes = 0;
        while start.elapsed().as_secs_f64() < 1.0 {
            for (_, t) in &items {
                std::hint::black_box(detect(t));
            }
            passes += 1;
        }
        let per_s = (items.len() * passes) as f64 / start.elapsed().as_secs_f64();
        let mut conv_right = 0;
        let mut conv_report = String::new();
        for path in convs {
            let name_part = std::path::Path::new(path).file_name().unwrap().to_string_lossy();
            let expected = name_part.split("__").next().unwrap().to_string();
            let text = std::fs::read_to_string(path).expect(path);
            let mut votes: std::collections::BTreeMap<&str, usize> = Default::default();
            for line in text.lines().filter(|l| l.chars().count() >= 20) {
                if let Some(l) = detect(line) {
                    *votes.entry(l).or_default() += 1;
                }
            }
            let top = votes.iter().max_by_key(|(_, n)| **n).map(|(l, _)| *l).unwrap_or("-");
            if top == expected {
                conv_right += 1;
            } else {
                conv_report.push_str(&format!(" [{name_part}: got {top}]"));
            }
        }
        println!(
            "{name:<18} construct messages: {right}/{} right ({:.1}%), {none} undecided; {per_s:.0} msgs/s; conversations: {conv_right}/{} right{conv_report}",
            items.len(),
            100.0 * right as f64 / items.len().max(1) as f64,
            convs.len()
        );
    }
}
