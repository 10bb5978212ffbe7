//! Dropout and early stopping that gives back the best weights.

use neuron::prelude::*;

/// 1 → 1000 identity units with weights 1 and dropout `rate`, then one
/// identity output averaging them (weights 1/1000): with input 1 the output is
/// the mean of the dropout mask.
fn averaging_network(rate: f64) -> Network<f64> {
    Network::from_layers(vec![
        Dense::new(
            Array2::ones((1, 1000)),
            Array1::zeros(1000),
            Activation::Identity,
        )
        .unwrap()
        .with_dropout(rate)
        .unwrap(),
        Dense::new(
            Array2::from_elem((1000, 1), 1e-3),
            Array1::zeros(1),
            Activation::Identity,
        )
        .unwrap(),
    ])
    .unwrap()
}

#[test]
fn dropout_zeroes_a_fraction_of_outputs_and_scales_the_rest() {
    let network = averaging_network(0.3);
    let (x, t) = (array![[1.0]], array![[0.0]]);
    let mut rng = StdRng::seed_from_u64(11);
    let (loss, gradient) = network
        .loss_and_gradient_training(x.view(), t.view(), Loss::MeanSquaredError, &mut rng)
        .unwrap();
    // ∂L/∂W₁ⱼ = δ·aⱼ with aⱼ = mask value: 0 (dropped) or 1 / 0.7 (kept).
    let grad_w1 = &gradient[2];
    let dropped = grad_w1.iter().filter(|&&g| g == 0.0).count();
    // Binomial(1000, 0.3): mean 300, standard deviation 14.5; ±4 sd.
    assert!((242..=358).contains(&dropped), "{dropped} dropped");
    // The output is the mean of the mask, y = (1000 − dropped)/0.7/1000, and
    // the loss y²; δ = 2y, so a kept unit's gradient is 2y / 0.7.
    let y = (1000 - dropped) as f64 / 0.7 / 1000.0;
    approx::assert_relative_eq!(loss, y * y, max_relative = 1e-12);
    for &g in grad_w1.iter().filter(|&&g| g != 0.0) {
        approx::assert_relative_eq!(g, 2.0 * y / 0.7, max_relative = 1e-12);
    }
    // Outside training nothing is dropped: the output is the input (1000 terms
    // of 1e-3, summed with rounding).
    let y = network.forward(&x).unwrap()[[0, 0]];
    approx::assert_relative_eq!(y, 1.0, max_relative = 1e-13);
    let (loss, _) = network
        .loss_and_gradient(x.view(), t.view(), Loss::MeanSquaredError)
        .unwrap();
    assert_eq!(loss, y * y);
}

#[test]
fn dropout_is_seeded_by_the_training_seed() {
    let data = datasets::sum_of_two::<f64, _>(64, &mut StdRng::seed_from_u64(0));
    let mut rng = StdRng::seed_from_u64(1);
    let start = Network::from_layers(vec![
        Dense::random(2, 16, Activation::Tanh, Init::XavierUniform, &mut rng)
            .unwrap()
            .with_dropout(0.25)
            .unwrap(),
        Dense::random(16, 1, Activation::Identity, Init::XavierUniform, &mut rng).unwrap(),
    ])
    .unwrap();
    let train = |seed: u64, batch: Option<usize>| {
        let mut network = start.clone();
        let mut settings = GradientDescent::new()
            .learning_rate(0.05)
            .epochs(5)
            .seed(seed);
        if let Some(b) = batch {
            settings = settings.batch_size(b);
        }
        settings
            .fit(
                &mut network,
                data.inputs(),
                data.targets(),
                Loss::MeanSquaredError,
            )
            .unwrap();
        network
    };
    for batch in [None, Some(8)] {
        assert_eq!(train(7, batch), train(7, batch));
        assert_ne!(train(7, batch), train(8, batch));
    }
    // Without dropout the same seed gives another run: dropout changed training.
    let mut plain = start.clone();
    let without: Vec<Dense<f64>> = plain
        .layers()
        .iter()
        .map(|l| l.clone().with_dropout(0.0).unwrap())
        .collect();
    plain = Network::from_layers(without).unwrap();
    GradientDescent::new()
        .learning_rate(0.05)
        .epochs(5)
        .seed(7)
        .fit(
            &mut plain,
            data.inputs(),
            data.targets(),
            Loss::MeanSquaredError,
        )
        .unwrap();
    assert_ne!(
        plain.layers()[0].weights(),
        train(7, None).layers()[0].weights()
    );
}

#[test]
fn dropout_rates_and_places_that_cannot_work_are_errors() {
    let layer =
        Dense::<f64>::new(Array2::zeros((2, 3)), Array1::zeros(3), Activation::Tanh).unwrap();
    for rate in [-0.1, 1.0, f64::NAN] {
        let err = layer.clone().with_dropout(rate).unwrap_err();
        assert!(
            err.to_string().starts_with("dropout is ") && err.to_string().ends_with("in [0, 1)"),
            "{err}"
        );
    }
    // On the output layer, training refuses it and leaves the model as it was.
    let mut network = Network::from_layers(vec![
        layer.clone(),
        Dense::new(Array2::zeros((3, 1)), Array1::zeros(1), Activation::Sigmoid)
            .unwrap()
            .with_dropout(0.5)
            .unwrap(),
    ])
    .unwrap();
    let before = network.clone();
    let err = GradientDescent::new()
        .fit(
            &mut network,
            &array![[1.0, 2.0]],
            &array![1.0],
            Loss::BinaryCrossEntropy,
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "dropout is 0.5, but it must be 0 on the output layer (dropout thins a hidden layer's outputs)"
    );
    assert_eq!(network, before);
}

#[test]
fn early_stopping_on_validation_gives_back_the_best_weights() {
    // Training on one labelling and validating on its opposite: every step
    // that lowers the training loss raises the validation loss, so the best
    // validation loss is after epoch 1, and patience 3 stops after epoch 4.
    let x = array![[0.0, 1.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]];
    let t = array![1.0, 1.0, 1.0, 0.0];
    let opposite = t.mapv(|t| 1.0 - t);
    let start = Neuron::new(array![0.1, -0.2]);
    let mut neuron = start.clone();
    let history = GradientDescent::new()
        .learning_rate(0.5)
        .epochs(50)
        .tolerance(0.0)
        .patience(3)
        .fit_with(
            &mut neuron,
            &x,
            &t,
            Loss::BinaryCrossEntropy,
            Hooks::new().validation(&x, &opposite),
        )
        .unwrap();
    assert!(history.stopped_early());
    assert_eq!(history.epochs(), 4);
    assert_eq!(history.best_epoch(), Some(1));
    let lowest = history.validation_loss()[0];
    assert!(history.validation_loss().iter().all(|&v| v >= lowest));

    let mut one_epoch = start.clone();
    GradientDescent::new()
        .learning_rate(0.5)
        .epochs(1)
        .fit(&mut one_epoch, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    assert_eq!(neuron, one_epoch);

    // Without validation data nothing is given back.
    let mut neuron = start.clone();
    let history = GradientDescent::new()
        .learning_rate(0.5)
        .epochs(5)
        .tolerance(0.0)
        .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    assert_eq!(history.best_epoch(), None);
}
