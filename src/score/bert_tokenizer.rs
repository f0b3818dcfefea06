//! The bert encoder's tokenizer, whichever the model folder ships: a Hugging Face
//! `tokenizer.json` (read by the `tokenizers` crate, Hugging Face's own implementation), which
//! multilingual encoders such as paraphrase-multilingual-MiniLM-L12-v2 and
//! multilingual-e5-small ship as their only tokenizer (SentencePiece Unigram over 250k
//! pieces), or else a WordPiece `vocab.txt` (lower-cased, accents stripped, read by
//! `rust_tokenizers`), as `scripts/setup-bert.sh` places all-MiniLM-L6-v2.
//!
//! `tokenizer.json` wins when both are there: it carries the model's own normalisation
//! (casing, accents), which a bare `vocab.txt` cannot say. Either way each text becomes the
//! model's special tokens around its pieces, truncated to a maximum length, never padded.

use crate::error::{Error, Result};
use rust_tokenizers::tokenizer::{BertTokenizer, Tokenizer as _, TruncationStrategy};
use std::path::Path;
use tokenizers::{Tokenizer, TruncationParams};

/// A model folder's tokenizer.
pub enum TextTokenizer {
    /// `tokenizer.json`.
    HuggingFace(Box<Tokenizer>),
    /// `vocab.txt`, lower-casing and stripping accents like all-MiniLM-L6-v2.
    WordPiece {
        /// The WordPiece tokenizer read from `vocab.txt`.
        tokenizer: Box<BertTokenizer>,
        /// Longest input in pieces, special tokens included.
        max_tokens: usize,
    },
}

impl TextTokenizer {
    /// Reads `model_dir/tokenizer.json`, else `model_dir/vocab.txt`; texts will be cut to
    /// `max_tokens` pieces, special tokens included.
    pub fn load(model_dir: &Path, max_tokens: usize) -> Result<Self> {
        let json = model_dir.join("tokenizer.json");
        let vocab = model_dir.join("vocab.txt");
        if json.is_file() {
            let invalid = |e: tokenizers::Error| {
                Error::input(json.display().to_string(), None, e.to_string())
            };
            let mut tokenizer = Tokenizer::from_file(&json).map_err(invalid)?;
            // Hugging Face folders often pad every text to a fixed width (128 for
            // all-MiniLM-L6-v2); the encoder batches texts of one length, so no padding.
            tokenizer.with_padding(None);
            tokenizer
                .with_truncation(Some(TruncationParams {
                    max_length: max_tokens,
                    ..TruncationParams::default()
                }))
                .map_err(invalid)?;
            Ok(TextTokenizer::HuggingFace(Box::new(tokenizer)))
        } else if vocab.is_file() {
            let tokenizer = BertTokenizer::from_file(&vocab, true, true)
                .map_err(|e| Error::input(vocab.display().to_string(), None, e.to_string()))?;
            Ok(TextTokenizer::WordPiece {
                tokenizer: Box::new(tokenizer),
                max_tokens,
            })
        } else {
            Err(Error::Usage(format!(
                "{} missing, and no {} either: the encoder folder needs one of them \
                 (run scripts/setup-bert.sh, or see docs/bert.md for other encoders)",
                vocab.display(),
                json.display()
            )))
        }
    }

    /// Token ids per text, special tokens included, cut to the length [`Self::load`] was
    /// given.
    pub fn token_ids(&self, texts: &[&str]) -> Result<Vec<Vec<i64>>> {
        match self {
            TextTokenizer::HuggingFace(tokenizer) => texts
                .iter()
                .map(|text| {
                    let encoding = tokenizer
                        .encode(*text, true)
                        .map_err(|e| Error::Model(format!("tokenizing {text:?}: {e}")))?;
                    Ok(encoding.get_ids().iter().map(|&id| i64::from(id)).collect())
                })
                .collect(),
            TextTokenizer::WordPiece {
                tokenizer,
                max_tokens,
            } => Ok(tokenizer
                .encode_list(texts, *max_tokens, &TruncationStrategy::LongestFirst, 0)
                .into_iter()
                .map(|e| e.token_ids)
                .collect()),
        }
    }
}
