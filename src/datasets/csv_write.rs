//! Writing a [`Dataset`] as a CSV file that [`read_csv`](super::read_csv)
//! (and pandas, spreadsheets, …) reads back.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use super::dataset::Dataset;
use crate::{Error, Float, Result};

/// The target column's name, unless a feature has it.
const TARGET: &str = "target";

impl<F: Float> Dataset<F> {
    /// Writes the data set as a CSV file at `path`, which
    /// [`read_csv`](super::read_csv) with the default
    /// [`CsvOptions`](super::CsvOptions) reads back as the same inputs,
    /// targets and feature names, bit for bit.
    ///
    /// The first line is a header: the feature names, then `target` (or
    /// `target_2`, `target_3`, … if a feature is called so). Then one line per
    /// sample: its features, then its target. Numbers are written in their
    /// shortest form that reads back as the same `F` (`0.1`, `1.0`, `-0.0`,
    /// `1e-7`, `3.4028235e38`), cells with commas, quotes or line breaks in
    /// quotes, lines ended by `\n`. The class names are not written: a CSV
    /// file has no place for them. Names with spaces at either end lose them
    /// when read back (`read_csv` trims cells).
    ///
    /// The file is written atomically, as every file the crate writes: a
    /// temporary file beside it, renamed over it when complete, so that a
    /// crash or an error leaves the old file as it was.
    ///
    /// # Shapes
    /// - a data set of `(n_samples, n_features)` inputs gives `n_samples + 1`
    ///   lines of `n_features + 1` cells
    ///
    /// # Errors
    /// - [`Error::Empty`] for a data set of no samples or no features (which
    ///   `read_csv` could not read back);
    /// - [`Error::NonFiniteInput`], [`Error::NonFiniteTarget`] naming the first
    ///   value that is NaN or infinite (nothing is written);
    /// - [`Error::Io`] naming `path` when the file cannot be written.
    ///
    /// ```
    /// use neuron::datasets::{CsvOptions, iris, read_csv};
    ///
    /// let path = std::env::temp_dir().join("neuron_write_csv_doctest.csv");
    /// let data = iris::<f64>();
    /// data.write_csv(&path)?;
    /// let text = std::fs::read_to_string(&path).unwrap();
    /// assert!(text.starts_with(
    ///     "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),target\n5.1,3.5,1.4,0.2,0.0\n"
    /// ));
    /// let back = read_csv::<f64>(&path, &CsvOptions::new())?;
    /// assert_eq!((back.inputs(), back.targets()), (data.inputs(), data.targets()));
    /// assert_eq!(back.feature_names(), data.feature_names());
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn write_csv(&self, path: impl AsRef<Path>) -> Result<()> {
        let path = path.as_ref();
        let mut bytes = Vec::new();
        self.write_checked(&mut bytes, &path.display().to_string())?;
        crate::io::atomic::write_atomically(path, &bytes)
    }

    /// Writes the data set in CSV to `writer`: a `Vec<u8>`, a file, standard
    /// output, …. Everything else is as in [`write_csv`](Dataset::write_csv);
    /// the values are checked before the first byte is written.
    ///
    /// # Shapes
    /// - a data set of `(n_samples, n_features)` inputs gives `n_samples + 1`
    ///   lines of `n_features + 1` cells
    ///
    /// # Errors
    /// As [`write_csv`](Dataset::write_csv); a failing writer gives
    /// [`Error::Io`] with the path `CSV output`.
    ///
    /// ```
    /// use neuron::datasets::{CsvOptions, Dataset, read_csv_from};
    /// use neuron::ndarray::array;
    ///
    /// let data = Dataset::new(array![[0.1_f32, -2.5], [1e-7, 3.0]], array![1.0, 0.0])?
    ///     .with_feature_names(["a", "b, in metres"])?;
    /// let mut text = Vec::new();
    /// data.write_csv_to(&mut text)?;
    /// assert_eq!(
    ///     String::from_utf8(text.clone()).unwrap(),
    ///     "a,\"b, in metres\",target\n0.1,-2.5,1.0\n1e-7,3.0,0.0\n"
    /// );
    /// assert_eq!(read_csv_from::<f32, _>(text.as_slice(), &CsvOptions::new())?, data);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn write_csv_to<W: Write>(&self, writer: W) -> Result<()> {
        self.write_checked(writer, "CSV output")
    }

    /// Checks that the data set can be read back, then writes it.
    fn write_checked<W: Write>(&self, writer: W, destination: &str) -> Result<()> {
        if self.n_samples() == 0 {
            return Err(Error::Empty { what: "data set" });
        }
        if self.n_features() == 0 {
            return Err(Error::Empty {
                what: "the data set's list of features (a CSV file of it would hold only targets)",
            });
        }
        if let Some(((row, column), &value)) =
            self.inputs().indexed_iter().find(|(_, v)| !v.is_finite())
        {
            return Err(Error::NonFiniteInput {
                row,
                column,
                value: value.as_f64(),
            });
        }
        if let Some((row, &value)) = self
            .targets()
            .iter()
            .enumerate()
            .find(|(_, v)| !v.is_finite())
        {
            return Err(Error::NonFiniteTarget {
                row,
                column: 0,
                value: value.as_f64(),
            });
        }
        let io = |message: String| Error::Io {
            action: "write",
            path: destination.to_owned(),
            message,
        };
        let csv = |err: csv::Error| match err.into_kind() {
            csv::ErrorKind::Io(err) => io(err.to_string()),
            kind => io(format!("{kind:?}")),
        };
        let mut out = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(writer);
        let target = target_name(self.feature_names());
        out.write_record(
            self.feature_names()
                .iter()
                .map(String::as_str)
                .chain([target.as_str()]),
        )
        .map_err(csv)?;
        let mut cell = String::new();
        for (row, target) in self.inputs().rows().into_iter().zip(self.targets()) {
            for value in row.iter().chain([target]) {
                cell.clear();
                // Debug: the shortest digits that read back as the same F,
                // with an exponent for very large and very small numbers.
                let _ = write!(cell, "{value:?}");
                out.write_field(&cell).map_err(csv)?;
            }
            out.write_record(None::<&[u8]>).map_err(csv)?;
        }
        out.flush().map_err(|err| io(err.to_string()))
    }
}

/// `target`, or the first of `target_2`, `target_3`, … that no feature has.
fn target_name(features: &[String]) -> String {
    let taken = |name: &str| features.iter().any(|f| f == name);
    if !taken(TARGET) {
        return TARGET.to_owned();
    }
    (2_usize..)
        .map(|k| format!("{TARGET}_{k}"))
        .find(|name| !taken(name))
        .unwrap_or_default()
}
