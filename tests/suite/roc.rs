//! ROC curves and their area against scikit-learn 1.9.1 (`roc_curve` with its
//! default `drop_intermediate=True`, `roc_auc_score`), on the cases of
//! `scripts/oracles/sklearn_roc.py`, which printed the values below: its docs'
//! example, ties between classes, perfect and reversed scores, every score
//! equal, and random scores rounded to one decimal (many ties).

use neuron::metrics::{roc_auc, roc_curve};
use neuron::ndarray::Array1;

type Case<'a> = (
    &'a str,
    &'a [f64],
    &'a [f64],
    &'a [f64],
    &'a [f64],
    &'a [f64],
    f64,
);

const CASES: [Case; 6] = [
    (
        "docs",
        &[0.0, 0.0, 1.0, 1.0],
        &[0.1, 0.4, 0.35, 0.8],
        &[0.0, 0.0, 0.5, 0.5, 1.0],
        &[0.0, 0.5, 0.5, 1.0, 1.0],
        &[f64::INFINITY, 0.8, 0.4, 0.35, 0.1],
        0.75,
    ),
    (
        "ties",
        &[0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0],
        &[0.5, 0.5, 0.2, 0.9, 0.5, 0.2, 0.7, 0.9],
        &[0.0, 0.25, 0.25, 0.5, 1.0],
        &[0.0, 0.25, 0.5, 1.0, 1.0],
        &[f64::INFINITY, 0.9, 0.7, 0.5, 0.2],
        0.71875,
    ),
    (
        "perfect",
        &[0.0, 0.0, 1.0, 1.0, 1.0],
        &[0.1, 0.2, 0.6, 0.7, 0.8],
        &[0.0, 0.0, 0.0, 1.0],
        &[0.0, 0.3333333333333333, 1.0, 1.0],
        &[f64::INFINITY, 0.8, 0.6, 0.1],
        1.0,
    ),
    (
        "reversed",
        &[1.0, 1.0, 0.0, 0.0],
        &[0.1, 0.2, 0.6, 0.7],
        &[0.0, 0.5, 1.0, 1.0],
        &[0.0, 0.0, 0.0, 1.0],
        &[f64::INFINITY, 0.7, 0.6, 0.1],
        0.0,
    ),
    (
        "all_tied",
        &[0.0, 1.0, 1.0, 0.0, 1.0],
        &[0.3, 0.3, 0.3, 0.3, 0.3],
        &[0.0, 1.0],
        &[0.0, 1.0],
        &[f64::INFINITY, 0.3],
        0.5,
    ),
    (
        "random",
        &[
            0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0,
            0.0, 1.0, 0.0,
        ],
        &[
            0.5, 0.1, 0.0, 0.8, 1.0, 0.8, 0.3, 0.7, 0.3, 0.7, 0.3, 0.8, 1.0, 1.0, 0.9, 0.9, 0.7,
            0.6, 0.9, 0.1,
        ],
        &[
            0.0,
            0.16666666666666666,
            0.16666666666666666,
            0.5,
            0.8333333333333334,
            0.8333333333333334,
            1.0,
            1.0,
        ],
        &[
            0.0,
            0.14285714285714285,
            0.35714285714285715,
            0.6428571428571429,
            0.6428571428571429,
            0.8571428571428571,
            0.9285714285714286,
            1.0,
        ],
        &[f64::INFINITY, 1.0, 0.9, 0.7, 0.5, 0.3, 0.1, 0.0],
        0.5416666666666666,
    ),
];

#[test]
fn roc_curves_and_areas_equal_scikit_learn() {
    for (name, t, s, fpr, tpr, thresholds, auc) in CASES {
        let (t, s) = (Array1::from(t.to_vec()), Array1::from(s.to_vec()));
        let roc = roc_curve(&t, &s).unwrap();
        let close = |a: &[f64], b: &[f64]| {
            a.len() == b.len()
                && a.iter()
                    .zip(b)
                    .all(|(x, y)| x == y || (x - y).abs() < 1e-15)
        };
        assert!(close(&roc.fpr, fpr), "{name} fpr {:?}", roc.fpr);
        assert!(close(&roc.tpr, tpr), "{name} tpr {:?}", roc.tpr);
        assert!(
            close(&roc.thresholds, thresholds),
            "{name} thresholds {:?}",
            roc.thresholds
        );
        let area = roc_auc(&t, &s).unwrap();
        assert!(
            (area - auc).abs() < 1e-15,
            "{name} auc {area} against {auc}"
        );
        // The trapezoids under the curve's own points give the same area.
        assert!(
            (roc.auc() - auc).abs() < 1e-15,
            "{name} curve's auc {}",
            roc.auc()
        );
    }
}

#[test]
fn one_class_or_bad_values_are_errors() {
    let s = Array1::from(vec![0.1, 0.9]);
    assert!(roc_auc(&Array1::from(vec![1.0, 1.0]), &s).is_err());
    assert!(matches!(
        roc_curve(&Array1::from(vec![0.0, 2.0]), &s),
        Err(neuron::Error::NotBinary { index: 1, .. })
    ));
    assert!(
        roc_auc(
            &Array1::from(vec![0.0, 1.0]),
            &Array1::from(vec![0.1, f64::NAN])
        )
        .is_err()
    );
}
