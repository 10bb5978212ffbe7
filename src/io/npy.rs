//! NumPy interop: weights and biases as `.npy` files, read and written with ndarray-npy.
//!
//! The layout is NumPy's `X @ W + b`: a layer's weights are `(n_inputs, n_units)`
//! and its bias `(n_units,)`. PyTorch's `nn.Linear.weight` is `(n_units, n_inputs)`,
//! so save its transpose: `np.save("w.npy", linear.weight.detach().numpy().T)`.
//! The file's dtype must match the model's float type (`float64` for `f64`,
//! `float32` for `f32`).
//!
//! The files hold arrays, not models: the methods take two paths (a neuron, a
//! layer) or a folder (a network), and the activations from the caller. Both
//! ways go through the model's description, whose checks a model read here
//! passes as one read from any other file, with the errors of the model's
//! constructors (`Dense::new`, `Network::from_layers`).

use std::path::Path;

use ndarray::{Array, Array1, Array2, ArrayD, Axis, Dimension, Ix1, Ix2};
use ndarray_npy::{ReadNpyExt, WriteNpyExt};

use super::description::{Described, Invalid, Kind, LayerDescription, ModelDescription};
use super::npy_header;
use crate::io::read_file::{ReadProblem, Source};
use crate::{Activation, Dense, Error, Float, Network, Neuron, Result};

/// Reads a `.npy` file of the given dimension, refusing NaN and infinity.
///
/// Nothing in the file is trusted: the preamble and header are read and
/// checked completely (see `npy_header`) before the data is read, the dtype
/// must be `F`'s, and the data must be exactly as long as the shape says, so
/// memory follows the file's real size, never what its header claims.
fn read<F: Float, D: Dimension>(path: &Path, what: &str) -> Result<Array<F, D>> {
    let fail = |message: String| Error::Npy {
        action: "read",
        path: path.display().to_string(),
        message,
    };
    let problem = |problem: ReadProblem| match problem {
        ReadProblem::Io(e) => fail(e.to_string()),
        ReadProblem::Refused(message) => fail(message),
    };
    let mut source = Source::open(path).map_err(problem)?;
    let mut bytes = source.read_up_to(12).map_err(problem)?;
    let (prefix, header_len) = npy_header::prefix(&bytes).map_err(fail)?;
    let header_end = prefix + header_len;
    let more = source
        .read_up_to(header_end.saturating_sub(bytes.len()) as u64)
        .map_err(problem)?;
    bytes.extend_from_slice(&more);
    let Some(text) = bytes.get(prefix..header_end) else {
        return Err(fail(format!(
            "the header claims {header_len} bytes, but the file ends after {}",
            bytes.len().saturating_sub(prefix)
        )));
    };
    let text = match bytes.get(6) {
        // Version 3 headers are UTF-8; 1 and 2 are Latin-1, which maps byte to char.
        Some(3) => String::from_utf8_lossy(text).into_owned(),
        _ => text.iter().map(|&b| char::from(b)).collect(),
    };
    let header = npy_header::parse(&text).map_err(fail)?;
    let item_size = std::mem::size_of::<F>();
    let expected = if item_size == 4 { "float32" } else { "float64" };
    let dtype_ok = matches!(
        (header.descr.as_str(), item_size),
        ("<f4" | ">f4", 4) | ("<f8" | ">f8", 8)
    );
    if !dtype_ok {
        return Err(fail(format!(
            "the file holds {} values, but {} {what} are read from {expected} ('<{}{item_size}')",
            npy_header::dtype_name(&header.descr),
            F::NAME,
            'f'
        )));
    }
    let Some(data_len) = header.data_len(item_size) else {
        return Err(fail(format!(
            "the header's shape {} is larger than any array can be",
            header.shape_text()
        )));
    };
    let data_len_text = |held: u64| {
        format!(
            "the header's shape {} of {expected} needs {data_len} bytes of data, but the file holds {held}",
            header.shape_text()
        )
    };
    if let Some(size) = source.size() {
        let held = size.saturating_sub(header_end as u64);
        if held != data_len as u64 {
            return Err(fail(data_len_text(held)));
        }
    }
    let data = source.read_up_to(data_len as u64).map_err(problem)?;
    if data.len() != data_len || !source.read_up_to(1).map_err(problem)?.is_empty() {
        let held = data.len() as u64 + u64::from(data.len() == data_len);
        return Err(fail(data_len_text(held)));
    }
    bytes.extend_from_slice(&data);
    let array = ArrayD::<F>::read_npy(bytes.as_slice()).map_err(|e| fail(e.to_string()))?;
    if let Some((index, value)) = array.indexed_iter().find(|(_, v)| !v.is_finite()) {
        return Err(fail(format!(
            "{what} at index {:?} is {value}; {what} must be finite",
            index.slice()
        )));
    }
    let shape = array.shape().to_vec();
    array.into_dimensionality::<D>().map_err(|_| {
        fail(format!(
            "{what} must have {} dimension(s), but the file holds shape {shape:?}",
            D::NDIM.unwrap_or(0)
        ))
    })
}

/// An array as the bytes of a `.npy` file.
fn npy_bytes<F: Float, D: Dimension>(path: &Path, array: &Array<F, D>) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    array.write_npy(&mut bytes).map_err(|e| Error::Npy {
        action: "write",
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    Ok(bytes)
}

/// The arrays a model's layers are written as, a weights and a bias per
/// layer: a neuron's as a vector `(n_inputs,)` and a number (a 0-d array),
/// a layer's as `(n_inputs, n_units)` and `(n_units,)`.
fn arrays<F: Float>(model: &ModelDescription<F>) -> Vec<(ArrayD<F>, ArrayD<F>)> {
    let arrays = |layer: &LayerDescription<F>| match model.kind {
        Kind::Neuron => (
            layer
                .weights
                .iter()
                .copied()
                .collect::<Array1<F>>()
                .into_dyn(),
            ndarray::arr0(layer.bias.iter().copied().next().unwrap_or_default()).into_dyn(),
        ),
        Kind::Dense | Kind::Network => (
            layer.weights.clone().into_dyn(),
            layer.bias.clone().into_dyn(),
        ),
    };
    model.layers.iter().map(arrays).collect()
}

/// Writes each layer's weights and bias to its pair of paths, all or nothing:
/// every new file is complete before the first old one is replaced (see `atomic`).
/// NaN and infinity are refused before any file is touched, as every other
/// format refuses them: `read` would not read them back.
fn write_layers<F: Float>(model: &ModelDescription<F>, paths: &[(&Path, &Path)]) -> Result<()> {
    let arrays = arrays(model);
    for ((weights, bias), &(weights_path, bias_path)) in arrays.iter().zip(paths) {
        for (array, path, what) in [
            (weights, weights_path, "weights"),
            (bias, bias_path, "biases"),
        ] {
            if let Some((index, value)) = array.indexed_iter().find(|(_, v)| !v.is_finite()) {
                return Err(Error::Npy {
                    action: "write",
                    path: path.display().to_string(),
                    message: format!(
                        "the value at index {:?} is {value}, but {what} must be finite",
                        index.slice()
                    ),
                });
            }
        }
    }
    let mut files = Vec::with_capacity(2 * paths.len());
    for ((weights, bias), &(weights_path, bias_path)) in arrays.iter().zip(paths) {
        files.push((weights_path, npy_bytes(weights_path, weights)?));
        files.push((bias_path, npy_bytes(bias_path, bias)?));
    }
    let files: Vec<(&Path, &[u8])> = files
        .iter()
        .map(|(path, bytes)| (*path, bytes.as_slice()))
        .collect();
    crate::io::atomic::write_all_atomically(&files)
}

/// A model from the layers read, checked as every model file's are; a fault
/// is the error the model's constructor gives. `path` names the files.
fn model<F: Float, M: Described<F>>(layers: Vec<LayerDescription<F>>, path: &Path) -> Result<M> {
    let description = ModelDescription {
        kind: M::KIND,
        layers,
        title: String::new(),
    };
    M::try_from(description).map_err(|invalid| match invalid {
        Invalid::Field { error, .. } => *error,
        Invalid::Chain {
            layer,
            found,
            expected,
        } => Error::LayerMismatch {
            layer,
            previous: layer.saturating_sub(1),
            found,
            expected,
        },
        Invalid::Kind { found, expected } => Error::Npy {
            action: "read",
            path: path.display().to_string(),
            message: format!("the files hold a {found}, not a {expected}"),
        },
    })
}

/// A layer read from its files; a neuron is a layer of one unit.
fn layer<F: Float>(
    weights: Array2<F>,
    bias: Array1<F>,
    activation: Activation,
) -> LayerDescription<F> {
    LayerDescription {
        weights,
        bias,
        activation,
        dropout: 0.0,
    }
}

/// A bias file: a single number, saved by NumPy as a 0-d array or a length-1 vector.
fn read_scalar<F: Float>(path: &Path) -> Result<F> {
    let values: ArrayD<F> = read(path, "bias")?;
    match values.iter().collect::<Vec<_>>()[..] {
        [&b] => Ok(b),
        _ => Err(Error::Npy {
            action: "read",
            path: path.display().to_string(),
            message: format!(
                "a neuron's bias is one number, but the file holds shape {:?}",
                values.shape()
            ),
        }),
    }
}

impl<F: Float> Neuron<F> {
    /// Reads a neuron from NumPy files: weights `(n_inputs,)` and a bias (a 0-d
    /// array, as `np.save(path, 0.1)` writes, or a length-1 vector).
    ///
    /// # Errors
    /// [`Error::Npy`] for a file that cannot be read, of the wrong dtype or shape,
    /// or holding NaN or infinity; [`Error::EmptyModel`] for no weights and
    /// [`Error::SoftmaxUnits`] for a softmax, as every model file is checked.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    ///
    /// let dir = std::env::temp_dir();
    /// let (w, b) = (dir.join(format!("w-{}.npy", std::process::id())), dir.join(format!("b-{}.npy", std::process::id())));
    /// let neuron = Neuron::new(array![0.4, 0.7, 0.2]).with_bias(0.1);
    /// neuron.write_npy(&w, &b)?;
    /// assert_eq!(Neuron::<f64>::read_npy(&w, &b, neuron.activation())?, neuron);
    /// # std::fs::remove_file(&w).ok(); std::fs::remove_file(&b).ok();
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn read_npy(
        weights: impl AsRef<Path>,
        bias: impl AsRef<Path>,
        activation: Activation,
    ) -> Result<Self> {
        let w = read::<F, Ix1>(weights.as_ref(), "weights")?;
        let b = read_scalar(bias.as_ref())?;
        let neuron = layer(w.insert_axis(Axis(1)), Array1::from_elem(1, b), activation);
        model(vec![neuron], weights.as_ref())
    }

    /// Writes the weights `(n_inputs,)` and the bias (a 0-d array) as NumPy files,
    /// both or neither: on an error, both files are as they were.
    ///
    /// # Errors
    /// [`Error::Npy`] for a NaN or infinite weight or bias (nothing is
    /// written); [`Error::Npy`] or [`Error::Io`] if a file cannot be written.
    pub fn write_npy(&self, weights: impl AsRef<Path>, bias: impl AsRef<Path>) -> Result<()> {
        write_layers(&self.describe(), &[(weights.as_ref(), bias.as_ref())])
    }
}

impl<F: Float> Dense<F> {
    /// Reads a layer from NumPy files: weights `(n_inputs, n_units)`, as in
    /// `X @ W`, and bias `(n_units,)`.
    ///
    /// # Errors
    /// [`Error::Npy`] for a file that cannot be read, of the wrong dtype or
    /// dimension, or holding NaN or infinity; [`Error::BiasLengthMismatch`] for
    /// a bias that does not fit the weights.
    ///
    /// ```
    /// use neuron::{Activation, Dense};
    /// use neuron::ndarray::array;
    ///
    /// let dir = std::env::temp_dir();
    /// let (w, b) = (dir.join(format!("lw-{}.npy", std::process::id())), dir.join(format!("lb-{}.npy", std::process::id())));
    /// let layer = Dense::new(array![[0.1_f32, 0.2], [0.3, 0.4]], array![0.0, 1.0], Activation::Tanh)?;
    /// layer.write_npy(&w, &b)?;
    /// assert_eq!(Dense::<f32>::read_npy(&w, &b, Activation::Tanh)?, layer);
    /// assert!(Dense::<f64>::read_npy(&w, &b, Activation::Tanh).is_err()); // float32 files
    /// # std::fs::remove_file(&w).ok(); std::fs::remove_file(&b).ok();
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn read_npy(
        weights: impl AsRef<Path>,
        bias: impl AsRef<Path>,
        activation: Activation,
    ) -> Result<Self> {
        let w = read::<F, Ix2>(weights.as_ref(), "weights")?;
        let b = read::<F, Ix1>(bias.as_ref(), "bias")?;
        model(vec![layer(w, b, activation)], weights.as_ref())
    }

    /// Writes the weights `(n_inputs, n_units)` and bias `(n_units,)` as NumPy
    /// files, both or neither: on an error, both files are as they were.
    ///
    /// # Errors
    /// [`Error::Npy`] for a NaN or infinite weight or bias (nothing is
    /// written); [`Error::Npy`] or [`Error::Io`] if a file cannot be written.
    pub fn write_npy(&self, weights: impl AsRef<Path>, bias: impl AsRef<Path>) -> Result<()> {
        write_layers(&self.describe(), &[(weights.as_ref(), bias.as_ref())])
    }
}

impl<F: Float> Network<F> {
    /// Reads a network from a folder of NumPy files `layer0_weights.npy`,
    /// `layer0_bias.npy`, `layer1_weights.npy`, …, one pair per activation given.
    ///
    /// # Errors
    /// As [`Dense::read_npy`] for each layer, [`Error::Npy`] when the folder
    /// holds a `layer{n}_weights.npy` beyond the `n` activations given, and
    /// [`Error::LayerMismatch`] or [`Error::EmptyNetwork`] as
    /// [`Network::from_layers`].
    pub fn read_npy_dir(folder: impl AsRef<Path>, activations: &[Activation]) -> Result<Self> {
        let folder = folder.as_ref();
        let mut layers = Vec::with_capacity(activations.len());
        for (l, &activation) in activations.iter().enumerate() {
            let (weights, bias) = layer_paths(folder, l);
            let w = read::<F, Ix2>(&weights, "weights")?;
            let b = read::<F, Ix1>(&bias, "bias")?;
            layers.push(layer(w, b, activation));
        }
        let (next, _) = layer_paths(folder, activations.len());
        if next.exists() {
            return Err(Error::Npy {
                action: "read",
                path: next.display().to_string(),
                message: format!(
                    "the folder holds more layers than the {} activation(s) given; give one per layer",
                    activations.len()
                ),
            });
        }
        model(layers, folder)
    }

    /// Writes every layer as `layer{l}_weights.npy` and `layer{l}_bias.npy` into
    /// `folder`, all or nothing: every new file is complete before the first old
    /// one is replaced, and on an error every file is as it was. Then the files
    /// of higher-numbered layers that an earlier, deeper network left are
    /// removed, so that the folder holds this network only.
    ///
    /// # Errors
    /// [`Error::Npy`] for a NaN or infinite weight or bias (nothing is
    /// written), or if a file cannot be written; [`Error::Io`] if a file
    /// cannot be written, or a stale layer's file cannot be removed (the
    /// network is then written, and reading it back refuses the stale layer).
    ///
    /// ```
    /// use neuron::{Activation, Init, Network};
    /// use neuron::rand::{SeedableRng, rngs::StdRng};
    ///
    /// let folder = std::env::temp_dir().join(format!("npy-doc-{}", std::process::id()));
    /// std::fs::create_dir_all(&folder).unwrap();
    /// let net: Network<f64> = Network::random(&[2, 3, 1], Activation::Tanh, Init::XavierUniform, &mut StdRng::seed_from_u64(3))?;
    /// net.write_npy_dir(&folder)?;
    /// assert_eq!(Network::<f64>::read_npy_dir(&folder, &[Activation::Tanh, Activation::Tanh])?, net);
    /// # std::fs::remove_dir_all(&folder).ok();
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn write_npy_dir(&self, folder: impl AsRef<Path>) -> Result<()> {
        let folder = folder.as_ref();
        let paths: Vec<_> = (0..self.layers().len())
            .map(|l| layer_paths(folder, l))
            .collect();
        let paths: Vec<(&Path, &Path)> = paths
            .iter()
            .map(|(weights, bias)| (weights.as_path(), bias.as_path()))
            .collect();
        write_layers(&self.describe(), &paths)?;
        for l in self.layers().len().. {
            let (weights, bias) = layer_paths(folder, l);
            if !weights.exists() && !bias.exists() {
                return Ok(());
            }
            for stale in [weights, bias].iter().filter(|path| path.exists()) {
                std::fs::remove_file(stale).map_err(|e| Error::Io {
                    action: "remove",
                    path: stale.display().to_string(),
                    message: e.to_string(),
                })?;
            }
        }
        Ok(())
    }
}

/// Layer `l`'s files in `folder`: `layer{l}_weights.npy` and `layer{l}_bias.npy`.
fn layer_paths(folder: &Path, l: usize) -> (std::path::PathBuf, std::path::PathBuf) {
    (
        folder.join(format!("layer{l}_weights.npy")),
        folder.join(format!("layer{l}_bias.npy")),
    )
}
