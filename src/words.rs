//! The wording of results: plain-language sentences for each finding and
//! each note, written for an IPS service manager rather than a statistician
//! (NHS and GOV.UK style: short sentences, numbers people can check).
//!
//! Every sentence is built from the report's figures; nothing is computed
//! here that the report does not already hold, beyond rounding for display.
//! The publish-safe findings (`crate::disclosure`) are built by the same
//! sentence builders, given the counts as they may be published ([`Counts`]).

use std::fmt;

use crate::report::{BreakdownReport, GroupReport, Note};
use crate::stats::freeman_halton::ExactMethod;
use crate::stats::Interval;

/// The group's findings: how IPS reaches it, and how its job rate compares.
pub fn group_findings(
    breakdown: &BreakdownReport,
    group: &GroupReport,
    confidence: f64,
) -> Vec<String> {
    let counts = Counts {
        ips: count(group.ips),
        total_ips: count(breakdown.total_ips),
        employed: group.employed.map(count),
    };
    let mut findings = vec![access_sentence(group, &counts, confidence)];
    if let Some(sentence) = outcome_sentence(breakdown, group, &counts, confidence, None) {
        findings.push(sentence);
    }
    if let Some(caution) = group
        .notes
        .iter()
        .find(|note| matches!(note, Note::SmallNumbers { .. }))
    {
        findings.push(caution.to_string());
    }
    findings
}

/// The breakdown's findings: its tests, and what was left out.
pub fn breakdown_findings(breakdown: &BreakdownReport, confidence: f64) -> Vec<String> {
    let mut findings = test_findings(breakdown, confidence);
    findings.extend(breakdown.excluded.iter().map(|excluded| {
        excluded_sentence(
            &people_count(excluded.ips),
            excluded.ips_share_of_total,
            &excluded.group,
        )
    }));
    findings
}

/// The counts a group's sentences quote, as the reader is to see them:
/// exact ("175") in the ordinary findings, rounded ("about 175") in the
/// publish-safe ones (`crate::disclosure`), so that both read alike.
pub(crate) struct Counts {
    /// People from the group in IPS.
    pub(crate) ips: String,
    /// Everyone in IPS across the groups compared.
    pub(crate) total_ips: String,
    /// People from the group who gained a job; `None` without job counts.
    pub(crate) employed: Option<String>,
}

/// The breakdown's tests across groups, in words: the access test's, then
/// the job outcome test's ([`access_test_finding`], [`outcome_test_finding`]).
pub(crate) fn test_findings(breakdown: &BreakdownReport, confidence: f64) -> Vec<String> {
    access_test_finding(breakdown, confidence)
        .into_iter()
        .chain(outcome_test_finding(breakdown, confidence))
        .collect()
}

/// The goodness-of-fit test of who is in IPS against the reference
/// population, in words; `None` without it. It quotes no counts. Apart from
/// [`outcome_test_finding`], since the publish-safe rules may withhold one
/// test and not the other (`crate::disclosure`).
pub(crate) fn access_test_finding(breakdown: &BreakdownReport, confidence: f64) -> Option<String> {
    let test = breakdown.access_test.as_ref()?;
    Some(format!(
        "Across the {} groups, the make-up of people in IPS {} from the reference population by more than chance would explain (chi-square {:.2}, {} degrees of freedom, {}).",
        breakdown.groups.len(),
        if test.p_value < 1.0 - confidence { "differs" } else { "does not differ" },
        test.statistic,
        test.df,
        p_value(test.p_value),
    ))
}

/// The Freeman-Halton test of job rates across the groups, in words (or
/// that it is still being worked out); `None` without job counts. It quotes
/// no counts.
pub(crate) fn outcome_test_finding(breakdown: &BreakdownReport, confidence: f64) -> Option<String> {
    let test = breakdown.outcome_test?;
    if test.exact_pending() {
        return Some(
            "Whether job rates differ between groups by more than chance would explain: the Freeman-Halton exact test is still being worked out.".to_string(),
        );
    }
    let (exact_p, method) = (test.exact_p_value?, test.exact_method?);
    let method = match method {
        ExactMethod::Exact => "Freeman-Halton exact test".to_string(),
        ExactMethod::MonteCarlo => format!(
            "Freeman-Halton exact test, estimated from random tables, standard error {}",
            significant(test.exact_p_value_se.unwrap_or(0.0))
        ),
    };
    Some(format!(
        "Job rates {} between groups by more than chance would explain ({method}, {}).",
        if exact_p < 1.0 - confidence {
            "differ"
        } else {
            "do not differ"
        },
        p_value(exact_p),
    ))
}

/// A row left out of the comparisons ("Not known"): `people` in IPS
/// ("45 people", "About 45 people"), with their share of everyone in IPS
/// when it may be shown.
pub(crate) fn excluded_sentence(people: &str, share: Option<f64>, label: &str) -> String {
    let share = share
        .map(|share| format!(" ({} of everyone in IPS)", percent(share)))
        .unwrap_or_default();
    format!(
        "{people} in IPS{share} were recorded as \u{201c}{label}\u{201d} and are left out of the comparisons."
    )
}

/// How IPS reaches the group: its share of people in IPS against its share
/// of the reference population, and the representation ratio's interval.
pub(crate) fn access_sentence(group: &GroupReport, counts: &Counts, confidence: f64) -> String {
    let access = &group.access;
    let who = Who::new(&group.group);
    let opening = format!(
        "{} made up {} of people accessing IPS ({} of {})",
        who.capitalised(),
        percent(access.ips_share),
        counts.ips,
        counts.total_ips,
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

/// The group's job rate and how it compares with the reference group's;
/// `None` without job counts. Where the comparison may not be shown,
/// `withheld_comparison` is said in its place.
pub(crate) fn outcome_sentence(
    breakdown: &BreakdownReport,
    group: &GroupReport,
    counts: &Counts,
    confidence: f64,
    withheld_comparison: Option<&str>,
) -> Option<String> {
    let outcome = group.outcome.as_ref()?;
    let who = Who::new(&group.group);
    let employed = counts.employed.as_ref()?;
    let Some(rate) = outcome.rate else {
        return Some(format!(
            "No {} are in IPS, so there is no job rate.",
            who.mid_sentence()
        ));
    };
    // Rounded counts open with "about", so the sentence is capitalised.
    let rate_part = capitalise(&format!(
        "{employed} of {} {} in IPS gained a job ({}",
        counts.ips,
        who.mid_sentence(),
        percent(rate),
    ));
    let rate_part = match outcome.rate_ci {
        Some(interval) => format!(
            "{rate_part}, {})",
            interval_text(interval, confidence, percent)
        ),
        None => format!("{rate_part})"),
    };
    if group.is_reference {
        return Some(format!(
            "{rate_part}. They are the reference group the others are compared with."
        ));
    }
    if let Some(withheld) = withheld_comparison {
        return Some(format!("{rate_part}. {withheld}"));
    }
    let reference = breakdown.groups.iter().find(|g| g.is_reference)?;
    let reference_rate = reference.outcome.as_ref()?.rate?;
    let mut sentence = format!(
        "{rate_part}, compared with {} of {}",
        percent(reference_rate),
        Who::new(&reference.group).mid_sentence(),
    );
    if let (Some(difference), Some(interval)) = (outcome.difference, outcome.difference_ci) {
        sentence.push_str(&format!(
            ": a difference of {} ({})",
            points(difference),
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
    let reading = match (chance, outcome.difference) {
        (Some(false), _) => " The interval includes no difference, so this could be due to chance.",
        (Some(true), Some(d)) if d < 0.0 => " Their job rate is lower than the reference group's.",
        (Some(true), Some(_)) => " Their job rate is higher than the reference group's.",
        _ => "",
    };
    sentence.push('.');
    sentence.push_str(reading);
    Some(sentence)
}

/// How a group is named in a sentence: "Black/Black British people",
/// "people aged 18-24", "women".
pub(crate) struct Who(String);

impl Who {
    pub(crate) fn new(label: &str) -> Who {
        let label = label.trim();
        let lower = label.to_lowercase();
        let phrase = if ["people", "men", "women", "adults", "clients", "persons"]
            .iter()
            .any(|word| lower.ends_with(word))
        {
            label.to_string()
        } else if lower == "male" || lower == "males" {
            "men".to_string()
        } else if lower == "female" || lower == "females" {
            "women".to_string()
        } else if lower.starts_with(|c: char| c.is_ascii_digit())
            || ["under ", "over ", "aged "]
                .iter()
                .any(|word| lower.starts_with(word))
        {
            format!(
                "people aged {}",
                trim_start_all(trim_start_all(label, "aged "), "Aged ")
            )
        } else {
            format!("{label} people")
        };
        Who(phrase)
    }

    pub(crate) fn mid_sentence(&self) -> &str {
        &self.0
    }

    pub(crate) fn capitalised(&self) -> String {
        capitalise(&self.0)
    }
}

/// `text` with its first letter in capitals.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `value` with `decimals` decimal places, rounded half away from zero as
/// people and spreadsheets round (Rust's `format!` rounds an exact half to
/// even, so 31.25 would show as 31.2). A nudge of a few units in the last
/// place first undoes binary noise: 0.175 is stored as 0.17499999999999999.
pub fn fixed(value: f64, decimals: usize) -> String {
    let factor = 10f64.powi(decimals as i32);
    let rounded = (value * factor * (1.0 + 4.0 * f64::EPSILON)).round() / factor;
    let text = format!("{rounded:.decimals$}");
    match text.strip_prefix('-') {
        Some(magnitude) if magnitude.chars().all(|c| c == '0' || c == '.') => magnitude.to_string(),
        _ => text,
    }
}

/// "17.5%".
pub fn percent(fraction: f64) -> String {
    format!("{}%", fixed(fraction * 100.0, 1))
}

/// "−12.3 percentage points".
fn points(difference: f64) -> String {
    format!("{} percentage points", signed_number(difference))
}

/// A difference of proportions in percentage points, with a true minus
/// sign: "−12.3", "5.2".
pub fn signed_number(difference: f64) -> String {
    let text = fixed(difference * 100.0, 1);
    match text.strip_prefix('-') {
        Some(magnitude) => format!("\u{2212}{magnitude}"),
        None => text,
    }
}

/// "1.52".
pub fn ratio_text(ratio: f64) -> String {
    fixed(ratio, 2)
}

/// "95% CI 1.21 to 1.88".
pub(crate) fn interval_text(
    interval: Interval,
    confidence: f64,
    format: fn(f64) -> String,
) -> String {
    format!(
        "{} CI {} to {}",
        confidence_label(confidence),
        format(interval.lower),
        format(interval.upper)
    )
}

/// "95%", "99.9%".
pub fn confidence_label(confidence: f64) -> String {
    let percent = fixed(confidence * 100.0, 1);
    // One decimal, so at most one ".0" to drop.
    format!("{}%", percent.strip_suffix(".0").unwrap_or(&percent))
}

/// "p = 0.012", "p < 0.001".
pub fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < 0.001".to_string()
    } else {
        format!("p = {}", fixed(p, 3))
    }
}

/// Two significant figures, for a standard error.
fn significant(value: f64) -> String {
    if value <= 0.0 {
        return "0".to_string();
    }
    let decimals = (1 - value.log10().floor() as i32).max(0) as usize;
    format!("{value:.decimals$}")
}

/// `text` without every leading repeat of `prefix`, as
/// `trim_start_matches` does; a loop of `strip_prefix` spares the page's
/// wasm the general substring searcher that a `&str` pattern brings.
pub(crate) fn trim_start_all<'a>(mut text: &'a str, prefix: &str) -> &'a str {
    while let Some(rest) = text.strip_prefix(prefix).filter(|_| !prefix.is_empty()) {
        text = rest;
    }
    text
}

/// "1,150".
pub fn count(value: u64) -> String {
    let digits = value.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

/// "45 people", "1 person".
pub(crate) fn people_count(value: u64) -> String {
    match value {
        1 => "1 person".to_string(),
        _ => format!("{} people", count(value)),
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::NoPopulation => write!(f, "This group has no share of the reference population, so it has no expected share."),
            Note::NoOneInIps => write!(f, "No one from this group is in IPS."),
            Note::ReferenceHasNoJobs => write!(f, "No one in the reference group gained a job, so ratios to its job rate cannot be worked out."),
            Note::NoJobs => write!(f, "No one in this group gained a job, so the interval for the ratio of job rates cannot be worked out."),
            Note::ReferenceHasNoIps => write!(f, "No one in the reference group is in IPS, so this group cannot be compared with it."),
            Note::SmallNumbers { people } => write!(f, "Only {} in IPS: numbers this small give wide intervals, so treat these figures with caution.", people_count(*people)),
            Note::ReferenceNotFound { requested } => write!(f, "there is no group called \u{201c}{requested}\u{201d}, so the group with the most people in IPS is the reference."),
            Note::NoJobRatesForReference => write!(f, "there are no job rates to pick the group with the highest one, so the group with the most people in IPS is the reference."),
            Note::PercentPopulation => write!(f, "The population is given as percentages, so access rates, relative access and the uptake and two-sample tests, which need counts, are not shown."),
            Note::TooFewGroupsForOutcomes => write!(f, "Fewer than two groups have anyone in IPS, so job outcomes cannot be compared."),
            Note::NoVariationInOutcomes => write!(f, "Everyone, or no one, gained a job, so the chi-square test of job rates cannot be worked out; the exact test's p-value is 1."),
            Note::ZeroPopulationShare => write!(f, "A group has no share of the reference population, so the goodness-of-fit test cannot be worked out."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_people_read_them() {
        assert_eq!(percent(0.175), "17.5%");
        assert_eq!(percent(20.0 / 64.0), "31.3%");
        assert_eq!(fixed(-0.0004, 2), "0.00");
        assert_eq!(fixed(2.675, 2), "2.68");
        assert_eq!(p_value(0.0125), "p = 0.013");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(count(365), "365");
        assert_eq!(ratio_text(1.5234), "1.52");
        assert_eq!(p_value(0.0123), "p = 0.012");
        assert_eq!(p_value(0.0004), "p < 0.001");
        assert_eq!(confidence_label(0.95), "95%");
        assert_eq!(confidence_label(0.999), "99.9%");
        assert_eq!(points(-0.123), "\u{2212}12.3 percentage points");
        assert_eq!(signed_number(-0.0001), "0.0");
        assert_eq!(significant(0.000_123_4), "0.00012");
    }

    #[test]
    fn leading_repeats_are_trimmed_as_trim_start_matches_trims_them() {
        for (text, prefix) in [
            ("aged aged 18", "aged "),
            ("aged", "aged "),
            ("p < 0.001", "p "),
            ("p p p", "p "),
            ("", "p "),
            ("text", ""),
        ] {
            assert_eq!(
                trim_start_all(text, prefix),
                text.trim_start_matches(prefix)
            );
        }
        assert_eq!(trim_start_all("aged aged 18-24", "aged "), "18-24");
    }

    #[test]
    fn groups_are_named_naturally() {
        assert_eq!(
            Who::new("Black/Black British").capitalised(),
            "Black/Black British people"
        );
        assert_eq!(Who::new("Female").mid_sentence(), "women");
        assert_eq!(Who::new("18-24").capitalised(), "People aged 18-24");
        assert_eq!(Who::new("Under 25").mid_sentence(), "people aged Under 25");
        assert_eq!(Who::new("Older adults").mid_sentence(), "Older adults");
    }
}
