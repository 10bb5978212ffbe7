//! Small greyscale images, such as the 8 × 8 digits, in a grid with captions.

use ndarray::{ArrayBase, ArrayView1, Data, Ix2};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::canvas::{
    BOLD_GRID, CAPTION_FONT, LABEL_FONT, TextAt, ipx, px, render_sized, text_width,
};
use super::svg::Svg;
use crate::{Error, Float, Result};

const PLOT: &str = "the images";

/// Images per row of the grid.
const PER_ROW: usize = 8;
/// Pixels (before [`px`]) around the picture, and the title's band.
const MARGIN: i32 = 16;
const TITLE: i32 = 48;
/// An image is drawn about this many pixels wide, whatever its size.
const IMAGE: i32 = 80;
/// The narrowest cell of the grid, which its caption's lines fit.
const CELL: i32 = 100;
/// Height of a line of caption, and the gaps under an image and under its caption.
const LINE: i32 = 18;
const GAP: i32 = 6;
const ROW_GAP: i32 = 18;

/// Square greyscale images, one per row of `images`, drawn in a grid of up to 8
/// a row (the picture grows taller with more rows), each with its caption
/// underneath, such as `"true 3, predicted 8"`.
///
/// An image of `side × side` pixels is row `r`, column `c` at column
/// `side·r + c` of its row, as [`digits`](crate::datasets::digits) holds them.
/// Each image is shaded on its own scale: white at 0 (or at its smallest value,
/// when that is negative), black at its largest value, so the digits' 0 to 16
/// and pixels scaled to `[0, 1]` look the same. An 8 × 8 image is drawn 80
/// pixels wide, 10 pixels to an image pixel, and framed in light grey; each
/// pixel darker than white is one SVG `<rect>`. Captions wrap at spaces to fit
/// under their image. An empty `captions` draws the images without any.
///
/// # Shapes
/// - `images`: `(n_images, side · side)`, any memory layout
/// - `captions`: `(n_images,)`, or empty
///
/// # Errors
/// - [`Error::Empty`] for no images;
/// - [`Error::Plot`] when the number of pixels per image is not a square number;
/// - [`Error::LengthMismatch`] for captions (other than none) that are not one
///   per image;
/// - [`Error::NonFiniteInput`] for a pixel that is NaN or infinite.
///
/// ```
/// use neuron::{Error, plot};
/// use neuron::datasets::digits;
/// use neuron::ndarray::s;
///
/// let data = digits::<f64>();
/// let first = data.inputs().slice(s![..3, ..]);
/// let svg = plot::digits(&first, &["true 0", "true 1", "true 2"])?;
/// assert!(svg.as_str().contains(">\n3 images of 8 × 8 pixels\n</text>"));
/// assert!(svg.as_str().contains(">\ntrue 2\n</text>"));
/// // One rectangle per pixel that is not white, a frame for each image, and the background.
/// let dark = first.iter().filter(|&&v| v > 0.0).count();
/// assert_eq!(svg.as_str().matches("<rect").count(), dark + 3 + 1);
///
/// let err = plot::digits(&data.inputs().slice(s![..3, ..10]), &[] as &[&str]).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "cannot draw the images: an image of 10 pixels is not square; a square image has a square number of pixels, such as 64 = 8 × 8"
/// );
/// let err = plot::digits(&first, &["true 0"]).unwrap_err();
/// assert_eq!(err.to_string(), "captions (captions, images): lengths differ, 1 and 3");
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn digits<F, S, C>(images: &ArrayBase<S, Ix2>, captions: &[C]) -> Result<Svg>
where
    F: Float,
    S: Data<Elem = F>,
    C: AsRef<str>,
{
    let (n_images, n_pixels) = images.dim();
    if n_images == 0 {
        return Err(Error::Empty { what: "the images" });
    }
    let side = square_side(n_pixels).ok_or_else(|| Error::Plot {
        plot: PLOT,
        message: format!(
            "an image of {n_pixels} pixels is not square; a square image has a square number of pixels, such as 64 = 8 × 8"
        ),
    })?;
    if !captions.is_empty() && captions.len() != n_images {
        return Err(Error::LengthMismatch {
            what: "captions (captions, images)",
            left: captions.len(),
            right: n_images,
        });
    }
    let greys = images
        .rows()
        .into_iter()
        .enumerate()
        .map(|(row, image)| greys(row, image))
        .collect::<Result<Vec<_>>>()?;

    // The layout, in drawing units. (Its sums cannot overflow: the images'
    // greys, a byte per pixel, would not fit in memory first.)
    let side_units = i32::try_from(side).unwrap_or(i32::MAX);
    let pixel = ipx((IMAGE / side_units).max(1));
    let image = pixel.saturating_mul(side_units);
    let cell = (image + ipx(20)).max(ipx(CELL));
    let captions: Vec<Vec<String>> = captions
        .iter()
        .map(|caption| wrap(caption.as_ref(), cell - ipx(8)))
        .collect();
    let lines = i32::try_from(captions.iter().map(Vec::len).max().unwrap_or(0)).unwrap_or(0);
    let caption_height = if lines > 0 {
        ipx(GAP + LINE * lines)
    } else {
        0
    };
    let row_height = image + caption_height + ipx(ROW_GAP);
    let per_row = n_images.min(PER_ROW);
    let n_rows = n_images.div_ceil(PER_ROW);
    let title = format!(
        "{n_images} image{} of {side} × {side} pixels",
        if n_images == 1 { "" } else { "s" }
    );
    let width = (cell * per_row as i32 + ipx(2 * MARGIN))
        .max(text_width(&title, CAPTION_FONT) + ipx(2 * MARGIN));
    let height = ipx(TITLE)
        + row_height.saturating_mul(i32::try_from(n_rows).unwrap_or(i32::MAX))
        + ipx(MARGIN - ROW_GAP);
    // On whole pixels, so that the image pixels meet without seams.
    let left = (width - cell * per_row as i32) / 2 / ipx(1) * ipx(1);
    let size = (
        u32::try_from(width / ipx(1)).unwrap_or(0),
        u32::try_from(height / ipx(1)).unwrap_or(0),
    );

    render_sized(PLOT, size, |root| {
        TextAt::new(&title, (width / 2, ipx(TITLE / 2)), CAPTION_FONT)
            .centred()
            .draw(root)?;
        for (i, greys) in greys.iter().enumerate() {
            let (row, column) = ((i / PER_ROW) as i32, (i % PER_ROW) as i32);
            let x = left + cell * column + (cell - image) / 2;
            let y = ipx(TITLE) + row_height * row;
            for (p, &grey) in greys.iter().enumerate() {
                if grey == u8::MAX {
                    continue;
                }
                let (r, c) = ((p / side) as i32, (p % side) as i32);
                let corner = (x + pixel * c, y + pixel * r);
                root.draw(&Rectangle::new(
                    [corner, (corner.0 + pixel, corner.1 + pixel)],
                    RGBColor(grey, grey, grey).filled(),
                ))?;
            }
            // A frame just outside the image, where the pixels do not cover it.
            let (outer, edge) = ((x - ipx(1) / 2, y - ipx(1) / 2), image + ipx(1) / 2);
            root.draw(&Rectangle::new(
                [outer, (x + edge, y + edge)],
                BOLD_GRID.stroke_width(px(1)),
            ))?;
            let centre = left + cell * column + cell / 2;
            for (l, line) in captions.get(i).into_iter().flatten().enumerate() {
                let top = y + image + ipx(GAP + LINE * l as i32);
                TextAt::new(line, (centre, top), LABEL_FONT)
                    .anchor(HPos::Center, VPos::Top)
                    .draw(root)?;
            }
        }
        Ok(())
    })
}

/// The side of a square of `n` pixels, `None` when `n` is not a square number
/// (or is 0).
fn square_side(n: usize) -> Option<usize> {
    // The square root of a usize is well within f64's exact integers for any
    // image that fits in memory; the check below makes it exact.
    let side = (n as f64).sqrt().round() as usize;
    (side > 0 && side.checked_mul(side) == Some(n)).then_some(side)
}

/// The grey of every pixel of `image`, row `row` of the images: 255 (white) at 0
/// or the image's smallest value if that is negative, 0 (black) at its largest.
///
/// # Errors
/// [`Error::NonFiniteInput`] for a pixel that is NaN or infinite.
fn greys<F: Float>(row: usize, image: ArrayView1<'_, F>) -> Result<Vec<u8>> {
    let values: Vec<f64> = image.iter().map(|v| v.as_f64()).collect();
    if let Some((column, &value)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        return Err(Error::NonFiniteInput { row, column, value });
    }
    let low = values.iter().copied().fold(0.0, f64::min);
    let high = values.iter().copied().fold(low, f64::max);
    Ok(values
        .iter()
        .map(|&v| {
            let t = if high > low {
                (v - low) / (high - low)
            } else {
                0.0
            };
            // In [0, 255]: the cast is exact.
            (255.0 * (1.0 - t)).round().clamp(0.0, 255.0) as u8
        })
        .collect())
}

/// `caption` in lines no wider than `width` drawing units, broken at spaces (a
/// word wider than a line has a line of its own).
fn wrap(caption: &str, width: i32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in caption.split_whitespace() {
        match lines.last_mut() {
            Some(line) if text_width(&format!("{line} {word}"), LABEL_FONT) <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn squares_have_sides() {
        assert_eq!(square_side(64), Some(8));
        assert_eq!(square_side(784), Some(28));
        assert_eq!(square_side(1), Some(1));
        assert_eq!(square_side(63), None);
        assert_eq!(square_side(0), None);
    }

    #[test]
    fn greys_run_from_white_to_black() {
        assert_eq!(
            greys(0, array![0.0, 8.0, 16.0].view()).ok(),
            Some(vec![255, 128, 0])
        );
        assert_eq!(
            greys(0, array![-1.0, 0.0, 1.0].view()).ok(),
            Some(vec![255, 128, 0])
        );
        assert_eq!(greys(0, array![0.0, 0.0].view()).ok(), Some(vec![255, 255]));
        assert!(matches!(
            greys(4, array![0.0, f64::NAN].view()),
            Err(Error::NonFiniteInput {
                row: 4,
                column: 1,
                ..
            })
        ));
    }

    #[test]
    fn captions_wrap_at_spaces() {
        let lines = wrap("true 3, predicted 8", ipx(92));
        assert_eq!(lines, vec!["true 3,", "predicted 8"]);
        assert_eq!(wrap("seven", ipx(92)), vec!["seven"]);
        assert!(wrap("", ipx(92)).is_empty());
    }
}
