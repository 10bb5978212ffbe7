//! Hostile input, third round: one test per fault the round found, each
//! failing on the code before its fix. The expected values are worked out by
//! hand in the comments.

use neuron::datasets::KFold;
use neuron::ndarray::{Array4, ArrayD};
use neuron::prelude::*;
use neuron::{Conv2d, Flatten, Layer, MinMaxScaler, Sequential, clip_grad_norm};

// Class 1: a count of samples from the caller sizes no allocation that can
// panic or abort. usize::MAX indices overflow the address space: an
// Error::Allocation, not "capacity overflow".
#[test]
fn index_and_sample_generators_refuse_sizes_beyond_memory() {
    let mut rng = StdRng::seed_from_u64(0);
    let too_many = [usize::MAX, usize::MAX / 4];
    for n in too_many {
        assert!(matches!(
            datasets::split_indices(n, 0.5, &mut rng),
            Err(Error::Allocation { .. })
        ));
        assert!(matches!(
            KFold::new(2).unwrap().split(n),
            Err(Error::Allocation { .. })
        ));
        assert!(matches!(
            KFold::new(2).unwrap().shuffled(1).split(n),
            Err(Error::Allocation { .. })
        ));
        for generate in [
            datasets::circles::<f64, StdRng>,
            datasets::moons,
            datasets::blobs,
            datasets::spiral,
        ] {
            assert!(matches!(
                generate(n, 0.1, &mut rng),
                Err(Error::Allocation { .. })
            ));
        }
    }
    // Ordinary sizes are as before: ⌈0.5 · 5⌉ = 3 test indices, 2 to train.
    let (train, test) = datasets::split_indices(5, 0.5, &mut rng).unwrap();
    assert_eq!((train.len(), test.len()), (2, 3));
    let mut all: Vec<usize> = train.iter().chain(&test).copied().collect();
    all.sort_unstable();
    assert_eq!(all, [0, 1, 2, 3, 4]);
    let folds = KFold::new(2).unwrap().split(3).unwrap();
    assert_eq!(
        (folds[0].test.clone(), folds[0].train.clone()),
        (vec![0, 1], vec![2])
    );
}

// Class 2: a min-max scaler over a column whose range overflows. By hand:
// (x − min)/(max − min) for x = −1e308, 0, 1e308 and a range of 2e308 is 0,
// 1e308/2e308 = 0.5 and 1; the inverse gives the column back.
#[test]
fn min_max_scaling_of_a_range_beyond_the_largest_float_stays_finite() {
    let x = array![[-1e308_f64], [0.0], [1e308]];
    let scaler = MinMaxScaler::fit(&x).unwrap();
    // 1/2e308 = 5e-309, below the smallest normal double but not zero.
    assert!((scaler.scale()[0] / 5e-309 - 1.0).abs() < 1e-15);
    let t = scaler.transform(&x).unwrap();
    let expected = [0.0, 0.5, 1.0];
    for (&t, e) in t.iter().zip(expected) {
        assert!((t - e).abs() < 1e-15, "{t} for {e}");
    }
    let back = scaler.inverse_transform(&t).unwrap();
    for (&b, &x) in back.iter().zip(&x) {
        assert!((b - x).abs() <= 1e-15 * x.abs(), "{b} for {x}");
    }

    // A target range of width 2e308: scale = (1e308 + 1e308)/(1 − (−1)) =
    // 1e308 and shift = −1e308 − (−1)·1e308 = 0, so x′ = 1e308·x exactly.
    let x = array![[-1.0], [0.0], [1.0]];
    let wide = MinMaxScaler::fit_range(&x, (-1e308, 1e308)).unwrap();
    assert_eq!(wide.scale()[0], 1e308);
    let t = wide.transform(&x).unwrap();
    assert_eq!(t, array![[-1e308], [0.0], [1e308]]);
    assert_eq!(wide.inverse_transform(&t).unwrap(), x);

    // scale = 2e308/2 = 1e308, shift = −1e308: 2 maps to 2e308 − 1e308 =
    // 1e308, though 2·1e308 alone overflows; the inverse gives 2 back.
    let x = array![[0.0], [2.0]];
    let wide = MinMaxScaler::fit_range(&x, (-1e308, 1e308)).unwrap();
    let t = wide.transform(&x).unwrap();
    assert_eq!(t, array![[-1e308], [1e308]]);
    assert_eq!(wide.inverse_transform(&t).unwrap(), x);

    // Width 2e308 over a range of 1: a scale of 2e308 is no double.
    let unrepresentable = MinMaxScaler::fit_range(&array![[0.0], [1.0]], (-1e308, 1e308));
    assert!(matches!(
        unrepresentable,
        Err(Error::InvalidSetting {
            name: "feature_range",
            ..
        })
    ));
}

// Class 3: gradient clipping when Σg² overflows though every g is finite.
#[test]
fn clipping_a_gradient_whose_squares_overflow_still_clips_to_max_norm() {
    // By hand: ‖[1e20, 1e20]‖ = 1e20·√2 (in f32, where 1e40 is infinite);
    // clipped to norm 1, each entry is 1/√2 = 0.70710677.
    let mut gradient: Vec<ArrayD<f32>> = vec![array![1e20_f32, 1e20].into_dyn()];
    let norm = clip_grad_norm(&mut gradient, 1.0).unwrap();
    assert!((norm / (1e20 * std::f32::consts::SQRT_2) - 1.0).abs() < 1e-6);
    for &g in &gradient[0] {
        assert!((g - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6, "{g}");
    }

    // By hand: ‖[3e200, 4e200]‖ = 5e200 (in f64); clipped to norm 2 the
    // entries are 2·3/5 = 1.2 and 2·4/5 = 1.6.
    let mut gradient: Vec<ArrayD<f64>> = vec![array![3e200].into_dyn(), array![[4e200]].into_dyn()];
    let norm = clip_grad_norm(&mut gradient, 2.0).unwrap();
    assert!((norm / 5e200 - 1.0).abs() < 1e-15);
    assert!((gradient[0][[0]] - 1.2).abs() < 1e-15);
    assert!((gradient[1][[0, 0]] - 1.6).abs() < 1e-15);
}

// Class 4: an empty batch of maps flattens to (0, features), so a network
// of convolution, flatten and dense layers predicts nothing for it, as a
// dense network does for 0 rows.
#[test]
fn a_convolutional_network_predicts_an_empty_batch() {
    // A 3×3 filter over 5×5 maps gives 1 map of 3×3: 9 features.
    let conv = Conv2d::new(
        Array4::from_elem((1, 1, 3, 3), 0.1),
        array![0.0],
        Activation::Relu,
    )
    .unwrap();
    let dense = Dense::new(
        Array2::from_elem((9, 1), 0.5),
        array![0.0],
        Activation::Identity,
    )
    .unwrap();
    let layers: Vec<Box<dyn Layer<f64>>> = vec![Box::new(conv), Box::new(Flatten), Box::new(dense)];
    let network = Sequential::from_layers(layers).unwrap();
    let empty = Array4::<f64>::zeros((0, 1, 5, 5));
    assert_eq!(network.forward(&empty).unwrap().dim(), (0, 1));
    assert_eq!(network.predict(&empty).unwrap().len(), 0);
    let rows = Layer::<f64>::net_input(&Flatten, empty.view().into_dyn()).unwrap();
    assert_eq!(rows.shape(), &[0, 25]);
    // The same batch with one sample: 9 ones times 0.1, relu, times 0.5 each.
    let one = Array4::<f64>::ones((1, 1, 5, 5));
    assert!((network.predict(&one).unwrap()[0] - 9.0 * 0.9 * 0.5).abs() < 1e-12);
}

// Class 5: categorical cross-entropy over one class has no distribution to
// measure; value and gradient refuse it as metrics::multiclass_log_loss does.
#[test]
fn categorical_cross_entropy_refuses_a_single_class() {
    let outputs = array![[1.0], [1.0]];
    let targets = array![[1.0], [1.0]];
    let value: neuron::Result<f64> = Loss::CrossEntropy.value(&outputs, &targets);
    assert!(matches!(value, Err(Error::InvalidSetting { value, .. }) if value == 1.0));
    assert!(matches!(
        Loss::CrossEntropy.gradient(&outputs, &targets),
        Err(Error::InvalidSetting { .. })
    ));
    // Two classes are as before: −ln 0.5 = 0.6931….
    let two: f64 = Loss::CrossEntropy
        .value(&array![[0.5, 0.5]], &array![[1.0, 0.0]])
        .unwrap();
    assert!((two - std::f64::consts::LN_2).abs() < 1e-15);
}

#[cfg(feature = "npy")]
mod npy {
    use std::fs;
    use std::path::PathBuf;

    use neuron::prelude::*;

    fn folder(name: &str) -> PathBuf {
        let folder =
            std::env::temp_dir().join(format!("neuron-round3-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&folder);
        fs::create_dir_all(&folder).unwrap();
        folder
    }

    // Class 6: npy files hold only what reads back. A NaN weight is refused
    // before either file is touched, as the other formats refuse it.
    #[test]
    fn npy_writers_refuse_non_finite_weights_and_keep_the_old_files() {
        let dir = folder("nan");
        let (w, b) = (dir.join("w.npy"), dir.join("b.npy"));
        let good = Dense::new(array![[1.0]], array![0.0], Activation::Tanh).unwrap();
        good.write_npy(&w, &b).unwrap();
        let before = (fs::read(&w).unwrap(), fs::read(&b).unwrap());

        let nan = Dense::new(array![[f64::NAN]], array![0.0], Activation::Tanh).unwrap();
        let err = nan.write_npy(&w, &b).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Npy {
                    action: "write",
                    ..
                }
            ),
            "{err}"
        );
        assert!(
            err.to_string()
                .contains("is NaN, but weights must be finite"),
            "{err}"
        );
        assert_eq!((fs::read(&w).unwrap(), fs::read(&b).unwrap()), before);

        let inf_bias = Neuron::new(array![0.5]).with_bias(f64::INFINITY);
        let err = inf_bias.write_npy(&w, &b).unwrap_err();
        assert!(
            err.to_string()
                .contains("is inf, but biases must be finite"),
            "{err}"
        );
        assert_eq!((fs::read(&w).unwrap(), fs::read(&b).unwrap()), before);
        assert_eq!(
            Dense::<f64>::read_npy(&w, &b, Activation::Tanh).unwrap(),
            good
        );
        fs::remove_dir_all(&dir).ok();
    }

    // A folder read with fewer activations than it holds layers is refused,
    // and a smaller network written over a larger one leaves no stale layer.
    #[test]
    fn npy_folders_hold_exactly_one_network() {
        let dir = folder("dir");
        let mut rng = StdRng::seed_from_u64(1);
        let three = Network::<f64>::random(
            &[2, 3, 3, 1],
            Activation::Tanh,
            Init::XavierUniform,
            &mut rng,
        )
        .unwrap();
        three.write_npy_dir(&dir).unwrap();
        let err =
            Network::<f64>::read_npy_dir(&dir, &[Activation::Tanh, Activation::Tanh]).unwrap_err();
        assert!(matches!(err, Error::Npy { action: "read", .. }), "{err}");
        assert!(err.to_string().contains("layer2_weights.npy"), "{err}");

        let two =
            Network::<f64>::random(&[2, 3, 3], Activation::Tanh, Init::XavierUniform, &mut rng)
                .unwrap();
        two.write_npy_dir(&dir).unwrap();
        assert!(!dir.join("layer2_weights.npy").exists());
        assert!(!dir.join("layer2_bias.npy").exists());
        let read =
            Network::<f64>::read_npy_dir(&dir, &[Activation::Tanh, Activation::Tanh]).unwrap();
        assert_eq!(read, two);
        fs::remove_dir_all(&dir).ok();
    }
}
