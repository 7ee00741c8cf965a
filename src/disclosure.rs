//! Publish-safe figures (statistical disclosure control): what of a report
//! may be shown or exported when the figures leave the service.
//!
//! The rules are those NHS England (formerly NHS Digital) applies to
//! published counts of patients, as in its Hospital Episode Statistics
//! publications: counts from 1 to 7 are withheld, other counts are rounded
//! to the nearest 5. On
//! top of them, because the calculator also shows rates, shares, intervals
//! and tests worked out from the real counts, this module withholds
//! whatever would give a withheld count back:
//!
//! 1. **Small counts** (1 to [`Rules::threshold`]) are withheld
//!    ([`Shown::Primary`]). **Zeros are shown**: a zero names no one, and
//!    withholding it would hide the very gaps (no one from a group in IPS,
//!    no one of them in work) the calculator exists to find; a zero is also
//!    not small enough to protect anything else, so it is never withheld for
//!    another count's sake either.
//! 2. **Small differences within a row** are counts of people too: IPS -
//!    employed (in IPS, not in work) and population - IPS (not in IPS). When
//!    both counts would be shown and their difference is 1 to the threshold,
//!    the employed (or population) count is withheld ([`Shown::Secondary`]),
//!    which keeps the access figures.
//! 3. **Secondary suppression**: each column (population, IPS, employed)
//!    adds up over the compared groups to a total that is shown, and over
//!    the "Not known" rows to everyone minus that total (their shares of
//!    everyone give it away). Further counts are withheld, the reference
//!    group's last, until no withheld count, and no small difference within
//!    a row, can be pinned to one value from the lines' totals, their shown
//!    counts and the rows' order (employed <= IPS <= population), taken
//!    line by line and then all at once; if nothing is left to withhold, the
//!    line's total is withheld. The checks take every shown count as exact.
//! 4. **Everything else follows its counts.** Shares, rates, ratios,
//!    intervals and p-values are worked out from the real counts and shown
//!    only when every count they come from is shown ([`GroupCells`]). The
//!    shares of the groups still shown add up to 100% minus the withheld
//!    groups' shares together, which step 3 keeps from naming any one.
//! 5. **Tests across groups** are shown only when none of the counts they
//!    are worked out from is withheld: a statistic to two decimals is one
//!    more equation in those counts, and with the rest of the table shown
//!    it can be solved for a withheld one. The access tests (goodness of
//!    fit, uptake, two-sample chi-square) use the compared groups' IPS and
//!    population counts only ([`BreakdownCells::access_tests`]); the
//!    outcome tests (chi-square on job rates, Freeman-Halton p) their IPS
//!    and employed counts only ([`BreakdownCells::outcome_tests`]), so a
//!    withheld job count leaves the access tests standing, and a withheld
//!    population count the outcome tests.
//!    Holm-adjusted p-values mix every group's p-value, so they are shown
//!    only when every group's figures are ([`BreakdownCells::holm`]).
//!
//! Counts are rounded to the nearest multiple of [`Rules::rounding`], a
//! count exactly halfway going up (only possible with an even rounding
//! base); totals are rounded on their own, so rounded counts need not add up
//! to them. A count above zero never shows as 0: if rounding would make it
//! 0 it is withheld like a small count ([`Rules::effective_threshold`]).
//! Rounding is a courtesy, not the protection: rates to 0.1% computed from
//! real counts can undo it, so the guarantee rests on suppression alone,
//! and the checks assume every shown count is known exactly.
//!
//! A table of population percentages has no population counts to protect:
//! only the IPS and employed columns are checked.
//!
//! What the page and the exports must do beside: word groups with
//! [`GroupCells::findings`] and [`BreakdownCells::findings`], never the
//! report's own sentences, notes or warnings (a small-numbers note and a
//! total-row warning name counts), and write both kinds of withheld count
//! with the one mark [`Shown::WITHHELD`]. The checks do not model what the
//! choice of reference group implies (by default, the group with the most
//! people in IPS).
//!
//! ```
//! use ips_equity::analysis::{analyse_text, Options};
//! use ips_equity::disclosure::{protect, Rules, Shown};
//! let text = "Group,Population,IPS,Employed\nA,5600,560,196\nB,1150,175,60\nC,300,4,1\n";
//! let report = analyse_text(text, &Options::default()).report;
//! let safe = protect(&report, &Rules::default());
//! let groups = &safe.breakdowns[0].groups;
//! assert_eq!(groups[0].ips, Shown::Count(560));
//! assert_eq!(groups[2].ips, Shown::Primary);
//! // B's count is withheld too, or N minus the shown counts would give C's.
//! assert_eq!(groups[1].ips, Shown::Secondary);
//! assert!(groups[0].access && !groups[1].access && !groups[2].access);
//! ```

mod suppression;
mod wording;

#[cfg(test)]
mod tests;

use crate::input::PopulationKind;
use crate::report::{BreakdownReport, Report};
use suppression::{Mark, Row, EMPLOYED, IPS, POPULATION};

/// The rules applied to everything shown and exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    /// Counts from 1 to this are withheld (NHS practice: 7); 0 withholds
    /// nothing but what rounding would show as 0.
    pub threshold: u64,
    /// Other counts are rounded to the nearest multiple of this (5); 0 and 1
    /// leave them as they are.
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

impl Rules {
    /// The largest count withheld as small: the threshold, or more if
    /// rounding would show a larger count as 0 (a count of 1 or 2 rounds to
    /// 0 with a base of 5), since a 0 must mean no one; and never 1, since a
    /// withheld count would then always be a 1.
    ///
    /// ```
    /// use ips_equity::disclosure::Rules;
    /// assert_eq!(Rules::default().effective_threshold(), 7);
    /// assert_eq!(Rules { threshold: 0, rounding: 10 }.effective_threshold(), 4);
    /// assert_eq!(Rules { threshold: 1, rounding: 1 }.effective_threshold(), 2);
    /// ```
    pub fn effective_threshold(&self) -> u64 {
        match self.threshold.max(self.base().saturating_sub(1) / 2) {
            // "Withheld" would then always mean 1.
            1 => 2,
            threshold => threshold,
        }
    }

    fn base(&self) -> u64 {
        self.rounding.max(1)
    }

    /// A count as the rules round it: to the nearest multiple of the
    /// rounding base, halfway going up.
    ///
    /// ```
    /// use ips_equity::disclosure::Rules;
    /// let rules = Rules::default();
    /// assert_eq!((rules.round(12), rules.round(13), rules.round(560)), (10, 15, 560));
    /// assert_eq!(Rules { threshold: 7, rounding: 10 }.round(15), 20);
    /// ```
    pub fn round(&self, count: u64) -> u64 {
        let base = self.base();
        let rounded_down = count - count % base;
        if count % base >= base - base / 2 {
            rounded_down.saturating_add(base)
        } else {
            rounded_down
        }
    }

    /// How a count is published when nothing else forces it to be withheld.
    pub fn show(&self, count: u64) -> Shown {
        if (1..=self.effective_threshold()).contains(&count) {
            Shown::Primary
        } else {
            Shown::Count(self.round(count))
        }
    }

    /// The rules in plain words, for the page and the exports.
    ///
    /// ```
    /// use ips_equity::disclosure::Rules;
    /// let words = Rules::default().describe();
    /// assert!(words[0].contains("from 1 to 7"));
    /// ```
    pub fn describe(&self) -> Vec<String> {
        let threshold = self.effective_threshold();
        let mut lines = Vec::new();
        if threshold > 0 {
            lines.push(format!(
                "Counts of people from 1 to {threshold} are withheld and shown as {}. Zeros are shown: a zero names no one.",
                Shown::WITHHELD
            ));
        }
        if self.base() > 1 {
            lines.push(format!(
                "Other counts are rounded to the nearest {} (a count exactly halfway goes up), each total on its own, so rounded counts may not add up to their total.",
                self.base()
            ));
        }
        lines.push(
            "Shares, rates, ratios, intervals and p-values are worked out from the real counts, and withheld with the counts they come from.".to_string(),
        );
        if threshold > 0 {
            lines.push(
                "Further counts are withheld where a withheld one could otherwise be worked out from a total, from the other groups, or from the rest of its row (for example, people in IPS minus those who gained a job).".to_string(),
            );
            lines.push(
                "Tests across groups are shown only when none of the counts they are worked out from is withheld: the access tests use the groups' counts of people in IPS and in the population, the tests of job rates their counts of people in IPS and in work. Holm-adjusted p-values are shown only when none of the groups' figures is withheld.".to_string(),
            );
        }
        lines
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

impl Shown {
    /// How a withheld count is written, whatever the reason: one mark for
    /// both, so that a reader cannot tell the small counts from the others.
    pub const WITHHELD: &'static str = "*";

    /// The count as written ("1,150"), or [`Shown::WITHHELD`].
    ///
    /// ```
    /// use ips_equity::disclosure::Shown;
    /// assert_eq!(Shown::Count(1150).text(), "1,150");
    /// assert_eq!(Shown::Secondary.text(), "*");
    /// ```
    pub fn text(&self) -> String {
        match self {
            Shown::Count(count) => crate::words::count(*count),
            Shown::Primary | Shown::Secondary => Shown::WITHHELD.to_string(),
        }
    }

    /// The rounded count, or `None` when withheld.
    pub fn count(&self) -> Option<u64> {
        match self {
            Shown::Count(count) => Some(*count),
            Shown::Primary | Shown::Secondary => None,
        }
    }

    pub fn is_withheld(&self) -> bool {
        self.count().is_none()
    }
}

/// What may be published of one group (or one excluded row).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupCells {
    /// `None` in a table of population percentages.
    pub population: Option<Shown>,
    pub ips: Shown,
    /// `None` without an `employed` column.
    pub employed: Option<Shown>,
    /// Shares, expected count, representation ratio, access rate, their
    /// intervals, the binomial p-value and the flag (for an excluded row:
    /// its shares of everyone). Relative access and the Holm-adjusted p
    /// have flags of their own: [`GroupCells::relative_access`],
    /// [`BreakdownCells::holm`].
    pub access: bool,
    /// Relative access (access rate over the reference group's) and its
    /// interval: shown only when the reference group's access rate is too,
    /// since the ratio and a shown rate would give it back.
    pub relative_access: bool,
    /// The job rate and its interval.
    pub job_rate: bool,
    /// Difference, ratio, Fisher p-value and flag against the reference
    /// group: this group's and the reference group's job rates both shown
    /// (the Holm-adjusted p needs more: [`BreakdownCells::holm`]). For the
    /// reference group itself, its job rate as the baseline.
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
    /// The compared groups' population; `None` in a table of percentages.
    /// The population shares give it away, so it is withheld only when
    /// they are too.
    pub total_population: Option<Shown>,
    /// The compared groups' people in work; `None` without `employed`.
    pub total_employed: Option<Shown>,
    /// Whether the access tests (goodness of fit, uptake, two-sample
    /// chi-square) may be published: they are worked out from the compared
    /// groups' IPS and population counts alone, so only when none of those
    /// counts (nor their totals) is withheld. A withheld job count does not
    /// withhold them: they hold no equation in it.
    pub access_tests: bool,
    /// Whether the outcome tests (Pearson chi-square on job rates,
    /// Freeman-Halton exact p) may be published: they are worked out from
    /// the compared groups' IPS and employed counts alone, so only when none
    /// of those counts (nor their totals) is withheld. A withheld population
    /// count does not withhold them.
    pub outcome_tests: bool,
    /// Whether the Holm-adjusted p-values (access and outcomes) may be
    /// published: each mixes every group's p-value (the smallest times the
    /// number of groups can be every other group's adjusted p), so one
    /// group with its figures withheld withholds them all.
    pub holm: bool,
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

/// Applies the rules to a report (see the module's documentation).
pub fn protect(report: &Report, rules: &Rules) -> Disclosure {
    Disclosure {
        rules: *rules,
        breakdowns: report
            .breakdowns
            .iter()
            .map(|breakdown| protect_breakdown(breakdown, rules, report.confidence))
            .collect(),
    }
}

/// The rows of a breakdown as the suppression sees them: compared groups
/// first, then the excluded rows.
fn rows(breakdown: &BreakdownReport) -> Vec<Row> {
    let groups = breakdown.groups.iter().map(|group| Row {
        cells: [group.population, Some(group.ips), group.employed],
        excluded: false,
        is_reference: group.is_reference,
    });
    let excluded = breakdown.excluded.iter().map(|row| Row {
        cells: [row.population, Some(row.ips), row.employed],
        excluded: true,
        is_reference: false,
    });
    groups.chain(excluded).collect()
}

fn protect_breakdown(
    breakdown: &BreakdownReport,
    rules: &Rules,
    confidence: f64,
) -> BreakdownCells {
    let rows = rows(breakdown);
    let marks = suppression::suppress(&rows, rules);
    let counts = breakdown.population_kind == PopulationKind::Count;
    let shown = |row: usize, column: usize| marks.shown(row, column);
    let cell = |row: usize, column: usize| -> Option<Shown> {
        let value = rows.get(row)?.cells[column]?;
        Some(published(
            marks.cells.get(row).and_then(|cells| cells[column]),
            value,
            rules,
        ))
    };
    let totals_shown = marks.total_shown(IPS) && (!counts || marks.total_shown(POPULATION));
    let access =
        |row: usize| shown(row, IPS) && (!counts || shown(row, POPULATION)) && totals_shown;
    let job_rate = |row: usize| shown(row, IPS) && shown(row, EMPLOYED);
    let reference = breakdown.groups.iter().position(|group| group.is_reference);
    let reference_access = reference.is_some_and(access);
    let reference_job_rate = reference.is_some_and(job_rate);

    let offset = breakdown.groups.len();
    let mut groups: Vec<GroupCells> = (0..offset)
        .map(|row| GroupCells {
            population: cell(row, POPULATION),
            ips: cell(row, IPS).unwrap_or(Shown::Secondary),
            employed: cell(row, EMPLOYED),
            access: access(row),
            relative_access: counts && access(row) && reference_access,
            job_rate: job_rate(row),
            comparison: job_rate(row) && reference_job_rate,
            findings: Vec::new(),
        })
        .collect();
    let excluded: Vec<GroupCells> = (offset..offset + breakdown.excluded.len())
        .map(|row| GroupCells {
            population: cell(row, POPULATION),
            ips: cell(row, IPS).unwrap_or(Shown::Secondary),
            employed: cell(row, EMPLOYED),
            access: shown(row, IPS) && (!counts || shown(row, POPULATION)),
            relative_access: false,
            job_rate: job_rate(row),
            comparison: false,
            findings: Vec::new(),
        })
        .collect();
    // A test may be shown when every compared group's count in the columns
    // it is worked out from, and each column's total, is shown; a column
    // the table lacks (population as percentages, no job counts) has
    // nothing to withhold.
    let columns_shown = |columns: [usize; 2]| {
        columns.into_iter().all(|column| {
            marks.total_shown(column)
                && (0..offset).all(|row| {
                    marks
                        .cells
                        .get(row)
                        .is_some_and(|cells| cells[column].is_none_or(|mark| mark == Mark::Shown))
                })
        })
    };
    let has_outcomes = breakdown.groups.iter().any(|group| group.outcome.is_some());
    let holm = groups
        .iter()
        .all(|group| group.access && (!has_outcomes || group.comparison));
    let total = |column: usize| -> Option<Shown> {
        let value = breakdown
            .groups
            .iter()
            .map(|group| match column {
                POPULATION => group.population,
                IPS => Some(group.ips),
                _ => group.employed,
            })
            .try_fold(0u64, |sum, count| Some(sum.saturating_add(count?)))?;
        Some(published(marks.totals[column], value, rules))
    };
    let mut cells = BreakdownCells {
        groups: Vec::new(),
        excluded,
        total_ips: published(marks.totals[IPS], breakdown.total_ips, rules),
        total_population: if counts { total(POPULATION) } else { None },
        total_employed: if has_outcomes { total(EMPLOYED) } else { None },
        access_tests: columns_shown([IPS, POPULATION]),
        outcome_tests: columns_shown([IPS, EMPLOYED]),
        holm,
        findings: Vec::new(),
    };
    let findings: Vec<Vec<String>> = breakdown
        .groups
        .iter()
        .zip(&groups)
        .map(|(group, group_cells)| {
            wording::group_findings(
                breakdown,
                group,
                group_cells,
                &groups,
                cells.total_ips,
                confidence,
            )
        })
        .collect();
    for (group_cells, findings) in groups.iter_mut().zip(findings) {
        group_cells.findings = findings;
    }
    cells.groups = groups;
    cells.findings = wording::breakdown_findings(breakdown, &cells, confidence);
    cells
}

/// A count as published under its mark.
fn published(mark: Option<Mark>, value: u64, rules: &Rules) -> Shown {
    match mark {
        Some(Mark::Primary) => Shown::Primary,
        Some(Mark::Secondary) => Shown::Secondary,
        Some(Mark::Shown) | None => rules.show(value),
    }
}
