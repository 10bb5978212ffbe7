//! XOR: what one neuron cannot learn, and two layers can.
//!
//! A single neuron draws one straight line through the input plane; no line puts
//! (0, 1) and (1, 0) on one side and (0, 0) and (1, 1) on the other. A hidden
//! layer bends the plane first.
//!
//! Run with `cargo run --example xor`.

use std::error::Error;

use neuron::prelude::*;

fn main() -> Result<(), Box<dyn Error>> {
    let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
    let t = array![0.0, 1.0, 1.0, 0.0];
    let settings = GradientDescent::new().learning_rate(1.0).epochs(2000);

    // One neuron: logistic regression. By symmetry its best fit is no line at
    // all: every output stays at 0.5, and the loss at ln 2.
    let mut neuron = Neuron::new(array![0.0, 0.0]);
    let single = settings.fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)?;
    println!("one neuron:  {single}, outputs {:.3}", neuron.forward(&x)?);

    // A 2-4-1 network: a tanh hidden layer, a sigmoid output.
    let mut rng = StdRng::seed_from_u64(1);
    let hidden = Dense::random(2, 4, Activation::Tanh, Init::XavierUniform, &mut rng)?;
    let output = Dense::random(4, 1, Activation::Sigmoid, Init::XavierUniform, &mut rng)?;
    let mut network = Network::from_layers(vec![hidden, output])?;
    let history = settings.fit(&mut network, &x, &t, Loss::BinaryCrossEntropy)?;
    println!("{network}: {history}");

    println!("\n x₁ x₂ | XOR | network");
    let y = network.forward(&x)?;
    for ((row, target), output) in x.rows().into_iter().zip(&t).zip(y.column(0)) {
        println!(" {}  {}  |  {}  |  {output:.3}", row[0], row[1], target);
    }

    // Backpropagation's gradient, checked against finite differences.
    let check = gradient_check(&network, &x, &t, Loss::BinaryCrossEntropy)?;
    println!(
        "\ngradient check: largest relative error {:.1e}",
        check.max_relative_error
    );
    Ok(())
}
