//! ndarray arrays as HTML tables, cut to their first and last rows and columns.

use std::fmt;

use ndarray::{ArrayBase, Axis, Data, Dimension, Ix2};

use super::html::{HtmlDisplay, escape};
use super::numbers::{shown, significant};
use super::table::{Cell, Table};

/// Rows of a matrix shown before the middle ones are left out.
const MAX_ROWS: usize = 10;
/// Columns of a matrix, or entries of a vector, shown before the middle ones are left out.
const MAX_COLUMNS: usize = 10;

/// An array element that [`HtmlDisplay`] shows in a table cell: `f32` and `f64`
/// with 4 significant digits, integers and `bool` as they are.
///
/// The trait is sealed: it is implemented here for `f32`, `f64`, `usize`,
/// `isize`, `u8`, `u16`, `u32`, `u64`, `i8`, `i16`, `i32`, `i64` and `bool`.
///
/// ```
/// use neuron::notebook::TableCell;
///
/// assert_eq!(0.610639233949222_f64.cell(), "0.6106");
/// assert_eq!(42_usize.cell(), "42");
/// assert_eq!(<f32 as TableCell>::NAME, "f32");
/// ```
pub trait TableCell: Copy + fmt::Display + sealed::Sealed {
    /// The type's name as Rust writes it, e.g. `"f64"`.
    const NAME: &'static str;

    /// The text of the cell.
    fn cell(self) -> String;
}

mod sealed {
    pub trait Sealed {}
}

impl TableCell for f64 {
    const NAME: &'static str = "f64";

    fn cell(self) -> String {
        significant(self)
    }
}

impl sealed::Sealed for f64 {}

impl TableCell for f32 {
    const NAME: &'static str = "f32";

    fn cell(self) -> String {
        significant(f64::from(self))
    }
}

impl sealed::Sealed for f32 {}

macro_rules! exact_cells {
    ($($t:ty),*) => {$(
        impl TableCell for $t {
            const NAME: &'static str = stringify!($t);

            fn cell(self) -> String {
                self.to_string()
            }
        }

        impl sealed::Sealed for $t {}
    )*};
}

exact_cells!(usize, isize, u8, u16, u32, u64, i8, i16, i32, i64, bool);

/// `shape (2, 3), f64`.
fn caption(shape: &[usize], name: &str) -> String {
    let dims: Vec<String> = shape.iter().map(ToString::to_string).collect();
    let dims = if dims.len() == 1 {
        format!("{},", dims.join(", "))
    } else {
        dims.join(", ")
    };
    format!("shape ({dims}), {name}")
}

/// The columns `shown` of row `row` of `matrix`, with `…` where columns are left out.
fn row_cells<A: TableCell, S: Data<Elem = A>>(
    matrix: &ArrayBase<S, Ix2>,
    row: usize,
    columns: &[Option<usize>],
) -> Vec<Cell> {
    columns
        .iter()
        .map(|column| match column {
            Some(j) => matrix
                .get((row, *j))
                .map_or_else(Cell::dots, |x| Cell::plain(x.cell())),
            None => Cell::dots(),
        })
        .collect()
}

fn index_cells(shown: &[Option<usize>]) -> Vec<Cell> {
    shown
        .iter()
        .map(|i| i.map_or_else(Cell::dots, |i| Cell::plain(i.to_string())))
        .collect()
}

/// A table of a matrix, with row and column indices.
fn matrix_table<A: TableCell, S: Data<Elem = A>>(matrix: &ArrayBase<S, Ix2>) -> Table {
    let columns = shown(matrix.ncols(), MAX_COLUMNS);
    let mut table = Table::new(Cell::plain(""), index_cells(&columns));
    for row in shown(matrix.nrows(), MAX_ROWS) {
        match row {
            Some(i) => table.row(Cell::plain(i.to_string()), row_cells(matrix, i, &columns)),
            None => table.dots_row(),
        }
    }
    table
}

/// What a table shows: a matrix as it is, a vector as a single row, a single
/// number as a 1 × 1 table; `None` for three or more axes.
fn table_of<A, S, D>(array: &ArrayBase<S, D>) -> Option<Table>
where
    A: TableCell,
    S: Data<Elem = A>,
    D: Dimension,
{
    match array.ndim() {
        0 => {
            let view = array.view().into_shape_with_order((1, 1)).ok()?;
            Some(matrix_table(&view))
        }
        1 => {
            let view = array.view().into_dimensionality().ok()?;
            let view = ndarray::ArrayView1::insert_axis(view, Axis(0));
            let mut table = matrix_table(&view);
            // A vector has no row index.
            table.set_first_row_header(Cell::plain(""));
            Some(table)
        }
        2 => {
            let view = array.view().into_dimensionality::<Ix2>().ok()?;
            Some(matrix_table(&view))
        }
        _ => None,
    }
}

impl<A, S, D> HtmlDisplay for ArrayBase<S, D>
where
    A: TableCell,
    S: Data<Elem = A>,
    D: Dimension,
{
    /// A `<table>` with a caption giving shape and element type; a vector is one
    /// row. At most 10 rows and 10 columns are shown, the first and last ones.
    /// Arrays of three or more axes are shown as ndarray prints them.
    fn to_html(&self) -> String {
        let caption = caption(self.shape(), A::NAME);
        match table_of(self) {
            Some(table) => table.with_caption(caption).to_html(),
            None => format!(
                "<div>{}</div>\n<pre>{}</pre>",
                escape(&caption),
                escape(&self.to_string())
            ),
        }
    }

    /// The shape and element type on the first line, then the table's cells
    /// aligned in columns.
    fn to_text(&self) -> String {
        let caption = caption(self.shape(), A::NAME);
        match table_of(self) {
            Some(table) => table.with_caption(caption).to_text(),
            None => format!("{caption}\n{self}"),
        }
    }
}
