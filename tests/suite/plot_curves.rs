//! SVG plots of the ROC and precision-recall curves: their labels, the area
//! in the title, a path per curve, and the curves they refuse. The curves are
//! those of the metrics (checked against scikit-learn in tests/suite/roc.rs and
//! tests/suite/precision_recall.rs); the areas in the titles are computed here by
//! hand from the docs case of both (AUC 0.75, AP 5/6).
#![cfg(feature = "plot")]

use neuron::Error;
use neuron::metrics::{PrecisionRecallCurve, RocCurve, precision_recall_curve, roc_curve};
use neuron::ndarray::array;
use neuron::plot;

use crate::common::svg;

use svg::{BLUE, GREY, polylines, texts};

/// Eight samples with ties: 4 thresholds, ROC points (0,0), (0,.25), (.25,.5), (.25,1), (1,1).
fn ties() -> (neuron::ndarray::Array1<f64>, neuron::ndarray::Array1<f64>) {
    (
        array![0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0],
        array![0.5, 0.5, 0.2, 0.9, 0.5, 0.2, 0.7, 0.9],
    )
}

#[test]
fn roc_plot_has_labelled_axes_the_auc_and_a_path_through_every_point() {
    let (t, s) = ties();
    let roc = roc_curve(&t, &s).unwrap();
    let svg = plot::roc_curve(&roc).unwrap();
    let texts = texts(&svg);
    // AUC by trapezoids of the points above: 0.25·0.25 + 0.25·0.75… = 0.71875.
    for label in [
        "ROC curve, AUC = 0.7188",
        "false positive rate",
        "true positive rate",
        "classifier, AUC 0.7188",
        "chance, AUC 0.5",
    ] {
        assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
    }
    // The curve (one point per threshold and the start), then the legend's mark.
    assert_eq!(polylines(&svg, BLUE), vec![roc.fpr.len(), 2]);
    // The chance diagonal and its legend mark.
    assert_eq!(polylines(&svg, GREY), vec![2, 2]);
}

#[test]
fn precision_recall_plot_has_labelled_axes_the_ap_and_steps() {
    let curve =
        precision_recall_curve(&array![0.0, 0.0, 1.0, 1.0], &array![0.1, 0.4, 0.35, 0.8]).unwrap();
    let svg = plot::precision_recall_curve(&curve).unwrap();
    let texts = texts(&svg);
    // AP = (1 − 0.5)·2/3 + (0.5 − 0)·1 = 5/6; half the samples are positive.
    for label in [
        "Precision-recall curve, AP = 0.8333",
        "recall",
        "precision",
        "classifier, AP 0.8333",
        "chance, AP 0.5",
    ] {
        assert!(texts.iter().any(|t| t == label), "{label} in {texts:?}");
    }
    // n points drawn as steps: two per step, and the last.
    let n = curve.recall.len();
    assert_eq!(polylines(&svg, BLUE), vec![2 * (n - 1) + 1, 2]);
    assert_eq!(polylines(&svg, GREY), vec![2, 2]);
}

#[test]
fn a_curve_not_starting_at_full_recall_has_no_chance_line() {
    let curve = PrecisionRecallCurve::<f64> {
        precision: vec![0.5, 1.0],
        recall: vec![0.5, 0.0],
        thresholds: vec![0.3],
    };
    let svg = plot::precision_recall_curve(&curve).unwrap();
    assert!(polylines(&svg, GREY).is_empty());
    assert!(
        texts(&svg)
            .iter()
            .any(|t| t == "Precision-recall curve, AP = 0.25")
    );
}

#[test]
fn plots_refuse_empty_uneven_and_out_of_range_curves() {
    let roc = |fpr: Vec<f64>, tpr: Vec<f64>| RocCurve::<f32> {
        fpr,
        tpr,
        thresholds: vec![],
    };
    assert_eq!(
        plot::roc_curve(&roc(vec![], vec![])).unwrap_err(),
        Error::Empty {
            what: "the ROC curve"
        }
    );
    assert!(matches!(
        plot::roc_curve(&roc(vec![0.0, 1.0], vec![0.0])).unwrap_err(),
        Error::LengthMismatch {
            left: 2,
            right: 1,
            ..
        }
    ));
    let err = plot::roc_curve(&roc(vec![0.0, 1.0], vec![0.0, f64::NAN])).unwrap_err();
    assert_eq!(
        err.to_string(),
        "true positive rates at index 1 is NaN, but it must be in [0, 1] to be plotted"
    );
    let pr = |precision: Vec<f64>, recall: Vec<f64>| PrecisionRecallCurve::<f64> {
        precision,
        recall,
        thresholds: vec![],
    };
    let err = plot::precision_recall_curve(&pr(vec![], vec![])).unwrap_err();
    assert_eq!(err.to_string(), "the precision-recall curve is empty");
    assert!(matches!(
        plot::precision_recall_curve(&pr(vec![1.0, 1.5], vec![1.0, 0.0])).unwrap_err(),
        Error::InvalidValue {
            what: "precisions",
            index: 1,
            ..
        }
    ));
}
