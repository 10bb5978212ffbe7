//! Loss functions: how far the outputs `y` are from the targets `t`.

use std::fmt;

use ndarray::{Array, Array2, ArrayBase, ArrayView2, Axis, Data, Dimension, IntoDimension, Zip};

use crate::activation::{log_sum_exp, softmax_inplace};
use crate::kernels::RowLoss;
use crate::{Activation, Error, Float, Result};

/// A loss: one number saying how far outputs are from targets, averaged as
/// PyTorch's `reduction="mean"` does: over every element (samples and outputs)
/// for the elementwise losses, over samples for categorical cross-entropy.
///
/// | variant | per element / sample | averaged over | PyTorch |
/// |---|---|---|---|
/// | `MeanSquaredError` | `(y − t)²` | elements | `nn.MSELoss()` |
/// | `MeanAbsoluteError` | `|y − t|` | elements | `nn.L1Loss()` |
/// | `Huber { delta: δ }` | `(y − t)²/2` where `|y − t| < δ`, else `δ·(|y − t| − δ/2)` | elements | `nn.HuberLoss(delta=δ)` |
/// | `BinaryCrossEntropy` | `−t·ln y − (1 − t)·ln(1 − y)` | elements | `nn.BCELoss()`, or `nn.BCEWithLogitsLoss()` from the net input |
/// | `CrossEntropy` | `−Σₖ tₖ·ln yₖ` over a sample's row of classes | samples | `nn.CrossEntropyLoss()` from the net inputs (logits) |
///
/// Categorical cross-entropy goes with a softmax output ([`Activation::Softmax`]):
/// its targets are rows of class probabilities, one-hot (see
/// [`one_hot`](crate::one_hot)) or smoothed, each in `[0, 1]` and summing to 1.
/// From the net inputs it is computed through a stable log-softmax,
/// `ln Σⱼ eʰʲ − Σₖ tₖhₖ` with the log-sum-exp shifted by the row's maximum, so
/// it stays finite for logits of ±1 000; its gradient with respect to the net
/// inputs is `(softmax(h) − t) / n_samples`.
///
/// There are two ways to call a loss:
/// - from the outputs `y` ([`value`](Loss::value), [`gradient`](Loss::gradient)),
///   as a user compares predictions with targets;
/// - from the net inputs `h` of the output units and their activation
///   ([`value_from_net_input`](Loss::value_from_net_input),
///   [`delta`](Loss::delta)), as training does. Cross-entropy is then computed
///   in the log-sigmoid form `max(h, 0) − t·h + ln(1 + e⁻|ʰ|)`, finite for every
///   finite `h` and never `ln 0`, and its gradient is the simplified `(y − t) / N`.
///
/// ```
/// use neuron::Loss;
/// use neuron::ndarray::array;
///
/// let y = array![0.8, 0.4];
/// let t = array![1.0, 0.0];
/// // ((0.8 − 1)² + (0.4 − 0)²) / 2 = (0.04 + 0.16) / 2 = 0.1
/// assert!((Loss::MeanSquaredError.value(&y, &t)? - 0.1_f64).abs() < 1e-15);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Loss {
    /// Mean squared error, for regression: `mean((y − t)²)`.
    MeanSquaredError,
    /// Binary cross-entropy, for probabilities from a sigmoid output and targets in `[0, 1]`.
    BinaryCrossEntropy,
    /// Categorical cross-entropy, for a softmax output over `k ≥ 2` classes and
    /// targets that are rows of class probabilities; the mean over samples.
    CrossEntropy,
    /// Mean absolute error, for regression robust to outliers:
    /// `mean(|y − t|)`. Its gradient is `sign(y − t) / N` (0 where `y = t`, as
    /// PyTorch's).
    MeanAbsoluteError,
    /// The Huber loss: squared error for residuals below `delta`, absolute
    /// error beyond, joined smoothly: `mean(r²/2 if |r| < δ else
    /// δ·(|r| − δ/2))`, `r = y − t`; `delta` must be finite and positive.
    Huber {
        /// Where the loss turns from quadratic to linear.
        delta: f64,
    },
}

/// Losses compare as values; Huber's `delta` by its bits (so that a loss
/// equals itself even with a NaN `delta`, which `fit` refuses anyway).
impl PartialEq for Loss {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Loss::Huber { delta: a }, Loss::Huber { delta: b }) => a.to_bits() == b.to_bits(),
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

impl Eq for Loss {}

impl std::hash::Hash for Loss {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        if let Loss::Huber { delta } = self {
            delta.to_bits().hash(state);
        }
    }
}

impl Loss {
    /// The loss's name: `"mean squared error"`, `"binary cross-entropy"`, `"cross-entropy"`.
    ///
    /// ```
    /// assert_eq!(neuron::Loss::BinaryCrossEntropy.name(), "binary cross-entropy");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Loss::MeanSquaredError => "mean squared error",
            Loss::BinaryCrossEntropy => "binary cross-entropy",
            Loss::CrossEntropy => "cross-entropy",
            Loss::MeanAbsoluteError => "mean absolute error",
            Loss::Huber { .. } => "huber",
        }
    }

    /// Whether the loss compares each output with its target on its own, by
    /// the residual `y − t` (squared, absolute or Huber): any output
    /// activation but the softmax, and targets of any size.
    fn is_regression(self) -> bool {
        matches!(
            self,
            Loss::MeanSquaredError | Loss::MeanAbsoluteError | Loss::Huber { .. }
        )
    }

    /// The loss of one residual `r = y − t` and its slope `∂/∂y`, for the
    /// regression losses (before dividing by the number of elements).
    fn residual<F: Float>(self, r: F) -> (F, F) {
        match self {
            Loss::MeanAbsoluteError => (r.abs(), sign(r)),
            Loss::Huber { delta } => {
                let delta = F::from_f64(delta);
                let half = F::from_f64(0.5);
                if r.abs() < delta {
                    (half * r * r, r)
                } else {
                    (delta * (r.abs() - half * delta), delta * sign(r))
                }
            }
            _ => (r * r, F::from_f64(2.0) * r),
        }
    }

    /// A Huber `delta` that is finite and > 0.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] naming `delta`.
    pub(crate) fn check_settings(self) -> Result<()> {
        match self {
            Loss::Huber { delta } if !(delta.is_finite() && delta > 0.0) => {
                Err(Error::InvalidSetting {
                    name: "delta",
                    value: delta,
                    requirement: "finite and > 0",
                })
            }
            _ => Ok(()),
        }
    }

    /// Whether the loss is averaged over samples with a whole row of classes
    /// per sample (categorical cross-entropy), rather than over every element.
    fn is_categorical(self) -> bool {
        self == Loss::CrossEntropy
    }

    /// What the training kernels compute for this loss, sample by sample, for
    /// a model of one output (a neuron); `None` for categorical cross-entropy,
    /// which needs a whole row of outputs.
    pub(crate) fn row_loss(self) -> Option<RowLoss> {
        match self {
            Loss::BinaryCrossEntropy => Some(RowLoss::BinaryCrossEntropy),
            Loss::MeanSquaredError => Some(RowLoss::SquaredError),
            _ => None,
        }
    }

    /// The mean loss of outputs `y` against targets `t`.
    ///
    /// For cross-entropy each logarithm is clamped at `−100`, as PyTorch's
    /// `BCELoss` does, so that `y = 0` or `1` gives a large finite loss rather than ∞.
    /// Categorical cross-entropy reads the last axis as the classes of one
    /// sample: a `(n_samples, n_classes)` batch, or a vector for one sample.
    ///
    /// # Shapes
    /// - `outputs`, `targets`: the same shape, any dimension, e.g. `(n_samples,)`
    ///   or `(n_samples, n_outputs)`
    ///
    /// # Errors
    /// - [`Error::ShapeMismatch`] when the shapes differ;
    /// - [`Error::Empty`] when there are no elements;
    /// - [`Error::TargetOutOfRange`] for cross-entropy with a target outside `[0, 1]`;
    /// - [`Error::TargetRowSum`] for categorical cross-entropy with a row of targets
    ///   that does not sum to 1;
    /// - [`Error::InvalidSetting`] for categorical cross-entropy over fewer than 2 classes.
    ///
    /// ```
    /// use neuron::Loss;
    /// use neuron::ndarray::array;
    ///
    /// // PyTorch: F.binary_cross_entropy(torch.tensor([0.9]), torch.tensor([1.0])) = −ln 0.9
    /// let bce: f64 = Loss::BinaryCrossEntropy.value(&array![0.9], &array![1.0])?;
    /// assert!((bce - 0.10536051565782628).abs() < 1e-15);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn value<F, S, T, D>(
        self,
        outputs: &ArrayBase<S, D>,
        targets: &ArrayBase<T, D>,
    ) -> Result<F>
    where
        F: Float,
        S: Data<Elem = F>,
        T: Data<Elem = F>,
        D: Dimension,
    {
        self.check(outputs, targets)?;
        // ln clamped at −100 as PyTorch's BCELoss does; NaN stays NaN.
        let floor = F::from_f64(-100.0);
        let ln = |v: F| if v.is_nan() { v } else { v.ln().max(floor) };
        let sum = Zip::from(outputs)
            .and(targets)
            .fold(F::zero(), |sum, &y, &t| {
                sum + match self {
                    Loss::BinaryCrossEntropy => -(t * ln(y) + (F::one() - t) * ln(F::one() - y)),
                    // 0·ln 0 is taken as 0: a class with no probability adds nothing.
                    Loss::CrossEntropy if t == F::zero() => F::zero(),
                    Loss::CrossEntropy => -t * ln(y),
                    Loss::MeanSquaredError => (y - t) * (y - t),
                    regression => regression.residual(y - t).0,
                }
            });
        Ok(sum / count(self.averaged_over(outputs)))
    }

    /// The `N` of the mean: elements, or samples (rows of the last axis) for
    /// categorical cross-entropy.
    fn averaged_over<S: Data, D: Dimension>(self, values: &ArrayBase<S, D>) -> usize {
        if self.is_categorical() {
            let classes = values.shape().last().copied().unwrap_or(1).max(1);
            values.len() / classes
        } else {
            values.len()
        }
    }

    /// The gradient `∂L/∂y` of the mean loss with respect to each output.
    ///
    /// `2(y − t) / N` for the squared error; `(y − t) / (y(1 − y)) / N` for
    /// cross-entropy, with `y(1 − y)` kept ≥ 1e−12 as PyTorch does. `N` is the
    /// number of elements. For categorical cross-entropy, `−t / y / N` with `y`
    /// kept ≥ 1e−12 and `N` the number of samples.
    ///
    /// # Shapes
    /// - `outputs`, `targets`: the same shape, any dimension
    /// - returns: that shape
    ///
    /// # Errors
    /// As [`value`](Loss::value).
    ///
    /// ```
    /// use neuron::Loss;
    /// use neuron::ndarray::array;
    ///
    /// let g = Loss::MeanSquaredError.gradient(&array![0.8, 0.4], &array![1.0, 0.0])?;
    /// // 2(y − t) / 2 = y − t
    /// assert!((g[0] - -0.2_f64).abs() < 1e-15 && (g[1] - 0.4).abs() < 1e-15);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn gradient<F, S, T, D>(
        self,
        outputs: &ArrayBase<S, D>,
        targets: &ArrayBase<T, D>,
    ) -> Result<Array<F, D>>
    where
        F: Float,
        S: Data<Elem = F>,
        T: Data<Elem = F>,
        D: Dimension,
    {
        self.check(outputs, targets)?;
        let n = count(self.averaged_over(outputs));
        let two = F::from_f64(2.0);
        let tiny = F::from_f64(1e-12);
        Ok(Zip::from(outputs)
            .and(targets)
            .map_collect(|&y, &t| match self {
                Loss::MeanSquaredError => two * (y - t) / n,
                Loss::BinaryCrossEntropy => (y - t) / (y * (F::one() - y)).max(tiny) / n,
                Loss::CrossEntropy => -t / y.max(tiny) / n,
                regression => regression.residual(y - t).1 / n,
            }))
    }

    /// The mean loss computed from the net inputs `h` of the output units, whose
    /// outputs are `y = f(h)`.
    ///
    /// # Shapes
    /// - `net_inputs`, `targets`: the same shape, any dimension
    ///
    /// Categorical cross-entropy reads the last axis as one sample's classes
    /// and computes `ln Σⱼ eʰʲ − Σₖ tₖhₖ` per sample (times `Σₖ tₖ`, which is 1),
    /// with the log-sum-exp shifted by the row's largest net input.
    ///
    /// # Errors
    /// As [`value`](Loss::value); [`Error::ActivationMismatch`] for binary
    /// cross-entropy without a sigmoid or categorical cross-entropy without a
    /// softmax; [`Error::SoftmaxLoss`] for a softmax with another loss.
    ///
    /// ```
    /// use neuron::{Activation, Loss};
    /// use neuron::ndarray::array;
    ///
    /// // PyTorch: F.binary_cross_entropy_with_logits(torch.tensor([-800., 800.]),
    /// //                                            torch.tensor([1., 0.])) = 800
    /// let h = array![-800.0, 800.0];
    /// let loss: f64 = Loss::BinaryCrossEntropy.value_from_net_input(&h, &array![1.0, 0.0], Activation::Sigmoid)?;
    /// assert_eq!(loss, 800.0);
    ///
    /// // PyTorch: nn.CrossEntropyLoss()(torch.tensor([[1000., -1000., 0.]]), torch.tensor([[0., 1., 0.]])) = 2000
    /// let h = array![[1000.0, -1000.0, 0.0]];
    /// let loss: f64 = Loss::CrossEntropy.value_from_net_input(&h, &array![[0.0, 1.0, 0.0]], Activation::Softmax)?;
    /// assert_eq!(loss, 2000.0);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn value_from_net_input<F, S, T, D>(
        self,
        net_inputs: &ArrayBase<S, D>,
        targets: &ArrayBase<T, D>,
        activation: Activation,
    ) -> Result<F>
    where
        F: Float,
        S: Data<Elem = F>,
        T: Data<Elem = F>,
        D: Dimension,
    {
        self.check(net_inputs, targets)?;
        self.check_activation(activation)?;
        match self {
            Loss::CrossEntropy => {
                let (h, t) = (as_rows(net_inputs), as_rows(targets));
                Ok(categorical_value_and_delta(h.view(), t.view(), false).0)
            }
            Loss::BinaryCrossEntropy => Ok(self.value_and_delta(net_inputs, targets, activation).0),
            Loss::MeanSquaredError => {
                let sum = Zip::from(net_inputs)
                    .and(targets)
                    .fold(F::zero(), |sum, &h, &t| {
                        let (loss, _) = squared_error(h, t, activation);
                        sum + loss
                    });
                Ok(sum / count(net_inputs.len()))
            }
            regression => Ok(regression
                .value_and_delta(net_inputs, targets, activation)
                .0),
        }
    }

    /// The gradient `δ = ∂L/∂h` of the mean loss with respect to each net input:
    /// the error signal that backpropagation sends back through the network.
    ///
    /// `2(y − t)·f′(h) / N` for the squared error (with `f′` from the output `y`);
    /// `(y − t) / N` for cross-entropy with a sigmoid output, where the sigmoid's
    /// slope cancels the logarithm's; `(softmax(h)·Σₖtₖ − t) / n_samples`, which is
    /// `(softmax(h) − t) / n_samples`, for categorical cross-entropy.
    ///
    /// # Shapes
    /// - `net_inputs`, `targets`: the same shape, any dimension
    /// - returns: that shape
    ///
    /// # Errors
    /// As [`value_from_net_input`](Loss::value_from_net_input).
    ///
    /// ```
    /// use neuron::{Activation, Loss};
    /// use neuron::ndarray::array;
    ///
    /// // δ = (σ(0) − 1) / 1 = −0.5
    /// let delta = Loss::BinaryCrossEntropy.delta(&array![0.0], &array![1.0], Activation::Sigmoid)?;
    /// assert_eq!(delta, array![-0.5]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn delta<F, S, T, D>(
        self,
        net_inputs: &ArrayBase<S, D>,
        targets: &ArrayBase<T, D>,
        activation: Activation,
    ) -> Result<Array<F, D>>
    where
        F: Float,
        S: Data<Elem = F>,
        T: Data<Elem = F>,
        D: Dimension,
    {
        self.check(net_inputs, targets)?;
        self.check_activation(activation)?;
        Ok(self.value_and_delta(net_inputs, targets, activation).1)
    }

    /// Mean loss and `δ = ∂L/∂h` together, in one pass: what a training step needs.
    /// The caller has checked shapes, activation and target range.
    pub(crate) fn value_and_delta<F, S, T, D>(
        self,
        net_inputs: &ArrayBase<S, D>,
        targets: &ArrayBase<T, D>,
        activation: Activation,
    ) -> (F, Array<F, D>)
    where
        F: Float,
        S: Data<Elem = F>,
        T: Data<Elem = F>,
        D: Dimension,
    {
        // Every δ below holds exactly as many values as `net_inputs`, in the
        // logical (row-major) order of its shape.
        let shaped = |delta: Vec<F>| {
            Array::from_shape_vec(net_inputs.raw_dim(), delta)
                .unwrap_or_else(|_| Array::from_elem(net_inputs.raw_dim(), F::nan()))
        };
        match self {
            Loss::CrossEntropy => {
                let (h, t) = (as_rows(net_inputs), as_rows(targets));
                let (value, delta) = categorical_value_and_delta(h.view(), t.view(), true);
                (value, shaped(delta.into_raw_vec_and_offset().0))
            }
            Loss::BinaryCrossEntropy => {
                // The training kernel's formula, the one home of the log-sigmoid form.
                let t: Vec<F> = targets.iter().copied().collect();
                let mut delta: Vec<F> = net_inputs.iter().copied().collect();
                let mut losses = vec![F::zero(); delta.len()];
                crate::kernels::binary_cross_entropy(&mut delta, &mut losses, &t);
                let n = count(delta.len());
                let sum = losses.iter().fold(F::zero(), |sum, &loss| sum + loss);
                delta.iter_mut().for_each(|d| *d /= n);
                (sum / n, shaped(delta))
            }
            Loss::MeanSquaredError => {
                let n = count(net_inputs.len());
                let mut sum = F::zero();
                let delta = Zip::from(net_inputs).and(targets).map_collect(|&h, &t| {
                    let (loss, delta) = squared_error(h, t, activation);
                    sum += loss;
                    delta / n
                });
                (sum / n, delta)
            }
            regression => {
                // ∂L/∂h = ∂L/∂y · f′(h), each residual on its own.
                let n = count(net_inputs.len());
                let mut sum = F::zero();
                let delta = Zip::from(net_inputs).and(targets).map_collect(|&h, &t| {
                    let y = activation.apply(h);
                    let (loss, slope) = regression.residual(y - t);
                    sum += loss;
                    slope * activation.derivative_at(h, y) / n
                });
                (sum / n, delta)
            }
        }
    }

    /// The output activation each loss is computed with from net inputs: binary
    /// cross-entropy in its log-sigmoid form needs a sigmoid, categorical
    /// cross-entropy in its log-softmax form a softmax, and a softmax output
    /// is trained with nothing else.
    pub(crate) fn check_activation(self, activation: Activation) -> Result<()> {
        let needs = match self {
            Loss::BinaryCrossEntropy => Activation::Sigmoid,
            Loss::CrossEntropy => Activation::Softmax,
            regression if regression.is_regression() => {
                return if activation == Activation::Softmax {
                    Err(Error::SoftmaxLoss { loss: self.name() })
                } else {
                    Ok(())
                };
            }
            _ => return Ok(()),
        };
        if activation == needs {
            Ok(())
        } else {
            Err(Error::ActivationMismatch {
                what: self.name(),
                needs,
                found: activation,
            })
        }
    }

    fn check<F, S, T, D>(self, outputs: &ArrayBase<S, D>, targets: &ArrayBase<T, D>) -> Result<()>
    where
        F: Float,
        S: Data<Elem = F>,
        T: Data<Elem = F>,
        D: Dimension,
    {
        if outputs.shape() != targets.shape() {
            return Err(Error::ShapeMismatch {
                what: "outputs and targets",
                left: outputs.shape().to_vec(),
                right: targets.shape().to_vec(),
            });
        }
        if outputs.is_empty() {
            return Err(Error::Empty { what: "the batch" });
        }
        let classes = outputs.shape().last().copied().unwrap_or(1);
        if self.is_categorical() && classes < 2 {
            // One class has probability 1 whatever the model: nothing to learn.
            return Err(Error::InvalidSetting {
                name: "classes (the last axis of the outputs)",
                value: classes as f64,
                requirement: "at least 2 for categorical cross-entropy (for one column of P(class 1), use binary cross-entropy)",
            });
        }
        self.check_targets(targets)
    }

    /// Cross-entropy needs every target in `[0, 1]`, and categorical
    /// cross-entropy rows that sum to 1; NaN is refused by every loss.
    pub(crate) fn check_targets<F, T, D>(self, targets: &ArrayBase<T, D>) -> Result<()>
    where
        F: Float,
        T: Data<Elem = F>,
        D: Dimension,
    {
        self.check_settings()?;
        self.check_target_values(targets)?;
        if self.is_categorical() {
            // Within a few rounding errors per class of 1: smoothed targets such
            // as 0.9 + 0.1/3 need not add up to 1 exactly.
            let rows = as_rows(targets);
            let tolerance = F::epsilon().sqrt().as_f64();
            for (row, t) in rows.rows().into_iter().enumerate() {
                let sum = t.iter().fold(0.0, |s, &t| s + t.as_f64());
                if (sum - 1.0).abs() > tolerance {
                    return Err(Error::TargetRowSum { row, sum });
                }
            }
        }
        Ok(())
    }

    fn check_target_values<F, T, D>(self, targets: &ArrayBase<T, D>) -> Result<()>
    where
        F: Float,
        T: Data<Elem = F>,
        D: Dimension,
    {
        for (index, &t) in targets.indexed_iter() {
            let index = index.into_dimension();
            let row = index.slice().first().copied().unwrap_or(0);
            let column = index.slice().get(1).copied().unwrap_or(0);
            if !t.is_finite() {
                return Err(Error::NonFiniteTarget {
                    row,
                    column,
                    value: t.as_f64(),
                });
            }
            if !self.is_regression() && !(F::zero()..=F::one()).contains(&t) {
                return Err(Error::TargetOutOfRange {
                    row,
                    column,
                    value: t.as_f64(),
                    loss: self.name(),
                });
            }
        }
        Ok(())
    }
}

/// `−1`, `0` or `1` as `r` is negative, zero or positive (PyTorch's
/// `sign`, whose slope the absolute value takes at 0); NaN stays NaN.
fn sign<F: Float>(r: F) -> F {
    if r > F::zero() {
        F::one()
    } else if r < F::zero() {
        -F::one()
    } else {
        r * F::zero()
    }
}

/// The squared error of one output `y = f(h)` and its `∂/∂h = 2(y − t)·f′`,
/// before dividing by the number of elements.
fn squared_error<F: Float>(h: F, t: F, activation: Activation) -> (F, F) {
    let y = activation.apply(h);
    let r = y - t;
    (r * r, F::from_f64(2.0) * r * activation.derivative_at(h, y))
}

/// Any array as rows of its last axis: `(n_samples, n_classes)` (a vector is one row).
fn as_rows<F: Float, S: Data<Elem = F>, D: Dimension>(values: &ArrayBase<S, D>) -> Array2<F> {
    let width = values.shape().last().copied().unwrap_or(1).max(1);
    let rows = values.len() / width;
    let flat: Vec<F> = values.iter().copied().collect();
    Array2::from_shape_vec((rows, width), flat)
        .unwrap_or_else(|_| Array2::from_elem((rows, width), F::nan()))
}

/// Categorical cross-entropy of a batch from its net inputs, and (when asked)
/// `δ = ∂L/∂H`: per sample `ln Σⱼ eʰʲ·Σₖtₖ − Σₖ tₖhₖ`, and `(softmax(h)·Σₖtₖ − t) / n`.
///
/// # Shapes
/// - `net_inputs`, `targets`: `(n_samples, n_classes)`; the δ returned is that
///   shape too (empty when not asked for).
pub(crate) fn categorical_value_and_delta<F: Float>(
    net_inputs: ArrayView2<'_, F>,
    targets: ArrayView2<'_, F>,
    with_delta: bool,
) -> (F, Array2<F>) {
    let n = count::<F>(net_inputs.nrows().max(1));
    let mut sum = F::zero();
    for (h, t) in net_inputs.rows().into_iter().zip(targets.rows()) {
        let lse = log_sum_exp(&h);
        if lse == F::infinity() {
            sum += at_infinity(&h, &t);
            continue;
        }
        let t_sum = t.sum();
        let t_dot_h = h.iter().zip(&t).fold(F::zero(), |s, (&h, &t)| {
            // A class with target 0 adds nothing, even at h = ±∞.
            if t == F::zero() { s } else { s + t * h }
        });
        sum += lse * t_sum - t_dot_h;
    }
    if !with_delta {
        return (sum / n, Array2::zeros((0, 0)));
    }
    let mut delta = net_inputs.to_owned();
    for (mut row, t) in delta.axis_iter_mut(Axis(0)).zip(targets.rows()) {
        softmax_inplace(&mut row);
        let t_sum = t.sum();
        row.zip_mut_with(&t, |d, &t| *d = (*d * t_sum - t) / n);
    }
    (sum / n, delta)
}

/// One sample's cross-entropy where some net inputs are `+∞` (and none NaN):
/// its limit. The softmax gives each of the `k` classes at `+∞` the
/// probability `1/k` and every other class `0`, so the loss is
/// `Σₖ tₖ·ln k` over the classes at `+∞`, `+∞` if any other class has a
/// target above 0 (`ln Σ eʰ − Σ tₖhₖ` itself would be `∞ − ∞`, NaN).
fn at_infinity<F: Float, S: Data<Elem = F>, T: Data<Elem = F>>(
    h: &ArrayBase<S, ndarray::Ix1>,
    t: &ArrayBase<T, ndarray::Ix1>,
) -> F {
    let k = F::from_f64(h.iter().filter(|&&h| h == F::infinity()).count() as f64);
    h.iter().zip(t).fold(F::zero(), |loss, (&h, &t)| {
        if t == F::zero() {
            loss
        } else if h == F::infinity() {
            loss + t * k.ln()
        } else {
            F::infinity()
        }
    })
}

/// `N` as a float, for the mean.
fn count<F: Float>(n: usize) -> F {
    F::from_f64(n as f64)
}

impl fmt::Display for Loss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}
