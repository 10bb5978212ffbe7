//! Output buffers the kernels allocate themselves (a forward pass's outputs),
//! and scratch that a thread keeps between calls (a convolution's patches).
//!
//! `vec![0.0; n]` writes (or page-faults) all `n` values on the calling thread
//! before any thread computes: a serial pass over memory as long as a large
//! share of the forward pass itself. Here each chunk is first written by the
//! thread that then computes it, while it is in that core's cache. On Linux,
//! buffers of 4 MB or more ask for transparent huge pages before their first
//! write, as NumPy does for its arrays.

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

/// A new vector of `len` values, written chunk by chunk by `task` exactly as
/// [`for_each_chunk`] would fill an existing one (same chunks, same threads).
/// Nothing writes the memory before `task` does: its first write is the
/// value (a zeroing pass first would be one more pass over the whole output,
/// on the processor's critical path).
///
/// # Safety
/// `task(first, chunk)` writes every value of `chunk`.
pub(crate) unsafe fn new_by_chunks<F: Float>(
    len: usize,
    chunk_len: usize,
    parallel: bool,
    task: impl Fn(usize, &mut [MaybeUninit<F>]) + Sync + Send,
) -> Vec<F> {
    let mut values: Vec<F> = Vec::with_capacity(len);
    advise_huge_pages(&mut values);
    for_each_chunk(
        &mut values.spare_capacity_mut()[..len],
        chunk_len,
        parallel,
        task,
    );
    // SAFETY: the chunks of `for_each_chunk` cover `spare_capacity_mut()[..len]`
    // (`len ≤ capacity`) without gaps, and the caller's `task` wrote every
    // value of each; had a task panicked, we would not be here.
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `f64` values in a buffer just over 4 MB, the size from which Linux
    /// buffers ask for huge pages.
    const JUST_OVER: usize = (4 << 20) / std::mem::size_of::<f64>() + 1;

    /// A buffer just over the threshold is filled like any other, and on Linux
    /// its pages carry the huge-page advice (`hg` in the flags of their mapping
    /// in /proc/self/smaps), which only `advise_huge_pages`'s `madvise` sets:
    /// checked wherever smaps shows advice at all (see [`advice_is_visible`]).
    #[test]
    fn a_buffer_over_the_threshold_is_filled_and_advised_huge_pages() {
        #[cfg(target_os = "linux")]
        assert_eq!(
            JUST_OVER * std::mem::size_of::<f64>(),
            HUGE_PAGE_MIN_BYTES + 8
        );
        #[cfg(target_os = "linux")]
        let visible = advice_is_visible();
        #[cfg(target_os = "linux")]
        if !visible {
            eprintln!("huge-page advice does not show in /proc/self/smaps here: values only");
        }
        for parallel in [false, true] {
            // SAFETY: the task writes every value of its chunk.
            let values = unsafe {
                new_by_chunks::<f64>(JUST_OVER, 4096, parallel, |first, chunk| {
                    for (i, v) in chunk.iter_mut().enumerate() {
                        v.write((first + i) as f64);
                    }
                })
            };
            assert_eq!(values.len(), JUST_OVER);
            for (i, &v) in values.iter().enumerate() {
                assert_eq!(v, i as f64, "value {i}, parallel: {parallel}");
            }
            #[cfg(target_os = "linux")]
            if visible {
                // The first whole page of the buffer, where the advice starts.
                let page = (values.as_ptr() as usize).div_ceil(4096) * 4096;
                assert_eq!(
                    huge_page_advice(page),
                    Some(true),
                    "huge-page advice on the buffer's mapping (parallel: {parallel})"
                );
            }
        }
    }

    /// Whether advice that this process gives shows in /proc/self/smaps: a
    /// control that asks for huge pages on a fresh mapping of its own. Not
    /// under qemu-user, which accepts `madvise` without passing it on, nor on
    /// a kernel built without transparent huge pages.
    #[cfg(target_os = "linux")]
    fn advice_is_visible() -> bool {
        const LEN: usize = 4096;
        // SAFETY: a fresh private anonymous mapping of `LEN` bytes, advised and
        // unmapped here and nowhere else; no Rust value lives in it.
        unsafe {
            let page = libc::mmap(
                std::ptr::null_mut(),
                LEN,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            );
            if page == libc::MAP_FAILED {
                return false;
            }
            let visible = libc::madvise(page, LEN, libc::MADV_HUGEPAGE) == 0
                && huge_page_advice(page as usize) == Some(true);
            libc::munmap(page, LEN);
            visible
        }
    }

    /// Whether the mapping of this process that contains `address` has the
    /// huge-page advice (`hg` among its `VmFlags` in /proc/self/smaps); `None`
    /// when no mapping there is found.
    #[cfg(target_os = "linux")]
    fn huge_page_advice(address: usize) -> Option<bool> {
        let smaps = std::fs::read_to_string("/proc/self/smaps").ok()?;
        let mut inside = false;
        for line in smaps.lines() {
            // A mapping starts with `start-end perms …`, addresses in hex.
            let range = line.split_whitespace().next().and_then(|first| {
                let (start, end) = first.split_once('-')?;
                let start = usize::from_str_radix(start, 16).ok()?;
                Some((start, usize::from_str_radix(end, 16).ok()?))
            });
            if let Some((start, end)) = range {
                inside = (start..end).contains(&address);
            } else if inside && let Some(flags) = line.strip_prefix("VmFlags:") {
                return Some(flags.split_whitespace().any(|flag| flag == "hg"));
            }
        }
        None
    }
}

/// Scratch buffers of at most this many bytes stay with their thread between
/// calls; larger ones are freed after each.
const KEEP_SCRATCH_BYTES: usize = 16 << 20;

thread_local! {
    /// The scratch values this thread keeps, as a `Vec<F>` of the float type
    /// last used.
    static SCRATCH: std::cell::RefCell<Option<Box<dyn std::any::Any>>> =
        const { std::cell::RefCell::new(None) };
}

/// Calls `f` with `len` values of scratch, kept by this thread from call to
/// call (up to 16 MB): a convolution's patches are a few hundred kilobytes per
/// image, and a fresh buffer per call cost page faults and zeroing, 10–15 % of
/// a small CNN's training step. The values `f` finds are unspecified (zeros,
/// or what an earlier call left): `f` writes what it reads.
///
/// Returns `None` if the room cannot be had.
pub(crate) fn with_scratch<F: Float, R>(len: usize, f: impl FnOnce(&mut [F]) -> R) -> Option<R> {
    let kept = SCRATCH.with(|slot| slot.borrow_mut().take());
    let mut values: Vec<F> = kept
        .and_then(|kept| kept.downcast::<Vec<F>>().ok())
        .map(|kept| *kept)
        .unwrap_or_default();
    if values.len() < len {
        values.try_reserve_exact(len - values.len()).ok()?;
        values.resize(len, F::zero());
    }
    let result = f(values.get_mut(..len)?);
    if values.len() * std::mem::size_of::<F>() <= KEEP_SCRATCH_BYTES {
        // A call nested in `f` on this thread (rayon may run another task
        // while this one waits) had a buffer of its own; the last one back stays.
        SCRATCH.with(|slot| *slot.borrow_mut() = Some(Box::new(values)));
    }
    Some(result)
}

/// [`for_each_chunk`] over two outputs at once: `task(c, a_chunk, b_chunk)`
/// gets the `c`-th chunk of `a_len` values of `a` and of `b_len` values of `b`.
pub(crate) fn for_each_chunk_pair<T: Send, U: Send>(
    a: &mut [T],
    a_len: usize,
    b: &mut [U],
    b_len: usize,
    parallel: bool,
    task: impl Fn(usize, &mut [T], &mut [U]) + Sync + Send,
) {
    let (a_len, b_len) = (a_len.max(1), b_len.max(1));
    #[cfg(feature = "rayon")]
    if parallel {
        use rayon::prelude::*;
        a.par_chunks_mut(a_len)
            .zip(b.par_chunks_mut(b_len))
            .enumerate()
            .for_each(|(c, (a, b))| task(c, a, b));
        return;
    }
    let _ = parallel;
    a.chunks_mut(a_len)
        .zip(b.chunks_mut(b_len))
        .enumerate()
        .for_each(|(c, (a, b))| task(c, a, b));
}
