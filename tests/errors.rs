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
