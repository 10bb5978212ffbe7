//! Activation curves: `y = f(h)` over a range of net inputs.

use std::ops::RangeInclusive;

use plotters::prelude::*;

use super::canvas::{BOLD_GRID, LIGHT_GRID, Mark, axes, colour, extent, frame, padded, px, render};
use super::svg::Svg;
use crate::{Activation, Error, Result};

/// Points per curve: enough for smooth curves and a steep jump of the step,
/// few enough that rounding to whole pixels does not make the curves jagged.
const SAMPLES: usize = 241;

/// The curves `y = f(h)` of `activations` for net inputs `h` in `range`, one
/// colour each, with a legend naming them.
///
/// The x axis is labelled "net input h", the y axis "output y = f(h)"; the y
/// range fits the curves. One activation gives a plot titled with its name,
/// several are titled "Activation functions".
///
/// # Errors
/// - [`Error::Empty`] for no activations;
/// - [`Error::Plot`] for a range that is not finite or has `low ≥ high`, or
///   for the softmax, which works on a row of net inputs and has no curve.
///
/// ```
/// use neuron::{Activation, Error, plot};
///
/// let svg = plot::activations(&Activation::ALL, -4.0..=4.0)?;
/// for name in ["sigmoid", "tanh", "relu", "step", "identity", "net input h"] {
///     // Each label is an SVG <text> element, on a line of its own.
///     assert!(svg.as_str().contains(&format!("\n{name}\n</text>")), "{name} is missing");
/// }
///
/// let err = plot::activations(&[Activation::Sigmoid], 1.0..=1.0).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "cannot draw the activation curves: the range of h must be finite with low < high, got 1 to 1"
/// );
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn activations(activations: &[Activation], range: RangeInclusive<f64>) -> Result<Svg> {
    const PLOT: &str = "the activation curves";
    let (low, high) = (*range.start(), *range.end());
    if !(low.is_finite() && high.is_finite() && low < high) {
        return Err(Error::Plot {
            plot: PLOT,
            message: format!("the range of h must be finite with low < high, got {low} to {high}"),
        });
    }
    if !(high - low).is_finite() {
        return Err(Error::Plot {
            plot: PLOT,
            message: format!(
                "the range of h, {low} to {high}, is wider than f64 holds (high − low overflows); keep its width under about 1.7e308"
            ),
        });
    }
    if activations.is_empty() {
        return Err(Error::Empty {
            what: "the list of activations to plot",
        });
    }
    if let Some(f) = activations.iter().find(|f| !f.is_elementwise()) {
        return Err(Error::Plot {
            plot: PLOT,
            message: format!(
                "{f} works on a row of net inputs, not on one, so it has no curve y = f(h)"
            ),
        });
    }
    let step = (high - low) / (SAMPLES - 1) as f64;
    let hs: Vec<f64> = (0..SAMPLES).map(|i| low + step * i as f64).collect();
    let curves: Vec<(Activation, Vec<(f64, f64)>)> = activations
        .iter()
        .map(|&f| (f, hs.iter().map(|&h| (h, f.apply(h))).collect()))
        .collect();
    let (y_low, y_high) = extent(
        curves
            .iter()
            .flat_map(|(_, points)| points.iter().map(|&(_, y)| y)),
    )
    .map_or(Ok((0.0, 1.0)), |range| padded(PLOT, "y", range, 0.08))?;
    let title = match activations {
        [only] => format!("{}: y = {}", only.name(), only.formula_text()),
        _ => "Activation functions".to_owned(),
    };

    let legend: Vec<(Mark, String)> = curves
        .iter()
        .enumerate()
        .map(|(i, (activation, _))| (Mark::Line(colour(i)), activation.name().to_owned()))
        .collect();

    render(PLOT, |root| {
        let area = frame(root, &title, &legend)?;
        let mut chart = ChartBuilder::on(&area)
            .margin(px(16))
            .x_label_area_size(px(56))
            .y_label_area_size(px(72))
            .build_cartesian_2d(low..high, y_low..y_high)?;
        axes(
            &mut chart.configure_mesh(),
            "net input h",
            "output y = f(h)",
        )
        .light_line_style(LIGHT_GRID)
        .bold_line_style(BOLD_GRID)
        .draw()?;
        for (i, (_, points)) in curves.into_iter().enumerate() {
            chart.draw_series(LineSeries::new(points, colour(i).stroke_width(px(3))))?;
        }
        Ok(())
    })
}
