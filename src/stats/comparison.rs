//! Comparing two proportions e1/n1 and e2/n2: their difference and their
//! ratio, each with a confidence interval.

use super::proportion::wilson;
use super::{z_for_confidence, Interval};

/// Newcombe's (1998) hybrid score interval for the difference
/// e1/n1 - e2/n2 (his method 10), as statsmodels'
/// `confint_proportions_2indep(method="newcomb", compare="diff")`.
///
/// With (l1, u1) and (l2, u2) the Wilson intervals of the two proportions,
/// the bounds are d - sqrt((p1 - l1)^2 + (u2 - p2)^2) and
/// d + sqrt((u1 - p1)^2 + (p2 - l2)^2). It behaves well at 0/n and n/n, where
/// the simple Wald interval collapses. `None` when either group is empty.
///
/// Newcombe's example 56/70 vs 48/80: difference 0.2, 95% CI 0.0524 to 0.3339.
/// ```
/// use ips_equity::stats::comparison::newcombe_difference;
/// let ci = newcombe_difference(56, 70, 48, 80, 0.95).unwrap();
/// assert!((ci.lower - 0.0524).abs() < 5e-5 && (ci.upper - 0.3339).abs() < 5e-5);
/// ```
pub fn newcombe_difference(
    e1: u64,
    n1: u64,
    e2: u64,
    n2: u64,
    confidence: f64,
) -> Option<Interval> {
    let first = wilson(e1, n1, confidence)?;
    let second = wilson(e2, n2, confidence)?;
    let p1 = e1 as f64 / n1 as f64;
    let p2 = e2 as f64 / n2 as f64;
    let difference = p1 - p2;
    let lower = difference - (p1 - first.lower).hypot(second.upper - p2);
    let upper = difference + (first.upper - p1).hypot(p2 - second.lower);
    Some(Interval::new(lower.max(-1.0), upper.min(1.0)))
}

/// The Katz et al. (1978) log interval for the ratio (e1/n1) / (e2/n2):
/// exp(ln RR -+ z sqrt(1/e1 - 1/n1 + 1/e2 - 1/n2)), as statsmodels'
/// `confint_proportions_2indep(method="log", compare="ratio")`.
///
/// The same interval serves the relative access rate (IPS clients out of
/// the population of each group). `None` when a group is empty or has no
/// events (the log of a zero rate is undefined), or when the confidence is
/// not strictly between 0 and 1.
///
/// ```
/// use ips_equity::stats::comparison::katz_ratio;
/// let ci = katz_ratio(56, 70, 48, 80, 0.95).unwrap();
/// assert!((ci.lower - 1.0766).abs() < 5e-5 && (ci.upper - 1.6512).abs() < 5e-5);
/// ```
pub fn katz_ratio(e1: u64, n1: u64, e2: u64, n2: u64, confidence: f64) -> Option<Interval> {
    let valid_confidence = confidence > 0.0 && confidence < 1.0;
    if e1 == 0 || e2 == 0 || e1 > n1 || e2 > n2 || !valid_confidence {
        return None;
    }
    let [e1, n1, e2, n2] = [e1, n1, e2, n2].map(|count| count as f64);
    let log_ratio = ((e1 / n1) / (e2 / n2)).ln();
    let standard_error = (1.0 / e1 - 1.0 / n1 + 1.0 / e2 - 1.0 / n2).sqrt();
    let half_width = z_for_confidence(confidence) * standard_error;
    Some(Interval::new(
        (log_ratio - half_width).exp(),
        (log_ratio + half_width).exp(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_interval(got: Interval, lower: f64, upper: f64) {
        for (g, w) in [(got.lower, lower), (got.upper, upper)] {
            let scale = w.abs().max(1e-300);
            assert!(
                ((g - w) / scale).abs() <= 1e-9,
                "got {got:?}, want [{lower}, {upper}]"
            );
        }
    }

    #[test]
    fn newcombe_1998_worked_example() {
        // SPEC's known value; statsmodels confint_proportions_2indep(56, 70, 48, 80,
        // method="newcomb", compare="diff")
        let ci = newcombe_difference(56, 70, 48, 80, 0.95).unwrap();
        assert_interval(ci, 0.05243147240236498, 0.33387265403690614);
    }

    #[test]
    fn katz_worked_example() {
        // statsmodels confint_proportions_2indep(56, 70, 48, 80, method="log", compare="ratio")
        let ci = katz_ratio(56, 70, 48, 80, 0.95).unwrap();
        assert_interval(ci, 1.0766264227631928, 1.6512485112663873);
    }

    #[test]
    fn zero_events_have_a_difference_but_no_log_ratio() {
        assert!(newcombe_difference(0, 10, 0, 20, 0.95).is_some());
        assert_eq!(katz_ratio(0, 10, 3, 20, 0.95), None);
        assert_eq!(katz_ratio(3, 10, 0, 20, 0.95), None);
    }

    #[test]
    fn confidence_outside_zero_to_one_is_none() {
        for confidence in [0.0, 1.0, -0.5, 1.5, f64::NAN] {
            assert_eq!(katz_ratio(1, 1, 3, 10, confidence), None, "{confidence}");
        }
    }

    #[test]
    fn empty_groups_are_none() {
        assert_eq!(newcombe_difference(0, 0, 3, 20, 0.95), None);
        assert_eq!(katz_ratio(3, 0, 3, 20, 0.95), None);
    }
}
