//! Binomial and hypergeometric probabilities, accurate far into the tails.
//!
//! Everything is computed on the log scale, so probabilities far below the
//! smallest double (1e-308) keep their full relative precision as logarithms,
//! and a probability costs the same for counts of 10^12 as for 10.
//!
//! The probability mass functions follow Loader (2000), "Fast and accurate
//! computation of binomial probabilities", the method behind R's `dbinom` and
//! `dhyper`: instead of subtracting huge log-factorials, the binomial
//! probability is written as a saddle-point term that never cancels,
//!
//! ```text
//! ln b(x; n, p) = stirlerr(n) - stirlerr(x) - stirlerr(n - x)
//!                 - bd0(x, n p) - bd0(n - x, n q) - ln(2 pi x (n - x) / n) / 2
//! ```
//!
//! where `stirlerr(m) = ln m! - ln(sqrt(2 pi m) (m / e)^m)` is the error of
//! Stirling's formula and `bd0(x, m) = x ln(x / m) + m - x` is the deviance
//! term, both computed without cancellation. statrs offers log-densities too,
//! but through differences of `ln_gamma` values, which lose about
//! `ln(n!) * 1e-16` absolute (2e-3 at n = 10^12, measured against mpmath);
//! hence this hand-written module.
//!
//! Tail probabilities sum the probability mass function outward from a point
//! computed directly, using the ratio of successive probabilities, and stop
//! as soon as the rest of the tail is provably below 1e-17 of the running sum.
//! Both distributions are log-concave, so the ratios shrink as the sum moves
//! away from the mode and the remainder is bounded by a geometric series. The
//! cost is the number of terms that matter (about ten standard deviations),
//! never the number of possible outcomes.

/// ln(2 pi).
const LN_2PI: f64 = 1.837_877_066_409_345_6;

/// `stirlerr(m)` for m = 0..=15, where the asymptotic series is not yet
/// accurate enough (values from mpmath at 40 digits). m = 0 is never used:
/// the probability mass functions treat x = 0 and x = n on their own.
const STIRLERR_SMALL: [f64; 16] = [
    0.0,
    0.081_061_466_795_327_26,
    0.041_340_695_955_409_3,
    0.027_677_925_684_998_34,
    0.020_790_672_103_765_093,
    0.016_644_691_189_821_193,
    0.013_876_128_823_070_748,
    0.011_896_709_945_891_77,
    0.010_411_265_261_972_096,
    0.009_255_462_182_712_733,
    0.008_330_563_433_362_87,
    0.007_573_675_487_951_841,
    0.006_942_840_107_209_53,
    0.006_408_994_188_004_207,
    0.005_951_370_112_758_847_5,
    0.005_554_733_551_962_801,
];

/// The largest count the exact tests and the Clopper-Pearson interval
/// accept: 10^12, more than a hundred times the world's population, so only
/// a typing error exceeds it. The tail sums cost about ten standard
/// deviations of terms, tens of milliseconds at this limit (and doubles
/// would stop counting exactly at 2^53, about 9e15).
pub(crate) const MAX_EXACT_COUNT: u64 = 1_000_000_000_000;

/// A tail sum stops once the rest of the tail is below this share of it.
const TAIL_TOLERANCE: f64 = 1e-17;

/// How often (in terms) a tail sum recomputes its current term from the
/// probability mass function, so rounding in the ratio recurrence cannot
/// build up over millions of terms.
const REANCHOR_EVERY: u64 = 1024;

/// Stirling's error `ln m! - (m + 1/2) ln m + m - ln(2 pi) / 2` for an
/// integer `m >= 1` (Loader 2000, with R's cut-offs for the series).
fn stirlerr(m: f64) -> f64 {
    const S0: f64 = 1.0 / 12.0;
    const S1: f64 = 1.0 / 360.0;
    const S2: f64 = 1.0 / 1260.0;
    const S3: f64 = 1.0 / 1680.0;
    const S4: f64 = 1.0 / 1188.0;
    if m <= 15.0 {
        // m is a whole number in 1..=15 here, so the cast is exact.
        return STIRLERR_SMALL.get(m as usize).copied().unwrap_or(0.0);
    }
    let mm = m * m;
    if m > 500.0 {
        (S0 - S1 / mm) / m
    } else if m > 80.0 {
        (S0 - (S1 - S2 / mm) / mm) / m
    } else if m > 35.0 {
        (S0 - (S1 - (S2 - S3 / mm) / mm) / mm) / m
    } else {
        (S0 - (S1 - (S2 - (S3 - S4 / mm) / mm) / mm) / mm) / m
    }
}

/// The deviance term `x ln(x / m) + m - x` (Loader 2000), by its series in
/// `v = (x - m) / (x + m)` when x is close to m, where the direct formula
/// would cancel.
fn bd0(x: f64, m: f64) -> f64 {
    if (x - m).abs() < 0.1 * (x + m) {
        let v = (x - m) / (x + m);
        let mut sum = (x - m) * v;
        if sum.abs() < f64::MIN_POSITIVE {
            return sum;
        }
        let v2 = v * v;
        let mut power = 2.0 * x * v;
        // |v| < 0.1, so each term is at least 100 times smaller than the
        // last and the series settles in under ten terms.
        for j in 1..1000 {
            power *= v2;
            let next = sum + power / f64::from(2 * j + 1);
            if next == sum {
                return next;
            }
            sum = next;
        }
        return sum;
    }
    x * (x / m).ln() + m - x
}

/// ln b(x; n, p) with `q = 1 - p` supplied separately, so callers that know
/// q more accurately than `1 - p` (hypergeometric, logit parametrisation)
/// keep that accuracy. R's `dbinom_raw`. `x` and `n` are whole numbers.
fn ln_dbinom_raw(x: f64, n: f64, p: f64, q: f64) -> f64 {
    if p == 0.0 {
        return if x == 0.0 { 0.0 } else { f64::NEG_INFINITY };
    }
    if q == 0.0 {
        return if x == n { 0.0 } else { f64::NEG_INFINITY };
    }
    if x == 0.0 {
        if n == 0.0 {
            return 0.0;
        }
        return if p > q { n * q.ln() } else { n * (-p).ln_1p() };
    }
    if x == n {
        return if p > q { n * (-q).ln_1p() } else { n * p.ln() };
    }
    if x > n {
        return f64::NEG_INFINITY;
    }
    let lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
    // ln(2 pi x (n - x) / n). R writes the last factor as log1p(-x / n),
    // which loses five digits at x = n - 3, n = 10^12; (n - x) / n is exact
    // to the last bit there, and log1p keeps small x / n accurate.
    let ln_rest_share = if 2.0 * x <= n {
        (-x / n).ln_1p()
    } else {
        ((n - x) / n).ln()
    };
    let lf = LN_2PI + x.ln() + ln_rest_share;
    lc - 0.5 * lf
}

/// Natural log of the binomial probability P(X = k) for X ~ Bin(n, p).
///
/// Loader's (2000) saddle-point formula, as R's `dbinom`: accurate to a few
/// units in the last place of the log even when the probability itself is
/// far below the smallest double. Returns `-inf` for impossible outcomes
/// (`k > n`, `k > 0` with `p = 0`, `k < n` with `p = 1`) and NaN when `p` is
/// not a probability (not in [0, 1]).
///
/// ```
/// use ips_equity::stats::distributions::ln_binomial_pmf;
/// // P(X = 3) for X ~ Bin(10, 0.5) is 120 / 1024.
/// assert!((ln_binomial_pmf(3, 10, 0.5) - (120.0f64 / 1024.0).ln()).abs() < 1e-14);
/// // Far below the smallest double: P(X = 0) = 2^-(10^12) for Bin(10^12, 0.5).
/// let ln_p = ln_binomial_pmf(0, 1_000_000_000_000, 0.5);
/// assert!((ln_p + 693_147_180_559.945_3).abs() < 1e-3);
/// ```
pub fn ln_binomial_pmf(k: u64, n: u64, p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if k > n {
        return f64::NEG_INFINITY;
    }
    ln_dbinom_raw(k as f64, n as f64, p, 1.0 - p)
}

/// Natural log of the hypergeometric probability of drawing `x` successes
/// in `draws` draws without replacement from an urn of `successes` successes
/// and `failures` failures.
///
/// R's `dhyper` construction from Loader's binomial terms: with
/// `N = successes + failures` and `p = draws / N`,
/// `h(x) = b(x; successes, p) b(draws - x; failures, p) / b(draws; N, p)`,
/// which has no cancelling factorials. Returns `-inf` outside the support
/// `max(0, draws - failures) ..= min(draws, successes)` and NaN when
/// `draws > successes + failures` (no such distribution).
///
/// ```
/// use ips_equity::stats::distributions::ln_hypergeometric_pmf;
/// // Urn of 5 successes and 5 failures, 4 draws: P(2 successes) = 100 / 210.
/// let p = ln_hypergeometric_pmf(2, 5, 5, 4).exp();
/// assert!((p - 100.0 / 210.0).abs() < 1e-15);
/// ```
pub fn ln_hypergeometric_pmf(x: u64, successes: u64, failures: u64, draws: u64) -> f64 {
    let total = u128::from(successes) + u128::from(failures);
    if u128::from(draws) > total {
        return f64::NAN;
    }
    if x > draws || x > successes || draws - x > failures {
        return f64::NEG_INFINITY;
    }
    if draws == 0 {
        return 0.0;
    }
    let total = total as f64;
    let draws_f = draws as f64;
    let p = draws_f / total;
    let q = (total - draws_f) / total;
    let xf = x as f64;
    ln_dbinom_raw(xf, successes as f64, p, q) + ln_dbinom_raw(draws_f - xf, failures as f64, p, q)
        - ln_dbinom_raw(draws_f, total, p, q)
}

/// Natural log of the binomial coefficient C(n, k); `-inf` when `k > n`.
///
/// Written with Stirling's error terms, with `j = min(k, n - k)`:
///
/// ```text
/// ln C(n, k) = j ln(n / j) - (n - j) ln(1 - j / n) - ln(2 pi j (n - j) / n) / 2
///              + stirlerr(n) - stirlerr(j) - stirlerr(n - j)
/// ```
///
/// so every piece is accurate and the sum never cancels badly. (statrs'
/// `ln_binomial` subtracts `ln_gamma` values of size `n ln n`, which at
/// n = 10^12 leaves an absolute error of about 2e-3.)
///
/// ```
/// use ips_equity::stats::distributions::ln_choose;
/// assert!((ln_choose(10, 3) - 120f64.ln()).abs() < 1e-14);
/// assert_eq!(ln_choose(7, 0), 0.0);
/// assert_eq!(ln_choose(3, 4), f64::NEG_INFINITY);
/// ```
pub fn ln_choose(n: u64, k: u64) -> f64 {
    if k > n {
        return f64::NEG_INFINITY;
    }
    let j = k.min(n - k);
    if j == 0 {
        return 0.0;
    }
    let nf = n as f64;
    let jf = j as f64;
    let rest = (n - j) as f64;
    jf * (nf / jf).ln() - rest * (-jf / nf).ln_1p() - 0.5 * (LN_2PI + jf.ln() + (-jf / nf).ln_1p())
        + stirlerr(nf)
        - stirlerr(jf)
        - stirlerr(rest)
}

/// `ln(e^a + e^b)` without overflow or underflow; `-inf` when both are.
pub(crate) fn ln_add_exp(a: f64, b: f64) -> f64 {
    let (hi, lo) = if a >= b { (a, b) } else { (b, a) };
    if lo == f64::NEG_INFINITY {
        return hi;
    }
    hi + (lo - hi).exp().ln_1p()
}

/// A discrete distribution on whole numbers whose probability mass function
/// is log-concave: it rises to a mode, then falls, and the ratio of
/// successive probabilities only shrinks moving away from the mode. The
/// binomial and hypergeometric distributions are; the tail sums and the
/// two-sided tests rely on it.
pub(crate) trait LogConcave {
    /// Smallest and largest outcomes with positive probability.
    fn support(&self) -> (u64, u64);
    /// A most likely outcome (within one of the true mode when the mode is
    /// computed in floating point; the tail sums tolerate that).
    fn mode(&self) -> u64;
    /// ln P(X = x); `-inf` outside the support.
    fn ln_pmf(&self, x: u64) -> f64;
    /// P(X = x + 1) / P(X = x) for `x` in the support, below its top.
    fn ratio_up(&self, x: u64) -> f64;
    /// P(X = x - 1) / P(X = x) for `x` in the support, above its bottom.
    fn ratio_down(&self, x: u64) -> f64;
}

/// Bin(n, p), with q = 1 - p stored separately (see [`Binomial::from_odds`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Binomial {
    n: u64,
    p: f64,
    q: f64,
}

impl Binomial {
    /// Bin(n, p); `None` unless `p` is in [0, 1].
    pub(crate) fn new(n: u64, p: f64) -> Option<Self> {
        (0.0..=1.0)
            .contains(&p)
            .then_some(Binomial { n, p, q: 1.0 - p })
    }

    /// Bin(n, p) with p = 1 / (1 + e^-u) given by its log-odds `u`, so that
    /// both p and q = 1 - p are accurate to the last bit even when one of
    /// them is tiny. `None` for a NaN `u`.
    pub(crate) fn from_odds(n: u64, log_odds: f64) -> Option<Self> {
        if log_odds.is_nan() {
            return None;
        }
        Some(Binomial {
            n,
            p: 1.0 / (1.0 + (-log_odds).exp()),
            q: 1.0 / (1.0 + log_odds.exp()),
        })
    }

    pub(crate) fn p(&self) -> f64 {
        self.p
    }

    pub(crate) fn q(&self) -> f64 {
        self.q
    }
}

impl LogConcave for Binomial {
    fn support(&self) -> (u64, u64) {
        if self.p == 0.0 {
            (0, 0)
        } else if self.q == 0.0 {
            (self.n, self.n)
        } else {
            (0, self.n)
        }
    }

    fn mode(&self) -> u64 {
        // A saturating cast: (n + 1) p is at most n + 1.
        (((self.n as f64) + 1.0) * self.p)
            .floor()
            .min(self.n as f64) as u64
    }

    fn ln_pmf(&self, x: u64) -> f64 {
        if x > self.n {
            return f64::NEG_INFINITY;
        }
        ln_dbinom_raw(x as f64, self.n as f64, self.p, self.q)
    }

    fn ratio_up(&self, x: u64) -> f64 {
        let x = x as f64;
        (self.n as f64 - x) / (x + 1.0) * (self.p / self.q)
    }

    fn ratio_down(&self, x: u64) -> f64 {
        let x = x as f64;
        x / (self.n as f64 - x + 1.0) * (self.q / self.p)
    }
}

/// The number of successes among `draws` draws without replacement from an
/// urn of `successes` successes and `failures` failures.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hypergeometric {
    successes: u64,
    failures: u64,
    draws: u64,
}

impl Hypergeometric {
    /// `None` when there are more draws than balls.
    pub(crate) fn new(successes: u64, failures: u64, draws: u64) -> Option<Self> {
        (u128::from(draws) <= u128::from(successes) + u128::from(failures)).then_some(
            Hypergeometric {
                successes,
                failures,
                draws,
            },
        )
    }
}

impl LogConcave for Hypergeometric {
    fn support(&self) -> (u64, u64) {
        (
            self.draws.saturating_sub(self.failures),
            self.draws.min(self.successes),
        )
    }

    fn mode(&self) -> u64 {
        // floor((draws + 1)(successes + 1) / (N + 2)) in exact integers.
        let numerator = (u128::from(self.draws) + 1) * (u128::from(self.successes) + 1);
        let denominator = u128::from(self.successes) + u128::from(self.failures) + 2;
        let (lo, hi) = self.support();
        u64::try_from(numerator / denominator)
            .unwrap_or(hi)
            .clamp(lo, hi)
    }

    fn ln_pmf(&self, x: u64) -> f64 {
        ln_hypergeometric_pmf(x, self.successes, self.failures, self.draws)
    }

    fn ratio_up(&self, x: u64) -> f64 {
        let x = x as f64;
        let successes = self.successes as f64;
        let failures = self.failures as f64;
        let draws = self.draws as f64;
        (successes - x) * (draws - x) / ((x + 1.0) * (failures - draws + x + 1.0))
    }

    fn ratio_down(&self, x: u64) -> f64 {
        let x = x as f64;
        let successes = self.successes as f64;
        let failures = self.failures as f64;
        let draws = self.draws as f64;
        x * (failures - draws + x) / ((successes - x + 1.0) * (draws - x + 1.0))
    }
}

/// ln of the sum of P(X = j) for j from `start` to `end` inclusive (either
/// direction), for a stretch over which the probabilities do not rise
/// (beyond rounding at the first step). Stops early once the rest is
/// negligible.
fn ln_sum_outward<D: LogConcave>(dist: &D, start: u64, end: u64) -> f64 {
    let ln_first = dist.ln_pmf(start);
    if ln_first == f64::NEG_INFINITY {
        return ln_first;
    }
    let upward = end >= start;
    let mut j = start;
    let mut term = 1.0_f64;
    let mut sum = 1.0_f64;
    // Neumaier's compensation: millions of terms must not add rounding.
    let mut compensation = 0.0_f64;
    let mut steps: u64 = 0;
    while j != end {
        let ratio = if upward {
            dist.ratio_up(j)
        } else {
            dist.ratio_down(j)
        };
        j = if upward { j + 1 } else { j - 1 };
        steps += 1;
        term = if steps % REANCHOR_EVERY == 0 {
            (dist.ln_pmf(j) - ln_first).exp()
        } else {
            term * ratio
        };
        let next = sum + term;
        compensation += if sum >= term {
            (sum - next) + term
        } else {
            (term - next) + sum
        };
        sum = next;
        // Later ratios are at most `ratio` (log-concavity), so the rest of
        // the tail is at most term * ratio / (1 - ratio).
        if ratio < 1.0 && term * ratio <= TAIL_TOLERANCE * (1.0 - ratio) * sum {
            break;
        }
    }
    ln_first + (sum + compensation).ln()
}

/// ln P(X <= k).
pub(crate) fn ln_lower_tail<D: LogConcave>(dist: &D, k: u64) -> f64 {
    let (lo, hi) = dist.support();
    if k < lo {
        return f64::NEG_INFINITY;
    }
    if k >= hi {
        return 0.0;
    }
    let mode = dist.mode().clamp(lo, hi);
    let ln_tail = if k < mode {
        ln_sum_outward(dist, k, lo)
    } else if k == mode {
        ln_sum_outward(dist, mode, lo)
    } else {
        // Both pieces fall away from the mode: no cancellation anywhere.
        ln_add_exp(
            ln_sum_outward(dist, mode, lo),
            ln_sum_outward(dist, mode + 1, k),
        )
    };
    ln_tail.min(0.0)
}

/// ln P(X >= k).
pub(crate) fn ln_upper_tail<D: LogConcave>(dist: &D, k: u64) -> f64 {
    let (lo, hi) = dist.support();
    if k > hi {
        return f64::NEG_INFINITY;
    }
    if k <= lo {
        return 0.0;
    }
    let mode = dist.mode().clamp(lo, hi);
    let ln_tail = if k > mode {
        ln_sum_outward(dist, k, hi)
    } else if k == mode {
        ln_sum_outward(dist, mode, hi)
    } else {
        ln_add_exp(
            ln_sum_outward(dist, mode, hi),
            ln_sum_outward(dist, mode - 1, k),
        )
    };
    ln_tail.min(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::testing::assert_close;

    /// Log-probabilities: an absolute error e on the log is a relative
    /// error e on the probability.
    fn assert_ln_close(actual: f64, expected: f64) {
        let error = (actual - expected).abs();
        assert!(
            error <= 1e-12 * expected.abs().max(1.0),
            "actual {actual:e}, expected {expected:e}, error {error:e}"
        );
    }

    /// C(n, k) in exact integers, for small n.
    fn choose_exact(n: u64, k: u64) -> u128 {
        (0..k).fold(1u128, |c, i| c * u128::from(n - i) / u128::from(i + 1))
    }

    #[test]
    fn binomial_pmf_matches_mpmath() {
        // mpmath (50 digits): loggamma(n+1) - loggamma(k+1) - loggamma(n-k+1)
        //   + k*log(p) + (n-k)*log(1-p), with p the exact double.
        let cases: [(u64, u64, f64, f64); 12] = [
            (3, 10, 0.5, -2.1439800628174073),
            (0, 1_000_000_000_000, 0.5, -693147180559.9453),
            (500_000_000_000, 1_000_000_000_000, 0.5, -14.041301910609251),
            (1, 1_000_000_000, 1e-9, -0.9999999995),
            (100, 1_000_000, 0.5, -692129.3738298686),
            (999_999, 1_000_000, 0.3, -1203958.1415175176),
            (17, 40, 0.1, -16.358347744172647),
            (400, 1000, 0.3, -26.241942968068464),
            (1, 1, 0.25, -1.3862943611198906),
            (0, 1, 0.25, -0.2876820724517809),
            (
                999_999_999_997,
                1_000_000_000_000,
                0.999999999999,
                -2.7918037134028646,
            ),
            (2, 1_000_000_000_000, 1e-12, -1.6931471805594454),
        ];
        for (k, n, p, expected) in cases {
            assert_ln_close(ln_binomial_pmf(k, n, p), expected);
        }
    }

    #[test]
    fn binomial_pmf_edges() {
        assert_eq!(ln_binomial_pmf(0, 0, 0.3), 0.0);
        assert_eq!(ln_binomial_pmf(0, 7, 0.0), 0.0);
        assert_eq!(ln_binomial_pmf(1, 7, 0.0), f64::NEG_INFINITY);
        assert_eq!(ln_binomial_pmf(7, 7, 1.0), 0.0);
        assert_eq!(ln_binomial_pmf(6, 7, 1.0), f64::NEG_INFINITY);
        assert_eq!(ln_binomial_pmf(8, 7, 0.5), f64::NEG_INFINITY);
        assert_close(ln_binomial_pmf(7, 7, 0.5), -7.0 * 2f64.ln(), 1e-15);
        assert_close(ln_binomial_pmf(0, 7, 0.5), -7.0 * 2f64.ln(), 1e-15);
        assert!(ln_binomial_pmf(1, 7, 1.5).is_nan());
        assert!(ln_binomial_pmf(1, 7, -0.1).is_nan());
        assert!(ln_binomial_pmf(1, 7, f64::NAN).is_nan());
    }

    #[test]
    fn binomial_pmf_sums_to_one() {
        for (n, p) in [(1u64, 0.3), (10, 0.5), (57, 0.01), (200, 0.77)] {
            let total: f64 = (0..=n).map(|k| ln_binomial_pmf(k, n, p).exp()).sum();
            assert_close(total, 1.0, 1e-13);
        }
    }

    #[test]
    fn choose_matches_exact_integers() {
        for n in 0..=60u64 {
            for k in 0..=n {
                let exact = choose_exact(n, k) as f64;
                assert_close(ln_choose(n, k).exp(), exact, 1e-13);
            }
        }
        assert_eq!(ln_choose(5, 0), 0.0);
        assert_eq!(ln_choose(5, 5), 0.0);
        assert_eq!(ln_choose(0, 0), 0.0);
        assert_eq!(ln_choose(5, 6), f64::NEG_INFINITY);
    }

    #[test]
    fn choose_matches_mpmath_for_huge_n() {
        // mpmath (50 digits): loggamma(n+1) - loggamma(k+1) - loggamma(n-k+1).
        let cases: [(u64, u64, f64); 8] = [
            (10, 3, 4.787491742782046),
            (2, 1, std::f64::consts::LN_2),
            (60, 30, 39.31170072601126),
            (1_000_000_000_000, 1, 27.631021115928547),
            (1_000_000_000_000, 500_000_000_000, 693147180545.904),
            (1_000_000_000_000, 1000, 21718.892936940883),
            (1_000_000_000_000, 999_999_999_993, 184.8919864504134),
            (1_000_000_000, 12345, 151865.68708500025),
        ];
        for (n, k, expected) in cases {
            assert_close(ln_choose(n, k), expected, 1e-14);
            assert_eq!(ln_choose(n, k), ln_choose(n, n - k));
        }
    }

    #[test]
    fn hypergeometric_pmf_matches_mpmath() {
        // mpmath (50 digits): lnC(r, x) + lnC(b, d - x) - lnC(r + b, d).
        let cases: [(u64, u64, u64, u64, f64); 9] = [
            (2, 5, 5, 4, -0.7419373447293773),
            (0, 5, 5, 4, -3.7376696182833684),
            (1, 1_000_000, 1_000_000, 2, -0.6931466805598203),
            (500, 1000, 1000, 1000, -3.3334704017776984),
            (3, 1_000_000_000, 1_000_000_000, 10, -2.143980064317407),
            (
                500_000_000,
                1_000_000_000,
                1_000_000_000,
                1_000_000_000,
                -10.24085068121296,
            ),
            (
                100_000_000,
                1_000_000_000,
                1_000_000_000,
                1_000_000_000,
                -736128423.5561936,
            ),
            (7, 7, 30, 20, -4.8889234983272),
            (1, 3, 0, 1, 0.0),
        ];
        for (x, successes, failures, draws, expected) in cases {
            assert_ln_close(
                ln_hypergeometric_pmf(x, successes, failures, draws),
                expected,
            );
        }
    }

    #[test]
    fn hypergeometric_pmf_support_and_total() {
        // Support of 5 successes, 3 failures, 6 draws: 3..=5.
        assert_eq!(ln_hypergeometric_pmf(2, 5, 3, 6), f64::NEG_INFINITY);
        assert_eq!(ln_hypergeometric_pmf(6, 5, 3, 6), f64::NEG_INFINITY);
        assert_eq!(ln_hypergeometric_pmf(0, 5, 3, 0), 0.0);
        assert_eq!(ln_hypergeometric_pmf(5, 5, 3, 8), 0.0);
        assert!(ln_hypergeometric_pmf(1, 5, 3, 9).is_nan());
        for (successes, failures, draws) in [(5u64, 3u64, 6u64), (40, 60, 30), (1, 1, 1), (0, 9, 4)]
        {
            let total: f64 = (0..=draws)
                .map(|x| ln_hypergeometric_pmf(x, successes, failures, draws).exp())
                .sum();
            assert_close(total, 1.0, 1e-13);
        }
        // Exactly C(5, x) C(3, 6 - x) / C(8, 6).
        for x in 3..=5u64 {
            let exact = (choose_exact(5, x) * choose_exact(3, 6 - x)) as f64 / 28.0;
            assert_close(ln_hypergeometric_pmf(x, 5, 3, 6).exp(), exact, 1e-14);
        }
    }

    #[test]
    fn binomial_tails_match_mpmath() {
        // mpmath (50 digits): ln of the tail sum of exact pmf terms (betainc
        // where it converges), e.g. log(betainc(n - k, k + 1, 0, 1 - p,
        // regularized=True)) for P(X <= k).
        let lower: [(u64, u64, f64, f64); 6] = [
            (10, 1000, 0.5, -639.2090519107085),
            (500, 1000, 0.5, -0.6682350621326347),
            (0, 1_000_000_000_000, 1e-12, -1.0000000000005),
            (100, 1_000_000, 0.5, -692129.3737298538),
            (499_995_000, 1_000_000_000, 0.5, -0.9783607888939226),
            (
                300_001_000_000,
                1_000_000_000_000,
                0.3,
                -0.014655007778604949,
            ),
        ];
        for (k, n, p, expected) in lower {
            let dist = Binomial::new(n, p).unwrap();
            assert_ln_close(ln_lower_tail(&dist, k), expected);
        }
        let upper: [(u64, u64, f64, f64); 4] = [
            (600, 1000, 0.5, -22.715259239806745),
            (3, 10, 0.5, -0.05623971832287608),
            (500_100_000, 1_000_000_000, 0.5, -22.786775621823526),
            (2, 1_000_000_000_000, 1e-12, -1.3308932682040546),
        ];
        for (k, n, p, expected) in upper {
            let dist = Binomial::new(n, p).unwrap();
            assert_ln_close(ln_upper_tail(&dist, k), expected);
        }
    }

    #[test]
    fn hypergeometric_tails_match_mpmath() {
        // mpmath (50 digits): ln of sums of lnC(r, x) + lnC(b, d - x) - lnC(r + b, d).
        let dist = Hypergeometric::new(1000, 1000, 1000).unwrap();
        assert_ln_close(ln_lower_tail(&dist, 400), -42.98365998875086);
        assert_ln_close(ln_upper_tail(&dist, 520), -3.205095454583849);
        let dist = Hypergeometric::new(30, 70, 40).unwrap();
        assert_ln_close(ln_lower_tail(&dist, 12), -0.5272619364385681);
        let dist = Hypergeometric::new(1_000_000_000, 1_000_000_000, 1_000_000_000).unwrap();
        assert_ln_close(ln_upper_tail(&dist, 500_100_000), -43.12167876379689);
    }

    #[test]
    fn tails_are_complementary_and_bounded() {
        let binomials = [(30u64, 0.2), (1000, 0.5), (5000, 0.013), (1, 0.9)];
        for (n, p) in binomials {
            let dist = Binomial::new(n, p).unwrap();
            for k in (0..=n).step_by((n as usize / 37).max(1)) {
                let lower = ln_lower_tail(&dist, k);
                let upper = ln_upper_tail(&dist, k + 1);
                assert!(lower <= 0.0 && upper <= 0.0);
                assert_close(lower.exp() + upper.exp(), 1.0, 1e-13);
            }
            assert_eq!(ln_lower_tail(&dist, n), 0.0);
            assert_eq!(ln_upper_tail(&dist, 0), 0.0);
            assert_eq!(ln_upper_tail(&dist, n + 1), f64::NEG_INFINITY);
        }
        let dist = Hypergeometric::new(40, 60, 30).unwrap();
        for x in 0..=30 {
            let total = ln_lower_tail(&dist, x).exp() + ln_upper_tail(&dist, x + 1).exp();
            assert_close(total, 1.0, 1e-13);
        }
    }

    #[test]
    fn degenerate_binomials() {
        let certain_failure = Binomial::new(9, 0.0).unwrap();
        assert_eq!(ln_lower_tail(&certain_failure, 0), 0.0);
        assert_eq!(ln_upper_tail(&certain_failure, 1), f64::NEG_INFINITY);
        let certain_success = Binomial::new(9, 1.0).unwrap();
        assert_eq!(ln_lower_tail(&certain_success, 8), f64::NEG_INFINITY);
        assert_eq!(ln_upper_tail(&certain_success, 9), 0.0);
        assert!(Binomial::new(9, 1.01).is_none());
        assert!(Binomial::from_odds(9, f64::NAN).is_none());
    }

    #[test]
    fn log_odds_parametrisation_keeps_tiny_complements() {
        let dist = Binomial::from_odds(10, 40.0).unwrap();
        assert_eq!(dist.p(), 1.0);
        assert_close(dist.q(), (-40f64).exp() / (1.0 + (-40f64).exp()), 1e-15);
        // P(X = 9) = 10 p^9 q.
        assert_close(dist.ln_pmf(9), 10f64.ln() + dist.q().ln(), 1e-14);
    }

    #[test]
    fn ln_add_exp_is_stable() {
        assert_close(ln_add_exp(0.0, 0.0), 2f64.ln(), 1e-15);
        assert_close(ln_add_exp(-1000.0, -1000.0), -1000.0 + 2f64.ln(), 1e-15);
        assert_eq!(ln_add_exp(f64::NEG_INFINITY, -3.0), -3.0);
        assert_eq!(
            ln_add_exp(f64::NEG_INFINITY, f64::NEG_INFINITY),
            f64::NEG_INFINITY
        );
    }
}
