//! Model files: `save(path)` and `load(path)` in a documented, versioned JSON format.
//!
//! ```text
//! {
//!   "format": "neuron",
//!   "version": 1,
//!   "kind": "network",            // "neuron", "dense" or "network"
//!   "float": "f64",               // "f32" or "f64"
//!   "model": { "layers": [ { "weights": [[…]], "bias": […], "activation": "tanh" }, … ] }
//! }
//! ```
//!
//! The `model` object is the record described in the crate docs' *Model files*
//! section. Floats are written in their shortest round-trip form, so a save and
//! load gives back every bit, `−0.0` and subnormals included.
//!
//! Saving is atomic: the file is written under a temporary name in the same
//! folder, flushed to disk, and only then renamed over the target, so a crash or
//! an error during a save leaves the previous file as it was.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::description::{Field, Invalid, Kind, ModelDescription};
use super::format::{self, Format};
use super::readable::{self, Readable};
use super::record::{self, DenseRecord, NetworkRecord, NeuronRecord, Record};
use crate::{FileProblem, Float, Result};

/// The value of the `format` field.
pub(crate) const FORMAT: &str = "neuron";
/// The format version this crate writes and reads.
pub const FORMAT_VERSION: u64 = 1;

/// The JSON model files.
pub(crate) struct Json;

/// The value of the `kind` field.
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Neuron => "neuron",
        Kind::Dense => "dense",
        Kind::Network => "network",
    }
}

#[derive(Serialize)]
pub(crate) struct Envelope<'a, R> {
    pub(crate) format: &'a str,
    pub(crate) version: u64,
    pub(crate) kind: &'a str,
    pub(crate) float: &'a str,
    pub(crate) model: &'a R,
}

#[derive(Deserialize)]
struct Header {
    format: String,
    /// Read as any JSON value, so that `1.0` or `"1"` is reported as a wrong
    /// version rather than as a file of another kind.
    version: serde_json::Value,
    kind: String,
    float: String,
}

#[derive(Deserialize)]
struct Body<R> {
    model: R,
}

impl Format for Json {
    fn field(kind: Kind, field: Field) -> String {
        format!("model.{}", record::path(kind, field))
    }

    fn problem(kind: Kind, invalid: Invalid) -> FileProblem {
        match invalid {
            Invalid::Kind { found, expected } => FileProblem::WrongKind { found, expected },
            invalid => {
                let e = record::record_error(kind, invalid);
                FileProblem::InvalidModel {
                    field: format!("model.{}", e.field),
                    reason: e.reason,
                }
            }
        }
    }

    fn to_bytes<F: Float>(model: &ModelDescription<F>) -> Result<Vec<u8>, FileProblem> {
        let invalid = |reason: String| FileProblem::InvalidModel {
            field: "model".to_owned(),
            reason,
        };
        let record = Record::of(model)
            .ok_or_else(|| invalid(format!("is not one {}", model.kind.what())))?;
        let envelope = Envelope {
            format: FORMAT,
            version: FORMAT_VERSION,
            kind: kind_name(model.kind),
            float: F::NAME,
            model: &record,
        };
        // JSON has no NaN or ∞: the description was checked to be finite, so
        // the file reads back.
        let mut text =
            serde_json::to_string_pretty(&envelope).map_err(|e| invalid(e.to_string()))?;
        text.push('\n');
        Ok(text.into_bytes())
    }
}

impl Readable for Json {
    type Options = ();

    const START: u64 = 64;

    fn check_start(start: &[u8], _size: Option<u64>) -> Result<(), FileProblem> {
        looks_like_json(start).map_err(|message| FileProblem::NotAModelFile { message })
    }

    /// Reads a model file's bytes; every failure says what is wrong and where.
    fn from_bytes<F: Float>(
        bytes: &[u8],
        kind: Kind,
        _options: &(),
    ) -> Result<ModelDescription<F>, FileProblem> {
        // A UTF-8 byte-order mark, as Windows editors write, is not part of the JSON.
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(FileProblem::Empty);
        }
        check_header::<F>(bytes, kind_name(kind))?;
        // Then the model, with the path of any field that does not fit.
        let record = match kind {
            Kind::Neuron => Record::Neuron(body::<NeuronRecord<F>>(bytes)?),
            Kind::Dense => Record::Dense(body::<DenseRecord<F>>(bytes)?),
            Kind::Network => Record::Network(body::<NetworkRecord<F>>(bytes)?),
        };
        record
            .into_description()
            .map_err(|e| FileProblem::InvalidModel {
                field: format!("model.{}", e.field),
                reason: e.reason,
            })
    }
}

/// The envelope: is this a model file, of a version, kind and float we read?
pub(crate) fn check_header<F: Float>(
    bytes: &[u8],
    expected: &'static str,
) -> Result<(), FileProblem> {
    let header: Header =
        serde_json::from_slice(bytes).map_err(|e| match syntax_problem(&e, bytes) {
            Some(problem) => problem,
            None => FileProblem::NotAModelFile {
                message: e.to_string(),
            },
        })?;
    if header.format != FORMAT {
        return Err(FileProblem::NotAModelFile {
            message: format!("its format is `{}`, not `{FORMAT}`", header.format),
        });
    }
    match header.version.as_u64() {
        Some(FORMAT_VERSION) => {}
        Some(found) => {
            return Err(FileProblem::UnsupportedVersion {
                found,
                supported: FORMAT_VERSION,
            });
        }
        None => {
            return Err(FileProblem::InvalidModel {
                field: "version".to_owned(),
                reason: format!(
                    "is {}, but the format version is a whole number, {FORMAT_VERSION} for this version of neuron",
                    header.version
                ),
            });
        }
    }
    if header.kind != expected {
        return Err(FileProblem::WrongKind {
            found: header.kind,
            expected,
        });
    }
    if header.float != F::NAME {
        return Err(FileProblem::WrongFloat {
            found: header.float,
            expected: F::NAME,
        });
    }
    Ok(())
}

/// The `model` object as record `R`, or the path of the field that does not fit.
pub(crate) fn body<R: DeserializeOwned>(bytes: &[u8]) -> Result<R, FileProblem> {
    let mut reader = serde_json::Deserializer::from_slice(bytes);
    serde_path_to_error::deserialize::<_, Body<R>>(&mut reader)
        .map(|body| body.model)
        .map_err(|e| {
            let field = e.path().to_string();
            let inner = e.into_inner();
            syntax_problem(&inner, bytes).unwrap_or_else(|| FileProblem::InvalidModel {
                field,
                reason: without_position(&inner),
            })
        })
}

/// Whether the first bytes of a file can start a JSON model file: optional
/// byte-order mark and white space, then `{`.
fn looks_like_json(start: &[u8]) -> std::result::Result<(), String> {
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    match start.iter().find(|b| !b.is_ascii_whitespace()) {
        None | Some(b'{') => Ok(()),
        Some(_) => Err("it does not start with `{`".to_owned()),
    }
}

/// A JSON syntax error or a premature end, if that is what `e` is.
///
/// A file cut short can end inside a number or a word (`0.`, `tr`), which the
/// JSON reader reports as a syntax error at the last character: that is a
/// truncation too.
fn syntax_problem(e: &serde_json::Error, bytes: &[u8]) -> Option<FileProblem> {
    let truncated = FileProblem::Truncated {
        line: e.line(),
        column: e.column(),
    };
    match e.classify() {
        serde_json::error::Category::Eof => Some(truncated),
        serde_json::error::Category::Syntax if at_end(bytes, e.line(), e.column()) => {
            Some(truncated)
        }
        serde_json::error::Category::Syntax => Some(FileProblem::Corrupt {
            line: e.line(),
            column: e.column(),
            message: without_position(e),
        }),
        _ => None,
    }
}

/// Whether line `line`, column `column` (both from 1) is at or past the last
/// non-blank byte of `bytes`.
fn at_end(bytes: &[u8], line: usize, column: usize) -> bool {
    let end = bytes
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    let text = bytes.get(..end).unwrap_or(bytes);
    let last_line = text.iter().filter(|&&b| b == b'\n').count() + 1;
    let last_column = text.iter().rev().take_while(|&&b| b != b'\n').count();
    line > last_line || (line == last_line && column >= last_column)
}

/// serde_json's message without its trailing " at line L column C", and with where it is.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let message = text.split(" at line ").next().unwrap_or(&text);
    format!("{message} (line {}, column {})", e.line(), e.column())
}

model_file_methods! {
    neuron {
        example: "use neuron::Neuron;
use neuron::ndarray::array;

let path = std::env::temp_dir().join(format!(\"neuron-doc-{}.json\", std::process::id()));
let neuron = Neuron::new(array![0.4, 0.7, 0.2]).with_bias(-0.1);
neuron.save(&path)?;
assert_eq!(Neuron::<f64>::load(&path)?, neuron);
# std::fs::remove_file(&path).ok();
# Ok::<(), neuron::Error>(())"
    }
    dense {
        example: "use neuron::{Activation, Dense, Init};
use neuron::rand::{SeedableRng, rngs::StdRng};

let path = std::env::temp_dir().join(format!(\"dense-doc-{}.json\", std::process::id()));
let layer: Dense<f32> = Dense::random(3, 2, Activation::Tanh, Init::XavierUniform, &mut StdRng::seed_from_u64(0))?;
layer.save(&path)?;
assert_eq!(Dense::<f32>::load(&path)?, layer);
assert!(Dense::<f64>::load(&path).is_err()); // written as f32
# std::fs::remove_file(&path).ok();
# Ok::<(), neuron::Error>(())"
    }
    network {
        example: "use neuron::{Activation, Init, Network};
use neuron::rand::{SeedableRng, rngs::StdRng};

let path = std::env::temp_dir().join(format!(\"network-doc-{}.json\", std::process::id()));
let network: Network<f64> = Network::random(&[2, 5, 1], Activation::Sigmoid, Init::XavierUniform, &mut StdRng::seed_from_u64(0))?;
network.save(&path)?;
assert_eq!(Network::<f64>::load(&path)?, network);
# std::fs::remove_file(&path).ok();
# Ok::<(), neuron::Error>(())"
    }
    methods {
        #[doc = concat!("Saves the ", what!(), " to a JSON model file, atomically: the previous")]
        /// file at `path` stays intact unless the new one is complete.
        ///
        /// # Errors
        /// [`Error::ModelFile`](crate::Error::ModelFile) with [`FileProblem::InvalidModel`] for a
        /// non-finite weight or bias (nothing is written); [`Error::Io`](crate::Error::Io) if
        /// the file cannot be written.
        ///
        /// ```
        #[doc = example!()]
        /// ```
        pub fn save(&self, path: impl AsRef<Path>) -> Result<()> {
            format::save::<Json, F, Self>(self, path.as_ref())
        }

        #[doc = concat!("Loads a ", what!(), " saved by [`save`](Self::save).")]
        ///
        /// # Errors
        /// [`Error::Io`](crate::Error::Io) if the file cannot be read; [`Error::ModelFile`](crate::Error::ModelFile)
        /// with the [`FileProblem`]: an empty, truncated or corrupt file, one
        /// of another format, version, kind or float type, or a model with a
        /// wrong shape or non-finite value (naming the field). Never a panic,
        /// never a half-built model.
        pub fn load(path: impl AsRef<Path>) -> Result<Self> {
            readable::load::<Json, F, Self>(path.as_ref(), &())
        }
    }
}
