//! Cross-validation: a model trained and scored once per fold, as
//! scikit-learn's `cross_val_score`.

use super::dataset::Dataset;
use super::folds::Fold;
use crate::{Error, Float, Result};

/// Trains and scores a model once per fold: for each of `folds`, calls
/// `train_and_score(training set, test set)` with the fold's samples of
/// `data` and keeps the score it returns, as scikit-learn's
/// `cross_val_score(estimator, X, y, cv=folds)` does.
///
/// The closure builds a fresh model, fits it to the first set and returns
/// its score on the second (an accuracy, an R², a negated error: whatever
/// it measures, higher or lower being better as the caller reads it). Fit
/// anything learned from the data, such as a
/// [`Standardizer`](crate::Standardizer), inside the closure on the training
/// set, so that no fold's test samples leak into its training. The folds
/// come from [`KFold`](super::KFold) or [`StratifiedKFold`](super::StratifiedKFold)
/// (or are made by hand); the mean of the scores estimates how well the model
/// does on data it has not seen, their spread how much that depends on the split.
///
/// # Shapes
/// - `data`: `n_samples` samples; every index of the folds below `n_samples`
/// - returns: one score per fold, in the order of `folds`
///
/// # Errors
/// - [`Error::Empty`] for no folds;
/// - [`Error::InFold`] naming the fold (counted from 0) and holding the
///   error: an index not below `n_samples`
///   ([`Error::InvalidSetting`], from [`Dataset::select`]), or an error the
///   closure returned. The first such fold ends the run. (scikit-learn by
///   default carries on with a score of NaN for that fold, and warns.)
///
/// ```
/// use neuron::datasets::{Dataset, KFold, cross_val_score};
/// use neuron::metrics::regression::mse;
/// use neuron::ndarray::{Array1, array};
/// use neuron::Error;
///
/// // A model that predicts the training targets' mean, scored by its mean squared error.
/// let data = Dataset::new(array![[0.0], [1.0], [2.0], [3.0]], array![1.0, 3.0, 2.0, 6.0])?;
/// let folds = KFold::new(2)?.split(data.n_samples())?;
/// let scores = cross_val_score(&data, &folds, |train, test| {
///     let mean = train.targets().mean().ok_or(Error::Empty { what: "training set" })?;
///     mse(test.targets(), &Array1::from_elem(test.n_samples(), mean))
/// })?;
/// // Fold 0 tests [1, 3] against the mean 4 of [2, 6]; fold 1 tests [2, 6] against 2.
/// assert_eq!(scores, [(9.0 + 1.0) / 2.0, (0.0 + 16.0) / 2.0]);
///
/// let err = cross_val_score(&data, &folds, |_, test| {
///     if test.targets()[0] == 2.0 { Err(Error::Empty { what: "a fold" }) } else { Ok(1.0) }
/// }).unwrap_err();
/// assert_eq!(err.to_string(), "fold 1 (of 2, counted from 0): a fold is empty");
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn cross_val_score<F, M>(
    data: &Dataset<F>,
    folds: &[Fold],
    mut train_and_score: M,
) -> Result<Vec<f64>>
where
    F: Float,
    M: FnMut(&Dataset<F>, &Dataset<F>) -> Result<f64>,
{
    if folds.is_empty() {
        return Err(Error::Empty {
            what: "the list of folds",
        });
    }
    folds
        .iter()
        .enumerate()
        .map(|(k, fold)| {
            let in_fold = |source| Error::InFold {
                fold: k,
                n_folds: folds.len(),
                source: Box::new(source),
            };
            let train = data.select(&fold.train).map_err(in_fold)?;
            let test = data.select(&fold.test).map_err(in_fold)?;
            train_and_score(&train, &test).map_err(in_fold)
        })
        .collect()
}
