//! The lecture's worked example: inputs [0.5, 0.3, 0.2], weights [0.4, 0.7, 0.2].
//!
//! Oracle, the lecture's arithmetic: h = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45 and
//! y = 1 / (1 + e^−0.45) = 0.61; with more digits, Python's
//! `1 / (1 + math.exp(-0.45))` = 0.610639233949222.

use approx::assert_abs_diff_eq;
use neuron::prelude::*;

const H: f64 = 0.45;
const Y: f64 = 0.610639233949222;

#[test]
fn forward_matches_lecture_example_f64() {
    let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
    let x = array![[0.5, 0.3, 0.2]];
    let y: Array1<f64> = neuron.forward(&x.view()).unwrap();
    assert_eq!(y.len(), 1);
    assert_abs_diff_eq!(y[0], Y, epsilon = 1e-12);
    assert_abs_diff_eq!(neuron.net_input(&x.view()).unwrap()[0], H, epsilon = 1e-15);
}

#[test]
fn forward_matches_lecture_example_f32() {
    let neuron = Neuron::new(array![0.4_f32, 0.7, 0.2]);
    let x = array![[0.5_f32, 0.3, 0.2]];
    let y: Array1<f32> = neuron.forward(&x.view()).unwrap();
    assert_abs_diff_eq!(y[0], Y as f32, epsilon = 1e-6);
    assert_abs_diff_eq!(
        neuron.net_input_one(&x.row(0)).unwrap(),
        H as f32,
        epsilon = 1e-6
    );
}

#[test]
fn forward_takes_an_owned_array_too() {
    let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
    let x = array![[0.5, 0.3, 0.2]];
    assert_eq!(
        neuron.forward(&x).unwrap(),
        neuron.forward(&x.view()).unwrap()
    );
}

#[test]
fn activate_matches_lecture_example() {
    let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
    let input = array![0.5, 0.3, 0.2];
    assert_abs_diff_eq!(neuron.activate(&input).unwrap(), Y, epsilon = 1e-12);
    assert_abs_diff_eq!(neuron.activate(&input.view()).unwrap(), Y, epsilon = 1e-12);
    assert_abs_diff_eq!(neuron.net_input_one(&input).unwrap(), H, epsilon = 1e-15);
}

#[test]
fn explain_writes_the_lecture_slide() {
    let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
    let steps = neuron.explain(&array![0.5, 0.3, 0.2]).unwrap();
    assert_eq!(
        format!("{steps:.2}"),
        "h = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45\ny = sigmoid(0.45) = 0.61"
    );
    // Default precision is 4 decimals; 15 gives the lecture's value with more digits.
    assert_eq!(
        steps.to_string(),
        "h = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45\ny = sigmoid(0.45) = 0.6106"
    );
    assert!(format!("{steps:.15}").ends_with("= 0.610639233949222"));
}

#[test]
fn explain_exposes_terms_and_values_as_data() {
    let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
    let input = array![0.5, 0.3, 0.2];
    let steps = neuron.explain(&input).unwrap();
    let products: Vec<f64> = steps.terms().iter().map(|t| t.product()).collect();
    // 0.5·0.4 = 0.2, 0.3·0.7 = 0.21, 0.2·0.2 = 0.04
    assert_abs_diff_eq!(products[0], 0.2, epsilon = 1e-15);
    assert_abs_diff_eq!(products[1], 0.21, epsilon = 1e-15);
    assert_abs_diff_eq!(products[2], 0.04, epsilon = 1e-15);
    assert_eq!(steps.terms()[2].input, 0.2);
    assert_eq!(steps.terms()[1].weight, 0.7);
    assert_eq!(steps.bias(), 0.0);
    assert_eq!(steps.activation(), Activation::Sigmoid);
    assert_eq!(steps.net_input(), neuron.net_input_one(&input).unwrap());
    assert_eq!(steps.output(), neuron.activate(&input).unwrap());
}

#[test]
fn explain_shows_bias_and_negative_numbers() {
    let neuron = Neuron::new(array![-0.4, 0.7])
        .with_bias(0.1)
        .with_activation(Activation::Tanh);
    let steps = neuron.explain(&array![0.5, -0.3]).unwrap();
    // h = 0.5·(−0.4) + (−0.3)·0.7 + 0.1 = −0.2 − 0.21 + 0.1 = −0.31; tanh(−0.31) = −0.30045…
    assert_eq!(
        steps.to_string(),
        "h = 0.5·(-0.4) + (-0.3)·0.7 + 0.1 = -0.31\ny = tanh(-0.31) = -0.3004"
    );
    let lone_bias = Neuron::new(Array1::<f64>::zeros(0)).with_bias(-2.0);
    assert_eq!(
        lone_bias.explain(&Array1::zeros(0)).unwrap().to_string(),
        "h = -2 = -2\ny = sigmoid(-2) = 0.1192"
    );
}

#[test]
fn bias_shifts_the_net_input() {
    // h = 0.45 + 0.55 = 1.0; σ(1) = 0.7310585786300049 (Python: 1 / (1 + math.exp(-1)))
    let neuron = Neuron::new(array![0.4, 0.7, 0.2]).with_bias(0.55);
    let y = neuron.activate(&array![0.5, 0.3, 0.2]).unwrap();
    assert_abs_diff_eq!(y, 0.7310585786300049, epsilon = 1e-12);
}

#[test]
fn display_is_short() {
    assert_eq!(
        Neuron::new(array![0.4, 0.7, 0.2]).to_string(),
        "Neuron(3 inputs, sigmoid)"
    );
    assert_eq!(
        Neuron::new(array![1.0_f32])
            .with_activation(Activation::Step)
            .to_string(),
        "Neuron(1 input, step)"
    );
}

#[test]
fn neuron_compares_with_a_tolerance() {
    let a = Neuron::new(array![0.4, 0.7, 0.2]);
    let b = Neuron::new(array![0.4 + 1e-12, 0.7, 0.2]);
    assert_ne!(a, b);
    approx::assert_relative_eq!(a, b, max_relative = 1e-10);
    approx::assert_abs_diff_ne!(a, b.clone().with_activation(Activation::Tanh));
}
