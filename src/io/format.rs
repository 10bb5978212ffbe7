//! What a file format is: a [`ModelDescription`] as bytes. Saving and its
//! checks are written once, here, for every format and every model; loading
//! is in `readable.rs`.

use std::path::Path;

use super::atomic::write_atomically;
use super::description::{Described, Field, Invalid, Kind, ModelDescription};
use crate::{Error, FileProblem, Float, Result};

/// A file format: a model's description as the bytes of a file.
pub(crate) trait Format {
    /// A field of a description as the format names it: `model.layers[1].bias`
    /// in JSON, the tensor `layers.1.bias` in safetensors.
    fn field(kind: Kind, field: Field) -> String;

    /// A description's fault as the problem of a file: by default
    /// [`FileProblem::WrongKind`], [`FileProblem::LayerMismatch`] or
    /// [`FileProblem::InvalidModel`] naming the field.
    fn problem(kind: Kind, invalid: Invalid) -> FileProblem {
        match invalid {
            Invalid::Kind { found, expected } => FileProblem::WrongKind { found, expected },
            Invalid::Chain {
                layer,
                found,
                expected,
            } => FileProblem::LayerMismatch {
                layer,
                found,
                expected,
            },
            Invalid::Field { field, reason, .. } => FileProblem::InvalidModel {
                field: Self::field(kind, field),
                reason,
            },
        }
    }

    /// The bytes of a file holding `model`, a description already checked
    /// as a load checks it (see [`checked`]).
    fn to_bytes<F: Float>(model: &ModelDescription<F>) -> Result<Vec<u8>, FileProblem>;
}

/// `model`'s description, checked as a load checks it: a model that would
/// not load back (NaN, a softmax over one unit) is not written.
pub(crate) fn checked<X: Format, F: Float, M: Described<F>>(
    model: &M,
) -> Result<ModelDescription<F>, FileProblem> {
    let description = model.describe();
    match M::try_from(description.clone()) {
        Ok(_) => Ok(description),
        Err(invalid) => Err(X::problem(M::KIND, invalid)),
    }
}

/// Writes `model` to `path` in format `X`, atomically: the previous file
/// stays intact unless the new one is complete.
pub(crate) fn save<X: Format, F: Float, M: Described<F>>(model: &M, path: &Path) -> Result<()> {
    let bytes = checked::<X, F, M>(model)
        .and_then(|description| X::to_bytes(&description))
        .map_err(|problem| Error::ModelFile {
            action: "save",
            path: path.display().to_string(),
            problem,
        })?;
    write_atomically(path, &bytes)
}
