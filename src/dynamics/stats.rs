//! Small robust-statistics helpers shared by the dynamics modules: median, quantiles with
//! linear interpolation (numpy's default), and a robust location/scale (median, 1.4826·MAD)
//! that never returns zero or a non-finite scale.

/// Scale factor that makes the MAD estimate σ for normal data.
const MAD_K: f64 = 1.4826;

/// The q-quantile (0..1) of `xs` with linear interpolation; reorders `xs`. `None` if empty.
pub fn quantile_in_place(xs: &mut [f64], q: f64) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let pos = q.clamp(0.0, 1.0) * (xs.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let frac = pos - lo as f64;
    let (_, lo_val, upper) = xs.select_nth_unstable_by(lo, f64::total_cmp);
    let lo_val = *lo_val;
    if frac <= 0.0 || upper.is_empty() {
        return Some(lo_val);
    }
    let hi_val = upper.iter().copied().fold(f64::INFINITY, f64::min);
    Some(lo_val + frac * (hi_val - lo_val))
}

/// The q-quantile of `xs` without reordering it.
pub fn quantile(xs: &[f64], q: f64) -> Option<f64> {
    quantile_in_place(&mut xs.to_vec(), q)
}

/// The median of `xs` without reordering it; `None` when empty.
pub fn median(xs: &[f64]) -> Option<f64> {
    quantile(xs, 0.5)
}

/// First quartile, median, third quartile.
pub fn quartiles(xs: &[f64]) -> Option<(f64, f64, f64)> {
    let mut v = xs.to_vec();
    let q1 = quantile_in_place(&mut v, 0.25)?;
    let q2 = quantile_in_place(&mut v, 0.5)?;
    let q3 = quantile_in_place(&mut v, 0.75)?;
    Some((q1, q2, q3))
}

/// Robust location and scale: median and 1.4826·MAD; falls back to the standard deviation
/// when more than half the values are equal, and to 1 when all are. `None` if empty.
pub fn robust_loc_scale(xs: &[f64]) -> Option<(f64, f64)> {
    let med = median(xs)?;
    let dev: Vec<f64> = xs.iter().map(|x| (x - med).abs()).collect();
    let mad = MAD_K * median(&dev)?;
    if mad > 1e-9 {
        return Some((med, mad));
    }
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt();
    Some((med, if sd > 1e-9 { sd } else { 1.0 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_match_numpy_linear() {
        let xs = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
        // numpy.quantile(xs, [0.25, 0.5, 0.75]) = [1.75, 3.5, 5.25]
        assert_eq!(quartiles(&xs), Some((1.75, 3.5, 5.25)));
        assert_eq!(quantile(&[], 0.5), None);
        assert_eq!(quantile(&[7.0], 0.9), Some(7.0));
    }

    #[test]
    fn robust_scale_never_zero() {
        assert_eq!(robust_loc_scale(&[2.0, 2.0, 2.0]), Some((2.0, 1.0)));
        let (m, s) = robust_loc_scale(&[1.0, 1.0, 1.0, 5.0]).unwrap();
        assert_eq!(m, 1.0);
        assert!(s > 1.0);
    }
}
