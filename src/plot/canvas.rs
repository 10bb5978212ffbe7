//! The canvas every plot is drawn on: its size, colours and fonts, the axes,
//! the title and legend, labels, and the drawing into an [`Svg`].

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::svg::Svg;
use crate::{Error, Result};

/// Width and height of every plot, in pixels.
const SIZE: (u32, u32) = (720, 450);

/// Plots are drawn at this many times their size, in a `viewBox` that scales
/// them back: plotters rounds every coordinate to a whole unit, and half-pixel
/// units keep curves smooth.
const SCALE: u32 = 2;

/// `n` pixels in drawing units.
pub(super) const fn px(n: u32) -> u32 {
    n * SCALE
}

/// `n` pixels in drawing units, for coordinates.
pub(super) const fn ipx(n: i32) -> i32 {
    n * SCALE as i32
}

/// The colours of the series and classes, in order: blue, orange, green, red,
/// purple, brown, then pink, grey, olive and cyan for up to ten classes (the
/// "tableau" colours of matplotlib, which stay apart for most colour-blind readers).
pub(super) const COLOURS: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// Light and bold grid lines.
pub(super) const LIGHT_GRID: RGBColor = RGBColor(244, 244, 244);
pub(super) const BOLD_GRID: RGBColor = RGBColor(222, 222, 222);

/// The axes every plot shares: labelled, with the same fonts, ticks and axis lines.
pub(super) fn axes<'m, 'a, 'b, X, Y, DB>(
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
pub(super) fn colour(i: usize) -> RGBColor {
    COLOURS.get(i % COLOURS.len()).copied().unwrap_or(BLACK)
}

/// Font sizes in pixels as plotters takes them (the SVG gets the size divided
/// by 1.24); drawn with [`px`].
pub(super) const CAPTION_FONT: u32 = 24;
pub(super) const AXIS_FONT: u32 = 19;
pub(super) const LABEL_FONT: u32 = 16;

/// What plotters' drawing on the SVG backend returns.
type Drawn<T = ()> = std::result::Result<T, DrawingAreaErrorKind<std::io::Error>>;

/// Draws a picture of [`SIZE`] with `draw` into an SVG string.
pub(super) fn render(
    plot: &'static str,
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Drawn,
) -> Result<Svg> {
    render_sized(plot, SIZE, draw)
}

/// Draws a picture of `size` pixels with `draw` into an SVG string.
pub(super) fn render_sized(
    plot: &'static str,
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Drawn,
) -> Result<Svg> {
    let mut text = String::new();
    let (width, height) = size;
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
    Ok(Svg::new(text.replacen(&drawn_size, &shown_size, 1), size))
}

/// A `[low, high]` range padded by `fraction` of its width on both sides, or,
/// when it is a single point, by `fraction` of its size (at least 1).
///
/// Every range a plot hands to plotters goes through here: plotters divides
/// by a range's width and loops over its ticks, so a range that is not
/// finite, or whose width overflows (finite data near ±`f64::MAX`), would
/// give NaN positions or a loop that never ends.
///
/// # Errors
/// [`Error::Plot`] naming `plot` and `axis` when the range, padded, is not
/// finite or has no width.
pub(super) fn padded(
    plot: &'static str,
    axis: &str,
    (low, high): (f64, f64),
    fraction: f64,
) -> Result<(f64, f64)> {
    let width = high - low;
    let padding = if width > 0.0 {
        fraction * width
    } else {
        (fraction * low.abs().max(high.abs())).max(1.0)
    };
    let (shown_low, shown_high) = (low - padding, high + padding);
    let shown_width = shown_high - shown_low;
    if !(shown_width.is_finite() && shown_width > 0.0) {
        return Err(Error::Plot {
            plot,
            message: format!(
                "the {axis} axis would span {low} to {high} with room around it, which is beyond what f64 holds; plot values within about ±1e307"
            ),
        });
    }
    Ok((shown_low, shown_high))
}

/// The smallest and largest of `values`, `None` for none.
pub(super) fn extent(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values.into_iter().fold(None, |range, x| match range {
        None => Some((x, x)),
        Some((low, high)) => Some((low.min(x), high.max(x))),
    })
}

/// What the legend shows beside a label.
#[derive(Debug, Clone, Copy)]
pub(super) enum Mark {
    /// A short line, for a curve.
    Line(RGBColor),
    /// A dot, for data points.
    Dot(RGBColor),
}

/// Height of a row of the legend under the title, in pixels.
const LEGEND_HEIGHT: u32 = 36;

/// The estimated width of `text` set in a font of `size` pixels (as plotters
/// takes sizes, before [`px`]), in drawing units. The SVG's fonts are chosen by
/// whatever shows it: 0.6 em per character is about right for the usual
/// sans-serif fonts.
pub(super) fn text_width(text: &str, size: u32) -> i32 {
    let em = f64::from(px(size)) / 1.24;
    (0.6 * em * text.chars().count() as f64).round() as i32
}

/// Draws the title and, under it, the legend in centred rows (as many as its
/// entries need), outside the data so that it never hides any; returns the area
/// left for the chart.
pub(super) fn frame<'a>(
    root: &DrawingArea<SVGBackend<'a>, Shift>,
    title: &str,
    legend: &[(Mark, String)],
) -> Drawn<DrawingArea<SVGBackend<'a>, Shift>> {
    const MARK: i32 = ipx(28);
    const GAP: i32 = ipx(28);
    const SPACE: i32 = ipx(8);
    const ROW: i32 = ipx(LEGEND_HEIGHT as i32);
    let below_title = root.titled(title, ("sans-serif", px(CAPTION_FONT)))?;
    let (width, _) = below_title.dim_in_pixel();
    let width = i32::try_from(width).unwrap_or(i32::MAX);
    let entry_width = |label: &str| MARK + SPACE + text_width(label, LABEL_FONT);
    let row_width = |row: &[(Mark, String)]| {
        row.iter().map(|(_, label)| entry_width(label)).sum::<i32>()
            + GAP * (row.len() as i32 - 1).max(0)
    };
    // As few rows as fit between margins of 16 pixels (filled in turn, an entry
    // that fits nowhere has a row of its own), then evened out when they still fit.
    let room = width - ipx(32);
    let mut rows: Vec<&[(Mark, String)]> = Vec::new();
    let mut rest = legend;
    while !rest.is_empty() {
        let n = (1..=rest.len())
            .take_while(|&n| rest.get(..n).is_some_and(|row| row_width(row) <= room))
            .last()
            .unwrap_or(1);
        let (row, after) = rest.split_at(n.min(rest.len()));
        rows.push(row);
        rest = after;
    }
    if rows.len() > 1 {
        let even: Vec<_> = legend.chunks(legend.len().div_ceil(rows.len())).collect();
        if even.len() == rows.len() && even.iter().all(|row| row_width(row) <= room) {
            rows = even;
        }
    }
    let n_rows = u32::try_from(rows.len().max(1)).unwrap_or(1);
    let (area, chart) = below_title.split_vertically(px(LEGEND_HEIGHT * n_rows));
    let style = ("sans-serif", px(LABEL_FONT))
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for (i, row) in rows.iter().enumerate() {
        let total = row_width(row);
        let y = ROW * i32::try_from(i).unwrap_or(0) + ROW / 2;
        let mut x = (width - total).max(0) / 2;
        for (mark, label) in row.iter() {
            match *mark {
                Mark::Line(colour) => area.draw(&PathElement::new(
                    vec![(x, y), (x + MARK, y)],
                    colour.stroke_width(px(3)),
                ))?,
                Mark::Dot(colour) => {
                    area.draw(&Circle::new((x + MARK / 2, y), px(6), OUTLINE.filled()))?;
                    area.draw(&Circle::new((x + MARK / 2, y), px(5), colour.filled()))?;
                }
            }
            area.draw(&Text::new(
                label.clone(),
                (x + MARK + SPACE, y),
                style.clone(),
            ))?;
            x += entry_width(label) + GAP;
        }
    }
    Ok(chart)
}

/// A label at a point of a drawing area, in drawing units: its text, font size
/// (before [`px`]), anchor, colour, and whether it reads upwards.
pub(super) struct TextAt<'t> {
    text: &'t str,
    at: (i32, i32),
    size: u32,
    anchor: Pos,
    colour: RGBColor,
    upwards: bool,
}

impl<'t> TextAt<'t> {
    /// Black text of `size`, starting at `at` and centred on it vertically.
    pub(super) fn new(text: &'t str, at: (i32, i32), size: u32) -> Self {
        TextAt {
            text,
            at,
            size,
            anchor: Pos::new(HPos::Left, VPos::Center),
            colour: BLACK,
            upwards: false,
        }
    }

    /// Anchored at `h` and `v` of the text (of the text as it reads, when upwards).
    pub(super) fn anchor(self, h: HPos, v: VPos) -> Self {
        TextAt {
            anchor: Pos::new(h, v),
            ..self
        }
    }

    /// Centred on its point.
    pub(super) fn centred(self) -> Self {
        self.anchor(HPos::Center, VPos::Center)
    }

    pub(super) fn colour(self, colour: RGBColor) -> Self {
        TextAt { colour, ..self }
    }

    /// Turned a quarter to read from bottom to top.
    pub(super) fn upwards(self) -> Self {
        TextAt {
            upwards: true,
            ..self
        }
    }

    pub(super) fn draw(self, area: &DrawingArea<SVGBackend<'_>, Shift>) -> Drawn {
        let font = ("sans-serif", px(self.size)).into_font();
        let font = if self.upwards {
            font.transform(FontTransform::Rotate270)
        } else {
            font
        };
        let style = font.color(&self.colour).pos(self.anchor);
        area.draw(&Text::new(self.text, self.at, style))
    }
}

/// The edge drawn around data points.
pub(super) const OUTLINE: RGBColor = RGBColor(60, 60, 60);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_widens_ranges() {
        assert_eq!(padded("p", "y", (0.0, 10.0), 0.1).unwrap(), (-1.0, 11.0));
        assert_eq!(padded("p", "y", (2.0, 2.0), 0.1).unwrap(), (1.0, 3.0));
        // A single point far from 0 is padded by a tenth of its size.
        assert_eq!(
            padded("p", "y", (100.0, 100.0), 0.1).unwrap(),
            (90.0, 110.0)
        );
        assert!(padded("p", "y", (-1e308, 1e308), 0.1).is_err());
        assert!(padded("p", "y", (f64::MAX, f64::MAX), 0.1).is_err());
        assert!(padded("p", "y", (0.0, f64::INFINITY), 0.1).is_err());
        assert_eq!(extent([3.0, -1.0, 2.0]), Some((-1.0, 3.0)));
        assert_eq!(extent([]), None);
    }
}
