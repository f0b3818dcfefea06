//! A small seeded random number generator (xoshiro256** seeded through SplitMix64) and the
//! few distributions drawn from. Shared by every stage that needs reproducible randomness:
//! the planted-conversation generator (`synth`), the phrase sampling of `lang`, the
//! permutation tests of `dynamics` and the bias tuning of the bert scorer. Written here rather
//! than taken from `rand` so that a seed gives the same stream on every platform and every
//! future version: the algorithm is fixed by this file, not by a dependency's release notes.

/// xoshiro256** (Blackman & Vigna), seeded from a `u64` with SplitMix64.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A generator whose whole stream is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Rng {
            s: [next(), next(), next(), next()],
        }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in [lo, hi).
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// Uniform index in `0..n` (`n > 0`).
    pub fn index(&mut self, n: usize) -> usize {
        ((self.uniform() * n as f64) as usize).min(n.saturating_sub(1))
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Standard normal (Box–Muller, one value per call).
    pub fn normal(&mut self) -> f64 {
        let u1 = 1.0 - self.uniform(); // (0, 1]
        let u2 = self.uniform();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }

    /// Log-normal: `exp` of a normal with mean `mu` and standard deviation `sigma`.
    pub fn lognormal(&mut self, mu: f64, sigma: f64) -> f64 {
        (mu + sigma * self.normal()).exp()
    }

    /// Exponential with mean `mean`.
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.uniform()).ln()
    }

    /// Number of trials up to and including the first success (support 1, 2, ...).
    pub fn geometric(&mut self, p: f64) -> u32 {
        let u = 1.0 - self.uniform();
        let k = (u.ln() / (1.0 - p).ln()).floor() + 1.0;
        k.clamp(1.0, 1e6) as u32
    }

    /// Poisson by inversion (small means only, as used here).
    pub fn poisson(&mut self, lambda: f64) -> u32 {
        let limit = (-lambda).exp();
        let mut k = 0;
        let mut p = self.uniform();
        while p > limit && k < 1000 {
            k += 1;
            p *= self.uniform();
        }
        k
    }

    /// Gamma(shape, scale) by Marsaglia & Tsang (shape ≥ 1).
    pub fn gamma(&mut self, shape: f64, scale: f64) -> f64 {
        let d = shape.max(1.0) - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = self.uniform();
            if u.ln() < 0.5 * x * x + d - d * v + d * v.ln() {
                return d * v * scale;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream_and_sane_moments() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        assert_eq!(a.next_u64(), b.next_u64());
        let n = 20_000;
        let mean_g: f64 = (0..n).map(|_| a.gamma(4.0, 2.0)).sum::<f64>() / n as f64;
        assert!((mean_g - 8.0).abs() < 0.2, "gamma mean {mean_g}");
        let mean_p: f64 = (0..n).map(|_| f64::from(a.poisson(2.5))).sum::<f64>() / n as f64;
        assert!((mean_p - 2.5).abs() < 0.1, "poisson mean {mean_p}");
        let mean_geo: f64 = (0..n).map(|_| f64::from(a.geometric(0.5))).sum::<f64>() / n as f64;
        assert!((mean_geo - 2.0).abs() < 0.1, "geometric mean {mean_geo}");
        let u: f64 = (0..n).map(|_| a.normal()).sum::<f64>() / n as f64;
        assert!(u.abs() < 0.05);
    }
}
