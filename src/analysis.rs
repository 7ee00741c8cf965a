//! From validated counts to the report: every figure of the SPEC, computed
//! once here and only here (the page and the command line render it).

use crate::input::{
    read_table_as, Breakdown, Group, InputError, ParsedTable, PopulationFigures, PopulationKind,
};
use crate::report::{
    AccessFigures, BreakdownReport, ExcludedGroup, Flag, GroupReport, IntervalMethod, Note,
    OutcomeFigures, OutcomeTest, Report, SMALL_NUMBERS,
};
use crate::stats::chisquare::{goodness_of_fit, independence};
use crate::stats::comparison::{katz_ratio, newcombe_difference};
use crate::stats::exact::{binomial_test, fisher_exact};
use crate::stats::freeman_halton::{freeman_halton, ExactMethod, ExactTest};
use crate::stats::multiplicity::holm;
use crate::stats::proportion::{clopper_pearson, wilson};
use crate::words;

/// How a breakdown's reference group (the group the others are compared
/// with, SPEC section 3) is chosen.
///
/// ```
/// use ips_equity::analysis::{analyse_text, Options, Reference};
/// let text = "Group,Population,IPS,Employed\nA,1000,80,40\nB,1000,70,56\n";
/// let options = Options { reference: Reference::HighestJobRate, ..Options::default() };
/// assert_eq!(analyse_text(text, &options).report.breakdowns[0].reference_group, "B");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Reference {
    /// The group with the most people in IPS, the first in input order on a
    /// tie: the SPEC's default, and the most precise comparator.
    #[default]
    Largest,
    /// The group of this name, matched ignoring case and surrounding spaces;
    /// a breakdown without it falls back to [`Reference::Largest`] with a
    /// [`Note::ReferenceNotFound`].
    Named(String),
    /// Among the groups with anyone in IPS, the one with the highest job rate
    /// employed / ips (ties: the group with more people in IPS, then input
    /// order). Every other group's job-rate ratio is then at most 1, so a
    /// ratio below 0.80 is the "four-fifths" reading of adverse impact
    /// (US EEOC Uniform Guidelines 1978, section 4D: a selection rate below
    /// four-fifths of the highest group's). Without job rates (no `employed`
    /// column, or no one in IPS) it falls back to [`Reference::Largest`] with
    /// a [`Note::NoJobRatesForReference`].
    HighestJobRate,
}

/// The user's choices.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// How every breakdown without its own choice picks its reference group.
    pub reference: Reference,
    /// Choices for single breakdowns, by breakdown name (matched ignoring
    /// case and surrounding spaces): choosing "Female" for Sex leaves
    /// Ethnicity with its own reference. Set them with
    /// [`Options::with_reference_for`], read them with
    /// [`Options::reference_for`].
    pub references: Vec<(String, Reference)>,
    /// 0.90, 0.95 or 0.99 in the calculator; any level in (0, 1) works.
    pub confidence: f64,
    /// Wilson or Clopper-Pearson for job rates.
    pub interval: IntervalMethod,
    /// How [`analyse_text`] reads the population column: by its header (the
    /// default), or as counts or census percentages whatever the header.
    /// [`analyse`] takes a table already read, so this does not apply there.
    pub population: PopulationFigures,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            reference: Reference::Largest,
            references: Vec::new(),
            confidence: 0.95,
            interval: IntervalMethod::Wilson,
            population: PopulationFigures::FromHeaders,
        }
    }
}

impl Options {
    /// How the breakdown of this name picks its reference group: its own
    /// choice if it has one, else the choice for every breakdown.
    ///
    /// ```
    /// use ips_equity::analysis::{Options, Reference};
    /// let options = Options::default().with_reference_for("Sex", Reference::Named("Female".into()));
    /// assert_eq!(options.reference_for(" sex "), &Reference::Named("Female".into()));
    /// assert_eq!(options.reference_for("Ethnicity"), &Reference::Largest);
    /// ```
    pub fn reference_for(&self, breakdown: &str) -> &Reference {
        self.references
            .iter()
            .find(|(name, _)| same_name(name, breakdown))
            .map_or(&self.reference, |(_, reference)| reference)
    }

    /// These options with `reference` chosen for one breakdown, replacing
    /// any earlier choice for it.
    pub fn with_reference_for(mut self, breakdown: &str, reference: Reference) -> Options {
        self.references
            .retain(|(name, _)| !same_name(name, breakdown));
        self.references
            .push((breakdown.trim().to_string(), reference));
        self
    }
}

/// Names as users type them: case and surrounding spaces do not count.
fn same_name(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Whether [`analyse_with`] runs the Freeman-Halton exact tests.
///
/// The exact test can take a second or more on a large table, which would
/// freeze a page that recalculates as the user types; the page defers it,
/// shows every other figure at once, and works the test out in a Web Worker
/// ([`answer_exact_tests`]), then fills it in with [`fill_exact_test`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExactTests {
    /// Run them now (the command line, and anything that prints numbers).
    #[default]
    Run,
    /// Leave them pending: each outcome test's exact fields are `None` and
    /// its findings say that the exact test is still being worked out.
    Defer,
}

/// The report for every valid breakdown, and every problem in the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    pub report: Report,
    pub errors: Vec<InputError>,
}

/// Reads, validates and analyses a table in one step.
///
/// ```
/// use ips_equity::analysis::{analyse_text, Options};
/// let analysis = analyse_text("Group,Population,IPS,Employed\nA,1000,80,48\nB,1000,70,56\n", &Options::default());
/// assert!(analysis.errors.is_empty());
/// assert_eq!(analysis.report.breakdowns[0].reference_group, "A");
/// ```
pub fn analyse_text(text: &str, options: &Options) -> Analysis {
    analyse(&read_table_as(text, options.population), options)
}

/// [`analyse_text`], running the exact tests now or leaving them pending.
///
/// ```
/// use ips_equity::analysis::{analyse_text_with, ExactTests, Options};
/// let text = "Group,Population,IPS,Employed\nA,1000,80,48\nB,1000,70,56\n";
/// let analysis = analyse_text_with(text, &Options::default(), ExactTests::Defer);
/// assert!(analysis.report.breakdowns[0].outcome_test.unwrap().exact_pending());
/// ```
pub fn analyse_text_with(text: &str, options: &Options, exact_tests: ExactTests) -> Analysis {
    analyse_with(
        &read_table_as(text, options.population),
        options,
        exact_tests,
    )
}

/// Analyses the valid breakdowns of a table read by
/// [`read_table`](crate::input::read_table).
pub fn analyse(table: &ParsedTable, options: &Options) -> Analysis {
    analyse_with(table, options, ExactTests::Run)
}

/// [`analyse`], running the exact tests now or leaving them pending.
pub fn analyse_with(table: &ParsedTable, options: &Options, exact_tests: ExactTests) -> Analysis {
    let breakdowns: Vec<BreakdownReport> = table
        .breakdowns
        .iter()
        .filter(|breakdown| !breakdown.groups.is_empty())
        .map(|breakdown| analyse_breakdown(breakdown, options, exact_tests))
        .collect();
    let mut warnings: Vec<String> = table.warnings.iter().map(ToString::to_string).collect();
    warnings.extend(breakdowns.iter().flat_map(|breakdown| {
        breakdown
            .notes
            .iter()
            .filter(|note| {
                matches!(
                    note,
                    Note::ReferenceNotFound { .. } | Note::NoJobRatesForReference
                )
            })
            .map(|note| format!("{}: {note}", breakdown.name))
    }));
    Analysis {
        report: Report {
            confidence: options.confidence,
            interval_method: options.interval,
            breakdowns,
            warnings,
        },
        errors: table.errors.clone(),
    }
}

fn analyse_breakdown(
    breakdown: &Breakdown,
    options: &Options,
    exact_tests: ExactTests,
) -> BreakdownReport {
    let groups = &breakdown.groups;
    let counts = breakdown.population_kind == PopulationKind::Count;
    let total_ips: u64 = groups.iter().map(|group| group.ips).sum();
    let total_population: f64 = groups.iter().map(|group| group.population).sum();
    let shares: Vec<f64> = groups
        .iter()
        .map(|group| share(group.population, total_population))
        .collect();

    let mut notes = Vec::new();
    let reference = choose_reference(groups, options.reference_for(&breakdown.name), &mut notes);
    if !counts {
        notes.push(Note::PercentPopulation);
    }

    let mut reports: Vec<GroupReport> = groups
        .iter()
        .zip(&shares)
        .enumerate()
        .map(|(index, (group, &population_share))| GroupReport {
            group: group.name.clone(),
            row: group.row,
            population: counts.then_some(group.population as u64),
            population_percent: (!counts).then_some(group.population),
            ips: group.ips,
            employed: group.employed,
            is_reference: index == reference,
            access: access_figures(
                group,
                &groups[reference],
                index == reference,
                population_share,
                total_ips,
                counts,
                options.confidence,
            ),
            outcome: None,
            notes: group_notes(group, population_share),
            findings: Vec::new(),
        })
        .collect();
    adjust(
        reports
            .iter_mut()
            .map(|report| (&report.access.p_value, &mut report.access.p_adjusted)),
    );

    let access_test = goodness_of_fit(
        &groups.iter().map(|group| group.ips).collect::<Vec<_>>(),
        &shares,
    );
    if access_test.is_none() && shares.iter().any(|&share| share <= 0.0) {
        notes.push(Note::ZeroPopulationShare);
    }
    let uptake_rows: Vec<[u64; 2]> = groups
        .iter()
        .map(|group| {
            [
                group.ips,
                (group.population as u64).saturating_sub(group.ips),
            ]
        })
        .collect();
    let two_sample_rows: Vec<[u64; 2]> = groups
        .iter()
        .map(|group| [group.ips, group.population as u64])
        .collect();
    let (uptake_test, two_sample_test) = if counts {
        (independence(&uptake_rows), independence(&two_sample_rows))
    } else {
        (None, None)
    };

    let outcome_test = if groups.iter().all(|group| group.employed.is_some()) {
        for (report, group) in reports.iter_mut().zip(groups) {
            let outcome = outcome_figures(group, &groups[reference], report.is_reference, options);
            report.notes.extend(outcome.1);
            report.outcome = Some(outcome.0);
        }
        adjust(reports.iter_mut().filter_map(|report| {
            let outcome = report.outcome.as_mut()?;
            Some((&outcome.p_value, &mut outcome.p_adjusted))
        }));
        outcome_test(groups, exact_tests, &mut notes)
    } else {
        None
    };

    let mut report = BreakdownReport {
        name: breakdown.name.clone(),
        reference_group: groups[reference].name.clone(),
        population_kind: breakdown.population_kind,
        total_ips,
        access_test,
        uptake_test,
        two_sample_test,
        outcome_test,
        excluded: excluded_groups(breakdown, total_ips, total_population),
        groups: reports,
        notes,
        findings: Vec::new(),
    };
    for index in 0..report.groups.len() {
        let findings = words::group_findings(&report, &report.groups[index], options.confidence);
        report.groups[index].findings = findings;
    }
    report.findings = words::breakdown_findings(&report, options.confidence);
    report
}

fn share(part: f64, whole: f64) -> f64 {
    if whole > 0.0 {
        part / whole
    } else {
        0.0
    }
}

/// The index of the reference group the choice picks (see [`Reference`]);
/// a choice this breakdown cannot meet falls back to the group with the
/// most people in IPS, with a note saying why.
fn choose_reference(groups: &[Group], reference: &Reference, notes: &mut Vec<Note>) -> usize {
    let largest = groups.iter().enumerate().fold(0, |best, (index, group)| {
        if groups.get(best).is_some_and(|best| group.ips > best.ips) {
            index
        } else {
            best
        }
    });
    match reference {
        Reference::Largest => largest,
        Reference::Named(requested) => {
            let requested = requested.trim();
            if requested.is_empty() {
                return largest;
            }
            match groups
                .iter()
                .position(|group| same_name(&group.name, requested))
            {
                Some(index) => index,
                None => {
                    notes.push(Note::ReferenceNotFound {
                        requested: requested.to_string(),
                    });
                    largest
                }
            }
        }
        Reference::HighestJobRate => highest_job_rate(groups).unwrap_or_else(|| {
            notes.push(Note::NoJobRatesForReference);
            largest
        }),
    }
}

/// The group with the highest job rate among those with anyone in IPS
/// (ties: more people in IPS, then input order), or `None` without job
/// rates. Rates are compared as e1 n2 against e2 n1 in whole numbers, so
/// that equal rates tie exactly (20/40 and 30/60), which floating point
/// division does not promise.
fn highest_job_rate(groups: &[Group]) -> Option<usize> {
    let mut best: Option<(usize, u128, u128)> = None;
    for (index, group) in groups.iter().enumerate() {
        let employed = u128::from(group.employed?);
        let ips = u128::from(group.ips);
        if ips == 0 {
            continue;
        }
        let better = best.is_none_or(|(_, best_employed, best_ips)| {
            let (rate, best_rate) = (employed * best_ips, best_employed * ips);
            rate > best_rate || (rate == best_rate && ips > best_ips)
        });
        if better {
            best = Some((index, employed, ips));
        }
    }
    best.map(|(index, _, _)| index)
}

fn group_notes(group: &Group, population_share: f64) -> Vec<Note> {
    let mut notes = Vec::new();
    if population_share <= 0.0 {
        notes.push(Note::NoPopulation);
    }
    if group.ips == 0 {
        notes.push(Note::NoOneInIps);
    } else if group.ips < SMALL_NUMBERS {
        notes.push(Note::SmallNumbers { people: group.ips });
    }
    notes
}

fn access_figures(
    group: &Group,
    reference: &Group,
    is_reference: bool,
    population_share: f64,
    total_ips: u64,
    counts: bool,
    confidence: f64,
) -> AccessFigures {
    let ips_share = share(group.ips as f64, total_ips as f64);
    let ips_share_ci = wilson(group.ips, total_ips, confidence);
    let defined_share = (population_share > 0.0).then_some(population_share);
    let representation_ratio = defined_share.map(|s| ips_share / s);
    let access_rate =
        |g: &Group| (counts && g.population > 0.0).then(|| g.ips as f64 / g.population);
    let (relative_access, relative_access_ci) = if counts && !is_reference {
        let ratio = match (access_rate(group), access_rate(reference)) {
            (Some(rate), Some(reference_rate)) if reference_rate > 0.0 => {
                Some(rate / reference_rate)
            }
            _ => None,
        };
        let interval = katz_ratio(
            group.ips,
            group.population as u64,
            reference.ips,
            reference.population as u64,
            confidence,
        );
        (ratio, interval)
    } else {
        (None, None)
    };
    AccessFigures {
        ips_share,
        ips_share_ci,
        population_share,
        expected_ips: total_ips as f64 * population_share,
        representation_ratio,
        representation_ratio_ci: defined_share
            .and_then(|s| ips_share_ci.and_then(|ci| ci.scaled_by(s))),
        p_value: defined_share.and_then(|s| binomial_test(group.ips, total_ips, s)),
        p_adjusted: None,
        access_rate: access_rate(group),
        relative_access,
        relative_access_ci,
        flag: Flag::for_ratio(representation_ratio),
    }
}

fn outcome_figures(
    group: &Group,
    reference: &Group,
    is_reference: bool,
    options: &Options,
) -> (OutcomeFigures, Vec<Note>) {
    let confidence = options.confidence;
    let (e, n) = (group.employed.unwrap_or(0), group.ips);
    let (e_ref, n_ref) = (reference.employed.unwrap_or(0), reference.ips);
    let rate = (n > 0).then(|| e as f64 / n as f64);
    let rate_ci = match options.interval {
        IntervalMethod::Wilson => wilson(e, n, confidence),
        IntervalMethod::Exact => clopper_pearson(e, n, confidence),
    };
    let mut figures = OutcomeFigures {
        rate,
        rate_ci,
        difference: None,
        difference_ci: None,
        ratio: None,
        ratio_ci: None,
        p_value: None,
        p_adjusted: None,
        flag: None,
    };
    let mut notes = Vec::new();
    if is_reference || n == 0 {
        return (figures, notes);
    }
    if n_ref == 0 {
        notes.push(Note::ReferenceHasNoIps);
        return (figures, notes);
    }
    let reference_rate = e_ref as f64 / n_ref as f64;
    figures.difference = rate.map(|rate| rate - reference_rate);
    figures.difference_ci = newcombe_difference(e, n, e_ref, n_ref, confidence);
    if e_ref == 0 {
        notes.push(Note::ReferenceHasNoJobs);
    } else {
        figures.ratio = rate.map(|rate| rate / reference_rate);
        if e == 0 {
            notes.push(Note::NoJobs);
        }
    }
    figures.ratio_ci = katz_ratio(e, n, e_ref, n_ref, confidence);
    figures.p_value = fisher_exact(e, n - e, e_ref, n_ref - e_ref);
    figures.flag = Flag::for_ratio(figures.ratio);
    (figures, notes)
}

/// Holm's adjustment across the p-values that are defined; the others stay `None`.
fn adjust<'a>(pairs: impl Iterator<Item = (&'a Option<f64>, &'a mut Option<f64>)>) {
    let (raw, slots): (Vec<f64>, Vec<&mut Option<f64>>) =
        pairs.filter_map(|(p, slot)| p.map(|p| (p, slot))).unzip();
    for (slot, adjusted) in slots.into_iter().zip(holm(&raw)) {
        *slot = Some(adjusted);
    }
}

fn outcome_test(
    groups: &[Group],
    exact_tests: ExactTests,
    notes: &mut Vec<Note>,
) -> Option<OutcomeTest> {
    let Some(rows) = outcome_table(groups.iter().map(|group| (group.ips, group.employed))) else {
        notes.push(Note::TooFewGroupsForOutcomes);
        return None;
    };
    let chi_square = independence(&rows);
    if chi_square.is_none() {
        notes.push(Note::NoVariationInOutcomes);
    }
    let mut test = OutcomeTest {
        statistic: chi_square.map(|test| test.statistic),
        df: chi_square.map(|test| test.df),
        p_value: chi_square.map(|test| test.p_value),
        exact_p_value: None,
        exact_method: None,
        exact_p_value_se: None,
        small_expected_counts: any_expected_below_five(&rows),
    };
    if exact_tests == ExactTests::Run {
        set_exact(&mut test, &freeman_halton(&rows));
    }
    Some(test)
}

fn set_exact(test: &mut OutcomeTest, exact: &ExactTest) {
    test.exact_p_value = Some(exact.p_value);
    test.exact_method = Some(exact.method);
    test.exact_p_value_se = exact.standard_error;
}

/// The k x 2 table of the outcome test, one row `[employed, not employed]`
/// per group with anyone in IPS, from `(ips, employed)` per group; `None`
/// when a count of employed people is missing or fewer than two groups
/// have anyone in IPS.
fn outcome_table(groups: impl Iterator<Item = (u64, Option<u64>)>) -> Option<Vec<[u64; 2]>> {
    let mut rows = Vec::new();
    for (ips, employed) in groups {
        let employed = employed?;
        if ips > 0 {
            rows.push([employed, ips.saturating_sub(employed)]);
        }
    }
    (rows.len() >= 2).then_some(rows)
}

/// The table a breakdown's Freeman-Halton test runs on (the same rows the
/// analysis uses), or `None` when the breakdown has no outcome test.
///
/// ```
/// use ips_equity::analysis::{analyse_text, outcome_rows, Options};
/// let analysis = analyse_text("Group,Population,IPS,Employed\nA,1000,80,48\nB,1000,70,56\n", &Options::default());
/// assert_eq!(outcome_rows(&analysis.report.breakdowns[0]), Some(vec![[48, 32], [56, 14]]));
/// ```
pub fn outcome_rows(breakdown: &BreakdownReport) -> Option<Vec<[u64; 2]>> {
    breakdown.outcome_test.as_ref()?;
    outcome_table(
        breakdown
            .groups
            .iter()
            .map(|group| (group.ips, group.employed)),
    )
}

/// Fills a finished Freeman-Halton test (of [`outcome_rows`]) into a
/// breakdown analysed with [`ExactTests::Defer`] and words its findings
/// again, so that the result equals an analysis that ran the test at once.
/// A breakdown without an outcome test is left as it is.
pub fn fill_exact_test(breakdown: &mut BreakdownReport, exact: &ExactTest, confidence: f64) {
    let Some(test) = breakdown.outcome_test.as_mut() else {
        return;
    };
    set_exact(test, exact);
    breakdown.findings = words::breakdown_findings(breakdown, confidence);
}

/// What the page's worker says once it listens for [`ExactTestRequest`]s
/// (a request sent before then would find no listener and be lost).
pub const EXACT_WORKER_READY: &str = "ready";

/// Exact tests to work out away from the page (in a Web Worker): one k x 2
/// table per breakdown, as [`outcome_rows`] gives them. `id` tells the
/// page's latest request from those it has since replaced.
///
/// It crosses to the worker as plain text ([`ExactTestRequest::encode`]):
/// a hand-written format rather than JSON, so that neither the page nor the
/// worker links a JSON library for two lists of numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExactTestRequest {
    pub id: u64,
    pub tables: Vec<Vec<[u64; 2]>>,
}

/// The answer to an [`ExactTestRequest`]: one result per table, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct ExactTestReply {
    pub id: u64,
    pub results: Vec<ExactTest>,
}

impl ExactTestRequest {
    /// The request as text: a line `request ID`, then one line per table,
    /// `table` and its rows as `employed,not_employed`, all in decimal.
    ///
    /// ```
    /// use ips_equity::analysis::ExactTestRequest;
    /// let request = ExactTestRequest { id: 3, tables: vec![vec![[9, 1], [4, 6]]] };
    /// assert_eq!(request.encode(), "request 3\ntable 9,1 4,6");
    /// assert_eq!(ExactTestRequest::decode(&request.encode()), Ok(request));
    /// ```
    pub fn encode(&self) -> String {
        let mut text = format!("request {}", self.id);
        for table in &self.tables {
            text.push_str("\ntable");
            for [employed, not_employed] in table {
                text.push_str(&format!(" {employed},{not_employed}"));
            }
        }
        text
    }

    /// Reads what [`ExactTestRequest::encode`] wrote; anything else is an
    /// error that says what was wrong.
    pub fn decode(text: &str) -> Result<ExactTestRequest, String> {
        let mut lines = text.split('\n');
        let id = header(lines.next(), "request")?;
        let tables = lines
            .map(|line| {
                let mut words = line.split(' ');
                if words.next() != Some("table") {
                    return Err(format!("expected a table, found {line:?}"));
                }
                words
                    .map(|cell| {
                        let (employed, not_employed) = cell.split_once(',').ok_or_else(|| {
                            format!("expected a row as two counts, found {cell:?}")
                        })?;
                        Ok([number(employed)?, number(not_employed)?])
                    })
                    .collect()
            })
            .collect::<Result<_, _>>()?;
        Ok(ExactTestRequest { id, tables })
    }
}

impl ExactTestReply {
    /// The reply as text: a line `reply ID`, then one line per result,
    /// `METHOD P SE STEPS`: the method `exact` or `monte_carlo`, the p-value
    /// and its standard error (`-` for none) as the bits of the `f64` in
    /// hexadecimal, so that they cross unchanged, and the steps in decimal.
    ///
    /// ```
    /// use ips_equity::analysis::{answer_exact_tests, ExactTestReply, ExactTestRequest};
    /// let request = ExactTestRequest { id: 3, tables: vec![vec![[9, 1], [4, 6], [2, 8]]] };
    /// let reply = answer_exact_tests(&request);
    /// assert!(reply.encode().starts_with("reply 3\nexact 3f822d"));
    /// assert_eq!(ExactTestReply::decode(&reply.encode()), Ok(reply));
    /// ```
    pub fn encode(&self) -> String {
        let mut text = format!("reply {}", self.id);
        for result in &self.results {
            let method = match result.method {
                ExactMethod::Exact => "exact",
                ExactMethod::MonteCarlo => "monte_carlo",
            };
            let standard_error = result
                .standard_error
                .map_or_else(|| "-".to_string(), |se| format!("{:x}", se.to_bits()));
            text.push_str(&format!(
                "\n{method} {:x} {standard_error} {}",
                result.p_value.to_bits(),
                result.search_steps
            ));
        }
        text
    }

    /// Reads what [`ExactTestReply::encode`] wrote; anything else (or a
    /// p-value or standard error that is not a finite number) is an error
    /// that says what was wrong.
    pub fn decode(text: &str) -> Result<ExactTestReply, String> {
        let mut lines = text.split('\n');
        let id = header(lines.next(), "reply")?;
        let results = lines
            .map(|line| {
                let words: Vec<&str> = line.split(' ').collect();
                let [method, p, standard_error, steps] = words.as_slice() else {
                    return Err(format!("expected a result, found {line:?}"));
                };
                let method = match *method {
                    "exact" => ExactMethod::Exact,
                    "monte_carlo" => ExactMethod::MonteCarlo,
                    _ => return Err(format!("expected a method, found {method:?}")),
                };
                Ok(ExactTest {
                    p_value: bits(p)?,
                    method,
                    standard_error: match *standard_error {
                        "-" => None,
                        se => Some(bits(se)?),
                    },
                    search_steps: number(steps)?,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(ExactTestReply { id, results })
    }
}

/// The id of a message's first line, `KIND ID`.
fn header(line: Option<&str>, kind: &str) -> Result<u64, String> {
    match line.and_then(|line| line.split_once(' ')) {
        Some((found, id)) if found == kind => number(id),
        _ => Err(format!("expected a line \"{kind} ID\", found {line:?}")),
    }
}

/// A count in decimal digits (no sign, no spaces).
fn number(text: &str) -> Result<u64, String> {
    if text.is_empty() || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(format!("expected a count, found {text:?}"));
    }
    text.parse()
        .map_err(|_| format!("the count {text} is too large"))
}

/// A finite `f64` from its bits in hexadecimal digits.
fn bits(text: &str) -> Result<f64, String> {
    let valid = (1..=16).contains(&text.len()) && text.bytes().all(|byte| byte.is_ascii_hexdigit());
    let value = valid
        .then(|| u64::from_str_radix(text, 16).ok())
        .flatten()
        .map(f64::from_bits)
        .filter(|value| value.is_finite());
    value.ok_or_else(|| format!("expected a finite number as hexadecimal bits, found {text:?}"))
}

/// Works out every table of a request (what the worker does).
pub fn answer_exact_tests(request: &ExactTestRequest) -> ExactTestReply {
    ExactTestReply {
        id: request.id,
        results: request
            .tables
            .iter()
            .map(|rows| freeman_halton(rows))
            .collect(),
    }
}

/// Fills the results of [`answer_exact_tests`] into an analysis made with
/// [`ExactTests::Defer`], in the order of its breakdowns that have an
/// outcome test (the order of the request's tables).
pub fn fill_exact_tests(analysis: &mut Analysis, results: &[ExactTest]) {
    let confidence = analysis.report.confidence;
    let breakdowns = analysis
        .report
        .breakdowns
        .iter_mut()
        .filter(|breakdown| breakdown.outcome_test.is_some());
    for (breakdown, result) in breakdowns.zip(results) {
        fill_exact_test(breakdown, result, confidence);
    }
}

/// Cochran's rule of thumb: the chi-square approximation is doubtful when
/// any expected count is below 5.
fn any_expected_below_five(rows: &[[u64; 2]]) -> bool {
    let column_totals = [0, 1].map(|column| rows.iter().map(|row| row[column] as f64).sum::<f64>());
    let n = column_totals[0] + column_totals[1];
    rows.iter().any(|row| {
        let row_total = (row[0] + row[1]) as f64;
        column_totals
            .iter()
            .any(|&column_total| row_total * column_total / n < 5.0)
    })
}

fn excluded_groups(
    breakdown: &Breakdown,
    total_ips: u64,
    total_population: f64,
) -> Vec<ExcludedGroup> {
    let counts = breakdown.population_kind == PopulationKind::Count;
    let all_ips = total_ips
        + breakdown
            .excluded
            .iter()
            .map(|group| group.ips)
            .sum::<u64>();
    let all_population = total_population
        + breakdown
            .excluded
            .iter()
            .map(|group| group.population)
            .sum::<f64>();
    breakdown
        .excluded
        .iter()
        .map(|group| ExcludedGroup {
            group: group.name.clone(),
            row: group.row,
            ips: group.ips,
            population: counts.then_some(group.population as u64),
            population_percent: (!counts).then_some(group.population),
            employed: group.employed,
            ips_share_of_total: (all_ips > 0).then(|| group.ips as f64 / all_ips as f64),
            population_share_of_total: (all_population > 0.0)
                .then(|| group.population / all_population),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(name: &str, row: usize, population: f64, ips: u64, employed: Option<u64>) -> Group {
        Group::new(name, row, population, ips, employed)
    }

    fn breakdown(kind: PopulationKind, groups: Vec<Group>) -> Breakdown {
        Breakdown {
            name: "Ethnicity".to_string(),
            population_kind: kind,
            groups,
            excluded: Vec::new(),
            total: None,
        }
    }

    fn analyse_one(breakdown: Breakdown, options: &Options) -> BreakdownReport {
        let table = ParsedTable {
            breakdowns: vec![breakdown],
            ..ParsedTable::default()
        };
        analyse(&table, options).report.breakdowns.remove(0)
    }

    #[test]
    fn the_population_choice_reaches_the_reading_of_the_text() {
        let text = "Group,Population,IPS\nA,60,70\nB,38,30\n";
        let by_header = analyse_text(text, &Options::default());
        assert_eq!(by_header.errors.len(), 1);
        assert!(by_header.report.breakdowns.is_empty());

        let options = Options {
            population: PopulationFigures::Percentages,
            ..Options::default()
        };
        for analysis in [
            analyse_text(text, &options),
            analyse_text_with(text, &options, ExactTests::Defer),
        ] {
            assert_eq!(analysis.errors, vec![]);
            let groups = &analysis.report.breakdowns[0].groups;
            assert_eq!(groups[0].population, None);
            assert_eq!(groups[0].population_percent, Some(60.0));
            assert!((groups[0].access.population_share - 60.0 / 98.0).abs() < 1e-12);
        }
    }

    fn example() -> Breakdown {
        breakdown(
            PopulationKind::Count,
            vec![
                group("White", 2, 8000.0, 250, Some(90)),
                group("Black", 3, 1150.0, 64, Some(20)),
                group("Asian", 4, 850.0, 51, Some(0)),
            ],
        )
    }

    #[test]
    fn the_largest_group_is_the_default_reference_and_ties_go_to_the_first() {
        let report = analyse_one(example(), &Options::default());
        assert_eq!(report.reference_group, "White");
        let tied = breakdown(
            PopulationKind::Count,
            vec![
                group("A", 2, 100.0, 30, None),
                group("B", 3, 100.0, 30, None),
            ],
        );
        assert_eq!(analyse_one(tied, &Options::default()).reference_group, "A");
    }

    #[test]
    fn the_reference_can_be_chosen_by_name_in_any_case() {
        let options = Options {
            reference: Reference::Named(" black ".to_string()),
            ..Options::default()
        };
        let report = analyse_one(example(), &options);
        assert_eq!(report.reference_group, "Black");
        assert!(report.groups[1].is_reference);
        assert!(report.groups[1].access.relative_access.is_none());
        assert!(report.groups[0].access.relative_access.is_some());
    }

    #[test]
    fn an_unknown_reference_falls_back_with_a_warning() {
        let options = Options {
            reference: Reference::Named("Nobody".to_string()),
            ..Options::default()
        };
        let table = ParsedTable {
            breakdowns: vec![example()],
            ..ParsedTable::default()
        };
        let analysis = analyse(&table, &options);
        assert_eq!(analysis.report.breakdowns[0].reference_group, "White");
        assert_eq!(analysis.report.warnings.len(), 1);
        assert!(analysis.report.warnings[0].contains("Nobody"));
    }

    fn named(breakdown_name: &str, groups: Vec<Group>) -> Breakdown {
        Breakdown {
            name: breakdown_name.to_string(),
            ..breakdown(PopulationKind::Count, groups)
        }
    }

    fn highest_rate() -> Options {
        Options {
            reference: Reference::HighestJobRate,
            ..Options::default()
        }
    }

    #[test]
    fn the_highest_job_rate_can_be_the_reference_so_every_ratio_is_at_most_one() {
        let report = analyse_one(example(), &highest_rate());
        assert_eq!(report.reference_group, "White");
        let input = breakdown(
            PopulationKind::Count,
            vec![
                group("White", 2, 8000.0, 250, Some(90)),
                group("Black", 3, 1150.0, 64, Some(30)),
                group("Asian", 4, 850.0, 51, Some(0)),
            ],
        );
        let report = analyse_one(input, &highest_rate());
        assert_eq!(report.reference_group, "Black");
        assert!(report.groups[1].is_reference);
        let white = report.groups[0].outcome.as_ref().unwrap();
        assert!((white.ratio.unwrap() - (90.0 / 250.0) / (30.0 / 64.0)).abs() < 1e-12);
        assert_eq!(white.flag, Some(Flag::Below));
        let white_access = report.groups[0].access.relative_access.unwrap();
        assert!((white_access - (250.0 / 8000.0) / (64.0 / 1150.0)).abs() < 1e-12);
        assert!(report.groups[1].access.relative_access.is_none());
        assert!(report.notes.is_empty(), "{:?}", report.notes);
    }

    #[test]
    fn equal_job_rates_go_to_the_larger_group_then_the_first() {
        let tied_rates = breakdown(
            PopulationKind::Count,
            vec![
                group("Small", 2, 100.0, 40, Some(20)),
                group("Large", 3, 100.0, 60, Some(30)),
                group("Lower", 4, 100.0, 90, Some(40)),
                group("Nobody in IPS", 5, 100.0, 0, Some(0)),
            ],
        );
        assert_eq!(
            analyse_one(tied_rates, &highest_rate()).reference_group,
            "Large"
        );
        let tied_everything = breakdown(
            PopulationKind::Count,
            vec![
                group("First", 2, 100.0, 10, Some(5)),
                group("Second", 3, 100.0, 10, Some(5)),
            ],
        );
        assert_eq!(
            analyse_one(tied_everything, &highest_rate()).reference_group,
            "First"
        );
    }

    #[test]
    fn without_job_rates_the_highest_rate_falls_back_to_the_largest_with_a_note() {
        let no_employed = breakdown(
            PopulationKind::Count,
            vec![
                group("A", 2, 100.0, 20, None),
                group("B", 3, 100.0, 30, None),
            ],
        );
        let table = ParsedTable {
            breakdowns: vec![no_employed],
            ..ParsedTable::default()
        };
        let analysis = analyse(&table, &highest_rate());
        let report = &analysis.report.breakdowns[0];
        assert_eq!(report.reference_group, "B");
        assert_eq!(report.notes, vec![Note::NoJobRatesForReference]);
        assert_eq!(
            analysis.report.warnings,
            vec!["Ethnicity: there are no job rates to pick the group with the highest one, so the group with the most people in IPS is the reference.".to_string()]
        );
        let no_one_in_ips = breakdown(
            PopulationKind::Count,
            vec![
                group("A", 2, 100.0, 0, Some(0)),
                group("B", 3, 100.0, 0, Some(0)),
            ],
        );
        let report = analyse_one(no_one_in_ips, &highest_rate());
        assert_eq!(report.reference_group, "A");
        assert!(report.notes.contains(&Note::NoJobRatesForReference));
    }

    fn ethnicity_and_sex() -> ParsedTable {
        ParsedTable {
            breakdowns: vec![
                example(),
                named(
                    "Sex",
                    vec![
                        group("Female", 2, 5000.0, 150, Some(60)),
                        group("Male", 3, 5000.0, 215, Some(50)),
                    ],
                ),
            ],
            ..ParsedTable::default()
        }
    }

    #[test]
    fn a_reference_chosen_for_one_breakdown_leaves_the_others_alone() {
        let options =
            Options::default().with_reference_for(" SEX", Reference::Named("female".to_string()));
        let analysis = analyse(&ethnicity_and_sex(), &options);
        let [ethnicity, sex] = &analysis.report.breakdowns[..] else {
            panic!("two breakdowns");
        };
        assert_eq!(sex.reference_group, "Female");
        assert_eq!(ethnicity.reference_group, "White");
        assert!(
            analysis.report.warnings.is_empty(),
            "{:?}",
            analysis.report.warnings
        );
        assert!(ethnicity.notes.is_empty() && sex.notes.is_empty());

        let options = options.with_reference_for("Sex", Reference::HighestJobRate);
        assert_eq!(options.references.len(), 1);
        let analysis = analyse(&ethnicity_and_sex(), &options);
        assert_eq!(analysis.report.breakdowns[1].reference_group, "Female");
        let options = Options {
            reference: Reference::Named("Male".to_string()),
            ..Options::default()
        }
        .with_reference_for("Ethnicity", Reference::Named("Asian".to_string()));
        let analysis = analyse(&ethnicity_and_sex(), &options);
        assert_eq!(analysis.report.breakdowns[0].reference_group, "Asian");
        assert_eq!(analysis.report.breakdowns[1].reference_group, "Male");
        assert!(analysis.report.warnings.is_empty());
    }

    #[test]
    fn a_named_group_missing_from_one_breakdown_falls_back_there_only() {
        let options = Options {
            reference: Reference::Named("Female".to_string()),
            ..Options::default()
        };
        let analysis = analyse(&ethnicity_and_sex(), &options);
        let [ethnicity, sex] = &analysis.report.breakdowns[..] else {
            panic!("two breakdowns");
        };
        assert_eq!(sex.reference_group, "Female");
        assert!(sex.notes.is_empty());
        assert_eq!(ethnicity.reference_group, "White");
        assert_eq!(
            ethnicity.notes,
            vec![Note::ReferenceNotFound {
                requested: "Female".to_string()
            }]
        );
        assert_eq!(
            analysis.report.warnings,
            vec!["Ethnicity: there is no group called \u{201c}Female\u{201d}, so the group with the most people in IPS is the reference.".to_string()]
        );
    }

    #[test]
    fn access_figures_follow_the_spec() {
        let report = analyse_one(example(), &Options::default());
        let black = &report.groups[1].access;
        assert_eq!(report.total_ips, 365);
        assert!((black.ips_share - 64.0 / 365.0).abs() < 1e-15);
        assert!((black.population_share - 0.115).abs() < 1e-15);
        let ratio = black.representation_ratio.unwrap();
        assert!((ratio - (64.0 / 365.0) / 0.115).abs() < 1e-12);
        let share_ci = black.ips_share_ci.unwrap();
        let ratio_ci = black.representation_ratio_ci.unwrap();
        assert!((ratio_ci.lower - share_ci.lower / 0.115).abs() < 1e-12);
        assert_eq!(black.flag, Some(Flag::Above));
        assert!((black.access_rate.unwrap() - 64.0 / 1150.0).abs() < 1e-15);
        let relative = black.relative_access.unwrap();
        assert!((relative - (64.0 / 1150.0) / (250.0 / 8000.0)).abs() < 1e-12);
        assert!(black.p_adjusted.unwrap() >= black.p_value.unwrap());
        assert!(report.access_test.is_some());
        assert!(report.uptake_test.is_some() && report.two_sample_test.is_some());
    }

    #[test]
    fn the_reference_is_not_compared_with_itself() {
        let report = analyse_one(example(), &Options::default());
        let white = report.groups[0].outcome.as_ref().unwrap();
        assert!(white.rate.is_some() && white.rate_ci.is_some());
        assert_eq!(
            (
                white.difference,
                white.ratio,
                white.p_value,
                white.p_adjusted
            ),
            (None, None, None, None)
        );
        assert!(white.difference_ci.is_none() && white.ratio_ci.is_none());
    }

    #[test]
    fn no_jobs_in_a_group_leaves_a_difference_but_no_log_interval() {
        let report = analyse_one(example(), &Options::default());
        let asian = &report.groups[2];
        let outcome = asian.outcome.as_ref().unwrap();
        assert_eq!(outcome.rate, Some(0.0));
        assert_eq!(outcome.ratio, Some(0.0));
        assert!(outcome.ratio_ci.is_none());
        assert!(outcome.difference_ci.is_some());
        assert!(asian.notes.contains(&Note::NoJobs));
        assert_eq!(outcome.flag, Some(Flag::Below));
    }

    #[test]
    fn a_reference_with_no_jobs_makes_ratios_undefined() {
        let options = Options {
            reference: Reference::Named("Asian".to_string()),
            ..Options::default()
        };
        let report = analyse_one(example(), &options);
        let white = &report.groups[0];
        assert_eq!(white.outcome.as_ref().unwrap().ratio, None);
        assert!(white.notes.contains(&Note::ReferenceHasNoJobs));
        assert!(white.outcome.as_ref().unwrap().difference.is_some());
    }

    #[test]
    fn a_group_with_no_one_in_ips_has_no_rate_and_is_left_out_of_the_outcome_test() {
        let mut input = example();
        input.groups.push(group("Mixed", 5, 300.0, 0, Some(0)));
        let report = analyse_one(input, &Options::default());
        let mixed = &report.groups[3];
        assert_eq!(mixed.outcome.as_ref().unwrap().rate, None);
        assert!(mixed.notes.contains(&Note::NoOneInIps));
        assert_eq!(report.outcome_test.unwrap().df, Some(2));
        assert_eq!(mixed.access.representation_ratio, Some(0.0));
    }

    #[test]
    fn percent_tables_have_no_counts_only_figures() {
        let input = breakdown(
            PopulationKind::Percent,
            vec![
                group("White", 2, 80.0, 250, None),
                group("Black", 3, 11.5, 64, None),
                group("Asian", 4, 8.5, 51, None),
            ],
        );
        let report = analyse_one(input, &Options::default());
        assert!(report.uptake_test.is_none() && report.two_sample_test.is_none());
        assert!(report.outcome_test.is_none());
        let black = &report.groups[1];
        assert_eq!(black.population, None);
        assert_eq!(black.population_percent, Some(11.5));
        assert!((black.access.population_share - 0.115).abs() < 1e-15);
        assert!(black.access.access_rate.is_none() && black.access.relative_access.is_none());
        assert!(black.outcome.is_none());
        assert!(report.notes.contains(&Note::PercentPopulation));
    }

    #[test]
    fn excluded_rows_are_reported_with_their_share_of_everyone() {
        let mut input = example();
        input
            .excluded
            .push(group("Not known", 5, 1000.0, 35, Some(10)));
        let report = analyse_one(input, &Options::default());
        let not_known = &report.excluded[0];
        assert_eq!(not_known.ips, 35);
        assert_eq!(not_known.ips_share_of_total, Some(35.0 / 400.0));
        assert_eq!(not_known.population_share_of_total, Some(1000.0 / 11000.0));
        assert_eq!(report.total_ips, 365);
        assert!(report.findings.iter().any(|f| f.contains("Not known")));
    }

    #[test]
    fn holm_runs_over_the_non_reference_groups() {
        let report = analyse_one(example(), &Options::default());
        let raw: Vec<f64> = report.groups[1..]
            .iter()
            .map(|g| g.outcome.as_ref().unwrap().p_value.unwrap())
            .collect();
        let adjusted: Vec<f64> = report.groups[1..]
            .iter()
            .map(|g| g.outcome.as_ref().unwrap().p_adjusted.unwrap())
            .collect();
        assert_eq!(adjusted, holm(&raw));
    }

    /// Two breakdowns with outcomes (one small enough for small expected
    /// counts), and one without, so that filling must skip it.
    const DEFERRED_TABLE: &str = "Breakdown,Group,Population,IPS,Employed
Ethnicity,White,8000,250,90
Ethnicity,Black,1150,64,20
Ethnicity,Asian,850,51,0
Sex,Female,5000,9,1
Sex,Male,5000,12,8
";

    #[test]
    fn a_deferred_analysis_filled_in_equals_one_that_ran_the_exact_tests() {
        for confidence in [0.9, 0.95, 0.99] {
            let options = Options {
                confidence,
                ..Options::default()
            };
            let direct = analyse_text(DEFERRED_TABLE, &options);
            let mut deferred = analyse_text_with(DEFERRED_TABLE, &options, ExactTests::Defer);
            assert_ne!(deferred, direct);
            let request = ExactTestRequest {
                id: 7,
                tables: deferred
                    .report
                    .breakdowns
                    .iter()
                    .filter_map(outcome_rows)
                    .collect(),
            };
            assert_eq!(
                request.tables,
                vec![vec![[90, 160], [20, 44], [0, 51]], vec![[1, 8], [8, 4]]]
            );
            let reply = answer_exact_tests(&request);
            assert_eq!(reply.id, 7);
            fill_exact_tests(&mut deferred, &reply.results);
            assert_eq!(deferred, direct);
        }
    }

    #[test]
    fn exact_tests_cross_to_the_worker_and_back_unchanged() {
        let request = ExactTestRequest {
            id: 3,
            tables: vec![vec![[9, 1], [4, 6], [2, 8]], vec![[0, 5], [0, 3]]],
        };
        let sent = request.encode();
        assert_eq!(sent, "request 3\ntable 9,1 4,6 2,8\ntable 0,5 0,3");
        let received = ExactTestRequest::decode(&sent).unwrap();
        assert_eq!(received, request);
        let reply = answer_exact_tests(&received);
        let text = reply.encode();
        assert_eq!(
            text.lines().next_back(),
            Some(format!("exact {:x} - 0", 1.0f64.to_bits()).as_str())
        );
        let back = ExactTestReply::decode(&text).unwrap();
        assert_eq!(back, reply);
        let test = back.results[0];
        assert_eq!(test, freeman_halton(&[[9, 1], [4, 6], [2, 8]]));
        assert!((test.p_value - 0.008_875_283_720_368_918).abs() < 1e-15);
        // A request without tables, and an empty table, both cross.
        for tables in [vec![], vec![vec![]]] {
            let request = ExactTestRequest { id: 0, tables };
            assert_eq!(ExactTestRequest::decode(&request.encode()), Ok(request));
        }
    }

    #[test]
    fn a_monte_carlo_estimate_crosses_with_its_standard_error() {
        let reply = ExactTestReply {
            id: u64::MAX,
            results: vec![ExactTest {
                p_value: 0.071_550_706_241_600_59,
                method: ExactMethod::MonteCarlo,
                standard_error: Some(2.575e-4),
                search_steps: 250_000_001,
            }],
        };
        let text = reply.encode();
        assert_eq!(
            text,
            format!(
                "reply 18446744073709551615\nmonte_carlo {:x} {:x} 250000001",
                0.071_550_706_241_600_59f64.to_bits(),
                2.575e-4f64.to_bits()
            )
        );
        assert_eq!(ExactTestReply::decode(&text), Ok(reply));
    }

    #[test]
    fn malformed_messages_are_errors_that_say_what_is_wrong() {
        let requests = [
            "",
            "ready",
            "request",
            "request x",
            "request -1",
            "request 18446744073709551616",
            "reply 1",
            "request 1\ntable 1",
            "request 1\ntable 1,2,3",
            "request 1\ntable 1,+2",
            "request 1\ntable  1,2",
            "request 1\nrow 1,2",
            "request 1\n",
            "{\"id\":3,\"tables\":[[[9,1]]]}",
        ];
        for text in requests {
            let error = ExactTestRequest::decode(text).unwrap_err();
            assert!(
                error.starts_with("expected") || error.contains("too large"),
                "{text:?}: {error}"
            );
        }
        assert_eq!(
            ExactTestRequest::decode("request 1\ntable 9,x"),
            Err("expected a count, found \"x\"".to_string())
        );
        let nan = f64::NAN.to_bits();
        let infinity = f64::INFINITY.to_bits();
        let replies = [
            "",
            "request 1",
            "reply 1\nexact 3ff0000000000000 -",
            "reply 1\nexact 3ff0000000000000 - 1 2",
            "reply 1\nexactly 3ff0000000000000 - 1",
            "reply 1\nexact 13ff0000000000000 - 1",
            "reply 1\nexact 0.5 - 1",
            "reply 1\nexact  - 1",
            "reply 1\nmonte_carlo 3ff0000000000000 none 1",
            &format!("reply 1\nexact {nan:x} - 1"),
            &format!("reply 1\nmonte_carlo 0 {infinity:x} 1"),
        ];
        for text in replies {
            let error = ExactTestReply::decode(text).unwrap_err();
            assert!(error.starts_with("expected"), "{text:?}: {error}");
        }
    }

    proptest::proptest! {
        #[test]
        fn requests_cross_unchanged(
            id: u64,
            tables in proptest::collection::vec(
                proptest::collection::vec(proptest::prelude::any::<[u64; 2]>(), 0..6),
                0..4,
            ),
        ) {
            let request = ExactTestRequest { id, tables };
            proptest::prop_assert_eq!(ExactTestRequest::decode(&request.encode()), Ok(request));
        }

        #[test]
        fn replies_cross_unchanged(
            id: u64,
            results in proptest::collection::vec(
                (0.0f64..=1.0, proptest::option::of(0.0f64..1.0), proptest::prelude::any::<u64>()),
                0..6,
            ),
        ) {
            let reply = ExactTestReply {
                id,
                results: results
                    .into_iter()
                    .map(|(p_value, standard_error, search_steps)| ExactTest {
                        p_value,
                        method: if standard_error.is_some() {
                            ExactMethod::MonteCarlo
                        } else {
                            ExactMethod::Exact
                        },
                        standard_error,
                        search_steps,
                    })
                    .collect(),
            };
            let back = ExactTestReply::decode(&reply.encode());
            proptest::prop_assert_eq!(back, Ok(reply));
        }

        /// Any text at all is read or refused, never a panic.
        #[test]
        fn any_text_is_read_or_refused(text in "(request|reply|table|exact|monte_carlo| |-|,|[0-9a-f]{1,18}|\n|.){0,40}") {
            let request = ExactTestRequest::decode(&text);
            if let Ok(request) = &request {
                proptest::prop_assert_eq!(request.encode(), text.clone());
            }
            let reply = ExactTestReply::decode(&text);
            if let Ok(reply) = &reply {
                proptest::prop_assert_eq!(ExactTestReply::decode(&reply.encode()), Ok(reply.clone()));
            }
        }
    }

    #[test]
    fn a_pending_exact_test_is_null_in_json_and_said_to_be_pending_in_words() {
        let deferred = analyse_text_with(DEFERRED_TABLE, &Options::default(), ExactTests::Defer);
        let breakdown = &deferred.report.breakdowns[0];
        let test = breakdown.outcome_test.unwrap();
        assert!(test.exact_pending());
        assert!(test.statistic.is_some() && test.p_value.is_some());
        let json = serde_json::to_value(test).unwrap();
        assert!(json["exact_p_value"].is_null());
        assert!(json["exact_method"].is_null());
        assert!(json["exact_p_value_se"].is_null());
        assert!(breakdown.findings.contains(&"Whether job rates differ between groups by more than chance would explain: the Freeman-Halton exact test is still being worked out.".to_string()), "{:?}", breakdown.findings);
        assert!(!breakdown
            .findings
            .iter()
            .any(|f| f.starts_with("Job rates")));

        let direct = analyse_text(DEFERRED_TABLE, &Options::default());
        let json = serde_json::to_value(direct.report.breakdowns[0].outcome_test.unwrap()).unwrap();
        assert_eq!(json["exact_method"], "exact");
        assert!(json["exact_p_value"].is_number());
    }

    #[test]
    fn outcome_rows_are_absent_without_an_outcome_test() {
        let analysis = analyse_text(DEFERRED_TABLE, &Options::default());
        assert_eq!(
            outcome_rows(&analysis.report.breakdowns[1]),
            Some(vec![[1, 8], [8, 4]])
        );
        let no_outcomes = analyse_text(
            "Group,Population,IPS\nA,10,5\nB,10,6\n",
            &Options::default(),
        );
        assert_eq!(outcome_rows(&no_outcomes.report.breakdowns[0]), None);
        let one_group_in_ips = analyse_text(
            "Group,Population,IPS,Employed\nA,10,5,2\nB,10,0,0\n",
            &Options::default(),
        );
        assert_eq!(outcome_rows(&one_group_in_ips.report.breakdowns[0]), None);
    }

    #[test]
    fn findings_are_worded_from_the_figures() {
        let report = analyse_one(example(), &Options::default());
        let black = &report.groups[1].findings;
        assert!(
            black[0].eq("Black people made up 17.5% of people accessing IPS (64 of 365), compared with 11.5% of the reference population: 1.52 times their expected share (95% CI 1.22 to 1.89). IPS reaches more of them than their share of the population would suggest."),
            "{black:?}"
        );
        assert!(black[1].eq("20 of 64 Black people in IPS gained a job (31.3%, 95% CI 21.2% to 43.4%), compared with 36.0% of White people: a difference of \u{2212}4.8 percentage points (95% CI \u{2212}16.5 to 8.7), 0.87 times their job rate (95% CI 0.58 to 1.29). The interval includes no difference, so this could be due to chance."), "{black:?}");
    }
}
