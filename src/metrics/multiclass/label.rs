//! Class labels: the element types a multi-class metric reads as class indices.

use ndarray::{ArrayBase, Data, Ix1};

use crate::{Error, Result};

/// An element type that can hold a class label: `f32`, `f64` (whole numbers, as
/// [`Dataset::targets`](crate::datasets::Dataset::targets) holds them), `usize`
/// (what [`Network::predict_classes`](crate::Network::predict_classes) returns)
/// and the other primitive integers (so that `array![0, 2, 1]` works as it is).
///
/// A label is valid when it is a whole number `≥ 0`; a metric that knows the
/// number of classes `k` also needs it `< k`. NaN, `-1`, `1.5` are never labels.
/// `y_true` and `y_pred` may hold different label types: `2.0_f64` and
/// `2_usize` are the same class.
///
/// The trait is sealed: what it does lives in a private supertrait, and only the
/// types above implement it.
///
/// ```
/// use neuron::metrics::multiclass::accuracy;
/// use neuron::ndarray::array;
///
/// let targets = array![0.0, 2.0, 1.0, 2.0]; // as a Dataset holds them
/// let predicted = array![0_usize, 2, 2, 2]; // as predict_classes returns them
/// assert_eq!(accuracy(&targets, &predicted)?, 0.75);
/// # Ok::<(), neuron::Error>(())
/// ```
pub trait Label: Copy + sealed::Sealed {}

pub(crate) mod sealed {
    /// What a [`Label`](super::Label) does, out of reach of other crates.
    pub trait Sealed {
        /// The label as a class index, or `None` when it is not a whole number
        /// `≥ 0` that fits a `usize`.
        fn class_index(self) -> Option<usize>;

        /// The label as an `f64`, for error messages.
        fn value(self) -> f64;
    }
}

macro_rules! float_label {
    ($($t:ty),*) => {$(
        impl Label for $t {}
        impl sealed::Sealed for $t {
            fn class_index(self) -> Option<usize> {
                let x = f64::from(self);
                // `usize::MAX as f64` is 2⁶⁴ (2³² − 1 on 32 bits): every whole
                // number below it converts exactly.
                let whole = x >= 0.0 && x.fract() == 0.0 && x < usize::MAX as f64;
                whole.then_some(x as usize)
            }

            fn value(self) -> f64 {
                f64::from(self)
            }
        }
    )*};
}

macro_rules! integer_label {
    ($($t:ty),*) => {$(
        impl Label for $t {}
        impl sealed::Sealed for $t {
            fn class_index(self) -> Option<usize> {
                usize::try_from(self).ok()
            }

            fn value(self) -> f64 {
                // Exact up to 2⁵³; beyond, the nearest f64, which is all a message needs.
                self as f64
            }
        }
    )*};
}

float_label!(f32, f64);
integer_label!(usize, u8, u16, u32, u64, isize, i8, i16, i32, i64);

/// Each label as a class index `0 ≤ c < n_classes`.
///
/// # Errors
/// [`Error::InvalidLabel`] for the first label that is NaN, negative, not whole or
/// not below `n_classes`.
pub(crate) fn class_indices<S>(labels: &ArrayBase<S, Ix1>, n_classes: usize) -> Result<Vec<usize>>
where
    S: Data,
    S::Elem: Label,
{
    labels
        .iter()
        .enumerate()
        .map(|(index, &label)| match sealed::Sealed::class_index(label) {
            Some(class) if class < n_classes => Ok(class),
            _ => Err(Error::InvalidLabel {
                index,
                value: sealed::Sealed::value(label),
                n_classes,
            }),
        })
        .collect()
}

/// Each label as a class index, with no upper bound.
///
/// # Errors
/// [`Error::InvalidValue`] naming `what` for the first label that is NaN,
/// negative or not whole.
pub(crate) fn unbounded_class_indices<S>(
    what: &'static str,
    labels: &ArrayBase<S, Ix1>,
) -> Result<Vec<usize>>
where
    S: Data,
    S::Elem: Label,
{
    labels
        .iter()
        .enumerate()
        .map(|(index, &label)| {
            let value = sealed::Sealed::value(label);
            // A whole number ≥ 0 that no usize holds (1e20) is a label, but
            // too large to be a class's index: say that, not "not whole".
            let whole = value >= 0.0 && value.fract() == 0.0;
            sealed::Sealed::class_index(label).ok_or(Error::InvalidValue {
                what,
                index,
                value,
                requirement: if whole {
                    "a class label no larger than usize::MAX, to index a class"
                } else {
                    "a class label: a whole number ≥ 0"
                },
            })
        })
        .collect()
}
