//! Reading a [`Dataset`] from a CSV file: numbers only, one sample per line.

use std::io::Read;
use std::path::Path;

use ndarray::{Array1, Array2};
use num_traits::Num;

use super::csv_options::CsvOptions;
use super::dataset::Dataset;
use crate::io::read_file::{ReadProblem, read_checked};
use crate::{Error, Float, Result};

/// Reads a data set from the CSV file at `path`: one sample per line, every cell a
/// finite number, one column the target and the others the features.
///
/// With a header, its cells name the features; without, they are named `x0`, `x1`, ….
/// Spaces around cells are ignored and blank lines skipped. See [`read_csv_from`]
/// to read from memory or any other [`Read`]er.
///
/// # Shapes
/// - a file of `n_samples` data lines with `n_columns` cells each gives inputs
///   `(n_samples, n_columns - 1)` and targets `(n_samples,)`
///
/// # Errors
/// - [`Error::Io`] when the file cannot be opened or read.
/// - [`Error::Csv`] naming the line (of the file, counted from 1, the header
///   being line 1) and the column (counted from 1) of a cell that is not a
///   finite number, of a line with a different number of cells than the first
///   (the column is the first one missing or extra), or of a first line with
///   too few columns for the target column asked for.
/// - [`Error::Empty`] when the file holds no data lines.
///
/// ```
/// use neuron::datasets::{CsvOptions, read_csv};
///
/// let path = std::env::temp_dir().join("neuron_read_csv_doctest.csv");
/// std::fs::write(&path, "height,weight,label\n1.5,60,0\n1.8,90,1\n").unwrap();
/// let data = read_csv::<f64>(&path, &CsvOptions::new())?;
/// assert_eq!(data.feature_names(), ["height", "weight"]);
/// assert_eq!(data.targets()[1], 1.0);
/// # std::fs::remove_file(&path).unwrap();
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn read_csv<F: Float>(path: impl AsRef<Path>, options: &CsvOptions) -> Result<Dataset<F>> {
    let path = path.as_ref();
    let name = path.display().to_string();
    // Text has no NUL bytes: a binary file (or /dev/zero) is refused from its
    // first bytes, before the rest is read.
    let bytes = read_checked(path, 4096, |start| {
        match start.iter().position(|&b| b == 0) {
            Some(at) => Err(format!(
                "it holds binary data (a NUL byte at offset {at}), not CSV text"
            )),
            None => Ok(()),
        }
    })
    .map_err(|problem| Error::Io {
        action: "read",
        path: name.clone(),
        message: match problem {
            ReadProblem::Io(err) => err.to_string(),
            ReadProblem::Refused(message) => message,
        },
    })?;
    parse(bytes.as_slice(), options, &name)
}

/// Reads a data set in CSV from `reader`: a byte slice, a file, standard input, ….
///
/// Everything else is as in [`read_csv`].
///
/// # Shapes
/// - `n_samples` data lines with `n_columns` cells each give inputs
///   `(n_samples, n_columns - 1)` and targets `(n_samples,)`
///
/// # Errors
/// As [`read_csv`]; a failing reader gives [`Error::Io`] with the path `CSV input`.
///
/// ```
/// use neuron::datasets::{CsvOptions, read_csv_from};
/// use neuron::ndarray::array;
///
/// let text = "label;a;b\n1;0.5;0.25\n0;2;4\n";
/// let options = CsvOptions::new().with_target_column(0).with_delimiter(b';');
/// let data = read_csv_from::<f64, _>(text.as_bytes(), &options)?;
/// assert_eq!(data.inputs(), &array![[0.5, 0.25], [2.0, 4.0]]);
/// assert_eq!(data.targets(), &array![1.0, 0.0]);
///
/// let err = read_csv_from::<f64, _>("a,b\n1,x\n".as_bytes(), &CsvOptions::new()).unwrap_err();
/// assert_eq!(err.to_string(), "CSV line 2, column 2: cannot read `x` as a number");
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn read_csv_from<F: Float, R: Read>(reader: R, options: &CsvOptions) -> Result<Dataset<F>> {
    parse(reader, options, "CSV input")
}

/// The shape every line must have, fixed by the first line read.
struct Layout {
    n_columns: usize,
    target: usize,
    first: &'static str,
}

fn parse<F: Float, R: Read>(
    mut reader: R,
    options: &CsvOptions,
    source: &str,
) -> Result<Dataset<F>> {
    // Read it all first: the csv crate's line numbers skip blank lines, so the
    // line of the file is counted from the bytes themselves.
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(|err| Error::Io {
        action: "read",
        path: source.to_string(),
        message: err.to_string(),
    })?;
    // A byte order mark, as spreadsheet programs write, is not part of the first cell.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let mut lines = LineCounter::new(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(options.delimiter())
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut layout: Option<Layout> = None;
    let mut feature_names: Option<Vec<String>> = None;
    let mut inputs: Vec<F> = Vec::new();
    let mut targets: Vec<F> = Vec::new();

    while read_record(&mut reader, &mut record, source)? {
        let line = lines.line_of_record(record.position().map_or(0, |p| p.byte()));
        if layout.is_none() {
            let first = if options.has_header() {
                "header"
            } else {
                "first line"
            };
            let found = check_layout(&record, options, line, first)?;
            if options.has_header() {
                feature_names = Some(header_names(&record, found.target));
                layout = Some(found);
                continue;
            }
            layout = Some(found);
        }
        if let Some(layout) = &layout {
            read_row(&record, layout, line, &mut inputs, &mut targets)?;
        }
    }

    let (Some(layout), false) = (layout, targets.is_empty()) else {
        return Err(Error::Empty { what: "CSV data" });
    };
    let shape = (targets.len(), layout.n_columns - 1);
    // `inputs` holds exactly n_samples × n_features numbers, row after row.
    let mut cells = inputs.into_iter();
    let inputs = Array2::from_shape_simple_fn(shape, || cells.next().unwrap_or_default());
    let data = Dataset::new(inputs, Array1::from_vec(targets))?;
    match feature_names {
        Some(names) => data.with_feature_names(names),
        None => Ok(data),
    }
}

/// Line numbers of the file, counted from 1, for records met in order.
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// Bytes before this offset have been counted.
    offset: usize,
    /// The line at `offset`.
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line on which the record read from byte `position` on starts.
    ///
    /// The csv crate gives a record the position just after the previous one, so
    /// the blank lines it skipped come first; they are counted and passed over.
    /// `\n`, `\r\n` and a lone `\r` each end a line.
    fn line_of_record(&mut self, position: u64) -> usize {
        let position = usize::try_from(position).unwrap_or(usize::MAX);
        while let Some(&byte) = self.bytes.get(self.offset) {
            let is_end = matches!(byte, b'\n' | b'\r');
            if self.offset >= position && !is_end {
                break;
            }
            let crlf = byte == b'\r' && self.bytes.get(self.offset + 1) == Some(&b'\n');
            if is_end && !crlf {
                self.line += 1;
            }
            self.offset += 1;
        }
        self.line
    }
}

/// Reads the next record; `false` at the end of the input.
fn read_record<R: Read>(
    reader: &mut csv::Reader<R>,
    record: &mut csv::ByteRecord,
    source: &str,
) -> Result<bool> {
    reader.read_byte_record(record).map_err(|err| {
        let line = err
            .position()
            .map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
        match err.into_kind() {
            csv::ErrorKind::Io(err) => Error::Io {
                action: "read",
                path: source.to_string(),
                message: err.to_string(),
            },
            kind => Error::Csv {
                line,
                column: 0,
                message: format!("{kind:?}"),
            },
        }
    })
}

/// Checks the first line: wide enough for a feature and the target column asked for.
fn check_layout(
    record: &csv::ByteRecord,
    options: &CsvOptions,
    line: usize,
    first: &'static str,
) -> Result<Layout> {
    let n_columns = record.len();
    if n_columns < 2 {
        return Err(Error::Csv {
            line,
            column: 1,
            message: format!(
                "the {first} has {n_columns} column, but a data set needs at least 2 (features and a target)"
            ),
        });
    }
    let target = options.target_column().unwrap_or(n_columns - 1);
    if target >= n_columns {
        return Err(Error::Csv {
            line,
            column: n_columns,
            message: format!(
                "the target column is {target} (counted from 0), but the {first} has only {n_columns} columns"
            ),
        });
    }
    Ok(Layout {
        n_columns,
        target,
        first,
    })
}

/// The header's cells, except the target's, as feature names.
fn header_names(record: &csv::ByteRecord, target: usize) -> Vec<String> {
    record
        .iter()
        .enumerate()
        .filter(|&(j, _)| j != target)
        .map(|(_, cell)| String::from_utf8_lossy(cell).into_owned())
        .collect()
}

/// Appends one data line's features to `inputs` and its target to `targets`.
fn read_row<F: Float>(
    record: &csv::ByteRecord,
    layout: &Layout,
    line: usize,
    inputs: &mut Vec<F>,
    targets: &mut Vec<F>,
) -> Result<()> {
    if record.len() != layout.n_columns {
        return Err(Error::Csv {
            line,
            column: record.len().min(layout.n_columns) + 1,
            message: format!(
                "the line has {} columns, but the {} has {}",
                record.len(),
                layout.first,
                layout.n_columns
            ),
        });
    }
    for (j, cell) in record.iter().enumerate() {
        let value = parse_number(cell, line, j + 1)?;
        if j == layout.target {
            targets.push(value);
        } else {
            inputs.push(value);
        }
    }
    Ok(())
}

/// One cell as a finite number of type `F`, parsed directly (not through `f64`).
fn parse_number<F: Float>(cell: &[u8], line: usize, column: usize) -> Result<F> {
    let error = |message: String| Error::Csv {
        line,
        column,
        message,
    };
    let text = std::str::from_utf8(cell).map_err(|_| {
        error(format!(
            "cannot read `{}` as a number (it is not valid UTF-8)",
            String::from_utf8_lossy(cell)
        ))
    })?;
    if text.is_empty() {
        return Err(error("the cell is empty, but a number is needed".into()));
    }
    let value = <F as Num>::from_str_radix(text, 10)
        .map_err(|_| error(format!("cannot read `{text}` as a number")))?;
    if !value.is_finite() {
        return Err(error(format!("`{text}` is not a finite number")));
    }
    Ok(value)
}
