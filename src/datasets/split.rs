//! Splitting a data set at random into a training set and a test set.

use rand::Rng;
use rand::seq::SliceRandom;

use super::dataset::Dataset;
use crate::{Error, Float, Result};

/// Splits `data` at random into a training set and a test set, as scikit-learn's
/// `train_test_split(X, y, test_size=test_fraction)` does.
///
/// The test set gets `n_test = ⌈test_fraction · n_samples⌉` samples, the training
/// set the other `n_samples − n_test`. The rows are shuffled with `rng`, so the
/// same seed gives the same split; both parts keep the feature and class names.
/// Fit anything learned from the data (weights, a [`Standardizer`](crate::Standardizer))
/// on the training set only, and measure on the test set.
///
/// # Shapes
/// - `data`: `n_samples` samples
/// - returns: `(training, test)` with `n_samples − n_test` and `n_test` samples
///
/// # Errors
/// - [`Error::InvalidSetting`] when `test_fraction` is not finite or not in `(0, 1)`.
/// - [`Error::Empty`] when `data` or the training set would be empty (too few samples).
///
/// ```
/// use neuron::datasets::{breast_cancer, train_test_split};
/// use neuron::rand::{SeedableRng, rngs::StdRng};
///
/// let data = breast_cancer::<f64>();
/// let (train, test) = train_test_split(&data, 0.25, &mut StdRng::seed_from_u64(42))?;
/// assert_eq!(test.n_samples(), 143); // ⌈0.25 · 569⌉ = ⌈142.25⌉
/// assert_eq!(train.n_samples(), 426);
/// assert_eq!(train.feature_names(), data.feature_names());
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn train_test_split<F: Float, R: Rng + ?Sized>(
    data: &Dataset<F>,
    test_fraction: f64,
    rng: &mut R,
) -> Result<(Dataset<F>, Dataset<F>)> {
    let (train, test) = split_indices(data.n_samples(), test_fraction, rng)?;
    Ok((data.select_rows(&train), data.select_rows(&test)))
}

/// The indices of [`train_test_split`]'s two parts, `(training, test)`: the
/// same rows, for the same `rng`, as it takes, to split other arrays alike or
/// to hand the split to another tool.
///
/// ```
/// use neuron::datasets::{iris, split_indices, train_test_split};
/// use neuron::rand::{SeedableRng, rngs::StdRng};
///
/// let data = iris::<f64>();
/// let (train, test) = split_indices(data.n_samples(), 0.2, &mut StdRng::seed_from_u64(1))?;
/// let (_, test_set) = train_test_split(&data, 0.2, &mut StdRng::seed_from_u64(1))?;
/// assert_eq!((train.len(), test.len()), (120, 30));
/// assert_eq!(data.select(&test)?.inputs(), test_set.inputs());
/// # Ok::<(), neuron::Error>(())
/// ```
///
/// # Errors
/// As [`train_test_split`].
pub fn split_indices<R: Rng + ?Sized>(
    n_samples: usize,
    test_fraction: f64,
    rng: &mut R,
) -> Result<(Vec<usize>, Vec<usize>)> {
    if !(test_fraction.is_finite() && test_fraction > 0.0 && test_fraction < 1.0) {
        return Err(Error::InvalidSetting {
            name: "test_fraction",
            value: test_fraction,
            requirement: "in (0, 1)",
        });
    }
    if n_samples == 0 {
        return Err(Error::Empty { what: "data set" });
    }
    // As scikit-learn: n_test = ceil(test_size · n_samples), at least 1 since the
    // fraction is > 0; the clamp only guards against rounding at the top end.
    let n_test = ((test_fraction * n_samples as f64).ceil() as usize).clamp(1, n_samples);
    if n_test == n_samples {
        return Err(Error::Empty {
            what: "training set (too few samples for this test_fraction)",
        });
    }
    let mut indices: Vec<usize> = (0..n_samples).collect();
    indices.shuffle(rng);
    let (test, train) = indices.split_at(n_test);
    Ok((train.to_vec(), test.to_vec()))
}
