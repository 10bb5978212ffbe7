//! What training needs from a neuron: its loss and gradient over a batch in one
//! pass over the inputs, and the binary cross-entropy of net inputs.

use ndarray::{Array1, ArrayView1, ArrayView2};

use super::block::{RowLoss, bce_rows, loss_gradient as block_loss_gradient};
use super::dispatch::{self, dispatched};
use super::schedule::{BLOCK_ROWS, chunk_rows, contiguous, for_each_block};
use crate::{Activation, Float};

dispatched! {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn loss_gradient_block<F>(
        x: &[F], d: usize, w: &[F], b: F, targets: &[F], row_loss: RowLoss, activation: Activation,
        h: &mut [F], losses: &mut [F], grad_w: &mut [F], grad_b: &mut F, next: &[F],
    ) -> F = block_loss_gradient;
}
dispatched! {
    pub(super) fn bce_slice<F>(h: &mut [F], losses: &mut [F], targets: &[F]) = bce_rows;
}

/// The summed loss over all rows, `Σᵢ δᵢ·xᵢ` and `Σᵢ δᵢ`, in one pass over `x`.
/// Sums are taken per chunk of `chunk_rows(d)` rows and combined in chunk
/// order, so the result does not depend on the number of threads.
///
/// # Shapes
/// - `x`: `(n, d)`; `w`: `(d,)`; `targets`: `(n,)`
pub(crate) fn neuron_loss_gradient<F: Float>(
    x: ArrayView2<'_, F>,
    w: ArrayView1<'_, F>,
    b: F,
    targets: ArrayView1<'_, F>,
    row_loss: RowLoss,
    activation: Activation,
) -> (F, Array1<F>, F) {
    let (n, d) = x.dim();
    let w = contiguous(w);
    let level = dispatch::detected();
    let rows_per_chunk = chunk_rows(d);
    let n_chunks = n.div_ceil(rows_per_chunk);
    let chunk_sums = |c: usize| -> (F, Vec<F>, F) {
        let first = c * rows_per_chunk;
        let last = (first + rows_per_chunk).min(n);
        let rows = x.slice(ndarray::s![first..last, ..]);
        let t = contiguous(targets.slice(ndarray::s![first..last]));
        let mut grad_w = vec![F::zero(); d];
        let mut grad_b = F::zero();
        let mut loss_sum = F::zero();
        if d == 0 {
            // No inputs: h = b for every row, one block.
            let mut h = vec![F::zero(); last - first];
            let mut losses = vec![F::zero(); last - first];
            loss_sum += loss_gradient_block(
                level,
                &[],
                0,
                &w,
                b,
                &t,
                row_loss,
                activation,
                &mut h,
                &mut losses,
                &mut grad_w,
                &mut grad_b,
                &[],
            );
            return (loss_sum, grad_w, grad_b);
        }
        let mut h = [F::zero(); BLOCK_ROWS];
        let mut losses = [F::zero(); BLOCK_ROWS];
        let mut scratch = Vec::new();
        for_each_block(rows, &mut scratch, |start, block, next| {
            let m = block.len() / d;
            loss_sum += loss_gradient_block(
                level,
                block,
                d,
                &w,
                b,
                &t[start..start + m],
                row_loss,
                activation,
                &mut h[..m],
                &mut losses,
                &mut grad_w,
                &mut grad_b,
                next,
            );
        });
        (loss_sum, grad_w, grad_b)
    };

    #[cfg(feature = "rayon")]
    let partials: Vec<(F, Vec<F>, F)> = {
        use rayon::prelude::*;
        if super::schedule::parallel_for(n, d) {
            (0..n_chunks).into_par_iter().map(chunk_sums).collect()
        } else {
            (0..n_chunks).map(chunk_sums).collect()
        }
    };
    #[cfg(not(feature = "rayon"))]
    let partials: Vec<(F, Vec<F>, F)> = (0..n_chunks).map(chunk_sums).collect();

    let mut loss_sum = F::zero();
    let mut grad_w = Array1::zeros(d);
    let mut grad_b = F::zero();
    for (l, g, gb) in partials {
        loss_sum += l;
        grad_w.iter_mut().zip(&g).for_each(|(a, &v)| *a += v);
        grad_b += gb;
    }
    (loss_sum, grad_w, grad_b)
}

/// Binary cross-entropy from net inputs, value by value, by the training
/// kernel's formula: `losses[i]` becomes the loss of `h[i]` against
/// `targets[i]`, and `h[i]` becomes `δ = σ(h) − t` (not yet divided by `N`).
///
/// # Shapes
/// - `h`, `losses`, `targets`: the same length
pub(crate) fn binary_cross_entropy<F: Float>(h: &mut [F], losses: &mut [F], targets: &[F]) {
    bce_slice(dispatch::detected(), h, losses, targets);
}
