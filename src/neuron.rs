//! `Neuron`: the lecture's artificial neuron, `h = Σ xᵢwᵢ + b`, `y = f(h)`.

use std::fmt;

use ndarray::{Array1, ArrayBase, ArrayViewMut1, Data, Ix1, Ix2};
use rand::Rng;

use crate::kernels;
use crate::{Activation, Error, Explanation, Float, Init, Result};

/// A single artificial neuron: `y = f(x · w + b)`.
///
/// It holds one weight per input, a bias `b` (`0` unless set) and an activation
/// function `f` ([`Activation::Sigmoid`] unless set). The lecture's neuron has
/// no bias:
///
/// ```
/// use neuron::Neuron;
/// use neuron::ndarray::array;
///
/// let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
/// let y: f64 = neuron.activate(&array![0.5, 0.3, 0.2])?;
/// assert!((y - 0.610639233949222).abs() < 1e-12); // σ(0.45) ≈ 0.61
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Neuron<F> {
    weights: Array1<F>,
    bias: F,
    activation: Activation,
}

impl<F: Float> Neuron<F> {
    /// A sigmoid neuron with these weights and no bias, as in the lecture.
    ///
    /// The weights are taken as given; [`Neuron::try_new`] refuses NaN and infinity.
    ///
    /// # Shapes
    /// - `weights`: `(n_inputs,)`, one per input
    ///
    /// ```
    /// use neuron::{Activation, Neuron};
    /// use neuron::ndarray::array;
    ///
    /// let neuron = Neuron::new(array![0.4_f32, 0.7, 0.2]);
    /// assert_eq!(neuron.n_inputs(), 3);
    /// assert_eq!(neuron.bias(), 0.0);
    /// assert_eq!(neuron.activation(), Activation::Sigmoid);
    /// ```
    pub fn new(weights: Array1<F>) -> Self {
        Neuron {
            weights,
            bias: F::zero(),
            activation: Activation::default(),
        }
    }

    /// Like [`Neuron::new`], but refuses weights that are NaN or infinite, and
    /// a neuron of no inputs (which computes nothing from its inputs).
    ///
    /// # Errors
    /// - [`Error::NonFiniteWeight`] naming the first weight that is not finite;
    /// - [`Error::EmptyModel`] for no weights.
    ///
    /// ```
    /// use neuron::{Error, Neuron};
    /// use neuron::ndarray::array;
    ///
    /// let err = Neuron::try_new(array![0.4, f64::NAN]).unwrap_err();
    /// assert_eq!(err.to_string(), "weight 1 is NaN, but weights must be finite");
    /// ```
    pub fn try_new(weights: Array1<F>) -> Result<Self> {
        if weights.is_empty() {
            return Err(Error::EmptyModel {
                model: "neuron",
                inputs: 0,
                outputs: 1,
            });
        }
        check_finite_weights(&weights)?;
        Ok(Neuron::new(weights))
    }

    /// A sigmoid neuron with `n_inputs` weights drawn by `init` from `rng`, and no bias.
    ///
    /// The same seed gives the same neuron on every machine.
    ///
    /// # Errors
    /// - [`Error::InvalidRange`] for an [`Init::Uniform`] range that is empty or not finite;
    /// - [`Error::EmptyModel`] for `n_inputs = 0`;
    /// - [`Error::Allocation`] for more weights than memory holds.
    ///
    /// ```
    /// use neuron::{Init, Neuron};
    /// use neuron::rand::{SeedableRng, rngs::StdRng};
    ///
    /// let mut rng = StdRng::seed_from_u64(7);
    /// let neuron: Neuron<f64> = Neuron::random(3, Init::Uniform { low: -0.5, high: 0.5 }, &mut rng)?;
    /// assert_eq!(neuron.n_inputs(), 3);
    /// assert!(neuron.weights().iter().all(|w| (-0.5..0.5).contains(w)));
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn random<R: Rng + ?Sized>(n_inputs: usize, init: Init, rng: &mut R) -> Result<Self> {
        let weights = init.weights::<F, R>(n_inputs, 1, rng)?;
        Neuron::try_new(
            weights
                .into_shape_with_order(n_inputs)
                .map_err(|_| Error::Allocation {
                    what: "the weights",
                    rows: n_inputs,
                    columns: 1,
                    reason: "the size overflows",
                })?,
        )
    }

    /// The same neuron with bias `b`, so that `h = Σ xᵢwᵢ + b`.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    ///
    /// let neuron = Neuron::new(array![1.0, 1.0]).with_bias(-1.5);
    /// assert_eq!(neuron.net_input_one(&array![1.0, 1.0])?, 0.5);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn with_bias(mut self, bias: F) -> Self {
        self.bias = bias;
        self
    }

    /// The same neuron with activation `f`.
    ///
    /// A neuron is one unit, so [`Activation::Softmax`] (which shares probability
    /// between several units) cannot work here: `forward`, `activate`, `predict`
    /// and `explain` of such a neuron return [`Error::SoftmaxUnits`]. Use a
    /// [`Dense`](crate::Dense) layer of two or more units for a softmax.
    ///
    /// ```
    /// use neuron::{Activation, Neuron};
    /// use neuron::ndarray::array;
    ///
    /// let and_gate = Neuron::new(array![1.0, 1.0]).with_bias(-1.5).with_activation(Activation::Step);
    /// assert_eq!(and_gate.activate(&array![1.0, 1.0])?, 1.0);
    /// assert_eq!(and_gate.activate(&array![1.0, 0.0])?, 0.0);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn with_activation(mut self, activation: Activation) -> Self {
        self.activation = activation;
        self
    }

    /// The weights `w`, one per input.
    ///
    /// # Shapes
    /// - returns: `(n_inputs,)`
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    ///
    /// assert_eq!(Neuron::new(array![0.4, 0.7]).weights(), &array![0.4, 0.7]);
    /// ```
    pub fn weights(&self) -> &Array1<F> {
        &self.weights
    }

    /// The bias `b`.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    ///
    /// assert_eq!(Neuron::new(array![0.4]).with_bias(0.1).bias(), 0.1);
    /// ```
    pub fn bias(&self) -> F {
        self.bias
    }

    /// The activation function `f`.
    ///
    /// ```
    /// use neuron::{Activation, Neuron};
    /// use neuron::ndarray::array;
    ///
    /// assert_eq!(Neuron::new(array![0.4]).activation(), Activation::Sigmoid);
    /// ```
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// The number of inputs, which is the number of weights.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    ///
    /// assert_eq!(Neuron::new(array![0.4, 0.7, 0.2]).n_inputs(), 3);
    /// ```
    pub fn n_inputs(&self) -> usize {
        self.weights.len()
    }

    /// Replaces the weights, keeping the number of inputs.
    ///
    /// # Errors
    /// - [`Error::WeightCountMismatch`] when `weights` has a different length than
    ///   the neuron has inputs;
    /// - [`Error::NonFiniteWeight`] when a weight is NaN or infinite.
    ///
    /// On error the neuron is left unchanged.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    ///
    /// let mut neuron = Neuron::new(array![0.0, 0.0]);
    /// neuron.set_weights(array![0.4, 0.7])?;
    /// assert_eq!(neuron.weights(), &array![0.4, 0.7]);
    /// assert!(neuron.set_weights(array![1.0]).is_err());
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn set_weights(&mut self, weights: Array1<F>) -> Result<()> {
        if weights.len() != self.n_inputs() {
            return Err(Error::WeightCountMismatch {
                found: weights.len(),
                expected: self.n_inputs(),
            });
        }
        check_finite_weights(&weights)?;
        self.weights = weights;
        Ok(())
    }

    /// Replaces the bias.
    ///
    /// # Errors
    /// [`Error::NonFiniteBias`] when `bias` is NaN or infinite; the neuron is left unchanged.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    ///
    /// let mut neuron = Neuron::new(array![0.4]);
    /// neuron.set_bias(0.25)?;
    /// assert_eq!(neuron.bias(), 0.25);
    /// assert!(neuron.set_bias(f64::INFINITY).is_err());
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn set_bias(&mut self, bias: F) -> Result<()> {
        if !bias.is_finite() {
            return Err(Error::NonFiniteBias {
                value: bias.as_f64(),
            });
        }
        self.bias = bias;
        Ok(())
    }

    /// The net input `h = Σ xᵢwᵢ + b` of every sample in a batch, before the activation.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_inputs)`, any memory layout
    /// - returns: `(n_samples,)`
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`] when `inputs` has a different number of columns
    /// than the neuron has weights.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::{Array1, array};
    ///
    /// let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
    /// let h: Array1<f64> = neuron.net_input(&array![[0.5, 0.3, 0.2], [1.0, 0.0, 0.0]])?;
    /// assert!((h[0] - 0.45).abs() < 1e-15); // 0.5·0.4 + 0.3·0.7 + 0.2·0.2
    /// assert_eq!(h[1], 0.4);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn net_input<S: Data<Elem = F>>(&self, inputs: &ArrayBase<S, Ix2>) -> Result<Array1<F>> {
        self.check_features(inputs.ncols())?;
        let net_input =
            kernels::new_neuron_rows(inputs.view(), self.weights.view(), self.bias, None);
        Ok(Array1::from(net_input))
    }

    /// The net input `h = Σ xᵢwᵢ + b` of one sample.
    ///
    /// # Shapes
    /// - `input`: `(n_inputs,)`, any memory layout
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`] when `input` has a different length than the
    /// neuron has weights.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    ///
    /// let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
    /// let h: f64 = neuron.net_input_one(&array![0.5, 0.3, 0.2])?;
    /// assert!((h - 0.45).abs() < 1e-15);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn net_input_one<S: Data<Elem = F>>(&self, input: &ArrayBase<S, Ix1>) -> Result<F> {
        self.check_features(input.len())?;
        Ok(kernels::dot(input.view(), self.weights.view()) + self.bias)
    }

    /// The output `y = f(Σ xᵢwᵢ + b)` of every sample in a batch: a matrix-vector
    /// product, then the activation elementwise.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_inputs)`, any memory layout (C or Fortran order,
    ///   transposed, sliced or stepped views all give the same result)
    /// - returns: `(n_samples,)`, one output per row
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`] when `inputs` has a different number of columns
    /// than the neuron has weights.
    ///
    /// # Speed
    /// Each call allocates its `n_samples` outputs. The first time a program
    /// touches that memory, the system maps and zeroes its pages: on a
    /// 1 000 000 × 3 batch that made a call about twice as long as the same
    /// call in a loop (BENCHMARKS.md, "Cold calls"). A loop over batches can
    /// allocate one buffer and pass it to [`forward_into`](Neuron::forward_into),
    /// which allocates nothing and costs the same on its first call as on later ones.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::{Array1, array};
    ///
    /// let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
    /// let x = array![[0.5, 0.3, 0.2], [0.0, 0.0, 0.0]];
    /// let y: Array1<f64> = neuron.forward(&x.view())?;
    /// assert!((y[0] - 0.610639233949222).abs() < 1e-12);
    /// assert_eq!(y[1], 0.5); // σ(0)
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn forward<S: Data<Elem = F>>(&self, inputs: &ArrayBase<S, Ix2>) -> Result<Array1<F>> {
        self.check_features(inputs.ncols())?;
        let activation = Some(self.elementwise_activation()?);
        let outputs =
            kernels::new_neuron_rows(inputs.view(), self.weights.view(), self.bias, activation);
        Ok(Array1::from(outputs))
    }

    /// [`forward`](Neuron::forward) into a buffer the caller owns: no allocation
    /// when `outputs` is contiguous, so a loop over batches can reuse one buffer,
    /// and the first call does not wait for fresh memory pages (see
    /// [`forward`](Neuron::forward)'s "Speed").
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::{Array1, Array2};
    ///
    /// let neuron = Neuron::new(Array1::from(vec![0.4, 0.7, 0.2]));
    /// let mut y = Array1::zeros(1000); // allocated once
    /// for batch in 0..3 {
    ///     let x = Array2::from_elem((1000, 3), batch as f64 / 10.0);
    ///     neuron.forward_into(&x, &mut y)?; // no allocation here
    ///     assert!(y.iter().all(|&v| v >= 0.5));
    /// }
    /// # Ok::<(), neuron::Error>(())
    /// ```
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_inputs)`, any memory layout
    /// - `outputs`: `(n_samples,)`
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`] for inputs of the wrong width;
    /// [`Error::LengthMismatch`] when `outputs` does not have one entry per row.
    /// On error `outputs` is left unchanged.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::{Array1, array};
    ///
    /// let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
    /// let mut y = Array1::zeros(2);
    /// neuron.forward_into(&array![[0.5, 0.3, 0.2], [0.0, 0.0, 0.0]], &mut y)?;
    /// assert!((y[0] - 0.610639233949222_f64).abs() < 1e-12 && y[1] == 0.5);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn forward_into<S, T>(
        &self,
        inputs: &ArrayBase<S, Ix2>,
        outputs: &mut ArrayBase<T, Ix1>,
    ) -> Result<()>
    where
        S: Data<Elem = F>,
        T: ndarray::DataMut<Elem = F>,
    {
        self.check_features(inputs.ncols())?;
        if outputs.len() != inputs.nrows() {
            return Err(Error::LengthMismatch {
                what: "rows of the inputs and the output buffer",
                left: inputs.nrows(),
                right: outputs.len(),
            });
        }
        let activation = Some(self.elementwise_activation()?);
        match outputs.as_slice_mut() {
            Some(slice) => kernels::neuron_rows(
                inputs.view(),
                self.weights.view(),
                self.bias,
                activation,
                slice,
            ),
            None => outputs.assign(&self.forward(inputs)?),
        }
        Ok(())
    }

    /// The output `y = f(Σ xᵢwᵢ + b)` of one sample; equal to the row's entry in
    /// [`forward`](Neuron::forward).
    ///
    /// # Shapes
    /// - `input`: `(n_inputs,)`, an `Array1` or any view
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`] when `input` has a different length than the
    /// neuron has weights.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    ///
    /// let neuron = Neuron::new(array![0.4_f32, 0.7, 0.2]);
    /// let y = neuron.activate(&array![0.5, 0.3, 0.2])?;
    /// assert!((y - 0.61064).abs() < 1e-5);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn activate<S: Data<Elem = F>>(&self, input: &ArrayBase<S, Ix1>) -> Result<F> {
        let activation = self.elementwise_activation()?;
        Ok(activation.apply(self.net_input_one(input)?))
    }

    /// The outputs read as probabilities of class 1: [`forward`](Neuron::forward)
    /// of a sigmoid neuron, as scikit-learn's `predict_proba(X)[:, 1]`.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_inputs)`; returns `(n_samples,)`
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`] for inputs of the wrong width;
    /// [`Error::ActivationMismatch`] unless the activation is the sigmoid, whose
    /// outputs are the only ones that are probabilities.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    ///
    /// let p = Neuron::new(array![2.0]).predict_proba(&array![[0.0], [100.0]])?;
    /// assert_eq!(p, array![0.5, 1.0]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn predict_proba<S: Data<Elem = F>>(
        &self,
        inputs: &ArrayBase<S, Ix2>,
    ) -> Result<Array1<F>> {
        if self.activation != Activation::Sigmoid {
            return Err(Error::ActivationMismatch {
                what: "predict_proba",
                needs: Activation::Sigmoid,
                found: self.activation,
            });
        }
        self.forward(inputs)
    }

    /// Class labels, `0` or `1`: `1` where the output reaches the middle of the
    /// activation's range (`0.5` for sigmoid, step, identity and ReLU; `0` for tanh).
    /// For a sigmoid neuron that is `h ≥ 0`, i.e. probability ≥ 0.5.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_inputs)`; returns `(n_samples,)`
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`] for inputs of the wrong width.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    ///
    /// let labels = Neuron::new(array![1.0, -1.0]).predict(&array![[2.0, 1.0], [0.0, 3.0]])?;
    /// assert_eq!(labels, array![1.0, 0.0]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn predict<S: Data<Elem = F>>(&self, inputs: &ArrayBase<S, Ix2>) -> Result<Array1<F>> {
        let threshold = self.elementwise_activation()?.decision_threshold();
        self.predict_with_threshold(inputs, F::from_f64(threshold.unwrap_or(0.5)))
    }

    /// Class labels, `0` or `1`: `1` where the output is ≥ `threshold`.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_inputs)`; returns `(n_samples,)`
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`] for inputs of the wrong width;
    /// [`Error::InvalidSetting`] for a threshold that is NaN or infinite;
    /// [`Error::NanOutput`] for a sample whose output is NaN (a NaN input).
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    ///
    /// let neuron = Neuron::new(array![1.0]); // σ(0.5) ≈ 0.62, σ(1.5) ≈ 0.82
    /// assert_eq!(neuron.predict_with_threshold(&array![[0.5], [1.5]], 0.8)?, array![0.0, 1.0]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn predict_with_threshold<S: Data<Elem = F>>(
        &self,
        inputs: &ArrayBase<S, Ix2>,
        threshold: F,
    ) -> Result<Array1<F>> {
        if !threshold.is_finite() {
            return Err(Error::InvalidSetting {
                name: "threshold",
                value: threshold.as_f64(),
                requirement: "finite",
            });
        }
        let outputs = self.forward(inputs)?;
        crate::labels::check_predictable(&outputs.view().insert_axis(ndarray::Axis(1)))?;
        Ok(outputs.mapv(|y| if y >= threshold { F::one() } else { F::zero() }))
    }

    /// The computation for one sample, step by step, as the lecture writes it.
    ///
    /// The result prints as `h = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45` and
    /// `y = sigmoid(0.45) = 0.6106`, and its terms and values can be read as data.
    ///
    /// # Shapes
    /// - `input`: `(n_inputs,)`
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`] when `input` has a different length than the
    /// neuron has weights.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    ///
    /// let steps = Neuron::new(array![0.4, 0.7, 0.2]).explain(&array![0.5, 0.3, 0.2])?;
    /// assert_eq!(
    ///     format!("{steps:.2}"),
    ///     "h = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45\ny = sigmoid(0.45) = 0.61"
    /// );
    /// let y: f64 = steps.output();
    /// assert!((y - 0.610639233949222).abs() < 1e-12);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn explain<S: Data<Elem = F>>(&self, input: &ArrayBase<S, Ix1>) -> Result<Explanation<F>> {
        self.elementwise_activation()?;
        let net_input = self.net_input_one(input)?;
        Ok(Explanation::new(
            input.iter().copied().zip(self.weights.iter().copied()),
            self.bias,
            net_input,
            self.activation,
        ))
    }

    /// The bias by reference, for viewing it as a one-element parameter array.
    pub(crate) fn bias_ref(&self) -> &F {
        &self.bias
    }

    /// Weights and bias, writable, for a trainer.
    pub(crate) fn parameters_mut_parts(&mut self) -> (ArrayViewMut1<'_, F>, &mut F) {
        (self.weights.view_mut(), &mut self.bias)
    }

    fn check_features(&self, found: usize) -> Result<()> {
        crate::error::check_features(found, self.n_inputs(), "neuron")
    }

    /// The activation, which must be elementwise: a neuron is one unit, and a
    /// softmax needs a row of several.
    fn elementwise_activation(&self) -> Result<Activation> {
        if self.activation.is_elementwise() {
            Ok(self.activation)
        } else {
            Err(Error::SoftmaxUnits {
                model: "neuron",
                units: 1,
            })
        }
    }
}

fn check_finite_weights<F: Float>(weights: &Array1<F>) -> Result<()> {
    match weights.iter().enumerate().find(|(_, w)| !w.is_finite()) {
        None => Ok(()),
        Some((index, w)) => Err(Error::NonFiniteWeight {
            index,
            value: w.as_f64(),
        }),
    }
}

impl<F: Float> fmt::Display for Neuron<F> {
    /// `Neuron(3 inputs, sigmoid)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = if self.n_inputs() == 1 { "" } else { "s" };
        write!(
            f,
            "Neuron({} input{plural}, {})",
            self.n_inputs(),
            self.activation
        )
    }
}

impl<F: Float> approx::AbsDiffEq for Neuron<F> {
    type Epsilon = F;

    fn default_epsilon() -> F {
        F::default_epsilon()
    }

    /// Same activation, and weights and bias each within `epsilon`.
    fn abs_diff_eq(&self, other: &Self, epsilon: F) -> bool {
        self.activation == other.activation
            && self.bias.abs_diff_eq(&other.bias, epsilon)
            && self.weights.abs_diff_eq(&other.weights, epsilon)
    }
}

impl<F: Float> approx::RelativeEq for Neuron<F> {
    fn default_max_relative() -> F {
        F::default_max_relative()
    }

    /// Same activation, and weights and bias each within a relative `max_relative`.
    fn relative_eq(&self, other: &Self, epsilon: F, max_relative: F) -> bool {
        self.activation == other.activation
            && self.bias.relative_eq(&other.bias, epsilon, max_relative)
            && self
                .weights
                .relative_eq(&other.weights, epsilon, max_relative)
    }
}
