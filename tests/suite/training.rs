//! Gradient-descent training of a neuron: logistic regression against
//! scikit-learn, gradients against finite differences, batch modes, seeds,
//! early stopping and divergence.

use std::ops::ControlFlow;

use approx::{assert_abs_diff_eq, assert_relative_eq};
use neuron::prelude::*;
use neuron::{
    GradientDescent, Hooks, Loss, Standardizer, Trainable, datasets, gradient_check, metrics,
};

/// The breast cancer data, every column standardised on all 569 rows, as in
/// scripts/oracles/logistic_breast_cancer.py.
fn breast_cancer() -> (Array2<f64>, Array1<f64>) {
    let (x, t) = datasets::breast_cancer::<f64>().into_parts();
    let (_, xs) = Standardizer::fit_transform(&x).unwrap();
    (xs, t)
}

#[test]
fn logistic_regression_reaches_scikit_learns_objective() {
    // Oracle: scripts/oracles/logistic_breast_cancer.out.txt (scikit-learn 1.9.1):
    //   Xs = StandardScaler().fit_transform(X); m = LogisticRegression().fit(Xs, y)
    //   J = log_loss(y, m.predict_proba(Xs)) + ||m.coef_||² / (2 n)
    // C = 1 means λ = 1 / (C·n) = 1 / 569 in our objective mean loss + (λ/2)‖w‖².
    const SKLEARN_DEFAULT_J: f64 = 0.06636241841395601;
    // The exact optimum: LogisticRegression(tol=1e-12) polished by Newton steps.
    const OPTIMUM_J: f64 = 0.06636018622473809;
    const SKLEARN_ACCURACY: f64 = 0.9876977152899824; // 562 / 569

    let (x, t) = breast_cancer();
    let n = x.nrows() as f64;
    let mut neuron = Neuron::new(Array1::zeros(30));
    let history = GradientDescent::new()
        .learning_rate(1.0)
        .epochs(2000)
        .l2(1.0 / n)
        .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();

    let j = history.final_loss().unwrap();
    assert!(j <= SKLEARN_DEFAULT_J * (1.0 + 1e-4), "J = {j}");
    assert_relative_eq!(j, OPTIMUM_J, max_relative = 1e-4);
    // The history's last entry is the objective of the trained neuron.
    let settings = GradientDescent::new().l2(1.0 / n);
    let recomputed = settings
        .objective(
            &neuron,
            x.view(),
            t.view().insert_axis(Axis(1)),
            Loss::BinaryCrossEntropy,
        )
        .unwrap();
    assert_relative_eq!(recomputed, j, max_relative = 1e-14);

    let accuracy: f64 = metrics::accuracy(&t, &neuron.predict(&x).unwrap()).unwrap();
    assert!(
        (accuracy - SKLEARN_ACCURACY).abs() <= 0.005,
        "accuracy {accuracy}"
    );

    // The optimum's intercept and first coefficients (scikit-learn, tol=1e-12 + Newton).
    assert_abs_diff_eq!(neuron.bias(), 0.2145027174017487, epsilon = 2e-3);
    assert_abs_diff_eq!(neuron.weights()[0], -0.3630925319179317, epsilon = 2e-2);
    assert_abs_diff_eq!(neuron.weights()[21], -1.3146076344464523, epsilon = 2e-2);
}

#[test]
fn neuron_gradients_match_central_differences() {
    let mut rng = StdRng::seed_from_u64(3);
    let x: Array2<f64> = Init::Uniform {
        low: -2.0,
        high: 2.0,
    }
    .weights(12, 4, &mut rng)
    .unwrap();
    let probabilities: Array1<f64> = Init::Lecture
        .weights(12, 1, &mut rng)
        .unwrap()
        .column(0)
        .to_owned();
    let labels = probabilities.mapv(|p| if p > 0.5 { 1.0 } else { 0.0 });
    for (activation, loss, targets) in [
        (Activation::Sigmoid, Loss::BinaryCrossEntropy, &labels),
        (
            Activation::Sigmoid,
            Loss::BinaryCrossEntropy,
            &probabilities,
        ),
        (Activation::Sigmoid, Loss::MeanSquaredError, &probabilities),
        (Activation::Tanh, Loss::MeanSquaredError, &probabilities),
        (Activation::Identity, Loss::MeanSquaredError, &probabilities),
        (Activation::Relu, Loss::MeanSquaredError, &probabilities),
    ] {
        let neuron: Neuron<f64> = Neuron::random(4, Init::XavierUniform, &mut rng)
            .unwrap()
            .with_bias(0.2)
            .with_activation(activation);
        let check = gradient_check(&neuron, &x, targets, loss).unwrap();
        assert_eq!(check.analytic.len(), 5);
        assert!(
            check.max_relative_error < 1e-6,
            "{activation} / {loss}: {:e} at {}",
            check.max_relative_error,
            check.worst_index
        );
    }
}

#[test]
fn gradient_by_hand_for_one_sample() {
    // The lecture's neuron, target 1, BCE: δ = σ(0.45) − 1 = −0.389360766050778,
    // ∂L/∂w = δ·x = [−0.194680383025389, −0.1168082298152334, −0.0778721532101556], ∂L/∂b = δ.
    let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
    let (loss, gradient) = neuron
        .loss_and_gradient(
            array![[0.5, 0.3, 0.2]].view(),
            array![[1.0]].view(),
            Loss::BinaryCrossEntropy,
        )
        .unwrap();
    assert_abs_diff_eq!(loss, -(0.610639233949222_f64.ln()), epsilon = 1e-15);
    let delta = 0.610639233949222 - 1.0;
    assert_abs_diff_eq!(
        gradient[0]
            .clone()
            .into_dimensionality::<neuron::ndarray::Ix1>()
            .unwrap(),
        array![0.5 * delta, 0.3 * delta, 0.2 * delta],
        epsilon = 1e-15
    );
    assert_abs_diff_eq!(gradient[1][[0]], delta, epsilon = 1e-15);
}

fn small_problem() -> (Array2<f64>, Array1<f64>) {
    let (x, t) = breast_cancer();
    (
        x.slice(s![..100, ..5]).to_owned(),
        t.slice(s![..100]).to_owned(),
    )
}

#[test]
fn every_batch_mode_learns_and_seeds_reproduce_runs() {
    let (x, t) = small_problem();
    for settings in [
        GradientDescent::new().learning_rate(0.5).epochs(30),
        GradientDescent::new()
            .learning_rate(0.1)
            .epochs(30)
            .batch_size(16)
            .seed(7),
        GradientDescent::new()
            .learning_rate(0.05)
            .epochs(30)
            .per_sample()
            .seed(7),
        GradientDescent::new()
            .learning_rate(0.05)
            .epochs(30)
            .per_sample()
            .shuffle(false),
    ] {
        let mut first = Neuron::new(Array1::zeros(5));
        let mut second = first.clone();
        let a = settings
            .fit(&mut first, &x, &t, Loss::BinaryCrossEntropy)
            .unwrap();
        let b = settings
            .fit(&mut second, &x, &t, Loss::BinaryCrossEntropy)
            .unwrap();
        assert_eq!(a, b, "same settings, same history: {settings:?}");
        assert_eq!(first, second);
        assert_eq!(a.epochs(), 30);
        // Starting from ln 2 = 0.693 (all outputs 0.5), the loss falls a long way.
        assert!(a.loss()[29] < 0.3, "{settings:?}: {a}");
    }
    // Another seed gives another order, hence another run.
    let mut one = Neuron::new(Array1::zeros(5));
    let mut other = one.clone();
    let per_sample = GradientDescent::new()
        .learning_rate(0.05)
        .epochs(3)
        .per_sample();
    per_sample
        .clone()
        .seed(1)
        .fit(&mut one, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    per_sample
        .seed(2)
        .fit(&mut other, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    assert_ne!(one, other);
}

#[test]
fn batch_sizes_at_least_the_data_are_full_batch() {
    let (x, t) = small_problem();
    let mut full = Neuron::new(Array1::zeros(5));
    let mut huge = full.clone();
    GradientDescent::new()
        .epochs(5)
        .fit(&mut full, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    GradientDescent::new()
        .epochs(5)
        .batch_size(1000)
        .fit(&mut huge, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    assert_eq!(full, huge);
}

#[test]
fn one_full_batch_step_by_hand() {
    // Two samples, MSE, identity: y = w·x, J = ((w − 1)² + (2w − 2)²)/2 for w = 0:
    // ∂J/∂w = (2(0 − 1)·1 + 2(0 − 2)·2) / 2 = −5, ∂J/∂b = (2(−1) + 2(−2)) / 2 = −3.
    // With η = 0.1 and λ = 0.5: w = 0 − 0.1·(−5 + 0.5·0) = 0.5, b = 0.3.
    let mut neuron = Neuron::new(array![0.0]).with_activation(Activation::Identity);
    GradientDescent::new()
        .learning_rate(0.1)
        .epochs(1)
        .l2(0.5)
        .fit(
            &mut neuron,
            &array![[1.0], [2.0]],
            &array![1.0, 2.0],
            Loss::MeanSquaredError,
        )
        .unwrap();
    assert_abs_diff_eq!(neuron.weights()[0], 0.5, epsilon = 1e-15);
    assert_abs_diff_eq!(neuron.bias(), 0.3, epsilon = 1e-15);
    // A second step: the penalty now pulls: g_w = (2(0.8 − 1) + 2(1.3 − 2)·2)/2 = −1.6,
    // w = 0.5 − 0.1·(−1.6 + 0.5·0.5) = 0.635.
    GradientDescent::new()
        .learning_rate(0.1)
        .epochs(1)
        .l2(0.5)
        .fit(
            &mut neuron,
            &array![[1.0], [2.0]],
            &array![1.0, 2.0],
            Loss::MeanSquaredError,
        )
        .unwrap();
    assert_abs_diff_eq!(neuron.weights()[0], 0.635, epsilon = 1e-15);
}

#[test]
fn early_stopping_and_the_callback() {
    let (x, t) = small_problem();
    let mut neuron = Neuron::new(Array1::zeros(5));
    let history = GradientDescent::new()
        .learning_rate(0.5)
        .epochs(10_000)
        .tolerance(1e-4)
        .patience(3)
        .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    assert!(history.stopped_early());
    assert!(history.epochs() < 10_000);
    let last = history.loss();
    let n = last.len();
    // The last three epochs each improved on the best by less than the tolerance.
    assert!(last[n - 4] - last[n - 1] < 3e-4);

    let mut reports = Vec::new();
    let mut neuron = Neuron::new(Array1::zeros(5));
    let (xv, tv) = (x.slice(s![..20, ..]), t.slice(s![..20]));
    let history = GradientDescent::new()
        .epochs(10)
        .fit_with(
            &mut neuron,
            &x,
            &t,
            Loss::BinaryCrossEntropy,
            Hooks::new().validation(&xv, &tv).on_epoch(|report| {
                reports.push(*report);
                ControlFlow::Continue(())
            }),
        )
        .unwrap();
    assert_eq!(reports.len(), 10);
    assert_eq!(history.validation_loss().len(), 10);
    assert_eq!(reports[9].loss, history.loss()[9]);
    assert_eq!(
        reports[9].validation_loss,
        Some(history.validation_loss()[9])
    );
    assert!(!history.stopped_early());
}

#[test]
fn divergence_stops_with_an_error_and_keeps_the_last_good_weights() {
    // A linear neuron with a far too large step: the weights grow ×(1 + 2η·x²)
    // each epoch until the loss overflows.
    let x: Array2<f64> = array![[1e100], [-1e100]];
    let t = array![1.0, -1.0];
    let start = Neuron::new(array![0.5]).with_activation(Activation::Identity);
    let settings = GradientDescent::new().learning_rate(10.0).epochs(100);
    let mut neuron = start.clone();
    let err = settings
        .fit(&mut neuron, &x, &t, Loss::MeanSquaredError)
        .unwrap_err();
    let Error::Diverged { epoch, .. } = err else {
        panic!("expected divergence, got {err}");
    };
    assert!(
        err.to_string()
            .starts_with(&format!("training diverged in epoch {epoch}"))
    );
    assert!(neuron.weights().iter().all(|w| w.is_finite()));
    // The neuron is exactly where `epoch − 1` epochs leave it.
    let mut replay = start.clone();
    if epoch > 1 {
        settings
            .clone()
            .epochs(epoch - 1)
            .fit(&mut replay, &x, &t, Loss::MeanSquaredError)
            .unwrap();
    }
    assert_eq!(neuron, replay);
}

#[test]
fn bad_input_is_refused_before_any_work() {
    let x = array![[0.5, 0.3], [0.1, 0.9]];
    let t = array![1.0, 0.0];
    let start = Neuron::new(array![0.1, 0.2]);
    let fit = |settings: GradientDescent, x: &Array2<f64>, t: &Array1<f64>| {
        let mut neuron = start.clone();
        let result = settings.fit(&mut neuron, x, t, Loss::BinaryCrossEntropy);
        assert_eq!(neuron, start, "a refused fit leaves the neuron alone");
        result.unwrap_err().to_string()
    };
    let gd = GradientDescent::new;
    assert_eq!(
        fit(gd(), &x, &array![1.0]),
        "inputs have 2 rows, but targets have 1"
    );
    assert_eq!(
        fit(gd(), &x, &array![1.0, 2.0]),
        "target at row 1, column 0 is 2, outside [0, 1] as binary cross-entropy requires"
    );
    assert_eq!(
        fit(gd(), &array![[0.5, 0.3], [0.1, f64::NAN]], &t),
        "input at row 1, column 1 is NaN; inputs must be finite"
    );
    assert_eq!(
        fit(gd(), &x, &array![f64::INFINITY, 0.0]),
        "target at row 0, column 0 is inf; targets must be finite"
    );
    for lr in [0.0, -0.1, f64::NAN, f64::INFINITY] {
        assert!(fit(gd().learning_rate(lr), &x, &t).starts_with("learning_rate is"));
    }
    assert_eq!(
        fit(gd().epochs(0), &x, &t),
        "epochs is 0, but it must be at least 1"
    );
    assert_eq!(
        fit(gd().batch_size(0), &x, &t),
        "batch_size is 0, but it must be at least 1"
    );
    assert_eq!(
        fit(gd().l2(-1.0), &x, &t),
        "l2 is -1, but it must be finite and ≥ 0"
    );
    assert_eq!(
        fit(gd(), &Array2::zeros((0, 2)), &Array1::zeros(0)),
        "the training set is empty"
    );
    assert_eq!(
        fit(gd(), &array![[0.5], [0.1]], &t),
        "input has 1 features per sample, but the neuron has 2 weights"
    );
    let mut tanh = start.clone().with_activation(Activation::Tanh);
    let err = gd()
        .fit(&mut tanh, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "binary cross-entropy needs a sigmoid output, but the model's output activation is tanh"
    );
    // Validation data is checked as carefully.
    let mut neuron = start.clone();
    let bad_x = array![[0.5, f64::NAN]];
    let bad_t = array![1.0];
    let err = gd()
        .fit_with(
            &mut neuron,
            &x,
            &t,
            Loss::BinaryCrossEntropy,
            Hooks::new().validation(&bad_x, &bad_t),
        )
        .unwrap_err();
    // The message says the fault is in the validation set (issue 15).
    assert_eq!(
        err.to_string(),
        "the validation set: input at row 0, column 1 is NaN; inputs must be finite"
    );
    assert_eq!(neuron, start);
}

#[test]
fn f32_training_works_too() {
    let (x, t) = small_problem();
    let x = x.mapv(|v| v as f32);
    let t = t.mapv(|v| v as f32);
    let mut neuron = Neuron::<f32>::new(Array1::zeros(5));
    let history = GradientDescent::new()
        .learning_rate(0.5)
        .epochs(100)
        .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    assert!(history.final_loss().unwrap() < 0.3);
    let accuracy: f32 = metrics::accuracy(&t, &neuron.predict(&x).unwrap()).unwrap();
    assert!(accuracy > 0.85);
}

/// `validation_split(0.2)` is Keras's: training on the first ⌊0.8·n⌋
/// samples with the rest as validation data gives the same model and history,
/// bit for bit, as handing that split to `fit_with`; a split of 0 or 1, or
/// one that leaves a side empty, is refused by name.
#[test]
fn validation_split_holds_out_the_last_samples() {
    use neuron::Hooks;
    use neuron::ndarray::s;
    let data = neuron::datasets::breast_cancer::<f64>();
    let (x, t) = data.into_parts();
    let x = neuron::Standardizer::fit_transform(&x).unwrap().1;
    let t = t.insert_axis(neuron::ndarray::Axis(1));
    let start = Network::random(
        &[30, 4, 1],
        Activation::Sigmoid,
        Init::XavierUniform,
        &mut StdRng::seed_from_u64(2),
    )
    .unwrap();
    let settings = GradientDescent::new()
        .epochs(4)
        .batch_size(32)
        .learning_rate(0.5);

    let mut split = start.clone();
    let history = settings
        .clone()
        .validation_split(0.2)
        .fit(&mut split, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    // 569 samples: ⌊569 · 0.8⌋ = 455 train, 114 validate.
    let mut by_hand = start.clone();
    let (xv, tv) = (x.slice(s![455.., ..]), t.slice(s![455.., ..]));
    let expected = settings
        .fit_with(
            &mut by_hand,
            &x.slice(s![..455, ..]),
            &t.slice(s![..455, ..]).to_owned(),
            Loss::BinaryCrossEntropy,
            Hooks::new().validation(&xv, &tv),
        )
        .unwrap();
    assert_eq!(split, by_hand);
    assert_eq!(history, expected);
    assert_eq!(history.validation_loss().len(), 4);

    for fraction in [0.0, 1.0, -0.5, f64::NAN] {
        let mut model = start.clone();
        match settings.clone().validation_split(fraction).fit(
            &mut model,
            &x,
            &t,
            Loss::BinaryCrossEntropy,
        ) {
            Err(neuron::Error::InvalidSetting {
                name: "validation_split",
                ..
            }) => assert_eq!(model, start),
            other => panic!("{fraction}: expected validation_split refused, got {other:?}"),
        }
    }
    // Two samples and a split of 0.1: ⌊2 · 0.9⌋ = 1 … and 0.6: ⌊0.8⌋ = 0 trains on nothing.
    let mut model = start.clone();
    let refused = settings.clone().validation_split(0.6).fit(
        &mut model,
        &x.slice(s![..2, ..]),
        &t.slice(s![..2, ..]).to_owned(),
        Loss::BinaryCrossEntropy,
    );
    assert!(
        matches!(
            refused,
            Err(neuron::Error::InvalidSetting {
                name: "validation_split",
                ..
            })
        ),
        "{refused:?}"
    );
}
