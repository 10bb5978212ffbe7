//! The bundled Iris data set.

use super::bundled::{Header, parse};
use super::dataset::Dataset;
use crate::Float;

/// The CSV file, as scikit-learn ships it: a first line `150,4,setosa,versicolor,virginica`
/// (samples, features, names of targets 0, 1 and 2), then 4 features and the target per line.
const CSV: &str = include_str!("../../data/iris.csv");

/// The names scikit-learn gives the 4 features, in the order of the columns.
const FEATURE_NAMES: [&str; 4] = [
    "sepal length (cm)",
    "sepal width (cm)",
    "petal length (cm)",
    "petal width (cm)",
];

/// Fisher's Iris data set, bundled with the crate: 150 iris flowers, 4
/// measurements each, and the species: setosa (`0`), versicolor (`1`) or
/// virginica (`2`), 50 flowers of each.
///
/// The features are the length and width of the sepal and of the petal, in
/// centimetres. Setosa is linearly separable from the other two species; versicolor
/// and virginica are not separable from each other, so a straight line will not do
/// for all three. Feature and class names are those of scikit-learn's `load_iris`.
///
/// - Creator: R. A. Fisher, 1936 (donor: Michael Marshall, 1988).
/// - Source: UCI Machine Learning Repository, <https://doi.org/10.24432/C56C76>;
///   this copy is byte-identical to the one in scikit-learn 1.9.1, which follows
///   Fisher's paper (as R does), where the UCI file differs in two data points.
/// - Licence: [Creative Commons Attribution 4.0 International (CC BY 4.0)](https://creativecommons.org/licenses/by/4.0/).
/// - Citation: R. A. Fisher, "The use of multiple measurements in taxonomic
///   problems", Annals of Eugenics, 7(2), pp. 179–188, 1936.
///
/// The numbers are parsed directly into `F`, so the `f32` data set holds the
/// nearest `f32` to each number in the file.
///
/// # Shapes
/// - inputs: `(150, 4)`
/// - targets: `(150,)`, `0.0` = setosa, `1.0` = versicolor, `2.0` = virginica
///
/// ```
/// use neuron::datasets::iris;
/// use neuron::ndarray::array;
///
/// let data = iris::<f64>();
/// assert_eq!(data.inputs().dim(), (150, 4));
/// assert_eq!(data.inputs().row(0), array![5.1, 3.5, 1.4, 0.2]); // the first flower
/// let count = |k: f64| data.targets().iter().filter(|&&y| y == k).count();
/// assert_eq!([count(0.0), count(1.0), count(2.0)], [50, 50, 50]);
/// assert_eq!(data.target_names(), ["setosa", "versicolor", "virginica"]);
/// assert_eq!(data.feature_names()[2], "petal length (cm)");
/// ```
pub fn iris<F: Float>() -> Dataset<F> {
    // The CSV is a constant compiled into the crate, so parsing it either always
    // succeeds or always fails; the test `iris_parses` in
    // tests/suite/multiclass_datasets.rs shows it succeeds, for f32 and f64.
    #[allow(clippy::expect_used)] // justified above: the input is a compile-time constant
    parse(CSV, Header::Counts, FEATURE_NAMES).expect("the bundled iris CSV is well formed")
}
