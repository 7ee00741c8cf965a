//! The one-file edition (`dist/ips-equity-calculator.html`, written by
//! Trunk's post_build hook) opened in headless Chromium from `file://`, as
//! someone opens a saved copy or an email attachment: no server, and no
//! request may leave it. It must work out the same findings as the native
//! core, the exact tests included (with no worker, the page works them out
//! itself), with no request, no policy violation and no console error.
//!
//! # Running
//!
//! Like `tests/browser.rs`, whose rules it follows, the tests are
//! `#[ignore]`d; they need the built page, `chromium` and `chromedriver` on
//! `PATH`, and skip with `browser test SKIPPED:` when one is missing, or
//! fail if `CI` is set. They open `dist/`, or the folder named by
//! `IPS_EQUITY_DIST` (a build elsewhere, from `trunk build --dist FOLDER`):
//!
//! ```text
//! scripts/setup --browser && trunk build --release
//! cargo test --test browser_one_file -- --ignored
//! ```
//!
//! The shared harness (`tests/browser/harness.rs`) opens the file with no
//! server, through [`harness::with_file`].

// Each browser test binary uses part of the page helpers.
#[allow(dead_code)]
#[path = "browser/common.rs"]
mod common;
// Each browser test binary uses part of the harness.
#[allow(dead_code)]
#[path = "browser/harness.rs"]
mod harness;

use std::fs;
use std::path::Path;
use std::time::Duration;

use ips_equity::analysis::Options;
use serde_json::{json, Value};

use common::{click, core_findings, paste_figures, wait_for_findings, TempDir, EXAMPLE_TABLE};
use harness::{with_file, Page};

/// The one-file edition's name in `dist/`.
const FILE_NAME: &str = "ips-equity-calculator.html";

/// How long the page gets to start and to work out the exact tests on its
/// own thread, on a loaded 2-core machine.
const PAGE_TIMEOUT: Duration = Duration::from_secs(45);

/// Small numbers, where the exact test carries the job-rate finding.
const SMALL_TABLE: &str = "Ethnicity,Population,IPS,Employed\n\
                           White,500,20,6\n\
                           Black,100,6,0\n\
                           Asian,80,4,3\n";

/// Opens the one-file edition from `file://` in a fresh headless Chromium
/// and runs `test` against it.
async fn with_one_file<F, Fut>(test: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    with_file(FILE_NAME, PAGE_TIMEOUT, test).await;
}

/// Waits until the page shows every finding of the example.
async fn wait_for_example(page: &Page) {
    wait_for_findings(page, &core_findings(EXAMPLE_TABLE, &Options::default())).await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn from_file_it_gives_the_core_findings_with_no_request_and_no_error() {
    with_one_file(|page| async move {
        wait_for_example(&page).await;
        paste_figures(&page, SMALL_TABLE).await;
        let small = core_findings(SMALL_TABLE, &Options::default());
        assert!(
            small.iter().any(|finding| finding.contains("exact test")),
            "{small:#?}"
        );
        wait_for_findings(&page, &small).await;

        let edition = page
            .run("return document.documentElement.dataset.edition;")
            .await;
        assert_eq!(edition, Value::from("one-file"));
        // The edition travels alone: no link to the methods page or to
        // itself, which are files beside the served page.
        let links = page
            .run(
                "return [...document.querySelectorAll('a[href]')]
                   .map((link) => link.getAttribute('href'))
                   .filter((href) => !href.startsWith('#'));",
            )
            .await;
        assert_eq!(links, json!([]));

        // What the page reports loading: itself, and nothing else.
        let timed = page
            .run(
                "return performance.getEntriesByType('navigation')
                   .concat(performance.getEntriesByType('resource'))
                   .map((entry) => entry.name);",
            )
            .await;
        assert_eq!(timed, json!([page.url()]));
        // What the browser sent, refused requests included: the file, and
        // at most the favicon, which is a data: URL in the file.
        let sent = page.requests_sent().await;
        assert!(sent.iter().any(|url| url == page.url()), "{sent:?}");
        for url in &sent {
            assert!(
                url == page.url() || url.starts_with("data:image/svg+xml;base64,"),
                "the page requested {url}"
            );
        }

        page.assert_no_policy_violation().await;
        let problems = page.console_problems().await;
        assert!(problems.is_empty(), "the console reports: {problems:#?}");
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn its_policy_refuses_any_connection_and_any_other_inline_style() {
    with_one_file(|page| async move {
        wait_for_example(&page).await;
        page.assert_no_policy_violation().await;

        // Even the file itself may not be fetched (connect-src 'none'),
        // and a style the build did not hash is refused.
        page.run(
            "fetch(location.href).catch(() => {});
             const style = document.createElement('style');
             style.textContent = 'main { color: red; }';
             document.head.append(style);",
        )
        .await;
        // What was refused, without where the refusal came from.
        let mut refused: Vec<String> = page
            .wait_for_policy_violations(2)
            .await
            .iter()
            .map(|violation| {
                let (refused, _at) = violation.split_once(" at ").unwrap_or((violation, ""));
                refused.to_owned()
            })
            .collect();
        refused.sort();
        assert_eq!(
            refused,
            [
                // Chromium reports a file URL by its scheme alone.
                "connect-src blocked file",
                "style-src-elem blocked inline",
            ]
        );
        // The page still stands, and sent nothing but itself.
        let sent = page.requests_sent().await;
        assert!(
            sent.iter()
                .all(|url| url == page.url() || url.starts_with("data:")),
            "{sent:?}"
        );
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn its_policy_lets_the_csv_export_download() {
    with_one_file(|page| async move {
        wait_for_example(&page).await;
        // The export is a blob: URL behind a download link: a download, which
        // the policy's fetch directives do not govern, so it must arrive.
        let folder = TempDir::new("one-file-downloads");
        page.cdp(
            "Browser.setDownloadBehavior",
            json!({ "behavior": "allow", "downloadPath": folder.0.display().to_string() }),
        )
        .await;
        click(&page, "download-csv").await;
        let csv = wait_for_csv(&page, &folder.0).await;
        let text = String::from_utf8_lossy(&csv);
        assert!(text.starts_with('\u{feff}'), "no byte-order mark: {text}");
        for group in ["White", "Black", "Asian", "Mixed", "Other"] {
            assert!(text.contains(group), "{group} is not in the CSV:\n{text}");
        }
        page.assert_no_policy_violation().await;
    })
    .await;
}

/// Waits until a CSV file has arrived whole in `folder` (Chromium names it
/// `.csv` only once it is), and returns its bytes.
async fn wait_for_csv(page: &Page, folder: &Path) -> Vec<u8> {
    page.wait_until(|| async move {
        let arrived = fs::read_dir(folder).ok().and_then(|entries| {
            entries
                .flatten()
                .map(|entry| entry.path())
                .find(|path| path.extension().is_some_and(|extension| extension == "csv"))
        });
        let path = arrived.ok_or_else(|| format!("no CSV arrived in {}", folder.display()))?;
        Ok(fs::read(&path)
            .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display())))
    })
    .await
}
