//! Any bytes as a CSV file: a data set or a typed error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use neuron::datasets::{CsvOptions, read_csv_from};

fuzz_target!(|bytes: &[u8]| {
    for options in [
        CsvOptions::new(),
        CsvOptions::new().with_header(false),
        CsvOptions::new().with_target_column(0).with_delimiter(b';'),
    ] {
        if let Ok(data) = read_csv_from::<f64, _>(bytes, &options) {
            assert_eq!(data.inputs().nrows(), data.targets().len());
            assert!(data.inputs().iter().all(|x| x.is_finite()));
        }
        let _ = read_csv_from::<f32, _>(bytes, &options);
    }
});
