//! The scorer options shared by `score`, `eval`, `analyze` and `validate`.

use pushpull::score::{scorer_by_name, Scorer};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct ScorerArgs {
    /// Warmth model: `builtin` (default), or `bert` in a build with `--features bert`.
    #[arg(long, default_value = "builtin")]
    pub scorer: String,
    /// bert only: the encoder folder (config.json, vocab.txt, model.safetensors of a BERT
    /// sentence encoder; a head trained for it as warmth-head.json, else the shipped head).
    #[arg(long, default_value = "models/minilm")]
    pub model_dir: PathBuf,
}

impl ScorerArgs {
    /// Loads the chosen scorer.
    pub fn load(&self) -> anyhow::Result<Box<dyn Scorer>> {
        Ok(scorer_by_name(&self.scorer, &self.model_dir)?)
    }
}
