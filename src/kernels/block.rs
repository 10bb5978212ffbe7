//! The inner loops, generic over the float type and over how multiply-add rounds
//! (`M`), and inlined into each dispatch level so that the compiler vectorises them
//! for that instruction set. Everything here works on contiguous slices: the
//! drivers in `mod.rs` copy strided inputs into a contiguous block first.
//!
//! Summation order is fixed: in a dot product, term `i` goes to partial sum
//! `i mod 16`, and the 16 partial sums are added pairwise, `(s₀ + s₁) + (s₂ + s₃)`,
//! then pairs of pairs, and so on. Every kernel that computes a dot product (one
//! row, two rows at once, two units at once) follows it, so a sample's net input
//! is the same bits whichever kernel computed it.
#![allow(clippy::indexing_slicing)] // lengths are set up by the drivers in mod.rs

use crate::kernels::dispatch::MulAdd;
use crate::kernels::math;
use crate::{Activation, Float, Loss};

/// Partial sums per dot product.
pub(crate) const LANES: usize = 16;

/// The fixed pairwise sum of the partial sums.
#[inline(always)]
fn combine<F: Float>(mut s: [F; LANES]) -> F {
    let mut width = LANES;
    while width > 1 {
        width /= 2;
        for i in 0..width {
            s[i] = s[2 * i] + s[2 * i + 1];
        }
    }
    s[0]
}

/// `Σ xᵢwᵢ` in the fixed order.
#[inline(always)]
pub(crate) fn dot<F: Float, M: MulAdd>(x: &[F], w: &[F]) -> F {
    let n = x.len().min(w.len());
    let (x, w) = (&x[..n], &w[..n]);
    match n {
        // Short rows, written out: the same order as the general case, whose
        // unused partial sums are +0 (adding +0 only turns −0 into +0).
        0 => F::zero(),
        1 => x[0] * w[0] + F::zero(),
        2 => (x[0] * w[0] + x[1] * w[1]) + F::zero(),
        3 => ((x[0] * w[0] + x[1] * w[1]) + (x[2] * w[2] + F::zero())) + F::zero(),
        4 => ((x[0] * w[0] + x[1] * w[1]) + (x[2] * w[2] + x[3] * w[3])) + F::zero(),
        _ => {
            let mut s = [F::zero(); LANES];
            let chunks = n / LANES;
            for c in 0..chunks {
                let xc = &x[c * LANES..(c + 1) * LANES];
                let wc = &w[c * LANES..(c + 1) * LANES];
                for k in 0..LANES {
                    s[k] = M::mul_add(xc[k], wc[k], s[k]);
                }
            }
            let tail = chunks * LANES;
            for k in 0..n - tail {
                s[k] = M::mul_add(x[tail + k], w[tail + k], s[k]);
            }
            combine(s)
        }
    }
}

/// Two dot products in one pass, `(x_a · w_a, x_b · w_b)`, each in the fixed
/// order: two rows against one weight vector share its loads, one row against
/// two weight vectors shares the row's. All four slices have the same length.
#[inline(always)]
pub(crate) fn dot2<F: Float, M: MulAdd>(x_a: &[F], x_b: &[F], w_a: &[F], w_b: &[F]) -> (F, F) {
    let n = x_a.len().min(x_b.len()).min(w_a.len()).min(w_b.len());
    if n <= 4 {
        return (
            dot::<F, M>(&x_a[..n], &w_a[..n]),
            dot::<F, M>(&x_b[..n], &w_b[..n]),
        );
    }
    let (x_a, x_b, w_a, w_b) = (&x_a[..n], &x_b[..n], &w_a[..n], &w_b[..n]);
    let mut s = [F::zero(); LANES];
    let mut t = [F::zero(); LANES];
    let chunks = n / LANES;
    for c in 0..chunks {
        let r = c * LANES..(c + 1) * LANES;
        let (xa, xb, wa, wb) = (&x_a[r.clone()], &x_b[r.clone()], &w_a[r.clone()], &w_b[r]);
        for k in 0..LANES {
            s[k] = M::mul_add(xa[k], wa[k], s[k]);
            t[k] = M::mul_add(xb[k], wb[k], t[k]);
        }
    }
    let tail = chunks * LANES;
    for k in 0..n - tail {
        s[k] = M::mul_add(x_a[tail + k], w_a[tail + k], s[k]);
        t[k] = M::mul_add(x_b[tail + k], w_b[tail + k], t[k]);
    }
    (combine(s), combine(t))
}

/// `out[i] = xᵢ · w + b` for the rows of a contiguous `(rows, d)` block.
#[inline(always)]
pub(crate) fn net_inputs<F: Float, M: MulAdd>(x: &[F], d: usize, w: &[F], b: F, out: &mut [F]) {
    if d == 0 {
        out.iter_mut().for_each(|h| *h = F::zero() + b);
        return;
    }
    let w = &w[..d];
    match d {
        // Small d: the row length known at compile time, so that the loop over
        // rows can be unrolled and vectorised across rows.
        1 => small_rows::<F, M, 1>(x, w, b, out),
        2 => small_rows::<F, M, 2>(x, w, b, out),
        3 => small_rows::<F, M, 3>(x, w, b, out),
        4 => small_rows::<F, M, 4>(x, w, b, out),
        // Otherwise two rows per pass: two read streams, and w loaded once for both.
        _ => {
            let mut pairs = x.chunks_exact(2 * d);
            let mut outs = out.chunks_exact_mut(2);
            for (pair, h) in (&mut pairs).zip(&mut outs) {
                let (a, b_row) = pair.split_at(d);
                let (ha, hb) = dot2::<F, M>(a, b_row, w, w);
                h[0] = ha + b;
                h[1] = hb + b;
            }
            for (h, row) in outs
                .into_remainder()
                .iter_mut()
                .zip(pairs.remainder().chunks_exact(d))
            {
                *h = dot::<F, M>(row, w) + b;
            }
        }
    }
}

/// Net inputs for rows of exactly `D ≤ 4` values: [`dot`]'s short forms.
#[inline(always)]
fn small_rows<F: Float, M: MulAdd, const D: usize>(x: &[F], w: &[F], b: F, out: &mut [F]) {
    let mut wd = [F::zero(); D];
    wd.copy_from_slice(&w[..D]);
    for (h, row) in out.iter_mut().zip(x.chunks_exact(D)) {
        *h = dot::<F, M>(row, &wd) + b;
    }
}

/// Applies the activation to every value, in place.
#[inline(always)]
pub(crate) fn activate<F: Float, M: MulAdd>(activation: Activation, values: &mut [F]) {
    match activation {
        Activation::Sigmoid => values
            .iter_mut()
            .for_each(|v| *v = F::from_f64(math::sigmoid::<M>(v.as_f64()))),
        Activation::Tanh => values
            .iter_mut()
            .for_each(|v| *v = F::from_f64(math::tanh::<M>(v.as_f64()))),
        Activation::Relu => values.iter_mut().for_each(|v| {
            if !(*v > F::zero() || v.is_nan()) {
                *v = F::zero();
            }
        }),
        Activation::Step => values.iter_mut().for_each(|v| {
            if *v >= F::zero() {
                *v = F::one();
            } else if !v.is_nan() {
                *v = F::zero();
            }
        }),
        Activation::Identity => {}
    }
}

/// Net inputs then activation for a block of rows: the block stays in cache
/// between the two steps.
#[inline(always)]
pub(crate) fn forward<F: Float, M: MulAdd>(
    x: &[F],
    d: usize,
    w: &[F],
    b: F,
    activation: Activation,
    out: &mut [F],
) {
    net_inputs::<F, M>(x, d, w, b, out);
    activate::<F, M>(activation, out);
}

/// For a block of rows: the loss summed over the rows, and `Σᵢ δᵢ·xᵢ` and `Σᵢ δᵢ`
/// added into `grad_w` and `grad_b`, with `δᵢ = ∂(loss of row i)/∂hᵢ`. The caller
/// divides by the number of samples. `h` is scratch of the block's length.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn loss_gradient<F: Float, M: MulAdd>(
    x: &[F],
    d: usize,
    w: &[F],
    b: F,
    targets: &[F],
    loss: Loss,
    activation: Activation,
    h: &mut [F],
    grad_w: &mut [F],
    grad_b: &mut F,
) -> F {
    net_inputs::<F, M>(x, d, w, b, h);
    let mut loss_sum = F::zero();
    // δ overwrites h, row by row, after the row's loss is taken.
    match (loss, activation) {
        (Loss::BinaryCrossEntropy, _) => {
            for (hi, &t) in h.iter_mut().zip(targets) {
                let hv = hi.as_f64();
                let tv = t.as_f64();
                loss_sum += F::from_f64(hv.max(0.0) - tv * hv + math::ln_1p_exp_neg_abs::<M>(hv));
                *hi = F::from_f64(math::sigmoid::<M>(hv)) - t;
            }
        }
        (Loss::MeanSquaredError, _) => {
            let two = F::from_f64(2.0);
            for (hi, &t) in h.iter_mut().zip(targets) {
                let mut y = [*hi];
                activate::<F, M>(activation, &mut y);
                let r = y[0] - t;
                loss_sum += r * r;
                *hi = two * r * activation.derivative_from_output(y[0]);
            }
        }
    }
    for (row, &delta) in x.chunks_exact(d.max(1)).zip(h.iter()) {
        for (g, &xj) in grad_w.iter_mut().zip(row) {
            *g = M::mul_add(delta, xj, *g);
        }
        *grad_b += delta;
    }
    if d == 0 {
        *grad_b += h.iter().fold(F::zero(), |s, &v| s + v);
    }
    loss_sum
}

/// Dense layer net inputs for a block of rows: `out[i, j] = xᵢ · W[:, j] + b[j]`,
/// with `wt` the transposed weights (one contiguous row of `d` per unit), two
/// units per pass. `out` is `(rows, units)`, row-major.
#[inline(always)]
pub(crate) fn dense_net_inputs<F: Float, M: MulAdd>(
    x: &[F],
    d: usize,
    wt: &[F],
    bias: &[F],
    out: &mut [F],
) {
    let units = bias.len();
    if units == 0 {
        return;
    }
    if d == 0 {
        for row_out in out.chunks_exact_mut(units) {
            for (o, &b) in row_out.iter_mut().zip(bias) {
                *o = F::zero() + b;
            }
        }
        return;
    }
    for (row, row_out) in x.chunks_exact(d).zip(out.chunks_exact_mut(units)) {
        let mut j = 0;
        while j + 2 <= units {
            let (wa, wb) = (&wt[j * d..(j + 1) * d], &wt[(j + 1) * d..(j + 2) * d]);
            let (ha, hb) = dot2::<F, M>(row, row, wa, wb);
            row_out[j] = ha + bias[j];
            row_out[j + 1] = hb + bias[j + 1];
            j += 2;
        }
        if j < units {
            row_out[j] = dot::<F, M>(row, &wt[j * d..(j + 1) * d]) + bias[j];
        }
    }
}
