//! L1 and elastic-net penalties against PyTorch (oracle:
//! scripts/oracles/torch_l1.py → tests/fixtures/torch_l1.txt): the objective
//! and 5 full-batch steps of SGD and Adam on the 3-4-2 network of
//! torch_sgd_step.py; and the settings refused.

use neuron::prelude::*;

use crate::common::sgd_oracle;

use sgd_oracle::{assert_close, data, network, parameters};

fn values(name: &str) -> Vec<f64> {
    sgd_oracle::line(include_str!("../fixtures/torch_l1.txt"), name)
}

#[test]
fn l1_and_elastic_net_training_equals_pytorch() {
    let (x, t) = data();
    let cases = [
        ("sgd_l1", 0.01, 0.0, Optimizer::sgd(), 0.5),
        ("sgd_elastic", 0.01, 0.02, Optimizer::sgd(), 0.5),
        ("adam_elastic", 0.02, 0.01, Optimizer::adam(), 0.05),
    ];
    for (name, l1, l2, optimizer, learning_rate) in cases {
        let settings = GradientDescent::new()
            .l1(l1)
            .l2(l2)
            .optimizer(optimizer)
            .learning_rate(learning_rate)
            .epochs(5);
        let start = network(Activation::Sigmoid);
        let objective = settings
            .objective(&start, x.view(), t.view(), Loss::BinaryCrossEntropy)
            .unwrap();
        assert_close(&[objective], &values(&format!("objective.{name}")), name);
        let mut trained = start.clone();
        settings
            .fit(&mut trained, &x, &t, Loss::BinaryCrossEntropy)
            .unwrap();
        assert_close(
            &parameters(&trained),
            &values(&format!("train.{name}")),
            name,
        );
    }
}

#[test]
fn a_weight_at_zero_feels_no_pull_from_l1() {
    // sign(0) = 0, as autograd takes |w| at 0: a neuron whose data give no
    // gradient (inputs all 0) keeps a zero weight and shrinks the others by
    // exactly η·λ₁ a step.
    let x = array![[0.0, 0.0], [0.0, 0.0]];
    let t = array![0.0, 1.0];
    let mut neuron = Neuron::new(array![0.0_f64, 0.5]);
    GradientDescent::new()
        .l1(0.1)
        .learning_rate(0.5)
        .epochs(3)
        .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    assert_eq!(neuron.weights()[0], 0.0);
    // 0.5 − 3·(0.5·0.1) = 0.35, the bias unpenalised (its gradient is 0 here:
    // σ(0) = 0.5 is the mean target).
    assert!((neuron.weights()[1] - 0.35).abs() < 1e-15);
    assert_eq!(neuron.bias(), 0.0);
}

#[test]
fn an_l1_penalty_that_cannot_be_is_refused() {
    let (x, t) = data();
    let mut model = network(Activation::Sigmoid);
    for bad in [-0.1, f64::NAN, f64::INFINITY] {
        let err = GradientDescent::new()
            .l1(bad)
            .fit(&mut model, &x, &t, Loss::BinaryCrossEntropy)
            .unwrap_err();
        assert!(
            matches!(err, neuron::Error::InvalidSetting { name: "l1", .. }),
            "{err}"
        );
    }
}
