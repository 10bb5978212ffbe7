//! `validation_split_seeded`: a random validation part, stratified for
//! classification, the same rows as `stratified_split_indices` /
//! `split_indices` give for the seed (their counts are scikit-learn's:
//! tests/suite/stratified_split.rs), and training on it the same bits as training
//! with those rows given as validation data.

use neuron::datasets::{split_indices, stratified_split_indices};
use neuron::prelude::*;
use neuron::{Error, Hooks};

fn network(outputs: usize, activation: Activation) -> Network<f64> {
    Network::random(
        &[4, 6, outputs],
        activation,
        Init::XavierUniform,
        &mut StdRng::seed_from_u64(3),
    )
    .unwrap()
}

#[test]
fn a_seeded_split_of_classes_is_stratified_and_trains_as_those_rows_given() {
    let (x, labels) = neuron::datasets::iris::<f64>().into_parts();
    let x = Standardizer::fit_transform(&x).unwrap().1;
    let t = one_hot(&labels, 3).unwrap();
    let w = Array1::from_shape_fn(150, |i| 1.0 + (i % 4) as f64);
    let settings = GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(0.02)
        .batch_size(16)
        .epochs(5);

    let mut seeded = network(3, Activation::Softmax);
    let history = settings
        .clone()
        .validation_split_seeded(0.2, 11)
        .fit_with(
            &mut seeded,
            &x,
            &t,
            Loss::CrossEntropy,
            Hooks::new().sample_weights(&w),
        )
        .unwrap();

    let (train, held) =
        stratified_split_indices(&labels, 0.2, &mut StdRng::seed_from_u64(11)).unwrap();
    // iris has 50 of each class: 10 of each held out.
    assert_eq!(held.len(), 30);
    for class in 0..3 {
        let count = held.iter().filter(|&&i| labels[i] == class as f64).count();
        assert_eq!(count, 10, "class {class}");
    }
    let pick = |rows: &[usize]| (x.select(Axis(0), rows), t.select(Axis(0), rows));
    let ((xt, tt), (xv, tv)) = (pick(&train), pick(&held));
    let wt = w.select(Axis(0), &train);
    let mut given = network(3, Activation::Softmax);
    let expected = settings
        .fit_with(
            &mut given,
            &xt,
            &tt,
            Loss::CrossEntropy,
            Hooks::new().validation(&xv, &tv).sample_weights(&wt),
        )
        .unwrap();
    assert_eq!(seeded, given);
    assert_eq!(history, expected);
}

#[test]
fn a_seeded_split_for_regression_is_uniform() {
    let x = Array2::from_shape_fn((40, 4), |(i, j)| ((i * 3 + j * 5) % 11) as f64 / 10.0);
    let y: Array1<f64> = x.rows().into_iter().map(|r| r.sum()).collect();
    let settings = GradientDescent::new().learning_rate(0.05).epochs(4);
    let mut seeded = network(1, Activation::Identity);
    let history = settings
        .clone()
        .validation_split_seeded(0.25, 2)
        .fit(&mut seeded, &x, &y, Loss::MeanSquaredError)
        .unwrap();
    let (train, held) = split_indices(40, 0.25, &mut StdRng::seed_from_u64(2)).unwrap();
    assert_eq!(held.len(), 10);
    let (xv, yv) = (x.select(Axis(0), &held), y.select(Axis(0), &held));
    let mut given = network(1, Activation::Identity);
    let expected = settings
        .fit_with(
            &mut given,
            &x.select(Axis(0), &train),
            &y.select(Axis(0), &train),
            Loss::MeanSquaredError,
            Hooks::new().validation(&xv, &yv),
        )
        .unwrap();
    assert_eq!(seeded, given);
    assert_eq!(history, expected);
    // validation_split (unseeded) goes back to the last samples.
    assert_eq!(
        settings
            .validation_split_seeded(0.2, 1)
            .validation_split(0.2)
            .validation_seed,
        None
    );
}

#[test]
fn seeded_splits_that_cannot_be_are_refused_by_name() {
    let x = Array2::from_shape_fn((6, 4), |(i, j)| (i + j) as f64);
    let t = array![0.0, 0.0, 1.0, 1.0, 1.0, 0.0];
    for fraction in [0.0, 1.0, f64::NAN] {
        let err = GradientDescent::new()
            .validation_split_seeded(fraction, 0)
            .fit(
                &mut network(1, Activation::Sigmoid),
                &x,
                &t,
                Loss::BinaryCrossEntropy,
            )
            .unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidSetting {
                    name: "validation_split",
                    ..
                }
            ),
            "{err}"
        );
    }
    // A class of one sample cannot be in both parts (scikit-learn refuses it too).
    let lonely = array![0.0, 0.0, 0.0, 0.0, 0.0, 1.0];
    let err = GradientDescent::new()
        .validation_split_seeded(0.3, 0)
        .fit(
            &mut network(1, Activation::Sigmoid),
            &x,
            &lonely,
            Loss::BinaryCrossEntropy,
        )
        .unwrap_err();
    assert!(matches!(err, Error::InvalidValue { index: 5, .. }), "{err}");
}
