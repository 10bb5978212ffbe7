//! Models that travel: networks saved as safetensors files (read by PyTorch,
//! candle and `safetensors.numpy`) and as ONNX models (run by onnxruntime),
//! and a state dict written by Python loaded back.
//!
//! ```text
//! torch.nn.Linear(4, 16).weight            (16, 4)   = layers.0.weight, our weights transposed
//! onnxruntime.InferenceSession(path).run(["output"], {"input": x})[0]
//! ```
//!
//! `scripts/check-travel` runs both halves against the real Python readers:
//!
//! - `write DIR`: seeded networks with every activation (sigmoid, tanh, ReLU,
//!   step, identity, softmax, and GELU, SiLU, leaky ReLU, ELU in a second
//!   network) in `f32` and `f64`, a layer, a neuron, and a
//!   network trained briefly on the iris flowers, each saved as
//!   `DIR/NAME.safetensors` and `DIR/NAME.onnx`, with its inputs and this
//!   crate's `forward` outputs as `DIR/NAME.input.npy` and
//!   `DIR/NAME.output.npy`; `DIR/models.txt` lists the names.
//! - `check-python DIR`: loads the PyTorch-layout state dicts Python wrote
//!   (`DIR/python_f64.safetensors`, `DIR/python_f32.safetensors`, no
//!   metadata) with the activations named here, and checks that `forward`
//!   gives NumPy's outputs; exits non-zero otherwise.
//!
//! Run with `cargo run --example travel --features safetensors,onnx,npy -- write target/travel`.

use std::error::Error;
use std::fs;
use std::path::Path;

use ndarray_npy::{read_npy, write_npy};
use neuron::ndarray::Array4;
use neuron::prelude::*;
use neuron::{
    AvgPool2d, BatchNorm, Conv2d, FileProblem, Flatten, Layer, MaxPool2d, Padding,
    SafetensorsOptions, Sequential,
};

/// Every activation once, 4 → 8 → 7 → 6 → 5 → 4 → 3; the step first, so that a
/// difference in any layer after it reaches the outputs (a step after them
/// would round it away).
const EVERY_ACTIVATION: [Activation; 6] = [
    Activation::Step,
    Activation::Sigmoid,
    Activation::Tanh,
    Activation::Relu,
    Activation::Identity,
    Activation::Softmax,
];
const WIDTHS: [usize; 7] = [4, 8, 7, 6, 5, 4, 3];

/// The smooth and leaky activations, 3 → 5 → 4 → 6 → 4 → 3, then an identity
/// output so that nothing rounds or squashes their differences away.
const NEW_ACTIVATIONS: [Activation; 5] = [
    Activation::Gelu,
    Activation::Silu,
    Activation::LeakyRelu,
    Activation::Elu,
    Activation::Identity,
];
const NEW_WIDTHS: [usize; 6] = [3, 5, 4, 6, 4, 3];

/// The network `scripts/travel/check.py` writes as a state dict: 4 → 6 → 5 → 3.
const PYTHON_ACTIVATIONS: [Activation; 3] =
    [Activation::Relu, Activation::Tanh, Activation::Softmax];

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [command, dir] if command == "write" => write(Path::new(dir)),
        [command, dir] if command == "check-python" => check_python(Path::new(dir)),
        _ => Err("usage: travel write DIR | travel check-python DIR".into()),
    }
}

/// Saves every model with its inputs and outputs.
fn write(dir: &Path) -> Result<(), Box<dyn Error>> {
    fs::create_dir_all(dir)?;
    let mut names = Vec::new();

    for seed in [1, 2] {
        let name = format!("every_activation_{seed}_f64");
        let network = seeded::<f64>(&EVERY_ACTIVATION, &WIDTHS, seed)?;
        let x = step_safe_inputs(&network, seed)?;
        export(dir, &name, &network, &x, &network.forward(&x)?)?;
        names.push(name);

        let name = format!("every_activation_{seed}_f32");
        let network = seeded::<f32>(&EVERY_ACTIVATION, &WIDTHS, seed + 10)?;
        let x = step_safe_inputs(&network, seed + 10)?;
        export(dir, &name, &network, &x, &network.forward(&x)?)?;
        names.push(name);
    }

    // SiLU, leaky ReLU and ELU without GELU, in f64: onnxruntime runs every
    // operator of their graphs in double (it has Erf, GELU's, in float only).
    {
        let name = "silu_leaky_relu_elu_f64".to_owned();
        let activations = [
            Activation::Silu,
            Activation::LeakyRelu,
            Activation::Elu,
            Activation::Identity,
        ];
        let network = seeded::<f64>(&activations, &[3, 5, 6, 4, 3], 40)?;
        let x = uniform::<f64>(64, network.n_inputs(), 140);
        export(dir, &name, &network, &x, &network.forward(&x)?)?;
        names.push(name);
    }

    // GELU, SiLU, leaky ReLU and ELU: no step, so any 64 inputs will do; in
    // [−2, 2) they reach the negative side of each activation too.
    for seed in [1, 2] {
        let name = format!("new_activations_{seed}_f64");
        let network = seeded::<f64>(&NEW_ACTIVATIONS, &NEW_WIDTHS, seed + 20)?;
        let x = uniform::<f64>(64, network.n_inputs(), seed + 120);
        export(dir, &name, &network, &x, &network.forward(&x)?)?;
        names.push(name);

        let name = format!("new_activations_{seed}_f32");
        let network = seeded::<f32>(&NEW_ACTIVATIONS, &NEW_WIDTHS, seed + 30)?;
        let x = uniform::<f32>(64, network.n_inputs(), seed + 130);
        export(dir, &name, &network, &x, &network.forward(&x)?)?;
        names.push(name);
    }

    // A layer and a neuron travel too: one layer, and one layer of one unit.
    let mut rng = StdRng::seed_from_u64(3);
    let layer: Dense<f32> = Dense::random(5, 4, Activation::Tanh, Init::XavierUniform, &mut rng)?;
    let x = uniform::<f32>(48, 5, 4);
    let (name, y) = ("dense_tanh_f32".to_owned(), layer.forward(&x)?);
    layer.save_safetensors(dir.join(format!("{name}.safetensors")))?;
    layer.save_onnx(dir.join(format!("{name}.onnx")))?;
    write_npy(dir.join(format!("{name}.input.npy")), &x)?;
    write_npy(dir.join(format!("{name}.output.npy")), &y)?;
    println!("  {name}: {layer}");
    names.push(name);

    let neuron = Neuron::new(array![0.4, 0.7, 0.2]).with_bias(-0.3);
    let x = uniform::<f64>(48, 3, 5);
    let (name, y) = ("neuron_sigmoid_f64".to_owned(), neuron.forward(&x)?);
    neuron.save_safetensors(dir.join(format!("{name}.safetensors")))?;
    neuron.save_onnx(dir.join(format!("{name}.onnx")))?;
    write_npy(dir.join(format!("{name}.input.npy")), &x)?;
    write_npy(
        dir.join(format!("{name}.output.npy")),
        &y.insert_axis(Axis(1)),
    )?;
    println!("  {name}: {}", Dense::from(neuron));
    names.push(name);

    for name in ["iris_f64", "iris_f32"] {
        if name.ends_with("f64") {
            let (network, x) = iris::<f64>()?;
            export(dir, name, &network, &x, &network.forward(&x)?)?;
        } else {
            let (network, x) = iris::<f32>()?;
            export(dir, name, &network, &x, &network.forward(&x)?)?;
        }
        names.push(name.to_owned());
    }

    fs::write(dir.join("models.txt"), names.join("\n") + "\n")?;
    println!("wrote {} models to {}", names.len(), dir.display());

    // Networks of images: the series' CNN (three blocks of a 3 × 3
    // convolution, 3 × 3 max pooling with stride 2 and "same" padding, batch
    // normalisation; then flatten, 64 ReLU units, dropout, softmax over 10) on
    // 28 × 28 images, and a mixed one with every image layer and odd sizes.
    let mut cnns = Vec::new();
    for (name, seed) in [("series_cnn_f32", 50), ("mixed_cnn_f32", 51)] {
        let network = if name.starts_with("series") {
            series_cnn::<f32>(seed)?
        } else {
            mixed_cnn::<f32>(seed)?
        };
        export_cnn(dir, name, &network, seed)?;
        cnns.push(name);
    }
    for (name, seed) in [("series_cnn_f64", 52), ("mixed_cnn_f64", 53)] {
        let network = if name.starts_with("series") {
            series_cnn::<f64>(seed)?
        } else {
            mixed_cnn::<f64>(seed)?
        };
        export_cnn(dir, name, &network, seed)?;
        cnns.push(name);
    }
    fs::write(dir.join("cnn_models.txt"), cnns.join("\n") + "\n")?;
    println!(
        "wrote {} networks of images to {}",
        cnns.len(),
        dir.display()
    );
    Ok(())
}

/// Batch normalisation of `channels` with seeded statistics and parameters,
/// as training would leave them.
fn trained_norm<F: Float>(
    channels: usize,
    rng: &mut StdRng,
) -> Result<BatchNorm<F>, Box<dyn Error>> {
    let mut values = |low: f64, high: f64| {
        Array1::from_shape_fn(channels, |_| F::from_f64(rng.random_range(low..high)))
    };
    let (scale, shift, mean, var) = (
        values(0.5, 1.5),
        values(-0.5, 0.5),
        values(-0.3, 0.3),
        values(0.2, 2.0),
    );
    Ok(BatchNorm::new(channels)?
        .with_scale_and_shift(scale, shift)?
        .with_running_statistics(mean, var)?)
}

/// Conv2d with seeded filters and biases that are not all zero.
fn seeded_conv<F: Float>(
    in_channels: usize,
    out_channels: usize,
    kernel: (usize, usize),
    rng: &mut StdRng,
) -> Result<Conv2d<F>, Box<dyn Error>> {
    let conv = Conv2d::random(in_channels, out_channels, kernel, Init::KaimingUniform, rng)?;
    let bias = Array1::from_shape_fn(out_channels, |_| F::from_f64(rng.random_range(-0.2..0.2)));
    Ok(Conv2d::new(
        conv.weights().clone(),
        bias,
        Activation::Identity,
    )?)
}

/// The lecture series' CNN on 28 × 28 images, with seeded values.
fn series_cnn<F: Float>(seed: u64) -> Result<Sequential<F>, Box<dyn Error>> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut layers: Vec<Box<dyn Layer<F>>> = Vec::new();
    let mut channels = 1;
    for _ in 0..3 {
        let conv = seeded_conv(channels, 32, (3, 3), &mut rng)?
            .with_padding(Padding::Same)
            .with_activation(Activation::Relu)?;
        layers.push(Box::new(conv));
        layers.push(Box::new(
            MaxPool2d::new((3, 3))
                .with_stride((2, 2))
                .with_padding(Padding::Same),
        ));
        layers.push(Box::new(trained_norm::<F>(32, &mut rng)?));
        channels = 32;
    }
    layers.push(Box::new(Flatten));
    // 28 → 14 → 7 → 4 pixels a side.
    let hidden = Dense::random(32 * 4 * 4, 64, Activation::Relu, Init::HeNormal, &mut rng)?;
    layers.push(Box::new(hidden.with_dropout(0.3)?));
    layers.push(Box::new(Dense::random(
        64,
        10,
        Activation::Softmax,
        Init::XavierUniform,
        &mut rng,
    )?));
    Ok(Sequential::from_layers(layers)?)
}

/// Every image layer, with strides, explicit and "same" paddings and odd
/// sizes, on 2-channel 13 × 11 images; batch normalisation of maps and of
/// dense features; a convolution without biases (`Conv` with two inputs).
fn mixed_cnn<F: Float>(seed: u64) -> Result<Sequential<F>, Box<dyn Error>> {
    let mut rng = StdRng::seed_from_u64(seed);
    let layers: Vec<Box<dyn Layer<F>>> = vec![
        Box::new(
            seeded_conv(2, 5, (3, 2), &mut rng)?
                .with_padding(Padding::Explicit(1, 2))
                .with_activation(Activation::Tanh)?,
        ),
        Box::new(trained_norm::<F>(5, &mut rng)?),
        Box::new(
            AvgPool2d::new((3, 3))
                .with_stride((2, 2))
                .with_padding(Padding::Same),
        ),
        Box::new(
            seeded_conv(5, 4, (2, 3), &mut rng)?
                .without_bias()
                .with_stride((2, 1))
                .with_padding(Padding::Same)
                .with_activation(Activation::Elu)?,
        ),
        Box::new(MaxPool2d::new((2, 2)).with_padding(Padding::Explicit(1, 1))),
        Box::new(Flatten),
        Box::new(Dense::random(
            4 * 3 * 4,
            6,
            Activation::Sigmoid,
            Init::XavierUniform,
            &mut rng,
        )?),
        Box::new(trained_norm::<F>(6, &mut rng)?),
        Box::new(Dense::random(
            6,
            3,
            Activation::Identity,
            Init::XavierUniform,
            &mut rng,
        )?),
    ];
    Ok(Sequential::from_layers(layers)?)
}

/// `NAME.safetensors`, `NAME.onnx`, and 8 seeded images and the outputs as `.npy`.
fn export_cnn<F: Float>(
    dir: &Path,
    name: &str,
    network: &Sequential<F>,
    seed: u64,
) -> Result<(), Box<dyn Error>> {
    let shape = if name.starts_with("series") {
        (8, 1, 28, 28)
    } else {
        (8, 2, 13, 11)
    };
    let mut rng = StdRng::seed_from_u64(seed + 100);
    let x = Array4::from_shape_fn(shape, |_| F::from_f64(rng.random_range(-1.0..2.0)));
    let y = network.forward(&x)?;
    network.save_safetensors(dir.join(format!("{name}.safetensors")))?;
    network.save_onnx(dir.join(format!("{name}.onnx")))?;
    write_npy(dir.join(format!("{name}.input.npy")), &x)?;
    write_npy(dir.join(format!("{name}.output.npy")), &y)?;
    println!("  {name}: {network}");
    Ok(())
}

/// `NAME.safetensors`, `NAME.onnx`, and the inputs and outputs as `.npy`.
fn export<F: Float>(
    dir: &Path,
    name: &str,
    network: &Network<F>,
    x: &Array2<F>,
    y: &Array2<F>,
) -> Result<(), Box<dyn Error>> {
    network.save_safetensors(dir.join(format!("{name}.safetensors")))?;
    network.save_onnx(dir.join(format!("{name}.onnx")))?;
    write_npy(dir.join(format!("{name}.input.npy")), x)?;
    write_npy(dir.join(format!("{name}.output.npy")), y)?;
    println!("  {name}: {network}");
    Ok(())
}

/// A layer per activation between the given widths: seeded weights, and
/// biases that are not all zero.
fn seeded<F: Float>(
    activations: &[Activation],
    widths: &[usize],
    seed: u64,
) -> Result<Network<F>, Box<dyn Error>> {
    assert_eq!(widths.len(), activations.len() + 1);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut layers = Vec::new();
    for (l, &activation) in activations.iter().enumerate() {
        let (n_inputs, n_units) = (widths[l], widths[l + 1]);
        let layer = Dense::random(n_inputs, n_units, activation, Init::XavierUniform, &mut rng)?;
        let bias = Array1::from_shape_fn(n_units, |_| F::from_f64(rng.random_range(-0.5..0.5)));
        layers.push(Dense::new(layer.weights().clone(), bias, activation)?);
    }
    Ok(Network::from_layers(layers)?)
}

/// `n × d` values uniform in [−2, 2), seeded.
fn uniform<F: Float>(n: usize, d: usize, seed: u64) -> Array2<F> {
    let mut rng = StdRng::seed_from_u64(seed);
    Array2::from_shape_fn((n, d), |_| F::from_f64(rng.random_range(-2.0..2.0)))
}

/// 64 inputs, less any sample whose net input into a step is within 1e-3 of 0:
/// another summation order (NumPy's, onnxruntime's) rounds differently in the
/// last bits, which must not flip a step from 0 to 1.
fn step_safe_inputs<F: Float>(
    network: &Network<F>,
    seed: u64,
) -> Result<Array2<F>, Box<dyn Error>> {
    let x = uniform::<F>(64, network.n_inputs(), seed + 100);
    let mut keep = vec![true; x.nrows()];
    let mut h = x.clone();
    for layer in network.layers() {
        let net_input = layer.net_input(&h)?;
        if layer.activation() == Activation::Step {
            for (k, row) in net_input.rows().into_iter().enumerate() {
                if row.iter().any(|v| v.as_f64().abs() < 1e-3) {
                    keep[k] = false;
                }
            }
        }
        h = layer.forward(&h)?;
    }
    let rows: Vec<usize> = (0..x.nrows()).filter(|&k| keep[k]).collect();
    Ok(x.select(Axis(0), &rows))
}

/// A 4-16-3 network trained for 60 epochs on the standardised iris flowers,
/// and those inputs.
fn iris<F: Float>() -> Result<(Network<F>, Array2<F>), Box<dyn Error>> {
    let data = datasets::iris::<F>();
    let x = Standardizer::fit(data.inputs())?.transform(data.inputs())?;
    let targets = one_hot(data.targets(), 3)?;
    let mut rng = StdRng::seed_from_u64(42);
    let mut network = Network::from_layers(vec![
        Dense::random(4, 16, Activation::Relu, Init::HeNormal, &mut rng)?,
        Dense::random(16, 3, Activation::Softmax, Init::XavierUniform, &mut rng)?,
    ])?;
    GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(0.01)
        .epochs(60)
        .batch_size(16)
        .seed(7)
        .fit(&mut network, &x, &targets, Loss::CrossEntropy)?;
    let classes = network.predict_classes(&x)?;
    let right = classes
        .iter()
        .zip(data.targets())
        .filter(|(c, t)| **c as f64 == t.as_f64())
        .count();
    println!("  iris ({}): {right}/150 right after 60 epochs", F::NAME);
    Ok((network, x))
}

/// Loads the state dicts Python wrote and compares `forward` with NumPy's outputs.
fn check_python(dir: &Path) -> Result<(), Box<dyn Error>> {
    let mut failures = 0;
    // f64: the file as it is.
    let path = dir.join("python_f64.safetensors");
    let network = Network::<f64>::load_safetensors_with(&path, &PYTHON_ACTIVATIONS)?;
    let x: Array2<f64> = read_npy(dir.join("python_f64.input.npy"))?;
    let numpy: Array2<f64> = read_npy(dir.join("python_f64.output.npy"))?;
    failures += compare("python_f64", &network.forward(&x)?, &numpy, 1e-12);

    // Without activations, a file with no metadata says what to do.
    match Network::<f64>::load_safetensors(&path) {
        Err(neuron::Error::ModelFile {
            problem: FileProblem::NotAModelFile { message },
            ..
        }) => println!("  python_f64 without activations: {message}"),
        other => {
            println!("  FAIL python_f64 without activations: {other:?}");
            failures += 1;
        }
    }

    // f32: as f32, refused as f64, and converted when asked.
    let path = dir.join("python_f32.safetensors");
    let network = Network::<f32>::load_safetensors_with(&path, &PYTHON_ACTIVATIONS)?;
    let x: Array2<f32> = read_npy(dir.join("python_f32.input.npy"))?;
    let numpy: Array2<f32> = read_npy(dir.join("python_f32.output.npy"))?;
    failures += compare("python_f32", &network.forward(&x)?, &numpy, 1e-6);
    match Network::<f64>::load_safetensors_with(&path, &PYTHON_ACTIVATIONS) {
        Err(e) => println!("  python_f32 as f64: {e}"),
        Ok(_) => {
            println!("  FAIL python_f32 loaded as f64 without being asked to convert");
            failures += 1;
        }
    }
    let options = SafetensorsOptions::new()
        .activations(&PYTHON_ACTIVATIONS)
        .converting(true);
    let widened = Network::<f64>::load_safetensors_options(&path, &options)?;
    let y = widened.forward(&x.mapv(f64::from))?;
    failures += compare("python_f32 → f64", &y, &numpy.mapv(f64::from), 1e-6);

    if failures > 0 {
        return Err(format!("{failures} of Python's files did not give NumPy's outputs").into());
    }
    println!("check-python: every state dict Python wrote gives NumPy's outputs");
    Ok(())
}

/// The largest difference, relative where `|expected| > 1`; 1 if it exceeds `tolerance`.
fn compare<F: Float>(name: &str, got: &Array2<F>, expected: &Array2<F>, tolerance: f64) -> usize {
    if got.dim() != expected.dim() {
        println!(
            "  FAIL {name}: shape {:?}, NumPy's {:?}",
            got.dim(),
            expected.dim()
        );
        return 1;
    }
    let largest = got
        .iter()
        .zip(expected)
        .map(|(g, e)| {
            let difference = (g.as_f64() - e.as_f64()).abs() / e.as_f64().abs().max(1.0);
            // NaN anywhere is a failure, not a value `max` skips.
            if difference.is_nan() {
                f64::INFINITY
            } else {
                difference
            }
        })
        .fold(0.0, f64::max);
    let verdict = if largest <= tolerance { "ok" } else { "FAIL" };
    println!(
        "  {verdict} {name}: largest difference from NumPy {largest:.3e} (tolerance {tolerance:e})"
    );
    usize::from(largest > tolerance)
}
