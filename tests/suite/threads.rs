//! Results do not depend on the number of threads: forward passes and gradients
//! are the same bits on 1, 2 or 3 threads (and with the `rayon` feature off).

use neuron::prelude::*;
use neuron::{Dense, Loss, Network, Trainable};

fn data(n: usize, d: usize) -> (Array2<f64>, Array1<f64>) {
    let x = Array2::from_shape_fn((n, d), |(i, j)| {
        (((i * 7 + j * 13) % 101) as f64) / 50.0 - 1.0
    });
    let t = Array1::from_shape_fn(n, |i| (i % 3 == 0) as u8 as f64);
    (x, t)
}

fn in_pool<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(f)
}

#[test]
fn forward_and_gradients_are_identical_for_any_thread_count() {
    let (x, t) = data(50_000, 7);
    let neuron = Neuron::new(Array1::from_shape_fn(7, |j| 0.1 * j as f64 - 0.3)).with_bias(0.05);
    let layer = Dense::random(
        7,
        5,
        Activation::Tanh,
        Init::XavierUniform,
        &mut StdRng::seed_from_u64(1),
    )
    .unwrap();
    let run = || {
        let y = neuron.forward(&x).unwrap();
        let (loss, gradient) = neuron
            .loss_and_gradient(
                x.view(),
                t.view().insert_axis(Axis(1)),
                Loss::BinaryCrossEntropy,
            )
            .unwrap();
        let z = layer.forward(&x).unwrap();
        (y, loss, gradient, z)
    };
    let one = in_pool(1, run);
    for threads in [2, 3] {
        let many = in_pool(threads, run);
        assert_eq!(one.0, many.0, "forward on {threads} threads");
        assert_eq!(
            one.1.to_bits(),
            many.1.to_bits(),
            "loss on {threads} threads"
        );
        assert_eq!(one.2, many.2, "gradient on {threads} threads");
        assert_eq!(one.3, many.3, "layer on {threads} threads");
    }
}

#[test]
fn network_training_is_identical_for_any_thread_count() {
    // Batches large enough for the matrix kernel to use threads, and a data
    // set large enough for the loss to be computed in blocks on threads.
    let (x, t) = data(5_000, 30);
    let t = t.insert_axis(Axis(1));
    let layers = [
        (30, 64, Activation::Relu),
        (64, 32, Activation::Tanh),
        (32, 1, Activation::Sigmoid),
    ]
    .into_iter()
    .enumerate()
    .map(|(seed, (inputs, units, f))| {
        Dense::random(
            inputs,
            units,
            f,
            Init::XavierUniform,
            &mut StdRng::seed_from_u64(seed as u64),
        )
    })
    .collect::<Result<Vec<_>, _>>()
    .unwrap();
    let network = Network::from_layers(layers).unwrap();
    let run = || {
        let (loss, gradient) = network
            .loss_and_gradient(x.view(), t.view(), Loss::BinaryCrossEntropy)
            .unwrap();
        let total = network
            .loss(x.view(), t.view(), Loss::BinaryCrossEntropy)
            .unwrap();
        let y = network.forward(&x).unwrap();
        (loss, gradient, total, y)
    };
    let one = in_pool(1, run);
    for threads in [2, 3] {
        let many = in_pool(threads, run);
        assert_eq!(
            one.0.to_bits(),
            many.0.to_bits(),
            "batch loss on {threads} threads"
        );
        assert_eq!(one.1, many.1, "gradient on {threads} threads");
        assert_eq!(
            one.2.to_bits(),
            many.2.to_bits(),
            "data-set loss on {threads} threads"
        );
        assert_eq!(one.3, many.3, "forward on {threads} threads");
    }
    // The blocked data-set loss is the batch's loss up to rounding.
    assert!(
        (one.0 - one.2).abs() <= 1e-13 * one.0.abs(),
        "{} vs {}",
        one.0,
        one.2
    );
}

#[test]
fn large_batches_match_their_rows() {
    // Past the size where work is split into chunks and threads: every row is
    // still exactly what the sample gives alone, whatever its layout.
    let (x, _) = data(20_000, 9);
    let neuron = Neuron::new(Array1::from_shape_fn(9, |j| 0.2 - 0.05 * j as f64));
    let y = neuron.forward(&x).unwrap();
    let transposed = x.t().to_owned();
    let y_t = neuron.forward(&transposed.t()).unwrap();
    assert_eq!(y, y_t);
    for i in (0..20_000).step_by(997) {
        assert_eq!(neuron.activate(&x.row(i)).unwrap(), y[i]);
    }
}
