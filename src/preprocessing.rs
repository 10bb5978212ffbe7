//! Preprocessing: standardisation fitted on training data.

use ndarray::{Array1, Array2, ArrayBase, Axis, Data, Ix1, Ix2};

use crate::{Error, Float, Result};

/// Standardisation: each feature shifted by its mean and divided by its standard
/// deviation, `z = (x − μ) / σ`, as scikit-learn's `StandardScaler`.
///
/// A neuron's weighted sum `Σ xᵢwᵢ` is dominated by the features with the largest
/// numbers; after standardising, every feature has mean 0 and standard deviation 1
/// and counts alike. Fit it on the training set only and apply the same `μ` and
/// `σ` to the test set, so that nothing about the test set leaks into training.
///
/// `σ` is the population standard deviation (dividing by `n`, NumPy's `ddof=0`).
/// A feature that does not vary gets `σ = 1`, so that it becomes `0` rather than
/// `NaN`; like scikit-learn, "does not vary" allows for rounding error in the mean
/// (the variance is at most `(n · |μ| · ε)²`, `ε` the `f64` machine epsilon).
/// Means and variances are accumulated in `f64`, for `f32` data as well.
///
/// ```
/// use neuron::Standardizer;
/// use neuron::datasets::{breast_cancer, train_test_split};
/// use neuron::rand::{SeedableRng, rngs::StdRng};
///
/// let data = breast_cancer::<f64>();
/// let (train, test) = train_test_split(&data, 0.25, &mut StdRng::seed_from_u64(0))?;
/// let (scaler, train_x) = Standardizer::fit_transform(train.inputs())?; // μ, σ of the training set
/// let test_x = scaler.transform(test.inputs())?;                       // the same μ, σ
/// assert!(train_x.column(0).mean().unwrap().abs() < 1e-12);           // exactly centred
/// assert!(test_x.column(0).mean().unwrap().abs() < 0.2);              // nearly centred
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Standardizer<F> {
    mean: Array1<F>,
    scale: Array1<F>,
}

/// The mean and the standard deviation (population, as NumPy's `std`) of `n`
/// values, and whether they are constant by scikit-learn's rule
/// (`_is_constant_feature`: a variance within rounding error of 0).
///
/// Values up to 1e100 in size are summed as they are, which is NumPy's two-pass
/// formula; larger ones are first divided by the largest magnitude, so that no
/// sum overflows for any finite input.
fn column_statistics(values: impl Iterator<Item = f64> + Clone, n: f64) -> (f64, f64, bool) {
    let size = values.clone().fold(0.0_f64, |m, x| m.max(x.abs()));
    let unit = if size < 1e100 { 1.0 } else { size };
    let m = values.clone().map(|x| x / unit).sum::<f64>() / n;
    let var = values.map(|x| (x / unit - m).powi(2)).sum::<f64>() / n;
    let bound = n * f64::EPSILON * var + (n * m * f64::EPSILON).powi(2);
    (m * unit, var.sqrt() * unit, var <= bound)
}

impl<F: Float> Standardizer<F> {
    /// Learns each feature's mean `μ` and standard deviation `σ` from `inputs`.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_features)`, any memory layout
    ///
    /// # Errors
    /// - [`Error::Empty`] when `inputs` has no rows.
    /// - [`Error::NonFiniteInput`] naming the first value that is NaN or infinite.
    ///
    /// ```
    /// use neuron::Standardizer;
    /// use neuron::ndarray::array;
    ///
    /// let scaler = Standardizer::fit(&array![[1.0, 5.0], [3.0, 5.0]])?;
    /// assert_eq!(scaler.mean(), &array![2.0, 5.0]);
    /// assert_eq!(scaler.scale(), &array![1.0, 1.0]); // σ = 1, and 1 for the constant column
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn fit<S: Data<Elem = F>>(inputs: &ArrayBase<S, Ix2>) -> Result<Self> {
        if inputs.nrows() == 0 {
            return Err(Error::Empty { what: "inputs" });
        }
        check_finite(inputs)?;
        let n = inputs.nrows() as f64;
        let mut mean = Array1::zeros(inputs.ncols());
        let mut scale = Array1::zeros(inputs.ncols());
        for ((column, mu), sigma) in inputs
            .axis_iter(Axis(1))
            .zip(mean.iter_mut())
            .zip(scale.iter_mut())
        {
            let (m, sd, constant) = column_statistics(column.iter().map(|x| x.as_f64()), n);
            *mu = F::from_f64(m);
            *sigma = F::from_f64(if constant { 1.0 } else { sd });
        }
        Ok(Standardizer { mean, scale })
    }

    /// Standardises `inputs` with the fitted mean and scale: `z = (x − μ) / σ`.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_features)`, any memory layout
    /// - returns: `(n_samples, n_features)`
    ///
    /// # Errors
    /// - [`Error::ColumnMismatch`] when `inputs` has a different number of columns
    ///   than the data the standardizer was fitted on.
    /// - [`Error::NonFiniteInput`] naming the first value that is NaN or infinite.
    ///
    /// ```
    /// use neuron::Standardizer;
    /// use neuron::ndarray::array;
    ///
    /// let scaler = Standardizer::fit(&array![[1.0, 10.0], [3.0, 30.0]])?;
    /// assert_eq!(scaler.transform(&array![[2.0, 50.0]])?, array![[0.0, 3.0]]);
    ///
    /// let err = scaler.transform(&array![[2.0]]).unwrap_err();
    /// assert_eq!(err.to_string(), "input has 1 columns, but the standardizer was fitted on 2");
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn transform<S: Data<Elem = F>>(&self, inputs: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        self.check_width(inputs)?;
        check_finite(inputs)?;
        let mut z = inputs.to_owned();
        z -= &self.mean;
        z /= &self.scale;
        // x − μ overflows only for values near the largest float; x/σ − μ/σ
        // is the same number without the overflow.
        if z.iter().any(|v| !v.is_finite()) {
            let rows = inputs.rows().into_iter().zip(z.rows_mut());
            for (x, mut z) in rows {
                for (((z, &x), &mu), &sigma) in
                    z.iter_mut().zip(&x).zip(&self.mean).zip(&self.scale)
                {
                    if !z.is_finite() {
                        *z = x / sigma - mu / sigma;
                    }
                }
            }
        }
        Ok(z)
    }

    /// Fits on `inputs` and returns the standardizer with `inputs` standardised,
    /// as [`fit`](Self::fit) followed by [`transform`](Self::transform).
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_features)`, any memory layout
    /// - returns: the standardizer and `(n_samples, n_features)`
    ///
    /// # Errors
    /// As [`fit`](Self::fit).
    ///
    /// ```
    /// use neuron::Standardizer;
    /// use neuron::ndarray::array;
    ///
    /// let (scaler, z) = Standardizer::fit_transform(&array![[1.0_f32], [2.0], [3.0]])?;
    /// assert_eq!(scaler.mean()[0], 2.0);
    /// assert!((z[[2, 0]] - 1.2247449).abs() < 1e-6); // (3 − 2) / √(2/3)
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn fit_transform<S: Data<Elem = F>>(
        inputs: &ArrayBase<S, Ix2>,
    ) -> Result<(Self, Array2<F>)> {
        let scaler = Standardizer::fit(inputs)?;
        let z = scaler.transform(inputs)?;
        Ok((scaler, z))
    }

    /// Undoes the standardisation: `x = z · σ + μ`.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_features)`, standardised, any memory layout
    /// - returns: `(n_samples, n_features)`, in the original units
    ///
    /// # Errors
    /// As [`transform`](Self::transform).
    ///
    /// ```
    /// use neuron::Standardizer;
    /// use neuron::ndarray::array;
    ///
    /// let scaler = Standardizer::fit(&array![[1.0, 10.0], [3.0, 30.0]])?;
    /// assert_eq!(scaler.inverse_transform(&array![[0.0, 3.0]])?, array![[2.0, 50.0]]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn inverse_transform<S: Data<Elem = F>>(
        &self,
        inputs: &ArrayBase<S, Ix2>,
    ) -> Result<Array2<F>> {
        self.check_width(inputs)?;
        check_finite(inputs)?;
        let mut x = inputs.to_owned();
        x *= &self.scale;
        x += &self.mean;
        Ok(x)
    }

    /// The mean `μ` of each feature in the data it was fitted on.
    ///
    /// # Shapes
    /// - returns: `(n_features,)`
    ///
    /// ```
    /// use neuron::Standardizer;
    /// use neuron::ndarray::array;
    ///
    /// let scaler = Standardizer::fit(&array![[0.0, 1.0], [2.0, 5.0]])?;
    /// assert_eq!(scaler.mean(), &array![1.0, 3.0]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn mean(&self) -> &Array1<F> {
        &self.mean
    }

    /// The scale `σ` of each feature: its population standard deviation in the
    /// data it was fitted on, or `1` for a feature that did not vary.
    ///
    /// # Shapes
    /// - returns: `(n_features,)`
    ///
    /// ```
    /// use neuron::Standardizer;
    /// use neuron::ndarray::array;
    ///
    /// let scaler = Standardizer::fit(&array![[0.0, 1.0], [2.0, 1.0]])?;
    /// assert_eq!(scaler.scale(), &array![1.0, 1.0]);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn scale(&self) -> &Array1<F> {
        &self.scale
    }

    /// The number of features (columns) it was fitted on.
    ///
    /// ```
    /// use neuron::Standardizer;
    /// use neuron::ndarray::array;
    ///
    /// assert_eq!(Standardizer::fit(&array![[0.0, 1.0, 2.0]])?.n_features(), 3);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn n_features(&self) -> usize {
        self.mean.len()
    }

    /// Fits one column of values given as a vector, such as a regression
    /// target: [`fit`](Self::fit) on the `(n, 1)` matrix, without the
    /// `insert_axis` (use [`transform_column`](Self::transform_column) and
    /// [`inverse_transform_column`](Self::inverse_transform_column) with it).
    ///
    /// # Errors
    /// As [`fit`](Self::fit).
    ///
    /// ```
    /// use neuron::Standardizer;
    /// use neuron::ndarray::array;
    ///
    /// let prices = array![100.0_f64, 200.0, 300.0];
    /// let scaler = Standardizer::fit_column(&prices)?;
    /// let z = scaler.transform_column(&prices)?;
    /// assert!((z[2] - 1.224744871391589).abs() < 1e-15); // (300 − 200) / √(20000/3)
    /// let back = scaler.inverse_transform_column(&z)?;
    /// assert!(back.iter().zip(&prices).all(|(b, p)| (b - p).abs() < 1e-12));
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn fit_column<S: Data<Elem = F>>(values: &ArrayBase<S, Ix1>) -> Result<Self> {
        Standardizer::fit(&values.view().insert_axis(Axis(1)))
    }

    /// Standardises one column of values given as a vector (a scaler fitted
    /// on one feature).
    ///
    /// # Errors
    /// As [`transform`](Self::transform): [`Error::ColumnMismatch`] for a
    /// scaler of more than one feature.
    pub fn transform_column<S: Data<Elem = F>>(
        &self,
        values: &ArrayBase<S, Ix1>,
    ) -> Result<Array1<F>> {
        let z = self.transform(&values.view().insert_axis(Axis(1)))?;
        Ok(z.index_axis_move(Axis(1), 0))
    }

    /// Undoes [`transform_column`](Self::transform_column): `x = z · σ + μ`,
    /// such as a network's standardised predictions back in the target's units.
    ///
    /// # Errors
    /// As [`inverse_transform`](Self::inverse_transform).
    pub fn inverse_transform_column<S: Data<Elem = F>>(
        &self,
        values: &ArrayBase<S, Ix1>,
    ) -> Result<Array1<F>> {
        let x = self.inverse_transform(&values.view().insert_axis(Axis(1)))?;
        Ok(x.index_axis_move(Axis(1), 0))
    }

    fn check_width<S: Data<Elem = F>>(&self, inputs: &ArrayBase<S, Ix2>) -> Result<()> {
        if inputs.ncols() != self.n_features() {
            return Err(Error::ColumnMismatch {
                found: inputs.ncols(),
                expected: self.n_features(),
                fitted: "standardizer",
            });
        }
        Ok(())
    }
}

/// [`Error::NonFiniteInput`] for the first value, row by row, that is NaN or infinite.
fn check_finite<F: Float, S: Data<Elem = F>>(inputs: &ArrayBase<S, Ix2>) -> Result<()> {
    crate::checks::check_finite_inputs(&inputs.view())
}
