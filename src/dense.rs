//! `Dense`: a layer of neurons that all read the same inputs: `Y = f(X·W + b)`.

use std::fmt;

use ndarray::{Array1, Array2, ArrayBase, Axis, Data, Ix1, Ix2};
use rand::Rng;

use crate::kernels;
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
/// Each unit's outputs are computed by exactly the neuron's own arithmetic, so
/// a one-unit layer and its neuron agree bit for bit.
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
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(
        into = "crate::record::DenseRecord<F>",
        try_from = "crate::record::DenseRecord<F>",
        bound = "F: Float"
    )
)]
pub struct Dense<F> {
    weights: Array2<F>,
    bias: Array1<F>,
    activation: Activation,
    /// The weights packed for the layer kernel, kept between forward passes
    /// (packing reads every weight, as much work as a forward pass of one
    /// sample); emptied whenever the weights may change.
    panels: kernels::PanelCache<F>,
}

impl<F: Float> Dense<F> {
    /// A layer with these weights (one column per unit), biases and activation.
    ///
    /// # Shapes
    /// - `weights`: `(n_inputs, n_units)`; `bias`: `(n_units,)`
    ///
    /// # Errors
    /// [`Error::BiasLengthMismatch`] when `bias` has a different length than
    /// `weights` has columns.
    ///
    /// ```
    /// use neuron::{Activation, Dense};
    /// use neuron::ndarray::{Array1, Array2};
    ///
    /// let err = Dense::<f64>::new(Array2::zeros((3, 4)), Array1::zeros(2), Activation::Tanh).unwrap_err();
    /// assert_eq!(err.to_string(), "the bias has 2 entries, but the weights have 4 columns (one per unit)");
    /// ```
    pub fn new(weights: Array2<F>, bias: Array1<F>, activation: Activation) -> Result<Self> {
        if bias.len() != weights.ncols() {
            return Err(Error::BiasLengthMismatch {
                found: bias.len(),
                expected: weights.ncols(),
            });
        }
        Ok(Dense {
            weights,
            bias,
            activation,
            panels: kernels::PanelCache::default(),
        })
    }

    /// A layer of `n_units` neurons over `n_inputs` inputs, weights drawn by
    /// `init` from `rng`, biases `0`.
    ///
    /// # Errors
    /// [`Error::InvalidRange`] for an [`Init::Uniform`] range that is empty or not finite.
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
        Dense::new(weights, Array1::zeros(n_units), activation)
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
        if inputs.ncols() != self.n_inputs() {
            return Err(Error::FeatureMismatch {
                found: inputs.ncols(),
                expected: self.n_inputs(),
            });
        }
        self.rows(inputs, None)
    }

    /// The outputs `Y = f(X·W + b)` of every unit for every sample.
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
    /// let layer = Dense::new(array![[1.0, -1.0]], array![0.0, 0.0], Activation::Relu)?;
    /// assert_eq!(layer.forward(&array![[2.0], [-3.0]])?, array![[2.0, 0.0], [0.0, 3.0]]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn forward<S: Data<Elem = F>>(&self, inputs: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        if inputs.ncols() != self.n_inputs() {
            return Err(Error::FeatureMismatch {
                found: inputs.ncols(),
                expected: self.n_inputs(),
            });
        }
        self.rows(inputs, Some(self.activation))
    }

    /// Many neurons: unit `j`'s column is neuron `j`'s dot product, summed by the
    /// same kernel a lone [`Neuron`] uses, so the two agree bit for bit.
    fn rows<S: Data<Elem = F>>(
        &self,
        inputs: &ArrayBase<S, Ix2>,
        activation: Option<Activation>,
    ) -> Result<Array2<F>> {
        let shape = (inputs.nrows(), self.n_units());
        let values = kernels::new_dense_rows(
            inputs.view(),
            self.weights.view(),
            &self.panels,
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

    /// Weights and bias, writable, for a trainer.
    /// The packed weights are forgotten first: they are packed again from
    /// whatever the trainer writes.
    pub(crate) fn parameters_mut_parts(&mut self) -> (&mut Array2<F>, &mut Array1<F>) {
        self.panels.clear();
        (&mut self.weights, &mut self.bias)
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
            panels: kernels::PanelCache::default(),
        }
    }
}

impl<F: Float> fmt::Display for Dense<F> {
    /// `Dense(3 → 4, tanh)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Dense({} → {}, {})",
            self.n_inputs(),
            self.n_units(),
            self.activation
        )
    }
}
