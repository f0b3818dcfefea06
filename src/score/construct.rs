//! The construct set (`models/construct/`): chat messages labelled pull / neutral / push
//! under the guide in `docs/warmth.md`, with their split, sub-kind and the partner's
//! previous message, plus real corpus messages relabelled under the same guide (stored as
//! dataset, row id and label; their texts are read from `../shared/corpus/labeled/`).
//!
//! [`training_set`] is what training reads, for both scorers: every example with its split.

use super::labeled::Class;
use crate::error::{Error, Position, Result};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Which part of the data an example belongs to. Relabelled GoEmotions train rows are
/// `Train`; relabelled EmotionPush rows are `Test` (evaluation only: never trained on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// Trained on.
    Train,
    /// Used to choose settings (penalty, weights), never trained on.
    Dev,
    /// Held out for evaluation only.
    Test,
}

impl Split {
    /// Reads `train`, `dev` or `test`; `None` for anything else.
    pub fn parse(s: &str) -> Option<Split> {
        match s {
            "train" => Some(Split::Train),
            "dev" => Some(Split::Dev),
            "test" => Some(Split::Test),
            _ => None,
        }
    }
}

/// One labelled message.
#[derive(Debug, Clone, PartialEq)]
pub struct ConstructExample {
    /// `c0001` for the project's own messages, `goemotions/train:ID` or
    /// `emotionpush/dev:DIALOGUE:UTTERANCE` for relabelled corpus rows.
    pub id: String,
    /// Which part of the data it belongs to.
    pub split: Split,
    /// The gold class: warm (pull), neutral or cold (push).
    pub class: Class,
    /// The guide's sub-kind (`real` for relabelled corpus rows).
    pub subkind: String,
    /// The partner's previous message, when known.
    pub context: Option<String>,
    /// The message itself.
    pub text: String,
}

impl ConstructExample {
    /// The gold warmth: ±0.8 for pull and push, 0 for neutral, and 0.5 for the pursuing
    /// bid (a move toward contact, but not affection: `docs/warmth.md`).
    pub fn gold(&self) -> f64 {
        match (self.class, self.subkind.as_str()) {
            (Class::Warm, "pursuit") => 0.5,
            (Class::Warm, _) => 0.8,
            (Class::Neutral, _) => 0.0,
            (Class::Cold, _) => -0.8,
        }
    }
}

/// Everything training reads from `models/construct/`.
#[derive(Debug, Clone, Default)]
pub struct TrainingSet {
    /// Every example: the project's own and the relabelled corpus rows found.
    pub examples: Vec<ConstructExample>,
    /// Why the relabelled corpus rows are missing, when they are (the corpus is absent).
    pub relabeled_absent: Option<String>,
}

fn bad(path: &Path, line: usize, msg: impl Into<String>) -> Error {
    Error::input(path.display().to_string(), Some(Position::Line(line)), msg)
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path.display().to_string(), e))
}

/// The class of a label word.
pub fn parse_label(s: &str) -> Option<Class> {
    match s {
        "pull" => Some(Class::Warm),
        "neutral" => Some(Class::Neutral),
        "push" => Some(Class::Cold),
        _ => None,
    }
}

/// True for the header line of a construct set (`id split label subkind context text`).
pub fn is_construct_header(line: &str) -> bool {
    line.trim_end() == "id\tsplit\tlabel\tsubkind\tcontext\ttext"
}

/// True for the header line of a relabelled-rows file (`dataset row label`).
pub fn is_relabeled_header(line: &str) -> bool {
    line.trim_end() == "dataset\trow\tlabel"
}

/// Reads a construct set (`en.tsv`): every row, with a clear error naming the line of a
/// malformed one.
pub fn read_set(path: &Path) -> Result<Vec<ConstructExample>> {
    parse_set(path, &read(path)?)
}

/// Parses the text of a construct set already read from `path` (named in errors).
pub fn parse_set(path: &Path, text: &str) -> Result<Vec<ConstructExample>> {
    let mut lines = text.lines();
    if !lines.next().is_some_and(is_construct_header) {
        return Err(bad(
            path,
            1,
            "header must be id<TAB>split<TAB>label<TAB>subkind<TAB>context<TAB>text",
        ));
    }
    let mut out = Vec::new();
    for (i, line) in lines.enumerate() {
        let n = i + 2;
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() != 6 {
            return Err(bad(
                path,
                n,
                format!("expected 6 columns, found {}", f.len()),
            ));
        }
        let split = Split::parse(f[1]).ok_or_else(|| {
            bad(
                path,
                n,
                format!("split `{}` is not train, dev or test", f[1]),
            )
        })?;
        let class = parse_label(f[2]).ok_or_else(|| {
            bad(
                path,
                n,
                format!("label `{}` is not pull, neutral or push", f[2]),
            )
        })?;
        if f[5].trim().is_empty() {
            return Err(bad(path, n, "empty text"));
        }
        out.push(ConstructExample {
            id: f[0].to_string(),
            split,
            class,
            subkind: f[3].to_string(),
            context: (!f[4].trim().is_empty()).then(|| f[4].to_string()),
            text: f[5].to_string(),
        });
    }
    Ok(out)
}

/// One relabelled corpus row: which dataset, which row, our label.
#[derive(Debug, Clone, PartialEq)]
pub struct RelabeledRow {
    /// The dataset (`goemotions/train`, `emotionpush/dev`).
    pub dataset: String,
    /// The row's id in that dataset.
    pub row: String,
    /// Our label under the guide.
    pub class: Class,
    /// Line of the file it was read from (for errors).
    pub line: usize,
}

/// The datasets `relabeled.tsv` may name.
const RELABELED_DATASETS: [&str; 2] = ["goemotions/train", "emotionpush/dev"];

/// Reads `relabeled.tsv` (ids and labels only).
pub fn read_relabeled(path: &Path) -> Result<Vec<RelabeledRow>> {
    parse_relabeled(path, &read(path)?, &RELABELED_DATASETS)
}

/// Parses a file of `dataset<TAB>row<TAB>label` lines under that header (`relabeled.tsv`,
/// the validation pools) read from `path`, whose rows may name only `datasets`. Errors name
/// the file and line.
pub fn parse_relabeled(path: &Path, text: &str, datasets: &[&str]) -> Result<Vec<RelabeledRow>> {
    let mut lines = text.lines();
    if !lines.next().is_some_and(is_relabeled_header) {
        return Err(bad(path, 1, "header must be dataset<TAB>row<TAB>label"));
    }
    let mut out = Vec::new();
    for (i, line) in lines.enumerate() {
        let n = i + 2;
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let [dataset, row, label] = f[..] else {
            return Err(bad(
                path,
                n,
                format!("expected 3 columns, found {}", f.len()),
            ));
        };
        if !datasets.contains(&dataset) {
            return Err(bad(
                path,
                n,
                format!("dataset `{dataset}` is not {}", datasets.join(" or ")),
            ));
        }
        if row.trim().is_empty() {
            return Err(bad(path, n, "empty row id"));
        }
        let class = parse_label(label).ok_or_else(|| {
            bad(
                path,
                n,
                format!("label `{label}` is not pull, neutral or push"),
            )
        })?;
        out.push(RelabeledRow {
            dataset: dataset.to_string(),
            row: row.trim().to_string(),
            class,
            line: n,
        });
    }
    Ok(out)
}

/// GoEmotions train texts by comment id.
fn goemotions_texts(path: &Path) -> Result<HashMap<String, String>> {
    Ok(read(path)?
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            let text = f.next()?;
            let id = f.nth(1)?;
            Some((id.trim().to_string(), text.to_string()))
        })
        .collect())
}

fn field<'a>(x: &'a Value, k: &str) -> Option<&'a str> {
    x.get(k).and_then(Value::as_str).map(str::trim)
}

/// EmotionPush utterances by `dialogue:utterance`, each with the previous utterance when
/// another speaker wrote it.
fn emotionpush_texts(path: &Path) -> Result<HashMap<String, (Option<String>, String)>> {
    let v: Value =
        serde_json::from_str(&read(path)?).map_err(|e| bad(path, e.line(), e.to_string()))?;
    let mut out = HashMap::new();
    for (d, dialogue) in v
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let utterances = dialogue.as_array().map(Vec::as_slice).unwrap_or(&[]);
        for (u, utt) in utterances.iter().enumerate() {
            let text = field(utt, "utterance").unwrap_or("").to_string();
            let context = u
                .checked_sub(1)
                .map(|p| &utterances[p])
                .filter(|p| field(p, "speaker") != field(utt, "speaker"))
                .and_then(|p| field(p, "utterance"))
                .filter(|t| !t.is_empty())
                .map(str::to_string);
            out.insert(format!("{d}:{u}"), (context, text));
        }
    }
    Ok(out)
}

/// The relabelled rows with their texts from `corpus` (`../shared/corpus/labeled`):
/// `Ok(None)` when the corpus is absent, an error naming the row when a row is missing
/// from a corpus that is there.
pub fn relabeled_examples(path: &Path, corpus: &Path) -> Result<Option<Vec<ConstructExample>>> {
    let rows = read_relabeled(path)?;
    let ge_path = corpus.join("goemotions/train.tsv");
    let ep_path = corpus.join("emotionpush/dev.json");
    if !ge_path.is_file() || !ep_path.is_file() {
        return Ok(None);
    }
    let ge = goemotions_texts(&ge_path)?;
    let ep = emotionpush_texts(&ep_path)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let missing = || {
            bad(
                path,
                r.line,
                format!("row `{}` not found in {}", r.row, corpus.display()),
            )
        };
        let (split, context, text) = if r.dataset == "goemotions/train" {
            (
                Split::Train,
                None,
                ge.get(&r.row).ok_or_else(missing)?.clone(),
            )
        } else {
            let (c, t) = ep.get(&r.row).ok_or_else(missing)?;
            (Split::Test, c.clone(), t.clone())
        };
        out.push(ConstructExample {
            id: format!("{}:{}", r.dataset, r.row),
            split,
            class: r.class,
            subkind: "real".into(),
            context,
            text,
        });
    }
    Ok(Some(out))
}

/// The corpus folder holding GoEmotions and EmotionPush, looked for beside a construct
/// file: `../shared/corpus/labeled` from the project root, or from the working directory.
pub fn find_corpus(construct_file: &Path) -> PathBuf {
    let root = construct_file
        .parent()
        .and_then(Path::parent)
        .and_then(Path::parent)
        .unwrap_or(Path::new("."));
    let beside_root = root.join("../shared/corpus/labeled");
    if beside_root.is_dir() {
        beside_root
    } else {
        PathBuf::from("../shared/corpus/labeled")
    }
}

/// The construct set `dir/en.tsv` and the relabelled rows `dir/relabeled.tsv` (texts from
/// `corpus`), every example with its split. When the corpus is absent the relabelled rows
/// are left out and [`TrainingSet::relabeled_absent`] says so.
pub fn training_set(dir: &Path, corpus: &Path) -> Result<TrainingSet> {
    let mut examples = read_set(&dir.join("en.tsv"))?;
    let relabeled = dir.join("relabeled.tsv");
    let mut relabeled_absent = None;
    match relabeled_examples(&relabeled, corpus)? {
        Some(rows) => examples.extend(rows),
        None => {
            relabeled_absent = Some(format!(
                "{} not read: the corpus ({}) is absent",
                relabeled.display(),
                corpus.display()
            ))
        }
    }
    Ok(TrainingSet {
        examples,
        relabeled_absent,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn temp_file(name: &str, content: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("pushpull-construct-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, content).unwrap();
        p
    }

    #[test]
    fn reads_rows_and_names_the_bad_line() {
        let head = "id\tsplit\tlabel\tsubkind\tcontext\ttext\n";
        let p = temp_file(
            "ok.tsv",
            &format!(
                "{head}c1\ttrain\tpush\tcurt\tlove you\tk\nc2\ttest\tpull\tpursuit\t\thello??\n"
            ),
        );
        let rows = read_set(&p).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].context.as_deref(), Some("love you"));
        assert_eq!((rows[0].split, rows[0].class), (Split::Train, Class::Cold));
        assert_eq!(rows[1].context, None);
        assert_eq!(rows[1].gold(), 0.5);
        assert_eq!(rows[0].gold(), -0.8);
        let p = temp_file(
            "bad.tsv",
            &format!("{head}c1\ttrain\tpush\tcurt\t\tk\nc2\ttrain\twarm\taffection\t\thi\n"),
        );
        let e = read_set(&p).unwrap_err().to_string();
        assert!(e.contains("line 3") && e.contains("`warm`"), "{e}");
        let p = temp_file("cols.tsv", &format!("{head}c1\ttrain\tpush\tk\n"));
        assert!(read_set(&p).unwrap_err().to_string().contains("6 columns"));
        let p = temp_file("relabel.tsv", "dataset\trow\tlabel\nreddit\tx\tpush\n");
        let e = read_relabeled(&p).unwrap_err().to_string();
        assert!(e.contains("line 2") && e.contains("reddit"), "{e}");
    }

    #[test]
    fn relabeled_rows_without_the_corpus_are_reported_absent() {
        let p = temp_file(
            "rows.tsv",
            "dataset\trow\tlabel\ngoemotions/train\tabc\tpull\n",
        );
        let missing = std::env::temp_dir().join("pushpull-no-such-corpus");
        assert_eq!(relabeled_examples(&p, &missing).unwrap(), None);
    }

    fn shipped() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("models/construct")
    }

    fn words(t: &str) -> HashSet<String> {
        t.to_lowercase()
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// The shipped set is what its README says: balanced dev and test splits, a train split
    /// leaning neutral, the curt replies with their context, and no test message a near-copy
    /// of a training or dev one.
    #[test]
    fn shipped_set_is_balanced_and_its_test_split_is_not_copied_from_train() {
        let rows = read_set(&shipped().join("en.tsv")).unwrap();
        assert!(rows.len() >= 1500, "{}", rows.len());
        // The dev and test splits are balanced (each class at least a quarter); the train
        // split leans neutral, as real chat does, but keeps a fifth of each class.
        for split in [Split::Train, Split::Dev, Split::Test] {
            let in_split: Vec<&ConstructExample> =
                rows.iter().filter(|r| r.split == split).collect();
            assert!(in_split.len() >= 200, "{split:?}: {}", in_split.len());
            let parts = if split == Split::Train { 5 } else { 4 };
            for class in [Class::Warm, Class::Neutral, Class::Cold] {
                let n = in_split.iter().filter(|r| r.class == class).count();
                assert!(n * parts >= in_split.len(), "{split:?} {class:?}: {n}");
            }
        }
        assert!(rows
            .iter()
            .filter(|r| r.subkind == "curt" || r.subkind == "ack")
            .all(|r| r.context.is_some()));
        let ids: HashSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), rows.len(), "ids are unique");
        // The dev split chooses the settings, so it must not copy the test split either.
        let train: Vec<HashSet<String>> = rows
            .iter()
            .filter(|r| r.split != Split::Test)
            .map(|r| words(&r.text))
            .collect();
        for r in rows
            .iter()
            .filter(|r| r.split == Split::Test && r.context.is_none())
        {
            let a = words(&r.text);
            for b in &train {
                let shared = a.intersection(b).count();
                let jaccard = shared as f64 / a.union(b).count().max(1) as f64;
                assert!(
                    jaccard < 0.75,
                    "test {:?} copies a training or dev message",
                    r.text
                );
            }
        }
    }

    /// The pools file (`models/construct/pools.tsv`: GoEmotions test and EmotionPush dev
    /// rows, labelled for the realistic scenarios' text) is never trained on: no example
    /// training may read (train or dev split) is one of its rows.
    #[test]
    fn no_trainable_example_is_a_pools_row() {
        let pools = crate::synth::pools::PoolLabels::read(&shipped().join("pools.tsv")).unwrap();
        assert!(pools.len() >= 1000, "{}", pools.len());
        let corpus = find_corpus(&shipped().join("en.tsv"));
        let set = training_set(&shipped(), &corpus).unwrap();
        for e in set.examples.iter().filter(|e| e.split != Split::Test) {
            let (dataset, row) = e.id.split_once(':').unwrap_or(("", &e.id));
            assert_eq!(pools.label(dataset, row), None, "{} is trained on", e.id);
            assert!(!e.id.starts_with("goemotions/test"), "{}", e.id);
        }
    }

    /// `emotionpush-dev.tsv` labels every EmotionPush dev utterance under the construct (an
    /// evaluation set for real chat): each row once, EmotionPush only, and the same label as
    /// `relabeled.tsv` and `pools.tsv` give the rows they share with it.
    #[test]
    fn emotionpush_construct_labels_agree_with_the_other_files() {
        let all = read_relabeled(&shipped().join("emotionpush-dev.tsv")).unwrap();
        assert!(all.len() >= 1200, "{}", all.len());
        assert!(all.iter().all(|r| r.dataset == "emotionpush/dev"));
        let ids: HashSet<&str> = all.iter().map(|r| r.row.as_str()).collect();
        assert_eq!(ids.len(), all.len(), "each utterance once");
        let pools = crate::synth::pools::PoolLabels::read(&shipped().join("pools.tsv")).unwrap();
        let relabeled = read_relabeled(&shipped().join("relabeled.tsv")).unwrap();
        let mut shared = 0;
        for r in &all {
            let mut others = relabeled
                .iter()
                .filter(|o| o.dataset == r.dataset && o.row == r.row)
                .map(|o| o.class)
                .chain(pools.label(&r.dataset, &r.row));
            if let Some(other) = others.next() {
                shared += 1;
                assert_eq!(other, r.class, "{} {}", r.dataset, r.row);
                assert!(others.all(|o| o == r.class), "{} {}", r.dataset, r.row);
            }
        }
        assert!(shared >= 300, "{shared}");
    }

    #[test]
    #[ignore = "needs ../shared/corpus"]
    fn shipped_relabeled_rows_are_found_in_the_corpus() {
        let corpus = find_corpus(&shipped().join("en.tsv"));
        let set = training_set(&shipped(), &corpus).unwrap();
        assert_eq!(set.relabeled_absent, None, "the relabelled rows are read");
        let real: Vec<&ConstructExample> = set
            .examples
            .iter()
            .filter(|e| e.subkind == "real")
            .collect();
        assert!(real.len() >= 300, "{}", real.len());
        // EmotionPush rows are evaluation only.
        assert!(real
            .iter()
            .filter(|e| e.id.starts_with("emotionpush/"))
            .all(|e| e.split == Split::Test));
        assert!(real.iter().all(|e| !e.text.trim().is_empty()));
    }

    #[test]
    #[ignore = "needs ../shared/corpus"]
    fn emotionpush_construct_labels_cover_every_utterance() {
        let path = shipped().join("emotionpush-dev.tsv");
        let corpus = find_corpus(&shipped().join("en.tsv"));
        let rows = relabeled_examples(&path, &corpus).unwrap().expect("corpus");
        let utterances = emotionpush_texts(&corpus.join("emotionpush/dev.json")).unwrap();
        let spoken = utterances.values().filter(|(_, t)| !t.is_empty()).count();
        assert_eq!(rows.len(), spoken);
        assert!(rows
            .iter()
            .all(|e| e.split == Split::Test && !e.text.is_empty()));
    }
}
