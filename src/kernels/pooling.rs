//! Max pooling's inner loops, compiled for each dispatch level: AVX2 and
//! AVX-512 blend each column's largest value and its row in registers, where
//! the baseline's SSE2 has no blend.

use super::dispatch::{MulAdd, dispatched};
use super::im2col::inside;
use std::ops::Range;

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
    /// `largest` and `at` sorted into the stride's phases.
    phases: Vec<F>,
    phase_at: Vec<F>,
    /// Where each window's maximum is, when the caller does not ask.
    places: Vec<F>,
    /// For each offset `k` in a window: the windows that hold a column there,
    /// and where their first such column is among the phases.
    offsets: Vec<(Range<usize>, usize)>,
}

impl<F: Float> Down<F> {
    /// For the columns axis of a pooling.
    pub(crate) fn new(columns: &Axis1) -> Self {
        let (width, stride) = (columns.n, columns.stride.max(1));
        let per_phase = width.div_ceil(stride);
        // Only offsets that can reach a column of the map: past
        // `before + width`, or before `before − (out − 1)·stride`, a
        // window's offset is padding in every window (a window wider than
        // the map would otherwise be walked offset by offset).
        let reach = columns
            .before
            .saturating_sub(columns.out.saturating_sub(1).saturating_mul(stride))
            ..columns.size.min(columns.before.saturating_add(width));
        let offsets = reach
            .map(|k| (inside(columns, k), k))
            .filter(|(windows, _)| !windows.is_empty())
            .map(|(windows, k)| {
                let x0 = windows.start * stride + k - columns.before;
                let from = if stride == 1 {
                    x0
                } else {
                    (x0 % stride) * per_phase + x0 / stride
                };
                (windows, from)
            })
            .collect();
        Down {
            largest: vec![F::zero(); width],
            at: vec![F::zero(); width],
            columns: (0..width).map(|x| F::from_f64(x as f64)).collect(),
            // Phases past the width hold no column (a stride wider than
            // the map has as many phases as columns).
            phases: vec![F::zero(); per_phase * stride.min(width)],
            phase_at: vec![F::zero(); per_phase * stride.min(width)],
            places: vec![F::zero(); columns.out],
            offsets,
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
        phases,
        phase_at,
        places: places_scratch,
        offsets,
    } = down;
    let stride = columns.stride.max(1);
    let per_phase = width.div_ceil(stride);
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
        // Across: every window of the row at once, one offset `k` at a time.
        // The columns of one offset are `stride` apart; sorted into phases
        // (columns p, p + stride, …), they lie side by side, and the loop over
        // the windows vectorises.
        let (values, places) = if stride == 1 {
            (&largest[..], &down_at[..])
        } else {
            for p in 0..stride.min(width) {
                let phase = (p..width).step_by(stride);
                let slots = phases[p * per_phase..]
                    .iter_mut()
                    .zip(&mut phase_at[p * per_phase..]);
                for (x, (v, a)) in phase.zip(slots) {
                    *v = largest[x];
                    *a = down_at[x];
                }
            }
            (&phases[..], &phase_at[..])
        };
        let pooled_row = &mut pooled[oy * ow..(oy + 1) * ow];
        let best_at = match at.as_deref_mut() {
            Some(at) => &mut at[oy * ow..(oy + 1) * ow],
            None => &mut places_scratch[..ow],
        };
        pooled_row.fill(F::neg_infinity());
        best_at.fill(F::infinity());
        let any_nan = largest.iter().fold(false, |any, v| any | v.is_nan());
        for (windows, from) in offsets.iter() {
            let (windows, from) = (windows.clone(), *from);
            let n = windows.len();
            let (v, a) = (&values[from..from + n], &places[from..from + n]);
            let (best, best_at) = (&mut pooled_row[windows.clone()], &mut best_at[windows]);
            if any_nan {
                across::<F, true>(v, a, best, best_at);
            } else {
                across::<F, false>(v, a, best, best_at);
            }
        }
    }
}

/// One offset's candidates (`values` at `places`) against the best of their
/// windows so far: of equal values the one at the smaller place, which is
/// the first in row-major order. `NAN`: whether the values may hold NaNs.
#[inline(always)]
fn across<F: Float, const NAN: bool>(
    values: &[F],
    places: &[F],
    best: &mut [F],
    best_at: &mut [F],
) {
    let candidates = values.iter().zip(places);
    for ((&v, &a), (value, place)) in candidates.zip(best.iter_mut().zip(best_at.iter_mut())) {
        let take = if NAN {
            let same = (v == *value) | (v.is_nan() & value.is_nan());
            beats(v, *value) | (same & (a < *place))
        } else {
            (v > *value) | ((v == *value) & (a < *place))
        };
        *value = if take { v } else { *value };
        *place = if take { a } else { *place };
    }
}
