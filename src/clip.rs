//! Gradient clipping: a step's gradient scaled down to a largest total norm,
//! or each of its values clamped, before the optimiser takes it, as PyTorch's
//! `torch.nn.utils.clip_grad_norm_` and `clip_grad_value_` do.

use std::fmt;

use ndarray::ArrayD;

use crate::{Error, Float, Result};

/// How [`fit`](crate::GradientDescent::fit) clips each step's gradient (of
/// the loss; an L2 penalty is added after, as PyTorch's `weight_decay` is).
///
/// ```
/// use neuron::{Clip, GradientDescent};
///
/// let settings = GradientDescent::new().clip_norm(1.0);
/// assert_eq!(settings.clip, Some(Clip::Norm(1.0)));
/// assert_eq!(GradientDescent::new().clip_value(0.5).clip, Some(Clip::Value(0.5)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Clip {
    /// The whole gradient scaled by `max_norm / (‖g‖ + 10⁻⁶)` when that is
    /// below 1, `‖g‖` being the L2 norm of all its values together
    /// ([`clip_grad_norm`]).
    Norm(f64),
    /// Each value clamped to `[−v, v]` ([`clip_grad_value`]).
    Value(f64),
}

impl Clip {
    /// The bound is finite and > 0.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] naming `clip_norm` or `clip_value`.
    pub fn check(&self) -> Result<()> {
        let (name, bound) = self.setting();
        if bound.is_finite() && bound > 0.0 {
            Ok(())
        } else {
            Err(Error::InvalidSetting {
                name,
                value: bound,
                requirement: "finite and > 0",
            })
        }
    }

    /// The setting's name, as its builder method is called, and its bound.
    pub(crate) fn setting(&self) -> (&'static str, f64) {
        match *self {
            Clip::Norm(bound) => ("clip_norm", bound),
            Clip::Value(bound) => ("clip_value", bound),
        }
    }

    /// Clips `gradient` in place.
    ///
    /// # Errors
    /// As [`check`](Clip::check).
    pub fn apply<F: Float>(&self, gradient: &mut [ArrayD<F>]) -> Result<()> {
        match *self {
            Clip::Norm(max_norm) => clip_grad_norm(gradient, max_norm).map(|_| ()),
            Clip::Value(value) => clip_grad_value(gradient, value),
        }
    }
}

impl fmt::Display for Clip {
    /// `norm ≤ 1`, `|value| ≤ 0.5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Clip::Norm(bound) => write!(f, "norm ≤ {bound}"),
            Clip::Value(bound) => write!(f, "|value| ≤ {bound}"),
        }
    }
}

/// Scales the arrays of `gradient` together so that their total L2 norm
/// `‖g‖ = √(Σ‖gᵢ‖²)` is at most about `max_norm`: each is multiplied by
/// `min(1, max_norm / (‖g‖ + 10⁻⁶))`, as PyTorch's
/// `clip_grad_norm_(parameters, max_norm)`. Returns `‖g‖` before clipping.
/// When `Σg²` overflows (entries beyond 1e19 in `f32`, 1e154 in `f64`) the
/// norm is computed as `m·‖g/m‖`, `m` the largest `|g|`, so that an exploding
/// gradient is still clipped to `max_norm`, not zeroed.
///
/// ```
/// use neuron::clip_grad_norm;
/// use neuron::ndarray::{arr1, ArrayD};
///
/// let mut gradient: Vec<ArrayD<f64>> = vec![arr1(&[3.0, 0.0]).into_dyn(), arr1(&[4.0]).into_dyn()];
/// let norm = clip_grad_norm(&mut gradient, 1.0)?;
/// assert_eq!(norm, 5.0);
/// assert!((gradient[1][[0]] - 4.0 / (5.0 + 1e-6)).abs() < 1e-15);
/// # Ok::<(), neuron::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidSetting`] for a `max_norm` that is not finite and > 0.
pub fn clip_grad_norm<F: Float>(gradient: &mut [ArrayD<F>], max_norm: f64) -> Result<F> {
    Clip::Norm(max_norm).check()?;
    let squares = gradient
        .iter()
        .map(|g| {
            let norm = g.iter().fold(F::zero(), |sum, &v| sum + v * v).sqrt();
            norm * norm
        })
        .fold(F::zero(), |sum, s| sum + s);
    let mut total = squares.sqrt();
    let mut coefficient = F::from_f64(max_norm) / (total + F::from_f64(1e-6));
    let values = || gradient.iter().flat_map(|g| g.iter());
    if !total.is_finite() && values().all(|v| v.is_finite()) {
        let largest = values().fold(F::zero(), |m, &v| m.max(v.abs()));
        // Σg² overflowed though every g is finite: ‖g‖ = m·‖g/m‖ with m the
        // largest |g|, as BLAS's nrm2 scales it, and the coefficient from m
        // and ‖g/m‖ in f64, where their product stays finite for f32.
        let unit = values()
            .fold(F::zero(), |sum, &v| sum + (v / largest) * (v / largest))
            .sqrt();
        let (m, unit) = (largest.as_f64(), unit.as_f64());
        total = F::from_f64(m * unit);
        coefficient = F::from_f64(max_norm / m / (unit + 1e-6 / m));
    }
    // As `torch.clamp(coefficient, max=1)`: a NaN norm makes NaNs, as in PyTorch.
    let coefficient = if coefficient > F::one() {
        F::one()
    } else {
        coefficient
    };
    for g in gradient.iter_mut() {
        g.mapv_inplace(|v| v * coefficient);
    }
    Ok(total)
}

/// Clamps every value of `gradient` to `[−value, value]`, as PyTorch's
/// `clip_grad_value_(parameters, value)` (a NaN stays NaN).
///
/// ```
/// use neuron::clip_grad_value;
/// use neuron::ndarray::{arr1, ArrayD};
///
/// let mut gradient: Vec<ArrayD<f64>> = vec![arr1(&[3.0, -0.2, -7.0]).into_dyn()];
/// clip_grad_value(&mut gradient, 0.5)?;
/// assert_eq!(gradient[0], arr1(&[0.5, -0.2, -0.5]).into_dyn());
/// # Ok::<(), neuron::Error>(())
/// ```
///
/// # Errors
/// [`Error::InvalidSetting`] for a `value` that is not finite and > 0.
pub fn clip_grad_value<F: Float>(gradient: &mut [ArrayD<F>], value: f64) -> Result<()> {
    Clip::Value(value).check()?;
    let bound = F::from_f64(value);
    for g in gradient.iter_mut() {
        g.mapv_inplace(|v| {
            if v > bound {
                bound
            } else if v < -bound {
                -bound
            } else {
                v
            }
        });
    }
    Ok(())
}
