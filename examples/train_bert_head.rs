//! Trains the bert scorer's warmth head (`models/bert-head.json`): ridge regression of the gold
//! warmth of GoEmotions train (W = Σ p·w / Σ p from warmth_mapping.json) on the frozen,
//! mean-pooled MiniLM embedding; the ridge penalty is chosen on GoEmotions dev. Prints
//! Spearman and macro-F1 (warm ≥ 0.25 / neutral / cold ≤ -0.25) on GoEmotions dev and test
//! and on EmotionPush dev (validation only, never trained on).
//!
//! `cargo run --release --features bert --example train_bert_head -- \
//!     [--model-dir models/minilm] [--corpus ../shared/corpus/labeled] [--out models/bert-head.json]`

use anyhow::{anyhow, bail, Context, Result};
use pushpull::score::bert::{Encoder, WarmthHead, DIM};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Instant;

const LAMBDAS: [f64; 5] = [0.01, 0.1, 1.0, 10.0, 100.0];

fn main() -> Result<()> {
    let mut model_dir = PathBuf::from("models/minilm");
    let mut corpus = PathBuf::from("../shared/corpus/labeled");
    let mut out = PathBuf::from("models/bert-head.json");
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| anyhow!("{flag} needs a value"))?;
        match flag.as_str() {
            "--model-dir" => model_dir = value.into(),
            "--corpus" => corpus = value.into(),
            "--out" => out = value.into(),
            _ => bail!("unknown option {flag}"),
        }
    }
    let mapping: Value = serde_json::from_str(
        &std::fs::read_to_string(corpus.join("warmth_mapping.json"))
            .context("reading warmth_mapping.json")?,
    )?;
    let encoder = Encoder::load(&model_dir)?;
    let go = |split: &str| read_goemotions(&corpus.join("goemotions"), split, &mapping);
    let (train_texts, train_gold) = go("train")?;
    let train = embed(&encoder, &train_texts, "GoEmotions train")?;
    let (dev_texts, dev_gold) = go("dev")?;
    let dev = embed(&encoder, &dev_texts, "GoEmotions dev")?;

    let mut best: Option<(f64, WarmthHead)> = None;
    for lambda in LAMBDAS {
        let head = ridge(&train, &train_gold, lambda)?;
        let (rho, f1) = evaluate(&head, &dev, &dev_gold);
        println!("lambda {lambda}: GoEmotions dev spearman {rho:.4} macro-F1 {f1:.4}");
        if best.as_ref().is_none_or(|(b, _)| rho > *b) {
            best = Some((rho, head));
        }
    }
    let (_, head) = best.ok_or_else(|| anyhow!("no lambda tried"))?;
    println!("chosen lambda {}", head.lambda);

    let (test_texts, test_gold) = go("test")?;
    let test = embed(&encoder, &test_texts, "GoEmotions test")?;
    let (rho, f1) = evaluate(&head, &test, &test_gold);
    println!(
        "GoEmotions test: n {} spearman {rho:.4} macro-F1 {f1:.4}",
        test_gold.len()
    );
    let (push_texts, push_gold) = read_emotionpush(&corpus.join("emotionpush/dev.json"), &mapping)?;
    let push = embed(&encoder, &push_texts, "EmotionPush dev")?;
    let (rho, f1) = evaluate(&head, &push, &push_gold);
    println!(
        "EmotionPush dev: n {} spearman {rho:.4} macro-F1 {f1:.4}",
        push_gold.len()
    );

    std::fs::write(&out, serde_json::to_string_pretty(&head)? + "\n")
        .with_context(|| format!("writing {}", out.display()))?;
    println!("wrote {}", out.display());
    Ok(())
}

fn embed(encoder: &Encoder, texts: &[String], what: &str) -> Result<Vec<Vec<f32>>> {
    let start = Instant::now();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let embeddings = encoder.embed(&refs)?;
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{what}: {} texts in {secs:.1} s ({:.0}/s)",
        texts.len(),
        texts.len() as f64 / secs
    );
    Ok(embeddings)
}

/// Texts and gold warmth of one GoEmotions split (`text<TAB>ids<TAB>id`).
fn read_goemotions(dir: &Path, split: &str, mapping: &Value) -> Result<(Vec<String>, Vec<f32>)> {
    let labels: Vec<String> = std::fs::read_to_string(dir.join("labels.txt"))?
        .lines()
        .map(str::to_owned)
        .collect();
    let weights = &mapping["goemotions"];
    let path = dir.join(format!("{split}.tsv"));
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let (mut texts, mut gold) = (Vec::new(), Vec::new());
    for (n, line) in text.lines().enumerate() {
        let mut cols = line.split('\t');
        let (Some(body), Some(ids)) = (cols.next(), cols.next()) else {
            bail!("{}:{}: expected text<TAB>labels", path.display(), n + 1);
        };
        let mut ws = Vec::new();
        for id in ids.split(',') {
            let id: usize = id
                .parse()
                .with_context(|| format!("{}:{}: label id", path.display(), n + 1))?;
            let name = labels
                .get(id)
                .ok_or_else(|| anyhow!("{}:{}: label {id}", path.display(), n + 1))?;
            if let Some(w) = weights[name.as_str()].as_f64() {
                ws.push(w);
            }
        }
        if !ws.is_empty() && !body.trim().is_empty() {
            texts.push(body.to_owned());
            gold.push((ws.iter().sum::<f64>() / ws.len() as f64) as f32);
        }
    }
    Ok((texts, gold))
}

/// Texts and gold warmth (vote-weighted) of EmotionPush.
fn read_emotionpush(path: &Path, mapping: &Value) -> Result<(Vec<String>, Vec<f32>)> {
    let table = &mapping["emotionlines_meld_ekman"];
    let order: Vec<f64> = table["_annotation_vote_order"]
        .as_array()
        .ok_or_else(|| anyhow!("warmth_mapping.json: no EmotionPush vote order"))?
        .iter()
        .map(|name| table[name.as_str().unwrap_or("")].as_f64().unwrap_or(0.0))
        .collect();
    let dialogues: Vec<Vec<Value>> = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let (mut texts, mut gold) = (Vec::new(), Vec::new());
    for utterance in dialogues.iter().flatten() {
        let text = utterance["utterance"].as_str().unwrap_or("").trim();
        let votes: Vec<f64> = utterance["annotation"]
            .as_str()
            .unwrap_or("")
            .chars()
            .filter_map(|c| c.to_digit(10).map(f64::from))
            .collect();
        let total: f64 = votes.iter().sum();
        if text.is_empty() || votes.len() != order.len() || total == 0.0 {
            continue;
        }
        texts.push(text.to_owned());
        gold.push((votes.iter().zip(&order).map(|(v, w)| v * w).sum::<f64>() / total) as f32);
    }
    Ok((texts, gold))
}

/// Ridge regression with an unpenalised bias, solved by Cholesky on the normal equations.
fn ridge(x: &[Vec<f32>], y: &[f32], lambda: f64) -> Result<WarmthHead> {
    let n = x.len() as f64;
    let mean_x: Vec<f64> = (0..DIM)
        .map(|j| x.iter().map(|r| f64::from(r[j])).sum::<f64>() / n)
        .collect();
    let mean_y = y.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
    let mut a = vec![0.0f64; DIM * DIM];
    let mut b = vec![0.0f64; DIM];
    for (row, &target) in x.iter().zip(y) {
        let c: Vec<f64> = row
            .iter()
            .zip(&mean_x)
            .map(|(&v, m)| f64::from(v) - m)
            .collect();
        let t = f64::from(target) - mean_y;
        for i in 0..DIM {
            b[i] += c[i] * t;
            for j in 0..=i {
                a[i * DIM + j] += c[i] * c[j];
            }
        }
    }
    for i in 0..DIM {
        a[i * DIM + i] += lambda;
    }
    // Cholesky: a = L Lᵀ (lower triangle, in place).
    for j in 0..DIM {
        let mut d = a[j * DIM + j];
        for k in 0..j {
            d -= a[j * DIM + k] * a[j * DIM + k];
        }
        if d <= 0.0 {
            bail!("ridge system not positive definite");
        }
        let d = d.sqrt();
        a[j * DIM + j] = d;
        for i in j + 1..DIM {
            let mut s = a[i * DIM + j];
            for k in 0..j {
                s -= a[i * DIM + k] * a[j * DIM + k];
            }
            a[i * DIM + j] = s / d;
        }
    }
    let mut w = b;
    for i in 0..DIM {
        for k in 0..i {
            w[i] -= a[i * DIM + k] * w[k];
        }
        w[i] /= a[i * DIM + i];
    }
    for i in (0..DIM).rev() {
        for k in i + 1..DIM {
            w[i] -= a[k * DIM + i] * w[k];
        }
        w[i] /= a[i * DIM + i];
    }
    let bias = mean_y - w.iter().zip(&mean_x).map(|(w, m)| w * m).sum::<f64>();
    Ok(WarmthHead {
        trained_on: "GoEmotions train (Apache-2.0), gold W from warmth_mapping.json; ridge on the \
                     L2-normalised mean-pooled all-MiniLM-L6-v2 embedding"
            .into(),
        lambda,
        bias: bias as f32,
        weights: w.iter().map(|&v| v as f32).collect(),
    })
}

/// Spearman and macro-F1 of the head's predictions against `gold`.
fn evaluate(head: &WarmthHead, x: &[Vec<f32>], gold: &[f32]) -> (f64, f64) {
    let pred: Vec<f32> = x.iter().map(|e| head.warmth(e)).collect();
    (spearman(&pred, gold), macro_f1(&pred, gold))
}

fn ranks(v: &[f32]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..v.len()).collect();
    idx.sort_by(|&a, &b| v[a].total_cmp(&v[b]));
    let mut r = vec![0.0; v.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && v[idx[j + 1]] == v[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            r[k] = avg;
        }
        i = j + 1;
    }
    r
}

fn spearman(a: &[f32], b: &[f32]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    cov / (va * vb).sqrt()
}

fn class(w: f32) -> usize {
    if w >= 0.25 {
        2
    } else if w <= -0.25 {
        0
    } else {
        1
    }
}

fn macro_f1(pred: &[f32], gold: &[f32]) -> f64 {
    let mut f1 = 0.0;
    for c in 0..3 {
        let tp = pred
            .iter()
            .zip(gold)
            .filter(|(p, g)| class(**p) == c && class(**g) == c)
            .count() as f64;
        let np = pred.iter().filter(|p| class(**p) == c).count() as f64;
        let ng = gold.iter().filter(|g| class(**g) == c).count() as f64;
        if np + ng > 0.0 {
            f1 += 2.0 * tp / (np + ng);
        }
    }
    f1 / 3.0
}
