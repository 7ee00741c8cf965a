//! Confidence intervals for one proportion.
//!
//! Two methods: Wilson's score interval, the calculator's default, and the
//! Clopper-Pearson "exact" interval, offered as an option. Both take counts
//! (successes out of trials) and a confidence level in (0, 1), and return
//! `None` when the proportion or the level is undefined.

use crate::stats::distributions::{
    ln_choose, ln_lower_tail, ln_upper_tail, Binomial, LogConcave, MAX_EXACT_COUNT,
};
use crate::stats::{z_for_confidence, Interval};

/// The Clopper-Pearson solver stops once a Newton step moves the log-odds
/// by less than this many units of the last place.
const LOG_ODDS_TOLERANCE: f64 = 4.0 * f64::EPSILON;

/// A cap on root-finder iterations; bisection alone would need about 64 to
/// pin a double, and safeguarded Newton usually needs fewer than ten.
const MAX_ITERATIONS: usize = 200;

/// The proportion and the confidence level, checked: `None` when there are
/// no trials, more successes than trials, or a level outside (0, 1).
fn validate(successes: u64, trials: u64, confidence: f64) -> Option<()> {
    (trials > 0 && successes <= trials && confidence > 0.0 && confidence < 1.0).then_some(())
}

/// Wilson's bounds for `z`, assuming validated counts.
fn wilson_bounds(successes: u64, trials: u64, z: f64) -> (f64, f64) {
    let n = trials as f64;
    let p = successes as f64 / n;
    let q = (trials - successes) as f64 / n;
    let z2 = z * z;
    let centre = p + z2 / (2.0 * n);
    let spread = z * (p * q / n + z2 / (4.0 * n * n)).sqrt();
    let shrink = 1.0 + z2 / n;
    // (centre - spread) / shrink would cancel for small p; the product of
    // the two bounds is p^2 / shrink, which gives the lower bound exactly.
    let lower = if successes == 0 {
        0.0
    } else {
        p * p / (centre + spread)
    };
    let upper = if successes == trials {
        1.0
    } else {
        (centre + spread) / shrink
    };
    // Rounding must not push a bound past the estimate (it can when z is
    // tiny).
    (lower.clamp(0.0, p), upper.clamp(p, 1.0))
}

/// Wilson (1927) score interval for the proportion `successes / trials`.
///
/// The interval holds every p that a two-sided score test would not reject:
/// the roots of `(p_hat - p)^2 = z^2 p (1 - p) / n`, that is
/// `(p_hat + z^2/2n +- z sqrt(p_hat q_hat / n + z^2/4n^2)) / (1 + z^2/n)`
/// with `z = z_for_confidence(confidence)`. The lower root is computed as
/// `p_hat^2 / (p_hat + z^2/2n + z sqrt(...))`, the same number without the
/// cancellation, so small proportions keep their precision. Bounds are
/// clamped to [0, 1] and are exactly 0 for 0 successes and 1 for `n` of `n`.
/// Matches statsmodels `proportion_confint(successes, trials, alpha,
/// method="wilson")`.
///
/// `None` when `trials = 0`, `successes > trials` or `confidence` is not in
/// (0, 1).
///
/// ```
/// use ips_equity::stats::proportion::wilson;
/// let ci = wilson(81, 263, 0.95).unwrap();
/// assert!((ci.lower - 0.2552885198782742).abs() < 1e-15);
/// assert!((ci.upper - 0.36620957698280004).abs() < 1e-15);
/// assert_eq!(wilson(0, 10, 0.95).unwrap().lower, 0.0);
/// assert_eq!(wilson(1, 0, 0.95), None);
/// ```
pub fn wilson(successes: u64, trials: u64, confidence: f64) -> Option<Interval> {
    validate(successes, trials, confidence)?;
    let z = z_for_confidence(confidence);
    if !z.is_finite() {
        return None;
    }
    let (lower, upper) = wilson_bounds(successes, trials, z);
    Some(Interval::new(lower, upper))
}

/// Clopper & Pearson (1934) "exact" interval for the proportion
/// `successes / trials`.
///
/// With `x` successes in `n` trials and `alpha = 1 - confidence`, the lower
/// bound is the p at which `P(X >= x | p) = alpha / 2` and the upper bound
/// the p at which `P(X <= x | p) = alpha / 2`, X ~ Bin(n, p) (the beta
/// quantiles `Beta(alpha/2; x, n - x + 1)` and `Beta(1 - alpha/2; x + 1,
/// n - x)`). The lower bound is 0 when `x = 0` and the upper bound 1 when
/// `x = n`; `x = n` and `x = 0` have closed forms for the other bound.
/// Matches statsmodels `proportion_confint(successes, trials, alpha,
/// method="beta")`.
///
/// Each bound is the root of the log tail probability as a function of the
/// log-odds of p, found by Newton's method safeguarded by bisection inside a
/// bracket that provably holds the root, on the log-space binomial tails of
/// [`crate::stats::distributions`]: within 4e-15 relative of mpmath,
/// however small the bound, in a bounded number of iterations (usually two
/// or three tail evaluations per bound). statrs' beta quantile is not used:
/// measured, it is off by 9e-10 relative at shapes near 1e9 and does not
/// finish for Beta(1, 10^12). Nor are statsmodels' own bounds a reference
/// for counts in the billions: its beta quantiles drift there (by 9e-9 for
/// 1 in 10^9), so the tests below check against mpmath.
///
/// `None` when `trials = 0`, `successes > trials`, `confidence` is not in
/// (0, 1) or `trials` exceeds 10^12 (only a typing error could).
///
/// ```
/// use ips_equity::stats::proportion::clopper_pearson;
/// let ci = clopper_pearson(81, 263, 0.95).unwrap();
/// assert!((ci.lower - 0.25273674558527115).abs() < 1e-15);
/// assert!((ci.upper - 0.36762192260135135).abs() < 1e-15);
/// assert_eq!(clopper_pearson(0, 10, 0.95).unwrap().lower, 0.0);
/// ```
pub fn clopper_pearson(successes: u64, trials: u64, confidence: f64) -> Option<Interval> {
    validate(successes, trials, confidence)?;
    if trials > MAX_EXACT_COUNT {
        return None;
    }
    let ln_half_alpha = ((1.0 - confidence) / 2.0).ln();
    let z = z_for_confidence(confidence);
    // Wilson's bounds are close to Clopper-Pearson's: good starting points.
    let (wilson_lower, wilson_upper) = if z.is_finite() {
        wilson_bounds(successes, trials, z)
    } else {
        (0.0, 1.0)
    };
    let lower = exact_lower_bound(successes, trials, ln_half_alpha, wilson_lower);
    let upper = exact_upper_bound(successes, trials, ln_half_alpha, wilson_upper);
    Some(Interval::new(lower, upper))
}

/// ln(p / (1 - p)) from ln p, for p in (0, 1).
fn log_odds_from_ln(ln_p: f64) -> f64 {
    ln_p - (-ln_p.exp_m1()).ln()
}

/// ln(p / (1 - p)).
fn log_odds(p: f64) -> f64 {
    p.ln() - (-p).ln_1p()
}

/// The p solving `P(X >= x | p) = alpha / 2`, for `1 <= x <= n`.
fn exact_lower_bound(x: u64, n: u64, ln_half_alpha: f64, guess: f64) -> f64 {
    if x == 0 {
        return 0.0;
    }
    if x == n {
        return (ln_half_alpha / n as f64).exp();
    }
    let xf = x as f64;
    // P(X >= x | p) <= C(n, x) p^x, so the root is at least this; and
    // P(X >= x | x/n) >= 1/2 >= alpha/2, so it is at most x/n.
    let ln_floor = (ln_half_alpha - ln_choose(n, x)) / xf;
    let lo = log_odds_from_ln(ln_floor);
    let hi = xf.ln() - ((n - x) as f64).ln();
    let tail = |u: f64| {
        let dist = Binomial::from_odds(n, u)?;
        let ln_tail = ln_upper_tail(&dist, x);
        // d/du P(X >= x) = x q P(X = x), with p = 1 / (1 + e^-u).
        let ln_slope = xf.ln() + dist.q().ln() + dist.ln_pmf(x) - ln_tail;
        Some((ln_tail - ln_half_alpha, ln_slope.exp()))
    };
    logistic(solve_increasing(tail, lo, hi, log_odds(guess)))
}

/// The p solving `P(X <= x | p) = alpha / 2`, for `0 <= x <= n - 1`.
fn exact_upper_bound(x: u64, n: u64, ln_half_alpha: f64, guess: f64) -> f64 {
    if x == n {
        return 1.0;
    }
    if x == 0 {
        return -(ln_half_alpha / n as f64).exp_m1();
    }
    let rest = (n - x) as f64;
    // P(X <= x | p) <= C(n, x) q^(n - x) bounds the root's q from below;
    // P(X <= x | x/n) >= 1/2 puts the root above x/n.
    let ln_q_floor = (ln_half_alpha - ln_choose(n, x)) / rest;
    let lo = (x as f64).ln() - rest.ln();
    let hi = -log_odds_from_ln(ln_q_floor);
    let tail = |u: f64| {
        let dist = Binomial::from_odds(n, u)?;
        let ln_tail = ln_lower_tail(&dist, x);
        // d/du P(X <= x) = -(n - x) p P(X = x).
        let ln_slope = rest.ln() + dist.p().ln() + dist.ln_pmf(x) - ln_tail;
        Some((ln_half_alpha - ln_tail, ln_slope.exp()))
    };
    logistic(solve_increasing(tail, lo, hi, log_odds(guess)))
}

/// 1 / (1 + e^-u).
fn logistic(u: f64) -> f64 {
    1.0 / (1.0 + (-u).exp())
}

/// The root in `[lo, hi]` of an increasing function given with its slope,
/// negative at `lo` and positive at `hi`: Newton steps while they stay
/// inside the shrinking bracket, bisection otherwise ("rtsafe", Press et
/// al., Numerical Recipes, section 9.4).
fn solve_increasing(
    f: impl Fn(f64) -> Option<(f64, f64)>,
    mut lo: f64,
    mut hi: f64,
    start: f64,
) -> f64 {
    if lo >= hi || lo.is_nan() || hi.is_nan() {
        return if hi.is_finite() { hi } else { lo };
    }
    // A start on the bracket's edge is fine: it is evaluated like any other.
    let mut u = if start.is_nan() {
        0.5 * (lo + hi)
    } else {
        start.clamp(lo, hi)
    };
    for _ in 0..MAX_ITERATIONS {
        let Some((value, slope)) = f(u) else {
            return u;
        };
        if value == 0.0 {
            return u;
        }
        if value < 0.0 {
            lo = u;
        } else {
            hi = u;
        }
        let newton = u - value / slope;
        let next = if newton.is_finite() && newton >= lo && newton <= hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        let tolerance = LOG_ODDS_TOLERANCE * u.abs().max(1.0);
        if (next - u).abs() <= tolerance || hi - lo <= tolerance {
            return next;
        }
        u = next;
    }
    u
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::distributions::{ln_lower_tail, ln_upper_tail, Binomial};
    use crate::stats::testing::assert_close;

    /// (successes, trials, confidence, lower, upper).
    type Case = (u64, u64, f64, f64, f64);

    /// statsmodels.stats.proportion.proportion_confint(x, n, 1 - confidence,
    /// method="wilson"); each also agrees to 1e-14 with the closed form
    /// evaluated in mpmath at 50 digits.
    const WILSON: [Case; 18] = [
        (81, 263, 0.95, 0.2552885198782742, 0.36620957698280004),
        (0, 10, 0.95, 0.0, 0.2775327998628892),
        (10, 10, 0.95, 0.7224672001371107, 1.0),
        (1, 10, 0.95, 0.017876213095072896, 0.4041500267952385),
        (9, 10, 0.95, 0.5958499732047615, 0.9821237869049271),
        (1, 1, 0.95, 0.20654931437723745, 1.0),
        (0, 1, 0.95, 0.0, 0.7934506856227626),
        (5, 20, 0.9, 0.1273771685203577, 0.4322017501601246),
        (5, 20, 0.99, 0.087363908401074, 0.5371887921483026),
        (50, 100, 0.95, 0.4038315303659956, 0.5961684696340044),
        (3, 10, 0.5, 0.21271486284037866, 0.40469074938748906),
        (
            1,
            1_000_000_000,
            0.95,
            1.7652455495696247e-10,
            5.664934243297438e-09,
        ),
        (
            1,
            1_000_000_000_000,
            0.95,
            1.7652455493517475e-13,
            5.6649342657365116e-12,
        ),
        (
            1000,
            1_000_000_000_000,
            0.99,
            9.217950461118481e-10,
            1.0848398504758595e-09,
        ),
        (
            999_999_999_999,
            1_000_000_000_000,
            0.95,
            0.9999999999943353,
            0.9999999999998236,
        ),
        (0, 1_000_000_000_000, 0.95, 0.0, 3.8414588206793685e-12),
        (
            123_456,
            1_000_000_000,
            0.95,
            0.00012276930114666216,
            0.0001241465393636415,
        ),
        (
            500_000_000,
            1_000_000_000,
            0.95,
            0.4999690102484443,
            0.5000309897515557,
        ),
    ];

    /// Roots of P(X >= x | p) = alpha/2 and P(X <= x | p) = alpha/2 found
    /// in mpmath at 40 digits (Illinois iteration on exact tail sums), which
    /// agree with statsmodels proportion_confint(x, n, 1 - confidence,
    /// method="beta") to 1e-14 except where marked.
    const CLOPPER_PEARSON: [Case; 19] = [
        (81, 263, 0.95, 0.25273674558527115, 0.36762192260135135),
        (0, 10, 0.95, 0.0, 0.3084971078187608),
        (10, 10, 0.95, 0.6915028921812393, 1.0),
        (1, 10, 0.95, 0.002528578544461787, 0.4450161170281954),
        (9, 10, 0.95, 0.5549838829718047, 0.9974714214555382),
        (1, 1, 0.95, 0.025000000000000022, 1.0),
        (0, 1, 0.95, 0.0, 0.975),
        (5, 20, 0.9, 0.10408083591013607, 0.4555824040017488),
        (5, 20, 0.99, 0.05833393605895182, 0.5597609077584391),
        (50, 100, 0.95, 0.398321129503301, 0.601678870496699),
        (3, 10, 0.5, 0.17557128748954529, 0.45769615457485197),
        // statsmodels' upper bound, 5.571643429123389e-09, is off by 9e-9.
        (
            1,
            1_000_000_000,
            0.95,
            2.5317807983969402e-11,
            5.571643378203114e-09,
        ),
        (
            1,
            1_000_000_000_000,
            0.95,
            2.5317807984289576e-14,
            5.571643390926162e-12,
        ),
        // statsmodels' lower bound, 1.49e-8, is above its upper bound.
        (
            1000,
            1_000_000_000_000,
            0.99,
            9.204240461995208e-10,
            1.0843728680186433e-09,
        ),
        (
            999_999_999_999,
            1_000_000_000_000,
            0.95,
            0.9999999999944283,
            0.9999999999999747,
        ),
        (
            1,
            1_000_000_000_000,
            0.999999,
            5.000001250144195e-19,
            1.742221501235725e-11,
        ),
        (0, 1_000_000_000_000, 0.95, 0.0, 3.688879454107132e-12),
        (
            123_456,
            1_000_000_000,
            0.95,
            0.00012276833085301321,
            0.00012414656552568756,
        ),
        (
            500_000_000,
            1_000_000_000,
            0.95,
            0.4999690097484223,
            0.5000309902515777,
        ),
    ];

    #[test]
    fn wilson_matches_statsmodels() {
        for (x, n, confidence, lower, upper) in WILSON {
            let ci = wilson(x, n, confidence).unwrap();
            assert_close(ci.lower, lower, 1e-12);
            assert_close(ci.upper, upper, 1e-12);
        }
        // At 0.999999 the normal quantile, computed as Phi^-1(1 - alpha/2),
        // carries a relative error near 5e-12 (SciPy's norm.ppf has the same).
        let ci = wilson(1, 1_000_000_000_000, 0.999999).unwrap();
        assert_close(ci.lower, 3.862569576531451e-14, 1e-9);
        assert_close(ci.upper, 2.5889501280493744e-11, 1e-9);
    }

    #[test]
    fn clopper_pearson_matches_mpmath() {
        for (x, n, confidence, lower, upper) in CLOPPER_PEARSON {
            let ci = clopper_pearson(x, n, confidence).unwrap();
            assert_close(ci.lower, lower, 1e-12);
            assert_close(ci.upper, upper, 1e-12);
        }
    }

    #[test]
    fn undefined_inputs_give_none() {
        for interval in [wilson, clopper_pearson] {
            assert_eq!(interval(0, 0, 0.95), None);
            assert_eq!(interval(6, 5, 0.95), None);
            assert!(interval(1, 1_000_000_000_000, 0.95).is_some());
            for confidence in [0.0, 1.0, -0.5, 1.5, f64::NAN, f64::INFINITY] {
                assert_eq!(interval(2, 5, confidence), None);
            }
        }
        assert!(wilson(1, u64::MAX, 0.95).is_some());
        assert_eq!(clopper_pearson(1, 1_000_000_000_001, 0.95), None);
    }

    #[test]
    fn none_and_all_have_exact_ends() {
        for n in [1u64, 2, 17, 1_000_000, 1_000_000_000_000] {
            let nf = n as f64;
            let ci = wilson(0, n, 0.95).unwrap();
            assert_eq!(ci.lower, 0.0);
            let ci = wilson(n, n, 0.95).unwrap();
            assert_eq!(ci.upper, 1.0);
            // Wilson's bound for n of n is n / (n + z^2).
            let z = z_for_confidence(0.95);
            assert_close(ci.lower, nf / (nf + z * z), 1e-14);
            // Clopper-Pearson: (alpha/2)^(1/n) and its mirror, in closed form.
            let ci = clopper_pearson(0, n, 0.95).unwrap();
            assert_eq!(ci.lower, 0.0);
            assert_close(ci.upper, -(0.025f64.ln() / nf).exp_m1(), 1e-14);
            let ci = clopper_pearson(n, n, 0.95).unwrap();
            assert_eq!(ci.upper, 1.0);
            assert_close(ci.lower, 0.025f64.powf(1.0 / nf), 1e-14);
        }
    }

    /// The bounds put alpha/2 in each tail. (Bounds within 1e-5 of 0 or 1
    /// are left out: rounding them to a double moves the tail by more than
    /// 1e-12.)
    #[test]
    fn clopper_pearson_bounds_solve_their_equations() {
        for (x, n) in [(1u64, 3u64), (4, 9), (20, 31), (77, 1000), (5, 100_000)] {
            for confidence in [0.5, 0.9, 0.95, 0.99, 0.9999] {
                let ln_half_alpha = ((1.0 - confidence) / 2.0f64).ln();
                let ci = clopper_pearson(x, n, confidence).unwrap();
                let at_lower = Binomial::new(n, ci.lower).unwrap();
                let at_upper = Binomial::new(n, ci.upper).unwrap();
                assert_close(ln_upper_tail(&at_lower, x), ln_half_alpha, 1e-12);
                assert_close(ln_lower_tail(&at_upper, x), ln_half_alpha, 1e-12);
            }
        }
    }

    #[test]
    fn intervals_mirror_under_swapping_successes_and_failures() {
        for (x, n) in [
            (0u64, 5u64),
            (3, 5),
            (12, 40),
            (999, 1000),
            (1, 1_000_000_000),
        ] {
            for interval in [wilson, clopper_pearson] {
                let ci = interval(x, n, 0.95).unwrap();
                let mirror = interval(n - x, n, 0.95).unwrap();
                assert!((ci.lower - (1.0 - mirror.upper)).abs() <= 1e-15);
                assert!((ci.upper - (1.0 - mirror.lower)).abs() <= 1e-15);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn intervals_hold_the_estimate_and_nest(
            n in 1u64..10_000_000,
            share in 0.0f64..=1.0,
            confidence in 0.01f64..0.9999,
        ) {
            let x = ((n as f64) * share).round() as u64;
            let estimate = x as f64 / n as f64;
            let wider = 1.0 - (1.0 - confidence) / 10.0;
            for interval in [wilson, clopper_pearson] {
                let ci = interval(x, n, confidence).unwrap();
                proptest::prop_assert!(0.0 <= ci.lower && ci.upper <= 1.0);
                proptest::prop_assert!(ci.contains(estimate), "{ci:?} {estimate}");
                let outer = interval(x, n, wider).unwrap();
                proptest::prop_assert!(outer.lower <= ci.lower && ci.upper <= outer.upper);
            }
        }
    }
}
