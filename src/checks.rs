//! The checks every training rule makes before its first step: settings in
//! range and usable in the float type, data of the right shape, finite inputs,
//! targets the loss can take.

use ndarray::{ArrayView, ArrayView2, Axis, Dimension, Ix2};

use crate::targets::check_shape;
use crate::{Error, Float, Loss, Result, Trainable};

/// A setting that is not 0 must stay a finite number other than 0 when it is
/// rounded to `F`.
///
/// # Errors
/// [`Error::InvalidSetting`] naming the setting, its value and the float type.
pub(crate) fn representable_in<F: Float>(name: &'static str, value: f64) -> Result<()> {
    let rounded = F::from_f64(value);
    if value == 0.0 || (rounded != F::zero() && rounded.is_finite()) {
        return Ok(());
    }
    let requirement = if F::NAME == "f32" {
        "a number f32 can hold (in f32 it rounds to 0 or ∞)"
    } else {
        "a number f64 can hold (in f64 it rounds to 0 or ∞)"
    };
    Err(Error::InvalidSetting {
        name,
        value,
        requirement,
    })
}

/// Everything about a data set that can be checked before training.
pub(crate) fn check_data<F: Float, M: Trainable<F>, D: Dimension>(
    model: &M,
    inputs: &ArrayView<'_, F, D>,
    targets: &ArrayView2<'_, F>,
    loss: Loss,
    what: &'static str,
) -> Result<()> {
    check_data_but_finiteness(model, inputs, targets, loss, what)?;
    check_finite_inputs(inputs)
}

/// [`check_data`] but for whether the inputs are finite, for a caller that
/// learns that from its first pass over them.
pub(crate) fn check_data_but_finiteness<F: Float, M: Trainable<F>, D: Dimension>(
    model: &M,
    inputs: &ArrayView<'_, F, D>,
    targets: &ArrayView2<'_, F>,
    loss: Loss,
    what: &'static str,
) -> Result<()> {
    check_samples(inputs, model.n_inputs(), model.model_name(), what)?;
    loss.check_activation(model.output_activation())?;
    model
        .output_activation()
        .check_units(model.n_outputs(), model.model_name())?;
    check_shape(targets, inputs.len_of(Axis(0)), model.n_outputs())?;
    loss.check_targets(targets)
}

/// A learning rate that is finite and > 0, and at least one epoch: what every
/// training rule needs.
pub(crate) fn check_learning_rate_and_epochs(learning_rate: f64, epochs: usize) -> Result<()> {
    if !(learning_rate.is_finite() && learning_rate > 0.0) {
        return Err(Error::InvalidSetting {
            name: "learning_rate",
            value: learning_rate,
            requirement: "finite and > 0",
        });
    }
    if epochs == 0 {
        return Err(Error::InvalidSetting {
            name: "epochs",
            value: 0.0,
            requirement: "at least 1",
        });
    }
    Ok(())
}

/// At least one sample, and as many features per sample as the model has inputs.
pub(crate) fn check_inputs<F: Float>(
    inputs: &ArrayView2<'_, F>,
    n_inputs: usize,
    model: &'static str,
    what: &'static str,
) -> Result<()> {
    if inputs.nrows() == 0 {
        return Err(Error::Empty { what });
    }
    crate::error::check_features(inputs.ncols(), n_inputs, model)
}

/// [`check_inputs`] for a batch of any rank, the sample on its first axis:
/// at least one sample, and (where the model reads a fixed number of values,
/// `n_inputs > 0`) as many values per sample. The model checks the sample's
/// exact shape itself.
pub(crate) fn check_samples<F: Float, D: Dimension>(
    inputs: &ArrayView<'_, F, D>,
    n_inputs: usize,
    model: &'static str,
    what: &'static str,
) -> Result<()> {
    if let Ok(matrix) = inputs.view().into_dimensionality::<Ix2>()
        && n_inputs > 0
    {
        return check_inputs(&matrix, n_inputs, model, what);
    }
    if inputs.ndim() == 0 || inputs.len_of(Axis(0)) == 0 {
        return Err(Error::Empty { what });
    }
    let per_sample = inputs.shape().iter().skip(1).product::<usize>();
    if n_inputs == 0 {
        return Ok(());
    }
    crate::error::check_features(per_sample, n_inputs, model)
}

/// NaN or ∞ anywhere in the inputs is an error naming its row and column
/// (the first one, row by row; for a batch of more than two axes, the column
/// is the value's place in its sample, counted in row-major order).
///
/// The common case, every value finite, is answered by [`all_finite`] at the
/// speed of reading memory; only inputs that fail it are searched value by value.
pub(crate) fn check_finite_inputs<F: Float, D: Dimension>(
    inputs: &ArrayView<'_, F, D>,
) -> Result<()> {
    if let Ok(matrix) = inputs.view().into_dimensionality::<Ix2>() {
        if all_finite(&matrix) {
            return Ok(());
        }
        return match matrix.indexed_iter().find(|(_, x)| !x.is_finite()) {
            None => Ok(()),
            Some(((row, column), x)) => Err(Error::NonFiniteInput {
                row,
                column,
                value: x.as_f64(),
            }),
        };
    }
    let per_sample = inputs.shape().iter().skip(1).product::<usize>().max(1);
    let all = match inputs.as_slice_memory_order() {
        Some(values) => all_finite_slice(values),
        None => inputs.iter().all(|x| x.is_finite()),
    };
    if all {
        return Ok(());
    }
    // Row-major order: the k-th value is value k mod per_sample of sample k / per_sample.
    match inputs.iter().enumerate().find(|(_, x)| !x.is_finite()) {
        None => Ok(()),
        Some((k, x)) => Err(Error::NonFiniteInput {
            row: k / per_sample,
            column: k % per_sample,
            value: x.as_f64(),
        }),
    }
}

/// Values per piece when [`all_finite`] spreads over threads.
const FINITE_PIECE: usize = 1 << 16;

/// Whether every value is finite.
///
/// `x·0` is exactly ±0 for a finite `x` and NaN for NaN or ±∞, so a sum of
/// such products is 0 exactly when every value is finite. It is kept in
/// `LANES` independent sums, which the compiler turns into vector adds with no
/// branch per value; large inputs are read in pieces on every thread.
pub(crate) fn all_finite<F: Float>(inputs: &ArrayView2<'_, F>) -> bool {
    match inputs.as_slice_memory_order() {
        Some(values) => all_finite_slice(values),
        None => inputs.rows().into_iter().all(|row| {
            row.as_slice()
                .map_or_else(|| row.iter().all(|x| x.is_finite()), finite_sum_is_zero)
        }),
    }
}

fn all_finite_slice<F: Float>(values: &[F]) -> bool {
    #[cfg(feature = "rayon")]
    if values.len() > 2 * FINITE_PIECE {
        use rayon::prelude::*;
        return values.par_chunks(FINITE_PIECE).all(finite_sum_is_zero);
    }
    values.chunks(FINITE_PIECE).all(finite_sum_is_zero)
}

/// Whether `Σ x·0` over `values` is 0 (see [`all_finite`]).
fn finite_sum_is_zero<F: Float>(values: &[F]) -> bool {
    const LANES: usize = 16;
    let (chunks, tail) = values.as_chunks::<LANES>();
    let mut sums = [F::zero(); LANES];
    for chunk in chunks {
        for (sum, &x) in sums.iter_mut().zip(chunk) {
            *sum += x * F::zero();
        }
    }
    tail.iter().all(|x| x.is_finite()) && sums.iter().all(|&sum| sum == F::zero())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, ShapeBuilder, s};

    #[test]
    fn all_finite_finds_every_bad_value_in_every_layout() {
        // 37 × 5 (past the 16 lanes, with a tail) and 2 × 70 000 (pieces on threads).
        for (rows, cols) in [(37, 5), (2, 70_000)] {
            let values = Array2::from_shape_fn((rows, cols), |(i, j)| (i * cols + j) as f64 - 3.5);
            let mut fortran = Array2::zeros((rows, cols).f());
            fortran.assign(&values);
            let mut wide = Array2::zeros((rows, 2 * cols));
            wide.slice_mut(s![.., ..;2]).assign(&values);
            assert!(all_finite(&values.view()));
            assert!(all_finite(&fortran.view()));
            assert!(all_finite(&wide.slice(s![.., ..;2])));
            let step = (rows * cols / 97).max(1);
            for k in (0..rows * cols).step_by(step) {
                let (i, j) = (k / cols, k % cols);
                for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
                    for layout in 0..3 {
                        let mut x = match layout {
                            0 => values.clone(),
                            1 => fortran.clone(),
                            _ => wide.clone(),
                        };
                        let column = if layout == 2 { 2 * j } else { j };
                        x[(i, column)] = bad;
                        let view = if layout == 2 {
                            x.slice(s![.., ..;2])
                        } else {
                            x.view()
                        };
                        assert!(!all_finite(&view), "{bad} at ({i}, {j}), layout {layout}");
                        let f32s = view.mapv(|v| v as f32);
                        assert!(!all_finite(&f32s.view()));
                    }
                }
            }
        }
    }
}
