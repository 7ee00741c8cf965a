//! Times a whole analysis, from pasted text to the finished report:
//! `cargo bench --bench analysis`. Plain timing loops (median of several
//! runs) keep the project free of a benchmarking framework.

use std::hint::black_box;
use std::time::{Duration, Instant};

use ips_equity::analysis::{analyse_text, Options};

/// A table of `breakdowns` x `groups` rows with counts of a realistic size:
/// a population of a few thousand per group, a few hundred in IPS.
fn table(breakdowns: usize, groups: usize) -> String {
    let mut text = String::from("Breakdown,Group,Population,IPS,Employed\n");
    for b in 0..breakdowns {
        for g in 0..groups {
            let population = 1_000 + 397 * ((b * groups + g) % 13);
            let ips = population / 12 + 7 * (g % 5);
            let employed = ips * (30 + (g % 4) * 5) / 100;
            text.push_str(&format!("B{b},G{g},{population},{ips},{employed}\n"));
        }
        text.push_str(&format!("B{b},Not known,800,25,8\n"));
    }
    text
}

fn median_time(runs: usize, mut work: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let options = Options::default();
    println!("{:<28} {:>12} {:>14}", "table", "median", "exact method");
    for (breakdowns, groups, runs) in [(1, 5, 51), (4, 5, 31), (4, 20, 11)] {
        let text = table(breakdowns, groups);
        let analysis = analyse_text(&text, &options);
        assert!(analysis.errors.is_empty(), "{:?}", analysis.errors);
        let methods: Vec<String> = analysis
            .report
            .breakdowns
            .iter()
            .filter_map(|b| b.outcome_test.map(|t| format!("{:?}", t.exact_method)))
            .collect();
        let time = median_time(runs, || {
            black_box(analyse_text(black_box(&text), &options));
        });
        println!(
            "{:<28} {:>12.3?} {:>14}",
            format!("{breakdowns} breakdowns x {groups} groups"),
            time,
            methods.first().cloned().unwrap_or_default()
        );
    }
}
