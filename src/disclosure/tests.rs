use proptest::prelude::*;

use super::suppression::{Puzzle, Term};
use super::*;
use crate::analysis::{analyse_text_with, ExactTests, Options};

fn analysed(text: &str) -> Report {
    let analysis = analyse_text_with(text, &Options::default(), ExactTests::Defer);
    assert_eq!(analysis.errors, vec![], "{text}");
    analysis.report
}

fn counts(cells: &GroupCells) -> [Option<Shown>; 3] {
    [cells.population, Some(cells.ips), cells.employed]
}

use Shown::{Count, Primary, Secondary};

#[test]
fn counts_are_rounded_to_the_nearest_five_and_small_ones_withheld() {
    let rules = Rules::default();
    let shown: Vec<Shown> = [0, 1, 7, 8, 12, 13, 15, 47, 196, 1_002]
        .into_iter()
        .map(|count| rules.show(count))
        .collect();
    assert_eq!(
        shown,
        [
            Count(0),
            Primary,
            Primary,
            Count(10),
            Count(10),
            Count(15),
            Count(15),
            Count(45),
            Count(195),
            Count(1_000)
        ]
    );
    let even = Rules {
        threshold: 0,
        rounding: 10,
    };
    // Halfway goes up; 1 to 4 would show as 0, so they are withheld.
    assert_eq!(even.show(25), Count(30));
    assert_eq!(even.show(24), Count(20));
    assert_eq!(even.show(4), Primary);
    assert_eq!(even.show(5), Count(10));
    let none = Rules {
        threshold: 0,
        rounding: 0,
    };
    assert_eq!((none.show(1), none.show(13)), (Count(1), Count(13)));
    // No overflow at the top: a count that would round past the largest
    // number stays at it.
    assert_eq!(Rules::default().round(u64::MAX - 1), u64::MAX);
    let six = Rules {
        threshold: 7,
        rounding: 6,
    };
    assert_eq!(six.round(u64::MAX), u64::MAX);
}

#[test]
fn the_rules_are_stated_in_plain_words() {
    let words = Rules::default().describe();
    assert_eq!(words.len(), 5);
    assert_eq!(
        words[0],
        "Counts of people from 1 to 7 are withheld and shown as *. Zeros are shown: a zero names no one."
    );
    assert!(words[1].starts_with("Other counts are rounded to the nearest 5"));
    assert_eq!(
        words[4],
        "Tests across groups are shown only when none of the counts they are worked out from is withheld: the access tests use the groups' counts of people in IPS and in the population, the tests of job rates their counts of people in IPS and in work. Holm-adjusted p-values are shown only when none of the groups' figures is withheld."
    );
    let plain = Rules {
        threshold: 0,
        rounding: 1,
    }
    .describe();
    assert_eq!(plain.len(), 1);
    assert_eq!(Shown::Primary.text(), Shown::Secondary.text());
    assert_eq!(Count(10_000).text(), "10,000");
}

const SMALL_GROUP: &str = "Ethnicity,Population,IPS,Employed
White,5600,560,196
Black,1150,175,60
Asian,2150,140,42
Mixed,600,4,1
Other,500,65,20
Not known,1350,47,14
";

#[test]
fn a_small_group_is_withheld_with_the_next_smallest_group_beside_it() {
    let report = analysed(SMALL_GROUP);
    let safe = protect(&report, &Rules::default());
    let breakdown = &safe.breakdowns[0];
    let masks: Vec<[Option<Shown>; 3]> = breakdown.groups.iter().map(counts).collect();
    // Hand-worked: Mixed's 4 and 1 are small; in each column the smallest
    // other count (Other's 65 in IPS; then Other's 20 employed, its row
    // already partly withheld) leaves both with at least two values:
    // IPS 4 + 65 = 69 with Other's at least 20 (its job count) gives Mixed
    // 1 to 7; employed 1 + 20 = 21 with Other's above 7 gives Mixed 1 to 7.
    assert_eq!(
        masks,
        [
            [Some(Count(5600)), Some(Count(560)), Some(Count(195))],
            [Some(Count(1150)), Some(Count(175)), Some(Count(60))],
            [Some(Count(2150)), Some(Count(140)), Some(Count(40))],
            [Some(Count(600)), Some(Primary), Some(Primary)],
            [Some(Count(500)), Some(Secondary), Some(Secondary)],
        ]
    );
    assert_eq!(
        counts(&breakdown.excluded[0]),
        [Some(Count(1350)), Some(Count(45)), Some(Count(15))]
    );
    assert_eq!(breakdown.total_ips, Count(945));
    assert_eq!(breakdown.total_population, Some(Count(10_000)));
    assert_eq!(breakdown.total_employed, Some(Count(320)));
    let flags: Vec<[bool; 4]> = breakdown
        .groups
        .iter()
        .map(|g| [g.access, g.relative_access, g.job_rate, g.comparison])
        .collect();
    assert_eq!(
        flags,
        [[true; 4], [true; 4], [true; 4], [false; 4], [false; 4]]
    );
    assert!(!breakdown.access_tests && !breakdown.outcome_tests && !breakdown.holm);
    assert!(breakdown.excluded[0].access && breakdown.excluded[0].job_rate);

    assert_eq!(
        breakdown.groups[3].findings,
        ["The figures for Mixed people are withheld under the publish-safe rules, so that no small count can be worked out from them."]
    );
    assert_eq!(
        breakdown.groups[1].findings[0],
        "Black people made up 18.5% of people accessing IPS (about 175 of 945), compared with 11.5% of the reference population: 1.61 times their expected share (95% CI 1.41 to 1.84). IPS reaches more of them than their share of the population would suggest."
    );
    assert_eq!(
        breakdown.groups[0].findings[1],
        "About 195 of about 560 White people in IPS gained a job (35.0%, 95% CI 31.2% to 39.0%). They are the reference group the others are compared with."
    );
    assert!(breakdown.groups[2].findings[1].starts_with(
        "About 40 of about 140 Asian people in IPS gained a job (30.0%, 95% CI 23.0% to 38.0%), compared with 35.0% of White people: a difference of \u{2212}5.0 percentage points"
    ));
    assert_eq!(
        breakdown.findings,
        [
            "The tests across groups are withheld under the publish-safe rules: they are worked out from every group's counts, and some of those are withheld.",
            "About 45 people in IPS (4.7% of everyone in IPS) were recorded as \u{201c}Not known\u{201d} and are left out of the comparisons.",
        ]
    );
    assert_recovery_impossible(&report, &safe);
}

#[test]
fn with_nothing_small_everything_is_shown_rounded_with_the_tests() {
    let report = analysed(&SMALL_GROUP.replace("Mixed,600,4,1", "Mixed,600,60,24"));
    let safe = protect(&report, &Rules::default());
    let breakdown = &safe.breakdowns[0];
    assert!(breakdown
        .groups
        .iter()
        .chain(&breakdown.excluded)
        .all(|g| counts(g).iter().flatten().all(|shown| !shown.is_withheld())));
    assert!(breakdown.access_tests && breakdown.outcome_tests && breakdown.holm);
    assert!(breakdown.findings[0].starts_with("Across the 5 groups, the make-up"));
    assert_eq!(breakdown.findings.len(), 3);
    assert!(breakdown.findings[2].starts_with("About 45 people in IPS (4.5% of everyone"));
}

#[test]
fn a_small_difference_within_a_row_withholds_the_job_count() {
    // B: 50 in IPS, 46 in work, so 4 people in IPS without a job.
    let report = analysed("Group,Population,IPS,Employed\nA,400,60,20\nB,300,50,46\n");
    let safe = protect(&report, &Rules::default());
    let groups = &safe.breakdowns[0].groups;
    assert_eq!(groups[1].employed, Some(Secondary));
    // B's job count alone would be the employed total minus A's, so A's
    // goes too, though A is the reference group: nothing else is left.
    assert_eq!(groups[0].employed, Some(Secondary));
    assert_eq!(groups[0].ips, Count(60));
    assert_eq!(safe.breakdowns[0].total_employed, Some(Count(65)));
    assert!(groups
        .iter()
        .all(|g| g.access && !g.job_rate && !g.comparison));
    assert_eq!(
        groups[1].findings[1],
        "The job rate of B people is withheld under the publish-safe rules, so that no small count can be worked out from it."
    );
    assert_recovery_impossible(&report, &safe);
}

#[test]
fn a_small_difference_from_the_population_withholds_the_population() {
    let report = analysed("Group,Population,IPS\nA,50,45\nB,500,100\n");
    let safe = protect(&report, &Rules::default());
    let breakdown = &safe.breakdowns[0];
    assert_eq!(breakdown.groups[0].population, Some(Secondary));
    assert_eq!(breakdown.groups[1].population, Some(Secondary));
    assert_eq!(breakdown.total_population, Some(Count(550)));
    assert!(breakdown
        .groups
        .iter()
        .all(|g| !g.access && g.employed.is_none()));
    assert_recovery_impossible(&report, &safe);
}

#[test]
fn when_every_group_is_small_the_total_is_withheld_and_zeros_stay() {
    let report = analysed("Group,Population,IPS,Employed\nA,300,3,1\nB,200,2,0\n");
    let safe = protect(&report, &Rules::default());
    let breakdown = &safe.breakdowns[0];
    assert_eq!(
        breakdown.groups.iter().map(counts).collect::<Vec<_>>(),
        [
            [Some(Count(300)), Some(Primary), Some(Primary)],
            [Some(Count(200)), Some(Primary), Some(Count(0))],
        ]
    );
    assert_eq!(breakdown.total_ips, Primary);
    assert_eq!(breakdown.total_employed, Some(Primary));
    assert!(breakdown.groups.iter().all(|g| !g.access && !g.job_rate));
    assert!(!breakdown.access_tests && !breakdown.outcome_tests);
    assert_recovery_impossible(&report, &safe);
}

#[test]
fn a_lone_count_in_its_column_withholds_the_total_rather_than_give_it_back() {
    // The table must have two groups; B's zeros protect nothing.
    let report = analysed("Group,Population,IPS,Employed\nA,100,50,45\nB,100,0,0\n");
    let safe = protect(&report, &Rules::default());
    let breakdown = &safe.breakdowns[0];
    assert_eq!(breakdown.groups[0].employed, Some(Secondary));
    assert_eq!(breakdown.groups[1].employed, Some(Count(0)));
    assert_eq!(breakdown.total_employed, Some(Secondary));
    assert_eq!(breakdown.total_ips, Count(50));
    assert!(breakdown.groups[0].access && !breakdown.groups[0].job_rate);
    assert_recovery_impossible(&report, &safe);

    let small = analysed("Group,Population,IPS,Employed\nA,100,5,2\nB,100,0,0\n");
    let safe = protect(&small, &Rules::default());
    assert_eq!(safe.breakdowns[0].total_ips, Primary);
    assert_eq!(safe.breakdowns[0].groups[0].ips, Primary);
    assert!(safe.breakdowns[0].groups.iter().all(|g| !g.access));
    assert_recovery_impossible(&small, &safe);
}

#[test]
fn the_largest_counts_the_input_takes_are_protected_without_overflow() {
    let report = analysed(
        "Group,Population,IPS,Employed\nA,1000000000000,400000000000,3\nB,1000000000000,4,1\n",
    );
    let safe = protect(&report, &Rules::default());
    let groups = &safe.breakdowns[0].groups;
    assert_eq!(groups[1].ips, Primary);
    assert_eq!(groups[0].ips, Secondary);
    assert_eq!(groups[0].population, Some(Count(1_000_000_000_000)));
    assert_recovery_impossible(&report, &safe);
}

#[test]
fn zeros_are_shown_and_protect_nothing() {
    let report = analysed("Group,Population,IPS,Employed\nA,1000,0,0\nB,2000,100,30\n");
    let safe = protect(&report, &Rules::default());
    let breakdown = &safe.breakdowns[0];
    assert_eq!(
        counts(&breakdown.groups[0]),
        [Some(Count(1000)), Some(Count(0)), Some(Count(0))]
    );
    assert!(breakdown.groups[0].access && breakdown.access_tests && breakdown.outcome_tests);
    assert!(breakdown.groups[0].findings[0].contains("(0 of 100)"));
    assert_eq!(
        breakdown.groups[0].findings[1],
        "No A people are in IPS, so there is no job rate."
    );
}

#[test]
fn a_table_of_percentages_protects_its_counts_only() {
    let report = analysed("Group,Population %,IPS,Employed\nA,60,100,40\nB,40,5,2\n");
    let safe = protect(&report, &Rules::default());
    let breakdown = &safe.breakdowns[0];
    assert_eq!(
        breakdown.groups.iter().map(counts).collect::<Vec<_>>(),
        [
            [None, Some(Secondary), Some(Secondary)],
            [None, Some(Primary), Some(Primary)],
        ]
    );
    assert_eq!(breakdown.total_ips, Count(105));
    assert_eq!(breakdown.total_population, None);
    assert!(breakdown
        .groups
        .iter()
        .all(|g| !g.access && !g.relative_access));
    assert_recovery_impossible(&report, &safe);

    let large = analysed("Group,Population %,IPS\nA,60,100\nB,40,50\n");
    let safe = protect(&large, &Rules::default());
    let group = &safe.breakdowns[0].groups[0];
    assert!(group.access && !group.relative_access && group.employed.is_none());
    assert!(group.findings[0].starts_with(
        "A people made up 66.7% of people accessing IPS (about 100 of 150), compared with 60.0% of the reference population"
    ));
}

#[test]
fn without_job_counts_only_the_access_columns_are_protected() {
    let report = analysed("Group,Population,IPS\nA,500,50\nB,400,3\nC,300,30\n");
    let safe = protect(&report, &Rules::default());
    let breakdown = &safe.breakdowns[0];
    assert_eq!(
        breakdown.groups.iter().map(counts).collect::<Vec<_>>(),
        [
            [Some(Count(500)), Some(Count(50)), None],
            [Some(Count(400)), Some(Primary), None],
            [Some(Count(300)), Some(Secondary), None],
        ]
    );
    assert_eq!(breakdown.total_employed, None);
    let access: Vec<bool> = breakdown.groups.iter().map(|g| g.access).collect();
    assert_eq!(access, [true, false, false]);
    assert!(!breakdown.groups[0].job_rate);
    assert_eq!(breakdown.groups[0].findings.len(), 1);
    assert_recovery_impossible(&report, &safe);
}

#[test]
fn not_known_rows_protect_each_other_and_leave_the_groups_alone() {
    let report = analysed(
        "Group,Population,IPS,Employed\nA,500,50,20\nB,400,40,15\nNot known,100,3,1\nNot stated,80,20,9\n",
    );
    let safe = protect(&report, &Rules::default());
    let breakdown = &safe.breakdowns[0];
    assert_eq!(
        breakdown.excluded.iter().map(counts).collect::<Vec<_>>(),
        [
            [Some(Count(100)), Some(Primary), Some(Primary)],
            [Some(Count(80)), Some(Secondary), Some(Secondary)],
        ]
    );
    assert!(breakdown.access_tests && breakdown.outcome_tests && breakdown.holm);
    assert!(breakdown.groups.iter().all(|g| g.access && g.comparison));
    assert_eq!(
        breakdown.findings.last().map(String::as_str),
        Some("The number of people in IPS recorded as \u{201c}Not stated\u{201d} is withheld under the publish-safe rules; they are left out of the comparisons.")
    );
    assert_recovery_impossible(&report, &safe);

    // Alone, a small "Not known" row gives nothing away: everyone's total
    // is only known through a shown row's share of everyone.
    let alone =
        analysed("Group,Population,IPS,Employed\nA,500,50,20\nB,400,40,15\nNot known,100,3,1\n");
    let safe = protect(&alone, &Rules::default());
    assert_eq!(safe.breakdowns[0].excluded[0].ips, Primary);
    assert!(!safe.breakdowns[0].excluded[0].access);
    assert_recovery_impossible(&alone, &safe);
}

#[test]
fn two_ones_in_a_column_are_not_enough_on_their_own() {
    // 1 + 1 with the rest shown pins both at 1: a third count must go.
    let report = analysed("Group,Population,IPS\nA,500,100\nB,400,1\nC,300,1\nD,200,40\n");
    let safe = protect(&report, &Rules::default());
    let ips: Vec<Shown> = safe.breakdowns[0].groups.iter().map(|g| g.ips).collect();
    assert_eq!(ips, [Count(100), Primary, Primary, Secondary]);
    assert_recovery_impossible(&report, &safe);
}

#[test]
fn a_small_reference_group_withholds_every_comparison_with_it() {
    let options = Options::default()
        .with_reference_for("Group", crate::analysis::Reference::Named("B".to_string()));
    let report = analyse_text_with(
        "Group,Population,IPS,Employed\nA,500,100,40\nB,400,5,2\nC,300,60,20\n",
        &options,
        ExactTests::Defer,
    )
    .report;
    let safe = protect(&report, &Rules::default());
    let groups = &safe.breakdowns[0].groups;
    assert!(groups.iter().all(|g| !g.relative_access && !g.comparison));
    assert!(groups[0].job_rate);
    assert!(groups[0].findings[1].ends_with(
        "Its comparison with the reference group is withheld under the publish-safe rules."
    ));
    assert_recovery_impossible(&report, &safe);
}

#[test]
fn each_kind_of_test_is_withheld_only_with_the_counts_it_is_worked_out_from() {
    // B: 50 in IPS, 46 in work; only the two job counts are withheld.
    let report = analysed("Group,Population,IPS,Employed\nA,400,60,20\nB,300,50,46\n");
    let safe = protect(&report, &Rules::default());
    let breakdown = &safe.breakdowns[0];
    let withheld: Vec<[bool; 3]> = breakdown
        .groups
        .iter()
        .map(|g| counts(g).map(|shown| shown.is_some_and(|s| s.is_withheld())))
        .collect();
    assert_eq!(withheld, [[false, false, true], [false, false, true]]);
    assert_eq!(breakdown.total_employed, Some(Count(65)));
    assert!(breakdown.access_tests && !breakdown.outcome_tests && !breakdown.holm);
    assert_eq!(
        breakdown.findings,
        [
            "Across the 2 groups, the make-up of people in IPS does not differ from the reference population by more than chance would explain (chi-square 0.30, 1 degrees of freedom, p = 0.582).",
            "The tests of job rates across groups are withheld under the publish-safe rules: they are worked out from every group's counts of people in IPS and in work, and some of those are withheld.",
        ]
    );
    assert_eq!(
        breakdown.findings[0], report.breakdowns[0].findings[0],
        "the access test reads as in the ordinary findings"
    );
    assert_recovery_impossible(&report, &safe);

    // Men: 52 in the population, 50 of them in IPS; only the population
    // counts are withheld, so the test of job rates stands.
    let report = analysed("Group,Population,IPS,Employed\nMale,52,50,20\nFemale,500,100,40\n");
    let safe = protect(&report, &Rules::default());
    let breakdown = &safe.breakdowns[0];
    assert!(breakdown
        .groups
        .iter()
        .all(|g| g.population == Some(Secondary) && !g.ips.is_withheld()));
    assert!(!breakdown.access_tests && breakdown.outcome_tests);
    assert_eq!(
        breakdown.findings,
        [
            "The tests of who is in IPS across groups are withheld under the publish-safe rules: they are worked out from every group's counts of people in IPS and in the population, and some of those are withheld.",
            "Whether job rates differ between groups by more than chance would explain: the Freeman-Halton exact test is still being worked out.",
        ]
    );
    assert_recovery_impossible(&report, &safe);

    // A table of percentages has no population counts: its access test
    // rests on the counts of people in IPS alone.
    let report = analysed("Group,Population %,IPS\nA,60,100\nB,40,5\n");
    let safe = protect(&report, &Rules::default());
    let breakdown = &safe.breakdowns[0];
    assert!(!breakdown.access_tests);
    assert_eq!(
        breakdown.findings,
        ["The tests of who is in IPS across groups are withheld under the publish-safe rules: they are worked out from every group's counts of people in IPS, and some of those are withheld."]
    );
    assert_recovery_impossible(&report, &safe);
}

/// The check the issue asks for, built from what is published alone: the
/// shown counts (taken as exact, as if rates had undone their rounding),
/// each withheld count within what its mark says (a small one 1..=t,
/// another one above t), the rows' order employed <= IPS <= population,
/// and every line total that the page shows or gives away. Solving all
/// lines and rows at once, no withheld count and no small difference within
/// a row can be pinned to one value; and no finding holds a withheld count.
fn assert_recovery_impossible(report: &Report, disclosure: &Disclosure) {
    let t = disclosure.rules.effective_threshold() as i128;
    for (breakdown, cells) in report.breakdowns.iter().zip(&disclosure.breakdowns) {
        let truth: Vec<[Option<u64>; 3]> =
            super::rows(breakdown).iter().map(|row| row.cells).collect();
        let excluded: Vec<bool> = super::rows(breakdown)
            .iter()
            .map(|row| row.excluded)
            .collect();
        let shown: Vec<[Option<Shown>; 3]> = cells
            .groups
            .iter()
            .chain(&cells.excluded)
            .map(counts)
            .collect();
        let big: i128 = truth
            .iter()
            .flatten()
            .flatten()
            .map(|&v| v as i128)
            .sum::<i128>()
            * 2
            + 10;
        let mut attack = Puzzle::default();
        let mut terms: Vec<[Option<Term>; 3]> = Vec::new();
        for (row, shown_row) in truth.iter().zip(&shown) {
            let mut row_terms = [None; 3];
            for column in 0..3 {
                let (Some(value), Some(mark)) = (row[column], shown_row[column]) else {
                    continue;
                };
                row_terms[column] = Some(match mark {
                    Count(_) => Term::Known(value as i128),
                    Primary => {
                        attack.domains.push((1, t));
                        Term::Unknown(attack.domains.len() - 1)
                    }
                    Secondary => {
                        attack.domains.push((t + 1, big));
                        Term::Unknown(attack.domains.len() - 1)
                    }
                });
            }
            for (small, large) in [(EMPLOYED, IPS), (IPS, POPULATION), (EMPLOYED, POPULATION)] {
                if let (Some(a), Some(b)) = (row_terms[small], row_terms[large]) {
                    attack.orders.push((a, b));
                }
            }
            terms.push(row_terms);
        }
        let group_totals = [
            cells.total_population,
            Some(cells.total_ips),
            cells.total_employed,
        ];
        for column in 0..3 {
            let line = |members: &dyn Fn(usize) -> bool| -> (Vec<usize>, i128) {
                let mut unknown = Vec::new();
                let mut sum = 0i128;
                for row in (0..truth.len()).filter(|&row| members(row)) {
                    match terms[row][column] {
                        Some(Term::Unknown(i)) => {
                            unknown.push(i);
                            sum += truth[row][column].unwrap_or(0) as i128;
                        }
                        Some(Term::Known(_)) | None => {}
                    }
                }
                (unknown, sum)
            };
            if group_totals[column].is_some_and(|total| !total.is_withheld()) {
                attack.sums.push(line(&|row| !excluded[row]));
            }
            // A shown "Not known" count above zero gives everyone's total
            // through its share of everyone.
            let everyone_known = (0..truth.len()).any(|row| {
                excluded[row] && matches!(terms[row][column], Some(Term::Known(v)) if v > 0)
            });
            if everyone_known {
                attack.sums.push(line(&|_| true));
                if group_totals[column].is_some_and(|total| !total.is_withheld()) {
                    attack.sums.push(line(&|row| excluded[row]));
                }
            }
        }
        assert!(attack.consistent(), "the true table must fit what is shown");
        for (row, row_terms) in terms.iter().enumerate() {
            for column in 0..3 {
                if let Some(Term::Unknown(i)) = row_terms[column] {
                    let value = truth[row][column].unwrap_or(0) as i128;
                    assert!(
                        attack.can_differ(i, value),
                        "{}: row {row}, column {column} ({value}) can be worked out",
                        breakdown.name
                    );
                }
            }
            for (larger, smaller) in [(IPS, EMPLOYED), (POPULATION, IPS)] {
                let (Some(a), Some(b), Some(big_value), Some(small_value)) = (
                    row_terms[larger],
                    row_terms[smaller],
                    truth[row][larger],
                    truth[row][smaller],
                ) else {
                    continue;
                };
                let difference = big_value.saturating_sub(small_value) as i128;
                if (1..=t).contains(&difference) {
                    assert!(
                        attack.difference_can_differ(a, b, difference),
                        "{}: row {row}, a difference of {difference} can be worked out",
                        breakdown.name
                    );
                }
            }
        }
        for (row, group) in cells.groups.iter().chain(&cells.excluded).enumerate() {
            // A rounded count shown in the sentence may equal a withheld
            // one by chance; any other number equal to one is a leak.
            let written: Vec<u64> = shown[row]
                .iter()
                .flatten()
                .chain([&cells.total_ips])
                .filter_map(Shown::count)
                .collect();
            let withheld: Vec<u64> = (0..3)
                .filter(|&column| shown[row][column].is_some_and(|s| s.is_withheld()))
                .filter_map(|column| truth[row][column])
                .filter(|value| !written.contains(value))
                .collect();
            let mut text = group.findings.join(" ");
            if row >= cells.groups.len() {
                let label = &breakdown.excluded[row - cells.groups.len()].group;
                text.extend(
                    cells
                        .findings
                        .iter()
                        .filter(|finding| finding.contains(label.as_str()))
                        .map(String::as_str),
                );
            }
            for number in whole_numbers(&text) {
                assert!(
                    !withheld.contains(&number),
                    "{number} is withheld but written: {text}"
                );
            }
        }
    }
}

/// The whole numbers written in a text (not decimals, not the confidence
/// level, not the fixed words "includes 1" and "fewer than 10").
fn whole_numbers(text: &str) -> Vec<u64> {
    let text = text
        .replace("95% CI", "")
        .replace("includes 1,", "")
        .replace("Fewer than 10", "");
    let mut numbers = Vec::new();
    let mut token = String::new();
    for c in text.chars().chain([' ']) {
        if c.is_ascii_digit() || ((c == '.' || c == ',') && !token.is_empty()) {
            token.push(c);
            continue;
        }
        let trimmed = token.trim_end_matches(['.', ',']);
        if !trimmed.is_empty() && !trimmed.contains('.') {
            if let Ok(number) = trimmed.replace(',', "").parse() {
                numbers.push(number);
            }
        }
        token.clear();
    }
    numbers
}

#[test]
fn the_safe_findings_read_as_the_ordinary_ones_with_rounded_counts() {
    // Every count a multiple of 5 and none small: rounding changes no
    // number, so the two kinds of findings differ only by "about".
    let report = analysed(
        "Group,Population,IPS,Employed\nFemale,600,120,45\n18-24,500,60,15\nOther ethnic group,400,40,20\nNot known,100,25,10\n",
    );
    let safe = protect(&report, &Rules::default());
    let breakdown = &report.breakdowns[0];
    let cells = &safe.breakdowns[0];
    assert!(
        cells.access_tests
            && cells.outcome_tests
            && cells.groups.iter().all(|g| g.access && g.comparison)
    );
    let unrounded = |findings: &[String]| -> Vec<String> {
        findings
            .iter()
            .map(|finding| finding.replace("About ", "").replace("about ", ""))
            .collect()
    };
    for (group, group_cells) in breakdown.groups.iter().zip(&cells.groups) {
        assert_eq!(unrounded(&group_cells.findings), group.findings);
    }
    assert_eq!(unrounded(&cells.findings), breakdown.findings);
    assert!(cells.groups[2].findings[1].starts_with(
        "About 20 of about 40 Other ethnic group people in IPS gained a job (50.0%, 95% CI 35.2% to 64.8%), compared with 37.5% of women: a difference of 12.5 percentage points"
    ));
}

#[test]
fn withheld_figures_name_the_group_as_the_ordinary_findings_do() {
    // 18-24: 6 in IPS, 2 of them in work; Female's 40 goes beside it.
    let report = analysed(
        "Group,Population,IPS,Employed\nMale,600,120,45\n18-24,500,6,2\nFemale,400,40,20\n",
    );
    let safe = protect(&report, &Rules::default());
    let groups = &safe.breakdowns[0].groups;
    assert_eq!(
        groups.iter().map(|g| g.ips).collect::<Vec<_>>(),
        [Count(120), Primary, Secondary]
    );
    assert_eq!(
        groups[1].findings,
        ["The figures for people aged 18-24 are withheld under the publish-safe rules, so that no small count can be worked out from them."]
    );
    assert_eq!(
        groups[2].findings[0],
        "The figures for women are withheld under the publish-safe rules, so that no small count can be worked out from them."
    );
    assert!(groups[0].findings[0].starts_with("Men made up 72.3% of people accessing IPS"));
    assert_recovery_impossible(&report, &safe);

    // Men: 52 in the population, 50 of them in IPS, so their population
    // goes (and, beside it, women's) while the job rates stay.
    let report = analysed("Group,Population,IPS,Employed\nMale,52,50,20\nFemale,500,100,40\n");
    let safe = protect(&report, &Rules::default());
    let men = &safe.breakdowns[0].groups[0];
    assert!(!men.access && men.job_rate);
    assert_eq!(
        men.findings[0],
        "The share of men among people accessing IPS is withheld under the publish-safe rules, so that no small count can be worked out from it."
    );
    assert_recovery_impossible(&report, &safe);

    // 9 in IPS is shown (as 10) but still few.
    let report = analysed("Group,Population,IPS\nMale,600,120\n18-24,500,9\n");
    let safe = protect(&report, &Rules::default());
    assert_eq!(
        safe.breakdowns[0].groups[1].findings.last().map(String::as_str),
        Some("Fewer than 10 people aged 18-24 are in IPS: numbers this small give wide intervals, so treat these figures with caution.")
    );
    assert_recovery_impossible(&report, &safe);
}

#[test]
fn the_number_reader_of_the_check_reads_numbers() {
    assert_eq!(
        whole_numbers("about 1,150 of 3 (17.5%, 95% CI 1.2 to 3.4); includes 1, 7."),
        [1150, 3, 7]
    );
}

/// A random table: counts mostly small, so that suppression has work.
fn table() -> impl Strategy<Value = String> {
    let count = prop_oneof![0u64..=12, 0u64..=40, 0u64..=300];
    let row = (count.clone(), count.clone(), count.clone());
    (
        prop::collection::vec(row.clone(), 2..=5),
        prop::collection::vec(row, 0..=2),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(groups, excluded, employed, percent)| {
            let mut text = format!(
                "Group,{},IPS{}\n",
                if percent {
                    "Population %"
                } else {
                    "Population"
                },
                if employed { ",Employed" } else { "" }
            );
            let labels = ["A", "B", "C", "D", "E"];
            let unknown = ["Not known", "Not stated"];
            let rows = groups
                .iter()
                .zip(labels)
                .chain(excluded.iter().zip(unknown));
            for ((a, b, c), label) in rows {
                // Sorted, the three draws give employed <= IPS <= population.
                let mut values = [*a, *b, *c];
                values.sort_unstable();
                let [employed_count, ips, population] = values;
                let population = if percent { population + 1 } else { population };
                text.push_str(&format!("{label},{population},{ips}"));
                if employed {
                    text.push_str(&format!(",{employed_count}"));
                }
                text.push('\n');
            }
            text
        })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 1000,
        failure_persistence: None,
        max_global_rejects: 20_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_withheld_count_can_be_worked_out_of_a_random_table(
        text in table(),
        threshold in prop_oneof![Just(7u64), 1u64..=10],
        rounding in prop_oneof![Just(5u64), 1u64..=10],
    ) {
        let analysis = analyse_text_with(&text, &Options::default(), ExactTests::Defer);
        prop_assume!(analysis.errors.is_empty());
        let rules = Rules { threshold, rounding };
        let safe = protect(&analysis.report, &rules);
        assert_recovery_impossible(&analysis.report, &safe);
        for (breakdown, cells) in analysis.report.breakdowns.iter().zip(&safe.breakdowns) {
            for (group, group_cells) in breakdown.groups.iter().zip(&cells.groups) {
                // What is shown is the rule's rounding of the real count.
                if let Count(shown) = group_cells.ips {
                    prop_assert_eq!(shown, rules.round(group.ips));
                }
                prop_assert!(!group_cells.access || !group_cells.ips.is_withheld());
                prop_assert!(!group_cells.job_rate || group_cells.employed.is_some_and(|e| !e.is_withheld()));
            }
            // A test shown holds no equation in a withheld count: every
            // count of the columns it is worked out from, and their totals,
            // are shown.
            let shown = |shown: Option<Shown>| shown.is_none_or(|s| !s.is_withheld());
            if cells.access_tests {
                prop_assert!(shown(Some(cells.total_ips)) && shown(cells.total_population));
                prop_assert!(cells.groups.iter().all(|g| shown(Some(g.ips)) && shown(g.population)));
            }
            if cells.outcome_tests {
                prop_assert!(shown(Some(cells.total_ips)) && shown(cells.total_employed));
                prop_assert!(cells.groups.iter().all(|g| shown(Some(g.ips)) && shown(g.employed)));
            }
            // And a test withheld is withheld because one of those is.
            let access_counts = cells.groups.iter().all(|g| shown(Some(g.ips)) && shown(g.population))
                && shown(Some(cells.total_ips)) && shown(cells.total_population);
            let outcome_counts = cells.groups.iter().all(|g| shown(Some(g.ips)) && shown(g.employed))
                && shown(Some(cells.total_ips)) && shown(cells.total_employed);
            prop_assert_eq!(cells.access_tests, access_counts);
            prop_assert_eq!(cells.outcome_tests, outcome_counts);
        }
    }
}
