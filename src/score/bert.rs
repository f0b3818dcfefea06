//! Transformer scorer (`--scorer bert`, cargo feature `bert`): the sentence-transformers
//! encoder all-MiniLM-L6-v2 run by rust-bert on libtorch, mean-pooled and L2-normalised like
//! sentence-transformers, then a linear warmth head trained by the project
//! (`models/bert-head.json`, rebuilt by `cargo run --release --features bert --example
//! train_bert_head`). Set up libtorch and the encoder with `scripts/setup-bert.sh`.
//!
//! Inputs are sorted by token length and padded per batch of [`BATCH`], so short chat lines
//! are not padded to long ones; inference runs without gradients.

use super::{Cues, Score, Scored, Scorer};
use anyhow::{anyhow, bail, Context, Result};
use rust_bert::bert::{BertConfig, BertEmbeddings, BertModel};
use rust_tokenizers::tokenizer::{BertTokenizer, Tokenizer, TruncationStrategy};
use serde::{Deserialize, Serialize};
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
    _weights: VarStore,
}

impl Encoder {
    /// Loads `config.json`, `vocab.txt` and `model.safetensors` from `model_dir`.
    pub fn load(model_dir: &Path) -> Result<Self> {
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
        Ok(Encoder {
            tokenizer,
            model: Mutex::new(model),
            _weights: weights,
        })
    }

    /// One L2-normalised, mean-pooled embedding per text, in input order.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let encoded =
            self.tokenizer
                .encode_list(texts, MAX_TOKENS, &TruncationStrategy::LongestFirst, 0);
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| (encoded[i].token_ids.len(), i));
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(BATCH) {
            let width = chunk
                .iter()
                .map(|&i| encoded[i].token_ids.len())
                .max()
                .unwrap_or(0);
            let mut ids = Vec::with_capacity(chunk.len() * width);
            let mut mask = Vec::with_capacity(chunk.len() * width);
            for &i in chunk {
                let tokens = &encoded[i].token_ids;
                ids.extend_from_slice(tokens);
                ids.resize(ids.len() + width - tokens.len(), 0);
                mask.extend(std::iter::repeat(1i64).take(tokens.len()));
                mask.resize(mask.len() + width - tokens.len(), 0);
            }
            let shape = [chunk.len() as i64, width as i64];
            let ids = Tensor::from_slice(&ids).view(shape);
            let mask = Tensor::from_slice(&mask).view(shape);
            let pooled = tch::no_grad(|| -> Result<Tensor> {
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
                Ok(summed / counts)
            })?;
            let flat = Vec::<f32>::try_from(pooled.contiguous().view(-1))
                .map_err(|e| anyhow!("reading embeddings: {e}"))?;
            for (row, &i) in flat.chunks(DIM).zip(chunk) {
                let norm = row.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
                out[i] = row.iter().map(|x| x / norm).collect();
            }
        }
        Ok(out)
    }
}

/// Linear warmth head on the embedding: `warmth = clamp(bias + weights · embedding, -1, 1)`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WarmthHead {
    /// What the head was trained on and how (for models/README.md readers).
    pub trained_on: String,
    /// Ridge penalty used.
    pub lambda: f64,
    pub bias: f32,
    pub weights: Vec<f32>,
}

impl WarmthHead {
    /// Warmth in [-1, 1] for one embedding.
    pub fn warmth(&self, embedding: &[f32]) -> f32 {
        let dot: f32 = self.weights.iter().zip(embedding).map(|(w, x)| w * x).sum();
        (self.bias + dot).clamp(-1.0, 1.0)
    }
}

/// The head shipped with the project, trained by `examples/train_bert_head.rs`.
const SHIPPED_HEAD: &str = include_str!("../../models/bert-head.json");

/// Encoder + warmth head behind the [`Scorer`] trait.
pub struct BertScorer {
    encoder: Encoder,
    head: WarmthHead,
}

impl BertScorer {
    /// Loads the encoder from `model_dir` (e.g. `models/minilm`) with the shipped head.
    pub fn load(model_dir: &Path) -> Result<Self> {
        let head: WarmthHead =
            serde_json::from_str(SHIPPED_HEAD).context("models/bert-head.json is invalid")?;
        let encoder = Encoder::load(model_dir)?;
        if head.weights.len() != DIM {
            bail!(
                "models/bert-head.json has {} weights, the encoder gives {DIM}",
                head.weights.len()
            );
        }
        Ok(BertScorer { encoder, head })
    }

    /// Warmth per text, in order.
    pub fn try_score(&self, texts: &[&str]) -> Result<Vec<Scored>> {
        let embeddings = self.encoder.embed(texts)?;
        Ok(embeddings
            .iter()
            .zip(texts)
            .map(|(e, text)| {
                let warmth = self.head.warmth(e);
                Scored {
                    score: Score {
                        warmth,
                        // How far past the warm/cold class threshold (±0.25) the score lies.
                        confidence: (warmth.abs() / 0.25).min(1.0),
                    },
                    cues: Cues {
                        words: text.split_whitespace().count() as u32,
                        ..Cues::default()
                    },
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
