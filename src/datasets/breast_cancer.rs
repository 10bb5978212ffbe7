//! The bundled Breast Cancer Wisconsin (Diagnostic) data set.

use ndarray::{Array1, Array2};
use num_traits::Num;

use super::Dataset;
use crate::{Error, Float, Result};

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
    // tests/datasets.rs shows it succeeds, for f32 and f64.
    #[allow(clippy::expect_used)] // justified above: the input is a compile-time constant
    parse(CSV).expect("the bundled breast cancer CSV is well formed")
}

/// Parses the bundled file's format, checking it against its first line.
fn parse<F: Float>(text: &str) -> Result<Dataset<F>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader.headers().map_err(|err| bad(1, 1, err.to_string()))?;
    let (n_samples, n_features) = match (header.get(0), header.get(1)) {
        (Some(n), Some(d)) => (
            n.parse::<usize>()
                .map_err(|err| bad(1, 1, err.to_string()))?,
            d.parse::<usize>()
                .map_err(|err| bad(1, 2, err.to_string()))?,
        ),
        _ => return Err(bad(1, 1, "expected n_samples,n_features,names…".into())),
    };
    let target_names: Vec<String> = header.iter().skip(2).map(String::from).collect();

    let mut inputs = Vec::with_capacity(n_samples * n_features);
    let mut targets = Vec::with_capacity(n_samples);
    for (i, record) in reader.records().enumerate() {
        let line = i + 2;
        let record = record.map_err(|err| bad(line, 1, err.to_string()))?;
        if record.len() != n_features + 1 {
            return Err(bad(line, 1, format!("{} fields", record.len())));
        }
        for (j, cell) in record.iter().enumerate() {
            let value = <F as Num>::from_str_radix(cell, 10)
                .map_err(|_| bad(line, j + 1, format!("`{cell}` is not a number")))?;
            if j < n_features {
                inputs.push(value);
            } else {
                targets.push(value);
            }
        }
    }
    if targets.len() != n_samples {
        return Err(bad(1, 1, format!("{} samples", targets.len())));
    }
    let inputs = Array2::from_shape_vec((n_samples, n_features), inputs)
        .map_err(|err| bad(1, 2, err.to_string()))?;
    Ok(Dataset::new(inputs, Array1::from_vec(targets))?
        .with_feature_names(FEATURE_NAMES)?
        .with_target_names(target_names))
}

fn bad(line: usize, column: usize, message: String) -> Error {
    Error::Csv {
        line,
        column,
        message,
    }
}
