//! `Trainer`: a training run that can go on, call after call, where it
//! stopped: the optimiser's state, the schedule's position, the generators
//! and the history kept between calls.

use ndarray::{
    Array1, ArrayBase, ArrayView, ArrayView1, ArrayView2, Axis, Data, RemoveAxis, Slice,
};

use super::run::{Plan, Progress, Run, check_fit_data};
use super::settings::GradientDescent;
use super::stopping::{BestModel, EarlyStopping};
use super::validation::{RandomParts, split_off_last};
use super::verbose::EpochClock;
use crate::sample_weights::{check_class_weights, check_sample_weights, from_classes};
use crate::{
    AsTargets, EpochReport, Error, Float, History, Hooks, Loss, Metric, MetricValues, Result,
    Scheduler, Trainable, Workspace,
};

/// Samples per block when the metrics' outputs are computed.
const METRIC_ROWS: usize = 256;

/// Gradient descent that keeps its state between calls, so that training
/// can go on where it stopped: Keras's `fit` called again, or a PyTorch loop
/// that keeps its optimiser and scheduler.
///
/// [`GradientDescent::fit`] starts every run afresh: new optimiser state,
/// the schedule at its first epoch, the shuffling generator at its seed. A
/// `Trainer` made from the same settings keeps all of that, and its
/// [`fit_epochs`](Trainer::fit_epochs) trains for as many more epochs as
/// asked. Training 5 epochs and then 5 more takes the same steps, to the
/// bit, as 10 in one call (with every optimiser, schedule, shuffling and
/// dropout), as long as the data and the model are the same between calls.
/// The settings' [`epochs`](GradientDescent::epochs) is the length of the
/// run that schedules such as cosine annealing are laid out over.
///
/// Each call returns the [`History`] of its own epochs; [`history`](Trainer::history)
/// holds them all. Epochs are numbered from the trainer's first. If an epoch
/// fails (the loss diverges, a callback's save fails), the model and the
/// trainer are left as they were after the last good epoch. Early stopping
/// counts across calls; with validation data, each call ends with the model
/// of the best epoch so far, and the next call goes on from it.
///
/// ```
/// use neuron::prelude::*;
///
/// let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
/// let t = array![0.0, 1.0, 1.0, 1.0];
/// let settings = GradientDescent::new()
///     .optimizer(Optimizer::adam())
///     .schedule(Schedule::cosine(0.0))
///     .epochs(10)
///     .batch_size(2);
///
/// let mut once = Neuron::new(array![0.0, 0.0]);
/// settings.fit(&mut once, &x, &t, Loss::BinaryCrossEntropy)?;
///
/// let mut twice = Neuron::new(array![0.0, 0.0]);
/// let mut trainer = settings.trainer();
/// trainer.fit_epochs(&mut twice, &x, &t, Loss::BinaryCrossEntropy, 5)?;
/// trainer.fit_epochs(&mut twice, &x, &t, Loss::BinaryCrossEntropy, 5)?;
/// assert_eq!(twice, once); // the same bits
/// assert_eq!(trainer.epochs_done(), 10);
/// assert_eq!(trainer.history().epochs(), 10);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Clone)]
pub struct Trainer<F> {
    settings: GradientDescent,
    progress: Progress,
    /// The learning rate's schedule, followed across calls (made at the
    /// first call, when the settings are checked).
    scheduler: Option<Scheduler>,
    stopping: EarlyStopping<F>,
    workspace: Workspace<F>,
    history: History<F>,
}

impl GradientDescent {
    /// A [`Trainer`] with these settings, at the start of its run.
    pub fn trainer<F: Float>(&self) -> Trainer<F> {
        Trainer::new(self.clone())
    }
}

impl<F: Float> Trainer<F> {
    /// A run with `settings`, not yet started.
    pub fn new(settings: GradientDescent) -> Self {
        Trainer {
            progress: Progress::new(&settings),
            scheduler: None,
            stopping: EarlyStopping::new(settings.tolerance, settings.patience),
            workspace: Workspace::new(),
            history: History::new(),
            settings,
        }
    }

    /// The settings.
    pub fn settings(&self) -> &GradientDescent {
        &self.settings
    }

    /// The epochs trained so far, over every call.
    pub fn epochs_done(&self) -> usize {
        self.progress.epochs_done
    }

    /// The history of every epoch so far, over every call.
    pub fn history(&self) -> &History<F> {
        &self.history
    }

    /// The learning rate of the next epoch (the settings' before the first).
    pub fn learning_rate(&self) -> f64 {
        self.scheduler
            .as_ref()
            .map_or(self.settings.learning_rate, Scheduler::learning_rate)
    }

    /// Trains `model` for the settings' [`epochs`](GradientDescent::epochs)
    /// more epochs; see [`GradientDescent::fit`], which is this on a new trainer.
    ///
    /// # Errors
    /// As [`GradientDescent::fit`].
    pub fn fit<M, S, D, T>(
        &mut self,
        model: &mut M,
        inputs: &ArrayBase<S, D>,
        targets: &T,
        loss: Loss,
    ) -> Result<History<F>>
    where
        M: Trainable<F>,
        S: Data<Elem = F>,
        D: RemoveAxis,
        T: AsTargets<F> + ?Sized,
    {
        let epochs = self.settings.epochs;
        self.fit_epochs_with(model, inputs, targets, loss, epochs, Hooks::new())
    }

    /// [`fit`](Trainer::fit) with validation data and callbacks.
    ///
    /// # Errors
    /// As [`GradientDescent::fit_with`].
    pub fn fit_with<M, S, D, T>(
        &mut self,
        model: &mut M,
        inputs: &ArrayBase<S, D>,
        targets: &T,
        loss: Loss,
        hooks: Hooks<'_, F, D, M>,
    ) -> Result<History<F>>
    where
        M: Trainable<F>,
        S: Data<Elem = F>,
        D: RemoveAxis,
        T: AsTargets<F> + ?Sized,
    {
        let epochs = self.settings.epochs;
        self.fit_epochs_with(model, inputs, targets, loss, epochs, hooks)
    }

    /// Trains `model` for `epochs` more epochs.
    ///
    /// # Errors
    /// As [`GradientDescent::fit`]; [`Error::InvalidSetting`] for 0 epochs.
    pub fn fit_epochs<M, S, D, T>(
        &mut self,
        model: &mut M,
        inputs: &ArrayBase<S, D>,
        targets: &T,
        loss: Loss,
        epochs: usize,
    ) -> Result<History<F>>
    where
        M: Trainable<F>,
        S: Data<Elem = F>,
        D: RemoveAxis,
        T: AsTargets<F> + ?Sized,
    {
        self.fit_epochs_with(model, inputs, targets, loss, epochs, Hooks::new())
    }

    /// [`fit_epochs`](Trainer::fit_epochs) with validation data and callbacks.
    ///
    /// # Errors
    /// As [`GradientDescent::fit_with`]; [`Error::InvalidSetting`] for 0 epochs.
    pub fn fit_epochs_with<M, S, D, T>(
        &mut self,
        model: &mut M,
        inputs: &ArrayBase<S, D>,
        targets: &T,
        loss: Loss,
        epochs: usize,
        hooks: Hooks<'_, F, D, M>,
    ) -> Result<History<F>>
    where
        M: Trainable<F>,
        S: Data<Elem = F>,
        D: RemoveAxis,
        T: AsTargets<F> + ?Sized,
    {
        self.settings.check::<F>()?;
        if epochs == 0 {
            return Err(Error::InvalidSetting {
                name: "epochs",
                value: 0.0,
                requirement: "at least 1",
            });
        }
        let (inputs, targets) = (inputs.view(), targets.as_targets());
        // Keras's validation_split: the last samples, unless validation data is given.
        let mut hooks = hooks;
        let given = hooks.validation.take();
        let given_weights = hooks.sample_weights.take();
        if let Some(w) = given_weights {
            check_sample_weights(w, inputs.len_of(Axis(0)))?;
        }
        let drawn: RandomParts<F, D>;
        let (inputs, targets, validation, given_weights) = match (
            self.settings.validation_split,
            self.settings.validation_seed,
            given,
        ) {
            (Some(fraction), Some(seed), None) => {
                let stratified = matches!(loss, Loss::CrossEntropy | Loss::BinaryCrossEntropy);
                drawn =
                    RandomParts::draw(inputs, targets, given_weights, fraction, seed, stratified)?;
                let validation = (drawn.validation.0.view(), drawn.validation.1.view());
                let (x, t) = (drawn.training.0.view(), drawn.training.1.view());
                (
                    x,
                    t,
                    Some(validation),
                    drawn.weights.as_ref().map(|w| w.view()),
                )
            }
            (Some(fraction), None, None) => {
                let ((x, t), held) = split_off_last(inputs, targets, fraction)?;
                let n = x.len_of(Axis(0));
                let w = given_weights.map(|w| w.slice_axis_move(Axis(0), Slice::from(..n)));
                (x, t, Some(held), w)
            }
            (_, _, given) => (inputs, targets, given, given_weights),
        };
        let settings = &self.settings;
        let plan = Plan::new(settings, model, inputs.len_of(Axis(0)));
        check_fit_data(model, &inputs, &targets, loss, validation.as_ref(), &plan)?;
        let weights = sample_weights(model, given_weights, settings, targets)?;
        let scheduler = match &mut self.scheduler {
            Some(scheduler) => scheduler,
            None => self.scheduler.insert(Scheduler::new(
                settings.schedule,
                settings.learning_rate,
                settings.epochs,
            )?),
        };
        let last_epoch = self.progress.epochs_done + epochs;
        let mut run = Run::new(
            &mut self.progress,
            &mut self.workspace,
            &plan,
            (inputs.raw_dim(), targets.ncols()),
            weights,
        );

        let mut history = History::new();
        // With early stopping on a validation set: the best epoch and its model.
        let mut best = BestModel::new(settings.tolerance.is_some() && validation.is_some());
        let mut clock = EpochClock::start(settings.verbose);
        let activation = model.output_activation();
        #[cfg(feature = "progress")]
        if settings.progress {
            let n = inputs.len_of(Axis(0));
            let batches = n.div_ceil(settings.batch_size.unwrap_or(n).clamp(1, n.max(1)));
            run.bar = Some(super::progress_bar::Bar::new(
                last_epoch + 1 - epochs,
                last_epoch,
                batches,
            ));
        }
        let outcome = (|| {
            run.first_pass(model, inputs.view(), targets, loss, &plan)?;
            for _ in 0..epochs {
                let learning_rate = scheduler.learning_rate();
                if !learning_rate.is_finite() {
                    return Err(Error::InvalidSetting {
                        name: "schedule",
                        value: learning_rate,
                        requirement: "a finite learning rate in every epoch (shorten the run or change the schedule)",
                    });
                }
                let objective = run.epoch(
                    settings,
                    model,
                    inputs.view(),
                    targets,
                    loss,
                    &plan,
                    F::from_f64(learning_rate),
                )?;
                let epoch = run.epochs_done();
                let (validation_loss, validation_metrics) = match &validation {
                    Some((x, t)) => (
                        Some(model.loss(x.view(), t.view(), loss)?),
                        measure(model, x.view(), t.view(), &settings.metrics, activation)?,
                    ),
                    None => (None, MetricValues::default()),
                };
                let report = EpochReport {
                    epoch,
                    epochs: last_epoch,
                    loss: objective,
                    validation_loss,
                    learning_rate,
                    metrics: measure(model, inputs.view(), targets, &settings.metrics, activation)?,
                    validation_metrics,
                };
                history.push_epoch(&report);
                #[cfg(feature = "progress")]
                if let Some(bar) = run.bar.as_mut() {
                    bar.epoch_done(&report);
                }
                best.observe(epoch, validation_loss, model);
                if settings.verbose {
                    clock.print(&report);
                }
                let monitored = report.monitored_loss();
                let mut stop = false;
                for callback in &mut hooks.callbacks {
                    stop |= callback(&report, model)?.is_break();
                }
                stop |= self.stopping.stops_after(monitored);
                scheduler.step(monitored.as_f64());
                if stop {
                    if history.epochs() < epochs {
                        history.stop_early();
                    }
                    break;
                }
            }
            Ok::<(), Error>(())
        })();
        #[cfg(feature = "progress")]
        if let Some(bar) = run.bar.as_mut() {
            bar.finish();
        }
        best.restore(model, &mut history);
        self.history.extend(&history);
        outcome.map(|()| history)
    }
}

/// The weight of each training sample: the given sample weights (of the
/// training part) times the class weights;
/// `None` without either.
///
/// # Errors
/// Class weights that are not one per class, finite and ≥ 0; a model that
/// does not weigh samples; training weights that are all 0.
fn sample_weights<F: Float, M: Trainable<F>>(
    model: &M,
    given: Option<ArrayView1<'_, F>>,
    settings: &GradientDescent,
    targets: ArrayView2<'_, F>,
) -> Result<Option<Array1<F>>> {
    let n = targets.nrows();
    let from_classes = match &settings.class_weights {
        Some(class_weights) => {
            check_class_weights(class_weights)?;
            Some(from_classes(class_weights, targets)?)
        }
        None => None,
    };
    let weights = match (given, from_classes) {
        (None, None) => return Ok(None),
        (Some(given), None) => given.to_owned(),
        (None, Some(classes)) => classes,
        (Some(given), Some(classes)) => &given * &classes,
    };
    if !model.weighs_samples() {
        return Err(Error::InvalidSetting {
            name: "sample_weights",
            value: weights.len() as f64,
            requirement: "a model whose loss_and_gradient_in weighs samples (Trainable::weighs_samples)",
        });
    }
    check_sample_weights(weights.view(), n)?;
    Ok(Some(weights))
}

/// `metrics` of `model` on a data set, its outputs computed [`METRIC_ROWS`]
/// samples at a time; none when no metric is asked for.
fn measure<F: Float, M: Trainable<F>, D: RemoveAxis>(
    model: &M,
    inputs: ArrayView<'_, F, D>,
    targets: ArrayView2<'_, F>,
    metrics: &[Metric],
    activation: crate::Activation,
) -> Result<MetricValues<F>> {
    let mut values = MetricValues::default();
    if metrics.is_empty() {
        return Ok(values);
    }
    let n = inputs.len_of(Axis(0));
    let mut outputs = ndarray::Array2::zeros((n, targets.ncols()));
    for start in (0..n).step_by(METRIC_ROWS) {
        let rows = Slice::from(start..(start + METRIC_ROWS).min(n));
        let mut h = model.output_net_input(inputs.slice_axis(Axis(0), rows))?;
        activation.apply_inplace(&mut h);
        outputs.slice_axis_mut(Axis(0), rows).assign(&h);
    }
    for &metric in metrics {
        values.set(metric, metric.measure(outputs.view(), targets, activation));
    }
    Ok(values)
}
