//! Languages: which language each message and each conversation is written in, and warmth
//! versus withdrawal for the languages besides English that the built-in scorer reads
//! (Spanish, Portuguese, German, French, Italian).
//!
//! - [`detect`]: conversation- and person-level shares from `whatlang` on a sample of the
//!   longer messages (and the app's own notices, which are in the phone's language).
//! - [`words`]: a cheap per-message detector for the read languages (function words), used
//!   where it is reliable and to route a message to the right cue lexicon.
//! - [`profile`]: the per-conversation [`LanguageProfile`] (per-message languages, shares,
//!   the scope notice when warmth is not read).
//! - [`lexicon`], [`warmth`], [`train`]: the non-English warmth scorer, its cue lexicons and
//!   the training of its small weights file (`models/warmth-lang.json`).
//! - [`route`]: which language's model reads each message (the main language's, or the
//!   message's own where its words say so clearly).
//! - [`multi`]: the built-in scorer that dispatches each message by language.
//! - [`phrases`]: Spanish and Turkish phrase banks for `pushpull synth --lang`.

pub mod construct;
pub mod detect;
pub mod lexicon;
pub mod multi;
pub mod phrases;
pub mod profile;
pub mod route;
pub mod train;
pub mod warmth;
pub mod words;

pub use profile::{LanguageProfile, LanguageSummary};

use serde::{Serialize, Serializer};

/// A language, as its ISO 639-1 code (`en`, `es`, ...; ISO 639-3 where there is no
/// two-letter code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang(pub &'static str);

impl Lang {
    /// English.
    pub const EN: Lang = Lang("en");
    /// Spanish.
    pub const ES: Lang = Lang("es");
    /// Portuguese.
    pub const PT: Lang = Lang("pt");
    /// German.
    pub const DE: Lang = Lang("de");
    /// French.
    pub const FR: Lang = Lang("fr");
    /// Italian.
    pub const IT: Lang = Lang("it");

    /// The ISO code (`en`, `pt`).
    pub fn code(self) -> &'static str {
        self.0
    }

    /// The English name (the code itself for languages without one here).
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(c, _)| *c == self.0)
            .map_or(self.0, |(_, n)| n)
    }

    /// Whether the built-in scorer's warmth was validated for this language.
    pub fn warmth_read(self) -> bool {
        READ.contains(&self)
    }
}

impl Serialize for Lang {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// The languages whose warmth the built-in scorer reads (validated on a construct set).
pub const READ: [Lang; 6] = [Lang::EN, Lang::ES, Lang::PT, Lang::DE, Lang::FR, Lang::IT];

/// The read languages as a sentence: "English, Spanish, Portuguese, German, French and
/// Italian".
pub fn read_languages_sentence() -> String {
    let names: Vec<&str> = READ.iter().map(|l| l.name()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

const NAMES: &[(&str, &str)] = &[
    ("en", "English"),
    ("es", "Spanish"),
    ("pt", "Portuguese"),
    ("de", "German"),
    ("fr", "French"),
    ("it", "Italian"),
    ("nl", "Dutch"),
    ("tr", "Turkish"),
    ("id", "Indonesian"),
    ("ru", "Russian"),
    ("ar", "Arabic"),
    ("hi", "Hindi"),
    ("cs", "Czech"),
    ("ja", "Japanese"),
    ("pl", "Polish"),
    ("uk", "Ukrainian"),
    ("zh", "Chinese"),
    ("ko", "Korean"),
    ("fa", "Persian"),
    ("ur", "Urdu"),
    ("bn", "Bengali"),
    ("vi", "Vietnamese"),
    ("th", "Thai"),
    ("sv", "Swedish"),
    ("da", "Danish"),
    ("nb", "Norwegian"),
    ("fi", "Finnish"),
    ("el", "Greek"),
    ("he", "Hebrew"),
    ("ro", "Romanian"),
    ("hu", "Hungarian"),
    ("ca", "Catalan"),
    ("hr", "Croatian"),
    ("sr", "Serbian"),
    ("bg", "Bulgarian"),
    ("sk", "Slovak"),
    ("sw", "Swahili"),
    ("tl", "Tagalog"),
    ("ms", "Malay"),
    ("af", "Afrikaans"),
    ("et", "Estonian"),
    ("la", "Latin"),
    ("lt", "Lithuanian"),
    ("lv", "Latvian"),
    ("sl", "Slovenian"),
    ("az", "Azerbaijani"),
    ("eo", "Esperanto"),
    ("ka", "Georgian"),
    ("hy", "Armenian"),
    ("ta", "Tamil"),
    ("te", "Telugu"),
    ("mr", "Marathi"),
    ("be", "Belarusian"),
    ("mk", "Macedonian"),
    ("uz", "Uzbek"),
    ("jv", "Javanese"),
    ("zu", "Zulu"),
    ("am", "Amharic"),
];
