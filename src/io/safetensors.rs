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
//! A [`Dense`] layer is a file of one layer, a [`Neuron`] a file of one layer
//! of one unit. Saving is atomic, and the same model always gives the same
//! bytes. A file without neuron's metadata (as `safetensors.torch.save_file`
//! writes a state dict) loads when the caller names the activations.

use std::path::Path;

use super::safetensors_header;
use super::safetensors_layers::{Kind, from_bytes, to_bytes};
pub use super::safetensors_options::SafetensorsOptions;
use crate::io::read_file::{ReadProblem, Source};
use crate::{Activation, Dense, Error, FileProblem, Float, Network, Neuron, Result};

fn save_layers<F: Float>(layers: &[Dense<F>], path: &Path) -> Result<()> {
    let problem = |problem| Error::ModelFile {
        action: "save",
        path: path.display().to_string(),
        problem,
    };
    let bytes = to_bytes(layers).map_err(problem)?;
    // A model that would not load back is not written: read it as a load would.
    from_bytes::<F>(&bytes, &SafetensorsOptions::new(), Kind::Network).map_err(problem)?;
    crate::io::atomic::write_atomically(path, &bytes)
}

fn load_layers<F: Float>(
    path: &Path,
    options: &SafetensorsOptions,
    kind: Kind,
) -> Result<Vec<Dense<F>>> {
    let fail = |problem| Error::ModelFile {
        action: "load",
        path: path.display().to_string(),
        problem,
    };
    let read = |problem: ReadProblem| match problem {
        ReadProblem::Io(e) => Error::Io {
            action: "read",
            path: path.display().to_string(),
            message: e.to_string(),
        },
        ReadProblem::Refused(message) => fail(FileProblem::NotAModelFile { message }),
    };
    // The first 8 bytes say how long the header is: checked against the
    // file's size before anything else is read, and then no more is read than
    // the file holds.
    let mut source = Source::open(path).map_err(read)?;
    let mut bytes = source.read_up_to(8).map_err(read)?;
    let held = source.size().map(|size| size.saturating_sub(8));
    safetensors_header::header_length(&bytes, held).map_err(fail)?;
    let rest = source.read_rest(bytes.len() as u64).map_err(read)?;
    bytes.extend_from_slice(&rest);
    from_bytes(&bytes, options, kind).map_err(fail)
}

macro_rules! safetensors_methods {
    ($model:ident, $kind:expr, $what:literal, $to_layers:expr, $from_layers:expr, $example:literal) => {
        impl<F: Float> $model<F> {
            #[doc = concat!("Saves the ", $what, " as a safetensors file, atomically: the previous")]
            /// file at `path` stays intact unless the new one is complete.
            ///
            /// Tensors are named `layers.{i}.weight`, `(n_units, n_inputs)` (the
            /// transpose of [`Dense::weights`], as `nn.Linear.weight`), and
            /// `layers.{i}.bias`, `(n_units,)`, in `F32` or `F64`; the activations are
            /// in the header's metadata. The same model always gives the same bytes.
            ///
            /// # Errors
            /// [`Error::ModelFile`] with [`FileProblem::InvalidModel`] for a NaN or
            /// infinite weight or bias, or a softmax over one unit (nothing is
            /// written); [`Error::Io`] if the file cannot be written.
            ///
            /// ```
            #[doc = $example]
            /// ```
            pub fn save_safetensors(&self, path: impl AsRef<Path>) -> Result<()> {
                let layers: Vec<Dense<F>> = $to_layers(self);
                save_layers(&layers, path.as_ref())
            }

            #[doc = concat!("Loads a ", $what, " saved by [`save_safetensors`](", stringify!($model), "::save_safetensors),")]
            /// with the activations its metadata names and of this float type.
            ///
            /// # Errors
            /// [`Error::Io`] if the file cannot be read; [`Error::ModelFile`] with the
            /// [`FileProblem`] otherwise, never a panic and never a half-built model:
            /// - [`FileProblem::Empty`], [`FileProblem::HeaderLength`] (a header longer
            ///   than the file), [`FileProblem::DataLength`] (a file cut short),
            ///   [`FileProblem::TensorOffsets`] (offsets that overlap, leave gaps, run
            ///   backwards or do not fit the shape), [`FileProblem::NotAModelFile`]
            ///   (no safetensors header, or no neuron metadata naming the activations);
            /// - [`FileProblem::UnsupportedDtype`] for anything but `F32` and `F64`,
            ///   [`FileProblem::WrongDtype`] for the other float type (see
            #[doc = concat!("  [`load_safetensors_converting`](", stringify!($model), "::load_safetensors_converting));")]
            /// - [`FileProblem::MissingTensor`], [`FileProblem::LayerMismatch`],
            ///   [`FileProblem::WrongKind`] (e.g. a network loaded as a layer),
            ///   [`FileProblem::UnsupportedVersion`], and [`FileProblem::InvalidModel`]
            ///   naming the tensor or metadata key for a wrong shape, an unknown
            ///   tensor or activation, or a NaN or infinite value.
            pub fn load_safetensors(path: impl AsRef<Path>) -> Result<Self> {
                Self::load_safetensors_options(path, &SafetensorsOptions::new())
            }

            #[doc = concat!("As [`load_safetensors`](", stringify!($model), "::load_safetensors), but a file of the other float")]
            /// type is converted: `F32` widens exactly to `f64`, `F64` rounds to the
            /// nearest `f32`.
            ///
            /// # Errors
            #[doc = concat!("As [`load_safetensors`](", stringify!($model), "::load_safetensors), less the wrong dtype; a value")]
            /// too large for `f32` is infinite after conversion, which is refused.
            pub fn load_safetensors_converting(path: impl AsRef<Path>) -> Result<Self> {
                Self::load_safetensors_options(path, &SafetensorsOptions::new().converting(true))
            }

            #[doc = concat!("Loads a ", $what, " from a safetensors file with these activations, one per")]
            /// layer: for a state dict PyTorch or NumPy wrote, which has weights
            /// `layers.{i}.weight` of shape `(out_features, in_features)` and biases
            /// `layers.{i}.bias`, but no metadata. A file that names its activations
            /// must name the same ones.
            ///
            /// # Errors
            #[doc = concat!("As [`load_safetensors`](", stringify!($model), "::load_safetensors); [`FileProblem::InvalidModel`]")]
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

            #[doc = concat!("Loads a ", $what, " from a safetensors file, with the activations and")]
            /// float conversion of `options`.
            ///
            /// # Errors
            #[doc = concat!("As [`load_safetensors`](", stringify!($model), "::load_safetensors) and [`load_safetensors_with`](", stringify!($model), "::load_safetensors_with).")]
            pub fn load_safetensors_options(
                path: impl AsRef<Path>,
                options: &SafetensorsOptions,
            ) -> Result<Self> {
                let path = path.as_ref();
                let layers = load_layers::<F>(path, options, $kind)?;
                $from_layers(layers).map_err(|problem| Error::ModelFile {
                    action: "load",
                    path: path.display().to_string(),
                    problem,
                })
            }
        }
    };
}

/// A model built from layers already checked; a failure here names the file's problem.
type Built<M> = std::result::Result<M, FileProblem>;

fn network_from<F: Float>(layers: Vec<Dense<F>>) -> Built<Network<F>> {
    Network::from_layers(layers).map_err(|e| FileProblem::InvalidModel {
        field: "layers".to_owned(),
        reason: e.to_string(),
    })
}

fn layer_from<F: Float>(layers: Vec<Dense<F>>) -> Built<Dense<F>> {
    let n_layers = layers.len();
    layers.into_iter().next().ok_or(FileProblem::WrongKind {
        found: format!("network of {n_layers} layers"),
        expected: "layer",
    })
}

fn neuron_from<F: Float>(layers: Vec<Dense<F>>) -> Built<Neuron<F>> {
    let units = layers.first().map_or(0, Dense::n_units);
    layers
        .first()
        .and_then(|layer| layer.neuron(0))
        .ok_or(FileProblem::WrongKind {
            found: format!("layer of {units} units"),
            expected: "neuron",
        })
}

safetensors_methods!(
    Network,
    Kind::Network,
    "network",
    |network: &Network<F>| network.layers().to_vec(),
    network_from,
    "use neuron::{Activation, Dense, Network};
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
);
safetensors_methods!(
    Dense,
    Kind::Layer,
    "layer",
    |layer: &Dense<F>| vec![layer.clone()],
    layer_from,
    "use neuron::{Activation, Dense, Init};
use neuron::rand::{SeedableRng, rngs::StdRng};

let path = std::env::temp_dir().join(format!(\"dense-doc-{}.safetensors\", std::process::id()));
let layer: Dense<f32> = Dense::random(4, 3, Activation::Softmax, Init::XavierUniform, &mut StdRng::seed_from_u64(0))?;
layer.save_safetensors(&path)?;
assert_eq!(Dense::<f32>::load_safetensors(&path)?, layer);
# std::fs::remove_file(&path).ok();
# Ok::<(), neuron::Error>(())"
);
safetensors_methods!(
    Neuron,
    Kind::Neuron,
    "neuron",
    |neuron: &Neuron<F>| vec![Dense::from(neuron.clone())],
    neuron_from,
    "use neuron::{Activation, Neuron};
use neuron::ndarray::array;

let path = std::env::temp_dir().join(format!(\"neuron-doc-{}.safetensors\", std::process::id()));
let neuron = Neuron::new(array![0.4, 0.7, 0.2]).with_bias(-0.1).with_activation(Activation::Step);
neuron.save_safetensors(&path)?;
let back = Neuron::<f64>::load_safetensors(&path)?;
assert_eq!(back, neuron);
assert_eq!(back.weights()[1], 0.7);
# std::fs::remove_file(&path).ok();
# Ok::<(), neuron::Error>(())"
);
