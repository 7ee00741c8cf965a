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
// Each browser test binary uses part of the page helpers.
#[allow(dead_code)]
#[path = "browser/common.rs"]
mod common;
// Each browser test binary uses part of the harness.
#[allow(dead_code)]
#[path = "browser/harness.rs"]
mod harness;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::thread;

use fantoccini::key::Key;
use fantoccini::Locator;
use ips_equity::analysis::{Options, Reference};
use ips_equity::disclosure::Rules;
use ips_equity::examples::examples;
use ips_equity::settings::{from_query, host_script, iframe_snippet, Settings};
use serde_json::{json, Value};

use axe::assert_no_violations;
use common::{
    big_table_findings, cached_urls, click, click_label, figures_value, focused_id,
    listed_findings, paste_figures, safe_findings, type_figures, wait_for_equal,
    wait_for_listed_findings, wait_for_service_worker, BIG_TABLE, EXAMPLE_EXACT_FINDING,
    EXAMPLE_FINDING, EXAMPLE_TABLE, OWN_TABLE,
};
use harness::{with_page, Page, SUB_PATH};

/// What the page says while an exact test is being worked out.
const EXACT_PENDING: &str = "the Freeman-Halton exact test is still being worked out";

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

/// Checks that the page broke no rule of its Content-Security-Policy, wrote
/// no error to the console and asked its server for nothing outside its
/// own folder.
async fn assert_quiet(page: &Page) {
    page.assert_no_policy_violation().await;
    let errors = page.console_errors().await;
    assert!(errors.is_empty(), "the console reports: {errors:#?}");
    let served = page.served();
    assert!(
        served.iter().all(|target| target.starts_with(SUB_PATH)),
        "requests outside {SUB_PATH}: {served:?}"
    );
}

/// Reloads the page with `script` run before any of its own.
async fn reload_with(page: &Page, script: &'static str) {
    page.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": script }),
    )
    .await;
    open(page, page.url()).await;
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

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn without_a_worker_the_page_works_the_exact_test_out_itself() {
    with_page(|page| async move {
        reload_with(&page, NO_WORKERS).await;
        page.wait_for_text(EXAMPLE_FINDING).await;
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        type_figures(&page, OWN_TABLE).await;
        wait_for_listed_findings(&page, &listed_findings(OWN_TABLE, &Options::default())).await;
        // A table that needs the worker is worked out by the page too.
        paste_figures(&page, BIG_TABLE).await;
        wait_for_listed_findings(&page, &big_table_findings(listed_findings)).await;
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
        let findings = big_table_findings(listed_findings);
        let first = page.wait_for_text(&findings[0]).await;
        assert!(first.contains(EXACT_PENDING), "{first}");
        let text = wait_for_listed_findings(&page, &findings).await;
        assert!(!text.contains(EXACT_PENDING), "{text}");
        type_figures(&page, OWN_TABLE).await;
        wait_for_listed_findings(&page, &listed_findings(OWN_TABLE, &Options::default())).await;
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
        let calculator = page.address("");
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
        wait_for_equal(&page, tall, Value::Bool(true)).await;
        let heard = page.run("return window.heard;").await;
        for message in heard.as_array().into_iter().flatten() {
            assert_eq!(
                message["origin"],
                Value::from(page.origin()),
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
        page.run_with(
            "const [script] = arguments;
             const element = document.createElement('script');
             element.textContent = script;
             document.body.append(element);
             document.querySelector('iframe').style.maxWidth = '520px';",
            vec![Value::from(script_body(&host_script(&calculator)))],
        )
        .await;
        let fitted = "const frame = document.querySelector('iframe');
             const last = window.heard[window.heard.length - 1].data.height;
             return last > 900 && frame.style.height === Math.ceil(last) + 'px'
               && frame.getBoundingClientRect().height === Math.ceil(last);";
        wait_for_equal(&page, fitted, Value::Bool(true)).await;

        // Embed mode on its own, checked for accessibility.
        open(&page, &page.address("?embed=1")).await;
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
        let calculator = page.address("");
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
                page.address("ips-equity-calculator.html")
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
                vec![Value::from(page.address("ips-equity-calculator.html"))],
            )
            .await
            .unwrap_or_else(|error| panic!("could not fetch the one-file edition: {error}"));
        assert_eq!(fetched, Value::Bool(true));
        assert_no_violations(&page, &axe_source, "with the one-file panel open").await;
    })
    .await;
}

/// What presenter mode shows: the position and the finding.
async fn shown_slide(page: &Page) -> Value {
    page.run(
        "return [document.getElementById('presenter-position').textContent,
                 document.getElementById('presenter-finding').textContent];",
    )
    .await
}

/// Waits until presenter mode shows slide `index` of `slides` (the
/// findings as the page lists them), with its position.
async fn wait_for_slide(page: &Page, slides: &[String], index: usize) {
    let expected = &json!([format!("{} of {}", index + 1, slides.len()), slides[index]]);
    page.wait_until(|| async move {
        let shown = shown_slide(page).await;
        if shown == *expected {
            Ok(())
        } else {
            Err(format!("presenter mode shows {shown}, not {expected}"))
        }
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release`, Chromium and axe-core; scripts/test runs it"]
async fn presenter_mode_steps_through_the_findings_with_the_keyboard() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        let slides = listed_findings(EXAMPLE_TABLE, &Options::default());
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
            &page.address("?example=tiny-numbers&presenter=1&safe=1&threshold=5"),
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
        let safe = safe_findings(tiny.text, &options, &rules);
        assert_ne!(safe, listed_findings(tiny.text, &options));
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
            wait_for_listed_findings(&page, &listed_findings(example.text, &options)).await;
            assert_eq!(figures_value(&page).await.as_deref(), Some(example.text));
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
        wait_for_listed_findings(&page, &listed_findings(OWN_TABLE, &Options::default())).await;
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
        assert_eq!(figures_value(&page).await.as_deref(), Some(OWN_TABLE));
        // The question, above the examples, takes focus to be seen.
        assert_eq!(focused_id(&page).await, Value::from("replace-figures"));
        assert_no_violations(&page, &axe_source, "asking before an example replaces figures").await;
        click(&page, "replace-figures-keep").await;
        wait_for_equal(
            &page,
            "return document.getElementById('replace-figures') === null;",
            Value::Bool(true),
        )
        .await;
        assert_eq!(figures_value(&page).await.as_deref(), Some(OWN_TABLE));
        click(&page, "example-tiny-numbers").await;
        click(&page, "replace-figures-confirm").await;
        wait_for_listed_findings(&page, &listed_findings(tiny.text, &Options::default())).await;
        assert_eq!(figures_value(&page).await.as_deref(), Some(tiny.text));
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
            &page.address("?example=tiny-numbers&confidence=90&reference=Black"),
        )
        .await;
        let options = Options {
            confidence: 0.90,
            reference: Reference::Named("Black".to_owned()),
            ..Options::default()
        };
        let findings = listed_findings(tiny.text, &options);
        assert!(
            findings.iter().any(|finding| finding.contains("90% CI")),
            "{findings:#?}"
        );
        wait_for_listed_findings(&page, &findings).await;
        let text = page.main_text().await;
        assert!(!text.contains("Some of the link was not used"), "{text}");
        assert_eq!(figures_value(&page).await.as_deref(), Some(tiny.text));

        let bad = "?confidence=97&example=..%2Fsecret&colour=red";
        let (_, notes) = from_query(bad);
        assert_eq!(notes.len(), 3, "{notes:?}");
        open(&page, &page.address(bad)).await;
        wait_for_listed_findings(&page, &listed_findings(EXAMPLE_TABLE, &Options::default())).await;
        let text = page.main_text().await;
        for note in &notes {
            assert!(text.contains(note.as_str()), "{note} is not shown:\n{text}");
        }
        assert_no_violations(&page, &axe_source, "with notes on a link").await;

        // The service worker keeps the page once, without its presets.
        wait_for_service_worker(&page).await;
        open(
            &page,
            &page.address("?example=tiny-numbers&reference=Black"),
        )
        .await;
        wait_for_listed_findings(&page, &findings_at_95(tiny.text, "Black")).await;
        let (_, cached) = cached_urls(&page).await;
        assert!(cached.contains(&page.address("")), "{cached:#?}");
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
    listed_findings(table, &options)
}

/// Waits until the page states `rules` in the core's words.
async fn assert_rules_stated(page: &Page, rules: &Rules) {
    let script = "const rules = document.getElementById('results-rules');
         return rules && [...rules.querySelectorAll('li')].map((item) => item.textContent);";
    wait_for_equal(page, script, json!(rules.describe())).await;
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
        wait_for_listed_findings(&page, &listed_findings(OWN_TABLE, &at_99)).await;
        page.run("document.querySelector('#share-panel summary').click();")
            .await;

        let settings_only = share_link(&page).await;
        let own = page.address("#ips-equity=1&");
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
        wait_for_listed_findings(&page, &listed_findings(EXAMPLE_TABLE, &at_99)).await;
        assert_eq!(figures_value(&page).await.as_deref(), Some(EXAMPLE_TABLE));

        // With the figures: the user's table, at 99%; here pasted into the
        // address bar of the open page, which changes only the fragment.
        page.client
            .goto(&with_figures)
            .await
            .unwrap_or_else(|error| panic!("could not follow the link: {error}"));
        wait_for_listed_findings(&page, &listed_findings(OWN_TABLE, &at_99)).await;
        assert_eq!(figures_value(&page).await.as_deref(), Some(OWN_TABLE));
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
        wait_for_listed_findings(&page, &listed_findings(OWN_TABLE, &at_99)).await;
        assert_eq!(figures_value(&page).await.as_deref(), Some(OWN_TABLE));
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
