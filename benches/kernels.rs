//! The workloads of BENCHMARKS.md: this crate's kernels against the naive
//! ndarray version of the same maths, in one process.
//!
//! `cargo bench --bench kernels` (threads on), and
//! `cargo bench --bench kernels --no-default-features` (the `rayon` feature off).
//! scripts/bench_numpy.py times NumPy on the same shapes and prints the ratios.
//!
//! Inputs get transparent huge pages (`madvise(MADV_HUGEPAGE)` before they are
//! first written), as NumPy asks for on every array of 4 MB or more.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use neuron::prelude::*;
use neuron::{ParameterKind, Trainable};

/// `threads` with the `rayon` feature, `1-thread` without: the suffix of every id.
const MODE: &str = if cfg!(feature = "rayon") {
    "threads"
} else {
    "1-thread"
};

mod common;
use common::{huge_vec, inputs, read_all, weights};

/// The naive version: `x.dot(&w)`, then the stable sigmoid elementwise.
fn naive_forward<F: Float>(x: &Array2<F>, w: &Array1<F>) -> Array1<F> {
    x.dot(w).mapv(|h| {
        if h >= F::zero() {
            F::one() / (F::one() + (-h).exp())
        } else {
            let e = h.exp();
            e / (F::one() + e)
        }
    })
}

fn neuron_forward<F: Float>(c: &mut Criterion, name: &str, n: usize, d: usize) {
    let x = inputs::<F>(n, d);
    let w = weights::<F>(d);
    let neuron = Neuron::new(w.clone());
    let mut group = c.benchmark_group(format!("neuron_forward_{name}_{}", F::NAME));
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(4));
    group.bench_function(BenchmarkId::new("naive", MODE), |b| {
        b.iter(|| naive_forward(black_box(&x), &w))
    });
    group.bench_function(BenchmarkId::new("neuron", MODE), |b| {
        b.iter(|| neuron.forward(black_box(&x)).expect("shapes fit"))
    });
    let mut out = Array1::from(huge_vec(n, |_| F::zero()));
    group.bench_function(BenchmarkId::new("neuron_into", MODE), |b| {
        b.iter(|| {
            neuron
                .forward_into(black_box(&x), &mut out)
                .expect("shapes fit")
        })
    });
    {
        // The floor any forward pass over the same bytes stands on: reading
        // them (long rows are bound by memory bandwidth; short ones add the
        // sigmoid of every row and the writing of the outputs to it).
        let values = x.as_slice().expect("standard layout");
        group.bench_function(BenchmarkId::new("read", MODE), |b| {
            b.iter(|| read_all(black_box(values)))
        });
    }
    group.finish();
}

/// The dense layer's weights `(100, 32)` and bias, as NumPy's side builds them.
fn dense_parameters<F: Float>() -> (Array2<F>, Array1<F>) {
    let w = Array2::from_shape_fn((100, 32), |(i, j)| {
        F::from_f64(((i * 31 + j * 17) % 100) as f64 / 1000.0 - 0.05)
    });
    let bias = Array1::from_shape_fn(32, |j| F::from_f64(j as f64 / 100.0));
    (w, bias)
}

fn dense_forward<F: Float>(c: &mut Criterion) {
    let x = inputs::<F>(100_000, 100);
    let (w, bias) = dense_parameters::<F>();
    let layer = Dense::new(w.clone(), bias.clone(), Activation::Sigmoid).expect("shapes fit");
    let mut group = c.benchmark_group(format!("dense_forward_100000x100x32_{}", F::NAME));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    group.bench_function(BenchmarkId::new("naive", MODE), |b| {
        b.iter(|| {
            let mut h = black_box(&x).dot(&w) + &bias;
            h.mapv_inplace(|h| F::one() / (F::one() + (-h).exp()));
            h
        })
    });
    group.bench_function(BenchmarkId::new("dense", MODE), |b| {
        b.iter(|| layer.forward(black_box(&x)).expect("shapes fit"))
    });
    group.finish();
}

/// One full-batch epoch of logistic regression: gradient of the mean
/// cross-entropy, then `w ← w − η·g`, as NumPy's
/// `g = X.T @ (sigmoid(X @ w) - y) / n; w -= lr * g`.
fn training_epoch<F: Float>(c: &mut Criterion) {
    let (n, d) = (1_000_000, 10);
    let x = inputs::<F>(n, d);
    let t = Array1::from_shape_fn(n, |i| F::from_f64((i % 3 == 0) as u8 as f64));
    let mut group = c.benchmark_group(format!("epoch_1000000x10_{}", F::NAME));
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    let mut w = weights::<F>(d);
    group.bench_function(BenchmarkId::new("naive", MODE), |b| {
        b.iter(|| {
            let y = x.dot(&w).mapv(|h| F::one() / (F::one() + (-h).exp()));
            let g = x.t().dot(&(y - &t)) / F::from_f64(n as f64);
            w.scaled_add(F::from_f64(-0.1), &g);
        })
    });
    // The floor under any epoch: one read of the 80 MB of inputs.
    let values = x.as_slice().expect("standard layout");
    group.bench_function(BenchmarkId::new("read", MODE), |b| {
        b.iter(|| read_all(black_box(values)))
    });
    let mut neuron = Neuron::new(weights::<F>(d));
    group.bench_function(BenchmarkId::new("neuron", MODE), |b| {
        b.iter(|| {
            let (_, gradient) = neuron
                .loss_and_gradient(
                    x.view(),
                    t.view().insert_axis(Axis(1)),
                    Loss::BinaryCrossEntropy,
                )
                .expect("shapes fit");
            for ((kind, mut p), g) in neuron.parameters_mut().into_iter().zip(&gradient) {
                let _ = kind == ParameterKind::Weights;
                p.scaled_add(F::from_f64(-0.1), g);
            }
        })
    });
    group.finish();
}

/// Returns the freed memory of this process's heap to the system (glibc's
/// `malloc_trim`), after touching and freeing 64 MB of unrelated memory: the
/// next large allocation then gets pages that are not yet in memory, as the
/// first call of a real program (or the first after other large work) does.
/// Elsewhere only the unrelated allocation.
fn go_cold() {
    let unrelated = black_box(vec![1u8; 64 << 20]);
    drop(unrelated);
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns free heap memory to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Cold calls: the first call after unrelated allocations (see [`go_cold`]),
/// whose new outputs are pages the kernel must map and zero on first touch,
/// beside the same call warm (in a loop, reusing the allocator's memory) and
/// `forward_into` (no new output at all). Forward of 1 000 000 × 3 (8 MB of
/// outputs), a dense layer 100 000 × 100 → 32 (25.6 MB), and one full-batch
/// training step of 1 000 000 × 10 (small outputs; its scratch is per block).
/// scripts/bench_cold.py times NumPy's and PyTorch's cold calls the same way.
fn cold_calls(c: &mut Criterion) {
    let mut group = c.benchmark_group("cold_f64");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(4));
    let x = inputs::<f64>(1_000_000, 3);
    let neuron = Neuron::new(weights::<f64>(3));
    group.bench_function("forward_1000000x3/warm", |b| {
        b.iter(|| neuron.forward(black_box(&x)).expect("shapes fit"))
    });
    group.bench_function("forward_1000000x3/cold", |b| {
        b.iter_batched(
            go_cold,
            |()| neuron.forward(black_box(&x)).expect("shapes fit"),
            BatchSize::PerIteration,
        )
    });
    let mut out = Array1::zeros(1_000_000);
    group.bench_function("forward_1000000x3/into_cold", |b| {
        b.iter_batched(
            go_cold,
            |()| {
                neuron
                    .forward_into(black_box(&x), &mut out)
                    .expect("shapes fit")
            },
            BatchSize::PerIteration,
        )
    });
    let x = inputs::<f64>(100_000, 100);
    let (w, bias) = dense_parameters::<f64>();
    let layer = Dense::new(w, bias, Activation::Sigmoid).expect("shapes fit");
    group.bench_function("dense_100000x100x32/warm", |b| {
        b.iter(|| layer.forward(black_box(&x)).expect("shapes fit"))
    });
    group.bench_function("dense_100000x100x32/cold", |b| {
        b.iter_batched(
            go_cold,
            |()| layer.forward(black_box(&x)).expect("shapes fit"),
            BatchSize::PerIteration,
        )
    });
    let x = inputs::<f64>(1_000_000, 10);
    let t = Array1::from_shape_fn(1_000_000, |i| (i % 3 == 0) as u8 as f64);
    let mut neuron = Neuron::new(weights::<f64>(10));
    let mut step = || {
        let (_, gradient) = neuron
            .loss_and_gradient(
                x.view(),
                t.view().insert_axis(Axis(1)),
                Loss::BinaryCrossEntropy,
            )
            .expect("shapes fit");
        for (mut p, g) in neuron
            .parameters_mut()
            .into_iter()
            .map(|(_, p)| p)
            .zip(&gradient)
        {
            p.scaled_add(-0.1, g);
        }
    };
    group.bench_function("step_1000000x10/warm", |b| b.iter(&mut step));
    group.bench_function("step_1000000x10/cold", |b| {
        b.iter_batched(go_cold, |()| step(), BatchSize::PerIteration)
    });
    group.finish();
}

fn small_batches(c: &mut Criterion) {
    let d = 10;
    let w = weights::<f64>(d);
    let neuron = Neuron::new(w.clone());
    let mut group = c.benchmark_group("small_batch_f64_d10");
    for n in [1usize, 2, 4, 16, 64] {
        let x = inputs::<f64>(n, d);
        group.bench_function(BenchmarkId::new(format!("naive_{MODE}"), n), |b| {
            b.iter(|| naive_forward(black_box(&x), &w))
        });
        group.bench_function(BenchmarkId::new(format!("neuron_{MODE}"), n), |b| {
            b.iter(|| neuron.forward(black_box(&x)).expect("shapes fit"))
        });
    }
    group.finish();
}

/// One sample's forward pass, `f(x · w + b)`, for row lengths from 3 to
/// 10 000: the crate's `forward` on a `(1, d)` batch against the naive
/// ndarray version of the same maths.
fn one_sample<F: Float>(c: &mut Criterion) {
    let mut group = c.benchmark_group(format!("one_sample_{}", F::NAME));
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(2));
    for d in [3usize, 10, 16, 32, 64, 100, 200, 500, 1000, 3000, 10_000] {
        let x = inputs::<F>(1, d);
        let w = weights::<F>(d);
        let neuron = Neuron::new(w.clone());
        group.bench_function(BenchmarkId::new(format!("naive_{MODE}"), d), |b| {
            b.iter(|| naive_forward(black_box(&x), &w))
        });
        group.bench_function(BenchmarkId::new(format!("neuron_{MODE}"), d), |b| {
            b.iter(|| neuron.forward(black_box(&x)).expect("shapes fit"))
        });
    }
    group.finish();
}

/// The elementwise activations a batch of net inputs goes through, in place:
/// `Activation::apply_inplace` on 1 000 000 values in [−8, 8), one thread.
/// Each call gets a fresh copy of the inputs (made outside the timing), so
/// that every activation sees the same values and none is fed its own
/// outputs (repeated leaky ReLU or GELU would drift into subnormals).
/// Criterion reports values per second; BENCHMARKS.md turns them into ns
/// per value.
fn activations<F: Float>(c: &mut Criterion) {
    const N: usize = 1_000_000;
    let h = huge_vec(N, |i| {
        F::from_f64(((i.wrapping_mul(2_654_435_761) % 160_000) as f64) / 10_000.0 - 8.0)
    });
    let mut group = c.benchmark_group(format!("activation_1000000_{}", F::NAME));
    group.throughput(Throughput::Elements(N as u64));
    for activation in [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::Gelu,
        Activation::Silu,
        Activation::LeakyRelu,
        Activation::Elu,
    ] {
        group.bench_function(activation.name(), |b| {
            b.iter_batched_ref(
                || Array1::from(huge_vec(N, |i| h[i])),
                |values| activation.apply_inplace(black_box(values)),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

fn all(c: &mut Criterion) {
    neuron_forward::<f64>(c, "1000000x3", 1_000_000, 3);
    neuron_forward::<f32>(c, "1000000x3", 1_000_000, 3);
    neuron_forward::<f64>(c, "100000x100", 100_000, 100);
    neuron_forward::<f64>(c, "10000x1000", 10_000, 1000);
    neuron_forward::<f64>(c, "1000x10000", 1000, 10_000);
    neuron_forward::<f32>(c, "100000x100", 100_000, 100);
    neuron_forward::<f32>(c, "10000x1000", 10_000, 1000);
    neuron_forward::<f32>(c, "1000x10000", 1000, 10_000);
    dense_forward::<f64>(c);
    dense_forward::<f32>(c);
    training_epoch::<f64>(c);
    training_epoch::<f32>(c);
    cold_calls(c);
    small_batches(c);
    one_sample::<f64>(c);
    one_sample::<f32>(c);
    activations::<f64>(c);
    activations::<f32>(c);
}

criterion_group!(benches, all);
criterion_main!(benches);
