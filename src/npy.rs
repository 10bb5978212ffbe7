//! NumPy interop: weights and biases as `.npy` files, read and written with ndarray-npy.
//!
//! The layout is NumPy's `X @ W + b`: a layer's weights are `(n_inputs, n_units)`
//! and its bias `(n_units,)`. PyTorch's `nn.Linear.weight` is `(n_units, n_inputs)`,
//! so save its transpose: `np.save("w.npy", linear.weight.detach().numpy().T)`.
//! The file's dtype must match the model's float type (`float64` for `f64`,
//! `float32` for `f32`).

use std::path::Path;

use ndarray::{Array, ArrayD, Dimension, Ix1, Ix2};
use ndarray_npy::{ReadNpyExt, WriteNpyExt};

use crate::{Activation, Dense, Error, Float, Network, Neuron, Result};

/// Reads a `.npy` file of the given dimension, refusing NaN and infinity.
fn read<F: Float, D: Dimension>(path: &Path, what: &str) -> Result<Array<F, D>> {
    let fail = |message: String| Error::Npy {
        action: "read",
        path: path.display().to_string(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    check_sizes(&bytes, std::mem::size_of::<F>()).map_err(fail)?;
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

/// Checks that the sizes a `.npy` header announces fit in the file, before the
/// reader allocates for them: a corrupt header length or shape must be an error,
/// not a request for gigabytes (found by fuzzing, kept in tests/npy.rs).
fn check_sizes(bytes: &[u8], item_size: usize) -> Result<(), String> {
    const MAGIC: &[u8] = b"\x93NUMPY";
    if bytes.len() < 10 || !bytes.starts_with(MAGIC) {
        return Err("not a .npy file: it does not start with \\x93NUMPY".to_owned());
    }
    let major = bytes.get(6).copied().unwrap_or(0);
    let (prefix, header_len) = match (major, bytes.get(8..10), bytes.get(8..12)) {
        (1, Some(&[a, b]), _) => (10_usize, usize::from(u16::from_le_bytes([a, b]))),
        (2 | 3, _, Some(&[a, b, c, d])) => (12, u32::from_le_bytes([a, b, c, d]) as usize),
        _ => return Err(format!("unsupported .npy version {major}")),
    };
    let Some(header) = bytes.get(prefix..prefix.saturating_add(header_len)) else {
        return Err(format!(
            "the header claims {header_len} bytes, but the file has only {}",
            bytes.len()
        ));
    };
    let data_len = bytes.len() - prefix - header_len;
    // The shape, from the header's Python dict: `'shape': (2, 3), …`.
    let header = String::from_utf8_lossy(header);
    let shape = header
        .split_once("'shape':")
        .and_then(|(_, rest)| rest.split_once('('))
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(tuple, _)| tuple);
    let Some(shape) = shape else {
        return Err("the header has no readable 'shape'".to_owned());
    };
    let mut values: u64 = 1;
    for dim in shape.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let dim = dim.trim_end_matches('L');
        let n: u64 = dim
            .parse()
            .map_err(|_| format!("the header's shape has `{dim}`, not a size"))?;
        values = values.saturating_mul(n);
    }
    let needed = values.saturating_mul(item_size as u64);
    if needed > data_len as u64 {
        return Err(format!(
            "the header's shape ({shape}) needs {needed} bytes of data, but the file holds {data_len}"
        ));
    }
    Ok(())
}

/// Writes an array as a `.npy` file, atomically.
fn write<F: Float, D: Dimension>(path: &Path, array: &Array<F, D>) -> Result<()> {
    let mut bytes = Vec::new();
    array.write_npy(&mut bytes).map_err(|e| Error::Npy {
        action: "write",
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    crate::atomic::write_atomically(path, &bytes)
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
    /// or holding NaN or infinity.
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
        Ok(Neuron::new(w).with_bias(b).with_activation(activation))
    }

    /// Writes the weights `(n_inputs,)` and the bias (a 0-d array) as NumPy files.
    ///
    /// # Errors
    /// [`Error::Npy`] or [`Error::Io`] if a file cannot be written.
    pub fn write_npy(&self, weights: impl AsRef<Path>, bias: impl AsRef<Path>) -> Result<()> {
        write(weights.as_ref(), self.weights())?;
        write(bias.as_ref(), &ndarray::arr0(self.bias()))
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
        Dense::new(w, b, activation)
    }

    /// Writes the weights `(n_inputs, n_units)` and bias `(n_units,)` as NumPy files.
    ///
    /// # Errors
    /// [`Error::Npy`] or [`Error::Io`] if a file cannot be written.
    pub fn write_npy(&self, weights: impl AsRef<Path>, bias: impl AsRef<Path>) -> Result<()> {
        write(weights.as_ref(), self.weights())?;
        write(bias.as_ref(), self.bias())
    }
}

impl<F: Float> Network<F> {
    /// Reads a network from a folder of NumPy files `layer0_weights.npy`,
    /// `layer0_bias.npy`, `layer1_weights.npy`, …, one pair per activation given.
    ///
    /// # Errors
    /// As [`Dense::read_npy`] for each layer, and [`Error::LayerMismatch`] or
    /// [`Error::EmptyNetwork`] as [`Network::from_layers`].
    pub fn read_npy_dir(folder: impl AsRef<Path>, activations: &[Activation]) -> Result<Self> {
        let folder = folder.as_ref();
        let layers = activations
            .iter()
            .enumerate()
            .map(|(l, &activation)| {
                Dense::read_npy(
                    folder.join(format!("layer{l}_weights.npy")),
                    folder.join(format!("layer{l}_bias.npy")),
                    activation,
                )
            })
            .collect::<Result<Vec<_>>>()?;
        Network::from_layers(layers)
    }

    /// Writes every layer as `layer{l}_weights.npy` and `layer{l}_bias.npy` into `folder`.
    ///
    /// # Errors
    /// [`Error::Npy`] or [`Error::Io`] if a file cannot be written.
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
        for (l, layer) in self.layers().iter().enumerate() {
            layer.write_npy(
                folder.join(format!("layer{l}_weights.npy")),
                folder.join(format!("layer{l}_bias.npy")),
            )?;
        }
        Ok(())
    }
}
