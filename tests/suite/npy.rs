//! NumPy interop: .npy files written by NumPy load here and compute NumPy's outputs.
//!
//! Oracle: scripts/oracles/npy_fixtures.py, which wrote tests/fixtures/npy/ and
//! printed NumPy's forward pass `1 / (1 + np.exp(-(np.tanh(X @ W0 + b0) @ W1 + b1)))`.
#![cfg(feature = "npy")]

use std::path::{Path, PathBuf};

use approx::assert_abs_diff_eq;
use neuron::prelude::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/npy")
}

const ACTIVATIONS: [Activation; 2] = [Activation::Tanh, Activation::Sigmoid];

#[test]
fn a_network_saved_by_numpy_computes_numpys_outputs() {
    let network = Network::<f64>::read_npy_dir(fixtures(), &ACTIVATIONS).unwrap();
    assert_eq!(network.to_string(), "Network(2 → 3 → 1, tanh, sigmoid)");
    let x = array![[0.5, 0.3], [-1.0, 2.0], [0.0, 0.0]];
    let y = network.forward(&x).unwrap();
    let numpy = array![0.5318462590542105, 0.4766391119683346, 0.4543387235374316];
    assert_abs_diff_eq!(y.column(0), numpy.view(), epsilon = 1e-15);
}

#[test]
fn float32_files_load_as_f32() {
    let dir = fixtures();
    let layer = Dense::<f32>::read_npy(
        dir.join("f32_layer0_weights.npy"),
        dir.join("f32_layer0_bias.npy"),
        Activation::Tanh,
    )
    .unwrap();
    let layer64 = Dense::<f64>::read_npy(
        dir.join("layer0_weights.npy"),
        dir.join("layer0_bias.npy"),
        Activation::Tanh,
    )
    .unwrap();
    assert_eq!(layer.weights(), &layer64.weights().mapv(|w| w as f32));
    // The dtype must match: float32 files are not silently widened.
    let err = Dense::<f64>::read_npy(
        dir.join("f32_layer0_weights.npy"),
        dir.join("f32_layer0_bias.npy"),
        Activation::Tanh,
    )
    .unwrap_err();
    assert!(matches!(err, Error::Npy { action: "read", .. }), "{err}");
}

#[test]
fn a_neuron_with_a_0d_bias() {
    let dir = fixtures();
    let neuron = Neuron::<f64>::read_npy(
        dir.join("neuron_weights.npy"),
        dir.join("neuron_bias.npy"),
        Activation::Sigmoid,
    )
    .unwrap();
    assert_eq!(neuron, Neuron::new(array![0.4, 0.7, 0.2]).with_bias(0.1));
}

#[test]
fn bad_files_are_named_errors() {
    let dir = fixtures();
    let err = Neuron::<f64>::read_npy(
        dir.join("nan_weights.npy"),
        dir.join("neuron_bias.npy"),
        Activation::Sigmoid,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .ends_with("weights at index [1] is NaN; weights must be finite"),
        "{err}"
    );
    // A matrix where a vector belongs.
    let err = Dense::<f64>::read_npy(
        dir.join("layer0_weights.npy"),
        dir.join("layer0_weights.npy"),
        Activation::Tanh,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("bias must have 1 dimension(s), but the file holds shape [2, 3]"),
        "{err}"
    );
    // A vector as a neuron's bias.
    let err = Neuron::<f64>::read_npy(
        dir.join("neuron_weights.npy"),
        dir.join("neuron_weights.npy"),
        Activation::Sigmoid,
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("a neuron's bias is one number"),
        "{err}"
    );
    // A third layer whose files are not there, and a file that is not NumPy's.
    let err =
        Network::<f64>::read_npy_dir(dir, &[Activation::Tanh, Activation::Tanh, Activation::Tanh])
            .unwrap_err();
    assert!(matches!(err, Error::Npy { .. }), "{err}");
    let garbage = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("garbage-{}.npy", std::process::id()));
    std::fs::write(&garbage, b"not a numpy file").unwrap();
    let err = Neuron::<f64>::read_npy(&garbage, &garbage, Activation::Sigmoid).unwrap_err();
    assert!(matches!(err, Error::Npy { .. }), "{err}");
}

#[test]
fn written_files_read_back_exactly() {
    let folder = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("neuron-npy-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let mut rng = StdRng::seed_from_u64(8);
    let network: Network<f32> =
        Network::random(&[4, 3, 2], Activation::Relu, Init::HeNormal, &mut rng).unwrap();
    network.write_npy_dir(&folder).unwrap();
    let back =
        Network::<f32>::read_npy_dir(&folder, &[Activation::Relu, Activation::Relu]).unwrap();
    assert_eq!(back, network);
    std::fs::remove_dir_all(&folder).unwrap();
}

#[test]
fn fuzz_findings_stay_fixed() {
    // A header whose length field claims ~2³² bytes: once an attempt to allocate
    // 4 GB (found by scripts/fuzz, read_npy target); now a plain error.
    let path = fixtures().join("fuzz/oom-huge-header-length.npy");
    let err = Dense::<f64>::read_npy(&path, &path, Activation::Tanh).unwrap_err();
    assert!(err.to_string().contains("the header claims"), "{err}");
    // A shape far larger than the data that follows.
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let big = dir.join(format!("big-shape-{}.npy", std::process::id()));
    let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
    let header =
        b"{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }          \n";
    bytes.extend_from_slice(&(header.len() as u16).to_le_bytes());
    bytes.extend_from_slice(header);
    bytes.extend_from_slice(&[0; 16]);
    std::fs::write(&big, &bytes).unwrap();
    let err = Neuron::<f64>::read_npy(&big, &big, Activation::Sigmoid).unwrap_err();
    assert!(
        err.to_string()
            .contains("needs 8000000000000 bytes of data, but the file holds 16"),
        "{err}"
    );
    std::fs::remove_file(&big).ok();
}

#[test]
fn a_neuron_from_numpy_files_is_checked_as_any_models() {
    // The same checks as a model file's: a softmax needs a layer of at least
    // 2 units, and a neuron at least one weight.
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("neuron-npy-checks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (w, b) = (dir.join("w.npy"), dir.join("b.npy"));
    Neuron::new(array![0.4, 0.7]).write_npy(&w, &b).unwrap();
    let err = Neuron::<f64>::read_npy(&w, &b, Activation::Softmax).unwrap_err();
    assert_eq!(
        err,
        Error::SoftmaxUnits {
            model: "neuron",
            units: 1
        }
    );
    Neuron::new(Array1::<f64>::zeros(0))
        .write_npy(&w, &b)
        .unwrap();
    let err = Neuron::<f64>::read_npy(&w, &b, Activation::Sigmoid).unwrap_err();
    assert!(
        matches!(
            err,
            Error::EmptyModel {
                model: "neuron",
                ..
            }
        ),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
