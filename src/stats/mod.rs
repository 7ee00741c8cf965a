//! Statistical methods, one module per family, each citing its source.
//!
//! Everything here works on plain counts and returns plain numbers; an
//! undefined quantity is `None`, never NaN. Nothing here panics on any input.

pub mod chisquare;
pub mod comparison;
pub mod distributions;
pub mod exact;
pub mod freeman_halton;
pub mod multiplicity;
pub mod proportion;

/// A two-sided confidence interval, `lower <= upper`; in JSON, `[lower, upper]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub lower: f64,
    pub upper: f64,
}

impl Interval {
    pub fn new(lower: f64, upper: f64) -> Self {
        Interval { lower, upper }
    }

    pub fn contains(&self, value: f64) -> bool {
        self.lower <= value && value <= self.upper
    }

    /// Both bounds divided by a positive constant (a ratio's interval from a
    /// proportion's, when the denominator is a fixed, known value).
    pub fn scaled_by(&self, divisor: f64) -> Option<Interval> {
        (divisor > 0.0).then(|| Interval::new(self.lower / divisor, self.upper / divisor))
    }
}

impl serde::Serialize for Interval {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        [self.lower, self.upper].serialize(serializer)
    }
}

/// The standard normal quantile z = Phi^-1(1 - alpha/2) for a two-sided
/// interval at `confidence` (for example 1.959963984540054 at 0.95).
///
/// Computed as -Phi^-1(alpha/2), from the lower tail, so that confidence
/// levels close to 1 keep full precision (1 - alpha/2 would round away the
/// digits of alpha).
pub fn z_for_confidence(confidence: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    let alpha = 1.0 - confidence;
    -Normal::standard().inverse_cdf(alpha / 2.0)
}

/// Assertions shared by the statistics modules' tests.
#[cfg(test)]
pub(crate) mod testing {
    /// Asserts agreement to `relative`, or to 1e-15 absolute for an expected 0.
    pub(crate) fn assert_close(actual: f64, expected: f64, relative: f64) {
        let error = (actual - expected).abs();
        assert!(
            error <= relative * expected.abs() || (expected == 0.0 && error <= 1e-15),
            "actual {actual:e}, expected {expected:e}, relative error {:e}",
            error / expected.abs()
        );
    }
}
