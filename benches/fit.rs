//! `fit` as a caller times it, for the acceptance of issue 25: training with
//! the `progress` feature off is no slower than before the feature (and the
//! `Trainer` behind `fit`) existed. The same file builds against the crate
//! before that change, so the two can be run side by side:
//!
//! ```text
//! cargo bench --bench fit                       # this build
//! cargo bench --bench fit --features progress   # the feature on, the bar off (progress(false))
//! ```
//!
//! | id | model | data | settings |
//! |---|---|---|---|
//! | `fit/or_gate_500_epochs` | neuron, 2 inputs | the OR gate, 4 samples | BCE, full batch, 500 epochs: the loop's per-epoch cost |
//! | `fit/digits_2_epochs` | 64-64-10, ReLU, softmax | digits, 1 797 × 64 | cross-entropy, Adam, batch 32, 2 epochs: the per-batch cost |

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use neuron::prelude::*;

fn fit(c: &mut Criterion) {
    let mut group = c.benchmark_group("fit");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));

    let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
    let t = array![0.0, 1.0, 1.0, 1.0];
    let settings = GradientDescent::new().learning_rate(1.0).epochs(500);
    group.bench_function("or_gate_500_epochs", |b| {
        b.iter(|| {
            let mut neuron = Neuron::new(array![0.0, 0.0]);
            black_box(settings.fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)).ok();
            neuron
        })
    });

    let (inputs, labels) = neuron::datasets::digits::<f32>().into_parts();
    let inputs = inputs / 16.0;
    let targets = one_hot(&labels, 10).expect("ten classes");
    let start = Network::random(
        &[64, 64, 10],
        Activation::Softmax,
        Init::XavierUniform,
        &mut StdRng::seed_from_u64(0),
    )
    .expect("a network");
    let settings = GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(1e-3)
        .batch_size(32)
        .epochs(2);
    group.bench_function("digits_2_epochs", |b| {
        b.iter(|| {
            let mut network = start.clone();
            black_box(settings.fit(&mut network, &inputs, &targets, Loss::CrossEntropy)).ok();
            network
        })
    });
    group.finish();
}

criterion_group!(benches, fit);
criterion_main!(benches);
