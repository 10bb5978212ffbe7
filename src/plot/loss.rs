//! Curves over the epochs of a training run: the loss, and any metric that
//! training recorded, each on the training set and on the validation data.

use plotters::prelude::*;

use super::canvas::{BOLD_GRID, LIGHT_GRID, Mark, axes, colour, extent, frame, padded, px, render};
use super::svg::Svg;
use crate::notebook::numbers::significant;
use crate::{Error, Float, History, Metric, Result};

/// A curve of one value per epoch, as `(epoch, value)` from epoch 1, and its
/// name in the legend.
type Curve = (&'static str, Vec<(i64, f64)>);

/// The loss after every epoch of `history`, with the validation loss as a
/// second curve when there is one, and a legend naming them with their last
/// values ("training, last 0.0757").
///
/// The x axis is labelled "epoch" and counts from 1; the y axis is labelled
/// "loss" and starts at 0 (or below, for a negative loss); the title says when
/// training stopped early. Each curve has one
/// point per epoch. The training curve is the training objective, which
/// includes the L2 penalty when one is set (see [`History`]).
///
/// # Errors
/// - [`Error::Empty`] for a history of no epochs;
/// - [`Error::InvalidValue`] for a loss that is NaN or infinite.
///
/// ```
/// use neuron::{Error, GradientDescent, History, Loss, Neuron, plot};
/// use neuron::ndarray::array;
///
/// let mut neuron = Neuron::new(array![0.0]);
/// let history = GradientDescent::new()
///     .learning_rate(1.0)
///     .epochs(20)
///     .fit(&mut neuron, &array![[-1.0], [1.0]], &array![0.0, 1.0], Loss::BinaryCrossEntropy)?;
/// let svg = plot::loss_curve(&history)?;
/// assert!(svg.as_str().contains("\nepoch\n</text>") && svg.as_str().contains("\nloss\n</text>"));
///
/// let err = plot::loss_curve(&History::<f64>::default()).unwrap_err();
/// assert_eq!(err, Error::Empty { what: "the history" });
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn loss_curve<F: Float>(history: &History<F>) -> Result<Svg> {
    const PLOT: &str = "the loss curve";
    not_empty(history)?;
    let curves = training_and_validation(
        (history.loss(), "loss"),
        (history.validation_loss(), "validation loss"),
    )?;
    let y_range = from_zero(PLOT, "loss", &curves)?;
    draw(PLOT, &title("Loss", history), "loss", curves, y_range)
}

/// `metric` after every epoch of `history`, on the training set and, when
/// there is validation data, on it as a second curve, with a legend naming
/// them with their last values ("training, last 0.9875"): the gap between
/// the two is what the model learned of its training set alone.
///
/// `history` has the metric when training was asked for it with
/// [`GradientDescent::metrics`](crate::GradientDescent::metrics). The x axis
/// is labelled "epoch" and counts from 1; the y axis is labelled with the
/// metric's [`name`](Metric::name) ("accuracy") and shows all the values it
/// can take when they are bounded (0 to 1 for accuracy), else starts at 0 (or
/// below, for a negative R²). The title names the metric ("Accuracy per
/// epoch") and says when training stopped early. As Keras users draw
/// `history.history["accuracy"]` and `["val_accuracy"]`.
///
/// # Errors
/// - [`Error::Empty`] for a history of no epochs;
/// - [`Error::MetricNotRecorded`] naming `metric` when training did not record it;
/// - [`Error::InvalidValue`] for a value that is NaN or infinite.
///
/// ```
/// use neuron::{Error, GradientDescent, Hooks, Loss, Metric, Neuron, plot};
/// use neuron::ndarray::array;
///
/// let x = array![[-2.0], [-1.0], [1.0], [2.0]];
/// let t = array![0.0, 0.0, 1.0, 1.0];
/// let mut neuron = Neuron::new(array![-1.0]); // wrong way round: accuracy 0
/// let history = GradientDescent::new()
///     .learning_rate(1.0)
///     .epochs(20)
///     .metrics(&[Metric::Accuracy])
///     .fit_with(&mut neuron, &x, &t, Loss::BinaryCrossEntropy, Hooks::new().validation(&x, &t))?;
/// let svg = plot::metric_curve(&history, Metric::Accuracy)?;
/// for label in ["Accuracy per epoch", "epoch", "accuracy", "training, last 1", "validation, last 1"] {
///     assert!(svg.as_str().contains(&format!("\n{label}\n</text>")), "{label} is missing");
/// }
///
/// let err = plot::metric_curve(&history, Metric::MeanAbsoluteError).unwrap_err();
/// assert_eq!(err, Error::MetricNotRecorded { metric: Metric::MeanAbsoluteError });
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn metric_curve<F: Float>(history: &History<F>, metric: Metric) -> Result<Svg> {
    const PLOT: &str = "the metric curve";
    not_empty(history)?;
    let training = history.metric(metric);
    if training.is_empty() {
        return Err(Error::MetricNotRecorded { metric });
    }
    let curves = training_and_validation(
        (training, metric.name()),
        (history.validation_metric(metric), "validation metric"),
    )?;
    let y_range = match metric.bounds() {
        Some(bounds) => within(PLOT, metric.name(), &curves, bounds)?,
        None => from_zero(PLOT, metric.name(), &curves)?,
    };
    let title = title(metric.heading(), history);
    draw(PLOT, &title, metric.name(), curves, y_range)
}

/// [`Error::Empty`] for a history of no epochs.
fn not_empty<F: Float>(history: &History<F>) -> Result<()> {
    if history.epochs() == 0 {
        return Err(Error::Empty {
            what: "the history",
        });
    }
    Ok(())
}

/// "Loss per epoch", and "(stopped early)" when training did.
fn title<F: Float>(heading: &str, history: &History<F>) -> String {
    if history.stopped_early() {
        format!("{heading} per epoch (stopped early)")
    } else {
        format!("{heading} per epoch")
    }
}

/// The training curve, and the validation curve when there are values for it.
///
/// # Errors
/// [`Error::InvalidValue`] naming the series of a value that is not finite.
fn training_and_validation<F: Float>(
    (training, training_what): (&[F], &'static str),
    (validation, validation_what): (&[F], &'static str),
) -> Result<Vec<Curve>> {
    let mut curves = vec![("training", points(training, training_what)?)];
    if !validation.is_empty() {
        curves.push(("validation", points(validation, validation_what)?));
    }
    Ok(curves)
}

/// The y axis from 0 (or the lowest value, if it is negative) to the highest
/// value, with room around.
fn from_zero(plot: &'static str, axis: &str, curves: &[Curve]) -> Result<(f64, f64)> {
    let (low, high) = values_extent(curves);
    if low < 0.0 {
        padded(plot, axis, (low, high), 0.06)
    } else {
        Ok((0.0, padded(plot, axis, (0.0, high), 0.06)?.1))
    }
}

/// The y axis over all of `bounds` (and any value beyond), with a little room around.
fn within(
    plot: &'static str,
    axis: &str,
    curves: &[Curve],
    (lowest, highest): (f64, f64),
) -> Result<(f64, f64)> {
    let (low, high) = values_extent(curves);
    padded(plot, axis, (low.min(lowest), high.max(highest)), 0.02)
}

/// The smallest and largest value of the curves.
fn values_extent(curves: &[Curve]) -> (f64, f64) {
    extent(
        curves
            .iter()
            .flat_map(|(_, points)| points.iter().map(|&(_, y)| y)),
    )
    .unwrap_or((0.0, 1.0))
}

/// The curves over the epochs, with a legend of their last values.
fn draw(
    plot: &'static str,
    title: &str,
    y_label: &str,
    curves: Vec<Curve>,
    (y_low, y_high): (f64, f64),
) -> Result<Svg> {
    // As far as the longest curve; a single epoch still gets an axis of some width.
    let epochs = curves
        .iter()
        .map(|(_, points)| i64::try_from(points.len()).unwrap_or(i64::MAX))
        .max()
        .unwrap_or(1);
    let x_range = if epochs > 1 { 1..epochs } else { 0..2 };

    let legend: Vec<(Mark, String)> = curves
        .iter()
        .enumerate()
        .map(|(i, (label, points))| {
            let last = points.last().map_or(0.0, |&(_, value)| value);
            (
                Mark::Line(colour(i)),
                format!("{label}, last {}", significant(last)),
            )
        })
        .collect();

    render(plot, |root| {
        let area = frame(root, title, &legend)?;
        let mut chart = ChartBuilder::on(&area)
            .margin(px(16))
            .x_label_area_size(px(56))
            .y_label_area_size(px(80))
            .build_cartesian_2d(x_range, y_low..y_high)?;
        axes(&mut chart.configure_mesh(), "epoch", y_label)
            .light_line_style(LIGHT_GRID)
            .bold_line_style(BOLD_GRID)
            .draw()?;
        for (i, (_, points)) in curves.into_iter().enumerate() {
            chart.draw_series(LineSeries::new(points, colour(i).stroke_width(px(3))))?;
        }
        Ok(())
    })
}

/// `(epoch, value)` for every epoch, counted from 1.
///
/// # Errors
/// [`Error::InvalidValue`] for a value that is not finite.
fn points<F: Float>(values: &[F], what: &'static str) -> Result<Vec<(i64, f64)>> {
    values
        .iter()
        .enumerate()
        .map(|(index, value)| {
            let value = value.as_f64();
            if value.is_finite() {
                Ok((i64::try_from(index + 1).unwrap_or(i64::MAX), value))
            } else {
                Err(Error::InvalidValue {
                    what,
                    index,
                    value,
                    requirement: "finite to be plotted",
                })
            }
        })
        .collect()
}
