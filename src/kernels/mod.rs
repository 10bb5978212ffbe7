//! The arithmetic kernels behind the model code, kept apart so that `neuron.rs`
//! and `dense.rs` read like the maths.
//!
//! # Where things are
//!
//! The drivers take the model code's ndarray views, in any layout, and hand
//! contiguous slices to the kernels:
//! - `forward`: a neuron's forward pass, `y = f(x · w + b)` for every row, and a
//!   layer's; `Path` there is the one place where a batch's path is chosen
//!   (one sample, a few rows, one block, chunks over threads);
//! - `gradient`: a neuron's loss and gradient in one pass over the inputs, and
//!   the binary cross-entropy of net inputs;
//! - `activate`: `y = f(h)` applied to values in place, for batches and single
//!   values alike;
//! - `schedule`: how a batch is cut: blocks of rows that stay in cache (copied
//!   when strided), chunks of rows for threads, the dispatch level for a row
//!   length;
//! - `buffer`: new output vectors whose chunks are first written by the
//!   threads that compute them.
//!
//! The kernels work on contiguous slices:
//! - `block`: the inner loops over a block of rows, and `RowLoss`, what the
//!   training kernels compute per row;
//! - `order`: the one summation order of every dot product;
//! - `math`: exp, tanh and friends written so that the compiler vectorises them;
//! - `long_rows`: long rows' dot products (`4L` partial sums, four chains of
//!   multiply-adds) in AVX-512, AVX2 and NEON registers, one row or four;
//! - `simd`: hand-written AVX2 and NEON loops for four rows' dot products, and
//!   `SimdFloat`, through which generic code reaches the code written per type;
//! - `dispatch`: the same loops compiled for AVX-512, AVX2 + FMA and the
//!   baseline on x86-64, NEON and the baseline on aarch64, chosen at run time;
//! - `wide_epoch`: the training epoch's block of short rows (`f64`, and
//!   `f32` up to 15 values) with the cross-entropy in one pass of AVX-512
//!   registers (net inputs, loss, δ and gradient from one load of each group
//!   of rows);
//! - `wide`: AVX-512's own sigmoid (a table in registers, `scalef`), and
//!   `wide_bce`, `wide_rows`: its cross-entropy, and short rows' net inputs
//!   and gradient;
//! - `bce_table`: the cross-entropy's scalar model (tables of `ln` and `2ˣ`),
//!   which `wide_bce` and `avx2_bce` (AVX2, `f32`) compute register by
//!   register; `avx2_gradient`: AVX2's `f32` gradient of short rows;
//! - `matmul`: matrix products (a layer's forward pass, training's products);
//! - `update`: the optimisers' elementwise steps over whole parameter arrays;
//! - `pooling`: max pooling's loops, at each level.
//!
//! Tests: `tests` drives every dispatch level against plain references;
//! `platforms` holds which results are the same bits on which platform.
//!
//! # Invariants
//!
//! Results do not depend on the memory layout of the inputs, on the batch a
//! sample is in, on the path a batch takes, or on the number of threads: every
//! sample's dot product is summed in one fixed order (see `order`), and
//! gradients are summed over chunks of rows whose size depends only on the row
//! length, combined in chunk order. They depend on the processor only through
//! how its level multiplies and adds (see `dispatch`). A layer of one unit
//! gives its neuron's bits; wider layers agree with their neurons within the
//! rounding bound of `matmul`.
//!
//! Indexing in the kernels is on slices whose lengths the drivers set up from
//! the same shapes, so it cannot fail; it is allowed here for speed and brevity.
#![allow(clippy::indexing_slicing)]

mod activate;
mod avx2_bce;
mod avx2_gradient;
mod bce_table;
pub(crate) mod block;
pub(crate) mod buffer;
pub(crate) mod dispatch;
mod forward;
mod gradient;
pub(crate) mod im2col;
mod long_rows;
pub(crate) mod math;
pub(crate) mod matmul;
mod order;
#[cfg(test)]
mod platforms;
pub(crate) mod pooling;
mod prefetch;
mod schedule;
pub(crate) mod simd;
#[cfg(test)]
mod tests;
pub(crate) mod update;
mod wide;
mod wide_bce;
mod wide_epoch;
mod wide_rows;

pub(crate) use self::activate::activate;
pub(crate) use self::block::RowLoss;
pub(crate) use self::forward::{dot, neuron_rows, new_dense_rows, new_neuron_rows};
pub(crate) use self::gradient::{binary_cross_entropy, neuron_loss_gradient};
