//! Many classes: the softmax, categorical cross-entropy, one-hot targets,
//! class predictions, and the errors around them.
//!
//! Oracle: `scripts/oracles/cross_entropy.py` (PyTorch 2.15, float64):
//! `torch.nn.CrossEntropyLoss()` with probability targets, its gradient with
//! respect to the logits, and `torch.softmax`.

use approx::assert_abs_diff_eq;
use neuron::activation::softmax;
use neuron::prelude::*;
use neuron::reference;

/// Case (a) of the oracle: logits and one-hot targets.
fn case_a() -> (Array2<f64>, Array2<f64>) {
    (
        array![[1.0, 2.0, 3.0], [0.5, -0.5, 0.0]],
        array![[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]],
    )
}

#[test]
fn softmax_matches_pytorch() {
    // torch.softmax(Z, dim=1) for the oracle's logits (a) and (c).
    let (z, _) = case_a();
    let expected = array![
        [0.09003057317038045, 0.2447284710547976, 0.6652409557748218],
        [0.506480391055654, 0.1863237232258476, 0.3071958857184984]
    ];
    for (row, want) in z.rows().into_iter().zip(expected.rows()) {
        assert_abs_diff_eq!(softmax(&row), want, epsilon = 1e-16);
    }
    let extreme = array![[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]];
    let want = array![
        [1.0, 0.0, 0.0],
        [0.0, 0.7310585786300049, 0.26894142136999516]
    ];
    let mut y = extreme.clone();
    Activation::Softmax.apply_inplace(&mut y);
    assert_abs_diff_eq!(y, want, epsilon = 1e-16);
    assert_abs_diff_eq!(reference::softmax_rows(&extreme), want, epsilon = 1e-16);
    // f32 gives the same probabilities to f32 precision, and rows sum to 1.
    let y32 = softmax(&array![1.0_f32, 2.0, 3.0]);
    assert_abs_diff_eq!(y32[2], 0.665_240_96, epsilon = 1e-7);
    assert_abs_diff_eq!(y32.sum(), 1.0, epsilon = 1e-6);
}

#[test]
fn the_softmax_is_never_computed_one_value_at_a_time() {
    // The one-value methods have no softmax to give: NaN, not a plausible number.
    assert!(Activation::Softmax.apply(0.3_f64).is_nan());
    assert!(Activation::Softmax.derivative(0.3_f64).is_nan());
    assert!(Activation::Softmax.derivative_from_output(0.3_f64).is_nan());
    assert!(!Activation::Softmax.is_elementwise());
    assert!(Activation::ALL.iter().all(|a| a.is_elementwise()));
    // A neuron is one unit: its softmax is an error wherever it would compute.
    let neuron = Neuron::new(array![0.4, 0.7]).with_activation(Activation::Softmax);
    let x = array![[0.5, 0.3]];
    let expected = Error::SoftmaxUnits {
        model: "neuron",
        units: 1,
    };
    assert_eq!(neuron.forward(&x).unwrap_err(), expected);
    assert_eq!(neuron.activate(&x.row(0)).unwrap_err(), expected);
    assert_eq!(neuron.predict(&x).unwrap_err(), expected);
    assert_eq!(neuron.explain(&x.row(0)).unwrap_err(), expected);
    assert_eq!(
        expected.to_string(),
        "a softmax shares probability between the units of a layer and needs at least 2, but the neuron has 1"
    );
    let mut trainable = neuron.clone();
    let err = GradientDescent::new()
        .fit(&mut trainable, &x, &array![[1.0]], Loss::CrossEntropy)
        .unwrap_err();
    assert_eq!(err, expected);
    // A one-unit softmax layer, built directly or from a neuron.
    let err = Dense::new(array![[1.0]], array![0.0], Activation::Softmax).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a softmax shares probability between the units of a layer and needs at least 2, but the layer has 1"
    );
    let layer = Dense::from(neuron);
    assert!(matches!(
        layer.forward(&x).unwrap_err(),
        Error::SoftmaxUnits { units: 1, .. }
    ));
}

#[test]
fn cross_entropy_and_its_gradient_match_pytorch() {
    let loss = Loss::CrossEntropy;
    let softmax_out = Activation::Softmax;
    // (a) one-hot: CrossEntropyLoss = 0.5439378175430575.
    let (z, t) = case_a();
    let value: f64 = loss.value_from_net_input(&z, &t, softmax_out).unwrap();
    assert_abs_diff_eq!(value, 0.5439378175430575, epsilon = 1e-15);
    let delta = loss.delta(&z, &t, softmax_out).unwrap();
    let torch_grad = array![
        [
            0.04501528658519022,
            0.12236423552739882,
            -0.1673795221125891
        ],
        [-0.246759804472173, 0.09316186161292378, 0.1535979428592492]
    ];
    assert_abs_diff_eq!(delta, torch_grad, epsilon = 1e-16);
    // The same loss from the probabilities: −Σ t ln y, averaged over samples.
    let p = reference::softmax_rows(&z);
    assert_abs_diff_eq!(
        loss.value(&p, &t).unwrap(),
        0.5439378175430575,
        epsilon = 1e-15
    );

    // (b) smoothed targets 0.1/3 and 0.9 + 0.1/3: 0.6189378175430575.
    let (off, on) = (0.1 / 3.0, 0.9 + 0.1 / 3.0);
    let smooth = array![[off, off, on], [on, off, off]];
    let value: f64 = loss.value_from_net_input(&z, &smooth, softmax_out).unwrap();
    assert_abs_diff_eq!(value, 0.6189378175430575, epsilon = 1e-15);
    let delta = loss.delta(&z, &smooth, softmax_out).unwrap();
    let torch_grad = array![
        [
            0.02834861991852355,
            0.10569756886073216,
            -0.13404618877925578
        ],
        [
            -0.21342647113883967,
            0.07649519494625712,
            0.13693127619258252
        ]
    ];
    assert_abs_diff_eq!(delta, torch_grad, epsilon = 1e-16);

    // (c) logits of ±1 000: finite, (2001 + ln(1 + e⁻¹)) / 2 = 1000.6566308437591.
    let z = array![[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]];
    let t = array![[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
    let value: f64 = loss.value_from_net_input(&z, &t, softmax_out).unwrap();
    assert_abs_diff_eq!(value, 1000.6566308437591, epsilon = 1e-12);
    let delta = loss.delta(&z, &t, softmax_out).unwrap();
    let torch_grad = array![
        [0.5, -0.5, 0.0],
        [0.0, 0.36552928931500245, -0.36552928931500245]
    ];
    assert_abs_diff_eq!(delta, torch_grad, epsilon = 1e-16);
    // f32 stays finite there too.
    let z32 = z.mapv(|v| v as f32);
    let t32 = t.mapv(|v| v as f32);
    let value32: f32 = loss.value_from_net_input(&z32, &t32, softmax_out).unwrap();
    assert_abs_diff_eq!(value32, 1000.66_f32, epsilon = 1e-2);
}

#[test]
fn one_hot_and_its_errors() {
    let t: Array2<f64> = one_hot(&array![1.0, 0.0, 2.0, 1.0], 3).unwrap();
    assert_eq!(
        t,
        array![
            [0.0, 1.0, 0.0],
            [1.0, 0.0, 0.0],
            [0.0, 0.0, 1.0],
            [0.0, 1.0, 0.0]
        ]
    );
    assert_eq!(one_hot(&Array1::<f32>::zeros(0), 4).unwrap().dim(), (0, 4));
    for (labels, index, value) in [
        (array![0.0, -1.0], 1, -1.0),
        (array![0.5, 1.0], 0, 0.5),
        (array![1.0, 3.0], 1, 3.0),
    ] {
        assert_eq!(
            one_hot(&labels, 3).unwrap_err(),
            Error::InvalidLabel {
                index,
                value,
                n_classes: 3
            }
        );
    }
    let err = one_hot(&array![0.0, f64::NAN], 3).unwrap_err();
    assert_eq!(
        err.to_string(),
        "label at index 1 is NaN, but class labels must be whole numbers from 0 to 3 (exclusive)"
    );
}

/// A 4-5-3 network with a tanh hidden layer and a softmax output.
fn softmax_network(seed: u64) -> Network<f64> {
    let mut rng = StdRng::seed_from_u64(seed);
    Network::from_layers(vec![
        Dense::random(4, 5, Activation::Tanh, Init::XavierUniform, &mut rng).unwrap(),
        Dense::random(5, 3, Activation::Softmax, Init::XavierUniform, &mut rng).unwrap(),
    ])
    .unwrap()
}

fn three_class_data() -> (Array2<f64>, Array2<f64>) {
    let x = array![
        [0.5, 0.3, 0.2, -0.1],
        [-1.0, 0.4, 0.9, 0.3],
        [1.5, -0.7, 0.2, 0.0],
        [0.3, 0.3, -0.8, 1.2],
        [-0.2, 1.1, 0.6, -0.5],
        [0.9, 0.1, -0.4, 0.7]
    ];
    let t = one_hot(&array![2.0, 0.0, 1.0, 1.0, 0.0, 2.0], 3).unwrap();
    (x, t)
}

#[test]
fn backpropagation_through_softmax_equals_finite_differences() {
    let (x, t) = three_class_data();
    let network = softmax_network(5);
    let check = gradient_check(&network, &x, &t, Loss::CrossEntropy).unwrap();
    assert!(check.max_relative_error < 1e-7, "{check:?}");
    // Smoothed targets.
    let smooth = t.mapv(|t| 0.9 * t + 0.1 / 3.0);
    let check = gradient_check(&network, &x, &smooth, Loss::CrossEntropy).unwrap();
    assert!(check.max_relative_error < 1e-7, "{check:?}");
    // A softmax in a hidden layer: its Jacobian-vector product.
    let mut rng = StdRng::seed_from_u64(9);
    let hidden_softmax = Network::from_layers(vec![
        Dense::random(4, 3, Activation::Softmax, Init::XavierUniform, &mut rng).unwrap(),
        Dense::random(3, 2, Activation::Identity, Init::XavierUniform, &mut rng).unwrap(),
    ])
    .unwrap();
    let targets = x.slice(s![.., ..2]).to_owned();
    let check = gradient_check(&hidden_softmax, &x, &targets, Loss::MeanSquaredError).unwrap();
    assert!(check.max_relative_error < 1e-7, "{check:?}");
}

#[test]
fn a_softmax_layer_is_its_reference_and_rows_are_probabilities() {
    let network = softmax_network(2);
    let (x, _) = three_class_data();
    let p = network.predict_proba(&x).unwrap();
    let hidden = &network.layers()[0];
    let out = &network.layers()[1];
    let a = reference::layer_forward(&x, hidden.weights(), hidden.bias(), Activation::Tanh);
    let want = reference::layer_forward(&a, out.weights(), out.bias(), Activation::Softmax);
    assert_abs_diff_eq!(p, want, epsilon = 1e-14);
    for row in p.rows() {
        assert_abs_diff_eq!(row.sum(), 1.0, epsilon = 1e-15);
    }
    // Classes are the most probable units.
    let classes = network.predict_classes(&x).unwrap();
    for (row, class) in p.rows().into_iter().zip(&classes) {
        let best = row.iter().cloned().fold(f64::MIN, f64::max);
        assert_eq!(row[*class], best);
    }
    // One sigmoid output: its threshold, 0.5.
    let single = Network::from_layers(vec![
        Dense::new(
            array![[1.0], [0.0], [0.0], [0.0]],
            array![0.0],
            Activation::Sigmoid,
        )
        .unwrap(),
    ])
    .unwrap();
    assert_eq!(
        single.predict_classes(&x).unwrap(),
        array![1, 0, 1, 1, 0, 1]
    );
    // Outputs that are not probabilities.
    let tanh = Network::from_layers(vec![
        Dense::new(array![[1.0, 2.0]], array![0.0, 0.0], Activation::Tanh).unwrap(),
    ])
    .unwrap();
    assert_eq!(
        tanh.predict_proba(&array![[1.0]]).unwrap_err().to_string(),
        "predict_proba needs a softmax output, but the model's output activation is tanh"
    );
}

#[test]
fn wrong_losses_and_targets_are_errors_that_name_the_numbers() {
    let (x, t) = three_class_data();
    let start = softmax_network(1);
    let fit = |targets: &Array2<f64>, loss: Loss| {
        let mut network = start.clone();
        let err = GradientDescent::new()
            .fit(&mut network, &x, targets, loss)
            .unwrap_err();
        assert_eq!(network, start, "changed despite {err}");
        err.to_string()
    };
    assert_eq!(
        fit(&t, Loss::MeanSquaredError),
        "a softmax output is trained with cross-entropy, not with mean squared error"
    );
    assert_eq!(
        fit(&t, Loss::BinaryCrossEntropy),
        "binary cross-entropy needs a sigmoid output, but the model's output activation is softmax"
    );
    assert_eq!(
        fit(&t.slice(s![.., ..2]).to_owned(), Loss::CrossEntropy),
        "targets have 2 columns, but the model has 3 outputs"
    );
    let mut doubled = t.clone();
    doubled[[3, 0]] = 1.0;
    assert_eq!(
        fit(&doubled, Loss::CrossEntropy),
        "target row 3 sums to 2, but a row of class probabilities must sum to 1"
    );
    let mut negative = t.clone();
    negative[[1, 1]] = -0.5;
    negative[[1, 0]] = 1.5;
    assert_eq!(
        fit(&negative, Loss::CrossEntropy),
        "target at row 1, column 0 is 1.5, outside [0, 1] as cross-entropy requires"
    );
    // Cross-entropy without a softmax output.
    let mut rng = StdRng::seed_from_u64(0);
    let mut sigmoid =
        Network::random(&[4, 3], Activation::Sigmoid, Init::XavierUniform, &mut rng).unwrap();
    let err = GradientDescent::new()
        .fit(&mut sigmoid, &x, &t, Loss::CrossEntropy)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cross-entropy needs a softmax output, but the model's output activation is sigmoid"
    );
    // Labels given where rows of probabilities are needed.
    let labels = array![2.0, 0.0, 1.0, 1.0, 0.0, 2.0];
    let mut network = start.clone();
    let err = GradientDescent::new()
        .fit(&mut network, &x, &labels, Loss::CrossEntropy)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "targets have 1 column, but the model has 3 outputs (class labels? `one_hot(&labels, 3)` gives one column per class)"
    );
}

#[test]
fn a_softmax_network_learns_three_classes() {
    // Three well-separated blobs: full training accuracy with Adam.
    let mut rng = StdRng::seed_from_u64(4);
    let centres = [[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]];
    let n = 60;
    let mut x = Array2::zeros((n, 2));
    let mut labels = Array1::zeros(n);
    for i in 0..n {
        let class = i % 3;
        for j in 0..2 {
            x[[i, j]] = centres[class][j] + rng.random_range(-0.5..0.5);
        }
        labels[i] = class as f64;
    }
    let t = one_hot(&labels, 3).unwrap();
    let mut network = Network::from_layers(vec![
        Dense::random(2, 8, Activation::Relu, Init::HeNormal, &mut rng).unwrap(),
        Dense::random(8, 3, Activation::Softmax, Init::XavierUniform, &mut rng).unwrap(),
    ])
    .unwrap();
    let history = GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(0.05)
        .epochs(100)
        .batch_size(16)
        .fit(&mut network, &x, &t, Loss::CrossEntropy)
        .unwrap();
    assert!(history.final_loss().unwrap() < 0.05, "{history}");
    let predicted = network.predict_classes(&x).unwrap();
    let expected: Array1<usize> = labels.mapv(|l| l as usize);
    assert_eq!(predicted, expected);
}
