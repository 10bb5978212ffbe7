//! The binary cross-entropy as the AVX-512 level computes it (and the AVX2
//! level in `f32`), one value at a time: the scalar model that
//! `kernels::wide_bce` follows operation for operation (eight `f64` or sixteen
//! `f32` values at a time), and `kernels::avx2_bce` in `f32` (eight at a
//! time), which the tests hold them to bit for bit, and which the levels use
//! for a few values.
//!
//! For a net input `h` and a target `t`, the loss of the sigmoid neuron is
//! `max(h, 0) − t·h + ln(1 + e)` with `e = e^{−|h|}`, and its derivative over
//! `h` is `δ = σ(h) − t`. Both need `e`; this kernel takes it from the
//! sigmoid's table (`math::by_table`), and `ln(1 + e)` from a second table in
//! place of the generic code's long series and its division:
//!
//! - `y = 1 + e` lies in `[1, 2]`; with `j = round(e·15)` and `c_j = 1 + j/15`,
//!   `ln y = −ln(INV_C[j]) + ln(1 + r)` exactly, for `r = y·INV_C[j] − 1`
//!   (`INV_C[j]` is `1/c_j` rounded, so `|r| ≤ 0.034`), with `−ln(INV_C[j])`
//!   from mpmath as `hi + lo`;
//! - `ln(1 + r) = r + r²·P(r)`, the Taylor series to degree 11 in `f64`
//!   (remainder below `|r|¹²/12 < 2⁻⁶²`), degree 5 in `f32`;
//! - `ln(1 + e) = ln y − ((y − 1) − e)/y`: `y` is `1 + e` rounded, and the
//!   correction puts back what the rounding took (`(y − 1) − e` is exact).
//!
//! Accuracy, against mpmath at 60 digits (`scripts/oracles/bce_table.py`,
//! tested in `kernels::tests`): for targets in `[0, 1]`, where every term of
//! the loss is non-negative, the loss is within 3 ulp of the correctly rounded
//! value (measured: 1 ulp in `f64`, 2 in `f32`); `δ` is within 2 ulp of
//! `σ(h)` plus the one rounding of the subtraction.

use super::dispatch::MulAdd;
use super::math::SHIFT;
use super::math::by_table::{SHIFT_F32, exp_minus_abs, exp_minus_abs_f32};

/// `1/c_j` rounded to `f64`, `c_j = 1 + j/15`, for `j = 0, …, 15`.
pub(crate) const INV_C: [f64; 16] = [
    f64::from_bits(0x3ff0_0000_0000_0000),
    f64::from_bits(0x3fee_0000_0000_0000),
    f64::from_bits(0x3fec_3c3c_3c3c_3c3c),
    f64::from_bits(0x3fea_aaaa_aaaa_aaab),
    f64::from_bits(0x3fe9_435e_50d7_9436),
    f64::from_bits(0x3fe8_0000_0000_0000),
    f64::from_bits(0x3fe6_db6d_b6db_6db7),
    f64::from_bits(0x3fe5_d174_5d17_45d1),
    f64::from_bits(0x3fe4_de9b_d37a_6f4e),
    f64::from_bits(0x3fe4_0000_0000_0000),
    f64::from_bits(0x3fe3_3333_3333_3333),
    f64::from_bits(0x3fe2_7627_6276_2762),
    f64::from_bits(0x3fe1_c71c_71c7_1c72),
    f64::from_bits(0x3fe1_2492_4924_9249),
    f64::from_bits(0x3fe0_8d3d_cb08_d3dd),
    f64::from_bits(0x3fe0_0000_0000_0000),
];
/// `−ln(INV_C[j])`, rounded to `f64` (the rest in [`LN_C_LO`]).
pub(crate) const LN_C_HI: [f64; 16] = [
    f64::from_bits(0x0000_0000_0000_0000),
    f64::from_bits(0x3fb0_8598_b59e_3a07),
    f64::from_bits(0x3fc0_0558_8ad3_75ae),
    f64::from_bits(0x3fc7_5650_11e4_9675),
    f64::from_bits(0x3fce_41fc_cb76_b0d7),
    f64::from_bits(0x3fd2_6962_1134_db92),
    f64::from_bits(0x3fd5_88c2_d913_348f),
    f64::from_bits(0x3fd8_82f1_ef83_ed45),
    f64::from_bits(0x3fdb_5b3e_2423_5e88),
    f64::from_bits(0x3fde_148a_1a27_26ce),
    f64::from_bits(0x3fe0_58ae_fa81_1452),
    f64::from_bits(0x3fe1_99fa_c68b_4ab8),
    f64::from_bits(0x3fe2_cf25_fad8_f1c3),
    f64::from_bits(0x3fe3_f912_7524_0811),
    f64::from_bits(0x3fe5_188a_4a02_d7fe),
    f64::from_bits(0x3fe6_2e42_fefa_39ef),
];
/// `−ln(INV_C[j]) − LN_C_HI[j]`, rounded.
pub(crate) const LN_C_LO: [f64; 16] = [
    f64::from_bits(0x0000_0000_0000_0000),
    f64::from_bits(0xbc5d_d700_9902_bf32),
    f64::from_bits(0xbc42_3dbd_c498_b285),
    f64::from_bits(0xbc68_1495_b2eb_862b),
    f64::from_bits(0xbc6e_f0a9_ec21_b972),
    f64::from_bits(0x3c7e_0efa_dd9d_b02b),
    f64::from_bits(0x3c6f_afb0_6b03_f0a5),
    f64::from_bits(0x3c7d_2273_fd01_74a6),
    f64::from_bits(0xbc34_e3e2_2530_be1b),
    f64::from_bits(0xbc7a_c81c_c8a4_dfb8),
    f64::from_bits(0xbc3c_19f7_3d94_5334),
    f64::from_bits(0xbc50_e0e3_4e56_089e),
    f64::from_bits(0x3c70_a358_8426_0cff),
    f64::from_bits(0x3c84_d147_676d_b21d),
    f64::from_bits(0x3c85_cc1d_aef6_9b6a),
    f64::from_bits(0x3c7a_bc9e_3b39_803f),
];
/// The coefficients of `P` in `ln(1 + r) = r + r²·P(r)`, highest first:
/// `1/11, −1/10, …, 1/3, −1/2` (Horner's rule).
pub(crate) const LN_1P: [f64; 10] = [
    1.0 / 11.0,
    -1.0 / 10.0,
    1.0 / 9.0,
    -1.0 / 8.0,
    1.0 / 7.0,
    -1.0 / 6.0,
    1.0 / 5.0,
    -1.0 / 4.0,
    1.0 / 3.0,
    -0.5,
];

/// [`INV_C`] for `f32`: `1/c_j` rounded to `f32`.
pub(crate) const INV_C_F32: [f32; 16] = [
    f32::from_bits(0x3f80_0000),
    f32::from_bits(0x3f70_0000),
    f32::from_bits(0x3f61_e1e2),
    f32::from_bits(0x3f55_5555),
    f32::from_bits(0x3f4a_1af3),
    f32::from_bits(0x3f40_0000),
    f32::from_bits(0x3f36_db6e),
    f32::from_bits(0x3f2e_8ba3),
    f32::from_bits(0x3f26_f4df),
    f32::from_bits(0x3f20_0000),
    f32::from_bits(0x3f19_999a),
    f32::from_bits(0x3f13_b13b),
    f32::from_bits(0x3f0e_38e4),
    f32::from_bits(0x3f09_2492),
    f32::from_bits(0x3f04_69ee),
    f32::from_bits(0x3f00_0000),
];
/// `−ln(INV_C_F32[j])`, rounded to `f32`.
pub(crate) const LN_C_HI_F32: [f32; 16] = [
    f32::from_bits(0x0000_0000),
    f32::from_bits(0x3d84_2cc6),
    f32::from_bits(0x3e00_2ac4),
    f32::from_bits(0x3e3a_b282),
    f32::from_bits(0x3e72_0fe4),
    f32::from_bits(0x3e93_4b11),
    f32::from_bits(0x3eac_4616),
    f32::from_bits(0x3ec4_178f),
    f32::from_bits(0x3eda_d9f0),
    f32::from_bits(0x3ef0_a451),
    f32::from_bits(0x3f02_c577),
    f32::from_bits(0x3f0c_cfd6),
    f32::from_bits(0x3f16_792f),
    f32::from_bits(0x3f1f_c894),
    f32::from_bits(0x3f28_c453),
    f32::from_bits(0x3f31_7218),
];
/// `−ln(INV_C_F32[j]) − LN_C_HI_F32[j]`, rounded.
pub(crate) const LN_C_LO_F32: [f32; 16] = [
    f32::from_bits(0x0000_0000),
    f32::from_bits(0xb126_1c60),
    f32::from_bits(0xb147_b36c),
    f32::from_bits(0x3122_f936),
    f32::from_bits(0xb02b_0def),
    f32::from_bits(0xb26c_b247),
    f32::from_bits(0xb006_6505),
    f32::from_bits(0x31df_6c98),
    f32::from_bits(0xb110_c1f5),
    f32::from_bits(0xb1bb_1b26),
    f32::from_bits(0x3225_77e0),
    f32::from_bits(0x32ac_f8f0),
    f32::from_bits(0x311f_ac1a),
    f32::from_bits(0x3246_a325),
    f32::from_bits(0xb0a7_d2a5),
    f32::from_bits(0xb102_e308),
];
/// [`LN_1P`] for `f32`: `1/5, −1/4, 1/3, −1/2` (remainder below `|r|⁶/6 < 2⁻³⁲`).
pub(crate) const LN_1P_F32: [f32; 4] = [1.0 / 5.0, -1.0 / 4.0, 1.0 / 3.0, -0.5];

/// The row's loss `max(h, 0) − t·h + ln(1 + e^{−|h|})` and `δ = σ(h) − t`.
#[inline(always)]
pub(crate) fn bce<M: MulAdd>(h: f64, t: f64) -> (f64, f64) {
    let e = exp_minus_abs::<M>(h);
    let y = 1.0 + e;
    let inv_y = 1.0 / y;
    let sigma = if h >= 0.0 { 1.0 } else { e } * inv_y;
    // j = round(e·15): the low four bits of `s` (its mantissa is 2⁵¹ + j).
    let s = M::mul_add(e, 15.0, SHIFT);
    let j = (s.to_bits() & 15) as usize;
    let r = M::mul_add(y, INV_C[j], -1.0);
    let mut p = LN_1P[0];
    for &c in &LN_1P[1..] {
        p = M::mul_add(p, r, c);
    }
    let ln_1p_r = M::mul_add(r * r, p, r);
    let ln_y = LN_C_HI[j] + (ln_1p_r + LN_C_LO[j]);
    let ln_1p_e = M::mul_add(-((y - 1.0) - e), inv_y, ln_y);
    (
        linear(h, t, M::mul_add(-t, h, h.max(0.0))) + ln_1p_e,
        sigma - t,
    )
}

/// `max(h, 0) − t·h`, given as `finite`, or its limit where `h` is infinite:
/// `(1 − t)·h` at `+∞` and `−t·h` at `−∞`, which is 0 where that factor is 0
/// (not the `∞ − ∞` of the formula).
#[inline(always)]
fn linear<F: num_traits::Float>(h: F, t: F, finite: F) -> F {
    if h.is_infinite() {
        let factor = if h > F::zero() { F::one() - t } else { -t };
        if factor == F::zero() {
            F::zero()
        } else {
            factor * h
        }
    } else {
        finite
    }
}

/// [`bce`] in `f32` arithmetic.
#[inline(always)]
pub(crate) fn bce_f32<M: MulAdd>(h: f32, t: f32) -> (f32, f32) {
    let e = exp_minus_abs_f32::<M>(h);
    let y = 1.0 + e;
    let inv_y = 1.0 / y;
    let sigma = if h >= 0.0 { 1.0 } else { e } * inv_y;
    let s = M::mul_add(e, 15.0, SHIFT_F32);
    let j = (s.to_bits() & 15) as usize;
    let r = M::mul_add(y, INV_C_F32[j], -1.0);
    let [c5, c4, c3, c2] = LN_1P_F32;
    let p = M::mul_add(M::mul_add(M::mul_add(c5, r, c4), r, c3), r, c2);
    let ln_1p_r = M::mul_add(r * r, p, r);
    let ln_y = LN_C_HI_F32[j] + (ln_1p_r + LN_C_LO_F32[j]);
    let ln_1p_e = M::mul_add(-((y - 1.0) - e), inv_y, ln_y);
    (
        linear(h, t, M::mul_add(-t, h, h.max(0.0))) + ln_1p_e,
        sigma - t,
    )
}
