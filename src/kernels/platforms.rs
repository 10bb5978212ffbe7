//! What gives the same bits on which platform, tested.
//!
//! The kernels sum in one fixed order on every target (see `order`), so what
//! they compute depends only on how a level multiplies and adds: every
//! `Separate` level (the baseline of x86-64, aarch64 and WebAssembly) gives the
//! bits of a plain scalar loop in that order with `a·b + c`, and every `Fused`
//! level (AVX2, AVX-512, NEON) the bits of the same loop with `mul_add`. The two
//! kinds differ in the last bits of a sum, so each level is checked against the
//! reference of its own kind on the processor that runs the tests; and
//! fingerprints of both kinds' results, recorded on x86-64, are checked on
//! every platform the tests run on (x86-64, aarch64 under qemu, wasm32-wasip1
//! under Node). NaN results are left out: IEEE leaves the sign and payload of
//! a NaN to the processor.

use super::RowLoss;
use super::activate::activate;
use super::dispatch::{self, Fused, Level, Separate};
use super::forward::{forward_block, net_inputs_block};
use super::gradient::loss_gradient_block;
use super::math;
use crate::{Activation, Float};

/// `y = σ(x · w + b)` for the rows of a block, by `level`'s forward kernel.
pub(super) fn sigmoid_forward<F: Float>(
    level: Level,
    x: &[F],
    d: usize,
    w: &[F],
    b: F,
    y: &mut [F],
) {
    forward_block(level, x, d, w, b, Activation::Sigmoid, written(y), &[]);
}

/// A test's output buffer as the kernels take it (see `block::as_written`).
pub(super) fn written<F>(values: &mut [F]) -> &mut [std::mem::MaybeUninit<F>] {
    // SAFETY: the result goes only to the kernels, which write only values.
    unsafe { super::block::as_written(values) }
}

/// Deterministic values in [-2, 2): the same on every platform (integer
/// arithmetic, then one exact scaling).
pub(super) fn values(n: usize, seed: u64) -> Vec<f64> {
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 11) as f64 / (1u64 << 53) as f64) * 4.0 - 2.0
        })
        .collect()
}

/// `a·b + c`, rounded once (`fused`) or twice.
fn mul_add<F: Float>(a: F, b: F, c: F, fused: bool) -> F {
    if fused { a.mul_add(b, c) } else { a * b + c }
}

/// `x · w` in the order `order` documents, as a plain scalar loop: `L` partial
/// sums (8 for f64, 16 for f32; 2 for rows shorter than `2L`; `4L` for rows of
/// `4L` or more), term `k` into sum `k mod` their number, for long rows the
/// four groups of `L` added lane by lane, the sums added pairwise, then the
/// tail term by term.
fn dot_in_order<F: Float>(x: &[F], w: &[F], fused: bool) -> F {
    let n = x.len();
    let long = if std::mem::size_of::<F>() == 8 { 8 } else { 16 };
    let lanes = if n < 2 * long { 2 } else { long };
    let sums = if n >= 4 * long { 4 * long } else { lanes };
    let full = n / lanes * lanes;
    let mut partial = vec![F::zero(); sums];
    for k in 0..full {
        partial[k % sums] = mul_add(x[k], w[k], partial[k % sums], fused);
    }
    if sums > lanes {
        let g = |i: usize, l: usize| partial[i * lanes + l];
        partial = (0..lanes)
            .map(|l| (g(0, l) + g(1, l)) + (g(2, l) + g(3, l)))
            .collect();
    }
    while partial.len() > 1 {
        partial = partial.chunks(2).map(|pair| pair[0] + pair[1]).collect();
    }
    (full..n).fold(partial[0], |sum, k| mul_add(x[k], w[k], sum, fused))
}

/// `σ(h)` by the crate's scalar function of `level`'s kind, `f64` or `f32`.
pub(super) fn sigmoid_of_level<F: Float>(h: F, level: Level) -> F {
    if level.wide() {
        return if std::mem::size_of::<F>() == 4 {
            let y = math::by_table::sigmoid_f32::<Fused>(h.as_f64() as f32);
            F::from_f64(f64::from(y))
        } else {
            F::from_f64(math::by_table::sigmoid::<Fused>(h.as_f64()))
        };
    }
    sigmoid_of_kind(h, level.fused())
}

/// `σ(h)` by the crate's scalar function of the given kind, `f64` or `f32`.
fn sigmoid_of_kind<F: Float>(h: F, fused: bool) -> F {
    if std::mem::size_of::<F>() == 4 {
        let h = h.as_f64() as f32;
        let y = if fused {
            math::sigmoid_f32::<Fused>(h)
        } else {
            math::sigmoid_f32::<Separate>(h)
        };
        F::from_f64(f64::from(y))
    } else if fused {
        F::from_f64(math::sigmoid::<Fused>(h.as_f64()))
    } else {
        F::from_f64(math::sigmoid::<Separate>(h.as_f64()))
    }
}

fn bits<F: Float>(values: &[F]) -> Vec<u64> {
    values.iter().map(|v| v.as_f64().to_bits()).collect()
}

/// Net inputs and sigmoid outputs of `level` for `n` rows of `d` values equal
/// bit for bit the scalar loop of the level's kind.
fn check_level<F: Float>(level: Level, n: usize, d: usize) {
    check_level_with::<F>(level, n, d, (n * 31 + d) as u64, 1.0);
}

/// [`check_level`] on inputs drawn from `seed`, scaled by `scale` (so that
/// net inputs reach the far ends of the sigmoid).
pub(super) fn check_level_with<F: Float>(level: Level, n: usize, d: usize, seed: u64, scale: f64) {
    let x: Vec<F> = values(n * d, seed)
        .into_iter()
        .map(|v| F::from_f64(v * scale))
        .collect();
    let w: Vec<F> = values(d, seed ^ 0x5eed)
        .into_iter()
        .map(F::from_f64)
        .collect();
    let b = F::from_f64(0.25);
    let fused = level.fused();
    let want_h: Vec<F> = (0..n)
        .map(|i| dot_in_order(&x[i * d..(i + 1) * d], &w, fused) + b)
        .collect();
    let want_y: Vec<F> = want_h.iter().map(|&h| sigmoid_of_level(h, level)).collect();
    let mut h = vec![F::zero(); n];
    net_inputs_block(level, &x, d, &w, b, written(&mut h));
    assert_eq!(bits(&h), bits(&want_h), "{level:?} {} d={d} n={n}", F::NAME);
    let mut y = vec![F::zero(); n];
    sigmoid_forward(level, &x, d, &w, b, &mut y);
    assert_eq!(bits(&y), bits(&want_y), "{level:?} {} d={d} n={n}", F::NAME);
}

#[test]
fn every_level_sums_bit_for_bit_as_the_scalar_loop_of_its_kind() {
    // Row lengths around every switch: the small-d loops (1–4), two partial
    // sums (up to 2L − 1), then L partial sums and four rows at once through
    // the hand-written AVX2 or NEON loop (2L = 16 for f64, 32 for f32).
    let lengths = [0, 1, 2, 3, 4, 5, 7, 15, 16, 17, 31, 32, 33, 40, 100, 257];
    for level in Level::available() {
        for d in lengths {
            for n in [1, 3, 4, 9, 67] {
                check_level::<f64>(level, n, d);
                check_level::<f32>(level, n, d);
            }
        }
    }
}

/// FNV-1a's offset basis and prime.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// Mixes the bits of `values` (as `f64`, exact for `f32`) into `hash`.
fn mix<F: Float>(hash: &mut u64, values: &[F]) {
    for v in values {
        assert!(!v.is_nan(), "a NaN's bits depend on the processor");
        for byte in v.as_f64().to_bits().to_le_bytes() {
            *hash = (*hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
        }
    }
}

/// Row lengths of the fingerprints: short rows, two partial sums, `L` partial
/// sums through the hand-written loops (f64 from 16, f32 from 32), and long
/// rows' `4L` (f64 from 32, f32 from 64), with leftover chunks and tails.
const SHAPES: [(usize, usize); 6] = [(9, 3), (9, 10), (9, 20), (9, 40), (9, 100), (9, 203)];

/// A fingerprint of the plain scalar dot products of one kind, f64 and f32.
fn reference_fingerprint(fused: bool) -> u64 {
    let mut hash = FNV_OFFSET;
    for (n, d) in SHAPES {
        let x = values(n * d, (n + d) as u64);
        let w = values(d, d as u64);
        let h: Vec<f64> = (0..n)
            .map(|i| dot_in_order(&x[i * d..(i + 1) * d], &w, fused) + 0.5)
            .collect();
        mix(&mut hash, &h);
        let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
        let w32: Vec<f32> = w.iter().map(|&v| v as f32).collect();
        let h32: Vec<f32> = (0..n)
            .map(|i| dot_in_order(&x32[i * d..(i + 1) * d], &w32, fused) + 0.5)
            .collect();
        mix(&mut hash, &h32);
    }
    hash
}

/// A fingerprint of everything `level`'s kernels compute on the same inputs:
/// net inputs, sigmoid and tanh outputs, the cross-entropy and its gradient (f64),
/// net inputs and sigmoid outputs (f32).
fn kernel_fingerprint(level: Level) -> u64 {
    let mut hash = FNV_OFFSET;
    for (n, d) in SHAPES {
        let x = values(n * d, (n + d) as u64);
        let w = values(d, d as u64);
        let t: Vec<f64> = values(n, 3).iter().map(|&v| f64::from(v > 0.0)).collect();
        let mut h = vec![0.0; n];
        net_inputs_block(level, &x, d, &w, 0.5, written(&mut h));
        mix(&mut hash, &h);
        let mut y = vec![0.0; n];
        sigmoid_forward(level, &x, d, &w, 0.5, &mut y);
        mix(&mut hash, &y);
        let mut tanh = h.clone();
        activate(level, Activation::Tanh, &mut tanh);
        mix(&mut hash, &tanh);
        let (mut scratch, mut losses) = (vec![0.0; n], vec![0.0; n]);
        let (mut grad_w, mut grad_b) = (vec![0.0; d], 0.0);
        let loss = loss_gradient_block(
            level,
            &x,
            d,
            &w,
            0.5,
            &t,
            RowLoss::BinaryCrossEntropy,
            Activation::Sigmoid,
            &mut scratch,
            &mut losses,
            &mut grad_w,
            &mut grad_b,
            &[],
        );
        mix(&mut hash, &[loss, grad_b]);
        mix(&mut hash, &grad_w);
        let x32: Vec<f32> = x.iter().map(|&v| v as f32).collect();
        let w32: Vec<f32> = w.iter().map(|&v| v as f32).collect();
        let mut h32 = vec![0.0f32; n];
        net_inputs_block(level, &x32, d, &w32, 0.5, written(&mut h32));
        mix(&mut hash, &h32);
        let mut y32 = vec![0.0f32; n];
        sigmoid_forward(level, &x32, d, &w32, 0.5, &mut y32);
        mix(&mut hash, &y32);
    }
    hash
}

/// Recorded on x86-64 (the baseline, and AVX2 and AVX-512 alike); the same on
/// aarch64 (the baseline, and NEON) and on wasm32 (the baseline; the fused
/// reference there goes through a correctly rounded software `fma`).
const SEPARATE_REFERENCE: u64 = 0x5a93_6465_fdd0_f986;
const FUSED_REFERENCE: u64 = 0x39a4_918d_ca7c_d38c;
const SEPARATE_KERNELS: u64 = 0x5bb6_16d5_4c67_6811;
const FUSED_KERNELS: u64 = 0x2919_e466_61d6_ab08;
/// AVX-512's, whose sigmoid (`kernels::wide`), cross-entropy
/// (`kernels::wide_bce`) and gradient over short rows (`kernels::wide_rows`
/// and, in training with the cross-entropy, `kernels::wide_epoch`, each summed
/// in its own order) are its own; recorded on `xeon-amx` (Intel Xeon, AVX-512)
/// when the epoch's one-pass kernel came (issue 27; before it
/// 0xe6de_17e3_a52a_af53, before long rows' `4L` partial sums
/// 0xd754_dabc_ffa6_3d7e, and before AVX-512's own kernels
/// 0x1270_c15a_04e1_6c5a on an AMD EPYC with AVX-512 as well). Bochs's
/// emulated Skylake-X gives the same value (`scripts/test-avx512`, for
/// machines without AVX-512).
const FUSED_WIDE_KERNELS: u64 = 0x0c89_22ca_09cd_e4ae;

#[test]
fn each_kind_gives_the_same_bits_on_every_platform() {
    assert_eq!(
        reference_fingerprint(false),
        SEPARATE_REFERENCE,
        "separate reference"
    );
    assert_eq!(
        reference_fingerprint(true),
        FUSED_REFERENCE,
        "fused reference"
    );
    for level in Level::available() {
        let want = if level.wide() {
            FUSED_WIDE_KERNELS
        } else if level.fused() {
            FUSED_KERNELS
        } else {
            SEPARATE_KERNELS
        };
        assert_eq!(kernel_fingerprint(level), want, "{level:?}");
    }
}

/// The fast level is found, so that every test above drives it.
#[test]
fn the_fast_level_of_this_architecture_is_detected() {
    #[cfg(target_arch = "aarch64")]
    {
        assert_eq!(dispatch::detected(), Level::Neon);
        assert_eq!(Level::available(), [Level::Baseline, Level::Neon]);
    }
    #[cfg(not(target_arch = "aarch64"))]
    assert_eq!(Level::available()[0], Level::Baseline);
    assert!(Level::available().contains(&dispatch::detected()));
}

/// A tiny benchmark of every level: forward passes (net input and sigmoid) over
/// 1024 × 100 inputs, f64 and f32, each result checked bit for bit against the
/// scalar loop of its kind. scripts/test-aarch64 runs it under qemu to show
/// that the NEON path computes the right thing; there the times mean nothing
/// (qemu translates every instruction, NEON or not).
///
/// `cargo test --release --lib tiny_benchmark -- --ignored --nocapture`
#[test]
#[ignore = "a benchmark: run with --ignored --nocapture"]
fn tiny_benchmark_of_every_level() {
    fn run<F: Float>(level: Level) -> std::time::Duration {
        let (n, d, repeats) = (1024, 100, 20);
        let x: Vec<F> = values(n * d, 1).into_iter().map(F::from_f64).collect();
        let w: Vec<F> = values(d, 2).into_iter().map(F::from_f64).collect();
        let b = F::from_f64(0.1);
        let fused = level.fused();
        let want: Vec<F> = (0..n)
            .map(|i| sigmoid_of_level(dot_in_order(&x[i * d..(i + 1) * d], &w, fused) + b, level))
            .collect();
        let mut y = vec![F::zero(); n];
        let start = std::time::Instant::now();
        for _ in 0..repeats {
            sigmoid_forward(level, &x, d, &w, b, &mut y);
            std::hint::black_box(&mut y);
        }
        let elapsed = start.elapsed() / repeats;
        assert_eq!(bits(&y), bits(&want), "{level:?} {}", F::NAME);
        elapsed
    }
    for level in Level::available() {
        let (t64, t32) = (run::<f64>(level), run::<f32>(level));
        println!(
            "{level:?}: forward pass 1024 × 100, f64 {t64:?}, f32 {t32:?}; bits as the scalar loop"
        );
    }
}
