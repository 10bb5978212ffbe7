//! Class labels and the rows of class probabilities a softmax is trained on.

use ndarray::{Array2, ArrayBase, Data, Ix1};

use crate::{Error, Float, Result};

/// One-hot targets from class labels: row `i` is all `0` but a `1` in column
/// `labels[i]`, as Keras's `to_categorical` and PyTorch's `F.one_hot` give.
/// Labels are whole numbers stored as `F`, as
/// [`Dataset::targets`](crate::datasets::Dataset::targets) holds them.
///
/// # Shapes
/// - `labels`: `(n_samples,)`; returns `(n_samples, n_classes)`
///
/// # Errors
/// [`Error::InvalidLabel`] for a label that is negative, not a whole number,
/// NaN, or not below `n_classes`, naming its index; [`Error::Allocation`] for
/// more values than memory holds.
///
/// ```
/// use neuron::one_hot;
/// use neuron::ndarray::array;
///
/// let t = one_hot(&array![2.0, 0.0, 1.0], 3)?;
/// assert_eq!(t, array![[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]);
///
/// let err = one_hot(&array![0.0, 3.0], 3).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "label at index 1 is 3, but class labels must be whole numbers from 0 to 3 (exclusive)"
/// );
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn one_hot<F: Float, S: Data<Elem = F>>(
    labels: &ArrayBase<S, Ix1>,
    n_classes: usize,
) -> Result<Array2<F>> {
    let classes = class_indices(labels, n_classes)?;
    let mut values = crate::alloc::room_for("one-hot targets", classes.len(), n_classes)?;
    values.resize(classes.len() * n_classes, F::zero());
    let mut targets = Array2::from_shape_vec((classes.len(), n_classes), values).map_err(|_| {
        Error::Allocation {
            what: "one-hot targets",
            rows: classes.len(),
            columns: n_classes,
            reason: "the size overflows",
        }
    })?;
    for (mut row, class) in targets.rows_mut().into_iter().zip(classes) {
        if let Some(t) = row.get_mut(class) {
            *t = F::one();
        }
    }
    Ok(targets)
}

/// Each label as a class index `0 ≤ k < n_classes`.
///
/// # Errors
/// [`Error::InvalidLabel`] for a label that is not a whole number in `[0, n_classes)`.
pub(crate) fn class_indices<F: Float, S: Data<Elem = F>>(
    labels: &ArrayBase<S, Ix1>,
    n_classes: usize,
) -> Result<Vec<usize>> {
    labels
        .iter()
        .enumerate()
        .map(|(index, &label)| class_index(index, label.as_f64(), n_classes))
        .collect()
}

/// The label `value` at position `index` as a class `0 ≤ k < n_classes`.
///
/// # Errors
/// [`Error::InvalidLabel`] for a value that is not a whole number in `[0, n_classes)`.
pub(crate) fn class_index(index: usize, value: f64, n_classes: usize) -> Result<usize> {
    if value >= 0.0 && value.fract() == 0.0 && value < n_classes as f64 {
        // A whole number below n_classes: converts exactly.
        Ok(value as usize)
    } else {
        Err(Error::InvalidLabel {
            index,
            value,
            n_classes,
        })
    }
}

/// Outputs a class can be predicted from: no NaN (an infinite output is
/// fine: it is the largest or the smallest, as its sign says).
///
/// # Errors
/// [`Error::NanOutput`] naming the first NaN, row by row.
pub(crate) fn check_predictable<F: Float, S: Data<Elem = F>>(
    outputs: &ArrayBase<S, ndarray::Ix2>,
) -> Result<()> {
    for (row, values) in outputs.rows().into_iter().enumerate() {
        if let Some(column) = values.iter().position(|y| y.is_nan()) {
            return Err(Error::NanOutput { row, column });
        }
    }
    Ok(())
}

/// The index of the largest value, the first one on a tie; NaN never wins,
/// and a row of NaN gives `0`.
pub(crate) fn argmax<F: Float, S: Data<Elem = F>>(row: &ArrayBase<S, Ix1>) -> usize {
    let mut best: Option<(usize, F)> = None;
    for (k, &y) in row.iter().enumerate() {
        let better = match best {
            Some((_, b)) => y > b,
            None => !y.is_nan(),
        };
        if better {
            best = Some((k, y));
        }
    }
    best.map_or(0, |(k, _)| k)
}
