//! The columns the calculator reads, the header names it accepts for them,
//! and how a header row is matched to them.

use std::fmt;

use super::error::{ErrorKind, InputError, InputWarning, WarningKind};
use super::{PopulationFigures, PopulationKind};

/// A column the calculator reads (SPEC section 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// The name of the breakdown a row belongs to (Ethnicity, Sex...).
    Breakdown,
    /// The group's label (White, Female, 18-24...).
    Group,
    /// The number of people in the reference population.
    Population,
    /// The group's share of the reference population, in percent.
    PopulationPercent,
    /// The number of people accessing IPS.
    Ips,
    /// Of those, the number who gained employment.
    Employed,
}

impl Column {
    const ALL: [Column; 6] = [
        Column::Breakdown,
        Column::Group,
        Column::Population,
        Column::PopulationPercent,
        Column::Ips,
        Column::Employed,
    ];

    /// The header names accepted for the column, in normalised form (see
    /// [`normalise`]). Only names that cannot mean another column are
    /// here: "clients" alone could be the population's clients, "share" a
    /// fraction rather than a percentage, so neither is accepted.
    pub(crate) fn names(self) -> &'static [&'static str] {
        match self {
            Column::Breakdown => &["breakdown", "characteristic", "protectedcharacteristic"],
            Column::Group => &["group", "groupname", "subgroup"],
            Column::Population => &[
                "population",
                "populationcount",
                "populationnumber",
                "populationsize",
                "referencepopulation",
            ],
            Column::PopulationPercent => &[
                "populationpercent",
                "populationpercentage",
                "populationpct",
                "population%",
                "population(%)",
                "percentpopulation",
                "percentofpopulation",
                "%population",
                "%ofpopulation",
            ],
            Column::Ips => &[
                "ips",
                "ipsclients",
                "ipscaseload",
                "ipsreferrals",
                "ipscount",
                "ipsnumber",
                "ipsn",
                "inips",
                "peopleinips",
                "accessingips",
            ],
            Column::Employed => &[
                "employed",
                "employment",
                "gainedemployment",
                "gainedwork",
                "gainedajob",
                "jobs",
                "jobsgained",
                "jobstarts",
                "ipsemployed",
            ],
        }
    }

    /// Whether the column holds numbers (as opposed to names).
    pub fn is_count(self) -> bool {
        !matches!(self, Column::Breakdown | Column::Group)
    }

    /// What the column holds, in words that finish "both give ...".
    pub(crate) fn meaning(self) -> &'static str {
        match self {
            Column::Breakdown => "the name of the breakdown",
            Column::Group => "the name of the group",
            Column::Population => "the number of people in the population",
            Column::PopulationPercent => "the group's share of the population in percent",
            Column::Ips => "the number of people in IPS",
            Column::Employed => "the number of people who gained employment",
        }
    }

    /// The column recognised from a header cell, if any.
    pub fn recognise(header: &str) -> Option<Column> {
        let name = normalise(header);
        Column::ALL
            .into_iter()
            .find(|column| column.names().contains(&name.as_str()))
    }
}

/// The column's usual header, as messages name it.
impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Column::Breakdown => "Breakdown",
            Column::Group => "Group",
            Column::Population => "Population",
            Column::PopulationPercent => "Population %",
            Column::Ips => "IPS",
            Column::Employed => "Employed",
        })
    }
}

/// A header name with case, spaces, `_` and `-` ignored (SPEC section 1), so
/// "Population %", "population_percent" and "Population percent" all reach
/// the same entry of [`Column::names`].
pub(crate) fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The spreadsheet letter of a column: 0 is A, 25 is Z, 26 is AA.
pub(crate) fn column_letter(index: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = index;
    loop {
        // `rest % 26` is below 26, so the cast and the addition stay in A..=Z.
        letters.push(char::from(b'A' + (rest % 26) as u8));
        if rest < 26 {
            break;
        }
        rest = rest / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// Where each column the calculator reads sits in the table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Layout {
    /// The header cells as typed, trimmed, up to the last non-empty one.
    pub headers: Vec<String>,
    pub breakdown: Option<usize>,
    pub group: usize,
    /// The breakdown's name when there is no breakdown column.
    pub single_breakdown: SingleBreakdown,
    pub population: usize,
    pub population_kind: PopulationKind,
    pub ips: usize,
    pub employed: Option<usize>,
    /// The other population column, left out because both were given.
    pub ignored_population: Option<usize>,
}

/// The name of the one breakdown of a table without a breakdown column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SingleBreakdown {
    /// The group column is headed `group` (or has no header): the breakdown
    /// is called `Group` and messages speak of "the table".
    Plain,
    /// The group column's header names the breakdown (`Ethnicity`).
    Named(String),
}

impl Layout {
    /// The header of a column as messages show it: as typed, or its letter
    /// when the header cell is empty.
    pub(crate) fn header(&self, index: usize) -> String {
        match self.headers.get(index) {
            Some(header) if !header.is_empty() => header.clone(),
            _ => format!("Column {}", column_letter(index)),
        }
    }

    /// The columns the calculator reads, by position.
    pub(crate) fn used(&self) -> Vec<(usize, Column)> {
        let mut used = vec![(self.group, Column::Group), (self.ips, Column::Ips)];
        used.push(match self.population_kind {
            PopulationKind::Count => (self.population, Column::Population),
            PopulationKind::Percent => (self.population, Column::PopulationPercent),
        });
        used.extend(self.breakdown.map(|index| (index, Column::Breakdown)));
        used.extend(self.employed.map(|index| (index, Column::Employed)));
        used
    }

    /// Whether a column is read (or deliberately set aside) by the calculator.
    pub(crate) fn is_known(&self, index: usize) -> bool {
        self.ignored_population == Some(index) || self.used().iter().any(|&(at, _)| at == index)
    }
}

/// Matches a header row to the columns, or says what is wrong with it.
/// `figures` says how to read the population column: by its header, or as
/// the user chose, which also picks between two population columns.
pub(crate) fn match_header(
    cells: &[String],
    row: usize,
    figures: PopulationFigures,
) -> Result<(Layout, Vec<InputWarning>), Vec<InputError>> {
    let width = cells
        .iter()
        .rposition(|cell| !cell.trim().is_empty())
        .map_or(0, |last| last + 1);
    let headers: Vec<String> = cells
        .iter()
        .take(width)
        .map(|cell| cell.trim().to_string())
        .collect();
    let roles: Vec<Option<Column>> = headers.iter().map(|h| Column::recognise(h)).collect();

    let mut errors = Vec::new();
    let mut found: Vec<(Column, usize)> = Vec::new();
    for (index, role) in roles.iter().enumerate() {
        let Some(column) = *role else { continue };
        match found.iter().find(|(seen, _)| *seen == column) {
            Some(&(_, earlier)) => errors.push(InputError {
                row,
                column: headers.get(index).cloned().unwrap_or_default(),
                value: headers.get(index).cloned().unwrap_or_default(),
                breakdown: None,
                kind: ErrorKind::DuplicateColumn {
                    column,
                    position: column_letter(index),
                    earlier: headers.get(earlier).cloned().unwrap_or_default(),
                    earlier_position: column_letter(earlier),
                },
            }),
            None => found.push((column, index)),
        }
    }
    let at = |column: Column| {
        found
            .iter()
            .find(|(seen, _)| *seen == column)
            .map(|&(_, i)| i)
    };

    if found.is_empty() && headers.iter().any(|h| looks_like_a_number(h)) {
        return Err(vec![InputError {
            row,
            column: String::new(),
            value: headers.join(", "),
            breakdown: None,
            kind: ErrorKind::NoHeader,
        }]);
    }

    // With no `group` column, the first column that is neither a count nor
    // the breakdown holds the groups, and its header names the breakdown.
    let group = at(Column::Group).or_else(|| roles.iter().position(Option::is_none));
    let counts = at(Column::Population);
    let percent = at(Column::PopulationPercent);
    let ips = at(Column::Ips);

    let missing = |column: Column| InputError {
        row,
        column: column.to_string(),
        value: String::new(),
        breakdown: None,
        kind: ErrorKind::MissingColumn(column),
    };
    if group.is_none() {
        errors.push(missing(Column::Group));
    }
    if counts.is_none() && percent.is_none() {
        errors.push(missing(Column::Population));
    }
    if ips.is_none() {
        errors.push(missing(Column::Ips));
    }

    let (Some(group), Some(ips), true) = (group, ips, errors.is_empty()) else {
        return Err(errors);
    };
    let (population, ignored_population) = match (figures, counts, percent) {
        (PopulationFigures::Percentages, Some(counts), Some(percent)) => (percent, Some(counts)),
        (_, Some(counts), ignored) => (counts, ignored),
        (_, None, Some(percent)) => (percent, None),
        (_, None, None) => return Err(errors),
    };
    let population_kind = match figures {
        PopulationFigures::Counts => PopulationKind::Count,
        PopulationFigures::Percentages => PopulationKind::Percent,
        PopulationFigures::FromHeaders if Some(population) == counts => PopulationKind::Count,
        PopulationFigures::FromHeaders => PopulationKind::Percent,
    };

    let group_header = headers.get(group).cloned().unwrap_or_default();
    let single_breakdown =
        if roles.get(group) == Some(&Some(Column::Group)) || group_header.is_empty() {
            SingleBreakdown::Plain
        } else {
            SingleBreakdown::Named(group_header)
        };

    let mut warnings = Vec::new();
    if let (Some(counts), Some(percent)) = (counts, percent) {
        warnings.push(InputWarning {
            row: Some(row),
            breakdown: None,
            kind: WarningKind::BothPopulationColumns {
                counts: headers.get(counts).cloned().unwrap_or_default(),
                percent: headers.get(percent).cloned().unwrap_or_default(),
                used: population_kind,
            },
        });
    }

    Ok((
        Layout {
            headers,
            breakdown: at(Column::Breakdown),
            group,
            single_breakdown,
            population,
            population_kind,
            ips,
            employed: at(Column::Employed),
            ignored_population,
        },
        warnings,
    ))
}

/// Whether a header cell is a figure rather than a name, the sign that the
/// first row is data and the header is missing.
fn looks_like_a_number(cell: &str) -> bool {
    let cell = cell.trim();
    cell.chars().any(|c| c.is_ascii_digit())
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '%' | '-' | '+' | ' '))
}
