//! One softmax layer trained with Adam is multinomial logistic regression: it
//! reaches scikit-learn's optimum on the bundled many-class data.
//!
//! Oracle: `scripts/oracles/softmax_logistic.py` (scikit-learn 1.9.1). Features
//! standardised with `StandardScaler`; `LogisticRegression(C=1.0)` (lbfgs,
//! multinomial) fitted, then polished with exact Newton steps to the optimum of
//!
//! ```text
//! J(W, b) = mean over samples of −ln softmax(x·W + b)[y] + (1 / (2n))·‖W‖²
//! ```
//!
//! which is scikit-learn's objective divided by `C·n`: the crate's
//! `Loss::CrossEntropy` with `l2(1 / n)` (the intercepts unpenalised).

use neuron::datasets::{self, Dataset};
use neuron::prelude::*;

/// Trains a zero-initialised softmax layer with Adam (full batch, cosine
/// schedule) and returns its objective and training accuracy.
fn softmax_regression(data: &Dataset<f64>) -> (f64, usize) {
    let (_, x) = Standardizer::fit_transform(data.inputs()).unwrap();
    let n_classes = data.target_names().len();
    let t = one_hot(data.targets(), n_classes).unwrap();
    let n = x.nrows();
    let mut layer = Dense::new(
        Array2::zeros((x.ncols(), n_classes)),
        Array1::zeros(n_classes),
        Activation::Softmax,
    )
    .unwrap();
    let settings = GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(0.4)
        .schedule(Schedule::cosine(0.0))
        .epochs(600)
        .l2(1.0 / n as f64);
    settings
        .fit(&mut layer, &x, &t, Loss::CrossEntropy)
        .unwrap();
    let objective = settings
        .objective(&layer, x.view(), t.view(), Loss::CrossEntropy)
        .unwrap();
    let network = Network::from_layers(vec![layer]).unwrap();
    let predicted = network.predict_classes(&x).unwrap();
    let correct = predicted
        .iter()
        .zip(data.targets())
        .filter(|(p, t)| **p as f64 == **t)
        .count();
    (objective, correct)
}

fn assert_reaches(name: &str, data: Dataset<f64>, optimum: f64, sklearn_correct: usize) {
    let (objective, correct) = softmax_regression(&data);
    let relative = (objective - optimum).abs() / optimum;
    assert!(
        relative < 1e-6,
        "{name}: J = {objective}, scikit-learn's optimum {optimum}, relative difference {relative:e}"
    );
    assert_eq!(correct, sklearn_correct, "{name}: training accuracy");
}

#[test]
fn iris_reaches_scikit_learns_optimum() {
    // softmax_logistic.out.txt, iris (b): J = 0.20919178840530983, 146/150 right.
    assert_reaches("iris", datasets::iris(), 0.20919178840530983, 146);
}

#[test]
fn wine_reaches_scikit_learns_optimum() {
    // softmax_logistic.out.txt, wine (b): J = 0.06792323468457989, 178/178 right.
    assert_reaches("wine", datasets::wine(), 0.06792323468457989, 178);
}

#[test]
fn digits_reaches_scikit_learns_optimum() {
    // softmax_logistic.out.txt, digits (b): J = 0.06314966877035848, 1795/1797 right.
    assert_reaches("digits", datasets::digits(), 0.06314966877035848, 1795);
}
