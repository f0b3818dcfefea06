//! A language's construct set (`models/construct/<lang>.tsv`, the same format as `en.tsv`:
//! `id split label subkind context text`) as the non-English model's training reads it. The
//! labelling guide is docs/warmth.md.

use crate::error::Result;
use crate::score::construct::{self, Split};
use crate::score::labeled::Class;
use std::path::Path;

/// One labelled message.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// `train`, `dev` or `test`, as written in the file.
    pub split: String,
    /// The gold class: warm (pull), neutral or cold (push).
    pub class: Class,
    /// The labelling guide's sub-kind (`pursuit`, `distancing`, `real`...).
    pub subkind: String,
    /// The partner's previous message, when given.
    pub context: String,
    /// The message itself.
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

/// Reads every item of a construct set (the one format of `models/construct/`, read by
/// [`crate::score::construct::read_set`]).
pub fn load(path: &Path) -> Result<Vec<Item>> {
    Ok(construct::read_set(path)?
        .into_iter()
        .map(|e| Item {
            split: match e.split {
                Split::Train => "train",
                Split::Dev => "dev",
                Split::Test => "test",
            }
            .to_string(),
            class: e.class,
            subkind: e.subkind,
            context: e.context.unwrap_or_default(),
            text: e.text,
        })
        .collect())
}
