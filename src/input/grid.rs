//! The user's table as a grid of cells that can be edited and written back
//! as text, for the page's editable table.
//!
//! The text stays the one source of truth: the grid is read from it with
//! the parser's own delimiter detection and RFC 4180 quoting, and an edit
//! writes it back in the delimiter the user used (a tab-separated paste
//! from Excel stays tab-separated), quoting only the cells that need it.
//!
//! ```
//! use ips_equity::input::grid::Grid;
//! let mut grid = Grid::from_text("Group\tIPS\nA\t40\n");
//! grid.set_cell(1, 1, "41");
//! grid.insert_row_after(1);
//! assert_eq!(grid.to_text(), "Group\tIPS\nA\t41\n\t\n");
//! ```

use super::text::{detect_delimiter, read_records, split_records, write_record};

/// The cells of a table, row by row (the header is row 0), and the
/// delimiter that separates them.
///
/// Unlike the parser, the grid keeps rows of blank cells, so that a row
/// just added survives the trip through the text until it is filled in.
/// Rows may have different numbers of cells, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grid {
    pub delimiter: u8,
    pub rows: Vec<Vec<String>>,
}

/// A grid and, for each of its rows, the row number the parser gives it
/// (the line of the text it starts on, header = 1), which is the row named
/// in an [`InputError`](super::InputError).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberedGrid {
    pub grid: Grid,
    pub row_numbers: Vec<usize>,
}

impl Grid {
    /// Reads the text as the parser does (byte-order mark, Excel's `sep=`
    /// line, delimiter detection, RFC 4180 quotes), keeping rows of blank
    /// cells; blank lines carry no cells and are left out.
    pub fn from_text(text: &str) -> Grid {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let (delimiter, skipped_lines) = detect_delimiter(text);
        // `detect_delimiter` counts lines as `str::lines` does, at `\n`.
        let body = text
            .split_inclusive('\n')
            .skip(skipped_lines)
            .collect::<String>();
        let rows = split_records(&body, delimiter)
            .into_iter()
            .map(|(_, cells)| cells)
            .collect();
        Grid { delimiter, rows }
    }

    /// [`Grid::from_text`] with the parser's row numbers. The parser skips
    /// rows of blank cells and numbers the others by their line; the grid's
    /// other rows take them in order, and a blank row takes the number
    /// after the row above (it has no problems to point at).
    pub fn numbered(text: &str) -> NumberedGrid {
        let grid = Grid::from_text(text);
        let records = read_records(text);
        let mut lines = records.rows.iter().map(|record| record.line);
        let mut previous = 0;
        let row_numbers = grid
            .rows
            .iter()
            .map(|row| {
                let number = if is_blank(row) {
                    previous + 1
                } else {
                    lines.next().unwrap_or(previous + 1)
                };
                previous = number;
                number
            })
            .collect();
        NumberedGrid { grid, row_numbers }
    }

    /// The number of columns: the length of the longest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The cell's text; a cell beyond the end of a short row is blank.
    pub fn cell(&self, row: usize, column: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|cells| cells.get(column))
            .map_or("", String::as_str)
    }

    /// Sets a cell, lengthening a short row with blank cells to reach it.
    /// A row that does not exist is left alone.
    pub fn set_cell(&mut self, row: usize, column: usize, value: &str) {
        let Some(cells) = self.rows.get_mut(row) else {
            return;
        };
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        if let Some(cell) = cells.get_mut(column) {
            *cell = value.to_owned();
        }
    }

    /// Adds a row of blank cells, as wide as the table, after the given row
    /// (at the end when the row is past it).
    pub fn insert_row_after(&mut self, row: usize) {
        let at = row.saturating_add(1).min(self.rows.len());
        self.rows
            .insert(at, vec![String::new(); self.width().max(1)]);
    }

    /// Removes a row; a row that does not exist is left alone.
    pub fn remove_row(&mut self, row: usize) {
        if row < self.rows.len() {
            self.rows.remove(row);
        }
    }

    /// The grid as text: one line per row, ending in `\n`, cells separated
    /// by the grid's delimiter and quoted (RFC 4180, as the `csv` crate does)
    /// only when they hold the delimiter, a quote or a line break.
    ///
    /// Should the header line not show the delimiter to the parser's
    /// detection (a one-column table, or header names holding more of
    /// another delimiter), Excel's `sep=` line is written first to declare
    /// it, so that reading the text back gives the same grid.
    pub fn to_text(&self) -> String {
        let mut text = String::new();
        for row in &self.rows {
            // A row with no cells is written `""`, as a row of one blank
            // cell: a blank line would hold no row.
            write_record(&mut text, row, self.delimiter, "\n");
        }
        if self.rows.is_empty() || self.declares_itself(&text) {
            text
        } else {
            format!("sep={}\n{text}", char::from(self.delimiter))
        }
    }

    /// Whether the text, read back, gives this grid's delimiter without a
    /// `sep=` line, and no header cell is mistaken for one.
    fn declares_itself(&self, text: &str) -> bool {
        detect_delimiter(text) == (self.delimiter, 0)
    }
}

/// Whether every cell is blank, as the parser skips such rows.
fn is_blank(row: &[String]) -> bool {
    row.iter().all(|cell| cell.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|row| row.iter().map(|cell| cell.to_string()).collect())
            .collect()
    }

    #[test]
    fn cells_are_read_with_the_parsers_delimiter_and_quotes() {
        let grid = Grid::from_text(
            "\u{feff}Group;IPS\r\n\r\n\"Asian; Asian British\";\"1,5\"\r\n\"O\"\"Brien\";2\r\n",
        );
        assert_eq!(grid.delimiter, b';');
        assert_eq!(
            grid.rows,
            rows(&[
                &["Group", "IPS"],
                &["Asian; Asian British", "1,5"],
                &["O\"Brien", "2"]
            ])
        );
    }

    #[test]
    fn editing_a_cell_rewrites_only_that_cell_and_keeps_the_tab() {
        let mut grid = Grid::from_text("Group\tPopulation\tIPS\nWhite\t1,000\t40\nBlack\t200\t9\n");
        grid.set_cell(2, 2, "12");
        assert_eq!(
            grid.to_text(),
            "Group\tPopulation\tIPS\nWhite\t1,000\t40\nBlack\t200\t12\n"
        );
    }

    #[test]
    fn cells_are_quoted_only_when_they_need_it() {
        let mut grid = Grid::from_text("Group,IPS\nA,1\n");
        grid.set_cell(1, 0, "Asian, Asian British");
        grid.set_cell(1, 1, "1 234");
        grid.insert_row_after(1);
        grid.set_cell(2, 0, "Say \"no\"");
        grid.set_cell(2, 1, "two\nlines");
        assert_eq!(
            grid.to_text(),
            "Group,IPS\n\"Asian, Asian British\",1 234\n\"Say \"\"no\"\"\",\"two\nlines\"\n"
        );
    }

    #[test]
    fn added_rows_are_blank_survive_the_text_and_can_be_removed() {
        let text = "Group,IPS\nA,1\nB,2\n";
        let mut grid = Grid::from_text(text);
        grid.insert_row_after(1);
        assert_eq!(grid.to_text(), "Group,IPS\nA,1\n,\nB,2\n");
        assert_eq!(Grid::from_text(&grid.to_text()), grid);
        grid.insert_row_after(99);
        assert_eq!(grid.to_text(), "Group,IPS\nA,1\n,\nB,2\n,\n");
        grid.remove_row(2);
        grid.remove_row(3);
        grid.remove_row(99);
        assert_eq!(grid.to_text(), text);
    }

    #[test]
    fn a_short_row_grows_to_reach_an_edited_cell() {
        let mut grid = Grid::from_text("Group,Population,IPS\nA,100\n");
        assert_eq!(
            (grid.width(), grid.cell(1, 2), grid.cell(9, 9)),
            (3, "", "")
        );
        grid.set_cell(1, 2, "40");
        grid.set_cell(7, 0, "ignored");
        assert_eq!(grid.to_text(), "Group,Population,IPS\nA,100,40\n");
    }

    #[test]
    fn a_delimiter_the_header_does_not_show_is_declared() {
        let grid = Grid::from_text("sep=;\nGroup\nA\n");
        assert_eq!((grid.delimiter, grid.rows.len()), (b';', 2));
        assert_eq!(grid.to_text(), "sep=;\nGroup\nA\n");
        let grid = Grid::from_text("Group\tPopulation, 2021, census\nA\t1\n");
        assert_eq!(grid.delimiter, b',');
        assert_eq!(grid.to_text(), "Group\tPopulation, 2021, census\nA\t1\n");
        assert_eq!(Grid::from_text(&grid.to_text()), grid);
        let grid = Grid {
            delimiter: b',',
            rows: rows(&[&["sep=;"], &["A"]]),
        };
        assert_eq!(grid.to_text(), "sep=,\nsep=;\nA\n");
        assert_eq!(Grid::from_text(&grid.to_text()), grid);
    }

    #[test]
    fn row_numbers_match_the_parsers_through_blank_lines_and_blank_rows() {
        let numbered = Grid::numbered("Group,IPS\n\nA,1\n,\nB,x\n");
        assert_eq!(numbered.grid.rows.len(), 4);
        assert_eq!(numbered.row_numbers, vec![1, 3, 4, 5]);
        let table = crate::input::read_table("Group,Population,IPS\n\nA,100,x\n");
        assert_eq!(table.errors[0].row, 3);
        assert_eq!(
            Grid::numbered("Group,Population,IPS\n\nA,100,x\n").row_numbers,
            vec![1, 3]
        );
    }

    #[test]
    fn empty_text_is_an_empty_grid() {
        let grid = Grid::from_text("");
        assert_eq!((grid.delimiter, grid.rows.len()), (b',', 0));
        assert_eq!(grid.to_text(), "");
        let mut grid = grid;
        grid.insert_row_after(0);
        assert_eq!(grid.to_text(), "\"\"\n");
        assert_eq!(Grid::from_text("\"\"\n"), grid);
    }

    mod round_trip {
        use super::*;
        use proptest::prelude::*;

        fn cell() -> impl Strategy<Value = String> {
            "[ a-zA-Z0-9,;=\t\"\n\r.%-]{0,6}"
        }

        proptest! {
            #[test]
            fn text_the_grid_wrote_reads_back_as_the_grid(
                delimiter in prop_oneof![Just(b','), Just(b';'), Just(b'\t'), Just(b'|')],
                rows in proptest::collection::vec(proptest::collection::vec(cell(), 1..5), 0..6),
            ) {
                let grid = Grid { delimiter, rows };
                let text = grid.to_text();
                let read = Grid::from_text(&text);
                // The delimiter of an empty table is not written down.
                if !grid.rows.is_empty() {
                    prop_assert_eq!(&read, &grid, "text: {:?}", text);
                }
                prop_assert_eq!(read.to_text(), text);
            }
        }
    }
}
