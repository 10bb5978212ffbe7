//! Short rows in AVX-512's registers: the net inputs of 16 `f32` (8 `f64`)
//! rows at once, one row per lane. A row shorter than two registers' lanes is
//! summed by `order::dot` as two chains of multiply-adds, even terms and odd
//! terms; here lane `r` of each register runs row `r`'s chains, term by term,
//! so every row gets exactly `dot`'s bits. The terms reach their lanes by a
//! transposition: a few consecutive terms of a row are one 128-bit load, the
//! loads of several rows fill a register, and shuffles inside each 128-bit
//! block put term `k` of every row into one register (`four_terms`,
//! `terms_f64`). Gathers (`vgatherdps`, a load per lane) did this before and
//! cost more: on Zen 4 the f32 epoch took twice as long with them. The
//! compiler's own code for these loops packs rows into lanes with a shuffle
//! per term, which costs more than the arithmetic.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;
use std::mem::MaybeUninit;

/// `out[i] = xᵢ · w + b` for the rows of `x` (rows of `d` values, `2 ≤ d`),
/// when this processor has AVX-512 (F); the last rows that do not fill a
/// register are left to the caller: returns how many rows were written, or
/// `None` without AVX-512.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn net_inputs_f32(
    x: &[f32],
    d: usize,
    w: &[f32],
    b: f32,
    out: &mut [MaybeUninit<f32>],
) -> Option<usize> {
    if !std::arch::is_x86_feature_detected!("avx512f") {
        return None;
    }
    // SAFETY: AVX-512 F was found on this processor just above.
    Some(unsafe { net_inputs_f32_avx512(x, d, w, b, out) })
}

/// Elsewhere there is no AVX-512: never done here.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
pub(crate) fn net_inputs_f32(
    _x: &[f32],
    _d: usize,
    _w: &[f32],
    _b: f32,
    _out: &mut [MaybeUninit<f32>],
) -> Option<usize> {
    None
}

/// [`net_inputs_f32`] for `f64`, eight rows at once.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn net_inputs_f64(
    x: &[f64],
    d: usize,
    w: &[f64],
    b: f64,
    out: &mut [MaybeUninit<f64>],
) -> Option<usize> {
    if !std::arch::is_x86_feature_detected!("avx512f") {
        return None;
    }
    // SAFETY: AVX-512 F was found on this processor just above.
    Some(unsafe { net_inputs_f64_avx512(x, d, w, b, out) })
}

/// Elsewhere there is no AVX-512: never done here.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
pub(crate) fn net_inputs_f64(
    _x: &[f64],
    _d: usize,
    _w: &[f64],
    _b: f64,
    _out: &mut [MaybeUninit<f64>],
) -> Option<usize> {
    None
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn net_inputs_f32_avx512(
    x: &[f32],
    d: usize,
    w: &[f32],
    b: f32,
    out: &mut [MaybeUninit<f32>],
) -> usize {
    const LANES: usize = 16;
    const LONGEST: usize = 2 * LANES - 1;
    if !(2..=LONGEST).contains(&d) || w.len() < d {
        return 0;
    }
    let quads = d.div_ceil(4);
    let rows = (x.len() / d).min(out.len());
    let inside = f32_groups(x.len(), d);
    let bias = _mm512_set1_ps(b);
    let pairs = d / 2;
    for (g, (group, h)) in x
        .chunks_exact(LANES * d)
        .zip(out.chunks_exact_mut(LANES))
        .take(rows / LANES)
        .enumerate()
    {
        let base = group.as_ptr();
        let mut even = _mm512_setzero_ps();
        let mut odd = _mm512_setzero_ps();
        let mut last = _mm512_setzero_ps();
        for q in 0..quads {
            // SAFETY: AVX-512 F (this function's feature); group g's 16·d
            // values lie inside `x`, and `inside` is `f32_groups`.
            let terms = unsafe { group_quad_f32(base, d, q, g >= inside) };
            for (k, &term) in terms.iter().enumerate() {
                let j = 4 * q + k;
                if j >= 2 * pairs {
                    // Term d − 1 of an odd d, added after the two chains.
                    if j < d {
                        last = term;
                    }
                    break;
                }
                let wj = _mm512_set1_ps(w[j]);
                if j % 2 == 0 {
                    even = _mm512_fmadd_ps(term, wj, even);
                } else {
                    odd = _mm512_fmadd_ps(term, wj, odd);
                }
            }
        }
        let mut sum = _mm512_add_ps(even, odd);
        if d % 2 == 1 {
            sum = _mm512_fmadd_ps(last, _mm512_set1_ps(w[d - 1]), sum);
        }
        // SAFETY: `h` holds sixteen values, which the store writes.
        unsafe { _mm512_storeu_ps(h.as_mut_ptr().cast(), _mm512_add_ps(sum, bias)) };
    }
    rows / LANES * LANES
}

/// Terms `j … j + 3` of 16 rows `d` values apart, one register per term with
/// row `r` in lane `r`, from `start` (term `j` of row 0): four values of a
/// row are one 128-bit load, four rows' loads fill a register (rows `t`,
/// `t + 4`, `t + 8`, `t + 12` in its four 128-bit blocks), and a 4 × 4
/// transposition inside each block turns the four registers into the four
/// terms. Plain loads and in-block shuffles, cheaper than a gather per term
/// (on Zen 4 the gathers took 59 % of the f32 epoch; see BENCHMARKS.md).
///
/// With `MASKED`, row 15 reads only its first `valid` values (a masked
/// load, which does not touch the others; zeros in their lanes).
///
/// # Safety
/// Values `r·d … r·d + 3` from `start` are readable for every row `r < 16`
/// (for row 15 with `MASKED`, values `15·d … 15·d + valid − 1`, `valid ≤ 4`).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
#[inline]
unsafe fn four_terms<const MASKED: bool>(start: *const f32, d: usize, valid: usize) -> [__m512; 4] {
    // SAFETY (the loads): the caller's promise, for rows t, t + 4, t + 8 and
    // t + 12 (all below 16).
    let rows = |t: usize| unsafe {
        let block = |r: usize| {
            if MASKED && r == 15 {
                let mask: __mmask16 = (1u16 << valid.min(4)) - 1;
                _mm512_castps512_ps128(_mm512_maskz_loadu_ps(mask, start.add(r * d)))
            } else {
                _mm_loadu_ps(start.add(r * d))
            }
        };
        let a = _mm512_castps128_ps512(block(t));
        let a = _mm512_insertf32x4::<1>(a, block(t + 4));
        let a = _mm512_insertf32x4::<2>(a, block(t + 8));
        _mm512_insertf32x4::<3>(a, block(t + 12))
    };
    let (a0, a1, a2, a3) = (rows(0), rows(1), rows(2), rows(3));
    // In each block: [a0₀ a1₀ a0₁ a1₁], [a0₂ a1₂ a0₃ a1₃], and a2, a3 likewise.
    let t0 = _mm512_castps_pd(_mm512_unpacklo_ps(a0, a1));
    let t1 = _mm512_castps_pd(_mm512_unpackhi_ps(a0, a1));
    let t2 = _mm512_castps_pd(_mm512_unpacklo_ps(a2, a3));
    let t3 = _mm512_castps_pd(_mm512_unpackhi_ps(a2, a3));
    [
        _mm512_castpd_ps(_mm512_unpacklo_pd(t0, t2)),
        _mm512_castpd_ps(_mm512_unpackhi_pd(t0, t2)),
        _mm512_castpd_ps(_mm512_unpacklo_pd(t1, t3)),
        _mm512_castpd_ps(_mm512_unpackhi_pd(t1, t3)),
    ]
}

/// How many groups of 16 rows of `d` values, from the start of `len`
/// values, [`four_terms`] may read unmasked: a row's last four terms reach
/// up to `4·⌈d/4⌉ − d` values past it (into the next row, and past the
/// inputs for their last row), so the group's reads must stay inside the
/// values.
#[cfg(target_arch = "x86_64")]
pub(super) fn f32_groups(len: usize, d: usize) -> usize {
    len.saturating_sub(4 * d.div_ceil(4) - d) / (16 * d).max(1)
}

/// Terms `4q … 4q + 3` of a group of 16 rows of `d` values from `start` (term
/// 0 of row 0), by [`four_terms`]: unmasked in the first [`f32_groups`] of
/// the inputs, and in a group after (`past_the_first`) masked in the last
/// quad, where row 15 would read past the inputs: its load then reads only
/// the values the row has.
///
/// # Safety
/// The processor has AVX-512 (F), the group's `16·d` values from `start`
/// are readable, `4q < d`, and `past_the_first` is set for any group after
/// the first `f32_groups` of the inputs.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(super) unsafe fn group_quad_f32(
    start: *const f32,
    d: usize,
    q: usize,
    past_the_first: bool,
) -> [__m512; 4] {
    let quads = d.div_ceil(4);
    let over = 4 * quads - d;
    // SAFETY: row r's values 4q … 4q + 3 lie at r·d + 4q + 3 < 16·d + over
    // values from `start`, inside the inputs unmasked (`f32_groups`); masked,
    // only the last quad of row 15 passes 16·d, and it reads its 4 − over
    // values alone.
    unsafe {
        if past_the_first && q + 1 == quads {
            four_terms::<true>(start.add(4 * q), d, 4 - over)
        } else {
            four_terms::<false>(start.add(4 * q), d, 4)
        }
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn net_inputs_f64_avx512(
    x: &[f64],
    d: usize,
    w: &[f64],
    b: f64,
    out: &mut [MaybeUninit<f64>],
) -> usize {
    const LANES: usize = 8;
    const LONGEST: usize = 2 * LANES - 1;
    if !(2..=LONGEST).contains(&d) || w.len() < d {
        return 0;
    }
    let rows = (x.len() / d).min(out.len());
    // The last group's reads may pass the end of `x` by one value (odd d, see
    // `f64_groups`): its row 7 then reads its last pair masked.
    let inside = f64_groups(x.len(), d);
    let bias = _mm512_set1_pd(b);
    let mut terms = [_mm512_setzero_pd(); LONGEST];
    for (g, (group, h)) in x
        .chunks_exact(LANES * d)
        .zip(out.chunks_exact_mut(LANES))
        .take(rows / LANES)
        .enumerate()
    {
        // SAFETY: AVX-512 F (this function's feature); group g's 8·d values
        // lie inside `x`.
        unsafe { group_terms_f64(group.as_ptr(), d, g >= inside, &mut terms) };
        // SAFETY: this function is compiled for AVX-512 F.
        let h_group = unsafe { net_inputs8(&terms, d, w, bias) };
        // SAFETY: `h` holds eight values, which the store writes.
        unsafe { _mm512_storeu_pd(h.as_mut_ptr().cast(), h_group) };
    }
    rows / LANES * LANES
}

/// How many groups of 8 rows of `d` values, from the start of `len` values,
/// [`terms_f64`] may read: its last pair of a row of odd `d` reads one value
/// past the row, so the group's reads must stay inside the values.
#[cfg(target_arch = "x86_64")]
pub(super) fn f64_groups(len: usize, d: usize) -> usize {
    len.saturating_sub(d % 2) / (8 * d).max(1)
}

/// Terms `0 … d − 1` (`d ≤ 15`) of 8 rows `d` values apart from `start`, one
/// register per term with row `r` in lane `r`, into `terms`: two values of a
/// row are one 128-bit load, four rows' loads fill a register (rows `t`,
/// `t + 2`, `t + 4`, `t + 6`), and one shuffle in each 128-bit block gives
/// the two terms (as `four_terms` does for `f32`).
///
/// Inlined into its callers, which are compiled for AVX-512 (F): a function
/// of its own with that target feature was not inlined, and a call per
/// group cost about 10 % of the f64 epoch on Zen 4 (5.25 against 4.73 ms).
///
/// With `MASKED`, row 7's last pair of an odd `d` is a masked load of its
/// one value (zero in the other lane), which reads nothing past the row.
///
/// # Safety
/// The processor has AVX-512 (F), and the values `r·d … r·d + d − 1 + d mod 2`
/// from `start` are readable for every row `r < 8` (see [`f64_groups`]),
/// but for row 7 with `MASKED`: `7·d … 8·d − 1`.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(super) unsafe fn terms_f64<const MASKED: bool>(
    start: *const f64,
    d: usize,
    terms: &mut [__m512d; 15],
) {
    let pairs = d.div_ceil(2);
    for p in 0..pairs {
        // Row 7's pair is past its end only in the last pair of an odd d.
        let mask_row_7 = MASKED && d % 2 == 1 && p + 1 == pairs;
        // SAFETY: AVX-512 F by the caller's promise; the loads read row r's
        // values 2p and 2p + 1, at r·d + 2p + 1 ≤ r·d + d − 1 + d mod 2,
        // readable by the caller's promise too; where row 7's are not, its
        // load is masked to value 2p = d − 1 alone.
        unsafe {
            // As `f32` bits: `vinsertf32x4` is AVX-512 F, `vinsertf64x2` DQ.
            let block = |r: usize| {
                let at = start.add(r * d + 2 * p);
                if r == 7 && mask_row_7 {
                    _mm512_castps512_ps128(_mm512_castpd_ps(_mm512_maskz_loadu_pd(0b1, at)))
                } else {
                    _mm_castpd_ps(_mm_loadu_pd(at))
                }
            };
            let rows = |t: usize| {
                let a = _mm512_castps128_ps512(block(t));
                let a = _mm512_insertf32x4::<1>(a, block(t + 2));
                let a = _mm512_insertf32x4::<2>(a, block(t + 4));
                _mm512_castps_pd(_mm512_insertf32x4::<3>(a, block(t + 6)))
            };
            let (a0, a1) = (rows(0), rows(1));
            // Block b holds rows 2b and 2b + 1 after the shuffle: [a0₀ a1₀], [a0₁ a1₁].
            terms[2 * p] = _mm512_unpacklo_pd(a0, a1);
            if 2 * p + 1 < d {
                terms[2 * p + 1] = _mm512_unpackhi_pd(a0, a1);
            }
        }
    }
}

/// [`terms_f64`] for a group of 8 rows whose values all lie in the inputs:
/// unmasked for the first [`f64_groups`] of them, masked (`past_the_first`)
/// for a group after, whose last row's reads would leave the inputs.
///
/// # Safety
/// The processor has AVX-512 (F), the group's `8·d` values from `start` are
/// readable, and `past_the_first` is set for any group after the first
/// `f64_groups` of the inputs.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(super) unsafe fn group_terms_f64(
    start: *const f64,
    d: usize,
    past_the_first: bool,
    terms: &mut [__m512d; 15],
) {
    // SAFETY: the caller's promises; unmasked, the reads stay inside the
    // inputs by `f64_groups`, masked inside the group.
    unsafe {
        if past_the_first {
            terms_f64::<true>(start, d, terms);
        } else {
            terms_f64::<false>(start, d, terms);
        }
    }
}

/// The net inputs of 8 rows from their terms (`terms[k]`, lane `r`: row `r`'s
/// term `k`): `order::dot`'s two chains, lane by lane, then the bias.
///
/// # Safety
/// The processor has AVX-512 (F); inlined as [`terms_f64`] is.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(super) unsafe fn net_inputs8(
    terms: &[__m512d; 15],
    d: usize,
    w: &[f64],
    bias: __m512d,
) -> __m512d {
    // SAFETY: AVX-512 F, by the caller's promise.
    unsafe {
        let mut even = _mm512_setzero_pd();
        let mut odd = _mm512_setzero_pd();
        for k in 0..d / 2 {
            even = _mm512_fmadd_pd(terms[2 * k], _mm512_set1_pd(w[2 * k]), even);
            odd = _mm512_fmadd_pd(terms[2 * k + 1], _mm512_set1_pd(w[2 * k + 1]), odd);
        }
        let mut sum = _mm512_add_pd(even, odd);
        if d % 2 == 1 {
            sum = _mm512_fmadd_pd(terms[d - 1], _mm512_set1_pd(w[d - 1]), sum);
        }
        _mm512_add_pd(sum, bias)
    }
}

/// [`net_inputs8`] for 16 `f32` rows (`terms.len()` of them, at least 2):
/// `order::dot`'s two chains, lane by lane, as `net_inputs_f32` sums them.
///
/// # Safety
/// The processor has AVX-512 (F); inlined as [`terms_f64`] is.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
pub(super) unsafe fn net_inputs16(terms: &[__m512], w: &[f32], bias: __m512) -> __m512 {
    let d = terms.len().min(w.len());
    // SAFETY: AVX-512 F, by the caller's promise.
    unsafe {
        let mut even = _mm512_setzero_ps();
        let mut odd = _mm512_setzero_ps();
        for k in 0..d / 2 {
            even = _mm512_fmadd_ps(terms[2 * k], _mm512_set1_ps(w[2 * k]), even);
            odd = _mm512_fmadd_ps(terms[2 * k + 1], _mm512_set1_ps(w[2 * k + 1]), odd);
        }
        let mut sum = _mm512_add_ps(even, odd);
        if d % 2 == 1 {
            sum = _mm512_fmadd_ps(terms[d - 1], _mm512_set1_ps(w[d - 1]), sum);
        }
        _mm512_add_ps(sum, bias)
    }
}

/// `Σᵢ δᵢ·xᵢ` added into `grad_w` and `Σᵢ δᵢ` into `grad_b`, over the first
/// rows of `x` (rows of `d` values, `2 ≤ d < 32`) in whole registers of 16
/// rows, when this processor has AVX-512 (F): returns how many rows it took
/// (the rest are the caller's), or `None` without AVX-512.
///
/// The block is read as it lies in memory, register `m` of each group of 16
/// rows holding values `16m … 16m + 15`, which belong to rows `(16m + l)/d`:
/// a permutation of the group's 16 δ puts each row's δ under its values,
/// and one multiply-add per register accumulates; lane `l` of accumulator `m`
/// then holds part of feature `(16m + l) mod d`, and the lanes are added into
/// `grad_w` in that fixed order. Two accumulators per register alternate
/// over the groups, so that two chains of multiply-adds are in flight.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn gradient_f32(
    x: &[f32],
    d: usize,
    deltas: &[f32],
    grad_w: &mut [f32],
    grad_b: &mut f32,
) -> Option<usize> {
    if !std::arch::is_x86_feature_detected!("avx512f") {
        return None;
    }
    // SAFETY: AVX-512 F was found on this processor just above.
    Some(unsafe { gradient_f32_avx512(x, d, deltas, grad_w, grad_b) })
}

/// Elsewhere there is no AVX-512: never done here.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
pub(crate) fn gradient_f32(
    _x: &[f32],
    _d: usize,
    _deltas: &[f32],
    _grad_w: &mut [f32],
    _grad_b: &mut f32,
) -> Option<usize> {
    None
}

/// [`gradient_f32`] for `f64`: registers of 8 rows, `2 ≤ d < 16`.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn gradient_f64(
    x: &[f64],
    d: usize,
    deltas: &[f64],
    grad_w: &mut [f64],
    grad_b: &mut f64,
) -> Option<usize> {
    if !std::arch::is_x86_feature_detected!("avx512f") {
        return None;
    }
    // SAFETY: AVX-512 F was found on this processor just above.
    Some(unsafe { gradient_f64_avx512(x, d, deltas, grad_w, grad_b) })
}

/// Elsewhere there is no AVX-512: never done here.
#[cfg(not(target_arch = "x86_64"))]
#[inline]
pub(crate) fn gradient_f64(
    _x: &[f64],
    _d: usize,
    _deltas: &[f64],
    _grad_w: &mut [f64],
    _grad_b: &mut f64,
) -> Option<usize> {
    None
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn gradient_f32_avx512(
    x: &[f32],
    d: usize,
    deltas: &[f32],
    grad_w: &mut [f32],
    grad_b: &mut f32,
) -> usize {
    const LANES: usize = 16;
    if !(2..2 * LANES).contains(&d) || grad_w.len() < d {
        return 0;
    }
    let groups = (deltas.len() / LANES).min(x.len() / (LANES * d));
    if groups == 0 {
        // Nothing to take (the one-pass epoch may have taken every group):
        // no places to compute, nothing added.
        return 0;
    }
    let group_len = LANES * d;
    let places = Places::new(d);
    for m in 0..d {
        // Value p = 16m + l of a group belongs to row p / d and feature p mod d.
        let (index, features) = places.of_register(m);
        let mut sums = [_mm512_setzero_ps(); 2];
        for g in 0..groups {
            // SAFETY: group g's sixteen δ and its register m (16 of its
            // 16·d values, 16m + 15 < 16·d) lie inside `deltas` and `x`
            // (g < groups).
            unsafe {
                let delta = _mm512_loadu_ps(deltas.as_ptr().add(g * LANES));
                let values = _mm512_loadu_ps(x.as_ptr().add(g * group_len + LANES * m));
                let spread = _mm512_permutexvar_ps(index, delta);
                sums[g % 2] = _mm512_fmadd_ps(values, spread, sums[g % 2]);
            }
        }
        let mut lanes = [0.0f32; LANES];
        // SAFETY: `lanes` holds sixteen values.
        unsafe { _mm512_storeu_ps(lanes.as_mut_ptr(), _mm512_add_ps(sums[0], sums[1])) };
        for (&v, &f) in lanes.iter().zip(&features) {
            grad_w[f as usize] += v;
        }
    }
    let mut total = _mm512_setzero_ps();
    for g in 0..groups {
        // SAFETY: group g's sixteen δ lie inside `deltas`.
        total = _mm512_add_ps(total, unsafe {
            _mm512_loadu_ps(deltas.as_ptr().add(g * LANES))
        });
    }
    let mut lanes = [0.0f32; LANES];
    // SAFETY: `lanes` holds sixteen values.
    unsafe { _mm512_storeu_ps(lanes.as_mut_ptr(), total) };
    *grad_b += super::order::combine(lanes);
    groups * LANES
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn gradient_f64_avx512(
    x: &[f64],
    d: usize,
    deltas: &[f64],
    grad_w: &mut [f64],
    grad_b: &mut f64,
) -> usize {
    const LANES: usize = 8;
    if !(2..2 * LANES).contains(&d) || grad_w.len() < d {
        return 0;
    }
    let groups = (deltas.len() / LANES).min(x.len() / (LANES * d));
    if groups == 0 {
        // Nothing to take (the one-pass epoch may have taken every group):
        // no places to compute, nothing added.
        return 0;
    }
    let group_len = LANES * d;
    let places = Places::new(d);
    for m in 0..d {
        // As in the f32 kernel, for lanes l < 8 of p = 8m + l: the row
        // indices widened to 64 bits for `permutexvar_pd`.
        let (index, features) = places.of_register_f64(m);
        let mut sums = [_mm512_setzero_pd(); 2];
        for g in 0..groups {
            // SAFETY: as in the f32 kernel, with 8 rows per group.
            unsafe {
                let delta = _mm512_loadu_pd(deltas.as_ptr().add(g * LANES));
                let values = _mm512_loadu_pd(x.as_ptr().add(g * group_len + LANES * m));
                let spread = _mm512_permutexvar_pd(index, delta);
                sums[g % 2] = _mm512_fmadd_pd(values, spread, sums[g % 2]);
            }
        }
        let mut lanes = [0.0f64; LANES];
        // SAFETY: `lanes` holds eight values.
        unsafe { _mm512_storeu_pd(lanes.as_mut_ptr(), _mm512_add_pd(sums[0], sums[1])) };
        for (&v, &f) in lanes.iter().zip(&features) {
            grad_w[f as usize] += v;
        }
    }
    let mut total = _mm512_setzero_pd();
    for g in 0..groups {
        // SAFETY: group g's eight δ lie inside `deltas`.
        total = _mm512_add_pd(total, unsafe {
            _mm512_loadu_pd(deltas.as_ptr().add(g * LANES))
        });
    }
    let mut lanes = [0.0f64; LANES];
    // SAFETY: `lanes` holds eight values.
    unsafe { _mm512_storeu_pd(lanes.as_mut_ptr(), total) };
    *grad_b += super::order::combine(lanes);
    groups * LANES
}

/// Where the values of a register of a group of rows belong: value
/// `p = Lm + l` (register `m`, lane `l`) of a group of rows of `d` values is
/// row `p / d`'s feature `p mod d`. Computed in registers for each `m`: a
/// division by `d` in `f32` that is exact here (`p < 512`, `d < 32`: `(p + ½)/d`
/// is at least `1/64` from an integer, the product's error below `10⁻⁴`), in
/// place of tables filled value by value, which cost as much as the gradient
/// itself for each block of rows.
#[cfg(target_arch = "x86_64")]
struct Places {
    lanes: __m512i,
    d: __m512i,
    inverse: __m512,
}

#[cfg(target_arch = "x86_64")]
impl Places {
    #[target_feature(enable = "avx512f")]
    fn new(d: usize) -> Self {
        Self {
            lanes: _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
            d: _mm512_set1_epi32(d as i32),
            inverse: _mm512_set1_ps(1.0 / d as f32),
        }
    }

    /// Register `m` of 16 lanes: each lane's row (as `permutexvar_ps`
    /// indices) and feature.
    #[target_feature(enable = "avx512f")]
    fn of_register(&self, m: usize) -> (__m512i, [i32; 16]) {
        self.of_values(16 * m)
    }

    /// Register `m` of 8 lanes (`f64`): each lane's row as 64-bit indices
    /// (`permutexvar_pd`), and feature.
    #[target_feature(enable = "avx512f")]
    fn of_register_f64(&self, m: usize) -> (__m512i, [i32; 8]) {
        let (rows, features) = self.of_values(8 * m);
        let mut eight = [0; 8];
        eight.copy_from_slice(&features[..8]);
        (_mm512_cvtepi32_epi64(_mm512_castsi512_si256(rows)), eight)
    }

    /// Values `first … first + 15`: their rows and features.
    #[target_feature(enable = "avx512f")]
    fn of_values(&self, first: usize) -> (__m512i, [i32; 16]) {
        let p = _mm512_add_epi32(self.lanes, _mm512_set1_epi32(first as i32));
        let half = _mm512_set1_ps(0.5);
        let quotient = _mm512_mul_ps(_mm512_add_ps(_mm512_cvtepi32_ps(p), half), self.inverse);
        let rows = _mm512_cvttps_epi32(quotient);
        let features = _mm512_sub_epi32(p, _mm512_mullo_epi32(rows, self.d));
        let mut out = [0i32; 16];
        // SAFETY: `out` holds sixteen values, which the store writes.
        unsafe { _mm512_storeu_si512(out.as_mut_ptr().cast(), features) };
        (rows, out)
    }
}
