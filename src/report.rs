//! The analysis report: one serde-serialisable structure per analysis, the
//! same one the browser renders and the command line prints as JSON (the
//! project's SPEC, section 4). Field names are the contract; fields beyond
//! the SPEC's are additions, never renamings.
//!
//! Every undefined figure is `None` (JSON `null`) with a [`Note`] saying
//! why; nothing here is ever NaN.

use serde::Serialize;

use crate::input::PopulationKind;
use crate::stats::chisquare::ChiSquareTest;
use crate::stats::freeman_halton::ExactMethod;
use crate::stats::Interval;

/// How a job rate's confidence interval is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalMethod {
    /// Wilson (1927) score interval: the default, close to nominal coverage.
    #[default]
    Wilson,
    /// Clopper & Pearson (1934) exact interval: never below nominal coverage.
    Exact,
}

/// The whole analysis of a table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub confidence: f64,
    pub interval_method: IntervalMethod,
    pub breakdowns: Vec<BreakdownReport>,
    /// Problems that did not stop the analysis, in plain words.
    pub warnings: Vec<String>,
}

/// One breakdown (Ethnicity, Sex, Age band...): its groups and its tests.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BreakdownReport {
    pub name: String,
    /// The group every other group is compared with.
    pub reference_group: String,
    pub population_kind: PopulationKind,
    /// N: everyone in IPS across the groups compared.
    pub total_ips: u64,
    /// Pearson goodness of fit of the IPS counts to the population shares.
    pub access_test: Option<ChiSquareTest>,
    /// Does the uptake rate (IPS / population) differ by group? Counts only.
    pub uptake_test: Option<ChiSquareTest>,
    /// The chi-square on [ips, population] that published IPS equity
    /// studies report; it treats clients and the population they come from
    /// as independent samples (they are not: the clients are in the
    /// population). Counts only.
    pub two_sample_test: Option<ChiSquareTest>,
    /// Do job rates differ between groups? `None` without an `employed` column.
    pub outcome_test: Option<OutcomeTest>,
    /// "Not known" and similar rows: reported, never compared.
    pub excluded: Vec<ExcludedGroup>,
    pub groups: Vec<GroupReport>,
    pub notes: Vec<Note>,
    /// The breakdown's findings in plain words.
    pub findings: Vec<String>,
}

/// The k x 2 test of job outcomes across the groups with anyone in IPS.
///
/// The page asks for the Freeman-Halton test to be deferred, because it can
/// take a second or more on large tables, and fills it in when a Web Worker
/// has worked it out (`crate::analysis::fill_exact_test`); until then the
/// three exact fields are `None` (JSON `null`). The command line always runs
/// the test, so its JSON always has numbers there.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct OutcomeTest {
    /// Pearson chi-square statistic; `None` when nobody (or everybody) got a job.
    pub statistic: Option<f64>,
    pub df: Option<u64>,
    pub p_value: Option<f64>,
    /// Freeman-Halton exact p-value; `None` while it is being worked out.
    pub exact_p_value: Option<f64>,
    /// How `exact_p_value` was obtained; `None` while it is being worked out.
    pub exact_method: Option<ExactMethod>,
    /// Standard error of a Monte Carlo `exact_p_value`; `None` when exact.
    pub exact_p_value_se: Option<f64>,
    /// Whether any expected count is below 5, when the exact p is the one to read.
    pub small_expected_counts: bool,
}

impl OutcomeTest {
    /// The exact test is still being worked out.
    pub fn exact_pending(&self) -> bool {
        self.exact_p_value.is_none()
    }
}

/// A row left out of the comparison, with its share of everyone so that
/// nothing silently disappears.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExcludedGroup {
    pub group: String,
    pub row: usize,
    pub ips: u64,
    /// A count (counts tables) ...
    pub population: Option<u64>,
    /// ... or a percentage (census tables).
    pub population_percent: Option<f64>,
    pub employed: Option<u64>,
    /// This row's IPS clients as a share of everyone in IPS, this row included.
    pub ips_share_of_total: Option<f64>,
    /// This row's population as a share of the whole population, this row included.
    pub population_share_of_total: Option<f64>,
}

/// One group's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupReport {
    pub group: String,
    pub row: usize,
    pub population: Option<u64>,
    pub population_percent: Option<f64>,
    pub ips: u64,
    pub employed: Option<u64>,
    pub is_reference: bool,
    pub access: AccessFigures,
    /// `None` when the table has no `employed` column.
    pub outcome: Option<OutcomeFigures>,
    pub notes: Vec<Note>,
    /// This group's findings in plain words.
    pub findings: Vec<String>,
}

/// Does IPS reach the group in proportion? (SPEC section 2.)
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccessFigures {
    pub ips_share: f64,
    pub ips_share_ci: Option<Interval>,
    pub population_share: f64,
    /// N x population share: how many would be in IPS if it reached every
    /// group in proportion.
    pub expected_ips: f64,
    pub representation_ratio: Option<f64>,
    pub representation_ratio_ci: Option<Interval>,
    pub p_value: Option<f64>,
    pub p_adjusted: Option<f64>,
    pub access_rate: Option<f64>,
    pub relative_access: Option<f64>,
    pub relative_access_ci: Option<Interval>,
    /// The representation ratio beyond the four-fifths band.
    pub flag: Option<Flag>,
}

/// Do job outcomes differ from the reference group's? (SPEC section 3.)
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeFigures {
    pub rate: Option<f64>,
    pub rate_ci: Option<Interval>,
    pub difference: Option<f64>,
    pub difference_ci: Option<Interval>,
    pub ratio: Option<f64>,
    pub ratio_ci: Option<Interval>,
    pub p_value: Option<f64>,
    pub p_adjusted: Option<f64>,
    /// The job-rate ratio beyond the four-fifths band.
    pub flag: Option<Flag>,
}

/// A ratio outside 0.80 to 1.25, the "four-fifths" band used in equality
/// monitoring; a flag is read beside its interval and test, never alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    Below,
    Above,
}

impl Flag {
    pub const LOWER: f64 = 0.8;
    pub const UPPER: f64 = 1.25;

    pub fn for_ratio(ratio: Option<f64>) -> Option<Flag> {
        match ratio? {
            r if r < Self::LOWER => Some(Flag::Below),
            r if r > Self::UPPER => Some(Flag::Above),
            _ => None,
        }
    }
}

/// Why a figure is missing, or why to read it with care. Worded by
/// `crate::words`; serialised as that sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// The group has no population share, so it has no expected share.
    NoPopulation,
    /// Nobody from the group is in IPS.
    NoOneInIps,
    /// Nobody in the reference group got a job, so ratios to it are undefined.
    ReferenceHasNoJobs,
    /// Nobody in the group got a job, so the log interval of its ratio is undefined.
    NoJobs,
    /// Nobody in the reference group is in IPS.
    ReferenceHasNoIps,
    /// Fewer than `SMALL_NUMBERS` people: figures are imprecise.
    SmallNumbers { people: u64 },
    /// The chosen reference group is not in this breakdown.
    ReferenceNotFound { requested: String },
    /// The reference was to be the group with the highest job rate, but the
    /// breakdown has no job rates (no `employed` column, or no one in IPS).
    NoJobRatesForReference,
    /// The table gives percentages, so the counts-only figures are absent.
    PercentPopulation,
    /// Fewer than two groups have anyone in IPS: nothing to compare outcomes with.
    TooFewGroupsForOutcomes,
    /// Everyone, or no one, got a job: the chi-square is undefined; the exact p is 1.
    NoVariationInOutcomes,
    /// A group has no one in the population: the goodness-of-fit test is undefined.
    ZeroPopulationShare,
}

/// Below this many people in IPS a group's figures carry a caution.
pub const SMALL_NUMBERS: u64 = 10;

impl Serialize for Note {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}
