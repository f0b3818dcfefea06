//! A cheap per-message language detector for the languages whose warmth is read (English,
//! Spanish, Portuguese, German, French, Italian): it counts the message's function words
//! ("the", "que", "você", "nicht", "c'est", "perché"...) per language and names the
//! language with clearly the most. A few hash look-ups per message, so it runs on every
//! message; it abstains on messages without enough function words ("ok", "😂", "Maria?").

use super::Lang;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// The languages this detector knows, in bit order.
pub const LANGS: [Lang; 6] = [Lang::EN, Lang::ES, Lang::PT, Lang::DE, Lang::FR, Lang::IT];

const EN: &str = "the you i and to is it my me that what this your are was for with have just \
don't dont i'm im can't cant not but so of on at be do how why when we u ur will going want about \
all really yeah yes okay know think get got too there they he she would could should been from out \
up it's its did didn't you're youre i'll i've won't wanna gonna an or if our us him her them";
const ES: &str = "el la los las y pero porque muy estoy estás estas está qué que cómo como yo tú \
tu te contigo conmigo mucho mucha nada ya hoy eres soy tengo quiero hay aquí aqui esto eso vale \
también tambien bueno para por con una un del al mi me se lo le nos ni sí si no de en es más mas \
pues hasta cuando dónde donde jaja jajaja jajajaja besos gracias hola porfa ahora algo todo mañana \
puedes vamos voy sin ti tienes estamos vas sea son eso esa ese mis tus";
const PT: &str = "o os as e mas porque muito muita tô estou está você voce vc vcs não nao eu te com \
contigo nada já hoje é sou tenho quero tem aqui isso isto beleza blz também tambem bom pra para por \
uma um do da dos das no na meu minha me se nos nem sim de em mais quando onde kkk kkkk kkkkk \
obrigado obrigada oi agora tudo amanhã amanha pode vamos vou sem ti tá ta aí né ne gente ainda \
então entao ao pelo pela seu sua vai estava são dá";
const DE: &str = "der die das und ich du nicht ist ein eine mit mir dich dir mich auf für fur es \
wir sie bin bist hab habe hast wie wo warum auch noch schon nur mal aber ja nein doch heute \
morgen jetzt sehr zu den dem vom zum zur nach bei kannst kann willst gut danke bitte \
oder wenn dass weil gerade echt einfach nix nichts kein keine sich hat haben sind wird ganz \
viel uns euch ihr mein meine dein deine gehts geht";
const FR: &str = "le la les et je tu j'ai c'est pas est un une des du de pour avec moi toi mon ma \
mes ton ta tes nous vous il elle on ce ça ca qui que quoi comment pourquoi mais ou où oui non très \
tres trop bien suis es ai as fait aujourd'hui demain ici là rien plus encore déjà deja mdr stp merci \
bisous t'es jsuis chez dans sur au aux ne te me t'as d'accord ouais parce alors en j' c' qu' n' t' \
m' l' d' s' j'aime je t'aime vais va peux veux";
const IT: &str =
    "il lo la gli le e ma perché perche molto sono sei è io tu ti con te niente nulla \
già gia oggi ho hai ha voglio c'è qui questo quello anche bene per una un uno del della dei di da \
in nel nella al alla mi si ci non sì più piu quando dove ahah ahahah ahahah grazie ciao adesso ora \
tutto domani puoi andiamo vado senza me cosa come che mio mia tuo tua sto stai fa fatto allora poi \
dai va boh tvb l' un' dell' c' stasera ancora sempre";

type Fnv = BuildHasherDefault<FnvHasher>;

/// FNV-1a: a fast hash for the short keys of the word table.
#[derive(Default)]
pub struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

fn table() -> &'static HashMap<&'static str, u8, Fnv> {
    static TABLE: OnceLock<HashMap<&'static str, u8, Fnv>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t: HashMap<&'static str, u8, Fnv> = HashMap::default();
        for (bit, list) in [EN, ES, PT, DE, FR, IT].iter().enumerate() {
            for w in list.split_whitespace() {
                *t.entry(w).or_default() |= 1 << bit;
            }
        }
        t
    })
}

/// Longest word looked up, in bytes (the table's longest is "aujourd'hui").
const MAX_WORD: usize = 24;

/// `word` lower-cased into `out`, the typographic apostrophe as `'`; `None` when it does not
/// fit (lower-casing can lengthen a character, at most to three).
fn lower_case<'a>(word: &str, out: &'a mut [u8; 3 * MAX_WORD]) -> Option<&'a str> {
    let mut len = 0;
    for c in word.chars() {
        let lowered = if c == '’' { '\'' } else { c };
        for l in lowered.to_lowercase() {
            let n = l.len_utf8();
            if len + n > out.len() {
                return None;
            }
            l.encode_utf8(&mut out[len..len + n]);
            len += n;
        }
    }
    std::str::from_utf8(&out[..len]).ok()
}

/// Function-word hits per language of [`LANGS`] in `text`.
pub fn hits(text: &str) -> [u8; 6] {
    let table = table();
    let mut counts = [0u8; 6];
    let mut count = |w: &str| {
        if let Some(&mask) = table.get(w) {
            for (i, c) in counts.iter_mut().enumerate() {
                *c = c.saturating_add((mask >> i) & 1);
            }
        }
    };
    // Lower-cased words are built on the stack: nothing is allocated per message.
    let mut lowered = [0u8; 3 * MAX_WORD];
    for word in text.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')) {
        if word.is_empty() || word.len() > MAX_WORD {
            continue;
        }
        let lower: &str = if word.is_ascii() {
            // ASCII (most chat words): one byte each.
            for (d, b) in lowered.iter_mut().zip(word.bytes()) {
                *d = b.to_ascii_lowercase();
            }
            std::str::from_utf8(&lowered[..word.len()]).unwrap_or("")
        } else {
            match lower_case(word, &mut lowered) {
                Some(lower) => lower,
                None => continue,
            }
        };
        count(lower);
        // French and Italian elision: "j'ai" also counts as "j'", "l'amore" as "l'".
        if let Some(p) = lower.find('\'') {
            if p > 0 && p + 1 < lower.len() {
                count(&lower[..=p]);
            }
        }
    }
    counts
}

/// The message's language when the function words clearly say so: at least two hits for
/// the top language and more than any other. `None` for short or ambiguous messages.
pub fn detect(text: &str) -> Option<Lang> {
    detect_with_strength(text).map(|(l, _)| l)
}

/// [`detect`], and whether the evidence is strong enough to read the message in another
/// language than its conversation's (three hits or more, two ahead of any other language).
pub fn detect_with_strength(text: &str) -> Option<(Lang, bool)> {
    let counts = hits(text);
    let (best, &top) = counts
        .iter()
        .enumerate()
        .max_by_key(|(i, c)| (**c, usize::MAX - i))?;
    let second = counts
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != best)
        .map(|(_, c)| *c)
        .max()
        .unwrap_or(0);
    (top >= 2 && top > second).then_some((LANGS[best], top >= 3 && top >= second + 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_clear_messages_and_abstains_on_short_ones() {
        assert_eq!(detect("te echo de menos, estoy muy sola"), Some(Lang::ES));
        assert_eq!(
            detect("te echo de menos"),
            None,
            "te, de: Spanish, Portuguese or French"
        );
        assert_eq!(detect("não quero falar com você"), Some(Lang::PT));
        assert_eq!(detect("lass mich einfach, ich will nicht"), Some(Lang::DE));
        assert_eq!(detect("j'ai pas envie, c'est fini"), Some(Lang::FR));
        assert_eq!(detect("non ho voglia di parlare con te"), Some(Lang::IT));
        assert_eq!(detect("I don't want to talk about it"), Some(Lang::EN));
        for short in ["ok", "😂😂", "Maria?", "", "jaja"] {
            assert_eq!(detect(short), None, "{short}");
        }
    }
}
