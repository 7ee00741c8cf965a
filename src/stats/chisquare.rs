//! Pearson (1900) chi-square tests: goodness of fit to known shares, and
//! independence in a k x 2 table. No continuity correction: with the exact
//! tests beside them, Yates's correction would only make these conservative.

use statrs::distribution::{ChiSquared, ContinuousCDF};

/// A chi-square statistic, its degrees of freedom and its upper-tail p-value.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ChiSquareTest {
    pub statistic: f64,
    pub df: u64,
    pub p_value: f64,
}

impl ChiSquareTest {
    fn new(statistic: f64, df: u64) -> Option<ChiSquareTest> {
        let p_value = upper_tail(statistic, df)?;
        Some(ChiSquareTest {
            statistic,
            df,
            p_value,
        })
    }
}

/// P(X >= statistic) for X ~ chi-square(df), as SciPy's `chi2.sf`: the
/// regularised upper incomplete gamma function, computed directly (not as
/// 1 - cdf) so small p-values keep their relative accuracy.
pub fn upper_tail(statistic: f64, df: u64) -> Option<f64> {
    if df == 0 || !statistic.is_finite() || statistic < 0.0 {
        return None;
    }
    let distribution = ChiSquared::new(df as f64).ok()?;
    Some(distribution.sf(statistic).clamp(0.0, 1.0))
}

/// Pearson's goodness-of-fit test of counts against known shares:
/// sum over groups of (observed - N share)^2 / (N share), df = k - 1.
///
/// `expected_shares` are the groups' shares of the reference population
/// (they are normalised to sum to 1). `None` when there are fewer than two
/// groups, no observations, or a group with no share at all (its expected
/// count is zero, so the statistic is undefined).
///
/// ```
/// use ips_equity::stats::chisquare::goodness_of_fit;
/// let test = goodness_of_fit(&[30, 20], &[0.5, 0.5]).unwrap();
/// assert_eq!((test.statistic, test.df), (2.0, 1));
/// ```
pub fn goodness_of_fit(observed: &[u64], expected_shares: &[f64]) -> Option<ChiSquareTest> {
    if observed.len() != expected_shares.len() || observed.len() < 2 {
        return None;
    }
    // Every share is positive, so their total is too.
    let total_share: f64 = expected_shares.iter().sum();
    let valid_shares = expected_shares
        .iter()
        .all(|&share| share.is_finite() && share > 0.0);
    let n: f64 = observed.iter().map(|&o| o as f64).sum();
    if !valid_shares || n == 0.0 {
        return None;
    }
    let statistic = observed
        .iter()
        .zip(expected_shares)
        .map(|(&o, &share)| {
            let expected = n * share / total_share;
            let deviation = o as f64 - expected;
            deviation * deviation / expected
        })
        .sum();
    ChiSquareTest::new(statistic, observed.len() as u64 - 1)
}

/// Pearson's chi-square test of independence in a k x 2 table (rows are
/// groups), as SciPy's `chi2_contingency(table, correction=False)`:
/// sum over cells of (observed - expected)^2 / expected with expected =
/// row total x column total / N, df = k - 1.
///
/// Rows with no one in them carry no information and are left out (and do
/// not count towards df). `None` when fewer than two rows remain or a column
/// is empty (every expected count in it is zero).
///
/// ```
/// use ips_equity::stats::chisquare::independence;
/// let test = independence(&[[10, 10], [20, 0]]).unwrap();
/// assert_eq!(test.df, 1);
/// ```
pub fn independence(rows: &[[u64; 2]]) -> Option<ChiSquareTest> {
    let rows: Vec<[f64; 2]> = rows
        .iter()
        .filter(|row| row[0] + row[1] > 0)
        .map(|row| [row[0] as f64, row[1] as f64])
        .collect();
    if rows.len() < 2 {
        return None;
    }
    let column_totals = [
        rows.iter().map(|row| row[0]).sum::<f64>(),
        rows.iter().map(|row| row[1]).sum::<f64>(),
    ];
    if column_totals.contains(&0.0) {
        return None;
    }
    let n = column_totals[0] + column_totals[1];
    let statistic = rows
        .iter()
        .flat_map(|row| {
            let row_total = row[0] + row[1];
            (0..2).map(move |column| {
                let expected = row_total * column_totals[column] / n;
                let deviation = row[column] - expected;
                deviation * deviation / expected
            })
        })
        .sum();
    ChiSquareTest::new(statistic, rows.len() as u64 - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_relative(got: f64, want: f64) {
        let scale = want.abs().max(f64::MIN_POSITIVE);
        assert!(
            ((got - want) / scale).abs() <= 1e-9,
            "got {got:e}, want {want:e}"
        );
    }

    #[test]
    fn goodness_of_fit_matches_scipy() {
        // scipy.stats.chisquare([64, 150, 151], f_exp=365 * np.array([0.115, 0.5, 0.385]))
        let test = goodness_of_fit(&[64, 150, 151], &[0.115, 0.5, 0.385]).unwrap();
        assert_relative(test.statistic, 18.125391582806706);
        assert_eq!(test.df, 2);
        assert_relative(test.p_value, 0.00011591008561814316);
    }

    #[test]
    fn shares_are_normalised() {
        let percent = goodness_of_fit(&[64, 150, 151], &[11.5, 50.0, 38.5]).unwrap();
        let fraction = goodness_of_fit(&[64, 150, 151], &[0.115, 0.5, 0.385]).unwrap();
        assert_relative(percent.statistic, fraction.statistic);
    }

    #[test]
    fn independence_matches_scipy() {
        // scipy.stats.chi2_contingency([[48, 32], [56, 14], [5, 15]], correction=False)
        let test = independence(&[[48, 32], [56, 14], [5, 15]]).unwrap();
        assert_relative(test.statistic, 21.56640096255076);
        assert_eq!(test.df, 2);
        assert_relative(test.p_value, 2.0745100051386052e-05);
    }

    #[test]
    fn deep_tail_keeps_relative_accuracy() {
        // scipy.stats.chi2.sf(1000, 3)
        assert_relative(upper_tail(1000.0, 3).unwrap(), 1.7994208765314067e-216);
    }

    #[test]
    fn empty_rows_are_left_out() {
        let with_empty = independence(&[[48, 32], [0, 0], [56, 14]]).unwrap();
        let without = independence(&[[48, 32], [56, 14]]).unwrap();
        assert_eq!(with_empty, without);
    }

    #[test]
    fn undefined_tests_are_none() {
        assert_eq!(independence(&[[5, 0], [7, 0]]), None);
        assert_eq!(independence(&[[5, 3]]), None);
        assert_eq!(goodness_of_fit(&[5, 3], &[1.0, 0.0]), None);
        assert_eq!(goodness_of_fit(&[0, 0], &[0.5, 0.5]), None);
        assert_eq!(goodness_of_fit(&[5], &[1.0]), None);
        assert_eq!(goodness_of_fit(&[5, 3], &[0.5]), None);
        assert_eq!(upper_tail(f64::NAN, 2), None);
    }
}
