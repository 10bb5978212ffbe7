//! Every memory layout gives the same outputs, and a batch gives each row's single-sample result.
//!
//! Oracle: the crate's plain reference implementation (`neuron::reference`:
//! `x.dot(&w) + b`, then the sigmoid); and, for exactness, the crate's own
//! single-sample path.

use approx::assert_abs_diff_eq;
use neuron::ndarray::ShapeBuilder;
use neuron::prelude::*;

/// Reference: the formula in the most obvious way, `σ(x.dot(&w) + b)`.
fn reference(x: &Array2<f64>, w: &Array1<f64>, b: f64) -> Array1<f64> {
    neuron::reference::neuron_forward(x, w, b, Activation::Sigmoid)
}

fn data(n_samples: usize, n_inputs: usize, seed: u64) -> (Array2<f64>, Neuron<f64>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let x = Init::Uniform {
        low: -2.0,
        high: 2.0,
    }
    .weights(n_samples, n_inputs, &mut rng)
    .unwrap();
    let neuron = Neuron::random(n_inputs, Init::XavierUniform, &mut rng)
        .unwrap()
        .with_bias(0.3);
    (x, neuron)
}

#[test]
fn every_layout_gives_identical_outputs() {
    for n_inputs in [1, 3, 4, 7, 13] {
        let (x, neuron) = data(9, n_inputs, 11);
        let expected = neuron.forward(&x).unwrap();
        assert_abs_diff_eq!(
            expected,
            reference(&x, neuron.weights(), 0.3),
            epsilon = 1e-14
        );

        // Fortran order: the same matrix, stored column by column.
        let mut fortran = Array2::zeros(x.raw_dim().f());
        fortran.assign(&x);
        assert!(fortran.t().is_standard_layout() || n_inputs <= 1);
        assert_eq!(neuron.forward(&fortran.view()).unwrap(), expected);

        // A transposed view of the transposed matrix.
        let transposed = x.t().to_owned();
        assert_eq!(neuron.forward(&transposed.t()).unwrap(), expected);

        // Rows in reverse (a negative stride).
        let reversed = x.slice(s![..;-1, ..]);
        let mut back = neuron.forward(&reversed).unwrap();
        back.invert_axis(Axis(0));
        assert_eq!(back, expected);

        // Every other row, every other column of a wider matrix.
        let mut wide = Array2::from_elem((18, 2 * n_inputs), f64::NAN);
        wide.slice_mut(s![..;2, ..;2]).assign(&x);
        let stepped = wide.slice(s![..;2, ..;2]);
        assert_eq!(neuron.forward(&stepped).unwrap(), expected);

        // A slice of rows.
        let sliced = neuron.forward(&x.slice(s![2..5, ..])).unwrap();
        assert_eq!(sliced, expected.slice(s![2..5]));
    }
}

#[test]
fn batch_equals_single_sample_for_every_row() {
    for activation in Activation::ALL {
        let (x, neuron) = data(17, 6, 5);
        let neuron = neuron.with_activation(activation);
        let batch = neuron.forward(&x.view()).unwrap();
        let h = neuron.net_input(&x.view()).unwrap();
        for (i, row) in x.rows().into_iter().enumerate() {
            assert_eq!(neuron.activate(&row).unwrap(), batch[i]);
            assert_eq!(neuron.activate(&row.to_owned()).unwrap(), batch[i]);
            assert_eq!(neuron.net_input_one(&row).unwrap(), h[i]);
        }
    }
}

#[test]
fn f32_agrees_with_f64() {
    let (x, neuron) = data(20, 5, 3);
    let y64 = neuron.forward(&x).unwrap();
    let neuron32 = Neuron::new(neuron.weights().mapv(|w| w as f32)).with_bias(0.3_f32);
    let y32 = neuron32.forward(&x.mapv(|v| v as f32)).unwrap();
    assert_abs_diff_eq!(y32.mapv(f64::from), y64, epsilon = 1e-6);
}

#[test]
fn empty_batches_and_zero_inputs() {
    let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
    assert_eq!(neuron.forward(&Array2::zeros((0, 3))).unwrap().len(), 0);
    // With no inputs, h = b and y = f(b): σ(0) = 0.5 for every sample.
    let lonely = Neuron::<f64>::new(Array1::zeros(0));
    assert_eq!(
        lonely.forward(&Array2::zeros((3, 0))).unwrap(),
        array![0.5, 0.5, 0.5]
    );
}
