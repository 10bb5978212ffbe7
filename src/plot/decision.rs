//! What the decision plots share: the grid of net inputs they shade, the
//! drawing of shaded cells and data points, and the data's ranges.

use plotters::prelude::*;

use super::canvas::{Mark, OUTLINE, axes, colour, extent, frame, padded, px, render};
use super::grid::Corners;
use super::svg::Svg;
use crate::datasets::Dataset;
use crate::{Error, Float, Result};

pub(super) const PLOT: &str = "the decision boundary";
/// Cells of the shaded background, across and up.
pub(super) const COLUMNS: usize = 90;
pub(super) const ROWS: usize = 60;
/// Shades of each class's colour in the background, from unsure to sure.
pub(super) const SHADES: usize = 4;

/// What a decision-boundary picture shows in the plane of the two features.
pub(super) struct Drawing {
    /// The background: rectangles with the class and shade (`1..=SHADES`) of their colour.
    pub(super) shading: Vec<(Corners, usize, usize)>,
    /// The boundary, as line segments.
    pub(super) segments: Vec<Corners>,
    /// The data points of each class.
    pub(super) points: Vec<Vec<(f64, f64)>>,
}

/// Draws the picture: the shaded background, the axes named by the data's
/// features, the boundary, the data points, and above them the title and legend.
pub(super) fn draw<F: Float>(
    title: &str,
    legend: &[(Mark, String)],
    data: &Dataset<F>,
    (x_range, y_range): ((f64, f64), (f64, f64)),
    drawing: Drawing,
) -> Result<Svg> {
    let feature = |j: usize| data.feature_names().get(j).cloned().unwrap_or_default();
    let (x_name, y_name) = (feature(0), feature(1));
    let Drawing {
        shading,
        segments,
        points,
    } = drawing;
    render(PLOT, |root| {
        let area = frame(root, title, legend)?;
        let mut chart = ChartBuilder::on(&area)
            .margin(px(16))
            .x_label_area_size(px(56))
            .y_label_area_size(px(72))
            .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)?;
        chart.draw_series(shading.into_iter().map(|(corners, class, shade)| {
            // Shade 1 of SHADES is faint, SHADES is the darkest.
            let alpha = 0.06 + 0.28 * shade as f64 / SHADES as f64;
            Rectangle::new(corners, colour(class).mix(alpha).filled())
        }))?;
        axes(&mut chart.configure_mesh(), &x_name, &y_name)
            .light_line_style(TRANSPARENT)
            .bold_line_style(BLACK.mix(0.08))
            .draw()?;
        chart.draw_series(
            segments
                .into_iter()
                .map(|[a, b]| PathElement::new(vec![a, b], BLACK.stroke_width(px(2)))),
        )?;
        for (class, points) in points.into_iter().enumerate() {
            let colour = colour(class);
            chart.draw_series(points.into_iter().flat_map(|point| {
                [
                    Circle::new(point, px(5), OUTLINE.filled()),
                    Circle::new(point, px(4), colour.filled()),
                ]
            }))?;
        }
        Ok(())
    })
}

/// The data points, `n_classes` lists of them, each in the list of the class
/// that `class` makes of its target `(index, value)`.
///
/// # Errors
/// [`Error::NonFiniteInput`] for an input that is NaN or infinite; the error of
/// `class` for a target it refuses.
pub(super) fn points_by_class<F: Float>(
    data: &Dataset<F>,
    n_classes: usize,
    class: impl Fn(usize, f64) -> Result<usize>,
) -> Result<Vec<Vec<(f64, f64)>>> {
    let mut points = vec![Vec::new(); n_classes];
    let inputs = data.inputs();
    for (index, (row, target)) in inputs.rows().into_iter().zip(data.targets()).enumerate() {
        let (Some(x), Some(y)) = (row.first(), row.get(1)) else {
            continue;
        };
        let (x, y) = (x.as_f64(), y.as_f64());
        for (column, value) in [x, y].into_iter().enumerate() {
            if !value.is_finite() {
                return Err(Error::NonFiniteInput {
                    row: index,
                    column,
                    value,
                });
            }
        }
        let class = class(index, target.as_f64())?;
        if let Some(points) = points.get_mut(class) {
            points.push((x, y));
        }
    }
    Ok(points)
}

/// The ranges of the two features, padded by 5 % on both sides.
///
/// # Errors
/// [`Error::Plot`](crate::Error::Plot) naming `plot` when a feature's range,
/// padded, is beyond what `f64` holds.
pub(super) fn ranges<F: Float>(
    plot: &'static str,
    data: &Dataset<F>,
) -> Result<((f64, f64), (f64, f64))> {
    let range = |j: usize, axis: &str| {
        extent(data.inputs().column(j).iter().map(|x| x.as_f64()))
            .map_or(Ok((0.0, 1.0)), |range| padded(plot, axis, range, 0.05))
    };
    Ok((range(0, "first feature's")?, range(1, "second feature's")?))
}
