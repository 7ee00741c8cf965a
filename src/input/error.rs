//! Problems in the user's table, as data, and their one wording, which the
//! page and the command line both show.
//!
//! Messages are written for a service manager rather than a programmer, in
//! the manner of GOV.UK error messages: where the problem is ("Row 4,
//! Employed"), then what is wrong or what to enter, in plain words
//! ("52 is more than the 40 people in IPS"; "enter a whole number, like 40").

use std::fmt;

use super::header::Column;
use super::number::LARGEST_COUNT;
use super::PopulationKind;

/// A problem that stops a breakdown (or the whole table) being analysed.
///
/// ```
/// use ips_equity::input::read_table;
/// let table = read_table("Group,Population,IPS,Employed\nA,100,40,52\nB,100,30,10\n");
/// assert_eq!(table.errors[0].to_string(), "Row 2, Employed: 52 is more than the 40 people in IPS");
/// assert_eq!((table.errors[0].row, table.errors[0].column.as_str()), (2, "Employed"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    /// The row (header = 1): the line of the text the row starts on.
    pub row: usize,
    /// The column's header as the user typed it (or the expected name when
    /// the column is missing; empty for a problem with the whole table).
    pub column: String,
    /// The cell's text exactly as typed.
    pub value: String,
    /// The breakdown the row belongs to, when the table names breakdowns
    /// (a breakdown column, or a group column headed like `Ethnicity`).
    /// `None` for a table with a plain `group` column, whose one breakdown
    /// is called `Group`, and for problems with the header or a row that
    /// cannot be placed.
    pub breakdown: Option<String>,
    pub kind: ErrorKind,
}

/// What is wrong. The fields hold what the message needs beyond the
/// error's row, column and value.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    /// The text holds nothing but blank lines.
    EmptyTable,
    /// The first row holds figures, so the header is missing.
    NoHeader,
    /// No header names a column the calculator needs (`Population` stands
    /// for "Population or Population %").
    MissingColumn(Column),
    /// Two headers name the same column.
    DuplicateColumn {
        column: Column,
        /// This column's letter (A, B...).
        position: String,
        /// The header and letter of the first column of that kind.
        earlier: String,
        earlier_position: String,
    },
    /// A header and no rows below it.
    NoRows,
    /// A cell spans lines, almost always a quote mark left open.
    LineBreakInCell,
    /// The row ends before a column the calculator reads.
    TooFewCells {
        cells: usize,
        columns: usize,
    },
    /// The row has filled cells beyond the header, which in a comma-separated
    /// file usually means an unquoted `1,234` or `Asian, Asian British`.
    TooManyCells {
        cells: usize,
        columns: usize,
        comma_separated: bool,
    },
    /// The first row of a table with a breakdown column leaves it blank
    /// (later blanks continue the breakdown above, as merged cells do).
    BlankBreakdown,
    BlankGroup,
    /// A count or percentage left blank.
    BlankCount(Column),
    NotANumber(Column),
    /// `*`, `[c]`, `<5`...: a figure held back to protect privacy.
    HeldBack(Column),
    /// A `%` in a column of counts.
    PercentSign(Column),
    /// A `%` in the population column when the user chose to give counts.
    PercentSignCountsChosen,
    Negative,
    NotWholeNumber,
    /// More than a million million.
    TooLarge,
    PercentOutOfRange,
    EmployedMoreThanIps {
        ips: u64,
    },
    /// IPS clients come from the population, so there cannot be more.
    IpsMoreThanPopulation {
        population: u64,
    },
    DuplicateGroup {
        earlier_row: usize,
    },
    /// A second `Total`, `All` or `Overall` row in one breakdown.
    SecondTotal {
        earlier_row: usize,
    },
    /// Fewer than two groups to compare (the names of those there are).
    TooFewGroups {
        groups: Vec<String>,
    },
    /// The groups' IPS figures add up to 0.
    NoOneInIps,
    /// The groups' population figures add up to 0.
    ZeroPopulation,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let row = self.row;
        let at = format!("Row {row}, {}", self.column);
        let value = shown(&self.value);
        let subject = match &self.breakdown {
            Some(name) => format!("The {name} breakdown"),
            None => "The table".to_string(),
        };
        match &self.kind {
            ErrorKind::EmptyTable => write!(
                f,
                "The table is empty: enter a header row, like Group, Population, IPS, Employed, \
                 and one row for each group"
            ),
            ErrorKind::NoHeader => write!(
                f,
                "Row {row} looks like figures, not a header: start the table with a header row, \
                 like Group, Population, IPS, Employed"
            ),
            ErrorKind::MissingColumn(Column::Group) => write!(
                f,
                "There is no group column: add a column with the name of each group, headed \
                 Group or with the breakdown's name, like Ethnicity"
            ),
            ErrorKind::MissingColumn(Column::Population | Column::PopulationPercent) => write!(
                f,
                "There is no population column: add a column headed Population with the number \
                 of people in each group, or Population % with each group's share in percent"
            ),
            ErrorKind::MissingColumn(Column::Ips) => write!(
                f,
                "There is no IPS column: add a column headed IPS with the number of people in \
                 IPS in each group (IPS clients, IPS caseload or IPS referrals also work)"
            ),
            ErrorKind::MissingColumn(column) => {
                write!(
                    f,
                    "There is no {column} column: add a column headed {column}"
                )
            }
            ErrorKind::DuplicateColumn {
                column,
                position,
                earlier,
                earlier_position,
            } => write!(
                f,
                "{at}: column {position} and column {earlier_position} ({earlier}) both give {}; \
                 keep one",
                column.meaning()
            ),
            ErrorKind::NoRows => write!(
                f,
                "The table has a header but no groups: add one row for each group under the header"
            ),
            ErrorKind::LineBreakInCell => write!(
                f,
                "{at}: the cell runs over more than one line, perhaps because a quote mark (\") \
                 is not closed"
            ),
            ErrorKind::TooFewCells { cells, columns } => write!(
                f,
                "Row {row} has {}, but the header has {columns}",
                plural(*cells as u64, "cell", "cells")
            ),
            ErrorKind::TooManyCells {
                cells,
                columns,
                comma_separated,
            } => {
                write!(
                    f,
                    "Row {row} has {cells} cells, but the header has {columns}"
                )?;
                if *comma_separated {
                    write!(
                        f,
                        ": put any name or number with a comma in it in quotes, like \"1,234\""
                    )?;
                }
                Ok(())
            }
            ErrorKind::BlankBreakdown => write!(
                f,
                "{at}: enter the breakdown the row belongs to, like Ethnicity"
            ),
            ErrorKind::BlankGroup => write!(f, "{at}: enter the name of the group"),
            ErrorKind::BlankCount(column) => write!(
                f,
                "{at}: {}",
                match column {
                    Column::PopulationPercent => {
                        "enter the group's share of the population in percent, like 12.5"
                    }
                    Column::Ips => "enter the number of people in IPS, or 0",
                    Column::Employed => "enter the number of people who gained employment, or 0",
                    _ => "enter the number of people in the population, or 0",
                }
            ),
            ErrorKind::NotANumber(Column::PopulationPercent) => {
                write!(f, "{at}: enter a percentage, like 12.5")
            }
            ErrorKind::NotANumber(_) => write!(f, "{at}: enter a whole number, like 40"),
            ErrorKind::HeldBack(Column::PopulationPercent) => write!(
                f,
                "{at}: enter the percentage itself, not {value} (figures held back cannot be \
                 analysed)"
            ),
            ErrorKind::HeldBack(_) => write!(
                f,
                "{at}: enter the number itself, not {value} (figures held back cannot be analysed)"
            ),
            ErrorKind::PercentSign(Column::Population) => write!(
                f,
                "{at}: enter a number of people, not {value} (head the column Population % if it \
                 holds percentages)"
            ),
            ErrorKind::PercentSign(_) => write!(f, "{at}: enter a number of people, not {value}"),
            ErrorKind::PercentSignCountsChosen => write!(
                f,
                "{at}: enter a number of people, not {value} (choose census percentages if the \
                 column holds percentages)"
            ),
            ErrorKind::Negative => write!(f, "{at}: {value} is less than 0"),
            ErrorKind::NotWholeNumber => write!(f, "{at}: {value} is not a whole number"),
            ErrorKind::TooLarge => write!(
                f,
                "{at}: {value} is too large: the most the calculator takes is {}",
                grouped(LARGEST_COUNT)
            ),
            ErrorKind::PercentOutOfRange => write!(f, "{at}: {value} is not between 0 and 100"),
            ErrorKind::EmployedMoreThanIps { ips } => {
                write!(f, "{at}: {value} is more than the {} in IPS", people(*ips))
            }
            ErrorKind::IpsMoreThanPopulation { population } => write!(
                f,
                "{at}: {value} is more than the {} in the population, which should include \
                 everyone in IPS",
                people(*population)
            ),
            ErrorKind::DuplicateGroup { earlier_row } => {
                write!(f, "{at}: {value} is already in row {earlier_row}")
            }
            ErrorKind::SecondTotal { earlier_row } => {
                write!(f, "{at}: row {earlier_row} is already the total row")
            }
            ErrorKind::TooFewGroups { groups } => match groups.as_slice() {
                [] => write!(
                    f,
                    "{subject} has no groups to compare: add at least two (rows like Total and \
                     Not known are not groups)"
                ),
                [only] => write!(
                    f,
                    "{subject} has only one group, {}: add at least one more to compare",
                    shown(only)
                ),
                _ => write!(f, "{subject} has too few groups to compare"),
            },
            ErrorKind::NoOneInIps => write!(
                f,
                "{subject} has no one in IPS: the {} column adds up to 0",
                self.column
            ),
            ErrorKind::ZeroPopulation => write!(
                f,
                "{subject} has no population: the {} column adds up to 0",
                self.column
            ),
        }
    }
}

impl std::error::Error for InputError {}

/// Something the user should know that does not stop the analysis.
///
/// ```
/// use ips_equity::input::read_table;
/// let table = read_table("Group,Population %,IPS\nA,60,40\nB,38,30\n");
/// assert!(table.errors.is_empty());
/// assert_eq!(
///     table.warnings[0].to_string(),
///     "The Population % column adds up to 98%, not 100%, so each share is scaled to make the total 100%"
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct InputWarning {
    /// The row concerned, if one is.
    pub row: Option<usize>,
    /// As for [`InputError::breakdown`].
    pub breakdown: Option<String>,
    pub kind: WarningKind,
}

/// What the user should know. Headers are as typed.
#[derive(Debug, Clone, PartialEq)]
pub enum WarningKind {
    /// Counts and percentages were both given; `used` says which are read
    /// (the counts, unless the user chose percentages).
    BothPopulationColumns {
        counts: String,
        percent: String,
        used: PopulationKind,
    },
    /// A column the calculator does not read.
    UnusedColumn { header: String, position: String },
    /// An `employed` column with nothing in it is treated as absent.
    EmployedColumnEmpty { header: String },
    /// A total row that does not match the sum of the other rows (groups
    /// and "Not known" rows alike).
    TotalMismatch {
        /// The total row's label as typed (`Total`, `All`, `Overall`).
        label: String,
        column: String,
        stated: f64,
        sum: f64,
    },
    /// Percentages whose sum is more than 0.5 away from 100.
    PercentNotHundred { column: String, sum: f64 },
}

impl fmt::Display for InputWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            WarningKind::BothPopulationColumns {
                counts,
                percent,
                used: PopulationKind::Count,
            } => write!(
                f,
                "The table has both {counts} and {percent}: the calculator uses the counts in \
                 {counts} and leaves out {percent}"
            ),
            WarningKind::BothPopulationColumns {
                counts,
                percent,
                used: PopulationKind::Percent,
            } => write!(
                f,
                "The table has both {counts} and {percent}: as census percentages were chosen, \
                 the calculator uses the percentages in {percent} and leaves out {counts}"
            ),
            WarningKind::UnusedColumn { header, position } if header.is_empty() => {
                write!(f, "Column {position} has no header, so it is left out")
            }
            WarningKind::UnusedColumn { header, position } => write!(
                f,
                "Column {position} ({}) is left out: the calculator does not use it",
                shown(header)
            ),
            WarningKind::EmployedColumnEmpty { header } => write!(
                f,
                "The {header} column is empty, so job outcomes are not analysed"
            ),
            WarningKind::TotalMismatch {
                label,
                column,
                stated,
                sum,
            } => {
                if let Some(row) = self.row {
                    write!(f, "Row {row}, {column}: ")?;
                }
                write!(
                    f,
                    "the {} row says {}, but the other rows add up to {} (the calculator uses \
                     the rows, never the total)",
                    shown(label),
                    figure(*stated),
                    figure(*sum)
                )
            }
            WarningKind::PercentNotHundred { column, sum } => {
                match &self.breakdown {
                    Some(name) => write!(f, "In the {name} breakdown, the {column} column")?,
                    None => write!(f, "The {column} column")?,
                }
                write!(
                    f,
                    " adds up to {}%, not 100%, so each share is scaled to make the total 100%",
                    figure(*sum)
                )
            }
        }
    }
}

/// A cell's text as a message shows it: trimmed, and cut short when long,
/// so that a pasted paragraph does not flood the page.
fn shown(value: &str) -> String {
    const LONGEST: usize = 40;
    let value = value.trim();
    if value.chars().count() <= LONGEST {
        value.to_string()
    } else {
        let start: String = value.chars().take(LONGEST - 3).collect();
        format!("{start}...")
    }
}

/// "1 person", "40 people", "1,040 people".
fn people(count: u64) -> String {
    plural(count, "person", "people")
}

fn plural(count: u64, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", grouped(count))
    }
}

/// A whole number with thousands commas: 1,234,567.
fn grouped(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A count or a percentage sum: whole numbers grouped, others to at most
/// two decimals.
fn figure(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded.fract() == 0.0 && (0.0..1e15).contains(&rounded) {
        grouped(rounded as u64)
    } else {
        let text = format!("{rounded:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_people_read_them() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(people(1), "1 person");
        assert_eq!(people(1040), "1,040 people");
        assert_eq!(figure(98.25), "98.25");
        assert_eq!(figure(98.2000001), "98.2");
        assert_eq!(figure(99.999), "100");
        assert_eq!(figure(1365.0), "1,365");
    }

    #[test]
    fn long_values_are_cut_short_on_a_character_boundary() {
        let long = "é".repeat(100);
        assert_eq!(shown(&long), format!("{}...", "é".repeat(37)));
        assert_eq!(shown("  White  "), "White");
    }
}
