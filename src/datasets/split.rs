//! Splitting a data set at random into a training set and a test set, as
//! it comes or keeping each class's share in both (stratified).

use std::cmp::Ordering;

use ndarray::{ArrayBase, Data, Ix1};
use rand::Rng;
use rand::seq::SliceRandom;

use super::dataset::Dataset;
use crate::{Error, Float, Result};

/// Splits `data` at random into a training set and a test set, as scikit-learn's
/// `train_test_split(X, y, test_size=test_fraction)` does.
///
/// The test set gets `n_test = ⌈test_fraction · n_samples⌉` samples, the training
/// set the other `n_samples − n_test`. The rows are shuffled with `rng`, so the
/// same seed gives the same split; both parts keep the feature and class names.
/// Fit anything learned from the data (weights, a [`Standardizer`](crate::Standardizer))
/// on the training set only, and measure on the test set.
///
/// # Shapes
/// - `data`: `n_samples` samples
/// - returns: `(training, test)` with `n_samples − n_test` and `n_test` samples
///
/// # Errors
/// - [`Error::InvalidSetting`] when `test_fraction` is not finite or not in `(0, 1)`.
/// - [`Error::Empty`] when `data` or the training set would be empty (too few samples).
///
/// ```
/// use neuron::datasets::{breast_cancer, train_test_split};
/// use neuron::rand::{SeedableRng, rngs::StdRng};
///
/// let data = breast_cancer::<f64>();
/// let (train, test) = train_test_split(&data, 0.25, &mut StdRng::seed_from_u64(42))?;
/// assert_eq!(test.n_samples(), 143); // ⌈0.25 · 569⌉ = ⌈142.25⌉
/// assert_eq!(train.n_samples(), 426);
/// assert_eq!(train.feature_names(), data.feature_names());
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn train_test_split<F: Float, R: Rng + ?Sized>(
    data: &Dataset<F>,
    test_fraction: f64,
    rng: &mut R,
) -> Result<(Dataset<F>, Dataset<F>)> {
    let (train, test) = split_indices(data.n_samples(), test_fraction, rng)?;
    Ok((data.select_rows(&train), data.select_rows(&test)))
}

/// The indices of [`train_test_split`]'s two parts, `(training, test)`: the
/// same rows, for the same `rng`, as it takes, to split other arrays alike or
/// to hand the split to another tool.
///
/// ```
/// use neuron::datasets::{iris, split_indices, train_test_split};
/// use neuron::rand::{SeedableRng, rngs::StdRng};
///
/// let data = iris::<f64>();
/// let (train, test) = split_indices(data.n_samples(), 0.2, &mut StdRng::seed_from_u64(1))?;
/// let (_, test_set) = train_test_split(&data, 0.2, &mut StdRng::seed_from_u64(1))?;
/// assert_eq!((train.len(), test.len()), (120, 30));
/// assert_eq!(data.select(&test)?.inputs(), test_set.inputs());
/// # Ok::<(), neuron::Error>(())
/// ```
///
/// # Errors
/// As [`train_test_split`], and [`Error::Allocation`] when `n_samples`
/// indices do not fit in memory.
pub fn split_indices<R: Rng + ?Sized>(
    n_samples: usize,
    test_fraction: f64,
    rng: &mut R,
) -> Result<(Vec<usize>, Vec<usize>)> {
    let n_test = test_size(n_samples, test_fraction)?;
    let mut indices = crate::alloc::room_for("the indices of a split", 1, n_samples)?;
    indices.extend(0..n_samples);
    indices.shuffle(rng);
    // The first n_test shuffled indices test, the others train.
    let mut train = crate::alloc::room_for("the training indices", 1, n_samples - n_test)?;
    train.extend_from_slice(indices.get(n_test..).unwrap_or_default());
    indices.truncate(n_test);
    Ok((train, indices))
}

/// The size of the test set, `⌈test_fraction · n_samples⌉`, checked: a
/// fraction in `(0, 1)`, and samples enough for both sets.
fn test_size(n_samples: usize, test_fraction: f64) -> Result<usize> {
    if !(test_fraction.is_finite() && test_fraction > 0.0 && test_fraction < 1.0) {
        return Err(Error::InvalidSetting {
            name: "test_fraction",
            value: test_fraction,
            requirement: "in (0, 1)",
        });
    }
    if n_samples == 0 {
        return Err(Error::Empty { what: "data set" });
    }
    // As scikit-learn: n_test = ceil(test_size · n_samples), at least 1 since the
    // fraction is > 0; the clamp only guards against rounding at the top end.
    let n_test = ((test_fraction * n_samples as f64).ceil() as usize).clamp(1, n_samples);
    if n_test == n_samples {
        return Err(Error::Empty {
            what: "training set (too few samples for this test_fraction)",
        });
    }
    Ok(n_test)
}

/// Splits `data` at random into a training set and a test set that keep each
/// class's share of the samples, as scikit-learn's
/// `train_test_split(X, y, test_size=test_fraction, stratify=y)` does.
///
/// The test set gets `n_test = ⌈test_fraction · n_samples⌉` samples, as in
/// [`train_test_split`], shared between the classes as
/// [`stratified_split_indices`] says: a class of 30 % of the data has about
/// 30 % of both sets. Without it a small class can miss the test set, or the
/// training set, by chance. The targets must be class labels.
///
/// # Shapes
/// - `data`: `n_samples` samples, targets class labels `0, 1, …`
/// - returns: `(training, test)` with `n_samples − n_test` and `n_test` samples
///
/// # Errors
/// As [`stratified_split_indices`] of the targets.
///
/// ```
/// use neuron::datasets::{breast_cancer, stratified_train_test_split};
/// use neuron::rand::{SeedableRng, rngs::StdRng};
///
/// // 212 malignant (0) and 357 benign (1) tumours.
/// let data = breast_cancer::<f64>();
/// let (train, test) = stratified_train_test_split(&data, 0.25, &mut StdRng::seed_from_u64(42))?;
/// let malignant = |set: &neuron::datasets::Dataset<f64>| set.targets().iter().filter(|&&y| y == 0.0).count();
/// // scikit-learn's test set has the same counts: 53 of 143, and 159 of the 426 to train on.
/// assert_eq!((malignant(&test), test.n_samples()), (53, 143));
/// assert_eq!((malignant(&train), train.n_samples()), (159, 426));
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn stratified_train_test_split<F: Float, R: Rng + ?Sized>(
    data: &Dataset<F>,
    test_fraction: f64,
    rng: &mut R,
) -> Result<(Dataset<F>, Dataset<F>)> {
    let (train, test) = stratified_split_indices(data.targets(), test_fraction, rng)?;
    Ok((data.select_rows(&train), data.select_rows(&test)))
}

/// The indices of a stratified split of samples whose classes are
/// `targets`, `(training, test)`, each in a random order: the rows
/// [`stratified_train_test_split`] takes, for the same `rng`.
///
/// Each class gets as many test samples as scikit-learn's
/// `StratifiedShuffleSplit` gives it (and so `train_test_split(...,
/// stratify=y)`): the training set's `n_train = n_samples − n_test` samples
/// are shared out first, each class `c` of `n_c` samples getting
/// `⌊n_c · n_train / n_samples⌋` and the samples left over going to the
/// classes with the largest remainders (ties broken at random with `rng`);
/// each class's other samples are its test samples. Which samples of a class
/// go where is drawn with `rng`, so the rows differ from scikit-learn's (whose
/// generator is NumPy's), the counts do not.
///
/// # Shapes
/// - `targets`: `(n_samples,)`, class labels
/// - returns: `n_samples − n_test` and `n_test` indices below `n_samples`
///
/// # Errors
/// - [`Error::InvalidSetting`] when `test_fraction` is not finite or not in
///   `(0, 1)`, or leaves either set fewer samples than there are classes
///   (scikit-learn refuses the same);
/// - [`Error::Empty`] when `targets` or the training set would be empty;
/// - [`Error::InvalidValue`] naming the index and value of the first target
///   that is not a class label (a whole number ≥ 0), or of the only sample of
///   a class (the smallest such label): a class needs at least 2 samples, as
///   in scikit-learn.
///
/// ```
/// use neuron::Error;
/// use neuron::datasets::stratified_split_indices;
/// use neuron::ndarray::array;
/// use neuron::rand::{SeedableRng, rngs::StdRng};
///
/// let labels = array![0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0];
/// let (train, test) = stratified_split_indices(&labels, 0.5, &mut StdRng::seed_from_u64(3))?;
/// let ones = |part: &[usize]| part.iter().filter(|&&i| labels[i] == 1.0).count();
/// assert_eq!((ones(&train), ones(&test)), (2, 2));
///
/// let err = stratified_split_indices(&array![0.0, 0.0, 1.0], 0.5, &mut StdRng::seed_from_u64(3));
/// assert_eq!(
///     err.unwrap_err().to_string(),
///     "targets at index 2 is 1, but it must be a class of at least 2 samples: a stratified split puts some of each class in both sets"
/// );
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn stratified_split_indices<F, S, R>(
    targets: &ArrayBase<S, Ix1>,
    test_fraction: f64,
    rng: &mut R,
) -> Result<(Vec<usize>, Vec<usize>)>
where
    F: Float,
    S: Data<Elem = F>,
    R: Rng + ?Sized,
{
    let n_samples = targets.len();
    let n_test = test_size(n_samples, test_fraction)?;
    let members = class_members(targets)?;
    let too_few = |set: usize, requirement| {
        if set < members.len() {
            Err(Error::InvalidSetting {
                name: "test_fraction",
                value: test_fraction,
                requirement,
            })
        } else {
            Ok(())
        }
    };
    too_few(
        n_samples - n_test,
        "small enough to leave at least one training sample per class (n_samples − ⌈test_fraction · n_samples⌉ ≥ number of classes)",
    )?;
    too_few(
        n_test,
        "large enough for at least one test sample per class (⌈test_fraction · n_samples⌉ ≥ number of classes)",
    )?;
    let counts: Vec<usize> = members.iter().map(Vec::len).collect();
    let n_train = approximate_mode(&counts, n_samples - n_test, rng);
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (mut class, take) in members.into_iter().zip(n_train) {
        class.shuffle(rng);
        let (to_train, to_test) = class.split_at(take.min(class.len()));
        train.extend_from_slice(to_train);
        test.extend_from_slice(to_test);
    }
    train.shuffle(rng);
    test.shuffle(rng);
    Ok((train, test))
}

/// The indices of each class's samples, in increasing order, the classes in
/// the order of their labels.
///
/// # Errors
/// [`Error::InvalidValue`] for a target that is not a class label, or for
/// the only sample of a class.
fn class_members<F: Float, S: Data<Elem = F>>(
    targets: &ArrayBase<S, Ix1>,
) -> Result<Vec<Vec<usize>>> {
    if let Some((index, &y)) = targets
        .iter()
        .enumerate()
        .find(|&(_, &y)| !(y.is_finite() && y >= F::zero() && y.fract() == F::zero()))
    {
        return Err(Error::InvalidValue {
            what: "targets",
            index,
            value: y.as_f64(),
            requirement: "a class label: a whole number ≥ 0",
        });
    }
    let mut classes: Vec<F> = targets.to_vec();
    classes.sort_by(|a, b| a.partial_cmp(b).unwrap_or(Ordering::Equal));
    classes.dedup();
    let mut members = vec![Vec::new(); classes.len()];
    for (index, y) in targets.iter().enumerate() {
        let class = classes.binary_search_by(|c| c.partial_cmp(y).unwrap_or(Ordering::Equal));
        if let Some(class) = class.ok().and_then(|c| members.get_mut(c)) {
            class.push(index);
        }
    }
    if let Some((&index, &label)) = members
        .iter()
        .zip(&classes)
        .find_map(|(m, c)| (m.len() < 2).then(|| m.first().map(|i| (i, c))))
        .flatten()
    {
        return Err(Error::InvalidValue {
            what: "targets",
            index,
            value: label.as_f64(),
            requirement: "a class of at least 2 samples: a stratified split puts some of each class in both sets",
        });
    }
    Ok(members)
}

/// How many of `n_draws` samples each class of `counts` samples gets, as
/// scikit-learn's `_approximate_mode` shares them (the same floating-point
/// steps): `counts[c] / n · n_draws` rounded down, then one more for the
/// classes with the largest remainders until all are given, ties broken at
/// random.
fn approximate_mode<R: Rng + ?Sized>(counts: &[usize], n_draws: usize, rng: &mut R) -> Vec<usize> {
    let total = counts.iter().sum::<usize>() as f64;
    let continuous: Vec<f64> = counts
        .iter()
        .map(|&c| c as f64 / total * n_draws as f64)
        .collect();
    let mut shares: Vec<usize> = continuous.iter().map(|c| c.floor() as usize).collect();
    let mut need = n_draws.saturating_sub(shares.iter().sum());
    let remainders: Vec<f64> = continuous.iter().map(|c| c - c.floor()).collect();
    let mut values = remainders.clone();
    values.sort_by(|a, b| b.partial_cmp(a).unwrap_or(Ordering::Equal));
    values.dedup();
    for value in values {
        if need == 0 {
            break;
        }
        let mut tied: Vec<usize> = (0..remainders.len())
            .filter(|&c| remainders.get(c) == Some(&value))
            .collect();
        tied.shuffle(rng);
        for c in tied.into_iter().take(need) {
            if let Some(share) = shares.get_mut(c) {
                *share += 1;
                need -= 1;
            }
        }
    }
    shares
}
