//! Activation functions `f`, the second half of the neuron: `y = f(h)`.

use std::fmt;
use std::str::FromStr;

use ndarray::{ArrayBase, DataMut, Dimension};

use crate::{Error, Float};

/// The activation function `f` that turns the net input `h` into the output `y = f(h)`.
///
/// | variant | `f(h)` | `f′(h)` | `f′` from the output `y` |
/// |---|---|---|---|
/// | `Sigmoid` (default) | `σ(h) = 1 / (1 + e⁻ʰ)` | `σ(h)·σ(−h)` | `y(1 − y)` |
/// | `Tanh` | `tanh h` | `1 − tanh² h` | `1 − y²` |
/// | `Relu` | `max(0, h)` | `1` if `h > 0`, else `0` | `1` if `y > 0`, else `0` |
/// | `Step` | `1` if `h ≥ 0`, else `0` (Heaviside) | `0` | `0` |
/// | `Identity` | `h` | `1` | `1` |
///
/// [`derivative`](Activation::derivative) takes the net input `h`;
/// [`derivative_from_output`](Activation::derivative_from_output) takes the output
/// `y = f(h)`, the cheaper form when `y` is already known, as in backpropagation
/// (the lecture series writes the sigmoid's as `y(1 − y)`). Both give the same value
/// up to rounding; in the sigmoid's and tanh's far tails, where `y` has rounded to
/// exactly `0` or `±1`, only the form from `h` keeps the tiny true slope.
///
/// The derivative of `Relu` at `0` is taken as `0`, as PyTorch does; `Step` has
/// derivative `0` wherever it has one, so gradient descent cannot train it (the
/// perceptron rule does).
///
/// ```
/// use neuron::Activation;
///
/// let y = Activation::Sigmoid.apply(0.45_f64);
/// assert!((y - 0.610639233949222).abs() < 1e-15);
/// assert!((Activation::Sigmoid.derivative_from_output(y) - 0.2377589599111293).abs() < 1e-15);
/// assert_eq!(Activation::default(), Activation::Sigmoid);
/// assert_eq!("tanh".parse::<Activation>()?, Activation::Tanh);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "lowercase")
)]
#[non_exhaustive]
pub enum Activation {
    /// The logistic sigmoid `σ(h) = 1 / (1 + e⁻ʰ)`, the lecture's `f`; outputs in `[0, 1]`.
    #[default]
    Sigmoid,
    /// The hyperbolic tangent; outputs in `[−1, 1]`.
    Tanh,
    /// The rectified linear unit `max(0, h)`.
    Relu,
    /// The Heaviside step: `1` for `h ≥ 0`, else `0`; Rosenblatt's perceptron.
    Step,
    /// No activation: `y = h`, a linear neuron.
    Identity,
}

impl Activation {
    /// Every activation, in the order of the enum.
    pub const ALL: [Activation; 5] = [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::Step,
        Activation::Identity,
    ];

    /// `f(h)`: the output for net input `h`.
    ///
    /// The sigmoid is computed in the numerically stable form
    /// `1 / (1 + e⁻ʰ)` for `h ≥ 0` and `eʰ / (1 + eʰ)` for `h < 0`, so it never
    /// overflows and keeps tiny values in the left tail (`σ(−745) ≈ 5e−324` in `f64`)
    /// where the naive formula returns `0`. NaN in gives NaN out.
    ///
    /// ```
    /// use neuron::Activation;
    ///
    /// assert_eq!(Activation::Sigmoid.apply(0.0_f64), 0.5);
    /// assert!(Activation::Sigmoid.apply(-740.0_f64) > 0.0); // e⁻⁷⁴⁰ ≈ 4.2e−322
    /// assert_eq!(Activation::Relu.apply(-2.0_f32), 0.0);
    /// assert_eq!(Activation::Step.apply(0.0_f64), 1.0);
    /// ```
    pub fn apply<F: Float>(self, h: F) -> F {
        match self {
            Activation::Sigmoid => sigmoid(h),
            Activation::Tanh => crate::kernels::activate_one(Activation::Tanh, h),
            Activation::Relu => {
                // `h > 0 || h.is_nan()` keeps NaN as NaN rather than turning it into 0.
                if h > F::zero() || h.is_nan() {
                    h
                } else {
                    F::zero()
                }
            }
            Activation::Step => {
                if h >= F::zero() {
                    F::one()
                } else if h.is_nan() {
                    h
                } else {
                    F::zero()
                }
            }
            Activation::Identity => h,
        }
    }

    /// `f′(h)`: the slope of the activation at net input `h`.
    ///
    /// The sigmoid's is `σ(h)·σ(−h)` and tanh's `4e⁻²|ʰ| / (1 + e⁻²|ʰ|)²`: both
    /// equal to the textbook forms, but accurate in the tails too.
    ///
    /// ```
    /// use neuron::Activation;
    ///
    /// assert_eq!(Activation::Sigmoid.derivative(0.0_f64), 0.25);
    /// assert_eq!(Activation::Tanh.derivative(0.0_f64), 1.0);
    /// assert_eq!(Activation::Relu.derivative(3.0_f64), 1.0);
    /// ```
    pub fn derivative<F: Float>(self, h: F) -> F {
        match self {
            Activation::Sigmoid => sigmoid(h) * sigmoid(-h),
            Activation::Tanh => {
                // sech²(h) = 4e^{-2|h|} / (1 + e^{-2|h|})², which neither overflows
                // nor cancels the way 1 − tanh²(h) does for large |h|.
                let e = (-(h.abs() + h.abs())).exp();
                let four = F::from_f64(4.0);
                four * e / ((F::one() + e) * (F::one() + e))
            }
            Activation::Relu => {
                if h > F::zero() {
                    F::one()
                } else if h.is_nan() {
                    h
                } else {
                    F::zero()
                }
            }
            Activation::Step => {
                if h.is_nan() {
                    h
                } else {
                    F::zero()
                }
            }
            Activation::Identity => F::one(),
        }
    }

    /// `f′` computed from the output `y = f(h)` instead of the net input: `y(1 − y)`
    /// for the sigmoid, `1 − y²` for tanh.
    ///
    /// Cheaper than [`derivative`](Activation::derivative) when `y` is already known,
    /// as it is during backpropagation. Every activation here has such a form.
    ///
    /// ```
    /// use neuron::Activation;
    ///
    /// let h = 0.45_f64;
    /// let y = Activation::Sigmoid.apply(h);
    /// let from_output = Activation::Sigmoid.derivative_from_output(y);
    /// assert!((from_output - Activation::Sigmoid.derivative(h)).abs() < 1e-15);
    /// ```
    pub fn derivative_from_output<F: Float>(self, y: F) -> F {
        match self {
            Activation::Sigmoid => y * (F::one() - y),
            Activation::Tanh => F::one() - y * y,
            // y > 0 exactly when h > 0, and y = 0 exactly when h ≤ 0.
            Activation::Relu => self.derivative(y),
            Activation::Step => self.derivative(y),
            Activation::Identity => F::one(),
        }
    }

    /// Applies `f` to every element of `values`, in place: net inputs become outputs.
    ///
    /// # Shapes
    /// - `values`: any shape and memory layout; the shape is kept.
    ///
    /// ```
    /// use neuron::Activation;
    /// use neuron::ndarray::array;
    ///
    /// let mut h = array![-1.0_f64, 0.0, 2.0];
    /// Activation::Relu.apply_inplace(&mut h);
    /// assert_eq!(h, array![0.0, 0.0, 2.0]);
    /// ```
    pub fn apply_inplace<F, S, D>(self, values: &mut ArrayBase<S, D>)
    where
        F: Float,
        S: DataMut<Elem = F>,
        D: Dimension,
    {
        match values.as_slice_memory_order_mut() {
            Some(slice) => crate::kernels::activate(self, slice),
            None => values.mapv_inplace(|h| self.apply(h)),
        }
    }

    /// The activation's name in lower case, as [`Display`](fmt::Display) prints it
    /// and [`FromStr`] reads it: `"sigmoid"`, `"tanh"`, `"relu"`, `"step"`, `"identity"`.
    ///
    /// ```
    /// assert_eq!(neuron::Activation::Sigmoid.name(), "sigmoid");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Activation::Sigmoid => "sigmoid",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
            Activation::Step => "step",
            Activation::Identity => "identity",
        }
    }
}

/// The logistic sigmoid `σ(h) = 1 / (1 + e⁻ʰ)`, numerically stable for every `h`.
///
/// For `h ≥ 0` it is `1 / (1 + e⁻ʰ)`, where `e⁻ʰ ≤ 1` cannot overflow; for `h < 0`
/// the same value is written `eʰ / (1 + eʰ)`, which keeps `σ(h) ≈ eʰ` down to the
/// smallest subnormal instead of flushing to zero.
///
/// ```
/// use neuron::activation::sigmoid;
///
/// assert!((sigmoid(0.45_f64) - 0.610639233949222).abs() < 1e-15);
/// assert_eq!(sigmoid(1000.0_f64), 1.0);
/// assert!(sigmoid(-100.0_f32) > 0.0); // the naive form gives 0 below h ≈ −88 in f32
/// ```
pub fn sigmoid<F: Float>(h: F) -> F {
    // Computed in f64 by the crate's vectorisable kernel (within 2 ulp of the
    // correctly rounded value), then rounded once to F; the same kernel as a
    // batch, so one value and a batch agree bit for bit.
    crate::kernels::activate_one(Activation::Sigmoid, h)
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl FromStr for Activation {
    type Err = Error;

    /// Reads an activation by name, ignoring case: `"sigmoid"`, `"logistic"`,
    /// `"tanh"`, `"relu"`, `"step"`, `"heaviside"`, `"identity"`, `"linear"`.
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sigmoid" | "logistic" => Ok(Activation::Sigmoid),
            "tanh" => Ok(Activation::Tanh),
            "relu" => Ok(Activation::Relu),
            "step" | "heaviside" => Ok(Activation::Step),
            "identity" | "linear" => Ok(Activation::Identity),
            _ => Err(Error::UnknownActivation { name: s.to_owned() }),
        }
    }
}
