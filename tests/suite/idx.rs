//! IDX files and the Fashion-MNIST loader: every element type, gzipped and
//! plain, the loader on a miniature Fashion-MNIST folder, hostile files, and
//! (where Debian's dataset-fashion-mnist is installed) the real set.
//!
//! Oracle: `scripts/oracles/idx_fixtures.py` wrote `tests/fixtures/idx/` with
//! Python's `struct` and `gzip`, byte for byte as the IDX format describes
//! it, and printed the values asserted below; the real set's values come
//! from Python's `gzip` on Debian's files (in the comments).

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};

use neuron::Error;
use neuron::datasets::{self, FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, read_idx};
use neuron::ndarray::{ArrayD, IxDyn, array};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/idx")
        .join(path)
}

#[test]
fn every_element_type_reads_as_written() {
    let signed = array![[1.0, -2.0, 3.0], [-4.0, 5.0, -6.0]].into_dyn();
    let read = |name: &str| read_idx::<f64>(fixture(&format!("types/{name}.idx"))).unwrap();
    assert_eq!(read("u8"), signed.mapv(f64::abs));
    assert_eq!(read("i8"), signed);
    assert_eq!(read("i16"), signed);
    assert_eq!(read("i32"), signed);
    assert_eq!(read("f32"), signed.mapv(|v| v + 0.5));
    assert_eq!(read("f64"), signed.mapv(|v| v + 0.5));
    assert_eq!(
        read_idx::<f32>(fixture("types/i16.idx")).unwrap()[[1, 2]],
        -6.0
    );
}

#[test]
fn gzipped_and_plain_files_hold_the_same_values() {
    let gz = read_idx::<f64>(fixture("fashion/train-images-idx3-ubyte.gz")).unwrap();
    let plain = read_idx::<f64>(fixture("plain/train-images-idx3-ubyte")).unwrap();
    assert_eq!(gz.shape(), &[4, 28, 28]);
    assert_eq!(gz, plain);
    // Pixel (i, j) of image k is (k·31 + 7i + 3j) mod 256: image 1 at (3, 5) is 67.
    assert_eq!(gz[[1, 3, 5]], 67.0);
}

#[test]
fn a_fashion_mnist_folder_loads_as_two_data_sets() {
    let (train, test) = datasets::fashion_mnist::<f64>(fixture("fashion")).unwrap();
    assert_eq!(train.inputs().dim(), (4, 784));
    assert_eq!(test.inputs().dim(), (2, 784));
    assert_eq!(train.targets(), array![9.0, 0.0, 3.0, 7.0]);
    assert_eq!(test.targets(), array![1.0, 8.0]);
    assert_eq!(train.target_names(), FASHION_MNIST_CLASSES);
    // The oracle: image 0's pixels sum to 406.0235294117647 once divided by 255.
    let sum: f64 = train.inputs().row(0).sum();
    assert!((sum - 406.0235294117647).abs() < 1e-12, "{sum}");
    assert!(train.inputs().iter().all(|&p| (0.0..=1.0).contains(&p)));
}

#[test]
fn a_missing_folder_says_how_to_get_the_files() {
    let error = datasets::fashion_mnist::<f32>("/nonexistent/fashion").unwrap_err();
    let text = error.to_string();
    assert!(
        text.contains("apt-get install dataset-fashion-mnist"),
        "{text}"
    );
    assert!(text.contains("train-images-idx3-ubyte.gz"), "{text}");
}

/// `bytes` in a fresh file; its path.
fn file(name: &str, bytes: &[u8]) -> PathBuf {
    let path = common::folder("idx", "hostile").join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn gzipped(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// The message of the error `read_idx` gives for `bytes`.
fn refusal(name: &str, bytes: &[u8]) -> String {
    match read_idx::<f32>(file(name, bytes)) {
        Err(error @ Error::Io { .. }) => error.to_string(),
        other => panic!("{name}: {other:?}"),
    }
}

#[test]
fn hostile_idx_files_are_typed_errors() {
    // A 2 × 3 array of unsigned bytes, to be broken in every way.
    let good = [0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6];
    assert_eq!(
        read_idx::<f64>(file("good", &good)).unwrap(),
        ArrayD::from_shape_vec(IxDyn(&[2, 3]), vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]).unwrap()
    );
    assert!(refusal("empty", &[]).contains("not an IDX file"));
    assert!(refusal("magic", &[1, 0, 8, 1, 0, 0, 0, 1, 7]).contains("not an IDX file"));
    assert!(refusal("type", &[0, 0, 7, 1, 0, 0, 0, 1, 7]).contains("element type is 0x07"));
    assert!(refusal("header", &[0, 0, 8, 3, 0, 0]).contains("ends inside the IDX header"));
    assert!(refusal("truncated", &good[..17]).contains("truncated"));
    let mut trailing = good.to_vec();
    trailing.push(9);
    assert!(refusal("trailing", &trailing).contains("1 bytes after"));
    // Four axes of 2³² − 1: the product overflows any count.
    let mut overflow = vec![0, 0, 0x0E, 4];
    overflow.extend([0xFF; 16]);
    assert!(refusal("overflow", &overflow).contains("more values than any array can"));

    // Gzipped: the same rules on the decompressed bytes.
    assert!(refusal("gz-truncated", &gzipped(&good[..15])).contains("truncated"));
    assert!(refusal("gz-trailing", &gzipped(&trailing)).contains("more than the 6 bytes"));
    assert!(refusal("gz-corrupt", &gzipped(&good)[..20]).contains("gzip"));
    // A bomb: a header of 1 value, then 64 MB of zeros that compress to
    // about 64 kB. Reading stops at the first byte past the declared one.
    let mut bomb = vec![0, 0, 8, 1, 0, 0, 0, 1];
    bomb.resize(64 << 20, 0);
    assert!(refusal("gz-bomb", &gzipped(&bomb)).contains("more than the 1 bytes"));
    // A header that declares 4 GB of values in a file of a few dozen bytes,
    // which no deflate stream can hold: refused before any value is read.
    let huge = [0, 0, 8, 2, 0, 1, 0, 0, 0, 1, 0, 0];
    assert!(refusal("gz-huge", &gzipped(&huge)).contains("more than a gzip file"));
}

/// The real Fashion-MNIST, where Debian's package put it. `.ci/run` installs
/// the package and sets `NEURON_REQUIRE_FASHION_MNIST=1`, so that there a
/// missing set fails this test instead of skipping it.
#[test]
fn the_real_fashion_mnist_loads_with_its_known_values() {
    if !Path::new(FASHION_MNIST_DIR).is_dir() {
        assert!(
            std::env::var_os("NEURON_REQUIRE_FASHION_MNIST").is_none(),
            "Fashion-MNIST is not in {FASHION_MNIST_DIR}"
        );
        eprintln!("skipped: Fashion-MNIST is not in {FASHION_MNIST_DIR}");
        return;
    }
    let (train, test) = datasets::fashion_mnist::<f32>(None).unwrap();
    assert_eq!(train.inputs().dim(), (60_000, 784));
    assert_eq!(test.inputs().dim(), (10_000, 784));
    // Python: gzip.open("t10k-labels-idx1-ubyte.gz").read()[8:18]
    //   → [9, 2, 1, 1, 6, 1, 4, 6, 5, 7]
    let first: Vec<f32> = test.targets().iter().take(10).copied().collect();
    assert_eq!(first, [9.0, 2.0, 1.0, 1.0, 6.0, 1.0, 4.0, 6.0, 5.0, 7.0]);
    // Python: sum(train images[16:16 + 784]) = 76247 → 299.00784… once / 255.
    let sum: f32 = train.inputs().row(0).sum();
    assert!((sum - 299.007_84).abs() < 1e-3, "{sum}");
    // 6 000 training and 1 000 test images of each class.
    for class in 0..10 {
        let count = |data: &datasets::Dataset<f32>| {
            data.targets()
                .iter()
                .filter(|&&t| t == class as f32)
                .count()
        };
        assert_eq!(
            (count(&train), count(&test)),
            (6_000, 1_000),
            "class {class}"
        );
    }
}

#[test]
fn mnist_reads_the_same_files_with_digits_for_classes() {
    // MNIST's files have Fashion-MNIST's names and format: the fixture serves.
    let (train, test) = datasets::mnist::<f32>(fixture("fashion").as_path()).unwrap();
    assert_eq!((train.n_samples(), test.n_samples()), (4, 2));
    assert_eq!(train.target_names()[9], "9");
    let error = datasets::mnist::<f32>(String::from("/nonexistent/mnist")).unwrap_err();
    assert!(
        error.to_string().contains("train-images-idx3-ubyte.gz"),
        "{error}"
    );
}

/// An IDX file of `dims` and `values` as floats (type 0x0D, big-endian).
fn float_idx(dims: &[u32], values: &[f32]) -> Vec<u8> {
    let mut bytes = vec![0, 0, 0x0D, dims.len() as u8];
    for d in dims {
        bytes.extend(d.to_be_bytes());
    }
    for v in values {
        bytes.extend(v.to_be_bytes());
    }
    bytes
}

#[test]
fn a_wrong_images_file_is_named_as_the_images_not_the_labels() {
    // The fixture's labels beside images that are not (n, 28, 28) grey levels:
    // 2 images of 27 × 27, then 1 of 28 × 28 whose pixel 5 is −1.
    let folder = common::folder("idx", "wrong-images");
    let labels = std::fs::read(fixture("fashion/t10k-labels-idx1-ubyte.gz")).unwrap();
    for part in ["train", "t10k"] {
        std::fs::write(folder.join(format!("{part}-labels-idx1-ubyte.gz")), &labels).unwrap();
    }
    let images = |bytes: Vec<u8>| {
        for part in ["train", "t10k"] {
            std::fs::write(folder.join(format!("{part}-images-idx3-ubyte")), &bytes).unwrap();
        }
    };
    images(float_idx(&[2, 27, 27], &[0.0; 2 * 27 * 27]));
    let error = datasets::fashion_mnist::<f32>(folder.as_path())
        .unwrap_err()
        .to_string();
    assert!(error.contains("images-idx3-ubyte"), "{error}");
    assert!(error.contains("[2, 27, 27]"), "{error}");
    let mut pixels = vec![0.5; 2 * 784];
    pixels[5] = -1.0;
    images(float_idx(&[2, 28, 28], &pixels));
    let error = datasets::fashion_mnist::<f32>(folder.as_path())
        .unwrap_err()
        .to_string();
    assert!(error.contains("images-idx3-ubyte"), "{error}");
    assert!(error.contains("pixel 5 is -1"), "{error}");
}
