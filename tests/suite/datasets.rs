//! Data sets: the bundled breast cancer data, the lecture's toy problems, CSV
//! reading with its errors, and the train/test split.

use std::collections::BTreeSet;
use std::path::PathBuf;

use approx::assert_abs_diff_eq;
use neuron::Error;
use neuron::datasets::{
    CsvOptions, Dataset, and_gate, breast_cancer, or_gate, read_csv, read_csv_from, sum_of_two,
    train_test_split,
};
use neuron::ndarray::{Array1, Array2, array};
use neuron::rand::SeedableRng;
use neuron::rand::rngs::StdRng;

// ---------------------------------------------------------------- breast cancer

#[test]
fn breast_cancer_parses() {
    // The bundled CSV parses in both float types: `breast_cancer` cannot panic.
    let data64 = breast_cancer::<f64>();
    let data32 = breast_cancer::<f32>();
    assert_eq!(data64.inputs().dim(), (569, 30));
    assert_eq!(data32.inputs().dim(), (569, 30));
}

#[test]
fn breast_cancer_has_569_samples_of_30_features() {
    // data/README.md and scripts/oracles/breast_cancer_data.out.txt:
    // header '569,30,malignant,benign', 569 data lines of 31 fields.
    let data = breast_cancer::<f64>();
    assert_eq!(data.n_samples(), 569);
    assert_eq!(data.n_features(), 30);
    assert_eq!(data.targets().len(), 569);
}

#[test]
fn breast_cancer_has_212_malignant_and_357_benign() {
    // data/README.md: 0 = malignant (212), 1 = benign (357).
    let data = breast_cancer::<f64>();
    let zeros = data.targets().iter().filter(|&&y| y == 0.0).count();
    let ones = data.targets().iter().filter(|&&y| y == 1.0).count();
    assert_eq!((zeros, ones), (212, 357));
}

#[test]
fn breast_cancer_first_row_matches_csv() {
    // data/breast_cancer.csv, line 2: 17.99,10.38,122.8,1001,…,0.4601,0.1189,0
    let data = breast_cancer::<f64>();
    let row = data.inputs().row(0);
    assert_eq!(row[0], 17.99);
    assert_eq!(row[1], 10.38);
    assert_eq!(row[2], 122.8);
    assert_eq!(row[3], 1001.0);
    assert_eq!(row[29], 0.1189);
    assert_eq!(data.targets()[0], 0.0);
}

#[test]
fn breast_cancer_f32_holds_nearest_f32_of_each_number() {
    // Parsed directly as f32, so equal to Rust's f32 literals for the same text.
    let data = breast_cancer::<f32>();
    assert_eq!(data.inputs()[[0, 0]], 17.99_f32);
    assert_eq!(data.inputs()[[0, 1]], 10.38_f32);
    assert_eq!(data.inputs()[[0, 2]], 122.8_f32);
    assert_eq!(data.inputs()[[0, 4]], 0.1184_f32);
}

#[test]
fn breast_cancer_names_match_sklearn() {
    // sklearn.datasets.load_breast_cancer().feature_names / .target_names
    let data = breast_cancer::<f64>();
    let names = data.feature_names();
    assert_eq!(names.len(), 30);
    assert_eq!(names[0], "mean radius");
    assert_eq!(names[1], "mean texture");
    assert_eq!(names[9], "mean fractal dimension");
    assert_eq!(names[10], "radius error");
    assert_eq!(names[20], "worst radius");
    assert_eq!(names[29], "worst fractal dimension");
    assert_eq!(data.target_names(), ["malignant", "benign"]);
}

// ---------------------------------------------------------------- toy data

#[test]
fn and_gate_is_the_truth_table() {
    let data = and_gate::<f64>();
    assert_eq!(
        data.inputs(),
        &array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    );
    assert_eq!(data.targets(), &array![0.0, 0.0, 0.0, 1.0]);
}

#[test]
fn or_gate_is_the_truth_table() {
    let data = or_gate::<f32>();
    assert_eq!(
        data.inputs(),
        &array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
    );
    assert_eq!(data.targets(), &array![0.0, 1.0, 1.0, 1.0]);
}

#[test]
fn sum_of_two_draws_pairs_in_zero_to_half() {
    let data = sum_of_two::<f64, _>(1000, &mut StdRng::seed_from_u64(3));
    assert_eq!(data.inputs().dim(), (1000, 2));
    assert!(data.inputs().iter().all(|&v| (0.0..0.5).contains(&v)));
    assert!(data.targets().iter().all(|&y| (0.0..1.0).contains(&y)));
    // Uniform on [0, 0.5) has mean 0.25; 2000 draws give a standard error of ~0.003.
    assert_abs_diff_eq!(data.inputs().mean().unwrap(), 0.25, epsilon = 0.02);
}

#[test]
fn sum_of_two_targets_are_exactly_a_plus_b() {
    let data64 = sum_of_two::<f64, _>(200, &mut StdRng::seed_from_u64(5));
    for (x, &y) in data64.inputs().rows().into_iter().zip(data64.targets()) {
        assert_eq!(y, x[0] + x[1]);
    }
    let data32 = sum_of_two::<f32, _>(200, &mut StdRng::seed_from_u64(5));
    for (x, &y) in data32.inputs().rows().into_iter().zip(data32.targets()) {
        assert_eq!(y, x[0] + x[1]);
    }
}

#[test]
fn sum_of_two_same_seed_gives_same_data() {
    let first = sum_of_two::<f64, _>(50, &mut StdRng::seed_from_u64(11));
    let second = sum_of_two::<f64, _>(50, &mut StdRng::seed_from_u64(11));
    let other = sum_of_two::<f64, _>(50, &mut StdRng::seed_from_u64(12));
    assert_eq!(first, second);
    assert_ne!(first, other);
}

#[test]
fn sum_of_two_f32_is_f64_rounded() {
    let data64 = sum_of_two::<f64, _>(100, &mut StdRng::seed_from_u64(8));
    let data32 = sum_of_two::<f32, _>(100, &mut StdRng::seed_from_u64(8));
    assert_eq!(data32.inputs(), &data64.inputs().mapv(|v| v as f32));
    // The targets are summed in each type, so they agree to f32 rounding.
    for (&y32, &y64) in data32.targets().iter().zip(data64.targets()) {
        assert_abs_diff_eq!(f64::from(y32), y64, epsilon = 1e-7);
    }
}

// ---------------------------------------------------------------- Dataset

#[test]
fn dataset_new_names_features_and_rejects_row_mismatch() {
    let data = Dataset::new(array![[1.0, 2.0, 3.0]], array![0.0]).unwrap();
    assert_eq!(data.feature_names(), ["x0", "x1", "x2"]);
    assert!(data.target_names().is_empty());
    assert_eq!(
        Dataset::new(array![[1.0], [2.0]], array![0.0]).unwrap_err(),
        Error::RowMismatch {
            inputs: 2,
            targets: 1
        }
    );
}

#[test]
fn dataset_with_feature_names_checks_count() {
    let data = Dataset::new(array![[1.0, 2.0]], array![0.0]).unwrap();
    assert_eq!(
        data.clone()
            .with_feature_names(["a", "b", "c"])
            .unwrap_err(),
        Error::LengthMismatch {
            what: "feature names (names, columns)",
            left: 3,
            right: 2
        }
    );
    let named = data
        .with_feature_names(vec!["a".to_string(), "b".to_string()])
        .unwrap();
    assert_eq!(named.feature_names(), ["a", "b"]);
    let (x, y) = named.into_parts();
    assert_eq!((x, y), (array![[1.0, 2.0]], array![0.0]));
}

// ---------------------------------------------------------------- CSV

/// A file under the temporary directory, unique to this process and test, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, contents: &str) -> Self {
        let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("neuron_test_{}_{name}.csv", std::process::id()));
        std::fs::write(&path, contents).unwrap();
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn read(text: &str, options: &CsvOptions) -> Result<Dataset<f64>, Error> {
    read_csv_from(text.as_bytes(), options)
}

fn csv_error(line: usize, column: usize, message: &str) -> Error {
    Error::Csv {
        line,
        column,
        message: message.to_string(),
    }
}

#[test]
fn read_csv_reads_a_file_with_header() {
    let file = TempFile::new(
        "good",
        "radius,texture,diagnosis\n17.99,10.38,0\n13.54,14.36,1\n",
    );
    let data = read_csv::<f64>(&file.0, &CsvOptions::new()).unwrap();
    assert_eq!(data.inputs(), &array![[17.99, 10.38], [13.54, 14.36]]);
    assert_eq!(data.targets(), &array![0.0, 1.0]);
    assert_eq!(data.feature_names(), ["radius", "texture"]);
}

#[test]
fn read_csv_reads_f32() {
    let file = TempFile::new("good_f32", "a,b\n0.1,1\n");
    let data = read_csv::<f32>(&file.0, &CsvOptions::new()).unwrap();
    assert_eq!(data.inputs(), &array![[0.1_f32]]);
    assert_eq!(data.targets(), &array![1.0_f32]);
}

#[test]
fn read_csv_without_header_names_features_x0_x1() {
    let data = read("1,2,3\n4,5,6\n", &CsvOptions::new().with_header(false)).unwrap();
    assert_eq!(data.inputs(), &array![[1.0, 2.0], [4.0, 5.0]]);
    assert_eq!(data.targets(), &array![3.0, 6.0]);
    assert_eq!(data.feature_names(), ["x0", "x1"]);
}

#[test]
fn read_csv_takes_the_target_column_asked_for() {
    let text = "a,label,b\n1,0,2\n3,1,4\n";
    let data = read(text, &CsvOptions::new().with_target_column(1)).unwrap();
    assert_eq!(data.inputs(), &array![[1.0, 2.0], [3.0, 4.0]]);
    assert_eq!(data.targets(), &array![0.0, 1.0]);
    assert_eq!(data.feature_names(), ["a", "b"]);

    let first = read(text, &CsvOptions::new().with_target_column(0)).unwrap();
    assert_eq!(first.targets(), &array![1.0, 3.0]);
    assert_eq!(first.feature_names(), ["label", "b"]);
}

#[test]
fn read_csv_honours_delimiter_spaces_and_blank_lines() {
    let text = "a\tb\ty\n 1.5\t-2e-3\t1 \n\n4\t5\t0\n";
    let data = read(text, &CsvOptions::new().with_delimiter(b'\t')).unwrap();
    assert_eq!(data.inputs(), &array![[1.5, -0.002], [4.0, 5.0]]);
    assert_eq!(data.targets(), &array![1.0, 0.0]);
}

#[test]
fn read_csv_ignores_a_byte_order_mark() {
    let data = read("\u{feff}size,y\n1,0\n", &CsvOptions::new()).unwrap();
    assert_eq!(data.feature_names(), ["size"]);
    let data = read("\u{feff}2,1\n", &CsvOptions::new().with_header(false)).unwrap();
    assert_eq!(data.inputs(), &array![[2.0]]);
}

#[test]
fn read_csv_reports_missing_file_as_io_error() {
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("neuron_test_this_file_does_not_exist.csv");
    let err = read_csv::<f64>(&path, &CsvOptions::new()).unwrap_err();
    match err {
        Error::Io {
            action,
            path: shown,
            ..
        } => {
            assert_eq!(action, "read");
            assert_eq!(shown, path.display().to_string());
        }
        other => panic!("expected Error::Io, got {other:?}"),
    }
}

#[test]
fn read_csv_reports_line_and_column_of_a_cell_that_is_not_a_number() {
    // Header is line 1, so the second data line is line 3; `abc` is in column 2.
    let err = read("a,b,y\n1,2,0\n3,abc,1\n", &CsvOptions::new()).unwrap_err();
    assert_eq!(err, csv_error(3, 2, "cannot read `abc` as a number"));
    assert_eq!(
        err.to_string(),
        "CSV line 3, column 2: cannot read `abc` as a number"
    );
}

#[test]
fn read_csv_reports_the_file_line_in_a_file_on_disk() {
    let file = TempFile::new("bad_cell", "a,b,y\n1,2,0\n3,4,1\n5,6,yes\n");
    let err = read_csv::<f64>(&file.0, &CsvOptions::new()).unwrap_err();
    assert_eq!(err, csv_error(4, 3, "cannot read `yes` as a number"));
}

#[test]
fn read_csv_counts_blank_lines_in_line_numbers() {
    let err = read("a,y\n1,0\n\n\nx,1\n", &CsvOptions::new()).unwrap_err();
    assert_eq!(err, csv_error(5, 1, "cannot read `x` as a number"));
}

#[test]
fn read_csv_counts_crlf_lines_like_an_editor() {
    // Windows line ends, a blank line, and a quoted header cell spanning two lines:
    // `x` is on line 6 of the file.
    let text = "\"first\r\nfeature\",y\r\n1,0\r\n2,1\r\n\r\nx,1\r\n";
    let err = read(text, &CsvOptions::new()).unwrap_err();
    assert_eq!(err, csv_error(6, 1, "cannot read `x` as a number"));
    let good = read(&text.replace('x', "3"), &CsvOptions::new()).unwrap();
    assert_eq!(good.feature_names(), ["first\r\nfeature"]);
    assert_eq!(good.targets(), &array![0.0, 1.0, 1.0]);
}

#[test]
fn read_csv_from_reports_a_failing_reader_as_io_error() {
    struct Failing;
    impl std::io::Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("the disk is on fire"))
        }
    }
    let err = read_csv_from::<f64, _>(Failing, &CsvOptions::new()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot read CSV input: the disk is on fire"
    );
}

#[test]
fn read_csv_counts_lines_from_one_without_header() {
    let err = read("1,0\n2,?\n", &CsvOptions::new().with_header(false)).unwrap_err();
    assert_eq!(err, csv_error(2, 2, "cannot read `?` as a number"));
}

#[test]
fn read_csv_rejects_nan_and_infinity() {
    assert_eq!(
        read("a,y\nNaN,1\n", &CsvOptions::new()).unwrap_err(),
        csv_error(2, 1, "`NaN` is not a finite number")
    );
    assert_eq!(
        read("a,y\n1,0\n2,-inf\n", &CsvOptions::new()).unwrap_err(),
        csv_error(3, 2, "`-inf` is not a finite number")
    );
}

#[test]
fn read_csv_rejects_an_empty_cell() {
    assert_eq!(
        read("a,b,y\n1,,0\n", &CsvOptions::new()).unwrap_err(),
        csv_error(2, 2, "the cell is empty, but a number is needed")
    );
}

#[test]
fn read_csv_reports_a_line_with_too_few_cells() {
    // The first missing cell is column 3.
    let err = read("a,b,y\n1,2,0\n3,4\n", &CsvOptions::new()).unwrap_err();
    assert_eq!(
        err,
        csv_error(3, 3, "the line has 2 columns, but the header has 3")
    );
}

#[test]
fn read_csv_reports_a_line_with_too_many_cells() {
    // The first extra cell is column 4.
    let err = read("1,2,0\n3,4,1,9\n", &CsvOptions::new().with_header(false)).unwrap_err();
    assert_eq!(
        err,
        csv_error(2, 4, "the line has 4 columns, but the first line has 3")
    );
}

#[test]
fn read_csv_rejects_a_target_column_beyond_the_width() {
    let err = read("a,b,y\n1,2,0\n", &CsvOptions::new().with_target_column(3)).unwrap_err();
    assert_eq!(
        err,
        csv_error(
            1,
            3,
            "the target column is 3 (counted from 0), but the header has only 3 columns"
        )
    );
}

#[test]
fn read_csv_rejects_a_single_column() {
    let err = read("y\n1\n", &CsvOptions::new()).unwrap_err();
    assert!(matches!(
        err,
        Error::Csv {
            line: 1,
            column: 1,
            ..
        }
    ));
}

#[test]
fn read_csv_rejects_a_file_without_data_rows() {
    let empty = Error::Empty { what: "CSV data" };
    assert_eq!(read("a,b,y\n", &CsvOptions::new()).unwrap_err(), empty);
    assert_eq!(read("", &CsvOptions::new()).unwrap_err(), empty);
    assert_eq!(
        read("", &CsvOptions::new().with_header(false)).unwrap_err(),
        empty
    );
}

// ---------------------------------------------------------------- train/test split

/// `n` samples whose single feature and target are both the row number.
fn numbered(n: usize) -> Dataset<f64> {
    let index = Array1::from_iter((0..n).map(|i| i as f64));
    let inputs = index.clone().insert_axis(neuron::ndarray::Axis(1));
    Dataset::new(inputs, index)
        .unwrap()
        .with_feature_names(["row"])
        .unwrap()
        .with_target_names(["even", "odd"])
}

#[test]
fn split_sizes_follow_sklearn_ceil_rule() {
    // sklearn: n_test = ceil(0.25 · 569) = 143, n_train = 569 − 143 = 426.
    let data = breast_cancer::<f64>();
    let (train, test) = train_test_split(&data, 0.25, &mut StdRng::seed_from_u64(0)).unwrap();
    assert_eq!((train.n_samples(), test.n_samples()), (426, 143));
    assert_eq!((train.n_features(), test.n_features()), (30, 30));
    // sklearn: ceil(0.2 · 10) = 2, ceil(0.01 · 10) = 1, ceil(0.95 · 10) = 10 → error below.
    let (train, test) =
        train_test_split(&numbered(10), 0.2, &mut StdRng::seed_from_u64(0)).unwrap();
    assert_eq!((train.n_samples(), test.n_samples()), (8, 2));
    let (train, test) =
        train_test_split(&numbered(10), 0.01, &mut StdRng::seed_from_u64(0)).unwrap();
    assert_eq!((train.n_samples(), test.n_samples()), (9, 1));
}

#[test]
fn split_is_reproducible_with_the_same_seed() {
    let data = breast_cancer::<f64>();
    let first = train_test_split(&data, 0.3, &mut StdRng::seed_from_u64(9)).unwrap();
    let second = train_test_split(&data, 0.3, &mut StdRng::seed_from_u64(9)).unwrap();
    let other = train_test_split(&data, 0.3, &mut StdRng::seed_from_u64(10)).unwrap();
    assert_eq!(first, second);
    assert_ne!(first.1, other.1);
}

#[test]
fn split_parts_are_disjoint_cover_the_data_and_keep_rows_whole() {
    let data = numbered(100);
    let (train, test) = train_test_split(&data, 0.3, &mut StdRng::seed_from_u64(1)).unwrap();
    let rows =
        |d: &Dataset<f64>| -> Vec<usize> { d.targets().iter().map(|&y| y as usize).collect() };
    let (train_rows, test_rows) = (rows(&train), rows(&test));
    let train_set: BTreeSet<usize> = train_rows.iter().copied().collect();
    let test_set: BTreeSet<usize> = test_rows.iter().copied().collect();
    assert_eq!(train_set.len(), 70);
    assert_eq!(test_set.len(), 30);
    assert!(train_set.is_disjoint(&test_set));
    let all: BTreeSet<usize> = train_set.union(&test_set).copied().collect();
    assert_eq!(all, (0..100).collect());
    // Each sample keeps its own target, and the order is shuffled.
    assert_eq!(train.inputs().column(0), train.targets());
    assert_eq!(test.inputs().column(0), test.targets());
    assert_ne!(
        train_rows,
        (0..100)
            .filter(|i| train_set.contains(i))
            .collect::<Vec<_>>()
    );
}

#[test]
fn split_keeps_names() {
    let (train, test) =
        train_test_split(&numbered(10), 0.5, &mut StdRng::seed_from_u64(2)).unwrap();
    for part in [&train, &test] {
        assert_eq!(part.feature_names(), ["row"]);
        assert_eq!(part.target_names(), ["even", "odd"]);
    }
}

#[test]
fn split_rejects_fractions_outside_zero_one() {
    let data = numbered(10);
    for fraction in [0.0, 1.0, -0.1, 1.5, f64::NAN, f64::INFINITY] {
        let err = train_test_split(&data, fraction, &mut StdRng::seed_from_u64(0)).unwrap_err();
        assert!(
            matches!(
                err,
                Error::InvalidSetting {
                    name: "test_fraction",
                    ..
                }
            ),
            "test_fraction = {fraction}: {err:?}"
        );
    }
    assert_eq!(
        train_test_split(&data, 0.0, &mut StdRng::seed_from_u64(0))
            .unwrap_err()
            .to_string(),
        "test_fraction is 0, but it must be in (0, 1)"
    );
}

#[test]
fn split_rejects_data_too_small_for_both_parts() {
    let empty = Dataset::new(Array2::<f64>::zeros((0, 2)), Array1::zeros(0)).unwrap();
    assert_eq!(
        train_test_split(&empty, 0.5, &mut StdRng::seed_from_u64(0)).unwrap_err(),
        Error::Empty { what: "data set" }
    );
    // One sample: ceil(0.5 · 1) = 1 goes to the test set, none is left for training.
    assert!(matches!(
        train_test_split(&numbered(1), 0.5, &mut StdRng::seed_from_u64(0)),
        Err(Error::Empty { .. })
    ));
    // sklearn: ceil(0.95 · 10) = 10 leaves no training sample.
    assert!(matches!(
        train_test_split(&numbered(10), 0.95, &mut StdRng::seed_from_u64(0)),
        Err(Error::Empty { .. })
    ));
}

/// The plane's two-class sets: balanced, of the shapes they are named for
/// (without noise each point is exactly on its curve), the same for the same
/// seed, and a negative noise is refused.
#[test]
fn the_planes_shapes_are_what_they_say() {
    use neuron::datasets::{blobs, circles, moons, spiral};
    use neuron::rand::SeedableRng;
    use neuron::rand::rngs::StdRng;
    let rng = || StdRng::seed_from_u64(5);
    let moons = moons::<f64, _>(101, 0.0, &mut rng()).unwrap();
    assert_eq!(moons.targets().sum(), 50.0);
    for (p, &t) in moons.inputs().rows().into_iter().zip(moons.targets()) {
        // Class 0 on the unit circle's upper half; class 1 on the circle of
        // radius 1 around [1, 0.5], its lower half.
        let (cx, cy) = if t == 1.0 { (1.0, 0.5) } else { (0.0, 0.0) };
        let r = ((p[0] - cx).powi(2) + (p[1] - cy).powi(2)).sqrt();
        assert!((r - 1.0).abs() < 1e-12, "{p} of class {t}");
        assert!(if t == 1.0 {
            p[1] <= 0.5 + 1e-12
        } else {
            p[1] >= -1e-12
        });
    }
    let circles = circles::<f32, _>(200, 0.0, &mut rng()).unwrap();
    for (p, &t) in circles.inputs().rows().into_iter().zip(circles.targets()) {
        let r = p.dot(&p).sqrt();
        assert!(
            if t == 1.0 {
                r < 0.5
            } else {
                (0.7 - 1e-6..=1.0 + 1e-6).contains(&r)
            },
            "{r}"
        );
    }
    let blobs = blobs::<f64, _>(400, 0.0, &mut rng()).unwrap();
    let class_mean = |class: f64| {
        let rows: Vec<usize> = (0..400).filter(|&i| blobs.targets()[i] == class).collect();
        blobs
            .select(&rows)
            .unwrap()
            .inputs()
            .mean_axis(neuron::ndarray::Axis(0))
            .unwrap()
    };
    assert!(class_mean(0.0).iter().all(|&m| (m + 0.5).abs() < 0.05));
    assert!(class_mean(1.0).iter().all(|&m| (m - 0.5).abs() < 0.05));
    let a = spiral::<f64, _>(60, 0.1, &mut rng()).unwrap();
    assert_eq!(a, spiral::<f64, _>(60, 0.1, &mut rng()).unwrap());
    assert_ne!(
        a,
        spiral::<f64, _>(60, 0.1, &mut StdRng::seed_from_u64(6)).unwrap()
    );
    assert!(matches!(
        spiral::<f64, _>(10, -1.0, &mut rng()),
        Err(neuron::Error::InvalidSetting { name: "noise", .. })
    ));
}
