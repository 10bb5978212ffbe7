//! Pictures of the lecture: the activation functions, a loss curve, and
//! decision boundaries of a neuron and of a network, written as SVG files.
//!
//! matplotlib, for comparison:
//!
//! ```python
//! h = np.linspace(-5, 5, 601)
//! plt.plot(h, 1 / (1 + np.exp(-h)), label="sigmoid"); plt.legend(); plt.savefig("activations.svg")
//! ```
//!
//! Run with `cargo run --example plots --features plot`; the files go to
//! `target/plots/`.

use std::error::Error;
use std::path::Path;

use neuron::plot;
use neuron::prelude::*;

fn main() -> Result<(), Box<dyn Error>> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/plots");
    std::fs::create_dir_all(&folder)?;
    let save = |svg: plot::Svg, name: &str| -> Result<(), Box<dyn Error>> {
        let path = folder.join(name);
        svg.save(&path)?;
        println!("wrote {}", path.display());
        Ok(())
    };

    // The lecture's f: the sigmoid, and its relatives.
    save(
        plot::activations(&[Activation::Sigmoid], -6.0..=6.0)?,
        "sigmoid.svg",
    )?;
    save(
        plot::activations(
            &[
                Activation::Sigmoid,
                Activation::Tanh,
                Activation::Relu,
                Activation::Step,
            ],
            -4.0..=4.0,
        )?,
        "activations.svg",
    )?;

    // XOR: one neuron cannot separate the classes, a 2-4-1 network can.
    let xor = Dataset::new(
        array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]],
        array![0.0, 1.0, 1.0, 0.0],
    )?
    .with_feature_names(["x₁", "x₂"])?;
    let mut rng = StdRng::seed_from_u64(1);
    let mut network = Network::from_layers(vec![
        Dense::random(2, 4, Activation::Tanh, Init::XavierUniform, &mut rng)?,
        Dense::random(4, 1, Activation::Sigmoid, Init::XavierUniform, &mut rng)?,
    ])?;
    let history = GradientDescent::new().learning_rate(1.0).epochs(2000).fit(
        &mut network,
        xor.inputs(),
        xor.targets(),
        Loss::BinaryCrossEntropy,
    )?;
    save(plot::loss_curve(&history)?, "xor_loss.svg")?;
    save(plot::decision_boundary(&network, &xor)?, "xor_boundary.svg")?;
    Ok(())
}
