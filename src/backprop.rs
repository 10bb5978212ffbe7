//! Backpropagation through a stack of dense layers: the gradient of the loss
//! with respect to every weight and bias, by the chain rule, layer by layer.

use ndarray::{Array1, Array2, ArrayD, ArrayView2};
use rand::{Rng, RngCore};

use crate::dense::check_softmax_units;
use crate::kernels::matmul::{Threads, matmul, matmul_into};
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
///
/// (for a softmax hidden layer, `⊙ f′` is the softmax's Jacobian-vector
/// product). With `dropout` (a generator: training), each hidden layer with a
/// dropout rate `p` multiplies its outputs by a mask `M` of `0` (probability
/// `p`) and `1 / (1 − p)`, the next layer reads `Aₗ ⊙ M`, and the backward
/// pass multiplies by the same mask: `δₗ₋₁ = (δₗ·Wₗᵀ) ⊙ M ⊙ f′(Aₗ₋₁)`.
pub(crate) fn loss_and_gradient<F: Float>(
    layers: &[Dense<F>],
    inputs: ArrayView2<'_, F>,
    targets: ArrayView2<'_, F>,
    loss: Loss,
    mut dropout: Option<&mut dyn RngCore>,
) -> Result<(F, Vec<ArrayD<F>>)> {
    let Some((last, hidden)) = layers.split_last() else {
        return Err(Error::EmptyNetwork {
            what: "got no layers".to_owned(),
        });
    };
    check_output_layer(last, loss)?;
    let n_inputs = layers.first().map_or(0, Dense::n_inputs);
    crate::error::check_features(inputs.ncols(), n_inputs, "network")?;
    for layer in hidden {
        check_softmax_units(layer.activation(), layer.n_units(), "layer")?;
    }

    // Forward: keep every hidden layer's outputs (before dropout, for f′) and
    // its dropout mask (if any) for the backward pass.
    let mut outputs: Vec<Array2<F>> = Vec::with_capacity(hidden.len());
    let mut masks: Vec<Option<Array2<F>>> = Vec::with_capacity(hidden.len());
    let mut dropped: Vec<Option<Array2<F>>> = Vec::with_capacity(hidden.len());
    for (l, layer) in hidden.iter().enumerate() {
        let input = layer_input(inputs, &outputs, &dropped, l);
        let mut output = net_input(layer, input);
        layer.activation().apply_inplace(&mut output);
        let mask = match dropout.as_deref_mut() {
            Some(rng) if layer.dropout() > 0.0 => {
                Some(dropout_mask(output.dim(), layer.dropout(), rng))
            }
            _ => None,
        };
        dropped.push(mask.as_ref().map(|m| &output * m));
        outputs.push(output);
        masks.push(mask);
    }
    let last_input = layer_input(inputs, &outputs, &dropped, hidden.len());
    let h = net_input(last, last_input);
    check_shape(&targets, h.nrows(), h.ncols())?;
    let (value, mut delta) = loss.value_and_delta(&h, &targets, last.activation());

    // Backward, from the last layer to the first.
    let mut gradient = Vec::with_capacity(2 * layers.len());
    for (l, layer) in layers.iter().enumerate().rev() {
        let input = layer_input(inputs, &outputs, &dropped, l);
        gradient.push(column_sums(&delta).into_dyn());
        gradient.push(matmul(input.t(), delta.view()).into_dyn());
        if let Some(k) = l.checked_sub(1)
            && let (Some(previous), Some(output)) = (layers.get(k), outputs.get(k))
        {
            let mut next = matmul(delta.view(), layer.weights().t());
            if let Some(Some(mask)) = masks.get(k) {
                next *= mask;
            }
            previous
                .activation()
                .backward_from_output(output, &mut next);
            delta = next;
        }
    }
    gradient.reverse();
    Ok((value, gradient))
}

/// A layer's net inputs `H = A·W + b` for training: the bias in every row,
/// plus the product on the matrix kernels (threads for large batches). Not bit for bit
/// [`Dense::net_input`], which sums each unit in its neuron's order: the two
/// differ by the rounding bound of [`crate::kernels::matmul`].
fn net_input<F: Float>(layer: &Dense<F>, input: ArrayView2<'_, F>) -> Array2<F> {
    let shape = (input.nrows(), layer.n_units());
    let mut h = match layer.bias().broadcast(shape) {
        Some(rows_of_bias) => rows_of_bias.to_owned(),
        None => Array2::zeros(shape),
    };
    matmul_into(
        input,
        layer.weights().view(),
        h.view_mut(),
        true,
        Threads::All,
    );
    h
}

/// `Σ_samples δ`: the sum of each column, row after row (ndarray's
/// `sum_axis(Axis(0))` adds the same rows in the same order, but makes a new
/// array for every row).
fn column_sums<F: Float>(delta: &Array2<F>) -> Array1<F> {
    let mut sums = Array1::zeros(delta.ncols());
    for row in delta.rows() {
        sums.zip_mut_with(&row, |sum, &d| *sum += d);
    }
    sums
}

/// What layer `l` reads: the inputs for the first layer, else the outputs of
/// layer `l − 1` after its dropout.
fn layer_input<'a, F: Float>(
    inputs: ArrayView2<'a, F>,
    outputs: &'a [Array2<F>],
    dropped: &'a [Option<Array2<F>>],
    l: usize,
) -> ArrayView2<'a, F> {
    let Some(k) = l.checked_sub(1) else {
        return inputs;
    };
    match (dropped.get(k), outputs.get(k)) {
        (Some(Some(a)), _) | (_, Some(a)) => a.view(),
        _ => inputs,
    }
}

/// The checks on the output layer that training needs: its activation fits
/// the loss, a softmax has at least two units, and it has no dropout.
pub(crate) fn check_output_layer<F: Float>(last: &Dense<F>, loss: Loss) -> Result<()> {
    loss.check_activation(last.activation())?;
    check_softmax_units(last.activation(), last.n_units(), "output layer")?;
    if last.dropout() > 0.0 {
        return Err(Error::InvalidSetting {
            name: "dropout",
            value: last.dropout(),
            requirement: "0 on the output layer (dropout thins a hidden layer's outputs)",
        });
    }
    Ok(())
}

/// Inverted dropout's mask: `0` with probability `rate`, else `1 / (1 − rate)`.
fn dropout_mask<F: Float>(shape: (usize, usize), rate: f64, rng: &mut dyn RngCore) -> Array2<F> {
    let keep = 1.0 - rate;
    let scale = F::from_f64(1.0 / keep);
    Array2::from_shape_simple_fn(shape, || {
        if rng.random_bool(keep) {
            scale
        } else {
            F::zero()
        }
    })
}
