//! `pushpull synth`: writes a planted conversation as a real export plus its ground truth.
//!
//! ```text
//! pushpull synth --scenario pushpull --days 180 --seed 7 -o out/
//! pushpull synth --scenario onoff --format whatsapp-ios --names "Mara Quill,Teo Brandt" -o out/
//! ```
//! Writes `<export file>` and `<export file stem>.truth.json` into the output folder.

use pushpull::synth::{ExportFormat, Scenario, Synthetic};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// What to plant.
    #[arg(long, value_enum)]
    scenario: Scenario,
    /// Length of the conversation in days.
    #[arg(long, default_value_t = 180)]
    days: usize,
    /// Random seed (same seed, same conversation).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Sessions per day relative to the generator's normal rate (≈ 35 messages a day);
    /// e.g. 0.4 for a quieter, smaller file.
    #[arg(long, default_value_t = 1.0)]
    rate: f64,
    /// Export format to write.
    #[arg(long, value_enum, default_value_t = ExportFormat::WhatsApp)]
    format: ExportFormat,
    /// The two fictional names, "PARTNER,PLANTED" (the second one runs hot and cold).
    #[arg(long)]
    names: Option<String>,
    /// Output folder (created if missing).
    /// Write the messages in this language instead of English (`es` or `tr`).
    #[arg(long)]
    lang: Option<String>,
    #[arg(short = 'o', long = "out", default_value = ".")]
    out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let names = match &args.names {
        None => pushpull::synth::default_names(),
        Some(s) => match s.split_once(',') {
            Some((a, b))
                if !a.trim().is_empty() && !b.trim().is_empty() && a.trim() != b.trim() =>
            {
                [a.trim().to_string(), b.trim().to_string()]
            }
            _ => anyhow::bail!("--names wants two different names separated by a comma, got {s:?}"),
        },
    };
    if !(args.rate > 0.0 && args.rate <= 100.0) {
        anyhow::bail!("--rate must be in (0, 100], got {}", args.rate);
    }
    let mut synth =
        Synthetic::generate_scaled(args.scenario, args.days, args.seed, names, args.rate);
    if let Some(lang) = &args.lang {
        if pushpull::lang::phrases::retext(&mut synth, lang).is_none() {
            anyhow::bail!(
                "--lang {lang}: phrase banks exist for {}",
                pushpull::lang::phrases::SYNTH_LANGS.join(", ")
            );
        }
    }
    let (file_name, bytes) = synth.render(args.format)?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| anyhow::anyhow!("{}: cannot create folder: {e}", args.out.display()))?;
    let export_path = args.out.join(&file_name);
    let stem = file_name
        .rsplit_once('.')
        .map_or(file_name.as_str(), |(a, _)| a);
    let truth_path = args.out.join(format!("{stem}.truth.json"));
    std::fs::write(&export_path, &bytes)
        .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", export_path.display()))?;
    std::fs::write(&truth_path, synth.truth_json())
        .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", truth_path.display()))?;
    eprintln!(
        "wrote {} ({} messages over {} days) and {}",
        export_path.display(),
        synth.messages.len(),
        synth.days,
        truth_path.display()
    );
    Ok(ExitCode::SUCCESS)
}
