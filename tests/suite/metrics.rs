//! Binary classification and regression metrics against scikit-learn.
//!
//! Oracle: `scripts/oracles/metrics.py` (scikit-learn 1.9.1), output in
//! `scripts/oracles/metrics.out.txt`, with
//! `y_true = [1,0,1,1,0,1,0,0,1,1]`, `p = [0.9,0.2,0.4,0.8,0.6,0.7,0.1,0.3,0.55,0.45]`
//! and `y_pred = p >= 0.5`.

use approx::{assert_abs_diff_eq, assert_relative_eq};
use neuron::Error;
use neuron::metrics::{
    accuracy, confusion_matrix, f1_score, log_loss, mean_squared_error, precision, recall,
};
use neuron::ndarray::{Array1, array, s};

fn y_true() -> Array1<f64> {
    array![1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0]
}

fn probabilities() -> Array1<f64> {
    array![0.9, 0.2, 0.4, 0.8, 0.6, 0.7, 0.1, 0.3, 0.55, 0.45]
}

/// `y_pred (p >= 0.5) = [1, 0, 0, 1, 1, 1, 0, 0, 1, 0]` (metrics.out.txt).
fn y_pred() -> Array1<f64> {
    probabilities().mapv(|p| if p >= 0.5 { 1.0 } else { 0.0 })
}

#[test]
fn thresholded_predictions_match_oracle() {
    // metrics.out.txt: y_pred (p >= 0.5) = [1, 0, 0, 1, 1, 1, 0, 0, 1, 0]
    assert_eq!(
        y_pred(),
        array![1.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0]
    );
}

#[test]
fn accuracy_matches_sklearn() {
    // metrics.out.txt: accuracy_score = 0.7
    assert_abs_diff_eq!(
        accuracy(&y_true(), &y_pred()).unwrap(),
        0.7,
        epsilon = 1e-15
    );
}

#[test]
fn precision_matches_sklearn() {
    // metrics.out.txt: precision_score = 0.8 (TP/(TP+FP) = 4/5)
    assert_abs_diff_eq!(
        precision(&y_true(), &y_pred()).unwrap(),
        0.8,
        epsilon = 1e-15
    );
}

#[test]
fn recall_matches_sklearn() {
    // metrics.out.txt: recall_score = 0.6666666666666666 (TP/(TP+FN) = 4/6)
    assert_abs_diff_eq!(
        recall(&y_true(), &y_pred()).unwrap(),
        0.6666666666666666,
        epsilon = 1e-15
    );
}

#[test]
fn f1_score_matches_sklearn() {
    // metrics.out.txt: f1_score = 0.7272727272727273 (2TP/(2TP+FP+FN) = 8/11)
    assert_abs_diff_eq!(
        f1_score(&y_true(), &y_pred()).unwrap(),
        0.7272727272727273,
        epsilon = 1e-15
    );
}

#[test]
fn log_loss_matches_sklearn() {
    // metrics.out.txt: log_loss(y, p) = 0.4599284182543239
    assert_relative_eq!(
        log_loss(&y_true(), &probabilities()).unwrap(),
        0.4599284182543239,
        max_relative = 1e-12
    );
}

#[test]
fn mean_squared_error_matches_sklearn() {
    // metrics.out.txt: mean_squared_error(y, p) = 0.1505
    assert_relative_eq!(
        mean_squared_error(&y_true(), &probabilities()).unwrap(),
        0.1505,
        max_relative = 1e-12
    );
}

#[test]
fn confusion_matrix_matches_sklearn_layout() {
    // metrics.out.txt: confusion_matrix = [[3, 1], [2, 4]]; TN=3 FP=1 FN=2 TP=4
    let cm = confusion_matrix(&y_true(), &y_pred()).unwrap();
    assert_eq!(cm.to_array(), array![[3, 1], [2, 4]]);
    assert_eq!(cm.true_negatives(), 3);
    assert_eq!(cm.false_positives(), 1);
    assert_eq!(cm.false_negatives(), 2);
    assert_eq!(cm.true_positives(), 4);
}

#[test]
fn confusion_matrix_displays_labelled_table() {
    let cm = confusion_matrix(&y_true(), &y_pred()).unwrap();
    let expected = "         predicted 0  predicted 1\n\
                    actual 0           3            1\n\
                    actual 1           2            4";
    assert_eq!(cm.to_string(), expected);
}

#[test]
fn metrics_agree_in_f32() {
    // Same oracle values as the f64 tests, to f32 precision.
    let (y, p) = (
        y_true().mapv(|v| v as f32),
        probabilities().mapv(|v| v as f32),
    );
    let y_hat = y_pred().mapv(|v| v as f32);
    assert_abs_diff_eq!(accuracy(&y, &y_hat).unwrap(), 0.7, epsilon = 1e-6);
    assert_abs_diff_eq!(f1_score(&y, &y_hat).unwrap(), 0.72727275, epsilon = 1e-6);
    assert_relative_eq!(log_loss(&y, &p).unwrap(), 0.45992842, max_relative = 1e-5);
    assert_relative_eq!(
        mean_squared_error(&y, &p).unwrap(),
        0.1505,
        max_relative = 1e-5
    );
}

#[test]
fn metrics_accept_views_of_any_stride() {
    // Every other sample: y_true[::2] = [1,1,0,0,1], y_pred[::2] = [1,0,1,0,1].
    let (y, y_hat) = (y_true(), y_pred());
    let cm = confusion_matrix(&y.slice(s![..;2]), &y_hat.slice(s![..;2])).unwrap();
    assert_eq!(cm.to_array(), array![[1, 1], [1, 2]]);
    assert_abs_diff_eq!(
        accuracy(&y.slice(s![..;2]), &y_hat.slice(s![..;2])).unwrap(),
        0.6,
        epsilon = 1e-15
    );
}

#[test]
fn zero_division_gives_zero_as_sklearn() {
    // sklearn's default zero_division: precision_score([1, 0], [0, 0]) == 0.0, and
    // recall_score / f1_score([0, 0], [0, 0]) == 0.0.
    let (ones_zeros, zeros) = (array![1.0, 0.0], array![0.0, 0.0]);
    assert_eq!(precision(&ones_zeros, &zeros).unwrap(), 0.0);
    assert_eq!(recall(&zeros, &zeros).unwrap(), 0.0);
    assert_eq!(f1_score(&zeros, &zeros).unwrap(), 0.0);
    assert_eq!(accuracy(&zeros, &zeros).unwrap(), 1.0);
}

#[test]
fn log_loss_clips_certain_wrong_predictions() {
    // sklearn >= 1.5 clips p to [eps, 1 - eps]: both samples cost -ln(2⁻⁵²) = 52 ln 2
    // = 36.04365338911715 (Python: -math.log(sys.float_info.epsilon)).
    let loss = log_loss(&array![1.0, 0.0], &array![0.0, 1.0]).unwrap();
    assert_relative_eq!(loss, -f64::EPSILON.ln(), max_relative = 1e-12);
    assert_relative_eq!(loss, 36.04365338911715, max_relative = 1e-12);
}

#[test]
fn classification_metrics_reject_different_lengths() {
    let (y, short) = (y_true(), array![1.0, 0.0]);
    let expected = |what| Error::LengthMismatch {
        what,
        left: 10,
        right: 2,
    };
    assert_eq!(
        accuracy(&y, &short).unwrap_err(),
        expected("accuracy (y_true, y_pred)")
    );
    assert_eq!(
        precision(&y, &short).unwrap_err(),
        expected("precision (y_true, y_pred)")
    );
    assert_eq!(
        recall(&y, &short).unwrap_err(),
        expected("recall (y_true, y_pred)")
    );
    assert_eq!(
        f1_score(&y, &short).unwrap_err(),
        expected("f1_score (y_true, y_pred)")
    );
    assert_eq!(
        confusion_matrix(&y, &short).unwrap_err(),
        expected("confusion_matrix (y_true, y_pred)")
    );
    assert_eq!(
        log_loss(&y, &short).unwrap_err(),
        expected("log_loss (y_true, probabilities)")
    );
    assert_eq!(
        mean_squared_error(&y, &short).unwrap_err(),
        expected("mean_squared_error (y_true, y_pred)")
    );
    assert_eq!(
        accuracy(&y, &short).unwrap_err().to_string(),
        "accuracy (y_true, y_pred): lengths differ, 10 and 2"
    );
}

#[test]
fn metrics_reject_empty_inputs() {
    let empty = Array1::<f64>::zeros(0);
    assert_eq!(
        accuracy(&empty, &empty).unwrap_err(),
        Error::Empty {
            what: "accuracy: y_true"
        }
    );
    assert!(matches!(
        precision(&empty, &empty),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(recall(&empty, &empty), Err(Error::Empty { .. })));
    assert!(matches!(f1_score(&empty, &empty), Err(Error::Empty { .. })));
    assert!(matches!(
        confusion_matrix(&empty, &empty),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(log_loss(&empty, &empty), Err(Error::Empty { .. })));
    assert_eq!(
        mean_squared_error(&empty, &empty).unwrap_err().to_string(),
        "mean_squared_error: y_true is empty"
    );
}

#[test]
fn classification_metrics_reject_labels_other_than_zero_and_one() {
    let bad_true = array![1.0, 0.0, 2.0];
    let bad_pred = array![1.0, 0.3, 1.0];
    let ok = array![1.0, 0.0, 1.0];
    assert_eq!(
        accuracy(&bad_true, &ok).unwrap_err(),
        Error::NotBinary {
            what: "y_true",
            index: 2,
            value: 2.0
        }
    );
    assert_eq!(
        precision(&ok, &bad_pred).unwrap_err(),
        Error::NotBinary {
            what: "y_pred",
            index: 1,
            value: 0.3
        }
    );
    assert!(matches!(
        recall(&ok, &array![1.0, f64::NAN, 0.0]),
        Err(Error::NotBinary {
            what: "y_pred",
            index: 1,
            ..
        })
    ));
    assert!(matches!(
        f1_score(&bad_true, &ok),
        Err(Error::NotBinary { what: "y_true", .. })
    ));
    assert_eq!(
        confusion_matrix(&ok, &bad_pred).unwrap_err().to_string(),
        "y_pred at index 1 is 0.3, but labels must be 0 or 1"
    );
    assert!(matches!(
        log_loss(&bad_true, &array![0.5, 0.5, 0.5]),
        Err(Error::NotBinary {
            what: "y_true",
            index: 2,
            ..
        })
    ));
}

#[test]
fn log_loss_rejects_probabilities_outside_zero_one_and_nan() {
    let y = array![1.0, 0.0, 1.0];
    assert_eq!(
        log_loss(&y, &array![0.5, 1.5, 0.5]).unwrap_err(),
        Error::InvalidValue {
            what: "probability",
            index: 1,
            value: 1.5,
            requirement: "in [0, 1]"
        }
    );
    assert_eq!(
        log_loss(&y, &array![0.5, 0.5, -0.1])
            .unwrap_err()
            .to_string(),
        "probability at index 2 is -0.1, but it must be in [0, 1]"
    );
    assert!(matches!(
        log_loss(&y, &array![f64::NAN, 0.5, 0.5]),
        Err(Error::InvalidValue { index: 0, .. })
    ));
}

#[test]
fn mean_squared_error_rejects_non_finite_values() {
    assert_eq!(
        mean_squared_error(&array![1.0, f64::INFINITY], &array![1.0, 2.0]).unwrap_err(),
        Error::InvalidValue {
            what: "y_true",
            index: 1,
            value: f64::INFINITY,
            requirement: "finite"
        }
    );
    assert_eq!(
        mean_squared_error(&array![1.0, 2.0], &array![f64::NAN, 2.0])
            .unwrap_err()
            .to_string(),
        "y_pred at index 0 is NaN, but it must be finite"
    );
}
