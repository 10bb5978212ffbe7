//! The crate's error type: every mistake a caller can make, with what and how much.

use crate::{Activation, Metric};

/// What went wrong, said with the numbers that matter.
///
/// Every function that takes data from a caller returns [`Result`] rather than
/// panicking; the message names what is wrong and where, with both numbers when
/// two things disagree:
///
/// ```
/// use neuron::{Error, Neuron};
/// use neuron::ndarray::array;
///
/// let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
/// let err = neuron.forward(&array![[0.5, 0.3, 0.2, 0.1]]).unwrap_err();
/// assert_eq!(err, Error::FeatureMismatch { found: 4, expected: 3, model: "neuron" });
/// assert_eq!(
///     err.to_string(),
///     "input has 4 features per sample, but the neuron has 3 weights"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The inputs have a different number of features (columns) than the model
    /// has inputs: "input has 4 features per sample, but the neuron has 3
    /// weights", or "… but the network has 3 inputs".
    #[error(
        "input has {found} features per sample, but the {model} has {expected} {unit}",
        unit = if *.model == "neuron" { "weights" } else { "inputs" }
    )]
    FeatureMismatch {
        /// Features per sample in the input.
        found: usize,
        /// Inputs of the model (weights, for a neuron).
        expected: usize,
        /// The model that was given the input: `"neuron"`, `"layer"`, `"network"`.
        model: &'static str,
    },

    /// New weights of a different length than the neuron has inputs.
    #[error("got {found} weights, but the neuron has {expected} inputs")]
    WeightCountMismatch {
        /// Length of the weights given.
        found: usize,
        /// Inputs of the neuron.
        expected: usize,
    },

    /// A weight is NaN or infinite where only finite weights are accepted.
    #[error("weight {index} is {value}, but weights must be finite")]
    NonFiniteWeight {
        /// Position of the weight.
        index: usize,
        /// The offending value.
        value: f64,
    },

    /// The bias is NaN or infinite where only a finite bias is accepted.
    #[error("the bias is {value}, but it must be finite")]
    NonFiniteBias {
        /// The offending value.
        value: f64,
    },

    /// A uniform initialisation range that is empty, reversed or not finite.
    #[error(
        "uniform initialisation needs finite bounds with low < high, got low = {low}, high = {high}"
    )]
    InvalidRange {
        /// Lower bound given.
        low: f64,
        /// Upper bound given.
        high: f64,
    },

    /// An initialisation that cannot be computed for the shape asked for.
    #[error("{init} initialisation {reason}")]
    InvalidInit {
        /// The initialisation scheme.
        init: &'static str,
        /// Why it cannot be used.
        reason: &'static str,
    },

    /// Inputs and targets with different numbers of rows (samples).
    #[error("inputs have {inputs} rows, but targets have {targets}")]
    RowMismatch {
        /// Rows of the inputs.
        inputs: usize,
        /// Rows of the targets.
        targets: usize,
    },

    /// Targets with a different number of columns than the model has outputs.
    #[error(
        "targets have {found} column{}, but the model has {expected} outputs{}",
        if *.found == 1 { "" } else { "s" },
        one_hot_hint(*.found, *.expected)
    )]
    TargetWidthMismatch {
        /// Columns of the targets.
        found: usize,
        /// Outputs of the model.
        expected: usize,
    },

    /// Two sequences that must be of equal length are not, such as labels and predictions.
    #[error("{what}: lengths differ, {left} and {right}")]
    LengthMismatch {
        /// What was being compared.
        what: &'static str,
        /// Length of the first.
        left: usize,
        /// Length of the second.
        right: usize,
    },

    /// An input is NaN or infinite.
    #[error("input at row {row}, column {column} is {value}; inputs must be finite")]
    NonFiniteInput {
        /// Row (sample) of the value.
        row: usize,
        /// Column (feature) of the value.
        column: usize,
        /// The offending value.
        value: f64,
    },

    /// A model's output is NaN, so no class can be predicted for its sample:
    /// a NaN input, or an `∞ − ∞` (or `0·∞`) inside the model, gave it.
    #[error(
        "the model's output at row {row}, column {column} is NaN, so no class can be predicted for that sample (a NaN input, or ∞ − ∞ inside the model, gives NaN)"
    )]
    NanOutput {
        /// Row (sample) of the output.
        row: usize,
        /// Column (output unit).
        column: usize,
    },

    /// A target is NaN or infinite.
    #[error("target at row {row}, column {column} is {value}; targets must be finite")]
    NonFiniteTarget {
        /// Row (sample) of the value.
        row: usize,
        /// Column (output) of the value.
        column: usize,
        /// The offending value.
        value: f64,
    },

    /// A target outside `[0, 1]` where a probability is needed (binary cross-entropy).
    #[error("target at row {row}, column {column} is {value}, outside [0, 1] as {loss} requires")]
    TargetOutOfRange {
        /// Row (sample) of the value.
        row: usize,
        /// Column (output) of the value.
        column: usize,
        /// The offending value.
        value: f64,
        /// The loss that needs it.
        loss: &'static str,
    },

    /// A class label that is neither `0` nor `1`.
    #[error("{what} at index {index} is {value}, but labels must be 0 or 1")]
    NotBinary {
        /// Which sequence holds it (`"y_true"`, `"y_pred"`).
        what: &'static str,
        /// Position of the value.
        index: usize,
        /// The offending value.
        value: f64,
    },

    /// A data set, batch or sequence with no samples where at least one is needed.
    #[error("{what} is empty")]
    Empty {
        /// What is empty.
        what: &'static str,
    },

    /// A softmax over fewer than two units: a neuron, or a one-unit layer, has
    /// no row of outputs to share probability between.
    #[error(
        "a softmax shares probability between the units of a layer and needs at least 2, but the {model} has {units}"
    )]
    SoftmaxUnits {
        /// The model: `"neuron"`, `"layer"`, `"network's output layer"`.
        model: &'static str,
        /// Its units (outputs per sample).
        units: usize,
    },

    /// A softmax output trained with a loss other than cross-entropy.
    #[error("a softmax output is trained with cross-entropy, not with {loss}")]
    SoftmaxLoss {
        /// The loss given, e.g. `"mean squared error"`.
        loss: &'static str,
    },

    /// A class label that is negative, not a whole number, or not below the
    /// number of classes.
    #[error(
        "label at index {index} is {value}, but class labels must be whole numbers from 0 to {n_classes} (exclusive)"
    )]
    InvalidLabel {
        /// Position of the label.
        index: usize,
        /// The offending value.
        value: f64,
        /// The number of classes.
        n_classes: usize,
    },

    /// A row of class probabilities (a cross-entropy target) that does not sum to 1.
    #[error("target row {row} sums to {sum}, but a row of class probabilities must sum to 1")]
    TargetRowSum {
        /// The row (sample).
        row: usize,
        /// Its sum.
        sum: f64,
    },

    /// An array whose size, chosen by the caller, overflows or cannot be
    /// allocated: nothing is allocated, and nothing aborts.
    #[error("cannot allocate {what} of {rows} × {columns} values: {reason}")]
    Allocation {
        /// What was to be allocated, e.g. `"the weights of a layer"`.
        what: &'static str,
        /// Rows asked for.
        rows: usize,
        /// Columns asked for.
        columns: usize,
        /// Why not: the size overflows, or the memory cannot be had.
        reason: &'static str,
    },

    /// A model with no inputs or no outputs, which can compute nothing.
    #[error(
        "a {model} needs at least one input and one output, but this one has {inputs} inputs and {outputs} outputs"
    )]
    EmptyModel {
        /// `"neuron"`, `"layer"` or `"network"`.
        model: &'static str,
        /// Its inputs.
        inputs: usize,
        /// Its outputs (units).
        outputs: usize,
    },

    /// Something wrong with a data set other than the training set, such as the
    /// validation set: the error, and which set it is in.
    #[error("{set}: {source}")]
    InSet {
        /// The data set, e.g. `"the validation set"`.
        set: &'static str,
        /// What is wrong with it.
        source: Box<Error>,
    },

    /// Something that went wrong in one fold of a cross-validation (see
    /// [`cross_val_score`](crate::datasets::cross_val_score)): the error, and
    /// which fold, counted from 0 as the list of folds is.
    #[error("fold {fold} (of {n_folds}, counted from 0): {source}")]
    InFold {
        /// The fold's place in the list of folds.
        fold: usize,
        /// How many folds there are.
        n_folds: usize,
        /// What went wrong in it.
        source: Box<Error>,
    },

    /// A setting outside the values it can take.
    #[error("{name} is {value}, but it must be {requirement}")]
    InvalidSetting {
        /// The setting's name, as its builder method is called.
        name: &'static str,
        /// The value given.
        value: f64,
        /// What it must be, e.g. `"finite and > 0"`.
        requirement: &'static str,
    },

    /// An activation that works on a row of values (the softmax) where each
    /// value needs its own, as on a convolution's or a pooling's maps.
    #[error(
        "{activation} works on a row of values, not on each value, so {what} cannot use it; take an elementwise activation, or flatten and add a dense softmax layer"
    )]
    NotElementwise {
        /// What was to use it, e.g. `"a convolution"`.
        what: &'static str,
        /// The activation.
        activation: Activation,
    },

    /// A loss or learning rule that cannot be used with this model's output activation.
    #[error("{what} needs a {needs} output, but the model's output activation is {found}")]
    ActivationMismatch {
        /// The loss or rule, e.g. `"binary cross-entropy"`.
        what: &'static str,
        /// The activation it needs.
        needs: Activation,
        /// The model's output activation.
        found: Activation,
    },

    /// Two arrays that must have the same shape do not.
    #[error("{what}: shapes differ, {left:?} and {right:?}")]
    ShapeMismatch {
        /// What was being compared, e.g. `"outputs and targets"`.
        what: &'static str,
        /// Shape of the first.
        left: Vec<usize>,
        /// Shape of the second.
        right: Vec<usize>,
    },

    /// The loss became NaN or infinite; training stopped and kept the weights of
    /// the last epoch that ended with a finite loss.
    #[error(
        "training diverged in epoch {epoch}: the loss became {loss}; the weights from before that epoch were kept"
    )]
    Diverged {
        /// The epoch (counted from 1) in which it happened.
        epoch: usize,
        /// The non-finite loss.
        loss: f64,
    },

    /// A file could not be read or written.
    #[error("cannot {action} {path}: {message}")]
    Io {
        /// `"read"`, `"write"` or `"remove"`.
        action: &'static str,
        /// The file.
        path: String,
        /// The operating system's message.
        message: String,
    },

    /// A CSV cell or record that cannot be read as a number.
    #[error("CSV line {line}, column {column}: {message}")]
    Csv {
        /// Line of the file, counted from 1 (a header is line 1).
        line: usize,
        /// Column, counted from 1.
        column: usize,
        /// What is wrong.
        message: String,
    },

    /// A layer's bias of a different length than its weights have columns (units).
    #[error("the bias has {found} entries, but the weights have {expected} columns (one per unit)")]
    BiasLengthMismatch {
        /// Length of the bias.
        found: usize,
        /// Columns of the weights.
        expected: usize,
    },

    /// Consecutive layers whose widths do not chain.
    #[error("layer {layer} has {found} inputs, but layer {previous} has {expected} units")]
    LayerMismatch {
        /// Index of the layer whose inputs do not fit, counted from 0.
        layer: usize,
        /// Index of the layer before it.
        previous: usize,
        /// Inputs of `layer`.
        found: usize,
        /// Units of `previous`.
        expected: usize,
    },

    /// A network with no layers.
    #[error("a network needs at least one layer ({what})")]
    EmptyNetwork {
        /// What was given, e.g. `"2 layer sizes are needed, got 1"`.
        what: String,
    },

    /// A model file that cannot be saved or loaded; `problem` says why.
    #[error("cannot {action} {path}: {problem}")]
    ModelFile {
        /// `"save"`, `"load"`, or `"export"` (a model built in memory, such as `to_onnx`).
        action: &'static str,
        /// The file.
        path: String,
        /// What is wrong.
        problem: FileProblem,
    },

    /// A NumPy `.npy` file that cannot be read or written.
    #[error("cannot {action} {path}: {message}")]
    Npy {
        /// `"read"` or `"write"`.
        action: &'static str,
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },

    /// Text that names no activation function.
    #[error("unknown activation `{name}`; expected one of {}", Activation::names())]
    UnknownActivation {
        /// The text given.
        name: String,
    },

    /// Inputs with a different number of columns than a fitted transform (such as a
    /// [`Standardizer`](crate::Standardizer)) was fitted on.
    #[error("input has {found} columns, but the {fitted} was fitted on {expected}")]
    ColumnMismatch {
        /// Columns of the input.
        found: usize,
        /// Columns of the data it was fitted on.
        expected: usize,
        /// What was fitted, e.g. `"standardizer"`.
        fitted: &'static str,
    },

    /// A value outside what it may be, such as a probability outside `[0, 1]` or a
    /// NaN where a finite number is needed.
    #[error("{what} at index {index} is {value}, but it must be {requirement}")]
    InvalidValue {
        /// Which sequence holds it (`"y_true"`, `"y_pred"`, `"probability"`).
        what: &'static str,
        /// Position of the value.
        index: usize,
        /// The offending value.
        value: f64,
        /// What it must be, e.g. `"in [0, 1]"`.
        requirement: &'static str,
    },

    /// A plot given data or a model of a shape it cannot show, such as a decision
    /// boundary (drawn in the plane of two features) of a model with three inputs.
    #[error("cannot draw {plot}: {what} has {found} {unit}, but it must have {expected}")]
    PlotShape {
        /// The plot, e.g. `"the decision boundary"`.
        plot: &'static str,
        /// What has the wrong shape, e.g. `"the model"`.
        what: &'static str,
        /// What was counted, e.g. `"inputs"`.
        unit: &'static str,
        /// How many there are.
        found: usize,
        /// How many the plot needs.
        expected: usize,
    },

    /// A metric asked of a [`History`](crate::History) that training did not
    /// record: it records only the metrics that
    /// [`GradientDescent::metrics`](crate::GradientDescent::metrics) asks for.
    #[error(
        "the history has no {metric}: training records a metric only when asked, with GradientDescent::metrics(&[Metric::{metric:?}])"
    )]
    MetricNotRecorded {
        /// The metric asked for.
        metric: Metric,
    },

    /// A plot that cannot be drawn, such as one over an empty or infinite range.
    #[error("cannot draw {plot}: {message}")]
    Plot {
        /// The plot, e.g. `"the activation curves"`.
        plot: &'static str,
        /// What is wrong.
        message: String,
    },

    /// A column of a data frame that cannot be read as numbers (the `polars`
    /// feature's `neuron::frame` functions and `*_frame` methods): missing, of
    /// another type, or with a null or non-finite cell; `problem` says which.
    #[error("column `{column}`: {problem}")]
    Column {
        /// The column's name.
        column: String,
        /// What is wrong with it.
        problem: ColumnProblem,
    },
}

/// Why a column of a data frame cannot be read as numbers, in [`Error::Column`].
///
/// Rows are counted from 0, as polars counts them (`df.row(i)`, `with_row_index`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ColumnProblem {
    /// The data frame has no column of that name.
    #[error("the data frame has no such column; its columns are {}", quoted(.columns))]
    Missing {
        /// The data frame's columns, in order.
        columns: Vec<String>,
    },
    /// A column whose values are not numbers or booleans, such as text or dates.
    #[error(
        "its type is {dtype}, but only numbers (integers, floats) and booleans can be read; cast or encode it first"
    )]
    NotNumeric {
        /// The column's type as polars writes it, e.g. `str`, `date`.
        dtype: String,
    },
    /// A null (missing) cell.
    #[error(
        "row {row} is null (missing){}; drop those rows or fill them first (drop_nulls, fill_null)",
        more_nulls(*.nulls)
    )]
    Null {
        /// The first row whose cell is null.
        row: usize,
        /// How many cells of the column are null (at least 1).
        nulls: usize,
    },
    /// A cell that is NaN or infinite, or too large for the float type asked
    /// for (above 3.4e38 for `f32`).
    #[error("row {row} is {value}, not a finite {float}")]
    NonFinite {
        /// The row of the first such cell.
        row: usize,
        /// The cell's value, as read in `f64`.
        value: f64,
        /// The float type asked for: `"f32"` or `"f64"`.
        float: &'static str,
    },
}

/// Why a model file cannot be loaded (or a model cannot be saved), in [`Error::ModelFile`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FileProblem {
    /// The file holds nothing.
    #[error("the file is empty")]
    Empty,
    /// The file ends in the middle of the model: cut short while writing or copying.
    #[error("the file is truncated: it ends at line {line}, column {column}")]
    Truncated {
        /// Line where the text ends, counted from 1.
        line: usize,
        /// Column where the text ends, counted from 1.
        column: usize,
    },
    /// The text is not valid JSON.
    #[error("the file is corrupt at line {line}, column {column}: {message}")]
    Corrupt {
        /// Line of the fault, counted from 1.
        line: usize,
        /// Column of the fault, counted from 1.
        column: usize,
        /// What the JSON reader found.
        message: String,
    },
    /// Valid JSON, but not a model file of this crate.
    #[error("not a neuron model file: {message}")]
    NotAModelFile {
        /// What is missing or different.
        message: String,
    },
    /// A format version this version of the crate cannot read.
    #[error(
        "the file has format version {found}, but this version of neuron reads version {supported}"
    )]
    UnsupportedVersion {
        /// The version in the file.
        found: u64,
        /// The version this crate reads and writes.
        supported: u64,
    },
    /// A file holding another kind of model, e.g. a network loaded as a neuron.
    #[error("the file holds a {found}, not a {expected}")]
    WrongKind {
        /// The kind in the file: `"neuron"`, `"dense"` or `"network"`.
        found: String,
        /// The kind asked for.
        expected: &'static str,
    },
    /// A file written with the other float type, e.g. `f32` weights loaded as `f64`.
    #[error("the file holds {found} weights, but {expected} was asked for")]
    WrongFloat {
        /// The float type in the file.
        found: String,
        /// The float type asked for.
        expected: &'static str,
    },
    /// A field of the model with a wrong type, shape or value.
    #[error("{field} {reason}")]
    InvalidModel {
        /// Where, e.g. `model.layers[1].bias`.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A binary model file (safetensors) whose header is longer than the file.
    #[error("the header claims {claimed} bytes, but the file holds {held} after its 8-byte length")]
    HeaderLength {
        /// The header's length, as the file's first 8 bytes say.
        claimed: u64,
        /// The bytes that follow those 8.
        held: u64,
    },
    /// A binary model file whose tensors need more (or fewer) bytes of data
    /// than the file holds after its header: cut short, or with bytes no
    /// tensor accounts for.
    #[error("the tensors' data_offsets cover {needed} bytes of data, but the file holds {held}")]
    DataLength {
        /// The end of the last tensor's data, from the header.
        needed: u64,
        /// The bytes after the header.
        held: u64,
    },
    /// A tensor whose `data_offsets` do not fit: they end before they start,
    /// overlap the tensor before, leave a gap, or span other than its shape
    /// and dtype need.
    #[error("tensor `{tensor}` has data_offsets [{start}, {end}], which {reason}")]
    TensorOffsets {
        /// The tensor's name.
        tensor: String,
        /// Where its data starts, counted from the end of the header.
        start: u64,
        /// Where its data ends.
        end: u64,
        /// What is wrong, with the numbers.
        reason: String,
    },
    /// A tensor of a dtype that no model of this crate holds (only `F32` and `F64` are read).
    #[error("tensor `{tensor}` has dtype {dtype}, but neuron reads only F32 and F64")]
    UnsupportedDtype {
        /// The tensor's name.
        tensor: String,
        /// The dtype, as the file names it (e.g. `F8_E4M3`).
        dtype: String,
    },
    /// A tensor of the other float type than the model asked for; the
    /// `_converting` loaders convert it.
    #[error(
        "tensor `{tensor}` holds {found} values, but {expected} was asked for (load_safetensors_converting converts)"
    )]
    WrongDtype {
        /// The tensor's name.
        tensor: String,
        /// Its dtype, e.g. `F32 (f32)`.
        found: String,
        /// The dtype of the model asked for, e.g. `F64 (f64)`.
        expected: String,
    },
    /// A tensor the model needs that the file does not have.
    #[error("the file has no tensor `{tensor}`")]
    MissingTensor {
        /// The name looked for, e.g. `layers.1.bias`.
        tensor: String,
    },
    /// A tensor of another shape than the layer it belongs to needs, e.g. a
    /// convolution's `(8, 1, 3, 3)` filters where the network has `(8, 3, 3, 3)`.
    #[error("tensor `{tensor}` has shape {found:?}, but the network needs {expected:?}")]
    TensorShape {
        /// The tensor's name, e.g. `0.weight`.
        tensor: String,
        /// Its shape in the file.
        found: Vec<usize>,
        /// The shape the layer needs.
        expected: Vec<usize>,
    },
    /// Layers of images whose channels do not chain: a convolution or a batch
    /// normalisation reading other channels than the layer before gives.
    #[error(
        "layer {layer} ({what}) reads {found} channels, but the layers before it give {expected}"
    )]
    ChannelMismatch {
        /// The layer, counted from 0.
        layer: usize,
        /// What it is: `conv2d`, `batch_norm`, `dense`.
        what: &'static str,
        /// The channels (or features) it reads.
        found: usize,
        /// The channels the layers before give.
        expected: usize,
    },
    /// Layers in a file whose widths do not chain.
    #[error(
        "layer {layer} has {found} inputs (columns of layers.{layer}.weight), but layer {previous} has {expected} units",
        previous = .layer.saturating_sub(1)
    )]
    LayerMismatch {
        /// The layer whose inputs do not fit, counted from 0.
        layer: usize,
        /// Its inputs.
        found: usize,
        /// Units of the layer before it.
        expected: usize,
    },
    /// Tensors of a state dict that none of the layers read: a module that
    /// is not an `nn.Linear` (a `BatchNorm1d`'s `1.running_mean`), one the
    /// layer keys leave out, or one outside the prefix.
    #[error(
        "the file's tensors {} are read by none of its layers, {} (a layer reads {{key}}.weight and {{key}}.bias)",
        quoted(.tensors),
        quoted(.layers)
    )]
    UnreadTensors {
        /// The tensors left unread, in order of name.
        tensors: Vec<String>,
        /// The layers' keys (`0`, `net.2`), first to last.
        layers: Vec<String>,
    },
}

/// `` `a`, `b`, `c` ``, and how many more past the eighth.
fn quoted(names: &[String]) -> String {
    const SHOWN: usize = 8;
    let mut text = names
        .iter()
        .take(SHOWN)
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    text
}

/// Inputs of `found` features for a `model` that reads `expected`:
/// [`Error::FeatureMismatch`] unless they agree.
pub(crate) fn check_features(found: usize, expected: usize, model: &'static str) -> Result<()> {
    if found == expected {
        Ok(())
    } else {
        Err(Error::FeatureMismatch {
            found,
            expected,
            model,
        })
    }
}

/// `, and so are 3 more` after the first of `nulls` null cells.
fn more_nulls(nulls: usize) -> String {
    match nulls.saturating_sub(1) {
        0 => String::new(),
        more => format!(", and so are {more} more"),
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// For one column of targets where a model has several outputs: they may be
/// class labels, which categorical cross-entropy takes one-hot.
fn one_hot_hint(found: usize, expected: usize) -> String {
    if found == 1 && expected > 1 {
        format!(" (class labels? `one_hot(&labels, {expected})` gives one column per class)")
    } else {
        String::new()
    }
}
