//! Losses against PyTorch, and their gradients against finite differences.
//!
//! Oracle: scripts/oracles/losses.py (PyTorch 2.15, float64), e.g.
//! `F.binary_cross_entropy_with_logits(h, t)` and `F.mse_loss(torch.sigmoid(h), t)`
//! with autograd for the gradients.

use approx::assert_abs_diff_eq;
use neuron::prelude::*;
use neuron::{Activation, Loss};

fn example() -> (Array1<f64>, Array1<f64>) {
    (
        array![-2.0, -0.5, 0.0, 0.7, 3.0],
        array![0.0, 1.0, 1.0, 0.0, 1.0],
    )
}

#[test]
fn bce_from_net_input_matches_pytorch() {
    let (h, t) = example();
    let bce = Loss::BinaryCrossEntropy;
    // torch: F.binary_cross_entropy_with_logits(h, t) = 0.5891851152484449
    assert_abs_diff_eq!(
        bce.value_from_net_input(&h, &t, Activation::Sigmoid)
            .unwrap(),
        0.5891851152484449,
        epsilon = 1e-15
    );
    // and from the probabilities, F.binary_cross_entropy(torch.sigmoid(h), t)
    let y = h.mapv(|h| Activation::Sigmoid.apply(h));
    assert_abs_diff_eq!(
        bce.value(&y, &t).unwrap(),
        0.5891851152484449,
        epsilon = 1e-14
    );
    // ∂L/∂h = (σ(h) − t) / 5
    let delta = bce.delta(&h, &t, Activation::Sigmoid).unwrap();
    let torch = array![
        0.02384058440442351,
        -0.12449186624037092,
        -0.1,
        0.13363755443363323,
        -0.009485174635513327
    ];
    assert_abs_diff_eq!(delta, torch, epsilon = 1e-16);
}

#[test]
fn mse_matches_pytorch() {
    let (h, t) = example();
    let y = h.mapv(|h| Activation::Sigmoid.apply(h));
    let mse = Loss::MeanSquaredError;
    // torch: F.mse_loss(torch.sigmoid(h), t) = 0.2200778135881166
    assert_abs_diff_eq!(
        mse.value(&y, &t).unwrap(),
        0.2200778135881166,
        epsilon = 1e-15
    );
    assert_abs_diff_eq!(
        mse.value_from_net_input(&h, &t, Activation::Sigmoid)
            .unwrap(),
        0.2200778135881166,
        epsilon = 1e-15
    );
    let d_y = array![
        0.04768116880884702,
        -0.24898373248074185,
        -0.2,
        0.26727510886726646,
        -0.018970349271026657
    ];
    assert_abs_diff_eq!(mse.gradient(&y, &t).unwrap(), d_y, epsilon = 1e-16);
    let d_h = array![
        0.005006216869470691,
        -0.05851210141078304,
        -0.05,
        0.05925833234669017,
        -0.0008570170139937258
    ];
    assert_abs_diff_eq!(
        mse.delta(&h, &t, Activation::Sigmoid).unwrap(),
        d_h,
        epsilon = 1e-16
    );
}

#[test]
fn mse_averages_over_samples_and_outputs() {
    // torch: F.mse_loss(y, t) over all 6 elements = 0.21166666666666667
    let y = array![[0.1, 0.9], [0.4, 0.6], [0.8, 0.3]];
    let t = array![[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
    let mse = Loss::MeanSquaredError;
    assert_abs_diff_eq!(
        mse.value(&y, &t).unwrap(),
        0.21166666666666667,
        epsilon = 1e-15
    );
    let torch = array![
        [0.03333333333333333, -0.033333333333333326],
        [-0.19999999999999998, 0.19999999999999998],
        [-0.06666666666666665, -0.2333333333333333]
    ];
    assert_abs_diff_eq!(mse.gradient(&y, &t).unwrap(), torch, epsilon = 1e-16);
}

#[test]
fn bce_is_finite_for_extreme_net_inputs() {
    // torch: F.binary_cross_entropy_with_logits([-800, 800, 40], [1, 0, 1]) = 533.3333333333334
    let h = array![-800.0, 800.0, 40.0];
    let t = array![1.0, 0.0, 1.0];
    let bce = Loss::BinaryCrossEntropy;
    let value = bce
        .value_from_net_input(&h, &t, Activation::Sigmoid)
        .unwrap();
    assert_abs_diff_eq!(value, 533.3333333333334, epsilon = 1e-12);
    let delta = bce.delta(&h, &t, Activation::Sigmoid).unwrap();
    assert_abs_diff_eq!(delta, array![-1.0 / 3.0, 1.0 / 3.0, 0.0], epsilon = 1e-16);
    // From probabilities, log is clamped at −100 as torch's BCELoss: (100 + 100 + 0) / 3
    let y = h.mapv(|h| Activation::Sigmoid.apply(h));
    assert_abs_diff_eq!(bce.value(&y, &t).unwrap(), 200.0 / 3.0, epsilon = 1e-12);
    // f32 too: no ln(0), no NaN.
    let h32 = h.mapv(|v| v as f32);
    let t32 = t.mapv(|v| v as f32);
    let v32 = bce
        .value_from_net_input(&h32, &t32, Activation::Sigmoid)
        .unwrap();
    assert!((v32 - 533.3333).abs() < 1e-3);
}

#[test]
fn delta_matches_central_differences() {
    let h: Array2<f64> = array![[-1.5, 0.3], [0.8, -0.2], [2.0, 0.05]];
    let t = array![[0.0, 1.0], [0.5, 0.25], [1.0, 0.0]];
    let eps = 1e-6;
    for (loss, activation) in [
        (Loss::BinaryCrossEntropy, Activation::Sigmoid),
        (Loss::MeanSquaredError, Activation::Sigmoid),
        (Loss::MeanSquaredError, Activation::Tanh),
        (Loss::MeanSquaredError, Activation::Identity),
        (Loss::MeanSquaredError, Activation::Relu),
    ] {
        let delta = loss.delta(&h, &t, activation).unwrap();
        for ((i, j), &analytic) in delta.indexed_iter() {
            let mut up = h.clone();
            up[[i, j]] += eps;
            let mut down = h.clone();
            down[[i, j]] -= eps;
            let numeric = (loss.value_from_net_input(&up, &t, activation).unwrap()
                - loss.value_from_net_input(&down, &t, activation).unwrap())
                / (2.0 * eps);
            let relative = (analytic - numeric).abs() / analytic.abs().max(numeric.abs()).max(1e-8);
            assert!(
                relative < 1e-6,
                "{loss} / {activation} at ({i}, {j}): {analytic} vs {numeric}"
            );
        }
    }
}

#[test]
fn bad_loss_input_is_an_error() {
    let bce = Loss::BinaryCrossEntropy;
    let err = bce.value(&array![0.5, 0.5], &array![1.0, 1.5]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "target at row 1, column 0 is 1.5, outside [0, 1] as binary cross-entropy requires"
    );
    let err = Loss::MeanSquaredError
        .value(&array![0.5, 0.5], &array![1.0])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "outputs and targets: shapes differ, [2] and [1]"
    );
    let err = Loss::MeanSquaredError
        .value(&array![[0.5]], &array![[f64::NAN]])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "target at row 0, column 0 is NaN; targets must be finite"
    );
    let err = bce
        .delta(&array![0.5], &array![1.0], Activation::Tanh)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "binary cross-entropy needs a sigmoid output, but the model's output activation is tanh"
    );
    let empty = Array1::<f64>::zeros(0);
    assert!(matches!(
        Loss::MeanSquaredError.value(&empty, &empty),
        Err(Error::Empty { .. })
    ));
}
