//! Reading the user's table: text in (CSV, Excel's tab-separated clipboard,
//! semicolon-separated), validated breakdowns of counts out, with every
//! problem as data (`InputError`) naming its row, column and value.
//!
//! Rows are numbered as the user sees them: the header is row 1, so in a
//! table pasted from the top of a spreadsheet the numbers match Excel's.
//! Each row is numbered by the line it starts on, blank lines included.
//!
//! # The text
//!
//! - The delimiter is read from the header line: the most frequent of tab,
//!   semicolon and comma outside quotes (ties: tab, then semicolon). Excel's
//!   `sep=;` first line is obeyed.
//! - Quotes follow RFC 4180 (the `csv` crate): `"1,234"` and
//!   `"Asian, Asian British"` are one cell, `""` inside quotes is a quote.
//! - A UTF-8 byte-order mark, CRLF line ends, blank lines and rows of empty
//!   cells (Excel's `,,,`) are ignored; spaces around cells are trimmed.
//! - Numbers may group thousands with commas, spaces or no-break spaces
//!   (`1,234`, `1 234`). A table whose numbers show a decimal comma
//!   (`12,5`, `1.234.567`) is read that way throughout (`1.234` is then
//!   1234); when no cell settles it, semicolon-separated tables use the
//!   decimal comma and others the decimal point.
//!
//! # Headers
//!
//! Matching ignores case, spaces, `_` and `-`. Accepted names:
//!
//! | column | accepted headers |
//! |---|---|
//! | breakdown | Breakdown, Characteristic, Protected characteristic |
//! | group | Group, Group name, Subgroup; else the first column that is none of the others, whose header then names the breakdown (`Ethnicity`) |
//! | population | Population, Population count, Population number, Population size, Reference population |
//! | population_percent | Population percent, Population percentage, Population pct, Population %, Population (%), Percent population, Percent of population, % population, % of population |
//! | ips | IPS, IPS clients, IPS caseload, IPS referrals, IPS count, IPS number, IPS n, In IPS, People in IPS, Accessing IPS |
//! | employed | Employed, Employment, Gained employment, Gained work, Gained a job, Jobs, Jobs gained, Job starts, IPS employed |
//!
//! Names that could mean two columns ("Clients", "Share", "N") are not
//! accepted. Other columns are left out, with a warning.
//!
//! # Rows
//!
//! - A breakdown column groups rows by name (ignoring case); a blank cell
//!   continues the breakdown of the row above, as merged cells do.
//! - `Total`, `All`, `Overall` rows (any case) become [`Breakdown::total`],
//!   checked against the sum of the other rows (with or without the
//!   `Not known` rows) and never counted.
//! - `Not known`, `Not stated`, `Unknown`, `Missing`, `Prefer not to say`
//!   (any case, `-` and `_` read as spaces) become [`Breakdown::excluded`].
//!   They need figures like any row, but may have more people in IPS than
//!   in the population, as the two sources record ethnicity separately.
//! - With both population columns, the counts are used, with a warning.
//!
//! # Choosing how the population is read
//!
//! [`read_table`] tells counts from percentages by the population column's
//! header. [`read_table_as`] lets the user say instead, for a table whose
//! header does not say it (a census extract headed `Population` that holds
//! percentages): [`PopulationFigures::Counts`] reads the population column as
//! counts of people (a `%` in a cell is then an error), and
//! [`PopulationFigures::Percentages`] as percentage shares (0 to 100, `%`
//! allowed, normalised with a warning when they miss 100 by more than 0.5),
//! whatever the header. With both population columns, the one matching the
//! choice is read and the other left out, with a warning.
//! - An `employed` column with nothing in it counts as absent, with a
//!   warning; otherwise every row needs a figure.

mod error;
pub mod grid;
mod header;
mod number;
mod text;
mod validate;

#[cfg(test)]
mod tests;

pub use error::{ErrorKind, InputError, InputWarning, WarningKind};
pub use header::Column;
pub(crate) use text::write_record;

/// How the reference population is given: counts of people, or a census
/// table's percentage shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PopulationKind {
    Count,
    Percent,
}

/// How to read the population column: as its header says (the SPEC's
/// rule, and the default), or as the user chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PopulationFigures {
    /// Counts under a `population` header, percentages under a
    /// `population_percent` one.
    #[default]
    FromHeaders,
    /// Counts of people (for example a caseload), whatever the header.
    Counts,
    /// A census table's percentage shares, whatever the header.
    Percentages,
}

/// One row of counts: a group, a "Not known" row or a "Total" row.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The label exactly as typed (leading and trailing spaces trimmed).
    pub name: String,
    /// The row the group came from (the header is row 1).
    pub row: usize,
    /// A count of people when the breakdown's kind is `Count`, else the
    /// percentage share as typed (not yet normalised).
    pub population: f64,
    pub ips: u64,
    /// `None` when the table has no `employed` column.
    pub employed: Option<u64>,
}

impl Group {
    /// A group's counts, for building breakdowns in code (tests, examples).
    pub fn new(name: &str, row: usize, population: f64, ips: u64, employed: Option<u64>) -> Group {
        Group {
            name: name.to_string(),
            row,
            population,
            ips,
            employed,
        }
    }
}

/// The rows that share one breakdown (Ethnicity, Sex, Age band...), valid
/// and ready to analyse.
#[derive(Debug, Clone, PartialEq)]
pub struct Breakdown {
    pub name: String,
    pub population_kind: PopulationKind,
    /// The groups compared, in input order (at least two).
    pub groups: Vec<Group>,
    /// `Not known`, `Not stated`, `Unknown`, `Missing`, `Prefer not to say`:
    /// left out of shares, rates and tests, but reported.
    pub excluded: Vec<Group>,
    /// A `Total`, `All` or `Overall` row, if the user gave one; it is checked
    /// against the column sums (see `InputWarning`) and never counted.
    pub total: Option<Group>,
}

/// What reading a table gives: the breakdowns that are valid, every problem
/// found (all of them, not just the first) and warnings that do not stop the
/// analysis. A breakdown with an error is left out of `breakdowns`, so the
/// others can still be shown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedTable {
    pub breakdowns: Vec<Breakdown>,
    pub errors: Vec<InputError>,
    pub warnings: Vec<InputWarning>,
}

/// Reads and validates a table. Never panics, whatever the text, and only
/// reads it.
///
/// ```
/// use ips_equity::input::{read_table, PopulationKind};
/// let table = read_table(
///     "Ethnicity,Population,IPS,Employed\nWhite,8200,190,70\nBlack,1150,175,60\nNot known,400,12,3\n",
/// );
/// assert!(table.errors.is_empty());
/// let ethnicity = &table.breakdowns[0];
/// assert_eq!(ethnicity.name, "Ethnicity");
/// assert_eq!(ethnicity.population_kind, PopulationKind::Count);
/// assert_eq!(ethnicity.groups[1].ips, 175);
/// assert_eq!(ethnicity.excluded[0].name, "Not known");
/// ```
pub fn read_table(text: &str) -> ParsedTable {
    validate::read(text, PopulationFigures::FromHeaders)
}

/// [`read_table`], reading the population column as `figures` says.
///
/// ```
/// use ips_equity::input::{read_table_as, PopulationFigures, PopulationKind};
/// let table = read_table_as(
///     "Ethnicity,Population,IPS\nWhite,82%,190\nBlack,18%,175\n",
///     PopulationFigures::Percentages,
/// );
/// assert!(table.errors.is_empty());
/// assert_eq!(table.breakdowns[0].population_kind, PopulationKind::Percent);
/// assert_eq!(table.breakdowns[0].groups[1].population, 18.0);
/// ```
pub fn read_table_as(text: &str, figures: PopulationFigures) -> ParsedTable {
    validate::read(text, figures)
}
