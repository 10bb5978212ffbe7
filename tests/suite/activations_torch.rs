//! GELU, SiLU, leaky ReLU and ELU against PyTorch and against their exact values.
//!
//! Oracle: `scripts/oracles/torch_activations.py` (PyTorch 2.15, mpmath at 50
//! digits), which wrote `tests/fixtures/torch_activations.txt`: at 76 points
//! `H` (and `H32`, the same rounded to f32), torch's `F.gelu`, `F.silu`,
//! `F.leaky_relu(x, 0.01)` and `F.elu(x)` and their autograd derivatives in
//! float64 and float32, and the exact values correctly rounded (`mp`, `mp32`).

use std::collections::HashMap;

use neuron::Activation;
use neuron::ndarray::Array1;

const FIXTURE: &str = include_str!("../fixtures/torch_activations.txt");

fn fixture() -> HashMap<String, Vec<f64>> {
    FIXTURE
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let mut parts = line.split_whitespace();
            let key = parts.next().unwrap().to_owned();
            let _shape = parts.next().unwrap();
            (key, parts.map(|v| v.parse::<f64>().unwrap()).collect())
        })
        .collect()
}

const CASES: [(&str, Activation); 4] = [
    ("gelu", Activation::Gelu),
    ("silu", Activation::Silu),
    ("leaky_relu", Activation::LeakyRelu),
    ("elu", Activation::Elu),
];

/// |a − b| ≤ 1e-12 · max(1, |b|): equal to 1e-12, relative for large values.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

#[test]
fn f64_values_and_slopes_equal_pytorch_to_1e_12() {
    let items = fixture();
    let h = &items["H"];
    for (name, activation) in CASES {
        let (y, dy) = (
            &items[&format!("{name}.f64.y")],
            &items[&format!("{name}.f64.dy")],
        );
        for (i, &h) in h.iter().enumerate() {
            let ours = activation.apply(h);
            assert!(close(ours, y[i]), "{name}({h}) = {ours}, torch {}", y[i]);
            let slope = activation.derivative(h);
            assert!(
                close(slope, dy[i]),
                "{name}′({h}) = {slope}, torch {}",
                dy[i]
            );
        }
        // The batch kernel gives the same bits as one value at a time.
        let mut batch = Array1::from(h.clone());
        activation.apply_inplace(&mut batch);
        for (i, &h) in h.iter().enumerate() {
            assert_eq!(
                batch[i].to_bits(),
                activation.apply(h).to_bits(),
                "{name}({h})"
            );
        }
    }
}

/// The error of `ours` in units of the format's epsilon times
/// `max(|exact|, 1)`: ulps of the value where it is 1 or more, and of 1
/// below, where GELU's and SiLU's sums cancel (GELU′ crosses 0 near
/// h = −0.75, GELU(h) = h·Φ(h) is tiny for h ≪ 0) and a relative error
/// would measure the cancellation, not the function.
fn error_units(ours: f64, exact: f64, epsilon: f64) -> f64 {
    if ours == exact {
        return 0.0;
    }
    (ours - exact).abs() / (epsilon * exact.abs().max(1.0))
}

/// (value, slope) bounds in [`error_units`], as `Activation`'s docs state
/// them: leaky ReLU exact; ELU (the crate's vectorised `expm1`, std's `exp`
/// for the slope), SiLU (h·σ(h) and σ(h)·(1 + h·σ(−h)) with the crate's σ)
/// and GELU (the crate's `max(h, 0) − |h|·(1 − Φ(|h|))`, the slope
/// Φ(h) + h·φ(h) with libm's erf, as PyTorch computes it) within 1, in f64
/// and in f32 (both computed in f32 arithmetic there). Measured here: GELU
/// 0.36 and 1.0 (f64), 0.50 and 0.13 (f32); SiLU 0.80 and 1.0, 1.0 and 1.0;
/// ELU 0 and 0 (f64 and f32).
fn bounds(activation: Activation) -> (f64, f64) {
    match activation {
        Activation::LeakyRelu => (0.0, 0.0),
        _ => (1.0, 1.0),
    }
}

#[test]
fn f64_values_and_slopes_are_within_stated_bounds_of_exact() {
    let items = fixture();
    let h = &items["H"];
    for (name, activation) in CASES {
        let (y, dy) = (
            &items[&format!("{name}.mp.y")],
            &items[&format!("{name}.mp.dy")],
        );
        let (value_bound, slope_bound) = bounds(activation);
        let (mut worst_value, mut worst_slope) = (0.0_f64, 0.0_f64);
        for (i, &h) in h.iter().enumerate() {
            let (ours, slope) = (activation.apply(h), activation.derivative(h));
            worst_value = worst_value.max(error_units(ours, y[i], f64::EPSILON));
            worst_slope = worst_slope.max(error_units(slope, dy[i], f64::EPSILON));
        }
        assert!(
            worst_value <= value_bound && worst_slope <= slope_bound,
            "{name} f64: value within {worst_value}, slope within {worst_slope}"
        );
    }
}

#[test]
fn f32_values_and_slopes_are_within_stated_bounds_of_exact() {
    let items = fixture();
    let h = &items["H32"];
    for (name, activation) in CASES {
        let (y, dy) = (
            &items[&format!("{name}.mp32.y")],
            &items[&format!("{name}.mp32.dy")],
        );
        let (ty, tdy) = (
            &items[&format!("{name}.f32.y")],
            &items[&format!("{name}.f32.dy")],
        );
        let (value_bound, slope_bound) = bounds(activation);
        let (mut worst_value, mut worst_slope) = (0.0_f64, 0.0_f64);
        let epsilon = f64::from(f32::EPSILON);
        for (i, &h) in h.iter().enumerate() {
            let h = h as f32;
            let (ours, slope) = (
                f64::from(activation.apply(h)),
                f64::from(activation.derivative(h)),
            );
            // PyTorch's float32, to its own rounding.
            assert!(
                error_units(ours, ty[i], epsilon) <= 8.0,
                "{name}({h}) = {ours}, torch {}",
                ty[i]
            );
            assert!(
                error_units(slope, tdy[i], epsilon) <= 16.0,
                "{name}′({h}) = {slope}, torch {}",
                tdy[i]
            );
            worst_value = worst_value.max(error_units(ours, y[i], epsilon));
            worst_slope = worst_slope.max(error_units(slope, dy[i], epsilon));
        }
        assert!(
            worst_value <= value_bound && worst_slope <= slope_bound,
            "{name} f32: value within {worst_value}, slope within {worst_slope}"
        );
    }
}
