//! `Layer`: one step of a network, the concept every kind of layer shares.
//!
//! # The design
//!
//! A layer turns a batch of inputs into a batch of *net inputs* `H`, and names
//! the [`Activation`] `f` that turns those into its outputs `Y = f(H)`: the
//! lecture's neuron, `h = Σ xᵢwᵢ + b, y = f(h)`, for a whole layer at once.
//! A [`Network`](crate::Network) is a sequence of layers; backpropagation loops
//! over them through this trait alone, and does not know what kind each is.
//!
//! Why the activation is named by the layer but applied by the network: the
//! loss of the last layer is computed from its net inputs (binary
//! cross-entropy as a log-sigmoid, cross-entropy as a log-softmax), which is
//! exact where `Y` has rounded to 0 or 1; and every activation's derivative is
//! written once, in [`activation`](crate::activation), instead of once per
//! layer kind. A layer with no activation of its own (a learner's own layer, a
//! pooling or a flattening layer) keeps the default,
//! [`Identity`](Activation::Identity), and its net input is its output.
//!
//! The trait is object-safe: a `Box<dyn Layer<F>>` is a layer too, so a
//! [`Sequential`](crate::Sequential) network can mix kinds, including layers
//! written outside the crate. (candle-nn's `Module` has one `forward`; Keras's
//! `Layer` adds `build` and trainable weights; burn and micrograd list their
//! `parameters()`. This trait has what training needs of each: a forward for
//! inference, one for training that keeps what the backward pass needs, the
//! backward pass, and the parameters through one view.)
//!
//! # Shapes
//! Every batch has the sample on its first axis: `(n_samples, n_features)` for
//! a dense layer, `(n_samples, channels, height, width)` for images. Shapes
//! without that first axis, one sample's, are what
//! [`input_shape`](Layer::input_shape) and [`output_shape`](Layer::output_shape) speak of.
//!
//! # Writing a layer
//!
//! A layer that scales every input by its own weight, `hᵢ = wᵢ·xᵢ`, trained
//! inside a network and checked against finite differences:
//!
//! ```
//! use std::fmt;
//! use neuron::prelude::*;
//! use neuron::ndarray::{ArrayD, ArrayViewD, ArrayViewMutD, Axis, Zip};
//! use neuron::{Layer, ParameterKind, Pass, Sequential};
//!
//! #[derive(Debug, Clone)]
//! struct Scale { weights: Array1<f64> }
//!
//! impl fmt::Display for Scale {
//!     fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
//!         write!(f, "Scale({})", self.weights.len())
//!     }
//! }
//!
//! impl Layer<f64> for Scale {
//!     fn name(&self) -> &'static str { "scale" }
//!     fn input_shape(&self) -> Option<Vec<usize>> { Some(vec![self.weights.len()]) }
//!     fn output_shape(&self, input: &[usize]) -> neuron::Result<Vec<usize>> { Ok(input.to_vec()) }
//!     fn net_input(&self, x: ArrayViewD<'_, f64>) -> neuron::Result<ArrayD<f64>> {
//!         Ok(&x * &self.weights.view().insert_axis(Axis(0)).into_dyn())
//!     }
//!     fn backward(&self, x: ArrayViewD<'_, f64>, delta: ArrayViewD<'_, f64>, _saved: &[ArrayD<f64>],
//!                 gradient: &mut [ArrayD<f64>], input_delta: Option<&mut ArrayD<f64>>, _pass: &Pass)
//!                 -> neuron::Result<()> {
//!         // ∂L/∂wᵢ = Σ_samples δᵢ·xᵢ, and ∂L/∂xᵢ = δᵢ·wᵢ.
//!         gradient[0] = (&delta * &x).sum_axis(Axis(0));
//!         if let Some(input_delta) = input_delta {
//!             *input_delta = &delta * &self.weights.view().insert_axis(Axis(0)).into_dyn();
//!         }
//!         Ok(())
//!     }
//!     fn parameters(&self) -> Vec<(ParameterKind, ArrayViewD<'_, f64>)> {
//!         vec![(ParameterKind::Weights, self.weights.view().into_dyn())]
//!     }
//!     fn parameters_mut(&mut self) -> Vec<(ParameterKind, ArrayViewMutD<'_, f64>)> {
//!         vec![(ParameterKind::Weights, self.weights.view_mut().into_dyn())]
//!     }
//! }
//!
//! let layers: Vec<Box<dyn Layer<f64>>> = vec![
//!     Box::new(Scale { weights: array![0.5, -1.0] }),
//!     Box::new(Dense::new(array![[1.0], [1.0]], array![0.0], Activation::Sigmoid)?),
//! ];
//! let network = Sequential::from_layers(layers)?;
//! assert_eq!(network.to_string(), "Network(2 → 2 → 1, identity, sigmoid)");
//! let (x, t) = (array![[1.0, 2.0], [0.5, -1.0]], array![1.0, 0.0]);
//! let check = gradient_check(&network, &x, &t, Loss::BinaryCrossEntropy)?;
//! assert!(check.max_relative_error < 1e-6);
//! # Ok::<(), neuron::Error>(())
//! ```

use std::any::Any;
use std::fmt;

use ndarray::{ArrayD, ArrayViewD, ArrayViewMutD};

use crate::kernels::matmul::Threads;
use crate::{Activation, Float, Result};

/// One step of a network: net inputs `H` from inputs `X`, an activation `f`
/// that the network applies to them, parameters that training adjusts. See
/// the [module documentation](self) for the design and an example of a layer
/// written outside the crate.
///
/// [`Dense`](crate::Dense) is the crate's layer.
pub trait Layer<F: Float>: fmt::Debug + fmt::Display + dyn_clone::DynClone + Send + Sync {
    /// What kind of layer this is, in lower case: `"dense"`.
    fn name(&self) -> &'static str;

    /// The shape of one sample's input that the layer reads, or `None` when
    /// it reads any shape (as an activation or a flattening layer would).
    ///
    /// A [`Dense`](crate::Dense) layer of `n_inputs` inputs reads `[n_inputs]`.
    fn input_shape(&self) -> Option<Vec<usize>>;

    /// The shape of one sample's output for one sample's input shape.
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`](crate::Error::FeatureMismatch) (or another
    /// shape error) when the layer cannot read inputs of that shape.
    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>>;

    /// The activation `f` the network applies to this layer's net inputs:
    /// [`Identity`](Activation::Identity) unless the layer has one.
    fn activation(&self) -> Activation {
        Activation::Identity
    }

    /// The fraction of this layer's outputs that training drops after the
    /// activation (inverted dropout); `0` (the default) for none.
    fn dropout(&self) -> f64 {
        0.0
    }

    /// The net inputs `H` for a batch, for inference.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, …input shape)`; returns `(n_samples, …output shape)`
    ///
    /// # Errors
    /// A shape error for inputs the layer cannot read.
    fn net_input(&self, inputs: ArrayViewD<'_, F>) -> Result<ArrayD<F>>;

    /// The outputs `Y = f(H)` for a batch, for inference. By default the net
    /// inputs with the activation applied.
    ///
    /// # Shapes
    /// As [`net_input`](Layer::net_input).
    ///
    /// # Errors
    /// As [`net_input`](Layer::net_input).
    fn forward(&self, inputs: ArrayViewD<'_, F>) -> Result<ArrayD<F>> {
        let mut outputs = self.net_input(inputs)?;
        self.activation().apply_inplace(&mut outputs);
        Ok(outputs)
    }

    /// The net inputs `H` for a batch while training, into `net_input` (a
    /// buffer kept from the last step: reuse its memory or replace it), and in
    /// `saved` whatever [`backward`](Layer::backward) will need besides the
    /// inputs, which the network keeps. By default
    /// [`net_input`](Layer::net_input), saving nothing.
    ///
    /// # Errors
    /// As [`net_input`](Layer::net_input).
    fn forward_train(
        &self,
        inputs: ArrayViewD<'_, F>,
        net_input: &mut ArrayD<F>,
        saved: &mut Vec<ArrayD<F>>,
        pass: &Pass,
    ) -> Result<()> {
        let _ = (saved, pass);
        *net_input = self.net_input(inputs)?;
        Ok(())
    }

    /// The backward pass: from `delta = ∂L/∂H`, the gradient of the loss with
    /// respect to this layer's net inputs, the gradient with respect to each
    /// parameter, written into `gradient` (one array per parameter, in the
    /// order of [`parameters`](Layer::parameters); replace them or reuse their
    /// memory), and, when `input_delta` is given, `∂L/∂X` with respect to the
    /// inputs, for the layer before.
    ///
    /// # Shapes
    /// - `inputs`: as given to [`forward_train`](Layer::forward_train); `delta`: as its net inputs
    /// - `gradient[k]`: afterwards the shape of parameter `k`; `input_delta`: afterwards `inputs`' shape
    ///
    /// # Errors
    /// A shape error when `delta` does not fit.
    fn backward(
        &self,
        inputs: ArrayViewD<'_, F>,
        delta: ArrayViewD<'_, F>,
        saved: &[ArrayD<F>],
        gradient: &mut [ArrayD<F>],
        input_delta: Option<&mut ArrayD<F>>,
        pass: &Pass,
    ) -> Result<()>;

    /// The parameters, each with its kind, in a fixed order; none by default.
    fn parameters(&self) -> Vec<(ParameterKind, ArrayViewD<'_, F>)> {
        Vec::new()
    }

    /// The parameters, writable, in the order of [`parameters`](Layer::parameters).
    fn parameters_mut(&mut self) -> Vec<(ParameterKind, ArrayViewMutD<'_, F>)> {
        Vec::new()
    }

    /// How many parameter arrays [`parameters`](Layer::parameters) lists.
    fn parameter_count(&self) -> usize {
        self.parameters().len()
    }

    /// Whether the training pass mixes the samples of a batch, as batch
    /// normalisation's statistics do: such a batch is never cut into pieces
    /// for threads. `false` by default: each sample's outputs depend on that
    /// sample alone.
    fn mixes_samples(&self) -> bool {
        false
    }

    /// After a training step (the parameters updated), what the layer keeps
    /// besides its parameters, from what its [`forward_train`](Layer::forward_train)
    /// saved in that step: batch normalisation's running statistics. Nothing
    /// by default.
    fn update_statistics(&mut self, saved: &[ArrayD<F>]) {
        let _ = saved;
    }

    /// The layer as [`Any`], so that the model files can tell the crate's own
    /// layers apart behind a `Box<dyn Layer<F>>` (a [`Sequential`](crate::Sequential)
    /// network's convolutions, poolings, batch normalisations, flattenings
    /// and dense layers), and write each as itself. `None` by default: a
    /// layer of your own is not one the files hold, and saving a network
    /// with it says so.
    fn as_any(&self) -> Option<&dyn Any> {
        None
    }
}

dyn_clone::clone_trait_object!(<F> Layer<F> where F: Float);

/// The parameters of a layer that has weights and biases, in that order.
pub(crate) fn weights_and_bias<'a, F: Float>(
    weights: ArrayViewD<'a, F>,
    bias: ArrayViewD<'a, F>,
) -> Vec<(ParameterKind, ArrayViewD<'a, F>)> {
    vec![
        (ParameterKind::Weights, weights),
        (ParameterKind::Bias, bias),
    ]
}

/// [`weights_and_bias`], writable.
pub(crate) fn weights_and_bias_mut<'a, F: Float>(
    weights: ArrayViewMutD<'a, F>,
    bias: ArrayViewMutD<'a, F>,
) -> Vec<(ParameterKind, ArrayViewMutD<'a, F>)> {
    vec![
        (ParameterKind::Weights, weights),
        (ParameterKind::Bias, bias),
    ]
}

/// Whether a parameter array holds weights or biases. The L2 penalty of
/// [`GradientDescent`](crate::GradientDescent) applies to weights only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParameterKind {
    /// Weights, which multiply the inputs.
    Weights,
    /// Biases, which are added to the net input.
    Bias,
}

/// What a training pass tells every layer: for now, whether its matrix
/// products may use every thread (a whole batch) or must keep to one (a
/// piece of a batch that already runs on its own thread). A layer of your
/// own may ignore it.
#[derive(Debug, Clone, Copy)]
pub struct Pass {
    pub(crate) threads: Threads,
}

impl Pass {
    /// A pass on every thread, as a batch that is not split.
    pub fn new() -> Self {
        Pass {
            threads: Threads::All,
        }
    }

    /// Whether this pass may spread its work over several threads.
    pub fn all_threads(&self) -> bool {
        matches!(self.threads, Threads::All)
    }
}

impl Default for Pass {
    fn default() -> Self {
        Pass::new()
    }
}

impl<F: Float> Layer<F> for Box<dyn Layer<F>> {
    fn name(&self) -> &'static str {
        (**self).name()
    }

    fn input_shape(&self) -> Option<Vec<usize>> {
        (**self).input_shape()
    }

    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>> {
        (**self).output_shape(input)
    }

    fn activation(&self) -> Activation {
        (**self).activation()
    }

    fn dropout(&self) -> f64 {
        (**self).dropout()
    }

    fn net_input(&self, inputs: ArrayViewD<'_, F>) -> Result<ArrayD<F>> {
        (**self).net_input(inputs)
    }

    fn forward(&self, inputs: ArrayViewD<'_, F>) -> Result<ArrayD<F>> {
        (**self).forward(inputs)
    }

    fn forward_train(
        &self,
        inputs: ArrayViewD<'_, F>,
        net_input: &mut ArrayD<F>,
        saved: &mut Vec<ArrayD<F>>,
        pass: &Pass,
    ) -> Result<()> {
        (**self).forward_train(inputs, net_input, saved, pass)
    }

    fn backward(
        &self,
        inputs: ArrayViewD<'_, F>,
        delta: ArrayViewD<'_, F>,
        saved: &[ArrayD<F>],
        gradient: &mut [ArrayD<F>],
        input_delta: Option<&mut ArrayD<F>>,
        pass: &Pass,
    ) -> Result<()> {
        (**self).backward(inputs, delta, saved, gradient, input_delta, pass)
    }

    fn parameters(&self) -> Vec<(ParameterKind, ArrayViewD<'_, F>)> {
        (**self).parameters()
    }

    fn parameters_mut(&mut self) -> Vec<(ParameterKind, ArrayViewMutD<'_, F>)> {
        (**self).parameters_mut()
    }

    fn parameter_count(&self) -> usize {
        (**self).parameter_count()
    }

    fn mixes_samples(&self) -> bool {
        (**self).mixes_samples()
    }

    fn update_statistics(&mut self, saved: &[ArrayD<F>]) {
        (**self).update_statistics(saved);
    }

    fn as_any(&self) -> Option<&dyn Any> {
        (**self).as_any()
    }
}
