//! The inner loops, generic over the float type and over how multiply-add rounds
//! (`M`), and inlined into each dispatch level so that the compiler vectorises them
//! for that instruction set. Everything here works on contiguous slices: the
//! drivers copy strided inputs into a contiguous block first (see `schedule`).
//! Every dot product here is summed in the one order of `order`.
// Lanes are indexed in plain loops rather than through iterator adaptors or
// `array::from_fn`: closures do not inherit `#[target_feature]` and are not
// always inlined into the dispatched code.
#![allow(clippy::needless_range_loop)]
#![allow(clippy::indexing_slicing)] // lengths are set up by the drivers

use std::mem::MaybeUninit;

use crate::kernels::dispatch::MulAdd;
use crate::kernels::math;
use crate::kernels::order::{dot, in_quarters, lanes, sum};
use crate::kernels::simd::SimdFloat;
use crate::{Activation, Float};

/// Values seen as memory that kernels only write: the view that
/// [`net_inputs`] and [`forward`] take, so that a new output buffer need not
/// be zeroed before they overwrite it.
///
/// # Safety
/// Only initialised values may be written through the result (never
/// `MaybeUninit::uninit()`), so that `values` stays initialised.
#[inline(always)]
pub(crate) unsafe fn as_written<F>(values: &mut [F]) -> &mut [MaybeUninit<F>] {
    // SAFETY: `MaybeUninit<F>` has the size, alignment and layout of `F`; the
    // caller writes only initialised values through the result.
    unsafe { &mut *(values as *mut [F] as *mut [MaybeUninit<F>]) }
}

/// Memory that has been written through, seen as values again.
///
/// # Safety
/// Every value of `values` has been written.
#[inline(always)]
pub(crate) unsafe fn assume_written<F>(values: &mut [MaybeUninit<F>]) -> &mut [F] {
    // SAFETY: `MaybeUninit<F>` has the size, alignment and layout of `F`, and
    // the caller wrote every value.
    unsafe { &mut *(values as *mut [MaybeUninit<F>] as *mut [F]) }
}

/// `out[i] = xᵢ · w + b` for the rows of a contiguous `(rows, d)` block:
/// writes every value of `out` (one per row), reads none.
#[inline(always)]
pub(crate) fn net_inputs<F: Float, M: MulAdd>(
    x: &[F],
    d: usize,
    w: &[F],
    b: F,
    out: &mut [MaybeUninit<F>],
) {
    // One value per row; any value past the rows is written too (NaN), so
    // that every value of `out` is written whatever the lengths.
    let rows = x.len().checked_div(d).unwrap_or(out.len());
    let (out, past_the_rows) = out.split_at_mut(rows.min(out.len()));
    past_the_rows.iter_mut().for_each(|h| {
        h.write(F::nan());
    });
    if d == 0 {
        out.iter_mut().for_each(|h| {
            h.write(F::zero() + b);
        });
        return;
    }
    let w = &w[..d];
    match d {
        // Small d: the row length known at compile time, so that the loop over
        // rows unrolls.
        1 => small_rows::<F, M, 1>(x, w, b, out),
        2 => small_rows::<F, M, 2>(x, w, b, out),
        3 => small_rows::<F, M, 3>(x, w, b, out),
        4 => small_rows::<F, M, 4>(x, w, b, out),
        // Rows of 2L values or more: four rows per pass, so four independent
        // chains of multiply-adds and each chunk of w loaded once for all
        // four. The block is cut in four quarters, one read stream each, every
        // stream going through its quarter's rows in order: the hardware
        // prefetcher then follows four long streams (four *neighbouring* rows
        // per pass would make four short streams that keep restarting).
        _ if in_quarters::<F>(d) => {
            let q = out.len() / 4;
            let (x_quarters, x_rest) = x.split_at(4 * q * d);
            let (out_quarters, out_rest) = out.split_at_mut(4 * q);
            let (x0, x123) = x_quarters.split_at(q * d);
            let (x1, x23) = x123.split_at(q * d);
            let (x2, x3) = x23.split_at(q * d);
            let (o0, o123) = out_quarters.split_at_mut(q);
            let (o1, o23) = o123.split_at_mut(q);
            let (o2, o3) = o23.split_at_mut(q);
            // Long rows: the level's own loop over the quarters, where it has
            // one; else four rows at a time here.
            let outs = [&mut *o0, &mut *o1, &mut *o2, &mut *o3];
            if !F::quarters::<M>([x0, x1, x2, x3], w, b, outs) {
                let rows = x0.chunks_exact(d).zip(x1.chunks_exact(d));
                let rows = rows.zip(x2.chunks_exact(d)).zip(x3.chunks_exact(d));
                let outs = o0.iter_mut().zip(o1.iter_mut());
                let outs = outs.zip(o2.iter_mut()).zip(o3.iter_mut());
                for ((((r0, r1), r2), r3), (((h0, h1), h2), h3)) in rows.zip(outs) {
                    let [s0, s1, s2, s3] = F::dot4::<M>([r0, r1, r2, r3], w);
                    h0.write(s0 + b);
                    h1.write(s1 + b);
                    h2.write(s2 + b);
                    h3.write(s3 + b);
                }
            }
            for (h, row) in out_rest.iter_mut().zip(x_rest.chunks_exact(d)) {
                h.write(F::dot_row::<M>(row, w) + b);
            }
        }
        // Short rows, with two partial sums each (see `dot`): four rows at a
        // time, so that eight chains of multiply-adds are in flight; on
        // AVX-512, whole registers of rows first (`wide_rows`).
        _ => {
            let done = if M::WIDE && out.len() >= lanes::<F>() {
                F::short_rows_wide(x, d, w, b, out).unwrap_or(0)
            } else {
                0
            };
            let (x, out) = (&x[done * d..], &mut out[done..]);
            let mut outs = out.chunks_exact_mut(4);
            let mut groups = x.chunks_exact(4 * d);
            let pairs = d / 2;
            for (h4, group) in outs.by_ref().zip(groups.by_ref()) {
                let (x0, rest) = group.split_at(d);
                let (x1, rest) = rest.split_at(d);
                let (x2, x3) = rest.split_at(d);
                let rows = [x0, x1, x2, x3];
                let mut even = [F::zero(); 4];
                let mut odd = [F::zero(); 4];
                for k in 0..pairs {
                    let (w0, w1) = (w[2 * k], w[2 * k + 1]);
                    for r in 0..4 {
                        even[r] = M::mul_add(rows[r][2 * k], w0, even[r]);
                        odd[r] = M::mul_add(rows[r][2 * k + 1], w1, odd[r]);
                    }
                }
                let mut sums = [F::zero(); 4];
                for r in 0..4 {
                    sums[r] = even[r] + odd[r];
                }
                if d % 2 == 1 {
                    let wl = w[d - 1];
                    for r in 0..4 {
                        sums[r] = M::mul_add(rows[r][d - 1], wl, sums[r]);
                    }
                }
                for (h, sum) in h4.iter_mut().zip(sums) {
                    h.write(sum + b);
                }
            }
            let rest = groups.remainder().chunks_exact(d);
            for (h, row) in outs.into_remainder().iter_mut().zip(rest) {
                h.write(dot::<F, M>(row, w) + b);
            }
        }
    }
}

/// Net inputs for rows of exactly `D ≤ 4` values.
#[inline(always)]
fn small_rows<F: Float, M: MulAdd, const D: usize>(
    x: &[F],
    w: &[F],
    b: F,
    out: &mut [MaybeUninit<F>],
) {
    let mut wd = [F::zero(); D];
    wd.copy_from_slice(&w[..D]);
    for (h, row) in out.iter_mut().zip(x.chunks_exact(D)) {
        h.write(dot::<F, M>(row, &wd) + b);
    }
}

/// Applies the activation to every value, in place.
///
/// Not recursive, and no closures in its loops: `activate` is inlined into
/// each dispatch level's function, whose target features a function called
/// out of line would not have (a recursive function is never inlined; out of
/// line, this would run as plain SSE2 with every fused multiply-add a library
/// call).
#[inline(always)]
pub(crate) fn activate<F: Float, M: MulAdd>(activation: Activation, values: &mut [F]) {
    match activation {
        Activation::Sigmoid => sigmoid::<F, M, false>(values),
        // f32 in f32 arithmetic (exact conversions: F is f32 there).
        Activation::Tanh if std::mem::size_of::<F>() == 4 => {
            for v in values.iter_mut() {
                *v = F::from_f64(f64::from(math::tanh_f32::<M>(v.as_f64() as f32)));
            }
        }
        Activation::Tanh => {
            for v in values.iter_mut() {
                *v = F::from_f64(math::tanh::<M>(v.as_f64()));
            }
        }
        Activation::Relu => {
            for v in values.iter_mut() {
                if !(*v > F::zero() || v.is_nan()) {
                    *v = F::zero();
                }
            }
        }
        Activation::Step => {
            for v in values.iter_mut() {
                if *v >= F::zero() {
                    *v = F::one();
                } else if !v.is_nan() {
                    *v = F::zero();
                }
            }
        }
        Activation::Identity => {}
        // Not elementwise: the model code applies the softmax to whole rows and
        // never hands it to this kernel; NaN would mark such a mistake.
        Activation::Softmax => values.fill(F::nan()),
        // h·σ(h) (`Activation::formula`'s statement), with this level's
        // sigmoid, in one pass.
        Activation::Silu => sigmoid::<F, M, true>(values),
        // Their formulas, written once in `Activation::formula`; one loop
        // for each, so that each vectorises without a match per value.
        Activation::Gelu => by_formula::<F, M>(Activation::Gelu, values),
        Activation::LeakyRelu => by_formula::<F, M>(Activation::LeakyRelu, values),
        Activation::Elu => by_formula::<F, M>(Activation::Elu, values),
    }
}

/// `Activation::formula` applied to every value, in place; inlined with
/// `activation` a constant, so that the loop is that activation's alone.
#[inline(always)]
fn by_formula<F: Float, M: MulAdd>(activation: Activation, values: &mut [F]) {
    for v in values.iter_mut() {
        *v = activation.formula::<F, M>(*v);
    }
}

/// The sigmoid of every value, in place, as this level computes it; with
/// `TIMES_H`, `h·σ(h)` (SiLU), the same sigmoid times the net input.
#[inline(always)]
fn sigmoid<F: Float, M: MulAdd, const TIMES_H: bool>(values: &mut [F]) {
    if M::WIDE && values.len() < WIDE_MIN {
        // The AVX-512 level's own sigmoid: a few values one by one (the
        // vector kernel's set-up would cost more than they do), more in
        // registers; the same bits either way.
        for v in values.iter_mut() {
            // `black_box` keeps the compiler from vectorising this short
            // loop, with gathers for the table, which cost more than it.
            let h = std::hint::black_box(*v);
            let y = F::sigmoid_by_table::<M>(h);
            *v = if TIMES_H { h * y } else { y };
        }
        return;
    }
    if M::WIDE && F::sigmoid_wide(values, &[], TIMES_H) {
        return;
    }
    if std::mem::size_of::<F>() == 4 {
        // f32 in f32 arithmetic (exact conversions: F is f32 here).
        for v in values.iter_mut() {
            let y = F::from_f64(f64::from(math::sigmoid_f32::<M>(v.as_f64() as f32)));
            *v = if TIMES_H { *v * y } else { y };
        }
    } else {
        for v in values.iter_mut() {
            let y = F::from_f64(math::sigmoid::<M>(v.as_f64()));
            *v = if TIMES_H { *v * y } else { y };
        }
    }
}

/// Batches of fewer values than this take the AVX-512 level's sigmoid value by
/// value rather than in registers.
const WIDE_MIN: usize = 4;

/// Net inputs then activation for a block of rows: the block stays in cache
/// between the two steps. `next` is (the start of) the following block, to
/// prefetch. Writes every value of `out` (one per row), reads none.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn forward<F: Float, M: MulAdd>(
    x: &[F],
    d: usize,
    w: &[F],
    b: F,
    activation: Activation,
    out: &mut [MaybeUninit<F>],
    next: &[F],
) {
    net_inputs::<F, M>(x, d, w, b, out);
    // SAFETY: `net_inputs` wrote every value of `out`.
    let out = unsafe { assume_written(out) };
    if M::WIDE && activation == Activation::Sigmoid && F::sigmoid_wide(out, next, false) {
        // AVX-512's sigmoid, which prefetches `next` itself.
        return;
    }
    // The next block's rows start loading while this block's activation is
    // computed: a slice of them before each part of 64 outputs, so that the
    // loads are spread over the work instead of coming in one burst.
    if next.is_empty() {
        // Nothing to prefetch (a small or last block): no parts, and none of
        // their divisions, which a one-sample call would notice.
        activate::<F, M>(activation, out);
        return;
    }
    let parts = out.len().div_ceil(FORWARD_PREFETCH_PART);
    for (k, part) in out.chunks_mut(FORWARD_PREFETCH_PART).enumerate() {
        super::prefetch::prefetch(nth_part(next, k, parts));
        activate::<F, M>(activation, part);
    }
}

/// Outputs per slice of prefetching in `forward`.
const FORWARD_PREFETCH_PART: usize = 64;
/// Rows per slice of prefetching in `loss_gradient`.
const LOSS_PREFETCH_PART: usize = 16;

/// Part `k` of `values` cut into `parts` nearly equal consecutive slices.
#[inline(always)]
fn nth_part<F>(values: &[F], k: usize, parts: usize) -> &[F] {
    let len = values.len().div_ceil(parts.max(1));
    let from = (k * len).min(values.len());
    &values[from..(from + len).min(values.len())]
}

/// Per-row cross-entropy from the net input, and δ = σ(h) − t over `h`.
#[inline(always)]
pub(crate) fn bce_rows<F: Float, M: MulAdd>(h: &mut [F], losses: &mut [F], targets: &[F]) {
    if M::WIDE && bce_by_table::<F, M>(h, losses, targets, &[]) {
        return;
    }
    // AVX2, f32: the same table model in 256-bit registers.
    if F::bce_avx2::<M>(h, losses, targets, &[]) {
        return;
    }
    for ((hi, li), &t) in h.iter_mut().zip(losses.iter_mut()).zip(targets) {
        let hv = hi.as_f64();
        let e = math::exp::<M>(-hv.abs());
        // σ(h) = 1/(1 + e) for h ≥ 0, e/(1 + e) for h < 0, with e = e^{−|h|};
        // loss = max(h, 0) − t·h + ln(1 + e). One division for both: 1/(1 + e).
        let y = 1.0 + e;
        let inv_y = 1.0 / y;
        let sigma = if hv >= 0.0 { 1.0 } else { e } * inv_y;
        let ln_1p_e = math::ln_1p_unit_with::<M>(e, y, inv_y);
        let t64 = t.as_f64();
        // At h = ±∞, max(h, 0) − t·h is ∞ − ∞; its limit is (1 − t)·h for
        // h = +∞ and −t·h for h = −∞: 0 where that factor is 0, else ±∞.
        let linear = if hv.is_infinite() {
            let factor = if hv > 0.0 { 1.0 - t64 } else { -t64 };
            if factor == 0.0 { 0.0 } else { factor * hv }
        } else {
            hv.max(0.0) - t64 * hv
        };
        *li = F::from_f64(linear + ln_1p_e);
        *hi = F::from_f64(sigma) - t;
    }
}

/// The AVX-512 level's cross-entropy (`kernels::bce_table`): a few rows one
/// by one, more in registers (prefetching `next` meanwhile); the same bits
/// either way. Returns whether it ran (not where the processor lacks AVX-512).
#[inline(always)]
fn bce_by_table<F: Float, M: MulAdd>(
    h: &mut [F],
    losses: &mut [F],
    targets: &[F],
    next: &[F],
) -> bool {
    if h.len() >= WIDE_MIN {
        return F::bce_wide(h, losses, targets, next);
    }
    for ((hi, li), &t) in h.iter_mut().zip(losses.iter_mut()).zip(targets) {
        // `black_box`, as in `sigmoid`: no gathers for a few values.
        let (loss, delta) = F::bce_by_table::<M>(std::hint::black_box(*hi), t);
        (*li, *hi) = (loss, delta);
    }
    true
}

/// Per-row squared error of `f(h)`, and δ = 2(y − t)·f′ over `h`.
#[inline(always)]
fn mse_rows<F: Float, M: MulAdd>(
    activation: Activation,
    h: &mut [F],
    losses: &mut [F],
    targets: &[F],
) {
    losses.copy_from_slice(h);
    activate::<F, M>(activation, losses);
    let two = F::from_f64(2.0);
    for ((hi, li), &t) in h.iter_mut().zip(losses.iter_mut()).zip(targets) {
        let y = *li;
        let r = y - t;
        *li = r * r;
        *hi = two * r * activation.derivative_at(*hi, y);
    }
}

/// What the training kernels compute for each row, from its net input `h`,
/// its output `y = f(h)` and its target `t`: a row's loss and `δ = ∂loss/∂h`.
/// The model code maps its loss to this (`Loss::row_loss`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowLoss {
    /// `max(h, 0) − t·h + ln(1 + e^{−|h|})`, the cross-entropy of `σ(h)` against
    /// `t` in its log-sigmoid form, and `δ = σ(h) − t` (the activation is a sigmoid).
    BinaryCrossEntropy,
    /// `(y − t)²`, and `δ = 2(y − t)·f′(h)`.
    SquaredError,
}

/// For a block of rows: the loss summed over the rows, and `Σᵢ δᵢ·xᵢ` and `Σᵢ δᵢ`
/// added into `grad_w` and `grad_b`, with `δᵢ = ∂(loss of row i)/∂hᵢ`. The caller
/// divides by the number of samples. `h` and `losses` are scratch of (at least)
/// the block's length.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn loss_gradient<F: Float, M: MulAdd>(
    x: &[F],
    d: usize,
    w: &[F],
    b: F,
    targets: &[F],
    row_loss: RowLoss,
    activation: Activation,
    h: &mut [F],
    losses: &mut [F],
    grad_w: &mut [F],
    grad_b: &mut F,
    next: &[F],
) -> F {
    // AVX-512, short rows, the cross-entropy: whole registers of rows in one
    // pass (`wide_epoch`), the last few rows below. Each row's loss, δ and net
    // input are the bits the separate kernels give; the gradient is summed in
    // that kernel's order.
    let n = h.len().min(losses.len());
    let fused =
        if M::WIDE && row_loss == RowLoss::BinaryCrossEntropy && (2..2 * lanes::<F>()).contains(&d)
        {
            let (l, h) = (&mut losses[..n], &mut h[..n]);
            F::bce_block_wide(x, d, w, b, targets, l, h, grad_w, grad_b, next)
                .unwrap_or(0)
                .min(n)
        } else {
            0
        };
    let (x, targets) = (
        &x[(fused * d).min(x.len())..],
        &targets[fused.min(targets.len())..],
    );
    let (all_losses, h) = (losses, &mut h[fused..n]);
    // SAFETY: `net_inputs` writes only values.
    net_inputs::<F, M>(x, d, w, b, unsafe { as_written(h) });
    // δ overwrites h, row by row, after the row's loss is taken.
    // Per-row losses into `losses` and δ over `h`, in loops without a running
    // sum, so that they vectorise; the losses are summed afterwards.
    let losses = &mut all_losses[fused..n];
    match row_loss {
        // AVX-512: the table kernel, which prefetches `next` itself.
        RowLoss::BinaryCrossEntropy
            if M::WIDE && bce_by_table::<F, M>(h, losses, targets, next) => {}
        // AVX2, f32: the same model in 256-bit registers, prefetching `next` too.
        RowLoss::BinaryCrossEntropy if F::bce_avx2::<M>(h, losses, targets, next) => {}
        RowLoss::BinaryCrossEntropy if next.is_empty() => bce_rows::<F, M>(h, losses, targets),
        RowLoss::BinaryCrossEntropy => {
            // In parts, each after a slice of the next block's prefetch (see
            // `forward`).
            let parts = h.len().div_ceil(LOSS_PREFETCH_PART);
            let part_rows = h
                .chunks_mut(LOSS_PREFETCH_PART)
                .zip(losses.chunks_mut(LOSS_PREFETCH_PART))
                .zip(targets.chunks(LOSS_PREFETCH_PART));
            for (k, ((h, losses), targets)) in part_rows.enumerate() {
                super::prefetch::prefetch(nth_part(next, k, parts));
                bce_rows::<F, M>(h, losses, targets);
            }
        }
        RowLoss::SquaredError => {
            super::prefetch::prefetch(next);
            mse_rows::<F, M>(activation, h, losses, targets);
        }
    }
    // Σᵢ δᵢ·xᵢ four rows at a time: (δ₀x₀ + δ₁x₁) + (δ₂x₂ + δ₃x₃) is added to
    // the running gradient once, so the chain through memory (load, add,
    // store, next rows' load) is taken once per four rows, not once per row.
    let grad_w = &mut grad_w[..d];
    // Short rows: whole registers of rows first where the level has a
    // kernel for them (AVX-512's `wide_rows`, AVX2's f32 `avx2_gradient`).
    let done = if (2..2 * lanes::<F>()).contains(&d) {
        F::gradient_short_rows::<M>(x, d, h, grad_w, grad_b).unwrap_or(0)
    } else {
        0
    };
    let (x, h) = (&x[done * d..], &h[done..]);
    let mut rows = x.chunks_exact(d.max(1));
    let mut deltas = h.chunks_exact(4);
    for delta in deltas.by_ref() {
        let (Some(x0), Some(x1), Some(x2), Some(x3)) =
            (rows.next(), rows.next(), rows.next(), rows.next())
        else {
            break;
        };
        for ((((g, &a), &b), &c), &e) in grad_w.iter_mut().zip(x0).zip(x1).zip(x2).zip(x3) {
            let first = M::mul_add(delta[1], b, delta[0] * a);
            let second = M::mul_add(delta[3], e, delta[2] * c);
            *g += first + second;
        }
        *grad_b += (delta[0] + delta[1]) + (delta[2] + delta[3]);
    }
    for (row, &delta) in rows.zip(deltas.remainder()) {
        for (g, &xj) in grad_w.iter_mut().zip(row) {
            *g = M::mul_add(delta, xj, *g);
        }
        *grad_b += delta;
    }
    if d == 0 {
        *grad_b += h.iter().fold(F::zero(), |s, &v| s + v);
    }
    sum::<F>(&all_losses[..n])
}
