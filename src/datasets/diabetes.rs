//! The bundled diabetes data set: a regression problem.

use super::bundled::{Header, parse};
use super::dataset::Dataset;
use crate::Float;

/// The CSV file: a first line `442,10` (samples, features; no class names, the
/// target is a number), then the 10 features and the target per line, as
/// scikit-learn's two files `diabetes_data_raw.csv.gz` and `diabetes_target.csv.gz`
/// hold them (see `data/README.md`).
const CSV: &str = include_str!("../../data/diabetes.csv");

/// The names scikit-learn gives the 10 features, in the order of the columns.
const FEATURE_NAMES: [&str; 10] = [
    "age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6",
];

/// The diabetes data set of Efron, Hastie, Johnstone and Tibshirani, bundled with
/// the crate: 442 patients, 10 baseline measurements each, and a number to
/// predict, a measure of how far the disease has progressed one year later
/// (from 25 to 346, mean 152.1). A regression problem: the targets are numbers,
/// not classes, so [`target_names`](Dataset::target_names) is empty.
///
/// The features, with scikit-learn's names: `age` (years), `sex` (1 or 2),
/// `bmi` (body mass index), `bp` (average blood pressure) and six blood serum
/// measurements `s1` … `s6` (total cholesterol, LDL, HDL, total cholesterol /
/// HDL, the log of the triglycerides, blood sugar). They are the raw values, as
/// `load_diabetes(scaled=False)` gives them, in ranges from 1–2 to 100s:
/// standardise them before training (see [`Standardizer`](crate::Standardizer)),
/// and the target too (see [`Standardizer::fit_column`](crate::Standardizer::fit_column)).
///
/// - Creators: B. Efron, T. Hastie, I. Johnstone and R. Tibshirani, 2004.
/// - Source: <https://www4.stat.ncsu.edu/~boos/var.select/diabetes.html>, as
///   distributed with scikit-learn (BSD-3-Clause); this copy joins the two
///   files of scikit-learn 1.9.1 into one CSV, every number unchanged.
/// - Citation: B. Efron, T. Hastie, I. Johnstone and R. Tibshirani, "Least Angle
///   Regression", Annals of Statistics 32(2), pp. 407–499, 2004.
///
/// The numbers are parsed directly into `F`, so the `f32` data set holds the
/// nearest `f32` to each number in the file.
///
/// # Shapes
/// - inputs: `(442, 10)`
/// - targets: `(442,)`, the disease progression, a number
///
/// ```
/// use neuron::datasets::diabetes;
///
/// let data = diabetes::<f64>();
/// assert_eq!(data.inputs().dim(), (442, 10));
/// assert_eq!(data.inputs()[[0, 2]], 32.1); // bmi of the first patient
/// assert_eq!(data.targets()[0], 151.0);
/// assert!((data.targets().mean().unwrap() - 152.133).abs() < 1e-3);
/// assert!(data.target_names().is_empty()); // numbers, not classes
/// ```
pub fn diabetes<F: Float>() -> Dataset<F> {
    // The CSV is a constant compiled into the crate, so parsing it either always
    // succeeds or always fails; the test `diabetes_parses` in
    // tests/suite/regression_data.rs shows it succeeds, for f32 and f64.
    #[allow(clippy::expect_used)] // justified above: the input is a compile-time constant
    parse(CSV, Header::Counts, FEATURE_NAMES).expect("the bundled diabetes CSV is well formed")
}
