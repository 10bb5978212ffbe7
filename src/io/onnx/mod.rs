//! ONNX export: a network as a model that onnxruntime (or any ONNX runtime) runs.
//!
//! [`Network::save_onnx`](crate::Network::save_onnx) writes, for each layer `i`,
//!
//! ```text
//! layers.{i}.net_input = Gemm(x, layers.{i}.weights, layers.{i}.bias)     h = x·W + b
//! layers.{i}.output    = Sigmoid | Tanh | Relu | Softmax(axis = 1) (h)    y = f(h)
//! ```
//!
//! with the weights as they are, `(n_inputs, n_units)` (Gemm's `B`, `transB`
//! left at 0) and the bias as `C`. The identity adds no node; the step is
//! `Cast(GreaterOrEqual(h, zero), to = FLOAT | DOUBLE)`, 1 where `h ≥ 0` as
//! [`Activation::Step`](crate::Activation::Step). The graph reads `input` of
//! shape `(batch, n_inputs)` and gives `output` of shape `(batch, n_outputs)`,
//! `batch` a symbolic dimension; elements are `FLOAT` for `f32` models and
//! `DOUBLE` for `f64`. Opset 13 of the default domain, IR version 7 (the pair
//! ONNX 1.8 introduced, as `onnx.helper.VERSION_TABLE` lists).
//!
//! The messages are declared by hand in this module (field numbers from
//! `onnx.proto`) and encoded with prost; [`Message`] decodes a file back:
//!
//! ```
//! use neuron::onnx::{Message, ModelProto};
//! use neuron::{Activation, Dense, Network};
//! use neuron::ndarray::array;
//!
//! let network = Network::from_layers(vec![
//!     Dense::new(array![[1.0_f32, -1.0]], array![0.0, 0.5], Activation::Step)?,
//! ])?;
//! let path = std::env::temp_dir().join(format!("onnx-mod-doc-{}.onnx", std::process::id()));
//! network.save_onnx(&path)?;
//! let model = ModelProto::decode(std::fs::read(&path).unwrap().as_slice()).unwrap();
//! let ops: Vec<_> = model.graph.unwrap().node.iter().map(|n| n.op_type().to_owned()).collect();
//! assert_eq!(ops, ["Gemm", "GreaterOrEqual", "Cast"]);
//! # std::fs::remove_file(&path).ok();
//! # Ok::<(), neuron::Error>(())
//! ```

mod export;
mod proto;
mod sequential;

pub use export::{IR_VERSION, OPSET};
/// prost's trait for the messages: `ModelProto::decode(bytes)`, `model.encode_to_vec()`.
pub use prost::Message;
pub use proto::{
    AttributeProto, AttributeType, DataType, GraphProto, ModelProto, NodeProto, OperatorSetIdProto,
    StringStringEntryProto, TensorProto, TensorShapeProto, TypeProto, ValueInfoProto,
    tensor_shape_proto, type_proto,
};
