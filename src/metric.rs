//! `Metric`: a number that training records after every epoch besides the
//! loss (accuracy, mean absolute error, …), as Keras's `metrics=[…]`.

use std::fmt;

use ndarray::{ArrayView2, Axis};

use crate::{Activation, Float};

/// A measure of a model's outputs against the targets that
/// [`GradientDescent::metrics`](crate::GradientDescent::metrics) asks `fit`
/// to record after every epoch, on the training set and on the validation
/// data, into [`History`](crate::History) and the
/// [`EpochReport`](crate::EpochReport).
///
/// With outputs `y` and targets `t`, `(n_samples, n_outputs)`:
///
/// | metric | value | as |
/// |---|---|---|
/// | `Accuracy` | the share of samples classified right: for one output, `y` and `t` on the same side of the output activation's [decision threshold](Activation::decision_threshold) (0.5 for the sigmoid); for several, the largest `y` where the largest `t` is | Keras's `accuracy` |
/// | `MeanAbsoluteError` | `mean |y − t|` over every value | [`metrics::regression::mae`](crate::metrics::regression::mae) |
/// | `MeanSquaredError` | `mean (y − t)²` over every value | [`metrics::regression::mse`](crate::metrics::regression::mse) |
/// | `RootMeanSquaredError` | `√MSE` | [`metrics::regression::rmse`](crate::metrics::regression::rmse) |
/// | `R2` | `1 − Σ(t − y)² / Σ(t − t̄)²` per output, averaged over the outputs | [`metrics::regression::r2`](crate::metrics::regression::r2), scikit-learn's `r2_score` |
///
/// ```
/// use neuron::Metric;
///
/// assert_eq!(Metric::Accuracy.name(), "accuracy");
/// assert_eq!(Metric::RootMeanSquaredError.to_string(), "rmse");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
pub enum Metric {
    /// The share of samples classified right.
    Accuracy,
    /// The mean absolute difference between outputs and targets.
    MeanAbsoluteError,
    /// The mean squared difference between outputs and targets.
    MeanSquaredError,
    /// The square root of the mean squared difference.
    RootMeanSquaredError,
    /// The coefficient of determination, averaged over the outputs.
    R2,
}

impl Metric {
    /// Every metric, in the order of their positions in [`MetricValues`].
    pub const ALL: [Metric; 5] = [
        Metric::Accuracy,
        Metric::MeanAbsoluteError,
        Metric::MeanSquaredError,
        Metric::RootMeanSquaredError,
        Metric::R2,
    ];

    /// The short name Keras gives it: `"accuracy"`, `"mae"`, `"mse"`, `"rmse"`, `"r2"`.
    pub fn name(self) -> &'static str {
        match self {
            Metric::Accuracy => "accuracy",
            Metric::MeanAbsoluteError => "mae",
            Metric::MeanSquaredError => "mse",
            Metric::RootMeanSquaredError => "rmse",
            Metric::R2 => "r2",
        }
    }

    /// Its name at the head of a title: `"Accuracy"`, `"Mean absolute error"`,
    /// `"Mean squared error"`, `"Root mean squared error"`, `"R²"`.
    #[cfg(feature = "plot")]
    pub(crate) fn heading(self) -> &'static str {
        match self {
            Metric::Accuracy => "Accuracy",
            Metric::MeanAbsoluteError => "Mean absolute error",
            Metric::MeanSquaredError => "Mean squared error",
            Metric::RootMeanSquaredError => "Root mean squared error",
            Metric::R2 => "R²",
        }
    }

    /// The lowest and highest values it can take, when both are bounded:
    /// `(0, 1)` for accuracy, a share. The errors have no upper bound and R²
    /// no lower one.
    #[cfg(feature = "plot")]
    pub(crate) fn bounds(self) -> Option<(f64, f64)> {
        match self {
            Metric::Accuracy => Some((0.0, 1.0)),
            Metric::MeanAbsoluteError
            | Metric::MeanSquaredError
            | Metric::RootMeanSquaredError
            | Metric::R2 => None,
        }
    }

    /// The metric's position in [`Metric::ALL`].
    fn position(self) -> usize {
        self as usize
    }

    /// The metric of `outputs` against `targets`, both `(n_samples,
    /// n_outputs)` and of one shape (the trainer checks), for outputs of
    /// `activation`. NaN for no samples, and for `R2` when a target column
    /// is constant but not predicted exactly (scikit-learn then gives 0 or
    /// 1: see [`metrics::regression::r2`](crate::metrics::regression::r2)).
    pub(crate) fn measure<F: Float>(
        self,
        outputs: ArrayView2<'_, F>,
        targets: ArrayView2<'_, F>,
        activation: Activation,
    ) -> F {
        let n = outputs.len() as f64;
        let sum = |term: &dyn Fn(F, F) -> F| {
            outputs
                .iter()
                .zip(targets.iter())
                .fold(F::zero(), |sum, (&y, &t)| sum + term(y, t))
        };
        match self {
            Metric::Accuracy => accuracy(outputs, targets, activation),
            Metric::MeanAbsoluteError => sum(&|y, t| (y - t).abs()) / F::from_f64(n),
            Metric::MeanSquaredError => sum(&|y, t| (y - t) * (y - t)) / F::from_f64(n),
            Metric::RootMeanSquaredError => {
                (sum(&|y, t| (y - t) * (y - t)) / F::from_f64(n)).sqrt()
            }
            Metric::R2 => r2(outputs, targets),
        }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The share of rows classified right (see [`Metric::Accuracy`]).
fn accuracy<F: Float>(
    outputs: ArrayView2<'_, F>,
    targets: ArrayView2<'_, F>,
    activation: Activation,
) -> F {
    let rows = outputs.nrows();
    let right = if outputs.ncols() == 1 {
        let threshold = F::from_f64(activation.decision_threshold().unwrap_or(0.5));
        outputs
            .iter()
            .zip(targets.iter())
            .filter(|&(&y, &t)| (y >= threshold) == (t >= threshold))
            .count()
    } else {
        outputs
            .outer_iter()
            .zip(targets.outer_iter())
            .filter(|(y, t)| argmax(y.iter()) == argmax(t.iter()))
            .count()
    };
    F::from_f64(right as f64 / rows as f64)
}

/// The position of the first largest value (NaN never largest).
fn argmax<'a, F: Float + 'a>(values: impl Iterator<Item = &'a F>) -> Option<usize> {
    values
        .enumerate()
        .fold(None, |best: Option<(usize, F)>, (i, &v)| match best {
            _ if v.is_nan() => best,
            Some((_, b)) if v <= b => best,
            _ => Some((i, v)),
        })
        .map(|(i, _)| i)
}

/// `1 − SS_res / SS_tot` per column, averaged (scikit-learn's
/// `multioutput="uniform_average"`).
fn r2<F: Float>(outputs: ArrayView2<'_, F>, targets: ArrayView2<'_, F>) -> F {
    let columns = outputs.ncols();
    let total = outputs
        .axis_iter(Axis(1))
        .zip(targets.axis_iter(Axis(1)))
        .fold(F::zero(), |total, (y, t)| {
            let n = F::from_f64(t.len() as f64);
            let mean = t.iter().fold(F::zero(), |s, &v| s + v) / n;
            let (residual, spread) = y.iter().zip(t.iter()).fold(
                (F::zero(), F::zero()),
                |(residual, spread), (&y, &t)| {
                    (
                        residual + (t - y) * (t - y),
                        spread + (t - mean) * (t - mean),
                    )
                },
            );
            total + (F::one() - residual / spread)
        });
    total / F::from_f64(columns as f64)
}

/// One value per [`Metric`], for the metrics that were measured: what an
/// [`EpochReport`](crate::EpochReport) carries.
///
/// ```
/// use neuron::{Metric, MetricValues};
///
/// let values = MetricValues::<f64>::default();
/// assert_eq!(values.get(Metric::Accuracy), None);
/// assert!(values.is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MetricValues<F> {
    values: [Option<F>; 5],
}

impl<F: Copy> MetricValues<F> {
    /// The value of `metric`, if it was measured.
    pub fn get(&self, metric: Metric) -> Option<F> {
        self.values.get(metric.position()).copied().flatten()
    }

    /// The metrics measured, with their values, in the order of [`Metric::ALL`].
    pub fn iter(&self) -> impl Iterator<Item = (Metric, F)> + '_ {
        Metric::ALL
            .iter()
            .zip(self.values.iter())
            .filter_map(|(&metric, value)| value.map(|v| (metric, v)))
    }

    /// Whether no metric was measured.
    pub fn is_empty(&self) -> bool {
        self.values.iter().all(Option::is_none)
    }

    pub(crate) fn set(&mut self, metric: Metric, value: F) {
        if let Some(slot) = self.values.get_mut(metric.position()) {
            *slot = Some(value);
        }
    }
}
