//! A network's summary, as Keras's `model.summary()` prints it: each layer,
//! the shape of one sample after it, and its number of parameters.

use std::fmt;

use crate::layer::Layer;
use crate::{Float, Network, Result};

/// Each layer of a network with the shape of one sample after it and its
/// parameter count, and the total: what Keras's `model.summary()` shows.
///
/// ```
/// use neuron::{Conv2d, Flatten, Layer, MaxPool2d, Sequential};
/// use neuron::prelude::*;
///
/// let mut rng = StdRng::seed_from_u64(0);
/// let network: Sequential<f32> = Sequential::from_layers(vec![
///     Box::new(Conv2d::random(1, 8, (3, 3), Init::HeNormal, &mut rng)?) as Box<dyn Layer<f32>>,
///     Box::new(MaxPool2d::new((2, 2))),
///     Box::new(Flatten),
///     Box::new(Dense::random(8 * 13 * 13, 10, Activation::Softmax, Init::XavierUniform, &mut rng)?),
/// ])?;
/// let summary = network.summary_for(&[1, 28, 28])?;
/// assert_eq!(summary.total_parameters(), 8 * 9 + 8 + 1352 * 10 + 10);
/// println!("{summary}");
/// // layer                           output shape         parameters
/// // Conv2d(1 → 8, 3×3, identity)    (8, 26, 26)                  80
/// // MaxPool2d(2×2)                  (8, 13, 13)                   0
/// // Flatten                         (1352,)                       0
/// // Dense(1352 → 10, softmax)       (10,)                     13530
/// // total                                                     13610
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    rows: Vec<SummaryRow>,
}

/// One layer of a [`Summary`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryRow {
    /// The layer as it displays itself: `Dense(784 → 128, relu)`.
    pub layer: String,
    /// One sample's shape after the layer, when the input shape is known.
    pub output_shape: Option<Vec<usize>>,
    /// Its number of parameters (weights and biases).
    pub parameters: usize,
}

impl Summary {
    /// The rows, one per layer.
    pub fn rows(&self) -> &[SummaryRow] {
        &self.rows
    }

    /// The parameters of every layer.
    pub fn total_parameters(&self) -> usize {
        self.rows.iter().map(|row| row.parameters).sum()
    }

    /// The rows as text cells: layer, output shape, parameters.
    fn cells(&self) -> Vec<[String; 3]> {
        self.rows
            .iter()
            .map(|row| {
                let shape = row.output_shape.as_ref().map_or_else(
                    || "?".to_owned(),
                    |shape| match shape.as_slice() {
                        [one] => format!("({one},)"),
                        _ => format!(
                            "({})",
                            shape
                                .iter()
                                .map(usize::to_string)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    },
                );
                [row.layer.clone(), shape, row.parameters.to_string()]
            })
            .collect()
    }
}

impl fmt::Display for Summary {
    /// A table: layer, output shape, parameters, then the total.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cells = self.cells();
        let width = |k: usize, title: &str| {
            cells
                .iter()
                .filter_map(|row| row.get(k))
                .map(|c| c.chars().count())
                .chain([title.chars().count()])
                .max()
                .unwrap_or(0)
        };
        let (w0, w1) = (width(0, "layer"), width(1, "output shape"));
        let total = self.total_parameters().to_string();
        let w2 = width(2, "parameters").max(total.len());
        writeln!(
            f,
            "{:<w0$}  {:<w1$}  {:>w2$}",
            "layer", "output shape", "parameters"
        )?;
        for [layer, shape, parameters] in &cells {
            writeln!(f, "{layer:<w0$}  {shape:<w1$}  {parameters:>w2$}")?;
        }
        write!(f, "{:<w0$}  {:<w1$}  {total:>w2$}", "total", "")
    }
}

impl<F: Float, L: Layer<F>> Network<F, L> {
    /// The network's [`Summary`], with each layer's output shape where the
    /// first layer reads a fixed shape (a dense layer); see
    /// [`summary_for`](Network::summary_for) for networks that read images.
    pub fn summary(&self) -> Summary {
        let start = self.layers().first().and_then(Layer::input_shape);
        self.rows(start)
    }

    /// The network's [`Summary`] for samples of shape `sample`, e.g.
    /// `[1, 28, 28]` for one-channel 28 × 28 images.
    ///
    /// # Errors
    /// The shape error of the first layer that cannot read what the layer
    /// before it gives.
    pub fn summary_for(&self, sample: &[usize]) -> Result<Summary> {
        let mut shape = sample.to_vec();
        for layer in self.layers() {
            shape = layer.output_shape(&shape)?;
        }
        Ok(self.rows(Some(sample.to_vec())))
    }

    fn rows(&self, mut shape: Option<Vec<usize>>) -> Summary {
        let rows = self
            .layers()
            .iter()
            .map(|layer| {
                shape = shape.take().and_then(|s| layer.output_shape(&s).ok());
                SummaryRow {
                    layer: layer.to_string(),
                    output_shape: shape.clone(),
                    parameters: layer.parameters().iter().map(|(_, p)| p.len()).sum(),
                }
            })
            .collect();
        Summary { rows }
    }
}
