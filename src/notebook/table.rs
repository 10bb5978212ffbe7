//! A small table that renders both as HTML and as aligned plain text.

use super::html::escape;

/// One cell: its plain text, and its HTML (escaped text unless given).
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    text: String,
    html: String,
}

impl Cell {
    /// A cell showing `text`, escaped for HTML.
    pub(crate) fn plain(text: impl Into<String>) -> Self {
        let text = text.into();
        let html = escape(&text);
        Cell { text, html }
    }

    /// A cell with its own markup, e.g. `w<sub>1</sub>` for `w₁`.
    pub(crate) fn rich(text: impl Into<String>, html: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            html: html.into(),
        }
    }

    /// Where columns are left out.
    pub(crate) fn dots() -> Self {
        Cell::plain("…")
    }

    /// Where rows are left out.
    pub(crate) fn vertical_dots() -> Self {
        Cell::plain("⋮")
    }
}

/// A table with a header row and a header column.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    caption: Option<String>,
    corner: Cell,
    columns: Vec<Cell>,
    rows: Vec<(Cell, Vec<Cell>)>,
}

impl Table {
    /// A table with these column headers, under `corner` (above the row headers).
    pub(crate) fn new(corner: Cell, columns: Vec<Cell>) -> Self {
        Table {
            caption: None,
            corner,
            columns,
            rows: Vec::new(),
        }
    }

    /// The same table with a caption, shown above it.
    pub(crate) fn with_caption(mut self, caption: impl Into<String>) -> Self {
        self.caption = Some(caption.into());
        self
    }

    /// Replaces the header of the first row.
    pub(crate) fn set_first_row_header(&mut self, header: Cell) {
        if let Some(first) = self.rows.first_mut() {
            first.0 = header;
        }
    }

    /// Adds a row.
    pub(crate) fn row(&mut self, header: Cell, cells: Vec<Cell>) {
        self.rows.push((header, cells));
    }

    /// Adds a row of `⋮`, for rows left out.
    pub(crate) fn dots_row(&mut self) {
        let cells = self.columns.iter().map(|_| Cell::vertical_dots()).collect();
        self.rows.push((Cell::vertical_dots(), cells));
    }

    /// The table as an HTML `<table>`, numbers right-aligned.
    pub(crate) fn to_html(&self) -> String {
        let mut out = String::from(
            "<table style=\"border-collapse: collapse; font-variant-numeric: tabular-nums\">\n",
        );
        if let Some(caption) = &self.caption {
            out.push_str(&format!(
                "<caption style=\"text-align: left; white-space: nowrap\">{}</caption>\n",
                escape(caption)
            ));
        }
        out.push_str("<thead><tr>");
        out.push_str(&format!("<th>{}</th>", self.corner.html));
        for column in &self.columns {
            out.push_str(&format!(
                "<th style=\"text-align: right\">{}</th>",
                column.html
            ));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        for (header, cells) in &self.rows {
            out.push_str(&format!(
                "<tr><th style=\"text-align: left\">{}</th>",
                header.html
            ));
            for cell in cells {
                out.push_str(&format!("<td>{}</td>", cell.html));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>");
        out
    }

    /// The table as plain text: columns right-aligned, separated by two spaces;
    /// the row headers left-aligned.
    pub(crate) fn to_text(&self) -> String {
        let width = |cell: &Cell| cell.text.chars().count();
        let n_columns = self.columns.len();
        let mut header_width = width(&self.corner);
        let mut widths: Vec<usize> = self.columns.iter().map(width).collect();
        for (header, cells) in &self.rows {
            header_width = header_width.max(width(header));
            for (w, cell) in widths.iter_mut().zip(cells) {
                *w = (*w).max(width(cell));
            }
        }
        let line = |header: &Cell, cells: &[Cell]| {
            let mut text = format!("{:<header_width$}", header.text);
            for (w, cell) in widths.iter().zip(cells.iter().take(n_columns)) {
                text.push_str(&format!("  {:>w$}", cell.text));
            }
            text.trim_end().to_owned()
        };
        let mut lines: Vec<String> = self.caption.iter().cloned().collect();
        lines.push(line(&self.corner, &self.columns));
        lines.extend(self.rows.iter().map(|(header, cells)| line(header, cells)));
        lines.join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_aligned_and_html_escaped() {
        let mut table = Table::new(Cell::plain(""), vec![Cell::plain("a<b"), Cell::plain("c")]);
        table.row(Cell::plain("x"), vec![Cell::plain("1"), Cell::plain("22")]);
        table.dots_row();
        assert_eq!(table.to_text(), "   a<b   c\nx    1  22\n⋮    ⋮   ⋮");
        assert!(table.to_html().contains("a&lt;b</th>"));
        assert!(table.to_html().contains("<td>1</td><td>22</td>"));
    }
}
