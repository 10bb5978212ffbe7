//! Activations and their derivatives against values worked by hand or by Python.
//!
//! Oracle: CPython's `math` module (correctly rounded to within an ulp here), e.g.
//! `1 / (1 + math.exp(-0.45))`, `math.tanh(0.45)`, `1 - math.tanh(0.45)**2`; for the
//! sigmoid's left tail `math.exp(h)`, since σ(h) = eʰ / (1 + eʰ) rounds to eʰ there.

use approx::{assert_abs_diff_eq, assert_relative_eq};
use neuron::Activation::{self, Identity, Relu, Sigmoid, Step, Tanh};
use neuron::activation::sigmoid;

#[test]
fn sigmoid_values() {
    // Python: [1 / (1 + math.exp(-h)) for h in (0.45, -1, 2, -2)]
    assert_relative_eq!(
        Sigmoid.apply(0.45_f64),
        0.610639233949222,
        max_relative = 1e-15
    );
    assert_relative_eq!(
        Sigmoid.apply(-1.0_f64),
        0.2689414213699951,
        max_relative = 1e-15
    );
    assert_relative_eq!(
        Sigmoid.apply(2.0_f64),
        0.8807970779778823,
        max_relative = 1e-15
    );
    assert_relative_eq!(
        Sigmoid.apply(-2.0_f64),
        0.11920292202211755,
        max_relative = 1e-15
    );
    assert_eq!(Sigmoid.apply(0.0_f64), 0.5);
    assert_relative_eq!(
        Sigmoid.apply(0.45_f32),
        0.610_639_2_f32,
        max_relative = 1e-6
    );
}

#[test]
fn sigmoid_derivatives() {
    // y(1 − y) for y = σ(0.45): 0.2377589599111293; σ′(±2) = 0.1049935854035065
    assert_relative_eq!(
        Sigmoid.derivative(0.45_f64),
        0.2377589599111293,
        max_relative = 1e-14
    );
    assert_relative_eq!(
        Sigmoid.derivative(-2.0_f64),
        0.1049935854035065,
        max_relative = 1e-14
    );
    assert_relative_eq!(
        Sigmoid.derivative(2.0_f64),
        0.1049935854035065,
        max_relative = 1e-14
    );
    let y = Sigmoid.apply(0.45_f64);
    assert_relative_eq!(
        Sigmoid.derivative_from_output(y),
        0.2377589599111293,
        max_relative = 1e-14
    );
    assert_eq!(Sigmoid.derivative(0.0_f64), 0.25);
}

#[test]
fn tanh_values_and_derivatives() {
    // math.tanh(0.45) = 0.4218990052500079; 1 - math.tanh(0.45)**2 = 0.8220012293690538
    assert_relative_eq!(
        Tanh.apply(0.45_f64),
        0.4218990052500079,
        max_relative = 1e-15
    );
    assert_relative_eq!(
        Tanh.derivative(0.45_f64),
        0.8220012293690538,
        max_relative = 1e-14
    );
    assert_relative_eq!(
        Tanh.derivative_from_output(Tanh.apply(0.45_f64)),
        0.8220012293690538,
        max_relative = 1e-14
    );
    // 1 - math.tanh(2)**2 = 0.07065082485316443, same at −2 (an even function)
    assert_relative_eq!(
        Tanh.derivative(2.0_f64),
        0.07065082485316443,
        max_relative = 1e-13
    );
    assert_relative_eq!(
        Tanh.derivative(-2.0_f64),
        0.07065082485316443,
        max_relative = 1e-13
    );
    // In the tail 1 − tanh² cancels to 0, the true slope is 4e⁻⁴⁰/(1 + e⁻⁴⁰)²:
    // 4 * math.exp(-40) = 1.6993417021166355e-17
    assert_relative_eq!(
        Tanh.derivative(20.0_f64),
        1.6993417021166355e-17,
        max_relative = 1e-14
    );
    assert_eq!(Tanh.derivative(1000.0_f64), 0.0);
    assert_eq!(Tanh.apply(-1000.0_f64), -1.0);
}

#[test]
fn relu_step_identity_by_hand() {
    assert_eq!(Relu.apply(-2.0_f64), 0.0);
    assert_eq!(Relu.apply(3.5_f64), 3.5);
    assert_eq!(Relu.derivative(3.5_f64), 1.0);
    assert_eq!(Relu.derivative(-3.5_f64), 0.0);
    assert_eq!(Relu.derivative(0.0_f64), 0.0); // PyTorch's convention at the kink
    assert_eq!(Relu.derivative_from_output(3.5_f64), 1.0);
    assert_eq!(Relu.derivative_from_output(0.0_f64), 0.0);

    assert_eq!(Step.apply(0.0_f64), 1.0);
    assert_eq!(Step.apply(-1e-300_f64), 0.0);
    assert_eq!(Step.apply(7.0_f32), 1.0);
    assert_eq!(Step.derivative(0.3_f64), 0.0);
    assert_eq!(Step.derivative_from_output(1.0_f64), 0.0);

    assert_eq!(Identity.apply(-0.3_f64), -0.3);
    assert_eq!(Identity.derivative(123.0_f64), 1.0);
    assert_eq!(Identity.derivative_from_output(-4.0_f64), 1.0);
}

#[test]
fn sigmoid_tails_f64() {
    // Right tail: exactly 1, never NaN or an overflow.
    for h in [88.0, 104.0, 745.0, 1000.0, f64::MAX] {
        assert_eq!(sigmoid(h), 1.0, "σ({h})");
    }
    // Left tail: σ(h) rounds to eʰ (Python's math.exp(h)), down to the last subnormal.
    assert_relative_eq!(
        sigmoid(-88.0_f64),
        6.054601895401186e-39,
        max_relative = 1e-15
    );
    assert_relative_eq!(
        sigmoid(-104.0_f64),
        6.813556821545298e-46,
        max_relative = 1e-15
    );
    assert_eq!(sigmoid(-740.0_f64), 4.2e-322); // math.exp(-740), a subnormal
    assert_eq!(sigmoid(-745.0_f64), 5e-324); // math.exp(-745), the smallest subnormal
    // e⁻¹⁰⁰⁰ ≈ 5e−435 is below half the smallest subnormal: 0 is the correctly rounded value.
    assert_eq!(sigmoid(-1000.0_f64), 0.0);
    assert_eq!(sigmoid(f64::MIN), 0.0);
    // The naive form would have flushed long before: 1 / (1 + e⁷⁴⁰) = 1 / ∞ = 0.
    assert_eq!(1.0 / (1.0 + 740.0_f64.exp()), 0.0);
}

#[test]
fn sigmoid_tails_f32() {
    for h in [88.0_f32, 104.0, 745.0, 1000.0, f32::MAX] {
        assert_eq!(sigmoid(h), 1.0, "σ({h})");
    }
    // math.exp(-88) = 6.054601895401186e-39, a subnormal f32 (spacing 1.4e−45).
    assert_relative_eq!(sigmoid(-88.0_f32), 6.054_602e-39, max_relative = 1e-6);
    // math.exp(-100) = 3.720075976020836e-44 = 26.5 × 2⁻¹⁴⁹: rounds to 27 × 2⁻¹⁴⁹ (or 26).
    let tiny = f32::from_bits(1); // 2⁻¹⁴⁹ ≈ 1.4e−45
    let at_100 = sigmoid(-100.0_f32);
    assert!(
        at_100 == 26.0 * tiny || at_100 == 27.0 * tiny,
        "σ(−100) = {at_100:e}"
    );
    // math.exp(-103) = 1.8506e-45 rounds to the smallest subnormal; the naive form gives 0.
    assert_eq!(sigmoid(-103.0_f32), tiny);
    assert_eq!(1.0 / (1.0 + 103.0_f32.exp()), 0.0);
    // math.exp(-104) = 6.8e-46 is below half of 2⁻¹⁴⁹: 0 is correctly rounded.
    assert_eq!(sigmoid(-104.0_f32), 0.0);
    assert_eq!(sigmoid(-1000.0_f32), 0.0);
}

#[test]
fn nothing_finite_gives_nan() {
    for a in Activation::ALL {
        for h in [
            -1e308, -1000.0, -745.0, -1.0, 0.0, 1.0, 745.0, 1000.0, 1e308_f64,
        ] {
            assert!(!a.apply(h).is_nan(), "{a}({h})");
            assert!(!a.derivative(h).is_nan(), "{a}′({h})");
            assert!(
                !a.derivative_from_output(a.apply(h)).is_nan(),
                "{a}′ from y at {h}"
            );
        }
        for h in [-1e38_f32, -104.0, -88.0, 0.0, 88.0, 104.0, 1e38] {
            assert!(
                !a.apply(h).is_nan() && !a.derivative(h).is_nan(),
                "{a} at {h}"
            );
        }
        assert!(a.apply(f64::NAN).is_nan(), "NaN in, NaN out for {a}");
    }
}

#[test]
fn derivatives_match_central_differences() {
    // f′(h) ≈ (f(h + ε) − f(h − ε)) / 2ε, with error O(ε²) ≈ 1e−10 for ε = 1e−5.
    let eps = 1e-5;
    for a in [Sigmoid, Tanh, Relu, Identity] {
        for i in -40..=40 {
            let h = f64::from(i) * 0.125 + 0.0625; // never exactly on ReLU's kink
            let numeric = (a.apply(h + eps) - a.apply(h - eps)) / (2.0 * eps);
            assert_abs_diff_eq!(a.derivative(h), numeric, epsilon = 1e-9);
            assert_abs_diff_eq!(
                a.derivative_from_output(a.apply(h)),
                a.derivative(h),
                epsilon = 1e-15
            );
        }
    }
}

#[test]
fn sigmoid_is_symmetric_and_monotone() {
    let mut previous = 0.0;
    for i in -800..=800 {
        let h = f64::from(i);
        let y = sigmoid(h);
        assert!((0.0..=1.0).contains(&y));
        assert!(y >= previous, "σ decreases at {h}");
        previous = y;
        // σ(−h) = 1 − σ(h)
        assert_abs_diff_eq!(sigmoid(-h), 1.0 - y, epsilon = f64::EPSILON); // 2 ulp below 1
    }
}

#[test]
fn apply_inplace_maps_every_element() {
    let mut h = neuron::ndarray::array![[0.0_f64, 2.0], [-2.0, 0.45]];
    Sigmoid.apply_inplace(&mut h);
    assert_eq!(h[[0, 0]], 0.5);
    assert_relative_eq!(h[[0, 1]], 0.8807970779778823, max_relative = 1e-15);
    assert_relative_eq!(h[[1, 0]], 0.11920292202211755, max_relative = 1e-15);
    assert_relative_eq!(h[[1, 1]], 0.610639233949222, max_relative = 1e-15);
}

#[test]
fn names_round_trip() {
    for a in Activation::ALL {
        assert_eq!(a.to_string().parse::<Activation>().unwrap(), a);
    }
    assert_eq!("Logistic".parse::<Activation>().unwrap(), Sigmoid);
    assert_eq!(format!("{:>8}", Tanh), "    tanh");
    assert_eq!(
        "Softmax".parse::<Activation>().unwrap(),
        Activation::Softmax
    );
    let err = "swish".parse::<Activation>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown activation `swish`; expected one of sigmoid, tanh, relu, step, identity, softmax, gelu, silu, leaky_relu, elu"
    );
}
