//! Rosenblatt's perceptron learns the AND gate.
//!
//! The rule: `w ← w + η(t − y)x`, `b ← b + η(t − y)`, one sample at a time,
//! with a step activation `y = 1 if h ≥ 0 else 0`.
//!
//! Run with `cargo run --example perceptron`.

use std::error::Error;

use neuron::prelude::*;
use neuron::{Perceptron, datasets};

fn main() -> Result<(), Box<dyn Error>> {
    let (x, t) = datasets::and_gate::<f64>().into_parts();
    let mut neuron = Neuron::new(array![0.0, 0.0]).with_activation(Activation::Step);

    let history = Perceptron::new()
        .learning_rate(1.0)
        .epochs(20)
        .fit(&mut neuron, &x, &t)?;
    for (epoch, error) in history.loss().iter().enumerate() {
        println!(
            "epoch {}: {:.0}% of samples misclassified",
            epoch + 1,
            100.0 * error
        );
    }
    println!(
        "\nlearned: w = {}, b = {}  ({})",
        neuron.weights(),
        neuron.bias(),
        neuron
    );

    println!("\n x₁ x₂ | AND | neuron");
    let y = neuron.forward(&x)?;
    for ((row, target), output) in x.rows().into_iter().zip(&t).zip(&y) {
        println!(" {}  {}  |  {}  |  {}", row[0], row[1], target, output);
    }
    println!(
        "\nOne sample, step by step:\n{}",
        neuron.explain(&x.row(3))?
    );
    Ok(())
}
