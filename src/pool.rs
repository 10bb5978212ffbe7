//! Pooling: each window of a map summed up in one value, its largest
//! (`MaxPool2d`) or its mean (`AvgPool2d`), so that the maps shrink and what
//! they found moves a pixel or two without changing the result.

use std::fmt;

use ndarray::{ArrayD, ArrayView4, ArrayViewD, Ix4, IxDyn};

use crate::kernels::buffer::{for_each_chunk, for_each_chunk_pair};
use crate::kernels::dispatch::detected;
use crate::kernels::pooling::{Down, max_pool_map};
use crate::layer::{Layer, Pass};
use crate::window::{Axis1, Padding, axes, span};
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

/// Maps a task pools, when the maps spread over threads.
const MAPS_PER_TASK: usize = 8;

/// The index in `map` (row-major, `width` columns) of the largest value
/// under the window `ys × xs`: a NaN is the largest, and of equal ones the
/// first; `None` for an empty window.
fn largest<F: Float>(
    map: &[F],
    width: usize,
    ys: std::ops::Range<usize>,
    xs: std::ops::Range<usize>,
) -> Option<usize> {
    let mut best: Option<(usize, F)> = None;
    for y in ys {
        let row = y * width;
        let values = map.get(row + xs.start..row + xs.end).unwrap_or_default();
        for (x, &v) in values.iter().enumerate() {
            let wins = best.is_none_or(|(_, b)| v > b || (v.is_nan() && !b.is_nan()));
            if wins {
                best = Some((row + xs.start + x, v));
            }
        }
    }
    best.map(|(at, _)| at)
}

/// The pooled maps of `maps` into `out`, `(n, channels, out_rows, out_columns)`.
/// For max pooling with `saved`, also where each window's maximum is, as
/// `max_pool_map` gives it, in `saved[0]` (or `saved` left empty where the
/// maps are too large for their indices to be exact in `F`).
fn pool_into<F: Float>(
    window: &Window,
    kind: Kind,
    maps: ArrayView4<'_, F>,
    out: &mut ArrayD<F>,
    saved: Option<&mut Vec<ArrayD<F>>>,
) -> Result<()> {
    let (n, channels, rows_in, columns_in) = maps.dim();
    let (rows, columns) = window.axes(rows_in, columns_in)?;
    let shape = [n, channels, rows.out, columns.out];
    let out = reshaped_dyn(out, &shape);
    let maps = maps.as_standard_layout();
    let (Some(all), Some(pooled)) = (maps.as_slice(), out.as_slice_mut()) else {
        return Err(not_maps(&[]));
    };
    let plane = (rows_in * columns_in).max(1);
    let pooled_plane = (rows.out * columns.out).max(1);
    let task_maps = |first_map: usize| all.get(first_map * plane..).unwrap_or_default();
    // Maps are independent: a task pools several, on the threads.
    let parallel = n * channels > 1;
    let chunk = pooled_plane * MAPS_PER_TASK;
    if kind == Kind::Mean {
        for_each_chunk(pooled, chunk, parallel, |first, pooled| {
            let maps = task_maps(first / pooled_plane);
            let mut down = vec![F::zero(); columns_in];
            for (map, pooled) in maps
                .chunks_exact(plane)
                .zip(pooled.chunks_exact_mut(pooled_plane))
            {
                mean_pool_map(map, &rows, &columns, pooled, &mut down);
            }
        });
        return Ok(());
    }
    let level = detected();
    let indices = saved.and_then(|saved| {
        let exact = (plane as f64) <= 1.0 / F::epsilon().as_f64();
        saved.truncate(usize::from(exact));
        if exact && saved.is_empty() {
            saved.push(ArrayD::zeros(IxDyn(&[0])));
        }
        saved.first_mut()
    });
    match indices {
        Some(at) => {
            let Some(at) = reshaped_dyn(at, &shape).as_slice_mut() else {
                return Err(not_maps(&[]));
            };
            for_each_chunk_pair(pooled, chunk, at, chunk, parallel, |c, pooled, at| {
                let maps = task_maps(c * MAPS_PER_TASK);
                let mut down = Down::new(&columns);
                let planes = pooled.chunks_exact_mut(pooled_plane);
                for ((map, pooled), at) in maps
                    .chunks_exact(plane)
                    .zip(planes)
                    .zip(at.chunks_exact_mut(pooled_plane))
                {
                    max_pool_map(level, map, &rows, &columns, pooled, Some(at), &mut down);
                }
            });
        }
        None => for_each_chunk(pooled, chunk, parallel, |first, pooled| {
            let maps = task_maps(first / pooled_plane);
            let mut down = Down::new(&columns);
            for (map, pooled) in maps
                .chunks_exact(plane)
                .zip(pooled.chunks_exact_mut(pooled_plane))
            {
                max_pool_map(level, map, &rows, &columns, pooled, None, &mut down);
            }
        }),
    }
    Ok(())
}

/// The mean of each window of one map (row-major, `columns.n` wide) into
/// `pooled`: first down the window's rows (whole rows at a time, which
/// vectorises) into `down`, then across each window's columns.
fn mean_pool_map<F: Float>(
    map: &[F],
    rows: &Axis1,
    columns: &Axis1,
    pooled: &mut [F],
    down: &mut [F],
) {
    let width = columns.n;
    let area = F::from_f64(rows.size as f64 * columns.size as f64);
    for (oy, pooled_row) in pooled.chunks_exact_mut(columns.out.max(1)).enumerate() {
        down.fill(F::zero());
        for y in span(rows, oy) {
            let row = map.get(y * width..(y + 1) * width).unwrap_or_default();
            down.iter_mut().zip(row).for_each(|(d, &v)| *d += v);
        }
        for (ox, slot) in pooled_row.iter_mut().enumerate() {
            let across = down.get(span(columns, ox)).unwrap_or_default();
            *slot = across.iter().fold(F::zero(), |s, &v| s + v) / area;
        }
    }
}

/// `∂L/∂X` from the pooled maps' `delta`, into `input_delta`: each output's
/// gradient to its window's maximum, or shared by its `kh·kw` places. Where
/// the maxima are comes from `at`, as the training pass saved it, or is found
/// again.
fn unpool_into<F: Float>(
    window: &Window,
    kind: Kind,
    maps: ArrayView4<'_, F>,
    delta: ArrayViewD<'_, F>,
    at: Option<&ArrayD<F>>,
    input_delta: &mut ArrayD<F>,
) -> Result<()> {
    let (n, channels, rows_in, columns_in) = maps.dim();
    let (rows, columns) = window.axes(rows_in, columns_in)?;
    let expected = [n, channels, rows.out, columns.out];
    if delta.shape() != expected {
        return Err(Error::ShapeMismatch {
            what: "a pooling layer's δ and its outputs",
            left: delta.shape().to_vec(),
            right: expected.to_vec(),
        });
    }
    let dx = reshaped_dyn(input_delta, maps.shape());
    dx.fill(F::zero());
    let maps = maps.as_standard_layout();
    let delta = delta.as_standard_layout();
    let (Some(all), Some(deltas), Some(dx)) =
        (maps.as_slice(), delta.as_slice(), dx.as_slice_mut())
    else {
        return Err(not_maps(&[]));
    };
    let area = F::from_f64(rows.size as f64 * columns.size as f64);
    let plane = (rows_in * columns_in).max(1);
    let pooled_plane = (rows.out * columns.out).max(1);
    // Each map's gradient is its own: a task takes several, on the threads.
    let parallel = n * channels > 1;
    // Where the forward pass found the maxima: each output's δ to its pixel.
    let at = at.filter(|at| kind == Kind::Max && at.shape() == expected);
    if let Some(at) = at.as_ref().and_then(|at| at.as_slice()) {
        for_each_chunk(dx, plane * MAPS_PER_TASK, parallel, |first, chunk| {
            let p0 = first / plane;
            let deltas = deltas.get(p0 * pooled_plane..).unwrap_or_default();
            let at = at.get(p0 * pooled_plane..).unwrap_or_default();
            for ((g, d), at) in chunk
                .chunks_exact_mut(plane)
                .zip(deltas.chunks_exact(pooled_plane))
                .zip(at.chunks_exact(pooled_plane))
            {
                for (&d, &at) in d.iter().zip(at) {
                    if let Some(slot) = at.to_usize().and_then(|i| g.get_mut(i)) {
                        *slot += d;
                    }
                }
            }
        });
        return Ok(());
    }
    for_each_chunk(dx, plane * MAPS_PER_TASK, parallel, |first, chunk| {
        let p0 = first / plane;
        let maps = all.get(p0 * plane..).unwrap_or_default();
        let deltas = deltas.get(p0 * pooled_plane..).unwrap_or_default();
        for ((map, d), g) in maps
            .chunks_exact(plane)
            .zip(deltas.chunks_exact(pooled_plane))
            .zip(chunk.chunks_exact_mut(plane))
        {
            let mut d = d.iter();
            for oy in 0..rows.out {
                let ys = span(&rows, oy);
                for ox in 0..columns.out {
                    let Some(&d) = d.next() else { continue };
                    let xs = span(&columns, ox);
                    match kind {
                        Kind::Max => {
                            let at = largest(map, columns_in, ys.clone(), xs);
                            if let Some(slot) = at.and_then(|at| g.get_mut(at)) {
                                *slot += d;
                            }
                        }
                        Kind::Mean => {
                            let share = d / area;
                            for y in ys.clone() {
                                let row = y * columns_in;
                                let slots = g.get_mut(row + xs.start..row + xs.end);
                                for slot in slots.unwrap_or_default() {
                                    *slot += share;
                                }
                            }
                        }
                    }
                }
            }
        }
    });
    Ok(())
}

macro_rules! pooling_layer {
    ($name:ident, $kind:expr, $label:literal) => {
        impl<F: Float> Layer<F> for $name {
            fn name(&self) -> &'static str {
                $label
            }

            fn as_any(&self) -> Option<&dyn std::any::Any> {
                Some(self)
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
                pool_into(&self.window, $kind, maps(inputs)?, &mut out, None)?;
                Ok(out)
            }

            fn forward_train(
                &self,
                inputs: ArrayViewD<'_, F>,
                net_input: &mut ArrayD<F>,
                saved: &mut Vec<ArrayD<F>>,
                _pass: &Pass,
            ) -> Result<()> {
                pool_into(&self.window, $kind, maps(inputs)?, net_input, Some(saved))
            }

            fn backward(
                &self,
                inputs: ArrayViewD<'_, F>,
                delta: ArrayViewD<'_, F>,
                saved: &[ArrayD<F>],
                _gradient: &mut [ArrayD<F>],
                input_delta: Option<&mut ArrayD<F>>,
                _pass: &Pass,
            ) -> Result<()> {
                let maps = maps(inputs)?;
                match input_delta {
                    Some(dx) => unpool_into(&self.window, $kind, maps, delta, saved.first(), dx),
                    None => Ok(()),
                }
            }
        }
    };
}

pooling_layer!(MaxPool2d, Kind::Max, "max_pool2d");
pooling_layer!(AvgPool2d, Kind::Mean, "avg_pool2d");
