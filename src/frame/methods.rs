//! The training loop, the network and the scalers on a data frame: each
//! reads the columns with [`inputs`] and [`targets`], then does what its
//! array method does.

use ndarray::{Array1, Array2};
use polars::prelude::DataFrame;

use super::{inputs, targets};
use crate::{
    Float, GradientDescent, History, Layer, Loss, MinMaxScaler, Network, Result, Standardizer,
    Trainable,
};

impl GradientDescent {
    /// Trains `model` on the columns `inputs` of `df` as inputs and the column
    /// `target` as targets: [`fit`](GradientDescent::fit) on
    /// [`frame::inputs`](inputs) and [`frame::targets`](targets), for a model
    /// of one output (a neuron, a network that predicts one number or the
    /// probability of class 1).
    ///
    /// For many classes, read the labels with [`frame::targets`](targets) and
    /// give `fit` their [`one_hot`](crate::one_hot) columns.
    ///
    /// # Shapes
    /// - the inputs read: `(df.height(), inputs.len())`; the targets: `(df.height(),)`
    ///
    /// # Errors
    /// As [`frame::inputs`](inputs) and [`frame::targets`](targets), then as
    /// [`fit`](GradientDescent::fit).
    ///
    /// ```
    /// use neuron::prelude::*;
    /// use neuron::polars::prelude::{DataFrame, df};
    ///
    /// // The lecture's AND gate, as a table.
    /// let df = df!("x1" => [0, 0, 1, 1], "x2" => [0, 1, 0, 1], "and" => [0, 0, 0, 1])?;
    /// let mut neuron = Neuron::new(array![0.0, 0.0]);
    /// let history = GradientDescent::new()
    ///     .learning_rate(1.0)
    ///     .epochs(2000)
    ///     .fit_frame(&mut neuron, &df, &["x1", "x2"], "and", Loss::BinaryCrossEntropy)?;
    /// assert!(history.final_loss() < Some(0.01));
    /// assert_eq!(neuron.predict_frame(&df, &["x1", "x2"])?, array![0.0, 0.0, 0.0, 1.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fit_frame<F, M, S>(
        &self,
        model: &mut M,
        df: &DataFrame,
        inputs: &[S],
        target: &str,
        loss: Loss,
    ) -> Result<History<F>>
    where
        F: Float,
        M: Trainable<F>,
        S: AsRef<str>,
    {
        let x = self::inputs(df, inputs)?;
        let y = targets(df, target)?;
        self.fit(model, &x, &y, loss)
    }
}

impl<F: Float> crate::Neuron<F> {
    /// Class labels, `0` or `1`, for the rows of `df`, reading the columns
    /// `inputs` in that order: [`predict`](crate::Neuron::predict) on
    /// [`frame::inputs`](inputs).
    ///
    /// # Shapes
    /// - the inputs read: `(df.height(), inputs.len())`; returns `(df.height(),)`
    ///
    /// # Errors
    /// As [`frame::inputs`](inputs), then as [`predict`](crate::Neuron::predict).
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    /// use neuron::polars::prelude::{DataFrame, df};
    ///
    /// let df = df!("radius" => [2.0, 0.0], "texture" => [1.0, 3.0])?;
    /// let labels = Neuron::new(array![1.0, -1.0]).predict_frame(&df, &["radius", "texture"])?;
    /// assert_eq!(labels, array![1.0, 0.0]); // h = 1 and h = −3
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn predict_frame<S: AsRef<str>>(&self, df: &DataFrame, inputs: &[S]) -> Result<Array1<F>> {
        self.predict(&self::inputs(df, inputs)?)
    }
}

impl<F: Float, L: Layer<F>> Network<F, L> {
    /// The output of a network of one output unit for the rows of `df`,
    /// reading the columns `inputs` in that order: [`predict`](Network::predict)
    /// on [`frame::inputs`](inputs).
    ///
    /// # Shapes
    /// - the inputs read: `(df.height(), inputs.len())`; returns `(df.height(),)`
    ///
    /// # Errors
    /// As [`frame::inputs`](inputs), then as [`predict`](Network::predict).
    ///
    /// ```
    /// use neuron::{Activation, Dense, Network};
    /// use neuron::ndarray::array;
    /// use neuron::polars::prelude::{DataFrame, df};
    ///
    /// let network = Network::from_layers(vec![Dense::new(array![[2.0], [1.0]], array![1.0], Activation::Identity)?])?;
    /// let df = df!("rooms" => [3_u32, 0], "garden" => [false, true], "area" => [0.5, 4.0])?;
    /// // 2 · rooms + 1 · area + 1
    /// assert_eq!(network.predict_frame(&df, &["rooms", "area"])?, array![7.5, 5.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn predict_frame<S: AsRef<str>>(&self, df: &DataFrame, inputs: &[S]) -> Result<Array1<F>> {
        self.predict(&self::inputs(df, inputs)?)
    }
}

impl<F: Float> Standardizer<F> {
    /// Learns the mean and standard deviation of the columns `columns` of
    /// `df`: [`fit`](Standardizer::fit) on [`frame::inputs`](inputs).
    ///
    /// # Errors
    /// As [`frame::inputs`](inputs), then as [`fit`](Standardizer::fit).
    ///
    /// ```
    /// use neuron::Standardizer;
    /// use neuron::ndarray::array;
    /// use neuron::polars::prelude::{DataFrame, df};
    ///
    /// let train = df!("age" => [20, 40], "income" => [1000.0, 3000.0])?;
    /// let scaler = Standardizer::<f64>::fit_frame(&train, &["age", "income"])?;
    /// assert_eq!(scaler.mean(), &array![30.0, 2000.0]);
    /// assert_eq!(scaler.scale(), &array![10.0, 1000.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fit_frame<S: AsRef<str>>(df: &DataFrame, columns: &[S]) -> Result<Self> {
        Standardizer::fit(&inputs(df, columns)?)
    }

    /// The columns `columns` of `df`, standardised with the fitted mean and
    /// scale: [`transform`](Standardizer::transform) on [`frame::inputs`](inputs).
    /// The columns are named in the order the standardizer was fitted on.
    ///
    /// # Shapes
    /// - returns: `(df.height(), columns.len())`
    ///
    /// # Errors
    /// As [`frame::inputs`](inputs), then as [`transform`](Standardizer::transform).
    ///
    /// ```
    /// use neuron::Standardizer;
    /// use neuron::ndarray::array;
    /// use neuron::polars::prelude::{DataFrame, df};
    ///
    /// let train = df!("age" => [20, 40], "income" => [1000.0, 3000.0])?;
    /// let scaler = Standardizer::<f64>::fit_frame(&train, &["age", "income"])?;
    /// let test = df!("income" => [2500.0], "age" => [25])?;
    /// assert_eq!(scaler.transform_frame(&test, &["age", "income"])?, array![[-0.5, 0.5]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn transform_frame<S: AsRef<str>>(
        &self,
        df: &DataFrame,
        columns: &[S],
    ) -> Result<Array2<F>> {
        self.transform(&inputs(df, columns)?)
    }
}

impl<F: Float> MinMaxScaler<F> {
    /// Learns the smallest and largest value of the columns `columns` of
    /// `df`, for the range `[0, 1]`: [`fit`](MinMaxScaler::fit) on
    /// [`frame::inputs`](inputs).
    ///
    /// # Errors
    /// As [`frame::inputs`](inputs), then as [`fit`](MinMaxScaler::fit).
    ///
    /// ```
    /// use neuron::MinMaxScaler;
    /// use neuron::ndarray::array;
    /// use neuron::polars::prelude::{DataFrame, df};
    ///
    /// let train = df!("age" => [20, 40, 30], "member" => [true, false, false])?;
    /// let scaler = MinMaxScaler::<f64>::fit_frame(&train, &["age", "member"])?;
    /// assert_eq!(scaler.data_min(), &array![20.0, 0.0]);
    /// assert_eq!(scaler.data_max(), &array![40.0, 1.0]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fit_frame<S: AsRef<str>>(df: &DataFrame, columns: &[S]) -> Result<Self> {
        MinMaxScaler::fit(&inputs(df, columns)?)
    }

    /// The columns `columns` of `df`, scaled by the fitted smallest and
    /// largest values: [`transform`](MinMaxScaler::transform) on
    /// [`frame::inputs`](inputs).
    ///
    /// # Shapes
    /// - returns: `(df.height(), columns.len())`
    ///
    /// # Errors
    /// As [`frame::inputs`](inputs), then as [`transform`](MinMaxScaler::transform).
    ///
    /// ```
    /// use neuron::MinMaxScaler;
    /// use neuron::ndarray::array;
    /// use neuron::polars::prelude::{DataFrame, df};
    ///
    /// let train = df!("age" => [20, 40, 30])?;
    /// let scaler = MinMaxScaler::<f64>::fit_frame(&train, &["age"])?;
    /// let test = df!("age" => [25, 50])?;
    /// assert_eq!(scaler.transform_frame(&test, &["age"])?, array![[0.25], [1.5]]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn transform_frame<S: AsRef<str>>(
        &self,
        df: &DataFrame,
        columns: &[S],
    ) -> Result<Array2<F>> {
        self.transform(&inputs(df, columns)?)
    }
}
