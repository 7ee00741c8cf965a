//! The findings in publish-safe words: the meaning of `crate::words`'s
//! sentences with rounded counts ("about 560 of 1,000"), percentages from
//! the real counts, and a plain sentence wherever figures are withheld.
//! No sentence here holds a withheld count or anything worked out from one.

use super::{BreakdownCells, GroupCells, Shown};
use crate::report::{BreakdownReport, GroupReport, Note, SMALL_NUMBERS};
use crate::stats::Interval;
use crate::words::{self, confidence_label, percent, ratio_text, signed_number};

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
    let name = group_name(&group.group);
    let has_outcome = group.outcome.is_some();
    let mut findings = Vec::new();
    findings.push(if cells.access {
        access_sentence(group, cells, total_ips, confidence)
    } else if has_outcome && cells.job_rate {
        format!(
            "The {name}'s share of people accessing IPS is withheld {RULES}, so that no small count can be worked out from it."
        )
    } else {
        format!(
            "The figures of the {name} are withheld {RULES}, so that no small count can be worked out from them."
        )
    });
    if has_outcome {
        if cells.job_rate {
            if let Some(sentence) = outcome_sentence(breakdown, group, cells, all, confidence) {
                findings.push(sentence);
            }
        } else if cells.access {
            findings.push(format!(
                "The {name}'s job rate is withheld {RULES}, so that no small count can be worked out from it."
            ));
        }
    }
    let small = group
        .notes
        .iter()
        .any(|note| matches!(note, Note::SmallNumbers { .. }));
    if small && !cells.ips.is_withheld() {
        findings.push(format!(
            "Fewer than {SMALL_NUMBERS} people from the {name} are in IPS: numbers this small give wide intervals, so treat these figures with caution."
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
    let mut findings = if cells.tests {
        // The tests' sentences hold no counts; the excluded rows' do, so
        // they are worded here instead.
        let tests_only = BreakdownReport {
            excluded: Vec::new(),
            ..breakdown.clone()
        };
        words::breakdown_findings(&tests_only, confidence)
    } else if breakdown.access_test.is_some() || breakdown.outcome_test.is_some() {
        vec![format!(
            "The tests across groups are withheld {RULES}: they are worked out from every group's counts, and some of those are withheld."
        )]
    } else {
        Vec::new()
    };
    for (row, row_cells) in breakdown.excluded.iter().zip(&cells.excluded) {
        let label = &row.group;
        findings.push(match row_cells.ips {
            Shown::Count(0) => format!(
                "No one in IPS was recorded as \u{201c}{label}\u{201d}."
            ),
            Shown::Count(ips) => {
                let share = row
                    .ips_share_of_total
                    .filter(|_| row_cells.access)
                    .map(|share| format!(" ({} of everyone in IPS)", percent(share)))
                    .unwrap_or_default();
                format!(
                    "About {} in IPS{share} were recorded as \u{201c}{label}\u{201d} and are left out of the comparisons.",
                    people(ips)
                )
            }
            Shown::Primary | Shown::Secondary => format!(
                "The number of people in IPS recorded as \u{201c}{label}\u{201d} is withheld {RULES}; they are left out of the comparisons."
            ),
        });
    }
    findings
}

fn access_sentence(
    group: &GroupReport,
    cells: &GroupCells,
    total_ips: Shown,
    confidence: f64,
) -> String {
    let access = &group.access;
    let opening = format!(
        "The {} made up {} of people accessing IPS ({} of {})",
        group_name(&group.group),
        percent(access.ips_share),
        about(cells.ips),
        total_ips.text(),
    );
    let (Some(ratio), Some(interval)) =
        (access.representation_ratio, access.representation_ratio_ci)
    else {
        return format!(
            "{opening}. The table gives them no share of the reference population, so there is no expected share to compare with."
        );
    };
    let reading = if interval.contains(1.0) {
        "The interval includes 1, so this is consistent with IPS reaching them in proportion."
    } else if interval.upper < 1.0 {
        "IPS reaches fewer of them than their share of the population would suggest."
    } else {
        "IPS reaches more of them than their share of the population would suggest."
    };
    format!(
        "{opening}, compared with {} of the reference population: {} times their expected share ({}). {reading}",
        percent(access.population_share),
        ratio_text(ratio),
        interval_text(interval, confidence, ratio_text),
    )
}

fn outcome_sentence(
    breakdown: &BreakdownReport,
    group: &GroupReport,
    cells: &GroupCells,
    all: &[GroupCells],
    confidence: f64,
) -> Option<String> {
    let outcome = group.outcome.as_ref()?;
    let name = group_name(&group.group);
    let Some(rate) = outcome.rate else {
        return Some(format!(
            "No one from the {name} is in IPS, so there is no job rate."
        ));
    };
    let employed = cells.employed?;
    let mut sentence = format!(
        "In the {name}, {} of {} people in IPS gained a job ({}",
        about(employed),
        about(cells.ips),
        percent(rate),
    );
    if let Some(interval) = outcome.rate_ci {
        sentence.push_str(&format!(
            ", {}",
            interval_text(interval, confidence, percent)
        ));
    }
    sentence.push(')');
    if group.is_reference {
        sentence.push_str(". They are the reference group the others are compared with.");
        return Some(sentence);
    }
    if !cells.comparison {
        sentence.push_str(&format!(
            ". Its comparison with the reference group is withheld {RULES}."
        ));
        return Some(sentence);
    }
    let (reference, _) = breakdown
        .groups
        .iter()
        .zip(all)
        .find(|(group, _)| group.is_reference)?;
    let reference_rate = reference.outcome.as_ref()?.rate?;
    sentence.push_str(&format!(
        ", compared with {} in the {}",
        percent(reference_rate),
        group_name(&reference.group),
    ));
    if let (Some(difference), Some(interval)) = (outcome.difference, outcome.difference_ci) {
        sentence.push_str(&format!(
            ": a difference of {} percentage points ({})",
            signed_number(difference),
            interval_text(interval, confidence, signed_number),
        ));
    }
    if let Some(ratio) = outcome.ratio {
        let interval = outcome
            .ratio_ci
            .map(|ci| format!(" ({})", interval_text(ci, confidence, ratio_text)))
            .unwrap_or_default();
        sentence.push_str(&format!(
            ", {} times their job rate{interval}",
            ratio_text(ratio)
        ));
    }
    let chance = match (outcome.ratio_ci, outcome.difference_ci) {
        (Some(ci), _) => Some(!ci.contains(1.0)),
        (None, Some(ci)) => Some(!ci.contains(0.0)),
        _ => None,
    };
    sentence.push('.');
    sentence.push_str(match (chance, outcome.difference) {
        (Some(false), _) => " The interval includes no difference, so this could be due to chance.",
        (Some(true), Some(d)) if d < 0.0 => " Their job rate is lower than the reference group's.",
        (Some(true), Some(_)) => " Their job rate is higher than the reference group's.",
        _ => "",
    });
    Some(sentence)
}

/// How a group is named after "the": "White group", "Other ethnic group"
/// (the label as the user wrote it, so that every label reads the same way).
fn group_name(label: &str) -> String {
    let label = label.trim();
    if label.to_lowercase().ends_with("group") {
        label.to_string()
    } else {
        format!("{label} group")
    }
}

/// A rounded count in a sentence: "about 560"; a zero is exact.
fn about(shown: Shown) -> String {
    match shown {
        Shown::Count(0) => "0".to_string(),
        Shown::Count(count) => format!("about {}", words::count(count)),
        Shown::Primary | Shown::Secondary => Shown::WITHHELD.to_string(),
    }
}

/// "45 people", "1 person".
fn people(count: u64) -> String {
    match count {
        1 => "1 person".to_string(),
        _ => format!("{} people", words::count(count)),
    }
}

/// "95% CI 1.21 to 1.88".
fn interval_text(interval: Interval, confidence: f64, format: fn(f64) -> String) -> String {
    format!(
        "{} CI {} to {}",
        confidence_label(confidence),
        format(interval.lower),
        format(interval.upper)
    )
}
