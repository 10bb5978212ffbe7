//! The lecture's neuron: one sample's computation, written as the slides write it.

use neuron::ndarray::Array1;
use neuron::{Activation, Explanation, Neuron, Result};

/// The lecture's inputs, `x = [0.5, 0.3, 0.2]`.
pub const INPUTS: [f64; 3] = [0.5, 0.3, 0.2];
/// The lecture's weights, `w = [0.4, 0.7, 0.2]`.
pub const WEIGHTS: [f64; 3] = [0.4, 0.7, 0.2];

/// The computation of a neuron with these weights and activation (no bias) on these inputs.
///
/// # Errors
/// [`neuron::Error::FeatureMismatch`] when `inputs` and `weights` differ in length;
/// [`neuron::Error::ActivationMismatch`] for the softmax, which needs a layer.
pub fn explain(
    inputs: &[f64],
    weights: &[f64],
    activation: Activation,
) -> Result<Explanation<f64>> {
    let neuron = Neuron::new(Array1::from(weights.to_vec())).with_activation(activation);
    neuron.explain(&Array1::from(inputs.to_vec()))
}

/// The two lines of the slides, numbers to 2 decimals and the sigmoid written `σ`:
/// `h = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45` and `y = σ(0.45) = 0.61`.
pub fn slide_lines(explanation: &Explanation<f64>) -> [String; 2] {
    let text = format!("{explanation:.2}");
    let (h, y) = text.split_once('\n').unwrap_or((&text, ""));
    let y = match explanation.activation() {
        Activation::Sigmoid => y.replacen("sigmoid(", "σ(", 1),
        _ => y.to_owned(),
    };
    [h.to_owned(), y]
}

/// `activation` at `points` evenly spaced net inputs from `from` to `to`, both included.
pub fn curve(activation: Activation, from: f64, to: f64, points: usize) -> Vec<f64> {
    let last = points.saturating_sub(1).max(1) as f64;
    (0..points)
        .map(|i| activation.apply(from + (to - from) * i as f64 / last))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lecture_example_reads_as_on_the_slides() {
        let steps = explain(&INPUTS, &WEIGHTS, Activation::Sigmoid).unwrap();
        // 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.2 + 0.21 + 0.04 = 0.45; σ(0.45) = 1 / (1 + e^−0.45)
        assert!((steps.net_input() - 0.45).abs() < 1e-15);
        assert!((steps.output() - 0.610639233949222).abs() < 1e-15);
        let [h, y] = slide_lines(&steps);
        assert_eq!(h, "h = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45");
        assert_eq!(y, "y = σ(0.45) = 0.61");
        let relu = explain(&[-1.0, 0.3, 0.2], &WEIGHTS, Activation::Relu).unwrap();
        assert_eq!(slide_lines(&relu)[1], "y = relu(-0.15) = 0");
        assert!(explain(&INPUTS, &WEIGHTS[..2], Activation::Sigmoid).is_err());
    }

    #[test]
    fn the_curve_is_the_activation() {
        let y = curve(Activation::Tanh, -2.0, 2.0, 5);
        assert_eq!(y.len(), 5);
        assert_eq!(y[2], 0.0);
        assert!((y[4] - 2.0_f64.tanh()).abs() < 1e-15);
    }
}
