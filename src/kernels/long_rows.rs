//! One long row's dot product (`n ≥ 4L`) in registers: the `4L` partial sums
//! of `order`'s long rows as four groups of `L` lanes, each group one chain of
//! multiply-adds (one AVX-512 register per group, two AVX2 ones, four NEON
//! ones). Four chains in flight keep the multiply-add units busy on one row
//! alone, where one chain would wait four cycles on each multiply-add.
//!
//! The bits are those of `order::dot` with `Fused` multiply-adds: the same
//! partial sums, the groups added lane by lane, `(g₀ + g₁) + (g₂ + g₃)`, the
//! `L` sums combined pairwise, then the tail term by term.

#![allow(clippy::needless_range_loop)] // lanes indexed in plain loops, as in `order`
#![allow(clippy::indexing_slicing)] // fixed-size arrays indexed by constants

use super::dispatch::MulAdd;
use std::mem::MaybeUninit;

/// Defines the entry points for one type: one long row's dot product and four
/// rows', each by the fastest loop this processor has for the level `M`, or
/// `None` where there is none (the `Separate` levels, and targets without
/// one). Rows are read side by side, several streams of memory in flight
/// (one row after another leaves one, and long rows then wait on memory).
macro_rules! entries {
    (
        $dot:ident, $dot4:ident, $quarters:ident, $t:ty,
        $avx512:ident, $avx2:ident, $neon:ident
    ) => {
        /// `x · w` over the common length (of at least `4L` values).
        #[inline(always)]
        pub(crate) fn $dot<M: MulAdd>(x: &[$t], w: &[$t]) -> Option<$t> {
            #[cfg(target_arch = "x86_64")]
            if M::FUSED {
                if M::WIDE && std::arch::is_x86_feature_detected!("avx512f") {
                    // SAFETY: AVX-512 F, the feature the loop is compiled
                    // for, was just found on this processor.
                    return Some(unsafe { $avx512::dot(x, w) });
                }
                if avx2_fma() {
                    // SAFETY: AVX2 and FMA were just found on this processor.
                    return Some(unsafe { $avx2::dot(x, w) });
                }
            }
            #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
            if M::FUSED {
                // SAFETY: NEON is part of this target's baseline (`cfg` above).
                return Some(unsafe { $neon::dot(x, w) });
            }
            let _ = (x, w);
            None
        }

        /// Four rows' `xᵢ · w` (rows of at least `w.len() ≥ 4L` values).
        #[inline(always)]
        pub(crate) fn $dot4<M: MulAdd>(rows: [&[$t]; 4], w: &[$t]) -> Option<[$t; 4]> {
            #[cfg(target_arch = "x86_64")]
            if M::FUSED {
                if M::WIDE && std::arch::is_x86_feature_detected!("avx512f") {
                    // SAFETY: as in the one row's.
                    return Some(unsafe { $avx512::dot4(rows, w) });
                }
                if avx2_fma() {
                    // SAFETY: as in the one row's.
                    return Some(unsafe { $avx2::dot4(rows, w) });
                }
            }
            #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
            if M::FUSED {
                // SAFETY: as in the one row's.
                return Some(unsafe { $neon::dot4(rows, w) });
            }
            let _ = (rows, w);
            None
        }

        /// `out_k[i] = x_k[i] · w + b` for the rows of four quarters of a block
        /// (rows of `w.len() ≥ 4L` values), read side by side by [`$dot4`]'s
        /// loop, four rows per pass; returns whether it ran (`false` where
        /// [`$dot4`] has no loop). The loop over the rows runs in the
        /// instruction set's code: called once per four rows from the generic
        /// loop, the four-row kernel had its rows' slices copied through
        /// memory (stored eight bytes at a time, read back as one 64-byte
        /// load, which the processor cannot forward from the stores), and on
        /// `zen4` every call waited on that copy.
        #[inline(always)]
        pub(crate) fn $quarters<M: MulAdd>(
            x: [&[$t]; 4],
            w: &[$t],
            b: $t,
            out: [&mut [MaybeUninit<$t>]; 4],
        ) -> bool {
            #[cfg(target_arch = "x86_64")]
            if M::FUSED {
                if M::WIDE && std::arch::is_x86_feature_detected!("avx512f") {
                    // SAFETY: as in the one row's.
                    unsafe { $avx512::quarters(x, w, b, out) };
                    return true;
                }
                if avx2_fma() {
                    // SAFETY: as in the one row's.
                    unsafe { $avx2::quarters(x, w, b, out) };
                    return true;
                }
            }
            #[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
            if M::FUSED {
                // SAFETY: as in the one row's.
                unsafe { $neon::quarters(x, w, b, out) };
                return true;
            }
            let _ = (x, w, b, out);
            false
        }
    };
}

entries!(
    dot_f64,
    dot4_f64,
    quarters_f64,
    f64,
    avx512_f64,
    avx2_f64,
    neon_f64
);
entries!(
    dot_f32,
    dot4_f32,
    quarters_f32,
    f32,
    avx512_f32,
    avx2_f32,
    neon_f32
);

/// Whether this processor has AVX2 and FMA (cached by `std`).
#[cfg(target_arch = "x86_64")]
#[inline]
fn avx2_fma() -> bool {
    std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
}

/// One chunk of `4L` values of several rows side by side into their sums
/// (`acc x` pairs: the sums, the row's chunk), register by register across
/// the rows, each register of `w`'s chunk `wf` loaded once for all.
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_feature = "neon")
))]
macro_rules! rows_side_by_side {
    ($load:ident, $regs:literal, $width:literal, $wf:ident, [$($acc:ident $x:ident),+]) => {
        for g in 0..4 {
            for r in 0..$regs {
                let at = (g * $regs + r) * $width;
                // SAFETY: a chunk holds `4·$regs·$width` values; the loads
                // read `$width` of them from `at`.
                unsafe {
                    let wv = $load($wf.as_ptr().add(at));
                    $($acc[g][r] = fma!($acc[g][r], $load($x.as_ptr().add(at)), wv);)+
                }
            }
        }
    };
}

/// Defines, for one type and instruction set, one long row's dot product
/// (`dot`) and four rows' (`dot4`): `$regs` registers of `$width` lanes per
/// group of `L = $regs·$width` partial sums, four groups per row; `dot4`
/// reads `$side_by_side` rows (four or two) at a time.
/// `fma!(acc, x, w)` is `acc + x·w` rounded once.
#[cfg(any(
    target_arch = "x86_64",
    all(target_arch = "aarch64", target_feature = "neon")
))]
macro_rules! long_dot {
    (
        $cfg:meta, $features:literal, $t:ty, $regs:literal, $width:literal, $vec:ty,
        $zero:expr, $load:ident, $add:ident, $side_by_side:literal
    ) => {
        #[$cfg]
        #[target_feature(enable = $features)]
        #[inline]
        pub(super) fn dot(x: &[$t], w: &[$t]) -> $t {
            let n = x.len().min(w.len());
            let (x, w) = (&x[..n], &w[..n]);
            let (x_fours, _) = x.as_chunks::<{ 4 * $regs * $width }>();
            let (w_fours, _) = w.as_chunks::<{ 4 * $regs * $width }>();
            let mut acc = [[$zero; $regs]; 4];
            for (xf, wf) in x_fours.iter().zip(w_fours) {
                step(&mut acc, xf, wf);
            }
            finish(acc, x, w)
        }

        #[$cfg]
        #[target_feature(enable = $features)]
        #[inline]
        pub(super) fn dot4(rows: [&[$t]; 4], w: &[$t]) -> [$t; 4] {
            const FOUR: usize = 4 * $regs * $width;
            let d = w.len();
            let mut rows = rows;
            for row in rows.iter_mut() {
                *row = row.get(..d).unwrap_or(row);
            }
            let w_fours = w.as_chunks::<FOUR>().0;
            if $side_by_side == 4 {
                // The four rows side by side, each chunk of `w` loaded once
                // for all: four streams of memory in flight. AVX-512's 32
                // registers hold the four rows' 16 sums; AVX2's 16 hold about
                // half of its 32, the compiler keeps the rest in memory (L1).
                // Those spills cost less than fewer streams: on Zen 3, two
                // rows side by side and then the other two (prefetched
                // meanwhile) measured 1.2–1.4× slower on rows of 1 000 and
                // 10 000 f64, one row after another or four in turns up to 1.5×.
                // Register by register across the four rows (not row by row):
                // the compiler then spills the same sums on every pass rather
                // than moving them between registers.
                let [r0, r1, r2, r3] = rows;
                let (c0, c1) = (r0.as_chunks::<FOUR>().0, r1.as_chunks::<FOUR>().0);
                let (c2, c3) = (r2.as_chunks::<FOUR>().0, r3.as_chunks::<FOUR>().0);
                let (mut a0, mut a1) = ([[$zero; $regs]; 4], [[$zero; $regs]; 4]);
                let (mut a2, mut a3) = ([[$zero; $regs]; 4], [[$zero; $regs]; 4]);
                let chunks = w_fours.iter().zip(c0).zip(c1).zip(c2).zip(c3);
                for ((((wf, x0), x1), x2), x3) in chunks {
                    rows_side_by_side!($load, $regs, $width, wf, [a0 x0, a1 x1, a2 x2, a3 x3]);
                }
                return finish4([a0, a1, a2, a3], [r0, r1, r2, r3], w);
            }
            // NEON's 32 registers hold two rows' 32 sums (with `w`'s, one
            // spilled): two rows side by side, then the other two.
            let [r0, r1, r2, r3] = rows;
            let [y0, y1] = dot2([r0, r1], w);
            let [y2, y3] = dot2([r2, r3], w);
            [y0, y1, y2, y3]
        }

        /// `out_k[i] = x_k[i] · w + b`, row `i` of each quarter together
        /// ([`dot4`]), for the rows the four quarters all have.
        #[$cfg]
        #[target_feature(enable = $features)]
        #[inline]
        pub(super) fn quarters(
            x: [&[$t]; 4],
            w: &[$t],
            b: $t,
            out: [&mut [std::mem::MaybeUninit<$t>]; 4],
        ) {
            let d = w.len().max(1);
            let [x0, x1, x2, x3] = x;
            let [o0, o1, o2, o3] = out;
            let rows = x0.chunks_exact(d).zip(x1.chunks_exact(d));
            let rows = rows.zip(x2.chunks_exact(d)).zip(x3.chunks_exact(d));
            let outs = o0.iter_mut().zip(o1.iter_mut());
            let outs = outs.zip(o2.iter_mut()).zip(o3.iter_mut());
            for ((((r0, r1), r2), r3), (((h0, h1), h2), h3)) in rows.zip(outs) {
                let [s0, s1, s2, s3] = dot4([r0, r1, r2, r3], w);
                h0.write(s0 + b);
                h1.write(s1 + b);
                h2.write(s2 + b);
                h3.write(s3 + b);
            }
        }

        /// Two rows side by side: their sums in registers, each chunk of `w`
        /// loaded once for both (two streams of memory in flight).
        #[$cfg]
        #[target_feature(enable = $features)]
        #[inline]
        fn dot2(rows: [&[$t]; 2], w: &[$t]) -> [$t; 2] {
            const FOUR: usize = 4 * $regs * $width;
            let [r0, r1] = rows;
            let (c0, c1) = (r0.as_chunks::<FOUR>().0, r1.as_chunks::<FOUR>().0);
            let w_fours = w.as_chunks::<FOUR>().0;
            let (mut a0, mut a1) = ([[$zero; $regs]; 4], [[$zero; $regs]; 4]);
            for ((wf, x0), x1) in w_fours.iter().zip(c0).zip(c1) {
                rows_side_by_side!($load, $regs, $width, wf, [a0 x0, a1 x1]);
            }
            [finish(a0, r0, w), finish(a1, r1, w)]
        }

        /// One chunk of `4L` values into the four groups' registers.
        #[$cfg]
        #[target_feature(enable = $features)]
        #[inline]
        fn step(
            acc: &mut [[$vec; $regs]; 4],
            xf: &[$t; 4 * $regs * $width],
            wf: &[$t; 4 * $regs * $width],
        ) {
            for g in 0..4 {
                for r in 0..$regs {
                    let at = (g * $regs + r) * $width;
                    // SAFETY: a chunk holds `4·$regs·$width` values; the loads
                    // read `$width` of them from `at`.
                    let (xv, wv) =
                        unsafe { ($load(xf.as_ptr().add(at)), $load(wf.as_ptr().add(at))) };
                    acc[g][r] = fma!(acc[g][r], xv, wv);
                }
            }
        }

        /// The row's last whole chunks of `L` (to groups 0, 1, 2), the groups
        /// added lane by lane, the `L` sums combined, then the tail: the
        /// row's dot product, from the registers after its chunks of `4L`.
        #[$cfg]
        #[target_feature(enable = $features)]
        #[inline]
        fn finish(acc: [[$vec; $regs]; 4], x: &[$t], w: &[$t]) -> $t {
            tail(combine(grouped(acc, x, w)), x, w)
        }

        /// [`finish`] for four rows: the same sums in the same order, the
        /// four rows' `L` sums combined together (`combine4`) where the
        /// instruction set does that in fewer steps than one row at a time.
        #[$cfg]
        #[target_feature(enable = $features)]
        #[inline]
        fn finish4(acc: [[[$vec; $regs]; 4]; 4], rows: [&[$t]; 4], w: &[$t]) -> [$t; 4] {
            let [a0, a1, a2, a3] = acc;
            let [r0, r1, r2, r3] = rows;
            let v = [grouped(a0, r0, w), grouped(a1, r1, w), grouped(a2, r2, w), grouped(a3, r3, w)];
            let [s0, s1, s2, s3] = combine4(v);
            [tail(s0, r0, w), tail(s1, r1, w), tail(s2, r2, w), tail(s3, r3, w)]
        }

        /// The row's tail (its last `n mod L` values) added term by term to
        /// `sum`, the combined sums of its chunks.
        #[$cfg]
        #[target_feature(enable = $features)]
        #[inline]
        fn tail(mut sum: $t, x: &[$t], w: &[$t]) -> $t {
            const L: usize = $regs * $width;
            let n = x.len().min(w.len());
            let from = n / L * L;
            for (&xi, &wi) in x[from..n].iter().zip(&w[from..n]) {
                sum = xi.mul_add(wi, sum);
            }
            sum
        }

        /// The row's last whole chunks of `L` (to groups 0, 1, 2), then the
        /// four groups added lane by lane: the `L` sums to combine.
        #[$cfg]
        #[target_feature(enable = $features)]
        #[inline]
        fn grouped(mut acc: [[$vec; $regs]; 4], x: &[$t], w: &[$t]) -> [$vec; $regs] {
            const L: usize = $regs * $width;
            let n = x.len().min(w.len());
            let done = n / (4 * L) * (4 * L);
            let x_chunks = x[done..n].as_chunks::<L>().0;
            let w_chunks = w[done..n].as_chunks::<L>().0;
            // Group by group with constant indices (a loop over `acc` would
            // keep the registers in memory).
            let rest = x_chunks.len().min(w_chunks.len());
            for g in 0..3 {
                if g < rest {
                    for r in 0..$regs {
                        // SAFETY: each chunk holds `$regs·$width` values; the
                        // loads read `$width` of them from `r·$width`.
                        let (xv, wv) = unsafe {
                            (
                                $load(x_chunks[g].as_ptr().add(r * $width)),
                                $load(w_chunks[g].as_ptr().add(r * $width)),
                            )
                        };
                        acc[g][r] = fma!(acc[g][r], xv, wv);
                    }
                }
            }
            let mut v = [$zero; $regs];
            for r in 0..$regs {
                v[r] = $add($add(acc[0][r], acc[1][r]), $add(acc[2][r], acc[3][r]));
            }
            v
        }
    };
}

/// `acc + x·w` by x86's `fmadd(x, w, acc)`.
#[cfg(target_arch = "x86_64")]
macro_rules! fma_x86 {
    ($fmadd:ident) => {
        macro_rules! fma {
            ($acc:expr, $x:expr, $w:expr) => {
                $fmadd($x, $w, $acc)
            };
        }
    };
}

/// `acc + x·w` by NEON's `vfmaq(acc, x, w)`.
#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
macro_rules! fma_neon {
    ($vfma:ident) => {
        macro_rules! fma {
            ($acc:expr, $x:expr, $w:expr) => {
                $vfma($acc, $x, $w)
            };
        }
    };
}

// Each type and instruction set in a module of its own, with its `dot`
// (one row) and `dot4` (four rows).

#[cfg(target_arch = "x86_64")]
mod avx512_f64 {
    use std::arch::x86_64::*;
    fma_x86!(_mm512_fmadd_pd);

    /// `order::combine` of the register's 8 lanes, in the register: lanes
    /// added to their neighbour, then pairs two apart, then halves.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn combine([v]: [__m512d; 1]) -> f64 {
        let pairs = _mm512_add_pd(v, _mm512_permute_pd::<0b0101_0101>(v));
        let fours = _mm512_add_pd(pairs, _mm512_shuffle_f64x2::<0b10_11_00_01>(pairs, pairs));
        let eights = _mm512_add_pd(fours, _mm512_shuffle_f64x2::<0b01_00_11_10>(fours, fours));
        _mm512_cvtsd_f64(eights)
    }

    /// [`combine`] of four registers at once, each lane's sums in the same
    /// order: 6 shuffles and 4 additions where four `combine`s take 12 and 12.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn combine4([[a], [b], [c], [d]]: [[__m512d; 1]; 4]) -> [f64; 4] {
        // Each 128-bit block k: [a₂ₖ + a₂ₖ₊₁, b₂ₖ + b₂ₖ₊₁] (and c, d).
        let ab = _mm512_add_pd(_mm512_unpacklo_pd(a, b), _mm512_unpackhi_pd(a, b));
        let cd = _mm512_add_pd(_mm512_unpacklo_pd(c, d), _mm512_unpackhi_pd(c, d));
        // Blocks: [a b 0..3], [a b 4..7], [c d 0..3], [c d 4..7].
        let fours = _mm512_add_pd(
            _mm512_shuffle_f64x2::<0b10_00_10_00>(ab, cd),
            _mm512_shuffle_f64x2::<0b11_01_11_01>(ab, cd),
        );
        // Blocks 0 and 2: [a b], [c d], each (0..3) + (4..7).
        let eights = _mm512_add_pd(fours, _mm512_shuffle_f64x2::<0b10_11_00_01>(fours, fours));
        let mut out = [0.0; 8];
        // SAFETY: `out` holds eight values, which the store writes.
        unsafe { _mm512_storeu_pd(out.as_mut_ptr(), eights) };
        [out[0], out[1], out[4], out[5]]
    }
    long_dot!(
        cfg(target_arch = "x86_64"),
        "avx512f",
        f64,
        1,
        8,
        __m512d,
        _mm512_setzero_pd(),
        _mm512_loadu_pd,
        _mm512_add_pd,
        4
    );
}

#[cfg(target_arch = "x86_64")]
mod avx512_f32 {
    use std::arch::x86_64::*;
    fma_x86!(_mm512_fmadd_ps);

    /// `order::combine` of the register's 16 lanes, in the register.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn combine([v]: [__m512; 1]) -> f32 {
        let pairs = _mm512_add_ps(v, _mm512_permute_ps::<0b10_11_00_01>(v));
        let fours = _mm512_add_ps(pairs, _mm512_permute_ps::<0b01_00_11_10>(pairs));
        let eights = _mm512_add_ps(fours, _mm512_shuffle_f32x4::<0b10_11_00_01>(fours, fours));
        let all = _mm512_add_ps(
            eights,
            _mm512_shuffle_f32x4::<0b01_00_11_10>(eights, eights),
        );
        _mm512_cvtss_f32(all)
    }

    /// [`combine`] of four registers at once, each lane's sums in the same
    /// order: 8 shuffles and 5 additions where four `combine`s take 16 and 16.
    #[target_feature(enable = "avx512f")]
    #[inline]
    fn combine4([[a], [b], [c], [d]]: [[__m512; 1]; 4]) -> [f32; 4] {
        // Each 128-bit block k: [a₀ + a₁, a₂ + a₃, b₀ + b₁, b₂ + b₃] of its
        // four lanes 4k … 4k + 3 (and c, d).
        let ab = _mm512_add_ps(
            _mm512_shuffle_ps::<0b10_00_10_00>(a, b),
            _mm512_shuffle_ps::<0b11_01_11_01>(a, b),
        );
        let cd = _mm512_add_ps(
            _mm512_shuffle_ps::<0b10_00_10_00>(c, d),
            _mm512_shuffle_ps::<0b11_01_11_01>(c, d),
        );
        // Each block k: the four rows' sums of lanes 4k … 4k + 3.
        let fours = _mm512_add_ps(
            _mm512_shuffle_ps::<0b10_00_10_00>(ab, cd),
            _mm512_shuffle_ps::<0b11_01_11_01>(ab, cd),
        );
        // Blocks 0 + 1 (lanes 0 … 7), then + blocks 2 + 3 (lanes 8 … 15).
        let eights = _mm512_add_ps(fours, _mm512_shuffle_f32x4::<0b10_11_00_01>(fours, fours));
        let all = _mm512_add_ps(
            eights,
            _mm512_shuffle_f32x4::<0b01_00_11_10>(eights, eights),
        );
        let mut out = [0.0; 4];
        // SAFETY: `out` holds four values, which the store writes.
        unsafe { _mm_storeu_ps(out.as_mut_ptr(), _mm512_castps512_ps128(all)) };
        out
    }
    long_dot!(
        cfg(target_arch = "x86_64"),
        "avx512f",
        f32,
        1,
        16,
        __m512,
        _mm512_setzero_ps(),
        _mm512_loadu_ps,
        _mm512_add_ps,
        4
    );
}

#[cfg(target_arch = "x86_64")]
mod avx2_f64 {
    use std::arch::x86_64::*;
    fma_x86!(_mm256_fmadd_pd);

    /// `order::combine` of the registers' 8 lanes, in registers: neighbours
    /// added (`hadd`), then pairs two apart (the halves), then fours.
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    fn combine([v0, v1]: [__m256d; 2]) -> f64 {
        // [s0+s1, s4+s5 | s2+s3, s6+s7]
        let pairs = _mm256_hadd_pd(v0, v1);
        // [s0..3, s4..7]
        let fours = _mm_add_pd(
            _mm256_castpd256_pd128(pairs),
            _mm256_extractf128_pd::<1>(pairs),
        );
        _mm_cvtsd_f64(_mm_add_sd(fours, _mm_unpackhi_pd(fours, fours)))
    }

    /// Four registers' [`combine`], one after another.
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    fn combine4([a, b, c, d]: [[__m256d; 2]; 4]) -> [f64; 4] {
        [combine(a), combine(b), combine(c), combine(d)]
    }
    long_dot!(
        cfg(target_arch = "x86_64"),
        "avx2,fma",
        f64,
        2,
        4,
        __m256d,
        _mm256_setzero_pd(),
        _mm256_loadu_pd,
        _mm256_add_pd,
        4
    );
}

#[cfg(target_arch = "x86_64")]
mod avx2_f32 {
    use std::arch::x86_64::*;
    fma_x86!(_mm256_fmadd_ps);

    /// `order::combine` of the registers' 16 lanes, in registers: neighbours
    /// added (`hadd`), then pairs two apart (`hadd` again), then the halves,
    /// then the two eights.
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    fn combine([v0, v1]: [__m256; 2]) -> f32 {
        // [s0+s1, s2+s3, s8+s9, s10+s11 | s4+s5, s6+s7, s12+s13, s14+s15]
        let pairs = _mm256_hadd_ps(v0, v1);
        // [s0..3, s8..11, … | s4..7, s12..15, …]
        let fours = _mm256_hadd_ps(pairs, pairs);
        // [s0..7, s8..15, …]
        let eights = _mm_add_ps(
            _mm256_castps256_ps128(fours),
            _mm256_extractf128_ps::<1>(fours),
        );
        _mm_cvtss_f32(_mm_add_ss(eights, _mm_movehdup_ps(eights)))
    }

    /// Four registers' [`combine`], one after another.
    #[target_feature(enable = "avx2,fma")]
    #[inline]
    fn combine4([a, b, c, d]: [[__m256; 2]; 4]) -> [f32; 4] {
        [combine(a), combine(b), combine(c), combine(d)]
    }
    long_dot!(
        cfg(target_arch = "x86_64"),
        "avx2,fma",
        f32,
        2,
        8,
        __m256,
        _mm256_setzero_ps(),
        _mm256_loadu_ps,
        _mm256_add_ps,
        4
    );
}

#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
mod neon_f64 {
    use std::arch::aarch64::*;
    fma_neon!(vfmaq_f64);

    /// `order::combine` of the registers' lanes, through memory.
    #[target_feature(enable = "neon")]
    #[inline]
    fn combine(v: [float64x2_t; 4]) -> f64 {
        let mut s = [0.0; 8];
        for (r, &v) in v.iter().enumerate() {
            // SAFETY: `s` has room for 2 values from `2·r`.
            unsafe { vst1q_f64(s.as_mut_ptr().add(2 * r), v) };
        }
        crate::kernels::order::combine(s)
    }

    /// Four registers' [`combine`], one after another.
    #[target_feature(enable = "neon")]
    #[inline]
    fn combine4([a, b, c, d]: [[float64x2_t; 4]; 4]) -> [f64; 4] {
        [combine(a), combine(b), combine(c), combine(d)]
    }
    long_dot!(
        cfg(target_arch = "aarch64"),
        "neon",
        f64,
        4,
        2,
        float64x2_t,
        vdupq_n_f64(0.0),
        vld1q_f64,
        vaddq_f64,
        2
    );
}

#[cfg(all(target_arch = "aarch64", target_feature = "neon"))]
mod neon_f32 {
    use std::arch::aarch64::*;
    fma_neon!(vfmaq_f32);

    /// `order::combine` of the registers' lanes, through memory.
    #[target_feature(enable = "neon")]
    #[inline]
    fn combine(v: [float32x4_t; 4]) -> f32 {
        let mut s = [0.0; 16];
        for (r, &v) in v.iter().enumerate() {
            // SAFETY: `s` has room for 4 values from `4·r`.
            unsafe { vst1q_f32(s.as_mut_ptr().add(4 * r), v) };
        }
        crate::kernels::order::combine(s)
    }

    /// Four registers' [`combine`], one after another.
    #[target_feature(enable = "neon")]
    #[inline]
    fn combine4([a, b, c, d]: [[float32x4_t; 4]; 4]) -> [f32; 4] {
        [combine(a), combine(b), combine(c), combine(d)]
    }
    long_dot!(
        cfg(target_arch = "aarch64"),
        "neon",
        f32,
        4,
        4,
        float32x4_t,
        vdupq_n_f32(0.0),
        vld1q_f32,
        vaddq_f32,
        2
    );
}
