//! Max pooling's inner loops, compiled for each dispatch level: AVX2 and
//! AVX-512 blend each column's largest value and its row in registers, where
//! the baseline's SSE2 has no blend.

use super::dispatch::{MulAdd, dispatched};
use crate::Float;
use crate::window::{Axis1, span};

dispatched! {
    /// [`max_pool_values`] at the given level.
    pub(crate) fn max_pool_map<F>(
        map: &[F], rows: &Axis1, columns: &Axis1, pooled: &mut [F], at: Option<&mut [F]>, down: &mut Down<F>,
    ) = max_pool_values;
}

/// One output row's pass down the window's rows: each map column's largest
/// value, and where it is in the map (`row · width + column`, as a number,
/// like the values, so that the two vectorise together).
pub(crate) struct Down<F> {
    largest: Vec<F>,
    at: Vec<F>,
    /// `0, 1, 2, …`: each column's number.
    columns: Vec<F>,
}

impl<F: Float> Down<F> {
    pub(crate) fn new(columns: usize) -> Self {
        Down {
            largest: vec![F::zero(); columns],
            at: vec![F::zero(); columns],
            columns: (0..columns).map(|x| F::from_f64(x as f64)).collect(),
        }
    }
}

/// Whether `v` beats `m` for the maximum: larger, or a NaN over a number.
#[inline(always)]
fn beats<F: Float>(v: F, m: F) -> bool {
    (v > m) | (v.is_nan() & !m.is_nan())
}

#[inline(always)]
/// The largest value of each window of one map (row-major, `columns.n`
/// wide) into `pooled`, and with `at` the index in the map of the pixel it
/// is (`row · width + column`, as a number: the caller checks that the map's
/// indices are exact in `F`). A NaN is the largest; of equal values, or of
/// NaNs, the first in row-major order, as PyTorch's `max_pool2d` picks it.
/// First down each window's rows, whole rows at a time, then across each
/// window's columns.
fn max_pool_values<F: Float, M: MulAdd>(
    map: &[F],
    rows: &Axis1,
    columns: &Axis1,
    pooled: &mut [F],
    mut at: Option<&mut [F]>,
    down: &mut Down<F>,
) {
    let width = columns.n;
    let ow = columns.out.max(1);
    let Down {
        largest,
        at: down_at,
        columns: numbers,
    } = down;
    for oy in 0..rows.out {
        let ys = span(rows, oy);
        let first = map
            .get(ys.start * width..(ys.start + 1) * width)
            .unwrap_or_default();
        let row_start = F::from_f64((ys.start * width) as f64);
        for (((m, a), &v), &x) in largest
            .iter_mut()
            .zip(down_at.iter_mut())
            .zip(first)
            .zip(numbers.iter())
        {
            *m = v;
            *a = row_start + x;
        }
        for y in ys.start + 1..ys.end {
            let row = map.get(y * width..(y + 1) * width).unwrap_or_default();
            let row_start = F::from_f64((y * width) as f64);
            // Selects, not branches, so that the loop vectorises.
            let pixels = largest
                .iter_mut()
                .zip(down_at.iter_mut())
                .zip(row)
                .zip(numbers.iter());
            for (((m, a), &v), &x) in pixels {
                let take = beats(v, *m);
                *m = if take { v } else { *m };
                *a = if take { row_start + x } else { *a };
            }
        }
        let pooled_row = pooled.get_mut(oy * ow..(oy + 1) * ow).unwrap_or_default();
        let mut at_row = at
            .as_deref_mut()
            .and_then(|at| at.get_mut(oy * ow..(oy + 1) * ow));
        let any_nan = largest.iter().fold(false, |any, v| any | v.is_nan());
        // Plain loops, no closures: a closure does not inherit the level's
        // `#[target_feature]`s.
        for (ox, slot) in pooled_row.iter_mut().enumerate() {
            let xs = span(columns, ox);
            let values = largest.get(xs.clone()).unwrap_or_default();
            let places = down_at.get(xs).unwrap_or_default();
            let (value, place) = if any_nan {
                across::<F, true>(values, places)
            } else {
                across::<F, false>(values, places)
            };
            *slot = value;
            if let Some(index) = at_row.as_deref_mut().and_then(|a| a.get_mut(ox)) {
                *index = place;
            }
        }
    }
}

/// The largest of one window's column maxima `values` and its place: of
/// equal values the one at the smaller index, which is the first in
/// row-major order. `NAN`: whether the values may hold NaNs.
#[inline(always)]
fn across<F: Float, const NAN: bool>(values: &[F], places: &[F]) -> (F, F) {
    let mut candidates = values.iter().zip(places);
    let Some((&v0, &a0)) = candidates.next() else {
        return (F::neg_infinity(), -F::one());
    };
    let (mut value, mut place) = (v0, a0);
    for (&v, &a) in candidates {
        let take = if NAN {
            let same = (v == value) | (v.is_nan() & value.is_nan());
            beats(v, value) | (same & (a < place))
        } else {
            (v > value) | ((v == value) & (a < place))
        };
        value = if take { v } else { value };
        place = if take { a } else { place };
    }
    (value, place)
}
