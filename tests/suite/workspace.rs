//! A `Workspace` reused from call to call gives the loss and gradient of a
//! fresh computation, bit for bit: for batches that grow and shrink (one
//! piece, several pieces on threads), with dropout, and for every model.

use neuron::ndarray::{Array2, ArrayD};
use neuron::{Activation, Dense, Loss, Network, Neuron, Trainable, Workspace};
use rand::SeedableRng;
use rand::rngs::StdRng;

/// Deterministic inputs in [−1, 1) and 0/1 targets.
fn data(n: usize, d: usize, k: usize) -> (Array2<f64>, Array2<f64>) {
    let x = Array2::from_shape_fn((n, d), |(i, j)| {
        ((i * 131 + j * 17) % 200) as f64 / 100.0 - 1.0
    });
    let t = Array2::from_shape_fn((n, k), |(i, j)| ((i + j) % 3 == 0) as u8 as f64);
    (x, t)
}

fn bits(gradient: &[ArrayD<f64>]) -> Vec<Vec<u64>> {
    gradient
        .iter()
        .map(|g| g.iter().map(|v| v.to_bits()).collect())
        .collect()
}

fn network() -> Network<f64> {
    let layer = |d: usize, units: usize, activation, seed: usize| {
        let w = Array2::from_shape_fn((d, units), |(i, j)| {
            (((i * 7 + j * 13 + seed) % 23) as f64 - 11.0) / 40.0
        });
        let b = neuron::ndarray::Array1::from_shape_fn(units, |j| (j % 5) as f64 / 10.0 - 0.2);
        Dense::new(w, b, activation).expect("shapes fit")
    };
    Network::from_layers(vec![
        layer(6, 16, Activation::Relu, 1),
        layer(16, 8, Activation::Tanh, 2)
            .with_dropout(0.25)
            .expect("a rate"),
        layer(8, 1, Activation::Sigmoid, 3),
    ])
    .expect("layers fit")
}

#[test]
fn a_reused_workspace_gives_the_bits_of_a_fresh_computation() {
    let model = network();
    let mut workspace = Workspace::new();
    assert!(workspace.gradient().is_empty());
    // One piece, many pieces (threads), fewer, one again: every buffer is
    // reused with another shape along the way.
    for n in [5, 300, 2_100, 128, 700, 1] {
        let (x, t) = data(n, 6, 1);
        let (value, gradient) = model
            .loss_and_gradient(x.view(), t.view(), Loss::BinaryCrossEntropy)
            .expect("fits");
        let reused = model
            .loss_and_gradient_in(
                x.view(),
                t.view(),
                Loss::BinaryCrossEntropy,
                None,
                &mut workspace,
            )
            .expect("fits");
        assert_eq!(reused.to_bits(), value.to_bits(), "loss, n = {n}");
        assert_eq!(
            bits(workspace.gradient()),
            bits(&gradient),
            "gradient, n = {n}"
        );

        // Dropout: the same generator state gives the same masks.
        let (mut a, mut b) = (StdRng::seed_from_u64(9), StdRng::seed_from_u64(9));
        let (value, gradient) = model
            .loss_and_gradient_training(x.view(), t.view(), Loss::BinaryCrossEntropy, &mut a)
            .expect("fits");
        let reused = model
            .loss_and_gradient_in(
                x.view(),
                t.view(),
                Loss::BinaryCrossEntropy,
                Some(&mut b),
                &mut workspace,
            )
            .expect("fits");
        assert_eq!(reused.to_bits(), value.to_bits(), "dropout loss, n = {n}");
        assert_eq!(
            bits(workspace.gradient()),
            bits(&gradient),
            "dropout gradient, n = {n}"
        );
    }
}

/// `model`'s loss and gradient through `workspace` are those of a fresh call.
fn assert_same_in_workspace<M: Trainable<f64>>(
    model: &M,
    loss: Loss,
    workspace: &mut Workspace<f64>,
) {
    let (x, t) = data(40, 3, 1);
    let (value, gradient) = model
        .loss_and_gradient(x.view(), t.view(), loss)
        .expect("fits");
    let reused = model
        .loss_and_gradient_in(x.view(), t.view(), loss, None, workspace)
        .expect("fits");
    assert_eq!(reused.to_bits(), value.to_bits());
    assert_eq!(bits(workspace.gradient()), bits(&gradient));
}

#[test]
fn every_model_fills_the_workspace_with_its_gradient() {
    let neuron = Neuron::new(neuron::ndarray::array![0.4, 0.7, 0.2]);
    let layer = Dense::new(
        neuron::ndarray::array![[0.4], [0.7], [0.2]],
        neuron::ndarray::array![0.1],
        Activation::Sigmoid,
    )
    .expect("shapes fit");
    // One workspace for both: the layer's gradient has other shapes.
    let mut workspace = Workspace::new();
    assert_same_in_workspace(&neuron, Loss::MeanSquaredError, &mut workspace);
    assert_same_in_workspace(&layer, Loss::BinaryCrossEntropy, &mut workspace);
}

#[test]
fn bad_shapes_are_errors_in_a_workspace_too() {
    let model = network();
    let (x, t) = data(10, 5, 1); // the network takes 6 inputs
    let mut workspace = Workspace::new();
    let err = model.loss_and_gradient_in(
        x.view(),
        t.view(),
        Loss::BinaryCrossEntropy,
        None,
        &mut workspace,
    );
    assert!(
        matches!(err, Err(neuron::Error::FeatureMismatch { .. })),
        "{err:?}"
    );
}
