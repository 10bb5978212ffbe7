//! SVG plots: their labels, legends and data, and every way a plot can be refused.
#![cfg(feature = "plot")]

use approx::assert_abs_diff_eq;
use neuron::datasets::Dataset;
use neuron::notebook::HtmlDisplay;
use neuron::plot;
use neuron::prelude::*;
use neuron::{Error, GradientDescent, Hooks, Loss};

use crate::common::svg;

use svg::{BLUE, ORANGE, polylines, texts};

fn trained_history(epochs: usize, validation: bool) -> History<f64> {
    let x = array![[-1.0, 0.5], [1.0, 0.2], [-0.5, -1.0], [2.0, 1.0]];
    let t = array![0.0, 1.0, 0.0, 1.0];
    let mut neuron = Neuron::new(array![0.0, 0.0]);
    let settings = GradientDescent::new().learning_rate(0.5).epochs(epochs);
    let hooks = if validation {
        Hooks::new().validation(&x, &t)
    } else {
        Hooks::new()
    };
    settings
        .fit_with(&mut neuron, &x, &t, Loss::BinaryCrossEntropy, hooks)
        .unwrap()
}

#[test]
fn loss_curve_has_labelled_axes_and_a_point_per_epoch() {
    let svg = plot::loss_curve(&trained_history(37, false)).unwrap();
    let texts = texts(&svg);
    for label in ["Loss per epoch", "epoch", "loss"] {
        assert!(
            texts.iter().any(|t| t == label),
            "{label} missing in {texts:?}"
        );
    }
    assert!(texts.iter().any(|t| t.starts_with("training, last 0.")));
    assert!(!texts.iter().any(|t| t.starts_with("validation")));
    // The curve, and the short line of the legend.
    assert_eq!(polylines(&svg, BLUE), vec![37, 2]);
}

#[test]
fn loss_curve_with_validation_has_two_curves_and_a_legend() {
    let svg = plot::loss_curve(&trained_history(25, true)).unwrap();
    let texts = texts(&svg);
    assert!(texts.iter().any(|t| t.starts_with("training, last ")));
    assert!(texts.iter().any(|t| t.starts_with("validation, last ")));
    assert_eq!(polylines(&svg, BLUE), vec![25, 2]);
    assert_eq!(polylines(&svg, ORANGE), vec![25, 2]);
}

#[test]
fn loss_curve_says_when_training_stopped_early() {
    let mut neuron = Neuron::new(array![0.0]);
    let hooks = Hooks::new().on_epoch(|report| {
        if report.epoch == 5 {
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        }
    });
    let history = GradientDescent::new()
        .epochs(20)
        .fit_with(
            &mut neuron,
            &array![[-1.0], [1.0]],
            &array![0.0, 1.0],
            Loss::BinaryCrossEntropy,
            hooks,
        )
        .unwrap();
    let svg = plot::loss_curve(&history).unwrap();
    assert!(
        texts(&svg)
            .iter()
            .any(|t| t == "Loss per epoch (stopped early)")
    );
    assert_eq!(polylines(&svg, BLUE), vec![5, 2]);
}

#[test]
fn loss_curve_of_one_epoch_is_drawn() {
    let svg = plot::loss_curve(&trained_history(1, false)).unwrap();
    assert_eq!(polylines(&svg, BLUE), vec![2, 1]);
}

#[test]
fn loss_curve_refuses_an_empty_history() {
    let err = plot::loss_curve(&History::<f32>::default()).unwrap_err();
    assert_eq!(
        err,
        Error::Empty {
            what: "the history"
        }
    );
    assert_eq!(err.to_string(), "the history is empty");
}

/// Inputs and targets.
type Data = (Array2<f64>, Array1<f64>);

/// Four training samples and three held-out ones.
fn accuracy_data() -> [Data; 2] {
    [
        (
            array![[-1.0, 0.5], [1.0, 0.2], [-0.5, -1.0], [2.0, 1.0]],
            array![0.0, 1.0, 0.0, 1.0],
        ),
        (
            array![[0.5, 0.0], [-2.0, 0.3], [1.5, -1.0]],
            array![1.0, 0.0, 0.0],
        ),
    ]
}

/// A neuron trained on [`accuracy_data`] with its accuracy recorded.
fn accuracy_history(epochs: usize) -> (History<f64>, Neuron<f64>) {
    let [(x, t), (x_val, t_val)] = accuracy_data();
    let mut neuron = Neuron::new(array![0.0, 0.0]);
    let history = GradientDescent::new()
        .learning_rate(0.5)
        .epochs(epochs)
        .metrics(&[Metric::Accuracy])
        .fit_with(
            &mut neuron,
            &x,
            &t,
            Loss::BinaryCrossEntropy,
            Hooks::new().validation(&x_val, &t_val),
        )
        .unwrap();
    (history, neuron)
}

#[test]
fn metric_curve_has_both_series_labelled_by_the_metric() {
    let (history, neuron) = accuracy_history(30);
    let [(x, t), (x_val, t_val)] = accuracy_data();
    let svg = plot::metric_curve(&history, Metric::Accuracy).unwrap();
    let texts = texts(&svg);
    for label in ["Accuracy per epoch", "epoch", "accuracy"] {
        assert!(
            texts.iter().any(|t| t == label),
            "{label} missing in {texts:?}"
        );
    }
    // The last values: all 4 training samples right, 2 of the 3 held-out ones
    // (scripts/oracles/torch_metric_curve.py: 1.0 and 0.6666666666666666), as
    // metrics::accuracy also finds them for the trained neuron.
    let training: f64 = metrics::accuracy(&t, &neuron.predict(&x).unwrap()).unwrap();
    let validation: f64 = metrics::accuracy(&t_val, &neuron.predict(&x_val).unwrap()).unwrap();
    assert_eq!((training, validation), (1.0, 0.6666666666666666));
    assert_eq!(history.metric(Metric::Accuracy).last(), Some(&1.0));
    assert_eq!(
        history.validation_metric(Metric::Accuracy).last(),
        Some(&0.6666666666666666)
    );
    assert!(texts.iter().any(|t| t == "training, last 1"), "{texts:?}");
    assert!(
        texts.iter().any(|t| t == "validation, last 0.6667"),
        "{texts:?}"
    );
    // Each curve, and the short line of the legend.
    assert_eq!(polylines(&svg, BLUE), vec![30, 2]);
    assert_eq!(polylines(&svg, ORANGE), vec![30, 2]);
}

/// The y axis's tick labels: the numbers among the texts.
fn numbers(texts: &[String]) -> Vec<f64> {
    texts.iter().filter_map(|t| t.parse().ok()).collect()
}

#[test]
fn accuracy_is_shown_from_0_to_1_whatever_its_values() {
    let (history, _) = accuracy_history(30);
    // The lowest is 0.6666666666666666 (scripts/oracles/torch_metric_curve.py).
    let lowest = history
        .validation_metric(Metric::Accuracy)
        .iter()
        .fold(1.0_f64, |low, &a| low.min(a));
    assert_eq!(lowest, 0.6666666666666666);
    let ticks = numbers(&texts(
        &plot::metric_curve(&history, Metric::Accuracy).unwrap(),
    ));
    assert!(ticks.contains(&0.0) && ticks.contains(&1.0), "{ticks:?}");
    assert!(
        ticks.iter().all(|&y| (0.0..=1.0).contains(&y) || y > 1.5),
        "{ticks:?}"
    );
}

#[test]
fn metric_curve_of_an_error_starts_at_zero() {
    let x = array![[-1.0], [1.0]];
    let t = array![0.0, 1.0];
    let mut neuron = Neuron::new(array![0.0]);
    let history = GradientDescent::new()
        .learning_rate(1.0)
        .epochs(12)
        .metrics(&[Metric::Accuracy, Metric::MeanAbsoluteError])
        .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    let svg = plot::metric_curve(&history, Metric::MeanAbsoluteError).unwrap();
    let texts = texts(&svg);
    assert!(texts.iter().any(|t| t == "Mean absolute error per epoch"));
    assert!(texts.iter().any(|t| t == "mae"));
    // One step of 1 · 0.5 gives w = 0.5, outputs σ(∓0.5), and mean |y − t| =
    // 1 − σ(0.5) (scripts/oracles/torch_metric_curve.py: 0.3775406687981454
    // after epoch 1, 0.07988345578942971 after epoch 12). Training alone, so
    // no validation curve.
    let mae = history.metric(Metric::MeanAbsoluteError);
    assert_eq!(mae.len(), 12);
    assert_abs_diff_eq!(mae[0], 0.3775406687981454, epsilon = 1e-12);
    assert_abs_diff_eq!(mae[11], 0.07988345578942971, epsilon = 1e-12);
    assert!(
        texts.iter().any(|t| t == "training, last 0.07988"),
        "{texts:?}"
    );
    assert!(numbers(&texts).contains(&0.0));
    assert!(!texts.iter().any(|t| t.starts_with("validation")));
    assert_eq!(polylines(&svg, BLUE), vec![12, 2]);
    assert!(polylines(&svg, ORANGE).is_empty());
}

#[test]
fn metric_curve_goes_on_with_a_trainer() {
    let x = array![[-1.0, 0.5], [1.0, 0.2], [-0.5, -1.0], [2.0, 1.0]];
    let t = array![0.0, 1.0, 0.0, 1.0];
    let mut neuron = Neuron::new(array![0.0, 0.0]);
    let mut trainer = GradientDescent::new()
        .learning_rate(0.5)
        .metrics(&[Metric::Accuracy])
        .trainer();
    for _ in 0..2 {
        let hooks = Hooks::new().validation(&x, &t);
        trainer
            .fit_epochs_with(&mut neuron, &x, &t, Loss::BinaryCrossEntropy, 5, hooks)
            .unwrap();
    }
    let svg = plot::metric_curve(trainer.history(), Metric::Accuracy).unwrap();
    assert_eq!(polylines(&svg, BLUE), vec![10, 2]);
    assert_eq!(polylines(&svg, ORANGE), vec![10, 2]);
}

#[test]
fn metric_curve_refuses_a_metric_not_recorded_by_name() {
    let (history, _) = accuracy_history(3);
    let err = plot::metric_curve(&history, Metric::R2).unwrap_err();
    assert_eq!(err, Error::MetricNotRecorded { metric: Metric::R2 });
    assert_eq!(
        err.to_string(),
        "the history has no r2: training records a metric only when asked, with GradientDescent::metrics(&[Metric::R2])"
    );
    // A history without metrics at all, such as loss_curve draws.
    let err = plot::metric_curve(&trained_history(3, true), Metric::Accuracy).unwrap_err();
    assert_eq!(
        err,
        Error::MetricNotRecorded {
            metric: Metric::Accuracy
        }
    );
}

#[test]
fn metric_curve_refuses_an_empty_history() {
    let err = plot::metric_curve(&History::<f32>::default(), Metric::Accuracy).unwrap_err();
    assert_eq!(
        err,
        Error::Empty {
            what: "the history"
        }
    );
}

#[test]
fn activation_curves_have_a_legend_entry_each() {
    let svg = plot::activations(&Activation::ALL, -5.0..=5.0).unwrap();
    let texts = texts(&svg);
    for label in [
        "Activation functions",
        "sigmoid",
        "tanh",
        "relu",
        "step",
        "identity",
        "net input h",
        "output y = f(h)",
    ] {
        assert!(
            texts.iter().any(|t| t == label),
            "{label} missing in {texts:?}"
        );
    }
    // 241 points per curve.
    assert_eq!(polylines(&svg, BLUE), vec![241, 2]);
}

#[test]
fn one_activation_is_titled_with_its_formula() {
    let svg = plot::activations(&[Activation::Sigmoid], -6.0..=6.0).unwrap();
    assert!(
        texts(&svg)
            .iter()
            .any(|t| t == "sigmoid: y = 1 / (1 + e⁻ʰ)")
    );
}

#[test]
fn activation_curves_refuse_bad_ranges_and_no_activations() {
    let err = plot::activations(&[Activation::Tanh], 2.0..=-2.0).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot draw the activation curves: the range of h must be finite with low < high, got 2 to -2"
    );
    assert!(plot::activations(&[Activation::Tanh], 0.0..=f64::INFINITY).is_err());
    assert!(matches!(
        plot::activations(&[], -1.0..=1.0),
        Err(Error::Empty { .. })
    ));
}

fn separable() -> Dataset<f64> {
    Dataset::new(
        array![[0.0, 0.0], [0.2, 0.5], [1.0, 1.0], [0.9, 0.7], [0.1, 0.9]],
        array![0.0, 0.0, 1.0, 1.0, 0.0],
    )
    .unwrap()
    .with_feature_names(["mean radius", "mean <texture> & more"])
    .unwrap()
    .with_target_names(["malignant", "benign"])
}

#[test]
fn decision_boundary_labels_axes_with_feature_names_and_classes() {
    let data = separable();
    let neuron = Neuron::new(array![5.0, 5.0]).with_bias(-7.0);
    let svg = plot::decision_boundary(&neuron, &data).unwrap();
    let texts = texts(&svg);
    for label in [
        "Decision boundary",
        "boundary (output = 0.5)",
        "malignant (0)",
        "benign (1)",
        "mean radius",
        // Escaped, so the SVG stays well-formed.
        "mean &lt;texture&gt; &amp; more",
    ] {
        assert!(
            texts.iter().any(|t| t == label),
            "{label} missing in {texts:?}"
        );
    }
    // Every point is a dark outline and a dot, and so is each class in the legend.
    assert_eq!(svg.as_str().matches("<circle").count(), 2 * 5 + 2 * 2);
    // Two points of class 1, and its legend entry, in orange.
    let orange_dots = svg
        .as_str()
        .split("<circle")
        .filter(|element| {
            element
                .split('>')
                .next()
                .unwrap()
                .contains(&format!("fill=\"{ORANGE}\""))
        })
        .count();
    assert_eq!(orange_dots, 2 + 1);
}

#[test]
fn decision_boundary_of_a_network_and_of_tanh() {
    let xor = Dataset::new(
        array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]],
        array![0.0, 1.0, 1.0, 0.0],
    )
    .unwrap();
    let network: Network<f64> = Network::random(
        &[2, 4, 1],
        Activation::Tanh,
        Init::XavierUniform,
        &mut StdRng::seed_from_u64(3),
    )
    .unwrap();
    let svg = plot::decision_boundary(&network, &xor).unwrap();
    let texts = texts(&svg);
    // A tanh output's threshold is 0; the features are named x0 and x1 by default.
    for label in ["boundary (output = 0)", "class 0", "class 1", "x0", "x1"] {
        assert!(
            texts.iter().any(|t| t == label),
            "{label} missing in {texts:?}"
        );
    }
}

#[test]
fn decision_boundary_refuses_models_and_data_it_cannot_draw() {
    let data = separable();
    let err = plot::decision_boundary(&Neuron::new(array![1.0, 2.0, 3.0]), &data).unwrap_err();
    assert_eq!(
        err,
        Error::PlotShape {
            plot: "the decision boundary",
            what: "the model",
            unit: "inputs",
            found: 3,
            expected: 2,
        }
    );
    assert_eq!(
        err.to_string(),
        "cannot draw the decision boundary: the model has 3 inputs, but it must have 2"
    );

    // Two outputs are two classes (the larger output wins): a target of 2 is neither.
    let two_outputs =
        Dense::<f64>::new(Array2::zeros((2, 2)), Array1::zeros(2), Activation::Sigmoid).unwrap();
    let three_classes = Dataset::new(array![[0.0, 1.0], [1.0, 0.0]], array![0.0, 2.0]).unwrap();
    assert_eq!(
        plot::decision_boundary(&two_outputs, &three_classes)
            .unwrap_err()
            .to_string(),
        "label at index 1 is 2, but class labels must be whole numbers from 0 to 2 (exclusive)"
    );

    let three_features = Dataset::new(array![[0.0, 1.0, 2.0]], array![1.0]).unwrap();
    assert_eq!(
        plot::decision_boundary(&Neuron::new(array![1.0, 2.0]), &three_features)
            .unwrap_err()
            .to_string(),
        "cannot draw the decision boundary: the data has 3 features, but it must have 2"
    );

    let regression = Dataset::new(array![[0.0, 1.0], [1.0, 0.0]], array![0.0, 0.7]).unwrap();
    assert_eq!(
        plot::decision_boundary(&Neuron::new(array![1.0, 2.0]), &regression).unwrap_err(),
        Error::NotBinary {
            what: "targets",
            index: 1,
            value: 0.7
        }
    );

    let nan = Dataset::new(array![[0.0, f64::NAN]], array![0.0]).unwrap();
    assert!(matches!(
        plot::decision_boundary(&Neuron::new(array![1.0, 2.0]), &nan),
        Err(Error::NonFiniteInput {
            row: 0,
            column: 1,
            ..
        })
    ));

    let empty = Dataset::new(Array2::<f64>::zeros((0, 2)), Array1::zeros(0)).unwrap();
    assert_eq!(
        plot::decision_boundary(&Neuron::new(array![1.0, 2.0]), &empty).unwrap_err(),
        Error::Empty { what: "the data" }
    );
}

#[test]
fn decision_boundary_works_in_f32() {
    let data = Dataset::new(array![[0.0_f32, 0.0], [1.0, 1.0]], array![0.0, 1.0]).unwrap();
    let neuron = Neuron::new(array![1.0_f32, 1.0]).with_bias(-1.0);
    assert!(plot::decision_boundary(&neuron, &data).is_ok());
}

#[test]
fn svg_is_shown_at_its_size_and_saved_as_it_is() {
    let svg = plot::activations(&[Activation::Sigmoid], -6.0..=6.0).unwrap();
    assert_eq!(svg.size(), (720, 450));
    // Drawn at twice the size and scaled back by the viewBox.
    assert!(
        svg.as_str()
            .starts_with(r#"<svg width="720" height="450" viewBox="0 0 1440 900""#)
    );
    assert!(svg.as_str().trim_end().ends_with("</svg>"));
    assert_eq!(svg.to_text(), "Svg(720 × 450 pixels)");
    assert_eq!(svg.to_html(), svg.as_str());

    let folder = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("neuron-plot-test-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let path = folder.join("sigmoid.svg");
    svg.save(&path).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), svg.as_str());
    std::fs::remove_dir_all(&folder).unwrap();

    let err = svg.save(folder.join("missing/sigmoid.svg")).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Io {
                action: "write",
                ..
            }
        ),
        "{err}"
    );
}
