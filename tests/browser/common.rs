//! The calculator's page as the browser tests meet it: the tables they give
//! it, what the native core says of those tables, and the page's controls
//! (the figures box, buttons and labels, the findings, the service worker's
//! cache), each behind one helper so that every test file drives and reads
//! the page alike. What any page in the browser offers (its text, scripts,
//! logs, waiting) is in `harness.rs`.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::Locator;
use ips_equity::analysis::{analyse_text, Options};
use ips_equity::disclosure::{protect, Rules};
use ips_equity::report::Report;
use serde_json::Value;

use super::harness::Page;

/// The table the page shows first (`src/app/example.csv`).
pub const EXAMPLE_TABLE: &str = include_str!("../../src/app/example.csv");

/// A sentence the core writes for the example's Black group (its figures
/// echo a published London service).
pub const EXAMPLE_FINDING: &str =
    "Black people made up 17.5% of people accessing IPS (175 of 1,000), \
     compared with 11.5% of the reference population";

/// The example's exact test, which the page works out itself right after
/// the other figures, without its worker.
pub const EXAMPLE_EXACT_FINDING: &str =
    "Job rates do not differ between groups by more than chance would explain \
     (Freeman-Halton exact test, p = 0.650).";

/// A table of the user's own: three groups of one breakdown, whose exact
/// test the page works out at once.
pub const OWN_TABLE: &str =
    "Ethnicity,Population,IPS,Employed\nWhite,800,80,30\nBlack,200,30,6\nAsian,300,20,9";

/// A table whose exact test the page leaves to its worker: 8,000 people in
/// IPS in four groups with job rates from 30% to 45%, whose exact search
/// takes about 2.8 million steps (the page tries one million).
pub const BIG_TABLE: &str = "Ethnicity,Population,IPS,Employed
White,40000,2000,600
Black,10000,2000,700
Asian,8000,2000,800
Mixed,5000,2000,900";

/// The native core's report of `table` under `options`; the table must
/// have no error.
pub fn core_report(table: &str, options: &Options) -> Report {
    let analysis = analyse_text(table, options);
    assert!(analysis.errors.is_empty(), "{:?}", analysis.errors);
    analysis.report
}

/// Every finding the native core words for `table` under `options`, one
/// sentence at a time: each group's, then each breakdown's, the exact
/// tests' included.
pub fn core_findings(table: &str, options: &Options) -> Vec<String> {
    core_report(table, options)
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

/// The same findings as the page lists them (and presenter mode shows
/// them, one a slide): one item per group with any, its sentences joined
/// by a space, then each breakdown's own, the exact tests' included.
pub fn listed_findings(table: &str, options: &Options) -> Vec<String> {
    core_report(table, options)
        .breakdowns
        .iter()
        .flat_map(|breakdown| {
            listed(
                breakdown.groups.iter().map(|group| &group.findings),
                &breakdown.findings,
            )
        })
        .collect()
}

/// The publish-safe findings of `table` under `options` and `rules`
/// (`disclosure::protect`), listed as [`listed_findings`] lists them.
pub fn safe_findings(table: &str, options: &Options, rules: &Rules) -> Vec<String> {
    protect(&core_report(table, options), rules)
        .breakdowns
        .iter()
        .flat_map(|breakdown| {
            listed(
                breakdown.groups.iter().map(|group| &group.findings),
                &breakdown.findings,
            )
        })
        .collect()
}

/// One breakdown's list items: each group's sentences joined, groups
/// without any left out, then the breakdown's own.
fn listed<'a>(groups: impl Iterator<Item = &'a Vec<String>>, own: &'a [String]) -> Vec<String> {
    groups
        .filter(|sentences| !sentences.is_empty())
        .map(|sentences| sentences.join(" "))
        .chain(own.iter().cloned())
        .collect()
}

/// The findings of [`BIG_TABLE`] at the page's defaults, in the form
/// `findings_of` gives ([`core_findings`] or [`listed_findings`]), after
/// checking that its exact test is among them.
pub fn big_table_findings(findings_of: fn(&str, &Options) -> Vec<String>) -> Vec<String> {
    let findings = findings_of(BIG_TABLE, &Options::default());
    assert!(
        findings
            .iter()
            .any(|finding| finding.contains("(Freeman-Halton exact test, p < 0.001)")),
        "{findings:#?}"
    );
    findings
}

/// Waits until the page's visible text shows every one of `findings`, and
/// returns that text; fails with those it lacks after the page's timeout.
pub async fn wait_for_findings(page: &Page, findings: &[String]) -> String {
    assert!(!findings.is_empty(), "no findings to wait for");
    page.wait_until(|| async move {
        let text = page.main_text().await;
        match lacking(findings, &text) {
            None => Ok(text),
            Some(missing) => Err(format!(
                "the page lacks these findings: {missing}\nIt says:\n{text}"
            )),
        }
    })
    .await
}

/// Waits until the page lists every one of `findings` (see
/// [`listed_findings`]) in any breakdown's panel, the tabs hiding all but
/// one from view, and returns the lists' text; fails with those it lacks
/// after the page's timeout.
pub async fn wait_for_listed_findings(page: &Page, findings: &[String]) -> String {
    assert!(!findings.is_empty(), "no findings to wait for");
    page.wait_until(|| async move {
        let listed = page
            .run(
                "return [...document.querySelectorAll('.app-findings li')]
                   .map((item) => item.textContent).join('\\n');",
            )
            .await;
        let text = listed.as_str().unwrap_or_default().to_owned();
        match lacking(findings, &text) {
            None => Ok(text),
            Some(missing) => Err(format!(
                "the page lacks these findings: {missing}\nIt lists:\n{text}"
            )),
        }
    })
    .await
}

/// The findings that `text` lacks, listed for a failure message, or
/// `None` when it holds them all.
fn lacking(findings: &[String], text: &str) -> Option<String> {
    let missing: Vec<&String> = findings
        .iter()
        .filter(|finding| !text.contains(finding.as_str()))
        .collect();
    (!missing.is_empty()).then(|| format!("{missing:#?}"))
}

/// Waits until `script` (a function body) returns something other than
/// `null`, and returns it.
pub async fn wait_for_value(page: &Page, script: &str) -> Value {
    page.wait_until(|| async move {
        let value = page.run(script).await;
        if value.is_null() {
            Err(format!("{script} still gives null"))
        } else {
            Ok(value)
        }
    })
    .await
}

/// Waits until `script` (a function body) returns `expected`; fails with
/// what it last returned after the page's timeout.
pub async fn wait_for_equal(page: &Page, script: &str, expected: Value) {
    let expected = &expected;
    page.wait_until(|| async move {
        let value = page.run(script).await;
        if value == *expected {
            Ok(())
        } else {
            Err(format!("{script} gives {value}, not {expected}"))
        }
    })
    .await;
}

/// Clicks the element with this id.
pub async fn click(page: &Page, id: &str) {
    click_on(page, Locator::Id(id), &format!("#{id}")).await;
}

/// Clicks the label of the field with this id, as a person does: the
/// page's radios and checkboxes are drawn beside their hidden inputs.
pub async fn click_label(page: &Page, id: &str) {
    let selector = format!("label[for={id}]");
    click_on(page, Locator::Css(&selector), &selector).await;
}

/// Clicks the first element that the CSS `selector` finds.
pub async fn click_css(page: &Page, selector: &str) {
    click_on(page, Locator::Css(selector), selector).await;
}

/// Clicks what `locator` finds, as a person does (WebDriver refuses an
/// element hidden or covered), naming it `what` if it cannot.
async fn click_on(page: &Page, locator: Locator<'_>, what: &str) {
    page.client
        .find(locator)
        .await
        .unwrap_or_else(|error| panic!("the page has no {what}: {error}"))
        .click()
        .await
        .unwrap_or_else(|error| panic!("could not click {what}: {error}"));
}

/// The figures box.
pub async fn figures_box(page: &Page) -> Element {
    page.client
        .find(Locator::Id("figures"))
        .await
        .unwrap_or_else(|error| panic!("the page has no #figures: {error}"))
}

/// What the figures box holds.
pub async fn figures_value(page: &Page) -> Option<String> {
    figures_box(page)
        .await
        .prop("value")
        .await
        .unwrap_or_else(|error| panic!("#figures has no value: {error}"))
}

/// Replaces what the figures box holds with `text`, typed key by key as a
/// person would.
pub async fn type_figures(page: &Page, text: &str) {
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

/// Puts `text` into the figures box as a paste does: the box's whole value
/// replaced (a paste over the selected example), then the `input` event a
/// paste fires, whose `insertFromPaste` tells the page a table arrived
/// whole. Typing it with `send_keys` would not do: a Tab key moves focus
/// out of the box, and the page would take it for typing.
pub async fn paste_figures(page: &Page, text: &str) {
    page.run_with(
        "const [text] = arguments;
         const box = document.getElementById('figures');
         box.focus();
         box.value = text;
         box.dispatchEvent(new InputEvent('input',
           { bubbles: true, inputType: 'insertFromPaste' }));",
        vec![Value::from(text)],
    )
    .await;
}

/// The id of the element that has focus, or `null` when it has none or
/// no id.
pub async fn focused_id(page: &Page) -> Value {
    page.run("return document.activeElement && (document.activeElement.id || null);")
        .await
}

/// Waits until a service worker controls the page, reloading it once if
/// none has taken charge by a third of the page's timeout (`www/sw.js`
/// claims the page that registered it, so the reload is a fallback).
pub async fn wait_for_service_worker(page: &Page) {
    let started = Instant::now();
    let mut reloaded = false;
    while page
        .run("return navigator.serviceWorker.controller !== null;")
        .await
        != Value::Bool(true)
    {
        if !reloaded && started.elapsed() > page.timeout() / 3 {
            page.client
                .refresh()
                .await
                .unwrap_or_else(|error| panic!("could not reload the page: {error}"));
            reloaded = true;
        }
        assert!(
            started.elapsed() < page.timeout(),
            "no service worker controls the page after {:?}",
            page.timeout()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The page's cache storage: each cache's name, and every URL it holds,
/// sorted.
pub async fn cached_urls(page: &Page) -> (Vec<String>, Vec<String>) {
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

/// A folder of the test's own in the system's temporary folder, removed
/// with what it holds when dropped, whether the test passes or not.
pub struct TempDir(pub PathBuf);

impl TempDir {
    /// `ips-equity-NAME-PID` in the temporary folder, made afresh.
    pub fn new(name: &str) -> Self {
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
