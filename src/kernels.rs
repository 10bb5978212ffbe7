//! The arithmetic kernels behind the model code, kept apart so that `neuron.rs`
//! reads like the maths.
//!
//! Every kernel sums in one fixed order whatever the memory layout of its
//! operands, so a sample gives bit-for-bit the same net input alone or in a
//! batch, in C order, Fortran order, transposed or through a stepped view.

use ndarray::{Array1, ArrayBase, ArrayView1, Axis, Data, Ix1, Ix2};

use crate::Float;

/// Lanes of independent partial sums in [`dot`]: enough for the compiler to
/// keep several multiply-adds in flight, and a fixed part of the summation order.
const LANES: usize = 4;

/// `Σ xᵢwᵢ` for two vectors of equal length.
///
/// Term `i` is added to partial sum `i mod 4`, and the partial sums are combined
/// as `(s₀ + s₁) + (s₂ + s₃)`, for contiguous and strided operands alike.
pub(crate) fn dot<F: Float>(x: ArrayView1<'_, F>, w: ArrayView1<'_, F>) -> F {
    debug_assert_eq!(x.len(), w.len());
    let mut sums = [F::zero(); LANES];
    match (x.as_slice(), w.as_slice()) {
        (Some(x), Some(w)) => {
            let (x_chunks, w_chunks) = (x.chunks_exact(LANES), w.chunks_exact(LANES));
            let (x_rest, w_rest) = (x_chunks.remainder(), w_chunks.remainder());
            for (xc, wc) in x_chunks.zip(w_chunks) {
                for ((sum, &xi), &wi) in sums.iter_mut().zip(xc).zip(wc) {
                    *sum += xi * wi;
                }
            }
            for ((sum, &xi), &wi) in sums.iter_mut().zip(x_rest).zip(w_rest) {
                *sum += xi * wi;
            }
        }
        _ => {
            for (i, (&xi, &wi)) in x.iter().zip(w.iter()).enumerate() {
                if let Some(sum) = sums.get_mut(i % LANES) {
                    *sum += xi * wi;
                }
            }
        }
    }
    let [s0, s1, s2, s3] = sums;
    (s0 + s1) + (s2 + s3)
}

/// `h = X·w + b`: one net input per row of `inputs`.
///
/// # Shapes
/// - `inputs`: `(n_samples, n_inputs)`, any layout; `weights`: `(n_inputs,)`
/// - returns: `(n_samples,)`
pub(crate) fn affine_rows<F, S>(
    inputs: &ArrayBase<S, Ix2>,
    weights: &ArrayBase<impl Data<Elem = F>, Ix1>,
    bias: F,
) -> Array1<F>
where
    F: Float,
    S: Data<Elem = F>,
{
    let weights = weights.view();
    inputs
        .axis_iter(Axis(0))
        .map(|row| dot(row, weights) + bias)
        .collect()
}
