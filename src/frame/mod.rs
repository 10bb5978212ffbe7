//! Data frames: columns of a polars [`DataFrame`] as inputs and targets
//! (the `polars` feature).
//!
//! Tabular data in a Rust script usually arrives as a polars `DataFrame`,
//! read from a CSV or Parquet file; the models here compute on ndarray
//! arrays. These functions copy the columns you choose into them, one column
//! per feature:
//!
//! - [`inputs`]: the chosen columns as the inputs `X`, `(n_samples, n_features)`;
//! - [`targets`]: one column as the targets `y`, `(n_samples,)`;
//! - [`Dataset::from_frame`]: both at once, with the column names as the
//!   feature names, ready for [`train_test_split`](crate::datasets::train_test_split),
//!   [`Standardizer`](crate::Standardizer) and [`fit`](crate::GradientDescent::fit).
//!
//! The training loop, the network and the scalers also take a frame
//! directly: [`GradientDescent::fit_frame`](crate::GradientDescent::fit_frame),
//! [`Network::predict_frame`](crate::Network::predict_frame),
//! [`Standardizer::fit_frame`](crate::Standardizer::fit_frame) and
//! [`transform_frame`](crate::Standardizer::transform_frame), and the same two
//! on [`MinMaxScaler`](crate::MinMaxScaler).
//!
//! Integer, float and boolean columns are read (`true` is 1, `false` 0)
//! through polars' own cast to `Float64` (Python's `cast(pl.Float64)`):
//! integers beyond 2⁵³ in size are rounded to the nearest `f64`, and for
//! `f32` each value is then rounded once more. Anything else is an [`Error::Column`] that
//! names the column and says what is wrong ([`ColumnProblem`]): no such
//! column, a type that is not a number (text, dates), a null cell or a cell
//! that is NaN or infinite, with its row.
//!
//! The crate re-exports the polars it is built on as `neuron::polars`: a
//! script that uses it gets a `DataFrame` of exactly that version.
//!
//! ```
//! use neuron::datasets::Dataset;
//! use neuron::polars::prelude::*;
//!
//! let df = df!(
//!     "hours" => [1.0, 2.5, 4.0],
//!     "attended" => [false, true, true],
//!     "passed" => [0, 1, 1],
//! )?;
//! let data: Dataset<f64> = Dataset::from_frame(&df, &["hours", "attended"], "passed")?;
//! assert_eq!(data.inputs().row(1).to_vec(), [2.5, 1.0]);
//! assert_eq!(data.targets().to_vec(), [0.0, 1.0, 1.0]);
//! assert_eq!(data.feature_names(), ["hours", "attended"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod methods;

use ndarray::{Array1, Array2, ArrayViewMut1};
use polars::prelude::{DataFrame, DataType};

use crate::alloc::{zeros, zeros_vector};
use crate::datasets::Dataset;
use crate::{ColumnProblem, Error, Float, Result};

/// The columns `columns` of `df`, in that order, as the inputs `X`: one row
/// per row of the frame, one column per name.
///
/// # Shapes
/// - returns: `(df.height(), columns.len())`, in standard (row-major) layout
///
/// # Errors
/// - [`Error::Empty`] when `columns` is empty;
/// - [`Error::Column`] naming the first column that is missing, not of
///   numbers or booleans, or has a null, NaN or infinite cell (a
///   [`ColumnProblem`], with the row);
/// - [`Error::Allocation`] when the array cannot be allocated.
///
/// ```
/// use neuron::frame;
/// use neuron::ndarray::array;
/// use neuron::polars::prelude::*;
///
/// let df = df!("age" => [31_i64, 45], "fare" => [7.25_f32, 71.5], "alone" => [true, false])?;
/// let x = frame::inputs::<f64, _>(&df, &["fare", "age", "alone"])?;
/// assert_eq!(x, array![[7.25, 31.0, 1.0], [71.5, 45.0, 0.0]]);
///
/// let err = frame::inputs::<f64, _>(&df, &["age", "sex"]).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "column `sex`: the data frame has no such column; its columns are `age`, `fare`, `alone`"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn inputs<F: Float, S: AsRef<str>>(df: &DataFrame, columns: &[S]) -> Result<Array2<F>> {
    if columns.is_empty() {
        return Err(Error::Empty {
            what: "the list of input columns",
        });
    }
    let mut x = zeros(
        "the inputs read from a data frame",
        df.height(),
        columns.len(),
    )?;
    for (name, out) in columns.iter().zip(x.columns_mut()) {
        read_column(df, name.as_ref(), out)?;
    }
    Ok(x)
}

/// The column `column` of `df` as the targets `y`, one per row: class labels
/// `0`, `1`, … or the numbers to predict.
///
/// # Shapes
/// - returns: `(df.height(),)`
///
/// # Errors
/// - [`Error::Column`] when the column is missing, not of numbers or
///   booleans, or has a null, NaN or infinite cell (a [`ColumnProblem`]);
/// - [`Error::Allocation`] when the array cannot be allocated.
///
/// ```
/// use neuron::frame;
/// use neuron::ndarray::array;
/// use neuron::polars::prelude::*;
///
/// let df = df!("price" => [Some(210.0), None, Some(190.0)])?;
/// let err = frame::targets::<f32>(&df, "price").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "column `price`: row 1 is null (missing); drop those rows or fill them first (drop_nulls, fill_null)"
/// );
/// let y = frame::targets::<f32>(&df.drop_nulls::<String>(None)?, "price")?;
/// assert_eq!(y, array![210.0, 190.0]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn targets<F: Float>(df: &DataFrame, column: &str) -> Result<Array1<F>> {
    let mut y = zeros_vector("the targets read from a data frame", df.height())?;
    read_column(df, column, y.view_mut())?;
    Ok(y)
}

impl<F: Float> Dataset<F> {
    /// A data set of the columns `inputs` of `df` as the inputs and the column
    /// `target` as the targets, with the input columns' names as the feature
    /// names: [`frame::inputs`](inputs) and [`frame::targets`](targets) at once.
    ///
    /// # Shapes
    /// - the inputs: `(df.height(), inputs.len())`; the targets: `(df.height(),)`
    ///
    /// # Errors
    /// As [`frame::inputs`](inputs) and [`frame::targets`](targets).
    ///
    /// ```
    /// use neuron::datasets::Dataset;
    /// use neuron::polars::prelude::*;
    ///
    /// let df = df!("x1" => [0, 0, 1, 1], "x2" => [0, 1, 0, 1], "and" => [0, 0, 0, 1])?;
    /// let data = Dataset::<f32>::from_frame(&df, &["x1", "x2"], "and")?;
    /// assert_eq!(data.inputs().row(2).to_vec(), [1.0, 0.0]);
    /// assert_eq!(data.targets().to_vec(), [0.0, 0.0, 0.0, 1.0]);
    ///
    /// let err = Dataset::<f32>::from_frame(&df, &["x1", "x2"], "or").unwrap_err();
    /// assert!(err.to_string().starts_with("column `or`: the data frame has no such column"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_frame<S: AsRef<str>>(df: &DataFrame, inputs: &[S], target: &str) -> Result<Self> {
        let x = self::inputs(df, inputs)?;
        let y = targets(df, target)?;
        Dataset::new(x, y)?.with_feature_names(inputs.iter().map(|name| name.as_ref()))
    }
}

/// Copies the column `name` of `df` into `out`, which has `df.height()` values.
fn read_column<F: Float>(df: &DataFrame, name: &str, out: ArrayViewMut1<'_, F>) -> Result<()> {
    let error = |problem| Error::Column {
        column: name.to_owned(),
        problem,
    };
    let column = df.column(name).map_err(|_| {
        let columns = df
            .get_column_names()
            .iter()
            .map(|c| c.to_string())
            .collect();
        error(ColumnProblem::Missing { columns })
    })?;
    let dtype = column.dtype();
    let not_numeric = || {
        error(ColumnProblem::NotNumeric {
            dtype: dtype.to_string(),
        })
    };
    if !(dtype.is_numeric() || dtype.is_bool()) {
        return Err(not_numeric());
    }
    let nulls = column.null_count();
    // Integers and booleans become f64 as polars' own cast makes them
    // (nulls stay null); float columns are read as they are.
    let floats = column.cast(&DataType::Float64).map_err(|_| not_numeric())?;
    let floats = floats.f64().map_err(|_| not_numeric())?;
    for (row, (cell, out)) in floats.iter().zip(out).enumerate() {
        let Some(value) = cell else {
            return Err(error(ColumnProblem::Null { row, nulls }));
        };
        let x = F::from_f64(value);
        if !x.is_finite() {
            return Err(error(ColumnProblem::NonFinite {
                row,
                value,
                float: F::NAME,
            }));
        }
        *out = x;
    }
    Ok(())
}
