//! `Conv2d`'s passes: the net inputs as one matrix product per image on its
//! patches (`H = W·cols`), and backward the same products turned around.

use std::sync::atomic::{AtomicBool, Ordering};

use ndarray::{
    Array4, ArrayBase, ArrayD, ArrayView2, ArrayView4, ArrayViewD, ArrayViewMut2, ArrayViewMut3,
    ArrayViewMutD, Axis, Data, Ix4, Slice,
};

use super::Conv2d;
use crate::kernels::buffer::{for_each_chunk, with_scratch};
use crate::kernels::im2col::{col2im, im2col};
use crate::kernels::matmul::{Threads, matmul_into};
use crate::layer::{Layer, Pass, weights_and_bias, weights_and_bias_mut};
use crate::workspace::{reshaped_dyn, try_reshaped_dyn};
use crate::{Activation, Error, Float, ParameterKind, Result};

impl<F: Float> Conv2d<F> {
    /// The net inputs `H` of a batch of images, before the activation.
    ///
    /// # Shapes
    /// - `images`: `(n_samples, in_channels, rows, columns)`;
    ///   returns `(n_samples, out_channels, out_rows, out_columns)`
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] for images of another number of channels, or
    /// too small for the window; [`Error::InvalidSetting`] for a stride of 0.
    pub fn net_input<S: Data<Elem = F>>(&self, images: &ArrayBase<S, Ix4>) -> Result<Array4<F>> {
        let mut h = ArrayD::zeros(ndarray::IxDyn(&[0]));
        self.net_input_into(images.view(), &mut h, Threads::All)?;
        h.into_dimensionality()
            .map_err(|_| not_images(&[], self.in_channels()))
    }

    /// The outputs `f(H)` of a batch of images.
    ///
    /// # Shapes
    /// As [`net_input`](Conv2d::net_input).
    ///
    /// # Errors
    /// As [`net_input`](Conv2d::net_input).
    pub fn forward<S: Data<Elem = F>>(&self, images: &ArrayBase<S, Ix4>) -> Result<Array4<F>> {
        let mut h = self.net_input(images)?;
        self.activation.apply_inplace(&mut h);
        Ok(h)
    }

    /// Inputs as the `(n, channels, rows, columns)` images a convolution reads.
    fn images<'a>(&self, inputs: ArrayViewD<'a, F>) -> Result<ArrayView4<'a, F>> {
        let sample = inputs.shape().get(1..).unwrap_or(&[]).to_vec();
        let images = inputs
            .into_dimensionality::<Ix4>()
            .map_err(|_| not_images(&sample, self.in_channels()))?;
        if images.dim().1 != self.in_channels() {
            return Err(not_images(&sample, self.in_channels()));
        }
        Ok(images)
    }

    /// The filters as the `(out_channels, in_channels·kh·kw)` matrix `W`.
    fn matrix(&self) -> Result<ArrayView2<'_, F>> {
        let (out, k) = (
            self.out_channels(),
            self.weights.len() / self.out_channels(),
        );
        self.weights
            .view()
            .into_shape_with_order((out, k))
            .map_err(|_| not_images(&[], self.in_channels()))
    }

    /// `H` into `h`, image by image: the patches into `cols`, the biases (if
    /// any) into each output row, then `H += W·cols` on the matrix kernels
    /// (`H = W·cols` without biases); a batch's images spread over the
    /// threads, a few to a task.
    fn net_input_into(
        &self,
        images: ArrayView4<'_, F>,
        h: &mut ArrayD<F>,
        threads: Threads,
    ) -> Result<()> {
        let (n, channels, rows_in, columns_in) = images.dim();
        if channels != self.in_channels() {
            return Err(not_images(
                images.shape().get(1..).unwrap_or(&[]),
                self.in_channels(),
            ));
        }
        let (rows, columns) = self.axes((rows_in, columns_in))?;
        let w = self.matrix()?;
        let (out, k) = w.dim();
        // The padding can make the maps as large as it likes: the size is
        // checked and the memory asked for, not assumed.
        let h = try_reshaped_dyn(h, &[n, out, rows.out, columns.out], "a convolution's maps")?;
        let pixels = rows.out * columns.out;
        let Some(h) = h.as_slice_mut() else {
            return Err(not_images(&[], channels));
        };
        let patch_values = patches_len(k, pixels)?;
        let (parallel, inner) = spread(n, threads);
        let failed = AtomicBool::new(false);
        let per_image = out * pixels;
        for_each_chunk(h, per_image * IMAGES_PER_TASK, parallel, |first, chunk| {
            let done = with_scratch(patch_values, |cols: &mut [F]| {
                let mut cols = ArrayViewMut2::from_shape((k, pixels), cols).ok()?;
                let images = images.slice_axis(Axis(0), Slice::from(first / per_image.max(1)..));
                for (image, h) in images
                    .outer_iter()
                    .zip(chunk.chunks_exact_mut(per_image.max(1)))
                {
                    im2col(image, rows, columns, cols.view_mut());
                    let mut h = ArrayViewMut2::from_shape((out, pixels), h).ok()?;
                    if let Some(bias) = &self.bias {
                        for (mut row, &b) in h.rows_mut().into_iter().zip(bias) {
                            row.fill(b);
                        }
                    }
                    matmul_into(w, cols.view(), h, self.bias.is_some(), inner);
                }
                Some(())
            });
            if done.flatten().is_none() {
                failed.store(true, Ordering::Relaxed);
            }
        });
        if failed.load(Ordering::Relaxed) {
            return Err(Error::Allocation {
                what: "an image's patches",
                rows: k,
                columns: pixels,
                reason: "the memory cannot be had",
            });
        }
        Ok(())
    }
}

/// Images per task when a batch's images are spread over threads. Fixed, so
/// that the sums across images (the filters' gradient) are taken in the same
/// order on any number of threads.
const IMAGES_PER_TASK: usize = 4;

/// Whether a batch of `n` images spreads over the threads, and the threads
/// each image's products may then use.
fn spread(n: usize, threads: Threads) -> (bool, Threads) {
    if threads == Threads::All && n > 1 {
        (true, Threads::One)
    } else {
        (false, threads)
    }
}

/// The number of values of one image's patches, `(in_channels·kh·kw) ×
/// (out_rows·out_columns)`, kept by each thread between calls (see
/// `with_scratch`).
///
/// # Errors
/// [`Error::Allocation`] if the count overflows.
fn patches_len(k: usize, pixels: usize) -> Result<usize> {
    k.checked_mul(pixels).ok_or(Error::Allocation {
        what: "an image's patches",
        rows: k,
        columns: pixels,
        reason: "the size overflows",
    })
}

/// A convolution reads `(channels, rows, columns)` images of its channels;
/// `sample` is the shape of a sample it was given.
fn not_images(sample: &[usize], channels: usize) -> Error {
    Error::ShapeMismatch {
        what: "a sample's shape and the (channels, rows, columns) image a convolution reads (channels first)",
        left: sample.to_vec(),
        right: vec![channels],
    }
}

impl<F: Float> Layer<F> for Conv2d<F> {
    fn name(&self) -> &'static str {
        "conv2d"
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }

    /// `None`: a convolution reads images of any size (of its channels).
    fn input_shape(&self) -> Option<Vec<usize>> {
        None
    }

    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>> {
        match input {
            &[channels, rows, columns] if channels == self.in_channels() => {
                let (out_rows, out_columns) = self.output_size((rows, columns))?;
                Ok(vec![self.out_channels(), out_rows, out_columns])
            }
            _ => Err(not_images(input, self.in_channels())),
        }
    }

    fn activation(&self) -> Activation {
        self.activation
    }

    fn net_input(&self, inputs: ArrayViewD<'_, F>) -> Result<ArrayD<F>> {
        let images = self.images(inputs)?;
        let mut h = ArrayD::zeros(ndarray::IxDyn(&[0]));
        self.net_input_into(images, &mut h, Threads::All)?;
        Ok(h)
    }

    fn forward_train(
        &self,
        inputs: ArrayViewD<'_, F>,
        net_input: &mut ArrayD<F>,
        _saved: &mut Vec<ArrayD<F>>,
        pass: &Pass,
    ) -> Result<()> {
        let images = self.images(inputs)?;
        self.net_input_into(images, net_input, pass.threads)
    }

    /// With `δ = ∂L/∂H` of one image as the `(out_channels, pixels)` matrix
    /// and its patches `cols`: `∂L/∂W += δ·colsᵀ`, `∂L/∂b += Σ_pixels δ`
    /// (when the convolution has biases), and `∂L/∂X = col2im(Wᵀ·δ)`, each
    /// patch's gradient added back to the pixels it read.
    fn backward(
        &self,
        inputs: ArrayViewD<'_, F>,
        delta: ArrayViewD<'_, F>,
        _saved: &[ArrayD<F>],
        gradient: &mut [ArrayD<F>],
        input_delta: Option<&mut ArrayD<F>>,
        pass: &Pass,
    ) -> Result<()> {
        let images = self.images(inputs)?;
        let (n, channels, rows_in, columns_in) = images.dim();
        let (rows, columns) = self.axes((rows_in, columns_in))?;
        let expected = [n, self.out_channels(), rows.out, columns.out];
        if delta.shape() != expected {
            return Err(Error::ShapeMismatch {
                what: "a convolution's δ and its net inputs",
                left: delta.shape().to_vec(),
                right: expected.to_vec(),
            });
        }
        let parameters = self.parameter_count();
        let (weights_gradient, bias_gradient) = match (gradient, &self.bias) {
            ([weights, bias, ..], Some(_)) => (weights, Some(bias)),
            ([weights, ..], None) => (weights, None),
            (gradient, _) => {
                return Err(Error::ShapeMismatch {
                    what: "a convolution's gradient arrays and its parameters",
                    left: vec![gradient.len()],
                    right: vec![parameters],
                });
            }
        };
        let w = self.matrix()?;
        let (out, k) = w.dim();
        let pixels = rows.out * columns.out;
        let delta = delta.as_standard_layout();
        let Some(deltas) = delta.as_slice() else {
            return Err(not_images(&[], channels));
        };
        let per_delta = (out * pixels).max(1);
        let (parallel, inner) = spread(n, pass.threads);
        let failed = AtomicBool::new(false);

        // ∂L/∂b: each filter's δ summed over the images and pixels, in order.
        if let Some(bias_gradient) = bias_gradient {
            let bias_gradient = reshaped_dyn(bias_gradient, &[out]);
            bias_gradient.fill(F::zero());
            for d in deltas.chunks_exact(per_delta) {
                for (sum, row) in bias_gradient.iter_mut().zip(d.chunks_exact(pixels.max(1))) {
                    *sum = row.iter().fold(*sum, |sum, &v| sum + v);
                }
            }
        }

        // ∂L/∂W: the sum over each task's images, then over the tasks in order.
        let tasks = n.div_ceil(IMAGES_PER_TASK);
        let mut partials: Vec<F> =
            crate::alloc::room_for("a convolution's gradient", tasks, out * k)?;
        partials.resize(tasks * out * k, F::zero());
        let patch_values = patches_len(k, pixels)?;
        for_each_chunk(&mut partials, out * k, parallel, |first, partial| {
            let Ok(mut partial) = ArrayViewMut2::from_shape((out, k), partial) else {
                return;
            };
            let done = with_scratch(patch_values, |cols: &mut [F]| {
                let mut cols = ArrayViewMut2::from_shape((k, pixels), cols).ok()?;
                let start = first / (out * k).max(1) * IMAGES_PER_TASK;
                let end = (start + IMAGES_PER_TASK).min(n);
                for s in start..end {
                    let d = deltas
                        .get(s * per_delta..(s + 1) * per_delta)
                        .and_then(|d| ArrayView2::from_shape((out, pixels), d).ok());
                    let Some(d) = d else { continue };
                    im2col(
                        images.index_axis(Axis(0), s),
                        rows,
                        columns,
                        cols.view_mut(),
                    );
                    matmul_into(d, cols.t(), partial.view_mut(), s > start, inner);
                }
                Some(())
            });
            if done.flatten().is_none() {
                failed.store(true, Ordering::Relaxed);
            }
        });
        let weights_gradient = reshaped_dyn(weights_gradient, self.weights.shape());
        weights_gradient.fill(F::zero());
        if let Some(total) = weights_gradient.as_slice_mut() {
            for partial in partials.chunks_exact((out * k).max(1)) {
                total.iter_mut().zip(partial).for_each(|(t, &p)| *t += p);
            }
        }

        // ∂L/∂X: each image's col2im(Wᵀ·δ).
        if let Some(dx) = input_delta {
            let dx = reshaped_dyn(dx, images.shape());
            dx.fill(F::zero());
            let per_image = (channels * rows_in * columns_in).max(1);
            let Some(dx) = dx.as_slice_mut() else {
                return Err(not_images(&[], channels));
            };
            for_each_chunk(dx, per_image * IMAGES_PER_TASK, parallel, |first, chunk| {
                let done = with_scratch(patch_values, |delta_cols: &mut [F]| {
                    let mut delta_cols = ArrayViewMut2::from_shape((k, pixels), delta_cols).ok()?;
                    let s0 = first / per_image;
                    for (i, dx) in chunk.chunks_exact_mut(per_image).enumerate() {
                        let s = s0 + i;
                        let d = deltas
                            .get(s * per_delta..(s + 1) * per_delta)
                            .and_then(|d| ArrayView2::from_shape((out, pixels), d).ok());
                        let image = ArrayViewMut3::from_shape((channels, rows_in, columns_in), dx);
                        let (Some(d), Ok(image)) = (d, image) else {
                            continue;
                        };
                        matmul_into(w.t(), d, delta_cols.view_mut(), false, inner);
                        col2im(delta_cols.view(), rows, columns, image);
                    }
                    Some(())
                });
                if done.flatten().is_none() {
                    failed.store(true, Ordering::Relaxed);
                }
            });
        }
        if failed.load(Ordering::Relaxed) {
            return Err(Error::Allocation {
                what: "an image's patches",
                rows: k,
                columns: pixels,
                reason: "the memory cannot be had",
            });
        }
        Ok(())
    }

    /// The filters, then the biases if the convolution has them.
    fn parameters(&self) -> Vec<(ParameterKind, ArrayViewD<'_, F>)> {
        let weights = self.weights.view().into_dyn();
        match &self.bias {
            Some(bias) => weights_and_bias(weights, bias.view().into_dyn()),
            None => vec![(ParameterKind::Weights, weights)],
        }
    }

    fn parameters_mut(&mut self) -> Vec<(ParameterKind, ArrayViewMutD<'_, F>)> {
        let weights = self.weights.view_mut().into_dyn();
        match &mut self.bias {
            Some(bias) => weights_and_bias_mut(weights, bias.view_mut().into_dyn()),
            None => vec![(ParameterKind::Weights, weights)],
        }
    }

    /// 2, or 1 without biases.
    fn parameter_count(&self) -> usize {
        1 + usize::from(self.bias.is_some())
    }
}
