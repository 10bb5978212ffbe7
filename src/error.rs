//! The crate's error type: every mistake a caller can make, with what and how much.

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
/// assert_eq!(err, Error::FeatureMismatch { found: 4, expected: 3 });
/// assert_eq!(
///     err.to_string(),
///     "input has 4 features per sample, but the neuron has 3 weights"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The inputs have a different number of features (columns) than the neuron has weights.
    #[error("input has {found} features per sample, but the neuron has {expected} weights")]
    FeatureMismatch {
        /// Features per sample in the input.
        found: usize,
        /// Weights of the neuron.
        expected: usize,
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

    /// Text that names no activation function.
    #[error("unknown activation `{name}`; expected one of sigmoid, tanh, relu, step, identity")]
    UnknownActivation {
        /// The text given.
        name: String,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
