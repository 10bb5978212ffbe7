//! Metrics for many classes, equal to scikit-learn's.
//!
//! Labels are class indices `0, 1, …, k − 1`, held as whole-number floats (as
//! [`Dataset::targets`](crate::datasets::Dataset::targets) holds them), as the
//! `usize`s [`Network::predict_classes`](crate::Network::predict_classes)
//! returns, or as any primitive integer: see [`Label`]. `y_true` and `y_pred`
//! may be of different types, and arrays or views of any storage.
//!
//! | here | scikit-learn |
//! | --- | --- |
//! | [`accuracy`] | `accuracy_score(y_true, y_pred)` |
//! | [`confusion_matrix`] | `confusion_matrix(y_true, y_pred, labels=range(k))` |
//! | [`classification_report`] | `classification_report(…, labels=range(k))`, `precision_recall_fscore_support` |
//! | [`log_loss`] | `log_loss(y_true, probabilities, labels=range(k))` |
//! | [`top_k_accuracy`] | `top_k_accuracy_score(y_true, scores, k=k, labels=range(k))` |
//!
//! Every class `0 … k − 1` has its row, column and report line, including a class
//! that never occurs in `y_true` or never in `y_pred`. Where that makes a
//! precision, recall or F1 `0 / 0`, it is `0.0`, as scikit-learn's default
//! `zero_division="warn"` reports it (here without the warning), and the macro
//! average counts it.
//!
//! ```
//! use neuron::metrics::multiclass::{classification_report, confusion_matrix};
//! use neuron::ndarray::array;
//!
//! let y_true = array![0.0, 1.0, 2.0, 2.0, 1.0]; // targets of a Dataset
//! let y_pred = array![0_usize, 2, 2, 2, 1]; // Network::predict_classes
//! let cm = confusion_matrix(&y_true, &y_pred, 3)?;
//! assert_eq!(cm.to_array(), array![[1, 0, 0], [0, 1, 1], [0, 0, 2]]);
//! assert_eq!(cm.precision(), array![1.0, 1.0, 2.0 / 3.0]);
//!
//! let report = classification_report(&y_true, &y_pred, 3)?;
//! assert_eq!(report.accuracy(), 0.8);
//! assert_eq!(report.macro_avg().recall(), (1.0 + 0.5 + 1.0) / 3.0);
//! println!("{report}"); // the text of scikit-learn's classification_report
//! # Ok::<(), neuron::Error>(())
//! ```

mod confusion;
mod label;
mod report;

use ndarray::{ArrayBase, Data, Ix1, Ix2};

pub use self::confusion::ClassConfusion;
pub use self::label::Label;
pub use self::report::{Averages, ClassificationReport};

use self::label::{class_indices, unbounded_class_indices};
use super::{Metric, check_pair, ratio};
use crate::{Error, Float, Result};

/// The fraction of labels predicted right, scikit-learn's `accuracy_score`.
///
/// # Shapes
/// - `y_true`, `y_pred`: `(n_samples,)`, class labels
///
/// # Errors
/// - [`Error::LengthMismatch`] when the two have different lengths.
/// - [`Error::Empty`] when they hold no samples.
/// - [`Error::InvalidValue`] naming `y_true` or `y_pred` (checked in that order),
///   the index and the value of the first label that is NaN, negative or not whole.
///
/// ```
/// use neuron::metrics::multiclass::accuracy;
/// use neuron::ndarray::array;
///
/// assert_eq!(accuracy(&array![0.0, 1.0, 2.0, 2.0], &array![0_usize, 2, 2, 2])?, 0.75);
///
/// let err = accuracy(&array![0.0, 1.5], &array![0.0, 1.0]).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "y_true at index 1 is 1.5, but it must be a class label: a whole number ≥ 0"
/// );
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn accuracy<S1, S2>(y_true: &ArrayBase<S1, Ix1>, y_pred: &ArrayBase<S2, Ix1>) -> Result<f64>
where
    S1: Data,
    S1::Elem: Label,
    S2: Data,
    S2::Elem: Label,
{
    check_pair(&ACCURACY, y_true.len(), y_pred.len())?;
    let true_classes = unbounded_class_indices("y_true", y_true)?;
    let predicted = unbounded_class_indices("y_pred", y_pred)?;
    let correct = true_classes
        .iter()
        .zip(&predicted)
        .filter(|(t, p)| t == p)
        .count();
    Ok(ratio(correct, true_classes.len()))
}

/// Counts how often each true class was predicted as each class: scikit-learn's
/// `confusion_matrix(y_true, y_pred, labels=range(n_classes))`.
///
/// # Shapes
/// - `y_true`, `y_pred`: `(n_samples,)`, class labels `0 ≤ c < n_classes`
/// - the matrix: `(n_classes, n_classes)`, rows the true class, columns the predicted
///
/// # Errors
/// - [`Error::LengthMismatch`] when the two have different lengths.
/// - [`Error::Empty`] when they hold no samples.
/// - [`Error::InvalidSetting`] when `n_classes` is 0, or so large that an
///   `n_classes × n_classes` matrix cannot be addressed.
/// - [`Error::InvalidLabel`] naming the index and value of the first label, in
///   `y_true` and then in `y_pred`, that is NaN, negative, not whole or not below
///   `n_classes`.
///
/// ```
/// use neuron::metrics::multiclass::confusion_matrix;
/// use neuron::ndarray::array;
///
/// let cm = confusion_matrix(&array![0, 1, 2, 2], &array![0, 2, 2, 1], 3)?;
/// assert_eq!(cm.to_array(), array![[1, 0, 0], [0, 0, 1], [0, 1, 1]]);
///
/// let err = confusion_matrix(&array![0, 1, 2], &array![0, 1, 3], 3).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "label at index 2 is 3, but class labels must be whole numbers from 0 to 3 (exclusive)"
/// );
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn confusion_matrix<S1, S2>(
    y_true: &ArrayBase<S1, Ix1>,
    y_pred: &ArrayBase<S2, Ix1>,
    n_classes: usize,
) -> Result<ClassConfusion>
where
    S1: Data,
    S1::Elem: Label,
    S2: Data,
    S2::Elem: Label,
{
    count(&CONFUSION_MATRIX, y_true, y_pred, n_classes)
}

/// Per-class precision, recall, F1 and support with accuracy and macro and
/// weighted averages: scikit-learn's `classification_report(y_true, y_pred,
/// labels=range(n_classes))`, numbers and text. The same as
/// [`confusion_matrix`]`(…)?.`[`report()`](ClassConfusion::report).
///
/// # Shapes
/// - `y_true`, `y_pred`: `(n_samples,)`, class labels `0 ≤ c < n_classes`
/// - the per-class scores: `(n_classes,)`
///
/// # Errors
/// As [`confusion_matrix`].
///
/// ```
/// use neuron::metrics::multiclass::classification_report;
/// use neuron::ndarray::array;
///
/// // class 2 is never predicted: its precision is 0 / 0, reported as 0
/// let report = classification_report(&array![0, 1, 2, 1], &array![0, 1, 1, 1], 3)?;
/// assert_eq!(report.precision(), array![1.0, 2.0 / 3.0, 0.0]);
/// assert_eq!(report.recall(), array![1.0, 1.0, 0.0]);
/// assert_eq!(report.support(), array![1, 2, 1]);
/// assert_eq!(report.accuracy(), 0.75);
/// assert_eq!(report.weighted_avg().recall(), 0.75);
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn classification_report<S1, S2>(
    y_true: &ArrayBase<S1, Ix1>,
    y_pred: &ArrayBase<S2, Ix1>,
    n_classes: usize,
) -> Result<ClassificationReport>
where
    S1: Data,
    S1::Elem: Label,
    S2: Data,
    S2::Elem: Label,
{
    Ok(count(&CLASSIFICATION_REPORT, y_true, y_pred, n_classes)?.report())
}

/// The mean cross-entropy of rows of predicted class probabilities:
/// `−(1/n) Σᵢ ln pᵢ,yᵢ`, the log of the probability given to each sample's true
/// class; scikit-learn's `log_loss(y_true, probabilities, labels=range(k))`.
///
/// As scikit-learn (1.5 and later) does, each probability is clipped to
/// `[ε, 1 − ε]`, `ε` the machine epsilon of `F`, so that a true class given
/// probability 0 costs `−ln ε` (36.04 in `f64`, 15.94 in `f32`) rather than
/// infinity; rows are not renormalised.
///
/// A row must sum to 1 to within `1e-8 + √ε`, scikit-learn's own tolerance. Where
/// scikit-learn only warns ("The y_prob values do not sum to one") and returns a
/// number, this is an error: a row that is not a distribution is a mistake
/// upstream (scores or logits where probabilities belong, a column missing),
/// and a warning would go unseen in a training loop.
///
/// # Shapes
/// - `y_true`: `(n_samples,)`, class labels `0 ≤ c < n_classes`
/// - `probabilities`: `(n_samples, n_classes)`, each row summing to 1, e.g.
///   [`Network::predict_proba`](crate::Network::predict_proba) of a softmax output;
///   `n_classes ≥ 2` (for one column of `P(class 1)` use [`metrics::log_loss`](super::log_loss))
///
/// # Errors
/// - [`Error::LengthMismatch`] when `y_true` and the rows differ in number.
/// - [`Error::Empty`] when there are no samples.
/// - [`Error::InvalidSetting`] when `probabilities` has fewer than 2 columns.
/// - [`Error::InvalidLabel`] naming the first label that is NaN, negative, not whole
///   or not below the number of columns.
/// - [`Error::InvalidValue`] naming the first row that holds a probability outside
///   `[0, 1]` or NaN, or that does not sum to 1.
///
/// ```
/// use neuron::metrics::multiclass::log_loss;
/// use neuron::ndarray::array;
///
/// let p = array![[0.7, 0.2, 0.1], [0.1, 0.5, 0.4]];
/// let loss: f64 = log_loss(&array![0, 2], &p)?; // −(ln 0.7 + ln 0.4) / 2
/// assert!((loss - 0.6364828379064438).abs() < 1e-15);
///
/// let err = log_loss(&array![0, 2], &array![[0.7, 0.2, 0.0], [0.1, 0.5, 0.4]]).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "the sum of the row at index 0 is 0.8999999999999999, but it must be 1 \
///      (to within 1e-8 + √ε, scikit-learn's tolerance)"
/// );
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn log_loss<F, S1, S2>(
    y_true: &ArrayBase<S1, Ix1>,
    probabilities: &ArrayBase<S2, Ix2>,
) -> Result<F>
where
    F: Float,
    S1: Data,
    S1::Elem: Label,
    S2: Data<Elem = F>,
{
    check_pair(&LOG_LOSS, y_true.len(), probabilities.nrows())?;
    let n_classes = probabilities.ncols();
    if n_classes < 2 {
        return Err(Error::InvalidSetting {
            name: "n_classes (columns of probabilities)",
            value: n_classes as f64,
            requirement: "at least 2 (for one column of P(class 1), use metrics::log_loss)",
        });
    }
    let classes = class_indices(y_true, n_classes)?;
    let tolerance = 1e-8 + F::epsilon().as_f64().sqrt();
    let (low, high) = (F::epsilon(), F::one() - F::epsilon());
    let mut total = F::zero();
    for (index, (row, &class)) in probabilities.rows().into_iter().zip(&classes).enumerate() {
        let mut sum = F::zero();
        for &p in &row {
            if !(p >= F::zero() && p <= F::one()) {
                return Err(Error::InvalidValue {
                    what: "a probability in the row",
                    index,
                    value: p.as_f64(),
                    requirement: "in [0, 1]",
                });
            }
            sum += p;
        }
        if (sum.as_f64() - 1.0).abs() > tolerance {
            return Err(Error::InvalidValue {
                what: "the sum of the row",
                index,
                value: sum.as_f64(),
                requirement: "1 (to within 1e-8 + √ε, scikit-learn's tolerance)",
            });
        }
        let p = row.get(class).copied().unwrap_or(F::zero());
        total -= p.max(low).min(high).ln();
    }
    Ok(total / F::from_f64(classes.len() as f64))
}

/// The fraction of samples whose true class is among the `k` highest-scored:
/// scikit-learn's `top_k_accuracy_score(y_true, scores, k=k, labels=range(n_classes))`.
///
/// Equal scores are ranked as scikit-learn ranks them (a stable ascending sort,
/// reversed): the higher class index first. So `top_k_accuracy(…, 1)` can differ
/// from the [`accuracy`] of
/// [`predict_classes`](crate::Network::predict_classes), whose argmax takes the
/// lower index on a tie. Any `k ≥ n_classes` gives `1.0`, as in scikit-learn
/// (which warns that it is meaningless).
///
/// Scores may be probabilities, logits or any numbers, `±∞` included (scikit-learn
/// rejects infinities; here they rank as their sign says), but not NaN.
///
/// # Shapes
/// - `y_true`: `(n_samples,)`, class labels `0 ≤ c < n_classes`
/// - `scores`: `(n_samples, n_classes)`, larger meaning more likely
///
/// # Errors
/// - [`Error::LengthMismatch`] when `y_true` and the rows differ in number.
/// - [`Error::Empty`] when there are no samples.
/// - [`Error::InvalidSetting`] when `k` is 0 or `scores` has no columns.
/// - [`Error::InvalidLabel`] naming the first label that is NaN, negative, not whole
///   or not below the number of columns.
/// - [`Error::InvalidValue`] naming the first row holding a NaN score.
///
/// ```
/// use neuron::metrics::multiclass::top_k_accuracy;
/// use neuron::ndarray::array;
///
/// let scores = array![
///     [0.5, 0.2, 0.2], // true 0: first
///     [0.3, 0.4, 0.2], // true 1: first
///     [0.2, 0.4, 0.3], // true 2: second
///     [0.7, 0.2, 0.1], // true 2: third
/// ];
/// let y_true = array![0, 1, 2, 2];
/// assert_eq!(top_k_accuracy(&y_true, &scores, 1)?, 0.5);
/// assert_eq!(top_k_accuracy(&y_true, &scores, 2)?, 0.75);
/// // a tie ranks the higher class first: class 1 before class 0
/// assert_eq!(top_k_accuracy(&array![0, 1], &array![[0.5, 0.5], [0.5, 0.5]], 1)?, 0.5);
///
/// let err = top_k_accuracy(&y_true, &scores, 0).unwrap_err();
/// assert_eq!(err.to_string(), "k is 0, but it must be at least 1");
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn top_k_accuracy<F, S1, S2>(
    y_true: &ArrayBase<S1, Ix1>,
    scores: &ArrayBase<S2, Ix2>,
    k: usize,
) -> Result<f64>
where
    F: Float,
    S1: Data,
    S1::Elem: Label,
    S2: Data<Elem = F>,
{
    check_pair(&TOP_K_ACCURACY, y_true.len(), scores.nrows())?;
    if k == 0 {
        return Err(Error::InvalidSetting {
            name: "k",
            value: 0.0,
            requirement: "at least 1",
        });
    }
    let n_classes = scores.ncols();
    if n_classes == 0 {
        return Err(Error::InvalidSetting {
            name: "n_classes (columns of scores)",
            value: 0.0,
            requirement: "at least 1",
        });
    }
    let classes = class_indices(y_true, n_classes)?;
    let mut hits = 0;
    for (index, (row, &class)) in scores.rows().into_iter().zip(&classes).enumerate() {
        if let Some(&nan) = row.iter().find(|s| s.is_nan()) {
            return Err(Error::InvalidValue {
                what: "a score in the row",
                index,
                value: nan.as_f64(),
                requirement: "a number, not NaN",
            });
        }
        let own = row.get(class).copied().unwrap_or(F::neg_infinity());
        // Classes ranked before the true one: higher scores, and equal scores of
        // higher index.
        let rank = row
            .iter()
            .enumerate()
            .filter(|&(c, &s)| s > own || (s == own && c > class))
            .count();
        if rank < k {
            hits += 1;
        }
    }
    Ok(ratio(hits, classes.len()))
}

const ACCURACY: Metric = Metric {
    pair: "accuracy (y_true, y_pred)",
    empty: "accuracy: y_true",
};
const CONFUSION_MATRIX: Metric = Metric {
    pair: "confusion_matrix (y_true, y_pred)",
    empty: "confusion_matrix: y_true",
};
const CLASSIFICATION_REPORT: Metric = Metric {
    pair: "classification_report (y_true, y_pred)",
    empty: "classification_report: y_true",
};
const LOG_LOSS: Metric = Metric {
    pair: "log_loss (y_true, rows of probabilities)",
    empty: "log_loss: y_true",
};
const TOP_K_ACCURACY: Metric = Metric {
    pair: "top_k_accuracy (y_true, rows of scores)",
    empty: "top_k_accuracy: y_true",
};

/// Checks the arguments of a label metric and counts the k × k outcomes.
fn count<S1, S2>(
    metric: &Metric,
    y_true: &ArrayBase<S1, Ix1>,
    y_pred: &ArrayBase<S2, Ix1>,
    n_classes: usize,
) -> Result<ClassConfusion>
where
    S1: Data,
    S1::Elem: Label,
    S2: Data,
    S2::Elem: Label,
{
    check_pair(metric, y_true.len(), y_pred.len())?;
    // The matrix's bytes must fit an isize, as every allocation's must.
    let addressable = n_classes
        .checked_mul(n_classes)
        .and_then(|cells| cells.checked_mul(size_of::<usize>()))
        .is_some_and(|bytes| isize::try_from(bytes).is_ok());
    if n_classes == 0 || !addressable {
        return Err(Error::InvalidSetting {
            name: "n_classes",
            value: n_classes as f64,
            requirement: "at least 1, and small enough for an n_classes × n_classes matrix",
        });
    }
    let true_classes = class_indices(y_true, n_classes)?;
    let predicted = class_indices(y_pred, n_classes)?;
    ClassConfusion::count_classes(&true_classes, &predicted, n_classes)
}
