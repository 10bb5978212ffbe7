//! Saving and loading models: bit-exact round trips, atomic writes, and a typed
//! error for every kind of broken file.
#![cfg(feature = "serde")]

use std::fs;
use std::path::PathBuf;

use neuron::prelude::*;
use neuron::{FORMAT_VERSION, FileProblem};

/// A fresh folder under the system's temporary directory for one test.
fn folder(test: &str) -> PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("neuron-persist-{}-{test}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Values that trip up float printing and parsing.
fn awkward_f64() -> Vec<f64> {
    vec![
        0.0,
        -0.0,
        f64::MIN_POSITIVE,
        f64::MIN_POSITIVE / 3.0, // subnormal
        f64::from_bits(1),       // the smallest subnormal
        f64::MAX,
        f64::MIN,
        f64::EPSILON,
        0.1,
        1.0 / 3.0,
        -123456.789e-300,
    ]
}

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

#[test]
fn neuron_round_trip_is_bit_exact_f64() {
    let dir = folder("neuron64");
    let weights = Array1::from(awkward_f64());
    let neuron = Neuron::new(weights)
        .with_bias(-0.0)
        .with_activation(Activation::Tanh);
    let path = dir.join("neuron.json");
    neuron.save(&path).unwrap();
    let back = Neuron::<f64>::load(&path).unwrap();
    assert_eq!(
        bits(back.weights().as_slice().unwrap()),
        bits(&awkward_f64())
    );
    assert_eq!(back.bias().to_bits(), (-0.0_f64).to_bits());
    assert_eq!(back.activation(), Activation::Tanh);
}

#[test]
fn round_trips_are_bit_exact_f32() {
    let dir = folder("f32");
    let values: Vec<f32> = vec![
        0.0,
        -0.0,
        f32::MIN_POSITIVE,
        f32::from_bits(1),
        f32::from_bits(0x007f_ffff), // the largest subnormal
        f32::MAX,
        f32::MIN,
        0.1,
        16_777_217.0,
        std::f32::consts::PI,
    ];
    let layer = Dense::new(
        Array2::from_shape_vec((5, 2), values.clone()).unwrap(),
        array![f32::from_bits(3), -1.0e-38],
        Activation::Relu,
    )
    .unwrap();
    let path = dir.join("layer.json");
    layer.save(&path).unwrap();
    let back = Dense::<f32>::load(&path).unwrap();
    let got: Vec<u32> = back.weights().iter().map(|v| v.to_bits()).collect();
    let want: Vec<u32> = values.iter().map(|v| v.to_bits()).collect();
    assert_eq!(got, want);
    assert_eq!(back.bias()[0].to_bits(), 3);
    assert_eq!(back, layer);
}

#[test]
fn network_round_trip_and_the_documented_format() {
    let dir = folder("network");
    let mut rng = StdRng::seed_from_u64(5);
    let network: Network<f64> =
        Network::random(&[3, 4, 2], Activation::Sigmoid, Init::HeNormal, &mut rng).unwrap();
    let path = dir.join("net.json");
    network.save(&path).unwrap();
    assert_eq!(Network::<f64>::load(&path).unwrap(), network);

    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(json["format"], "neuron");
    assert_eq!(json["version"], FORMAT_VERSION);
    assert_eq!(json["kind"], "network");
    assert_eq!(json["float"], "f64");
    let first = &json["model"]["layers"][0];
    assert_eq!(first["activation"], "sigmoid");
    assert_eq!(first["weights"].as_array().unwrap().len(), 3); // n_inputs rows
    assert_eq!(first["weights"][0].as_array().unwrap().len(), 4); // of n_units
    assert_eq!(
        first["weights"][1][2],
        network.layers()[0].weights()[[1, 2]]
    );
}

#[test]
fn a_failed_save_keeps_the_old_file() {
    let dir = folder("atomic");
    let path = dir.join("model.json");
    let good = Neuron::new(array![0.4, 0.7, 0.2]);
    good.save(&path).unwrap();
    let before = fs::read(&path).unwrap();

    // A model with NaN is refused before anything is written.
    let bad = Neuron::new(array![0.4, f64::NAN, 0.2]);
    let err = bad.save(&path).unwrap_err();
    assert_eq!(
        err,
        Error::ModelFile {
            action: "save",
            path: path.display().to_string(),
            problem: FileProblem::InvalidModel {
                field: "model.weights[1]".to_owned(),
                reason: "is NaN, but weights must be finite".to_owned()
            }
        }
    );
    assert_eq!(fs::read(&path).unwrap(), before);

    // A folder that does not exist: an I/O error, and nothing left behind.
    let missing = dir.join("no-such-folder").join("model.json");
    assert!(matches!(good.save(&missing), Err(Error::Io { .. })));
    // No temporary files were left in the folder.
    let names: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("model.json")]);

    // Overwriting with a good model replaces the file.
    let other = Neuron::new(array![1.0, 2.0, 3.0]);
    other.save(&path).unwrap();
    assert_eq!(Neuron::<f64>::load(&path).unwrap(), other);
}

/// Writes `text` to a file and loads it as an f64 network, returning the problem.
fn problem_loading(test: &str, text: &str) -> FileProblem {
    let path = folder(test).join("model.json");
    fs::write(&path, text).unwrap();
    match Network::<f64>::load(&path) {
        Err(Error::ModelFile {
            action: "load",
            problem,
            ..
        }) => problem,
        other => panic!("{test}: expected a model-file error, got {other:?}"),
    }
}

const GOOD: &str = r#"{
  "format": "neuron",
  "version": 1,
  "kind": "network",
  "float": "f64",
  "model": {
    "layers": [
      { "weights": [[0.1, 0.2], [0.3, 0.4]], "bias": [0.0, 0.5], "activation": "tanh" },
      { "weights": [[1.0], [-1.0]], "bias": [0.25], "activation": "sigmoid" }
    ]
  }
}"#;

#[test]
fn the_hand_written_file_loads() {
    let path = folder("good").join("model.json");
    fs::write(&path, GOOD).unwrap();
    let network = Network::<f64>::load(&path).unwrap();
    assert_eq!(network.to_string(), "Network(2 → 2 → 1, tanh, sigmoid)");
    assert_eq!(
        network.layers()[0].weights(),
        &array![[0.1, 0.2], [0.3, 0.4]]
    );
}

#[test]
fn every_broken_file_gets_its_own_error() {
    assert_eq!(problem_loading("empty", ""), FileProblem::Empty);
    assert_eq!(problem_loading("blank", " \n\t\n"), FileProblem::Empty);
    let truncated = problem_loading("truncated", &GOOD[..GOOD.len() / 2]);
    assert!(
        matches!(truncated, FileProblem::Truncated { .. }),
        "{truncated:?}"
    );
    assert!(matches!(
        problem_loading(
            "corrupt",
            &GOOD.replace("\"version\": 1,", "\"version\": 1,,")
        ),
        FileProblem::Corrupt { line: 3, .. }
    ));
    // Refused from its first bytes, before the rest is read (issue 15).
    assert_eq!(
        problem_loading("binary", "\u{0}\u{1}garbage"),
        FileProblem::NotAModelFile {
            message: "it does not start with `{`".to_owned()
        }
    );
    assert!(matches!(
        problem_loading("other json", r#"{"name": "something else"}"#),
        FileProblem::NotAModelFile { .. }
    ));
    assert!(matches!(
        problem_loading(
            "other format",
            &GOOD.replace("\"format\": \"neuron\"", "\"format\": \"keras\"")
        ),
        FileProblem::NotAModelFile { .. }
    ));
    assert_eq!(
        problem_loading("version", &GOOD.replace("\"version\": 1", "\"version\": 2")),
        FileProblem::UnsupportedVersion {
            found: 2,
            supported: 1
        }
    );
    assert_eq!(
        problem_loading(
            "kind",
            &GOOD.replace("\"kind\": \"network\"", "\"kind\": \"dense\"")
        ),
        FileProblem::WrongKind {
            found: "dense".to_owned(),
            expected: "network"
        }
    );
    assert_eq!(
        problem_loading(
            "float",
            &GOOD.replace("\"float\": \"f64\"", "\"float\": \"f32\"")
        ),
        FileProblem::WrongFloat {
            found: "f32".to_owned(),
            expected: "f64"
        }
    );
    // Wrong type: a string where a weight belongs, named by its path.
    let FileProblem::InvalidModel { field, reason } = problem_loading(
        "type",
        &GOOD.replace("[[1.0], [-1.0]]", "[[1.0], [\"heavy\"]]"),
    ) else {
        panic!("expected an invalid model")
    };
    assert_eq!(field, "model.layers[1].weights[1][0]");
    assert!(
        reason.starts_with("invalid type: string \"heavy\", expected f64"),
        "{reason}"
    );
    // Wrong shapes: a ragged weight matrix, a short bias, layers that do not chain.
    assert_eq!(
        problem_loading(
            "ragged",
            &GOOD.replace("[[0.1, 0.2], [0.3, 0.4]]", "[[0.1, 0.2], [0.3]]")
        ),
        FileProblem::InvalidModel {
            field: "model.layers[0].weights[1]".to_owned(),
            reason: "has 1 entries, but the bias has 2 (one weight per unit)".to_owned()
        }
    );
    assert_eq!(
        problem_loading(
            "chain",
            &GOOD.replace("[[1.0], [-1.0]]", "[[1.0], [-1.0], [2.0]]")
        ),
        FileProblem::InvalidModel {
            field: "model.layers[1].weights".to_owned(),
            reason: "has 3 rows (inputs), but layers[0] has 2 units".to_owned()
        }
    );
    assert_eq!(
        problem_loading(
            "no layers",
            &GOOD.replace(
                GOOD.split("\"layers\": ")
                    .nth(1)
                    .unwrap()
                    .trim_end_matches("\n}")
                    .trim_end_matches("\n  }"),
                "[]"
            )
        ),
        FileProblem::InvalidModel {
            field: "model.layers".to_owned(),
            reason: "is empty, but a network needs at least one layer".to_owned()
        }
    );
    // NaN cannot be written in JSON; null in its place is named.
    let FileProblem::InvalidModel { field, .. } = problem_loading(
        "null",
        &GOOD.replace("\"bias\": [0.25]", "\"bias\": [null]"),
    ) else {
        panic!("expected an invalid model")
    };
    assert_eq!(field, "model.layers[1].bias[0]");
    // Overflowing numbers are refused rather than read as infinity.
    assert!(matches!(
        problem_loading("overflow", &GOOD.replace("0.25", "1e999")),
        FileProblem::Corrupt { .. } | FileProblem::InvalidModel { .. }
    ));
    // Unknown fields in the model are refused: they mean a different layout.
    let FileProblem::InvalidModel { field, .. } = problem_loading(
        "unknown field",
        &GOOD.replace(
            "\"activation\": \"tanh\"",
            "\"activation\": \"tanh\", \"spin\": 0.5",
        ),
    ) else {
        panic!("expected an invalid model")
    };
    assert_eq!(field, "model.layers[0].spin");
    let FileProblem::InvalidModel { field, reason } = problem_loading(
        "unknown activation",
        &GOOD.replace("\"activation\": \"tanh\"", "\"activation\": \"swish\""),
    ) else {
        panic!("expected an invalid model")
    };
    assert_eq!(field, "model.layers[0].activation");
    assert!(reason.contains("swish"), "{reason}");
    // A softmax over the one-unit output layer is refused where it is written.
    let FileProblem::InvalidModel { field, reason } = problem_loading(
        "softmax over one unit",
        &GOOD.replace("\"activation\": \"sigmoid\"", "\"activation\": \"softmax\""),
    ) else {
        panic!("expected an invalid model")
    };
    assert_eq!(field, "model.layers[1].activation");
    assert!(
        reason.contains("needs at least 2, but the layer has 1"),
        "{reason}"
    );
    // A dropout rate outside [0, 1) is refused too.
    let FileProblem::InvalidModel { field, .. } = problem_loading(
        "dropout of one",
        &GOOD.replace(
            "\"activation\": \"tanh\"",
            "\"activation\": \"tanh\", \"dropout\": 1.0",
        ),
    ) else {
        panic!("expected an invalid model")
    };
    assert_eq!(field, "model.layers[0].dropout");
}

#[test]
fn missing_files_are_io_errors() {
    let path = folder("missing").join("nothing-here.json");
    let err = Neuron::<f64>::load(&path).unwrap_err();
    assert!(matches!(err, Error::Io { action: "read", .. }));
    assert!(
        err.to_string()
            .starts_with(&format!("cannot read {}", path.display()))
    );
}

#[test]
fn settings_and_history_serialise() {
    let settings = GradientDescent::new()
        .learning_rate(0.5)
        .epochs(7)
        .batch_size(3)
        .l2(0.01)
        .seed(9);
    let json = serde_json::to_string(&settings).unwrap();
    let back: GradientDescent = serde_json::from_str(&json).unwrap();
    assert_eq!(back, settings);
    // Missing fields take their defaults.
    let partial: GradientDescent = serde_json::from_str(r#"{"epochs": 3}"#).unwrap();
    assert_eq!(partial, GradientDescent::new().epochs(3));

    let x = array![[0.0], [1.0]];
    let t = array![0.0, 1.0];
    let mut neuron = Neuron::new(array![0.0]);
    let history = settings
        .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    let back: History<f64> =
        serde_json::from_str(&serde_json::to_string(&history).unwrap()).unwrap();
    assert_eq!(back, history);

    for activation in Activation::ALL {
        let json = serde_json::to_string(&activation).unwrap();
        assert_eq!(json, format!("\"{activation}\""));
    }
    let loss: Loss = serde_json::from_str("\"binary_cross_entropy\"").unwrap();
    assert_eq!(loss, Loss::BinaryCrossEntropy);
    let init: Init = serde_json::from_str(r#"{"uniform": {"low": -1.0, "high": 1.0}}"#).unwrap();
    assert_eq!(
        init,
        Init::Uniform {
            low: -1.0,
            high: 1.0
        }
    );
    let perceptron = Perceptron::new().epochs(4);
    let back: Perceptron =
        serde_json::from_str(&serde_json::to_string(&perceptron).unwrap()).unwrap();
    assert_eq!(back, perceptron);
}

#[test]
fn serde_deserialisation_validates_too() {
    // Through any serde format, not only the files: no half-built layers.
    let err = serde_json::from_str::<Dense<f64>>(
        r#"{"weights": [[1.0, 2.0]], "bias": [0.0], "activation": "relu"}"#,
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("weights[0] has 2 entries, but the bias has 1"),
        "{err}"
    );
    let neuron: Neuron<f32> =
        serde_json::from_str(r#"{"weights": [0.5], "bias": 1.0, "activation": "step"}"#).unwrap();
    assert_eq!(
        neuron,
        Neuron::new(array![0.5_f32])
            .with_bias(1.0)
            .with_activation(Activation::Step)
    );
}

#[test]
fn a_file_cut_anywhere_is_reported_as_truncated() {
    let path = folder("every-cut").join("model.json");
    for cut in 1..GOOD.len() {
        let prefix = &GOOD[..cut];
        if prefix.trim().is_empty() {
            continue;
        }
        fs::write(&path, prefix).unwrap();
        match Network::<f64>::load(&path) {
            Err(Error::ModelFile {
                problem: FileProblem::Truncated { .. },
                ..
            }) => {}
            other => panic!("cut at byte {cut} ({prefix:?}): {other:?}"),
        }
    }
}
