//! Any bytes as a safetensors model file: a model or a typed error, never a
//! panic, an abort or an allocation sized by the header's claims.
#![no_main]

use libfuzzer_sys::fuzz_target;
use neuron::{Activation, Dense, Network, Neuron};

fuzz_target!(|bytes: &[u8]| {
    let dir = std::env::temp_dir();
    let path = dir.join(format!("neuron-fuzz-safetensors-{}.safetensors", std::process::id()));
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    if let Ok(network) = Network::<f64>::load_safetensors(&path) {
        assert!(network.layers().iter().all(|l| l.weights().iter().all(|w| w.is_finite())));
    }
    let _ = Network::<f32>::load_safetensors_converting(&path);
    let _ = Network::<f64>::load_safetensors_with(&path, &[Activation::Tanh, Activation::Softmax]);
    let _ = Dense::<f32>::load_safetensors(&path);
    let _ = Neuron::<f64>::load_safetensors(&path);
});
