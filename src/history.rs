//! `History`: what happened during training, epoch by epoch.

use std::fmt;

use crate::{Metric, MetricValues};

/// The loss, the learning rate and the chosen [`Metric`]s after every epoch
/// of a training run, as Keras's `History.history`.
///
/// `loss()[i]` is the training objective after epoch `i + 1`, measured on the
/// whole training set: the mean loss plus the L2 penalty `(l2 / 2)·‖w‖²` when
/// one is set. With validation data, `validation_loss()[i]` is the mean loss on
/// it (without penalty) at the same moment. The metrics that
/// [`GradientDescent::metrics`](crate::GradientDescent::metrics) asks for are
/// measured at the same moments: [`metric`](History::metric) on the training
/// set, [`validation_metric`](History::validation_metric) on the validation data.
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
    #[cfg_attr(feature = "serde", serde(default))]
    learning_rate: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(default))]
    metrics: Vec<(Metric, Vec<F>)>,
    #[cfg_attr(feature = "serde", serde(default))]
    validation_metrics: Vec<(Metric, Vec<F>)>,
}

impl<F: Copy> History<F> {
    pub(crate) fn new() -> Self {
        History {
            loss: Vec::new(),
            validation_loss: Vec::new(),
            stopped_early: false,
            best_epoch: None,
            learning_rate: Vec::new(),
            metrics: Vec::new(),
            validation_metrics: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, loss: F, validation_loss: Option<F>) {
        self.loss.push(loss);
        self.validation_loss.extend(validation_loss);
    }

    /// Records an epoch of a gradient-descent run: its loss, learning rate and metrics.
    pub(crate) fn push_epoch(&mut self, report: &crate::EpochReport<F>) {
        self.push(report.loss, report.validation_loss);
        self.learning_rate.push(report.learning_rate);
        let record = |series: &mut Vec<(Metric, Vec<F>)>, values: &MetricValues<F>| {
            for (metric, value) in values.iter() {
                match series.iter_mut().find(|(m, _)| *m == metric) {
                    Some((_, values)) => values.push(value),
                    None => series.push((metric, vec![value])),
                }
            }
        };
        if !report.metrics.is_empty() {
            record(&mut self.metrics, &report.metrics);
        }
        if !report.validation_metrics.is_empty() {
            record(&mut self.validation_metrics, &report.validation_metrics);
        }
    }

    /// This history followed by `later`, the history of a run that went on
    /// from where this one ended (see [`Trainer`](crate::Trainer)).
    pub(crate) fn extend(&mut self, later: &History<F>) {
        self.loss.extend_from_slice(&later.loss);
        self.validation_loss
            .extend_from_slice(&later.validation_loss);
        self.learning_rate.extend_from_slice(&later.learning_rate);
        for (series, more) in [
            (&mut self.metrics, &later.metrics),
            (&mut self.validation_metrics, &later.validation_metrics),
        ] {
            for (metric, values) in more {
                match series.iter_mut().find(|(m, _)| m == metric) {
                    Some((_, old)) => old.extend_from_slice(values),
                    None => series.push((*metric, values.clone())),
                }
            }
        }
        self.stopped_early = later.stopped_early;
        if later.best_epoch.is_some() {
            self.best_epoch = later.best_epoch;
        }
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

    /// The learning rate of each epoch, as the [`Schedule`](crate::Schedule)
    /// set it (empty for the perceptron, which has none).
    pub fn learning_rate(&self) -> &[f64] {
        &self.learning_rate
    }

    /// `metric` on the training set after each epoch; empty if it was not asked for.
    ///
    /// ```
    /// use neuron::{GradientDescent, Loss, Metric, Neuron};
    /// use neuron::ndarray::array;
    ///
    /// let x = array![[-2.0], [-1.0], [1.0], [2.0]];
    /// let t = array![0.0, 0.0, 1.0, 1.0];
    /// let mut neuron = Neuron::new(array![-1.0]); // wrong way round: accuracy 0
    /// let history = GradientDescent::new()
    ///     .learning_rate(1.0)
    ///     .epochs(20)
    ///     .metrics(&[Metric::Accuracy])
    ///     .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)?;
    /// assert_eq!(history.metric(Metric::Accuracy).len(), 20);
    /// assert_eq!(history.metric(Metric::Accuracy).last(), Some(&1.0));
    /// assert!(history.metric(Metric::MeanAbsoluteError).is_empty());
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn metric(&self, metric: Metric) -> &[F] {
        series(&self.metrics, metric)
    }

    /// `metric` on the validation data after each epoch; empty without
    /// validation data or if it was not asked for.
    pub fn validation_metric(&self, metric: Metric) -> &[F] {
        series(&self.validation_metrics, metric)
    }

    /// The metrics recorded on the training set, in the order asked for.
    pub fn metrics(&self) -> impl Iterator<Item = Metric> + '_ {
        self.metrics.iter().map(|(metric, _)| *metric)
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

/// The values of `metric` in `series`, or none.
fn series<F>(series: &[(Metric, Vec<F>)], metric: Metric) -> &[F] {
    series
        .iter()
        .find(|(m, _)| *m == metric)
        .map_or(&[], |(_, values)| values.as_slice())
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
