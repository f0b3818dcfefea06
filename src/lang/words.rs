//! A cheap per-message language detector for the languages whose warmth is read (English,
//! Spanish, Portuguese, German, French, Italian): it counts the message's function words
//! ("the", "que", "você", "nicht", "c'est", "perché"...) per language and names the
//! language with clearly the most. A few hash look-ups per message, so it runs on every
//! message; it abstains on messages without enough function words ("ok", "😂", "Maria?").

use super::Lang;
use std::hash::Hasher;
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

/// A lower-cased word as an integer: its UTF-8 bytes packed while it has at most eight (no
/// word holds a zero byte, so two such words never share a key), a 64-bit hash of the
/// rest beyond that (only "aujourd'hui" in the table; a false match would take a hash
/// collision).
type Key = u64;
/// Slots of the open-addressing word table (a power of two, about four times the words).
const SLOTS: usize = 2048;

/// `key` with `byte` appended (`len`: the bytes already in it).
#[inline(always)]
fn push_key(key: Key, len: usize, byte: u8) -> Key {
    if len < 8 {
        (key << 8) | Key::from(byte)
    } else {
        (key ^ Key::from(byte)).wrapping_mul(0x0100_0000_01b3)
    }
}

/// The function words as keys with their language bits, looked up by linear probing.
struct Table {
    keys: Vec<Key>,
    masks: Vec<u8>,
}

impl Table {
    fn slot(key: Key) -> usize {
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize
    }

    #[inline(always)]
    fn get(&self, key: Key) -> u8 {
        let mut i = Self::slot(key);
        loop {
            match self.keys[i] {
                0 => return 0,
                k if k == key => return self.masks[i],
                _ => i = (i + 1) & (SLOTS - 1),
            }
        }
    }

    fn add(&mut self, key: Key, bit: u8) {
        let mut i = Self::slot(key);
        while self.keys[i] != 0 && self.keys[i] != key {
            i = (i + 1) & (SLOTS - 1);
        }
        self.keys[i] = key;
        self.masks[i] |= bit;
    }
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table {
            keys: vec![0; SLOTS],
            masks: vec![0; SLOTS],
        };
        for (bit, list) in [EN, ES, PT, DE, FR, IT].iter().enumerate() {
            for w in list.split_whitespace() {
                let key = w.bytes().enumerate().fold(0, |k, (n, b)| push_key(k, n, b));
                t.add(key, 1 << bit);
            }
        }
        t
    })
}

/// Words longer than this (bytes of the original text) are skipped, elision included.
const MAX_WORD: usize = 24;

/// The word being read. Plain locals in [`hits`] (a struct behind a closure lives in
/// memory and stalls on every byte).
#[derive(Clone, Copy, Default)]
struct Word {
    key: Key,
    /// Bytes in `key`.
    len: usize,
    /// Bytes of the original text.
    source: usize,
    /// Holds a letter outside ASCII and Latin-1, so is no function word.
    spoilt: bool,
    /// Key of "j'" in "j'ai" once the first apostrophe is read (0: none, or it came first).
    elided: Key,
    /// Something follows the first apostrophe.
    after_apostrophe: bool,
    /// An apostrophe was read.
    apostrophe: bool,
}

impl Word {
    #[inline(always)]
    fn letter(&mut self, byte: u8) {
        self.after_apostrophe |= self.apostrophe;
        self.key = push_key(self.key, self.len, byte);
        self.len += 1;
    }

    #[inline(always)]
    fn apostrophe(&mut self) {
        self.after_apostrophe |= self.apostrophe;
        self.key = push_key(self.key, self.len, b'\'');
        self.len += 1;
        if !self.apostrophe && self.len > 1 && !self.spoilt {
            self.elided = self.key;
        }
        self.apostrophe = true;
    }
}

#[inline(always)]
fn tally(counts: &mut [u8; 6], mask: u8) {
    if mask != 0 {
        for (i, c) in counts.iter_mut().enumerate() {
            *c = c.saturating_add((mask >> i) & 1);
        }
    }
}

/// Function-word hits per language of [`LANGS`] in `text`: one pass over the bytes, each
/// word lower-cased into an integer key on the way (ASCII and Latin-1 letters; a word with
/// any other letter is no function word) and looked up in an open-addressing table.
pub fn hits(text: &str) -> [u8; 6] {
    let table = table();
    let mut counts = [0u8; 6];
    let bytes = text.as_bytes();
    let mut w = Word::default();
    let mut i = 0;
    // One past the end reads as a space, which ends the last word.
    while i <= bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(b' ');
        if b < 0x80 {
            i += 1;
            if b.is_ascii_alphanumeric() {
                w.letter(b.to_ascii_lowercase());
                w.source += 1;
                continue;
            }
            if b == b'\'' {
                w.apostrophe();
                w.source += 1;
                continue;
            }
        } else {
            let c = text[i..].chars().next().unwrap_or_default();
            i += c.len_utf8();
            let in_word = match c {
                '’' => {
                    w.apostrophe();
                    true
                }
                // Latin-1 letters (not × or ÷): lower case is upper case plus 0x20, two
                // bytes in UTF-8 (0xC3 and the low six bits over 0x80).
                'À'..='ÿ' if c != '×' && c != '÷' => {
                    let lower = if c <= 'Þ' { c as u32 + 0x20 } else { c as u32 };
                    w.letter(0xC3);
                    w.letter(0x80 | (lower & 0x3F) as u8);
                    true
                }
                _ if c.is_alphanumeric() => {
                    w.after_apostrophe |= w.apostrophe;
                    w.spoilt = true;
                    true
                }
                _ => false,
            };
            if in_word {
                w.source += c.len_utf8();
                continue;
            }
        }
        // A separator: the word ends.
        if w.source > 0 && w.source <= MAX_WORD {
            if !w.spoilt {
                tally(&mut counts, table.get(w.key));
            }
            // French and Italian elision: "j'ai" also counts as "j'", "l'amore" as "l'".
            if w.elided != 0 && w.after_apostrophe {
                tally(&mut counts, table.get(w.elided));
            }
        }
        w = Word::default();
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
    verdict(hits(text))
}

/// [`detect_with_strength`] from the hits [`hits`] counted.
pub fn verdict(counts: [u8; 6]) -> Option<(Lang, bool)> {
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
