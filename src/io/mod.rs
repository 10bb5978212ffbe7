//! Files: the model file formats, and the atomic writes (`atomic.rs`) and
//! bounded reads (`read_file.rs`) that every file of the crate goes through.
//!
//! Every format reads and writes models through one description of their
//! layers, [`ModelDescription`](description::ModelDescription) in
//! `description/`: layers `y = f(x·W + b)`, first to last, each with its
//! weights `(n_inputs, n_units)`, bias `(n_units,)`, activation and dropout.
//! Its `From<&Neuron>`, `From<&Dense>`, `From<&Network>` (`mod.rs`) and
//! `TryFrom<ModelDescription>` (`checks.rs`) are the one place that turns
//! models into layers and back, checking a description as every load checks
//! it (finite values, shapes, layers that chain, no softmax over one unit). A format
//! converts bytes to a description and back, and names the description's
//! fields in its own terms (`model.layers[1].bias` in JSON, the tensor
//! `layers.1.bias` in safetensors).
//!
//! # The pattern
//!
//! A format is one file in `io/` that
//! 1. implements [`Format`](format::Format): a description as bytes, and the
//!    name of a field in messages. `format.rs` saves with it, for every format
//!    and model alike: the model's description, checked, then written
//!    atomically. A format that reads its files back also implements
//!    [`Readable`](readable::Readable): what a file must start with, and its
//!    bytes as a description; `readable.rs` loads with it (the start checked
//!    before the rest is read, no more read than the file holds, the
//!    description checked as the model it becomes);
//! 2. writes its public methods once, over `Self`, in a
//!    `model_file_methods!` call, which puts them on `Neuron`, `Dense` and
//!    `Network`, each with its own doc example.
//!
//! | format (feature) | files | pattern | methods |
//! |---|---|---|---|
//! | JSON model files (`serde`) | `json.rs`; its records, which also give the models `Serialize` and `Deserialize`, in `record.rs` | `Format`, `Readable` | `save`, `load` |
//! | safetensors (`safetensors`) | `safetensors.rs`; `safetensors_layers.rs` (tensors), `safetensors_keys.rs` (which tensors are which layer's: `layers.{i}`, an `nn.Sequential`'s, named), `safetensors_header.rs`, `safetensors_options.rs` | `Format`, `Readable` with `SafetensorsOptions` | `save_safetensors`, `load_safetensors` and its `_converting`, `_with`, `_options` variants |
//! | ONNX (`onnx`) | `onnx/`: `export.rs`, `proto.rs` (the messages, public as `neuron::onnx`) | `Format`: export only | `save_onnx`, `to_onnx` |
//! | NumPy (`npy`) | `npy.rs`, `npy_header.rs` | the description only | written by hand |
//! | networks of images: JSON, safetensors (PyTorch's `nn.Sequential` layout), ONNX | `sequential/` (`mod.rs`: the layers as `Part`s; `json.rs`, `safetensors.rs`), `onnx/sequential.rs` | their own description, `Part` | on `Sequential`: `save`, `load`, `save_safetensors`, `load_safetensors`, `load_state_dict` (and `_options`), `save_onnx`, `to_onnx` |
//!
//! `.npy` files hold arrays, not models: a neuron or a layer is two files
//! and a network a folder of them, and the activations come from the caller,
//! so each model's methods take other arguments and are written by hand. They
//! too read and write through the description, so a model read from NumPy
//! files is checked as one read from any other file.
//!
//! **A new file format is one new file in `io/` implementing the pattern,
//! plus its `mod` line and feature gate in this file** (its feature added to
//! the gates of `description`, `format`, `atomic` and, if it reads,
//! `readable`, all here): 2 files of `src/`, and its feature in `Cargo.toml`.
//! A format with a public settings type, as `SafetensorsOptions`, also
//! re-exports it from `lib.rs`: 3 files. (The crate docs' feature list and
//! the README's table are documentation to update besides.)

/// Puts a format's public methods on every model that files hold.
///
/// The methods are written once, over `Self` and `F: Float` (links to each
/// other as `[`load_x`](Self::load_x)); in their doc attributes `what!()` is
/// the model as the docs name it (`neuron`, `layer`, `network`), and each
/// key given for a model (`example: "…"`) a macro giving that model's text:
///
/// ```text
/// model_file_methods! {
///     neuron { example: "…" }
///     dense { example: "…" }
///     network { example: "…" }
///     methods {
///         #[doc = concat!("Saves the ", what!(), " as …")]
///         /// ```
///         #[doc = example!()]
///         /// ```
///         pub fn save_x(&self, path: impl AsRef<Path>) -> Result<()> {
///             format::save::<X, F, Self>(self, path.as_ref())
///         }
///     }
/// }
/// ```
#[cfg_attr(
    not(any(feature = "serde", feature = "safetensors", feature = "onnx")),
    allow(unused_macros)
)]
macro_rules! model_file_methods {
    (
        neuron { $($neuron:ident: $neuron_text:literal),* $(,)? }
        dense { $($dense:ident: $dense_text:literal),* $(,)? }
        network { $($network:ident: $network_text:literal),* $(,)? }
        methods $methods:tt
    ) => {
        model_file_methods!(@model Neuron, "neuron", { $($neuron: $neuron_text),* }, $methods);
        model_file_methods!(@model Dense, "layer", { $($dense: $dense_text),* }, $methods);
        model_file_methods!(@model Network, "network", { $($network: $network_text),* }, $methods);
    };
    (@model $model:ident, $what:literal, { $($key:ident: $text:literal),* }, $methods:tt) => {
        #[allow(unused_macros)]
        macro_rules! what {
            () => {
                $what
            };
        }
        $(
            #[allow(unused_macros)]
            macro_rules! $key {
                () => {
                    $text
                };
            }
        )*
        impl<F: $crate::Float> $crate::$model<F> $methods
    };
}

pub(crate) mod atomic;
#[cfg(any(
    feature = "serde",
    feature = "npy",
    feature = "safetensors",
    feature = "onnx"
))]
mod description;
#[cfg(any(feature = "serde", feature = "safetensors", feature = "onnx"))]
mod format;
#[cfg(feature = "serde")]
pub(crate) mod json;
#[cfg(feature = "npy")]
mod npy;
#[cfg(feature = "npy")]
mod npy_header;
#[cfg(feature = "onnx")]
pub mod onnx;
pub(crate) mod read_file;
#[cfg(any(feature = "serde", feature = "safetensors"))]
mod readable;
#[cfg(feature = "serde")]
mod record;
#[cfg(feature = "safetensors")]
mod safetensors;
#[cfg(feature = "safetensors")]
mod safetensors_header;
#[cfg(feature = "safetensors")]
mod safetensors_keys;
#[cfg(feature = "safetensors")]
mod safetensors_layers;
#[cfg(feature = "safetensors")]
pub(crate) mod safetensors_options;
#[cfg(any(feature = "serde", feature = "safetensors", feature = "onnx"))]
mod sequential;
