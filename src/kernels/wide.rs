//! The sigmoid in AVX-512's 512-bit registers, eight `f64` or sixteen `f32`
//! values at a time.
//!
//! The compiler vectorises `math::sigmoid` well, but its degree-13
//! polynomial and its integer arithmetic for `2ⁿ` keep the multiply-add units
//! busy: the sigmoid, not memory, bounds a forward pass over short rows. AVX-512
//! has two instructions that take most of that work away: `vpermt2pd` looks
//! up a 16-entry table held in two registers (so the polynomial needs only
//! degree 7; 4 in `f32`, where one register holds the table), and `vscalefpd`
//! multiplies by `2ⁿ` with one rounding. The operations are those of
//! `math::by_table::sigmoid` (and `sigmoid_f32`) with `Fused`, one for one,
//! so the two give the same bits (tested in `kernels::tests`). SiLU, `h·σ(h)`,
//! multiplies before the store, in the same pass.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

#[cfg(target_arch = "x86_64")]
use super::math::SHIFT;
#[cfg(target_arch = "x86_64")]
use super::math::by_table::{
    LN2_16_HI, LN2_16_HI_F32, LN2_16_LO, LN2_16_LO_F32, SHIFT_F32, SHORT_INV_FACTORIALS,
    SIGMOID_LOWEST, SIGMOID_LOWEST_F32, SIXTEEN_LOG2E, SIXTEEN_LOG2E_F32, TWO_TO_SIXTEENTHS_HI,
    TWO_TO_SIXTEENTHS_HI_F32, TWO_TO_SIXTEENTHS_LO, TWO_TO_SIXTEENTHS_LO_F32,
};

/// `σ(h)` in place for every value, as `math::by_table::sigmoid` computes it,
/// or `h·σ(h)` (SiLU) with `times_net_input`, when this processor has
/// AVX-512 (F); returns whether it did. `next` is memory to prefetch
/// meanwhile, a little before each group of values (the next block's
/// inputs, in a forward pass), or empty.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn sigmoid_f64(values: &mut [f64], next: &[f64], times_net_input: bool) -> bool {
    if !std::arch::is_x86_feature_detected!("avx512f") {
        return false;
    }
    // SAFETY: AVX-512 F, the one feature `sigmoid_f64_avx512` is compiled
    // for, was found on this processor just above.
    unsafe {
        if times_net_input {
            sigmoid_f64_avx512::<true>(values, next);
        } else {
            sigmoid_f64_avx512::<false>(values, next);
        }
    }
    true
}

/// Elsewhere there is no AVX-512: never done here.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
pub(crate) fn sigmoid_f64(_values: &mut [f64], _next: &[f64], _times_net_input: bool) -> bool {
    false
}

/// Values per group: four registers, whose independent chains of arithmetic
/// overlap.
#[cfg(target_arch = "x86_64")]
const GROUP: usize = 32;

/// Groups of 32 values, then eight at a time, then the last few with masked
/// loads and stores: the same arithmetic for every value, so that its bits
/// do not depend on where it is. Each output is `σ(h)`, or `h·σ(h)` with
/// `TIMES_H`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn sigmoid_f64_avx512<const TIMES_H: bool>(values: &mut [f64], next: &[f64]) {
    let constants = Constants::new();
    let groups = values.len() / GROUP;
    let mut in_groups = values.chunks_exact_mut(GROUP);
    for (g, group) in in_groups.by_ref().enumerate() {
        prefetch_share(next, g, groups);
        let (a, rest) = group.split_at_mut(8);
        let (b, rest) = rest.split_at_mut(8);
        let (c, d) = rest.split_at_mut(8);
        // SAFETY: `a`, `b`, `c` and `d` hold exactly eight values each, which
        // the unaligned loads read and the stores write.
        // (Plain statements, not `array::map`: a closure would not inherit
        // `#[target_feature]`.)
        unsafe {
            let (ha, hb) = (_mm512_loadu_pd(a.as_ptr()), _mm512_loadu_pd(b.as_ptr()));
            let (hc, hd) = (_mm512_loadu_pd(c.as_ptr()), _mm512_loadu_pd(d.as_ptr()));
            _mm512_storeu_pd(a.as_mut_ptr(), output8::<TIMES_H>(&constants, ha));
            _mm512_storeu_pd(b.as_mut_ptr(), output8::<TIMES_H>(&constants, hb));
            _mm512_storeu_pd(c.as_mut_ptr(), output8::<TIMES_H>(&constants, hc));
            _mm512_storeu_pd(d.as_mut_ptr(), output8::<TIMES_H>(&constants, hd));
        }
    }
    let mut chunks = in_groups.into_remainder().chunks_exact_mut(8);
    for chunk in chunks.by_ref() {
        // SAFETY: `chunk` holds exactly eight values, which the unaligned
        // load reads and the store writes.
        unsafe {
            let h = _mm512_loadu_pd(chunk.as_ptr());
            _mm512_storeu_pd(chunk.as_mut_ptr(), output8::<TIMES_H>(&constants, h));
        }
    }
    let tail = chunks.into_remainder();
    if !tail.is_empty() {
        let mask: __mmask8 = (1u8 << tail.len()) - 1; // tail.len() < 8
        // SAFETY: the mask covers the first `tail.len()` lanes, exactly the
        // values of `tail`; masked-off lanes are neither read nor written.
        unsafe {
            let h = _mm512_maskz_loadu_pd(mask, tail.as_ptr());
            let y = output8::<TIMES_H>(&constants, h);
            _mm512_mask_storeu_pd(tail.as_mut_ptr(), mask, y);
        }
    }
}

/// Prefetches group `g`'s share of `next`, cut in `groups` shares as
/// `block::nth_part` cuts it.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(super) fn prefetch_share<T>(next: &[T], g: usize, groups: usize) {
    let share = next.len().div_ceil(groups.max(1));
    let from = (g * share).min(next.len());
    crate::kernels::prefetch::prefetch(&next[from..(from + share).min(next.len())]);
}

/// The constants of [`sigmoid8`], broadcast to every lane once per call.
#[cfg(target_arch = "x86_64")]
pub(super) struct Constants {
    lowest: __m512d,
    sixteen_log2e: __m512d,
    pub(super) shift: __m512d,
    ln2_hi: __m512d,
    ln2_lo: __m512d,
    sixteenth: __m512d,
    pub(super) one: __m512d,
    pub(super) zero: __m512d,
    sign: __m512i,
    /// Taylor coefficients `1/7!, …, 1/2!`.
    taylor: [__m512d; 6],
    /// The table's first eight and last eight entries, high and low parts.
    table_hi: [__m512d; 2],
    table_lo: [__m512d; 2],
}

#[cfg(target_arch = "x86_64")]
impl Constants {
    #[target_feature(enable = "avx512f")]
    pub(super) fn new() -> Self {
        let taylor = SHORT_INV_FACTORIALS;
        let (hi, lo) = (&TWO_TO_SIXTEENTHS_HI, &TWO_TO_SIXTEENTHS_LO);
        Constants {
            lowest: _mm512_set1_pd(SIGMOID_LOWEST),
            sixteen_log2e: _mm512_set1_pd(SIXTEEN_LOG2E),
            shift: _mm512_set1_pd(SHIFT),
            ln2_hi: _mm512_set1_pd(LN2_16_HI),
            ln2_lo: _mm512_set1_pd(LN2_16_LO),
            sixteenth: _mm512_set1_pd(1.0 / 16.0),
            one: _mm512_set1_pd(1.0),
            zero: _mm512_setzero_pd(),
            sign: _mm512_set1_epi64(i64::MIN),
            taylor: [
                _mm512_set1_pd(taylor[0]),
                _mm512_set1_pd(taylor[1]),
                _mm512_set1_pd(taylor[2]),
                _mm512_set1_pd(taylor[3]),
                _mm512_set1_pd(taylor[4]),
                _mm512_set1_pd(taylor[5]),
            ],
            // SAFETY (all four): each load reads eight of a table's sixteen values.
            table_hi: unsafe { [_mm512_loadu_pd(&hi[0]), _mm512_loadu_pd(&hi[8])] },
            table_lo: unsafe { [_mm512_loadu_pd(&lo[0]), _mm512_loadu_pd(&lo[8])] },
        }
    }
}

/// `σ(h)`, or `h·σ(h)` with `TIMES_H`, for eight values.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[inline]
fn output8<const TIMES_H: bool>(c: &Constants, h: __m512d) -> __m512d {
    let y = sigmoid8(c, h);
    if TIMES_H { _mm512_mul_pd(h, y) } else { y }
}

/// `σ(h)` for eight values: `math::by_table::sigmoid`, step for step.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[inline]
fn sigmoid8(c: &Constants, h: __m512d) -> __m512d {
    let e = exp_minus_abs8(c, h);
    // 1 for h ≥ 0 (a false comparison, NaN, keeps e).
    let non_negative = _mm512_cmp_pd_mask::<_CMP_GE_OQ>(h, c.zero);
    let numerator = _mm512_mask_blend_pd(non_negative, e, c.one);
    _mm512_div_pd(numerator, _mm512_add_pd(c.one, e))
}

/// `e^{−|h|}` for eight values: `math::by_table::exp_minus_abs`, step for step.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[inline]
pub(super) fn exp_minus_abs8(c: &Constants, h: __m512d) -> __m512d {
    // x = max(−|h|, −746); `max_pd` returns its second operand, x, when x is NaN.
    let minus_abs = _mm512_castsi512_pd(_mm512_or_si512(_mm512_castpd_si512(h), c.sign));
    let x = _mm512_max_pd(c.lowest, minus_abs);
    let t = _mm512_fmadd_pd(x, c.sixteen_log2e, c.shift);
    let k = _mm512_sub_pd(t, c.shift);
    let r = _mm512_fnmadd_pd(k, c.ln2_hi, x);
    let r = _mm512_fnmadd_pd(k, c.ln2_lo, r);
    // The table entry k mod 16: the low four bits of t pick it from two registers.
    let j = _mm512_castpd_si512(t);
    let hi = _mm512_permutex2var_pd(c.table_hi[0], j, c.table_hi[1]);
    let lo = _mm512_permutex2var_pd(c.table_lo[0], j, c.table_lo[1]);
    let [c7, c6, c5, c4, c3, c2] = c.taylor;
    let mut q = _mm512_fmadd_pd(c7, r, c6);
    q = _mm512_fmadd_pd(q, r, c5);
    q = _mm512_fmadd_pd(q, r, c4);
    q = _mm512_fmadd_pd(q, r, c3);
    q = _mm512_fmadd_pd(q, r, c2);
    let expm1_r = _mm512_fmadd_pd(_mm512_mul_pd(r, r), q, r);
    let e_frac = _mm512_add_pd(hi, _mm512_fmadd_pd(hi, expm1_r, lo));
    // e_frac · 2^⌊k/16⌋, rounded once.
    _mm512_scalef_pd(e_frac, _mm512_mul_pd(k, c.sixteenth))
}

/// `σ(h)` in place for every `f32` value, as `math::by_table::sigmoid_f32`
/// computes it, or `h·σ(h)` with `times_net_input`, when this processor has
/// AVX-512 (F); returns whether it did. `next` is memory to prefetch
/// meanwhile, as for [`sigmoid_f64`].
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn sigmoid_f32(values: &mut [f32], next: &[f32], times_net_input: bool) -> bool {
    if !std::arch::is_x86_feature_detected!("avx512f") {
        return false;
    }
    // SAFETY: AVX-512 F, the one feature `sigmoid_f32_avx512` is compiled
    // for, was found on this processor just above.
    unsafe {
        if times_net_input {
            sigmoid_f32_avx512::<true>(values, next);
        } else {
            sigmoid_f32_avx512::<false>(values, next);
        }
    }
    true
}

/// Elsewhere there is no AVX-512: never done here.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
pub(crate) fn sigmoid_f32(_values: &mut [f32], _next: &[f32], _times_net_input: bool) -> bool {
    false
}

/// Groups of 64 values (four registers), then sixteen at a time, then the
/// last few with masked loads and stores, as `sigmoid_f64_avx512` does.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn sigmoid_f32_avx512<const TIMES_H: bool>(values: &mut [f32], next: &[f32]) {
    let constants = ConstantsF32::new();
    let groups = values.len() / (2 * GROUP);
    let mut in_groups = values.chunks_exact_mut(2 * GROUP);
    for (g, group) in in_groups.by_ref().enumerate() {
        prefetch_share(next, g, groups);
        let (a, rest) = group.split_at_mut(16);
        let (b, rest) = rest.split_at_mut(16);
        let (c, d) = rest.split_at_mut(16);
        // SAFETY: `a`, `b`, `c` and `d` hold exactly sixteen values each,
        // which the unaligned loads read and the stores write.
        unsafe {
            let (ha, hb) = (_mm512_loadu_ps(a.as_ptr()), _mm512_loadu_ps(b.as_ptr()));
            let (hc, hd) = (_mm512_loadu_ps(c.as_ptr()), _mm512_loadu_ps(d.as_ptr()));
            _mm512_storeu_ps(a.as_mut_ptr(), output16::<TIMES_H>(&constants, ha));
            _mm512_storeu_ps(b.as_mut_ptr(), output16::<TIMES_H>(&constants, hb));
            _mm512_storeu_ps(c.as_mut_ptr(), output16::<TIMES_H>(&constants, hc));
            _mm512_storeu_ps(d.as_mut_ptr(), output16::<TIMES_H>(&constants, hd));
        }
    }
    let mut chunks = in_groups.into_remainder().chunks_exact_mut(16);
    for chunk in chunks.by_ref() {
        // SAFETY: `chunk` holds exactly sixteen values, which the unaligned
        // load reads and the store writes.
        unsafe {
            let h = _mm512_loadu_ps(chunk.as_ptr());
            _mm512_storeu_ps(chunk.as_mut_ptr(), output16::<TIMES_H>(&constants, h));
        }
    }
    let tail = chunks.into_remainder();
    if !tail.is_empty() {
        let mask: __mmask16 = (1u16 << tail.len()) - 1; // tail.len() < 16
        // SAFETY: the mask covers the first `tail.len()` lanes, exactly the
        // values of `tail`; masked-off lanes are neither read nor written.
        unsafe {
            let h = _mm512_maskz_loadu_ps(mask, tail.as_ptr());
            let y = output16::<TIMES_H>(&constants, h);
            _mm512_mask_storeu_ps(tail.as_mut_ptr(), mask, y);
        }
    }
}

/// The constants of [`sigmoid16`], broadcast to every lane once per call.
#[cfg(target_arch = "x86_64")]
pub(super) struct ConstantsF32 {
    lowest: __m512,
    sixteen_log2e: __m512,
    pub(super) shift: __m512,
    ln2_hi: __m512,
    ln2_lo: __m512,
    sixteenth: __m512,
    pub(super) one: __m512,
    pub(super) zero: __m512,
    sign: __m512i,
    /// Taylor coefficients `1/4!, 1/3!, 1/2!`.
    taylor: [__m512; 3],
    /// The table, high and low parts: sixteen values, one register each.
    table_hi: __m512,
    table_lo: __m512,
}

#[cfg(target_arch = "x86_64")]
impl ConstantsF32 {
    #[target_feature(enable = "avx512f")]
    pub(super) fn new() -> Self {
        let (hi, lo) = (&TWO_TO_SIXTEENTHS_HI_F32, &TWO_TO_SIXTEENTHS_LO_F32);
        ConstantsF32 {
            lowest: _mm512_set1_ps(SIGMOID_LOWEST_F32),
            sixteen_log2e: _mm512_set1_ps(SIXTEEN_LOG2E_F32),
            shift: _mm512_set1_ps(SHIFT_F32),
            ln2_hi: _mm512_set1_ps(LN2_16_HI_F32),
            ln2_lo: _mm512_set1_ps(LN2_16_LO_F32),
            sixteenth: _mm512_set1_ps(1.0 / 16.0),
            one: _mm512_set1_ps(1.0),
            zero: _mm512_setzero_ps(),
            sign: _mm512_set1_epi32(i32::MIN),
            taylor: [
                _mm512_set1_ps(1.0 / 24.0),
                _mm512_set1_ps(1.0 / 6.0),
                _mm512_set1_ps(0.5),
            ],
            // SAFETY (both): each load reads a table's sixteen values.
            table_hi: unsafe { _mm512_loadu_ps(hi.as_ptr()) },
            table_lo: unsafe { _mm512_loadu_ps(lo.as_ptr()) },
        }
    }
}

/// `σ(h)`, or `h·σ(h)` with `TIMES_H`, for sixteen `f32` values.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[inline]
fn output16<const TIMES_H: bool>(c: &ConstantsF32, h: __m512) -> __m512 {
    let y = sigmoid16(c, h);
    if TIMES_H { _mm512_mul_ps(h, y) } else { y }
}

/// `σ(h)` for sixteen `f32` values: `math::by_table::sigmoid_f32`, step for step.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[inline]
fn sigmoid16(c: &ConstantsF32, h: __m512) -> __m512 {
    let e = exp_minus_abs16(c, h);
    let non_negative = _mm512_cmp_ps_mask::<_CMP_GE_OQ>(h, c.zero);
    let numerator = _mm512_mask_blend_ps(non_negative, e, c.one);
    _mm512_div_ps(numerator, _mm512_add_ps(c.one, e))
}

/// `e^{−|h|}` for sixteen `f32` values: `math::by_table::exp_minus_abs_f32`, step for step.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[inline]
pub(super) fn exp_minus_abs16(c: &ConstantsF32, h: __m512) -> __m512 {
    let minus_abs = _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(h), c.sign));
    let x = _mm512_max_ps(c.lowest, minus_abs);
    let t = _mm512_fmadd_ps(x, c.sixteen_log2e, c.shift);
    let k = _mm512_sub_ps(t, c.shift);
    let r = _mm512_fnmadd_ps(k, c.ln2_hi, x);
    let r = _mm512_fnmadd_ps(k, c.ln2_lo, r);
    // The table entry k mod 16: the low four bits of t pick it.
    let j = _mm512_castps_si512(t);
    let hi = _mm512_permutexvar_ps(j, c.table_hi);
    let lo = _mm512_permutexvar_ps(j, c.table_lo);
    let [c4, c3, c2] = c.taylor;
    let q = _mm512_fmadd_ps(_mm512_fmadd_ps(c4, r, c3), r, c2);
    let expm1_r = _mm512_fmadd_ps(_mm512_mul_ps(r, r), q, r);
    let e_frac = _mm512_add_ps(hi, _mm512_fmadd_ps(hi, expm1_r, lo));
    _mm512_scalef_ps(e_frac, _mm512_mul_ps(k, c.sixteenth))
}
