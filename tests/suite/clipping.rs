//! Gradient clipping against PyTorch's `clip_grad_norm_` and `clip_grad_value_`
//! (oracle: scripts/oracles/torch_clipping.py → tests/fixtures/torch_clipping.txt):
//! the clipped gradient of one batch, and five clipped SGD steps with an L2
//! penalty, on the 3-4-2 network of `torch_sgd_step.py`.

use neuron::ndarray::ArrayD;
use neuron::prelude::*;
use neuron::{Clip, Error, Workspace, clip_grad_norm, clip_grad_value};

use crate::common::sgd_oracle;

use sgd_oracle::{assert_close, data, parameters};

/// The values on the fixture's line `name`.
fn values(name: &str) -> Vec<f64> {
    sgd_oracle::line(include_str!("../fixtures/torch_clipping.txt"), name)
}

/// The network of torch_sgd_step.py, with its sigmoid output.
fn network() -> Network<f64> {
    sgd_oracle::network(Activation::Sigmoid)
}

fn flat(arrays: &[ArrayD<f64>]) -> Vec<f64> {
    arrays.iter().flat_map(|a| a.iter().copied()).collect()
}

fn first_gradient() -> Vec<ArrayD<f64>> {
    let (x, t) = data();
    let mut workspace = Workspace::new();
    network()
        .loss_and_gradient_in(
            x.view(),
            t.view(),
            Loss::MeanSquaredError,
            None,
            &mut workspace,
        )
        .unwrap();
    let gradient = workspace.gradient().to_vec();
    assert_close(&flat(&gradient), &values("gradient"), "the gradient");
    gradient
}

#[test]
fn clipping_one_gradient_equals_pytorch() {
    let mut gradient = first_gradient();
    let total = clip_grad_norm(&mut gradient, 0.05).unwrap();
    assert_close(&[total], &values("norm.total"), "the total norm");
    assert_close(
        &flat(&gradient),
        &values("norm.clipped"),
        "clipped to norm 0.05",
    );

    let mut gradient = first_gradient();
    clip_grad_value(&mut gradient, 0.02).unwrap();
    assert_close(
        &flat(&gradient),
        &values("value.clipped"),
        "clipped to ±0.02",
    );

    // A gradient inside the bound is left as it was (multiplied by 1).
    let mut gradient = first_gradient();
    let before = gradient.clone();
    clip_grad_norm(&mut gradient, 10.0).unwrap();
    assert_eq!(gradient, before);
}

#[test]
fn training_with_clipping_equals_pytorch() {
    let (x, t) = data();
    for (name, settings) in [
        ("train_norm.weights", GradientDescent::new().clip_norm(0.05)),
        (
            "train_value.weights",
            GradientDescent::new().clip_value(0.02),
        ),
    ] {
        let mut network = network();
        settings
            .learning_rate(0.5)
            .l2(0.01)
            .epochs(5)
            .fit(&mut network, &x, &t, Loss::MeanSquaredError)
            .unwrap();
        assert_close(&parameters(&network), &values(name), name);
    }
}

#[test]
fn clipping_refuses_bounds_that_are_not_positive() {
    let (x, t) = data();
    for (clip, name, value) in [
        (Clip::Norm(0.0), "clip_norm", 0.0),
        (Clip::Norm(-1.0), "clip_norm", -1.0),
        (Clip::Value(f64::INFINITY), "clip_value", f64::INFINITY),
    ] {
        let mut settings = GradientDescent::new().epochs(2);
        settings.clip = Some(clip);
        let mut model = network();
        let before = model.clone();
        match settings.fit(&mut model, &x, &t, Loss::MeanSquaredError) {
            Err(Error::InvalidSetting {
                name: n, value: v, ..
            }) => {
                assert_eq!((n, v), (name, value));
                assert_eq!(model, before);
            }
            other => panic!("{clip}: expected InvalidSetting, got {other:?}"),
        }
    }
    let mut gradient = first_gradient();
    assert!(matches!(
        clip_grad_value(&mut gradient, f64::NAN),
        Err(Error::InvalidSetting {
            name: "clip_value",
            ..
        })
    ));
}
