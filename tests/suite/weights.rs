//! Class and sample weights against PyTorch (oracle:
//! scripts/oracles/torch_weights.py → tests/fixtures/torch_weights.txt):
//! `CrossEntropyLoss(weight=…)`, weighted BCE and weighted MSE, as the loss
//! and gradient of a batch, and as 5 full-batch steps and 5 epochs of
//! mini-batches (each batch its own weighted mean); and the weights refused.

use neuron::ndarray::{Array1, Array2, array};
use neuron::prelude::*;
use neuron::{Error, Workspace};

use crate::common::sgd_oracle;

use sgd_oracle::{assert_close, parameters};

fn values(name: &str) -> Vec<f64> {
    sgd_oracle::line(include_str!("../fixtures/torch_weights.txt"), name)
}

/// The 3-4-k tanh network of the oracle: torch_sgd_step.py's, with a third
/// output unit for cross-entropy.
fn network(k: usize, output: Activation) -> Network<f64> {
    let w1 = array![
        [0.1, -0.2, 0.3],
        [-0.4, 0.5, -0.6],
        [0.7, 0.8, -0.9],
        [0.05, -0.15, 0.25]
    ];
    let w2 = array![
        [0.2, -0.3, 0.4, -0.5],
        [-0.6, 0.7, 0.1, 0.3],
        [0.35, 0.1, -0.25, 0.45]
    ];
    let b2 = array![0.05, -0.05, 0.02];
    Network::from_layers(vec![
        Dense::new(
            w1.t().to_owned(),
            array![0.01, -0.02, 0.03, -0.04],
            Activation::Tanh,
        )
        .unwrap(),
        Dense::new(
            w2.slice(neuron::ndarray::s![..k, ..]).t().to_owned(),
            b2.slice(neuron::ndarray::s![..k]).to_owned(),
            output,
        )
        .unwrap(),
    ])
    .unwrap()
}

fn inputs() -> Array2<f64> {
    array![
        [0.5, 0.3, 0.2],
        [-1.0, 0.4, 0.9],
        [0.0, 0.0, 0.0],
        [1.5, -0.7, 0.2],
        [0.3, 0.3, -0.8],
        [-0.6, -0.2, 0.4]
    ]
}

fn sample_weights() -> Array1<f64> {
    array![0.5, 2.0, 1.0, 0.0, 3.0, 1.5]
}

/// Each case: the network, its targets, the loss, the class weights and
/// whether the samples are weighted.
struct Case {
    name: &'static str,
    network: Network<f64>,
    targets: Array2<f64>,
    loss: Loss,
    class_weights: Option<Vec<f64>>,
    weighted_samples: bool,
}

fn cases() -> Vec<Case> {
    let labels = array![0.0, 2.0, 1.0, 2.0, 0.0, 2.0];
    let binary = array![[1.0], [0.0], [1.0], [1.0], [0.0], [0.0]];
    vec![
        Case {
            name: "ce_class",
            network: network(3, Activation::Softmax),
            targets: one_hot(&labels, 3).unwrap(),
            loss: Loss::CrossEntropy,
            class_weights: Some(vec![0.2, 1.0, 3.0]),
            weighted_samples: false,
        },
        Case {
            name: "bce_sample",
            network: network(1, Activation::Sigmoid),
            targets: binary.clone(),
            loss: Loss::BinaryCrossEntropy,
            class_weights: None,
            weighted_samples: true,
        },
        Case {
            name: "bce_both",
            network: network(1, Activation::Sigmoid),
            targets: binary,
            loss: Loss::BinaryCrossEntropy,
            class_weights: Some(vec![1.0, 4.0]),
            weighted_samples: true,
        },
        Case {
            name: "mse_sample",
            network: network(2, Activation::Identity),
            targets: array![
                [1.0, 0.0],
                [0.0, 1.0],
                [0.5, 0.5],
                [1.0, 1.0],
                [0.0, 0.0],
                [-0.5, 2.0]
            ],
            loss: Loss::MeanSquaredError,
            class_weights: None,
            weighted_samples: true,
        },
    ]
}

fn settings(case: &Case) -> GradientDescent {
    let settings = GradientDescent::new()
        .learning_rate(0.5)
        .epochs(5)
        .shuffle(false);
    match &case.class_weights {
        Some(w) => settings.class_weights(w),
        None => settings,
    }
}

fn train(case: &Case, settings: GradientDescent) -> History<f64> {
    let x = inputs();
    let s = sample_weights();
    let mut network = case.network.clone();
    let hooks = if case.weighted_samples {
        Hooks::new().sample_weights(&s)
    } else {
        Hooks::new()
    };
    let history = settings
        .fit_with(&mut network, &x, &case.targets, case.loss, hooks)
        .unwrap();
    let which = if settings.batch_size.is_some() {
        "mini"
    } else {
        "full"
    };
    assert_close(
        &parameters(&network),
        &values(&format!("{which}.{}", case.name)),
        &format!("{which}.{}", case.name),
    );
    history
}

#[test]
fn weighted_training_equals_pytorch_full_batch_and_mini_batch() {
    for case in cases() {
        let history = train(&case, settings(&case));
        assert_eq!(history.epochs(), 5);
        train(&case, settings(&case).batch_size(4));
    }
}

#[test]
fn the_weighted_loss_and_its_gradient_equal_pytorch() {
    // A batch's weighted loss and gradient, as a training loop of one's own
    // takes them: the oracle's `value` and `grad` lines.
    for case in cases() {
        let mut weights = sample_weights();
        if !case.weighted_samples {
            weights.fill(1.0);
        }
        if let Some(class) = &case.class_weights {
            for (w, t) in weights.iter_mut().zip(case.targets.rows()) {
                *w *= if t.len() == 1 {
                    class[0] * (1.0 - t[0]) + class[1] * t[0]
                } else {
                    t.iter().zip(class).map(|(t, c)| t * c).sum::<f64>()
                };
            }
        }
        let mut workspace = Workspace::new();
        workspace.set_sample_weights(Some(weights));
        let value = case
            .network
            .loss_and_gradient_in(
                inputs().view(),
                case.targets.view(),
                case.loss,
                None,
                &mut workspace,
            )
            .unwrap();
        let name = case.name;
        assert_close(&[value], &values(&format!("value.{name}")), name);
        // The gradient, in the oracle's order: every weight, then every bias, layer by layer.
        let gradient: Vec<f64> = workspace
            .gradient()
            .iter()
            .flat_map(|g| g.iter().copied().collect::<Vec<_>>())
            .collect();
        assert_close(&gradient, &values(&format!("grad.{name}")), name);
        // And unweighted it is another number.
        let mut plain = Workspace::new();
        let unweighted = case
            .network
            .loss_and_gradient_in(
                inputs().view(),
                case.targets.view(),
                case.loss,
                None,
                &mut plain,
            )
            .unwrap();
        assert!(
            (unweighted - value).abs() > 1e-3,
            "{name}: the weights change the loss"
        );
    }
}

#[test]
fn equal_weights_train_as_no_weights_and_scaling_them_changes_nothing() {
    let case = cases().remove(3);
    let x = inputs();
    let mut plain = case.network.clone();
    let settings = GradientDescent::new()
        .learning_rate(0.3)
        .epochs(4)
        .batch_size(4);
    settings
        .fit(&mut plain, &x, &case.targets, case.loss)
        .unwrap();
    for scale in [1.0, 2.5] {
        let w = Array1::from_elem(6, scale);
        let mut weighted = case.network.clone();
        settings
            .fit_with(
                &mut weighted,
                &x,
                &case.targets,
                case.loss,
                Hooks::new().sample_weights(&w),
            )
            .unwrap();
        assert_close(&parameters(&weighted), &parameters(&plain), "equal weights");
    }
}

#[test]
fn weights_that_cannot_be_are_refused_by_name() {
    let case = cases().remove(1);
    let x = inputs();
    let fit = |settings: GradientDescent, w: &Array1<f64>| {
        let mut network = case.network.clone();
        settings
            .fit_with(
                &mut network,
                &x,
                &case.targets,
                case.loss,
                Hooks::new().sample_weights(w),
            )
            .unwrap_err()
    };
    let err = fit(
        GradientDescent::new(),
        &array![1.0, -2.0, 1.0, 1.0, 1.0, 1.0],
    );
    assert_eq!(
        err.to_string(),
        "sample_weights at index 1 is -2, but it must be finite and ≥ 0"
    );
    let err = fit(
        GradientDescent::new(),
        &array![1.0, f64::NAN, 1.0, 1.0, 1.0, 1.0],
    );
    assert!(
        matches!(
            err,
            Error::InvalidValue {
                what: "sample_weights",
                index: 1,
                ..
            }
        ),
        "{err}"
    );
    let err = fit(GradientDescent::new(), &Array1::zeros(6));
    assert!(
        matches!(
            err,
            Error::InvalidSetting {
                name: "sample_weights",
                ..
            }
        ),
        "{err}"
    );
    let err = fit(GradientDescent::new(), &Array1::ones(5));
    assert!(
        matches!(
            err,
            Error::LengthMismatch {
                left: 5,
                right: 6,
                ..
            }
        ),
        "{err}"
    );
    let ones = Array1::ones(6);
    let err = fit(GradientDescent::new().class_weights(&[1.0, -1.0]), &ones);
    assert!(
        matches!(err, Error::InvalidSetting { name: "class_weights", value, .. } if value == -1.0),
        "{err}"
    );
    let err = fit(
        GradientDescent::new().class_weights(&[1.0, 2.0, 3.0]),
        &ones,
    );
    assert!(
        matches!(err, Error::InvalidSetting { name: "class_weights", value, .. } if value == 3.0),
        "{err}"
    );
    // The held-out samples' weights are set aside with them: the training
    // part's weights are all 0 here.
    let err = fit(
        GradientDescent::new().validation_split(0.5),
        &array![0.0, 0.0, 0.0, 1.0, 1.0, 1.0],
    );
    assert!(
        matches!(
            err,
            Error::InvalidSetting {
                name: "sample_weights",
                ..
            }
        ),
        "{err}"
    );
}
