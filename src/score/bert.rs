//! Transformer scorer (`--scorer bert`, cargo feature `bert`): the sentence-transformers
//! encoder all-MiniLM-L6-v2 run by rust-bert on libtorch, mean-pooled and L2-normalised like
//! sentence-transformers (with the bias vectors the project tuned for warmth), then a linear
//! warmth head over the embedding and the built-in scorer's cues (`models/bert-head.json`,
//! rebuilt by `pushpull train --scorer bert`, see `bert_train`). Set up libtorch and the
//! encoder with `scripts/setup-bert.sh`.
//!
//! Inputs are sorted by token length and padded per batch of [`BATCH`], so short chat lines
//! are not padded to long ones; inference runs without gradients.

use super::{BuiltinScorer, Score, Scored, Scorer};
use anyhow::{anyhow, bail, Context, Result};
use rust_bert::bert::{BertConfig, BertEmbeddings, BertModel};
use rust_tokenizers::tokenizer::{BertTokenizer, Tokenizer, TruncationStrategy};
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
    tokenizer: BertTokenizer,
    // libtorch tensors are not `Sync`; forward passes take turns (libtorch parallelises each).
    model: Mutex<BertModel<BertEmbeddings>>,
    // Owns the weights the model's tensors point into.
    weights: VarStore,
    fingerprint: u64,
    /// Number of transformer layers.
    layers: usize,
}

impl Encoder {
    /// Loads `config.json`, `vocab.txt` and `model.safetensors` from `model_dir`.
    pub fn load(model_dir: &Path) -> Result<Self> {
        keep_freed_memory();
        if !model_dir.is_dir() {
            bail!(
                "bert model folder {} not found (run scripts/setup-bert.sh)",
                model_dir.display()
            );
        }
        let file = |name: &str| {
            let path = model_dir.join(name);
            if path.is_file() {
                Ok(path)
            } else {
                Err(anyhow!(
                    "{} missing (run scripts/setup-bert.sh)",
                    path.display()
                ))
            }
        };
        let config_path = file("config.json")?;
        let config_text = std::fs::read_to_string(&config_path)
            .with_context(|| format!("reading {}", config_path.display()))?;
        let config: BertConfig = serde_json::from_str(&config_text)
            .with_context(|| format!("{}: not a BERT config", config_path.display()))?;
        let vocab_path = file("vocab.txt")?;
        let tokenizer = BertTokenizer::from_file(&vocab_path, true, true)
            .map_err(|e| anyhow!("{}: {e}", vocab_path.display()))?;
        let weights_path = file("model.safetensors")?;
        let mut weights = VarStore::new(Device::Cpu);
        let model =
            BertModel::<BertEmbeddings>::new_with_optional_pooler(weights.root(), &config, false);
        weights
            .load(&weights_path)
            .map_err(|e| anyhow!("{}: {e}", weights_path.display()))?;
        let fingerprint = super::model::checksum(config_text.as_bytes())
            ^ std::fs::metadata(&weights_path).map_or(0, |m| m.len());
        Ok(Encoder {
            fingerprint,
            tokenizer,
            model: Mutex::new(model),
            weights,
            layers: config.num_hidden_layers as usize,
        })
    }

    /// Identifies the encoder (its config, weight file size and tuned parameters), to key
    /// cached embeddings and to match a head to the encoder it was trained on.
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// Word-piece ids per text, truncated at [`MAX_TOKENS`].
    pub fn token_ids(&self, texts: &[&str]) -> Vec<Vec<i64>> {
        self.tokenizer
            .encode_list(texts, MAX_TOKENS, &TruncationStrategy::LongestFirst, 0)
            .into_iter()
            .map(|e| e.token_ids)
            .collect()
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
        let model = self
            .model
            .lock()
            .map_err(|_| anyhow!("bert model lock poisoned"))?;
        let hidden = model
            .forward_t(Some(&ids), Some(&mask), None, None, None, None, None, false)
            .map_err(|e| anyhow!("bert forward pass: {e}"))?
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
        let ids = self.token_ids(texts);
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| (ids[i].len(), i));
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(BATCH) {
            let rows: Vec<&[i64]> = chunk.iter().map(|&i| ids[i].as_slice()).collect();
            let pooled = tch::no_grad(|| self.pooled(&rows))?;
            let flat = Vec::<f32>::try_from(pooled.contiguous().view(-1))
                .map_err(|e| anyhow!("reading embeddings: {e}"))?;
            for (row, &i) in flat.chunks(DIM).zip(chunk) {
                out[i] = row.to_vec();
            }
        }
        Ok(out)
    }

    /// The parameters bias tuning trains (every bias and LayerNorm vector of the top
    /// `top_layers` layers), by name; all other weights are frozen.
    pub fn tunable(&mut self, top_layers: usize) -> Vec<(String, Tensor)> {
        self.weights.freeze();
        let layers = self.layers;
        let mut tunable: Vec<(String, Tensor)> = self
            .weights
            .variables()
            .into_iter()
            .filter(|(name, _)| name.ends_with(".bias") || name.contains("LayerNorm"))
            .filter(|(name, _)| {
                name.strip_prefix("encoder.layer.")
                    .and_then(|rest| rest.split('.').next())
                    .and_then(|n| n.parse::<usize>().ok())
                    .is_some_and(|n| n + top_layers >= layers)
            })
            .collect();
        tunable.sort_by(|a, b| a.0.cmp(&b.0));
        for (_, t) in &tunable {
            let _ = t.set_requires_grad(true);
        }
        tunable
    }

    /// Overwrites parameters with tuned values (from a head file) and updates the fingerprint.
    pub fn set_tuned(&mut self, tuned: &BTreeMap<String, Vec<f32>>) -> Result<()> {
        let mut variables = self.weights.variables();
        for (name, values) in tuned {
            let var = variables
                .get_mut(name)
                .ok_or_else(|| anyhow!("tuned parameter {name} is not in the encoder"))?;
            if var.numel() != values.len() {
                bail!(
                    "tuned parameter {name} has {} values, the encoder {}",
                    values.len(),
                    var.numel()
                );
            }
            let new = Tensor::from_slice(values).view(var.size().as_slice());
            tch::no_grad(|| var.copy_(&new));
        }
        self.fingerprint ^= tuned_fingerprint(tuned);
        Ok(())
    }
}

/// Asks glibc to keep freed memory for reuse: libtorch allocates a few MB of activations per
/// op and frees them, and with glibc's defaults each of those buffers is mapped and unmapped
/// again, so a fifth of inference time went to page faults (`perf`). Measured +30% texts/s.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes allocator thresholds; it is safe to call at any time.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
    }
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

/// Inputs to the warmth head for one text: the sentence embedding followed by the built-in
/// scorer's warmth and its chat cues (which the encoder, trained on other prose, reads weakly).
pub fn head_inputs(embedding: &[f32], builtin: &Scored) -> Vec<f32> {
    let cues = &builtin.cues;
    let flag = |n: u16| f32::from(u8::from(n > 0));
    let mut inputs = Vec::with_capacity(HEAD_INPUTS);
    inputs.extend_from_slice(embedding);
    inputs.extend([
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
    ]);
    inputs
}

/// Length of [`head_inputs`].
pub const HEAD_INPUTS: usize = DIM + 10;

/// Linear warmth head: `warmth = clamp(bias + weights · head_inputs, -1, 1)`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WarmthHead {
    /// What the head was trained on and how (for models/README.md readers).
    pub trained_on: String,
    /// [`Encoder::fingerprint`] of the encoder it was trained on, in hex.
    pub encoder: String,
    /// Ridge penalty used.
    pub lambda: f64,
    /// Encoder parameters changed by bias tuning (name → values); empty for a frozen encoder.
    #[serde(default)]
    pub tuned: BTreeMap<String, Vec<f32>>,
    pub bias: f32,
    pub weights: Vec<f32>,
    /// Calibration `warmth = shift + scale · raw`, fitted for macro-F1 on GoEmotions dev
    /// (a strong ridge penalty ranks well but shrinks scores toward the mean).
    pub scale: f32,
    pub shift: f32,
}

impl WarmthHead {
    /// The ridge output before calibration.
    pub fn raw(&self, inputs: &[f32]) -> f32 {
        let dot: f32 = self.weights.iter().zip(inputs).map(|(w, x)| w * x).sum();
        self.bias + dot
    }

    /// Warmth in [-1, 1] for one text's [`head_inputs`].
    pub fn warmth(&self, inputs: &[f32]) -> f32 {
        (self.shift + self.scale * self.raw(inputs)).clamp(-1.0, 1.0)
    }
}

/// The head shipped with the project, trained by `pushpull train --scorer bert`.
const SHIPPED_HEAD: &str = include_str!("../../models/bert-head.json");

/// Encoder + warmth head behind the [`Scorer`] trait.
pub struct BertScorer {
    encoder: Encoder,
    head: WarmthHead,
    builtin: BuiltinScorer,
}

impl BertScorer {
    /// Loads the encoder from `model_dir` (e.g. `models/minilm`) with the head trained for it:
    /// `model_dir/warmth-head.json` when present, else the shipped `models/bert-head.json`.
    pub fn load(model_dir: &Path) -> Result<Self> {
        let mut encoder = Encoder::load(model_dir)?;
        let own_head = model_dir.join("warmth-head.json");
        let (head_text, head_name) = if own_head.is_file() {
            let text = std::fs::read_to_string(&own_head)
                .with_context(|| format!("reading {}", own_head.display()))?;
            (text, own_head.display().to_string())
        } else {
            (SHIPPED_HEAD.to_owned(), "models/bert-head.json".to_owned())
        };
        let head: WarmthHead =
            serde_json::from_str(&head_text).with_context(|| format!("{head_name} is invalid"))?;
        let retrain = format!(
            "train one: pushpull train --scorer bert --model-dir {0} --out {0}/warmth-head.json",
            model_dir.display()
        );
        encoder
            .set_tuned(&head.tuned)
            .with_context(|| format!("{head_name}: {retrain}"))?;
        if head.encoder != format!("{:016x}", encoder.fingerprint()) {
            bail!(
                "{head_name} was trained for another encoder than {}; {retrain}",
                model_dir.display()
            );
        }
        if head.weights.len() != HEAD_INPUTS {
            bail!(
                "{head_name} has {} weights, expected {HEAD_INPUTS}; {retrain}",
                head.weights.len()
            );
        }
        Ok(BertScorer {
            encoder,
            head,
            builtin: BuiltinScorer::shipped()?,
        })
    }

    /// Warmth per text, in order.
    pub fn try_score(&self, texts: &[&str]) -> Result<Vec<Scored>> {
        let embeddings = self.encoder.embed(texts)?;
        let builtin = self.builtin.score_batch(texts);
        Ok(embeddings
            .iter()
            .zip(builtin)
            .map(|(e, b)| {
                let warmth = self.head.warmth(&head_inputs(e, &b));
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

    fn score_batch(&self, texts: &[&str]) -> Vec<Scored> {
        // The trait has no error channel; a libtorch failure mid-run is unrecoverable here.
        self.try_score(texts)
            .unwrap_or_else(|e| panic!("bert scorer failed: {e:#}"))
    }
}
