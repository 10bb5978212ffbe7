//! Models as safetensors files, named as PyTorch names an `nn.ModuleList`
//! called `layers` of `nn.Linear`, so that PyTorch, candle and
//! `safetensors.numpy` read them as they are.
//!
//! | tensor | shape | what |
//! |---|---|---|
//! | `layers.{i}.weight` | `(n_units, n_inputs)` | layer `i`'s weights, **transposed**: row `j` is unit `j`'s weights, as `nn.Linear.weight` |
//! | `layers.{i}.bias` | `(n_units,)` | layer `i`'s biases |
//!
//! so that layer `i` computes `y = f(x @ W.T + b)`. The dtype is `F32` or `F64`,
//! the model's float type. The header's `__metadata__` (text to text) says
//! what the tensors cannot:
//!
//! | key | value |
//! |---|---|
//! | `format` | `neuron` |
//! | `version` | `1`, the version of this layout |
//! | `activations` | one name per layer, comma-separated: `relu,softmax` (names as [`Activation::name`]) |
//! | `dropout` | only when a layer has dropout: one rate per layer, `0.1,0` |
//!
//! A [`Dense`](crate::Dense) layer is a file of one layer, a
//! [`Neuron`](crate::Neuron) a file of one layer of one unit. Saving is
//! atomic, and the same model always gives the same bytes. A file without
//! neuron's metadata (as `safetensors.torch.save_file` writes a state dict)
//! loads when the caller names the activations; one whose layers are named
//! otherwise (an `nn.Sequential`'s `0.weight`, `2.weight`, a module's
//! `net.0.weight`) loads when [`SafetensorsOptions`] says where they are
//! (`safetensors_keys.rs`).

use std::path::Path;

use super::description::{Field, Kind, ModelDescription};
use super::format::{self, Format};
use super::readable::{self, Readable};
use super::safetensors_header;
use super::safetensors_layers::{from_bytes, to_bytes};
use super::safetensors_options::SafetensorsOptions;
use crate::{Activation, FileProblem, Float, Result};

/// The safetensors model files.
pub(crate) struct Safetensors;

impl Format for Safetensors {
    /// The tensor a field is in (`layers.1.weight`), or its layer (`layers.1`).
    fn field(_kind: Kind, field: Field) -> String {
        match field {
            Field::Layers => "layers".to_owned(),
            Field::Weights { layer } | Field::Weight { layer, .. } => {
                format!("layers.{layer}.weight")
            }
            Field::Bias { layer } | Field::UnitBias { layer, .. } => format!("layers.{layer}.bias"),
            Field::Activation { layer } | Field::Dropout { layer } => format!("layers.{layer}"),
        }
    }

    fn to_bytes<F: Float>(model: &ModelDescription<F>) -> Result<Vec<u8>, FileProblem> {
        let bytes = to_bytes(model)?;
        // A file that would not load back is not written: read it as a load would.
        from_bytes::<F>(&bytes, &SafetensorsOptions::new(), Kind::Network)?;
        Ok(bytes)
    }
}

impl Readable for Safetensors {
    type Options = SafetensorsOptions;

    /// The first 8 bytes say how long the header is: checked against the
    /// file's size before anything else is read, and then no more is read
    /// than the file holds.
    const START: u64 = 8;

    fn check_start(start: &[u8], size: Option<u64>) -> Result<(), FileProblem> {
        let held = size.map(|size| size.saturating_sub(8));
        safetensors_header::header_length(start, held).map(|_| ())
    }

    fn from_bytes<F: Float>(
        bytes: &[u8],
        kind: Kind,
        options: &SafetensorsOptions,
    ) -> Result<ModelDescription<F>, FileProblem> {
        from_bytes(bytes, options, kind)
    }
}

model_file_methods! {
    neuron {
        example: "use neuron::{Activation, Neuron};
use neuron::ndarray::array;

let path = std::env::temp_dir().join(format!(\"neuron-doc-{}.safetensors\", std::process::id()));
let neuron = Neuron::new(array![0.4, 0.7, 0.2]).with_bias(-0.1).with_activation(Activation::Step);
neuron.save_safetensors(&path)?;
let back = Neuron::<f64>::load_safetensors(&path)?;
assert_eq!(back, neuron);
assert_eq!(back.weights()[1], 0.7);
# std::fs::remove_file(&path).ok();
# Ok::<(), neuron::Error>(())"
    }
    dense {
        example: "use neuron::{Activation, Dense, Init};
use neuron::rand::{SeedableRng, rngs::StdRng};

let path = std::env::temp_dir().join(format!(\"dense-doc-{}.safetensors\", std::process::id()));
let layer: Dense<f32> = Dense::random(4, 3, Activation::Softmax, Init::XavierUniform, &mut StdRng::seed_from_u64(0))?;
layer.save_safetensors(&path)?;
assert_eq!(Dense::<f32>::load_safetensors(&path)?, layer);
# std::fs::remove_file(&path).ok();
# Ok::<(), neuron::Error>(())"
    }
    network {
        example: "use neuron::{Activation, Dense, Network};
use neuron::ndarray::array;

let path = std::env::temp_dir().join(format!(\"network-doc-{}.safetensors\", std::process::id()));
let network = Network::from_layers(vec![
    Dense::new(array![[0.5, -1.0, 0.25]], array![0.0, 0.1, 0.2], Activation::Tanh)?,
    Dense::new(array![[1.0], [2.0], [3.0]], array![-0.5], Activation::Sigmoid)?,
])?;
network.save_safetensors(&path)?;
assert_eq!(Network::<f64>::load_safetensors(&path)?, network);
// PyTorch's layout: layers.0.weight is (3 units, 1 input), the transpose of ours.
let back = Network::<f64>::load_safetensors_with(&path, &[Activation::Tanh, Activation::Sigmoid])?;
assert_eq!(back.layers()[0].weights(), &array![[0.5, -1.0, 0.25]]);
assert!(Network::<f32>::load_safetensors(&path).is_err()); // F64 in the file
assert_eq!(Network::<f32>::load_safetensors_converting(&path)?.layers()[1].bias()[0], -0.5_f32);
# std::fs::remove_file(&path).ok();
# Ok::<(), neuron::Error>(())"
    }
    methods {
        #[doc = concat!("Saves the ", what!(), " as a safetensors file, atomically: the previous")]
        /// file at `path` stays intact unless the new one is complete.
        ///
        /// Tensors are named `layers.{i}.weight`, `(n_units, n_inputs)` (the
        /// transpose of [`Dense::weights`](crate::Dense::weights), as `nn.Linear.weight`), and
        /// `layers.{i}.bias`, `(n_units,)`, in `F32` or `F64`; the activations are
        /// in the header's metadata. The same model always gives the same bytes.
        ///
        /// # Errors
        /// [`Error::ModelFile`](crate::Error::ModelFile) with [`FileProblem::InvalidModel`] for a NaN or
        /// infinite weight or bias, or a softmax over one unit (nothing is
        /// written); [`Error::Io`](crate::Error::Io) if the file cannot be written.
        ///
        /// ```
        #[doc = example!()]
        /// ```
        pub fn save_safetensors(&self, path: impl AsRef<Path>) -> Result<()> {
            format::save::<Safetensors, F, Self>(self, path.as_ref())
        }

        #[doc = concat!("Loads a ", what!(), " saved by [`save_safetensors`](Self::save_safetensors),")]
        /// with the activations its metadata names and of this float type.
        ///
        /// # Errors
        /// [`Error::Io`](crate::Error::Io) if the file cannot be read; [`Error::ModelFile`](crate::Error::ModelFile) with the
        /// [`FileProblem`] otherwise, never a panic and never a half-built model:
        /// - [`FileProblem::Empty`], [`FileProblem::HeaderLength`] (a header longer
        ///   than the file), [`FileProblem::DataLength`] (a file cut short),
        ///   [`FileProblem::TensorOffsets`] (offsets that overlap, leave gaps, run
        ///   backwards or do not fit the shape), [`FileProblem::NotAModelFile`]
        ///   (no safetensors header, or no neuron metadata naming the activations);
        /// - [`FileProblem::UnsupportedDtype`] for anything but `F32` and `F64`,
        ///   [`FileProblem::WrongDtype`] for the other float type (see
        ///   [`load_safetensors_converting`](Self::load_safetensors_converting));
        /// - [`FileProblem::MissingTensor`], [`FileProblem::LayerMismatch`],
        ///   [`FileProblem::WrongKind`] (e.g. a network loaded as a layer),
        ///   [`FileProblem::UnsupportedVersion`], and [`FileProblem::InvalidModel`]
        ///   naming the tensor or metadata key for a wrong shape, an unknown
        ///   tensor or activation, or a NaN or infinite value;
        /// - for a PyTorch state dict read by its keys (see [`SafetensorsOptions`]):
        ///   [`FileProblem::MissingTensor`] for a named key's `weight`,
        ///   [`FileProblem::UnreadTensors`] naming every tensor no layer reads,
        ///   [`FileProblem::TensorShape`] for a bias or a weight that does not
        ///   fit its layer or the layer before (both shapes), and
        ///   [`FileProblem::InvalidModel`] for a weight that is not a matrix or
        ///   a number of activations other than the number of layers.
        pub fn load_safetensors(path: impl AsRef<Path>) -> Result<Self> {
            Self::load_safetensors_options(path, &SafetensorsOptions::new())
        }

        /// As [`load_safetensors`](Self::load_safetensors), but a file of the other float
        /// type is converted: `F32` widens exactly to `f64`, `F64` rounds to the
        /// nearest `f32`.
        ///
        /// # Errors
        /// As [`load_safetensors`](Self::load_safetensors), less the wrong dtype; a value
        /// too large for `f32` is infinite after conversion, which is refused.
        pub fn load_safetensors_converting(path: impl AsRef<Path>) -> Result<Self> {
            Self::load_safetensors_options(path, &SafetensorsOptions::new().converting(true))
        }

        #[doc = concat!("Loads a ", what!(), " from a safetensors file with these activations, one per")]
        /// layer: for a state dict PyTorch or NumPy wrote, which has weights
        /// `layers.{i}.weight` of shape `(out_features, in_features)` and biases
        /// `layers.{i}.bias`, but no metadata. A file that names its activations
        /// must name the same ones.
        ///
        /// A state dict of only `{i}.weight` and `{i}.bias` tensors, as a bare
        /// `nn.Sequential` or `nn.ModuleList` saves them (`0.weight`, `2.weight`),
        /// is read as [`SafetensorsOptions::sequential`] reads it: its `nn.Linear`
        /// layers in order, one activation for each, biases of zero for one
        /// without. For other names, see [`SafetensorsOptions`].
        ///
        /// # Errors
        /// As [`load_safetensors`](Self::load_safetensors); [`FileProblem::InvalidModel`]
        /// when the number of activations is not the number of layers, or the
        /// file's metadata names others.
        pub fn load_safetensors_with(
            path: impl AsRef<Path>,
            activations: &[Activation],
        ) -> Result<Self> {
            Self::load_safetensors_options(
                path,
                &SafetensorsOptions::new().activations(activations),
            )
        }

        #[doc = concat!("Loads a ", what!(), " from a safetensors file, with the activations,")]
        /// float conversion and names of the layers' tensors of `options`: a
        /// PyTorch `nn.Sequential`'s ([`SafetensorsOptions::sequential`]), under a
        /// module's path ([`SafetensorsOptions::prefix`]), or named one by one
        /// ([`SafetensorsOptions::layer_keys`]).
        ///
        /// # Errors
        /// As [`load_safetensors`](Self::load_safetensors) and [`load_safetensors_with`](Self::load_safetensors_with).
        pub fn load_safetensors_options(
            path: impl AsRef<Path>,
            options: &SafetensorsOptions,
        ) -> Result<Self> {
            readable::load::<Safetensors, F, Self>(path.as_ref(), options)
        }
    }
}
