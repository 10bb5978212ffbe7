//! `GradientDescent`: training settings as one value, and the one training loop.

mod run;
mod stopping;

use ndarray::{ArrayBase, ArrayView, ArrayView2, Axis, Data, Dimension, RemoveAxis};

use self::run::{Plan, Run, check_fit_data};
use self::stopping::{BestModel, EarlyStopping};
use crate::checks::{check_learning_rate_and_epochs, representable_in};
use crate::{
    AsTargets, EpochReport, Error, Float, History, Hooks, Loss, Optimizer, Result, Schedule,
    Trainable,
};

/// Gradient-descent training, set up as one value and then applied with
/// [`fit`](GradientDescent::fit).
///
/// Each epoch walks through the training set in batches; for each batch the
/// parameters take one step against the gradient of the objective
///
/// ```text
/// J(w, b) = mean loss + (l2 / 2)·‖w‖²       w ← w − η·(∂loss/∂w + l2·w),  b ← b − η·∂loss/∂b
/// ```
///
/// (the penalty is on the weights, not the biases). That is plain gradient
/// descent, the default [`Optimizer::sgd`]; [`optimizer`](GradientDescent::optimizer)
/// chooses momentum, Nesterov, Adam or AdamW instead, and
/// [`schedule`](GradientDescent::schedule) changes `η` from epoch to epoch. The batch size chooses the
/// flavour: the whole set (the default, "full batch"), a few samples
/// ([`batch_size`](GradientDescent::batch_size)) or one sample at a time
/// ([`per_sample`](GradientDescent::per_sample), as the lecture series trains).
/// Batches are drawn in an order shuffled by a seeded generator, so the same
/// settings give the same run on every machine.
///
/// | setting | default |
/// |---|---|
/// | `learning_rate` (η) | `0.1` |
/// | `epochs` | `100` |
/// | `batch_size` | the whole training set |
/// | `l2` | `0` |
/// | `shuffle` / `seed` | `true` / `0` |
/// | `tolerance` / `patience` | none / `5` epochs |
/// | `optimizer` | [`Optimizer::sgd`] |
/// | `schedule` | [`Schedule::Constant`] |
///
/// Each setting is a public field too, to read back (`settings.learning_rate`).
///
/// ```
/// use neuron::{GradientDescent, Loss, Neuron};
/// use neuron::ndarray::array;
///
/// // Learn the OR gate with a sigmoid neuron and cross-entropy: logistic regression.
/// let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
/// let t = array![0.0, 1.0, 1.0, 1.0];
/// let mut neuron = Neuron::new(array![0.0, 0.0]);
/// let history = GradientDescent::new()
///     .learning_rate(1.0)
///     .epochs(500)
///     .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)?;
/// assert_eq!(neuron.predict(&x)?, t);
/// assert!(history.final_loss().unwrap() < 0.05);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(default)
)]
#[non_exhaustive]
pub struct GradientDescent {
    /// The step size η.
    pub learning_rate: f64,
    /// Passes over the training set.
    pub epochs: usize,
    /// Samples per step; `None` for the whole training set.
    pub batch_size: Option<usize>,
    /// The L2 penalty λ on the weights.
    pub l2: f64,
    /// Whether mini-batches are visited in a new random order every epoch.
    pub shuffle: bool,
    /// The seed of that order.
    pub seed: u64,
    /// The smallest improvement that counts, for early stopping; `None` for no early stopping.
    pub tolerance: Option<f64>,
    /// Epochs without enough improvement before stopping early.
    pub patience: usize,
    /// The update rule of each step.
    pub optimizer: Optimizer,
    /// The learning rate from epoch to epoch.
    pub schedule: Schedule,
}

impl Default for GradientDescent {
    fn default() -> Self {
        GradientDescent {
            learning_rate: 0.1,
            epochs: 100,
            batch_size: None,
            l2: 0.0,
            shuffle: true,
            seed: 0,
            tolerance: None,
            patience: 5,
            optimizer: Optimizer::sgd(),
            schedule: Schedule::Constant,
        }
    }
}

impl GradientDescent {
    /// The default settings (see the table above).
    ///
    /// ```
    /// use neuron::GradientDescent;
    ///
    /// let settings = GradientDescent::new().learning_rate(0.5).epochs(20).batch_size(8).l2(1e-3).seed(7);
    /// assert_eq!((settings.learning_rate, settings.epochs, settings.batch_size), (0.5, 20, Some(8)));
    /// assert_eq!((settings.l2, settings.seed, settings.shuffle), (1e-3, 7, true));
    /// assert_eq!(GradientDescent::new().per_sample().batch_size, Some(1));
    /// assert_eq!(settings.full_batch().batch_size, None);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The step size η; must be finite and > 0.
    pub fn learning_rate(mut self, learning_rate: f64) -> Self {
        self.learning_rate = learning_rate;
        self
    }

    /// The number of passes over the training set; must be ≥ 1.
    pub fn epochs(mut self, epochs: usize) -> Self {
        self.epochs = epochs;
        self
    }

    /// Samples per step: mini-batch training; must be ≥ 1. A batch size at least
    /// the size of the training set is full-batch training.
    pub fn batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = Some(batch_size);
        self
    }

    /// One step per batch of the whole training set (the default).
    pub fn full_batch(mut self) -> Self {
        self.batch_size = None;
        self
    }

    /// One step per sample, as the lecture series trains: `batch_size(1)`.
    pub fn per_sample(self) -> Self {
        self.batch_size(1)
    }

    /// The L2 penalty `λ` on the weights: the objective becomes
    /// `mean loss + (λ / 2)·‖w‖²`. scikit-learn's `LogisticRegression(C=C)`
    /// corresponds to `λ = 1 / (C · n_samples)`. Must be finite and ≥ 0.
    pub fn l2(mut self, l2: f64) -> Self {
        self.l2 = l2;
        self
    }

    /// Whether to visit mini-batches in a new random order every epoch (default `true`).
    pub fn shuffle(mut self, shuffle: bool) -> Self {
        self.shuffle = shuffle;
        self
    }

    /// The seed of the shuffling order (default `0`).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Early stopping: stop when the monitored loss (the validation loss if
    /// there is validation data, else the training objective) has improved by
    /// less than `tolerance` over the best so far for
    /// [`patience`](GradientDescent::patience) epochs in a row. Must be finite and ≥ 0.
    ///
    /// With validation data ([`Hooks::validation`]), the model ends with the
    /// weights of the epoch that had the lowest validation loss, as
    /// scikit-learn's `early_stopping` and Keras's `restore_best_weights` do;
    /// [`History::best_epoch`] says which epoch that was.
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = Some(tolerance);
        self
    }

    /// Epochs without enough improvement before early stopping (default `5`); must be ≥ 1.
    pub fn patience(mut self, patience: usize) -> Self {
        self.patience = patience;
        self
    }

    /// The update rule of each step: [`Optimizer::sgd`] (the default),
    /// momentum, Nesterov, Adam or AdamW. Every `fit` starts it with empty state.
    ///
    /// ```
    /// use neuron::{GradientDescent, Optimizer};
    ///
    /// let settings = GradientDescent::new().optimizer(Optimizer::adam()).learning_rate(1e-3);
    /// assert_eq!(settings.optimizer.name(), "adam");
    /// ```
    pub fn optimizer(mut self, optimizer: impl Into<Optimizer>) -> Self {
        self.optimizer = optimizer.into();
        self
    }

    /// The learning rate from epoch to epoch: constant (the default), step
    /// decay or cosine annealing, starting at [`learning_rate`](GradientDescent::learning_rate).
    pub fn schedule(mut self, schedule: Schedule) -> Self {
        self.schedule = schedule;
        self
    }

    /// Trains `model` on `inputs` and `targets` to lower `loss`; returns the
    /// loss after every epoch.
    ///
    /// Everything is checked before the first step. If the loss or a parameter
    /// becomes NaN or infinite, training stops with [`Error::Diverged`] and the
    /// model keeps the parameters it had before that epoch: nothing is lost.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_inputs)`, any memory layout; or, for a
    ///   network, the sample on the first axis and the shape its first layer
    ///   reads after it (`(n_samples, channels, height, width)` for images)
    /// - `targets`: `(n_samples,)` for a single output, or `(n_samples, n_outputs)`
    ///
    /// # Errors
    /// - [`Error::InvalidSetting`]: a learning rate that is not finite and > 0,
    ///   zero epochs, a zero batch size, a negative or non-finite `l2` or tolerance, zero patience;
    /// - [`Error::Empty`]: no samples;
    /// - [`Error::FeatureMismatch`], [`Error::RowMismatch`], [`Error::TargetWidthMismatch`]: shapes that disagree;
    /// - [`Error::NonFiniteInput`], [`Error::NonFiniteTarget`]: NaN or ∞ in the data, with row and column;
    /// - [`Error::TargetOutOfRange`]: cross-entropy with a target outside `[0, 1]`;
    /// - [`Error::ActivationMismatch`]: cross-entropy without a sigmoid output;
    /// - [`Error::Diverged`]: the loss became non-finite during training.
    ///
    /// ```
    /// use neuron::{Error, GradientDescent, Loss, Neuron};
    /// use neuron::ndarray::array;
    ///
    /// let mut neuron = Neuron::new(array![0.0]);
    /// let err = GradientDescent::new()
    ///     .learning_rate(-1.0)
    ///     .fit(&mut neuron, &array![[1.0]], &array![1.0], Loss::MeanSquaredError)
    ///     .unwrap_err();
    /// assert_eq!(err.to_string(), "learning_rate is -1, but it must be finite and > 0");
    /// ```
    pub fn fit<F, M, S, D, T>(
        &self,
        model: &mut M,
        inputs: &ArrayBase<S, D>,
        targets: &T,
        loss: Loss,
    ) -> Result<History<F>>
    where
        F: Float,
        M: Trainable<F>,
        S: Data<Elem = F>,
        D: RemoveAxis,
        T: AsTargets<F> + ?Sized,
    {
        self.fit_with(model, inputs, targets, loss, Hooks::new())
    }

    /// [`fit`](GradientDescent::fit) with validation data and a per-epoch callback.
    ///
    /// # Errors
    /// As [`fit`](GradientDescent::fit); the validation data is checked the same way.
    pub fn fit_with<F, M, S, D, T>(
        &self,
        model: &mut M,
        inputs: &ArrayBase<S, D>,
        targets: &T,
        loss: Loss,
        mut hooks: Hooks<'_, F, D>,
    ) -> Result<History<F>>
    where
        F: Float,
        M: Trainable<F>,
        S: Data<Elem = F>,
        D: RemoveAxis,
        T: AsTargets<F> + ?Sized,
    {
        self.check_settings()?;
        self.check_settings_in::<F>()?;
        let inputs = inputs.view();
        let targets = targets.as_targets();
        let plan = Plan::new(self, model, inputs.len_of(Axis(0)));
        check_fit_data(model, &inputs, &targets, loss, &hooks, &plan)?;
        let mut run = Run::new(self, &plan, inputs.raw_dim(), targets.ncols());
        run.first_pass(model, inputs.view(), targets, loss, &plan)?;

        let mut history = History::new();
        let mut stopping = EarlyStopping::new(self.tolerance, self.patience);
        // With early stopping on a validation set: the best epoch and its model.
        let mut best = BestModel::new(self.tolerance.is_some() && hooks.validation.is_some());
        for epoch in 1..=self.epochs {
            let objective = run.epoch(self, model, inputs.view(), targets, loss, &plan, epoch)?;
            let validation_loss = match &hooks.validation {
                Some((x, t)) => Some(model.loss(x.view(), t.view(), loss)?),
                None => None,
            };
            history.push(objective, validation_loss);
            best.observe(epoch, validation_loss, model);
            let report = EpochReport {
                epoch,
                epochs: self.epochs,
                loss: objective,
                validation_loss,
            };
            let stop = hooks
                .on_epoch
                .as_mut()
                .is_some_and(|callback| callback(&report).is_break())
                || stopping.stops_after(validation_loss.unwrap_or(objective));
            if stop {
                if epoch < self.epochs {
                    history.stop_early();
                }
                break;
            }
        }
        best.restore(model, &mut history);
        Ok(history)
    }

    /// The objective `mean loss + (l2 / 2)·‖w‖²` of `model` on a data set.
    ///
    /// # Errors
    /// As [`Trainable::loss`].
    ///
    /// ```
    /// use neuron::{GradientDescent, Loss, Neuron};
    /// use neuron::ndarray::array;
    ///
    /// let neuron = Neuron::new(array![3.0, 4.0]);
    /// let x = array![[0.0, 0.0]];
    /// // BCE at h = 0 is ln 2; the penalty is (0.1 / 2)·(9 + 16) = 1.25.
    /// let j: f64 = GradientDescent::new().l2(0.1).objective(&neuron, x.view(), array![[1.0]].view(), Loss::BinaryCrossEntropy)?;
    /// assert!((j - (std::f64::consts::LN_2 + 1.25)).abs() < 1e-15);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn objective<F: Float, M: Trainable<F>, D: Dimension>(
        &self,
        model: &M,
        inputs: ArrayView<'_, F, D>,
        targets: ArrayView2<'_, F>,
        loss: Loss,
    ) -> Result<F> {
        Ok(model.loss(inputs, targets, loss)? + self.penalty(model))
    }

    /// `(l2 / 2)·‖w‖²`.
    pub(crate) fn penalty<F: Float, M: Trainable<F>>(&self, model: &M) -> F {
        if self.l2 > 0.0 {
            F::from_f64(self.l2 / 2.0) * model.weights_norm_squared()
        } else {
            F::zero()
        }
    }

    /// Settings that are fine in `f64` must also be usable in `F`, where they
    /// are applied: a learning rate of 1e-50 is 0 in `f32`, and 1e300 is ∞.
    fn check_settings_in<F: Float>(&self) -> Result<()> {
        representable_in::<F>("learning_rate", self.learning_rate)?;
        representable_in::<F>("l2", self.l2)?;
        self.optimizer.check_in::<F>()?;
        if let Schedule::Cosine { min_learning_rate } = self.schedule {
            representable_in::<F>("min_learning_rate", min_learning_rate)?;
        }
        Ok(())
    }

    fn check_settings(&self) -> Result<()> {
        let invalid = |name, value, requirement| {
            Err(Error::InvalidSetting {
                name,
                value,
                requirement,
            })
        };
        check_learning_rate_and_epochs(self.learning_rate, self.epochs)?;
        self.optimizer.check()?;
        self.schedule.check(self.learning_rate)?;
        if self.batch_size == Some(0) {
            return invalid("batch_size", 0.0, "at least 1");
        }
        if !(self.l2.is_finite() && self.l2 >= 0.0) {
            return invalid("l2", self.l2, "finite and ≥ 0");
        }
        if let Some(tolerance) = self.tolerance
            && !(tolerance.is_finite() && tolerance >= 0.0)
        {
            return invalid("tolerance", tolerance, "finite and ≥ 0");
        }
        if self.patience == 0 {
            return invalid("patience", 0.0, "at least 1");
        }
        Ok(())
    }
}
