//! The page's recalculation compiled to wasm32, for `scripts/bench-wasm`:
//! the page reworks every figure but the exact tests as the user types
//! (those run in its Web Worker), so this times
//! `analyse_text_with(text, &Options::default(), ExactTests::Defer)` in the
//! page's own build profile. The timing is done by `benches/wasm/run.js`
//! around the exported [`analyse_deferred`], with Node.js's
//! `performance.now()`, so the crate needs no JavaScript bindings beyond
//! wasm-bindgen.

use ips_equity::analysis::{analyse_text_with, ExactTests, Options};
use wasm_bindgen::prelude::*;

#[path = "table.rs"]
mod shape;

/// The benchmark table of `breakdowns` x `groups` rows (the same as
/// `cargo bench --bench analysis` times natively).
#[wasm_bindgen]
pub fn table(breakdowns: u32, groups: u32) -> String {
    shape::table(breakdowns as usize, groups as usize)
}

/// Analyses `text` as the page does on every edit and returns the number of
/// breakdowns in the report, or `None` if the input had errors (so the
/// driver can check that the work was really done, and an optimiser cannot
/// drop it).
#[wasm_bindgen]
pub fn analyse_deferred(text: &str) -> Option<u32> {
    let analysis = analyse_text_with(text, &Options::default(), ExactTests::Defer);
    if analysis.errors.is_empty() {
        u32::try_from(analysis.report.breakdowns.len()).ok()
    } else {
        None
    }
}

/// Nothing to do on start: the driver calls the exports.
fn main() {}
