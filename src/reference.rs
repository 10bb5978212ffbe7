//! The model's maths written as plainly as ndarray allows: the oracle that the
//! fast kernels are tested against, and a page a learner can read in one go.
//!
//! ```text
//! neuron:  y = f(X·w + b)          layer:  Y = f(X·W + b)
//! softmax: yₖ = e^(hₖ − m) / Σⱼ e^(hⱼ − m),  m = maxⱼ hⱼ
//! ```
//!
//! These functions do no checking and take no short cuts: shapes that do not
//! fit make ndarray panic, as its own operators do. The models
//! ([`Neuron`](crate::Neuron), [`Dense`](crate::Dense)) compute the same values
//! with blocked, vectorised kernels that sum in another order, so results
//! agree to a few units in the last place rather than bit for bit.
//!
//! ```
//! use neuron::{Activation, Dense, reference};
//! use neuron::ndarray::array;
//!
//! let w = array![[0.4, -1.0], [0.7, 0.5], [0.2, 2.0]];
//! let b = array![0.0, 0.1];
//! let x = array![[0.5, 0.3, 0.2], [1.0, -1.0, 0.5]];
//! let fast = Dense::new(w.clone(), b.clone(), Activation::Softmax)?.forward(&x)?;
//! let plain = reference::layer_forward(&x, &w, &b, Activation::Softmax);
//! assert!(fast.abs_diff_eq(&plain, 1e-15));
//! # Ok::<(), neuron::Error>(())
//! ```

use ndarray::{Array1, Array2, ArrayBase, Axis, Data, Ix1, Ix2};

use crate::{Activation, Float};

/// A neuron's net inputs, one per sample: `h = X·w + b`.
///
/// # Shapes
/// - `inputs`: `(n_samples, n_inputs)`; `weights`: `(n_inputs,)`; returns `(n_samples,)`
///
/// # Panics
/// When `inputs` has a different number of columns than `weights` has values.
pub fn net_input<F, S, T>(
    inputs: &ArrayBase<S, Ix2>,
    weights: &ArrayBase<T, Ix1>,
    bias: F,
) -> Array1<F>
where
    F: Float,
    S: Data<Elem = F>,
    T: Data<Elem = F>,
{
    inputs.dot(weights) + bias
}

/// A neuron's outputs: `y = f(X·w + b)`, with `f` elementwise.
///
/// # Shapes
/// - `inputs`: `(n_samples, n_inputs)`; `weights`: `(n_inputs,)`; returns `(n_samples,)`
///
/// # Panics
/// When the shapes do not fit.
pub fn neuron_forward<F, S, T>(
    inputs: &ArrayBase<S, Ix2>,
    weights: &ArrayBase<T, Ix1>,
    bias: F,
    activation: Activation,
) -> Array1<F>
where
    F: Float,
    S: Data<Elem = F>,
    T: Data<Elem = F>,
{
    net_input(inputs, weights, bias).mapv(|h| activation.apply(h))
}

/// A layer's net inputs: `H = X·W + b`, the bias added to every row.
///
/// # Shapes
/// - `inputs`: `(n_samples, n_inputs)`; `weights`: `(n_inputs, n_units)`;
///   `bias`: `(n_units,)`; returns `(n_samples, n_units)`
///
/// # Panics
/// When the shapes do not fit.
pub fn layer_net_input<F, S, T, U>(
    inputs: &ArrayBase<S, Ix2>,
    weights: &ArrayBase<T, Ix2>,
    bias: &ArrayBase<U, Ix1>,
) -> Array2<F>
where
    F: Float,
    S: Data<Elem = F>,
    T: Data<Elem = F>,
    U: Data<Elem = F>,
{
    inputs.dot(weights) + bias
}

/// A layer's outputs: `Y = f(X·W + b)`, with `f` applied to each value, or
/// for the softmax to each row.
///
/// # Shapes
/// - `inputs`: `(n_samples, n_inputs)`; `weights`: `(n_inputs, n_units)`;
///   `bias`: `(n_units,)`; returns `(n_samples, n_units)`
///
/// # Panics
/// When the shapes do not fit.
pub fn layer_forward<F, S, T, U>(
    inputs: &ArrayBase<S, Ix2>,
    weights: &ArrayBase<T, Ix2>,
    bias: &ArrayBase<U, Ix1>,
    activation: Activation,
) -> Array2<F>
where
    F: Float,
    S: Data<Elem = F>,
    T: Data<Elem = F>,
    U: Data<Elem = F>,
{
    let h = layer_net_input(inputs, weights, bias);
    match activation {
        Activation::Softmax => softmax_rows(&h),
        elementwise => h.mapv(|h| elementwise.apply(h)),
    }
}

/// The softmax of every row: subtract the row's largest value (so that no
/// `eʰ` overflows), exponentiate, divide by the row's sum.
///
/// # Shapes
/// - `net_inputs`: `(n_samples, n_units)`; returns the same shape
pub fn softmax_rows<F, S>(net_inputs: &ArrayBase<S, Ix2>) -> Array2<F>
where
    F: Float,
    S: Data<Elem = F>,
{
    let m = net_inputs.fold_axis(Axis(1), F::neg_infinity(), |&m, &h| m.max(h));
    let e = (net_inputs - &m.insert_axis(Axis(1))).mapv(F::exp);
    let sums = e.sum_axis(Axis(1)).insert_axis(Axis(1));
    e / &sums
}
