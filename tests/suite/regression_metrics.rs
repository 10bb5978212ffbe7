//! Regression metrics against scikit-learn 1.9.1 (`mean_absolute_error`,
//! `mean_squared_error`, `root_mean_squared_error`, `r2_score`,
//! `explained_variance_score`), on the cases of
//! `scripts/oracles/sklearn_regression.py`, which printed the expected values
//! below: its docs' example, a constant offset (R² 0.2 but explained variance
//! 1), predictions worse than the mean, constant targets (scikit-learn's
//! `force_finite` rule), and random values.

use neuron::metrics::regression::{explained_variance, mae, mse, r2, rmse};
use neuron::ndarray::Array1;

type Case<'a> = (&'a str, &'a [f64], &'a [f64], [f64; 5]);

const CASES: [Case; 6] = [
    (
        "docs",
        &[3.0, -0.5, 2.0, 7.0],
        &[2.5, 0.0, 2.0, 8.0],
        [
            0.5,
            0.375,
            0.6123724356957945,
            0.9486081370449679,
            0.9571734475374732,
        ],
    ),
    (
        "offset",
        &[1.0, 2.0, 3.0, 4.0],
        &[2.0, 3.0, 4.0, 5.0],
        [1.0, 1.0, 1.0, 0.19999999999999996, 1.0],
    ),
    (
        "worse_than_mean",
        &[1.0, 2.0, 3.0],
        &[3.0, 2.0, 1.0],
        [
            1.3333333333333333,
            2.6666666666666665,
            1.632993161855452,
            -3.0,
            -3.0,
        ],
    ),
    (
        "constant_exact",
        &[2.0, 2.0, 2.0],
        &[2.0, 2.0, 2.0],
        [0.0, 0.0, 0.0, 1.0, 1.0],
    ),
    (
        "constant_off",
        &[2.0, 2.0, 2.0],
        &[2.0, 2.5, 2.0],
        [
            0.16666666666666666,
            0.08333333333333333,
            0.28867513459481287,
            0.0,
            0.0,
        ],
    ),
    (
        "random",
        &[
            -0.8019314252534474,
            -1.324358995628145,
            -0.24836162209524854,
            0.4204452380655215,
            1.1360465324896427,
            0.10970639932180819,
            -0.5526473205362324,
        ],
        &[
            1.0531157544867582,
            1.776491303816993,
            -2.5532918384570134,
            -0.13796506137840808,
            1.0137194090532766,
            1.3521418253819912,
            0.6537883844162056,
        ],
        [
            1.4843480356342895,
            3.0992992580993284,
            1.7604826775913838,
            -4.4017102411241735,
            -3.707102624464433,
        ],
    ),
];

#[test]
fn regression_metrics_equal_scikit_learn() {
    for (name, t, p, expected) in CASES {
        let (t, p) = (Array1::from(t.to_vec()), Array1::from(p.to_vec()));
        let found = [
            mae(&t, &p).unwrap(),
            mse(&t, &p).unwrap(),
            rmse(&t, &p).unwrap(),
            r2(&t, &p).unwrap(),
            explained_variance(&t, &p).unwrap(),
        ];
        for (k, (a, b)) in found.iter().zip(expected).enumerate() {
            assert!(
                (a - b).abs() <= 1e-14 * b.abs().max(1.0),
                "{name} metric {k}: {a} against {b}"
            );
        }
    }
}

#[test]
fn regression_metrics_refuse_what_they_cannot_measure() {
    let (a, b) = (Array1::from(vec![1.0, 2.0]), Array1::from(vec![1.0]));
    assert!(matches!(
        mae(&a, &b),
        Err(neuron::Error::LengthMismatch { .. })
    ));
    let empty = Array1::<f64>::zeros(0);
    assert!(matches!(
        r2(&empty, &empty),
        Err(neuron::Error::Empty { .. })
    ));
    let nan = Array1::from(vec![1.0, f64::NAN]);
    assert!(matches!(
        explained_variance(&a, &nan),
        Err(neuron::Error::InvalidValue {
            what: "y_pred",
            index: 1,
            ..
        })
    ));
}

/// The sums are NumPy's, so the metrics are scikit-learn's bits, and targets
/// that are constant as NumPy sums them are constant here too. scikit-learn
/// 1.9.1, NumPy 2.4:
/// ```python
/// y = np.array([(i * 0.37) % 5 for i in range(200)])
/// p = y + 0.01 * ((np.arange(200) * 7) % 11 - 5)
/// r2_score(y, p), explained_variance_score(y, p)    # 0.999514129895885, 0.9995141407789884
/// mean_squared_error(y, p), mean_absolute_error(y, p)  # 0.0010044999999999976, 0.02734999999999995
/// r2_score(np.full(10, 0.1), [0.1] * 9 + [0.2])      # 0.0, and explained_variance_score 0.0
/// ```
/// Summed from left to right, the mean of ten 0.1 was an ulp off 0.1 and R²
/// of the constant targets −5.19·10³⁰.
#[test]
fn regression_metrics_are_scikit_learns_bits() {
    let y = Array1::from_shape_fn(200, |i| (i as f64 * 0.37) % 5.0);
    let p = Array1::from_shape_fn(200, |i| y[i] + 0.01 * (((i * 7) % 11) as f64 - 5.0));
    assert_eq!(r2(&y, &p).unwrap(), 0.999514129895885);
    assert_eq!(explained_variance(&y, &p).unwrap(), 0.9995141407789884);
    assert_eq!(mse(&y, &p).unwrap(), 0.0010044999999999976);
    assert_eq!(mae(&y, &p).unwrap(), 0.02734999999999995);
    let constant = Array1::from_elem(10, 0.1);
    let mut off = constant.clone();
    off[9] = 0.2;
    assert_eq!(r2(&constant, &off).unwrap(), 0.0);
    assert_eq!(explained_variance(&constant, &off).unwrap(), 0.0);
}
