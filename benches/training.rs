//! The MLP training workloads of issue 16, timed as a caller sees them: one
//! call of `GradientDescent::fit`, from a seeded network to a trained one.
//!
//! ```text
//! cargo bench --bench training                                   # every workload, f32 and f64, 3 repeats
//! cargo bench --bench training -- --workload large --dtype f32 --repeats 5
//! cargo bench --bench training -- --dump target/bench-data       # data, first weights and settings, for PyTorch
//! ```
//!
//! | workload | network | data | training |
//! |---|---|---|---|
//! | `lecture` | 2-5-1, sigmoid, `U[0, 1)` weights | 1 000 sums of two numbers in `[0, 0.5)` | MSE, per sample, 100 epochs, η = 0.1 |
//! | `medium` | 30-64-32-1, ReLU, sigmoid output | breast cancer, 569 × 30, standardised | BCE, batch 32, 200 epochs, η = 0.1 |
//! | `large` | 100-256-128-1, ReLU, sigmoid output | 100 000 × 100 normal, standardised | BCE, batch 256, 3 epochs, η = 0.1 |
//! | `digits` | 64-128-10, ReLU, softmax output | digits, 1 797 × 64, pixels / 16 | cross-entropy, batch 32, 50 epochs, Adam η = 1e-3 |
//!
//! Every workload shuffles its batches each epoch, and `fit` computes the loss
//! on the whole training set after every epoch (its `History`). The data and
//! the network are built before the clock starts; each repeat trains a fresh
//! clone of the same first network. One line of JSON per repeat:
//!
//! ```text
//! {"workload": "lecture", "dtype": "f64", "seconds": 0.041, "epochs": 100, "final_loss": 0.00021}
//! ```
//!
//! `--dump DIR` writes, for each workload, `NAME.json` (shapes, activations,
//! loss and settings) and the arrays it names as raw little-endian `f64` in
//! row-major order: the inputs, the targets `(n_samples, n_outputs)` and each
//! layer's weights `(n_inputs, n_units)` and biases. scripts/bench_torch.py
//! trains PyTorch from exactly these, so both sides learn the same thing from
//! the same start. The `f32` runs round the same `f64` values.

use std::error::Error;
use std::fmt::Write as _;
use std::fs;
use std::hint::black_box;
use std::io::{BufWriter, Write as _};
use std::path::Path;
use std::time::Instant;

use neuron::ndarray_rand::RandomExt;
use neuron::ndarray_rand::rand_distr::StandardNormal;
use neuron::prelude::*;

/// Inputs `(n_samples, n_inputs)` and targets `(n_samples, n_outputs)`, in `f64`.
type Data = (Array2<f64>, Array2<f64>);

/// One training workload: the network's shape, its data and its settings.
struct Workload {
    name: &'static str,
    /// `[n_inputs, hidden…, n_outputs]`.
    sizes: &'static [usize],
    /// Activation and first weights of the hidden layers.
    hidden: (Activation, Init),
    /// Activation and first weights of the output layer.
    output: (Activation, Init),
    loss: Loss,
    settings: GradientDescent,
    data: fn() -> Result<Data, Box<dyn Error>>,
}

/// The seed of every network's first weights.
const NETWORK_SEED: u64 = 1;

fn workloads() -> Vec<Workload> {
    vec![
        // The lecture series' 2-5-1 network that learns to add (examples/mlp_sum.rs).
        Workload {
            name: "lecture",
            sizes: &[2, 5, 1],
            hidden: (Activation::Sigmoid, Init::Lecture),
            output: (Activation::Sigmoid, Init::Lecture),
            loss: Loss::MeanSquaredError,
            settings: GradientDescent::new()
                .learning_rate(0.1)
                .epochs(100)
                .per_sample(),
            data: sums,
        },
        Workload {
            name: "medium",
            sizes: &[30, 64, 32, 1],
            hidden: (Activation::Relu, Init::HeNormal),
            output: (Activation::Sigmoid, Init::XavierUniform),
            loss: Loss::BinaryCrossEntropy,
            settings: GradientDescent::new()
                .learning_rate(0.1)
                .epochs(200)
                .batch_size(32),
            data: breast_cancer,
        },
        Workload {
            name: "large",
            sizes: &[100, 256, 128, 1],
            hidden: (Activation::Relu, Init::HeNormal),
            output: (Activation::Sigmoid, Init::XavierUniform),
            loss: Loss::BinaryCrossEntropy,
            settings: GradientDescent::new()
                .learning_rate(0.1)
                .epochs(3)
                .batch_size(256),
            data: large,
        },
        Workload {
            name: "digits",
            sizes: &[64, 128, 10],
            hidden: (Activation::Relu, Init::HeNormal),
            output: (Activation::Softmax, Init::XavierUniform),
            loss: Loss::CrossEntropy,
            settings: GradientDescent::new()
                .optimizer(Optimizer::adam())
                .learning_rate(1e-3)
                .epochs(50)
                .batch_size(32),
            data: digits,
        },
    ]
}

/// 1 000 pairs `[a, b]` in `[0, 0.5)²`, target `a + b`.
fn sums() -> Result<Data, Box<dyn Error>> {
    let (x, t) = datasets::sum_of_two::<f64, _>(1000, &mut StdRng::seed_from_u64(42)).into_parts();
    Ok((x, t.insert_axis(Axis(1))))
}

/// The bundled breast cancer set, standardised; target 1 for benign.
fn breast_cancer() -> Result<Data, Box<dyn Error>> {
    let (x, t) = datasets::breast_cancer::<f64>().into_parts();
    Ok((Standardizer::fit_transform(&x)?.1, t.insert_axis(Axis(1))))
}

/// 100 000 × 100 standard normal inputs, standardised; the target is whether a
/// random direction plus noise is positive, so that there is something to learn.
fn large() -> Result<Data, Box<dyn Error>> {
    let (n, d) = (100_000, 100);
    let mut rng = StdRng::seed_from_u64(3);
    let x = Array2::<f64>::random_using((n, d), StandardNormal, &mut rng);
    let direction = Array1::<f64>::random_using(d, StandardNormal, &mut rng) / (d as f64).sqrt();
    let noise = Array1::<f64>::random_using(n, StandardNormal, &mut rng);
    let t = (x.dot(&direction) + noise * 0.5).mapv(|h| if h > 0.0 { 1.0 } else { 0.0 });
    Ok((Standardizer::fit_transform(&x)?.1, t.insert_axis(Axis(1))))
}

/// The bundled digits, pixels scaled from 0..16 to `[0, 1]`, one-hot targets.
fn digits() -> Result<Data, Box<dyn Error>> {
    let (x, t) = datasets::digits::<f64>().into_parts();
    Ok((x / 16.0, one_hot(&t, 10)?))
}

impl Workload {
    /// The seeded first network: the same seed gives the same weights in `f32`
    /// and `f64`, up to rounding.
    fn network<F: Float>(&self) -> Result<Network<F>, Box<dyn Error>> {
        let mut rng = StdRng::seed_from_u64(NETWORK_SEED);
        let last = self.sizes.len() - 2;
        let layers = (0..=last)
            .map(|i| {
                let (activation, init) = if i == last { self.output } else { self.hidden };
                Dense::random(self.sizes[i], self.sizes[i + 1], activation, init, &mut rng)
            })
            .collect::<neuron::Result<Vec<_>>>()?;
        Ok(Network::from_layers(layers)?)
    }

    /// Trains `repeats` fresh clones of the first network and prints a line per
    /// repeat; only `fit` is timed.
    fn run<F: Float>(&self, dtype: &str, repeats: usize) -> Result<(), Box<dyn Error>> {
        let (x, t) = (self.data)()?;
        let (x, t) = (x.mapv(F::from_f64), t.mapv(F::from_f64));
        let first: Network<F> = self.network()?;
        for _ in 0..repeats {
            let mut network = first.clone();
            let start = Instant::now();
            let history = self.settings.fit(&mut network, &x, &t, self.loss)?;
            let seconds = start.elapsed().as_secs_f64();
            black_box(&network);
            let final_loss = history.final_loss().map_or(f64::NAN, F::as_f64);
            println!(
                "{{\"workload\": \"{}\", \"dtype\": \"{dtype}\", \"seconds\": {seconds}, \"epochs\": {}, \"final_loss\": {final_loss}}}",
                self.name,
                history.epochs()
            );
        }
        Ok(())
    }

    /// Writes the data, the first network (in `f64`) and the settings into `dir`.
    fn dump(&self, dir: &Path) -> Result<(), Box<dyn Error>> {
        fs::create_dir_all(dir)?;
        let (x, t) = (self.data)()?;
        let network: Network<f64> = self.network()?;
        let mut arrays = Vec::new();
        let mut array = |name: String, values: &[f64], shape: &[usize]| {
            arrays.push((name.clone(), values.to_vec()));
            let shape: Vec<String> = shape.iter().map(usize::to_string).collect();
            format!(
                "{{\"file\": \"{name}\", \"shape\": [{}]}}",
                shape.join(", ")
            )
        };
        let inputs = array(
            format!("{}.x.f64", self.name),
            &x.iter().copied().collect::<Vec<_>>(),
            x.shape(),
        );
        let targets = array(
            format!("{}.t.f64", self.name),
            &t.iter().copied().collect::<Vec<_>>(),
            t.shape(),
        );
        let mut layers = Vec::new();
        for (i, layer) in network.layers().iter().enumerate() {
            let weights = layer.weights();
            let weights = array(
                format!("{}.w{i}.f64", self.name),
                &weights.iter().copied().collect::<Vec<_>>(),
                weights.shape(),
            );
            let bias = array(
                format!("{}.b{i}.f64", self.name),
                &layer.bias().to_vec(),
                &[layer.n_units()],
            );
            layers.push(format!(
                "{{\"weights\": {weights}, \"bias\": {bias}, \"activation\": \"{}\"}}",
                layer.activation().name()
            ));
        }
        let s = &self.settings;
        let mut json = String::new();
        write!(
            json,
            "{{\n  \"workload\": \"{}\",\n  \"inputs\": {inputs},\n  \"targets\": {targets},\n  \
             \"layers\": [\n    {}\n  ],\n  \"loss\": \"{}\",\n  \"optimizer\": \"{}\",\n  \
             \"learning_rate\": {},\n  \"epochs\": {},\n  \"batch_size\": {},\n  \"shuffle\": {}\n}}\n",
            self.name,
            layers.join(",\n    "),
            self.loss.name(),
            s.optimizer.name(),
            s.learning_rate,
            s.epochs,
            s.batch_size.unwrap_or(x.nrows()),
            s.shuffle,
        )?;
        for (name, values) in arrays {
            let mut file = BufWriter::new(fs::File::create(dir.join(name))?);
            for v in values {
                file.write_all(&v.to_le_bytes())?;
            }
            file.flush()?;
        }
        fs::write(dir.join(format!("{}.json", self.name)), json)?;
        Ok(())
    }
}

const USAGE: &str = "usage: training [--workload lecture|medium|large|digits] [--dtype f32|f64] \
                     [--repeats K] [--dump DIR]";

fn main() -> Result<(), Box<dyn Error>> {
    let mut workload = None;
    let mut dtype = None;
    let mut repeats = 3;
    let mut dump = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || {
            args.next()
                .ok_or_else(|| format!("{arg} needs a value; {USAGE}"))
        };
        match arg.as_str() {
            "--workload" => workload = Some(value()?),
            "--dtype" => dtype = Some(value()?),
            "--repeats" => repeats = value()?.parse()?,
            "--dump" => dump = Some(value()?),
            // cargo bench passes --bench to every benchmark binary.
            "--bench" => {}
            _ => return Err(format!("unknown argument {arg:?}; {USAGE}").into()),
        }
    }
    let chosen: Vec<Workload> = workloads()
        .into_iter()
        .filter(|w| workload.as_deref().is_none_or(|name| name == w.name))
        .collect();
    if chosen.is_empty() {
        return Err(format!("no workload named {workload:?}; {USAGE}").into());
    }
    for w in &chosen {
        if let Some(dir) = &dump {
            w.dump(Path::new(dir))?;
            continue;
        }
        match dtype.as_deref() {
            Some("f32") => w.run::<f32>("f32", repeats)?,
            Some("f64") => w.run::<f64>("f64", repeats)?,
            None => {
                w.run::<f32>("f32", repeats)?;
                w.run::<f64>("f64", repeats)?;
            }
            Some(other) => return Err(format!("dtype {other:?} is not f32 or f64").into()),
        }
    }
    Ok(())
}
