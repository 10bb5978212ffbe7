//! One thread against several, call by call: how much a second thread adds
//! to each memory-bound pass, beside what it adds to a plain read of the same
//! bytes (issue 27's "mechanism").
//!
//! ```text
//! cargo bench --bench threads                          # 1 and 2 threads, 41 rounds
//! cargo bench --bench threads -- --threads 1 2 4 --rounds 101 --only 1000x10000
//! ```
//!
//! Criterion times one thread count per process, minutes apart from the
//! other, and these hosts drift by up to 2× in minutes. Here one rayon pool
//! per thread count lives in one process, and every round times each pool
//! once on each workload and on the read of its bytes, in an order rotated
//! round by round: drift falls on every count alike. Each timed call comes
//! right after an untimed call of the same on the same pool (rayon's idle
//! threads spin a while before they sleep, and would take a core from the
//! next pool). Each line gives the
//! medians over rounds (and the quartiles of the speed-ups, round by round).
//!
//! The pass is `Neuron::forward` (the rows' net inputs and sigmoids, a new
//! output) or one full-batch epoch's loss and gradient (`loss_and_gradient`);
//! the read is the benches' plain read of the same inputs (`common::read_all`:
//! pieces of 8 MB over the pool's threads, four streams each).

use std::hint::black_box;
use std::time::Instant;

use neuron::Trainable;
use neuron::prelude::*;

mod common;
use common::{inputs, read_all, weights};

struct Settings {
    threads: Vec<usize>,
    rounds: usize,
    only: Option<String>,
}

fn settings() -> Settings {
    let mut s = Settings {
        threads: vec![1, 2],
        rounds: 41,
        only: None,
    };
    let mut args = std::env::args().skip(1).peekable();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--threads" => {
                s.threads.clear();
                while let Some(t) = args.peek().and_then(|a| a.parse().ok()) {
                    s.threads.push(t);
                    args.next();
                }
            }
            "--rounds" => s.rounds = args.next().and_then(|a| a.parse().ok()).unwrap_or(41),
            "--only" => s.only = args.next(),
            // cargo bench passes `--bench`; criterion's flags mean nothing here.
            _ => {}
        }
    }
    s.rounds = s.rounds.max(1);
    s.threads.retain(|&t| t > 0);
    if s.threads.is_empty() {
        s.threads = vec![1, 2];
    }
    s
}

/// Milliseconds of one call of `f`.
fn time(f: &mut (dyn FnMut() + Send)) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64() * 1e3
}

fn median(v: &mut [f64]) -> f64 {
    quantile(v, 0.5)
}

fn quantile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let i = ((v.len() - 1) as f64 * q).round() as usize;
    v.get(i).copied().unwrap_or(f64::NAN)
}

/// Times `pass` and `read` on every pool, `rounds` times, and prints a line
/// per thread count beyond the first: medians and speed-ups against it.
fn compare(
    name: &str,
    pools: &[(usize, rayon::ThreadPool)],
    rounds: usize,
    pass: &mut (dyn FnMut() + Send),
    read: &mut (dyn FnMut() + Send),
) {
    // One untimed call of each on each pool: pages, caches and threads warm.
    for (_, pool) in pools {
        pool.install(|| {
            pass();
            read();
        });
    }
    let k = pools.len();
    let mut pass_ms = vec![Vec::new(); k];
    let mut read_ms = vec![Vec::new(); k];
    for round in 0..rounds {
        for step in 0..2 * k {
            // Rotated: each round starts one step further on.
            let item = (step + round) % (2 * k);
            let (p, is_read) = (item / 2, item % 2 == 1);
            let pool = &pools[p].1;
            // Each timed call right after an untimed one on the same pool:
            // the other pool's threads, which spin a while after their last
            // task before they sleep, are asleep by then and leave the cores.
            if is_read {
                read_ms[p].push(pool.install(|| {
                    read();
                    time(read)
                }));
            } else {
                pass_ms[p].push(pool.install(|| {
                    pass();
                    time(pass)
                }));
            }
        }
    }
    let first_pass = pass_ms[0].clone();
    let first_read = read_ms[0].clone();
    let (one_pass, one_read) = (
        median(&mut pass_ms[0].clone()),
        median(&mut read_ms[0].clone()),
    );
    for p in 1..k {
        // Speed-ups round by round (the same minutes), then their quartiles.
        let mut pass_up: Vec<f64> = first_pass
            .iter()
            .zip(&pass_ms[p])
            .map(|(a, b)| a / b)
            .collect();
        let mut read_up: Vec<f64> = first_read
            .iter()
            .zip(&read_ms[p])
            .map(|(a, b)| a / b)
            .collect();
        let (many_pass, many_read) = (median(&mut pass_ms[p]), median(&mut read_ms[p]));
        println!(
            "| {name} | {} → {} | {one_pass:.3} → {many_pass:.3} | {:.2}× ({:.2}–{:.2}) | {one_read:.3} → {many_read:.3} | {:.2}× ({:.2}–{:.2}) | {:.2}× |",
            pools[0].0,
            pools[p].0,
            median(&mut pass_up),
            quantile(&mut pass_up, 0.25),
            quantile(&mut pass_up, 0.75),
            median(&mut read_up),
            quantile(&mut read_up, 0.25),
            quantile(&mut read_up, 0.75),
            many_pass / many_read,
        );
    }
}

/// Whether `--only` leaves the workload `name` in.
fn wanted(s: &Settings, name: &str) -> bool {
    s.only.as_ref().is_none_or(|o| name.contains(o.as_str()))
}

/// [`compare`] of `pass` with the plain read of `x`'s values.
fn beside_read<F: Float>(
    s: &Settings,
    pools: &[(usize, rayon::ThreadPool)],
    name: &str,
    x: &Array2<F>,
    pass: &mut (dyn FnMut() + Send),
) {
    let values = x.as_slice().expect("standard layout");
    let mut read = || {
        black_box(read_all(black_box(values)));
    };
    compare(name, pools, s.rounds, pass, &mut read);
}

fn forward<F: Float>(s: &Settings, pools: &[(usize, rayon::ThreadPool)], n: usize, d: usize) {
    let name = format!("forward {n}x{d} {}", F::NAME);
    if !wanted(s, &name) {
        return;
    }
    let x = inputs::<F>(n, d);
    let neuron = Neuron::new(weights::<F>(d));
    beside_read(s, pools, &name, &x, &mut || {
        black_box(neuron.forward(black_box(&x)).expect("shapes fit"));
    });
}

fn epoch<F: Float>(s: &Settings, pools: &[(usize, rayon::ThreadPool)]) {
    let (n, d) = (1_000_000, 10);
    let name = format!("epoch {n}x{d} {}", F::NAME);
    if !wanted(s, &name) {
        return;
    }
    let x = inputs::<F>(n, d);
    let t = Array2::from_shape_fn((n, 1), |(i, _)| F::from_f64((i % 3 == 0) as u8 as f64));
    let neuron = Neuron::new(weights::<F>(d));
    beside_read(s, pools, &name, &x, &mut || {
        let gradient = neuron.loss_and_gradient(x.view(), t.view(), Loss::BinaryCrossEntropy);
        black_box(gradient.expect("shapes fit"));
    });
}

fn main() {
    let s = settings();
    let pools: Vec<(usize, rayon::ThreadPool)> = s
        .threads
        .iter()
        .map(|&t| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(t).build();
            (t, pool.expect("a thread pool"))
        })
        .collect();
    println!(
        "{} rounds; SIMD level {}; medians in ms\n",
        s.rounds,
        neuron::simd_level()
    );
    println!(
        "| workload | threads | pass (ms) | pass speed-up | read (ms) | read speed-up | pass ÷ read |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|");
    forward::<f64>(&s, &pools, 100_000, 100);
    forward::<f64>(&s, &pools, 10_000, 1_000);
    forward::<f64>(&s, &pools, 1_000, 10_000);
    forward::<f32>(&s, &pools, 100_000, 100);
    forward::<f32>(&s, &pools, 10_000, 1_000);
    forward::<f32>(&s, &pools, 1_000, 10_000);
    forward::<f64>(&s, &pools, 1_000_000, 3);
    forward::<f32>(&s, &pools, 1_000_000, 3);
    epoch::<f64>(&s, &pools);
    epoch::<f32>(&s, &pools);
}
