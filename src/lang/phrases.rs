//! Phrase banks in Spanish and Turkish for `pushpull synth --lang`: a fictional Spanish chat
//! (a read language: the demo sample shows the language line) and a Turkish one (not read:
//! the tests show the scope notice). Written for this project, not taken from any chat.
//! Five banks from affectionate to cold, as in the English [`crate::synth::phrases`].

use crate::rng::Rng;
use crate::synth::Synthetic;

type Banks = [&'static [&'static str]; 5];

const ES: Banks = [
    &[
        "te quiero muchísimo ❤️",
        "te echo de menos",
        "eres lo mejor que me ha pasado",
        "no paro de pensar en ti 😊",
        "mi amor, qué ganas de verte",
        "besitos guapa 😘",
        "gracias por todo cariño",
    ],
    &[
        "jajaja qué bueno 😊",
        "me alegro mucho",
        "qué ilusión!!",
        "llegaste bien? avísame",
        "cuéntame qué tal te fue",
        "suena genial, gracias",
    ],
    &[
        "ok",
        "llego a las 7",
        "compré pan y leche",
        "la reunión es el martes",
        "estoy en la estación",
        "ya salí del trabajo",
        "está lloviendo aquí",
    ],
    &[
        "vale",
        "ocupado",
        "luego",
        "ya veremos",
        "no sé",
        "bueno",
        "estoy cansada",
    ],
    &[
        "déjame en paz",
        "me da igual",
        "no me escribas más",
        "lo que tú digas",
        "estoy harta de esto",
        "no quiero hablar contigo",
        "olvídalo.",
    ],
];

const TR: Banks = [
    &[
        "seni çok seviyorum ❤️",
        "seni çok özledim",
        "hayatımın en güzel şeysin",
        "sürekli seni düşünüyorum 😊",
        "aşkım seni görmek için sabırsızlanıyorum",
        "öpüyorum canım 😘",
    ],
    &[
        "hahaha çok iyi 😊",
        "çok sevindim",
        "eve vardın mı? haber ver",
        "nasıl geçti anlat",
        "harika görünüyor, teşekkürler",
    ],
    &[
        "tamam",
        "saat yedide oradayım",
        "ekmek ve süt aldım",
        "toplantı salı günü",
        "istasyondayım şimdi",
        "işten yeni çıktım",
        "burada yağmur yağıyor",
    ],
    &[
        "tamam",
        "meşgulüm",
        "sonra",
        "bakarız",
        "bilmiyorum",
        "yorgunum",
    ],
    &[
        "beni rahat bırak",
        "umurumda değil",
        "bana bir daha yazma",
        "sen ne dersen",
        "bundan bıktım artık",
        "seninle konuşmak istemiyorum",
    ],
];

/// The banks of a language `synth --lang` knows (`es`, `tr`).
fn banks(lang: &str) -> Option<&'static Banks> {
    match lang {
        "es" => Some(&ES),
        "tr" => Some(&TR),
        _ => None,
    }
}

/// Languages `synth --lang` knows.
pub const SYNTH_LANGS: [&str; 2] = ["es", "tr"];

/// Rewrites every message of `synth` in `lang` from the bank of its planted warmth
/// (deterministic: seeded from the synth's seed). `None` for an unknown language.
pub fn retext(synth: &mut Synthetic, lang: &str) -> Option<()> {
    let banks = banks(lang)?;
    let mut rng = Rng::new(synth.seed ^ 0x1A46_0000);
    synth.texts = synth
        .messages
        .iter()
        .map(|m| {
            let k = if m.warmth >= 0.6 {
                0
            } else if m.warmth >= 0.3 {
                1
            } else if m.warmth >= 0.0 {
                2
            } else if m.warmth >= -0.35 {
                3
            } else {
                4
            };
            banks[k][rng.index(banks[k].len())].to_string()
        })
        .collect();
    Some(())
}
