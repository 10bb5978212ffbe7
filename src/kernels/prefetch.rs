//! Software prefetch: asking the processor to start loading memory that the
//! kernels will read next.

/// Asks the processor to start loading `values` into the cache (T0: L1). A
/// hint only: no effect on any result (the L2 hint, T1, measured slightly
/// slower on the epoch). Only on x86-64 (aarch64's prefetch
/// intrinsic is not stable yet); elsewhere a no-op.
#[inline]
pub(crate) fn prefetch<F>(values: &[F]) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        const LINE: usize = 64;
        let bytes = std::mem::size_of_val(values);
        let start = values.as_ptr().cast::<i8>();
        for offset in (0..bytes).step_by(LINE) {
            // SAFETY: a prefetch never faults and changes no memory; the address
            // lies inside `values` anyway (`offset < size_of_val(values)`).
            unsafe { _mm_prefetch::<_MM_HINT_T0>(start.wrapping_add(offset)) };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = values;
}
