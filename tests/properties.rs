//! Properties every statistic must have, whatever the counts: intervals that
//! hold their estimate and stay in range, nesting as the confidence grows,
//! p-values in [0, 1], and the symmetries of each method.

use ips_equity::stats::chisquare::{goodness_of_fit, independence};
use ips_equity::stats::comparison::{katz_ratio, newcombe_difference};
use ips_equity::stats::exact::{binomial_test, fisher_exact};
use ips_equity::stats::multiplicity::holm;
use ips_equity::stats::proportion::{clopper_pearson, wilson};
use ips_equity::stats::Interval;
use proptest::prelude::*;

/// Agreement between two computations of the same quantity by different
/// routes (a mirrored table, swapped groups).
const RELATIVE: f64 = 1e-9;

/// Below this, p-values may underflow (to 0 or to a subnormal with few
/// significant bits), so only their smallness is compared.
const UNDERFLOW: f64 = 1e-300;

const CONFIDENCES: [f64; 3] = [0.90, 0.95, 0.99];

type ProportionInterval = fn(u64, u64, f64) -> Option<Interval>;

const PROPORTION_METHODS: [(&str, ProportionInterval); 2] =
    [("wilson", wilson), ("clopper_pearson", clopper_pearson)];

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= (RELATIVE * a.abs().max(b.abs())).max(UNDERFLOW)
}

fn confidence() -> impl Strategy<Value = f64> {
    prop::sample::select(CONFIDENCES.to_vec())
}

/// `successes` out of `trials`, from a single person to a million.
fn proportion() -> impl Strategy<Value = (u64, u64)> {
    prop_oneof![1..=20u64, 1..=5_000u64, 1..=1_000_000u64]
        .prop_flat_map(|trials| (0..=trials, Just(trials)))
}

/// Intervals nest: each one lies within the next, wider one.
fn assert_nested(intervals: &[Interval]) -> Result<(), TestCaseError> {
    for pair in intervals.windows(2) {
        if let [narrow, wide] = pair {
            prop_assert!(
                wide.lower <= narrow.lower && narrow.upper <= wide.upper,
                "{narrow:?} is not inside {wide:?}"
            );
        }
    }
    Ok(())
}

fn unit_interval(value: f64) -> bool {
    (0.0..=1.0).contains(&value)
}

proptest! {
    #[test]
    fn proportion_intervals_hold_the_estimate_within_zero_and_one(
        (successes, trials) in proportion(),
        confidence in confidence(),
    ) {
        let estimate = successes as f64 / trials as f64;
        for (name, method) in PROPORTION_METHODS {
            let interval = method(successes, trials, confidence);
            prop_assert!(interval.is_some(), "{name}: None for {successes}/{trials}");
            if let Some(interval) = interval {
                prop_assert!(
                    0.0 <= interval.lower && interval.lower <= estimate
                        && estimate <= interval.upper && interval.upper <= 1.0,
                    "{name}: {interval:?} for {successes}/{trials} at {confidence}"
                );
            }
        }
    }

    #[test]
    fn proportion_intervals_nest_as_confidence_grows((successes, trials) in proportion()) {
        for (name, method) in PROPORTION_METHODS {
            let intervals: Option<Vec<Interval>> = CONFIDENCES
                .iter()
                .map(|&confidence| method(successes, trials, confidence))
                .collect();
            prop_assert!(intervals.is_some(), "{name}: None for {successes}/{trials}");
            assert_nested(&intervals.unwrap_or_default())?;
        }
    }

    /// Counting failures instead of successes mirrors the interval.
    #[test]
    fn proportion_intervals_mirror_when_successes_and_failures_swap(
        (successes, trials) in proportion(),
        confidence in confidence(),
    ) {
        for (name, method) in PROPORTION_METHODS {
            let direct = method(successes, trials, confidence);
            let mirrored = method(trials - successes, trials, confidence);
            if let (Some(direct), Some(mirrored)) = (direct, mirrored) {
                prop_assert!(
                    (direct.lower - (1.0 - mirrored.upper)).abs() <= 1e-12
                        && (direct.upper - (1.0 - mirrored.lower)).abs() <= 1e-12,
                    "{name}: {direct:?} against mirrored {mirrored:?} for {successes}/{trials}"
                );
            } else {
                prop_assert!(false, "{name}: None for {successes}/{trials}");
            }
        }
    }

    /// Whatever the confidence (0, 1, negative, NaN, infinite, subnormal),
    /// the interval functions answer without panicking: `None`, or finite
    /// bounds in order. Comparing a group with itself gives a Katz standard
    /// error of exactly 0 when everyone had the event, the case where an
    /// infinite z would make 0 x infinity = NaN.
    #[test]
    fn any_confidence_gives_none_or_a_proper_interval(
        (successes, trials) in proportion(),
        confidence in prop_oneof![
            prop::num::f64::ANY,
            Just(0.0), Just(1.0), Just(-0.5), Just(1.5), Just(f64::NAN), Just(f64::INFINITY),
        ],
    ) {
        let results = [
            ("wilson", wilson(successes, trials, confidence)),
            ("clopper_pearson", clopper_pearson(successes, trials, confidence)),
            ("newcombe_difference", newcombe_difference(successes, trials, 3, 10, confidence)),
            ("katz_ratio", katz_ratio(successes, trials, 3, 10, confidence)),
            ("katz_ratio, a group against itself", katz_ratio(successes, trials, successes, trials, confidence)),
        ];
        let improper: Vec<String> = results
            .iter()
            .filter_map(|(name, interval)| {
                let interval = (*interval)?;
                let proper = interval.lower.is_finite() && interval.upper.is_finite()
                    && interval.lower <= interval.upper;
                (!proper).then(|| format!("{name}: {interval:?}"))
            })
            .collect();
        prop_assert!(
            improper.is_empty(),
            "at confidence {confidence} for {successes}/{trials}: {}",
            improper.join("; ")
        );
    }

    #[test]
    fn newcombe_interval_holds_the_difference_and_nests(
        (e1, n1) in proportion(),
        (e2, n2) in proportion(),
        confidence in confidence(),
    ) {
        let difference = e1 as f64 / n1 as f64 - e2 as f64 / n2 as f64;
        let interval = newcombe_difference(e1, n1, e2, n2, confidence);
        prop_assert!(interval.is_some(), "None for {e1}/{n1} vs {e2}/{n2}");
        if let Some(interval) = interval {
            prop_assert!(
                -1.0 <= interval.lower && interval.lower <= difference
                    && difference <= interval.upper && interval.upper <= 1.0,
                "{interval:?} for {e1}/{n1} vs {e2}/{n2} (difference {difference})"
            );
        }
        let intervals: Option<Vec<Interval>> = CONFIDENCES
            .iter()
            .map(|&level| newcombe_difference(e1, n1, e2, n2, level))
            .collect();
        assert_nested(&intervals.unwrap_or_default())?;
    }

    /// Swapping the groups negates the difference and its interval.
    #[test]
    fn newcombe_interval_is_antisymmetric(
        (e1, n1) in proportion(),
        (e2, n2) in proportion(),
        confidence in confidence(),
    ) {
        let forward = newcombe_difference(e1, n1, e2, n2, confidence);
        let backward = newcombe_difference(e2, n2, e1, n1, confidence);
        if let (Some(forward), Some(backward)) = (forward, backward) {
            prop_assert!(
                (forward.lower + backward.upper).abs() <= 1e-12
                    && (forward.upper + backward.lower).abs() <= 1e-12,
                "{forward:?} against swapped {backward:?}"
            );
        } else {
            prop_assert!(false, "None for {e1}/{n1} vs {e2}/{n2}");
        }
    }

    #[test]
    fn katz_interval_holds_the_ratio_when_defined_and_nests(
        (e1, n1) in proportion(),
        (e2, n2) in proportion(),
        confidence in confidence(),
    ) {
        let interval = katz_ratio(e1, n1, e2, n2, confidence);
        if e1 == 0 || e2 == 0 {
            prop_assert_eq!(interval, None, "a zero count has no log ratio");
        } else {
            let ratio = (e1 as f64 / n1 as f64) / (e2 as f64 / n2 as f64);
            prop_assert!(interval.is_some(), "None for {e1}/{n1} vs {e2}/{n2}");
            if let Some(interval) = interval {
                // The bounds are exp(ln ratio -+ half width): at a zero width
                // they may round to either side of the ratio by an ulp or so.
                let slack = 4.0 * f64::EPSILON * ratio;
                prop_assert!(
                    0.0 < interval.lower && interval.lower <= ratio + slack
                        && ratio - slack <= interval.upper && interval.upper.is_finite(),
                    "{interval:?} for {e1}/{n1} vs {e2}/{n2} (ratio {ratio})"
                );
            }
            let intervals: Option<Vec<Interval>> = CONFIDENCES
                .iter()
                .map(|&level| katz_ratio(e1, n1, e2, n2, level))
                .collect();
            assert_nested(&intervals.unwrap_or_default())?;
        }
    }

    /// Swapping the groups inverts the ratio and its interval.
    #[test]
    fn katz_interval_inverts_when_groups_swap(
        (e1, n1) in proportion(),
        (e2, n2) in proportion(),
        confidence in confidence(),
    ) {
        let forward = katz_ratio(e1, n1, e2, n2, confidence);
        let backward = katz_ratio(e2, n2, e1, n1, confidence);
        match (forward, backward) {
            (Some(forward), Some(backward)) => prop_assert!(
                close(forward.lower, 1.0 / backward.upper) && close(forward.upper, 1.0 / backward.lower),
                "{forward:?} against swapped {backward:?}"
            ),
            (None, None) => prop_assert!(e1 == 0 || e2 == 0),
            _ => prop_assert!(false, "defined one way round only: {forward:?}, {backward:?}"),
        }
    }

    #[test]
    fn binomial_p_values_lie_in_zero_one(
        (k, n) in proportion(),
        p in prop_oneof![0.0..=1.0f64, Just(0.0), Just(1.0), Just(0.5)],
    ) {
        let p_value = binomial_test(k, n, p);
        prop_assert!(p_value.is_some_and(unit_interval), "{p_value:?} for {k}/{n} against {p}");
    }

    /// Against p = 1/2, k successes and k failures are equally surprising.
    #[test]
    fn binomial_test_is_symmetric_at_one_half((k, n) in proportion()) {
        let (forward, backward) = (binomial_test(k, n, 0.5), binomial_test(n - k, n, 0.5));
        prop_assert!(
            matches!((forward, backward), (Some(f), Some(b)) if close(f, b)),
            "{forward:?} against {backward:?} for {k}/{n}"
        );
    }

    #[test]
    fn fisher_p_values_lie_in_zero_one_and_ignore_the_table_orientation(
        [a, b, c, d] in prop::array::uniform4(prop_oneof![0..=10u64, 0..=2_000u64]),
    ) {
        let p = fisher_exact(a, b, c, d);
        prop_assert!(p.is_some_and(unit_interval), "{p:?} for [[{a}, {b}], [{c}, {d}]]");
        let p = p.unwrap_or(f64::NAN);
        for (name, other) in [
            ("rows swapped", fisher_exact(c, d, a, b)),
            ("columns swapped", fisher_exact(b, a, d, c)),
            ("transposed", fisher_exact(a, c, b, d)),
        ] {
            prop_assert!(
                other.is_some_and(|other| close(p, other)),
                "[[{a}, {b}], [{c}, {d}]]: {p} but {other:?} with {name}"
            );
        }
    }

    #[test]
    fn holm_adjusts_upwards_keeps_the_order_and_stops_at_one(
        raw in prop::collection::vec(
            prop_oneof![0.0..=1.0f64, 0.0..=0.01f64, Just(0.0), Just(1.0), Just(0.05)],
            0..12,
        ),
    ) {
        let adjusted = holm(&raw);
        prop_assert_eq!(adjusted.len(), raw.len());
        for (i, (&p, &q)) in raw.iter().zip(&adjusted).enumerate() {
            prop_assert!(p <= q && q <= 1.0, "{p} adjusted to {q}");
            for (&other_p, &other_q) in raw.iter().zip(&adjusted).skip(i + 1) {
                if p < other_p {
                    prop_assert!(q <= other_q, "{p} -> {q} but {other_p} -> {other_q}");
                } else if other_p < p {
                    prop_assert!(other_q <= q, "{p} -> {q} but {other_p} -> {other_q}");
                } else {
                    prop_assert_eq!(q, other_q, "ties must share their adjusted value");
                }
            }
        }
        if let Some(smallest) = raw.iter().copied().reduce(f64::min) {
            let expected = (smallest * raw.len() as f64).min(1.0);
            let least = adjusted.iter().copied().fold(f64::INFINITY, f64::min);
            prop_assert_eq!(least, expected, "the smallest is multiplied by the number of tests");
        }
    }

    #[test]
    fn goodness_of_fit_statistic_is_non_negative_with_a_p_value(
        groups in prop::collection::vec((0..=2_000u64, 0.001..=100.0f64), 2..8),
    ) {
        let observed: Vec<u64> = groups.iter().map(|&(count, _)| count).collect();
        let shares: Vec<f64> = groups.iter().map(|&(_, share)| share).collect();
        let test = goodness_of_fit(&observed, &shares);
        if observed.iter().all(|&count| count == 0) {
            prop_assert_eq!(test, None, "no observations");
        } else {
            prop_assert!(test.is_some(), "None for {observed:?} against {shares:?}");
            if let Some(test) = test {
                prop_assert!(test.statistic >= 0.0 && test.statistic.is_finite(), "{test:?}");
                prop_assert_eq!(test.df, observed.len() as u64 - 1);
                prop_assert!(unit_interval(test.p_value), "{test:?}");
            }
        }
    }

    #[test]
    fn independence_statistic_is_non_negative_with_a_p_value(
        rows in prop::collection::vec(
            prop::array::uniform2(prop_oneof![0..=5u64, 0..=5_000u64]),
            0..8,
        ),
    ) {
        let non_empty = rows.iter().filter(|row| row[0] + row[1] > 0).count() as u64;
        let empty_column = rows.iter().all(|row| row[0] == 0) || rows.iter().all(|row| row[1] == 0);
        let test = independence(&rows);
        if non_empty < 2 || empty_column {
            prop_assert_eq!(test, None, "nothing to compare in {:?}", rows);
        } else {
            prop_assert!(test.is_some(), "None for {rows:?}");
            if let Some(test) = test {
                prop_assert!(test.statistic >= 0.0 && test.statistic.is_finite(), "{test:?}");
                prop_assert_eq!(test.df, non_empty - 1, "all-zero rows do not count");
                prop_assert!(unit_interval(test.p_value), "{test:?}");
            }
        }
    }
}
