//! A neuron with random weights, drawn reproducibly from a seeded generator.
//!
//! NumPy, as the lecture series does it: `np.random.seed(7); w = np.random.rand(3)`.
//!
//! Run with `cargo run --example random_neuron`.

use std::error::Error;

use neuron::prelude::*;

fn main() -> Result<(), Box<dyn Error>> {
    // The same seed gives the same weights, on every machine.
    let mut rng = StdRng::seed_from_u64(7);
    let lecture: Neuron<f64> = Neuron::random(3, Init::Lecture, &mut rng)?;
    println!(
        "Init::Lecture, U[0, 1):      weights {:.4}",
        lecture.weights()
    );

    let xavier: Neuron<f64> = Neuron::random(3, Init::XavierUniform, &mut rng)?;
    println!(
        "Init::XavierUniform, ±√(6/4): weights {:.4}",
        xavier.weights()
    );

    let relu: Neuron<f32> =
        Neuron::random(3, Init::HeNormal, &mut rng)?.with_activation(Activation::Relu);
    println!(
        "Init::HeNormal, σ = √(2/3):   weights {:.4}  ({relu})",
        relu.weights()
    );

    // Five random samples through the lecture-style neuron.
    let x: Array2<f64> = Init::Lecture.weights(5, 3, &mut rng)?;
    let y = lecture.forward(&x)?;
    println!("\ninputs (5 samples × 3 features):\n{x:.3}");
    println!("outputs: {y:.4}");

    let mut again = StdRng::seed_from_u64(7);
    assert_eq!(Neuron::random(3, Init::Lecture, &mut again)?, lecture);
    println!(
        "\nSeed 7 again gives the same weights: {}",
        lecture.weights()
    );
    Ok(())
}
