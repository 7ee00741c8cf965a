//! From rows of cells to validated breakdowns, collecting every problem.

use super::error::{ErrorKind, InputError, InputWarning, WarningKind};
use super::header::{column_letter, match_header, Column, Layout, SingleBreakdown};
use super::number::{parse_count, parse_percent, DecimalMark, NumberProblem};
use super::text::{read_records, Record};
use super::{Breakdown, Group, ParsedTable, PopulationFigures, PopulationKind};

/// Labels of rows that sum the others (compared in [`label_key`] form).
const TOTAL_LABELS: [&str; 3] = ["total", "all", "overall"];

/// Labels of rows whose group was not recorded.
const NOT_KNOWN_LABELS: [&str; 5] = [
    "not known",
    "not stated",
    "unknown",
    "missing",
    "prefer not to say",
];

/// What a row is, from its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Group,
    /// `Not known` and the like: reported, never compared.
    NotKnown,
    /// `Total`, `All`, `Overall`: checked, never counted.
    Total,
}

impl Role {
    fn of(label: &str) -> Role {
        let key = label_key(&label.replace(['-', '_'], " "));
        if TOTAL_LABELS.contains(&key.as_str()) {
            Role::Total
        } else if NOT_KNOWN_LABELS.contains(&key.as_str()) {
            Role::NotKnown
        } else {
            Role::Group
        }
    }
}

/// A label compared ignoring case and runs of spaces: `White ` and
/// `white` are the same group, `Ethnicity` and `ETHNICITY` the same
/// breakdown.
fn label_key(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Numbers by label key, kept sorted by key for binary search. A hash
/// map would do as well, but its hashing and table code would add several
/// kilobytes to the page's wasm for these two small lookups.
#[derive(Debug, Default)]
struct Keyed(Vec<(String, usize)>);

impl Keyed {
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0
            .binary_search_by(|(other, _)| other.as_str().cmp(key))
    }

    fn get(&self, key: &str) -> Option<usize> {
        let at = self.find(key).ok()?;
        self.0.get(at).map(|&(_, value)| value)
    }

    /// Records `key` unless it is already there (the first value stays).
    fn insert(&mut self, key: String, value: usize) {
        if let Err(at) = self.find(&key) {
            self.0.insert(at, (key, value));
        }
    }
}

/// A breakdown while its rows are read.
#[derive(Debug)]
struct Draft {
    name: String,
    /// Whether messages name the breakdown (see `InputError::breakdown`).
    named: bool,
    first_row: usize,
    groups: Vec<Group>,
    not_known: Vec<Group>,
    total: Option<Group>,
    /// Each label's first row, for duplicates (see [`Keyed`]).
    seen: Keyed,
    total_row: Option<usize>,
    /// The distinct groups to compare, valid or not, for "too few groups".
    group_names: Vec<String>,
    /// A row whose label could not be read, which might be a group: "too
    /// few groups" would then be a guess, so it is not said.
    unlabelled_row: bool,
    failed: bool,
}

impl Draft {
    fn new(name: String, named: bool, first_row: usize) -> Self {
        Draft {
            name,
            named,
            first_row,
            groups: Vec::new(),
            not_known: Vec::new(),
            total: None,
            seen: Keyed::default(),
            total_row: None,
            group_names: Vec::new(),
            unlabelled_row: false,
            failed: false,
        }
    }

    fn label(&self) -> Option<String> {
        self.named.then(|| self.name.clone())
    }
}

/// The table being read: the layout, the breakdowns so far and every
/// problem found.
struct Reading<'a> {
    layout: &'a Layout,
    employed: Option<usize>,
    /// Whether the user chose counts, so a `%` cell is not a header matter.
    counts_chosen: bool,
    mark: DecimalMark,
    comma_separated: bool,
    drafts: Vec<Draft>,
    /// Each breakdown's index in `drafts`, by [`label_key`].
    by_key: Keyed,
    /// The breakdown of the row above, which a blank breakdown cell continues.
    previous: Option<usize>,
    /// A row that could not be placed in a breakdown had an error, so no
    /// breakdown can be trusted to be complete.
    unplaced_error: bool,
    errors: Vec<InputError>,
    warnings: Vec<InputWarning>,
}

/// Reads and validates a table (see [`super::read_table`]).
pub(crate) fn read(text: &str, figures: PopulationFigures) -> ParsedTable {
    let records = read_records(text);
    let mut table = ParsedTable::default();

    let Some((header, data)) = records.rows.split_first() else {
        table.errors.push(InputError {
            row: 1,
            column: String::new(),
            value: String::new(),
            breakdown: None,
            kind: ErrorKind::EmptyTable,
        });
        return table;
    };
    let (layout, header_warnings) = match match_header(&header.cells, header.line, figures) {
        Ok(matched) => matched,
        Err(errors) => {
            table.errors = errors;
            return table;
        }
    };
    if data.is_empty() {
        table.errors.push(InputError {
            row: header.line + 1,
            column: String::new(),
            value: String::new(),
            breakdown: None,
            kind: ErrorKind::NoRows,
        });
        return table;
    }

    let mut warnings = header_warnings;
    warnings.extend(unused_columns(&layout, data));
    let employed = match layout.employed {
        Some(index) if data.iter().all(|row| is_blank(row.cells.get(index))) => {
            warnings.push(InputWarning {
                row: Some(header.line),
                breakdown: None,
                kind: WarningKind::EmployedColumnEmpty {
                    header: layout.header(index),
                },
            });
            None
        }
        other => other,
    };

    let number_columns: Vec<usize> = layout
        .used()
        .into_iter()
        .filter(|(_, column)| column.is_count())
        .map(|(index, _)| index)
        .collect();
    let mark = DecimalMark::of_table(
        data.iter().flat_map(|row| {
            number_columns
                .iter()
                .filter_map(|&index| row.cells.get(index).map(String::as_str))
        }),
        records.delimiter == b';',
    );

    let mut reading = Reading {
        layout: &layout,
        employed,
        counts_chosen: figures == PopulationFigures::Counts,
        mark,
        comma_separated: records.delimiter == b',',
        drafts: Vec::new(),
        by_key: Keyed::default(),
        previous: None,
        unplaced_error: false,
        errors: Vec::new(),
        warnings,
    };
    for row in data {
        reading.row(row);
    }
    reading.finish()
}

fn is_blank(cell: Option<&String>) -> bool {
    cell.is_none_or(|cell| cell.trim().is_empty())
}

/// Columns the calculator does not read: named ones always, unnamed ones
/// only when they hold something, so Excel's empty padding says nothing.
fn unused_columns(layout: &Layout, data: &[Record]) -> Vec<InputWarning> {
    (0..layout.headers.len())
        .filter(|&index| !layout.is_known(index))
        .filter_map(|index| {
            let header = layout.headers.get(index).cloned().unwrap_or_default();
            let holds_something = data.iter().any(|row| !is_blank(row.cells.get(index)));
            (!header.is_empty() || holds_something).then(|| InputWarning {
                row: None,
                breakdown: None,
                kind: WarningKind::UnusedColumn {
                    header,
                    position: column_letter(index),
                },
            })
        })
        .collect()
}

impl Reading<'_> {
    fn row(&mut self, record: &Record) {
        let row = record.line;
        let cells = &record.cells;
        let layout = self.layout;
        let Some(draft) = self.place(record) else {
            return;
        };

        let label = cells.get(layout.group).map_or("", |cell| cell.trim());
        let role = Role::of(label);
        if !label.is_empty() && !label.contains(['\n', '\r']) {
            self.check_label(draft, row, label, role);
        } else if let Some(target) = self.drafts.get_mut(draft) {
            target.unlabelled_row = true;
        }

        // A row of the wrong width has shifted cells; checking its values
        // would only add confusing messages, so it gets one.
        if let Some(kind) = self.width_problem(cells) {
            let (column, value) = match kind {
                ErrorKind::TooManyCells { .. } => {
                    let first_extra = (layout.headers.len()..cells.len())
                        .find(|&index| !is_blank(cells.get(index)))
                        .unwrap_or(layout.headers.len());
                    (
                        format!("Column {}", column_letter(first_extra)),
                        cells.get(first_extra).cloned().unwrap_or_default(),
                    )
                }
                _ => (
                    self.first_missing(cells)
                        .map_or_else(String::new, |index| layout.header(index)),
                    String::new(),
                ),
            };
            self.error(draft, row, column, value, kind);
            return;
        }
        let read = self.read_columns();
        if let Some(&(broken, _)) = read
            .iter()
            .filter(|&&(index, _)| {
                cells
                    .get(index)
                    .is_some_and(|cell| cell.contains(['\n', '\r']))
            })
            .min_by_key(|&&(index, _)| index)
        {
            self.error(
                draft,
                row,
                layout.header(broken),
                cells.get(broken).cloned().unwrap_or_default(),
                ErrorKind::LineBreakInCell,
            );
            return;
        }

        let cell = |index: usize| cells.get(index).map_or("", String::as_str);
        if label.is_empty() {
            self.error(
                draft,
                row,
                layout.header(layout.group),
                cell(layout.group).to_string(),
                ErrorKind::BlankGroup,
            );
        }

        let population = match layout.population_kind {
            PopulationKind::Count => self
                .count(
                    draft,
                    row,
                    layout.population,
                    Column::Population,
                    cell(layout.population),
                )
                .map(|count| count as f64),
            PopulationKind::Percent => {
                self.percent(draft, row, layout.population, cell(layout.population))
            }
        };
        let ips = self.count(draft, row, layout.ips, Column::Ips, cell(layout.ips));
        let employed = self
            .employed
            .map(|index| self.count(draft, row, index, Column::Employed, cell(index)));

        if let (Some(ips), Some(Some(employed)), Some(index)) = (ips, employed, self.employed) {
            if employed > ips {
                self.error(
                    draft,
                    row,
                    layout.header(index),
                    cell(index).to_string(),
                    ErrorKind::EmployedMoreThanIps { ips },
                );
            }
        }
        // "Not known" rows are exempt: a person whose ethnicity IPS did not
        // record may well be recorded in the population's figures.
        if let (Some(ips), Some(population), PopulationKind::Count, false) = (
            ips,
            population,
            layout.population_kind,
            role == Role::NotKnown,
        ) {
            if ips as f64 > population {
                self.error(
                    draft,
                    row,
                    layout.header(layout.ips),
                    cell(layout.ips).to_string(),
                    ErrorKind::IpsMoreThanPopulation {
                        population: population as u64,
                    },
                );
            }
        }

        let failed = self.drafts.get(draft).is_none_or(|target| target.failed);
        let (Some(population), Some(ips), false) = (population, ips, failed) else {
            return;
        };
        let group = Group {
            name: label.to_string(),
            row,
            population,
            ips,
            employed: employed.flatten(),
        };
        let Some(target) = self.drafts.get_mut(draft) else {
            return;
        };
        match role {
            Role::Group => target.groups.push(group),
            Role::NotKnown => target.not_known.push(group),
            Role::Total => target.total = Some(group),
        }
    }

    /// The columns read from each row (an empty `employed` column is not).
    fn read_columns(&self) -> Vec<(usize, Column)> {
        let mut read = self.layout.used();
        read.retain(|&(index, column)| column != Column::Employed || Some(index) == self.employed);
        read
    }

    /// The first column the row is too short to reach.
    fn first_missing(&self, cells: &[String]) -> Option<usize> {
        self.read_columns()
            .into_iter()
            .map(|(index, _)| index)
            .filter(|&index| index >= cells.len())
            .min()
    }

    /// Filled cells beyond the header, or a row too short for the columns
    /// read.
    fn width_problem(&self, cells: &[String]) -> Option<ErrorKind> {
        let columns = self.layout.headers.len();
        if let Some(last) = cells
            .iter()
            .rposition(|cell| !cell.trim().is_empty())
            .filter(|&last| last >= columns)
        {
            return Some(ErrorKind::TooManyCells {
                cells: last + 1,
                columns,
                comma_separated: self.comma_separated,
            });
        }
        self.first_missing(cells).map(|_| ErrorKind::TooFewCells {
            cells: cells.len(),
            columns,
        })
    }

    /// The breakdown a row belongs to, created on first sight. A blank
    /// breakdown cell continues the breakdown above, as a merged cell in a
    /// spreadsheet does.
    fn place(&mut self, record: &Record) -> Option<usize> {
        let layout = self.layout;
        let (name, named) = match layout.breakdown {
            Some(index) => {
                let cell = record.cells.get(index).map_or("", String::as_str);
                if cell.contains(['\n', '\r']) {
                    self.unplaced(
                        record.line,
                        layout.header(index),
                        cell,
                        ErrorKind::LineBreakInCell,
                    );
                    return None;
                }
                let name = cell.trim();
                if name.is_empty() {
                    if self.previous.is_none() {
                        self.unplaced(
                            record.line,
                            layout.header(index),
                            cell,
                            ErrorKind::BlankBreakdown,
                        );
                    }
                    return self.previous;
                }
                (name.to_string(), true)
            }
            None => match &layout.single_breakdown {
                SingleBreakdown::Plain => ("Group".to_string(), false),
                SingleBreakdown::Named(name) => (name.clone(), true),
            },
        };
        let key = label_key(&name);
        let index = match self.by_key.get(&key) {
            Some(index) => index,
            None => {
                self.drafts.push(Draft::new(name, named, record.line));
                let index = self.drafts.len() - 1;
                self.by_key.insert(key, index);
                index
            }
        };
        self.previous = Some(index);
        Some(index)
    }

    fn unplaced(&mut self, row: usize, column: String, value: &str, kind: ErrorKind) {
        self.unplaced_error = true;
        self.errors.push(InputError {
            row,
            column,
            value: value.to_string(),
            breakdown: None,
            kind,
        });
    }

    /// Duplicates and second totals; remembers the groups to compare.
    fn check_label(&mut self, draft: usize, row: usize, name: &str, role: Role) {
        let Some(target) = self.drafts.get_mut(draft) else {
            return;
        };
        let problem = if role == Role::Total {
            match target.total_row {
                Some(earlier_row) => Some(ErrorKind::SecondTotal { earlier_row }),
                None => {
                    target.total_row = Some(row);
                    None
                }
            }
        } else {
            let key = label_key(name);
            match target.seen.get(&key) {
                Some(earlier_row) => Some(ErrorKind::DuplicateGroup { earlier_row }),
                None => {
                    target.seen.insert(key, row);
                    if role == Role::Group {
                        target.group_names.push(name.to_string());
                    }
                    None
                }
            }
        };
        if let Some(kind) = problem {
            let column = self.layout.header(self.layout.group);
            self.error(draft, row, column, name.to_string(), kind);
        }
    }

    fn count(
        &mut self,
        draft: usize,
        row: usize,
        index: usize,
        column: Column,
        cell: &str,
    ) -> Option<u64> {
        match parse_count(cell, self.mark) {
            Ok(count) => Some(count),
            Err(NumberProblem::PercentSign)
                if self.counts_chosen && column == Column::Population =>
            {
                self.error(
                    draft,
                    row,
                    self.layout.header(index),
                    cell.to_string(),
                    ErrorKind::PercentSignCountsChosen,
                );
                None
            }
            Err(problem) => {
                let kind = number_error(problem, column);
                self.error(
                    draft,
                    row,
                    self.layout.header(index),
                    cell.to_string(),
                    kind,
                );
                None
            }
        }
    }

    fn percent(&mut self, draft: usize, row: usize, index: usize, cell: &str) -> Option<f64> {
        match parse_percent(cell, self.mark) {
            Ok(percent) => Some(percent),
            Err(problem) => {
                let kind = number_error(problem, Column::PopulationPercent);
                self.error(
                    draft,
                    row,
                    self.layout.header(index),
                    cell.to_string(),
                    kind,
                );
                None
            }
        }
    }

    /// Records a problem in a row of a breakdown, which is then left out.
    fn error(&mut self, draft: usize, row: usize, column: String, value: String, kind: ErrorKind) {
        let breakdown = match self.drafts.get_mut(draft) {
            Some(target) => {
                target.failed = true;
                target.label()
            }
            None => {
                self.unplaced_error = true;
                None
            }
        };
        self.errors.push(InputError {
            row,
            column,
            value,
            breakdown,
            kind,
        });
    }

    /// The checks on whole breakdowns, then the table.
    fn finish(mut self) -> ParsedTable {
        let layout = self.layout;
        let drafts = std::mem::take(&mut self.drafts);
        let mut breakdowns = Vec::new();
        for draft in drafts {
            let mut problems = Vec::new();
            if draft.group_names.len() < 2 && !draft.unlabelled_row {
                problems.push((
                    layout.group,
                    draft.group_names.first().cloned().unwrap_or_default(),
                    ErrorKind::TooFewGroups {
                        groups: draft.group_names.clone(),
                    },
                ));
            }
            // Sums over rows with errors would be wrong, so the zero checks
            // wait for a breakdown whose rows are all valid.
            if !draft.failed && draft.group_names.len() >= 2 {
                if draft.groups.iter().all(|group| group.ips == 0) {
                    problems.push((layout.ips, "0".to_string(), ErrorKind::NoOneInIps));
                }
                if draft.groups.iter().all(|group| group.population == 0.0) {
                    problems.push((
                        layout.population,
                        "0".to_string(),
                        ErrorKind::ZeroPopulation,
                    ));
                }
            }
            let failed = draft.failed || !problems.is_empty();
            for (index, value, kind) in problems {
                self.errors.push(InputError {
                    row: draft.first_row,
                    column: layout.header(index),
                    value,
                    breakdown: draft.label(),
                    kind,
                });
            }
            if !failed {
                self.warnings
                    .extend(breakdown_warnings(&draft, layout, self.employed));
                breakdowns.push(Breakdown {
                    name: draft.name,
                    population_kind: layout.population_kind,
                    groups: draft.groups,
                    excluded: draft.not_known,
                    total: draft.total,
                });
            }
        }
        ParsedTable {
            breakdowns: if self.unplaced_error {
                Vec::new()
            } else {
                breakdowns
            },
            errors: self.errors,
            warnings: self.warnings,
        }
    }
}

fn number_error(problem: NumberProblem, column: Column) -> ErrorKind {
    match problem {
        NumberProblem::Blank => ErrorKind::BlankCount(column),
        NumberProblem::NotANumber => ErrorKind::NotANumber(column),
        NumberProblem::HeldBack => ErrorKind::HeldBack(column),
        NumberProblem::PercentSign => ErrorKind::PercentSign(column),
        NumberProblem::Negative => ErrorKind::Negative,
        NumberProblem::NotWhole => ErrorKind::NotWholeNumber,
        NumberProblem::TooLarge => ErrorKind::TooLarge,
        NumberProblem::OutOfRange => ErrorKind::PercentOutOfRange,
    }
}

/// Warnings about a valid breakdown: percentages that miss 100 and a total
/// row that does not match the other rows.
fn breakdown_warnings(
    draft: &Draft,
    layout: &Layout,
    employed: Option<usize>,
) -> Vec<InputWarning> {
    let mut warnings = Vec::new();
    let rows = || draft.groups.iter().chain(&draft.not_known);
    let percent = layout.population_kind == PopulationKind::Percent;
    if percent {
        let sum: f64 = rows().map(|group| group.population).sum();
        if (sum - 100.0).abs() > 0.5 {
            warnings.push(InputWarning {
                row: None,
                breakdown: draft.label(),
                kind: WarningKind::PercentNotHundred {
                    column: layout.header(layout.population),
                    sum,
                },
            });
        }
    }

    let Some(total) = &draft.total else {
        return warnings;
    };
    // A total may or may not include the "Not known" rows; either is right.
    // Counts are whole numbers, so any real difference is at least 1 and a
    // half tells it from rounding; for percentages a half is SPEC's margin.
    let mut check = |index: usize, value: fn(&Group) -> f64| {
        let stated = value(total);
        let with_not_known: f64 = rows().map(value).sum();
        let groups_only: f64 = draft.groups.iter().map(value).sum();
        if (stated - with_not_known).abs() > 0.5 && (stated - groups_only).abs() > 0.5 {
            warnings.push(InputWarning {
                row: Some(total.row),
                breakdown: draft.label(),
                kind: WarningKind::TotalMismatch {
                    label: total.name.clone(),
                    column: layout.header(index),
                    stated,
                    sum: with_not_known,
                },
            });
        }
    };
    check(layout.population, |group| group.population);
    check(layout.ips, |group| group.ips as f64);
    if let Some(index) = employed {
        check(index, |group| group.employed.unwrap_or(0) as f64);
    }
    warnings
}
