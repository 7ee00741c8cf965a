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
#[path = "browser/harness.rs"]
mod harness;

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::Locator;
use ips_equity::analysis::{analyse_text, Options, Reference};
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

/// The example's exact test, which the page works out itself right after
/// the other figures, without its worker.
const EXAMPLE_EXACT_FINDING: &str =
    "Job rates do not differ between groups by more than chance would explain \
     (Freeman-Halton exact test, p = 0.650).";

/// Waits for the example's findings.
async fn wait_for_example(page: &Page) -> String {
    page.wait_for_text(EXAMPLE_FINDING).await
}

/// Every finding the native core words for `table` under `options`: each
/// group's, then each breakdown's, the exact tests' included.
fn core_findings(table: &str, options: &Options) -> Vec<String> {
    let analysis = analyse_text(table, options);
    assert!(analysis.errors.is_empty(), "{:?}", analysis.errors);
    analysis
        .report
        .breakdowns
        .iter()
        .flat_map(|breakdown| {
            breakdown
                .groups
                .iter()
                .flat_map(|group| &group.findings)
                .chain(&breakdown.findings)
        })
        .cloned()
        .collect()
}

/// Waits until the page shows every one of `findings`, and returns its
/// text; panics with those it lacks after [`harness::PAGE_TIMEOUT`].
async fn wait_for_findings(page: &Page, findings: &[String]) -> String {
    assert!(!findings.is_empty(), "no findings to wait for");
    let started = Instant::now();
    loop {
        let text = page.main_text().await;
        let missing: Vec<&String> = findings
            .iter()
            .filter(|finding| !text.contains(finding.as_str()))
            .collect();
        if missing.is_empty() {
            return text;
        }
        assert!(
            started.elapsed() < harness::PAGE_TIMEOUT,
            "after {:?} the page lacks these findings: {missing:#?}\nIt says:\n{text}",
            harness::PAGE_TIMEOUT
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Replaces what the figures box holds with `text`, typed key by key as a
/// person would.
async fn type_figures(page: &Page, text: &str) {
    let figures = figures_box(page).await;
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

/// A table typed while offline: three groups of one breakdown.
const OFFLINE_TABLE: &str =
    "Ethnicity,Population,IPS,Employed\nWhite,800,80,30\nBlack,200,30,6\nAsian,300,20,9";

/// Waits until a service worker controls the page, reloading it once if
/// the worker took charge of no page yet (`www/sw.js` claims the page that
/// registered it, so the reload is a fallback).
async fn wait_for_service_worker(page: &Page) {
    let controlled = || async move {
        page.run("return navigator.serviceWorker.controller !== null;")
            .await
            == Value::Bool(true)
    };
    let started = Instant::now();
    let mut reloaded = false;
    while !controlled().await {
        if !reloaded && started.elapsed() > harness::PAGE_TIMEOUT / 3 {
            page.client
                .refresh()
                .await
                .unwrap_or_else(|error| panic!("could not reload the page: {error}"));
            reloaded = true;
        }
        assert!(
            started.elapsed() < harness::PAGE_TIMEOUT,
            "no service worker controls the page after {:?}",
            harness::PAGE_TIMEOUT
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The page's cache storage: each cache's name, and every URL it holds.
async fn cached_urls(page: &Page) -> (Vec<String>, Vec<String>) {
    let script = r"
        const done = arguments[arguments.length - 1];
        (async () => {
          const names = await caches.keys();
          const urls = [];
          for (const name of names) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) {
              urls.push(request.url);
            }
          }
          return { names, urls };
        })().then(done, (error) => done({ error: String(error) }));
    ";
    let result = page
        .client
        .execute_async(script, Vec::new())
        .await
        .unwrap_or_else(|error| panic!("could not read the caches: {error}"));
    let list = |key: &str| -> Vec<String> {
        serde_json::from_value(result[key].clone())
            .unwrap_or_else(|error| panic!("no {key} among the caches ({error}): {result}"))
    };
    let (names, mut urls) = (list("names"), list("urls"));
    urls.sort();
    (names, urls)
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

/// A table whose exact test the page leaves to its worker: 8,000 people in
/// IPS in four groups with job rates from 30% to 45%, whose exact search
/// takes about 2.8 million steps (the page tries one million).
const BIG_TABLE: &str = "Ethnicity,Population,IPS,Employed
White,40000,2000,600
Black,10000,2000,700
Asian,8000,2000,800
Mixed,5000,2000,900";

/// The findings of [`BIG_TABLE`], its exact test's included.
fn big_table_findings() -> Vec<String> {
    let findings = core_findings(BIG_TABLE, &Options::default());
    assert!(
        findings
            .iter()
            .any(|finding| finding.contains("(Freeman-Halton exact test, p < 0.001)")),
        "{findings:#?}"
    );
    findings
}

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
        let text = wait_for_findings(&page, &big_table_findings()).await;
        assert!(!text.contains(EXAMPLE_FINDING), "{text}");
        for name in WORKER_FILES {
            assert!(served(&page, name), "{name}: {:?}", page.served());
        }
        // The page's end of the worker keeps it, and the worker answered:
        // nothing went wrong on either side.
        let errors: Vec<String> = page
            .log("browser")
            .await
            .into_iter()
            .filter(|entry| entry.level == "SEVERE")
            .map(|entry| entry.message)
            .collect();
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
    let own = format!("{}{SUB_PATH}", page.origin);
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
        let stale = format!("{}{SUB_PATH}style-0123456789abcdef.css", page.origin);
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
        let started = Instant::now();
        while cached_urls(&page).await.1 != expected {
            assert!(
                started.elapsed() < harness::PAGE_TIMEOUT,
                "the cache holds {:#?}",
                cached_urls(&page).await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

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
        type_figures(&page, OFFLINE_TABLE).await;
        let findings = core_findings(OFFLINE_TABLE, &Options::default());
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
        wait_for_findings(&page, &big_table_findings()).await;
        for name in WORKER_FILES {
            assert!(!served(&page, name), "{name}: {:?}", page.served());
        }

        // What was typed went into no cache.
        let (names_after, cached_after) = cached_urls(&page).await;
        assert_eq!((names_after, cached_after), (names, expected));
    })
    .await;
}

/// A folder of the test's own in the system's temporary folder, removed
/// with what it holds when dropped, whether the test passes or not.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("ips-equity-{name}-{}", std::process::id()));
        fs::create_dir_all(&path)
            .unwrap_or_else(|error| panic!("cannot create {}: {error}", path.display()));
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
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

/// The figures box.
async fn figures_box(page: &Page) -> Element {
    page.client
        .find(Locator::Id("figures"))
        .await
        .unwrap_or_else(|error| panic!("the page has no #figures: {error}"))
}

/// What the figures box holds.
async fn figures_value(page: &Page) -> Option<String> {
    figures_box(page)
        .await
        .prop("value")
        .await
        .unwrap_or_else(|error| panic!("#figures has no value: {error}"))
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
        page.client
            .find(Locator::Id("replace-figures-confirm"))
            .await
            .unwrap_or_else(|error| panic!("the question has no confirm button: {error}"))
            .click()
            .await
            .unwrap_or_else(|error| panic!("could not confirm: {error}"));
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

        page.client
            .find(Locator::Css("label[for=confidence-99]"))
            .await
            .unwrap_or_else(|error| panic!("the page has no 99% choice: {error}"))
            .click()
            .await
            .unwrap_or_else(|error| panic!("could not choose 99%: {error}"));
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

        let results = axe::scan(&page, &axe_source).await;
        assert!(
            results.violations.is_empty(),
            "axe finds WCAG A/AA violations on the empty state:\n{}",
            results.describe()
        );
        for rule in ["label", "html-has-lang", "document-title", "color-contrast"] {
            assert!(
                results.passed.iter().any(|passed| passed == rule),
                "axe did not pass {rule}: {:?}",
                results.passed
            );
        }
    })
    .await;
}

/// Waits until the figures box holds `expected`; panics with what it holds
/// after [`harness::PAGE_TIMEOUT`].
async fn wait_for_figures(page: &Page, expected: &str) {
    let started = Instant::now();
    loop {
        let value = figures_value(page).await;
        if value.as_deref() == Some(expected) {
            return;
        }
        assert!(
            started.elapsed() < harness::PAGE_TIMEOUT,
            "after {:?} the box holds {value:?}, not {expected:?}",
            harness::PAGE_TIMEOUT
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Clicks the element with this id.
async fn click(page: &Page, id: &str) {
    page.client
        .find(Locator::Id(id))
        .await
        .unwrap_or_else(|error| panic!("the page has no #{id}: {error}"))
        .click()
        .await
        .unwrap_or_else(|error| panic!("could not click #{id}: {error}"));
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

/// Puts `text` into the figures box as a paste does: the box's whole value
/// replaced (a paste over the selected example), then the `input` event a
/// paste fires, whose `insertFromPaste` tells the page a table arrived
/// whole. Typing it with `send_keys` would not do: a Tab key moves focus
/// out of the box, and the page would take it for typing.
async fn paste_figures(page: &Page, text: &str) {
    page.client
        .execute(
            "const [text] = arguments;
             const box = document.getElementById('figures');
             box.focus();
             box.value = text;
             box.dispatchEvent(new InputEvent('input',
               { bubbles: true, inputType: 'insertFromPaste' }));",
            vec![Value::from(text)],
        )
        .await
        .unwrap_or_else(|error| panic!("could not paste into #figures: {error}"));
}

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

/// The element that has focus: its id, or `null` when it has none.
async fn focused_id(page: &Page) -> Value {
    page.run("return document.activeElement && (document.activeElement.id || null);")
        .await
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
