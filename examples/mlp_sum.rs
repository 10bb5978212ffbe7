//! A multilayer perceptron learns to add: the lecture series' 2-5-1 network.
//!
//! The lecture series' Python (MLP with backpropagation, trained per sample):
//!
//! ```python
//! items = np.array([[random() / 2 for _ in range(2)] for _ in range(1000)])
//! targets = np.array([[i[0] + i[1]] for i in items])
//! mlp = MLP(2, [5], 1)                       # weights np.random.rand
//! mlp.train(items, targets, 50, 0.1)         # 50 epochs, learning rate 0.1, MSE
//! mlp.forward_propagate([0.3, 0.1])          # ≈ 0.4
//! ```
//!
//! Run with `cargo run --release --example mlp_sum`.

use std::error::Error;
use std::ops::ControlFlow;

use neuron::prelude::*;

fn main() -> Result<(), Box<dyn Error>> {
    let mut rng = StdRng::seed_from_u64(42);
    // 1000 pairs [a, b] in [0, 0.5)², target a + b.
    let (x, t) = datasets::sum_of_two::<f64, _>(1000, &mut rng).into_parts();

    // 2 inputs → 5 hidden sigmoid units → 1 sigmoid output; weights U[0, 1).
    let mut mlp = Network::random(&[2, 5, 1], Activation::Sigmoid, Init::Lecture, &mut rng)?;
    println!("{mlp}");

    let settings = GradientDescent::new()
        .learning_rate(0.1)
        .epochs(50)
        .per_sample() // one update per sample, as the lecture series trains
        .shuffle(false);
    let hooks = Hooks::new().on_epoch(|report| {
        if report.epoch % 10 == 0 || report.epoch == 1 {
            println!(
                "epoch {:>2}: mean squared error {:.6}",
                report.epoch, report.loss
            );
        }
        ControlFlow::Continue(())
    });
    settings.fit_with(&mut mlp, &x, &t, Loss::MeanSquaredError, hooks)?;

    println!();
    for (a, b) in [(0.3, 0.1), (0.1, 0.2), (0.45, 0.45), (0.05, 0.0)] {
        let y = mlp.activate(&array![a, b])?[0];
        println!("{a} + {b} = {:.2}, the network says {y:.4}", a + b);
    }
    Ok(())
}
