//! `Hooks`: what a training run reports after every epoch, and the extras
//! that [`GradientDescent::fit_with`](crate::GradientDescent::fit_with) takes:
//! validation data and a per-epoch callback.

use std::ops::ControlFlow;

use ndarray::{ArrayBase, ArrayView, ArrayView2, Data, Dimension, Ix2};

use crate::{AsTargets, Float};

/// What the per-epoch callback of [`Hooks::on_epoch`] is told.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EpochReport<F> {
    /// The epoch just finished, counted from 1.
    pub epoch: usize,
    /// The number of epochs asked for.
    pub epochs: usize,
    /// The training objective after this epoch.
    pub loss: F,
    /// The validation loss after this epoch, with validation data.
    pub validation_loss: Option<F>,
}

/// The callback type of [`Hooks::on_epoch`].
type EpochCallback<'a, F> = Box<dyn FnMut(&EpochReport<F>) -> ControlFlow<()> + 'a>;

/// Extras for [`GradientDescent::fit_with`](crate::GradientDescent::fit_with): validation data and a per-epoch callback.
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
pub struct Hooks<'a, F, D = Ix2> {
    pub(crate) validation: Option<(ArrayView<'a, F, D>, ArrayView2<'a, F>)>,
    pub(crate) on_epoch: Option<EpochCallback<'a, F>>,
}

impl<F, D> Default for Hooks<'_, F, D> {
    fn default() -> Self {
        Hooks {
            validation: None,
            on_epoch: None,
        }
    }
}

impl<'a, F: Float, D: Dimension> Hooks<'a, F, D> {
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

    /// A function called after every epoch; returning `ControlFlow::Break(())`
    /// ends training there, keeping the weights of that epoch.
    pub fn on_epoch(
        mut self,
        callback: impl FnMut(&EpochReport<F>) -> ControlFlow<()> + 'a,
    ) -> Self {
        self.on_epoch = Some(Box::new(callback));
        self
    }
}
