//! Multi-class metrics against scikit-learn.
//!
//! Oracle: `scripts/oracles/multiclass_metrics.py` (scikit-learn 1.9.1), output in
//! `scripts/oracles/multiclass_metrics.out.txt`; comments name its lines (`out:N`).
//! Every sklearn call there passes `labels=range(n_classes)`.
//!
//! - case 1, 3 classes: class 1 never in `y_true`, class 2 never in `y_pred`;
//!   case 1b: the same labels with 4 classes (class 3 in neither).
//! - case 2, 4 classes: probabilities `P` (one true class given 0, one given 1),
//!   `y_pred = argmax P`, scores `S` with ties for top-k.
//! - case 3: case 2 in `f32`.
//! - case 4: a row of probabilities that does not sum to 1.

use approx::{assert_abs_diff_eq, assert_relative_eq};
use neuron::metrics::multiclass::{
    ClassConfusion, accuracy, classification_report, confusion_matrix, log_loss, top_k_accuracy,
};
use neuron::ndarray::{Array1, Array2, array, s};
use neuron::{Activation, Dense, Error, Network};

/// out:2, as a Dataset holds targets.
fn y_true1() -> Array1<f64> {
    array![0.0, 2.0, 0.0, 0.0, 2.0, 2.0, 0.0, 2.0, 0.0, 0.0, 2.0]
}

/// out:3, as `predict_classes` returns them.
fn y_pred1() -> Array1<usize> {
    array![0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0]
}

/// out:45
fn y_true2() -> Array1<usize> {
    array![0, 1, 2, 3, 1, 2, 0, 3, 2, 1]
}

/// out:46 (`argmax P`, the first on a tie)
fn y_pred2() -> Array1<usize> {
    array![0, 1, 1, 0, 1, 2, 1, 3, 2, 0]
}

/// `P` of multiclass_metrics.py.
fn probabilities() -> Array2<f64> {
    array![
        [0.7, 0.1, 0.1, 0.1],
        [0.2, 0.5, 0.2, 0.1],
        [0.1, 0.6, 0.2, 0.1],
        [0.25, 0.25, 0.25, 0.25],
        [0.0, 1.0, 0.0, 0.0],
        [0.3, 0.3, 0.4, 0.0],
        [0.0, 0.5, 0.25, 0.25],
        [0.1, 0.2, 0.3, 0.4],
        [0.05, 0.05, 0.8, 0.1],
        [0.4, 0.35, 0.15, 0.1],
    ]
}

/// `S` of multiclass_metrics.py.
fn scores() -> Array2<f64> {
    array![
        [2.0, 1.0, 0.5, -1.0],
        [0.3, 0.3, 0.2, 0.2],
        [1.0, 2.0, 2.0, 0.0],
        [0.5, 0.1, 0.1, 0.1],
        [0.4, 0.2, 0.2, 0.2],
        [-1.0, -2.0, -3.0, -4.0],
        [0.0, 0.0, 0.0, 0.0],
        [1.0, 3.0, 2.0, 0.0],
        [0.1, 0.9, 0.5, 0.5],
        [0.2, 0.2, 0.3, 0.3],
    ]
}

fn assert_all_close(found: &Array1<f64>, expected: &Array1<f64>) {
    assert_relative_eq!(found, expected, max_relative = 1e-15, epsilon = 0.0);
}

#[test]
fn accuracy_matches_sklearn_with_mixed_label_types() {
    // out:5 accuracy_score = 0.36363636363636365; out:48 = 0.6; out:96 (float32) = 0.6
    assert_eq!(
        accuracy(&y_true1(), &y_pred1()).unwrap(),
        0.36363636363636365
    );
    assert_eq!(accuracy(&y_true2(), &y_pred2()).unwrap(), 0.6);
    let y_true32 = y_true2().mapv(|c| c as f32);
    let y_pred32 = y_pred2().mapv(|c| c as f32);
    assert_eq!(accuracy(&y_true32, &y_pred32).unwrap(), 0.6);
    assert_eq!(accuracy(&y_true32, &y_pred2()).unwrap(), 0.6);
    // Integer literals are labels too (i32).
    assert_eq!(
        accuracy(&array![0, 1, 2], &array![0, 1, 1]).unwrap(),
        2.0 / 3.0
    );
}

#[test]
fn case1_confusion_and_scores_match_sklearn_with_classes_missing() {
    let cm = confusion_matrix(&y_true1(), &y_pred1(), 3).unwrap();
    // out:6 confusion_matrix = [[4, 2, 0], [0, 0, 0], [3, 2, 0]]
    assert_eq!(cm.to_array(), array![[4, 2, 0], [0, 0, 0], [3, 2, 0]]);
    assert_eq!(cm.n_classes(), 3);
    assert_eq!(cm.n_samples(), 11);
    assert_eq!(cm.accuracy(), 0.36363636363636365); // out:5
    assert_eq!(cm.predicted_counts(), array![7, 4, 0]);
    // out:7-10: class 1 has recall 0/0, class 2 precision 0/0, both reported as 0.0
    assert_all_close(&cm.precision(), &array![0.5714285714285714, 0.0, 0.0]);
    assert_all_close(&cm.recall(), &array![0.6666666666666666, 0.0, 0.0]);
    assert_all_close(&cm.f1(), &array![0.6153846153846154, 0.0, 0.0]);
    assert_eq!(cm.support(), array![6, 0, 5]);

    let report = cm.report();
    // out:11 macro precision, recall, f1
    let m = report.macro_avg();
    assert_relative_eq!(m.precision(), 0.19047619047619047, max_relative = 1e-15);
    assert_relative_eq!(m.recall(), 0.2222222222222222, max_relative = 1e-15);
    assert_relative_eq!(m.f1(), 0.20512820512820515, max_relative = 1e-15);
    // out:12 weighted precision, recall, f1
    let w = report.weighted_avg();
    assert_relative_eq!(w.precision(), 0.3116883116883117, max_relative = 1e-15);
    assert_relative_eq!(w.recall(), 0.36363636363636365, max_relative = 1e-15);
    assert_relative_eq!(w.f1(), 0.3356643356643357, max_relative = 1e-15);
}

#[test]
fn case1_report_text_matches_sklearn() {
    // out:14-22, without sklearn's final newline
    let expected = "              precision    recall  f1-score   support

           0       0.57      0.67      0.62         6
           1       0.00      0.00      0.00         0
           2       0.00      0.00      0.00         5

    accuracy                           0.36        11
   macro avg       0.19      0.22      0.21        11
weighted avg       0.31      0.36      0.34        11";
    let report = classification_report(&y_true1(), &y_pred1(), 3).unwrap();
    assert_eq!(report.to_string(), expected);
}

#[test]
fn case1b_a_class_in_neither_counts_in_the_macro_average() {
    let report = classification_report(&y_true1(), &y_pred1(), 4).unwrap();
    // out:26 confusion_matrix with labels=range(4)
    assert_eq!(
        report.confusion().to_array(),
        array![[4, 2, 0, 0], [0, 0, 0, 0], [3, 2, 0, 0], [0, 0, 0, 0]]
    );
    // out:27-30
    assert_all_close(
        report.precision(),
        &array![0.5714285714285714, 0.0, 0.0, 0.0],
    );
    assert_all_close(report.recall(), &array![0.6666666666666666, 0.0, 0.0, 0.0]);
    assert_all_close(report.f1(), &array![0.6153846153846154, 0.0, 0.0, 0.0]);
    assert_eq!(report.support(), &array![6, 0, 5, 0]);
    // out:31 macro: the fourth class's zeros pull it down
    let m = report.macro_avg();
    assert_relative_eq!(m.precision(), 0.14285714285714285, max_relative = 1e-15);
    assert_relative_eq!(m.recall(), 0.16666666666666666, max_relative = 1e-15);
    assert_relative_eq!(m.f1(), 0.15384615384615385, max_relative = 1e-15);
    // out:32 weighted: unchanged, class 3 has weight 0
    let w = report.weighted_avg();
    assert_relative_eq!(w.precision(), 0.3116883116883117, max_relative = 1e-15);
    assert_relative_eq!(w.recall(), 0.36363636363636365, max_relative = 1e-15);
    assert_relative_eq!(w.f1(), 0.3356643356643357, max_relative = 1e-15);
    // out:34-43
    let expected = "              precision    recall  f1-score   support

           0       0.57      0.67      0.62         6
           1       0.00      0.00      0.00         0
           2       0.00      0.00      0.00         5
           3       0.00      0.00      0.00         0

    accuracy                           0.36        11
   macro avg       0.14      0.17      0.15        11
weighted avg       0.31      0.36      0.34        11";
    assert_eq!(report.to_string(), expected);
}

#[test]
fn case2_report_matches_sklearn() {
    let report = classification_report(&y_true2(), &y_pred2(), 4).unwrap();
    // out:49
    assert_eq!(
        report.confusion().to_array(),
        array![[1, 1, 0, 0], [1, 2, 0, 0], [0, 1, 2, 0], [1, 0, 0, 1]]
    );
    // out:50-53
    assert_all_close(
        report.precision(),
        &array![0.3333333333333333, 0.5, 1.0, 1.0],
    );
    assert_all_close(
        report.recall(),
        &array![0.5, 0.6666666666666666, 0.6666666666666666, 0.5],
    );
    assert_all_close(
        report.f1(),
        &array![0.4, 0.5714285714285714, 0.8, 0.6666666666666666],
    );
    assert_eq!(report.support(), &array![2, 3, 3, 2]);
    assert_eq!(report.accuracy(), 0.6); // out:48
    // out:54-55
    let m = report.macro_avg();
    assert_relative_eq!(m.precision(), 0.7083333333333333, max_relative = 1e-15);
    assert_relative_eq!(m.recall(), 0.5833333333333333, max_relative = 1e-15);
    assert_relative_eq!(m.f1(), 0.6095238095238095, max_relative = 1e-15);
    let w = report.weighted_avg();
    assert_relative_eq!(w.precision(), 0.7166666666666666, max_relative = 1e-15);
    assert_relative_eq!(w.recall(), 0.6, max_relative = 1e-15);
    assert_relative_eq!(w.f1(), 0.6247619047619047, max_relative = 1e-15);
}

#[test]
fn case2_named_report_with_four_digits_matches_sklearn() {
    // out:69-78: target_names=['cat', 'dog', 'bird', 'horse'], digits=4
    let expected = "              precision    recall  f1-score   support

         cat     0.3333    0.5000    0.4000         2
         dog     0.5000    0.6667    0.5714         3
        bird     1.0000    0.6667    0.8000         3
       horse     1.0000    0.5000    0.6667         2

    accuracy                         0.6000        10
   macro avg     0.7083    0.5833    0.6095        10
weighted avg     0.7167    0.6000    0.6248        10";
    let report = classification_report(&y_true2(), &y_pred2(), 4)
        .unwrap()
        .with_names(&["cat", "dog", "bird", "horse"])
        .unwrap();
    assert_eq!(format!("{report:.4}"), expected);
    assert_eq!(report.names(), ["cat", "dog", "bird", "horse"]);
}

#[test]
fn long_class_names_widen_the_report_as_sklearn_does() {
    // sklearn: width = max(len(longest name), len("weighted avg"), digits)
    let report = classification_report(&array![0, 1], &array![0, 1], 2)
        .unwrap()
        .with_names(&["a", "a very long class name"])
        .unwrap();
    let text = report.to_string();
    let first_line = text.lines().next().unwrap();
    assert_eq!(
        first_line.len(),
        "a very long class name".len() + 1 + 4 * 10
    );
    assert!(text.contains("\na very long class name       1.00"));
}

#[test]
fn confusion_display_is_a_labelled_table() {
    let cm = confusion_matrix(&y_true2(), &y_pred2(), 4)
        .unwrap()
        .with_names(&["cat", "dog", "bird", "horse"])
        .unwrap();
    let expected = "\
true \\ predicted  cat  dog  bird  horse
             cat    1    1     0      0
             dog    1    2     0      0
            bird    0    1     2      0
           horse    1    0     0      1";
    assert_eq!(cm.to_string(), expected);
    // Unnamed, with a two-digit count.
    let cm = confusion_matrix(&Array1::<usize>::zeros(12), &Array1::<usize>::zeros(12), 2).unwrap();
    assert_eq!(
        cm.to_string(),
        "true \\ predicted   0  1\n               0  12  0\n               1   0  0"
    );
}

#[test]
fn count_outside_the_matrix_is_zero() {
    let cm = confusion_matrix(&y_true2(), &y_pred2(), 4).unwrap();
    assert_eq!(cm.count(1, 1), 2);
    assert_eq!(cm.count(4, 0), 0);
    assert_eq!(cm.count(0, 4), 0);
}

#[test]
fn report_equals_the_confusion_matrix_report() {
    let cm: ClassConfusion = confusion_matrix(&y_true2(), &y_pred2(), 4).unwrap();
    let report = classification_report(&y_true2(), &y_pred2(), 4).unwrap();
    assert_eq!(cm.report(), report);
    assert_eq!(report.n_classes(), 4);
}

#[test]
fn case2_log_loss_matches_sklearn_with_clipping() {
    // out:80 log_loss(y_true, P, labels=range(4)) = 4.319475492673102; the true class
    // of row 6 has probability 0, clipped to eps: −ln eps = 36.04365338911715 (out:82)
    let loss: f64 = log_loss(&y_true2(), &probabilities()).unwrap();
    assert_relative_eq!(loss, 4.319475492673102, max_relative = 1e-15);
    let one: f64 = log_loss(&array![0], &probabilities().slice(s![6..7, ..])).unwrap();
    assert_relative_eq!(one, 36.04365338911715, max_relative = 1e-15);
    // Row 4 gives the true class 1, clipped to 1 − eps: NumPy's log gives
    // 2.220446049250313e-16 = 2⁻⁵² (out:82); −ln(1 − 2⁻⁵²) = 2⁻⁵² + 2⁻¹⁰⁵ + … rounds
    // correctly to one ulp above, which Rust's ln gives: equal to 1 ulp.
    let one: f64 = log_loss(&array![1], &probabilities().slice(s![4..5, ..])).unwrap();
    assert_relative_eq!(one, 2.220446049250313e-16, max_relative = 2.3e-16);
}

#[test]
fn case3_log_loss_in_f32_clips_to_f32_epsilon() {
    // out:91 float32 log_loss = 2.3093483448028564 (sklearn computes in float32,
    // clipping to float32's eps 1.1920928955078125e-07, out:92)
    let p32 = probabilities().mapv(|p| p as f32);
    let y32 = y_true2().mapv(|c| c as f32);
    let loss: f32 = log_loss(&y32, &p32).unwrap();
    assert_relative_eq!(f64::from(loss), 2.3093483448028564, max_relative = 1e-6);
}

#[test]
fn case2_top_k_accuracy_matches_sklearn_tie_breaking() {
    // out:83-87: k = 1..5 → 0.3, 0.4, 0.7, 1.0, 1.0
    // (out:88 ranks every row: among equal scores the higher class comes first)
    for (k, expected) in [(1, 0.3), (2, 0.4), (3, 0.7), (4, 1.0), (5, 1.0)] {
        assert_eq!(
            top_k_accuracy(&y_true2(), &scores(), k).unwrap(),
            expected,
            "k = {k}"
        );
    }
    // out:89-90 on P: top-1 0.7, not the 0.6 of argmax (row 3 is a four-way tie)
    assert_eq!(
        top_k_accuracy(&y_true2(), &probabilities(), 1).unwrap(),
        0.7
    );
    assert_eq!(
        top_k_accuracy(&y_true2(), &probabilities(), 2).unwrap(),
        0.9
    );
}

#[test]
fn case3_top_k_accuracy_in_f32_matches_sklearn() {
    // out:93-95: float32 k = 1, 2, 3 → 0.3, 0.4, 0.7
    let s32 = scores().mapv(|s| s as f32);
    let y32 = y_true2().mapv(|c| c as f32);
    for (k, expected) in [(1, 0.3), (2, 0.4), (3, 0.7)] {
        assert_eq!(top_k_accuracy(&y32, &s32, k).unwrap(), expected, "k = {k}");
    }
}

#[test]
fn top_k_ranks_infinities_by_sign() {
    let scores = array![[f64::NEG_INFINITY, 0.0], [f64::INFINITY, 0.0]];
    assert_eq!(top_k_accuracy(&array![0, 0], &scores, 1).unwrap(), 0.5);
}

#[test]
fn metrics_read_any_layout() {
    // P stored transposed and read through .t(); labels through a stepped view.
    let p_t = probabilities().t().to_owned();
    let loss: f64 = log_loss(&y_true2(), &p_t.t()).unwrap();
    assert_relative_eq!(loss, 4.319475492673102, max_relative = 1e-15);
    let s_t = scores().t().to_owned();
    assert_eq!(top_k_accuracy(&y_true2(), &s_t.t(), 2).unwrap(), 0.4);
    // Every other sample of case 2: y_true [0, 2, 1, 0, 2], y_pred [0, 1, 1, 1, 2].
    let (t, p) = (y_true2(), y_pred2());
    let (t, p) = (t.slice(s![..;2]), p.slice(s![..;2]));
    let cm = confusion_matrix(&t, &p, 4).unwrap();
    assert_eq!(
        cm.to_array(),
        array![[1, 1, 0, 0], [0, 1, 0, 0], [0, 1, 1, 0], [0, 0, 0, 0]]
    );
}

#[test]
fn metrics_take_a_networks_predictions() {
    // Softmax over [x, 0.5, −x]: class 0 for x = 2, 1 for x = 0, 2 for x = −2.
    let network: Network<f64> = Network::from_layers(vec![
        Dense::new(
            array![[1.0, 0.0, -1.0]],
            array![0.0, 0.5, 0.0],
            Activation::Softmax,
        )
        .unwrap(),
    ])
    .unwrap();
    let x = array![[2.0], [0.0], [-2.0], [1.0]];
    let targets = array![0.0, 1.0, 1.0, 0.0];
    let classes = network.predict_classes(&x).unwrap();
    let p = network.predict_proba(&x).unwrap();
    assert_eq!(classes, array![0, 1, 2, 0]);
    assert_eq!(accuracy(&targets, &classes).unwrap(), 0.75);
    assert_eq!(
        confusion_matrix(&targets, &classes, 3).unwrap().count(1, 2),
        1
    );
    // No ties: top-1 accuracy is the accuracy of the argmax.
    assert_eq!(top_k_accuracy(&targets, &p, 1).unwrap(), 0.75);
    // log loss = −mean ln p[i, y_i]
    let expected = -(0..4)
        .map(|i| p[[i, targets[i] as usize]].ln())
        .sum::<f64>()
        / 4.0;
    assert_abs_diff_eq!(log_loss(&targets, &p).unwrap(), expected, epsilon = 1e-15);
}

#[test]
fn case4_rows_not_summing_to_one_are_an_error_where_sklearn_warns() {
    // out:97-98: sklearn returns 0.601986402162968 with the warning "The y_prob values
    // do not sum to one"; here it is an error naming the row and its sum.
    let p = array![[0.5, 0.3, 0.1], [0.2, 0.2, 0.6]];
    let err = log_loss(&array![0, 2], &p).unwrap_err();
    let Error::InvalidValue {
        what, index, value, ..
    } = err
    else {
        panic!("expected InvalidValue, got {err:?}");
    };
    assert_eq!((what, index), ("the sum of the row", 0));
    assert_abs_diff_eq!(value, 0.9, epsilon = 1e-15);
    // Within sklearn's tolerance, 1e-8 + √ε (out:99 rtol = 1.4901161193847656e-08),
    // a row is accepted; the clipped formula holds for it.
    let p = array![[0.5, 0.5 + 1e-8]];
    let loss: f64 = log_loss(&array![0], &p).unwrap();
    assert_abs_diff_eq!(loss, -(0.5_f64.ln()), epsilon = 1e-15);
    let p = array![[0.5, 0.5 + 3e-8]];
    assert!(log_loss::<f64, _, _>(&array![0], &p).is_err());
}

#[test]
fn length_mismatch_names_both_lengths() {
    let err = accuracy(&array![0, 1, 2], &array![0, 1]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "accuracy (y_true, y_pred): lengths differ, 3 and 2"
    );
    let err = confusion_matrix(&array![0, 1], &array![0, 1, 1], 2).unwrap_err();
    assert_eq!(
        err,
        Error::LengthMismatch {
            what: "confusion_matrix (y_true, y_pred)",
            left: 2,
            right: 3
        }
    );
    let err = classification_report(&array![0], &array![0, 1], 2).unwrap_err();
    assert_eq!(
        err.to_string(),
        "classification_report (y_true, y_pred): lengths differ, 1 and 2"
    );
    let err = log_loss::<f64, _, _>(&array![0, 1], &probabilities()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "log_loss (y_true, rows of probabilities): lengths differ, 2 and 10"
    );
    let err = top_k_accuracy(&array![0, 1], &scores(), 1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "top_k_accuracy (y_true, rows of scores): lengths differ, 2 and 10"
    );
}

#[test]
fn empty_inputs_are_errors() {
    let none = Array1::<usize>::zeros(0);
    let rows = Array2::<f64>::zeros((0, 3));
    assert_eq!(
        accuracy(&none, &none).unwrap_err().to_string(),
        "accuracy: y_true is empty"
    );
    assert_eq!(
        confusion_matrix(&none, &none, 3).unwrap_err(),
        Error::Empty {
            what: "confusion_matrix: y_true"
        }
    );
    assert_eq!(
        classification_report(&none, &none, 3).unwrap_err(),
        Error::Empty {
            what: "classification_report: y_true"
        }
    );
    assert_eq!(
        log_loss(&none, &rows).unwrap_err(),
        Error::Empty {
            what: "log_loss: y_true"
        }
    );
    assert_eq!(
        top_k_accuracy(&none, &rows, 1).unwrap_err(),
        Error::Empty {
            what: "top_k_accuracy: y_true"
        }
    );
}

#[test]
fn labels_out_of_range_name_index_value_and_classes() {
    let err = confusion_matrix(&array![0.0, 1.0, 3.0], &array![0, 1, 1], 3).unwrap_err();
    assert_eq!(
        err,
        Error::InvalidLabel {
            index: 2,
            value: 3.0,
            n_classes: 3
        }
    );
    assert_eq!(
        err.to_string(),
        "label at index 2 is 3, but class labels must be whole numbers from 0 to 3 (exclusive)"
    );
    // y_pred is checked after y_true.
    let err = classification_report(&array![0, 1], &array![5_usize, 1], 3).unwrap_err();
    assert_eq!(
        err,
        Error::InvalidLabel {
            index: 0,
            value: 5.0,
            n_classes: 3
        }
    );
    // NaN, negative and fractional labels.
    for (label, index) in [(f64::NAN, 1), (-1.0, 1), (0.5, 1)] {
        let err = confusion_matrix(&array![0.0, label], &array![0.0, 0.0], 2).unwrap_err();
        let Error::InvalidLabel {
            index: i,
            value,
            n_classes,
        } = err
        else {
            panic!("expected InvalidLabel, got {err:?}");
        };
        assert_eq!((i, n_classes), (index, 2));
        assert!(value == label || (value.is_nan() && label.is_nan()));
    }
    let err = confusion_matrix(&array![0, -2], &array![0, 0], 2).unwrap_err();
    assert_eq!(
        err,
        Error::InvalidLabel {
            index: 1,
            value: -2.0,
            n_classes: 2
        }
    );
    // log_loss and top_k: the number of classes is the number of columns.
    let err = log_loss(&array![0, 4], &probabilities().slice(s![..2, ..])).unwrap_err();
    assert_eq!(
        err,
        Error::InvalidLabel {
            index: 1,
            value: 4.0,
            n_classes: 4
        }
    );
    let err = top_k_accuracy(&array![7.0_f32], &array![[0.5_f32, 0.5]], 1).unwrap_err();
    assert_eq!(
        err,
        Error::InvalidLabel {
            index: 0,
            value: 7.0,
            n_classes: 2
        }
    );
}

#[test]
fn accuracy_rejects_labels_that_are_not_classes() {
    let err = accuracy(&array![0.0, 1.0], &array![0.0, -1.0]).unwrap_err();
    assert_eq!(
        err,
        Error::InvalidValue {
            what: "y_pred",
            index: 1,
            value: -1.0,
            requirement: "a class label: a whole number ≥ 0"
        }
    );
    let err = accuracy(&array![f32::NAN], &array![0.0_f32]).unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidValue {
            what: "y_true",
            index: 0,
            ..
        }
    ));
    // No upper bound without n_classes: 1000 is a class like any other.
    assert_eq!(accuracy(&array![1000.0], &array![1000_usize]).unwrap(), 1.0);
}

#[test]
fn settings_out_of_range_are_errors() {
    let err = confusion_matrix(&array![0], &array![0], 0).unwrap_err();
    assert!(matches!(err, Error::InvalidSetting { name: "n_classes", value, .. } if value == 0.0));
    let err = confusion_matrix(&array![0], &array![0], usize::MAX).unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidSetting {
            name: "n_classes",
            ..
        }
    ));
    let err = classification_report(&array![0], &array![0], 0).unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidSetting {
            name: "n_classes",
            ..
        }
    ));

    let err = top_k_accuracy(&y_true2(), &scores(), 0).unwrap_err();
    assert_eq!(err.to_string(), "k is 0, but it must be at least 1");
    let err = top_k_accuracy(&array![0], &Array2::<f64>::zeros((1, 0)), 1).unwrap_err();
    assert!(matches!(err, Error::InvalidSetting { value, .. } if value == 0.0));

    // One column of P(class 1) is the binary log loss's input, not this one's.
    let err = log_loss(&array![0], &array![[1.0]]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "n_classes (columns of probabilities) is 1, but it must be at least 2 \
         (for one column of P(class 1), use metrics::log_loss)"
    );
}

#[test]
fn invalid_probabilities_and_scores_name_their_row() {
    let err = log_loss(&array![0, 1], &array![[0.5, 0.5], [1.2, -0.2]]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a probability in the row at index 1 is 1.2, but it must be in [0, 1]"
    );
    let err = log_loss(&array![0], &array![[f64::NAN, 1.0]]).unwrap_err();
    assert!(matches!(err, Error::InvalidValue { index: 0, value, .. } if value.is_nan()));
    let err = top_k_accuracy(&array![0, 1], &array![[0.5, 0.5], [f64::NAN, 0.0]], 1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a score in the row at index 1 is NaN, but it must be a number, not NaN"
    );
}

#[test]
fn with_names_needs_one_name_per_class() {
    let cm = confusion_matrix(&array![0, 1], &array![0, 1], 3).unwrap();
    assert_eq!(cm.names(), ["0", "1", "2"]);
    let err = cm.clone().with_names(&["a", "b"]).unwrap_err();
    assert_eq!(
        err,
        Error::LengthMismatch {
            what: "with_names (names, classes)",
            left: 2,
            right: 3
        }
    );
    let names = vec![String::from("a"), String::from("b"), String::from("c")];
    assert_eq!(cm.with_names(&names).unwrap().names(), ["a", "b", "c"]);
}
