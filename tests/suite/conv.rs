//! Convolution, pooling, flattening and batch normalisation against PyTorch:
//! forward, input gradient and parameter gradients to 1e-12 in f64, over
//! stride 2, valid, explicit and "same" padding, odd sizes and several
//! channels; batch normalisation in training and in eval, and its running
//! statistics after three steps; then the layers in a network, checked with
//! `gradient_check` and trained with `fit`.
//!
//! Oracle: `scripts/oracles/torch_conv.py` (PyTorch 2.15, float64), which
//! wrote `tests/fixtures/torch_conv.txt`: for every case the inputs, the
//! parameters, an upstream gradient `G` (the loss is `Σ Y·G`), and PyTorch's
//! `Y`, `dX`, `dW` and `db` (no `b` and `db` for `F.conv2d(x, w, bias=None)`).

use crate::common;

use common::torch::{self, Items, array};
use neuron::ndarray::{Array1, Array2, Array4, ArrayD, Ix1, Ix4, IxDyn};
use neuron::prelude::*;
use neuron::{
    AvgPool2d, BatchNorm, Conv2d, Flatten, Layer, MaxPool2d, Padding, ParameterKind, Pass,
    Sequential,
};

const FIXTURE: &str = include_str!("../fixtures/torch_conv.txt");

fn fixture() -> Items {
    torch::items(&[FIXTURE])
}

/// `|a − b| ≤ 1e-12·max(1, |b|)` everywhere, and the same shape.
fn assert_close(found: &ArrayD<f64>, expected: &ArrayD<f64>, what: &str) {
    assert_eq!(found.shape(), expected.shape(), "{what}: shape");
    for (i, (&a, &b)) in found.iter().zip(expected).enumerate() {
        assert!(
            (a - b).abs() <= 1e-12 * b.abs().max(1.0),
            "{what}[{i}]: {a} against PyTorch's {b}"
        );
    }
}

/// Forward and backward of `layer` on the case's `X` and `G`; checked
/// against `Y`, `dX` and (when the layer has parameters) `dW`, and `db` when
/// it has biases; a layer without biases must be a case without `db`.
fn check_case(items: &Items, case: &str, layer: &dyn Layer<f64>) {
    let x = array(items, &format!("{case}.X"));
    let g = array(items, &format!("{case}.G"));
    let y = layer.net_input(x.view()).unwrap();
    assert_close(
        &y,
        &array(items, &format!("{case}.Y")),
        &format!("{case} Y"),
    );

    let mut net_input = ArrayD::zeros(IxDyn(&[0]));
    let mut saved = Vec::new();
    let pass = Pass::new();
    layer
        .forward_train(x.view(), &mut net_input, &mut saved, &pass)
        .unwrap();
    assert_eq!(
        net_input, y,
        "{case}: forward_train gives forward's net inputs"
    );
    let mut gradient = vec![ArrayD::zeros(IxDyn(&[0])); layer.parameter_count()];
    let mut dx = ArrayD::zeros(IxDyn(&[0]));
    layer
        .backward(
            x.view(),
            g.view(),
            &saved,
            &mut gradient,
            Some(&mut dx),
            &pass,
        )
        .unwrap();
    assert_close(
        &dx,
        &array(items, &format!("{case}.dX")),
        &format!("{case} dX"),
    );
    if layer.name() == "max_pool2d" {
        // Max pooling saves where its maxima are; without that, backward
        // finds them again, to the same pixels.
        assert!(!saved.is_empty(), "{case}: max pooling saves its maxima");
        let mut again = ArrayD::zeros(IxDyn(&[0]));
        let none = &mut gradient;
        layer
            .backward(x.view(), g.view(), &[], none, Some(&mut again), &pass)
            .unwrap();
        assert_eq!(again, dx, "{case}: dX without the saved maxima");
    }
    match gradient.as_slice() {
        [] => {}
        [dw] => {
            assert!(
                !items.contains_key(&format!("{case}.db")),
                "{case}: PyTorch's layer has biases, this one has none"
            );
            assert_close(
                dw,
                &array(items, &format!("{case}.dW")),
                &format!("{case} dW"),
            );
        }
        [dw, db] => {
            assert_close(
                dw,
                &array(items, &format!("{case}.dW")),
                &format!("{case} dW"),
            );
            assert_close(
                db,
                &array(items, &format!("{case}.db")),
                &format!("{case} db"),
            );
        }
        other => panic!("{case}: {} gradient arrays", other.len()),
    }
}

fn conv(items: &Items, case: &str, stride: (usize, usize), padding: Padding) -> Conv2d<f64> {
    let w: Array4<f64> = array(items, &format!("{case}.W"))
        .into_dimensionality::<Ix4>()
        .unwrap();
    let b: Array1<f64> = array(items, &format!("{case}.b"))
        .into_dimensionality::<Ix1>()
        .unwrap();
    Conv2d::new(w, b, Activation::Identity)
        .unwrap()
        .with_stride(stride)
        .with_padding(padding)
}

#[test]
fn convolutions_equal_pytorch_forward_and_backward() {
    let items = fixture();
    // The cases of the oracle's CONV list, with their settings.
    let cases = [
        ("conv_valid", (1, 1), Padding::Valid),
        ("conv_stride2_pad1", (2, 2), Padding::Explicit(1, 1)),
        ("conv_same_stride1", (1, 1), Padding::Same),
        ("conv_same_stride2_odd", (2, 2), Padding::Same),
        ("conv_rect_stride", (1, 2), Padding::Explicit(0, 1)),
    ];
    for (case, stride, padding) in cases {
        check_case(&items, case, &conv(&items, case, stride, padding));
    }
}

#[test]
fn a_convolution_without_bias_equals_pytorchs_conv2d_with_bias_none() {
    let items = fixture();
    let case = "conv_no_bias_same_stride2";
    let w: Array4<f64> = array(&items, &format!("{case}.W"))
        .into_dimensionality::<Ix4>()
        .unwrap();
    // Biases that are not 0, then dropped: were any left in the sums, `Y`
    // would differ from PyTorch's `F.conv2d(x, w, bias=None)`.
    let conv = Conv2d::new(
        w,
        Array1::from(vec![0.5, -1.0, 2.0, 0.25]),
        Activation::Identity,
    )
    .unwrap()
    .with_stride((2, 2))
    .with_padding(Padding::Same)
    .without_bias();
    assert!(conv.bias().is_none());
    assert_eq!(Layer::<f64>::parameter_count(&conv), 1);
    check_case(&items, case, &conv);
}

#[test]
fn without_bias_is_the_convolution_with_biases_zero_less_their_parameter() {
    // By hand: h = Σ xᵢwᵢ + b with b = 0 is h = Σ xᵢwᵢ, so a convolution
    // without biases computes what the same one with zero biases does, and
    // its gradients are the same less ∂L/∂b.
    let items = fixture();
    let case = "conv_stride2_pad1";
    let with_zeros = conv(&items, case, (2, 2), Padding::Explicit(1, 1));
    let with_zeros = Conv2d::new(
        with_zeros.weights().clone(),
        Array1::zeros(with_zeros.out_channels()),
        Activation::Tanh,
    )
    .unwrap()
    .with_stride((2, 2))
    .with_padding(Padding::Explicit(1, 1));
    let without = with_zeros.clone().without_bias();
    assert_ne!(without, with_zeros);
    let x = array(&items, &format!("{case}.X"));
    let g = array(&items, &format!("{case}.G"));
    let pass = Pass::new();
    let run = |layer: &Conv2d<f64>| {
        let (mut h, mut saved) = (ArrayD::zeros(IxDyn(&[0])), Vec::new());
        layer
            .forward_train(x.view(), &mut h, &mut saved, &pass)
            .unwrap();
        let mut gradient = vec![ArrayD::zeros(IxDyn(&[0])); layer.parameter_count()];
        let mut dx = ArrayD::zeros(IxDyn(&[0]));
        layer
            .backward(
                x.view(),
                g.view(),
                &saved,
                &mut gradient,
                Some(&mut dx),
                &pass,
            )
            .unwrap();
        (h, gradient, dx)
    };
    let (h0, gradient0, dx0) = run(&with_zeros);
    let (h, gradient, dx) = run(&without);
    assert_close(&h, &h0, "net inputs");
    assert_close(&dx, &dx0, "dX");
    assert_eq!((gradient0.len(), gradient.len()), (2, 1));
    assert_close(&gradient[0], &gradient0[0], "dW");
    // A gradient list of the wrong length is an error, not a panic.
    let mut none: Vec<ArrayD<f64>> = Vec::new();
    assert!(
        without
            .backward(x.view(), g.view(), &[], &mut none, None, &pass)
            .is_err()
    );
    // Its parameters are the filters alone.
    let kinds: Vec<ParameterKind> = without.parameters().iter().map(|(k, _)| *k).collect();
    assert_eq!(kinds, [ParameterKind::Weights]);
    let mut without = without;
    assert_eq!(without.parameters_mut().len(), 1);
    assert_eq!(
        without.to_string(),
        "Conv2d(2 → 3, 3×3, stride 2×2, (1, 1), no bias, tanh)"
    );
}

#[test]
fn pooling_equals_pytorch_forward_and_backward() {
    let items = fixture();
    let max = |k, s, p| MaxPool2d::new(k).with_stride(s).with_padding(p);
    let avg = |k, s, p| AvgPool2d::new(k).with_stride(s).with_padding(p);
    check_case(&items, "max_k2", &MaxPool2d::new((2, 2)));
    check_case(
        &items,
        "max_k3_s2_p1",
        &max((3, 3), (2, 2), Padding::Explicit(1, 1)),
    );
    check_case(
        &items,
        "max_same_k3_s2",
        &max((3, 3), (2, 2), Padding::Same),
    );
    check_case(&items, "max_ties", &MaxPool2d::new((2, 2)));
    check_case(&items, "avg_k2", &AvgPool2d::new((2, 2)));
    check_case(
        &items,
        "avg_k3_s2_p1",
        &avg((3, 3), (2, 2), Padding::Explicit(1, 1)),
    );
    check_case(
        &items,
        "avg_k3_s1_p1",
        &avg((3, 3), (1, 1), Padding::Explicit(1, 1)),
    );
}

#[test]
fn flatten_equals_pytorch() {
    check_case(&fixture(), "flatten", &Flatten);
}

#[test]
fn shapes_and_settings_that_cannot_work_are_errors() {
    let conv = Conv2d::<f64>::new(
        Array4::ones((2, 3, 3, 3)),
        Array1::zeros(2),
        Activation::Relu,
    )
    .unwrap();
    // Two channels where the filters read three.
    assert!(conv.net_input(&Array4::zeros((1, 2, 5, 5))).is_err());
    // An image smaller than the window.
    assert!(conv.net_input(&Array4::zeros((1, 3, 2, 5))).is_err());
    // A stride of 0.
    assert!(
        conv.clone()
            .with_stride((0, 1))
            .net_input(&Array4::zeros((1, 3, 5, 5)))
            .is_err()
    );
    // A softmax is no activation of maps.
    assert!(matches!(
        conv.clone().with_activation(Activation::Softmax),
        Err(neuron::Error::NotElementwise { .. })
    ));
    // A bias per filter, finite weights.
    assert!(
        Conv2d::<f64>::new(
            Array4::ones((2, 1, 3, 3)),
            Array1::zeros(3),
            Activation::Relu
        )
        .is_err()
    );
    let mut nan = Array4::<f64>::ones((1, 1, 2, 2));
    nan[[0, 0, 1, 1]] = f64::NAN;
    assert!(Conv2d::new(nan, Array1::zeros(1), Activation::Relu).is_err());
    // Pooling padding beyond half the window (PyTorch refuses it too).
    let pool = MaxPool2d::new((2, 2)).with_padding(Padding::Explicit(2, 0));
    assert!(
        Layer::<f64>::net_input(&pool, Array4::<f64>::zeros((1, 1, 6, 6)).into_dyn().view())
            .is_err()
    );
    // Output shapes: (channels, rows, columns) in, (filters, ⌊(n − k)/s⌋ + 1, …) out.
    assert_eq!(
        Layer::<f64>::output_shape(&conv, &[3, 7, 6]).unwrap(),
        vec![2, 5, 4]
    );
    assert!(Layer::<f64>::output_shape(&conv, &[3, 7]).is_err());
    assert_eq!(conv.to_string(), "Conv2d(3 → 2, 3×3, relu)");
    assert_eq!(
        MaxPool2d::new((3, 3))
            .with_stride((2, 2))
            .with_padding(Padding::Same)
            .to_string(),
        "MaxPool2d(3×3, stride 2×2, same)"
    );
}

/// Four 1×6×6 images: a bright vertical bar (class 1) or a horizontal one (0).
fn bars() -> (Array4<f64>, Array1<f64>) {
    let mut x = Array4::<f64>::from_elem((4, 1, 6, 6), 0.1);
    for (s, place) in [(0, 1), (1, 4), (2, 2), (3, 3)] {
        for i in 0..6 {
            if s % 2 == 0 {
                x[[s, 0, place, i]] = 1.0; // horizontal
            } else {
                x[[s, 0, i, place]] = 1.0; // vertical
            }
        }
    }
    (x, Array1::from(vec![0.0, 1.0, 0.0, 1.0]))
}

/// conv 3×3 (2 filters, tanh, same) → max pool 2×2 → avg pool 3×3 → flatten → dense sigmoid.
fn small_cnn() -> Sequential<f64> {
    let mut rng = StdRng::seed_from_u64(7);
    let conv = Conv2d::random(1, 2, (3, 3), Init::XavierUniform, &mut rng)
        .unwrap()
        .with_padding(Padding::Same)
        .with_activation(Activation::Tanh)
        .unwrap();
    let dense = Dense::random(2, 1, Activation::Sigmoid, Init::XavierUniform, &mut rng).unwrap();
    Sequential::from_layers(vec![
        Box::new(conv) as Box<dyn Layer<f64>>,
        Box::new(MaxPool2d::new((2, 2))),
        Box::new(AvgPool2d::new((3, 3))),
        Box::new(Flatten),
        Box::new(dense),
    ])
    .unwrap()
}

#[test]
fn a_small_cnn_passes_gradient_check() {
    let (x, t) = bars();
    let check = gradient_check(&small_cnn(), &x, &t, Loss::BinaryCrossEntropy).unwrap();
    // Central differences agree with backpropagation to ~1e-8 where the
    // pieces are smooth (tanh, mean, sigmoid); max pooling is piecewise
    // linear, and these windows have no ties.
    assert!(check.max_relative_error < 1e-6, "{check:?}");
    assert_eq!(check.analytic.len(), 2 * 9 + 2 + 2 + 1);
}

#[test]
fn a_small_cnn_learns_the_bars() {
    let (x, t) = bars();
    let mut network = small_cnn();
    let history = GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(0.05)
        .epochs(200)
        .fit(&mut network, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    let first = history.loss()[0];
    let last = history.final_loss().unwrap();
    assert!(last < 0.05 * first, "loss {first} → {last}");
    assert_eq!(network.predict_classes(&x).unwrap(), t.mapv(|c| c as usize));
}

/// A batch normalisation of the case's `gamma` and `beta`.
fn batch_norm(items: &Items, case: &str) -> BatchNorm<f64> {
    let gamma = array(items, &format!("{case}.gamma"));
    let beta = array(items, &format!("{case}.beta"));
    let mut norm = BatchNorm::new(gamma.len()).unwrap();
    let mut parameters = norm.parameters_mut();
    parameters[0].1.assign(&gamma);
    parameters[1].1.assign(&beta);
    drop(parameters);
    norm
}

#[test]
fn batch_normalisation_equals_pytorch_in_training_and_in_eval() {
    let items = fixture();
    for case in ["bn2d", "bn1d"] {
        let mut norm = batch_norm(&items, case);
        let x = array(&items, &format!("{case}.X"));
        let g = array(&items, &format!("{case}.G"));
        let pass = Pass::new();
        let (mut y, mut saved) = (ArrayD::zeros(IxDyn(&[0])), Vec::new());
        norm.forward_train(x.view(), &mut y, &mut saved, &pass)
            .unwrap();
        assert_close(
            &y,
            &array(&items, &format!("{case}.Y")),
            &format!("{case} Y"),
        );
        let mut gradient = vec![ArrayD::zeros(IxDyn(&[0])); 2];
        let mut dx = ArrayD::zeros(IxDyn(&[0]));
        norm.backward(
            x.view(),
            g.view(),
            &saved,
            &mut gradient,
            Some(&mut dx),
            &pass,
        )
        .unwrap();
        assert_close(
            &dx,
            &array(&items, &format!("{case}.dX")),
            &format!("{case} dX"),
        );
        assert_close(
            &gradient[0],
            &array(&items, &format!("{case}.dgamma")),
            "dgamma",
        );
        assert_close(
            &gradient[1],
            &array(&items, &format!("{case}.dbeta")),
            "dbeta",
        );
        // One step's update of the running statistics, from (0, 1).
        norm.update_statistics(&saved);
        assert_close(
            &norm.running_mean().clone().into_dyn(),
            &array(&items, &format!("{case}.running_mean")),
            "running mean",
        );
        assert_close(
            &norm.running_var().clone().into_dyn(),
            &array(&items, &format!("{case}.running_var")),
            "running var",
        );

        // Eval: the running statistics given.
        let eval = format!("{case}_eval");
        let mean = array(&items, &format!("{eval}.running_mean"))
            .into_dimensionality::<Ix1>()
            .unwrap();
        let var = array(&items, &format!("{eval}.running_var"))
            .into_dimensionality::<Ix1>()
            .unwrap();
        let norm = batch_norm(&items, case)
            .with_running_statistics(mean, var)
            .unwrap();
        let y = norm.net_input(x.view()).unwrap();
        assert_close(
            &y,
            &array(&items, &format!("{eval}.Y")),
            &format!("{eval} Y"),
        );
    }
}

#[test]
fn running_statistics_after_three_steps_equal_pytorch() {
    let items = fixture();
    let mut norm = BatchNorm::<f64>::new(3).unwrap();
    for step in 0..3 {
        let x = array(&items, &format!("bn_steps.X{step}"));
        let (mut y, mut saved) = (ArrayD::zeros(IxDyn(&[0])), Vec::new());
        norm.forward_train(x.view(), &mut y, &mut saved, &Pass::new())
            .unwrap();
        norm.update_statistics(&saved);
    }
    assert_close(
        &norm.running_mean().clone().into_dyn(),
        &array(&items, "bn_steps.running_mean"),
        "mean",
    );
    assert_close(
        &norm.running_var().clone().into_dyn(),
        &array(&items, "bn_steps.running_var"),
        "var",
    );
}

/// One training step of a fresh `BatchNorm(1)` on `x` with upstream gradient
/// `d`: the outputs, `dX`, `dγ`, `dβ` and the running mean after the step,
/// all as `f64`.
fn batch_norm_step<F: Float>(x: &Array2<f32>, d: &Array2<f32>) -> [ArrayD<f64>; 5] {
    let to_f = |a: &Array2<f32>| a.mapv(|v| F::from_f64(f64::from(v))).into_dyn();
    let (x, d) = (to_f(x), to_f(d));
    let mut norm = BatchNorm::<F>::new(1).unwrap();
    let pass = Pass::new();
    let (mut y, mut saved) = (ArrayD::zeros(IxDyn(&[0])), Vec::new());
    norm.forward_train(x.view(), &mut y, &mut saved, &pass)
        .unwrap();
    let mut gradient = vec![ArrayD::zeros(IxDyn(&[0])); 2];
    let mut dx = ArrayD::zeros(IxDyn(&[0]));
    norm.backward(
        x.view(),
        d.view(),
        &saved,
        &mut gradient,
        Some(&mut dx),
        &pass,
    )
    .unwrap();
    norm.update_statistics(&saved);
    let wide = |a: &ArrayD<F>| a.mapv(|v| v.as_f64());
    [
        wide(&y),
        wide(&dx),
        wide(&gradient[0]),
        wide(&gradient[1]),
        wide(&norm.running_mean().clone().into_dyn()),
    ]
}

/// In `f32`, a channel whose mean is large next to its spread: 8 000 values
/// `1000 + (37i mod 101)/50 − 1` (mean 1 000, spread 0.58), upstream gradient
/// `((13i mod 7) − 3)/8`. The reference is the same step in `f64` (which equals
/// PyTorch's float64 to 1e-12 in the test above). PyTorch 2.15's float32
/// `BatchNorm1d(1)` on the same `f32` values (`bn.train(); y = bn(x);
/// y.backward(d)`, float32 against float64) errs by at most 4.4e-5 in `y`,
/// 9.3e-8 in `dX`, 2.0e-6 in `dγ`, 0 in `dβ` and 4.1e-6 in the running mean:
/// it sums in `double`. The crate must be within twice those. Summed in
/// `f32`, its error in `y` was 1.1e-4; summed in `f64`, 7.9e-6 (and 4.1e-8
/// in `dX`).
#[test]
fn batch_normalisation_in_f32_is_as_accurate_as_pytorchs_float32() {
    let n = 8000;
    let x = Array2::from_shape_fn((n, 1), |(i, _)| {
        (1000.0f32 + ((i * 37 % 101) as f32) / 50.0) - 1.0
    });
    let d = Array2::from_shape_fn((n, 1), |(i, _)| (((i * 13) % 7) as f32 - 3.0) / 8.0);
    let exact = batch_norm_step::<f64>(&x, &d);
    let single = batch_norm_step::<f32>(&x, &d);
    let pytorch_float32_error: [f64; 5] = [4.4e-5, 9.3e-8, 2.0e-6, 0.0, 4.1e-6];
    let names = ["y", "dX", "dγ", "dβ", "running mean"];
    for (((exact, single), torch), name) in exact
        .iter()
        .zip(&single)
        .zip(pytorch_float32_error)
        .zip(names)
    {
        let error = exact
            .iter()
            .zip(single)
            .map(|(e, s)| (e - s).abs())
            .fold(0.0, f64::max);
        // dβ = Σ δ is exact in both (eighths); a float's width of slack.
        let bound = (2.0 * torch).max(1e-7 * exact.iter().fold(0.0f64, |m, v| m.max(v.abs())));
        assert!(
            error <= bound,
            "{name}: the f32 step errs by {error:e}, more than twice PyTorch's float32 ({torch:e})"
        );
    }
    // The step itself, as PyTorch's float64 gives it.
    assert!((exact[0][[0, 0]] - -1.7146522).abs() < 1e-7);
    assert!((exact[1][[0, 0]] - -0.64307008).abs() < 1e-7);
    assert!((exact[2][[0]] - 0.14595528).abs() < 1e-7);
    assert!((exact[4][[0]] - 99.99998825).abs() < 1e-7);
}

/// conv 3×3 (2 filters, tanh, same) → batch norm → max pool 2×2 → flatten → dense sigmoid.
fn normalised_cnn() -> Sequential<f64> {
    normalised_cnn_with(true)
}

/// [`normalised_cnn`], its convolution with biases or without.
fn normalised_cnn_with(bias: bool) -> Sequential<f64> {
    let mut rng = StdRng::seed_from_u64(8);
    let conv = Conv2d::random(1, 2, (3, 3), Init::XavierUniform, &mut rng)
        .unwrap()
        .with_padding(Padding::Same)
        .with_activation(Activation::Tanh)
        .unwrap();
    let conv = if bias { conv } else { conv.without_bias() };
    let dense = Dense::random(18, 1, Activation::Sigmoid, Init::XavierUniform, &mut rng).unwrap();
    Sequential::from_layers(vec![
        Box::new(conv) as Box<dyn Layer<f64>>,
        Box::new(BatchNorm::new(2).unwrap()),
        Box::new(MaxPool2d::new((2, 2))),
        Box::new(Flatten),
        Box::new(dense),
    ])
    .unwrap()
}

#[test]
fn batch_normalisation_in_a_network_passes_gradient_check_and_learns() {
    let (x, t) = bars();
    let check = gradient_check(&normalised_cnn(), &x, &t, Loss::BinaryCrossEntropy).unwrap();
    assert!(check.max_relative_error < 1e-6, "{check:?}");
    assert_eq!(check.analytic.len(), 2 * 9 + 2 + 2 + 2 + 18 + 1);

    // 50 full-batch steps; then inference, which normalises by the running
    // statistics that the steps kept, classifies every image.
    let mut network = normalised_cnn();
    GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(0.05)
        .epochs(50)
        .fit(&mut network, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    assert_eq!(network.predict_classes(&x).unwrap(), t.mapv(|c| c as usize));
    let text = format!("{}", network.layers()[1]);
    assert_eq!(text, "BatchNorm(2)");
}

#[test]
fn a_cnn_without_conv_biases_passes_gradient_check_and_learns() {
    let (x, t) = bars();
    // Biases that are not 0, dropped: the central differences then see no
    // bias, and backpropagation must not either.
    let conv = |seed: u64| {
        let conv = Conv2d::random(
            1,
            2,
            (3, 3),
            Init::XavierUniform,
            &mut StdRng::seed_from_u64(seed),
        )
        .unwrap();
        Conv2d::new(
            conv.weights().clone(),
            Array1::from(vec![0.3, -0.2]),
            Activation::Tanh,
        )
        .unwrap()
        .with_padding(Padding::Same)
        .without_bias()
    };
    let dense = |seed: u64| {
        Dense::random(
            2,
            1,
            Activation::Sigmoid,
            Init::XavierUniform,
            &mut StdRng::seed_from_u64(seed),
        )
        .unwrap()
    };
    let network = |seed: u64| {
        Sequential::from_layers(vec![
            Box::new(conv(seed)) as Box<dyn Layer<f64>>,
            Box::new(MaxPool2d::new((2, 2))),
            Box::new(AvgPool2d::new((3, 3))),
            Box::new(Flatten),
            Box::new(dense(seed + 1)),
        ])
        .unwrap()
    };
    let check = gradient_check(&network(7), &x, &t, Loss::BinaryCrossEntropy).unwrap();
    assert!(check.max_relative_error < 1e-6, "{check:?}");
    // 2 filters of 3×3, then the dense layer's 2 weights and its bias.
    assert_eq!(check.analytic.len(), 2 * 9 + 2 + 1);

    // Before a batch normalisation, the common place to leave biases out.
    let check = gradient_check(
        &normalised_cnn_with(false),
        &x,
        &t,
        Loss::BinaryCrossEntropy,
    )
    .unwrap();
    assert!(check.max_relative_error < 1e-6, "{check:?}");
    assert_eq!(check.analytic.len(), 2 * 9 + 2 + 2 + 18 + 1);

    // Adam trains it, with no bias to keep state for or to update.
    let mut network = network(7);
    let history = GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(0.05)
        .epochs(200)
        .fit(&mut network, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    let (first, last) = (history.loss()[0], history.final_loss().unwrap());
    assert!(last < 0.1 * first, "loss {first} → {last}");
    assert_eq!(network.parameters().len(), 1 + 2);
    let conv = network.layers()[0].as_any().unwrap();
    assert!(conv.downcast_ref::<Conv2d<f64>>().unwrap().bias().is_none());
}

#[test]
fn a_summary_gives_each_layers_output_shape_and_parameters() {
    // By hand, as Keras's model.summary() counts them: the convolution has
    // 2 filters of 1·3·3 weights and a bias each (20), the batch norm a scale
    // and a shift per channel (4), the dense layer 18 weights and a bias (19).
    let summary = normalised_cnn().summary_for(&[1, 6, 6]).unwrap();
    let rows: Vec<(Option<Vec<usize>>, usize)> = summary
        .rows()
        .iter()
        .map(|row| (row.output_shape.clone(), row.parameters))
        .collect();
    assert_eq!(
        rows,
        [
            (Some(vec![2, 6, 6]), 20),
            (Some(vec![2, 6, 6]), 4),
            (Some(vec![2, 3, 3]), 0),
            (Some(vec![18]), 0),
            (Some(vec![1]), 19),
        ]
    );
    assert_eq!(summary.total_parameters(), 43);
    let text = summary.to_string();
    assert!(
        text.contains("Conv2d(1 → 2, 3×3, same, tanh)  (2, 6, 6)"),
        "{text}"
    );
    assert!(text.ends_with("43"), "{text}");
    // Images too small for the pooling window are refused.
    assert!(normalised_cnn().summary_for(&[1, 1, 1]).is_err());

    // Without biases, 1 → 32 filters of 3×3 are 32·1·9 = 288 parameters (as
    // PyTorch counts nn.Conv2d(1, 32, 3, bias=False)), and the row says so;
    // the next, with biases, 8·32·9 + 8 = 2312.
    let mut rng = StdRng::seed_from_u64(9);
    let summary = Sequential::from_layers(vec![
        Box::new(
            Conv2d::<f64>::random(1, 32, (3, 3), Init::HeNormal, &mut rng)
                .unwrap()
                .without_bias(),
        ) as Box<dyn Layer<f64>>,
        Box::new(Conv2d::<f64>::random(32, 8, (3, 3), Init::HeNormal, &mut rng).unwrap()),
    ])
    .unwrap()
    .summary_for(&[1, 28, 28])
    .unwrap();
    let rows: Vec<(&str, usize)> = summary
        .rows()
        .iter()
        .map(|row| (row.layer.as_str(), row.parameters))
        .collect();
    assert_eq!(
        rows,
        [
            ("Conv2d(1 → 32, 3×3, no bias, identity)", 288),
            ("Conv2d(32 → 8, 3×3, identity)", 2312),
        ]
    );
}

/// A pass over many images goes in blocks (here 32 filters of 28 × 28 maps
/// make 200 kB a sample, so blocks of 20 samples); each sample's outputs and
/// the mean loss are what the samples give one at a time, within rounding.
#[test]
fn passes_over_many_images_go_in_blocks_with_the_same_results() {
    let mut rng = StdRng::seed_from_u64(3);
    let network: Sequential<f64> = Sequential::from_layers(vec![
        Box::new(
            Conv2d::random(1, 32, (3, 3), Init::HeNormal, &mut rng)
                .unwrap()
                .with_padding(Padding::Same)
                .with_activation(Activation::Relu)
                .unwrap(),
        ) as Box<dyn Layer<f64>>,
        Box::new(MaxPool2d::new((7, 7))),
        Box::new(Flatten),
        Box::new(
            Dense::random(
                32 * 16,
                3,
                Activation::Softmax,
                Init::XavierUniform,
                &mut rng,
            )
            .unwrap(),
        ),
    ])
    .unwrap();
    let n = 45;
    let x = Array4::from_shape_fn((n, 1, 28, 28), |(s, _, i, j)| {
        ((s * 31 + i * 7 + j * 3) % 17) as f64 / 17.0
    });
    let t = one_hot(&Array1::from_shape_fn(n, |s| (s % 3) as f64), 3).unwrap();
    let all = network.forward(&x).unwrap();
    let mut loss_sum = 0.0;
    for s in 0..n {
        let one = x.slice(neuron::ndarray::s![s..s + 1, .., .., ..]);
        let y = network.forward(&one).unwrap();
        // The same values up to the matrix kernels' rounding (bit for bit
        // on x86-64; NEON's kernels sum a lone row in another order).
        for (a, b) in y.row(0).iter().zip(all.row(s)) {
            assert!(
                (a - b).abs() <= 1e-14,
                "sample {s}: {a} alone, {b} in its block"
            );
        }
        let t_one = t.slice(neuron::ndarray::s![s..s + 1, ..]);
        loss_sum += network.loss(one, t_one, Loss::CrossEntropy).unwrap();
    }
    let loss = network
        .loss(x.view(), t.view(), Loss::CrossEntropy)
        .unwrap();
    assert!(
        (loss - loss_sum / n as f64).abs() < 1e-14,
        "{loss} against {}",
        loss_sum / n as f64
    );
}
