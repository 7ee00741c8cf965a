//! Timing of the exact tests: `cargo bench --bench exact_tests`.
//!
//! Prints three tables: the Freeman-Halton test at 200 to 10,000 people
//! (the method it used, its p-value, the search's work and the median of
//! several timed runs); where its exact search stops fitting the default
//! budget, by number of groups and shape of table; and Fisher's and the
//! binomial test at large counts.

use std::hint::black_box;
use std::time::{Duration, Instant};

use ips_equity::stats::exact::{binomial_test, fisher_exact};
use ips_equity::stats::freeman_halton::{
    freeman_halton, freeman_halton_with_budget, Budget, ExactMethod,
};

/// Shares of the groups, largest first, roughly those of ethnic groups in
/// an English mental health service.
const SKEWED: [f64; 12] = [
    0.40, 0.15, 0.10, 0.08, 0.06, 0.05, 0.04, 0.04, 0.03, 0.02, 0.02, 0.01,
];
const EQUAL: [f64; 12] = [1.0; 12];

/// Job rates that differ between groups (about 25% to 45%).
const DIFFERING: [f64; 12] = [
    0.35, 0.30, 0.40, 0.25, 0.38, 0.33, 0.28, 0.42, 0.31, 0.36, 0.27, 0.45,
];
/// Job rates that barely differ.
const SIMILAR: [f64; 12] = [
    0.35, 0.34, 0.36, 0.35, 0.33, 0.37, 0.35, 0.34, 0.36, 0.35, 0.34, 0.36,
];
/// Low job rates (1% to 9%), so few people are employed.
const LOW: [f64; 12] = [
    0.05, 0.02, 0.08, 0.03, 0.06, 0.01, 0.04, 0.07, 0.05, 0.02, 0.09, 0.03,
];

/// A k x 2 table of `people` in `groups` groups with the given shares and
/// job rates, rounded to whole people.
fn table(people: u64, groups: usize, shares: &[f64; 12], rates: &[f64; 12]) -> Vec<[u64; 2]> {
    let total: f64 = shares[..groups].iter().sum();
    let mut left = people;
    (0..groups)
        .map(|g| {
            let size = if g + 1 == groups {
                left
            } else {
                ((people as f64 * shares[g] / total).round() as u64).clamp(1, left)
            };
            left -= size;
            let employed = (size as f64 * rates[g]).round() as u64;
            [employed, size - employed]
        })
        .collect()
}

/// The median wall time of `runs` calls of `f`.
fn median_time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn method(method: ExactMethod) -> &'static str {
    match method {
        ExactMethod::Exact => "exact",
        ExactMethod::MonteCarlo => "monte carlo",
    }
}

fn freeman_halton_timings() {
    println!("Freeman-Halton test, default budget (median of 5 runs; 3 above 0.2 s)");
    println!(
        "{:>7} {:>6} {:>8} {:>12} {:>11} {:>10} {:>12} {:>10}",
        "people", "groups", "shares", "method", "p", "se", "steps", "time"
    );
    for people in [200, 500, 1_000, 10_000] {
        for (groups, shares, name) in [
            (2, &SKEWED, "skewed"),
            (3, &SKEWED, "skewed"),
            (6, &SKEWED, "skewed"),
            (12, &SKEWED, "skewed"),
            (12, &EQUAL, "equal"),
        ] {
            let rows = table(people, groups, shares, &DIFFERING);
            let test = freeman_halton(&rows);
            let first = median_time(1, || freeman_halton(&rows));
            let runs = if first > Duration::from_millis(200) {
                3
            } else {
                5
            };
            let time = median_time(runs, || freeman_halton(&rows));
            println!(
                "{people:>7} {groups:>6} {name:>8} {:>12} {:>11.4e} {:>10} {:>12} {:>8.1}ms",
                method(test.method),
                test.p_value,
                test.standard_error
                    .map_or("-".to_string(), |se| format!("{se:.1e}")),
                test.search_steps,
                time.as_secs_f64() * 1e3,
            );
        }
    }
}

/// For each number of groups and shape, the tables (by number of people)
/// that the exact search solves within the default budget, up to the first
/// that it does not.
fn exact_frontier() {
    println!();
    println!(
        "Where the exact search fits the default budget (largest exact size, first estimated size)"
    );
    let sizes = [
        200_u64, 300, 500, 700, 1_000, 1_500, 2_000, 3_000, 5_000, 7_000, 10_000, 20_000, 50_000,
        100_000,
    ];
    let search_only = Budget {
        always_exact_up_to: 0,
        monte_carlo_tables: 1,
        ..Budget::default()
    };
    for (shape, shares, rates) in [
        ("skewed shares, differing rates", &SKEWED, &DIFFERING),
        ("equal shares, differing rates", &EQUAL, &DIFFERING),
        ("skewed shares, similar rates", &SKEWED, &SIMILAR),
        ("skewed shares, low rates", &SKEWED, &LOW),
    ] {
        println!("  {shape}");
        for groups in [3, 4, 5, 6, 8, 10, 12] {
            let mut largest_exact = None;
            let mut first_estimated = None;
            let start = Instant::now();
            for &people in &sizes {
                let rows = table(people, groups, shares, rates);
                let test = freeman_halton_with_budget(&rows, &search_only);
                if test.method == ExactMethod::Exact {
                    largest_exact = Some(people);
                } else {
                    first_estimated = Some(people);
                    break;
                }
            }
            println!(
                "    {groups:>2} groups: exact up to {:>7}, estimated from {:>7}  ({:.1} s to probe)",
                largest_exact.map_or("-".to_string(), |n| n.to_string()),
                first_estimated.map_or("-".to_string(), |n| n.to_string()),
                start.elapsed().as_secs_f64(),
            );
        }
    }
}

fn two_group_timings() {
    println!();
    println!("Fisher's exact test and the binomial test (median of 5 runs)");
    // Differences of about two standard errors, so the p-values are
    // moderate and the tail sums run their full length.
    for people in [10_000_u64, 1_000_000, 1_000_000_000, 1_000_000_000_000] {
        let quarter = people / 4;
        let shift = (people as f64).sqrt() as u64 / 2;
        let (a, b, c, d) = (quarter - shift, quarter + shift, quarter, quarter);
        let p = fisher_exact(a, b, c, d);
        let time = median_time(5, || fisher_exact(a, b, c, d));
        println!(
            "  fisher_exact, {people:>14} people: p = {:>11.4e}, {:>9.3} ms",
            p.unwrap_or(f64::NAN),
            time.as_secs_f64() * 1e3
        );
    }
    for trials in [10_000_u64, 1_000_000, 1_000_000_000, 1_000_000_000_000] {
        let successes = trials / 10 + (0.6 * (trials as f64).sqrt()) as u64;
        let p = binomial_test(successes, trials, 0.1);
        let time = median_time(5, || binomial_test(successes, trials, 0.1));
        println!(
            "  binomial_test, {trials:>13} trials: p = {:>11.4e}, {:>9.3} ms",
            p.unwrap_or(f64::NAN),
            time.as_secs_f64() * 1e3
        );
    }
}

fn main() {
    freeman_halton_timings();
    exact_frontier();
    two_group_timings();
}
