//! k-fold cross-validation: the samples cut into `k` folds, each the test set
//! once while the others train, as scikit-learn's `KFold` and
//! `StratifiedKFold` cut them.

use ndarray::{ArrayBase, Data, Ix1};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::alloc::room_for;
use crate::{Error, Float, Result};

/// One fold of a cross-validation: the indices of its training samples and
/// of its test samples, each in increasing order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    /// The samples to train on.
    pub train: Vec<usize>,
    /// The samples to test on.
    pub test: Vec<usize>,
}

/// `k` folds of consecutive samples, as scikit-learn's `KFold(n_splits=k)`:
/// the first `n mod k` folds hold `⌊n/k⌋ + 1` samples, the others `⌊n/k⌋`.
/// [`shuffled`](KFold::shuffled) deals the samples out in a seeded random
/// order first (this crate's generator: the same seed gives the same folds,
/// but not scikit-learn's, whose generator is NumPy's).
///
/// ```
/// use neuron::datasets::KFold;
///
/// let folds = KFold::new(3)?.split(7)?;
/// assert_eq!(folds[0].test, vec![0, 1, 2]);
/// assert_eq!(folds[0].train, vec![3, 4, 5, 6]);
/// assert_eq!(folds[2].test, vec![5, 6]);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KFold {
    n_splits: usize,
    seed: Option<u64>,
}

/// `k` folds that keep each class's share of the samples, as scikit-learn's
/// `StratifiedKFold(n_splits=k)`: the samples of each class (in the order of
/// their first appearance) are dealt out to the folds so that every fold gets
/// about `1/k` of each class. [`shuffled`](StratifiedKFold::shuffled)
/// shuffles which sample of a class goes to which fold (this crate's
/// generator, not NumPy's).
///
/// ```
/// use neuron::datasets::StratifiedKFold;
/// use neuron::ndarray::array;
///
/// let labels = array![0.0, 0.0, 0.0, 0.0, 1.0, 1.0];
/// let folds = StratifiedKFold::new(2)?.split(&labels)?;
/// assert_eq!(folds[0].test, vec![0, 1, 4]);
/// assert_eq!(folds[1].test, vec![2, 3, 5]);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StratifiedKFold {
    n_splits: usize,
    seed: Option<u64>,
}

/// At least two folds.
fn check_splits(n_splits: usize) -> Result<()> {
    if n_splits < 2 {
        return Err(Error::InvalidSetting {
            name: "n_splits",
            value: n_splits as f64,
            requirement: "at least 2 folds",
        });
    }
    Ok(())
}

/// At least one sample per fold.
fn check_samples(n_splits: usize, n_samples: usize) -> Result<()> {
    if n_samples < n_splits {
        return Err(Error::InvalidSetting {
            name: "n_splits",
            value: n_splits as f64,
            requirement: "at most the number of samples",
        });
    }
    Ok(())
}

/// The folds from each sample's fold number.
///
/// # Errors
/// [`Error::Allocation`] when the folds' indices do not fit in memory.
fn folds_of(fold_of: &[usize], n_splits: usize) -> Result<Vec<Fold>> {
    let mut folds = room_for("the folds", 1, n_splits)?;
    for k in 0..n_splits {
        let n_test = fold_of.iter().filter(|&&f| f == k).count();
        let mut test = room_for("a fold's test indices", 1, n_test)?;
        let mut train = room_for("a fold's training indices", 1, fold_of.len() - n_test)?;
        for (i, &f) in fold_of.iter().enumerate() {
            if f == k {
                test.push(i);
            } else {
                train.push(i);
            }
        }
        folds.push(Fold { train, test });
    }
    Ok(folds)
}

impl KFold {
    /// `n_splits` folds of consecutive samples.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for fewer than 2 folds.
    pub fn new(n_splits: usize) -> Result<Self> {
        check_splits(n_splits)?;
        Ok(KFold {
            n_splits,
            seed: None,
        })
    }

    /// The same folds drawn from the samples in an order shuffled by `seed`.
    #[must_use]
    pub fn shuffled(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// The folds of `n_samples` samples.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for fewer samples than folds;
    /// [`Error::Allocation`] when the folds of `n_samples` do not fit in memory.
    pub fn split(&self, n_samples: usize) -> Result<Vec<Fold>> {
        check_samples(self.n_splits, n_samples)?;
        let mut order = room_for("the samples' order", 1, n_samples)?;
        order.extend(0..n_samples);
        if let Some(seed) = self.seed {
            order.shuffle(&mut StdRng::seed_from_u64(seed));
        }
        let (size, larger) = (n_samples / self.n_splits, n_samples % self.n_splits);
        let mut fold_of = room_for("the samples' folds", 1, n_samples)?;
        fold_of.resize(n_samples, 0);
        let mut start = 0;
        for k in 0..self.n_splits {
            let end = start + size + usize::from(k < larger);
            for &i in order.get(start..end).unwrap_or_default() {
                if let Some(slot) = fold_of.get_mut(i) {
                    *slot = k;
                }
            }
            start = end;
        }
        folds_of(&fold_of, self.n_splits)
    }
}

impl StratifiedKFold {
    /// `n_splits` folds that keep the classes' shares.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for fewer than 2 folds.
    pub fn new(n_splits: usize) -> Result<Self> {
        check_splits(n_splits)?;
        Ok(StratifiedKFold {
            n_splits,
            seed: None,
        })
    }

    /// The same shares, with the samples of each class dealt out to the
    /// folds in an order shuffled by `seed`.
    #[must_use]
    pub fn shuffled(mut self, seed: u64) -> Self {
        self.seed = Some(seed);
        self
    }

    /// The folds of samples whose classes are `labels` (any numbers; each
    /// distinct value is a class).
    ///
    /// # Errors
    /// - [`Error::InvalidLabel`] for a NaN label;
    /// - [`Error::InvalidSetting`] for fewer samples than folds, or when
    ///   every class has fewer samples than folds (as scikit-learn refuses).
    pub fn split<F: Float, S: Data<Elem = F>>(
        &self,
        labels: &ArrayBase<S, Ix1>,
    ) -> Result<Vec<Fold>> {
        let k = self.n_splits;
        check_samples(k, labels.len())?;
        // Classes numbered by their first appearance, as scikit-learn encodes them.
        let mut classes: Vec<F> = Vec::new();
        let mut class_of = Vec::with_capacity(labels.len());
        for (index, &label) in labels.iter().enumerate() {
            if label.is_nan() {
                return Err(Error::InvalidLabel {
                    index,
                    value: f64::NAN,
                    n_classes: classes.len(),
                });
            }
            let class = match classes.iter().position(|&c| c == label) {
                Some(class) => class,
                None => {
                    classes.push(label);
                    classes.len() - 1
                }
            };
            class_of.push(class);
        }
        let mut counts = vec![0usize; classes.len()];
        for &c in &class_of {
            if let Some(count) = counts.get_mut(c) {
                *count += 1;
            }
        }
        if counts.iter().all(|&count| count < k) {
            return Err(Error::InvalidSetting {
                name: "n_splits",
                value: k as f64,
                requirement: "at most the number of samples of some class",
            });
        }
        // scikit-learn's allocation: the samples sorted by class, then dealt
        // to the folds in turn; fold f gets the classes of positions f, f + k, ….
        let mut sorted = class_of.clone();
        sorted.sort_unstable();
        let mut allocation = vec![vec![0usize; classes.len()]; k];
        for (position, &c) in sorted.iter().enumerate() {
            if let Some(slot) = allocation.get_mut(position % k).and_then(|a| a.get_mut(c)) {
                *slot += 1;
            }
        }
        let mut rng = self.seed.map(StdRng::seed_from_u64);
        let mut fold_of = vec![0; labels.len()];
        for c in 0..classes.len() {
            // Fold numbers in order, each as often as it takes this class.
            let mut folds: Vec<usize> = (0..k)
                .flat_map(|f| {
                    let times = allocation
                        .get(f)
                        .and_then(|a| a.get(c))
                        .copied()
                        .unwrap_or(0);
                    std::iter::repeat_n(f, times)
                })
                .collect();
            if let Some(rng) = rng.as_mut() {
                folds.shuffle(rng);
            }
            let members = class_of.iter().enumerate().filter(|&(_, &of)| of == c);
            for ((i, _), f) in members.zip(folds) {
                if let Some(slot) = fold_of.get_mut(i) {
                    *slot = f;
                }
            }
        }
        folds_of(&fold_of, k)
    }
}
