//! A network as an ONNX graph: a `Gemm` per layer, then its activation.

use std::path::Path;

use prost::Message;

use super::proto::{
    AttributeProto, AttributeType, DataType, GraphProto, ModelProto, NodeProto, OperatorSetIdProto,
    StringStringEntryProto, TensorProto, TensorShapeProto, TypeProto, ValueInfoProto,
    tensor_shape_proto, type_proto,
};
use crate::activation::OnnxForm;
use crate::io::description::{Described, Field, Kind, ModelDescription};
use crate::io::format::{self, Format};
use crate::{Activation, Error, FileProblem, Float, Result};

/// The opset of the default domain the graph uses: `GreaterOrEqual` (12) and
/// `Softmax` over one axis (13) are there.
pub const OPSET: i64 = 13;
/// The IR version that goes with opset 13 (ONNX 1.8).
pub const IR_VERSION: i64 = 7;

/// The graph's input and output names.
pub(super) const INPUT: &str = "input";
pub(super) const OUTPUT: &str = "output";
/// The scalars that the step and GELU use.
const ZERO: &str = "zero";
const ONE: &str = "one";
const HALF: &str = "half";
const SQRT_2: &str = "sqrt_2";
const SLOPE: &str = "leaky_relu_slope";

/// `FLOAT` for `f32`, `DOUBLE` for `f64`.
pub(super) fn data_type<F: Float>() -> DataType {
    if std::mem::size_of::<F>() == 4 {
        DataType::Float
    } else {
        DataType::Double
    }
}

/// Values as little-endian bytes of `F`.
fn raw<'a, F: Float + 'a>(values: impl Iterator<Item = &'a F>) -> Vec<u8> {
    let mut bytes = Vec::new();
    for &x in values {
        if std::mem::size_of::<F>() == 4 {
            // `F` is f32 here, so the round trip through f64 is exact.
            bytes.extend_from_slice(&(x.as_f64() as f32).to_le_bytes());
        } else {
            bytes.extend_from_slice(&x.as_f64().to_le_bytes());
        }
    }
    bytes
}

pub(super) fn tensor<'a, F: Float + 'a>(
    name: &str,
    dims: &[usize],
    values: impl Iterator<Item = &'a F>,
) -> TensorProto {
    TensorProto {
        dims: dims.iter().map(|&d| d as i64).collect(),
        data_type: Some(data_type::<F>() as i32),
        name: Some(name.to_owned()),
        doc_string: None,
        raw_data: Some(raw(values)),
    }
}

pub(super) fn node(op: &str, name: String, inputs: &[&str], output: &str) -> NodeProto {
    NodeProto {
        input: inputs.iter().map(|&s| s.to_owned()).collect(),
        output: vec![output.to_owned()],
        name: Some(name),
        op_type: Some(op.to_owned()),
        domain: None,
        attribute: Vec::new(),
        doc_string: None,
    }
}

pub(super) fn int_attribute(name: &str, value: i64) -> AttributeProto {
    AttributeProto {
        name: Some(name.to_owned()),
        r#type: Some(AttributeType::Int as i32),
        i: Some(value),
        ..AttributeProto::default()
    }
}

/// `name` of `(batch, width)` elements of `F`.
pub(super) fn batch_of<F: Float>(name: &str, width: usize) -> ValueInfoProto {
    let dimension = |value| tensor_shape_proto::Dimension {
        value: Some(value),
        denotation: None,
    };
    ValueInfoProto {
        name: Some(name.to_owned()),
        r#type: Some(TypeProto {
            value: Some(type_proto::Value::TensorType(type_proto::Tensor {
                elem_type: Some(data_type::<F>() as i32),
                shape: Some(TensorShapeProto {
                    dim: vec![
                        dimension(tensor_shape_proto::dimension::Value::DimParam(
                            "batch".to_owned(),
                        )),
                        dimension(tensor_shape_proto::dimension::Value::DimValue(width as i64)),
                    ],
                }),
            })),
            denotation: None,
        }),
        doc_string: None,
    }
}

/// The ONNX model of a description already checked as a load checks it.
fn model<F: Float>(description: &ModelDescription<F>) -> Result<ModelProto, FileProblem> {
    let layers = &description.layers;
    let (Some(first), Some(last)) = (layers.first(), layers.last()) else {
        return Err(FileProblem::InvalidModel {
            field: "layers".to_owned(),
            reason: "are none, but a model has at least one layer".to_owned(),
        });
    };
    let mut nodes = Vec::new();
    let mut initializers = Vec::new();
    let mut current = INPUT.to_owned();
    for (l, layer) in layers.iter().enumerate() {
        let (weights, bias) = (format!("layers.{l}.weights"), format!("layers.{l}.bias"));
        let (n_inputs, n_units) = layer.weights.dim();
        initializers.push(tensor(&weights, &[n_inputs, n_units], layer.weights.iter()));
        initializers.push(tensor(&bias, &[layer.bias.len()], layer.bias.iter()));
        let output = if l + 1 == layers.len() {
            OUTPUT.to_owned()
        } else {
            format!("layers.{l}.output")
        };
        let activation = layer.activation;
        let net_input = if activation == Activation::Identity {
            output.clone()
        } else {
            format!("layers.{l}.net_input")
        };
        // Y = A·B + C with A = x, B = the weights as they are, C = the bias.
        nodes.push(node(
            "Gemm",
            format!("layers.{l}.gemm"),
            &[&current, &weights, &bias],
            &net_input,
        ));
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
    let activations: Vec<&str> = layers.iter().map(|l| l.activation.name()).collect();
    Ok(model_proto(
        &description.title,
        nodes,
        initializers,
        (
            batch_of::<F>(INPUT, first.weights.nrows()),
            batch_of::<F>(OUTPUT, last.weights.ncols()),
        ),
        ("activations", activations.join(",")),
    ))
}

/// The model around a graph of `nodes` and `initializers` from `input` to
/// `output` (opset 13, named "neuron"), titled `title`, with one metadata
/// entry `(key, value)`: what every exported network shares.
pub(super) fn model_proto(
    title: &str,
    nodes: Vec<NodeProto>,
    initializers: Vec<TensorProto>,
    (input, output): (ValueInfoProto, ValueInfoProto),
    (key, value): (&str, String),
) -> ModelProto {
    ModelProto {
        ir_version: Some(IR_VERSION),
        opset_import: vec![OperatorSetIdProto {
            domain: Some(String::new()),
            version: Some(OPSET),
        }],
        producer_name: Some("neuron".to_owned()),
        producer_version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        domain: None,
        model_version: None,
        doc_string: Some(title.to_owned()),
        graph: Some(GraphProto {
            node: nodes,
            name: Some("neuron".to_owned()),
            initializer: initializers,
            doc_string: None,
            input: vec![input],
            output: vec![output],
            value_info: Vec::new(),
        }),
        metadata_props: vec![StringStringEntryProto {
            key: Some(key.to_owned()),
            value: Some(value),
        }],
    }
}

/// The nodes of `activation` from `net_input` to `output`, named
/// `{prefix}.{…}`, and the scalars they read (added to `initializers` once).
pub(super) fn activation_nodes<F: Float>(
    activation: Activation,
    prefix: &str,
    net_input: &str,
    output: &str,
    nodes: &mut Vec<NodeProto>,
    initializers: &mut Vec<TensorProto>,
) {
    let name = format!("{prefix}.{}", activation.name());
    let mut scalar = |name: &str, value: f64| {
        if !initializers.iter().any(|t| t.name.as_deref() == Some(name)) {
            initializers.push(tensor(name, &[], [F::from_f64(value)].iter()));
        }
    };
    let step = |what: &str| format!("{prefix}.{what}");
    match activation.onnx_form() {
        OnnxForm::Nothing => {}
        OnnxForm::Operator(op) => nodes.push(node(op, name, &[net_input], output)),
        OnnxForm::LeakyRelu(slope) => {
            scalar(SLOPE, slope);
            let scaled = step("scaled");
            nodes.push(node("Mul", step("mul"), &[net_input, SLOPE], &scaled));
            nodes.push(node("Max", name, &[net_input, &scaled], output));
        }
        OnnxForm::Elu => {
            // max(h, 0) + (e^min(h, 0) − 1): h above 0, eʰ − 1 below.
            scalar(ZERO, 0.0);
            scalar(ONE, 1.0);
            let (rectified, negative, exp, minus) = (
                step("relu"),
                step("negative"),
                step("exp"),
                step("minus_one"),
            );
            nodes.push(node("Relu", step("relu_of"), &[net_input], &rectified));
            nodes.push(node("Min", step("min"), &[net_input, ZERO], &negative));
            nodes.push(node("Exp", step("exp_of"), &[&negative], &exp));
            nodes.push(node("Sub", step("sub"), &[&exp, ONE], &minus));
            nodes.push(node("Add", name, &[&rectified, &minus], output));
        }
        OnnxForm::Softmax => {
            let mut softmax = node("Softmax", name, &[net_input], output);
            softmax.attribute.push(int_attribute("axis", 1));
            nodes.push(softmax);
        }
        OnnxForm::Step => {
            // 1 where h ≥ 0, else 0: a comparison, then a cast to the float type.
            scalar(ZERO, 0.0);
            let nonnegative = step("nonnegative");
            nodes.push(node(
                "GreaterOrEqual",
                step("compare"),
                &[net_input, ZERO],
                &nonnegative,
            ));
            let mut cast = node("Cast", name, &[&nonnegative], output);
            cast.attribute
                .push(int_attribute("to", i64::from(data_type::<F>() as i32)));
            nodes.push(cast);
        }
        OnnxForm::TimesSigmoid => {
            let sigmoid = step("sigmoid");
            nodes.push(node("Sigmoid", step("sigmoid_of"), &[net_input], &sigmoid));
            nodes.push(node("Mul", name, &[net_input, &sigmoid], output));
        }
        OnnxForm::Gelu => {
            // h · (1 + erf(h / √2)) · ½
            scalar(SQRT_2, std::f64::consts::SQRT_2);
            scalar(ONE, 1.0);
            scalar(HALF, 0.5);
            let (scaled, erf, plus, times) = (
                step("scaled"),
                step("erf"),
                step("plus_one"),
                step("times_h"),
            );
            nodes.push(node("Div", step("div"), &[net_input, SQRT_2], &scaled));
            nodes.push(node("Erf", step("erf_of"), &[&scaled], &erf));
            nodes.push(node("Add", step("add"), &[&erf, ONE], &plus));
            nodes.push(node("Mul", step("mul"), &[net_input, &plus], &times));
            nodes.push(node("Mul", name, &[&times, HALF], output));
        }
    }
}

/// ONNX models: a `Gemm` per layer and its activation.
pub(crate) struct Onnx;

impl Format for Onnx {
    /// The layer a field is in (`layers.1`): its nodes and tensors.
    fn field(_kind: Kind, field: Field) -> String {
        match field {
            Field::Layers => "layers".to_owned(),
            Field::Weights { layer }
            | Field::Weight { layer, .. }
            | Field::Bias { layer }
            | Field::UnitBias { layer, .. }
            | Field::Activation { layer }
            | Field::Dropout { layer } => format!("layers.{layer}"),
        }
    }

    fn to_bytes<F: Float>(model: &ModelDescription<F>) -> Result<Vec<u8>, FileProblem> {
        self::model(model).map(|model| model.encode_to_vec())
    }
}

/// The ONNX model of `model`, checked as a save checks it.
fn export<F: Float, M: Described<F>>(model: &M) -> Result<ModelProto> {
    format::checked::<Onnx, F, M>(model)
        .and_then(|description| self::model(&description))
        .map_err(|problem| Error::ModelFile {
            action: "export",
            path: "an ONNX model".to_owned(),
            problem,
        })
}

model_file_methods! {
    neuron {
        shape: "`(batch, 1)`, a column (where [`Neuron::forward`](crate::Neuron::forward) gives `(n_samples,)`)",
        example: "use neuron::Neuron;
use neuron::ndarray::array;

let path = std::env::temp_dir().join(format!(\"neuron-doc-{}.onnx\", std::process::id()));
let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
neuron.save_onnx(&path)?;
let graph = neuron.to_onnx()?.graph.unwrap();
assert_eq!(graph.node.len(), 2); // Gemm, Sigmoid
assert_eq!(graph.initializer[0].raw_data.as_ref().unwrap().len(), 3 * 8); // three f64 weights
# std::fs::remove_file(&path).ok();
# Ok::<(), neuron::Error>(())"
    }
    dense {
        shape: "`(batch, n_units)`",
        example: "use neuron::{Activation, Dense};
use neuron::ndarray::array;

let path = std::env::temp_dir().join(format!(\"dense-doc-{}.onnx\", std::process::id()));
let layer = Dense::new(array![[1.0, -1.0]], array![0.0, 0.0], Activation::Softmax)?;
layer.save_onnx(&path)?;
let graph = layer.to_onnx()?.graph.unwrap();
assert_eq!(graph.node[1].op_type(), \"Softmax\");
assert_eq!(graph.node[1].attribute[0].i, Some(1)); // axis = 1
# std::fs::remove_file(&path).ok();
# Ok::<(), neuron::Error>(())"
    }
    network {
        shape: "`(batch, n_outputs)`",
        example: "use neuron::{Activation, Init, Network};
use neuron::rand::{SeedableRng, rngs::StdRng};

let path = std::env::temp_dir().join(format!(\"network-doc-{}.onnx\", std::process::id()));
let network: Network<f32> = Network::random(&[4, 16, 3], Activation::Relu, Init::HeNormal, &mut StdRng::seed_from_u64(0))?;
network.save_onnx(&path)?;
let model = network.to_onnx()?;
assert_eq!(model.opset_import[0].version, Some(13));
let graph = model.graph.unwrap();
let ops: Vec<&str> = graph.node.iter().map(|n| n.op_type()).collect();
assert_eq!(ops, [\"Gemm\", \"Relu\", \"Gemm\", \"Relu\"]);
assert_eq!(graph.initializer[0].dims, [4, 16]); // the weights as they are
# std::fs::remove_file(&path).ok();
# Ok::<(), neuron::Error>(())"
    }
    methods {
        #[doc = concat!("The ", what!(), " as an ONNX model: a `Gemm` per layer and its activation")]
        /// (see [the module](crate::onnx)), ready to encode or inspect.
        ///
        /// # Shapes
        /// - the graph's `input`: `(batch, n_inputs)`
        #[doc = concat!("- its `output`: ", shape!())]
        ///
        /// # Errors
        /// [`Error::ModelFile`] with [`FileProblem::InvalidModel`] for a NaN or
        /// infinite weight or bias, or a softmax over one unit.
        pub fn to_onnx(&self) -> Result<ModelProto> {
            export::<F, Self>(self)
        }

        #[doc = concat!("Writes the ", what!(), " as an ONNX model that onnxruntime runs,")]
        /// atomically: the previous file at `path` stays intact unless the new
        /// one is complete. The graph reads `input`, `(batch, n_inputs)`, and
        /// gives `output`; elements are `FLOAT` (`f32`) or `DOUBLE` (`f64`).
        ///
        /// # Shapes
        /// - the graph's `input`: `(batch, n_inputs)`
        #[doc = concat!("- its `output`: ", shape!())]
        ///
        /// # Errors
        /// [`Error::ModelFile`] with [`FileProblem::InvalidModel`] for a NaN or
        /// infinite weight or bias, or a softmax over one unit (nothing is
        /// written); [`Error::Io`] if the file cannot be written.
        ///
        /// ```
        #[doc = example!()]
        /// ```
        pub fn save_onnx(&self, path: impl AsRef<Path>) -> Result<()> {
            format::save::<Onnx, F, Self>(self, path.as_ref())
        }
    }
}
