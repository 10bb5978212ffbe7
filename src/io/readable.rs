//! A format that reads back what it writes: a file's bytes as a
//! [`ModelDescription`]. Loading and its checks are written once, here, for
//! every such format and every model.

use std::path::Path;

use super::description::{Described, Kind, ModelDescription};
use super::format::Format;
use super::read_file::{ReadProblem, Source};
use crate::{Error, FileProblem, Float, Result};

/// A format that reads back what it writes.
pub(crate) trait Readable: Format {
    /// What a load takes beyond the path: `()`, or the caller's activations
    /// and float conversion (`SafetensorsOptions`).
    type Options;

    /// How many bytes of a file [`check_start`](Readable::check_start) sees.
    const START: u64;

    /// Whether a file that starts with `start` (its first [`START`](Readable::START)
    /// bytes, or all of a shorter one) and holds `size` bytes (when it is a
    /// regular file) can be of this format, checked before the rest is read.
    fn check_start(start: &[u8], size: Option<u64>) -> Result<(), FileProblem>;

    /// The description in a whole file, read as a `kind` of model. The
    /// result is checked afterwards, as the model it becomes.
    fn from_bytes<F: Float>(
        bytes: &[u8],
        kind: Kind,
        options: &Self::Options,
    ) -> Result<ModelDescription<F>, FileProblem>;
}

/// Reads a model from `path` in format `X`: its first bytes are checked
/// before the rest is read, and nothing beyond what the file holds is read.
pub(crate) fn load<X: Readable, F: Float, M: Described<F>>(
    path: &Path,
    options: &X::Options,
) -> Result<M> {
    let fail = |problem| failed_load(path, problem);
    let bytes = read_checked::<X>(path)?;
    let description = X::from_bytes::<F>(&bytes, M::KIND, options).map_err(fail)?;
    M::try_from(description).map_err(|invalid| fail(X::problem(M::KIND, invalid)))
}

/// The error of a load of `path` that failed with `problem`.
pub(crate) fn failed_load(path: &Path, problem: FileProblem) -> Error {
    Error::ModelFile {
        action: "load",
        path: path.display().to_string(),
        problem,
    }
}

/// The bytes of the file at `path`, read as format `X` reads: its first
/// bytes checked before the rest is read, and no more read than it holds.
pub(crate) fn read_checked<X: Readable>(path: &Path) -> Result<Vec<u8>> {
    let fail = |problem| failed_load(path, problem);
    let read = |problem: ReadProblem| match problem {
        ReadProblem::Io(e) => Error::Io {
            action: "read",
            path: path.display().to_string(),
            message: e.to_string(),
        },
        ReadProblem::Refused(message) => fail(FileProblem::NotAModelFile { message }),
    };
    let mut source = Source::open(path).map_err(read)?;
    let mut bytes = source.read_up_to(X::START).map_err(read)?;
    X::check_start(&bytes, source.size()).map_err(fail)?;
    let rest = source.read_rest(bytes.len() as u64).map_err(read)?;
    bytes.extend_from_slice(&rest);
    Ok(bytes)
}
