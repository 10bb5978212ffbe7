//! The fixtures that PyTorch's oracle scripts write for the optimiser tests
//! (`scripts/oracles/torch_optimizers.py`, `torch_rmsprop_adagrad.py`): one
//! item per line, `key shape values…` (shape `3x4`, `4`), `#` for comments.

use std::collections::HashMap;

use neuron::ndarray::{ArrayD, IxDyn};
use neuron::prelude::*;

/// Items by key: shape and values.
pub type Items = HashMap<String, (Vec<usize>, Vec<f64>)>;

/// The items of every fixture text, the later ones after the earlier.
pub fn items(texts: &[&str]) -> Items {
    texts
        .iter()
        .flat_map(|text| text.lines())
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let mut fields = line.split(' ');
            let key = fields.next().unwrap().to_owned();
            let shape = fields
                .next()
                .unwrap()
                .split('x')
                .map(|n| n.parse().unwrap())
                .collect();
            let values = fields.map(|v| v.parse().unwrap()).collect();
            (key, (shape, values))
        })
        .collect()
}

/// An item as a matrix (a vector as one row).
pub fn matrix(items: &Items, key: &str) -> Array2<f64> {
    let (shape, values) = &items[key];
    let (rows, columns) = match shape.as_slice() {
        [r, c] => (*r, *c),
        [n] => (1, *n),
        _ => panic!("{key}: shape {shape:?}"),
    };
    Array2::from_shape_vec((rows, columns), values.clone()).unwrap()
}

/// An item's values as a vector.
pub fn vector(items: &Items, key: &str) -> Array1<f64> {
    Array1::from(items[key].1.clone())
}

/// The oracles' 3-4-k network (tanh, then a sigmoid or a softmax output),
/// from the initial weights in `items`.
pub fn network(items: &Items, output: &str) -> Network<f64> {
    let activation = if output == "softmax" {
        Activation::Softmax
    } else {
        Activation::Sigmoid
    };
    Network::from_layers(vec![
        Dense::new(
            matrix(items, "init.W0"),
            vector(items, "init.b0"),
            Activation::Tanh,
        )
        .unwrap(),
        Dense::new(
            matrix(items, &format!("init.{output}.W1")),
            vector(items, &format!("init.{output}.b1")),
            activation,
        )
        .unwrap(),
    ])
    .unwrap()
}

/// An item as an array of its own shape.
pub fn array(items: &Items, key: &str) -> ArrayD<f64> {
    let (shape, values) = &items[key];
    ArrayD::from_shape_vec(IxDyn(shape), values.clone()).unwrap()
}
