//! Tuning of the bert encoder for warmth: the bias and LayerNorm vectors of its top layers
//! ("BitFit": Ben Zaken et al., 2022) and, with a rank above 0, low-rank adapters on every
//! weight matrix of those layers ("LoRA": Hu et al., 2021; W = W₀ + B·A with A r×in and
//! B out×r), plus a linear warmth probe, with mean squared error against the gold warmth on
//! a sample of GoEmotions train and the construct train split. What it changes is small
//! enough to commit inside the head file (`models/bert-head.json`): the tuned vectors, and
//! for each adapted matrix its A and B (`NAME.lora_a`, `NAME.lora_b`, B already scaled).
//!
//! rust-bert's forward pass has no adapter hook, so the adapters train through the merged
//! weight: the matrix itself takes the gradient G = ∂loss/∂W, and since W depends on A and
//! B only through B·A, ∂loss/∂A = s·Bᵀ·G and ∂loss/∂B = s·G·Aᵀ, obtained by back-propagating
//! sum(G ⊙ s·B·A); after each step the matrix is set to W₀ + s·B·A again.

use super::bert::{Encoder, DIM};
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::rng::Rng;
use std::collections::BTreeMap;
use std::time::Instant;
use tch::{Kind, Tensor};

/// Tuning settings (the defaults chosen on the construct dev split, GoEmotions dev and
/// EmotionPush dev: `models/README.md`).
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
    /// Seed of the sample of training texts and their order, and of the adapters' start.
    pub seed: u64,
    /// Rank of the low-rank adapters on the tuned layers' weight matrices (0: biases only).
    pub rank: usize,
}

impl Default for TuneSettings {
    fn default() -> Self {
        TuneSettings {
            epochs: 1,
            batch: 32,
            learning_rate: 1e-3,
            limit: 20_000,
            layers: 6,
            seed: 11,
            rank: 8,
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
    let adapters = if settings.rank == 0 {
        Vec::new()
    } else {
        Adapter::for_matrices(encoder.adaptable(settings.layers), settings)
    };
    let mut params: Vec<Tensor> = tunable.iter().map(|(_, t)| t.shallow_clone()).collect();
    for adapter in &adapters {
        params.push(adapter.a.shallow_clone());
        params.push(adapter.b.shallow_clone());
    }
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
            Adapter::backward(&adapters);
            adam.step();
            Adapter::merge(&adapters);
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
    for adapter in adapters {
        adapter.store(&mut tuned)?;
    }
    Ok(tuned)
}

/// One weight matrix's low-rank adapter while it trains.
struct Adapter {
    name: String,
    /// The matrix in the encoder (its gradient is read, its value reset each step).
    weight: Tensor,
    /// Its value before tuning.
    frozen: Tensor,
    a: Tensor,
    b: Tensor,
}

/// Adapter scale `s` = `LORA_ALPHA / rank` (Hu et al.'s α, as in their experiments).
const LORA_ALPHA: f64 = 16.0;

impl Adapter {
    /// Rank-`settings.rank` adapters for `matrices`: A random (seeded, small), B zero, so
    /// tuning starts from the encoder as it is.
    fn for_matrices(matrices: Vec<(String, Tensor)>, settings: TuneSettings) -> Vec<Adapter> {
        tch::manual_seed(settings.seed as i64);
        let rank = settings.rank as i64;
        matrices
            .into_iter()
            .map(|(name, weight)| {
                let (out, inp) = (weight.size()[0], weight.size()[1]);
                let options = (Kind::Float, tch::Device::Cpu);
                Adapter {
                    name,
                    frozen: tch::no_grad(|| weight.detach().copy()),
                    weight,
                    a: (Tensor::randn([rank, inp], options) * 0.01).set_requires_grad(true),
                    b: Tensor::zeros([out, rank], options).set_requires_grad(true),
                }
            })
            .collect()
    }

    fn scale(&self) -> f64 {
        LORA_ALPHA / self.a.size()[0] as f64
    }

    /// Turns each matrix's gradient into its adapter's gradients (see the module doc).
    fn backward(adapters: &[Adapter]) {
        if adapters.is_empty() {
            return;
        }
        let surrogate = adapters
            .iter()
            .map(|ad| {
                let mut stored = ad.weight.grad();
                let gradient = stored.detach().copy();
                let _ = stored.zero_();
                (gradient * ad.b.matmul(&ad.a) * ad.scale()).sum(Kind::Float)
            })
            .reduce(|x, y| x + y)
            .expect("adapters is not empty");
        surrogate.backward();
    }

    /// Sets each matrix to W₀ + s·B·A.
    fn merge(adapters: &[Adapter]) {
        tch::no_grad(|| {
            for ad in adapters {
                let merged = &ad.frozen + ad.b.matmul(&ad.a) * ad.scale();
                ad.weight.detach().copy_(&merged);
            }
        });
    }

    /// Puts the matrix back to W₀ (the head file's values re-apply the adapter, see
    /// [`Encoder::set_tuned`]) and stores A and s·B under the matrix's name.
    fn store(self, tuned: &mut BTreeMap<String, Vec<f32>>) -> Result<()> {
        let values = |t: &Tensor, what: &str| {
            Vec::<f32>::try_from(t.detach().contiguous().view(-1))
                .map_err(|e| Error::Model(format!("reading {} {what}: {e}", self.name)))
        };
        let scaled_b = &self.b * self.scale();
        tuned.insert(format!("{}.lora_a", self.name), values(&self.a, "A")?);
        tuned.insert(format!("{}.lora_b", self.name), values(&scaled_b, "B")?);
        tch::no_grad(|| {
            self.weight.detach().copy_(&self.frozen);
        });
        let _ = self.weight.set_requires_grad(false);
        Ok(())
    }
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
