//! The k × k confusion matrix and the per-class scores read off it.

use std::fmt;

use ndarray::{Array1, Array2, Axis};

use crate::metrics::ratio;
use crate::{Error, Result};

/// How often each true class was predicted as each class: row `i`, column `j`
/// counts the samples of class `i` predicted as `j`, as scikit-learn's
/// `confusion_matrix(y_true, y_pred, labels=range(k))`. Correct predictions lie
/// on the diagonal.
///
/// Per class `c`, with `TP = count(c, c)`, the column sum `predicted_counts()[c]`
/// and the row sum `support()[c]`:
///
/// ```text
/// precision = TP / column sum     recall = TP / row sum
/// F1 = 2·TP / (row sum + column sum)
/// ```
///
/// A class that is never predicted has precision `0 / 0`, one with no samples
/// recall `0 / 0`, and one that is neither has F1 `0 / 0`; each is reported as
/// `0.0`, as scikit-learn's default `zero_division="warn"` does (without the warning).
///
/// Classes are called `0, 1, …` until [`with_names`](Self::with_names) names them;
/// two matrices are equal when their counts and names are.
///
/// ```
/// use neuron::metrics::multiclass::confusion_matrix;
/// use neuron::ndarray::array;
///
/// let cm = confusion_matrix(&array![0, 1, 2, 2], &array![0, 2, 2, 1], 3)?;
/// assert_eq!(cm.to_array(), array![[1, 0, 0], [0, 0, 1], [0, 1, 1]]);
/// assert_eq!(
///     cm.to_string(),
///     "true \\ predicted  0  1  2\n\
///      \x20              0  1  0  0\n\
///      \x20              1  0  0  1\n\
///      \x20              2  0  1  1"
/// );
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassConfusion {
    /// `(n_classes, n_classes)`, rows the true class.
    counts: Array2<usize>,
    /// One per class.
    names: Vec<String>,
}

impl ClassConfusion {
    /// Counts pairs of checked class indices (each `< n_classes`, `n_classes ≥ 1`).
    ///
    /// # Errors
    /// [`Error::Allocation`](crate::Error::Allocation) when the
    /// `n_classes × n_classes` matrix cannot be had.
    pub(crate) fn count_classes(
        true_classes: &[usize],
        predicted: &[usize],
        n_classes: usize,
    ) -> crate::Result<Self> {
        let mut counts: Array2<usize> =
            crate::alloc::zeros("a confusion matrix", n_classes, n_classes)?;
        for (&t, &p) in true_classes.iter().zip(predicted) {
            if let Some(c) = counts.get_mut((t, p)) {
                *c += 1;
            }
        }
        Ok(Self {
            counts,
            names: (0..n_classes).map(|c| c.to_string()).collect(),
        })
    }

    /// Names the classes, in order, for [`Display`](fmt::Display) and
    /// [`report`](Self::report); e.g. a data set's
    /// [`target_names`](crate::datasets::Dataset::target_names).
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when there are not `n_classes` names.
    ///
    /// ```
    /// use neuron::metrics::multiclass::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// let cm = confusion_matrix(&array![0, 1, 1], &array![0, 1, 0], 2)?
    ///     .with_names(&["cat", "dog"])?;
    /// assert_eq!(cm.names(), ["cat", "dog"]);
    /// assert_eq!(
    ///     cm.to_string(),
    ///     "true \\ predicted  cat  dog\n\
    ///      \x20            cat    1    0\n\
    ///      \x20            dog    1    1"
    /// );
    ///
    /// let err = cm.with_names(&["cat"]).unwrap_err();
    /// assert_eq!(err.to_string(), "with_names (names, classes): lengths differ, 1 and 2");
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn with_names<N: AsRef<str>>(mut self, names: &[N]) -> Result<Self> {
        if names.len() != self.n_classes() {
            return Err(Error::LengthMismatch {
                what: "with_names (names, classes)",
                left: names.len(),
                right: self.n_classes(),
            });
        }
        self.names = names.iter().map(|n| n.as_ref().to_owned()).collect();
        Ok(self)
    }

    /// The class names: `"0"`, `"1"`, … unless [`with_names`](Self::with_names) set others.
    ///
    /// ```
    /// use neuron::metrics::multiclass::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// assert_eq!(confusion_matrix(&array![0, 1], &array![0, 0], 3)?.names(), ["0", "1", "2"]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The number of classes `k`.
    ///
    /// ```
    /// use neuron::metrics::multiclass::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// assert_eq!(confusion_matrix(&array![0, 1], &array![0, 0], 3)?.n_classes(), 3);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn n_classes(&self) -> usize {
        self.counts.nrows()
    }

    /// The number of samples counted: the sum of all counts.
    ///
    /// ```
    /// use neuron::metrics::multiclass::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// assert_eq!(confusion_matrix(&array![0, 1], &array![0, 0], 3)?.n_samples(), 2);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn n_samples(&self) -> usize {
        self.counts.sum()
    }

    /// The samples of class `true_class` predicted as `predicted`; `0` when either
    /// is not below [`n_classes`](Self::n_classes).
    ///
    /// ```
    /// use neuron::metrics::multiclass::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// let cm = confusion_matrix(&array![2, 2, 2], &array![2, 0, 2], 3)?;
    /// assert_eq!((cm.count(2, 2), cm.count(2, 0), cm.count(0, 2)), (2, 1, 0));
    /// assert_eq!(cm.count(7, 0), 0);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn count(&self, true_class: usize, predicted: usize) -> usize {
        self.counts
            .get((true_class, predicted))
            .copied()
            .unwrap_or(0)
    }

    /// The counts, rows the true class and columns the predicted class.
    ///
    /// # Shapes
    /// - returns: `(n_classes, n_classes)`
    ///
    /// ```
    /// use neuron::metrics::multiclass::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// let cm = confusion_matrix(&array![0.0, 1.0, 1.0], &array![1_usize, 1, 0], 2)?;
    /// assert_eq!(cm.to_array(), array![[0, 1], [1, 1]]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn to_array(&self) -> Array2<usize> {
        self.counts.clone()
    }

    /// How many samples each class has (the row sums): scikit-learn's `support`.
    ///
    /// # Shapes
    /// - returns: `(n_classes,)`
    ///
    /// ```
    /// use neuron::metrics::multiclass::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// let cm = confusion_matrix(&array![0, 2, 2], &array![1, 1, 2], 3)?;
    /// assert_eq!(cm.support(), array![1, 0, 2]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn support(&self) -> Array1<usize> {
        self.counts.sum_axis(Axis(1))
    }

    /// How many samples were predicted as each class (the column sums).
    ///
    /// # Shapes
    /// - returns: `(n_classes,)`
    ///
    /// ```
    /// use neuron::metrics::multiclass::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// let cm = confusion_matrix(&array![0, 2, 2], &array![1, 1, 2], 3)?;
    /// assert_eq!(cm.predicted_counts(), array![0, 2, 1]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn predicted_counts(&self) -> Array1<usize> {
        self.counts.sum_axis(Axis(0))
    }

    /// The fraction of samples on the diagonal: `Σ count(c, c) / n_samples`.
    ///
    /// ```
    /// use neuron::metrics::multiclass::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// let cm = confusion_matrix(&array![0, 1, 2, 2], &array![0, 2, 2, 1], 3)?;
    /// assert_eq!(cm.accuracy(), 0.5);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn accuracy(&self) -> f64 {
        ratio(self.counts.diag().sum(), self.n_samples())
    }

    /// Per class, of the samples predicted as it, the fraction that are: `TP / column sum`,
    /// `0.0` for a class never predicted (scikit-learn's `precision_score(…, average=None)`).
    ///
    /// # Shapes
    /// - returns: `(n_classes,)`
    ///
    /// ```
    /// use neuron::metrics::multiclass::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// // class 0: 1 of 2 predictions right; class 1: never predicted (0 / 0 → 0)
    /// let cm = confusion_matrix(&array![0, 1, 1], &array![0, 0, 2], 3)?;
    /// assert_eq!(cm.precision(), array![0.5, 0.0, 0.0]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn precision(&self) -> Array1<f64> {
        self.per_class(|tp, _, predicted| ratio(tp, predicted))
    }

    /// Per class, of its samples, the fraction predicted as it: `TP / row sum`, `0.0` for
    /// a class with no samples (scikit-learn's `recall_score(…, average=None)`).
    ///
    /// # Shapes
    /// - returns: `(n_classes,)`
    ///
    /// ```
    /// use neuron::metrics::multiclass::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// // class 1: 1 of 2 samples found; class 2: no samples (0 / 0 → 0)
    /// let cm = confusion_matrix(&array![0, 1, 1], &array![0, 0, 1], 3)?;
    /// assert_eq!(cm.recall(), array![1.0, 0.5, 0.0]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn recall(&self) -> Array1<f64> {
        self.per_class(|tp, support, _| ratio(tp, support))
    }

    /// Per class, the harmonic mean of precision and recall: `2·TP / (row sum + column sum)`,
    /// `0.0` for a class neither present nor predicted (scikit-learn's
    /// `f1_score(…, average=None)`).
    ///
    /// # Shapes
    /// - returns: `(n_classes,)`
    ///
    /// ```
    /// use neuron::metrics::multiclass::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// // class 0: precision 1/2, recall 1 → 2·1 / (1 + 2)
    /// let cm = confusion_matrix(&array![0, 1, 1], &array![0, 0, 1], 3)?;
    /// let f1 = cm.f1();
    /// assert_eq!(f1, array![2.0 / 3.0, 2.0 / 3.0, 0.0]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn f1(&self) -> Array1<f64> {
        self.per_class(|tp, support, predicted| ratio(2 * tp, support + predicted))
    }

    /// `score(TP, row sum, column sum)` for each class.
    fn per_class(&self, score: impl Fn(usize, usize, usize) -> f64) -> Array1<f64> {
        let support = self.support();
        let predicted = self.predicted_counts();
        self.counts
            .diag()
            .iter()
            .zip(support.iter().zip(&predicted))
            .map(|(&tp, (&s, &p))| score(tp, s, p))
            .collect()
    }
}

impl fmt::Display for ClassConfusion {
    /// The k × k table, headed `true \ predicted`, each row a true class and each
    /// column a predicted one, labelled with the class names; no final newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const CORNER: &str = "true \\ predicted";
        let first = self
            .names
            .iter()
            .map(|n| n.chars().count())
            .fold(CORNER.chars().count(), usize::max);
        let widths: Vec<usize> = self
            .counts
            .columns()
            .into_iter()
            .zip(&self.names)
            .map(|(column, name)| {
                column
                    .iter()
                    .map(|c| c.to_string().len())
                    .fold(name.chars().count(), usize::max)
            })
            .collect();
        write!(f, "{CORNER:>first$}")?;
        for (name, &w) in self.names.iter().zip(&widths) {
            write!(f, "  {name:>w$}")?;
        }
        for (row, name) in self.counts.rows().into_iter().zip(&self.names) {
            write!(f, "\n{name:>first$}")?;
            for (count, &w) in row.iter().zip(&widths) {
                write!(f, "  {count:>w$}")?;
            }
        }
        Ok(())
    }
}
