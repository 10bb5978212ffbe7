//! `Dense`: a layer of neurons that all read the same inputs: `Y = f(X·W + b)`.

use std::fmt;

use ndarray::{Array1, Array2, ArrayBase, Axis, Data, Ix1, Ix2};
use rand::Rng;

use crate::kernels;

mod layer;
use crate::{Activation, Error, Float, Init, Neuron, Result};

/// A dense (fully connected) layer: many neurons reading the same inputs.
///
/// Unit `j` is a [`Neuron`] whose weights are column `j` of the weight matrix
/// and whose bias is `b[j]`; all units share one activation. For a batch `X`,
///
/// ```text
/// H = X·W + b        Y = f(H)
/// ```
///
/// A one-unit layer computes exactly its neuron's arithmetic, so the two agree
/// bit for bit. A wider layer computes `X·W` as one matrix product on packed,
/// register-tiled kernels (many times faster than a neuron at a time), which
/// sums each unit's terms in another order: unit `j` then agrees with neuron
/// `j` to within the rounding bound of any summation order,
/// `|ĥ − h| ≤ γ_d·(Σₖ|xₖ·wₖⱼ| + |bⱼ|)` with `γ_d = d·u / (1 − d·u)` and `u` the
/// unit roundoff (`2⁻⁵³` in `f64`): in practice a few ulp of the largest term.
/// The outputs do not depend on the inputs' memory layout or on the number of
/// threads.
///
/// ```
/// use neuron::{Activation, Dense};
/// use neuron::ndarray::array;
///
/// // Two units over three inputs: the lecture's neuron, and one that sums.
/// let layer = Dense::new(
///     array![[0.4, 1.0], [0.7, 1.0], [0.2, 1.0]],
///     array![0.0, -1.0],
///     Activation::Sigmoid,
/// )?;
/// let y = layer.forward(&array![[0.5, 0.3, 0.2]])?;
/// assert!((y[[0, 0]] - 0.610639233949222_f64).abs() < 1e-12); // σ(0.45)
/// assert_eq!(y[[0, 1]], 0.5); // σ(1.0 − 1.0)
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Dense<F> {
    weights: Array2<F>,
    bias: Array1<F>,
    activation: Activation,
    /// The fraction of this layer's outputs that training drops (inverted
    /// dropout); `0` for none. Has no effect outside training.
    dropout: f64,
}

impl<F: Float> Dense<F> {
    /// A layer with these weights (one column per unit), biases and activation.
    ///
    /// # Shapes
    /// - `weights`: `(n_inputs, n_units)`; `bias`: `(n_units,)`
    ///
    /// With [`Activation::Softmax`] the layer is a softmax output over its
    /// units (Keras's `Dense(k, activation="softmax")`): each sample's row of
    /// outputs holds the probabilities of `k` classes.
    ///
    /// # Errors
    /// - [`Error::BiasLengthMismatch`] when `bias` has a different length than
    ///   `weights` has columns;
    /// - [`Error::SoftmaxUnits`] for a softmax over fewer than 2 units;
    /// - [`Error::EmptyModel`] for no inputs or no units.
    ///
    /// ```
    /// use neuron::{Activation, Dense};
    /// use neuron::ndarray::{Array1, Array2};
    ///
    /// let err = Dense::<f64>::new(Array2::zeros((3, 4)), Array1::zeros(2), Activation::Tanh).unwrap_err();
    /// assert_eq!(err.to_string(), "the bias has 2 entries, but the weights have 4 columns (one per unit)");
    ///
    /// // Three classes: zero weights give each the probability 1/3.
    /// let softmax = Dense::<f64>::new(Array2::zeros((4, 3)), Array1::zeros(3), Activation::Softmax)?;
    /// let p = softmax.forward(&Array2::ones((1, 4)))?;
    /// assert!(p.iter().all(|&p| (p - 1.0 / 3.0).abs() < 1e-15));
    /// assert!(Dense::<f64>::new(Array2::zeros((4, 1)), Array1::zeros(1), Activation::Softmax).is_err());
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn new(weights: Array2<F>, bias: Array1<F>, activation: Activation) -> Result<Self> {
        if bias.len() != weights.ncols() {
            return Err(Error::BiasLengthMismatch {
                found: bias.len(),
                expected: weights.ncols(),
            });
        }
        if weights.is_empty() {
            return Err(Error::EmptyModel {
                model: "layer",
                inputs: weights.nrows(),
                outputs: weights.ncols(),
            });
        }
        activation.check_units(weights.ncols(), "layer")?;
        Ok(Dense {
            weights,
            bias,
            activation,
            dropout: 0.0,
        })
    }

    /// The same layer with dropout: while training, each of its outputs is
    /// set to 0 with probability `rate`, and the others are divided by
    /// `1 − rate` so that their expected value is unchanged ("inverted
    /// dropout", as PyTorch's `nn.Dropout(p=rate)` after the layer). Outside
    /// training (`forward`, `predict`) dropout does nothing. The draws come
    /// from a generator seeded by [`GradientDescent::seed`](crate::GradientDescent::seed).
    ///
    /// Dropout thins a hidden layer's outputs before the next layer reads
    /// them; on a network's output layer it is an error at training time.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for a rate outside `[0, 1)`.
    ///
    /// ```
    /// use neuron::{Activation, Dense, Init};
    /// use neuron::rand::{SeedableRng, rngs::StdRng};
    ///
    /// let layer: Dense<f64> = Dense::random(64, 32, Activation::Relu, Init::HeNormal, &mut StdRng::seed_from_u64(0))?
    ///     .with_dropout(0.2)?;
    /// assert_eq!(layer.dropout(), 0.2);
    /// assert_eq!(layer.to_string(), "Dense(64 → 32, relu, dropout 0.2)");
    /// assert!(layer.clone().with_dropout(1.0).is_err());
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn with_dropout(mut self, rate: f64) -> Result<Self> {
        if !(0.0..1.0).contains(&rate) {
            return Err(Error::InvalidSetting {
                name: "dropout",
                value: rate,
                requirement: "in [0, 1)",
            });
        }
        self.dropout = rate;
        Ok(self)
    }

    /// The dropout rate used while training; `0` for none.
    pub fn dropout(&self) -> f64 {
        self.dropout
    }

    /// A layer of `n_units` neurons over `n_inputs` inputs, weights drawn by
    /// `init` from `rng`, biases `0`.
    ///
    /// # Errors
    /// - [`Error::InvalidRange`] for an [`Init::Uniform`] range that is empty or not finite;
    /// - [`Error::Allocation`] for more weights than memory holds (`usize::MAX` inputs);
    /// - [`Error::EmptyModel`] for no inputs or no units; as [`Dense::new`] otherwise.
    ///
    /// ```
    /// use neuron::{Activation, Dense, Init};
    /// use neuron::rand::{SeedableRng, rngs::StdRng};
    ///
    /// let layer: Dense<f32> = Dense::random(3, 4, Activation::Relu, Init::HeNormal, &mut StdRng::seed_from_u64(1))?;
    /// assert_eq!((layer.n_inputs(), layer.n_units()), (3, 4));
    /// assert_eq!(layer.weights().dim(), (3, 4));
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn random<R: Rng + ?Sized>(
        n_inputs: usize,
        n_units: usize,
        activation: Activation,
        init: Init,
        rng: &mut R,
    ) -> Result<Self> {
        let weights = init.weights::<F, R>(n_inputs, n_units, rng)?;
        let bias = crate::alloc::zeros_vector("the biases of a layer", n_units)?;
        Dense::new(weights, bias, activation)
    }

    /// The weights, one column per unit.
    ///
    /// # Shapes
    /// - returns: `(n_inputs, n_units)`
    ///
    /// ```
    /// use neuron::{Activation, Dense};
    /// use neuron::ndarray::array;
    ///
    /// let layer = Dense::new(array![[0.1, 0.2], [0.3, 0.4]], array![0.0, 1.0], Activation::Tanh)?;
    /// assert_eq!(layer.weights().column(1), array![0.2, 0.4]);
    /// assert_eq!(layer.bias(), &array![0.0, 1.0]);
    /// assert_eq!((layer.n_inputs(), layer.n_units(), layer.activation()), (2, 2, Activation::Tanh));
    /// assert_eq!(layer.to_string(), "Dense(2 → 2, tanh)");
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn weights(&self) -> &Array2<F> {
        &self.weights
    }

    /// The biases, one per unit.
    ///
    /// # Shapes
    /// - returns: `(n_units,)`
    pub fn bias(&self) -> &Array1<F> {
        &self.bias
    }

    /// The activation every unit applies.
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// Inputs per sample: rows of the weights.
    pub fn n_inputs(&self) -> usize {
        self.weights.nrows()
    }

    /// Units (neurons), which is outputs per sample: columns of the weights.
    pub fn n_units(&self) -> usize {
        self.weights.ncols()
    }

    /// Unit `j` as a [`Neuron`], or `None` if there is no such unit.
    ///
    /// ```
    /// use neuron::{Activation, Dense};
    /// use neuron::ndarray::array;
    ///
    /// let layer = Dense::new(array![[0.4, 1.0], [0.7, 2.0]], array![0.1, 0.2], Activation::Tanh)?;
    /// let second = layer.neuron(1).unwrap();
    /// assert_eq!(second.weights(), &array![1.0, 2.0]);
    /// assert_eq!(second.bias(), 0.2);
    /// assert!(layer.neuron(2).is_none());
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn neuron(&self, j: usize) -> Option<Neuron<F>> {
        let bias = *self.bias.get(j)?;
        Some(
            Neuron::new(self.weights.column(j).to_owned())
                .with_bias(bias)
                .with_activation(self.activation),
        )
    }

    /// The net inputs `H = X·W + b` of every unit for every sample.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_inputs)`, any memory layout
    /// - returns: `(n_samples, n_units)`
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`] when `inputs` has a different number of columns
    /// than the layer has inputs.
    ///
    /// ```
    /// use neuron::{Activation, Dense};
    /// use neuron::ndarray::array;
    ///
    /// // Unit 0 sums its inputs, unit 1 takes their difference, plus the biases.
    /// let layer = Dense::new(array![[1.0, 1.0], [1.0, -1.0]], array![0.5, 0.0], Activation::Sigmoid)?;
    /// assert_eq!(layer.net_input(&array![[2.0, 3.0]])?, array![[5.5, -1.0]]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn net_input<S: Data<Elem = F>>(&self, inputs: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        self.check_features(inputs.ncols())?;
        self.rows(inputs, None)
    }

    /// The outputs `Y = f(X·W + b)` of every unit for every sample.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_inputs)`, any memory layout
    /// - returns: `(n_samples, n_units)`
    ///
    /// An elementwise activation is applied to every value; the softmax to
    /// each sample's row of units, which then sums to 1.
    ///
    /// # Errors
    /// - [`Error::FeatureMismatch`] when `inputs` has a different number of columns
    ///   than the layer has inputs;
    /// - [`Error::SoftmaxUnits`] for a softmax layer of one unit (made from a
    ///   [`Neuron`] with a softmax).
    ///
    /// ```
    /// use neuron::{Activation, Dense};
    /// use neuron::ndarray::array;
    ///
    /// let layer = Dense::new(array![[1.0, -1.0]], array![0.0, 0.0], Activation::Relu)?;
    /// assert_eq!(layer.forward(&array![[2.0], [-3.0]])?, array![[2.0, 0.0], [0.0, 3.0]]);
    ///
    /// // The same net inputs through a softmax: [2, −2] → [e²/(e² + e⁻²), …].
    /// let softmax = Dense::new(array![[1.0, -1.0]], array![0.0, 0.0], Activation::Softmax)?;
    /// let p = softmax.forward(&array![[2.0]])?;
    /// assert!((p[[0, 0]] - 0.9820137900379085_f64).abs() < 1e-15); // 1 / (1 + e⁻⁴)
    /// assert!((p.sum() - 1.0).abs() < 1e-15);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn forward<S: Data<Elem = F>>(&self, inputs: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        self.check_features(inputs.ncols())?;
        self.activation.check_units(self.n_units(), "layer")?;
        if self.activation.is_elementwise() {
            self.rows(inputs, Some(self.activation))
        } else {
            let mut outputs = self.rows(inputs, None)?;
            self.activation.apply_inplace(&mut outputs);
            Ok(outputs)
        }
    }

    fn check_features(&self, found: usize) -> Result<()> {
        crate::error::check_features(found, self.n_inputs(), "layer")
    }

    /// Many neurons at once: one matrix product per chunk of rows (a one-unit
    /// layer: its neuron's own kernel).
    fn rows<S: Data<Elem = F>>(
        &self,
        inputs: &ArrayBase<S, Ix2>,
        activation: Option<Activation>,
    ) -> Result<Array2<F>> {
        let shape = (inputs.nrows(), self.n_units());
        let values = kernels::new_dense_rows(
            inputs.view(),
            self.weights.view(),
            self.bias.view(),
            activation,
        );
        // `values` has exactly `n × units` values, row-major, so this cannot fail.
        let found = values.len();
        Array2::from_shape_vec(shape, values).map_err(|_| Error::ShapeMismatch {
            what: "layer outputs and their buffer",
            left: vec![shape.0, shape.1],
            right: vec![found],
        })
    }

    /// The outputs of every unit for one sample; equal to that row of [`forward`](Dense::forward).
    ///
    /// # Shapes
    /// - `input`: `(n_inputs,)`; returns `(n_units,)`
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`] when `input` has a different length than the
    /// layer has inputs.
    ///
    /// ```
    /// use neuron::{Activation, Dense};
    /// use neuron::ndarray::array;
    ///
    /// let layer = Dense::new(array![[1.0, -1.0]], array![0.0, 0.5], Activation::Identity)?;
    /// assert_eq!(layer.activate(&array![2.0])?, array![2.0, -1.5]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn activate<S: Data<Elem = F>>(&self, input: &ArrayBase<S, Ix1>) -> Result<Array1<F>> {
        let batch = input.view().insert_axis(Axis(0));
        Ok(self.forward(&batch)?.index_axis_move(Axis(0), 0))
    }
}

impl<F: Float> From<Neuron<F>> for Dense<F> {
    /// A neuron is a one-unit layer: its weights become the single column.
    ///
    /// ```
    /// use neuron::{Dense, Neuron};
    /// use neuron::ndarray::array;
    ///
    /// let neuron = Neuron::new(array![0.4, 0.7, 0.2]).with_bias(0.1);
    /// let layer = Dense::from(neuron.clone());
    /// let x = array![[0.5, 0.3, 0.2], [1.0, 2.0, 3.0]];
    /// assert_eq!(layer.forward(&x)?.column(0), neuron.forward(&x)?);
    /// assert_eq!(layer.neuron(0), Some(neuron));
    /// # Ok::<(), neuron::Error>(())
    /// ```
    fn from(neuron: Neuron<F>) -> Self {
        Dense {
            weights: neuron.weights().view().insert_axis(Axis(1)).to_owned(),
            bias: Array1::from_elem(1, neuron.bias()),
            activation: neuron.activation(),
            dropout: 0.0,
        }
    }
}

impl<F: Float> fmt::Display for Dense<F> {
    /// `Dense(3 → 4, tanh)`, or `Dense(64 → 32, relu, dropout 0.2)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Dense({} → {}, {}",
            self.n_inputs(),
            self.n_units(),
            self.activation
        )?;
        if self.dropout > 0.0 {
            write!(f, ", dropout {}", self.dropout)?;
        }
        write!(f, ")")
    }
}
