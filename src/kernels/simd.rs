//! Hand-written AVX2 + FMA loops, for the one place where the compiler's own
//! vectorisation goes wrong: several rows' dot products at once. Written in
//! plain Rust, LLVM packs lanes of *different* rows into one register and
//! spends more time shuffling than multiplying (measured 2× slower than one
//! row at a time); with intrinsics each register holds consecutive terms of one
//! row, as intended.
//!
//! The sums are the same bits as [`block::dot`](super::block::dot): partial sum
//! `l` of `L` takes the terms `k ≡ l (mod L)` (lanes of two registers), the
//! partial sums are combined pairwise, then the tail is added term by term
//! (for rows of at least `2L` values; shorter ones go to `dot` itself).

use super::block::{combine, dot};
use super::dispatch::MulAdd;

/// Float types with hand-written kernels; implemented for `f32` and `f64` only
/// (a supertrait of the sealed [`Float`](crate::Float)).
pub trait SimdFloat: Sized + Copy {
    /// `[x₀ · w, x₁ · w, x₂ · w, x₃ · w]` for four rows of (at least) `w.len()`
    /// values, each summed exactly as `dot::<Self, M>` sums it.
    fn dot4<M: MulAdd>(rows: [&[Self]; 4], w: &[Self]) -> [Self; 4];
}

macro_rules! simd_float {
    ($t:ty, $lanes:literal, $avx2:ident) => {
        impl SimdFloat for $t {
            #[inline(always)]
            fn dot4<M: MulAdd>(rows: [&[$t]; 4], w: &[$t]) -> [$t; 4] {
                #[cfg(target_arch = "x86_64")]
                if M::FUSED && w.len() >= 2 * $lanes {
                    // SAFETY: `Fused` multiply-adds are used only by the kernels
                    // compiled for AVX2 + FMA or AVX-512 (see `dispatched!`), which
                    // run only once the processor was found to have AVX2 and FMA.
                    return unsafe { $avx2(rows, w) };
                }
                rows.map(|row| dot::<$t, M>(row, w))
            }
        }
    };
}
simd_float!(f64, 8, dot4_f64_avx2);
simd_float!(f32, 16, dot4_f32_avx2);

/// Defines the AVX2 four-row dot product for one float type: `L` partial sums
/// in two registers of `L/2` lanes per row.
macro_rules! dot4_avx2 {
    ($name:ident, $t:ty, $lanes:literal, $half:literal, $zero:ident, $load:ident, $fmadd:ident, $store:ident) => {
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx2,fma")]
        #[inline]
        unsafe fn $name(rows: [&[$t]; 4], w: &[$t]) -> [$t; 4] {
            use std::arch::x86_64::*;
            let d = w.len();
            let (w_chunks, w_tail) = w.as_chunks::<$lanes>();
            let rows = rows.map(|row| row.get(..d).unwrap_or(row));
            let [c0, c1, c2, c3] = rows.map(|row| row.as_chunks::<$lanes>().0);
            // One zipped iterator over w and the four rows: it stops at the
            // shortest, with no index to check, so the accumulators stay in
            // registers (indexing each row's chunks had kept a bounds check per
            // row and spilled the accumulators to the stack on every pass:
            // 1.1–1.2× slower at d = 1000 and 10 000).
            let passes = w_chunks.iter().zip(c0).zip(c1).zip(c2).zip(c3);
            let full = [c0, c1, c2, c3]
                .iter()
                .map(|c| c.len())
                .fold(w_chunks.len(), usize::min);
            let mut acc = [[$zero(); 2]; 4];
            for ((((w_m, x0), x1), x2), x3) in passes {
                let (w_lo, w_hi) = w_m.split_at($half);
                // SAFETY: `w_lo` and `w_hi` hold `$half` values each, as many as one
                // unaligned load reads.
                let (w_lo, w_hi) = unsafe { ($load(w_lo.as_ptr()), $load(w_hi.as_ptr())) };
                for (acc_r, x_m) in acc.iter_mut().zip([x0, x1, x2, x3]) {
                    let (x_lo, x_hi) = x_m.split_at($half);
                    // SAFETY: as above, `$half` values each.
                    let (x_lo, x_hi) = unsafe { ($load(x_lo.as_ptr()), $load(x_hi.as_ptr())) };
                    acc_r[0] = $fmadd(x_lo, w_lo, acc_r[0]);
                    acc_r[1] = $fmadd(x_hi, w_hi, acc_r[1]);
                }
            }
            // The partial sums leave their registers only now, by value: a
            // closure reading `acc` by reference had made the loop store every
            // accumulator to the stack on every pass.
            let mut partial = [[0.0 as $t; $lanes]; 4];
            for (s, [lo, hi]) in partial.iter_mut().zip(acc) {
                let (s_lo, s_hi) = s.split_at_mut($half);
                // SAFETY: `s_lo` and `s_hi` have room for `$half` values each.
                unsafe {
                    $store(s_lo.as_mut_ptr(), lo);
                    $store(s_hi.as_mut_ptr(), hi);
                }
            }
            let tail_start = full * $lanes;
            let mut sums = [0.0 as $t; 4];
            for ((sum, s), row) in sums.iter_mut().zip(partial).zip(rows) {
                *sum = combine(s);
                let tail = row.get(tail_start..).unwrap_or(&[]);
                for (&xi, &wi) in tail.iter().zip(w_tail) {
                    *sum = xi.mul_add(wi, *sum);
                }
            }
            sums
        }
    };
}
dot4_avx2!(
    dot4_f64_avx2,
    f64,
    8,
    4,
    _mm256_setzero_pd,
    _mm256_loadu_pd,
    _mm256_fmadd_pd,
    _mm256_storeu_pd
);
dot4_avx2!(
    dot4_f32_avx2,
    f32,
    16,
    8,
    _mm256_setzero_ps,
    _mm256_loadu_ps,
    _mm256_fmadd_ps,
    _mm256_storeu_ps
);

/// Asks the processor to start loading `values` into the cache (L2 hint). A
/// hint only: no effect on any result.
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
