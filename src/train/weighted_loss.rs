//! The weighted mean loss of a model over a training set: the objective
//! that training with class or sample weights reports after each epoch.

use ndarray::{ArrayView, ArrayView1, ArrayView2, Axis, RemoveAxis, Slice};

use crate::sample_weights::{check_length, weighted_value_and_delta};
use crate::{Float, Loss, Result, Trainable};

/// Samples per block of [`weighted_loss`].
const BLOCK_ROWS: usize = 256;

/// The weighted mean loss of `model` over a data set, its net inputs
/// computed [`BLOCK_ROWS`] samples at a time.
///
/// # Errors
/// As [`Trainable::output_net_input`].
pub(super) fn weighted_loss<F: Float, M: Trainable<F>, D: RemoveAxis>(
    model: &M,
    inputs: ArrayView<'_, F, D>,
    targets: ArrayView2<'_, F>,
    weights: ArrayView1<'_, F>,
    loss: Loss,
) -> Result<F> {
    let n = inputs.len_of(Axis(0));
    check_length(weights, n)?;
    let total = weights.sum();
    let activation = model.output_activation();
    let mut sum = F::zero();
    for start in (0..n).step_by(BLOCK_ROWS) {
        let rows = Slice::from(start..(start + BLOCK_ROWS).min(n));
        let h = model.output_net_input(inputs.slice_axis(Axis(0), rows))?;
        let (t, w) = (
            targets.slice_axis(Axis(0), rows),
            weights.slice_axis(Axis(0), rows),
        );
        sum += weighted_value_and_delta(loss, h.view(), t, activation, w, total).0;
    }
    Ok(sum)
}
