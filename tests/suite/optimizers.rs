//! Optimisers against PyTorch: ten full-batch steps of every rule, with and
//! without L2, on a small tanh network with a sigmoid or a softmax output.
//!
//! Oracle: `scripts/oracles/torch_optimizers.py` (PyTorch 2.15, float64), which
//! wrote `tests/fixtures/torch_optimizers.txt`: the data, the initial weights,
//! and for every case the parameters after 10 steps and the loss before each.

use crate::common;

use common::torch::{self, Items, matrix, network, vector};
use neuron::prelude::*;
use neuron::{ParameterKind, Trainable};

const FIXTURE: &str = include_str!("../fixtures/torch_optimizers.txt");

/// The fixture's items by key.
fn fixture() -> Items {
    torch::items(&[FIXTURE])
}

/// The oracle's optimiser and learning rate for each name.
fn optimizer(name: &str) -> (Optimizer, f64) {
    match name {
        "sgd" => (Optimizer::sgd(), 0.5),
        "momentum" => (Optimizer::momentum(0.9), 0.1),
        "nesterov" => (Optimizer::nesterov(0.9), 0.1),
        "adam" => (Optimizer::adam(), 0.05),
        "adamw" => (Optimizer::adamw(0.1), 0.05),
        _ => unreachable!(),
    }
}

#[test]
fn ten_full_batch_steps_equal_pytorch_for_every_optimizer() {
    let items = fixture();
    let x = matrix(&items, "X");
    let mut cases = 0;
    for output in ["sigmoid", "softmax"] {
        let (targets, loss) = if output == "softmax" {
            (matrix(&items, "T_softmax"), Loss::CrossEntropy)
        } else {
            (matrix(&items, "T_sigmoid"), Loss::BinaryCrossEntropy)
        };
        for name in ["sgd", "momentum", "nesterov", "adam", "adamw"] {
            for l2 in [0.0, 0.05] {
                let case = format!("{output}.{name}.l2={l2:?}");
                let (rule, learning_rate) = optimizer(name);
                let mut model = network(&items, output);
                let history = GradientDescent::new()
                    .optimizer(rule)
                    .learning_rate(learning_rate)
                    .l2(l2)
                    .epochs(10)
                    .fit(&mut model, &x, &targets, loss)
                    .unwrap();

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
                        assert!(
                            (g - e).abs() <= 1e-12,
                            "{case}.{parameter}: {g} against PyTorch's {e}"
                        );
                    }
                }
                // The history holds the objective after each step, which is the
                // loss PyTorch computed before the next one.
                let losses = vector(&items, &format!("{case}.loss"));
                for (epoch, (got, expected)) in
                    history.loss().iter().zip(losses.iter().skip(1)).enumerate()
                {
                    assert!(
                        (got - expected).abs() <= 1e-12,
                        "{case}: loss after epoch {}: {got} against {expected}",
                        epoch + 1
                    );
                }
                cases += 1;
            }
        }
    }
    assert_eq!(cases, 20);
}

/// `w` after each step of `rule` on a dense layer `1 × w.len()` in `f32`
/// (identity, bias 0), from the gradients of its weights given.
fn f32_steps(mut rule: Optimizer, w: &[f32], gradients: &[[f32; 3]], rate: f32) -> Vec<Vec<f32>> {
    let width = w.len();
    let weights = Array2::from_shape_vec((width, 1), w.to_vec()).unwrap();
    let mut layer = Dense::new(weights, Array1::zeros(1), Activation::Identity).unwrap();
    let mut after = Vec::new();
    for g in gradients {
        let gw = Array2::from_shape_vec((width, 1), g[..width].to_vec()).unwrap();
        let gradient = vec![gw.into_dyn(), Array1::<f32>::zeros(1).into_dyn()];
        rule.step(&mut layer, &gradient, rate, 0.0).unwrap();
        after.push(layer.weights().iter().copied().collect());
    }
    after
}

/// Adam and AdamW in `f32` take `1 − β₁`, `1 − β₂`, the step size and the
/// decay from `f64`, rounded once, as PyTorch takes them from Python's floats.
/// Oracle: PyTorch 2.15, float32:
/// ```python
/// w = torch.zeros(1, 1, requires_grad=True); opt = torch.optim.Adam([w], lr=1.0)
/// for _ in range(3): w.grad = torch.ones(1, 1); opt.step()  # -0.9999999, -1.9999999, -3.0
/// w = torch.tensor([[0.5, -0.25, 2.0]], requires_grad=True)
/// opt = torch.optim.AdamW([w], lr=0.1, weight_decay=0.01)
/// for g in gs: w.grad = torch.tensor([g]); opt.step()       # the rows below
/// ```
/// Computed in `f32`, `1 − 0.999` is 1.3e-5 off and the first step was
/// −1.0000067; the bound here is four units in the last place.
#[test]
fn adam_in_f32_equals_pytorchs_float32_steps() {
    let close = |found: &[f32], expected: &[f32], what: &str| {
        for (f, e) in found.iter().zip(expected) {
            assert!(
                (f - e).abs() <= 4.0 * f32::EPSILON * e.abs(),
                "{what}: {found:?} against PyTorch's {expected:?}"
            );
        }
    };
    let ones = [[1.0, 0.0, 0.0]; 3];
    let adam = f32_steps(Optimizer::adam(), &[0.0], &ones, 1.0);
    for (step, expected) in adam.iter().zip([-0.9999999, -1.9999999, -3.0]) {
        close(step, &[expected], "Adam");
    }
    let gradients = [
        [0.3, -1.0, 0.01],
        [0.2, 0.5, -0.02],
        [-0.1, 2.0, 0.03],
        [0.05, -0.5, 0.0],
        [0.4, 0.1, -0.05],
    ];
    let adamw = f32_steps(Optimizer::adamw(0.01), &[0.5, -0.25, 2.0], &gradients, 0.1);
    let expected: [[f32; 3]; 5] = [
        [0.3995, -0.14975002, 1.8980001],
        [0.30206528, -0.12296658, 1.9327126],
        [0.24657404, -0.1685768, 1.8964558],
        [0.1938122, -0.19260943, 1.8664432],
        [0.12347673, -0.21518034, 1.8940425],
    ];
    for (step, expected) in adamw.iter().zip(&expected) {
        close(step, expected, "AdamW");
    }
}

#[test]
fn the_default_optimizer_is_plain_sgd_bit_for_bit() {
    // The update w ← w − η(g + λw), b ← b − ηg written out by hand over the
    // same mini-batches: the default settings give exactly these bits.
    let mut rng = StdRng::seed_from_u64(3);
    let data = datasets::sum_of_two::<f64, _>(40, &mut rng);
    let start =
        Network::random(&[2, 5, 1], Activation::Tanh, Init::XavierUniform, &mut rng).unwrap();
    let (x, t) = (data.inputs(), data.targets());
    let settings = GradientDescent::new()
        .learning_rate(0.05)
        .batch_size(8)
        .shuffle(false)
        .l2(0.01)
        .epochs(3);
    let mut trained = start.clone();
    settings
        .fit(&mut trained, x, t, Loss::MeanSquaredError)
        .unwrap();
    assert_eq!(settings.optimizer, Optimizer::sgd());

    let mut by_hand = start;
    let (eta, lambda) = (0.05, 0.01);
    for _ in 0..3 {
        for first in (0..40).step_by(8) {
            let xb = x.slice(s![first..first + 8, ..]);
            let tb = t.slice(s![first..first + 8]).insert_axis(Axis(1));
            let (_, gradient) = by_hand
                .loss_and_gradient(xb, tb, Loss::MeanSquaredError)
                .unwrap();
            let mut parameters = by_hand.parameters_mut();
            for ((kind, p), g) in parameters.iter_mut().zip(&gradient) {
                p.zip_mut_with(g, |p, &g| match kind {
                    ParameterKind::Weights => *p = *p - eta * (g + lambda * *p),
                    ParameterKind::Bias => *p += -eta * g,
                });
            }
        }
    }
    assert_eq!(trained, by_hand);
}

#[test]
fn an_optimizer_is_a_setting_and_its_state_starts_empty_in_every_fit() {
    let x = array![[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]];
    let t = array![1.0, 1.0, 1.0, 0.0];
    let settings = GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(0.1)
        .epochs(20);
    let mut first = Neuron::new(array![0.0, 0.0]);
    let mut second = first.clone();
    settings
        .fit(&mut first, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    settings
        .fit(&mut second, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    assert_eq!(first, second);
    assert_eq!(settings.optimizer.steps(), 0);
}

#[test]
fn an_optimizer_refuses_state_built_for_other_parameters() {
    let mut optimizer = Optimizer::momentum(0.5);
    let x = array![[1.0, 2.0]];
    let t = array![[1.0]];
    let mut small = Neuron::new(array![0.1, 0.2]);
    let (_, g) = small
        .loss_and_gradient(x.view(), t.view(), Loss::MeanSquaredError)
        .unwrap();
    optimizer.step(&mut small, &g, 0.1, 0.0).unwrap();
    let mut other = Neuron::new(array![0.1, 0.2, 0.3]);
    let x3 = array![[1.0, 2.0, 3.0]];
    let (_, g3) = other
        .loss_and_gradient(x3.view(), t.view(), Loss::MeanSquaredError)
        .unwrap();
    let before = other.clone();
    let err = optimizer.step(&mut other, &g3, 0.1, 0.0).unwrap_err();
    assert!(matches!(err, Error::ShapeMismatch { .. }), "{err}");
    assert_eq!(other, before);
    optimizer.reset();
    optimizer.step(&mut other, &g3, 0.1, 0.0).unwrap();
    assert_eq!(optimizer.steps(), 1);
    // A gradient that does not match the parameters is refused too.
    let err = optimizer.step(&mut other, &g, 0.1, 0.0).unwrap_err();
    assert!(matches!(err, Error::ShapeMismatch { .. }), "{err}");
}

#[test]
fn optimizer_settings_out_of_range_are_errors() {
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
    assert_eq!(
        fit(Optimizer::momentum(1.0)),
        "momentum is 1, but it must be in [0, 1)"
    );
    assert_eq!(
        fit(Optimizer::momentum(f64::NAN)),
        "momentum is NaN, but it must be in [0, 1)"
    );
    assert_eq!(
        fit(Optimizer::nesterov(0.0)),
        "momentum is 0, but it must be in (0, 1) for Nesterov's method"
    );
    assert_eq!(
        fit(Optimizer::adam().betas(1.0, 0.999)),
        "beta1 is 1, but it must be in [0, 1)"
    );
    assert_eq!(
        fit(Optimizer::adam().betas(0.9, -0.1)),
        "beta2 is -0.1, but it must be in [0, 1)"
    );
    assert_eq!(
        fit(Optimizer::adam().epsilon(0.0)),
        "epsilon is 0, but it must be finite and > 0"
    );
    assert_eq!(
        fit(Optimizer::adamw(-0.01)),
        "weight_decay is -0.01, but it must be finite and ≥ 0"
    );
}

#[test]
fn schedules_follow_pytorch_step_lr_and_cosine_annealing() {
    // torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5) with lr 0.8:
    // epochs 0–2 at 0.8, 3–5 at 0.4, 6–8 at 0.2.
    let step = Schedule::step_decay(3, 0.5);
    let rates: Vec<f64> = (0..9).map(|e| step.learning_rate(0.8, e, 9)).collect();
    assert_eq!(rates, [0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2]);
    // CosineAnnealingLR(opt, T_max=4, eta_min=0.1) with lr 0.5: [0.5,
    // 0.1 + 0.4·(1 + cos(π/4))/2, 0.3, 0.1 + 0.4·(1 − cos(π/4))/2].
    let cosine = Schedule::cosine(0.1);
    let expected = [0.5, 0.441_421_356_237_309_5, 0.3, 0.158_578_643_762_690_5];
    for (e, want) in expected.iter().enumerate() {
        let got = cosine.learning_rate(0.5, e, 4);
        assert!(
            (got - want).abs() < 1e-15,
            "epoch {e}: {got} against {want}"
        );
    }
    // In training: a decay to a tenth after one epoch equals two runs by hand.
    let x = array![[0.5, 0.3], [1.0, -1.0], [0.2, 0.2]];
    let t = array![1.0, 0.0, 1.0];
    let mut scheduled = Neuron::new(array![0.1, -0.1]);
    GradientDescent::new()
        .learning_rate(1.0)
        .epochs(2)
        .schedule(Schedule::step_decay(1, 0.1))
        .fit(&mut scheduled, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    let mut by_hand = Neuron::new(array![0.1, -0.1]);
    for rate in [1.0, 0.1] {
        GradientDescent::new()
            .learning_rate(rate)
            .epochs(1)
            .fit(&mut by_hand, &x, &t, Loss::BinaryCrossEntropy)
            .unwrap();
    }
    assert_eq!(scheduled, by_hand);
    // Settings out of range.
    let mut neuron = Neuron::new(array![0.0, 0.0]);
    for (schedule, message) in [
        (
            Schedule::step_decay(0, 0.5),
            "every is 0, but it must be at least 1 epoch",
        ),
        (
            Schedule::step_decay(2, 1.5),
            "factor is 1.5, but it must be in (0, 1]",
        ),
        (
            Schedule::cosine(2.0),
            "min_learning_rate is 2, but it must be in [0, learning_rate]",
        ),
    ] {
        let err = GradientDescent::new()
            .learning_rate(1.0)
            .schedule(schedule)
            .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)
            .unwrap_err();
        assert_eq!(err.to_string(), message);
    }
}
