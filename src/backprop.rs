//! Backpropagation through a stack of dense layers: the gradient of the loss
//! with respect to every weight and bias, by the chain rule, layer by layer.

use ndarray::{Array2, ArrayD, ArrayView2, Ix1, Ix2, Zip};
use rand::{Rng, RngCore};

use crate::dense::check_softmax_units;
use crate::kernels::matmul::{Threads, matmul_into};
use crate::targets::check_shape;
use crate::workspace::{PieceBuffers, Workspace, empty, reshaped, reshaped_dyn};
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
    let mut workspace = Workspace::new();
    let value = loss_and_gradient_in(layers, inputs, targets, loss, dropout, &mut workspace)?;
    Ok((value, workspace.gradient))
}

/// [`loss_and_gradient`] with every buffer in `workspace`, the gradient left
/// in `workspace.gradient`: the same arithmetic in the same order, so the
/// same bits, without allocating the activations, deltas and gradients again
/// (only the loss's `δ` of the output layer is a new array).
pub(crate) fn loss_and_gradient_in<F: Float>(
    layers: &[Dense<F>],
    inputs: ArrayView2<'_, F>,
    targets: ArrayView2<'_, F>,
    loss: Loss,
    dropout: Option<&mut dyn RngCore>,
    workspace: &mut Workspace<F>,
) -> Result<F> {
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
    let pieces = if dropout.is_some() { 1 } else { pieces_of(n) };
    let Workspace {
        gradient: total,
        pieces: buffers,
    } = workspace;
    // Buffers for as many pieces as the largest batch so far had, so that a
    // smaller batch (the last of an epoch) drops none of them.
    if buffers.len() < pieces {
        buffers.resize_with(pieces, PieceBuffers::default);
    }
    let Some(buffers) = buffers.get_mut(..pieces) else {
        return Err(Error::Empty { what: "the batch" });
    };
    if let [only] = buffers {
        let value = one_piece(layers, inputs, targets, loss, dropout, Threads::All, only)?;
        std::mem::swap(total, &mut only.gradient);
        return Ok(value);
    }

    // Pieces of the batch, each on its own thread: the sum of their losses
    // and gradients, each weighted by its share of the batch, added in order.
    let piece = |(p, buffers): (usize, &mut PieceBuffers<F>)| {
        let rows = ndarray::s![p * n / pieces..(p + 1) * n / pieces, ..];
        let (x, t) = (inputs.slice(rows), targets.slice(rows));
        let share = F::from_f64(x.nrows() as f64 / n as f64);
        one_piece(layers, x, t, loss, None, Threads::One, buffers).map(|value| (share, value))
    };
    #[cfg(feature = "rayon")]
    let results: Vec<_> = {
        use rayon::prelude::*;
        buffers.par_iter_mut().enumerate().map(piece).collect()
    };
    #[cfg(not(feature = "rayon"))]
    let results: Vec<_> = buffers.iter_mut().enumerate().map(piece).collect();
    let mut value = F::zero();
    for (p, result) in results.into_iter().enumerate() {
        let (share, piece_value) = result?;
        let gradient = buffers.get(p).map_or(&[][..], |b| &b.gradient[..]);
        if p == 0 {
            value = piece_value * share;
            total.resize_with(gradient.len(), || ArrayD::zeros(ndarray::IxDyn(&[0])));
            for (t, g) in total.iter_mut().zip(gradient) {
                let t = reshaped_dyn(t, g.shape());
                Zip::from(t).and(g).for_each(|t, &g| *t = g * share);
            }
        } else {
            value += piece_value * share;
            for (t, g) in total.iter_mut().zip(gradient) {
                t.scaled_add(share, g);
            }
        }
    }
    Ok(value)
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

/// The loss and gradient for one piece of a batch (checked by the caller),
/// its products spread over `threads`, in `buffers`: the gradient is left in
/// `buffers.gradient`.
fn one_piece<F: Float>(
    layers: &[Dense<F>],
    inputs: ArrayView2<'_, F>,
    targets: ArrayView2<'_, F>,
    loss: Loss,
    mut dropout: Option<&mut dyn RngCore>,
    threads: Threads,
    buffers: &mut PieceBuffers<F>,
) -> Result<F> {
    let Some((last, hidden)) = layers.split_last() else {
        return Err(Error::EmptyNetwork {
            what: "got no layers".to_owned(),
        });
    };
    let PieceBuffers {
        outputs,
        masks,
        dropped,
        net_inputs,
        delta,
        next,
        gradient,
    } = buffers;
    outputs.resize_with(hidden.len(), empty);
    masks.resize_with(hidden.len(), || None);
    dropped.resize_with(hidden.len(), || None);
    // Forward: keep every hidden layer's outputs (before dropout, for f′) and
    // its dropout mask (if any) for the backward pass.
    for (l, layer) in hidden.iter().enumerate() {
        let (before, rest) = outputs.split_at_mut(l);
        let input = layer_input(inputs, before, dropped, l);
        let Some(output) = rest.first_mut() else {
            break;
        };
        net_input_into(layer, input, threads, output);
        layer.activation().apply_inplace(output);
        match (dropout.as_deref_mut(), masks.get_mut(l), dropped.get_mut(l)) {
            (Some(rng), Some(mask), Some(thinned)) if layer.dropout() > 0.0 => {
                let mask = reshaped(mask.get_or_insert_with(empty), output.dim());
                fill_dropout_mask(mask, layer.dropout(), rng);
                let thinned = reshaped(thinned.get_or_insert_with(empty), output.dim());
                Zip::from(thinned)
                    .and(&*output)
                    .and(&*mask)
                    .for_each(|d, &o, &m| *d = o * m);
            }
            (_, Some(mask), Some(thinned)) => {
                *mask = None;
                *thinned = None;
            }
            _ => {}
        }
    }
    let last_input = layer_input(inputs, outputs, dropped, hidden.len());
    net_input_into(last, last_input, threads, net_inputs);
    check_shape(&targets, net_inputs.nrows(), net_inputs.ncols())?;
    let (value, output_delta) = loss.value_and_delta(&*net_inputs, &targets, last.activation());
    // Copied into the buffer rather than taking its place: `delta` and `next`
    // keep the capacity of the widest layer for the next call.
    reshaped(delta, output_delta.dim()).assign(&output_delta);

    // Backward, from the last layer to the first: the weights' gradient of
    // layer l at 2l, its bias's at 2l + 1.
    gradient.resize_with(2 * layers.len(), || ArrayD::zeros(ndarray::IxDyn(&[0])));
    for (l, layer) in layers.iter().enumerate().rev() {
        let input = layer_input(inputs, outputs, dropped, l);
        if let Some(bias_gradient) = gradient.get_mut(2 * l + 1) {
            column_sums_into(delta, reshaped_dyn(bias_gradient, &[delta.ncols()]));
        }
        if let Some(weights_gradient) = gradient.get_mut(2 * l) {
            let shape = [input.ncols(), delta.ncols()];
            let weights_gradient = reshaped_dyn(weights_gradient, &shape);
            if let Ok(w) = weights_gradient.view_mut().into_dimensionality::<Ix2>() {
                matmul_into(input.t(), delta.view(), w, false, threads);
            }
        }
        if let Some(k) = l.checked_sub(1)
            && let (Some(previous), Some(output)) = (layers.get(k), outputs.get(k))
        {
            let next = reshaped(next, (delta.nrows(), layer.n_inputs()));
            matmul_into(
                delta.view(),
                layer.weights().t(),
                next.view_mut(),
                false,
                threads,
            );
            if let Some(Some(mask)) = masks.get(k) {
                *next *= mask;
            }
            previous.activation().backward_from_output(output, next);
            std::mem::swap(delta, next);
        }
    }
    Ok(value)
}

/// A layer's net inputs `H = A·W + b` for training, into `h`: the bias in
/// every row, plus the product on the matrix kernels. Within the rounding
/// bound of [`crate::kernels::matmul`] of [`Dense::net_input`].
fn net_input_into<F: Float>(
    layer: &Dense<F>,
    input: ArrayView2<'_, F>,
    threads: Threads,
    h: &mut Array2<F>,
) {
    let h = reshaped(h, (input.nrows(), layer.n_units()));
    for mut row in h.rows_mut() {
        row.assign(layer.bias());
    }
    matmul_into(input, layer.weights().view(), h.view_mut(), true, threads);
}

/// `Σ_samples δ` into `sums`: the sum of each column, row after row
/// (ndarray's `sum_axis(Axis(0))` adds the same rows in the same order, but
/// makes a new array for every row).
fn column_sums_into<F: Float>(delta: &Array2<F>, sums: &mut ArrayD<F>) {
    let Ok(mut sums) = sums.view_mut().into_dimensionality::<Ix1>() else {
        return;
    };
    sums.fill(F::zero());
    for row in delta.rows() {
        sums.zip_mut_with(&row, |sum, &d| *sum += d);
    }
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

/// Inverted dropout's mask, drawn into `mask` in row-major order: `0` with
/// probability `rate`, else `1 / (1 − rate)`.
fn fill_dropout_mask<F: Float>(mask: &mut Array2<F>, rate: f64, rng: &mut dyn RngCore) {
    let keep = 1.0 - rate;
    let scale = F::from_f64(1.0 / keep);
    for m in mask.iter_mut() {
        *m = if rng.random_bool(keep) {
            scale
        } else {
            F::zero()
        };
    }
}
