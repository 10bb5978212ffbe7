//! A binary classifier's curves over every threshold: the ROC curve and the
//! precision-recall curve, each with its area in the title.

use plotters::prelude::*;

use super::canvas::{BOLD_GRID, LIGHT_GRID, Mark, axes, colour, frame, px, render};
use super::svg::Svg;
use crate::metrics::{PrecisionRecallCurve, RocCurve};
use crate::notebook::numbers::significant;
use crate::{Error, Result};

/// The grey of the chance line: what scores that rank at random give.
const CHANCE: RGBColor = RGBColor(127, 127, 127);

/// Rates and fractions are shown from 0 to 1, with this much room around.
const ROOM: f64 = 0.02;

/// The ROC curve: the true positive rate against the false positive rate,
/// one point per threshold joined by straight lines, with the diagonal of
/// scores that rank at random (AUC 0.5) in grey. The title gives the area
/// under the curve, [`RocCurve::auc`] ("ROC curve, AUC = 0.7188"); the x axis
/// is labelled "false positive rate", the y axis "true positive rate", both
/// from 0 to 1. As scikit-learn's `RocCurveDisplay` with `plot_chance_level=True`.
///
/// # Shapes
/// - `roc.fpr`, `roc.tpr`: `(n_points,)`, each in `[0, 1]`
///
/// # Errors
/// - [`Error::Empty`] for a curve of no points;
/// - [`Error::LengthMismatch`] when `fpr` and `tpr` differ in length;
/// - [`Error::InvalidValue`] for a rate that is NaN or outside `[0, 1]`.
///
/// ```
/// use neuron::metrics::{RocCurve, roc_curve};
/// use neuron::ndarray::array;
/// use neuron::{Error, plot};
///
/// let roc = roc_curve(&array![0.0, 0.0, 1.0, 1.0], &array![0.1, 0.4, 0.35, 0.8])?;
/// let svg = plot::roc_curve(&roc)?;
/// for label in ["ROC curve, AUC = 0.75", "false positive rate", "true positive rate"] {
///     assert!(svg.as_str().contains(&format!("\n{label}\n</text>")), "{label} is missing");
/// }
///
/// let empty = RocCurve::<f64> { fpr: vec![], tpr: vec![], thresholds: vec![] };
/// assert_eq!(plot::roc_curve(&empty).unwrap_err(), Error::Empty { what: "the ROC curve" });
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn roc_curve<F>(roc: &RocCurve<F>) -> Result<Svg> {
    const PLOT: &str = "the ROC curve";
    let points = checked_points(
        (&roc.fpr, "false positive rates"),
        (&roc.tpr, "true positive rates"),
        Error::Empty {
            what: "the ROC curve",
        },
        "ROC curve (fpr, tpr)",
    )?;
    let auc = significant(roc.auc());
    let title = format!("ROC curve, AUC = {auc}");
    let legend = [
        (Mark::Line(colour(0)), format!("classifier, AUC {auc}")),
        (Mark::Line(CHANCE), "chance, AUC 0.5".to_owned()),
    ];
    let chance = vec![(0.0, 0.0), (1.0, 1.0)];
    draw(
        PLOT,
        &title,
        &legend,
        ("false positive rate", "true positive rate"),
        points,
        Some(chance),
    )
}

/// The precision-recall curve: precision against recall, as steps (each
/// precision holds from its recall down to the next, the area that
/// [`PrecisionRecallCurve::average_precision`] sums), with the precision of
/// calling every sample positive (the share of positives: what scores that
/// rank at random give) as a grey line. The title gives the average
/// precision ("Precision-recall curve, AP = 0.4837"); the x axis is labelled
/// "recall", the y axis "precision", both from 0 to 1. As scikit-learn's
/// `PrecisionRecallDisplay` with `plot_chance_level=True`.
///
/// The chance line is drawn when the curve's first point has recall 1, as
/// every curve from [`precision_recall_curve`](crate::metrics::precision_recall_curve)
/// does.
///
/// # Shapes
/// - `curve.precision`, `curve.recall`: `(n_points,)`, each in `[0, 1]`
///
/// # Errors
/// - [`Error::Empty`] for a curve of no points;
/// - [`Error::LengthMismatch`] when `precision` and `recall` differ in length;
/// - [`Error::InvalidValue`] for a value that is NaN or outside `[0, 1]`.
///
/// ```
/// use neuron::metrics::{PrecisionRecallCurve, precision_recall_curve};
/// use neuron::ndarray::array;
/// use neuron::{Error, plot};
///
/// let curve = precision_recall_curve(&array![0.0, 0.0, 1.0, 1.0], &array![0.1, 0.4, 0.35, 0.8])?;
/// let svg = plot::precision_recall_curve(&curve)?;
/// for label in ["Precision-recall curve, AP = 0.8333", "recall", "precision", "chance, AP 0.5"] {
///     assert!(svg.as_str().contains(&format!("\n{label}\n</text>")), "{label} is missing");
/// }
///
/// let empty = PrecisionRecallCurve::<f64> { precision: vec![], recall: vec![], thresholds: vec![] };
/// let err = plot::precision_recall_curve(&empty).unwrap_err();
/// assert_eq!(err, Error::Empty { what: "the precision-recall curve" });
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn precision_recall_curve<F>(curve: &PrecisionRecallCurve<F>) -> Result<Svg> {
    const PLOT: &str = "the precision-recall curve";
    let points = checked_points(
        (&curve.recall, "recalls"),
        (&curve.precision, "precisions"),
        Error::Empty {
            what: "the precision-recall curve",
        },
        "precision-recall curve (recall, precision)",
    )?;
    // Steps: precision pᵢ holds from recall rᵢ to rᵢ₊₁ (steps-post, as scikit-learn).
    let steps: Vec<(f64, f64)> = points
        .windows(2)
        .flat_map(|pair| match pair {
            [(r0, p0), (r1, _)] => vec![(*r0, *p0), (*r1, *p0)],
            _ => Vec::new(),
        })
        .chain(points.last().copied())
        .collect();
    let ap = significant(curve.average_precision());
    let title = format!("Precision-recall curve, AP = {ap}");
    let mut legend = vec![(Mark::Line(colour(0)), format!("classifier, AP {ap}"))];
    let chance = match points.first() {
        Some(&(1.0, share)) => {
            legend.push((
                Mark::Line(CHANCE),
                format!("chance, AP {}", significant(share)),
            ));
            Some(vec![(0.0, share), (1.0, share)])
        }
        _ => None,
    };
    draw(
        PLOT,
        &title,
        &legend,
        ("recall", "precision"),
        steps,
        chance,
    )
}

/// The points `(x, y)`, checked: as many of each, at least one, every value in `[0, 1]`.
fn checked_points(
    (xs, x_what): (&[f64], &'static str),
    (ys, y_what): (&[f64], &'static str),
    empty: Error,
    pair: &'static str,
) -> Result<Vec<(f64, f64)>> {
    if xs.len() != ys.len() {
        return Err(Error::LengthMismatch {
            what: pair,
            left: xs.len(),
            right: ys.len(),
        });
    }
    if xs.is_empty() {
        return Err(empty);
    }
    for (values, what) in [(xs, x_what), (ys, y_what)] {
        if let Some((index, &value)) = values
            .iter()
            .enumerate()
            .find(|&(_, v)| !(0.0..=1.0).contains(v))
        {
            return Err(Error::InvalidValue {
                what,
                index,
                value,
                requirement: "in [0, 1] to be plotted",
            });
        }
    }
    Ok(xs.iter().copied().zip(ys.iter().copied()).collect())
}

/// A square of 0 to 1 on both axes with the curve, and the chance line under it.
fn draw(
    plot: &'static str,
    title: &str,
    legend: &[(Mark, String)],
    (x_label, y_label): (&str, &str),
    curve: Vec<(f64, f64)>,
    chance: Option<Vec<(f64, f64)>>,
) -> Result<Svg> {
    render(plot, |root| {
        let area = frame(root, title, legend)?;
        let mut chart = ChartBuilder::on(&area)
            .margin(px(16))
            .x_label_area_size(px(56))
            .y_label_area_size(px(80))
            .build_cartesian_2d(-ROOM..1.0 + ROOM, -ROOM..1.0 + ROOM)?;
        axes(&mut chart.configure_mesh(), x_label, y_label)
            .light_line_style(LIGHT_GRID)
            .bold_line_style(BOLD_GRID)
            .draw()?;
        if let Some(chance) = chance {
            chart.draw_series(LineSeries::new(chance, CHANCE.stroke_width(px(2))))?;
        }
        chart.draw_series(LineSeries::new(curve, colour(0).stroke_width(px(3))))?;
        Ok(())
    })
}
