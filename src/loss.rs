//! Loss functions: how far the outputs `y` are from the targets `t`.

use std::fmt;

use ndarray::{Array, ArrayBase, Data, Dimension, IntoDimension, Zip};

use crate::{Activation, Error, Float, Result};

/// A loss: one number saying how far outputs are from targets, averaged over
/// every element (samples and outputs), as PyTorch's `reduction="mean"` does.
///
/// | variant | per element | PyTorch |
/// |---|---|---|
/// | `MeanSquaredError` | `(y − t)²` | `nn.MSELoss()` |
/// | `BinaryCrossEntropy` | `−t·ln y − (1 − t)·ln(1 − y)` | `nn.BCELoss()`, or `nn.BCEWithLogitsLoss()` from the net input |
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
}

impl Loss {
    /// The loss's name: `"mean squared error"`, `"binary cross-entropy"`.
    ///
    /// ```
    /// assert_eq!(neuron::Loss::BinaryCrossEntropy.name(), "binary cross-entropy");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Loss::MeanSquaredError => "mean squared error",
            Loss::BinaryCrossEntropy => "binary cross-entropy",
        }
    }

    /// The mean loss of outputs `y` against targets `t`.
    ///
    /// For cross-entropy each logarithm is clamped at `−100`, as PyTorch's
    /// `BCELoss` does, so that `y = 0` or `1` gives a large finite loss rather than ∞.
    ///
    /// # Shapes
    /// - `outputs`, `targets`: the same shape, any dimension, e.g. `(n_samples,)`
    ///   or `(n_samples, n_outputs)`
    ///
    /// # Errors
    /// - [`Error::ShapeMismatch`] when the shapes differ;
    /// - [`Error::Empty`] when there are no elements;
    /// - [`Error::TargetOutOfRange`] for cross-entropy with a target outside `[0, 1]`.
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
                    Loss::MeanSquaredError => (y - t) * (y - t),
                    Loss::BinaryCrossEntropy => -(t * ln(y) + (F::one() - t) * ln(F::one() - y)),
                }
            });
        Ok(sum / count(outputs.len()))
    }

    /// The gradient `∂L/∂y` of the mean loss with respect to each output.
    ///
    /// `2(y − t) / N` for the squared error; `(y − t) / (y(1 − y)) / N` for
    /// cross-entropy, with `y(1 − y)` kept ≥ 1e−12 as PyTorch does. `N` is the
    /// number of elements.
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
        let n = count(outputs.len());
        let two = F::from_f64(2.0);
        let tiny = F::from_f64(1e-12);
        Ok(Zip::from(outputs)
            .and(targets)
            .map_collect(|&y, &t| match self {
                Loss::MeanSquaredError => two * (y - t) / n,
                Loss::BinaryCrossEntropy => (y - t) / (y * (F::one() - y)).max(tiny) / n,
            }))
    }

    /// The mean loss computed from the net inputs `h` of the output units, whose
    /// outputs are `y = f(h)`.
    ///
    /// # Shapes
    /// - `net_inputs`, `targets`: the same shape, any dimension
    ///
    /// # Errors
    /// As [`value`](Loss::value), and [`Error::ActivationMismatch`] for
    /// cross-entropy with an activation other than the sigmoid.
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
        let sum = Zip::from(net_inputs)
            .and(targets)
            .fold(F::zero(), |sum, &h, &t| {
                sum + self.element_from_net_input(h, t, activation)
            });
        Ok(sum / count(net_inputs.len()))
    }

    /// The gradient `δ = ∂L/∂h` of the mean loss with respect to each net input:
    /// the error signal that backpropagation sends back through the network.
    ///
    /// `2(y − t)·f′(h) / N` for the squared error (with `f′` from the output `y`);
    /// `(y − t) / N` for cross-entropy with a sigmoid output, where the sigmoid's
    /// slope cancels the logarithm's.
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
        let n = count(net_inputs.len());
        Ok(Zip::from(net_inputs)
            .and(targets)
            .map_collect(|&h, &t| self.element_delta(h, t, activation) / n))
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
        let n = count(net_inputs.len());
        let mut sum = F::zero();
        let delta = Zip::from(net_inputs).and(targets).map_collect(|&h, &t| {
            sum += self.element_from_net_input(h, t, activation);
            self.element_delta(h, t, activation) / n
        });
        (sum / n, delta)
    }

    /// One element's loss from its net input.
    fn element_from_net_input<F: Float>(self, h: F, t: F, activation: Activation) -> F {
        match self {
            Loss::MeanSquaredError => {
                let y = activation.apply(h);
                (y - t) * (y - t)
            }
            // −t·ln σ(h) − (1 − t)·ln(1 − σ(h)) = max(h, 0) − t·h + ln(1 + e^{−|h|})
            Loss::BinaryCrossEntropy => h.max(F::zero()) - t * h + (-h.abs()).exp().ln_1p(),
        }
    }

    /// One element's `∂(loss)/∂h`, before dividing by the number of elements.
    fn element_delta<F: Float>(self, h: F, t: F, activation: Activation) -> F {
        let y = activation.apply(h);
        match self {
            Loss::MeanSquaredError => {
                F::from_f64(2.0) * (y - t) * activation.derivative_from_output(y)
            }
            Loss::BinaryCrossEntropy => y - t,
        }
    }

    /// Cross-entropy from net inputs is the log-sigmoid form: it needs a sigmoid.
    pub(crate) fn check_activation(self, activation: Activation) -> Result<()> {
        match self {
            Loss::BinaryCrossEntropy if activation != Activation::Sigmoid => {
                Err(Error::ActivationMismatch {
                    what: self.name(),
                    needs: Activation::Sigmoid,
                    found: activation,
                })
            }
            _ => Ok(()),
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
        self.check_targets(targets)
    }

    /// Cross-entropy needs every target in `[0, 1]`; NaN is refused by every loss.
    pub(crate) fn check_targets<F, T, D>(self, targets: &ArrayBase<T, D>) -> Result<()>
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
            if self == Loss::BinaryCrossEntropy && !(F::zero()..=F::one()).contains(&t) {
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

/// `N` as a float, for the mean.
fn count<F: Float>(n: usize) -> F {
    F::from_f64(n as f64)
}

impl fmt::Display for Loss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}
