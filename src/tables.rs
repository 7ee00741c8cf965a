//! The results tables as data: what the page shows for each breakdown, cell
//! by cell, so that the page, the clipboard (`crate::export::tsv` and
//! `crate::export::html`) and the CSV download show the same figures.
//!
//! Each [`Cell`] carries the text the page shows, rounded by `crate::words`,
//! and a [`Value`] at full precision for machines. With publish-safe rules
//! (`crate::disclosure`) a withheld figure shows [`WITHHELD`] and holds no
//! number at all, so nothing built from a table can leak it; rounded counts
//! show rounded.

use crate::disclosure::{BreakdownCells, GroupCells, Shown};
use crate::input::PopulationKind;
use crate::report::{BreakdownReport, Flag, Note};
use crate::stats::freeman_halton::ExactMethod;
use crate::stats::Interval;
use crate::words::{
    confidence_label, count, fixed, p_value, percent, ratio_text, signed_number, trim_start_all,
};

/// What a withheld figure shows, the disclosure module's one mark for every
/// reason: small counts and the cells withheld to protect them look alike,
/// so that the mark itself reveals nothing.
pub const WITHHELD: &str = Shown::WITHHELD;

/// The legend of [`WITHHELD`], in the notes of any table that uses it.
pub fn withheld_legend() -> String {
    format!("{WITHHELD} Withheld under the publish-safe rules: a small count, or a figure from which a small count could be worked out.")
}

/// What the exact test's p-value shows while a Web Worker works it out.
pub const PENDING: &str = "Working out\u{2026}";

/// Which of a breakdown's tables this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    /// Shares of IPS against shares of the population.
    Access,
    /// Job rates compared with the reference group's.
    Outcome,
    /// The chi-square and exact tests across the groups.
    Tests,
    /// Rows such as "Not known", reported but not compared.
    Excluded,
}

impl TableKind {
    /// The stem of the table's element id: `access-table`, `outcome-table`...
    pub fn id_stem(self) -> &'static str {
        match self {
            TableKind::Access => "access-table",
            TableKind::Outcome => "outcome-table",
            TableKind::Tests => "tests-table",
            TableKind::Excluded => "excluded-table",
        }
    }
}

/// One results table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub kind: TableKind,
    /// The heading above the table ("Access: does IPS reach each group in proportion?").
    pub title: String,
    /// The table's caption, naming its breakdown.
    pub caption: String,
    pub columns: Vec<Column>,
    /// The first cell of every row is the row's header.
    pub rows: Vec<Vec<Cell>>,
    /// Sentences to read with the table, shown beneath it.
    pub notes: Vec<TableNote>,
}

impl Table {
    /// The table's element id on the page: `access-table-0` for the first breakdown.
    pub fn id(&self, breakdown_index: usize) -> String {
        format!("{}-{breakdown_index}", self.kind.id_stem())
    }
}

/// A sentence to read with a table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableNote {
    pub text: String,
    /// The stem of the note's element id when the page names it
    /// (`exact-method`: the page appends the breakdown's index).
    pub id_stem: Option<&'static str>,
}

impl TableNote {
    fn new(text: String) -> TableNote {
        TableNote {
            text,
            id_stem: None,
        }
    }
}

/// A column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// What the column holds ("Representation ratio").
    pub label: String,
    /// The confidence level, such as "95%", when the column's figures carry
    /// an interval.
    pub interval: Option<String>,
    /// Whether the column's figures can carry a four-fifths [`Flag`].
    pub flags: bool,
    /// Figures, aligned right; otherwise words.
    pub numeric: bool,
}

impl Column {
    fn words(label: &str) -> Column {
        Column {
            label: label.to_string(),
            interval: None,
            flags: false,
            numeric: false,
        }
    }

    fn figure(label: &str) -> Column {
        Column {
            numeric: true,
            ..Column::words(label)
        }
    }

    fn estimate(label: &str, confidence: &str, flags: bool) -> Column {
        Column {
            interval: Some(confidence.to_string()),
            flags,
            ..Column::figure(label)
        }
    }

    /// The heading the page shows: "Representation ratio (95% CI)".
    pub fn heading(&self) -> String {
        match &self.interval {
            Some(confidence) => format!("{} ({confidence} CI)", self.label),
            None => self.label.clone(),
        }
    }
}

/// One cell: the text shown and the value behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// What the page shows; `None` for a figure that is not worked out
    /// (the page shows a dash, and "not worked out" to screen readers).
    pub text: Option<String>,
    /// The interval's bounds as shown ("1.21", "1.88"), read "1.21 to 1.88".
    pub interval: Option<(String, String)>,
    /// The four-fifths flag shown beside the interval.
    pub flag: Option<Flag>,
    /// The row's group is the reference group (the page tags it).
    pub reference: bool,
    /// The cell changes once a Web Worker answers, so screen readers are
    /// told (the exact test's p-value).
    pub live: bool,
    pub value: Value,
}

/// A cell's content for machines, at full precision.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Not worked out (undefined, or not applicable to the row).
    Empty,
    /// A whole number: a count of people (rounded when the publish-safe
    /// rules say so), degrees of freedom, a row of the user's table.
    Count(u64),
    /// A number without an interval: a share, a statistic, a p-value.
    Number(f64),
    /// An estimate and its confidence interval.
    Estimate {
        value: f64,
        interval: Option<Interval>,
    },
    /// Words: a group's name, a test's question.
    Text(String),
    /// Held back under the publish-safe rules.
    Withheld,
    /// Still being worked out (the exact test).
    Pending,
}

impl Cell {
    fn new(text: Option<String>, value: Value) -> Cell {
        Cell {
            text,
            interval: None,
            flag: None,
            reference: false,
            live: false,
            value,
        }
    }

    fn text(text: &str) -> Cell {
        Cell::new(Some(text.to_string()), Value::Text(text.to_string()))
    }

    fn empty() -> Cell {
        Cell::new(None, Value::Empty)
    }

    fn withheld() -> Cell {
        Cell::new(Some(WITHHELD.to_string()), Value::Withheld)
    }

    fn count(people: u64) -> Cell {
        Cell::new(Some(count(people)), Value::Count(people))
    }

    fn number(value: Option<f64>, show: fn(f64) -> String) -> Cell {
        match value {
            Some(value) => Cell::new(Some(show(value)), Value::Number(value)),
            None => Cell::empty(),
        }
    }

    fn estimate(
        value: Option<f64>,
        interval: Option<Interval>,
        flag: Option<Flag>,
        show: fn(f64) -> String,
    ) -> Cell {
        let Some(value) = value else {
            return Cell::empty();
        };
        Cell {
            interval: interval.map(|interval| (show(interval.lower), show(interval.upper))),
            flag,
            ..Cell::new(Some(show(value)), Value::Estimate { value, interval })
        }
    }

    /// This cell if `shown`, else withheld (an undefined figure stays
    /// undefined: its absence says nothing about any count).
    fn unless_withheld(self, shown: bool) -> Cell {
        if shown || self.value == Value::Empty {
            self
        } else {
            Cell::withheld()
        }
    }
}

/// How one count of a group may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Show {
    /// As it is: no rules applied.
    Real,
    /// Rounded by the rules.
    Rounded(u64),
    Withheld,
}

impl Show {
    fn of(shown: Option<Shown>) -> Show {
        match shown {
            Some(Shown::Count(people)) => Show::Rounded(people),
            Some(Shown::Primary | Shown::Secondary) | None => Show::Withheld,
        }
    }

    /// The count to publish, `None` when withheld.
    pub(crate) fn count(self, real: u64) -> Option<u64> {
        match self {
            Show::Real => Some(real),
            Show::Rounded(people) => Some(people),
            Show::Withheld => None,
        }
    }
}

/// What may be shown of one group (or one excluded row).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct View {
    pub(crate) population: Show,
    pub(crate) ips: Show,
    pub(crate) employed: Show,
    pub(crate) access: bool,
    pub(crate) job_rate: bool,
    pub(crate) comparison: bool,
    /// Relative access: the access rate over the reference group's.
    pub(crate) relative_access: bool,
    /// The breakdown's Holm-adjusted p-values of access.
    pub(crate) access_holm: bool,
    /// The breakdown's Holm-adjusted p-values of job outcomes.
    pub(crate) outcome_holm: bool,
}

impl View {
    const OPEN: View = View {
        population: Show::Real,
        ips: Show::Real,
        employed: Show::Real,
        access: true,
        job_rate: true,
        comparison: true,
        relative_access: true,
        access_holm: true,
        outcome_holm: true,
    };

    const CLOSED: View = View {
        population: Show::Withheld,
        ips: Show::Withheld,
        employed: Show::Withheld,
        access: false,
        job_rate: false,
        comparison: false,
        relative_access: false,
        access_holm: false,
        outcome_holm: false,
    };

    fn of(cells: Option<&GroupCells>, breakdown: &BreakdownCells) -> View {
        match cells {
            Some(cells) => View {
                population: Show::of(cells.population),
                ips: Show::of(Some(cells.ips)),
                employed: Show::of(cells.employed),
                access: cells.access,
                job_rate: cells.job_rate,
                comparison: cells.comparison,
                // A shown ratio beside a shown rate would give the
                // reference group's rate back.
                relative_access: cells.access && cells.relative_access,
                // Holm's adjusted p-values each mix every group's p-value
                // (the smallest, times the number of groups, can be every
                // other group's), so one group with its figures withheld
                // withholds them all.
                access_holm: breakdown.holm && breakdown.groups.iter().all(|group| group.access),
                outcome_holm: breakdown.holm
                    && breakdown
                        .groups
                        .iter()
                        .all(|group| group.employed.is_none() || group.comparison),
            },
            None => View::CLOSED,
        }
    }

    fn count(show: Show, real: u64) -> Cell {
        show.count(real).map_or_else(Cell::withheld, Cell::count)
    }
}

/// What the publish-safe rules let a breakdown show.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Guard<'a> {
    /// No rules: everything.
    Open,
    /// The rules' cells for the breakdown.
    Rules(&'a BreakdownCells),
    /// Rules that say nothing of the breakdown: nothing, so that a report
    /// and rules that do not match fail safe.
    Missing,
}

impl<'a> From<Option<&'a BreakdownCells>> for Guard<'a> {
    fn from(cells: Option<&'a BreakdownCells>) -> Guard<'a> {
        cells.map_or(Guard::Open, Guard::Rules)
    }
}

impl<'a> Guard<'a> {
    /// The view of the breakdown's `index`th group.
    pub(crate) fn group(self, index: usize) -> View {
        match self {
            Guard::Open => View::OPEN,
            Guard::Rules(cells) => View::of(cells.groups.get(index), cells),
            Guard::Missing => View::CLOSED,
        }
    }

    /// The view of the breakdown's `index`th excluded row.
    pub(crate) fn excluded(self, index: usize) -> View {
        match self {
            Guard::Open => View::OPEN,
            Guard::Rules(cells) => View::of(cells.excluded.get(index), cells),
            Guard::Missing => View::CLOSED,
        }
    }

    /// Whether the breakdown's access tests (goodness of fit, uptake,
    /// two-sample chi-square) may be shown.
    pub(crate) fn access_tests(self) -> bool {
        match self {
            Guard::Open => true,
            Guard::Rules(cells) => cells.access_tests,
            Guard::Missing => false,
        }
    }

    /// Whether the breakdown's tests of job rates (chi-square and
    /// Freeman-Halton) may be shown.
    pub(crate) fn outcome_tests(self) -> bool {
        match self {
            Guard::Open => true,
            Guard::Rules(cells) => cells.outcome_tests,
            Guard::Missing => false,
        }
    }

    pub(crate) fn is_open(self) -> bool {
        self == Guard::Open
    }

    /// The findings the rules let the breakdown show: its own, and each
    /// group's in the order of the report's groups.
    pub(crate) fn findings(
        self,
        breakdown: &'a BreakdownReport,
    ) -> (&'a [String], Vec<&'a [String]>) {
        match self {
            Guard::Open => (
                &breakdown.findings,
                breakdown
                    .groups
                    .iter()
                    .map(|group| &group.findings[..])
                    .collect(),
            ),
            Guard::Rules(cells) => (
                &cells.findings,
                (0..breakdown.groups.len())
                    .map(|index| {
                        cells
                            .groups
                            .get(index)
                            .map_or(&[][..], |group| &group.findings[..])
                    })
                    .collect(),
            ),
            Guard::Missing => (&[], vec![&[][..]; breakdown.groups.len()]),
        }
    }
}

/// The breakdown's tables as the page shows them: access, then job outcomes
/// (when the table has an `employed` column), tests, and the rows left out
/// (when there are any). With `cells`, the publish-safe rules apply: a
/// figure they withhold shows [`WITHHELD`], explained in the table's notes.
///
/// ```
/// use ips_equity::analysis::{analyse_text, Options};
/// use ips_equity::tables::{breakdown_tables, TableKind};
/// let analysis = analyse_text("Group,Population,IPS,Employed\nA,1000,80,48\nB,1000,70,56\n", &Options::default());
/// let tables = breakdown_tables(&analysis.report.breakdowns[0], 0.95, None);
/// assert_eq!(tables[0].kind, TableKind::Access);
/// assert_eq!(tables[0].rows[0][2].text.as_deref(), Some("80"));
/// ```
pub fn breakdown_tables(
    breakdown: &BreakdownReport,
    confidence: f64,
    cells: Option<&BreakdownCells>,
) -> Vec<Table> {
    let confidence = confidence_label(confidence);
    let guard = Guard::from(cells);
    let mut tables = vec![access_table(breakdown, &confidence, guard)];
    tables.extend(outcome_table(breakdown, &confidence, guard));
    tables.push(tests_table(breakdown, guard));
    tables.extend(excluded_table(breakdown, guard));
    for table in &mut tables {
        let withheld = table
            .rows
            .iter()
            .flatten()
            .any(|cell| cell.value == Value::Withheld);
        if withheld {
            table.notes.push(TableNote::new(withheld_legend()));
        }
    }
    tables
}

/// The breakdown's notes and cautions, then each group's, except the
/// small-numbers caution that the group's findings already give (it also
/// names the group's count, which the publish-safe rules may withhold).
pub fn breakdown_notes(breakdown: &BreakdownReport) -> Vec<String> {
    let mut lines = breakdown_level_notes(breakdown);
    lines.extend(breakdown.groups.iter().flat_map(|group| {
        group
            .notes
            .iter()
            .filter(|note| !matches!(note, Note::SmallNumbers { .. }))
            .map(|note| format!("{}: {note}", group.group))
    }));
    lines
}

/// The breakdown's own notes and cautions, without its groups'.
pub(crate) fn breakdown_level_notes(breakdown: &BreakdownReport) -> Vec<String> {
    let mut lines: Vec<String> = breakdown.notes.iter().map(ToString::to_string).collect();
    if breakdown
        .outcome_test
        .is_some_and(|test| test.small_expected_counts)
    {
        lines.push(
            "Some groups are small enough that the chi-square test of job rates is unreliable: read the exact test's p-value."
                .to_string(),
        );
    }
    lines
}

/// A p-value for a column headed "p": "0.012", "< 0.001".
pub fn p_figure(p: f64) -> String {
    let text = p_value(p);
    match text.strip_prefix("p = ") {
        Some(number) => number.to_string(),
        None => trim_start_all(&text, "p ").to_string(),
    }
}

/// A census percentage as given: "11.5%".
fn given_percent(share: f64) -> String {
    format!("{}%", fixed(share, 1))
}

fn group_header(name: &str, reference: bool) -> Cell {
    Cell {
        reference,
        ..Cell::text(name)
    }
}

fn access_table(breakdown: &BreakdownReport, confidence: &str, guard: Guard) -> Table {
    let counts = breakdown.population_kind == PopulationKind::Count;
    let mut columns = vec![
        Column::words("Group"),
        Column::figure(if counts { "Population" } else { "Population %" }),
        Column::figure("People in IPS"),
        Column::estimate("Share of IPS", confidence, false),
        Column::figure("Share of population"),
        Column::estimate("Representation ratio", confidence, true),
    ];
    if counts {
        columns.push(Column::estimate(
            "Uptake ratio to reference",
            confidence,
            false,
        ));
    }
    columns.push(Column::figure("p (binomial)"));
    columns.push(Column::figure("Holm-adjusted p"));
    let rows = breakdown
        .groups
        .iter()
        .enumerate()
        .map(|(index, group)| {
            let view = guard.group(index);
            let access = &group.access;
            let population = match (group.population, group.population_percent) {
                (Some(people), _) => View::count(view.population, people),
                (None, Some(share)) => Cell::number(Some(share), given_percent),
                (None, None) => Cell::empty(),
            };
            // Every figure after the counts comes from them, so it goes
            // with the group's access, or with the flags of its own.
            let shares = |cell: Cell| cell.unless_withheld(view.access);
            let mut row = vec![
                group_header(&group.group, group.is_reference),
                population,
                View::count(view.ips, group.ips),
                shares(Cell::estimate(
                    Some(access.ips_share),
                    access.ips_share_ci,
                    None,
                    percent,
                )),
                shares(Cell::number(Some(access.population_share), percent)),
                shares(Cell::estimate(
                    access.representation_ratio,
                    access.representation_ratio_ci,
                    access.flag,
                    ratio_text,
                )),
            ];
            if counts {
                row.push(
                    Cell::estimate(
                        access.relative_access,
                        access.relative_access_ci,
                        None,
                        ratio_text,
                    )
                    .unless_withheld(view.relative_access),
                );
            }
            row.push(shares(Cell::number(access.p_value, p_figure)));
            row.push(
                Cell::number(access.p_adjusted, p_figure)
                    .unless_withheld(view.access && view.access_holm),
            );
            row
        })
        .collect();
    Table {
        kind: TableKind::Access,
        title: "Access: does IPS reach each group in proportion?".to_string(),
        caption: format!("Access to IPS by {}", breakdown.name.to_lowercase()),
        columns,
        rows,
        notes: Vec::new(),
    }
}

fn outcome_table(breakdown: &BreakdownReport, confidence: &str, guard: Guard) -> Option<Table> {
    if breakdown.groups.iter().all(|group| group.outcome.is_none()) {
        return None;
    }
    let columns = vec![
        Column::words("Group"),
        Column::figure("People in IPS"),
        Column::figure("Gained a job"),
        Column::estimate("Job rate", confidence, false),
        Column::estimate(
            "Difference from reference, percentage points",
            confidence,
            false,
        ),
        Column::estimate("Ratio to reference", confidence, true),
        Column::figure("p (Fisher exact)"),
        Column::figure("Holm-adjusted p"),
    ];
    let rows = breakdown
        .groups
        .iter()
        .enumerate()
        .filter_map(|(index, group)| {
            let outcome = group.outcome.as_ref()?;
            let view = guard.group(index);
            let employed = match group.employed {
                Some(people) => View::count(view.employed, people),
                None => Cell::empty(),
            };
            let compared = |cell: Cell| cell.unless_withheld(view.comparison);
            Some(vec![
                group_header(&group.group, group.is_reference),
                View::count(view.ips, group.ips),
                employed,
                Cell::estimate(outcome.rate, outcome.rate_ci, None, percent)
                    .unless_withheld(view.job_rate),
                compared(Cell::estimate(
                    outcome.difference,
                    outcome.difference_ci,
                    None,
                    signed_number,
                )),
                compared(Cell::estimate(
                    outcome.ratio,
                    outcome.ratio_ci,
                    outcome.flag,
                    ratio_text,
                )),
                compared(Cell::number(outcome.p_value, p_figure)),
                Cell::number(outcome.p_adjusted, p_figure)
                    .unless_withheld(view.comparison && view.outcome_holm),
            ])
        })
        .collect();
    Some(Table {
        kind: TableKind::Outcome,
        title: "Job outcomes: do job rates differ between groups?".to_string(),
        caption: format!(
            "Job outcomes by {}, compared with {}",
            breakdown.name.to_lowercase(),
            breakdown.reference_group
        ),
        columns,
        rows,
        notes: Vec::new(),
    })
}

fn tests_table(breakdown: &BreakdownReport, guard: Guard) -> Table {
    let counts = breakdown.population_kind == PopulationKind::Count;
    // The access tests' rows and the job outcome tests' rows are withheld
    // apart: each kind is worked out from its own columns of counts.
    let (access_shown, outcome_shown) = (guard.access_tests(), guard.outcome_tests());
    let statistic = |value: Option<f64>| Cell::number(value, |x| fixed(x, 2));
    let df = |value: Option<u64>| value.map_or_else(Cell::empty, Cell::count);
    let row = |name: &str, question: &str, figures: [Cell; 3], shown: bool| {
        let mut row = vec![Cell::text(name), Cell::text(question)];
        row.extend(figures.map(|cell| cell.unless_withheld(shown)));
        row
    };
    let chi_square =
        |name: &str, question: &str, test: Option<&crate::stats::chisquare::ChiSquareTest>| {
            row(
                name,
                question,
                [
                    statistic(test.map(|test| test.statistic)),
                    df(test.map(|test| test.df)),
                    Cell::number(test.map(|test| test.p_value), p_figure),
                ],
                access_shown,
            )
        };
    let mut rows = vec![chi_square(
        "Goodness of fit",
        "Do the groups make up the same shares of IPS as of the population?",
        breakdown.access_test.as_ref(),
    )];
    let mut notes = Vec::new();
    if counts {
        rows.push(chi_square(
            "Uptake",
            "Does the share of each group's population in IPS differ between groups?",
            breakdown.uptake_test.as_ref(),
        ));
        rows.push(chi_square(
            "Two-sample chi-square: what published studies report",
            "Do people in IPS and the population differ in make-up, taken as two separate samples?",
            breakdown.two_sample_test.as_ref(),
        ));
        if breakdown.two_sample_test.is_some() {
            notes.push(TableNote::new("Published IPS equity studies report the two-sample chi-square, but it counts people in IPS twice, once as clients and again as part of the population they come from, so the goodness-of-fit and uptake tests are the ones to rely on.".to_string()));
        }
    }
    if let Some(test) = &breakdown.outcome_test {
        rows.push(row(
            "Job outcomes: chi-square",
            "Do job rates differ between groups?",
            [
                statistic(test.statistic),
                df(test.df),
                Cell::number(test.p_value, p_figure),
            ],
            outcome_shown,
        ));
        let exact = match test.exact_p_value {
            Some(p) => Cell::number(Some(p), p_figure),
            None => Cell::new(Some(PENDING.to_string()), Value::Pending),
        };
        let mut exact_row = row(
            "Job outcomes: Freeman-Halton exact test",
            "Do job rates differ between groups? Exact, so right for small numbers.",
            [Cell::empty(), Cell::empty(), exact],
            outcome_shown,
        );
        if let Some(cell) = exact_row.last_mut() {
            cell.live = true;
        }
        rows.push(exact_row);
        // The standard error of an estimated p gives the p back.
        let se = test.exact_p_value_se.filter(|_| outcome_shown);
        let method = match (test.exact_method, se) {
            (None, _) => "The Freeman-Halton p-value is being worked out; the other figures do not wait for it.".to_string(),
            (Some(ExactMethod::Exact), _) => "The Freeman-Halton p-value was worked out exactly, over every table with the same totals.".to_string(),
            (Some(ExactMethod::MonteCarlo), Some(se)) => format!(
                "The Freeman-Halton p-value was estimated from random tables with the same totals (standard error {}).",
                fixed(se, 5),
            ),
            (Some(ExactMethod::MonteCarlo), None) => "The Freeman-Halton p-value was estimated from random tables with the same totals.".to_string(),
        };
        notes.push(TableNote {
            text: method,
            id_stem: Some("exact-method"),
        });
    }
    Table {
        kind: TableKind::Tests,
        title: "Tests across the groups".to_string(),
        caption: format!("Tests for {}", breakdown.name.to_lowercase()),
        columns: vec![
            Column::words("Test"),
            Column::words("What it asks"),
            Column::figure("Chi-square"),
            Column::figure("Degrees of freedom"),
            Column::figure("p"),
        ],
        rows,
        notes,
    }
}

fn excluded_table(breakdown: &BreakdownReport, guard: Guard) -> Option<Table> {
    if breakdown.excluded.is_empty() {
        return None;
    }
    let rows = breakdown
        .excluded
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let view = guard.excluded(index);
            let population = match (row.population, row.population_percent) {
                (Some(people), _) => View::count(view.population, people),
                (None, Some(share)) => Cell::number(Some(share), given_percent),
                (None, None) => Cell::empty(),
            };
            let table_row = u64::try_from(row.row).map_or_else(
                |_| Cell::empty(),
                |row| Cell::new(Some(row.to_string()), Value::Count(row)),
            );
            vec![
                Cell::text(&row.group),
                table_row,
                View::count(view.ips, row.ips),
                Cell::number(row.ips_share_of_total, percent).unless_withheld(view.access),
                population,
                Cell::number(row.population_share_of_total, percent).unless_withheld(view.access),
            ]
        })
        .collect();
    Some(Table {
        kind: TableKind::Excluded,
        title: "Left out of the comparisons".to_string(),
        caption: "Rows such as \u{201c}Not known\u{201d}, reported but not compared".to_string(),
        columns: vec![
            Column::words("Group"),
            Column::figure("Table row"),
            Column::figure("People in IPS"),
            Column::figure("Share of everyone in IPS"),
            Column::figure("Population"),
            Column::figure("Share of the population"),
        ],
        rows,
        notes: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyse_text, analyse_text_with, ExactTests, Options};
    use crate::disclosure::{protect, Rules};
    use crate::report::Report;

    const EXAMPLE: &str = "Ethnicity,Population,IPS,Employed\nWhite,5600,560,196\nBlack,1150,175,60\nAsian,2150,140,42\nMixed,600,60,24\nOther,500,65,20\nNot known,1350,47,14\n";

    fn report(text: &str) -> Report {
        let analysis = analyse_text(text, &Options::default());
        assert!(analysis.errors.is_empty(), "{:?}", analysis.errors);
        analysis.report
    }

    fn texts(row: &[Cell]) -> Vec<&str> {
        row.iter()
            .map(|cell| cell.text.as_deref().unwrap_or("-"))
            .collect()
    }

    fn interval(cell: &Cell) -> Option<(&str, &str)> {
        cell.interval
            .as_ref()
            .map(|(lower, upper)| (lower.as_str(), upper.as_str()))
    }

    #[test]
    fn a_breakdown_has_the_page_tables_in_order() {
        let report = report(EXAMPLE);
        let tables = breakdown_tables(&report.breakdowns[0], 0.95, None);
        let kinds: Vec<TableKind> = tables.iter().map(|table| table.kind).collect();
        assert_eq!(
            kinds,
            [
                TableKind::Access,
                TableKind::Outcome,
                TableKind::Tests,
                TableKind::Excluded
            ]
        );
        assert_eq!(tables[1].id(2), "outcome-table-2");
        let plain = super::tests::report("Group,Population,IPS\nA,1000,80\nB,1000,70\n");
        let kinds: Vec<TableKind> = breakdown_tables(&plain.breakdowns[0], 0.95, None)
            .iter()
            .map(|table| table.kind)
            .collect();
        assert_eq!(kinds, [TableKind::Access, TableKind::Tests]);
    }

    #[test]
    fn access_table_shows_what_the_page_shows() {
        let report = report(EXAMPLE);
        let access = &breakdown_tables(&report.breakdowns[0], 0.95, None)[0];
        assert_eq!(access.caption, "Access to IPS by ethnicity");
        let headings: Vec<String> = access.columns.iter().map(Column::heading).collect();
        assert_eq!(
            headings,
            [
                "Group",
                "Population",
                "People in IPS",
                "Share of IPS (95% CI)",
                "Share of population",
                "Representation ratio (95% CI)",
                "Uptake ratio to reference (95% CI)",
                "p (binomial)",
                "Holm-adjusted p"
            ]
        );
        let black = &access.rows[1];
        // 175 of 1,000 in IPS (17.5%) against 1,150 of 10,000 (11.5%).
        assert_eq!(
            texts(black),
            ["Black", "1,150", "175", "17.5%", "11.5%", "1.52", "1.52", "< 0.001", "< 0.001"]
        );
        assert_eq!(interval(&black[3]), Some(("15.3%", "20.0%")));
        assert_eq!(interval(&black[5]), Some(("1.33", "1.74")));
        assert_eq!(black[5].flag, Some(Flag::Above));
        assert_eq!(black[1].value, Value::Count(1150));
        let group = &report.breakdowns[0].groups[1];
        assert_eq!(
            black[3].value,
            Value::Estimate {
                value: 0.175,
                interval: group.access.ips_share_ci
            }
        );
        assert_eq!(
            black[7].value,
            Value::Number(group.access.p_value.unwrap_or(-1.0))
        );
        let white = &access.rows[0];
        assert!(white[0].reference && !black[0].reference);
        assert_eq!(white[6].value, Value::Empty);
        assert_eq!(white[6].text, None);
        assert!(access.notes.is_empty());
    }

    #[test]
    fn outcome_table_shows_what_the_page_shows() {
        let report = report(EXAMPLE);
        let outcome = &breakdown_tables(&report.breakdowns[0], 0.95, None)[1];
        assert_eq!(
            outcome.caption,
            "Job outcomes by ethnicity, compared with White"
        );
        assert_eq!(
            outcome.columns[4].heading(),
            "Difference from reference, percentage points (95% CI)"
        );
        // 42 of 140 (30.0%) against 196 of 560 (35.0%): 5 points fewer,
        // 0.857 times the rate.
        let asian = &outcome.rows[2];
        assert_eq!(
            texts(asian),
            [
                "Asian",
                "140",
                "42",
                "30.0%",
                "\u{2212}5.0",
                "0.86",
                "0.274",
                "1.000"
            ]
        );
        assert_eq!(interval(&asian[4]), Some(("\u{2212}13.1", "3.9")));
        assert_eq!(asian[5].flag, None);
        assert_eq!(texts(&outcome.rows[0])[4..], ["-", "-", "-", "-"]);
    }

    #[test]
    fn tests_and_excluded_tables_show_what_the_page_shows() {
        let report = report(EXAMPLE);
        let tables = breakdown_tables(&report.breakdowns[0], 0.95, None);
        let tests = &tables[2];
        assert_eq!(tests.rows.len(), 5);
        assert_eq!(texts(&tests.rows[0])[2..], ["61.97", "4", "< 0.001"]);
        let exact = &tests.rows[4];
        assert_eq!(texts(exact)[2..], ["-", "-", "0.650"]);
        assert!(exact[4].live && !tests.rows[3][4].live);
        assert_eq!(tests.notes.len(), 2);
        assert!(tests.notes[1].text.contains("worked out exactly"));
        assert_eq!(tests.notes[1].id_stem, Some("exact-method"));
        let excluded = &tables[3];
        assert_eq!(
            texts(&excluded.rows[0]),
            ["Not known", "7", "47", "4.5%", "1,350", "11.9%"]
        );
    }

    #[test]
    fn the_exact_test_shows_it_is_being_worked_out() {
        let analysis = analyse_text_with(EXAMPLE, &Options::default(), ExactTests::Defer);
        let tables = breakdown_tables(&analysis.report.breakdowns[0], 0.95, None);
        let exact = &tables[2].rows[4][4];
        assert_eq!(exact.value, Value::Pending);
        assert_eq!(exact.text.as_deref(), Some("Working out\u{2026}"));
        assert!(exact.live);
        assert!(tables[2].notes[1].text.contains("being worked out"));
    }

    #[test]
    fn census_percentages_show_as_given_without_counts_only_figures() {
        let report = report("Group,Population_percent,IPS\nA,60,80\nB,40,70\n");
        let tables = breakdown_tables(&report.breakdowns[0], 0.9, None);
        let access = &tables[0];
        assert_eq!(access.columns[1].label, "Population %");
        assert_eq!(access.columns.len(), 8);
        assert_eq!(access.columns[3].heading(), "Share of IPS (90% CI)");
        assert_eq!(
            texts(&access.rows[0])[..5],
            ["A", "60.0%", "80", "53.3%", "60.0%"]
        );
        assert_eq!(tables[1].rows.len(), 1);
    }

    #[test]
    fn publish_safe_cells_are_withheld_or_rounded() {
        let report =
            report("Group,Population,IPS,Employed\nA,5600,562,196\nB,1150,175,60\nC,733,7,6\n");
        let mut disclosure = protect(&report, &Rules::default());
        let cells = &mut disclosure.breakdowns[0];
        for (group, (population, ips, employed)) in cells
            .groups
            .iter_mut()
            .zip([(5600, 560, 195), (1150, 175, 60)])
        {
            group.population = Some(Shown::Count(population));
            group.ips = Shown::Count(ips);
            group.employed = Some(Shown::Count(employed));
            (group.access, group.job_rate, group.comparison) = (true, true, true);
        }
        cells.groups[2].population = Some(Shown::Count(735));
        cells.groups[2].ips = Shown::Primary;
        cells.groups[2].employed = Some(Shown::Secondary);
        let c = &mut cells.groups[2];
        (c.access, c.job_rate, c.comparison) = (false, false, false);
        (cells.access_tests, cells.outcome_tests) = (false, false);
        let tables = breakdown_tables(&report.breakdowns[0], 0.95, disclosure.breakdowns.first());
        let access = &tables[0];
        assert_eq!(
            texts(&access.rows[2]),
            ["C", "735", "*", "*", "*", "*", "*", "*", "*"]
        );
        assert!(access.rows[2][3].interval.is_none() && access.rows[2][3].value == Value::Withheld);
        // A's own figures stand, rounded; its Holm-adjusted p mixes in C's.
        assert_eq!(texts(&access.rows[0])[..3], ["A", "5,600", "560"]);
        assert_eq!(access.rows[0][2].value, Value::Count(560));
        assert_eq!(
            access.rows[1][7].value,
            Value::Number(
                report.breakdowns[0].groups[1]
                    .access
                    .p_value
                    .unwrap_or(-1.0)
            )
        );
        assert_eq!(access.rows[1][8].value, Value::Withheld);
        assert_eq!(access.notes, [TableNote::new(withheld_legend())]);
        let outcome = &tables[1];
        assert_eq!(
            texts(&outcome.rows[2]),
            ["C", "*", "*", "*", "*", "*", "*", "*"]
        );
        let fisher = report.breakdowns[0].groups[1]
            .outcome
            .as_ref()
            .and_then(|outcome| outcome.p_value);
        assert_eq!(
            outcome.rows[1][6].value,
            Value::Number(fisher.unwrap_or(-1.0))
        );
        assert_eq!(outcome.rows[1][7].value, Value::Withheld);
        let tests = &tables[2];
        for row in &tests.rows {
            assert!(row[2..]
                .iter()
                .all(|cell| matches!(cell.value, Value::Withheld | Value::Empty)));
        }
        assert_eq!(tests.rows[4][4].value, Value::Withheld);
        assert_eq!(
            tests.notes.last().map(|note| note.text.clone()),
            Some(withheld_legend())
        );
    }

    #[test]
    fn a_withheld_job_count_withholds_the_job_outcome_tests_alone() {
        // B: 50 in IPS, 46 in work; the rules withhold the two job counts
        // and nothing else.
        let report = report("Group,Population,IPS,Employed\nA,400,60,20\nB,300,50,46\n");
        let disclosure = protect(&report, &Rules::default());
        let cells = &disclosure.breakdowns[0];
        assert!(cells.access_tests && !cells.outcome_tests);
        let open = &breakdown_tables(&report.breakdowns[0], 0.95, None)[2];
        let tests = &breakdown_tables(&report.breakdowns[0], 0.95, Some(cells))[2];
        let names: Vec<&str> = tests.rows.iter().map(|row| texts(row)[0]).collect();
        assert_eq!(
            names,
            [
                "Goodness of fit",
                "Uptake",
                "Two-sample chi-square: what published studies report",
                "Job outcomes: chi-square",
                "Job outcomes: Freeman-Halton exact test"
            ]
        );
        // The access tests are the open table's, figure for figure.
        assert_eq!(tests.rows[..3], open.rows[..3]);
        assert_eq!(texts(&tests.rows[0])[2..], ["0.30", "1", "0.582"]);
        for row in &tests.rows[3..] {
            assert!(row[2..]
                .iter()
                .all(|cell| matches!(cell.value, Value::Withheld | Value::Empty)));
        }
        assert_eq!(tests.rows[3][2].value, Value::Withheld);
        assert_eq!(tests.rows[4][4].value, Value::Withheld);
        assert!(matches!(open.rows[4][4].value, Value::Number(_)));
        assert_eq!(
            tests.notes.last().map(|note| note.text.clone()),
            Some(withheld_legend())
        );
    }

    #[test]
    fn an_estimated_exact_p_keeps_its_standard_error_to_itself_when_withheld() {
        let report = report("Group,Population,IPS,Employed\nA,400,60,20\nB,300,50,46\n");
        let mut breakdown = report.breakdowns[0].clone();
        if let Some(test) = breakdown.outcome_test.as_mut() {
            test.exact_method = Some(ExactMethod::MonteCarlo);
            test.exact_p_value_se = Some(0.001_234);
        }
        let disclosure = protect(&report, &Rules::default());
        let note = |cells| {
            breakdown_tables(&breakdown, 0.95, cells)[2].notes[1]
                .text
                .clone()
        };
        assert_eq!(
            note(None),
            "The Freeman-Halton p-value was estimated from random tables with the same totals (standard error 0.00123)."
        );
        assert_eq!(
            note(disclosure.breakdowns.first()),
            "The Freeman-Halton p-value was estimated from random tables with the same totals."
        );
    }

    #[test]
    fn relative_access_follows_the_reference_groups_rate() {
        let report = report("Group,Population,IPS,Employed\nA,5600,560,196\nB,1150,175,60\n");
        let mut disclosure = protect(&report, &Rules::default());
        let cells = &mut disclosure.breakdowns[0];
        cells.groups[1].access = true;
        cells.groups[1].relative_access = false;
        let tables = breakdown_tables(&report.breakdowns[0], 0.95, disclosure.breakdowns.first());
        let access = &tables[0];
        let column = access
            .columns
            .iter()
            .position(|column| column.label == "Uptake ratio to reference")
            .expect("a counts table has a relative access column");
        assert_eq!(access.rows[1][column].value, Value::Withheld);
        assert_eq!(
            access.rows[1][3].value,
            Value::Estimate {
                value: report.breakdowns[0].groups[1].access.ips_share,
                interval: report.breakdowns[0].groups[1].access.ips_share_ci,
            }
        );
    }

    #[test]
    fn notes_leave_the_small_numbers_caution_to_the_findings() {
        let report = report("Group,Population,IPS,Employed\nA,100,10,2\nB,100,8,6\n");
        let notes = breakdown_notes(&report.breakdowns[0]);
        assert_eq!(
            notes,
            ["Some groups are small enough that the chi-square test of job rates is unreliable: read the exact test's p-value."]
        );
        assert!(report.breakdowns[0].groups[1]
            .notes
            .iter()
            .any(|note| matches!(note, Note::SmallNumbers { .. })));
    }
}
