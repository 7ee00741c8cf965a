//! The page's example table (`src/app/example.csv`), which every visitor
//! sees first, must read cleanly and say what its doc comment says. The page
//! itself is checked after `trunk build` by `scripts/test`.

use ips_equity::analysis::{analyse_text, Options};

const EXAMPLE_TABLE: &str = include_str!("../src/app/example.csv");

fn assert_close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() <= 1e-12 * expected.abs(),
        "{actual} is not {expected}"
    );
}

#[test]
fn example_table_reads_without_errors_or_warnings() {
    let analysis = analyse_text(EXAMPLE_TABLE, &Options::default());
    assert!(analysis.errors.is_empty(), "{:?}", analysis.errors);
    assert!(
        analysis.report.warnings.is_empty(),
        "{:?}",
        analysis.report.warnings
    );
}

#[test]
fn example_table_is_one_ethnicity_breakdown_of_five_groups() {
    let analysis = analyse_text(EXAMPLE_TABLE, &Options::default());
    let [breakdown] = analysis.report.breakdowns.as_slice() else {
        panic!("expected one breakdown: {:?}", analysis.report.breakdowns);
    };
    assert_eq!(breakdown.name, "Ethnicity");
    assert_eq!(breakdown.reference_group, "White");
    assert_eq!(breakdown.total_ips, 1000);
    let groups: Vec<&str> = breakdown.groups.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(groups, ["White", "Black", "Asian", "Mixed", "Other"]);
    assert!(!breakdown.findings.is_empty());
}

#[test]
fn example_table_reports_its_not_known_row_apart() {
    let analysis = analyse_text(EXAMPLE_TABLE, &Options::default());
    let excluded = &analysis.report.breakdowns[0].excluded;
    assert_eq!(excluded.len(), 1);
    assert_eq!(excluded[0].group, "Not known");
    assert_eq!(excluded[0].ips, 47);
    assert_eq!(excluded[0].population, Some(1350));
}

#[test]
fn example_table_echoes_the_published_black_shares() {
    let analysis = analyse_text(EXAMPLE_TABLE, &Options::default());
    let black = &analysis.report.breakdowns[0].groups[1];
    assert_eq!(black.group, "Black");
    assert_close(black.access.population_share, 0.115);
    assert_close(black.access.ips_share, 0.175);
}
