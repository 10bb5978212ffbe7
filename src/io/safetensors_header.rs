//! The header of a safetensors file, parsed and checked completely before a
//! single tensor is read, and written so that the same model always gives the
//! same bytes.
//!
//! ```text
//! n: u64, little-endian                 the header's length in bytes
//! n bytes of JSON, padded with spaces   {"__metadata__": {"format": "neuron", …},
//!                                        "layers.0.bias": {"dtype": "F64", "shape": [3], "data_offsets": [0, 24]}, …}
//! the data                              every tensor's values, little-endian, row-major,
//!                                       one after another, as `data_offsets` say
//! ```
//!
//! What the safetensors crate checks, this checks first, to say it with the
//! numbers (the crate then reads the file as a second opinion): the header's
//! length against the file's, the JSON, each tensor's dtype, and that the
//! tensors' `data_offsets`, sorted, run from 0 without gap or overlap, each
//! spanning exactly its shape times its dtype's size, and ending exactly at
//! the end of the file. Only `F32` and `F64` are accepted, and `I64` (which
//! PyTorch's batch normalisation keeps its `num_batches_tracked` in): the
//! readers refuse an `I64` tensor anywhere else.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::FileProblem;

/// The longest header accepted, as the safetensors crate's own limit.
pub(crate) const MAX_HEADER: u64 = 100_000_000;
/// The key of the header's text-to-text metadata.
const METADATA: &str = "__metadata__";

/// The float types a tensor of a model file can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dtype {
    F32,
    F64,
    /// Read only for PyTorch's `num_batches_tracked`, a batch normalisation's
    /// count of steps, which a state dict holds and no model of this crate uses.
    I64,
}

impl Dtype {
    /// The dtype of `F`'s values.
    pub(crate) fn of<F: crate::Float>() -> Self {
        if std::mem::size_of::<F>() == 4 {
            Dtype::F32
        } else {
            Dtype::F64
        }
    }

    /// As safetensors names it: `F32`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Dtype::F32 => "F32",
            Dtype::F64 => "F64",
            Dtype::I64 => "I64",
        }
    }

    /// The name and the Rust type: `F32 (f32)`.
    pub(crate) fn describe(self) -> String {
        match self {
            Dtype::F32 => "F32 (f32)".to_owned(),
            Dtype::F64 => "F64 (f64)".to_owned(),
            Dtype::I64 => "I64 (i64)".to_owned(),
        }
    }

    /// Bytes per value.
    pub(crate) fn size(self) -> usize {
        match self {
            Dtype::F32 => 4,
            Dtype::F64 | Dtype::I64 => 8,
        }
    }

    fn parse(name: &str) -> Option<Self> {
        match name {
            "F32" => Some(Dtype::F32),
            "F64" => Some(Dtype::F64),
            "I64" => Some(Dtype::I64),
            _ => None,
        }
    }
}

/// One tensor as the header describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TensorEntry {
    pub(crate) name: String,
    pub(crate) dtype: Dtype,
    pub(crate) shape: Vec<usize>,
    /// Where the values start and end, in bytes from the end of the header.
    pub(crate) start: u64,
    pub(crate) end: u64,
}

/// A parsed and checked header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    /// `__metadata__`, empty when the file has none.
    pub(crate) metadata: BTreeMap<String, String>,
    /// Every tensor, by its data's position in the file.
    pub(crate) tensors: Vec<TensorEntry>,
    /// Where the data starts in the file: 8 + the header's length.
    pub(crate) data_start: usize,
}

/// The header's length from the first 8 bytes of a file, checked against
/// `held`, the bytes that follow them (when known).
pub(crate) fn header_length(start: &[u8], held: Option<u64>) -> Result<u64, FileProblem> {
    if start.is_empty() {
        return Err(FileProblem::Empty);
    }
    let Some(Ok(length)) = start.get(..8).map(<[u8; 8]>::try_from) else {
        return Err(FileProblem::NotAModelFile {
            message: format!(
                "it is {} bytes long, shorter than the 8-byte header length a safetensors file starts with",
                start.len()
            ),
        });
    };
    let claimed = u64::from_le_bytes(length);
    if let Some(held) = held
        && claimed > held
    {
        return Err(FileProblem::HeaderLength { claimed, held });
    }
    if claimed > MAX_HEADER {
        return Err(FileProblem::NotAModelFile {
            message: format!(
                "its header claims {claimed} bytes, more than the {MAX_HEADER} a safetensors header may have"
            ),
        });
    }
    if claimed < 2 {
        return Err(FileProblem::NotAModelFile {
            message: format!(
                "its header claims {claimed} bytes, too few for the JSON object a safetensors header is"
            ),
        });
    }
    Ok(claimed)
}

/// Parses and checks the header of the whole file `bytes`.
pub(crate) fn parse(bytes: &[u8]) -> Result<Header, FileProblem> {
    let held = (bytes.len() as u64).saturating_sub(8);
    let length = header_length(bytes, Some(held))?;
    // `length ≤ held < usize::MAX`, so this converts and adds without loss.
    let data_start = usize::try_from(length).map_or(usize::MAX, |n| n.saturating_add(8));
    let (Some(text), Some(data)) = (bytes.get(8..data_start), bytes.get(data_start..)) else {
        return Err(FileProblem::HeaderLength {
            claimed: length,
            held,
        });
    };
    let text = std::str::from_utf8(text).map_err(|e| FileProblem::NotAModelFile {
        message: format!("its header is not UTF-8 text: {e}"),
    })?;
    let object: Map<String, Value> =
        serde_json::from_str(text).map_err(|e| FileProblem::NotAModelFile {
            message: format!("its header is not a JSON object: {e}"),
        })?;
    let mut metadata = BTreeMap::new();
    let mut tensors = Vec::with_capacity(object.len());
    for (name, value) in object {
        if name == METADATA {
            metadata = parse_metadata(value)?;
        } else {
            tensors.push(parse_entry(name, &value)?);
        }
    }
    check_offsets(&mut tensors, data.len() as u64)?;
    Ok(Header {
        metadata,
        tensors,
        data_start,
    })
}

/// `__metadata__`: text to text, or `null`.
fn parse_metadata(value: Value) -> Result<BTreeMap<String, String>, FileProblem> {
    let object = match value {
        Value::Null => return Ok(BTreeMap::new()),
        Value::Object(object) => object,
        other => {
            return Err(FileProblem::NotAModelFile {
                message: format!(
                    "its {METADATA} is {}, not a map of text to text",
                    kind_of(&other)
                ),
            });
        }
    };
    object
        .into_iter()
        .map(|(key, value)| match value {
            Value::String(text) => Ok((key, text)),
            other => Err(FileProblem::NotAModelFile {
                message: format!(
                    "its {METADATA} maps `{key}` to {}, but safetensors metadata is text",
                    kind_of(&other)
                ),
            }),
        })
        .collect()
}

/// One tensor's `{"dtype": …, "shape": […], "data_offsets": [start, end]}`.
fn parse_entry(name: String, value: &Value) -> Result<TensorEntry, FileProblem> {
    let invalid = |reason: String| FileProblem::InvalidModel {
        field: name.clone(),
        reason,
    };
    let Some(object) = value.as_object() else {
        return Err(invalid(format!(
            "is {}, not a tensor's {{\"dtype\", \"shape\", \"data_offsets\"}}",
            kind_of(value)
        )));
    };
    let dtype_name = match object.get("dtype") {
        Some(Value::String(dtype)) => dtype,
        Some(other) => return Err(invalid(format!("has a dtype that is {}", kind_of(other)))),
        None => return Err(invalid("has no dtype".to_owned())),
    };
    let Some(dtype) = Dtype::parse(dtype_name) else {
        return Err(FileProblem::UnsupportedDtype {
            tensor: name,
            dtype: dtype_name.clone(),
        });
    };
    let numbers = |key: &str| -> Option<Vec<u64>> {
        object
            .get(key)?
            .as_array()?
            .iter()
            .map(Value::as_u64)
            .collect()
    };
    let Some(shape) = numbers("shape").and_then(|shape| {
        shape
            .into_iter()
            .map(|d| usize::try_from(d).ok())
            .collect::<Option<Vec<_>>>()
    }) else {
        return Err(invalid(format!(
            "has the shape {}, not a list of sizes",
            excerpt(object.get("shape"))
        )));
    };
    let Some(&[start, end]) = numbers("data_offsets").as_deref() else {
        return Err(invalid(format!(
            "has the data_offsets {}, not two byte positions [start, end]",
            excerpt(object.get("data_offsets"))
        )));
    };
    Ok(TensorEntry {
        name,
        dtype,
        shape,
        start,
        end,
    })
}

/// Sorts the tensors by where their data lies, and checks that they tile the
/// `held` bytes of data exactly, each spanning its shape times its dtype's size.
fn check_offsets(tensors: &mut [TensorEntry], held: u64) -> Result<(), FileProblem> {
    tensors.sort_by(|a, b| (a.start, a.end, &a.name).cmp(&(b.start, b.end, &b.name)));
    let mut previous: Option<&TensorEntry> = None;
    for tensor in tensors.iter() {
        let offsets = |reason: String| FileProblem::TensorOffsets {
            tensor: tensor.name.clone(),
            start: tensor.start,
            end: tensor.end,
            reason,
        };
        if tensor.end < tensor.start {
            return Err(offsets("end before they start".to_owned()));
        }
        let expected_start = previous.map_or(0, |p| p.end);
        let before = previous.map_or_else(
            || "the start of the data".to_owned(),
            |p| format!("`{}`, which ends at {}", p.name, p.end),
        );
        if tensor.start < expected_start {
            return Err(offsets(format!("overlap {before}")));
        }
        if tensor.start > expected_start {
            return Err(offsets(format!(
                "leave {} bytes unused after {before}",
                tensor.start - expected_start
            )));
        }
        // A shape with a 0 holds no values, however large its other sizes
        // (`[2⁶², 0]`): its bytes are 0, not an overflow.
        let needed = if tensor.shape.contains(&0) {
            Some(0)
        } else {
            tensor
                .shape
                .iter()
                .try_fold(tensor.dtype.size() as u64, |n, &d| n.checked_mul(d as u64))
        };
        match needed {
            None => {
                return Err(offsets(format!(
                    "cannot hold a tensor of shape {:?}: it has more values than any array can",
                    tensor.shape
                )));
            }
            Some(needed) if needed != tensor.end - tensor.start => {
                return Err(offsets(format!(
                    "span {} bytes, but {} values of shape {:?} take {needed}",
                    tensor.end - tensor.start,
                    tensor.dtype.name(),
                    tensor.shape
                )));
            }
            Some(_) => {}
        }
        previous = Some(tensor);
    }
    let needed = previous.map_or(0, |p| p.end);
    if needed != held {
        return Err(FileProblem::DataLength { needed, held });
    }
    Ok(())
}

/// The whole file: the 8-byte length, the header (metadata, then each tensor
/// in the order of `tensors`, data one after another) padded with spaces to a
/// multiple of 8 bytes, as the safetensors crate aligns it, then the data.
///
/// Keys are written in a fixed order, so the same model always gives the same
/// bytes (the safetensors crate's writer orders the metadata as a `HashMap`
/// iterates, differently in every process).
pub(crate) fn write(
    metadata: &BTreeMap<String, String>,
    tensors: &[(String, Dtype, Vec<usize>, Vec<u8>)],
) -> Result<Vec<u8>, String> {
    let mut header = Map::new();
    let meta: Map<String, Value> = metadata
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    header.insert(METADATA.to_owned(), Value::Object(meta));
    let mut offset = 0_usize;
    for (name, dtype, shape, data) in tensors {
        let end = offset.saturating_add(data.len());
        header.insert(
            name.clone(),
            serde_json::json!({
                "dtype": dtype.name(),
                "shape": shape,
                "data_offsets": [offset, end],
            }),
        );
        offset = end;
    }
    let mut text = serde_json::to_string(&Value::Object(header)).map_err(|e| e.to_string())?;
    while text.len() % 8 != 0 {
        text.push(' ');
    }
    let mut bytes = Vec::with_capacity(8 + text.len() + offset);
    bytes.extend_from_slice(&(text.len() as u64).to_le_bytes());
    bytes.extend_from_slice(text.as_bytes());
    for (_, _, _, data) in tensors {
        bytes.extend_from_slice(data);
    }
    Ok(bytes)
}

/// `a string`, `a number`, … for messages.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A value as JSON, cut to a readable length.
fn excerpt(value: Option<&Value>) -> String {
    let Some(value) = value else {
        return "missing".to_owned();
    };
    let text = value.to_string();
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or_default()),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(header: &str, data: &[u8]) -> Vec<u8> {
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend_from_slice(data);
        bytes
    }

    #[test]
    fn a_written_header_parses_back() {
        let metadata = BTreeMap::from([("format".to_owned(), "neuron".to_owned())]);
        let tensors = vec![
            ("a".to_owned(), Dtype::F32, vec![2], vec![0; 8]),
            ("b".to_owned(), Dtype::F64, vec![1, 1], vec![0; 8]),
        ];
        let bytes = write(&metadata, &tensors).unwrap();
        assert_eq!((bytes.len() - 16) % 8, 0, "the data starts 8-aligned");
        let header = parse(&bytes).unwrap();
        assert_eq!(header.metadata, metadata);
        assert_eq!(header.tensors.len(), 2);
        assert_eq!(
            (header.tensors[1].start, header.tensors[1].end),
            (8, 16),
            "b after a"
        );
        assert_eq!(header.data_start, bytes.len() - 16);
    }

    #[test]
    fn offsets_that_do_not_tile_the_data_are_named() {
        let overlap = file(
            r#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#,
            &[0; 12],
        );
        assert!(matches!(
            parse(&overlap),
            Err(FileProblem::TensorOffsets { tensor, reason, .. }) if tensor == "b" && reason.contains("overlap `a`")
        ));
        let backwards = file(
            r#"{"a":{"dtype":"F32","shape":[0],"data_offsets":[8,0]}}"#,
            &[0; 8],
        );
        assert!(matches!(
            parse(&backwards),
            Err(FileProblem::TensorOffsets { reason, .. }) if reason == "end before they start"
        ));
        let huge = file(
            r#"{"a":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#,
            &[0; 8],
        );
        assert!(matches!(
            parse(&huge),
            Err(FileProblem::TensorOffsets { reason, .. }) if reason.contains("more values")
        ));
        assert_eq!(
            parse(&file("{}", &[1])),
            Err(FileProblem::DataLength { needed: 0, held: 1 })
        );
    }

    #[test]
    fn short_files_are_named() {
        assert_eq!(parse(b""), Err(FileProblem::Empty));
        assert!(
            matches!(parse(b"abc"), Err(FileProblem::NotAModelFile { message }) if message.contains("3 bytes long"))
        );
        let mut zero = 0_u64.to_le_bytes().to_vec();
        zero.extend_from_slice(b"{}");
        assert!(matches!(
            parse(&zero),
            Err(FileProblem::NotAModelFile { .. })
        ));
    }
}
