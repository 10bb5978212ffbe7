//! Rosenblatt's perceptron rule on the lecture series' logic gates.

use neuron::prelude::*;
use neuron::{Perceptron, datasets};

fn step_neuron() -> Neuron<f64> {
    Neuron::new(array![0.0, 0.0]).with_activation(Activation::Step)
}

#[test]
fn learns_the_and_gate() {
    let (x, t) = datasets::and_gate::<f64>().into_parts();
    let mut neuron = step_neuron();
    let history = Perceptron::new()
        .epochs(50)
        .fit(&mut neuron, &x, &t)
        .unwrap();
    assert_eq!(neuron.forward(&x).unwrap(), array![0.0, 0.0, 0.0, 1.0]);
    assert!(history.stopped_early());
    assert_eq!(history.final_loss(), Some(0.0));
    // By hand, η = 1, samples in order, H(0) = 1:
    // epoch 1: (0,0) y=1 t=0 → w=(0,0) b=−1; (0,1) y=0 ok; (1,0) ok; (1,1) y=0 t=1 → w=(1,1) b=0
    //          2 mistakes of 4 → 0.5
    assert_eq!(history.loss()[0], 0.5);
}

#[test]
fn learns_the_or_gate_with_shuffling() {
    let (x, t) = datasets::or_gate::<f64>().into_parts();
    let mut neuron = step_neuron();
    let history = Perceptron::new()
        .learning_rate(0.1)
        .shuffle(true)
        .seed(3)
        .fit(&mut neuron, &x, &t)
        .unwrap();
    assert_eq!(neuron.forward(&x).unwrap(), array![0.0, 1.0, 1.0, 1.0]);
    let mut again = step_neuron();
    let replay = Perceptron::new()
        .learning_rate(0.1)
        .shuffle(true)
        .seed(3)
        .fit(&mut again, &x, &t)
        .unwrap();
    assert_eq!(history, replay);
    assert_eq!(neuron, again);
}

#[test]
fn xor_is_not_linearly_separable() {
    // No line separates XOR: the rule never reaches an epoch without mistakes.
    let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
    let t = array![0.0, 1.0, 1.0, 0.0];
    let mut neuron = step_neuron();
    let history = Perceptron::new()
        .epochs(100)
        .fit(&mut neuron, &x, &t)
        .unwrap();
    assert_eq!(history.epochs(), 100);
    assert!(!history.stopped_early());
    assert!(history.loss().iter().all(|&e| e > 0.0));
}

#[test]
fn the_rule_needs_a_step_neuron_and_binary_targets() {
    let (x, t) = datasets::and_gate::<f64>().into_parts();
    let mut sigmoid = Neuron::new(array![0.0, 0.0]);
    let err = Perceptron::new().fit(&mut sigmoid, &x, &t).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the perceptron rule needs a step output, but the model's output activation is sigmoid"
    );
    let mut neuron = step_neuron();
    let err = Perceptron::new()
        .fit(&mut neuron, &x, &array![0.0, 0.5, 0.0, 1.0])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "target at index 1 is 0.5, but labels must be 0 or 1"
    );
    assert!(
        Perceptron::new()
            .epochs(0)
            .fit(&mut neuron, &x, &t)
            .is_err()
    );
    assert!(
        Perceptron::new()
            .learning_rate(f64::NAN)
            .fit(&mut neuron, &x, &t)
            .is_err()
    );
    assert!(
        Perceptron::new()
            .fit(&mut neuron, &x, &array![1.0])
            .is_err()
    );
    assert_eq!(neuron, step_neuron());
}
