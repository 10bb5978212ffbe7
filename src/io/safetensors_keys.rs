//! Which tensors of a safetensors file are which layer's: `layers.{i}.weight`
//! (neuron's files, an `nn.ModuleList` called `layers`), the `nn.Linear`
//! modules of an `nn.Sequential` (`0.weight`, `2.weight`, gaps allowed), or
//! the modules the caller names, all under the caller's prefix (`net.`).
//! Every tensor of the file belongs to a layer, or the file is refused
//! naming those that do not.

use std::collections::BTreeMap;

use super::safetensors_header::{Header, TensorEntry};
use super::safetensors_options::{LayerNames, SafetensorsOptions};
use crate::FileProblem;

/// The value of neuron's metadata `format`.
const FORMAT: &str = "neuron";

/// One layer's tensors, as the file has them.
#[derive(Debug)]
pub(crate) struct LayerTensors<'h> {
    /// The module's path, its tensors' names less `.weight` and `.bias`:
    /// `layers.0`, `2`, `net.2`.
    pub(crate) key: String,
    pub(crate) weight: Option<&'h TensorEntry>,
    pub(crate) bias: Option<&'h TensorEntry>,
}

impl LayerTensors<'_> {
    /// The name of the layer's tensor `part` (`weight`, `bias`).
    pub(crate) fn name(&self, part: &str) -> String {
        format!("{}.{part}", self.key)
    }
}

/// The layers of a file, first to last.
#[derive(Debug)]
pub(crate) struct Layers<'h> {
    pub(crate) layers: Vec<LayerTensors<'h>>,
    /// Whether the names are a PyTorch state dict's rather than neuron's own
    /// `layers.{i}`: a missing bias is then `nn.Linear(…, bias=False)`'s,
    /// zero, and a count or shape that does not fit is named by its tensor.
    pub(crate) state_dict: bool,
}

/// Whether `options` read the file as a PyTorch state dict (an
/// `nn.Sequential`'s or named keys) rather than in neuron's layout
/// `layers.{i}`: when asked to, or when the default names fit no tensor and
/// the file looks like an `nn.Sequential`'s.
pub(crate) fn is_state_dict(header: &Header, options: &SafetensorsOptions) -> bool {
    match options.names() {
        LayerNames::ModuleList => looks_sequential(header, options.given_prefix()),
        LayerNames::Sequential | LayerNames::Keys(_) => true,
    }
}

/// The file's layers as `options` name them (see [`is_state_dict`]).
pub(crate) fn layers<'h>(
    header: &'h Header,
    options: &SafetensorsOptions,
) -> Result<Layers<'h>, FileProblem> {
    let prefix = options.given_prefix();
    let state_dict = is_state_dict(header, options);
    let layers = match options.names() {
        LayerNames::ModuleList if !state_dict => module_list(header, prefix)?,
        LayerNames::ModuleList | LayerNames::Sequential => sequential(header, prefix)?,
        LayerNames::Keys(keys) => named(header, prefix, keys)?,
    };
    Ok(Layers { layers, state_dict })
}

/// `{prefix}{i}.{part}` as `(i, part)`, `i` written as Python writes an
/// index: digits, no sign, no leading zero.
fn module_index<'n>(name: &'n str, prefix: &str) -> Option<(usize, &'n str)> {
    let (index, part) = name.strip_prefix(prefix)?.split_once('.')?;
    Some((index_of(index)?, part))
}

/// `index` as a number, when Python would write it so: digits, no sign, no
/// leading zero.
fn index_of(index: &str) -> Option<usize> {
    let canonical = !index.is_empty()
        && index.bytes().all(|b| b.is_ascii_digit())
        && (index == "0" || !index.starts_with('0'));
    index.parse::<usize>().ok().filter(|_| canonical)
}

/// A file of another program whose tensors are all `{prefix}{i}.…`.
fn looks_sequential(header: &Header, prefix: &str) -> bool {
    header.metadata.get("format").map(String::as_str) != Some(FORMAT)
        && !header.tensors.is_empty()
        && header
            .tensors
            .iter()
            .all(|t| module_index(&t.name, prefix).is_some())
}

/// `{prefix}layers.{i}.weight` and `.bias`, numbered from 0 without gaps;
/// any other tensor is an error.
fn module_list<'h>(header: &'h Header, prefix: &str) -> Result<Vec<LayerTensors<'h>>, FileProblem> {
    let list = format!("{prefix}layers.");
    let mut tensors: BTreeMap<usize, (Option<&TensorEntry>, Option<&TensorEntry>)> =
        BTreeMap::new();
    for entry in &header.tensors {
        let slot = module_index(&entry.name, &list).and_then(|(index, part)| match part {
            "weight" => Some((index, true)),
            "bias" => Some((index, false)),
            _ => None,
        });
        let Some((index, is_weight)) = slot else {
            return Err(FileProblem::InvalidModel {
                field: entry.name.clone(),
                reason: format!(
                    "is not a tensor of a layer: a model file holds {list}{{i}}.weight and {list}{{i}}.bias only{}",
                    prefix_hint(&entry.name, prefix)
                ),
            });
        };
        let (weight, bias) = tensors.entry(index).or_default();
        if is_weight {
            *weight = Some(entry);
        } else {
            *bias = Some(entry);
        }
    }
    // Every tensor belongs to a layer the model will have: the layers are
    // numbered from 0 without gaps, so the `p`-th index (in order) is `p`.
    // A tensor numbered past a gap (`layers.18446744073709551615.weight`
    // beside `layers.0.*`) would be left unread.
    let mut layers = Vec::with_capacity(tensors.len());
    for (position, (index, (weight, bias))) in tensors.into_iter().enumerate() {
        if index != position {
            let name = bias.or(weight).map_or_else(String::new, |t| t.name.clone());
            return Err(FileProblem::InvalidModel {
                field: name,
                reason: format!(
                    "is numbered {index}, but the file has no {list}{position}: a model's layers are numbered 0, 1, 2, … without gaps"
                ),
            });
        }
        layers.push(LayerTensors {
            key: format!("{list}{index}"),
            weight,
            bias,
        });
    }
    Ok(layers)
}

/// How to load a tensor named as an `nn.Sequential`'s (`net.0.weight`) under
/// another prefix; empty for any other name.
fn prefix_hint(name: &str, prefix: &str) -> String {
    let Some(part) = ["weight", "bias"]
        .into_iter()
        .find_map(|part| name.strip_suffix(part)?.strip_suffix('.'))
    else {
        return String::new();
    };
    let (module, index) = part.rsplit_once('.').unwrap_or(("", part));
    let found = if module.is_empty() {
        String::new()
    } else {
        format!("{module}.")
    };
    if index_of(index).is_none() || found == prefix {
        return String::new();
    }
    let options = if found.is_empty() {
        "SafetensorsOptions::new().sequential()".to_owned()
    } else {
        format!("SafetensorsOptions::new().prefix(\"{found}\").sequential()")
    };
    format!(" (a PyTorch nn.Sequential's tensor: load it with {options})")
}

/// The `nn.Linear` modules of an `nn.Sequential`: `{prefix}{i}.weight` and
/// `.bias`, in order of `i`, gaps allowed; every other tensor unread.
fn sequential<'h>(header: &'h Header, prefix: &str) -> Result<Vec<LayerTensors<'h>>, FileProblem> {
    let mut modules: BTreeMap<usize, LayerTensors<'h>> = BTreeMap::new();
    let mut unread = Vec::new();
    for entry in &header.tensors {
        let Some((index, part @ ("weight" | "bias"))) = module_index(&entry.name, prefix) else {
            unread.push(entry.name.clone());
            continue;
        };
        let module = modules.entry(index).or_insert_with(|| LayerTensors {
            key: format!("{prefix}{index}"),
            weight: None,
            bias: None,
        });
        if part == "weight" {
            module.weight = Some(entry);
        } else {
            module.bias = Some(entry);
        }
    }
    let layers: Vec<LayerTensors<'h>> = modules.into_values().collect();
    refuse_unread(unread, &layers)?;
    if layers.is_empty() {
        return Err(FileProblem::MissingTensor {
            tensor: format!("{prefix}0.weight (or any {prefix}{{i}}.weight of an nn.Linear)"),
        });
    }
    Ok(layers)
}

/// The modules named `keys`, in that order; every other tensor unread.
fn named<'h>(
    header: &'h Header,
    prefix: &str,
    keys: &[String],
) -> Result<Vec<LayerTensors<'h>>, FileProblem> {
    let invalid = |reason: String| FileProblem::InvalidModel {
        field: "layer_keys".to_owned(),
        reason,
    };
    if keys.is_empty() {
        return Err(invalid(
            "are none, but a model has at least one layer".to_owned(),
        ));
    }
    let find = |name: String| header.tensors.iter().find(|t| t.name == name);
    let mut layers: Vec<LayerTensors<'h>> = Vec::with_capacity(keys.len());
    for key in keys {
        let key = format!("{prefix}{key}");
        if layers.iter().any(|l| l.key == key) {
            return Err(invalid(format!(
                "name `{key}` twice, but each layer is a module of its own"
            )));
        }
        let layer = LayerTensors {
            weight: find(format!("{key}.weight")),
            bias: find(format!("{key}.bias")),
            key,
        };
        if layer.weight.is_none() {
            return Err(FileProblem::MissingTensor {
                tensor: layer.name("weight"),
            });
        }
        layers.push(layer);
    }
    let unread = header
        .tensors
        .iter()
        .filter(|t| {
            !layers.iter().any(|l| {
                l.weight.is_some_and(|w| w.name == t.name)
                    || l.bias.is_some_and(|b| b.name == t.name)
            })
        })
        .map(|t| t.name.clone())
        .collect();
    refuse_unread(unread, &layers)?;
    Ok(layers)
}

/// [`FileProblem::UnreadTensors`] when `unread` holds any, in order of name.
fn refuse_unread(mut unread: Vec<String>, layers: &[LayerTensors<'_>]) -> Result<(), FileProblem> {
    if unread.is_empty() {
        return Ok(());
    }
    unread.sort();
    Err(FileProblem::UnreadTensors {
        tensors: unread,
        layers: layers.iter().map(|l| l.key.clone()).collect(),
    })
}
