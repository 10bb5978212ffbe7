//! Weighted losses: a weight per sample (given, or from its class), and the
//! weighted mean of the samples' losses that training then lowers.
//!
//! With weights `sᵢ ≥ 0` and each sample's loss `Lᵢ` (the mean over its
//! outputs for the elementwise losses, its cross-entropy for `CrossEntropy`),
//! a batch's loss is the weighted mean
//!
//! ```text
//! L = Σᵢ sᵢ·Lᵢ / Σᵢ sᵢ        ∂L/∂hᵢ = sᵢ·∂Lᵢ/∂hᵢ / Σᵢ sᵢ
//! ```
//!
//! which is PyTorch's `CrossEntropyLoss(weight=w)` (with `sᵢ = w[yᵢ]`), and
//! equal weights give the unweighted mean. A batch whose weights are all 0
//! has loss 0 and no gradient.

use ndarray::{Array2, ArrayView1, ArrayView2, Axis};

use crate::{Activation, Error, Float, Loss, Result};

/// The weighted loss of a batch and its `δ = ∂L/∂H`, from the net inputs.
///
/// # Shapes
/// - `net_inputs`, `targets`: `(n_samples, n_outputs)`; `weights`: `(n_samples,)`
/// - `total`: `Σ sᵢ` over the whole batch, of which these rows may be a piece
pub(crate) fn weighted_value_and_delta<F: Float>(
    loss: Loss,
    net_inputs: ArrayView2<'_, F>,
    targets: ArrayView2<'_, F>,
    activation: Activation,
    weights: ArrayView1<'_, F>,
    total: F,
) -> (F, Array2<F>) {
    let mut delta = Array2::zeros(net_inputs.raw_dim());
    let mut value = F::zero();
    if total <= F::zero() {
        return (value, delta);
    }
    for (((h, t), &s), mut d) in net_inputs
        .axis_iter(Axis(0))
        .zip(targets.axis_iter(Axis(0)))
        .zip(weights.iter())
        .zip(delta.axis_iter_mut(Axis(0)))
    {
        if s == F::zero() {
            continue;
        }
        // One sample as a batch of one: its loss Lᵢ and ∂Lᵢ/∂hᵢ.
        let (h, t) = (h.insert_axis(Axis(0)), t.insert_axis(Axis(0)));
        let (sample_loss, sample_delta) = loss.value_and_delta(&h, &t, activation);
        let share = s / total;
        value += share * sample_loss;
        d.zip_mut_with(&sample_delta.row(0), |d, &g| *d = share * g);
    }
    (value, delta)
}

/// One weight per sample from one weight per class: `sᵢ = Σₖ tᵢₖ·wₖ` for
/// targets of several columns (one-hot: the weight of the sample's class,
/// as PyTorch's `CrossEntropyLoss(weight=w)` weighs it), and
/// `sᵢ = (1 − tᵢ)·w₀ + tᵢ·w₁` for one column of 0/1 targets.
///
/// # Errors
/// [`Error::InvalidSetting`] naming `class_weights` when their number is not
/// the number of classes (2 for one column of targets).
pub(crate) fn from_classes<F: Float>(
    class_weights: &[f64],
    targets: ArrayView2<'_, F>,
) -> Result<ndarray::Array1<F>> {
    let classes = targets.ncols().max(2);
    if class_weights.len() != classes {
        return Err(Error::InvalidSetting {
            name: "class_weights",
            value: class_weights.len() as f64,
            requirement: "one weight per class: as many as the targets' columns, or 2 for one column of 0/1 targets",
        });
    }
    let w: Vec<F> = class_weights.iter().map(|&w| F::from_f64(w)).collect();
    Ok(targets
        .rows()
        .into_iter()
        .map(|t| match (t.len(), w.as_slice()) {
            (1, [w0, w1]) => {
                let t = t.iter().copied().next().unwrap_or_else(F::zero);
                (F::one() - t) * *w0 + t * *w1
            }
            _ => t
                .iter()
                .zip(&w)
                .fold(F::zero(), |sum, (&t, &w)| sum + t * w),
        })
        .collect())
}

/// Checks that a batch has one weight per sample.
///
/// # Errors
/// [`Error::LengthMismatch`] otherwise.
pub(crate) fn check_length<F>(weights: ArrayView1<'_, F>, n_samples: usize) -> Result<()> {
    if weights.len() == n_samples {
        Ok(())
    } else {
        Err(Error::LengthMismatch {
            what: "sample_weights and the samples",
            left: weights.len(),
            right: n_samples,
        })
    }
}

/// Checks class weights: each finite and ≥ 0.
///
/// # Errors
/// [`Error::InvalidSetting`] naming `class_weights` and the first bad weight.
pub(crate) fn check_class_weights(class_weights: &[f64]) -> Result<()> {
    match class_weights
        .iter()
        .find(|w| !(w.is_finite() && **w >= 0.0))
    {
        Some(&w) => Err(Error::InvalidSetting {
            name: "class_weights",
            value: w,
            requirement: "finite and ≥ 0 for every class",
        }),
        None => Ok(()),
    }
}

/// Checks sample weights against `n_samples`: one each, finite and ≥ 0,
/// not all 0.
///
/// # Errors
/// - [`Error::LengthMismatch`] for another number of weights than samples;
/// - [`Error::InvalidValue`] naming `sample_weights` with the index and value
///   of the first weight that is not finite and ≥ 0;
/// - [`Error::InvalidSetting`] naming `sample_weights` when they are all 0.
pub(crate) fn check_sample_weights<F: Float>(
    weights: ArrayView1<'_, F>,
    n_samples: usize,
) -> Result<()> {
    check_length(weights, n_samples)?;
    if let Some((index, w)) = weights
        .iter()
        .enumerate()
        .find(|(_, w)| !(w.is_finite() && **w >= F::zero()))
    {
        return Err(Error::InvalidValue {
            what: "sample_weights",
            index,
            value: w.as_f64(),
            requirement: "finite and ≥ 0",
        });
    }
    if weights.iter().all(|&w| w == F::zero()) {
        return Err(Error::InvalidSetting {
            name: "sample_weights",
            value: 0.0,
            requirement: "a total weight > 0",
        });
    }
    check_total(weights.iter().fold(F::zero(), |sum, &w| sum + w))
}

/// A batch's weights divide by their total: one that overflows would make
/// every share 0, and training would stop without a word.
///
/// # Errors
/// [`Error::InvalidSetting`] naming `sample_weights` for a total that is not finite.
pub(crate) fn check_total<F: Float>(total: F) -> Result<()> {
    if total.is_finite() {
        return Ok(());
    }
    Err(Error::InvalidSetting {
        name: "sample_weights",
        value: total.as_f64(),
        requirement: "a finite total weight (only the weights' ratios matter: scale them down)",
    })
}
