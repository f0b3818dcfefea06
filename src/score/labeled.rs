//! Reading human-labelled text with a gold warmth: a plain TSV (`text<TAB>gold_warmth`,
//! optional `class`), GoEmotions TSV (`text<TAB>label ids<TAB>id`, gold from the label →
//! warmth mapping) and EmotionPush JSON (gold from the mapping and the 5 annotator votes),
//! and the construct set's files (`construct`), optionally one split of them.
//! Used by `train` and `eval`.

use super::construct::{self, ConstructExample, Split};
use crate::error::{Error, Position, Result};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Warm / neutral / cold, for macro-F1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Warmth ≥ 0.25 (pull).
    Warm,
    /// Between the two thresholds.
    Neutral,
    /// Warmth ≤ −0.25 (push).
    Cold,
}

impl Class {
    /// The class of a warmth: warm ≥ 0.25, cold ≤ −0.25.
    pub fn of(w: f64) -> Class {
        if w >= 0.25 {
            Class::Warm
        } else if w <= -0.25 {
            Class::Cold
        } else {
            Class::Neutral
        }
    }

    /// Position in pull, neutral, push order (rows and columns of the confusion matrix).
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One labelled message.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The row's id in its file, when it has one: the GoEmotions comment id, the
    /// EmotionPush `dialogue:utterance` (0-based), the construct set's id.
    pub id: Option<String>,
    /// The message text.
    pub text: String,
    /// The gold warmth (−1..1).
    pub gold: f64,
    /// A class given in the file, overriding the thresholds.
    pub class: Option<Class>,
    /// The partner's previous message, when the file gives it (construct set).
    pub context: Option<String>,
}

/// A labelled file: its examples and how many rows had an empty text.
#[derive(Debug, Clone, Default)]
pub struct Labeled {
    /// The examples with a text, in file order.
    pub examples: Vec<Example>,
    /// Rows left out because their text was empty.
    pub skipped_empty: usize,
    /// True for the construct set's files, the only ones with a split column.
    pub has_splits: bool,
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| Error::io(path.display().to_string(), e))
}

fn bad(path: &Path, pos: Option<Position>, msg: impl Into<String>) -> Error {
    Error::input(path.display().to_string(), pos, msg)
}

/// The mapping file: `warmth_mapping.json` next to `path` or one folder up, unless given.
pub fn find_mapping(path: &Path, given: Option<&Path>) -> Result<PathBuf> {
    if let Some(g) = given {
        return Ok(g.to_path_buf());
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    for candidate in [
        dir.join("warmth_mapping.json"),
        dir.join("../warmth_mapping.json"),
    ] {
        if candidate.is_file() {
            return Ok(candidate);
        }
    }
    Err(bad(
        path,
        None,
        "needs warmth_mapping.json (next to it or one folder up, or --mapping FILE)",
    ))
}

fn mapping_section(mapping: &Path, section: &str) -> Result<serde_json::Map<String, Value>> {
    let v: Value = serde_json::from_str(&read(mapping)?)
        .map_err(|e| bad(mapping, Some(Position::Line(e.line())), e.to_string()))?;
    v.get(section)
        .and_then(Value::as_object)
        .cloned()
        .ok_or_else(|| bad(mapping, None, format!("no `{section}` section")))
}

/// Reads any supported labelled file, choosing the reader by content.
pub fn load(path: &Path, mapping: Option<&Path>) -> Result<Labeled> {
    load_split(path, mapping, None)
}

/// Like [`load`], keeping only the rows of `split` in a construct-set file (other files
/// have no splits and are read whole).
pub fn load_split(path: &Path, mapping: Option<&Path>, split: Option<Split>) -> Result<Labeled> {
    let text = read(path)?;
    let first_line = text.lines().next().unwrap_or("");
    if construct::is_construct_header(first_line) {
        return Ok(from_construct(construct::parse_set(path, &text)?, split));
    }
    if construct::is_relabeled_header(first_line) {
        let corpus = match mapping {
            Some(m) => m.parent().unwrap_or(Path::new(".")).to_path_buf(),
            None => construct::find_corpus(path),
        };
        let rows = construct::relabeled_examples(path, &corpus)?.ok_or_else(|| {
            bad(
                path,
                None,
                format!(
                    "its texts are read from the corpus, which is absent ({})",
                    corpus.display()
                ),
            )
        })?;
        return Ok(from_construct(rows, split));
    }
    let head = text.trim_start();
    if head.starts_with('[') {
        return emotionpush(path, &text, &find_mapping(path, mapping)?);
    }
    let cols: Vec<&str> = first_line.split('\t').collect();
    if cols.first().map(|c| c.trim()) == Some("text") {
        return plain_tsv(path, &text);
    }
    if cols.len() == 3
        && !cols[1].is_empty()
        && cols[1].bytes().all(|b| b.is_ascii_digit() || b == b',')
    {
        return goemotions(path, &text, &find_mapping(path, mapping)?);
    }
    Err(bad(
        path,
        Some(Position::Line(1)),
        "not a labelled file: expected a TSV with header text<TAB>gold_warmth, GoEmotions TSV or EmotionPush JSON",
    ))
}

fn from_construct(rows: Vec<ConstructExample>, split: Option<Split>) -> Labeled {
    Labeled {
        examples: rows
            .into_iter()
            .filter(|e| split.is_none_or(|s| s == e.split))
            .map(|e| Example {
                gold: e.gold(),
                id: Some(e.id.clone()),
                class: Some(e.class),
                context: e.context,
                text: e.text,
            })
            .collect(),
        skipped_empty: 0,
        has_splits: true,
    }
}

fn plain_tsv(path: &Path, text: &str) -> Result<Labeled> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .unwrap_or("")
        .split('\t')
        .map(str::trim)
        .collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let (t, g) = match (col("text"), col("gold_warmth")) {
        (Some(t), Some(g)) => (t, g),
        _ => {
            return Err(bad(
                path,
                Some(Position::Line(1)),
                "header must name text and gold_warmth",
            ))
        }
    };
    let c = col("class");
    let mut out = Labeled::default();
    for (i, line) in lines.enumerate() {
        let n = i + 2;
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let text = f.get(t).copied().unwrap_or("").trim();
        if text.is_empty() {
            out.skipped_empty += 1;
            continue;
        }
        let gold: f64 = f
            .get(g)
            .and_then(|v| v.trim().parse().ok())
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| bad(path, Some(Position::Line(n)), "gold_warmth is not a number"))?;
        let class = match c.and_then(|c| f.get(c)).map(|v| v.trim().to_lowercase()) {
            None => None,
            Some(v) if v.is_empty() => None,
            Some(v) => Some(match v.as_str() {
                "warm" => Class::Warm,
                "neutral" => Class::Neutral,
                "cold" => Class::Cold,
                _ => {
                    return Err(bad(
                        path,
                        Some(Position::Line(n)),
                        format!("class `{v}` is not warm, neutral or cold"),
                    ))
                }
            }),
        };
        out.examples.push(Example {
            id: None,
            text: text.to_string(),
            gold,
            class,
            context: None,
        });
    }
    Ok(out)
}

/// GoEmotions: label ids index `labels.txt` in the same folder.
fn goemotions(path: &Path, text: &str, mapping: &Path) -> Result<Labeled> {
    let labels_path = path.parent().unwrap_or(Path::new(".")).join("labels.txt");
    let labels: Vec<String> = read(&labels_path)?
        .lines()
        .map(|l| l.trim().to_string())
        .collect();
    let map = mapping_section(mapping, "goemotions")?;
    let weight: Vec<Option<f64>> = labels
        .iter()
        .map(|l| map.get(l).and_then(Value::as_f64))
        .collect();
    let mut out = Labeled::default();
    for (i, line) in text.lines().enumerate() {
        let n = i + 1;
        let mut f = line.split('\t');
        let (Some(t), Some(ids), row) = (f.next(), f.next(), f.next()) else {
            return Err(bad(
                path,
                Some(Position::Line(n)),
                "expected text<TAB>label ids<TAB>id",
            ));
        };
        if t.trim().is_empty() {
            out.skipped_empty += 1;
            continue;
        }
        let mut sum = 0.0;
        let mut count = 0.0;
        for id in ids.split(',') {
            let k: usize = id
                .trim()
                .parse()
                .map_err(|_| bad(path, Some(Position::Line(n)), format!("label id `{id}`")))?;
            if let Some(Some(w)) = weight.get(k) {
                sum += w;
                count += 1.0;
            }
        }
        if count > 0.0 {
            out.examples.push(Example {
                id: row.map(|r| r.trim().to_string()),
                text: t.to_string(),
                gold: sum / count,
                class: None,
                context: None,
            });
        }
    }
    Ok(out)
}

/// EmotionPush: dialogues of utterances whose `annotation` holds 7 vote counts in the
/// mapping's `_annotation_vote_order`.
fn emotionpush(path: &Path, text: &str, mapping: &Path) -> Result<Labeled> {
    let map = mapping_section(mapping, "emotionlines_meld_ekman")?;
    let order: Vec<String> = map
        .get("_annotation_vote_order")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .ok_or_else(|| bad(mapping, None, "no _annotation_vote_order"))?;
    let weights: Vec<Option<f64>> = order
        .iter()
        .map(|l| map.get(l).and_then(Value::as_f64))
        .collect();
    let v: Value = serde_json::from_str(text)
        .map_err(|e| bad(path, Some(Position::Line(e.line())), e.to_string()))?;
    let dialogues = v
        .as_array()
        .ok_or_else(|| bad(path, None, "expected a list of dialogues"))?;
    let mut out = Labeled::default();
    for (d, dialogue) in dialogues.iter().enumerate() {
        for (ui, u) in dialogue
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .enumerate()
        {
            let t = u
                .get("utterance")
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim();
            if t.is_empty() {
                out.skipped_empty += 1;
                continue;
            }
            let votes = u.get("annotation").and_then(Value::as_str).unwrap_or("");
            let (mut sum, mut count) = (0.0, 0.0);
            for (k, ch) in votes.chars().enumerate() {
                let n = f64::from(ch.to_digit(10).ok_or_else(|| {
                    bad(
                        path,
                        Some(Position::Record(d + 1)),
                        format!("annotation `{votes}`"),
                    )
                })?);
                if let Some(Some(w)) = weights.get(k) {
                    sum += n * w;
                    count += n;
                }
            }
            if count > 0.0 {
                out.examples.push(Example {
                    id: Some(format!("{d}:{ui}")),
                    text: t.to_string(),
                    gold: sum / count,
                    class: None,
                    context: None,
                });
            }
        }
    }
    Ok(out)
}
