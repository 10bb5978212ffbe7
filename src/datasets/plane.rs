//! Two-class data sets on the plane, made from a seed: circles, blobs,
//! moons and spirals, for drawing decision boundaries (the playground's data).
//!
//! Each has `n_samples` points, alternately of class 0 and class 1, each
//! moved by Gaussian noise of standard deviation `noise` in both
//! coordinates. The same seed gives the same points on every machine.

use std::f64::consts::PI;

use ndarray::{Array1, Array2};
use ndarray_rand::rand_distr::StandardNormal;
use rand::Rng;

use super::dataset::Dataset;
use crate::{Error, Float, Result};

/// Which shape the two classes make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Circles,
    Blobs,
    Moons,
    Spiral,
}

/// Class 1 in a disc of radius 0.5, class 0 in a ring from 0.7 to 1 around
/// it (both uniform over their area): no line separates them, a circle does.
///
/// # Shapes
/// - inputs `(n_samples, 2)`, targets `(n_samples,)`, each `0` or `1`
///
/// # Errors
/// [`Error::InvalidSetting`] for a `noise` that is not finite and ≥ 0;
/// [`Error::Allocation`] when `n_samples` points do not fit in memory.
///
/// ```
/// use neuron::datasets::circles;
/// use neuron::rand::{SeedableRng, rngs::StdRng};
///
/// let data = circles::<f64, _>(200, 0.0, &mut StdRng::seed_from_u64(0))?;
/// let inner = data.inputs().row(1); // class 1
/// assert!(inner.dot(&inner).sqrt() < 0.5);
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn circles<F: Float, R: Rng + ?Sized>(
    n_samples: usize,
    noise: f64,
    rng: &mut R,
) -> Result<Dataset<F>> {
    generate(Shape::Circles, n_samples, noise, rng)
}

/// Two Gaussian blobs (standard deviation 0.3) around `[−0.5, −0.5]`
/// (class 0) and `[0.5, 0.5]` (class 1): a line separates them, nearly.
///
/// # Shapes and errors
/// As [`circles`].
pub fn blobs<F: Float, R: Rng + ?Sized>(
    n_samples: usize,
    noise: f64,
    rng: &mut R,
) -> Result<Dataset<F>> {
    generate(Shape::Blobs, n_samples, noise, rng)
}

/// Two interleaving half circles, as scikit-learn's `make_moons`: class 0 on
/// `[cos t, sin t]`, class 1 on `[1 − cos t, 0.5 − sin t]`, `t` evenly along
/// `[0, π]`.
///
/// # Shapes and errors
/// As [`circles`].
///
/// ```
/// use neuron::datasets::moons;
/// use neuron::rand::{SeedableRng, rngs::StdRng};
///
/// let data = moons::<f64, _>(4, 0.0, &mut StdRng::seed_from_u64(0))?;
/// assert_eq!(data.inputs().row(0).to_vec(), [1.0, 0.0]);  // class 0 at t = 0
/// assert_eq!(data.inputs().row(1).to_vec(), [0.0, 0.5]);  // class 1 at t = 0
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn moons<F: Float, R: Rng + ?Sized>(
    n_samples: usize,
    noise: f64,
    rng: &mut R,
) -> Result<Dataset<F>> {
    generate(Shape::Moons, n_samples, noise, rng)
}

/// Two spiral arms of 1.75 turns each, one per class, out to radius 1: the
/// hardest of these for a network to separate.
///
/// # Shapes and errors
/// As [`circles`].
pub fn spiral<F: Float, R: Rng + ?Sized>(
    n_samples: usize,
    noise: f64,
    rng: &mut R,
) -> Result<Dataset<F>> {
    generate(Shape::Spiral, n_samples, noise, rng)
}

/// The points of `shape`; every point draws an angle, then its two noise values.
fn generate<F: Float, R: Rng + ?Sized>(
    shape: Shape,
    n_samples: usize,
    noise: f64,
    rng: &mut R,
) -> Result<Dataset<F>> {
    if !(noise.is_finite() && noise >= 0.0) {
        return Err(Error::InvalidSetting {
            name: "noise",
            value: noise,
            requirement: "finite and ≥ 0",
        });
    }
    let mut points: Vec<[F; 2]> = crate::alloc::room_for("the points of a data set", n_samples, 1)?;
    let mut labels = crate::alloc::room_for("the labels of a data set", n_samples, 1)?;
    let arm_length = n_samples.div_ceil(2).max(1) as f64;
    for i in 0..n_samples {
        let class = (i % 2) as f64;
        let point = shaped_point(shape, class, (i / 2) as f64 / arm_length, rng);
        let (dx, dy) = (
            noise * rng.sample::<f64, _>(StandardNormal),
            noise * rng.sample::<f64, _>(StandardNormal),
        );
        points.push([F::from_f64(point[0] + dx), F::from_f64(point[1] + dy)]);
        labels.push(F::from_f64(class));
    }
    Ok(Dataset::new(Array2::from(points), Array1::from(labels))?
        .with_feature_names(["x₁", "x₂"])?
        .with_target_names(["class 0", "class 1"]))
}

/// A point of `class` before noise; `along` in `[0, 1)` is how far along its
/// arm (spiral, moon) the point lies.
fn shaped_point<R: Rng + ?Sized>(shape: Shape, class: f64, along: f64, rng: &mut R) -> [f64; 2] {
    let angle = rng.random::<f64>() * 2.0 * PI;
    match shape {
        Shape::Circles => {
            // Uniform over the area: the radius is the square root of a uniform draw.
            let radius = if class == 1.0 {
                0.5 * rng.random::<f64>().sqrt()
            } else {
                (0.49 + 0.51 * rng.random::<f64>()).sqrt()
            };
            [radius * angle.cos(), radius * angle.sin()]
        }
        Shape::Blobs => {
            let centre = if class == 1.0 { 0.5 } else { -0.5 };
            let mut spread = || 0.3 * rng.sample::<f64, _>(StandardNormal);
            [centre + spread(), centre + spread()]
        }
        Shape::Moons => {
            let t = PI * along;
            if class == 1.0 {
                [1.0 - t.cos(), 0.5 - t.sin()]
            } else {
                [t.cos(), t.sin()]
            }
        }
        Shape::Spiral => {
            let radius = 0.05 + 0.95 * along;
            let turn = 1.75 * 2.0 * PI * along + class * PI;
            [radius * turn.sin(), radius * turn.cos()]
        }
    }
}
