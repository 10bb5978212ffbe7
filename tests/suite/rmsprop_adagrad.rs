//! RMSprop and Adagrad against PyTorch: ten full-batch steps of every variant
//! (plain, momentum, centered, centered with momentum; Adagrad), with and
//! without L2, on a small tanh network with a sigmoid or a softmax output;
//! then their settings, names and text.
//!
//! Oracle: `scripts/oracles/torch_rmsprop_adagrad.py` (PyTorch 2.15, float64),
//! which wrote `tests/fixtures/torch_rmsprop_adagrad.txt`: for every case the
//! parameters after 10 steps and the loss before each. The data, the targets
//! and the initial weights are those of `tests/fixtures/torch_optimizers.txt`
//! (written by `scripts/oracles/torch_optimizers.py`), which the oracle checks
//! and does not repeat.

use crate::common;

use common::torch::{self, Items, matrix, network, vector};
use neuron::prelude::*;

const DATA: &str = include_str!("../fixtures/torch_optimizers.txt");
const FIXTURE: &str = include_str!("../fixtures/torch_rmsprop_adagrad.txt");

/// The items of both fixtures by key: the data and initial weights, then the results.
fn fixture() -> Items {
    torch::items(&[DATA, FIXTURE])
}

/// The oracle's optimiser and learning rate for each name (its `OPTIMISERS`).
fn optimizer(name: &str) -> (Optimizer, f64) {
    match name {
        // RMSprop(lr=0.01)
        "rmsprop" => (Optimizer::rmsprop().into(), 0.01),
        // RMSprop(lr=0.01, momentum=0.9)
        "rmsprop_momentum" => (Optimizer::rmsprop().momentum(0.9).into(), 0.01),
        // RMSprop(lr=0.01, centered=True)
        "rmsprop_centered" => (Optimizer::rmsprop().centered(true).into(), 0.01),
        // RMSprop(lr=0.01, alpha=0.9, eps=1e-6, momentum=0.5, centered=True)
        "rmsprop_centered_momentum" => (
            Optimizer::rmsprop()
                .alpha(0.9)
                .epsilon(1e-6)
                .momentum(0.5)
                .centered(true)
                .into(),
            0.01,
        ),
        // Adagrad(lr=0.1)
        "adagrad" => (Optimizer::adagrad(), 0.1),
        _ => unreachable!(),
    }
}

#[test]
fn ten_full_batch_steps_equal_pytorch_for_rmsprop_and_adagrad() {
    let items = fixture();
    let x = matrix(&items, "X");
    let mut cases = 0;
    let mut worst: f64 = 0.0;
    for output in ["sigmoid", "softmax"] {
        let (targets, loss) = if output == "softmax" {
            (matrix(&items, "T_softmax"), Loss::CrossEntropy)
        } else {
            (matrix(&items, "T_sigmoid"), Loss::BinaryCrossEntropy)
        };
        for name in [
            "rmsprop",
            "rmsprop_momentum",
            "rmsprop_centered",
            "rmsprop_centered_momentum",
            "adagrad",
        ] {
            for l2 in [0.0, 0.05] {
                let case = format!("{output}.{name}.l2={l2:?}");
                let (rule, learning_rate) = optimizer(name);
                let mut model = network(&items, output);
                let settings = GradientDescent::new()
                    .optimizer(rule)
                    .learning_rate(learning_rate)
                    .l2(l2)
                    .epochs(10);
                let history = settings.fit(&mut model, &x, &targets, loss).unwrap();

                let layers = model.layers();
                let got = [
                    layers[0].weights().clone(),
                    layers[0].bias().clone().insert_axis(Axis(0)),
                    layers[1].weights().clone(),
                    layers[1].bias().clone().insert_axis(Axis(0)),
                ];
                for (parameter, got) in ["W0", "b0", "W1", "b1"].iter().zip(&got) {
                    let expected = matrix(&items, &format!("{case}.{parameter}"));
                    assert_eq!(got.dim(), expected.dim(), "{case}.{parameter}");
                    for (g, e) in got.iter().zip(&expected) {
                        worst = worst.max((g - e).abs());
                        assert!(
                            (g - e).abs() <= 1e-12,
                            "{case}.{parameter}: {g} against PyTorch's {e}"
                        );
                    }
                }
                // PyTorch's losses are those before each step: the objective at
                // the initial weights, then the history's after steps 1 to 9.
                let losses = vector(&items, &format!("{case}.loss"));
                assert_eq!(history.loss().len(), 10, "{case}");
                let first = settings
                    .objective(&network(&items, output), x.view(), targets.view(), loss)
                    .unwrap();
                let got_losses = std::iter::once(&first).chain(history.loss());
                for (step, (got, expected)) in got_losses.zip(&losses).enumerate() {
                    worst = worst.max((got - expected).abs());
                    assert!(
                        (got - expected).abs() <= 1e-12,
                        "{case}: loss before step {}: {got} against {expected}",
                        step + 1
                    );
                }
                cases += 1;
            }
        }
    }
    assert_eq!(cases, 20);
    eprintln!("max |neuron − torch| over the 20 cases: {worst:e}");
}

#[test]
fn rmsprop_and_adagrad_settings_out_of_range_are_errors() {
    let x = array![[1.0]];
    let t = array![1.0];
    let fit = |optimizer: Optimizer| {
        let mut neuron = Neuron::new(array![0.0]);
        let err = GradientDescent::new()
            .optimizer(optimizer)
            .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)
            .unwrap_err();
        assert_eq!(neuron, Neuron::new(array![0.0]), "changed despite {err}");
        err.to_string()
    };
    let rmsprop = || Optimizer::from(Optimizer::rmsprop());
    for (optimizer, message) in [
        (rmsprop().alpha(1.0), "alpha is 1, but it must be in [0, 1)"),
        (
            rmsprop().alpha(-0.5),
            "alpha is -0.5, but it must be in [0, 1)",
        ),
        (
            rmsprop().alpha(f64::NAN),
            "alpha is NaN, but it must be in [0, 1)",
        ),
        (
            rmsprop().with_momentum(1.0),
            "momentum is 1, but it must be in [0, 1)",
        ),
        (
            rmsprop().epsilon(0.0),
            "epsilon is 0, but it must be finite and > 0",
        ),
        (
            rmsprop().epsilon(f64::INFINITY),
            "epsilon is inf, but it must be finite and > 0",
        ),
        (
            Optimizer::adagrad().epsilon(-1e-10),
            "epsilon is -0.0000000001, but it must be finite and > 0",
        ),
        (
            Optimizer::adagrad().lr_decay(-0.1),
            "lr_decay is -0.1, but it must be finite and ≥ 0",
        ),
        (
            Optimizer::adagrad().initial_accumulator_value(f64::NAN),
            "initial_accumulator_value is NaN, but it must be finite and ≥ 0",
        ),
    ] {
        assert_eq!(fit(optimizer), message);
    }
    // ε = 1e-60 is fine in f64 but 0 in f32.
    let mut neuron = Neuron::new(array![0.0_f32]);
    let err = GradientDescent::new()
        .optimizer(Optimizer::adagrad().epsilon(1e-60))
        .fit(
            &mut neuron,
            &x.mapv(|v| v as f32),
            &t.mapv(|v| v as f32),
            Loss::BinaryCrossEntropy,
        )
        .unwrap_err();
    assert!(err.to_string().starts_with("epsilon is"), "{err}");
    assert!(
        Optimizer::rmsprop()
            .epsilon(1e-60)
            .check_in::<f32>()
            .is_err()
    );
    assert!(
        Optimizer::rmsprop()
            .epsilon(1e-60)
            .check_in::<f64>()
            .is_ok()
    );
}

#[test]
fn rmsprop_and_adagrad_have_pytorch_defaults_names_and_text() {
    let rmsprop = Optimizer::rmsprop();
    assert_eq!(rmsprop.name(), "rmsprop");
    // torch.optim.RMSprop: alpha=0.99, eps=1e-08, momentum=0, centered=False.
    assert_eq!(rmsprop.to_string(), "RMSprop(α 0.99, ε 1e-8)");
    assert_eq!(
        Optimizer::rmsprop()
            .alpha(0.9)
            .momentum(0.5)
            .centered(true)
            .epsilon(1e-6)
            .to_string(),
        "RMSprop(α 0.9, momentum 0.5, centered, ε 1e-6)"
    );
    let adagrad = Optimizer::adagrad();
    assert_eq!(adagrad.name(), "adagrad");
    // torch.optim.Adagrad: lr_decay=0, initial_accumulator_value=0, eps=1e-10.
    assert_eq!(adagrad.to_string(), "Adagrad(ε 1e-10)");
    assert_eq!(
        adagrad
            .lr_decay(0.01)
            .initial_accumulator_value(0.1)
            .to_string(),
        "Adagrad(lr_decay 0.01, initial_accumulator_value 0.1, ε 1e-10)"
    );
    // A builder method of one rule leaves another unchanged; with_momentum
    // gives SGD its momentum.
    assert_eq!(
        Optimizer::adam().alpha(0.5).centered(true),
        Optimizer::adam()
    );
    assert_eq!(
        Optimizer::from(Optimizer::rmsprop()).lr_decay(0.5),
        Optimizer::rmsprop()
    );
    // RMSprop's momentum is the same setting as with_momentum on its optimiser.
    assert_eq!(
        Optimizer::rmsprop().momentum(0.5),
        Optimizer::from(Optimizer::rmsprop()).with_momentum(0.5)
    );
    assert_eq!(
        Optimizer::adagrad().with_momentum(0.5),
        Optimizer::adagrad()
    );
    assert_eq!(
        Optimizer::sgd().with_momentum(0.9),
        Optimizer::momentum(0.9)
    );
    assert_eq!(
        Optimizer::nesterov(0.5).with_momentum(0.9),
        Optimizer::nesterov(0.9)
    );
    assert_ne!(Optimizer::rmsprop().centered(true), Optimizer::rmsprop());
}

#[test]
fn adagrad_decay_and_initial_sum_follow_pytorch_formulas() {
    // torch.optim.Adagrad(lr=η, lr_decay=d, initial_accumulator_value=s₀) on
    // one parameter with gradient g: step t uses clr = η / (1 + (t − 1)·d) and
    // s ← s + g², w ← w − clr·g / (√s + ε). Two steps by hand, with the
    // gradient of the neuron's loss at each step.
    let (eta, d, s0, eps) = (0.1, 0.5, 0.25, 1e-10);
    let mut optimizer = Optimizer::adagrad()
        .lr_decay(d)
        .initial_accumulator_value(s0);
    let mut neuron = Neuron::new(array![0.5]).with_bias(0.0);
    let (x, t) = (array![[1.0]], array![[0.0]]);
    let (mut w, mut s) = (0.5, s0);
    for step in 1..=2 {
        let (_, gradient) = neuron
            .loss_and_gradient(x.view(), t.view(), Loss::MeanSquaredError)
            .unwrap();
        let g = gradient[0][[0]];
        let clr = eta / (1.0 + (step - 1) as f64 * d);
        s += g * g;
        w -= clr * g / (s.sqrt() + eps);
        optimizer.step(&mut neuron, &gradient, eta, 0.0).unwrap();
        assert_eq!(neuron.weights()[0], w, "step {step}");
    }
    assert_eq!(optimizer.steps(), 2);
}

#[test]
fn rmsprop_state_is_refused_for_other_parameters_and_works_in_f32() {
    let mut optimizer = Optimizer::rmsprop().centered(true);
    let t = array![[1.0_f32]];
    let mut small = Neuron::new(array![0.1_f32, 0.2]);
    let x = array![[1.0_f32, 2.0]];
    let (_, g) = small
        .loss_and_gradient(x.view(), t.view(), Loss::MeanSquaredError)
        .unwrap();
    optimizer.step(&mut small, &g, 0.01, 0.0).unwrap();
    assert!(small.weights()[0] > 0.1, "{}", small.weights());
    let mut other = Neuron::new(array![0.1_f32, 0.2, 0.3]);
    let x3 = array![[1.0_f32, 2.0, 3.0]];
    let (_, g3) = other
        .loss_and_gradient(x3.view(), t.view(), Loss::MeanSquaredError)
        .unwrap();
    let err = optimizer.step(&mut other, &g3, 0.01, 0.0).unwrap_err();
    assert!(matches!(err, Error::ShapeMismatch { .. }), "{err}");
    // A clone carries the state on: the same next step as the original.
    let mut twin = optimizer.clone();
    let mut small_twin = small.clone();
    optimizer.step(&mut small, &g, 0.01, 0.0).unwrap();
    twin.step(&mut small_twin, &g, 0.01, 0.0).unwrap();
    assert_eq!(small, small_twin);
    assert_eq!(twin.steps(), 2);
    optimizer.reset();
    optimizer.step(&mut other, &g3, 0.01, 0.0).unwrap();
    assert_eq!(optimizer.steps(), 1);
}

#[cfg(feature = "serde")]
#[test]
fn rmsprop_and_adagrad_serialise_by_name() {
    let settings = GradientDescent::new()
        .optimizer(Optimizer::rmsprop().alpha(0.9).momentum(0.5).centered(true));
    let json = serde_json::to_string(&settings.optimizer).unwrap();
    assert_eq!(
        json,
        r#"{"rule":{"rmsprop":{"alpha":0.9,"momentum":0.5,"centered":true}},"beta1":0.9,"beta2":0.999,"epsilon":1e-8}"#
    );
    let back: GradientDescent =
        serde_json::from_str(&serde_json::to_string(&settings).unwrap()).unwrap();
    assert_eq!(back, settings);
    let adagrad = Optimizer::adagrad().lr_decay(0.01);
    let json = serde_json::to_string(&adagrad).unwrap();
    assert_eq!(
        json,
        r#"{"rule":{"adagrad":{"lr_decay":0.01,"initial_accumulator_value":0.0}},"beta1":0.9,"beta2":0.999,"epsilon":1e-10}"#
    );
    assert_eq!(serde_json::from_str::<Optimizer>(&json).unwrap(), adagrad);
    // The rules that were there before keep their form.
    let old =
        r#"{"rule":{"adam_w":{"weight_decay":0.01}},"beta1":0.9,"beta2":0.999,"epsilon":1e-8}"#;
    assert_eq!(
        serde_json::from_str::<Optimizer>(old).unwrap(),
        Optimizer::adamw(0.01)
    );
    assert_eq!(serde_json::to_string(&Optimizer::adamw(0.01)).unwrap(), old);
}
