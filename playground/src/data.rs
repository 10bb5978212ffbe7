//! The data sets of the plane: two features, two classes, made from a seed
//! (the shapes are the crate's `datasets::{circles, blobs, spiral}`).

use std::str::FromStr;

use neuron::datasets::{self, Dataset};
use neuron::ndarray::{Array1, Array2};
use neuron::ndarray_rand::rand_distr::StandardNormal;
use neuron::rand::Rng;
use neuron::{Error, Result};

/// Which data set: the lecture's gates, or a shape on the plane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// The AND gate: class 1 near `[1, 1]`, class 0 near the other corners.
    And,
    /// The OR gate: class 0 near `[0, 0]`, class 1 near the other corners.
    Or,
    /// The XOR gate: class 1 near `[0, 1]` and `[1, 0]`; no single line separates it.
    Xor,
    /// Class 1 in a disc of radius 0.5, class 0 in a ring from 0.7 to 1 around it.
    Circle,
    /// Two Gaussian blobs (standard deviation 0.3) around `[−0.5, −0.5]` and `[0.5, 0.5]`.
    Blobs,
    /// Two spiral arms of 1.75 turns each, one per class, out to radius 1.
    Spiral,
}

impl Shape {
    /// Every data set, in the order the page lists them.
    pub const ALL: [Shape; 6] = [
        Shape::And,
        Shape::Or,
        Shape::Xor,
        Shape::Circle,
        Shape::Blobs,
        Shape::Spiral,
    ];

    /// The name in the page and its URL: `"and"`, `"or"`, `"xor"`, `"circle"`, `"blobs"`, `"spiral"`.
    pub fn name(self) -> &'static str {
        match self {
            Shape::And => "and",
            Shape::Or => "or",
            Shape::Xor => "xor",
            Shape::Circle => "circle",
            Shape::Blobs => "blobs",
            Shape::Spiral => "spiral",
        }
    }

    /// The truth table's outputs for the inputs `[0, 0]`, `[0, 1]`, `[1, 0]`, `[1, 1]`.
    fn truth_table(self) -> Option<[f64; 4]> {
        match self {
            Shape::And => Some([0.0, 0.0, 0.0, 1.0]),
            Shape::Or => Some([0.0, 1.0, 1.0, 1.0]),
            Shape::Xor => Some([0.0, 1.0, 1.0, 0.0]),
            Shape::Circle | Shape::Blobs | Shape::Spiral => None,
        }
    }

    /// `n_samples` points, alternately of class 0 and class 1 (the gates: of
    /// the four corners in turn), each moved by Gaussian noise of standard
    /// deviation `noise` in both coordinates.
    ///
    /// # Shapes
    /// - returns inputs `(n_samples, 2)` and targets `(n_samples,)`, each `0` or `1`
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for a `noise` that is not finite and ≥ 0.
    pub fn generate<R: Rng + ?Sized>(
        self,
        n_samples: usize,
        noise: f64,
        rng: &mut R,
    ) -> Result<Dataset<f64>> {
        // The shapes are the crate's data sets; the gates are drawn here.
        let outputs = match self {
            Shape::Circle => return datasets::circles(n_samples, noise, rng),
            Shape::Blobs => return datasets::blobs(n_samples, noise, rng),
            Shape::Spiral => return datasets::spiral(n_samples, noise, rng),
            Shape::And | Shape::Or | Shape::Xor => self.truth_table().unwrap_or_default(),
        };
        if !(noise.is_finite() && noise >= 0.0) {
            return Err(Error::InvalidSetting {
                name: "noise",
                value: noise,
                requirement: "finite and ≥ 0",
            });
        }
        let jitter = |rng: &mut R| noise * rng.sample::<f64, _>(StandardNormal);
        let mut points = Vec::with_capacity(n_samples);
        let mut labels = Vec::with_capacity(n_samples);
        for i in 0..n_samples {
            let corner = i % 4;
            let point = [(corner / 2) as f64, (corner % 2) as f64];
            points.push([point[0] + jitter(rng), point[1] + jitter(rng)]);
            labels.push(outputs.get(corner).copied().unwrap_or(0.0));
        }
        Ok(Dataset::new(Array2::from(points), Array1::from(labels))?
            .with_feature_names(["x₁", "x₂"])?
            .with_target_names(["false", "true"]))
    }
}

impl FromStr for Shape {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Shape::ALL
            .into_iter()
            .find(|shape| shape.name() == s)
            .ok_or(Error::InvalidSetting {
                name: "data set",
                value: f64::NAN,
                requirement: "one of and, or, xor, circle, blobs, spiral",
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use neuron::rand::SeedableRng;
    use neuron::rand::rngs::StdRng;

    #[test]
    fn gates_without_noise_are_the_truth_tables() {
        let xor = Shape::Xor
            .generate(8, 0.0, &mut StdRng::seed_from_u64(0))
            .unwrap();
        assert_eq!(xor.inputs().row(1).to_vec(), [0.0, 1.0]);
        assert_eq!(xor.inputs().row(7).to_vec(), [1.0, 1.0]);
        assert_eq!(
            xor.targets().to_vec(),
            [0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0, 0.0]
        );
        let and = Shape::And
            .generate(4, 0.0, &mut StdRng::seed_from_u64(0))
            .unwrap();
        assert_eq!(and.targets().to_vec(), [0.0, 0.0, 0.0, 1.0]);
    }

    #[test]
    fn shapes_are_balanced_and_inside_the_unit_square_or_so() {
        for shape in [Shape::Circle, Shape::Blobs, Shape::Spiral] {
            let data = shape
                .generate(200, 0.0, &mut StdRng::seed_from_u64(3))
                .unwrap();
            assert_eq!(data.targets().sum(), 100.0, "{shape:?}");
            let largest = data.inputs().iter().fold(0.0_f64, |m, v| m.max(v.abs()));
            assert!(largest < 2.0, "{shape:?}: {largest}");
        }
        let circle = Shape::Circle
            .generate(100, 0.0, &mut StdRng::seed_from_u64(3))
            .unwrap();
        for (x, t) in circle.inputs().rows().into_iter().zip(circle.targets()) {
            let r = x.dot(&x).sqrt();
            assert!(
                if *t == 1.0 {
                    r < 0.5
                } else {
                    (0.7..=1.0).contains(&r)
                },
                "{r}"
            );
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_points() {
        let a = Shape::Spiral
            .generate(50, 0.1, &mut StdRng::seed_from_u64(9))
            .unwrap();
        let b = Shape::Spiral
            .generate(50, 0.1, &mut StdRng::seed_from_u64(9))
            .unwrap();
        assert_eq!(a, b);
        assert!(
            Shape::Spiral
                .generate(5, -1.0, &mut StdRng::seed_from_u64(9))
                .is_err()
        );
        assert_eq!("spiral".parse::<Shape>().unwrap(), Shape::Spiral);
        assert!("moons".parse::<Shape>().is_err());
    }
}
