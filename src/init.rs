//! How a neuron's first weights are drawn: `Init`, sampled with ndarray-rand from the caller's RNG.

use ndarray::Array2;
use ndarray_rand::rand_distr::{Distribution, Normal, Uniform};
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
    /// Kaiming/He uniform as PyTorch's `nn.Linear` draws its weights:
    /// `U(−a, a)` with `a = 1 / √fan_in`, which is `kaiming_uniform_(w, a=√5)`
    /// (gain `√(2 / (1 + 5))`, bound `gain·√(3 / fan_in)`). Variance
    /// `1 / (3·fan_in)`. Biases start at 0 here; `nn.Linear` draws them from
    /// the same range.
    KaimingUniform,
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
    /// - [`Error::InvalidRange`] for a `Uniform` range that is not finite, has
    ///   `low ≥ high`, or has a bound that overflows `F` (`±1e300` in `f32`);
    /// - [`Error::Allocation`] when `fan_in × fan_out` weights overflow or
    ///   cannot be allocated.
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
        let values = self.values(fan_in, fan_out, (fan_in, fan_out), rng)?;
        Array2::from_shape_vec((fan_in, fan_out), values).map_err(|_| Error::Allocation {
            what: "the weights",
            rows: fan_in,
            columns: fan_out,
            reason: "the size overflows",
        })
    }

    /// `rows × columns` weights drawn in row-major order, for a unit of
    /// `fans.0` inputs that feeds `fans.1` outputs (a dense layer's are its
    /// shape; a convolution's are `in_channels·kh·kw` and
    /// `out_channels·kh·kw`, as PyTorch counts them).
    ///
    /// # Errors
    /// As [`weights`](Init::weights).
    pub(crate) fn values<F, R>(
        self,
        rows: usize,
        columns: usize,
        (fan_in, fan_out): (usize, usize),
        rng: &mut R,
    ) -> Result<Vec<F>>
    where
        F: Float,
        R: Rng + ?Sized,
    {
        let what = "the weights";
        let mut values: Vec<F> = crate::alloc::room_for(what, rows, columns)?;
        let n = values.capacity().min(rows.saturating_mul(columns));
        // Drawn as f64 in row-major order, then rounded once to F.
        let mut draw = |distribution: &dyn Fn(&mut R) -> f64| {
            values.extend((0..n).map(|_| F::from_f64(distribution(rng))));
        };
        match self {
            Init::Zeros => draw(&|_| 0.0),
            Init::Uniform { low, high } => {
                let uniform = uniform(low, high)?;
                check_bounds_in::<F>(low, high)?;
                draw(&|rng| uniform.sample(rng))
            }
            Init::Lecture => {
                let uniform = uniform(0.0, 1.0)?;
                draw(&|rng| uniform.sample(rng))
            }
            Init::XavierUniform => {
                let limit = (6.0 / fan_in.saturating_add(fan_out).max(1) as f64).sqrt();
                let uniform = uniform(-limit, limit)?;
                draw(&|rng| uniform.sample(rng))
            }
            Init::KaimingUniform => {
                let limit = 1.0 / (fan_in.max(1) as f64).sqrt();
                let uniform = uniform(-limit, limit)?;
                draw(&|rng| uniform.sample(rng))
            }
            Init::HeNormal => {
                let std_dev = (2.0 / fan_in.max(1) as f64).sqrt();
                let normal = Normal::new(0.0, std_dev).map_err(|_| Error::InvalidInit {
                    init: "He normal",
                    reason: "has no finite standard deviation",
                })?;
                draw(&|rng| normal.sample(rng))
            }
        }
        Ok(values)
    }
}

/// Bounds that are finite in `f64` must stay finite in `F`: `Uniform { low:
/// -1e300, high: 1e300 }` would give an `f32` neuron infinite weights.
fn check_bounds_in<F: Float>(low: f64, high: f64) -> Result<()> {
    if F::from_f64(low).is_finite() && F::from_f64(high).is_finite() {
        Ok(())
    } else {
        Err(Error::InvalidRange { low, high })
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
