//! The binary cross-entropy in AVX-512's registers, eight `f64` or sixteen
//! `f32` values at a time: each row's loss and `δ = σ(h) − t` from its net
//! input, for the training epoch. The operations are those of
//! `kernels::bce_table` (`bce` and `bce_f32`) with `Fused`, one for one, so
//! the two give the same bits (tested in `kernels::tests`): `e^{−|h|}` from
//! the sigmoid's table (`wide::exp_minus_abs8`), `ln(1 + e)` from a second
//! 16-entry table that `vpermt2pd` (one `vpermps` in `f32`) looks up in
//! registers, and no division but the sigmoid's one.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

#[cfg(target_arch = "x86_64")]
use super::bce_table::{
    INV_C, INV_C_F32, LN_1P, LN_1P_F32, LN_C_HI, LN_C_HI_F32, LN_C_LO, LN_C_LO_F32,
};
#[cfg(target_arch = "x86_64")]
use super::wide::{Constants, ConstantsF32, exp_minus_abs8, exp_minus_abs16, prefetch_share};

/// The losses into `losses` and `δ` over `h`, for every row (`h`, `losses`
/// and `targets` of one length), when this processor has AVX-512 (F);
/// returns whether it did. `next` is memory to prefetch meanwhile (the next
/// block's inputs), a share before each group of values, or empty.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn bce_f64(h: &mut [f64], losses: &mut [f64], targets: &[f64], next: &[f64]) -> bool {
    if !std::arch::is_x86_feature_detected!("avx512f") {
        return false;
    }
    // SAFETY: AVX-512 F, the one feature `bce_f64_avx512` is compiled for,
    // was found on this processor just above.
    unsafe { bce_f64_avx512(h, losses, targets, next) };
    true
}

/// Elsewhere there is no AVX-512: never done here.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
pub(crate) fn bce_f64(_h: &mut [f64], _l: &mut [f64], _t: &[f64], _next: &[f64]) -> bool {
    false
}

/// [`bce_f64`] for `f32` values, in `f32` arithmetic.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn bce_f32(h: &mut [f32], losses: &mut [f32], targets: &[f32], next: &[f32]) -> bool {
    if !std::arch::is_x86_feature_detected!("avx512f") {
        return false;
    }
    // SAFETY: as in `bce_f64`.
    unsafe { bce_f32_avx512(h, losses, targets, next) };
    true
}

/// Elsewhere there is no AVX-512: never done here.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
pub(crate) fn bce_f32(_h: &mut [f32], _l: &mut [f32], _t: &[f32], _next: &[f32]) -> bool {
    false
}

/// The constants of [`bce8`], beyond the sigmoid's.
#[cfg(target_arch = "x86_64")]
pub(super) struct Tables {
    sigmoid: Constants,
    fifteen: __m512d,
    minus_one: __m512d,
    infinity: __m512d,
    abs_mask: __m512i,
    ln_1p: [__m512d; 10],
    /// `INV_C`, `LN_C_HI`, `LN_C_LO`: first eight and last eight entries each.
    inv_c: [__m512d; 2],
    ln_hi: [__m512d; 2],
    ln_lo: [__m512d; 2],
}

#[cfg(target_arch = "x86_64")]
impl Tables {
    #[target_feature(enable = "avx512f")]
    pub(super) fn new() -> Self {
        let mut ln_1p = [_mm512_setzero_pd(); 10];
        for (register, &c) in ln_1p.iter_mut().zip(&LN_1P) {
            *register = _mm512_set1_pd(c);
        }
        // SAFETY (all six): each load reads eight of a table's sixteen values.
        let halves =
            |table: &[f64; 16]| unsafe { [_mm512_loadu_pd(&table[0]), _mm512_loadu_pd(&table[8])] };
        Tables {
            sigmoid: Constants::new(),
            fifteen: _mm512_set1_pd(15.0),
            minus_one: _mm512_set1_pd(-1.0),
            infinity: _mm512_set1_pd(f64::INFINITY),
            abs_mask: _mm512_set1_epi64(i64::MAX),
            ln_1p,
            inv_c: halves(&INV_C),
            ln_hi: halves(&LN_C_HI),
            ln_lo: halves(&LN_C_LO),
        }
    }
}

/// Every full register, then the last few values with masked loads and
/// stores: the same arithmetic for every value.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn bce_f64_avx512(h: &mut [f64], losses: &mut [f64], targets: &[f64], next: &[f64]) {
    let c = Tables::new();
    let n = h.len().min(losses.len()).min(targets.len());
    let (h, losses, targets) = (&mut h[..n], &mut losses[..n], &targets[..n]);
    let full = n / 8;
    for (v, ((hv, lv), tv)) in h
        .chunks_exact_mut(8)
        .zip(losses.chunks_exact_mut(8))
        .zip(targets.chunks_exact(8))
        .enumerate()
    {
        // A share of `next` before each register: spread thinly (on
        // `xeon-amx`, a four-register group's share at once stalled on the
        // fill buffers, and the epoch took about 5 % longer).
        prefetch_share(next, v, full);
        // SAFETY: each slice holds exactly eight values, which the unaligned
        // loads read and the stores write.
        unsafe {
            let (loss, delta) = bce8(
                &c,
                _mm512_loadu_pd(hv.as_ptr()),
                _mm512_loadu_pd(tv.as_ptr()),
            );
            _mm512_storeu_pd(lv.as_mut_ptr(), loss);
            _mm512_storeu_pd(hv.as_mut_ptr(), delta);
        }
    }
    let start = full * 8;
    let rest = n - start;
    if rest > 0 {
        let mask: __mmask8 = (1u8 << rest) - 1; // rest < 8
        let (hv, lv, tv) = (&mut h[start..], &mut losses[start..], &targets[start..]);
        // SAFETY: the mask covers the first `rest` lanes, exactly the values
        // of each slice; masked-off lanes are neither read nor written.
        unsafe {
            let hh = _mm512_maskz_loadu_pd(mask, hv.as_ptr());
            let tt = _mm512_maskz_loadu_pd(mask, tv.as_ptr());
            let (loss, delta) = bce8(&c, hh, tt);
            _mm512_mask_storeu_pd(lv.as_mut_ptr(), mask, loss);
            _mm512_mask_storeu_pd(hv.as_mut_ptr(), mask, delta);
        }
    }
}

/// The loss and `δ` of eight rows: `bce_table::bce`, step for step.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[inline]
pub(super) fn bce8(c: &Tables, h: __m512d, t: __m512d) -> (__m512d, __m512d) {
    let (one, zero) = (c.sigmoid.one, c.sigmoid.zero);
    let e = exp_minus_abs8(&c.sigmoid, h);
    let y = _mm512_add_pd(one, e);
    let inv_y = _mm512_div_pd(one, y);
    let non_negative = _mm512_cmp_pd_mask::<_CMP_GE_OQ>(h, zero);
    let sigma = _mm512_mul_pd(_mm512_mask_blend_pd(non_negative, e, one), inv_y);
    // j = round(e·15), in the low four bits of s.
    let j = _mm512_castpd_si512(_mm512_fmadd_pd(e, c.fifteen, c.sigmoid.shift));
    let inv_c = _mm512_permutex2var_pd(c.inv_c[0], j, c.inv_c[1]);
    let ln_hi = _mm512_permutex2var_pd(c.ln_hi[0], j, c.ln_hi[1]);
    let ln_lo = _mm512_permutex2var_pd(c.ln_lo[0], j, c.ln_lo[1]);
    let r = _mm512_fmadd_pd(y, inv_c, c.minus_one);
    let mut p = c.ln_1p[0];
    for &coefficient in &c.ln_1p[1..] {
        p = _mm512_fmadd_pd(p, r, coefficient);
    }
    let ln_1p_r = _mm512_fmadd_pd(_mm512_mul_pd(r, r), p, r);
    let ln_y = _mm512_add_pd(ln_hi, _mm512_add_pd(ln_1p_r, ln_lo));
    let rounding = _mm512_sub_pd(_mm512_sub_pd(y, one), e);
    let ln_1p_e = _mm512_fnmadd_pd(rounding, inv_y, ln_y);
    // max(h, 0) − t·h; `max_pd` gives 0 for a NaN h, as `f64::max` does.
    let finite = _mm512_fnmadd_pd(t, h, _mm512_max_pd(h, zero));
    // Where h = ±∞: (1 − t)·h or −t·h, and 0 where that factor is 0.
    let abs_h = _mm512_castsi512_pd(_mm512_and_si512(_mm512_castpd_si512(h), c.abs_mask));
    let infinite = _mm512_cmp_pd_mask::<_CMP_EQ_OQ>(abs_h, c.infinity);
    let positive = _mm512_cmp_pd_mask::<_CMP_GT_OQ>(h, zero);
    let factor = _mm512_mask_blend_pd(positive, _mm512_sub_pd(zero, t), _mm512_sub_pd(one, t));
    let factor_zero = _mm512_cmp_pd_mask::<_CMP_EQ_OQ>(factor, zero);
    let limit = _mm512_maskz_mul_pd(!factor_zero, factor, h);
    let linear = _mm512_mask_blend_pd(infinite, finite, limit);
    (_mm512_add_pd(linear, ln_1p_e), _mm512_sub_pd(sigma, t))
}

/// The constants of [`bce16`], beyond the sigmoid's.
#[cfg(target_arch = "x86_64")]
pub(super) struct TablesF32 {
    sigmoid: ConstantsF32,
    fifteen: __m512,
    minus_one: __m512,
    infinity: __m512,
    abs_mask: __m512i,
    ln_1p: [__m512; 4],
    inv_c: __m512,
    ln_hi: __m512,
    ln_lo: __m512,
}

#[cfg(target_arch = "x86_64")]
impl TablesF32 {
    #[target_feature(enable = "avx512f")]
    pub(super) fn new() -> Self {
        let [c5, c4, c3, c2] = LN_1P_F32;
        // SAFETY (all three): each load reads a table's sixteen values.
        let table = |table: &[f32; 16]| unsafe { _mm512_loadu_ps(table.as_ptr()) };
        TablesF32 {
            sigmoid: ConstantsF32::new(),
            fifteen: _mm512_set1_ps(15.0),
            minus_one: _mm512_set1_ps(-1.0),
            infinity: _mm512_set1_ps(f32::INFINITY),
            abs_mask: _mm512_set1_epi32(i32::MAX),
            ln_1p: [
                _mm512_set1_ps(c5),
                _mm512_set1_ps(c4),
                _mm512_set1_ps(c3),
                _mm512_set1_ps(c2),
            ],
            inv_c: table(&INV_C_F32),
            ln_hi: table(&LN_C_HI_F32),
            ln_lo: table(&LN_C_LO_F32),
        }
    }
}

/// [`bce_f64_avx512`] for `f32`, sixteen values per register.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn bce_f32_avx512(h: &mut [f32], losses: &mut [f32], targets: &[f32], next: &[f32]) {
    let c = TablesF32::new();
    let n = h.len().min(losses.len()).min(targets.len());
    let (h, losses, targets) = (&mut h[..n], &mut losses[..n], &targets[..n]);
    let full = n / 16;
    for (v, ((hv, lv), tv)) in h
        .chunks_exact_mut(16)
        .zip(losses.chunks_exact_mut(16))
        .zip(targets.chunks_exact(16))
        .enumerate()
    {
        // A share of `next` before each register: spread thinly (on
        // `xeon-amx`, a four-register group's share at once stalled on the
        // fill buffers, and the epoch took about 5 % longer).
        prefetch_share(next, v, full);
        // SAFETY: each slice holds exactly sixteen values, which the
        // unaligned loads read and the stores write.
        unsafe {
            let (loss, delta) = bce16(
                &c,
                _mm512_loadu_ps(hv.as_ptr()),
                _mm512_loadu_ps(tv.as_ptr()),
            );
            _mm512_storeu_ps(lv.as_mut_ptr(), loss);
            _mm512_storeu_ps(hv.as_mut_ptr(), delta);
        }
    }
    let start = full * 16;
    let rest = n - start;
    if rest > 0 {
        let mask: __mmask16 = (1u16 << rest) - 1; // rest < 16
        let (hv, lv, tv) = (&mut h[start..], &mut losses[start..], &targets[start..]);
        // SAFETY: the mask covers the first `rest` lanes, exactly the values
        // of each slice; masked-off lanes are neither read nor written.
        unsafe {
            let hh = _mm512_maskz_loadu_ps(mask, hv.as_ptr());
            let tt = _mm512_maskz_loadu_ps(mask, tv.as_ptr());
            let (loss, delta) = bce16(&c, hh, tt);
            _mm512_mask_storeu_ps(lv.as_mut_ptr(), mask, loss);
            _mm512_mask_storeu_ps(hv.as_mut_ptr(), mask, delta);
        }
    }
}

/// The loss and `δ` of sixteen `f32` rows: `bce_table::bce_f32`, step for step.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[inline]
pub(super) fn bce16(c: &TablesF32, h: __m512, t: __m512) -> (__m512, __m512) {
    let (one, zero) = (c.sigmoid.one, c.sigmoid.zero);
    let e = exp_minus_abs16(&c.sigmoid, h);
    let y = _mm512_add_ps(one, e);
    let inv_y = _mm512_div_ps(one, y);
    let non_negative = _mm512_cmp_ps_mask::<_CMP_GE_OQ>(h, zero);
    let sigma = _mm512_mul_ps(_mm512_mask_blend_ps(non_negative, e, one), inv_y);
    let j = _mm512_castps_si512(_mm512_fmadd_ps(e, c.fifteen, c.sigmoid.shift));
    let inv_c = _mm512_permutexvar_ps(j, c.inv_c);
    let ln_hi = _mm512_permutexvar_ps(j, c.ln_hi);
    let ln_lo = _mm512_permutexvar_ps(j, c.ln_lo);
    let r = _mm512_fmadd_ps(y, inv_c, c.minus_one);
    let [c5, c4, c3, c2] = c.ln_1p;
    let p = _mm512_fmadd_ps(_mm512_fmadd_ps(_mm512_fmadd_ps(c5, r, c4), r, c3), r, c2);
    let ln_1p_r = _mm512_fmadd_ps(_mm512_mul_ps(r, r), p, r);
    let ln_y = _mm512_add_ps(ln_hi, _mm512_add_ps(ln_1p_r, ln_lo));
    let rounding = _mm512_sub_ps(_mm512_sub_ps(y, one), e);
    let ln_1p_e = _mm512_fnmadd_ps(rounding, inv_y, ln_y);
    let finite = _mm512_fnmadd_ps(t, h, _mm512_max_ps(h, zero));
    let abs_h = _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(h), c.abs_mask));
    let infinite = _mm512_cmp_ps_mask::<_CMP_EQ_OQ>(abs_h, c.infinity);
    let positive = _mm512_cmp_ps_mask::<_CMP_GT_OQ>(h, zero);
    let factor = _mm512_mask_blend_ps(positive, _mm512_sub_ps(zero, t), _mm512_sub_ps(one, t));
    let factor_zero = _mm512_cmp_ps_mask::<_CMP_EQ_OQ>(factor, zero);
    let limit = _mm512_maskz_mul_ps(!factor_zero, factor, h);
    let linear = _mm512_mask_blend_ps(infinite, finite, limit);
    (_mm512_add_ps(linear, ln_1p_e), _mm512_sub_ps(sigma, t))
}
