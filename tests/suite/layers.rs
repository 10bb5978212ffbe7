//! Dense layers and multilayer perceptrons: forward passes by hand, a neuron as a
//! one-unit layer, backpropagation against finite differences and PyTorch.

use approx::assert_abs_diff_eq;
use neuron::ndarray::ShapeBuilder;
use neuron::prelude::*;
use neuron::{Dense, GradientDescent, Loss, Network, Trainable, gradient_check};

fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

fn uniform(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
    Init::Uniform {
        low: -1.0,
        high: 1.0,
    }
    .weights(rows, cols, &mut rng(seed))
    .unwrap()
}

#[test]
fn a_neuron_is_a_one_unit_layer() {
    let x = uniform(11, 5, 1);
    for activation in Activation::ALL {
        let neuron: Neuron<f64> = Neuron::random(5, Init::XavierUniform, &mut rng(2))
            .unwrap()
            .with_bias(-0.3)
            .with_activation(activation);
        let layer = Dense::from(neuron.clone());
        assert_eq!((layer.n_inputs(), layer.n_units()), (5, 1));
        assert_eq!(
            layer.forward(&x).unwrap().column(0),
            neuron.forward(&x).unwrap()
        );
        assert_eq!(layer.neuron(0).unwrap(), neuron);
    }
}

#[test]
fn each_unit_of_a_layer_is_a_neuron() {
    let x = uniform(9, 4, 3);
    let layer: Dense<f64> =
        Dense::random(4, 6, Activation::Tanh, Init::XavierUniform, &mut rng(4)).unwrap();
    let y = layer.forward(&x).unwrap();
    assert_eq!(y.dim(), (9, 6));
    for j in 0..6 {
        // The layer sums each unit in the matrix kernel's order, the neuron in
        // its own: the two agree to the rounding bound of any order,
        // γ₄·(Σ|xₖwₖⱼ| + |bⱼ|) with γ₄ = 4u/(1 − 4u), through tanh (slope ≤ 1),
        // plus an ulp of rounding in each tanh.
        let neuron = layer.neuron(j).unwrap();
        let expected = neuron.forward(&x).unwrap();
        let u = f64::EPSILON / 2.0;
        let gamma = 4.0 * u / (1.0 - 4.0 * u);
        for i in 0..9 {
            let magnitude =
                (&x.row(i) * neuron.weights()).mapv(f64::abs).sum() + neuron.bias().abs();
            let bound = gamma * magnitude + 2.0 * f64::EPSILON;
            assert!(
                (y[(i, j)] - expected[i]).abs() <= bound,
                "unit {j}, row {i}: {} vs {}",
                y[(i, j)],
                expected[i]
            );
        }
    }
    for (i, row) in x.rows().into_iter().enumerate() {
        let one = layer.activate(&row).unwrap();
        for j in 0..6 {
            assert!((one[j] - y[(i, j)]).abs() <= 1e-15, "row {i} unit {j}");
        }
    }
}

#[test]
fn a_wide_layer_agrees_with_its_neurons_within_the_bound() {
    // Large enough for the matrix kernel (not the tiny-product loop), in f32
    // and f64: every unit against its neuron, within γ_d·(Σ|xₖwₖⱼ| + |bⱼ|)
    // through the sigmoid (slope ≤ 1/4) plus 2 ulp of the sigmoid itself.
    fn check<F: neuron::Float>(d: usize, units: usize, n: usize) {
        let x = uniform(n, d, 7).mapv(F::from_f64);
        let layer: Dense<F> = Dense::random(
            d,
            units,
            Activation::Sigmoid,
            Init::XavierUniform,
            &mut rng(8),
        )
        .unwrap();
        let y = layer.forward(&x).unwrap();
        let u = F::epsilon().as_f64() / 2.0;
        let gamma = d as f64 * u / (1.0 - d as f64 * u);
        for j in 0..units {
            let neuron = layer.neuron(j).unwrap();
            let expected = neuron.forward(&x).unwrap();
            for i in 0..n {
                let magnitude: f64 = x
                    .row(i)
                    .iter()
                    .zip(neuron.weights())
                    .map(|(a, b)| (a.as_f64() * b.as_f64()).abs())
                    .sum::<f64>()
                    + neuron.bias().as_f64().abs();
                let bound = gamma * magnitude + 4.0 * F::epsilon().as_f64();
                let diff = (y[(i, j)].as_f64() - expected[i].as_f64()).abs();
                assert!(
                    diff <= bound,
                    "{} d={d} unit {j} row {i}: {diff} > {bound}",
                    F::NAME
                );
            }
        }
    }
    check::<f64>(100, 32, 300);
    check::<f32>(100, 32, 300);
    check::<f64>(700, 9, 70);
    check::<f32>(33, 65, 130);
}

#[test]
fn layers_accept_every_layout() {
    let x = uniform(7, 3, 5);
    let layer: Dense<f64> =
        Dense::random(3, 4, Activation::Sigmoid, Init::XavierUniform, &mut rng(6)).unwrap();
    let expected = layer.forward(&x.view()).unwrap();
    let mut fortran = Array2::zeros((7, 3).f());
    fortran.assign(&x);
    assert_eq!(layer.forward(&fortran).unwrap(), expected);
    assert_eq!(layer.forward(&x.t().to_owned().t()).unwrap(), expected);
    let mut reversed = layer.forward(&x.slice(s![..;-1, ..])).unwrap();
    reversed.invert_axis(Axis(0));
    assert_eq!(reversed, expected);
    let mut wide = Array2::from_elem((14, 6), f64::NAN);
    wide.slice_mut(s![..;2, ..;2]).assign(&x);
    assert_eq!(
        layer.forward(&wide.slice(s![..;2, ..;2])).unwrap(),
        expected
    );
}

#[test]
fn forward_of_a_2_3_1_network_by_hand() {
    // x = [1, 2]
    // hidden (sigmoid): W₁ = [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]], b₁ = [0.1, 0.0, -0.1]
    //   h₁ = [1·0.1 + 2·0.4 + 0.1, 1·0.2 + 2·0.5 + 0, 1·0.3 + 2·0.6 − 0.1] = [1.0, 1.2, 1.4]
    //   a₁ = σ(h₁) = [0.7310585786300049, 0.7685247834990175, 0.8021838885585818]
    //        (Python: [1 / (1 + math.exp(-h)) for h in (1.0, 1.2, 1.4)])
    // output (identity): W₂ = [[1.0], [-1.0], [0.5]], b₂ = [0.2]
    //   y = 0.7310585786300049 − 0.7685247834990175 + 0.5·0.8021838885585818 + 0.2
    //     = 0.5636257394102783
    let hidden = Dense::new(
        array![[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]],
        array![0.1, 0.0, -0.1],
        Activation::Sigmoid,
    )
    .unwrap();
    let output = Dense::new(
        array![[1.0], [-1.0], [0.5]],
        array![0.2],
        Activation::Identity,
    )
    .unwrap();
    let network = Network::from_layers(vec![hidden, output]).unwrap();
    let y = network.forward(&array![[1.0, 2.0]]).unwrap();
    assert_abs_diff_eq!(y[[0, 0]], 0.5636257394102783, epsilon = 1e-15);
    assert_abs_diff_eq!(
        network.activate(&array![1.0, 2.0]).unwrap()[0],
        0.5636257394102783,
        epsilon = 1e-15
    );
    assert_eq!(network.to_string(), "Network(2 → 3 → 1, sigmoid, identity)");
}

/// A network with random weights and random nonzero biases. (With zero biases,
/// a ReLU unit fed only by dead units sits exactly on its kink, h = 0, where no
/// derivative exists and finite differences disagree with any choice of slope.)
fn random_network(sizes: &[usize], activation: Activation, seed: u64) -> Network<f64> {
    let mut rng = rng(seed);
    let layers = sizes
        .windows(2)
        .map(|pair| {
            let weights = Init::XavierUniform
                .weights(pair[0], pair[1], &mut rng)
                .unwrap();
            let bias = Init::Uniform {
                low: -0.5,
                high: 0.5,
            }
            .weights(pair[1], 1, &mut rng)
            .unwrap()
            .column(0)
            .to_owned();
            Dense::new(weights, bias, activation).unwrap()
        })
        .collect();
    Network::from_layers(layers).unwrap()
}

#[test]
fn backpropagation_matches_finite_differences() {
    let shapes: [&[usize]; 5] = [
        &[3, 1],
        &[2, 5, 1],
        &[4, 3, 2],
        &[3, 6, 4, 2],
        &[1, 2, 2, 2, 1],
    ];
    for (k, sizes) in shapes.iter().enumerate() {
        let seed = k as u64;
        let x = uniform(8, sizes[0], 100 + seed);
        let outputs = *sizes.last().unwrap();
        let t: Array2<f64> = Init::Lecture
            .weights(8, outputs, &mut rng(200 + seed))
            .unwrap();
        for activation in [
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Relu,
            Activation::Identity,
        ] {
            let network = random_network(sizes, activation, 300 + seed);
            let check = gradient_check(&network, &x, &t, Loss::MeanSquaredError).unwrap();
            assert!(
                check.max_relative_error < 1e-6,
                "{network} MSE: {:e} at {}",
                check.max_relative_error,
                check.worst_index
            );
            let n_parameters: usize = network.parameters().iter().map(|(_, p)| p.len()).sum();
            assert_eq!(check.analytic.len(), n_parameters);
        }
        // Cross-entropy needs a sigmoid output; mix a tanh hidden layer under it.
        let mut layers = random_network(sizes, Activation::Tanh, 400 + seed)
            .layers()
            .to_vec();
        let last = layers.pop().unwrap();
        layers.push(
            Dense::new(
                last.weights().clone(),
                last.bias().clone(),
                Activation::Sigmoid,
            )
            .unwrap(),
        );
        let network = Network::from_layers(layers).unwrap();
        let check = gradient_check(&network, &x, &t, Loss::BinaryCrossEntropy).unwrap();
        assert!(
            check.max_relative_error < 1e-6,
            "{network} BCE: {:e}",
            check.max_relative_error
        );
    }
}

#[test]
fn one_sgd_step_matches_pytorch() {
    // Oracle: scripts/oracles/torch_sgd_step.py (PyTorch 2.15, float64): a 3-4-2
    // network, tanh then sigmoid, MSELoss(), one torch.optim.SGD(lr=0.5) step on
    // the full batch. Our weights are (n_inputs, n_units): torch's weight transposed.
    let hidden = Dense::new(
        array![
            [0.1, -0.4, 0.7, 0.05],
            [-0.2, 0.5, 0.8, -0.15],
            [0.3, -0.6, -0.9, 0.25]
        ],
        array![0.01, -0.02, 0.03, -0.04],
        Activation::Tanh,
    )
    .unwrap();
    let output = Dense::new(
        array![[0.2, -0.6], [-0.3, 0.7], [0.4, 0.1], [-0.5, 0.3]],
        array![0.05, -0.05],
        Activation::Sigmoid,
    )
    .unwrap();
    let mut network = Network::from_layers(vec![hidden, output]).unwrap();
    let x = array![
        [0.5, 0.3, 0.2],
        [-1.0, 0.4, 0.9],
        [0.0, 0.0, 0.0],
        [1.5, -0.7, 0.2],
        [0.3, 0.3, -0.8]
    ];
    let t = array![[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [1.0, 1.0], [0.0, 0.0]];

    let (loss, _) = network
        .loss_and_gradient(x.view(), t.view(), Loss::MeanSquaredError)
        .unwrap();
    assert_abs_diff_eq!(loss, 0.21773257097596238, epsilon = 1e-15);

    let history = GradientDescent::new()
        .learning_rate(0.5)
        .epochs(1)
        .fit(&mut network, &x, &t, Loss::MeanSquaredError)
        .unwrap();
    // torch: the loss after the step
    assert_abs_diff_eq!(history.loss()[0], 0.21326684610842617, epsilon = 1e-15);

    let [hidden, output] = network.layers() else {
        panic!("two layers")
    };
    let w1 = array![
        [
            0.1068360075356141,
            -0.4150479636653283,
            0.7087024296203397,
            0.0367599884410389
        ],
        [
            -0.19540616462229313,
            0.49845793341982314,
            0.7964015676629743,
            -0.14791114387373158
        ],
        [
            0.28720961213708623,
            -0.5866945294517728,
            -0.8976253840117893,
            0.25436278588961725
        ]
    ];
    let b1 = array![
        0.007818642145037845,
        -0.01968233572638057,
        0.034063091912362835,
        -0.036922864981605866
    ];
    let w2 = array![
        [0.20653103636429987, -0.5905566763977458],
        [-0.31651040632721916, 0.6842762090024498],
        [0.40418837031959604, 0.07721066063114067],
        [-0.49530976680628774, 0.30768089542153587]
    ];
    let b2 = array![0.04511324407021765, -0.04712912484730725];
    assert_abs_diff_eq!(hidden.weights(), &w1, epsilon = 1e-12);
    assert_abs_diff_eq!(hidden.bias(), &b1, epsilon = 1e-12);
    assert_abs_diff_eq!(output.weights(), &w2, epsilon = 1e-12);
    assert_abs_diff_eq!(output.bias(), &b2, epsilon = 1e-12);
}

#[test]
fn mlp_learns_the_sum_of_two_numbers() {
    // The lecture series: a 2-5-1 sigmoid MLP, weights U[0, 1), MSE, learning rate
    // 0.1, one update per sample for 50 epochs on 1000 pairs in [0, 0.5)² with
    // target a + b; then 0.3 + 0.1 should come out near 0.4.
    let mut rng = rng(42);
    let (x, t) = neuron::datasets::sum_of_two::<f64, _>(1000, &mut rng).into_parts();
    let mut mlp =
        Network::random(&[2, 5, 1], Activation::Sigmoid, Init::Lecture, &mut rng).unwrap();
    let history = GradientDescent::new()
        .learning_rate(0.1)
        .epochs(50)
        .per_sample()
        .shuffle(false)
        .fit(&mut mlp, &x, &t, Loss::MeanSquaredError)
        .unwrap();
    assert!(history.final_loss().unwrap() < history.loss()[0]);
    let y = mlp.activate(&array![0.3, 0.1]).unwrap()[0];
    assert!((y - 0.4).abs() < 0.02, "0.3 + 0.1 = {y}");
}

#[test]
fn mlp_learns_xor() {
    // XOR is not linearly separable: one neuron cannot, a 2-4-1 network can.
    let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
    let t: Array1<f64> = array![0.0, 1.0, 1.0, 0.0];
    let mut rng = rng(1);
    let hidden = Dense::random(2, 4, Activation::Tanh, Init::XavierUniform, &mut rng).unwrap();
    let output = Dense::random(4, 1, Activation::Sigmoid, Init::XavierUniform, &mut rng).unwrap();
    let mut network = Network::from_layers(vec![hidden, output]).unwrap();
    GradientDescent::new()
        .learning_rate(1.0)
        .epochs(2000)
        .fit(&mut network, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    let y = network.forward(&x).unwrap().column(0).to_owned();
    let labels = y.mapv(|p| if p >= 0.5 { 1.0 } else { 0.0 });
    assert_eq!(labels, t, "outputs {y}");
    assert!(
        y.iter().zip(&t).all(|(p, t)| (p - t).abs() < 0.1),
        "confident: {y}"
    );
}

/// A layer keeps its weights packed between forward passes; weights written
/// through `parameters_mut` (as every trainer does) must be the ones the next
/// forward pass uses, in a layer and in a network.
#[test]
fn forward_sees_weights_written_through_parameters_mut() {
    // σ(0.5·1 + 0) before, then w ← 2, b ← −1: σ(2·1 − 1) = σ(1) = 0.7310585786300049.
    let mut layer = Dense::new(array![[0.5]], array![0.0], Activation::Sigmoid).unwrap();
    let x = array![[1.0]];
    assert_abs_diff_eq!(
        layer.forward(&x).unwrap()[[0, 0]],
        0.6224593312018546,
        epsilon = 1e-15
    );
    for (_, mut p) in layer.parameters_mut() {
        let value = if p.ndim() == 2 { 2.0 } else { -1.0 };
        p.fill(value);
    }
    assert_abs_diff_eq!(
        layer.forward(&x).unwrap()[[0, 0]],
        0.7310585786300049,
        epsilon = 1e-15
    );

    let mut network = random_network(&[3, 5, 2], Activation::Tanh, 8);
    let x = uniform(4, 3, 9);
    let before = network.forward(&x).unwrap();
    for (_, mut p) in network.parameters_mut() {
        p.mapv_inplace(|v| 0.5 * v + 0.1);
    }
    let after = network.forward(&x).unwrap();
    let rebuilt = network
        .layers()
        .iter()
        .map(|l| Dense::new(l.weights().clone(), l.bias().clone(), l.activation()).unwrap());
    let fresh = Network::from_layers(rebuilt.collect()).unwrap();
    assert_eq!(after, fresh.forward(&x).unwrap());
    assert_ne!(after, before);
}

#[test]
fn a_dense_layer_trains_through_the_same_loop() {
    // Two independent regressions in one layer: y₀ = 2x, y₁ = −x + 1.
    let x = array![[0.0], [1.0], [2.0], [3.0]];
    let t = array![[0.0, 1.0], [2.0, 0.0], [4.0, -1.0], [6.0, -2.0]];
    let mut layer =
        Dense::<f64>::random(1, 2, Activation::Identity, Init::Zeros, &mut rng(0)).unwrap();
    GradientDescent::new()
        .learning_rate(0.1)
        .epochs(2000)
        .fit(&mut layer, &x, &t, Loss::MeanSquaredError)
        .unwrap();
    assert_abs_diff_eq!(layer.weights(), &array![[2.0, -1.0]], epsilon = 1e-6);
    assert_abs_diff_eq!(layer.bias(), &array![0.0, 1.0], epsilon = 1e-6);
}

#[test]
fn shapes_that_do_not_fit_are_errors() {
    let err = Network::<f64>::from_layers(vec![]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a network needs at least one layer (got no layers)"
    );
    let a = Dense::<f64>::new(Array2::zeros((2, 3)), Array1::zeros(3), Activation::Tanh).unwrap();
    let b = Dense::<f64>::new(Array2::zeros((3, 2)), Array1::zeros(2), Activation::Tanh).unwrap();
    let c =
        Dense::<f64>::new(Array2::zeros((5, 1)), Array1::zeros(1), Activation::Sigmoid).unwrap();
    let err = Network::from_layers(vec![a.clone(), b.clone(), c]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "layer 2 has 5 inputs, but layer 1 has 2 units"
    );
    assert!(Network::<f64>::random(&[], Activation::Tanh, Init::Zeros, &mut rng(0)).is_err());
    let err =
        Dense::<f64>::new(Array2::zeros((2, 3)), Array1::zeros(4), Activation::Tanh).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the bias has 4 entries, but the weights have 3 columns (one per unit)"
    );

    let network = Network::from_layers(vec![a, b]).unwrap();
    let err = network.forward(&Array2::<f64>::zeros((1, 3))).unwrap_err();
    // The network names itself: it is not "the neuron" (issue 13).
    assert_eq!(
        err.to_string(),
        "input has 3 features per sample, but the network has 2 inputs"
    );
    let mut trainable = network.clone();
    let err = GradientDescent::new()
        .fit(
            &mut trainable,
            &Array2::zeros((4, 2)),
            &Array2::zeros((4, 3)),
            Loss::MeanSquaredError,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "targets have 3 columns, but the model has 2 outputs"
    );
    let err = GradientDescent::new()
        .fit(
            &mut trainable,
            &Array2::zeros((4, 2)),
            &Array1::zeros(4),
            Loss::MeanSquaredError,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "targets have 1 column, but the model has 2 outputs (class labels? `one_hot(&labels, 2)` gives one column per class)"
    );
    assert_eq!(trainable, network);
}

#[test]
fn backprop_on_a_batch_split_over_threads_equals_finite_differences() {
    // 600 samples: backprop cuts the batch into pieces of about 128 rows, one
    // per thread, and adds their gradients weighted by their shares.
    let x = uniform(600, 5, 21);
    let t = x.column(0).mapv(|v| (v > 0.0) as u8 as f64);
    let mut rng = rng(22);
    let network = Network::from_layers(vec![
        Dense::random(5, 8, Activation::Tanh, Init::XavierUniform, &mut rng).unwrap(),
        Dense::random(8, 1, Activation::Sigmoid, Init::XavierUniform, &mut rng).unwrap(),
    ])
    .unwrap();
    let check = gradient_check(&network, &x, &t, Loss::BinaryCrossEntropy).unwrap();
    assert!(
        check.max_relative_error < 1e-6,
        "{}",
        check.max_relative_error
    );
    // And the loss it reports is the mean over all 600 samples.
    let (value, _) = network
        .loss_and_gradient(
            x.view(),
            t.view().insert_axis(Axis(1)),
            Loss::BinaryCrossEntropy,
        )
        .unwrap();
    let whole = network
        .loss(
            x.view(),
            t.view().insert_axis(Axis(1)),
            Loss::BinaryCrossEntropy,
        )
        .unwrap();
    assert!((value - whole).abs() <= 1e-14, "{value} vs {whole}");
}

/// `predict` is a one-output network's column as a vector; a network of two
/// outputs is refused (its `forward` gives both).
#[test]
fn predict_gives_a_vector_for_one_output() {
    let mut rng = StdRng::seed_from_u64(4);
    let one: Network<f64> = Network::random_with_output(
        &[3, 5, 1],
        Activation::Relu,
        Activation::Identity,
        Init::HeNormal,
        &mut rng,
    )
    .unwrap();
    assert_eq!(one.layers()[1].activation(), Activation::Identity);
    let x = neuron::ndarray::array![[0.5, -1.0, 2.0], [1.0, 0.0, -0.5]];
    assert_eq!(one.predict(&x).unwrap(), one.forward(&x).unwrap().column(0));
    let two: Network<f64> =
        Network::random(&[3, 2], Activation::Sigmoid, Init::XavierUniform, &mut rng).unwrap();
    assert!(matches!(
        two.predict(&x),
        Err(neuron::Error::ShapeMismatch { .. })
    ));
}
