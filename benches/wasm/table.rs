//! The tables the analysis benchmarks time, shared by `benches/analysis.rs`
//! (native) and `benches/wasm/bench.rs` (wasm32), so both time the same input.

/// A table of `breakdowns` x `groups` rows with counts of a realistic size:
/// a population of a few thousand per group, a few hundred in IPS, and a
/// `Not known` row per breakdown.
pub fn table(breakdowns: usize, groups: usize) -> String {
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
