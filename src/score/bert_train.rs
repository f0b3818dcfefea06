//! Training the bert scorer's warmth head (`pushpull train --scorer bert`) on the same mix
//! as the built-in model: GoEmotions train (gold warmth from the emotion mapping) and the
//! construct set's train split with the relabelled corpus rows (`models/construct/`,
//! `docs/warmth.md`). The encoder is tuned first ([`super::bert_tune`]); then every
//! text is embedded once (cached on disk, the slow part), the head is fitted by weighted
//! ridge regression plus a class head ([`super::bert_softmax`]), and the penalties, the
//! built-in warmth's weight and the calibration are chosen on GoEmotions dev and the
//! construct dev split together. Test splits are never read here; `pushpull eval` reports
//! them.

use super::bert::{head_inputs, BertScorer, Encoder, WarmthHead, DIM, HEAD_INPUTS};
use super::bert_softmax;
use super::bert_tune::{tune, TuneSettings};
use super::construct::{self, ConstructExample, Split as ConstructSplit};
use super::eval::{evaluate_with, EvalOptions};
use super::labeled::{self, Class};
use super::metrics::{confusion, macro_f1, spearman};
use super::model::checksum;
use super::{BuiltinScorer, Scored, Scorer};
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::rng::Rng;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Seed of the GoEmotions sample ([`MixSettings::emotion_sample`]).
const SAMPLE_SEED: u64 = 12;

/// Ridge penalties tried; the best on the dev mix is kept.
const LAMBDAS: [f64; 10] = [
    3.0, 10.0, 30.0, 100.0, 300.0, 1000.0, 3000.0, 10000.0, 30000.0, 100000.0,
];

/// Where the labelled data and the embedding cache are.
pub struct Paths {
    /// The GoEmotions folder (`train.tsv`, `dev.tsv`, `labels.txt`).
    pub goemotions: PathBuf,
    /// The label → warmth mapping.
    pub mapping: PathBuf,
    /// The construct set folder (`en.tsv`, `relabeled.tsv`).
    pub construct: PathBuf,
    /// Further labelled files to measure (e.g. EmotionPush dev); never trained on.
    pub validate: Vec<PathBuf>,
    /// Folder for cached embeddings and tuned values (created when missing).
    pub cache: PathBuf,
}

/// How the two data sets are mixed.
#[derive(Debug, Clone, Copy)]
pub struct MixSettings {
    /// Loss weight of a construct example relative to a GoEmotions one.
    pub construct_weight: f64,
    /// Share of the construct dev macro-F1 (against GoEmotions dev's) in choosing the
    /// penalty and the calibration.
    pub construct_share: f64,
    /// GoEmotions train comments the ridge head reads at most (a seeded sample; 0: all).
    /// Embedding them is most of a training run's time.
    pub emotion_sample: usize,
    /// Ridge penalty on the built-in scorer's inputs (its warmth and cue flags) as a share
    /// of the penalty on the embedding's dimensions. Below 1, a strong penalty, which the
    /// 384 small embedding dimensions need, no longer shrinks the few strong cue inputs.
    pub cue_penalty: f64,
    /// Times each construct train message joins the encoder-tuning texts (0: tuning reads
    /// GoEmotions train only).
    pub tune_construct_repeat: usize,
    /// Stacking: the ridge reads the embedding alone, and the built-in warmth joins it with
    /// a weight chosen on the dev sets (its cue flags get weight 0). The built-in model was
    /// trained on the construct train split, so there its warmth is in-sample (macro-F1
    /// 0.91 against 0.58 on the construct dev split) and a ridge fitted there over-trusts it.
    pub stacked: bool,
    /// Add a class head ([`super::bert_softmax`]) to the ridge: multinomial logistic
    /// regression on the embedding, its `P(pull) − P(push)` summed with the ridge output,
    /// stacked with the built-in warmth like [`Self::stacked`] (which it implies).
    pub class_head: bool,
}

impl Default for MixSettings {
    fn default() -> Self {
        MixSettings {
            construct_weight: 10.0,
            construct_share: 0.35,
            emotion_sample: 0,
            cue_penalty: 1.0,
            tune_construct_repeat: 6,
            stacked: true,
            class_head: true,
        }
    }
}

/// One measured file: name, n, Spearman, macro-F1, recall of push.
pub struct Measured {
    /// The file measured.
    pub file: String,
    /// Examples scored.
    pub n: usize,
    /// Spearman rank correlation with the gold warmth.
    pub spearman: f64,
    /// Macro-F1 over warm, neutral and cold.
    pub macro_f1: f64,
    /// Share of the gold push (cold) examples read as push.
    pub recall_push: f64,
}

/// A trained head and what it measured on the dev sets and validation files.
pub struct TrainedHead {
    /// The trained head, ready to write to `models/bert-head.json`.
    pub head: WarmthHead,
    /// The dev splits and each validation file, measured with the head.
    pub measured: Vec<Measured>,
}

/// A training text and its gold warmth.
type Gold = (String, f64);

/// Labelled texts turned into head inputs, with their gold warmth and loss weight.
pub(super) struct Rows {
    pub(super) inputs: Vec<Vec<f32>>,
    pub(super) gold: Vec<f64>,
    pub(super) weight: Vec<f64>,
}

/// The training texts: GoEmotions train (without the comments the construct set relabels;
/// a seeded sample of `sample` of them when `sample` is not 0, kept in file order) and the
/// construct train split without the curt replies, whose push comes from what they
/// answer (the reply rule reads that; the words alone, "k", "ok", are neutral).
fn training_texts(
    goemotions: &labeled::Labeled,
    set: &[ConstructExample],
    sample: usize,
) -> (Vec<Gold>, Vec<Gold>) {
    let relabeled: HashSet<&str> = set
        .iter()
        .filter(|e| e.subkind == "real")
        .map(|e| e.text.as_str())
        .collect();
    let mut emotion: Vec<(String, f64)> = goemotions
        .examples
        .iter()
        .filter(|e| !relabeled.contains(e.text.as_str()))
        .map(|e| (e.text.clone(), e.gold))
        .collect();
    if sample > 0 && sample < emotion.len() {
        let mut rng = Rng::new(SAMPLE_SEED);
        let mut order: Vec<usize> = (0..emotion.len()).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.index(i + 1));
        }
        let mut keep = vec![false; emotion.len()];
        for &i in &order[..sample] {
            keep[i] = true;
        }
        let mut flags = keep.into_iter();
        emotion.retain(|_| flags.next().unwrap_or(false));
    }
    let construct = set
        .iter()
        .filter(|e| e.split == ConstructSplit::Train && e.subkind != "curt")
        .map(|e| (e.text.clone(), e.gold()))
        .collect();
    (emotion, construct)
}

/// Trains the head: bias-tunes `encoder` on GoEmotions train (see [`super::bert_tune`];
/// `tuned_before` skips that and uses those values, from a head trained with the same tuning),
/// then fits the ridge head on the mix. Reports progress and the penalty search to
/// `progress`.
pub fn train_head(
    mut encoder: Encoder,
    paths: &Paths,
    tuning: TuneSettings,
    tuned_before: Option<BTreeMap<String, Vec<f32>>>,
    mix: MixSettings,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<TrainedHead> {
    let builtin = BuiltinScorer::shipped()?;
    let goemotions = labeled::load(&paths.goemotions.join("train.tsv"), Some(&paths.mapping))?;
    let corpus = paths.goemotions.parent().unwrap_or(Path::new("."));
    let set = construct::training_set(&paths.construct, corpus)?;
    if let Some(why) = &set.relabeled_absent {
        progress(Progress::Line(&format!(
            "note: {why}; training without the relabelled corpus rows"
        )));
    }
    let (emotion, construct_train) = training_texts(&goemotions, &set.examples, mix.emotion_sample);
    let mut texts: Vec<&str> = goemotions
        .examples
        .iter()
        .map(|e| e.text.as_str())
        .collect();
    let mut gold: Vec<f64> = goemotions.examples.iter().map(|e| e.gold).collect();
    for _ in 0..mix.tune_construct_repeat {
        texts.extend(construct_train.iter().map(|(t, _)| t.as_str()));
        gold.extend(construct_train.iter().map(|(_, g)| *g));
    }
    let tuned = match tuned_before {
        Some(tuned) => tuned,
        None => tune_cached(&mut encoder, &texts, &gold, tuning, &paths.cache, progress)?,
    };
    encoder.set_tuned(&tuned)?;
    // Embedding as the scorer does: one model per thread, one libtorch thread each.
    encoder.run_in_parallel(rayon::current_num_threads());
    let embed = |what: &str,
                 examples: &[(String, f64)],
                 weight: f64,
                 progress: &mut dyn FnMut(Progress<'_>)|
     -> Result<Rows> {
        let texts: Vec<&str> = examples.iter().map(|(t, _)| t.as_str()).collect();
        Ok(Rows {
            inputs: embed_cached(&encoder, &builtin, &texts, &paths.cache, what, progress)?,
            gold: examples.iter().map(|(_, g)| *g).collect(),
            weight: vec![weight; examples.len()],
        })
    };
    let mut train = embed("GoEmotions train", &emotion, 1.0, progress)?;
    let extra = embed(
        "construct train",
        &construct_train,
        mix.construct_weight,
        progress,
    )?;
    train.inputs.extend(extra.inputs);
    train.gold.extend(extra.gold);
    train.weight.extend(extra.weight);
    let dev_ge = labeled::load(&paths.goemotions.join("dev.tsv"), Some(&paths.mapping))?;
    let dev_ge: Vec<(String, f64)> = dev_ge
        .examples
        .into_iter()
        .map(|e| (e.text, e.gold))
        .collect();
    // The dev messages answering a partner's message are left out: the reply rule, not the
    // calibration, decides them.
    let dev_construct: Vec<(String, f64)> = set
        .examples
        .iter()
        .filter(|e| e.split == ConstructSplit::Dev && e.context.is_none())
        .map(|e| (e.text.clone(), e.gold()))
        .collect();
    let dev = [
        (
            embed("GoEmotions dev", &dev_ge, 1.0, progress)?,
            1.0 - mix.construct_share,
        ),
        (
            embed("construct dev", &dev_construct, 1.0, progress)?,
            mix.construct_share,
        ),
    ];
    let mut head = pick_head(&train, &dev, mix, progress)?;
    head.encoder = format!("{:016x}", encoder.fingerprint());
    head.tuned = tuned;
    head.trained_on = describe(&head, mix, emotion.len(), construct_train.len());
    progress(Progress::Line(&format!(
        "lambda {}, calibration scale {} shift {}",
        head.lambda, head.scale, head.shift
    )));
    // GoEmotions dev from its rows (no context, so what the scorer computes); the others
    // through the scorer, with the construct set's context column.
    let mut measured = vec![measure_rows("GoEmotions dev", &head, &dev[0].0)];
    measured.extend(measure_all(encoder, &head, paths)?);
    Ok(TrainedHead { head, measured })
}

/// What `head` was trained on and how, for its `trained_on` field.
fn describe(head: &WarmthHead, mix: MixSettings, emotion: usize, construct_train: usize) -> String {
    let inputs = if let Some(classes) = &head.classes {
        format!(
            "the mean-pooled embedding of the tuned encoder, plus P(pull) - P(push) of \
             a multinomial logistic regression of pull, neutral and push on the same \
             embedding and rows (penalty {} on the mean loss), stacked with the built-in \
             warmth (weight {} chosen on dev)",
            classes.lambda, head.weights[DIM]
        )
    } else if mix.stacked {
        format!(
            "the mean-pooled embedding of the tuned encoder, stacked with the built-in \
             warmth (weight {} chosen on dev)",
            head.weights[DIM]
        )
    } else {
        format!(
            "the mean-pooled embedding of the tuned encoder + built-in warmth and cue \
             flags (penalty on those {} times the embedding's)",
            mix.cue_penalty
        )
    };
    format!(
        "weighted ridge on {inputs}: GoEmotions train ({} texts{}, weight 1) and the \
         construct train split ({} texts, weight {}); lambda {}{}; lambda and calibration \
         chosen on GoEmotions dev and the construct dev split (share {})",
        emotion,
        if mix.emotion_sample > 0 {
            format!(", a sample seeded {SAMPLE_SEED}")
        } else {
            String::new()
        },
        construct_train,
        mix.construct_weight,
        head.lambda,
        tuning_summary(&head.tuned, mix.tune_construct_repeat),
        mix.construct_share
    )
}

/// How the encoder was tuned, from the head's tuned values: how many vectors and low-rank
/// adapters, and whether the construct texts were among the tuning texts.
fn tuning_summary(tuned: &BTreeMap<String, Vec<f32>>, construct_repeat: usize) -> String {
    if tuned.is_empty() {
        return "; encoder frozen".into();
    }
    let adapters = tuned.keys().filter(|k| k.ends_with(".lora_a")).count();
    let numbers: usize = tuned.values().map(Vec::len).sum();
    let construct = if construct_repeat > 0 {
        format!(", tuning texts with the construct train split {construct_repeat} times")
    } else {
        String::new()
    };
    format!(
        "; encoder tuned: {} vectors and {adapters} low-rank adapters ({numbers} numbers){construct}",
        tuned.len() - 2 * adapters
    )
}

/// Weights of the built-in warmth tried in a stacked head ([`MixSettings::stacked`]).
const STACK_WEIGHTS: [f64; 11] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.3, 1.6];

/// The head with the best dev mix macro-F1 over the penalties (and, stacked, the weights of
/// the built-in warmth), calibrated; with [`MixSettings::class_head`], the chosen ridge plus
/// the best class head when that beats it. Each try is reported to `progress`.
fn pick_head(
    train: &Rows,
    dev: &[(Rows, f64)],
    mix: MixSettings,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<WarmthHead> {
    let stacked = mix.stacked || mix.class_head;
    let stacked_rows;
    let train = if stacked {
        // The embedding alone: the built-in inputs are zero, so their weights come out zero.
        stacked_rows = Rows {
            inputs: train
                .inputs
                .iter()
                .map(|x| {
                    x.iter()
                        .take(DIM)
                        .copied()
                        .chain([0.0; HEAD_INPUTS - DIM])
                        .collect()
                })
                .collect(),
            gold: train.gold.clone(),
            weight: train.weight.clone(),
        };
        &stacked_rows
    } else {
        train
    };
    let ridges = ridge(train, &LAMBDAS, mix.cue_penalty)?
        .into_iter()
        .map(|(lambda, head)| (format!("lambda {lambda}"), head))
        .collect();
    let mut best = best_on_dev(ridges, stacked, dev, progress)?;
    if mix.class_head {
        // The chosen ridge plus each class head, the built-in warmth's weight chosen again.
        let mut sums = Vec::new();
        for &lambda in &CLASS_LAMBDAS {
            let (classes, iterations) =
                bert_softmax::fit(&train.inputs, &train.gold, &train.weight, lambda)?;
            progress(Progress::Line(&format!(
                "class head lambda {lambda}: fitted in {iterations} L-BFGS iterations"
            )));
            let mut head = best.1.clone();
            head.classes = Some(classes);
            sums.push((
                format!("lambda {} + class head {lambda}", head.lambda),
                head,
            ));
        }
        let with_classes = best_on_dev(sums, stacked, dev, progress)?;
        if with_classes.0 > best.0 {
            best = with_classes;
        }
    }
    Ok(best.1)
}

/// The head of `fits` (named for the progress lines) with the best dev mix macro-F1 after
/// calibration, stacked: over the weights of the built-in warmth too; with that macro-F1.
fn best_on_dev(
    fits: Vec<(String, WarmthHead)>,
    stacked: bool,
    dev: &[(Rows, f64)],
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<(f64, WarmthHead)> {
    let builtin_weights: &[f64] = if stacked { &STACK_WEIGHTS } else { &[] };
    let mut best: Option<(f64, WarmthHead)> = None;
    for (name, fitted) in fits {
        let mut tries = vec![fitted.clone()];
        if stacked {
            tries = builtin_weights
                .iter()
                .map(|&alpha| {
                    let mut head = fitted.clone();
                    head.weights[DIM] = alpha as f32;
                    head
                })
                .collect();
        }
        for mut head in tries {
            let f1 = calibrate(&mut head, dev);
            progress(Progress::Line(&format!(
                "{name}, built-in warmth weight {}: dev mix macro-F1 {f1:.4}",
                head.weights[DIM]
            )));
            if best.as_ref().is_none_or(|(b, _)| f1 > *b) {
                best = Some((f1, head));
            }
        }
    }
    best.ok_or_else(|| Error::Model("no penalty tried".into()))
}

/// Penalties of the class head tried (on its mean loss, so much smaller than the ridge's on
/// a sum); the best on the dev mix is kept, if it improves on the ridge alone.
const CLASS_LAMBDAS: [f64; 2] = [1e-5, 1e-4];

/// The head on embedded rows, measured against their gold warmth.
pub(super) fn measure_rows(name: &str, head: &WarmthHead, rows: &Rows) -> Measured {
    let pred: Vec<f64> = rows
        .inputs
        .iter()
        .map(|x| f64::from(head.warmth(x)))
        .collect();
    let classes = |v: &[f64]| v.iter().map(|&w| Class::of(w)).collect::<Vec<_>>();
    let (pred_class, gold_class) = (classes(&pred), classes(&rows.gold));
    let push = confusion(&pred_class, &gold_class)[2];
    Measured {
        file: name.to_owned(),
        n: pred.len(),
        spearman: spearman(&pred, &rows.gold),
        macro_f1: macro_f1(&pred_class, &gold_class),
        recall_push: push[2] as f64 / push.iter().sum::<usize>().max(1) as f64,
    }
}

/// Measures the trained scorer as `pushpull eval` does (with the construct set's context
/// column): the construct dev split and the validation files.
fn measure_all(encoder: Encoder, head: &WarmthHead, paths: &Paths) -> Result<Vec<Measured>> {
    let scorer = BertScorer::from_tuned(encoder, head.clone())?;
    let construct = paths.construct.join("en.tsv");
    let mut files = vec![(construct, Some(ConstructSplit::Dev))];
    files.extend(paths.validate.iter().map(|p| (p.clone(), None)));
    files
        .iter()
        .map(|(path, split)| {
            let opts = EvalOptions {
                mapping: Some(&paths.mapping),
                split: *split,
                no_context: false,
            };
            let r = evaluate_with(path, opts, &scorer)?;
            Ok(Measured {
                file: format!(
                    "{}{}",
                    r.file,
                    r.split.map(|s| format!(" ({s})")).unwrap_or_default()
                ),
                n: r.n,
                spearman: r.spearman,
                macro_f1: r.macro_f1,
                recall_push: r.recall_push,
            })
        })
        .collect()
}

/// Sets the head's scale and shift to the grid point with the best weighted macro-F1 over
/// the dev sets (ranking, and so Spearman, does not change); returns that macro-F1.
pub(super) fn calibrate(head: &mut WarmthHead, dev: &[(Rows, f64)]) -> f64 {
    let sets: Vec<(Vec<f64>, Vec<Class>, f64)> = dev
        .iter()
        .map(|(rows, share)| {
            let raw = rows.inputs.iter().map(|x| f64::from(head.raw(x))).collect();
            let gold = rows.gold.iter().map(|&g| Class::of(g)).collect();
            (raw, gold, *share)
        })
        .collect();
    let all: Vec<f64> = sets
        .iter()
        .flat_map(|(raw, _, _)| raw.iter().copied())
        .collect();
    let n = all.len().max(1) as f64;
    let mean = all.iter().sum::<f64>() / n;
    let spread = (all.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / n)
        .sqrt()
        .max(1e-9);
    let mut best = (f64::MIN, 1.0, 0.0);
    // Scales that give the calibrated scores a standard deviation of 0.02 to 1.2.
    for scale_step in 1..=60 {
        let scale = 0.02 * f64::from(scale_step) / spread;
        for shift_step in -15..=15 {
            let shift = 0.02 * f64::from(shift_step) - scale * mean;
            let f1: f64 = sets
                .iter()
                .map(|(raw, gold, share)| {
                    let pred: Vec<Class> =
                        raw.iter().map(|r| Class::of(shift + scale * r)).collect();
                    share * macro_f1(&pred, gold)
                })
                .sum();
            if f1 > best.0 {
                best = (f1, scale, shift);
            }
        }
    }
    head.scale = best.1 as f32;
    head.shift = best.2 as f32;
    best.0
}

/// Encoder tuning ([`tune`]), its result kept in `cache` under a key of the encoder, the
/// texts, the gold values and the settings, so a second training run skips it.
fn tune_cached(
    encoder: &mut Encoder,
    texts: &[&str],
    gold: &[f64],
    settings: TuneSettings,
    cache: &Path,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<BTreeMap<String, Vec<f32>>> {
    let mut bytes = texts.join("\n").into_bytes();
    bytes.extend(gold.iter().flat_map(|g| g.to_le_bytes()));
    bytes.extend(format!("{settings:?}").bytes());
    let key = checksum(&bytes) ^ encoder.fingerprint();
    let file = cache.join(format!("tuned-{key:016x}.json"));
    if let Ok(text) = std::fs::read_to_string(&file) {
        if let Ok(tuned) = serde_json::from_str(&text) {
            progress(Progress::Line(&format!(
                "encoder tuning: read from {}",
                file.display()
            )));
            return Ok(tuned);
        }
    }
    let tuned = tune(encoder, texts, gold, settings, progress)?;
    std::fs::create_dir_all(cache).map_err(|e| Error::io(cache.display().to_string(), e))?;
    let json = serde_json::to_string(&tuned)
        .map_err(|e| Error::Model(format!("{}: {e}", file.display())))?;
    std::fs::write(&file, json).map_err(|e| Error::io(file.display().to_string(), e))?;
    Ok(tuned)
}

/// Head inputs for `texts`, reading the embeddings from `cache` when an earlier run of the
/// same encoder on the same texts stored them there.
fn embed_cached(
    encoder: &Encoder,
    builtin: &BuiltinScorer,
    texts: &[&str],
    cache: &Path,
    what: &str,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Vec<Vec<f32>>> {
    let key = checksum(texts.join("\n").as_bytes()) ^ encoder.fingerprint();
    let file = cache.join(format!("{key:016x}.f32"));
    let embeddings = match std::fs::read(&file) {
        Ok(bytes) if bytes.len() == texts.len() * DIM * 4 => bytes
            .chunks_exact(DIM * 4)
            .map(|row| {
                row.chunks_exact(4)
                    .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect()
            })
            .collect(),
        _ => {
            let start = Instant::now();
            let mut embeddings = Vec::with_capacity(texts.len());
            for (i, chunk) in texts.chunks(1024).enumerate() {
                embeddings.extend(encoder.embed(chunk)?);
                progress(Progress::Step(&format!(
                    "{what}: embedded {}/{} texts ({:.0}/s)",
                    (i * 1024 + chunk.len()),
                    texts.len(),
                    embeddings.len() as f64 / start.elapsed().as_secs_f64()
                )));
            }
            progress(Progress::Line(&format!(
                "{what}: embedded {} texts",
                texts.len()
            )));
            std::fs::create_dir_all(cache)
                .map_err(|e| Error::io(cache.display().to_string(), e))?;
            let bytes: Vec<u8> = embeddings
                .iter()
                .flatten()
                .flat_map(|x: &f32| x.to_le_bytes())
                .collect();
            std::fs::write(&file, bytes).map_err(|e| Error::io(file.display().to_string(), e))?;
            embeddings
        }
    };
    let scored: Vec<Scored> = builtin.score_batch(texts)?;
    Ok(embeddings
        .iter()
        .zip(&scored)
        .map(|(e, s)| head_inputs(e, s))
        .collect())
}

/// Weighted ridge regression `min Σ wᵢ(xᵢ·β + b - yᵢ)² + λ|β|²` on inputs centred at their
/// weighted mean, solved by Cholesky once per penalty in `lambdas` (the Gram matrix is
/// built once); the inputs after the embedding are penalised with `cue_penalty · λ`.
/// Returns each penalty with its head (uncalibrated).
pub(super) fn ridge(
    rows: &Rows,
    lambdas: &[f64],
    cue_penalty: f64,
) -> Result<Vec<(f64, WarmthHead)>> {
    let x = &rows.inputs;
    let d = x.first().map_or(0, Vec::len);
    let total: f64 = rows.weight.iter().sum::<f64>().max(1e-12);
    let weighted_mean = |value: &dyn Fn(usize) -> f64| {
        (0..x.len()).map(|i| rows.weight[i] * value(i)).sum::<f64>() / total
    };
    let mean_x: Vec<f64> = (0..d)
        .map(|j| weighted_mean(&|i| f64::from(x[i][j])))
        .collect();
    let mean_y = weighted_mean(&|i| rows.gold[i]);
    let mut gram = vec![0.0f64; d * d];
    let mut rhs = vec![0.0f64; d];
    let mut centred = vec![0.0f64; d];
    for ((row, &target), &weight) in x.iter().zip(&rows.gold).zip(&rows.weight) {
        for j in 0..d {
            centred[j] = f64::from(row[j]) - mean_x[j];
        }
        for j in 0..d {
            let cj = weight * centred[j];
            rhs[j] += cj * (target - mean_y);
            for k in j..d {
                gram[j * d + k] += cj * centred[k];
            }
        }
    }
    for j in 0..d {
        for k in 0..j {
            gram[j * d + k] = gram[k * d + j];
        }
    }
    lambdas
        .iter()
        .map(|&lambda| {
            let mut a = gram.clone();
            for j in 0..d {
                a[j * d + j] += if j < DIM {
                    lambda
                } else {
                    cue_penalty * lambda
                };
            }
            let w = cholesky_solve(&mut a, &rhs, d)?;
            let bias = mean_y - w.iter().zip(&mean_x).map(|(a, b)| a * b).sum::<f64>();
            let head = WarmthHead {
                trained_on: String::new(),
                encoder: String::new(),
                tuned: Default::default(),
                lambda,
                bias: bias as f32,
                weights: w.iter().map(|&v| v as f32).collect(),
                scale: 1.0,
                shift: 0.0,
                classes: None,
            };
            Ok((lambda, head))
        })
        .collect()
}

/// Solves `a x = b` for symmetric positive definite `a` (overwritten by its factor).
fn cholesky_solve(a: &mut [f64], b: &[f64], d: usize) -> Result<Vec<f64>> {
    for j in 0..d {
        let mut s = a[j * d + j];
        for k in 0..j {
            s -= a[j * d + k] * a[j * d + k];
        }
        if s <= 0.0 {
            return Err(Error::Model("ridge system is not positive definite".into()));
        }
        let diag = s.sqrt();
        a[j * d + j] = diag;
        for i in j + 1..d {
            let mut s = a[i * d + j];
            for k in 0..j {
                s -= a[i * d + k] * a[j * d + k];
            }
            a[i * d + j] = s / diag;
        }
    }
    let mut z = vec![0.0; d];
    for i in 0..d {
        let s: f64 = (0..i).map(|k| a[i * d + k] * z[k]).sum();
        z[i] = (b[i] - s) / a[i * d + i];
    }
    let mut x = vec![0.0; d];
    for i in (0..d).rev() {
        let s: f64 = (i + 1..d).map(|k| a[k * d + i] * x[k]).sum();
        x[i] = (z[i] - s) / a[i * d + i];
    }
    Ok(x)
}
