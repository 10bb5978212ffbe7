//! Every mistake a caller can make is an `Err` that says what is wrong, never a panic.

use neuron::prelude::*;

#[test]
fn feature_mismatch_in_every_entry_point() {
    let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
    let too_wide = array![[0.5, 0.3, 0.2, 0.1]];
    let expected = Error::FeatureMismatch {
        found: 4,
        expected: 3,
        model: "neuron",
    };
    assert_eq!(neuron.forward(&too_wide.view()).unwrap_err(), expected);
    assert_eq!(neuron.net_input(&too_wide).unwrap_err(), expected);
    assert_eq!(neuron.activate(&too_wide.row(0)).unwrap_err(), expected);
    assert_eq!(
        neuron.net_input_one(&too_wide.row(0)).unwrap_err(),
        expected
    );
    assert_eq!(neuron.explain(&too_wide.row(0)).unwrap_err(), expected);
    assert_eq!(
        expected.to_string(),
        "input has 4 features per sample, but the neuron has 3 weights"
    );
    // Too narrow, and the empty batch of the wrong width, are caught too.
    let err = neuron.forward(&Array2::<f64>::zeros((0, 2))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "input has 2 features per sample, but the neuron has 3 weights"
    );
    // A column vector is not a sample of three features.
    let column = array![[0.5], [0.3], [0.2]];
    assert!(neuron.forward(&column).is_err());
    assert!(neuron.forward(&column.t()).is_ok());
}

#[test]
fn non_finite_weights_and_bias_are_refused_where_checked() {
    let err = Neuron::try_new(array![0.4, 0.7, f64::INFINITY]).unwrap_err();
    assert_eq!(
        err,
        Error::NonFiniteWeight {
            index: 2,
            value: f64::INFINITY
        }
    );
    assert_eq!(
        err.to_string(),
        "weight 2 is inf, but weights must be finite"
    );
    assert!(Neuron::try_new(array![f32::NAN]).is_err());
    assert!(Neuron::try_new(array![0.4_f32, 0.7]).is_ok());

    let mut neuron = Neuron::new(array![0.4, 0.7]).with_bias(0.1);
    let before = neuron.clone();
    let err = neuron.set_bias(f64::NAN).unwrap_err();
    assert_eq!(err.to_string(), "the bias is NaN, but it must be finite");
    assert!(neuron.set_weights(array![0.1, f64::NEG_INFINITY]).is_err());
    let err = neuron.set_weights(array![0.1, 0.2, 0.3]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "got 3 weights, but the neuron has 2 inputs"
    );
    assert_eq!(
        neuron, before,
        "a refused change leaves the neuron as it was"
    );
}

#[test]
fn the_error_type_is_a_good_citizen() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<Error>();
    // Works with `?` in a function returning Box<dyn Error>.
    fn run() -> std::result::Result<(), Box<dyn std::error::Error + Send + Sync>> {
        Neuron::new(array![1.0]).forward(&array![[1.0, 2.0]])?;
        Ok(())
    }
    assert!(run().is_err());
}

#[test]
fn nan_inputs_propagate_without_panicking() {
    // Plain forward is arithmetic, as NumPy's is: NaN in gives NaN out for that row only.
    let neuron = Neuron::new(array![0.4, 0.7]);
    let y = neuron
        .forward(&array![[f64::NAN, 0.0], [0.0, 0.0]])
        .unwrap();
    assert!(y[0].is_nan());
    assert_eq!(y[1], 0.5);
    // Huge inputs saturate instead of overflowing to NaN.
    let y = neuron
        .forward(&array![[f64::MAX, f64::MAX], [-f64::MAX, 0.0]])
        .unwrap();
    assert_eq!(y, array![1.0, 0.0]);
}

#[test]
fn a_non_finite_input_is_found_by_every_model_in_full_batch_and_mini_batch_training() {
    // Full-batch training learns that the inputs are finite from its first pass
    // (a NaN or ±∞ input makes the first weights' gradient non-finite); the
    // error must still name the value's row and column, for every model, loss
    // and kind of value, and leave the model as it was.
    let network = || {
        let mut rng = StdRng::seed_from_u64(3);
        let hidden = Dense::random(3, 4, Activation::Relu, Init::XavierUniform, &mut rng).unwrap();
        let output =
            Dense::random(4, 1, Activation::Sigmoid, Init::XavierUniform, &mut rng).unwrap();
        Network::from_layers(vec![hidden, output]).unwrap()
    };
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let mut x = Array2::from_shape_fn((40, 3), |(i, j)| ((i * 3 + j) % 7) as f64 / 7.0 - 0.5);
        x[(17, 2)] = bad;
        let t = Array1::from_shape_fn(40, |i| (i % 2) as f64);
        // (Compared as text: NaN ≠ NaN.)
        let expected = Error::NonFiniteInput {
            row: 17,
            column: 2,
            value: bad,
        }
        .to_string();
        for settings in [
            GradientDescent::new().epochs(3),
            GradientDescent::new().epochs(3).batch_size(8),
        ] {
            for loss in [Loss::BinaryCrossEntropy, Loss::MeanSquaredError] {
                // Zero weights: the unit whose input is ±∞ has h = ∞·0 = NaN.
                let mut zero =
                    Neuron::new(array![0.0, 0.0, 0.0]).with_activation(Activation::Sigmoid);
                let before = zero.clone();
                assert_eq!(
                    settings
                        .fit(&mut zero, &x, &t, loss)
                        .unwrap_err()
                        .to_string(),
                    expected
                );
                assert_eq!(zero, before);
                // Weights that give h = ±∞, where the sigmoid is 0 or 1 and the
                // loss can be finite: the gradient's ∞·δ term still is not.
                let mut neuron =
                    Neuron::new(array![0.3, -0.2, 0.5]).with_activation(Activation::Sigmoid);
                let before = neuron.clone();
                assert_eq!(
                    settings
                        .fit(&mut neuron, &x, &t, loss)
                        .unwrap_err()
                        .to_string(),
                    expected
                );
                assert_eq!(neuron, before);
                let mut net = network();
                let before = net.clone();
                assert_eq!(
                    settings
                        .fit(&mut net, &x, &t, loss)
                        .unwrap_err()
                        .to_string(),
                    expected
                );
                assert_eq!(net, before);
            }
        }
    }
}
