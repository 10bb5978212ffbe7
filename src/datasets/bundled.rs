//! The parser shared by the data sets bundled with the crate.

use ndarray::{Array1, Array2};
use num_traits::Num;

use super::dataset::Dataset;
use crate::{Error, Float, Result};

/// How a bundled CSV file gives its number of samples and its class names.
pub(super) enum Header<'a> {
    /// A first line `n_samples,n_features,name of target 0,name of target 1,…`, as
    /// scikit-learn writes its CSV files.
    Counts,
    /// No header line: every line is a sample, and the file holds `n_samples` of them.
    Absent {
        /// The number of lines (samples) in the file.
        n_samples: usize,
        /// `target_names[k]` names target value `k`.
        target_names: &'a [&'a str],
    },
}

/// Parses a bundled file: one sample per line, the features and then the target,
/// checked against the shape the header (or `header`) states.
///
/// Without a header line the number of features is the number of `feature_names`.
pub(super) fn parse<F, I>(text: &str, header: Header<'_>, feature_names: I) -> Result<Dataset<F>>
where
    F: Float,
    I: IntoIterator,
    I::Item: Into<String>,
{
    let feature_names: Vec<String> = feature_names.into_iter().map(Into::into).collect();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(matches!(header, Header::Counts))
        .flexible(true)
        .from_reader(text.as_bytes());
    // `first_line` is the line of the file that holds the first sample.
    let (n_samples, n_features, target_names, first_line) = match header {
        Header::Counts => {
            let header = reader.headers().map_err(|err| bad(1, 1, err.to_string()))?;
            let (n_samples, n_features) = match (header.get(0), header.get(1)) {
                (Some(n), Some(d)) => (
                    n.parse::<usize>()
                        .map_err(|err| bad(1, 1, err.to_string()))?,
                    d.parse::<usize>()
                        .map_err(|err| bad(1, 2, err.to_string()))?,
                ),
                _ => return Err(bad(1, 1, "expected n_samples,n_features,names…".into())),
            };
            let names: Vec<String> = header.iter().skip(2).map(String::from).collect();
            (n_samples, n_features, names, 2)
        }
        Header::Absent {
            n_samples,
            target_names,
        } => {
            let names = target_names.iter().map(|&name| name.to_string()).collect();
            (n_samples, feature_names.len(), names, 1)
        }
    };

    let mut inputs = Vec::with_capacity(n_samples * n_features);
    let mut targets = Vec::with_capacity(n_samples);
    for (i, record) in reader.records().enumerate() {
        let line = i + first_line;
        let record = record.map_err(|err| bad(line, 1, err.to_string()))?;
        if record.len() != n_features + 1 {
            return Err(bad(line, 1, format!("{} fields", record.len())));
        }
        for (j, cell) in record.iter().enumerate() {
            let value = <F as Num>::from_str_radix(cell, 10)
                .map_err(|_| bad(line, j + 1, format!("`{cell}` is not a number")))?;
            if j < n_features {
                inputs.push(value);
            } else {
                targets.push(value);
            }
        }
    }
    if targets.len() != n_samples {
        return Err(bad(1, 1, format!("{} samples", targets.len())));
    }
    let inputs = Array2::from_shape_vec((n_samples, n_features), inputs)
        .map_err(|err| bad(1, 2, err.to_string()))?;
    Ok(Dataset::new(inputs, Array1::from_vec(targets))?
        .with_feature_names(feature_names)?
        .with_target_names(target_names))
}

fn bad(line: usize, column: usize, message: String) -> Error {
    Error::Csv {
        line,
        column,
        message,
    }
}
