//! IDX files, the format of MNIST and Fashion-MNIST: a small header that
//! says the element type and the size of each axis, then the values, big
//! endian. Plain or gzipped; nothing is allocated beyond what the header and
//! the file's real size justify.

use std::io::Read;
use std::path::Path;

use flate2::read::GzDecoder;
use ndarray::{ArrayD, IxDyn};

use crate::io::read_file::{ReadProblem, read_checked};
use crate::{Error, Float, Result};

/// The most bytes a deflate stream can give per byte of it (its best ratio
/// is about 1032 : 1): a header that declares more than this many times the
/// compressed size cannot be honest, whatever the stream holds.
const DEFLATE_RATIO: u64 = 1032;

/// Bytes decompressed at a time.
const CHUNK: usize = 1 << 16;

/// The values of an IDX file, as an array of its shape.
///
/// An IDX file starts with two zero bytes, a byte for the element type
/// (`0x08` unsigned byte, `0x09` signed byte, `0x0B` 16-bit, `0x0C` 32-bit
/// integer, `0x0D` 32-bit and `0x0E` 64-bit float) and a byte for the number
/// of axes; then each axis's size as a big-endian 32-bit integer; then the
/// values, big-endian, in row-major order. A file that starts with gzip's
/// magic bytes (as the `.gz` files that MNIST and Fashion-MNIST come in) is
/// decompressed as it is read.
///
/// Values are converted to `F` (exactly, but for 32-bit integers beyond 2²⁴
/// and 64-bit floats in `f32`).
///
/// # Errors
/// [`Error::Io`] naming the path: the file cannot be read, or it is not an
/// IDX file: a wrong magic number, an unknown element type, sizes whose
/// product overflows, fewer or more values than the header declares (a
/// truncated file, or trailing bytes), a gzip stream that is corrupt or
/// declares more than it can hold. [`Error::Allocation`] when the values
/// cannot be had.
///
/// ```no_run
/// // Fashion-MNIST's test labels, as Debian's dataset-fashion-mnist installs them.
/// let labels = neuron::datasets::read_idx::<f32>(
///     "/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz",
/// )?;
/// assert_eq!(labels.shape(), &[10_000]);
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn read_idx<F: Float>(path: impl AsRef<Path>) -> Result<ArrayD<F>> {
    let path = path.as_ref();
    let refused = |message: String| Error::Io {
        action: "read",
        path: path.display().to_string(),
        message,
    };
    let bytes = read_checked(path, 4, |start| {
        if is_gzip(start) || start.get(..2) == Some(&[0, 0]) {
            Ok(())
        } else {
            Err("it is not an IDX file: it starts with neither 00 00 nor gzip's 1f 8b".to_owned())
        }
    })
    .map_err(|problem| match problem {
        ReadProblem::Io(e) => refused(e.to_string()),
        ReadProblem::Refused(message) => refused(message),
    })?;
    let (shape, kind, data) = if is_gzip(&bytes) {
        let compressed = bytes.len() as u64;
        let mut stream = GzDecoder::new(bytes.as_slice());
        let mut start = [0_u8; 4];
        stream
            .read_exact(&mut start)
            .map_err(|e| refused(format!("its gzip stream ends before the IDX header: {e}")))?;
        let (kind, ndim) = magic(start).map_err(&refused)?;
        let mut sizes = vec![0_u8; 4 * ndim];
        stream
            .read_exact(&mut sizes)
            .map_err(|e| refused(format!("its gzip stream ends inside the IDX header: {e}")))?;
        let shape = axes(&sizes);
        let declared = data_bytes(&shape, kind).map_err(&refused)?;
        if declared
            > compressed
                .saturating_mul(DEFLATE_RATIO)
                .saturating_add(1 << 16)
        {
            return Err(refused(format!(
                "its header declares {declared} bytes of values, more than a gzip file of {compressed} bytes can hold"
            )));
        }
        let data = read_exactly(&mut stream, declared).map_err(&refused)?;
        (shape, kind, data)
    } else {
        let start: [u8; 4] = bytes
            .get(..4)
            .and_then(|b| b.try_into().ok())
            .ok_or_else(|| refused("it ends inside the IDX header".to_owned()))?;
        let (kind, ndim) = magic(start).map_err(&refused)?;
        let header = 4 + 4 * ndim;
        let sizes = bytes
            .get(4..header)
            .ok_or_else(|| refused("it ends inside the IDX header".to_owned()))?;
        let shape = axes(sizes);
        let declared = data_bytes(&shape, kind).map_err(&refused)?;
        let data = bytes.get(header..).unwrap_or_default();
        check_length(data.len() as u64, declared).map_err(&refused)?;
        (shape, kind, data.to_vec())
    };
    let values = decode::<F>(&data, kind)?;
    ArrayD::from_shape_vec(IxDyn(&shape), values)
        .map_err(|e| refused(format!("its values do not fill its shape {shape:?}: {e}")))
}

/// The element types of IDX files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    U8,
    I8,
    I16,
    I32,
    F32,
    F64,
}

impl Kind {
    fn size(self) -> u64 {
        match self {
            Kind::U8 | Kind::I8 => 1,
            Kind::I16 => 2,
            Kind::I32 | Kind::F32 => 4,
            Kind::F64 => 8,
        }
    }
}

fn is_gzip(bytes: &[u8]) -> bool {
    bytes.get(..2) == Some(&[0x1f, 0x8b])
}

/// The element type and the number of axes from the first four bytes.
fn magic(start: [u8; 4]) -> std::result::Result<(Kind, usize), String> {
    let [a, b, kind, ndim] = start;
    if (a, b) != (0, 0) {
        return Err(format!(
            "it is not an IDX file: its magic number starts {a:02x} {b:02x}, not 00 00"
        ));
    }
    let kind = match kind {
        0x08 => Kind::U8,
        0x09 => Kind::I8,
        0x0B => Kind::I16,
        0x0C => Kind::I32,
        0x0D => Kind::F32,
        0x0E => Kind::F64,
        other => {
            return Err(format!(
                "its element type is 0x{other:02x}, not one of IDX's 0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e"
            ));
        }
    };
    Ok((kind, usize::from(ndim)))
}

/// The sizes of the axes: big-endian 32-bit integers.
fn axes(sizes: &[u8]) -> Vec<usize> {
    sizes
        .chunks_exact(4)
        .map(|b| {
            b.iter()
                .fold(0_usize, |n, &byte| (n << 8) | usize::from(byte))
        })
        .collect()
}

/// The bytes of values that `shape` of `kind` takes, or why it overflows.
fn data_bytes(shape: &[usize], kind: Kind) -> std::result::Result<u64, String> {
    shape
        .iter()
        .try_fold(kind.size(), |n, &d| n.checked_mul(d as u64))
        .filter(|&bytes| usize::try_from(bytes).is_ok_and(|b| b <= isize::MAX as usize))
        .ok_or_else(|| format!("its sizes {shape:?} hold more values than any array can"))
}

/// The values' bytes hold exactly what the header declares.
fn check_length(found: u64, declared: u64) -> std::result::Result<(), String> {
    if found < declared {
        Err(format!(
            "it is truncated: its header declares {declared} bytes of values, but it holds {found}"
        ))
    } else if found > declared {
        Err(format!(
            "it holds {} bytes after the {declared} bytes of values its header declares",
            found - declared
        ))
    } else {
        Ok(())
    }
}

/// Exactly `declared` bytes from `stream`, and nothing after them; the buffer
/// grows with what arrives, never ahead of it by more than a chunk.
fn read_exactly(stream: &mut impl Read, declared: u64) -> std::result::Result<Vec<u8>, String> {
    let mut data: Vec<u8> = Vec::new();
    let mut chunk = vec![0_u8; CHUNK];
    loop {
        let got = stream
            .read(&mut chunk)
            .map_err(|e| format!("its gzip stream is corrupt: {e}"))?;
        let Some(read) = chunk.get(..got).filter(|r| !r.is_empty()) else {
            break;
        };
        if data.len() as u64 + read.len() as u64 > declared {
            return Err(format!(
                "it holds more than the {declared} bytes of values its header declares"
            ));
        }
        data.try_reserve(read.len())
            .map_err(|_| format!("the {declared} bytes of values it declares cannot be had"))?;
        data.extend_from_slice(read);
    }
    check_length(data.len() as u64, declared)?;
    Ok(data)
}

/// The values of `data`, big-endian, as `F`.
fn decode<F: Float>(data: &[u8], kind: Kind) -> Result<Vec<F>> {
    let n = data.len() / kind.size() as usize;
    let mut values: Vec<F> = crate::alloc::room_for("the values of an IDX file", 1, n)?;
    let size = kind.size() as usize;
    values.extend(data.chunks_exact(size).map(|b| {
        let value = match (kind, b) {
            (Kind::U8, &[x]) => f64::from(x),
            (Kind::I8, &[x]) => f64::from(x as i8),
            (Kind::I16, &[a, b]) => f64::from(i16::from_be_bytes([a, b])),
            (Kind::I32, &[a, b, c, d]) => f64::from(i32::from_be_bytes([a, b, c, d])),
            (Kind::F32, &[a, b, c, d]) => f64::from(f32::from_be_bytes([a, b, c, d])),
            (Kind::F64, b) => b.try_into().map_or(f64::NAN, f64::from_be_bytes),
            _ => f64::NAN,
        };
        F::from_f64(value)
    }));
    Ok(values)
}
