//! A data set: the inputs `X`, one target per sample, and the names of the
//! features and classes.

use ndarray::{Array1, Array2, Axis};

use crate::{Error, Float, Result};

/// Inputs and targets of a supervised learning problem, with their names.
///
/// # Shapes
/// - `inputs`: `(n_samples, n_features)`, one row per sample
/// - `targets`: `(n_samples,)`, one target per sample (a class `0`, `1`, …, or a number)
///
/// ```
/// use neuron::datasets::Dataset;
/// use neuron::ndarray::array;
///
/// let data = Dataset::new(array![[0.0, 1.0], [1.0, 1.0]], array![0.0, 1.0])?
///     .with_feature_names(["first", "second"])?;
/// assert_eq!(data.n_samples(), 2);
/// assert_eq!(data.feature_names(), ["first", "second"]);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset<F> {
    // Open to the rest of `datasets`, whose toy problems build theirs whole.
    pub(super) inputs: Array2<F>,
    pub(super) targets: Array1<F>,
    pub(super) feature_names: Vec<String>,
    pub(super) target_names: Vec<String>,
}

impl<F: Float> Dataset<F> {
    /// A data set of these inputs and targets, with features named `x0`, `x1`, …
    /// and no class names.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_features)`
    /// - `targets`: `(n_samples,)`
    ///
    /// # Errors
    /// [`Error::RowMismatch`] when `inputs` has a different number of rows than
    /// `targets` has values.
    ///
    /// ```
    /// use neuron::datasets::Dataset;
    /// use neuron::ndarray::array;
    ///
    /// let data = Dataset::new(array![[0.5, 0.3, 0.2]], array![1.0])?;
    /// assert_eq!(data.feature_names(), ["x0", "x1", "x2"]);
    ///
    /// let err = Dataset::new(array![[0.5, 0.3, 0.2]], array![1.0, 0.0]).unwrap_err();
    /// assert_eq!(err.to_string(), "inputs have 1 rows, but targets have 2");
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn new(inputs: Array2<F>, targets: Array1<F>) -> Result<Self> {
        if inputs.nrows() != targets.len() {
            return Err(Error::RowMismatch {
                inputs: inputs.nrows(),
                targets: targets.len(),
            });
        }
        let feature_names = (0..inputs.ncols()).map(|j| format!("x{j}")).collect();
        Ok(Dataset {
            inputs,
            targets,
            feature_names,
            target_names: Vec::new(),
        })
    }

    /// The same data set with these feature names, one per column of the inputs.
    ///
    /// # Errors
    /// [`Error::LengthMismatch`] when the number of names differs from `n_features`.
    ///
    /// ```
    /// use neuron::datasets::Dataset;
    /// use neuron::ndarray::array;
    ///
    /// let data = Dataset::new(array![[0.5, 0.3]], array![1.0])?;
    /// let err = data.with_feature_names(["radius"]).unwrap_err();
    /// assert_eq!(err.to_string(), "feature names (names, columns): lengths differ, 1 and 2");
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn with_feature_names<I>(mut self, names: I) -> Result<Self>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        if names.len() != self.n_features() {
            return Err(Error::LengthMismatch {
                what: "feature names (names, columns)",
                left: names.len(),
                right: self.n_features(),
            });
        }
        self.feature_names = names;
        Ok(self)
    }

    /// The same data set with these class names: `names[k]` names target value `k`.
    ///
    /// ```
    /// use neuron::datasets::Dataset;
    /// use neuron::ndarray::array;
    ///
    /// let data = Dataset::new(array![[0.5], [0.9]], array![0.0, 1.0])?
    ///     .with_target_names(["small", "large"]);
    /// assert_eq!(data.target_names(), ["small", "large"]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn with_target_names<I>(mut self, names: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.target_names = names.into_iter().map(Into::into).collect();
        self
    }

    /// The inputs `X`, one row per sample.
    ///
    /// # Shapes
    /// - returns: `(n_samples, n_features)`
    ///
    /// ```
    /// use neuron::datasets::and_gate;
    /// use neuron::ndarray::array;
    ///
    /// assert_eq!(and_gate::<f64>().inputs().row(3), array![1.0, 1.0]);
    /// ```
    pub fn inputs(&self) -> &Array2<F> {
        &self.inputs
    }

    /// The targets `y`, one per sample.
    ///
    /// # Shapes
    /// - returns: `(n_samples,)`
    ///
    /// ```
    /// use neuron::datasets::and_gate;
    /// use neuron::ndarray::array;
    ///
    /// assert_eq!(and_gate::<f64>().targets(), &array![0.0, 0.0, 0.0, 1.0]);
    /// ```
    pub fn targets(&self) -> &Array1<F> {
        &self.targets
    }

    /// The name of each feature (column of the inputs).
    ///
    /// ```
    /// use neuron::datasets::breast_cancer;
    ///
    /// assert_eq!(breast_cancer::<f64>().feature_names()[0], "mean radius");
    /// ```
    pub fn feature_names(&self) -> &[String] {
        &self.feature_names
    }

    /// The name of each class, in the order of the target values `0`, `1`, …;
    /// empty when none were given.
    ///
    /// ```
    /// use neuron::datasets::breast_cancer;
    ///
    /// assert_eq!(breast_cancer::<f64>().target_names(), ["malignant", "benign"]);
    /// ```
    pub fn target_names(&self) -> &[String] {
        &self.target_names
    }

    /// The number of samples (rows).
    ///
    /// ```
    /// use neuron::datasets::or_gate;
    ///
    /// assert_eq!(or_gate::<f32>().n_samples(), 4);
    /// ```
    pub fn n_samples(&self) -> usize {
        self.inputs.nrows()
    }

    /// The number of features (columns of the inputs).
    ///
    /// ```
    /// use neuron::datasets::breast_cancer;
    ///
    /// assert_eq!(breast_cancer::<f32>().n_features(), 30);
    /// ```
    pub fn n_features(&self) -> usize {
        self.inputs.ncols()
    }

    /// The inputs and targets, without the names.
    ///
    /// # Shapes
    /// - returns: `(n_samples, n_features)` and `(n_samples,)`
    ///
    /// ```
    /// use neuron::datasets::or_gate;
    /// use neuron::ndarray::array;
    ///
    /// let (x, y) = or_gate::<f64>().into_parts();
    /// assert_eq!(x.dim(), (4, 2));
    /// assert_eq!(y, array![0.0, 1.0, 1.0, 1.0]);
    /// ```
    pub fn into_parts(self) -> (Array2<F>, Array1<F>) {
        (self.inputs, self.targets)
    }

    /// The samples at `indices`, in that order, with the same names: a fold's
    /// training or test set (see [`KFold`](super::KFold)).
    ///
    /// ```
    /// use neuron::datasets::{KFold, iris};
    ///
    /// let data = iris::<f64>();
    /// for fold in KFold::new(5)?.shuffled(0).split(data.n_samples())? {
    ///     let (train, test) = (data.select(&fold.train)?, data.select(&fold.test)?);
    ///     assert_eq!((train.n_samples(), test.n_samples()), (120, 30));
    /// }
    /// # Ok::<(), neuron::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] naming the first index that is not below
    /// [`n_samples`](Dataset::n_samples).
    pub fn select(&self, indices: &[usize]) -> Result<Self> {
        if let Some(&index) = indices.iter().find(|&&i| i >= self.n_samples()) {
            return Err(Error::InvalidSetting {
                name: "indices",
                value: index as f64,
                requirement: "below the number of samples",
            });
        }
        Ok(self.select_rows(indices))
    }

    /// The rows at `indices`, in that order, with the same names.
    ///
    /// Every index must be below `n_samples` (callers inside the crate ensure it).
    pub(super) fn select_rows(&self, indices: &[usize]) -> Self {
        Dataset {
            inputs: self.inputs.select(Axis(0), indices),
            targets: self.targets.select(Axis(0), indices),
            feature_names: self.feature_names.clone(),
            target_names: self.target_names.clone(),
        }
    }
}
