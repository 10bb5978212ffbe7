//! The softmax of a row of net inputs, and the log-sum-exp that normalises
//! the log-softmax, computed so that they never overflow.

use ndarray::{Array1, ArrayBase, Data, DataMut, Ix1};

use crate::Float;

/// The softmax of one row of net inputs: `yₖ = eʰᵏ / Σⱼ eʰʲ`, probabilities
/// that sum to 1.
///
/// Computed as `e^(hₖ − m) / Σⱼ e^(hⱼ − m)` with `m = max h`, which is the same
/// value but never overflows: the largest term is `e⁰ = 1`. A net input of
/// `+∞` gives the limit: the `k` net inputs of `+∞` share the probability,
/// `1/k` each, and every other is `0`; `−∞` gives `0`. NaN anywhere gives
/// NaN everywhere, as does a row of `−∞` only (which has no limit); an empty
/// row gives an empty row.
///
/// # Shapes
/// - `net_inputs`: `(n_units,)`; returns `(n_units,)`
///
/// ```
/// use neuron::activation::softmax;
/// use neuron::ndarray::array;
///
/// // PyTorch: torch.softmax(torch.tensor([1., 2., 3.], dtype=torch.float64), 0)
/// let y = softmax(&array![1.0_f64, 2.0, 3.0]);
/// assert!((y[0] - 0.09003057317038046).abs() < 1e-16);
/// assert!((y[2] - 0.6652409557748219).abs() < 1e-15);
/// assert!((y.sum() - 1.0).abs() < 1e-15);
/// assert_eq!(softmax(&array![1000.0_f64, 0.0]), array![1.0, 0.0]); // no overflow
/// assert_eq!(softmax(&array![f64::INFINITY, 0.0, f64::INFINITY]), array![0.5, 0.0, 0.5]); // the limit
/// ```
pub fn softmax<F: Float, S: Data<Elem = F>>(net_inputs: &ArrayBase<S, Ix1>) -> Array1<F> {
    let mut y = net_inputs.to_owned();
    softmax_inplace(&mut y);
    y
}

/// [`softmax`] of one row, in place.
pub(crate) fn softmax_inplace<F: Float, S: DataMut<Elem = F>>(row: &mut ArrayBase<S, Ix1>) {
    let m = row.fold(
        F::neg_infinity(),
        |m, &h| if h > m || h.is_nan() { h } else { m },
    );
    if m == F::infinity() {
        // The limit as those net inputs grow without bound together.
        let k = row.iter().filter(|&&h| h == m).count();
        let share = F::one() / F::from_f64(k as f64);
        row.mapv_inplace(|h| if h == m { share } else { F::zero() });
        return;
    }
    row.mapv_inplace(|h| (h - m).exp());
    let sum = row.sum();
    row.mapv_inplace(|e| e / sum);
}

/// `ln Σⱼ eʰʲ` of one row, as `m + ln Σⱼ e^(hⱼ − m)` with `m = max h`: finite
/// for every finite row, the log-softmax's normaliser.
pub(crate) fn log_sum_exp<F: Float, S: Data<Elem = F>>(row: &ArrayBase<S, Ix1>) -> F {
    let m = row.fold(
        F::neg_infinity(),
        |m, &h| if h > m || h.is_nan() { h } else { m },
    );
    if !m.is_finite() {
        return m;
    }
    m + row.fold(F::zero(), |s, &h| s + (h - m).exp()).ln()
}
