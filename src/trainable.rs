//! `Trainable`: what a model offers a trainer: its parameters, and the gradient
//! of a loss with respect to each of them.

use ndarray::{
    Array2, ArrayD, ArrayView, ArrayView2, ArrayViewD, ArrayViewMut1, ArrayViewMutD, Axis,
    Dimension, Ix2,
};
use rand::RngCore;

use crate::layer::{Layer, ParameterKind};
use crate::{Activation, Dense, Error, Float, Loss, Network, Neuron, Result, Workspace, backprop};

/// A model that gradient descent can train: a [`Neuron`], a [`Dense`] layer or
/// a [`Network`] of any [`Layer`]s. What a trainer needs of a model, and no
/// more: its shape, the output activation (which decides the losses that
/// fit), the loss and its gradient for a batch, and the parameters.
///
/// The model lists its parameters as arrays in a fixed order, and computes the
/// gradient of a loss with respect to each, in the same order and shapes. One
/// training loop, [`GradientDescent::fit`](crate::GradientDescent::fit), and one
/// checker, [`gradient_check`](crate::gradient_check), serve every model.
/// (A layer of your own goes into a [`Network`] through [`Layer`]; this trait
/// is for whole models.)
///
/// Inputs have the sample on their first axis: `(n_samples, n_inputs)`, or
/// `(n_samples, …)` of the shape a network's first layer reads; targets and
/// outputs are `(n_samples, n_outputs)`.
///
/// Required: [`n_inputs`](Trainable::n_inputs), [`n_outputs`](Trainable::n_outputs),
/// [`output_activation`](Trainable::output_activation),
/// [`output_net_input`](Trainable::output_net_input),
/// [`loss_and_gradient_in`](Trainable::loss_and_gradient_in),
/// [`parameters`](Trainable::parameters) and
/// [`parameters_mut`](Trainable::parameters_mut). The rest are hints with
/// defaults and conveniences built on those.
pub trait Trainable<F: Float>: Clone {
    /// Values per sample that the model reads.
    fn n_inputs(&self) -> usize;

    /// Outputs per sample: `1` for a neuron.
    fn n_outputs(&self) -> usize;

    /// The activation of the output units, which decides the losses that fit.
    fn output_activation(&self) -> Activation;

    /// The net inputs `h` of the output units for a batch.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_inputs)` (or the shape the model reads);
    ///   returns `(n_samples, n_outputs)`
    ///
    /// # Errors
    /// [`Error::FeatureMismatch`](crate::Error::FeatureMismatch) for inputs of the wrong width.
    fn output_net_input<D: Dimension>(&self, inputs: ArrayView<'_, F, D>) -> Result<Array2<F>>;

    /// The mean loss over a batch, with its gradient with respect to every
    /// parameter left in `workspace` (read it with [`Workspace::gradient`]),
    /// in the order and shapes of [`parameters`](Trainable::parameters). With
    /// `rng`, in training mode: the random parts of training, such as dropout,
    /// drawn from it. The workspace's buffers are reused from the last call,
    /// so that a training loop allocates no new arrays for a network's
    /// activations, deltas and gradients.
    ///
    /// # Shapes
    /// - `inputs`: as [`output_net_input`](Trainable::output_net_input); `targets`: `(n_samples, n_outputs)`
    ///
    /// # Errors
    /// Mismatched shapes, or a loss that does not fit the output activation.
    fn loss_and_gradient_in<D: Dimension>(
        &self,
        inputs: ArrayView<'_, F, D>,
        targets: ArrayView2<'_, F>,
        loss: Loss,
        rng: Option<&mut dyn RngCore>,
        workspace: &mut Workspace<F>,
    ) -> Result<F>;

    /// The parameters, each with its kind, in a fixed order.
    fn parameters(&self) -> Vec<(ParameterKind, ArrayViewD<'_, F>)>;

    /// The parameters, writable, in the order of [`parameters`](Trainable::parameters).
    fn parameters_mut(&mut self) -> Vec<(ParameterKind, ArrayViewMutD<'_, F>)>;

    /// What the model is called in error messages: `"neuron"`, `"layer"`,
    /// `"network"` (by default `"model"`).
    fn model_name(&self) -> &'static str {
        "model"
    }

    /// After a training step, what the model keeps besides its parameters
    /// from the last [`loss_and_gradient_in`](Trainable::loss_and_gradient_in)
    /// on `workspace`: batch normalisation's running statistics. `fit` calls
    /// it after every step; a training loop of your own calls it after each
    /// [`Optimizer::step`](crate::Optimizer::step). Nothing by default.
    fn update_statistics(&mut self, workspace: &Workspace<F>) {
        let _ = workspace;
    }

    /// Whether training differs from inference (as it does with dropout), so
    /// that the trainer must pass a generator to every
    /// [`loss_and_gradient_in`](Trainable::loss_and_gradient_in). `false` by default.
    fn trains_randomly(&self) -> bool {
        false
    }

    /// Whether a finite loss and gradient prove that every input value was
    /// finite. True for the crate's models: the gradient of the first
    /// weights sums `xᵢⱼ·δᵢ` over every input value `xᵢⱼ`, and such a term is
    /// NaN or ±∞ whenever `xᵢⱼ` is (`∞·0` is NaN), which makes its sum
    /// non-finite. Full-batch training then learns from its first pass that
    /// the inputs are finite instead of reading them once more; `false` (the
    /// default) keeps that separate check.
    fn gradient_sees_every_input(&self) -> bool {
        false
    }

    /// Whether [`loss_and_gradient_in`](Trainable::loss_and_gradient_in)
    /// weighs the samples by the weights training leaves in the workspace
    /// (class and sample weights): true for the crate's models. A model that
    /// does not (the default) is refused weighted training rather than
    /// trained without its weights.
    fn weighs_samples(&self) -> bool {
        false
    }

    /// The mean loss over a batch, without gradients.
    ///
    /// # Errors
    /// As [`loss_and_gradient_in`](Trainable::loss_and_gradient_in).
    fn loss<D: Dimension>(
        &self,
        inputs: ArrayView<'_, F, D>,
        targets: ArrayView2<'_, F>,
        loss: Loss,
    ) -> Result<F> {
        let h = self.output_net_input(inputs)?;
        loss.value_from_net_input(&h, &targets, self.output_activation())
    }

    /// The mean loss over a batch and its gradient as a new vector:
    /// [`loss_and_gradient_in`](Trainable::loss_and_gradient_in) with a fresh
    /// workspace, the same bits.
    ///
    /// # Errors
    /// As [`loss_and_gradient_in`](Trainable::loss_and_gradient_in).
    fn loss_and_gradient<D: Dimension>(
        &self,
        inputs: ArrayView<'_, F, D>,
        targets: ArrayView2<'_, F>,
        loss: Loss,
    ) -> Result<(F, Vec<ArrayD<F>>)> {
        let mut workspace = Workspace::new();
        let value = self.loss_and_gradient_in(inputs, targets, loss, None, &mut workspace)?;
        Ok((value, workspace.gradient))
    }

    /// [`loss_and_gradient`](Trainable::loss_and_gradient) in training mode,
    /// with the random parts of training drawn from `rng`.
    ///
    /// # Errors
    /// As [`loss_and_gradient_in`](Trainable::loss_and_gradient_in).
    fn loss_and_gradient_training<D: Dimension>(
        &self,
        inputs: ArrayView<'_, F, D>,
        targets: ArrayView2<'_, F>,
        loss: Loss,
        rng: &mut dyn RngCore,
    ) -> Result<(F, Vec<ArrayD<F>>)> {
        let mut workspace = Workspace::new();
        let value = self.loss_and_gradient_in(inputs, targets, loss, Some(rng), &mut workspace)?;
        Ok((value, workspace.gradient))
    }

    /// `‖w‖²`: the sum of squares of every weight (not the biases).
    fn weights_norm_squared(&self) -> F {
        self.parameters()
            .iter()
            .filter(|(kind, _)| *kind == ParameterKind::Weights)
            .map(|(_, w)| w.iter().fold(F::zero(), |sum, &x| sum + x * x))
            .fold(F::zero(), |sum, x| sum + x)
    }

    /// Whether every parameter is finite.
    fn is_finite(&self) -> bool {
        self.parameters()
            .iter()
            .all(|(_, p)| p.iter().all(|x| x.is_finite()))
    }
}

/// Inputs as the `(n_samples, n_inputs)` matrix a neuron or a layer reads.
fn matrix<'a, F: Float, D: Dimension>(
    inputs: ArrayView<'a, F, D>,
    n_inputs: usize,
    model: &'static str,
) -> Result<ArrayView2<'a, F>> {
    let shape = inputs.shape().to_vec();
    inputs
        .into_dimensionality::<Ix2>()
        .map_err(|_| Error::ShapeMismatch {
            what: if model == "neuron" {
                "the inputs and the (n_samples, n_inputs) a neuron reads"
            } else {
                "the inputs and the (n_samples, n_inputs) a layer reads"
            },
            left: shape,
            right: vec![2, n_inputs],
        })
}

impl<F: Float> Trainable<F> for Neuron<F> {
    fn model_name(&self) -> &'static str {
        "neuron"
    }

    /// Without listing the parameters (no allocation: training asks after every epoch).
    fn is_finite(&self) -> bool {
        self.bias().is_finite() && self.weights().iter().all(|w| w.is_finite())
    }

    fn gradient_sees_every_input(&self) -> bool {
        true
    }

    fn weighs_samples(&self) -> bool {
        true
    }

    fn n_inputs(&self) -> usize {
        Neuron::n_inputs(self)
    }

    fn n_outputs(&self) -> usize {
        1
    }

    fn output_activation(&self) -> Activation {
        self.activation()
    }

    fn output_net_input<D: Dimension>(&self, inputs: ArrayView<'_, F, D>) -> Result<Array2<F>> {
        let inputs = matrix(inputs, Neuron::n_inputs(self), "neuron")?;
        Ok(self.net_input(&inputs)?.insert_axis(Axis(1)))
    }

    /// With `δ = ∂L/∂h` per sample: `∂L/∂w = Xᵀδ` and `∂L/∂b = Σ δ`. A
    /// neuron has no random parts: `rng` is not used.
    fn loss_and_gradient_in<D: Dimension>(
        &self,
        inputs: ArrayView<'_, F, D>,
        targets: ArrayView2<'_, F>,
        loss: Loss,
        _rng: Option<&mut dyn RngCore>,
        workspace: &mut Workspace<F>,
    ) -> Result<F> {
        let inputs = matrix(inputs, Neuron::n_inputs(self), "neuron")?;
        crate::error::check_features(inputs.ncols(), Neuron::n_inputs(self), "neuron")?;
        let targets = crate::targets::column(targets, inputs.nrows())?;
        loss.check_activation(self.activation())?;
        self.activation().check_units(1, "neuron")?;
        // Categorical cross-entropy needs a softmax, which a neuron's one unit
        // cannot have: refused by the checks above already.
        let weights = workspace.sample_weights.as_ref();
        let fused = loss.row_loss().filter(|_| weights.is_none());
        let Some(row_loss) = fused else {
            // The losses without a fused kernel (absolute error, Huber), and
            // weighted samples: δ = ∂L/∂h from the loss, then ∂L/∂w = Xᵀδ
            // and ∂L/∂b = Σδ.
            loss.check_targets(&targets)?;
            let h = self.net_input(&inputs)?;
            let (value, delta) = match weights {
                Some(w) => {
                    crate::sample_weights::check_length(w.view(), h.len())?;
                    let (value, delta) = crate::sample_weights::weighted_value_and_delta(
                        loss,
                        h.view().insert_axis(Axis(1)),
                        targets.view().insert_axis(Axis(1)),
                        self.activation(),
                        w.view(),
                        w.sum(),
                    );
                    (value, delta.remove_axis(Axis(1)))
                }
                None => loss.value_and_delta(&h, &targets, self.activation()),
            };
            workspace.gradient = vec![
                inputs.t().dot(&delta).into_dyn(),
                ndarray::arr1(&[delta.sum()]).into_dyn(),
            ];
            return Ok(value);
        };
        // One fused pass over the inputs: net input, loss and gradient together.
        let (loss_sum, weights_gradient, bias_gradient) = crate::kernels::neuron_loss_gradient(
            inputs,
            self.weights().view(),
            self.bias(),
            targets,
            row_loss,
            self.activation(),
        );
        let n = F::from_f64(inputs.nrows().max(1) as f64);
        workspace.gradient = vec![
            (weights_gradient / n).into_dyn(),
            ndarray::arr1(&[bias_gradient / n]).into_dyn(),
        ];
        Ok(loss_sum / n)
    }

    fn parameters(&self) -> Vec<(ParameterKind, ArrayViewD<'_, F>)> {
        vec![
            (ParameterKind::Weights, self.weights().view().into_dyn()),
            (
                ParameterKind::Bias,
                ndarray::aview1(std::slice::from_ref(self.bias_ref())).into_dyn(),
            ),
        ]
    }

    fn parameters_mut(&mut self) -> Vec<(ParameterKind, ArrayViewMutD<'_, F>)> {
        let (weights, bias) = self.parameters_mut_parts();
        vec![
            (ParameterKind::Weights, weights.into_dyn()),
            (
                ParameterKind::Bias,
                ArrayViewMut1::from(std::slice::from_mut(bias)).into_dyn(),
            ),
        ]
    }
}

impl<F: Float> Trainable<F> for Dense<F> {
    fn model_name(&self) -> &'static str {
        "layer"
    }

    /// Without listing the parameters (no allocation: training asks after every epoch).
    fn is_finite(&self) -> bool {
        self.weights().iter().all(|w| w.is_finite()) && self.bias().iter().all(|b| b.is_finite())
    }

    fn gradient_sees_every_input(&self) -> bool {
        true
    }

    fn weighs_samples(&self) -> bool {
        true
    }

    fn n_inputs(&self) -> usize {
        Dense::n_inputs(self)
    }

    fn n_outputs(&self) -> usize {
        self.n_units()
    }

    fn output_activation(&self) -> Activation {
        self.activation()
    }

    fn output_net_input<D: Dimension>(&self, inputs: ArrayView<'_, F, D>) -> Result<Array2<F>> {
        let inputs = matrix(inputs, Dense::n_inputs(self), "layer")?;
        self.net_input(&inputs)
    }

    fn loss_and_gradient_in<D: Dimension>(
        &self,
        inputs: ArrayView<'_, F, D>,
        targets: ArrayView2<'_, F>,
        loss: Loss,
        rng: Option<&mut dyn RngCore>,
        workspace: &mut Workspace<F>,
    ) -> Result<F> {
        let layers = std::slice::from_ref(self);
        backprop::loss_and_gradient_in(layers, inputs.into_dyn(), targets, loss, rng, workspace)
    }

    fn parameters(&self) -> Vec<(ParameterKind, ArrayViewD<'_, F>)> {
        Layer::parameters(self)
    }

    fn parameters_mut(&mut self) -> Vec<(ParameterKind, ArrayViewMutD<'_, F>)> {
        Layer::parameters_mut(self)
    }
}

impl<F: Float, L: Layer<F> + Clone> Trainable<F> for Network<F, L> {
    fn model_name(&self) -> &'static str {
        "network"
    }

    fn gradient_sees_every_input(&self) -> bool {
        true
    }

    fn weighs_samples(&self) -> bool {
        true
    }

    fn n_inputs(&self) -> usize {
        Network::n_inputs(self)
    }

    fn n_outputs(&self) -> usize {
        Network::n_outputs(self)
    }

    fn output_activation(&self) -> Activation {
        Network::output_activation(self)
    }

    fn output_net_input<D: Dimension>(&self, inputs: ArrayView<'_, F, D>) -> Result<Array2<F>> {
        let Some((last, hidden)) = self.layers().split_last() else {
            return Err(crate::Error::EmptyNetwork {
                what: "got no layers".to_owned(),
            });
        };
        let inputs = inputs.into_dyn();
        self.check_sample_shape(inputs.shape().get(1..).unwrap_or(&[]))?;
        let mut outputs: Option<ArrayD<F>> = None;
        for layer in hidden {
            let next = match &outputs {
                Some(previous) => layer.forward(previous.view())?,
                None => layer.forward(inputs.view())?,
            };
            outputs = Some(next);
        }
        let h = match &outputs {
            Some(previous) => last.net_input(previous.view())?,
            None => last.net_input(inputs.view())?,
        };
        let shape = h.shape().to_vec();
        h.into_dimensionality::<ndarray::Ix2>()
            .map_err(|_| crate::Error::ShapeMismatch {
                what: "the output layer's outputs and the (n_samples, n_outputs) a loss reads",
                left: shape,
                right: vec![2],
            })
    }

    /// The mean loss, computed 1024 samples at a time, or fewer for large
    /// samples (see `Network::block_rows`) (on every
    /// thread with the `rayon` feature): each block's outputs go through every
    /// layer while they are in cache, and no buffer as large as the data set
    /// is made (for 100 000 samples and 256 hidden units, one would be 205 MB
    /// of fresh memory). The blocks' sums are added in order, so the result
    /// does not depend on the number of threads.
    fn loss<D: Dimension>(
        &self,
        inputs: ArrayView<'_, F, D>,
        targets: ArrayView2<'_, F>,
        loss: Loss,
    ) -> Result<F> {
        let n = inputs.len_of(Axis(0));
        let activation = Trainable::output_activation(self);
        let block = self.block_rows(inputs.shape().get(1..).unwrap_or(&[]));
        let block_sum = |b: usize| -> Result<F> {
            let rows = ndarray::Slice::from(b * block..((b + 1) * block).min(n));
            let (x, t) = (
                inputs.slice_axis(Axis(0), rows),
                targets.slice_axis(Axis(0), rows),
            );
            let rows = x.len_of(Axis(0));
            let h = self.output_net_input(x)?;
            let mean = loss.value_from_net_input(&h, &t, activation)?;
            Ok(mean * F::from_f64(rows as f64))
        };
        if n <= block || targets.nrows() != n {
            let h = self.output_net_input(inputs)?;
            return loss.value_from_net_input(&h, &targets, activation);
        }
        let blocks = n.div_ceil(block);
        #[cfg(feature = "rayon")]
        let sums: Result<Vec<F>> = {
            use rayon::prelude::*;
            (0..blocks).into_par_iter().map(block_sum).collect()
        };
        #[cfg(not(feature = "rayon"))]
        let sums: Result<Vec<F>> = (0..blocks).map(block_sum).collect();
        let total = sums?.into_iter().fold(F::zero(), |sum, s| sum + s);
        Ok(total / F::from_f64(n as f64))
    }

    fn loss_and_gradient_in<D: Dimension>(
        &self,
        inputs: ArrayView<'_, F, D>,
        targets: ArrayView2<'_, F>,
        loss: Loss,
        rng: Option<&mut dyn RngCore>,
        workspace: &mut Workspace<F>,
    ) -> Result<F> {
        let layers = self.layers();
        backprop::loss_and_gradient_in(layers, inputs.into_dyn(), targets, loss, rng, workspace)
    }

    fn trains_randomly(&self) -> bool {
        self.layers().iter().any(|layer| layer.dropout() > 0.0)
    }

    fn update_statistics(&mut self, workspace: &Workspace<F>) {
        let Some(piece) = workspace.pieces.first() else {
            return;
        };
        for (layer, saved) in self.layers_mut().iter_mut().zip(&piece.saved) {
            layer.update_statistics(saved);
        }
    }

    fn parameters(&self) -> Vec<(ParameterKind, ArrayViewD<'_, F>)> {
        let count = self.layers().iter().map(L::parameter_count).sum();
        let mut all = Vec::with_capacity(count);
        for layer in self.layers() {
            all.extend(layer.parameters());
        }
        all
    }

    fn parameters_mut(&mut self) -> Vec<(ParameterKind, ArrayViewMutD<'_, F>)> {
        let count = self.layers().iter().map(L::parameter_count).sum();
        let mut all = Vec::with_capacity(count);
        for layer in self.layers_mut() {
            all.extend(layer.parameters_mut());
        }
        all
    }
}
