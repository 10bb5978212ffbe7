//! Networks of images in files: a [`Sequential`] network of the crate's own
//! layers, convolutions, poolings, batch normalisations, flattenings and
//! dense layers, as JSON (`json.rs`), as safetensors in PyTorch's
//! `nn.Sequential` layout (`safetensors.rs`), and as ONNX (`onnx/sequential.rs`).
//!
//! Every format reads and writes such a network through one description, a
//! list of [`Part`]s: each layer as its own type, recognised behind its
//! `Box<dyn Layer<F>>` by [`Layer::as_any`]. A file's values become layers
//! through the layers' own constructors (which refuse NaN, empty filters or
//! a softmax over maps), and [`network_of`] checks that their channels chain
//! before the network is built. **A new kind of layer that files hold is a
//! new variant of [`Part`]** and its arm in each format.
//!
//! The dense models ([`Neuron`](crate::Neuron), [`Dense`], [`Network`](crate::Network)
//! of dense layers) keep their own description (`description/`) and files,
//! which are read as before.

use std::path::Path;

use crate::layer::Layer;
use crate::{
    Activation, AvgPool2d, BatchNorm, Conv2d, Dense, Error, FileProblem, Flatten, Float, MaxPool2d,
    Network, Result, Sequential,
};

#[cfg(feature = "serde")]
pub(crate) mod json;
#[cfg(feature = "safetensors")]
pub(crate) mod safetensors;

/// The `kind` of a network of images in the files' metadata.
pub(crate) const KIND: &str = "sequential";

/// One layer of a [`Sequential`] network that the files hold.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Part<F> {
    Dense(Dense<F>),
    Conv2d(Conv2d<F>),
    MaxPool2d(MaxPool2d),
    AvgPool2d(AvgPool2d),
    BatchNorm(BatchNorm<F>),
    Flatten,
}

impl<F: Float> Part<F> {
    /// The layer behind `layer`, if it is one of the crate's that files hold.
    pub(crate) fn of(layer: &dyn Layer<F>) -> Option<Self> {
        let any = layer.as_any()?;
        if let Some(dense) = any.downcast_ref::<Dense<F>>() {
            Some(Part::Dense(dense.clone()))
        } else if let Some(conv) = any.downcast_ref::<Conv2d<F>>() {
            Some(Part::Conv2d(conv.clone()))
        } else if let Some(&pool) = any.downcast_ref::<MaxPool2d>() {
            Some(Part::MaxPool2d(pool))
        } else if let Some(&pool) = any.downcast_ref::<AvgPool2d>() {
            Some(Part::AvgPool2d(pool))
        } else if let Some(norm) = any.downcast_ref::<BatchNorm<F>>() {
            Some(Part::BatchNorm(norm.clone()))
        } else {
            any.downcast_ref::<Flatten>().map(|_| Part::Flatten)
        }
    }

    /// The layer, boxed for a [`Sequential`] network.
    pub(crate) fn into_layer(self) -> Box<dyn Layer<F>> {
        match self {
            Part::Dense(layer) => Box::new(layer),
            Part::Conv2d(layer) => Box::new(layer),
            Part::MaxPool2d(layer) => Box::new(layer),
            Part::AvgPool2d(layer) => Box::new(layer),
            Part::BatchNorm(layer) => Box::new(layer),
            Part::Flatten => Box::new(Flatten),
        }
    }

    /// The layer's kind as [`Layer::name`] and the files name it: `conv2d`.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Part::Dense(_) => "dense",
            Part::Conv2d(_) => "conv2d",
            Part::MaxPool2d(_) => "max_pool2d",
            Part::AvgPool2d(_) => "avg_pool2d",
            Part::BatchNorm(_) => "batch_norm",
            Part::Flatten => "flatten",
        }
    }

    /// The activation applied to the layer's net inputs.
    pub(crate) fn activation(&self) -> Activation {
        match self {
            Part::Dense(layer) => layer.activation(),
            Part::Conv2d(layer) => Layer::<F>::activation(layer),
            _ => Activation::Identity,
        }
    }

    /// The dropout rate training applies after the activation.
    pub(crate) fn dropout(&self) -> f64 {
        match self {
            Part::Dense(layer) => layer.dropout(),
            _ => 0.0,
        }
    }
}

/// The layers of `network` as parts; a layer the files do not hold (one of
/// your own) is refused, by its place and name, and so is a NaN or infinite
/// value (which training can leave), by its layer.
pub(crate) fn parts_of<F: Float>(network: &Sequential<F>) -> Result<Vec<Part<F>>, FileProblem> {
    network
        .layers()
        .iter()
        .enumerate()
        .map(|(l, layer)| {
            let part = Part::of(layer.as_ref()).ok_or_else(|| FileProblem::InvalidModel {
                field: format!("layers[{l}]"),
                reason: format!(
                    "is a `{}` layer ({layer}), which no model file holds: they hold dense, conv2d, max_pool2d, avg_pool2d, batch_norm and flatten layers",
                    layer.name()
                ),
            })?;
            let values = layer
                .parameters()
                .into_iter()
                .flat_map(|(_, values)| values.iter().copied().collect::<Vec<F>>())
                .chain(match &part {
                    Part::BatchNorm(norm) => norm
                        .running_mean()
                        .iter()
                        .chain(norm.running_var().iter())
                        .copied()
                        .collect(),
                    _ => Vec::new(),
                });
            match values.into_iter().find(|v| !v.is_finite()) {
                Some(value) => Err(FileProblem::InvalidModel {
                    field: format!("layers[{l}]"),
                    reason: format!("({layer}) holds {value}, but a model file holds finite values only"),
                }),
                None => Ok(part),
            }
        })
        .collect()
}

/// The network of `parts`, once their channels chain: each convolution,
/// batch normalisation and dense layer reads as many channels (features) as
/// the layers before give, where that is known without the image's size
/// (not after flattening maps).
pub(crate) fn network_of<F: Float>(parts: Vec<Part<F>>) -> Result<Sequential<F>, FileProblem> {
    if parts.is_empty() {
        return Err(FileProblem::InvalidModel {
            field: "layers".to_owned(),
            reason: "are none, but a network has at least one layer".to_owned(),
        });
    }
    // Channels (or features) along axis 1 of what the layers so far give,
    // and whether that is maps (so that flattening makes it unknown): not
    // known before the first layer that says (a batch normalisation first
    // reads features or maps alike).
    let (mut width, mut maps): (Option<usize>, Option<bool>) = (None, None);
    for (layer, part) in parts.iter().enumerate() {
        let (reads, gives, gives_maps) = match part {
            Part::Conv2d(conv) => (
                Some(conv.in_channels()),
                Some(conv.out_channels()),
                Some(true),
            ),
            Part::BatchNorm(norm) => (Some(norm.channels()), Some(norm.channels()), maps),
            Part::Dense(dense) => (Some(dense.n_inputs()), Some(dense.n_units()), Some(false)),
            Part::MaxPool2d(_) | Part::AvgPool2d(_) => (None, width, Some(true)),
            Part::Flatten => {
                let flat = if maps == Some(false) { width } else { None };
                (None, flat, Some(false))
            }
        };
        if let (Some(found), Some(expected)) = (reads, width)
            && found != expected
        {
            return Err(FileProblem::ChannelMismatch {
                layer,
                what: part.kind(),
                found,
                expected,
            });
        }
        (width, maps) = (gives, gives_maps);
    }
    Network::from_layers(parts.into_iter().map(Part::into_layer).collect()).map_err(|error| {
        FileProblem::InvalidModel {
            field: "layers".to_owned(),
            reason: error.to_string(),
        }
    })
}

/// PyTorch's index of each part in the `nn.Sequential` that computes the same:
/// each layer one module, followed by a module for its activation (unless
/// the identity) and one for its dropout (if any), as
/// `nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), …)` numbers them.
pub(crate) fn module_indices<F: Float>(parts: &[Part<F>]) -> Vec<usize> {
    let mut next = 0_usize;
    parts
        .iter()
        .map(|part| {
            let index = next;
            next += 1
                + usize::from(part.activation() != Activation::Identity)
                + usize::from(part.dropout() > 0.0);
            index
        })
        .collect()
}

/// Writes `bytes` (or fails with their problem) to `path` atomically.
pub(crate) fn save_bytes(
    path: &Path,
    bytes: std::result::Result<Vec<u8>, FileProblem>,
) -> Result<()> {
    let bytes = bytes.map_err(|problem| Error::ModelFile {
        action: "save",
        path: path.display().to_string(),
        problem,
    })?;
    super::atomic::write_atomically(path, &bytes)
}
