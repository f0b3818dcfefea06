//! `pushpull train`: rebuilds the built-in warmth model from GoEmotions, bit for bit.
//!
//! ```text
//! pushpull train --data ../shared/corpus/labeled/goemotions \
//!     --mapping ../shared/corpus/labeled/warmth_mapping.json --out models/warmth-builtin.bin
//! ```

use pushpull::score::train::{train, Settings};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The GoEmotions folder (train.tsv, dev.tsv, labels.txt).
    #[arg(long)]
    data: PathBuf,
    /// The label → warmth mapping (default: warmth_mapping.json one folder above --data).
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// Where to write the model.
    #[arg(long, default_value = "models/warmth-builtin.bin")]
    out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mapping = args
        .mapping
        .unwrap_or_else(|| args.data.join("../warmth_mapping.json"));
    let trained = train(&args.data, &mapping, Settings::default())?;
    let bytes = trained.model.to_bytes();
    std::fs::write(&args.out, &bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.out.display()))?;
    eprintln!(
        "trained on {} examples, calibrated on {} (short messages: scale {}, shift {}; longer: scale {}, shift {}); wrote {} ({} bytes, fnv64 {:016x})",
        trained.train_examples,
        trained.dev_examples,
        trained.model.short.scale,
        trained.model.short.shift,
        trained.model.long.scale,
        trained.model.long.shift,
        args.out.display(),
        bytes.len(),
        pushpull::score::model::checksum(&bytes)
    );
    Ok(ExitCode::SUCCESS)
}
