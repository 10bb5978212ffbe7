//! The bundled Wine recognition data set.

use super::bundled::{Header, parse};
use super::dataset::Dataset;
use crate::Float;

/// The CSV file, as scikit-learn ships it: a first line `178,13,class_0,class_1,class_2`
/// (samples, features, names of targets 0, 1 and 2), then 13 features and the target
/// per line.
const CSV: &str = include_str!("../../data/wine.csv");

/// The names scikit-learn gives the 13 features, in the order of the columns.
const FEATURE_NAMES: [&str; 13] = [
    "alcohol",
    "malic_acid",
    "ash",
    "alcalinity_of_ash",
    "magnesium",
    "total_phenols",
    "flavanoids",
    "nonflavanoid_phenols",
    "proanthocyanins",
    "color_intensity",
    "hue",
    "od280/od315_of_diluted_wines",
    "proline",
];

/// The Wine recognition data set, bundled with the crate: 178 wines, 13
/// chemical measurements each, and which of three cultivars the grapes came
/// from: `0` (59 wines), `1` (71) or `2` (48).
///
/// The wines were grown in one region of Italy; the features are the amounts of
/// constituents found by chemical analysis (alcohol, malic acid, magnesium,
/// phenols, proline, …) and the colour intensity and hue. The columns span very
/// different ranges (proline in the hundreds and thousands, hue near 1), so
/// standardise them before training (see [`Standardizer`](crate::Standardizer)).
/// Feature and class names are those of scikit-learn's `load_wine`.
///
/// - Creators: S. Aeberhard and M. Forina (original owners: M. Forina et al.,
///   PARVUS, Institute of Pharmaceutical and Food Analysis and Technologies,
///   Genoa), 1991.
/// - Source: UCI Machine Learning Repository, <https://doi.org/10.24432/C5PC7J>;
///   this copy is byte-identical to the one in scikit-learn 1.9.1.
/// - Licence: [Creative Commons Attribution 4.0 International (CC BY 4.0)](https://creativecommons.org/licenses/by/4.0/).
/// - Citation: S. Aeberhard and M. Forina, "Wine", UCI Machine Learning
///   Repository, 1991, <https://doi.org/10.24432/C5PC7J>.
///
/// The numbers are parsed directly into `F`, so the `f32` data set holds the
/// nearest `f32` to each number in the file.
///
/// # Shapes
/// - inputs: `(178, 13)`
/// - targets: `(178,)`, `0.0` = class_0, `1.0` = class_1, `2.0` = class_2
///
/// ```
/// use neuron::datasets::wine;
///
/// let data = wine::<f64>();
/// assert_eq!(data.inputs().dim(), (178, 13));
/// assert_eq!(data.inputs()[[0, 0]], 14.23); // alcohol of the first wine
/// assert_eq!(data.inputs()[[0, 12]], 1065.0); // and its proline
/// let count = |k: f64| data.targets().iter().filter(|&&y| y == k).count();
/// assert_eq!([count(0.0), count(1.0), count(2.0)], [59, 71, 48]);
/// assert_eq!(data.target_names(), ["class_0", "class_1", "class_2"]);
/// assert_eq!(data.feature_names()[12], "proline");
/// ```
pub fn wine<F: Float>() -> Dataset<F> {
    // The CSV is a constant compiled into the crate, so parsing it either always
    // succeeds or always fails; the test `wine_parses` in
    // tests/suite/multiclass_datasets.rs shows it succeeds, for f32 and f64.
    #[allow(clippy::expect_used)] // justified above: the input is a compile-time constant
    parse(CSV, Header::Counts, FEATURE_NAMES).expect("the bundled wine CSV is well formed")
}
