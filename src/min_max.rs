//! Min-max scaling: each feature moved into a range, `[0, 1]` by default, by
//! the smallest and largest values it had in the training data.

use ndarray::{Array1, Array2, ArrayBase, Data, Ix2};

use crate::{Error, Float, Result};

/// Each feature scaled into `[a, b]` (`[0, 1]` by default) by the smallest
/// and largest value it had when fitted, as scikit-learn's `MinMaxScaler`:
///
/// ```text
/// scale = (b − a) / (max − min)      shift = a − min · scale      x′ = x · scale + shift
/// ```
///
/// computed in that order, as scikit-learn does, so that the results are the
/// same numbers. A feature whose range is below `10 ε` (constant) gets
/// `scale = b − a`, so that it becomes `a` rather than `NaN`. Values outside
/// the fitted range land outside `[a, b]`. The scale and shift are computed
/// in `f64`, then rounded to `F`; a range or width beyond the largest float
/// (`[−1e308, 1e308]`) is halved first, so the results stay finite.
///
/// ```
/// use neuron::MinMaxScaler;
/// use neuron::ndarray::array;
///
/// // scikit-learn: MinMaxScaler().fit_transform([[-1, 2], [-0.5, 6], [0, 10], [1, 18]])
/// let x = array![[-1.0, 2.0], [-0.5, 6.0], [0.0, 10.0], [1.0, 18.0]];
/// let scaler = MinMaxScaler::fit(&x)?;
/// assert_eq!(
///     scaler.transform(&x)?,
///     array![[0.0, 0.0], [0.25, 0.25], [0.5, 0.5], [1.0, 1.0]]
/// );
/// assert_eq!(scaler.transform(&array![[2.0, 2.0]])?, array![[1.5, 0.0]]);
/// assert_eq!(scaler.inverse_transform(&array![[0.5, 0.5]])?, array![[0.0, 10.0]]);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MinMaxScaler<F> {
    data_min: Array1<F>,
    data_max: Array1<F>,
    scale: Array1<F>,
    shift: Array1<F>,
}

/// A feature's `(scale, shift)` for the range `[a, b]` from its smallest
/// and largest values: `scale = (b − a)/(max − min)`, `shift = a − min · scale`.
///
/// A range below `10 ε` is 1, as scikit-learn's `_handle_zeros_in_scale`
/// makes it. When `b − a` or `max − min` overflows, the scale is the ratio
/// of their halves, the same number.
fn scale_and_shift(low: f64, high: f64, (a, b): (f64, f64)) -> (f64, f64) {
    let (width, range) = (b - a, high - low);
    let scale = if width.is_finite() && range.is_finite() {
        let range = if range < 10.0 * f64::EPSILON {
            1.0
        } else {
            range
        };
        width / range
    } else {
        (b / 2.0 - a / 2.0) / (high / 2.0 - low / 2.0)
    };
    (scale, a - low * scale)
}

/// Recomputes with `exact` each value of `x` that is not finite though its
/// input is, from the input and its column's `(scale, shift)`.
fn refine<F: Float, S: Data<Elem = F>>(
    x: &mut Array2<F>,
    inputs: &ArrayBase<S, Ix2>,
    exact: impl Fn(F, (F, F)) -> F,
    scale: &Array1<F>,
    shift: &Array1<F>,
) {
    if x.iter().all(|v| v.is_finite()) {
        return;
    }
    for (mut row, input) in x.rows_mut().into_iter().zip(inputs.rows()) {
        for (((v, &x), &s), &c) in row.iter_mut().zip(&input).zip(scale).zip(shift) {
            if !v.is_finite() {
                *v = exact(x, (s, c));
            }
        }
    }
}

impl<F: Float> MinMaxScaler<F> {
    /// Learns each feature's smallest and largest value, for the range `[0, 1]`.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_features)`, any memory layout
    ///
    /// # Errors
    /// - [`Error::Empty`] when `inputs` has no rows;
    /// - [`Error::NonFiniteInput`] naming the first value that is NaN or infinite.
    pub fn fit<S: Data<Elem = F>>(inputs: &ArrayBase<S, Ix2>) -> Result<Self> {
        Self::fit_range(inputs, (0.0, 1.0))
    }

    /// Learns each feature's smallest and largest value, for the range `[a, b]`.
    ///
    /// # Errors
    /// As [`fit`](Self::fit), and [`Error::InvalidSetting`] unless `a < b`,
    /// both finite, and when a feature's scale or shift is no finite number
    /// (a scale above 0) of `F`: `[−1e308, 1e308]` for a feature from 0 to
    /// 1 needs a scale of 2e308.
    pub fn fit_range<S: Data<Elem = F>>(
        inputs: &ArrayBase<S, Ix2>,
        (a, b): (f64, f64),
    ) -> Result<Self> {
        if !(a.is_finite() && b.is_finite() && a < b) {
            return Err(Error::InvalidSetting {
                name: "feature_range",
                value: b - a,
                requirement: "a < b, both finite",
            });
        }
        if inputs.nrows() == 0 {
            return Err(Error::Empty { what: "inputs" });
        }
        crate::checks::check_finite_inputs(&inputs.view())?;
        let columns = inputs.ncols();
        let (mut data_min, mut data_max) = (Array1::zeros(columns), Array1::zeros(columns));
        let (mut scale, mut shift) = (Array1::zeros(columns), Array1::zeros(columns));
        for (j, column) in inputs.columns().into_iter().enumerate() {
            let low = column.iter().fold(f64::INFINITY, |m, x| m.min(x.as_f64()));
            let high = column
                .iter()
                .fold(f64::NEG_INFINITY, |m, x| m.max(x.as_f64()));
            let (s, c) = scale_and_shift(low, high, (a, b));
            let (s, c) = (F::from_f64(s), F::from_f64(c));
            if !(s.is_finite() && s > F::zero() && c.is_finite()) {
                return Err(Error::InvalidSetting {
                    name: "feature_range",
                    value: b - a,
                    requirement: "a width b − a whose scale (b − a)/(max − min) and shift a − min · scale are finite and the scale above 0 in the float type, for every column",
                });
            }
            for (array, value) in [
                (&mut data_min, F::from_f64(low)),
                (&mut data_max, F::from_f64(high)),
                (&mut scale, s),
                (&mut shift, c),
            ] {
                if let Some(slot) = array.get_mut(j) {
                    *slot = value;
                }
            }
        }
        Ok(MinMaxScaler {
            data_min,
            data_max,
            scale,
            shift,
        })
    }

    /// `x · scale + shift` for every value.
    ///
    /// # Errors
    /// [`Error::ColumnMismatch`] for another number of features;
    /// [`Error::NonFiniteInput`] naming the first value that is NaN or infinite.
    pub fn transform<S: Data<Elem = F>>(&self, inputs: &ArrayBase<S, Ix2>) -> Result<Array2<F>> {
        self.check(inputs)?;
        let mut x = inputs.to_owned();
        x *= &self.scale;
        x += &self.shift;
        // x · scale overflows only where the shift brings it back below the
        // largest float: 2 · ((x/2) · scale + shift/2) is the same number.
        let two = F::from_f64(2.0);
        refine(
            &mut x,
            inputs,
            |x, (s, c)| two * ((x / two) * s + c / two),
            &self.scale,
            &self.shift,
        );
        Ok(x)
    }

    /// Fits on `inputs` and scales them: [`fit`](Self::fit), then
    /// [`transform`](Self::transform).
    ///
    /// # Errors
    /// As [`fit`](Self::fit).
    pub fn fit_transform<S: Data<Elem = F>>(
        inputs: &ArrayBase<S, Ix2>,
    ) -> Result<(Self, Array2<F>)> {
        let scaler = Self::fit(inputs)?;
        let x = scaler.transform(inputs)?;
        Ok((scaler, x))
    }

    /// Undoes the scaling: `(x′ − shift) / scale`.
    ///
    /// # Errors
    /// As [`transform`](Self::transform).
    pub fn inverse_transform<S: Data<Elem = F>>(
        &self,
        inputs: &ArrayBase<S, Ix2>,
    ) -> Result<Array2<F>> {
        self.check(inputs)?;
        let mut x = inputs.to_owned();
        x -= &self.shift;
        x /= &self.scale;
        // x′ − shift overflows only where the scale brings it back:
        // 2 · ((x′/2 − shift/2) / scale) is the same number.
        let two = F::from_f64(2.0);
        refine(
            &mut x,
            inputs,
            |x, (s, c)| two * ((x / two - c / two) / s),
            &self.scale,
            &self.shift,
        );
        Ok(x)
    }

    /// Each feature's smallest value when fitted.
    pub fn data_min(&self) -> &Array1<F> {
        &self.data_min
    }

    /// Each feature's largest value when fitted.
    pub fn data_max(&self) -> &Array1<F> {
        &self.data_max
    }

    /// Each feature's factor, `(b − a) / (max − min)`.
    pub fn scale(&self) -> &Array1<F> {
        &self.scale
    }

    fn check<S: Data<Elem = F>>(&self, inputs: &ArrayBase<S, Ix2>) -> Result<()> {
        if inputs.ncols() != self.scale.len() {
            return Err(Error::ColumnMismatch {
                found: inputs.ncols(),
                expected: self.scale.len(),
                fitted: "min-max scaler",
            });
        }
        crate::checks::check_finite_inputs(&inputs.view())
    }
}
