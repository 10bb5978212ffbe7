//! Hostile input, third round: layers of one's own that misbehave, windows
//! and paddings far larger than any image, runs of `usize::MAX` epochs and
//! weights whose total overflows. One test per fault, each failing (a panic,
//! an abort, a hang or a silent no-op) on the code before its fix.

use crate::common;

use std::fmt;
use std::ops::ControlFlow;

use neuron::ndarray::{Array4, ArrayD, ArrayViewD, IxDyn, array};
use neuron::prelude::*;
use neuron::{
    AvgPool2d, BatchNorm, Conv2d, Layer, MaxPool2d, Padding, Pass, Scheduler, Sequential,
};

/// The identity, as a learner might write it wrongly: its `backward` can
/// forget `∂L/∂inputs`, and its dropout can be any number.
#[derive(Debug, Clone)]
struct Careless {
    writes_input_delta: bool,
    dropout: f64,
}

impl fmt::Display for Careless {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Careless")
    }
}

impl Layer<f64> for Careless {
    fn name(&self) -> &'static str {
        "careless"
    }

    fn input_shape(&self) -> Option<Vec<usize>> {
        Some(vec![2])
    }

    fn output_shape(&self, input: &[usize]) -> neuron::Result<Vec<usize>> {
        Ok(input.to_vec())
    }

    fn dropout(&self) -> f64 {
        self.dropout
    }

    fn net_input(&self, x: ArrayViewD<'_, f64>) -> neuron::Result<ArrayD<f64>> {
        Ok(x.to_owned())
    }

    fn backward(
        &self,
        _x: ArrayViewD<'_, f64>,
        delta: ArrayViewD<'_, f64>,
        _saved: &[ArrayD<f64>],
        _gradient: &mut [ArrayD<f64>],
        input_delta: Option<&mut ArrayD<f64>>,
        _pass: &Pass,
    ) -> neuron::Result<()> {
        if let (true, Some(input_delta)) = (self.writes_input_delta, input_delta) {
            *input_delta = delta.to_owned();
        }
        Ok(())
    }
}

/// Dense 2 → 2 (tanh), the careless layer, dense 2 → 1 (sigmoid).
fn network_around(careless: Careless) -> Sequential<f64> {
    let dense = |w: Array2<f64>, activation| {
        let units = w.ncols();
        Box::new(Dense::new(w, Array1::from_elem(units, 0.1), activation).unwrap())
            as Box<dyn Layer<f64>>
    };
    Sequential::from_layers(vec![
        dense(array![[0.5, -0.3], [0.2, 0.8]], Activation::Tanh),
        Box::new(careless),
        dense(array![[0.7], [-0.4]], Activation::Sigmoid),
    ])
    .unwrap()
}

fn xor() -> (Array2<f64>, Array1<f64>) {
    (
        array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]],
        array![0.0, 1.0, 1.0, 0.0],
    )
}

#[test]
fn a_layer_that_forgets_its_input_gradient_is_an_error_and_the_weights_stay() {
    let (x, t) = xor();
    let forgets = Careless {
        writes_input_delta: false,
        dropout: 0.0,
    };
    let mut network = network_around(forgets);
    let before = network.clone();
    // Before: ndarray's "could not broadcast array from shape: [4, 2] to: [0, 0]" panic.
    let error = GradientDescent::new()
        .epochs(3)
        .fit(&mut network, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap_err();
    assert!(
        matches!(error, neuron::Error::ShapeMismatch { .. }),
        "{error}"
    );
    assert!(error.to_string().contains("backward"), "{error}");
    assert_eq!(format!("{network:?}"), format!("{before:?}"));
    let check = gradient_check(&network, &x, &t, Loss::BinaryCrossEntropy);
    assert!(matches!(check, Err(neuron::Error::ShapeMismatch { .. })));

    // The same layer written right trains.
    let mut fine = network_around(Careless {
        writes_input_delta: true,
        dropout: 0.0,
    });
    GradientDescent::new()
        .epochs(3)
        .fit(&mut fine, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
}

#[test]
fn a_layer_whose_dropout_is_not_a_share_is_refused() {
    let (x, t) = xor();
    // Before: 1.5 panicked in `random_bool` ("p=-0.5 is outside range"),
    // and −0.5 and NaN were taken as no dropout.
    for rate in [1.5, 1.0, f64::INFINITY, -0.5, f64::NAN] {
        let mut network = network_around(Careless {
            writes_input_delta: true,
            dropout: rate,
        });
        let error = GradientDescent::new()
            .epochs(2)
            .seed(1)
            .fit(&mut network, &x, &t, Loss::BinaryCrossEntropy)
            .unwrap_err();
        assert!(
            matches!(
                error,
                neuron::Error::InvalidSetting {
                    name: "dropout",
                    ..
                }
            ),
            "{rate}: {error}"
        );
    }
}

#[test]
fn a_padding_whose_maps_overflow_is_an_allocation_error() {
    let conv = Conv2d::<f64>::new(
        Array4::zeros((1, 1, 3, 3)),
        Array1::zeros(1),
        Activation::Relu,
    )
    .unwrap()
    .with_padding(Padding::Explicit(1 << 40, 1 << 40));
    // Maps of (2⁴¹ + 3)² pixels: more values than an address space holds.
    // Before: "attempt to multiply with overflow" (or, unchecked, an abort).
    let images = Array4::<f64>::zeros((1, 1, 5, 5)).into_dyn();
    let error = Layer::forward(&conv, images.view()).unwrap_err();
    assert!(matches!(error, neuron::Error::Allocation { .. }), "{error}");
}

#[test]
fn pooling_windows_far_wider_than_the_image_finish() {
    // Windows of usize::MAX pixels with "same" padding: one output, the whole
    // 3 × 3 image under it. Before: max pooling walked every offset of the
    // window (a hang), average pooling overflowed `rows × columns`.
    let ones = Array4::<f64>::from_elem((1, 1, 3, 3), 1.0).into_dyn();
    let pooled = common::within_ten_seconds(move || {
        let max = MaxPool2d::new((usize::MAX, usize::MAX)).with_padding(Padding::Same);
        let average = AvgPool2d::new((usize::MAX, usize::MAX)).with_padding(Padding::Same);
        (
            Layer::<f64>::forward(&max, ones.view()),
            Layer::<f64>::forward(&average, ones.view()),
        )
    });
    let (max, average) = (pooled.0.unwrap(), pooled.1.unwrap());
    assert_eq!(max, ArrayD::from_elem(IxDyn(&[1, 1, 1, 1]), 1.0));
    // The mean over the window, padding counted (PyTorch's
    // count_include_pad): 9 / (2⁶⁴ − 1)², about 2.6e-38, finite and ≥ 0.
    let mean = average.iter().copied().next().unwrap();
    assert!(mean > 0.0 && mean < 1e-37, "{mean}");
}

#[test]
fn a_run_of_usize_max_epochs_starts_at_once() {
    // Train until a callback stops: `usize::MAX` epochs, of which one runs.
    // Before: the schedule's check computed the rate of every epoch first.
    let epochs = common::within_ten_seconds(|| {
        let (x, t) = xor();
        let mut neuron = Neuron::new(array![0.1, -0.2]).with_bias(0.0);
        let history = GradientDescent::new()
            .epochs(usize::MAX)
            .fit_with(
                &mut neuron,
                &x,
                &t,
                Loss::BinaryCrossEntropy,
                Hooks::new().on_epoch(|_| ControlFlow::Break(())),
            )
            .unwrap();
        let scheduler = Scheduler::new(Schedule::cosine(0.001), 0.1, usize::MAX);
        (history.epochs(), scheduler.is_ok())
    });
    assert_eq!(epochs, (1, true));
    // Long runs are still checked where a rate can fail: a one-cycle run of
    // 20 000 epochs peaking at epoch 0 (p·E − 1 = 0) divides 0 by 0 there.
    let peak_first = Schedule::one_cycle(1.0 / 20_000.0, 25.0, 1e4);
    assert!(peak_first.check_run(0.1, 20_000).is_err());
    assert!(peak_first.check_run(0.1, 20_001).is_ok());
}

#[test]
fn a_network_that_reads_any_shape_trains_on_a_matrix() {
    // Batch normalisation first reads any shape; `forward` took the matrix,
    // but `fit` refused it ("the network has 0 inputs").
    let (x, t) = xor();
    let mut network = Sequential::from_layers(vec![
        Box::new(BatchNorm::<f64>::new(2).unwrap()) as Box<dyn Layer<f64>>,
        Box::new(Dense::new(array![[1.0], [1.0]], array![0.0], Activation::Sigmoid).unwrap()),
    ])
    .unwrap();
    let history = GradientDescent::new()
        .epochs(2)
        .fit(&mut network, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    assert_eq!(history.epochs(), 2);
    assert!(gradient_check(&network, &x, &t, Loss::BinaryCrossEntropy).is_ok());
}

#[test]
fn sample_weights_whose_total_overflows_are_refused() {
    // 1e308 + 1e308 = ∞: every share sᵢ/Σs was 0, the loss 0 and training a
    // silent no-op. Only the ratios matter, so the caller is told to scale.
    let (x, t) = xor();
    let mut neuron = Neuron::new(array![0.1, -0.2]).with_bias(0.0);
    let weights = array![1e308, 1e308, 1.0, 1.0];
    let error = GradientDescent::new()
        .epochs(2)
        .fit_with(
            &mut neuron,
            &x,
            &t,
            Loss::BinaryCrossEntropy,
            Hooks::new().sample_weights(&weights),
        )
        .unwrap_err();
    assert!(
        matches!(
            error,
            neuron::Error::InvalidSetting {
                name: "sample_weights",
                ..
            }
        ),
        "{error}"
    );
    let error = GradientDescent::new()
        .epochs(2)
        .class_weights(&[1e308, 1e308])
        .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap_err();
    assert!(
        matches!(
            error,
            neuron::Error::InvalidSetting {
                name: "sample_weights",
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn a_clip_bound_that_rounds_to_0_in_f32_is_refused() {
    // 1e-60 is 0 in f32: every gradient clipped to 0, and `fit` returned Ok
    // with the weights unchanged. As for the learning rate, an error.
    let x = array![[0.0f32, 1.0], [1.0, 0.0]];
    let t = array![1.0f32, 0.0];
    let mut neuron = Neuron::new(array![0.1f32, -0.2]);
    let error = GradientDescent::new()
        .clip_value(1e-60)
        .epochs(2)
        .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap_err();
    assert!(
        matches!(
            error,
            neuron::Error::InvalidSetting {
                name: "clip_value",
                ..
            }
        ),
        "{error}"
    );
    // In f64 it is a bound like any other.
    let mut neuron = Neuron::new(array![0.1, -0.2]);
    let x = x.mapv(f64::from);
    let t = t.mapv(f64::from);
    GradientDescent::new()
        .clip_value(1e-60)
        .epochs(2)
        .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
}

#[test]
fn a_scheduler_refuses_what_fit_refuses() {
    // Before: a run of 0 epochs, and a learning rate of 0, were accepted
    // here but refused by `fit` with the same settings.
    for (rate, epochs) in [(0.1, 0), (0.0, 10), (f64::NAN, 10)] {
        let scheduler = Scheduler::new(Schedule::Constant, rate, epochs);
        assert!(
            matches!(scheduler, Err(neuron::Error::InvalidSetting { .. })),
            "{rate}, {epochs}: {scheduler:?}"
        );
    }
    assert!(Scheduler::new(Schedule::Constant, 0.1, 1).is_ok());
}
