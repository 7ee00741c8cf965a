//! The built page in a real browser: headless Chromium, driven over
//! WebDriver (chromedriver) by fantoccini, loads `dist/` from a static file
//! server of the test's own, under a sub-path ([`harness::SUB_PATH`]), and
//! is checked as a visitor meets it: the example's findings, an error in a
//! typed table, the requests it makes, its Content-Security-Policy, its
//! console, and an axe-core scan against WCAG 2.2 AA.
//!
//! # Running
//!
//! The tests are `#[ignore]`d, so a plain `cargo test` lists them as ignored
//! and never tests a `dist/` that is missing or older than the code. That
//! beats a cargo feature, which would rebuild the crate to choose tests, and
//! an environment variable, whose absence would pass them without a word:
//! `#[ignore]` names them, with the reason, in every plain run.
//! `scripts/test` builds the page with `trunk build --release` and then runs
//! them with `cargo test --test browser -- --ignored`; by hand:
//!
//! ```text
//! scripts/setup --browser && trunk build --release
//! cargo test --test browser -- --ignored
//! ```
//!
//! They need `dist/index.html`, `chromium` and `chromedriver` on `PATH`
//! (Debian's packages, from `scripts/setup --browser`) and, for the
//! accessibility scan, axe-core in `tests/browser/node_modules` (same
//! script). When one is missing, a test **fails** with a message naming it
//! if the environment variable `CI` is set (to anything but empty, `0` or
//! `false`), and otherwise **skips**, printing `browser test SKIPPED:` and
//! the reason, so that a machine without Chromium still passes.
//!
//! Each test starts its own chromedriver and Chromium with a fresh profile,
//! so the tests share no state and may run in parallel.

#[path = "browser/axe.rs"]
mod axe;
#[path = "browser/harness.rs"]
mod harness;

use std::time::{Duration, Instant};

use fantoccini::Locator;
use ips_equity::analysis::{analyse_text, Options};
use serde_json::Value;

use harness::{with_page, Page, SUB_PATH};

/// The table the page shows first (`src/app/example.csv`).
const EXAMPLE_TABLE: &str = include_str!("../src/app/example.csv");

/// A table with one error: 52 people in a job out of 40 in IPS.
const BAD_TABLE: &str = "Ethnicity,Population,IPS,Employed\nWhite,100,40,52\nBlack,100,20,5";

/// The core's words for [`BAD_TABLE`]'s error.
const BAD_TABLE_ERROR: &str = "Row 2, Employed: 52 is more than the 40 people in IPS";

/// A sentence the core writes for the example's Black group (its figures
/// echo a published London service).
const EXAMPLE_FINDING: &str = "Black people made up 17.5% of people accessing IPS (175 of 1,000), \
                               compared with 11.5% of the reference population";

/// Waits for the example's findings.
async fn wait_for_example(page: &Page) -> String {
    page.wait_for_text(EXAMPLE_FINDING).await
}

/// Replaces what the figures box holds with `text`, typed key by key as a
/// person would.
async fn type_figures(page: &Page, text: &str) {
    let figures = page
        .client
        .find(Locator::Id("figures"))
        .await
        .unwrap_or_else(|error| panic!("the page has no #figures: {error}"));
    figures
        .clear()
        .await
        .unwrap_or_else(|error| panic!("could not clear #figures: {error}"));
    figures
        .send_keys(text)
        .await
        .unwrap_or_else(|error| panic!("could not type into #figures: {error}"));
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn example_findings_render_as_the_core_words_them() {
    with_page(|page| async move {
        wait_for_example(&page).await;
        // The exact test arrives from the page's worker, after the other figures.
        let text = page
            .wait_for_text(
                "Job rates do not differ between groups by more than chance would explain \
                 (Freeman-Halton exact test, p = 0.650).",
            )
            .await;

        // The wasm build must word every finding as the native core does:
        // each group's, then the breakdown's.
        let analysis = analyse_text(EXAMPLE_TABLE, &Options::default());
        let [breakdown] = analysis.report.breakdowns.as_slice() else {
            panic!(
                "the example is one breakdown: {:?}",
                analysis.report.breakdowns
            );
        };
        let findings: Vec<&String> = breakdown
            .groups
            .iter()
            .flat_map(|group| &group.findings)
            .chain(&breakdown.findings)
            .collect();
        assert_eq!(findings.len(), 13);
        let missing: Vec<&&String> = findings
            .iter()
            .filter(|finding| !text.contains(finding.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "the page lacks these findings: {missing:#?}\nIt says:\n{text}"
        );

        let figures = page
            .client
            .find(Locator::Id("figures"))
            .await
            .unwrap_or_else(|error| panic!("the page has no #figures: {error}"));
        let shown = figures.prop("value").await.unwrap_or_default();
        assert_eq!(shown.as_deref(), Some(EXAMPLE_TABLE));
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn a_bad_table_shows_the_core_error_and_keeps_what_was_typed() {
    with_page(|page| async move {
        wait_for_example(&page).await;
        type_figures(&page, BAD_TABLE).await;
        let text = page.wait_for_text(BAD_TABLE_ERROR).await;

        let analysis = analyse_text(BAD_TABLE, &Options::default());
        let errors: Vec<String> = analysis.errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors, [BAD_TABLE_ERROR]);
        assert!(
            !text.contains(EXAMPLE_FINDING),
            "the example's findings are still shown:\n{text}"
        );

        let figures = page
            .client
            .find(Locator::Id("figures"))
            .await
            .unwrap_or_else(|error| panic!("the page has no #figures: {error}"));
        let typed = figures.prop("value").await.unwrap_or_default();
        assert_eq!(typed.as_deref(), Some(BAD_TABLE));
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn every_request_stays_on_the_page_origin_under_its_sub_path() {
    with_page(|page| async move {
        wait_for_example(&page).await;
        type_figures(&page, BAD_TABLE).await;
        page.wait_for_text(BAD_TABLE_ERROR).await;

        let own = format!("{}{SUB_PATH}", page.origin);

        // What the page itself reports loading.
        let timed = page
            .run(
                "return performance.getEntriesByType('navigation')
                   .concat(performance.getEntriesByType('resource'))
                   .map((entry) => entry.name);",
            )
            .await;
        let timed: Vec<String> = serde_json::from_value(timed).unwrap_or_default();
        // What the browser sent, from its DevTools network events, which
        // also hold requests that failed or were refused.
        let sent = requests_sent(&page).await;

        for url in timed.iter().chain(&sent) {
            assert!(
                url.starts_with(&own),
                "the page requested {url}, which is not below {own}"
            );
        }
        for suffix in [".css", "_bg.wasm"] {
            assert!(
                timed.iter().any(|url| url.ends_with(suffix)),
                "no {suffix} among the loads the page reports: {timed:?}"
            );
        }
        assert!(
            sent.contains(&own),
            "the page's own URL is not among the requests sent: {sent:?}"
        );

        let served = page.served();
        let missing: Vec<&String> = served
            .iter()
            .filter(|target| !target.starts_with(SUB_PATH))
            .collect();
        assert!(
            missing.is_empty(),
            "requests outside {SUB_PATH}: {missing:?}"
        );
        for suffix in [".js", "_bg.wasm", ".css"] {
            assert!(
                served.iter().any(|target| target.ends_with(suffix)),
                "the server was never asked for a {suffix} file: {served:?}"
            );
        }
    })
    .await;
}

/// The URL of every request in the browser's performance log.
async fn requests_sent(page: &Page) -> Vec<String> {
    page.log("performance")
        .await
        .iter()
        .filter_map(|entry| serde_json::from_str::<Value>(&entry.message).ok())
        .filter_map(|event| {
            let event = &event["message"];
            let url = match event["method"].as_str()? {
                "Network.requestWillBeSent" => &event["params"]["request"]["url"],
                "Network.webSocketCreated" => &event["params"]["url"],
                _ => return None,
            };
            url.as_str().map(str::to_owned)
        })
        .collect()
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn no_policy_violation_or_console_error() {
    with_page(|page| async move {
        wait_for_example(&page).await;
        type_figures(&page, BAD_TABLE).await;
        page.wait_for_text(BAD_TABLE_ERROR).await;

        let violations = page.run("return window.__ipsEquityCsp;").await;
        assert_eq!(violations, Value::Array(Vec::new()));
        let console = page.log("browser").await;
        let problems: Vec<_> = console
            .iter()
            .filter(|entry| entry.level == "SEVERE" || entry.message.contains("Security Policy"))
            .collect();
        assert!(problems.is_empty(), "the console reports: {problems:#?}");

        // Both detectors must see a violation when there is one: an inline
        // style, which the policy's style-src refuses.
        page.run(
            "const style = document.createElement('style');
             style.textContent = 'main { color: red; }';
             document.head.append(style);",
        )
        .await;
        let started = Instant::now();
        let recorded = loop {
            let recorded = page.run("return window.__ipsEquityCsp;").await;
            if recorded.as_array().is_some_and(|list| !list.is_empty())
                || started.elapsed() > harness::PAGE_TIMEOUT
            {
                break recorded;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let [Value::String(recorded)] = recorded.as_array().map(Vec::as_slice).unwrap_or_default()
        else {
            panic!("the recorder missed the inline style, or saw more: {recorded}");
        };
        assert!(
            recorded.starts_with("style-src-elem blocked inline"),
            "{recorded}"
        );
        let console = page.log("browser").await;
        assert!(
            console
                .iter()
                .any(|entry| entry.level == "SEVERE" && entry.message.contains("style-src")),
            "the console log missed the inline style: {console:#?}"
        );
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release`, Chromium and axe-core; scripts/test runs it"]
async fn no_wcag_aa_violation_in_results_or_error_state() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        wait_for_example(&page).await;
        let results = axe::scan(&page, &axe_source).await;
        assert!(
            results.violations.is_empty(),
            "axe finds WCAG A/AA violations on the example's results:\n{}",
            results.describe()
        );
        // axe ran its rules, rather than nothing at all.
        for rule in ["label", "html-has-lang", "document-title", "color-contrast"] {
            assert!(
                results.passed.iter().any(|passed| passed == rule),
                "axe did not pass {rule}: {:?}",
                results.passed
            );
        }

        type_figures(&page, BAD_TABLE).await;
        page.wait_for_text(BAD_TABLE_ERROR).await;
        let errors = axe::scan(&page, &axe_source).await;
        assert!(
            errors.violations.is_empty(),
            "axe finds WCAG A/AA violations on the error state:\n{}",
            errors.describe()
        );

        // And it reports one when there is one: the figures box unlabelled.
        page.run("document.querySelector('label[for=figures]').removeAttribute('for');")
            .await;
        let unlabelled = axe::scan(&page, &axe_source).await;
        let ids: Vec<&str> = unlabelled
            .violations
            .iter()
            .map(|violation| violation.id.as_str())
            .collect();
        assert!(ids.contains(&"label"), "{}", unlabelled.describe());
    })
    .await;
}
