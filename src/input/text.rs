//! From text to rows of cells: the delimiter, RFC 4180 quoting and the
//! line each row starts on; and back, for the grid and the CSV export.
//!
//! Reading and writing follow the `csv` crate (1.4) byte for byte, with
//! its defaults: double quotes, `\r`, `\n` and `\r\n` ending records,
//! rows of any length. They are written here because the `csv` crate adds
//! some 13 KB to the page's wasm, and these few dozen lines are all the
//! page needs of it.

/// One non-blank row of the table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Record {
    /// The line the row starts on (the first line is 1).
    pub line: usize,
    /// The cells with quoting undone, otherwise as typed.
    pub cells: Vec<String>,
}

/// The rows of a table and how they were separated.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Records {
    pub delimiter: u8,
    pub rows: Vec<Record>,
}

/// Splits the text into rows of cells. Rows whose cells are all blank
/// (blank lines, Excel's `,,,` padding) are skipped: they carry nothing.
pub(crate) fn read_records(text: &str) -> Records {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (delimiter, skipped_lines) = detect_delimiter(text);
    let mut lines = LineCounter::new(text.as_bytes());
    let rows = split_records(text, delimiter)
        .into_iter()
        .filter_map(|(start, cells)| {
            let line = lines.line_at(start);
            (line > skipped_lines && cells.iter().any(|cell| !cell.trim().is_empty()))
                .then_some(Record { line, cells })
        })
        .collect();
    Records { delimiter, rows }
}

/// The records of RFC 4180 text, each with the byte it starts at.
///
/// As the `csv` crate reads them: runs of line breaks between records are
/// skipped (so there are no empty records); a quote opens a quoted cell
/// only as a cell's first byte, and anywhere else is kept as typed; in a
/// quoted cell, `""` is one quote and a lone quote closes the quoting,
/// whatever follows being kept up to the next delimiter (`"ab"c` is
/// `abc`); a quote never closed runs to the end of the text.
pub(crate) fn split_records(text: &str, delimiter: u8) -> Vec<(usize, Vec<String>)> {
    let delimiter = char::from(delimiter);
    let mut chars = text.char_indices().peekable();
    let mut records = Vec::new();
    loop {
        while chars.next_if(|&(_, c)| c == '\r' || c == '\n').is_some() {}
        let Some(&(start, _)) = chars.peek() else {
            return records;
        };
        let mut cells = Vec::new();
        let mut cell = String::new();
        let mut cell_start = true;
        let mut quoted = false;
        while let Some((_, c)) = chars.next() {
            if quoted {
                if c != '"' {
                    cell.push(c);
                } else if chars.next_if(|&(_, next)| next == '"').is_some() {
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else if c == '"' && cell_start {
                quoted = true;
            } else if c == delimiter {
                cells.push(std::mem::take(&mut cell));
                cell_start = true;
                continue;
            } else if c == '\r' || c == '\n' {
                break;
            } else {
                cell.push(c);
            }
            cell_start = false;
        }
        cells.push(cell);
        records.push((start, cells));
    }
}

/// Appends one record to `out` as RFC 4180 text, as the `csv` crate writes
/// it: a cell is quoted (its quotes doubled) only when it holds the
/// delimiter, a quote or a line break, and a record that would be empty
/// is written `""` so that it is not read as a blank line. `end` ends it.
pub(crate) fn write_record(out: &mut String, cells: &[String], delimiter: u8, end: &str) {
    let delimiter = char::from(delimiter);
    let mut empty = true;
    for (index, cell) in cells.iter().enumerate() {
        if index > 0 {
            out.push(delimiter);
            empty = false;
        }
        if cell.contains([delimiter, '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&cell.replace('"', "\"\""));
            out.push('"');
            empty = false;
        } else if !cell.is_empty() {
            out.push_str(cell);
            empty = false;
        }
    }
    if empty {
        out.push_str("\"\"");
    }
    out.push_str(end);
}

/// Counts lines up to a byte offset, moving forward only, so reading the
/// whole text costs one pass.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
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

    /// The line a byte is on. Offsets must not go backwards. A line ends at
    /// `\n`, `\r\n` or a lone `\r` (old Mac files), as for the csv reader.
    fn line_at(&mut self, offset: usize) -> usize {
        let end = offset.min(self.bytes.len());
        while self.offset < end {
            let ends_line = match self.bytes.get(self.offset) {
                Some(b'\n') => true,
                Some(b'\r') => self.bytes.get(self.offset + 1) != Some(&b'\n'),
                _ => false,
            };
            if ends_line {
                self.line += 1;
            }
            self.offset += 1;
        }
        self.line
    }
}

/// The delimiter, read from the header line, and the number of lines to
/// skip before the header.
///
/// Excel may write a first line `sep=;` to declare the delimiter; it is
/// obeyed and skipped. Otherwise the most frequent of tab, semicolon and
/// comma outside quotes in the first non-blank line wins, ties going to
/// tab (Excel's clipboard), then semicolon (whose files use the comma as a
/// decimal mark), then comma. The header line decides because headers are
/// names, which rarely hold these marks, while data may hold `1,234`.
pub(crate) fn detect_delimiter(text: &str) -> (u8, usize) {
    let mut lines = text
        .lines()
        .enumerate()
        .skip_while(|(_, line)| line.trim().is_empty());
    let Some((index, first)) = lines.next() else {
        return (b',', 0);
    };
    // Not `trim`, which would remove a declared tab.
    let declaration = first.trim_end_matches('\r').to_ascii_lowercase();
    if let Some(declared) = declaration.strip_prefix("sep=") {
        if let [byte] = declared.as_bytes() {
            if matches!(byte, b',' | b';' | b'\t' | b'|') {
                return (*byte, index + 1);
            }
        }
    }
    let mut counts = [(b'\t', 0usize), (b';', 0), (b',', 0)];
    let mut quoted = false;
    for byte in first.bytes() {
        if byte == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (delimiter, count) in counts.iter_mut() {
                if *delimiter == byte {
                    *count += 1;
                }
            }
        }
    }
    // `max_by_key` keeps the last of equal counts, so ties go to the
    // delimiter listed first; a header of one cell has none, and is read
    // as comma-separated.
    let best = counts
        .iter()
        .rev()
        .filter(|(_, count)| *count > 0)
        .max_by_key(|(_, count)| *count)
        .map_or(b',', |&(delimiter, _)| delimiter);
    (best, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_and_cells(text: &str) -> Vec<(usize, Vec<String>)> {
        read_records(text)
            .rows
            .into_iter()
            .map(|row| (row.line, row.cells))
            .collect()
    }

    fn row(line: usize, cells: &[&str]) -> (usize, Vec<String>) {
        (line, cells.iter().map(|cell| cell.to_string()).collect())
    }

    #[test]
    fn delimiters_are_detected_from_the_header_line() {
        assert_eq!(detect_delimiter("Group,Population,IPS\n"), (b',', 0));
        assert_eq!(detect_delimiter("Group\tPopulation\tIPS\r\n"), (b'\t', 0));
        assert_eq!(
            detect_delimiter("Group;Population;IPS\n1;\"1,234\";5"),
            (b';', 0)
        );
        assert_eq!(
            detect_delimiter("\n\n\"Group, name\";IPS;Population\n"),
            (b';', 0)
        );
        assert_eq!(
            detect_delimiter("Group\tPopulation, 2021\tIPS\n"),
            (b'\t', 0)
        );
        assert_eq!(detect_delimiter("sep=;\nGroup;IPS\n"), (b';', 1));
        assert_eq!(detect_delimiter("\nSEP=\t\r\nGroup;IPS\n"), (b'\t', 2));
        assert_eq!(detect_delimiter("Group"), (b',', 0));
        assert_eq!(detect_delimiter(""), (b',', 0));
    }

    #[test]
    fn rows_keep_their_line_numbers_through_blank_lines_crlf_and_quoted_breaks() {
        let text = "\u{feff}a,b\r\n\r\n1,\"x\ny\"\r\n2,3\r\n,,\r\n   \n4,5";
        assert_eq!(
            lines_and_cells(text),
            vec![
                row(1, &["a", "b"]),
                row(3, &["1", "x\ny"]),
                row(5, &["2", "3"]),
                row(8, &["4", "5"]),
            ]
        );
    }

    #[test]
    fn lone_carriage_returns_end_lines_too() {
        assert_eq!(
            lines_and_cells("Group,IPS\rA,1\r\rB,2\r"),
            vec![
                row(1, &["Group", "IPS"]),
                row(2, &["A", "1"]),
                row(4, &["B", "2"])
            ]
        );
    }

    #[test]
    fn quoted_delimiters_and_doubled_quotes_follow_rfc_4180() {
        assert_eq!(
            lines_and_cells("Group,IPS\n\"Asian, Asian British\",\"1,234\"\n\"O\"\"Brien\",2\n"),
            vec![
                row(1, &["Group", "IPS"]),
                row(2, &["Asian, Asian British", "1,234"]),
                row(3, &["O\"Brien", "2"]),
            ]
        );
    }

    #[test]
    fn a_declared_separator_line_is_skipped() {
        assert_eq!(
            lines_and_cells("sep=;\nGroup;IPS\nA;1\n"),
            vec![row(2, &["Group", "IPS"]), row(3, &["A", "1"])]
        );
    }

    /// The text cut into every piece up to four bytes long from these,
    /// which hold each case of the csv crate's reader: quotes opening,
    /// doubled, closed early and left open, delimiters, each line break.
    fn tricky_texts() -> Vec<String> {
        let pieces = ["\"", ",", "a", "\r", "\n", " ", "é"];
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .filter(|text| {
                    text.chars().count() == texts.last().map_or(0, |last| last.chars().count())
                })
                .flat_map(|text| pieces.iter().map(move |piece| format!("{text}{piece}")))
                .collect();
            texts.extend(longer);
        }
        texts
    }

    #[test]
    fn records_are_split_as_the_csv_crate_splits_them() {
        for text in tricky_texts() {
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(text.as_bytes());
            let expected: Vec<Vec<String>> = reader
                .records()
                .map(|record| record.map(|record| record.iter().map(String::from).collect()))
                .collect::<Result<_, _>>()
                .unwrap_or_else(|error| panic!("{text:?}: {error}"));
            let got: Vec<Vec<String>> = split_records(&text, b',')
                .into_iter()
                .map(|(_, cells)| cells)
                .collect();
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn records_are_written_as_the_csv_crate_writes_them() {
        let cells = ["", "a", "a,b", "\"", "x\"y", "a\nb", "\r", " ", "é;"];
        let mut records: Vec<Vec<String>> = vec![Vec::new()];
        for first in cells {
            records.push(vec![first.to_string()]);
            for second in cells {
                records.push(vec![first.to_string(), second.to_string()]);
            }
        }
        for delimiter in [b',', b';', b'\t'] {
            for record in &records {
                let mut writer = csv::WriterBuilder::new()
                    .flexible(true)
                    .delimiter(delimiter)
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(Vec::new());
                writer.write_record(record).expect("writes to memory");
                let expected =
                    String::from_utf8(writer.into_inner().expect("flushes")).expect("UTF-8 cells");
                let mut got = String::new();
                write_record(&mut got, record, delimiter, "\r\n");
                assert_eq!(got, expected, "{record:?}");
            }
        }
    }

    #[test]
    fn a_lone_quote_runs_to_the_end_of_the_text_without_losing_it() {
        assert_eq!(
            lines_and_cells("Group,IPS\n\"A,1\nB,2\n"),
            vec![row(1, &["Group", "IPS"]), row(2, &["A,1\nB,2\n"])]
        );
    }
}
