//! [`CsvOptions`]: how to read a CSV file into a [`Dataset`](super::Dataset).

/// How to read a CSV file: header, target column and delimiter.
///
/// The defaults read the most common layout: a header line with the column names,
/// comma-separated numbers, and the target in the last column.
///
/// ```
/// use neuron::datasets::CsvOptions;
///
/// let options = CsvOptions::new().with_target_column(0).with_delimiter(b';');
/// assert!(options.has_header());
/// assert_eq!(options.target_column(), Some(0));
/// assert_eq!(options.delimiter(), b';');
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    has_header: bool,
    target_column: Option<usize>,
    delimiter: u8,
}

impl CsvOptions {
    /// The defaults: a header line, the target in the last column, commas between cells.
    ///
    /// ```
    /// use neuron::datasets::CsvOptions;
    ///
    /// let options = CsvOptions::new();
    /// assert_eq!(options, CsvOptions::default());
    /// assert_eq!((options.has_header(), options.target_column(), options.delimiter()), (true, None, b','));
    /// ```
    pub fn new() -> Self {
        CsvOptions {
            has_header: true,
            target_column: None,
            delimiter: b',',
        }
    }

    /// Whether the first line holds the column names (`true`) or is already data.
    ///
    /// ```
    /// use neuron::datasets::CsvOptions;
    ///
    /// assert!(!CsvOptions::new().with_header(false).has_header());
    /// ```
    pub fn with_header(mut self, has_header: bool) -> Self {
        self.has_header = has_header;
        self
    }

    /// Which column, counted from 0, holds the target; `None` for the last column.
    ///
    /// ```
    /// use neuron::datasets::CsvOptions;
    ///
    /// assert_eq!(CsvOptions::new().with_target_column(2).target_column(), Some(2));
    /// assert_eq!(CsvOptions::new().with_target_column(None).target_column(), None);
    /// ```
    pub fn with_target_column(mut self, column: impl Into<Option<usize>>) -> Self {
        self.target_column = column.into();
        self
    }

    /// The byte between cells, such as `b','`, `b';'` or `b'\t'`.
    ///
    /// ```
    /// use neuron::datasets::CsvOptions;
    ///
    /// assert_eq!(CsvOptions::new().with_delimiter(b'\t').delimiter(), b'\t');
    /// ```
    pub fn with_delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = delimiter;
        self
    }

    /// Whether the first line holds the column names.
    ///
    /// ```
    /// use neuron::datasets::CsvOptions;
    ///
    /// assert!(CsvOptions::new().has_header());
    /// ```
    pub fn has_header(&self) -> bool {
        self.has_header
    }

    /// The target's column, counted from 0; `None` means the last column.
    ///
    /// ```
    /// use neuron::datasets::CsvOptions;
    ///
    /// assert_eq!(CsvOptions::new().target_column(), None);
    /// ```
    pub fn target_column(&self) -> Option<usize> {
        self.target_column
    }

    /// The byte between cells.
    ///
    /// ```
    /// use neuron::datasets::CsvOptions;
    ///
    /// assert_eq!(CsvOptions::new().delimiter(), b',');
    /// ```
    pub fn delimiter(&self) -> u8 {
        self.delimiter
    }
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions::new()
    }
}
