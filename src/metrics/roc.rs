//! The ROC curve of a binary classifier's scores, and the area under it, as
//! scikit-learn's `roc_curve` and `roc_auc_score` compute them.

use ndarray::{ArrayBase, Data, Ix1};

use super::checks::Metric;
use super::thresholds;
use crate::{Error, Float, Result};

/// A ROC curve: for each threshold, from the highest down, the false and
/// true positive rates of calling every score `≥ threshold` positive.
#[derive(Debug, Clone, PartialEq)]
pub struct RocCurve<F> {
    /// False positive rates, from 0 up to 1.
    pub fpr: Vec<f64>,
    /// True positive rates, from 0 up to 1.
    pub tpr: Vec<f64>,
    /// The thresholds, decreasing; the first is `+∞` (no sample positive).
    pub thresholds: Vec<F>,
}

impl<F> RocCurve<F> {
    /// The area under the curve's points, by trapezoids: scikit-learn's
    /// `auc(fpr, tpr)`. For a curve from [`roc_curve`] it equals [`roc_auc`]
    /// of the same targets and scores (the points left out lie on straight
    /// runs), up to the last bits of rounding; for a curve of fewer than two
    /// points it is 0.
    ///
    /// ```
    /// use neuron::metrics::roc_curve;
    /// use neuron::ndarray::array;
    ///
    /// let roc = roc_curve(&array![0.0, 0.0, 1.0, 1.0], &array![0.1, 0.4, 0.35, 0.8])?;
    /// assert_eq!(roc.auc(), 0.75); // as roc_auc_score
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn auc(&self) -> f64 {
        trapezoids(&self.fpr, &self.tpr)
    }
}

/// The area under the points `(x, y)` by trapezoids, as `np.trapz(y, x)`.
fn trapezoids(x: &[f64], y: &[f64]) -> f64 {
    x.windows(2)
        .zip(y.windows(2))
        .map(|(x, y)| match (x, y) {
            ([x0, x1], [y0, y1]) => (x1 - x0) * (y0 + y1) / 2.0,
            _ => 0.0,
        })
        .sum()
}

/// The ROC curve of `scores` (higher: more likely positive) against binary
/// `targets`, as scikit-learn's `roc_curve(targets, scores)` gives it (with
/// its default `drop_intermediate=True`: points in the middle of a straight
/// run are left out). Equal scores are one threshold: ties move the curve
/// diagonally.
///
/// # Errors
/// - [`Error::LengthMismatch`], [`Error::Empty`] as every metric;
/// - [`Error::NotBinary`] for a target other than 0 or 1;
/// - [`Error::InvalidValue`] for a score that is NaN or infinite, or targets
///   of one class only (the curve needs both).
///
/// ```
/// use neuron::metrics::roc_curve;
/// use neuron::ndarray::array;
///
/// // scikit-learn's example: roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
/// let roc = roc_curve(&array![0.0, 0.0, 1.0, 1.0], &array![0.1, 0.4, 0.35, 0.8])?;
/// assert_eq!(roc.fpr, [0.0, 0.0, 0.5, 0.5, 1.0]);
/// assert_eq!(roc.tpr, [0.0, 0.5, 0.5, 1.0, 1.0]);
/// assert_eq!(roc.thresholds, [f64::INFINITY, 0.8, 0.4, 0.35, 0.1]);
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn roc_curve<F, S1, S2>(
    targets: &ArrayBase<S1, Ix1>,
    scores: &ArrayBase<S2, Ix1>,
) -> Result<RocCurve<F>>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    let (fps, tps, thresholds) = counts(&ROC_CURVE, targets, scores)?;
    // drop_intermediate, as scikit-learn applies it: to the points after the
    // (0, 0) of `+∞`, keeping the first and last of them and every one where
    // the curve turns.
    let keep: Vec<usize> = (0..fps.len())
        .filter(|&i| {
            let (p, n) = (i.saturating_sub(1), i + 1);
            if p == 0 || n >= fps.len() {
                return true;
            }
            let turns = |v: &[f64]| match (v.get(p), v.get(i), v.get(n)) {
                (Some(&a), Some(&b), Some(&c)) => (c - b) - (b - a) != 0.0,
                _ => true,
            };
            turns(&fps) || turns(&tps)
        })
        .collect();
    let (negatives, positives) = (
        fps.last().copied().unwrap_or(0.0),
        tps.last().copied().unwrap_or(0.0),
    );
    let pick = |values: &[f64], total: f64| -> Vec<f64> {
        keep.iter()
            .filter_map(|&i| values.get(i))
            .map(|&v| v / total)
            .collect()
    };
    Ok(RocCurve {
        fpr: pick(&fps, negatives),
        tpr: pick(&tps, positives),
        thresholds: keep
            .iter()
            .filter_map(|&i| thresholds.get(i).copied())
            .collect(),
    })
}

/// The area under the ROC curve: the chance that a random positive scores
/// above a random negative, ties counting half. scikit-learn's
/// `roc_auc_score(targets, scores)`.
///
/// # Errors
/// As [`roc_curve`].
///
/// ```
/// use neuron::metrics::roc_auc;
/// use neuron::ndarray::array;
///
/// // scikit-learn: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75
/// assert_eq!(roc_auc(&array![0.0, 0.0, 1.0, 1.0], &array![0.1, 0.4, 0.35, 0.8])?, 0.75);
/// // A tie between a positive and a negative counts half: 0.5.
/// assert_eq!(roc_auc(&array![0.0, 1.0], &array![0.3, 0.3])?, 0.5);
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn roc_auc<F, S1, S2>(targets: &ArrayBase<S1, Ix1>, scores: &ArrayBase<S2, Ix1>) -> Result<f64>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    let (fps, tps, _) = counts(&ROC_AUC, targets, scores)?;
    let (negatives, positives) = (
        fps.last().copied().unwrap_or(0.0),
        tps.last().copied().unwrap_or(0.0),
    );
    // The trapezoids between successive points, as np.trapz(tpr, fpr).
    let area = trapezoids(&fps, &tps);
    Ok(area / (negatives * positives))
}

/// For each distinct score from the highest, with `+∞` first: the false
/// and true positives of calling every score `≥` it positive.
#[allow(clippy::type_complexity)]
fn counts<F, S1, S2>(
    metric: &Metric,
    targets: &ArrayBase<S1, Ix1>,
    scores: &ArrayBase<S2, Ix1>,
) -> Result<(Vec<f64>, Vec<f64>, Vec<F>)>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    let counts = thresholds::counts(metric, targets, scores)?;
    if counts.negatives() == 0.0 || counts.positives() == 0.0 {
        return Err(Error::InvalidValue {
            what: "the number of samples of the missing class in targets",
            index: 0,
            value: 0.0,
            requirement: "at least 1: a ROC curve needs positives and negatives",
        });
    }
    Ok((
        starting(0.0, counts.false_positives),
        starting(0.0, counts.true_positives),
        starting(F::infinity(), counts.thresholds),
    ))
}

/// `first`, then `rest`.
fn starting<T>(first: T, rest: Vec<T>) -> Vec<T> {
    std::iter::once(first).chain(rest).collect()
}

const ROC_CURVE: Metric = Metric {
    pair: "roc_curve (targets, scores)",
    empty: "roc_curve: targets",
};
const ROC_AUC: Metric = Metric {
    pair: "roc_auc (targets, scores)",
    empty: "roc_auc: targets",
};
