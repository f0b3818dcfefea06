//! Bias tuning of the bert encoder ("BitFit": Ben Zaken et al., 2022): trains only the bias
//! and LayerNorm vectors of the encoder's top layers (~15k of 22M parameters) plus a linear
//! warmth probe on a sample of GoEmotions train, with mean squared error against the gold warmth. The frozen encoder reads
//! chat warmth about as well as the built-in scorer; tuning adapts it, and what it changes is
//! small enough to commit inside the head file (`models/bert-head.json`).

use super::bert::{Encoder, DIM};
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::rng::Rng;
use std::collections::BTreeMap;
use std::time::Instant;
use tch::{Kind, Tensor};

/// Tuning settings (chosen on GoEmotions dev).
#[derive(Debug, Clone, Copy)]
pub struct TuneSettings {
    /// Passes over the training texts (0 = leave the encoder frozen).
    pub epochs: usize,
    /// Texts per optimisation step.
    pub batch: usize,
    /// Adam learning rate.
    pub learning_rate: f64,
    /// Training texts used at most (a seeded sample; tuning runs ~20 texts/s on 2 cores).
    pub limit: usize,
    /// Only the top this many encoder layers tune (backpropagation stops below them).
    pub layers: usize,
    /// Seed of the sample of training texts and their order.
    pub seed: u64,
}

impl Default for TuneSettings {
    fn default() -> Self {
        TuneSettings {
            epochs: 1,
            batch: 32,
            learning_rate: 2e-3,
            limit: 16_000,
            layers: 3,
            seed: 11,
        }
    }
}

/// Adam on a list of tensors (tch's optimisers take a whole VarStore; here only a few
/// vectors of it train).
struct Adam {
    params: Vec<Tensor>,
    first: Vec<Tensor>,
    second: Vec<Tensor>,
    step: i32,
    learning_rate: f64,
}

impl Adam {
    const BETA1: f64 = 0.9;
    const BETA2: f64 = 0.999;
    const EPSILON: f64 = 1e-8;

    fn new(params: Vec<Tensor>, learning_rate: f64) -> Self {
        let zeros = |p: &Tensor| p.zeros_like();
        Adam {
            first: params.iter().map(zeros).collect(),
            second: params.iter().map(zeros).collect(),
            params,
            step: 0,
            learning_rate,
        }
    }

    fn step(&mut self) {
        self.step += 1;
        let correct1 = 1.0 - Self::BETA1.powi(self.step);
        let correct2 = 1.0 - Self::BETA2.powi(self.step);
        tch::no_grad(|| {
            for ((p, m), v) in self
                .params
                .iter_mut()
                .zip(&mut self.first)
                .zip(&mut self.second)
            {
                let grad = p.grad();
                if !grad.defined() {
                    continue;
                }
                *m = &*m * Self::BETA1 + &grad * (1.0 - Self::BETA1);
                *v = &*v * Self::BETA2 + (&grad * &grad) * (1.0 - Self::BETA2);
                let update = (&*m / correct1) / ((&*v / correct2).sqrt() + Self::EPSILON);
                let _ = p.f_sub_(&(update * self.learning_rate));
                p.zero_grad();
            }
        });
    }
}

/// Tunes `encoder` in place on `texts` with gold warmth `gold`; returns the tuned parameters
/// by name (to store in the head file). Reports progress to `progress`.
pub fn tune(
    encoder: &mut Encoder,
    texts: &[&str],
    gold: &[f64],
    settings: TuneSettings,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<BTreeMap<String, Vec<f32>>> {
    if settings.epochs == 0 || settings.layers == 0 {
        return Ok(BTreeMap::new());
    }
    let tunable = encoder.tunable(settings.layers);
    let mut rng = Rng::new(settings.seed);
    let mut sample: Vec<usize> = (0..texts.len()).collect();
    shuffle(&mut sample, &mut rng);
    sample.truncate(settings.limit);
    let texts: Vec<&str> = sample.iter().map(|&i| texts[i]).collect();
    let gold: Vec<f64> = sample.iter().map(|&i| gold[i]).collect();
    let ids = encoder.token_ids(&texts)?;
    let mean = gold.iter().sum::<f64>() / gold.len().max(1) as f64;
    let probe_weights =
        Tensor::zeros([DIM as i64, 1], (Kind::Float, tch::Device::Cpu)).set_requires_grad(true);
    let probe_bias = Tensor::from_slice(&[mean as f32]).set_requires_grad(true);
    let mut params: Vec<Tensor> = tunable.iter().map(|(_, t)| t.shallow_clone()).collect();
    params.push(probe_weights.shallow_clone());
    params.push(probe_bias.shallow_clone());
    let mut adam = Adam::new(params, settings.learning_rate);
    let started = Instant::now();
    let mut seen = 0usize;
    for epoch in 0..settings.epochs {
        for (step, batch) in batches(&ids, settings.batch, &mut rng).iter().enumerate() {
            let rows: Vec<&[i64]> = batch.iter().map(|&i| ids[i].as_slice()).collect();
            let target: Vec<f32> = batch.iter().map(|&i| gold[i] as f32).collect();
            let pooled = encoder.pooled(&rows)?;
            let predicted = pooled.matmul(&probe_weights).squeeze_dim(1) + &probe_bias;
            let loss = (predicted - Tensor::from_slice(&target))
                .square()
                .mean(Kind::Float);
            loss.backward();
            adam.step();
            seen += batch.len();
            if step % 50 == 0 {
                let loss = f64::try_from(&loss)
                    .map_err(|e| Error::Model(format!("reading the loss: {e}")))?;
                progress(Progress::Step(&format!(
                    "tuning epoch {}: {seen} texts, loss {loss:.4}, {:.0} texts/s",
                    epoch + 1,
                    seen as f64 / started.elapsed().as_secs_f64()
                )));
            }
        }
    }
    progress(Progress::Line(&format!("tuned on {seen} texts")));
    let mut tuned = BTreeMap::new();
    for (name, tensor) in tunable {
        let _ = tensor.set_requires_grad(false);
        let values = Vec::<f32>::try_from(tensor.contiguous().view(-1))
            .map_err(|e| Error::Model(format!("reading {name}: {e}")))?;
        tuned.insert(name, values);
    }
    Ok(tuned)
}

/// Batches of example indices: a seeded shuffle, then texts of similar length grouped (so a
/// batch pads little) and the batch order shuffled again.
fn batches(ids: &[Vec<i64>], size: usize, rng: &mut Rng) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..ids.len()).collect();
    shuffle(&mut order, rng);
    let mut batches = Vec::new();
    for pool in order.chunks(size * 50) {
        let mut pool = pool.to_vec();
        pool.sort_by_key(|&i| ids[i].len());
        batches.extend(pool.chunks(size).map(<[usize]>::to_vec));
    }
    shuffle(&mut batches, rng);
    batches
}

fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.index(i + 1));
    }
}
