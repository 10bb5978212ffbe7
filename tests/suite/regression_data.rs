//! The bundled regression data set: diabetes.
//!
//! Expected values come from `scripts/oracles/diabetes_data.out.txt`, which
//! scikit-learn 1.9.1's `load_diabetes(scaled=False)` produced, after checking that
//! `data/diabetes.csv` holds the same numbers (`python scripts/oracles/diabetes_data.py`).

use approx::assert_abs_diff_eq;
use neuron::datasets::diabetes;
use neuron::ndarray::array;

#[test]
fn diabetes_parses() {
    // The bundled CSV parses in both float types: `diabetes` cannot panic.
    assert_eq!(diabetes::<f64>().inputs().dim(), (442, 10));
    assert_eq!(diabetes::<f32>().inputs().dim(), (442, 10));
}

#[test]
fn diabetes_has_442_samples_of_10_features() {
    // Oracle: "load_diabetes(scaled=False): X shape (442, 10)  y shape (442,)".
    let data = diabetes::<f64>();
    assert_eq!((data.n_samples(), data.n_features()), (442, 10));
    assert_eq!(data.targets().len(), 442);
}

#[test]
fn diabetes_names_match_sklearn_and_there_are_no_classes() {
    // Oracle: feature_names ['age', 'sex', 'bmi', 'bp', 's1', …, 's6']; target_names None
    // (a regression set has no classes to name).
    for data in [
        diabetes::<f64>().feature_names().to_vec(),
        diabetes::<f32>().feature_names().to_vec(),
    ] {
        assert_eq!(
            data,
            [
                "age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"
            ]
        );
    }
    assert!(diabetes::<f64>().target_names().is_empty());
}

#[test]
fn diabetes_first_and_last_rows_match_the_oracle() {
    // Oracle: rows 0, 1, 2 and 441 of load_diabetes(scaled=False), features and target.
    let data = diabetes::<f64>();
    let x = data.inputs();
    let y = data.targets();
    assert_eq!(
        x.row(0),
        array![59.0, 2.0, 32.1, 101.0, 157.0, 93.2, 38.0, 4.0, 4.8598, 87.0]
    );
    assert_eq!(
        x.row(1),
        array![48.0, 1.0, 21.6, 87.0, 183.0, 103.2, 70.0, 3.0, 3.8918, 69.0]
    );
    assert_eq!(
        x.row(2),
        array![72.0, 2.0, 30.5, 93.0, 156.0, 93.6, 41.0, 4.0, 4.6728, 85.0]
    );
    assert_eq!(
        x.row(441),
        array![36.0, 1.0, 19.6, 71.0, 250.0, 133.2, 97.0, 3.0, 4.5951, 92.0]
    );
    assert_eq!([y[0], y[1], y[2], y[441]], [151.0, 75.0, 141.0, 57.0]);
}

#[test]
fn diabetes_f32_holds_nearest_f32_of_each_number() {
    // Parsed directly as f32, so equal to Rust's f32 literals for the same text.
    let data = diabetes::<f32>();
    assert_eq!(
        data.inputs().row(0),
        array![
            59.0_f32, 2.0, 32.1, 101.0, 157.0, 93.2, 38.0, 4.0, 4.8598, 87.0
        ]
    );
    assert_eq!(data.targets()[0], 151.0_f32);
}

#[test]
fn diabetes_target_statistics_match_the_oracle() {
    // Oracle: "target mean: 152.13348416289594", "target std (ddof=0): 77.00574586945044",
    // "target min, max: 25.0 346.0"; NumPy sums pairwise and we in order, hence 1e-12.
    let data = diabetes::<f64>();
    let y = data.targets();
    assert_abs_diff_eq!(y.mean().unwrap(), 152.13348416289594, epsilon = 1e-12);
    assert_abs_diff_eq!(y.std(0.0), 77.00574586945044, epsilon = 1e-12);
    assert_eq!(y.fold(f64::INFINITY, |a, &b| a.min(b)), 25.0);
    assert_eq!(y.fold(f64::NEG_INFINITY, |a, &b| a.max(b)), 346.0);
    // Every target is a whole number.
    assert!(y.iter().all(|&v| v == v.round()));
}

#[test]
fn diabetes_feature_means_and_sex_counts_match_the_oracle() {
    // Oracle: "feature means: [48.51809954751131, 1.4683257918552035, …]" and
    // "sex counts (1, 2): 235 207".
    let data = diabetes::<f64>();
    let expected = [
        48.51809954751131,
        1.4683257918552035,
        26.37579185520364,
        94.64701357466065,
        189.14027149321268,
        115.43914027149319,
        49.78846153846154,
        4.070248868778281,
        4.641410859728506,
        91.26018099547511,
    ];
    let means = data.inputs().mean_axis(neuron::ndarray::Axis(0)).unwrap();
    for (mean, expected) in means.iter().zip(expected) {
        assert_abs_diff_eq!(*mean, expected, epsilon = 1e-11);
    }
    let sex = data.inputs().column(1);
    let counts = [1.0, 2.0].map(|s| sex.iter().filter(|&&v| v == s).count());
    assert_eq!(counts, [235, 207]);
}
