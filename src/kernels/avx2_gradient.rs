//! The gradient `Σᵢ δᵢ·xᵢ` over short `f32` rows in AVX2's registers, eight
//! rows at a time, as `kernels::wide_rows` computes it with AVX-512's sixteen
//! lanes. The block is read as it lies in memory, register `m` of each group
//! of eight rows holding values `8m … 8m + 7`; a permutation of the group's
//! eight `δ` (`vpermps`) puts each row's `δ` under its values, one
//! multiply-add per register, where the generic loop spends vector operations
//! on each row's few features and more on the tail of each row. On `zen3` the
//! `f32` epoch over 1 000 000 × 10 went from 3.8 to 3.3 ms with it.
//!
//! The sums are in this kernel's own order (lane `l` of accumulator `m` takes
//! feature `(8m + l) mod d`, in group order, two accumulators alternating over
//! the groups), so the AVX2 level's `f32` gradient has its own bits, within
//! the rounding bound of the sum (tested at every level in `kernels::tests`).
//!
//! Not the net inputs, which keep the generic loop (four rows, packed by the
//! compiler): gathering eight rows' terms into lanes (`vgatherdps`), as the
//! AVX-512 level does with sixteen, made that epoch 1.5× slower on Zen 3,
//! whose gathers are slow; transposing eight rows by shuffles gained 6 % on
//! one thread and nothing measurable on two, not worth its code.

#[cfg(target_arch = "x86_64")]
use std::arch::x86_64::*;

/// Rows per register.
#[cfg(target_arch = "x86_64")]
const LANES: usize = 8;

/// `Σᵢ δᵢ·xᵢ` added into `grad_w` and `Σᵢ δᵢ` into `grad_b` for the whole
/// groups of eight rows (rows of `d` values, `2 ≤ d < 32`), when this
/// processor has AVX2 and FMA; the rest of the rows are the caller's:
/// returns how many rows it took, or `None` without AVX2.
#[cfg(target_arch = "x86_64")]
#[inline]
pub(crate) fn gradient_f32(
    x: &[f32],
    d: usize,
    deltas: &[f32],
    grad_w: &mut [f32],
    grad_b: &mut f32,
) -> Option<usize> {
    if !(std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma"))
    {
        return None;
    }
    // SAFETY: AVX2 and FMA were found on this processor just above.
    Some(unsafe { gradient_f32_avx2(x, d, deltas, grad_w, grad_b) })
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
fn gradient_f32_avx2(
    x: &[f32],
    d: usize,
    deltas: &[f32],
    grad_w: &mut [f32],
    grad_b: &mut f32,
) -> usize {
    if !(2..32).contains(&d) || grad_w.len() < d {
        return 0;
    }
    let groups = (deltas.len() / LANES).min(x.len() / (LANES * d));
    let group_len = LANES * d;
    let places = Places::new(d);
    for m in 0..d {
        // Value p = 8m + l of a group belongs to row p / d and feature p mod d.
        let (index, features) = places.of_register(m);
        let mut sums = [_mm256_setzero_ps(); 2];
        for g in 0..groups {
            // SAFETY: group g's eight δ and its register m (8 of its 8·d
            // values, 8m + 7 < 8·d) lie inside `deltas` and `x` (g < groups).
            unsafe {
                let delta = _mm256_loadu_ps(deltas.as_ptr().add(g * LANES));
                let values = _mm256_loadu_ps(x.as_ptr().add(g * group_len + LANES * m));
                let spread = _mm256_permutevar8x32_ps(delta, index);
                sums[g % 2] = _mm256_fmadd_ps(values, spread, sums[g % 2]);
            }
        }
        let mut lanes = [0.0f32; LANES];
        // SAFETY: `lanes` holds eight values.
        unsafe { _mm256_storeu_ps(lanes.as_mut_ptr(), _mm256_add_ps(sums[0], sums[1])) };
        for (&v, &f) in lanes.iter().zip(&features) {
            grad_w[f as usize] += v;
        }
    }
    let mut total = _mm256_setzero_ps();
    for g in 0..groups {
        // SAFETY: group g's eight δ lie inside `deltas`.
        total = _mm256_add_ps(total, unsafe {
            _mm256_loadu_ps(deltas.as_ptr().add(g * LANES))
        });
    }
    let mut lanes = [0.0f32; LANES];
    // SAFETY: `lanes` holds eight values.
    unsafe { _mm256_storeu_ps(lanes.as_mut_ptr(), total) };
    *grad_b += super::order::combine(lanes);
    groups * LANES
}

/// Where the values of a register of a group of eight rows belong: value
/// `p = 8m + l` (register `m`, lane `l`) is row `p / d`'s feature `p mod d`.
/// Computed in registers (as `wide_rows` does): a division by `d` in `f32`
/// that is exact here (`p < 256`, `d < 32`: `(p + ½)/d` is at least `1/64`
/// from an integer, the product's error below `10⁻⁴`).
#[cfg(target_arch = "x86_64")]
struct Places {
    lanes: __m256i,
    d: __m256i,
    inverse: __m256,
}

#[cfg(target_arch = "x86_64")]
impl Places {
    #[target_feature(enable = "avx2")]
    fn new(d: usize) -> Self {
        Self {
            lanes: _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
            d: _mm256_set1_epi32(d as i32),
            inverse: _mm256_set1_ps(1.0 / d as f32),
        }
    }

    /// Register `m`: each lane's row (as `vpermps` indices) and feature.
    #[target_feature(enable = "avx2")]
    fn of_register(&self, m: usize) -> (__m256i, [i32; 8]) {
        let p = _mm256_add_epi32(self.lanes, _mm256_set1_epi32((LANES * m) as i32));
        let half = _mm256_set1_ps(0.5);
        let quotient = _mm256_mul_ps(_mm256_add_ps(_mm256_cvtepi32_ps(p), half), self.inverse);
        let rows = _mm256_cvttps_epi32(quotient);
        let features = _mm256_sub_epi32(p, _mm256_mullo_epi32(rows, self.d));
        let mut out = [0i32; 8];
        // SAFETY: `out` holds eight values, which the store writes.
        unsafe { _mm256_storeu_si256(out.as_mut_ptr().cast(), features) };
        (rows, out)
    }
}
