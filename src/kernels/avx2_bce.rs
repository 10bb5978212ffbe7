//! The `f32` binary cross-entropy in AVX2's 256-bit registers, eight rows at
//! a time: `bce_table::bce_f32`, the table model that AVX-512's `wide_bce`
//! follows, operation for operation, so the two levels give the same bits
//! (tested in `kernels::tests`).
//!
//! Without it the AVX2 level took the generic code, which computes `f32` in
//! `f64` (four values per register, a degree-13 exponential and a series for
//! `ln(1 + e)`): on `zen3` the `f32` epoch over 1 000 000 × 10 was no faster
//! than the `f64` one (6.37 against 6.10 ms), the cross-entropy half of it.
//!
//! AVX2 has no sixteen-entry lookup in one instruction: `vpermps` looks up
//! eight entries by the low three bits of each lane's index, so a table is
//! held as two registers, both looked up, and the index's fourth bit picks
//! (`vblendvps`). `scalef` becomes the scalar model's two exact-then-rounded
//! multiplications by `2^⌊n/2⌋` and `2^(n − ⌊n/2⌋)`.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

#[cfg(target_arch = "x86_64")]
use super::bce_table::{INV_C_F32, LN_1P_F32, LN_C_HI_F32, LN_C_LO_F32, bce_f32 as model};
#[cfg(target_arch = "x86_64")]
use super::dispatch::Fused;
#[cfg(target_arch = "x86_64")]
use super::math::by_table::{
    LN2_16_HI_F32, LN2_16_LO_F32, SHIFT_F32, SIGMOID_LOWEST_F32, SIXTEEN_LOG2E_F32,
    TWO_TO_SIXTEENTHS_HI_F32, TWO_TO_SIXTEENTHS_LO_F32,
};
#[cfg(target_arch = "x86_64")]
use super::wide::prefetch_share;

/// Each row's loss into `losses` and `δ = σ(h) − t` over `h`, as
/// `bce_table::bce_f32` computes them with fused multiply-adds, when this
/// processor has AVX2 and FMA; prefetches `next` meanwhile, a share before
/// each register. Returns whether it ran.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn bce_f32(h: &mut [f32], losses: &mut [f32], targets: &[f32], next: &[f32]) -> bool {
    if !(std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma"))
    {
        return false;
    }
    // SAFETY: AVX2 and FMA, the features `bce_f32_avx2` is compiled for,
    // were found on this processor just above.
    unsafe { bce_f32_avx2(h, losses, targets, next) };
    true
}

/// Elsewhere there is no AVX2: never done here (for the tests, which ask
/// on every platform).
#[cfg(all(not(target_arch = "x86_64"), test))]
#[inline]
pub(crate) fn bce_f32(_h: &mut [f32], _l: &mut [f32], _t: &[f32], _next: &[f32]) -> bool {
    false
}

/// Every full register of eight rows, then the last few rows one by one by
/// the scalar model itself: the same arithmetic for every row.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn bce_f32_avx2(h: &mut [f32], losses: &mut [f32], targets: &[f32], next: &[f32]) {
    let c = Constants::new();
    let n = h.len().min(losses.len()).min(targets.len());
    let (h, losses, targets) = (&mut h[..n], &mut losses[..n], &targets[..n]);
    let full = n / 8;
    let mut h8 = h.chunks_exact_mut(8);
    let mut l8 = losses.chunks_exact_mut(8);
    let mut t8 = targets.chunks_exact(8);
    for (v, ((hv, lv), tv)) in h8.by_ref().zip(l8.by_ref()).zip(t8.by_ref()).enumerate() {
        prefetch_share(next, v, full);
        // SAFETY: each slice holds exactly eight values, which the unaligned
        // loads read and the stores write.
        unsafe {
            let (loss, delta) = bce8(
                &c,
                _mm256_loadu_ps(hv.as_ptr()),
                _mm256_loadu_ps(tv.as_ptr()),
            );
            _mm256_storeu_ps(lv.as_mut_ptr(), loss);
            _mm256_storeu_ps(hv.as_mut_ptr(), delta);
        }
    }
    let rest = h8.into_remainder().iter_mut().zip(l8.into_remainder());
    for ((hi, li), &t) in rest.zip(t8.remainder()) {
        (*li, *hi) = model::<Fused>(*hi, t);
    }
}

/// A sixteen-entry table in two registers: entries 0–7 and 8–15.
#[cfg(target_arch = "x86_64")]
struct Table {
    low: __m256,
    high: __m256,
}

#[cfg(target_arch = "x86_64")]
impl Table {
    #[target_feature(enable = "avx2")]
    fn new(entries: &[f32; 16]) -> Self {
        // SAFETY: both loads read eight of the table's sixteen values.
        unsafe {
            Table {
                low: _mm256_loadu_ps(entries.as_ptr()),
                high: _mm256_loadu_ps(entries.as_ptr().add(8)),
            }
        }
    }

    /// Entry `j mod 16` for each lane's `j`: both halves looked up by the low
    /// three bits, the fourth bit (shifted into the sign) picks the half.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn lookup(&self, j: __m256i) -> __m256 {
        let low = _mm256_permutevar8x32_ps(self.low, j);
        let high = _mm256_permutevar8x32_ps(self.high, j);
        _mm256_blendv_ps(low, high, _mm256_castsi256_ps(_mm256_slli_epi32::<28>(j)))
    }
}

/// The constants of [`bce8`], broadcast to every lane once per call.
#[cfg(target_arch = "x86_64")]
struct Constants {
    lowest: __m256,
    sixteen_log2e: __m256,
    shift: __m256,
    ln2_hi: __m256,
    ln2_lo: __m256,
    sixteenth: __m256,
    one: __m256,
    zero: __m256,
    minus_one: __m256,
    fifteen: __m256,
    infinity: __m256,
    sign: __m256,
    abs_mask: __m256,
    /// Taylor coefficients of `eʳ − 1`: `1/4!, 1/3!, 1/2!`.
    taylor: [__m256; 3],
    /// `P` of `ln(1 + r) = r + r²·P(r)`: `1/5, −1/4, 1/3, −1/2`.
    ln_1p: [__m256; 4],
    two_hi: Table,
    two_lo: Table,
    inv_c: Table,
    ln_hi: Table,
    ln_lo: Table,
}

#[cfg(target_arch = "x86_64")]
impl Constants {
    #[target_feature(enable = "avx2")]
    fn new() -> Self {
        let [c5, c4, c3, c2] = LN_1P_F32;
        Constants {
            lowest: _mm256_set1_ps(SIGMOID_LOWEST_F32),
            sixteen_log2e: _mm256_set1_ps(SIXTEEN_LOG2E_F32),
            shift: _mm256_set1_ps(SHIFT_F32),
            ln2_hi: _mm256_set1_ps(LN2_16_HI_F32),
            ln2_lo: _mm256_set1_ps(LN2_16_LO_F32),
            sixteenth: _mm256_set1_ps(1.0 / 16.0),
            one: _mm256_set1_ps(1.0),
            zero: _mm256_setzero_ps(),
            minus_one: _mm256_set1_ps(-1.0),
            fifteen: _mm256_set1_ps(15.0),
            infinity: _mm256_set1_ps(f32::INFINITY),
            sign: _mm256_set1_ps(-0.0),
            abs_mask: _mm256_castsi256_ps(_mm256_set1_epi32(i32::MAX)),
            taylor: [
                _mm256_set1_ps(1.0 / 24.0),
                _mm256_set1_ps(1.0 / 6.0),
                _mm256_set1_ps(0.5),
            ],
            ln_1p: [
                _mm256_set1_ps(c5),
                _mm256_set1_ps(c4),
                _mm256_set1_ps(c3),
                _mm256_set1_ps(c2),
            ],
            two_hi: Table::new(&TWO_TO_SIXTEENTHS_HI_F32),
            two_lo: Table::new(&TWO_TO_SIXTEENTHS_LO_F32),
            inv_c: Table::new(&INV_C_F32),
            ln_hi: Table::new(&LN_C_HI_F32),
            ln_lo: Table::new(&LN_C_LO_F32),
        }
    }
}

/// `e^{−|h|}` for eight values: `math::by_table::exp_minus_abs_f32`, step for
/// step.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[inline]
fn exp_minus_abs8(c: &Constants, h: __m256) -> __m256 {
    let minus_abs = _mm256_or_ps(h, c.sign);
    // `maxps` returns its second operand where either is NaN: NaN stays.
    let x = _mm256_max_ps(c.lowest, minus_abs);
    let t = _mm256_fmadd_ps(x, c.sixteen_log2e, c.shift);
    let k = _mm256_sub_ps(t, c.shift);
    let r = _mm256_fnmadd_ps(k, c.ln2_hi, x);
    let r = _mm256_fnmadd_ps(k, c.ln2_lo, r);
    // The table entry k mod 16: the low four bits of t pick it.
    let j = _mm256_castps_si256(t);
    let hi = c.two_hi.lookup(j);
    let lo = c.two_lo.lookup(j);
    let [c4, c3, c2] = c.taylor;
    let q = _mm256_fmadd_ps(_mm256_fmadd_ps(c4, r, c3), r, c2);
    let expm1_r = _mm256_fmadd_ps(_mm256_mul_ps(r, r), q, r);
    let e_frac = _mm256_add_ps(hi, _mm256_fmadd_ps(hi, expm1_r, lo));
    // 2^n, n = ⌊k/16⌋ ≥ −151, as two normal halves 2^⌊n/2⌋ and 2^(n − ⌊n/2⌋):
    // the first product is exact, the second rounds once.
    let n = _mm256_cvtps_epi32(_mm256_floor_ps(_mm256_mul_ps(k, c.sixteenth)));
    let half = _mm256_srai_epi32::<1>(n);
    let bias = _mm256_set1_epi32(127);
    let a = _mm256_slli_epi32::<23>(_mm256_add_epi32(half, bias));
    let b = _mm256_slli_epi32::<23>(_mm256_add_epi32(_mm256_sub_epi32(n, half), bias));
    _mm256_mul_ps(
        _mm256_mul_ps(e_frac, _mm256_castsi256_ps(a)),
        _mm256_castsi256_ps(b),
    )
}

/// The loss and `δ` of eight rows: `bce_table::bce_f32`, step for step.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
#[inline]
fn bce8(c: &Constants, h: __m256, t: __m256) -> (__m256, __m256) {
    let (one, zero) = (c.one, c.zero);
    let e = exp_minus_abs8(c, h);
    let y = _mm256_add_ps(one, e);
    let inv_y = _mm256_div_ps(one, y);
    let non_negative = _mm256_cmp_ps::<_CMP_GE_OQ>(h, zero);
    let sigma = _mm256_mul_ps(_mm256_blendv_ps(e, one, non_negative), inv_y);
    let j = _mm256_castps_si256(_mm256_fmadd_ps(e, c.fifteen, c.shift));
    let inv_c = c.inv_c.lookup(j);
    let ln_hi = c.ln_hi.lookup(j);
    let ln_lo = c.ln_lo.lookup(j);
    let r = _mm256_fmadd_ps(y, inv_c, c.minus_one);
    let [c5, c4, c3, c2] = c.ln_1p;
    let p = _mm256_fmadd_ps(_mm256_fmadd_ps(_mm256_fmadd_ps(c5, r, c4), r, c3), r, c2);
    let ln_1p_r = _mm256_fmadd_ps(_mm256_mul_ps(r, r), p, r);
    let ln_y = _mm256_add_ps(ln_hi, _mm256_add_ps(ln_1p_r, ln_lo));
    let rounding = _mm256_sub_ps(_mm256_sub_ps(y, one), e);
    let ln_1p_e = _mm256_fnmadd_ps(rounding, inv_y, ln_y);
    // max(h, 0) − t·h; `maxps` gives 0 for a NaN h, as `f32::max` does.
    let finite = _mm256_fnmadd_ps(t, h, _mm256_max_ps(h, zero));
    // Its limit where h is infinite: (1 − t)·h or −t·h, 0 where that factor is 0.
    let infinite = _mm256_cmp_ps::<_CMP_EQ_OQ>(_mm256_and_ps(h, c.abs_mask), c.infinity);
    let positive = _mm256_cmp_ps::<_CMP_GT_OQ>(h, zero);
    let factor = _mm256_blendv_ps(_mm256_sub_ps(zero, t), _mm256_sub_ps(one, t), positive);
    let factor_zero = _mm256_cmp_ps::<_CMP_EQ_OQ>(factor, zero);
    let limit = _mm256_andnot_ps(factor_zero, _mm256_mul_ps(factor, h));
    let linear = _mm256_blendv_ps(finite, limit, infinite);
    (_mm256_add_ps(linear, ln_1p_e), _mm256_sub_ps(sigma, t))
}
