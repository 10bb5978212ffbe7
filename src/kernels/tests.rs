//! Every dispatch level this processor has, driven explicitly, against plain
//! references: the levels a test machine would not pick are tested too.

use super::RowLoss;
use super::activate::activate;
use super::dispatch::Level;
use super::forward::{dot_slices, few_rows, net_inputs_block, one_row};
use super::gradient::{bce_slice, loss_gradient_block};
use super::platforms::{check_level_with, sigmoid_forward, sigmoid_of_level, values, written};
use crate::Activation;

fn ulps64(a: f64, b: f64) -> u64 {
    if a == b {
        0
    } else {
        (a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs()
    }
}

fn ulps32(a: f32, b: f32) -> u32 {
    if a == b {
        0
    } else {
        (a.to_bits() as i32 - b.to_bits() as i32).unsigned_abs()
    }
}

/// Correctly rounded σ(h) from mpmath: scripts/oracles/sigmoid_table.py.
fn table(text: &str) -> Vec<(u64, u64)> {
    text.lines()
        .filter_map(|line| {
            let (h, y) = line.split_once(' ')?;
            Some((
                u64::from_str_radix(h, 16).ok()?,
                u64::from_str_radix(y, 16).ok()?,
            ))
        })
        .collect()
}

#[test]
fn sigmoid_is_within_2_ulp_of_correctly_rounded_at_every_level() {
    let f64_table = table(include_str!("../../tests/fixtures/sigmoid_f64.txt"));
    let f32_table = table(include_str!("../../tests/fixtures/sigmoid_f32.txt"));
    assert!(f64_table.len() > 4000 && f32_table.len() > 4000);
    for level in Level::available() {
        let mut h: Vec<f64> = f64_table.iter().map(|&(h, _)| f64::from_bits(h)).collect();
        activate(level, Activation::Sigmoid, &mut h);
        let worst = h
            .iter()
            .zip(&f64_table)
            .map(|(&y, &(_, exact))| ulps64(y, f64::from_bits(exact)))
            .max()
            .unwrap_or(0);
        assert!(worst <= 2, "{level:?} f64: {worst} ulp");

        let mut h: Vec<f32> = f32_table
            .iter()
            .map(|&(h, _)| f32::from_bits(h as u32))
            .collect();
        activate(level, Activation::Sigmoid, &mut h);
        let worst = h
            .iter()
            .zip(&f32_table)
            .map(|(&y, &(_, exact))| ulps32(y, f32::from_bits(exact as u32)))
            .max()
            .unwrap_or(0);
        assert!(worst <= 2, "{level:?} f32: {worst} ulp");
    }
}

/// Every length of batch (groups of 32, registers of 8, a masked tail of up
/// to 7 in AVX-512's kernel; lanes and tails elsewhere) gives each value the
/// bits of the level's scalar sigmoid, wherever the value sits in the batch.
#[test]
fn the_sigmoid_of_every_batch_length_is_the_scalar_one() {
    let all: Vec<f64> = values(150, 5).iter().map(|v| v * 30.0).collect();
    for level in Level::available() {
        for len in 0..=all.len() {
            for start in [0, 1, 7] {
                let h = &all[start.min(len)..len];
                let mut y = h.to_vec();
                activate(level, Activation::Sigmoid, &mut y);
                for (&hi, &yi) in h.iter().zip(&y) {
                    let want = sigmoid_of_level(hi, level);
                    assert_eq!(yi.to_bits(), want.to_bits(), "{level:?} len {len}: σ({hi})");
                }
                let h32: Vec<f32> = h.iter().map(|&v| v as f32).collect();
                let mut y32 = h32.clone();
                activate(level, Activation::Sigmoid, &mut y32);
                for (&hi, &yi) in h32.iter().zip(&y32) {
                    let want = sigmoid_of_level(hi, level);
                    assert_eq!(
                        yi.to_bits(),
                        want.to_bits(),
                        "{level:?} f32 len {len}: σ({hi})"
                    );
                }
            }
        }
    }
}

/// The batch sigmoid (vector lanes, then the tail) gives every value the
/// same bits as the scalar function, f64 and f32, specials too.
#[test]
fn batch_sigmoid_equals_the_scalar_one_bit_for_bit() {
    let mut h: Vec<f64> = [
        0.0,
        -0.0,
        1e-300,
        -1e-300,
        5e-324,
        0.5,
        -0.5,
        20.0,
        -20.0,
        36.8,
        -36.8,
        103.9,
        -103.9,
        104.1,
        -104.1,
        708.0,
        -708.0,
        745.2,
        -745.2,
        746.0,
        -746.0,
        1e300,
        -1e300,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        -f64::NAN,
        f64::MAX,
        f64::MIN,
    ]
    .to_vec();
    h.extend(values(4099, 17).iter().map(|v| v * 400.0));
    h.extend(values(1001, 18).iter().map(|v| v * 4.0));
    let h32: Vec<f32> = h.iter().map(|&v| v as f32).collect();
    for level in Level::available() {
        let mut y = h.clone();
        activate(level, Activation::Sigmoid, &mut y);
        let mut y32 = h32.clone();
        activate(level, Activation::Sigmoid, &mut y32);
        for (i, (&hi, &yi)) in h.iter().zip(&y).enumerate() {
            let scalar = sigmoid_of_level(hi, level);
            assert_eq!(
                yi.to_bits(),
                scalar.to_bits(),
                "{level:?} f64 value {i}: σ({hi})"
            );
        }
        for (i, (&hi, &yi)) in h32.iter().zip(&y32).enumerate() {
            let scalar = sigmoid_of_level(hi, level);
            assert_eq!(
                yi.to_bits(),
                scalar.to_bits(),
                "{level:?} f32 value {i}: σ({hi})"
            );
        }
    }
}

/// tanh at every level within 3 ulp of its correctly rounded value in f64
/// and 2 ulp in f32 (computed in f32 arithmetic there, as the f32 sigmoid
/// is), against mpmath (scripts/oracles/tanh_table.py: 4 328 points over
/// [−20, 20], magnitudes down to 1e-20, around ±9 and specials). Measured
/// here (an Intel Xeon with AVX-512): 2 ulp in f64 and in f32, at every level.
#[test]
fn tanh_is_within_a_few_ulp_of_correctly_rounded_at_every_level() {
    let f64_table = table(include_str!("../../tests/fixtures/tanh_f64.txt"));
    let f32_table = table(include_str!("../../tests/fixtures/tanh_f32.txt"));
    assert!(f64_table.len() > 4000 && f32_table.len() > 4000);
    for level in Level::available() {
        let mut h: Vec<f64> = f64_table.iter().map(|&(h, _)| f64::from_bits(h)).collect();
        activate(level, Activation::Tanh, &mut h);
        let worst = h
            .iter()
            .zip(&f64_table)
            .map(|(&y, &(_, exact))| ulps64(y, f64::from_bits(exact)))
            .max()
            .unwrap_or(0);
        println!("{level:?} tanh f64: {worst} ulp");
        assert!(worst <= 3, "{level:?} f64: {worst} ulp");

        let mut h: Vec<f32> = f32_table
            .iter()
            .map(|&(h, _)| f32::from_bits(h as u32))
            .collect();
        activate(level, Activation::Tanh, &mut h);
        let worst = h
            .iter()
            .zip(&f32_table)
            .map(|(&y, &(_, exact))| ulps32(y, f32::from_bits(exact as u32)))
            .max()
            .unwrap_or(0);
        println!("{level:?} tanh f32: {worst} ulp");
        assert!(worst <= 2, "{level:?} f32: {worst} ulp");
    }
}

/// `|ours − exact|` in units of `ε·max(|exact|, 1)`, the bound that
/// `Activation`'s docs state: ulps of the value where it is 1 or more, an
/// absolute `ε` below.
fn error_units(ours: f64, exact: f64, epsilon: f64) -> f64 {
    if ours == exact || (ours.is_nan() && exact.is_nan()) {
        return 0.0;
    }
    (ours - exact).abs() / (epsilon * exact.abs().max(1.0))
}

/// GELU and ELU at every level, f64 and f32, against their correctly rounded
/// values from mpmath (scripts/oracles/gelu_elu_table.py: 5 037 points over
/// [−40, 40], magnitudes down to 1e-20, specials): within
/// `ε·max(|exact|, 1)`, as `Activation`'s docs state. Measured here (an
/// Intel Xeon with AVX-512), the largest errors in those units: GELU 0.997
/// in f64 at every level (one ulp from the correctly rounded value just
/// above 2, where one ulp is 2ε; at most 2 ulp wherever h > −0.7), 0.94 in
/// f32 on the baseline and 0.91 fused (one ulp just above 1; at most 2 ulp
/// wherever h > −0.7, in f32 arithmetic); ELU 0.50 in f64 and in f32 (one
/// ulp at most, in f32 arithmetic there), at every level.
#[test]
fn gelu_and_elu_are_within_epsilon_of_exact_at_every_level() {
    fn columns(text: &str) -> Vec<[u64; 3]> {
        text.lines()
            .filter_map(|line| {
                let mut parts = line.split(' ').map(|p| u64::from_str_radix(p, 16).ok());
                Some([parts.next()??, parts.next()??, parts.next()??])
            })
            .collect()
    }
    let f64_table = columns(include_str!("../../tests/fixtures/gelu_elu_f64.txt"));
    let f32_table = columns(include_str!("../../tests/fixtures/gelu_elu_f32.txt"));
    assert!(f64_table.len() > 5000 && f32_table.len() > 5000);
    for level in Level::available() {
        for (column, activation) in [(1, Activation::Gelu), (2, Activation::Elu)] {
            let h: Vec<f64> = f64_table.iter().map(|row| f64::from_bits(row[0])).collect();
            let mut y = h.clone();
            activate(level, activation, &mut y);
            let mut worst = (0.0_f64, 0.0);
            for ((&yi, &hi), row) in y.iter().zip(&h).zip(&f64_table) {
                let units = error_units(yi, f64::from_bits(row[column]), f64::EPSILON);
                if units > worst.0 {
                    worst = (units, hi);
                }
            }
            println!(
                "{level:?} {activation} f64: {:.3e} at h = {}",
                worst.0, worst.1
            );
            assert!(worst.0 <= 1.0, "{level:?} {activation} f64: {worst:?}");

            let h: Vec<f32> = f32_table
                .iter()
                .map(|row| f32::from_bits(row[0] as u32))
                .collect();
            let mut y = h.clone();
            activate(level, activation, &mut y);
            let mut worst = (0.0_f64, 0.0);
            for ((&yi, &hi), row) in y.iter().zip(&h).zip(&f32_table) {
                let exact = f64::from(f32::from_bits(row[column] as u32));
                let units = error_units(f64::from(yi), exact, f64::from(f32::EPSILON));
                if units > worst.0 {
                    worst = (units, hi);
                }
            }
            println!(
                "{level:?} {activation} f32: {:.3e} at h = {}",
                worst.0, worst.1
            );
            assert!(worst.0 <= 1.0, "{level:?} {activation} f32: {worst:?}");
        }
    }
}

/// The activations computed by their formula (GELU, leaky ReLU, ELU) and
/// SiLU give every value of a batch, of any length and wherever the value
/// sits, the bits of that value alone, at every level, f64 and f32.
#[test]
fn formula_activations_give_a_batch_the_bits_of_single_values() {
    let mut all: Vec<f64> = values(70, 9).iter().map(|v| v * 12.0).collect();
    all.extend([
        0.0,
        -0.0,
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -45.0,
        45.0,
        1e-300,
    ]);
    for level in Level::available() {
        for activation in [
            Activation::Gelu,
            Activation::Silu,
            Activation::LeakyRelu,
            Activation::Elu,
        ] {
            for len in [0, 1, 3, 7, 8, 9, 17, 33, all.len()] {
                for start in [0, 1, 5] {
                    let h = &all[start.min(len)..len];
                    let mut y = h.to_vec();
                    activate(level, activation, &mut y);
                    let h32: Vec<f32> = h.iter().map(|&v| v as f32).collect();
                    let mut y32 = h32.clone();
                    activate(level, activation, &mut y32);
                    // (A NaN's sign and payload are the processor's: NaN is enough.)
                    for i in 0..h.len() {
                        let mut one = [h[i]];
                        activate(level, activation, &mut one);
                        let same = one[0].to_bits() == y[i].to_bits()
                            || (one[0].is_nan() && y[i].is_nan());
                        assert!(
                            same,
                            "{level:?} {activation}({}): {} vs {}",
                            h[i], one[0], y[i]
                        );
                        let mut one = [h32[i]];
                        activate(level, activation, &mut one);
                        let same = one[0].to_bits() == y32[i].to_bits()
                            || (one[0].is_nan() && y32[i].is_nan());
                        assert!(
                            same,
                            "{level:?} {activation}({}): {} vs {}",
                            h32[i], one[0], y32[i]
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn every_level_computes_the_formula() {
    for d in [
        0, 1, 2, 3, 4, 5, 6, 7, 10, 13, 15, 16, 17, 31, 33, 100, 511, 512, 515, 1030,
    ] {
        for n in [0, 1, 2, 3, 5, 255, 256, 257] {
            let x = values(n * d, (n * 31 + d) as u64);
            let w = values(d, d as u64 + 7);
            let b = 0.25;
            let reference: Vec<f64> = (0..n)
                .map(|i| (0..d).map(|j| x[i * d + j] * w[j]).sum::<f64>() + b)
                .collect();
            let mut fused_results = Vec::new();
            for level in Level::available() {
                let mut h = vec![0.0; n];
                net_inputs_block(level, &x, d, &w, b, written(&mut h));
                for (i, (&got, &want)) in h.iter().zip(&reference).enumerate() {
                    assert!(
                        (got - want).abs() <= 1e-13 * (1.0 + d as f64),
                        "{level:?} d={d} n={n} row {i}: {got} vs {want}"
                    );
                }
                let mut y = vec![0.0; n];
                sigmoid_forward(level, &x, d, &w, b, &mut y);
                for (&got, &hi) in y.iter().zip(&h) {
                    let mut one = [hi];
                    activate(level, Activation::Sigmoid, &mut one);
                    assert_eq!(got, one[0]);
                }
                // One sample alone gets exactly the batch's bits.
                for i in 0..n {
                    let row = &x[i * d..(i + 1) * d];
                    assert_eq!(dot_slices(level, row, &w) + b, h[i]);
                    assert_eq!(one_row(level, row, &w, b, None).to_bits(), h[i].to_bits());
                    let y_one = one_row(level, row, &w, b, Some(Activation::Sigmoid));
                    assert_eq!(y_one.to_bits(), y[i].to_bits(), "{level:?} d={d} row {i}");
                }
                // A few samples at once, likewise.
                if n < 4 {
                    let mut few = vec![0.0; n];
                    few_rows(level, &x, d, &w, b, None, &mut few);
                    assert_eq!(few, h, "{level:?} d={d} n={n}");
                    few_rows(level, &x, d, &w, b, Some(Activation::Sigmoid), &mut few);
                    assert_eq!(few, y, "{level:?} d={d} n={n}");
                }
                // f32 too: one sample's sigmoid output is its batch value.
                let (x32, w32): (Vec<f32>, Vec<f32>) = (
                    x.iter().map(|&v| v as f32).collect(),
                    w.iter().map(|&v| v as f32).collect(),
                );
                let mut y32 = vec![0.0f32; n];
                sigmoid_forward(level, &x32, d, &w32, 0.25, &mut y32);
                for (i, &want) in y32.iter().enumerate() {
                    let row = &x32[i * d..(i + 1) * d];
                    let got = one_row(level, row, &w32, 0.25, Some(Activation::Sigmoid));
                    assert_eq!(got.to_bits(), want.to_bits(), "{level:?} f32 d={d} row {i}");
                }
                if level.fused() {
                    fused_results.push(h);
                }
            }
            // AVX2 and AVX-512 use the same order and FMA: the same bits.
            assert!(fused_results.windows(2).all(|p| p[0] == p[1]));
        }
    }
}

#[test]
fn every_level_computes_the_loss_and_gradient() {
    for d in [0, 1, 3, 6, 20] {
        let n = 300;
        let x = values(n * d, 11);
        let w = values(d, 12);
        let t: Vec<f64> = values(n, 13)
            .iter()
            .map(|v| if *v > 0.0 { 1.0 } else { 0.0 })
            .collect();
        let b = -0.1;
        for (row_loss, activation) in [
            (RowLoss::BinaryCrossEntropy, Activation::Sigmoid),
            (RowLoss::SquaredError, Activation::Tanh),
            (RowLoss::SquaredError, Activation::Relu),
        ] {
            // Reference: the formulas, row by row, with the crate's scalar functions.
            let mut want_loss = 0.0;
            let mut want_grad = vec![0.0; d];
            let mut want_b = 0.0;
            for i in 0..n {
                let h = (0..d).map(|j| x[i * d + j] * w[j]).sum::<f64>() + b;
                let y = activation.apply(h);
                let (l, delta) = match row_loss {
                    RowLoss::BinaryCrossEntropy => {
                        (h.max(0.0) - t[i] * h + (-h.abs()).exp().ln_1p(), y - t[i])
                    }
                    RowLoss::SquaredError => (
                        (y - t[i]) * (y - t[i]),
                        2.0 * (y - t[i]) * activation.derivative(h),
                    ),
                };
                want_loss += l;
                for j in 0..d {
                    want_grad[j] += delta * x[i * d + j];
                }
                want_b += delta;
            }
            for level in Level::available() {
                let mut h = vec![0.0; n];
                let mut grad = vec![0.0; d];
                let mut grad_b = 0.0;
                let mut losses = vec![0.0; n];
                let got = loss_gradient_block(
                    level,
                    &x,
                    d,
                    &w,
                    b,
                    &t,
                    row_loss,
                    activation,
                    &mut h,
                    &mut losses,
                    &mut grad,
                    &mut grad_b,
                    &[],
                );
                assert!(
                    (got - want_loss).abs() < 1e-10,
                    "{level:?} {row_loss:?} d={d}: {got} vs {want_loss}"
                );
                for (g, w) in grad.iter().zip(&want_grad) {
                    assert!(
                        (g - w).abs() < 1e-10,
                        "{level:?} {row_loss:?} d={d}: {g} vs {w}"
                    );
                }
                assert!((grad_b - want_b).abs() < 1e-10);
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// Random batches, f64 and f32, at every level this processor has: the
    /// net inputs and sigmoid outputs are the bits of the level's scalar
    /// functions (its dot product in the one order, its sigmoid), whatever
    /// the shape and wherever the values fall on the sigmoid.
    #[test]
    fn every_level_computes_random_batches_as_its_scalar_functions(
        n in 0usize..80,
        d in 0usize..48,
        seed in proptest::prelude::any::<u64>(),
        scale in proptest::prop_oneof![
            proptest::strategy::Just(0.01),
            proptest::strategy::Just(1.0),
            proptest::strategy::Just(40.0),
            proptest::strategy::Just(600.0),
        ],
    ) {
        for level in Level::available() {
            check_level_with::<f64>(level, n, d, seed, scale);
            check_level_with::<f32>(level, n, d, seed, scale);
        }
    }
}

/// One line of the cross-entropy fixtures (scripts/oracles/bce_table.py):
/// `h`, `t`, the correctly rounded loss and the correctly rounded `σ(h)`.
fn bce_table(text: &str) -> Vec<[u64; 4]> {
    text.lines()
        .filter_map(|line| {
            let mut fields = line.split(' ').map(|f| u64::from_str_radix(f, 16).ok());
            Some([
                fields.next()??,
                fields.next()??,
                fields.next()??,
                fields.next()??,
            ])
        })
        .collect()
}

/// The cross-entropy kernel at every level against mpmath: the loss within
/// 3 ulp of its correctly rounded value (targets in [0, 1], where every term
/// is non-negative), and δ = σ(h) − t within 2 ulp of σ(h) (the sigmoid's
/// bound) plus the subtraction's rounding, in f64 and in f32 (the AVX-512
/// level, and AVX2 in f32, compute f32 in f32 arithmetic, by table; see
/// `bce_table`).
/// Measured on `xeon-amx`: the generic code 3 ulp in f64 and 0 in f32 (it
/// computes f32 in f64), the table 1 ulp in f64 and 2 in f32; δ 1.2 to 1.9.
/// Points: scripts/oracles/bce_table.py (3 619 in f64, 3 615 in f32).
#[test]
fn cross_entropy_is_within_its_bounds_at_every_level() {
    let f64_table = bce_table(include_str!("../../tests/fixtures/bce_f64.txt"));
    let f32_table = bce_table(include_str!("../../tests/fixtures/bce_f32.txt"));
    assert!(f64_table.len() > 3600 && f32_table.len() > 3600);
    for level in Level::available() {
        let mut h: Vec<f64> = f64_table.iter().map(|r| f64::from_bits(r[0])).collect();
        let t: Vec<f64> = f64_table.iter().map(|r| f64::from_bits(r[1])).collect();
        let mut losses = vec![0.0; h.len()];
        bce_slice(level, &mut h, &mut losses, &t);
        let (mut worst_loss, mut worst_delta) = (0, 0.0f64);
        for (i, row) in f64_table.iter().enumerate() {
            let (exact_loss, sigma) = (f64::from_bits(row[2]), f64::from_bits(row[3]));
            worst_loss = worst_loss.max(ulps64(losses[i], exact_loss));
            let ulp_sigma = f64::from_bits(sigma.to_bits() + 1) - sigma;
            let ulp_delta = (sigma - t[i]).abs() * f64::EPSILON;
            let error = (h[i] - (sigma - t[i])).abs() - ulp_delta;
            worst_delta = worst_delta.max(error / ulp_sigma);
        }
        assert!(worst_loss <= 3, "{level:?} f64 loss: {worst_loss} ulp");
        assert!(
            worst_delta <= 2.0,
            "{level:?} f64 δ: {worst_delta} ulp of σ"
        );

        let mut h: Vec<f32> = f32_table
            .iter()
            .map(|r| f32::from_bits(r[0] as u32))
            .collect();
        let t: Vec<f32> = f32_table
            .iter()
            .map(|r| f32::from_bits(r[1] as u32))
            .collect();
        let mut losses = vec![0.0f32; h.len()];
        bce_slice(level, &mut h, &mut losses, &t);
        let (mut worst_loss, mut worst_delta) = (0, 0.0f64);
        for (i, row) in f32_table.iter().enumerate() {
            let exact_loss = f32::from_bits(row[2] as u32);
            let sigma = f32::from_bits(row[3] as u32);
            worst_loss = worst_loss.max(ulps32(losses[i], exact_loss));
            let ulp_sigma = f64::from(f32::from_bits(sigma.to_bits() + 1) - sigma);
            let ulp_delta = f64::from((sigma - t[i]).abs() * f32::EPSILON);
            let error = f64::from((h[i] - (sigma - t[i])).abs()) - ulp_delta;
            worst_delta = worst_delta.max(error / ulp_sigma);
        }
        assert!(worst_loss <= 3, "{level:?} f32 loss: {worst_loss} ulp");
        assert!(
            worst_delta <= 2.0,
            "{level:?} f32 δ: {worst_delta} ulp of σ"
        );
    }
}

/// AVX-512's cross-entropy kernel (registers of 8 or 16, groups, a masked
/// tail) gives every row the bits of its scalar model `bce_table::bce`
/// (`bce_f32`), at every batch length and for special values; elsewhere the
/// scalar model is the level's own code for fewer than four rows only, and
/// this checks that path instead.
/// The net inputs and targets the cross-entropy kernels are checked on
/// against their scalar model: special values (zeros, the ends of the
/// exponential's range, infinities, NaN, the extremes), then 3 004 values
/// over ±60 and ±3; targets 0, 1 and ¼ in turn.
fn cross_entropy_inputs() -> (Vec<f64>, Vec<f64>) {
    let mut h: Vec<f64> = vec![
        0.0,
        -0.0,
        1e-300,
        -1e-300,
        0.5,
        -0.5,
        36.8,
        -36.8,
        104.1,
        -104.1,
        745.2,
        -745.2,
        1e300,
        -1e300,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        f64::MAX,
        f64::MIN,
    ];
    h.extend(values(2003, 21).iter().map(|v| v * 60.0));
    h.extend(values(1001, 22).iter().map(|v| v * 3.0));
    let t: Vec<f64> = (0..h.len()).map(|i| [0.0, 1.0, 0.25][i % 3]).collect();
    (h, t)
}

#[test]
fn the_wide_cross_entropy_is_its_scalar_model_bit_for_bit() {
    use super::bce_table::{bce, bce_f32};
    use super::dispatch::Fused;
    let (h, t) = cross_entropy_inputs();
    let h32: Vec<f32> = h.iter().map(|&v| v as f32).collect();
    let t32: Vec<f32> = t.iter().map(|&v| v as f32).collect();
    let same64 = |a: f64, b: f64| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
    let same32 = |a: f32, b: f32| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
    for length in (0..40).chain([h.len()]) {
        let mut delta = h[..length].to_vec();
        let mut losses = vec![0.0; length];
        let mut delta32 = h32[..length].to_vec();
        let mut losses32 = vec![0.0f32; length];
        let wide = super::wide_bce::bce_f64(&mut delta, &mut losses, &t[..length], &[])
            & super::wide_bce::bce_f32(&mut delta32, &mut losses32, &t32[..length], &[]);
        if !wide {
            eprintln!("no AVX-512 here: the scalar model alone");
            return;
        }
        for i in 0..length {
            let (loss, d) = bce::<Fused>(h[i], t[i]);
            assert!(
                same64(losses[i], loss) && same64(delta[i], d),
                "f64 row {i} of {length}: h = {}, t = {}: ({}, {}) vs ({loss}, {d})",
                h[i],
                t[i],
                losses[i],
                delta[i]
            );
            let (loss, d) = bce_f32::<Fused>(h32[i], t32[i]);
            assert!(
                same32(losses32[i], loss) && same32(delta32[i], d),
                "f32 row {i} of {length}: h = {}, t = {}: ({}, {}) vs ({loss}, {d})",
                h32[i],
                t32[i],
                losses32[i],
                delta32[i]
            );
        }
    }
}

/// AVX2's `f32` cross-entropy kernel (registers of 8, the last rows by the
/// model itself) gives every row the bits of the scalar model
/// `bce_table::bce_f32`, the same as AVX-512's, at every batch length and for
/// special values; where the processor lacks AVX2, nothing to check.
#[test]
fn the_avx2_cross_entropy_is_its_scalar_model_bit_for_bit() {
    use super::bce_table::bce_f32;
    use super::dispatch::Fused;
    let (h, t) = cross_entropy_inputs();
    let h: Vec<f32> = h.iter().map(|&v| v as f32).collect();
    let t: Vec<f32> = t.iter().map(|&v| v as f32).collect();
    let same = |a: f32, b: f32| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan());
    for length in (0..40).chain([h.len()]) {
        let mut delta = h[..length].to_vec();
        let mut losses = vec![0.0f32; length];
        if !super::avx2_bce::bce_f32(&mut delta, &mut losses, &t[..length], &[]) {
            eprintln!("no AVX2 here: nothing to check");
            return;
        }
        for i in 0..length {
            let (loss, d) = bce_f32::<Fused>(h[i], t[i]);
            assert!(
                same(losses[i], loss) && same(delta[i], d),
                "row {i} of {length}: h = {}, t = {}: ({}, {}) vs ({loss}, {d})",
                h[i],
                t[i],
                losses[i],
                delta[i]
            );
        }
    }
}

/// One training block of the cross-entropy at `level` (rows of `d` values):
/// its summed loss, each row's `δ` and loss, and the gradient `Σ δᵢ·xᵢ`, `Σ δᵢ`.
#[allow(clippy::type_complexity)]
fn cross_entropy_block<F: crate::Float>(
    level: Level,
    x: &[F],
    d: usize,
    w: &[F],
    b: F,
    t: &[F],
) -> (F, Vec<F>, Vec<F>, Vec<F>, F) {
    let n = t.len();
    let (mut deltas, mut losses) = (vec![F::zero(); n], vec![F::zero(); n]);
    let (mut grad, mut grad_b) = (vec![F::zero(); d], F::zero());
    let loss = loss_gradient_block(
        level,
        x,
        d,
        w,
        b,
        t,
        RowLoss::BinaryCrossEntropy,
        Activation::Sigmoid,
        &mut deltas,
        &mut losses,
        &mut grad,
        &mut grad_b,
        &[],
    );
    (loss, deltas, losses, grad, grad_b)
}

/// The gradient of the cross-entropy over short rows, `Σᵢ (σ(hᵢ) − tᵢ)·xᵢ`
/// and `Σᵢ (σ(hᵢ) − tᵢ)`, at every level and in f32 and f64, against the
/// formula summed in f64 row by row; the row lengths around the AVX-512
/// kernels' limits (registers of 8 `f64` or 16 `f32` rows, `d < 16` or
/// `d < 32`), and batch lengths with and without a tail of rows. The bound is
/// the sums' rounding: `n·ε` relative to the sum of the terms' magnitudes.
#[test]
fn every_level_computes_the_gradient_of_short_rows() {
    fn check<F: crate::Float>(level: Level, n: usize, d: usize) {
        let x64 = values(n * d, 31 + d as u64);
        let w64: Vec<f64> = values(d, 32).iter().map(|v| v / 2.0).collect();
        let t64: Vec<f64> = values(n, 33).iter().map(|v| f64::from(*v > 0.0)).collect();
        let x: Vec<F> = x64.iter().map(|&v| F::from_f64(v)).collect();
        let w: Vec<F> = w64.iter().map(|&v| F::from_f64(v)).collect();
        let t: Vec<F> = t64.iter().map(|&v| F::from_f64(v)).collect();
        let b = F::from_f64(-0.1);
        let (_, h, _, grad, grad_b) = cross_entropy_block(level, &x, d, &w, b, &t);
        // δ as the kernel rounded it (h holds it now), summed exactly enough in f64.
        let (mut want, mut scale) = (vec![0.0; d], vec![0.0; d]);
        let (mut want_b, mut scale_b) = (0.0, 0.0);
        for i in 0..n {
            let delta = h[i].as_f64();
            for j in 0..d {
                let term = delta * x[i * d + j].as_f64();
                want[j] += term;
                scale[j] += term.abs();
            }
            want_b += delta;
            scale_b += delta.abs();
        }
        let epsilon = F::epsilon().as_f64();
        for j in 0..d {
            let error = (grad[j].as_f64() - want[j]).abs();
            assert!(
                error <= 2.0 * n as f64 * epsilon * scale[j] + 1e-300,
                "{level:?} {} n={n} d={d} feature {j}: {} vs {}",
                F::NAME,
                grad[j].as_f64(),
                want[j]
            );
        }
        let error = (grad_b.as_f64() - want_b).abs();
        assert!(error <= 2.0 * n as f64 * epsilon * scale_b + 1e-300);
        // And the δ themselves are σ(h) − t of the net inputs: within the
        // sigmoid's bound of the f64 formula.
        for i in 0..n {
            let h64: f64 = (0..d)
                .map(|j| x[i * d + j].as_f64() * w[j].as_f64())
                .sum::<f64>()
                + b.as_f64();
            let sigma = 1.0 / (1.0 + (-h64).exp());
            assert!((h[i].as_f64() - (sigma - t[i].as_f64())).abs() < 1e3 * epsilon);
        }
    }
    for level in Level::available() {
        for d in [2, 3, 7, 10, 15, 16, 17, 31, 32] {
            for n in [5, 16, 40, 256] {
                check::<f64>(level, n, d);
                check::<f32>(level, n, d);
            }
        }
    }
}

/// The training block of the cross-entropy (one pass over short rows at
/// AVX-512, `kernels::wide_epoch`; three kernels elsewhere) leaves each row's
/// loss and `δ` with the bits of the separate kernels: the net inputs
/// (`net_inputs_block`), then the loss and `δ` (`bce_slice`). Every short
/// length, whole groups of rows and a few left over, f64 and f32.
#[test]
fn the_training_block_gives_each_row_the_separate_kernels_bits() {
    fn check<F: crate::Float>(level: Level, n: usize, d: usize) {
        let x: Vec<F> = values(n * d, 41 + d as u64)
            .iter()
            .map(|&v| F::from_f64(v))
            .collect();
        let w: Vec<F> = values(d, 42).iter().map(|&v| F::from_f64(v)).collect();
        let t: Vec<F> = values(n, 43)
            .iter()
            .map(|&v| F::from_f64(f64::from(v > 0.0)))
            .collect();
        let b = F::from_f64(0.25);
        let (loss, deltas, losses, _, _) = cross_entropy_block(level, &x, d, &w, b, &t);
        let mut want_deltas = vec![F::zero(); n];
        net_inputs_block(level, &x, d, &w, b, written(&mut want_deltas));
        let mut want_losses = vec![F::zero(); n];
        bce_slice(level, &mut want_deltas, &mut want_losses, &t);
        for i in 0..n {
            assert_eq!(
                (losses[i].as_f64().to_bits(), deltas[i].as_f64().to_bits()),
                (
                    want_losses[i].as_f64().to_bits(),
                    want_deltas[i].as_f64().to_bits()
                ),
                "{level:?} {} n={n} d={d} row {i}",
                F::NAME
            );
        }
        assert!(loss.as_f64() > 0.0, "{level:?} {} n={n} d={d}", F::NAME);
    }
    for level in Level::available() {
        for d in 2..33 {
            for n in [16, 37, 256] {
                check::<f64>(level, n, d);
                check::<f32>(level, n, d);
            }
        }
    }
}

/// Adam's step at every level, against the formula written out per value in
/// the order PyTorch's `optim.Adam` groups it (`w·decay`, the moments, then
/// `w − step_size·m / (√v / √(1 − β₂ᵗ) + ε)`), with moments below
/// `MIN_POSITIVE / EPSILON` set to 0: the same bits, at every level, with and
/// without the L2 penalty, for lengths around the vector widths.
#[test]
fn every_level_steps_adam_as_the_formula() {
    use super::update::{AdamStep, adam, adam_at_level};
    fn check<F: crate::Float>(level: Level, n: usize, l2: Option<F>) {
        let value = |i: usize, scale: f64| {
            F::from_f64(scale * ((i as u64 * 7919 % 1013) as f64 / 1013.0 - 0.4))
        };
        let w0: Vec<F> = (0..n).map(|i| value(i, 0.5)).collect();
        // Moments of every size, one in 17 about to decay below the flush size.
        let m0: Vec<F> = (0..n)
            .map(|i| {
                if i % 17 == 3 {
                    F::min_positive_value()
                } else {
                    value(i + 1, 1e-2)
                }
            })
            .collect();
        let v0: Vec<F> = (0..n).map(|i| value(i + 2, 1e-4).abs()).collect();
        let g: Vec<F> = (0..n)
            .map(|i| {
                if i % 17 == 3 {
                    F::zero()
                } else {
                    value(i + 3, 1.0)
                }
            })
            .collect();
        let s = AdamStep {
            beta1: F::from_f64(0.9),
            beta2: F::from_f64(0.999),
            one_minus_beta1: F::from_f64(0.1),
            one_minus_beta2: F::from_f64(1.0 - 0.999),
            step_size: F::from_f64(1e-3 / (1.0 - 0.9f64.powi(3))),
            correction2: F::from_f64((1.0 - 0.999f64.powi(3)).sqrt()),
            epsilon: F::from_f64(1e-8),
            decay: F::from_f64(1.0 - 1e-3 * 1e-2),
            l2,
        };
        let (mut w, mut m, mut v) = (w0.clone(), m0.clone(), v0.clone());
        adam_at_level(level, &mut w, &mut m, &mut v, &g, &s);
        let tiny = F::min_positive_value() / F::epsilon();
        let flush = |x: F| if x.abs() < tiny { F::zero() } else { x };
        for i in 0..n {
            let gi = match l2 {
                Some(l2) => g[i] + l2 * w0[i],
                None => g[i],
            };
            let mi = flush(s.beta1 * m0[i] + s.one_minus_beta1 * gi);
            let vi = flush(s.beta2 * v0[i] + s.one_minus_beta2 * gi * gi);
            let wi = w0[i] * s.decay - s.step_size * mi / (vi.sqrt() / s.correction2 + s.epsilon);
            assert_eq!(
                (w[i].as_f64(), m[i].as_f64(), v[i].as_f64()),
                (wi.as_f64(), mi.as_f64(), vi.as_f64()),
                "{level:?}, n = {n}, value {i}"
            );
            if i % 17 == 3 && l2.is_none() {
                assert_eq!(m[i], F::zero(), "a decayed moment is flushed");
            }
        }
        // The driver (threads over pieces for long arrays) gives the same bits.
        let (mut w2, mut m2, mut v2) = (w0.clone(), m0.clone(), v0.clone());
        adam(&mut w2, &mut m2, &mut v2, &g, &s);
        if level == super::dispatch::detected() {
            assert_eq!((w2, m2, v2), (w, m, v), "threads, n = {n}");
        }
    }
    for level in Level::available() {
        for n in [1, 15, 16, 17, 33, 100, 70_001, 600_001] {
            check::<f32>(level, n, None);
            check::<f32>(level, n, Some(1e-2));
            check::<f64>(level, n, None);
            check::<f64>(level, n, Some(1e-2));
        }
    }
}
