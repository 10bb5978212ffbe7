//! Classification and regression metrics, as scikit-learn's `sklearn.metrics`.
//!
//! The classification metrics are for two classes: labels are `0` or `1`, stored as
//! `F`, and `1` is the positive class. They count the four outcomes of a
//! [`ConfusionMatrix`] (true/false positives/negatives) and divide:
//!
//! ```text
//! accuracy  = (TP + TN) / n          precision = TP / (TP + FP)
//! recall    = TP / (TP + FN)         F1        = 2·TP / (2·TP + FP + FN)
//! ```
//!
//! A precision, recall or F1 whose denominator is 0 is reported as 0, as
//! scikit-learn does by default. Every function takes 1-D arrays or views of any
//! storage and checks its arguments: same length, not empty, labels exactly 0 or 1.
//!
//! ```
//! use neuron::metrics::{accuracy, precision};
//! use neuron::ndarray::array;
//!
//! let y_true = array![1.0, 0.0, 1.0, 1.0];
//! let y_pred = array![1.0, 1.0, 0.0, 1.0];
//! assert_eq!(accuracy(&y_true, &y_pred)?, 0.5);
//! let p: f64 = precision(&y_true, &y_pred)?;
//! assert!((p - 2.0 / 3.0).abs() < 1e-15);
//! # Ok::<(), neuron::Error>(())
//! ```
//!
//! For scores rather than labels (a probability of class 1, a net input), the
//! curves over every threshold: [`roc_curve`] with its area [`roc_auc`], and
//! [`precision_recall_curve`] with its [`average_precision`].
//!
//! For more than two classes, [`multiclass`] has accuracy, a k × k confusion
//! matrix, per-class precision, recall and F1 with macro and weighted averages (a
//! classification report), log loss over rows of class probabilities and top-k
//! accuracy. Its labels are class indices `0, 1, …, k − 1`, as whole-number floats
//! (what [`Dataset::targets`](crate::datasets::Dataset::targets) holds) or as the
//! `usize`s [`Network::predict_classes`](crate::Network::predict_classes) returns.

use std::fmt;

use ndarray::{Array2, ArrayBase, Data, Ix1, array};

use self::checks::{Metric, check_labels, check_pair};
use crate::{Error, Float, Result};

mod checks;
pub mod multiclass;
mod numpy_sum;
mod precision_recall;
pub mod regression;
mod roc;
mod thresholds;

pub use self::precision_recall::{PrecisionRecallCurve, average_precision, precision_recall_curve};
pub use self::roc::{RocCurve, roc_auc, roc_curve};

/// The counts of a binary classifier's four outcomes: rows are the true class,
/// columns the predicted class, as scikit-learn's `confusion_matrix` with labels `[0, 1]`.
///
/// ```text
///               predicted 0   predicted 1
/// actual 0          TN            FP
/// actual 1          FN            TP
/// ```
///
/// ```
/// use neuron::metrics::confusion_matrix;
/// use neuron::ndarray::array;
///
/// let cm = confusion_matrix(&array![1.0, 0.0, 1.0, 0.0], &array![1.0, 1.0, 0.0, 0.0])?;
/// assert_eq!(cm.to_array(), array![[1, 1], [1, 1]]);
/// assert_eq!(
///     cm.to_string(),
///     "         predicted 0  predicted 1\n\
///      actual 0           1            1\n\
///      actual 1           1            1"
/// );
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConfusionMatrix {
    true_negatives: usize,
    false_positives: usize,
    false_negatives: usize,
    true_positives: usize,
}

impl ConfusionMatrix {
    /// TN: samples of class 0 predicted as 0.
    ///
    /// ```
    /// use neuron::metrics::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// let cm = confusion_matrix(&array![0.0, 0.0, 1.0], &array![0.0, 0.0, 0.0])?;
    /// assert_eq!(cm.true_negatives(), 2);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn true_negatives(&self) -> usize {
        self.true_negatives
    }

    /// FP: samples of class 0 predicted as 1.
    ///
    /// ```
    /// use neuron::metrics::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// let cm = confusion_matrix(&array![0.0, 0.0, 1.0], &array![1.0, 0.0, 1.0])?;
    /// assert_eq!(cm.false_positives(), 1);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn false_positives(&self) -> usize {
        self.false_positives
    }

    /// FN: samples of class 1 predicted as 0.
    ///
    /// ```
    /// use neuron::metrics::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// let cm = confusion_matrix(&array![1.0, 1.0, 1.0], &array![0.0, 0.0, 1.0])?;
    /// assert_eq!(cm.false_negatives(), 2);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn false_negatives(&self) -> usize {
        self.false_negatives
    }

    /// TP: samples of class 1 predicted as 1.
    ///
    /// ```
    /// use neuron::metrics::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// let cm = confusion_matrix(&array![1.0, 1.0, 0.0], &array![1.0, 1.0, 1.0])?;
    /// assert_eq!(cm.true_positives(), 2);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn true_positives(&self) -> usize {
        self.true_positives
    }

    /// The counts as scikit-learn lays them out: `[[TN, FP], [FN, TP]]`.
    ///
    /// # Shapes
    /// - returns: `(2, 2)`, rows the true class, columns the predicted class
    ///
    /// ```
    /// use neuron::metrics::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// let cm = confusion_matrix(&array![0.0, 1.0, 1.0], &array![0.0, 0.0, 1.0])?;
    /// assert_eq!(cm.to_array(), array![[1, 0], [1, 1]]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn to_array(&self) -> Array2<usize> {
        array![
            [self.true_negatives, self.false_positives],
            [self.false_negatives, self.true_positives]
        ]
    }

    /// The number of samples counted.
    fn total(&self) -> usize {
        self.true_negatives + self.false_positives + self.false_negatives + self.true_positives
    }
}

impl fmt::Display for ConfusionMatrix {
    /// A labelled 2 × 2 table, rows the true class and columns the predicted class.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = self.total().to_string().len().max("predicted 0".len());
        writeln!(f, "{:8} {:>w$}  {:>w$}", "", "predicted 0", "predicted 1")?;
        writeln!(
            f,
            "actual 0 {:>w$}  {:>w$}",
            self.true_negatives, self.false_positives
        )?;
        write!(
            f,
            "actual 1 {:>w$}  {:>w$}",
            self.false_negatives, self.true_positives
        )
    }
}

/// Counts true/false positives/negatives of predicted labels against true labels.
///
/// # Shapes
/// - `y_true`, `y_pred`: `(n_samples,)`, labels `0` or `1`
///
/// # Errors
/// - [`Error::LengthMismatch`] when the two have different lengths.
/// - [`Error::Empty`] when they hold no samples.
/// - [`Error::NotBinary`] naming the first label that is not exactly `0` or `1`.
///
/// ```
/// use neuron::metrics::confusion_matrix;
/// use neuron::ndarray::array;
///
/// let cm = confusion_matrix(&array![1.0_f32, 0.0, 1.0], &array![1.0, 0.0, 0.0])?;
/// assert_eq!((cm.true_negatives(), cm.false_positives()), (1, 0));
/// assert_eq!((cm.false_negatives(), cm.true_positives()), (1, 1));
///
/// let err = confusion_matrix(&array![1.0, 0.0], &array![1.0, 0.7]).unwrap_err();
/// assert_eq!(err.to_string(), "y_pred at index 1 is 0.7, but labels must be 0 or 1");
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn confusion_matrix<F, S1, S2>(
    y_true: &ArrayBase<S1, Ix1>,
    y_pred: &ArrayBase<S2, Ix1>,
) -> Result<ConfusionMatrix>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    count(&CONFUSION_MATRIX, y_true, y_pred)
}

/// The fraction of labels predicted right: `(TP + TN) / n`.
///
/// # Shapes
/// - `y_true`, `y_pred`: `(n_samples,)`, labels `0` or `1`
///
/// # Errors
/// As [`confusion_matrix`].
///
/// ```
/// use neuron::metrics::accuracy;
/// use neuron::ndarray::array;
///
/// assert_eq!(accuracy(&array![1.0, 0.0, 1.0, 1.0], &array![1.0, 0.0, 0.0, 1.0])?, 0.75);
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn accuracy<F, S1, S2>(y_true: &ArrayBase<S1, Ix1>, y_pred: &ArrayBase<S2, Ix1>) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    let cm = count(&ACCURACY, y_true, y_pred)?;
    Ok(ratio(cm.true_positives + cm.true_negatives, cm.total()))
}

/// Of the samples predicted positive, the fraction that are: `TP / (TP + FP)`;
/// `0` when nothing is predicted positive.
///
/// # Shapes
/// - `y_true`, `y_pred`: `(n_samples,)`, labels `0` or `1`
///
/// # Errors
/// As [`confusion_matrix`].
///
/// ```
/// use neuron::metrics::precision;
/// use neuron::ndarray::array;
///
/// assert_eq!(precision(&array![1.0, 0.0, 1.0, 0.0], &array![1.0, 1.0, 0.0, 0.0])?, 0.5);
/// assert_eq!(precision(&array![1.0, 0.0], &array![0.0, 0.0])?, 0.0); // 0 / 0 → 0
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn precision<F, S1, S2>(y_true: &ArrayBase<S1, Ix1>, y_pred: &ArrayBase<S2, Ix1>) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    let cm = count(&PRECISION, y_true, y_pred)?;
    Ok(ratio(
        cm.true_positives,
        cm.true_positives + cm.false_positives,
    ))
}

/// Of the samples that are positive, the fraction predicted so: `TP / (TP + FN)`;
/// `0` when no sample is positive.
///
/// # Shapes
/// - `y_true`, `y_pred`: `(n_samples,)`, labels `0` or `1`
///
/// # Errors
/// As [`confusion_matrix`].
///
/// ```
/// use neuron::metrics::recall;
/// use neuron::ndarray::array;
///
/// assert_eq!(recall(&array![1.0, 1.0, 1.0, 0.0], &array![1.0, 0.0, 1.0, 1.0])?, 2.0 / 3.0);
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn recall<F, S1, S2>(y_true: &ArrayBase<S1, Ix1>, y_pred: &ArrayBase<S2, Ix1>) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    let cm = count(&RECALL, y_true, y_pred)?;
    Ok(ratio(
        cm.true_positives,
        cm.true_positives + cm.false_negatives,
    ))
}

/// The harmonic mean of precision and recall: `2·TP / (2·TP + FP + FN)`; `0` when
/// there are no positives, true or predicted.
///
/// # Shapes
/// - `y_true`, `y_pred`: `(n_samples,)`, labels `0` or `1`
///
/// # Errors
/// As [`confusion_matrix`].
///
/// ```
/// use neuron::metrics::f1_score;
/// use neuron::ndarray::array;
///
/// // precision 1/2, recall 1/2 → F1 = 2·1 / (2·1 + 1 + 1) = 0.5
/// assert_eq!(f1_score(&array![1.0, 0.0, 1.0, 0.0], &array![1.0, 1.0, 0.0, 0.0])?, 0.5);
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn f1_score<F, S1, S2>(y_true: &ArrayBase<S1, Ix1>, y_pred: &ArrayBase<S2, Ix1>) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    let cm = count(&F1_SCORE, y_true, y_pred)?;
    let tp2 = 2 * cm.true_positives;
    Ok(ratio(tp2, tp2 + cm.false_positives + cm.false_negatives))
}

/// The mean binary cross-entropy of predicted probabilities of class 1:
/// `−(1/n) Σ [yᵢ ln pᵢ + (1 − yᵢ) ln(1 − pᵢ)]`.
///
/// Each `pᵢ` is first clipped to `[ε, 1 − ε]`, `ε` the machine epsilon of `F`, so
/// that a confident wrong prediction costs a large but finite amount, as
/// scikit-learn (1.5 and later) does.
///
/// # Shapes
/// - `y_true`: `(n_samples,)`, labels `0` or `1`
/// - `probabilities`: `(n_samples,)`, each in `[0, 1]`
///
/// # Errors
/// - [`Error::LengthMismatch`] when the two have different lengths.
/// - [`Error::Empty`] when they hold no samples.
/// - [`Error::NotBinary`] naming the first label in `y_true` that is not `0` or `1`.
/// - [`Error::InvalidValue`] naming the first probability outside `[0, 1]` or NaN.
///
/// ```
/// use neuron::metrics::log_loss;
/// use neuron::ndarray::array;
///
/// // −(ln 0.8 + ln 0.9) / 2
/// let loss: f64 = log_loss(&array![1.0, 0.0], &array![0.8, 0.1])?;
/// assert!((loss - 0.164252033486018).abs() < 1e-12);
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn log_loss<F, S1, S2>(
    y_true: &ArrayBase<S1, Ix1>,
    probabilities: &ArrayBase<S2, Ix1>,
) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    check_pair(&LOG_LOSS, y_true.len(), probabilities.len())?;
    check_labels("y_true", y_true)?;
    let (low, high) = (F::epsilon(), F::one() - F::epsilon());
    let mut sum = F::zero();
    for (index, (&y, &p)) in y_true.iter().zip(probabilities).enumerate() {
        if !(p >= F::zero() && p <= F::one()) {
            return Err(Error::InvalidValue {
                what: "probability",
                index,
                value: p.as_f64(),
                requirement: "in [0, 1]",
            });
        }
        let p = p.max(low).min(high);
        sum += if y == F::one() {
            -p.ln()
        } else {
            -(F::one() - p).ln()
        };
    }
    Ok(sum / F::from_f64(y_true.len() as f64))
}

/// The mean of the squared differences: `(1/n) Σ (yᵢ − ŷᵢ)²`, for any finite numbers.
///
/// # Shapes
/// - `y_true`, `y_pred`: `(n_samples,)`
///
/// # Errors
/// - [`Error::LengthMismatch`] when the two have different lengths.
/// - [`Error::Empty`] when they hold no samples.
/// - [`Error::InvalidValue`] naming the first value that is NaN or infinite.
///
/// ```
/// use neuron::metrics::mean_squared_error;
/// use neuron::ndarray::array;
///
/// // ((3 − 2.5)² + (−1 − 0)²) / 2 = (0.25 + 1) / 2
/// assert_eq!(mean_squared_error(&array![3.0, -1.0], &array![2.5, 0.0])?, 0.625);
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn mean_squared_error<F, S1, S2>(
    y_true: &ArrayBase<S1, Ix1>,
    y_pred: &ArrayBase<S2, Ix1>,
) -> Result<F>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    regression::mean_squared(&MEAN_SQUARED_ERROR, y_true, y_pred)
}

const CONFUSION_MATRIX: Metric = Metric {
    pair: "confusion_matrix (y_true, y_pred)",
    empty: "confusion_matrix: y_true",
};
const ACCURACY: Metric = Metric {
    pair: "accuracy (y_true, y_pred)",
    empty: "accuracy: y_true",
};
const PRECISION: Metric = Metric {
    pair: "precision (y_true, y_pred)",
    empty: "precision: y_true",
};
const RECALL: Metric = Metric {
    pair: "recall (y_true, y_pred)",
    empty: "recall: y_true",
};
const F1_SCORE: Metric = Metric {
    pair: "f1_score (y_true, y_pred)",
    empty: "f1_score: y_true",
};
const LOG_LOSS: Metric = Metric {
    pair: "log_loss (y_true, probabilities)",
    empty: "log_loss: y_true",
};
const MEAN_SQUARED_ERROR: Metric = Metric {
    pair: "mean_squared_error (y_true, y_pred)",
    empty: "mean_squared_error: y_true",
};

/// Checks the arguments of a classification metric and counts the four outcomes.
fn count<F, S1, S2>(
    metric: &Metric,
    y_true: &ArrayBase<S1, Ix1>,
    y_pred: &ArrayBase<S2, Ix1>,
) -> Result<ConfusionMatrix>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    check_pair(metric, y_true.len(), y_pred.len())?;
    check_labels("y_true", y_true)?;
    check_labels("y_pred", y_pred)?;
    let mut cm = ConfusionMatrix {
        true_negatives: 0,
        false_positives: 0,
        false_negatives: 0,
        true_positives: 0,
    };
    for (&y, &y_hat) in y_true.iter().zip(y_pred) {
        match (y == F::one(), y_hat == F::one()) {
            (false, false) => cm.true_negatives += 1,
            (false, true) => cm.false_positives += 1,
            (true, false) => cm.false_negatives += 1,
            (true, true) => cm.true_positives += 1,
        }
    }
    Ok(cm)
}

/// `numerator / denominator` as `F`, or `0` when the denominator is 0 (scikit-learn's default).
fn ratio<F: Float>(numerator: usize, denominator: usize) -> F {
    if denominator == 0 {
        F::zero()
    } else {
        F::from_f64(numerator as f64 / denominator as f64)
    }
}
