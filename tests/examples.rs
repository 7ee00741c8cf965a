//! The worked examples: each loads without an input error and shows what it
//! is there to teach. Reference values: SciPy 1.17 (`chi2_contingency`
//! without correction, `binomtest`) and a direct enumeration of the
//! Freeman-Halton p-value over every table with the same margins.

use ips_equity::analysis::{analyse_text, Analysis, Options, Reference};
use ips_equity::examples::{example, examples};
use ips_equity::report::{BreakdownReport, Flag, GroupReport, Note};
use ips_equity::settings::from_query;
use ips_equity::stats::freeman_halton::ExactMethod;

const RELATIVE: f64 = 1e-9;

fn close(actual: f64, expected: f64) -> bool {
    (actual - expected).abs() <= RELATIVE * expected.abs()
}

fn analysed(id: &str) -> Analysis {
    let worked = example(id).unwrap_or_else(|| panic!("no example {id}"));
    let analysis = analyse_text(worked.text, &worked.with_reference(Options::default()));
    assert!(analysis.errors.is_empty(), "{id}: {:?}", analysis.errors);
    analysis
}

fn breakdown<'a>(analysis: &'a Analysis, name: &str) -> &'a BreakdownReport {
    analysis
        .report
        .breakdowns
        .iter()
        .find(|breakdown| breakdown.name == name)
        .unwrap_or_else(|| panic!("no breakdown {name}"))
}

fn group<'a>(breakdown: &'a BreakdownReport, name: &str) -> &'a GroupReport {
    breakdown
        .groups
        .iter()
        .find(|group| group.group == name)
        .unwrap_or_else(|| panic!("no group {name}"))
}

#[test]
fn every_example_analyses_cleanly_and_says_where_its_numbers_come_from() {
    assert!(examples().len() >= 3);
    for worked in examples() {
        let analysis = analysed(worked.id);
        assert!(!analysis.report.breakdowns.is_empty(), "{}", worked.id);
        assert!(
            analysis.report.warnings.is_empty(),
            "{}: {:?}",
            worked.id,
            analysis.report.warnings
        );
        assert!(
            worked
                .source
                .starts_with("Synthetic: invented for teaching")
                || worked.source.starts_with("Echoes published figures"),
            "{}",
            worked.id
        );
        assert!(!worked.title.is_empty() && !worked.summary.is_empty());
        let (settings, notes) = from_query(&format!("example={}", worked.id));
        assert_eq!((settings.example, notes), (Some(worked.id), Vec::new()));
    }
}

#[test]
fn the_small_service_holds_three_breakdowns_in_one_table() {
    let analysis = analysed("small-service");
    let names: Vec<&str> = analysis
        .report
        .breakdowns
        .iter()
        .map(|b| b.name.as_str())
        .collect();
    assert_eq!(names, ["Ethnicity", "Sex", "Age band"]);

    let ethnicity = breakdown(&analysis, "Ethnicity");
    let groups: Vec<&str> = ethnicity.groups.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(groups, ["White", "Black", "Asian", "Mixed", "Other"]);
    assert_eq!(ethnicity.excluded.len(), 1);
    assert_eq!(ethnicity.excluded[0].group, "Not known");
    assert_eq!(ethnicity.excluded[0].ips, 14);
    assert!(close(
        ethnicity.excluded[0].ips_share_of_total.unwrap(),
        14.0 / 240.0
    ));
    assert_eq!(ethnicity.total_ips + ethnicity.excluded[0].ips, 240);

    let sex = breakdown(&analysis, "Sex");
    assert_eq!(sex.groups.len(), 2);
    assert_eq!(sex.total_ips, 240);

    // The suggested reference: the age band with the most people in the
    // population, not the one with the most in IPS (25-34).
    let age = breakdown(&analysis, "Age band");
    assert_eq!(age.groups.len(), 4);
    assert_eq!(age.total_ips, 240);
    assert_eq!(age.reference_group, "35-49");
    assert_eq!(
        analyse_text(example("small-service").unwrap().text, &Options::default())
            .report
            .breakdowns[2]
            .reference_group,
        "25-34"
    );
    assert_eq!(
        example("small-service")
            .unwrap()
            .with_reference(Options::default())
            .reference_for("Age band"),
        &Reference::Named("35-49".into())
    );

    // Every breakdown counts the same people.
    for breakdown in &analysis.report.breakdowns {
        let employed: u64 = breakdown
            .groups
            .iter()
            .filter_map(|g| g.employed)
            .sum::<u64>()
            + breakdown
                .excluded
                .iter()
                .filter_map(|g| g.employed)
                .sum::<u64>();
        assert_eq!(employed, 82, "{}", breakdown.name);
    }
}

#[test]
fn the_under_represented_example_flags_its_group_with_an_interval_below_one() {
    let analysis = analysed("under-represented");
    let ethnicity = breakdown(&analysis, "Ethnicity");
    let asian = group(ethnicity, "Asian or Asian British");
    let access = &asian.access;
    let ratio = access.representation_ratio.unwrap();
    assert!(close(ratio, (45.0 / 562.0) / (1500.0 / 7200.0)));
    assert!(ratio < 0.80);
    assert_eq!(access.flag, Some(Flag::Below));
    assert!(access.representation_ratio_ci.unwrap().upper < 1.0);
    assert!(close(access.p_value.unwrap(), 1.4233461905754447e-16));
    // The only group flagged for access ...
    let flagged: Vec<&str> = ethnicity
        .groups
        .iter()
        .filter(|g| g.access.flag.is_some())
        .map(|g| g.group.as_str())
        .collect();
    assert_eq!(flagged, ["Asian or Asian British"]);
    // ... while its job rate, once in IPS, could differ from the reference's by chance.
    let outcome = asian.outcome.as_ref().unwrap();
    let difference = outcome.difference_ci.unwrap();
    assert!(difference.lower < 0.0 && difference.upper > 0.0);
    assert!(outcome.p_value.unwrap() > 0.5);
}

#[test]
fn the_tiny_example_needs_the_exact_test_and_its_cautions() {
    let analysis = analysed("tiny-numbers");
    let ethnicity = breakdown(&analysis, "Ethnicity");
    let test = ethnicity.outcome_test.unwrap();
    assert!(test.small_expected_counts);
    assert_eq!(test.exact_method, Some(ExactMethod::Exact));
    // The chi-square approximation says p < 0.05; the exact test, the one
    // to read here, does not.
    assert!(close(test.p_value.unwrap(), 0.04405975616298783));
    assert!(close(test.exact_p_value.unwrap(), 0.11700017250301879));
    let cautioned: Vec<(&str, u64)> = ethnicity
        .groups
        .iter()
        .filter_map(|g| {
            g.notes.iter().find_map(|note| match note {
                Note::SmallNumbers { people } => Some((g.group.as_str(), *people)),
                _ => None,
            })
        })
        .collect();
    assert_eq!(
        cautioned,
        [("Black", 3), ("Asian", 2), ("Mixed", 2), ("Other", 1)]
    );
    for group in ethnicity.groups.iter().filter(|g| g.ips < 10) {
        assert!(
            group
                .findings
                .iter()
                .any(|finding| finding.contains("treat these figures with caution")),
            "{}",
            group.group
        );
    }
    assert_eq!(ethnicity.excluded[0].group, "Not known");
}

#[test]
fn the_london_echo_gives_the_published_shares() {
    let analysis = analysed("london-echo");
    let black = group(breakdown(&analysis, "Ethnicity"), "Black");
    assert!(close(black.access.ips_share, 0.175));
    assert!(close(black.access.population_share, 0.115));
    assert!(close(
        black.access.representation_ratio.unwrap(),
        1.5217391304347825
    ));
    let asian = group(breakdown(&analysis, "Ethnicity"), "Asian");
    assert_eq!(asian.access.flag, Some(Flag::Below));
}
