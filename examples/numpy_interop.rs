//! Weights between NumPy and this crate, both ways, as `.npy` files.
//!
//! From NumPy (or PyTorch, transposing `Linear.weight`):
//!
//! ```python
//! np.save("layer0_weights.npy", W0)        # (n_inputs, n_units), as in X @ W0
//! np.save("layer0_bias.npy", b0)           # (n_units,)
//! ```
//!
//! Run with `cargo run --example numpy_interop --features npy`.

use std::error::Error;
use std::path::Path;

use neuron::prelude::*;

fn main() -> Result<(), Box<dyn Error>> {
    // 1. A network NumPy saved (tests/fixtures/npy, by scripts/oracles/npy_fixtures.py).
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/npy");
    let from_numpy =
        Network::<f64>::read_npy_dir(&fixtures, &[Activation::Tanh, Activation::Sigmoid])?;
    let x = array![[0.5, 0.3], [-1.0, 2.0], [0.0, 0.0]];
    println!("{from_numpy}, loaded from {}", fixtures.display());
    println!("outputs here:  {:.16}", from_numpy.forward(&x)?.column(0));
    println!("NumPy printed: [0.5318462590542105, 0.4766391119683346, 0.4543387235374316]");

    // 2. A network trained here, written for NumPy.
    let mut rng = StdRng::seed_from_u64(1);
    let mut network = Network::random(&[2, 4, 1], Activation::Tanh, Init::XavierUniform, &mut rng)?;
    let t = array![1.0, 0.0, 1.0];
    GradientDescent::new().learning_rate(0.1).epochs(200).fit(
        &mut network,
        &x,
        &t,
        Loss::MeanSquaredError,
    )?;
    let out = Path::new("target/numpy_interop");
    std::fs::create_dir_all(out)?;
    network.write_npy_dir(out)?;
    println!(
        "\nwrote {} as {}/layer{{0,1}}_{{weights,bias}}.npy; in Python:",
        network,
        out.display()
    );
    println!(
        "  W0, b0, W1, b1 = (np.load(f\"{}/layer{{l}}_{{p}}.npy\") for l in (0, 1) for p in (\"weights\", \"bias\"))",
        out.display()
    );
    println!("  y = np.tanh(np.tanh(X @ W0 + b0) @ W1 + b1)");
    println!("outputs here: {:.6}", network.forward(&x)?.column(0));
    Ok(())
}
