//! From text to rows of cells: the delimiter, RFC 4180 quoting (by the
//! `csv` crate) and the line each row starts on.

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
    /// The line at which reading stopped early, if the reader failed.
    pub unreadable_from: Option<usize>,
}

/// Splits the text into rows of cells. Rows whose cells are all blank
/// (blank lines, Excel's `,,,` padding) are skipped: they carry nothing.
pub(crate) fn read_records(text: &str) -> Records {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (delimiter, skipped_lines) = detect_delimiter(text);
    let bytes = text.as_bytes();

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let mut rows = Vec::new();
    let mut unreadable_from = None;
    // The csv crate's own line numbers drift with blank lines and CRLF, so
    // lines are counted here from the byte where each record ends.
    let mut lines = LineCounter::new(bytes);
    loop {
        let line = lines.line_at(lines.start_of_next_record(reader.position().byte()));
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                if line <= skipped_lines {
                    continue;
                }
                let cells: Vec<String> = record
                    .iter()
                    .map(|cell| String::from_utf8_lossy(cell).into_owned())
                    .collect();
                if cells.iter().any(|cell| !cell.trim().is_empty()) {
                    rows.push(Record { line, cells });
                }
            }
            Ok(false) => break,
            Err(_) => {
                unreadable_from = Some(line);
                break;
            }
        }
    }
    Records {
        delimiter,
        rows,
        unreadable_from,
    }
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

    /// The first byte of the next record: past the line breaks (and the
    /// blank lines) that the reader skips.
    fn start_of_next_record(&self, position: u64) -> usize {
        let mut start =
            usize::try_from(position).map_or(self.bytes.len(), |p| p.min(self.bytes.len()));
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        start
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
        let records = read_records(text);
        assert_eq!(records.unreadable_from, None);
        records
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

    #[test]
    fn a_lone_quote_runs_to_the_end_of_the_text_without_losing_it() {
        assert_eq!(
            lines_and_cells("Group,IPS\n\"A,1\nB,2\n"),
            vec![row(1, &["Group", "IPS"]), row(2, &["A,1\nB,2\n"])]
        );
    }
}
