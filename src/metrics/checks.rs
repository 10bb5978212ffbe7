//! What every metric checks of its arguments, and how it names itself in
//! the errors.

use ndarray::{ArrayBase, Data, Ix1};

use crate::{Error, Float, Result};

/// How a metric names itself in its errors.
pub(super) struct Metric {
    /// For [`Error::LengthMismatch`].
    pub(super) pair: &'static str,
    /// For [`Error::Empty`].
    pub(super) empty: &'static str,
}

/// [`Error::LengthMismatch`] unless both lengths agree, [`Error::Empty`] if they are 0.
pub(super) fn check_pair(metric: &Metric, left: usize, right: usize) -> Result<()> {
    if left != right {
        return Err(Error::LengthMismatch {
            what: metric.pair,
            left,
            right,
        });
    }
    if left == 0 {
        return Err(Error::Empty { what: metric.empty });
    }
    Ok(())
}

/// [`Error::NotBinary`] for the first label that is not exactly `0` or `1`.
pub(super) fn check_labels<F: Float, S: Data<Elem = F>>(
    what: &'static str,
    labels: &ArrayBase<S, Ix1>,
) -> Result<()> {
    match labels
        .iter()
        .enumerate()
        .find(|&(_, &y)| y != F::zero() && y != F::one())
    {
        Some((index, y)) => Err(Error::NotBinary {
            what,
            index,
            value: y.as_f64(),
        }),
        None => Ok(()),
    }
}

/// [`Error::InvalidValue`] for the first value that is NaN or infinite.
pub(super) fn check_finite<F: Float, S: Data<Elem = F>>(
    what: &'static str,
    values: &ArrayBase<S, Ix1>,
) -> Result<()> {
    match values.iter().enumerate().find(|(_, y)| !y.is_finite()) {
        Some((index, y)) => Err(Error::InvalidValue {
            what,
            index,
            value: y.as_f64(),
            requirement: "finite",
        }),
        None => Ok(()),
    }
}
