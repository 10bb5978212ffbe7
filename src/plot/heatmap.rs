//! Confusion matrices as heat maps: how often each class was taken for each other.

use ndarray::{ArrayBase, Data, Ix2};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{
    AXIS_FONT, CAPTION_FONT, LABEL_FONT, OUTLINE, TextAt, ipx, px, render_sized, text_width,
};
use super::svg::Svg;
use crate::{Error, Result};

const PLOT: &str = "the confusion matrix";

/// Pixels (before [`px`]) around the picture, and between its parts.
const MARGIN: i32 = 16;
/// Height of the title's band.
const TITLE: i32 = 48;
/// Width of the band that holds an axis's name.
const AXIS_NAME: i32 = 32;
/// Width of the colour bar, and the gap between it and the matrix.
const BAR: i32 = 18;
const BAR_GAP: i32 = 24;
/// Stripes the colour bar is drawn with, from 0 to the largest count.
const STRIPES: usize = 64;
/// The most classes a heat map is drawn for: 100 make a picture of 2 400 pixels square.
const MOST_CLASSES: usize = 100;
/// Class names longer than this many characters are cut short with "…".
const LONGEST_NAME: usize = 18;

/// The counts of a confusion matrix as a heat map of `k × k` cells: row `i`,
/// column `j` counts the samples of true class `i` predicted as class `j`
/// (scikit-learn's layout, so the right predictions are on the diagonal).
///
/// Each cell is shaded from white (0) to dark blue (the largest count), with its
/// count written in it in black or white, whichever stands out; a colour bar
/// beside the matrix gives the scale. The rows are labelled "true class", the
/// columns "predicted class", each with the class names (names too wide for
/// their column are turned to read upwards, names of more than 18 characters
/// are cut short with "…"); the title says how many samples are on the diagonal.
/// The picture is about 550 to 650 pixels wide and 420 to 560 high, more for
/// long class names and for more than 20 classes (whose cells stay 24 pixels wide).
///
/// `class_names` names the classes in the order of the rows; an empty slice
/// numbers them `0`, `1`, `2`, ….
///
/// # Shapes
/// - `counts`: `(k, k)`, any memory layout
/// - `class_names`: `(k,)`, or empty
///
/// # Errors
/// - [`Error::Plot`] for counts that are not square, or of more than 100
///   classes, which no picture shows readably;
/// - [`Error::Empty`] for counts of no classes (`0 × 0`);
/// - [`Error::LengthMismatch`] for class names (other than none) that are not
///   one per class.
///
/// ```
/// use neuron::{Error, plot};
/// use neuron::ndarray::array;
///
/// // 50 setosas all right, 2 versicolors taken for virginicas, 1 virginica for a versicolor.
/// let counts = array![[50, 0, 0], [0, 48, 2], [0, 1, 49]];
/// let svg = plot::confusion_matrix(&counts, &["setosa", "versicolor", "virginica"])?;
/// for label in ["Confusion matrix: 147 of 150 right (98.0 %)", "true class", "predicted class", "versicolor", "48"] {
///     assert!(svg.as_str().contains(&format!(">\n{label}\n</text>")), "{label} is missing");
/// }
///
/// let err = plot::confusion_matrix(&array![[1, 2, 3], [4, 5, 6]], &[] as &[&str]).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "cannot draw the confusion matrix: the counts are 2 × 3, but they must be square, a row (true class) and a column (predicted class) for each class"
/// );
/// let err = plot::confusion_matrix(&counts, &["setosa", "versicolor"]).unwrap_err();
/// assert_eq!(err.to_string(), "class names (names, classes): lengths differ, 2 and 3");
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn confusion_matrix<S, N>(counts: &ArrayBase<S, Ix2>, class_names: &[N]) -> Result<Svg>
where
    S: Data<Elem = usize>,
    N: AsRef<str>,
{
    let (rows, columns) = counts.dim();
    if rows != columns {
        return Err(Error::Plot {
            plot: PLOT,
            message: format!(
                "the counts are {rows} × {columns}, but they must be square, a row (true class) and a column (predicted class) for each class"
            ),
        });
    }
    let k = rows;
    if k == 0 {
        return Err(Error::Empty {
            what: "the confusion matrix",
        });
    }
    if k > MOST_CLASSES {
        return Err(Error::Plot {
            plot: PLOT,
            message: format!(
                "the counts are of {k} classes, but a heat map of more than {MOST_CLASSES} is too large to read"
            ),
        });
    }
    if !class_names.is_empty() && class_names.len() != k {
        return Err(Error::LengthMismatch {
            what: "class names (names, classes)",
            left: class_names.len(),
            right: k,
        });
    }
    let names: Vec<String> = if class_names.is_empty() {
        (0..k).map(|class| class.to_string()).collect()
    } else {
        class_names
            .iter()
            .map(|name| shorten(name.as_ref()))
            .collect()
    };
    // Summed wide: counts are the caller's, and k² of them near usize::MAX
    // would overflow a usize.
    let total: u128 = counts.iter().map(|&c| c as u128).sum();
    let right: u128 = counts.diag().iter().map(|&c| c as u128).sum();
    let title = if total == 0 {
        "Confusion matrix (no samples)".to_owned()
    } else {
        format!(
            "Confusion matrix: {right} of {total} right ({:.1} %)",
            100.0 * right as f64 / total as f64
        )
    };
    let largest = counts.iter().copied().max().unwrap_or(0).max(1);
    let ticks = ticks(largest);

    // The layout, in drawing units: from left to right the name of the y axis,
    // the row labels, the matrix, the colour bar with its ticks and its name;
    // from top to bottom the title, the matrix, the column labels, the name of
    // the x axis.
    // About 300 to 480 pixels square, in cells of at least 24 pixels.
    let n = k as i32; // At most MOST_CLASSES.
    let cell = (ipx((44 * n).clamp(300, 480)) / n).max(ipx(24));
    let side = cell * n;
    let widest = names
        .iter()
        .map(|name| text_width(name, LABEL_FONT))
        .max()
        .unwrap_or(0);
    let upright = widest <= cell - ipx(8);
    let row_labels = widest + ipx(10);
    let column_labels = if upright { ipx(26) } else { widest + ipx(12) };
    let tick_labels = ticks
        .iter()
        .map(|tick| text_width(&tick.to_string(), LABEL_FONT))
        .max()
        .unwrap_or(0);
    let block = ipx(AXIS_NAME)
        + row_labels
        + side
        + ipx(BAR_GAP + BAR + 9)
        + tick_labels
        + ipx(8 + AXIS_NAME);
    let width = (block + ipx(2 * MARGIN)).max(text_width(&title, CAPTION_FONT) + ipx(2 * MARGIN));
    let height = ipx(TITLE) + side + column_labels + ipx(AXIS_NAME + MARGIN);
    let left = (width - block) / 2 + ipx(AXIS_NAME) + row_labels;
    let top = ipx(TITLE);
    let bar = left + side + ipx(BAR_GAP);
    let size = (
        u32::try_from(width / ipx(1)).unwrap_or(0),
        u32::try_from(height / ipx(1)).unwrap_or(0),
    );

    let count_font = fitting_font(&largest.to_string(), cell);
    render_sized(PLOT, size, |root| {
        TextAt::new(&title, (width / 2, ipx(TITLE / 2)), CAPTION_FONT)
            .centred()
            .draw(root)?;
        // The cells, each with its count.
        for ((i, j), &count) in counts.indexed_iter() {
            let (x, y) = (left + cell * j as i32, top + cell * i as i32);
            let fill = blues(count as f64 / largest as f64);
            root.draw(&Rectangle::new(
                [(x, y), (x + cell, y + cell)],
                fill.filled(),
            ))?;
            TextAt::new(&count.to_string(), (x + cell / 2, y + cell / 2), count_font)
                .centred()
                .colour(ink(fill))
                .draw(root)?;
        }
        root.draw(&Rectangle::new(
            [(left, top), (left + side, top + side)],
            OUTLINE.stroke_width(px(1)),
        ))?;
        // The class names: along the rows, and under the columns.
        for (i, name) in names.iter().enumerate() {
            let middle = cell * i as i32 + cell / 2;
            TextAt::new(name, (left - ipx(8), top + middle), LABEL_FONT)
                .anchor(HPos::Right, VPos::Center)
                .draw(root)?;
            let under = (left + middle, top + side + ipx(8));
            if upright {
                TextAt::new(name, under, LABEL_FONT).anchor(HPos::Center, VPos::Top)
            } else {
                // Turned upwards, the end of the name is at the top, under the column.
                TextAt::new(name, under, LABEL_FONT)
                    .anchor(HPos::Right, VPos::Center)
                    .upwards()
            }
            .draw(root)?;
        }
        let y_name = (left - row_labels - ipx(AXIS_NAME / 2), top + side / 2);
        TextAt::new("true class", y_name, AXIS_FONT)
            .centred()
            .upwards()
            .draw(root)?;
        let x_name = (
            left + side / 2,
            top + side + column_labels + ipx(AXIS_NAME / 2),
        );
        TextAt::new("predicted class", x_name, AXIS_FONT)
            .centred()
            .draw(root)?;
        // The colour bar, from 0 at the bottom to the largest count at the top.
        for stripe in 0..STRIPES {
            let (low, high) = (
                stripe as f64 / STRIPES as f64,
                (stripe + 1) as f64 / STRIPES as f64,
            );
            let y = |t: f64| top + side - (t * f64::from(side)).round() as i32;
            // Each stripe reaches one unit into the next, so that no seam shows.
            root.draw(&Rectangle::new(
                [(bar, y(high) - 1), (bar + ipx(BAR), y(low))],
                blues((low + high) / 2.0).filled(),
            ))?;
        }
        root.draw(&Rectangle::new(
            [(bar, top), (bar + ipx(BAR), top + side)],
            OUTLINE.stroke_width(px(1)),
        ))?;
        for &tick in &ticks {
            let y = top + side - (tick as f64 / largest as f64 * f64::from(side)).round() as i32;
            let end = bar + ipx(BAR);
            root.draw(&PathElement::new(
                vec![(end, y), (end + ipx(5), y)],
                OUTLINE.stroke_width(px(1)),
            ))?;
            TextAt::new(&tick.to_string(), (end + ipx(9), y), LABEL_FONT).draw(root)?;
        }
        let bar_name = (
            bar + ipx(BAR + 9) + tick_labels + ipx(8 + AXIS_NAME / 2),
            top + side / 2,
        );
        TextAt::new("count", bar_name, AXIS_FONT)
            .centred()
            .upwards()
            .draw(root)?;
        Ok(())
    })
}

/// `name`, cut short with "…" when it is longer than [`LONGEST_NAME`] characters.
fn shorten(name: &str) -> String {
    if name.chars().count() > LONGEST_NAME {
        let mut short: String = name.chars().take(LONGEST_NAME - 1).collect();
        short.push('…');
        short
    } else {
        name.to_owned()
    }
}

/// The font size (before [`px`]) at which `text` fits a cell of `cell` drawing
/// units: [`LABEL_FONT`], or smaller for long numbers in small cells.
fn fitting_font(text: &str, cell: i32) -> u32 {
    let room = f64::from(cell) * 0.85;
    let needed = f64::from(text_width(text, LABEL_FONT));
    if needed <= room {
        LABEL_FONT
    } else {
        // A font size is a small positive number: the cast is exact.
        (f64::from(LABEL_FONT) * room / needed).floor().max(8.0) as u32
    }
}

/// Ticks for a scale from 0 to `largest`: whole multiples of 1, 2 or 5 times a
/// power of ten, about five of them.
fn ticks(largest: usize) -> Vec<usize> {
    let raw = largest as f64 / 5.0;
    let power = 10_f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&step| step >= raw)
        .unwrap_or(raw)
        .max(1.0);
    // A whole number of at least 1, well within usize.
    let step = step.round() as usize;
    (0..=largest).step_by(step.max(1)).collect()
}

/// Matplotlib's "Blues" colour map at `t` in `[0, 1]`: white-blue to dark blue.
fn blues(t: f64) -> RGBColor {
    const STOPS: [(f64, f64, f64); 5] = [
        (247.0, 251.0, 255.0),
        (198.0, 219.0, 239.0),
        (107.0, 174.0, 214.0),
        (33.0, 113.0, 181.0),
        (8.0, 48.0, 107.0),
    ];
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let position = t * (STOPS.len() - 1) as f64;
    // In 0..STOPS.len() − 1: the cast is of a small non-negative number.
    let i = (position.floor() as usize).min(STOPS.len() - 2);
    let f = position - i as f64;
    let (Some(a), Some(b)) = (STOPS.get(i), STOPS.get(i + 1)) else {
        return BLACK;
    };
    let mix = |a: f64, b: f64| (a + f * (b - a)).round().clamp(0.0, 255.0) as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Black or white, whichever stands out more on `background` (by WCAG's
/// contrast ratio, `(L₁ + 0.05) / (L₂ + 0.05)` of the lighter and darker luminance).
fn ink(background: RGBColor) -> RGBColor {
    let l = luminance(background);
    if 1.05 / (l + 0.05) > (l + 0.05) / 0.05 {
        WHITE
    } else {
        BLACK
    }
}

/// The relative luminance of a colour, from 0 (black) to 1 (white), as WCAG
/// defines it.
fn luminance(RGBColor(r, g, b): RGBColor) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_numbers() {
        assert_eq!(ticks(1), vec![0, 1]);
        assert_eq!(ticks(50), vec![0, 10, 20, 30, 40, 50]);
        assert_eq!(ticks(183), vec![0, 50, 100, 150]);
        assert_eq!(ticks(7), vec![0, 2, 4, 6]);
    }

    #[test]
    fn text_stands_out_from_its_cell() {
        assert!(luminance(blues(0.0)) > 0.9);
        assert!(luminance(blues(1.0)) < 0.05);
        assert_eq!(blues(0.5), RGBColor(107, 174, 214));
        assert_eq!(ink(blues(0.0)), BLACK);
        assert_eq!(ink(blues(0.5)), BLACK);
        assert_eq!(ink(blues(1.0)), WHITE);
    }

    #[test]
    fn long_names_are_cut_short() {
        assert_eq!(shorten("versicolor"), "versicolor");
        assert_eq!(shorten("a very long name of a class"), "a very long name …");
    }
}
