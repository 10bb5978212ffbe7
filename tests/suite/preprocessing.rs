//! Standardisation against scikit-learn's `StandardScaler`.
//!
//! Oracle: `scripts/oracles/logistic_breast_cancer.py` (numpy 2.4.6, scikit-learn
//! 1.9.1), output in `scripts/oracles/logistic_breast_cancer.out.txt`:
//! `StandardScaler().fit(X)` on all 569 rows of the breast cancer data.

use approx::{assert_abs_diff_eq, assert_relative_eq};
use neuron::datasets::breast_cancer;
use neuron::ndarray::{Array2, Axis, array, s};
use neuron::{Error, Standardizer};

#[test]
fn mean_matches_sklearn_standard_scaler() {
    // logistic_breast_cancer.out.txt: scaler.mean_[:3]
    let scaler = Standardizer::fit(breast_cancer::<f64>().inputs()).unwrap();
    let expected = [14.127291739894563, 19.28964850615117, 91.96903339191566];
    for (j, &mean) in expected.iter().enumerate() {
        assert_relative_eq!(scaler.mean()[j], mean, max_relative = 1e-12);
    }
    assert_eq!(scaler.n_features(), 30);
}

#[test]
fn scale_is_population_std_as_sklearn_standard_scaler() {
    // logistic_breast_cancer.out.txt: scaler.scale_[:3] (ddof = 0)
    let scaler = Standardizer::fit(breast_cancer::<f64>().inputs()).unwrap();
    let expected = [3.5209507607110626, 4.297254637090421, 24.277619293053174];
    for (j, &scale) in expected.iter().enumerate() {
        assert_relative_eq!(scaler.scale()[j], scale, max_relative = 1e-12);
    }
}

#[test]
fn first_standardised_row_matches_sklearn() {
    // logistic_breast_cancer.out.txt: Xs[0, :3]
    let (_, z) = Standardizer::fit_transform(breast_cancer::<f64>().inputs()).unwrap();
    let expected = [1.0970639814699807, -2.0733350146975935, 1.2699336881399383];
    for (j, &value) in expected.iter().enumerate() {
        assert_relative_eq!(z[[0, j]], value, max_relative = 1e-12);
    }
}

#[test]
fn f32_standardizer_matches_sklearn_to_f32_precision() {
    // Same oracle as above; the f32 data differ from the f64 data by rounding only.
    let (scaler, z) = Standardizer::fit_transform(breast_cancer::<f32>().inputs()).unwrap();
    assert_relative_eq!(scaler.mean()[0], 14.127292, max_relative = 1e-6);
    assert_relative_eq!(scaler.scale()[2], 24.27762, max_relative = 1e-6);
    assert_relative_eq!(z[[0, 1]], -2.073335, max_relative = 1e-5);
}

#[test]
fn standardised_columns_have_mean_zero_and_std_one() {
    let (_, z) = Standardizer::fit_transform(breast_cancer::<f64>().inputs()).unwrap();
    for column in z.axis_iter(Axis(1)) {
        assert_abs_diff_eq!(column.mean().unwrap(), 0.0, epsilon = 1e-12);
        assert_abs_diff_eq!(column.std(0.0), 1.0, epsilon = 1e-12);
    }
}

#[test]
fn constant_column_gets_scale_one() {
    // sklearn: StandardScaler().fit([[0.1, 1], [0.1, 2], [0.1, 3]]).scale_ == [1, 0.816…],
    // and the constant column becomes 0 (0.1 is not exact, so its mean is within rounding).
    let x = array![[0.1, 1.0], [0.1, 2.0], [0.1, 3.0]];
    let (scaler, z) = Standardizer::fit_transform(&x).unwrap();
    assert_eq!(scaler.scale()[0], 1.0);
    assert_relative_eq!(
        scaler.scale()[1],
        (2.0_f64 / 3.0).sqrt(),
        max_relative = 1e-15
    );
    for &value in z.column(0) {
        assert_abs_diff_eq!(value, 0.0, epsilon = 1e-15);
    }
}

#[test]
fn inverse_transform_round_trips() {
    let x = breast_cancer::<f64>().inputs().clone();
    let (scaler, z) = Standardizer::fit_transform(&x).unwrap();
    let back = scaler.inverse_transform(&z).unwrap();
    for (&original, &restored) in x.iter().zip(&back) {
        assert_relative_eq!(restored, original, max_relative = 1e-12, epsilon = 1e-12);
    }
}

#[test]
fn transform_accepts_any_memory_layout() {
    let x = breast_cancer::<f64>()
        .inputs()
        .slice(s![..100, ..5])
        .to_owned();
    let scaler = Standardizer::fit(&x).unwrap();
    let expected = scaler.transform(&x).unwrap();

    // Column-major copy, transposed twice, and a stepped view of a wider array.
    let fortran = x.t().as_standard_layout().into_owned().reversed_axes();
    assert!(fortran.t().is_standard_layout());
    assert_eq!(fortran, x);
    assert_eq!(scaler.transform(&fortran).unwrap(), expected);
    assert_eq!(scaler.transform(&x.t().t()).unwrap(), expected);
    let mut wide = Array2::zeros((100, 10));
    wide.slice_mut(s![.., ..;2]).assign(&x);
    assert_eq!(
        scaler.transform(&wide.slice(s![.., ..;2])).unwrap(),
        expected
    );
    assert_eq!(
        Standardizer::fit(&wide.slice(s![.., ..;2])).unwrap(),
        scaler
    );
}

#[test]
fn fit_on_training_rows_applies_to_test_rows() {
    let x = array![[1.0], [3.0], [100.0]];
    let scaler = Standardizer::fit(&x.slice(s![..2, ..])).unwrap(); // μ = 2, σ = 1
    let test = scaler.transform(&x.slice(s![2.., ..])).unwrap();
    assert_eq!(test, array![[98.0]]);
}

#[test]
fn fit_rejects_empty_inputs() {
    let empty = Array2::<f64>::zeros((0, 3));
    assert_eq!(
        Standardizer::fit(&empty).unwrap_err(),
        Error::Empty { what: "inputs" }
    );
}

#[test]
fn fit_rejects_non_finite_inputs_naming_row_and_column() {
    let x = array![[1.0, 2.0], [3.0, f64::NAN], [f64::INFINITY, 0.0]];
    let err = Standardizer::fit(&x).unwrap_err();
    assert!(matches!(
        err,
        Error::NonFiniteInput {
            row: 1,
            column: 1,
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "input at row 1, column 1 is NaN; inputs must be finite"
    );
}

#[test]
fn transform_rejects_wrong_number_of_columns() {
    let scaler = Standardizer::fit(breast_cancer::<f64>().inputs()).unwrap();
    let err = scaler.transform(&Array2::<f64>::zeros((2, 5))).unwrap_err();
    assert_eq!(
        err,
        Error::ColumnMismatch {
            found: 5,
            expected: 30,
            fitted: "standardizer"
        }
    );
    assert_eq!(
        err.to_string(),
        "input has 5 columns, but the standardizer was fitted on 30"
    );
    assert!(matches!(
        scaler.inverse_transform(&Array2::<f64>::zeros((1, 31))),
        Err(Error::ColumnMismatch {
            found: 31,
            expected: 30,
            ..
        })
    ));
}

#[test]
fn transform_rejects_non_finite_inputs() {
    let scaler = Standardizer::fit(&array![[1.0, 2.0], [3.0, 4.0]]).unwrap();
    assert!(matches!(
        scaler.transform(&array![[0.0, f64::INFINITY]]),
        Err(Error::NonFiniteInput {
            row: 0,
            column: 1,
            ..
        })
    ));
    assert!(matches!(
        scaler.inverse_transform(&array![[0.0, 0.0], [f64::NAN, 0.0]]),
        Err(Error::NonFiniteInput {
            row: 1,
            column: 0,
            ..
        })
    ));
}

/// A regression target as a vector: the column methods equal the matrix
/// ones on the `(n, 1)` matrix, bit for bit, and refuse a scaler of two features.
#[test]
fn one_column_scales_as_the_matrix_of_one_column() {
    let t = array![3.5, -1.0, 12.25, 0.0, 7.0];
    let column = Standardizer::fit_column(&t).unwrap();
    let matrix = Standardizer::fit(&t.clone().insert_axis(Axis(1))).unwrap();
    assert_eq!(column, matrix);
    let z = column.transform_column(&t).unwrap();
    assert_eq!(
        z,
        matrix
            .transform(&t.clone().insert_axis(Axis(1)))
            .unwrap()
            .column(0)
    );
    let back = column.inverse_transform_column(&z).unwrap();
    assert_eq!(
        back,
        matrix
            .inverse_transform(&z.clone().insert_axis(Axis(1)))
            .unwrap()
            .column(0)
    );
    let two = Standardizer::fit(&array![[1.0, 2.0], [3.0, 5.0]]).unwrap();
    assert!(matches!(
        two.transform_column(&t),
        Err(Error::ColumnMismatch {
            found: 1,
            expected: 2,
            ..
        })
    ));
}
