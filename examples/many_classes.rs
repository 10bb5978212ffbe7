//! Many classes: a softmax output layer, categorical cross-entropy, Adam and
//! dropout, on the bundled iris flowers (three species) and wines (three
//! cultivars).
//!
//! Where a sigmoid neuron gives the probability of one class, a softmax layer of
//! `k` units gives a probability for each of `k` classes:
//!
//! ```text
//! h = x·W + b              (one net input per class)
//! yₖ = eʰᵏ / Σⱼ eʰʲ         (positive, and summing to 1)
//! loss = −ln y[true class]  (categorical cross-entropy)
//! ```
//!
//! Keras writes the same network as `Dense(16, activation="relu")`,
//! `Dropout(0.1)`, `Dense(3, activation="softmax")`, compiled with `"adam"` and
//! `"categorical_crossentropy"`.
//!
//! Run with `cargo run --release --example many_classes`.

use std::error::Error;

use neuron::activation::softmax;
use neuron::prelude::*;

fn main() -> Result<(), Box<dyn Error>> {
    // The softmax turns any net inputs into probabilities.
    let h = array![2.0, 1.0, 0.1];
    let y = softmax(&h);
    println!(
        "softmax([2.0, 1.0, 0.1]) = {y:.3}, which sums to {:.3}\n",
        y.sum()
    );

    for (data, hidden) in [(datasets::iris::<f64>(), 16), (datasets::wine(), 32)] {
        classify(&data, hidden)?;
    }
    Ok(())
}

/// Trains an `n_features`-`hidden`-`k` network on three quarters of `data` and
/// scores it on the rest.
fn classify(data: &Dataset<f64>, hidden: usize) -> Result<(), Box<dyn Error>> {
    let names = data.target_names();
    let k = names.len();
    let mut rng = StdRng::seed_from_u64(42);
    let (train, test) = datasets::train_test_split(data, 0.25, &mut rng)?;
    let scaler = Standardizer::fit(train.inputs())?;
    let (x_train, x_test) = (
        scaler.transform(train.inputs())?,
        scaler.transform(test.inputs())?,
    );
    // Targets as rows of class probabilities: class 2 of 3 is [0, 0, 1].
    let (t_train, t_test) = (one_hot(train.targets(), k)?, one_hot(test.targets(), k)?);

    let mut network = Network::from_layers(vec![
        Dense::random(
            data.n_features(),
            hidden,
            Activation::Relu,
            Init::HeNormal,
            &mut rng,
        )?
        .with_dropout(0.1)?,
        Dense::random(
            hidden,
            k,
            Activation::Softmax,
            Init::XavierUniform,
            &mut rng,
        )?,
    ])?;
    println!("{} samples, {k} classes: {network}", data.n_samples());
    let history = GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(0.01)
        .schedule(Schedule::cosine(0.0))
        .epochs(100)
        .l2(1e-3)
        .batch_size(16)
        .seed(7)
        .fit_with(
            &mut network,
            &x_train,
            &t_train,
            Loss::CrossEntropy,
            Hooks::new().validation(&x_test, &t_test),
        )?;
    println!("  training: {history}");

    let classes = network.predict_classes(&x_test)?;
    let truth = test.targets().mapv(|t| t as usize);
    let right = classes.iter().zip(&truth).filter(|(p, t)| p == t).count();
    println!(
        "  test accuracy: {right}/{} = {:.1} %",
        truth.len(),
        100.0 * right as f64 / truth.len() as f64
    );

    // Confusion matrix: row = true class, column = predicted class.
    let mut confusion = Array2::<usize>::zeros((k, k));
    for (&t, &p) in truth.iter().zip(&classes) {
        confusion[[t, p]] += 1;
    }
    println!("  confusion (rows: true, columns: predicted):");
    for (name, row) in names.iter().zip(confusion.rows()) {
        println!("    {name:>12} {row}");
    }

    // The probabilities behind the first few predictions.
    let p = network.predict_proba(&x_test.slice(s![..4, ..]))?;
    println!("  first test samples, P(class) for {names:?}:");
    for ((row, t), c) in p.rows().into_iter().zip(&truth).zip(&classes) {
        println!(
            "    {row:.3}  predicted {:<12} true {}",
            names[*c], names[*t]
        );
    }
    println!();
    Ok(())
}
