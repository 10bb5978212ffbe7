//! A model's description as safetensors tensors and back: the transpose to
//! PyTorch's `(n_units, n_inputs)`, neuron's metadata, and every check of the
//! tensors beyond the header's (names, shapes, the layer chain, dtypes, finite
//! values). What a model checks of its layers, its description checks.

use std::collections::BTreeMap;

use ndarray::{Array1, Array2};

use super::description::{Kind, LayerDescription, ModelDescription};
use super::safetensors_header::{self, Dtype, TensorEntry};
use super::safetensors_keys::{self, LayerTensors, Layers};
use super::safetensors_options::SafetensorsOptions;
use crate::{Activation, FileProblem, Float, Result};

/// The value of the metadata's `format`.
const FORMAT: &str = "neuron";
/// The version of the layout this crate writes and reads.
const VERSION: u64 = 1;

/// The file's bytes: every layer's weights transposed to `(n_units, n_inputs)`.
pub(crate) fn to_bytes<F: Float>(
    model: &ModelDescription<F>,
) -> std::result::Result<Vec<u8>, FileProblem> {
    let layers = &model.layers;
    let dtype = Dtype::of::<F>();
    let mut tensors = Vec::with_capacity(2 * layers.len());
    for (l, layer) in layers.iter().enumerate() {
        let (n_inputs, n_units) = layer.weights.dim();
        let transposed = layer.weights.t();
        tensors.push((
            format!("layers.{l}.weight"),
            dtype,
            vec![n_units, n_inputs],
            encode(transposed.iter(), dtype),
        ));
        tensors.push((
            format!("layers.{l}.bias"),
            dtype,
            vec![layer.bias.len()],
            encode(layer.bias.iter(), dtype),
        ));
    }
    // As PyTorch's state dict and the safetensors crate order them: by name.
    tensors.sort_by(|a, b| a.0.cmp(&b.0));
    let mut metadata = BTreeMap::from([
        ("format".to_owned(), FORMAT.to_owned()),
        ("version".to_owned(), VERSION.to_string()),
        (
            "activations".to_owned(),
            join(layers.iter().map(|l| l.activation)),
        ),
    ]);
    if layers.iter().any(|l| l.dropout > 0.0) {
        let rates: Vec<String> = layers.iter().map(|l| l.dropout.to_string()).collect();
        metadata.insert("dropout".to_owned(), rates.join(","));
    }
    safetensors_header::write(&metadata, &tensors).map_err(|reason| FileProblem::InvalidModel {
        field: "header".to_owned(),
        reason,
    })
}

pub(crate) fn encode<'a, F: Float + 'a>(
    values: impl Iterator<Item = &'a F>,
    dtype: Dtype,
) -> Vec<u8> {
    let mut bytes = Vec::new();
    for &x in values {
        match dtype {
            // `F` is f32 here, so the round trip through f64 is exact.
            Dtype::F32 => bytes.extend_from_slice(&(x.as_f64() as f32).to_le_bytes()),
            Dtype::F64 => bytes.extend_from_slice(&x.as_f64().to_le_bytes()),
            // No weight is written as an integer.
            Dtype::I64 => bytes.extend_from_slice(&(x.as_f64() as i64).to_le_bytes()),
        }
    }
    bytes
}

fn join(activations: impl Iterator<Item = Activation>) -> String {
    activations
        .map(Activation::name)
        .collect::<Vec<_>>()
        .join(",")
}

/// The description in a file's bytes, read as a `kind` of model; every
/// failure says what is wrong and where.
pub(crate) fn from_bytes<F: Float>(
    bytes: &[u8],
    options: &SafetensorsOptions,
    kind: Kind,
) -> std::result::Result<ModelDescription<F>, FileProblem> {
    let header = safetensors_header::parse(bytes)?;
    let refuse_integers = || match header.tensors.iter().find(|t| t.dtype == Dtype::I64) {
        Some(entry) => Err(FileProblem::UnsupportedDtype {
            tensor: entry.name.clone(),
            dtype: entry.dtype.name().to_owned(),
        }),
        None => Ok(()),
    };
    // A state dict's `1.num_batches_tracked` is first named as a tensor that
    // no nn.Linear has; in neuron's layout, as an integer.
    if !safetensors_keys::is_state_dict(&header, options) {
        refuse_integers()?;
    }
    let Layers { layers, state_dict } = safetensors_keys::layers(&header, options)?;
    refuse_integers()?;
    // A second opinion on everything checked so far, and the tensors' data.
    let file =
        ::safetensors::SafeTensors::deserialize(bytes).map_err(|e| FileProblem::NotAModelFile {
            message: format!("the safetensors reader refuses it: {e}"),
        })?;
    let n_layers = layers.len();
    // Before any value is read: a network's file asked for as one layer.
    if kind != Kind::Network && n_layers > 1 {
        return Err(FileProblem::WrongKind {
            found: format!("network of {n_layers} layers"),
            expected: kind.what(),
        });
    }
    let from_file = neuron_metadata(&header.metadata)?;
    let activations = choose_activations(&header.metadata, from_file, options)?;
    if activations.is_empty() {
        return Err(FileProblem::InvalidModel {
            field: "activations".to_owned(),
            reason: "are none, but a model has at least one layer".to_owned(),
        });
    }
    check_count(&layers, &activations, state_dict)?;
    let dropout = dropout_rates(&header.metadata, activations.len())?;
    let mut described = Vec::with_capacity(activations.len());
    let mut previous_units = None;
    for (l, (layer, (&activation, rate))) in layers
        .iter()
        .zip(activations.iter().zip(dropout))
        .enumerate()
    {
        let (w, b) = layer_values::<F>(&file, layer, l, previous_units, options, state_dict)?;
        previous_units = Some(b.len());
        described.push(LayerDescription {
            weights: w,
            bias: b,
            activation,
            dropout: rate,
        });
    }
    // In neuron's layout, more activations than layers: the first missing.
    if n_layers < activations.len() {
        return Err(FileProblem::MissingTensor {
            tensor: format!("{}layers.{n_layers}.weight", options.given_prefix()),
        });
    }
    Ok(ModelDescription {
        kind,
        layers: described,
        title: String::new(),
    })
}

/// One activation per layer: more than the file's layers is an error
/// naming the count, and so is fewer in a state dict (in neuron's layout,
/// the first layer missing is named after the others are read).
fn check_count(
    layers: &[LayerTensors<'_>],
    activations: &[Activation],
    state_dict: bool,
) -> std::result::Result<(), FileProblem> {
    let n_layers = layers.len();
    if n_layers > activations.len() || (state_dict && n_layers != activations.len()) {
        let read = if state_dict {
            let keys: Vec<String> = layers.iter().map(|l| format!("`{}`", l.key)).collect();
            format!(" of nn.Linear ({})", keys.join(", "))
        } else {
            String::new()
        };
        return Err(FileProblem::InvalidModel {
            field: "activations".to_owned(),
            reason: format!(
                "are {} ({}), but the file holds {n_layers} layers{read}",
                activations.len(),
                join(activations.iter().copied())
            ),
        });
    }
    Ok(())
}

/// Layer `l`'s weights `(n_inputs, n_units)` and biases, its shapes checked
/// against each other and against `previous_units`, the units of the layer
/// before. A state dict's layer without biases gets zeros.
fn layer_values<F: Float>(
    file: &::safetensors::SafeTensors<'_>,
    layer: &LayerTensors<'_>,
    l: usize,
    previous_units: Option<usize>,
    options: &SafetensorsOptions,
    state_dict: bool,
) -> std::result::Result<(Array2<F>, Array1<F>), FileProblem> {
    let Some(weight) = layer.weight else {
        return Err(FileProblem::MissingTensor {
            tensor: layer.name("weight"),
        });
    };
    let &[n_units, n_inputs] = weight.shape.as_slice() else {
        let other = if state_dict {
            ", as an nn.Linear's; a module of another kind (LayerNorm, BatchNorm1d, Conv2d) does not load into a Network"
        } else {
            ""
        };
        return Err(FileProblem::InvalidModel {
            field: weight.name.clone(),
            reason: format!(
                "has shape {:?}, but a layer's weight is a matrix (n_units, n_inputs){other}",
                weight.shape
            ),
        });
    };
    match layer.bias {
        Some(bias) if bias.shape != [n_units] => {
            return Err(if state_dict {
                FileProblem::TensorShape {
                    tensor: bias.name.clone(),
                    found: bias.shape.clone(),
                    expected: vec![n_units],
                }
            } else {
                FileProblem::InvalidModel {
                    field: bias.name.clone(),
                    reason: format!(
                        "has shape {:?}, but {} has {n_units} rows (units), so the bias has shape [{n_units}]",
                        bias.shape, weight.name
                    ),
                }
            });
        }
        None if !state_dict => {
            return Err(FileProblem::MissingTensor {
                tensor: layer.name("bias"),
            });
        }
        _ => {}
    }
    if let Some(expected) = previous_units
        && expected != n_inputs
    {
        return Err(if state_dict {
            FileProblem::TensorShape {
                tensor: weight.name.clone(),
                found: weight.shape.clone(),
                expected: vec![n_units, expected],
            }
        } else {
            FileProblem::LayerMismatch {
                layer: l,
                found: n_inputs,
                expected,
            }
        });
    }
    let w: Vec<F> = values(file, weight, options)?;
    let b: Vec<F> = match layer.bias {
        Some(bias) => values(file, bias, options)?,
        // nn.Linear(…, bias=False): y = x Wᵀ, the same as biases of zero.
        None => vec![F::zero(); n_units],
    };
    let invalid = |e: ndarray::ShapeError| FileProblem::InvalidModel {
        field: weight.name.clone(),
        reason: e.to_string(),
    };
    // (n_units, n_inputs) in the file; (n_inputs, n_units) in a Dense.
    let w = Array2::from_shape_vec((n_units, n_inputs), w)
        .map_err(invalid)?
        .reversed_axes()
        .as_standard_layout()
        .into_owned();
    Ok((w, Array1::from(b)))
}

/// The file's activations, when its metadata is neuron's (and of a version
/// this crate reads); `None` for a file of another program.
fn neuron_metadata(
    metadata: &BTreeMap<String, String>,
) -> std::result::Result<Option<Vec<Activation>>, FileProblem> {
    if metadata.get("format").map(String::as_str) != Some(FORMAT) {
        return Ok(None);
    }
    let invalid = |key: &str, reason: String| FileProblem::InvalidModel {
        field: format!("__metadata__.{key}"),
        reason,
    };
    let Some(version) = metadata.get("version") else {
        return Err(invalid("version", "is missing".to_owned()));
    };
    match version.parse::<u64>() {
        Ok(VERSION) => {}
        Ok(found) => {
            return Err(FileProblem::UnsupportedVersion {
                found,
                supported: VERSION,
            });
        }
        Err(_) => {
            return Err(invalid(
                "version",
                format!(
                    "is `{version}`, but the format version is a whole number, {VERSION} for this version of neuron"
                ),
            ));
        }
    }
    let Some(names) = metadata.get("activations") else {
        return Err(invalid("activations", "is missing".to_owned()));
    };
    names
        .split(',')
        .map(str::parse::<Activation>)
        .collect::<Result<Vec<_>>>()
        .map(Some)
        .map_err(|e| invalid("activations", format!("is `{names}`: {e}")))
}

/// The caller's activations, or the file's; both must agree when both are there.
fn choose_activations(
    metadata: &BTreeMap<String, String>,
    from_file: Option<Vec<Activation>>,
    options: &SafetensorsOptions,
) -> std::result::Result<Vec<Activation>, FileProblem> {
    match (options.given_activations(), from_file) {
        (Some(given), Some(file)) if given != file.as_slice() => Err(FileProblem::InvalidModel {
            field: "__metadata__.activations".to_owned(),
            reason: format!(
                "names {}, but {} were given",
                join(file.into_iter()),
                join(given.iter().copied())
            ),
        }),
        (Some(given), _) => Ok(given.to_vec()),
        (None, Some(file)) => Ok(file),
        (None, None) => Err(FileProblem::NotAModelFile {
            message: match metadata.get("format") {
                Some(format) => format!(
                    "its metadata's format is `{format}`, not `{FORMAT}`, so it names no activations: give them with load_safetensors_with"
                ),
                None => format!(
                    "it has no `\"format\": \"{FORMAT}\"` metadata naming the activations (files PyTorch or NumPy write have none): give them with load_safetensors_with"
                ),
            },
        }),
    }
}

/// Each layer's dropout rate from neuron's metadata; `0` where none is written.
fn dropout_rates(
    metadata: &BTreeMap<String, String>,
    n_layers: usize,
) -> std::result::Result<Vec<f64>, FileProblem> {
    let rates = match metadata.get("dropout") {
        Some(rates) if metadata.get("format").map(String::as_str) == Some(FORMAT) => rates,
        _ => return Ok(vec![0.0; n_layers]),
    };
    let invalid = |reason: String| FileProblem::InvalidModel {
        field: "__metadata__.dropout".to_owned(),
        reason,
    };
    let parsed = rates
        .split(',')
        .map(|rate| rate.trim().parse::<f64>())
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| invalid(format!("is `{rates}`: {e}")))?;
    if parsed.len() != n_layers {
        return Err(invalid(format!(
            "has {} rates, but the model has {n_layers} layers",
            parsed.len()
        )));
    }
    Ok(parsed)
}

/// A tensor's values as `F`, refusing the other float type unless asked to
/// convert, and NaN or infinity.
pub(crate) fn values<F: Float>(
    file: &::safetensors::SafeTensors<'_>,
    entry: &TensorEntry,
    options: &SafetensorsOptions,
) -> std::result::Result<Vec<F>, FileProblem> {
    let wanted = Dtype::of::<F>();
    if entry.dtype == Dtype::I64 {
        return Err(FileProblem::UnsupportedDtype {
            tensor: entry.name.clone(),
            dtype: entry.dtype.name().to_owned(),
        });
    }
    if entry.dtype != wanted && !options.converts() {
        return Err(FileProblem::WrongDtype {
            tensor: entry.name.clone(),
            found: entry.dtype.describe(),
            expected: wanted.describe(),
        });
    }
    let view = file
        .tensor(&entry.name)
        .map_err(|e| FileProblem::MissingTensor {
            tensor: format!("{} ({e})", entry.name),
        })?;
    let data = view.data();
    let values: Vec<F> = match entry.dtype {
        Dtype::F32 => data
            .chunks_exact(4)
            .map(|c| {
                let bytes = <[u8; 4]>::try_from(c).map_or([0xff; 4], |b| b);
                F::from_f64(f64::from(f32::from_le_bytes(bytes)))
            })
            .collect(),
        Dtype::F64 => data
            .chunks_exact(8)
            .map(|c| {
                let bytes = <[u8; 8]>::try_from(c).map_or([0xff; 8], |b| b);
                F::from_f64(f64::from_le_bytes(bytes))
            })
            .collect(),
        Dtype::I64 => Vec::new(),
    };
    if let Some((k, value)) = values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        let at = match entry.shape.as_slice() {
            &[_, n_inputs] if n_inputs > 0 => format!("[{}, {}]", k / n_inputs, k % n_inputs),
            _ => format!("[{k}]"),
        };
        let converted = if entry.dtype == wanted {
            String::new()
        } else {
            format!(" (as {})", F::NAME)
        };
        return Err(FileProblem::InvalidModel {
            field: entry.name.clone(),
            reason: format!("holds {value}{converted} at {at}; weights and biases must be finite"),
        });
    }
    Ok(values)
}
