//! Per-class precision, recall and F1 with their averages: scikit-learn's
//! `classification_report`.

use std::fmt;

use ndarray::Array1;

use super::ClassConfusion;
use crate::Result;

/// Precision, recall and F1 averaged over the classes, as one line of a
/// [`ClassificationReport`].
///
/// ```
/// use neuron::metrics::multiclass::classification_report;
/// use neuron::ndarray::array;
///
/// let report = classification_report(&array![0, 1, 1, 1], &array![0, 0, 1, 1], 2)?;
/// let avg = report.macro_avg(); // precision: (1/2 + 1) / 2
/// assert_eq!((avg.precision(), avg.recall()), (0.75, (1.0 + 2.0 / 3.0) / 2.0));
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Averages {
    precision: f64,
    recall: f64,
    f1: f64,
}

impl Averages {
    /// The averaged precision.
    ///
    /// ```
    /// use neuron::metrics::multiclass::classification_report;
    /// use neuron::ndarray::array;
    ///
    /// let report = classification_report(&array![0, 1], &array![0, 0], 2)?;
    /// assert_eq!(report.macro_avg().precision(), 0.25); // (1/2 + 0) / 2
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn precision(&self) -> f64 {
        self.precision
    }

    /// The averaged recall.
    ///
    /// ```
    /// use neuron::metrics::multiclass::classification_report;
    /// use neuron::ndarray::array;
    ///
    /// let report = classification_report(&array![0, 1], &array![0, 0], 2)?;
    /// assert_eq!(report.macro_avg().recall(), 0.5); // (1 + 0) / 2
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn recall(&self) -> f64 {
        self.recall
    }

    /// The averaged F1 (the average of the per-class F1s, not the F1 of the averages).
    ///
    /// ```
    /// use neuron::metrics::multiclass::classification_report;
    /// use neuron::ndarray::array;
    ///
    /// let report = classification_report(&array![0, 1], &array![0, 0], 2)?;
    /// assert_eq!(report.macro_avg().f1(), 1.0 / 3.0); // (2/3 + 0) / 2
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn f1(&self) -> f64 {
        self.f1
    }
}

/// Per-class precision, recall, F1 and support, the accuracy, and the macro and
/// weighted averages: the numbers of scikit-learn's
/// `classification_report(y_true, y_pred, labels=range(k))`, with its text as
/// [`Display`](fmt::Display).
///
/// - macro average: the plain mean over the `k` classes, counting classes with no
///   samples (whose scores are `0.0`) as scikit-learn does;
/// - weighted average: the mean weighted by each class's support (its number of
///   samples), so classes with no samples drop out.
///
/// A `0 / 0` precision, recall or F1 is `0.0`, as scikit-learn's default
/// `zero_division="warn"` gives (see [`ClassConfusion`]).
///
/// The text has two decimals unless the format asks for more, as `{:.4}` does
/// (scikit-learn's `digits=4`), and no final newline.
///
/// ```
/// use neuron::metrics::multiclass::classification_report;
/// use neuron::ndarray::array;
///
/// let report = classification_report(&array![0, 1, 2, 2], &array![0, 2, 2, 2], 3)?
///     .with_names(&["setosa", "versicolor", "virginica"])?;
/// assert_eq!(report.precision(), array![1.0, 0.0, 2.0 / 3.0]);
/// assert_eq!(report.accuracy(), 0.75);
/// let text = "\
/// \x20             precision    recall  f1-score   support
///
/// \x20     setosa       1.00      1.00      1.00         1
/// \x20 versicolor       0.00      0.00      0.00         1
/// \x20  virginica       0.67      1.00      0.80         2
///
/// \x20   accuracy                           0.75         4
/// \x20  macro avg       0.56      0.67      0.60         4
/// weighted avg       0.58      0.75      0.65         4";
/// assert_eq!(report.to_string(), text);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ClassificationReport {
    confusion: ClassConfusion,
    precision: Array1<f64>,
    recall: Array1<f64>,
    f1: Array1<f64>,
    support: Array1<usize>,
    macro_avg: Averages,
    weighted_avg: Averages,
}

impl ClassificationReport {
    /// The report of a confusion matrix.
    pub(crate) fn new(confusion: ClassConfusion) -> Self {
        let precision = confusion.precision();
        let recall = confusion.recall();
        let f1 = confusion.f1();
        let support = confusion.support();
        let macro_avg = Averages {
            precision: mean(&precision),
            recall: mean(&recall),
            f1: mean(&f1),
        };
        let weighted_avg = Averages {
            precision: weighted_mean(&precision, &support),
            recall: weighted_mean(&recall, &support),
            f1: weighted_mean(&f1, &support),
        };
        Self {
            confusion,
            precision,
            recall,
            f1,
            support,
            macro_avg,
            weighted_avg,
        }
    }

    /// Names the classes, in order, for the text; as [`ClassConfusion::with_names`].
    ///
    /// # Errors
    /// [`Error::LengthMismatch`](crate::Error::LengthMismatch) when there are not
    /// `n_classes` names.
    ///
    /// ```
    /// use neuron::metrics::multiclass::classification_report;
    /// use neuron::ndarray::array;
    ///
    /// let report = classification_report(&array![0, 1], &array![0, 1], 2)?
    ///     .with_names(&["no", "yes"])?;
    /// assert_eq!(report.names(), ["no", "yes"]);
    /// assert!(report.with_names(&["a", "b", "c"]).is_err());
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn with_names<N: AsRef<str>>(mut self, names: &[N]) -> Result<Self> {
        self.confusion = self.confusion.with_names(names)?;
        Ok(self)
    }

    /// The class names: `"0"`, `"1"`, … unless named.
    ///
    /// ```
    /// use neuron::metrics::multiclass::classification_report;
    /// use neuron::ndarray::array;
    ///
    /// let report = classification_report(&array![0, 1], &array![0, 1], 2)?;
    /// assert_eq!(report.names(), ["0", "1"]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn names(&self) -> &[String] {
        self.confusion.names()
    }

    /// The confusion matrix the report was read off.
    ///
    /// ```
    /// use neuron::metrics::multiclass::classification_report;
    /// use neuron::ndarray::array;
    ///
    /// let report = classification_report(&array![0, 1, 1], &array![0, 0, 1], 2)?;
    /// assert_eq!(report.confusion().to_array(), array![[1, 0], [1, 1]]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn confusion(&self) -> &ClassConfusion {
        &self.confusion
    }

    /// The number of classes `k`.
    ///
    /// ```
    /// use neuron::metrics::multiclass::classification_report;
    /// use neuron::ndarray::array;
    ///
    /// assert_eq!(classification_report(&array![0, 1], &array![0, 1], 5)?.n_classes(), 5);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn n_classes(&self) -> usize {
        self.confusion.n_classes()
    }

    /// Per-class precision, as [`ClassConfusion::precision`].
    ///
    /// # Shapes
    /// - returns: `(n_classes,)`
    ///
    /// ```
    /// use neuron::metrics::multiclass::classification_report;
    /// use neuron::ndarray::array;
    ///
    /// let report = classification_report(&array![0, 1, 1], &array![0, 0, 1], 3)?;
    /// assert_eq!(report.precision(), array![0.5, 1.0, 0.0]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn precision(&self) -> &Array1<f64> {
        &self.precision
    }

    /// Per-class recall, as [`ClassConfusion::recall`].
    ///
    /// # Shapes
    /// - returns: `(n_classes,)`
    ///
    /// ```
    /// use neuron::metrics::multiclass::classification_report;
    /// use neuron::ndarray::array;
    ///
    /// let report = classification_report(&array![0, 1, 1], &array![0, 0, 1], 3)?;
    /// assert_eq!(report.recall(), array![1.0, 0.5, 0.0]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn recall(&self) -> &Array1<f64> {
        &self.recall
    }

    /// Per-class F1, as [`ClassConfusion::f1`].
    ///
    /// # Shapes
    /// - returns: `(n_classes,)`
    ///
    /// ```
    /// use neuron::metrics::multiclass::classification_report;
    /// use neuron::ndarray::array;
    ///
    /// let report = classification_report(&array![0, 1, 1], &array![0, 0, 1], 3)?;
    /// assert_eq!(report.f1(), array![2.0 / 3.0, 2.0 / 3.0, 0.0]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn f1(&self) -> &Array1<f64> {
        &self.f1
    }

    /// The number of samples of each class, as [`ClassConfusion::support`].
    ///
    /// # Shapes
    /// - returns: `(n_classes,)`
    ///
    /// ```
    /// use neuron::metrics::multiclass::classification_report;
    /// use neuron::ndarray::array;
    ///
    /// let report = classification_report(&array![0, 1, 1], &array![0, 0, 1], 3)?;
    /// assert_eq!(report.support(), array![1, 2, 0]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn support(&self) -> &Array1<usize> {
        &self.support
    }

    /// The fraction of samples predicted right.
    ///
    /// ```
    /// use neuron::metrics::multiclass::classification_report;
    /// use neuron::ndarray::array;
    ///
    /// let report = classification_report(&array![0, 1, 1, 2], &array![0, 0, 1, 2], 3)?;
    /// assert_eq!(report.accuracy(), 0.75);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn accuracy(&self) -> f64 {
        self.confusion.accuracy()
    }

    /// The unweighted mean of each score over all `k` classes (scikit-learn's
    /// `average="macro"`); a class with no samples counts, with its `0.0`s.
    ///
    /// ```
    /// use neuron::metrics::multiclass::classification_report;
    /// use neuron::ndarray::array;
    ///
    /// // recall per class: 1, 1/2 and 0 for class 2, which has no samples
    /// let report = classification_report(&array![0, 1, 1], &array![0, 0, 1], 3)?;
    /// assert_eq!(report.macro_avg().recall(), 0.5);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn macro_avg(&self) -> Averages {
        self.macro_avg
    }

    /// The mean of each score weighted by the classes' support (scikit-learn's
    /// `average="weighted"`).
    ///
    /// ```
    /// use neuron::metrics::multiclass::classification_report;
    /// use neuron::ndarray::array;
    ///
    /// // recall per class: 1 (1 sample) and 1/2 (2 samples) → (1·1 + 2·½) / 3
    /// let report = classification_report(&array![0, 1, 1], &array![0, 0, 1], 3)?;
    /// assert_eq!(report.weighted_avg().recall(), 2.0 / 3.0);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn weighted_avg(&self) -> Averages {
        self.weighted_avg
    }
}

impl fmt::Display for ClassificationReport {
    /// scikit-learn's `classification_report` text, `digits` the format's precision
    /// (2 unless given), without the final newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = f.precision().unwrap_or(2);
        let names = self.confusion.names();
        let w = names
            .iter()
            .map(|n| n.chars().count())
            .fold("weighted avg".len().max(d), usize::max);
        let n = self.confusion.n_samples();
        write!(
            f,
            "{:>w$}  {:>9} {:>9} {:>9} {:>9}\n\n",
            "", "precision", "recall", "f1-score", "support"
        )?;
        let rows = names
            .iter()
            .zip(&self.precision)
            .zip(&self.recall)
            .zip(&self.f1)
            .zip(&self.support);
        for ((((name, p), r), f1), s) in rows {
            writeln!(f, "{name:>w$}  {p:>9.d$} {r:>9.d$} {f1:>9.d$} {s:>9}")?;
        }
        writeln!(
            f,
            "\n{:>w$}  {:>9} {:>9} {:>9.d$} {n:>9}",
            "accuracy",
            "",
            "",
            self.accuracy()
        )?;
        let average = |f: &mut fmt::Formatter<'_>, heading: &str, a: Averages| {
            let Averages {
                precision: p,
                recall: r,
                f1,
            } = a;
            write!(f, "{heading:>w$}  {p:>9.d$} {r:>9.d$} {f1:>9.d$} {n:>9}")
        };
        average(f, "macro avg", self.macro_avg)?;
        writeln!(f)?;
        average(f, "weighted avg", self.weighted_avg)
    }
}

/// The plain mean, `0` of nothing.
fn mean(values: &Array1<f64>) -> f64 {
    if values.is_empty() {
        0.0
    } else {
        values.sum() / values.len() as f64
    }
}

/// `Σ vᵢ·sᵢ / Σ sᵢ`, as NumPy's `average(values, weights=support)`; the plain mean
/// when the weights sum to 0, as scikit-learn falls back to.
fn weighted_mean(values: &Array1<f64>, support: &Array1<usize>) -> f64 {
    let total: usize = support.sum();
    if total == 0 {
        return mean(values);
    }
    let sum: f64 = values
        .iter()
        .zip(support)
        .map(|(&v, &s)| v * s as f64)
        .sum();
    sum / total as f64
}

impl ClassConfusion {
    /// Precision, recall, F1 and support per class, with accuracy and macro and
    /// weighted averages: scikit-learn's `classification_report`.
    ///
    /// ```
    /// use neuron::metrics::multiclass::confusion_matrix;
    /// use neuron::ndarray::array;
    ///
    /// let report = confusion_matrix(&array![0, 1, 1], &array![0, 0, 1], 2)?.report();
    /// assert_eq!(report.recall(), array![1.0, 0.5]);
    /// assert_eq!(report.macro_avg().recall(), 0.75);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn report(&self) -> ClassificationReport {
        ClassificationReport::new(self.clone())
    }
}
