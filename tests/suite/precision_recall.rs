//! Precision-recall curves and average precision against scikit-learn 1.9.1
//! (`precision_recall_curve` with its default `drop_intermediate=False`,
//! `average_precision_score`), on the cases of
//! `scripts/oracles/sklearn_precision_recall.py`, which printed the values
//! below: its docs' example, ties between classes, perfect and reversed
//! scores, every score equal, targets of class 1 only, negative scores, and
//! 40 random scores rounded to two decimals (ties). Targets of class 0 only
//! are refused where scikit-learn warns and sets recall to 1.

use neuron::Error;
use neuron::metrics::{average_precision, precision_recall_curve};
use neuron::ndarray::{Array1, array};

type Case<'a> = (
    &'a str,
    &'a [f64],
    &'a [f64],
    &'a [f64],
    &'a [f64],
    &'a [f64],
    f64,
);

const CASES: [Case; 8] = [
    (
        "docs",
        &[0.0, 0.0, 1.0, 1.0],
        &[0.1, 0.4, 0.35, 0.8],
        &[0.5, 0.6666666666666666, 0.5, 1.0, 1.0],
        &[1.0, 1.0, 0.5, 0.5, 0.0],
        &[0.1, 0.35, 0.4, 0.8],
        0.8333333333333333,
    ),
    (
        "ties",
        &[0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0],
        &[0.5, 0.5, 0.2, 0.9, 0.5, 0.2, 0.7, 0.9],
        &[0.5, 0.6666666666666666, 0.6666666666666666, 0.5, 1.0],
        &[1.0, 1.0, 0.5, 0.25, 0.0],
        &[0.2, 0.5, 0.7, 0.9],
        0.625,
    ),
    (
        "perfect",
        &[0.0, 0.0, 1.0, 1.0, 1.0],
        &[0.1, 0.2, 0.6, 0.7, 0.8],
        &[0.6, 0.75, 1.0, 1.0, 1.0, 1.0],
        &[1.0, 1.0, 1.0, 0.6666666666666666, 0.3333333333333333, 0.0],
        &[0.1, 0.2, 0.6, 0.7, 0.8],
        1.0,
    ),
    (
        "reversed",
        &[1.0, 1.0, 0.0, 0.0],
        &[0.1, 0.2, 0.6, 0.7],
        &[0.5, 0.3333333333333333, 0.0, 0.0, 1.0],
        &[1.0, 0.5, 0.0, 0.0, 0.0],
        &[0.1, 0.2, 0.6, 0.7],
        0.41666666666666663,
    ),
    (
        "all_tied",
        &[0.0, 1.0, 1.0, 0.0, 1.0],
        &[0.3, 0.3, 0.3, 0.3, 0.3],
        &[0.6, 1.0],
        &[1.0, 0.0],
        &[0.3],
        0.6,
    ),
    (
        "all_positive",
        &[1.0, 1.0, 1.0, 1.0],
        &[0.2, 0.9, 0.2, 0.5],
        &[1.0, 1.0, 1.0, 1.0],
        &[1.0, 0.5, 0.25, 0.0],
        &[0.2, 0.5, 0.9],
        1.0,
    ),
    (
        "negative_scores",
        &[1.0, 0.0, 1.0, 0.0, 0.0, 1.0],
        &[-2.5, -0.5, 3.0, -0.5, 1.25, 0.0],
        &[0.5, 0.4, 0.6666666666666666, 0.5, 1.0, 1.0],
        &[
            1.0,
            0.6666666666666666,
            0.6666666666666666,
            0.3333333333333333,
            0.3333333333333333,
            0.0,
        ],
        &[-2.5, -0.5, 0.0, 1.25, 3.0],
        0.7222222222222222,
    ),
    (
        "random",
        &[
            1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0,
            0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0,
            1.0, 1.0, 0.0, 0.0, 1.0, 0.0,
        ],
        &[
            0.38, 0.14, 0.68, 0.56, 0.51, 0.63, 0.61, 0.07, 0.3, 0.4, 0.19, 0.72, 0.67, 0.77, 0.02,
            0.1, 0.24, 0.54, 0.08, 0.93, 0.03, 0.63, 0.76, 0.58, 0.39, 0.86, 0.3, 0.19, 0.55, 0.12,
            0.08, 0.94, 0.47, 0.22, 0.7, 0.89, 0.08, 0.41, 0.33, 0.9,
        ],
        &[
            0.425,
            0.41025641025641024,
            0.42105263157894735,
            0.43243243243243246,
            0.4411764705882353,
            0.42424242424242425,
            0.4375,
            0.45161290322580644,
            0.41379310344827586,
            0.39285714285714285,
            0.37037037037037035,
            0.4,
            0.375,
            0.34782608695652173,
            0.36363636363636365,
            0.38095238095238093,
            0.4,
            0.42105263157894735,
            0.4444444444444444,
            0.47058823529411764,
            0.5,
            0.5333333333333333,
            0.5,
            0.46153846153846156,
            0.45454545454545453,
            0.5,
            0.4444444444444444,
            0.375,
            0.42857142857142855,
            0.5,
            0.4,
            0.5,
            0.3333333333333333,
            0.5,
            1.0,
            1.0,
        ],
        &[
            1.0,
            0.9411764705882353,
            0.9411764705882353,
            0.9411764705882353,
            0.8823529411764706,
            0.8235294117647058,
            0.8235294117647058,
            0.8235294117647058,
            0.7058823529411765,
            0.6470588235294118,
            0.5882352941176471,
            0.5882352941176471,
            0.5294117647058824,
            0.47058823529411764,
            0.47058823529411764,
            0.47058823529411764,
            0.47058823529411764,
            0.47058823529411764,
            0.47058823529411764,
            0.47058823529411764,
            0.47058823529411764,
            0.47058823529411764,
            0.4117647058823529,
            0.35294117647058826,
            0.29411764705882354,
            0.29411764705882354,
            0.23529411764705882,
            0.17647058823529413,
            0.17647058823529413,
            0.17647058823529413,
            0.11764705882352941,
            0.11764705882352941,
            0.058823529411764705,
            0.058823529411764705,
            0.058823529411764705,
            0.0,
        ],
        &[
            0.02, 0.03, 0.07, 0.08, 0.1, 0.12, 0.14, 0.19, 0.22, 0.24, 0.3, 0.33, 0.38, 0.39, 0.4,
            0.41, 0.47, 0.51, 0.54, 0.55, 0.56, 0.58, 0.61, 0.63, 0.67, 0.68, 0.7, 0.72, 0.76,
            0.77, 0.86, 0.89, 0.9, 0.93, 0.94,
        ],
        0.48369418794670227,
    ),
];

const TOLERANCE: f64 = 1e-12;

fn close(found: &[f64], expected: &[f64]) -> bool {
    found.len() == expected.len()
        && found
            .iter()
            .zip(expected)
            .all(|(x, y)| (x - y).abs() < TOLERANCE)
}

#[test]
fn curves_and_average_precision_equal_scikit_learn() {
    for (name, t, s, precision, recall, thresholds, ap) in CASES {
        let (t, s) = (Array1::from(t.to_vec()), Array1::from(s.to_vec()));
        let curve = precision_recall_curve(&t, &s).unwrap();
        assert!(
            close(&curve.precision, precision),
            "{name} precision {:?}",
            curve.precision
        );
        assert!(
            close(&curve.recall, recall),
            "{name} recall {:?}",
            curve.recall
        );
        // The thresholds are the scores themselves: equal, not close.
        assert_eq!(curve.thresholds, thresholds, "{name} thresholds");
        let found = average_precision(&t, &s).unwrap();
        assert!(
            (found - ap).abs() < TOLERANCE,
            "{name} AP {found} against {ap}"
        );
        assert_eq!(curve.average_precision(), found, "{name}: AP of the curve");
    }
}

#[test]
fn f32_scores_give_f32_thresholds_and_the_same_curve() {
    // The docs case in f32: thresholds are the f32 scores; precision and
    // recall are counts divided, the same as in f64.
    let curve = precision_recall_curve(
        &array![0.0_f32, 0.0, 1.0, 1.0],
        &array![0.1_f32, 0.4, 0.35, 0.8],
    )
    .unwrap();
    let (_, _, _, precision, recall, _, ap) = CASES[0];
    assert_eq!(curve.thresholds, [0.1_f32, 0.35, 0.4, 0.8]);
    assert!(close(&curve.precision, precision) && close(&curve.recall, recall));
    assert!((curve.average_precision() - ap).abs() < TOLERANCE);
}

#[test]
fn targets_without_positives_are_refused_where_scikit_learn_warns() {
    // scikit-learn: precision [0, 0, 0, 1], recall set to [1, 1, 1, 0] with
    // "No positive class found in y_true, recall is set to one for all
    // thresholds.", AP 0.0. Recall is 0 / 0 there: an error here.
    let (t, s) = (array![0.0, 0.0, 0.0], array![0.1, 0.4, 0.35]);
    for err in [
        precision_recall_curve(&t, &s).unwrap_err(),
        average_precision(&t, &s).unwrap_err(),
    ] {
        assert!(
            matches!(
                err,
                Error::InvalidValue {
                    what: "the number of positive samples in targets",
                    ..
                }
            ),
            "{err:?}"
        );
    }
}

#[test]
fn bad_arguments_are_errors() {
    let s = array![0.1, 0.9];
    assert!(matches!(
        precision_recall_curve(&array![0.0, 2.0], &s),
        Err(Error::NotBinary { index: 1, .. })
    ));
    assert!(matches!(
        average_precision(&array![0.0, 1.0], &array![0.1, f64::NAN]),
        Err(Error::InvalidValue {
            what: "scores",
            index: 1,
            ..
        })
    ));
    assert!(matches!(
        average_precision(&array![0.0, 1.0, 1.0], &s),
        Err(Error::LengthMismatch {
            left: 3,
            right: 2,
            ..
        })
    ));
    assert!(matches!(
        precision_recall_curve(&Array1::<f64>::zeros(0), &Array1::zeros(0)),
        Err(Error::Empty { .. })
    ));
}
