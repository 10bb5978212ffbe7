//! The precision-recall curve of a binary classifier's scores, and its
//! average precision, as scikit-learn's `precision_recall_curve` and
//! `average_precision_score` compute them.

use ndarray::{ArrayBase, Data, Ix1};

use super::checks::Metric;
use super::thresholds;
use crate::{Error, Float, Result};

/// A precision-recall curve: for each threshold, the precision and recall of
/// calling every score `≥ threshold` positive, in scikit-learn's order.
///
/// The thresholds are the distinct scores, *increasing*; `precision[i]` and
/// `recall[i]` belong to `thresholds[i]`, so recall falls from 1 (the lowest
/// threshold calls every sample positive) as the threshold rises. One more
/// point ends the two lists, precision 1 at recall 0, with no threshold:
/// `precision` and `recall` hold one value more than `thresholds`.
#[derive(Debug, Clone, PartialEq)]
pub struct PrecisionRecallCurve<F> {
    /// `TP / (TP + FP)` at each threshold, then the final 1.
    pub precision: Vec<f64>,
    /// `TP / (number of positives)` at each threshold, decreasing, then the final 0.
    pub recall: Vec<f64>,
    /// The distinct scores, increasing.
    pub thresholds: Vec<F>,
}

impl<F> PrecisionRecallCurve<F> {
    /// The average precision of the curve: each precision weighted by the
    /// recall it adds, `AP = Σₙ (Rₙ − Rₙ₊₁) · Pₙ` (a step function, not
    /// trapezoids), as scikit-learn's `average_precision_score` sums it.
    ///
    /// ```
    /// use neuron::metrics::precision_recall_curve;
    /// use neuron::ndarray::array;
    ///
    /// let curve = precision_recall_curve(&array![0.0, 0.0, 1.0, 1.0], &array![0.1, 0.4, 0.35, 0.8])?;
    /// // (1 − 0.5) · 2/3 + (0.5 − 0) · 1
    /// assert!((curve.average_precision() - 0.8333333333333333).abs() < 1e-15);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn average_precision(&self) -> f64 {
        let sum: f64 = self
            .recall
            .windows(2)
            .zip(&self.precision)
            .map(|(r, &p)| match r {
                [r0, r1] => (r1 - r0) * p,
                _ => 0.0,
            })
            .sum();
        // As scikit-learn: rounding can give −0.0 for a curve of no area.
        (-sum).max(0.0)
    }
}

/// The precision-recall curve of `scores` (higher: more likely positive)
/// against binary `targets`, as scikit-learn's
/// `precision_recall_curve(targets, scores)` gives it (its default
/// `drop_intermediate=False`: every distinct score is a threshold).
///
/// Targets of class 1 only are fine (precision is 1 everywhere). Targets
/// of class 0 only are refused: recall, `TP / (number of positives)`, is
/// then `0 / 0`; scikit-learn warns ("No positive class found in y_true")
/// and sets it to 1.
///
/// # Shapes
/// - `targets`, `scores`: `(n_samples,)`, targets `0` or `1`
/// - returns: `thresholds` of `(n_distinct_scores,)`, `precision` and
///   `recall` of `(n_distinct_scores + 1,)`
///
/// # Errors
/// - [`Error::LengthMismatch`], [`Error::Empty`] as every metric;
/// - [`Error::NotBinary`] for a target other than 0 or 1;
/// - [`Error::InvalidValue`] for a score that is NaN or infinite, or for
///   targets without a positive.
///
/// ```
/// use neuron::metrics::precision_recall_curve;
/// use neuron::ndarray::array;
///
/// // scikit-learn's example: precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
/// let curve = precision_recall_curve(&array![0.0, 0.0, 1.0, 1.0], &array![0.1, 0.4, 0.35, 0.8])?;
/// assert_eq!(curve.precision, [0.5, 2.0 / 3.0, 0.5, 1.0, 1.0]);
/// assert_eq!(curve.recall, [1.0, 1.0, 0.5, 0.5, 0.0]);
/// assert_eq!(curve.thresholds, [0.1, 0.35, 0.4, 0.8]);
///
/// let err = precision_recall_curve(&array![0.0, 0.0], &array![0.1, 0.4]).unwrap_err();
/// assert!(err.to_string().contains("recall is 0 / 0"));
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn precision_recall_curve<F, S1, S2>(
    targets: &ArrayBase<S1, Ix1>,
    scores: &ArrayBase<S2, Ix1>,
) -> Result<PrecisionRecallCurve<F>>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    curve(&PRECISION_RECALL_CURVE, targets, scores)
}

/// The average precision of `scores` against binary `targets`:
/// `AP = Σₙ (Rₙ − Rₙ₊₁) · Pₙ` over the points of their
/// [`precision_recall_curve`], scikit-learn's `average_precision_score`.
/// 1 for scores that rank every positive above every negative; about the
/// share of positives for scores that rank at random.
///
/// # Shapes
/// - `targets`, `scores`: `(n_samples,)`, targets `0` or `1`
///
/// # Errors
/// As [`precision_recall_curve`]: targets without a positive are refused
/// (scikit-learn warns and returns 0 for them).
///
/// ```
/// use neuron::metrics::average_precision;
/// use neuron::ndarray::array;
///
/// // scikit-learn: average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.8333333333333333
/// let ap = average_precision(&array![0.0, 0.0, 1.0, 1.0], &array![0.1, 0.4, 0.35, 0.8])?;
/// assert!((ap - 0.8333333333333333).abs() < 1e-15);
/// // Every positive first: 1.
/// assert_eq!(average_precision(&array![1.0, 1.0, 0.0], &array![0.9, 0.8, 0.2])?, 1.0);
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn average_precision<F, S1, S2>(
    targets: &ArrayBase<S1, Ix1>,
    scores: &ArrayBase<S2, Ix1>,
) -> Result<f64>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    Ok(curve(&AVERAGE_PRECISION, targets, scores)?.average_precision())
}

fn curve<F, S1, S2>(
    metric: &Metric,
    targets: &ArrayBase<S1, Ix1>,
    scores: &ArrayBase<S2, Ix1>,
) -> Result<PrecisionRecallCurve<F>>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    let counts = thresholds::counts(metric, targets, scores)?;
    let positives = counts.positives();
    if positives == 0.0 {
        return Err(Error::InvalidValue {
            what: "the number of positive samples in targets",
            index: 0,
            value: 0.0,
            requirement: "at least 1: without positives, recall is 0 / 0 (scikit-learn warns and sets it to 1)",
        });
    }
    // Every threshold calls at least its own score's samples positive, so
    // TP + FP ≥ 1.
    let mut precision: Vec<f64> = counts
        .true_positives
        .iter()
        .zip(&counts.false_positives)
        .rev()
        .map(|(&tp, &fp)| tp / (tp + fp))
        .collect();
    precision.push(1.0);
    let mut recall: Vec<f64> = counts
        .true_positives
        .iter()
        .rev()
        .map(|&tp| tp / positives)
        .collect();
    recall.push(0.0);
    let mut thresholds = counts.thresholds;
    thresholds.reverse();
    Ok(PrecisionRecallCurve {
        precision,
        recall,
        thresholds,
    })
}

const PRECISION_RECALL_CURVE: Metric = Metric {
    pair: "precision_recall_curve (targets, scores)",
    empty: "precision_recall_curve: targets",
};
const AVERAGE_PRECISION: Metric = Metric {
    pair: "average_precision (targets, scores)",
    empty: "average_precision: targets",
};
