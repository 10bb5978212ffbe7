//! # neuron
//!
//! The artificial neuron from scratch, on [`ndarray`]: a neuron multiplies each
//! input `xᵢ` by its weight `wᵢ`, sums the products into the net input
//!
//! ```text
//! h = Σᵢ xᵢwᵢ + b = x₁w₁ + x₂w₂ + x₃w₃ + b
//! ```
//!
//! and passes it through an activation function, by default the sigmoid:
//!
//! ```text
//! y = f(h) = σ(h) = 1 / (1 + e⁻ʰ)
//! ```
//!
//! The lecture's example: inputs `[0.5, 0.3, 0.2]` and weights `[0.4, 0.7, 0.2]`
//! give `h = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45` and `y = σ(0.45) = 0.61`.
//!
//! ## Quick start
//!
//! ```
//! use neuron::prelude::*;
//!
//! let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
//! let x = array![[0.5, 0.3, 0.2], [1.0, 0.0, 1.0]]; // (n_samples, n_inputs)
//! let y: Array1<f64> = neuron.forward(&x.view())?;  // one output per row
//! assert!((y[0] - 0.610639233949222).abs() < 1e-12);
//! println!("{}", neuron.explain(&x.row(0))?);        // h = 0.5·0.4 + … = 0.45
//! # Ok::<(), neuron::Error>(())
//! ```
//!
//! ## What is here
//!
//! - [`Neuron`]: weights, bias and [`Activation`]; [`forward`](Neuron::forward) for a
//!   batch, [`activate`](Neuron::activate) for one sample, [`explain`](Neuron::explain)
//!   for the computation step by step.
//! - [`Activation`]: sigmoid, tanh, ReLU, step, identity, GELU, SiLU, leaky
//!   ReLU and ELU, with their derivatives; the softmax over a layer's units.
//! - [`Init`]: seeded random weights (Xavier, He, Kaiming uniform, uniform, the lecture's `U[0, 1)`).
//! - [`Error`]: what went wrong, with the numbers; nothing a caller passes panics.
//!
//! - [`Layer`]: what every layer is, the crate's [`Dense`] and your own;
//!   [`Network`] and [`Sequential`]: a sequence of layers, trained by
//!   backpropagation through the trait.
//! - [`GradientDescent`], [`Loss`], [`Perceptron`]: learning, one training loop for
//!   every [`Trainable`] model; [`gradient_check`] compares backpropagation with
//!   finite differences.
//! - [`Optimizer`], [`Schedule`]: SGD, momentum, Nesterov, Adam, AdamW, RMSprop and Adagrad as
//!   `torch.optim` has them; learning rates that decay.
//! - [`datasets`], [`Standardizer`], [`metrics`], [`one_hot`]: data to learn from
//!   (breast cancer, iris, wine, digits) and ways to score it.
//! - [`reference`](mod@reference): the forward pass and the softmax in plain ndarray, the
//!   oracle the fast kernels are tested against.
//!
//! ## Features
//!
//! - `serde`: models, training settings and histories serialise; `save` and `load`
//!   write and read model files (below).
//! - `npy`: weights and biases as NumPy `.npy` files (`read_npy`, `write_npy`).
//! - `safetensors`: models as safetensors files in PyTorch's `nn.Linear` layout
//!   (`save_safetensors`, `load_safetensors`, `load_safetensors_with` for a state
//!   dict PyTorch or NumPy wrote, `SafetensorsOptions` for an `nn.Sequential`'s
//!   `0.weight`, `2.weight` and other names), read back bit for bit.
//! - `onnx`: `save_onnx` writes a model onnxruntime runs (a `Gemm` per layer and
//!   its activation, opset 13); the `onnx` module has the messages.
//! - `plot`: SVG plots of activation functions, loss curves, decision
//!   boundaries, ROC and precision-recall curves (the `plot` module), shown inline in evcxr notebooks
//!   ([`notebook`] has the rich display, with or without this feature).
//! - `progress`: a progress bar while training (`GradientDescent::progress`):
//!   an indicatif bar in a terminal, a line a second in a notebook or a log.
//! - `polars`: columns of a polars `DataFrame` as inputs and targets (the
//!   `frame` module, `Dataset::from_frame`), and `fit_frame`, `predict_frame`,
//!   `transform_frame` on the training loop, the models and the scalers; a
//!   missing, non-numeric, null or non-finite column is an error that names it.
//!
//! ## Model files
//!
//! With the `serde` feature, `model.save(path)` writes JSON like this, and
//! `Network::<f64>::load(path)` reads it back bit for bit:
//!
//! ```text
//! {
//!   "format": "neuron",
//!   "version": 1,
//!   "kind": "network",
//!   "float": "f64",
//!   "model": {
//!     "layers": [
//!       { "weights": [[0.1, 0.2], [0.3, 0.4]], "bias": [0.0, 0.5], "activation": "tanh" },
//!       { "weights": [[1.0], [-1.0]], "bias": [0.25], "activation": "sigmoid" }
//!     ]
//!   }
//! }
//! ```
//!
//! `kind` is `"neuron"` (model `{"weights": [..], "bias": b, "activation": ..}`),
//! `"dense"` (one layer object as above) or `"network"`. A layer's `weights` has
//! one row per input and one column per unit, the layout of NumPy's `X @ W`.
//! Saving is atomic (a temporary file, then a rename), and loading checks
//! everything: an empty, truncated or corrupt file, another format, version,
//! kind or float type, a ragged matrix, layers that do not chain or a missing
//! number are each a [`FileProblem`], naming the field where there is one.
//!
//! A [`Sequential`] network of images (convolutions, poolings, batch
//! normalisations, flattenings and dense layers) is a file of `"kind":
//! "sequential"`, each layer an object whose `"type"` says what it is: see
//! [`Sequential::save`](Network::save). It also saves as safetensors in
//! PyTorch's `nn.Sequential` layout ([`Sequential::save_safetensors`](Network::save_safetensors),
//! [`load_state_dict`](Network::load_state_dict) for a state dict PyTorch
//! wrote, [`load_state_dict_options`](Network::load_state_dict_options) for
//! one under a prefix or with other names) and as ONNX ([`Sequential::to_onnx`](Network::to_onnx)).
//!
//! Everything works in `f32` and `f64` (see [`Float`]). The crate re-exports the
//! [`ndarray`], [`ndarray_rand`] and [`rand`] it is built on (and `polars`, with
//! that feature), so scripts and notebooks use exactly these versions:
//! `use neuron::ndarray::array;`.
#![warn(missing_docs)]
// On docs.rs (nightly rustdoc with `--cfg docsrs`), each item that needs a
// feature says which, as a badge.
#![cfg_attr(docsrs, feature(doc_cfg))]
// Library code does not panic on caller data: no unwrap, expect, panic or
// indexing that can fail. What remains is allowed locally, with the reason.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod activation;
mod alloc;
mod backprop;
mod batchnorm;
mod checkpoint;
mod checks;
mod clip;
mod conv;
pub mod datasets;
mod dense;
mod error;
mod explain;
mod flatten;
mod float;
#[cfg(feature = "polars")]
pub mod frame;
mod gradient_check;
mod history;
mod hooks;
mod init;
mod io;
mod kernels;
mod labels;
pub mod layer;
mod loss;
mod metric;
pub mod metrics;
mod min_max;
mod network;
mod neuron;
pub mod notebook;
mod optimizer;
mod perceptron;
#[cfg(feature = "plot")]
pub mod plot;
mod pool;
pub mod prelude;
mod preprocessing;
pub mod reference;
mod sample_weights;
mod schedule;
mod scheduler;
mod summary;
mod targets;
mod train;
mod trainable;
mod window;
mod workspace;

/// The instruction-set level the crate's own kernels run at on this
/// processor: `"avx512"`, `"avx2"` (with FMA), `"neon"` or `"baseline"`.
///
/// It is chosen once, at the first call of a kernel: the best level the
/// processor supports, or a lower one named by the environment variable
/// `NEURON_SIMD` (for comparing levels on one machine). Matrix products (wide
/// layers, training) run on the `gemm` crate, which picks its own kernels
/// (AVX-512, AVX2 or NEON) from the processor.
///
/// ```
/// let level = neuron::simd_level();
/// assert!(["avx512", "avx2", "neon", "baseline"].contains(&level));
/// ```
pub fn simd_level() -> &'static str {
    kernels::dispatch::detected().name()
}

pub use crate::activation::Activation;
pub use crate::batchnorm::BatchNorm;
pub use crate::checkpoint::Checkpoint;
pub use crate::clip::{Clip, clip_grad_norm, clip_grad_value};
pub use crate::conv::Conv2d;
pub use crate::dense::Dense;
pub use crate::error::{ColumnProblem, Error, FileProblem, Result};
pub use crate::explain::{Explanation, Term};
pub use crate::flatten::Flatten;
pub use crate::float::Float;
pub use crate::gradient_check::{GradientCheck, gradient_check};
pub use crate::history::History;
pub use crate::hooks::{EpochReport, Hooks};
pub use crate::init::Init;
pub use crate::labels::one_hot;
pub use crate::layer::{Layer, ParameterKind, Pass};
pub use crate::loss::Loss;
pub use crate::metric::{Metric, MetricValues};
pub use crate::min_max::MinMaxScaler;
pub use crate::network::{Network, Sequential};
pub use crate::neuron::Neuron;
pub use crate::optimizer::{Optimizer, RmspropSettings};
pub use crate::perceptron::Perceptron;
pub use crate::pool::{AvgPool2d, MaxPool2d};
pub use crate::preprocessing::Standardizer;
pub use crate::schedule::Schedule;
pub use crate::scheduler::Scheduler;
pub use crate::summary::{Summary, SummaryRow};
pub use crate::targets::AsTargets;
pub use crate::train::{GradientDescent, Trainer};
pub use crate::trainable::Trainable;
pub use crate::window::Padding;
pub use crate::workspace::Workspace;

#[cfg(feature = "serde")]
pub use crate::io::json::FORMAT_VERSION;
#[cfg(feature = "onnx")]
pub use crate::io::onnx;
#[cfg(feature = "safetensors")]
pub use crate::io::safetensors_options::SafetensorsOptions;

pub use ndarray;
pub use ndarray_rand;
#[cfg(feature = "polars")]
pub use polars;
pub use rand;

/// The README's code, compiled and run as a doc test so that it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
