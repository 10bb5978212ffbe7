//! Networks of images as safetensors files in PyTorch's layout: a state dict
//! PyTorch trained loads into the crate and gives PyTorch's outputs; the
//! crate's own files come back bit for bit; hostile files are typed errors.
//!
//! Oracle: `scripts/oracles/torch_cnn_state_dict.py` trained a small CNN with
//! PyTorch (seed 20261201), saved `model.state_dict()` with
//! `safetensors.torch.save_file` as `tests/fixtures/torch_cnn.safetensors`,
//! and wrote 5 inputs and the eval-mode outputs to `tests/fixtures/torch_cnn.txt`.
//! The same state dict with its keys renamed (`features.0.weight`,
//! `conv1.weight`), as PyTorch names the same modules held elsewhere in a
//! model, gives the same outputs through `load_state_dict_options`.
#![cfg(feature = "safetensors")]

use crate::common;

use std::path::PathBuf;

use approx::assert_abs_diff_eq;
use neuron::ndarray::{Array2, Array4, ArrayD, IxDyn};
use neuron::prelude::*;
use neuron::{
    AvgPool2d, BatchNorm, Conv2d, Error, FileProblem, Flatten, Layer, MaxPool2d, Padding,
    SafetensorsOptions, Sequential,
};
use rand::{SeedableRng, rngs::StdRng};

const STATE_DICT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/torch_cnn.safetensors"
);

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("neuron-cnn-{}-{name}", std::process::id()))
}

/// The oracle's architecture, with the crate's random weights:
/// `nn.Sequential(Conv2d(1, 4, 3, padding=1), ReLU, MaxPool2d(2), BatchNorm2d(4),
/// Conv2d(4, 6, 3, stride=2), Tanh, AvgPool2d(2), Flatten, Linear(6, 8), ReLU,
/// BatchNorm1d(8), Linear(8, 3), Softmax(dim=1))`.
fn architecture<F: Float>(first_filters: usize) -> Sequential<F> {
    architecture_with(first_filters, true)
}

/// [`architecture`], its second convolution (module 4) with biases or
/// without (`nn.Conv2d(4, 6, 3, stride=2, bias=False)`).
fn architecture_with<F: Float>(first_filters: usize, second_bias: bool) -> Sequential<F> {
    let mut rng = StdRng::seed_from_u64(7);
    let first = Conv2d::random(1, first_filters, (3, 3), Init::KaimingUniform, &mut rng)
        .unwrap()
        .with_padding(Padding::Explicit(1, 1))
        .with_activation(Activation::Relu)
        .unwrap();
    let second = Conv2d::random(4, 6, (3, 3), Init::KaimingUniform, &mut rng)
        .unwrap()
        .with_stride((2, 2))
        .with_activation(Activation::Tanh)
        .unwrap();
    let second = if second_bias {
        second
    } else {
        second.without_bias()
    };
    let layers: Vec<Box<dyn Layer<F>>> = vec![
        Box::new(first),
        Box::new(MaxPool2d::new((2, 2))),
        Box::new(BatchNorm::new(4).unwrap()),
        Box::new(second),
        Box::new(AvgPool2d::new((2, 2))),
        Box::new(Flatten),
        Box::new(Dense::random(6, 8, Activation::Relu, Init::XavierUniform, &mut rng).unwrap()),
        Box::new(BatchNorm::new(8).unwrap()),
        Box::new(Dense::random(8, 3, Activation::Softmax, Init::XavierUniform, &mut rng).unwrap()),
    ];
    Sequential::from_layers(layers).unwrap()
}

fn oracle() -> (Array4<f32>, Array2<f32>) {
    let items = common::torch::items(&[include_str!("../fixtures/torch_cnn.txt")]);
    let array = |key: &str| {
        let (shape, values) = &items[key];
        ArrayD::from_shape_vec(
            IxDyn(shape),
            values.iter().map(|&v| v as f32).collect::<Vec<_>>(),
        )
        .unwrap()
    };
    (
        array("X").into_dimensionality().unwrap(),
        array("Y").into_dimensionality().unwrap(),
    )
}

fn problem(result: neuron::Result<impl std::fmt::Debug>) -> FileProblem {
    match result {
        Err(Error::ModelFile { problem, .. }) => problem,
        other => panic!("expected a model-file error, got {other:?}"),
    }
}

#[test]
fn pytorch_state_dict_gives_pytorchs_outputs() {
    let (x, expected) = oracle();
    let mut network = architecture::<f32>(4);
    // Before loading, the crate's random weights give something else.
    assert!(
        (network.forward(&x).unwrap() - &expected)
            .iter()
            .any(|d| d.abs() > 1e-3)
    );
    network.load_state_dict(STATE_DICT).unwrap();
    let y = network.forward(&x).unwrap();
    // PyTorch: model.eval(); model(X), in float32.
    assert_abs_diff_eq!(y, expected, epsilon = 1e-5);
    // The running statistics came from the file: PyTorch's running_var of
    // BatchNorm2d(4)[0] after 20 steps, printed by the oracle script.
    let norm = network.layers()[2].as_any().unwrap();
    let norm = norm.downcast_ref::<BatchNorm<f32>>().unwrap();
    assert_abs_diff_eq!(norm.running_var()[0], 1.198_015_3, epsilon = 1e-6);
}

#[test]
fn pytorch_state_dict_loads_as_f64_converted() {
    let (x, expected) = oracle();
    let mut network = architecture::<f64>(4);
    network.load_state_dict(STATE_DICT).unwrap();
    let y = network.forward(&x.mapv(f64::from)).unwrap();
    assert_abs_diff_eq!(y, expected.mapv(f64::from), epsilon = 1e-5);
}

#[test]
fn crate_file_of_a_cnn_comes_back_bit_for_bit() {
    let (x, _) = oracle();
    let mut network = architecture::<f32>(4);
    network.load_state_dict(STATE_DICT).unwrap();
    let path = temp("roundtrip.safetensors");
    network.save_safetensors(&path).unwrap();
    let back = Sequential::<f32>::load_safetensors(&path).unwrap();
    assert_eq!(back.to_string(), network.to_string());
    assert_eq!(back.forward(&x).unwrap(), network.forward(&x).unwrap());
    // The crate's file is a state dict PyTorch's names fit: it loads into
    // the architecture as PyTorch's does, to the same outputs.
    let mut again = architecture::<f32>(4);
    again.load_state_dict(&path).unwrap();
    assert_eq!(again.forward(&x).unwrap(), network.forward(&x).unwrap());
    // A dense-only loader refuses it with a typed error, not a panic.
    assert!(matches!(
        problem(Network::<f32>::load_safetensors(&path)),
        FileProblem::InvalidModel { .. } | FileProblem::UnsupportedDtype { .. }
    ));
    std::fs::remove_file(&path).ok();
}

#[test]
fn a_state_dict_without_metadata_asks_for_the_architecture() {
    match problem(Sequential::<f32>::load_safetensors(STATE_DICT)) {
        FileProblem::NotAModelFile { message } => assert!(message.contains("load_state_dict")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn wrong_shapes_are_named_with_both_shapes() {
    // 5 filters where PyTorch's network has 4.
    let mut network = architecture::<f32>(5);
    let before = network.to_string();
    assert_eq!(
        problem(network.load_state_dict(STATE_DICT)),
        FileProblem::TensorShape {
            tensor: "0.weight".to_owned(),
            found: vec![4, 1, 3, 3],
            expected: vec![5, 1, 3, 3],
        }
    );
    assert_eq!(network.to_string(), before, "unchanged on an error");
}

/// The fixture's tensors, less `drop`, plus `extra`, as a new file.
fn edited(name: &str, drop: &str, extra: Option<(&str, Vec<f32>)>) -> PathBuf {
    use safetensors::tensor::{Dtype, TensorView};
    let bytes = std::fs::read(STATE_DICT).unwrap();
    let file = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let extra_bytes: Vec<u8> = extra
        .as_ref()
        .map(|(_, v)| v.iter().flat_map(|x| x.to_le_bytes()).collect())
        .unwrap_or_default();
    let mut tensors: Vec<(String, TensorView<'_>)> = file
        .tensors()
        .into_iter()
        .filter(|(n, _)| n != drop)
        .collect();
    if let Some((key, values)) = &extra {
        tensors.push((
            (*key).to_owned(),
            TensorView::new(Dtype::F32, vec![values.len()], &extra_bytes).unwrap(),
        ));
    }
    let path = temp(name);
    std::fs::write(
        &path,
        safetensors::tensor::serialize(tensors, None).unwrap(),
    )
    .unwrap();
    path
}

#[test]
fn missing_and_unknown_tensors_are_named() {
    let missing = edited("missing.safetensors", "3.running_var", None);
    assert_eq!(
        problem(architecture::<f32>(4).load_state_dict(&missing)),
        FileProblem::MissingTensor {
            tensor: "3.running_var".to_owned()
        }
    );
    // num_batches_tracked is tolerated when missing too.
    let no_count = edited("no-count.safetensors", "3.num_batches_tracked", None);
    architecture::<f32>(4).load_state_dict(&no_count).unwrap();
    let unknown = edited("unknown.safetensors", "", Some(("5.weight", vec![1.0; 3])));
    match problem(architecture::<f32>(4).load_state_dict(&unknown)) {
        FileProblem::InvalidModel { field, reason } => {
            assert_eq!(field, "5.weight");
            assert!(
                reason.contains("is not a tensor of the network"),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
    // A negative running variance is refused, naming the tensor.
    let bytes = std::fs::read(STATE_DICT).unwrap();
    let file = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let var = file.tensor("3.running_var").unwrap();
    let mut values: Vec<f32> = var
        .data()
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
        .collect();
    values[1] = -1.0;
    let negative = edited(
        "negative.safetensors",
        "3.running_var",
        Some(("3.running_var", values)),
    );
    match problem(architecture::<f32>(4).load_state_dict(&negative)) {
        FileProblem::InvalidModel { field, .. } => assert_eq!(field, "3.running_var"),
        other => panic!("{other:?}"),
    }
    for path in [missing, no_count, unknown, negative] {
        std::fs::remove_file(path).ok();
    }
}

#[test]
fn channels_that_do_not_chain_are_not_saved() {
    let mut rng = StdRng::seed_from_u64(1);
    let layers: Vec<Box<dyn Layer<f64>>> = vec![
        Box::new(Conv2d::random(1, 4, (3, 3), Init::KaimingUniform, &mut rng).unwrap()),
        Box::new(BatchNorm::new(5).unwrap()),
    ];
    // The network is built (a convolution reads any image), but no file of
    // it is written: its batch normalisation reads 5 channels of 4.
    let network = Sequential::from_layers(layers).unwrap();
    let path = temp("channels.safetensors");
    assert_eq!(
        problem(network.save_safetensors(&path)),
        FileProblem::ChannelMismatch {
            layer: 1,
            what: "batch_norm",
            found: 5,
            expected: 4
        }
    );
    assert!(!path.exists());
}

#[test]
fn a_layer_of_your_own_is_refused_by_name() {
    #[derive(Debug, Clone)]
    struct Twice;
    impl std::fmt::Display for Twice {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "Twice")
        }
    }
    impl Layer<f64> for Twice {
        fn name(&self) -> &'static str {
            "twice"
        }
        fn input_shape(&self) -> Option<Vec<usize>> {
            None
        }
        fn output_shape(&self, input: &[usize]) -> neuron::Result<Vec<usize>> {
            Ok(input.to_vec())
        }
        fn net_input(
            &self,
            x: neuron::ndarray::ArrayViewD<'_, f64>,
        ) -> neuron::Result<ArrayD<f64>> {
            Ok(&x * 2.0)
        }
        fn backward(
            &self,
            _: neuron::ndarray::ArrayViewD<'_, f64>,
            _: neuron::ndarray::ArrayViewD<'_, f64>,
            _: &[ArrayD<f64>],
            _: &mut [ArrayD<f64>],
            _: Option<&mut ArrayD<f64>>,
            _: &neuron::Pass,
        ) -> neuron::Result<()> {
            Ok(())
        }
    }
    let layers: Vec<Box<dyn Layer<f64>>> = vec![Box::new(Flatten), Box::new(Twice)];
    let network = Sequential::from_layers(layers).unwrap();
    match problem(network.save_safetensors(temp("own.safetensors"))) {
        FileProblem::InvalidModel { field, reason } => {
            assert_eq!(field, "layers[1]");
            assert!(reason.contains("`twice`"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

/// The convolution at `l`.
fn conv_at<F: Float>(network: &Sequential<F>, l: usize) -> &Conv2d<F> {
    network.layers()[l]
        .as_any()
        .unwrap()
        .downcast_ref::<Conv2d<F>>()
        .unwrap()
}

/// Every parameter's kind and bits, layer by layer.
fn bits(network: &Sequential<f32>) -> Vec<(neuron::ParameterKind, Vec<u32>)> {
    network
        .parameters()
        .into_iter()
        .map(|(kind, values)| (kind, values.iter().map(|v| v.to_bits()).collect()))
        .collect()
}

#[test]
fn a_state_dict_without_a_convolutions_bias_loads_it_without_bias() {
    let (x, expected) = oracle();
    // As nn.Conv2d(4, 6, 3, stride=2, bias=False) saves it: no `4.bias`. Into
    // a network whose convolution has biases, the file decides.
    let no_bias = edited("no-bias.safetensors", "4.bias", None);
    let mut network = architecture::<f32>(4);
    network.load_state_dict(&no_bias).unwrap();
    assert!(conv_at(&network, 3).bias().is_none());
    assert!(conv_at(&network, 0).bias().is_some());
    assert!(network.layers()[3].to_string().contains("no bias"));
    // By hand: what PyTorch's network computes with that bias set to 0.
    let zero_bias = edited(
        "zero-bias.safetensors",
        "4.bias",
        Some(("4.bias", vec![0.0; 6])),
    );
    let mut zeroed = architecture::<f32>(4);
    zeroed.load_state_dict(&zero_bias).unwrap();
    assert!(conv_at(&zeroed, 3).bias().is_some());
    let y = network.forward(&x).unwrap();
    assert_abs_diff_eq!(y, zeroed.forward(&x).unwrap(), epsilon = 1e-6);
    // and not what it computes with the bias: the bias mattered.
    assert!((&y - &expected).iter().any(|d| d.abs() > 1e-4));

    // A file with the bias loads with it, into a network whose convolution
    // had none, to PyTorch's outputs.
    let mut with = architecture_with::<f32>(4, false);
    with.load_state_dict(STATE_DICT).unwrap();
    assert!(conv_at(&with, 3).bias().is_some());
    assert_abs_diff_eq!(with.forward(&x).unwrap(), expected, epsilon = 1e-5);
    for path in [no_bias, zero_bias] {
        std::fs::remove_file(path).ok();
    }
}

#[test]
fn a_cnn_without_conv_biases_comes_back_bit_for_bit() {
    let (x, _) = oracle();
    let no_bias = edited("no-bias-trip.safetensors", "4.bias", None);
    let mut network = architecture_with::<f32>(4, false);
    network.load_state_dict(&no_bias).unwrap();
    let path = temp("no-bias-roundtrip.safetensors");
    network.save_safetensors(&path).unwrap();

    // PyTorch's layout: no `4.bias`; the metadata says `"bias": false` for
    // that convolution only.
    let bytes = std::fs::read(&path).unwrap();
    let file = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let mut names = file.names();
    names.sort();
    assert!(names.contains(&"0.bias") && names.contains(&"4.weight"));
    assert!(!names.contains(&"4.bias"), "{names:?}");
    let (_, metadata) = safetensors::SafeTensors::read_metadata(&bytes).unwrap();
    let layers = metadata.metadata().as_ref().unwrap()["layers"].clone();
    let layers: serde_json::Value = serde_json::from_str(&layers).unwrap();
    assert_eq!(layers[0].get("bias"), None);
    assert_eq!(layers[3]["bias"], serde_json::json!(false));

    let back = Sequential::<f32>::load_safetensors(&path).unwrap();
    assert!(conv_at(&back, 3).bias().is_none());
    assert_eq!(back.to_string(), network.to_string());
    assert_eq!(bits(&back), bits(&network));
    assert_eq!(back.forward(&x).unwrap(), network.forward(&x).unwrap());
    // And PyTorch's strict load_state_dict of the same nn.Sequential reads it:
    // every tensor the network has is there, and no other.
    let mut again = architecture_with::<f32>(4, false);
    again.load_state_dict(&path).unwrap();
    assert_eq!(bits(&again), bits(&network));
    for path in [no_bias, path] {
        std::fs::remove_file(path).ok();
    }
}

/// The crate's file at `path` with the metadata's layers edited by `edit`.
fn with_layers(path: &PathBuf, name: &str, edit: impl Fn(&mut serde_json::Value)) -> PathBuf {
    let bytes = std::fs::read(path).unwrap();
    let file = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let (_, metadata) = safetensors::SafeTensors::read_metadata(&bytes).unwrap();
    let mut metadata = metadata.metadata().clone().unwrap();
    let mut layers: serde_json::Value = serde_json::from_str(&metadata["layers"]).unwrap();
    edit(&mut layers);
    metadata.insert("layers".to_owned(), layers.to_string());
    let edited = temp(name);
    std::fs::write(
        &edited,
        safetensors::tensor::serialize(file.tensors(), Some(metadata)).unwrap(),
    )
    .unwrap();
    edited
}

#[test]
fn metadata_and_tensors_that_disagree_about_a_bias_are_named() {
    let mut rng = StdRng::seed_from_u64(2);
    let conv = Conv2d::<f32>::random(1, 2, (3, 3), Init::KaimingUniform, &mut rng).unwrap();
    let layers: Vec<Box<dyn Layer<f32>>> =
        vec![Box::new(conv.clone()), Box::new(conv.without_bias())];
    // Channels do not chain (1 then 2), so save each layer as its own network.
    let (with, without) = (temp("with.safetensors"), temp("without.safetensors"));
    let mut layers = layers.into_iter();
    Sequential::from_layers(vec![layers.next().unwrap()])
        .unwrap()
        .save_safetensors(&with)
        .unwrap();
    Sequential::from_layers(vec![layers.next().unwrap()])
        .unwrap()
        .save_safetensors(&without)
        .unwrap();
    // `"bias": false`, but the file holds `0.bias`.
    let says_none = with_layers(&with, "says-none.safetensors", |layers| {
        layers[0]["bias"] = serde_json::json!(false);
    });
    match problem(Sequential::<f32>::load_safetensors(&says_none)) {
        FileProblem::InvalidModel { field, reason } => {
            assert_eq!(field, "__metadata__.layers[0].bias");
            assert!(reason.contains("`0.bias`"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    // No `"bias": false` (biases, as in every older file), but no `0.bias`.
    let says_some = with_layers(&without, "says-some.safetensors", |layers| {
        layers[0].as_object_mut().unwrap().remove("bias");
    });
    assert_eq!(
        problem(Sequential::<f32>::load_safetensors(&says_some)),
        FileProblem::MissingTensor {
            tensor: "0.bias".to_owned()
        }
    );
    // Neither true nor false.
    let says_what = with_layers(&without, "says-what.safetensors", |layers| {
        layers[0]["bias"] = serde_json::json!("no");
    });
    match problem(Sequential::<f32>::load_safetensors(&says_what)) {
        FileProblem::InvalidModel { field, reason } => {
            assert_eq!(field, "__metadata__.layers[0].bias");
            assert!(reason.contains("true or false"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    for path in [with, without, says_none, says_some, says_what] {
        std::fs::remove_file(path).ok();
    }
}

#[cfg(feature = "serde")]
mod json {
    use super::*;

    #[test]
    fn a_trained_cnn_comes_back_from_json_bit_for_bit() {
        let (x, expected) = oracle();
        let mut network = architecture::<f32>(4);
        network.load_state_dict(STATE_DICT).unwrap();
        let path = temp("cnn.json");
        network.save(&path).unwrap();
        let back = Sequential::<f32>::load(&path).unwrap();
        assert_eq!(back.to_string(), network.to_string());
        let y = back.forward(&x).unwrap();
        assert_eq!(y, network.forward(&x).unwrap());
        // And so still PyTorch's outputs.
        assert_abs_diff_eq!(y, expected, epsilon = 1e-5);
        // The other float type and the dense-only loader are typed errors.
        assert!(matches!(
            problem(Sequential::<f64>::load(&path)),
            FileProblem::WrongFloat { .. }
        ));
        assert_eq!(
            problem(Network::<f32>::load(&path)),
            FileProblem::WrongKind {
                found: "sequential".to_owned(),
                expected: "network"
            }
        );
        std::fs::remove_file(&path).ok();
    }

    fn load_text(name: &str, text: &str) -> FileProblem {
        let path = temp(name);
        std::fs::write(&path, text).unwrap();
        let problem = problem(Sequential::<f64>::load(&path));
        std::fs::remove_file(&path).ok();
        problem
    }

    const HEAD: &str = r#"{"format": "neuron", "version": 1, "kind": "sequential", "float": "f64", "model": {"layers": "#;

    #[test]
    fn hostile_json_files_are_typed_errors_naming_the_field() {
        let conv = |weights: &str, bias: &str| {
            format!(
                r#"{{"type": "conv2d", "weights": {weights}, "bias": {bias}, "stride": [1, 1], "padding": "valid", "activation": "relu"}}"#
            )
        };
        let ok = conv("[[[[1.0]]], [[[2.0]]]]", "[0.0, 0.0]");
        // Ragged filters: the second channel of filter 0 has another size.
        let ragged = conv("[[[[1.0]], [[1.0, 2.0]]]]", "[0.0]");
        match load_text("ragged.json", &format!("{HEAD}[{ragged}]}}}}")) {
            FileProblem::InvalidModel { field, reason } => {
                assert_eq!(field, "model.layers[0].weights[0][1][0]");
                assert!(reason.contains("has 2 entries"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        // Channels that do not chain: 2 filters, then a normalisation of 3.
        let norm = r#"{"type": "batch_norm", "scale": [1, 1, 1], "shift": [0, 0, 0], "running_mean": [0, 0, 0], "running_var": [1, 1, 1], "momentum": 0.1, "epsilon": 1e-5}"#;
        assert_eq!(
            load_text("channels.json", &format!("{HEAD}[{ok}, {norm}]}}}}")),
            FileProblem::ChannelMismatch {
                layer: 1,
                what: "batch_norm",
                found: 3,
                expected: 2
            }
        );
        // A negative running variance.
        let negative = norm.replace("\"running_var\": [1, 1, 1]", "\"running_var\": [1, -1, 1]");
        match load_text("negative.json", &format!("{HEAD}[{negative}]}}}}")) {
            FileProblem::InvalidModel { field, .. } => {
                assert_eq!(field, "model.layers[0].running_var")
            }
            other => panic!("{other:?}"),
        }
        // A window of 0, an unknown layer type, a bias of the wrong length.
        let pool =
            r#"{"type": "max_pool2d", "kernel": [0, 2], "stride": [2, 2], "padding": "same"}"#;
        match load_text("pool.json", &format!("{HEAD}[{pool}]}}}}")) {
            FileProblem::InvalidModel { field, .. } => assert_eq!(field, "model.layers[0].kernel"),
            other => panic!("{other:?}"),
        }
        match load_text(
            "unknown.json",
            &format!(r#"{HEAD}[{{"type": "lstm"}}]}}}}"#),
        ) {
            FileProblem::InvalidModel { field, reason } => {
                assert_eq!(field, "model.layers[0].type");
                assert!(reason.contains("lstm"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        let short_bias = conv("[[[[1.0]]], [[[2.0]]]]", "[0.0]");
        match load_text("bias.json", &format!("{HEAD}[{short_bias}]}}}}")) {
            FileProblem::InvalidModel { field, reason } => {
                assert_eq!(field, "model.layers[0].weights");
                assert!(reason.contains("bias"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
        // Truncated.
        assert!(matches!(
            load_text("cut.json", &format!("{HEAD}[{ok}")),
            FileProblem::Truncated { .. }
        ));
        // A convolution without its `bias` key: lost, not "no biases" (that
        // is `"bias": null`), so refused, naming the key.
        let lost = ok.replace(r#" "bias": [0.0, 0.0],"#, "");
        assert!(!lost.contains("bias"));
        match load_text("lost-bias.json", &format!("{HEAD}[{lost}]}}}}")) {
            FileProblem::InvalidModel { field, reason } => {
                assert!(field.starts_with("model.layers"), "{field}");
                assert!(reason.contains("bias"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_cnn_without_conv_biases_comes_back_from_json_bit_for_bit() {
        let (x, _) = oracle();
        let no_bias = edited("no-bias-json.safetensors", "4.bias", None);
        let mut network = architecture_with::<f32>(4, false);
        network.load_state_dict(&no_bias).unwrap();
        let path = temp("no-bias.json");
        network.save(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches("\"bias\": null").count(), 1, "{text}");
        let back = Sequential::<f32>::load(&path).unwrap();
        assert!(conv_at(&back, 3).bias().is_none());
        assert!(conv_at(&back, 0).bias().is_some());
        assert_eq!(back.to_string(), network.to_string());
        assert_eq!(bits(&back), bits(&network));
        assert_eq!(back.forward(&x).unwrap(), network.forward(&x).unwrap());
        for path in [no_bias, path] {
            std::fs::remove_file(path).ok();
        }
    }

    #[test]
    fn a_bias_of_null_is_a_convolution_without_biases() {
        let text = format!(
            r#"{HEAD}[{{"type": "conv2d", "weights": [[[[1.0, 2.0]]]], "bias": null, "stride": [1, 1], "padding": "valid", "activation": "identity"}}]}}}}"#
        );
        let path = temp("null-bias.json");
        std::fs::write(&path, text).unwrap();
        let network = Sequential::<f64>::load(&path).unwrap();
        std::fs::remove_file(&path).ok();
        assert!(conv_at(&network, 0).bias().is_none());
        let x = Array4::from_shape_vec((1, 1, 1, 3), vec![1.0, 10.0, 100.0]).unwrap();
        // 1·1 + 10·2, 10·1 + 100·2: no bias added.
        assert_eq!(
            network
                .forward_dyn(x.into_dyn().view())
                .unwrap()
                .into_raw_vec_and_offset()
                .0,
            vec![21.0, 210.0]
        );
    }
}

/// The oracle's state dict with each tensor renamed by `rename`, as PyTorch
/// saves the same modules held elsewhere in a model (its values untouched).
fn renamed(name: &str, rename: impl Fn(&str) -> String) -> PathBuf {
    let bytes = std::fs::read(STATE_DICT).unwrap();
    let file = safetensors::SafeTensors::deserialize(&bytes).unwrap();
    let views: Vec<(String, safetensors::tensor::TensorView<'_>)> = file
        .tensors()
        .into_iter()
        .map(|(key, view)| (rename(&key), view))
        .collect();
    let path = temp(name);
    std::fs::write(&path, safetensors::serialize(views, None).unwrap()).unwrap();
    path
}

#[test]
fn a_state_dict_under_a_prefix_or_other_names_gives_pytorchs_outputs() {
    let (x, expected) = oracle();
    // self.features = nn.Sequential(…) in a module: features.0.weight, …
    let prefixed = renamed("prefixed.safetensors", |key| format!("features.{key}"));
    let mut network = architecture::<f32>(4);
    assert!(matches!(
        problem(network.load_state_dict(&prefixed)),
        FileProblem::MissingTensor { tensor } if tensor == "0.weight"
    ));
    let options = SafetensorsOptions::new().prefix("features.");
    network
        .load_state_dict_options(&prefixed, &options)
        .unwrap();
    assert_abs_diff_eq!(network.forward(&x).unwrap(), expected, epsilon = 1e-5);
    // The same modules as attributes of a module: self.conv1, self.bn1, …
    let names = [
        ("0.", "conv1."),
        ("3.", "bn1."),
        ("4.", "conv2."),
        ("8.", "fc1."),
        ("10.", "bn2."),
        ("11.", "fc2."),
    ];
    let attributes = renamed("attributes.safetensors", |key| {
        names
            .iter()
            .find_map(|(from, to)| key.strip_prefix(from).map(|rest| format!("{to}{rest}")))
            .unwrap()
    });
    let keys = ["conv1", "bn1", "conv2", "fc1", "bn2", "fc2"];
    let mut network = architecture::<f32>(4);
    network
        .load_state_dict_options(&attributes, &SafetensorsOptions::new().layer_keys(&keys))
        .unwrap();
    assert_abs_diff_eq!(network.forward(&x).unwrap(), expected, epsilon = 1e-5);
    // Keys that do not count the layers with tensors, a key twice, a key
    // the file lacks, activations given, the other float type unconverted:
    // typed errors, and the network unchanged.
    let before = network.forward(&x).unwrap();
    let mut load = |options: SafetensorsOptions| {
        problem(network.load_state_dict_options(&attributes, &options))
    };
    assert!(matches!(
        load(SafetensorsOptions::new().layer_keys(&keys[..5])),
        FileProblem::InvalidModel { field, reason } if field == "layer_keys" && reason.contains("6 layers with tensors")
    ));
    assert!(matches!(
        load(SafetensorsOptions::new().layer_keys(&["conv1", "bn1", "conv2", "fc1", "bn2", "conv1"])),
        FileProblem::InvalidModel { field, reason } if field == "layer_keys" && reason.contains("`conv1` twice")
    ));
    assert_eq!(
        load(SafetensorsOptions::new().layer_keys(&["conv1", "bn1", "conv2", "fc1", "bn2", "out"])),
        FileProblem::MissingTensor {
            tensor: "out.weight".to_owned()
        }
    );
    assert!(matches!(
        load(SafetensorsOptions::new().layer_keys(&keys).activations(&[Activation::Relu])),
        FileProblem::InvalidModel { field, .. } if field == "activations"
    ));
    let mut wide = architecture::<f64>(4);
    assert!(matches!(
        problem(wide.load_state_dict_options(&attributes, &SafetensorsOptions::new().layer_keys(&keys))),
        FileProblem::WrongDtype { tensor, .. } if tensor == "conv1.weight"
    ));
    assert_eq!(network.forward(&x).unwrap(), before);
    std::fs::remove_file(&prefixed).ok();
    std::fs::remove_file(&attributes).ok();
}

/// Batch normalisation first, on images: what comes before it is maps, so a
/// flatten after it gives `channels × rows × columns` features, not
/// `channels`. PyTorch's `nn.Sequential(nn.BatchNorm2d(2), nn.Flatten(),
/// nn.Linear(32, 1))` reads (n, 2, 4, 4) images; the crate refused to save or
/// load the same network ("layer 2 (dense) reads 32 channels, but the layers
/// before it give 2").
#[test]
fn a_network_that_starts_with_batch_normalisation_of_images_travels() {
    let mut rng = StdRng::seed_from_u64(5);
    let layers: Vec<Box<dyn Layer<f32>>> = vec![
        Box::new(BatchNorm::new(2).unwrap()),
        Box::new(Flatten),
        Box::new(Dense::random(32, 1, Activation::Sigmoid, Init::XavierUniform, &mut rng).unwrap()),
    ];
    let network = Sequential::from_layers(layers).unwrap();
    let x = Array4::from_shape_fn((3, 2, 4, 4), |(n, c, i, j)| {
        ((n * 7 + c * 5 + i * 3 + j) % 11) as f32 / 11.0 - 0.5
    });
    let path = temp("batch-norm-first.safetensors");
    network.save_safetensors(&path).unwrap();
    let back = Sequential::<f32>::load_safetensors(&path).unwrap();
    assert_eq!(back.forward(&x).unwrap(), network.forward(&x).unwrap());
    #[cfg(feature = "onnx")]
    assert!(network.to_onnx().is_ok());
}
