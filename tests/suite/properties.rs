//! Property tests across the public API: random shapes, memory layouts and values.

use neuron::ndarray::{ArrayView2, ShapeBuilder};
use neuron::prelude::*;
use proptest::prelude::*;

/// The formula written out, one sample at a time, accumulated in f64.
fn reference<F: Float>(
    x: ArrayView2<'_, F>,
    w: &Array1<F>,
    b: F,
    activation: Activation,
) -> Vec<f64> {
    x.rows()
        .into_iter()
        .map(|row| {
            let h: f64 = row
                .iter()
                .zip(w)
                .map(|(xi, wi)| xi.as_f64() * wi.as_f64())
                .sum::<f64>()
                + b.as_f64();
            activation.apply(h)
        })
        .collect()
}

/// Bound on the rounding error of Σ xᵢwᵢ + b in F: a few ulps of Σ|xᵢwᵢ| + |b|,
/// carried through f, whose slope is at most 1 for every activation here.
fn tolerance<F: Float>(x: ArrayView2<'_, F>, w: &Array1<F>, b: F) -> Vec<f64> {
    let eps = F::epsilon().as_f64();
    x.rows()
        .into_iter()
        .map(|row| {
            let magnitude: f64 = row
                .iter()
                .zip(w)
                .map(|(xi, wi)| (xi.as_f64() * wi.as_f64()).abs())
                .sum::<f64>()
                + b.as_f64().abs();
            (row.len() as f64 + 2.0) * eps * magnitude + 4.0 * eps
        })
        .collect()
}

/// A batch of shape (n, d) with values in ±10, and the same matrix in another layout.
fn batch(n: usize, d: usize, values: &[f64], layout: u8) -> (Array2<f64>, Array2<f64>) {
    let x = Array2::from_shape_fn((n, d), |(i, j)| values[(i * d + j) % values.len()]);
    let other = match layout % 4 {
        0 => x.clone(),
        1 => {
            let mut f = Array2::zeros((n, d).f());
            f.assign(&x);
            f
        }
        2 => x.t().to_owned().reversed_axes(),
        _ => {
            // Stepped: every other row and column of a bigger matrix.
            let mut wide = Array2::from_elem((2 * n, 2 * d + 1), f64::NAN);
            wide.slice_mut(s![..;2, 1..;2]).assign(&x);
            wide
        }
    };
    (x, other)
}

fn view_of(layout: u8, other: &Array2<f64>) -> ArrayView2<'_, f64> {
    if layout % 4 == 3 {
        other.slice(s![..;2, 1..;2])
    } else {
        other.view()
    }
}

/// Longest rows the property tests draw.
const MAX_FEATURES: usize = 1100;

/// Row lengths: short (below, at and past the vector widths 4, 8 and 16), and
/// long enough for the kernels that read four rows per pass (4 KB rows:
/// d ≥ 512 in f64, d ≥ 1024 in f32).
fn features() -> impl Strategy<Value = usize> {
    prop_oneof![0usize..40, 500usize..MAX_FEATURES]
}

/// A layer's units against the formula, and a one-unit layer against its
/// neuron (bit for bit).
fn check_layer<F: Float>(
    x: ArrayView2<'_, F>,
    weights: Array2<F>,
    bias: Array1<F>,
    f: Activation,
) -> Result<(), TestCaseError> {
    let layer = Dense::new(weights, bias, f).unwrap();
    let y = layer.forward(&x).unwrap();
    prop_assert_eq!(y.dim(), (x.nrows(), layer.n_units()));
    for j in 0..layer.n_units() {
        let neuron = layer.neuron(j).unwrap();
        if layer.n_units() == 1 {
            prop_assert_eq!(y.column(j), neuron.forward(&x).unwrap());
        }
        let expected = reference(x, &neuron.weights().to_owned(), neuron.bias(), f);
        let tol = tolerance(x, &neuron.weights().to_owned(), neuron.bias());
        for i in 0..x.nrows() {
            prop_assert!(
                (y[(i, j)].as_f64() - expected[i]).abs() <= tol[i],
                "row {i} unit {j}"
            );
        }
    }
    Ok(())
}

fn activation() -> impl Strategy<Value = Activation> {
    prop::sample::select(Activation::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn forward_equals_the_formula_f64(
        n in 0usize..12, d in features(), layout in 0u8..4,
        values in prop::collection::vec(-10.0f64..10.0, 1..64),
        weights in prop::collection::vec(-3.0f64..3.0, MAX_FEATURES),
        b in -3.0f64..3.0, f in activation(),
    ) {
        let (x, other) = batch(n, d, &values, layout);
        let w = Array1::from(weights[..d].to_vec());
        let neuron = Neuron::new(w.clone()).with_bias(b).with_activation(f);
        let y = neuron.forward(&view_of(layout, &other)).unwrap();
        let expected = reference(x.view(), &w, b, f);
        let tol = tolerance(x.view(), &w, b);
        for i in 0..n {
            prop_assert!((y[i] - expected[i]).abs() <= tol[i], "row {i}: {} vs {}", y[i], expected[i]);
        }
        // The layout does not change a single bit.
        prop_assert_eq!(&y, &neuron.forward(&x).unwrap());
    }

    #[test]
    fn forward_equals_the_formula_f32(
        n in 0usize..12, d in features(), layout in 0u8..4,
        values in prop::collection::vec(-10.0f64..10.0, 1..64),
        weights in prop::collection::vec(-3.0f32..3.0, MAX_FEATURES),
        b in -3.0f32..3.0, f in activation(),
    ) {
        let (x, other) = batch(n, d, &values, layout);
        let x32 = x.mapv(|v| v as f32);
        let other32 = view_of(layout, &other).mapv(|v| v as f32);
        let w = Array1::from(weights[..d].to_vec());
        let neuron = Neuron::new(w.clone()).with_bias(b).with_activation(f);
        let y = neuron.forward(&other32).unwrap();
        let expected = reference(x32.view(), &w, b, f);
        let tol = tolerance(x32.view(), &w, b);
        for i in 0..n {
            prop_assert!((f64::from(y[i]) - expected[i]).abs() <= tol[i], "row {i}: {} vs {}", y[i], expected[i]);
        }
    }

    #[test]
    fn every_unit_of_a_layer_is_its_neuron_f64_and_f32(
        n in 0usize..11, d in prop_oneof![1usize..40, 100usize..140], units in 1usize..20, layout in 0u8..4,
        values in prop::collection::vec(-10.0f64..10.0, 1..64),
        weights in prop::collection::vec(-3.0f64..3.0, 1..50),
        f in activation(),
    ) {
        let (_, other) = batch(n, d, &values, layout);
        let x = view_of(layout, &other);
        let w = Array2::from_shape_fn((d, units), |(k, j)| weights[(k * 7 + j) % weights.len()]);
        let bias = Array1::from_shape_fn(units, |j| weights[j % weights.len()] / 2.0);
        check_layer(x, w.clone(), bias.clone(), f)?;
        check_layer(x.mapv(|v| v as f32).view(), w.mapv(|v| v as f32), bias.mapv(|v| v as f32), f)?;
        // The layout of the inputs does not change a bit, on the matrix kernel too.
        let layer = Dense::new(w, bias, f).unwrap();
        prop_assert_eq!(layer.forward(&x).unwrap(), layer.forward(&x.to_owned()).unwrap());
    }

    #[test]
    fn batch_equals_per_row_and_a_one_unit_layer_equals_its_neuron(
        n in 1usize..10, d in 1usize..12, layout in 0u8..4,
        values in prop::collection::vec(-10.0f64..10.0, 1..64),
        weights in prop::collection::vec(-3.0f64..3.0, 12),
        b in -3.0f64..3.0, f in activation(),
    ) {
        let (_, other) = batch(n, d, &values, layout);
        let x = view_of(layout, &other);
        let neuron = Neuron::new(Array1::from(weights[..d].to_vec())).with_bias(b).with_activation(f);
        let y = neuron.forward(&x).unwrap();
        for (i, row) in x.rows().into_iter().enumerate() {
            prop_assert_eq!(neuron.activate(&row).unwrap(), y[i]);
        }
        let layer = Dense::from(neuron.clone());
        let layer_y = layer.forward(&x).unwrap();
        prop_assert_eq!(layer_y.column(0), y.view());
        prop_assert_eq!(layer.neuron(0).unwrap(), neuron);
    }

    #[test]
    fn a_softmax_layer_equals_the_reference_and_its_rows_sum_to_one(
        n in 0usize..11, d in prop_oneof![1usize..20, 100usize..120], units in 2usize..12, layout in 0u8..4,
        values in prop::collection::vec(-10.0f64..10.0, 1..64),
        weights in prop::collection::vec(-3.0f64..3.0, 1..50),
    ) {
        let (_, other) = batch(n, d, &values, layout);
        let x = view_of(layout, &other);
        let w = Array2::from_shape_fn((d, units), |(k, j)| weights[(k * 7 + j) % weights.len()]);
        let bias = Array1::from_shape_fn(units, |j| weights[j % weights.len()] / 2.0);
        let layer = Dense::new(w.clone(), bias.clone(), Activation::Softmax).unwrap();
        let y = layer.forward(&x).unwrap();
        // Oracle: neuron::reference, `x.dot(&w) + b`, then the row softmax.
        let expected = neuron::reference::layer_forward(&x, &w, &bias, Activation::Softmax);
        for (i, (row, want)) in y.rows().into_iter().zip(expected.rows()).enumerate() {
            for (j, (&got, &want)) in row.iter().zip(want).enumerate() {
                // Net inputs agree to rounding (|h| ≤ 30·1000 here, a few ulp);
                // the softmax carries that as a relative error of the probabilities.
                prop_assert!((got - want).abs() <= 1e-9 * want.max(1e-300) + 1e-300, "row {i} unit {j}: {got} vs {want}");
            }
            prop_assert!((row.sum() - 1.0).abs() <= 1e-14, "row {i} sums to {}", row.sum());
        }
        // f32: rows sum to 1 within f32 rounding.
        let layer32 = Dense::new(w.mapv(|v| v as f32), bias.mapv(|v| v as f32), Activation::Softmax).unwrap();
        let y32 = layer32.forward(&x.mapv(|v| v as f32)).unwrap();
        for row in y32.rows() {
            prop_assert!((row.sum() - 1.0).abs() <= 1e-5);
        }
    }

    #[test]
    fn sigmoid_is_a_probability_monotone_and_symmetric_f64(a in -1000.0f64..1000.0, b in -1000.0f64..1000.0) {
        let s = |h| Activation::Sigmoid.apply(h);
        prop_assert!((0.0..=1.0).contains(&s(a)));
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(s(lo) <= s(hi));
        // σ(−h) = 1 − σ(h) within 2 ulp of numbers in [0.5, 1), i.e. 2·2⁻⁵³ = f64::EPSILON.
        prop_assert!((s(-a) - (1.0 - s(a))).abs() <= f64::EPSILON);
    }

    #[test]
    fn sigmoid_is_a_probability_monotone_and_symmetric_f32(a in -200.0f32..200.0, b in -200.0f32..200.0) {
        let s = |h| Activation::Sigmoid.apply(h);
        prop_assert!((0.0..=1.0).contains(&s(a)));
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(s(lo) <= s(hi));
        prop_assert!((s(-a) - (1.0 - s(a))).abs() <= f32::EPSILON);
    }

    #[test]
    fn derivatives_agree_from_net_input_and_output(h in -30.0f64..30.0, f in activation()) {
        let y = f.apply(h);
        prop_assert!((f.derivative(h) - f.derivative_from_output(y)).abs() <= 1e-15);
    }
}

#[cfg(feature = "serde")]
proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn save_then_load_returns_an_equal_model(
        sizes in prop::collection::vec(1usize..5, 2..5),
        bits in prop::collection::vec(any::<u64>(), 64),
        bits32 in prop::collection::vec(any::<u32>(), 64),
        seed in any::<u64>(),
    ) {
        let mut rng = StdRng::seed_from_u64(seed);
        let network: Network<f64> = Network::random(&sizes, Activation::Tanh, Init::HeNormal, &mut rng).unwrap();
        // Replace weights by arbitrary finite bit patterns: subnormals, extremes, −0.
        let layers = network.layers().iter().enumerate().map(|(l, layer)| {
            let mut k = l * 7;
            let mut next = || { k += 1; let v = f64::from_bits(bits[k % bits.len()]); if v.is_finite() { v } else { -0.0 } };
            let w = layer.weights().mapv(|_| next());
            let b = layer.bias().mapv(|_| next());
            Dense::new(w, b, layer.activation()).unwrap()
        }).collect();
        let network = Network::from_layers(layers).unwrap();
        let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("neuron-prop-{}-{seed}.json", std::process::id()));
        network.save(&path).unwrap();
        let back = Network::<f64>::load(&path).unwrap();
        let same_bits = |a: &Network<f64>, b: &Network<f64>| a.layers().iter().zip(b.layers()).all(|(x, y)| {
            x.weights().iter().zip(y.weights()).all(|(p, q)| p.to_bits() == q.to_bits())
                && x.bias().iter().zip(y.bias()).all(|(p, q)| p.to_bits() == q.to_bits())
        });
        prop_assert!(same_bits(&network, &back));

        let values: Vec<f32> = bits32.iter().map(|&b| f32::from_bits(b)).map(|v| if v.is_finite() { v } else { 0.0 }).collect();
        let neuron = Neuron::new(Array1::from(values.clone())).with_bias(values[0]);
        neuron.save(&path).unwrap();
        let back = Neuron::<f32>::load(&path).unwrap();
        prop_assert!(back.weights().iter().zip(&values).all(|(p, q)| p.to_bits() == q.to_bits()));
        std::fs::remove_file(&path).ok();
    }
}
