//! Cross-validation against scikit-learn's `cross_val_score` (oracle:
//! scripts/oracles/sklearn_cross_val.py, whose printed constants are below):
//! closures that fit the models scikit-learn's estimators fit by a formula
//! (least squares on one feature as `LinearRegression`, the training mean as
//! `DummyRegressor`, class means as `NearestCentroid`) give its score in every
//! fold, on its folds (`KFold`, `StratifiedKFold`, checked fold for fold in
//! tests/suite/folds.rs); and an error names its fold.

use neuron::Error;
use neuron::datasets::{
    Dataset, Fold, KFold, StratifiedKFold, breast_cancer, cross_val_score, iris,
};
use neuron::metrics::multiclass::accuracy;
use neuron::metrics::regression::{mse, r2};
use neuron::ndarray::{Array1, Array2, Axis};

// scikit-learn 1.9.1
const X: [f64; 23] = [
    -1.196, -1.998, -0.917, -0.16, -1.99, -1.035, 2.954, 1.935, -1.394, -0.871, 1.834, 2.584,
    -0.231, 1.929, -1.266, 0.709, 0.984, 1.95, -0.607, 0.068, -0.12, -1.31, 1.38,
];
const Y: [f64; 23] = [
    -2.772, -4.956, -2.823, -2.895, -6.088, -3.626, 5.196, 2.177, -2.541, -2.624, 2.874, 4.264,
    -1.068, 3.597, -3.973, 1.673, 0.345, 3.314, -2.379, -0.997, -0.704, -3.459, 3.046,
];
// cross_val_score(LinearRegression(), X, y, cv=KFold(5))
const LINEAR_R2: [f64; 5] = [
    0.46798060987790313,
    0.935604817376956,
    0.9880618080142024,
    0.8885011707627578,
    0.9178120391443548,
];
// cross_val_score(DummyRegressor(), X, y, cv=KFold(4), scoring='neg_mean_squared_error')
const MEAN_NEG_MSE: [f64; 4] = [
    -20.701802129181083,
    -18.22952127797001,
    -9.849367131487888,
    -4.991447619753086,
];
// cross_val_score(NearestCentroid(), load_iris() data, target, cv=StratifiedKFold(5))
const IRIS_CENTROID_ACCURACY: [f64; 5] = [
    0.9,
    0.9333333333333333,
    0.8666666666666667,
    0.9333333333333333,
    0.9666666666666667,
];
// cross_val_score(NearestCentroid(), load_breast_cancer() data, target, cv=StratifiedKFold(5))
const BREAST_CANCER_CENTROID_ACCURACY: [f64; 5] = [
    0.8333333333333334,
    0.868421052631579,
    0.9122807017543859,
    0.9385964912280702,
    0.9026548672566371,
];

const TOLERANCE: f64 = 1e-12;

fn line() -> Dataset<f64> {
    Dataset::new(
        Array2::from_shape_vec((23, 1), X.to_vec()).unwrap(),
        Array1::from(Y.to_vec()),
    )
    .unwrap()
}

fn assert_scores(found: &[f64], expected: &[f64], what: &str) {
    assert_eq!(found.len(), expected.len(), "{what}: number of folds");
    for (k, (f, e)) in found.iter().zip(expected).enumerate() {
        assert!(
            (f - e).abs() < TOLERANCE,
            "{what} fold {k}: {f} against {e}"
        );
    }
}

/// Least squares on one feature: `ŷ = a·x + b`, `a = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²`.
fn least_squares(train: &Dataset<f64>, test: &Dataset<f64>) -> neuron::Result<f64> {
    let (x, y) = (train.inputs().column(0), train.targets());
    let (x_mean, y_mean) = (x.mean().unwrap(), y.mean().unwrap());
    let slope = x
        .iter()
        .zip(y)
        .map(|(x, y)| (x - x_mean) * (y - y_mean))
        .sum::<f64>()
        / x.iter().map(|x| (x - x_mean).powi(2)).sum::<f64>();
    let predicted = test
        .inputs()
        .column(0)
        .mapv(|x| slope * (x - x_mean) + y_mean);
    r2(test.targets(), &predicted)
}

#[test]
fn least_squares_line_equals_linear_regression_in_every_fold() {
    let data = line();
    let folds = KFold::new(5).unwrap().split(data.n_samples()).unwrap();
    let scores = cross_val_score(&data, &folds, least_squares).unwrap();
    assert_scores(&scores, &LINEAR_R2, "LinearRegression R²");
}

#[test]
fn training_mean_equals_dummy_regressor_in_every_fold() {
    let data = line();
    let folds = KFold::new(4).unwrap().split(data.n_samples()).unwrap();
    let mut calls = 0;
    let scores = cross_val_score(&data, &folds, |train, test| {
        calls += 1;
        let mean = train.targets().mean().unwrap();
        // neg_mean_squared_error: scikit-learn's scores are "higher is better".
        Ok(-mse(
            test.targets(),
            &Array1::from_elem(test.n_samples(), mean),
        )?)
    })
    .unwrap();
    assert_eq!(calls, 4);
    assert_scores(&scores, &MEAN_NEG_MSE, "DummyRegressor neg MSE");
}

/// Each class's mean of the training inputs; each test sample gets the class
/// of the nearest mean (Euclidean), as `NearestCentroid`.
fn nearest_centroid(train: &Dataset<f64>, test: &Dataset<f64>) -> neuron::Result<f64> {
    let n_classes = train.targets().iter().fold(0.0_f64, |m, &y| m.max(y)) as usize + 1;
    let centroids: Vec<Array1<f64>> = (0..n_classes)
        .map(|c| {
            let rows: Vec<usize> = (0..train.n_samples())
                .filter(|&i| train.targets()[i] == c as f64)
                .collect();
            train
                .inputs()
                .select(Axis(0), &rows)
                .mean_axis(Axis(0))
                .unwrap()
        })
        .collect();
    let predicted: Array1<usize> = test
        .inputs()
        .rows()
        .into_iter()
        .map(|row| {
            let distance = |c: &Array1<f64>| (&row - c).mapv(|d| d * d).sum();
            (0..n_classes)
                .min_by(|&a, &b| distance(&centroids[a]).total_cmp(&distance(&centroids[b])))
                .unwrap()
        })
        .collect();
    accuracy(test.targets(), &predicted)
}

#[test]
fn class_means_equal_nearest_centroid_on_stratified_folds() {
    for (data, expected, what) in [
        (iris::<f64>(), IRIS_CENTROID_ACCURACY, "iris"),
        (
            breast_cancer::<f64>(),
            BREAST_CANCER_CENTROID_ACCURACY,
            "breast cancer",
        ),
    ] {
        let folds = StratifiedKFold::new(5)
            .unwrap()
            .split(data.targets())
            .unwrap();
        let scores = cross_val_score(&data, &folds, nearest_centroid).unwrap();
        assert_scores(&scores, &expected, what);
    }
}

#[test]
fn an_error_names_its_fold_and_ends_the_run() {
    let data = line();
    let folds = KFold::new(5).unwrap().split(data.n_samples()).unwrap();
    let mut calls = 0;
    let err = cross_val_score(&data, &folds, |_, _| {
        calls += 1;
        if calls == 3 {
            Err(Error::Empty {
                what: "the training set",
            })
        } else {
            Ok(0.5)
        }
    })
    .unwrap_err();
    assert_eq!(calls, 3);
    assert_eq!(
        err,
        Error::InFold {
            fold: 2,
            n_folds: 5,
            source: Box::new(Error::Empty {
                what: "the training set"
            })
        }
    );
    assert_eq!(
        err.to_string(),
        "fold 2 (of 5, counted from 0): the training set is empty"
    );

    // A fold made by hand with an index past the data.
    let bad = [
        Fold {
            train: vec![0, 1],
            test: vec![2],
        },
        Fold {
            train: vec![0],
            test: vec![23],
        },
    ];
    let err = cross_val_score(&data, &bad, |_, _| Ok(1.0)).unwrap_err();
    assert!(
        matches!(&err, Error::InFold { fold: 1, source, .. } if matches!(**source, Error::InvalidSetting { name: "indices", value: 23.0, .. })),
        "{err:?}"
    );
    assert_eq!(
        cross_val_score(&data, &[], |_, _| Ok(1.0)).unwrap_err(),
        Error::Empty {
            what: "the list of folds"
        }
    );
}
