//! `SafetensorsOptions`: how to load a safetensors file.

use crate::Activation;

/// How to load a safetensors file: the activations (for a file without
/// neuron's metadata, such as a PyTorch state dict), whether to convert a
/// file of the other float type, and where the layers' tensors are.
///
/// [`Network::load_safetensors`](crate::Network::load_safetensors) is `load_safetensors_options` with the
/// default: activations from the file, no conversion, tensors named
/// `layers.{i}.weight` and `layers.{i}.bias` (an `nn.ModuleList` called
/// `layers`).
///
/// # Which tensors are the layers
///
/// Each layer is a PyTorch `nn.Linear`: a tensor `{key}.weight`,
/// `(out_features, in_features)`, and `{key}.bias`, `(out_features,)`. The
/// key is the `nn.Linear`'s path in the model, as `model.state_dict()` names it:
///
/// | the model in PyTorch | its state dict's keys | options |
/// |---|---|---|
/// | `self.layers = nn.ModuleList([nn.Linear(4, 16), nn.Linear(16, 3)])` | `layers.0.weight`, `layers.1.weight` | the default |
/// | `nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))` | `0.weight`, `2.weight` | [`sequential`](Self::sequential) (or none: see below) |
/// | `self.net = nn.Sequential(…)` inside your `nn.Module` | `net.0.weight`, `net.2.weight` | [`sequential`](Self::sequential) and [`prefix("net.")`](Self::prefix) |
/// | `self.hidden = nn.Linear(4, 16)`, `self.out = nn.Linear(16, 3)` | `hidden.weight`, `out.weight` | [`layer_keys(&["hidden", "out"])`](Self::layer_keys) |
///
/// A file without neuron's metadata whose tensors are all `{prefix}{i}.…`
/// (no `layers.`) is read as an `nn.Sequential` without asking: a bare
/// `nn.Sequential` or `nn.ModuleList` state dict loads with the activations alone.
///
/// An `nn.Sequential`'s activations (`nn.ReLU()`, `nn.Softmax(dim=1)`) have
/// no tensors, so the file cannot say what they are: name them with
/// [`activations`](Self::activations), one per `nn.Linear`, the one that
/// follows it (`Activation::Identity` when none does). When the file comes
/// from PyTorch (the `sequential` and `layer_keys` ways, and a file read as
/// an `nn.Sequential` without asking), a layer without `{key}.bias`, as
/// `nn.Linear(…, bias=False)` saves it, gets biases of zero, which compute the
/// same (a [`Dense`](crate::Dense) layer always has biases, and training moves them).
///
/// A network of images loads a state dict with
/// [`Sequential::load_state_dict_options`](crate::Network::load_state_dict_options),
/// which reads the [`prefix`](Self::prefix), the [`layer_keys`](Self::layer_keys)
/// (one per layer with tensors) and the conversion; its layout is an
/// `nn.Sequential`'s already, and its activations are its own.
///
/// ```
/// use neuron::{Activation, SafetensorsOptions};
///
/// let options = SafetensorsOptions::new()
///     .activations(&[Activation::Tanh, Activation::Softmax])
///     .converting(true);
/// assert_eq!(options.given_activations(), Some(&[Activation::Tanh, Activation::Softmax][..]));
/// assert!(options.converts());
/// assert!(!SafetensorsOptions::default().converts());
///
/// // model.net = nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))
/// let options = SafetensorsOptions::new()
///     .prefix("net")
///     .sequential()
///     .activations(&[Activation::Relu, Activation::Identity]);
/// assert_eq!(options.given_prefix(), "net.");
/// assert!(options.is_sequential());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SafetensorsOptions {
    activations: Option<Vec<Activation>>,
    convert: bool,
    prefix: String,
    names: LayerNames,
}

/// How the layers' tensors are named.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) enum LayerNames {
    /// `layers.{i}.weight`, `i` = 0, 1, 2, … without gaps (and an
    /// `nn.Sequential` read without asking, when the file looks like one).
    #[default]
    ModuleList,
    /// `{i}.weight` for every `i` the file holds, in order, gaps allowed.
    Sequential,
    /// `{key}.weight` for these keys, in this order.
    Keys(Vec<String>),
}

impl SafetensorsOptions {
    /// Activations from the file's metadata, no conversion, the tensors
    /// `layers.{i}.weight` and `layers.{i}.bias`.
    pub fn new() -> Self {
        Self::default()
    }

    /// One activation per layer, first to last, for files that do not name
    /// them. A file that does name them must name the same ones.
    pub fn activations(mut self, activations: &[Activation]) -> Self {
        self.activations = Some(activations.to_vec());
        self
    }

    /// Whether a file of the other float type is converted (`F32` values
    /// widen exactly to `f64`; `F64` values round to the nearest `f32`)
    /// rather than refused.
    pub fn converting(mut self, convert: bool) -> Self {
        self.convert = convert;
        self
    }

    /// The layers are the `nn.Linear` modules of a PyTorch `nn.Sequential`:
    /// the tensors `{i}.weight` and `{i}.bias`, taken in order of `i`, as
    /// `nn.Sequential(nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3))` saves
    /// them (`0.weight`, `0.bias`, `2.weight`, `2.bias`). The gaps are the
    /// modules without tensors, the activations and dropouts. Every tensor
    /// of the file (under the [`prefix`](Self::prefix)) must be a
    /// `weight` or `bias` of such a module. Replaces
    /// [`layer_keys`](Self::layer_keys).
    ///
    /// ```
    /// use neuron::{Activation, Network, SafetensorsOptions};
    /// use neuron::ndarray::array;
    /// # use safetensors::tensor::{Dtype, TensorView};
    /// # let path = std::env::temp_dir().join(format!("sequential-doc-{}.safetensors", std::process::id()));
    /// # let f64s = |v: &[f64]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
    /// # let data = [f64s(&[1.0, 0.0, 0.0, 1.0, 1.0, 1.0]), f64s(&[1.0, 1.0, 1.0])];
    /// # let names = [("0.weight", vec![3, 2]), ("3.weight", vec![1, 3])];
    /// # let mut tensors = Vec::new();
    /// # for ((name, shape), bytes) in names.into_iter().zip(&data) {
    /// #     tensors.push((name, TensorView::new(Dtype::F64, shape, bytes)?));
    /// # }
    /// # std::fs::write(&path, safetensors::serialize(tensors, None)?)?;
    /// // PyTorch: model = nn.Sequential(nn.Linear(2, 3, bias=False), nn.Tanh(),
    /// //                                nn.Dropout(0.2), nn.Linear(3, 1, bias=False)).double()
    /// //          safetensors.torch.save_file(model.state_dict(), path)  # 0.weight, 3.weight
    /// let options = SafetensorsOptions::new()
    ///     .sequential()
    ///     .activations(&[Activation::Tanh, Activation::Identity]);
    /// let network = Network::<f64>::load_safetensors_options(&path, &options)?;
    /// assert_eq!(network.layers()[1].bias(), &array![0.0]); // bias=False
    /// // W₀ = [[1, 0], [0, 1], [1, 1]], W₃ = [[1, 1, 1]]: y = tanh(1) + tanh(2) + tanh(3)
    /// let y = network.forward(&array![[1.0, 2.0]])?;
    /// assert!((y[[0, 0]] - 2.7207).abs() < 1e-4);
    /// # std::fs::remove_file(&path).ok();
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sequential(mut self) -> Self {
        self.names = LayerNames::Sequential;
        self
    }

    /// The layers are these modules, first to last: layer `l` is the tensors
    /// `{key}.weight` and `{key}.bias` of `keys[l]`, as
    /// `self.hidden = nn.Linear(4, 16)` saves `hidden.weight`. Every tensor
    /// of the file must belong to one of them. Replaces
    /// [`sequential`](Self::sequential).
    pub fn layer_keys(mut self, keys: &[impl AsRef<str>]) -> Self {
        self.names = LayerNames::Keys(keys.iter().map(|k| k.as_ref().to_owned()).collect());
        self
    }

    /// The path of the module that holds the layers, before every tensor
    /// name the loader looks for: `"net."` for a model whose `self.net` is the
    /// `nn.Sequential` (`net.0.weight`), `"model."` for `model.layers.0.weight`.
    /// The final dot may be left out: `"net"` is `"net."`. Every tensor of
    /// the file must start with it.
    pub fn prefix(mut self, prefix: &str) -> Self {
        self.prefix = prefix.to_owned();
        if !self.prefix.is_empty() && !self.prefix.ends_with('.') {
            self.prefix.push('.');
        }
        self
    }

    /// The activations given, if any.
    pub fn given_activations(&self) -> Option<&[Activation]> {
        self.activations.as_deref()
    }

    /// Whether the other float type is converted.
    pub fn converts(&self) -> bool {
        self.convert
    }

    /// The prefix given, ending in a dot; empty by default.
    pub fn given_prefix(&self) -> &str {
        &self.prefix
    }

    /// Whether the layers are read as an `nn.Sequential`'s
    /// ([`sequential`](Self::sequential)).
    pub fn is_sequential(&self) -> bool {
        self.names == LayerNames::Sequential
    }

    /// The layers' keys given with [`layer_keys`](Self::layer_keys), if any.
    pub fn given_layer_keys(&self) -> Option<&[String]> {
        match &self.names {
            LayerNames::Keys(keys) => Some(keys),
            _ => None,
        }
    }

    /// How the layers' tensors are named.
    pub(crate) fn names(&self) -> &LayerNames {
        &self.names
    }
}
