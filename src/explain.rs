//! `Explanation`: one sample's trip through a neuron, written out as the lecture does.

use std::fmt;

use crate::{Activation, Float};

/// One term `xᵢ·wᵢ` of the net input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term<F> {
    /// The input `xᵢ`.
    pub input: F,
    /// The weight `wᵢ`.
    pub weight: F,
}

impl<F: Float> Term<F> {
    /// The product `xᵢ·wᵢ`.
    ///
    /// ```
    /// use neuron::Term;
    /// assert_eq!(Term { input: 0.5, weight: 0.4 }.product(), 0.2);
    /// ```
    pub fn product(&self) -> F {
        self.input * self.weight
    }
}

/// The computation of one sample, step by step: the terms of `h = Σ xᵢwᵢ + b`,
/// the net input `h` and the output `y = f(h)`. Made by [`Neuron::explain`](crate::Neuron::explain).
///
/// `Display` writes the two lines the lecture writes; numbers get 4 decimals
/// unless a precision is given (`{:.2}`), with trailing zeros dropped:
///
/// ```
/// use neuron::Neuron;
/// use neuron::ndarray::array;
///
/// let neuron = Neuron::new(array![0.4, 0.7, 0.2]).with_bias(-0.05);
/// let steps = neuron.explain(&array![0.5, 0.3, 0.2])?;
/// assert_eq!(
///     steps.to_string(),
///     "h = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 - 0.05 = 0.4\ny = sigmoid(0.4) = 0.5987"
/// );
/// assert_eq!(steps.terms().len(), 3);
/// assert_eq!(steps.terms()[1].product(), 0.3 * 0.7);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation<F> {
    terms: Vec<Term<F>>,
    bias: F,
    net_input: F,
    activation: Activation,
    output: F,
}

impl<F: Float> Explanation<F> {
    pub(crate) fn new(
        terms: impl IntoIterator<Item = (F, F)>,
        bias: F,
        net_input: F,
        activation: Activation,
    ) -> Self {
        Explanation {
            terms: terms
                .into_iter()
                .map(|(input, weight)| Term { input, weight })
                .collect(),
            bias,
            net_input,
            activation,
            output: activation.apply(net_input),
        }
    }

    /// The terms `xᵢ·wᵢ`, in input order.
    ///
    /// ```
    /// use neuron::{Activation, Neuron};
    /// use neuron::ndarray::array;
    ///
    /// let steps = Neuron::new(array![0.4, 0.7]).with_bias(0.1).explain(&array![0.5, 1.0])?;
    /// assert_eq!(steps.terms()[1].input, 1.0);
    /// assert_eq!(steps.terms()[1].weight, 0.7);
    /// assert_eq!(steps.bias(), 0.1);
    /// assert!((steps.net_input() - 1.0_f64).abs() < 1e-15); // 0.2 + 0.7 + 0.1
    /// assert_eq!(steps.activation(), Activation::Sigmoid);
    /// assert!((steps.output() - 0.7310585786300049).abs() < 1e-15); // σ(1)
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn terms(&self) -> &[Term<F>] {
        &self.terms
    }

    /// The bias `b`.
    pub fn bias(&self) -> F {
        self.bias
    }

    /// The net input `h = Σ xᵢwᵢ + b`, exactly as [`Neuron::net_input_one`](crate::Neuron::net_input_one) computes it.
    pub fn net_input(&self) -> F {
        self.net_input
    }

    /// The activation `f`.
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// The output `y = f(h)`, exactly as [`Neuron::activate`](crate::Neuron::activate) computes it.
    pub fn output(&self) -> F {
        self.output
    }
}

impl<F: Float> fmt::Display for Explanation<F> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let decimals = f.precision().unwrap_or(4);
        let num = |x: F| number(x, decimals);
        let factor = |x: F| {
            if x < F::zero() {
                format!("({})", num(x))
            } else {
                num(x)
            }
        };

        let mut sum: Vec<String> = self
            .terms
            .iter()
            .map(|t| format!("{}·{}", factor(t.input), factor(t.weight)))
            .collect();
        let bias_is_shown = self.bias != F::zero();
        if sum.is_empty() && !bias_is_shown {
            sum.push("0".to_owned());
        }
        write!(f, "h = {}", sum.join(" + "))?;
        if bias_is_shown {
            if self.terms.is_empty() {
                write!(f, "{}", num(self.bias))?;
            } else if self.bias < F::zero() {
                write!(f, " - {}", num(-self.bias))?;
            } else {
                write!(f, " + {}", num(self.bias))?;
            }
        }
        write!(f, " = {}", num(self.net_input))?;
        write!(
            f,
            "\ny = {}({}) = {}",
            self.activation,
            num(self.net_input),
            num(self.output)
        )
    }
}

/// `x` with `decimals` decimals, trailing zeros dropped: `0.4500` → `0.45`.
fn number<F: Float>(x: F, decimals: usize) -> String {
    let text = format!("{x:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text.as_str()
    };
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}
