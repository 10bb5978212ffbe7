//! The bundled multi-class data sets: iris, wine and digits.
//!
//! Expected values come from `scripts/oracles/multiclass_data.out.txt`, which
//! scikit-learn 1.9.1's `load_iris`, `load_wine` and `load_digits` produced from the
//! same files (`python scripts/oracles/multiclass_data.py`).

use neuron::Float;
use neuron::datasets::{Dataset, digits, iris, wine};
use neuron::ndarray::{Array1, array, s};

/// The number of samples of each class `0`, `1`, …, `n_classes - 1`, like NumPy's
/// `np.bincount(y)`.
fn class_counts<F: Float>(data: &Dataset<F>, n_classes: usize) -> Vec<usize> {
    (0..n_classes)
        .map(|k| {
            let k = F::from_f64(k as f64);
            data.targets().iter().filter(|&&y| y == k).count()
        })
        .collect()
}

/// Every target is one of the classes `0`, `1`, …, `n_classes - 1`.
fn targets_are_classes<F: Float>(data: &Dataset<F>, n_classes: usize) -> bool {
    class_counts(data, n_classes).iter().sum::<usize>() == data.n_samples()
}

// ---------------------------------------------------------------- iris

#[test]
fn iris_parses() {
    // The bundled CSV parses in both float types: `iris` cannot panic.
    assert_eq!(iris::<f64>().inputs().dim(), (150, 4));
    assert_eq!(iris::<f32>().inputs().dim(), (150, 4));
}

#[test]
fn iris_has_150_samples_of_4_features_50_per_class() {
    // Oracle: load_iris(): X shape (150, 4); class counts 0 = 50, 1 = 50, 2 = 50.
    let data64 = iris::<f64>();
    let data32 = iris::<f32>();
    assert_eq!((data64.n_samples(), data64.n_features()), (150, 4));
    assert_eq!(data64.targets().len(), 150);
    assert_eq!(class_counts(&data64, 3), [50, 50, 50]);
    assert_eq!(class_counts(&data32, 3), [50, 50, 50]);
    assert!(targets_are_classes(&data64, 3));
}

#[test]
fn iris_first_and_last_rows_match_the_oracle() {
    // Oracle: first data line '5.1,3.5,1.4,0.2,0', last '5.9,3.0,5.1,1.8,2'.
    let data = iris::<f64>();
    assert_eq!(data.inputs().row(0), array![5.1, 3.5, 1.4, 0.2]);
    assert_eq!(data.targets()[0], 0.0);
    assert_eq!(data.inputs().row(149), array![5.9, 3.0, 5.1, 1.8]);
    assert_eq!(data.targets()[149], 2.0);
}

#[test]
fn iris_f32_holds_nearest_f32_of_each_number() {
    // Parsed directly as f32, so equal to Rust's f32 literals for the same text.
    let data = iris::<f32>();
    assert_eq!(data.inputs().row(0), array![5.1_f32, 3.5, 1.4, 0.2]);
    assert_eq!(data.targets()[0], 0.0_f32);
    assert_eq!(data.targets()[149], 2.0_f32);
}

#[test]
fn iris_names_match_sklearn() {
    // Oracle: load_iris().feature_names and .target_names.
    for names in [iris::<f64>().feature_names(), iris::<f32>().feature_names()] {
        assert_eq!(
            names,
            [
                "sepal length (cm)",
                "sepal width (cm)",
                "petal length (cm)",
                "petal width (cm)"
            ]
        );
    }
    assert_eq!(
        iris::<f64>().target_names(),
        ["setosa", "versicolor", "virginica"]
    );
    assert_eq!(
        iris::<f32>().target_names(),
        ["setosa", "versicolor", "virginica"]
    );
}

// ---------------------------------------------------------------- wine

#[test]
fn wine_parses() {
    // The bundled CSV parses in both float types: `wine` cannot panic.
    assert_eq!(wine::<f64>().inputs().dim(), (178, 13));
    assert_eq!(wine::<f32>().inputs().dim(), (178, 13));
}

#[test]
fn wine_has_178_samples_of_13_features_59_71_48_per_class() {
    // Oracle: load_wine(): X shape (178, 13); class counts 0 = 59, 1 = 71, 2 = 48.
    let data64 = wine::<f64>();
    let data32 = wine::<f32>();
    assert_eq!((data64.n_samples(), data64.n_features()), (178, 13));
    assert_eq!(data64.targets().len(), 178);
    assert_eq!(class_counts(&data64, 3), [59, 71, 48]);
    assert_eq!(class_counts(&data32, 3), [59, 71, 48]);
    assert!(targets_are_classes(&data64, 3));
}

#[test]
fn wine_first_and_last_rows_match_the_oracle() {
    // Oracle: first row features [14.23, 1.71, 2.43, 15.6, 127.0, 2.8, 3.06, 0.28,
    // 2.29, 5.64, 1.04, 3.92, 1065.0], target 0; fields without a decimal point
    // ('127', '1065') parse as floats.
    let data = wine::<f64>();
    assert_eq!(
        data.inputs().row(0),
        array![
            14.23, 1.71, 2.43, 15.6, 127.0, 2.8, 3.06, 0.28, 2.29, 5.64, 1.04, 3.92, 1065.0
        ]
    );
    assert_eq!(data.targets()[0], 0.0);
    // Oracle: last data line '14.13,4.1,2.74,24.5,96,2.05,0.76,0.56,1.35,9.2,0.61,1.6,560,2'.
    assert_eq!(
        data.inputs().row(177),
        array![
            14.13, 4.1, 2.74, 24.5, 96.0, 2.05, 0.76, 0.56, 1.35, 9.2, 0.61, 1.6, 560.0
        ]
    );
    assert_eq!(data.targets()[177], 2.0);
}

#[test]
fn wine_f32_holds_nearest_f32_of_each_number() {
    // Parsed directly as f32, so equal to Rust's f32 literals for the same text.
    let data = wine::<f32>();
    assert_eq!(
        data.inputs().row(0),
        array![
            14.23_f32, 1.71, 2.43, 15.6, 127.0, 2.8, 3.06, 0.28, 2.29, 5.64, 1.04, 3.92, 1065.0
        ]
    );
    assert_eq!(data.targets()[177], 2.0_f32);
}

#[test]
fn wine_names_match_sklearn() {
    // Oracle: load_wine().feature_names and .target_names.
    let expected = [
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
    assert_eq!(wine::<f64>().feature_names(), expected);
    assert_eq!(wine::<f32>().feature_names(), expected);
    assert_eq!(
        wine::<f64>().target_names(),
        ["class_0", "class_1", "class_2"]
    );
    assert_eq!(
        wine::<f32>().target_names(),
        ["class_0", "class_1", "class_2"]
    );
}

// ---------------------------------------------------------------- digits

/// Oracle: the first row of load_digits().data, the 8 × 8 image of a zero, row by row.
const DIGITS_FIRST_ROW: [f64; 64] = [
    0.0, 0.0, 5.0, 13.0, 9.0, 1.0, 0.0, 0.0, //
    0.0, 0.0, 13.0, 15.0, 10.0, 15.0, 5.0, 0.0, //
    0.0, 3.0, 15.0, 2.0, 0.0, 11.0, 8.0, 0.0, //
    0.0, 4.0, 12.0, 0.0, 0.0, 8.0, 8.0, 0.0, //
    0.0, 5.0, 8.0, 0.0, 0.0, 9.0, 8.0, 0.0, //
    0.0, 4.0, 11.0, 0.0, 1.0, 12.0, 7.0, 0.0, //
    0.0, 2.0, 14.0, 5.0, 10.0, 12.0, 0.0, 0.0, //
    0.0, 0.0, 6.0, 13.0, 10.0, 0.0, 0.0, 0.0,
];

#[test]
fn digits_parses() {
    // The bundled CSV parses in both float types: `digits` cannot panic.
    assert_eq!(digits::<f64>().inputs().dim(), (1797, 64));
    assert_eq!(digits::<f32>().inputs().dim(), (1797, 64));
}

#[test]
fn digits_has_1797_samples_of_64_pixels_and_the_oracle_class_counts() {
    // Oracle: load_digits(): X shape (1797, 64); class counts 0 = 178, 1 = 182,
    // 2 = 177, 3 = 183, 4 = 181, 5 = 182, 6 = 181, 7 = 179, 8 = 174, 9 = 180.
    let expected = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180];
    let data64 = digits::<f64>();
    let data32 = digits::<f32>();
    assert_eq!((data64.n_samples(), data64.n_features()), (1797, 64));
    assert_eq!(data64.targets().len(), 1797);
    assert_eq!(class_counts(&data64, 10), expected);
    assert_eq!(class_counts(&data32, 10), expected);
    assert!(targets_are_classes(&data64, 10));
}

#[test]
fn digits_first_and_last_rows_match_the_oracle() {
    let data64 = digits::<f64>();
    assert_eq!(
        data64.inputs().row(0),
        Array1::from_vec(DIGITS_FIRST_ROW.to_vec())
    );
    assert_eq!(data64.targets()[0], 0.0);
    // Oracle: the last data line ends '…,0,0,1,8,12,14,12,1,0,8': target 8, and the
    // last image row is [0, 1, 8, 12, 14, 12, 1, 0].
    assert_eq!(
        data64.inputs().row(1796).slice(s![56..]),
        array![0.0, 1.0, 8.0, 12.0, 14.0, 12.0, 1.0, 0.0]
    );
    assert_eq!(data64.targets()[1796], 8.0);

    let data32 = digits::<f32>();
    let first32 = Array1::from_iter(DIGITS_FIRST_ROW.iter().map(|&v| v as f32));
    assert_eq!(data32.inputs().row(0), first32);
    assert_eq!(data32.targets()[1796], 8.0_f32);
}

#[test]
fn digits_pixels_are_whole_numbers_from_0_to_16() {
    // Oracle: distinct pixel values 0, 1, …, 16 (each occurs).
    let data64 = digits::<f64>();
    assert!(
        data64
            .inputs()
            .iter()
            .all(|&v| v.fract() == 0.0 && (0.0..=16.0).contains(&v))
    );
    for value in 0..=16 {
        let value = f64::from(value);
        assert!(
            data64.inputs().iter().any(|&v| v == value),
            "{value} never occurs"
        );
    }
    // Whole numbers up to 16 are exact in f32, so the f32 data is the f64 data cast.
    let data32 = digits::<f32>();
    assert_eq!(data32.inputs(), &data64.inputs().mapv(|v| v as f32));
    assert_eq!(data32.targets(), &data64.targets().mapv(|v| v as f32));
}

#[test]
fn digits_names_match_sklearn() {
    // Oracle: "feature 8*r + c is named pixel_r_c: True"; target_names '0' … '9'.
    let data64 = digits::<f64>();
    let data32 = digits::<f32>();
    for names in [data64.feature_names(), data32.feature_names()] {
        assert_eq!(names.len(), 64);
        for r in 0..8 {
            for c in 0..8 {
                assert_eq!(names[8 * r + c], format!("pixel_{r}_{c}"));
            }
        }
    }
    assert_eq!(data64.feature_names()[0], "pixel_0_0");
    assert_eq!(data64.feature_names()[63], "pixel_7_7");
    let digits_0_to_9 = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    assert_eq!(data64.target_names(), digits_0_to_9);
    assert_eq!(data32.target_names(), digits_0_to_9);
}
