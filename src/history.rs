//! `History`: what happened during training, epoch by epoch.

use std::fmt;

/// The loss after every epoch of a training run.
///
/// `loss()[i]` is the training objective after epoch `i + 1`, measured on the
/// whole training set: the mean loss plus the L2 penalty `(l2 / 2)·‖w‖²` when
/// one is set. With validation data, `validation_loss()[i]` is the mean loss on
/// it (without penalty) at the same moment.
///
/// ```
/// use neuron::{GradientDescent, Loss, Neuron};
/// use neuron::ndarray::array;
///
/// let mut neuron = Neuron::new(array![0.0]);
/// let x = array![[-1.0], [1.0]];
/// let t = array![0.0, 1.0];
/// let history = GradientDescent::new().learning_rate(1.0).epochs(50).fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)?;
/// assert_eq!(history.epochs(), 50);
/// assert!(history.final_loss().unwrap() < history.loss()[0]);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct History<F> {
    loss: Vec<F>,
    validation_loss: Vec<F>,
    stopped_early: bool,
    #[cfg_attr(feature = "serde", serde(default))]
    best_epoch: Option<usize>,
}

impl<F: Copy> History<F> {
    pub(crate) fn new() -> Self {
        History {
            loss: Vec::new(),
            validation_loss: Vec::new(),
            stopped_early: false,
            best_epoch: None,
        }
    }

    pub(crate) fn push(&mut self, loss: F, validation_loss: Option<F>) {
        self.loss.push(loss);
        self.validation_loss.extend(validation_loss);
    }

    pub(crate) fn stop_early(&mut self) {
        self.stopped_early = true;
    }

    pub(crate) fn set_best_epoch(&mut self, epoch: usize) {
        self.best_epoch = Some(epoch);
    }

    /// With early stopping on a validation set, the epoch (counted from 1)
    /// whose weights the model was given back at the end of training: the one
    /// with the lowest validation loss. `None` otherwise.
    pub fn best_epoch(&self) -> Option<usize> {
        self.best_epoch
    }

    /// The training objective after each epoch.
    pub fn loss(&self) -> &[F] {
        &self.loss
    }

    /// The validation loss after each epoch; empty without validation data.
    pub fn validation_loss(&self) -> &[F] {
        &self.validation_loss
    }

    /// The number of epochs run.
    pub fn epochs(&self) -> usize {
        self.loss.len()
    }

    /// The training objective after the last epoch, if any ran.
    pub fn final_loss(&self) -> Option<F> {
        self.loss.last().copied()
    }

    /// Whether training ended before its last epoch: by early stopping, by the
    /// callback, or, for the perceptron, because every sample was classified right.
    pub fn stopped_early(&self) -> bool {
        self.stopped_early
    }
}

impl<F: Copy + fmt::Display> fmt::Display for History<F> {
    /// `History(50 epochs, loss 0.6931 → 0.0123)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let precision = f.precision().unwrap_or(4);
        match (self.loss.first(), self.loss.last()) {
            (Some(first), Some(last)) => write!(
                f,
                "History({} epochs, loss {first:.precision$} → {last:.precision$}{})",
                self.epochs(),
                if self.stopped_early {
                    ", stopped early"
                } else {
                    ""
                }
            ),
            _ => write!(f, "History(0 epochs)"),
        }
    }
}
