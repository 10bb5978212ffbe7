//! `Loss::MeanAbsoluteError` and `Loss::Huber` against PyTorch's `L1Loss` and
//! `HuberLoss` (oracle: scripts/oracles/torch_regression_losses.py →
//! tests/fixtures/torch_regression_losses.txt): values, gradients, and five
//! SGD steps of a network and of a neuron.

use neuron::ndarray::{Array2, array};
use neuron::prelude::*;
use neuron::{Error, Neuron};

fn values(name: &str) -> Vec<f64> {
    let line = include_str!("fixtures/torch_regression_losses.txt")
        .lines()
        .find(|line| line.split_whitespace().next() == Some(name))
        .unwrap_or_else(|| panic!("no line {name}"));
    line.split_whitespace()
        .skip(1)
        .map(|v| v.parse().unwrap())
        .collect()
}

fn matrix(name: &str) -> Array2<f64> {
    Array2::from_shape_vec((5, 2), values(name)).unwrap()
}

fn assert_close(ours: &[f64], torch: &[f64], what: &str) {
    assert_eq!(ours.len(), torch.len(), "{what}");
    for (i, (a, b)) in ours.iter().zip(torch).enumerate() {
        assert!(
            (a - b).abs() <= 1e-12 * b.abs().max(1.0),
            "{what}[{i}]: {a} against PyTorch's {b}"
        );
    }
}

const CASES: [(&str, Loss); 3] = [
    ("l1", Loss::MeanAbsoluteError),
    ("huber1", Loss::Huber { delta: 1.0 }),
    ("huber03", Loss::Huber { delta: 0.3 }),
];

#[test]
fn values_and_gradients_equal_pytorch() {
    let (y, t) = (matrix("y"), matrix("t"));
    for (name, loss) in CASES {
        let value = loss.value(&y, &t).unwrap();
        assert_close(&[value], &values(&format!("values.{name}")), name);
        let gradient = loss.gradient(&y, &t).unwrap();
        assert_close(
            gradient.as_slice().unwrap(),
            &values(&format!("grad.{name}")),
            name,
        );
        // From net inputs with an identity output: the same value, and δ = ∂L/∂y.
        let from_h = loss
            .value_from_net_input(&y, &t, Activation::Identity)
            .unwrap();
        assert_close(&[from_h], &[value], name);
        let delta = loss.delta(&y, &t, Activation::Identity).unwrap();
        assert_close(
            delta.as_slice().unwrap(),
            gradient.as_slice().unwrap(),
            name,
        );
    }
}

#[test]
fn training_with_them_equals_pytorch() {
    let x = array![
        [0.5, 0.3, 0.2],
        [-1.0, 0.4, 0.9],
        [0.0, 0.0, 0.0],
        [1.5, -0.7, 0.2],
        [0.3, 0.3, -0.8]
    ];
    let t = array![[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [1.0, 1.0], [0.0, 0.0]];
    for (name, loss) in [
        ("l1", Loss::MeanAbsoluteError),
        ("huber03", Loss::Huber { delta: 0.3 }),
    ] {
        let w1 = array![
            [0.1, -0.2, 0.3],
            [-0.4, 0.5, -0.6],
            [0.7, 0.8, -0.9],
            [0.05, -0.15, 0.25]
        ];
        let w2 = array![[0.2, -0.3, 0.4, -0.5], [-0.6, 0.7, 0.1, 0.3]];
        let mut network = Network::from_layers(vec![
            Dense::new(
                w1.t().to_owned(),
                array![0.01, -0.02, 0.03, -0.04],
                Activation::Tanh,
            )
            .unwrap(),
            Dense::new(w2.t().to_owned(), array![0.05, -0.05], Activation::Identity).unwrap(),
        ])
        .unwrap();
        GradientDescent::new()
            .learning_rate(0.5)
            .epochs(5)
            .fit(&mut network, &x, &t, loss)
            .unwrap();
        let ours: Vec<f64> = network
            .layers()
            .iter()
            .flat_map(|l| {
                l.weights()
                    .iter()
                    .chain(l.bias().iter())
                    .copied()
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_close(&ours, &values(&format!("train.{name}")), name);

        let mut neuron = Neuron::new(array![0.4, 0.7, 0.2]).with_activation(Activation::Identity);
        let targets = array![1.0, 0.0, 0.5, 2.0, -1.0];
        GradientDescent::new()
            .learning_rate(0.1)
            .epochs(5)
            .fit(&mut neuron, &x, &targets, loss)
            .unwrap();
        let mut ours = neuron.weights().to_vec();
        ours.push(neuron.bias());
        assert_close(&ours, &values(&format!("neuron.{name}")), name);
    }
}

#[test]
fn huber_refuses_a_delta_that_is_not_positive() {
    let y = array![1.0, 2.0];
    for delta in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert!(
            matches!(
                Loss::Huber { delta }.value(&y, &y),
                Err(Error::InvalidSetting { name: "delta", .. })
            ),
            "{delta}"
        );
    }
    // Regression losses take targets of any size, and refuse a softmax output.
    assert!(
        Loss::MeanAbsoluteError
            .value(&array![5.0], &array![-7.0])
            .is_ok()
    );
    assert!(matches!(
        Loss::Huber { delta: 1.0 }.delta(
            &array![[0.0, 1.0]],
            &array![[0.0, 1.0]],
            Activation::Softmax
        ),
        Err(Error::SoftmaxLoss { .. })
    ));
    assert_eq!(Loss::Huber { delta: 1.0 }, Loss::Huber { delta: 1.0 });
    assert_ne!(Loss::Huber { delta: 1.0 }, Loss::Huber { delta: 2.0 });
    assert_ne!(Loss::MeanAbsoluteError, Loss::MeanSquaredError);
}
