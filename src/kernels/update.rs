//! The optimisers' elementwise updates over a whole parameter array: each
//! value's step is the rule's formula, applied on contiguous slices.
//!
//! Adam's step takes a square root and two divisions per value. Written on
//! slices and compiled for each dispatch level (see `dispatch`), AVX-512 takes
//! them 16 `f32` at a time; the baseline, 4. Arrays of many values are cut
//! into pieces over the threads.
//!
//! Every value goes through the same IEEE operations in the same order at
//! every level and on every thread: no fused multiply-add (the formula is
//! written with `*` and `+`, which Rust never contracts), and no value depends
//! on another. So the bits do not depend on the processor, the level or the
//! number of threads.

#[cfg(test)]
use super::dispatch::Level;
use super::dispatch::{MulAdd, detected, dispatched};
use crate::Float;

/// Values per piece when a step is spread over the threads. Arrays of fewer
/// than two pieces stay on the calling thread: waking the other threads at
/// every step cost more than they saved (pieces of 2¹⁵ made the Fashion-MNIST
/// MLP's epoch, 100 000 weights stepped 1 875 times, 40 % slower on two
/// threads than on one).
#[cfg(feature = "rayon")]
const PIECE: usize = 1 << 18;

/// The numbers of one Adam step that are the same for every value of an array.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AdamStep<F> {
    /// `β₁` and `β₂`.
    pub(crate) beta1: F,
    pub(crate) beta2: F,
    /// `1 − β₁` and `1 − β₂`, each rounded once from `f64` (as PyTorch takes
    /// them from Python's floats): in `f32`, `1 − 0.999` computed in `f32` is
    /// 1.3e-5 off, and every second moment with it.
    pub(crate) one_minus_beta1: F,
    pub(crate) one_minus_beta2: F,
    /// `η / (1 − β₁ᵗ)`.
    pub(crate) step_size: F,
    /// `√(1 − β₂ᵗ)`.
    pub(crate) correction2: F,
    /// `ε`.
    pub(crate) epsilon: F,
    /// AdamW's decay factor `1 − η·δ` (1 for Adam, and for biases).
    pub(crate) decay: F,
    /// The L2 penalty `λ` added to the gradient as `λ·w`, when it applies.
    pub(crate) l2: Option<F>,
}

/// One Adam step of the values `w`, their moments `m` and `v`, from the
/// gradient `g`, as PyTorch's `optim.Adam` groups it:
/// `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g·g`,
/// `w ← w − step_size·m / (√v / correction2 + ε)`, after `w ← w·decay`;
/// moments smaller than [`tiny`] are set to 0.
///
/// # Shapes
/// The four slices have one length; a shorter one limits the step to its length.
pub(crate) fn adam<F: Float>(w: &mut [F], m: &mut [F], v: &mut [F], g: &[F], s: &AdamStep<F>) {
    let level = detected();
    #[cfg(feature = "rayon")]
    if w.len() >= 2 * PIECE && rayon::current_num_threads() > 1 {
        use rayon::prelude::*;
        w.par_chunks_mut(PIECE)
            .zip(m.par_chunks_mut(PIECE))
            .zip(v.par_chunks_mut(PIECE))
            .zip(g.par_chunks(PIECE))
            .for_each(|(((w, m), v), g)| adam_at(level, w, m, v, g, s));
        return;
    }
    adam_at(level, w, m, v, g, s);
}

dispatched! {
    fn adam_at<F>(w: &mut [F], m: &mut [F], v: &mut [F], g: &[F], s: &AdamStep<F>) = adam_values;
}

/// The loop of [`adam`] at one level. `M` is unused: Adam has no multiply-add
/// to fuse, and leaving it unfused keeps the bits the same at every level.
#[inline(always)]
fn adam_values<F: Float, M: MulAdd>(
    w: &mut [F],
    m: &mut [F],
    v: &mut [F],
    g: &[F],
    s: &AdamStep<F>,
) {
    let AdamStep {
        beta1,
        beta2,
        one_minus_beta1,
        one_minus_beta2,
        step_size,
        correction2,
        epsilon,
        decay,
        l2,
    } = *s;
    let tiny = tiny::<F>();
    let values = w.iter_mut().zip(m.iter_mut()).zip(v.iter_mut()).zip(g);
    match l2 {
        // Two loops, so that neither tests the penalty per value.
        None => {
            for (((w, m), v), &g) in values {
                *w *= decay;
                *m = flushed(beta1 * *m + one_minus_beta1 * g, tiny);
                *v = flushed(beta2 * *v + one_minus_beta2 * g * g, tiny);
                *w -= step_size * *m / (v.sqrt() / correction2 + epsilon);
            }
        }
        Some(l2) => {
            for (((w, m), v), &g) in values {
                // The penalty's gradient at w before the decay, as autograd
                // takes it before the optimiser steps.
                let g = g + l2 * *w;
                *w *= decay;
                *m = flushed(beta1 * *m + one_minus_beta1 * g, tiny);
                *v = flushed(beta2 * *v + one_minus_beta2 * g * g, tiny);
                *w -= step_size * *m / (v.sqrt() / correction2 + epsilon);
            }
        }
    }
}

/// The size below which a moment is set to 0: the smallest normal number
/// divided by the machine epsilon (about 1e-31 in `f32`, 1e-292 in `f64`).
///
/// A weight whose input has been 0 for a few hundred steps (a pixel that is
/// dark in every image) has a first moment that decays by `β₁` every step,
/// down through the subnormal numbers, on which x86 processors take 10–100
/// times as long per operation: the Fashion-MNIST MLP's epoch took three
/// times as long. The moment, and the intermediates `η·m` that follow it, stay
/// normal above this size. What is dropped moves the weight by less than
/// `η·tiny/ε` (1e-26 with PyTorch's `ε = 1e-8` and `η = 1e-3`), so the weights
/// keep PyTorch's bits unless they are themselves that small.
fn tiny<F: Float>() -> F {
    F::min_positive_value() / F::epsilon()
}

/// `x`, or 0 when `|x|` is below `tiny` (NaN stays NaN).
#[inline(always)]
fn flushed<F: Float>(x: F, tiny: F) -> F {
    if x.abs() < tiny { F::zero() } else { x }
}

/// [`adam`] at a given level, on the calling thread: for tests that compare levels.
#[cfg(test)]
pub(crate) fn adam_at_level<F: Float>(
    level: Level,
    w: &mut [F],
    m: &mut [F],
    v: &mut [F],
    g: &[F],
    s: &AdamStep<F>,
) {
    adam_at(level, w, m, v, g, s);
}
