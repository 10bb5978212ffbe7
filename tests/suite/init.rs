//! Seeded initialisation: reproducible, in range, with the scale each scheme promises.

use approx::assert_relative_eq;
use neuron::prelude::*;

fn rng(seed: u64) -> StdRng {
    StdRng::seed_from_u64(seed)
}

#[test]
fn same_seed_same_weights() {
    for init in [
        Init::Zeros,
        Init::Uniform {
            low: -1.0,
            high: 3.0,
        },
        Init::XavierUniform,
        Init::HeNormal,
        Init::Lecture,
    ] {
        let a: Neuron<f64> = Neuron::random(8, init, &mut rng(3)).unwrap();
        let b: Neuron<f64> = Neuron::random(8, init, &mut rng(3)).unwrap();
        assert_eq!(a, b, "{init:?}");
        assert_eq!(a.bias(), 0.0);
        // f32 draws the same numbers, rounded.
        let c: Neuron<f32> = Neuron::random(8, init, &mut rng(3)).unwrap();
        assert_eq!(c.weights(), &a.weights().mapv(|w| w as f32));
    }
    let a: Neuron<f64> = Neuron::random(8, Init::Lecture, &mut rng(3)).unwrap();
    let other: Neuron<f64> = Neuron::random(8, Init::Lecture, &mut rng(4)).unwrap();
    assert_ne!(a, other);
}

#[test]
fn seeded_weights_are_stable_across_machines() {
    // StdRng (ChaCha12 in rand 0.9) is portable; these are the numbers seed 7 gives,
    // recorded from `cargo run --example random_neuron`. A change means every seeded
    // result in the docs and notebooks changes too.
    let neuron: Neuron<f64> = Neuron::random(3, Init::Lecture, &mut rng(7)).unwrap();
    assert_eq!(
        neuron.weights(),
        &array![
            0.030317360865101284,
            0.3070862833742407,
            0.14264215670077252
        ]
    );
}

#[test]
fn neuron_is_the_first_column_of_a_layer_draw() {
    let w: Array2<f64> = Init::XavierUniform.weights(5, 1, &mut rng(9)).unwrap();
    let neuron: Neuron<f64> = Neuron::random(5, Init::XavierUniform, &mut rng(9)).unwrap();
    // Xavier with fan_out = 1 in both: the same distribution, the same draws.
    assert_eq!(neuron.weights(), &w.column(0).to_owned());
}

#[test]
fn each_scheme_draws_in_its_range_and_scale() {
    let zeros: Array2<f64> = Init::Zeros.weights(4, 3, &mut rng(0)).unwrap();
    assert!(zeros.iter().all(|&w| w == 0.0));

    let lecture: Array2<f64> = Init::Lecture.weights(100, 100, &mut rng(0)).unwrap();
    assert!(lecture.iter().all(|w| (0.0..1.0).contains(w)));
    assert_relative_eq!(lecture.mean().unwrap(), 0.5, max_relative = 0.02);

    let uniform: Array2<f64> = Init::Uniform {
        low: 2.0,
        high: 4.0,
    }
    .weights(100, 100, &mut rng(0))
    .unwrap();
    assert!(uniform.iter().all(|w| (2.0..4.0).contains(w)));

    // Xavier: U(−a, a) with a = √(6 / (fan_in + fan_out)) = √(6 / 300) ≈ 0.1414,
    // whose standard deviation is a / √3 ≈ 0.08165.
    let xavier: Array2<f64> = Init::XavierUniform.weights(200, 100, &mut rng(0)).unwrap();
    let a = (6.0_f64 / 300.0).sqrt();
    assert!(xavier.iter().all(|w| w.abs() < a));
    assert_relative_eq!(xavier.std(0.0), a / 3.0_f64.sqrt(), max_relative = 0.02);

    // He: N(0, 2 / fan_in), standard deviation √(2 / 200) = 0.1.
    let he: Array2<f64> = Init::HeNormal.weights(200, 100, &mut rng(0)).unwrap();
    assert_relative_eq!(he.std(0.0), 0.1, max_relative = 0.02);
    assert!(he.mean().unwrap().abs() < 0.005);
}

#[test]
fn empty_shapes_draw_nothing_but_make_no_model() {
    for init in [Init::XavierUniform, Init::HeNormal, Init::Lecture] {
        let w: Array2<f32> = init.weights(0, 0, &mut rng(0)).unwrap();
        assert_eq!(w.dim(), (0, 0));
        // A neuron of no inputs computes nothing from them (issue 15).
        let err = Neuron::<f32>::random(0, init, &mut rng(0)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "a neuron needs at least one input and one output, but this one has 0 inputs and 1 outputs"
        );
    }
}

#[test]
fn invalid_uniform_ranges_are_refused() {
    for (low, high) in [
        (1.0, 0.0),
        (0.5, 0.5),
        (f64::NAN, 1.0),
        (0.0, f64::INFINITY),
        (f64::NEG_INFINITY, 0.0),
        (-f64::MAX, f64::MAX),
    ] {
        let result = Neuron::<f64>::random(3, Init::Uniform { low, high }, &mut rng(0));
        let err = result.unwrap_err();
        assert!(
            matches!(err, Error::InvalidRange { .. }),
            "{low}, {high}: {err}"
        );
    }
    let err = Neuron::<f64>::random(
        3,
        Init::Uniform {
            low: 1.0,
            high: 0.0,
        },
        &mut rng(0),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "uniform initialisation needs finite bounds with low < high, got low = 1, high = 0"
    );
}

#[test]
fn kaiming_uniform_draws_as_pytorch_linear_draws_its_weights() {
    // PyTorch: nn.Linear(fan_in, fan_out) calls kaiming_uniform_(w, a=math.sqrt(5)):
    // gain = sqrt(2 / (1 + 5)), bound = gain * sqrt(3 / fan_in) = 1 / sqrt(fan_in);
    // for fan_in = 64 the bound is 0.125 and the variance bound² / 3 = 1/192.
    let w: Array2<f64> = Init::KaimingUniform.weights(64, 500, &mut rng(0)).unwrap();
    assert!(w.iter().all(|x| x.abs() < 0.125));
    assert!(w.iter().any(|x| x.abs() > 0.124)); // it reaches the bound
    let variance = w.mapv(|x| x * x).mean().unwrap();
    // 32 000 draws: the variance's relative standard error is √(4/5 / 32 000) ≈ 0.5 %.
    assert!((variance * 192.0 - 1.0).abs() < 0.03, "{variance}");
    assert!(w.mean().unwrap().abs() < 0.002);
}
