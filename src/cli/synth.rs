//! `pushpull synth`: writes a planted conversation as a real export plus its ground truth.
//!
//! ```text
//! pushpull synth --scenario pushpull --days 180 --seed 7 -o out/
//! pushpull synth --scenario onoff --format whatsapp-ios --names "Mara Quill,Teo Brandt" -o out/
//! pushpull synth --scenario real_ghost --seed 3 -o out/   # realistic: text from the corpus
//! ```
//! Writes `<export file>` and `<export file stem>.truth.json` into the output folder.

use super::text::TextArgs;
use clap::builder::PossibleValue;
use pushpull::synth::realistic::{DEFAULT_DAYS, REALISTIC};
use pushpull::synth::{
    ExportFormat, RealisticChat, RealisticScenario, Scenario, Synthetic, SCENARIOS,
};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// What to plant: a planted scenario (pushpull, ...) or a realistic one (real_*).
    #[arg(long, value_parser = choice_parser())]
    scenario: Choice,
    /// Length of the conversation in days (default 180; 243 for realistic scenarios).
    #[arg(long)]
    days: Option<usize>,
    #[command(flatten)]
    text: TextArgs,
    /// Random seed (same seed, same conversation).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Sessions per day relative to the generator's normal rate (≈ 35 messages a day);
    /// e.g. 0.4 for a quieter, smaller file.
    #[arg(long, default_value_t = 1.0)]
    rate: f64,
    /// Export format to write.
    #[arg(long, value_enum, default_value_t = ExportFormatArg::WhatsApp)]
    format: ExportFormatArg,
    /// The two fictional names, "PARTNER,PLANTED" (the second one runs hot and cold).
    #[arg(long)]
    names: Option<String>,
    /// Write the messages in this language instead of English (`es` or `tr`).
    #[arg(long)]
    lang: Option<String>,
    /// Output folder (created if missing).
    #[arg(short = 'o', long = "out", default_value = ".")]
    out: PathBuf,
}

/// A scenario of either family.
#[derive(Clone, Copy)]
enum Choice {
    Planted(Scenario),
    Realistic(RealisticScenario),
}

/// Accepts the names of both scenario families (and lists them, with what each plants, in
/// `--help`).
fn choice_parser() -> impl clap::builder::TypedValueParser<Value = Choice> {
    let choices = SCENARIOS
        .iter()
        .map(|&s| Choice::Planted(s))
        .chain(REALISTIC.iter().map(|&r| Choice::Realistic(r)));
    let names = choices.map(|c| PossibleValue::new(c.name()).help(c.about()));
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(names).try_map(|s: String| parse_choice(&s))
}

fn parse_choice(s: &str) -> Result<Choice, String> {
    SCENARIOS
        .iter()
        .map(|&p| Choice::Planted(p))
        .chain(REALISTIC.iter().map(|&r| Choice::Realistic(r)))
        .find(|c| c.name() == s)
        .ok_or_else(|| format!("unknown scenario `{s}`"))
}

impl Choice {
    fn name(self) -> &'static str {
        match self {
            Choice::Planted(s) => s.name(),
            Choice::Realistic(r) => r.name(),
        }
    }

    fn about(self) -> &'static str {
        match self {
            Choice::Planted(s) => s.about(),
            Choice::Realistic(r) => r.about(),
        }
    }
}

/// `--format`: the library's [`ExportFormat`] as a command-line value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormatArg {
    /// WhatsApp Android `.txt` (minute resolution).
    #[value(name = "whatsapp")]
    WhatsApp,
    /// WhatsApp iOS `.zip` with `_chat.txt` (second resolution).
    #[value(name = "whatsapp-ios")]
    WhatsAppIos,
    /// signal-export Markdown `.md` (second resolution).
    #[value(name = "signal")]
    Signal,
}

impl From<ExportFormatArg> for ExportFormat {
    fn from(arg: ExportFormatArg) -> Self {
        match arg {
            ExportFormatArg::WhatsApp => ExportFormat::WhatsApp,
            ExportFormatArg::WhatsAppIos => ExportFormat::WhatsAppIos,
            ExportFormatArg::Signal => ExportFormat::Signal,
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let scenario = match args.scenario {
        Choice::Planted(s) => s,
        Choice::Realistic(r) => return run_realistic(&args, r),
    };
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
    let days = args.days.unwrap_or(180);
    let mut synth = Synthetic::generate_scaled(scenario, days, args.seed, names, args.rate);
    if let Some(lang) = &args.lang {
        if pushpull::lang::phrases::retext(&mut synth, lang).is_none() {
            anyhow::bail!(
                "--lang {lang}: phrase banks exist for {}",
                pushpull::lang::phrases::SYNTH_LANGS.join(", ")
            );
        }
    }
    let (file_name, bytes) = synth.render(args.format.into())?;
    let (export_path, truth_path) = write(&args, &file_name, &bytes, &synth.truth_json())?;
    eprintln!(
        "wrote {} ({} messages over {} days) and {}",
        export_path.display(),
        synth.messages.len(),
        synth.days,
        truth_path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A realistic scenario (its own names; group chats in the WhatsApp group format).
fn run_realistic(args: &Args, scenario: RealisticScenario) -> anyhow::Result<ExitCode> {
    if args.names.is_some() || args.rate != 1.0 {
        anyhow::bail!(
            "--names and --rate apply to planted scenarios, not {}",
            scenario.name()
        );
    }
    let text = args.text.load()?;
    let days = args.days.unwrap_or(DEFAULT_DAYS);
    let chat = RealisticChat::generate(scenario, days, args.seed, &text);
    let format = if scenario.group_title().is_some() {
        ExportFormat::WhatsApp
    } else {
        args.format.into()
    };
    let (file_name, bytes) = chat.render(format)?;
    let (export_path, truth_path) = write(args, &file_name, &bytes, &chat.truth_json())?;
    eprintln!(
        "wrote {} ({} messages from {} people over {} days) and {}",
        export_path.display(),
        chat.messages.len(),
        chat.names.len(),
        chat.days,
        truth_path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes the export and `<export file stem>.truth.json` into the output folder; returns
/// both paths.
fn write(
    args: &Args,
    file_name: &str,
    bytes: &[u8],
    truth: &str,
) -> anyhow::Result<(PathBuf, PathBuf)> {
    std::fs::create_dir_all(&args.out)
        .map_err(|e| anyhow::anyhow!("{}: cannot create folder: {e}", args.out.display()))?;
    let export_path = args.out.join(file_name);
    let stem = file_name.rsplit_once('.').map_or(file_name, |(a, _)| a);
    let truth_path = args.out.join(format!("{stem}.truth.json"));
    std::fs::write(&export_path, bytes)
        .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", export_path.display()))?;
    std::fs::write(&truth_path, truth)
        .map_err(|e| anyhow::anyhow!("{}: cannot write: {e}", truth_path.display()))?;
    Ok((export_path, truth_path))
}
