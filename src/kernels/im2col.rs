//! Patches of an image as the columns of a matrix (im2col), and back
//! (col2im): a convolution becomes one matrix product, `H = W·cols`, on the
//! matrix kernels.
//!
//! For an image `x` of `(channels, rows, columns)` and a window of
//! `kh × kw` pixels, row `(c·kh + i)·kw + j` and column `oy·ow + ox` of
//! `cols` hold `x[c, oy·sy + i − top, ox·sx + j − left]`, or 0 where that
//! falls in the padding. Each column is one patch: the inputs of one
//! neuron of the convolution.

use ndarray::{ArrayView2, ArrayView3, ArrayViewMut2, ArrayViewMut3};

use crate::Float;
use crate::window::Axis1;

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
    let channels = image.dim().0;
    let mut r = 0;
    for c in 0..channels {
        let plane = image.index_axis(ndarray::Axis(0), c);
        for i in 0..rows.size {
            for j in 0..columns.size {
                let mut row = cols.row_mut(r);
                r += 1;
                let mut out = 0;
                for oy in 0..rows.out {
                    let y = rows.pixel(oy, i);
                    for ox in 0..columns.out {
                        let value = match (y, columns.pixel(ox, j)) {
                            (Some(y), Some(x)) => plane.get((y, x)).copied().unwrap_or(F::zero()),
                            _ => F::zero(),
                        };
                        if let Some(slot) = row.get_mut(out) {
                            *slot = value;
                        }
                        out += 1;
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
    let mut r = 0;
    for c in 0..channels {
        let mut plane = image.index_axis_mut(ndarray::Axis(0), c);
        for i in 0..rows.size {
            for j in 0..columns.size {
                let row = cols.row(r);
                r += 1;
                let mut out = 0;
                for oy in 0..rows.out {
                    let y = rows.pixel(oy, i);
                    for ox in 0..columns.out {
                        if let (Some(y), Some(x), Some(&g)) =
                            (y, columns.pixel(ox, j), row.get(out))
                            && let Some(pixel) = plane.get_mut((y, x))
                        {
                            *pixel += g;
                        }
                        out += 1;
                    }
                }
            }
        }
    }
}
