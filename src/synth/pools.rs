//! The pools file (`models/construct/pools.tsv`): held-out corpus utterances labelled pull /
//! neutral / push by this project under `docs/warmth.md`, stored as ids and labels only
//! (`dataset<TAB>row<TAB>label`; the texts stay in `../shared/corpus/labeled/`).
//!
//! The realistic scenarios draw their warm and cold text from utterances both labellings
//! agree on: the emotion → warmth mapping and this one ([`super::utterances`]). The rows are
//! GoEmotions test comments (`row` = the comment id) and EmotionPush dev utterances (`row` =
//! `dialogue:utterance`, 0-based): evaluation sets, so nothing trains on this file.

use crate::error::{Error, Position, Result};
use crate::score::construct::parse_relabeled;
use crate::score::labeled::Class;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Where the pools file sits in the repository.
pub const FILE: &str = "models/construct/pools.tsv";

/// The datasets a pools row may name: the realistic scenarios' sources, in the order of
/// [`super::utterances::SOURCES`].
pub const DATASETS: [&str; 2] = ["goemotions/test", "emotionpush/dev"];

/// The pools file: `models/construct/pools.tsv` under the working folder when it is there,
/// else the source tree's.
pub fn default_file() -> PathBuf {
    let here = PathBuf::from(FILE);
    if here.is_file() {
        here
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(FILE)
    }
}

/// The labels of a pools file, by dataset and row id.
#[derive(Debug, Clone, Default)]
pub struct PoolLabels {
    path: PathBuf,
    /// `(dataset, row)` → (label, line in the file).
    rows: HashMap<(String, String), (Class, usize)>,
}

fn bad(path: &Path, line: usize, msg: impl Into<String>) -> Error {
    Error::input(path.display().to_string(), Some(Position::Line(line)), msg)
}

impl PoolLabels {
    /// Reads the pools file at `path`; a missing file is an error that names it and the
    /// way round it (`--pools emotion`).
    pub fn read(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::input(
                path.display().to_string(),
                None,
                format!(
                    "cannot read the pools file ({e}); it holds the pull/push labels the \
                     realistic text is drawn with (or choose --pools emotion)"
                ),
            )
        })?;
        Self::parse(path, &text)
    }

    /// Parses the text of a pools file read from `path` (named in errors, with the line).
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        let mut rows = HashMap::new();
        for r in parse_relabeled(path, text, &DATASETS)? {
            if let Some((_, first)) = rows.insert((r.dataset, r.row), (r.class, r.line)) {
                return Err(bad(path, r.line, format!("the same row as line {first}")));
            }
        }
        Ok(PoolLabels {
            path: path.to_path_buf(),
            rows,
        })
    }

    /// The label of `row` in `dataset`, when the file has one.
    pub fn label(&self, dataset: &str, row: &str) -> Option<Class> {
        self.rows
            .get(&(dataset.to_string(), row.to_string()))
            .map(|&(class, _)| class)
    }

    /// Number of labelled rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when the file has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The file the labels were read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Fails on the first row (by line) that is not among `found` (the `(dataset, row)`
    /// ids the corpus holds), naming its line: a label for an utterance that is not there.
    pub fn check_found(&self, found: &HashSet<(String, String)>, corpus: &Path) -> Result<()> {
        let missing = self
            .rows
            .iter()
            .filter(|(key, _)| !found.contains(*key))
            .min_by_key(|(_, &(_, line))| line);
        match missing {
            None => Ok(()),
            Some(((dataset, row), &(_, line))) => Err(bad(
                &self.path,
                line,
                format!("row `{row}` of {dataset} not found in {}", corpus.display()),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "dataset\trow\tlabel\n";

    fn parse(body: &str) -> Result<PoolLabels> {
        PoolLabels::parse(Path::new("pools.tsv"), &format!("{HEAD}{body}"))
    }

    #[test]
    fn rows_are_read_by_dataset_and_id() {
        let p = parse("goemotions/test\tabc\tpush\nemotionpush/dev\t3:4\tpull\n").unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p.label("goemotions/test", "abc"), Some(Class::Cold));
        assert_eq!(p.label("emotionpush/dev", "3:4"), Some(Class::Warm));
        assert_eq!(p.label("emotionpush/dev", "abc"), None);
    }

    #[test]
    fn bad_lines_are_errors_naming_file_and_line() {
        let cases = [
            (
                "goemotions/test\tabc\tpush\ngoemotions/test\tx\twarm\n",
                3,
                "label `warm`",
            ),
            ("goemotions/test\tabc\n", 2, "expected 3 columns"),
            (
                "goemotions/train\tabc\tpush\n",
                2,
                "dataset `goemotions/train`",
            ),
            (
                "goemotions/test\tabc\tpush\n\ngoemotions/test\tabc\tpull\n",
                4,
                "line 2",
            ),
        ];
        for (body, line, what) in cases {
            let e = parse(body).unwrap_err().to_string();
            assert!(
                e.contains("pools.tsv") && e.contains(&format!("line {line}")),
                "{e}"
            );
            assert!(e.contains(what), "{e}");
        }
        let e = PoolLabels::parse(Path::new("pools.tsv"), "id\tlabel\n").unwrap_err();
        assert!(e.to_string().contains("header"), "{e}");
    }

    #[test]
    fn a_missing_file_is_named() {
        let e = PoolLabels::read(Path::new("/nonexistent/pools.tsv")).unwrap_err();
        let e = e.to_string();
        assert!(
            e.contains("/nonexistent/pools.tsv") && e.contains("--pools emotion"),
            "{e}"
        );
    }

    #[test]
    fn rows_missing_from_the_corpus_are_named_by_line() {
        let p = parse("goemotions/test\ta\tpush\ngoemotions/test\tb\tpull\n").unwrap();
        let mut found = HashSet::from([("goemotions/test".to_string(), "a".to_string())]);
        let e = p.check_found(&found, Path::new("corpus")).unwrap_err();
        assert!(
            e.to_string().contains("line 3") && e.to_string().contains("`b`"),
            "{e}"
        );
        found.insert(("goemotions/test".to_string(), "b".to_string()));
        assert!(p.check_found(&found, Path::new("corpus")).is_ok());
    }
}
