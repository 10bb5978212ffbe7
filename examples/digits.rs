//! Handwritten digits: a 64-128-10 network with a softmax output, trained with
//! Adam and dropout, reads 8 × 8 images of the digits 0 to 9.
//!
//! The lecture series' next network sorts music into ten genres; this is the
//! same task (one input vector, ten classes) at a size that trains in seconds:
//!
//! ```text
//! 64 pixels → Dense(128, relu, dropout 0.3) → Dense(10, softmax) → P(digit)
//! ```
//!
//! Keras: `Dense(128, activation="relu")`, `Dropout(0.3)`,
//! `Dense(10, activation="softmax")`, `"adam"`, `"categorical_crossentropy"`.
//! scikit-learn's `MLPClassifier` reaches about 97–98 % on a held-out quarter;
//! this network reaches 97.8 % on this split in about half a second (96.7–98.0 %
//! over five other random splits).
//!
//! Run with `cargo run --release --example digits`.

use std::error::Error;
use std::ops::ControlFlow;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use neuron::prelude::*;

fn main() -> Result<(), Box<dyn Error>> {
    let data = datasets::digits::<f32>();
    let mut rng = StdRng::seed_from_u64(0);
    let (train, test) = datasets::train_test_split(&data, 0.25, &mut rng)?;
    println!(
        "{} images of 8 × 8 pixels: {} to train on, {} held out",
        data.n_samples(),
        train.n_samples(),
        test.n_samples()
    );
    show(
        test.inputs().row(0).as_slice().unwrap_or(&[]),
        test.targets()[0],
    );

    // Standardised pixels (constant pixels, always white, stay 0).
    let scaler = Standardizer::fit(train.inputs())?;
    let (x_train, x_test) = (
        scaler.transform(train.inputs())?,
        scaler.transform(test.inputs())?,
    );
    let (t_train, t_test) = (one_hot(train.targets(), 10)?, one_hot(test.targets(), 10)?);

    let mut network = Network::from_layers(vec![
        Dense::random(64, 128, Activation::Relu, Init::HeNormal, &mut rng)?.with_dropout(0.3)?,
        Dense::random(128, 10, Activation::Softmax, Init::XavierUniform, &mut rng)?,
    ])?;
    println!("{network}");

    let epochs = 60;
    let settings = GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(0.003)
        .schedule(Schedule::cosine(0.0))
        .batch_size(32)
        .epochs(epochs)
        .seed(1);
    let bar = ProgressBar::new(epochs as u64);
    bar.set_style(ProgressStyle::with_template(
        "{bar:40} {pos:>3}/{len} epochs  {msg}",
    )?);
    let hooks = Hooks::new()
        .validation(&x_test, &t_test)
        .on_epoch(|report| {
            bar.inc(1);
            let held_out = report.validation_loss.unwrap_or(f32::NAN);
            bar.set_message(format!(
                "loss {:.4}  held-out loss {held_out:.4}",
                report.loss
            ));
            if report.epoch % 10 == 0 {
                let line = format!(
                    "epoch {:>3}: training loss {:.4}, held-out loss {held_out:.4}",
                    report.epoch, report.loss
                );
                // Above the bar on a terminal; plain lines when piped to a file.
                if bar.is_hidden() {
                    println!("{line}");
                } else {
                    bar.println(line);
                }
            }
            ControlFlow::Continue(())
        });
    let start = Instant::now();
    let history = settings.fit_with(&mut network, &x_train, &t_train, Loss::CrossEntropy, hooks)?;
    bar.finish_and_clear();
    println!("{history} in {:.2?}", start.elapsed());

    let predicted = network.predict_classes(&x_test)?;
    let truth = test.targets().mapv(|t| t as usize);
    let right = predicted.iter().zip(&truth).filter(|(p, t)| p == t).count();
    println!(
        "held-out accuracy: {right}/{} = {:.1} %",
        truth.len(),
        100.0 * right as f64 / truth.len() as f64
    );

    let mut confusion = Array2::<usize>::zeros((10, 10));
    for (&t, &p) in truth.iter().zip(&predicted) {
        confusion[[t, p]] += 1;
    }
    println!("\nconfusion matrix (rows: true digit, columns: predicted digit):");
    println!(
        "     {}",
        (0..10).map(|d| format!("{d:>4}")).collect::<String>()
    );
    for (digit, row) in confusion.rows().into_iter().enumerate() {
        let cells: String = row.iter().map(|c| format!("{c:>4}")).collect();
        println!("  {digit}: {cells}");
    }

    println!("\nthe digits it got wrong:");
    let wrong: Vec<usize> = (0..truth.len())
        .filter(|&i| predicted[i] != truth[i])
        .collect();
    let p = network.predict_proba(&x_test)?;
    for &i in wrong.iter().take(3) {
        println!(
            "true {}, predicted {} with probability {:.2}",
            truth[i],
            predicted[i],
            p[[i, predicted[i]]]
        );
        show(
            test.inputs().row(i).as_slice().unwrap_or(&[]),
            test.targets()[i],
        );
    }
    Ok(())
}

/// Draws an 8 × 8 image of pixel values 0..16 in the terminal.
fn show(pixels: &[f32], label: f32) {
    const SHADES: [char; 5] = [' ', '░', '▒', '▓', '█'];
    println!("a {label}:");
    for row in pixels.chunks(8) {
        let line: String = row
            .iter()
            .map(|&v| SHADES[((v / 16.0 * 4.0).round() as usize).min(4)])
            .flat_map(|c| [c, c])
            .collect();
        println!("  |{line}|");
    }
}
