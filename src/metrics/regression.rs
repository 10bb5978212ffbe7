//! How far a regression's predictions are from the truth: the mean absolute
//! and squared errors, their root, and the share of the variance explained
//! (R² and explained variance), as scikit-learn's `sklearn.metrics` computes
//! them.
//!
//! Every function takes `y_true` and `y_pred` of the same length (at least
//! one value), all finite.
//!
//! # Errors
//! Every function gives [`Error::LengthMismatch`](crate::Error::LengthMismatch)
//! for lengths that differ, [`Error::Empty`](crate::Error::Empty) for none,
//! and [`Error::InvalidValue`](crate::Error::InvalidValue) naming the first
//! value that is NaN or infinite.

use ndarray::{ArrayBase, Data, Ix1};

use super::checks::{Metric, check_finite, check_pair};
use super::numpy_sum::numpy_sum;
use crate::{Float, Result};

/// The checked pair, and `n` as a float.
fn checked<F, S1, S2>(
    name: &'static Metric,
    y_true: &ArrayBase<S1, Ix1>,
    y_pred: &ArrayBase<S2, Ix1>,
) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    check_pair(name, y_true.len(), y_pred.len())?;
    check_finite("y_true", y_true)?;
    check_finite("y_pred", y_pred)?;
    Ok(F::from_f64(y_true.len() as f64))
}

/// The mean absolute error, `Σ|y − ŷ| / n`: scikit-learn's `mean_absolute_error`.
///
/// ```
/// use neuron::metrics::regression::mae;
/// use neuron::ndarray::array;
///
/// // (|3 − 2.5| + |−0.5 − 0| + |2 − 2| + |7 − 8|) / 4 = (0.5 + 0.5 + 0 + 1) / 4
/// assert_eq!(mae(&array![3.0, -0.5, 2.0, 7.0], &array![2.5, 0.0, 2.0, 8.0])?, 0.5);
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn mae<F, S1, S2>(y_true: &ArrayBase<S1, Ix1>, y_pred: &ArrayBase<S2, Ix1>) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    let n = checked(&MAE, y_true, y_pred)?;
    let errors: Vec<F> = y_true
        .iter()
        .zip(y_pred)
        .map(|(&y, &y_hat)| (y - y_hat).abs())
        .collect();
    Ok(numpy_sum(&errors) / n)
}

/// The mean squared error, `Σ(y − ŷ)² / n`: scikit-learn's
/// `mean_squared_error` (and [`metrics::mean_squared_error`](super::mean_squared_error)).
///
/// ```
/// use neuron::metrics::regression::mse;
/// use neuron::ndarray::array;
///
/// // (0.25 + 0.25 + 0 + 1) / 4
/// assert_eq!(mse(&array![3.0, -0.5, 2.0, 7.0], &array![2.5, 0.0, 2.0, 8.0])?, 0.375);
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn mse<F, S1, S2>(y_true: &ArrayBase<S1, Ix1>, y_pred: &ArrayBase<S2, Ix1>) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    mean_squared(&MSE, y_true, y_pred)
}

/// `Σ(y − ŷ)² / n`, checked, errors naming `metric`: [`mse`] and
/// [`metrics::mean_squared_error`](super::mean_squared_error).
pub(super) fn mean_squared<F, S1, S2>(
    metric: &'static Metric,
    y_true: &ArrayBase<S1, Ix1>,
    y_pred: &ArrayBase<S2, Ix1>,
) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    let n = checked(metric, y_true, y_pred)?;
    Ok(squared_residuals(y_true, y_pred) / n)
}

/// The root of the mean squared error, in the targets' units: scikit-learn's
/// `root_mean_squared_error`.
///
/// ```
/// use neuron::metrics::regression::rmse;
/// use neuron::ndarray::array;
///
/// assert_eq!(rmse(&array![3.0, -0.5, 2.0, 7.0], &array![2.5, 0.0, 2.0, 8.0])?, 0.375_f64.sqrt());
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn rmse<F, S1, S2>(y_true: &ArrayBase<S1, Ix1>, y_pred: &ArrayBase<S2, Ix1>) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    let n = checked(&RMSE, y_true, y_pred)?;
    Ok((squared_residuals(y_true, y_pred) / n).sqrt())
}

/// The coefficient of determination, `R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²`: 1 for
/// perfect predictions, 0 for always predicting the mean, negative for
/// worse. As scikit-learn's `r2_score` (with its default `force_finite`):
/// for constant targets, 1 when the predictions are exact and 0 otherwise.
///
/// ```
/// use neuron::metrics::regression::r2;
/// use neuron::ndarray::array;
///
/// // scikit-learn: r2_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) = 0.9486081370449679
/// let score = r2(&array![3.0, -0.5, 2.0, 7.0], &array![2.5, 0.0, 2.0, 8.0])?;
/// assert!((score - 0.9486081370449679_f64).abs() < 1e-15);
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn r2<F, S1, S2>(y_true: &ArrayBase<S1, Ix1>, y_pred: &ArrayBase<S2, Ix1>) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    let n = checked(&R2, y_true, y_pred)?;
    let y: Vec<F> = y_true.iter().copied().collect();
    let mean = numpy_sum(&y) / n;
    let deviations: Vec<F> = y.iter().map(|&y| (y - mean) * (y - mean)).collect();
    Ok(share_explained(
        squared_residuals(y_true, y_pred),
        numpy_sum(&deviations),
    ))
}

/// The explained variance, `1 − Var(y − ŷ) / Var(y)`: R² but for a constant
/// offset of the predictions, which it does not count. As scikit-learn's
/// `explained_variance_score` (with its default `force_finite`).
///
/// ```
/// use neuron::metrics::regression::explained_variance;
/// use neuron::ndarray::array;
///
/// // scikit-learn: explained_variance_score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]) = 0.9571734475374732
/// let score = explained_variance(&array![3.0, -0.5, 2.0, 7.0], &array![2.5, 0.0, 2.0, 8.0])?;
/// assert!((score - 0.9571734475374732_f64).abs() < 1e-15);
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn explained_variance<F, S1, S2>(
    y_true: &ArrayBase<S1, Ix1>,
    y_pred: &ArrayBase<S2, Ix1>,
) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    let n = checked(&EXPLAINED_VARIANCE, y_true, y_pred)?;
    let variance = |values: &mut dyn Iterator<Item = F>| {
        let values: Vec<F> = values.collect();
        let mean = numpy_sum(&values) / n;
        let deviations: Vec<F> = values.iter().map(|&v| (v - mean) * (v - mean)).collect();
        numpy_sum(&deviations) / n
    };
    let residuals = variance(&mut y_true.iter().zip(y_pred).map(|(&y, &y_hat)| y - y_hat));
    let total = variance(&mut y_true.iter().copied());
    Ok(share_explained(residuals, total))
}

/// `Σ(y − ŷ)²`, summed as NumPy sums.
fn squared_residuals<F, S1, S2>(y_true: &ArrayBase<S1, Ix1>, y_pred: &ArrayBase<S2, Ix1>) -> F
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    let squares: Vec<F> = y_true
        .iter()
        .zip(y_pred)
        .map(|(&y, &y_hat)| (y - y_hat) * (y - y_hat))
        .collect();
    numpy_sum(&squares)
}

/// `1 − unexplained / total`, with scikit-learn's rule for `total = 0`: 1
/// when nothing is unexplained, else 0.
fn share_explained<F: Float>(unexplained: F, total: F) -> F {
    if total == F::zero() {
        if unexplained == F::zero() {
            F::one()
        } else {
            F::zero()
        }
    } else {
        F::one() - unexplained / total
    }
}

const MAE: Metric = Metric {
    pair: "mae (y_true, y_pred)",
    empty: "mae: y_true",
};
const MSE: Metric = Metric {
    pair: "mse (y_true, y_pred)",
    empty: "mse: y_true",
};
const RMSE: Metric = Metric {
    pair: "rmse (y_true, y_pred)",
    empty: "rmse: y_true",
};
const R2: Metric = Metric {
    pair: "r2 (y_true, y_pred)",
    empty: "r2: y_true",
};
const EXPLAINED_VARIANCE: Metric = Metric {
    pair: "explained_variance (y_true, y_pred)",
    empty: "explained_variance: y_true",
};
