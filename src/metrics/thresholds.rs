//! What the ROC and precision-recall curves share: the false and true
//! positives of calling every score `≥ t` positive, for each distinct score `t`.

use std::cmp::Ordering;

use ndarray::{ArrayBase, Data, Ix1};

use super::checks::{Metric, check_finite, check_labels, check_pair};
use crate::{Float, Result};

/// The counts at each distinct score, from the highest down, as
/// scikit-learn's `confusion_matrix_at_thresholds` gives them.
pub(super) struct Counts<F> {
    /// False positives of calling every score `≥ thresholds[i]` positive.
    pub(super) false_positives: Vec<f64>,
    /// True positives of the same.
    pub(super) true_positives: Vec<f64>,
    /// The distinct scores, decreasing.
    pub(super) thresholds: Vec<F>,
}

impl<F> Counts<F> {
    /// The number of negatives in the targets.
    pub(super) fn negatives(&self) -> f64 {
        self.false_positives.last().copied().unwrap_or(0.0)
    }

    /// The number of positives in the targets.
    pub(super) fn positives(&self) -> f64 {
        self.true_positives.last().copied().unwrap_or(0.0)
    }
}

/// Checks `targets` (0 or 1) and `scores` (finite), then counts: equal scores
/// are one threshold.
///
/// # Errors
/// [`Error::LengthMismatch`](crate::Error::LengthMismatch),
/// [`Error::Empty`](crate::Error::Empty) named by `metric`,
/// [`Error::NotBinary`](crate::Error::NotBinary) for a target other than 0 or 1,
/// [`Error::InvalidValue`](crate::Error::InvalidValue) for a score that is NaN
/// or infinite.
pub(super) fn counts<F, S1, S2>(
    metric: &Metric,
    targets: &ArrayBase<S1, Ix1>,
    scores: &ArrayBase<S2, Ix1>,
) -> Result<Counts<F>>
where
    F: Float,
    S1: Data<Elem = F>,
    S2: Data<Elem = F>,
{
    check_pair(metric, targets.len(), scores.len())?;
    check_labels("targets", targets)?;
    check_finite("scores", scores)?;
    let mut order: Vec<(F, bool)> = scores
        .iter()
        .zip(targets)
        .map(|(&s, &t)| (s, t == F::one()))
        .collect();
    order.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap_or(Ordering::Equal));
    let mut counts = Counts {
        false_positives: Vec::new(),
        true_positives: Vec::new(),
        thresholds: Vec::new(),
    };
    let (mut fp, mut tp) = (0.0, 0.0);
    for (i, &(score, positive)) in order.iter().enumerate() {
        if positive {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        let last_of_its_score = order.get(i + 1).is_none_or(|&(next, _)| next != score);
        if last_of_its_score {
            counts.false_positives.push(fp);
            counts.true_positives.push(tp);
            counts.thresholds.push(score);
        }
    }
    Ok(counts)
}
