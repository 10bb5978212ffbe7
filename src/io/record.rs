//! The documented shape of a model as data: the records that serde reads and
//! writes, and the checks that turn a record back into a model.
//!
//! ```text
//! neuron:  { "weights": [w₀, w₁, …], "bias": b, "activation": "sigmoid" }
//! dense:   { "weights": [[…], …]  (n_inputs rows of n_units), "bias": [b₀, …], "activation": "tanh" }
//! network: { "layers": [dense, dense, …] }
//! ```
//!
//! A record is checked before it becomes a model: every weight and bias finite,
//! every row of a weight matrix as long as the bias, every layer as wide as the
//! last one's units. Nothing half-built comes out.

use std::fmt;

use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use crate::{Activation, Dense, Float, Network, Neuron};

/// What is wrong with a record, and where: `field` is a path such as
/// `layers[1].weights[0][2]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RecordError {
    pub(crate) field: String,
    pub(crate) reason: String,
}

impl RecordError {
    fn new(field: impl Into<String>, reason: impl Into<String>) -> Self {
        RecordError {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// The same error, one level further down: `layers[1]` + `.bias`.
    fn within(self, parent: &str) -> Self {
        RecordError {
            field: format!("{parent}.{}", self.field),
            reason: self.reason,
        }
    }
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

fn check_finite<F: Float>(field: &str, what: &str, values: &[F]) -> Result<(), RecordError> {
    match values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        None => Ok(()),
        Some((i, v)) => Err(RecordError::new(
            format!("{field}[{i}]"),
            format!("is {v}, but {what} must be finite"),
        )),
    }
}

impl<F: Float> From<Neuron<F>> for NeuronRecord<F> {
    fn from(neuron: Neuron<F>) -> Self {
        NeuronRecord {
            weights: neuron.weights().to_vec(),
            bias: neuron.bias(),
            activation: neuron.activation(),
        }
    }
}

impl<F: Float> TryFrom<NeuronRecord<F>> for Neuron<F> {
    type Error = RecordError;

    fn try_from(record: NeuronRecord<F>) -> Result<Self, RecordError> {
        check_finite("weights", "weights", &record.weights)?;
        if !record.bias.is_finite() {
            return Err(RecordError::new(
                "bias",
                format!("is {}, but it must be finite", record.bias),
            ));
        }
        if record.weights.is_empty() {
            return Err(RecordError::new(
                "weights",
                "is empty, but a neuron needs at least one input",
            ));
        }
        if !record.activation.is_elementwise() {
            return Err(RecordError::new(
                "activation",
                "is softmax, but a neuron is one unit and a softmax needs a layer of at least 2",
            ));
        }
        Ok(Neuron::new(Array1::from(record.weights))
            .with_bias(record.bias)
            .with_activation(record.activation))
    }
}

impl<F: Float> From<Dense<F>> for DenseRecord<F> {
    fn from(layer: Dense<F>) -> Self {
        DenseRecord {
            weights: layer
                .weights()
                .rows()
                .into_iter()
                .map(|row| row.to_vec())
                .collect(),
            bias: layer.bias().to_vec(),
            activation: layer.activation(),
            dropout: layer.dropout(),
        }
    }
}

impl<F: Float> TryFrom<DenseRecord<F>> for Dense<F> {
    type Error = RecordError;

    fn try_from(record: DenseRecord<F>) -> Result<Self, RecordError> {
        let n_units = record.bias.len();
        let n_inputs = record.weights.len();
        let mut flat = Vec::with_capacity(n_inputs * n_units);
        for (i, row) in record.weights.iter().enumerate() {
            if row.len() != n_units {
                return Err(RecordError::new(
                    format!("weights[{i}]"),
                    format!(
                        "has {} entries, but the bias has {n_units} (one weight per unit)",
                        row.len()
                    ),
                ));
            }
            check_finite(&format!("weights[{i}]"), "weights", row)?;
            flat.extend_from_slice(row);
        }
        check_finite("bias", "biases", &record.bias)?;
        let weights = Array2::from_shape_vec((n_inputs, n_units), flat)
            .map_err(|e| RecordError::new("weights", e.to_string()))?;
        if n_units == 0 || n_inputs == 0 {
            let field = if n_units == 0 { "bias" } else { "weights" };
            return Err(RecordError::new(
                field,
                format!(
                    "is empty, but a layer needs at least one input and one unit (got {n_inputs} inputs and {n_units} units)"
                ),
            ));
        }
        let field = if record.activation == Activation::Softmax {
            "activation"
        } else {
            "bias"
        };
        Dense::new(weights, Array1::from(record.bias), record.activation)
            .map_err(|e| RecordError::new(field, e.to_string()))?
            .with_dropout(record.dropout)
            .map_err(|e| RecordError::new("dropout", e.to_string()))
    }
}

impl<F: Float> From<Network<F>> for NetworkRecord<F> {
    fn from(network: Network<F>) -> Self {
        NetworkRecord {
            layers: network
                .layers()
                .iter()
                .cloned()
                .map(DenseRecord::from)
                .collect(),
        }
    }
}

impl<F: Float> TryFrom<NetworkRecord<F>> for Network<F> {
    type Error = RecordError;

    fn try_from(record: NetworkRecord<F>) -> Result<Self, RecordError> {
        if record.layers.is_empty() {
            return Err(RecordError::new(
                "layers",
                "is empty, but a network needs at least one layer",
            ));
        }
        let mut layers: Vec<Dense<F>> = Vec::with_capacity(record.layers.len());
        for (l, layer) in record.layers.into_iter().enumerate() {
            let layer = Dense::try_from(layer).map_err(|e| e.within(&format!("layers[{l}]")))?;
            if let Some(previous) = layers.last()
                && layer.n_inputs() != previous.n_units()
            {
                return Err(RecordError::new(
                    format!("layers[{l}].weights"),
                    format!(
                        "has {} rows (inputs), but layers[{}] has {} units",
                        layer.n_inputs(),
                        l - 1,
                        previous.n_units()
                    ),
                ));
            }
            layers.push(layer);
        }
        Network::from_layers(layers).map_err(|e| RecordError::new("layers", e.to_string()))
    }
}

// A network of dense layers is written as its record, and read through it
// (what `#[serde(into, try_from)]` would generate, for `Network<F>` alone:
// a network of other layers has no such record).
impl<F: Float> serde::Serialize for Network<F> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        NetworkRecord::from(self.clone()).serialize(serializer)
    }
}

impl<'de, F: Float> serde::Deserialize<'de> for Network<F> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let record = NetworkRecord::<F>::deserialize(deserializer)?;
        Network::try_from(record).map_err(serde::de::Error::custom)
    }
}
