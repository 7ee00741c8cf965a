//! "How this was worked out": for every figure the calculator shows, the
//! method's name, its formula, the user's own numbers put into it step by
//! step, and the method's source.
//!
//! The method, formula and source of a [`Working`] never hold the user's
//! numbers; only its `steps` do, so a page that must not repeat counts (the
//! publish-safe mode) can show the method and leave the steps out.
//!
//! Nothing is estimated here that the report does not already hold: each
//! final value is the report's own figure, and the intermediate values are
//! the pieces of the same formulas the statistics modules evaluate (the
//! Wilson bounds of a Newcombe interval come from
//! [`wilson`](crate::stats::proportion::wilson) itself, for example).
//! Values are written with [`crate::words`]'s formatting, so the last step
//! ends with the figure exactly as the page shows it. A figure that is
//! undefined has no value, and its last step says why.
//!
//! ```
//! use ips_equity::analysis::{analyse_text, Options};
//! use ips_equity::report::IntervalMethod;
//! use ips_equity::working::{group_working, Figure};
//! let text = "Group,Population,IPS,Employed\nA,1000,80,40\nB,1000,70,56\n";
//! let report = analyse_text(text, &Options::default()).report;
//! let breakdown = &report.breakdowns[0];
//! let workings = group_working(breakdown, &breakdown.groups[1], 0.95, IntervalMethod::Wilson);
//! let rate = workings.iter().find(|w| w.figure == Figure::JobRate).unwrap();
//! assert_eq!(rate.steps[1], "Job rate = 56 ÷ 70 = 0.8000 = 80.0%.");
//! assert_eq!(rate.steps.last().unwrap(), "Job rate: 80.0% (95% CI 69.2% to 87.7%).");
//! assert_eq!(rate.shown.as_deref(), Some("80.0% (95% CI 69.2% to 87.7%)"));
//! ```

use crate::analysis::outcome_rows;
use crate::input::PopulationKind;
use crate::report::{BreakdownReport, ExcludedGroup, Flag, GroupReport, IntervalMethod};
use crate::stats::chisquare::ChiSquareTest;
use crate::stats::distributions::{ln_binomial_pmf, ln_choose, ln_hypergeometric_pmf};
use crate::stats::freeman_halton::ExactMethod;
use crate::stats::proportion::wilson;
use crate::stats::{z_for_confidence, Interval};
use crate::words::{confidence_label, count, fixed, p_value, percent, ratio_text, signed_number};

mod methods;

use methods::Method;

/// Which figure a [`Working`] explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Figure {
    /// The group's share of everyone in IPS, with its Wilson interval.
    IpsShare,
    /// The group's share of the reference population.
    PopulationShare,
    /// How many of the group would be in IPS if it reached every group in proportion.
    ExpectedIps,
    /// IPS share / population share, with its interval.
    RepresentationRatio,
    /// The exact binomial test of the group's count against its population share.
    BinomialP,
    /// The binomial p-value, Holm-adjusted across the breakdown's groups.
    AccessHolmP,
    /// People in IPS / population (counts only).
    AccessRate,
    /// Access rate / the reference group's, with its Katz interval.
    RelativeAccess,
    /// Employed / people in IPS, with its Wilson or Clopper-Pearson interval.
    JobRate,
    /// Job rate minus the reference group's, with Newcombe's interval.
    Difference,
    /// Job rate / the reference group's, with the Katz interval.
    JobRateRatio,
    /// Fisher's exact test of the group against the reference group.
    FisherP,
    /// Fisher's p-value, Holm-adjusted across the groups compared.
    OutcomeHolmP,
    /// Pearson's goodness of fit of the IPS counts to the population shares.
    GoodnessOfFit,
    /// Pearson's chi-square on [IPS, population - IPS] by group.
    UptakeTest,
    /// Pearson's chi-square on [IPS, population] by group, as published studies report it.
    TwoSampleTest,
    /// Pearson's chi-square on [employed, not employed] by group.
    OutcomeChiSquare,
    /// The Freeman-Halton exact test of the same table.
    FreemanHalton,
    /// A row left out of the comparisons ("Not known"): its share of everyone in IPS.
    LeftOutIpsShare,
    /// A row left out of the comparisons: its share of the whole population.
    LeftOutPopulationShare,
}

impl Figure {
    /// A short name fit for an element id: "representation-ratio".
    pub fn id(self) -> &'static str {
        match self {
            Figure::IpsShare => "ips-share",
            Figure::PopulationShare => "population-share",
            Figure::ExpectedIps => "expected-ips",
            Figure::RepresentationRatio => "representation-ratio",
            Figure::BinomialP => "binomial-p",
            Figure::AccessHolmP => "access-holm-p",
            Figure::AccessRate => "access-rate",
            Figure::RelativeAccess => "relative-access",
            Figure::JobRate => "job-rate",
            Figure::Difference => "difference",
            Figure::JobRateRatio => "job-rate-ratio",
            Figure::FisherP => "fisher-p",
            Figure::OutcomeHolmP => "outcome-holm-p",
            Figure::GoodnessOfFit => "goodness-of-fit",
            Figure::UptakeTest => "uptake-test",
            Figure::TwoSampleTest => "two-sample-test",
            Figure::OutcomeChiSquare => "outcome-chi-square",
            Figure::FreemanHalton => "freeman-halton",
            Figure::LeftOutIpsShare => "left-out-ips-share",
            Figure::LeftOutPopulationShare => "left-out-population-share",
        }
    }
}

/// How one figure was worked out.
///
/// `method`, `formula`, `mathml` and `source` are fixed text that never
/// holds the user's numbers; `steps` and `shown` do, so publish-safe views
/// show the first four and leave the last two out.
#[derive(Debug, Clone, PartialEq)]
pub struct Working {
    /// Which figure this explains.
    pub figure: Figure,
    /// "Representation ratio for Black".
    pub title: String,
    /// The method's name: "Share with a Wilson score interval".
    pub method: &'static str,
    /// The formula in plain text (no user numbers).
    pub formula: &'static str,
    /// The same formula as a MathML `<math>` element, for pages that can
    /// show it (the plain `formula` is always there).
    pub mathml: &'static str,
    /// Where the method comes from.
    pub source: &'static str,
    /// The user's numbers put into the formula, one sentence each; the last
    /// ends with [`Working::shown`], or says why there is no figure.
    pub steps: Vec<String>,
    /// The figure (and its interval) as the page shows it; `None` when it is
    /// undefined.
    pub shown: Option<String>,
}

impl Working {
    fn new(figure: Figure, title: String, method: &Method) -> Working {
        Working {
            figure,
            title,
            method: method.name,
            formula: method.formula,
            mathml: method.mathml,
            source: method.source,
            steps: Vec::new(),
            shown: None,
        }
    }

    fn step(&mut self, step: String) -> &mut Working {
        self.steps.push(step);
        self
    }

    /// The last step: `label: shown.`
    fn result(mut self, label: &str, shown: String) -> Working {
        self.steps.push(format!("{label}: {shown}."));
        self.shown = Some(shown);
        self
    }

    /// The last step of an undefined figure: why there is none.
    fn undefined(mut self, why: &str) -> Working {
        self.steps.push(why.to_string());
        self
    }
}

/// The working of every figure of one group: its access figures, then its
/// job outcome figures when the table has an `employed` column.
/// `confidence` and `interval` are the report's own.
pub fn group_working(
    breakdown: &BreakdownReport,
    group: &GroupReport,
    confidence: f64,
    interval: IntervalMethod,
) -> Vec<Working> {
    let context = Context::new(breakdown, confidence);
    let mut workings = vec![
        ips_share(&context, group),
        population_share(&context, group),
        expected_ips(&context, group),
        representation_ratio(&context, group),
        binomial_p(&context, group),
        access_holm(&context, group),
    ];
    if context.counts {
        workings.push(access_rate(group));
        workings.push(relative_access(&context, group));
    }
    if group.outcome.is_some() {
        workings.push(job_rate(&context, group, interval));
        workings.push(difference(&context, group));
        workings.push(job_rate_ratio(&context, group));
        workings.push(fisher_p(&context, group));
        workings.push(outcome_holm(&context, group));
    }
    workings
}

/// The working of the breakdown's tests: goodness of fit; with counts, the
/// uptake and two-sample tests; with job outcomes, the chi-square and the
/// Freeman-Halton exact test.
pub fn breakdown_working(breakdown: &BreakdownReport, confidence: f64) -> Vec<Working> {
    let context = Context::new(breakdown, confidence);
    let mut workings = vec![goodness_of_fit(&context)];
    if context.counts {
        workings.push(uptake_test(&context));
        workings.push(two_sample_test(&context));
    }
    if breakdown.outcome_test.is_some() {
        workings.push(outcome_chi_square(&context));
        workings.push(freeman_halton(&context));
    }
    workings
}

/// The working of the two shares shown for a row left out of the
/// comparisons ("Not known" and the like): its share of everyone in IPS and
/// of the whole population, each with every row counted, itself included.
pub fn left_out_working(breakdown: &BreakdownReport, row: &ExcludedGroup) -> Vec<Working> {
    let left_out_ips: u64 = breakdown.excluded.iter().map(|row| row.ips).sum();
    let all_ips = breakdown.total_ips + left_out_ips;
    let mut ips = Working::new(
        Figure::LeftOutIpsShare,
        format!("Share of everyone in IPS for {}", row.group),
        &methods::LEFT_OUT_SHARE,
    );
    ips.step(format!(
        "People in IPS recorded as \u{201c}{}\u{201d}: {}; everyone in IPS, every row included: {} in the groups compared + {} in rows left out = {}.",
        row.group,
        count(row.ips),
        count(breakdown.total_ips),
        count(left_out_ips),
        count(all_ips),
    ));
    let ips = match row.ips_share_of_total {
        Some(share) => {
            ips.step(format!(
                "Share = {} ÷ {} = {}.",
                count(row.ips),
                count(all_ips),
                decimal(share)
            ));
            ips.result("Share of everyone in IPS", percent(share))
        }
        None => ips
            .undefined("No one is in IPS in any row, so there is no share (it would divide by 0)."),
    };

    let mut population = Working::new(
        Figure::LeftOutPopulationShare,
        format!("Share of the population for {}", row.group),
        &methods::LEFT_OUT_SHARE,
    );
    let compared: f64 = breakdown
        .groups
        .iter()
        .map(|group| {
            group
                .population
                .map_or(group.population_percent.unwrap_or(0.0), |people| {
                    people as f64
                })
        })
        .sum();
    let left_out: f64 = breakdown
        .excluded
        .iter()
        .map(|row| {
            row.population
                .map_or(row.population_percent.unwrap_or(0.0), |people| {
                    people as f64
                })
        })
        .sum();
    let (own, unit) = match (row.population, row.population_percent) {
        (Some(people), _) => (people as f64, "population"),
        (None, Some(given)) => (given, "population percentage"),
        (None, None) => (0.0, "population"),
    };
    population.step(format!(
        "The row's {unit}: {}; every row's, this one included: {} in the groups compared + {} in rows left out = {}.",
        grouped(own, 0),
        grouped(compared, 0),
        grouped(left_out, 0),
        grouped(compared + left_out, 0),
    ));
    let population = match row.population_share_of_total {
        Some(share) => {
            population.step(format!(
                "Share = {} ÷ {} = {}.",
                grouped(own, 0),
                grouped(compared + left_out, 0),
                decimal(share)
            ));
            population.result("Share of the population", percent(share))
        }
        None => population.undefined("The population of every row adds up to 0, so there is no share (it would divide by 0)."),
    };
    vec![ips, population]
}

/// What every working of a breakdown needs.
struct Context<'a> {
    breakdown: &'a BreakdownReport,
    confidence: f64,
    /// "95%".
    level: String,
    z: f64,
    counts: bool,
    reference: Option<&'a GroupReport>,
}

impl<'a> Context<'a> {
    fn new(breakdown: &'a BreakdownReport, confidence: f64) -> Context<'a> {
        Context {
            breakdown,
            confidence,
            level: confidence_label(confidence),
            z: z_for_confidence(confidence),
            counts: breakdown.population_kind == PopulationKind::Count,
            reference: breakdown.groups.iter().find(|group| group.is_reference),
        }
    }

    fn groups_compared(&self) -> String {
        match self.breakdown.groups.len() {
            1 => "the 1 group compared".to_string(),
            k => format!("the {k} groups compared"),
        }
    }

    /// "z = 1.960, the point of the standard normal distribution with 2.5% above it."
    fn z_step(&self) -> String {
        format!(
            "For a {} interval, z = {}: the standard normal distribution has {} of its area above it.",
            self.level,
            fixed(self.z, 3),
            percent_plain((1.0 - self.confidence) / 2.0),
        )
    }

    /// "95% CI 1.33 to 1.74".
    fn ci(&self, interval: Interval, show: fn(f64) -> String) -> String {
        format!(
            "{} CI {} to {}",
            self.level,
            show(interval.lower),
            show(interval.upper)
        )
    }

    /// "1.52 (95% CI 1.33 to 1.74)", or the value alone without an interval.
    fn with_ci(
        &self,
        value: String,
        interval: Option<Interval>,
        show: fn(f64) -> String,
    ) -> String {
        match interval {
            Some(interval) => format!("{value} ({})", self.ci(interval, show)),
            None => value,
        }
    }
}

fn ips_share(context: &Context, group: &GroupReport) -> Working {
    let n = context.breakdown.total_ips;
    let access = &group.access;
    let mut working = Working::new(
        Figure::IpsShare,
        format!("Share of IPS for {}", group.group),
        &methods::WILSON_SHARE,
    );
    working.step(format!(
        "People in IPS from {}: {}; everyone in IPS across {} (N): {}.",
        group.group,
        count(group.ips),
        context.groups_compared(),
        count(n),
    ));
    if n == 0 {
        // The report takes the share as 0 rather than leave it undefined.
        working.step("No one is in IPS in any group compared, so there is nothing to divide by: the share is taken as 0.".to_string());
        return working.result("Share of IPS", percent(access.ips_share));
    }
    working.step(format!(
        "Share = {} ÷ {} = {} = {}.",
        count(group.ips),
        count(n),
        decimal(access.ips_share),
        percent(access.ips_share)
    ));
    if let Some(interval) = access.ips_share_ci {
        wilson_steps(&mut working, context, access.ips_share, n, interval);
    }
    let shown = context.with_ci(percent(access.ips_share), access.ips_share_ci, percent);
    working.result("Share of IPS", shown)
}

/// The Wilson interval's centre and half-width for a proportion `p` of `n`,
/// read off the bounds the core computed (the centre and half-width of
/// the formula are exactly their midpoint and half their distance), then
/// the bounds.
fn wilson_steps(working: &mut Working, context: &Context, p: f64, n: u64, interval: Interval) {
    let z = fixed(context.z, 3);
    let centre = (interval.lower + interval.upper) / 2.0;
    let half_width = (interval.upper - interval.lower) / 2.0;
    working
        .step(context.z_step())
        .step(format!(
            "Centre = ({} + {z}² ÷ (2 × {})) ÷ (1 + {z}² ÷ {}) = {}.",
            decimal(p),
            count(n),
            count(n),
            decimal(centre),
        ))
        .step(format!(
            "Half-width = {z} × √({} × {} ÷ {} + {z}² ÷ (4 × {}²)) ÷ (1 + {z}² ÷ {}) = {}.",
            decimal(p),
            decimal(1.0 - p),
            count(n),
            count(n),
            count(n),
            decimal(half_width),
        ))
        .step(format!(
            "Interval = {} − {} to {} + {} = {} to {}.",
            decimal(centre),
            decimal(half_width),
            decimal(centre),
            decimal(half_width),
            decimal(interval.lower),
            decimal(interval.upper),
        ));
}

fn population_share(context: &Context, group: &GroupReport) -> Working {
    let mut working = Working::new(
        Figure::PopulationShare,
        format!("Share of the population for {}", group.group),
        &methods::POPULATION_SHARE,
    );
    let share = group.access.population_share;
    match (group.population, group.population_percent) {
        (Some(people), _) => {
            let total: u64 = context
                .breakdown
                .groups
                .iter()
                .filter_map(|group| group.population)
                .sum();
            working.step(format!(
                "Population of {}: {}; population of {}: {}.",
                group.group,
                count(people),
                context.groups_compared(),
                count(total),
            ));
            if total == 0 {
                working.step("The population of the groups compared is 0, so there is nothing to divide by: each group's share is taken as 0.".to_string());
                return working.result("Share of the population", percent(share));
            }
            working.step(format!(
                "Share = {} ÷ {} = {}.",
                count(people),
                count(total),
                decimal(share)
            ));
        }
        (None, Some(given)) => {
            let total: f64 = context
                .breakdown
                .groups
                .iter()
                .filter_map(|group| group.population_percent)
                .sum();
            working.step(format!(
                "Population percentage given for {}: {}; the percentages of {} add up to {}.",
                group.group,
                plain_number(given),
                context.groups_compared(),
                plain_number(total),
            ));
            if total <= 0.0 {
                working.step("The percentages of the groups compared add up to 0, so there is nothing to divide by: each group's share is taken as 0.".to_string());
                return working.result("Share of the population", percent(share));
            }
            working.step(format!(
                "Share = {} ÷ {} = {} (the percentages are rescaled to add up to 100%).",
                plain_number(given),
                plain_number(total),
                decimal(share)
            ));
        }
        (None, None) => {}
    }
    working.result("Share of the population", percent(share))
}

fn expected_ips(context: &Context, group: &GroupReport) -> Working {
    let access = &group.access;
    let mut working = Working::new(
        Figure::ExpectedIps,
        format!("Expected number in IPS for {}", group.group),
        &methods::EXPECTED,
    );
    working.step(format!(
        "Everyone in IPS across {} (N): {}; {}'s share of the population: {}.",
        context.groups_compared(),
        count(context.breakdown.total_ips),
        group.group,
        decimal(access.population_share),
    ));
    working.step(format!(
        "Expected = {} × {} = {}; observed: {}.",
        count(context.breakdown.total_ips),
        decimal(access.population_share),
        grouped(access.expected_ips, 2),
        count(group.ips),
    ));
    working.result("Expected number in IPS", fixed(access.expected_ips, 1))
}

fn representation_ratio(context: &Context, group: &GroupReport) -> Working {
    let access = &group.access;
    let mut working = Working::new(
        Figure::RepresentationRatio,
        format!("Representation ratio for {}", group.group),
        &methods::REPRESENTATION_RATIO,
    );
    working.step(format!(
        "Share of IPS: {}; share of the population: {}.",
        decimal(access.ips_share),
        decimal(access.population_share)
    ));
    let Some(ratio) = access.representation_ratio else {
        return working.undefined(&format!(
            "{} has no share of the population, so there is no expected share to divide by and no representation ratio.",
            group.group
        ));
    };
    working.step(format!(
        "Ratio = {} ÷ {} = {}.",
        decimal(access.ips_share),
        decimal(access.population_share),
        decimal(ratio)
    ));
    if let (Some(share_ci), Some(ratio_ci)) = (access.ips_share_ci, access.representation_ratio_ci)
    {
        working.step(format!(
            "The {} Wilson interval of the share of IPS is {} to {}; the population share is taken as known, so the ratio's interval is {} ÷ {} = {} to {} ÷ {} = {}.",
            context.level,
            decimal(share_ci.lower),
            decimal(share_ci.upper),
            decimal(share_ci.lower),
            decimal(access.population_share),
            decimal(ratio_ci.lower),
            decimal(share_ci.upper),
            decimal(access.population_share),
            decimal(ratio_ci.upper),
        ));
    }
    if let Some(flag) = access.flag {
        working.step(flag_step(ratio, flag));
    }
    let shown = context.with_ci(
        ratio_text(ratio),
        access.representation_ratio_ci,
        ratio_text,
    );
    working.result("Representation ratio", shown)
}

/// "1.52 is above 1.25, the top of the four-fifths band: flagged."
fn flag_step(ratio: f64, flag: Flag) -> String {
    let (side, bound, end) = match flag {
        Flag::Below => ("below", Flag::LOWER, "bottom"),
        Flag::Above => ("above", Flag::UPPER, "top"),
    };
    format!(
        "{} is {side} {}, the {end} of the four-fifths band (0.80 to 1.25), so it is flagged: read it beside its interval and test.",
        ratio_text(ratio),
        ratio_text(bound)
    )
}

fn binomial_p(context: &Context, group: &GroupReport) -> Working {
    let access = &group.access;
    let n = context.breakdown.total_ips;
    let mut working = Working::new(
        Figure::BinomialP,
        format!("Binomial test for {}", group.group),
        &methods::BINOMIAL,
    );
    let Some(p) = access.p_value else {
        return working.undefined(&format!(
            "{} has no share of the population (or no one is in IPS), so there is nothing to test against and no p-value.",
            group.group
        ));
    };
    let share = access.population_share;
    working.step(format!(
        "If IPS reached every group in proportion, the number of people from {} among the {} in IPS would follow a binomial distribution with N = {} and share {}: {} expected, {} observed.",
        group.group,
        count(n),
        count(n),
        decimal(share),
        fixed(access.expected_ips, 1),
        count(group.ips),
    ));
    working.step(format!(
        "The chance of exactly {} is {}.",
        count(group.ips),
        probability(ln_binomial_pmf(group.ips, n, share).exp()),
    ));
    working.step(format!(
        "p = the total chance of every count from 0 to {} that is no more likely than {}: {}.",
        count(n),
        count(group.ips),
        probability(p)
    ));
    working.result("Binomial test", p_value(p))
}

fn access_holm(context: &Context, group: &GroupReport) -> Working {
    let p_values: Vec<(&str, f64)> = context
        .breakdown
        .groups
        .iter()
        .filter_map(|g| Some((g.group.as_str(), g.access.p_value?)))
        .collect();
    holm_working(
        Figure::AccessHolmP,
        group,
        group.access.p_value,
        group.access.p_adjusted,
        &p_values,
        "binomial",
    )
}

fn outcome_holm(context: &Context, group: &GroupReport) -> Working {
    let p_values: Vec<(&str, f64)> = context
        .breakdown
        .groups
        .iter()
        .filter_map(|g| Some((g.group.as_str(), g.outcome.as_ref()?.p_value?)))
        .collect();
    let outcome = group.outcome.as_ref();
    holm_working(
        Figure::OutcomeHolmP,
        group,
        outcome.and_then(|o| o.p_value),
        outcome.and_then(|o| o.p_adjusted),
        &p_values,
        "Fisher",
    )
}

/// Holm's step-down adjustment of `raw`, one of `p_values` (in the
/// breakdown's order); the adjusted value is the report's.
fn holm_working(
    figure: Figure,
    group: &GroupReport,
    raw: Option<f64>,
    adjusted: Option<f64>,
    p_values: &[(&str, f64)],
    test: &str,
) -> Working {
    let mut working = Working::new(
        figure,
        format!("Holm-adjusted {test} p-value for {}", group.group),
        &methods::HOLM,
    );
    let (Some(_), Some(adjusted)) = (raw, adjusted) else {
        let why = if group.is_reference && figure == Figure::OutcomeHolmP {
            format!(
                "{} is the reference group: it is not compared with itself, so it has no p-value to adjust.",
                group.group
            )
        } else {
            format!(
                "{} has no {test} p-value, so it takes no part in the adjustment and has no adjusted p-value.",
                group.group
            )
        };
        return working.undefined(&why);
    };
    // The same order as `holm`: ascending, ties in the breakdown's order.
    // An insertion sort (each after every value not above it): the groups
    // are a handful, and the library's sort would add a copy of itself to
    // the page for this one list.
    let mut sorted: Vec<&(&str, f64)> = Vec::with_capacity(p_values.len());
    for entry in p_values {
        let at = sorted
            .iter()
            .position(|other| other.1.total_cmp(&entry.1).is_gt())
            .unwrap_or(sorted.len());
        sorted.insert(at, entry);
    }
    let m = sorted.len();
    let rank = sorted
        .iter()
        .position(|(name, _)| *name == group.group)
        .unwrap_or(0);
    let multipliers = if m <= 3 {
        (1..=m)
            .rev()
            .map(|k| count(k as u64))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        format!("{}, {}, ..., 1", count(m as u64), count(m as u64 - 1))
    };
    working.step(if m == 1 {
        format!("Only {} has a {test} p-value, so Holm multiplies it by 1:", group.group)
    } else {
        format!(
            "{} groups have a {test} p-value. Sorted from smallest, each is multiplied by the number of p-values from it to the largest ({multipliers}):",
            count(m as u64),
        )
    });
    let products: Vec<String> = sorted
        .iter()
        .take(rank + 1)
        .enumerate()
        .map(|(j, (name, p))| {
            let factor = (m - j) as f64;
            format!(
                "{name}: {} × {} = {}",
                count((m - j) as u64),
                probability(*p),
                probability(factor * p)
            )
        })
        .collect();
    working.step(format!("{}.", products.join("; ")));
    working.step(format!(
        "{}'s adjusted p-value is the largest of the products up to its own ({}), capped at 1: {}.",
        group.group,
        ordinal(rank + 1),
        probability(adjusted),
    ));
    working.result("Holm-adjusted p", p_value(adjusted))
}

fn access_rate(group: &GroupReport) -> Working {
    let mut working = Working::new(
        Figure::AccessRate,
        format!("Access rate for {}", group.group),
        &methods::ACCESS_RATE,
    );
    let population = group.population.unwrap_or(0);
    working.step(format!(
        "People in IPS from {}: {}; population: {}.",
        group.group,
        count(group.ips),
        count(population)
    ));
    match group.access.access_rate {
        Some(rate) => {
            working.step(format!(
                "Access rate = {} ÷ {} = {}.",
                count(group.ips),
                count(population),
                decimal(rate)
            ));
            working.result("Access rate", percent(rate))
        }
        None => working.undefined(&format!(
            "{} has no one in the population, so there is no access rate (it would divide by 0).",
            group.group
        )),
    }
}

fn relative_access(context: &Context, group: &GroupReport) -> Working {
    let mut working = Working::new(
        Figure::RelativeAccess,
        format!("Relative access for {}", group.group),
        &methods::KATZ_ACCESS,
    );
    let Some(reference) = context.reference else {
        return working.undefined("The breakdown has no reference group.");
    };
    if group.is_reference {
        return working.undefined(&format!(
            "{} is the reference group: it is not compared with itself.",
            group.group
        ));
    }
    let (population, reference_population) = (
        group.population.unwrap_or(0),
        reference.population.unwrap_or(0),
    );
    working.step(format!(
        "Access rates: {} {} ÷ {}; {} (reference) {} ÷ {}.",
        group.group,
        count(group.ips),
        count(population),
        reference.group,
        count(reference.ips),
        count(reference_population),
    ));
    let (Some(rate), Some(reference_rate), Some(ratio)) = (
        group.access.access_rate,
        reference.access.access_rate,
        group.access.relative_access,
    ) else {
        let why = if group.access.access_rate.is_none() {
            format!(
                "{} has no one in the population, so it has no access rate and no relative access.",
                group.group
            )
        } else {
            format!(
                "{} has no access rate above 0 to divide by, so there is no relative access.",
                reference.group
            )
        };
        return working.undefined(&why);
    };
    working.step(format!(
        "Relative access = {} ÷ {} = {}.",
        decimal(rate),
        decimal(reference_rate),
        decimal(ratio)
    ));
    katz_steps(
        &mut working,
        context,
        [group.ips, population, reference.ips, reference_population],
        ratio,
        group.access.relative_access_ci,
        &group.group,
        "in IPS",
    );
    let shown = context.with_ci(
        ratio_text(ratio),
        group.access.relative_access_ci,
        ratio_text,
    );
    working.result("Relative access", shown)
}

/// The Katz log interval of a ratio of `e1/n1` to `e2/n2`, whose bounds
/// the report holds; `None` for those bounds says why there are none.
fn katz_steps(
    working: &mut Working,
    context: &Context,
    [e1, n1, e2, n2]: [u64; 4],
    ratio: f64,
    interval: Option<Interval>,
    group: &str,
    events: &str,
) {
    let Some(interval) = interval else {
        working.step(format!(
            "No one in {group} is {events}, and the log of 0 is undefined, so the ratio has no interval."
        ));
        return;
    };
    let standard_error = [e1, n1, e2, n2]
        .map(|count| 1.0 / count as f64)
        .into_iter()
        .zip([1.0, -1.0, 1.0, -1.0])
        .map(|(inverse, sign)| sign * inverse)
        .sum::<f64>()
        .sqrt();
    working
        .step(format!(
            "ln ratio = ln {} = {}.",
            decimal(ratio),
            decimal(ratio.ln())
        ))
        .step(format!(
            "Standard error of ln ratio = √(1/{} − 1/{} + 1/{} − 1/{}) = {}.",
            count(e1),
            count(n1),
            count(e2),
            count(n2),
            decimal(standard_error)
        ))
        .step(context.z_step())
        .step(format!(
            "Interval = exp({} ∓ {} × {}) = {} to {}.",
            decimal(ratio.ln()),
            fixed(context.z, 3),
            decimal(standard_error),
            decimal(interval.lower),
            decimal(interval.upper),
        ));
}

fn job_rate(context: &Context, group: &GroupReport, interval: IntervalMethod) -> Working {
    let method = match interval {
        IntervalMethod::Wilson => &methods::WILSON_RATE,
        IntervalMethod::Exact => &methods::CLOPPER_PEARSON,
    };
    let mut working = Working::new(
        Figure::JobRate,
        format!("Job rate for {}", group.group),
        method,
    );
    let employed = group.employed.unwrap_or(0);
    working.step(format!(
        "People in IPS from {}: {}; of them, gained a job: {}.",
        group.group,
        count(group.ips),
        count(employed)
    ));
    let Some(outcome) = &group.outcome else {
        return working.undefined("The table has no employed column, so there are no job rates.");
    };
    let Some(rate) = outcome.rate else {
        return working.undefined(&format!(
            "No one from {} is in IPS, so there is no job rate (it would divide 0 by 0).",
            group.group
        ));
    };
    working.step(format!(
        "Job rate = {} ÷ {} = {} = {}.",
        count(employed),
        count(group.ips),
        decimal(rate),
        percent(rate)
    ));
    if let Some(ci) = outcome.rate_ci {
        match interval {
            IntervalMethod::Wilson => wilson_steps(&mut working, context, rate, group.ips, ci),
            IntervalMethod::Exact => {
                let tail = percent_plain((1.0 - context.confidence) / 2.0);
                let lower = if employed == 0 {
                    "The lower bound is 0, because no one gained a job.".to_string()
                } else {
                    format!(
                        "Lower bound: the job rate at which {} or more of {} would gain a job with chance {tail}: {}.",
                        count(employed),
                        count(group.ips),
                        decimal(ci.lower)
                    )
                };
                let upper = if employed == group.ips {
                    "The upper bound is 1, because everyone gained a job.".to_string()
                } else {
                    format!(
                        "Upper bound: the job rate at which {} or fewer of {} would gain a job with chance {tail}: {}.",
                        count(employed),
                        count(group.ips),
                        decimal(ci.upper)
                    )
                };
                working.step(lower).step(upper);
            }
        }
    }
    let shown = context.with_ci(percent(rate), outcome.rate_ci, percent);
    working.result("Job rate", shown)
}

/// The two groups' counts for a comparison, or why there is none.
struct Comparison<'a> {
    reference: &'a GroupReport,
    e: u64,
    n: u64,
    e_ref: u64,
    n_ref: u64,
}

fn comparison<'a>(
    context: &Context<'a>,
    group: &GroupReport,
    working: &mut Working,
) -> Result<Comparison<'a>, String> {
    let reference = context
        .reference
        .ok_or_else(|| "The breakdown has no reference group.".to_string())?;
    if group.is_reference {
        return Err(format!(
            "{} is the reference group: it is not compared with itself.",
            group.group
        ));
    }
    let (e, n) = (group.employed.unwrap_or(0), group.ips);
    let (e_ref, n_ref) = (reference.employed.unwrap_or(0), reference.ips);
    working.step(format!(
        "{}: {} of {} gained a job; {} (reference): {} of {}.",
        group.group,
        count(e),
        count(n),
        reference.group,
        count(e_ref),
        count(n_ref)
    ));
    if n == 0 {
        return Err(format!(
            "No one from {} is in IPS, so there is no job rate to compare.",
            group.group
        ));
    }
    if n_ref == 0 {
        return Err(format!(
            "No one from the reference group, {}, is in IPS, so there is no job rate to compare with.",
            reference.group
        ));
    }
    Ok(Comparison {
        reference,
        e,
        n,
        e_ref,
        n_ref,
    })
}

fn difference(context: &Context, group: &GroupReport) -> Working {
    let mut working = Working::new(
        Figure::Difference,
        format!("Difference in job rate for {}", group.group),
        &methods::NEWCOMBE,
    );
    let pair = match comparison(context, group, &mut working) {
        Ok(pair) => pair,
        Err(why) => return working.undefined(&why),
    };
    let outcome = group.outcome.as_ref();
    let Some(difference) = outcome.and_then(|o| o.difference) else {
        return working.undefined("There is no difference to show.");
    };
    let p1 = pair.e as f64 / pair.n as f64;
    let p2 = pair.e_ref as f64 / pair.n_ref as f64;
    working.step(format!(
        "Difference = {} − {} = {} = {} percentage points.",
        decimal(p1),
        decimal(p2),
        decimal(difference),
        signed_number(difference)
    ));
    let interval = outcome.and_then(|o| o.difference_ci);
    let wilsons = (
        wilson(pair.e, pair.n, context.confidence),
        wilson(pair.e_ref, pair.n_ref, context.confidence),
    );
    if let (Some(ci), (Some(first), Some(second))) = (interval, wilsons) {
        working
            .step(format!(
                "{} Wilson intervals of the two job rates: {} {} to {}; {} {} to {}.",
                context.level,
                group.group,
                decimal(first.lower),
                decimal(first.upper),
                pair.reference.group,
                decimal(second.lower),
                decimal(second.upper),
            ))
            .step(format!(
                "Lower bound = {} − √(({} − {})² + ({} − {})²) = {}.",
                decimal(difference),
                decimal(p1),
                decimal(first.lower),
                decimal(second.upper),
                decimal(p2),
                decimal(ci.lower),
            ))
            .step(format!(
                "Upper bound = {} + √(({} − {})² + ({} − {})²) = {}.",
                decimal(difference),
                decimal(first.upper),
                decimal(p1),
                decimal(p2),
                decimal(second.lower),
                decimal(ci.upper),
            ));
    }
    let shown = context.with_ci(signed_number(difference), interval, signed_number);
    working.result("Difference, percentage points", shown)
}

fn job_rate_ratio(context: &Context, group: &GroupReport) -> Working {
    let mut working = Working::new(
        Figure::JobRateRatio,
        format!("Ratio of job rates for {}", group.group),
        &methods::KATZ_JOBS,
    );
    let pair = match comparison(context, group, &mut working) {
        Ok(pair) => pair,
        Err(why) => return working.undefined(&why),
    };
    let outcome = group.outcome.as_ref();
    let Some(ratio) = outcome.and_then(|o| o.ratio) else {
        return working.undefined(&format!(
            "No one in the reference group, {}, gained a job, so its job rate is 0 and there is no ratio (it would divide by 0).",
            pair.reference.group
        ));
    };
    let p1 = pair.e as f64 / pair.n as f64;
    let p2 = pair.e_ref as f64 / pair.n_ref as f64;
    working.step(format!(
        "Ratio = {} ÷ {} = {}.",
        decimal(p1),
        decimal(p2),
        decimal(ratio)
    ));
    let interval = outcome.and_then(|o| o.ratio_ci);
    katz_steps(
        &mut working,
        context,
        [pair.e, pair.n, pair.e_ref, pair.n_ref],
        ratio,
        interval,
        &group.group,
        "employed",
    );
    if let Some(flag) = outcome.and_then(|o| o.flag) {
        working.step(flag_step(ratio, flag));
    }
    let shown = context.with_ci(ratio_text(ratio), interval, ratio_text);
    working.result("Ratio of job rates", shown)
}

fn fisher_p(context: &Context, group: &GroupReport) -> Working {
    let mut working = Working::new(
        Figure::FisherP,
        format!("Fisher's exact test for {}", group.group),
        &methods::FISHER,
    );
    let pair = match comparison(context, group, &mut working) {
        Ok(pair) => pair,
        Err(why) => return working.undefined(&why),
    };
    let Some(p) = group.outcome.as_ref().and_then(|o| o.p_value) else {
        return working.undefined("There is no p-value to show.");
    };
    let (not_employed, reference_not_employed) = (
        pair.n.saturating_sub(pair.e),
        pair.n_ref.saturating_sub(pair.e_ref),
    );
    let employed_total = pair.e + pair.e_ref;
    let people = pair.n + pair.n_ref;
    working
        .step(format!(
            "The 2 × 2 table: {} {} with a job, {} without; {} {} with a job, {} without. Totals: {} people, {} with a job.",
            group.group,
            count(pair.e),
            count(not_employed),
            pair.reference.group,
            count(pair.e_ref),
            count(reference_not_employed),
            count(people),
            count(employed_total),
        ))
        .step(format!(
            "If job rates were the same, the {} jobs would fall among the {} people at random: the chance that {} of them fall in {} (of {}) is {}.",
            count(employed_total),
            count(people),
            count(pair.e),
            group.group,
            count(pair.n),
            probability(ln_hypergeometric_pmf(pair.e, pair.n, pair.n_ref, employed_total).exp()),
        ))
        .step(format!(
            "p = the total chance of every split of the {} jobs that is no more likely than this one: {}.",
            count(employed_total),
            probability(p)
        ));
    working.result("Fisher's exact test", p_value(p))
}

fn goodness_of_fit(context: &Context) -> Working {
    let breakdown = context.breakdown;
    let mut working = Working::new(
        Figure::GoodnessOfFit,
        format!("Goodness of fit for {}", breakdown.name),
        &methods::GOODNESS_OF_FIT,
    );
    let n = breakdown.total_ips;
    working.step(format!(
        "Everyone in IPS across {} (N): {}. Each group's expected number is N × its share of the population.",
        context.groups_compared(),
        count(n)
    ));
    let terms: Vec<String> = breakdown
        .groups
        .iter()
        .map(|group| {
            let expected = group.access.expected_ips;
            let term = if expected > 0.0 {
                let deviation = group.ips as f64 - expected;
                format!(" → {}", decimal(deviation * deviation / expected))
            } else {
                String::new()
            };
            format!(
                "{}: ({} − {})² ÷ {}{term}",
                group.group,
                count(group.ips),
                grouped(expected, 2),
                grouped(expected, 2)
            )
        })
        .collect();
    working.step(format!("{}.", terms.join("; ")));
    let Some(test) = breakdown.access_test else {
        let why = if n == 0 {
            "No one is in IPS, so there is nothing to test."
        } else if breakdown.groups.len() < 2 {
            "There is only one group, so there is nothing to compare."
        } else {
            "A group has no share of the population, so its expected number is 0 and the test cannot be worked out (it would divide by 0)."
        };
        return working.undefined(why);
    };
    chi_square_end(working, &test)
}

/// The sum, the degrees of freedom, the p-value and the result as shown.
fn chi_square_end(mut working: Working, test: &ChiSquareTest) -> Working {
    working.step(format!(
        "Chi-square = the sum of these = {}, with {}; p = the chance of a chi-square this large or larger = {}.",
        decimal(test.statistic),
        degrees_of_freedom(test.df),
        probability(test.p_value),
    ));
    let shown = chi_square_shown(test.statistic, test.df, test.p_value);
    working.result("Chi-square", shown)
}

/// "61.97, 4 degrees of freedom, p < 0.001".
fn chi_square_shown(statistic: f64, df: u64, p: f64) -> String {
    format!(
        "{}, {}, {}",
        fixed(statistic, 2),
        degrees_of_freedom(df),
        p_value(p)
    )
}

/// "1 degree of freedom", "4 degrees of freedom".
fn degrees_of_freedom(df: u64) -> String {
    match df {
        1 => "1 degree of freedom".to_string(),
        _ => format!("{} degrees of freedom", count(df)),
    }
}

fn uptake_test(context: &Context) -> Working {
    let rows: Vec<(&str, [u64; 2])> = context
        .breakdown
        .groups
        .iter()
        .map(|group| {
            let population = group.population.unwrap_or(0);
            (
                group.group.as_str(),
                [group.ips, population.saturating_sub(group.ips)],
            )
        })
        .collect();
    independence_working(
        context,
        Figure::UptakeTest,
        "Uptake test",
        &methods::UPTAKE,
        &rows,
        ["in IPS", "not in IPS"],
        context.breakdown.uptake_test,
    )
}

fn two_sample_test(context: &Context) -> Working {
    let rows: Vec<(&str, [u64; 2])> = context
        .breakdown
        .groups
        .iter()
        .map(|group| {
            (
                group.group.as_str(),
                [group.ips, group.population.unwrap_or(0)],
            )
        })
        .collect();
    let mut working = independence_working(
        context,
        Figure::TwoSampleTest,
        "Two-sample chi-square",
        &methods::TWO_SAMPLE,
        &rows,
        ["in IPS", "population"],
        context.breakdown.two_sample_test,
    );
    // Said before the result, which stays the last step.
    let caution = "This test treats the people in IPS and the population as two separate samples, but the people in IPS are part of that population, so they are counted twice; the goodness-of-fit and uptake tests are the ones to rely on.".to_string();
    let at = working.steps.len().saturating_sub(1);
    working.steps.insert(at, caution);
    working
}

fn outcome_chi_square(context: &Context) -> Working {
    let breakdown = context.breakdown;
    let table = outcome_rows(breakdown).unwrap_or_default();
    let names = breakdown
        .groups
        .iter()
        .filter(|group| group.ips > 0)
        .map(|group| group.group.as_str());
    let rows: Vec<(&str, [u64; 2])> = names.zip(table.iter().copied()).collect();
    let test = breakdown.outcome_test.and_then(|test| {
        Some(ChiSquareTest {
            statistic: test.statistic?,
            df: test.df?,
            p_value: test.p_value?,
        })
    });
    independence_working(
        context,
        Figure::OutcomeChiSquare,
        "Chi-square test of job rates",
        &methods::OUTCOME_CHI_SQUARE,
        &rows,
        ["with a job", "without"],
        test,
    )
}

/// Pearson's chi-square of independence on a k x 2 table of named rows,
/// leaving out empty rows as the core does.
fn independence_working(
    context: &Context,
    figure: Figure,
    name: &str,
    method: &Method,
    rows: &[(&str, [u64; 2])],
    columns: [&str; 2],
    test: Option<ChiSquareTest>,
) -> Working {
    let mut working = Working::new(
        figure,
        format!("{name} for {}", context.breakdown.name),
        method,
    );
    let rows: Vec<&(&str, [u64; 2])> = rows.iter().filter(|(_, row)| row[0] + row[1] > 0).collect();
    let column_totals = [0, 1].map(|c| rows.iter().map(|(_, row)| row[c]).sum::<u64>());
    let n = column_totals[0] + column_totals[1];
    working.step(format!(
        "The table has a row for each group with anyone in it, and two columns: {} (total {}) and {} (total {}); {} in all. Each cell's expected count is its row total × its column total ÷ {}.",
        columns[0],
        count(column_totals[0]),
        columns[1],
        count(column_totals[1]),
        count(n),
        count(n),
    ));
    if n > 0 && column_totals.iter().all(|&total| total > 0) {
        let cells: Vec<String> = rows
            .iter()
            .map(|(group, row)| {
                let row_total = (row[0] + row[1]) as f64;
                let parts: Vec<String> = (0..2)
                    .map(|c| {
                        let observed = row[c] as f64;
                        let expected = row_total * column_totals[c] as f64 / n as f64;
                        let deviation = observed - expected;
                        format!(
                            "{} observed {}, expected {} → {}",
                            columns[c],
                            count(row[c]),
                            grouped(expected, 2),
                            decimal(deviation * deviation / expected)
                        )
                    })
                    .collect();
                format!("{group}: {}", parts.join(", "))
            })
            .collect();
        working.step(format!(
            "Each cell adds (observed − expected)² ÷ expected: {}.",
            cells.join("; ")
        ));
    }
    match test {
        Some(test) => chi_square_end(working, &test),
        None => {
            let why = if rows.len() < 2 {
                "Fewer than two groups have anyone in the table, so there is nothing to compare."
            } else {
                "A column of the table is empty (every expected count in it is 0), so the test cannot be worked out (it would divide by 0)."
            };
            working.undefined(why)
        }
    }
}

fn freeman_halton(context: &Context) -> Working {
    let breakdown = context.breakdown;
    let mut working = Working::new(
        Figure::FreemanHalton,
        format!("Freeman-Halton exact test for {}", breakdown.name),
        &methods::FREEMAN_HALTON,
    );
    let Some(test) = breakdown.outcome_test else {
        return working.undefined(
            "Fewer than two groups have anyone in IPS, so job rates cannot be compared.",
        );
    };
    let rows = outcome_rows(breakdown).unwrap_or_default();
    let people: u64 = rows.iter().map(|row| row[0] + row[1]).sum();
    let employed: u64 = rows.iter().map(|row| row[0]).sum();
    let ln_observed = rows
        .iter()
        .map(|row| ln_choose(row[0] + row[1], row[0]))
        .sum::<f64>()
        - ln_choose(people, employed);
    working
        .step(format!(
            "{} people in IPS in {} groups, {} of them with a job. If job rates were the same in every group, the jobs would fall among the people at random, keeping each group's size and the number of jobs.",
            count(people),
            count(rows.len() as u64),
            count(employed)
        ))
        .step(format!(
            "The chance of the table as observed = the product over groups of C(people, jobs) ÷ C({}, {}) = {}.",
            count(people),
            count(employed),
            probability(ln_observed.exp())
        ));
    let (Some(p), Some(method)) = (test.exact_p_value, test.exact_method) else {
        return working.undefined("The exact test is still being worked out.");
    };
    match method {
        ExactMethod::Exact => working.step(format!(
            "p = the total chance of every table with the same totals that is no more likely than the one observed, summed exactly over all such tables: {}.",
            probability(p)
        )),
        ExactMethod::MonteCarlo => working.step(format!(
            "The table is too large to sum every arrangement within the work budget, so p is estimated from at least 1,000,000 random tables with the same totals (always the same ones for the same table), as (b + 1) ÷ (M + 1), b of the M being no more likely than the one observed: {}, standard error {}.",
            probability(p),
            probability(test.exact_p_value_se.unwrap_or(0.0))
        )),
    };
    if test.small_expected_counts {
        working.step("Some expected counts are below 5, so this exact p-value is the one to read rather than the chi-square's.".to_string());
    }
    working.result("Freeman-Halton exact test", p_value(p))
}

/// An intermediate value to four decimals, with a true minus sign:
/// "0.1750", "\u{2212}0.0071".
fn decimal(value: f64) -> String {
    let text = fixed(value, 4);
    match text.strip_prefix('-') {
        Some(magnitude) => format!("\u{2212}{magnitude}"),
        None => text,
    }
}

/// A number with its thousands grouped, as the page writes counts:
/// "5,040.00", "10,000". With no decimals asked for, a value that is not
/// whole keeps its own ("11.5").
fn grouped(value: f64, decimals: usize) -> String {
    let text = if decimals == 0 && value.fract() != 0.0 {
        plain_number(value)
    } else {
        fixed(value, decimals)
    };
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("\u{2212}", rest),
        None => ("", text.as_str()),
    };
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let whole = whole
        .parse::<u64>()
        .map_or_else(|_| whole.to_string(), count);
    match fraction {
        Some(fraction) => format!("{sign}{whole}.{fraction}"),
        None => format!("{sign}{whole}"),
    }
}

/// A number as given, without trailing zeros: "11.5", "100".
fn plain_number(value: f64) -> String {
    let text = fixed(value, 4);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}

/// A share in percent without rounding away small levels: "2.5%", "0.5%".
fn percent_plain(fraction: f64) -> String {
    format!("{}%", plain_number(fraction * 100.0))
}

/// A probability in a step: four decimals, or two significant figures in
/// powers of ten below 0.0001 ("3.1 × 10^-9"), so that tiny values do not
/// read as 0.
fn probability(value: f64) -> String {
    if value == 0.0 || value >= 0.000_1 || !value.is_finite() {
        return decimal(value);
    }
    let exponent = value.log10().floor();
    let mantissa = value / 10f64.powf(exponent);
    // 9.96e-5 rounds to a mantissa of 10.0: carry it into the exponent.
    let (mantissa, exponent) = if fixed(mantissa, 1) == "10.0" {
        (1.0, exponent + 1.0)
    } else {
        (mantissa, exponent)
    };
    format!("{} × 10^\u{2212}{}", fixed(mantissa, 1), -exponent as i64)
}

/// "1st", "2nd", "3rd", "11th".
fn ordinal(rank: usize) -> String {
    let suffix = match (rank % 10, rank % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{rank}{suffix}")
}

#[cfg(test)]
mod tests;
