//! The forward pass: a neuron's `y = f(x · w + b)` for every row of a batch,
//! one sample's dot product, and a layer's `Y = f(X·W + b)`.
//!
//! A neuron's batch takes one of a few paths (one sample, a few rows, one
//! block, chunks over threads, …). [`Path::choose`] picks it from the batch's
//! shape and layout, and [`run`] runs it; every path gives each row the same
//! bits, because every row's dot product is summed in the one order of `order`.

use std::mem::MaybeUninit;

use ndarray::{ArrayView1, ArrayView2};

use super::activate::activate;
use super::block::{
    activate as block_activate, as_written, assume_written, forward as block_forward,
    net_inputs as block_net_inputs,
};
use super::buffer::{for_each_chunk, new_by_chunks};
use super::dispatch::{self, MulAdd, dispatched};
use super::matmul;
use super::order::in_quarters;
use super::schedule::{
    BLOCK_ROWS, SMALL_BATCH, contiguous, dense_chunk_rows, for_each_block, forward_chunk_rows,
    parallel_for,
};
use super::simd::SimdFloat;
use crate::{Activation, Float};

dispatched! {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn forward_block<F>(x: &[F], d: usize, w: &[F], b: F, activation: Activation, out: &mut [MaybeUninit<F>], next: &[F]) = block_forward;
}
dispatched! {
    pub(super) fn net_inputs_block<F>(x: &[F], d: usize, w: &[F], b: F, out: &mut [MaybeUninit<F>]) = block_net_inputs;
}
dispatched! {
    pub(super) fn one_row<F>(x: &[F], w: &[F], b: F, activation: Option<Activation>) -> F = one_row_entry;
}
dispatched! {
    pub(super) fn few_rows<F>(x: &[F], d: usize, w: &[F], b: F, activation: Option<Activation>, out: &mut [F]) = few_rows_entry;
}
dispatched! {
    pub(super) fn dot_slices<F>(x: &[F], w: &[F]) -> F = row_dot;
}

/// `x · w` in the one order of `order` (long rows by `long_rows`' loops).
#[inline(always)]
fn row_dot<F: Float, M: MulAdd>(x: &[F], w: &[F]) -> F {
    F::dot_row::<M>(x, w)
}

/// One sample, `f(x · w + b)`: the same arithmetic as a row of `forward_block`
/// (its dot product and its activation), without the block's loops.
#[inline(always)]
fn one_row_entry<F: Float, M: MulAdd>(x: &[F], w: &[F], b: F, activation: Option<Activation>) -> F {
    let mut y = [F::zero()];
    few_rows_entry::<F, M>(x, x.len(), w, b, activation, &mut y);
    y[0]
}

/// A few samples (fewer than the four rows a block pass takes at once): each
/// row as [`one_row_entry`] computes it, in one call.
#[inline(always)]
fn few_rows_entry<F: Float, M: MulAdd>(
    x: &[F],
    d: usize,
    w: &[F],
    b: F,
    activation: Option<Activation>,
    out: &mut [F],
) {
    for (i, y) in out.iter_mut().enumerate() {
        *y = F::dot_row::<M>(&x[i * d..(i + 1) * d], w) + b;
    }
    if let Some(f) = activation {
        block_activate::<F, M>(f, out);
    }
}

/// How a neuron computes a batch of `n` rows of `d` values: chosen by
/// [`Path::choose`] from the batch's shape and layout alone, run by [`run`].
/// The paths differ in the loops and buffers around the arithmetic, never in
/// a row's bits.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Path<'a, F> {
    /// No inputs (`d = 0`): every net input is the bias; no dot products.
    Bias,
    /// One sample whose row is contiguous: its dot product and activation in
    /// one dispatched call, because a block's loops cost a single sample more
    /// than its arithmetic.
    OneRow(&'a [F]),
    /// At most three samples in standard layout: each row as `OneRow` computes
    /// it, in one dispatched call, because a block's loops take four rows at once.
    FewRows(&'a [F]),
    /// At most `BLOCK_ROWS` samples in standard layout: one block kernel call
    /// on the inputs where they are, on the calling thread (one block is too
    /// little work to pay for chunks or threads).
    OneBlock(&'a [F]),
    /// At most `BLOCK_ROWS` samples in any other layout: one block, copied into
    /// contiguous scratch first, on the calling thread.
    CopiedBlock,
    /// More than `BLOCK_ROWS` samples: chunks of `forward_chunk_rows(d)` rows,
    /// each cut into blocks (copied when strided; rows read in quarters, in
    /// standard layout, are one block per chunk); the chunks run on threads when
    /// `parallel`, because the batch is large enough to pay for them.
    Chunks { parallel: bool },
}

impl<'a, F: Float> Path<'a, F> {
    /// The path for the rows of `x`: by its shape `(n, d)` and whether it is in
    /// standard layout (one row-major slice).
    fn choose(x: ArrayView2<'a, F>) -> Self {
        let (n, d) = x.dim();
        match x.to_slice() {
            _ if d == 0 => Path::Bias,
            Some(row) if n == 1 => Path::OneRow(row),
            Some(rows) if n < 4 => Path::FewRows(rows),
            Some(rows) if n <= BLOCK_ROWS => Path::OneBlock(rows),
            None if n <= BLOCK_ROWS => Path::CopiedBlock,
            _ => Path::Chunks {
                parallel: parallel_for(n, d),
            },
        }
    }
}

/// Runs `path` for the rows of `x`: `out[i] = f(xᵢ · w + b)`, or the net input
/// with `activation = None`.
///
/// # Shapes
/// - `x`: `(n, d)`, the batch `path` was chosen for; `w`: `d` values; `out`: `n` values
fn run<F: Float>(
    path: Path<'_, F>,
    x: ArrayView2<'_, F>,
    w: &[F],
    b: F,
    activation: Option<Activation>,
    out: &mut [F],
) {
    let d = x.ncols();
    match path {
        Path::Bias => {
            // An empty sum plus the bias, so −0 becomes +0 as in any other sum.
            out.fill(F::zero() + b);
            if let Some(f) = activation {
                activate(dispatch::detected(), f, out);
            }
        }
        Path::OneRow(row) => {
            if let [y] = out {
                *y = one_row(dispatch::detected(), row, w, b, activation);
            }
        }
        Path::FewRows(rows) => few_rows(dispatch::detected(), rows, d, w, b, activation, out),
        Path::OneBlock(rows) => {
            // SAFETY: the kernels write only values (see `as_written`).
            let out = unsafe { as_written(out) };
            match activation {
                Some(f) => forward_block(dispatch::detected(), rows, d, w, b, f, out, &[]),
                None => net_inputs_block(dispatch::detected(), rows, d, w, b, out),
            }
        }
        // SAFETY (both): `neuron_task` writes only values (see `as_written`).
        Path::CopiedBlock => {
            neuron_task(x, w, b, activation)(0, unsafe { as_written(out) });
        }
        Path::Chunks { parallel } => {
            let task = neuron_task(x, w, b, activation);
            for_each_chunk(out, forward_chunk_rows::<F>(d), parallel, |first, chunk| {
                task(first, unsafe { as_written(chunk) });
            });
        }
    }
}

/// `out[i] = f(xᵢ · w + b)` for every row; with `activation = None`, the net input.
///
/// # Shapes
/// - `x`: `(n, d)`, any layout; `w`: `(d,)`; `out`: `n` values
pub(crate) fn neuron_rows<F: Float>(
    x: ArrayView2<'_, F>,
    w: ArrayView1<'_, F>,
    b: F,
    activation: Option<Activation>,
    out: &mut [F],
) {
    debug_assert_eq!(out.len(), x.nrows(), "one output per row");
    let w = contiguous(w);
    run(Path::choose(x), x, &w, b, activation, out);
}

/// [`neuron_rows`] into a new vector, written first where it is cheapest: one
/// value before the vector is allocated, a small batch on the stack, a large
/// one chunk by chunk by the thread that computes it (see `buffer`).
///
/// # Shapes
/// - `x`: `(n, d)`, any layout; `w`: `(d,)`; returns `n` values
pub(crate) fn new_neuron_rows<F: Float>(
    x: ArrayView2<'_, F>,
    w: ArrayView1<'_, F>,
    b: F,
    activation: Option<Activation>,
) -> Vec<F> {
    let (n, d) = x.dim();
    let w = contiguous(w);
    match Path::choose(x) {
        // Computed before the vector is allocated, so that the allocation
        // overlaps the arithmetic.
        Path::OneRow(row) => vec![one_row(dispatch::detected(), row, &w, b, activation)],
        // SAFETY: `neuron_task` writes every value of its chunk: its blocks
        // cover the chunk's rows, and the block kernels write every value of
        // their outputs (`block::net_inputs`).
        Path::Chunks { parallel } => unsafe {
            new_by_chunks(
                n,
                forward_chunk_rows::<F>(d),
                parallel,
                neuron_task(x, &w, b, activation),
            )
        },
        // Computed on the stack, then copied into a vector allocated last: a
        // zeroed vector allocated first takes the allocator's slow path and
        // waits for it.
        path if n <= SMALL_BATCH => {
            let mut values = [F::zero(); SMALL_BATCH];
            let out = &mut values[..n];
            run(path, x, &w, b, activation, out);
            out.to_vec()
        }
        path => {
            let mut out = vec![F::zero(); n];
            run(path, x, &w, b, activation, &mut out);
            out
        }
    }
}

/// The work on one chunk of outputs, `chunk[i]` for row `first + i`: blocks of
/// rows (copied when strided), net inputs then the activation. Writes every
/// value of `chunk` (the blocks cover its rows), reads none.
fn neuron_task<'a, F: Float>(
    x: ArrayView2<'a, F>,
    w: &'a [F],
    b: F,
    activation: Option<Activation>,
) -> impl Fn(usize, &mut [MaybeUninit<F>]) + Sync + Send + 'a {
    let d = x.ncols();
    let level = dispatch::detected();
    move |first, chunk| {
        let rows = x.slice(ndarray::s![first..first + chunk.len(), ..]);
        // Rows read in quarters, in standard layout: the chunk is one block,
        // so that its four quarters are four streams as long as the chunk
        // allows (its outputs, a few kilobytes, stay in cache for the
        // activation all the same). No block is prefetched: only the
        // shortest of these rows (16 f64) had blocks short enough for that,
        // and their long streams went 1.6x faster without it (1 000 000 x
        // 16, 6.5-6.7 against 4.1-4.3 ms on `zen4`).
        if in_quarters::<F>(d)
            && let Some(all) = rows.as_slice()
        {
            match activation {
                Some(f) => forward_block(level, all, d, w, b, f, chunk, &[]),
                None => net_inputs_block(level, all, d, w, b, chunk),
            }
            return;
        }
        let mut scratch = Vec::new();
        for_each_block(rows, &mut scratch, |start, block, next| {
            let out_block = &mut chunk[start..start + block.len() / d];
            match activation {
                Some(f) => forward_block(level, block, d, w, b, f, out_block, next),
                None => net_inputs_block(level, block, d, w, b, out_block),
            }
        });
    }
}

/// `x · w` for one sample, summed in the same order as in a batch.
///
/// # Shapes
/// - `x`, `w`: `(d,)`, any layout
pub(crate) fn dot<F: Float>(x: ArrayView1<'_, F>, w: ArrayView1<'_, F>) -> F {
    dot_slices(dispatch::detected(), &contiguous(x), &contiguous(w))
}

/// Dense layer net inputs `H = X·W + b` (before the activation), or outputs with
/// `activation`: a new `n × units` row-major vector, each chunk first written
/// by the thread that computes it.
///
/// # Shapes
/// - `x`: `(n, d)`, any layout; `weights`: `(d, units)`; `bias`: `(units,)`
///
/// A layer of one unit runs its neuron's kernel, so the two agree bit for
/// bit; wider layers run each chunk of rows as one matrix product (see
/// `matmul`), bias first, then the activation while the chunk is in cache.
pub(crate) fn new_dense_rows<F: Float>(
    x: ArrayView2<'_, F>,
    weights: ArrayView2<'_, F>,
    bias: ArrayView1<'_, F>,
    activation: Option<Activation>,
) -> Vec<F> {
    let units = bias.len();
    let (n, d) = x.dim();
    if units == 0 {
        return Vec::new();
    }
    if units == 1 {
        return new_neuron_rows(x, weights.column(0), bias[0], activation);
    }
    let bias = contiguous(bias);
    let task = dense_task(x, weights, &bias, activation);
    // SAFETY: `dense_task` writes every value of its chunk.
    unsafe {
        new_by_chunks(
            n * units,
            dense_chunk_rows(d) * units,
            parallel_for(n, d),
            task,
        )
    }
}

/// The work on one chunk of a layer's outputs, whole rows of `units` values
/// starting at row `first / units`: the bias, plus the product, then the
/// activation. Writes every value of `chunk` (whole rows of `units` values).
fn dense_task<'a, F: Float>(
    x: ArrayView2<'a, F>,
    weights: ArrayView2<'a, F>,
    bias: &'a [F],
    activation: Option<Activation>,
) -> impl Fn(usize, &mut [MaybeUninit<F>]) + Sync + Send + 'a {
    let units = bias.len();
    let level = dispatch::detected();
    move |first, chunk| {
        let first_row = first / units;
        let n_rows = chunk.len() / units;
        // The bias is each row's first write; a chunk's length is whole rows,
        // and anything past them (never, by the callers' shapes) gets NaN.
        let mut rows = chunk.chunks_exact_mut(units);
        for row in rows.by_ref() {
            for (v, &b) in row.iter_mut().zip(bias) {
                v.write(b);
            }
        }
        for v in rows.into_remainder() {
            v.write(F::nan());
        }
        // SAFETY: every value of `chunk` was written just above.
        let chunk = unsafe { assume_written(chunk) };
        // A strided chunk is copied to row-major first, so that the product
        // (and its bits) do not depend on the layout of the inputs.
        let rows = x.slice(ndarray::s![first_row..first_row + n_rows, ..]);
        let rows = rows.as_standard_layout();
        if let Ok(out) = ndarray::ArrayViewMut2::from_shape((n_rows, units), &mut *chunk) {
            matmul::matmul_into(rows.view(), weights, out, true, matmul::Threads::One);
        }
        if let Some(f) = activation {
            activate(level, f, chunk);
        }
    }
}

#[cfg(test)]
mod tests {
    use ndarray::{Array1, Array2, s};

    use super::*;

    /// Every path gives each row the bits that the row has when computed
    /// alone by `one_row`: what lets `Path::choose` decide on speed alone.
    #[test]
    fn every_path_gives_each_row_the_bits_it_has_alone() {
        let value = |k: usize| ((k as u64 * 7919) % 1000) as f64 / 250.0 - 2.0;
        let bits = |values: &[f64]| values.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        for d in [0, 3, 16, 40] {
            let w: Vec<f64> = (0..d).map(|j| 0.5 - j as f64 / 17.0).collect();
            let w = Array1::from(w);
            let b = -0.25;
            for n in [0, 1, 3, 4, BLOCK_ROWS, BLOCK_ROWS + 1, 30_000, 30_001] {
                let standard = Array2::from_shape_fn((n, d), |(i, j)| value(i * d + j));
                let fortran = Array2::from_shape_fn((d, n), |(j, i)| value(i * d + j));
                let wide = Array2::from_shape_fn((2 * n, d + 1), |(i, j)| value(i * d + j + 5));
                let layouts = [
                    ("standard", standard.view()),
                    ("transposed", fortran.t()),
                    ("every other row", wide.slice(s![..;2, ..d])),
                ];
                for ((layout, x), activation) in layouts
                    .into_iter()
                    .flat_map(|x| [(x, None), (x, Some(Activation::Sigmoid))])
                {
                    let alone: Vec<f64> = x
                        .rows()
                        .into_iter()
                        .map(|row| {
                            one_row(
                                dispatch::detected(),
                                &row.to_vec(),
                                &w.to_vec(),
                                b,
                                activation,
                            )
                        })
                        .collect();
                    let new = new_neuron_rows(x, w.view(), b, activation);
                    let mut out = vec![f64::NAN; n];
                    neuron_rows(x, w.view(), b, activation, &mut out);
                    let case = format!("{layout}, n = {n}, d = {d}, {activation:?}");
                    assert_eq!(bits(&new), bits(&alone), "new vector: {case}");
                    assert_eq!(bits(&out), bits(&alone), "given slice: {case}");
                }
            }
        }
    }

    /// Each path is taken where its doc says, by shape and layout.
    #[test]
    fn the_path_follows_the_shape_and_layout() {
        let x = Array2::<f64>::zeros((2 * BLOCK_ROWS, 6));
        let path = |rows: usize, cols: usize| Path::choose(x.slice(s![..rows, ..cols]));
        let strided = |rows: usize| Path::choose(x.slice(s![..rows, ..;2]));
        assert_eq!(path(5, 0), Path::Bias);
        assert!(matches!(path(1, 6), Path::OneRow(row) if row.len() == 6));
        assert!(matches!(path(0, 6), Path::FewRows(rows) if rows.is_empty()));
        assert!(matches!(path(3, 6), Path::FewRows(rows) if rows.len() == 18));
        assert!(matches!(path(4, 6), Path::OneBlock(rows) if rows.len() == 24));
        assert!(matches!(path(BLOCK_ROWS, 6), Path::OneBlock(_)));
        assert_eq!(strided(1), Path::CopiedBlock);
        assert_eq!(strided(BLOCK_ROWS), Path::CopiedBlock);
        assert_eq!(
            Path::choose(x.slice(s![..3, ..]).reversed_axes()),
            Path::CopiedBlock
        );
        assert_eq!(
            path(BLOCK_ROWS + 1, 6),
            Path::Chunks {
                parallel: parallel_for(BLOCK_ROWS + 1, 6)
            }
        );
        assert_eq!(
            strided(BLOCK_ROWS + 1),
            Path::Chunks {
                parallel: parallel_for(BLOCK_ROWS + 1, 3)
            }
        );
    }
}
