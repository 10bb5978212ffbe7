//! Hand-written loops (AVX2 + FMA on x86-64, NEON on aarch64), for the one
//! place where the compiler's own vectorisation goes wrong: several rows' dot
//! products at once. Written in plain Rust, LLVM packs lanes of *different*
//! rows into one register and spends more time shuffling than multiplying;
//! with intrinsics each register holds consecutive terms of one row, as intended.
//!
//! The sums are the same bits as [`order::dot`](super::order::dot) with `Fused`
//! multiply-adds: partial sum `l` of `L` takes the terms `k ≡ l (mod L)` (lanes
//! of two AVX2 registers, or of four NEON ones), the partial sums are combined
//! pairwise, then the tail is added term by term (for rows of at least `2L`
//! values; shorter ones go to `dot` itself). So AVX2 and NEON give the same bits.
//!
//! [`SimdFloat`] is how code generic over `F` reaches the loops written for
//! one type, here and in `wide`: it matches on what the sealed `Float` says `F`
//! is, a `match` with one arm left for each type once compiled.

use super::dispatch::MulAdd;
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_feature = "neon")
))]
use super::order::combine;
use super::order::{dot, long_from};
use crate::Float;
use crate::float::sealed::{Typed, TypedMut};

/// The kernels written for `f32` and `f64` one by one, called from code
/// generic over any [`Float`] `F`: implemented once for every `F`, by matching
/// on the type `F` is (the sealed trait's `typed` view of a slice).
pub(crate) trait SimdFloat: Float {
    /// `[x₀ · w, x₁ · w, x₂ · w, x₃ · w]` for four rows of (at least) `w.len()`
    /// values, each summed exactly as `dot::<Self, M>` sums it.
    fn dot4<M: MulAdd>(rows: [&[Self]; 4], w: &[Self]) -> [Self; 4];

    /// `out_k[i] = x_k[i] · w + b` for the rows of four quarters of a block,
    /// each sum as [`dot4`](SimdFloat::dot4) gives it, by `long_rows`'s loop
    /// of the level `M` (rows of `w.len() ≥ 4L` values); returns whether it
    /// ran (not where the level has no such loop, nor for shorter rows).
    fn quarters<M: MulAdd>(
        x: [&[Self]; 4],
        w: &[Self],
        b: Self,
        out: [&mut [std::mem::MaybeUninit<Self>]; 4],
    ) -> bool;

    /// `x · w` over the common length, summed exactly as `dot::<Self, M>`
    /// sums it: long rows (`4L` values or more) by the loops of
    /// `kernels::long_rows` where the processor has them.
    fn dot_row<M: MulAdd>(x: &[Self], w: &[Self]) -> Self;

    /// `σ` in place by the 512-bit kernel of `kernels::wide`, or `h·σ(h)`
    /// (SiLU) with `times_net_input`, where there is one for this type and
    /// the processor has AVX-512, prefetching `next` meanwhile; returns
    /// whether it ran.
    fn sigmoid_wide(values: &mut [Self], next: &[Self], times_net_input: bool) -> bool;

    /// `σ(h)` for one value as the 512-bit kernel computes it (with `M`'s
    /// multiply-add, fused where that kernel runs).
    fn sigmoid_by_table<M: MulAdd>(h: Self) -> Self;

    /// The rows' binary cross-entropy by the 512-bit kernel of
    /// `kernels::wide_bce` (losses into `losses`, `δ = σ(h) − t` over `h`),
    /// where the processor has AVX-512, prefetching `next` meanwhile;
    /// returns whether it ran.
    fn bce_wide(h: &mut [Self], losses: &mut [Self], targets: &[Self], next: &[Self]) -> bool;

    /// One row's loss and `δ` as the 512-bit kernel computes them (with
    /// `M`'s multiply-add, fused where that kernel runs).
    fn bce_by_table<M: MulAdd>(h: Self, t: Self) -> (Self, Self);

    /// The rows' binary cross-entropy by AVX2's `f32` kernel of
    /// `kernels::avx2_bce` (the table model of `bce_table`, as the 512-bit
    /// kernel), at a fused level (`M`) where the processor has AVX2 and FMA,
    /// prefetching `next` meanwhile; returns whether it ran (never for `f64`,
    /// which keeps the generic code below AVX-512).
    fn bce_avx2<M: MulAdd>(
        h: &mut [Self],
        losses: &mut [Self],
        targets: &[Self],
        next: &[Self],
    ) -> bool;

    /// The net inputs of short rows (`2 ≤ d < 2L`) by the 512-bit transposition of
    /// `kernels::wide_rows`, one row per lane, with `dot`'s bits; returns how
    /// many rows it wrote (whole registers' worth), or `None` without AVX-512.
    fn short_rows_wide(
        x: &[Self],
        d: usize,
        w: &[Self],
        b: Self,
        out: &mut [std::mem::MaybeUninit<Self>],
    ) -> Option<usize>;

    /// A training block of short rows (`2 ≤ d < 2L`; `f32` up to 15) with
    /// the cross-entropy, in one pass by the 512-bit kernel of
    /// `kernels::wide_epoch`: each row's loss into `losses` and `δ` into
    /// `deltas`, `Σᵢ δᵢ·xᵢ` into `grad_w` and `Σᵢ δᵢ` into `grad_b`,
    /// prefetching `next`; returns how many rows it took (whole registers'
    /// worth; none for longer `f32` rows), or `None` without AVX-512.
    #[allow(clippy::too_many_arguments)]
    fn bce_block_wide(
        x: &[Self],
        d: usize,
        w: &[Self],
        b: Self,
        targets: &[Self],
        losses: &mut [Self],
        deltas: &mut [Self],
        grad_w: &mut [Self],
        grad_b: &mut Self,
        next: &[Self],
    ) -> Option<usize>;

    /// `Σᵢ δᵢ·xᵢ` into `grad_w` and `Σᵢ δᵢ` into `grad_b` over short rows
    /// (`2 ≤ d < 2L`) by a register kernel of the level `M`: AVX-512's
    /// `kernels::wide_rows` (f64 and f32), or AVX2's `kernels::avx2_gradient`
    /// (f32), each in its own order; returns how many rows it took (whole
    /// registers' worth), or `None` where the level has none.
    fn gradient_short_rows<M: MulAdd>(
        x: &[Self],
        d: usize,
        deltas: &[Self],
        grad_w: &mut [Self],
        grad_b: &mut Self,
    ) -> Option<usize>;
}

impl<F: Float> SimdFloat for F {
    #[inline(always)]
    fn dot_row<M: MulAdd>(x: &[F], w: &[F]) -> F {
        if x.len().min(w.len()) >= long_from::<F>() {
            let mut sum = [F::zero()];
            let done = match (F::typed_mut(&mut sum), F::typed(x), F::typed(w)) {
                (TypedMut::F64([s]), Typed::F64(x), Typed::F64(w)) => {
                    super::long_rows::dot_f64::<M>(x, w).map(|v| *s = v)
                }
                (TypedMut::F32([s]), Typed::F32(x), Typed::F32(w)) => {
                    super::long_rows::dot_f32::<M>(x, w).map(|v| *s = v)
                }
                // Not taken: all three slices are of `F`, `sum` of length 1.
                _ => None,
            };
            if done.is_some() {
                let [s] = sum;
                return s;
            }
        }
        dot::<F, M>(x, w)
    }

    #[inline(always)]
    fn dot4<M: MulAdd>(rows: [&[F]; 4], w: &[F]) -> [F; 4] {
        let [r0, r1, r2, r3] = rows;
        let mut sums = [F::zero(); 4];
        // The six slices are all of `F`, so of one type: the first or the
        // second arm is taken.
        match (
            F::typed_mut(&mut sums),
            F::typed(w),
            [F::typed(r0), F::typed(r1), F::typed(r2), F::typed(r3)],
        ) {
            (
                TypedMut::F64(sums),
                Typed::F64(w),
                [
                    Typed::F64(r0),
                    Typed::F64(r1),
                    Typed::F64(r2),
                    Typed::F64(r3),
                ],
            ) => {
                let four = dot4_f64::<M>([r0, r1, r2, r3], w);
                for (sum, s) in sums.iter_mut().zip(four) {
                    *sum = s;
                }
            }
            (
                TypedMut::F32(sums),
                Typed::F32(w),
                [
                    Typed::F32(r0),
                    Typed::F32(r1),
                    Typed::F32(r2),
                    Typed::F32(r3),
                ],
            ) => {
                let four = dot4_f32::<M>([r0, r1, r2, r3], w);
                for (sum, s) in sums.iter_mut().zip(four) {
                    *sum = s;
                }
            }
            _ => {
                for (sum, row) in sums.iter_mut().zip(rows) {
                    *sum = dot::<F, M>(row, w);
                }
            }
        }
        sums
    }

    #[inline(always)]
    fn quarters<M: MulAdd>(
        x: [&[F]; 4],
        w: &[F],
        b: F,
        out: [&mut [std::mem::MaybeUninit<F>]; 4],
    ) -> bool {
        if w.len() < long_from::<F>() {
            return false;
        }
        let [x0, x1, x2, x3] = x;
        let out = out.map(|o| (o.len(), o.as_mut_ptr()));
        let mut bias = [b];
        match (
            [F::typed(x0), F::typed(x1), F::typed(x2), F::typed(x3)],
            F::typed(w),
            F::typed_mut(&mut bias),
        ) {
            (
                [
                    Typed::F64(x0),
                    Typed::F64(x1),
                    Typed::F64(x2),
                    Typed::F64(x3),
                ],
                Typed::F64(w),
                TypedMut::F64([b]),
            ) => {
                // SAFETY: `w` is typed as `f64`, so `F` is `f64`: each
                // quarter of `out` is its length of `MaybeUninit<f64>`,
                // borrowed mutably by this function.
                let out = out.map(|(len, start)| unsafe {
                    std::slice::from_raw_parts_mut(start.cast(), len)
                });
                super::long_rows::quarters_f64::<M>([x0, x1, x2, x3], w, *b, out)
            }
            (
                [
                    Typed::F32(x0),
                    Typed::F32(x1),
                    Typed::F32(x2),
                    Typed::F32(x3),
                ],
                Typed::F32(w),
                TypedMut::F32([b]),
            ) => {
                // SAFETY: as above, `F` is `f32`.
                let out = out.map(|(len, start)| unsafe {
                    std::slice::from_raw_parts_mut(start.cast(), len)
                });
                super::long_rows::quarters_f32::<M>([x0, x1, x2, x3], w, *b, out)
            }
            // Not taken: every slice is of `F`.
            _ => false,
        }
    }

    #[inline(always)]
    fn sigmoid_wide(values: &mut [F], next: &[F], times_net_input: bool) -> bool {
        match (F::typed_mut(values), F::typed(next)) {
            (TypedMut::F64(values), Typed::F64(next)) => {
                super::wide::sigmoid_f64(values, next, times_net_input)
            }
            (TypedMut::F32(values), Typed::F32(next)) => {
                super::wide::sigmoid_f32(values, next, times_net_input)
            }
            // Not taken: both slices are of `F`.
            _ => false,
        }
    }

    #[inline(always)]
    fn bce_wide(h: &mut [F], losses: &mut [F], targets: &[F], next: &[F]) -> bool {
        match (
            F::typed_mut(h),
            F::typed_mut(losses),
            F::typed(targets),
            F::typed(next),
        ) {
            (TypedMut::F64(h), TypedMut::F64(l), Typed::F64(t), Typed::F64(next)) => {
                super::wide_bce::bce_f64(h, l, t, next)
            }
            (TypedMut::F32(h), TypedMut::F32(l), Typed::F32(t), Typed::F32(next)) => {
                super::wide_bce::bce_f32(h, l, t, next)
            }
            // Not taken: all four slices are of `F`.
            _ => false,
        }
    }

    #[inline(always)]
    fn bce_avx2<M: MulAdd>(h: &mut [F], losses: &mut [F], targets: &[F], next: &[F]) -> bool {
        #[cfg(target_arch = "x86_64")]
        if M::FUSED
            && let (TypedMut::F32(h), TypedMut::F32(l), Typed::F32(t), Typed::F32(next)) = (
                F::typed_mut(h),
                F::typed_mut(losses),
                F::typed(targets),
                F::typed(next),
            )
        {
            return super::avx2_bce::bce_f32(h, l, t, next);
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = (h, losses, targets, next);
        false
    }

    #[inline(always)]
    fn short_rows_wide(
        x: &[F],
        d: usize,
        w: &[F],
        b: F,
        out: &mut [std::mem::MaybeUninit<F>],
    ) -> Option<usize> {
        let mut bias = [b];
        let (len, start) = (out.len(), out.as_mut_ptr());
        match (F::typed(x), F::typed(w), F::typed_mut(&mut bias)) {
            (Typed::F64(x), Typed::F64(w), TypedMut::F64([b])) => {
                // SAFETY: `x` is typed as `f64`, so `F` is `f64`: `out` is
                // `len` values of `MaybeUninit<f64>`, borrowed mutably here.
                let out = unsafe { std::slice::from_raw_parts_mut(start.cast(), len) };
                super::wide_rows::net_inputs_f64(x, d, w, *b, out)
            }
            (Typed::F32(x), Typed::F32(w), TypedMut::F32([b])) => {
                // SAFETY: as above, `F` is `f32`.
                let out = unsafe { std::slice::from_raw_parts_mut(start.cast(), len) };
                super::wide_rows::net_inputs_f32(x, d, w, *b, out)
            }
            // Not taken: every slice is of `F`.
            _ => None,
        }
    }

    #[inline(always)]
    fn bce_block_wide(
        x: &[F],
        d: usize,
        w: &[F],
        b: F,
        targets: &[F],
        losses: &mut [F],
        deltas: &mut [F],
        grad_w: &mut [F],
        grad_b: &mut F,
        next: &[F],
    ) -> Option<usize> {
        let mut scalars = [b, *grad_b];
        let done = match (
            F::typed(x),
            F::typed(w),
            F::typed(targets),
            F::typed_mut(losses),
            F::typed_mut(deltas),
            F::typed_mut(grad_w),
            F::typed_mut(&mut scalars),
            F::typed(next),
        ) {
            (
                Typed::F64(x),
                Typed::F64(w),
                Typed::F64(t),
                TypedMut::F64(l),
                TypedMut::F64(deltas),
                TypedMut::F64(g),
                TypedMut::F64([b, gb]),
                Typed::F64(next),
            ) => super::wide_epoch::bce_block_f64(x, d, w, *b, t, l, deltas, g, gb, next),
            (
                Typed::F32(x),
                Typed::F32(w),
                Typed::F32(t),
                TypedMut::F32(l),
                TypedMut::F32(deltas),
                TypedMut::F32(g),
                TypedMut::F32([b, gb]),
                Typed::F32(next),
            ) => super::wide_epoch::bce_block_f32(x, d, w, *b, t, l, deltas, g, gb, next),
            // Not taken: every slice is of `F`.
            _ => None,
        };
        let [_, gb] = scalars;
        *grad_b = gb;
        done
    }

    #[inline(always)]
    fn gradient_short_rows<M: MulAdd>(
        x: &[F],
        d: usize,
        deltas: &[F],
        grad_w: &mut [F],
        grad_b: &mut F,
    ) -> Option<usize> {
        let mut bias = [*grad_b];
        let done = match (
            F::typed(x),
            F::typed(deltas),
            F::typed_mut(grad_w),
            F::typed_mut(&mut bias),
        ) {
            (Typed::F64(x), Typed::F64(deltas), TypedMut::F64(g), TypedMut::F64([b]))
                if M::WIDE =>
            {
                super::wide_rows::gradient_f64(x, d, deltas, g, b)
            }
            (Typed::F32(x), Typed::F32(deltas), TypedMut::F32(g), TypedMut::F32([b]))
                if M::WIDE =>
            {
                super::wide_rows::gradient_f32(x, d, deltas, g, b)
            }
            #[cfg(target_arch = "x86_64")]
            (Typed::F32(x), Typed::F32(deltas), TypedMut::F32(g), TypedMut::F32([b]))
                if M::FUSED =>
            {
                super::avx2_gradient::gradient_f32(x, d, deltas, g, b)
            }
            // The baseline, NEON, f64 below AVX-512 (and, not taken, slices
            // of different types).
            _ => None,
        };
        let [b] = bias;
        *grad_b = b;
        done
    }

    #[inline(always)]
    fn bce_by_table<M: MulAdd>(h: F, t: F) -> (F, F) {
        let mut pair = [h, t];
        match F::typed_mut(&mut pair) {
            TypedMut::F64([h, t]) => (*h, *t) = super::bce_table::bce::<M>(*h, *t),
            TypedMut::F32([h, t]) => (*h, *t) = super::bce_table::bce_f32::<M>(*h, *t),
            // Not taken: `pair` holds two values.
            TypedMut::F64(_) | TypedMut::F32(_) => {}
        }
        let [loss, delta] = pair;
        (loss, delta)
    }

    #[inline(always)]
    fn sigmoid_by_table<M: MulAdd>(h: F) -> F {
        let mut y = [h];
        match F::typed_mut(&mut y) {
            TypedMut::F64([y]) => *y = super::math::by_table::sigmoid::<M>(*y),
            TypedMut::F32([y]) => *y = super::math::by_table::sigmoid_f32::<M>(*y),
            // Not taken: `y` holds one value.
            TypedMut::F64(_) | TypedMut::F32(_) => {}
        }
        let [y] = y;
        y
    }
}

/// Defines four rows' dot products for one float type: long rows by
/// `long_rows`, others by its AVX2 loop where the processor has AVX2 and FMA,
/// its NEON loop on aarch64, `dot` otherwise.
macro_rules! dot4_of_type {
    ($name:ident, $t:ty, $lanes:literal, $avx2:ident, $neon:ident, $long:ident) => {
        #[inline(always)]
        fn $name<M: MulAdd>(rows: [&[$t]; 4], w: &[$t]) -> [$t; 4] {
            // Long rows: `4L` partial sums each, by `kernels::long_rows`
            // (four chains of multiply-adds per row; on AVX2 half of four
            // rows' sums are kept in memory, on NEON two rows at a time).
            if w.len() >= 4 * $lanes
                && let Some(sums) = super::long_rows::$long::<M>(rows, w)
            {
                return sums;
            }
            #[cfg(target_arch = "x86_64")]
            if M::FUSED && (2 * $lanes..4 * $lanes).contains(&w.len()) && avx2_fma() {
                // SAFETY: `avx2_fma()` has just found AVX2 and FMA on this
                // processor, the features `$avx2` is compiled for.
                return unsafe { $avx2(rows, w) };
            }
            #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
            if M::FUSED && (2 * $lanes..4 * $lanes).contains(&w.len()) {
                // SAFETY: compiled only for targets whose baseline has NEON
                // (`target_feature = "neon"`: every aarch64 target with an
                // FPU), so every processor that runs this code has it.
                return unsafe { $neon(rows, w) };
            }
            // A plain loop, not `rows.map(..)`: a closure does not inherit
            // the caller's `#[target_feature]`s.
            let mut sums = [0.0; 4];
            for (sum, row) in sums.iter_mut().zip(rows) {
                *sum = dot::<$t, M>(row, w);
            }
            sums
        }
    };
}

// Per type: its lanes, and its four-row AVX2 and NEON loops.
dot4_of_type!(dot4_f64, f64, 8, dot4_f64_avx2, dot4_f64_neon, dot4_f64);
dot4_of_type!(dot4_f32, f32, 16, dot4_f32_avx2, dot4_f32_neon, dot4_f32);

/// Whether this processor has AVX2 and FMA, which the AVX2 loops below are
/// compiled for. `std` caches what it detects, so this is a load and a test.
#[cfg(target_arch = "x86_64")]
#[inline]
fn avx2_fma() -> bool {
    std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
}

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
            // Plain statements, no `array::map` closures: closures do not
            // inherit `#[target_feature]` and are not always inlined here.
            let mut rows = rows;
            for row in rows.iter_mut() {
                *row = row.get(..d).unwrap_or(row);
            }
            let c0 = rows[0].as_chunks::<$lanes>().0;
            let c1 = rows[1].as_chunks::<$lanes>().0;
            let c2 = rows[2].as_chunks::<$lanes>().0;
            let c3 = rows[3].as_chunks::<$lanes>().0;
            // One zipped iterator over w and the four rows: it stops at the
            // shortest, with no index to check, so the accumulators stay in
            // registers (indexing each row's chunks keeps a bounds check per
            // row, which spills the accumulators to the stack on every pass).
            let passes = w_chunks.iter().zip(c0).zip(c1).zip(c2).zip(c3);
            let full = w_chunks
                .len()
                .min(c0.len())
                .min(c1.len())
                .min(c2.len())
                .min(c3.len());
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
            // closure reading `acc` by reference makes the loop store every
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

/// Defines the NEON four-row dot product for one float type: `L` partial sums
/// in four registers of `L/4` lanes per row (16 accumulators and 8 registers
/// of loaded values: 24 of aarch64's 32). `vfmaq(a, b, c)` is `a + b·c` rounded
/// once, the same value as AVX2's `fmadd(b, c, a)`. Plain `ld1` loads of one
/// register each: the four-register `ld1` wants four consecutive registers,
/// for which LLVM shuffles the accumulators around it on every pass.
macro_rules! dot4_neon {
    ($name:ident, $t:ty, $lanes:literal, $width:literal, $vec:ty, $dup:ident, $load:ident, $fma:ident, $store:ident) => {
        #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
        #[target_feature(enable = "neon")]
        #[inline]
        unsafe fn $name(rows: [&[$t]; 4], w: &[$t]) -> [$t; 4] {
            use std::arch::aarch64::*;

            /// The `L` values of `chunk` as four registers, in order.
            #[inline(always)]
            fn load(chunk: &[$t; $lanes]) -> [$vec; 4] {
                let p = chunk.as_ptr();
                // SAFETY: `chunk` holds 4·`$width` values, and each load reads
                // `$width` of them, from `p`, `p + $width`, `p + 2·$width` and
                // `p + 3·$width`; NEON is part of this target (`cfg` above).
                unsafe {
                    [
                        $load(p),
                        $load(p.add($width)),
                        $load(p.add(2 * $width)),
                        $load(p.add(3 * $width)),
                    ]
                }
            }

            /// The four registers' lanes, in order: partial sums `0..L`.
            #[inline(always)]
            fn store(registers: [$vec; 4]) -> [$t; $lanes] {
                let mut s = [0.0 as $t; $lanes];
                let p = s.as_mut_ptr();
                // SAFETY: as in `load`, four stores of `$width` values each
                // into the 4·`$width` values of `s`.
                unsafe {
                    $store(p, registers[0]);
                    $store(p.add($width), registers[1]);
                    $store(p.add(2 * $width), registers[2]);
                    $store(p.add(3 * $width), registers[3]);
                }
                s
            }

            let d = w.len();
            let (w_chunks, w_tail) = w.as_chunks::<$lanes>();
            // Plain statements, as in the AVX2 loop: no closures.
            let mut rows = rows;
            for row in rows.iter_mut() {
                *row = row.get(..d).unwrap_or(row);
            }
            let c0 = rows[0].as_chunks::<$lanes>().0;
            let c1 = rows[1].as_chunks::<$lanes>().0;
            let c2 = rows[2].as_chunks::<$lanes>().0;
            let c3 = rows[3].as_chunks::<$lanes>().0;
            // One zipped iterator, as in the AVX2 loop: no index to check.
            let passes = w_chunks.iter().zip(c0).zip(c1).zip(c2).zip(c3);
            let full = w_chunks
                .len()
                .min(c0.len())
                .min(c1.len())
                .min(c2.len())
                .min(c3.len());
            let mut acc = [[$dup(0.0); 4]; 4];
            for ((((w_m, x0), x1), x2), x3) in passes {
                let w_v = load(w_m);
                for (acc_r, x_m) in acc.iter_mut().zip([x0, x1, x2, x3]) {
                    let x_v = load(x_m);
                    acc_r[0] = $fma(acc_r[0], x_v[0], w_v[0]);
                    acc_r[1] = $fma(acc_r[1], x_v[1], w_v[1]);
                    acc_r[2] = $fma(acc_r[2], x_v[2], w_v[2]);
                    acc_r[3] = $fma(acc_r[3], x_v[3], w_v[3]);
                }
            }
            let tail_start = full * $lanes;
            let mut sums = [0.0 as $t; 4];
            for ((sum, acc_r), row) in sums.iter_mut().zip(acc).zip(rows) {
                *sum = combine(store(acc_r));
                let tail = row.get(tail_start..).unwrap_or(&[]);
                for (&xi, &wi) in tail.iter().zip(w_tail) {
                    *sum = xi.mul_add(wi, *sum);
                }
            }
            sums
        }
    };
}
dot4_neon!(
    dot4_f64_neon,
    f64,
    8,
    2,
    float64x2_t,
    vdupq_n_f64,
    vld1q_f64,
    vfmaq_f64,
    vst1q_f64
);
dot4_neon!(
    dot4_f32_neon,
    f32,
    16,
    4,
    float32x4_t,
    vdupq_n_f32,
    vld1q_f32,
    vfmaq_f32,
    vst1q_f32
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Float;
    use crate::kernels::dispatch::{Fused, Separate};

    /// Four rows' dot products and one row's, `Fused` and `Separate`, called
    /// from code compiled for no particular level: `dot4` and `dot_row` check
    /// the processor themselves before they take a hand-written loop, and each
    /// row gets `dot`'s bits, for rows shorter than `2L`, around `2L` (16 for
    /// f64, 32 for f32), around `4L` and far beyond, and longer than `w`.
    #[test]
    fn dot4_gives_each_row_the_bits_of_dot_from_any_caller() {
        fn check<F: Float>() {
            // Long rows (from 32 in f64, 64 in f32) with 0 to 3 chunks of `L`
            // after the last `4L`, and over several of `long_rows`' turns.
            let lengths = [
                0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 255, 256, 257, 600, 2100,
            ];
            for d in lengths {
                let value = |k: usize, seed: usize| {
                    F::from_f64(((k * 7 + seed * 3) % 11) as f64 / 3.0 - 1.5)
                };
                let rows: Vec<Vec<F>> = (0..4)
                    .map(|r| (0..d + r).map(|k| value(k, r)).collect())
                    .collect();
                let w: Vec<F> = (0..d).map(|k| value(k, 9)).collect();
                let four = [&rows[0][..], &rows[1][..], &rows[2][..], &rows[3][..]];
                let fused = F::dot4::<Fused>(four, &w);
                #[cfg(target_arch = "x86_64")]
                {
                    use crate::kernels::dispatch::FusedWide;
                    let wide = F::dot4::<FusedWide>(four, &w);
                    assert_eq!(
                        wide.map(|v| v.as_f64().to_bits()),
                        fused.map(|v| v.as_f64().to_bits())
                    );
                }
                let separate = F::dot4::<Separate>(four, &w);
                for ((row, f), s) in four.iter().zip(fused).zip(separate) {
                    let want_fused = dot::<F, Fused>(row, &w);
                    let want_separate = dot::<F, Separate>(row, &w);
                    let (one_fused, one_separate) = (
                        F::dot_row::<Fused>(row, &w),
                        F::dot_row::<Separate>(row, &w),
                    );
                    assert_eq!(one_fused.as_f64().to_bits(), want_fused.as_f64().to_bits());
                    assert_eq!(
                        one_separate.as_f64().to_bits(),
                        want_separate.as_f64().to_bits()
                    );
                    assert_eq!(
                        f.as_f64().to_bits(),
                        want_fused.as_f64().to_bits(),
                        "{} d={d}",
                        F::NAME
                    );
                    assert_eq!(
                        s.as_f64().to_bits(),
                        want_separate.as_f64().to_bits(),
                        "{} d={d}",
                        F::NAME
                    );
                }
            }
        }
        check::<f64>();
        check::<f32>();
    }
}
