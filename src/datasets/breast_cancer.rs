//! The bundled Breast Cancer Wisconsin (Diagnostic) data set.

use super::bundled::{Header, parse};
use super::dataset::Dataset;
use crate::Float;

/// The CSV file, as scikit-learn ships it: a first line `569,30,malignant,benign`
/// (samples, features, names of targets 0 and 1), then 30 features and the target per line.
const CSV: &str = include_str!("../../data/breast_cancer.csv");

/// The names scikit-learn gives the 30 features, in the order of the columns.
const FEATURE_NAMES: [&str; 30] = [
    "mean radius",
    "mean texture",
    "mean perimeter",
    "mean area",
    "mean smoothness",
    "mean compactness",
    "mean concavity",
    "mean concave points",
    "mean symmetry",
    "mean fractal dimension",
    "radius error",
    "texture error",
    "perimeter error",
    "area error",
    "smoothness error",
    "compactness error",
    "concavity error",
    "concave points error",
    "symmetry error",
    "fractal dimension error",
    "worst radius",
    "worst texture",
    "worst perimeter",
    "worst area",
    "worst smoothness",
    "worst compactness",
    "worst concavity",
    "worst concave points",
    "worst symmetry",
    "worst fractal dimension",
];

/// The Breast Cancer Wisconsin (Diagnostic) data set, bundled with the crate:
/// 569 tumours, 30 features each, and whether the tumour is malignant (`0`, 212
/// samples) or benign (`1`, 357 samples).
///
/// The features describe the cell nuclei in a digitised image of a fine needle
/// aspirate of a breast mass: for each of radius, texture, perimeter, area,
/// smoothness, compactness, concavity, concave points, symmetry and fractal
/// dimension, the mean, the standard error and the worst (largest) value. The
/// columns span very different ranges (area in the hundreds, smoothness near
/// 0.1), so standardise them before training (see [`Standardizer`](crate::Standardizer)).
/// Feature and class names are those of scikit-learn's `load_breast_cancer`.
///
/// - Creators: W. H. Wolberg, W. N. Street, O. L. Mangasarian (University of Wisconsin), 1995.
/// - Source: UCI Machine Learning Repository, <https://doi.org/10.24432/C5DW2B>;
///   this copy is byte-identical to the one in scikit-learn 1.9.1.
/// - Licence: [Creative Commons Attribution 4.0 International (CC BY 4.0)](https://creativecommons.org/licenses/by/4.0/).
/// - Citation: W. N. Street, W. H. Wolberg and O. L. Mangasarian, "Nuclear feature
///   extraction for breast tumor diagnosis", IS&T/SPIE 1993 International Symposium
///   on Electronic Imaging: Science and Technology, vol. 1905, pp. 861–870, 1993.
///
/// The numbers are parsed directly into `F`, so the `f32` data set holds the
/// nearest `f32` to each number in the file.
///
/// # Shapes
/// - inputs: `(569, 30)`
/// - targets: `(569,)`, `0.0` = malignant, `1.0` = benign
///
/// ```
/// use neuron::datasets::breast_cancer;
///
/// let data = breast_cancer::<f64>();
/// assert_eq!(data.inputs().dim(), (569, 30));
/// assert_eq!(data.inputs()[[0, 0]], 17.99); // mean radius of the first tumour
/// assert_eq!(data.targets().sum(), 357.0); // benign tumours
/// assert_eq!(data.target_names(), ["malignant", "benign"]);
/// ```
pub fn breast_cancer<F: Float>() -> Dataset<F> {
    // The CSV is a constant compiled into the crate, so parsing it either always
    // succeeds or always fails; the test `breast_cancer_parses` in
    // tests/suite/datasets.rs shows it succeeds, for f32 and f64.
    #[allow(clippy::expect_used)] // justified above: the input is a compile-time constant
    parse(CSV, Header::Counts, FEATURE_NAMES).expect("the bundled breast cancer CSV is well formed")
}
