//! The scorer options shared by `score`, `eval`, `analyze` and `validate`, and where the
//! bert scorer's encoder folder is found when `--model-dir` is not given (also used by
//! `train --scorer bert`).

use pushpull::score::{builtin_scorer_from_file, scorer_by_name, Scorer};
use std::path::{Path, PathBuf};

/// The environment variable naming the bert encoder folder.
pub const MODEL_DIR_VAR: &str = "PUSHPULL_MODEL_DIR";

/// The encoder folder under a `models/` folder.
const ENCODER: &str = "models/minilm";

/// The warmth models `--scorer` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScorerName {
    /// The built-in linear model (always available).
    Builtin,
    /// The transformer scorer (a build with `--features bert`).
    Bert,
}

impl ScorerName {
    /// The name the library's `scorer_by_name` takes.
    fn as_str(self) -> &'static str {
        match self {
            ScorerName::Builtin => "builtin",
            ScorerName::Bert => "bert",
        }
    }
}

#[derive(clap::Args)]
pub struct ScorerArgs {
    /// Warmth model.
    #[arg(long, value_enum, default_value_t = ScorerName::Builtin)]
    pub scorer: ScorerName,
    /// bert only: the encoder folder (config.json, vocab.txt, model.safetensors of a BERT
    /// sentence encoder; a head trained for it as warmth-head.json, else the shipped head).
    /// Default: $PUSHPULL_MODEL_DIR, else models/minilm beside the executable, else the
    /// source tree's models/minilm.
    #[arg(long)]
    pub model_dir: Option<PathBuf>,
    /// builtin only: English weights from this file, written by `pushpull train` (e.g. with
    /// other --construct-weight or --seed), instead of the model built into the binary.
    #[arg(long)]
    pub builtin_model: Option<PathBuf>,
}

impl ScorerArgs {
    /// Loads the chosen scorer.
    pub fn load(&self) -> anyhow::Result<Box<dyn Scorer>> {
        if let Some(file) = &self.builtin_model {
            if self.scorer != ScorerName::Builtin {
                anyhow::bail!(
                    "--builtin-model is for --scorer builtin (the bert head is trained for \
                     the shipped built-in model)"
                );
            }
            return Ok(builtin_scorer_from_file(file)?);
        }
        let model_dir = if self.scorer == ScorerName::Bert && cfg!(feature = "bert") {
            resolve_model_dir(self.model_dir.as_deref())?
        } else {
            self.model_dir.clone().unwrap_or_default()
        };
        Ok(scorer_by_name(self.scorer.as_str(), &model_dir)?)
    }
}

/// The bert encoder folder: `given` (`--model-dir`) as it is, else the folder
/// `$PUSHPULL_MODEL_DIR` names (as it is: a wrong value is an error, not a fallback), else
/// the first of `models/minilm` beside the executable and in the source tree that holds a
/// `config.json`; the error lists the folders searched.
pub fn resolve_model_dir(given: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(dir) = given {
        return Ok(dir.to_path_buf());
    }
    if let Some(dir) = std::env::var_os(MODEL_DIR_VAR).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let beside_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(ENCODER)));
    let source_tree = Path::new(env!("CARGO_MANIFEST_DIR")).join(ENCODER);
    search(beside_exe.into_iter().chain([source_tree]).collect())
}

/// The first candidate folder with a `config.json`, or an error naming them all.
fn search(candidates: Vec<PathBuf>) -> anyhow::Result<PathBuf> {
    if let Some(found) = candidates.iter().find(|d| d.join("config.json").is_file()) {
        return Ok(found.clone());
    }
    let searched: Vec<String> = candidates.iter().map(|d| d.display().to_string()).collect();
    anyhow::bail!(
        "no bert encoder folder found: {MODEL_DIR_VAR} is unset and none of {} holds \
         config.json; run scripts/setup-bert.sh, or give --model-dir DIR or {MODEL_DIR_VAR}",
        searched.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_takes_the_first_folder_holding_an_encoder() {
        let root =
            std::env::temp_dir().join(format!("pushpull-model-search-{}", std::process::id()));
        let (empty, encoder) = (root.join("empty"), root.join("encoder"));
        std::fs::create_dir_all(&empty).unwrap();
        std::fs::create_dir_all(&encoder).unwrap();
        std::fs::write(encoder.join("config.json"), "{}").unwrap();
        let found = search(vec![empty.clone(), encoder.clone()]).unwrap();
        assert_eq!(found, encoder);
        let missing = search(vec![empty.clone(), root.join("nowhere")]).unwrap_err();
        let message = missing.to_string();
        assert!(message.contains(&empty.display().to_string()), "{message}");
        assert!(message.contains("nowhere"), "{message}");
        assert!(message.contains(MODEL_DIR_VAR), "{message}");
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_given_folder_is_taken_as_it_is() {
        let given = Path::new("/some/where/else");
        assert_eq!(resolve_model_dir(Some(given)).unwrap(), given);
    }
}
