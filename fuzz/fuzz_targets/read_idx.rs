//! Any bytes as an IDX file, plain or gzipped: an array or a typed error,
//! never a panic, an abort or an allocation sized by the header's claims
//! beyond what the file holds.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let path = std::env::temp_dir().join(format!("neuron-fuzz-idx-{}.idx", std::process::id()));
    if std::fs::write(&path, bytes).is_err() {
        return;
    }
    if let Ok(values) = neuron::datasets::read_idx::<f64>(&path) {
        assert_eq!(values.len(), values.shape().iter().product::<usize>());
    }
});
