//! The report as plain text, for the command line: the findings first, then
//! aligned tables of the figures behind them, then the tests. Rounded for
//! reading; `--format json` gives full precision.

use crate::report::{BreakdownReport, Flag, Report};
use crate::stats::chisquare::ChiSquareTest;
use crate::stats::Interval;
use crate::words::{confidence_label, count, fixed, p_value, percent, ratio_text};

/// Renders the whole report.
pub fn render(report: &Report) -> String {
    let level = confidence_label(report.confidence);
    let mut out = format!(
        "IPS equity analysis: {level} confidence intervals; job-rate intervals by the {} method.\n",
        match report.interval_method {
            crate::report::IntervalMethod::Wilson => "Wilson score",
            crate::report::IntervalMethod::Exact => "Clopper-Pearson exact",
        }
    );
    for breakdown in &report.breakdowns {
        out.push('\n');
        out.push_str(&render_breakdown(breakdown, &level));
    }
    if !report.warnings.is_empty() {
        out.push_str("\nWarnings\n");
        for warning in &report.warnings {
            out.push_str(&format!("  - {warning}\n"));
        }
    }
    out
}

fn render_breakdown(breakdown: &BreakdownReport, level: &str) -> String {
    let mut out = format!(
        "== {} (reference group: {}) ==\n\nFindings\n",
        breakdown.name, breakdown.reference_group
    );
    for group in &breakdown.groups {
        for finding in &group.findings {
            out.push_str(&format!("  - {finding}\n"));
        }
    }
    for finding in &breakdown.findings {
        out.push_str(&format!("  - {finding}\n"));
    }

    out.push_str("\nAccess: does IPS reach each group in proportion?\n");
    let mut access = Table::new(&[
        "Group",
        "Population",
        "IPS",
        &format!("IPS share ({level} CI)"),
        "Population share",
        &format!("Representation ratio ({level} CI)"),
        "p",
        "Holm p",
        "Flag",
    ]);
    for group in &breakdown.groups {
        let a = &group.access;
        access.row(vec![
            group.group.clone(),
            group
                .population
                .map(count)
                .or(group.population_percent.map(|p| format!("{p}%")))
                .unwrap_or_default(),
            count(group.ips),
            with_interval(Some(a.ips_share), a.ips_share_ci, percent),
            percent(a.population_share),
            with_interval(
                a.representation_ratio,
                a.representation_ratio_ci,
                ratio_text,
            ),
            optional(a.p_value, p_cell),
            optional(a.p_adjusted, p_cell),
            flag(a.flag),
        ]);
    }
    out.push_str(&access.render());
    if breakdown
        .groups
        .iter()
        .any(|g| g.access.access_rate.is_some())
    {
        let mut uptake = Table::new(&[
            "Group",
            "Access rate",
            &format!("Relative access ({level} CI)"),
        ]);
        for group in &breakdown.groups {
            let a = &group.access;
            let relative = if group.is_reference {
                "reference".to_string()
            } else {
                with_interval(a.relative_access, a.relative_access_ci, ratio_text)
            };
            uptake.row(vec![
                group.group.clone(),
                optional(a.access_rate, percent),
                relative,
            ]);
        }
        out.push('\n');
        out.push_str(&uptake.render());
    }
    out.push_str("\nAccess tests\n");
    out.push_str(&test_line(
        "Goodness of fit to the population shares",
        breakdown.access_test,
    ));
    out.push_str(&test_line(
        "Uptake (IPS out of population) by group",
        breakdown.uptake_test,
    ));
    out.push_str(&test_line(
        "Two-sample chi-square as published studies report (treats IPS clients and their population as independent samples, which they are not)",
        breakdown.two_sample_test,
    ));

    if breakdown.groups.iter().any(|g| g.outcome.is_some()) {
        out.push_str("\nOutcomes: do job outcomes differ between groups?\n");
        let mut outcomes = Table::new(&[
            "Group",
            "IPS",
            "Employed",
            &format!("Job rate ({level} CI)"),
            &format!("Difference, points ({level} CI)"),
            &format!("Ratio ({level} CI)"),
            "Fisher p",
            "Holm p",
            "Flag",
        ]);
        for group in &breakdown.groups {
            let Some(o) = &group.outcome else { continue };
            let (difference, ratio) = if group.is_reference {
                ("reference".to_string(), "reference".to_string())
            } else {
                (
                    with_interval(o.difference, o.difference_ci, signed_points),
                    with_interval(o.ratio, o.ratio_ci, ratio_text),
                )
            };
            outcomes.row(vec![
                group.group.clone(),
                count(group.ips),
                group.employed.map(count).unwrap_or_default(),
                with_interval(o.rate, o.rate_ci, percent),
                difference,
                ratio,
                optional(o.p_value, p_cell),
                optional(o.p_adjusted, p_cell),
                flag(o.flag),
            ]);
        }
        out.push_str(&outcomes.render());
        if let Some(test) = &breakdown.outcome_test {
            out.push_str("\nOutcome tests\n");
            let chi_square = match (test.statistic, test.df, test.p_value) {
                (Some(statistic), Some(df), Some(p)) => {
                    format!("chi-square {statistic:.2}, df {df}, {}", p_value(p))
                }
                _ => "not defined".to_string(),
            };
            out.push_str(&format!("  Pearson chi-square: {chi_square}\n"));
            let method = match test.exact_p_value_se {
                Some(se) => format!(" (Monte Carlo estimate, standard error {se:.2e})"),
                None => String::new(),
            };
            let exact = test
                .exact_p_value
                .map_or_else(|| "not yet worked out".to_string(), p_value);
            out.push_str(&format!(
                "  Freeman-Halton exact test: {exact}{method}{}\n",
                if test.small_expected_counts {
                    "; some expected counts are below 5, so read this one"
                } else {
                    ""
                }
            ));
        }
    }

    if !breakdown.excluded.is_empty() {
        out.push_str("\nLeft out of the comparisons\n");
        for excluded in &breakdown.excluded {
            let share = excluded
                .ips_share_of_total
                .map(|s| format!(" ({} of everyone in IPS)", percent(s)))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {}: {} in IPS{share}\n",
                excluded.group,
                count(excluded.ips)
            ));
        }
    }
    let notes: Vec<String> = breakdown
        .notes
        .iter()
        .map(ToString::to_string)
        .chain(breakdown.groups.iter().flat_map(|group| {
            group
                .notes
                .iter()
                .map(move |note| format!("{}: {note}", group.group))
        }))
        .collect();
    if !notes.is_empty() {
        out.push_str("\nNotes\n");
        for note in notes {
            out.push_str(&format!("  - {note}\n"));
        }
    }
    out
}

fn test_line(name: &str, test: Option<ChiSquareTest>) -> String {
    match test {
        Some(t) => format!(
            "  {name}: chi-square {:.2}, df {}, {}\n",
            t.statistic,
            t.df,
            p_value(t.p_value)
        ),
        None => format!("  {name}: not available\n"),
    }
}

fn with_interval(
    value: Option<f64>,
    interval: Option<Interval>,
    format: fn(f64) -> String,
) -> String {
    match (value, interval) {
        (Some(v), Some(ci)) => format!(
            "{} ({} to {})",
            format(v),
            format(ci.lower),
            format(ci.upper)
        ),
        (Some(v), None) => format(v),
        _ => "-".to_string(),
    }
}

fn optional(value: Option<f64>, format: fn(f64) -> String) -> String {
    value.map(format).unwrap_or_else(|| "-".to_string())
}

fn p_cell(p: f64) -> String {
    if p < 0.001 {
        "<0.001".to_string()
    } else {
        fixed(p, 3)
    }
}

fn signed_points(difference: f64) -> String {
    let text = fixed(difference * 100.0, 1);
    if text.starts_with('-') || text == "0.0" {
        text
    } else {
        format!("+{text}")
    }
}

fn flag(flag: Option<Flag>) -> String {
    match flag {
        Some(Flag::Below) => "below 0.80".to_string(),
        Some(Flag::Above) => "above 1.25".to_string(),
        None => String::new(),
    }
}

/// A plain text table with columns padded to their widest cell.
struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    fn new(header: &[&str]) -> Table {
        Table {
            rows: vec![header.iter().map(|cell| cell.to_string()).collect()],
        }
    }

    fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn render(&self) -> String {
        let columns = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|column| {
                self.rows
                    .iter()
                    .filter_map(|row| row.get(column))
                    .map(|cell| cell.chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for row in &self.rows {
            let line: Vec<String> = row
                .iter()
                .zip(&widths)
                .map(|(cell, &width)| format!("{cell:<width$}"))
                .collect();
            out.push_str("  ");
            out.push_str(line.join("  ").trim_end());
            out.push('\n');
        }
        out
    }
}
