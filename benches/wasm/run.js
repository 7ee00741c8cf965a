// Times the page's recalculation (exact tests deferred) in wasm under
// Node.js: `node benches/wasm/run.js PKG_DIR [RUNS]`, where PKG_DIR holds
// the `wasm-bindgen --target nodejs` output of benches/wasm/bench.rs.
// scripts/bench-wasm builds it and runs this.
"use strict";

const path = require("node:path");
const { performance } = require("node:perf_hooks");

const [pkgDir, runsArg] = process.argv.slice(2);
if (!pkgDir) {
    console.error("usage: node benches/wasm/run.js PKG_DIR [RUNS]");
    process.exit(64);
}
const runs = Number(runsArg ?? 200);
if (!Number.isInteger(runs) || runs < 1) {
    console.error(`run.js: RUNS must be a positive whole number, not '${runsArg}'`);
    process.exit(64);
}
const bench = require(path.resolve(pkgDir, "bench-wasm.js"));

// The page's budget for one recalculation: one frame at 60 Hz.
const BUDGET_MS = 16;
// Runs before timing, so that the engine's optimising tiers have compiled
// the module and the allocator has grown its heap.
const WARM_UP = 50;

// The value at quantile q of sorted times (nearest rank).
function quantile(sorted, q) {
    return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

console.log(`wasm (Node.js ${process.version}), exact tests deferred, ${runs} runs each`);
console.log(`${"table".padEnd(28)} ${"median".padStart(10)} ${"p95".padStart(10)} ${"max".padStart(10)}`);
let overBudget = false;
for (const [breakdowns, groups] of [[1, 5], [4, 5], [4, 20]]) {
    const text = bench.table(breakdowns, groups);
    for (let i = 0; i < WARM_UP; i++) {
        if (bench.analyse_deferred(text) !== breakdowns) {
            console.error(`run.js: ${breakdowns} x ${groups} did not analyse to ${breakdowns} breakdowns`);
            process.exit(1);
        }
    }
    const times = [];
    for (let i = 0; i < runs; i++) {
        const start = performance.now();
        bench.analyse_deferred(text);
        times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const median = quantile(times, 0.5);
    const p95 = quantile(times, 0.95);
    if (breakdowns === 4 && groups === 20 && p95 >= BUDGET_MS) {
        overBudget = true;
    }
    const ms = (t) => `${t.toFixed(3)} ms`.padStart(10);
    console.log(`${`${breakdowns} breakdowns x ${groups} groups`.padEnd(28)} ${ms(median)} ${ms(p95)} ${ms(times[times.length - 1])}`);
}
console.log(`budget: 4 x 20 under ${BUDGET_MS} ms at the 95th percentile: ${overBudget ? "MISSED" : "met"}`);
