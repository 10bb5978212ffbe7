//! A layer written outside the crate, as a learner would write their own,
//! plugged into a `Network` through the `Layer` trait: trained with `fit`,
//! checked with `gradient_check`, mixed with dense layers in a `Sequential`.

use std::fmt;

use approx::assert_abs_diff_eq;
use neuron::ndarray::{ArrayD, ArrayViewD, ArrayViewMutD, Axis, array};
use neuron::prelude::*;
use neuron::{Layer, ParameterKind, Pass, Sequential};

/// Each input scaled by its own weight, plus its own bias: `hᵢ = wᵢ·xᵢ + bᵢ`.
#[derive(Debug, Clone)]
struct Scale {
    weights: Array1<f64>,
    bias: Array1<f64>,
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Scale({})", self.weights.len())
    }
}

impl Layer<f64> for Scale {
    fn name(&self) -> &'static str {
        "scale"
    }

    fn input_shape(&self) -> Option<Vec<usize>> {
        Some(vec![self.weights.len()])
    }

    fn output_shape(&self, input: &[usize]) -> neuron::Result<Vec<usize>> {
        Ok(input.to_vec())
    }

    fn activation(&self) -> Activation {
        Activation::Tanh
    }

    fn net_input(&self, x: ArrayViewD<'_, f64>) -> neuron::Result<ArrayD<f64>> {
        let w = self.weights.view().insert_axis(Axis(0)).into_dyn();
        let b = self.bias.view().insert_axis(Axis(0)).into_dyn();
        Ok(&(&x * &w) + &b)
    }

    fn backward(
        &self,
        x: ArrayViewD<'_, f64>,
        delta: ArrayViewD<'_, f64>,
        _saved: &[ArrayD<f64>],
        gradient: &mut [ArrayD<f64>],
        input_delta: Option<&mut ArrayD<f64>>,
        _pass: &Pass,
    ) -> neuron::Result<()> {
        // ∂L/∂wᵢ = Σ_samples δᵢ·xᵢ, ∂L/∂bᵢ = Σ_samples δᵢ, ∂L/∂xᵢ = δᵢ·wᵢ.
        gradient[0] = (&delta * &x).sum_axis(Axis(0));
        gradient[1] = delta.sum_axis(Axis(0));
        if let Some(input_delta) = input_delta {
            *input_delta = &delta * &self.weights.view().insert_axis(Axis(0)).into_dyn();
        }
        Ok(())
    }

    fn parameters(&self) -> Vec<(ParameterKind, ArrayViewD<'_, f64>)> {
        vec![
            (ParameterKind::Weights, self.weights.view().into_dyn()),
            (ParameterKind::Bias, self.bias.view().into_dyn()),
        ]
    }

    fn parameters_mut(&mut self) -> Vec<(ParameterKind, ArrayViewMutD<'_, f64>)> {
        vec![
            (ParameterKind::Weights, self.weights.view_mut().into_dyn()),
            (ParameterKind::Bias, self.bias.view_mut().into_dyn()),
        ]
    }
}

fn scale() -> Box<dyn Layer<f64>> {
    Box::new(Scale {
        weights: array![0.5, -1.5, 0.25],
        bias: array![0.1, 0.0, -0.2],
    })
}

fn dense(weights: Array2<f64>, activation: Activation) -> Box<dyn Layer<f64>> {
    let units = weights.ncols();
    Box::new(Dense::new(weights, Array1::from_elem(units, 0.05), activation).unwrap())
}

fn network() -> Sequential<f64> {
    Sequential::from_layers(vec![
        scale(),
        dense(
            array![[0.3, -0.2, 0.4], [0.1, 0.5, -0.3], [-0.6, 0.2, 0.1]],
            Activation::Gelu,
        ),
        dense(array![[0.7], [-0.4], [0.2]], Activation::Sigmoid),
    ])
    .unwrap()
}

/// Six samples of three features, and whether their sum is positive.
fn data() -> (Array2<f64>, Array1<f64>) {
    let x = array![
        [0.5, 0.3, 0.2],
        [-1.0, 0.4, 0.9],
        [0.0, -0.3, -0.1],
        [1.5, -0.7, 0.2],
        [0.3, 0.3, -0.8],
        [-0.2, -1.1, 0.6]
    ];
    let t = x.sum_axis(Axis(1)).mapv(|s| f64::from(u8::from(s > 0.0)));
    (x, t)
}

#[test]
fn a_custom_layer_passes_gradient_check_inside_a_network() {
    let (x, t) = data();
    let network = network();
    assert_eq!(
        network.to_string(),
        "Network(3 → 3 → 3 → 1, tanh, gelu, sigmoid)"
    );
    let check = gradient_check(&network, &x, &t, Loss::BinaryCrossEntropy).unwrap();
    // Central differences agree with backpropagation to their own error, O(ε²).
    assert!(check.max_relative_error < 1e-6, "{check:?}");
    // The custom layer's two parameters come first: 3 + 3 of the 6 + 12 + 4 values.
    assert_eq!(Trainable::parameters(&network).len(), 6);
}

#[test]
fn a_custom_layer_trains_with_fit_and_keeps_its_place() {
    let (x, t) = data();
    let mut network = network();
    let before = Trainable::parameters(&network)[0].1.to_owned();
    let history = GradientDescent::new()
        .learning_rate(0.5)
        .epochs(200)
        .fit(&mut network, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    let losses = history.loss();
    assert!(losses[losses.len() - 1] < 0.5 * losses[0], "{losses:?}");
    // The custom layer's weights moved: fit stepped them with the rest.
    let after = Trainable::parameters(&network)[0].1.to_owned();
    assert!((&after - &before).iter().any(|d| d.abs() > 1e-3));
    assert_eq!(network.predict_classes(&x).unwrap(), t.mapv(|t| t as usize));
}

#[test]
fn a_network_of_boxed_dense_layers_equals_the_plain_network_bit_for_bit() {
    let (x, t) = data();
    let w0 = array![[0.3, -0.2], [0.1, 0.5], [-0.6, 0.2]];
    let w1 = array![[0.7], [-0.4]];
    let plain = Network::from_layers(vec![
        Dense::new(w0.clone(), array![0.05, 0.05], Activation::Relu).unwrap(),
        Dense::new(w1.clone(), array![0.05], Activation::Sigmoid).unwrap(),
    ])
    .unwrap();
    let boxed = Sequential::from_layers(vec![
        dense(w0, Activation::Relu),
        dense(w1, Activation::Sigmoid),
    ])
    .unwrap();
    assert_eq!(boxed.forward(&x).unwrap(), plain.forward(&x).unwrap());
    let t = t.insert_axis(Axis(1));
    let (a, ga) = plain
        .loss_and_gradient(x.view(), t.view(), Loss::BinaryCrossEntropy)
        .unwrap();
    let (b, gb) = boxed
        .loss_and_gradient(x.view(), t.view(), Loss::BinaryCrossEntropy)
        .unwrap();
    assert_eq!(a.to_bits(), b.to_bits());
    assert_eq!(ga, gb);
}

#[test]
fn layers_that_do_not_chain_are_refused_with_their_shapes() {
    let err = Sequential::from_layers(vec![
        scale(),
        dense(array![[1.0], [1.0]], Activation::Sigmoid),
    ])
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "layer 1 has 2 inputs, but layer 0 has 3 units"
    );
    // Images into a network that reads vectors: the error names both shapes.
    let images = neuron::ndarray::Array4::<f64>::zeros((2, 1, 3, 1));
    let err = network().forward(&images).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a sample's shape and the one the network's first layer reads: shapes differ, [1, 3, 1] and [3]"
    );
}

#[test]
fn every_new_activation_backpropagates_through_its_net_input() {
    // GELU and SiLU keep H for their slope; leaky ReLU and ELU use Y.
    let (x, t) = data();
    for activation in [
        Activation::Gelu,
        Activation::Silu,
        Activation::LeakyRelu,
        Activation::Elu,
    ] {
        let network = Network::from_layers(vec![
            Dense::new(
                array![[0.3, -0.2, 0.4], [0.1, 0.5, -0.3], [-0.6, 0.2, 0.1]],
                array![0.1, -0.1, 0.07], // no net input at 0, where ReLUs have a kink
                activation,
            )
            .unwrap(),
            Dense::new(
                array![[0.7], [-0.4], [0.2]],
                array![0.0],
                Activation::Sigmoid,
            )
            .unwrap(),
        ])
        .unwrap();
        let check = gradient_check(&network, &x, &t, Loss::BinaryCrossEntropy).unwrap();
        assert!(check.max_relative_error < 1e-6, "{activation}: {check:?}");
        // A one-unit layer with the activation is its neuron, bit for bit.
        let neuron = Neuron::new(array![0.3, 0.1, -0.6])
            .with_bias(0.1)
            .with_activation(activation);
        let y = Dense::from(neuron.clone()).forward(&x).unwrap();
        assert_abs_diff_eq!(
            y.column(0).to_owned(),
            neuron.forward(&x).unwrap(),
            epsilon = 0.0
        );
    }
}

/// Images `(n, channels, height, width)` flattened to vectors `(n, c·h·w)`,
/// row-major: the layer a learner writes before convolutions exist.
#[derive(Debug, Clone)]
struct Flatten {
    sample: Vec<usize>,
}

impl fmt::Display for Flatten {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Flatten")
    }
}

impl Layer<f64> for Flatten {
    fn name(&self) -> &'static str {
        "flatten"
    }

    fn input_shape(&self) -> Option<Vec<usize>> {
        Some(self.sample.clone())
    }

    fn output_shape(&self, input: &[usize]) -> neuron::Result<Vec<usize>> {
        Ok(vec![input.iter().product()])
    }

    fn net_input(&self, x: ArrayViewD<'_, f64>) -> neuron::Result<ArrayD<f64>> {
        let n = x.shape()[0];
        let width: usize = self.sample.iter().product();
        Ok(x.to_shape((n, width)).unwrap().to_owned().into_dyn())
    }

    fn backward(
        &self,
        x: ArrayViewD<'_, f64>,
        delta: ArrayViewD<'_, f64>,
        _saved: &[ArrayD<f64>],
        _gradient: &mut [ArrayD<f64>],
        input_delta: Option<&mut ArrayD<f64>>,
        _pass: &Pass,
    ) -> neuron::Result<()> {
        if let Some(input_delta) = input_delta {
            *input_delta = delta.to_shape(x.raw_dim()).unwrap().to_owned();
        }
        Ok(())
    }
}

/// Eight 1 × 2 × 2 "images", and whether their top row is brighter.
fn images() -> (neuron::ndarray::Array4<f64>, Array1<f64>) {
    let x = neuron::ndarray::Array4::from_shape_fn((8, 1, 2, 2), |(i, _, r, c)| {
        let v = ((i * 7 + r * 3 + c * 5) % 11) as f64 / 10.0;
        if r == 0 && i % 2 == 0 { v + 0.6 } else { v }
    });
    let t = Array1::from_shape_fn(8, |i| {
        let top = x[[i, 0, 0, 0]] + x[[i, 0, 0, 1]];
        let bottom = x[[i, 0, 1, 0]] + x[[i, 0, 1, 1]];
        f64::from(u8::from(top > bottom))
    });
    (x, t)
}

fn image_network() -> Sequential<f64> {
    Sequential::from_layers(vec![
        Box::new(Flatten {
            sample: vec![1, 2, 2],
        }) as Box<dyn Layer<f64>>,
        dense(
            array![[0.3, -0.2], [0.1, 0.5], [-0.6, 0.2], [0.4, -0.1]],
            Activation::Tanh,
        ),
        dense(array![[0.7], [-0.4]], Activation::Sigmoid),
    ])
    .unwrap()
}

#[test]
fn a_network_trains_on_images_of_four_axes() {
    let (x, t) = images();
    let mut network = image_network();
    assert_eq!(
        network.to_string(),
        "Network(1×2×2 → 4 → 2 → 1, identity, tanh, sigmoid)"
    );
    assert_eq!(network.n_inputs(), 4);
    // Backpropagation through the flattening agrees with finite differences.
    let check = gradient_check(&network, &x, &t, Loss::BinaryCrossEntropy).unwrap();
    assert!(check.max_relative_error < 1e-6, "{check:?}");
    // The same network on the flattened images gives the same bits: the
    // images' row-major order is the flattened one.
    let flat = x.to_shape((8, 4)).unwrap().to_owned();
    let dense_only = Network::from_layers(vec![
        Dense::new(
            array![[0.3, -0.2], [0.1, 0.5], [-0.6, 0.2], [0.4, -0.1]],
            array![0.05, 0.05],
            Activation::Tanh,
        )
        .unwrap(),
        Dense::new(array![[0.7], [-0.4]], array![0.05], Activation::Sigmoid).unwrap(),
    ])
    .unwrap();
    assert_eq!(
        network.forward(&x).unwrap(),
        dense_only.forward(&flat).unwrap()
    );
    // fit takes the 4-axis batch, in mini-batches, with validation data.
    let mut seen = Vec::new();
    let hooks = Hooks::new().validation(&x, &t).on_epoch(|report| {
        seen.push(report.validation_loss.unwrap());
        std::ops::ControlFlow::Continue(())
    });
    let history = GradientDescent::new()
        .learning_rate(0.5)
        .epochs(300)
        .batch_size(3)
        .fit_with(&mut network, &x, &t, Loss::BinaryCrossEntropy, hooks)
        .unwrap();
    let losses = history.loss();
    assert!(losses[losses.len() - 1] < 0.5 * losses[0], "{losses:?}");
    assert_eq!(seen.len(), 300);
    assert_eq!(network.predict_classes(&x).unwrap(), t.mapv(|t| t as usize));
    // And the same run on the flattened images gives the same bits.
    let mut flat_network = dense_only.clone();
    let flat_history = GradientDescent::new()
        .learning_rate(0.5)
        .epochs(300)
        .batch_size(3)
        .fit(&mut flat_network, &flat, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    assert_eq!(flat_history.loss(), history.loss());
}

#[test]
fn images_of_the_wrong_shape_or_with_nan_are_refused_before_training() {
    let (mut x, t) = images();
    let mut network = image_network();
    let before = network.clone();
    let wrong = neuron::ndarray::Array4::<f64>::zeros((8, 1, 4, 1));
    let err = GradientDescent::new()
        .fit(&mut network, &wrong, &t, Loss::BinaryCrossEntropy)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a sample's shape and the one the network's first layer reads: shapes differ, [1, 4, 1] and [1, 2, 2]"
    );
    // NaN in image 5, row 1, column 0: value 2 of its sample in row-major order.
    x[[5, 0, 1, 0]] = f64::NAN;
    let err = GradientDescent::new()
        .batch_size(2)
        .fit(&mut network, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "input at row 5, column 2 is NaN; inputs must be finite"
    );
    assert_eq!(
        Trainable::parameters(&network),
        Trainable::parameters(&before)
    );
}
