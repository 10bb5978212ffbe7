//! The checks every training rule makes before its first step: settings in
//! range and usable in the float type, data of the right shape, finite inputs,
//! targets the loss can take.

use ndarray::ArrayView2;

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
pub(crate) fn check_data<F: Float, M: Trainable<F>>(
    model: &M,
    inputs: &ArrayView2<'_, F>,
    targets: &ArrayView2<'_, F>,
    loss: Loss,
    what: &'static str,
) -> Result<()> {
    check_inputs(inputs, model.n_inputs(), model.model_name(), what)?;
    loss.check_activation(model.output_activation())?;
    crate::dense::check_softmax_units(
        model.output_activation(),
        model.n_outputs(),
        model.model_name(),
    )?;
    check_shape(targets, inputs.nrows(), model.n_outputs())?;
    check_finite_inputs(inputs)?;
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

/// NaN or ∞ anywhere in the inputs is an error naming its row and column.
pub(crate) fn check_finite_inputs<F: Float>(inputs: &ArrayView2<'_, F>) -> Result<()> {
    match inputs.indexed_iter().find(|(_, x)| !x.is_finite()) {
        None => Ok(()),
        Some(((row, column), x)) => Err(Error::NonFiniteInput {
            row,
            column,
            value: x.as_f64(),
        }),
    }
}
