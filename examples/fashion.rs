//! Fashion-MNIST: the lecture series' convolutional network (three blocks of a
//! 3 × 3 convolution with 32 filters, 3 × 3 max pooling with stride 2 and
//! "same" padding, and batch normalisation; then a 64-unit ReLU layer,
//! dropout and a softmax over the 10 classes), trained with Adam (η = 1e-3
//! annealed along a cosine over the epochs) behind a progress bar; or, with `--mlp`, the 784-128-10 network of
//! Keras's basic classification tutorial; or, with `--best`, the best network
//! this crate trains in under 10 minutes on 2 cores (two "same" convolutions of
//! 32 and 64 filters, each with 2 × 2 max pooling and batch normalisation,
//! then 128 ReLU units with dropout; Adam with a cosine schedule, 12 epochs).
//!
//!     cargo run --release --example fashion                 # the CNN
//!     cargo run --release --example fashion -- --mlp        # the MLP
//!     cargo run --release --example fashion -- --best       # the best network
//!     cargo run --release --example fashion -- --epochs 2 --train 6000
//!     cargo run --release --example fashion -- --constant   # a CNN at a constant learning rate
//!     cargo run --release --example fashion -- --mlp --cosine
//!
//! The data: Debian's dataset-fashion-mnist package (apt-get install
//! dataset-fashion-mnist), or a folder given with `--dir`. Prints one line per
//! epoch, the confusion matrix on the test set, and last
//! `test accuracy = 0.xxxx`. Seeds are fixed: the same run gives the same result.

use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};

use neuron::datasets::{self, Dataset, FASHION_MNIST_CLASSES};
use neuron::metrics::multiclass;
use neuron::ndarray::s;
use neuron::prelude::*;
use neuron::{
    BatchNorm, Conv2d, EpochReport, Flatten, Hooks, Layer, MaxPool2d, Padding, Sequential,
};

type F = f32;

fn cnn(rng: &mut StdRng) -> neuron::Result<Sequential<F>> {
    let mut layers: Vec<Box<dyn Layer<F>>> = Vec::new();
    let mut channels = 1;
    for _ in 0..3 {
        let conv = Conv2d::random(channels, 32, (3, 3), Init::HeNormal, rng)?
            .with_activation(Activation::Relu)?;
        layers.push(Box::new(conv));
        layers.push(Box::new(
            MaxPool2d::new((3, 3))
                .with_stride((2, 2))
                .with_padding(Padding::Same),
        ));
        layers.push(Box::new(BatchNorm::new(32)?));
        channels = 32;
    }
    layers.push(Box::new(Flatten));
    // 28 → conv 26 → pool 13 → conv 11 → pool 6 → conv 4 → pool 2: 32 × 2 × 2.
    layers.push(Box::new(
        Dense::random(128, 64, Activation::Relu, Init::HeNormal, rng)?.with_dropout(0.3)?,
    ));
    layers.push(Box::new(Dense::random(
        64,
        10,
        Activation::Softmax,
        Init::XavierUniform,
        rng,
    )?));
    Sequential::from_layers(layers)
}

/// Two blocks of a "same" 3 × 3 convolution (32, then 64 filters), 2 × 2 max
/// pooling (28 → 14 → 7) and batch normalisation, then 128 ReLU units
/// with dropout and the softmax.
fn best(rng: &mut StdRng) -> neuron::Result<Sequential<F>> {
    let mut layers: Vec<Box<dyn Layer<F>>> = Vec::new();
    let mut channels = 1;
    for filters in [32, 64] {
        let conv = Conv2d::random(channels, filters, (3, 3), Init::HeNormal, rng)?
            .with_padding(Padding::Same)
            .with_activation(Activation::Relu)?;
        layers.push(Box::new(conv));
        layers.push(Box::new(MaxPool2d::new((2, 2))));
        layers.push(Box::new(BatchNorm::new(filters)?));
        channels = filters;
    }
    layers.push(Box::new(Flatten));
    layers.push(Box::new(
        Dense::random(64 * 7 * 7, 128, Activation::Relu, Init::HeNormal, rng)?.with_dropout(0.3)?,
    ));
    layers.push(Box::new(Dense::random(
        128,
        10,
        Activation::Softmax,
        Init::XavierUniform,
        rng,
    )?));
    Sequential::from_layers(layers)
}

fn mlp(rng: &mut StdRng) -> neuron::Result<Sequential<F>> {
    Sequential::from_layers(vec![
        Box::new(Dense::random(
            784,
            128,
            Activation::Relu,
            Init::HeNormal,
            rng,
        )?) as Box<dyn Layer<F>>,
        Box::new(Dense::random(
            128,
            10,
            Activation::Softmax,
            Init::XavierUniform,
            rng,
        )?),
    ])
}

/// The first `n` samples, as images `(n, 1, 28, 28)` for the CNN or rows for the MLP.
fn inputs(data: &Dataset<F>, n: usize, images: bool) -> neuron::ndarray::ArrayD<F> {
    let rows = data.inputs().slice(s![..n, ..]).to_owned();
    if images {
        rows.into_shape_with_order((n, 1, 28, 28))
            .map(|a| a.into_dyn())
            .unwrap_or_default()
    } else {
        rows.into_dyn()
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let flag = |name: &str| args.iter().any(|a| a == name);
    let (use_mlp, use_best) = (flag("--mlp"), flag("--best"));
    let default_epochs = if use_best { 12 } else { 10 };
    let epochs: usize = value("--epochs").map_or(Ok(default_epochs), |e| e.parse())?;
    let (train, test) = match value("--dir") {
        Some(dir) => datasets::fashion_mnist::<F>(dir)?,
        None => datasets::fashion_mnist::<F>(datasets::DataFolder::default())?,
    };
    let n_train: usize = value("--train")
        .map_or(Ok(train.n_samples()), |n| n.parse())?
        .min(train.n_samples());
    let x = inputs(&train, n_train, !use_mlp);
    let t = train.targets().slice(s![..n_train]).to_owned();
    let targets = neuron::one_hot(&t, 10)?;
    let x_test = inputs(&test, test.n_samples(), !use_mlp);

    let mut rng = StdRng::seed_from_u64(2026);
    let (mut network, name) = if use_mlp {
        (mlp(&mut rng)?, "784-128-10 MLP")
    } else if use_best {
        (best(&mut rng)?, "the best CNN")
    } else {
        (cnn(&mut rng)?, "the series' CNN")
    };
    // The CNNs anneal the learning rate along a cosine (PyTorch's
    // CosineAnnealingLR) unless told `--constant`; the MLP keeps Keras's
    // constant rate unless told `--cosine`.
    let cosine = if use_mlp {
        flag("--cosine")
    } else {
        !flag("--constant")
    };
    println!(
        "{name} on {n_train} images, {epochs} epochs{}",
        if cosine { ", cosine schedule" } else { "" }
    );
    let sample: &[usize] = if use_mlp { &[784] } else { &[1, 28, 28] };
    println!("{}", network.summary_for(sample)?);
    let settings = GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(1e-3)
        .batch_size(32)
        .epochs(epochs)
        .seed(7);
    let settings = if cosine {
        settings.schedule(Schedule::cosine(0.0))
    } else {
        settings
    };
    let started = Instant::now();
    let mut last = Instant::now();
    let bar = ProgressBar::new(epochs as u64);
    bar.set_style(ProgressStyle::with_template(
        "{bar:40} {pos:>2}/{len} epochs  {msg}",
    )?);
    let hooks = Hooks::new().on_epoch(|report: &EpochReport<F>| {
        bar.inc(1);
        bar.set_message(format!("loss {:.4}", report.loss));
        let line = format!(
            "epoch {:>2}: loss {:.4}  ({:.1} s)",
            report.epoch,
            report.loss,
            last.elapsed().as_secs_f64()
        );
        // Above the bar on a terminal; plain lines when piped to a file.
        if bar.is_hidden() {
            println!("{line}");
        } else {
            bar.println(line);
        }
        last = Instant::now();
        std::ops::ControlFlow::Continue(())
    });
    settings.fit_with(&mut network, &x, &targets, Loss::CrossEntropy, hooks)?;
    bar.finish_and_clear();
    println!("trained in {:.2} s", started.elapsed().as_secs_f64());

    let predicted = network.predict_classes(&x_test)?;
    let cm = multiclass::confusion_matrix(test.targets(), &predicted, 10)?
        .with_names(&FASHION_MNIST_CLASSES)?;
    println!("{cm}");
    let accuracy = multiclass::accuracy(test.targets(), &predicted)?;
    println!("test accuracy = {accuracy:.4}");
    Ok(())
}
