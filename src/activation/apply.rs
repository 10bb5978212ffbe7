//! Computing an activation: `y = f(h)` for one value and for a batch, its
//! slope, and the backward pass through it, on the crate's kernels.

use ndarray::{Array, ArrayBase, Axis, DataMut, Dimension};

use super::Activation;
use super::softmax::softmax_inplace;
use crate::Float;
use crate::kernels::{self, dispatch};

impl Activation {
    /// `f(h)`: the output for net input `h`.
    ///
    /// The sigmoid is computed in the numerically stable form
    /// `1 / (1 + e⁻ʰ)` for `h ≥ 0` and `eʰ / (1 + eʰ)` for `h < 0`, so it never
    /// overflows and keeps tiny values in the left tail (`σ(−745) ≈ 5e−324` in `f64`)
    /// where the naive formula returns `0`. NaN in gives NaN out.
    ///
    /// ```
    /// use neuron::Activation;
    ///
    /// assert_eq!(Activation::Sigmoid.apply(0.0_f64), 0.5);
    /// assert!(Activation::Sigmoid.apply(-740.0_f64) > 0.0); // e⁻⁷⁴⁰ ≈ 4.2e−322
    /// assert_eq!(Activation::Relu.apply(-2.0_f32), 0.0);
    /// assert_eq!(Activation::Step.apply(0.0_f64), 1.0);
    /// ```
    pub fn apply<F: Float>(self, h: F) -> F {
        // The one home of every elementwise formula is the kernel a batch runs
        // through (which marks the softmax, not elementwise, as NaN).
        let mut value = [h];
        kernels::activate(dispatch::detected(), self, &mut value);
        let [y] = value;
        y
    }

    /// Applies `f` to every element of `values`, in place: net inputs become outputs.
    /// The softmax is applied to every lane along the last axis instead: to
    /// each row of a `(n_samples, n_units)` batch, or to the whole of a vector.
    ///
    /// # Shapes
    /// - `values`: any shape and memory layout; the shape is kept.
    ///
    /// ```
    /// use neuron::Activation;
    /// use neuron::ndarray::array;
    ///
    /// let mut h = array![-1.0_f64, 0.0, 2.0];
    /// Activation::Relu.apply_inplace(&mut h);
    /// assert_eq!(h, array![0.0, 0.0, 2.0]);
    ///
    /// // Each row becomes probabilities: softmax([0, ln 3]) = [1/4, 3/4].
    /// let mut h = array![[0.0_f64, 3.0_f64.ln()], [5.0, 5.0]];
    /// Activation::Softmax.apply_inplace(&mut h);
    /// assert!((h[[0, 0]] - 0.25).abs() < 1e-15 && (h[[0, 1]] - 0.75).abs() < 1e-15);
    /// assert_eq!(h.row(1), array![0.5, 0.5]);
    /// ```
    pub fn apply_inplace<F, S, D>(self, values: &mut ArrayBase<S, D>)
    where
        F: Float,
        S: DataMut<Elem = F>,
        D: Dimension,
    {
        if self == Activation::Softmax {
            match values.ndim().checked_sub(1) {
                Some(last) => values
                    .lanes_mut(Axis(last))
                    .into_iter()
                    .for_each(|mut row| softmax_inplace(&mut row)),
                None => values.fill(F::nan()),
            }
            return;
        }
        match values.as_slice_memory_order_mut() {
            Some(slice) => kernels::activate(dispatch::detected(), self, slice),
            None => values.mapv_inplace(|h| self.apply(h)),
        }
    }

    /// Turns `∂L/∂Y`, the gradient with respect to a layer's outputs, into
    /// `∂L/∂H`, the gradient with respect to its net inputs, in place; `outputs`
    /// are `Y = f(H)`, and `net_inputs` are `H` (needed, and kept by the
    /// caller, only where [`derivative_needs_net_input`](Activation::derivative_needs_net_input)).
    /// Elementwise: `∂L/∂hᵢ = ∂L/∂yᵢ · f′(yᵢ)` (or `f′(hᵢ)`). Softmax, along
    /// the last axis: `∂L/∂hₖ = yₖ·(∂L/∂yₖ − Σⱼ ∂L/∂yⱼ·yⱼ)`, the
    /// Jacobian-vector product.
    ///
    /// # Shapes
    /// - `net_inputs`, `outputs`, `gradient`: the same shape (the caller checks).
    pub(crate) fn backward<F, D>(
        self,
        net_inputs: Option<&Array<F, D>>,
        outputs: &Array<F, D>,
        gradient: &mut Array<F, D>,
    ) where
        F: Float,
        D: Dimension,
    {
        if self == Activation::Softmax {
            let Some(last) = outputs.ndim().checked_sub(1) else {
                return;
            };
            let rows = gradient.lanes_mut(Axis(last)).into_iter();
            for (mut g, y) in rows.zip(outputs.lanes(Axis(last))) {
                let g_dot_y = g.iter().zip(&y).fold(F::zero(), |s, (&g, &y)| s + g * y);
                g.zip_mut_with(&y, |g, &y| *g = y * (*g - g_dot_y));
            }
            return;
        }
        if self.derivative_needs_net_input() {
            match net_inputs {
                Some(h) => gradient.zip_mut_with(h, |g, &h| *g *= self.derivative(h)),
                None => gradient.fill(F::nan()),
            }
            return;
        }
        // One loop per activation, the match outside it, so that each loop
        // vectorises; each computes `g·f′(y)` exactly as `derivative_from_output`.
        let (zero, one) = (F::zero(), F::one());
        match self {
            Activation::Sigmoid => gradient.zip_mut_with(outputs, |g, &y| *g *= y * (one - y)),
            Activation::Tanh => gradient.zip_mut_with(outputs, |g, &y| *g *= one - y * y),
            Activation::Identity => {}
            // f′(y): 1 for y > 0, 0 otherwise (ReLU), 0 (step); NaN for a NaN y.
            Activation::Relu => gradient.zip_mut_with(outputs, |g, &y| {
                *g *= if y > zero {
                    one
                } else if y.is_nan() {
                    y
                } else {
                    zero
                };
            }),
            Activation::Step => {
                gradient.zip_mut_with(outputs, |g, &y| *g *= if y.is_nan() { y } else { zero });
            }
            // Every other activation: its slope from the output, as
            // `derivative_from_output` says (those that need the net input
            // took the branch above).
            other => {
                gradient.zip_mut_with(outputs, |g, &y| *g *= other.derivative_from_output(y));
            }
        }
    }
}
