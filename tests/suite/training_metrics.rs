//! Metrics while training, callbacks that see the model, and checkpoints.
//!
//! The oracle for the recorded metrics is the crate's `metrics` module
//! (itself checked against scikit-learn: tests/suite/metrics.rs,
//! tests/suite/multiclass_metrics.rs, tests/suite/regression_metrics.rs), applied to the
//! model as each epoch left it, which a callback sees.

use std::ops::ControlFlow;

use neuron::prelude::*;
use neuron::{Checkpoint, Error};

/// |a − b| ≤ 1e-12·max(1, |b|).
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

fn spiral(n: usize, seed: u64) -> (Array2<f64>, Array1<f64>) {
    let data =
        neuron::datasets::spiral::<f64, _>(n, 0.1, &mut StdRng::seed_from_u64(seed)).unwrap();
    data.into_parts()
}

#[test]
fn the_history_records_accuracy_as_the_metrics_module_measures_each_epochs_model() {
    let (x, labels) = spiral(40, 1);
    let (xv, labels_v) = spiral(20, 2);
    let (t, tv) = (one_hot(&labels, 2).unwrap(), one_hot(&labels_v, 2).unwrap());
    let mut network = Network::random(
        &[2, 16, 2],
        Activation::Softmax,
        Init::XavierUniform,
        &mut StdRng::seed_from_u64(0),
    )
    .unwrap();
    let mut seen = Vec::new();
    let hooks =
        Hooks::new()
            .validation(&xv, &tv)
            .on_epoch_with_model(|report, model: &Network<f64>| {
                let train = metrics::multiclass::accuracy(&labels, &model.predict_classes(&x)?)?;
                let valid = metrics::multiclass::accuracy(&labels_v, &model.predict_classes(&xv)?)?;
                assert_eq!(report.metrics.get(Metric::Accuracy), Some(train));
                assert_eq!(report.validation_metrics.get(Metric::Accuracy), Some(valid));
                seen.push((train, valid));
                Ok(ControlFlow::Continue(()))
            });
    let history = GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(0.02)
        .batch_size(16)
        .epochs(25)
        .metrics(&[Metric::Accuracy])
        .fit_with(&mut network, &x, &t, Loss::CrossEntropy, hooks)
        .unwrap();
    let (train, valid): (Vec<f64>, Vec<f64>) = seen.into_iter().unzip();
    assert_eq!(history.metric(Metric::Accuracy), train.as_slice());
    assert_eq!(
        history.validation_metric(Metric::Accuracy),
        valid.as_slice()
    );
    assert_eq!(history.metrics().collect::<Vec<_>>(), [Metric::Accuracy]);
    // It learnt something: the last epoch beats the first.
    assert!(train[24] > train[0], "{train:?}");
}

#[test]
fn regression_metrics_while_training_equal_the_regression_module() {
    // y = x₁ − 2x₂ + noise, learnt by a 2-8-1 network with an identity output.
    let mut rng = StdRng::seed_from_u64(5);
    let x = Array2::from_shape_fn((50, 2), |_| rng.random_range(-1.0_f64..1.0));
    let y: Array1<f64> = x
        .rows()
        .into_iter()
        .map(|r| r[0] - 2.0 * r[1] + 0.1 * (r[0] * 7.0).sin())
        .collect();
    let mut network = Network::random_with_output(
        &[2, 8, 1],
        Activation::Tanh,
        Activation::Identity,
        Init::XavierUniform,
        &mut StdRng::seed_from_u64(2),
    )
    .unwrap();
    let all = [
        Metric::MeanAbsoluteError,
        Metric::MeanSquaredError,
        Metric::RootMeanSquaredError,
        Metric::R2,
    ];
    let mut expected = Vec::new();
    let hooks = Hooks::new().on_epoch_with_model(|_, model: &Network<f64>| {
        let p = model.predict(&x)?;
        expected.push([
            metrics::regression::mae(&y, &p)?,
            metrics::regression::mse(&y, &p)?,
            metrics::regression::rmse(&y, &p)?,
            metrics::regression::r2(&y, &p)?,
        ]);
        Ok(ControlFlow::Continue(()))
    });
    let history = GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(0.05)
        .epochs(40)
        .metrics(&all)
        .fit_with(&mut network, &x, &y, Loss::MeanSquaredError, hooks)
        .unwrap();
    for (m, metric) in all.into_iter().enumerate() {
        let recorded = history.metric(metric);
        assert_eq!(recorded.len(), 40, "{metric}");
        for (epoch, (ours, oracle)) in recorded.iter().zip(&expected).enumerate() {
            assert!(
                close(*ours, oracle[m]),
                "{metric}, epoch {}: {ours} against {}",
                epoch + 1,
                oracle[m]
            );
        }
    }
    // The loss is the MSE (without penalty): the same number as the metric.
    for (loss, mse) in history
        .loss()
        .iter()
        .zip(history.metric(Metric::MeanSquaredError))
    {
        assert!(close(*loss, *mse), "{loss} against {mse}");
    }
    let r2 = history.metric(Metric::R2);
    assert!(r2[39] > 0.9 && r2[39] > r2[0], "{r2:?}");
}

#[test]
fn binary_accuracy_uses_the_output_activations_threshold() {
    // A sigmoid neuron: right when σ(h) ≥ 0.5 exactly where t = 1.
    let x = array![[-2.0], [-1.0], [0.5], [1.0], [2.0]];
    let t = array![0.0, 0.0, 0.0, 1.0, 1.0];
    let mut neuron = Neuron::new(array![1.0]);
    let mut oracle = Vec::new();
    let hooks = Hooks::new().on_epoch_with_model(|_, neuron: &Neuron<f64>| {
        oracle.push(metrics::accuracy(&t, &neuron.predict(&x)?)?);
        Ok(ControlFlow::Continue(()))
    });
    let history = GradientDescent::new()
        .learning_rate(0.5)
        .epochs(30)
        .metrics(&[Metric::Accuracy])
        .fit_with(&mut neuron, &x, &t, Loss::BinaryCrossEntropy, hooks)
        .unwrap();
    assert_eq!(history.metric(Metric::Accuracy), oracle.as_slice());
    // At the start 0.5 is on the wrong side (4 of 5 right); training moves the boundary past it.
    assert_eq!(oracle[0], 0.8);
    assert_eq!(oracle[29], 1.0);
}

#[test]
fn a_callback_that_fails_ends_training_with_its_error_and_the_epochs_model() {
    let x = array![[-1.0], [1.0]];
    let t = array![0.0, 1.0];
    let mut neuron = Neuron::new(array![0.0]);
    let mut kept = None;
    let hooks = Hooks::new().on_epoch_with_model(|report, neuron: &Neuron<f64>| {
        if report.epoch == 3 {
            kept = Some(neuron.clone());
            return Err(Error::Empty {
                what: "callback's test",
            });
        }
        Ok(ControlFlow::Continue(()))
    });
    let mut trainer = GradientDescent::new().epochs(10).trainer();
    let err = trainer
        .fit_with(&mut neuron, &x, &t, Loss::BinaryCrossEntropy, hooks)
        .unwrap_err();
    assert!(matches!(err, Error::Empty { .. }), "{err}");
    assert_eq!(Some(neuron), kept);
    assert_eq!(trainer.history().epochs(), 3);
}

#[cfg(feature = "serde")]
mod checkpoints {
    use super::*;

    fn folder(name: &str) -> std::path::PathBuf {
        let folder =
            std::env::temp_dir().join(format!("neuron-checkpoints-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        folder
    }

    #[test]
    fn the_best_checkpoint_holds_the_epoch_of_lowest_validation_loss() {
        let (x, labels) = spiral(30, 3);
        let (xv, labels_v) = spiral(15, 4);
        let (t, tv) = (one_hot(&labels, 2).unwrap(), one_hot(&labels_v, 2).unwrap());
        let mut network = Network::random(
            &[2, 12, 2],
            Activation::Softmax,
            Init::XavierUniform,
            &mut StdRng::seed_from_u64(1),
        )
        .unwrap();
        let folder = folder("best");
        let mut models = Vec::new();
        let hooks = Hooks::new()
            .validation(&xv, &tv)
            .on_epoch_with_model(|_, network: &Network<f64>| {
                models.push(network.clone());
                Ok(ControlFlow::Continue(()))
            })
            .checkpoint(Checkpoint::best(folder.join("best.json")), |n, path| {
                n.save(path)
            })
            .checkpoint(
                Checkpoint::every(4, folder.join("epoch-{epoch}.json")).unwrap(),
                |n, path| n.save(path),
            );
        // A large rate, so that the validation loss goes up and down.
        let history = GradientDescent::new()
            .optimizer(Optimizer::adam())
            .learning_rate(0.3)
            .batch_size(5)
            .epochs(12)
            .fit_with(&mut network, &x, &t, Loss::CrossEntropy, hooks)
            .unwrap();
        let losses = history.validation_loss();
        let best = (0..12)
            .min_by(|&a, &b| losses[a].total_cmp(&losses[b]))
            .unwrap();
        assert_ne!(
            best, 11,
            "the test needs a best epoch before the last: {losses:?}"
        );
        let saved = Network::<f64>::load(folder.join("best.json")).unwrap();
        assert_eq!(saved, models[best]);
        for epoch in [4, 8, 12] {
            let saved = Network::<f64>::load(folder.join(format!("epoch-{epoch}.json"))).unwrap();
            assert_eq!(saved, models[epoch - 1], "epoch {epoch}");
        }
        let files = std::fs::read_dir(&folder).unwrap().count();
        assert_eq!(files, 4, "best.json and three every-4 files");
        std::fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn a_checkpoint_that_cannot_be_written_ends_training_with_the_io_error() {
        let x = array![[-1.0], [1.0]];
        let t = array![0.0, 1.0];
        let missing = std::env::temp_dir()
            .join(format!("neuron-no-such-folder-{}", std::process::id()))
            .join("model.json");
        let hooks =
            Hooks::new().checkpoint(Checkpoint::best(&missing), |n: &Neuron<f64>, p| n.save(p));
        let mut neuron = Neuron::new(array![0.0]);
        let err = GradientDescent::new()
            .epochs(5)
            .fit_with(&mut neuron, &x, &t, Loss::BinaryCrossEntropy, hooks)
            .unwrap_err();
        assert!(err.to_string().contains("model.json"), "{err}");
        assert_ne!(
            neuron.weights()[0],
            0.0,
            "the first epoch's weights are kept"
        );
    }
}

#[test]
fn checkpoints_every_zero_epochs_are_refused() {
    let err = Checkpoint::every(0, "model.json").unwrap_err();
    assert_eq!(
        err.to_string(),
        "every is 0, but it must be at least 1 epoch"
    );
}
