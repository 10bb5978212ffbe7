//! Model files written before the `Layer` refactor (issue 23) load unchanged,
//! bit for bit; so do networks of images written before convolutions could
//! leave their biases out.
//!
//! Oracle: the files in `tests/fixtures/legacy/`, written by neuron at commit
//! 2cd3fb0 (before issue 23) with the program kept beside them as
//! `WRITER.rs.txt` (`cargo run -- tests/fixtures/legacy` in a crate that
//! depends on that commit with the `serde`, `npy` and `safetensors`
//! features), and `cnn_f32.*` at commit ca95dc7 by `CNN_WRITER.rs.txt`
//! (run as an example of that commit). Each test builds the same model from
//! the same seed with today's crate (`Init` draws the same numbers) and
//! compares.
#![cfg(all(feature = "serde", feature = "npy", feature = "safetensors"))]

use std::path::PathBuf;

use neuron::ndarray::{Array1, Array4};
use neuron::prelude::*;
use neuron::{BatchNorm, Conv2d, Flatten, Layer, MaxPool2d, Padding, ParameterKind, Sequential};

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

/// `CNN_WRITER.rs.txt`'s network.
fn cnn_f32() -> Sequential<f32> {
    let mut rng = StdRng::seed_from_u64(26);
    let conv = Conv2d::<f32>::random(1, 3, (3, 3), Init::KaimingUniform, &mut rng).unwrap();
    let bias = Array1::from(vec![0.25_f32, -0.5, 0.125]);
    let conv = Conv2d::new(conv.weights().clone(), bias, Activation::Relu)
        .unwrap()
        .with_padding(Padding::Same);
    let layers: Vec<Box<dyn Layer<f32>>> = vec![
        Box::new(conv),
        Box::new(MaxPool2d::new((2, 2))),
        Box::new(BatchNorm::new(3).unwrap()),
        Box::new(Flatten),
        Box::new(
            Dense::random(
                3 * 2 * 2,
                2,
                Activation::Softmax,
                Init::XavierUniform,
                &mut rng,
            )
            .unwrap(),
        ),
    ];
    Sequential::from_layers(layers).unwrap()
}

#[test]
fn networks_of_images_written_before_load_with_their_biases_bit_for_bit() {
    let network = cnn_f32();
    let bits = |n: &Sequential<f32>| -> Vec<(ParameterKind, Vec<u32>)> {
        n.parameters()
            .into_iter()
            .map(|(kind, v)| (kind, v.iter().map(|x| x.to_bits()).collect()))
            .collect()
    };
    let x = Array4::from_shape_fn((2, 1, 4, 4), |(n, _, i, j)| (n + i * 4 + j) as f32 / 8.0);
    for loaded in [
        Sequential::<f32>::load(legacy("cnn_f32.json")).unwrap(),
        Sequential::<f32>::load_safetensors(legacy("cnn_f32.safetensors")).unwrap(),
    ] {
        // The files have no word about biases: their convolution has them.
        let conv = loaded.layers()[0].as_any().unwrap();
        let conv = conv.downcast_ref::<Conv2d<f32>>().unwrap();
        assert_eq!(conv.bias().unwrap().to_vec(), vec![0.25, -0.5, 0.125]);
        assert_eq!(loaded.to_string(), network.to_string());
        assert_eq!(bits(&loaded), bits(&network));
        assert_eq!(loaded.forward(&x).unwrap(), network.forward(&x).unwrap());
    }
    // And a network with biases is written as it was then, byte for byte
    // (safetensors; the JSON's floats too, as the same text).
    let path = std::env::temp_dir().join(format!("neuron-legacy-cnn-{}", std::process::id()));
    network
        .save_safetensors(path.with_extension("safetensors"))
        .unwrap();
    network.save(path.with_extension("json")).unwrap();
    assert_eq!(
        std::fs::read(path.with_extension("safetensors")).unwrap(),
        std::fs::read(legacy("cnn_f32.safetensors")).unwrap()
    );
    assert_eq!(
        std::fs::read_to_string(path.with_extension("json")).unwrap(),
        std::fs::read_to_string(legacy("cnn_f32.json")).unwrap()
    );
    std::fs::remove_file(path.with_extension("safetensors")).ok();
    std::fs::remove_file(path.with_extension("json")).ok();
}
