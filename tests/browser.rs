//! The built page in a real browser: headless Chromium, driven over
//! WebDriver (chromedriver) by fantoccini, loads `dist/` from a static file
//! server of the test's own, under a sub-path ([`harness::SUB_PATH`]), and
//! is checked as a visitor meets it: the example's findings, an error in a
//! typed table, a file opened, the choices, the requests it makes, its
//! Content-Security-Policy, its console, axe-core scans against WCAG 2.2 AA,
//! the exact-test worker fetched only for a table the page cannot finish at
//! once, and the page working offline once its service worker has its
//! files.
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
// Each browser test binary uses part of the page helpers.
#[allow(dead_code)]
#[path = "browser/common.rs"]
mod common;
// Each browser test binary uses part of the harness.
#[allow(dead_code)]
#[path = "browser/harness.rs"]
mod harness;

use std::fs;

use fantoccini::Locator;
use ips_equity::analysis::{analyse_text, Options, Reference};
use serde_json::Value;

use common::{
    big_table_findings, cached_urls, click, click_label, core_findings, figures_box, figures_value,
    focused_id, paste_figures, type_figures, wait_for_findings, wait_for_service_worker, TempDir,
    BIG_TABLE, EXAMPLE_EXACT_FINDING, EXAMPLE_FINDING, EXAMPLE_TABLE, OWN_TABLE,
};
use harness::{with_page, Page, SUB_PATH};

/// A table with one error: 52 people in a job out of 40 in IPS.
const BAD_TABLE: &str = "Ethnicity,Population,IPS,Employed\nWhite,100,40,52\nBlack,100,20,5";

/// The core's words for [`BAD_TABLE`]'s error.
const BAD_TABLE_ERROR: &str = "Row 2, Employed: 52 is more than the 40 people in IPS";

/// Waits for the example's findings.
async fn wait_for_example(page: &Page) -> String {
    page.wait_for_text(EXAMPLE_FINDING).await
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn example_findings_render_as_the_core_words_them() {
    with_page(|page| async move {
        wait_for_example(&page).await;
        let text = page.wait_for_text(EXAMPLE_EXACT_FINDING).await;

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

        assert_eq!(figures_value(&page).await.as_deref(), Some(EXAMPLE_TABLE));
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

        assert_eq!(figures_value(&page).await.as_deref(), Some(BAD_TABLE));
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

        let own = page.address("");

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
        let sent = page.requests_sent().await;

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

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn no_policy_violation_or_console_error() {
    with_page(|page| async move {
        wait_for_example(&page).await;
        type_figures(&page, BAD_TABLE).await;
        page.wait_for_text(BAD_TABLE_ERROR).await;

        page.assert_no_policy_violation().await;
        let problems = page.console_problems().await;
        assert!(problems.is_empty(), "the console reports: {problems:#?}");

        // Both detectors must see a violation when there is one: an inline
        // style, which the policy's style-src refuses.
        page.run(
            "const style = document.createElement('style');
             style.textContent = 'main { color: red; }';
             document.head.append(style);",
        )
        .await;
        let recorded = page.wait_for_policy_violations(1).await;
        let [recorded] = recorded.as_slice() else {
            panic!("the recorder saw more than the inline style: {recorded:#?}");
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

/// Rules that axe must pass on the page, so that a scan finding nothing is
/// known to have run, rather than to have checked nothing.
const RULES_RUN: [&str; 4] = ["label", "html-has-lang", "document-title", "color-contrast"];

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release`, Chromium and axe-core; scripts/test runs it"]
async fn no_wcag_aa_violation_in_results_or_error_state() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        wait_for_example(&page).await;
        let state = "on the example's results";
        axe::assert_no_violations(&page, &axe_source, state)
            .await
            .assert_passed(&RULES_RUN, state);

        type_figures(&page, BAD_TABLE).await;
        page.wait_for_text(BAD_TABLE_ERROR).await;
        axe::assert_no_violations(&page, &axe_source, "on the error state").await;

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

/// Files in `dist/` that a visit to the calculator never fetches: the
/// methods page (with its style sheet and icon), cached when it is read,
/// and the one-file edition, a download.
const FETCHED_ON_REQUEST: [&str; 4] = [
    "methods.html",
    "methods.css",
    "favicon.svg",
    "ips-equity-calculator.html",
];

/// The exact-test worker's files (`src/bin/ips-equity-worker.rs`), which
/// the page fetches only for a table it cannot finish at once: not for the
/// example.
const WORKER_FILES: [&str; 3] = [
    "ips-equity-worker_loader.js",
    "ips-equity-worker.js",
    "ips-equity-worker_bg.wasm",
];

/// Every file the page reports loading (performance resource entries), by
/// name.
async fn loaded_files(page: &Page) -> Vec<String> {
    let loaded = page
        .run(
            "return performance.getEntriesByType('resource')
               .map((entry) => new URL(entry.name).pathname.split('/').pop());",
        )
        .await;
    serde_json::from_value(loaded)
        .unwrap_or_else(|error| panic!("unexpected resource entries ({error})"))
}

/// Whether the static server was asked for `name`.
fn served(page: &Page, name: &str) -> bool {
    page.served()
        .iter()
        .any(|target| target.split('?').next() == Some(&format!("{SUB_PATH}{name}")))
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn a_first_visit_with_the_example_fetches_no_worker_file() {
    with_page(|page| async move {
        wait_for_example(&page).await;
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        // Once the service worker controls the page it has stored what it
        // fetches at install: all of the first visit's requests are made.
        wait_for_service_worker(&page).await;
        let loaded = loaded_files(&page).await;
        assert!(
            loaded.iter().any(|name| name.ends_with("_bg.wasm")),
            "the page reports no wasm: {loaded:?}"
        );
        for name in WORKER_FILES {
            assert!(!loaded.contains(&name.to_string()), "{name}: {loaded:?}");
            assert!(!served(&page, name), "{name}: {:?}", page.served());
        }
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn a_big_table_starts_the_worker_and_gets_its_exact_test_from_it() {
    with_page(|page| async move {
        wait_for_example(&page).await;
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        paste_figures(&page, BIG_TABLE).await;
        let text = wait_for_findings(&page, &big_table_findings(core_findings)).await;
        assert!(!text.contains(EXAMPLE_FINDING), "{text}");
        for name in WORKER_FILES {
            assert!(served(&page, name), "{name}: {:?}", page.served());
        }
        // The page's end of the worker keeps it, and the worker answered:
        // nothing went wrong on either side.
        let errors = page.console_errors().await;
        assert!(errors.is_empty(), "{errors:#?}");
    })
    .await;
}

/// What the service worker must hold after one visit with the example:
/// the page (by its folder's URL) and every file of `dist/` but the page,
/// the service worker itself (which the browser keeps on its own), the
/// files fetched on request and the exact-test worker's, which the example
/// never needs.
fn expected_cache(page: &Page) -> Vec<String> {
    let own = page.address("");
    let dist = harness::dist_dir();
    let entries = fs::read_dir(&dist)
        .unwrap_or_else(|error| panic!("cannot list {}: {error}", dist.display()));
    let mut expected: Vec<String> = entries
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !matches!(name.as_str(), "index.html" | "sw.js"))
        .filter(|name| !FETCHED_ON_REQUEST.contains(&name.as_str()))
        .filter(|name| !WORKER_FILES.contains(&name.as_str()))
        .map(|name| format!("{own}{name}"))
        .chain([own.clone()])
        .collect();
    expected.sort();
    expected
}

/// Waits until the service worker's cache holds `expected`, and nothing
/// else.
async fn wait_for_cache(page: &Page, expected: &[String]) {
    page.wait_until(|| async move {
        let cache = cached_urls(page).await;
        if cache.1 == expected {
            Ok(())
        } else {
            Err(format!("the cache holds {cache:#?}"))
        }
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn works_offline_after_one_visit() {
    with_page(|page| async move {
        wait_for_example(&page).await;
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        wait_for_service_worker(&page).await;

        let expected = expected_cache(&page);
        let (names, cached) = cached_urls(&page).await;
        assert_eq!(names.len(), 1, "one cache, of this version: {names:?}");
        assert!(
            names[0].contains(SUB_PATH),
            "the cache's name lacks its scope: {names:?}"
        );
        assert_eq!(cached, expected);

        // Online, the page comes from the network and replaces the cached
        // one, which drops hashed files its links no longer name: here one
        // of a build before.
        let stale = page.address("style-0123456789abcdef.css");
        page.client
            .execute_async(
                "const [cache, url, done] = arguments;
                 caches.open(cache)
                   .then((open) => open.put(url, new Response('main {}')))
                   .then(() => done(true), (error) => done(String(error)));",
                vec![Value::from(names[0].clone()), Value::from(stale.clone())],
            )
            .await
            .unwrap_or_else(|error| panic!("could not add a stale file to the cache: {error}"));
        assert!(cached_urls(&page).await.1.contains(&stale));
        page.client
            .refresh()
            .await
            .unwrap_or_else(|error| panic!("could not reload the page: {error}"));
        wait_for_example(&page).await;
        wait_for_cache(&page, &expected).await;

        page.stop_server().await;
        page.client
            .refresh()
            .await
            .unwrap_or_else(|error| panic!("could not reload the page offline: {error}"));
        wait_for_example(&page).await;
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        let styled = page
            .run(
                "return [...document.styleSheets].some((sheet) =>
                   (sheet.href || '').endsWith('.css') && sheet.cssRules.length > 0);",
            )
            .await;
        assert_eq!(styled, Value::Bool(true), "the styles did not load offline");

        // A new table is worked out offline too, its exact test at once by
        // the page.
        type_figures(&page, OWN_TABLE).await;
        let findings = core_findings(OWN_TABLE, &Options::default());
        assert!(
            findings
                .iter()
                .any(|finding| finding.contains("exact test, p = ")),
            "{findings:#?}"
        );
        let text = wait_for_findings(&page, &findings).await;
        assert!(!text.contains(EXAMPLE_FINDING), "{text}");

        // A table that needs the worker, whose files were never fetched: the
        // worker cannot start offline, and the page works the test out on
        // its own thread.
        paste_figures(&page, BIG_TABLE).await;
        wait_for_findings(&page, &big_table_findings(core_findings)).await;
        for name in WORKER_FILES {
            assert!(!served(&page, name), "{name}: {:?}", page.served());
        }

        // What was typed went into no cache.
        let (names_after, cached_after) = cached_urls(&page).await;
        assert_eq!((names_after, cached_after), (names, expected));
    })
    .await;
}

/// The table of the file the upload test opens: another breakdown, with
/// Windows line endings as a spreadsheet saves them.
const UPLOADED_TABLE: &str =
    "Sex,Population,IPS,Employed\r\nFemale,5200,300,120\r\nMale,4800,340,110\r\n";

/// Opens `file` with the page's file picker, as a visitor choosing it.
async fn open_file(page: &Page, file: &std::path::Path) {
    page.client
        .find(Locator::Id("figures-file"))
        .await
        .unwrap_or_else(|error| panic!("the page has no #figures-file: {error}"))
        .send_keys(&file.display().to_string())
        .await
        .unwrap_or_else(|error| panic!("could not choose {}: {error}", file.display()));
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn an_opened_file_replaces_the_example_and_asks_before_replacing_typed_figures() {
    let folder = TempDir::new("upload");
    let file = folder.0.join("referrals.csv");
    fs::write(&file, UPLOADED_TABLE)
        .unwrap_or_else(|error| panic!("cannot write {}: {error}", file.display()));
    with_page(|page| async move {
        let findings = core_findings(UPLOADED_TABLE, &Options::default());
        let question = "Replace the figures in the box with the figures in referrals.csv?";

        // The example is no one's own figures: the file replaces it at once.
        wait_for_example(&page).await;
        open_file(&page, &file).await;
        let text = wait_for_findings(&page, &findings).await;
        assert!(!text.contains(question), "{text}");
        assert!(!text.contains(EXAMPLE_FINDING), "{text}");
        // Line endings as the browser's text box keeps them.
        assert_eq!(
            figures_value(&page).await.as_deref(),
            Some(UPLOADED_TABLE.replace("\r\n", "\n").as_str())
        );

        // Typed figures are kept until the visitor agrees to replace them.
        type_figures(&page, BAD_TABLE).await;
        page.wait_for_text(BAD_TABLE_ERROR).await;
        open_file(&page, &file).await;
        page.wait_for_text(question).await;
        assert_eq!(figures_value(&page).await.as_deref(), Some(BAD_TABLE));
        click(&page, "replace-figures-confirm").await;
        let text = wait_for_findings(&page, &findings).await;
        assert!(!text.contains(question), "{text}");
        assert!(!text.contains(BAD_TABLE_ERROR), "{text}");
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn the_confidence_level_and_reference_group_change_the_findings() {
    with_page(|page| async move {
        wait_for_example(&page).await;

        click_label(&page, "confidence-99").await;
        let at_99 = Options {
            confidence: 0.99,
            ..Options::default()
        };
        let findings = core_findings(EXAMPLE_TABLE, &at_99);
        assert!(
            findings.iter().any(|finding| finding.contains("99% CI")),
            "{findings:#?}"
        );
        let text = wait_for_findings(&page, &findings).await;
        assert!(!text.contains("95% CI"), "{text}");

        page.client
            .find(Locator::Id("reference"))
            .await
            .unwrap_or_else(|error| panic!("the page has no #reference: {error}"))
            .select_by_label("Black")
            .await
            .unwrap_or_else(|error| panic!("could not choose Black as reference: {error}"));
        let black = Options {
            reference: Reference::Named("Black".to_owned()),
            ..at_99
        };
        let findings = core_findings(EXAMPLE_TABLE, &black);
        let reference: Vec<&String> = findings
            .iter()
            .filter(|finding| finding.contains("They are the reference group"))
            .collect();
        assert!(
            matches!(reference.as_slice(), [finding] if finding.contains(" Black people in IPS")),
            "{reference:#?}"
        );
        wait_for_findings(&page, &findings).await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release`, Chromium and axe-core; scripts/test runs it"]
async fn no_wcag_aa_violation_in_the_empty_state() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        wait_for_example(&page).await;
        let figures = figures_box(&page).await;
        // A key and its deletion, so that the box reports the edit whether
        // or not clearing it does.
        figures
            .clear()
            .await
            .unwrap_or_else(|error| panic!("could not clear #figures: {error}"));
        figures
            .send_keys("1\u{e003}")
            .await
            .unwrap_or_else(|error| panic!("could not type into #figures: {error}"));
        page.client
            .wait()
            .at_most(harness::PAGE_TIMEOUT)
            .for_element(Locator::Id("no-results"))
            .await
            .unwrap_or_else(|error| panic!("the empty state never showed: {error}"));
        let shown = figures.prop("value").await.unwrap_or_default();
        assert_eq!(shown.as_deref(), Some(""));

        let state = "on the empty state";
        axe::assert_no_violations(&page, &axe_source, state)
            .await
            .assert_passed(&RULES_RUN, state);
    })
    .await;
}

/// Waits until the figures box holds `expected`; fails with what it holds
/// after the page's timeout.
async fn wait_for_figures(page: &Page, expected: &str) {
    page.wait_until(|| async move {
        let value = figures_value(page).await;
        if value.as_deref() == Some(expected) {
            Ok(())
        } else {
            Err(format!("the box holds {value:?}, not {expected:?}"))
        }
    })
    .await;
}

/// Replaces what the grid's field with this id holds, typed key by key.
async fn type_in_cell(page: &Page, id: &str, text: &str) {
    let cell = page
        .client
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|error| panic!("the grid has no #{id}: {error}"));
    cell.clear()
        .await
        .unwrap_or_else(|error| panic!("could not clear #{id}: {error}"));
    cell.send_keys(text)
        .await
        .unwrap_or_else(|error| panic!("could not type into #{id}: {error}"));
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn the_grid_and_the_box_edit_the_same_table() {
    with_page(|page| async move {
        wait_for_example(&page).await;
        // The Black row is the third line; Employed the fourth column.
        let label = page
            .run("return document.getElementById('grid-3-4').getAttribute('aria-label');")
            .await;
        assert_eq!(label, Value::from("Employed, row 3"));
        type_in_cell(&page, "grid-3-4", "95").await;
        let edited = EXAMPLE_TABLE.replace("Black,1150,175,60\n", "Black,1150,175,95\n");
        assert_ne!(edited, EXAMPLE_TABLE);
        wait_for_figures(&page, &edited).await;
        wait_for_findings(&page, &core_findings(&edited, &Options::default())).await;

        click(&page, "grid-add").await;
        let added = format!("{edited},,,\n");
        wait_for_figures(&page, &added).await;
        type_in_cell(&page, "grid-8-1", "Roma").await;
        let named = format!("{edited}Roma,,,\n");
        wait_for_figures(&page, &named).await;
        // A row without figures: the core's error shows beside its cell.
        let errors = analyse_text(&named, &Options::default()).errors;
        let error = errors
            .iter()
            .find(|error| error.row == 8 && error.column == "Population")
            .unwrap_or_else(|| panic!("no error for row 8's population: {errors:?}"));
        page.wait_for_text(&error.to_string()).await;
        let marked = page
            .run(
                "const cell = document.getElementById('grid-8-2');
                 const message = document.getElementById('grid-error-8-2');
                 return [cell.getAttribute('aria-invalid'), cell.getAttribute('aria-describedby'),
                         message && message.textContent];",
            )
            .await;
        assert_eq!(
            marked,
            serde_json::json!(["true", "grid-error-8-2", format!("Error: {error}")])
        );

        click(&page, "grid-remove-8").await;
        wait_for_figures(&page, &edited).await;
        let gone = page
            .run("return document.getElementById('grid-8-1') === null;")
            .await;
        assert_eq!(gone, Value::Bool(true));
        wait_for_findings(&page, &core_findings(&edited, &Options::default())).await;

        // Typing in the box redraws the grid, its error beside the cell.
        type_figures(&page, BAD_TABLE).await;
        page.wait_for_text(BAD_TABLE_ERROR).await;
        let redrawn = page
            .run(
                "const cell = document.getElementById('grid-2-4');
                 return [cell.value, cell.getAttribute('aria-invalid'),
                         document.getElementById('grid-error-2-4').textContent,
                         document.querySelectorAll('#grid tbody tr').length];",
            )
            .await;
        assert_eq!(
            redrawn,
            serde_json::json!(["52", "true", format!("Error: {BAD_TABLE_ERROR}"), 3])
        );
    })
    .await;
}

/// A table as Excel puts it on the clipboard: cells separated by tabs,
/// rows ended by CRLF, and a cell holding a comma in quotes.
const EXCEL_TABLE: &str =
    "Sex\tPopulation\tIPS\tEmployed\r\nFemale\t\"8,000\"\t300\t120\r\nMale\t7600\t340\t110\r\n";

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn a_table_pasted_from_excel_gives_the_core_findings() {
    with_page(|page| async move {
        wait_for_example(&page).await;
        paste_figures(&page, EXCEL_TABLE).await;

        let findings = core_findings(EXCEL_TABLE, &Options::default());
        // 8,000 of 15,600 people are women: the quoted count read whole.
        assert!(
            findings
                .iter()
                .any(|finding| finding.contains("compared with 51.3% of the reference population")),
            "{findings:#?}"
        );
        let text = wait_for_findings(&page, &findings).await;
        assert!(!text.contains(EXAMPLE_FINDING), "{text}");
        // The box keeps the tabs and the quotes, its line ends as a text
        // box keeps them; the grid shows the count without its quotes.
        let shown = EXCEL_TABLE.replace("\r\n", "\n");
        assert_eq!(figures_value(&page).await.as_deref(), Some(shown.as_str()));
        let cell = page
            .run("return document.getElementById('grid-2-2').value;")
            .await;
        assert_eq!(cell, Value::from("8,000"));
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn an_error_summary_link_focuses_the_field_at_fault() {
    with_page(|page| async move {
        wait_for_example(&page).await;
        type_figures(&page, BAD_TABLE).await;
        page.wait_for_text(BAD_TABLE_ERROR).await;

        // Row 2, Employed: the fourth column of the second line.
        let link = page
            .client
            .find(Locator::Css("#error-summary a"))
            .await
            .unwrap_or_else(|error| panic!("the summary has no link: {error}"));
        assert_eq!(
            link.attr("href").await.ok().flatten().as_deref(),
            Some("#grid-2-4")
        );
        assert_eq!(focused_id(&page).await, Value::from("figures"));
        link.click()
            .await
            .unwrap_or_else(|error| panic!("could not follow the summary's link: {error}"));
        assert_eq!(focused_id(&page).await, Value::from("grid-2-4"));

        // A column missing has no field: its link goes to the box, with
        // the header row selected.
        let missing = "Ethnicity,IPS\nWhite,40\nBlack,20";
        let error = analyse_text(missing, &Options::default())
            .errors
            .first()
            .map(ToString::to_string)
            .unwrap_or_else(|| panic!("no error for {missing:?}"));
        type_figures(&page, missing).await;
        page.wait_for_text(&error).await;
        let link = page
            .client
            .find(Locator::Css("#error-summary a"))
            .await
            .unwrap_or_else(|error| panic!("the summary has no link: {error}"));
        assert_eq!(
            link.attr("href").await.ok().flatten().as_deref(),
            Some("#figures")
        );
        page.run("document.getElementById('grid-2-1').focus();")
            .await;
        link.click()
            .await
            .unwrap_or_else(|error| panic!("could not follow the summary's link: {error}"));
        let selected = page
            .run(
                "const box = document.activeElement;
                 return [box.id, box.value.slice(box.selectionStart, box.selectionEnd)];",
            )
            .await;
        assert_eq!(selected, serde_json::json!(["figures", "Ethnicity,IPS"]));
    })
    .await;
}
