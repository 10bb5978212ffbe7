//! Pooling: each window of a map summed up in one value, its largest
//! (`MaxPool2d`) or its mean (`AvgPool2d`), so that the maps shrink and what
//! they found moves a pixel or two without changing the result.

use std::fmt;

use ndarray::{ArrayD, ArrayView2, ArrayView4, ArrayViewD, ArrayViewMut2, Ix4, IxDyn};

use crate::layer::{Layer, Pass};
use crate::window::{Axis1, Padding, axes};
use crate::workspace::reshaped_dyn;
use crate::{Error, Float, Result};

/// The largest value of each window of each channel, as PyTorch's
/// `nn.MaxPool2d`: the padding is never the largest (it counts as `−∞`), and
/// a NaN in a window is its maximum. Backward, each output's gradient goes to
/// the pixel that was the maximum (the first of equal ones, in row-major
/// order).
///
/// ```
/// use neuron::{Layer, MaxPool2d};
/// use neuron::ndarray::array;
///
/// let image = array![[1.0, 5.0, 2.0, 0.0], [3.0, 4.0, 8.0, 1.0]].into_shape_with_order((1, 1, 2, 4))?;
/// let pooled = MaxPool2d::new((2, 2)).net_input(image.into_dyn().view())?;
/// assert_eq!(pooled.into_raw_vec_and_offset().0, vec![5.0, 8.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MaxPool2d {
    window: Window,
}

/// The mean of each window of each channel, as PyTorch's `nn.AvgPool2d`
/// (with its default `count_include_pad=True`): padding counts as zeros, and
/// every window is divided by `kh·kw`. (Keras's `"same"` average pooling
/// divides by the pixels inside the image instead.) Backward, each output's
/// gradient is shared equally by the `kh·kw` places of its window.
///
/// ```
/// use neuron::{AvgPool2d, Layer};
/// use neuron::ndarray::array;
///
/// let image = array![[1.0, 5.0, 2.0, 0.0], [3.0, 4.0, 8.0, 1.0]].into_shape_with_order((1, 1, 2, 4))?;
/// let pooled = AvgPool2d::new((2, 2)).net_input(image.into_dyn().view())?;
/// assert_eq!(pooled.into_raw_vec_and_offset().0, vec![3.25, 2.75]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AvgPool2d {
    window: Window,
}

/// A pooling window: its size, stride and padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Window {
    size: (usize, usize),
    stride: (usize, usize),
    padding: Padding,
}

macro_rules! window_methods {
    ($name:ident) => {
        impl $name {
            /// Windows of `kernel` (rows, columns), moved by as much (PyTorch's
            /// default stride), without padding.
            pub fn new(kernel: (usize, usize)) -> Self {
                $name {
                    window: Window {
                        size: kernel,
                        stride: kernel,
                        padding: Padding::Valid,
                    },
                }
            }

            /// The same windows moved `stride` (rows, columns) at a time.
            #[must_use]
            pub fn with_stride(mut self, stride: (usize, usize)) -> Self {
                self.window.stride = stride;
                self
            }

            /// The same windows over maps padded by `padding`.
            #[must_use]
            pub fn with_padding(mut self, padding: Padding) -> Self {
                self.window.padding = padding;
                self
            }

            /// The window, (rows, columns).
            pub fn kernel_size(&self) -> (usize, usize) {
                self.window.size
            }

            /// The stride, (rows, columns).
            pub fn stride(&self) -> (usize, usize) {
                self.window.stride
            }

            /// The padding.
            pub fn padding(&self) -> Padding {
                self.window.padding
            }
        }

        impl fmt::Display for $name {
            /// `MaxPool2d(3×3, stride 2×2, same)`.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let Window {
                    size,
                    stride,
                    padding,
                } = self.window;
                write!(f, "{}({}×{}", stringify!($name), size.0, size.1)?;
                if stride != size {
                    write!(f, ", stride {}×{}", stride.0, stride.1)?;
                }
                if padding != Padding::Valid {
                    write!(f, ", {padding}")?;
                }
                write!(f, ")")
            }
        }
    };
}

window_methods!(MaxPool2d);
window_methods!(AvgPool2d);

/// Which summary of a window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Max,
    Mean,
}

impl Window {
    /// The window's two axes over maps of `(rows, columns)`. The padding on a
    /// side is at most half the window, as PyTorch requires: a window then
    /// always holds a pixel of the map.
    fn axes(&self, rows: usize, columns: usize) -> Result<(Axis1, Axis1)> {
        let (r, c) = axes(
            "a map and a pooling window (rows, columns)",
            (rows, columns),
            self.size,
            self.stride,
            self.padding,
        )?;
        if r.before > r.size / 2 || c.before > c.size / 2 {
            return Err(Error::InvalidSetting {
                name: "padding",
                value: r.before.max(c.before) as f64,
                requirement: "at most half the pooling window on each side",
            });
        }
        Ok((r, c))
    }

    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>> {
        match *input {
            [channels, rows, columns] => {
                let (r, c) = self.axes(rows, columns)?;
                Ok(vec![channels, r.out, c.out])
            }
            _ => Err(not_maps(input)),
        }
    }
}

/// A pooling layer reads `(channels, rows, columns)` maps.
fn not_maps(sample: &[usize]) -> Error {
    Error::ShapeMismatch {
        what: "a sample's shape and the (channels, rows, columns) maps a pooling layer reads",
        left: sample.to_vec(),
        right: vec![3],
    }
}

/// Inputs as `(n, channels, rows, columns)` maps.
fn maps<F: Float>(inputs: ArrayViewD<'_, F>) -> Result<ArrayView4<'_, F>> {
    let sample = inputs.shape().get(1..).unwrap_or(&[]).to_vec();
    inputs
        .into_dimensionality::<Ix4>()
        .map_err(|_| not_maps(&sample))
}

/// A pixel's place `(y, x)` in a map and its value.
type Pixel<F> = ((usize, usize), F);

/// The place `(y, x)` of the largest value in output `(oy, ox)`'s window of
/// `map` (a NaN is the largest; the first of equal ones), and the sum of its
/// values; `None` for a window that holds no pixel of the map.
fn window_of<F: Float>(
    map: ArrayView2<'_, F>,
    rows: Axis1,
    columns: Axis1,
    (oy, ox): (usize, usize),
) -> (Option<Pixel<F>>, F) {
    let mut best: Option<Pixel<F>> = None;
    let mut sum = F::zero();
    for i in 0..rows.size {
        let Some(y) = rows.pixel(oy, i) else { continue };
        for j in 0..columns.size {
            let Some(x) = columns.pixel(ox, j) else {
                continue;
            };
            let Some(&v) = map.get((y, x)) else { continue };
            sum += v;
            let wins = match best {
                None => true,
                Some((_, b)) => !b.is_nan() && (v > b || v.is_nan()),
            };
            if wins {
                best = Some(((y, x), v));
            }
        }
    }
    (best, sum)
}

/// The pooled maps of `maps` into `out`, `(n, channels, out_rows, out_columns)`.
fn pool_into<F: Float>(
    window: &Window,
    kind: Kind,
    maps: ArrayView4<'_, F>,
    out: &mut ArrayD<F>,
) -> Result<()> {
    let (n, channels, rows_in, columns_in) = maps.dim();
    let (rows, columns) = window.axes(rows_in, columns_in)?;
    let out = reshaped_dyn(out, &[n, channels, rows.out, columns.out]);
    let mut out = out
        .view_mut()
        .into_dimensionality::<Ix4>()
        .map_err(|_| not_maps(&[]))?;
    let area = F::from_f64((rows.size * columns.size) as f64);
    for s in 0..n {
        for c in 0..channels {
            let map = maps.slice(ndarray::s![s, c, .., ..]);
            let mut pooled = out.slice_mut(ndarray::s![s, c, .., ..]);
            for ((oy, ox), slot) in pooled.indexed_iter_mut() {
                let (best, sum) = window_of(map, rows, columns, (oy, ox));
                *slot = match kind {
                    Kind::Max => best.map_or(F::neg_infinity(), |(_, v)| v),
                    Kind::Mean => sum / area,
                };
            }
        }
    }
    Ok(())
}

/// `∂L/∂X` from the pooled maps' `delta`, into `input_delta`: each output's
/// gradient to its window's maximum, or shared by its `kh·kw` places.
fn unpool_into<F: Float>(
    window: &Window,
    kind: Kind,
    maps: ArrayView4<'_, F>,
    delta: ArrayViewD<'_, F>,
    input_delta: &mut ArrayD<F>,
) -> Result<()> {
    let (n, channels, rows_in, columns_in) = maps.dim();
    let (rows, columns) = window.axes(rows_in, columns_in)?;
    let expected = [n, channels, rows.out, columns.out];
    let delta = delta
        .into_dimensionality::<Ix4>()
        .ok()
        .filter(|d| d.shape() == expected)
        .ok_or_else(|| Error::ShapeMismatch {
            what: "a pooling layer's δ and its outputs",
            left: Vec::new(),
            right: expected.to_vec(),
        })?;
    let dx = reshaped_dyn(input_delta, maps.shape());
    dx.fill(F::zero());
    let mut dx = dx
        .view_mut()
        .into_dimensionality::<Ix4>()
        .map_err(|_| not_maps(&[]))?;
    let area = F::from_f64((rows.size * columns.size) as f64);
    for s in 0..n {
        for c in 0..channels {
            let map = maps.slice(ndarray::s![s, c, .., ..]);
            let d = delta.slice(ndarray::s![s, c, .., ..]);
            let mut g = dx.slice_mut(ndarray::s![s, c, .., ..]);
            for ((oy, ox), &d) in d.indexed_iter() {
                match kind {
                    Kind::Max => {
                        if let (Some(((y, x), _)), _) = window_of(map, rows, columns, (oy, ox))
                            && let Some(slot) = g.get_mut((y, x))
                        {
                            *slot += d;
                        }
                    }
                    Kind::Mean => add_to_window(g.view_mut(), rows, columns, (oy, ox), d / area),
                }
            }
        }
    }
    Ok(())
}

/// `value` added to every pixel of output `(oy, ox)`'s window that lies in the map.
fn add_to_window<F: Float>(
    mut g: ArrayViewMut2<'_, F>,
    rows: Axis1,
    columns: Axis1,
    (oy, ox): (usize, usize),
    value: F,
) {
    for i in 0..rows.size {
        let Some(y) = rows.pixel(oy, i) else { continue };
        for j in 0..columns.size {
            if let Some(x) = columns.pixel(ox, j)
                && let Some(slot) = g.get_mut((y, x))
            {
                *slot += value;
            }
        }
    }
}

macro_rules! pooling_layer {
    ($name:ident, $kind:expr, $label:literal) => {
        impl<F: Float> Layer<F> for $name {
            fn name(&self) -> &'static str {
                $label
            }

            /// `None`: pooling reads maps of any size and channels.
            fn input_shape(&self) -> Option<Vec<usize>> {
                None
            }

            fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>> {
                self.window.output_shape(input)
            }

            fn net_input(&self, inputs: ArrayViewD<'_, F>) -> Result<ArrayD<F>> {
                let mut out = ArrayD::zeros(IxDyn(&[0]));
                pool_into(&self.window, $kind, maps(inputs)?, &mut out)?;
                Ok(out)
            }

            fn forward_train(
                &self,
                inputs: ArrayViewD<'_, F>,
                net_input: &mut ArrayD<F>,
                _saved: &mut Vec<ArrayD<F>>,
                _pass: &Pass,
            ) -> Result<()> {
                pool_into(&self.window, $kind, maps(inputs)?, net_input)
            }

            fn backward(
                &self,
                inputs: ArrayViewD<'_, F>,
                delta: ArrayViewD<'_, F>,
                _saved: &[ArrayD<F>],
                _gradient: &mut [ArrayD<F>],
                input_delta: Option<&mut ArrayD<F>>,
                _pass: &Pass,
            ) -> Result<()> {
                let maps = maps(inputs)?;
                match input_delta {
                    Some(dx) => unpool_into(&self.window, $kind, maps, delta, dx),
                    None => Ok(()),
                }
            }
        }
    };
}

pooling_layer!(MaxPool2d, Kind::Max, "max_pool2d");
pooling_layer!(AvgPool2d, Kind::Mean, "avg_pool2d");
