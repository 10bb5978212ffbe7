//! `validation_split`: the last samples held out as validation data, as
//! Keras's `fit(validation_split=…)` holds them out.

use ndarray::{ArrayView, ArrayView2, Axis, Dimension, RemoveAxis, Slice};

use crate::{Error, Float, Result};

/// Training and validation parts of a data set: `(inputs, targets)` each.
type Parts<'a, F, D> = (
    (ArrayView<'a, F, D>, ArrayView2<'a, F>),
    (ArrayView<'a, F, D>, ArrayView2<'a, F>),
);

/// The first `⌊n·(1 − fraction)⌋` samples for training and the rest for
/// validation.
///
/// # Errors
/// [`Error::InvalidSetting`] naming `validation_split` for a fraction not in
/// `(0, 1)`, or one that leaves either part empty.
pub(super) fn split_off_last<'a, F: Float, D: Dimension + RemoveAxis + 'a>(
    inputs: ArrayView<'a, F, D>,
    targets: ArrayView2<'a, F>,
    fraction: f64,
) -> Result<Parts<'a, F, D>> {
    let invalid = |requirement| Error::InvalidSetting {
        name: "validation_split",
        value: fraction,
        requirement,
    };
    if !(fraction > 0.0 && fraction < 1.0) {
        return Err(invalid("in (0, 1)"));
    }
    let n = inputs.len_of(Axis(0));
    // Keras: split_at = floor(n · (1 − validation_split)).
    let split_at = (n as f64 * (1.0 - fraction)).floor() as usize;
    if split_at == 0 || split_at >= n {
        return Err(invalid("a share that leaves samples on both sides"));
    }
    let (first, rest) = (Slice::from(..split_at), Slice::from(split_at..));
    let training = (
        inputs.clone().slice_axis_move(Axis(0), first),
        targets.slice_axis_move(Axis(0), first),
    );
    let held = (
        inputs.slice_axis_move(Axis(0), rest),
        targets.slice_axis_move(Axis(0), rest),
    );
    Ok((training, held))
}
