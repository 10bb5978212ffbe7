//! A network of images as a safetensors file in PyTorch's layout: the state
//! dict of the `nn.Sequential` that computes the same, so that
//! `model.load_state_dict(safetensors.torch.load_file(path))` reads it, and a
//! state dict PyTorch wrote loads into a network of the same architecture
//! (under a prefix, or with its modules named one by one, through
//! `SafetensorsOptions`: see `module_keys`).
//!
//! Layer `l` is module `i` of the `nn.Sequential` (its activation and dropout
//! are modules of their own, so `i` counts them: see `module_indices`):
//!
//! | layer | tensors | shapes |
//! |---|---|---|
//! | [`Conv2d`] | `{i}.weight`, `{i}.bias` (none [`without_bias`](Conv2d::without_bias)) | `(out_channels, in_channels, kh, kw)`, `(out_channels,)`, as `nn.Conv2d` |
//! | [`Dense`] | `{i}.weight`, `{i}.bias` | `(n_units, n_inputs)` (the transpose of [`Dense::weights`]), `(n_units,)`, as `nn.Linear` |
//! | [`BatchNorm`] | `{i}.weight` (`γ`), `{i}.bias` (`β`), `{i}.running_mean`, `{i}.running_var`, `{i}.num_batches_tracked` | `(channels,)` each, the last an `I64` scalar, as `nn.BatchNorm2d` |
//! | pooling, flattening | none | |
//!
//! The metadata holds `format` (`neuron`), `version` (`1`), `kind`
//! (`sequential`) and `layers`: the architecture as JSON, one object per
//! layer, `{"type": "conv2d", "stride": [1, 1], "padding": "same",
//! "activation": "relu"}` (with `"bias": false` for a convolution without
//! biases; no key means biases), `{"type": "max_pool2d", "kernel": [3, 3],
//! "stride": [2, 2], "padding": "same"}`, `{"type": "batch_norm",
//! "momentum": 0.1, "epsilon": 1e-05}`, `{"type": "flatten"}`,
//! `{"type": "dense", "activation": "relu", "dropout": 0.5}`; a padding is
//! `"valid"`, `"same"` or `[rows, columns]`. `num_batches_tracked` is written
//! as 0 (the crate does not count steps) and ignored when read.

use std::collections::BTreeMap;
use std::path::Path;

use ndarray::{Array1, Array2, Array4};
use serde_json::{Value, json};

use super::{KIND, Part, module_indices, network_of, parts_of, save_bytes};
use crate::io::readable::{failed_load, read_checked};
use crate::io::safetensors::Safetensors;
use crate::io::safetensors_header::{self, Dtype, Header, TensorEntry};
use crate::io::safetensors_layers::{encode, values};
use crate::{
    Activation, AvgPool2d, BatchNorm, Conv2d, Dense, FileProblem, Float, MaxPool2d, Padding,
    Result, SafetensorsOptions, Sequential,
};

const FORMAT: &str = "neuron";
const VERSION: u64 = 1;
/// PyTorch's count of a batch normalisation's steps: tolerated, not used.
const NUM_BATCHES_TRACKED: &str = "num_batches_tracked";

type Tensor = (String, Dtype, Vec<usize>, Vec<u8>);

/// The file's bytes.
pub(crate) fn to_bytes<F: Float>(parts: &[Part<F>]) -> std::result::Result<Vec<u8>, FileProblem> {
    let dtype = Dtype::of::<F>();
    let mut tensors: Vec<Tensor> = Vec::new();
    for (part, i) in parts.iter().zip(module_indices(parts)) {
        let mut push = |name: &str, shape: &[usize], data: Vec<u8>| {
            tensors.push((format!("{i}.{name}"), dtype, shape.to_vec(), data));
        };
        match part {
            Part::Dense(dense) => {
                let (n_inputs, n_units) = dense.weights().dim();
                let transposed = dense.weights().t();
                push(
                    "weight",
                    &[n_units, n_inputs],
                    encode(transposed.iter(), dtype),
                );
                push("bias", &[n_units], encode(dense.bias().iter(), dtype));
            }
            Part::Conv2d(conv) => {
                push(
                    "weight",
                    conv.weights().shape(),
                    encode(conv.weights().iter(), dtype),
                );
                if let Some(bias) = conv.bias() {
                    push("bias", bias.shape(), encode(bias.iter(), dtype));
                }
            }
            Part::BatchNorm(norm) => {
                let c = [norm.channels()];
                push("weight", &c, encode(norm.scale().iter(), dtype));
                push("bias", &c, encode(norm.shift().iter(), dtype));
                push(
                    "running_mean",
                    &c,
                    encode(norm.running_mean().iter(), dtype),
                );
                push("running_var", &c, encode(norm.running_var().iter(), dtype));
                tensors.push((
                    format!("{i}.{NUM_BATCHES_TRACKED}"),
                    Dtype::I64,
                    Vec::new(),
                    0_i64.to_le_bytes().to_vec(),
                ));
            }
            Part::MaxPool2d(_) | Part::AvgPool2d(_) | Part::Flatten => {}
        }
    }
    tensors.sort_by(|a, b| a.0.cmp(&b.0));
    let layers: Vec<Value> = parts.iter().map(settings).collect();
    let metadata = BTreeMap::from([
        ("format".to_owned(), FORMAT.to_owned()),
        ("version".to_owned(), VERSION.to_string()),
        ("kind".to_owned(), KIND.to_owned()),
        ("layers".to_owned(), Value::Array(layers).to_string()),
    ]);
    safetensors_header::write(&metadata, &tensors).map_err(|reason| FileProblem::InvalidModel {
        field: "header".to_owned(),
        reason,
    })
}

/// A layer's settings, everything but its tensors, as the metadata's JSON.
fn settings<F: Float>(part: &Part<F>) -> Value {
    let pair = |(a, b): (usize, usize)| json!([a, b]);
    match part {
        Part::Dense(dense) => {
            let mut value = json!({"type": "dense", "activation": dense.activation().name()});
            if dense.dropout() > 0.0
                && let Some(object) = value.as_object_mut()
            {
                object.insert("dropout".to_owned(), json!(dense.dropout()));
            }
            value
        }
        Part::Conv2d(conv) => {
            let mut value = json!({
                "type": "conv2d",
                "stride": pair(conv.stride()),
                "padding": padding_value(conv.padding()),
                "activation": crate::Layer::<F>::activation(conv).name(),
            });
            // Written only when false: a file with biases is as it always was.
            if conv.bias().is_none()
                && let Some(object) = value.as_object_mut()
            {
                object.insert("bias".to_owned(), json!(false));
            }
            value
        }
        Part::MaxPool2d(pool) => json!({
            "type": "max_pool2d",
            "kernel": pair(pool.kernel_size()),
            "stride": pair(pool.stride()),
            "padding": padding_value(pool.padding()),
        }),
        Part::AvgPool2d(pool) => json!({
            "type": "avg_pool2d",
            "kernel": pair(pool.kernel_size()),
            "stride": pair(pool.stride()),
            "padding": padding_value(pool.padding()),
        }),
        Part::BatchNorm(norm) => json!({
            "type": "batch_norm",
            "momentum": norm.momentum(),
            "epsilon": norm.epsilon(),
        }),
        Part::Flatten => json!({"type": "flatten"}),
    }
}

fn padding_value(padding: Padding) -> Value {
    match padding {
        Padding::Valid => json!("valid"),
        Padding::Same => json!("same"),
        Padding::Explicit(rows, columns) => json!([rows, columns]),
    }
}

/// The network in a file this crate wrote: the architecture from its
/// metadata, the shapes from its tensors.
pub(crate) fn from_bytes<F: Float>(
    bytes: &[u8],
) -> std::result::Result<Sequential<F>, FileProblem> {
    let header = safetensors_header::parse(bytes)?;
    let invalid = |key: &str, reason: String| FileProblem::InvalidModel {
        field: format!("__metadata__.{key}"),
        reason,
    };
    let meta = &header.metadata;
    if meta.get("format").map(String::as_str) != Some(FORMAT) {
        return Err(FileProblem::NotAModelFile {
            message: format!(
                "it has no `\"format\": \"{FORMAT}\"` metadata naming the layers (a state dict PyTorch wrote has none): give the architecture with load_state_dict"
            ),
        });
    }
    match meta.get("version").map(|v| v.parse::<u64>()) {
        Some(Ok(VERSION)) => {}
        Some(Ok(found)) => {
            return Err(FileProblem::UnsupportedVersion {
                found,
                supported: VERSION,
            });
        }
        _ => return Err(invalid("version", format!("is not {VERSION}"))),
    }
    match meta.get("kind").map(String::as_str) {
        Some(KIND) => {}
        found => {
            return Err(FileProblem::WrongKind {
                found: found.unwrap_or("network").to_owned(),
                expected: KIND,
            });
        }
    }
    let Some(layers) = meta.get("layers") else {
        return Err(invalid("layers", "is missing".to_owned()));
    };
    let layers: Value =
        serde_json::from_str(layers).map_err(|e| invalid("layers", format!("is not JSON: {e}")))?;
    let Some(layers) = layers.as_array() else {
        return Err(invalid("layers", "is not a JSON array".to_owned()));
    };
    // Placeholders of the settings named and the shapes the tensors have:
    // their values are read, and checked, as a state dict's are.
    let mut template = Vec::with_capacity(layers.len().min(header.tensors.len() + 1));
    let mut next = 0_usize;
    for (l, layer) in layers.iter().enumerate() {
        let part = placeholder::<F>(layer, l, next, &header)?;
        next += 1
            + usize::from(part.activation() != Activation::Identity)
            + usize::from(part.dropout() > 0.0);
        template.push(part);
    }
    let parts = fill(&template, bytes, &header, &SafetensorsOptions::new())?;
    network_of(parts)
}

/// Layer `l`'s settings from the metadata, with zeros of the shapes its
/// tensors (of module `i`) have in the file.
fn placeholder<F: Float>(
    value: &Value,
    l: usize,
    i: usize,
    header: &Header,
) -> std::result::Result<Part<F>, FileProblem> {
    let field = format!("__metadata__.layers[{l}]");
    let invalid = |key: &str, reason: String| FileProblem::InvalidModel {
        field: if key.is_empty() {
            field.clone()
        } else {
            format!("{field}.{key}")
        },
        reason,
    };
    let text = |key: &str| value.get(key).and_then(Value::as_str);
    let pair = |key: &str| -> std::result::Result<(usize, usize), FileProblem> {
        match value.get(key).and_then(Value::as_array).map(Vec::as_slice) {
            Some([a, b]) => match (a.as_u64(), b.as_u64()) {
                (Some(a), Some(b)) if a > 0 && b > 0 => Ok((a as usize, b as usize)),
                _ => Err(invalid(key, "must be two whole numbers ≥ 1".to_owned())),
            },
            _ => Err(invalid(key, "must be two whole numbers ≥ 1".to_owned())),
        }
    };
    let padding = || -> std::result::Result<Padding, FileProblem> {
        match value.get("padding") {
            Some(Value::String(s)) if s == "valid" => Ok(Padding::Valid),
            Some(Value::String(s)) if s == "same" => Ok(Padding::Same),
            Some(Value::Array(pair)) => match pair.as_slice() {
                [a, b] => match (a.as_u64(), b.as_u64()) {
                    (Some(a), Some(b)) => Ok(Padding::Explicit(a as usize, b as usize)),
                    _ => Err(invalid("padding", "must be whole numbers".to_owned())),
                },
                _ => Err(invalid("padding", "must be [rows, columns]".to_owned())),
            },
            _ => Err(invalid(
                "padding",
                "must be \"valid\", \"same\" or [rows, columns]".to_owned(),
            )),
        }
    };
    let activation = || -> std::result::Result<Activation, FileProblem> {
        let name = text("activation").unwrap_or("identity");
        name.parse::<Activation>()
            .map_err(|e| invalid("activation", format!("is `{name}`: {e}")))
    };
    let number = |key: &str| -> std::result::Result<Option<f64>, FileProblem> {
        match value.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| invalid(key, "must be a number".to_owned())),
        }
    };
    let shape = |name: &str| -> std::result::Result<Vec<usize>, FileProblem> {
        let tensor = format!("{i}.{name}");
        header
            .tensors
            .iter()
            .find(|t| t.name == tensor)
            .map(|t| t.shape.clone())
            .ok_or(FileProblem::MissingTensor { tensor })
    };
    // Whether the metadata's `"bias"` (true when missing) and the file's
    // tensors agree that the layer has biases.
    let has_bias = || -> std::result::Result<bool, FileProblem> {
        let named = match value.get("bias") {
            None => true,
            Some(Value::Bool(named)) => *named,
            Some(_) => return Err(invalid("bias", "must be true or false".to_owned())),
        };
        let tensor = format!("{i}.bias");
        match (named, header.tensors.iter().any(|t| t.name == tensor)) {
            (true, false) => Err(FileProblem::MissingTensor { tensor }),
            (false, true) => Err(invalid(
                "bias",
                format!("is false, but the file holds the tensor `{tensor}`"),
            )),
            (named, _) => Ok(named),
        }
    };
    let refused = |e: crate::Error| invalid("", e.to_string());
    let wrong_rank = |name: &str, found: Vec<usize>, expected: &str| FileProblem::InvalidModel {
        field: format!("{i}.{name}"),
        reason: format!("has shape {found:?}, but a {expected}"),
    };
    let part = match text("type") {
        Some("dense") => {
            let (n_units, n_inputs) = match shape("weight")?.as_slice() {
                &[units, inputs] => (units, inputs),
                other => {
                    return Err(wrong_rank(
                        "weight",
                        other.to_vec(),
                        "dense layer's weight is (n_units, n_inputs)",
                    ));
                }
            };
            let dense = Dense::new(
                Array2::zeros((n_inputs, n_units)),
                Array1::zeros(n_units),
                activation()?,
            )
            .map_err(refused)?;
            let dense = match number("dropout")? {
                Some(rate) => dense.with_dropout(rate).map_err(refused)?,
                None => dense,
            };
            Part::Dense(dense)
        }
        Some("conv2d") => {
            let dims = match shape("weight")?.as_slice() {
                &[o, c, kh, kw] => (o, c, kh, kw),
                other => {
                    return Err(wrong_rank(
                        "weight",
                        other.to_vec(),
                        "convolution's weight is (out_channels, in_channels, kh, kw)",
                    ));
                }
            };
            let bias = has_bias()?.then(|| Array1::zeros(dims.0));
            let conv =
                Conv2d::from_parts(Array4::zeros(dims), bias, activation()?).map_err(refused)?;
            Part::Conv2d(conv.with_stride(pair("stride")?).with_padding(padding()?))
        }
        Some("max_pool2d") => Part::MaxPool2d(
            MaxPool2d::new(pair("kernel")?)
                .with_stride(pair("stride")?)
                .with_padding(padding()?),
        ),
        Some("avg_pool2d") => Part::AvgPool2d(
            AvgPool2d::new(pair("kernel")?)
                .with_stride(pair("stride")?)
                .with_padding(padding()?),
        ),
        Some("batch_norm") => {
            let channels = match shape("weight")?.as_slice() {
                &[c] => c,
                other => {
                    return Err(wrong_rank(
                        "weight",
                        other.to_vec(),
                        "batch normalisation's weight is (channels,)",
                    ));
                }
            };
            let mut norm = BatchNorm::new(channels).map_err(refused)?;
            if let Some(momentum) = number("momentum")? {
                norm = norm.with_momentum(momentum).map_err(refused)?;
            }
            if let Some(epsilon) = number("epsilon")? {
                norm = norm.with_epsilon(epsilon).map_err(refused)?;
            }
            Part::BatchNorm(norm)
        }
        Some("flatten") => Part::Flatten,
        Some(other) => {
            return Err(invalid(
                "type",
                format!(
                    "is `{other}`, not one of dense, conv2d, max_pool2d, avg_pool2d, batch_norm, flatten"
                ),
            ));
        }
        None => return Err(invalid("type", "is missing".to_owned())),
    };
    Ok(part)
}

/// Whether a layer has tensors in a state dict.
fn has_tensors<F: Float>(part: &Part<F>) -> bool {
    matches!(part, Part::Dense(_) | Part::Conv2d(_) | Part::BatchNorm(_))
}

/// Each part's module path in the state dict, its tensors' names less
/// `.weight`: `{prefix}{i}`, `i` its index in the `nn.Sequential`, or the
/// keys `options` name, one per layer with tensors (in order; a layer
/// without tensors gets an empty key, never read).
fn module_keys<F: Float>(
    template: &[Part<F>],
    options: &SafetensorsOptions,
) -> std::result::Result<Vec<String>, FileProblem> {
    let prefix = options.given_prefix();
    let invalid = |field: &str, reason: String| FileProblem::InvalidModel {
        field: field.to_owned(),
        reason,
    };
    if let Some(activations) = options.given_activations() {
        return Err(invalid(
            "activations",
            format!(
                "are given ({} of them), but a network's state dict is loaded into its layers, activations and all",
                activations.len()
            ),
        ));
    }
    let Some(given) = options.given_layer_keys() else {
        return Ok(module_indices(template)
            .into_iter()
            .map(|i| format!("{prefix}{i}"))
            .collect());
    };
    let kinds: Vec<&str> = template
        .iter()
        .filter(|p| has_tensors(p))
        .map(Part::kind)
        .collect();
    if given.len() != kinds.len() {
        return Err(invalid(
            "layer_keys",
            format!(
                "are {} ({}), but the network has {} layers with tensors ({})",
                given.len(),
                given.join(", "),
                kinds.len(),
                kinds.join(", ")
            ),
        ));
    }
    if let Some((k, key)) = given
        .iter()
        .enumerate()
        .find(|(k, key)| given.iter().skip(k + 1).any(|other| other == *key))
    {
        return Err(invalid(
            "layer_keys",
            format!("name `{key}` twice (at {k} and after), but each layer is a module of its own"),
        ));
    }
    let mut given = given.iter();
    Ok(template
        .iter()
        .map(|part| {
            if has_tensors(part) {
                given
                    .next()
                    .map_or_else(String::new, |key| format!("{prefix}{key}"))
            } else {
                String::new()
            }
        })
        .collect())
}

/// The parts of `template` with their values from the file: every tensor
/// of the shape the template's layer has, every tensor of the file used
/// (but `num_batches_tracked`). A convolution has biases if the file has its
/// `bias` tensor, whether the template's had them or not, as the
/// `nn.Conv2d(…, bias=False)` that wrote it. `options`: whether the other
/// float type is converted (as PyTorch's `load_state_dict` copies) or
/// refused, and the names of the layers' modules (see [`module_keys`]).
fn fill<F: Float>(
    template: &[Part<F>],
    bytes: &[u8],
    header: &Header,
    options: &SafetensorsOptions,
) -> std::result::Result<Vec<Part<F>>, FileProblem> {
    let keys = module_keys(template, options)?;
    let file =
        ::safetensors::SafeTensors::deserialize(bytes).map_err(|e| FileProblem::NotAModelFile {
            message: format!("the safetensors reader refuses it: {e}"),
        })?;
    let mut used: Vec<&str> = Vec::new();
    let mut parts = Vec::with_capacity(template.len());
    for (part, i) in template.iter().zip(&keys) {
        let mut read =
            |name: &str, expected: &[usize]| -> std::result::Result<Vec<F>, FileProblem> {
                let tensor = format!("{i}.{name}");
                let entry = find(header, &tensor)?;
                if entry.shape != expected {
                    return Err(FileProblem::TensorShape {
                        tensor,
                        found: entry.shape.clone(),
                        expected: expected.to_vec(),
                    });
                }
                used.push(entry.name.as_str());
                values::<F>(&file, entry, options)
            };
        let refused = |tensor: &str, e: crate::Error| FileProblem::InvalidModel {
            field: format!("{i}.{tensor}"),
            reason: e.to_string(),
        };
        let filled = match part {
            Part::Dense(dense) => {
                let (n_inputs, n_units) = dense.weights().dim();
                let w = read("weight", &[n_units, n_inputs])?;
                let b = read("bias", &[n_units])?;
                let w = Array2::from_shape_vec((n_units, n_inputs), w)
                    .map_err(|e| shape_refused(i, e))?
                    .reversed_axes()
                    .as_standard_layout()
                    .into_owned();
                let layer = Dense::new(w, Array1::from(b), dense.activation())
                    .and_then(|d| d.with_dropout(dense.dropout()))
                    .map_err(|e| refused("weight", e))?;
                Part::Dense(layer)
            }
            Part::Conv2d(conv) => {
                let dims = conv.weights().dim();
                let w = read("weight", conv.weights().shape())?;
                let bias_name = format!("{i}.bias");
                let b = if header.tensors.iter().any(|t| t.name == bias_name) {
                    Some(Array1::from(read("bias", &[dims.0])?))
                } else {
                    None
                };
                let w = Array4::from_shape_vec(dims, w).map_err(|e| shape_refused(i, e))?;
                let layer = Conv2d::from_parts(w, b, crate::Layer::<F>::activation(conv))
                    .map_err(|e| refused("weight", e))?
                    .with_stride(conv.stride())
                    .with_padding(conv.padding());
                Part::Conv2d(layer)
            }
            Part::BatchNorm(norm) => {
                let c = [norm.channels()];
                let scale = Array1::from(read("weight", &c)?);
                let shift = Array1::from(read("bias", &c)?);
                let mean = Array1::from(read("running_mean", &c)?);
                let var = Array1::from(read("running_var", &c)?);
                let layer = norm
                    .clone()
                    .with_scale_and_shift(scale, shift)
                    .map_err(|e| refused("weight", e))?
                    .with_running_statistics(mean, var)
                    .map_err(|e| refused("running_var", e))?;
                let count = format!("{i}.{NUM_BATCHES_TRACKED}");
                if let Some(entry) = header.tensors.iter().find(|t| t.name == count) {
                    used.push(entry.name.as_str());
                }
                Part::BatchNorm(layer)
            }
            other => other.clone(),
        };
        parts.push(filled);
    }
    if let Some(extra) = header
        .tensors
        .iter()
        .find(|t| !used.contains(&t.name.as_str()))
    {
        let names: Vec<String> = template
            .iter()
            .zip(&keys)
            .filter(|(part, _)| has_tensors(part))
            .map(|(part, i)| format!("{i} ({})", part.kind()))
            .collect();
        return Err(FileProblem::InvalidModel {
            field: extra.name.clone(),
            reason: format!(
                "is not a tensor of the network, whose modules with tensors are {}",
                names.join(", ")
            ),
        });
    }
    Ok(parts)
}

fn shape_refused(i: &str, e: ndarray::ShapeError) -> FileProblem {
    FileProblem::InvalidModel {
        field: format!("{i}.weight"),
        reason: e.to_string(),
    }
}

fn find<'h>(header: &'h Header, tensor: &str) -> std::result::Result<&'h TensorEntry, FileProblem> {
    header
        .tensors
        .iter()
        .find(|t| t.name == tensor)
        .ok_or_else(|| FileProblem::MissingTensor {
            tensor: tensor.to_owned(),
        })
}

/// The file's bytes for `network`, read back as a load reads them: a
/// network that would not load back is not written.
fn checked_bytes<F: Float>(network: &Sequential<F>) -> std::result::Result<Vec<u8>, FileProblem> {
    let bytes = to_bytes(&parts_of(network)?)?;
    from_bytes::<F>(&bytes)?;
    Ok(bytes)
}

impl<F: Float> Sequential<F> {
    /// Saves the network as a safetensors file in PyTorch's layout,
    /// atomically: the previous file at `path` stays intact unless the new
    /// one is complete.
    ///
    /// The tensors are the state dict of the `nn.Sequential` that computes
    /// the same, each layer's activation (and dropout) a module of its own:
    /// `nn.Sequential(nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), …)`
    /// gives `0.weight` `(8, 1, 3, 3)`, `0.bias`, then the next layer's at 3;
    /// a convolution [`without_bias`](Conv2d::without_bias) has no `bias`
    /// (as `nn.Conv2d(…, bias=False)`'s state dict) and `"bias": false` in
    /// the metadata.
    /// A batch normalisation has `weight` (`γ`), `bias` (`β`), `running_mean`,
    /// `running_var` and `num_batches_tracked` (0); a dense layer's `weight`
    /// is `(n_units, n_inputs)`, as `nn.Linear`'s. The architecture
    /// (strides, paddings, activations) is in the metadata, so that
    /// [`load_safetensors`](Self::load_safetensors) needs nothing else.
    ///
    /// # Errors
    /// [`Error::ModelFile`](crate::Error::ModelFile) with
    /// [`FileProblem::InvalidModel`] for a layer the files do not hold (one
    /// of your own) or a NaN or infinite value, and
    /// [`FileProblem::ChannelMismatch`] for layers whose channels do not
    /// chain (nothing is written); [`Error::Io`](crate::Error::Io) if the file cannot be written.
    ///
    /// ```
    /// use neuron::{Activation, Conv2d, Dense, Flatten, Init, Layer, MaxPool2d, Sequential};
    /// use neuron::ndarray::Array4;
    /// use neuron::rand::{SeedableRng, rngs::StdRng};
    ///
    /// let mut rng = StdRng::seed_from_u64(0);
    /// let layers: Vec<Box<dyn Layer<f32>>> = vec![
    ///     Box::new(Conv2d::random(1, 4, (3, 3), Init::KaimingUniform, &mut rng)?.with_activation(Activation::Relu)?),
    ///     Box::new(MaxPool2d::new((2, 2))),
    ///     Box::new(Flatten),
    ///     Box::new(Dense::random(4 * 3 * 3, 2, Activation::Softmax, Init::XavierUniform, &mut rng)?),
    /// ];
    /// let network = Sequential::from_layers(layers)?;
    /// let path = std::env::temp_dir().join(format!("cnn-doc-{}.safetensors", std::process::id()));
    /// network.save_safetensors(&path)?;
    /// let back = Sequential::<f32>::load_safetensors(&path)?;
    /// let x = Array4::from_shape_fn((2, 1, 8, 8), |(n, _, i, j)| (n + i * j) as f32 / 10.0);
    /// assert_eq!(back.forward(&x)?, network.forward(&x)?);
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn save_safetensors(&self, path: impl AsRef<Path>) -> Result<()> {
        save_bytes(path.as_ref(), checked_bytes(self))
    }

    /// Loads a network saved by [`save_safetensors`](Self::save_safetensors):
    /// the architecture from the file's metadata, the values from its tensors.
    ///
    /// # Errors
    /// [`Error::Io`](crate::Error::Io) if the file cannot be read; [`Error::ModelFile`](crate::Error::ModelFile)
    /// with the [`FileProblem`] otherwise, never a panic and never a half-built network:
    /// the header's problems as [`Network::load_safetensors`](crate::Network::load_safetensors)
    /// names them; [`FileProblem::NotAModelFile`] for a file without neuron's
    /// metadata (a state dict PyTorch wrote: see [`load_state_dict`](Self::load_state_dict));
    /// [`FileProblem::WrongKind`] for a file of dense layers only (see
    /// [`Network::load_safetensors`](crate::Network::load_safetensors));
    /// [`FileProblem::MissingTensor`], [`FileProblem::TensorShape`],
    /// [`FileProblem::ChannelMismatch`], [`FileProblem::WrongDtype`], and
    /// [`FileProblem::InvalidModel`] naming the tensor or metadata key for
    /// anything else (an unknown layer or tensor, NaN, a negative variance,
    /// a convolution's `"bias": false` beside its `bias` tensor).
    pub fn load_safetensors(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let bytes = read_checked::<Safetensors>(path)?;
        from_bytes::<F>(&bytes).map_err(|problem| failed_load(path, problem))
    }

    /// Loads the values of a state dict PyTorch (or anything else) wrote as
    /// a safetensors file into this network, whose architecture it must
    /// have: `model.state_dict()` of the `nn.Sequential` that computes the
    /// same, each layer's activation and dropout a module of its own (see
    /// [`save_safetensors`](Self::save_safetensors) for the names and shapes).
    /// `num_batches_tracked` is ignored, metadata too, and `F32` or `F64` values
    /// are converted to `F` as PyTorch's `load_state_dict` copies them. A
    /// convolution takes its biases from the file: without `{i}.bias` (as
    /// `nn.Conv2d(…, bias=False)` saves) it has none, with it it has them,
    /// whether it had them before or not. All or nothing: on an error the
    /// network is unchanged.
    ///
    /// # Errors
    /// [`Error::Io`](crate::Error::Io) if the file cannot be read;
    /// [`Error::ModelFile`](crate::Error::ModelFile) with
    /// [`FileProblem::MissingTensor`] for a tensor the network needs that the
    /// file lacks, [`FileProblem::TensorShape`] for one of another shape than
    /// the network's (both shapes given), [`FileProblem::InvalidModel`] for a
    /// tensor no layer has (PyTorch's `strict=True`), a layer the files do
    /// not hold, or a NaN or infinite value, and the header's problems as
    /// [`load_safetensors`](Self::load_safetensors).
    pub fn load_state_dict(&mut self, path: impl AsRef<Path>) -> Result<()> {
        self.load_state_dict_options(path, &SafetensorsOptions::new().converting(true))
    }

    /// As [`load_state_dict`](Self::load_state_dict), with the tensors'
    /// names and the float conversion of `options`: the `nn.Sequential` under
    /// a module's path ([`prefix("features.")`](SafetensorsOptions::prefix)
    /// reads `features.0.weight`, as a model whose `self.features` is the
    /// `nn.Sequential` saves it), or its layers' modules named one by one,
    /// one key for each layer with tensors (convolution, batch normalisation,
    /// dense), in order ([`layer_keys(&["conv1", "bn1", "fc"])`](SafetensorsOptions::layer_keys)
    /// reads `conv1.weight`, `bn1.running_mean`, `fc.bias`). The other float type
    /// is converted only when [`converting`](SafetensorsOptions::converting)
    /// says so (`load_state_dict` always converts). The activations are the
    /// network's own: options that give some are refused.
    ///
    /// # Errors
    /// As [`load_state_dict`](Self::load_state_dict);
    /// [`FileProblem::InvalidModel`] for `layer_keys` of another count than
    /// the layers with tensors or naming a module twice, and for activations
    /// given; [`FileProblem::WrongDtype`] for the other float type unless
    /// converting.
    ///
    /// ```
    /// use neuron::{Activation, Dense, Init, Layer, SafetensorsOptions, Sequential};
    /// use neuron::ndarray::array;
    /// use neuron::rand::{SeedableRng, rngs::StdRng};
    /// # use safetensors::tensor::{Dtype, TensorView};
    /// # let path = std::env::temp_dir().join(format!("state-dict-doc-{}.safetensors", std::process::id()));
    /// # let f32s = |v: &[f32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
    /// # let data = [f32s(&[1.0, 2.0]), f32s(&[0.5])];
    /// # let tensors = vec![
    /// #     ("head.fc.weight", TensorView::new(Dtype::F32, vec![1, 2], &data[0])?),
    /// #     ("head.fc.bias", TensorView::new(Dtype::F32, vec![1], &data[1])?),
    /// # ];
    /// # std::fs::write(&path, safetensors::serialize(tensors, None)?)?;
    /// // PyTorch: self.head = nn.ModuleDict({"fc": nn.Linear(2, 1)}): head.fc.weight, head.fc.bias
    /// let mut rng = StdRng::seed_from_u64(0);
    /// let layers: Vec<Box<dyn Layer<f32>>> =
    ///     vec![Box::new(Dense::random(2, 1, Activation::Identity, Init::XavierUniform, &mut rng)?)];
    /// let mut network = Sequential::from_layers(layers)?;
    /// let options = SafetensorsOptions::new().prefix("head").layer_keys(&["fc"]);
    /// network.load_state_dict_options(&path, &options)?;
    /// assert_eq!(network.forward(&array![[1.0_f32, 1.0]])?, array![[3.5_f32]]);
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load_state_dict_options(
        &mut self,
        path: impl AsRef<Path>,
        options: &SafetensorsOptions,
    ) -> Result<()> {
        let path = path.as_ref();
        let fail = |problem| failed_load(path, problem);
        let template = parts_of(self).map_err(fail)?;
        let bytes = read_checked::<Safetensors>(path)?;
        let header = safetensors_header::parse(&bytes).map_err(fail)?;
        let parts = fill(&template, &bytes, &header, options).map_err(fail)?;
        *self = network_of(parts).map_err(fail)?;
        Ok(())
    }
}
