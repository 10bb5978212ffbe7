//! Any bytes as a model file: every loader returns a model or a typed error,
//! never panics, and a model that loads saves and loads back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use neuron::{Dense, Network, Neuron};

fuzz_target!(|bytes: &[u8]| {
    let dir = std::env::temp_dir();
    let path = dir.join(format!("neuron-fuzz-load-{}.json", std::process::id()));
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    if let Ok(network) = Network::<f64>::load(&path) {
        network.save(&path).expect("a loaded model saves");
        assert_eq!(Network::<f64>::load(&path).expect("and loads back"), network);
    }
    let _ = Network::<f32>::load(&path);
    let _ = Dense::<f64>::load(&path);
    let _ = Dense::<f32>::load(&path);
    let _ = Neuron::<f64>::load(&path);
    let _ = Neuron::<f32>::load(&path);
});
