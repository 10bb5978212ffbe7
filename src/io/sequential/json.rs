//! A network of images as a JSON model file: the envelope of every model file
//! (`format`, `version`, `float`) with `"kind": "sequential"`, and each layer
//! an object whose `type` says what it is:
//!
//! ```text
//! { "type": "conv2d", "weights": [[[[…]]]] (out_channels, in_channels, kh, kw), "bias": [b₀, …] or null,
//!   "stride": [1, 1], "padding": "same", "activation": "relu" }
//! { "type": "max_pool2d", "kernel": [3, 3], "stride": [2, 2], "padding": "valid" }   (or avg_pool2d)
//! { "type": "batch_norm", "scale": [γ…], "shift": [β…], "running_mean": […], "running_var": […],
//!   "momentum": 0.1, "epsilon": 1e-5 }
//! { "type": "flatten" }
//! { "type": "dense", "weights": [[…]] (n_inputs, n_units), "bias": […], "activation": "softmax" }
//! ```
//!
//! A padding is `"valid"`, `"same"` or `[rows, columns]`. A convolution
//! without biases ([`Conv2d::without_bias`]) has `"bias": null`; the key is
//! always there, so that a file that lost it is refused, not read as a
//! convolution without biases. Dense-only files
//! (`"kind": "network"`) are read by [`Network::load`](crate::Network::load) as before.

use std::path::Path;

use ndarray::{Array1, Array4};
use serde::{Deserialize, Serialize};

use super::{KIND, Part, network_of, parts_of, save_bytes};
use crate::io::description::{Kind, ModelDescription};
use crate::io::json::{Envelope, FORMAT, FORMAT_VERSION, Json, body, check_header};
use crate::io::readable::{failed_load, read_checked};
use crate::io::record::{DenseRecord, record_error};
use crate::{
    Activation, AvgPool2d, BatchNorm, Conv2d, Dense, FileProblem, Float, MaxPool2d, Padding,
    Result, Sequential,
};

/// A network of images as data: its layers, first to last.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound = "F: Float")]
struct SequentialRecord<F> {
    layers: Vec<PartRecord<F>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", bound = "F: Float")]
enum PartRecord<F> {
    Dense(DenseRecord<F>),
    Conv2d(ConvRecord<F>),
    MaxPool2d(PoolRecord),
    AvgPool2d(PoolRecord),
    BatchNorm(BatchNormRecord<F>),
    Flatten,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound = "F: Float")]
struct ConvRecord<F> {
    /// `weights[o][c][i][j]`: filter `o`, input channel `c`, window offset `(i, j)`.
    weights: Vec<Vec<Vec<Vec<F>>>>,
    /// One per filter, or `null` for none. Required: `Option::deserialize`
    /// reads `null` as `None` but, unlike serde's default for an `Option`,
    /// refuses a missing key.
    #[serde(deserialize_with = "Option::deserialize")]
    bias: Option<Vec<F>>,
    stride: [usize; 2],
    padding: PaddingRecord,
    activation: Activation,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PoolRecord {
    kernel: [usize; 2],
    stride: [usize; 2],
    padding: PaddingRecord,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound = "F: Float")]
struct BatchNormRecord<F> {
    scale: Vec<F>,
    shift: Vec<F>,
    running_mean: Vec<F>,
    running_var: Vec<F>,
    momentum: f64,
    epsilon: f64,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(untagged)]
enum PaddingRecord {
    Named(PaddingName),
    Explicit([usize; 2]),
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum PaddingName {
    Valid,
    Same,
}

impl From<Padding> for PaddingRecord {
    fn from(padding: Padding) -> Self {
        match padding {
            Padding::Valid => PaddingRecord::Named(PaddingName::Valid),
            Padding::Same => PaddingRecord::Named(PaddingName::Same),
            Padding::Explicit(rows, columns) => PaddingRecord::Explicit([rows, columns]),
        }
    }
}

impl From<PaddingRecord> for Padding {
    fn from(record: PaddingRecord) -> Self {
        match record {
            PaddingRecord::Named(PaddingName::Valid) => Padding::Valid,
            PaddingRecord::Named(PaddingName::Same) => Padding::Same,
            PaddingRecord::Explicit([rows, columns]) => Padding::Explicit(rows, columns),
        }
    }
}

impl<F: Float> PartRecord<F> {
    fn of(part: &Part<F>) -> Self {
        match part {
            Part::Dense(dense) => {
                let described = ModelDescription::from(dense);
                let layer = described.layers.first().map(DenseRecord::of);
                // A dense layer's description has its one layer.
                layer.map_or(PartRecord::Flatten, PartRecord::Dense)
            }
            Part::Conv2d(conv) => PartRecord::Conv2d(ConvRecord {
                weights: conv
                    .weights()
                    .outer_iter()
                    .map(|filter| {
                        filter
                            .outer_iter()
                            .map(|channel| channel.rows().into_iter().map(|r| r.to_vec()).collect())
                            .collect()
                    })
                    .collect(),
                bias: conv.bias().map(|bias| bias.to_vec()),
                stride: [conv.stride().0, conv.stride().1],
                padding: conv.padding().into(),
                activation: crate::Layer::<F>::activation(conv),
            }),
            Part::MaxPool2d(pool) => PartRecord::MaxPool2d(PoolRecord {
                kernel: [pool.kernel_size().0, pool.kernel_size().1],
                stride: [pool.stride().0, pool.stride().1],
                padding: pool.padding().into(),
            }),
            Part::AvgPool2d(pool) => PartRecord::AvgPool2d(PoolRecord {
                kernel: [pool.kernel_size().0, pool.kernel_size().1],
                stride: [pool.stride().0, pool.stride().1],
                padding: pool.padding().into(),
            }),
            Part::BatchNorm(norm) => PartRecord::BatchNorm(BatchNormRecord {
                scale: norm.scale().to_vec(),
                shift: norm.shift().to_vec(),
                running_mean: norm.running_mean().to_vec(),
                running_var: norm.running_var().to_vec(),
                momentum: norm.momentum(),
                epsilon: norm.epsilon(),
            }),
            Part::Flatten => PartRecord::Flatten,
        }
    }

    /// The layer, checked by its constructors; a fault is named by its path
    /// below `model.layers[l]`.
    fn into_part(self, l: usize) -> std::result::Result<Part<F>, FileProblem> {
        let within = format!("model.layers[{l}]");
        let invalid = |field: &str, reason: String| FileProblem::InvalidModel {
            field: format!("{within}.{field}"),
            reason,
        };
        let window = |field: &str, [a, b]: [usize; 2]| {
            if a == 0 || b == 0 {
                Err(invalid(
                    field,
                    format!("is [{a}, {b}], but both must be ≥ 1"),
                ))
            } else {
                Ok((a, b))
            }
        };
        Ok(match self {
            PartRecord::Dense(record) => {
                let layer = record
                    .into_layer("")
                    .map_err(|e| invalid(&e.field, e.reason))?;
                let description = ModelDescription {
                    kind: Kind::Dense,
                    layers: vec![layer],
                    title: String::new(),
                };
                let dense = Dense::try_from(description).map_err(|e| {
                    let e = record_error(Kind::Dense, e);
                    invalid(&e.field, e.reason)
                })?;
                Part::Dense(dense)
            }
            PartRecord::Conv2d(record) => {
                let stride = window("stride", record.stride)?;
                let weights = four_d(record.weights)
                    .map_err(|(field, reason)| invalid(&format!("weights{field}"), reason))?;
                let bias = record.bias.map(Array1::from);
                let conv = Conv2d::from_parts(weights, bias, record.activation)
                    .map_err(|e| invalid("weights", e.to_string()))?;
                Part::Conv2d(conv.with_stride(stride).with_padding(record.padding.into()))
            }
            PartRecord::MaxPool2d(record) => Part::MaxPool2d(
                MaxPool2d::new(window("kernel", record.kernel)?)
                    .with_stride(window("stride", record.stride)?)
                    .with_padding(record.padding.into()),
            ),
            PartRecord::AvgPool2d(record) => Part::AvgPool2d(
                AvgPool2d::new(window("kernel", record.kernel)?)
                    .with_stride(window("stride", record.stride)?)
                    .with_padding(record.padding.into()),
            ),
            PartRecord::BatchNorm(record) => {
                let norm = BatchNorm::new(record.scale.len())
                    .and_then(|n| n.with_momentum(record.momentum))
                    .map_err(|e| invalid("momentum", e.to_string()))?
                    .with_epsilon(record.epsilon)
                    .map_err(|e| invalid("epsilon", e.to_string()))?
                    .with_scale_and_shift(Array1::from(record.scale), Array1::from(record.shift))
                    .map_err(|e| invalid("shift", e.to_string()))?
                    .with_running_statistics(
                        Array1::from(record.running_mean),
                        Array1::from(record.running_var),
                    )
                    .map_err(|e| invalid("running_var", e.to_string()))?;
                Part::BatchNorm(norm)
            }
            PartRecord::Flatten => Part::Flatten,
        })
    }
}

/// Nested filters as one array, if they are not ragged: `Err((path, reason))`
/// names the first list of another length than the first of its level.
fn four_d<F: Float>(
    weights: Vec<Vec<Vec<Vec<F>>>>,
) -> std::result::Result<Array4<F>, (String, String)> {
    let o = weights.len();
    let c = weights.first().map_or(0, Vec::len);
    let kh = weights.first().and_then(|f| f.first()).map_or(0, Vec::len);
    let kw = weights
        .first()
        .and_then(|f| f.first())
        .and_then(|ch| ch.first())
        .map_or(0, Vec::len);
    let ragged = |path: String, found: usize, expected: usize| {
        Err((
            path,
            format!("has {found} entries, but the first of its level has {expected}"),
        ))
    };
    // Room for the values the file really holds.
    let mut flat = Vec::with_capacity(weights.iter().flatten().flatten().map(Vec::len).sum());
    for (a, filter) in weights.iter().enumerate() {
        if filter.len() != c {
            return ragged(format!("[{a}]"), filter.len(), c);
        }
        for (b, channel) in filter.iter().enumerate() {
            if channel.len() != kh {
                return ragged(format!("[{a}][{b}]"), channel.len(), kh);
            }
            for (i, row) in channel.iter().enumerate() {
                if row.len() != kw {
                    return ragged(format!("[{a}][{b}][{i}]"), row.len(), kw);
                }
                flat.extend_from_slice(row);
            }
        }
    }
    Array4::from_shape_vec((o, c, kh, kw), flat).map_err(|e| (String::new(), e.to_string()))
}

/// The file's bytes.
fn to_bytes<F: Float>(parts: &[Part<F>]) -> std::result::Result<Vec<u8>, FileProblem> {
    let record = SequentialRecord {
        layers: parts.iter().map(PartRecord::of).collect(),
    };
    let envelope = Envelope {
        format: FORMAT,
        version: FORMAT_VERSION,
        kind: KIND,
        float: F::NAME,
        model: &record,
    };
    let mut text =
        serde_json::to_string_pretty(&envelope).map_err(|e| FileProblem::InvalidModel {
            field: "model".to_owned(),
            reason: e.to_string(),
        })?;
    text.push('\n');
    Ok(text.into_bytes())
}

/// The network in a file's bytes.
fn from_bytes<F: Float>(bytes: &[u8]) -> std::result::Result<Sequential<F>, FileProblem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FileProblem::Empty);
    }
    check_header::<F>(bytes, KIND)?;
    let record = body::<SequentialRecord<F>>(bytes)?;
    let parts = record
        .layers
        .into_iter()
        .enumerate()
        .map(|(l, part)| part.into_part(l))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    network_of(parts)
}

/// The bytes of `network`'s file, read back as a load reads them.
fn checked_bytes<F: Float>(network: &Sequential<F>) -> std::result::Result<Vec<u8>, FileProblem> {
    let bytes = to_bytes(&parts_of(network)?)?;
    from_bytes::<F>(&bytes)?;
    Ok(bytes)
}

impl<F: Float> Sequential<F> {
    /// Saves the network as a JSON model file, atomically: the previous file
    /// at `path` stays intact unless the new one is complete. Each layer is an
    /// object whose `type` says what it is (`conv2d`, `max_pool2d`,
    /// `avg_pool2d`, `batch_norm`, `flatten`, `dense`), with its values and
    /// settings, a batch normalisation's running statistics among them; floats
    /// in their shortest round-trip form, so that [`load`](Self::load) gives
    /// back every bit.
    ///
    /// # Errors
    /// [`Error::ModelFile`](crate::Error::ModelFile) with [`FileProblem::InvalidModel`]
    /// for a layer the files do not hold (one of your own, named by its place)
    /// or a NaN or infinite value, [`FileProblem::ChannelMismatch`] for layers
    /// whose channels do not chain (nothing is written); [`Error::Io`](crate::Error::Io)
    /// if the file cannot be written.
    ///
    /// ```
    /// use neuron::{Activation, BatchNorm, Conv2d, Dense, Flatten, Init, Layer, Padding, Sequential};
    /// use neuron::ndarray::Array4;
    /// use neuron::rand::{SeedableRng, rngs::StdRng};
    ///
    /// let mut rng = StdRng::seed_from_u64(0);
    /// let layers: Vec<Box<dyn Layer<f64>>> = vec![
    ///     Box::new(Conv2d::random(1, 2, (3, 3), Init::KaimingUniform, &mut rng)?.with_padding(Padding::Same)),
    ///     Box::new(BatchNorm::new(2)?),
    ///     Box::new(Flatten),
    ///     Box::new(Dense::random(2 * 4 * 4, 3, Activation::Softmax, Init::XavierUniform, &mut rng)?),
    /// ];
    /// let network = Sequential::from_layers(layers)?;
    /// let path = std::env::temp_dir().join(format!("cnn-doc-{}.json", std::process::id()));
    /// network.save(&path)?;
    /// let text = std::fs::read_to_string(&path).unwrap();
    /// assert!(text.contains("\"kind\": \"sequential\"") && text.contains("\"type\": \"batch_norm\""));
    /// let back = Sequential::<f64>::load(&path)?;
    /// let x = Array4::from_shape_fn((1, 1, 4, 4), |(_, _, i, j)| (i + 2 * j) as f64);
    /// assert_eq!(back.forward(&x)?, network.forward(&x)?);
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
        save_bytes(path.as_ref(), checked_bytes(self))
    }

    /// Loads a network saved by [`save`](Self::save), of this float type.
    ///
    /// # Errors
    /// [`Error::Io`](crate::Error::Io) if the file cannot be read;
    /// [`Error::ModelFile`](crate::Error::ModelFile) with the [`FileProblem`]
    /// otherwise, never a panic: an empty, truncated or corrupt file, another
    /// format, version, kind (`"network"`, a dense-only file, is
    /// [`Network::load`](crate::Network::load)'s) or float type;
    /// [`FileProblem::ChannelMismatch`] for layers whose channels do not
    /// chain; [`FileProblem::InvalidModel`] naming the field
    /// (`model.layers[2].weights[0][1]`) for an unknown layer type, ragged
    /// filters, a window of 0, NaN, a negative variance, a softmax over maps,
    /// or a convolution without its `bias` key (`null` for none).
    pub fn load(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = read_checked::<Json>(path)?;
        from_bytes::<F>(&bytes).map_err(|problem| failed_load(path, problem))
    }
}
