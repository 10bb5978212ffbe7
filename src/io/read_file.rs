//! Reading files the crate is pointed at without trusting them: the first
//! bytes are checked before the rest is read, and nothing is read beyond what
//! the file really holds (or, for a pipe or device, beyond a bound).

use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Bytes read from a file that is not a regular file (a pipe, a device such
/// as `/dev/zero`) at most.
const UNSIZED_LIMIT: u64 = 1 << 28;

/// Why a file could not be read.
#[derive(Debug)]
pub(crate) enum ReadProblem {
    /// The operating system refused.
    Io(std::io::Error),
    /// The content is not what it must be; the message says why.
    Refused(String),
}

/// An open file and the number of bytes it holds, when it is a regular file.
pub(crate) struct Source {
    file: File,
    size: Option<u64>,
}

impl Source {
    /// Opens `path` for reading.
    pub(crate) fn open(path: &Path) -> Result<Self, ReadProblem> {
        if path.as_os_str().is_empty() {
            return Err(ReadProblem::Refused(
                "the path is empty: give the file's name".to_owned(),
            ));
        }
        // Opening a FIFO for reading waits for a writer, for ever if none
        // comes: look before opening.
        #[cfg(unix)]
        if let Ok(metadata) = std::fs::metadata(path) {
            use std::os::unix::fs::FileTypeExt;
            let kind = metadata.file_type();
            if kind.is_fifo() || kind.is_socket() {
                return Err(ReadProblem::Refused(
                    "it is a FIFO or a socket, not a file: reading it could wait for ever"
                        .to_owned(),
                ));
            }
        }
        let file = File::open(path).map_err(ReadProblem::Io)?;
        let metadata = file.metadata().map_err(ReadProblem::Io)?;
        if metadata.is_dir() {
            return Err(ReadProblem::Refused(
                "it is a folder, not a file".to_owned(),
            ));
        }
        let size = metadata.is_file().then_some(metadata.len());
        Ok(Source { file, size })
    }

    /// The size of a regular file.
    #[cfg_attr(not(any(feature = "npy", feature = "safetensors")), allow(dead_code))]
    pub(crate) fn size(&self) -> Option<u64> {
        self.size
    }

    /// Up to `n` bytes: fewer only at the end of the file.
    pub(crate) fn read_up_to(&mut self, n: u64) -> Result<Vec<u8>, ReadProblem> {
        let capacity = self.size.map_or(n.min(1 << 16), |size| size.min(n));
        let mut bytes = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
        (&mut self.file)
            .take(n)
            .read_to_end(&mut bytes)
            .map_err(ReadProblem::Io)?;
        Ok(bytes)
    }

    /// Everything that is left, but no more than the file's size (as it was
    /// when opened) or, for a pipe or device, a bound.
    pub(crate) fn read_rest(&mut self, already: u64) -> Result<Vec<u8>, ReadProblem> {
        let limit = self
            .size
            .map_or(UNSIZED_LIMIT, |size| size.saturating_sub(already));
        let bytes = self.read_up_to(limit)?;
        if self.read_up_to(1)?.is_empty() {
            Ok(bytes)
        } else {
            Err(ReadProblem::Refused(format!(
                "it holds more than the {} bytes it can (it grew while being read, or it is a stream that does not end)",
                already.saturating_add(limit)
            )))
        }
    }
}

/// The whole of a file whose first `probe` bytes pass `check`.
pub(crate) fn read_checked(
    path: &Path,
    probe: u64,
    check: impl FnOnce(&[u8]) -> Result<(), String>,
) -> Result<Vec<u8>, ReadProblem> {
    let mut source = Source::open(path)?;
    let mut bytes = source.read_up_to(probe)?;
    check(&bytes).map_err(ReadProblem::Refused)?;
    let rest = source.read_rest(bytes.len() as u64)?;
    bytes.extend_from_slice(&rest);
    Ok(bytes)
}
