//! The bundled Optical Recognition of Handwritten Digits data set.

use super::bundled::{Header, parse};
use super::dataset::Dataset;
use crate::Float;

/// The CSV file, as scikit-learn ships it (gzipped there): no header line, then per
/// line the 64 pixels of an 8 × 8 image, row by row, and the digit.
const CSV: &str = include_str!("../../data/digits.csv");

/// The number of images in the file.
const N_SAMPLES: usize = 1797;

/// The images are `SIDE` × `SIDE` pixels.
const SIDE: usize = 8;

/// The names of the classes: target `k` is the digit `k`.
const TARGET_NAMES: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

/// The Optical Recognition of Handwritten Digits data set, bundled with the
/// crate: 1797 images of handwritten digits, 8 × 8 pixels each, and the digit
/// `0` to `9` (between 174 and 183 images of each).
///
/// Each image started as a 32 × 32 black-and-white bitmap; each pixel here counts
/// the black pixels in one 4 × 4 block of it, so it is a whole number from `0` to
/// `16`. Column `8 * r + c` is the pixel in row `r`, column `c`, named
/// `pixel_r_c`: a row of the inputs reshaped to `(8, 8)` is the image. Divide by
/// 16 to bring the pixels into `[0, 1]` before training. These are the 1797 test
/// images of the UCI data (of 5620), as scikit-learn's `load_digits` gives them,
/// with its feature and class names.
///
/// - Creators: E. Alpaydin and C. Kaynak (Boğaziçi University), 1998.
/// - Source: UCI Machine Learning Repository, <https://doi.org/10.24432/C50P49>;
///   this copy is the decompressed `digits.csv.gz` of scikit-learn 1.9.1.
/// - Licence: [Creative Commons Attribution 4.0 International (CC BY 4.0)](https://creativecommons.org/licenses/by/4.0/).
/// - Citation: E. Alpaydin and C. Kaynak, "Optical Recognition of Handwritten
///   Digits", UCI Machine Learning Repository, 1998, <https://doi.org/10.24432/C50P49>.
///
/// # Shapes
/// - inputs: `(1797, 64)`, one flattened 8 × 8 image per row
/// - targets: `(1797,)`, the digit `0.0` … `9.0`
///
/// ```
/// use neuron::datasets::digits;
/// use neuron::ndarray::{array, s};
///
/// let data = digits::<f64>();
/// assert_eq!(data.inputs().dim(), (1797, 64));
/// // The first image, a zero: its first two rows of pixels.
/// let first = data.inputs().row(0);
/// assert_eq!(first.slice(s![..16]), array![
///     0.0, 0.0, 5.0, 13.0, 9.0, 1.0, 0.0, 0.0, 0.0, 0.0, 13.0, 15.0, 10.0, 15.0, 5.0, 0.0,
/// ]);
/// assert_eq!(data.targets()[0], 0.0);
/// assert_eq!(data.feature_names()[8 * 1 + 2], "pixel_1_2");
/// let count = |k: f64| data.targets().iter().filter(|&&y| y == k).count();
/// assert_eq!(
///     (0..10).map(|k| count(f64::from(k))).collect::<Vec<_>>(),
///     [178, 182, 177, 183, 181, 182, 181, 179, 174, 180],
/// );
/// assert_eq!(data.target_names()[9], "9");
/// ```
pub fn digits<F: Float>() -> Dataset<F> {
    let feature_names = (0..SIDE).flat_map(|r| (0..SIDE).map(move |c| format!("pixel_{r}_{c}")));
    let header = Header::Absent {
        n_samples: N_SAMPLES,
        target_names: &TARGET_NAMES,
    };
    // The CSV is a constant compiled into the crate, so parsing it either always
    // succeeds or always fails; the test `digits_parses` in
    // tests/suite/multiclass_datasets.rs shows it succeeds, for f32 and f64.
    #[allow(clippy::expect_used)] // justified above: the input is a compile-time constant
    parse(CSV, header, feature_names).expect("the bundled digits CSV is well formed")
}
