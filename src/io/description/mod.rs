//! A model as every file format sees it: its layers, first to last, each
//! `y = f(x·W + b)`.
//!
//! ```text
//! neuron:  one layer of one unit, weights (n_inputs, 1), bias (1,), no dropout
//! dense:   one layer, weights (n_inputs, n_units), bias (n_units,)
//! network: its layers, each as wide as the last one's units
//! ```
//!
//! A format converts bytes to a [`ModelDescription`] and back. `From<&Neuron>`
//! (and `Dense`, `Network`) describes a model; `TryFrom<ModelDescription>`
//! (in `checks.rs`) checks a description as every load checks it (every
//! weight and bias finite, shapes that fit, layers that chain, no softmax over
//! one unit, the layers the model needs) and builds the model, or says what
//! is wrong with an [`Invalid`]: where, in the description's own terms
//! ([`Field`]), which each format names in its own.

use ndarray::{Array1, Array2, Axis};

use crate::{Activation, Dense, Error, Float, Network, Neuron};

mod checks;

/// Which model a description is of, or is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Neuron,
    Dense,
    Network,
}

impl Kind {
    /// The model as messages name it: `neuron`, `layer`, `network`.
    pub(crate) fn what(self) -> &'static str {
        match self {
            Kind::Neuron => "neuron",
            Kind::Dense => "layer",
            Kind::Network => "network",
        }
    }
}

/// One layer: `y = f(x·W + b)`, and the dropout it trains with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LayerDescription<F> {
    /// `(n_inputs, n_units)`: column `j` holds unit `j`'s weights, as in NumPy's `X @ W`.
    pub(crate) weights: Array2<F>,
    /// `(n_units,)`.
    pub(crate) bias: Array1<F>,
    pub(crate) activation: Activation,
    /// The fraction of outputs training drops; `0` for none (and for a neuron).
    pub(crate) dropout: f64,
}

/// A model as its layers, first to last.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ModelDescription<F> {
    /// The model described, or the one asked for when a file is read. It
    /// chooses a file's layout where the format has one per model (JSON) and
    /// the names in messages; the conversions check the layers themselves, so
    /// a file of one layer reads as a network where the format allows.
    pub(crate) kind: Kind,
    pub(crate) layers: Vec<LayerDescription<F>>,
    /// How the model displays itself (`Network(2 → 3 → 1, tanh, sigmoid)`),
    /// for formats that keep a line of description; empty when read from a file.
    pub(crate) title: String,
}

/// Where in a description something is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    /// The list of layers.
    Layers,
    /// A layer's weight matrix as a whole.
    Weights {
        layer: usize,
    },
    /// The weight from input `row` to unit `column`.
    Weight {
        layer: usize,
        row: usize,
        column: usize,
    },
    /// A layer's bias as a whole (a neuron's one bias).
    Bias {
        layer: usize,
    },
    /// The bias of one unit.
    UnitBias {
        layer: usize,
        unit: usize,
    },
    Activation {
        layer: usize,
    },
    Dropout {
        layer: usize,
    },
}

/// Why a description is not the model asked for.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Invalid {
    /// Layers of another model: `found` says what they are (`network of 2
    /// layers`, `layer of 3 units`), `expected` the model (`layer`, `neuron`).
    Kind {
        found: String,
        expected: &'static str,
    },
    /// Layer `layer` reads `found` inputs, but the layer before has `expected` units.
    Chain {
        layer: usize,
        found: usize,
        expected: usize,
    },
    /// A value or shape the model refuses: where, why (in words that follow
    /// the field's name: `is NaN, but weights must be finite`), and the error
    /// the model's own constructor gives for it.
    Field {
        field: Field,
        reason: String,
        error: Box<Error>,
    },
}

/// A model that files hold: its kind, and its description both ways.
pub(crate) trait Described<F: Float>: TryFrom<ModelDescription<F>, Error = Invalid> {
    const KIND: Kind;

    /// The model as a description.
    fn describe(&self) -> ModelDescription<F>;
}

impl<F: Float> Described<F> for Neuron<F> {
    const KIND: Kind = Kind::Neuron;

    fn describe(&self) -> ModelDescription<F> {
        ModelDescription::from(self)
    }
}

impl<F: Float> Described<F> for Dense<F> {
    const KIND: Kind = Kind::Dense;

    fn describe(&self) -> ModelDescription<F> {
        ModelDescription::from(self)
    }
}

impl<F: Float> Described<F> for Network<F> {
    const KIND: Kind = Kind::Network;

    fn describe(&self) -> ModelDescription<F> {
        ModelDescription::from(self)
    }
}

impl<F: Float> From<&Neuron<F>> for ModelDescription<F> {
    fn from(neuron: &Neuron<F>) -> Self {
        let layer = LayerDescription {
            weights: neuron.weights().clone().insert_axis(Axis(1)),
            bias: Array1::from_elem(1, neuron.bias()),
            activation: neuron.activation(),
            dropout: 0.0,
        };
        ModelDescription {
            kind: Kind::Neuron,
            layers: vec![layer],
            title: neuron.to_string(),
        }
    }
}

fn layer_of<F: Float>(layer: &Dense<F>) -> LayerDescription<F> {
    LayerDescription {
        weights: layer.weights().clone(),
        bias: layer.bias().clone(),
        activation: layer.activation(),
        dropout: layer.dropout(),
    }
}

impl<F: Float> From<&Dense<F>> for ModelDescription<F> {
    fn from(layer: &Dense<F>) -> Self {
        ModelDescription {
            kind: Kind::Dense,
            layers: vec![layer_of(layer)],
            title: layer.to_string(),
        }
    }
}

impl<F: Float> From<&Network<F>> for ModelDescription<F> {
    fn from(network: &Network<F>) -> Self {
        ModelDescription {
            kind: Kind::Network,
            layers: network.layers().iter().map(layer_of).collect(),
            title: network.to_string(),
        }
    }
}
