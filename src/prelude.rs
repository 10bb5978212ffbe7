//! Everything a script or notebook needs, in one line: `use neuron::prelude::*;`.
//!
//! ```
//! use neuron::prelude::*;
//!
//! let mut rng = StdRng::seed_from_u64(1);
//! let neuron: Neuron<f64> = Neuron::random(2, Init::Lecture, &mut rng)?;
//! let y = neuron.forward(&array![[0.0, 0.0]])?;
//! assert_eq!(y, array![0.5]); // σ(0), since the lecture's neuron has no bias
//! # Ok::<(), neuron::Error>(())
//! ```

pub use crate::datasets::{self, Dataset};
pub use crate::metrics;
pub use crate::{
    Activation, Checkpoint, Dense, Error, Explanation, Float, GradientDescent, History, Hooks,
    Init, Loss, Metric, Network, Neuron, Optimizer, Perceptron, Result, Schedule, Standardizer,
    Trainable, Trainer, gradient_check, one_hot,
};

pub use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, array, s};
pub use rand::rngs::StdRng;
pub use rand::{Rng, SeedableRng};
