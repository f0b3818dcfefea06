//! The class head of the bert scorer: weighted multinomial logistic regression of pull,
//! neutral and push on the sentence embedding, read as `P(pull) − P(push)` and added to the
//! ridge's output. The ridge fits GoEmotions' fine warmth values (it ranks well); the class
//! head fits the three classes the macro-F1 counts, and its probabilities saturate, so a
//! clear pull or push is not pulled toward the mean.
//!
//! The fit minimises `Σ wᵢ · CE(xᵢ, yᵢ) / Σ wᵢ + λ/2 · |W|²` (intercepts unpenalised), a
//! strictly convex loss, with L-BFGS and a backtracking line search in double precision:
//! the same inputs give the same head, and any converged optimiser the same optimum.

use super::bert::DIM;
use super::labeled::Class;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use tch::{Kind, Tensor};

/// Three linear scores (pull, neutral, push) over the embedding, read through a softmax.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ClassHead {
    /// One weight row per class (pull, neutral, push), [`DIM`] values each.
    pub weights: Vec<Vec<f32>>,
    /// The three classes' intercepts.
    pub bias: Vec<f32>,
    /// The penalty it was fitted with.
    pub lambda: f64,
}

impl ClassHead {
    /// `P(pull) − P(push)` for one embedding, in (−1, 1).
    pub fn warmth(&self, embedding: &[f32]) -> f32 {
        let logit = |c: usize| {
            self.weights[c]
                .iter()
                .zip(embedding)
                .fold(self.bias[c], |sum, (w, x)| sum + w * x)
        };
        let logits = [logit(0), logit(1), logit(2)];
        let top = logits.iter().copied().fold(f32::MIN, f32::max);
        let e = logits.map(|l| (l - top).exp());
        (e[0] - e[2]) / (e[0] + e[1] + e[2])
    }
}

/// Iterations of L-BFGS at most (penalty 1e-5 needs ~1,900, 1e-4 ~270), and the pairs of
/// steps it remembers.
const MAX_ITERATIONS: usize = 3000;
const MEMORY: usize = 20;

/// Fits the head on `inputs` (their first [`DIM`] values, the embedding) with the class of
/// each gold warmth and a loss weight per row, for the penalty `lambda`; also returns the
/// L-BFGS iterations it took.
pub fn fit(
    inputs: &[Vec<f32>],
    gold: &[f64],
    weight: &[f64],
    lambda: f64,
) -> Result<(ClassHead, usize)> {
    let n = inputs.len();
    if n == 0 {
        return Err(Error::Model("no rows to fit the class head on".into()));
    }
    let flat: Vec<f64> = inputs
        .iter()
        .flat_map(|x| x[..DIM].iter().map(|&v| f64::from(v)))
        .collect();
    let x = Tensor::from_slice(&flat).view([n as i64, DIM as i64]);
    let total: f64 = weight.iter().sum();
    let mut onehot = vec![0.0f64; n * 3];
    for (i, &g) in gold.iter().enumerate() {
        let c = match Class::of(g) {
            Class::Warm => 0,
            Class::Neutral => 1,
            Class::Cold => 2,
        };
        onehot[i * 3 + c] = 1.0;
    }
    let y = Tensor::from_slice(&onehot).view([n as i64, 3]);
    let w: Vec<f64> = weight.iter().map(|v| v / total).collect();
    let w = Tensor::from_slice(&w).view([n as i64, 1]);
    let problem = Problem { x, y, w, lambda };
    let (params, iterations) = lbfgs(&problem, vec![0.0; (DIM + 1) * 3])?;
    let weights = (0..3)
        .map(|c| (0..DIM).map(|j| params[j * 3 + c] as f32).collect())
        .collect();
    let bias = (0..3).map(|c| params[DIM * 3 + c] as f32).collect();
    Ok((
        ClassHead {
            weights,
            bias,
            lambda,
        },
        iterations,
    ))
}

/// The loss and its gradient; parameters are `W` (`DIM × 3`, row-major) then the three
/// intercepts.
struct Problem {
    x: Tensor,
    y: Tensor,
    w: Tensor,
    lambda: f64,
}

impl Problem {
    fn loss_and_gradient(&self, params: &[f64]) -> Result<(f64, Vec<f64>)> {
        let weights = Tensor::from_slice(&params[..DIM * 3]).view([DIM as i64, 3]);
        let bias = Tensor::from_slice(&params[DIM * 3..]);
        let logits = self.x.matmul(&weights) + &bias;
        let log_p = logits.log_softmax(1, Kind::Double);
        let data = -(&self.w * (&self.y * &log_p)).sum(Kind::Double);
        let residual = &self.w * (log_p.exp() - &self.y);
        let grad_w = self.x.transpose(0, 1).matmul(&residual) + &weights * self.lambda;
        let grad_b = residual.sum_dim_intlist([0i64].as_slice(), false, Kind::Double);
        let penalty = 0.5 * self.lambda * params[..DIM * 3].iter().map(|v| v * v).sum::<f64>();
        let read = |t: &Tensor| {
            Vec::<f64>::try_from(t.contiguous().view(-1))
                .map_err(|e| Error::Model(format!("class head fit: {e}")))
        };
        let loss = f64::try_from(&data)
            .map_err(|e| Error::Model(format!("class head fit: {e}")))?
            + penalty;
        let mut gradient = read(&grad_w)?;
        gradient.extend(read(&grad_b)?);
        Ok((loss, gradient))
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Minimises the problem's loss from `params` by L-BFGS (two-loop recursion, Armijo
/// backtracking); stops when the gradient vanishes (largest component below 1e-8) or the
/// line search finds no step. Returns the parameters and the iterations run.
fn lbfgs(problem: &Problem, mut params: Vec<f64>) -> Result<(Vec<f64>, usize)> {
    let (mut loss, mut grad) = problem.loss_and_gradient(&params)?;
    let mut history: Vec<(Vec<f64>, Vec<f64>, f64)> = Vec::new();
    let mut iterations = 0;
    while iterations < MAX_ITERATIONS {
        if grad.iter().fold(0.0f64, |m, g| m.max(g.abs())) < 1e-8 {
            break;
        }
        iterations += 1;
        // Two-loop recursion: direction = −H·grad.
        let mut q = grad.clone();
        let mut alphas = Vec::with_capacity(history.len());
        for (s, y, rho) in history.iter().rev() {
            let a = rho * dot(s, &q);
            q.iter_mut().zip(y).for_each(|(q, y)| *q -= a * y);
            alphas.push(a);
        }
        let gamma = match history.last() {
            Some((s, y, _)) => dot(s, y) / dot(y, y),
            None => 1.0 / dot(&grad, &grad).sqrt().max(1e-12),
        };
        q.iter_mut().for_each(|v| *v *= gamma);
        for ((s, y, rho), a) in history.iter().zip(alphas.iter().rev()) {
            let b = rho * dot(y, &q);
            q.iter_mut().zip(s).for_each(|(q, s)| *q += (a - b) * s);
        }
        let direction: Vec<f64> = q.iter().map(|v| -v).collect();
        let slope = dot(&grad, &direction);
        if slope >= 0.0 {
            history.clear();
            continue;
        }
        let mut step = 1.0;
        let (next, next_loss, next_grad) = loop {
            let candidate: Vec<f64> = params
                .iter()
                .zip(&direction)
                .map(|(p, d)| p + step * d)
                .collect();
            let (l, g) = problem.loss_and_gradient(&candidate)?;
            if l <= loss + 1e-4 * step * slope {
                break (candidate, l, g);
            }
            step *= 0.5;
            if step < 1e-12 {
                return Ok((params, iterations));
            }
        };
        let s: Vec<f64> = next.iter().zip(&params).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = next_grad.iter().zip(&grad).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        if sy > 1e-12 {
            if history.len() == MEMORY {
                history.remove(0);
            }
            history.push((s, y, 1.0 / sy));
        }
        params = next;
        loss = next_loss;
        grad = next_grad;
    }
    Ok((params, iterations))
}
