//! The one summation order of the kernels: every dot product is summed by
//! [`dot`] (or by the hand-written loops of `simd`, which give its bits), so a
//! sample's net input is the same bits alone or in a batch, on every path and
//! at every dispatch level; a block's losses are summed by [`sum`].
//!
//! In a dot product of length `n ≥ 2L`, the first `L·⌊n/L⌋` terms go to `L`
//! partial sums (term `i` to sum `i mod L`), which are added pairwise,
//! `(s₀ + s₁) + (s₂ + s₃)`, then pairs of pairs; the last `n mod L` terms are
//! then added one by one. Shorter rows are summed the same way with `L = 2`
//! (even and odd terms). `L` is two AVX2 registers' lanes (8 for `f64`, 16 for
//! `f32`): two independent chains of multiply-adds.
//!
//! Long rows, `n ≥ 4L`, keep four times as many partial sums: term `i` of the
//! first `L·⌊n/L⌋` goes to sum `i mod 4L`, and the four groups of `L` sums are
//! added first, `(g₀ + g₁) + (g₂ + g₃)` lane by lane, before the `L` sums are
//! combined pairwise and the tail added as above. One sample alone then has
//! four chains of multiply-adds in flight where it had one (a chain waits four
//! cycles on each multiply-add, so one chain of `n/L` of them made a long row
//! slower alone than ndarray's plain `dot`); in a batch, the rows overlap
//! anyway.
// Lanes are indexed in plain loops rather than through iterator adaptors or
// `array::from_fn`: closures do not inherit `#[target_feature]` and are not
// always inlined into the dispatched code.
#![allow(clippy::needless_range_loop)]
#![allow(clippy::indexing_slicing)] // lengths are set up by the drivers

use crate::Float;
use crate::kernels::dispatch::MulAdd;

/// The fixed pairwise sum of `L` partial sums.
#[inline(always)]
pub(crate) fn combine<F: Float, const L: usize>(mut s: [F; L]) -> F {
    let mut width = L;
    while width > 1 {
        width /= 2;
        for i in 0..width {
            s[i] = s[2 * i] + s[2 * i + 1];
        }
    }
    s[0]
}

/// `s[k] + x[k]·w[k]` for each lane: one vector instruction once compiled.
/// The sums are updated in place, not passed and returned by value: LLVM
/// carried a returned `[f32; 2]` (short rows' two sums) in one 64-bit integer
/// register, moved in and out of the vector registers on every step, which
/// took an `f32` row of 16 values three times as long as its multiply-adds.
#[inline(always)]
fn multiply_add<F: Float, M: MulAdd, const L: usize>(x: &[F; L], w: &[F; L], s: &mut [F; L]) {
    for k in 0..L {
        s[k] = M::mul_add(x[k], w[k], s[k]);
    }
}

/// `Σ xᵢwᵢ` over the common length, with `L` partial sums in the fixed order.
#[inline(always)]
fn dot_lanes<F: Float, M: MulAdd, const L: usize>(x: &[F], w: &[F]) -> F {
    let n = x.len().min(w.len());
    let (x_chunks, x_tail) = x[..n].as_chunks::<L>();
    let (w_chunks, w_tail) = w[..n].as_chunks::<L>();
    let mut s = [F::zero(); L];
    for (xc, wc) in x_chunks.iter().zip(w_chunks) {
        multiply_add::<F, M, L>(xc, wc, &mut s);
    }
    // The partial sums stay in registers: the tail is added after combining
    // them, not lane by lane (writing single lanes then reading the whole
    // register back stalls on store forwarding).
    let mut sum = combine(s);
    for (&xi, &wi) in x_tail.iter().zip(w_tail) {
        sum = M::mul_add(xi, wi, sum);
    }
    sum
}

/// `Σ xᵢwᵢ` over the common length in the long rows' order: `4L` partial sums
/// (four groups of `L`), the groups added lane by lane, then as `dot_lanes`.
#[inline(always)]
fn dot_long<F: Float, M: MulAdd, const L: usize>(x: &[F], w: &[F]) -> F {
    let n = x.len().min(w.len());
    let (x_chunks, x_tail) = x[..n].as_chunks::<L>();
    let (w_chunks, w_tail) = w[..n].as_chunks::<L>();
    let mut g = [[F::zero(); L]; 4];
    let (x_fours, x_rest) = x_chunks.as_chunks::<4>();
    let (w_fours, w_rest) = w_chunks.as_chunks::<4>();
    for (xc, wc) in x_fours.iter().zip(w_fours) {
        for k in 0..4 {
            multiply_add::<F, M, L>(&xc[k], &wc[k], &mut g[k]);
        }
    }
    for k in 0..x_rest.len().min(w_rest.len()) {
        multiply_add::<F, M, L>(&x_rest[k], &w_rest[k], &mut g[k]);
    }
    let mut s = [F::zero(); L];
    for l in 0..L {
        s[l] = (g[0][l] + g[1][l]) + (g[2][l] + g[3][l]);
    }
    let mut sum = combine(s);
    for (&xi, &wi) in x_tail.iter().zip(w_tail) {
        sum = M::mul_add(xi, wi, sum);
    }
    sum
}

/// `Σ xᵢ` with eight partial sums, combined pairwise, then the tail: eight
/// independent additions in flight instead of one chain (a plain running sum
/// of a block's 256 losses waits on each addition in turn).
#[inline(always)]
pub(crate) fn sum<F: Float>(x: &[F]) -> F {
    let (chunks, tail) = x.as_chunks::<8>();
    let mut s = [F::zero(); 8];
    for c in chunks {
        for k in 0..8 {
            s[k] += c[k];
        }
    }
    tail.iter().fold(combine(s), |total, &v| total + v)
}

/// `Σ xᵢwᵢ` in the fixed order: 8 partial sums for `f64`, 16 for `f32`
/// (four times as many from `4L` terms on).
#[inline(always)]
pub(crate) fn dot<F: Float, M: MulAdd>(x: &[F], w: &[F]) -> F {
    let n = x.len().min(w.len());
    if n < 2 * lanes::<F>() {
        // Short rows: two partial sums (even and odd terms). Combining L
        // partial sums across the lanes of a register costs more than it saves
        // here.
        dot_lanes::<F, M, 2>(x, w)
    } else if n >= long_from::<F>() {
        if lanes::<F>() == 8 {
            dot_long::<F, M, 8>(x, w)
        } else {
            dot_long::<F, M, 16>(x, w)
        }
    } else if lanes::<F>() == 8 {
        dot_lanes::<F, M, 8>(x, w)
    } else {
        dot_lanes::<F, M, 16>(x, w)
    }
}

/// The length from which a row is long (`4L`): summed in `4L` partial sums.
#[inline(always)]
pub(crate) fn long_from<F: Float>() -> usize {
    4 * lanes::<F>()
}

/// Whether rows of `d` values are read four at a time, one from each quarter
/// of a block (`block::net_inputs`): from `2L` values on, where a row has `L`
/// partial sums or more.
#[inline(always)]
pub(crate) fn in_quarters<F: Float>(d: usize) -> bool {
    d >= 2 * lanes::<F>()
}

/// `L`, the number of partial sums of a long row: 8 for `f64`, 16 for `f32`.
#[inline(always)]
pub(crate) fn lanes<F: Float>() -> usize {
    if std::mem::size_of::<F>() == 8 { 8 } else { 16 }
}
