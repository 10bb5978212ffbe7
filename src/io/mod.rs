//! Files: model files in every format, and the atomic writes and bounded reads they share.

#[cfg(any(
    feature = "serde",
    feature = "npy",
    feature = "plot",
    feature = "safetensors",
    feature = "onnx"
))]
pub(crate) mod atomic;
#[cfg(feature = "serde")]
pub(crate) mod json;
#[cfg(feature = "npy")]
mod npy;
#[cfg(feature = "npy")]
mod npy_header;
#[cfg(feature = "onnx")]
pub mod onnx;
pub(crate) mod read_file;
#[cfg(feature = "serde")]
pub(crate) mod record;
#[cfg(feature = "safetensors")]
mod safetensors;
#[cfg(feature = "safetensors")]
mod safetensors_header;
#[cfg(feature = "safetensors")]
mod safetensors_layers;
#[cfg(feature = "safetensors")]
pub(crate) mod safetensors_options;
