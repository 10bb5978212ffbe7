//! The arithmetic kernels behind the model code, kept apart so that `neuron.rs`
//! and `dense.rs` read like the maths.
//!
//! - `math`: exp, tanh and friends written so that the compiler vectorises them;
//! - `block`: the inner loops over a contiguous block of rows;
//! - `dispatch`: the same loops compiled for AVX-512, AVX2 + FMA and the baseline
//!   on x86-64, NEON and the baseline on aarch64, chosen at run time;
//! - `simd`: hand-written AVX2 and NEON loops for four rows' dot products;
//! - `matmul`: matrix products (a layer's forward pass, training's products);
//! - `platforms` (tests only): which results are the same bits on which platform;
//! - this file: the drivers, which cut a batch into blocks of a few hundred rows
//!   (copying strided inputs into a contiguous block), and spread large batches
//!   over threads with rayon.
//!
//! Results do not depend on the memory layout of the inputs, on the batch a
//! sample is in, or on the number of threads: every sample's dot product is
//! summed in one fixed order (see `block`), and gradients are summed over fixed
//! chunks of rows, combined in chunk order. They depend on the processor only
//! through how its level multiplies and adds (see `dispatch`).
//!
//! Indexing in the kernels is on slices whose lengths the drivers set up from
//! the same shapes, so it cannot fail; it is allowed here for speed and brevity.
#![allow(clippy::indexing_slicing)]

pub(crate) mod block;
pub(crate) mod buffer;
pub(crate) mod dispatch;
pub(crate) mod math;
pub(crate) mod matmul;
#[cfg(test)]
mod platforms;
pub(crate) mod simd;

use ndarray::{Array1, ArrayView1, ArrayView2};

use self::block::{
    forward as block_forward, loss_gradient as block_loss_gradient, net_inputs as block_net_inputs,
};
use self::buffer::{for_each_chunk, new_by_chunks};
use self::dispatch::{Level, dispatched};
use crate::{Activation, Float, Loss};

/// Batches of at most this many samples are computed on the stack.
const SMALL_BATCH: usize = 16;
/// Rows per block: the block's inputs and outputs stay in the L1/L2 cache
/// between the dot products and the activation.
const BLOCK_ROWS: usize = 256;
/// Blocks of at most this many values (32 KB in f64: short rows) are
/// prefetched; longer rows are streams the hardware prefetcher follows on its
/// own (prefetching them measured slower at d = 100).
const PREFETCH_VALUES: usize = 4096;
/// Input values per task when spreading over threads.
const CHUNK_VALUES: usize = 1 << 16;

/// Rows per task for rows of `d` values: about `CHUNK_VALUES` values, between
/// 8 and 4096 rows. It depends only on `d`, never on the number of threads, so
/// sums over chunks come out the same on any machine.
fn chunk_rows(d: usize) -> usize {
    (CHUNK_VALUES / d.max(1)).clamp(8, 4096)
}
/// Below this many input values a batch stays on the calling thread.
#[cfg(feature = "rayon")]
const PARALLEL_MIN_VALUES: usize = 1 << 16;

dispatched! {
    #[allow(clippy::too_many_arguments)]
    fn forward_block<F>(x: &[F], d: usize, w: &[F], b: F, activation: Activation, out: &mut [F], next: &[F]) = block_forward;
}
dispatched! {
    fn net_inputs_block<F>(x: &[F], d: usize, w: &[F], b: F, out: &mut [F]) = block_net_inputs;
}
dispatched! {
    #[allow(clippy::too_many_arguments)]
    fn loss_gradient_block<F>(
        x: &[F], d: usize, w: &[F], b: F, targets: &[F], loss: Loss, activation: Activation,
        h: &mut [F], losses: &mut [F], grad_w: &mut [F], grad_b: &mut F, next: &[F],
    ) -> F = block_loss_gradient;
}
dispatched! {
    fn one_row<F>(x: &[F], w: &[F], b: F, activation: Option<Activation>) -> F = one_row_entry;
}

/// One sample, `f(x · w + b)`: the same arithmetic as a row of `forward_block`
/// (its dot product and its activation), without the block's loops.
#[inline(always)]
fn one_row_entry<F: Float, M: dispatch::MulAdd>(
    x: &[F],
    w: &[F],
    b: F,
    activation: Option<Activation>,
) -> F {
    let mut y = [F::zero()];
    few_rows_entry::<F, M>(x, x.len(), w, b, activation, &mut y);
    y[0]
}
dispatched! {
    fn few_rows<F>(x: &[F], d: usize, w: &[F], b: F, activation: Option<Activation>, out: &mut [F]) = few_rows_entry;
}

/// A few samples (fewer than the four rows a block pass takes at once): each
/// row as [`one_row_entry`] computes it, in one call.
#[inline(always)]
fn few_rows_entry<F: Float, M: dispatch::MulAdd>(
    x: &[F],
    d: usize,
    w: &[F],
    b: F,
    activation: Option<Activation>,
    out: &mut [F],
) {
    for (i, y) in out.iter_mut().enumerate() {
        *y = block::dot::<F, M>(&x[i * d..(i + 1) * d], w) + b;
    }
    if let Some(f) = activation {
        block::activate::<F, M>(f, out);
    }
}

dispatched! {
    fn dot_slices<F>(x: &[F], w: &[F]) -> F = dot_entry;
}

#[inline(always)]
fn dot_entry<F: Float, M: dispatch::MulAdd>(x: &[F], w: &[F]) -> F {
    block::dot::<F, M>(x, w)
}

/// Small-d loops run the AVX2 code even where AVX-512 exists: AVX-512 code for
/// them vectorises across rows with gathers, which measured slower. (Both are
/// fused, so this changes no bits.) Other targets have one fast level.
fn level_for(d: usize) -> Level {
    let level = dispatch::detected();
    #[cfg(target_arch = "x86_64")]
    if level == Level::Avx512 && d <= 4 {
        return Level::Avx2;
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = d;
    level
}

/// Calls `f(first_row, rows_block, next_block)` for consecutive blocks of at
/// most `BLOCK_ROWS` rows of `x`, each as a contiguous row-major slice: borrowed
/// when `x` is in standard layout, otherwise copied into `scratch`.
/// `next_block` is the following block when it is contiguous and short
/// (empty otherwise), for the kernels to prefetch.
fn for_each_block<F: Float>(
    x: ArrayView2<'_, F>,
    scratch: &mut Vec<F>,
    mut f: impl FnMut(usize, &[F], &[F]),
) {
    let (n, d) = x.dim();
    if let Some(all) = x.as_slice() {
        // Standard layout: blocks cut from the one slice (cutting each block
        // as an ndarray view cost 12 % of a forward pass at d = 3).
        for start in (0..n).step_by(BLOCK_ROWS) {
            let end = (start + BLOCK_ROWS).min(n);
            let next_end = (end + BLOCK_ROWS).min(n);
            f(
                start,
                &all[start * d..end * d],
                to_prefetch(&all[end * d..next_end * d]),
            );
        }
        return;
    }
    let mut start = 0;
    while start < n {
        let end = (start + BLOCK_ROWS).min(n);
        let rows = x.slice(ndarray::s![start..end, ..]);
        match rows.as_slice() {
            Some(contiguous) => {
                let next_end = (end + BLOCK_ROWS).min(n);
                let next = x.slice(ndarray::s![end..next_end, ..]);
                f(start, contiguous, next.to_slice().map_or(&[], to_prefetch));
            }
            None => {
                scratch.clear();
                scratch.extend(rows.iter().copied()); // row-major order
                f(start, &scratch[..(end - start) * d], &[]);
            }
        }
        start = end;
    }
}

/// The next block, for the kernels to prefetch, if it is short enough to be
/// worth it (see `PREFETCH_VALUES`); empty otherwise.
fn to_prefetch<F>(next: &[F]) -> &[F] {
    if next.len() <= PREFETCH_VALUES {
        next
    } else {
        &[]
    }
}

/// Whether a batch of `n` rows of `d` values is large enough to spread over threads.
fn parallel_for(n: usize, d: usize) -> bool {
    #[cfg(feature = "rayon")]
    {
        n > chunk_rows(d) && n * d.max(1) >= PARALLEL_MIN_VALUES
    }
    #[cfg(not(feature = "rayon"))]
    {
        let _ = (n, d);
        false
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
    let w = contiguous(w);
    if !neuron_rows_direct(x, &w, b, activation, out) {
        let (n, d) = x.dim();
        let task = neuron_task(x, &w, b, activation);
        for_each_chunk(out, chunk_rows(d), parallel_for(n, d), task);
    }
}

/// [`neuron_rows`] into a new vector, each chunk first written by the thread
/// that computes it.
pub(crate) fn new_neuron_rows<F: Float>(
    x: ArrayView2<'_, F>,
    w: ArrayView1<'_, F>,
    b: F,
    activation: Option<Activation>,
) -> Vec<F> {
    let (n, d) = x.dim();
    let w = contiguous(w);
    if let Some(y) = one_sample(x, &w, b, activation) {
        // Computed before the vector is allocated, so that the allocation
        // overlaps the arithmetic (1.44× the naive version instead of 1.3×).
        return vec![y];
    }
    if n <= SMALL_BATCH {
        // A few samples: computed on the stack, then copied into a vector
        // allocated last (a zeroed vector allocated first went through the
        // allocator's slow path and waited for it).
        let mut values = [F::zero(); SMALL_BATCH];
        let out = &mut values[..n];
        if !neuron_rows_direct(x, &w, b, activation, out) {
            neuron_task(x, &w, b, activation)(0, out);
        }
        return out.to_vec();
    }
    if d == 0 || n <= BLOCK_ROWS {
        let mut out = vec![F::zero(); n];
        if !neuron_rows_direct(x, &w, b, activation, &mut out) {
            neuron_task(x, &w, b, activation)(0, &mut out);
        }
        return out;
    }
    let task = neuron_task(x, &w, b, activation);
    new_by_chunks(n, chunk_rows(d), parallel_for(n, d), task)
}

/// `f(x · w + b)` for a batch of one sample whose row is contiguous (and not
/// empty): its dot product and activation straight away, without the block's
/// loops, which cost one sample more than its arithmetic (measured 1.25–1.3×
/// faster forward of one row). `None` for any other batch.
fn one_sample<F: Float>(
    x: ArrayView2<'_, F>,
    w: &[F],
    b: F,
    activation: Option<Activation>,
) -> Option<F> {
    let (n, d) = x.dim();
    if n != 1 || d == 0 {
        return None;
    }
    let row = x.row(0).to_slice()?;
    Some(one_row(level_for(d), row, w, b, activation))
}

/// The cases that need no chunks or blocks, straight to the kernel: no inputs
/// (`h = b`), one sample with a contiguous row, two or three samples in
/// standard layout (without the block's loops), and a small batch in standard
/// layout. Returns whether it was one.
fn neuron_rows_direct<F: Float>(
    x: ArrayView2<'_, F>,
    w: &[F],
    b: F,
    activation: Option<Activation>,
    out: &mut [F],
) -> bool {
    let d = x.ncols();
    if d == 0 {
        out.iter_mut().for_each(|h| *h = F::zero() + b);
        if let Some(f) = activation {
            activate(f, out);
        }
        return true;
    }
    if let [y] = out
        && let Some(value) = one_sample(x, w, b, activation)
    {
        *y = value;
        return true;
    }
    if out.len() < 4
        && let Some(rows) = x.as_slice()
    {
        few_rows(level_for(d), rows, d, w, b, activation, out);
        return true;
    }
    match (out.len() <= BLOCK_ROWS, x.as_slice()) {
        (true, Some(rows)) => {
            let level = level_for(d);
            match activation {
                Some(f) => forward_block(level, rows, d, w, b, f, out, &[]),
                None => net_inputs_block(level, rows, d, w, b, out),
            }
            true
        }
        _ => false,
    }
}

/// The work on one chunk of outputs, `chunk[i]` for row `first + i`: blocks of
/// rows (copied when strided), net inputs then the activation.
fn neuron_task<'a, F: Float>(
    x: ArrayView2<'a, F>,
    w: &'a [F],
    b: F,
    activation: Option<Activation>,
) -> impl Fn(usize, &mut [F]) + Sync + Send + 'a {
    let d = x.ncols();
    let level = level_for(d);
    move |first, chunk| {
        let rows = x.slice(ndarray::s![first..first + chunk.len(), ..]);
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
pub(crate) fn dot<F: Float>(x: ArrayView1<'_, F>, w: ArrayView1<'_, F>) -> F {
    let d = x.len();
    dot_slices(level_for(d), &contiguous(x), &contiguous(w))
}

/// A vector as a contiguous slice: borrowed when it already is one.
fn contiguous<F: Float>(v: ArrayView1<'_, F>) -> std::borrow::Cow<'_, [F]> {
    match v.to_slice() {
        Some(slice) => std::borrow::Cow::Borrowed(slice),
        None => std::borrow::Cow::Owned(v.iter().copied().collect()),
    }
}

/// The summed loss over all rows, `Σᵢ δᵢ·xᵢ` and `Σᵢ δᵢ`, in one pass over `x`.
/// Sums are taken per chunk of `chunk_rows(d)` rows and combined in chunk order.
///
/// # Shapes
/// - `x`: `(n, d)`; `w`: `(d,)`; `targets`: `(n,)`
pub(crate) fn neuron_loss_gradient<F: Float>(
    x: ArrayView2<'_, F>,
    w: ArrayView1<'_, F>,
    b: F,
    targets: ArrayView1<'_, F>,
    loss: Loss,
    activation: Activation,
) -> (F, Array1<F>, F) {
    let (n, d) = x.dim();
    let w = contiguous(w);
    let level = level_for(d);
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
                loss,
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
                loss,
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
        if parallel_for(n, d) {
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

/// Dense layer net inputs `H = X·W + b` (before the activation), or outputs with
/// `activation`: a new `n × units` row-major vector, each chunk first written
/// by the thread that computes it.
///
/// # Shapes
/// - `x`: `(n, d)`, any layout; `weights`: `(d, units)`; `bias`: `(units,)`
///
/// A layer of one unit runs its neuron's kernel, so the two agree bit for
/// bit; wider layers run each chunk of rows as one matrix product (see
/// [`matmul`]), bias first, then the activation while the chunk is in cache.
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
    new_by_chunks(
        n * units,
        dense_chunk_rows(d) * units,
        parallel_for(n, d),
        task,
    )
}

/// Rows per chunk of a layer's forward pass: about `CHUNK_VALUES` input
/// values, but at least 64 rows, so that each product is large enough for the
/// matrix kernel to pay for packing the weights. Depends only on `d`.
fn dense_chunk_rows(d: usize) -> usize {
    chunk_rows(d).max(64)
}

/// The work on one chunk of a layer's outputs, whole rows of `units` values
/// starting at row `first / units`: the bias, plus the product, then the activation.
fn dense_task<'a, F: Float>(
    x: ArrayView2<'a, F>,
    weights: ArrayView2<'a, F>,
    bias: &'a [F],
    activation: Option<Activation>,
) -> impl Fn(usize, &mut [F]) + Sync + Send + 'a {
    let units = bias.len();
    let level = dispatch::detected();
    move |first, chunk| {
        let first_row = first / units;
        let n_rows = chunk.len() / units;
        for row in chunk.chunks_exact_mut(units) {
            row.copy_from_slice(bias);
        }
        // A strided chunk is copied to row-major first, so that the product
        // (and its bits) do not depend on the layout of the inputs.
        let rows = x.slice(ndarray::s![first_row..first_row + n_rows, ..]);
        let rows = rows.as_standard_layout();
        if let Ok(out) = ndarray::ArrayViewMut2::from_shape((n_rows, units), &mut *chunk) {
            matmul::matmul_into(rows.view(), weights, out, true, matmul::Threads::One);
        }
        if let Some(f) = activation {
            dispatch_activate(level, f, chunk);
        }
    }
}

dispatched! {
    fn activate_slice<F>(activation: Activation, values: &mut [F]) = activate_entry;
}

dispatched! {
    fn bce_slice<F>(h: &mut [F], losses: &mut [F], targets: &[F]) = bce_entry;
}

#[inline(always)]
fn bce_entry<F: Float, M: dispatch::MulAdd>(h: &mut [F], losses: &mut [F], targets: &[F]) {
    block::bce_rows::<F, M>(h, losses, targets);
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

#[inline(always)]
fn activate_entry<F: Float, M: dispatch::MulAdd>(activation: Activation, values: &mut [F]) {
    block::activate::<F, M>(activation, values);
}

/// Applies the activation in place with the vectorised kernels.
pub(crate) fn dispatch_activate<F: Float>(level: Level, activation: Activation, values: &mut [F]) {
    activate_slice(level, activation, values);
}

/// Applies the activation in place, with the best kernels for this processor.
pub(crate) fn activate<F: Float>(activation: Activation, values: &mut [F]) {
    activate_slice(dispatch::detected(), activation, values);
}

/// The activation of one value, by the same kernel as a batch on this processor.
pub(crate) fn activate_one<F: Float>(activation: Activation, h: F) -> F {
    let mut value = [h];
    activate(activation, &mut value);
    value[0]
}

#[cfg(test)]
mod tests {
    //! Every dispatch level this processor has, driven explicitly, against plain
    //! references: the levels a test machine would not pick are tested too.
    use super::*;
    use crate::kernels::dispatch::Level;

    fn ulps64(a: f64, b: f64) -> u64 {
        if a == b {
            0
        } else {
            (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
        }
    }

    fn ulps32(a: f32, b: f32) -> u32 {
        if a == b {
            0
        } else {
            (a.to_bits() as i32 - b.to_bits() as i32).unsigned_abs()
        }
    }

    /// Correctly rounded σ(h) from mpmath: scripts/oracles/sigmoid_table.py.
    fn table(text: &str) -> Vec<(u64, u64)> {
        text.lines()
            .filter_map(|line| {
                let (h, y) = line.split_once(' ')?;
                Some((
                    u64::from_str_radix(h, 16).ok()?,
                    u64::from_str_radix(y, 16).ok()?,
                ))
            })
            .collect()
    }

    #[test]
    fn sigmoid_is_within_2_ulp_of_correctly_rounded_at_every_level() {
        let f64_table = table(include_str!("../../tests/fixtures/sigmoid_f64.txt"));
        let f32_table = table(include_str!("../../tests/fixtures/sigmoid_f32.txt"));
        assert!(f64_table.len() > 4000 && f32_table.len() > 4000);
        for level in Level::available() {
            let mut h: Vec<f64> = f64_table.iter().map(|&(h, _)| f64::from_bits(h)).collect();
            activate_slice(level, Activation::Sigmoid, &mut h);
            let worst = h
                .iter()
                .zip(&f64_table)
                .map(|(&y, &(_, exact))| ulps64(y, f64::from_bits(exact)))
                .max()
                .unwrap_or(0);
            assert!(worst <= 2, "{level:?} f64: {worst} ulp");

            let mut h: Vec<f32> = f32_table
                .iter()
                .map(|&(h, _)| f32::from_bits(h as u32))
                .collect();
            activate_slice(level, Activation::Sigmoid, &mut h);
            let worst = h
                .iter()
                .zip(&f32_table)
                .map(|(&y, &(_, exact))| ulps32(y, f32::from_bits(exact as u32)))
                .max()
                .unwrap_or(0);
            assert!(worst <= 2, "{level:?} f32: {worst} ulp");
        }
    }

    /// The batch sigmoid (vector lanes, then the tail) gives every value the
    /// same bits as the scalar function, f64 and f32, specials too.
    #[test]
    fn batch_sigmoid_equals_the_scalar_one_bit_for_bit() {
        let mut h: Vec<f64> = [
            0.0,
            -0.0,
            1e-300,
            -1e-300,
            5e-324,
            0.5,
            -0.5,
            20.0,
            -20.0,
            36.8,
            -36.8,
            103.9,
            -103.9,
            104.1,
            -104.1,
            708.0,
            -708.0,
            745.2,
            -745.2,
            746.0,
            -746.0,
            1e300,
            -1e300,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -f64::NAN,
            f64::MAX,
            f64::MIN,
        ]
        .to_vec();
        h.extend(values(4099, 17).iter().map(|v| v * 400.0));
        h.extend(values(1001, 18).iter().map(|v| v * 4.0));
        let h32: Vec<f32> = h.iter().map(|&v| v as f32).collect();
        for level in Level::available() {
            let mut y = h.clone();
            activate_slice(level, Activation::Sigmoid, &mut y);
            let mut y32 = h32.clone();
            activate_slice(level, Activation::Sigmoid, &mut y32);
            for (i, (&hi, &yi)) in h.iter().zip(&y).enumerate() {
                let scalar = if level.fused() {
                    math::sigmoid::<dispatch::Fused>(hi)
                } else {
                    math::sigmoid::<dispatch::Separate>(hi)
                };
                assert_eq!(
                    yi.to_bits(),
                    scalar.to_bits(),
                    "{level:?} f64 value {i}: σ({hi})"
                );
            }
            for (i, (&hi, &yi)) in h32.iter().zip(&y32).enumerate() {
                let scalar = if level.fused() {
                    math::sigmoid_f32::<dispatch::Fused>(hi)
                } else {
                    math::sigmoid_f32::<dispatch::Separate>(hi)
                };
                assert_eq!(
                    yi.to_bits(),
                    scalar.to_bits(),
                    "{level:?} f32 value {i}: σ({hi})"
                );
            }
        }
    }

    /// Deterministic values in [-2, 2).
    fn values(n: usize, seed: u64) -> Vec<f64> {
        let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        (0..n)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                ((state >> 11) as f64 / (1u64 << 53) as f64) * 4.0 - 2.0
            })
            .collect()
    }

    #[test]
    fn every_level_computes_the_formula() {
        for d in [
            0, 1, 2, 3, 4, 5, 7, 15, 16, 17, 33, 100, 511, 512, 515, 1030,
        ] {
            for n in [0, 1, 2, 3, 5, 255, 256, 257] {
                let x = values(n * d, (n * 31 + d) as u64);
                let w = values(d, d as u64 + 7);
                let b = 0.25;
                let reference: Vec<f64> = (0..n)
                    .map(|i| (0..d).map(|j| x[i * d + j] * w[j]).sum::<f64>() + b)
                    .collect();
                let mut fused_results = Vec::new();
                for level in Level::available() {
                    let mut h = vec![0.0; n];
                    net_inputs_block(level, &x, d, &w, b, &mut h);
                    for (i, (&got, &want)) in h.iter().zip(&reference).enumerate() {
                        assert!(
                            (got - want).abs() <= 1e-13 * (1.0 + d as f64),
                            "{level:?} d={d} n={n} row {i}: {got} vs {want}"
                        );
                    }
                    let mut y = vec![0.0; n];
                    forward_block(level, &x, d, &w, b, Activation::Sigmoid, &mut y, &[]);
                    for (&got, &hi) in y.iter().zip(&h) {
                        let mut one = [hi];
                        activate_slice(level, Activation::Sigmoid, &mut one);
                        assert_eq!(got, one[0]);
                    }
                    // One sample alone gets exactly the batch's bits.
                    for i in 0..n {
                        let row = &x[i * d..(i + 1) * d];
                        assert_eq!(dot_slices(level, row, &w) + b, h[i]);
                        assert_eq!(one_row(level, row, &w, b, None).to_bits(), h[i].to_bits());
                        let y_one = one_row(level, row, &w, b, Some(Activation::Sigmoid));
                        assert_eq!(y_one.to_bits(), y[i].to_bits(), "{level:?} d={d} row {i}");
                    }
                    // A few samples at once, likewise.
                    if n < 4 {
                        let mut few = vec![0.0; n];
                        few_rows(level, &x, d, &w, b, None, &mut few);
                        assert_eq!(few, h, "{level:?} d={d} n={n}");
                        few_rows(level, &x, d, &w, b, Some(Activation::Sigmoid), &mut few);
                        assert_eq!(few, y, "{level:?} d={d} n={n}");
                    }
                    // f32 too: one sample's sigmoid output is its batch value.
                    let (x32, w32): (Vec<f32>, Vec<f32>) = (
                        x.iter().map(|&v| v as f32).collect(),
                        w.iter().map(|&v| v as f32).collect(),
                    );
                    let mut y32 = vec![0.0f32; n];
                    forward_block(
                        level,
                        &x32,
                        d,
                        &w32,
                        0.25,
                        Activation::Sigmoid,
                        &mut y32,
                        &[],
                    );
                    for (i, &want) in y32.iter().enumerate() {
                        let row = &x32[i * d..(i + 1) * d];
                        let got = one_row(level, row, &w32, 0.25, Some(Activation::Sigmoid));
                        assert_eq!(got.to_bits(), want.to_bits(), "{level:?} f32 d={d} row {i}");
                    }
                    if level.fused() {
                        fused_results.push(h);
                    }
                }
                // AVX2 and AVX-512 use the same order and FMA: the same bits.
                assert!(fused_results.windows(2).all(|p| p[0] == p[1]));
            }
        }
    }

    #[test]
    fn every_level_computes_the_loss_and_gradient() {
        for d in [0, 1, 3, 6, 20] {
            let n = 300;
            let x = values(n * d, 11);
            let w = values(d, 12);
            let t: Vec<f64> = values(n, 13)
                .iter()
                .map(|v| if *v > 0.0 { 1.0 } else { 0.0 })
                .collect();
            let b = -0.1;
            for (loss, activation) in [
                (Loss::BinaryCrossEntropy, Activation::Sigmoid),
                (Loss::MeanSquaredError, Activation::Tanh),
                (Loss::MeanSquaredError, Activation::Relu),
            ] {
                // Reference: the formulas, row by row, with the crate's scalar functions.
                let mut want_loss = 0.0;
                let mut want_grad = vec![0.0; d];
                let mut want_b = 0.0;
                for i in 0..n {
                    let h = (0..d).map(|j| x[i * d + j] * w[j]).sum::<f64>() + b;
                    let y = activation.apply(h);
                    let (l, delta) = match loss {
                        Loss::BinaryCrossEntropy => {
                            (h.max(0.0) - t[i] * h + (-h.abs()).exp().ln_1p(), y - t[i])
                        }
                        _ => (
                            (y - t[i]) * (y - t[i]),
                            2.0 * (y - t[i]) * activation.derivative(h),
                        ),
                    };
                    want_loss += l;
                    for j in 0..d {
                        want_grad[j] += delta * x[i * d + j];
                    }
                    want_b += delta;
                }
                for level in Level::available() {
                    let mut h = vec![0.0; n];
                    let mut grad = vec![0.0; d];
                    let mut grad_b = 0.0;
                    let mut losses = vec![0.0; n];
                    let got = loss_gradient_block(
                        level,
                        &x,
                        d,
                        &w,
                        b,
                        &t,
                        loss,
                        activation,
                        &mut h,
                        &mut losses,
                        &mut grad,
                        &mut grad_b,
                        &[],
                    );
                    assert!(
                        (got - want_loss).abs() < 1e-10,
                        "{level:?} {loss} d={d}: {got} vs {want_loss}"
                    );
                    for (g, w) in grad.iter().zip(&want_grad) {
                        assert!((g - w).abs() < 1e-10, "{level:?} {loss} d={d}: {g} vs {w}");
                    }
                    assert!((grad_b - want_b).abs() < 1e-10);
                }
            }
        }
    }
}
