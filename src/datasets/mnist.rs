//! Fashion-MNIST and MNIST: 28 × 28 greyscale images in 10 classes, read
//! from their IDX files (which this crate does not bundle).

use std::path::{Path, PathBuf};

use ndarray::{Array1, Array2, ArrayD};

use super::Dataset;
use super::idx::read_idx;
use crate::{Error, Float, Result};

/// Where Debian's `dataset-fashion-mnist` package installs Fashion-MNIST.
pub const FASHION_MNIST_DIR: &str = "/usr/share/datasets/fashion-mnist";

/// Where MNIST is looked for when no folder is given (Debian packages no
/// MNIST; put its four files here, or pass their folder).
pub const MNIST_DIR: &str = "/usr/share/datasets/mnist";

/// Fashion-MNIST's classes, in the order of their labels 0 to 9.
pub const FASHION_MNIST_CLASSES: [&str; 10] = [
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
];

/// The folder a data set's files are in, or where Debian's package puts
/// them when none is given: what [`fashion_mnist`] and [`mnist`] take.
///
/// Made from a path (`&str`, `String`, `&Path`, `PathBuf`), an
/// `Option<&Path>`, or [`DataFolder::default()`] (no folder: Debian's).
///
/// ```
/// use std::path::Path;
/// use neuron::datasets::DataFolder;
///
/// assert_eq!(DataFolder::from("data/fashion").path(), Some(Path::new("data/fashion")));
/// assert_eq!(DataFolder::default().path(), None);
/// assert_eq!(DataFolder::from(None::<&Path>), DataFolder::default());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DataFolder(Option<PathBuf>);

impl DataFolder {
    /// The folder given, or `None` for the default.
    pub fn path(&self) -> Option<&Path> {
        self.0.as_deref()
    }
}

impl From<&str> for DataFolder {
    fn from(path: &str) -> Self {
        DataFolder(Some(PathBuf::from(path)))
    }
}

impl From<String> for DataFolder {
    fn from(path: String) -> Self {
        DataFolder(Some(PathBuf::from(path)))
    }
}

impl From<&Path> for DataFolder {
    fn from(path: &Path) -> Self {
        DataFolder(Some(path.to_owned()))
    }
}

impl From<PathBuf> for DataFolder {
    fn from(path: PathBuf) -> Self {
        DataFolder(Some(path))
    }
}

impl From<&PathBuf> for DataFolder {
    fn from(path: &PathBuf) -> Self {
        DataFolder(Some(path.clone()))
    }
}

impl From<Option<&Path>> for DataFolder {
    fn from(path: Option<&Path>) -> Self {
        DataFolder(path.map(Path::to_owned))
    }
}

/// Fashion-MNIST from the folder `dir`, or with none given
/// ([`DataFolder::default()`], `None`) from where Debian's
/// `dataset-fashion-mnist` puts it ([`FASHION_MNIST_DIR`]): the training set
/// (60 000 images) and the test set (10 000), in that order.
///
/// Zalando Research's set of 70 000 greyscale photographs of clothes, 28 × 28
/// pixels, in 10 classes ([`FASHION_MNIST_CLASSES`]), made as a harder
/// stand-in for MNIST with the same format.
/// - Source: <https://github.com/zalandoresearch/fashion-mnist>; Debian's
///   `dataset-fashion-mnist` package.
/// - Licence: MIT.
/// - Citation: H. Xiao, K. Rasul and R. Vollgraf, "Fashion-MNIST: a Novel
///   Image Dataset for Benchmarking Machine Learning Algorithms",
///   arXiv:1708.07747, 2017.
///
/// The folder holds `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
/// `t10k-images-idx3-ubyte` and `t10k-labels-idx1-ubyte`, each gzipped
/// (`.gz`, as they are published) or not. Pixels are scaled from 0–255 to
/// `[0, 1]`; the class names are the targets' names.
///
/// # Shapes
/// - inputs: `(n, 784)`, one flattened image per row (row by row); for a
///   convolution, `inputs().view().into_shape_with_order((n, 1, 28, 28))`
/// - targets: `(n,)`, the class `0.0` … `9.0`
///
/// # Errors
/// [`Error::Io`] naming the file: it is missing (the message says where to
/// get it), unreadable or not a valid IDX file; images that are not 28 × 28,
/// labels that are not classes 0–9, or a count of labels that differs from
/// the images'.
///
/// ```no_run
/// let (train, test) = neuron::datasets::fashion_mnist::<f32>("/usr/share/datasets/fashion-mnist")?;
/// assert_eq!(train.inputs().dim(), (60_000, 784));
/// assert_eq!(test.target_names()[9], "Ankle boot");
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn fashion_mnist<F: Float>(dir: impl Into<DataFolder>) -> Result<(Dataset<F>, Dataset<F>)> {
    let how = "install Debian's dataset-fashion-mnist package (apt-get install dataset-fashion-mnist), \
               or download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, \
               t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz from \
               https://github.com/zalandoresearch/fashion-mnist into this folder";
    let dir = dir.into();
    let dir = dir.path().unwrap_or(Path::new(FASHION_MNIST_DIR));
    read_set(dir, &FASHION_MNIST_CLASSES, how)
}

/// MNIST's handwritten digits from the folder `dir` (with none given, from
/// [`MNIST_DIR`]), in the same files and shapes as [`fashion_mnist`]: the
/// training set (60 000 images) and the test set (10 000). The classes are
/// the digits `"0"` … `"9"`.
///
/// - Source: Y. LeCun, C. Cortes and C. J. C. Burges, the MNIST database of
///   handwritten digits.
///
/// # Errors
/// As [`fashion_mnist`].
pub fn mnist<F: Float>(dir: impl Into<DataFolder>) -> Result<(Dataset<F>, Dataset<F>)> {
    let how = "put MNIST's train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, \
               t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz in this folder";
    let digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    let dir = dir.into();
    read_set(dir.path().unwrap_or(Path::new(MNIST_DIR)), &digits, how)
}

/// The training and test sets from `dir`.
fn read_set<F: Float>(dir: &Path, classes: &[&str], how: &str) -> Result<(Dataset<F>, Dataset<F>)> {
    let part = |prefix: &str| -> Result<Dataset<F>> {
        let images_path = file(dir, &format!("{prefix}-images-idx3-ubyte"), how)?;
        let images = read_idx::<F>(&images_path)?;
        let labels_path = file(dir, &format!("{prefix}-labels-idx1-ubyte"), how)?;
        let labels = read_idx::<F>(&labels_path)?;
        images_and_labels(images, labels, classes.len(), [&images_path, &labels_path])
            .map(|data| data.with_target_names(classes.iter().copied()))
    };
    Ok((part("train")?, part("t10k")?))
}

/// The path of `name` in `dir`, gzipped or not, or an error that says how to
/// get it.
fn file(dir: &Path, name: &str, how: &str) -> Result<PathBuf> {
    let gzipped = dir.join(format!("{name}.gz"));
    let plain = dir.join(name);
    [gzipped.clone(), plain]
        .into_iter()
        .find(|path| path.is_file())
        .ok_or_else(|| Error::Io {
            action: "read",
            path: gzipped.display().to_string(),
            message: format!("the file is missing; {how}"),
        })
}

/// Images `(n, 28, 28)` of 0–255 and labels `(n,)` of classes below
/// `n_classes` as a data set of pixels in `[0, 1]`; an error names the file
/// (`paths`: the images', the labels') whose contents are wrong.
fn images_and_labels<F: Float>(
    images: ArrayD<F>,
    labels: ArrayD<F>,
    n_classes: usize,
    [images_path, labels_path]: [&Path; 2],
) -> Result<Dataset<F>> {
    let refused_by = |path: &Path, message: String| Error::Io {
        action: "read",
        path: path.display().to_string(),
        message,
    };
    let refused = |message| refused_by(labels_path, message);
    let &[n, 28, 28] = images.shape() else {
        return Err(refused_by(
            images_path,
            format!(
                "its images have shape {:?}, not (n, 28, 28)",
                images.shape()
            ),
        ));
    };
    // An IDX file of floats (or of signed integers) can hold what no
    // grey level is.
    if let Some((index, &pixel)) = images
        .iter()
        .enumerate()
        .find(|&(_, &p)| !(p >= F::zero() && p <= F::from_f64(255.0)))
    {
        return Err(refused_by(
            images_path,
            format!("pixel {index} is {pixel}, not a grey level from 0 to 255"),
        ));
    }
    let labels: Array1<F> = labels
        .into_dimensionality()
        .map_err(|_| refused("its labels are not one axis of classes".to_owned()))?;
    if labels.len() != n {
        return Err(refused(format!(
            "it holds {} labels for {n} images",
            labels.len()
        )));
    }
    let top = F::from_f64(n_classes as f64);
    if let Some((index, &label)) = labels
        .iter()
        .enumerate()
        .find(|&(_, &c)| !(c >= F::zero() && c < top && c.fract() == F::zero()))
    {
        return Err(refused(format!(
            "label {index} is {label}, not a class from 0 to {}",
            n_classes - 1
        )));
    }
    let scale = F::from_f64(1.0 / 255.0);
    let inputs: Array2<F> = images
        .into_shape_with_order((n, 28 * 28))
        .map_err(|e| refused(e.to_string()))?
        .mapv(|pixel| pixel * scale);
    Dataset::new(inputs, labels)
}
