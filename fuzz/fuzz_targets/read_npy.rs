//! Any bytes as .npy weight files: a model or a typed error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use neuron::{Activation, Dense, Neuron};

fuzz_target!(|bytes: &[u8]| {
    let dir = std::env::temp_dir();
    let path = dir.join(format!("neuron-fuzz-npy-{}.npy", std::process::id()));
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    let _ = Neuron::<f64>::read_npy(&path, &path, Activation::Sigmoid);
    let _ = Neuron::<f32>::read_npy(&path, &path, Activation::Sigmoid);
    if let Ok(layer) = Dense::<f64>::read_npy(&path, &path, Activation::Tanh) {
        assert!(layer.weights().iter().all(|w| w.is_finite()));
    }
    let _ = Dense::<f32>::read_npy(&path, &path, Activation::Tanh);
});
