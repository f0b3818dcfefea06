//! `pushpull train`: rebuilds a scorer's model from the construct set and GoEmotions: the
//! built-in model bit for bit (`--scorer builtin`, the default), or the bert scorer's warmth
//! head (`--scorer bert`, in a build with the `bert` feature).
//!
//! ```text
//! pushpull train --data ../shared/corpus/labeled/goemotions --construct models/construct \
//!     --mapping ../shared/corpus/labeled/warmth_mapping.json --out models/warmth-builtin.bin
//! pushpull train --scorer bert --data ../shared/corpus/labeled/goemotions --construct models/construct
//! pushpull train --scorer lang --data models/construct
//! ```
//!
//! `--scorer lang` rebuilds the Spanish/Portuguese/German/French/Italian warmth model
//! (`models/warmth-lang.json`) from the construct sets in `--data`.

use pushpull::score::train::{train, Settings};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The GoEmotions folder (train.tsv, dev.tsv, labels.txt; test.tsv for bert); for
    /// `--scorer lang`, the construct folder (models/construct); for `--scorer bert`, a
    /// construct folder trains a multilingual encoder's head on every language's set.
    #[arg(long)]
    data: PathBuf,
    /// The label → warmth mapping (default: warmth_mapping.json one folder above --data).
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// The construct set folder (en.tsv, relabeled.tsv; docs/warmth.md).
    #[arg(long, default_value = "models/construct")]
    construct: PathBuf,
    /// Which model to train: `builtin`, `bert` or `lang` (the non-English warmth model,
    /// from the construct sets in --data).
    #[arg(long, default_value = "builtin")]
    scorer: String,
    /// Where to write the model (default: models/warmth-builtin.bin or models/bert-head.json).
    #[arg(long)]
    out: Option<PathBuf>,
    /// bert only: the encoder folder (default: as for `--scorer bert` elsewhere:
    /// $PUSHPULL_MODEL_DIR, else models/minilm beside the executable or in the source tree).
    #[arg(long)]
    model_dir: Option<PathBuf>,
    /// bert only: labelled files to measure the head on, never trained on (default: the
    /// EmotionPush dev file beside --data, when present).
    #[arg(long)]
    validate: Vec<PathBuf>,
    /// bert only: passes of encoder tuning over its texts (0 = frozen encoder).
    #[arg(long, default_value_t = 1)]
    tune_epochs: usize,
    /// bert only: learning rate of encoder tuning.
    #[arg(long, default_value_t = 1e-3)]
    tune_learning_rate: f64,
    /// bert only: training texts encoder tuning uses at most (a seeded sample).
    #[arg(long, default_value_t = 20_000)]
    tune_limit: usize,
    /// bert only: how many top encoder layers tuning trains (MiniLM has 6).
    #[arg(long, default_value_t = 6)]
    tune_layers: usize,
    /// bert only: rank of low-rank adapters on the tuned layers' weight matrices (0: the
    /// bias and LayerNorm vectors only).
    #[arg(long, default_value_t = 8)]
    tune_rank: usize,
    /// bert only: take the tuned encoder values (vectors and adapters) from this head file (trained with the
    /// same tuning settings) instead of tuning again, and refit only the head.
    #[arg(long)]
    tuned_from: Option<PathBuf>,
    /// Loss weight of a construct example against a GoEmotions one (default: 1 for builtin,
    /// 10 for bert; 0 trains on the emotion data alone, as before the construct set).
    #[arg(long)]
    construct_weight: Option<f64>,
    /// Share of the construct dev macro-F1 (against GoEmotions dev's) in choosing the
    /// calibration, and for bert the penalty (default: 0.25 for builtin, 0.35 for bert).
    #[arg(long)]
    construct_share: Option<f64>,
    /// builtin only: seed of the example order and dropout (default: the shipped model's).
    #[arg(long)]
    seed: Option<u64>,
    /// bert only: fit the head on a seeded sample of this many GoEmotions train comments
    /// (0: all of them); embedding them is most of the run's time.
    #[arg(long, default_value_t = 0)]
    head_sample: usize,
    /// bert only: ridge penalty on the built-in scorer's inputs as a share of that on the
    /// embedding.
    #[arg(long, default_value_t = 1.0)]
    cue_penalty: f64,
    /// bert only: times each construct train message joins the encoder-tuning texts.
    #[arg(long, default_value_t = 6)]
    tune_construct_repeat: usize,
    /// bert only: fit the ridge on the embedding alone and add the built-in warmth with a
    /// weight chosen on the dev sets (`--stacked false`: the built-in warmth and cue flags
    /// as ridge inputs beside the embedding).
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    stacked: bool,
    /// bert only: add a class head to the ridge (logistic regression of pull, neutral and
    /// push on the embedding; its P(pull) - P(push) added to the ridge output, stacked with
    /// the built-in warmth); `--class-head false`: the ridge alone.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
    class_head: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mapping = args
        .mapping
        .clone()
        .unwrap_or_else(|| args.data.join("../warmth_mapping.json"));
    match args.scorer.as_str() {
        "builtin" => train_builtin(&args, &mapping),
        "bert" => train_bert(&args, &mapping),
        "lang" => train_lang(&args),
        other => anyhow::bail!("unknown scorer `{other}` (builtin, bert or lang)"),
    }
}

fn train_builtin(args: &Args, mapping: &std::path::Path) -> anyhow::Result<ExitCode> {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| "models/warmth-builtin.bin".into());
    let shipped = Settings::default();
    let settings = Settings {
        construct_weight: args
            .construct_weight
            .map_or(shipped.construct_weight, |w| w as f32),
        construct_share: args.construct_share.unwrap_or(shipped.construct_share),
        seed: args.seed.unwrap_or(shipped.seed),
        ..shipped
    };
    let trained = train(&args.data, mapping, &args.construct, settings)?;
    if let Some(why) = &trained.relabeled_absent {
        eprintln!("pushpull train: note: {why}; trained without the relabelled corpus rows");
    }
    let bytes = trained.model.to_bytes();
    std::fs::write(&out, &bytes).map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
    eprintln!(
        "trained on {} GoEmotions + {} construct examples (weight {}, seed {}), calibrated on {} + {} (construct share {}; short messages: scale {}, shift {}; longer: scale {}, shift {}); wrote {} ({} bytes, fnv64 {:016x})",
        trained.train_examples,
        trained.construct_train,
        settings.construct_weight,
        settings.seed,
        trained.dev_examples,
        trained.construct_dev,
        settings.construct_share,
        trained.model.short.scale,
        trained.model.short.shift,
        trained.model.long.scale,
        trained.model.long.shift,
        out.display(),
        bytes.len(),
        pushpull::score::model::checksum(&bytes)
    );
    Ok(ExitCode::SUCCESS)
}

fn train_lang(args: &Args) -> anyhow::Result<ExitCode> {
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| "models/warmth-lang.json".into());
    let model = pushpull::lang::train::train(&args.data)?;
    std::fs::write(&out, model.to_json()).map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
    eprintln!(
        "trained on {} examples, tuned on {} (penalty {}, scale {}); wrote {}",
        model.train_examples,
        model.dev_examples,
        model.penalty,
        model.scale,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "bert"))]
fn train_bert(_: &Args, _: &std::path::Path) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "the `bert` scorer is not in this build: rebuild with `--features bert` (see docs/bert.md)"
    )
}

#[cfg(feature = "bert")]
fn train_bert(args: &Args, mapping: &std::path::Path) -> anyhow::Result<ExitCode> {
    use pushpull::score::bert::Encoder;
    use pushpull::score::bert_train::{train_head, MixSettings, Paths};
    use pushpull::score::bert_tune::TuneSettings;
    if !args.data.join("train.tsv").is_file() {
        return train_bert_on_construct(args);
    }
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| "models/bert-head.json".into());
    let mut validate = args.validate.clone();
    let emotionpush = args.data.join("../emotionpush/dev.json");
    if validate.is_empty() && emotionpush.is_file() {
        validate.push(emotionpush);
    }
    let model_dir = super::scorer::resolve_model_dir(args.model_dir.as_deref())?;
    let encoder = Encoder::load(&model_dir)?;
    let paths = Paths {
        goemotions: args.data.clone(),
        mapping: mapping.to_owned(),
        construct: args.construct.clone(),
        validate,
        cache: model_dir.join("embedding-cache"),
    };
    let tuning = TuneSettings {
        epochs: args.tune_epochs,
        learning_rate: args.tune_learning_rate,
        limit: args.tune_limit,
        layers: args.tune_layers,
        rank: args.tune_rank,
        ..TuneSettings::default()
    };
    let defaults = MixSettings::default();
    let mix = MixSettings {
        construct_weight: args.construct_weight.unwrap_or(defaults.construct_weight),
        construct_share: args.construct_share.unwrap_or(defaults.construct_share),
        emotion_sample: args.head_sample,
        cue_penalty: args.cue_penalty,
        tune_construct_repeat: args.tune_construct_repeat,
        stacked: args.stacked,
        class_head: args.class_head,
    };
    let tuned_before = match &args.tuned_from {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            let head: pushpull::score::bert::WarmthHead = serde_json::from_str(&text)
                .map_err(|e| anyhow::anyhow!("{}: not a bert head: {e}", path.display()))?;
            Some(head.tuned)
        }
        None => None,
    };
    let trained = train_head(
        encoder,
        &paths,
        tuning,
        tuned_before,
        mix,
        &mut super::progress::on_stderr(),
    )?;
    write_trained_head(&trained, &out)
}

/// `train --scorer bert --data models/construct`: the head of a multilingual encoder, on the
/// construct sets of every language (see `pushpull::score::bert_construct`); written beside
/// the encoder by default, where the scorer finds it.
#[cfg(feature = "bert")]
fn train_bert_on_construct(args: &Args) -> anyhow::Result<ExitCode> {
    use pushpull::score::bert::Encoder;
    use pushpull::score::bert_construct::train_on_construct;
    let model_dir = super::scorer::resolve_model_dir(args.model_dir.as_deref())?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| model_dir.join("warmth-head.json"));
    let encoder = Encoder::load(&model_dir)?;
    let trained = train_on_construct(&encoder, &args.data, &mut super::progress::on_stderr())?;
    write_trained_head(&trained, &out)
}

/// Prints what a trained bert head measured and writes it to `out`.
#[cfg(feature = "bert")]
fn write_trained_head(
    trained: &pushpull::score::bert_train::TrainedHead,
    out: &std::path::Path,
) -> anyhow::Result<ExitCode> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    for m in &trained.measured {
        writeln!(
            stdout,
            "{}: n {} spearman {:.4} macro-F1 {:.4} push recall {:.3}",
            m.file, m.n, m.spearman, m.macro_f1, m.recall_push
        )?;
    }
    std::fs::write(out, serde_json::to_string(&trained.head)? + "\n")
        .map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
    eprintln!("wrote {}", out.display());
    Ok(ExitCode::SUCCESS)
}
