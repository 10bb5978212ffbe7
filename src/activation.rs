//! Activation functions `f`, the second half of the neuron: `y = f(h)`.

use std::fmt;
use std::str::FromStr;

use ndarray::{Array, Array1, ArrayBase, Axis, Data, DataMut, Dimension, Ix1};

use std::f64::consts::FRAC_1_SQRT_2;

use crate::kernels::dispatch::MulAdd;
use crate::kernels::{self, dispatch, math};
use crate::{Error, Float};

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
            Activation::Silu => h * sigmoid(h),
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

    /// Whether backpropagation must keep the net inputs `h` to compute this
    /// activation's slope: GELU's and SiLU's are no function of the output.
    pub fn derivative_needs_net_input(self) -> bool {
        matches!(self, Activation::Gelu | Activation::Silu)
    }

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
        // The one home of every elementwise formula is the kernel a batch runs
        // through (which marks the softmax, not elementwise, as NaN).
        let mut value = [h];
        kernels::activate(dispatch::detected(), self, &mut value);
        let [y] = value;
        y
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
            Activation::Silu => sigmoid(h) * (F::one() + h * sigmoid(-h)),
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

    /// A softmax needs at least two units to share probability between:
    /// the check a model of `units` units makes.
    ///
    /// # Errors
    /// [`Error::SoftmaxUnits`] for a softmax over fewer than 2 units.
    pub(crate) fn check_units(self, units: usize, model: &'static str) -> crate::Result<()> {
        if self == Activation::Softmax && units < 2 {
            Err(Error::SoftmaxUnits { model, units })
        } else {
            Ok(())
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

    /// Applies `f` to every element of `values`, in place: net inputs become outputs.
    /// The softmax is applied to every lane along the last axis instead: to
    /// each row of a `(n_samples, n_units)` batch, or to the whole of a vector.
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
    ///
    /// // Each row becomes probabilities: softmax([0, ln 3]) = [1/4, 3/4].
    /// let mut h = array![[0.0_f64, 3.0_f64.ln()], [5.0, 5.0]];
    /// Activation::Softmax.apply_inplace(&mut h);
    /// assert!((h[[0, 0]] - 0.25).abs() < 1e-15 && (h[[0, 1]] - 0.75).abs() < 1e-15);
    /// assert_eq!(h.row(1), array![0.5, 0.5]);
    /// ```
    pub fn apply_inplace<F, S, D>(self, values: &mut ArrayBase<S, D>)
    where
        F: Float,
        S: DataMut<Elem = F>,
        D: Dimension,
    {
        if self == Activation::Softmax {
            match values.ndim().checked_sub(1) {
                Some(last) => values
                    .lanes_mut(Axis(last))
                    .into_iter()
                    .for_each(|mut row| softmax_inplace(&mut row)),
                None => values.fill(F::nan()),
            }
            return;
        }
        match values.as_slice_memory_order_mut() {
            Some(slice) => kernels::activate(dispatch::detected(), self, slice),
            None => values.mapv_inplace(|h| self.apply(h)),
        }
    }

    /// Turns `∂L/∂Y`, the gradient with respect to a layer's outputs, into
    /// `∂L/∂H`, the gradient with respect to its net inputs, in place; `outputs`
    /// are `Y = f(H)`, and `net_inputs` are `H` (needed, and kept by the
    /// caller, only where [`derivative_needs_net_input`](Activation::derivative_needs_net_input)).
    /// Elementwise: `∂L/∂hᵢ = ∂L/∂yᵢ · f′(yᵢ)` (or `f′(hᵢ)`). Softmax, along
    /// the last axis: `∂L/∂hₖ = yₖ·(∂L/∂yₖ − Σⱼ ∂L/∂yⱼ·yⱼ)`, the
    /// Jacobian-vector product.
    ///
    /// # Shapes
    /// - `net_inputs`, `outputs`, `gradient`: the same shape (the caller checks).
    pub(crate) fn backward<F, D>(
        self,
        net_inputs: Option<&Array<F, D>>,
        outputs: &Array<F, D>,
        gradient: &mut Array<F, D>,
    ) where
        F: Float,
        D: Dimension,
    {
        if self == Activation::Softmax {
            let Some(last) = outputs.ndim().checked_sub(1) else {
                return;
            };
            let rows = gradient.lanes_mut(Axis(last)).into_iter();
            for (mut g, y) in rows.zip(outputs.lanes(Axis(last))) {
                let g_dot_y = g.iter().zip(&y).fold(F::zero(), |s, (&g, &y)| s + g * y);
                g.zip_mut_with(&y, |g, &y| *g = y * (*g - g_dot_y));
            }
            return;
        }
        if self.derivative_needs_net_input() {
            match net_inputs {
                Some(h) => gradient.zip_mut_with(h, |g, &h| *g *= self.derivative(h)),
                None => gradient.fill(F::nan()),
            }
            return;
        }
        // One loop per activation, the match outside it, so that each loop
        // vectorises; each computes `g·f′(y)` exactly as `derivative_from_output`.
        let (zero, one) = (F::zero(), F::one());
        match self {
            Activation::Sigmoid => gradient.zip_mut_with(outputs, |g, &y| *g *= y * (one - y)),
            Activation::Tanh => gradient.zip_mut_with(outputs, |g, &y| *g *= one - y * y),
            Activation::Identity => {}
            // f′(y): 1 for y > 0, 0 otherwise (ReLU), 0 (step); NaN for a NaN y.
            Activation::Relu => gradient.zip_mut_with(outputs, |g, &y| {
                *g *= if y > zero {
                    one
                } else if y.is_nan() {
                    y
                } else {
                    zero
                };
            }),
            Activation::Step => {
                gradient.zip_mut_with(outputs, |g, &y| *g *= if y.is_nan() { y } else { zero });
            }
            Activation::LeakyRelu
            | Activation::Elu
            | Activation::Gelu
            | Activation::Silu
            | Activation::Softmax => {
                gradient.zip_mut_with(outputs, |g, &y| *g *= self.derivative_from_output(y));
            }
        }
    }

    /// The activation's name in lower case, as [`Display`](fmt::Display) prints it
    /// and [`FromStr`] reads it: `"sigmoid"`, `"tanh"`, `"relu"`, `"step"`, `"identity"`,
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

/// The softmax of one row of net inputs: `yₖ = eʰᵏ / Σⱼ eʰʲ`, probabilities
/// that sum to 1.
///
/// Computed as `e^(hₖ − m) / Σⱼ e^(hⱼ − m)` with `m = max h`, which is the same
/// value but never overflows: the largest term is `e⁰ = 1`. NaN anywhere gives
/// NaN everywhere; an empty row gives an empty row.
///
/// # Shapes
/// - `net_inputs`: `(n_units,)`; returns `(n_units,)`
///
/// ```
/// use neuron::activation::softmax;
/// use neuron::ndarray::array;
///
/// // PyTorch: torch.softmax(torch.tensor([1., 2., 3.], dtype=torch.float64), 0)
/// let y = softmax(&array![1.0_f64, 2.0, 3.0]);
/// assert!((y[0] - 0.09003057317038046).abs() < 1e-16);
/// assert!((y[2] - 0.6652409557748219).abs() < 1e-15);
/// assert!((y.sum() - 1.0).abs() < 1e-15);
/// assert_eq!(softmax(&array![1000.0_f64, 0.0]), array![1.0, 0.0]); // no overflow
/// ```
pub fn softmax<F: Float, S: Data<Elem = F>>(net_inputs: &ArrayBase<S, Ix1>) -> Array1<F> {
    let mut y = net_inputs.to_owned();
    softmax_inplace(&mut y);
    y
}

/// [`softmax`] of one row, in place.
pub(crate) fn softmax_inplace<F: Float, S: DataMut<Elem = F>>(row: &mut ArrayBase<S, Ix1>) {
    let m = row.fold(
        F::neg_infinity(),
        |m, &h| if h > m || h.is_nan() { h } else { m },
    );
    row.mapv_inplace(|h| (h - m).exp());
    let sum = row.sum();
    row.mapv_inplace(|e| e / sum);
}

/// `ln Σⱼ eʰʲ` of one row, as `m + ln Σⱼ e^(hⱼ − m)` with `m = max h`: finite
/// for every finite row, the log-softmax's normaliser.
pub(crate) fn log_sum_exp<F: Float, S: Data<Elem = F>>(row: &ArrayBase<S, Ix1>) -> F {
    let m = row.fold(
        F::neg_infinity(),
        |m, &h| if h > m || h.is_nan() { h } else { m },
    );
    if !m.is_finite() {
        return m;
    }
    m + row.fold(F::zero(), |s, &h| s + (h - m).exp()).ln()
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl FromStr for Activation {
    type Err = Error;

    /// Reads an activation by name, ignoring case: `"sigmoid"`, `"logistic"`,
    /// `"tanh"`, `"relu"`, `"step"`, `"heaviside"`, `"identity"`, `"linear"`, `"softmax"`,
    /// `"gelu"`, `"silu"`, `"leaky_relu"`, `"elu"`.
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sigmoid" | "logistic" => Ok(Activation::Sigmoid),
            "tanh" => Ok(Activation::Tanh),
            "relu" => Ok(Activation::Relu),
            "step" | "heaviside" => Ok(Activation::Step),
            "identity" | "linear" => Ok(Activation::Identity),
            "softmax" => Ok(Activation::Softmax),
            "gelu" => Ok(Activation::Gelu),
            "silu" => Ok(Activation::Silu),
            "leaky_relu" | "leakyrelu" => Ok(Activation::LeakyRelu),
            "elu" => Ok(Activation::Elu),
            _ => Err(Error::UnknownActivation { name: s.to_owned() }),
        }
    }
}
