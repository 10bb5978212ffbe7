//! The lecture's artificial neuron, step by step.
//!
//! The Python the lecture writes:
//!
//! ```python
//! inputs, weights = np.array([0.5, 0.3, 0.2]), np.array([0.4, 0.7, 0.2])
//! h = np.dot(inputs, weights)      # 0.45
//! y = 1 / (1 + np.exp(-h))         # 0.61
//! ```
//!
//! Run with `cargo run --example artificial_neuron`.

use std::error::Error;

use neuron::prelude::*;

fn main() -> Result<(), Box<dyn Error>> {
    // A neuron is its weights, one per input; the lecture's has no bias and a sigmoid.
    let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
    let inputs = array![0.5, 0.3, 0.2];
    println!("{neuron} with weights {}", neuron.weights());
    println!("inputs x = {inputs}\n");

    // h = Σ xᵢwᵢ, then y = σ(h), written out as on the lecture's slides.
    let steps = neuron.explain(&inputs)?;
    println!("As on the slides:\n{steps:.2}\n");
    println!("With more digits:\n{steps:.15}\n");
    println!(
        "h = {:.2}, y = {:.2}  (y = {})\n",
        steps.net_input(),
        steps.output(),
        steps.output()
    );

    // A batch: one sample per row, shape (n_samples, n_inputs); one output per row.
    let batch = array![
        [0.5, 0.3, 0.2], // the lecture's sample
        [0.0, 0.0, 0.0], // h = 0, so y = σ(0) = 0.5
        [1.0, 1.0, 1.0], // h = 0.4 + 0.7 + 0.2 = 1.3
        [-1.0, -2.0, 0.5],
    ];
    let outputs = neuron.forward(&batch.view())?;
    println!("A batch through forward, one row per sample:");
    for (sample, y) in batch.rows().into_iter().zip(&outputs) {
        println!("  x = {sample:.1}  y = {y:.4}");
    }

    // The same sample alone gives exactly the batch's value for its row.
    assert_eq!(neuron.activate(&batch.row(0))?, outputs[0]);
    Ok(())
}
