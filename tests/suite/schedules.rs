//! Learning-rate schedules against PyTorch's `torch.optim.lr_scheduler`
//! (oracle: scripts/oracles/torch_schedules.py → tests/fixtures/torch_schedules.txt),
//! and the settings each refuses.

use neuron::prelude::*;
use neuron::{Error, Schedule};

/// The fixture's rates of `case`, epoch by epoch.
fn rates(case: &str) -> Vec<f64> {
    let text = include_str!("../fixtures/torch_schedules.txt");
    let rates: Vec<f64> = text
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            (fields.next()? == case).then_some(())?;
            let _epoch = fields.next()?;
            fields.next()?.parse().ok()
        })
        .collect();
    assert!(
        rates.len() >= 17,
        "{case}: {} rates in the fixture",
        rates.len()
    );
    rates
}

fn check(case: &str, schedule: Schedule) {
    let expected = rates(case);
    let epochs = expected.len();
    schedule.check_run(0.1, epochs).unwrap();
    for (e, &torch) in expected.iter().enumerate() {
        let ours = schedule.learning_rate(0.1, e, epochs);
        let error = (ours - torch).abs() / torch.abs().max(1e-300);
        assert!(
            error <= 1e-12,
            "{case} epoch {e}: {ours} against PyTorch's {torch}"
        );
    }
}

#[test]
fn schedules_equal_pytorch() {
    check("step", Schedule::step_decay(3, 0.5));
    check("cosine", Schedule::cosine(0.001));
    check("exponential", Schedule::exponential(0.9));
    check("inverse_time", Schedule::inverse_time(0.5));
    check("warm_up", Schedule::warm_up(5, 0.1));
    check("one_cycle", Schedule::one_cycle(0.3, 25.0, 1e4));
    check(
        "one_cycle_linear",
        Schedule::OneCycle {
            pct_start: 0.25,
            div_factor: 10.0,
            final_div_factor: 100.0,
            linear: true,
        },
    );
}

fn refused(schedule: Schedule, epochs: usize) -> (&'static str, f64) {
    let settings = GradientDescent::new().epochs(epochs).schedule(schedule);
    let mut network = Network::<f64>::random(
        &[2, 1],
        Activation::Sigmoid,
        Init::XavierUniform,
        &mut StdRng::seed_from_u64(1),
    )
    .unwrap();
    let x = neuron::ndarray::array![[0.0, 1.0], [1.0, 0.0]];
    let t = neuron::ndarray::array![[1.0], [0.0]];
    let before = network.clone();
    match settings.fit(&mut network, &x, &t, Loss::BinaryCrossEntropy) {
        Err(Error::InvalidSetting { name, value, .. }) => {
            assert_eq!(network, before, "a refused run leaves the model as it was");
            (name, value)
        }
        other => panic!("{schedule}: expected InvalidSetting, got {other:?}"),
    }
}

#[test]
fn schedules_refuse_settings_that_give_no_rate() {
    assert_eq!(refused(Schedule::exponential(-0.5), 5), ("gamma", -0.5));
    assert_eq!(
        refused(Schedule::exponential(f64::INFINITY), 5),
        ("gamma", f64::INFINITY)
    );
    assert_eq!(refused(Schedule::inverse_time(-1.0), 5), ("rate", -1.0));
    assert_eq!(refused(Schedule::warm_up(0, 0.1), 5), ("epochs", 0.0));
    assert_eq!(refused(Schedule::warm_up(3, 0.0), 5), ("start_factor", 0.0));
    assert_eq!(
        refused(Schedule::one_cycle(1.0, 25.0, 1e4), 5),
        ("pct_start", 1.0)
    );
    assert_eq!(
        refused(Schedule::one_cycle(0.3, 0.0, 1e4), 5),
        ("div_factor", 0.0)
    );
    assert_eq!(
        refused(Schedule::one_cycle(0.3, 25.0, -1.0), 5),
        ("final_div_factor", -1.0)
    );
    // A peak on the first epoch (0.5 · 2 = 1) divides 0 by 0, as PyTorch does.
    let (name, value) = refused(Schedule::one_cycle(0.5, 25.0, 1e4), 2);
    assert_eq!(name, "schedule");
    assert!(value.is_nan());
    // A "decay" that overflows: 1e307 · 10^e is ∞ in the third epoch.
    let settings = GradientDescent::new()
        .learning_rate(1e307)
        .epochs(3)
        .schedule(Schedule::exponential(10.0));
    let mut network = Network::<f64>::random(
        &[2, 1],
        Activation::Sigmoid,
        Init::XavierUniform,
        &mut StdRng::seed_from_u64(1),
    )
    .unwrap();
    let x = neuron::ndarray::array![[0.0, 1.0]];
    let t = neuron::ndarray::array![[1.0]];
    match settings.fit(&mut network, &x, &t, Loss::BinaryCrossEntropy) {
        Err(Error::InvalidSetting {
            name: "schedule",
            value,
            ..
        }) => assert_eq!(value, f64::INFINITY),
        other => panic!("expected the schedule refused, got {other:?}"),
    }
}

#[test]
fn fit_trains_each_epoch_at_the_schedules_rate() {
    // One weight, MSE, identity output, full batch: each epoch's step is
    // w ← w − η_e · 2(w·x − t)·x, so the weights after each epoch follow the
    // rates; compared with the same loop written out by hand.
    let x = neuron::ndarray::array![[1.0]];
    let t = neuron::ndarray::array![[2.0]];
    let schedule = Schedule::one_cycle(0.4, 5.0, 10.0);
    let epochs = 6;
    let mut network = Network::from_layers(vec![
        Dense::new(
            neuron::ndarray::array![[0.5]],
            neuron::ndarray::array![0.0],
            Activation::Identity,
        )
        .unwrap(),
    ])
    .unwrap();
    GradientDescent::new()
        .learning_rate(0.1)
        .epochs(epochs)
        .schedule(schedule)
        .fit(&mut network, &x, &t, Loss::MeanSquaredError)
        .unwrap();
    let (mut w, mut b) = (0.5, 0.0);
    for e in 0..epochs {
        let rate = schedule.learning_rate(0.1, e, epochs);
        let g = 2.0 * (w * 1.0 + b - 2.0);
        (w, b) = (w - rate * g * 1.0, b - rate * g);
    }
    let layer = &network.layers()[0];
    assert!(
        (layer.weights()[[0, 0]] - w).abs() < 1e-15,
        "{} against {w}",
        layer.weights()[[0, 0]]
    );
    assert!((layer.bias()[0] - b).abs() < 1e-15);
}
