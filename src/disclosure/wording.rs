//! The findings in publish-safe words: `crate::words`'s sentences with
//! rounded counts ("about 560 of 1,000"), percentages from the real counts,
//! and a plain sentence wherever figures are withheld. No sentence here
//! holds a withheld count or anything worked out from one.

use super::{BreakdownCells, GroupCells, Shown};
use crate::input::PopulationKind;
use crate::report::{BreakdownReport, GroupReport, Note, SMALL_NUMBERS};
use crate::words::{self, Counts, Who};

const RULES: &str = "under the publish-safe rules";

/// The group's findings as they may be published.
pub(super) fn group_findings(
    breakdown: &BreakdownReport,
    group: &GroupReport,
    cells: &GroupCells,
    all: &[GroupCells],
    total_ips: Shown,
    confidence: f64,
) -> Vec<String> {
    let who = Who::new(&group.group);
    let counts = Counts {
        ips: about(cells.ips),
        total_ips: total_ips.text(),
        employed: cells.employed.map(about),
    };
    let has_outcome = group.outcome.is_some();
    let mut findings = Vec::new();
    findings.push(if cells.access {
        words::access_sentence(group, &counts, confidence)
    } else if has_outcome && cells.job_rate {
        format!(
            "The share of {} among people accessing IPS is withheld {RULES}, so that no small count can be worked out from it.",
            who.mid_sentence()
        )
    } else {
        format!(
            "The figures for {} are withheld {RULES}, so that no small count can be worked out from them.",
            who.mid_sentence()
        )
    });
    if has_outcome {
        if cells.job_rate {
            // The comparison quotes the reference group's job rate, so that
            // rate's own flag is checked too, not the comparison's alone.
            let reference_rate_shown = breakdown
                .groups
                .iter()
                .zip(all)
                .any(|(group, cells)| group.is_reference && cells.job_rate);
            let withheld = format!("Its comparison with the reference group is withheld {RULES}.");
            let withheld =
                (!cells.comparison || !reference_rate_shown).then_some(withheld.as_str());
            findings.extend(words::outcome_sentence(
                breakdown, group, &counts, confidence, withheld,
            ));
        } else if cells.access {
            findings.push(format!(
                "The job rate of {} is withheld {RULES}, so that no small count can be worked out from it.",
                who.mid_sentence()
            ));
        }
    }
    let small = group
        .notes
        .iter()
        .any(|note| matches!(note, Note::SmallNumbers { .. }));
    if small && !cells.ips.is_withheld() {
        findings.push(format!(
            "Fewer than {SMALL_NUMBERS} {} are in IPS: numbers this small give wide intervals, so treat these figures with caution.",
            who.mid_sentence()
        ));
    }
    findings
}

/// The breakdown's findings as they may be published.
pub(super) fn breakdown_findings(
    breakdown: &BreakdownReport,
    cells: &BreakdownCells,
    confidence: f64,
) -> Vec<String> {
    let mut findings = test_findings(breakdown, cells, confidence);
    for (row, row_cells) in breakdown.excluded.iter().zip(&cells.excluded) {
        let label = &row.group;
        findings.push(match row_cells.ips {
            Shown::Count(0) => format!(
                "No one in IPS was recorded as \u{201c}{label}\u{201d}."
            ),
            Shown::Count(ips) => words::excluded_sentence(
                &format!("About {}", words::people_count(ips)),
                row.ips_share_of_total.filter(|_| row_cells.access),
                label,
            ),
            Shown::Primary | Shown::Secondary => format!(
                "The number of people in IPS recorded as \u{201c}{label}\u{201d} is withheld {RULES}; they are left out of the comparisons."
            ),
        });
    }
    findings
}

/// The tests across groups as they may be published: each test's sentence,
/// or, where the rules withhold that test, a sentence saying so in its
/// place (one for both when both are withheld).
fn test_findings(
    breakdown: &BreakdownReport,
    cells: &BreakdownCells,
    confidence: f64,
) -> Vec<String> {
    let access_withheld = !cells.access_tests && breakdown.access_test.is_some();
    let outcome_withheld = !cells.outcome_tests && breakdown.outcome_test.is_some();
    if access_withheld && outcome_withheld {
        return vec![format!(
            "The tests across groups are withheld {RULES}: they are worked out from every group's counts, and some of those are withheld."
        )];
    }
    let access = if cells.access_tests {
        words::access_test_finding(breakdown, confidence)
    } else {
        let counts = match breakdown.population_kind {
            PopulationKind::Count => "counts of people in IPS and in the population",
            PopulationKind::Percent => "counts of people in IPS",
        };
        access_withheld.then(|| format!(
            "The tests of who is in IPS across groups are withheld {RULES}: they are worked out from every group's {counts}, and some of those are withheld."
        ))
    };
    let outcome = if cells.outcome_tests {
        words::outcome_test_finding(breakdown, confidence)
    } else {
        outcome_withheld.then(|| format!(
            "The tests of job rates across groups are withheld {RULES}: they are worked out from every group's counts of people in IPS and in work, and some of those are withheld."
        ))
    };
    access.into_iter().chain(outcome).collect()
}

/// A rounded count in a sentence: "about 560"; a zero is exact.
fn about(shown: Shown) -> String {
    match shown {
        Shown::Count(0) => "0".to_string(),
        Shown::Count(count) => format!("about {}", words::count(count)),
        Shown::Primary | Shown::Secondary => Shown::WITHHELD.to_string(),
    }
}
