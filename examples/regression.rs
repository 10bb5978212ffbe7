//! Regression: a network that predicts a number, not a class, on the bundled
//! diabetes data (442 patients, 10 measurements each, and how far the disease
//! has progressed a year later).
//!
//! The output neuron has no squashing function (the identity, `y = h`), so it
//! can give any number, and the loss is the mean squared error:
//!
//! ```text
//! hidden:  a = relu(x·W₁ + b₁)          (32 units)
//! output:  ŷ = a·w₂ + b₂                (one number per patient)
//! loss  = mean((ŷ − t)²) + (λ/2)·‖W‖²
//! R²    = 1 − Σ(y − ŷ)² / Σ(y − ȳ)²     (1 is perfect, 0 is "always say the mean")
//! ```
//!
//! scikit-learn, for comparison (`scripts/oracles/sklearn_mlp_regressor.py`
//! runs it on exactly our split):
//!
//! ```python
//! X_train, X_test, y_train, y_test = ...                  # the same rows as ours
//! sx, sy = StandardScaler().fit(X_train), StandardScaler().fit(y_train[:, None])
//! model = MLPRegressor(hidden_layer_sizes=(32,), activation="relu", solver="adam",
//!                      learning_rate_init=0.001, batch_size=40, alpha=1.0, max_iter=200)
//! model.fit(sx.transform(X_train), sy.transform(y_train[:, None]).ravel())
//! ```
//!
//! Run with `cargo run --release --example regression`. With `-- --split` it
//! prints the split instead (the rows of `tests/fixtures/diabetes_split.txt`).
//! `tests/suite/regression_mlp.rs` trains through the functions below and holds the
//! mean test R² to scikit-learn's within 0.02.

use std::error::Error;

use neuron::metrics::regression;
use neuron::prelude::*;

/// The generator seed of the training / test split.
pub const SPLIT_SEED: u64 = 42;
/// The share of the patients held out for testing.
pub const TEST_FRACTION: f64 = 0.2;
/// The units of the hidden layer.
pub const HIDDEN: usize = 32;
/// Adam's step size (scikit-learn's `learning_rate_init`).
pub const LEARNING_RATE: f64 = 0.001;
/// Patients per step (scikit-learn's `batch_size`).
pub const BATCH_SIZE: usize = 40;
/// Passes over the training set (scikit-learn's `max_iter`).
pub const EPOCHS: usize = 200;
/// scikit-learn's L2 penalty `alpha`.
pub const ALPHA: f64 = 1.0;
/// One network per seed: the seeds of the weights and of the batch order.
pub const SEEDS: [u64; 5] = [0, 1, 2, 3, 4];
/// scikit-learn's MLPRegressor on the same split and settings, one line per seed.
pub const SKLEARN: &str = include_str!("../tests/fixtures/sklearn_mlp_regressor.txt");

/// Our `l2` for scikit-learn's `alpha`.
///
/// scikit-learn minimises, per batch of `n_b` samples, `½·mean((y − t)²) +
/// ½·alpha·‖W‖² / n_b`. Twice that is `mean((y − t)²) + (λ/2)·‖W‖²` with
/// `λ = 2·alpha / n_b`, our objective; twice an objective has the same
/// minimum, and Adam takes the same steps for it (it divides each gradient by
/// its own size). The last batch of an epoch is smaller (353 = 8 · 40 + 33
/// patients), and scikit-learn's penalty is then larger by 40/33 for one step
/// in nine; ours stays `λ`.
pub fn l2() -> f64 {
    2.0 * ALPHA / BATCH_SIZE as f64
}

/// Test R², mean absolute error and root mean squared error, in the target's units.
#[derive(Debug, Clone, Copy)]
pub struct Scores {
    /// The coefficient of determination.
    pub r2: f64,
    /// The mean absolute error.
    pub mae: f64,
    /// The root of the mean squared error.
    pub rmse: f64,
}

/// The data once split and standardised: what every seed trains and tests on.
pub struct Prepared {
    /// The training inputs, standardised.
    pub x_train: Array2<f64>,
    /// The training targets, standardised.
    pub t_train: Array1<f64>,
    /// The test inputs, standardised with the training set's means and spreads.
    pub x_test: Array2<f64>,
    /// The test targets, in their own units.
    pub y_test: Array1<f64>,
    /// Turns the network's standardised outputs back into disease progression.
    pub target_scaler: Standardizer<f64>,
}

/// The split: `(training rows, test rows)` of the 442 patients.
pub fn split() -> Result<(Vec<usize>, Vec<usize>), neuron::Error> {
    datasets::split_indices(442, TEST_FRACTION, &mut StdRng::seed_from_u64(SPLIT_SEED))
}

/// Splits the data, then standardises inputs and target with the training
/// part's means and standard deviations only: the test patients must not leak
/// into training.
pub fn prepare(data: &Dataset<f64>) -> Result<Prepared, neuron::Error> {
    let (train_rows, test_rows) = split()?;
    let (train, test) = (data.select(&train_rows)?, data.select(&test_rows)?);
    let input_scaler = Standardizer::fit(train.inputs())?;
    let target_scaler = Standardizer::fit_column(train.targets())?;
    Ok(Prepared {
        x_train: input_scaler.transform(train.inputs())?,
        t_train: target_scaler.transform_column(train.targets())?,
        x_test: input_scaler.transform(test.inputs())?,
        y_test: test.targets().clone(),
        target_scaler,
    })
}

/// The training settings: Adam on mini-batches, with scikit-learn's penalty.
pub fn settings(seed: u64) -> GradientDescent {
    GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(LEARNING_RATE)
        .batch_size(BATCH_SIZE)
        .epochs(EPOCHS)
        .l2(l2())
        .seed(seed)
}

/// A 10-32-1 network, ReLU then identity, with Glorot's uniform weights (as
/// scikit-learn draws them), trained on the prepared data.
pub fn train(
    prepared: &Prepared,
    seed: u64,
) -> Result<(Network<f64>, History<f64>), neuron::Error> {
    let sizes = [prepared.x_train.ncols(), HIDDEN, 1];
    let mut rng = StdRng::seed_from_u64(seed);
    let mut network = Network::random_with_output(
        &sizes,
        Activation::Relu,
        Activation::Identity,
        Init::XavierUniform,
        &mut rng,
    )?;
    let history = settings(seed).fit(
        &mut network,
        &prepared.x_train,
        &prepared.t_train,
        Loss::MeanSquaredError,
    )?;
    Ok((network, history))
}

/// The network's predictions for the test patients, in the target's units.
pub fn predict(network: &Network<f64>, prepared: &Prepared) -> Result<Array1<f64>, neuron::Error> {
    let standardised = network.predict(&prepared.x_test)?;
    prepared
        .target_scaler
        .inverse_transform_column(&standardised)
}

/// How close `predicted` comes to the test targets.
pub fn score(prepared: &Prepared, predicted: &Array1<f64>) -> Result<Scores, neuron::Error> {
    let y = &prepared.y_test;
    Ok(Scores {
        r2: regression::r2(y, predicted)?,
        mae: regression::mae(y, predicted)?,
        rmse: regression::rmse(y, predicted)?,
    })
}

/// The value of `key` in the scikit-learn fixture (a line `key value`).
pub fn sklearn_value(key: &str) -> Option<f64> {
    SKLEARN.lines().find_map(|line| {
        let (name, value) = line.split_once(' ')?;
        if name == key {
            value.trim().parse().ok()
        } else {
            None
        }
    })
}

/// The split, as `tests/fixtures/diabetes_split.txt` holds it.
pub fn split_fixture() -> Result<String, neuron::Error> {
    let (train, test) = split()?;
    let join = |rows: &[usize]| {
        rows.iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    };
    Ok(format!(
        "# datasets::split_indices(442, {TEST_FRACTION}, &mut StdRng::seed_from_u64({SPLIT_SEED})) \
         on datasets::diabetes()\n\
         # written by `cargo run --example regression -- --split`\n\
         train {}\ntest {}\n",
        join(&train),
        join(&test)
    ))
}

fn main() -> Result<(), Box<dyn Error>> {
    if std::env::args().any(|arg| arg == "--split") {
        print!("{}", split_fixture()?);
        return Ok(());
    }

    let data = datasets::diabetes::<f64>();
    let targets = data.targets();
    println!(
        "{} patients × {} features ({}); the target, disease progression a year on, \
         runs from {} to {} (mean {:.1})",
        data.n_samples(),
        data.n_features(),
        data.feature_names().join(", "),
        targets.fold(f64::INFINITY, |a, &b| a.min(b)),
        targets.fold(f64::NEG_INFINITY, |a, &b| a.max(b)),
        targets.mean().unwrap_or(f64::NAN),
    );

    // Age is in years, sex is 1 or 2, cholesterol in the hundreds: standardise
    // the inputs so that no feature dominates the first steps, and the target
    // so that the loss starts near 1 whatever its units.
    let prepared = prepare(&data)?;
    println!(
        "{} patients to train on, {} to test on (split seed {SPLIT_SEED}); inputs and target \
         standardised with the training part's means and spreads\n",
        prepared.x_train.nrows(),
        prepared.x_test.nrows()
    );

    // One network, looked at closely.
    let seed = SEEDS[0];
    let (network, history) = train(&prepared, seed)?;
    println!("{network}");
    println!(
        "{}, learning rate {LEARNING_RATE}, batches of {BATCH_SIZE}, {EPOCHS} epochs, \
         l2 {} (scikit-learn's alpha = {ALPHA})",
        settings(seed).optimizer,
        l2()
    );
    // scikit-learn halves its squared error (and its penalty): twice its
    // objective is ours.
    let losses = history.loss();
    let sklearn_loss = sklearn_value(&format!("final_loss_seed_{seed}")).unwrap_or(f64::NAN);
    println!(
        "training objective (standardised units): {:.3} after the first epoch, {:.3} after the last \
         (scikit-learn's, doubled: {:.3})\n",
        losses.first().copied().unwrap_or(f64::NAN),
        losses.last().copied().unwrap_or(f64::NAN),
        2.0 * sklearn_loss
    );

    let predicted = predict(&network, &prepared)?;
    println!("the first five test patients: true   predicted");
    for (y, p) in prepared.y_test.iter().zip(&predicted).take(5) {
        println!("                              {y:>4}   {p:>7.1}");
    }

    // "Always say the training mean" is the R² = 0 line to beat.
    let mean = prepared
        .target_scaler
        .mean()
        .first()
        .copied()
        .unwrap_or(0.0);
    let baseline = score(&prepared, &Array1::from_elem(prepared.y_test.len(), mean))?;
    println!(
        "\nalways predicting the training mean ({mean:.1}): test R² = {:.3}, MAE = {:.1}, RMSE = {:.1}",
        baseline.r2, baseline.mae, baseline.rmse
    );

    // One seed's R² depends on its starting weights and batch order; the mean
    // over a few seeds is the figure to compare.
    let mut all = Vec::new();
    for seed in SEEDS {
        let (network, _) = train(&prepared, seed)?;
        let scores = score(&prepared, &predict(&network, &prepared)?)?;
        println!(
            "seed {seed}: test R² = {:.3}, MAE = {:.1}, RMSE = {:.1}   (scikit-learn's random_state {seed}: R² = {:.3})",
            scores.r2,
            scores.mae,
            scores.rmse,
            sklearn_value(&format!("r2_seed_{seed}")).unwrap_or(f64::NAN)
        );
        all.push(scores);
    }
    let n = all.len() as f64;
    let mean_of = |f: fn(&Scores) -> f64| all.iter().map(f).sum::<f64>() / n;
    let ours = [mean_of(|s| s.r2), mean_of(|s| s.mae), mean_of(|s| s.rmse)];
    let sklearn = |prefix: &str| {
        ["r2", "mae", "rmse"]
            .map(|name| sklearn_value(&format!("{prefix}{name}")).unwrap_or(f64::NAN))
    };
    println!(
        "\nmean over {} seeds                 test R²    MAE   RMSE",
        all.len()
    );
    let rows = [
        (format!("this crate's 10-{HIDDEN}-1 network"), ours, ""),
        (
            "scikit-learn's MLPRegressor".to_owned(),
            sklearn("mean_"),
            "   (same split and settings)",
        ),
        (
            "scikit-learn's LinearRegression".to_owned(),
            sklearn("linear_"),
            "   (a straight line, for scale)",
        ),
    ];
    for (name, [r2, mae, rmse], note) in rows {
        println!("{name:<33} {r2:>6.3}  {mae:>5.1}  {rmse:>5.1}{note}");
    }
    println!(
        "(MAE and RMSE in the target's units; scikit-learn's from tests/fixtures/sklearn_mlp_regressor.txt)"
    );
    Ok(())
}
