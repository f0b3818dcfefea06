//! Training the bert scorer's warmth head on the project's construct sets, for a multilingual
//! encoder (`pushpull train --scorer bert --model-dir DIR --data models/construct`): the
//! frozen encoder embeds the chat-style messages of `en`, `es`, `pt`, `de`, `fr` and `it`
//! (`<lang>.tsv`, labelled pull / neutral / push), a ridge head is fitted on every language's
//! train split together, its penalty and calibration chosen on the dev splits, and each
//! language's test split is measured on its own.
//!
//! The encoder is not bias-tuned here: ~1,300 training messages are too few to move it
//! without overfitting, and the ridge head alone needs no gradient. The English head
//! (`models/bert-head.json`) comes from GoEmotions instead ([`super::bert_train`]).

use super::bert::{head_inputs, Encoder, WarmthHead};
use super::bert_train::{calibrate, measure_rows, ridge, Measured, Rows, TrainedHead};
use super::{BuiltinScorer, Scorer};
use crate::error::{Error, Result};
use crate::lang::construct::{self, Item};
use crate::progress::Progress;
use std::path::Path;

/// The construct sets read, `<code>.tsv` in the folder given.
pub const LANGS: [&str; 6] = ["en", "es", "pt", "de", "fr", "it"];

/// Ridge penalties tried; the best on the dev splits (Spearman) is kept. Smaller than
/// GoEmotions' because the sets are ~30× smaller.
const LAMBDAS: [f64; 7] = [1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0];

/// Trains the head for `encoder` on the construct sets in `dir`; reports the penalty search to
/// `progress`. Measured: the dev splits together, then each language's test split.
pub fn train_on_construct(
    encoder: &Encoder,
    dir: &Path,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<TrainedHead> {
    let builtin = BuiltinScorer::shipped()?;
    let mut sets = Vec::with_capacity(LANGS.len());
    for lang in LANGS {
        let path = dir.join(format!("{lang}.tsv"));
        if !path.is_file() {
            return Err(Error::Usage(format!(
                "{} not found: --data is either a GoEmotions folder (train.tsv) or a construct \
                 folder holding {}.tsv",
                path.display(),
                LANGS.join(".tsv, ")
            )));
        }
        sets.push((lang, construct::load(&path)?));
    }
    let split = |items: Vec<&Item>| -> Result<Rows> {
        let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
        let embeddings = encoder.embed(&texts)?;
        let scored = builtin.score_batch(&texts)?;
        Ok(Rows {
            inputs: embeddings
                .iter()
                .zip(&scored)
                .map(|(e, s)| head_inputs(e, s))
                .collect(),
            gold: items.iter().map(|i| i.gold()).collect(),
            weight: vec![1.0; items.len()],
        })
    };
    let of = |part: &str| -> Vec<&Item> {
        sets.iter()
            .flat_map(|(_, items)| items.iter().filter(|i| i.split == part))
            .collect()
    };
    let train = split(of("train"))?;
    let dev = [(split(of("dev"))?, 1.0)];
    if train.gold.is_empty() || dev[0].0.gold.is_empty() {
        let message = "no train or dev items in the construct sets";
        return Err(Error::input(dir.display().to_string(), None, message));
    }
    let mut best: Option<(f64, WarmthHead)> = None;
    for (lambda, head) in ridge(&train, &LAMBDAS, 1.0)? {
        let m = measure_rows("construct dev", &head, &dev[0].0);
        progress(Progress::Line(&format!(
            "lambda {lambda}: construct dev spearman {:.4} macro-F1 {:.4}",
            m.spearman, m.macro_f1
        )));
        if best.as_ref().is_none_or(|(b, _)| m.spearman > *b) {
            best = Some((m.spearman, head));
        }
    }
    let (_, mut head) = best.ok_or_else(|| Error::Model("no penalty tried".into()))?;
    head.encoder = format!("{:016x}", encoder.fingerprint());
    head.trained_on = format!(
        "ridge on the mean-pooled embedding of the frozen encoder + built-in scorer features, \
         construct sets {} train ({} messages), lambda {} and calibration chosen on their dev \
         splits ({} messages)",
        LANGS.join("/"),
        train.gold.len(),
        head.lambda,
        dev[0].0.gold.len()
    );
    calibrate(&mut head, &dev);
    let mut measured: Vec<Measured> = vec![measure_rows("construct dev", &head, &dev[0].0)];
    for (lang, items) in &sets {
        let test: Vec<&Item> = items.iter().filter(|i| i.split == "test").collect();
        let name = format!("{lang} test");
        measured.push(measure_rows(&name, &head, &split(test)?));
    }
    Ok(TrainedHead { head, measured })
}
