//! The page's teaching, embedding and sharing features in a real browser,
//! on the same footing as `tests/browser.rs` (whose module doc says how to
//! run them): the built page served from a sub-path to a headless Chromium
//! driven over WebDriver.
//!
//! - the exact test of a table that needs the worker worked out on the
//!   page's own thread when there is no worker, or the worker never starts;
//! - embed mode inside an iframe of a host page, its height arriving there
//!   and the host script (`settings::host_script`) fitting the frame to it;
//! - presenter mode stepped through with the keyboard, focus and position
//!   followed, the publish-safe findings when the switch is on;
//! - every worked example loading with the native core's findings, and
//!   asking before it replaces typed figures;
//! - preset links (`?example=...`) applied, bad parameters ignored with a
//!   note;
//! - share links restoring the settings, and the figures only when ticked;
//! - the publish-safe switch stating its rules;
//! - zero axe-core WCAG 2.2 A/AA violations in each of these states.
//!
//! `IPS_EQUITY_DIST` names a build other than `dist/` (see
//! `tests/browser/harness.rs`).

#[path = "browser/axe.rs"]
mod axe;
#[path = "browser/harness.rs"]
mod harness;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::thread;
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::Locator;
use ips_equity::analysis::{analyse_text, Options, Reference};
use ips_equity::disclosure::{protect, Rules};
use ips_equity::examples::examples;
use ips_equity::settings::{from_query, host_script, iframe_snippet, Settings};
use serde_json::{json, Value};

use harness::{with_page, Page, SUB_PATH};

/// The table the page shows first (`src/app/example.csv`).
const EXAMPLE_TABLE: &str = include_str!("../src/app/example.csv");

/// A sentence the core writes for the first table's Black group.
const EXAMPLE_FINDING: &str = "Black people made up 17.5% of people accessing IPS (175 of 1,000), \
                               compared with 11.5% of the reference population";

/// The first table's exact test, worked out by the worker or the page.
const EXAMPLE_EXACT_FINDING: &str =
    "Job rates do not differ between groups by more than chance would explain \
     (Freeman-Halton exact test, p = 0.650).";

/// A table whose exact test the page leaves to its worker (its exact
/// search takes about 2.8 million steps; the page tries one million).
const BIG_TABLE: &str = "Ethnicity,Population,IPS,Employed
White,40000,2000,600
Black,10000,2000,700
Asian,8000,2000,800
Mixed,5000,2000,900";

/// What the page says while an exact test is being worked out.
const EXACT_PENDING: &str = "the Freeman-Halton exact test is still being worked out";

/// A table of the user's own: three groups of one breakdown.
const OWN_TABLE: &str =
    "Ethnicity,Population,IPS,Employed\nWhite,800,80,30\nBlack,200,30,6\nAsian,300,20,9";

/// Every finding the native core words for `table` under `options`, one
/// per group (its sentences joined, as the page lists them) and then each
/// breakdown's, the exact tests' included.
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
                .filter(|group| !group.findings.is_empty())
                .map(|group| group.findings.join(" "))
                .chain(breakdown.findings.iter().cloned())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// Waits until the page lists every one of `findings`, in any breakdown's
/// panel (the tabs hide all but one from view), and returns the lists'
/// text.
async fn wait_for_findings(page: &Page, findings: &[String]) -> String {
    assert!(!findings.is_empty(), "no findings to wait for");
    let started = Instant::now();
    loop {
        let listed = page
            .run(
                "return [...document.querySelectorAll('.app-findings li')]
                   .map((item) => item.textContent).join('\\n');",
            )
            .await;
        let text = listed.as_str().unwrap_or_default().to_owned();
        let missing: Vec<&String> = findings
            .iter()
            .filter(|finding| !text.contains(finding.as_str()))
            .collect();
        if missing.is_empty() {
            return text;
        }
        assert!(
            started.elapsed() < harness::PAGE_TIMEOUT,
            "after {:?} the page lacks these findings: {missing:#?}\nIt lists:\n{text}",
            harness::PAGE_TIMEOUT
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until `script` (a function body) returns `expected` in the page;
/// panics with what it last returned after [`harness::PAGE_TIMEOUT`].
async fn wait_for_value(page: &Page, script: &str, expected: Value) {
    let started = Instant::now();
    loop {
        let value = page.run(script).await;
        if value == expected {
            return;
        }
        assert!(
            started.elapsed() < harness::PAGE_TIMEOUT,
            "after {:?} {script} gives {value}, not {expected}",
            harness::PAGE_TIMEOUT
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The page's address with `rest` (a query string and/or fragment) after it.
fn address(page: &Page, rest: &str) -> String {
    format!("{}{SUB_PATH}{rest}", page.origin)
}

/// Opens `url` as a new document: through `about:blank`, so that a link
/// differing from the page's address only in its fragment loads the page
/// afresh rather than scrolling it.
async fn open(page: &Page, url: &str) {
    for target in ["about:blank", url] {
        page.client
            .goto(target)
            .await
            .unwrap_or_else(|error| panic!("could not open {target}: {error}"));
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

/// Clicks the label of the field with this id, as a person does: the
/// page's radios and checkboxes are drawn beside their hidden inputs.
async fn click_label(page: &Page, id: &str) {
    page.client
        .find(Locator::Css(&format!("label[for={id}]")))
        .await
        .unwrap_or_else(|error| panic!("#{id} has no label: {error}"))
        .click()
        .await
        .unwrap_or_else(|error| panic!("could not click #{id}'s label: {error}"));
}

/// What the figures box holds.
async fn figures_value(page: &Page) -> Value {
    page.run("return document.getElementById('figures').value;")
        .await
}

/// Replaces what the figures box holds with `text`, typed key by key.
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

/// The id of the element that has focus, or `null`.
async fn focused_id(page: &Page) -> Value {
    page.run("return document.activeElement && (document.activeElement.id || null);")
        .await
}

/// Sends keys to whatever has focus, as a person pressing them.
async fn press(page: &Page, keys: &str) {
    page.client
        .active_element()
        .await
        .unwrap_or_else(|error| panic!("nothing has focus: {error}"))
        .send_keys(keys)
        .await
        .unwrap_or_else(|error| panic!("could not press {keys:?}: {error}"));
}

/// Runs axe over the page and fails with its findings if it finds any.
async fn assert_no_violations(page: &Page, axe_source: &str, state: &str) {
    let scan = axe::scan(page, axe_source).await;
    assert!(
        scan.violations.is_empty(),
        "axe finds WCAG A/AA violations {state}:\n{}",
        scan.describe()
    );
    assert!(
        scan.passed.iter().any(|rule| rule == "color-contrast"),
        "axe did not check colour contrast {state}: {:?}",
        scan.passed
    );
}

/// Checks that the page broke no rule of its Content-Security-Policy, wrote
/// no error to the console and asked its server for nothing outside its
/// own folder.
async fn assert_quiet(page: &Page) {
    let violations = page.run("return window.__ipsEquityCsp;").await;
    assert_eq!(violations, Value::Array(Vec::new()));
    let console = page.log("browser").await;
    let errors: Vec<String> = console
        .iter()
        .filter(|entry| entry.level == "SEVERE")
        .map(|entry| entry.message.clone())
        .collect();
    assert!(errors.is_empty(), "the console reports: {errors:#?}");
    let served = page.served();
    assert!(
        served.iter().all(|target| target.starts_with(SUB_PATH)),
        "requests outside {SUB_PATH}: {served:?}"
    );
}

/// Waits until a service worker controls the page, reloading it once if
/// none has taken charge (`www/sw.js` claims the page that registered it,
/// so the reload is a fallback).
async fn wait_for_service_worker(page: &Page) {
    let started = Instant::now();
    let mut reloaded = false;
    while page
        .run("return navigator.serviceWorker.controller !== null;")
        .await
        != Value::Bool(true)
    {
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

/// A Chrome DevTools Protocol command through chromedriver (the harness
/// keeps its own private): here, a script for every new document.
#[derive(Debug)]
struct OnNewDocument(&'static str);

impl WebDriverCompatibleCommand for OnNewDocument {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({
            "cmd": "Page.addScriptToEvaluateOnNewDocument",
            "params": { "source": self.0 },
        });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// Reloads the page with `script` run before any of its own.
async fn reload_with(page: &Page, script: &'static str) {
    page.client
        .issue_cmd(OnNewDocument(script))
        .await
        .unwrap_or_else(|error| panic!("could not install {script}: {error}"));
    open(page, &address(page, "")).await;
}

/// A browser that refuses every worker, as where workers are blocked.
const NO_WORKERS: &str =
    "window.Worker = function () { throw new Error('workers are not allowed here'); };";

/// A worker that starts but never says it listens, as when its files are
/// missing from a copy of the page and the browser reports nothing.
const SILENT_WORKER: &str = "window.Worker = class {
    postMessage() {}
    terminate() {}
};";

/// Puts `text` into the figures box whole, as a paste does, so that the
/// page sees one new table rather than each of its keys.
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

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn without_a_worker_the_page_works_the_exact_test_out_itself() {
    with_page(|page| async move {
        reload_with(&page, NO_WORKERS).await;
        page.wait_for_text(EXAMPLE_FINDING).await;
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        type_figures(&page, OWN_TABLE).await;
        wait_for_findings(&page, &core_findings(OWN_TABLE, &Options::default())).await;
        // A table that needs the worker is worked out by the page too.
        paste_figures(&page, BIG_TABLE).await;
        wait_for_findings(&page, &big_table_findings()).await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn a_worker_that_never_starts_leaves_the_exact_test_to_the_page() {
    with_page(|page| async move {
        reload_with(&page, SILENT_WORKER).await;
        // The example needs no worker.
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        // A table that does gets its other figures at once; its exact test
        // is shown as being worked out until the page stops waiting for the
        // worker (4 seconds).
        paste_figures(&page, BIG_TABLE).await;
        let findings = big_table_findings();
        let first = page.wait_for_text(&findings[0]).await;
        assert!(first.contains(EXACT_PENDING), "{first}");
        let text = wait_for_findings(&page, &findings).await;
        assert!(!text.contains(EXACT_PENDING), "{text}");
        type_figures(&page, OWN_TABLE).await;
        wait_for_findings(&page, &core_findings(OWN_TABLE, &Options::default())).await;
    })
    .await;
}

/// Serves `html` at every path of a port of its own on 127.0.0.1, for as
/// long as the test binary runs, and returns the address: a host page of
/// an origin other than the calculator's. (Chromium refuses a page outside
/// the local network, such as `about:blank`, a frame from 127.0.0.1.)
fn serve_host_page(html: &str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0")
        .unwrap_or_else(|error| panic!("cannot listen on 127.0.0.1: {error}"));
    let address = listener
        .local_addr()
        .unwrap_or_else(|error| panic!("the host page has no address: {error}"));
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{html}",
        html.len()
    );
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            // The request's head is read (and ignored) before the answer,
            // which is always the page.
            let mut reader = BufReader::new(&stream);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|read| read > 2) {
                line.clear();
            }
            let _ = (&stream).write_all(response.as_bytes());
        }
    });
    format!("http://{address}/host.html")
}

/// The script inside the `<script>` element `host_script` writes.
fn script_body(element: &str) -> &str {
    element
        .trim()
        .strip_prefix("<script>")
        .and_then(|rest| rest.strip_suffix("</script>"))
        .unwrap_or_else(|| panic!("not one script element: {element}"))
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release`, Chromium and axe-core; scripts/test runs it"]
async fn embedded_in_a_host_page_the_calculator_sends_only_its_height() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        page.wait_for_text(EXAMPLE_FINDING).await;
        let calculator = address(&page, "");
        // The host: a page of another origin holding the snippet, first
        // with no script of its own but a recorder of the messages it
        // gets, as where a host strips scripts.
        let host = serve_host_page(&format!(
            "<!doctype html><html lang=\"en\"><head><title>Host</title></head><body>\
             <script>window.heard = []; window.addEventListener('message', (event) => \
             window.heard.push({{ origin: event.origin, data: event.data }}));</script>\
             <h1>A host page</h1>{}</body></html>",
            iframe_snippet(&calculator, &Settings::default(), 900)
        ));
        page.client
            .goto(&host)
            .await
            .unwrap_or_else(|error| panic!("could not open the host page: {error}"));

        // Heights arrive, from the calculator's origin, saying nothing else.
        let tall = "return window.heard.some((message) => message.data.height > 900);";
        wait_for_value(&page, tall, Value::Bool(true)).await;
        let heard = page.run("return window.heard;").await;
        for message in heard.as_array().into_iter().flatten() {
            assert_eq!(
                message["origin"],
                Value::from(page.origin.clone()),
                "{message}"
            );
            let data = message["data"]
                .as_object()
                .unwrap_or_else(|| panic!("not an object: {message}"));
            let mut keys: Vec<&String> = data.keys().collect();
            keys.sort();
            assert_eq!(keys, ["height", "type"], "{message}");
            assert_eq!(data["type"], Value::from("ips-equity:height"));
            assert!(data["height"].is_number(), "{message}");
        }

        // Without the host's script the frame keeps its height, 600 px wide
        // at most, and the calculator scrolls inside it with no chrome.
        let frame = page
            .run(
                "const box = document.querySelector('iframe').getBoundingClientRect();
                 return [box.width <= 600, box.height];",
            )
            .await;
        assert_eq!(frame, json!([true, 900]));
        page.client
            .enter_frame(Some(0))
            .await
            .unwrap_or_else(|error| panic!("could not enter the frame: {error}"));
        page.wait_for_text(EXAMPLE_FINDING).await;
        let inside = page
            .run(
                "return [document.querySelector('.app-header, .app-skip-link, .app-lede, #embed-panel') === null,
                         document.documentElement.scrollHeight > window.innerHeight];",
            )
            .await;
        assert_eq!(inside, json!([true, true]));
        page.client
            .enter_parent_frame()
            .await
            .unwrap_or_else(|error| panic!("could not leave the frame: {error}"));

        // With the host script, the next height the calculator sends (here
        // after the frame is made narrower) fits the frame to it exactly.
        page.client
            .execute(
                "const [script] = arguments;
                 const element = document.createElement('script');
                 element.textContent = script;
                 document.body.append(element);
                 document.querySelector('iframe').style.maxWidth = '520px';",
                vec![Value::from(script_body(&host_script(&calculator)))],
            )
            .await
            .unwrap_or_else(|error| panic!("could not add the host script: {error}"));
        let fitted = "const frame = document.querySelector('iframe');
             const last = window.heard[window.heard.length - 1].data.height;
             return last > 900 && frame.style.height === Math.ceil(last) + 'px'
               && frame.getBoundingClientRect().height === Math.ceil(last);";
        wait_for_value(&page, fitted, Value::Bool(true)).await;

        // Embed mode on its own, checked for accessibility.
        open(&page, &address(&page, "?embed=1")).await;
        page.wait_for_text(EXAMPLE_FINDING).await;
        let chrome = page
            .run("return document.querySelector('.app-header, .app-skip-link, .app-lede') === null;")
            .await;
        assert_eq!(chrome, Value::Bool(true));
        assert_no_violations(&page, &axe_source, "in embed mode").await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release`, Chromium and axe-core; scripts/test runs it"]
async fn the_embed_panel_writes_the_snippet_and_script_for_the_page() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        page.run("document.querySelector('#embed-panel summary').click();")
            .await;
        let calculator = address(&page, "");
        let written = page
            .run(
                "return [document.getElementById('embed-snippet').value,
                         document.getElementById('embed-script').value];",
            )
            .await;
        let settings = Settings {
            example: Some("london-echo"),
            ..Settings::default()
        };
        assert_eq!(
            written,
            json!([
                iframe_snippet(&calculator, &settings, 900),
                host_script(&calculator)
            ])
        );
        assert_no_violations(&page, &axe_source, "with the embed panel open").await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn the_page_offers_the_one_file_edition_as_a_download() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        page.run("document.querySelector('#one-file-panel summary').click();")
            .await;
        let link = page
            .run(
                "const link = document.getElementById('one-file-download');
                 return [link.getAttribute('download'), link.href];",
            )
            .await;
        assert_eq!(
            link,
            json!([
                "ips-equity-calculator.html",
                address(&page, "ips-equity-calculator.html")
            ])
        );
        // The link leads to the edition itself: one file, marked as such.
        let fetched = page
            .client
            .execute_async(
                "const [url, done] = arguments;
                 fetch(url).then((response) => response.text())
                   .then((text) => done(text.includes('data-edition=\"one-file\"')),
                         (error) => done(String(error)));",
                vec![Value::from(address(&page, "ips-equity-calculator.html"))],
            )
            .await
            .unwrap_or_else(|error| panic!("could not fetch the one-file edition: {error}"));
        assert_eq!(fetched, Value::Bool(true));
        assert_no_violations(&page, &axe_source, "with the one-file panel open").await;
    })
    .await;
}

/// The findings presenter mode shows for `table` under `options`: the
/// publish-safe ones under `rules`, or all of them.
fn slides(table: &str, options: &Options, rules: Option<&Rules>) -> Vec<String> {
    let Some(rules) = rules else {
        return core_findings(table, options);
    };
    let analysis = analyse_text(table, options);
    let safe = protect(&analysis.report, rules);
    safe.breakdowns
        .iter()
        .flat_map(|breakdown| {
            breakdown
                .groups
                .iter()
                .filter(|group| !group.findings.is_empty())
                .map(|group| group.findings.join(" "))
                .chain(breakdown.findings.iter().cloned())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// What presenter mode shows: the position and the finding.
async fn shown_slide(page: &Page) -> Value {
    page.run(
        "return [document.getElementById('presenter-position').textContent,
                 document.getElementById('presenter-finding').textContent];",
    )
    .await
}

async fn wait_for_slide(page: &Page, slides: &[String], index: usize) {
    let expected = json!([format!("{} of {}", index + 1, slides.len()), slides[index]]);
    let started = Instant::now();
    loop {
        let shown = shown_slide(page).await;
        if shown == expected {
            return;
        }
        assert!(
            started.elapsed() < harness::PAGE_TIMEOUT,
            "presenter mode shows {shown}, not {expected}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release`, Chromium and axe-core; scripts/test runs it"]
async fn presenter_mode_steps_through_the_findings_with_the_keyboard() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        let slides = slides(EXAMPLE_TABLE, &Options::default(), None);
        assert_eq!(slides.len(), 5 + 3, "{slides:#?}");

        click(&page, "presenter-start").await;
        wait_for_slide(&page, &slides, 0).await;
        assert_eq!(focused_id(&page).await, Value::from("presenter-slide"));
        let live = page
            .run("return document.getElementById('presenter-slide').getAttribute('aria-live');")
            .await;
        assert_eq!(live, Value::from("polite"));
        assert_no_violations(&page, &axe_source, "in presenter mode").await;

        let right = Key::Right.to_string();
        let left = Key::Left.to_string();
        press(&page, &format!("{right}{right}")).await;
        wait_for_slide(&page, &slides, 2).await;
        press(&page, &left).await;
        wait_for_slide(&page, &slides, 1).await;
        press(&page, " ").await;
        wait_for_slide(&page, &slides, 2).await;
        press(&page, &Key::PageDown.to_string()).await;
        wait_for_slide(&page, &slides, 3).await;
        press(&page, &Key::PageUp.to_string()).await;
        wait_for_slide(&page, &slides, 2).await;
        // Past the last finding it stays there.
        press(&page, &Key::End.to_string()).await;
        wait_for_slide(&page, &slides, slides.len() - 1).await;
        press(&page, &right).await;
        wait_for_slide(&page, &slides, slides.len() - 1).await;
        // The buttons step too, and keep focus.
        click(&page, "presenter-previous").await;
        wait_for_slide(&page, &slides, slides.len() - 2).await;
        assert_eq!(focused_id(&page).await, Value::from("presenter-previous"));

        press(&page, &Key::Escape.to_string()).await;
        page.wait_for_text(EXAMPLE_FINDING).await;
        assert_eq!(focused_id(&page).await, Value::from("presenter-start"));
        assert_quiet(&page).await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release`, Chromium and axe-core; scripts/test runs it"]
async fn presenter_mode_from_a_link_shows_the_publish_safe_findings() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        open(
            &page,
            &address(
                &page,
                "?example=tiny-numbers&presenter=1&safe=1&threshold=5",
            ),
        )
        .await;
        let tiny = examples()
            .iter()
            .find(|example| example.id == "tiny-numbers")
            .unwrap_or_else(|| panic!("no tiny-numbers example"));
        let options = tiny.with_reference(Options::default());
        let rules = Rules {
            threshold: 5,
            ..Rules::default()
        };
        let safe = slides(tiny.text, &options, Some(&rules));
        assert_ne!(safe, slides(tiny.text, &options, None));
        // The exact test's finding arrives last; wait for it on the last slide.
        page.wait_for_text("1 of").await;
        press(&page, &Key::End.to_string()).await;
        wait_for_slide(&page, &safe, safe.len() - 1).await;
        press(&page, &Key::Home.to_string()).await;
        wait_for_slide(&page, &safe, 0).await;
        let tag = page
            .run("return document.querySelector('.app-presenter__tag').textContent;")
            .await;
        assert_eq!(tag, Value::from("Publish-safe figures"));
        assert_no_violations(&page, &axe_source, "in publish-safe presenter mode").await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release`, Chromium and axe-core; scripts/test runs it"]
async fn each_worked_example_loads_with_the_core_figures() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        page.wait_for_text(EXAMPLE_FINDING).await;
        for example in examples() {
            click(&page, &format!("example-{}", example.id)).await;
            let options = example.with_reference(Options::default());
            wait_for_findings(&page, &core_findings(example.text, &options)).await;
            assert_eq!(figures_value(&page).await, Value::from(example.text));
            let about = page
                .run(&format!(
                    "return document.getElementById('example-{}-about').textContent;",
                    example.id
                ))
                .await;
            let about = about.as_str().unwrap_or_default();
            assert!(
                about.contains(example.summary) && about.contains(example.source),
                "{about}"
            );
            let marked = page
                .run(&format!(
                    "return document.getElementById('example-{}').parentElement.textContent.includes('Shown now');",
                    example.id
                ))
                .await;
            assert_eq!(marked, Value::Bool(true), "{}", example.id);
        }

        // Typed figures are not replaced without the user's word.
        type_figures(&page, OWN_TABLE).await;
        wait_for_findings(&page, &core_findings(OWN_TABLE, &Options::default())).await;
        let tiny = examples()
            .iter()
            .find(|example| example.id == "tiny-numbers")
            .unwrap_or_else(|| panic!("no tiny-numbers example"));
        click(&page, "example-tiny-numbers").await;
        page.wait_for_text(&format!(
            "Replace the figures in the box with the figures in the worked example \u{201c}{}\u{201d}?",
            tiny.title
        ))
        .await;
        assert_eq!(figures_value(&page).await, Value::from(OWN_TABLE));
        // The question, above the examples, takes focus to be seen.
        assert_eq!(focused_id(&page).await, Value::from("replace-figures"));
        assert_no_violations(&page, &axe_source, "asking before an example replaces figures").await;
        click(&page, "replace-figures-keep").await;
        wait_for_value(
            &page,
            "return document.getElementById('replace-figures') === null;",
            Value::Bool(true),
        )
        .await;
        assert_eq!(figures_value(&page).await, Value::from(OWN_TABLE));
        click(&page, "example-tiny-numbers").await;
        click(&page, "replace-figures-confirm").await;
        wait_for_findings(&page, &core_findings(tiny.text, &Options::default())).await;
        assert_eq!(figures_value(&page).await, Value::from(tiny.text));
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release`, Chromium and axe-core; scripts/test runs it"]
async fn a_preset_link_is_applied_and_a_bad_one_ignored_with_a_note() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        page.wait_for_text(EXAMPLE_FINDING).await;
        let tiny = examples()
            .iter()
            .find(|example| example.id == "tiny-numbers")
            .unwrap_or_else(|| panic!("no tiny-numbers example"));
        open(
            &page,
            &address(&page, "?example=tiny-numbers&confidence=90&reference=Black"),
        )
        .await;
        let options = Options {
            confidence: 0.90,
            reference: Reference::Named("Black".to_owned()),
            ..Options::default()
        };
        let findings = core_findings(tiny.text, &options);
        assert!(
            findings.iter().any(|finding| finding.contains("90% CI")),
            "{findings:#?}"
        );
        wait_for_findings(&page, &findings).await;
        let text = page.main_text().await;
        assert!(!text.contains("Some of the link was not used"), "{text}");
        assert_eq!(figures_value(&page).await, Value::from(tiny.text));

        let bad = "?confidence=97&example=..%2Fsecret&colour=red";
        let (_, notes) = from_query(bad);
        assert_eq!(notes.len(), 3, "{notes:?}");
        open(&page, &address(&page, bad)).await;
        wait_for_findings(&page, &core_findings(EXAMPLE_TABLE, &Options::default())).await;
        let text = page.main_text().await;
        for note in &notes {
            assert!(text.contains(note.as_str()), "{note} is not shown:\n{text}");
        }
        assert_no_violations(&page, &axe_source, "with notes on a link").await;

        // The service worker keeps the page once, without its presets.
        wait_for_service_worker(&page).await;
        open(
            &page,
            &address(&page, "?example=tiny-numbers&reference=Black"),
        )
        .await;
        wait_for_findings(&page, &findings_at_95(tiny.text, "Black")).await;
        let cached = page
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 (async () => {
                   const urls = [];
                   for (const name of await caches.keys()) {
                     const cache = await caches.open(name);
                     urls.push(...(await cache.keys()).map((request) => request.url));
                   }
                   return urls;
                 })().then(done, (error) => done(String(error)));",
                Vec::new(),
            )
            .await
            .unwrap_or_else(|error| panic!("could not read the caches: {error}"));
        let cached: Vec<String> = serde_json::from_value(cached.clone())
            .unwrap_or_else(|error| panic!("not a list of URLs ({error}): {cached}"));
        assert!(cached.contains(&address(&page, "")), "{cached:#?}");
        assert!(cached.iter().all(|url| !url.contains('?')), "{cached:#?}");
    })
    .await;
}

/// The findings for `table` at 95% with `group` as every breakdown's
/// reference.
fn findings_at_95(table: &str, group: &str) -> Vec<String> {
    let options = Options {
        reference: Reference::Named(group.to_owned()),
        ..Options::default()
    };
    core_findings(table, &options)
}

/// Waits until the page states `rules` in the core's words.
async fn assert_rules_stated(page: &Page, rules: &Rules) {
    let script = "const rules = document.getElementById('results-rules');
         return rules && [...rules.querySelectorAll('li')].map((item) => item.textContent);";
    wait_for_value(page, script, json!(rules.describe())).await;
}

/// The share link the panel shows now.
async fn share_link(page: &Page) -> String {
    let link = page
        .run("return document.getElementById('share-link').value;")
        .await;
    link.as_str()
        .unwrap_or_else(|| panic!("no share link: {link}"))
        .to_owned()
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release`, Chromium and axe-core; scripts/test runs it"]
async fn a_share_link_restores_the_settings_and_the_figures_only_when_ticked() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        page.wait_for_text(EXAMPLE_FINDING).await;
        click_label(&page, "confidence-99").await;
        type_figures(&page, OWN_TABLE).await;
        let at_99 = Options {
            confidence: 0.99,
            ..Options::default()
        };
        wait_for_findings(&page, &core_findings(OWN_TABLE, &at_99)).await;
        page.run("document.querySelector('#share-panel summary').click();")
            .await;

        let settings_only = share_link(&page).await;
        let own = address(&page, "#ips-equity=1&");
        assert!(settings_only.starts_with(&own), "{settings_only}");
        assert!(settings_only.contains("confidence=99"), "{settings_only}");
        assert!(!settings_only.contains("data="), "{settings_only}");
        assert!(!settings_only.contains("White"), "{settings_only}");

        click_label(&page, "share-figures").await;
        page.wait_for_text("The link now holds your figures").await;
        let with_figures = share_link(&page).await;
        assert!(with_figures.contains("&data="), "{with_figures}");
        assert_no_violations(&page, &axe_source, "with the share panel open and ticked").await;

        // Settings alone: the first table, at 99%.
        open(&page, &settings_only).await;
        wait_for_findings(&page, &core_findings(EXAMPLE_TABLE, &at_99)).await;
        assert_eq!(figures_value(&page).await, Value::from(EXAMPLE_TABLE));

        // With the figures: the user's table, at 99%; here pasted into the
        // address bar of the open page, which changes only the fragment.
        page.client
            .goto(&with_figures)
            .await
            .unwrap_or_else(|error| panic!("could not follow the link: {error}"));
        wait_for_findings(&page, &core_findings(OWN_TABLE, &at_99)).await;
        assert_eq!(figures_value(&page).await, Value::from(OWN_TABLE));
        assert_quiet(&page).await;

        // The fragment never reaches a server, so the link works offline
        // once the page's service worker has its files; and no request
        // carried the figures.
        wait_for_service_worker(&page).await;
        assert!(
            page.served().iter().all(|target| !target.contains("White")),
            "{:?}",
            page.served()
        );
        page.stop_server().await;
        open(&page, &with_figures).await;
        wait_for_findings(&page, &core_findings(OWN_TABLE, &at_99)).await;
        assert_eq!(figures_value(&page).await, Value::from(OWN_TABLE));
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release`, Chromium and axe-core; scripts/test runs it"]
async fn the_publish_safe_switch_states_its_rules() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        page.wait_for_text(EXAMPLE_FINDING).await;
        click_label(&page, "safe").await;
        assert_rules_stated(&page, &Rules::default()).await;
        page.client
            .find(Locator::Id("safe-threshold"))
            .await
            .unwrap_or_else(|error| panic!("no threshold: {error}"))
            .select_by_value("10")
            .await
            .unwrap_or_else(|error| panic!("could not choose 10: {error}"));
        assert_rules_stated(
            &page,
            &Rules {
                threshold: 10,
                ..Rules::default()
            },
        )
        .await;
        assert_no_violations(&page, &axe_source, "with publish-safe figures on").await;

        // The share link carries the switch and its threshold.
        page.run("document.querySelector('#share-panel summary').click();")
            .await;
        let link = share_link(&page).await;
        assert!(link.contains("safe=1&threshold=10"), "{link}");
    })
    .await;
}
