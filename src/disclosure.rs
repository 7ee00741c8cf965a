//! Publish-safe figures (statistical disclosure control).
//!
//! Placeholder API: every count is shown as it is. The rules are filled in
//! by the module's owner.

use crate::report::Report;

/// The rules applied to everything shown and exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Counts from 1 to this are suppressed (NHS practice: 7).
    pub threshold: u64,
    /// Other counts are rounded to the nearest multiple of this (5).
    pub rounding: u64,
}

impl Default for Rules {
    fn default() -> Rules {
        Rules {
            threshold: 7,
            rounding: 5,
        }
    }
}

/// How one count may be published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The count, rounded by the rules.
    Count(u64),
    /// Withheld: the count itself is small.
    Primary,
    /// Withheld so that a small count cannot be worked out from the others.
    Secondary,
}

/// What may be published of one group (or one excluded row).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupCells {
    pub population: Option<Shown>,
    pub ips: Shown,
    pub employed: Option<Shown>,
    /// Shares, expected count, representation ratio, access rate, relative
    /// access, their intervals, p-values and flags.
    pub access: bool,
    /// The job rate and its interval.
    pub job_rate: bool,
    /// Difference, ratio, p-values and flag against the reference group.
    pub comparison: bool,
    /// The group's findings as they may be published.
    pub findings: Vec<String>,
}

/// What may be published of one breakdown.
#[derive(Debug, Clone, PartialEq)]
pub struct BreakdownCells {
    /// In the order of the report's groups.
    pub groups: Vec<GroupCells>,
    /// In the order of the report's excluded rows.
    pub excluded: Vec<GroupCells>,
    /// N, everyone in IPS across the groups compared.
    pub total_ips: Shown,
    /// Whether the breakdown's tests may be published.
    pub tests: bool,
    /// The breakdown's findings as they may be published.
    pub findings: Vec<String>,
}

/// The publish-safe view of a whole report.
#[derive(Debug, Clone, PartialEq)]
pub struct Disclosure {
    pub rules: Rules,
    /// In the order of the report's breakdowns.
    pub breakdowns: Vec<BreakdownCells>,
}

/// Applies the rules to a report.
pub fn protect(report: &Report, rules: &Rules) -> Disclosure {
    let shown = |count: u64| Shown::Count(count);
    Disclosure {
        rules: *rules,
        breakdowns: report
            .breakdowns
            .iter()
            .map(|breakdown| BreakdownCells {
                groups: breakdown
                    .groups
                    .iter()
                    .map(|group| GroupCells {
                        population: group.population.map(shown),
                        ips: shown(group.ips),
                        employed: group.employed.map(shown),
                        access: true,
                        job_rate: true,
                        comparison: true,
                        findings: group.findings.clone(),
                    })
                    .collect(),
                excluded: breakdown
                    .excluded
                    .iter()
                    .map(|row| GroupCells {
                        population: row.population.map(shown),
                        ips: shown(row.ips),
                        employed: row.employed.map(shown),
                        access: true,
                        job_rate: true,
                        comparison: false,
                        findings: Vec::new(),
                    })
                    .collect(),
                total_ips: shown(breakdown.total_ips),
                tests: true,
                findings: breakdown.findings.clone(),
            })
            .collect(),
    }
}
