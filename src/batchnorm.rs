//! `BatchNorm`: each channel (or feature) brought to mean 0 and variance 1
//! over the batch, then scaled and shifted by learned `γ` and `β`; at
//! inference, by the running statistics that training kept.

use std::fmt;

use ndarray::{Array1, ArrayD, ArrayView1, ArrayViewD, ArrayViewMutD, Axis, Ix1, IxDyn, Zip};

use crate::layer::{Layer, Pass, weights_and_bias, weights_and_bias_mut};
use crate::workspace::reshaped_dyn;
use crate::{Error, Float, ParameterKind, Result};

/// Batch normalisation over the channel axis (axis 1): for dense features
/// `(n, C)`, or for maps `(n, C, rows, columns)`, whose statistics are taken
/// over the samples and the pixels together, as PyTorch's `BatchNorm1d` and
/// `BatchNorm2d` do.
///
/// Training, with the batch's mean `μ` and (biased) variance `σ²` of each
/// channel:
///
/// ```text
/// x̂ = (x − μ) / √(σ² + ε)        y = γ·x̂ + β
/// ```
///
/// and after each step the running statistics move towards the batch's:
/// `mean ← (1 − m)·mean + m·μ`, `var ← (1 − m)·var + m·σ²·k/(k − 1)` (the
/// unbiased variance, over the `k` values of a channel). Inference uses the
/// running statistics in place of the batch's. PyTorch's defaults: momentum
/// `m = 0.1`, `ε = 1e-5`, `γ = 1`, `β = 0`, running mean 0 and variance 1.
///
/// ```
/// use neuron::{BatchNorm, Layer};
/// use neuron::ndarray::array;
///
/// let norm = BatchNorm::<f64>::new(2)?;
/// // At the start the running statistics are (0, 1): inference is y ≈ x.
/// let y = norm.net_input(array![[1.0, -2.0]].into_dyn().view())?;
/// assert!((y[[0, 0]] - 1.0 / (1.0_f64 + 1e-5).sqrt()).abs() < 1e-15);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BatchNorm<F> {
    /// `γ`, one per channel.
    scale: Array1<F>,
    /// `β`, one per channel.
    shift: Array1<F>,
    running_mean: Array1<F>,
    running_var: Array1<F>,
    momentum: f64,
    epsilon: f64,
}

impl<F: Float> BatchNorm<F> {
    /// Batch normalisation of `channels` channels with PyTorch's defaults.
    ///
    /// # Errors
    /// [`Error::Allocation`] when `channels` values cannot be had.
    pub fn new(channels: usize) -> Result<Self> {
        let zeros =
            || crate::alloc::zeros_vector::<F>("a batch normalisation's statistics", channels);
        let ones = || zeros().map(|z| z.mapv(|_| F::one()));
        Ok(BatchNorm {
            scale: ones()?,
            shift: zeros()?,
            running_mean: zeros()?,
            running_var: ones()?,
            momentum: 0.1,
            epsilon: 1e-5,
        })
    }

    /// The same with momentum `momentum` for the running statistics.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] unless `0 ≤ momentum ≤ 1`.
    pub fn with_momentum(mut self, momentum: f64) -> Result<Self> {
        if !(0.0..=1.0).contains(&momentum) {
            return Err(Error::InvalidSetting {
                name: "momentum",
                value: momentum,
                requirement: "in [0, 1]",
            });
        }
        self.momentum = momentum;
        Ok(self)
    }

    /// The same with `ε` added to the variance.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] unless `ε` is finite and > 0.
    pub fn with_epsilon(mut self, epsilon: f64) -> Result<Self> {
        if !(epsilon.is_finite() && epsilon > 0.0) {
            return Err(Error::InvalidSetting {
                name: "epsilon",
                value: epsilon,
                requirement: "finite and > 0",
            });
        }
        self.epsilon = epsilon;
        Ok(self)
    }

    /// The same with these running statistics (as a trained model has them).
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] unless both have one value per channel;
    /// [`Error::InvalidValue`] for a variance that is not finite and ≥ 0 or
    /// a mean that is not finite.
    pub fn with_running_statistics(mut self, mean: Array1<F>, var: Array1<F>) -> Result<Self> {
        for (what, values) in [("running mean", &mean), ("running variance", &var)] {
            if values.len() != self.channels() {
                return Err(Error::LengthMismatch {
                    what,
                    left: values.len(),
                    right: self.channels(),
                });
            }
        }
        let bad_mean = mean
            .iter()
            .enumerate()
            .find(|(_, m)| !m.is_finite())
            .map(|(i, &m)| ("the running mean", i, m));
        let bad_var = var
            .iter()
            .enumerate()
            .find(|(_, v)| !(v.is_finite() && **v >= F::zero()))
            .map(|(i, &v)| ("the running variance", i, v));
        if let Some((what, index, value)) = bad_mean.or(bad_var) {
            return Err(Error::InvalidValue {
                what,
                index,
                value: value.as_f64(),
                requirement: "finite (and ≥ 0 for a variance)",
            });
        }
        self.running_mean = mean;
        self.running_var = var;
        Ok(self)
    }

    /// The same with these learned parameters: `γ` (`scale`) and `β`
    /// (`shift`), as PyTorch's `weight` and `bias` of a `BatchNorm2d`.
    ///
    /// # Shapes
    /// - `scale`, `shift`: `(channels,)`
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] unless both have one value per channel;
    /// [`Error::InvalidValue`] for a value that is not finite.
    ///
    /// ```
    /// use neuron::{BatchNorm, Layer};
    /// use neuron::ndarray::array;
    ///
    /// let norm = BatchNorm::<f64>::new(1)?.with_scale_and_shift(array![2.0], array![0.5])?;
    /// // Running statistics (0, 1): y = 2·x/√(1 + ε) + 0.5.
    /// let y = norm.net_input(array![[1.0]].into_dyn().view())?;
    /// assert!((y[[0, 0]] - (2.0 / (1.0_f64 + 1e-5).sqrt() + 0.5)).abs() < 1e-15);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn with_scale_and_shift(mut self, scale: Array1<F>, shift: Array1<F>) -> Result<Self> {
        for (what, values) in [("scale (γ)", &scale), ("shift (β)", &shift)] {
            if values.len() != self.channels() {
                return Err(Error::LengthMismatch {
                    what,
                    left: values.len(),
                    right: self.channels(),
                });
            }
            if let Some((index, &value)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
                return Err(Error::InvalidValue {
                    what,
                    index,
                    value: value.as_f64(),
                    requirement: "finite",
                });
            }
        }
        self.scale = scale;
        self.shift = shift;
        Ok(self)
    }

    /// The momentum of the running statistics (PyTorch's default, 0.1).
    pub fn momentum(&self) -> f64 {
        self.momentum
    }

    /// `ε`, added to the variance (PyTorch's default, 1e-5).
    pub fn epsilon(&self) -> f64 {
        self.epsilon
    }

    /// Channels normalised.
    pub fn channels(&self) -> usize {
        self.scale.len()
    }

    /// The running mean of each channel.
    pub fn running_mean(&self) -> &Array1<F> {
        &self.running_mean
    }

    /// The running (unbiased) variance of each channel.
    pub fn running_var(&self) -> &Array1<F> {
        &self.running_var
    }

    /// `γ`, the learned scale of each channel.
    pub fn scale(&self) -> &Array1<F> {
        &self.scale
    }

    /// `β`, the learned shift of each channel.
    pub fn shift(&self) -> &Array1<F> {
        &self.shift
    }

    /// Inputs whose axis 1 holds this layer's channels.
    fn check(&self, inputs: &ArrayViewD<'_, F>) -> Result<()> {
        match inputs.shape() {
            [_, channels, ..] if *channels == self.channels() => Ok(()),
            shape => Err(Error::ShapeMismatch {
                what: "a batch's shape and the (n, channels, …) batch normalisation reads",
                left: shape.to_vec(),
                right: vec![0, self.channels()],
            }),
        }
    }

    /// `y = γ·(x − mean)/√(var + ε) + β`, channel by channel, into `out`.
    fn normalise_into(
        &self,
        inputs: ArrayViewD<'_, F>,
        mean: ArrayView1<'_, F>,
        var: ArrayView1<'_, F>,
        out: &mut ArrayD<F>,
    ) {
        let out = reshaped_dyn(out, inputs.shape());
        let epsilon = F::from_f64(self.epsilon);
        let inputs = inputs.as_standard_layout();
        let (Some(x), Some(y)) = (inputs.as_slice(), out.as_slice_mut()) else {
            return;
        };
        let channels = self.channels().max(1);
        let plane = plane_of(inputs.shape());
        for (p, (x, y)) in x
            .chunks_exact(plane)
            .zip(y.chunks_exact_mut(plane))
            .enumerate()
        {
            let c = p % channels;
            let (Some(&m), Some(&v), Some(&g), Some(&b)) = (
                mean.get(c),
                var.get(c),
                self.scale.get(c),
                self.shift.get(c),
            ) else {
                continue;
            };
            let inverse = F::one() / (v + epsilon).sqrt();
            for (y, &x) in y.iter_mut().zip(x) {
                *y = g * ((x - m) * inverse) + b;
            }
        }
    }
}

/// Values in one plane of a channel: the product of the axes after 1 (1 for
/// dense features).
fn plane_of(shape: &[usize]) -> usize {
    shape
        .get(2..)
        .map_or(1, |rest| rest.iter().product::<usize>())
        .max(1)
}

/// Each channel's mean and biased variance over every axis but 1: the sums
/// of its planes, in order, then of the squared deviations. The sums are
/// kept in `f64` whatever `F` is, as PyTorch's CPU kernel keeps them in
/// `double`: in `f32`, a channel of 8 000 values around 1 000 with spread
/// 0.58 otherwise comes out with 2.4 times PyTorch's error in the outputs
/// (`batch_normalisation_in_f32_is_as_accurate_as_pytorchs_float32`).
fn statistics<F: Float>(inputs: &ArrayViewD<'_, F>) -> (Array1<F>, Array1<F>) {
    let channels = inputs.len_of(Axis(1));
    let count = (inputs.len() / channels.max(1)) as f64;
    let mut mean = Array1::<f64>::zeros(channels);
    let mut var = Array1::<f64>::zeros(channels);
    let inputs = inputs.as_standard_layout();
    let Some(x) = inputs.as_slice() else {
        return (mean.mapv(F::from_f64), var.mapv(F::from_f64));
    };
    let plane = plane_of(inputs.shape());
    for (p, x) in x.chunks_exact(plane).enumerate() {
        if let Some(m) = mean.get_mut(p % channels.max(1)) {
            *m = x.iter().fold(*m, |s, &v| s + v.as_f64());
        }
    }
    mean.mapv_inplace(|s| s / count);
    for (p, x) in x.chunks_exact(plane).enumerate() {
        let c = p % channels.max(1);
        if let (Some(&m), Some(v)) = (mean.get(c), var.get_mut(c)) {
            *v = x
                .iter()
                .fold(*v, |s, &x| s + (x.as_f64() - m) * (x.as_f64() - m));
        }
    }
    var.mapv_inplace(|s| s / count);
    (mean.mapv(F::from_f64), var.mapv(F::from_f64))
}

impl<F: Float> fmt::Display for BatchNorm<F> {
    /// `BatchNorm(32)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BatchNorm({})", self.channels())
    }
}

impl<F: Float> Layer<F> for BatchNorm<F> {
    fn name(&self) -> &'static str {
        "batch_norm"
    }

    /// `None`: it reads any shape whose axis 1 holds its channels.
    fn input_shape(&self) -> Option<Vec<usize>> {
        None
    }

    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>> {
        match input.first() {
            Some(&channels) if channels == self.channels() => Ok(input.to_vec()),
            _ => Err(Error::ShapeMismatch {
                what: "a sample's shape and the (channels, …) batch normalisation reads",
                left: input.to_vec(),
                right: vec![self.channels()],
            }),
        }
    }

    /// With the running statistics.
    fn net_input(&self, inputs: ArrayViewD<'_, F>) -> Result<ArrayD<F>> {
        self.check(&inputs)?;
        let mut out = ArrayD::zeros(IxDyn(&[0]));
        self.normalise_into(
            inputs,
            self.running_mean.view(),
            self.running_var.view(),
            &mut out,
        );
        Ok(out)
    }

    /// With the batch's statistics, which `saved` keeps: `[mean, variance,
    /// values per channel]`.
    fn forward_train(
        &self,
        inputs: ArrayViewD<'_, F>,
        net_input: &mut ArrayD<F>,
        saved: &mut Vec<ArrayD<F>>,
        _pass: &Pass,
    ) -> Result<()> {
        self.check(&inputs)?;
        let (mean, var) = statistics(&inputs);
        self.normalise_into(inputs.view(), mean.view(), var.view(), net_input);
        let count = inputs.len() / self.channels().max(1);
        saved.clear();
        saved.push(mean.into_dyn());
        saved.push(var.into_dyn());
        saved.push(ArrayD::from_elem(IxDyn(&[1]), F::from_f64(count as f64)));
        Ok(())
    }

    /// With `k` values per channel, `x̂` the normalised inputs and
    /// `s = 1/√(σ² + ε)`: `∂L/∂β = Σ δ`, `∂L/∂γ = Σ δ·x̂`, and
    /// `∂L/∂x = γ·s·(δ − Σδ/k − x̂·Σ(δ·x̂)/k)`.
    fn backward(
        &self,
        inputs: ArrayViewD<'_, F>,
        delta: ArrayViewD<'_, F>,
        saved: &[ArrayD<F>],
        gradient: &mut [ArrayD<F>],
        mut input_delta: Option<&mut ArrayD<F>>,
        _pass: &Pass,
    ) -> Result<()> {
        self.check(&inputs)?;
        let (Some(mean), Some(var), [scale_gradient, shift_gradient, ..]) =
            (saved.first(), saved.get(1), gradient)
        else {
            return Err(Error::ShapeMismatch {
                what: "batch normalisation's saved statistics and gradient arrays",
                left: vec![saved.len()],
                right: vec![2],
            });
        };
        if delta.shape() != inputs.shape() {
            return Err(Error::ShapeMismatch {
                what: "batch normalisation's δ and its outputs",
                left: delta.shape().to_vec(),
                right: inputs.shape().to_vec(),
            });
        }
        let channels = self.channels();
        let count = (inputs.len() / channels.max(1)) as f64;
        let epsilon = F::from_f64(self.epsilon);
        let scale_gradient = reshaped_dyn(scale_gradient, &[channels]);
        let shift_gradient = reshaped_dyn(shift_gradient, &[channels]);
        if let Some(dx) = input_delta.as_deref_mut() {
            reshaped_dyn(dx, inputs.shape());
        }
        for c in 0..channels {
            let (Some(&m), Some(&v), Some(&g)) = (mean.get(c), var.get(c), self.scale.get(c))
            else {
                continue;
            };
            let s = F::one() / (v + epsilon).sqrt();
            let x = inputs.index_axis(Axis(1), c);
            let d = delta.index_axis(Axis(1), c);
            // Summed in `f64`, as PyTorch sums them in `double`.
            let (mut sum_d, mut sum_dx) = (0.0, 0.0);
            Zip::from(&x).and(&d).for_each(|&x, &d| {
                sum_d += d.as_f64();
                sum_dx += (d * ((x - m) * s)).as_f64();
            });
            if let Some(slot) = shift_gradient.get_mut(c) {
                *slot = F::from_f64(sum_d);
            }
            if let Some(slot) = scale_gradient.get_mut(c) {
                *slot = F::from_f64(sum_dx);
            }
            if let Some(dx) = input_delta.as_deref_mut() {
                let mut dx = dx.index_axis_mut(Axis(1), c);
                let (mean_d, mean_dx) = (F::from_f64(sum_d / count), F::from_f64(sum_dx / count));
                Zip::from(&mut dx).and(&x).and(&d).for_each(|dx, &x, &d| {
                    *dx = g * s * (d - mean_d - ((x - m) * s) * mean_dx);
                });
            }
        }
        Ok(())
    }

    fn parameters(&self) -> Vec<(ParameterKind, ArrayViewD<'_, F>)> {
        weights_and_bias(self.scale.view().into_dyn(), self.shift.view().into_dyn())
    }

    fn parameters_mut(&mut self) -> Vec<(ParameterKind, ArrayViewMutD<'_, F>)> {
        weights_and_bias_mut(
            self.scale.view_mut().into_dyn(),
            self.shift.view_mut().into_dyn(),
        )
    }

    fn parameter_count(&self) -> usize {
        2
    }

    fn mixes_samples(&self) -> bool {
        true
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }

    /// The running statistics move towards the batch's (saved by
    /// [`forward_train`](Layer::forward_train)).
    fn update_statistics(&mut self, saved: &[ArrayD<F>]) {
        let (Some(mean), Some(var), Some(&count)) = (
            saved
                .first()
                .and_then(|m| m.view().into_dimensionality::<Ix1>().ok()),
            saved
                .get(1)
                .and_then(|v| v.view().into_dimensionality::<Ix1>().ok()),
            saved.get(2).and_then(|k| k.iter().next()),
        ) else {
            return;
        };
        if mean.len() != self.channels() || var.len() != self.channels() {
            return;
        }
        let momentum = F::from_f64(self.momentum);
        let keep = F::one() - momentum;
        // The unbiased variance, k/(k − 1) times the biased one (PyTorch's).
        let unbias = if count > F::one() {
            count / (count - F::one())
        } else {
            F::one()
        };
        Zip::from(&mut self.running_mean)
            .and(&mean)
            .for_each(|r, &m| *r = keep * *r + momentum * m);
        Zip::from(&mut self.running_var)
            .and(&var)
            .for_each(|r, &v| *r = keep * *r + momentum * v * unbias);
    }
}
