//! Hostile files and absurd numbers: nothing aborts, nothing panics, nothing is
//! lost. One test per class of finding in issue 15; each crafted file is also
//! in the fuzz corpus (`fuzz/corpus/read_npy/`).

#[cfg(any(feature = "npy", feature = "serde"))]
use std::fs;
#[cfg(any(feature = "npy", feature = "serde"))]
use std::path::PathBuf;

#[cfg(feature = "serde")]
use neuron::FileProblem;
use neuron::Neuron;
use neuron::prelude::*;

#[cfg(any(feature = "npy", feature = "serde"))]
fn folder(test: &str) -> PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("neuron-hostile-{}-{test}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(feature = "npy")]
/// A `.npy` file: version 1 preamble, the header text padded to 64 bytes, data.
fn npy(header: &str, data: &[u8]) -> Vec<u8> {
    let mut text = header.to_owned();
    while !(10 + text.len() + 1).is_multiple_of(64) {
        text.push(' ');
    }
    text.push('\n');
    let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
    bytes.extend_from_slice(&(text.len() as u16).to_le_bytes());
    bytes.extend_from_slice(text.as_bytes());
    bytes.extend_from_slice(data);
    bytes
}

#[cfg(feature = "npy")]
fn read_weights(bytes: &[u8], test: &str) -> String {
    let dir = folder(test);
    let (w, b) = (dir.join("w.npy"), dir.join("b.npy"));
    fs::write(&w, bytes).unwrap();
    fs::write(
        &b,
        npy(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
            &0.5f64.to_le_bytes(),
        ),
    )
    .unwrap();
    match Dense::<f64>::read_npy(&w, &b, Activation::Tanh) {
        Ok(layer) => panic!("{test}: read {layer}"),
        Err(e) => e.to_string(),
    }
}

#[cfg(feature = "npy")]
#[test]
fn loaders_check_every_header_before_they_allocate() {
    let data = 1.0f64.to_le_bytes();
    // A second 'shape' key (ndarray-npy would read the last one and allocate for it).
    let twice = npy(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), 'shape': (1000000000, 1000000000), }",
        &data,
    );
    assert!(read_weights(&twice, "twice").ends_with("the header has the key `shape` twice"));
    // 'shape' text inside the descr string.
    let hidden = npy(
        "{'descr': \"<f8', 'shape': (1, 1), '\", 'fortran_order': False, 'shape': (1000000000, 1000000000), }",
        &data,
    );
    let message = read_weights(&hidden, "hidden");
    assert!(message.contains("an unknown dtype"), "{message}");
    // A shape whose product overflows to 0 (ndarray-npy panicked on it).
    let overflow = npy(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (0, 18446744073709551615), }",
        &[],
    );
    assert!(
        read_weights(&overflow, "overflow").ends_with(
            "the header's shape (0, 18446744073709551615) is larger than any array can be"
        )
    );
    // A shape that needs more data than the file holds.
    let short = npy(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1000, 1000), }",
        &data,
    );
    assert!(read_weights(&short, "short").ends_with(
        "the header's shape (1000, 1000) of float64 needs 8000000 bytes of data, but the file holds 8"
    ));
    // More data than the shape says.
    let long = npy(
        "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }",
        &[0; 16],
    );
    assert!(read_weights(&long, "long").ends_with("needs 8 bytes of data, but the file holds 16"));
    // A version-2 header claiming 4 GB.
    let mut huge = b"\x93NUMPY\x02\x00".to_vec();
    huge.extend_from_slice(&u32::MAX.to_le_bytes());
    assert!(read_weights(&huge, "huge header").contains("the header claims 4294967295 bytes"));
    // Not a .npy file at all, and an empty one.
    assert!(read_weights(b"PK\x03\x04", "zip").ends_with("it does not start with \\x93NUMPY"));
    assert!(read_weights(b"", "empty").ends_with("it does not start with \\x93NUMPY"));
}

#[cfg(all(unix, feature = "npy", feature = "serde"))]
#[test]
fn endless_devices_are_refused_from_their_first_bytes() {
    let zero = std::path::Path::new("/dev/zero");
    if !zero.exists() {
        return;
    }
    let err = Dense::<f64>::read_npy(zero, zero, Activation::Tanh).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("it does not start with \\x93NUMPY"),
        "{err}"
    );
    let err = Network::<f64>::load(zero).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::ModelFile {
                problem: FileProblem::NotAModelFile { .. },
                ..
            }
        ),
        "{err}"
    );
}

#[test]
fn sizes_from_the_caller_are_checked() {
    let mut rng = StdRng::seed_from_u64(0);
    let err = Dense::<f64>::random(
        usize::MAX,
        3,
        Activation::Tanh,
        Init::XavierUniform,
        &mut rng,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot allocate the weights of 18446744073709551615 × 3 values: the size overflows"
    );
    // Fits the address space, not the memory of any machine (8 PiB).
    let err = Dense::<f64>::random(1 << 30, 1 << 20, Activation::Tanh, Init::Zeros, &mut rng)
        .unwrap_err();
    assert!(matches!(err, Error::Allocation { .. }), "{err}");
    assert!(Neuron::<f32>::random(usize::MAX, Init::Lecture, &mut rng).is_err());
    assert!(
        Network::<f64>::random(&[2, usize::MAX, 1], Activation::Tanh, Init::Zeros, &mut rng)
            .is_err()
    );
    assert!(matches!(
        one_hot(&array![0.0, 1.0], usize::MAX).unwrap_err(),
        Error::Allocation { .. }
    ));
    // Models of no inputs or no outputs.
    let err =
        Dense::<f64>::new(Array2::zeros((3, 0)), Array1::zeros(0), Activation::Tanh).unwrap_err();
    assert_eq!(
        err.to_string(),
        "a layer needs at least one input and one output, but this one has 3 inputs and 0 outputs"
    );
    assert!(Network::<f64>::random(&[0, 2], Activation::Tanh, Init::Zeros, &mut rng).is_err());
    assert!(Neuron::<f64>::try_new(Array1::zeros(0)).is_err());
}

#[cfg(all(unix, feature = "serde"))]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(feature = "npy")]
#[test]
fn a_failed_write_leaves_every_old_file_as_it_was() {
    let dir = folder("all-or-nothing");
    let old = Dense::new(array![[1.0, 2.0]], array![0.5, -0.5], Activation::Tanh).unwrap();
    let (w, b) = (dir.join("w.npy"), dir.join("b.npy"));
    old.write_npy(&w, &b).unwrap();
    let new = Dense::new(array![[3.0, 4.0]], array![0.0, 0.0], Activation::Tanh).unwrap();
    // The bias cannot be written (its folder does not exist): the weights stay old.
    let err = new
        .write_npy(&w, dir.join("missing").join("b.npy"))
        .unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err}");
    assert_eq!(
        Dense::<f64>::read_npy(&w, &b, Activation::Tanh).unwrap(),
        old
    );

    // A folder of layers where the last bias cannot be replaced.
    let mut rng = StdRng::seed_from_u64(1);
    let net = Network::<f64>::random(&[2, 3, 1], Activation::Tanh, Init::XavierUniform, &mut rng)
        .unwrap();
    let layers = dir.join("layers");
    fs::create_dir_all(&layers).unwrap();
    net.write_npy_dir(&layers).unwrap();
    let before: Vec<Vec<u8>> = ["layer0_weights", "layer0_bias", "layer1_weights"]
        .iter()
        .map(|f| fs::read(layers.join(format!("{f}.npy"))).unwrap())
        .collect();
    fs::remove_file(layers.join("layer1_bias.npy")).unwrap();
    fs::create_dir(layers.join("layer1_bias.npy")).unwrap(); // cannot be replaced by a file
    let other = Network::<f64>::random(&[2, 3, 1], Activation::Tanh, Init::XavierUniform, &mut rng)
        .unwrap();
    assert!(other.write_npy_dir(&layers).is_err());
    for (f, old) in ["layer0_weights", "layer0_bias", "layer1_weights"]
        .iter()
        .zip(&before)
    {
        assert_eq!(
            &fs::read(layers.join(format!("{f}.npy"))).unwrap(),
            old,
            "{f} changed"
        );
    }
    // No temporary or backup files are left behind.
    let names: Vec<String> = fs::read_dir(&layers)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.starts_with('.')), "{names:?}");
}

#[cfg(all(unix, feature = "serde"))]
#[test]
fn saves_keep_modes_and_symbolic_links() {
    let dir = folder("modes");
    let model = Neuron::new(array![1.0, 2.0]);
    // A new file gets what File::create gives (0666 less the umask).
    let probe = dir.join("probe");
    fs::File::create(&probe).unwrap();
    let new = dir.join("new.json");
    model.save(&new).unwrap();
    assert_eq!(mode(&new), mode(&probe));
    // An overwritten file keeps its mode, say 0644 for a service to read.
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&new, fs::Permissions::from_mode(0o644)).unwrap();
    Neuron::new(array![3.0, 4.0]).save(&new).unwrap();
    assert_eq!(mode(&new), 0o644);
    fs::set_permissions(&new, fs::Permissions::from_mode(0o640)).unwrap();
    model.save(&new).unwrap();
    assert_eq!(mode(&new), 0o640);
    // Through a symbolic link: the link stays a link, its target is updated.
    let link = dir.join("link.json");
    std::os::unix::fs::symlink("new.json", &link).unwrap();
    let updated = Neuron::new(array![5.0, 6.0]);
    updated.save(&link).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(Neuron::<f64>::load(&new).unwrap(), updated);
    // A dangling link: the file it names is created.
    let dangling = dir.join("dangling.json");
    std::os::unix::fs::symlink("created.json", &dangling).unwrap();
    model.save(&dangling).unwrap();
    assert_eq!(
        Neuron::<f64>::load(dir.join("created.json")).unwrap(),
        model
    );
}

#[test]
fn settings_are_checked_in_the_float_type_that_uses_them() {
    let x = array![[1.0_f32, 0.0], [0.0, 1.0]];
    let t = array![1.0_f32, 0.0];
    let fit = |settings: GradientDescent| {
        let mut neuron = Neuron::new(array![0.0_f32, 0.0]);
        let err = settings
            .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)
            .unwrap_err();
        assert_eq!(neuron, Neuron::new(array![0.0, 0.0]));
        err.to_string()
    };
    assert_eq!(
        fit(GradientDescent::new().learning_rate(1e-50)),
        "learning_rate is 0.00000000000000000000000000000000000000000000000001, but it must be a number f32 can hold (in f32 it rounds to 0 or ∞)"
            .replace("0.00000000000000000000000000000000000000000000000001", &1e-50_f64.to_string())
    );
    assert!(fit(GradientDescent::new().learning_rate(1e300)).starts_with("learning_rate is 1000"));
    assert!(fit(GradientDescent::new().l2(1e-60)).starts_with("l2 is"));
    assert!(
        fit(GradientDescent::new().optimizer(Optimizer::adam().epsilon(1e-60)))
            .starts_with("epsilon is")
    );
    // The same settings are fine in f64.
    let mut neuron = Neuron::new(array![0.0_f64, 0.0]);
    assert!(
        GradientDescent::new()
            .learning_rate(1e-50)
            .epochs(1)
            .fit(
                &mut neuron,
                &x.mapv(f64::from),
                &t.mapv(f64::from),
                Loss::BinaryCrossEntropy
            )
            .is_ok()
    );
    // Bounds that overflow f32.
    let mut rng = StdRng::seed_from_u64(0);
    let wide = Init::Uniform {
        low: -1e300,
        high: 1e300,
    };
    assert_eq!(
        Neuron::<f32>::random(3, wide, &mut rng).unwrap_err(),
        Error::InvalidRange {
            low: -1e300,
            high: 1e300
        }
    );
    assert!(Neuron::<f64>::random(3, wide, &mut rng).is_ok());
}

#[test]
fn no_silent_garbage() {
    // The perceptron stops when its weights overflow, and keeps the last good ones.
    // w ← w + η·(t − y)·x = 0 − 2·3e38 = −6e38: past f32's largest, −∞.
    let x = array![[3e38_f32, 3e38]];
    let t = array![0.0_f32];
    let start = Neuron::new(array![0.0_f32, 0.0]).with_activation(Activation::Step);
    let mut neuron = start.clone();
    let err = Perceptron::new()
        .learning_rate(2.0)
        .epochs(10)
        .shuffle(false)
        .fit(&mut neuron, &x, &t)
        .unwrap_err();
    assert!(matches!(err, Error::Diverged { epoch: 1, .. }), "{err}");
    assert_eq!(neuron, start);

    // Standardising huge but finite data: finite results, and a column of
    // huge variance is not mistaken for a constant one.
    // NumPy: x = [1e308, -1e308, 5e307]; x.mean() = 1.6666666666666667e307
    let data: Array2<f64> = array![[1e308, 1.0], [-1e308, 1.0], [5e307, 1.0]];
    let scaler = Standardizer::fit(&data).unwrap();
    assert!((scaler.mean()[0] / 1.6666666666666667e307 - 1.0).abs() < 1e-15);
    assert!(scaler.scale()[0] > 1e307 && scaler.scale()[0].is_finite());
    assert_eq!(scaler.scale()[1], 1.0);
    let z = scaler.transform(&data).unwrap();
    assert!(z.iter().all(|v| v.is_finite()), "{z}");
    assert!((z.column(0).sum()).abs() < 1e-12);

    // A threshold that is not a number.
    let neuron = Neuron::new(array![1.0]);
    let err = neuron
        .predict_with_threshold(&array![[1.0]], f64::NAN)
        .unwrap_err();
    assert_eq!(err.to_string(), "threshold is NaN, but it must be finite");
}

#[cfg(feature = "serde")]
#[test]
fn model_files_with_no_outputs_or_odd_versions_say_what_is_wrong() {
    let dir = folder("files");
    let write = |name: &str, text: &str| {
        let path = dir.join(name);
        fs::write(&path, text).unwrap();
        path
    };
    let no_units = write(
        "zero.json",
        r#"{"format": "neuron", "version": 1, "kind": "dense", "float": "f64",
            "model": {"weights": [[], []], "bias": [], "activation": "sigmoid"}}"#,
    );
    let err = Dense::<f64>::load(&no_units).unwrap_err();
    assert!(
        err.to_string()
            .contains("model.bias is empty, but a layer needs at least one input and one unit"),
        "{err}"
    );
    let version = write(
        "version.json",
        r#"{"format": "neuron", "version": 1.0, "kind": "neuron", "float": "f64",
            "model": {"weights": [1.0], "bias": 0.0, "activation": "sigmoid"}}"#,
    );
    let err = Neuron::<f64>::load(&version).unwrap_err();
    assert!(
        err.to_string().ends_with(
            "version is 1.0, but the format version is a whole number, 1 for this version of neuron"
        ),
        "{err}"
    );
    // A byte-order mark, as Windows editors write, is skipped.
    let bom = write(
        "bom.json",
        "\u{feff}{\"format\": \"neuron\", \"version\": 1, \"kind\": \"neuron\", \"float\": \"f64\",
            \"model\": {\"weights\": [1.0], \"bias\": 0.0, \"activation\": \"sigmoid\"}}",
    );
    assert_eq!(Neuron::<f64>::load(&bom).unwrap(), Neuron::new(array![1.0]));
}

#[test]
fn messages_name_the_real_problem() {
    // A float32 file (PyTorch's default dtype) read as f64, and an int8 one.
    #[cfg(feature = "npy")]
    {
        let dir = folder("dtypes");
        let f32_file = dir.join("f32.npy");
        fs::write(
            &f32_file,
            npy(
                "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }",
                &[0; 12],
            ),
        )
        .unwrap();
        let err = Neuron::<f64>::read_npy(&f32_file, &f32_file, Activation::Sigmoid).unwrap_err();
        assert!(
        err.to_string().ends_with(
            "the file holds float32 ('<f4') values, but f64 weights are read from float64 ('<f8')"
        ),
        "{err}"
    );
        let int8 = dir.join("i1.npy");
        fs::write(
            &int8,
            npy(
                "{'descr': '|i1', 'fortran_order': False, 'shape': (3,), }",
                &[1, 2, 3],
            ),
        )
        .unwrap();
        let err = Neuron::<f64>::read_npy(&int8, &int8, Activation::Sigmoid).unwrap_err();
        assert!(err.to_string().contains("int8 ('|i1')"), "{err}");
    }
    // The output buffer of forward_into.
    let neuron = Neuron::new(array![1.0, 2.0]);
    let mut out = Array1::zeros(3);
    let err = neuron
        .forward_into(&array![[1.0, 2.0]], &mut out)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "rows of the inputs and the output buffer: lengths differ, 1 and 3"
    );
    // A validation set of the wrong width is the validation set's fault.
    let mut model = Neuron::new(array![0.0, 0.0]);
    let (x, t) = (array![[1.0, 0.0]], array![1.0]);
    let err = GradientDescent::new()
        .fit_with(
            &mut model,
            &x,
            &t,
            Loss::BinaryCrossEntropy,
            Hooks::new().validation(&array![[1.0]], &t),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the validation set: input has 1 features per sample, but the neuron has 2 weights"
    );
}

#[cfg(unix)]
#[test]
fn csv_loading_refuses_binary_input_from_its_first_bytes() {
    let zero = std::path::Path::new("/dev/zero");
    if zero.exists() {
        let err = datasets::read_csv::<f64>(zero, &datasets::CsvOptions::new()).unwrap_err();
        assert!(
            err.to_string()
                .ends_with("it holds binary data (a NUL byte at offset 0), not CSV text"),
            "{err}"
        );
    }
}
