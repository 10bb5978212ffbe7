//! Safetensors model files: bit-exact round trips, PyTorch's `nn.Linear` layout
//! read back with the safetensors crate itself, files written by Python, and a
//! typed error for every kind of broken file.
//!
//! Oracles: PyTorch's documentation of `nn.Linear` (`weight` has shape
//! `(out_features, in_features)` and `y = x Wᵀ + b`), the safetensors format
//! (8-byte little-endian header length, JSON header, data), and the
//! safetensors crate, which reads every file these tests write.
#![cfg(feature = "safetensors")]

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use neuron::prelude::*;

use crate::common;
use common::every_activation;
use neuron::{FileProblem, SafetensorsOptions};
use safetensors::{Dtype, SafeTensors};

/// A fresh folder under the system's temporary directory for one test.
fn folder(test: &str) -> PathBuf {
    common::folder("safetensors", test)
}

fn bits64(values: impl IntoIterator<Item = f64>) -> Vec<u64> {
    values.into_iter().map(f64::to_bits).collect()
}

/// The raw file: 8-byte little-endian header length, the header, the data.
fn file(header: &str, data: &[u8]) -> Vec<u8> {
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend_from_slice(header.as_bytes());
    bytes.extend_from_slice(data);
    bytes
}

/// Loads `bytes` as an f64 network with `activations`, returning the problem.
fn problem(test: &str, bytes: &[u8], activations: &[Activation]) -> FileProblem {
    let path = folder(test).join("model.safetensors");
    fs::write(&path, bytes).unwrap();
    match Network::<f64>::load_safetensors_with(&path, activations) {
        Err(Error::ModelFile {
            action: "load",
            problem,
            ..
        }) => problem,
        other => panic!("{test}: expected a model-file error, got {other:?}"),
    }
}

#[test]
fn round_trips_are_bit_exact_for_every_activation_f64_and_f32() {
    let dir = folder("round-trip");
    let network = every_activation::<f64>(1);
    let path = dir.join("f64.safetensors");
    network.save_safetensors(&path).unwrap();
    let back = Network::<f64>::load_safetensors(&path).unwrap();
    assert_eq!(back, network);
    for (a, b) in back.layers().iter().zip(network.layers()) {
        assert_eq!(
            bits64(a.weights().iter().copied()),
            bits64(b.weights().iter().copied())
        );
        assert_eq!(a.activation(), b.activation());
    }

    let network = every_activation::<f32>(2);
    let path = dir.join("f32.safetensors");
    network.save_safetensors(&path).unwrap();
    assert_eq!(Network::<f32>::load_safetensors(&path).unwrap(), network);

    // Values that trip up conversions: −0, subnormals, the extremes.
    let awkward = vec![
        -0.0,
        f64::from_bits(1),
        f64::MIN_POSITIVE / 3.0,
        f64::MAX,
        f64::MIN,
        0.1,
    ];
    let layer = Dense::new(
        Array2::from_shape_vec((3, 2), awkward.clone()).unwrap(),
        array![-0.0, f64::from_bits(7)],
        Activation::Identity,
    )
    .unwrap()
    .with_dropout(0.25)
    .unwrap();
    let path = dir.join("awkward.safetensors");
    layer.save_safetensors(&path).unwrap();
    let back = Dense::<f64>::load_safetensors(&path).unwrap();
    assert_eq!(bits64(back.weights().iter().copied()), bits64(awkward));
    assert_eq!(
        bits64(back.bias().iter().copied()),
        bits64([-0.0, f64::from_bits(7)])
    );
    assert_eq!(back.dropout(), 0.25);

    let neuron = Neuron::new(array![0.4_f32, -0.0, 0.2])
        .with_bias(f32::from_bits(1))
        .with_activation(Activation::Step);
    let path = dir.join("neuron.safetensors");
    neuron.save_safetensors(&path).unwrap();
    let back = Neuron::<f32>::load_safetensors(&path).unwrap();
    assert_eq!(back, neuron);
    assert_eq!(back.bias().to_bits(), 1);
}

#[test]
fn the_same_model_gives_the_same_bytes() {
    let dir = folder("deterministic");
    let network = every_activation::<f64>(3);
    let (a, b) = (dir.join("a.safetensors"), dir.join("b.safetensors"));
    network.save_safetensors(&a).unwrap();
    network.clone().save_safetensors(&b).unwrap();
    assert_eq!(fs::read(a).unwrap(), fs::read(b).unwrap());
}

#[test]
fn tensors_are_in_pytorchs_linear_layout() {
    // nn.Linear(in_features=2, out_features=3).weight has shape (3, 2): row j is
    // unit j's weights, the transpose of our (n_inputs, n_units) column j.
    let dir = folder("layout");
    let weights = array![[1.0_f32, 2.0, 3.0], [4.0, 5.0, 6.0]]; // (2 inputs, 3 units)
    let network = Network::from_layers(vec![
        Dense::new(weights, array![0.5, -0.5, 0.25], Activation::Tanh).unwrap(),
        Dense::new(
            array![[1.0], [0.0], [-1.0]],
            array![2.0],
            Activation::Sigmoid,
        )
        .unwrap(),
    ])
    .unwrap();
    let path = dir.join("layout.safetensors");
    network.save_safetensors(&path).unwrap();
    let bytes = fs::read(&path).unwrap();
    let tensors = SafeTensors::deserialize(&bytes).unwrap();
    let mut names = tensors.names();
    names.sort();
    assert_eq!(
        names,
        [
            "layers.0.bias",
            "layers.0.weight",
            "layers.1.bias",
            "layers.1.weight"
        ]
    );
    let weight = tensors.tensor("layers.0.weight").unwrap();
    assert_eq!(weight.dtype(), Dtype::F32);
    assert_eq!(weight.shape(), [3, 2]);
    let values: Vec<f32> = weight
        .data()
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
        .collect();
    assert_eq!(values, [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]); // W.T, row-major
    let bias = tensors.tensor("layers.0.bias").unwrap();
    assert_eq!(bias.shape(), [3]);
    assert_eq!(tensors.tensor("layers.1.weight").unwrap().shape(), [1, 3]);

    // The metadata: format, version and one activation per layer.
    let (_, header) = SafeTensors::read_metadata(&bytes).unwrap();
    let metadata = header.metadata().clone().unwrap();
    let expected: HashMap<String, String> = [
        ("format", "neuron"),
        ("version", "1"),
        ("activations", "tanh,sigmoid"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(metadata, expected);
}

/// Writes a state dict as `safetensors.torch.save_file(model.state_dict(), path)`
/// would for `nn.ModuleList([nn.Linear(2, 3), nn.Linear(3, 2)])` named `layers`:
/// no metadata, weights `(out, in)`.
fn pytorch_state_dict(path: &Path, dtype: Dtype) {
    let w0: [f64; 6] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]; // (3, 2)
    let b0: [f64; 3] = [0.0, -0.1, 0.2];
    let w1: [f64; 6] = [1.0, -1.0, 0.5, 0.25, 0.0, 2.0]; // (2, 3)
    let b1: [f64; 2] = [0.5, -0.5];
    let encode = |values: &[f64]| -> Vec<u8> {
        values
            .iter()
            .flat_map(|&v| match dtype {
                Dtype::F32 => (v as f32).to_le_bytes().to_vec(),
                _ => v.to_le_bytes().to_vec(),
            })
            .collect()
    };
    let data = [encode(&w0), encode(&b0), encode(&w1), encode(&b1)];
    let views = [
        ("layers.0.weight", vec![3, 2], &data[0]),
        ("layers.0.bias", vec![3], &data[1]),
        ("layers.1.weight", vec![2, 3], &data[2]),
        ("layers.1.bias", vec![2], &data[3]),
    ]
    .map(|(name, shape, bytes)| {
        (
            name,
            safetensors::tensor::TensorView::new(dtype, shape, bytes).unwrap(),
        )
    });
    fs::write(path, safetensors::serialize(views, None).unwrap()).unwrap();
}

#[test]
fn a_state_dict_from_python_loads_with_the_activations_given() {
    let dir = folder("python");
    let path = dir.join("torch.safetensors");
    pytorch_state_dict(&path, Dtype::F64);
    // Without activations: what is missing, and how to give it.
    let err = Network::<f64>::load_safetensors(&path).unwrap_err();
    assert!(
        matches!(&err, Error::ModelFile { problem: FileProblem::NotAModelFile { message }, .. }
            if message.contains("load_safetensors_with")),
        "{err}"
    );
    let acts = [Activation::Tanh, Activation::Softmax];
    let network = Network::<f64>::load_safetensors_with(&path, &acts).unwrap();
    assert_eq!(network.to_string(), "Network(2 → 3 → 2, tanh, softmax)");
    // Our layout is the transpose: weights[[i, j]] = weight[j][i].
    assert_eq!(
        network.layers()[0].weights(),
        &array![[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]
    );
    // NumPy: h = np.tanh(x @ W0.T + b0); z = h @ W1.T + b1; softmax(z)
    let x = array![[1.0, 2.0]];
    let h = array![[0.5_f64.tanh(), 1.0_f64.tanh(), 1.9_f64.tanh()]];
    let w1 = array![[1.0, -1.0, 0.5], [0.25, 0.0, 2.0]];
    let z = h.dot(&w1.t()) + array![0.5, -0.5];
    let e = z.mapv(f64::exp);
    let expected = &e / e.sum();
    let y = network.forward(&x).unwrap();
    approx::assert_abs_diff_eq!(y, expected, epsilon = 1e-15);

    // Too few activations, or too many: the count must be the file's.
    assert!(matches!(
        Network::<f64>::load_safetensors_with(&path, &[Activation::Tanh]),
        Err(Error::ModelFile { problem: FileProblem::InvalidModel { field, .. }, .. }) if field == "activations"
    ));
    assert!(matches!(
        Network::<f64>::load_safetensors_with(&path, &[Activation::Tanh; 3]),
        Err(Error::ModelFile { problem: FileProblem::MissingTensor { tensor }, .. }) if tensor == "layers.2.weight"
    ));
    // A float32 state dict (PyTorch's default dtype) into an f64 network.
    let path32 = dir.join("torch32.safetensors");
    pytorch_state_dict(&path32, Dtype::F32);
    let options = SafetensorsOptions::new()
        .activations(&acts)
        .converting(true);
    let widened = Network::<f64>::load_safetensors_options(&path32, &options).unwrap();
    assert_eq!(widened.layers()[0].weights()[[1, 0]], f64::from(0.2_f32));
}

#[test]
fn the_other_float_type_is_refused_naming_both_or_converted_when_asked() {
    let dir = folder("dtypes");
    let path = dir.join("f32.safetensors");
    let network = every_activation::<f32>(4);
    network.save_safetensors(&path).unwrap();
    let err = Network::<f64>::load_safetensors(&path).unwrap_err();
    assert!(
        matches!(&err, Error::ModelFile { problem: FileProblem::WrongDtype { found, expected, .. }, .. }
            if found == "F32 (f32)" && expected == "F64 (f64)"),
        "{err}"
    );
    let message = err.to_string();
    assert!(
        message.contains("F32 (f32)") && message.contains("F64 (f64)"),
        "{message}"
    );
    assert!(message.contains("load_safetensors_converting"), "{message}");

    // Converting widens every f32 exactly.
    let wide = Network::<f64>::load_safetensors_converting(&path).unwrap();
    for (a, b) in wide.layers().iter().zip(network.layers()) {
        assert_eq!(a.weights(), &b.weights().mapv(f64::from));
        assert_eq!(a.bias(), &b.bias().mapv(f64::from));
    }
    // And narrowing rounds to the nearest f32.
    let path64 = dir.join("f64.safetensors");
    Neuron::new(array![0.1_f64, 1.0 / 3.0])
        .save_safetensors(&path64)
        .unwrap();
    assert!(Neuron::<f32>::load_safetensors(&path64).is_err());
    let narrow = Neuron::<f32>::load_safetensors_converting(&path64).unwrap();
    assert_eq!(narrow.weights(), &array![0.1_f32, 1.0 / 3.0]);
    // A value too large for f32 is infinite after conversion: refused.
    Neuron::new(array![1e300_f64])
        .save_safetensors(&path64)
        .unwrap();
    let err = Neuron::<f32>::load_safetensors_converting(&path64).unwrap_err();
    assert!(err.to_string().contains("inf (as f32)"), "{err}");
}

#[test]
fn models_of_another_kind_are_named() {
    let dir = folder("kinds");
    let path = dir.join("network.safetensors");
    every_activation::<f64>(5).save_safetensors(&path).unwrap();
    assert!(matches!(
        Dense::<f64>::load_safetensors(&path),
        Err(Error::ModelFile {
            problem: FileProblem::WrongKind {
                expected: "layer",
                ..
            },
            ..
        })
    ));
    let layer = Dense::new(
        Array2::<f64>::ones((2, 3)),
        Array1::zeros(3),
        Activation::Relu,
    )
    .unwrap();
    layer.save_safetensors(&path).unwrap();
    let err = Neuron::<f64>::load_safetensors(&path).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("the file holds a layer of 3 units, not a neuron"),
        "{err}"
    );
    // A layer file is a one-layer network.
    assert_eq!(
        Network::<f64>::load_safetensors(&path).unwrap().layers()[0],
        layer
    );
}

#[test]
fn a_failed_save_keeps_the_old_file() {
    let dir = folder("atomic");
    let path = dir.join("model.safetensors");
    let good = Neuron::new(array![0.4, 0.7, 0.2]);
    good.save_safetensors(&path).unwrap();
    let before = fs::read(&path).unwrap();
    let bad = Neuron::new(array![0.4, f64::NAN, 0.2]);
    let err = bad.save_safetensors(&path).unwrap_err();
    assert!(
        matches!(&err, Error::ModelFile { action: "save", problem: FileProblem::InvalidModel { field, .. }, .. }
            if field == "layers.0.weight"),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), before);
    // A softmax over one unit would not load back: not written either.
    let one = Neuron::new(array![1.0]).with_activation(Activation::Softmax);
    assert!(one.save_safetensors(&path).is_err());
    assert_eq!(fs::read(&path).unwrap(), before);
    // A folder that does not exist: an I/O error, and no file left behind.
    let missing = dir.join("no-such-folder").join("model.safetensors");
    assert!(matches!(
        good.save_safetensors(&missing),
        Err(Error::Io { .. })
    ));
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("model.safetensors")]);
}

const TANH_SIGMOID: [Activation; 2] = [Activation::Tanh, Activation::Sigmoid];

/// A valid two-layer f64 file, 2 → 1 → 1, in the given tensor order.
fn two_layers(header_edit: impl Fn(&str) -> String, data_len: usize) -> Vec<u8> {
    let header = r#"{"layers.0.weight":{"dtype":"F64","shape":[1,2],"data_offsets":[0,16]},"layers.0.bias":{"dtype":"F64","shape":[1],"data_offsets":[16,24]},"layers.1.weight":{"dtype":"F64","shape":[1,1],"data_offsets":[24,32]},"layers.1.bias":{"dtype":"F64","shape":[1],"data_offsets":[32,40]}}"#;
    file(&header_edit(header), &vec![0; data_len])
}

#[test]
fn every_broken_file_gets_its_own_error() {
    let same = |h: &str| h.to_owned();
    // The crafted base loads: the edits below are what breaks it.
    let path = folder("base").join("ok.safetensors");
    fs::write(&path, two_layers(same, 40)).unwrap();
    assert!(Network::<f64>::load_safetensors_with(&path, &TANH_SIGMOID).is_ok());

    // A header length larger than the file.
    let mut long = two_layers(same, 40);
    long[..8].copy_from_slice(&10_000_u64.to_le_bytes());
    assert!(matches!(
        problem("long-header", &long, &TANH_SIGMOID),
        FileProblem::HeaderLength { claimed: 10_000, held } if held == long.len() as u64 - 8
    ));
    // An 8-byte header length of 2⁶³: refused from the first 8 bytes.
    let mut huge = two_layers(same, 40);
    huge[..8].copy_from_slice(&(1_u64 << 63).to_le_bytes());
    assert!(matches!(
        problem("2^63", &huge, &TANH_SIGMOID),
        FileProblem::HeaderLength { claimed, .. } if claimed == 1 << 63
    ));
    // A file cut short in its data, and one cut inside its 8-byte length.
    let full = two_layers(same, 40);
    assert_eq!(
        problem("truncated", &full[..full.len() - 3], &TANH_SIGMOID),
        FileProblem::DataLength {
            needed: 40,
            held: 37
        }
    );
    assert!(matches!(
        problem("cut-in-length", &full[..5], &TANH_SIGMOID),
        FileProblem::NotAModelFile { message } if message.contains("5 bytes long")
    ));
    assert_eq!(problem("empty", b"", &TANH_SIGMOID), FileProblem::Empty);
    // Bytes after the last tensor.
    assert_eq!(
        problem("trailing", &two_layers(same, 48), &TANH_SIGMOID),
        FileProblem::DataLength {
            needed: 40,
            held: 48
        }
    );
    // Overlapping offsets.
    let overlap = two_layers(|h| h.replace("[16,24]", "[8,16]"), 40);
    assert!(matches!(
        problem("overlap", &overlap, &TANH_SIGMOID),
        FileProblem::TensorOffsets { tensor, start: 8, end: 16, reason }
            if tensor == "layers.0.bias" && reason.contains("overlap `layers.0.weight`")
    ));
    // Offsets out of range: past the end of the data.
    let out_of_range = two_layers(|h| h.replace("[32,40]", "[4000,4008]"), 40);
    assert!(matches!(
        problem("out-of-range", &out_of_range, &TANH_SIGMOID),
        FileProblem::TensorOffsets { tensor, start: 4000, reason, .. }
            if tensor == "layers.1.bias" && reason.contains("unused")
    ));
    let past_the_end = two_layers(
        |h| {
            h.replace("[32,40]", "[32,48]").replace(
                r#""shape":[1],"data_offsets":[32"#,
                r#""shape":[2],"data_offsets":[32"#,
            )
        },
        40,
    );
    assert_eq!(
        problem("past-the-end", &past_the_end, &TANH_SIGMOID),
        FileProblem::DataLength {
            needed: 48,
            held: 40
        }
    );
    // Offsets that do not span the shape.
    let wrong_span = two_layers(|h| h.replace(r#""shape":[1,2]"#, r#""shape":[1,3]"#), 40);
    assert!(matches!(
        problem("span", &wrong_span, &TANH_SIGMOID),
        FileProblem::TensorOffsets { tensor, reason, .. }
            if tensor == "layers.0.weight" && reason == "span 16 bytes, but F64 values of shape [1, 3] take 24"
    ));
    // Unknown dtypes: one the safetensors crate knows, one nobody does.
    for dtype in ["F8_E4M3", "XX"] {
        let odd = two_layers(|h| h.replacen("F64", dtype, 1), 40);
        assert_eq!(
            problem(dtype, &odd, &TANH_SIGMOID),
            FileProblem::UnsupportedDtype {
                tensor: "layers.0.weight".to_owned(),
                dtype: dtype.to_owned()
            }
        );
    }
    // A missing tensor.
    let header = r#"{"layers.0.weight":{"dtype":"F64","shape":[1,2],"data_offsets":[0,16]},"layers.0.bias":{"dtype":"F64","shape":[1],"data_offsets":[16,24]},"layers.1.weight":{"dtype":"F64","shape":[1,1],"data_offsets":[24,32]}}"#;
    assert_eq!(
        problem("missing", &file(header, &[0; 32]), &TANH_SIGMOID),
        FileProblem::MissingTensor {
            tensor: "layers.1.bias".to_owned()
        }
    );
    // A layer chain that does not fit: layer 1 reads 2 inputs, layer 0 has 1 unit.
    let header = r#"{"layers.0.weight":{"dtype":"F64","shape":[1,2],"data_offsets":[0,16]},"layers.0.bias":{"dtype":"F64","shape":[1],"data_offsets":[16,24]},"layers.1.weight":{"dtype":"F64","shape":[1,2],"data_offsets":[24,40]},"layers.1.bias":{"dtype":"F64","shape":[1],"data_offsets":[40,48]}}"#;
    let chain = problem("chain", &file(header, &[0; 48]), &TANH_SIGMOID);
    assert_eq!(
        chain,
        FileProblem::LayerMismatch {
            layer: 1,
            found: 2,
            expected: 1
        }
    );
    assert_eq!(
        chain.to_string(),
        "layer 1 has 2 inputs (columns of layers.1.weight), but layer 0 has 1 units"
    );
    // A bias that does not fit its weight, a weight that is not a matrix.
    let bias = two_layers(
        |h| {
            h.replace(
                r#""shape":[1],"data_offsets":[16,24]"#,
                r#""shape":[1,1],"data_offsets":[16,24]"#,
            )
        },
        40,
    );
    assert!(matches!(
        problem("bias-shape", &bias, &TANH_SIGMOID),
        FileProblem::InvalidModel { field, .. } if field == "layers.0.bias"
    ));
    // A tensor that is no layer's.
    let extra = two_layers(|h| h.replace("layers.1.bias", "layers.1.scale"), 40);
    assert!(matches!(
        problem("extra", &extra, &TANH_SIGMOID),
        FileProblem::InvalidModel { field, .. } if field == "layers.1.scale"
    ));
    // NaN in the data.
    let mut nan = two_layers(same, 40);
    let at = nan.len() - 8;
    nan[at..].copy_from_slice(&f64::NAN.to_le_bytes());
    assert!(matches!(
        problem("nan", &nan, &TANH_SIGMOID),
        FileProblem::InvalidModel { field, reason } if field == "layers.1.bias" && reason.starts_with("holds NaN at [0]")
    ));
    // A header that is not JSON, or not UTF-8.
    assert!(matches!(
        problem("not-json", &file("{\"layers", &[]), &TANH_SIGMOID),
        FileProblem::NotAModelFile { message } if message.contains("not a JSON object")
    ));
    assert!(matches!(
        problem("not-utf8", &[&5_u64.to_le_bytes()[..], b"{\"\xff\"}"].concat(), &TANH_SIGMOID),
        FileProblem::NotAModelFile { message } if message.contains("UTF-8")
    ));
}

#[test]
fn neuron_metadata_is_checked() {
    let meta = |m: &str| {
        two_layers(
            |h| h.replacen('{', &format!("{{\"__metadata__\":{m},"), 1),
            40,
        )
    };
    let dir = folder("metadata");
    let path = dir.join("m.safetensors");
    let load = |bytes: Vec<u8>| {
        fs::write(&path, bytes).unwrap();
        Network::<f64>::load_safetensors(&path)
    };
    let ok = load(meta(
        r#"{"format":"neuron","version":"1","activations":"tanh,sigmoid"}"#,
    ))
    .unwrap();
    assert_eq!(ok.to_string(), "Network(2 → 1 → 1, tanh, sigmoid)");
    let problem_of = |result: Result<Network<f64>>| match result {
        Err(Error::ModelFile { problem, .. }) => problem,
        other => panic!("expected a model-file error, got {other:?}"),
    };
    assert_eq!(
        problem_of(load(meta(
            r#"{"format":"neuron","version":"2","activations":"tanh,sigmoid"}"#
        ))),
        FileProblem::UnsupportedVersion {
            found: 2,
            supported: 1
        }
    );
    assert!(matches!(
        problem_of(load(meta(r#"{"format":"neuron","version":"1","activations":"tanh,swish"}"#))),
        FileProblem::InvalidModel { field, reason } if field == "__metadata__.activations" && reason.contains("swish")
    ));
    assert!(matches!(
        problem_of(load(meta(
            r#"{"format":"neuron","version":"1","activations":"tanh"}"#
        ))),
        FileProblem::MissingTensor { .. } | FileProblem::InvalidModel { .. }
    ));
    assert!(matches!(
        problem_of(load(meta(r#"{"format":"pt"}"#))),
        FileProblem::NotAModelFile { message } if message.contains("`pt`")
    ));
    assert!(matches!(
        problem_of(load(meta(r#"{"format":5}"#))),
        FileProblem::NotAModelFile { .. }
    ));
    // Activations given that the file contradicts.
    fs::write(
        &path,
        meta(r#"{"format":"neuron","version":"1","activations":"tanh,sigmoid"}"#),
    )
    .unwrap();
    assert!(matches!(
        problem_of(Network::<f64>::load_safetensors_with(&path, &[Activation::Relu, Activation::Sigmoid])),
        FileProblem::InvalidModel { field, reason } if field == "__metadata__.activations" && reason == "names tanh,sigmoid, but relu,sigmoid were given"
    ));
}

#[test]
fn missing_files_and_folders_are_io_errors() {
    let dir = folder("io");
    assert!(matches!(
        Network::<f64>::load_safetensors(dir.join("none.safetensors")),
        Err(Error::Io { action: "read", .. })
    ));
    assert!(matches!(
        Network::<f64>::load_safetensors(&dir),
        Err(Error::ModelFile {
            problem: FileProblem::NotAModelFile { .. },
            ..
        })
    ));
}

#[cfg(unix)]
#[test]
fn endless_devices_are_refused_from_their_first_bytes() {
    // /dev/zero claims a header of 0 bytes: refused before more is read.
    let err = Network::<f64>::load_safetensors("/dev/zero").unwrap_err();
    assert!(
        matches!(&err, Error::ModelFile { problem: FileProblem::NotAModelFile { message }, .. }
            if message.contains("claims 0 bytes")),
        "{err}"
    );
}
