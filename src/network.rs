//! `Network`: a multilayer perceptron, layers of neurons stacked so that each
//! layer's outputs are the next one's inputs.

use std::fmt;

use ndarray::{
    Array1, Array2, ArrayBase, ArrayD, ArrayViewD, Axis, Data, Dimension, Ix1, Ix2, Slice,
};
use rand::Rng;

use crate::layer::Layer;
use crate::{Activation, Dense, Error, Float, Init, Result};

/// Samples per block when a network passes over a data set (its loss, its
/// outputs).
const PASS_ROWS: usize = 1024;
/// At most this many bytes in a block's largest array, down to
/// [`PASS_MIN_ROWS`] samples.
const PASS_BYTES: usize = 4 << 20;
/// The fewest samples per block.
const PASS_MIN_ROWS: usize = 16;

/// A network: layers applied one after another, each layer's outputs the
/// next one's inputs. With dense layers (the default, `L = Dense<F>`), a
/// multilayer perceptron, `Y = f₃(f₂(f₁(X·W₁ + b₁)·W₂ + b₂)·W₃ + b₃)`.
///
/// Train it with [`GradientDescent`](crate::GradientDescent), which computes
/// the gradient of the loss by backpropagation through every [`Layer`].
/// The layers can be of any one type `L` that implements [`Layer`], or of
/// several kinds as boxes: a [`Sequential`] network, whose layers may include
/// your own (see [`Layer`]'s documentation for an example).
///
/// ```
/// use neuron::{Activation, Init, Network};
/// use neuron::rand::{SeedableRng, rngs::StdRng};
/// use neuron::ndarray::array;
///
/// // 2 inputs, a hidden layer of 5 units, 1 output: the lecture series' 2-5-1.
/// let mut rng = StdRng::seed_from_u64(0);
/// let network: Network<f64> = Network::random(&[2, 5, 1], Activation::Sigmoid, Init::XavierUniform, &mut rng)?;
/// assert_eq!(network.to_string(), "Network(2 → 5 → 1, sigmoid)");
/// let y = network.forward(&array![[0.3, 0.1]])?;
/// assert_eq!(y.dim(), (1, 1));
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Network<F, L = Dense<F>> {
    layers: Vec<L>,
    _float: std::marker::PhantomData<F>,
}

/// A network whose layers may be of different kinds, your own among them:
/// each a `Box<dyn Layer<F>>`.
pub type Sequential<F> = Network<F, Box<dyn Layer<F>>>;

impl<F: Float> Network<F> {
    /// A network from layer sizes `[n_inputs, hidden…, n_outputs]`, every layer
    /// with the same activation, weights drawn by `init` from `rng`, biases `0`.
    ///
    /// # Errors
    /// [`Error::EmptyNetwork`] for fewer than two sizes; [`Error::InvalidRange`]
    /// for an [`Init::Uniform`] range that is empty or not finite;
    /// [`Error::EmptyModel`] for a size of 0; [`Error::Allocation`] for a layer
    /// larger than memory.
    ///
    /// ```
    /// use neuron::{Activation, Init, Network};
    /// use neuron::rand::{SeedableRng, rngs::StdRng};
    ///
    /// let network: Network<f32> = Network::random(&[3, 4, 2], Activation::Tanh, Init::XavierUniform, &mut StdRng::seed_from_u64(1))?;
    /// assert_eq!(network.layers().len(), 2);
    /// assert_eq!(network.layers()[0].weights().dim(), (3, 4));
    /// assert!(Network::<f32>::random(&[3], Activation::Tanh, Init::Zeros, &mut StdRng::seed_from_u64(1)).is_err());
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn random<R: Rng + ?Sized>(
        sizes: &[usize],
        activation: Activation,
        init: Init,
        rng: &mut R,
    ) -> Result<Self> {
        Self::random_with_output(sizes, activation, activation, init, rng)
    }

    /// As [`random`](Network::random), with the hidden layers' activation
    /// `hidden` and the output layer's `output`: a regression network's
    /// identity output after ReLU layers, or a classifier's softmax.
    ///
    /// # Errors
    /// As [`random`](Network::random).
    ///
    /// ```
    /// use neuron::{Activation, Init, Network};
    /// use neuron::rand::{SeedableRng, rngs::StdRng};
    ///
    /// let mut rng = StdRng::seed_from_u64(1);
    /// let network: Network<f64> =
    ///     Network::random_with_output(&[10, 64, 1], Activation::Relu, Activation::Identity, Init::HeNormal, &mut rng)?;
    /// assert_eq!(network.layers()[0].activation(), Activation::Relu);
    /// assert_eq!(network.layers()[1].activation(), Activation::Identity);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn random_with_output<R: Rng + ?Sized>(
        sizes: &[usize],
        hidden: Activation,
        output: Activation,
        init: Init,
        rng: &mut R,
    ) -> Result<Self> {
        if sizes.len() < 2 {
            return Err(Error::EmptyNetwork {
                what: format!(
                    "2 layer sizes are needed, inputs and outputs, got {}",
                    sizes.len()
                ),
            });
        }
        let last = sizes.len() - 2;
        let layers = sizes
            .iter()
            .zip(sizes.iter().skip(1))
            .enumerate()
            .map(|(l, (&n_inputs, &n_units))| {
                let activation = if l == last { output } else { hidden };
                Dense::random(n_inputs, n_units, activation, init, rng)
            })
            .collect::<Result<Vec<_>>>()?;
        Network::from_layers(layers)
    }
}

impl<F: Float, L: Layer<F>> Network<F, L> {
    /// A network from explicit layers, checking that each layer has as many
    /// inputs as the layer before has units (that each reads the shape the
    /// layer before gives).
    ///
    /// # Errors
    /// [`Error::EmptyNetwork`] for no layers; [`Error::LayerMismatch`] naming the
    /// first pair of layers whose widths do not chain.
    ///
    /// ```
    /// use neuron::{Activation, Dense, Network};
    /// use neuron::ndarray::{Array1, Array2};
    ///
    /// let first = Dense::<f64>::new(Array2::zeros((2, 5)), Array1::zeros(5), Activation::Tanh)?;
    /// let second = Dense::<f64>::new(Array2::zeros((4, 1)), Array1::zeros(1), Activation::Sigmoid)?;
    /// let err = Network::from_layers(vec![first, second]).unwrap_err();
    /// assert_eq!(err.to_string(), "layer 1 has 4 inputs, but layer 0 has 5 units");
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn from_layers(layers: Vec<L>) -> Result<Self> {
        if layers.is_empty() {
            return Err(Error::EmptyNetwork {
                what: "got no layers".to_owned(),
            });
        }
        let network = Network {
            layers,
            _float: std::marker::PhantomData,
        };
        network.sample_shapes()?;
        Ok(network)
    }

    /// The shape of one sample before the first layer and after each layer,
    /// checking that each layer reads what the one before gives. A first
    /// layer that reads any shape gives no shapes.
    fn sample_shapes(&self) -> Result<Vec<Vec<usize>>> {
        let Some(mut shape) = self.layers.first().and_then(L::input_shape) else {
            return Ok(Vec::new());
        };
        let mut shapes = vec![shape.clone()];
        for (l, layer) in self.layers.iter().enumerate() {
            if let (Some(previous), Some(reads)) = (l.checked_sub(1), layer.input_shape())
                && reads != shape
            {
                return Err(match (reads.as_slice(), shape.as_slice()) {
                    ([found], [expected]) => Error::LayerMismatch {
                        layer: l,
                        previous,
                        found: *found,
                        expected: *expected,
                    },
                    _ => Error::ShapeMismatch {
                        what: "the sample shape a layer reads and the one the layer before gives",
                        left: reads,
                        right: shape,
                    },
                });
            }
            shape = layer.output_shape(&shape)?;
            shapes.push(shape.clone());
        }
        Ok(shapes)
    }

    /// The layers, first to last.
    pub fn layers(&self) -> &[L] {
        &self.layers
    }

    /// Values per sample that the first layer reads (`0` if it reads any shape).
    pub fn n_inputs(&self) -> usize {
        self.layers
            .first()
            .and_then(L::input_shape)
            .map_or(0, |shape| shape.iter().product())
    }

    /// Outputs per sample: the last layer's units. Where the first layers
    /// read any shape (convolutions, pooling), the count is followed from the
    /// last layer that reads a fixed one (the dense layer after a
    /// [`Flatten`](crate::Flatten)); `0` when no layer does.
    pub fn n_outputs(&self) -> usize {
        let Some(start) = self.layers.iter().rposition(|l| l.input_shape().is_some()) else {
            return 0;
        };
        let mut shape = None;
        for layer in self.layers.get(start..).unwrap_or_default() {
            let Some(input) = shape.take().or_else(|| layer.input_shape()) else {
                return 0;
            };
            shape = layer.output_shape(&input).ok();
        }
        shape.map_or(0, |shape| shape.iter().product())
    }

    /// The outputs of the last layer for every sample: each layer's outputs
    /// feed the next.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_inputs)`, any memory layout; or the sample
    ///   on the first axis and the shape the first layer reads after it
    ///   (`(n_samples, channels, height, width)` for images)
    /// - returns: `(n_samples, n_outputs)`
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`] when `inputs` has a different number of columns
    /// than the network has inputs; [`Error::ShapeMismatch`] when the last
    /// layer's outputs are not one vector per sample (see
    /// [`forward_dyn`](Network::forward_dyn)).
    ///
    /// ```
    /// use neuron::{Activation, Dense, Network};
    /// use neuron::ndarray::array;
    ///
    /// // ReLU of (x₀ − x₁) and of (x₁ − x₀), then their sum: |x₀ − x₁|.
    /// let network = Network::from_layers(vec![
    ///     Dense::new(array![[1.0, -1.0], [-1.0, 1.0]], array![0.0, 0.0], Activation::Relu)?,
    ///     Dense::new(array![[1.0], [1.0]], array![0.0], Activation::Identity)?,
    /// ])?;
    /// assert_eq!(network.forward(&array![[3.0, 5.0], [2.0, -1.0]])?, array![[2.0], [3.0]]);
    /// assert_eq!((network.n_inputs(), network.n_outputs(), network.layers().len()), (2, 1, 2));
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn forward<S: Data<Elem = F>, D: Dimension>(
        &self,
        inputs: &ArrayBase<S, D>,
    ) -> Result<Array2<F>> {
        let outputs = self.forward_dyn(inputs.view().into_dyn())?;
        let shape = outputs.shape().to_vec();
        outputs
            .into_dimensionality::<Ix2>()
            .map_err(|_| Error::ShapeMismatch {
                what: "the network's outputs and the (n_samples, n_outputs) that forward returns",
                left: shape,
                right: vec![2],
            })
    }

    /// The outputs of the last layer for every sample, of any shape: each
    /// layer's outputs feed the next.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, …)`, the shape the first layer reads after the sample axis
    /// - returns: `(n_samples, …)`, the shape the last layer gives after the sample axis
    ///
    /// # Errors
    /// As [`forward`](Network::forward), but for the shape of the outputs.
    pub fn forward_dyn(&self, inputs: ArrayViewD<'_, F>) -> Result<ArrayD<F>> {
        let Some((first, rest)) = self.layers.split_first() else {
            return Err(Error::EmptyNetwork {
                what: "got no layers".to_owned(),
            });
        };
        let sample = inputs.shape().get(1..).unwrap_or(&[]);
        self.check_sample_shape(sample)?;
        let n = inputs.len_of(Axis(0));
        let rows = self.block_rows(sample);
        if n <= rows {
            let mut outputs = first.forward(inputs)?;
            for layer in rest {
                outputs = layer.forward(outputs.view())?;
            }
            return Ok(outputs);
        }
        // Block by block: a sample's outputs do not depend on the batch it
        // is in, and no layer's outputs for the whole set are made at once.
        let blocks = (0..n)
            .step_by(rows)
            .map(|start| {
                self.forward_dyn(
                    inputs.slice_axis(Axis(0), Slice::from(start..(start + rows).min(n))),
                )
            })
            .collect::<Result<Vec<_>>>()?;
        let views: Vec<_> = blocks.iter().map(|b| b.view()).collect();
        ndarray::concatenate(Axis(0), &views).map_err(|_| Error::ShapeMismatch {
            what: "the outputs of the blocks of a data set",
            left: blocks.first().map_or_else(Vec::new, |b| b.shape().to_vec()),
            right: blocks.last().map_or_else(Vec::new, |b| b.shape().to_vec()),
        })
    }

    /// Samples per block for a pass over a data set whose samples have the
    /// shape `sample`: [`PASS_ROWS`], or fewer where one sample's largest
    /// array on the way through the layers is large (a convolution's maps), so
    /// that a block's largest array is at most [`PASS_BYTES`]. Passes over a
    /// CNN's data set in one piece made arrays of hundreds of megabytes, each
    /// page faulted in and zeroed.
    pub(crate) fn block_rows(&self, sample: &[usize]) -> usize {
        let mut shape = sample.to_vec();
        let mut largest: usize = shape.iter().product();
        for layer in &self.layers {
            let Ok(next) = layer.output_shape(&shape) else {
                break;
            };
            largest = largest.max(next.iter().product());
            shape = next;
        }
        let bytes = largest.saturating_mul(std::mem::size_of::<F>()).max(1);
        (PASS_BYTES / bytes).clamp(PASS_MIN_ROWS, PASS_ROWS)
    }

    /// The output of a network of one output unit, one value per sample, as
    /// scikit-learn's `MLPRegressor.predict` gives it: [`forward`](Network::forward)'s
    /// single column as a vector. (For classes, see
    /// [`predict_classes`](Network::predict_classes).)
    ///
    /// # Shapes
    /// - `inputs`: as [`forward`](Network::forward); returns `(n_samples,)`
    ///
    /// # Errors
    /// As [`forward`](Network::forward), and [`Error::ShapeMismatch`] for a
    /// network of more than one output.
    ///
    /// ```
    /// use neuron::{Activation, Dense, Network};
    /// use neuron::ndarray::array;
    ///
    /// let network = Network::from_layers(vec![Dense::new(array![[2.0], [1.0]], array![1.0], Activation::Identity)?])?;
    /// assert_eq!(network.predict(&array![[3.0, 0.0], [0.5, 4.0]])?, array![7.0, 6.0]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn predict<S: Data<Elem = F>, D: Dimension>(
        &self,
        inputs: &ArrayBase<S, D>,
    ) -> Result<Array1<F>> {
        let outputs = self.forward(inputs)?;
        if outputs.ncols() != 1 {
            return Err(Error::ShapeMismatch {
                what: "a network's outputs per sample and the one that predict gives (forward gives several)",
                left: vec![outputs.ncols()],
                right: vec![1],
            });
        }
        Ok(outputs.index_axis_move(Axis(1), 0))
    }

    /// The outputs for one sample; equal to that row of [`forward`](Network::forward).
    ///
    /// # Shapes
    /// - `input`: `(n_inputs,)`; returns `(n_outputs,)`
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`] when `input` has a different length than the
    /// network has inputs.
    ///
    /// ```
    /// use neuron::{Activation, Dense, Network};
    /// use neuron::ndarray::array;
    ///
    /// let network = Network::from_layers(vec![Dense::new(array![[2.0]], array![1.0], Activation::Identity)?])?;
    /// assert_eq!(network.activate(&array![3.0])?, array![7.0]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn activate<S: Data<Elem = F>>(&self, input: &ArrayBase<S, Ix1>) -> Result<Array1<F>> {
        let batch = input.view().insert_axis(Axis(0));
        Ok(self.forward(&batch)?.index_axis_move(Axis(0), 0))
    }

    /// The outputs read as class probabilities: [`forward`](Network::forward)
    /// of a network whose output layer is a softmax (each row sums to 1) or
    /// sigmoids (each output the probability of its own class, as in
    /// multi-label classification), as scikit-learn's and Keras's `predict_proba`.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_inputs)`; returns `(n_samples, n_outputs)`
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`] for inputs of the wrong width;
    /// [`Error::ActivationMismatch`] for an output activation other than softmax
    /// or sigmoid, whose outputs are not probabilities.
    ///
    /// ```
    /// use neuron::{Activation, Dense, Network};
    /// use neuron::ndarray::array;
    ///
    /// // Three classes whose net inputs are x, 0 and −x.
    /// let network = Network::from_layers(vec![
    ///     Dense::new(array![[1.0, 0.0, -1.0]], array![0.0, 0.0, 0.0], Activation::Softmax)?,
    /// ])?;
    /// let p = network.predict_proba(&array![[0.0_f64], [2.0]])?;
    /// assert!(p.row(0).iter().all(|&p| (p - 1.0 / 3.0).abs() < 1e-15));
    /// // PyTorch: torch.softmax(torch.tensor([2., 0., -2.], dtype=torch.float64), 0)[0]
    /// assert!((p[[1, 0]] - 0.8668133321973349).abs() < 1e-15);
    /// assert!((p.row(1).sum() - 1.0).abs() < 1e-15);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn predict_proba<S: Data<Elem = F>, D: Dimension>(
        &self,
        inputs: &ArrayBase<S, D>,
    ) -> Result<Array2<F>> {
        let activation = self.output_activation();
        if !matches!(activation, Activation::Softmax | Activation::Sigmoid) {
            return Err(Error::ActivationMismatch {
                what: "predict_proba",
                needs: Activation::Softmax,
                found: activation,
            });
        }
        self.forward(inputs)
    }

    /// The predicted class of every sample: the most probable one (the index of
    /// the largest output, the first on a tie) when there are several outputs;
    /// with a single output, `1` where it reaches the activation's
    /// [`decision_threshold`](Activation::decision_threshold) (`0.5` for a
    /// sigmoid) and `0` elsewhere.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_inputs)`; returns `(n_samples,)`
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`] for inputs of the wrong width;
    /// [`Error::NanOutput`] for a sample whose outputs hold NaN (from a NaN
    /// input, or `∞ − ∞` inside the network): no class is made up for it.
    /// Outputs that overflow are fine: a softmax over net inputs of `+∞`
    /// gives its limit, and the largest output wins.
    ///
    /// ```
    /// use neuron::{Activation, Dense, Network};
    /// use neuron::ndarray::array;
    ///
    /// let network = Network::from_layers(vec![
    ///     Dense::new(array![[1.0, 0.0, -1.0]], array![0.0, 0.5, 0.0], Activation::Softmax)?,
    /// ])?;
    /// assert_eq!(network.predict_classes(&array![[2.0], [0.0], [-2.0]])?, array![0, 1, 2]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn predict_classes<S: Data<Elem = F>, D: Dimension>(
        &self,
        inputs: &ArrayBase<S, D>,
    ) -> Result<Array1<usize>> {
        let outputs = self.forward(inputs)?;
        crate::labels::check_predictable(&outputs)?;
        if outputs.ncols() == 1 {
            let threshold = self.output_activation().decision_threshold().unwrap_or(0.5);
            let threshold = F::from_f64(threshold);
            return Ok(outputs.column(0).mapv(|y| usize::from(y >= threshold)));
        }
        Ok(outputs
            .rows()
            .into_iter()
            .map(|row| crate::labels::argmax(&row))
            .collect())
    }

    /// The activation of the output layer.
    pub(crate) fn output_activation(&self) -> Activation {
        self.layers
            .last()
            .map_or(Activation::Identity, L::activation)
    }

    /// Inputs of the width the first layer reads.
    pub(crate) fn check_features(&self, found: usize) -> Result<()> {
        crate::error::check_features(found, self.n_inputs(), "network")
    }

    /// Samples of the shape the first layer reads: of the width it reads,
    /// when it reads vectors.
    pub(crate) fn check_sample_shape(&self, found: &[usize]) -> Result<()> {
        let Some(reads) = self.layers.first().and_then(L::input_shape) else {
            return Ok(());
        };
        match (found, reads.as_slice()) {
            ([width], [_]) => self.check_features(*width),
            _ if found == reads.as_slice() => Ok(()),
            _ => Err(Error::ShapeMismatch {
                what: "a sample's shape and the one the network's first layer reads",
                left: found.to_vec(),
                right: reads,
            }),
        }
    }

    /// The layers, writable, for a trainer.
    pub(crate) fn layers_mut(&mut self) -> &mut [L] {
        &mut self.layers
    }
}

impl<F: Float, L: Layer<F>> fmt::Display for Network<F, L> {
    /// `Network(2 → 5 → 1, sigmoid)`, or with one activation per layer when they differ:
    /// `Network(3 → 4 → 2, tanh, sigmoid)`. A sample of several axes is
    /// written with `×`: `Network(1×28×28 → 784 → 10, …)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shapes = self.sample_shapes().unwrap_or_default();
        let shape_text = |shape: &Vec<usize>| {
            shape
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join("×")
        };
        let mut shapes = shapes.iter().map(shape_text);
        write!(
            f,
            "Network({}",
            shapes.next().unwrap_or_else(|| "?".to_owned())
        )?;
        for _ in &self.layers {
            write!(f, " → {}", shapes.next().unwrap_or_else(|| "?".to_owned()))?;
        }
        let first = self.layers.first().map(L::activation);
        if self
            .layers
            .iter()
            .all(|layer| Some(layer.activation()) == first)
        {
            if let Some(activation) = first {
                write!(f, ", {activation}")?;
            }
        } else {
            for layer in &self.layers {
                write!(f, ", {}", layer.activation())?;
            }
        }
        write!(f, ")")
    }
}
