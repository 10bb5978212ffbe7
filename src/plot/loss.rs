//! Loss curves: the loss after every epoch of a training run.

use plotters::prelude::*;

use super::canvas::{BOLD_GRID, LIGHT_GRID, Mark, axes, colour, extent, frame, padded, px, render};
use super::svg::Svg;
use crate::notebook::numbers::significant;
use crate::{Error, Float, History, Result};

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
    if history.epochs() == 0 {
        return Err(Error::Empty {
            what: "the history",
        });
    }
    let mut curves = vec![("training", points(history.loss(), "loss")?)];
    if !history.validation_loss().is_empty() {
        curves.push((
            "validation",
            points(history.validation_loss(), "validation loss")?,
        ));
    }
    let title = if history.stopped_early() {
        "Loss per epoch (stopped early)"
    } else {
        "Loss per epoch"
    };
    let (low, high) = extent(
        curves
            .iter()
            .flat_map(|(_, points)| points.iter().map(|&(_, y)| y)),
    )
    .unwrap_or((0.0, 1.0));
    // From 0, unless a loss is negative.
    let (y_low, y_high) = if low < 0.0 {
        padded(PLOT, "loss", (low, high), 0.06)?
    } else {
        (0.0, padded(PLOT, "loss", (0.0, high), 0.06)?.1)
    };
    // A single epoch still gets an axis of some width.
    let epochs = i64::try_from(history.epochs()).unwrap_or(i64::MAX);
    let x_range = if epochs > 1 { 1..epochs } else { 0..2 };

    let legend: Vec<(Mark, String)> = curves
        .iter()
        .enumerate()
        .map(|(i, (label, points))| {
            let last = points.last().map_or(0.0, |&(_, loss)| loss);
            (
                Mark::Line(colour(i)),
                format!("{label}, last {}", significant(last)),
            )
        })
        .collect();

    render(PLOT, |root| {
        let area = frame(root, title, &legend)?;
        let mut chart = ChartBuilder::on(&area)
            .margin(px(16))
            .x_label_area_size(px(56))
            .y_label_area_size(px(80))
            .build_cartesian_2d(x_range, y_low..y_high)?;
        axes(&mut chart.configure_mesh(), "epoch", "loss")
            .light_line_style(LIGHT_GRID)
            .bold_line_style(BOLD_GRID)
            .draw()?;
        for (i, (_, points)) in curves.into_iter().enumerate() {
            chart.draw_series(LineSeries::new(points, colour(i).stroke_width(px(3))))?;
        }
        Ok(())
    })
}

/// `(epoch, loss)` for every epoch, counted from 1.
///
/// # Errors
/// [`Error::InvalidValue`] for a loss that is not finite.
fn points<F: Float>(losses: &[F], what: &'static str) -> Result<Vec<(i64, f64)>> {
    losses
        .iter()
        .enumerate()
        .map(|(index, loss)| {
            let value = loss.as_f64();
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
