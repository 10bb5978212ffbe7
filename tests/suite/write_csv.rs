//! Data sets written as CSV: read back by `read_csv` bit for bit (f64 and
//! f32, awkward numbers and names included), the exact text (the fixtures
//! tests/fixtures/dataset_written*.csv, which pandas reads back as the same
//! numbers and names: scripts/oracles/pandas_read_csv.py), atomic writes, and
//! the data sets refused.

use std::path::PathBuf;

use neuron::Error;
use neuron::Float;
use neuron::datasets::{CsvOptions, Dataset, breast_cancer, digits, read_csv, read_csv_from};
use neuron::ndarray::{Array1, Array2, array};

/// The f64 values of the fixture (the same as the script's): 0.1, −0, the
/// smallest subnormal, the largest and the smallest normal f64, ⅓, large and
/// small numbers where `{:?}` switches to an exponent, π.
fn awkward_f64() -> Dataset<f64> {
    let inputs = array![
        [0.1, -0.0, 5e-324, f64::MAX],
        [f64::MIN_POSITIVE, 1.0 / 3.0, 123456789.123, -2.5e15],
        [1e16, 1e-7, std::f64::consts::PI, -1e-300],
    ];
    Dataset::new(inputs, array![0.0, 2.0, 0.5])
        .unwrap()
        .with_feature_names([
            "plain",
            "with, comma",
            "with \"quotes\"",
            "sepal length (cm)",
        ])
        .unwrap()
}

/// The f32 values of the other fixture, a feature named `target` among them.
fn awkward_f32() -> Dataset<f32> {
    let inputs = array![
        [0.1_f32, -0.0, 1e-45, f32::MAX],
        [f32::MIN_POSITIVE, 1.0 / 3.0, 16777217.0, -2.5e-8],
    ];
    Dataset::new(inputs, array![1.0, 0.0])
        .unwrap()
        .with_feature_names(["a", "target", "c", "d"])
        .unwrap()
}

fn text<F: Float>(data: &Dataset<F>) -> Vec<u8> {
    let mut bytes = Vec::new();
    data.write_csv_to(&mut bytes).unwrap();
    bytes
}

/// Equal bit for bit: -0.0 is not 0.0 here.
fn assert_same<F: Float + Into<f64>>(back: &Dataset<F>, data: &Dataset<F>) {
    let bits = |values: &mut dyn Iterator<Item = &F>| -> Vec<u64> {
        values.map(|&v| Into::<f64>::into(v).to_bits()).collect()
    };
    assert_eq!(
        bits(&mut back.inputs().iter()),
        bits(&mut data.inputs().iter())
    );
    assert_eq!(
        bits(&mut back.targets().iter()),
        bits(&mut data.targets().iter())
    );
    assert_eq!(back.inputs().dim(), data.inputs().dim());
    assert_eq!(back.feature_names(), data.feature_names());
}

#[test]
fn awkward_numbers_and_names_read_back_bit_for_bit() {
    let data = awkward_f64();
    let back = read_csv_from::<f64, _>(text(&data).as_slice(), &CsvOptions::new()).unwrap();
    assert_same(&back, &data);
    let data = awkward_f32();
    let back = read_csv_from::<f32, _>(text(&data).as_slice(), &CsvOptions::new()).unwrap();
    assert_same(&back, &data);
}

#[test]
fn the_text_is_the_fixture_that_pandas_reads() {
    assert_eq!(
        String::from_utf8(text(&awkward_f64())).unwrap(),
        include_str!("../fixtures/dataset_written.csv")
    );
    // A feature called `target` moves the target column to `target_2`.
    assert_eq!(
        String::from_utf8(text(&awkward_f32())).unwrap(),
        include_str!("../fixtures/dataset_written_f32.csv")
    );
}

#[test]
fn bundled_data_sets_read_back_bit_for_bit() {
    let data = breast_cancer::<f64>();
    assert_same(
        &read_csv_from::<f64, _>(text(&data).as_slice(), &CsvOptions::new()).unwrap(),
        &data,
    );
    let data = digits::<f32>();
    assert_same(
        &read_csv_from::<f32, _>(text(&data).as_slice(), &CsvOptions::new()).unwrap(),
        &data,
    );
}

/// A path under the test's own folder, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("neuron_write_csv_{}_{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).unwrap();
        Scratch(folder)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn a_file_reads_back_and_replaces_the_old_one_whole() {
    let scratch = Scratch::new("file");
    let path = scratch.0.join("data.csv");
    std::fs::write(&path, "old contents\n").unwrap();
    let data = awkward_f64();
    data.write_csv(&path).unwrap();
    assert_same(&read_csv::<f64>(&path, &CsvOptions::new()).unwrap(), &data);
    // Refused before anything is written: the old file stays.
    let mut bad = data.clone().into_parts();
    bad.0[[1, 2]] = f64::NAN;
    let bad = Dataset::new(bad.0, bad.1).unwrap();
    assert!(matches!(
        bad.write_csv(&path),
        Err(Error::NonFiniteInput {
            row: 1,
            column: 2,
            ..
        })
    ));
    assert_same(&read_csv::<f64>(&path, &CsvOptions::new()).unwrap(), &data);
    // Nothing but the file itself in the folder: no temporary file left.
    assert_eq!(std::fs::read_dir(&scratch.0).unwrap().count(), 1);
}

#[test]
fn io_errors_name_the_path() {
    let scratch = Scratch::new("io");
    let path = scratch.0.join("no such folder").join("data.csv");
    match awkward_f64().write_csv(&path).unwrap_err() {
        Error::Io {
            action,
            path: named,
            ..
        } => {
            assert_eq!(action, "write");
            assert_eq!(named, path.display().to_string());
        }
        err => panic!("{err:?}"),
    }
    // A folder is not replaced.
    assert!(matches!(
        awkward_f64().write_csv(&scratch.0),
        Err(Error::Io {
            action: "write",
            ..
        })
    ));
}

/// A writer that fails at once.
struct Broken;

impl std::io::Write for Broken {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other("the disk is full"))
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn data_sets_that_cannot_be_read_back_are_refused() {
    let empty = Dataset::new(Array2::<f64>::zeros((0, 2)), Array1::zeros(0)).unwrap();
    assert_eq!(
        empty.write_csv_to(Vec::new()).unwrap_err(),
        Error::Empty { what: "data set" }
    );
    let no_features = Dataset::new(Array2::<f64>::zeros((2, 0)), array![0.0, 1.0]).unwrap();
    assert!(matches!(
        no_features.write_csv_to(Vec::new()),
        Err(Error::Empty { .. })
    ));
    let infinite_target = Dataset::new(array![[1.0_f32]], array![f32::INFINITY]).unwrap();
    assert_eq!(
        infinite_target.write_csv_to(Vec::new()).unwrap_err(),
        Error::NonFiniteTarget {
            row: 0,
            column: 0,
            value: f64::INFINITY
        }
    );
    let err = awkward_f64().write_csv_to(Broken).unwrap_err();
    assert!(
        matches!(&err, Error::Io { action: "write", path, message } if path == "CSV output" && message.contains("the disk is full")),
        "{err:?}"
    );
}
