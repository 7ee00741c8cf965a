//! Results to take away: the whole report as one CSV file for a spreadsheet,
//! and a single table as tab-separated text (Excel) and HTML (Word) for the
//! clipboard.
//!
//! Text that a spreadsheet could run as a formula is defused as the OWASP
//! "CSV Injection" page advises: a text cell starting with `=`, `+`, `-`,
//! `@`, tab or carriage return gets a leading `'`, which spreadsheets read
//! as "this is text". Numbers are written as numbers and never touched, so
//! `-0.7` stays a number. With publish-safe rules, a withheld figure is
//! written as [`WITHHELD`] and no trace of its value is written anywhere.

use crate::disclosure::{Disclosure, Rules};
use crate::input::{write_record, PopulationKind};
use crate::report::{BreakdownReport, Flag, IntervalMethod, Note, Report};
use crate::stats::freeman_halton::ExactMethod;
use crate::stats::Interval;
use crate::tables::{self, Cell, Guard, Table, Value, WITHHELD};
use crate::words::{confidence_label, ratio_text};

/// Excel reads a CSV file as UTF-8 only when it starts with this mark;
/// without it, "Sch\u{f6}n" opens as "SchÃ¶n".
const BYTE_ORDER_MARK: &str = "\u{feff}";

/// One CSV or TSV field.
#[derive(Debug, Clone, PartialEq)]
enum Field {
    /// Words, some of them the user's own: defused.
    Text(String),
    /// A figure the calculator wrote: never defused.
    Figure(String),
    Withheld,
    Empty,
}

impl Field {
    fn text(text: impl Into<String>) -> Field {
        Field::Text(text.into())
    }

    fn number(value: Option<f64>) -> Field {
        value.map_or(Field::Empty, |value| Field::Figure(number(value)))
    }

    fn count(value: Option<u64>) -> Field {
        value.map_or(Field::Empty, |value| Field::Figure(value.to_string()))
    }

    /// This field if `shown`, else withheld; an undefined figure stays
    /// empty, since its absence says nothing about any count.
    fn unless_withheld(self, shown: bool) -> Field {
        if shown || self == Field::Empty {
            self
        } else {
            Field::Withheld
        }
    }

    fn written(&self) -> String {
        match self {
            Field::Text(text) => defuse(text),
            Field::Figure(figure) => figure.clone(),
            Field::Withheld => WITHHELD.to_string(),
            Field::Empty => String::new(),
        }
    }
}

/// A text cell made safe to open in a spreadsheet (OWASP, "CSV Injection"):
/// one starting with `=`, `+`, `-`, `@`, tab or carriage return is
/// prefixed with `'`, so that it is shown as text and never run.
///
/// ```
/// use ips_equity::export::defuse;
/// assert_eq!(defuse("=HYPERLINK(\"http://x\",\"y\")"), "'=HYPERLINK(\"http://x\",\"y\")");
/// assert_eq!(defuse("White"), "White");
/// ```
pub fn defuse(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// A number at full precision, as spreadsheets read it: the shortest text
/// that reads back as the same `f64`, with an exponent only for numbers so
/// small that plain decimals would run to hundreds of zeros.
fn number(value: f64) -> String {
    let plain = value.to_string();
    if value != 0.0 && value.abs() < 1e-6 {
        exponent_form(&plain)
    } else {
        plain
    }
}

/// `{:E}`'s text of a number below 1 written in plain decimals
/// ("0.00000012" is "1.2E-7"): the same shortest digits, so the same text,
/// without a second float formatter in the page's wasm.
fn exponent_form(plain: &str) -> String {
    let (sign, magnitude) = match plain.strip_prefix('-') {
        Some(magnitude) => ("-", magnitude),
        None => ("", plain),
    };
    let fraction = magnitude.strip_prefix("0.").unwrap_or(magnitude);
    let digits = fraction.trim_start_matches('0');
    let exponent = fraction.len() - digits.len() + 1;
    let mut chars = digits.chars();
    let first = chars.next().unwrap_or('0');
    let rest = chars.as_str();
    if rest.is_empty() {
        format!("{sign}{first}E-{exponent}")
    } else {
        format!("{sign}{first}.{rest}E-{exponent}")
    }
}

/// Writes records as RFC 4180 text (quotes where needed, CRLF), with
/// `delimiter` between fields; records may differ in length, and an empty
/// record is an empty line between sections.
fn write(records: &[Vec<String>], delimiter: u8) -> String {
    let mut out = String::new();
    for record in records {
        if record.is_empty() {
            // `write_record` would write `""` to keep the record; a blank
            // line reads better, and readers skip it.
            out.push_str("\r\n");
            continue;
        }
        write_record(&mut out, record, delimiter, "\r\n");
    }
    out
}

fn record(fields: impl IntoIterator<Item = Field>) -> Vec<String> {
    fields.into_iter().map(|field| field.written()).collect()
}

/// Every result of every breakdown as one CSV file that opens cleanly in
/// Excel: UTF-8 with a byte-order mark, CRLF line ends, RFC 4180 quotes.
///
/// The file has four parts, separated by an empty line:
/// 1. settings as label, value rows: the title, the caller's `settings`
///    (such as the date), the confidence level, the interval method, the
///    units, each breakdown's reference group, the publish-safe rules and,
///    without them, the input's warnings;
/// 2. the groups: one row per group per breakdown (the rows left out, such
///    as "Not known", too, marked in the `role` column), with every figure
///    and both bounds of every interval as separate numeric columns;
/// 3. the tests: one row per test per breakdown;
/// 4. the findings and notes, one sentence a row.
///
/// Shares, rates and differences of rates are proportions from 0 to 1 (the
/// headings say so); numbers are at full precision, with no thousands
/// separators and no `%` signs. With `disclosure`, withheld figures are
/// [`WITHHELD`], counts are rounded as the rules say, and the warnings
/// (which quote the table's counts) are left out.
///
/// ```
/// use ips_equity::analysis::{analyse_text, Options};
/// use ips_equity::export::csv;
/// let analysis = analyse_text("Group,Population,IPS,Employed\nA,1000,80,48\nB,1000,70,56\n", &Options::default());
/// let file = csv(&analysis.report, None, &[("Date".to_string(), "2026-11-25".to_string())]);
/// assert!(file.starts_with("\u{feff}IPS Equity Calculator results\r\n"));
/// ```
pub fn csv(
    report: &Report,
    disclosure: Option<&Disclosure>,
    settings: &[(String, String)],
) -> String {
    let level = confidence_label(report.confidence);
    let guard = |index: usize| match disclosure {
        None => Guard::Open,
        Some(disclosure) => disclosure
            .breakdowns
            .get(index)
            .map_or(Guard::Missing, Guard::Rules),
    };
    let mut records = vec![record([Field::text("IPS Equity Calculator results")])];
    let setting = |label: &str, value: Field| record([Field::text(label), value]);
    records.extend(
        settings
            .iter()
            .map(|(label, value)| setting(label, Field::text(value.as_str()))),
    );
    records.push(setting(
        "Confidence level",
        Field::Figure(number(report.confidence)),
    ));
    records.push(setting(
        "Interval for job rates",
        Field::text(match report.interval_method {
            IntervalMethod::Wilson => "Wilson score",
            IntervalMethod::Exact => "Clopper-Pearson exact",
        }),
    ));
    records.push(setting(
        "Units",
        Field::text(
            "Shares, rates and differences of rates are proportions from 0 to 1 (0.175 is 17.5%); ratios are plain ratios.",
        ),
    ));
    for breakdown in &report.breakdowns {
        records.push(setting(
            &format!("Reference group for {}", breakdown.name),
            Field::text(breakdown.reference_group.as_str()),
        ));
    }
    records.push(setting(
        "Publish-safe rules",
        Field::text(match disclosure {
            Some(disclosure) => rules_text(&disclosure.rules),
            None => "Not applied: every count is shown as it is.".to_string(),
        }),
    ));
    if disclosure.is_none() {
        records.extend(
            report
                .warnings
                .iter()
                .map(|warning| setting("Warning", Field::text(warning.as_str()))),
        );
    }

    records.push(Vec::new());
    records.push(record(group_headings(&level).into_iter().map(Field::text)));
    for (index, breakdown) in report.breakdowns.iter().enumerate() {
        records.extend(group_records(breakdown, guard(index)));
    }

    records.push(Vec::new());
    records.push(record(
        [
            "breakdown",
            "test",
            "question",
            "chi-square",
            "degrees of freedom",
            "p",
            "exact p method",
            "Monte Carlo standard error of p",
        ]
        .map(Field::text),
    ));
    for (index, breakdown) in report.breakdowns.iter().enumerate() {
        records.extend(test_records(breakdown, guard(index)));
    }

    records.push(Vec::new());
    records.push(record(
        ["breakdown", "group", "kind", "text"].map(Field::text),
    ));
    for (index, breakdown) in report.breakdowns.iter().enumerate() {
        records.extend(sentence_records(breakdown, guard(index)));
    }

    format!("{BYTE_ORDER_MARK}{}", write(&records, b','))
}

/// The rules applied, in the disclosure module's words.
fn rules_text(rules: &Rules) -> String {
    rules.describe().join(" ")
}

fn group_headings(level: &str) -> Vec<String> {
    let estimate = |headings: &mut Vec<String>, label: &str| {
        headings.push(label.to_string());
        headings.push(format!("{label} {level} CI lower"));
        headings.push(format!("{label} {level} CI upper"));
    };
    let mut headings: Vec<String> = [
        "breakdown",
        "group",
        "role",
        "table row",
        "population (people)",
        "population (percent, as given)",
        "people in IPS",
        "gained a job",
    ]
    .map(String::from)
    .to_vec();
    estimate(&mut headings, "share of IPS (proportion)");
    headings.push("share of population (proportion)".to_string());
    headings.push("expected in IPS (people)".to_string());
    estimate(&mut headings, "representation ratio");
    for label in [
        "representation ratio flag",
        "p (binomial)",
        "p (binomial, Holm-adjusted)",
        "access rate (proportion of population in IPS)",
    ] {
        headings.push(label.to_string());
    }
    for label in [
        "uptake ratio to reference",
        "job rate (proportion)",
        "job rate difference from reference (proportion)",
        "job rate ratio to reference",
    ] {
        estimate(&mut headings, label);
    }
    for label in [
        "p (Fisher exact)",
        "p (Fisher exact, Holm-adjusted)",
        "job rate ratio flag",
        "share of everyone in IPS, left-out rows included (proportion)",
        "share of the whole population, left-out rows included (proportion)",
        "notes",
    ] {
        headings.push(label.to_string());
    }
    headings
}

/// An estimate and its bounds: three fields.
fn estimate(value: Option<f64>, interval: Option<Interval>, shown: bool) -> [Field; 3] {
    [
        Field::number(value),
        Field::number(interval.map(|interval| interval.lower)),
        Field::number(interval.map(|interval| interval.upper)),
    ]
    .map(|field| field.unless_withheld(shown))
}

/// A ratio's four-fifths flag. Withheld whether or not there is one: an
/// empty field beside withheld ones would say the ratio is within the band.
fn flag_field(flag: Option<Flag>, shown: bool) -> Field {
    match (shown, flag) {
        (false, _) => Field::Withheld,
        (true, Some(Flag::Below)) => Field::text(format!("below {}", ratio_text(Flag::LOWER))),
        (true, Some(Flag::Above)) => Field::text(format!("above {}", ratio_text(Flag::UPPER))),
        (true, None) => Field::Empty,
    }
}

fn count_field(show: tables::Show, real: u64) -> Field {
    show.count(real)
        .map_or(Field::Withheld, |people| Field::count(Some(people)))
}

fn group_records(breakdown: &BreakdownReport, guard: Guard) -> Vec<Vec<String>> {
    let protected = !guard.is_open();
    let mut records = Vec::new();
    for (index, group) in breakdown.groups.iter().enumerate() {
        let view = guard.group(index);
        let access = &group.access;
        let mut fields = vec![
            Field::text(breakdown.name.as_str()),
            Field::text(group.group.as_str()),
            Field::text(if group.is_reference {
                "reference"
            } else {
                "compared"
            }),
            Field::count(Some(group.row as u64)),
            group
                .population
                .map_or(Field::Empty, |people| count_field(view.population, people)),
            Field::number(group.population_percent),
            count_field(view.ips, group.ips),
            group
                .employed
                .map_or(Field::Empty, |people| count_field(view.employed, people)),
        ];
        fields.extend(estimate(
            Some(access.ips_share),
            access.ips_share_ci,
            view.access,
        ));
        fields.push(Field::number(Some(access.population_share)).unless_withheld(view.access));
        fields.push(Field::number(Some(access.expected_ips)).unless_withheld(view.access));
        fields.extend(estimate(
            access.representation_ratio,
            access.representation_ratio_ci,
            view.access,
        ));
        fields.push(flag_field(access.flag, view.access));
        fields.push(Field::number(access.p_value).unless_withheld(view.access));
        fields.push(
            Field::number(access.p_adjusted).unless_withheld(view.access && view.access_holm),
        );
        fields.push(Field::number(access.access_rate).unless_withheld(view.access));
        fields.extend(estimate(
            access.relative_access,
            access.relative_access_ci,
            view.relative_access,
        ));
        let outcome = group.outcome.as_ref();
        fields.extend(estimate(
            outcome.and_then(|o| o.rate),
            outcome.and_then(|o| o.rate_ci),
            view.job_rate,
        ));
        fields.extend(estimate(
            outcome.and_then(|o| o.difference),
            outcome.and_then(|o| o.difference_ci),
            view.comparison,
        ));
        fields.extend(estimate(
            outcome.and_then(|o| o.ratio),
            outcome.and_then(|o| o.ratio_ci),
            view.comparison,
        ));
        fields
            .push(Field::number(outcome.and_then(|o| o.p_value)).unless_withheld(view.comparison));
        fields.push(
            Field::number(outcome.and_then(|o| o.p_adjusted))
                .unless_withheld(view.comparison && view.outcome_holm),
        );
        // The reference group is never compared with itself, so it has no
        // flag whatever the rules say.
        fields.push(match outcome {
            Some(outcome) if !group.is_reference => flag_field(outcome.flag, view.comparison),
            _ => Field::Empty,
        });
        fields.push(Field::Empty);
        fields.push(Field::Empty);
        fields.push(notes_field(&group.notes, protected));
        records.push(record(fields));
    }
    for (index, row) in breakdown.excluded.iter().enumerate() {
        let view = guard.excluded(index);
        let mut fields = vec![
            Field::text(breakdown.name.as_str()),
            Field::text(row.group.as_str()),
            Field::text("left out"),
            Field::count(Some(row.row as u64)),
            row.population
                .map_or(Field::Empty, |people| count_field(view.population, people)),
            Field::number(row.population_percent),
            count_field(view.ips, row.ips),
            row.employed
                .map_or(Field::Empty, |people| count_field(view.employed, people)),
        ];
        // A row left out has none of the comparisons' figures: only its
        // shares of everyone, in the two columns before the notes.
        let figures = group_headings("").len().saturating_sub(fields.len() + 3);
        fields.extend(std::iter::repeat_n(Field::Empty, figures));
        fields.push(Field::number(row.ips_share_of_total).unless_withheld(view.access));
        fields.push(Field::number(row.population_share_of_total).unless_withheld(view.access));
        fields.push(Field::Empty);
        records.push(record(fields));
    }
    records
}

/// A group's notes in one field. With publish-safe rules, the small-numbers
/// caution goes, since it names the group's count.
fn notes_field(notes: &[Note], protected: bool) -> Field {
    let text: Vec<String> = notes
        .iter()
        .filter(|note| !(protected && matches!(note, Note::SmallNumbers { .. })))
        .map(ToString::to_string)
        .collect();
    if text.is_empty() {
        Field::Empty
    } else {
        Field::text(text.join(" "))
    }
}

fn test_records(breakdown: &BreakdownReport, guard: Guard) -> Vec<Vec<String>> {
    // The access tests and the job outcome tests are withheld apart: each
    // kind is worked out from its own columns of counts.
    let (access_shown, outcome_shown) = (guard.access_tests(), guard.outcome_tests());
    let counts = breakdown.population_kind == PopulationKind::Count;
    let name = || Field::text(breakdown.name.as_str());
    let test_record =
        |test: &str, question: &str, figures: [Field; 3], method: [Field; 2], shown: bool| {
            let mut fields = vec![name(), Field::text(test), Field::text(question)];
            fields.extend(figures.map(|field| field.unless_withheld(shown)));
            fields.extend(method);
            record(fields)
        };
    let chi_square =
        |test: &str, question: &str, result: Option<&crate::stats::chisquare::ChiSquareTest>| {
            test_record(
                test,
                question,
                [
                    Field::number(result.map(|r| r.statistic)),
                    Field::count(result.map(|r| r.df)),
                    Field::number(result.map(|r| r.p_value)),
                ],
                [Field::Empty, Field::Empty],
                access_shown,
            )
        };
    let mut records = vec![chi_square(
        "goodness of fit",
        "Do the groups make up the same shares of IPS as of the population?",
        breakdown.access_test.as_ref(),
    )];
    if counts {
        records.push(chi_square(
            "uptake",
            "Does the share of each group's population in IPS differ between groups?",
            breakdown.uptake_test.as_ref(),
        ));
        records.push(chi_square(
            "two-sample chi-square (as published studies report; counts people in IPS twice)",
            "Do people in IPS and the population differ in make-up, taken as two separate samples?",
            breakdown.two_sample_test.as_ref(),
        ));
    }
    if let Some(test) = &breakdown.outcome_test {
        records.push(test_record(
            "job outcomes: chi-square",
            "Do job rates differ between groups?",
            [
                Field::number(test.statistic),
                Field::count(test.df),
                Field::number(test.p_value),
            ],
            [Field::Empty, Field::Empty],
            outcome_shown,
        ));
        let method = match test.exact_method {
            None => "still being worked out",
            Some(ExactMethod::Exact) => "exact",
            Some(ExactMethod::MonteCarlo) => "Monte Carlo",
        };
        records.push(test_record(
            "job outcomes: Freeman-Halton exact test",
            "Do job rates differ between groups? Exact, so right for small numbers.",
            [
                Field::Empty,
                Field::Empty,
                Field::number(test.exact_p_value),
            ],
            [
                Field::text(method),
                Field::number(test.exact_p_value_se).unless_withheld(outcome_shown),
            ],
            outcome_shown,
        ));
    }
    records
}

fn sentence_records(breakdown: &BreakdownReport, guard: Guard) -> Vec<Vec<String>> {
    let line = |group: &str, kind: &str, text: &str| {
        record([
            Field::text(breakdown.name.as_str()),
            Field::text(group),
            Field::text(kind),
            Field::text(text),
        ])
    };
    let (findings, group_findings) = guard.findings(breakdown);
    let mut records: Vec<Vec<String>> = breakdown
        .groups
        .iter()
        .zip(group_findings)
        .flat_map(|(group, findings)| {
            findings
                .iter()
                .map(|finding| line(&group.group, "finding", finding))
        })
        .collect();
    records.extend(findings.iter().map(|finding| line("", "finding", finding)));
    // The group notes are in the groups' own rows; these are the breakdown's.
    records.extend(
        tables::breakdown_level_notes(breakdown)
            .iter()
            .map(|note| line("", "note", note)),
    );
    records
}

/// A table's columns as written for a spreadsheet: an estimate column
/// becomes the estimate and its two bounds, and a column that can carry a
/// flag gains a column for it, so that every figure can be sorted.
fn flat_headings(table: &Table) -> Vec<String> {
    let mut headings = Vec::new();
    for column in &table.columns {
        headings.push(column.label.clone());
        if let Some(level) = &column.interval {
            headings.push(format!("{}, {level} CI lower", column.label));
            headings.push(format!("{}, {level} CI upper", column.label));
        }
        if column.flags {
            headings.push(format!("{}, flag", column.label));
        }
    }
    headings
}

/// A figure as a spreadsheet reads it: the page's minus sign (U+2212) is
/// typography that Excel reads as text, so it becomes a hyphen-minus.
fn spreadsheet_figure(text: &str) -> Field {
    Field::Figure(text.replace('\u{2212}', "-"))
}

/// A row's cells flattened as [`flat_headings`] lays out the columns.
fn flat_row(table: &Table, row: &[Cell]) -> Vec<Field> {
    let mut fields = Vec::new();
    for (column, cell) in table.columns.iter().zip(row) {
        let (value, bounds) = match &cell.value {
            Value::Text(_) => {
                let text = cell.text.clone().unwrap_or_default();
                let text = if cell.reference {
                    format!("{text} (reference)")
                } else {
                    text
                };
                (Field::Text(text), [Field::Empty, Field::Empty])
            }
            Value::Withheld => (Field::Withheld, [Field::Withheld, Field::Withheld]),
            Value::Empty => (Field::Empty, [Field::Empty, Field::Empty]),
            _ => {
                let value = cell
                    .text
                    .as_deref()
                    .map_or(Field::Empty, spreadsheet_figure);
                let bounds = match &cell.interval {
                    Some((lower, upper)) => [spreadsheet_figure(lower), spreadsheet_figure(upper)],
                    None => [Field::Empty, Field::Empty],
                };
                (value, bounds)
            }
        };
        fields.push(value);
        if column.interval.is_some() {
            fields.extend(bounds);
        }
        if column.flags {
            fields.push(match (&cell.value, cell.flag) {
                (Value::Withheld, _) => Field::Withheld,
                (_, Some(Flag::Below)) => Field::text(format!("Below {}", ratio_text(Flag::LOWER))),
                (_, Some(Flag::Above)) => Field::text(format!("Above {}", ratio_text(Flag::UPPER))),
                (_, None) => Field::Empty,
            });
        }
    }
    fields
}

/// A table as tab-separated text for the clipboard, the format Excel puts
/// there and reads back: its caption, the headings, the rows with every
/// interval's bounds in columns of their own, then its notes. Figures are
/// as the page rounds them; text cells are defused (see [`defuse`]).
///
/// ```
/// use ips_equity::analysis::{analyse_text, Options};
/// use ips_equity::export::tsv;
/// use ips_equity::tables::breakdown_tables;
/// let analysis = analyse_text("Group,Population,IPS\nA,1000,80\nB,1000,70\n", &Options::default());
/// let tables = breakdown_tables(&analysis.report.breakdowns[0], 0.95, None);
/// assert!(tsv(&tables[0]).contains("\r\nA (reference)\t1,000\t80\t53.3%\t"));
/// ```
pub fn tsv(table: &Table) -> String {
    let mut records = vec![record([Field::text(table.caption.as_str())])];
    records.push(record(flat_headings(table).into_iter().map(Field::Text)));
    records.extend(table.rows.iter().map(|row| record(flat_row(table, row))));
    if !table.notes.is_empty() {
        records.push(Vec::new());
        records.extend(
            table
                .notes
                .iter()
                .map(|note| record([Field::text(note.text.as_str())])),
        );
    }
    write(&records, b'\t')
}

/// `text` with HTML's special characters escaped, so that a group name is
/// only ever text.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

/// A table as a minimal HTML table for the clipboard, which Word pastes as
/// a table: caption, headings, rows laid out as in [`tsv`], then the notes.
/// Every text is escaped. Excel takes this format before the plain text
/// when both are on the clipboard, so text cells are defused here too.
///
/// ```
/// use ips_equity::analysis::{analyse_text, Options};
/// use ips_equity::export::html;
/// use ips_equity::tables::breakdown_tables;
/// let analysis = analyse_text("Group,Population,IPS\n<b>,1000,80\nB,1000,70\n", &Options::default());
/// let tables = breakdown_tables(&analysis.report.breakdowns[0], 0.95, None);
/// assert!(html(&tables[0]).contains("<th scope=\"row\">&lt;b&gt; (reference)</th>"));
/// ```
pub fn html(table: &Table) -> String {
    let mut out = format!(
        "<table>\n<caption>{}</caption>\n<thead>\n<tr>",
        escape(&table.caption)
    );
    for heading in flat_headings(table) {
        out.push_str(&format!("<th scope=\"col\">{}</th>", escape(&heading)));
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &table.rows {
        out.push_str("<tr>");
        for (index, field) in flat_row(table, row).iter().enumerate() {
            let text = match field {
                Field::Empty => "\u{2013}".to_string(),
                field => field.written(),
            };
            if index == 0 {
                out.push_str(&format!("<th scope=\"row\">{}</th>", escape(&text)));
            } else {
                out.push_str(&format!("<td>{}</td>", escape(&text)));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    for note in &table.notes {
        out.push_str(&format!("<p>{}</p>\n", escape(&note.text)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyse_text, analyse_text_with, ExactTests, Options};
    use crate::disclosure::{GroupCells, Shown};
    use crate::tables::breakdown_tables;

    const EXAMPLE: &str = "Ethnicity,Population,IPS,Employed\nWhite,5600,560,196\nBlack,1150,175,60\nAsian,2150,140,42\nMixed,600,60,24\nOther,500,65,20\nNot known,1350,47,14\n";

    fn report(text: &str) -> Report {
        let analysis = analyse_text(text, &Options::default());
        assert!(analysis.errors.is_empty(), "{:?}", analysis.errors);
        analysis.report
    }

    /// The CSV's records, the byte-order mark checked and taken off.
    fn records(file: &str) -> Vec<Vec<String>> {
        let body = file.strip_prefix('\u{feff}').expect("byte-order mark");
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(body.as_bytes())
            .records()
            .map(|record| {
                record
                    .expect("valid CSV")
                    .iter()
                    .map(String::from)
                    .collect()
            })
            .collect()
    }

    /// The records of the section whose headings are `breakdown`, `second`,
    /// ..., as maps from heading to field. (Readers skip the empty lines
    /// between sections, so a section ends at the next headings.)
    fn section(records: &[Vec<String>], second: &str) -> Vec<Vec<(String, String)>> {
        let start = records
            .iter()
            .position(|record| record.len() > 1 && record[0] == "breakdown" && record[1] == second)
            .expect("section headings");
        let headings = &records[start];
        records[start + 1..]
            .iter()
            .take_while(|record| record[0] != "breakdown")
            .map(|record| {
                headings
                    .iter()
                    .cloned()
                    .zip(record.iter().cloned())
                    .collect()
            })
            .collect()
    }

    fn field<'a>(row: &'a [(String, String)], heading: &str) -> &'a str {
        row.iter()
            .find(|(name, _)| name == heading)
            .map(|(_, value)| value.as_str())
            .unwrap_or_else(|| panic!("no column {heading}"))
    }

    fn number_in(row: &[(String, String)], heading: &str) -> Option<f64> {
        let text = field(row, heading);
        (!text.is_empty()).then(|| text.parse().unwrap_or_else(|_| panic!("{heading}: {text}")))
    }

    #[test]
    fn csv_opens_in_excel_as_utf8_with_crlf_and_settings_first() {
        let file = csv(
            &report(EXAMPLE),
            None,
            &[("Date".to_string(), "25 November 2026".to_string())],
        );
        assert!(file.starts_with("\u{feff}IPS Equity Calculator results\r\nDate,25 November 2026\r\nConfidence level,0.95\r\n"));
        assert_eq!(file.matches('\n').count(), file.matches("\r\n").count());
        let records = records(&file);
        let setting = |label: &str| {
            records
                .iter()
                .find(|record| record[0] == label)
                .map(|record| record[1].clone())
        };
        assert_eq!(
            setting("Interval for job rates").as_deref(),
            Some("Wilson score")
        );
        assert_eq!(
            setting("Reference group for Ethnicity").as_deref(),
            Some("White")
        );
        assert!(file.contains("is shown as it is.\r\n\r\nbreakdown,group,role,"));
        assert_eq!(
            setting("Publish-safe rules").as_deref(),
            Some("Not applied: every count is shown as it is.")
        );
    }

    #[test]
    fn csv_figures_read_back_equal_to_the_report() {
        let report = report(EXAMPLE);
        let records = records(&csv(&report, None, &[]));
        let groups = section(&records, "group");
        let breakdown = &report.breakdowns[0];
        assert_eq!(groups.len(), 6);
        let width = groups[0].len();
        assert_eq!(width, 38);
        let group_rows = records
            .iter()
            .filter(|record| record[0] == "Ethnicity" && record.len() > 8);
        assert_eq!(group_rows.clone().count(), 6);
        assert!(group_rows.clone().all(|record| record.len() == width));
        for (row, group) in groups.iter().zip(&breakdown.groups) {
            let access = &group.access;
            let outcome = group.outcome.as_ref().expect("outcome");
            assert_eq!(field(row, "group"), group.group);
            assert_eq!(
                field(row, "role"),
                if group.is_reference {
                    "reference"
                } else {
                    "compared"
                }
            );
            assert_eq!(
                number_in(row, "population (people)"),
                group.population.map(|p| p as f64)
            );
            assert_eq!(number_in(row, "people in IPS"), Some(group.ips as f64));
            assert_eq!(
                number_in(row, "gained a job"),
                group.employed.map(|e| e as f64)
            );
            assert_eq!(
                number_in(row, "share of IPS (proportion)"),
                Some(access.ips_share)
            );
            assert_eq!(
                number_in(row, "share of IPS (proportion) 95% CI lower"),
                access.ips_share_ci.map(|ci| ci.lower)
            );
            assert_eq!(
                number_in(row, "share of IPS (proportion) 95% CI upper"),
                access.ips_share_ci.map(|ci| ci.upper)
            );
            assert_eq!(
                number_in(row, "share of population (proportion)"),
                Some(access.population_share)
            );
            assert_eq!(
                number_in(row, "expected in IPS (people)"),
                Some(access.expected_ips)
            );
            assert_eq!(
                number_in(row, "representation ratio"),
                access.representation_ratio
            );
            assert_eq!(
                number_in(row, "representation ratio 95% CI upper"),
                access.representation_ratio_ci.map(|ci| ci.upper)
            );
            assert_eq!(number_in(row, "p (binomial)"), access.p_value);
            assert_eq!(
                number_in(row, "p (binomial, Holm-adjusted)"),
                access.p_adjusted
            );
            assert_eq!(
                number_in(row, "access rate (proportion of population in IPS)"),
                access.access_rate
            );
            assert_eq!(
                number_in(row, "uptake ratio to reference"),
                access.relative_access
            );
            assert_eq!(
                number_in(row, "uptake ratio to reference 95% CI lower"),
                access.relative_access_ci.map(|ci| ci.lower)
            );
            assert_eq!(number_in(row, "job rate (proportion)"), outcome.rate);
            assert_eq!(
                number_in(row, "job rate (proportion) 95% CI lower"),
                outcome.rate_ci.map(|ci| ci.lower)
            );
            assert_eq!(
                number_in(row, "job rate difference from reference (proportion)"),
                outcome.difference
            );
            assert_eq!(
                number_in(
                    row,
                    "job rate difference from reference (proportion) 95% CI lower"
                ),
                outcome.difference_ci.map(|ci| ci.lower)
            );
            assert_eq!(number_in(row, "job rate ratio to reference"), outcome.ratio);
            assert_eq!(
                number_in(row, "job rate ratio to reference 95% CI upper"),
                outcome.ratio_ci.map(|ci| ci.upper)
            );
            assert_eq!(number_in(row, "p (Fisher exact)"), outcome.p_value);
            assert_eq!(
                number_in(row, "p (Fisher exact, Holm-adjusted)"),
                outcome.p_adjusted
            );
        }
        // Black people: 17.5% of IPS against 11.1% of the population.
        assert_eq!(field(&groups[1], "representation ratio flag"), "above 1.25");
        // A negative difference is a number, not defused text.
        assert!(field(
            &groups[2],
            "job rate difference from reference (proportion)"
        )
        .starts_with("-0.0"));
        let left_out = &groups[5];
        assert_eq!(field(left_out, "role"), "left out");
        assert_eq!(field(left_out, "people in IPS"), "47");
        assert_eq!(
            number_in(
                left_out,
                "share of everyone in IPS, left-out rows included (proportion)"
            ),
            breakdown.excluded[0].ips_share_of_total
        );
        assert_eq!(field(left_out, "representation ratio"), "");

        let tests = section(&records, "test");
        assert_eq!(tests.len(), 5);
        let access_test = breakdown.access_test.expect("access test");
        assert_eq!(field(&tests[0], "test"), "goodness of fit");
        assert_eq!(
            number_in(&tests[0], "chi-square"),
            Some(access_test.statistic)
        );
        assert_eq!(number_in(&tests[0], "degrees of freedom"), Some(4.0));
        assert_eq!(number_in(&tests[0], "p"), Some(access_test.p_value));
        let outcome_test = breakdown.outcome_test.expect("outcome test");
        assert_eq!(number_in(&tests[3], "chi-square"), outcome_test.statistic);
        assert_eq!(number_in(&tests[4], "p"), outcome_test.exact_p_value);
        assert_eq!(field(&tests[4], "exact p method"), "exact");
    }

    #[test]
    fn tiny_p_values_keep_full_precision_in_a_form_excel_reads() {
        assert_eq!(number(1.119267176451661e-12), "1.119267176451661E-12");
        assert_eq!(number(-0.7), "-0.7");
        assert_eq!(number(0.0), "0");
        assert_eq!(number(0.000_123), "0.000123");
        assert_eq!(
            "1.119267176451661E-12".parse::<f64>(),
            Ok(1.119267176451661e-12)
        );
    }

    const HOSTILE: [&str; 6] = [
        "=HYPERLINK(\"http://x\",\"y\")",
        "+1",
        "-cmd",
        "@SUM(A1)",
        "\tx",
        "\rx",
    ];

    /// The example with its groups renamed to formulas and control characters.
    fn hostile_report() -> Report {
        let mut report = report(EXAMPLE);
        let breakdown = &mut report.breakdowns[0];
        let rows = breakdown
            .groups
            .iter_mut()
            .map(|group| &mut group.group)
            .chain(breakdown.excluded.iter_mut().map(|row| &mut row.group));
        for (group, name) in rows.zip(HOSTILE) {
            *group = name.to_string();
        }
        report
    }

    #[test]
    fn tiny_numbers_are_written_as_rust_writes_them_with_an_exponent() {
        for value in [
            1e-7,
            -1e-7,
            1.119267176451661e-12,
            -3.25e-9,
            // The largest number written with an exponent.
            f64::from_bits(1e-6_f64.to_bits() - 1),
            5e-324,
            f64::MIN_POSITIVE,
            1.5e-300,
        ] {
            assert_eq!(number(value), format!("{value:E}"), "{value}");
        }
        assert_eq!(number(1.119267176451661e-12), "1.119267176451661E-12");
        assert_eq!(number(0.25), "0.25");
    }

    #[test]
    fn csv_defuses_text_that_could_run_as_a_formula() {
        let file = csv(
            &hostile_report(),
            None,
            &[("-note".to_string(), "@x".to_string())],
        );
        let records = records(&file);
        let groups = section(&records, "group");
        let names: Vec<&str> = groups.iter().map(|row| field(row, "group")).collect();
        assert_eq!(
            names,
            [
                "'=HYPERLINK(\"http://x\",\"y\")",
                "'+1",
                "'-cmd",
                "'@SUM(A1)",
                "'\tx",
                "'\rx",
            ]
        );
        assert!(file.contains("\r\n'-note,'@x\r\n"));
        assert!(file.contains(",\"'\rx\","));
        assert!(file.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","));
        // No field anywhere starts with a formula character, except numbers.
        for field in records.iter().flatten() {
            if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                assert!(field.parse::<f64>().is_ok(), "{field:?}");
            }
        }
    }

    #[test]
    fn tsv_and_html_defuse_group_names() {
        let report = hostile_report();
        let tables = breakdown_tables(&report.breakdowns[0], report.confidence, None);
        let text = tsv(&tables[0]);
        let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
            .delimiter(b'\t')
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .map(|record| {
                record
                    .expect("valid TSV")
                    .iter()
                    .map(String::from)
                    .collect()
            })
            .collect();
        assert_eq!(rows[0], ["Access to IPS by ethnicity"]);
        assert_eq!(rows[2][0], "'=HYPERLINK(\"http://x\",\"y\") (reference)");
        assert_eq!(rows[4][0], "'-cmd");
        assert_eq!(rows[6][0], "'\tx");
        assert!(tsv(&tables[3]).contains("\r\n\"'\rx\"\t7\t47\t"));
        let page = html(&tables[0]);
        assert!(page.contains("<th scope=\"row\">&#39;=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;) (reference)</th>"));
        assert!(page.contains("<th scope=\"row\">&#39;@SUM(A1)</th>"));
    }

    #[test]
    fn tsv_lays_out_the_page_figures_with_bounds_in_columns() {
        let report = report(EXAMPLE);
        let tables = breakdown_tables(&report.breakdowns[0], report.confidence, None);
        let text = tsv(&tables[1]);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "Job outcomes by ethnicity, compared with White");
        assert_eq!(
            lines[1],
            "Group\tPeople in IPS\tGained a job\tJob rate\tJob rate, 95% CI lower\tJob rate, 95% CI upper\t\
             Difference from reference, percentage points\tDifference from reference, percentage points, 95% CI lower\t\
             Difference from reference, percentage points, 95% CI upper\tRatio to reference\t\
             Ratio to reference, 95% CI lower\tRatio to reference, 95% CI upper\tRatio to reference, flag\t\
             p (Fisher exact)\tHolm-adjusted p"
        );
        // Asian people: 42 of 140 (30.0%) against 196 of 560 (35.0%); the
        // page's minus sign becomes a hyphen-minus that Excel reads as a number.
        let asian: Vec<&str> = lines[4].split('\t').collect();
        assert_eq!(&asian[..4], ["Asian", "140", "42", "30.0%"]);
        assert_eq!(asian[6], "-5.0");
        assert_eq!(asian[9], "0.86");
        let white: Vec<&str> = lines[2].split('\t').collect();
        assert_eq!(
            &white[..7],
            [
                "White (reference)",
                "560",
                "196",
                "35.0%",
                white[4],
                white[5],
                ""
            ]
        );
    }

    #[test]
    fn html_escapes_every_text() {
        let mut report = report(EXAMPLE);
        report.breakdowns[0].groups[1].group = "<script>alert('x')</script> & \"co\"".to_string();
        report.breakdowns[0].name = "A<b>".to_string();
        let tables = breakdown_tables(&report.breakdowns[0], report.confidence, None);
        let page = html(&tables[0]);
        assert!(page.starts_with("<table>\n<caption>Access to IPS by a&lt;b&gt;</caption>\n"));
        assert!(page.contains(
            "<th scope=\"row\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;</th>"
        ));
        assert!(!page.contains("<script>"));
        assert!(page.contains("<td>1,150</td><td>175</td><td>17.5%</td>"));
        assert_eq!(page.matches("<tr>").count(), 6);
    }

    #[test]
    fn pending_exact_test_is_written_as_such() {
        let analysis = analyse_text_with(EXAMPLE, &Options::default(), ExactTests::Defer);
        let records = records(&csv(&analysis.report, None, &[]));
        let exact = records
            .iter()
            .find(|record| {
                record.get(1).map(String::as_str) == Some("job outcomes: Freeman-Halton exact test")
            })
            .expect("exact test row");
        assert_eq!(exact[5], "");
        assert_eq!(exact[6], "still being worked out");
    }

    const SMALL: &str = "Group,Population,IPS,Employed\nA,5600,560,196\nB,1150,175,60\nC,733,7,6\nNot known,1350,47,14\n";

    fn set(cells: &mut GroupCells, population: u64, ips: Shown, employed: Shown, shown: bool) {
        cells.population = Some(Shown::Count(population));
        cells.ips = ips;
        cells.employed = Some(employed);
        cells.access = shown;
        cells.job_rate = shown;
        cells.comparison = shown;
        cells.findings = vec!["A finding that may be published.".to_string()];
    }

    /// Rules as the disclosure module might apply them to [`SMALL`], set
    /// by hand so that these tests check the export, not the rules: C's
    /// counts are small, B's job count is withheld so that C's cannot be
    /// worked out from a total, and the tests go with them.
    fn protected(report: &Report) -> Disclosure {
        let mut disclosure = crate::disclosure::protect(report, &Rules::default());
        let cells = &mut disclosure.breakdowns[0];
        set(
            &mut cells.groups[0],
            5600,
            Shown::Count(560),
            Shown::Count(195),
            true,
        );
        set(
            &mut cells.groups[1],
            1150,
            Shown::Count(175),
            Shown::Secondary,
            true,
        );
        cells.groups[1].job_rate = false;
        cells.groups[1].comparison = false;
        set(
            &mut cells.groups[2],
            735,
            Shown::Primary,
            Shown::Primary,
            false,
        );
        set(
            &mut cells.excluded[0],
            1350,
            Shown::Count(45),
            Shown::Count(15),
            true,
        );
        cells.total_ips = Shown::Count(740);
        (cells.access_tests, cells.outcome_tests) = (false, false);
        cells.findings = vec!["A breakdown finding.".to_string()];
        disclosure
    }

    #[test]
    fn withheld_figures_leave_no_trace_in_the_csv() {
        let report = report(SMALL);
        let file = csv(&report, Some(&protected(&report)), &[]);
        let records = records(&file);
        let groups = section(&records, "group");
        let c = &groups[2];
        assert_eq!(field(c, "group"), "C");
        assert_eq!(field(c, "people in IPS"), WITHHELD);
        assert_eq!(field(c, "gained a job"), WITHHELD);
        assert_eq!(field(c, "population (people)"), "735");
        assert_eq!(field(c, "share of IPS (proportion)"), WITHHELD);
        assert_eq!(field(c, "job rate (proportion) 95% CI upper"), WITHHELD);
        assert_eq!(field(&groups[1], "gained a job"), WITHHELD);
        assert_eq!(field(&groups[1], "job rate (proportion)"), WITHHELD);
        // B's ratio is within the four-fifths band; an empty flag would say so.
        assert_eq!(field(&groups[1], "job rate ratio flag"), WITHHELD);
        assert_eq!(field(&groups[0], "job rate ratio flag"), "");
        assert_eq!(field(&groups[0], "gained a job"), "195");
        assert_eq!(field(&groups[3], "people in IPS"), "45");

        // Neither the withheld counts nor any figure worked out from them
        // appears in any field.
        let breakdown = &report.breakdowns[0];
        let mut secrets: Vec<f64> = vec![7.0, 6.0, 60.0, 196.0];
        for group in &breakdown.groups[1..] {
            let access = &group.access;
            let outcome = group.outcome.as_ref().expect("outcome");
            if group.group == "C" {
                secrets.extend(
                    [
                        Some(access.ips_share),
                        access.ips_share_ci.map(|ci| ci.lower),
                        access.representation_ratio,
                        access.p_value,
                        access.access_rate,
                        access.relative_access,
                        Some(access.expected_ips),
                    ]
                    .into_iter()
                    .flatten(),
                );
            }
            secrets.extend(
                [
                    outcome.rate,
                    outcome.difference,
                    outcome.ratio,
                    outcome.p_value,
                ]
                .into_iter()
                .flatten(),
            );
        }
        let tests = breakdown.access_test.expect("access test");
        secrets.extend([tests.statistic, tests.p_value]);
        secrets.extend(breakdown.outcome_test.and_then(|test| test.exact_p_value));
        for field in records.iter().flatten() {
            if let Ok(value) = field.parse::<f64>() {
                assert!(!secrets.contains(&value), "{field} appears");
            }
        }
        assert!(!file.contains("Only 7"));
        assert!(file.contains("A breakdown finding."));
        assert!(file.contains(&Rules::default().describe().join(" ")));
    }

    #[test]
    fn a_withheld_job_count_withholds_the_job_outcome_tests_alone() {
        // B: 50 in IPS, 46 in work; the rules withhold the two job counts
        // and nothing else.
        let report = report("Group,Population,IPS,Employed\nA,400,60,20\nB,300,50,46\n");
        let disclosure = crate::disclosure::protect(&report, &Rules::default());
        assert!(disclosure.breakdowns[0].access_tests && !disclosure.breakdowns[0].outcome_tests);
        let records = records(&csv(&report, Some(&disclosure), &[]));
        let tests = section(&records, "test");
        let names: Vec<&str> = tests.iter().map(|row| field(row, "test")).collect();
        assert_eq!(
            names,
            [
                "goodness of fit",
                "uptake",
                "two-sample chi-square (as published studies report; counts people in IPS twice)",
                "job outcomes: chi-square",
                "job outcomes: Freeman-Halton exact test"
            ]
        );
        let breakdown = &report.breakdowns[0];
        for (row, test) in tests.iter().zip([
            breakdown.access_test,
            breakdown.uptake_test,
            breakdown.two_sample_test,
        ]) {
            let test = test.expect("a test of access");
            assert_eq!(number_in(row, "chi-square"), Some(test.statistic));
            assert_eq!(number_in(row, "degrees of freedom"), Some(1.0));
            assert_eq!(number_in(row, "p"), Some(test.p_value));
        }
        for heading in ["chi-square", "degrees of freedom", "p"] {
            assert_eq!(field(&tests[3], heading), WITHHELD, "{heading}");
        }
        assert_eq!(field(&tests[4], "p"), WITHHELD);
        let outcome_test = breakdown.outcome_test.expect("outcome test");
        let secrets = [
            outcome_test.statistic,
            outcome_test.p_value,
            outcome_test.exact_p_value,
        ];
        for field in records.iter().flatten() {
            if let Ok(value) = field.parse::<f64>() {
                assert!(!secrets.contains(&Some(value)), "{field} appears");
            }
        }
        let sentences: Vec<&str> = records
            .iter()
            .filter(|record| record.len() == 4 && record[1].is_empty() && record[2] == "finding")
            .map(|record| record[3].as_str())
            .collect();
        assert_eq!(
            sentences,
            [
                "Across the 2 groups, the make-up of people in IPS does not differ from the reference population by more than chance would explain (chi-square 0.30, 1 degrees of freedom, p = 0.582).",
                "The tests of job rates across groups are withheld under the publish-safe rules: they are worked out from every group's counts of people in IPS and in work, and some of those are withheld.",
            ]
        );
    }

    #[test]
    fn rules_missing_a_breakdown_withhold_all_of_it() {
        let report = report(SMALL);
        let mut disclosure = protected(&report);
        disclosure.breakdowns.clear();
        let records = records(&csv(&report, Some(&disclosure), &[]));
        let groups = section(&records, "group");
        assert_eq!(groups.len(), 4);
        for row in &groups[..3] {
            assert_eq!(field(row, "people in IPS"), WITHHELD);
            assert_eq!(field(row, "share of IPS (proportion)"), WITHHELD);
        }
        assert_eq!(field(&groups[3], "people in IPS"), WITHHELD);
        assert_eq!(
            field(
                &groups[3],
                "share of everyone in IPS, left-out rows included (proportion)"
            ),
            WITHHELD
        );
    }

    #[test]
    fn clipboard_withholds_as_the_page_does() {
        let report = report(SMALL);
        let disclosure = protected(&report);
        let tables = breakdown_tables(&report.breakdowns[0], 0.95, disclosure.breakdowns.first());
        let text = tsv(&tables[1]);
        let c = text
            .split("\r\n")
            .find(|line| line.starts_with("C\t"))
            .expect("row C");
        assert_eq!(c, format!("C{}", format!("\t{WITHHELD}").repeat(14)));
        assert!(text.ends_with(&format!("\r\n{}\r\n", crate::tables::withheld_legend())));
        assert!(html(&tables[1]).contains(&format!("<th scope=\"row\">C</th><td>{WITHHELD}</td>")));
    }
}
