//! Data sets: bundled, generated, and read from CSV files.
//!
//! A [`Dataset`] is the inputs `X` of shape `(n_samples, n_features)` and one target
//! per sample, with the names of the features and (for classification) of the
//! classes. Where they come from:
//!
//! - [`breast_cancer`]: the Wisconsin diagnostic breast cancer data, bundled (two classes).
//! - [`iris`], [`wine`], [`digits`]: Fisher's irises, Italian wines and handwritten
//!   digits, bundled (three, three and ten classes).
//! - [`diabetes`]: disease progression of 442 diabetes patients, bundled (regression:
//!   the target is a number).
//! - [`and_gate`], [`or_gate`], [`sum_of_two`]: the lecture's toy problems.
//! - [`read_csv`], [`read_csv_from`]: your own data, configured by [`CsvOptions`].
//! - [`train_test_split`]: a seeded split into training and test sets.
//!
//! ```
//! use neuron::datasets::{breast_cancer, train_test_split};
//! use neuron::rand::{SeedableRng, rngs::StdRng};
//!
//! let data = breast_cancer::<f64>();
//! let (train, test) = train_test_split(&data, 0.25, &mut StdRng::seed_from_u64(0))?;
//! assert_eq!((train.n_samples(), test.n_samples()), (426, 143));
//! # Ok::<(), neuron::Error>(())
//! ```

mod breast_cancer;
mod bundled;
mod cross_val;
mod csv_file;
mod csv_options;
mod csv_write;
mod dataset;
mod diabetes;
mod digits;
mod folds;
mod idx;
mod iris;
mod mnist;
mod plane;
mod split;
mod toy;
mod wine;

pub use self::breast_cancer::breast_cancer;
pub use self::cross_val::cross_val_score;
pub use self::csv_file::{read_csv, read_csv_from};
pub use self::csv_options::CsvOptions;
pub use self::dataset::Dataset;
pub use self::diabetes::diabetes;
pub use self::digits::digits;
pub use self::folds::{Fold, KFold, StratifiedKFold};
pub use self::idx::read_idx;
pub use self::iris::iris;
pub use self::mnist::{
    DataFolder, FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, MNIST_DIR, fashion_mnist, mnist,
};
pub use self::plane::{blobs, circles, moons, spiral};
pub use self::split::{
    split_indices, stratified_split_indices, stratified_train_test_split, train_test_split,
};
pub use self::toy::{and_gate, or_gate, sum_of_two};
pub use self::wine::wine;
