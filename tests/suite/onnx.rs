//! ONNX export: the written bytes decode back to the graph the crate means
//! (Gemm with the weights as they are, then the activation), and a small
//! interpreter of that graph computes the crate's `forward`.
//!
//! Oracles: the ONNX operator specification (opset 13): `Gemm` computes
//! `Y = alpha·A′·B′ + beta·C` with `transA = transB = 0`, `alpha = beta = 1` by
//! default; `Softmax(axis = 1)` normalises each row; `Cast(to = 1 | 11)` gives
//! FLOAT or DOUBLE; field numbers from `onnx/onnx.proto`. onnxruntime itself
//! runs every exported model in `scripts/check-travel`.
#![cfg(feature = "onnx")]

use std::collections::HashMap;
use std::fs;
use std::path::PathBuf;

use neuron::FileProblem;
use neuron::onnx::tensor_shape_proto::dimension::Value as Dim;
use neuron::onnx::type_proto::Value as TypeValue;
use neuron::onnx::{DataType, IR_VERSION, Message, ModelProto, OPSET, TensorProto, ValueInfoProto};
use neuron::prelude::*;

use crate::common;
use common::every_activation;

fn folder(test: &str) -> PathBuf {
    common::folder("onnx", test)
}

/// Saves `network` and decodes the file with the crate's own prost messages.
fn written<F: Float>(network: &Network<F>, test: &str) -> ModelProto {
    let path = folder(test).join("model.onnx");
    network.save_onnx(&path).unwrap();
    ModelProto::decode(fs::read(&path).unwrap().as_slice()).unwrap()
}

/// `(batch, width)` with `batch` symbolic, of `elem` elements.
fn assert_batch_of(value: &ValueInfoProto, name: &str, width: i64, elem: DataType) {
    assert_eq!(value.name(), name);
    let Some(TypeValue::TensorType(tensor)) = value.r#type.as_ref().unwrap().value.as_ref() else {
        panic!("{name} is not a tensor");
    };
    assert_eq!(tensor.elem_type, Some(elem as i32));
    let dims: Vec<_> = tensor
        .shape
        .as_ref()
        .unwrap()
        .dim
        .iter()
        .map(|d| d.value.clone())
        .collect();
    assert_eq!(
        dims,
        [
            Some(Dim::DimParam("batch".to_owned())),
            Some(Dim::DimValue(width))
        ]
    );
}

#[test]
fn the_graph_decodes_to_gemms_and_activations_in_order() {
    let network = every_activation::<f64>(1);
    let model = written(&network, "graph");
    assert_eq!(model.ir_version, Some(IR_VERSION));
    assert_eq!((IR_VERSION, OPSET), (7, 13));
    assert_eq!(model.opset_import.len(), 1);
    assert_eq!(model.opset_import[0].domain(), "");
    assert_eq!(model.opset_import[0].version, Some(13));
    assert_eq!(model.producer_name(), "neuron");
    let graph = model.graph.unwrap();
    let ops: Vec<&str> = graph.node.iter().map(|n| n.op_type()).collect();
    assert_eq!(
        ops,
        [
            "Gemm",
            "GreaterOrEqual",
            "Cast",
            "Gemm",
            "Sigmoid",
            "Gemm",
            "Tanh",
            "Gemm",
            "Relu",
            "Gemm",
            "Gemm",
            "Softmax"
        ]
    );
    for gemm in graph.node.iter().filter(|n| n.op_type() == "Gemm") {
        // transB absent or 0: B is used as it is.
        assert!(
            gemm.attribute
                .iter()
                .all(|a| a.name() != "transB" || a.i() == 0)
        );
        assert_eq!(gemm.input.len(), 3);
    }
    let softmax = graph
        .node
        .iter()
        .find(|n| n.op_type() == "Softmax")
        .unwrap();
    assert_eq!(
        (softmax.attribute[0].name(), softmax.attribute[0].i()),
        ("axis", 1)
    );
    let cast = graph.node.iter().find(|n| n.op_type() == "Cast").unwrap();
    assert_eq!(
        (cast.attribute[0].name(), cast.attribute[0].i()),
        ("to", 11)
    ); // DOUBLE
    assert_batch_of(&graph.input[0], "input", 3, DataType::Double);
    assert_batch_of(&graph.output[0], "output", 3, DataType::Double);
    assert_eq!(graph.node.last().unwrap().output, ["output"]);
    assert_eq!(graph.node[0].input[0], "input");

    // Initializers: the weights as they are, (n_inputs, n_units), row-major.
    let by_name: HashMap<&str, &TensorProto> =
        graph.initializer.iter().map(|t| (t.name(), t)).collect();
    for (l, layer) in network.layers().iter().enumerate() {
        let w = by_name[format!("layers.{l}.weights").as_str()];
        assert_eq!(w.dims, [layer.n_inputs() as i64, layer.n_units() as i64]);
        assert_eq!(w.data_type, Some(DataType::Double as i32));
        let bytes: Vec<u8> = layer
            .weights()
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        assert_eq!(w.raw_data.as_deref(), Some(bytes.as_slice()));
        let b = by_name[format!("layers.{l}.bias").as_str()];
        assert_eq!(b.dims, [layer.n_units() as i64]);
    }
    assert_eq!(by_name["zero"].dims, Vec::<i64>::new()); // a scalar
}

#[test]
fn f32_models_are_float_throughout() {
    let network = every_activation::<f32>(2);
    let graph = written(&network, "f32").graph.unwrap();
    assert_batch_of(&graph.input[0], "input", 3, DataType::Float);
    assert!(
        graph
            .initializer
            .iter()
            .all(|t| t.data_type == Some(DataType::Float as i32))
    );
    let w = &graph.initializer[0];
    assert_eq!(w.raw_data.as_ref().unwrap().len(), 3 * 5 * 4);
    let cast = graph.node.iter().find(|n| n.op_type() == "Cast").unwrap();
    assert_eq!(cast.attribute[0].i(), 1); // FLOAT
}

/// Runs the graph as the ONNX operators are specified, in f64.
fn interpret(model: &ModelProto, x: &Array2<f64>) -> Array2<f64> {
    let graph = model.graph.as_ref().unwrap();
    let decode = |t: &TensorProto| -> Vec<f64> {
        let raw = t.raw_data.as_deref().unwrap();
        if t.data_type == Some(DataType::Float as i32) {
            raw.chunks_exact(4)
                .map(|c| f64::from(f32::from_le_bytes(c.try_into().unwrap())))
                .collect()
        } else {
            raw.chunks_exact(8)
                .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
                .collect()
        }
    };
    let mut values: HashMap<String, Array2<f64>> = HashMap::new();
    let mut constants: HashMap<String, (Vec<i64>, Vec<f64>)> = HashMap::new();
    for t in &graph.initializer {
        constants.insert(t.name().to_owned(), (t.dims.clone(), decode(t)));
    }
    values.insert("input".to_owned(), x.clone());
    for node in &graph.node {
        let a = values.get(&node.input[0]).cloned();
        let y = match node.op_type() {
            "Gemm" => {
                let (dims, w) = &constants[&node.input[1]];
                let w = Array2::from_shape_vec((dims[0] as usize, dims[1] as usize), w.clone())
                    .unwrap();
                let b = Array1::from(constants[&node.input[2]].1.clone());
                a.unwrap().dot(&w) + &b
            }
            "Sigmoid" => a.unwrap().mapv(|h| 1.0 / (1.0 + (-h).exp())),
            "Tanh" => a.unwrap().mapv(f64::tanh),
            "Relu" => a.unwrap().mapv(|h| h.max(0.0)),
            "Softmax" => {
                let mut y = a.unwrap();
                for mut row in y.rows_mut() {
                    let m = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                    row.mapv_inplace(|v| (v - m).exp());
                    let s = row.sum();
                    row.mapv_inplace(|v| v / s);
                }
                y
            }
            "GreaterOrEqual" => {
                let zero = constants[&node.input[1]].1[0];
                a.unwrap().mapv(|h| if h >= zero { 1.0 } else { 0.0 })
            }
            "Cast" => a.unwrap(),
            other => panic!("unexpected operator {other}"),
        };
        values.insert(node.output[0].clone(), y);
    }
    values.remove("output").unwrap()
}

#[test]
fn the_graph_computes_the_crates_forward() {
    let x = Array2::from_shape_fn((16, 3), |(i, j)| ((i * 7 + j * 3) % 11) as f64 / 5.0 - 1.0);
    let network = every_activation::<f64>(3);
    let expected = network.forward(&x).unwrap();
    let got = interpret(&written(&network, "compute"), &x);
    approx::assert_abs_diff_eq!(got, expected, epsilon = 1e-12);

    // A neuron is a (batch, 1) column; a layer its (batch, n_units).
    let neuron = Neuron::new(array![0.4, 0.7, 0.2])
        .with_bias(-0.3)
        .with_activation(Activation::Tanh);
    let got = interpret(&neuron.to_onnx().unwrap(), &x);
    approx::assert_abs_diff_eq!(got.column(0), neuron.forward(&x).unwrap(), epsilon = 1e-12);
    let layer = Dense::new(
        array![[1.0, -1.0], [0.5, 0.0], [0.0, 2.0]],
        array![0.0, 0.1],
        Activation::Identity,
    )
    .unwrap();
    let model = layer.to_onnx().unwrap();
    assert_eq!(model.graph.as_ref().unwrap().node.len(), 1); // the identity adds nothing
    approx::assert_abs_diff_eq!(
        interpret(&model, &x),
        layer.forward(&x).unwrap(),
        epsilon = 1e-12
    );
}

#[test]
fn a_failed_save_keeps_the_old_file() {
    let dir = folder("atomic");
    let path = dir.join("model.onnx");
    let good = every_activation::<f32>(4);
    good.save_onnx(&path).unwrap();
    let before = fs::read(&path).unwrap();
    let bad = Network::from_layers(vec![
        Dense::new(array![[f32::INFINITY]], array![0.0], Activation::Relu).unwrap(),
    ])
    .unwrap();
    let err = bad.save_onnx(&path).unwrap_err();
    assert!(
        matches!(&err, Error::ModelFile { action: "save", problem: FileProblem::InvalidModel { field, .. }, .. } if field == "layers.0"),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    // A softmax over one unit is refused too; a missing folder is an I/O error.
    let one = Neuron::new(array![1.0_f32]).with_activation(Activation::Softmax);
    assert!(one.save_onnx(&path).is_err());
    assert!(matches!(
        good.save_onnx(dir.join("no-such-folder").join("m.onnx")),
        Err(Error::Io { .. })
    ));
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("model.onnx")]);
    assert_eq!(fs::read(&path).unwrap(), before);
}

/// Networks of images: each layer its ONNX operator, with PyTorch's weight
/// layout and the window's attributes (the operators' attributes as
/// onnx/docs/Operators.md names them).
#[test]
fn a_cnn_exports_each_layer_as_its_operator() {
    use neuron::{AvgPool2d, BatchNorm, Conv2d, Flatten, Layer, MaxPool2d, Padding, Sequential};
    let mut rng = rand::rngs::StdRng::seed_from_u64(3);
    let conv = Conv2d::<f32>::random(2, 3, (3, 2), Init::KaimingUniform, &mut rng)
        .unwrap()
        .with_stride((2, 1))
        .with_padding(Padding::Explicit(1, 2))
        .with_activation(Activation::Relu)
        .unwrap();
    let layers: Vec<Box<dyn Layer<f32>>> = vec![
        Box::new(conv),
        Box::new(
            MaxPool2d::new((3, 3))
                .with_stride((2, 2))
                .with_padding(Padding::Same),
        ),
        Box::new(BatchNorm::new(3).unwrap()),
        Box::new(AvgPool2d::new((2, 2))),
        Box::new(Flatten),
        Box::new(Dense::random(12, 4, Activation::Softmax, Init::XavierUniform, &mut rng).unwrap()),
    ];
    let network = Sequential::from_layers(layers).unwrap();
    let graph = network.to_onnx().unwrap().graph.unwrap();
    let ops: Vec<&str> = graph.node.iter().map(|n| n.op_type()).collect();
    assert_eq!(
        ops,
        [
            "Conv",
            "Relu",
            "MaxPool",
            "BatchNormalization",
            "AveragePool",
            "Flatten",
            "Gemm",
            "Softmax"
        ]
    );
    let attribute = |node: usize, name: &str| {
        graph.node[node]
            .attribute
            .iter()
            .find(|a| a.name() == name)
            .unwrap_or_else(|| panic!("node {node} has no {name}"))
            .clone()
    };
    assert_eq!(attribute(0, "kernel_shape").ints, [3, 2]);
    assert_eq!(attribute(0, "strides").ints, [2, 1]);
    assert_eq!(attribute(0, "pads").ints, [1, 2, 1, 2]); // [top, left, bottom, right]
    assert_eq!(
        attribute(2, "auto_pad").s.as_deref(),
        Some(&b"SAME_UPPER"[..])
    );
    assert_eq!(attribute(3, "epsilon").f, Some(1e-5));
    assert_eq!(attribute(4, "count_include_pad").i, Some(1));
    assert_eq!(attribute(5, "axis").i, Some(1));
    assert_eq!(graph.initializer[0].dims, [3, 2, 3, 2]); // (out, in, kh, kw)
}

/// A convolution without biases is `Conv(X, W)`: ONNX's `B` is optional
/// ("Optional 1D bias to be added to the convolution", Operators.md), and no
/// bias initializer is written.
#[test]
fn a_convolution_without_bias_exports_conv_with_two_inputs() {
    use neuron::{Conv2d, Flatten, Layer, Sequential};
    let mut rng = rand::rngs::StdRng::seed_from_u64(4);
    let with = Conv2d::<f32>::random(1, 2, (3, 3), Init::KaimingUniform, &mut rng).unwrap();
    let without = Conv2d::<f32>::random(2, 3, (2, 2), Init::KaimingUniform, &mut rng)
        .unwrap()
        .without_bias()
        .with_activation(Activation::Relu)
        .unwrap();
    let layers: Vec<Box<dyn Layer<f32>>> =
        vec![Box::new(with), Box::new(without), Box::new(Flatten)];
    let graph = Sequential::from_layers(layers)
        .unwrap()
        .to_onnx()
        .unwrap()
        .graph
        .unwrap();
    let ops: Vec<&str> = graph.node.iter().map(|n| n.op_type()).collect();
    assert_eq!(ops, ["Conv", "Conv", "Relu", "Flatten"]);
    assert_eq!(
        graph.node[0].input,
        ["input", "layers.0.weights", "layers.0.bias"]
    );
    assert_eq!(graph.node[1].input, ["layers.0.output", "layers.1.weights"]);
    let initializers: Vec<(&str, &[i64])> = graph
        .initializer
        .iter()
        .map(|t| (t.name(), t.dims.as_slice()))
        .collect();
    assert_eq!(
        initializers,
        [
            ("layers.0.weights", &[2, 1, 3, 3][..]),
            ("layers.0.bias", &[2][..]),
            ("layers.1.weights", &[3, 2, 2, 2][..]),
        ]
    );
}

/// A pooling window smaller than its stride, with "same" padding: ONNX's
/// `SAME_UPPER` pads `(⌈n/s⌉ − 1)·s + k − n`, for a 1 × 1 window of stride 2
/// over 4 pixels (2 − 1)·2 + 1 − 4 = −1, and onnxruntime 1.2x refuses the
/// file ("padding values must be non-negative"). The export refuses it; a
/// window as large as its stride exports as before.
#[test]
fn a_same_pooling_with_a_window_smaller_than_its_stride_is_refused() {
    use neuron::{AvgPool2d, Flatten, Layer, MaxPool2d, Padding, Sequential};
    let network = |pool: Box<dyn Layer<f32>>| {
        Sequential::from_layers(vec![
            pool,
            Box::new(Flatten),
            Box::new(Dense::new(Array2::ones((8, 1)), array![0.0], Activation::Identity).unwrap()),
        ])
        .unwrap()
    };
    let small = |kernel| {
        MaxPool2d::new(kernel)
            .with_stride((2, 2))
            .with_padding(Padding::Same)
    };
    for pool in [
        Box::new(small((1, 1))) as Box<dyn Layer<f32>>,
        Box::new(small((2, 1))),
        Box::new(
            AvgPool2d::new((1, 1))
                .with_stride((2, 2))
                .with_padding(Padding::Same),
        ),
    ] {
        let err = network(pool).to_onnx().unwrap_err();
        assert!(
            matches!(&err, Error::ModelFile { problem: FileProblem::InvalidModel { field, .. }, .. } if field == "layers.0"),
            "{err}"
        );
        assert!(err.to_string().contains("same"), "{err}");
    }
    assert!(network(Box::new(small((2, 2)))).to_onnx().is_ok());
}
