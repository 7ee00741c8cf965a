//! Exact two-sided tests: the binomial test and Fisher's 2 x 2 test.
//!
//! Both use the "probability no larger than observed" definition of the
//! two-sided p-value (R's `binom.test` and `fisher.test`, SciPy's
//! `binomtest` and `fisher_exact`): the p-value is the total probability of
//! every outcome whose probability is at most that of the observed outcome,
//! times `1 + 1e-7` so that outcomes equally likely in exact arithmetic are
//! not split by rounding.
//!
//! Both null distributions are log-concave, so the outcomes counted form the
//! two tails: the tail beyond the observation and the tail beyond the first
//! outcome on the other side of the mode that is no more likely. That
//! boundary is found by binary search on the log-probability, and each tail
//! is summed in log space from its boundary outward (see
//! [`crate::stats::distributions`]), so the tests stay accurate for p-values
//! down to 1e-300 and answer in milliseconds for counts in the billions.

use crate::stats::distributions::{
    ln_add_exp, ln_lower_tail, ln_upper_tail, Binomial, Hypergeometric, LogConcave, MAX_EXACT_COUNT,
};

/// ln(1 + 1e-7): outcomes up to this much more likely than the observed one
/// (on the log scale) still count as "no more likely". R's and SciPy's
/// relative tolerance.
const LN_RELATIVE_TOLERANCE: f64 = 9.999_999_500_000_033e-8;

/// The first x in `from..=to` with `ln P(X = x) <= threshold`, given that
/// the probabilities do not rise over that range; `None` if there is none.
fn first_at_most<D: LogConcave>(dist: &D, from: u64, to: u64, threshold: f64) -> Option<u64> {
    if from > to || dist.ln_pmf(to) > threshold {
        return None;
    }
    let (mut lo, mut hi) = (from, to);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if dist.ln_pmf(mid) <= threshold {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Some(lo)
}

/// The last x in `from..=to` with `ln P(X = x) <= threshold`, given that the
/// probabilities do not fall over that range; `None` if there is none.
fn last_at_most<D: LogConcave>(dist: &D, from: u64, to: u64, threshold: f64) -> Option<u64> {
    if from > to || dist.ln_pmf(from) > threshold {
        return None;
    }
    let (mut lo, mut hi) = (from, to);
    while lo < hi {
        let mid = hi - (hi - lo) / 2;
        if dist.ln_pmf(mid) <= threshold {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    Some(lo)
}

/// ln of the two-sided p-value when the observation `x` lies below the
/// peak: P(X <= x) plus the upper tail from the first outcome in
/// `peak..=top` that is no more likely than `x`.
fn ln_two_sided_below<D: LogConcave>(dist: &D, x: u64, peak: u64, threshold: f64) -> f64 {
    let (_, top) = dist.support();
    let ln_other = first_at_most(dist, peak, top, threshold)
        .map_or(f64::NEG_INFINITY, |boundary| ln_upper_tail(dist, boundary));
    ln_add_exp(ln_lower_tail(dist, x), ln_other)
}

/// ln of the two-sided p-value when the observation `x` lies above the
/// peak: P(X >= x) plus the lower tail up to the last outcome in
/// `bottom..=peak` that is no more likely than `x`.
fn ln_two_sided_above<D: LogConcave>(dist: &D, x: u64, peak: u64, threshold: f64) -> f64 {
    let (bottom, _) = dist.support();
    let ln_other = last_at_most(dist, bottom, peak, threshold)
        .map_or(f64::NEG_INFINITY, |boundary| ln_lower_tail(dist, boundary));
    ln_add_exp(ln_upper_tail(dist, x), ln_other)
}

/// Exact two-sided binomial test of `k` successes in `n` trials against a
/// success probability `p`.
///
/// The p-value is the probability, under Bin(n, p), of every outcome no more
/// likely than `k` (relative tolerance 1e-7), exactly as SciPy's
/// `scipy.stats.binomtest(k, n, p).pvalue` and R's `binom.test`: the tail
/// beyond `k` plus the tail beyond the first outcome on the other side of
/// `n p` that is no more likely than `k`. When `k = n p` the p-value is 1.
/// The sums run in log space, so the result keeps its relative accuracy
/// (better than 1e-13 against mpmath) down to 1e-300; below the smallest
/// double it is 0.
///
/// `None` when `n = 0`, `k > n`, `p` is not in [0, 1] or `n` exceeds 10^12
/// (only a typing error could; see the module's notes on cost).
///
/// ```
/// use ips_equity::stats::exact::binomial_test;
/// // 3 unsafe cars out of 15 against a claimed 10%.
/// let p = binomial_test(3, 15, 0.1).unwrap();
/// assert!((p - 0.18406106910639106).abs() < 1e-12);
/// assert_eq!(binomial_test(1, 0, 0.5), None);
/// ```
pub fn binomial_test(k: u64, n: u64, p: f64) -> Option<f64> {
    ln_binomial_test(k, n, p).map(|ln_p| ln_p.exp().clamp(0.0, 1.0))
}

/// The natural log of [`binomial_test`]'s p-value, finite far below the
/// smallest double.
fn ln_binomial_test(k: u64, n: u64, p: f64) -> Option<f64> {
    if n == 0 || k > n || n > MAX_EXACT_COUNT {
        return None;
    }
    let dist = Binomial::new(n, p)?;
    let ln_observed = dist.ln_pmf(k);
    if ln_observed == f64::NEG_INFINITY {
        // An impossible outcome (p = 0 or 1): nothing is less likely.
        return Some(f64::NEG_INFINITY);
    }
    let expected = p * n as f64;
    let successes = k as f64;
    if successes == expected {
        return Some(0.0);
    }
    let threshold = ln_observed + LN_RELATIVE_TOLERANCE;
    // SciPy and R split the outcomes at n p, not at the mode; so does this.
    // The casts saturate and n p lies in [0, n].
    let ln_p = if successes < expected {
        ln_two_sided_below(&dist, k, (expected.ceil() as u64).min(n), threshold)
    } else {
        ln_two_sided_above(&dist, k, (expected.floor() as u64).min(n), threshold)
    };
    Some(ln_p.min(0.0))
}

/// Fisher's exact test, two-sided, of the 2 x 2 table `[[a, b], [c, d]]`.
///
/// Given the table's margins, `a` follows a hypergeometric distribution
/// (Fisher 1935): `a + c` draws from an urn of `a + b` successes and `c + d`
/// failures. The p-value is the probability of every table no more likely
/// than the observed one, with a relative tolerance of 1e-7, as R's
/// `fisher.test` and SciPy's `scipy.stats.fisher_exact(table).pvalue`.
/// (SciPy's tolerance is 1e-14; the two differ only for tables whose
/// probabilities lie within 1e-7 of each other without being equal, which
/// takes very large tables.) The sums run in log space: relative accuracy
/// better than 1e-13 against mpmath down to 1e-300, and 0 below the smallest
/// double.
///
/// A table with an empty row or column (including the all-zero table) has
/// only one possible arrangement given its margins, so its p-value is 1,
/// as in SciPy and R. `None` only when the table's total exceeds 10^12
/// (only a typing error could).
///
/// ```
/// use ips_equity::stats::exact::fisher_exact;
/// // SciPy's documentation example.
/// let p = fisher_exact(6, 2, 1, 4).unwrap();
/// assert!((p - 0.10256410256410256).abs() < 1e-14);
/// assert_eq!(fisher_exact(0, 0, 3, 5), Some(1.0));
/// ```
pub fn fisher_exact(a: u64, b: u64, c: u64, d: u64) -> Option<f64> {
    ln_fisher_exact(a, b, c, d).map(|ln_p| ln_p.exp().clamp(0.0, 1.0))
}

/// The natural log of [`fisher_exact`]'s p-value, finite far below the
/// smallest double.
fn ln_fisher_exact(a: u64, b: u64, c: u64, d: u64) -> Option<f64> {
    let first_row = a.checked_add(b)?;
    let second_row = c.checked_add(d)?;
    let first_column = a.checked_add(c)?;
    let second_column = b.checked_add(d)?;
    if first_row.checked_add(second_row)? > MAX_EXACT_COUNT {
        return None;
    }
    if first_row == 0 || second_row == 0 || first_column == 0 || second_column == 0 {
        return Some(0.0);
    }
    let dist = Hypergeometric::new(first_row, second_row, first_column)?;
    let threshold = dist.ln_pmf(a) + LN_RELATIVE_TOLERANCE;
    let mode = dist.mode();
    if dist.ln_pmf(mode) <= threshold {
        // The observed table is (within tolerance) the most likely one, so
        // every table counts.
        return Some(0.0);
    }
    let ln_p = if a < mode {
        ln_two_sided_below(&dist, a, mode, threshold)
    } else {
        ln_two_sided_above(&dist, a, mode, threshold)
    };
    Some(ln_p.min(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::distributions::{ln_binomial_pmf, ln_hypergeometric_pmf};

    /// Asserts agreement to a relative 1e-9, or to 1e-15 absolute for an
    /// expected 0.
    fn assert_close(actual: f64, expected: f64) {
        let error = (actual - expected).abs();
        assert!(
            error <= 1e-9 * expected.abs() || (expected == 0.0 && error <= 1e-15),
            "actual {actual:e}, expected {expected:e}, relative error {:e}",
            error / expected.abs()
        );
    }

    /// Log p-values: an absolute error e on the log is a relative error e on
    /// the p-value.
    fn assert_ln_close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() <= 1e-10,
            "actual {actual}, expected {expected}"
        );
    }

    /// The textbook definition, summing every outcome: R's
    /// `sum(d[d <= d[x] * (1 + 1e-7)])`, for small cases.
    fn brute_force(ln_pmf: impl Fn(u64) -> f64, observed: u64, top: u64) -> f64 {
        let threshold = ln_pmf(observed) + LN_RELATIVE_TOLERANCE;
        (0..=top)
            .map(&ln_pmf)
            .filter(|&ln_p| ln_p <= threshold)
            .map(f64::exp)
            .sum::<f64>()
            .min(1.0)
    }

    #[test]
    fn binomial_test_matches_scipy_and_mpmath() {
        // scipy.stats.binomtest(k, n, p).pvalue, confirmed to 1e-15 by the
        // same sums in mpmath at 50 digits (which are the literals here).
        let cases: [(u64, u64, f64, f64); 15] = [
            (3, 15, 0.1, 0.18406106910639103),
            (7, 20, 0.5, 0.26317596435546875),
            (0, 10, 0.5, 0.001953125),
            (10, 10, 0.5, 0.001953125),
            (0, 1, 0.3, 1.0),
            (1, 1, 0.3, 0.3),
            (12, 100, 0.25, 0.001714030352835114),
            // R's binom.test(682, 925, p = 0.75) example: 0.3825.
            (682, 925, 0.75, 0.3824915595748517),
            (175, 1000, 0.115, 2.3793026298731936e-08),
            (0, 1000, 0.5, 1.8665272370064378e-301),
            (10, 1000, 0.5, 4.9666775829792705e-278),
            (3, 1_000_000_000, 1e-9, 0.08030139697942434),
            // 1e9 * 1e-9 rounds to 1, and P(X = 1) is within 1e-7 of P(X = 0).
            (0, 1_000_000_000, 1e-9, 1.0),
            (499_900_000, 1_000_000_000, 0.5, 2.540148359754567e-10),
            (500_010_000, 1_000_000_000, 0.5, 0.5271099147546697),
        ];
        for (k, n, p, expected) in cases {
            assert_close(binomial_test(k, n, p).unwrap(), expected);
        }
    }

    #[test]
    fn binomial_test_deep_tails_and_huge_counts() {
        // mpmath, 50 digits, the same definition (SciPy's own value,
        // 1.523985991430645e-23, is off by 9e-10 relative here).
        let p = binomial_test(500_005_000_000, 1_000_000_000_000, 0.5).unwrap();
        assert_close(p, 1.5239859928366837e-23);
        assert_ln_close(
            ln_binomial_test(500_005_000_000, 1_000_000_000_000, 0.5).unwrap(),
            -52.538127872692876,
        );
        assert_ln_close(ln_binomial_test(0, 1000, 0.5).unwrap(), -692.4540333793854);
        // Below the smallest double: the log stays exact, the p-value is 0.
        assert_ln_close(
            ln_binomial_test(1, 1_000_000_000_000, 1e-9).unwrap(),
            -992.4278319729096,
        );
        assert_eq!(binomial_test(1, 1_000_000_000_000, 1e-9), Some(0.0));
        assert_ln_close(ln_binomial_test(0, 2000, 0.5).unwrap(), -1385.6012139393306);
        // 1e12 * 1e-9 is 1000.0000000000001 in doubles; SciPy gives 1.
        assert_eq!(binomial_test(1000, 1_000_000_000_000, 1e-9), Some(1.0));
    }

    #[test]
    fn binomial_test_edges() {
        assert_eq!(binomial_test(0, 0, 0.5), None);
        assert_eq!(binomial_test(4, 3, 0.5), None);
        assert_eq!(binomial_test(1, 3, 1.5), None);
        assert_eq!(binomial_test(1, 3, -0.5), None);
        assert_eq!(binomial_test(1, 3, f64::NAN), None);
        assert_eq!(binomial_test(1, 1_000_000_000_001, 0.5), None);
        assert!(binomial_test(1, 1_000_000_000_000, 0.5).is_some());
        assert_eq!(binomial_test(0, 5, 0.0), Some(1.0));
        assert_eq!(binomial_test(1, 5, 0.0), Some(0.0));
        assert_eq!(binomial_test(5, 5, 1.0), Some(1.0));
        assert_eq!(binomial_test(4, 5, 1.0), Some(0.0));
        assert_eq!(binomial_test(5, 10, 0.5), Some(1.0));
        assert_eq!(binomial_test(1, 1, 0.5), Some(1.0));
        assert_eq!(binomial_test(0, 1, 0.5), Some(1.0));
    }

    #[test]
    fn binomial_test_agrees_with_brute_force() {
        for n in [1u64, 2, 7, 30, 61] {
            for p in [0.01, 0.1, 0.25, 0.5, 0.6, 0.999] {
                for k in 0..=n {
                    let expected = brute_force(|j| ln_binomial_pmf(j, n, p), k, n);
                    let actual = binomial_test(k, n, p).unwrap();
                    assert!(
                        (actual - expected).abs() <= 1e-13 * expected.max(1e-300),
                        "k {k}, n {n}, p {p}: {actual:e} vs {expected:e}"
                    );
                    assert!((0.0..=1.0).contains(&actual));
                }
            }
        }
    }

    #[test]
    fn binomial_test_mirrors() {
        for (k, n) in [(3u64, 17u64), (40, 100), (0, 9), (999, 1000)] {
            let p = binomial_test(k, n, 0.5).unwrap();
            assert_close(binomial_test(n - k, n, 0.5).unwrap(), p);
        }
    }

    #[test]
    fn fisher_matches_scipy_and_mpmath() {
        // scipy.stats.fisher_exact([[a, b], [c, d]]).pvalue, confirmed by
        // mpmath sums at 50 digits (the literals).
        let cases: [(u64, u64, u64, u64, f64); 11] = [
            (6, 2, 1, 4, 0.10256410256410256),
            // Fisher's tea tasting: 17/35.
            (3, 1, 1, 3, 0.4857142857142857),
            (0, 5, 5, 0, 0.007936507936507936),
            (56, 14, 48, 32, 0.012521129749209154),
            (1000, 2000, 1500, 1600, 4.80558298949517e-33),
            (500, 0, 0, 500, 7.399507995628054e-300),
            (2, 7, 8, 2, 0.023014137565221155),
            (1, 0, 0, 1, 1.0),
            (0, 1, 1, 0, 1.0),
            (5, 5, 5, 5, 1.0),
            (0, 10, 100, 3, 4.606323141059443e-12),
        ];
        for (a, b, c, d, expected) in cases {
            assert_close(fisher_exact(a, b, c, d).unwrap(), expected);
        }
    }

    #[test]
    fn fisher_huge_counts_and_deep_tails() {
        // mpmath at 50 digits. SciPy gives 3.7456122966902985e-19 and
        // 0.0707555418535181: its hypergeometric pmf carries relative errors
        // near 1e-7 at N = 2e9, enough to misorder P(a = 10) and P(a = 20).
        let p = fisher_exact(500_100_000, 499_900_000, 499_900_000, 500_100_000).unwrap();
        assert_close(p, 3.745612607319068e-19);
        let p = fisher_exact(10, 1_000_000_000, 20, 1_000_000_000).unwrap();
        assert_close(p, 0.09873714418704511);
        assert_ln_close(ln_fisher_exact(500, 0, 0, 500).unwrap(), -688.7741143872912);
        // ln(2 / C(1200, 600)): far below the smallest double.
        assert_ln_close(ln_fisher_exact(0, 600, 600, 0).unwrap(), -827.3124313875325);
        assert_eq!(fisher_exact(0, 600, 600, 0), Some(0.0));
    }

    #[test]
    fn fisher_edges() {
        // An empty row or column leaves one possible table: p = 1, as SciPy.
        assert_eq!(fisher_exact(0, 0, 3, 5), Some(1.0));
        assert_eq!(fisher_exact(4, 0, 3, 0), Some(1.0));
        assert_eq!(fisher_exact(0, 0, 0, 0), Some(1.0));
        assert_eq!(fisher_exact(0, 7, 0, 2), Some(1.0));
        assert_eq!(fisher_exact(u64::MAX, 1, 0, 0), None);
        assert_eq!(fisher_exact(u64::MAX / 2 + 1, 0, u64::MAX / 2 + 1, 0), None);
        assert_eq!(fisher_exact(500_000_000_000, 1, 500_000_000_000, 0), None);
        assert!(fisher_exact(500_000_000_000, 0, 500_000_000_000, 0).is_some());
    }

    #[test]
    fn fisher_agrees_with_brute_force_and_symmetries() {
        for a in 0..7u64 {
            for b in 0..6u64 {
                for c in 0..6u64 {
                    for d in 0..7u64 {
                        let p = fisher_exact(a, b, c, d).unwrap();
                        assert!((0.0..=1.0).contains(&p));
                        let (row, other, column) = (a + b, c + d, a + c);
                        if row > 0 && other > 0 && column > 0 && b + d > 0 {
                            let expected = brute_force(
                                |x| ln_hypergeometric_pmf(x, row, other, column),
                                a,
                                column,
                            );
                            assert!((p - expected).abs() <= 1e-13, "{a} {b} {c} {d}");
                        }
                        // Swapping rows, columns or transposing changes nothing.
                        assert_close(fisher_exact(c, d, a, b).unwrap(), p);
                        assert_close(fisher_exact(b, a, d, c).unwrap(), p);
                        assert_close(fisher_exact(a, c, b, d).unwrap(), p);
                    }
                }
            }
        }
    }
}
