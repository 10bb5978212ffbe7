//! Backpropagation through a stack of layers: the gradient of the loss with
//! respect to every parameter, by the chain rule, layer by layer. It knows
//! layers only through the [`Layer`] trait.

use ndarray::{ArrayD, ArrayView1, ArrayView2, ArrayViewD, Axis, Ix2, Slice, Zip};
use rand::{Rng, RngCore};

use crate::kernels::matmul::Threads;
use crate::layer::{Layer, Pass};
use crate::targets::check_shape;
use crate::workspace::{PieceBuffers, Workspace, reshaped_dyn};
use crate::{Activation, Error, Float, Loss, Result};

/// The mean loss of `layers` on a batch, and its gradient with respect to
/// every parameter, in the order of the layers' parameters (`[W₀, b₀, W₁, b₁, …]`
/// for dense layers).
///
/// Forward, each layer `l` keeps its outputs `Aₗ = f(Hₗ)` with
/// `Hₗ = layer(Aₗ₋₁)` (and `A₋₁ = X`), and its net inputs `Hₗ` too when its
/// activation's derivative needs them. Backward, starting from the loss's
/// `δ = ∂L/∂H` at the last layer, each layer turns `δₗ` into its parameters'
/// gradients and `∂L/∂Aₗ₋₁` (for a dense layer `∂L/∂Wₗ = Aₗ₋₁ᵀ·δₗ`,
/// `∂L/∂bₗ = Σ_samples δₗ`, `∂L/∂Aₗ₋₁ = δₗ·Wₗᵀ`), and the activation of the
/// layer before turns that into `δₗ₋₁ = ∂L/∂Aₗ₋₁ ⊙ f′(Hₗ₋₁)` (for a softmax,
/// its Jacobian-vector product). With `dropout` (a generator: training), each
/// hidden layer with a dropout rate `p` multiplies its outputs by a mask `M`
/// of `0` (probability `p`) and `1 / (1 − p)`, the next layer reads `Aₗ ⊙ M`,
/// and the backward pass multiplies by the same mask.
///
/// Every buffer is in `workspace`, and the gradient is left in
/// `workspace.gradient`: a second call allocates none of the activations,
/// deltas and gradients again (only the loss's `δ` of the output layer is a
/// new array), and a fresh workspace gives the same bits.
pub(crate) fn loss_and_gradient_in<F: Float, L: Layer<F>>(
    layers: &[L],
    inputs: ArrayViewD<'_, F>,
    targets: ArrayView2<'_, F>,
    loss: Loss,
    dropout: Option<&mut dyn RngCore>,
    workspace: &mut Workspace<F>,
) -> Result<F> {
    check_layers(layers, inputs.shape(), loss)?;
    let n = inputs.len_of(Axis(0));
    check_shape(&targets, n, targets.ncols())?;
    // Dropout draws its masks in one order, and a layer that mixes the
    // samples (batch statistics) needs the whole batch: one piece.
    let whole = dropout.is_some() || layers.iter().any(L::mixes_samples);
    let pieces = if whole { 1 } else { pieces_of(n) };
    let Workspace {
        gradient: total,
        pieces: buffers,
        sample_weights,
    } = workspace;
    // Weighted: each piece's loss and δ are its share of the batch's weighted mean.
    let weights = match sample_weights.as_ref() {
        Some(w) => {
            crate::sample_weights::check_length(w.view(), n)?;
            let total = w.sum();
            crate::sample_weights::check_total(total)?;
            Some((w.view(), total))
        }
        None => None,
    };
    // Buffers for as many pieces as the largest batch so far had, so that a
    // smaller batch (the last of an epoch) drops none of them.
    if buffers.len() < pieces {
        buffers.resize_with(pieces, PieceBuffers::default);
    }
    let Some(buffers) = buffers.get_mut(..pieces) else {
        return Err(Error::Empty { what: "the batch" });
    };
    if let [only] = buffers {
        let pass = Pass {
            threads: Threads::All,
        };
        let value = one_piece(layers, inputs, targets, loss, weights, dropout, &pass, only)?;
        std::mem::swap(total, &mut only.gradient);
        return Ok(value);
    }

    // Pieces of the batch, each on its own thread: the sum of their losses
    // and gradients, each weighted by its share of the batch, added in order.
    let piece = |(p, buffers): (usize, &mut PieceBuffers<F>)| {
        let rows = Slice::from(p * n / pieces..(p + 1) * n / pieces);
        let x = inputs.slice_axis(Axis(0), rows);
        let t = targets.slice_axis(Axis(0), rows);
        let (share, w) = match weights {
            Some((w, total)) => (F::one(), Some((w.slice_axis_move(Axis(0), rows), total))),
            None => (F::from_f64(x.len_of(Axis(0)) as f64 / n as f64), None),
        };
        let pass = Pass {
            threads: Threads::One,
        };
        one_piece(layers, x, t, loss, w, None, &pass, buffers).map(|value| (share, value))
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

/// The checks before a pass: layers to train, an output layer that fits the
/// loss, inputs of the shape the first reads, hidden softmaxes of two units
/// or more.
fn check_layers<F: Float, L: Layer<F>>(layers: &[L], shape: &[usize], loss: Loss) -> Result<()> {
    let Some((last, hidden)) = layers.split_last() else {
        return Err(Error::EmptyNetwork {
            what: "got no layers".to_owned(),
        });
    };
    check_output_layer(last, loss)?;
    if let Some(reads) = layers.first().and_then(L::input_shape) {
        let sample = shape.get(1..).unwrap_or(&[]);
        match (sample, reads.as_slice()) {
            ([found], [expected]) => crate::error::check_features(*found, *expected, "network")?,
            _ if sample == reads.as_slice() => {}
            _ => {
                return Err(Error::ShapeMismatch {
                    what: "a sample's shape and the one the network's first layer reads",
                    left: sample.to_vec(),
                    right: reads,
                });
            }
        }
    }
    for layer in hidden {
        if layer.activation() == Activation::Softmax {
            layer.activation().check_units(units_of(layer), "layer")?;
        }
        // A layer of one's own may say anything; a rate outside [0, 1)
        // would have no meaning (and `random_bool` would panic on it).
        let rate = layer.dropout();
        if !(rate.is_finite() && (0.0..1.0).contains(&rate)) {
            return Err(Error::InvalidSetting {
                name: "dropout",
                value: rate,
                requirement: "in [0, 1) (a layer's dropout() is the share of its outputs set to 0)",
            });
        }
    }
    // The outputs' width is checked against the targets' after the forward
    // pass, where the net inputs show it without a walk through the shapes.
    Ok(())
}

/// The units of a layer that reads vectors (what a softmax is taken over).
fn units_of<F: Float, L: Layer<F>>(layer: &L) -> usize {
    layer
        .input_shape()
        .and_then(|shape| layer.output_shape(&shape).ok())
        .and_then(|shape| shape.last().copied())
        .unwrap_or(usize::MAX)
}

/// The loss and gradient for one piece of a batch (checked by the caller),
/// its products spread over the pass's threads, in `buffers`: the gradient
/// is left in `buffers.gradient`. With `weights` (the piece's, and the total
/// of the batch's), the piece's share of the batch's weighted mean loss.
#[allow(clippy::too_many_arguments)]
fn one_piece<F: Float, L: Layer<F>>(
    layers: &[L],
    inputs: ArrayViewD<'_, F>,
    targets: ArrayView2<'_, F>,
    loss: Loss,
    weights: Option<(ArrayView1<'_, F>, F)>,
    mut dropout: Option<&mut dyn RngCore>,
    pass: &Pass,
    buffers: &mut PieceBuffers<F>,
) -> Result<F> {
    let Some((last, hidden)) = layers.split_last() else {
        return Err(Error::EmptyNetwork {
            what: "got no layers".to_owned(),
        });
    };
    let PieceBuffers {
        outputs,
        kept,
        saved,
        masks,
        dropped,
        net_inputs,
        deltas,
        gradient,
    } = buffers;
    outputs.resize_with(hidden.len(), empty);
    kept.resize_with(hidden.len(), || None);
    masks.resize_with(hidden.len(), || None);
    dropped.resize_with(hidden.len(), || None);
    saved.resize_with(layers.len(), Vec::new);
    // Forward: keep every hidden layer's outputs (before dropout), its net
    // inputs when its activation's derivative needs them, and its dropout
    // mask (if any) for the backward pass.
    for (l, layer) in hidden.iter().enumerate() {
        let (before, rest) = outputs.split_at_mut(l);
        let input = layer_input(inputs.view(), before, dropped, l);
        let (Some(output), Some(keep), Some(save)) =
            (rest.first_mut(), kept.get_mut(l), saved.get_mut(l))
        else {
            break;
        };
        layer.forward_train(input, output, save, pass)?;
        let activation = layer.activation();
        if activation.derivative_needs_net_input() {
            let h = keep.get_or_insert_with(empty);
            reshaped_dyn(h, output.shape()).assign(&*output);
        } else {
            *keep = None;
        }
        activation.apply_inplace(output);
        match (dropout.as_deref_mut(), masks.get_mut(l), dropped.get_mut(l)) {
            (Some(rng), Some(mask), Some(thinned)) if layer.dropout() > 0.0 => {
                let mask = reshaped_dyn(mask.get_or_insert_with(empty), output.shape());
                fill_dropout_mask(mask, layer.dropout(), rng);
                let thinned = reshaped_dyn(thinned.get_or_insert_with(empty), output.shape());
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
    let last_input = layer_input(inputs.view(), outputs, dropped, hidden.len());
    if let Some(save) = saved.get_mut(hidden.len()) {
        last.forward_train(last_input, net_inputs, save, pass)?;
    }
    let h = as_matrix(net_inputs)?;
    check_shape(&targets, h.nrows(), h.ncols())?;
    let (value, output_delta) = match weights {
        Some((w, total)) => crate::sample_weights::weighted_value_and_delta(
            loss,
            h,
            targets,
            last.activation(),
            w,
            total,
        ),
        None => loss.value_and_delta(&h, &targets, last.activation()),
    };
    deltas.resize_with(layers.len(), empty);
    if let Some(delta) = deltas.last_mut() {
        *delta = output_delta.into_dyn();
    }

    // Backward, from the last layer to the first: layer `l` turns its `δₗ`
    // into its parameters' gradients, in their place in the whole list, and
    // (but for the first) `∂L/∂Aₗ₋₁` in the buffer of `δₗ₋₁`, which the
    // dropout mask and the activation of layer `l − 1` then make `δₗ₋₁`.
    let count: usize = layers.iter().map(L::parameter_count).sum();
    gradient.resize_with(count, || ArrayD::zeros(ndarray::IxDyn(&[0])));
    let mut end = count;
    for (l, layer) in layers.iter().enumerate().rev() {
        let input = layer_input(inputs.view(), outputs, dropped, l);
        let start = end.saturating_sub(layer.parameter_count());
        let layer_gradient = gradient.get_mut(start..end).unwrap_or_default();
        end = start;
        let layer_saved = saved.get(l).map_or(&[][..], Vec::as_slice);
        let (before, from_l) = deltas.split_at_mut(l);
        let Some(delta) = from_l.first() else {
            break;
        };
        layer.backward(
            input,
            delta.view(),
            layer_saved,
            layer_gradient,
            before.last_mut(),
            pass,
        )?;
        let (Some(k), Some(next)) = (l.checked_sub(1), before.last_mut()) else {
            break;
        };
        // `∂L/∂Aₗ₋₁` has the shape of what layer `l` read; a layer of one's
        // own that left it unwritten, or wrote another shape, is an error.
        if let Some(output) = outputs.get(k)
            && next.shape() != output.shape()
        {
            return Err(Error::ShapeMismatch {
                what: "the ∂L/∂inputs a layer's backward wrote and the inputs it read",
                left: next.shape().to_vec(),
                right: output.shape().to_vec(),
            });
        }
        if let Some(Some(mask)) = masks.get(k) {
            *next *= mask;
        }
        if let (Some(previous), Some(output), Some(h)) =
            (layers.get(k), outputs.get(k), kept.get(k))
        {
            previous.activation().backward(h.as_ref(), output, next);
        }
    }
    Ok(value)
}

/// An empty array, which allocates nothing.
fn empty<F: Float>() -> ArrayD<F> {
    ArrayD::zeros(ndarray::IxDyn(&[0, 0]))
}

/// The net inputs of the output layer as `(n_samples, n_outputs)`.
fn as_matrix<F: Float>(h: &ArrayD<F>) -> Result<ArrayView2<'_, F>> {
    h.view()
        .into_dimensionality::<Ix2>()
        .map_err(|_| Error::ShapeMismatch {
            what: "the output layer's outputs and the (n_samples, n_outputs) a loss reads",
            left: h.shape().to_vec(),
            right: vec![2],
        })
}

/// What layer `l` reads: the inputs for the first layer, else the outputs of
/// layer `l − 1` after its dropout.
fn layer_input<'a, F: Float>(
    inputs: ArrayViewD<'a, F>,
    outputs: &'a [ArrayD<F>],
    dropped: &'a [Option<ArrayD<F>>],
    l: usize,
) -> ArrayViewD<'a, F> {
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
pub(crate) fn check_output_layer<F: Float, L: Layer<F>>(last: &L, loss: Loss) -> Result<()> {
    loss.check_activation(last.activation())?;
    if last.activation() == Activation::Softmax {
        last.activation()
            .check_units(units_of(last), "output layer")?;
    }
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
fn fill_dropout_mask<F: Float>(mask: &mut ArrayD<F>, rate: f64, rng: &mut dyn RngCore) {
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
