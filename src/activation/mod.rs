//! Activation functions `f`, the second half of the neuron: `y = f(h)`.

mod apply;
mod parse;
mod softmax;

use std::f64::consts::FRAC_1_SQRT_2;
use std::fmt;

pub use self::softmax::softmax;
pub(crate) use self::softmax::{log_sum_exp, softmax_inplace};
use crate::Float;
use crate::kernels::dispatch::{MulAdd, Separate};
use crate::kernels::math;

/// `1 / √(2π)`, the standard normal density at 0.
const FRAC_1_SQRT_2PI: f64 = 0.398_942_280_401_432_7;

/// The activation function `f` that turns the net input `h` into the output `y = f(h)`.
///
/// | variant | `f(h)` | `f′(h)` | `f′` from the output `y` |
/// |---|---|---|---|
/// | `Sigmoid` (default) | `σ(h) = 1 / (1 + e⁻ʰ)` | `σ(h)·σ(−h)` | `y(1 − y)` |
/// | `Tanh` | `tanh h` | `1 − tanh² h` | `1 − y²` |
/// | `Relu` | `max(0, h)` | `1` if `h > 0`, else `0` | `1` if `y > 0`, else `0` |
/// | `Step` | `1` if `h ≥ 0`, else `0` (Heaviside) | `0` | `0` |
/// | `Identity` | `h` | `1` | `1` |
/// | `Softmax` | `eʰᵏ / Σⱼ eʰʲ` over a row of units | Jacobian `yₖ(δₖⱼ − yⱼ)` | row-wise |
/// | `Gelu` | `h·Φ(h) = h/2·(1 + erf(h/√2))` | `Φ(h) + h·φ(h)` | — (needs `h`) |
/// | `Silu` | `h·σ(h)` (swish) | `σ(h)·(1 + h·σ(−h))` | — (needs `h`) |
/// | `LeakyRelu` | `h` if `h > 0`, else `0.01·h` | `1` if `h > 0`, else `0.01` | the same, from the sign of `y` |
/// | `Elu` | `h` if `h > 0`, else `eʰ − 1` | `1` if `h > 0`, else `eʰ` | `1` if `y > 0`, else `y + 1` |
///
/// `Φ` and `φ` are the standard normal distribution and density. The last
/// four are PyTorch's defaults: `nn.GELU()` (the exact, erf-based form),
/// `nn.SiLU()`, `nn.LeakyReLU()` (slope 0.01) and `nn.ELU()` (α = 1), and
/// equal them to 1e-12 in `f64`. Their values and slopes are within
/// `ε·max(|exact|, 1)` of the exact ones in `f64` and in `f32` (`ε` the
/// format's epsilon; leaky ReLU exactly), tested against mpmath: an ulp where
/// the value is 1 or more, an absolute `ε` below, where GELU's
/// `1 + erf(h/√2)` cancels for `h ≪ 0` as PyTorch's does.
///
/// All but the softmax are *elementwise*: each output depends on its own net input
/// only, and [`apply`](Activation::apply) computes one value at a time.
/// `Softmax` is not: it turns a whole row of net inputs, one per unit of a
/// layer, into probabilities that sum to 1 (Keras's `Dense(10,
/// activation="softmax")`). It therefore lives on a layer's rows, never on one
/// number: [`Dense`](crate::Dense) applies it to each sample's row of units,
/// [`apply_inplace`](Activation::apply_inplace) to each lane along the last
/// axis, and [`softmax`] to one row. The one-value methods
/// ([`apply`](Activation::apply), [`derivative`](Activation::derivative),
/// [`derivative_from_output`](Activation::derivative_from_output)) return NaN
/// for it, so that a softmax computed one value at a time by mistake shows
/// as NaN rather than as a plausible number; a [`Neuron`](crate::Neuron) (one
/// unit) or a one-unit layer with a softmax is an error. GELU's and SiLU's
/// slopes are no function of the output (neither is one to one), so
/// [`derivative_from_output`](Activation::derivative_from_output) is NaN for
/// them too, and backpropagation keeps their net inputs
/// ([`derivative_needs_net_input`](Activation::derivative_needs_net_input)).
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
    /// The softmax over a layer's units, `yₖ = eʰᵏ / Σⱼ eʰʲ`: probabilities of
    /// `k` classes that sum to 1. Not elementwise: it needs a whole row of at
    /// least two units (see above), and is trained with
    /// [`Loss::CrossEntropy`](crate::Loss::CrossEntropy).
    Softmax,
    /// The Gaussian error linear unit `h·Φ(h)`, exact (erf-based, as
    /// PyTorch's default `nn.GELU()`).
    Gelu,
    /// The sigmoid linear unit `h·σ(h)`, also called swish.
    Silu,
    /// The leaky rectifier: `h` for `h > 0`, else `0.01·h` (PyTorch's default slope).
    #[cfg_attr(feature = "serde", serde(rename = "leaky_relu"))]
    LeakyRelu,
    /// The exponential linear unit with `α = 1`: `h` for `h > 0`, else `eʰ − 1`.
    Elu,
}

/// How an ONNX graph computes an activation from its net input `h`: what
/// [`Activation::onnx_form`] says and the exporter writes.
#[cfg(feature = "onnx")]
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum OnnxForm {
    /// Nothing: the output is `h`.
    Nothing,
    /// One operator of that name on `h`.
    Operator(&'static str),
    /// `Max(h, slope·h)`: ONNX's own `LeakyRelu` has no `double` kernel in
    /// onnxruntime before opset 16, and its `alpha` is an `f32`.
    LeakyRelu(f64),
    /// `Relu(h) + (Exp(Min(h, 0)) − 1)`: ONNX's own `Elu` has no `double`
    /// kernel in onnxruntime.
    Elu,
    /// `Softmax` over the units (axis 1).
    Softmax,
    /// `1` where `h ≥ 0`, else `0`: a comparison and a cast.
    Step,
    /// `h · Sigmoid(h)`.
    TimesSigmoid,
    /// `h · (1 + Erf(h / √2)) / 2`. (onnxruntime's CPU provider has `Erf`
    /// for `float` only, so it runs this form in `f32` models.)
    Gelu,
}

/// The slope of [`Activation::LeakyRelu`] for negative net inputs.
pub const LEAKY_RELU_SLOPE: f64 = 0.01;

impl Activation {
    /// The lecture's elementwise activations, each with a derivative that
    /// is a function of its output: sigmoid, tanh, ReLU, step and identity.
    /// [`ELEMENTWISE`](Activation::ELEMENTWISE) has every elementwise one.
    pub const ALL: [Activation; 5] = [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::Step,
        Activation::Identity,
    ];

    /// Every activation, in the order of the enum.
    pub const EVERY: [Activation; 10] = [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::Step,
        Activation::Identity,
        Activation::Softmax,
        Activation::Gelu,
        Activation::Silu,
        Activation::LeakyRelu,
        Activation::Elu,
    ];

    /// Every elementwise activation, in the order of the enum: all but
    /// [`Softmax`](Activation::Softmax), which works on whole rows.
    pub const ELEMENTWISE: [Activation; 9] = [
        Activation::Sigmoid,
        Activation::Tanh,
        Activation::Relu,
        Activation::Step,
        Activation::Identity,
        Activation::Gelu,
        Activation::Silu,
        Activation::LeakyRelu,
        Activation::Elu,
    ];

    /// `f(h)` for GELU, SiLU, leaky ReLU and ELU: the one home of their
    /// formulas, with `M` the dispatch level's multiply-add. The kernels
    /// (`kernels::block::activate`) run this for GELU, leaky ReLU and ELU,
    /// one loop per activation; SiLU's kernel computes `h·σ(h)` as written
    /// here, with the level's batch sigmoid. The others' formulas live in the
    /// kernels, which [`apply`](Activation::apply) runs; this gives NaN for
    /// them.
    ///
    /// GELU and ELU are computed by the branch-free functions of
    /// `kernels::math`, which vectorise, in the arithmetic of `F`.
    #[inline(always)]
    pub(crate) fn formula<F: Float, M: MulAdd>(self, h: F) -> F {
        let zero = F::zero();
        match self {
            // h·Φ(h) = h/2·(1 + erf(h/√2)), as PyTorch defines it.
            // (f32 in f32 arithmetic: exact conversions, F is f32 there.)
            Activation::Gelu if std::mem::size_of::<F>() == 4 => {
                F::from_f64(f64::from(math::gelu_f32::<M>(h.as_f64() as f32)))
            }
            Activation::Gelu => F::from_f64(math::gelu::<M>(h.as_f64())),
            // The kernels compute σ(h) with their level's sigmoid (the same
            // within its 2 ulp); this statement uses the portable one.
            Activation::Silu if std::mem::size_of::<F>() == 4 => {
                h * F::from_f64(f64::from(math::sigmoid_f32::<M>(h.as_f64() as f32)))
            }
            Activation::Silu => h * F::from_f64(math::sigmoid::<M>(h.as_f64())),
            Activation::LeakyRelu if h > zero => h,
            Activation::LeakyRelu => h * F::from_f64(LEAKY_RELU_SLOPE),
            // eʰ − 1 for h < 0, else h (and NaN): both computed, one chosen;
            // f32 in f32 arithmetic (exact conversions: F is f32 there).
            Activation::Elu => {
                let below = if std::mem::size_of::<F>() == 4 {
                    let below = math::expm1_nonpositive_f32::<M>(h.as_f64() as f32);
                    F::from_f64(f64::from(below))
                } else {
                    F::from_f64(math::expm1_nonpositive::<M>(h.as_f64()))
                };
                if h < zero { below } else { h }
            }
            Activation::Sigmoid
            | Activation::Tanh
            | Activation::Relu
            | Activation::Step
            | Activation::Identity
            | Activation::Softmax => F::nan(),
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
            Activation::Sigmoid => logistic(h) * logistic(-h),
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
            Activation::Softmax => F::nan(),
            Activation::Gelu => {
                // Φ(h) + h·φ(h), with φ(h) = e^(−h²/2) / √(2π).
                let half = F::from_f64(0.5);
                let cdf = half * (F::one() + math::erf(h * F::from_f64(FRAC_1_SQRT_2)));
                let pdf = (-(h * h) * half).exp() * F::from_f64(FRAC_1_SQRT_2PI);
                cdf + h * pdf
            }
            // σ(h)·(1 + h·(1 − σ(h))), with 1 − σ(h) = σ(−h) computed as such:
            // no cancellation where σ(h) is near 1.
            Activation::Silu => logistic(h) * (F::one() + h * logistic(-h)),
            Activation::LeakyRelu | Activation::Elu if h > F::zero() => F::one(),
            Activation::LeakyRelu | Activation::Elu if h.is_nan() => h,
            Activation::LeakyRelu => F::from_f64(LEAKY_RELU_SLOPE),
            Activation::Elu => h.exp(),
        }
    }

    /// `f′` computed from the output `y = f(h)` instead of the net input: `y(1 − y)`
    /// for the sigmoid, `1 − y²` for tanh.
    ///
    /// Cheaper than [`derivative`](Activation::derivative) when `y` is already known,
    /// as it is during backpropagation. NaN for GELU and SiLU, which have no
    /// such form (see [`derivative_needs_net_input`](Activation::derivative_needs_net_input)).
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
            Activation::Softmax | Activation::Gelu | Activation::Silu => F::nan(),
            // y > 0 exactly when h > 0 for both; ELU's eʰ is y + 1 below 0.
            Activation::LeakyRelu => self.derivative(y),
            Activation::Elu if y > F::zero() || y.is_nan() => self.derivative(y),
            Activation::Elu => y + F::one(),
        }
    }

    /// `f′` from the net input `h` where the activation needs it, else from
    /// the output `y = f(h)`: the form backpropagation and the squared error
    /// use.
    pub(crate) fn derivative_at<F: Float>(self, h: F, y: F) -> F {
        if self.derivative_needs_net_input() {
            self.derivative(h)
        } else {
            self.derivative_from_output(y)
        }
    }

    /// Whether backpropagation must keep the net inputs `h` to compute this
    /// activation's slope: GELU's and SiLU's are no function of the output.
    pub fn derivative_needs_net_input(self) -> bool {
        matches!(self, Activation::Gelu | Activation::Silu)
    }

    /// Whether the activation works on one value at a time: every one but
    /// [`Softmax`](Activation::Softmax).
    ///
    /// ```
    /// use neuron::Activation;
    ///
    /// assert!(Activation::Tanh.is_elementwise());
    /// assert!(!Activation::Softmax.is_elementwise());
    /// ```
    pub fn is_elementwise(self) -> bool {
        self != Activation::Softmax
    }

    /// The output at which a single output unit changes its predicted class
    /// from `0` to `1`: the middle of the activation's range, `0.5` for the
    /// sigmoid (probability ½), step, ReLU and identity, `0` for tanh.
    /// `None` for the softmax, whose class is the most probable unit.
    ///
    /// [`Neuron::predict`](crate::Neuron::predict), [`Network::predict_classes`](crate::Network::predict_classes)
    /// and the decision-boundary plots all take their threshold from here.
    ///
    /// ```
    /// use neuron::Activation;
    ///
    /// assert_eq!(Activation::Sigmoid.decision_threshold(), Some(0.5));
    /// assert_eq!(Activation::Tanh.decision_threshold(), Some(0.0));
    /// assert_eq!(Activation::Softmax.decision_threshold(), None);
    /// ```
    pub fn decision_threshold(self) -> Option<f64> {
        match self {
            Activation::Tanh => Some(0.0),
            Activation::Sigmoid
            | Activation::Relu
            | Activation::Step
            | Activation::Identity
            | Activation::Gelu
            | Activation::Silu
            | Activation::LeakyRelu
            | Activation::Elu => Some(0.5),
            Activation::Softmax => None,
        }
    }

    /// The net input at which a single output unit reaches its
    /// [`decision_threshold`](Activation::decision_threshold): where a
    /// decision boundary lies. `0` for the sigmoid, tanh and step, `0.5` for
    /// the identity and the rectifiers, and where GELU and SiLU reach `0.5`.
    #[cfg(feature = "plot")]
    pub(crate) fn decision_net_input(self) -> f64 {
        match self {
            Activation::Sigmoid | Activation::Tanh | Activation::Step | Activation::Softmax => 0.0,
            Activation::Relu | Activation::Identity | Activation::LeakyRelu | Activation::Elu => {
                0.5
            }
            // Solved with mpmath: 0.5 = h·Φ(h) and 0.5 = h·σ(h).
            Activation::Gelu => 0.710_861_047_259_748_6,
            Activation::Silu => 0.738_835_158_569_349,
        }
    }

    /// An output as a number in `[0, 1]` that is `0.5` at the decision
    /// threshold, for shading how sure a prediction is: tanh's `[−1, 1]`
    /// mapped onto it, every other output clamped to it.
    #[cfg(feature = "plot")]
    pub(crate) fn output_as_probability(self, y: f64) -> f64 {
        match self {
            Activation::Tanh => (y + 1.0) / 2.0,
            _ => y.clamp(0.0, 1.0),
        }
    }

    /// How an ONNX graph (opset 13) computes the activation from the net input.
    #[cfg(feature = "onnx")]
    pub(crate) fn onnx_form(self) -> OnnxForm {
        match self {
            Activation::Identity => OnnxForm::Nothing,
            Activation::Sigmoid => OnnxForm::Operator("Sigmoid"),
            Activation::Tanh => OnnxForm::Operator("Tanh"),
            Activation::Relu => OnnxForm::Operator("Relu"),
            Activation::LeakyRelu => OnnxForm::LeakyRelu(LEAKY_RELU_SLOPE),
            Activation::Elu => OnnxForm::Elu,
            Activation::Softmax => OnnxForm::Softmax,
            Activation::Step => OnnxForm::Step,
            Activation::Silu => OnnxForm::TimesSigmoid,
            Activation::Gelu => OnnxForm::Gelu,
        }
    }

    /// `f(h)` as a formula in plain text, as plots title it: `1 / (1 + e⁻ʰ)`.
    pub fn formula_text(self) -> &'static str {
        match self {
            Activation::Sigmoid => "1 / (1 + e⁻ʰ)",
            Activation::Tanh => "tanh(h)",
            Activation::Relu => "max(0, h)",
            Activation::Step => "1 if h ≥ 0, else 0",
            Activation::Identity => "h",
            Activation::Softmax => "eʰᵏ / Σⱼ eʰʲ",
            Activation::Gelu => "h·Φ(h)",
            Activation::Silu => "h·σ(h)",
            Activation::LeakyRelu => "max(0.01·h, h)",
            Activation::Elu => "h if h > 0, else eʰ − 1",
        }
    }

    /// `f(inner)` as the slides write it, for the HTML of a notebook: `σ(h)`,
    /// `tanh(h)`, `max(0, h)`, `step(h)`, and just `h` for the identity.
    pub(crate) fn formula_of(self, inner: &str) -> String {
        match self {
            Activation::Sigmoid => format!("σ({inner})"),
            Activation::Tanh => format!("tanh({inner})"),
            Activation::Relu => format!("max(0, {inner})"),
            Activation::Step => format!("step({inner})"),
            Activation::Identity => inner.to_owned(),
            Activation::Softmax => format!("softmax({inner})"),
            Activation::Gelu => format!("gelu({inner})"),
            Activation::Silu => format!("silu({inner})"),
            Activation::LeakyRelu => format!("leaky_relu({inner})"),
            Activation::Elu => format!("elu({inner})"),
        }
    }

    /// The activation's name in lower case, as [`Display`](fmt::Display) prints it
    /// and [`FromStr`](std::str::FromStr) reads it: `"sigmoid"`, `"tanh"`, `"relu"`, `"step"`, `"identity"`,
    /// `"softmax"`, `"gelu"`, `"silu"`, `"leaky_relu"`, `"elu"`.
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
            Activation::Softmax => "softmax",
            Activation::Gelu => "gelu",
            Activation::Silu => "silu",
            Activation::LeakyRelu => "leaky_relu",
            Activation::Elu => "elu",
        }
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
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
    // Computed by the crate's vectorisable kernel, in F's own arithmetic
    // (within 2 ulp of the correctly rounded value); the same kernel as a
    // batch, so one value and a batch agree bit for bit.
    Activation::Sigmoid.apply(h)
}

/// `σ(h)` for one value, by the portable kernel (separate multiply-adds),
/// for the slopes: within 2 ulp of the correctly rounded value, as the
/// dispatched sigmoid of [`sigmoid`] is (which may differ from it in the last
/// bit).
fn logistic<F: Float>(h: F) -> F {
    if std::mem::size_of::<F>() == 4 {
        // Exact conversions: F is f32 here.
        F::from_f64(f64::from(math::sigmoid_f32::<Separate>(h.as_f64() as f32)))
    } else {
        F::from_f64(math::sigmoid::<Separate>(h.as_f64()))
    }
}

impl Activation {
    /// Every activation's name, in the order of the enum, for messages:
    /// `"sigmoid, tanh, …"`.
    pub(crate) fn names() -> String {
        let names: Vec<&str> = Activation::EVERY.iter().map(|a| a.name()).collect();
        names.join(", ")
    }
}
