//! The Freeman-Halton exact test of a k x 2 table.
//!
//! Freeman and Halton (1951, "Note on an exact treatment of contingency,
//! goodness of fit and other problems of significance", Biometrika 38:141-149)
//! extended Fisher's exact test to any table: with both margins fixed, a
//! k x 2 table of `x_g` employed out of `n_g` people in group g has the
//! multivariate hypergeometric probability
//!
//! ```text
//! P(x) = prod_g C(n_g, x_g) / C(N, E)      (N people, E of them employed)
//! ```
//!
//! and the two-sided p-value is the total probability of every table with the
//! same margins that is no more likely than the observed one, with R's and
//! SciPy's relative tolerance of 1e-7 so that tables equally likely in exact
//! arithmetic are not split by rounding.
//!
//! # The exact search
//!
//! The tables are never listed one by one. The search is the network
//! algorithm of Mehta and Patel (1983, "A network algorithm for performing
//! Fisher's exact test in r x c contingency tables", JASA 78:427-434) for
//! two columns: stage j has placed groups 1..j, a node is the number of
//! employed people placed so far, and a path's "past" is
//! `sum ln C(n_g, x_g)` over the groups placed. At a node, three facts
//! about the completions of the remaining groups are known in closed form:
//!
//! - their total weight, `C(n_rest, R)` for `R` employed still to place
//!   (Vandermonde's identity);
//! - the longest completion, the maximum of the concave separable sum
//!   `sum ln C(n_g, x_g)` subject to `sum x_g = R`, which greedy marginal
//!   gains reach exactly; merging the groups' sorted gains yields it for
//!   every `R` at once;
//! - a lower bound on the shortest completion.
//!
//! A path whose longest completion is still at or below the threshold has
//! all its completions counted at once; one whose shortest completion is
//! above it is dropped. Paths reaching a node with past values equal to a
//! relative 1e-10 are merged, their weights added. The completions through
//! one more group that are counted form the two tails of a hypergeometric
//! distribution (the longest completion is concave in that group's count),
//! so they are summed in log space, never listed; for the next-to-last
//! group this counts every table, and the last two groups cost no
//! enumeration at all.
//!
//! When the table has many groups and its p-value is small, few paths can
//! be settled by their bounds. The search then also runs backward from the
//! last group, listing every distinct weight of the completions of the last
//! groups with its total, and meets the forward paths in the middle: each
//! path counts its completions by one binary search. The cost is then about
//! the square root of the forward search's.
//!
//! All sums are kept as logarithms, so p-values far below 1e-300 keep
//! their relative accuracy until the final exponential (which gives 0 below
//! about 1e-308).
//!
//! # Budget and the Monte Carlo estimate
//!
//! The search counts its work in steps (not time: the calculator also runs in
//! the browser, without a clock). A table of up to 200 people is always
//! solved exactly; a larger one is solved exactly whenever the search fits
//! [`Budget::default`]: about a second of work natively in a release build,
//! and four million partial tables in memory. Measured on the benchmark's
//! tables (`cargo bench --bench exact_tests`, with the group shares and job
//! rates of an IPS service), the search stays exact up to about 700 people
//! with 8 to 12 groups, 2,000 with 6, 5,000 with 5, 20,000 with 4 and
//! 100,000 or more with 3; further when the job rates barely differ (2,000
//! people in 12 groups, 10,000 in 6).
//!
//! Otherwise the p-value is estimated from at least 10^6 random tables with
//! the same margins, drawn group by group from hypergeometric distributions
//! with a fixed seed, so the same table always gets the same answer; the
//! estimate is (b + 1) / (M + 1) (Phipson and Smyth 2010, "Permutation
//! p-values should never be zero", SAGMB 9:39) with its standard error.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, RngExt, SeedableRng};
use rand_distr::{Distribution, Hypergeometric as HypergeometricSampler};
use serde::{Deserialize, Serialize};

use crate::stats::distributions::{
    ln_add_exp, ln_choose, ln_lower_tail, ln_upper_tail, Hypergeometric, LogConcave,
};

/// ln(1 + 1e-7): tables up to this much more likely than the observed one
/// (on the log scale) still count as "no more likely". R's and SciPy's
/// relative tolerance.
const LN_RELATIVE_TOLERANCE: f64 = 9.999_999_500_000_033e-8;

/// A whole subtree is counted or dropped only when its bound clears the
/// threshold by this much on the log scale, far more than the rounding in
/// the bounds; closer calls are left to deeper stages, where the tables
/// themselves are compared.
const BOUND_MARGIN: f64 = 1e-7;

/// Past values at one node within this distance on the log scale (a
/// relative 1e-10 in probability) are merged. Exactly equal products of
/// binomial coefficients summed in different orders differ by far less.
const MERGE_TOLERANCE: f64 = 1e-10;

/// Above this many people, binomial coefficients are computed when needed
/// instead of being tabulated (8 MB of tables at most).
const TABULATE_UP_TO: u64 = 1 << 20;

/// What the search charges for one hypergeometric tail sum: a fixed cost
/// and a share for each standard deviation of the distribution, over which
/// the sum runs until the rest is negligible.
const TAIL_SUM_STEPS: u64 = 16;
const TAIL_SUM_STEPS_PER_SD: f64 = 2.0;

/// What the search charges for each term added to a tail sum (one
/// exponential).
const EXTEND_STEPS: u64 = 3;

/// Seed of the random tables (the year of Freeman and Halton's paper).
const SEED: u64 = 1951;

/// The result of [`freeman_halton`]. It crosses from the page's Web Worker
/// to the page as plain text (`crate::analysis::ExactTestReply::encode`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExactTest {
    /// Probability of every table with the observed margins that is no more
    /// likely than the observed table.
    pub p_value: f64,
    /// Whether `p_value` is exact or a Monte Carlo estimate.
    pub method: ExactMethod,
    /// Standard error of a Monte Carlo `p_value`; `None` when it is exact.
    pub standard_error: Option<f64>,
    /// Work the exact search did (all of its budget when it gave up and the
    /// p-value was estimated instead).
    pub search_steps: u64,
}

/// How an [`ExactTest`] p-value was obtained; `"exact"` or `"monte_carlo"`
/// in JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExactMethod {
    /// Every table was accounted for.
    Exact,
    /// Estimated from random tables with the same margins.
    MonteCarlo,
}

/// How much work the exact search may do before the p-value is estimated
/// from random tables instead, and how many random tables that takes.
///
/// The default allows about a second of work natively in a release build
/// and about 100 MB of memory; tests use smaller budgets to exercise the
/// Monte Carlo estimate.
///
/// ```
/// use ips_equity::stats::freeman_halton::{freeman_halton_with_budget, Budget, ExactMethod};
/// // No search at all: the p-value is estimated from 10,000 random tables.
/// let budget = Budget {
///     always_exact_up_to: 0,
///     search_steps: 0,
///     monte_carlo_tables: 10_000,
///     ..Budget::default()
/// };
/// let test = freeman_halton_with_budget(&[[9, 1], [4, 6], [2, 8]], &budget);
/// assert_eq!(test.method, ExactMethod::MonteCarlo);
/// assert!(test.standard_error.is_some());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Tables of at most this many people are always solved exactly,
    /// whatever time and memory that takes (default 200; the worst tables
    /// of 200 people seen take about two seconds and 500 MB).
    pub always_exact_up_to: u64,
    /// Work the exact search may do, in steps of about 4 ns natively (one
    /// child of a path made or checked, one step of a binary search, a
    /// share of a sort or of a tail sum).
    pub search_steps: u64,
    /// Partial tables (16 bytes each) the search may hold at once in one
    /// stage, and cells of its tables of bounds.
    pub search_paths: usize,
    /// Random tables drawn for the Monte Carlo estimate.
    pub monte_carlo_tables: u64,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            always_exact_up_to: 200,
            search_steps: 250_000_000,
            search_paths: 4_000_000,
            monte_carlo_tables: 1_000_000,
        }
    }
}

/// The Freeman-Halton exact test of independence in a k x 2 table, each row
/// `[employed, not_employed]` for one group.
///
/// The p-value is the probability, given both margins, of every table no
/// more likely than the observed one (relative tolerance 1e-7), where a
/// table's probability is `prod_g C(n_g, x_g) / C(N, E)`; for two rows it
/// is Fisher's exact test. Rows with nobody in them are skipped; with fewer
/// than two rows left, or nobody (or everybody) employed, only one table is
/// possible and the p-value is 1. See the module documentation for the
/// method, and [`Budget`] for when it is estimated instead.
///
/// A table whose total count overflows `u64` is beyond any population and
/// has p-value 1.
///
/// ```
/// use ips_equity::stats::freeman_halton::{freeman_halton, ExactMethod};
/// // Job outcomes in three groups: 9/10, 4/10 and 2/10 employed.
/// let test = freeman_halton(&[[9, 1], [4, 6], [2, 8]]);
/// assert_eq!(test.method, ExactMethod::Exact);
/// assert!((test.p_value - 0.008_875_283_720_368_918).abs() < 1e-15);
/// ```
pub fn freeman_halton(rows: &[[u64; 2]]) -> ExactTest {
    freeman_halton_with_budget(rows, &Budget::default())
}

/// [`freeman_halton`] when its exact search finishes within `steps` (see
/// [`Budget::search_steps`]), else `None`; never a Monte Carlo estimate.
///
/// The search is deterministic and the allowance only stops it, so a
/// result is always identical to [`freeman_halton`]'s. The page uses it to
/// fill in at once the tests that take a few milliseconds (its default
/// example needs about 463,000 steps, the other worked examples under
/// 11,000), and leaves only the others to its Web Worker.
///
/// ```
/// use ips_equity::stats::freeman_halton::{freeman_halton, freeman_halton_within};
/// let rows = [[9, 1], [4, 6], [2, 8]];
/// assert_eq!(freeman_halton_within(&rows, 100_000), Some(freeman_halton(&rows)));
/// // Too little allowance: the search stops, with no estimate.
/// let large = [[300, 700], [350, 650], [400, 600], [450, 550]];
/// assert_eq!(freeman_halton_within(&large, 10), None);
/// ```
pub fn freeman_halton_within(rows: &[[u64; 2]], steps: u64) -> Option<ExactTest> {
    let Some(margins) = Margins::new(rows) else {
        return Some(only_one_table());
    };
    let tables = LnChooseTables::new(&margins.sizes, margins.total);
    let mut limits = search_limits(&margins, &Budget::default());
    limits.search_steps = limits.search_steps.min(steps);
    exact_test(&margins, &tables, &limits).ok()
}

/// [`freeman_halton`] with an explicit work budget.
pub fn freeman_halton_with_budget(rows: &[[u64; 2]], budget: &Budget) -> ExactTest {
    let Some(margins) = Margins::new(rows) else {
        return only_one_table();
    };
    let tables = LnChooseTables::new(&margins.sizes, margins.total);
    match exact_test(&margins, &tables, &search_limits(&margins, budget)) {
        Ok(test) => test,
        Err(steps) => {
            let (p_value, standard_error) =
                monte_carlo(&margins, &tables, budget.monte_carlo_tables);
            ExactTest {
                p_value,
                method: ExactMethod::MonteCarlo,
                standard_error: Some(standard_error),
                search_steps: steps.min(budget.search_steps),
            }
        }
    }
}

/// The test of a table with only one possible table: p = 1.
fn only_one_table() -> ExactTest {
    ExactTest {
        p_value: 1.0,
        method: ExactMethod::Exact,
        standard_error: None,
        search_steps: 0,
    }
}

/// What the exact search may use on this table: no limit at all up to
/// `always_exact_up_to` people.
fn search_limits(margins: &Margins, budget: &Budget) -> Budget {
    if margins.total <= budget.always_exact_up_to {
        Budget {
            search_steps: u64::MAX,
            search_paths: usize::MAX,
            ..*budget
        }
    } else {
        *budget
    }
}

/// The exact search within `limits`, or the steps it spent before giving up.
fn exact_test(
    margins: &Margins,
    tables: &LnChooseTables,
    limits: &Budget,
) -> Result<ExactTest, u64> {
    let mut meter = Meter {
        steps: 0,
        limit: limits.search_steps,
    };
    match exact_p_value(margins, tables, limits, &mut meter) {
        Some(p_value) => Ok(ExactTest {
            p_value,
            method: ExactMethod::Exact,
            standard_error: None,
            search_steps: meter.steps,
        }),
        None => Err(meter.steps),
    }
}

/// The table reduced to what the test depends on.
struct Margins {
    /// Group sizes n_g, all positive, at least two, ascending.
    sizes: Vec<u64>,
    /// Total employed E, after swapping the columns if needed so that
    /// E <= N / 2 (C(n, x) = C(n, n - x), so no probability changes).
    employed: u64,
    /// Total people N.
    total: u64,
    /// ln of the observed table's weight prod C(n_g, x_g), plus the
    /// tolerance: a table counts when its weight is at most this.
    ln_threshold: f64,
}

impl Margins {
    /// `None` when only one table is possible (or the counts overflow).
    fn new(rows: &[[u64; 2]]) -> Option<Margins> {
        let mut groups: Vec<(u64, u64)> = Vec::with_capacity(rows.len());
        for &[employed, not_employed] in rows {
            let size = employed.checked_add(not_employed)?;
            if size > 0 {
                groups.push((size, employed));
            }
        }
        // Sorting by both fields makes every computation below, random
        // draws included, independent of the order of the rows.
        groups.sort_unstable();
        let mut total: u64 = 0;
        let mut employed: u64 = 0;
        for &(size, x) in &groups {
            total = total.checked_add(size)?;
            employed += x;
        }
        if groups.len() < 2 || employed == 0 || employed == total {
            return None;
        }
        let ln_observed: f64 = groups.iter().map(|&(n, x)| ln_choose(n, x)).sum();
        Some(Margins {
            sizes: groups.iter().map(|&(n, _)| n).collect(),
            employed: employed.min(total - employed),
            total,
            ln_threshold: ln_observed + LN_RELATIVE_TOLERANCE,
        })
    }
}

/// ln C(n_g, x) for each group, tabulated when the table is small enough.
struct LnChooseTables {
    sizes: Vec<u64>,
    tables: Vec<Vec<f64>>,
}

impl LnChooseTables {
    fn new(sizes: &[u64], total: u64) -> Self {
        let tables = if total <= TABULATE_UP_TO {
            sizes
                .iter()
                .map(|&n| (0..=n).map(|x| ln_choose(n, x)).collect())
                .collect()
        } else {
            Vec::new()
        };
        LnChooseTables {
            sizes: sizes.to_vec(),
            tables,
        }
    }

    /// ln C(n_g, x); `-inf` for x > n_g.
    fn get(&self, group: usize, x: u64) -> f64 {
        let tabulated = self
            .tables
            .get(group)
            .zip(usize::try_from(x).ok())
            .and_then(|(table, x)| table.get(x));
        match tabulated {
            Some(&value) => value,
            None => ln_choose(self.sizes.get(group).copied().unwrap_or(0), x),
        }
    }
}

/// A sum of positive terms given by their logarithms, kept as
/// `e^scale * (sum + compensation)` so that it neither overflows nor loses
/// terms far below 1e-308, with Neumaier's compensation so that millions of
/// terms add no rounding.
struct LnSum {
    scale: f64,
    sum: f64,
    compensation: f64,
}

impl LnSum {
    fn new(scale: f64) -> Self {
        LnSum {
            scale,
            sum: 0.0,
            compensation: 0.0,
        }
    }

    fn add(&mut self, ln_term: f64) {
        if ln_term == f64::NEG_INFINITY {
            return;
        }
        if ln_term > self.scale + 600.0 {
            let shrink = (self.scale - ln_term).exp();
            self.sum *= shrink;
            self.compensation *= shrink;
            self.scale = ln_term;
        }
        let term = (ln_term - self.scale).exp();
        let next = self.sum + term;
        self.compensation += if self.sum >= term {
            (self.sum - next) + term
        } else {
            (term - next) + self.sum
        };
        self.sum = next;
    }

    fn ln(&self) -> f64 {
        self.scale + (self.sum + self.compensation).ln()
    }
}

/// The partial tables reaching one node that share a past value.
#[derive(Debug, Clone, Copy)]
struct Path {
    /// sum ln C(n_g, x_g) over the groups placed.
    past: f64,
    /// ln of the summed weights of the merged partial tables.
    ln_weight: f64,
}

/// The paths of one stage, by node (employed people placed so far).
struct Stage {
    /// The node of `at_node[0]`.
    first_node: u64,
    at_node: Vec<Vec<Path>>,
    paths: usize,
}

impl Stage {
    /// The start of the network: no group placed, one empty path.
    fn root() -> Stage {
        Stage {
            first_node: 0,
            at_node: vec![vec![Path {
                past: 0.0,
                ln_weight: 0.0,
            }]],
            paths: 1,
        }
    }

    /// A stage with no paths yet, for nodes `first..=last`.
    fn empty(first: u64, last: u64) -> Option<Stage> {
        let nodes = usize::try_from(last.checked_sub(first)?)
            .ok()?
            .checked_add(1)?;
        Some(Stage {
            first_node: first,
            at_node: vec![Vec::new(); nodes],
            paths: 0,
        })
    }

    /// The paths at `node`, if it is in the stage.
    fn get(&self, node: u64) -> Option<&Vec<Path>> {
        let i = usize::try_from(node.checked_sub(self.first_node)?).ok()?;
        self.at_node.get(i)
    }

    fn push(&mut self, node: u64, path: Path) {
        let slot = node
            .checked_sub(self.first_node)
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| self.at_node.get_mut(i));
        if let Some(paths) = slot {
            paths.push(path);
            self.paths += 1;
        }
    }

    /// Sorts each node's paths by past value and merges those within
    /// [`MERGE_TOLERANCE`] of the first of their run, adding their weights.
    /// False when the budget runs out.
    fn merge(&mut self, meter: &mut Meter) -> bool {
        let mut kept = 0;
        for paths in &mut self.at_node {
            let len = paths.len() as u64;
            if !meter.charge(len * u64::from(64 - len.leading_zeros())) {
                return false;
            }
            paths.sort_unstable_by(|a, b| a.past.total_cmp(&b.past));
            paths.dedup_by(|later, run| {
                let same = later.past - run.past <= MERGE_TOLERANCE;
                if same {
                    run.ln_weight = ln_add_exp(run.ln_weight, later.ln_weight);
                }
                same
            });
            paths.shrink_to_fit();
            kept += paths.len();
        }
        self.paths = kept;
        true
    }
}

/// Counts the search's work against its budget.
struct Meter {
    steps: u64,
    limit: u64,
}

impl Meter {
    /// Charges `steps`; false once the budget is spent.
    fn charge(&mut self, steps: u64) -> bool {
        self.steps = self.steps.saturating_add(steps);
        self.steps <= self.limit
    }
}

/// The network of one table: its groups and, for every stage and number of
/// employed still to place, the bounds on the completions.
struct Network<'a> {
    margins: &'a Margins,
    ln_choose: &'a LnChooseTables,
    /// People in groups j.. (entry k is 0).
    people_from: Vec<u64>,
    /// Longest completions: `longest[j][r]` is the largest
    /// sum ln C(n_g, x_g) over groups j.. with r employed among them, for
    /// 1 <= j <= k - 2 (the last group's is its own ln C).
    longest: Vec<Vec<f64>>,
    /// `split[j][r]`: employed in group j on a longest completion of groups
    /// j.. with r employed, for j <= k - 3 (the next-to-last group's is a
    /// hypergeometric mode).
    split: Vec<Vec<u64>>,
    /// `shortest[j][r]`: a lower bound on every sum ln C(n_g, x_g) over
    /// groups j.. with r employed, for 1 <= j <= k - 2.
    shortest: Vec<Vec<f64>>,
    /// `completions[j][r]`: ln C(people in groups j.., r), the total weight
    /// of the completions of groups j.. with r employed (Vandermonde's
    /// identity), for 1 <= j <= k - 2 (the last group's is its own ln C).
    completions: Vec<Vec<f64>>,
}

/// The exact p-value by the network search, or `None` when the search does
/// not fit the budget.
///
/// The search runs forward from the first group and, when that is cheaper,
/// backward from the last: the backward part lists, for each number of
/// employed still to place, every distinct weight of the completions of the
/// last groups with its total, sorted. When the two meet, each forward path
/// finds the completions no more likely than observed by one binary search
/// in the list for its node, so the paths are never extended through the
/// last groups (a meet-in-the-middle: the cost is about the square root of
/// extending them). Without a backward part the last two groups are
/// counted in closed form.
fn exact_p_value(
    margins: &Margins,
    tables: &LnChooseTables,
    budget: &Budget,
    meter: &mut Meter,
) -> Option<f64> {
    let network = Network::new(margins, tables, budget, meter)?;
    let k = margins.sizes.len();
    let mut counted = LnSum::new(margins.ln_threshold);
    let mut stage = Stage::root();
    // The completions of groups `level..`, by number employed among them.
    let mut suffix: Option<(usize, Stage)> = None;
    for j in 0..k - 1 {
        loop {
            let (level, entries) = suffix
                .as_ref()
                .map_or((k, 1), |(level, s)| (*level, s.paths));
            if level <= j {
                break;
            }
            let backward_cost =
                (entries as u64).saturating_mul(network.size(level - 1).saturating_add(1));
            let forward_cost =
                (stage.paths as u64).saturating_mul(network.size(j).saturating_add(1));
            if backward_cost >= forward_cost || backward_cost > budget.search_paths as u64 {
                break;
            }
            let grown = network.grow_suffix(level - 1, suffix.as_ref().map(|(_, s)| s), meter)?;
            suffix = Some((level - 1, grown));
        }
        if let Some((level, completions)) = &suffix {
            if *level == j {
                network.look_up(&stage, completions, &mut counted, meter)?;
                break;
            }
        }
        let placed = margins.total - network.people_from(j + 1);
        let mut next = if j + 2 < k {
            Stage::empty(
                margins.employed.saturating_sub(network.people_from(j + 1)),
                margins.employed.min(placed),
            )?
        } else {
            Stage::empty(0, 0)?
        };
        for (node, paths) in (stage.first_node..).zip(&stage.at_node) {
            network.expand(j, node, paths, &mut next, &mut counted, budget, meter)?;
        }
        if !next.merge(meter) {
            return None;
        }
        stage = next;
    }
    let ln_p = counted.ln() - ln_choose_total(margins);
    Some(ln_p.exp().min(1.0))
}

/// ln C(N, E), the total weight of all tables.
fn ln_choose_total(margins: &Margins) -> f64 {
    ln_choose(margins.total, margins.employed)
}

impl<'a> Network<'a> {
    /// The network with its bounds; `None` when they do not fit the budget.
    fn new(
        margins: &'a Margins,
        tables: &'a LnChooseTables,
        budget: &Budget,
        meter: &mut Meter,
    ) -> Option<Self> {
        let k = margins.sizes.len();
        // Sums of the sizes are at most N, which fits.
        let mut people_from: Vec<u64> = margins
            .sizes
            .iter()
            .rev()
            .scan(0, |people, &n| {
                *people += n;
                Some(*people)
            })
            .collect();
        people_from.reverse();
        people_from.push(0);
        let mut network = Network {
            margins,
            ln_choose: tables,
            people_from,
            longest: Vec::new(),
            split: Vec::new(),
            shortest: Vec::new(),
            completions: Vec::new(),
        };
        if k < 3 {
            return Some(network);
        }
        // Check the size of the tables of bounds before making them.
        let mut cells: usize = 0;
        let mut work: u64 = 0;
        for j in 0..=k - 2 {
            let rows = margins
                .employed
                .min(network.people_from(j))
                .saturating_add(1);
            let len = usize::try_from(rows).ok()?;
            cells = cells.saturating_add(len.saturating_mul(4));
            work = work.saturating_add(rows.saturating_mul((k - j) as u64 + 8));
        }
        if cells > budget.search_paths || !meter.charge(work) {
            return None;
        }
        network.longest = vec![Vec::new(); k - 1];
        network.split = vec![Vec::new(); k - 2];
        network.shortest = vec![Vec::new(); k - 1];
        network.completions = vec![Vec::new(); k - 1];
        for j in (0..=k - 2).rev() {
            let (longest, split) = network.merge_gains(j);
            if j >= 1 {
                network.longest[j] = longest;
                network.shortest[j] = network.separable_minimum(j);
                let people = network.people_from(j);
                network.completions[j] = (0..=margins.employed.min(people))
                    .map(|r| ln_choose(people, r))
                    .collect();
            }
            if j + 3 <= k {
                network.split[j] = split;
            }
        }
        Some(network)
    }

    fn groups(&self) -> usize {
        self.margins.sizes.len()
    }

    fn size(&self, group: usize) -> u64 {
        self.margins.sizes.get(group).copied().unwrap_or(0)
    }

    fn people_from(&self, group: usize) -> u64 {
        self.people_from.get(group).copied().unwrap_or(0)
    }

    /// The longest completion of groups `group..` with `r` employed. An
    /// entry that does not exist reads as +inf, which never counts a subtree.
    fn longest(&self, group: usize, r: u64) -> f64 {
        if group + 1 == self.groups() {
            return self.ln_choose.get(group, r);
        }
        self.longest
            .get(group)
            .zip(usize::try_from(r).ok())
            .and_then(|(row, r)| row.get(r))
            .copied()
            .unwrap_or(f64::INFINITY)
    }

    /// The lower bound on completions of groups `group..` with `r` employed;
    /// -inf (never drop) where there is none.
    fn shortest(&self, group: usize, r: u64) -> f64 {
        self.shortest
            .get(group)
            .zip(usize::try_from(r).ok())
            .and_then(|(row, r)| row.get(r))
            .copied()
            .unwrap_or(f64::NEG_INFINITY)
    }

    /// ln C(people in groups `group..`, r).
    fn completions(&self, group: usize, r: u64) -> f64 {
        if group + 1 == self.groups() {
            return self.ln_choose.get(group, r);
        }
        self.completions
            .get(group)
            .zip(usize::try_from(r).ok())
            .and_then(|(row, r)| row.get(r))
            .copied()
            .unwrap_or_else(|| ln_choose(self.people_from(group), r))
    }

    /// The longest completions of groups `j..` for every r, by merging group
    /// j's marginal gains ln C(n, x + 1) - ln C(n, x) = ln((n - x)/(x + 1)),
    /// which fall as x grows, with those of groups `j + 1..` (the
    /// differences of their longest completions, which fall too): taking
    /// the r largest gains maximises a concave separable sum. Each value is
    /// recomputed from its two parts rather than accumulated, so rounding
    /// does not build up along r. Also returns group j's share of each.
    fn merge_gains(&self, j: usize) -> (Vec<f64>, Vec<u64>) {
        let employed = self.margins.employed;
        let top = employed.min(self.people_from(j));
        let rest_top = employed.min(self.people_from(j + 1));
        let n = self.size(j);
        let mut longest = vec![0.0];
        let mut split = vec![0];
        let (mut x, mut r) = (0_u64, 0_u64);
        for _ in 1..=top {
            let own_gain = if x < n {
                self.ln_choose.get(j, x + 1) - self.ln_choose.get(j, x)
            } else {
                f64::NEG_INFINITY
            };
            let rest_gain = if r < rest_top {
                self.longest(j + 1, r + 1) - self.longest(j + 1, r)
            } else {
                f64::NEG_INFINITY
            };
            if own_gain >= rest_gain {
                x += 1;
            } else {
                r += 1;
            }
            longest.push(self.ln_choose.get(j, x) + self.longest(j + 1, r));
            split.push(x);
        }
        (longest, split)
    }

    /// A lower bound on sum ln C(n_g, x_g) over groups `j..` with r
    /// employed, for every r: each ln C(n_g, .) is concave, so on the range
    /// the other groups leave to x_g it is smallest at an end of the range.
    fn separable_minimum(&self, j: usize) -> Vec<f64> {
        let people = self.people_from(j);
        let top = self.margins.employed.min(people);
        (0..=top)
            .map(|r| {
                (j..self.groups())
                    .map(|g| {
                        let n = self.size(g);
                        let low = r.saturating_sub(people - n);
                        let high = n.min(r);
                        self.ln_choose.get(g, low).min(self.ln_choose.get(g, high))
                    })
                    .sum()
            })
            .collect()
    }

    /// The completions of groups `level..` for every number r employed
    /// among them that a path can leave, each distinct weight once with the
    /// total weight of the completions that have it, from those of groups
    /// `level + 1..` (`None` for the last group alone). A path's "past" here
    /// is the completion's sum ln C(n_g, x_g). `None` when the budget runs
    /// out.
    fn grow_suffix(&self, level: usize, after: Option<&Stage>, meter: &mut Meter) -> Option<Stage> {
        let employed = self.margins.employed;
        let people = self.people_from(level);
        let first = employed.saturating_sub(self.margins.total - people);
        let last = employed.min(people);
        let mut lists = Stage::empty(first, last)?;
        let n = self.size(level);
        let rest = self.people_from(level + 1);
        for r in first..=last {
            let Some(after) = after else {
                let ln_c = self.ln_choose.get(level, r);
                lists.push(
                    r,
                    Path {
                        past: ln_c,
                        ln_weight: ln_c,
                    },
                );
                continue;
            };
            for x in r.saturating_sub(rest)..=n.min(r) {
                let ln_c = self.ln_choose.get(level, x);
                let Some(entries) = after.get(r - x) else {
                    continue;
                };
                if !meter.charge(entries.len() as u64 + 1) {
                    return None;
                }
                for entry in entries {
                    lists.push(
                        r,
                        Path {
                            past: entry.past + ln_c,
                            ln_weight: entry.ln_weight + ln_c,
                        },
                    );
                }
            }
        }
        lists.merge(meter).then_some(lists)
    }

    /// Counts, for every path of `stage`, the completions in `completions`
    /// (sorted lists by number still to place) no more likely than
    /// observed: a binary search for the last one whose weight is at most
    /// the threshold left, and the running total up to it.
    fn look_up(
        &self,
        stage: &Stage,
        completions: &Stage,
        counted: &mut LnSum,
        meter: &mut Meter,
    ) -> Option<()> {
        for (node, paths) in (stage.first_node..).zip(&stage.at_node) {
            if paths.is_empty() {
                continue;
            }
            let list = completions.get(self.margins.employed - node)?;
            let search_steps = u64::from(64 - (list.len() as u64).leading_zeros());
            if !meter
                .charge(EXTEND_STEPS * list.len() as u64 + paths.len() as u64 * (1 + search_steps))
            {
                return None;
            }
            let mut running = LnSum::new(list.first().map_or(0.0, |entry| entry.ln_weight));
            let totals: Vec<f64> = list
                .iter()
                .map(|entry| {
                    running.add(entry.ln_weight);
                    running.ln()
                })
                .collect();
            for path in paths {
                let ceiling = self.margins.ln_threshold - path.past;
                let below = list.partition_point(|entry| entry.past <= ceiling);
                if let Some(total) = below.checked_sub(1).and_then(|i| totals.get(i)) {
                    counted.add(path.ln_weight + total);
                }
            }
        }
        Some(())
    }

    /// Places group j for the paths at one node: counts the completions
    /// that are no more likely than observed in closed form, drops those that
    /// are all more likely, and extends the rest into `next`. `None` when the
    /// budget runs out.
    ///
    /// The paths come sorted by past value and are visited from the largest
    /// down, so the threshold left for the completions only rises: the two
    /// tails counted only widen, and each tail sum extends the previous one.
    #[allow(clippy::too_many_arguments)]
    fn expand(
        &self,
        j: usize,
        node: u64,
        at_node: &[Path],
        next: &mut Stage,
        counted: &mut LnSum,
        budget: &Budget,
        meter: &mut Meter,
    ) -> Option<()> {
        if at_node.is_empty() {
            return Some(());
        }
        let last_free = j + 2 == self.groups();
        let n = self.size(j);
        let rest = self.people_from(j + 1);
        let remaining = self.margins.employed - node;
        let low = remaining.saturating_sub(rest);
        let high = n.min(remaining);
        // The weight of all completions from this node, and of those
        // through x_j = x (Vandermonde); their ratio is hypergeometric in x.
        let ln_all = self.completions(j, remaining);
        let through = |x: u64| self.ln_choose.get(j, x) + self.completions(j + 1, remaining - x);
        let share = Hypergeometric::new(n, rest, remaining)?;
        let peak = if last_free {
            share.mode()
        } else {
            self.split
                .get(j)
                .zip(usize::try_from(remaining).ok())
                .and_then(|(row, r)| row.get(r))
                .copied()
                .unwrap_or(low)
        };
        // The longest completion through x_j = x; concave in x, so it rises
        // up to `peak` and falls after it. For the next-to-last group it is
        // the weight of the one table through x.
        let longest_through =
            |x: u64| self.ln_choose.get(j, x) + self.longest(j + 1, remaining - x);
        let at_peak = longest_through(peak);
        let search_steps = 2 * u64::from(64 - (high - low + 1).leading_zeros());
        let margin = if last_free { 0.0 } else { BOUND_MARGIN };
        let tail_steps = TAIL_SUM_STEPS
            + (TAIL_SUM_STEPS_PER_SD * standard_deviation(n, rest, remaining)) as u64;
        // The tails counted so far: (cut, ln of the weight of x <= cut) and
        // (cut, ln of the weight of x >= cut).
        let mut lower: Option<(u64, f64)> = None;
        let mut upper: Option<(u64, f64)> = None;
        for path in at_node.iter().rev() {
            if !meter.charge(1 + search_steps) {
                return None;
            }
            let ceiling = self.margins.ln_threshold - margin - path.past;
            if at_peak <= ceiling {
                counted.add(path.ln_weight + ln_all);
                continue;
            }
            let left = match lower {
                Some((cut, _)) => last_at_most(cut, peak - 1, ceiling, &longest_through),
                None if peak > low => last_at_most(low, peak - 1, ceiling, &longest_through),
                None => None,
            };
            let right = match upper {
                Some((cut, _)) => first_at_most(peak + 1, cut, ceiling, &longest_through),
                None if peak < high => first_at_most(peak + 1, high, ceiling, &longest_through),
                None => None,
            };
            if let Some(a) = left {
                let ln_tail = match lower {
                    Some((cut, value)) => {
                        if !meter.charge(EXTEND_STEPS * (a - cut)) {
                            return None;
                        }
                        extend(value, (cut + 1..=a).map(through))
                    }
                    None => {
                        if !meter.charge(tail_steps) {
                            return None;
                        }
                        ln_all + ln_lower_tail(&share, a)
                    }
                };
                lower = Some((a, ln_tail));
                counted.add(path.ln_weight + ln_tail);
            }
            if let Some(b) = right {
                let ln_tail = match upper {
                    Some((cut, value)) => {
                        if !meter.charge(EXTEND_STEPS * (cut - b)) {
                            return None;
                        }
                        extend(value, (b..cut).map(through))
                    }
                    None => {
                        if !meter.charge(tail_steps) {
                            return None;
                        }
                        ln_all + ln_upper_tail(&share, b)
                    }
                };
                upper = Some((b, ln_tail));
                counted.add(path.ln_weight + ln_tail);
            }
            if last_free {
                // Between the tails every table is more likely than observed.
                continue;
            }
            let from = left.map_or(low, |a| a + 1);
            let to = right.map_or(high, |b| b - 1);
            if from > to {
                continue;
            }
            if !meter.charge(to - from + 1) {
                return None;
            }
            let ceiling = self.margins.ln_threshold + BOUND_MARGIN;
            for x in from..=to {
                let ln_c = self.ln_choose.get(j, x);
                let past = path.past + ln_c;
                if past + self.shortest(j + 1, remaining - x) > ceiling {
                    continue;
                }
                next.push(
                    node + x,
                    Path {
                        past,
                        ln_weight: path.ln_weight + ln_c,
                    },
                );
            }
            if next.paths > budget.search_paths {
                return None;
            }
        }
        Some(())
    }
}

/// ln(e^start + sum of e^t over the `terms`), one exponential a term.
fn extend(start: f64, terms: impl Iterator<Item = f64>) -> f64 {
    let mut sum = LnSum::new(start);
    sum.add(start);
    for term in terms {
        sum.add(term);
    }
    sum.ln()
}

/// The standard deviation of the hypergeometric number of successes among
/// `draws` draws from `successes` successes and `failures` failures.
fn standard_deviation(successes: u64, failures: u64, draws: u64) -> f64 {
    let total = successes as f64 + failures as f64;
    if total <= 1.0 {
        return 0.0;
    }
    let draws = draws as f64;
    (draws
        * (successes as f64 / total)
        * (failures as f64 / total)
        * ((total - draws) / (total - 1.0)))
        .max(0.0)
        .sqrt()
}

/// The largest x in `from..=to` with `f(x) <= ceiling`, for f rising over
/// that range; `None` if there is none.
fn last_at_most(from: u64, to: u64, ceiling: f64, f: &impl Fn(u64) -> f64) -> Option<u64> {
    if f(from) > ceiling {
        return None;
    }
    let (mut lo, mut hi) = (from, to);
    while lo < hi {
        let mid = hi - (hi - lo) / 2;
        if f(mid) <= ceiling {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Some(lo)
}

/// The smallest x in `from..=to` with `f(x) <= ceiling`, for f falling over
/// that range; `None` if there is none.
fn first_at_most(from: u64, to: u64, ceiling: f64, f: &impl Fn(u64) -> f64) -> Option<u64> {
    if f(to) > ceiling {
        return None;
    }
    let (mut lo, mut hi) = (from, to);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if f(mid) <= ceiling {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lo)
}

/// Widest distribution drawn from a table of its cumulative probabilities;
/// wider ones go to rand_distr's sampler, whose cost does not grow with the
/// width.
const TABULATED_DRAW_WIDTH: usize = 4096;

/// Most entries of tabulated distributions the Monte Carlo estimate keeps
/// (12 bytes each, 12 MB in all); later distributions go to rand_distr's
/// sampler.
const TABULATED_DRAW_ENTRIES: usize = 1 << 20;

/// Outcomes less likely than this, relative to the mode, are left out of a
/// tabulated distribution: far below the 2^-53 resolution of a uniform draw.
const NEGLIGIBLE: f64 = 1e-20;

/// How one group's employed count is drawn, given the people and employed
/// not yet placed.
///
/// Narrow distributions, nearly all of them, are drawn by inversion from a
/// table of cumulative probabilities built once per (group, employed left)
/// with Loader's probabilities: about 30 ns a draw, where rand_distr's
/// H2PE sampler (Kachitvichyanukul and Schmeiser 1985) takes about 130 ns,
/// too slow for the 10^7 draws of a 12-group estimate to take well under a
/// second. Wide distributions, whose tables would be large, use rand_distr.
#[derive(Debug, Clone)]
enum GroupDraw {
    /// P(X <= first + i) for each i, the last one exactly 1, and a guide
    /// (Chen and Asau 1974): `guide[i]` is the first entry above i / len,
    /// so a draw starts its search at most a step or two from its answer.
    Table {
        first: u64,
        cumulative: Vec<f64>,
        guide: Vec<u32>,
    },
    Sampler(HypergeometricSampler),
}

impl GroupDraw {
    /// The draw of a group of `size` from `people` people of whom `employed`
    /// are employed; a table only if it has at most `max_width` entries.
    fn new(people: u64, employed: u64, size: u64, max_width: usize) -> Option<GroupDraw> {
        let dist = Hypergeometric::new(employed, people.checked_sub(employed)?, size)?;
        if let Some(table) = tabulate(&dist, max_width) {
            return Some(table);
        }
        match HypergeometricSampler::new(people, employed, size) {
            Ok(sampler) => Some(GroupDraw::Sampler(sampler)),
            // rand_distr refuses only populations its own inversion cannot
            // represent; a table of any width still can.
            Err(_) => tabulate(&dist, usize::MAX),
        }
    }

    fn entries(&self) -> usize {
        match self {
            GroupDraw::Table { cumulative, .. } => cumulative.len(),
            GroupDraw::Sampler(_) => 0,
        }
    }

    fn sample<R: Rng>(&self, rng: &mut R) -> u64 {
        match self {
            GroupDraw::Table {
                first,
                cumulative,
                guide,
            } => {
                let u: f64 = rng.random();
                // The first outcome whose cumulative probability exceeds u.
                let start = guide
                    .get((u * guide.len() as f64) as usize)
                    .map_or(0, |&i| i as usize);
                let rest = cumulative.get(start..).unwrap_or_default();
                first + (start + rest.iter().take_while(|&&c| c <= u).count()) as u64
            }
            GroupDraw::Sampler(sampler) => sampler.sample(rng),
        }
    }
}

/// The cumulative probabilities of `dist` over the outcomes that matter,
/// found by walking out from the mode with the ratios of successive
/// probabilities; `None` if they span more than `max_width` outcomes.
fn tabulate(dist: &Hypergeometric, max_width: usize) -> Option<GroupDraw> {
    let (bottom, top) = dist.support();
    let mode = dist.mode();
    let mut below = Vec::new();
    let (mut x, mut p) = (mode, 1.0_f64);
    while x > bottom && p > NEGLIGIBLE {
        if below.len() >= max_width {
            return None;
        }
        p *= dist.ratio_down(x);
        x -= 1;
        below.push(p);
    }
    let first = mode - below.len() as u64;
    let mut weights: Vec<f64> = below.into_iter().rev().collect();
    weights.push(1.0);
    let (mut x, mut p) = (mode, 1.0_f64);
    while x < top && p > NEGLIGIBLE {
        if weights.len() >= max_width {
            return None;
        }
        p *= dist.ratio_up(x);
        x += 1;
        weights.push(p);
    }
    if weights.len() > max_width {
        return None;
    }
    let mut running = 0.0;
    let mut cumulative: Vec<f64> = weights
        .iter()
        .map(|&w| {
            running += w;
            running
        })
        .collect();
    for c in &mut cumulative {
        *c /= running;
    }
    if let Some(last) = cumulative.last_mut() {
        *last = 1.0;
    }
    let len = cumulative.len();
    let mut guide = Vec::with_capacity(len);
    let mut entry = 0;
    for i in 0..len {
        let level = i as f64 / len as f64;
        while cumulative.get(entry).is_some_and(|&c| c <= level) {
            entry += 1;
        }
        guide.push(u32::try_from(entry).unwrap_or(u32::MAX));
    }
    Some(GroupDraw::Table {
        first,
        cumulative,
        guide,
    })
}

/// A hasher for counts of people: one multiplication by 2^64 / golden
/// ratio (Knuth's multiplicative hashing). The Monte Carlo estimate looks
/// up a cached distribution ten million times, where SipHash, built to
/// resist chosen keys, would double the cost of a draw.
#[derive(Default)]
struct CountHasher(u64);

impl Hasher for CountHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0 ^ n).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

type ByCount<V> = HashMap<u64, V, BuildHasherDefault<CountHasher>>;

/// The Monte Carlo p-value and its standard error from `tables` random
/// tables with the observed margins.
///
/// Each table is drawn group by group: given N' people and E' employed not
/// yet placed, a group of n has Hypergeometric(N', E', n) employed, which
/// makes the whole table multivariate hypergeometric. The largest groups
/// are drawn first and the smallest gets what is left. The distributions
/// are kept per (group, E'), since only a few hundred E' values occur.
/// The estimate is (b + 1) / (M + 1) for b of M tables no more likely than
/// observed (Phipson and Smyth 2010: a permutation p-value is never 0), with
/// standard error sqrt(p (1 - p) / M).
fn monte_carlo(margins: &Margins, ln_choose: &LnChooseTables, tables: u64) -> (f64, f64) {
    let tables = tables.max(1);
    let groups = margins.sizes.len();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED);
    let mut draws: Vec<ByCount<Option<GroupDraw>>> = vec![ByCount::default(); groups];
    let mut entries: usize = 0;
    let mut no_more_likely: u64 = 0;
    for _ in 0..tables {
        let mut people = margins.total;
        let mut employed = margins.employed;
        let mut ln_weight = 0.0;
        for (group, cache) in draws.iter_mut().enumerate().skip(1).rev() {
            let size = margins.sizes.get(group).copied().unwrap_or(0);
            let draw = cache.entry(employed).or_insert_with(|| {
                let width =
                    TABULATED_DRAW_WIDTH.min(TABULATED_DRAW_ENTRIES.saturating_sub(entries));
                let draw = GroupDraw::new(people, employed, size, width);
                entries += draw.as_ref().map_or(0, GroupDraw::entries);
                draw
            });
            // The draw exists for every reachable (people, employed, size);
            // bounding keeps the counts consistent whatever happens.
            let x = draw
                .as_ref()
                .map_or(0, |draw| draw.sample(&mut rng))
                .max(employed.saturating_sub(people - size))
                .min(size.min(employed));
            ln_weight += ln_choose.get(group, x);
            employed -= x;
            people -= size;
        }
        ln_weight += ln_choose.get(0, employed);
        if ln_weight <= margins.ln_threshold {
            no_more_likely += 1;
        }
    }
    let m = tables as f64;
    let p = (no_more_likely as f64 + 1.0) / (m + 1.0);
    (p, (p * (1.0 - p) / m).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::exact::fisher_exact;
    use crate::stats::testing::assert_close;

    // Reference p-values: exhaustive enumeration of every table with the
    // observed margins in exact integer arithmetic, by this Python script
    // (each reference below gives the argument it was run with). Partial
    // tables of each half of the groups with the same employed-so-far and
    // the same weight prod C(n_g, x_g) are kept once with their count; a
    // table counts when W * 10^7 <= W_observed * (10^7 + 1), compared as
    // integers, and p is printed from the exact fraction.
    //
    //     import sys; from bisect import bisect_right; from fractions import Fraction; from math import comb
    //     def half(sizes):  # {employed so far: (sorted weights, running sums of weight * count)}
    //         states = {(0, 1): 1}
    //         for n in sizes:
    //             grown = {}
    //             for (s, w), c in states.items():
    //                 for x in range(n + 1):
    //                     key = (s + x, w * comb(n, x)); grown[key] = grown.get(key, 0) + c
    //             states = grown
    //         out = {}
    //         for (s, w), c in sorted(states.items()):
    //             ws, sums = out.setdefault(s, ([], [0])); ws.append(w); sums.append(sums[-1] + w * c)
    //         return out
    //     rows = [tuple(map(int, cell.split(","))) for cell in sys.argv[1].split()]
    //     n = [e + f for e, f in rows if e + f]; E = sum(e for e, f in rows); N = sum(n)
    //     w_obs = 1
    //     for e, f in rows: w_obs *= comb(e + f, e)
    //     a, b = half(n[: len(n) // 2]), half(n[len(n) // 2 :])
    //     total = 0
    //     for s, (ws, sums) in a.items():
    //         if E - s in b:
    //             wb, sb = b[E - s]
    //             for i, w in enumerate(ws):  # tables with w * w_b * 10^7 <= w_obs * (10^7 + 1)
    //                 total += (sums[i + 1] - sums[i]) * sb[bisect_right(wb, w_obs * (10**7 + 1) // (w * 10**7))]
    //     print(f"{float(Fraction(total, comb(N, E))):.17e}")

    fn exact(rows: &[[u64; 2]]) -> f64 {
        let test = freeman_halton(rows);
        assert_eq!(test.method, ExactMethod::Exact, "{rows:?}");
        assert_eq!(test.standard_error, None);
        test.p_value
    }

    /// No search at all, so every table goes to the Monte Carlo estimate.
    fn monte_carlo_only(tables: u64) -> Budget {
        Budget {
            always_exact_up_to: 0,
            search_steps: 0,
            search_paths: 0,
            monte_carlo_tables: tables,
        }
    }

    #[test]
    fn two_by_two_is_fishers_test() {
        // "6,2 1,4": 1.02564102564102561e-01 (SciPy's fisher_exact example).
        assert_close(exact(&[[6, 2], [1, 4]]), 1.025_641_025_641_025_6e-1, 1e-9);
        // "150,0 0,150": 2.13311256419599155e-89, far in the tail.
        assert_close(
            exact(&[[150, 0], [0, 150]]),
            2.133_112_564_195_991_5e-89,
            1e-9,
        );
        for [a, b, c, d] in [
            [3, 7, 9, 2],
            [0, 12, 5, 5],
            [40, 60, 55, 45],
            [1234, 5678, 2345, 3456],
            [20_000, 30_000, 25_000, 25_000],
        ] {
            let fisher = fisher_exact(a, b, c, d).unwrap();
            assert_close(exact(&[[a, b], [c, d]]), fisher, 1e-9);
        }
    }

    #[test]
    fn small_tables_match_enumeration() {
        // "9,1 4,6 2,8": 8.87528372036891847e-03.
        assert_close(
            exact(&[[9, 1], [4, 6], [2, 8]]),
            8.875_283_720_368_918e-3,
            1e-9,
        );
        // "0,5 3,3 7,0": 9.36971525206819317e-04 (zero cells).
        assert_close(
            exact(&[[0, 5], [3, 3], [7, 0]]),
            9.369_715_252_068_193e-4,
            1e-9,
        );
        // "3,4 5,1 0,6 2,2 4,4": 6.05648618814531581e-02.
        let rows = [[3, 4], [5, 1], [0, 6], [2, 2], [4, 4]];
        assert_close(exact(&rows), 6.056_486_188_145_316e-2, 1e-9);
    }

    #[test]
    fn tied_tables_all_count() {
        // Equal groups: many tables are exactly as likely as the observed
        // one, and the tolerance must keep every one of them.
        // "2,3 3,2 1,4 4,1": 4.58745588776548530e-01.
        let rows = [[2, 3], [3, 2], [1, 4], [4, 1]];
        assert_close(exact(&rows), 4.587_455_887_765_485_3e-1, 1e-9);
        // "1,1 1,1 2,0 0,2": 7.71428571428571463e-01.
        let rows = [[1, 1], [1, 1], [2, 0], [0, 2]];
        assert_close(exact(&rows), 7.714_285_714_285_715e-1, 1e-9);
    }

    #[test]
    fn twelve_groups_match_enumeration() {
        // 152 people in groups of 11, 13 and 14.
        // "1,10 3,8 5,6 8,3 2,11 4,9 7,6 10,3 3,11 6,8 9,5 12,2":
        // 8.08928970572778767e-05.
        let rows = [
            [1, 10],
            [3, 8],
            [5, 6],
            [8, 3],
            [2, 11],
            [4, 9],
            [7, 6],
            [10, 3],
            [3, 11],
            [6, 8],
            [9, 5],
            [12, 2],
        ];
        assert_close(exact(&rows), 8.089_289_705_727_788e-5, 1e-9);
        // "3,8 4,7 5,6 4,7 4,9 5,8 6,7 3,10 5,9 4,10 7,7 6,8":
        // 9.67960838477402441e-01.
        let rows = [
            [3, 8],
            [4, 7],
            [5, 6],
            [4, 7],
            [4, 9],
            [5, 8],
            [6, 7],
            [3, 10],
            [5, 9],
            [4, 10],
            [7, 7],
            [6, 8],
        ];
        assert_close(exact(&rows), 9.679_608_384_774_024e-1, 1e-9);
        // 140 people in twelve groups of different sizes.
        // "0,6 2,5 1,7 6,3 3,7 2,9 9,3 4,9 5,9 1,14 12,4 6,13":
        // 1.58541973284354097e-04.
        let rows = [
            [0, 6],
            [2, 5],
            [1, 7],
            [6, 3],
            [3, 7],
            [2, 9],
            [9, 3],
            [4, 9],
            [5, 9],
            [1, 14],
            [12, 4],
            [6, 13],
        ];
        assert_close(exact(&rows), 1.585_419_732_843_541e-4, 1e-9);
    }

    #[test]
    fn tiny_p_values_keep_their_accuracy() {
        // "100,0 0,100 50,50": 6.45637784006309128e-60.
        let rows = [[100, 0], [0, 100], [50, 50]];
        assert_close(exact(&rows), 6.456_377_840_063_091e-60, 1e-9);
        // Below the smallest double the p-value is 0, never NaN.
        let p = exact(&[[700, 0], [0, 700], [350, 350]]);
        assert!((0.0..1e-300).contains(&p));
    }

    #[test]
    fn row_order_and_column_order_do_not_matter() {
        let rows = [[0, 6], [2, 5], [1, 7], [6, 3], [3, 7], [2, 9], [9, 3]];
        let p = exact(&rows);
        let mut reversed = rows;
        reversed.reverse();
        assert_eq!(exact(&reversed), p);
        let swapped: Vec<[u64; 2]> = rows.iter().map(|&[e, f]| [f, e]).collect();
        assert_eq!(exact(&swapped), p);
        let budget = monte_carlo_only(20_000);
        assert_eq!(
            freeman_halton_with_budget(&rows, &budget),
            freeman_halton_with_budget(&reversed, &budget)
        );
    }

    #[test]
    fn empty_rows_are_skipped() {
        // "3,1 1,3": 4.85714285714285710e-01, with or without empty rows.
        assert_close(
            exact(&[[0, 0], [3, 1], [1, 3], [0, 0]]),
            4.857_142_857_142_857e-1,
            1e-9,
        );
    }

    #[test]
    fn only_one_possible_table_gives_one() {
        let one = ExactTest {
            p_value: 1.0,
            method: ExactMethod::Exact,
            standard_error: None,
            search_steps: 0,
        };
        for rows in [
            vec![],
            vec![[4, 6]],
            vec![[4, 6], [0, 0]],
            vec![[0, 5], [0, 7], [0, 1]],
            vec![[5, 0], [7, 0]],
            vec![[0, 0], [0, 0]],
            vec![[u64::MAX, 1], [1, 1]],
        ] {
            assert_eq!(freeman_halton(&rows), one, "{rows:?}");
        }
    }

    #[test]
    fn monte_carlo_estimate_is_within_four_standard_errors() {
        // "3,8 4,7 6,5 2,9 4,9 5,8 8,5 3,10 5,9 4,10 8,6 6,8":
        // 4.71674282615641649e-01.
        let rows = [
            [3, 8],
            [4, 7],
            [6, 5],
            [2, 9],
            [4, 9],
            [5, 8],
            [8, 5],
            [3, 10],
            [5, 9],
            [4, 10],
            [8, 6],
            [6, 8],
        ];
        let exact_p = 4.716_742_826_156_416_5e-1;
        assert_close(exact(&rows), exact_p, 1e-9);
        let tables = 200_000;
        let test = freeman_halton_with_budget(&rows, &monte_carlo_only(tables));
        assert_eq!(test.method, ExactMethod::MonteCarlo);
        let se = test.standard_error.unwrap();
        let expected_se = (exact_p * (1.0 - exact_p) / tables as f64).sqrt();
        assert_close(se, expected_se, 0.01);
        assert!((test.p_value - exact_p).abs() <= 4.0 * se, "{test:?}");
        // "3,8 2,9 7,4 1,10 4,9 5,8 8,5 3,10 5,9 4,10 9,5 6,8":
        // 7.15507062416005923e-02, by a search that runs out of steps.
        let rows = [
            [3, 8],
            [2, 9],
            [7, 4],
            [1, 10],
            [4, 9],
            [5, 8],
            [8, 5],
            [3, 10],
            [5, 9],
            [4, 10],
            [9, 5],
            [6, 8],
        ];
        let exact_p = 7.155_070_624_160_059e-2;
        assert_close(exact(&rows), exact_p, 1e-9);
        let budget = Budget {
            always_exact_up_to: 0,
            search_steps: 1000,
            monte_carlo_tables: tables,
            ..Budget::default()
        };
        let test = freeman_halton_with_budget(&rows, &budget);
        assert_eq!(test.method, ExactMethod::MonteCarlo);
        assert!(test.search_steps > 0);
        assert!(
            (test.p_value - exact_p).abs() <= 4.0 * test.standard_error.unwrap(),
            "{test:?}"
        );
    }

    #[test]
    fn monte_carlo_is_deterministic_and_never_zero() {
        let rows = [[30, 0], [0, 30], [10, 10]];
        let budget = monte_carlo_only(10_000);
        let first = freeman_halton_with_budget(&rows, &budget);
        assert_eq!(first, freeman_halton_with_budget(&rows, &budget));
        // No random table is as unlikely as this one: p = 1 / (M + 1).
        assert_eq!(first.p_value, 1.0 / 10_001.0);
        assert_close(
            first.standard_error.unwrap(),
            (first.p_value * (1.0 - first.p_value) / 1e4).sqrt(),
            1e-12,
        );
    }

    #[test]
    fn up_to_two_hundred_people_is_always_exact() {
        let rows = [[9, 1], [4, 6], [2, 8]];
        let budget = Budget {
            search_steps: 0,
            search_paths: 0,
            ..Budget::default()
        };
        let test = freeman_halton_with_budget(&rows, &budget);
        assert_eq!(test.method, ExactMethod::Exact);
        assert_close(test.p_value, 8.875_283_720_368_918e-3, 1e-9);
        assert!(Budget::default().monte_carlo_tables >= 1_000_000);
    }

    #[test]
    fn large_tables_beyond_the_budget_are_estimated() {
        // Twelve groups of 10,000 people: far beyond the exact search.
        let rows: Vec<[u64; 2]> = (0..12_u64)
            .map(|g| {
                let n = 400 + 100 * g;
                let e = n * (30 + g) / 100;
                [e, n - e]
            })
            .collect();
        assert_eq!(rows.iter().map(|r| r[0] + r[1]).sum::<u64>(), 11_400);
        let budget = Budget {
            monte_carlo_tables: 20_000,
            ..Budget::default()
        };
        let test = freeman_halton_with_budget(&rows, &budget);
        assert_eq!(test.method, ExactMethod::MonteCarlo);
        assert!(test.p_value > 0.0 && test.p_value <= 1.0);
    }

    #[test]
    fn serialises_methods_in_snake_case() {
        assert_eq!(
            serde_json::to_string(&ExactMethod::Exact).unwrap(),
            "\"exact\""
        );
        assert_eq!(
            serde_json::to_string(&ExactMethod::MonteCarlo).unwrap(),
            "\"monte_carlo\""
        );
    }

    #[test]
    fn tabulated_draws_follow_the_hypergeometric_distribution() {
        // 10 draws from 12 successes and 18 failures: the table's
        // probabilities are the distribution's.
        let dist = Hypergeometric::new(12, 18, 10).unwrap();
        let Some(GroupDraw::Table {
            first, cumulative, ..
        }) = tabulate(&dist, usize::MAX)
        else {
            panic!("a narrow distribution is tabulated");
        };
        let mut previous = 0.0;
        for (i, &c) in cumulative.iter().enumerate() {
            let x = first + i as u64;
            let p = crate::stats::distributions::ln_hypergeometric_pmf(x, 12, 18, 10).exp();
            assert!((c - previous - p).abs() < 1e-15, "x = {x}");
            previous = c;
        }
        assert_eq!(previous, 1.0);
        assert!(tabulate(&dist, 3).is_none());
    }

    /// The steps the page's default example and the worked examples take
    /// (what `freeman_halton_within`'s allowance in the page is set from),
    /// and that the search finishes within exactly that many steps and not
    /// one fewer, with the same result as `freeman_halton`.
    #[test]
    fn worked_examples_finish_within_their_steps_and_match() {
        use crate::analysis::{analyse_text_with, outcome_rows, ExactTests, Options};
        let texts = crate::examples::examples()
            .iter()
            .map(|example| example.text)
            .chain([include_str!("../app/example.csv")]);
        let mut most = 0;
        let mut tables = 0;
        for text in texts {
            let analysis = analyse_text_with(text, &Options::default(), ExactTests::Defer);
            for rows in analysis.report.breakdowns.iter().filter_map(outcome_rows) {
                let full = freeman_halton(&rows);
                assert_eq!(full.method, ExactMethod::Exact, "{rows:?}");
                assert_eq!(freeman_halton_within(&rows, full.search_steps), Some(full));
                if full.search_steps > 0 {
                    assert_eq!(freeman_halton_within(&rows, full.search_steps - 1), None);
                }
                most = most.max(full.search_steps);
                tables += 1;
            }
        }
        assert!(tables >= 5, "{tables} tables");
        // The default example is the largest: about 463,000 steps.
        assert!((400_000..600_000).contains(&most), "{most} steps");
    }

    #[test]
    fn within_gives_up_without_an_estimate() {
        // 4,000 people in four groups: exact, but only after many steps.
        let rows = [[300, 700], [350, 650], [400, 600], [450, 550]];
        let full = freeman_halton(&rows);
        assert_eq!(full.method, ExactMethod::Exact);
        assert!(full.search_steps > 1_000);
        assert_eq!(freeman_halton_within(&rows, 1_000), None);
        assert_eq!(freeman_halton_within(&rows, u64::MAX), Some(full));
        // One table only: p = 1 with no search.
        assert_eq!(
            freeman_halton_within(&[[5, 0], [7, 0]], 0).map(|test| test.p_value),
            Some(1.0)
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

        /// Whatever the allowance, the answer is `freeman_halton`'s or none.
        #[test]
        fn within_is_freeman_halton_or_nothing(
            rows in proptest::collection::vec([0u64..30, 0u64..30], 2..8),
            allowance in 0u64..20_000,
        ) {
            let full = freeman_halton(&rows);
            let quick = freeman_halton_within(&rows, allowance);
            if full.method == ExactMethod::Exact && full.search_steps <= allowance {
                proptest::prop_assert_eq!(quick, Some(full));
            } else {
                proptest::prop_assert_eq!(quick, None);
            }
        }
    }
}
