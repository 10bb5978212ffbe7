//! How a batch is cut: blocks of rows that stay in cache, chunks of rows for
//! threads, and the dispatch level that runs rows of a given length.
//!
//! Every size here depends on the batch's shape only, never on the number of
//! threads, so sums taken per chunk and combined in chunk order come out the
//! same on any machine.

use std::borrow::Cow;

use ndarray::{ArrayView1, ArrayView2};

use super::order::in_quarters;
use crate::Float;

/// Batches of at most this many samples are computed on the stack.
pub(super) const SMALL_BATCH: usize = 16;
/// Rows per block: the block's inputs and outputs stay in the L1/L2 cache
/// between the dot products and the activation.
pub(super) const BLOCK_ROWS: usize = 256;
/// Blocks of at most this many values (32 KB in f64: short rows) are
/// prefetched; longer rows are streams that the hardware prefetcher follows on
/// its own, where software prefetches only compete with it.
const PREFETCH_VALUES: usize = 4096;
/// Input values per task when spreading over threads.
const CHUNK_VALUES: usize = 1 << 16;
/// Below this many input values a batch stays on the calling thread.
#[cfg(feature = "rayon")]
const PARALLEL_MIN_VALUES: usize = 1 << 16;

/// Rows per task for rows of `d` values: about `CHUNK_VALUES` values, between
/// 8 and 4096 rows. It depends only on `d`, never on the number of threads, so
/// sums over chunks come out the same on any machine.
pub(super) fn chunk_rows(d: usize) -> usize {
    (CHUNK_VALUES / d.max(1)).clamp(8, 4096)
}

/// Rows per task of a neuron's forward pass over rows of `d` values: as
/// [`chunk_rows`], but about four times as many values for rows read in
/// quarters (`order::in_quarters`, `2L` values or more), up to 4096 rows.
/// Such a task reads its rows as four streams, one per quarter of its rows
/// (`block::net_inputs`), and the streams of larger tasks run longer before
/// they restart: on `zen4`, 100 000 rows of 100 `f32` took 0.60–0.81 ms
/// where they had taken 0.80–1.11 (2 threads). A forward pass sums nothing
/// across rows, so no result depends on the size of its tasks.
pub(super) fn forward_chunk_rows<F: Float>(d: usize) -> usize {
    if in_quarters::<F>(d) {
        (4 * CHUNK_VALUES / d.max(1)).clamp(8, 4096)
    } else {
        chunk_rows(d)
    }
}

/// Rows per chunk of a layer's forward pass: about `CHUNK_VALUES` input
/// values, but at least 64 rows, so that each product is large enough for the
/// matrix kernel to pay for packing the weights. Depends only on `d`.
pub(super) fn dense_chunk_rows(d: usize) -> usize {
    chunk_rows(d).max(64)
}

/// Whether a batch of `n` rows of `d` values is large enough to spread over threads.
pub(super) fn parallel_for(n: usize, d: usize) -> bool {
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

/// Calls `f(first_row, rows_block, next_block)` for consecutive blocks of at
/// most `BLOCK_ROWS` rows of `x`, each as a contiguous row-major slice: borrowed
/// when `x` is in standard layout, otherwise copied into `scratch`.
/// `next_block` is the following block when it is contiguous and short
/// (empty otherwise), for the kernels to prefetch.
pub(super) fn for_each_block<F: Float>(
    x: ArrayView2<'_, F>,
    scratch: &mut Vec<F>,
    mut f: impl FnMut(usize, &[F], &[F]),
) {
    let (n, d) = x.dim();
    if let Some(all) = x.as_slice() {
        // Standard layout: the blocks are plain subslices of the one slice,
        // without the cost of an ndarray view per block, which short rows notice.
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

/// A vector as a contiguous slice: borrowed when it already is one.
pub(super) fn contiguous<F: Float>(v: ArrayView1<'_, F>) -> Cow<'_, [F]> {
    match v.to_slice() {
        Some(slice) => Cow::Borrowed(slice),
        None => Cow::Owned(v.iter().copied().collect()),
    }
}
