//! The lecture's toy problems: the AND and OR truth tables, and learning to add.

use ndarray::{Array1, Array2, array};
use rand::Rng;

use super::dataset::Dataset;
use crate::Float;

/// The truth table of logical AND: the target is `1` only for inputs `[1, 1]`.
///
/// # Shapes
/// - inputs: `(4, 2)`, the rows `[0, 0]`, `[0, 1]`, `[1, 0]`, `[1, 1]`
/// - targets: `(4,)`, `[0, 0, 0, 1]`
///
/// ```
/// use neuron::datasets::and_gate;
/// use neuron::ndarray::array;
///
/// let data = and_gate::<f64>();
/// assert_eq!(data.inputs(), &array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]);
/// assert_eq!(data.targets(), &array![0.0, 0.0, 0.0, 1.0]);
/// ```
pub fn and_gate<F: Float>() -> Dataset<F> {
    truth_table([0.0, 0.0, 0.0, 1.0])
}

/// The truth table of logical OR: the target is `1` unless both inputs are `0`.
///
/// # Shapes
/// - inputs: `(4, 2)`, the rows `[0, 0]`, `[0, 1]`, `[1, 0]`, `[1, 1]`
/// - targets: `(4,)`, `[0, 1, 1, 1]`
///
/// ```
/// use neuron::datasets::or_gate;
/// use neuron::ndarray::array;
///
/// let data = or_gate::<f32>();
/// assert_eq!(data.targets(), &array![0.0, 1.0, 1.0, 1.0]);
/// assert_eq!(data.target_names(), ["false", "true"]);
/// ```
pub fn or_gate<F: Float>() -> Dataset<F> {
    truth_table([0.0, 1.0, 1.0, 1.0])
}

/// The four rows of a two-input truth table with these outputs.
fn truth_table<F: Float>(outputs: [f64; 4]) -> Dataset<F> {
    let inputs = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]].mapv(F::from_f64);
    let targets = Array1::from_iter(outputs.map(F::from_f64));
    Dataset {
        inputs,
        targets,
        feature_names: vec!["x0".into(), "x1".into()],
        target_names: vec!["false".into(), "true".into()],
    }
}

/// `n_samples` random pairs `[a, b]`, each uniform in `[0, 0.5)`, with the target `a + b`.
///
/// The lecture's data for a neuron that learns to add, in NumPy:
/// `X = [[random()/2 for _ in range(2)] for _ in range(n)]`, `y = [a + b for a, b in X]`.
/// The numbers are drawn as `f64` and then converted, so one seed gives the same
/// pairs in `f32` and `f64` (up to rounding); the target is summed in `F`, so it
/// is exactly `a + b` in either type. Every target lies in `[0, 1)`, the range of
/// a sigmoid neuron.
///
/// # Shapes
/// - inputs: `(n_samples, 2)`
/// - targets: `(n_samples,)`
///
/// ```
/// use neuron::datasets::sum_of_two;
/// use neuron::rand::{SeedableRng, rngs::StdRng};
///
/// let data = sum_of_two::<f64, _>(100, &mut StdRng::seed_from_u64(42));
/// assert_eq!(data.inputs().dim(), (100, 2));
/// let x = data.inputs().row(0);
/// assert_eq!(data.targets()[0], x[0] + x[1]);
/// assert!(data.inputs().iter().all(|&v| (0.0..0.5).contains(&v)));
/// ```
pub fn sum_of_two<F: Float, R: Rng + ?Sized>(n_samples: usize, rng: &mut R) -> Dataset<F> {
    let drawn = Array2::from_shape_simple_fn((n_samples, 2), || rng.random::<f64>() / 2.0);
    let inputs = drawn.mapv(F::from_f64);
    let targets = &inputs.column(0) + &inputs.column(1);
    Dataset {
        inputs,
        targets,
        feature_names: vec!["a".into(), "b".into()],
        target_names: Vec::new(),
    }
}
