//! `Hooks`: what a training run reports after every epoch, and the extras
//! that [`GradientDescent::fit_with`](crate::GradientDescent::fit_with) takes:
//! validation data, per-epoch callbacks (which see the model) and checkpoints.

use std::ops::ControlFlow;
use std::path::Path;

use ndarray::{ArrayBase, ArrayView, ArrayView1, ArrayView2, Data, Dimension, Ix1, Ix2};

use crate::{AsTargets, Checkpoint, Float, MetricValues, Network, Result};

/// What the per-epoch callbacks of [`Hooks`] are told.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochReport<F> {
    /// The epoch just finished, counted from 1 (from the first epoch of a
    /// [`Trainer`](crate::Trainer), across its calls).
    pub epoch: usize,
    /// The epoch this call of `fit` ends at, unless it stops early.
    pub epochs: usize,
    /// The training objective after this epoch.
    pub loss: F,
    /// The validation loss after this epoch, with validation data.
    pub validation_loss: Option<F>,
    /// The learning rate this epoch trained with.
    pub learning_rate: f64,
    /// The [`Metric`](crate::Metric)s asked for, on the training set after this epoch.
    pub metrics: MetricValues<F>,
    /// The same metrics on the validation data, with validation data.
    pub validation_metrics: MetricValues<F>,
}

impl<F: Float> EpochReport<F> {
    /// The loss that early stopping, checkpoints of the best model and
    /// reduce-on-plateau watch: the validation loss if there is one, else
    /// the training objective.
    pub fn monitored_loss(&self) -> F {
        self.validation_loss.unwrap_or(self.loss)
    }
}

/// A callback of [`Hooks`], with the model it may look at.
type EpochCallback<'a, F, M> = Box<dyn FnMut(&EpochReport<F>, &M) -> Result<ControlFlow<()>> + 'a>;

/// Extras for [`GradientDescent::fit_with`](crate::GradientDescent::fit_with):
/// validation data, and callbacks after every epoch, which may look at the
/// model `M` being trained and stop training (Keras's `callbacks`), such as
/// [`Checkpoint`]s that save it.
///
/// ```
/// use std::ops::ControlFlow;
/// use neuron::{GradientDescent, Hooks, Loss, Neuron};
/// use neuron::ndarray::array;
///
/// let x = array![[-1.0], [1.0]];
/// let t = array![0.0, 1.0];
/// let mut seen = Vec::new();
/// let hooks = Hooks::new()
///     .validation(&x, &t)
///     .on_epoch(|report| {
///         seen.push(report.epoch);
///         if report.epoch == 3 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
///     });
/// let mut neuron = Neuron::new(array![0.0]);
/// let history = GradientDescent::new().fit_with(&mut neuron, &x, &t, Loss::BinaryCrossEntropy, hooks)?;
/// assert_eq!(seen, [1, 2, 3]);
/// assert_eq!(history.validation_loss().len(), 3);
/// assert!(history.stopped_early());
/// # Ok::<(), neuron::Error>(())
/// ```
pub struct Hooks<'a, F, D = Ix2, M = Network<F>> {
    pub(crate) validation: Option<(ArrayView<'a, F, D>, ArrayView2<'a, F>)>,
    pub(crate) sample_weights: Option<ArrayView1<'a, F>>,
    pub(crate) callbacks: Vec<EpochCallback<'a, F, M>>,
}

impl<F, D, M> Default for Hooks<'_, F, D, M> {
    fn default() -> Self {
        Hooks {
            validation: None,
            sample_weights: None,
            callbacks: Vec::new(),
        }
    }
}

impl<'a, F: Float, D: Dimension, M> Hooks<'a, F, D, M> {
    /// No validation data and no callback.
    pub fn new() -> Self {
        Self::default()
    }

    /// Data to measure the loss on after every epoch, without training on it.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_inputs)`; `targets`: `(n_samples,)` or `(n_samples, n_outputs)`
    pub fn validation<S: Data<Elem = F>>(
        mut self,
        inputs: &'a ArrayBase<S, D>,
        targets: &'a (impl AsTargets<F> + ?Sized),
    ) -> Self {
        self.validation = Some((inputs.view(), targets.as_targets()));
        self
    }

    /// A weight for each training sample (finite, ≥ 0, not all 0), given as
    /// to Keras's `fit(sample_weight=…)`: training lowers the weighted mean
    /// loss `Σ sᵢ·Lᵢ / Σ sᵢ` of each batch (scikit-learn's weighted average;
    /// so weights scaled by a constant train alike), and the loss it reports
    /// is the same weighted mean over the training set. Keras's and PyTorch's
    /// default reductions divide `Σ sᵢ·Lᵢ` by the batch size instead: the
    /// same minimum over a full batch, with steps `n / Σ sᵢ` times as long. With [`GradientDescent::class_weights`](crate::GradientDescent::class_weights)
    /// too, a sample's weight is the product of the two. The validation loss
    /// is not weighted. With [`validation_split`](crate::GradientDescent::validation_split),
    /// give a weight for every sample: the held-out ones' are set aside with them.
    ///
    /// # Shapes
    /// - `weights`: `(n_samples,)`, as the inputs given to `fit_with`
    ///
    /// ```
    /// use neuron::{GradientDescent, Hooks, Loss, Neuron};
    /// use neuron::ndarray::array;
    ///
    /// // Two contradicting samples: the heavier one wins.
    /// let x = array![[1.0], [1.0]];
    /// let t = array![1.0, 0.0];
    /// let w = array![3.0, 1.0];
    /// let mut neuron = Neuron::new(array![0.0_f64]);
    /// let hooks = Hooks::new().sample_weights(&w);
    /// GradientDescent::new().learning_rate(1.0).epochs(500).fit_with(&mut neuron, &x, &t, Loss::BinaryCrossEntropy, hooks)?;
    /// // The weighted mean 3/4·(−ln y) + 1/4·(−ln(1 − y)) is least at y = 3/4.
    /// assert!((neuron.predict_proba(&x)?[0] - 0.75).abs() < 1e-3);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn sample_weights<S: Data<Elem = F>>(mut self, weights: &'a ArrayBase<S, Ix1>) -> Self {
        self.sample_weights = Some(weights.view());
        self
    }

    /// A function called after every epoch; returning `ControlFlow::Break(())`
    /// ends training there, keeping the weights of that epoch. Callbacks run
    /// in the order they were added, every one of them every epoch.
    pub fn on_epoch(
        mut self,
        mut callback: impl FnMut(&EpochReport<F>) -> ControlFlow<()> + 'a,
    ) -> Self {
        self.callbacks
            .push(Box::new(move |report, _: &M| Ok(callback(report))));
        self
    }

    /// A function called after every epoch with the report and the model as
    /// it is after that epoch, read-only: to measure it on data of your own,
    /// look at its weights or save it. Returning `Ok(ControlFlow::Break(()))`
    /// ends training there; an error ends it too, and `fit` returns that
    /// error (the model keeps the weights of that epoch).
    ///
    /// ```
    /// use std::ops::ControlFlow;
    /// use neuron::{GradientDescent, Hooks, Loss, Neuron};
    /// use neuron::ndarray::array;
    ///
    /// let x = array![[-1.0], [1.0]];
    /// let t = array![0.0, 1.0];
    /// let mut weights = Vec::new();
    /// let hooks = Hooks::new().on_epoch_with_model(|_, neuron: &Neuron<f64>| {
    ///     weights.push(neuron.weights()[0]);
    ///     Ok(ControlFlow::Continue(()))
    /// });
    /// let mut neuron = Neuron::new(array![0.0]);
    /// GradientDescent::new().epochs(3).fit_with(&mut neuron, &x, &t, Loss::BinaryCrossEntropy, hooks)?;
    /// assert_eq!(weights.len(), 3);
    /// assert_eq!(weights[2], neuron.weights()[0]);
    /// assert!(weights[0] > 0.0 && weights[1] > weights[0]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn on_epoch_with_model(
        mut self,
        callback: impl FnMut(&EpochReport<F>, &M) -> Result<ControlFlow<()>> + 'a,
    ) -> Self {
        self.callbacks.push(Box::new(callback));
        self
    }

    /// Saves the model during training, as `checkpoint` says when and
    /// where, with `save` (such as `|network, path| network.save(path)`):
    /// Keras's `ModelCheckpoint`. A failed save ends training with its error.
    ///
    /// ```
    /// # #[cfg(feature = "serde")] {
    /// use neuron::{Checkpoint, GradientDescent, Hooks, Loss, Neuron};
    /// use neuron::ndarray::array;
    ///
    /// let folder = std::env::temp_dir().join(format!("neuron-checkpoint-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&folder)?;
    /// let x = array![[-1.0], [1.0]];
    /// let t = array![0.0, 1.0];
    /// let hooks = Hooks::new()
    ///     .checkpoint(Checkpoint::best(folder.join("best.json")), |neuron: &Neuron<f64>, path| neuron.save(path))
    ///     .checkpoint(Checkpoint::every(2, folder.join("epoch-{epoch}.json"))?, |neuron, path| neuron.save(path));
    /// let mut neuron = Neuron::new(array![0.0]);
    /// GradientDescent::new().epochs(4).fit_with(&mut neuron, &x, &t, Loss::BinaryCrossEntropy, hooks)?;
    /// // The loss falls every epoch: the best model is the last one.
    /// assert_eq!(Neuron::<f64>::load(folder.join("best.json"))?, neuron);
    /// assert!(folder.join("epoch-2.json").exists() && folder.join("epoch-4.json").exists());
    /// assert!(!folder.join("epoch-3.json").exists());
    /// # std::fs::remove_dir_all(&folder)?;
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn checkpoint(
        mut self,
        checkpoint: Checkpoint,
        mut save: impl FnMut(&M, &Path) -> Result<()> + 'a,
    ) -> Self {
        let mut checkpoint = checkpoint;
        self.callbacks.push(Box::new(move |report, model: &M| {
            if let Some(path) = checkpoint.due(report.epoch, report.monitored_loss().as_f64()) {
                save(model, &path)?;
            }
            Ok(ControlFlow::Continue(()))
        }));
        self
    }
}
