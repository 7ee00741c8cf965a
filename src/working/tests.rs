use super::*;
use crate::analysis::{analyse_text, analyse_text_with, ExactTests, Options, Reference};
use crate::report::Report;

const EXAMPLE: &str = include_str!("../app/example.csv");

/// Every edge at once: a reference group with no jobs (0/40), a group where
/// everyone got a job (20/20) and a group with no one in IPS.
const EDGES: &str = "Group,Population,IPS,Employed\nA,500,40,0\nB,300,20,20\nC,200,0,0\n";

fn report(text: &str, options: &Options) -> Report {
    let analysis = analyse_text(text, options);
    assert!(analysis.errors.is_empty(), "{:?}", analysis.errors);
    analysis.report
}

fn with_ci(
    value: String,
    interval: Option<Interval>,
    show: fn(f64) -> String,
    level: &str,
) -> String {
    match interval {
        Some(ci) => format!(
            "{value} ({level} CI {} to {})",
            show(ci.lower),
            show(ci.upper)
        ),
        None => value,
    }
}

fn df_text(df: u64) -> String {
    if df == 1 {
        "1 degree of freedom".to_string()
    } else {
        format!("{} degrees of freedom", count(df))
    }
}

/// The figure as the page's tables show it (src/app/components/results.rs),
/// worked out here from the report alone.
fn page_text(
    figure: Figure,
    breakdown: &BreakdownReport,
    group: Option<&GroupReport>,
    level: &str,
) -> Option<String> {
    let chi = |test: Option<ChiSquareTest>| {
        test.map(|t| {
            format!(
                "{}, {}, {}",
                fixed(t.statistic, 2),
                df_text(t.df),
                p_value(t.p_value)
            )
        })
    };
    if let Some(group) = group {
        let access = &group.access;
        let outcome = group.outcome.as_ref();
        let o = |figure: Figure| outcome.unwrap_or_else(|| panic!("{figure:?} without outcomes"));
        return match figure {
            Figure::IpsShare => Some(with_ci(
                percent(access.ips_share),
                access.ips_share_ci,
                percent,
                level,
            )),
            Figure::PopulationShare => Some(percent(access.population_share)),
            Figure::ExpectedIps => Some(fixed(access.expected_ips, 1)),
            Figure::RepresentationRatio => access.representation_ratio.map(|r| {
                with_ci(
                    ratio_text(r),
                    access.representation_ratio_ci,
                    ratio_text,
                    level,
                )
            }),
            Figure::BinomialP => access.p_value.map(p_value),
            Figure::AccessHolmP => access.p_adjusted.map(p_value),
            Figure::AccessRate => access.access_rate.map(percent),
            Figure::RelativeAccess => access
                .relative_access
                .map(|r| with_ci(ratio_text(r), access.relative_access_ci, ratio_text, level)),
            Figure::JobRate => outcome?
                .rate
                .map(|r| with_ci(percent(r), o(figure).rate_ci, percent, level)),
            Figure::Difference => outcome?.difference.map(|d| {
                with_ci(
                    signed_number(d),
                    o(figure).difference_ci,
                    signed_number,
                    level,
                )
            }),
            Figure::JobRateRatio => outcome?
                .ratio
                .map(|r| with_ci(ratio_text(r), o(figure).ratio_ci, ratio_text, level)),
            Figure::FisherP => outcome?.p_value.map(p_value),
            Figure::OutcomeHolmP => outcome?.p_adjusted.map(p_value),
            _ => panic!("{figure:?} is not a group figure"),
        };
    }
    let outcome = breakdown.outcome_test;
    match figure {
        Figure::GoodnessOfFit => chi(breakdown.access_test),
        Figure::UptakeTest => chi(breakdown.uptake_test),
        Figure::TwoSampleTest => chi(breakdown.two_sample_test),
        Figure::OutcomeChiSquare => outcome.and_then(|t| {
            Some(format!(
                "{}, {}, {}",
                fixed(t.statistic?, 2),
                df_text(t.df?),
                p_value(t.p_value?)
            ))
        }),
        Figure::FreemanHalton => outcome?.exact_p_value.map(p_value),
        _ => panic!("{figure:?} is not a breakdown figure"),
    }
}

/// Every working of a report: each ends with the figure as the page shows
/// it, or has no figure exactly when the report has none; returns how many
/// figures were checked.
fn check_every_figure(report: &Report) -> usize {
    let level = confidence_label(report.confidence);
    let mut checked = 0;
    for breakdown in &report.breakdowns {
        let mut workings: Vec<(Working, Option<&GroupReport>)> =
            breakdown_working(breakdown, report.confidence)
                .into_iter()
                .map(|w| (w, None))
                .collect();
        for group in &breakdown.groups {
            workings.extend(
                group_working(breakdown, group, report.confidence, report.interval_method)
                    .into_iter()
                    .map(|w| (w, Some(group))),
            );
        }
        for row in &breakdown.excluded {
            let workings = left_out_working(breakdown, row);
            let figures: Vec<Figure> = workings.iter().map(|w| w.figure).collect();
            assert_eq!(
                figures,
                [Figure::LeftOutIpsShare, Figure::LeftOutPopulationShare]
            );
            let expected = [
                row.ips_share_of_total.map(percent),
                row.population_share_of_total.map(percent),
            ];
            for (working, expected) in workings.iter().zip(expected) {
                assert_eq!(
                    working.shown, expected,
                    "{}: {:#?}",
                    working.title, working.steps
                );
                checked += 1;
            }
        }
        for (working, group) in workings {
            let expected = page_text(working.figure, breakdown, group, &level);
            assert_eq!(
                working.shown, expected,
                "{}: {:#?}",
                working.title, working.steps
            );
            let last = working.steps.last().expect("every working has a step");
            match &expected {
                Some(shown) => assert!(
                    last.ends_with(&format!(": {shown}.")),
                    "{}: {last}",
                    working.title
                ),
                // An undefined figure says why, with no number standing in for it.
                None => assert!(
                    ["no ", "No ", "not ", "cannot", "still being worked out"]
                        .iter()
                        .any(|w| last.contains(w)),
                    "{}: {last}",
                    working.title
                ),
            }
            for step in &working.steps {
                assert!(
                    !step.contains("NaN") && !step.contains("inf"),
                    "{}: {step}",
                    working.title
                );
            }
            for fixed_text in [
                working.method,
                working.formula,
                working.source,
                working.mathml,
            ] {
                assert!(!fixed_text.is_empty(), "{}", working.title);
            }
            assert!(working.mathml.starts_with("<math") && working.mathml.ends_with("</math>"));
            checked += 1;
        }
    }
    checked
}

fn find(workings: &[Working], figure: Figure) -> &Working {
    workings
        .iter()
        .find(|w| w.figure == figure)
        .unwrap_or_else(|| panic!("no working for {figure:?}"))
}

fn group_workings(report: &Report, name: &str) -> Vec<Working> {
    let breakdown = &report.breakdowns[0];
    let group = breakdown
        .groups
        .iter()
        .find(|g| g.group == name)
        .expect("group");
    group_working(breakdown, group, report.confidence, report.interval_method)
}

#[test]
fn every_figure_of_the_example_ends_as_the_page_shows_it() {
    for options in [
        Options::default(),
        Options {
            confidence: 0.9,
            interval: IntervalMethod::Exact,
            ..Options::default()
        },
        Options {
            confidence: 0.99,
            ..Options::default()
        },
    ] {
        // 5 breakdown tests, 13 figures for each of 5 groups and 2 for "Not known".
        assert_eq!(
            check_every_figure(&report(EXAMPLE, &options)),
            5 + 5 * 13 + 2
        );
    }
}

#[test]
fn every_figure_of_tables_at_the_edges_ends_as_the_page_shows_it() {
    let named_b = Options::default().with_reference_for("Group", Reference::Named("B".into()));
    let exact = Options {
        interval: IntervalMethod::Exact,
        ..Options::default()
    };
    for (text, options) in [
        (EDGES, Options::default()),
        (EDGES, named_b),
        (EDGES, exact),
        (
            "Group,Population,IPS,Employed\nA,500,40,10\nB,300,20,5\nC,0,0,0\n",
            Options::default(),
        ),
        (
            "Group,Population %,IPS\nA,60,30\nB,35,10\n",
            Options::default(),
        ),
        (
            "Group,Population,IPS,Employed\nA,500,40,40\nB,300,20,20\n",
            Options::default(),
        ),
    ] {
        assert!(check_every_figure(&report(text, &options)) > 0);
    }
}

#[test]
fn the_example_shows_the_users_numbers_step_by_step() {
    // Expected figures as the command line prints them for the example.
    let report = report(EXAMPLE, &Options::default());
    let black = group_workings(&report, "Black");
    let ratio = find(&black, Figure::RepresentationRatio);
    assert_eq!(ratio.shown.as_deref(), Some("1.52 (95% CI 1.33 to 1.74)"));
    assert_eq!(
        ratio.steps,
        [
            "Share of IPS: 0.1750; share of the population: 0.1150.",
            "Ratio = 0.1750 ÷ 0.1150 = 1.5217.",
            "The 95% Wilson interval of the share of IPS is 0.1527 to 0.1998; the population share is taken as known, so the ratio's interval is 0.1527 ÷ 0.1150 = 1.3279 to 0.1998 ÷ 0.1150 = 1.7372.",
            "1.52 is above 1.25, the top of the four-fifths band (0.80 to 1.25), so it is flagged: read it beside its interval and test.",
            "Representation ratio: 1.52 (95% CI 1.33 to 1.74).",
        ]
    );
    let share = find(&black, Figure::IpsShare);
    assert_eq!(share.steps[1], "Share = 175 ÷ 1,000 = 0.1750 = 17.5%.");
    assert_eq!(
        share.steps[3],
        "Centre = (0.1750 + 1.960² ÷ (2 × 1,000)) ÷ (1 + 1.960² ÷ 1,000) = 0.1762."
    );
    assert_eq!(
        share.steps.last().unwrap(),
        "Share of IPS: 17.5% (95% CI 15.3% to 20.0%)."
    );
    let difference = find(&black, Figure::Difference);
    assert_eq!(
        difference.steps,
        [
            "Black: 60 of 175 gained a job; White (reference): 196 of 560.",
            "Difference = 0.3429 − 0.3500 = \u{2212}0.0071 = \u{2212}0.7 percentage points.",
            "95% Wilson intervals of the two job rates: Black 0.2766 to 0.4159; White 0.3116 to 0.3904.",
            "Lower bound = \u{2212}0.0071 − √((0.3429 − 0.2766)² + (0.3904 − 0.3500)²) = \u{2212}0.0848.",
            "Upper bound = \u{2212}0.0071 + √((0.4159 − 0.3429)² + (0.3500 − 0.3116)²) = 0.0753.",
            "Difference, percentage points: \u{2212}0.7 (95% CI \u{2212}8.5 to 7.5).",
        ]
    );
    assert_eq!(
        difference.method,
        "Difference in job rates with Newcombe's hybrid score interval"
    );
    assert!(
        difference.source.starts_with("Newcombe RG (1998)")
            && difference.source.ends_with("(method 10).")
    );
    let relative = find(&black, Figure::RelativeAccess);
    assert_eq!(
        relative.steps[3],
        "Standard error of ln ratio = √(1/175 − 1/1,150 + 1/560 − 1/5,600) = 0.0803."
    );
    assert_eq!(
        relative.shown.as_deref(),
        Some("1.52 (95% CI 1.30 to 1.78)")
    );
    assert_eq!(
        find(&black, Figure::JobRateRatio).shown.as_deref(),
        Some("0.98 (95% CI 0.78 to 1.24)")
    );
    assert_eq!(
        find(&black, Figure::FisherP).steps.last().unwrap(),
        "Fisher's exact test: p = 0.928."
    );

    let other = group_workings(&report, "Other");
    let holm = find(&other, Figure::AccessHolmP);
    assert_eq!(
        holm.steps[1],
        "Asian: 5 × 1.7 × 10^\u{2212}9 = 8.4 × 10^\u{2212}9; Black: 4 × 2.4 × 10^\u{2212}8 = 9.5 × 10^\u{2212}8; Other: 3 × 0.0350 = 0.1049."
    );
    assert_eq!(holm.steps.last().unwrap(), "Holm-adjusted p: p = 0.105.");
    assert_eq!(
        find(&other, Figure::AccessRate).shown.as_deref(),
        Some("13.0%")
    );

    let white = group_workings(&report, "White");
    assert_eq!(
        find(&white, Figure::JobRate).shown.as_deref(),
        Some("35.0% (95% CI 31.2% to 39.0%)")
    );
    assert_eq!(
        find(&white, Figure::Difference).steps,
        ["White is the reference group: it is not compared with itself."]
    );

    let tests = breakdown_working(&report.breakdowns[0], report.confidence);
    let fit = find(&tests, Figure::GoodnessOfFit);
    assert_eq!(
        fit.steps[1],
        "White: (560 − 560.00)² ÷ 560.00 → 0.0000; Black: (175 − 115.00)² ÷ 115.00 → 31.3043; Asian: (140 − 215.00)² ÷ 215.00 → 26.1628; Mixed: (60 − 60.00)² ÷ 60.00 → 0.0000; Other: (65 − 50.00)² ÷ 50.00 → 4.5000."
    );
    assert_eq!(
        fit.steps.last().unwrap(),
        "Chi-square: 61.97, 4 degrees of freedom, p < 0.001."
    );
    let two_sample = find(&tests, Figure::TwoSampleTest);
    assert!(two_sample.steps[two_sample.steps.len() - 2].contains("counted twice"));
    assert_eq!(
        two_sample.shown.as_deref(),
        Some("55.72, 4 degrees of freedom, p < 0.001")
    );
    assert_eq!(
        find(&tests, Figure::UptakeTest).shown.as_deref(),
        Some("68.85, 4 degrees of freedom, p < 0.001")
    );
    assert_eq!(
        find(&tests, Figure::OutcomeChiSquare).shown.as_deref(),
        Some("2.49, 4 degrees of freedom, p = 0.646")
    );
    let exact = find(&tests, Figure::FreemanHalton);
    assert!(
        exact.steps[2].contains("summed exactly"),
        "{:?}",
        exact.steps
    );
    assert_eq!(
        exact.steps.last().unwrap(),
        "Freeman-Halton exact test: p = 0.650."
    );
}

#[test]
fn zero_and_full_job_rates_and_empty_groups_say_why_a_figure_is_missing() {
    let report = report(EDGES, &Options::default());
    assert_eq!(report.breakdowns[0].reference_group, "A");
    let a = group_workings(&report, "A");
    let rate = find(&a, Figure::JobRate);
    assert_eq!(rate.steps[1], "Job rate = 0 ÷ 40 = 0.0000 = 0.0%.");
    assert_eq!(rate.shown.as_deref(), Some("0.0% (95% CI 0.0% to 8.8%)"));

    let b = group_workings(&report, "B");
    assert_eq!(
        find(&b, Figure::JobRate).shown.as_deref(),
        Some("100.0% (95% CI 83.9% to 100.0%)")
    );
    let ratio = find(&b, Figure::JobRateRatio);
    assert_eq!(ratio.shown, None);
    assert_eq!(
        ratio.steps.last().unwrap(),
        "No one in the reference group, A, gained a job, so its job rate is 0 and there is no ratio (it would divide by 0)."
    );
    assert_eq!(
        find(&b, Figure::Difference).shown.as_deref(),
        Some("100.0 (95% CI 81.7 to 100.0)")
    );

    let holm = find(&b, Figure::OutcomeHolmP);
    assert_eq!(
        holm.steps[0],
        "Only B has a Fisher p-value, so Holm multiplies it by 1:"
    );
    let tests = breakdown_working(&report.breakdowns[0], report.confidence);
    assert_eq!(
        find(&tests, Figure::OutcomeChiSquare).shown.as_deref(),
        Some("60.00, 1 degree of freedom, p < 0.001")
    );
    assert_eq!(
        find(&group_workings(&report, "A"), Figure::AccessHolmP).steps[0],
        "3 groups have a binomial p-value. Sorted from smallest, each is multiplied by the number of p-values from it to the largest (3, 2, 1):"
    );

    let c = group_workings(&report, "C");
    assert_eq!(
        find(&c, Figure::JobRate).steps.last().unwrap(),
        "No one from C is in IPS, so there is no job rate (it would divide 0 by 0)."
    );
    assert_eq!(
        find(&c, Figure::FisherP).steps.last().unwrap(),
        "No one from C is in IPS, so there is no job rate to compare."
    );
    assert_eq!(
        find(&c, Figure::RelativeAccess).shown.as_deref(),
        Some("0.00")
    );
    assert_eq!(
        find(&c, Figure::RelativeAccess).steps[2],
        "No one in C is in IPS, and the log of 0 is undefined, so the ratio has no interval."
    );
}

#[test]
fn a_zero_rate_has_a_ratio_but_no_log_interval() {
    let options = Options::default().with_reference_for("Group", Reference::Named("B".into()));
    let report = report(EDGES, &options);
    let a = group_workings(&report, "A");
    let ratio = find(&a, Figure::JobRateRatio);
    assert_eq!(ratio.shown.as_deref(), Some("0.00"));
    assert_eq!(
        ratio.steps[2],
        "No one in A is employed, and the log of 0 is undefined, so the ratio has no interval."
    );
}

#[test]
fn the_exact_interval_is_described_at_its_bounds() {
    let options = Options {
        interval: IntervalMethod::Exact,
        ..Options::default()
    };
    let report = report(EDGES, &options);
    let a = group_workings(&report, "A");
    let rate = find(&a, Figure::JobRate);
    assert_eq!(
        rate.method,
        "Job rate with a Clopper-Pearson exact interval"
    );
    assert!(rate.source.starts_with("Clopper CJ, Pearson ES (1934)"));
    assert_eq!(
        rate.steps[2],
        "The lower bound is 0, because no one gained a job."
    );
    assert_eq!(
        rate.steps[3],
        "Upper bound: the job rate at which 0 or fewer of 40 would gain a job with chance 2.5%: 0.0881."
    );
    let b = group_workings(&report, "B");
    assert_eq!(
        find(&b, Figure::JobRate).steps[3],
        "The upper bound is 1, because everyone gained a job."
    );
}

#[test]
fn a_group_with_no_population_has_no_ratio_and_no_fit_test() {
    let report = report(
        "Group,Population,IPS,Employed\nA,500,40,10\nB,300,20,5\nC,0,0,0\n",
        &Options::default(),
    );
    let c = group_workings(&report, "C");
    assert_eq!(
        find(&c, Figure::RepresentationRatio).steps.last().unwrap(),
        "C has no share of the population, so there is no expected share to divide by and no representation ratio."
    );
    assert_eq!(
        find(&c, Figure::AccessRate).steps.last().unwrap(),
        "C has no one in the population, so there is no access rate (it would divide by 0)."
    );
    let tests = breakdown_working(&report.breakdowns[0], report.confidence);
    assert_eq!(
        find(&tests, Figure::GoodnessOfFit).steps.last().unwrap(),
        "A group has no share of the population, so its expected number is 0 and the test cannot be worked out (it would divide by 0)."
    );
    // The uptake test leaves the empty group out, as the core does.
    assert_eq!(
        find(&tests, Figure::UptakeTest).shown,
        page_text(Figure::UptakeTest, &report.breakdowns[0], None, "95%")
    );
    assert!(find(&tests, Figure::UptakeTest).shown.is_some());
}

#[test]
fn percentages_are_rescaled_and_have_no_counts_only_figures() {
    let report = report(
        "Group,Population %,IPS\nA,60,30\nB,35,10\n",
        &Options::default(),
    );
    let a = group_workings(&report, "A");
    assert_eq!(
        find(&a, Figure::PopulationShare).steps,
        [
            "Population percentage given for A: 60; the percentages of the 2 groups compared add up to 95.",
            "Share = 60 ÷ 95 = 0.6316 (the percentages are rescaled to add up to 100%).",
            "Share of the population: 63.2%.",
        ]
    );
    assert!(a.iter().all(|w| !matches!(
        w.figure,
        Figure::AccessRate | Figure::RelativeAccess | Figure::JobRate
    )));
    let tests = breakdown_working(&report.breakdowns[0], report.confidence);
    let figures: Vec<Figure> = tests.iter().map(|w| w.figure).collect();
    assert_eq!(figures, [Figure::GoodnessOfFit]);
}

#[test]
fn everyone_employed_has_no_chi_square_and_an_exact_p_of_one() {
    let report = report(
        "Group,Population,IPS,Employed\nA,500,40,40\nB,300,20,20\n",
        &Options::default(),
    );
    let tests = breakdown_working(&report.breakdowns[0], report.confidence);
    assert_eq!(
        find(&tests, Figure::OutcomeChiSquare).steps.last().unwrap(),
        "A column of the table is empty (every expected count in it is 0), so the test cannot be worked out (it would divide by 0)."
    );
    assert_eq!(
        find(&tests, Figure::FreemanHalton).shown.as_deref(),
        Some("p = 1.000")
    );
}

#[test]
fn a_pending_or_estimated_exact_test_says_so() {
    let mut analysis = analyse_text_with(EXAMPLE, &Options::default(), ExactTests::Defer);
    let breakdown = &mut analysis.report.breakdowns[0];
    let tests = breakdown_working(breakdown, 0.95);
    let pending = find(&tests, Figure::FreemanHalton);
    assert_eq!(pending.shown, None);
    assert_eq!(
        pending.steps.last().unwrap(),
        "The exact test is still being worked out."
    );

    let test = breakdown.outcome_test.as_mut().unwrap();
    test.exact_p_value = Some(0.6502);
    test.exact_method = Some(ExactMethod::MonteCarlo);
    test.exact_p_value_se = Some(0.000_477);
    let tests = breakdown_working(breakdown, 0.95);
    let estimated = find(&tests, Figure::FreemanHalton);
    assert!(estimated.steps[2].ends_with("as (b + 1) ÷ (M + 1), b of the M being no more likely than the one observed: 0.6502, standard error 0.0005."), "{:?}", estimated.steps);
    assert_eq!(estimated.shown.as_deref(), Some("p = 0.650"));
}

#[test]
fn method_text_never_holds_the_users_numbers() {
    let report = report(EXAMPLE, &Options::default());
    let breakdown = &report.breakdowns[0];
    for group in &breakdown.groups {
        for working in group_working(breakdown, group, 0.95, IntervalMethod::Wilson) {
            for text in [
                working.method,
                working.formula,
                working.source,
                working.mathml,
            ] {
                for number in ["175", "560", "1,000", "1,150", "0.1750"] {
                    assert!(!text.contains(number), "{}: {text}", working.title);
                }
            }
        }
    }
}

#[test]
fn small_numbers_are_written_so_they_do_not_read_as_zero() {
    assert_eq!(probability(0.034_96), "0.0350");
    assert_eq!(probability(1.68e-9), "1.7 × 10^\u{2212}9");
    assert_eq!(probability(9.96e-5), "1.0 × 10^\u{2212}4");
    assert_eq!(probability(0.0), "0.0000");
    assert_eq!(decimal(-0.007_14), "\u{2212}0.0071");
    assert_eq!(plain_number(100.0), "100");
    assert_eq!(percent_plain(0.005), "0.5%");
    assert_eq!(ordinal(1), "1st");
    assert_eq!(ordinal(12), "12th");
    assert_eq!(ordinal(22), "22nd");
}

#[test]
fn figure_ids_are_distinct() {
    let figures = [
        Figure::IpsShare,
        Figure::PopulationShare,
        Figure::ExpectedIps,
        Figure::RepresentationRatio,
        Figure::BinomialP,
        Figure::AccessHolmP,
        Figure::AccessRate,
        Figure::RelativeAccess,
        Figure::JobRate,
        Figure::Difference,
        Figure::JobRateRatio,
        Figure::FisherP,
        Figure::OutcomeHolmP,
        Figure::GoodnessOfFit,
        Figure::UptakeTest,
        Figure::TwoSampleTest,
        Figure::OutcomeChiSquare,
        Figure::FreemanHalton,
    ];
    let ids: std::collections::HashSet<&str> = figures.iter().map(|f| f.id()).collect();
    assert_eq!(ids.len(), figures.len());
}

#[test]
fn rows_left_out_show_their_share_of_everyone() {
    let report = report(EXAMPLE, &Options::default());
    let breakdown = &report.breakdowns[0];
    let workings = left_out_working(breakdown, &breakdown.excluded[0]);
    assert_eq!(
        workings[0].steps,
        [
            "People in IPS recorded as \u{201c}Not known\u{201d}: 47; everyone in IPS, every row included: 1,000 in the groups compared + 47 in rows left out = 1,047.",
            "Share = 47 ÷ 1,047 = 0.0449.",
            "Share of everyone in IPS: 4.5%.",
        ]
    );
    assert_eq!(
        workings[1].steps,
        [
            "The row's population: 1,350; every row's, this one included: 10,000 in the groups compared + 1,350 in rows left out = 11,350.",
            "Share = 1,350 ÷ 11,350 = 0.1189.",
            "Share of the population: 11.9%.",
        ]
    );
}

#[test]
fn the_page_cells_are_found_in_the_working() {
    // The tables show an estimate, its interval as "a to b" and p-values
    // without "p =": each must be found in the working's last step.
    let report = report(EXAMPLE, &Options::default());
    let other = group_workings(&report, "Other");
    for (figure, cells) in [
        (Figure::RepresentationRatio, ["1.30", "1.03 to 1.64"]),
        (Figure::RelativeAccess, ["1.30", "1.02 to 1.65"]),
        (Figure::JobRate, ["30.8%", "20.9% to 42.8%"]),
        (Figure::Difference, ["\u{2212}4.2", "\u{2212}14.9 to 8.4"]),
        (Figure::AccessHolmP, ["0.105", "0.105"]),
        (Figure::BinomialP, ["0.035", "0.035"]),
    ] {
        let last = find(&other, figure).steps.last().unwrap().clone();
        for cell in cells {
            assert!(last.contains(cell), "{figure:?}: {last} lacks {cell}");
        }
    }
}

#[test]
fn large_numbers_are_grouped_as_counts_are() {
    assert_eq!(grouped(5040.0, 2), "5,040.00");
    assert_eq!(grouped(10_000.0, 0), "10,000");
    assert_eq!(grouped(11.5, 0), "11.5");
    assert_eq!(grouped(-1234.5, 1), "\u{2212}1,234.5");
}
