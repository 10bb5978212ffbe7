//! `Trainer`: training that goes on where it stopped. 5 + 5 epochs equal 10
//! in one call, bit for bit, for every optimiser and schedule, with
//! shuffling and dropout on; a failed epoch leaves model and trainer as they
//! were; reduce-on-plateau follows PyTorch's `ReduceLROnPlateau` (oracle:
//! scripts/oracles/torch_plateau.py → tests/fixtures/torch_plateau.txt).

use neuron::prelude::*;
use neuron::{Error, Scheduler};

/// A 2-8-3 network with dropout on its hidden layer, and 30 samples of three
/// classes in the plane (a seeded spiral-like pattern).
fn problem() -> (Network<f64>, Array2<f64>, Array2<f64>) {
    let mut rng = StdRng::seed_from_u64(7);
    let hidden = Dense::random(2, 8, Activation::Tanh, Init::XavierUniform, &mut rng)
        .unwrap()
        .with_dropout(0.25)
        .unwrap();
    let output = Dense::random(8, 3, Activation::Softmax, Init::XavierUniform, &mut rng).unwrap();
    let network = Network::from_layers(vec![hidden, output]).unwrap();
    let x = Array2::from_shape_fn((30, 2), |(i, j)| {
        let angle = i as f64 * 0.7;
        let radius = 0.2 + i as f64 / 30.0;
        if j == 0 {
            radius * angle.cos()
        } else {
            radius * angle.sin()
        }
    });
    let labels = Array1::from_shape_fn(30, |i| (i % 3) as f64);
    let t = one_hot(&labels, 3).unwrap();
    (network, x, t)
}

fn optimizers() -> Vec<Optimizer> {
    vec![
        Optimizer::sgd(),
        Optimizer::momentum(0.9),
        Optimizer::nesterov(0.9),
        Optimizer::adam(),
        Optimizer::adamw(0.01),
        Optimizer::rmsprop()
            .centered(true)
            .with_momentum(0.5)
            .optimizer(),
        Optimizer::adagrad().lr_decay(0.01),
    ]
}

fn schedules() -> Vec<Schedule> {
    vec![
        Schedule::Constant,
        Schedule::step_decay(3, 0.5),
        Schedule::cosine(0.001),
        Schedule::exponential(0.9),
        Schedule::inverse_time(0.5),
        Schedule::warm_up(4, 0.1),
        Schedule::one_cycle(0.3, 25.0, 1e4),
        Schedule::OneCycle {
            pct_start: 0.25,
            div_factor: 10.0,
            final_div_factor: 100.0,
            linear: true,
        },
        Schedule::reduce_on_plateau(0.5, 1),
    ]
}

#[test]
fn five_and_five_epochs_are_ten_bit_for_bit_for_every_optimiser_and_schedule() {
    let (start, x, t) = problem();
    for optimizer in optimizers() {
        for schedule in schedules() {
            let settings = GradientDescent::new()
                .optimizer(optimizer.clone())
                .schedule(schedule)
                .learning_rate(0.05)
                .batch_size(7)
                .epochs(10)
                .seed(3)
                .l2(1e-3)
                .metrics(&[Metric::Accuracy]);
            assert!(settings.shuffle);
            let case = format!("{optimizer} with {schedule}");

            let mut once = start.clone();
            let history = settings.fit(&mut once, &x, &t, Loss::CrossEntropy).unwrap();
            assert_ne!(once, start, "{case}: training changed nothing");

            let mut twice = start.clone();
            let mut trainer = settings.trainer();
            let first = trainer
                .fit_epochs(&mut twice, &x, &t, Loss::CrossEntropy, 5)
                .unwrap();
            let second = trainer
                .fit_epochs(&mut twice, &x, &t, Loss::CrossEntropy, 5)
                .unwrap();
            assert_eq!(twice, once, "{case}: 5 + 5 epochs against 10");
            assert_eq!(trainer.history(), &history, "{case}");
            assert_eq!((first.epochs(), second.epochs()), (5, 5));
            assert_eq!(first.loss(), &history.loss()[..5]);
            assert_eq!(second.loss(), &history.loss()[5..]);
            assert_eq!(second.learning_rate(), &history.learning_rate()[5..]);
            assert_eq!(trainer.epochs_done(), 10);

            // Cut elsewhere, and into three pieces: the same.
            let mut thrice = start.clone();
            let mut trainer = settings.trainer();
            for epochs in [1, 6, 3] {
                trainer
                    .fit_epochs(&mut thrice, &x, &t, Loss::CrossEntropy, epochs)
                    .unwrap();
            }
            assert_eq!(thrice, once, "{case}: 1 + 6 + 3 epochs against 10");
        }
    }
}

#[test]
fn a_fresh_fit_is_not_a_continuation() {
    // GradientDescent::fit starts afresh each time; only a Trainer goes on.
    let (start, x, t) = problem();
    let settings = GradientDescent::new()
        .optimizer(Optimizer::adam())
        .batch_size(10)
        .epochs(5);
    let mut fresh = start.clone();
    settings
        .fit(&mut fresh, &x, &t, Loss::CrossEntropy)
        .unwrap();
    settings
        .fit(&mut fresh, &x, &t, Loss::CrossEntropy)
        .unwrap();
    let mut continued = start.clone();
    let mut trainer = settings.trainer();
    trainer
        .fit(&mut continued, &x, &t, Loss::CrossEntropy)
        .unwrap();
    trainer
        .fit(&mut continued, &x, &t, Loss::CrossEntropy)
        .unwrap();
    let mut ten = start.clone();
    settings
        .clone()
        .epochs(10)
        .fit(&mut ten, &x, &t, Loss::CrossEntropy)
        .unwrap();
    assert_eq!(continued, ten);
    assert_ne!(fresh, ten);
}

#[test]
fn full_batch_training_goes_on_bit_for_bit_too() {
    // Full batch without dropout reuses each epoch's pass for the next step:
    // a new call makes that pass again, with the same bits.
    let mut rng = StdRng::seed_from_u64(1);
    let start = Network::random(
        &[2, 5, 3],
        Activation::Softmax,
        Init::XavierUniform,
        &mut rng,
    )
    .unwrap();
    let (_, x, t) = problem();
    let settings = GradientDescent::new()
        .optimizer(Optimizer::nesterov(0.9))
        .schedule(Schedule::cosine(0.0))
        .epochs(8);
    let mut once = start.clone();
    settings.fit(&mut once, &x, &t, Loss::CrossEntropy).unwrap();
    let mut twice = start;
    let mut trainer = settings.trainer();
    trainer
        .fit_epochs(&mut twice, &x, &t, Loss::CrossEntropy, 3)
        .unwrap();
    trainer
        .fit_epochs(&mut twice, &x, &t, Loss::CrossEntropy, 5)
        .unwrap();
    assert_eq!(twice, once);
}

#[test]
fn past_its_epochs_a_cosine_stays_at_its_last_rate() {
    let (mut network, x, t) = problem();
    let mut trainer = GradientDescent::new()
        .schedule(Schedule::cosine(0.01))
        .learning_rate(0.1)
        .epochs(4)
        .trainer();
    trainer
        .fit(&mut network, &x, &t, Loss::CrossEntropy)
        .unwrap();
    let more = trainer
        .fit_epochs(&mut network, &x, &t, Loss::CrossEntropy, 3)
        .unwrap();
    // Epoch e of E = 4 trains at 0.01 + 0.09·(1 + cos(π·e/4))/2; e ≥ 4 at 0.01.
    assert_eq!(more.learning_rate(), &[0.01, 0.01, 0.01]);
    let all = trainer.history().learning_rate();
    assert_eq!(all.len(), 7);
    assert!((all[2] - (0.01 + 0.09 * 0.5)).abs() < 1e-15);
}

#[test]
fn a_schedule_that_leaves_the_finite_numbers_is_refused_by_name() {
    // γ = 1e100 from 0.1: 1e99, 1e199, then ∞ in epoch 3 (counted from 0).
    let (mut network, x, t) = problem();
    let mut trainer = GradientDescent::new()
        .schedule(Schedule::exponential(1e100))
        .learning_rate(0.1)
        .epochs(1)
        .trainer();
    trainer
        .fit_epochs(&mut network, &x, &t, Loss::CrossEntropy, 1)
        .unwrap();
    // Epochs 1, 2 and 3 (from 0) train at 1e99, 1e199 and 1e299 (the
    // cross-entropy of a softmax grows only linearly: still finite); epoch 4's
    // rate is ∞, refused before it steps.
    let err = trainer
        .fit_epochs(&mut network, &x, &t, Loss::CrossEntropy, 4)
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidSetting { name: "schedule", value, .. } if value == f64::INFINITY),
        "{err}"
    );
    assert_eq!(trainer.epochs_done(), 4);
    // 0.1·1e100 rounds to 1.0000000000000001e99 in f64.
    assert_eq!(
        trainer.history().learning_rate()[1..],
        [0.1 * 1e100, 1e199, 1e299]
    );
    let before = network.clone();

    // Refused before any step: a schedule whose rate is ∞ within the run.
    let err = GradientDescent::new()
        .schedule(Schedule::exponential(1e200))
        .learning_rate(0.1)
        .epochs(3)
        .fit(&mut network, &x, &t, Loss::CrossEntropy)
        .unwrap_err();
    assert!(
        matches!(err, Error::InvalidSetting { name: "schedule", value, .. } if value.is_infinite()),
        "{err}"
    );
    assert_eq!(network, before);
}

#[test]
fn a_trainer_needs_at_least_one_epoch() {
    let (mut network, x, t) = problem();
    let err = GradientDescent::new()
        .trainer()
        .fit_epochs(&mut network, &x, &t, Loss::CrossEntropy, 0)
        .unwrap_err();
    assert_eq!(err.to_string(), "epochs is 0, but it must be at least 1");
}

#[test]
fn a_diverging_epoch_leaves_the_trainer_at_the_last_good_one() {
    // A learning rate of 5 with MSE on an identity neuron overshoots by a
    // growing factor each epoch until the loss is ∞; the trainer keeps what it had before that epoch,
    // so that going on with a smaller rate is possible.
    let x = array![[1.0, 2.0], [2.0, 1.0], [3.0, 3.0]];
    let t = array![1.0, 2.0, 3.0];
    let mut neuron = Neuron::new(array![0.1, 0.1]).with_activation(Activation::Identity);
    let mut trainer = GradientDescent::new()
        .learning_rate(5.0)
        .epochs(1000)
        .trainer();
    let err = trainer
        .fit(&mut neuron, &x, &t, Loss::MeanSquaredError)
        .unwrap_err();
    let Error::Diverged { epoch, .. } = err else {
        panic!("{err}")
    };
    assert_eq!(trainer.epochs_done(), epoch - 1);
    assert_eq!(trainer.history().epochs(), epoch - 1);
    assert!(neuron.weights().iter().all(|w: &f64| w.is_finite()));
}

/// The fixture's `(loss, rate)` pairs of `case`, epoch by epoch.
fn plateau_case(case: &str) -> Vec<(f64, f64)> {
    let text = include_str!("../fixtures/torch_plateau.txt");
    let rows: Vec<(f64, f64)> = text
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            (fields.first() == Some(&case)).then_some(())?;
            Some((fields.get(2)?.parse().ok()?, fields.get(3)?.parse().ok()?))
        })
        .collect();
    assert_eq!(rows.len(), 42, "{case}");
    rows
}

#[test]
fn reduce_on_plateau_equals_pytorch() {
    let plateau =
        |factor, patience, threshold, cooldown, min_learning_rate| Schedule::ReduceOnPlateau {
            factor,
            patience,
            threshold,
            cooldown,
            min_learning_rate,
        };
    let cases = [
        ("defaults", Schedule::reduce_on_plateau(0.1, 10)),
        ("halve", Schedule::reduce_on_plateau(0.5, 2)),
        ("cooldown", plateau(0.5, 1, 1e-4, 2, 0.0)),
        ("floor", plateau(0.3, 0, 1e-4, 0, 0.004)),
        ("threshold", plateau(0.5, 1, 0.05, 0, 0.0)),
    ];
    for (case, schedule) in cases {
        let mut scheduler = Scheduler::new(schedule, 0.1, 42).unwrap();
        for (epoch, (loss, torch)) in plateau_case(case).into_iter().enumerate() {
            // The same products in the same order as PyTorch: the same bits.
            assert_eq!(scheduler.learning_rate(), torch, "{case}, epoch {epoch}");
            scheduler.step(loss);
        }
    }
}

#[test]
fn training_lowers_the_rate_on_a_plateau_of_the_monitored_loss() {
    // The validation loss of a set the model cannot fit (the same inputs
    // with the opposite targets) rises from the start: after patience + 1
    // epochs the rate is halved, again and again.
    let x = array![[-1.0], [1.0]];
    let t = array![0.0, 1.0];
    let opposite = array![1.0, 0.0];
    let mut neuron = Neuron::new(array![0.0]);
    let history = GradientDescent::new()
        .learning_rate(0.5)
        .epochs(7)
        .schedule(Schedule::reduce_on_plateau(0.5, 1))
        .fit_with(
            &mut neuron,
            &x,
            &t,
            Loss::BinaryCrossEntropy,
            Hooks::new().validation(&x, &opposite),
        )
        .unwrap();
    // Epoch 1 sets the best; epochs 2 and 3 are bad (2 > 1): halve for epoch 4;
    // epochs 4 and 5 bad: halve for epoch 6.
    assert_eq!(
        history.learning_rate(),
        &[0.5, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125]
    );
}

#[test]
fn reduce_on_plateau_refuses_what_pytorch_refuses() {
    let refused = |schedule: Schedule| match Scheduler::new(schedule, 0.1, 10) {
        Err(Error::InvalidSetting { name, value, .. }) => (name, value),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        refused(Schedule::reduce_on_plateau(1.0, 2)),
        ("factor", 1.0)
    );
    assert_eq!(
        refused(Schedule::reduce_on_plateau(0.0, 2)),
        ("factor", 0.0)
    );
    let negative_threshold = Schedule::ReduceOnPlateau {
        factor: 0.5,
        patience: 1,
        threshold: -0.1,
        cooldown: 0,
        min_learning_rate: 0.0,
    };
    assert_eq!(refused(negative_threshold), ("threshold", -0.1));
    let floor_above = Schedule::ReduceOnPlateau {
        factor: 0.5,
        patience: 1,
        threshold: 1e-4,
        cooldown: 0,
        min_learning_rate: 0.2,
    };
    assert_eq!(refused(floor_above), ("min_learning_rate", 0.2));
}

#[test]
fn a_failed_epoch_leaves_the_optimiser_and_the_shuffling_as_they_were() {
    // Trainer A meets data that overflow (finite inputs of 1e200: squared
    // errors of 1e400 are ∞) between two runs on the good data; trainer B
    // never does. A's failed epoch took Adam steps and shuffled: all of that
    // is undone, so the two end with the same bits.
    let (_, x, t) = problem();
    let start = Network::random_with_output(
        &[2, 8, 3],
        Activation::Relu,
        Activation::Identity,
        Init::HeNormal,
        &mut StdRng::seed_from_u64(4),
    )
    .unwrap();
    let huge = x.mapv(|v| v * 1e200 + 1e200);
    let settings = GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(0.05)
        .batch_size(7)
        .epochs(10);
    let mse = Loss::MeanSquaredError;
    let mut a = start.clone();
    let mut trainer_a = settings.trainer();
    trainer_a.fit_epochs(&mut a, &x, &t, mse, 3).unwrap();
    let before = a.clone();
    let err = trainer_a.fit_epochs(&mut a, &huge, &t, mse, 2).unwrap_err();
    assert!(matches!(err, Error::Diverged { epoch: 4, .. }), "{err}");
    assert_eq!(a, before);
    trainer_a.fit_epochs(&mut a, &x, &t, mse, 2).unwrap();

    let mut b = start;
    let mut trainer_b = settings.trainer();
    trainer_b.fit_epochs(&mut b, &x, &t, mse, 5).unwrap();
    assert_eq!(a, b);
    assert_eq!(trainer_a.history(), trainer_b.history());
}
