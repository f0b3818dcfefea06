//! Training the bert scorer's warmth head (`pushpull train --scorer bert`): embeds GoEmotions
//! train/dev/test with the frozen encoder (cached on disk, since that is the slow part), fits
//! the head by ridge regression on train, picks the penalty on GoEmotions dev, and measures
//! GoEmotions test and EmotionPush dev (validation only, never trained on).

use super::bert::{head_inputs, Encoder, WarmthHead, DIM};
use super::bert_tune::{tune, TuneSettings};
use super::labeled::{self, Class, Example};
use super::metrics::{macro_f1, spearman};
use super::model::checksum;
use super::{BuiltinScorer, Scored, Scorer};
use crate::error::{Error, Result};
use crate::progress::Progress;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Ridge penalties tried; the best on GoEmotions dev (Spearman) is kept.
const LAMBDAS: [f64; 6] = [300.0, 1000.0, 3000.0, 10000.0, 30000.0, 100000.0];

/// Where the labelled data and the embedding cache are.
pub struct Paths {
    /// The GoEmotions folder (`train.tsv`, `dev.tsv`, `test.tsv`, `labels.txt`).
    pub goemotions: PathBuf,
    /// The label → warmth mapping.
    pub mapping: PathBuf,
    /// Further labelled files to measure (e.g. EmotionPush dev); never trained on.
    pub validate: Vec<PathBuf>,
    /// Folder for cached embeddings (created when missing).
    pub cache: PathBuf,
}

/// One measured file: name, n, Spearman, macro-F1.
pub struct Measured {
    /// The file measured.
    pub file: String,
    /// Examples scored.
    pub n: usize,
    /// Spearman rank correlation with the gold warmth.
    pub spearman: f64,
    /// Macro-F1 over warm, neutral and cold.
    pub macro_f1: f64,
}

/// A trained head and what it measured.
pub struct TrainedHead {
    /// The trained head, ready to write to `models/bert-head.json`.
    pub head: WarmthHead,
    /// The dev split, GoEmotions test and each validation file, measured with the head.
    pub measured: Vec<Measured>,
}

/// A labelled split turned into head inputs.
pub(super) struct Split {
    pub(super) name: String,
    pub(super) inputs: Vec<Vec<f32>>,
    pub(super) gold: Vec<f64>,
}

/// Trains the head: bias-tunes `encoder` on GoEmotions train (see [`super::bert_tune`]), then
/// fits the ridge head on the tuned embeddings. Reports progress and the penalty search to
/// `progress`.
pub fn train_head(
    encoder: &mut Encoder,
    paths: &Paths,
    tuning: TuneSettings,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<TrainedHead> {
    let builtin = BuiltinScorer::shipped()?;
    let train_set = labeled::load(&paths.goemotions.join("train.tsv"), Some(&paths.mapping))?;
    let texts: Vec<&str> = train_set.examples.iter().map(|e| e.text.as_str()).collect();
    let gold: Vec<f64> = train_set.examples.iter().map(|e| e.gold).collect();
    let tuned = tune(encoder, &texts, &gold, tuning, progress)?;
    encoder.set_tuned(&tuned)?;
    let encoder = &*encoder;
    let load = |path: &Path, progress: &mut dyn FnMut(Progress<'_>)| -> Result<Split> {
        let labeled = labeled::load(path, Some(&paths.mapping))?;
        let name = path.display().to_string();
        let examples = &labeled.examples;
        let inputs = embed_cached(encoder, &builtin, examples, &paths.cache, &name, progress)?;
        Ok(Split {
            name,
            inputs,
            gold: labeled.examples.iter().map(|e| e.gold).collect(),
        })
    };
    let train = load(&paths.goemotions.join("train.tsv"), progress)?;
    let dev = load(&paths.goemotions.join("dev.tsv"), progress)?;
    let mut head = pick_penalty(&train, &dev, &LAMBDAS, progress)?;
    head.encoder = format!("{:016x}", encoder.fingerprint());
    head.tuned = tuned;
    calibrate(&mut head, &dev);
    progress(Progress::Line(&format!(
        "lambda {}, calibration scale {} shift {}",
        head.lambda, head.scale, head.shift
    )));
    let mut measured = vec![measure(&head, &dev)];
    let test = paths.goemotions.join("test.tsv");
    for path in std::iter::once(&test).chain(&paths.validate) {
        measured.push(measure(&head, &load(path, progress)?));
    }
    Ok(TrainedHead { head, measured })
}

/// Sets the head's scale and shift to the grid point with the best macro-F1 on `dev`
/// (ranking, and so Spearman, does not change).
pub(super) fn calibrate(head: &mut WarmthHead, dev: &Split) {
    let raw: Vec<f64> = dev.inputs.iter().map(|x| f64::from(head.raw(x))).collect();
    let gold: Vec<Class> = dev.gold.iter().map(|&g| Class::of(g)).collect();
    let mean = raw.iter().sum::<f64>() / raw.len().max(1) as f64;
    let spread = (raw.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / raw.len().max(1) as f64)
        .sqrt()
        .max(1e-9);
    let mut best = (f64::MIN, 1.0, 0.0);
    // Scales that give the calibrated scores a standard deviation of 0.02 to 1.2.
    for scale_step in 1..=60 {
        let scale = 0.02 * f64::from(scale_step) / spread;
        for shift_step in -15..=15 {
            let shift = 0.02 * f64::from(shift_step) - scale * mean;
            let pred: Vec<Class> = raw.iter().map(|r| Class::of(shift + scale * r)).collect();
            let f1 = macro_f1(&pred, &gold);
            if f1 > best.0 {
                best = (f1, scale, shift);
            }
        }
    }
    head.scale = best.1 as f32;
    head.shift = best.2 as f32;
}

/// The ridge head fitted on `train` with the penalty of `lambdas` that gives the best
/// Spearman on `dev`; each try is reported to `progress`.
pub(super) fn pick_penalty(
    train: &Split,
    dev: &Split,
    lambdas: &[f64],
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<WarmthHead> {
    let mut best: Option<(f64, WarmthHead)> = None;
    for &lambda in lambdas {
        let head = ridge(&train.inputs, &train.gold, lambda)?;
        let m = measure(&head, dev);
        progress(Progress::Line(&format!(
            "lambda {lambda}: {} spearman {:.4} macro-F1 {:.4}",
            dev.name, m.spearman, m.macro_f1
        )));
        if best.as_ref().is_none_or(|(b, _)| m.spearman > *b) {
            best = Some((m.spearman, head));
        }
    }
    best.map(|(_, head)| head)
        .ok_or_else(|| Error::Model("no penalty tried".into()))
}

pub(super) fn measure(head: &WarmthHead, split: &Split) -> Measured {
    let pred: Vec<f64> = split
        .inputs
        .iter()
        .map(|x| f64::from(head.warmth(x)))
        .collect();
    let classes = |v: &[f64]| v.iter().map(|&w| Class::of(w)).collect::<Vec<_>>();
    Measured {
        file: split.name.clone(),
        n: pred.len(),
        spearman: spearman(&pred, &split.gold),
        macro_f1: macro_f1(&classes(&pred), &classes(&split.gold)),
    }
}

/// Head inputs for `examples`, reading the embeddings from `cache` when an earlier run of the
/// same encoder on the same texts stored them there.
fn embed_cached(
    encoder: &Encoder,
    builtin: &BuiltinScorer,
    examples: &[Example],
    cache: &Path,
    what: &str,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Result<Vec<Vec<f32>>> {
    let texts: Vec<&str> = examples.iter().map(|e| e.text.as_str()).collect();
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
    let scored: Vec<Scored> = builtin.score_batch(&texts)?;
    Ok(embeddings
        .iter()
        .zip(&scored)
        .map(|(e, s)| head_inputs(e, s))
        .collect())
}

/// Ridge regression `min |Xw + b - y|² + λ|w|²` on centred inputs, solved by Cholesky.
pub(super) fn ridge(x: &[Vec<f32>], y: &[f64], lambda: f64) -> Result<WarmthHead> {
    let n = x.len();
    let d = x.first().map_or(0, Vec::len);
    let mean_x: Vec<f64> = (0..d)
        .map(|j| x.iter().map(|r| f64::from(r[j])).sum::<f64>() / n as f64)
        .collect();
    let mean_y = y.iter().sum::<f64>() / n as f64;
    let mut gram = vec![0.0f64; d * d];
    let mut rhs = vec![0.0f64; d];
    let mut centred = vec![0.0f64; d];
    for (row, &target) in x.iter().zip(y) {
        for j in 0..d {
            centred[j] = f64::from(row[j]) - mean_x[j];
        }
        for j in 0..d {
            rhs[j] += centred[j] * (target - mean_y);
            let cj = centred[j];
            for k in j..d {
                gram[j * d + k] += cj * centred[k];
            }
        }
    }
    for j in 0..d {
        for k in 0..j {
            gram[j * d + k] = gram[k * d + j];
        }
        gram[j * d + j] += lambda;
    }
    let w = cholesky_solve(&mut gram, &rhs, d)?;
    let bias = mean_y - w.iter().zip(&mean_x).map(|(a, b)| a * b).sum::<f64>();
    Ok(WarmthHead {
        trained_on: format!(
            "ridge on the mean-pooled embedding of the (bias-tuned) encoder + built-in scorer \
             features, GoEmotions train ({n} texts), lambda {lambda} chosen on GoEmotions dev"
        ),
        encoder: String::new(),
        tuned: Default::default(),
        lambda,
        bias: bias as f32,
        weights: w.iter().map(|&v| v as f32).collect(),
        scale: 1.0,
        shift: 0.0,
    })
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
