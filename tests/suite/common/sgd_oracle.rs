//! The 3-4-2 network, data and comparisons of `scripts/oracles/torch_sgd_step.py`,
//! shared by the tests whose oracles train it further (clipping, regression
//! losses).
#![allow(dead_code)]

use neuron::ndarray::{Array2, array};
use neuron::prelude::*;

/// The values on the line `name` of a fixture of `name v1 v2 …` lines.
pub fn line(text: &str, name: &str) -> Vec<f64> {
    let line = text
        .lines()
        .find(|line| line.split_whitespace().next() == Some(name))
        .unwrap_or_else(|| panic!("no line {name} in the fixture"));
    line.split_whitespace()
        .skip(1)
        .map(|v| v.parse().unwrap())
        .collect()
}

/// The network of torch_sgd_step.py, weights transposed to the crate's
/// `(n_inputs, n_units)`: tanh, then `output`.
pub fn network(output: Activation) -> Network<f64> {
    let w1 = array![
        [0.1, -0.2, 0.3],
        [-0.4, 0.5, -0.6],
        [0.7, 0.8, -0.9],
        [0.05, -0.15, 0.25]
    ];
    let w2 = array![[0.2, -0.3, 0.4, -0.5], [-0.6, 0.7, 0.1, 0.3]];
    Network::from_layers(vec![
        Dense::new(
            w1.t().to_owned(),
            array![0.01, -0.02, 0.03, -0.04],
            Activation::Tanh,
        )
        .unwrap(),
        Dense::new(w2.t().to_owned(), array![0.05, -0.05], output).unwrap(),
    ])
    .unwrap()
}

/// Its five samples and targets.
pub fn data() -> (Array2<f64>, Array2<f64>) {
    let x = array![
        [0.5, 0.3, 0.2],
        [-1.0, 0.4, 0.9],
        [0.0, 0.0, 0.0],
        [1.5, -0.7, 0.2],
        [0.3, 0.3, -0.8]
    ];
    let t = array![[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [1.0, 1.0], [0.0, 0.0]];
    (x, t)
}

/// Every weight, then every bias, layer by layer: the order the oracles print.
pub fn parameters(network: &Network<f64>) -> Vec<f64> {
    network
        .layers()
        .iter()
        .flat_map(|l| {
            l.weights()
                .iter()
                .chain(l.bias().iter())
                .copied()
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Each value within 1e-12 of PyTorch's, relative (absolute below 1).
pub fn assert_close(ours: &[f64], torch: &[f64], what: &str) {
    assert_eq!(ours.len(), torch.len(), "{what}: lengths");
    for (i, (a, b)) in ours.iter().zip(torch).enumerate() {
        assert!(
            (a - b).abs() <= 1e-12 * b.abs().max(1.0),
            "{what}[{i}]: {a} against PyTorch's {b}"
        );
    }
}
