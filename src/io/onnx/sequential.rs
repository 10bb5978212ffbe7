//! A network of images as an ONNX graph: each layer its operator, then its
//! activation as a dense layer's.
//!
//! | layer | node | attributes |
//! |---|---|---|
//! | [`Conv2d`](crate::Conv2d) | `Conv(x, layers.{l}.weights, layers.{l}.bias)`, weights `(out, in, kh, kw)`; `Conv(x, layers.{l}.weights)` [`without_bias`](crate::Conv2d::without_bias) (`B` is optional) | `kernel_shape`, `strides`, `pads` or `auto_pad` |
//! | [`MaxPool2d`](crate::MaxPool2d) | `MaxPool(x)` | as `Conv` |
//! | [`AvgPool2d`](crate::AvgPool2d) | `AveragePool(x)` | as `Conv`, `count_include_pad = 1` (PyTorch's default, the crate's rule) |
//! | [`BatchNorm`](crate::BatchNorm) | `BatchNormalization(x, scale, shift, running_mean, running_var)` | `epsilon`: inference, with the running statistics |
//! | [`Flatten`](crate::Flatten) | `Flatten(x)` | `axis = 1` |
//! | [`Dense`](crate::Dense) | `Gemm(x, W, b)`, `W` `(n_inputs, n_units)` | |
//!
//! A padding of `(p, q)` is `pads = [p, q, p, q]`; `"same"` is
//! `auto_pad = "SAME_UPPER"`, which puts the odd pixel after, as the crate
//! does. Dropout adds no node: an exported network infers. The graph reads
//! `input`, `(batch, channels, height, width)` with `height` and `width`
//! symbolic (a convolution reads images of any size), and gives `output`,
//! `(batch, n_outputs)` when the last layer is dense.

use std::path::Path;

use prost::Message;

use super::export::{
    INPUT, OUTPUT, activation_nodes, batch_of, data_type, int_attribute, model_proto, node, tensor,
};
use super::proto::{
    AttributeProto, AttributeType, ModelProto, NodeProto, TensorProto, TensorShapeProto, TypeProto,
    ValueInfoProto, tensor_shape_proto, type_proto,
};
use crate::io::sequential::{Part, network_of, parts_of, save_bytes};
use crate::{Activation, Error, FileProblem, Float, Padding, Result, Sequential};

fn ints_attribute(name: &str, values: &[usize]) -> AttributeProto {
    AttributeProto {
        name: Some(name.to_owned()),
        r#type: Some(AttributeType::Ints as i32),
        ints: values.iter().map(|&v| v as i64).collect(),
        ..AttributeProto::default()
    }
}

fn float_attribute(name: &str, value: f64) -> AttributeProto {
    AttributeProto {
        name: Some(name.to_owned()),
        r#type: Some(AttributeType::Float as i32),
        f: Some(value as f32),
        ..AttributeProto::default()
    }
}

fn string_attribute(name: &str, value: &str) -> AttributeProto {
    AttributeProto {
        name: Some(name.to_owned()),
        r#type: Some(AttributeType::String as i32),
        s: Some(value.as_bytes().to_vec()),
        ..AttributeProto::default()
    }
}

/// A sliding window's attributes: size, stride and padding.
fn window(kernel: (usize, usize), stride: (usize, usize), padding: Padding) -> Vec<AttributeProto> {
    let mut attributes = vec![
        ints_attribute("kernel_shape", &[kernel.0, kernel.1]),
        ints_attribute("strides", &[stride.0, stride.1]),
    ];
    attributes.push(match padding {
        Padding::Valid => ints_attribute("pads", &[0, 0, 0, 0]),
        Padding::Explicit(rows, columns) => ints_attribute("pads", &[rows, columns, rows, columns]),
        Padding::Same => string_attribute("auto_pad", "SAME_UPPER"),
    });
    attributes
}

/// A pooling whose `"same"` padding ONNX can say. With a window smaller
/// than its stride, `SAME_UPPER`'s padding `(⌈n/s⌉ − 1)·s + k − n` is
/// negative for some sizes `n` (the crate pads 0 there), and onnxruntime
/// refuses such a pooling ("padding values must be non-negative"); explicit
/// pads cannot stand in, since they would depend on the image's size, which
/// the graph leaves open.
fn check_pool_padding(
    l: usize,
    kernel: (usize, usize),
    stride: (usize, usize),
    padding: Padding,
) -> Result<(), FileProblem> {
    if padding == Padding::Same && (kernel.0 < stride.0 || kernel.1 < stride.1) {
        return Err(FileProblem::InvalidModel {
            field: format!("layers.{l}"),
            reason: format!(
                "is a pooling of {kernel:?} with stride {stride:?} and \"same\" padding, which ONNX's SAME_UPPER pads by a negative amount for some image sizes (onnxruntime refuses it); use a window at least as large as the stride, or valid or explicit padding"
            ),
        });
    }
    Ok(())
}

/// `name`, of `F` and of `dims`, each a number or a symbol.
fn value_info<F: Float>(name: &str, dims: &[Result<usize, &str>]) -> ValueInfoProto {
    let dim = dims
        .iter()
        .map(|d| tensor_shape_proto::Dimension {
            value: Some(match d {
                Ok(n) => tensor_shape_proto::dimension::Value::DimValue(*n as i64),
                Err(symbol) => tensor_shape_proto::dimension::Value::DimParam((*symbol).to_owned()),
            }),
            denotation: None,
        })
        .collect();
    ValueInfoProto {
        name: Some(name.to_owned()),
        r#type: Some(TypeProto {
            value: Some(type_proto::Value::TensorType(type_proto::Tensor {
                elem_type: Some(data_type::<F>() as i32),
                shape: Some(TensorShapeProto { dim }),
            })),
            denotation: None,
        }),
        doc_string: None,
    }
}

/// The ONNX model of a network's parts, whose channels chain.
fn model<F: Float>(parts: &[Part<F>], title: &str) -> Result<ModelProto, FileProblem> {
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return Err(FileProblem::InvalidModel {
            field: "layers".to_owned(),
            reason: "are none, but a network has at least one layer".to_owned(),
        });
    };
    let mut nodes: Vec<NodeProto> = Vec::new();
    let mut initializers: Vec<TensorProto> = Vec::new();
    let mut current = INPUT.to_owned();
    for (l, part) in parts.iter().enumerate() {
        let output = if l + 1 == parts.len() {
            OUTPUT.to_owned()
        } else {
            format!("layers.{l}.output")
        };
        let activation = part.activation();
        let net_input = if activation == Activation::Identity {
            output.clone()
        } else {
            format!("layers.{l}.net_input")
        };
        let name = |what: &str| format!("layers.{l}.{what}");
        let mut constant = |what: &str, dims: &[usize], values: Vec<F>| {
            let name = name(what);
            initializers.push(tensor(&name, dims, values.iter()));
            name
        };
        let operator = match part {
            Part::Dense(dense) => {
                let (n_inputs, n_units) = dense.weights().dim();
                let w = constant(
                    "weights",
                    &[n_inputs, n_units],
                    dense.weights().iter().copied().collect(),
                );
                let b = constant("bias", &[n_units], dense.bias().to_vec());
                node("Gemm", name("gemm"), &[&current, &w, &b], &net_input)
            }
            Part::Conv2d(conv) => {
                let w = constant(
                    "weights",
                    conv.weights().shape(),
                    conv.weights().iter().copied().collect(),
                );
                let b = conv
                    .bias()
                    .map(|bias| constant("bias", &[conv.out_channels()], bias.to_vec()));
                let inputs: Vec<&str> = [Some(current.as_str()), Some(w.as_str()), b.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect();
                let mut n = node("Conv", name("conv"), &inputs, &net_input);
                n.attribute = window(conv.kernel_size(), conv.stride(), conv.padding());
                n
            }
            Part::MaxPool2d(pool) => {
                check_pool_padding(l, pool.kernel_size(), pool.stride(), pool.padding())?;
                let mut n = node("MaxPool", name("max_pool"), &[&current], &net_input);
                n.attribute = window(pool.kernel_size(), pool.stride(), pool.padding());
                n
            }
            Part::AvgPool2d(pool) => {
                check_pool_padding(l, pool.kernel_size(), pool.stride(), pool.padding())?;
                let mut n = node("AveragePool", name("avg_pool"), &[&current], &net_input);
                n.attribute = window(pool.kernel_size(), pool.stride(), pool.padding());
                n.attribute.push(int_attribute("count_include_pad", 1));
                n
            }
            Part::BatchNorm(norm) => {
                let c = [norm.channels()];
                let scale = constant("scale", &c, norm.scale().to_vec());
                let shift = constant("shift", &c, norm.shift().to_vec());
                let mean = constant("running_mean", &c, norm.running_mean().to_vec());
                let var = constant("running_var", &c, norm.running_var().to_vec());
                let mut n = node(
                    "BatchNormalization",
                    name("batch_norm"),
                    &[&current, &scale, &shift, &mean, &var],
                    &net_input,
                );
                n.attribute.push(float_attribute("epsilon", norm.epsilon()));
                n
            }
            Part::Flatten => {
                let mut n = node("Flatten", name("flatten"), &[&current], &net_input);
                n.attribute.push(int_attribute("axis", 1));
                n
            }
        };
        nodes.push(operator);
        activation_nodes::<F>(
            activation,
            &format!("layers.{l}"),
            &net_input,
            &output,
            &mut nodes,
            &mut initializers,
        );
        current = output;
    }
    let input = match first {
        Part::Dense(dense) => batch_of::<F>(INPUT, dense.n_inputs()),
        Part::Conv2d(conv) => value_info::<F>(
            INPUT,
            &[
                Err("batch"),
                Ok(conv.in_channels()),
                Err("height"),
                Err("width"),
            ],
        ),
        Part::BatchNorm(norm) => value_info::<F>(
            INPUT,
            &[
                Err("batch"),
                Ok(norm.channels()),
                Err("height"),
                Err("width"),
            ],
        ),
        _ => value_info::<F>(
            INPUT,
            &[Err("batch"), Err("channels"), Err("height"), Err("width")],
        ),
    };
    let output = match last {
        Part::Dense(dense) => batch_of::<F>(OUTPUT, dense.n_units()),
        _ => ValueInfoProto {
            name: Some(OUTPUT.to_owned()),
            r#type: Some(TypeProto {
                value: Some(type_proto::Value::TensorType(type_proto::Tensor {
                    elem_type: Some(data_type::<F>() as i32),
                    shape: None,
                })),
                denotation: None,
            }),
            doc_string: None,
        },
    };
    let kinds: Vec<&str> = parts.iter().map(Part::kind).collect();
    Ok(model_proto(
        title,
        nodes,
        initializers,
        (input, output),
        ("layers", kinds.join(",")),
    ))
}

/// The model of `network`, checked as a save checks it: every layer one the
/// files hold, with finite values, and channels that chain.
fn checked<F: Float>(network: &Sequential<F>) -> Result<ModelProto, FileProblem> {
    let parts = parts_of(network)?;
    network_of(parts.clone())?;
    model(&parts, &network.to_string())
}

impl<F: Float> Sequential<F> {
    /// The network as an ONNX model (see [the module](crate::onnx) for dense
    /// layers): `Conv`, `MaxPool`, `AveragePool`, `BatchNormalization`
    /// (inference, with the running statistics), `Flatten` and `Gemm`, each
    /// followed by its activation; opset 13.
    ///
    /// # Shapes
    /// - the graph's `input`: `(batch, channels, height, width)`, `height` and `width` symbolic
    /// - its `output`: `(batch, n_outputs)` when the last layer is dense
    ///
    /// # Errors
    /// [`Error::ModelFile`] with [`FileProblem::InvalidModel`] for a layer
    /// the files do not hold or a NaN or infinite value;
    /// [`FileProblem::ChannelMismatch`] for channels that do not chain.
    ///
    /// ```
    /// use neuron::{Activation, BatchNorm, Conv2d, Dense, Flatten, Init, Layer, MaxPool2d, Padding, Sequential};
    /// use neuron::rand::{SeedableRng, rngs::StdRng};
    ///
    /// let mut rng = StdRng::seed_from_u64(0);
    /// let layers: Vec<Box<dyn Layer<f32>>> = vec![
    ///     Box::new(Conv2d::random(1, 8, (3, 3), Init::KaimingUniform, &mut rng)?
    ///         .with_padding(Padding::Same).with_activation(Activation::Relu)?),
    ///     Box::new(MaxPool2d::new((2, 2))),
    ///     Box::new(BatchNorm::new(8)?),
    ///     Box::new(Flatten),
    ///     Box::new(Dense::random(8 * 4 * 4, 10, Activation::Softmax, Init::XavierUniform, &mut rng)?),
    /// ];
    /// let graph = Sequential::from_layers(layers)?.to_onnx()?.graph.unwrap();
    /// let ops: Vec<&str> = graph.node.iter().map(|n| n.op_type()).collect();
    /// assert_eq!(ops, ["Conv", "Relu", "MaxPool", "BatchNormalization", "Flatten", "Gemm", "Softmax"]);
    /// assert_eq!(graph.initializer[0].dims, [8, 1, 3, 3]); // PyTorch's (out, in, kh, kw)
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn to_onnx(&self) -> Result<ModelProto> {
        checked(self).map_err(|problem| Error::ModelFile {
            action: "export",
            path: "an ONNX model".to_owned(),
            problem,
        })
    }

    /// Writes the network as an ONNX model that onnxruntime runs (see
    /// [`to_onnx`](Self::to_onnx)), atomically: the previous file at `path`
    /// stays intact unless the new one is complete.
    ///
    /// # Shapes
    /// As [`to_onnx`](Self::to_onnx).
    ///
    /// # Errors
    /// As [`to_onnx`](Self::to_onnx) (nothing is written); [`Error::Io`] if
    /// the file cannot be written.
    pub fn save_onnx(&self, path: impl AsRef<Path>) -> Result<()> {
        save_bytes(path.as_ref(), checked(self).map(|m| m.encode_to_vec()))
    }
}
