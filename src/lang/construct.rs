//! Reading a construct set (`models/construct/<lang>.tsv`): messages written and labelled
//! by this project, one per line, `split<TAB>label<TAB>subkind<TAB>context<TAB>text`
//! (a `gold_warmth` column may follow; it is derived from the label). The labelling guide
//! is docs/warmth.md.

use crate::error::{Error, Position, Result};
use crate::score::labeled::Class;
use std::path::Path;

/// One labelled message.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub split: String,
    pub class: Class,
    pub subkind: String,
    /// The partner's previous message, when given.
    pub context: String,
    pub text: String,
}

impl Item {
    /// Gold warmth of the label: pull +1, neutral 0, push −1.
    pub fn gold(&self) -> f64 {
        match self.class {
            Class::Warm => 1.0,
            Class::Neutral => 0.0,
            Class::Cold => -1.0,
        }
    }
}

/// Whether a file's first line is a construct-set header.
pub fn is_construct_header(first_line: &str) -> bool {
    let cols: Vec<&str> = first_line.split('\t').map(str::trim).collect();
    cols.first() == Some(&"split") && cols.contains(&"label") && cols.contains(&"text")
}

/// Reads every item of a construct set.
pub fn load(path: &Path) -> Result<Vec<Item>> {
    let display = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(&display, e))?;
    let bad = |line: usize, msg: String| Error::input(&display, Some(Position::Line(line)), msg);
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .unwrap_or("")
        .split('\t')
        .map(str::trim)
        .collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let (Some(s), Some(l), Some(t)) = (col("split"), col("label"), col("text")) else {
        return Err(bad(1, "header must name split, label and text".into()));
    };
    let (k, c) = (col("subkind"), col("context"));
    let mut items = Vec::new();
    for (i, line) in lines.enumerate() {
        let n = i + 2;
        if line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        let get = |i: Option<usize>| i.and_then(|i| f.get(i)).map_or("", |v| v.trim());
        let class = match get(Some(l)) {
            "pull" => Class::Warm,
            "neutral" => Class::Neutral,
            "push" => Class::Cold,
            other => {
                return Err(bad(
                    n,
                    format!("label `{other}` is not pull, neutral or push"),
                ))
            }
        };
        let split = get(Some(s));
        if !matches!(split, "train" | "dev" | "test") {
            return Err(bad(n, format!("split `{split}` is not train, dev or test")));
        }
        let text = get(Some(t));
        if text.is_empty() {
            return Err(bad(n, "empty text".into()));
        }
        items.push(Item {
            split: split.to_string(),
            class,
            subkind: get(k).to_string(),
            context: get(c).to_string(),
            text: text.to_string(),
        });
    }
    Ok(items)
}
