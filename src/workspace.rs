//! `Workspace`: the buffers of a gradient computation, kept from one step of
//! training to the next, so that a step allocates no large arrays and touches
//! no fresh memory.

use ndarray::{ArrayD, IxDyn};

use crate::{Error, Float, Result};

/// Buffers that gradient computations reuse from one call to the next: a
/// network's activations and deltas for each piece of a batch, the pieces'
/// gradients, and the gradient itself.
///
/// [`GradientDescent::fit`](crate::GradientDescent::fit) keeps one for the
/// whole run. A training loop of your own can do the same with
/// [`Trainable::loss_and_gradient_in`](crate::Trainable::loss_and_gradient_in),
/// which leaves the gradient in the workspace (see [`gradient`](Workspace::gradient)).
/// The buffers grow to the largest batch seen and are then only reused; the
/// results are the same bits as [`Trainable::loss_and_gradient`](crate::Trainable::loss_and_gradient)'s.
///
/// ```
/// use neuron::{Activation, Dense, Loss, Network, Optimizer, Trainable, Workspace};
/// use neuron::ndarray::array;
///
/// let mut network = Network::from_layers(vec![
///     Dense::new(array![[0.5, -0.25], [0.25, 0.5]], array![0.0, 0.1], Activation::Tanh)?,
///     Dense::new(array![[1.0], [-1.0]], array![0.0], Activation::Sigmoid)?,
/// ])?;
/// let (x, t) = (array![[1.0, 2.0], [0.5, -1.0]], array![[1.0], [0.0]]);
/// let mut workspace = Workspace::new();
/// let mut optimizer = Optimizer::sgd();
/// for _ in 0..3 {
///     let loss = network.loss_and_gradient_in(x.view(), t.view(), Loss::BinaryCrossEntropy, None, &mut workspace)?;
///     assert!(loss > 0.0);
///     optimizer.step(&mut network, workspace.gradient(), 0.5, 0.0)?;
/// }
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Workspace<F> {
    /// The gradient of the last call, in the order of the model's parameters.
    pub(crate) gradient: Vec<ArrayD<F>>,
    /// One set of buffers per piece of a batch (see `backprop`).
    pub(crate) pieces: Vec<PieceBuffers<F>>,
    /// The weights of the next batch's samples, if weighted (see `sample_weights`).
    pub(crate) sample_weights: Option<ndarray::Array1<F>>,
}

impl<F: Float> Default for Workspace<F> {
    fn default() -> Self {
        Workspace {
            gradient: Vec::new(),
            pieces: Vec::new(),
            sample_weights: None,
        }
    }
}

impl<F: Float> Workspace<F> {
    /// An empty workspace: its buffers are made by the first call that uses it.
    pub fn new() -> Self {
        Self::default()
    }

    /// Weighs the samples of the batches that
    /// [`Trainable::loss_and_gradient_in`](crate::Trainable::loss_and_gradient_in)
    /// computes with this workspace from now on, one weight per sample
    /// (`None`, the default, for equal weights): the loss becomes the weighted
    /// mean `Σ sᵢ·Lᵢ / Σ sᵢ` and the gradient is that mean's, as training
    /// with [`Hooks::sample_weights`](crate::Hooks::sample_weights) takes it.
    /// A batch of another number of samples is an error.
    ///
    /// ```
    /// use neuron::{Loss, Neuron, Trainable, Workspace};
    /// use neuron::ndarray::array;
    ///
    /// let neuron = Neuron::new(array![0.0]).with_activation(neuron::Activation::Identity);
    /// let (x, t) = (array![[1.0], [1.0]], array![[1.0], [3.0]]);
    /// let mut workspace = Workspace::new();
    /// workspace.set_sample_weights(Some(array![3.0, 1.0]));
    /// // Squared errors 1 and 9, weighted 3 : 1.
    /// let loss = neuron.loss_and_gradient_in(x.view(), t.view(), Loss::MeanSquaredError, None, &mut workspace)?;
    /// assert_eq!(loss, (3.0 * 1.0 + 1.0 * 9.0) / 4.0);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn set_sample_weights(&mut self, weights: Option<ndarray::Array1<F>>) {
        self.sample_weights = weights;
    }

    /// The gradient that the last
    /// [`loss_and_gradient_in`](crate::Trainable::loss_and_gradient_in) left
    /// here, in the order and shapes of the model's
    /// [`parameters`](crate::Trainable::parameters); empty before the first call.
    pub fn gradient(&self) -> &[ArrayD<F>] {
        &self.gradient
    }

    /// The gradient, to change before a step (clipping it, for one).
    pub fn gradient_mut(&mut self) -> &mut [ArrayD<F>] {
        &mut self.gradient
    }
}

/// The buffers of one piece of a batch: each hidden layer's outputs, net
/// inputs (`None` unless its activation's derivative needs them), what each
/// layer saved for its backward pass, dropout masks and dropped outputs
/// (`None` when the layer drops nothing in this call), the output layer's
/// net inputs, each layer's delta `δₗ = ∂L/∂Hₗ` (one buffer per layer, so
/// that each keeps its shape from one step to the next), and the piece's
/// gradient.
#[derive(Debug, Clone)]
pub(crate) struct PieceBuffers<F> {
    pub(crate) outputs: Vec<ArrayD<F>>,
    pub(crate) kept: Vec<Option<ArrayD<F>>>,
    pub(crate) saved: Vec<Vec<ArrayD<F>>>,
    pub(crate) masks: Vec<Option<ArrayD<F>>>,
    pub(crate) dropped: Vec<Option<ArrayD<F>>>,
    pub(crate) net_inputs: ArrayD<F>,
    pub(crate) deltas: Vec<ArrayD<F>>,
    pub(crate) gradient: Vec<ArrayD<F>>,
}

impl<F: Float> Default for PieceBuffers<F> {
    fn default() -> Self {
        let empty = || ArrayD::zeros(IxDyn(&[0, 0]));
        PieceBuffers {
            outputs: Vec::new(),
            kept: Vec::new(),
            saved: Vec::new(),
            masks: Vec::new(),
            dropped: Vec::new(),
            net_inputs: empty(),
            deltas: Vec::new(),
            gradient: Vec::new(),
        }
    }
}

/// `buffer` as an array of `shape`, reusing its memory: values it already
/// had are kept where the length allows (callers overwrite them), new ones
/// are zero. Allocates only when `buffer` never held this many values. A
/// buffer already of this shape is returned as it is, whatever its strides
/// (its callers write it through views, which take any).
pub(crate) fn reshaped_dyn<'a, F: Float>(
    buffer: &'a mut ArrayD<F>,
    shape: &[usize],
) -> &'a mut ArrayD<F> {
    if buffer.shape() != shape {
        let empty = ArrayD::zeros(IxDyn(&[0]));
        let (mut values, _) = std::mem::replace(buffer, empty).into_raw_vec_and_offset();
        values.resize(shape.iter().product(), F::zero());
        *buffer = ArrayD::from_shape_vec(IxDyn(shape), values)
            .unwrap_or_else(|_| ArrayD::zeros(IxDyn(shape)));
    }
    buffer
}

/// [`reshaped_dyn`] for a shape that a caller's settings can make as large
/// as they like (a convolution's padding): a size that overflows, or memory
/// that cannot be had, is an [`Error::Allocation`] naming `what` (from
/// [`room_for`](crate::alloc::room_for)), not an abort. The buffer is then
/// left empty.
pub(crate) fn try_reshaped_dyn<'a, F: Float>(
    buffer: &'a mut ArrayD<F>,
    shape: &[usize],
    what: &'static str,
) -> Result<&'a mut ArrayD<F>> {
    if buffer.shape() == shape {
        return Ok(buffer);
    }
    // A product that saturates is refused by `room_for`, which no buffer's
    // capacity can spare.
    let rows = shape.first().copied().unwrap_or(1);
    let columns = shape
        .get(1..)
        .unwrap_or_default()
        .iter()
        .fold(1_usize, |a, &b| a.saturating_mul(b));
    let n = rows.saturating_mul(columns);
    let empty = ArrayD::zeros(IxDyn(&[0]));
    let (mut values, _) = std::mem::replace(buffer, empty).into_raw_vec_and_offset();
    if values.capacity() < n {
        values = crate::alloc::room_for(what, rows, columns)?;
    }
    values.resize(n, F::zero());
    *buffer = ArrayD::from_shape_vec(IxDyn(shape), values).map_err(|_| Error::Allocation {
        what,
        rows,
        columns,
        reason: "the size overflows",
    })?;
    Ok(buffer)
}
