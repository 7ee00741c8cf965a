//! Which counts of one breakdown are withheld: primary suppression of small
//! counts and of small differences within a row, then secondary suppression
//! until no withheld count can be pinned to one value from what is shown.
//!
//! The breakdown is a table with one row per group (compared groups first,
//! then the "Not known" rows) and up to three columns, population, IPS and
//! employed. What a reader can do with it:
//!
//! - *columns*: the compared groups add up to a total the page shows (N for
//!   IPS; the population total through the population shares; the employed
//!   total is treated as shown too, since exports may print it), and the
//!   "Not known" rows add up to everyone minus that total, which their
//!   shares of everyone give away as soon as one of them is shown;
//! - *rows*: employed <= IPS <= population, so a shown neighbour bounds a
//!   withheld count, and the differences IPS - employed (in IPS without a
//!   job) and population - IPS (not in IPS) are counts of people too.
//!
//! Two checks, cheap first. The check of a line (a column's compared
//! groups, or its "Not known" rows) is exact for one sum with bounds: with
//! the line's total shown, the withheld counts add up to a known S, and each
//! lies in the range its rule and its row allow (a small count in 1..=t,
//! any other withheld count above t, since zeros and small counts are never
//! withheld for another's sake). Count j can then take every whole value
//! from max(lo_j, S - sum of the others' highs) to min(hi_j, S - sum of the
//! others' lows); the line is safe when every withheld count has at least
//! two. Lines can pin a count together that neither pins alone (two small
//! job counts adding up to the two groups' IPS counts leave a third group's
//! IPS count no room), so the whole-table check ([`Puzzle`]) then asks, for
//! every withheld count and every small difference within a row, whether a
//! table with another value fits all lines and rows at once; this is the
//! audit of Cox (1980), "Suppression methodology and statistical disclosure
//! control", JASA 75:377-385, solved by bound propagation and branching
//! rather than linear programming because the tables are small. Each
//! failed check withholds one more count, the reference group's last, so
//! the loop ends.

use super::Rules;

/// The three count columns of a row.
pub(super) const POPULATION: usize = 0;
pub(super) const IPS: usize = 1;
pub(super) const EMPLOYED: usize = 2;

/// One row's counts, as the report holds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Row {
    /// `None` in a table of population percentages, or without a column.
    pub cells: [Option<u64>; 3],
    /// A "Not known" row, left out of the comparisons.
    pub excluded: bool,
    pub is_reference: bool,
}

/// How a count is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mark {
    Shown,
    /// Small itself (1 to the threshold).
    Primary,
    /// Withheld to protect another count; always above the threshold.
    Secondary,
}

/// The marks of a breakdown's counts, and of the compared groups' totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Marks {
    /// `None` where the row has no such count.
    pub cells: Vec<[Option<Mark>; 3]>,
    /// The compared groups' total of each column; `None` without the column.
    pub totals: [Option<Mark>; 3],
}

impl Marks {
    pub fn shown(&self, row: usize, column: usize) -> bool {
        self.cells
            .get(row)
            .and_then(|cells| cells[column])
            .is_some_and(|mark| mark == Mark::Shown)
    }

    pub fn total_shown(&self, column: usize) -> bool {
        self.totals[column].is_none_or(|mark| mark == Mark::Shown)
    }
}

/// The marks that protect every small count of the rows under the rules.
pub(super) fn suppress(rows: &[Row], rules: &Rules) -> Marks {
    let threshold = rules.effective_threshold();
    let small = |value: u64| (1..=threshold).contains(&value);
    let primary = |value: u64| {
        if small(value) {
            Mark::Primary
        } else {
            Mark::Shown
        }
    };
    let mut marks = Marks {
        cells: rows
            .iter()
            .map(|row| row.cells.map(|cell| cell.map(primary)))
            .collect(),
        totals: [POPULATION, IPS, EMPLOYED].map(|column| group_total(rows, column).map(primary)),
    };
    let table = Table { rows, threshold };
    // Every pass withholds at least one more count, and stops when a pass
    // withholds none, so the loop ends within the number of counts.
    while table.protect_once(&mut marks) {}
    marks
}

/// The compared groups' total of a column, when the groups have it.
fn group_total(rows: &[Row], column: usize) -> Option<u64> {
    let mut cells = rows
        .iter()
        .filter(|row| !row.excluded)
        .map(|row| row.cells[column])
        .peekable();
    cells.peek()?;
    cells.try_fold(0u64, |sum, cell| Some(sum.saturating_add(cell?)))
}

struct Table<'a> {
    rows: &'a [Row],
    threshold: u64,
}

impl Table<'_> {
    fn small(&self, value: u64) -> bool {
        (1..=self.threshold).contains(&value)
    }

    fn value(&self, row: usize, column: usize) -> Option<u64> {
        self.rows.get(row).and_then(|row| row.cells[column])
    }

    /// Withholds one more count if the marks leave one recoverable; says
    /// whether it did.
    fn protect_once(&self, marks: &mut Marks) -> bool {
        self.protect_differences(marks)
            || self.protect_everyone(marks)
            || self.protect_pinned(marks)
            || [POPULATION, IPS, EMPLOYED].into_iter().any(|column| {
                [false, true]
                    .into_iter()
                    .any(|excluded| self.protect_line(marks, column, excluded))
            })
            || self.protect_audited(marks)
    }

    /// What a reader can work out from the marks, as a [`Puzzle`], with the
    /// term of each count (`None` where the row has no such count).
    fn puzzle(&self, marks: &Marks) -> (Puzzle, Vec<[Option<Term>; 3]>) {
        let threshold = i128::from(self.threshold);
        // No withheld count exceeds twice everything in the table; a cap
        // only makes the reader stronger, so the check stays on the safe
        // side. In i128, sums of u64 counts cannot overflow.
        let cap: i128 = 2 * self
            .rows
            .iter()
            .flat_map(|row| row.cells.iter().flatten())
            .map(|&value| i128::from(value))
            .sum::<i128>()
            + threshold
            + 10;
        let mut puzzle = Puzzle::default();
        let mut terms = Vec::with_capacity(self.rows.len());
        for (row, cells) in self.rows.iter().zip(&marks.cells) {
            let mut row_terms = [None; 3];
            for column in [POPULATION, IPS, EMPLOYED] {
                let (Some(value), Some(mark)) = (row.cells[column], cells[column]) else {
                    continue;
                };
                row_terms[column] = Some(match mark {
                    Mark::Shown => Term::Known(i128::from(value)),
                    Mark::Primary => {
                        puzzle.domains.push((1, threshold));
                        Term::Unknown(puzzle.domains.len() - 1)
                    }
                    Mark::Secondary => {
                        puzzle.domains.push((threshold + 1, cap));
                        Term::Unknown(puzzle.domains.len() - 1)
                    }
                });
            }
            for (small, large) in [(EMPLOYED, IPS), (IPS, POPULATION), (EMPLOYED, POPULATION)] {
                if let (Some(a), Some(b)) = (row_terms[small], row_terms[large]) {
                    puzzle.orders.push((a, b));
                }
            }
            terms.push(row_terms);
        }
        for column in [POPULATION, IPS, EMPLOYED] {
            let line = |members: &dyn Fn(&Row) -> bool| -> (Vec<usize>, i128) {
                let mut unknown = Vec::new();
                let mut sum = 0i128;
                for (row, row_terms) in self.rows.iter().zip(&terms) {
                    if let (true, Some(Term::Unknown(i))) = (members(row), row_terms[column]) {
                        unknown.push(i);
                        sum = sum.saturating_add(row.cells[column].map_or(0, i128::from));
                    }
                }
                (unknown, sum)
            };
            let groups_known = marks.totals[column] == Some(Mark::Shown);
            let everyone_known = self.rows.iter().zip(&terms).any(|(row, row_terms)| {
                row.excluded && matches!(row_terms[column], Some(Term::Known(value)) if value > 0)
            });
            if groups_known {
                puzzle.sums.push(line(&|row| !row.excluded));
            }
            if everyone_known {
                puzzle.sums.push(line(&|_| true));
                if groups_known {
                    puzzle.sums.push(line(&|row| row.excluded));
                }
            }
        }
        (puzzle, terms)
    }

    /// The first withheld count, or small difference within a row, that the
    /// puzzle pins to one value: (row, column) of a withheld count it
    /// involves.
    fn pinned(&self, marks: &Marks) -> Option<(usize, usize)> {
        let (puzzle, terms) = self.puzzle(marks);
        for (row, row_terms) in terms.iter().enumerate() {
            for column in [POPULATION, IPS, EMPLOYED] {
                if let Some(Term::Unknown(i)) = row_terms[column] {
                    let truth = self.value(row, column).unwrap_or(0);
                    if !puzzle.can_differ(i, i128::from(truth)) {
                        return Some((row, column));
                    }
                }
            }
            for (larger, smaller) in [(IPS, EMPLOYED), (POPULATION, IPS)] {
                let (Some(a), Some(b), Some(big), Some(little)) = (
                    row_terms[larger],
                    row_terms[smaller],
                    self.value(row, larger),
                    self.value(row, smaller),
                ) else {
                    continue;
                };
                let difference = big.saturating_sub(little);
                if matches!((a, b), (Term::Known(_), Term::Known(_))) || !self.small(difference) {
                    continue;
                }
                let difference = i128::from(difference);
                if !puzzle.difference_can_differ(a, b, difference) {
                    let column = if matches!(a, Term::Unknown(_)) {
                        larger
                    } else {
                        smaller
                    };
                    return Some((row, column));
                }
            }
        }
        None
    }

    /// The whole-table check after the line-by-line ones: if several lines
    /// together pin a withheld count, withholds one more count (one of its
    /// line, else of its row, else a total) and says so.
    fn protect_audited(&self, marks: &mut Marks) -> bool {
        let Some((row, column)) = self.pinned(marks) else {
            return false;
        };
        let excluded = self.rows.get(row).is_some_and(|row| row.excluded);
        let shown_above_zero = |marks: &Marks, row: usize, column: usize| {
            marks.shown(row, column) && self.value(row, column).is_some_and(|value| value > 0)
        };
        let mut line: Vec<usize> = self
            .members(column, excluded)
            .into_iter()
            .filter(|&other| shown_above_zero(marks, other, column))
            .collect();
        sort_rows(&mut line, &|other| {
            (
                self.rows.get(other).is_some_and(|row| row.is_reference),
                false,
                self.value(other, column),
            )
        });
        let mut candidates: Vec<(usize, usize)> =
            line.into_iter().map(|other| (other, column)).collect();
        candidates.extend(
            [POPULATION, IPS, EMPLOYED]
                .into_iter()
                .filter(|&other| other != column && shown_above_zero(marks, row, other))
                .map(|other| (row, other)),
        );
        let still_pinned = |trial: &Marks| self.pinned(trial) == Some((row, column));
        let choice = candidates
            .iter()
            .copied()
            .find(|&(other_row, other_column)| {
                let mut trial = marks.clone();
                trial.cells[other_row][other_column] = Some(Mark::Secondary);
                !still_pinned(&trial)
            });
        if let Some((other_row, other_column)) = choice.or(candidates.first().copied()) {
            marks.cells[other_row][other_column] = Some(Mark::Secondary);
            return true;
        }
        // Nothing left beside it: withhold a total the groups' lines show.
        if let Some(total) = [column, POPULATION, IPS, EMPLOYED]
            .into_iter()
            .find(|&total| marks.totals[total] == Some(Mark::Shown))
        {
            marks.totals[total] = Some(Mark::Secondary);
            return true;
        }
        false
    }

    /// A small difference within a row (IPS - employed, population - IPS)
    /// is a count of people as well: of its two counts, the one further from
    /// the access figures (employed, population) is withheld.
    fn protect_differences(&self, marks: &mut Marks) -> bool {
        for row in 0..self.rows.len() {
            for (larger, smaller, withhold) in
                [(IPS, EMPLOYED, EMPLOYED), (POPULATION, IPS, POPULATION)]
            {
                let (Some(big), Some(little)) = (self.value(row, larger), self.value(row, smaller))
                else {
                    continue;
                };
                if marks.shown(row, larger)
                    && marks.shown(row, smaller)
                    && self.small(big.saturating_sub(little))
                {
                    marks.cells[row][withhold] = Some(Mark::Secondary);
                    return true;
                }
            }
        }
        false
    }

    /// When the compared groups' total of a column is withheld, a shown
    /// "Not known" count would give everyone's total through its share of
    /// everyone, and everyone minus the "Not known" rows is that total; so
    /// those counts go too (zeros stay: a share of 0% gives nothing away).
    fn protect_everyone(&self, marks: &mut Marks) -> bool {
        for column in [POPULATION, IPS, EMPLOYED] {
            if marks.total_shown(column) {
                continue;
            }
            for row in 0..self.rows.len() {
                let excluded = self.rows.get(row).is_some_and(|row| row.excluded);
                if excluded
                    && marks.shown(row, column)
                    && self.value(row, column).is_some_and(|value| value > 0)
                {
                    marks.cells[row][column] = Some(Mark::Secondary);
                    return true;
                }
            }
        }
        false
    }

    /// A withheld count that its shown neighbours alone pin down (employed
    /// withheld as above the threshold t, with t + 1 in IPS shown) takes the
    /// neighbour that pins it along.
    fn protect_pinned(&self, marks: &mut Marks) -> bool {
        for row in 0..self.rows.len() {
            for column in [POPULATION, IPS, EMPLOYED] {
                if self.value(row, column).is_none() || marks.shown(row, column) {
                    continue;
                }
                let (low, high) = self.bounds(marks, row, column);
                if high.is_some_and(|high| high > low) || high.is_none() {
                    continue;
                }
                let neighbours: &[usize] = match column {
                    POPULATION => &[IPS, EMPLOYED],
                    IPS => &[POPULATION, EMPLOYED],
                    _ => &[IPS, POPULATION],
                };
                if let Some(&neighbour) = neighbours
                    .iter()
                    .find(|&&neighbour| marks.shown(row, neighbour))
                {
                    marks.cells[row][neighbour] = Some(Mark::Secondary);
                    return true;
                }
            }
        }
        false
    }

    /// The rows of a line that have the column.
    fn members(&self, column: usize, excluded: bool) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&row| {
                self.rows
                    .get(row)
                    .is_some_and(|r| r.excluded == excluded && r.cells[column].is_some())
            })
            .collect()
    }

    /// If the line leaves a withheld count recoverable, withholds one more
    /// count of it (or, with none left to withhold, its total).
    fn protect_line(&self, marks: &mut Marks, column: usize, excluded: bool) -> bool {
        if self.line_safe(marks, column, excluded) {
            return false;
        }
        let members = self.members(column, excluded);
        let mut candidates: Vec<usize> = members
            .into_iter()
            .filter(|&row| {
                marks.shown(row, column) && self.value(row, column).is_some_and(|value| value > 0)
            })
            .collect();
        // The reference group last (withholding it withholds every
        // comparison), then rows already partly withheld first (fewer groups
        // lose figures), then the smallest count (the least information).
        sort_rows(&mut candidates, &|row| {
            let clean = marks
                .cells
                .get(row)
                .is_some_and(|cells| cells.iter().flatten().all(|&mark| mark == Mark::Shown));
            (
                self.rows.get(row).is_some_and(|row| row.is_reference),
                clean,
                self.value(row, column),
            )
        });
        let Some(&first) = candidates.first() else {
            // Only the compared groups' line can be left without a
            // candidate while unsafe: a "Not known" line with no shown count
            // above zero has no known total.
            marks.totals[column] = Some(Mark::Secondary);
            return true;
        };
        let enough = candidates.iter().copied().find(|&row| {
            let mut trial = marks.clone();
            trial.cells[row][column] = Some(Mark::Secondary);
            self.line_safe(&trial, column, excluded)
        });
        marks.cells[enough.unwrap_or(first)][column] = Some(Mark::Secondary);
        true
    }

    /// Whether no withheld count of the line can be pinned to one value.
    fn line_safe(&self, marks: &Marks, column: usize, excluded: bool) -> bool {
        let members = self.members(column, excluded);
        let withheld: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&row| !marks.shown(row, column))
            .collect();
        if withheld.is_empty() {
            return true;
        }
        let bounds: Vec<(i128, Option<i128>)> = withheld
            .iter()
            .map(|&row| self.bounds(marks, row, column))
            .collect();
        // A count its row pins is for the row's step to free.
        if bounds
            .iter()
            .any(|&(low, high)| high.is_some_and(|high| high <= low))
        {
            return true;
        }
        let total_known = if excluded {
            members.iter().any(|&row| {
                marks.shown(row, column) && self.value(row, column).is_some_and(|value| value > 0)
            })
        } else {
            marks.total_shown(column)
        };
        if !total_known {
            return true;
        }
        let sum: i128 = withheld
            .iter()
            .map(|&row| i128::from(self.value(row, column).unwrap_or(0)))
            .sum();
        (0..bounds.len()).all(|j| {
            let others = bounds
                .iter()
                .enumerate()
                .filter(|&(k, _)| k != j)
                .map(|(_, bound)| *bound);
            let others_low: i128 = others.clone().map(|(low, _)| low).sum();
            let others_high: Option<i128> = others.map(|(_, high)| high).sum();
            let (low, high) = bounds[j];
            let low = others_high.map_or(low, |others| low.max(sum - others));
            let high = high.map_or(sum - others_low, |high| high.min(sum - others_low));
            high > low
        })
    }

    /// What a reader knows of a withheld count without its line: its rule
    /// (a small count is 1..=t, any other withheld count is above t) and
    /// its shown neighbours (employed <= IPS <= population).
    fn bounds(&self, marks: &Marks, row: usize, column: usize) -> (i128, Option<i128>) {
        let threshold = i128::from(self.threshold);
        let (mut low, mut high) = match marks.cells.get(row).and_then(|cells| cells[column]) {
            Some(Mark::Primary) => (1, Some(threshold)),
            _ => (threshold + 1, None),
        };
        let shown = |column: usize| {
            marks
                .shown(row, column)
                .then(|| self.value(row, column).map(i128::from))
                .flatten()
        };
        let below = match column {
            POPULATION => shown(IPS).or_else(|| shown(EMPLOYED)),
            IPS => shown(EMPLOYED),
            _ => None,
        };
        let above = match column {
            EMPLOYED => shown(IPS).or_else(|| shown(POPULATION)),
            IPS => shown(POPULATION),
            _ => None,
        };
        if let Some(below) = below {
            low = low.max(below);
        }
        if let Some(above) = above {
            high = Some(high.map_or(above, |high| high.min(above)));
        }
        (low, high)
    }
}

/// The order in which to withhold: (is the reference group, is the row
/// still whole, the count), ascending, so the reference group comes last,
/// rows already partly withheld before whole ones, smaller counts first.
type RowKey = (bool, bool, Option<u64>);

/// Sorts rows by ascending `key`, keeping the order of equal keys (as
/// `sort_by_key` would). An insertion sort: the rows are a breakdown's
/// groups, a handful, and one shared routine keeps the page's wasm from
/// holding a copy of the library's sort for every key.
fn sort_rows(rows: &mut Vec<usize>, key: &dyn Fn(usize) -> RowKey) {
    let mut sorted: Vec<(RowKey, usize)> = Vec::with_capacity(rows.len());
    for &row in rows.iter() {
        let row_key = key(row);
        let at = sorted
            .iter()
            .position(|(other, _)| *other > row_key)
            .unwrap_or(sorted.len());
        sorted.insert(at, (row_key, row));
    }
    rows.clear();
    rows.extend(sorted.into_iter().map(|(_, row)| row));
}

/// A term of an order constraint: a withheld count (by index) or a known
/// number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Term {
    Unknown(usize),
    Known(i128),
}

/// What a reader can work out about the withheld counts of a breakdown, all
/// lines and rows at once: each withheld count's range, the sums its lines
/// give, and the rows' order (employed <= IPS <= population). Solved by
/// bound propagation and branching (a small constraint solver), so that a
/// count pinned only by several lines together (two columns and the rows
/// between them) is found too.
#[derive(Debug, Clone, Default)]
pub(super) struct Puzzle {
    /// (low, high) of each withheld count.
    pub domains: Vec<(i128, i128)>,
    /// Withheld counts that add up to a known number.
    pub sums: Vec<(Vec<usize>, i128)>,
    /// a <= b.
    pub orders: Vec<(Term, Term)>,
}

/// Branching steps one question may take before the answer is taken to
/// be "pinned" (the cautious answer): far more than tables of groups need.
const BUDGET: u32 = 20_000;

impl Puzzle {
    fn low(domains: &[(i128, i128)], term: Term) -> i128 {
        match term {
            Term::Unknown(i) => domains.get(i).map_or(0, |domain| domain.0),
            Term::Known(value) => value,
        }
    }

    fn high(domains: &[(i128, i128)], term: Term) -> i128 {
        match term {
            Term::Unknown(i) => domains.get(i).map_or(0, |domain| domain.1),
            Term::Known(value) => value,
        }
    }

    /// Narrows the domains to what the sums and orders allow; `false` if no
    /// table fits.
    fn propagate(&self, domains: &mut [(i128, i128)]) -> bool {
        loop {
            let before = domains.to_vec();
            for (members, sum) in &self.sums {
                let low: i128 = members
                    .iter()
                    .filter_map(|&i| domains.get(i))
                    .map(|d| d.0)
                    .sum();
                let high: i128 = members
                    .iter()
                    .filter_map(|&i| domains.get(i))
                    .map(|d| d.1)
                    .sum();
                for &i in members {
                    if let Some(domain) = domains.get_mut(i) {
                        let (lo, hi) = *domain;
                        *domain = (lo.max(sum - (high - hi)), hi.min(sum - (low - lo)));
                    }
                }
            }
            for &(a, b) in &self.orders {
                let high_b = Self::high(domains, b);
                if let Term::Unknown(i) = a {
                    if let Some(domain) = domains.get_mut(i) {
                        domain.1 = domain.1.min(high_b);
                    }
                }
                let low_a = Self::low(domains, a);
                if let Term::Unknown(j) = b {
                    if let Some(domain) = domains.get_mut(j) {
                        domain.0 = domain.0.max(low_a);
                    }
                }
                if Self::low(domains, a) > Self::high(domains, b) {
                    return false;
                }
            }
            if domains.iter().any(|(lo, hi)| lo > hi) {
                return false;
            }
            if domains == before.as_slice() {
                return true;
            }
        }
    }

    /// Whether some table fits the domains: `None` when the budget ran out.
    fn feasible(&self, mut domains: Vec<(i128, i128)>, budget: &mut u32) -> Option<bool> {
        *budget = budget.checked_sub(1)?;
        if !self.propagate(&mut domains) {
            return Some(false);
        }
        let Some(i) = (0..domains.len())
            .filter(|&i| domains[i].0 < domains[i].1)
            .min_by_key(|&i| domains[i].1 - domains[i].0)
        else {
            return Some(true);
        };
        let (lo, hi) = domains[i];
        let middle = lo + (hi - lo) / 2;
        let mut left = domains.clone();
        left[i] = (lo, middle);
        domains[i] = (middle + 1, hi);
        if self.feasible(left, budget)? {
            return Some(true);
        }
        self.feasible(domains, budget)
    }

    /// Whether some table fits at all.
    #[cfg(test)]
    pub fn consistent(&self) -> bool {
        self.feasible(self.domains.clone(), &mut BUDGET.clone()) == Some(true)
    }

    /// Whether withheld count `i` can be something other than `truth`.
    pub fn can_differ(&self, i: usize, truth: i128) -> bool {
        let Some(&(lo, hi)) = self.domains.get(i) else {
            return false;
        };
        let mut budget = BUDGET;
        [(lo, truth - 1), (truth + 1, hi)].into_iter().any(|range| {
            let mut domains = self.domains.clone();
            domains[i] = range;
            range.0 <= range.1 && self.feasible(domains, &mut budget) == Some(true)
        })
    }

    /// Whether `larger - smaller` (two counts of a row) can be something
    /// other than `truth`.
    pub fn difference_can_differ(&self, larger: Term, smaller: Term, truth: i128) -> bool {
        match (larger, smaller) {
            (Term::Unknown(i), Term::Known(value)) => self.can_differ(i, value + truth),
            (Term::Known(value), Term::Unknown(j)) => self.can_differ(j, value - truth),
            (Term::Unknown(i), Term::Unknown(j)) => {
                let mut domains = self.domains.clone();
                if !self.propagate(&mut domains) {
                    return false;
                }
                let (Some(&(lo_i, hi_i)), Some(&(lo_j, hi_j))) = (domains.get(i), domains.get(j))
                else {
                    return false;
                };
                let mut budget = BUDGET;
                // Each value of the smaller count is a question of its own;
                // past a few hundred, the cautious answer stands.
                (lo_j..=hi_j).take(256).any(|value| {
                    let pinned = value + truth;
                    [(lo_i, pinned - 1), (pinned + 1, hi_i)]
                        .into_iter()
                        .any(|range| {
                            let mut trial = domains.clone();
                            trial[j] = (value, value);
                            trial[i] = range;
                            range.0 <= range.1 && self.feasible(trial, &mut budget) == Some(true)
                        })
                })
            }
            (Term::Known(_), Term::Known(_)) => false,
        }
    }
}
