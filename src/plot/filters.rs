//! What a convolution sees: its filters as small images, and the maps it
//! makes of one sample, each in the grid of [`digits`](super::digits).

use ndarray::{ArrayBase, Data, Ix3};

use super::images::digits;
use super::svg::Svg;
use crate::{Conv2d, Error, Float, Result};

/// A convolution's filters as images, one per filter and input channel, in
/// the grid [`digits`](super::digits) draws (each shaded on its own scale),
/// captioned `filter k` (and `, channel c` for several input channels).
///
/// # Errors
/// [`Error::Plot`] for filters that are not square (as [`digits`](super::digits)
/// draws square images only).
///
/// ```
/// use neuron::{Conv2d, Init, plot};
/// use neuron::rand::{SeedableRng, rngs::StdRng};
///
/// let conv = Conv2d::<f64>::random(1, 4, (3, 3), Init::HeNormal, &mut StdRng::seed_from_u64(1))?;
/// let svg = plot::filters(&conv)?;
/// assert!(svg.as_str().contains(">\nfilter 3\n</text>"));
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn filters<F: Float>(conv: &Conv2d<F>) -> Result<Svg> {
    let weights = conv.weights();
    let (out, channels, kh, kw) = weights.dim();
    let images = weights
        .as_standard_layout()
        .into_owned()
        .into_shape_with_order((out * channels, kh * kw))
        .map_err(|e| Error::Plot {
            plot: "the filters",
            message: e.to_string(),
        })?;
    let captions: Vec<String> = (0..out)
        .flat_map(|k| {
            (0..channels).map(move |c| {
                if channels == 1 {
                    format!("filter {k}")
                } else {
                    format!("filter {k}, channel {c}")
                }
            })
        })
        .collect();
    digits(&images, &captions)
}

/// One sample's maps (a convolution's or a pooling's outputs for it), one
/// image per channel, captioned `map c`, in the grid [`digits`](super::digits)
/// draws.
///
/// # Shapes
/// - `maps`: `(channels, rows, columns)`, square maps
///
/// # Errors
/// As [`digits`](super::digits): no maps, maps that are not square, a value
/// that is NaN or infinite.
///
/// ```
/// use neuron::plot;
/// use neuron::ndarray::Array3;
///
/// let maps = Array3::from_shape_fn((2, 4, 4), |(c, y, x)| (c + y * x) as f64);
/// let svg = plot::feature_maps(&maps)?;
/// assert!(svg.as_str().contains(">\nmap 1\n</text>"));
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn feature_maps<F: Float, S: Data<Elem = F>>(maps: &ArrayBase<S, Ix3>) -> Result<Svg> {
    let (channels, rows, columns) = maps.dim();
    let images = maps
        .as_standard_layout()
        .into_owned()
        .into_shape_with_order((channels, rows * columns))
        .map_err(|e| Error::Plot {
            plot: "the feature maps",
            message: e.to_string(),
        })?;
    let captions: Vec<String> = (0..channels).map(|c| format!("map {c}")).collect();
    digits(&images, &captions)
}
