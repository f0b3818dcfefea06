//! Training the non-English warmth model (`models/warmth-lang.json`) from the construct
//! sets: ridge regression of the gold warmth (pull +1, neutral 0, push −1) on the
//! [`warmth`](super::warmth) features over the train splits of every language together, the
//! penalty and the output scale chosen for macro-F1 on the dev splits. Closed form in f64
//! with a fixed grid, so the same sets give the same file, byte for byte.

use super::construct::{self, Item};
use super::warmth::{LangExtractor, LangModel, FEATURES};
use super::Lang;
use crate::error::{Error, Result};
use crate::score::labeled::Class;
use crate::score::metrics::macro_f1;
use std::path::Path;

const PENALTIES: [f64; 8] = [0.001, 0.01, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0];
const SCALES: [f64; 11] = [0.4, 0.5, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0, 2.5];

/// The languages trained on, and their construct files under `dir` (`<code>.tsv`).
pub const TRAINED: [Lang; 5] = [Lang::ES, Lang::PT, Lang::DE, Lang::FR, Lang::IT];

/// Features and gold of one split of every language.
struct Rows {
    x: Vec<[f32; FEATURES.len()]>,
    gold: Vec<f64>,
    class: Vec<Class>,
}

fn rows(sets: &[(Lang, Vec<Item>)], split: &str) -> Rows {
    let mut ex = LangExtractor::default();
    let mut r = Rows {
        x: Vec::new(),
        gold: Vec::new(),
        class: Vec::new(),
    };
    for (lang, items) in sets {
        for item in items.iter().filter(|i| i.split == split) {
            if let Some(e) = ex.extract(&item.text, *lang) {
                r.x.push(e.x);
                r.gold.push(item.gold());
                r.class.push(item.class);
            }
        }
    }
    r
}

/// Reads `dir/<code>.tsv` for every trained language.
pub fn load_sets(dir: &Path) -> Result<Vec<(Lang, Vec<Item>)>> {
    TRAINED
        .iter()
        .map(|&l| Ok((l, construct::load(&dir.join(format!("{l}.tsv")))?)))
        .collect()
}

/// Trains the model on the construct sets in `dir`.
pub fn train(dir: &Path) -> Result<LangModel> {
    let sets = load_sets(dir)?;
    let train = rows(&sets, "train");
    let dev = rows(&sets, "dev");
    if train.x.is_empty() || dev.x.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no train or dev items in the construct sets",
            dir.display()
        )));
    }
    let mut best: Option<(f64, LangModel)> = None;
    for penalty in PENALTIES {
        let (bias, weights) = ridge(&train, penalty)?;
        for scale in SCALES {
            let model = LangModel {
                features: FEATURES.iter().map(|s| s.to_string()).collect(),
                bias: round6(bias),
                weights: weights.iter().map(|&w| round6(w)).collect(),
                scale,
                penalty,
                train_examples: train.x.len(),
                dev_examples: dev.x.len(),
            };
            let f1 = f1_of(&model, &dev);
            if best.as_ref().is_none_or(|(b, _)| f1 > *b + 1e-12) {
                best = Some((f1, model));
            }
        }
    }
    best.map(|(_, m)| m)
        .ok_or_else(|| Error::Usage("no model trained".into()))
}

/// Macro-F1 of `model` on `rows`.
fn f1_of(model: &LangModel, rows: &Rows) -> f64 {
    let pred: Vec<Class> = rows
        .x
        .iter()
        .map(|x| Class::of(f64::from(model.warmth(x))))
        .collect();
    macro_f1(&pred, &rows.class)
}

/// Six decimals: the file stays readable and rebuilds exactly.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Ridge regression with an unpenalised bias: solves (XᵀX + λI')·w = Xᵀy by Gaussian
/// elimination with partial pivoting.
fn ridge(rows: &Rows, penalty: f64) -> Result<(f64, Vec<f64>)> {
    let d = FEATURES.len() + 1;
    let mut a = vec![vec![0.0f64; d + 1]; d];
    for (x, &y) in rows.x.iter().zip(&rows.gold) {
        let v: Vec<f64> = std::iter::once(1.0)
            .chain(x.iter().map(|&f| f64::from(f)))
            .collect();
        for i in 0..d {
            for j in 0..d {
                a[i][j] += v[i] * v[j];
            }
            a[i][d] += v[i] * y;
        }
    }
    for (i, row) in a.iter_mut().enumerate().skip(1) {
        row[i] += penalty;
    }
    for col in 0..d {
        let pivot = (col..d)
            .max_by(|&p, &q| a[p][col].abs().total_cmp(&a[q][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        let p = a[col][col];
        if p.abs() < 1e-12 {
            return Err(Error::Usage("ridge: singular system".into()));
        }
        let pivot_row = a[col].clone();
        for (r, row) in a.iter_mut().enumerate() {
            if r != col {
                let f = row[col] / p;
                if f != 0.0 {
                    for (x, &y) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                        *x -= f * y;
                    }
                }
            }
        }
    }
    let w: Vec<f64> = (0..d).map(|i| a[i][d] / a[i][i]).collect();
    Ok((w[0], w[1..].to_vec()))
}
