//! `gradient_check`: backpropagation's gradient against central finite differences.

use ndarray::{ArrayBase, Data, Dimension};

use crate::checks::check_data;
use crate::{AsTargets, Float, Loss, Result, Trainable};

/// What [`gradient_check`] found: the gradient both ways, and how far apart.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GradientCheck {
    /// Every parameter's gradient from the model, flattened in parameter order.
    pub analytic: Vec<f64>,
    /// The same from central finite differences of the loss.
    pub numeric: Vec<f64>,
    /// The largest `|analytic − numeric| / max(|analytic|, |numeric|, 1e−8)`.
    pub max_relative_error: f64,
    /// Where it is, as an index into `analytic` and `numeric`.
    pub worst_index: usize,
}

/// Compares a model's gradient with central finite differences of its loss:
/// a teaching tool, and the test oracle for backpropagation.
///
/// Each parameter `θᵢ` in turn is moved by `±ε` and `±2ε`, with
/// `ε = 1e−3·max(1, |θᵢ|)`, and the fourth-order central difference
///
/// ```text
/// ∂L/∂θᵢ ≈ (8·(L(θ + ε) − L(θ − ε)) − (L(θ + 2ε) − L(θ − 2ε))) / 12ε
/// ```
///
/// is compared with the model's `∂L/∂θᵢ`. Its error is `O(ε⁴)` rather than the
/// `O(ε²)` of the two-point `(L(θ + ε) − L(θ − ε)) / 2ε`, which lets `ε` be large
/// enough that rounding in `L` does not swamp small gradients.
/// `L` is the loss of the training pass without dropout, the one the
/// gradient is of: batch normalisation normalises by the batch's statistics
/// in it, not by its running ones.
/// Relative errors below about `1e−6` mean the two agree (in `f64`; `f32` has too
/// few digits for a meaningful check). Entries where both are below `1e−8` are
/// compared on that scale instead, since their relative error is mostly noise.
///
/// # Shapes
/// - `inputs`: `(n_samples, n_inputs)`; `targets`: `(n_samples,)` or `(n_samples, n_outputs)`
///
/// # Errors
/// The data checks of [`GradientDescent::fit`](crate::GradientDescent::fit).
///
/// ```
/// use neuron::{Activation, Loss, Neuron, gradient_check};
/// use neuron::ndarray::array;
///
/// let neuron = Neuron::new(array![0.4, -0.7]).with_bias(0.1).with_activation(Activation::Tanh);
/// let x = array![[0.5, 0.3], [-1.0, 2.0], [0.2, 0.2]];
/// let t = array![0.5, -0.2, 0.1];
/// let check = gradient_check(&neuron, &x, &t, Loss::MeanSquaredError)?;
/// assert!(check.max_relative_error < 1e-6);
/// assert_eq!(check.analytic.len(), 3); // two weights and the bias
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn gradient_check<F, M, S, D, T>(
    model: &M,
    inputs: &ArrayBase<S, D>,
    targets: &T,
    loss: Loss,
) -> Result<GradientCheck>
where
    F: Float,
    M: Trainable<F>,
    S: Data<Elem = F>,
    D: Dimension,
    T: AsTargets<F> + ?Sized,
{
    let inputs = inputs.view();
    let targets = targets.as_targets();
    check_data(model, &inputs, &targets, loss, "the data")?;

    let (_, gradient) = model.loss_and_gradient(inputs.view(), targets, loss)?;
    let analytic: Vec<f64> = gradient.iter().flatten().map(|g| g.as_f64()).collect();

    let mut numeric = Vec::with_capacity(analytic.len());
    let mut probe = model.clone();
    let mut workspace = crate::Workspace::new();
    let n_arrays = model.parameters().len();
    for array in 0..n_arrays {
        let n_elements = model.parameters().get(array).map_or(0, |(_, p)| p.len());
        for element in 0..n_elements {
            let original = nudge(&mut probe, array, element, None);
            let epsilon = 1e-3 * original.as_f64().abs().max(1.0);
            let mut loss_at = |steps: f64| -> Result<f64> {
                let moved = original + F::from_f64(steps * epsilon);
                nudge(&mut probe, array, element, Some(moved));
                let value = probe.loss_and_gradient_in(
                    inputs.view(),
                    targets,
                    loss,
                    None,
                    &mut workspace,
                )?;
                Ok(value.as_f64())
            };
            let (up, down) = (loss_at(1.0)?, loss_at(-1.0)?);
            let (up2, down2) = (loss_at(2.0)?, loss_at(-2.0)?);
            nudge(&mut probe, array, element, Some(original));
            numeric.push((8.0 * (up - down) - (up2 - down2)) / (12.0 * epsilon));
        }
    }

    let (worst_index, max_relative_error) = analytic
        .iter()
        .zip(&numeric)
        .map(|(a, n)| (a - n).abs() / a.abs().max(n.abs()).max(1e-8))
        .enumerate()
        .fold(
            (0, 0.0_f64),
            |(wi, we), (i, e)| if e > we { (i, e) } else { (wi, we) },
        );

    Ok(GradientCheck {
        analytic,
        numeric,
        max_relative_error,
        worst_index,
    })
}

/// Reads element `element` of parameter array `array`, and sets it to `value` if given.
fn nudge<F: Float, M: Trainable<F>>(
    model: &mut M,
    array: usize,
    element: usize,
    value: Option<F>,
) -> F {
    let mut parameters = model.parameters_mut();
    let Some(cell) = parameters
        .get_mut(array)
        .and_then(|(_, p)| p.iter_mut().nth(element))
    else {
        return F::zero();
    };
    let old = *cell;
    if let Some(value) = value {
        *cell = value;
    }
    old
}
