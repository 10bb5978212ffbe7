//! A description back into a model, checked as every load checks it: every
//! weight and bias finite, then what the model's constructors refuse (shapes
//! that do not fit, no inputs or units, a softmax over one unit, a dropout
//! rate out of range), layers that chain, and the layers the model needs.
//! Faults come in the description's terms, with the words JSON model files
//! have always used for them.

use super::{Field, Invalid, Kind, LayerDescription, ModelDescription};
use crate::{Dense, Error, Float, Network, Neuron};

/// The one layer of a neuron's or a layer's description.
fn only_layer<F>(
    layers: Vec<LayerDescription<F>>,
    kind: Kind,
) -> Result<LayerDescription<F>, Invalid> {
    let n_layers = layers.len();
    let mut layers = layers.into_iter();
    match (layers.next(), layers.next()) {
        (Some(layer), None) => Ok(layer),
        _ => Err(Invalid::Kind {
            found: format!("network of {n_layers} layers"),
            expected: kind.what(),
        }),
    }
}

impl<F: Float> TryFrom<ModelDescription<F>> for Neuron<F> {
    type Error = Invalid;

    fn try_from(description: ModelDescription<F>) -> Result<Self, Invalid> {
        let layer = only_layer(description.layers, Kind::Neuron)?;
        let (n_inputs, n_units) = layer.weights.dim();
        if n_units != 1 {
            return Err(Invalid::Kind {
                found: format!("layer of {n_units} units"),
                expected: Kind::Neuron.what(),
            });
        }
        if let Some(((row, _), &value)) = layer.weights.indexed_iter().find(|(_, w)| !w.is_finite())
        {
            return Err(Invalid::Field {
                field: Field::Weight {
                    layer: 0,
                    row,
                    column: 0,
                },
                reason: format!("is {value}, but weights must be finite"),
                error: Box::new(Error::NonFiniteWeight {
                    index: row,
                    value: value.as_f64(),
                }),
            });
        }
        let bias = Field::Bias { layer: 0 };
        let &[b] = layer.bias.as_slice().unwrap_or_default() else {
            let error = Error::BiasLengthMismatch {
                found: layer.bias.len(),
                expected: 1,
            };
            return Err(Invalid::Field {
                field: bias,
                reason: error.to_string(),
                error: Box::new(error),
            });
        };
        if !b.is_finite() {
            return Err(Invalid::Field {
                field: bias,
                reason: format!("is {b}, but it must be finite"),
                error: Box::new(Error::NonFiniteBias { value: b.as_f64() }),
            });
        }
        if n_inputs == 0 {
            return Err(Invalid::Field {
                field: Field::Weights { layer: 0 },
                reason: "is empty, but a neuron needs at least one input".to_owned(),
                error: Box::new(Error::EmptyModel {
                    model: "neuron",
                    inputs: 0,
                    outputs: 1,
                }),
            });
        }
        if let Err(error) = layer.activation.check_units(1, "neuron") {
            return Err(Invalid::Field {
                field: Field::Activation { layer: 0 },
                reason: format!(
                    "is {}, but a neuron is one unit and a softmax needs a layer of at least 2",
                    layer.activation.name()
                ),
                error: Box::new(error),
            });
        }
        Ok(Neuron::new(layer.weights.column(0).to_owned())
            .with_bias(b)
            .with_activation(layer.activation))
    }
}

/// Layer `l` as a [`Dense`], checked: finite values first, then what
/// [`Dense::new`] and [`Dense::with_dropout`] refuse.
fn dense<F: Float>(layer: LayerDescription<F>, l: usize) -> Result<Dense<F>, Invalid> {
    let n_units = layer.weights.ncols();
    if let Some(((row, column), &value)) =
        layer.weights.indexed_iter().find(|(_, w)| !w.is_finite())
    {
        return Err(Invalid::Field {
            field: Field::Weight {
                layer: l,
                row,
                column,
            },
            reason: format!("is {value}, but weights must be finite"),
            error: Box::new(Error::NonFiniteWeight {
                index: row * n_units + column,
                value: value.as_f64(),
            }),
        });
    }
    if let Some((unit, &value)) = layer.bias.indexed_iter().find(|(_, b)| !b.is_finite()) {
        return Err(Invalid::Field {
            field: Field::UnitBias { layer: l, unit },
            reason: format!("is {value}, but biases must be finite"),
            error: Box::new(Error::NonFiniteBias {
                value: value.as_f64(),
            }),
        });
    }
    let refused = |error: Error| {
        let (field, reason) = match &error {
            Error::EmptyModel {
                inputs, outputs, ..
            } => (
                if *outputs == 0 {
                    Field::Bias { layer: l }
                } else {
                    Field::Weights { layer: l }
                },
                format!(
                    "is empty, but a layer needs at least one input and one unit (got {inputs} inputs and {outputs} units)"
                ),
            ),
            Error::BiasLengthMismatch { .. } => (Field::Bias { layer: l }, error.to_string()),
            _ => (Field::Activation { layer: l }, error.to_string()),
        };
        Invalid::Field {
            field,
            reason,
            error: Box::new(error),
        }
    };
    Dense::new(layer.weights, layer.bias, layer.activation)
        .map_err(refused)?
        .with_dropout(layer.dropout)
        .map_err(|error| Invalid::Field {
            field: Field::Dropout { layer: l },
            reason: error.to_string(),
            error: Box::new(error),
        })
}

impl<F: Float> TryFrom<ModelDescription<F>> for Dense<F> {
    type Error = Invalid;

    fn try_from(description: ModelDescription<F>) -> Result<Self, Invalid> {
        dense(only_layer(description.layers, Kind::Dense)?, 0)
    }
}

impl<F: Float> TryFrom<ModelDescription<F>> for Network<F> {
    type Error = Invalid;

    fn try_from(description: ModelDescription<F>) -> Result<Self, Invalid> {
        if description.layers.is_empty() {
            return Err(Invalid::Field {
                field: Field::Layers,
                reason: "is empty, but a network needs at least one layer".to_owned(),
                error: Box::new(Error::EmptyNetwork {
                    what: "got no layers".to_owned(),
                }),
            });
        }
        let mut layers: Vec<Dense<F>> = Vec::with_capacity(description.layers.len());
        for (l, layer) in description.layers.into_iter().enumerate() {
            let layer = dense(layer, l)?;
            if let Some(previous) = layers.last()
                && layer.n_inputs() != previous.n_units()
            {
                return Err(Invalid::Chain {
                    layer: l,
                    found: layer.n_inputs(),
                    expected: previous.n_units(),
                });
            }
            layers.push(layer);
        }
        Network::from_layers(layers).map_err(|error| Invalid::Field {
            field: Field::Layers,
            reason: error.to_string(),
            error: Box::new(error),
        })
    }
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::super::{Described, layer_of};
    use super::*;
    use crate::Activation;

    #[test]
    fn every_model_comes_back_from_its_description() {
        let neuron = Neuron::new(array![0.4, 0.7, 0.2]).with_bias(-0.1);
        assert_eq!(Neuron::try_from(neuron.describe()), Ok(neuron));
        let layer = Dense::new(
            array![[1.0_f32, 2.0]],
            array![0.5, -0.5],
            Activation::Softmax,
        )
        .unwrap()
        .with_dropout(0.25)
        .unwrap();
        assert_eq!(Dense::try_from(layer.describe()), Ok(layer.clone()));
        let network = Network::from_layers(vec![
            layer,
            Dense::new(array![[1.0], [-1.0]], array![0.0], Activation::Sigmoid).unwrap(),
        ])
        .unwrap();
        let description = network.describe();
        assert_eq!(description.title, "Network(1 → 2 → 1, softmax, sigmoid)");
        assert_eq!(Network::try_from(description), Ok(network));
    }

    #[test]
    fn faults_are_named_in_the_descriptions_terms() {
        let mut description = Neuron::new(array![0.5, f64::NAN]).describe();
        assert!(matches!(
            Neuron::try_from(description.clone()),
            Err(Invalid::Field { field: Field::Weight { row: 1, .. }, reason, .. })
                if reason == "is NaN, but weights must be finite"
        ));
        description.layers.push(description.layers[0].clone());
        assert_eq!(
            Dense::try_from(description).unwrap_err(),
            Invalid::Kind {
                found: "network of 2 layers".to_owned(),
                expected: "layer"
            }
        );
        let wide = Dense::new(array![[1.0, 2.0]], array![0.0, 0.0], Activation::Tanh).unwrap();
        let narrow = Dense::new(array![[1.0]], array![0.0], Activation::Tanh).unwrap();
        let description = ModelDescription {
            kind: Kind::Network,
            layers: vec![layer_of(&wide), layer_of(&narrow)],
            title: String::new(),
        };
        assert_eq!(
            Network::try_from(description).unwrap_err(),
            Invalid::Chain {
                layer: 1,
                found: 1,
                expected: 2
            }
        );
    }
}
