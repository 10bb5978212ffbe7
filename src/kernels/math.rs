//! Elementary functions written so that the compiler can vectorise them:
//! straight-line arithmetic and bit manipulation, no table lookups, no branches
//! that depend on the data (only selects).
//!
//! The `_f32` functions (the sigmoid, tanh, ELU's `eˣ − 1` and GELU for `f32`
//! values) work in `f32` arithmetic, twice the lanes of `f64`, with errors
//! measured against mpmath; the others work in `f64`, and `f32` callers
//! widen, compute and round once, which keeps `f32` results within half an
//! ulp plus a hair of the exact value. Each is
//! generic over `M`, how a multiply-add rounds: fused where the processor has
//! FMA (fewer instructions, one rounding), separate on the baseline.

use crate::kernels::dispatch::MulAdd;

/// `log₂ e`.
const LOG2E: f64 = std::f64::consts::LOG2_E;
/// `ln 2` split in two (fdlibm's): `LN2_HI` has 32 significant bits, so `n·LN2_HI`
/// is exact for every `|n| < 2²¹`, and `LN2_HI + LN2_LO` is `ln 2` to 2⁻¹⁰⁰.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// `1.5·2⁵²`: adding it rounds a number below 2⁵¹ to an integer, which then
/// sits in the low bits of the sum.
pub(crate) const SHIFT: f64 = 6_755_399_441_055_744.0;

/// Taylor coefficients `1/k!` for `k = 13, 12, …, 2`: the remainder of the
/// degree-13 polynomial on `|r| ≤ ln2/2` is below 2⁻⁵⁷ relative.
const INV_FACTORIALS: [f64; 12] = [
    1.0 / 6_227_020_800.0,
    1.0 / 479_001_600.0,
    1.0 / 39_916_800.0,
    1.0 / 3_628_800.0,
    1.0 / 362_880.0,
    1.0 / 40_320.0,
    1.0 / 5_040.0,
    1.0 / 720.0,
    1.0 / 120.0,
    1.0 / 24.0,
    1.0 / 6.0,
    1.0 / 2.0,
];

/// `x = n·ln 2 + r` with `n` an integer (as `f64`, and as the bits of `t`) and `|r| ≤ ln2/2`.
#[inline(always)]
fn reduce<M: MulAdd>(x: f64) -> (f64, f64, i64) {
    let t = M::mul_add(x, LOG2E, SHIFT);
    let n = t - SHIFT;
    let r = M::mul_add(-n, LN2_LO, M::mul_add(-n, LN2_HI, x));
    let n_int = (t.to_bits() as i64).wrapping_sub(SHIFT.to_bits() as i64);
    (n, r, n_int)
}

/// `eʳ − 1` for `|r| ≤ ln2/2`: `r + r²/2! + … + r¹³/13!`, accurate relative to itself.
#[inline(always)]
fn expm1_reduced<M: MulAdd>(r: f64) -> f64 {
    // q = 1/2! + r/3! + … + r¹¹/13! by Estrin's scheme: pairs, then pairs of
    // pairs with r², r⁴, r⁸: a dependency chain of 5 operations instead of
    // Horner's 12, so that several values are in flight at once.
    let [c13, c12, c11, c10, c9, c8, c7, c6, c5, c4, c3, c2] = INV_FACTORIALS;
    let r2 = r * r;
    let r4 = r2 * r2;
    let r8 = r4 * r4;
    let p0 = M::mul_add(c3, r, c2);
    let p1 = M::mul_add(c5, r, c4);
    let p2 = M::mul_add(c7, r, c6);
    let p3 = M::mul_add(c9, r, c8);
    let p4 = M::mul_add(c11, r, c10);
    let p5 = M::mul_add(c13, r, c12);
    let q0 = M::mul_add(p1, r2, p0);
    let q1 = M::mul_add(p3, r2, p2);
    let q2 = M::mul_add(p5, r2, p4);
    let q = M::mul_add(q2, r8, M::mul_add(q1, r4, q0));
    // eʳ − 1 = r + r²·q
    M::mul_add(r2, q, r)
}

/// `2ⁿ` for `−1077 ≤ n ≤ 1024`, as the product of two normal powers of two, so
/// that multiplying by both rounds once into the subnormals (or overflows to ∞).
#[inline(always)]
fn two_to(n: i64) -> (f64, f64) {
    let half = n >> 1;
    let rest = n - half;
    let a = f64::from_bits(((half + 1023) as u64) << 52);
    let b = f64::from_bits(((rest + 1023) as u64) << 52);
    (a, b)
}

/// `eˣ`, within about half an ulp plus rounding of the exact value; `0` below
/// −745.2 (where `eˣ` rounds to 0), `∞` above 709.8, NaN for NaN.
#[inline(always)]
pub(crate) fn exp<M: MulAdd>(x: f64) -> f64 {
    let x = x.clamp(-746.0, 710.0);
    let (_, r, n) = reduce::<M>(x);
    let (a, b) = two_to(n);
    (1.0 + expm1_reduced::<M>(r)) * a * b
}

/// `eˣ − 1` for `x ≤ 0`, accurate near 0 where `eˣ − 1` cancels.
#[inline(always)]
pub(crate) fn expm1_nonpositive<M: MulAdd>(x: f64) -> f64 {
    let x = x.clamp(-746.0, 0.0);
    let (_, r, n) = reduce::<M>(x);
    let (a, b) = two_to(n);
    let scale = a * b; // 2ⁿ ≤ 1, exact or subnormal
    // eˣ − 1 = 2ⁿ(eʳ − 1) + (2ⁿ − 1); for n = 0 this is eʳ − 1 exactly as computed.
    M::mul_add(scale, expm1_reduced::<M>(r), scale - 1.0)
}

/// `ln(1 + u)` for `0 ≤ u ≤ 1`, by [`ln_1p_unit_with`].
#[cfg(test)]
pub(crate) fn ln_1p_unit<M: MulAdd>(u: f64) -> f64 {
    let y = 1.0 + u;
    ln_1p_unit_with::<M>(u, y, 1.0 / y)
}

/// `ln(1 + u)` for `0 ≤ u ≤ 1`, given `y = 1 + u` (rounded) and `1/y`, which
/// the cross-entropy has anyway for `σ`: `ln y` corrected by `((y − 1) − u)/y`,
/// and `ln y` from `2·atanh(z)`, `z = (m − 1)/(m + 1)` with `m = y` or `y/2` in
/// `[1/√2, √2]` so that `|z| < 0.172` and ten odd terms suffice.
#[inline(always)]
pub(crate) fn ln_1p_unit_with<M: MulAdd>(u: f64, y: f64, inv_y: f64) -> f64 {
    let correction = ((y - 1.0) - u) * inv_y;
    let big = y > std::f64::consts::SQRT_2;
    let m = if big { 0.5 * y } else { y };
    let k = if big { std::f64::consts::LN_2 } else { 0.0 };
    let z = (m - 1.0) / (m + 1.0);
    let z2 = z * z;
    let mut s = 1.0 / 21.0;
    for c in [19.0, 17.0, 15.0, 13.0, 11.0, 9.0, 7.0, 5.0, 3.0] {
        s = M::mul_add(s, z2, 1.0 / c);
    }
    let ln_m = 2.0 * z * M::mul_add(s, z2, 1.0);
    k + ln_m - correction
}

/// `σ(h) = 1 / (1 + e⁻ʰ)` in the stable form: with `e = e^{−|h|}`,
/// `1 / (1 + e)` for `h ≥ 0` and `e / (1 + e)` for `h < 0`; within 2 ulp.
#[inline(always)]
pub(crate) fn sigmoid<M: MulAdd>(h: f64) -> f64 {
    let e = exp::<M>(-h.abs());
    let numerator = if h >= 0.0 { 1.0 } else { e };
    numerator / (1.0 + e)
}

/// The AVX-512 level's sigmoid (`kernels::wide` computes it, eight values at
/// a time): its constants, and `by_table::sigmoid`, the same operations on
/// one value, which the level uses for a few values and the tests hold the
/// vector kernel to, bit for bit.
pub(crate) mod by_table {
    use super::{INV_FACTORIALS, LN2_HI, LN2_LO, LOG2E, MulAdd, SHIFT, two_to};

    /// `2^(j/16)` for `j = 0, …, 15`, each as a pair `hi + lo`: `hi` rounded to
    /// `f64`, `lo` the rest rounded (values from mpmath at 200 bits).
    pub(crate) const TWO_TO_SIXTEENTHS_HI: [f64; 16] = [
        f64::from_bits(0x3ff0_0000_0000_0000),
        f64::from_bits(0x3ff0_b558_6cf9_890f),
        f64::from_bits(0x3ff1_72b8_3c7d_517b),
        f64::from_bits(0x3ff2_387a_6e75_6238),
        f64::from_bits(0x3ff3_06fe_0a31_b715),
        f64::from_bits(0x3ff3_dea6_4c12_3422),
        f64::from_bits(0x3ff4_bfda_d536_2a27),
        f64::from_bits(0x3ff5_ab07_dd48_5429),
        f64::from_bits(0x3ff6_a09e_667f_3bcd),
        f64::from_bits(0x3ff7_a114_73eb_0187),
        f64::from_bits(0x3ff8_ace5_422a_a0db),
        f64::from_bits(0x3ff9_c491_82a3_f090),
        f64::from_bits(0x3ffa_e89f_995a_d3ad),
        f64::from_bits(0x3ffc_199b_dd85_529c),
        f64::from_bits(0x3ffd_5818_dcfb_a487),
        f64::from_bits(0x3ffe_a4af_a2a4_90da),
    ];
    /// The low parts of [`TWO_TO_SIXTEENTHS_HI`].
    pub(crate) const TWO_TO_SIXTEENTHS_LO: [f64; 16] = [
        0.0,
        f64::from_bits(0x3c98_a62e_4adc_610b),
        f64::from_bits(0xbc81_9041_b9d7_8a76),
        f64::from_bits(0x3c99_b07e_b6c7_0573),
        f64::from_bits(0x3c86_f46a_d231_82e4),
        f64::from_bits(0x3c8a_da09_11f0_9ebc),
        f64::from_bits(0x3c7d_4397_afec_42e2),
        f64::from_bits(0x3c96_324c_0546_47ad),
        f64::from_bits(0xbc9b_dd34_13b2_6456),
        f64::from_bits(0xbc84_1577_ee04_992f),
        f64::from_bits(0x3c96_e9f1_5686_4b27),
        f64::from_bits(0x3c7c_7c46_b071_f2be),
        f64::from_bits(0x3c97_a1cd_345d_cc81),
        f64::from_bits(0x3c81_1065_8950_48dd),
        f64::from_bits(0x3c82_ed02_d75b_3707),
        f64::from_bits(0xbc9e_9c23_179c_2893),
    ];
    /// `16·log₂ e`, and `ln 2 / 16` split as [`LN2_HI`] and [`LN2_LO`] are (dividing
    /// by 16 is exact): `k·LN2_16_HI` is exact for every `|k| < 2²¹`.
    pub(crate) const SIXTEEN_LOG2E: f64 = 16.0 * LOG2E;
    pub(crate) const LN2_16_HI: f64 = LN2_HI / 16.0;
    pub(crate) const LN2_16_LO: f64 = LN2_LO / 16.0;
    /// `1/k!` for `k = 7, 6, …, 2`: the Taylor polynomial of `eʳ − 1` to degree 7,
    /// whose remainder on `|r| ≤ ln2/32` is below 2⁻⁵⁹ relative.
    pub(crate) const SHORT_INV_FACTORIALS: [f64; 6] = {
        let [.., c7, c6, c5, c4, c3, c2] = INV_FACTORIALS;
        [c7, c6, c5, c4, c3, c2]
    };
    /// The lower clamp of `−|h|` in `by_table::sigmoid`: `e⁻⁷⁴⁶` rounds to 0.
    pub(crate) const SIGMOID_LOWEST: f64 = -746.0;

    /// `σ(h)` as the AVX-512 level computes it (`kernels::wide` does, eight
    /// values at a time, with exactly these operations): with a table where
    /// `math::sigmoid` has a long polynomial, so that about half as many
    /// multiply-adds remain. Within 2 ulp of the correctly rounded value, as
    /// `math::sigmoid` is (tested against mpmath); the two differ in the last bit of
    /// some values.
    ///
    /// `e^{−|h|} = 2^⌊k/16⌋ · 2^{(k mod 16)/16} · eʳ` with `k = round(−|h|·16/ln 2)`
    /// and `|r| ≤ ln2/32`; `eʳ − 1` by Horner's rule to degree 7; the table value
    /// `T = hi + lo` times `eʳ` as `hi + (hi·(eʳ − 1) + lo)`, which errs by little
    /// more than its one last rounding; then `1/(1 + e)` or `e/(1 + e)` as in `math::sigmoid`.
    #[inline(always)]
    pub(crate) fn sigmoid<M: MulAdd>(h: f64) -> f64 {
        let e = exp_minus_abs::<M>(h);
        let numerator = if h >= 0.0 { 1.0 } else { e };
        numerator / (1.0 + e)
    }

    /// `e^{−|h|}`, the first steps of [`sigmoid`] (see there): also the
    /// cross-entropy kernel's (`kernels::bce_table`).
    #[inline(always)]
    pub(crate) fn exp_minus_abs<M: MulAdd>(h: f64) -> f64 {
        let x = -h.abs();
        // A maximum that keeps NaN, as the vector instruction does.
        let x = if x < SIGMOID_LOWEST {
            SIGMOID_LOWEST
        } else {
            x
        };
        let t = M::mul_add(x, SIXTEEN_LOG2E, SHIFT);
        let k = t - SHIFT;
        let r = M::mul_add(-k, LN2_16_HI, x);
        let r = M::mul_add(-k, LN2_16_LO, r);
        // The low four bits of `t` are `k mod 16` (its mantissa is 2⁵¹ + k).
        let j = (t.to_bits() & 15) as usize;
        let [c7, c6, c5, c4, c3, c2] = SHORT_INV_FACTORIALS;
        let mut q = M::mul_add(c7, r, c6);
        for c in [c5, c4, c3, c2] {
            q = M::mul_add(q, r, c);
        }
        let expm1_r = M::mul_add(r * r, q, r);
        let hi = TWO_TO_SIXTEENTHS_HI[j];
        let e_frac = hi + M::mul_add(hi, expm1_r, TWO_TO_SIXTEENTHS_LO[j]);
        // 2^⌊k/16⌋ with one rounding, as AVX-512's `scalef` does: ⌊k/16⌋ ≥ −1077.
        let (a, b) = two_to((k * (1.0 / 16.0)).floor() as i64);
        e_frac * a * b
    }

    /// `2^(j/16)` in `f32`, as `hi + lo` pairs (from mpmath at 200 bits).
    pub(crate) const TWO_TO_SIXTEENTHS_HI_F32: [f32; 16] = [
        f32::from_bits(0x3f80_0000),
        f32::from_bits(0x3f85_aac3),
        f32::from_bits(0x3f8b_95c2),
        f32::from_bits(0x3f91_c3d3),
        f32::from_bits(0x3f98_37f0),
        f32::from_bits(0x3f9e_f532),
        f32::from_bits(0x3fa5_fed7),
        f32::from_bits(0x3fad_583f),
        f32::from_bits(0x3fb5_04f3),
        f32::from_bits(0x3fbd_08a4),
        f32::from_bits(0x3fc5_672a),
        f32::from_bits(0x3fce_248c),
        f32::from_bits(0x3fd7_44fd),
        f32::from_bits(0x3fe0_ccdf),
        f32::from_bits(0x3fea_c0c7),
        f32::from_bits(0x3ff5_257d),
    ];
    /// The low parts of [`TWO_TO_SIXTEENTHS_HI_F32`].
    pub(crate) const TWO_TO_SIXTEENTHS_LO_F32: [f32; 16] = [
        f32::from_bits(0x0000_0000),
        f32::from_bits(0x334f_9891),
        f32::from_bits(0xb260_aba1),
        f32::from_bits(0x3367_5624),
        f32::from_bits(0x3323_1b71),
        f32::from_bits(0x3341_2342),
        f32::from_bits(0xb32c_9d5e),
        f32::from_bits(0xb22d_eaf6),
        f32::from_bits(0x32cf_e77a),
        f32::from_bits(0xb341_4fe8),
        f32::from_bits(0x320a_a837),
        f32::from_bits(0x3228_fc24),
        f32::from_bits(0xb2d4_a58a),
        f32::from_bits(0xb21e_ab59),
        f32::from_bits(0xb241_16de),
        f32::from_bits(0x3229_2436),
    ];
    /// `16·log₂ e` in `f32`; `ln 2 / 16` split so that `LN2_16_HI_F32` has 12
    /// significant bits and `k·LN2_16_HI_F32` is exact for every `|k| < 2¹²`.
    pub(crate) const SIXTEEN_LOG2E_F32: f32 = f32::from_bits(0x41b8_aa3b);
    pub(crate) const LN2_16_HI_F32: f32 = f32::from_bits(0x3d31_7000);
    pub(crate) const LN2_16_LO_F32: f32 = f32::from_bits(0x3605_fdf4);
    /// `1.5·2²³`: adding it rounds a number below 2²² to an integer.
    pub(crate) const SHIFT_F32: f32 = 12_582_912.0;
    /// The lower clamp of `−|h|` in `by_table::sigmoid_f32`: `e⁻¹⁰⁴` rounds to 0 in `f32`.
    pub(crate) const SIGMOID_LOWEST_F32: f32 = -104.0;

    /// `σ(h)` for `f32` as the AVX-512 level computes it (`kernels::wide`,
    /// sixteen values at a time, with exactly these operations): the method of
    /// `by_table::sigmoid` in `f32` arithmetic, the polynomial to degree 4
    /// (remainder below 2⁻³³ on `|r| ≤ ln2/32`). Within 2 ulp of the correctly
    /// rounded value (tested against mpmath).
    #[inline(always)]
    pub(crate) fn sigmoid_f32<M: MulAdd>(h: f32) -> f32 {
        let e = exp_minus_abs_f32::<M>(h);
        let numerator = if h >= 0.0 { 1.0 } else { e };
        numerator / (1.0 + e)
    }

    /// `e^{−|h|}` in `f32`, the first steps of [`sigmoid_f32`]: also the
    /// cross-entropy kernel's (`kernels::bce_table`).
    #[inline(always)]
    pub(crate) fn exp_minus_abs_f32<M: MulAdd>(h: f32) -> f32 {
        let x = -h.abs();
        // A maximum that keeps NaN, as the vector instruction does.
        let x = if x < SIGMOID_LOWEST_F32 {
            SIGMOID_LOWEST_F32
        } else {
            x
        };
        let t = M::mul_add(x, SIXTEEN_LOG2E_F32, SHIFT_F32);
        let k = t - SHIFT_F32;
        let r = M::mul_add(-k, LN2_16_HI_F32, x);
        let r = M::mul_add(-k, LN2_16_LO_F32, r);
        // The low four bits of `t` are `k mod 16` (its mantissa is 2²² + k).
        let j = (t.to_bits() & 15) as usize;
        let q = M::mul_add(M::mul_add(1.0 / 24.0, r, 1.0 / 6.0), r, 0.5);
        let expm1_r = M::mul_add(r * r, q, r);
        let hi = TWO_TO_SIXTEENTHS_HI_F32[j];
        let e_frac = hi + M::mul_add(hi, expm1_r, TWO_TO_SIXTEENTHS_LO_F32[j]);
        // 2^⌊k/16⌋ (≥ 2⁻¹⁵¹) as two normal halves: one rounding, as `scalef`.
        let n = (k * (1.0 / 16.0)).floor() as i32;
        let half = n >> 1;
        let a = f32::from_bits(((half + 127) as u32) << 23);
        let b = f32::from_bits(((n - half + 127) as u32) << 23);
        e_frac * a * b
    }
}

/// `ln 2` split for `f32`: `LN2_HI_F32` has 16 significant bits, so
/// `n·LN2_HI_F32` is exact for `|n| < 2⁸`; `LN2_HI_F32 + LN2_LO_F32` is
/// `ln 2` to about 2⁻⁴⁵.
const LN2_HI_F32: f32 = f32::from_bits(0x3f31_7200);
const LN2_LO_F32: f32 = f32::from_bits(0x35bf_be8e);
/// `1.5·2²³`: adding it rounds a number below 2²² to an integer.
const SHIFT_F32: f32 = 12_582_912.0;

/// `x = n·ln 2 + r` in `f32` arithmetic, with `|r| ≤ ln2/2`, for
/// `−104 ≤ x ≤ 0`: `r`, and `n` as an integer (in `[−150, 0]`).
#[inline(always)]
fn reduce_f32<M: MulAdd>(x: f32) -> (f32, i32) {
    let t = M::mul_add(x, std::f32::consts::LOG2_E, SHIFT_F32);
    let n = t - SHIFT_F32;
    let r = M::mul_add(-n, LN2_LO_F32, M::mul_add(-n, LN2_HI_F32, x));
    let n_int = (t.to_bits() as i32).wrapping_sub(SHIFT_F32.to_bits() as i32);
    (r, n_int)
}

/// `eʳ − 1 = r + r²·(1/2! + r/3! + … + r⁵/7!)` in `f32` arithmetic: below
/// 2⁻²⁷ relative on `|r| ≤ ln2/2`.
#[inline(always)]
fn expm1_reduced_f32<M: MulAdd>(r: f32) -> f32 {
    let r2 = r * r;
    let p0 = M::mul_add(1.0 / 6.0, r, 0.5);
    let p1 = M::mul_add(1.0 / 120.0, r, 1.0 / 24.0);
    let p2 = M::mul_add(1.0 / 5040.0, r, 1.0 / 720.0);
    let q = M::mul_add(M::mul_add(p2, r2, p1), r2, p0);
    M::mul_add(r2, q, r)
}

/// `σ(h)` for `f32` in `f32` arithmetic: eight lanes to an AVX2 register where
/// `f64` has four, and a shorter polynomial. Within 2 ulp of the correctly
/// rounded value (checked against mpmath at every dispatch level): `e^{−|h|}`
/// is computed to about half an ulp, then `1/(1 + e)` or `e/(1 + e)` add at
/// most two roundings of half an ulp each.
#[inline(always)]
pub(crate) fn sigmoid_f32<M: MulAdd>(h: f32) -> f32 {
    let e = exp_nonpositive_f32::<M>(-h.abs());
    let numerator = if h >= 0.0 { 1.0 } else { e };
    numerator / (1.0 + e)
}

/// `eˣ` for `x ≤ 0` in `f32` arithmetic, to about half an ulp; 0 below −104
/// (where `eˣ` rounds to 0: below −103.98, half the smallest subnormal); NaN
/// for NaN.
#[inline(always)]
fn exp_nonpositive_f32<M: MulAdd>(x: f32) -> f32 {
    let x = x.clamp(-104.0, 0.0);
    let (r, n_int) = reduce_f32::<M>(x); // n_int in [−150, 0]
    let expm1_r = expm1_reduced_f32::<M>(r);
    // 2ⁿ as two normal halves; a·(1 + p) rounds once, then ·b is exact unless
    // the result is subnormal, where it rounds once more.
    let half = n_int >> 1;
    let a = f32::from_bits(((half + 127) as u32) << 23);
    let b = f32::from_bits(((n_int - half + 127) as u32) << 23);
    M::mul_add(expm1_r, a, a) * b
}

/// `eˣ − 1` for `x ≤ 0` in `f32` arithmetic, as [`expm1_nonpositive`] computes
/// it in `f64`: `2ⁿ(eʳ − 1) + (2ⁿ − 1)`, sixteen lanes to an AVX-512
/// register. Within about an ulp (its values lie in `(−1, 0]`, where the
/// ELU's bound is an absolute `f32::EPSILON`: tested against mpmath at every
/// dispatch level); `−1` below −18, where `eˣ − 1` rounds to −1; NaN for NaN.
#[inline(always)]
pub(crate) fn expm1_nonpositive_f32<M: MulAdd>(x: f32) -> f32 {
    // Above −18, 2ⁿ ≥ 2⁻²⁶ is normal and 2ⁿ − 1 is exact but for n ≤ −25.
    let x = x.clamp(-18.0, 0.0);
    let (r, n) = reduce_f32::<M>(x);
    let scale = f32::from_bits(((n + 127) as u32) << 23);
    // For n = 0 this is eʳ − 1 as computed.
    M::mul_add(scale, expm1_reduced_f32::<M>(r), scale - 1.0)
}

/// `tanh h = sign(h)·(1 − e^{−2|h|}) / (1 + e^{−2|h|})`, with `e^{−2|h|} − 1` from
/// [`expm1_nonpositive`] so that small `h` keeps its digits.
#[inline(always)]
pub(crate) fn tanh<M: MulAdd>(h: f64) -> f64 {
    let m = expm1_nonpositive::<M>(-2.0 * h.abs()); // in (−1, 0]
    let magnitude = -m / (m + 2.0);
    if h.is_nan() { h } else { magnitude.copysign(h) }
}

/// [`tanh`] in `f32` arithmetic, sixteen lanes to an AVX-512 register: the
/// same `sign(h)·(1 − e) / (1 + e)` with `e = e^{−2|h|}`, from `m = e − 1`
/// (below `|h| = 1`, so that small `h` keeps its digits) and as
/// `1 − 2e / (1 + e)` from 1 on, with `e` itself from the same reduction: `m`
/// has lost `e`'s digits to −1 there, and near saturation the slope
/// `1 − tanh²h ≈ 4e` that backpropagation takes from the output depends on
/// the last bit of `tanh h` (PyTorch's float32 tanh is correctly rounded). Within 2 ulp of the correctly rounded value (tested
/// against mpmath at every dispatch level), as the `f32` sigmoid.
#[inline(always)]
pub(crate) fn tanh_f32<M: MulAdd>(h: f32) -> f32 {
    // Down to −20, where 1 − 2e rounds to 1; 2ⁿ ≥ 2⁻²⁹ is normal there.
    let x = (-2.0 * h.abs()).clamp(-20.0, 0.0);
    let (r, n) = reduce_f32::<M>(x);
    let scale = f32::from_bits(((n + 127) as u32) << 23);
    let q = expm1_reduced_f32::<M>(r);
    let (e, m) = (
        M::mul_add(scale, q, scale),
        M::mul_add(scale, q, scale - 1.0),
    );
    // One division: −m/(m + 2) below 1; 1 − 2e/(1 + e) from 1 on, where the
    // quotient is small and accurate and `1 −` it rounds once.
    let small = h.abs() < 1.0;
    let numerator = if small { -m } else { 2.0 * e };
    let denominator = if small { m + 2.0 } else { 1.0 + e };
    let quotient = numerator / denominator;
    let magnitude = if small { quotient } else { 1.0 - quotient };
    if h.is_nan() { h } else { magnitude.copysign(h) }
}

/// The numerator of `T(a) = ½·e^(a²/2)·erfc(a/√2) ≈ P(a)/Q(a)`, the highest
/// power first: the rational approximation of degrees 6 and 7 on `[0, 6√2]`
/// with `P(0) = ½` whose `e^(−a²/2)·P(a)/Q(a)`, the normal distribution's
/// upper tail, has the smallest largest error (scripts/fit_normal_tail.py,
/// mpmath): 2.2·10⁻¹⁷ (0.10 ε), 2.8·10⁻¹⁷ (0.12 ε) with the coefficients
/// rounded to `f64`. Every coefficient is positive, so that both polynomials
/// are sums of positive terms for `a ≥ 0`, and `Q` has no zero there.
const NORMAL_TAIL_P: [f64; 7] = [
    7.987268096001515e-5,
    0.0015873147726684382,
    0.014452147925427138,
    0.07692221317695243,
    0.25430844485938814,
    0.502088150447592,
    0.5,
];
/// The denominator of [`NORMAL_TAIL_P`]`/Q`, the highest power first.
const NORMAL_TAIL_Q: [f64; 8] = [
    0.00020020740450703845,
    0.003978961670985137,
    0.03642325313230618,
    0.19683569415140809,
    0.6728783746132957,
    1.4464534288944273,
    1.8020608616980565,
    1.0,
];
/// The `|h|` above which `1 − Φ(|h|) < 10⁻³⁴⁰` is 0 in `f64`: GELU's `|h|` is
/// capped here, so that `P(a)/Q(a)` stays finite and `±∞` gives `±∞·Φ`'s
/// limits rather than `∞·0`.
const GELU_FLAT: f64 = 40.0;

/// `1 − Φ(a) = ½·erfc(a/√2)`, the upper tail of the standard normal
/// distribution, for `0 ≤ a ≤ 40` (and NaN): `e^(−a²/2)·P(a)/Q(a)` with the
/// rational approximation [`NORMAL_TAIL_P`]`/Q`, one division. Within 0.12 ε
/// of the exact value absolutely, plus the roundings of the evaluation (a
/// few ulp of the result): what GELU needs, which subtracts `|h|` times it
/// from `max(h, 0)`. Relative to the tail itself, `P/Q` errs by at most
/// 9·10⁻¹⁶ for `a < 2`, 5·10⁻¹¹ for `a < 5`, 2·10⁻⁸ for `a < 9` and 4·10⁻⁶
/// up to 40 (where the tail, 10⁻³⁴⁹, is 0 in `f64`).
#[inline(always)]
pub(crate) fn normal_tail<M: MulAdd>(a: f64) -> f64 {
    let [p_high, p_rest @ ..] = NORMAL_TAIL_P;
    let mut p = p_high;
    for c in p_rest {
        p = M::mul_add(p, a, c);
    }
    let [q_high, q_rest @ ..] = NORMAL_TAIL_Q;
    let mut q = q_high;
    for c in q_rest {
        q = M::mul_add(q, a, c);
    }
    // −a²/2 with one rounding (the halving is exact).
    exp::<M>(-0.5 * (a * a)) * (p / q)
}

/// GELU, `h·Φ(h)` with `Φ` the standard normal distribution: PyTorch's
/// exact `h/2·(1 + erf(h/√2))`, computed as `max(h, 0) − |h|·(1 − Φ(|h|))`,
/// the same number for either sign of `h` (`Φ(h) = 1 − (1 − Φ(h))` for
/// `h ≥ 0`, `Φ(h) = 1 − Φ(|h|)` for `h < 0`), with one multiply-add.
/// Branch-free, one exponential and one division.
///
/// Within `ε·max(|h·Φ(h)|, 1)` of the exact value (tested against mpmath at
/// every dispatch level): the multiply-add rounds once, and the tail's error
/// (0.12 ε and a few of its own ulp) is multiplied by `|h|`, while the tail
/// is large only for small `|h|`. For `h < 0`, where `|h·Φ(h)| < 0.17`, that
/// bound is absolute; relative to the value the error is about the tail's
/// (see [`normal_tail`]): 2·10⁻¹⁴ down to `h = −3`, 5·10⁻¹¹ down to −5,
/// 2·10⁻⁸ down to −9, 4·10⁻⁶ below (PyTorch's `1 + erf(h/√2)` cancels, and
/// is 0 from `h ≈ −8.4` on).
/// `−0` for `−0` and for `h ≤ −40`, `∞` for `∞`, NaN for NaN.
#[inline(always)]
pub(crate) fn gelu<M: MulAdd>(h: f64) -> f64 {
    // A minimum that keeps NaN (`f64::min` would not).
    let a = if h.abs() > GELU_FLAT {
        GELU_FLAT
    } else {
        h.abs()
    };
    let positive_part = if h > 0.0 { h } else { 0.0_f64.copysign(h) };
    M::mul_add(-a, normal_tail::<M>(a), positive_part)
}

/// [`NORMAL_TAIL_P`]'s `f32` counterpart, of degrees 3 and 4 on `[0, 6]`
/// (`scripts/fit_normal_tail.py --f32`): the tail to 2.8·10⁻¹⁰ (0.002 of
/// `f32::EPSILON`), and to 6.2·10⁻⁹ (0.05 of it) with the coefficients
/// rounded to `f32`; all positive.
const NORMAL_TAIL_P_F32: [f32; 4] = [0.0098931715, 0.08624661, 0.29731125, 0.5];
/// The denominator of [`NORMAL_TAIL_P_F32`]`/Q`, the highest power first.
const NORMAL_TAIL_Q_F32: [f32; 5] = [0.024880933, 0.21467428, 0.78355384, 1.392507, 1.0];
/// The `|h|` above which `e^(−h²/2)`, and so `1 − Φ(|h|)`, is 0 in `f32`.
const GELU_FLAT_F32: f32 = 14.5;

/// [`normal_tail`] in `f32` arithmetic, for `0 ≤ a ≤ 14.5` (and NaN), with
/// the rational approximation of degrees 3 and 4.
#[inline(always)]
fn normal_tail_f32<M: MulAdd>(a: f32) -> f32 {
    let [p_high, p_rest @ ..] = NORMAL_TAIL_P_F32;
    let mut p = p_high;
    for c in p_rest {
        p = M::mul_add(p, a, c);
    }
    let [q_high, q_rest @ ..] = NORMAL_TAIL_Q_F32;
    let mut q = q_high;
    for c in q_rest {
        q = M::mul_add(q, a, c);
    }
    exp_nonpositive_f32::<M>(-0.5 * (a * a)) * (p / q)
}

/// [`gelu`] in `f32` arithmetic, sixteen lanes to an AVX-512 register: the
/// same `max(h, 0) − |h|·(1 − Φ(|h|))`, the tail by [`normal_tail_f32`].
/// Within `f32::EPSILON·max(|h·Φ(h)|, 1)` of the exact value (tested
/// against mpmath at every dispatch level). For `h < 0` that bound is
/// absolute, as in `f64`, and the approximation is fitted for it: relative to
/// the value the error grows from a few ulp near 0 to 3·10⁻⁶ at `h = −4`,
/// 4·10⁻⁵ at −6 and 10⁻⁴ at −8.5 (PyTorch's `1 + erf(h/√2)` in `f32` is 0
/// from `h ≈ −5.5` on).
#[inline(always)]
pub(crate) fn gelu_f32<M: MulAdd>(h: f32) -> f32 {
    // A minimum that keeps NaN.
    let a = if h.abs() > GELU_FLAT_F32 {
        GELU_FLAT_F32
    } else {
        h.abs()
    };
    let positive_part = if h > 0.0 { h } else { 0.0_f32.copysign(h) };
    M::mul_add(-a, normal_tail_f32::<M>(a), positive_part)
}

/// The error function `erf x = 2/√π ∫₀ˣ e^(−t²) dt`, from the `libm` crate
/// (musl's, within 1 ulp): in `f32` arithmetic for `f32`. For GELU's slope,
/// one value at a time; GELU's value is [`gelu`].
pub(crate) fn erf<F: crate::Float>(x: F) -> F {
    if std::mem::size_of::<F>() == 4 {
        // Exact conversions: F is f32 here.
        F::from_f64(f64::from(libm::erff(x.as_f64() as f32)))
    } else {
        F::from_f64(libm::erf(x.as_f64()))
    }
}

#[cfg(test)]
mod tests {
    use crate::kernels::dispatch::Separate;

    fn exp(x: f64) -> f64 {
        super::exp::<Separate>(x)
    }
    fn expm1_nonpositive(x: f64) -> f64 {
        super::expm1_nonpositive::<Separate>(x)
    }
    fn ln_1p_unit(u: f64) -> f64 {
        super::ln_1p_unit::<Separate>(u)
    }
    fn tanh(h: f64) -> f64 {
        super::tanh::<Separate>(h)
    }

    fn ulps(a: f64, b: f64) -> u64 {
        if a == b {
            return 0;
        }
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }

    #[test]
    fn exp_matches_std_within_an_ulp_over_the_range() {
        let mut worst = 0;
        let mut x = -745.0;
        while x < 709.0 {
            let u = ulps(exp(x), x.exp());
            worst = worst.max(u);
            x += 0.0137;
        }
        assert!(worst <= 1, "worst {worst} ulp");
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-746.0), 0.0);
        assert_eq!(exp(-745.0), 5e-324);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp(710.0), f64::INFINITY);
        assert!(exp(f64::NAN).is_nan());
    }

    #[test]
    fn expm1_and_ln_1p_match_std() {
        for i in 0..20_000 {
            let x = -(i as f64) * 0.0371 - 1e-9 * (i as f64);
            let e = expm1_nonpositive(x);
            assert!(
                ulps(e, x.exp_m1()) <= 2,
                "expm1({x}) = {e} vs {}",
                x.exp_m1()
            );
        }
        for x in [-1e-300, -1e-10, -1e-5, -0.3, -0.35, -0.4] {
            assert!(ulps(expm1_nonpositive(x), f64::exp_m1(x)) <= 2, "{x}");
        }
        for i in 0..=20_000 {
            let u = i as f64 / 20_000.0;
            let l = ln_1p_unit(u);
            assert!(ulps(l, u.ln_1p()) <= 4, "ln_1p({u}) = {l} vs {}", u.ln_1p());
        }
        assert_eq!(ln_1p_unit(0.0), 0.0);
        assert_eq!(ln_1p_unit(1e-300), 1e-300);
    }

    #[test]
    fn f32_sigmoid_is_within_2_ulp_of_the_f64_one_rounded() {
        // Reference: σ in f64 (std's exp, error ~1e-16) rounded to f32.
        fn worst<M: crate::kernels::dispatch::MulAdd>() -> u32 {
            let mut worst = 0;
            let mut i = -1_040_000;
            while i <= 200_000 {
                let h = i as f32 * 1e-4 + 3.1e-6;
                let exact = (1.0 / (1.0 + (-f64::from(h)).exp())) as f32;
                let got = super::sigmoid_f32::<M>(h);
                worst = worst.max((got.to_bits() as i32 - exact.to_bits() as i32).unsigned_abs());
                i += 7;
            }
            worst
        }
        assert!(
            worst::<Separate>() <= 2,
            "separate: {} ulp",
            worst::<Separate>()
        );
        let fused = worst::<crate::kernels::dispatch::Fused>();
        assert!(fused <= 2, "fused: {fused} ulp");
        assert_eq!(super::sigmoid_f32::<Separate>(0.0), 0.5);
        assert_eq!(super::sigmoid_f32::<Separate>(-104.0), 0.0);
        assert_eq!(super::sigmoid_f32::<Separate>(f32::NEG_INFINITY), 0.0);
        assert_eq!(super::sigmoid_f32::<Separate>(f32::INFINITY), 1.0);
        assert!(super::sigmoid_f32::<Separate>(f32::NAN).is_nan());
        // The smallest subnormal, 2⁻¹⁴⁹ ≈ e^−103.28.
        assert_eq!(super::sigmoid_f32::<Separate>(-103.2), f32::from_bits(1));
    }

    /// Near saturation the slope `1 − y²` that backpropagation takes from
    /// `y = tanh h` depends on the last bits of `y`: over `[1, 9]` in `f32` it
    /// is that of the correctly rounded `tanh` (std's `f64` tanh rounded to
    /// `f32`) to 1e-4 relative. From `m = e − 1`, as below 1, `y` was an ulp
    /// off at two points in three and the slope up to twice what it is
    /// (found against PyTorch, whose float32 tanh is correctly rounded). The
    /// `f64` tanh keeps `m`: its slope is within 3e-6 of std's tanh's below
    /// `|h| = 12`, where one ulp of `y` moves the slope by 1.5e-6 (2.2e-16
    /// against `4e^{−24}` ≈ 1.5e-10), so about two ulp of `y`: as near as two
    /// libraries whose tanh are each within an ulp can agree there.
    #[test]
    fn tanh_near_saturation_has_the_slope_of_the_rounded_value() {
        let worst_slope = |pairs: &mut dyn Iterator<Item = (f64, f64)>| {
            pairs
                .map(|(y, exact)| {
                    let (slope, best) = (1.0 - y * y, 1.0 - exact * exact);
                    if best > 0.0 {
                        (slope - best).abs() / best
                    } else {
                        slope.abs()
                    }
                })
                .fold(0.0, f64::max)
        };
        let grid = |step: f64, end: f64| {
            (0..)
                .map(move |i| 1.0 + i as f64 * step)
                .take_while(move |&h| h < end)
        };
        let f32_worst = worst_slope(&mut grid(0.0007, 9.0).map(|h| {
            let h = h as f32;
            let y = super::tanh_f32::<Separate>(h);
            (f64::from(y), f64::from(f64::from(h).tanh() as f32))
        }));
        assert!(f32_worst <= 1e-4, "f32: slope off by {f32_worst:e}");
    }

    #[test]
    fn tanh_matches_std() {
        let mut worst = 0;
        for i in -40_000..=40_000 {
            let h = i as f64 * 0.00053;
            worst = worst.max(ulps(tanh(h), h.tanh()));
        }
        assert!(worst <= 3, "worst {worst} ulp");
        assert_eq!(tanh(0.0).to_bits(), 0.0_f64.to_bits());
        assert_eq!(tanh(-0.0).to_bits(), (-0.0_f64).to_bits());
        assert_eq!(tanh(1000.0), 1.0);
        assert_eq!(tanh(-1000.0), -1.0);
        assert!(tanh(f64::NAN).is_nan());
    }
}
