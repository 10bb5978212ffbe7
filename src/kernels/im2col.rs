//! Patches of an image as the columns of a matrix (im2col), and back
//! (col2im): a convolution becomes one matrix product, `H = W·cols`, on the
//! matrix kernels.
//!
//! For an image `x` of `(channels, rows, columns)` and a window of
//! `kh × kw` pixels, row `(c·kh + i)·kw + j` and column `oy·ow + ox` of
//! `cols` hold `x[c, oy·sy + i − top, ox·sx + j − left]`, or 0 where that
//! falls in the padding. Each column is one patch: the inputs of one
//! neuron of the convolution.

use std::ops::Range;

use ndarray::{ArrayView2, ArrayView3, ArrayViewMut2, ArrayViewMut3};

use crate::Float;
use crate::window::Axis1;

/// The outputs `ox` whose pixel `ox·stride + k − before` lies in `0..n`: a
/// range, since the pixel grows with `ox`.
pub(crate) fn inside(axis: &Axis1, k: usize) -> Range<usize> {
    // ox·s + k ≥ before  ⇔  ox ≥ ⌈(before − k) / s⌉
    let low = axis.before.saturating_sub(k).div_ceil(axis.stride);
    // ox·s + k − before < n  ⇔  ox < ⌈(n + before − k) / s⌉
    let high = (axis.n + axis.before)
        .checked_sub(k)
        .map_or(0, |span| span.div_ceil(axis.stride));
    low.min(axis.out)..high.min(axis.out).max(low.min(axis.out))
}

/// The patches of `image` into `cols`.
///
/// # Shapes
/// - `image`: `(channels, rows.n, columns.n)`
/// - `cols`: `(channels·rows.size·columns.size, rows.out·columns.out)`
pub(crate) fn im2col<F: Float>(
    image: ArrayView3<'_, F>,
    rows: Axis1,
    columns: Axis1,
    mut cols: ArrayViewMut2<'_, F>,
) {
    let image = image.as_standard_layout();
    let (Some(pixels), Some(cols)) = (image.as_slice(), cols.as_slice_mut()) else {
        return;
    };
    let (plane, width, ow) = (rows.n * columns.n, columns.n, columns.out);
    let patch_count = rows.out * ow;
    let mut row_chunks = cols.chunks_exact_mut(patch_count.max(1));
    for c in 0..image.dim().0 {
        for i in 0..rows.size {
            for j in 0..columns.size {
                let Some(row) = row_chunks.next() else {
                    return;
                };
                let xs = inside(&columns, j);
                for (oy, segment) in row.chunks_exact_mut(ow.max(1)).enumerate() {
                    let source = rows.pixel(oy, i).and_then(|y| {
                        let start = c * plane + y * width;
                        pixels.get(start..start + width)
                    });
                    let Some(source) = source else {
                        segment.fill(F::zero());
                        continue;
                    };
                    let (before, rest) = segment.split_at_mut(xs.start.min(segment.len()));
                    before.fill(F::zero());
                    let (middle, after) = rest.split_at_mut(xs.len().min(rest.len()));
                    after.fill(F::zero());
                    // The first pixel read: ox = xs.start.
                    let first = (xs.start * columns.stride + j).saturating_sub(columns.before);
                    if columns.stride == 1 {
                        if let Some(from) = source.get(first..first + middle.len()) {
                            middle.copy_from_slice(from);
                        }
                    } else {
                        let strided = source.iter().skip(first).step_by(columns.stride);
                        for (slot, &x) in middle.iter_mut().zip(strided) {
                            *slot = x;
                        }
                    }
                }
            }
        }
    }
}

/// The reverse of [`im2col`] for gradients: every value of `cols` added to
/// the pixel it was read from (values from the padding are dropped), into
/// `image`, which the caller has zeroed.
///
/// # Shapes
/// As [`im2col`].
pub(crate) fn col2im<F: Float>(
    cols: ArrayView2<'_, F>,
    rows: Axis1,
    columns: Axis1,
    mut image: ArrayViewMut3<'_, F>,
) {
    let channels = image.dim().0;
    let (Some(pixels), Some(cols)) = (image.as_slice_mut(), cols.as_slice()) else {
        return;
    };
    let (plane, width, ow) = (rows.n * columns.n, columns.n, columns.out);
    let mut row_chunks = cols.chunks_exact((rows.out * ow).max(1));
    for c in 0..channels {
        for i in 0..rows.size {
            for j in 0..columns.size {
                let Some(row) = row_chunks.next() else {
                    return;
                };
                let xs = inside(&columns, j);
                for (oy, segment) in row.chunks_exact(ow.max(1)).enumerate() {
                    let Some(y) = rows.pixel(oy, i) else {
                        continue;
                    };
                    let start = c * plane + y * width;
                    let Some(target) = pixels.get_mut(start..start + width) else {
                        continue;
                    };
                    let first = (xs.start * columns.stride + j).saturating_sub(columns.before);
                    let middle = segment.get(xs.clone()).unwrap_or_default();
                    let strided = target.iter_mut().skip(first).step_by(columns.stride);
                    for (pixel, &g) in strided.zip(middle) {
                        *pixel += g;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::window::{Padding, axes};
    use ndarray::{Array2, Array3};

    /// im2col by its definition, one value at a time.
    fn by_definition(image: &Array3<f64>, rows: Axis1, columns: Axis1) -> Array2<f64> {
        let channels = image.dim().0;
        let mut cols = Array2::zeros((channels * rows.size * columns.size, rows.out * columns.out));
        for c in 0..channels {
            for i in 0..rows.size {
                for j in 0..columns.size {
                    for oy in 0..rows.out {
                        for ox in 0..columns.out {
                            if let (Some(y), Some(x)) = (rows.pixel(oy, i), columns.pixel(ox, j)) {
                                cols[[
                                    (c * rows.size + i) * columns.size + j,
                                    oy * columns.out + ox,
                                ]] = image[[c, y, x]];
                            }
                        }
                    }
                }
            }
        }
        cols
    }

    #[test]
    fn patches_and_their_reverse_follow_the_definition() {
        let image = Array3::from_shape_fn((2, 7, 6), |(c, y, x)| (c * 100 + y * 10 + x) as f64);
        for (size, stride, padding) in [
            ((3, 3), (1, 1), Padding::Valid),
            ((3, 2), (2, 2), Padding::Same),
            ((3, 3), (2, 3), Padding::Explicit(1, 2)),
            ((1, 1), (1, 1), Padding::Valid),
            ((2, 5), (3, 1), Padding::Same),
        ] {
            let (rows, columns) = axes("t", (7, 6), size, stride, padding).unwrap();
            let expected = by_definition(&image, rows, columns);
            let mut cols = Array2::from_elem(expected.dim(), f64::NAN);
            im2col(image.view(), rows, columns, cols.view_mut());
            assert_eq!(cols, expected, "{size:?} {stride:?} {padding:?}");
            // col2im adds each value back to its pixel: with every column
            // of ones, a pixel gets the number of patches that read it.
            let mut back = Array3::zeros(image.dim());
            col2im(
                expected.mapv(|_| 1.0).view(),
                rows,
                columns,
                back.view_mut(),
            );
            let mut count = Array3::<f64>::zeros(image.dim());
            for c in 0..2 {
                for i in 0..rows.size {
                    for j in 0..columns.size {
                        for oy in 0..rows.out {
                            for ox in 0..columns.out {
                                if let (Some(y), Some(x)) =
                                    (rows.pixel(oy, i), columns.pixel(ox, j))
                                {
                                    count[[c, y, x]] += 1.0;
                                }
                            }
                        }
                    }
                }
            }
            assert_eq!(back, count, "{size:?} {stride:?} {padding:?}");
        }
    }
}
