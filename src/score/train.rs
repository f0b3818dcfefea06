//! Training the built-in model from GoEmotions (train split for the weights, dev split for
//! the calibration), deterministically: one thread, a fixed example order per epoch from a
//! seeded shuffle, so the same data always gives the same bytes.

use super::labeled::{self, Class, Example};
use super::metrics::macro_f1;
use super::model::{finish, Calibration, Extractor, Model, FEATURES, SHORT_WORDS};
use crate::error::Result;
use std::path::Path;

/// Training settings (tuned on GoEmotions dev and EmotionPush dev; never trained on the
/// latter).
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub epochs: usize,
    pub learning_rate: f32,
    pub l2: f32,
    /// Loss weight of warm and cold training examples relative to neutral ones: below 1
    /// the model ranks the many near-neutral messages better (chosen on the dev sets).
    pub polar_weight: f32,
    pub seed: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            epochs: 4,
            learning_rate: 0.03,
            l2: 1e-6,
            polar_weight: 0.3,
            seed: 7,
        }
    }
}

/// What training read and produced.
pub struct Trained {
    pub model: Model,
    pub train_examples: usize,
    pub dev_examples: usize,
}

fn featurize(examples: &[Example]) -> Vec<(Vec<(u32, f32)>, f32)> {
    let mut ex = Extractor::default();
    examples
        .iter()
        .map(|e| {
            ex.extract(&e.text);
            (ex.features.clone(), e.gold as f32)
        })
        .collect()
}

/// Trains on `goemotions_dir/train.tsv` and calibrates on `dev.tsv`, with the gold warmth
/// from `mapping`.
pub fn train(goemotions_dir: &Path, mapping: &Path, settings: Settings) -> Result<Trained> {
    let train = labeled::load(&goemotions_dir.join("train.tsv"), Some(mapping))?;
    let dev = labeled::load(&goemotions_dir.join("dev.tsv"), Some(mapping))?;
    let data = featurize(&train.examples);
    let mean = data.iter().map(|d| f64::from(d.1)).sum::<f64>() / data.len().max(1) as f64;
    let mut model = Model {
        bias: mean as f32,
        short: Calibration {
            scale: 1.0,
            shift: 0.0,
        },
        long: Calibration {
            scale: 1.0,
            shift: 0.0,
        },
        weights: vec![0.0; FEATURES],
    };
    // AdaGrad on (class-weighted) squared error with a light L2 penalty.
    let mut grad_sq = vec![1e-6f32; FEATURES];
    let mut bias_sq = 1e-6f32;
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut state = settings.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    for _ in 0..settings.epochs {
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        for &k in &order {
            let (x, y) = &data[k];
            let weight = match Class::of(f64::from(*y)) {
                Class::Neutral => 1.0,
                _ => settings.polar_weight,
            };
            let err = (model.raw(x) - y) * weight;
            for &(i, v) in x {
                let i = i as usize;
                let g = err * v + settings.l2 * model.weights[i];
                grad_sq[i] += g * g;
                model.weights[i] -= settings.learning_rate * g / grad_sq[i].sqrt();
            }
            bias_sq += err * err;
            model.bias -= settings.learning_rate * err / bias_sq.sqrt();
        }
    }
    model.quantize();
    calibrate(&mut model, &dev.examples);
    Ok(Trained {
        model,
        train_examples: train.examples.len(),
        dev_examples: dev.examples.len(),
    })
}

/// Chooses each calibration (scale and shift, on a fixed grid) to maximise macro-F1 on
/// the dev messages of its length (short, long): the linear model's raw output is
/// compressed toward the mean, and the warm/cold thresholds need the full range.
fn calibrate(model: &mut Model, dev: &[Example]) {
    let mut ex = Extractor::default();
    let rows: Vec<(f32, super::Cues, Class)> = dev
        .iter()
        .map(|e| {
            let cues = ex.extract(&e.text);
            (
                model.raw(&ex.features),
                cues,
                e.class.unwrap_or(Class::of(e.gold)),
            )
        })
        .collect();
    let (short, long): (Vec<_>, Vec<_>) = rows.iter().partition(|r| r.1.words <= SHORT_WORDS);
    model.short = best_calibration(&short);
    model.long = best_calibration(&long);
}

fn best_calibration(rows: &[&(f32, super::Cues, Class)]) -> Calibration {
    let gold: Vec<Class> = rows.iter().map(|r| r.2).collect();
    let mut best = (
        f64::MIN,
        Calibration {
            scale: 1.0,
            shift: 0.0,
        },
    );
    for s in 10..=60 {
        for t in -20..=20 {
            let cal = Calibration {
                scale: s as f32 / 10.0,
                shift: t as f32 / 100.0,
            };
            let pred: Vec<Class> = rows
                .iter()
                .map(|(raw, cues, _)| Class::of(f64::from(finish(cal, *raw, cues).warmth)))
                .collect();
            let f1 = macro_f1(&pred, &gold);
            if f1 > best.0 {
                best = (f1, cal);
            }
        }
    }
    best.1
}
