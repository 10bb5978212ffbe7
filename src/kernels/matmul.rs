//! Matrix products on packed, cache-blocked, register-tiled kernels: the
//! [`gemm`] crate's (the kernels candle and faer use), compiled for AVX-512,
//! AVX2 + FMA and NEON and chosen at run time, with threads over blocks of the
//! output for products large enough to pay for them.
//!
//! Training runs three products per layer and step (`A·W` forward, `δ·Wᵀ`
//! and `Aᵀ·δ` backward); they are most of its arithmetic, so they run here.
//!
//! Each output value is one sum over `k`, accumulated in index order within
//! blocks of up to a few hundred terms, the blocks then added in order. The
//! blocking depends on the shapes (never on the number of threads), so a
//! product is the same bits on any number of threads; against a sum in another
//! order it differs by at most the usual bound for any order,
//! `|ŝ − s| ≤ γₖ·Σ|aᵢₗ·bₗⱼ|` with `γₖ = k·u / (1 − k·u)` (`u` the unit
//! roundoff), a few ulp of the largest term in practice.

#[cfg(test)]
use ndarray::Array2;
use ndarray::{ArrayView2, ArrayViewMut2, Zip};

use crate::Float;

/// Below this many multiply-adds a product runs as a plain loop: `gemm`'s
/// setup costs about as much as a few hundred of them, and the lecture's
/// tiny networks live here.
const TINY: usize = 512;

/// Products of fewer multiply-adds stay on the calling thread: a few hundred
/// microseconds of work, in which waking the other threads and waiting for
/// them costs more than they save (a training step in batches of 32 runs such
/// products, one after another). `gemm`'s own threshold is 16 times lower.
#[cfg(feature = "rayon")]
const PARALLEL_PRODUCT: usize = 1 << 23;

/// Whether a product may spread over threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Threads {
    /// On the calling thread: for callers that already run one product per thread.
    One,
    /// Over every rayon thread when the `rayon` feature is on and the product
    /// is large enough (`gemm` decides); one otherwise.
    All,
}

/// `C = A·B` as a new matrix.
///
/// # Shapes
/// - `a`: `(m, k)`, `b`: `(k, n)`, any layouts; returns `(m, n)`, row-major
#[cfg(test)]
pub(crate) fn matmul<F: Float>(
    a: ArrayView2<'_, F>,
    b: ArrayView2<'_, F>,
    threads: Threads,
) -> Array2<F> {
    let mut c = Array2::zeros((a.nrows(), b.ncols()));
    matmul_into(a, b, c.view_mut(), false, threads);
    c
}

/// `C = A·B`, or `C += A·B` with `accumulate`, written into `c`.
///
/// # Shapes
/// - `a`: `(m, k)`, `b`: `(k, n)`, `c`: `(m, n)`, any layouts. Shapes that do not
///   fit are a bug in the caller: debug builds assert them, and release builds
///   leave `c` as it was.
pub(crate) fn matmul_into<F: Float>(
    a: ArrayView2<'_, F>,
    b: ArrayView2<'_, F>,
    mut c: ArrayViewMut2<'_, F>,
    accumulate: bool,
    threads: Threads,
) {
    let (m, k) = a.dim();
    let n = b.ncols();
    debug_assert_eq!((b.nrows(), c.dim()), (k, (m, n)), "matmul shapes");
    if b.nrows() != k || c.dim() != (m, n) || m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        if !accumulate {
            c.fill(F::zero());
        }
        return;
    }
    let negative = [a.strides(), b.strides(), c.strides()]
        .iter()
        .any(|s| s.iter().any(|&s| s < 0));
    if m * n * k <= TINY || negative {
        plain(a, b, c, accumulate);
        return;
    }
    let (sa, sb) = (a.strides(), b.strides());
    let (row_stride, column_stride) = (c.strides()[0], c.strides()[1]);
    // SAFETY: `a` is (m, k), `b` is (k, n) and `c` is (m, n) (checked above), so
    // every pointer offset by row × row stride + column × column stride for
    // in-bounds indices stays inside the arrays the views borrow; the strides
    // are non-negative (checked above). `c` is borrowed mutably, so it aliases
    // neither `a` nor `b`. `gemm` reads `c` only when `accumulate` is set.
    unsafe {
        gemm::gemm(
            m,
            n,
            k,
            c.as_mut_ptr(),
            column_stride,
            row_stride,
            accumulate,
            a.as_ptr(),
            sa[1],
            sa[0],
            b.as_ptr(),
            sb[1],
            sb[0],
            F::one(),
            F::one(),
            false,
            false,
            false,
            parallelism(threads, m * n * k),
        );
    }
}

/// Threads for `gemm`: with [`Threads::All`] and at least
/// [`PARALLEL_PRODUCT`] multiply-adds, every rayon thread when the `rayon`
/// feature is on; else one.
fn parallelism(threads: Threads, multiply_adds: usize) -> gemm::Parallelism {
    #[cfg(feature = "rayon")]
    if threads == Threads::All && multiply_adds >= PARALLEL_PRODUCT {
        return gemm::Parallelism::Rayon(rayon::current_num_threads());
    }
    #[cfg(not(feature = "rayon"))]
    let _ = (threads, multiply_adds);
    gemm::Parallelism::None
}

/// The textbook loop, for tiny products: `cᵢⱼ (+)= Σₗ aᵢₗ·bₗⱼ` in `l` order.
fn plain<F: Float>(
    a: ArrayView2<'_, F>,
    b: ArrayView2<'_, F>,
    mut c: ArrayViewMut2<'_, F>,
    accumulate: bool,
) {
    if !accumulate {
        c.fill(F::zero());
    }
    for (c_row, a_row) in c.rows_mut().into_iter().zip(a.rows()) {
        let mut c_row = c_row;
        for (&a_il, b_row) in a_row.iter().zip(b.rows()) {
            Zip::from(&mut c_row)
                .and(&b_row)
                .for_each(|c, &b| *c = a_il * b + *c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array2, s};

    fn values(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
        let mut state = seed;
        Array2::from_shape_simple_fn((rows, cols), || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 11) as f64 / (1u64 << 53) as f64) * 4.0 - 2.0
        })
    }

    /// `Σ|aᵢₗ·bₗⱼ|`, for the error bound.
    fn magnitudes(a: &Array2<f64>, b: &Array2<f64>) -> Array2<f64> {
        a.mapv(f64::abs).dot(&b.mapv(f64::abs))
    }

    fn gamma(k: usize, unit_roundoff: f64) -> f64 {
        let ku = k as f64 * unit_roundoff;
        ku / (1.0 - ku)
    }

    #[test]
    fn products_of_every_size_and_layout_are_within_the_bound() {
        let shapes = [
            (1, 1, 1),
            (3, 2, 5),
            (7, 0, 3),
            (256, 100, 256),
            (1, 300, 40),
            (40, 300, 1),
            (65, 700, 33),
        ];
        for (seed, &(m, k, n)) in shapes.iter().enumerate() {
            let a = values(m, k, seed as u64);
            let b = values(k, n, 100 + seed as u64);
            let exact = a.dot(&b);
            let bound = magnitudes(&a, &b) * gamma(k, f64::EPSILON / 2.0) * 2.0;
            // Row-major, transposed views and strided views of the same values.
            let a_t = a.t().to_owned();
            let mut a_wide = Array2::zeros((m, 2 * k));
            a_wide.slice_mut(s![.., ..;2]).assign(&a);
            for a_view in [a.view(), a_t.t(), a_wide.slice(s![.., ..;2])] {
                let c = matmul(a_view, b.view(), Threads::All);
                for ((i, j), &v) in c.indexed_iter() {
                    assert!(
                        (v - exact[(i, j)]).abs() <= bound[(i, j)] + f64::MIN_POSITIVE,
                        "({m}, {k}, {n}) at ({i}, {j}): {v} vs {}",
                        exact[(i, j)]
                    );
                }
            }
            // Accumulating adds to what is there.
            let mut c = Array2::from_elem((m, n), 1.0);
            matmul_into(a.view(), b.view(), c.view_mut(), true, Threads::All);
            let once = matmul(a.view(), b.view(), Threads::All);
            for (x, y) in c.iter().zip(&once) {
                assert!((x - (y + 1.0)).abs() <= 1e-12 * (1.0 + y.abs()));
            }
        }
    }

    /// `a` in one of four layouts: row-major, column-major, every other column
    /// of a wider array, rows reversed (a negative stride).
    fn in_layout(a: &Array2<f64>, layout: u8) -> (Array2<f64>, u8) {
        match layout % 4 {
            0 => (a.clone(), 0),
            1 => (a.t().to_owned(), 1),
            2 => {
                let mut wide = Array2::zeros((a.nrows(), 2 * a.ncols()));
                wide.slice_mut(s![.., ..;2]).assign(a);
                (wide, 2)
            }
            _ => (a.slice(s![..;-1, ..]).to_owned(), 3),
        }
    }

    fn view_in_layout(storage: &Array2<f64>, layout: u8) -> ArrayView2<'_, f64> {
        match layout {
            0 => storage.view(),
            1 => storage.t(),
            2 => storage.slice(s![.., ..;2]),
            _ => storage.slice(s![..;-1, ..]),
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

        #[test]
        fn random_shapes_and_layouts_are_within_the_bound(
            m in 0usize..80, k in 0usize..300, n in 0usize..70,
            layout_a in 0u8..4, layout_b in 0u8..4, seed in 0u64..1000,
            accumulate: bool, one_thread: bool,
        ) {
            let a = values(m, k, seed);
            let b = values(k, n, seed + 1);
            let start = values(m, n, seed + 2);
            let mut exact = a.dot(&b);
            if accumulate {
                exact += &start;
            }
            let bound = (magnitudes(&a, &b) + start.mapv(f64::abs)) * gamma(k + 1, f64::EPSILON / 2.0) * 2.0;
            let (sa, la) = in_layout(&a, layout_a);
            let (sb, lb) = in_layout(&b, layout_b);
            let threads = if one_thread { Threads::One } else { Threads::All };
            let mut c = start.clone();
            matmul_into(view_in_layout(&sa, la), view_in_layout(&sb, lb), c.view_mut(), accumulate, threads);
            for ((i, j), &v) in c.indexed_iter() {
                proptest::prop_assert!(
                    (v - exact[(i, j)]).abs() <= bound[(i, j)] + f64::MIN_POSITIVE,
                    "({}, {}, {}) at ({}, {}): {} vs {}", m, k, n, i, j, v, exact[(i, j)]
                );
            }
            // f32, row-major: within its own bound of the f64 product of its inputs.
            let (a32, b32) = (a.mapv(|v| v as f32), b.mapv(|v| v as f32));
            let c32 = matmul(a32.view(), b32.view(), threads);
            let exact32 = a32.mapv(f64::from).dot(&b32.mapv(f64::from));
            let bound32 = magnitudes(&a32.mapv(f64::from), &b32.mapv(f64::from)) * gamma(k, f64::from(f32::EPSILON) / 2.0) * 2.0;
            for ((i, j), &v) in c32.indexed_iter() {
                proptest::prop_assert!((f64::from(v) - exact32[(i, j)]).abs() <= bound32[(i, j)] + 1e-30);
            }
        }
    }

    #[test]
    fn f32_products_are_within_the_bound() {
        let (m, k, n) = (70, 129, 45);
        let a = values(m, k, 7);
        let b = values(k, n, 8);
        let exact = a.dot(&b);
        let bound = magnitudes(&a, &b) * gamma(k, f64::from(f32::EPSILON) / 2.0) * 2.0;
        let c = matmul(
            a.mapv(|v| v as f32).view(),
            b.mapv(|v| v as f32).view(),
            Threads::One,
        );
        for ((i, j), &v) in c.indexed_iter() {
            // The inputs rounded to f32 add up to one more unit roundoff per term.
            assert!(
                (f64::from(v) - exact[(i, j)]).abs() <= 2.0 * bound[(i, j)],
                "at ({i}, {j})"
            );
        }
    }
}
