//! Model files written before the `Layer` refactor (issue 23) load unchanged,
//! bit for bit.
//!
//! Oracle: the files in `tests/fixtures/legacy/`, written by neuron at commit
//! 2cd3fb0 (before issue 23) with the program kept beside them as
//! `WRITER.rs.txt` (`cargo run -- tests/fixtures/legacy` in a crate that
//! depends on that commit with the `serde`, `npy` and `safetensors`
//! features). Each test builds the same model from the same seed with
//! today's crate (`Init` draws the same numbers) and compares.
#![cfg(all(feature = "serde", feature = "npy", feature = "safetensors"))]

use std::path::PathBuf;

use neuron::prelude::*;

fn legacy(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/legacy")
        .join(name)
}

fn network_f64() -> Network<f64> {
    let mut rng = StdRng::seed_from_u64(23);
    let layers = vec![
        Dense::<f64>::random(3, 5, Activation::Tanh, Init::XavierUniform, &mut rng)
            .unwrap()
            .with_dropout(0.25)
            .unwrap(),
        Dense::random(5, 4, Activation::Relu, Init::HeNormal, &mut rng).unwrap(),
        Dense::random(4, 3, Activation::Softmax, Init::XavierUniform, &mut rng).unwrap(),
    ];
    Network::from_layers(layers).unwrap()
}

#[test]
fn networks_written_before_load_bit_for_bit() {
    let network = network_f64();
    assert_eq!(
        Network::<f64>::load(legacy("network_f64.json")).unwrap(),
        network
    );
    // safetensors keeps the dropout in its metadata; npy files hold arrays only.
    let safetensors = Network::<f64>::load_safetensors(legacy("network_f64.safetensors")).unwrap();
    assert_eq!(safetensors, network);
    let without_dropout = Network::from_layers(
        network
            .layers()
            .iter()
            .map(|l| Dense::new(l.weights().clone(), l.bias().clone(), l.activation()).unwrap())
            .collect(),
    )
    .unwrap();
    let activations = [Activation::Tanh, Activation::Relu, Activation::Softmax];
    let npy = Network::<f64>::read_npy_dir(legacy("network_f64_npy"), &activations).unwrap();
    assert_eq!(npy, without_dropout);
    // And they compute what the network computes.
    let x = array![[0.5, 0.3, 0.2], [-1.0, 2.0, 0.25]];
    assert_eq!(npy.forward(&x).unwrap(), network.forward(&x).unwrap());

    let mut rng = StdRng::seed_from_u64(24);
    let network32: Network<f32> = Network::random(
        &[2, 6, 1],
        Activation::Sigmoid,
        Init::XavierUniform,
        &mut rng,
    )
    .unwrap();
    assert_eq!(
        Network::<f32>::load(legacy("network_f32.json")).unwrap(),
        network32
    );
    assert_eq!(
        Network::<f32>::load_safetensors(legacy("network_f32.safetensors")).unwrap(),
        network32
    );
}

#[test]
fn neurons_and_layers_written_before_load_bit_for_bit() {
    let neuron = Neuron::new(array![0.4, 0.7, 0.2])
        .with_bias(-0.1)
        .with_activation(Activation::Step);
    assert_eq!(
        Neuron::<f64>::load(legacy("neuron_f64.json")).unwrap(),
        neuron
    );
    assert_eq!(
        Neuron::<f64>::load_safetensors(legacy("neuron_f64.safetensors")).unwrap(),
        neuron
    );
    let npy = Neuron::<f64>::read_npy(
        legacy("neuron_weights.npy"),
        legacy("neuron_bias.npy"),
        Activation::Step,
    )
    .unwrap();
    assert_eq!(npy, neuron);

    let mut rng = StdRng::seed_from_u64(25);
    let dense: Dense<f32> =
        Dense::random(4, 3, Activation::Identity, Init::HeNormal, &mut rng).unwrap();
    assert_eq!(Dense::<f32>::load(legacy("dense_f32.json")).unwrap(), dense);
    assert_eq!(
        Dense::<f32>::load_safetensors(legacy("dense_f32.safetensors")).unwrap(),
        dense
    );
    let npy = Dense::<f32>::read_npy(
        legacy("dense_weights.npy"),
        legacy("dense_bias.npy"),
        Activation::Identity,
    )
    .unwrap();
    assert_eq!(npy, dense);
}
