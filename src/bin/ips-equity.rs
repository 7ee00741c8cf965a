//! `ips-equity`: the calculator on the command line, over the same core as
//! the page, for batch use and for checking figures against other tools.
//!
//! ```text
//! ips-equity analyse FILE|- [--reference GROUP | --reference-rule largest|highest-rate]
//!                    [--reference-in BREAKDOWN=GROUP]... [--confidence 0.95]
//!                    [--interval wilson|exact] [--format text|json]
//! ```
//!
//! `--reference` stays a plain group name (the SPEC's section 4), since a
//! group may well contain `=` ("Age >= 65"); a reference for one breakdown
//! has its own option, `--reference-in`, whose `=` is read against the
//! table's breakdown names.
//!
//! Exit status: 0 when the table was analysed, 2 when the input (or the
//! command line) is invalid, with the problems on standard error and, with
//! `--format json`, as `{"errors": [...]}` on standard output.

use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use ips_equity::analysis::{analyse, Options, Reference};
use ips_equity::input::{read_table, InputError, ParsedTable};
use ips_equity::report::{IntervalMethod, Report};
use ips_equity::text_report;

#[derive(Parser)]
#[command(
    name = "ips-equity",
    version,
    about = "Race, sex and age equity in IPS figures: access and job outcomes by group"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Analyse a table of counts per group (CSV, tab- or semicolon-separated).
    Analyse {
        /// The table's file, or - to read standard input.
        file: PathBuf,
        /// The group every other group is compared with (default: the group
        /// with the most people in IPS).
        #[arg(long, conflicts_with = "reference_rule")]
        reference: Option<String>,
        /// How each breakdown picks its reference group: the group with the
        /// most people in IPS, or the group with the highest job rate (the
        /// four-fifths reading: every other job-rate ratio is then at most 1).
        #[arg(long, value_enum, default_value_t = ReferenceRule::Largest)]
        reference_rule: ReferenceRule,
        /// The reference group of one breakdown, as BREAKDOWN=GROUP (for
        /// example Sex=Female); repeat it for other breakdowns. It overrides
        /// --reference and --reference-rule for that breakdown only.
        #[arg(long, value_name = "BREAKDOWN=GROUP")]
        reference_in: Vec<String>,
        /// Confidence level for intervals, as a fraction (0.95) or a percentage (95).
        #[arg(long, default_value = "0.95", value_parser = parse_confidence)]
        confidence: f64,
        /// How job-rate intervals are worked out.
        #[arg(long, value_enum, default_value_t = Interval::Wilson)]
        interval: Interval,
        /// Output: a readable report, or JSON (the SPEC's section 4).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ReferenceRule {
    /// The group with the most people in IPS.
    Largest,
    /// The group with the highest job rate.
    HighestRate,
}

#[derive(Clone, Copy, ValueEnum)]
enum Interval {
    /// Wilson score interval.
    Wilson,
    /// Clopper-Pearson exact interval.
    Exact,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

const INVALID_INPUT: u8 = 2;

fn main() -> ExitCode {
    let Command::Analyse {
        file,
        reference,
        reference_rule,
        reference_in,
        confidence,
        interval,
        format,
    } = Cli::parse().command;
    let text = match read_input(&file) {
        Ok(text) => text,
        Err(message) => return fail(format, &[], Some(("file", &message))),
    };
    let table = read_table(&text);
    if !table.errors.is_empty() {
        return fail(format, &table.errors, None);
    }
    let mut options = Options {
        reference: match (&reference, reference_rule) {
            (Some(group), _) => Reference::Named(group.clone()),
            (None, ReferenceRule::Largest) => Reference::Largest,
            (None, ReferenceRule::HighestRate) => Reference::HighestJobRate,
        },
        confidence,
        interval: match interval {
            Interval::Wilson => IntervalMethod::Wilson,
            Interval::Exact => IntervalMethod::Exact,
        },
        ..Options::default()
    };
    for choice in &reference_in {
        match reference_in_breakdown(&table, choice) {
            Ok((breakdown, group)) => {
                options = options.with_reference_for(&breakdown, Reference::Named(group));
            }
            Err(message) => return fail(format, &[], Some(("reference-in", &message))),
        }
    }
    let analysis = analyse(&table, &options);
    if let Some(requested) = reference.as_deref().map(str::trim) {
        if !has_group(&analysis.report, requested) {
            let message = format!("There is no group called \u{201c}{requested}\u{201d} in the table, so it cannot be the reference group.");
            return fail(format, &[], Some(("reference", &message)));
        }
    }
    let output = match format {
        Format::Json => match serde_json::to_string_pretty(&analysis.report) {
            Ok(json) => json,
            Err(error) => return fail(format, &[], Some(("output", &error.to_string()))),
        },
        Format::Text => text_report::render(&analysis.report),
    };
    match writeln!(io::stdout().lock(), "{output}") {
        Ok(()) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

fn read_input(file: &PathBuf) -> Result<String, String> {
    let mut bytes = Vec::new();
    let result = if file.as_os_str() == "-" {
        io::stdin().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(file).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    result.map_err(|error| format!("Cannot read {}: {error}", file.display()))?;
    String::from_utf8(bytes).map_err(|_| {
        format!(
            "{} is not UTF-8 text. In Excel, save it as \u{201c}CSV UTF-8\u{201d} and try again.",
            file.display()
        )
    })
}

/// Reads `BREAKDOWN=GROUP` against the table: the breakdown is the text
/// before the first `=` that ends a breakdown's name (so that names with
/// `=` in them work too), and the group must be one of its groups. Returns
/// the names as the table spells them.
fn reference_in_breakdown(table: &ParsedTable, choice: &str) -> Result<(String, String), String> {
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    let Some((breakdown, requested)) = choice.match_indices('=').find_map(|(at, _)| {
        let (name, rest) = (choice.get(..at)?, choice.get(at + 1..)?);
        let breakdown = table
            .breakdowns
            .iter()
            .find(|breakdown| same(&breakdown.name, name))?;
        Some((breakdown, rest))
    }) else {
        let names: Vec<&str> = table
            .breakdowns
            .iter()
            .map(|breakdown| breakdown.name.as_str())
            .collect();
        return Err(format!(
            "\u{201c}{choice}\u{201d} does not start with a breakdown of the table and =, as in {}=GROUP; the breakdowns are: {}.",
            names.first().copied().unwrap_or("Ethnicity"),
            names.join(", "),
        ));
    };
    match breakdown
        .groups
        .iter()
        .find(|group| same(&group.name, requested))
    {
        Some(group) => Ok((breakdown.name.clone(), group.name.clone())),
        None => Err(format!(
            "There is no group called \u{201c}{}\u{201d} in {}, so it cannot be its reference group.",
            requested.trim(),
            breakdown.name,
        )),
    }
}

fn has_group(report: &Report, name: &str) -> bool {
    report.breakdowns.iter().any(|breakdown| {
        breakdown
            .groups
            .iter()
            .any(|group| group.group.trim().eq_ignore_ascii_case(name))
    })
}

/// Reports the problems on standard error (and as JSON on standard output
/// when JSON was asked for) and exits with status 2. `other` is a problem
/// that is not in a row of the table: the option or file it concerns, and
/// what is wrong.
fn fail(format: Format, errors: &[InputError], other: Option<(&str, &str)>) -> ExitCode {
    let mut stderr = io::stderr().lock();
    if let Some((_, message)) = other {
        let _ = writeln!(stderr, "error: {message}");
    }
    if !errors.is_empty() {
        let _ = writeln!(stderr, "There is a problem with the table:");
        for error in errors {
            let _ = writeln!(stderr, "  {error}");
        }
    }
    if format == Format::Json {
        let mut entries: Vec<serde_json::Value> = errors.iter().map(error_json).collect();
        if let Some((column, message)) = other {
            entries.push(serde_json::json!({ "row": null, "column": column, "value": "", "breakdown": null, "message": message }));
        }
        let _ = writeln!(
            io::stdout().lock(),
            "{}",
            serde_json::json!({ "errors": entries })
        );
    }
    ExitCode::from(INVALID_INPUT)
}

fn error_json(error: &InputError) -> serde_json::Value {
    serde_json::json!({
        "row": error.row,
        "column": error.column,
        "value": error.value,
        "breakdown": error.breakdown,
        "message": error.to_string(),
    })
}

/// Accepts 0.95 or 95 (a percentage); anything outside (0, 1) is refused.
fn parse_confidence(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("{text} is not a number; use 0.90, 0.95 or 0.99"))?;
    let fraction = if value >= 1.0 { value / 100.0 } else { value };
    if fraction > 0.0 && fraction < 1.0 {
        Ok(fraction)
    } else {
        Err(format!(
            "{text} is not a confidence level; use 0.90, 0.95 or 0.99"
        ))
    }
}
