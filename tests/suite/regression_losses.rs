//! `Loss::MeanAbsoluteError` and `Loss::Huber` against PyTorch's `L1Loss` and
//! `HuberLoss` (oracle: scripts/oracles/torch_regression_losses.py →
//! tests/fixtures/torch_regression_losses.txt): values, gradients, and five
//! SGD steps of a network and of a neuron.

use neuron::ndarray::{Array2, array};
use neuron::prelude::*;
use neuron::{Error, Neuron};

use crate::common::sgd_oracle;

use sgd_oracle::{assert_close, parameters};

fn values(name: &str) -> Vec<f64> {
    sgd_oracle::line(
        include_str!("../fixtures/torch_regression_losses.txt"),
        name,
    )
}

fn matrix(name: &str) -> Array2<f64> {
    Array2::from_shape_vec((5, 2), values(name)).unwrap()
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
    let (x, t) = sgd_oracle::data();
    for (name, loss) in [
        ("l1", Loss::MeanAbsoluteError),
        ("huber03", Loss::Huber { delta: 0.3 }),
    ] {
        // The network of torch_sgd_step.py with an identity output.
        let mut network = sgd_oracle::network(Activation::Identity);
        GradientDescent::new()
            .learning_rate(0.5)
            .epochs(5)
            .fit(&mut network, &x, &t, loss)
            .unwrap();
        assert_close(
            &parameters(&network),
            &values(&format!("train.{name}")),
            name,
        );

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
