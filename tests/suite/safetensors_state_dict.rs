//! PyTorch state dicts of dense models as PyTorch names their tensors: an
//! `nn.Sequential`'s `0.weight`, `2.weight` (gaps where the activations are),
//! a bias-free `nn.Linear`, an `nn.Sequential` inside a module (`net.0.weight`)
//! and modules named by hand (`hidden.weight`) load with
//! `SafetensorsOptions::sequential`, `prefix` and `layer_keys`, and give
//! PyTorch's outputs; every mapping that does not fit the file is a typed
//! error naming the tensor.
//!
//! Oracle: `scripts/oracles/torch_sequential_state_dict.py` (torch 2.15.0,
//! seed 20261206) saved four models' `state_dict()` with
//! `safetensors.torch.save_file` as `tests/fixtures/torch_sequential.safetensors`,
//! `torch_sequential_nobias`, `torch_wrapped` and `torch_named`, and wrote
//! the inputs and each model's eval-mode outputs to
//! `tests/fixtures/torch_state_dicts.txt`.
#![cfg(feature = "safetensors")]

use crate::common;

use std::fs;
use std::path::PathBuf;

use approx::assert_abs_diff_eq;
use neuron::prelude::*;
use neuron::{FileProblem, SafetensorsOptions};
use safetensors::Dtype;

use Activation::{Identity, Relu, Sigmoid, Softmax, Tanh};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format!("{name}.safetensors"))
}

/// The oracle's inputs and the outputs of model `name` (`torch_sequential`).
fn oracle(name: &str) -> (Array2<f64>, Array2<f64>) {
    let items = common::torch::items(&[include_str!("../fixtures/torch_state_dicts.txt")]);
    (
        common::torch::matrix(&items, "X"),
        common::torch::matrix(&items, &format!("{name}.Y")),
    )
}

fn problem<T: std::fmt::Debug>(result: neuron::Result<T>) -> FileProblem {
    match result {
        Err(Error::ModelFile {
            action: "load",
            problem,
            ..
        }) => problem,
        other => panic!("expected a model-file error, got {other:?}"),
    }
}

/// A state dict written as `safetensors.torch.save_file` writes one: no
/// metadata; `(name, shape)` of float64 tensors holding 0.1, 0.2, … on from
/// one tensor to the next, or of `num_batches_tracked` an I64 scalar.
fn state_dict(test: &str, tensors: &[(&str, &[usize])]) -> PathBuf {
    let mut next = 0_u32;
    let data: Vec<Vec<u8>> = tensors
        .iter()
        .map(|(name, shape)| {
            if name.ends_with("num_batches_tracked") {
                return 0_i64.to_le_bytes().to_vec();
            }
            let n: usize = shape.iter().product();
            (0..n)
                .flat_map(|_| {
                    next += 1;
                    (f64::from(next) / 10.0).to_le_bytes()
                })
                .collect()
        })
        .collect();
    let views = tensors.iter().zip(&data).map(|((name, shape), bytes)| {
        let dtype = if name.ends_with("num_batches_tracked") {
            Dtype::I64
        } else {
            Dtype::F64
        };
        (
            *name,
            safetensors::tensor::TensorView::new(dtype, shape.to_vec(), bytes).unwrap(),
        )
    });
    let path = common::folder("state-dict", test).join("model.safetensors");
    fs::write(&path, safetensors::serialize(views, None).unwrap()).unwrap();
    path
}

#[test]
fn an_nn_sequential_state_dict_gives_pytorchs_outputs() {
    let (x, expected) = oracle("torch_sequential");
    let path = fixture("torch_sequential");
    // nn.Sequential(Linear(4, 16), ReLU(), Linear(16, 3), Softmax(dim=1)):
    // 0.weight, 0.bias, 2.weight, 2.bias; the activations are named here.
    let options = SafetensorsOptions::new()
        .sequential()
        .activations(&[Relu, Softmax]);
    let network = Network::<f64>::load_safetensors_options(&path, &options).unwrap();
    assert_eq!(network.to_string(), "Network(4 → 16 → 3, relu, softmax)");
    assert_abs_diff_eq!(network.forward(&x).unwrap(), expected, epsilon = 1e-12);
    // The file has no metadata and only `{i}.…` tensors: read as an
    // nn.Sequential without asking.
    let same = Network::<f64>::load_safetensors_with(&path, &[Relu, Softmax]).unwrap();
    assert_eq!(same, network);
    // A prefix (of none here) and the keys by hand read the same.
    let by_keys = SafetensorsOptions::new()
        .layer_keys(&["0", "2"])
        .activations(&[Relu, Softmax]);
    assert_eq!(
        Network::<f64>::load_safetensors_options(&path, &by_keys).unwrap(),
        network
    );
    // Saved by the crate, it is neuron's own file, read as it always was.
    let dir = common::folder("state-dict", "resave");
    network
        .save_safetensors(dir.join("back.safetensors"))
        .unwrap();
    assert_eq!(
        Network::<f64>::load_safetensors(dir.join("back.safetensors")).unwrap(),
        network
    );
}

#[test]
fn a_linear_without_bias_loads_with_zero_biases() {
    let (x, expected) = oracle("torch_sequential_nobias");
    let path = fixture("torch_sequential_nobias");
    // nn.Sequential(Linear(4, 8, bias=False), Tanh(), Dropout(0.1), Linear(8, 3)),
    // float32: 0.weight, 3.weight, 3.bias; nothing follows the last Linear.
    let options = SafetensorsOptions::new()
        .sequential()
        .activations(&[Tanh, Identity]);
    let network = Network::<f32>::load_safetensors_options(&path, &options).unwrap();
    assert!(network.layers()[0].bias().iter().all(|&b| b == 0.0));
    assert_eq!(network.layers()[1].bias().len(), 3);
    let y = network.forward(&x.mapv(|v| v as f32)).unwrap();
    assert_abs_diff_eq!(y.mapv(f64::from), expected, epsilon = 1e-6);
    // In f64, converted: the same network, to float32's precision.
    let wide = Network::<f64>::load_safetensors_options(&path, &options.converting(true)).unwrap();
    assert_abs_diff_eq!(wide.forward(&x).unwrap(), expected, epsilon = 1e-6);
}

#[test]
fn an_nn_sequential_inside_a_module_loads_with_its_prefix() {
    let (x, expected) = oracle("torch_wrapped");
    let path = fixture("torch_wrapped");
    // self.net = nn.Sequential(Linear(4, 6), ReLU, Linear(6, 5), ReLU, Linear(5, 2));
    // forward: softmax(self.net(x)).
    let activations = [Relu, Relu, Softmax];
    let options = SafetensorsOptions::new()
        .prefix("net.")
        .sequential()
        .activations(&activations);
    let network = Network::<f64>::load_safetensors_options(&path, &options).unwrap();
    assert_eq!(
        network.to_string(),
        "Network(4 → 6 → 5 → 2, relu, relu, softmax)"
    );
    assert_abs_diff_eq!(network.forward(&x).unwrap(), expected, epsilon = 1e-12);
    // "net" is "net.", and under the prefix the file is read as an
    // nn.Sequential without asking.
    let short = SafetensorsOptions::new()
        .prefix("net")
        .activations(&activations);
    assert_eq!(
        Network::<f64>::load_safetensors_options(&path, &short).unwrap(),
        network
    );
    // Without the prefix: the error says how to load it.
    let found = problem(Network::<f64>::load_safetensors_with(&path, &activations));
    assert!(
        matches!(&found, FileProblem::InvalidModel { field, reason }
            if field.starts_with("net.") && reason.contains(r#"SafetensorsOptions::new().prefix("net.").sequential()"#)),
        "{found}"
    );
}

#[test]
fn named_modules_load_by_their_keys() {
    let (x, expected) = oracle("torch_named");
    let path = fixture("torch_named");
    // self.hidden = Linear(4, 5), self.out = Linear(5, 1);
    // forward: sigmoid(out(tanh(hidden(x)))).
    let options = SafetensorsOptions::new()
        .layer_keys(&["hidden", "out"])
        .activations(&[Tanh, Sigmoid]);
    let network = Network::<f64>::load_safetensors_options(&path, &options).unwrap();
    assert_abs_diff_eq!(network.forward(&x).unwrap(), expected, epsilon = 1e-12);
    // The keys as Strings do as well.
    let keys = vec!["hidden".to_owned(), "out".to_owned()];
    let owned = SafetensorsOptions::new()
        .layer_keys(&keys)
        .activations(&[Tanh, Sigmoid]);
    assert_eq!(owned.given_layer_keys(), Some(&keys[..]));
    assert_eq!(
        Network::<f64>::load_safetensors_options(&path, &owned).unwrap(),
        network
    );
}

#[test]
fn keys_that_do_not_fit_the_file_are_named() {
    let named = fixture("torch_named");
    let load = |keys: &[&str], activations: &[Activation]| {
        let options = SafetensorsOptions::new()
            .layer_keys(keys)
            .activations(activations);
        problem(Network::<f64>::load_safetensors_options(&named, &options))
    };
    // A key the file does not have.
    assert_eq!(
        load(&["hidden", "output"], &[Tanh, Sigmoid]),
        FileProblem::MissingTensor {
            tensor: "output.weight".to_owned()
        }
    );
    // Tensors no key reads: all of them named, and the keys read.
    let unread = load(&["hidden"], &[Tanh]);
    assert_eq!(
        unread,
        FileProblem::UnreadTensors {
            tensors: vec!["out.bias".to_owned(), "out.weight".to_owned()],
            layers: vec!["hidden".to_owned()],
        }
    );
    assert_eq!(
        unread.to_string(),
        "the file's tensors `out.bias`, `out.weight` are read by none of its layers, `hidden` (a layer reads {key}.weight and {key}.bias)"
    );
    // Layers that do not chain: the tensor and both shapes.
    assert_eq!(
        load(&["out", "hidden"], &[Sigmoid, Tanh]),
        FileProblem::TensorShape {
            tensor: "hidden.weight".to_owned(),
            found: vec![5, 4],
            expected: vec![5, 1],
        }
    );
    // A key twice, none at all, or activations that do not count the layers.
    assert!(matches!(
        load(&["hidden", "hidden"], &[Tanh, Tanh]),
        FileProblem::InvalidModel { field, reason } if field == "layer_keys" && reason.contains("`hidden` twice")
    ));
    assert!(matches!(
        load(&[], &[Tanh]),
        FileProblem::InvalidModel { field, .. } if field == "layer_keys"
    ));
    assert!(matches!(
        load(&["hidden", "out"], &[Tanh, Sigmoid, Sigmoid]),
        FileProblem::InvalidModel { field, reason }
            if field == "activations" && reason.ends_with("the file holds 2 layers of nn.Linear (`hidden`, `out`)")
    ));
    // A prefix that no tensor has leaves them all unread.
    let wrapped = SafetensorsOptions::new()
        .prefix("model.")
        .sequential()
        .activations(&[Relu]);
    let found = problem(Network::<f64>::load_safetensors_options(
        fixture("torch_wrapped"),
        &wrapped,
    ));
    assert!(
        matches!(&found, FileProblem::UnreadTensors { tensors, layers } if tensors.len() == 6 && layers.is_empty()),
        "{found}"
    );
}

#[test]
fn a_sequential_with_other_modules_is_refused_naming_their_tensors() {
    // nn.Sequential(Linear(2, 3), BatchNorm1d(3), ReLU(), Linear(3, 1)).
    let path = state_dict(
        "batch-norm",
        &[
            ("0.weight", &[3, 2]),
            ("0.bias", &[3]),
            ("1.weight", &[3]),
            ("1.bias", &[3]),
            ("1.running_mean", &[3]),
            ("1.running_var", &[3]),
            ("1.num_batches_tracked", &[]),
            ("3.weight", &[1, 3]),
            ("3.bias", &[1]),
        ],
    );
    let found = problem(Network::<f64>::load_safetensors_with(
        &path,
        &[Relu, Sigmoid],
    ));
    assert_eq!(
        found,
        FileProblem::UnreadTensors {
            tensors: vec![
                "1.num_batches_tracked".to_owned(),
                "1.running_mean".to_owned(),
                "1.running_var".to_owned()
            ],
            layers: vec!["0".to_owned(), "1".to_owned(), "3".to_owned()],
        }
    );
    // nn.Sequential(Linear(2, 3), LayerNorm(3), Linear(3, 1)): a weight that
    // is not a matrix.
    let path = state_dict(
        "layer-norm",
        &[
            ("0.weight", &[3, 2]),
            ("0.bias", &[3]),
            ("1.weight", &[3]),
            ("1.bias", &[3]),
            ("2.weight", &[1, 3]),
            ("2.bias", &[1]),
        ],
    );
    let found = problem(Network::<f64>::load_safetensors_with(&path, &[Relu; 3]));
    assert!(
        matches!(&found, FileProblem::InvalidModel { field, reason } if field == "1.weight" && reason.contains("nn.Linear")),
        "{found}"
    );
    // A bias without its weight, a bias of the wrong length.
    let path = state_dict(
        "no-weight",
        &[("0.weight", &[3, 2]), ("0.bias", &[3]), ("2.bias", &[1])],
    );
    assert_eq!(
        problem(Network::<f64>::load_safetensors_with(&path, &[Relu, Relu])),
        FileProblem::MissingTensor {
            tensor: "2.weight".to_owned()
        }
    );
    let path = state_dict("bias-shape", &[("0.weight", &[3, 2]), ("0.bias", &[2])]);
    assert_eq!(
        problem(Network::<f64>::load_safetensors_with(&path, &[Relu])),
        FileProblem::TensorShape {
            tensor: "0.bias".to_owned(),
            found: vec![2],
            expected: vec![3],
        }
    );
    // The other float type, named by the tensor, unless converting.
    let options = SafetensorsOptions::new()
        .sequential()
        .activations(&[Tanh, Identity]);
    assert!(matches!(
        problem(Network::<f64>::load_safetensors_options(fixture("torch_sequential_nobias"), &options)),
        FileProblem::WrongDtype { tensor, .. } if tensor == "0.weight"
    ));
    // Three layers asked for as one.
    assert!(matches!(
        problem(Dense::<f64>::load_safetensors_options(
            fixture("torch_wrapped"),
            &SafetensorsOptions::new()
                .prefix("net.")
                .activations(&[Relu]),
        )),
        FileProblem::WrongKind {
            expected: "layer",
            ..
        }
    ));
}

#[test]
fn a_one_layer_state_dict_is_a_layer_or_a_neuron() {
    // nn.Sequential(nn.Linear(2, 1)), as a neuron and as a layer.
    let path = state_dict("one", &[("0.weight", &[1, 2]), ("0.bias", &[1])]);
    let options = SafetensorsOptions::new().activations(&[Sigmoid]);
    let neuron = Neuron::<f64>::load_safetensors_options(&path, &options).unwrap();
    assert_eq!(neuron.weights(), &array![0.1, 0.2]);
    assert_eq!(neuron.bias(), 0.3);
    let layer = Dense::<f64>::load_safetensors_options(&path, &options).unwrap();
    assert_eq!(layer.weights(), &array![[0.1], [0.2]]);
}
