//! The training epoch's block of short rows in AVX-512's registers, in one
//! pass: for each group of 8 `f64` rows (16 `f32`), one row per lane, the
//! terms are loaded once (`wide_rows::terms_f64`, `wide_rows::four_terms`)
//! and serve three times: the net inputs (summed as `kernels::wide_rows` sums
//! them, `order::dot`'s bits), the cross-entropy and `δ` (by `wide_bce`'s
//! `bce8` and `bce16`, the same bits as `kernels::wide_bce`), and the
//! gradient, `δ` times the same terms added into one register per feature.
//! Run one after another, the three kernels read each group twice and write
//! and read back its net inputs and `δ`: on `xeon-amx` the f64 epoch over
//! 1 000 000 × 10 took 3.19 ms that way and 2.74 ms in one pass; on `zen4`
//! the f32 epoch 1.92–2.16 ms that way and 1.54–1.60 ms in one pass.
//!
//! `f32` rows of 2 to 15 values only, each length compiled on its own
//! (`block_f32::<D>`), so that the terms, the weights and the gradient's
//! registers are registers. Longer `f32` rows take the three kernels. (When
//! the terms came by gathers and the length was known only at run time, the
//! one pass had measured slower than the three kernels: 2.0 against 1.85 ms
//! on `xeon-amx`.)
//!
//! The gradient's order: lane `r` of feature `j`'s register sums the groups'
//! row-`r` terms in group order; the block's 8 (16) lanes are then combined
//! pairwise (`order::combine`) and added into `grad_w[j]`.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

#[cfg(target_arch = "x86_64")]
use super::order::combine;
#[cfg(target_arch = "x86_64")]
use super::wide::prefetch_share;
#[cfg(target_arch = "x86_64")]
use super::wide_bce::{Tables, TablesF32, bce8, bce16};
#[cfg(target_arch = "x86_64")]
use super::wide_rows::{
    f32_groups, f64_groups, group_quad_f32, group_terms_f64, net_inputs8, net_inputs16,
};

/// For the whole groups of 8 rows of a block (rows of `d` values,
/// `2 ≤ d < 16`): each row's cross-entropy into `losses` and its `δ` into
/// `deltas` (as the separate kernels leave it over the net inputs),
/// `Σ δᵢ·xᵢ` added into `grad_w` and `Σ δᵢ` into `grad_b`, when this processor
/// has AVX-512 (F); prefetches `next` meanwhile. Returns how many rows it took
/// (the rest are the caller's), or `None` without AVX-512.
#[cfg(target_arch = "x86_64")]
#[inline]
#[allow(clippy::too_many_arguments)]
pub(crate) fn bce_block_f64(
    x: &[f64],
    d: usize,
    w: &[f64],
    b: f64,
    targets: &[f64],
    losses: &mut [f64],
    deltas: &mut [f64],
    grad_w: &mut [f64],
    grad_b: &mut f64,
    next: &[f64],
) -> Option<usize> {
    if !std::arch::is_x86_feature_detected!("avx512f") {
        return None;
    }
    // SAFETY: AVX-512 F was found on this processor just above.
    Some(unsafe { bce_block_f64_avx512(x, d, w, b, targets, losses, deltas, grad_w, grad_b, next) })
}

/// Elsewhere there is no AVX-512: never done here.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
#[allow(clippy::too_many_arguments)]
pub(crate) fn bce_block_f64(
    _x: &[f64],
    _d: usize,
    _w: &[f64],
    _b: f64,
    _targets: &[f64],
    _losses: &mut [f64],
    _deltas: &mut [f64],
    _grad_w: &mut [f64],
    _grad_b: &mut f64,
    _next: &[f64],
) -> Option<usize> {
    None
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[allow(clippy::too_many_arguments)]
fn bce_block_f64_avx512(
    x: &[f64],
    d: usize,
    w: &[f64],
    b: f64,
    targets: &[f64],
    losses: &mut [f64],
    deltas: &mut [f64],
    grad_w: &mut [f64],
    grad_b: &mut f64,
    next: &[f64],
) -> usize {
    const LANES: usize = 8;
    const LONGEST: usize = 2 * LANES - 1;
    if !(2..=LONGEST).contains(&d) || w.len() < d || grad_w.len() < d {
        return 0;
    }
    let groups = (x.len() / (LANES * d))
        .min(targets.len() / LANES)
        .min(losses.len() / LANES)
        .min(deltas.len() / LANES);
    let inside = f64_groups(x.len(), d);
    let bias = _mm512_set1_pd(b);
    let tables = Tables::new();
    let mut terms = [_mm512_setzero_pd(); LONGEST];
    let mut gradient = [_mm512_setzero_pd(); LONGEST];
    let mut delta_sum = _mm512_setzero_pd();
    for g in 0..groups {
        prefetch_share(next, g, groups);
        // SAFETY: AVX-512 F (this function's feature); group g's 8·d values
        // lie inside `x`, and its 8 targets, losses and δ inside `targets`,
        // `losses` and `deltas` (g < groups).
        unsafe {
            group_terms_f64(x.as_ptr().add(g * LANES * d), d, g >= inside, &mut terms);
            let h = net_inputs8(&terms, d, w, bias);
            let t = _mm512_loadu_pd(targets.as_ptr().add(g * LANES));
            let (loss, delta) = bce8(&tables, h, t);
            _mm512_storeu_pd(losses.as_mut_ptr().add(g * LANES), loss);
            _mm512_storeu_pd(deltas.as_mut_ptr().add(g * LANES), delta);
            delta_sum = _mm512_add_pd(delta_sum, delta);
            for (sum_j, &term) in gradient.iter_mut().zip(&terms).take(d) {
                *sum_j = _mm512_fmadd_pd(delta, term, *sum_j);
            }
        }
    }
    let mut lanes = [0.0f64; LANES];
    for (g, &sum_j) in grad_w.iter_mut().zip(&gradient).take(d) {
        // SAFETY: `lanes` holds eight values.
        unsafe { _mm512_storeu_pd(lanes.as_mut_ptr(), sum_j) };
        *g += combine(lanes);
    }
    // SAFETY: as above.
    unsafe { _mm512_storeu_pd(lanes.as_mut_ptr(), delta_sum) };
    *grad_b += combine(lanes);
    groups * LANES
}

/// [`bce_block_f64`] for `f32`: groups of 16 rows, `2 ≤ d ≤ 15`, the terms
/// by `wide_rows::four_terms` (the net inputs' bits of
/// `wide_rows::net_inputs_f32`), the loss and `δ` by `wide_bce`'s `bce16`.
/// Returns 0 for longer rows, which take the three kernels.
#[cfg(target_arch = "x86_64")]
#[inline]
#[allow(clippy::too_many_arguments)]
pub(crate) fn bce_block_f32(
    x: &[f32],
    d: usize,
    w: &[f32],
    b: f32,
    targets: &[f32],
    losses: &mut [f32],
    deltas: &mut [f32],
    grad_w: &mut [f32],
    grad_b: &mut f32,
    next: &[f32],
) -> Option<usize> {
    if !std::arch::is_x86_feature_detected!("avx512f") {
        return None;
    }
    let out = (targets, losses, deltas, grad_w, grad_b, next);
    // SAFETY (each arm): AVX-512 F was found on this processor just above.
    Some(unsafe {
        match d {
            2 => block_f32::<2>(x, w, b, out),
            3 => block_f32::<3>(x, w, b, out),
            4 => block_f32::<4>(x, w, b, out),
            5 => block_f32::<5>(x, w, b, out),
            6 => block_f32::<6>(x, w, b, out),
            7 => block_f32::<7>(x, w, b, out),
            8 => block_f32::<8>(x, w, b, out),
            9 => block_f32::<9>(x, w, b, out),
            10 => block_f32::<10>(x, w, b, out),
            11 => block_f32::<11>(x, w, b, out),
            12 => block_f32::<12>(x, w, b, out),
            13 => block_f32::<13>(x, w, b, out),
            14 => block_f32::<14>(x, w, b, out),
            15 => block_f32::<15>(x, w, b, out),
            _ => 0,
        }
    })
}

/// Elsewhere there is no AVX-512: never done here.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
#[allow(clippy::too_many_arguments)]
pub(crate) fn bce_block_f32(
    _x: &[f32],
    _d: usize,
    _w: &[f32],
    _b: f32,
    _targets: &[f32],
    _losses: &mut [f32],
    _deltas: &mut [f32],
    _grad_w: &mut [f32],
    _grad_b: &mut f32,
    _next: &[f32],
) -> Option<usize> {
    None
}

/// What [`block_f32`] reads besides the rows and writes: targets, losses,
/// `δ`, the gradient and its bias term, and the memory to prefetch.
#[cfg(target_arch = "x86_64")]
type BlockF32<'a> = (
    &'a [f32],
    &'a mut [f32],
    &'a mut [f32],
    &'a mut [f32],
    &'a mut f32,
    &'a [f32],
);

/// The one pass over rows of `D` values (`2 ≤ D ≤ 15`): a constant length,
/// so that the terms, the weights and the gradient's registers are
/// registers, not memory indexed at run time. (The `f64` kernel compiled
/// per length too measured no faster on `zen4`, 3.49–3.65 against
/// 3.52–3.67 ms for its epoch, alternating: it keeps one body.)
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn block_f32<const D: usize>(x: &[f32], w: &[f32], b: f32, out: BlockF32<'_>) -> usize {
    const LANES: usize = 16;
    let (targets, losses, deltas, grad_w, grad_b, next) = out;
    if !(2..LANES).contains(&D) || w.len() < D || grad_w.len() < D {
        return 0;
    }
    let w = &w[..D];
    let groups = (x.len() / (LANES * D))
        .min(targets.len() / LANES)
        .min(losses.len() / LANES)
        .min(deltas.len() / LANES);
    let inside = f32_groups(x.len(), D);
    let bias = _mm512_set1_ps(b);
    let tables = TablesF32::new();
    // Group g's terms, one register per term with row r in lane r.
    let terms_of = |g: usize| {
        let base = x[g * LANES * D..].as_ptr();
        let mut terms = [_mm512_setzero_ps(); D];
        for q in 0..D.div_ceil(4) {
            // SAFETY: AVX-512 F (this function's feature); group g's 16·D
            // values lie inside `x` (g < groups), and `inside` is `f32_groups`.
            let four = unsafe { group_quad_f32(base, D, q, g >= inside) };
            for (k, term) in four.into_iter().enumerate() {
                if 4 * q + k < D {
                    terms[4 * q + k] = term;
                }
            }
        }
        terms
    };
    let mut gradient = [_mm512_setzero_ps(); D];
    let mut delta_sum = _mm512_setzero_ps();
    // One group at a time: two at once (so that two groups' chains of
    // dependent steps overlap) measured slower on `zen4`, 1.82–1.83 against
    // 1.54–1.57 ms for the f32 epoch, alternating: the pass is bound by the
    // arithmetic units' throughput there, and two groups' terms spill.
    for g in 0..groups {
        prefetch_share(next, g, groups);
        let terms = terms_of(g);
        // SAFETY: AVX-512 F (this function's feature); group g's 16 targets,
        // losses and δ lie inside `targets`, `losses` and `deltas` (g < groups).
        unsafe {
            let h = net_inputs16(&terms, w, bias);
            let t = _mm512_loadu_ps(targets.as_ptr().add(g * LANES));
            let (loss, delta) = bce16(&tables, h, t);
            _mm512_storeu_ps(losses.as_mut_ptr().add(g * LANES), loss);
            _mm512_storeu_ps(deltas.as_mut_ptr().add(g * LANES), delta);
            delta_sum = _mm512_add_ps(delta_sum, delta);
            for (sum_j, term) in gradient.iter_mut().zip(terms) {
                *sum_j = _mm512_fmadd_ps(delta, term, *sum_j);
            }
        }
    }
    let mut lanes = [0.0f32; LANES];
    for (g, sum_j) in grad_w.iter_mut().zip(gradient) {
        // SAFETY: `lanes` holds sixteen values.
        unsafe { _mm512_storeu_ps(lanes.as_mut_ptr(), sum_j) };
        *g += combine(lanes);
    }
    // SAFETY: as above.
    unsafe { _mm512_storeu_ps(lanes.as_mut_ptr(), delta_sum) };
    *grad_b += combine(lanes);
    groups * LANES
}
