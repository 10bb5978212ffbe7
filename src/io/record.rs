//! The documented shape of a model as JSON data: the records that serde reads
//! and writes, each a [`ModelDescription`] in other clothes.
//!
//! ```text
//! neuron:  { "weights": [w₀, w₁, …], "bias": b, "activation": "sigmoid" }
//! dense:   { "weights": [[…], …]  (n_inputs rows of n_units), "bias": [b₀, …], "activation": "tanh" }
//! network: { "layers": [dense, dense, …] }
//! ```
//!
//! A record becomes a description (every row of a weight matrix as long as
//! the bias), and the description is checked as it becomes a model. Faults are
//! named by their path in the record, `layers[1].weights[0][2]`. The models'
//! `Serialize` and `Deserialize` go through here, so any serde format reads
//! and writes them as the model files do, with the same checks.

use std::fmt;

use ndarray::{Array1, Array2, Axis};
use serde::{Deserialize, Serialize};

use super::description::{Described, Field, Invalid, Kind, LayerDescription, ModelDescription};
use crate::{Activation, Dense, Float, Network, Neuron};

/// What is wrong with a record, and where: `field` is a path such as
/// `layers[1].weights[0][2]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecordError {
    pub(crate) field: String,
    pub(crate) reason: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.field, self.reason)
    }
}

impl std::error::Error for RecordError {}

/// A neuron as data.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound = "F: Float")]
pub(crate) struct NeuronRecord<F> {
    weights: Vec<F>,
    bias: F,
    activation: Activation,
}

/// A dense layer as data; `weights[i][j]` is the weight from input `i` to unit `j`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound = "F: Float")]
pub(crate) struct DenseRecord<F> {
    weights: Vec<Vec<F>>,
    bias: Vec<F>,
    activation: Activation,
    /// Written only when set, so files without dropout are as before.
    #[serde(default, skip_serializing_if = "is_zero")]
    dropout: f64,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// A network as data: its layers, first to last.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, bound = "F: Float")]
pub(crate) struct NetworkRecord<F> {
    layers: Vec<DenseRecord<F>>,
}

/// The record of any model, written as the record it holds.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged, bound = "F: Float")]
pub(crate) enum Record<F> {
    Neuron(NeuronRecord<F>),
    Dense(DenseRecord<F>),
    Network(NetworkRecord<F>),
}

impl<F: Float> NeuronRecord<F> {
    fn of(layer: &LayerDescription<F>) -> Self {
        NeuronRecord {
            weights: layer.weights.iter().copied().collect(),
            bias: layer.bias.iter().copied().next().unwrap_or_default(),
            activation: layer.activation,
        }
    }

    fn into_layer(self) -> LayerDescription<F> {
        LayerDescription {
            weights: Array1::from(self.weights).insert_axis(Axis(1)),
            bias: Array1::from_elem(1, self.bias),
            activation: self.activation,
            dropout: 0.0,
        }
    }
}

impl<F: Float> DenseRecord<F> {
    pub(crate) fn of(layer: &LayerDescription<F>) -> Self {
        DenseRecord {
            weights: layer
                .weights
                .rows()
                .into_iter()
                .map(|r| r.to_vec())
                .collect(),
            bias: layer.bias.to_vec(),
            activation: layer.activation,
            dropout: layer.dropout,
        }
    }

    /// The layer, if every row of weights has one entry per unit; a fault
    /// is named by its path below `within` (`layers[1].` or nothing).
    pub(crate) fn into_layer(self, within: &str) -> Result<LayerDescription<F>, RecordError> {
        let n_units = self.bias.len();
        let n_inputs = self.weights.len();
        // Room for the values the file really holds, never for what the
        // counts claim (200 000 empty rows and a long bias would ask for
        // hundreds of gigabytes before the first row is checked).
        let mut flat = Vec::with_capacity(self.weights.iter().map(Vec::len).sum());
        for (i, row) in self.weights.iter().enumerate() {
            if row.len() != n_units {
                return Err(RecordError {
                    field: format!("{within}weights[{i}]"),
                    reason: format!(
                        "has {} entries, but the bias has {n_units} (one weight per unit)",
                        row.len()
                    ),
                });
            }
            flat.extend_from_slice(row);
        }
        let weights =
            Array2::from_shape_vec((n_inputs, n_units), flat).map_err(|e| RecordError {
                field: format!("{within}weights"),
                reason: e.to_string(),
            })?;
        Ok(LayerDescription {
            weights,
            bias: Array1::from(self.bias),
            activation: self.activation,
            dropout: self.dropout,
        })
    }
}

impl<F: Float> Record<F> {
    /// The record of a description; `None` when its layers are not its kind's.
    pub(crate) fn of(model: &ModelDescription<F>) -> Option<Self> {
        match (model.kind, model.layers.as_slice()) {
            (Kind::Neuron, [layer]) => Some(Record::Neuron(NeuronRecord::of(layer))),
            (Kind::Dense, [layer]) => Some(Record::Dense(DenseRecord::of(layer))),
            (Kind::Network, layers) => Some(Record::Network(NetworkRecord {
                layers: layers.iter().map(DenseRecord::of).collect(),
            })),
            _ => None,
        }
    }

    /// Reads the record of a `kind` of model.
    fn read<'de, D: serde::Deserializer<'de>>(
        kind: Kind,
        deserializer: D,
    ) -> Result<Self, D::Error> {
        Ok(match kind {
            Kind::Neuron => Record::Neuron(NeuronRecord::deserialize(deserializer)?),
            Kind::Dense => Record::Dense(DenseRecord::deserialize(deserializer)?),
            Kind::Network => Record::Network(NetworkRecord::deserialize(deserializer)?),
        })
    }

    /// The description it holds, before the checks a model makes.
    pub(crate) fn into_description(self) -> Result<ModelDescription<F>, RecordError> {
        let (kind, layers) = match self {
            Record::Neuron(record) => (Kind::Neuron, vec![record.into_layer()]),
            Record::Dense(record) => (Kind::Dense, vec![record.into_layer("")?]),
            Record::Network(record) => (
                Kind::Network,
                record
                    .layers
                    .into_iter()
                    .enumerate()
                    .map(|(l, layer)| layer.into_layer(&format!("layers[{l}].")))
                    .collect::<Result<_, _>>()?,
            ),
        };
        Ok(ModelDescription {
            kind,
            layers,
            title: String::new(),
        })
    }
}

/// The path of a field in the record of a `kind` of model: `weights[1]` in a
/// neuron's, `layers[1].bias[0]` in a network's.
pub(crate) fn path(kind: Kind, field: Field) -> String {
    let in_layer = |layer: usize, rest: &str| match kind {
        Kind::Network => format!("layers[{layer}].{rest}"),
        Kind::Neuron | Kind::Dense => rest.to_owned(),
    };
    match field {
        Field::Layers => "layers".to_owned(),
        Field::Weight { row, .. } if kind == Kind::Neuron => format!("weights[{row}]"),
        Field::Weight { layer, row, column } => {
            in_layer(layer, &format!("weights[{row}][{column}]"))
        }
        Field::Weights { layer } => in_layer(layer, "weights"),
        Field::Bias { layer } => in_layer(layer, "bias"),
        Field::UnitBias { layer, unit } => in_layer(layer, &format!("bias[{unit}]")),
        Field::Activation { layer } => in_layer(layer, "activation"),
        Field::Dropout { layer } => in_layer(layer, "dropout"),
    }
}

/// A description's fault, named by its path in the record of a `kind` of model.
pub(crate) fn record_error(kind: Kind, invalid: Invalid) -> RecordError {
    match invalid {
        Invalid::Kind { found, expected } => RecordError {
            field: "model".to_owned(),
            reason: format!("is a {found}, not a {expected}"),
        },
        Invalid::Chain {
            layer,
            found,
            expected,
        } => RecordError {
            field: format!("layers[{layer}].weights"),
            reason: format!(
                "has {found} rows (inputs), but layers[{}] has {expected} units",
                layer.saturating_sub(1)
            ),
        },
        Invalid::Field { field, reason, .. } => RecordError {
            field: path(kind, field),
            reason,
        },
    }
}

fn serialize<F: Float, M: Described<F>, S: serde::Serializer>(
    model: &M,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match Record::of(&model.describe()) {
        Some(record) => record.serialize(serializer),
        None => Err(serde::ser::Error::custom(
            "a model of other layers than its kind's",
        )),
    }
}

fn deserialize<'de, F: Float, M: Described<F>, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<M, D::Error> {
    let description = Record::<F>::read(M::KIND, deserializer)?
        .into_description()
        .map_err(serde::de::Error::custom)?;
    M::try_from(description)
        .map_err(|invalid| serde::de::Error::custom(record_error(M::KIND, invalid)))
}

// Every model is written as its record, and read through it and the checks
// of its description (what `#[serde(into, try_from)]` would generate). A
// network of other layers than `Dense` has no record.
macro_rules! serde_through_records {
    ($($model:ident),*) => {
        $(
            impl<F: Float> Serialize for $model<F> {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serialize(self, serializer)
                }
            }

            impl<'de, F: Float> Deserialize<'de> for $model<F> {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    deserialize(deserializer)
                }
            }
        )*
    };
}

serde_through_records!(Neuron, Dense, Network);
