//! How a neuron's first weights are drawn: `Init`, sampled with ndarray-rand from the caller's RNG.

use ndarray::{Array, Array2, Ix2};
use ndarray_rand::RandomExt;
use ndarray_rand::rand_distr::{Normal, Uniform};
use rand::Rng;

use crate::{Error, Float, Result};

/// A scheme for drawing initial weights.
///
/// Weights are drawn from the caller's random number generator, so the same seed
/// gives the same weights on every machine. They are sampled as `f64` and then
/// rounded to the neuron's float type, so an `f32` and an `f64` neuron made from
/// the same seed start from the same weights (up to that rounding). Biases always
/// start at `0`.
///
/// In the formulas, `fan_in` is the number of inputs of a neuron and `fan_out`
/// the number of neurons in its layer (`1` for a lone neuron).
///
/// ```
/// use neuron::{Init, Neuron};
/// use neuron::rand::{SeedableRng, rngs::StdRng};
///
/// let mut rng = StdRng::seed_from_u64(42);
/// let neuron: Neuron<f64> = Neuron::random(3, Init::Lecture, &mut rng)?;
/// assert!(neuron.weights().iter().all(|&w| (0.0..1.0).contains(&w)));
///
/// let mut again = StdRng::seed_from_u64(42);
/// assert_eq!(Neuron::<f64>::random(3, Init::Lecture, &mut again)?, neuron);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Init {
    /// Every weight `0`.
    Zeros,
    /// Uniform in `[low, high)`.
    Uniform {
        /// Inclusive lower bound.
        low: f64,
        /// Exclusive upper bound.
        high: f64,
    },
    /// Xavier/Glorot uniform: `U(−a, a)` with `a = √(6 / (fan_in + fan_out))`,
    /// for sigmoid and tanh units (Glorot & Bengio, 2010).
    #[default]
    XavierUniform,
    /// He/Kaiming normal: `N(0, σ²)` with `σ = √(2 / fan_in)`, for ReLU units
    /// (He et al., 2015).
    HeNormal,
    /// The lecture series' own: `U[0, 1)`, like NumPy's `np.random.rand`, and no bias.
    Lecture,
}

impl Init {
    /// Draws a `(fan_in, fan_out)` weight matrix: one column of `fan_in` weights per neuron.
    ///
    /// Entries are drawn row by row, so a lone neuron (`fan_out = 1`) gets the same
    /// weights as the first column of a one-unit layer drawn from the same seed.
    ///
    /// # Shapes
    /// - returns: `(fan_in, fan_out)`
    ///
    /// # Errors
    /// [`Error::InvalidRange`] for a `Uniform` range that is not finite or has `low ≥ high`.
    ///
    /// ```
    /// use neuron::Init;
    /// use neuron::rand::{SeedableRng, rngs::StdRng};
    ///
    /// let w = Init::XavierUniform.weights::<f64, _>(4, 2, &mut StdRng::seed_from_u64(0))?;
    /// assert_eq!(w.dim(), (4, 2));
    /// assert!(w.iter().all(|x| x.abs() < 1.0)); // a = √(6 / 6) = 1
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn weights<F, R>(self, fan_in: usize, fan_out: usize, rng: &mut R) -> Result<Array2<F>>
    where
        F: Float,
        R: Rng + ?Sized,
    {
        let shape = (fan_in, fan_out);
        let drawn: Array<f64, Ix2> = match self {
            Init::Zeros => Array2::zeros(shape),
            Init::Uniform { low, high } => Array::random_using(shape, uniform(low, high)?, rng),
            Init::Lecture => Array::random_using(shape, uniform(0.0, 1.0)?, rng),
            Init::XavierUniform => {
                let limit = (6.0 / (fan_in + fan_out).max(1) as f64).sqrt();
                Array::random_using(shape, uniform(-limit, limit)?, rng)
            }
            Init::HeNormal => {
                let std_dev = (2.0 / fan_in.max(1) as f64).sqrt();
                let normal = Normal::new(0.0, std_dev).map_err(|_| Error::InvalidInit {
                    init: "He normal",
                    reason: "has no finite standard deviation",
                })?;
                Array::random_using(shape, normal, rng)
            }
        };
        Ok(drawn.mapv(F::from_f64))
    }
}

fn uniform(low: f64, high: f64) -> Result<Uniform<f64>> {
    if !(low.is_finite() && high.is_finite() && low < high) {
        return Err(Error::InvalidRange { low, high });
    }
    // `Uniform::new` fails only for the cases refused above (and for a range whose
    // width overflows, such as [−f64::MAX, f64::MAX]): report either as a bad range.
    Uniform::new(low, high).map_err(|_| Error::InvalidRange { low, high })
}
