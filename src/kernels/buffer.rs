//! Output buffers the kernels allocate themselves (a forward pass's outputs).
//!
//! `vec![0.0; n]` writes (or page-faults) all `n` values on the calling thread
//! before any thread computes: at a million outputs that serial pass cost a
//! third of a forward pass. Here each chunk is first written by the thread that
//! then computes it, while it is in that core's cache. On Linux, buffers of
//! 4 MB or more ask for transparent huge pages before their first write, as
//! NumPy does for its arrays.

use std::mem::MaybeUninit;

use crate::Float;

/// Buffers at least this large (in bytes) ask for huge pages.
#[cfg(target_os = "linux")]
const HUGE_PAGE_MIN_BYTES: usize = 4 << 20;

/// Runs `task(first, chunk)` on consecutive chunks of `chunk_len` values of
/// `out` (the last may be shorter), `first` being the chunk's first index; on
/// threads when `parallel` (and the `rayon` feature is on).
pub(crate) fn for_each_chunk<T: Send>(
    out: &mut [T],
    chunk_len: usize,
    parallel: bool,
    task: impl Fn(usize, &mut [T]) + Sync + Send,
) {
    let chunk_len = chunk_len.max(1);
    #[cfg(feature = "rayon")]
    if parallel {
        use rayon::prelude::*;
        out.par_chunks_mut(chunk_len)
            .enumerate()
            .for_each(|(c, chunk)| task(c * chunk_len, chunk));
        return;
    }
    let _ = parallel;
    out.chunks_mut(chunk_len)
        .enumerate()
        .for_each(|(c, chunk)| task(c * chunk_len, chunk));
}

/// A new vector of `len` values, filled chunk by chunk by `task` exactly as
/// [`for_each_chunk`] would fill an existing one (same chunks, same threads).
/// Each chunk is set to zero just before `task` sees it, by the same thread.
pub(crate) fn new_by_chunks<F: Float>(
    len: usize,
    chunk_len: usize,
    parallel: bool,
    task: impl Fn(usize, &mut [F]) + Sync + Send,
) -> Vec<F> {
    let mut values: Vec<F> = Vec::with_capacity(len);
    advise_huge_pages(&mut values);
    for_each_chunk(
        &mut values.spare_capacity_mut()[..len],
        chunk_len,
        parallel,
        |first, chunk: &mut [MaybeUninit<F>]| {
            chunk.fill(MaybeUninit::new(F::zero()));
            // SAFETY: every element of `chunk` was initialised on the line above,
            // and `MaybeUninit<F>` has the size, alignment and layout of `F`.
            let chunk = unsafe { &mut *(chunk as *mut [MaybeUninit<F>] as *mut [F]) };
            task(first, chunk);
        },
    );
    // SAFETY: the chunks of `for_each_chunk` cover `spare_capacity_mut()[..len]`
    // (`len ≤ capacity`) without gaps, and each chunk was initialised before
    // `task` ran on it; had a task panicked, we would not be here.
    unsafe { values.set_len(len) };
    values
}

/// Asks the kernel to back the (future) contents of `values` with transparent
/// huge pages, when its capacity is large; a hint only, never an error.
fn advise_huge_pages<F>(values: &mut Vec<F>) {
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        let bytes = values.capacity() * std::mem::size_of::<F>();
        if bytes < HUGE_PAGE_MIN_BYTES {
            return;
        }
        let start = values.as_mut_ptr() as usize;
        let first_page = start.div_ceil(PAGE) * PAGE;
        let end_page = (start + bytes) / PAGE * PAGE;
        if end_page > first_page {
            // SAFETY: the page-aligned range lies inside the allocation `values`
            // owns; MADV_HUGEPAGE changes only how the kernel backs those pages,
            // never their contents. A failure (e.g. THP disabled) is ignored.
            unsafe {
                libc::madvise(
                    first_page as *mut libc::c_void,
                    end_page - first_page,
                    libc::MADV_HUGEPAGE,
                );
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = values;
}
