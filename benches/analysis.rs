//! Times a whole analysis, from pasted text to the finished report:
//! `cargo bench --bench analysis`. Plain timing loops (median of several
//! runs) keep the project free of a benchmarking framework. The same tables
//! are timed in wasm32 by `scripts/bench-wasm`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use ips_equity::analysis::{analyse_text, analyse_text_with, ExactTests, Options};

#[path = "wasm/table.rs"]
mod shape;

use shape::table;

/// The shapes timed: breakdowns, groups, and runs of the full analysis
/// (a few, as its Monte Carlo exact tests take seconds).
const SHAPES: [(usize, usize, usize); 3] = [(1, 5, 51), (4, 5, 31), (4, 20, 11)];

/// Runs of the analysis with the exact tests deferred (it takes milliseconds).
const DEFERRED_RUNS: usize = 201;

/// Sorted times of `runs` runs of `work`.
fn times(runs: usize, mut work: impl FnMut()) -> Vec<Duration> {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times
}

/// The time at quantile `q` of sorted `times` (nearest rank).
fn quantile(times: &[Duration], q: f64) -> Duration {
    let rank = (q * times.len() as f64).ceil() as usize;
    times[rank.clamp(1, times.len()) - 1]
}

fn main() {
    let options = Options::default();
    println!("full analysis (exact tests run)");
    println!("{:<28} {:>12} {:>14}", "table", "median", "exact method");
    for (breakdowns, groups, runs) in SHAPES {
        let text = table(breakdowns, groups);
        let analysis = analyse_text(&text, &options);
        assert!(analysis.errors.is_empty(), "{:?}", analysis.errors);
        let methods: Vec<String> = analysis
            .report
            .breakdowns
            .iter()
            .filter_map(|b| b.outcome_test.map(|t| format!("{:?}", t.exact_method)))
            .collect();
        let times = times(runs, || {
            black_box(analyse_text(black_box(&text), &options));
        });
        println!(
            "{:<28} {:>12.3?} {:>14}",
            format!("{breakdowns} breakdowns x {groups} groups"),
            quantile(&times, 0.5),
            methods.first().cloned().unwrap_or_default()
        );
    }

    // What the page recalculates as the user types: every figure but the
    // exact tests, which its Web Worker works out.
    println!();
    println!("fast figures (exact tests deferred), {DEFERRED_RUNS} runs");
    println!("{:<28} {:>12} {:>12}", "table", "median", "p95");
    for (breakdowns, groups, _) in SHAPES {
        let text = table(breakdowns, groups);
        let analysis = analyse_text_with(&text, &options, ExactTests::Defer);
        assert!(analysis.errors.is_empty(), "{:?}", analysis.errors);
        assert_eq!(analysis.report.breakdowns.len(), breakdowns);
        let times = times(DEFERRED_RUNS, || {
            black_box(analyse_text_with(
                black_box(&text),
                &options,
                ExactTests::Defer,
            ));
        });
        println!(
            "{:<28} {:>12.3?} {:>12.3?}",
            format!("{breakdowns} breakdowns x {groups} groups"),
            quantile(&times, 0.5),
            quantile(&times, 0.95)
        );
    }
}
