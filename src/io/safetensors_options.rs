//! `SafetensorsOptions`: how to load a safetensors file.

use crate::Activation;

/// How to load a safetensors file: the activations (for a file without
/// neuron's metadata, such as a PyTorch state dict) and whether to convert a
/// file of the other float type.
///
/// [`Network::load_safetensors`](crate::Network::load_safetensors) is `load_safetensors_options` with the
/// default: activations from the file, no conversion.
///
/// ```
/// use neuron::{Activation, SafetensorsOptions};
///
/// let options = SafetensorsOptions::new()
///     .activations(&[Activation::Tanh, Activation::Softmax])
///     .converting(true);
/// assert_eq!(options.given_activations(), Some(&[Activation::Tanh, Activation::Softmax][..]));
/// assert!(options.converts());
/// assert!(!SafetensorsOptions::default().converts());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SafetensorsOptions {
    activations: Option<Vec<Activation>>,
    convert: bool,
}

impl SafetensorsOptions {
    /// Activations from the file's metadata, no conversion.
    pub fn new() -> Self {
        Self::default()
    }

    /// One activation per layer, first to last, for files that do not name
    /// them. A file that does name them must name the same ones.
    pub fn activations(mut self, activations: &[Activation]) -> Self {
        self.activations = Some(activations.to_vec());
        self
    }

    /// Whether a file of the other float type is converted (`F32` values
    /// widen exactly to `f64`; `F64` values round to the nearest `f32`)
    /// rather than refused.
    pub fn converting(mut self, convert: bool) -> Self {
        self.convert = convert;
        self
    }

    /// The activations given, if any.
    pub fn given_activations(&self) -> Option<&[Activation]> {
        self.activations.as_deref()
    }

    /// Whether the other float type is converted.
    pub fn converts(&self) -> bool {
        self.convert
    }
}
