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
    dropout: Option<&mut dyn RngCore>,
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
    check_shape(&targets, inputs.nrows(), last.n_units())?;
    let n = inputs.nrows();
    let pieces = pieces_of(n);
    if pieces == 1 || dropout.is_some() {
        return one_piece(layers, inputs, targets, loss, dropout, Threads::All);
    }

    // Pieces of the batch, each on its own thread: the sum of their losses
    // and gradients, each weighted by its share of the batch, added in order.
    let piece = |p: usize| {
        let rows = ndarray::s![p * n / pieces..(p + 1) * n / pieces, ..];
        let (x, t) = (inputs.slice(rows), targets.slice(rows));
        let share = F::from_f64(x.nrows() as f64 / n as f64);
        one_piece(layers, x, t, loss, None, Threads::One).map(|result| (share, result))
    };
    #[cfg(feature = "rayon")]
    let results: Vec<_> = {
        use rayon::prelude::*;
        (0..pieces).into_par_iter().map(piece).collect()
    };
    #[cfg(not(feature = "rayon"))]
    let results: Vec<_> = (0..pieces).map(piece).collect();
    let mut total: Option<(F, Vec<ArrayD<F>>)> = None;
    for result in results {
        let (share, (value, gradient)) = result?;
        match total.as_mut() {
            None => {
                let scaled = gradient.into_iter().map(|g| g * share).collect();
                total = Some((value * share, scaled));
            }
            Some((sum, sums)) => {
                *sum += value * share;
                for (s, g) in sums.iter_mut().zip(&gradient) {
                    s.scaled_add(share, g);
                }
            }
        }
    }
    total.ok_or(Error::Empty { what: "the batch" })
}

/// Rows per piece of a batch that backpropagation splits over threads.
const PIECE_ROWS: usize = 128;
/// At most this many pieces (and so threads) per batch.
const MAX_PIECES: usize = 16;

/// How many pieces a batch of `n` rows is cut into: one per [`PIECE_ROWS`]
/// rows, at most [`MAX_PIECES`]. It depends on `n` only, never on the number
/// of threads, so the gradient is the same bits on any machine.
fn pieces_of(n: usize) -> usize {
    (n / PIECE_ROWS).clamp(1, MAX_PIECES)
}

/// [`loss_and_gradient`] for one piece of a batch (checked by the caller),
/// its products spread over `threads`.
fn one_piece<F: Float>(
    layers: &[Dense<F>],
    inputs: ArrayView2<'_, F>,
    targets: ArrayView2<'_, F>,
    loss: Loss,
    mut dropout: Option<&mut dyn RngCore>,
    threads: Threads,
) -> Result<(F, Vec<ArrayD<F>>)> {
    let Some((last, hidden)) = layers.split_last() else {
        return Err(Error::EmptyNetwork {
            what: "got no layers".to_owned(),
        });
    };
    // Forward: keep every hidden layer's outputs (before dropout, for f′) and
    // its dropout mask (if any) for the backward pass.
    let mut outputs: Vec<Array2<F>> = Vec::with_capacity(hidden.len());
    let mut masks: Vec<Option<Array2<F>>> = Vec::with_capacity(hidden.len());
    let mut dropped: Vec<Option<Array2<F>>> = Vec::with_capacity(hidden.len());
    for (l, layer) in hidden.iter().enumerate() {
        let input = layer_input(inputs, &outputs, &dropped, l);
        let mut output = net_input(layer, input, threads);
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
    let h = net_input(last, last_input, threads);
    check_shape(&targets, h.nrows(), h.ncols())?;
    let (value, mut delta) = loss.value_and_delta(&h, &targets, last.activation());

    // Backward, from the last layer to the first.
    let mut gradient = Vec::with_capacity(2 * layers.len());
    for (l, layer) in layers.iter().enumerate().rev() {
        let input = layer_input(inputs, &outputs, &dropped, l);
        gradient.push(column_sums(&delta).into_dyn());
        gradient.push(matmul(input.t(), delta.view(), threads).into_dyn());
        if let Some(k) = l.checked_sub(1)
            && let (Some(previous), Some(output)) = (layers.get(k), outputs.get(k))
        {
            let mut next = matmul(delta.view(), layer.weights().t(), threads);
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
/// plus the product on the matrix kernels. Within the rounding bound of
/// [`crate::kernels::matmul`] of [`Dense::net_input`].
fn net_input<F: Float>(layer: &Dense<F>, input: ArrayView2<'_, F>, threads: Threads) -> Array2<F> {
    let shape = (input.nrows(), layer.n_units());
    let mut h = match layer.bias().broadcast(shape) {
        Some(rows_of_bias) => rows_of_bias.to_owned(),
        None => Array2::zeros(shape),
    };
    matmul_into(input, layer.weights().view(), h.view_mut(), true, threads);
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
