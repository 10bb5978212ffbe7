//! `AsTargets`: targets given as one value per sample or as one row per sample.

use ndarray::{ArrayBase, ArrayView1, ArrayView2, Axis, Data, Ix1, Ix2};

use crate::{Error, Float, Result};

/// Targets for training: an `Array1` (one value per sample, for a model with one
/// output) or an `Array2` of shape `(n_samples, n_outputs)`, owned or a view.
///
/// ```
/// use neuron::AsTargets;
/// use neuron::ndarray::array;
///
/// let t = array![1.0, 0.0, 1.0];
/// assert_eq!(t.as_targets().dim(), (3, 1));
/// ```
pub trait AsTargets<F> {
    /// The targets as a `(n_samples, n_outputs)` view.
    fn as_targets(&self) -> ArrayView2<'_, F>;
}

impl<F, S: Data<Elem = F>> AsTargets<F> for ArrayBase<S, Ix1> {
    fn as_targets(&self) -> ArrayView2<'_, F> {
        self.view().insert_axis(Axis(1))
    }
}

impl<F, S: Data<Elem = F>> AsTargets<F> for ArrayBase<S, Ix2> {
    fn as_targets(&self) -> ArrayView2<'_, F> {
        self.view()
    }
}

/// Checks that `targets` is `(rows, columns)`.
pub(crate) fn check_shape<F>(
    targets: &ArrayView2<'_, F>,
    rows: usize,
    columns: usize,
) -> Result<()> {
    if targets.nrows() != rows {
        return Err(Error::RowMismatch {
            inputs: rows,
            targets: targets.nrows(),
        });
    }
    if targets.ncols() != columns {
        return Err(Error::TargetWidthMismatch {
            found: targets.ncols(),
            expected: columns,
        });
    }
    Ok(())
}

/// The single column of `(rows, 1)` targets.
pub(crate) fn column<F: Float>(
    targets: ArrayView2<'_, F>,
    rows: usize,
) -> Result<ArrayView1<'_, F>> {
    check_shape(&targets, rows, 1)?;
    Ok(targets.index_axis_move(Axis(1), 0))
}
