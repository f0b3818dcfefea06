//! Transformer scorer (`--scorer bert`, cargo feature `bert`): the sentence-transformers
//! encoder all-MiniLM-L6-v2 run by rust-bert on libtorch, mean-pooled and L2-normalised like
//! sentence-transformers (with the low-rank adapters and bias vectors the project tuned for
//! warmth, see `bert_tune`), then a linear
//! warmth head over the embedding and the built-in scorer's cues (`models/bert-head.json`,
//! rebuilt by `pushpull train --scorer bert`, see `bert_train`). Set up libtorch and the
//! encoder with `scripts/setup-bert.sh`.
//!
//! Inputs are grouped by token length into batches of up to [`BATCH`], so nothing is padded;
//! inference runs without gradients, on one model per worker thread. Repeated texts are
//! encoded once per run ([`super::bert_cache`]).

use super::bert_cache::{self, CacheStats, EncodedCache};
use super::bert_softmax::ClassHead;
use super::bert_tokenizer::TextTokenizer;
use super::{BuiltinScorer, Score, Scored, Scorer};
use crate::error::{Error, Result};
use rayon::prelude::*;
use rust_bert::bert::{BertConfig, BertEmbeddings, BertModel};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use tch::{nn::VarStore, Device, Kind, Tensor};

/// Texts per forward pass (measured best on 2 cores for chat-length texts).
pub const BATCH: usize = 16;
/// Longest input in word pieces, as sentence-transformers' `max_seq_length` for this model.
pub const MAX_TOKENS: usize = 256;
/// Width of the sentence embedding.
pub const DIM: usize = 384;

/// The encoder: tokenizer + BERT, giving one unit-length embedding per text.
pub struct Encoder {
    tokenizer: TextTokenizer,
    /// The model, and after [`Encoder::run_in_parallel`] one more per worker thread, all
    /// sharing one copy of the weights. libtorch tensors are not `Sync`, so each is locked
    /// while it runs.
    models: Vec<Mutex<BertModel<BertEmbeddings>>>,
    config: BertConfig,
    // Owns the weights the models' tensors point into.
    weights: VarStore,
    fingerprint: u64,
    /// Number of transformer layers.
    layers: usize,
}

impl Encoder {
    /// Loads `config.json`, the tokenizer (`tokenizer.json` or `vocab.txt`, see
    /// [`TextTokenizer`]) and `model.safetensors` from `model_dir`.
    pub fn load(model_dir: &Path) -> Result<Self> {
        if !model_dir.is_dir() {
            return Err(Error::Usage(format!(
                "bert model folder {} not found (run scripts/setup-bert.sh)",
                model_dir.display()
            )));
        }
        let file = |name: &str| {
            let path = model_dir.join(name);
            if path.is_file() {
                Ok(path)
            } else {
                Err(Error::Usage(format!(
                    "{} missing (run scripts/setup-bert.sh)",
                    path.display()
                )))
            }
        };
        let config_path = file("config.json")?;
        let config_text = std::fs::read_to_string(&config_path)
            .map_err(|e| Error::io(config_path.display().to_string(), e))?;
        let config: BertConfig = serde_json::from_str(&config_text).map_err(|e| {
            let message = format!("not a BERT config: {e}");
            Error::input(config_path.display().to_string(), None, message)
        })?;
        if config.hidden_size != DIM as i64 {
            let message = format!(
                "hidden_size {}, but the warmth head reads {DIM}-wide embeddings \
                 (MiniLM-sized encoders, e.g. paraphrase-multilingual-MiniLM-L12-v2)",
                config.hidden_size
            );
            return Err(Error::input(
                config_path.display().to_string(),
                None,
                message,
            ));
        }
        let tokenizer = TextTokenizer::load(model_dir, MAX_TOKENS)?;
        let weights_path = file("model.safetensors")?;
        let mut weights = VarStore::new(Device::Cpu);
        let model =
            BertModel::<BertEmbeddings>::new_with_optional_pooler(weights.root(), &config, false);
        weights
            .load(&weights_path)
            .map_err(|e| Error::input(weights_path.display().to_string(), None, e.to_string()))?;
        let fingerprint = super::model::checksum(config_text.as_bytes())
            ^ std::fs::metadata(&weights_path).map_or(0, |m| m.len());
        Ok(Encoder {
            fingerprint,
            tokenizer,
            models: vec![Mutex::new(model)],
            layers: config.num_hidden_layers as usize,
            config,
            weights,
        })
    }

    /// Runs batches on `threads` models side by side (sharing the weights), one libtorch
    /// thread each, instead of one model whose every op is split over the cores. Per-op
    /// thread hand-offs cost more than chat-length texts' small matrices gain from them (see
    /// docs/bert.md), and with one thread per op a text's embedding no longer depends on how
    /// many other texts share its batch. Sets libtorch's thread count for the whole process.
    pub fn run_in_parallel(&mut self, threads: usize) {
        tch::set_num_threads(1);
        let shared = self.weights.variables();
        while self.models.len() < threads.max(1) {
            let mut store = VarStore::new(Device::Cpu);
            let model = BertModel::<BertEmbeddings>::new_with_optional_pooler(
                store.root(),
                &self.config,
                false,
            );
            for (name, mut var) in store.variables() {
                if let Some(weights) = shared.get(&name) {
                    var.set_data(weights);
                }
            }
            store.freeze();
            self.models.push(Mutex::new(model));
        }
    }

    /// Identifies the encoder (its config, weight file size and tuned parameters), to key
    /// cached embeddings and to match a head to the encoder it was trained on.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Word-piece ids per text, truncated at [`MAX_TOKENS`].
    pub fn token_ids(&self, texts: &[&str]) -> Result<Vec<Vec<i64>>> {
        self.tokenizer.token_ids(texts)
    }

    /// Mean-pooled, L2-normalised embeddings `[rows, DIM]` of one batch, padded to its longest
    /// row. Records gradients unless called under `tch::no_grad`.
    pub fn pooled(&self, rows: &[&[i64]]) -> Result<Tensor> {
        let width = rows.iter().map(|r| r.len()).max().unwrap_or(0);
        let mut ids = Vec::with_capacity(rows.len() * width);
        let mut mask = Vec::with_capacity(rows.len() * width);
        for tokens in rows {
            ids.extend_from_slice(tokens);
            ids.resize(ids.len() + width - tokens.len(), 0);
            mask.extend(std::iter::repeat_n(1i64, tokens.len()));
            mask.resize(mask.len() + width - tokens.len(), 0);
        }
        let shape = [rows.len() as i64, width as i64];
        let ids = Tensor::from_slice(&ids).view(shape);
        let mask = Tensor::from_slice(&mask).view(shape);
        // Each rayon worker has its own model (after `run_in_parallel`); other callers share.
        let slot = rayon::current_thread_index().unwrap_or(0) % self.models.len();
        let model = self.models[slot]
            .lock()
            .map_err(|_| Error::Model("bert model lock poisoned".into()))?;
        let hidden = model
            .forward_t(Some(&ids), Some(&mask), None, None, None, None, None, false)
            .map_err(|e| Error::Model(format!("bert forward pass: {e}")))?
            .hidden_state;
        let weights = mask.to_kind(Kind::Float).unsqueeze(-1);
        let summed = (&hidden * &weights).sum_dim_intlist(&[1i64][..], false, Kind::Float);
        let counts = weights
            .sum_dim_intlist(&[1i64][..], false, Kind::Float)
            .clamp_min(1e-9);
        let mean = summed / counts;
        let norm = mean
            .norm_scalaropt_dim(2, &[1i64][..], true)
            .clamp_min(1e-12);
        Ok(mean / norm)
    }

    /// One L2-normalised, mean-pooled embedding per text, in input order.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let ids = self.token_ids(texts)?;
        let rows: Vec<&[i64]> = ids.iter().map(Vec::as_slice).collect();
        self.embed_ids(&rows)
    }

    /// One embedding per row of word-piece ids (from [`Encoder::token_ids`]), in input order.
    ///
    /// Batches hold texts of one token length only, so nothing is padded, and never a single
    /// row (a lone text runs beside a copy of itself): libtorch's single-row path rounds
    /// differently. With [`Encoder::run_in_parallel`] the result for a text is then the same
    /// bits whatever else is embedded with it, which [`super::bert_cache`] relies on.
    pub fn embed_ids(&self, ids: &[&[i64]]) -> Result<Vec<Vec<f32>>> {
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| (ids[i].len(), i));
        let same_length = order.chunk_by(|&a, &b| ids[a].len() == ids[b].len());
        let batches: Vec<&[usize]> = same_length.flat_map(|g| g.chunks(BATCH)).collect();
        let run = |batch: &&[usize]| -> Result<Vec<f32>> {
            let mut rows: Vec<&[i64]> = batch.iter().map(|&i| ids[i]).collect();
            if rows.len() == 1 {
                rows.push(rows[0]);
            }
            let pooled = tch::no_grad(|| self.pooled(&rows))?;
            Vec::<f32>::try_from(pooled.contiguous().view(-1))
                .map_err(|e| Error::Model(format!("reading embeddings: {e}")))
        };
        let pooled: Vec<Vec<f32>> = if self.models.len() > 1 {
            batches.par_iter().map(run).collect::<Result<_>>()?
        } else {
            batches.iter().map(run).collect::<Result<_>>()?
        };
        let mut out = vec![Vec::new(); ids.len()];
        for (batch, flat) in batches.iter().zip(&pooled) {
            for (row, &i) in flat.chunks(DIM).zip(*batch) {
                out[i] = row.to_vec();
            }
        }
        Ok(out)
    }

    /// The parameters bias tuning trains (every bias and LayerNorm vector of the top
    /// `top_layers` layers), by name; all other weights are frozen.
    pub fn tunable(&mut self, top_layers: usize) -> Vec<(String, Tensor)> {
        self.weights.freeze();
        self.trainable_in_top(top_layers, |name, _| {
            name.ends_with(".bias") || name.contains("LayerNorm")
        })
    }

    /// The weight matrices of the top `top_layers` layers (attention query, key, value and
    /// output; feed-forward in and out), by name, made trainable for low-rank adapters
    /// ([`super::bert_tune`]). Call after [`Encoder::tunable`], which freezes the rest.
    pub fn adaptable(&mut self, top_layers: usize) -> Vec<(String, Tensor)> {
        self.trainable_in_top(top_layers, |name, t| {
            name.ends_with(".weight") && t.dim() == 2
        })
    }

    /// The parameters of the top `top_layers` layers that `keep` picks, sorted by name and
    /// made trainable.
    fn trainable_in_top(
        &self,
        top_layers: usize,
        keep: impl Fn(&str, &Tensor) -> bool,
    ) -> Vec<(String, Tensor)> {
        let layers = self.layers;
        let mut picked: Vec<(String, Tensor)> = self
            .weights
            .variables()
            .into_iter()
            .filter(|(name, t)| keep(name, t))
            .filter(|(name, _)| {
                name.strip_prefix("encoder.layer.")
                    .and_then(|rest| rest.split('.').next())
                    .and_then(|n| n.parse::<usize>().ok())
                    .is_some_and(|n| n + top_layers >= layers)
            })
            .collect();
        picked.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, t) in &picked {
            let _ = t.set_requires_grad(true);
        }
        picked
    }

    /// Overwrites parameters with tuned values (from a head file) and adds each low-rank
    /// adapter's B·A to its matrix (`NAME.lora_a`, `NAME.lora_b`); updates the fingerprint.
    /// Call once on a freshly loaded encoder: the adapters add to what is there.
    pub fn set_tuned(&mut self, tuned: &BTreeMap<String, Vec<f32>>) -> Result<()> {
        let mut variables = self.weights.variables();
        for (name, values) in tuned {
            if let Some(matrix) = name.strip_suffix(".lora_a") {
                if !tuned.contains_key(&format!("{matrix}.lora_b")) {
                    return Err(Error::Model(format!("adapter of {matrix}: A without B")));
                }
                continue;
            }
            if let Some(matrix) = name.strip_suffix(".lora_b") {
                add_adapter(&mut variables, matrix, tuned, values)?;
                continue;
            }
            let var = variables.get_mut(name).ok_or_else(|| {
                Error::Model(format!("tuned parameter {name} is not in the encoder"))
            })?;
            if var.numel() != values.len() {
                return Err(Error::Model(format!(
                    "tuned parameter {name} has {} values, the encoder {}",
                    values.len(),
                    var.numel()
                )));
            }
            let new = Tensor::from_slice(values).view(var.size().as_slice());
            tch::no_grad(|| var.copy_(&new));
        }
        self.fingerprint ^= tuned_fingerprint(tuned);
        Ok(())
    }
}

/// Adds B·A to the matrix `name` (B `out`×r from `b`, A r×`in` from `tuned[name.lora_a]`).
fn add_adapter(
    variables: &mut std::collections::HashMap<String, Tensor>,
    name: &str,
    tuned: &BTreeMap<String, Vec<f32>>,
    b: &[f32],
) -> Result<()> {
    let bad = |what: String| Error::Model(format!("adapter of {name}: {what}"));
    let matrix = variables
        .get_mut(name)
        .ok_or_else(|| bad("no such matrix in the encoder".into()))?;
    let a = tuned
        .get(&format!("{name}.lora_a"))
        .ok_or_else(|| bad("B without A".into()))?;
    let size = matrix.size();
    let (out, inp) = match size.as_slice() {
        [out, inp] => (*out as usize, *inp as usize),
        _ => return Err(bad("not a matrix".into())),
    };
    let rank = b.len() / out.max(1);
    if rank == 0 || b.len() != out * rank || a.len() != rank * inp {
        return Err(bad(format!(
            "{} and {} values do not fit a {out}×{inp} matrix",
            a.len(),
            b.len()
        )));
    }
    let delta = Tensor::from_slice(b)
        .view([out as i64, rank as i64])
        .matmul(&Tensor::from_slice(a).view([rank as i64, inp as i64]));
    tch::no_grad(|| matrix.f_add_(&delta))
        .map(|_| ())
        .map_err(|e| bad(e.to_string()))
}

/// A checksum of tuned parameter values (0 when there are none).
pub fn tuned_fingerprint(tuned: &BTreeMap<String, Vec<f32>>) -> u64 {
    let mut bytes = Vec::new();
    for (name, values) in tuned {
        bytes.extend_from_slice(name.as_bytes());
        bytes.extend(values.iter().flat_map(|v| v.to_le_bytes()));
    }
    if bytes.is_empty() {
        0
    } else {
        super::model::checksum(&bytes)
    }
}

/// Inputs to the warmth head for one text: the sentence embedding followed by
/// [`head_features`].
pub fn head_inputs(embedding: &[f32], builtin: &Scored) -> Vec<f32> {
    let mut inputs = Vec::with_capacity(HEAD_INPUTS);
    inputs.extend_from_slice(embedding);
    inputs.extend(head_features(builtin));
    inputs
}

/// The head's inputs after the embedding: the built-in scorer's warmth (of the message
/// alone) and the chat cues it counts (which the encoder, trained on other prose, reads
/// weakly), as flags. Retraining the built-in model therefore needs a retrained head.
pub fn head_features(builtin: &Scored) -> [f32; HEAD_INPUTS - DIM] {
    let cues = &builtin.cues;
    let flag = |n: u16| f32::from(u8::from(n > 0));
    [
        builtin.score.warmth,
        flag(cues.affection),
        flag(cues.warm_emoji),
        flag(cues.cold_emoji),
        flag(cues.laughter),
        flag(cues.apology),
        flag(cues.thanks),
        flag(cues.questions),
        f32::from(u8::from(cues.curt)),
        (1.0 + cues.words as f32).ln() / 3.0,
        f32::from(u8::from(cues.ack)),
        flag(cues.distance),
        flag(cues.boundary),
        flag(cues.dismissal),
        flag(cues.breakup),
        flag(cues.hostility),
        flag(cues.longing),
        flag(cues.closeness),
        flag(cues.pursuit),
    ]
}

/// Length of [`head_inputs`].
pub const HEAD_INPUTS: usize = DIM + 19;

/// How far a bare acknowledgement ("ok", "k", 👍) right after a warm partner message drops:
/// the labelling guide's curt reply, a withdrawal (the same rule as the built-in scorer's).
const ACK_AFTER_WARM: f32 = 0.5;

/// Warmth from the head's calibrated output and what the text answers: a bare
/// acknowledgement right after a warm partner message is a withdrawal.
pub fn reply_rule(warmth: f32, builtin: &Scored, after_warm: bool) -> f32 {
    if builtin.cues.ack && after_warm {
        (warmth.min(0.0) - ACK_AFTER_WARM).max(-1.0)
    } else {
        warmth
    }
}

/// Warmth head: `warmth = clamp(shift + scale · (bias + weights · head_inputs), -1, 1)`,
/// plus a [`ClassHead`]'s `P(pull) − P(push)` of the embedding when the head has one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WarmthHead {
    /// What the head was trained on and how (for models/README.md readers).
    pub trained_on: String,
    /// [`Encoder::fingerprint`] of the encoder it was trained on, in hex.
    pub encoder: String,
    /// Ridge penalty used.
    pub lambda: f64,
    /// Encoder parameters changed by tuning (name → values; low-rank adapters as
    /// `NAME.lora_a` and `NAME.lora_b`, see [`Encoder::set_tuned`]); empty for a frozen encoder.
    #[serde(default)]
    pub tuned: BTreeMap<String, Vec<f32>>,
    /// Intercept of the linear head.
    pub bias: f32,
    /// One weight per embedding dimension.
    pub weights: Vec<f32>,
    /// Calibration `warmth = shift + scale · raw`, fitted for macro-F1 on GoEmotions dev
    /// (a strong ridge penalty ranks well but shrinks scores toward the mean).
    pub scale: f32,
    /// Offset added after scaling.
    pub shift: f32,
    /// A class head over the embedding ([`ClassHead`]): when present, its
    /// `P(pull) − P(push)` is added to the embedding's dot product.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classes: Option<ClassHead>,
}

impl WarmthHead {
    /// The ridge output before calibration.
    pub fn raw(&self, inputs: &[f32]) -> f32 {
        let (embedding, features) = inputs.split_at(DIM.min(inputs.len()));
        self.raw_from(self.embedding_part(embedding), features)
    }

    /// The embedding's share of the dot product: the only part of a score the encoder
    /// decides, so the part [`super::bert_cache`] keeps per distinct text.
    pub fn embedding_part(&self, embedding: &[f32]) -> f32 {
        // One left-to-right sum, continued by `raw_from`: the same additions in the same
        // order as a single dot product over all inputs, so splitting changes no bit.
        let dot = self
            .weights
            .iter()
            .zip(embedding)
            .fold(0.0, |sum, (w, x)| sum + w * x);
        match &self.classes {
            Some(classes) => dot + classes.warmth(embedding),
            None => dot,
        }
    }

    /// The ridge output from [`Self::embedding_part`] and [`head_features`].
    pub fn raw_from(&self, embedding_part: f32, features: &[f32]) -> f32 {
        let dot = self.weights[DIM.min(self.weights.len())..]
            .iter()
            .zip(features)
            .fold(embedding_part, |sum, (w, x)| sum + w * x);
        self.bias + dot
    }

    /// Warmth in [-1, 1] for one text's [`head_inputs`].
    pub fn warmth(&self, inputs: &[f32]) -> f32 {
        self.calibrated(self.raw(inputs))
    }

    /// Warmth in [-1, 1] from the ridge output.
    pub fn calibrated(&self, raw: f32) -> f32 {
        (self.shift + self.scale * raw).clamp(-1.0, 1.0)
    }
}

/// The repeat cache `PUSHPULL_BERT_CACHE_MB` asks for: unset means the default budget, `0`
/// turns it off (every text encoded every time; for measuring it, or for tight memory).
fn cache_from_env() -> Result<Option<EncodedCache>> {
    match std::env::var("PUSHPULL_BERT_CACHE_MB") {
        Err(_) => Ok(Some(EncodedCache::new(bert_cache::DEFAULT_BUDGET))),
        Ok(text) => match text.trim().parse::<usize>() {
            Ok(0) => Ok(None),
            Ok(mb) => Ok(Some(EncodedCache::new(mb << 20))),
            Err(_) => Err(Error::Usage(format!(
                "PUSHPULL_BERT_CACHE_MB={text:?}: expected a whole number of MB"
            ))),
        },
    }
}

/// The head shipped with the project, trained by `pushpull train --scorer bert`.
const SHIPPED_HEAD: &str = include_str!("../../models/bert-head.json");

/// Encoder + warmth head behind the [`Scorer`] trait.
pub struct BertScorer {
    encoder: Encoder,
    head: WarmthHead,
    builtin: BuiltinScorer,
    /// Repeated texts' encoder results; `None` encodes every text every time.
    cache: Option<EncodedCache>,
}

impl BertScorer {
    /// Loads the encoder from `model_dir` (e.g. `models/minilm`) with the head trained for it:
    /// `model_dir/warmth-head.json` when present, else the shipped `models/bert-head.json`.
    pub fn load(model_dir: &Path) -> Result<Self> {
        let mut encoder = Encoder::load(model_dir)?;
        let own_head = model_dir.join("warmth-head.json");
        let (head_text, head_name) = if own_head.is_file() {
            let text = std::fs::read_to_string(&own_head)
                .map_err(|e| Error::io(own_head.display().to_string(), e))?;
            (text, own_head.display().to_string())
        } else {
            (SHIPPED_HEAD.to_owned(), "models/bert-head.json".to_owned())
        };
        let head: WarmthHead = serde_json::from_str(&head_text)
            .map_err(|e| Error::input(&head_name, None, format!("invalid: {e}")))?;
        let retrain = format!(
            "train one: pushpull train --scorer bert --model-dir {0} --out {0}/warmth-head.json",
            model_dir.display()
        );
        encoder
            .set_tuned(&head.tuned)
            .map_err(|e| Error::Model(format!("{head_name}: {e}; {retrain}")))?;
        if head.encoder != format!("{:016x}", encoder.fingerprint()) {
            return Err(Error::Model(format!(
                "{head_name} was trained for another encoder than {}; {retrain}",
                model_dir.display()
            )));
        }
        if head.weights.len() != HEAD_INPUTS {
            return Err(Error::Model(format!(
                "{head_name} has {} weights, expected {HEAD_INPUTS}; {retrain}",
                head.weights.len()
            )));
        }
        Self::from_tuned(encoder, head)
    }

    /// The scorer from an encoder that already carries `head.tuned` (as after training).
    pub fn from_tuned(mut encoder: Encoder, head: WarmthHead) -> Result<Self> {
        if head.encoder != format!("{:016x}", encoder.fingerprint()) {
            return Err(Error::Model(
                "the head was trained for another encoder".into(),
            ));
        }
        encoder.run_in_parallel(rayon::current_num_threads());
        Ok(BertScorer {
            encoder,
            head,
            builtin: BuiltinScorer::shipped()?,
            cache: cache_from_env()?,
        })
    }

    /// Encodes every text every time from now on (`false`), or reuses repeated texts'
    /// results (`true`, the default, with the default memory budget). Scores are the same.
    pub fn set_cache(&mut self, on: bool) {
        self.cache = on.then(|| EncodedCache::new(bert_cache::DEFAULT_BUDGET));
    }

    /// How often the repeat cache answered so far (`None` when it is off).
    pub fn cache_stats(&self) -> Option<CacheStats> {
        self.cache.as_ref().map(EncodedCache::stats)
    }

    /// The embedding's share of the head's output for each row of word-piece ids.
    fn embedding_parts(&self, ids: &[&[i64]]) -> Result<Vec<f32>> {
        Ok(self
            .encoder
            .embed_ids(ids)?
            .iter()
            .map(|e| self.head.embedding_part(e))
            .collect())
    }

    /// [`Self::embedding_parts`] per text, through the repeat cache when it is on.
    fn parts_of(&self, texts: &[&str]) -> Result<Vec<f32>> {
        let ids = self.encoder.token_ids(texts)?;
        match &self.cache {
            Some(cache) => cache.values(&ids, |missing| self.embedding_parts(missing)),
            None => {
                let rows: Vec<&[i64]> = ids.iter().map(Vec::as_slice).collect();
                self.embedding_parts(&rows)
            }
        }
    }

    /// The head's warmth before the reply rule.
    fn head_warmth(&self, part: f32, builtin: &Scored) -> f32 {
        self.head
            .calibrated(self.head.raw_from(part, &head_features(builtin)))
    }

    /// Warmth per text, in order.
    pub fn try_score(&self, texts: &[&str]) -> Result<Vec<Scored>> {
        self.try_score_in_context(texts, &[])
    }

    /// Warmth per text, text `i` read as a reply to `contexts[i]` (missing entries: none).
    /// Only a bare acknowledgement reads its context: the partner's message is scored by
    /// this scorer too (in the same encoder pass), and when it is warm (≥ 0.25) the
    /// acknowledgement is a withdrawal ([`reply_rule`]).
    pub fn try_score_in_context(
        &self,
        texts: &[&str],
        contexts: &[Option<&str>],
    ) -> Result<Vec<Scored>> {
        let builtin = self.builtin.score_batch(texts)?;
        let answered: Vec<(usize, &str)> = (0..texts.len())
            .filter(|&i| builtin[i].cues.ack)
            .filter_map(|i| Some((i, contexts.get(i).copied().flatten()?)))
            .collect();
        let mut all = texts.to_vec();
        all.extend(answered.iter().map(|&(_, context)| context));
        let parts = self.parts_of(&all)?;
        let context_builtin = self.builtin.score_batch(&all[texts.len()..])?;
        let mut after_warm = vec![false; texts.len()];
        for ((&(i, _), part), b) in answered
            .iter()
            .zip(&parts[texts.len()..])
            .zip(&context_builtin)
        {
            after_warm[i] = self.head_warmth(*part, b) >= 0.25;
        }
        Ok(parts
            .into_iter()
            .zip(builtin)
            .zip(after_warm)
            .map(|((part, b), after_warm)| {
                let warmth = reply_rule(self.head_warmth(part, &b), &b, after_warm);
                Scored {
                    score: Score {
                        warmth,
                        // How far past the warm/cold class threshold (±0.25) the score lies.
                        confidence: (warmth.abs() / 0.25).min(1.0),
                    },
                    cues: b.cues,
                }
            })
            .collect())
    }
}

impl Scorer for BertScorer {
    fn name(&self) -> &str {
        "bert"
    }

    fn score_batch(&self, texts: &[&str]) -> Result<Vec<Scored>> {
        self.try_score(texts)
    }

    fn score_batch_in_context(
        &self,
        texts: &[&str],
        contexts: &[Option<&str>],
    ) -> Result<Vec<Scored>> {
        self.try_score_in_context(texts, contexts)
    }
}
