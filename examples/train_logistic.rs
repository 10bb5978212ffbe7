//! Logistic regression on real data: a sigmoid neuron trained with binary
//! cross-entropy on the Wisconsin diagnostic breast cancer data set.
//!
//! scikit-learn, for comparison:
//!
//! ```python
//! X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25)
//! scaler = StandardScaler().fit(X_train)
//! model = LogisticRegression().fit(scaler.transform(X_train), y_train)
//! ```
//!
//! Run with `cargo run --release --example train_logistic`. With
//! `--features plot` it also draws the loss curves and a decision boundary over
//! two of the features, into `target/plots/`.

use std::error::Error;
use std::ops::ControlFlow;

use indicatif::{ProgressBar, ProgressStyle};
use neuron::prelude::*;
use neuron::{GradientDescent, Hooks, Loss, Standardizer, datasets, metrics};

fn main() -> Result<(), Box<dyn Error>> {
    // 569 tumours × 30 measurements; target 1 = benign, 0 = malignant.
    let data = datasets::breast_cancer::<f64>();
    println!(
        "{} samples × {} features; classes {:?}",
        data.n_samples(),
        data.n_features(),
        data.target_names()
    );

    // Hold out a quarter for testing, then standardise with the training set's
    // means and spreads only: the test set must not leak into training.
    let mut rng = StdRng::seed_from_u64(42);
    let (train, test) = datasets::train_test_split(&data, 0.25, &mut rng)?;
    let scaler = Standardizer::fit(train.inputs())?;
    let x_train = scaler.transform(train.inputs())?;
    let x_test = scaler.transform(test.inputs())?;
    let (t_train, t_test) = (train.targets(), test.targets());

    // scikit-learn's default C = 1 is an L2 penalty λ = 1 / n_samples.
    let epochs = 2000;
    let settings = GradientDescent::new()
        .learning_rate(1.0)
        .epochs(epochs)
        .l2(1.0 / x_train.nrows() as f64);

    let bar = ProgressBar::new(epochs as u64);
    bar.set_style(ProgressStyle::with_template(
        "{bar:40} {pos:>4}/{len} epochs  {msg}",
    )?);
    let mut neuron = Neuron::new(Array1::zeros(data.n_features()));
    let hooks = Hooks::new().validation(&x_test, t_test).on_epoch(|report| {
        bar.inc(1);
        if report.epoch % 100 == 0 {
            let validation = report.validation_loss.unwrap_or(f64::NAN);
            bar.set_message(format!(
                "loss {:.5}  test loss {validation:.5}",
                report.loss
            ));
            let line = format!(
                "epoch {:>4}: training objective {:.5}, test loss {validation:.5}",
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
    let history = settings.fit_with(
        &mut neuron,
        &x_train,
        t_train,
        Loss::BinaryCrossEntropy,
        hooks,
    )?;
    bar.finish_and_clear();
    println!("{history:.5}");

    for (name, x, t) in [("train", &x_train, t_train), ("test ", &x_test, t_test)] {
        let p = neuron.predict_proba(x)?;
        let labels = neuron.predict(x)?;
        println!(
            "{name}: accuracy {:.2}%, log loss {:.4}",
            100.0 * metrics::accuracy(t, &labels)?,
            metrics::log_loss(t, &p)?
        );
    }
    println!(
        "\nTest confusion matrix (rows: true class, columns: predicted):\n{}",
        metrics::confusion_matrix(t_test, &neuron.predict(&x_test)?)?
    );

    // The weights say which measurements weigh most (on the standardised scale).
    let mut ranked: Vec<(usize, f64)> = neuron.weights().iter().copied().enumerate().collect();
    ranked.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    println!("Largest weights:");
    for &(j, w) in ranked.iter().take(5) {
        println!("  {:>+.3}  {}", w, data.feature_names()[j]);
    }

    #[cfg(feature = "plot")]
    plots::write(&history, &data, &x_train, t_train)?;
    Ok(())
}

/// The pictures: the loss per epoch, and the decision boundary of a neuron
/// that sees only two of the features, so that it can be drawn in a plane.
#[cfg(feature = "plot")]
mod plots {
    use std::error::Error;
    use std::path::Path;

    use neuron::prelude::*;
    use neuron::{GradientDescent, History, Loss, plot};

    pub fn write(
        history: &History<f64>,
        data: &Dataset<f64>,
        x_train: &Array2<f64>,
        t_train: &Array1<f64>,
    ) -> Result<(), Box<dyn Error>> {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/plots");
        std::fs::create_dir_all(&folder)?;

        let loss = folder.join("train_logistic_loss.svg");
        plot::loss_curve(history)?.save(&loss)?;

        // Mean radius and mean texture, standardised: the classic pair to draw.
        let columns = [0, 1];
        let x2 = x_train.select(Axis(1), &columns);
        let mut neuron = Neuron::new(Array1::zeros(2));
        GradientDescent::new().learning_rate(1.0).epochs(300).fit(
            &mut neuron,
            &x2,
            t_train,
            Loss::BinaryCrossEntropy,
        )?;
        let names = columns.map(|j| format!("{} (standardised)", data.feature_names()[j]));
        let plane = Dataset::new(x2, t_train.clone())?
            .with_feature_names(names)?
            .with_target_names(data.target_names().to_vec());
        let boundary = folder.join("train_logistic_boundary.svg");
        plot::decision_boundary(&neuron, &plane)?.save(&boundary)?;

        println!("\nPlots: {} and {}", loss.display(), boundary.display());
        Ok(())
    }
}
