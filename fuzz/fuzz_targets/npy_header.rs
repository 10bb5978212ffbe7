//! .npy files built from a header dictionary the fuzzer shapes: keys repeated,
//! missing or unknown, dtypes and shapes at the edges (overflowing products,
//! `shape` text inside strings), and data of the right length or not. Every
//! one must load or be a typed error: never a panic, an abort or a huge
//! allocation.
#![no_main]

use libfuzzer_sys::arbitrary::Unstructured;
use libfuzzer_sys::fuzz_target;
use neuron::{Activation, Dense, Neuron};

const KEYS: [&str; 6] = ["descr", "fortran_order", "shape", "shape", "extra", "desc"];
const DTYPES: [&str; 9] = [
    "<f8", "<f4", ">f8", "|i1", "<i8", "|b1", "<f8', 'shape': (1,), '", "", "<U7",
];
const SIZES: [&str; 12] = [
    "0", "1", "2", "3", "7", "255", "65536", "2147483648", "4294967296",
    "9223372036854775807", "18446744073709551615", "18446744073709551616",
];

fn header(u: &mut Unstructured<'_>) -> Option<(String, usize)> {
    let mut text = String::from("{");
    let mut values = 1_usize;
    for _ in 0..u.int_in_range(0..=5_u8).ok()? {
        let key = *u.choose(&KEYS).ok()?;
        let quote = if u.arbitrary::<bool>().ok()? { '\'' } else { '"' };
        text.push_str(&format!("{quote}{key}{quote}: "));
        match key {
            "descr" | "desc" => text.push_str(&format!("'{}'", u.choose(&DTYPES).ok()?)),
            "fortran_order" => text.push_str(*u.choose(&["True", "False", "0", "None"]).ok()?),
            _ => {
                text.push('(');
                for _ in 0..u.int_in_range(0..=3_u8).ok()? {
                    let size = *u.choose(&SIZES).ok()?;
                    values = values.saturating_mul(size.parse().unwrap_or(usize::MAX));
                    text.push_str(size);
                    text.push_str(if u.arbitrary::<bool>().ok()? { "L, " } else { ", " });
                }
                text.push(')');
            }
        }
        text.push_str(", ");
    }
    text.push('}');
    if u.arbitrary::<bool>().ok()? {
        text.push_str(" junk");
    }
    Some((text, values))
}

fuzz_target!(|bytes: &[u8]| {
    let mut u = Unstructured::new(bytes);
    let Some((mut text, values)) = header(&mut u) else {
        return;
    };
    let version = *u.choose(&[1_u8, 2, 3, 0, 9]).unwrap_or(&1);
    while !(12 + text.len() + 1).is_multiple_of(64) {
        text.push(' ');
    }
    text.push('\n');
    let mut file = vec![0x93, b'N', b'U', b'M', b'P', b'Y', version, 0];
    match version {
        1 => file.extend_from_slice(&(text.len() as u16).to_le_bytes()),
        _ => file.extend_from_slice(&(text.len() as u32).to_le_bytes()),
    }
    file.extend_from_slice(text.as_bytes());
    // Data of the length the shape needs, a little more or less, or whatever is left.
    let wanted = values.saturating_mul(8).min(1 << 16);
    let data_len = match u.int_in_range(0..=3_u8).unwrap_or(0) {
        0 => wanted,
        1 => wanted.saturating_sub(1),
        2 => wanted + 1,
        _ => u.len(),
    };
    file.extend(std::iter::repeat_n(0x3f, data_len));

    let path = std::env::temp_dir().join(format!("neuron-fuzz-header-{}.npy", std::process::id()));
    if std::fs::write(&path, &file).is_err() {
        return;
    }
    if let Ok(layer) = Dense::<f64>::read_npy(&path, &path, Activation::Tanh) {
        assert!(layer.weights().iter().all(|w| w.is_finite()));
    }
    let _ = Dense::<f32>::read_npy(&path, &path, Activation::Tanh);
    let _ = Neuron::<f64>::read_npy(&path, &path, Activation::Sigmoid);
});
