//! The integration tests: the public API against cited oracles, one file per
//! topic (`activation.rs`, `training.rs`, `conv.rs`, …), built as one test
//! binary. One binary compiles and links the crate's generic code once for
//! all of them; a binary per file did it 57 times, most of the time of
//! `cargo test`. Run one topic with a filter: `cargo test --test suite conv::`.
//!
//! Two files stay binaries of their own: `tests/lecture.rs` (the lecture's
//! numbers, `cargo test --test lecture`) and `tests/allocations.rs` (a
//! counting global allocator, which would count every other test's bytes).

mod common;

// On every platform, WebAssembly included (`scripts/test-wasm` runs these
// under Node on wasm32-wasip1).
mod activation;
mod clipping;
mod cross_val;
mod errors;
mod folds;
mod init;
mod l1;
mod layers;
mod layouts;
mod loss;
mod many_classes;
mod metrics;
mod multiclass_datasets;
mod multiclass_metrics;
mod notebook;
mod optimizers;
mod perceptron;
mod plot_classes;
mod plot_curves;
mod precision_recall;
mod preprocessing;
mod properties;
mod regression_data;
mod regression_losses;
mod regression_mlp;
mod regularisation;
mod schedules;
mod stratified_split;
mod trainer;
mod training;
mod training_metrics;
mod validation_split;
mod weights;
mod workspace;

// Native only, as before the tests were one binary: these read and write
// files, start threads, or take minutes under Node.
#[cfg(not(target_family = "wasm"))]
mod activations_torch;
#[cfg(not(target_family = "wasm"))]
mod conv;
#[cfg(not(target_family = "wasm"))]
mod custom_layer;
#[cfg(not(target_family = "wasm"))]
mod datasets;
#[cfg(not(target_family = "wasm"))]
mod frame;
#[cfg(not(target_family = "wasm"))]
mod hostile;
#[cfg(not(target_family = "wasm"))]
mod hostile_layers;
#[cfg(not(target_family = "wasm"))]
mod hostile_round2;
#[cfg(not(target_family = "wasm"))]
mod hostile_round3;
#[cfg(not(target_family = "wasm"))]
mod idx;
#[cfg(not(target_family = "wasm"))]
mod legacy_files;
#[cfg(not(target_family = "wasm"))]
mod min_max;
#[cfg(not(target_family = "wasm"))]
mod npy;
#[cfg(not(target_family = "wasm"))]
mod onnx;
#[cfg(not(target_family = "wasm"))]
mod persist;
#[cfg(not(target_family = "wasm"))]
mod plot;
#[cfg(not(target_family = "wasm"))]
mod regression_metrics;
#[cfg(not(target_family = "wasm"))]
mod rmsprop_adagrad;
#[cfg(not(target_family = "wasm"))]
mod roc;
#[cfg(not(target_family = "wasm"))]
mod safetensors;
#[cfg(not(target_family = "wasm"))]
mod safetensors_cnn;
#[cfg(not(target_family = "wasm"))]
mod safetensors_state_dict;
#[cfg(not(target_family = "wasm"))]
mod softmax_regression;
#[cfg(not(target_family = "wasm"))]
mod threads;
#[cfg(not(target_family = "wasm"))]
mod write_csv;
