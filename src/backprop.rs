//! Backpropagation through a stack of dense layers: the gradient of the loss
//! with respect to every weight and bias, by the chain rule, layer by layer.

use ndarray::{Array2, ArrayD, ArrayView2, Axis};

use crate::targets::check_shape;
use crate::{Dense, Error, Float, Loss, Result};

/// The mean loss of `layers` on a batch, and its gradient with respect to
/// every parameter, in the order `[W₀, b₀, W₁, b₁, …]`.
///
/// Forward, each layer `l` keeps its outputs `Aₗ = f(Aₗ₋₁·Wₗ + bₗ)` (with
/// `A₋₁ = X`). Backward, starting from the loss's `δ = ∂L/∂H` at the last layer:
///
/// ```text
/// ∂L/∂Wₗ = Aₗ₋₁ᵀ·δₗ      ∂L/∂bₗ = Σ_samples δₗ      δₗ₋₁ = (δₗ·Wₗᵀ) ⊙ f′(Aₗ₋₁)
/// ```
pub(crate) fn loss_and_gradient<F: Float>(
    layers: &[Dense<F>],
    inputs: ArrayView2<'_, F>,
    targets: ArrayView2<'_, F>,
    loss: Loss,
) -> Result<(F, Vec<ArrayD<F>>)> {
    let Some((last, hidden)) = layers.split_last() else {
        return Err(Error::EmptyNetwork {
            what: "got no layers".to_owned(),
        });
    };
    loss.check_activation(last.activation())?;

    // Forward: keep every hidden layer's outputs for the backward pass.
    let mut outputs: Vec<Array2<F>> = Vec::with_capacity(hidden.len());
    for layer in hidden {
        let input = outputs.last().map_or(inputs, |a| a.view());
        let output = layer.forward(&input)?;
        outputs.push(output);
    }
    let last_input = outputs.last().map_or(inputs, |a| a.view());
    let net_input = last.net_input(&last_input)?;
    check_shape(&targets, net_input.nrows(), net_input.ncols())?;
    let (value, mut delta) = loss.value_and_delta(&net_input, &targets, last.activation());

    // Backward, from the last layer to the first.
    let mut gradient = Vec::with_capacity(2 * layers.len());
    for (l, layer) in layers.iter().enumerate().rev() {
        let input = match l.checked_sub(1).and_then(|k| outputs.get(k)) {
            Some(a) => a.view(),
            None => inputs,
        };
        gradient.push(delta.sum_axis(Axis(0)).into_dyn());
        gradient.push(input.t().dot(&delta).into_dyn());
        if let Some(previous) = l.checked_sub(1).and_then(|k| layers.get(k)) {
            let mut next = delta.dot(&layer.weights().t());
            next.zip_mut_with(&input, |d, &a| {
                *d *= previous.activation().derivative_from_output(a);
            });
            delta = next;
        }
    }
    gradient.reverse();
    Ok((value, gradient))
}
