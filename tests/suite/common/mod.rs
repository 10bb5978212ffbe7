//! Helpers shared by the tests of the model files that travel (safetensors, ONNX).
#![allow(dead_code)]

use std::fs;
use std::path::PathBuf;

pub mod sgd_oracle;
#[cfg(feature = "plot")]
pub mod svg;
pub mod torch;

use neuron::prelude::*;

/// Runs `f` on its own thread and gives its result, or fails the test when
/// it takes longer than 10 s (a loop that never ends is a failure, not a hang
/// of the suite).
pub fn within_ten_seconds<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(f());
    });
    receive
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("still running after 10 s")
}

/// A fresh, empty folder for one test: `neuron-{kind}-{pid}-{test}` in the
/// folder Cargo keeps for tests' files (`target/tmp`), not the system's temp folder.
pub fn folder(kind: &str, test: &str) -> PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("neuron-{kind}-{}-{test}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// 3 → 5 → 4 → 6 → 3 → 2 → 3 with every activation, seeded, non-zero biases;
/// the step first, so that nothing after it is rounded away.
pub fn every_activation<F: Float>(seed: u64) -> Network<F> {
    let mut rng = StdRng::seed_from_u64(seed);
    let widths = [3, 5, 4, 6, 3, 2, 3];
    let activations = [
        Activation::Step,
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::Identity,
        Activation::Softmax,
    ];
    let layers = activations
        .iter()
        .enumerate()
        .map(|(l, &f)| {
            let layer =
                Dense::random(widths[l], widths[l + 1], f, Init::XavierUniform, &mut rng).unwrap();
            let bias =
                Array1::from_shape_fn(layer.n_units(), |j| F::from_f64(0.1 * j as f64 - 0.15));
            Dense::new(layer.weights().clone(), bias, f).unwrap()
        })
        .collect();
    Network::from_layers(layers).unwrap()
}
