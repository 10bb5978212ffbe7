//! Plots as SVG pictures: activation curves, loss curves and decision boundaries.
//!
//! Needs the `plot` feature. The plots are drawn with
//! [plotters](https://docs.rs/plotters)' SVG backend alone: the text is SVG
//! `<text>`, set by whatever shows the picture, so nothing here needs system
//! fonts or font libraries.
//!
//! | function | what it draws |
//! |---|---|
//! | [`activations`] | `f(h)` of one or more activation functions over a range of net inputs |
//! | [`loss_curve`] | a [`History`](crate::History)'s loss per epoch, and the validation loss if there is one |
//! | [`decision_boundary`] | a model's decision boundary over two features, with the data points coloured by class |
//!
//! Each returns an [`Svg`]: show it in a notebook (it is the value that ends
//! the cell), [`save`](Svg::save) it to a file, or take its text with
//! [`as_str`](Svg::as_str).
//!
//! ```
//! use neuron::Activation;
//! use neuron::plot;
//!
//! let svg = plot::activations(&[Activation::Sigmoid, Activation::Tanh], -5.0..=5.0)?;
//! assert!(svg.as_str().starts_with("<svg"));
//! assert!(svg.as_str().contains("\nsigmoid\n</text>") && svg.as_str().contains("\ntanh\n</text>"));
//! # Ok::<(), neuron::Error>(())
//! ```

mod activations;
mod boundary;
mod loss;
mod svg;

pub use self::activations::activations;
pub use self::boundary::decision_boundary;
pub use self::loss::loss_curve;
pub use self::svg::Svg;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::{Error, Result};

/// Width and height of every plot, in pixels.
const SIZE: (u32, u32) = (720, 450);

/// Plots are drawn at this many times their size, in a `viewBox` that scales
/// them back: plotters rounds every coordinate to a whole unit, and half-pixel
/// units keep curves smooth.
const SCALE: u32 = 2;

/// `n` pixels in drawing units.
const fn px(n: u32) -> u32 {
    n * SCALE
}

/// `n` pixels in drawing units, for coordinates.
const fn ipx(n: i32) -> i32 {
    n * SCALE as i32
}

/// The colours of the series, in order: blue, orange, green, red, purple, brown
/// (the "tableau" colours of matplotlib, which stay apart for most colour-blind readers).
const COLOURS: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

/// Light and bold grid lines.
const LIGHT_GRID: RGBColor = RGBColor(244, 244, 244);
const BOLD_GRID: RGBColor = RGBColor(222, 222, 222);

/// The axes every plot shares: labelled, with the same fonts, ticks and axis lines.
fn axes<'m, 'a, 'b, X, Y, DB>(
    mesh: &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>,
    x_desc: &str,
    y_desc: &str,
) -> &'m mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>
where
    X: plotters::coord::ranged1d::Ranged,
    Y: plotters::coord::ranged1d::Ranged,
    DB: DrawingBackend,
{
    mesh.x_desc(x_desc)
        .y_desc(y_desc)
        .axis_desc_style(("sans-serif", px(AXIS_FONT)))
        .label_style(("sans-serif", px(LABEL_FONT)))
        .axis_style(BLACK.mix(0.75).stroke_width(px(1)))
        .set_all_tick_mark_size(px(5))
}

/// The colour of series `i`, starting over after the last.
fn colour(i: usize) -> RGBColor {
    COLOURS.get(i % COLOURS.len()).copied().unwrap_or(BLACK)
}

/// Font sizes in pixels as plotters takes them (the SVG gets the size divided
/// by 1.24); drawn with [`px`].
const CAPTION_FONT: u32 = 24;
const AXIS_FONT: u32 = 19;
const LABEL_FONT: u32 = 16;

/// What plotters' drawing on the SVG backend returns.
type Drawn<T = ()> = std::result::Result<T, DrawingAreaErrorKind<std::io::Error>>;

/// Draws a picture of [`SIZE`] with `draw` into an SVG string.
fn render(
    plot: &'static str,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Drawn,
) -> Result<Svg> {
    let mut text = String::new();
    let (width, height) = SIZE;
    {
        let root = SVGBackend::with_string(&mut text, (px(width), px(height))).into_drawing_area();
        let drawn = root
            .fill(&WHITE)
            .map_err(|e| e.to_string())
            .and_then(|()| draw(&root).map_err(|e| e.to_string()))
            .and_then(|()| root.present().map_err(|e| e.to_string()));
        drawn.map_err(|message| Error::Plot { plot, message })?;
    }
    // Shown at SIZE, drawn at SCALE times that: the viewBox stays as drawn.
    let drawn_size = format!(r#"<svg width="{}" height="{}""#, px(width), px(height));
    let shown_size = format!(r#"<svg width="{width}" height="{height}""#);
    Ok(Svg::new(text.replacen(&drawn_size, &shown_size, 1), SIZE))
}

/// A `[low, high]` range padded by `fraction` of its width on both sides, or by
/// 1 when it is a single point.
fn padded(low: f64, high: f64, fraction: f64) -> (f64, f64) {
    let width = high - low;
    if width > 0.0 {
        (low - fraction * width, high + fraction * width)
    } else {
        (low - 1.0, high + 1.0)
    }
}

/// The smallest and largest of `values`, `None` for none.
fn extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values.into_iter().fold(None, |range, x| match range {
        None => Some((x, x)),
        Some((low, high)) => Some((low.min(x), high.max(x))),
    })
}

/// What the legend shows beside a label.
#[derive(Debug, Clone, Copy)]
enum Mark {
    /// A short line, for a curve.
    Line(RGBColor),
    /// A dot, for data points.
    Dot(RGBColor),
}

/// Height of the legend's row under the title, in pixels.
const LEGEND_HEIGHT: u32 = 36;

/// Draws the title and, under it, the legend in one centred row, outside the
/// data so that it never hides any; returns the area left for the chart.
fn frame<'a>(
    root: &DrawingArea<SVGBackend<'a>, Shift>,
    title: &str,
    legend: &[(Mark, String)],
) -> Drawn<DrawingArea<SVGBackend<'a>, Shift>> {
    let below_title = root.titled(title, ("sans-serif", px(CAPTION_FONT)))?;
    let (row, chart) = below_title.split_vertically(px(LEGEND_HEIGHT));
    // The SVG's fonts are chosen by whatever shows it: estimate text widths as
    // 0.6 em per character, which is about right for the usual sans-serif fonts.
    let em = f64::from(px(LABEL_FONT)) / 1.24;
    let text_width = |label: &str| (0.6 * em * label.chars().count() as f64).round() as i32;
    const MARK: i32 = ipx(28);
    const GAP: i32 = ipx(28);
    const SPACE: i32 = ipx(8);
    let total: i32 = legend
        .iter()
        .map(|(_, label)| MARK + SPACE + text_width(label))
        .sum::<i32>()
        + GAP * (legend.len() as i32 - 1).max(0);
    let (width, height) = row.dim_in_pixel();
    let y = i32::try_from(height / 2).unwrap_or(0);
    let mut x = (i32::try_from(width).unwrap_or(0) - total).max(0) / 2;
    let style = ("sans-serif", px(LABEL_FONT))
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (mark, label) in legend {
        match *mark {
            Mark::Line(colour) => row.draw(&PathElement::new(
                vec![(x, y), (x + MARK, y)],
                colour.stroke_width(px(3)),
            ))?,
            Mark::Dot(colour) => {
                row.draw(&Circle::new((x + MARK / 2, y), px(6), OUTLINE.filled()))?;
                row.draw(&Circle::new((x + MARK / 2, y), px(5), colour.filled()))?;
            }
        }
        row.draw(&Text::new(
            label.clone(),
            (x + MARK + SPACE, y),
            style.clone(),
        ))?;
        x += MARK + SPACE + text_width(label) + GAP;
    }
    Ok(chart)
}

/// The edge drawn around data points.
const OUTLINE: RGBColor = RGBColor(60, 60, 60);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_widens_ranges() {
        assert_eq!(padded(0.0, 10.0, 0.1), (-1.0, 11.0));
        assert_eq!(padded(2.0, 2.0, 0.1), (1.0, 3.0));
        assert_eq!(extent([3.0, -1.0, 2.0]), Some((-1.0, 3.0)));
        assert_eq!(extent([]), None);
    }
}
