//! The results' take-away and teaching tools in a real browser, on the same
//! footing as `tests/browser.rs` (whose module doc says how to run them):
//! the built page served from a sub-path to a headless Chromium driven over
//! WebDriver.
//!
//! - "How this was worked out" opened beside a row shows the user's own
//!   numbers, as the native core words them;
//! - the CSV download is the native core's file (its words exactly, its
//!   numbers to a relative 1e-12) under a dated name, with a group named
//!   like a spreadsheet formula defused;
//! - "Copy table" puts both HTML and tab-separated text on the clipboard
//!   (plain text alone where `ClipboardItem` is missing), and says so;
//! - a chart downloads as a standalone SVG file;
//! - printing opens every explanation, and closes them again after;
//! - publish-safe figures: the tables, findings, charts and CSV hold only
//!   what the core's rules allow, and the working shows no steps;
//! - zero axe-core WCAG 2.2 A/AA violations with the working open, with
//!   every explanation open (as printed), with copy confirmations shown
//!   and with publish-safe figures on.
//!
//! The clipboard and downloads are watched from inside the page: the test
//! wraps `navigator.clipboard` and `URL.createObjectURL` before clicking,
//! so that nothing depends on the headless browser's own clipboard or
//! download folder.
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

use ips_equity::analysis::Options;
use ips_equity::charts::share_chart;
use ips_equity::disclosure::{protect, Rules};
use ips_equity::export::{self, html, tsv};
use ips_equity::report::{Flag, IntervalMethod};
use ips_equity::tables::{breakdown_tables, Table, Value as CellValue};
use ips_equity::words::ratio_text;
use ips_equity::working::{group_working, Figure};
use serde_json::Value;

use axe::assert_no_violations;
use common::{
    click, click_css, click_label, core_report, safe_findings, type_figures, wait_for_value,
    EXAMPLE_EXACT_FINDING, EXAMPLE_TABLE,
};
use harness::{with_page, Page};

/// A table whose second group is named like a spreadsheet formula (quoted
/// as RFC 4180 asks, since it holds commas and quotes).
const FORMULA_TABLE: &str = "Ethnicity,Population,IPS,Employed\n\
                             White,800,80,30\n\
                             \"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",200,30,6\n\
                             Asian,300,20,9";

/// The group name a spreadsheet would run as a formula.
const FORMULA_GROUP: &str = "=HYPERLINK(\"http://x\",\"y\")";

/// A table with small counts for the publish-safe rules to withhold:
/// Mixed's 5 people in IPS and 2 in work, and what would give them away.
const SMALL_TABLE: &str = "Ethnicity,Population,IPS,Employed\n\
                           White,5600,560,196\n\
                           Black,1150,175,60\n\
                           Asian,2150,140,42\n\
                           Mixed,600,5,2\n\
                           Other,500,65,20";

/// Waits until the first breakdown's exact test has its p-value, so that
/// every figure the page will show is there.
async fn wait_for_exact_test(page: &Page) {
    wait_for_value(
        page,
        "const note = document.getElementById('exact-method-0');
         return note && !note.textContent.includes('being worked out') ? true : null;",
    )
    .await;
}

/// Keeps every Blob given to `URL.createObjectURL`, and the name of every
/// download link clicked, in `window.__downloads`.
const WATCH_DOWNLOADS: &str = "
    window.__downloads = { blobs: [], names: [] };
    const create = URL.createObjectURL;
    URL.createObjectURL = function (blob) {
        window.__downloads.blobs.push(blob);
        return create.call(URL, blob);
    };
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
        window.__downloads.names.push(this.download);
        return click.call(this);
    };";

/// The last download: `{ type, name, bom, text }`, `bom` whether its bytes
/// start with UTF-8's byte-order mark.
async fn last_download(page: &Page) -> Value {
    let script = "
        const done = arguments[arguments.length - 1];
        const downloads = window.__downloads;
        const blob = downloads.blobs[downloads.blobs.length - 1];
        blob.arrayBuffer().then((buffer) => {
            const bytes = new Uint8Array(buffer);
            done({
                type: blob.type,
                name: downloads.names[downloads.names.length - 1],
                bom: bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf,
                text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(buffer),
            });
        });";
    wait_for_value(
        page,
        "return window.__downloads.blobs.length > 0 ? true : null;",
    )
    .await;
    page.client
        .execute_async(script, Vec::new())
        .await
        .unwrap_or_else(|error| panic!("could not read the download: {error}"))
}

/// A clipboard that records what is written to it in `window.__copied`:
/// each format's text by media type.
const WATCH_CLIPBOARD: &str = "
    window.__copied = null;
    Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        value: {
            async write(items) {
                const copied = {};
                for (const type of items[0].types) {
                    copied[type] = await (await items[0].getType(type)).text();
                }
                window.__copied = { how: 'write', formats: copied };
            },
            async writeText(text) {
                window.__copied = { how: 'writeText', formats: { 'text/plain': text } };
            },
        },
    });";

/// The records of a CSV file, read as RFC 4180 says.
fn records(text: &str) -> Vec<csv::StringRecord> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|error| panic!("the CSV does not parse: {error}"))
}

/// Checks that the page's CSV file holds the native core's figures: the
/// same fields, word for word, and numbers that agree to a relative 1e-12
/// (WebAssembly's `exp` and `ln` may differ from the native ones in the
/// last bit).
fn assert_same_csv(page: &str, native: &str) {
    assert!(page.starts_with('\u{feff}'), "no byte-order mark");
    assert_eq!(page.lines().count(), native.lines().count(), "{page}");
    let (page, native) = (records(page), records(native));
    assert_eq!(page.len(), native.len());
    for (shown, expected) in page.iter().zip(&native) {
        assert_eq!(
            shown.len(),
            expected.len(),
            "{shown:?} against {expected:?}"
        );
        for (field, wanted) in shown.iter().zip(expected) {
            match (field.parse::<f64>(), wanted.parse::<f64>()) {
                (Ok(value), Ok(wanted_value)) => assert!(
                    value == wanted_value
                        || (value - wanted_value).abs() <= 1e-12 * wanted_value.abs(),
                    "{field} against {wanted} in {expected:?}"
                ),
                _ => assert_eq!(field, wanted, "in {expected:?}"),
            }
        }
    }
}

/// What a cell of a page table reads as text: its figure, interval and
/// flag run together, as `textContent` gives them.
fn cell_text(cell: &ips_equity::tables::Cell, first: bool) -> String {
    if first {
        let mut text = cell.text.clone().unwrap_or_default();
        if cell.reference {
            text.push_str("Reference");
        }
        return text;
    }
    if cell.value == CellValue::Withheld {
        return "*withheld".to_string();
    }
    let Some(text) = &cell.text else {
        return "\u{2013}not worked out".to_string();
    };
    let mut text = text.clone();
    if let Some((lower, upper)) = &cell.interval {
        text.push_str(&format!("{lower} to {upper}"));
    }
    match cell.flag {
        Some(Flag::Below) => text.push_str(&format!("Below {}", ratio_text(Flag::LOWER))),
        Some(Flag::Above) => text.push_str(&format!("Above {}", ratio_text(Flag::UPPER))),
        None => {}
    }
    text
}

/// Checks that the page's table shows `table` cell by cell.
async fn assert_table_shown(page: &Page, breakdown: usize, table: &Table) {
    let id = table.id(breakdown);
    let shown = page
        .run(&format!(
            "return [...document.querySelectorAll('#{id} tbody tr')]
               .map((row) => [...row.cells].map((cell) => cell.textContent));"
        ))
        .await;
    let expected: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .enumerate()
                .map(|(column, cell)| cell_text(cell, column == 0))
                .collect()
        })
        .collect();
    assert_eq!(shown, serde_json::json!(expected), "#{id}");
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn show_working_opens_with_the_users_numbers() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        let report = core_report(EXAMPLE_TABLE, &Options::default());
        let breakdown = &report.breakdowns[0];
        let black = &breakdown.groups[1];
        let workings = group_working(breakdown, black, 0.95, IntervalMethod::Wilson);
        let share = workings
            .iter()
            .find(|working| working.figure == Figure::IpsShare)
            .expect("the core explains the share of IPS");
        let ratio = workings
            .iter()
            .find(|working| working.figure == Figure::RepresentationRatio)
            .expect("the core explains the representation ratio");

        let panel = "access-table-0-working-1";
        let summary = page
            .run(&format!(
                "return document.querySelector('#{panel} summary').textContent;"
            ))
            .await;
        assert_eq!(summary, Value::from("How this was worked out: Black"));
        let closed = page
            .run(&format!("return document.getElementById('{panel}').open;"))
            .await;
        assert_eq!(closed, Value::Bool(false));
        click_css(&page, &format!("#{panel} summary")).await;
        let text = wait_for_value(
            &page,
            &format!(
                "const panel = document.getElementById('{panel}');
                 const body = panel.querySelector('.app-details__text');
                 return panel.open && body.checkVisibility() ? body.innerText : null;"
            ),
        )
        .await;
        let text = text.as_str().unwrap_or_default();
        for working in [share, ratio] {
            assert!(text.contains(&working.title), "lacks {:?}:\n{text}", working.title);
            assert!(text.contains(working.method) && text.contains(working.source), "{text}");
            assert!(text.contains(working.formula), "{text}");
            for step in &working.steps {
                assert!(text.contains(step.as_str()), "lacks {step:?}:\n{text}");
            }
        }
        // The user's own counts, 175 of 1,000 in IPS, are in the steps.
        assert!(
            share.steps.iter().any(|step| step.contains("175")),
            "{:?}",
            share.steps
        );
        assert!(text.contains("175"), "{text}");

        // Every row of every table has its panel: five groups in each of
        // access and job outcomes, five tests, one row left out.
        let panels = page
            .run("return [...document.querySelectorAll('#breakdown-0 details.app-working')].map((d) => d.id);")
            .await;
        assert_eq!(panels.as_array().map(Vec::len), Some(16), "{panels}");
        assert_no_violations(&page, &axe_source, "with show working open").await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn the_csv_download_is_the_cores_file_with_formulas_defused() {
    with_page(|page| async move {
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        type_figures(&page, FORMULA_TABLE).await;
        page.wait_for_text("How this was worked out: =HYPERLINK")
            .await;
        wait_for_exact_test(&page).await;
        page.run(WATCH_DOWNLOADS).await;
        click(&page, "download-csv").await;
        let download = last_download(&page).await;

        assert_eq!(download["type"], Value::from("text/csv;charset=utf-8"));
        assert_eq!(download["bom"], Value::Bool(true));
        let text = download["text"].as_str().unwrap_or_default();
        let name = download["name"].as_str().unwrap_or_default();
        let date = name
            .strip_prefix("ips-equity-results-")
            .and_then(|rest| rest.strip_suffix(".csv"))
            .unwrap_or_else(|| panic!("unexpected file name {name:?}"));
        assert!(
            date.len() == 10 && date.chars().filter(|c| *c == '-').count() == 2,
            "{date}"
        );

        // The page's file is the native core's, with the page's date.
        let report = core_report(FORMULA_TABLE, &Options::default());
        let expected = export::csv(&report, None, &[("Date".to_string(), date.to_string())]);
        assert_same_csv(text, &expected);

        // And it reads back as the same figures, the formula as text.
        let records = records(text);
        let row = |group: &str| {
            records
                .iter()
                .find(|record| record.get(0) == Some("Ethnicity") && record.get(1) == Some(group))
                .unwrap_or_else(|| panic!("no row for {group:?}"))
        };
        let defused = format!("'{FORMULA_GROUP}");
        let formula = row(&defused);
        assert!(records
            .iter()
            .flatten()
            .all(|field| !field.starts_with('=')));
        let group = &report.breakdowns[0].groups[1];
        assert_eq!(group.group, FORMULA_GROUP);
        let headings = records
            .iter()
            .find(|record| record.get(0) == Some("breakdown"))
            .expect("the groups' headings");
        let column = |heading: &str| {
            headings
                .iter()
                .position(|field| field == heading)
                .unwrap_or_else(|| panic!("no column {heading:?}"))
        };
        let number = |record: &csv::StringRecord, heading: &str| -> f64 {
            record
                .get(column(heading))
                .and_then(|field| field.parse().ok())
                .unwrap_or_else(|| panic!("{heading:?} is not a number in {record:?}"))
        };
        assert_eq!(number(formula, "people in IPS"), 30.0);
        assert_eq!(number(formula, "gained a job"), 6.0);
        assert_eq!(
            number(formula, "share of IPS (proportion)"),
            group.access.ips_share
        );
        assert_eq!(
            Some(number(formula, "representation ratio")),
            group.access.representation_ratio
        );
        assert_eq!(
            Some(number(row("White"), "p (binomial)")),
            report.breakdowns[0].groups[0].access.p_value
        );
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn copy_table_puts_html_and_text_on_the_clipboard() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        let report = core_report(EXAMPLE_TABLE, &Options::default());
        let tables = breakdown_tables(&report.breakdowns[0], 0.95, None);
        page.run(WATCH_CLIPBOARD).await;

        click(&page, "access-table-0-copy").await;
        let copied = wait_for_value(&page, "return window.__copied;").await;
        assert_eq!(copied["how"], Value::from("write"));
        assert_eq!(
            copied["formats"]["text/plain"],
            Value::from(tsv(&tables[0]))
        );
        assert_eq!(
            copied["formats"]["text/html"],
            Value::from(html(&tables[0]))
        );
        let status = wait_for_value(
            &page,
            "const status = document.getElementById('access-table-0-copy-status');
             return status.textContent ? [status.textContent, status.getAttribute('role'),
                status.checkVisibility()] : null;",
        )
        .await;
        assert_eq!(status, serde_json::json!(["Table copied", "status", true]));

        // Without ClipboardItem, the tab-separated text alone.
        page.run("window.__copied = null; delete window.ClipboardItem;")
            .await;
        click(&page, "outcome-table-0-copy").await;
        let copied = wait_for_value(&page, "return window.__copied;").await;
        assert_eq!(copied["how"], Value::from("writeText"));
        assert_eq!(
            copied["formats"]["text/plain"],
            Value::from(tsv(&tables[1]))
        );

        // A finding's sentence, as the core words it.
        page.run("window.__copied = null;").await;
        click(&page, "findings-0-copy-0").await;
        let copied = wait_for_value(&page, "return window.__copied;").await;
        let white = report.breakdowns[0].groups[0].findings.join(" ");
        assert_eq!(copied["formats"]["text/plain"], Value::from(white));
        let status = wait_for_value(
            &page,
            "const status = document.getElementById('findings-0-copy-0-status');
             return status.textContent || null;",
        )
        .await;
        assert_eq!(status, Value::from("Finding copied"));
        assert_no_violations(&page, &axe_source, "with copy confirmations shown").await;
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn a_chart_downloads_as_a_standalone_svg() {
    with_page(|page| async move {
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        page.run(WATCH_DOWNLOADS).await;
        click(&page, "share-chart-0-download").await;
        let download = last_download(&page).await;
        assert_eq!(download["type"], Value::from("image/svg+xml;charset=utf-8"));
        assert_eq!(download["name"], Value::from("ips-equity-share-chart-0.svg"));
        let text = download["text"].as_str().unwrap_or_default().to_owned();
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""), "{text}");

        // It parses as an SVG document on its own, titled and described,
        // and refers to nothing outside itself.
        let chart = share_chart(&core_report(EXAMPLE_TABLE, &Options::default()).breakdowns[0], 0.95);
        let parsed = page
            .run_with(
                "const svg = new DOMParser().parseFromString(arguments[0], 'image/svg+xml');
                 const root = svg.documentElement;
                 return {
                     errors: svg.getElementsByTagName('parsererror').length,
                     root: root.localName,
                     namespace: root.namespaceURI,
                     title: root.querySelector(':scope > title').textContent,
                     desc: root.querySelector(':scope > desc').textContent,
                     marks: root.querySelectorAll('path').length,
                     links: root.querySelectorAll('[href], image, use, foreignObject').length,
                 };",
                vec![Value::from(text.clone())],
            )
            .await;
        assert_eq!(
            parsed,
            serde_json::json!({
                "errors": 0,
                "root": "svg",
                "namespace": "http://www.w3.org/2000/svg",
                "title": chart.title,
                "desc": chart.description,
                "marks": parsed["marks"],
                "links": 0,
            })
        );
        assert!(parsed["marks"].as_u64().unwrap_or_default() > 10, "{parsed}");
        assert!(text.contains("font-family=\"Arial"), "{text}");
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn printing_opens_every_explanation_and_closes_them_after() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        let count =
            "return [...document.querySelectorAll('details')].filter((d) => d.open).length;";
        let total = page
            .run("return document.querySelectorAll('details').length;")
            .await;
        assert_eq!(page.run(count).await, Value::from(0));
        // One the reader opened stays open after printing.
        page.run("document.getElementById('tests-table-0-working-0').open = true;")
            .await;
        page.run("window.dispatchEvent(new Event('beforeprint'));")
            .await;
        assert_eq!(page.run(count).await, total);
        // Every explanation open at once, as on paper.
        assert_no_violations(&page, &axe_source, "with every explanation open").await;
        page.run("window.dispatchEvent(new Event('afterprint'));")
            .await;
        assert_eq!(page.run(count).await, Value::from(1));
        let header = page
            .run("return document.getElementById('print-header').textContent;")
            .await;
        let header = header.as_str().unwrap_or_default();
        assert!(header.starts_with("Printed on "), "{header}");
        assert!(
            header.contains("Reference group for Ethnicity: White."),
            "{header}"
        );
        assert!(header.contains("Confidence level: 95%."), "{header}");
        let print = page
            .run("return document.getElementById('print-report').textContent;")
            .await;
        assert_eq!(print, Value::from("Print report"));
        let methods = page
            .run("return document.getElementById('methods-link').getAttribute('href');")
            .await;
        assert_eq!(methods, Value::from("./methods.html"));
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn publish_safe_figures_leave_no_withheld_count_on_the_page_or_in_the_csv() {
    let Some(axe_source) = axe::source() else {
        return;
    };
    with_page(|page| async move {
        page.wait_for_text(EXAMPLE_EXACT_FINDING).await;
        type_figures(&page, SMALL_TABLE).await;
        page.wait_for_text("How this was worked out: Mixed").await;
        click_label(&page, "safe").await;
        page.wait_for_text("Publish-safe figures: the rules applied").await;
        wait_for_exact_test(&page).await;

        let report = core_report(SMALL_TABLE, &Options::default());
        let rules = Rules::default();
        let safe = protect(&report, &rules);
        let cells = &safe.breakdowns[0];
        let mixed = &cells.groups[3];
        assert!(mixed.ips.is_withheld() && !mixed.access, "{mixed:?}");

        // The rules, in the core's words, above the results.
        let rules_text = page
            .run("return document.getElementById('results-rules').textContent;")
            .await;
        for line in rules.describe() {
            assert!(rules_text.as_str().unwrap_or_default().contains(&line), "{line}");
        }

        // Every table is the core's publish-safe table, cell by cell.
        let tables = breakdown_tables(&report.breakdowns[0], 0.95, Some(cells));
        for table in &tables {
            assert_table_shown(&page, 0, table).await;
        }
        assert!(tables[0].rows[3]
            .iter()
            .any(|cell| cell.value == CellValue::Withheld));

        // The findings are the publish-safe ones.
        let findings = page
            .run("return [...document.querySelectorAll('#findings-0 li')].map((li) => li.firstChild.textContent);")
            .await;
        let expected = safe_findings(SMALL_TABLE, &Options::default(), &rules);
        assert_eq!(findings, serde_json::json!(expected));

        // The charts leave Mixed out, and say so.
        let chart = page
            .run("return [document.getElementById('share-chart-0-not-drawn').textContent,
                    [...document.querySelectorAll('#share-chart-0-table tbody th')].map((th) => th.textContent),
                    document.querySelector('#share-chart-0 desc').textContent];")
            .await;
        let not_drawn = chart[0].as_str().unwrap_or_default();
        assert!(not_drawn.starts_with("Not drawn: "), "{not_drawn}");
        assert!(not_drawn.contains("Mixed"), "{not_drawn}");
        let drawn = chart[1].as_array().cloned().unwrap_or_default();
        assert!(!drawn.contains(&Value::from("Mixed")), "{drawn:?}");
        assert!(chart[2].as_str().unwrap_or_default().contains(not_drawn));

        // The working shows method, formula and source, never the steps.
        let steps = page
            .run("return document.querySelectorAll('.app-working__steps').length;")
            .await;
        assert_eq!(steps, Value::from(0));
        let methods = page
            .run("return document.querySelectorAll('.app-working__formula').length;")
            .await;
        assert!(methods.as_u64().unwrap_or_default() > 20, "{methods}");

        // Mixed's counts of people in IPS and in work appear in none of
        // its rows: each figure is withheld, but for its population.
        let population = mixed.population.map(|shown| shown.text());
        let mixed_cells = page
            .run("return [...document.querySelectorAll('tbody tr')]
                    .filter((row) => row.cells[0].textContent === 'Mixed')
                    .flatMap((row) => [...row.cells].slice(1).map((cell) => cell.textContent));")
            .await;
        let mixed_cells = mixed_cells.as_array().cloned().unwrap_or_default();
        assert!(mixed_cells.len() >= 15, "{mixed_cells:?}");
        for cell in &mixed_cells {
            let cell = cell.as_str().unwrap_or_default();
            assert!(
                cell == "*withheld" || Some(cell) == population.as_deref(),
                "{cell:?} in {mixed_cells:?}"
            );
        }

        // The CSV is the core's publish-safe file.
        page.run(WATCH_DOWNLOADS).await;
        click(&page, "download-csv").await;
        let download = last_download(&page).await;
        let name = download["name"].as_str().unwrap_or_default();
        let date = &name["ips-equity-results-".len()..name.len() - ".csv".len()];
        let expected = export::csv(&report, Some(&safe), &[("Date".to_string(), date.to_string())]);
        assert_same_csv(download["text"].as_str().unwrap_or_default(), &expected);
        let mixed_line = expected
            .lines()
            .find(|line| line.starts_with("Ethnicity,Mixed,"))
            .expect("Mixed's row");
        assert!(mixed_line.contains(",*,"), "{mixed_line}");

        assert_no_violations(&page, &axe_source, "with publish-safe figures on").await;
    })
    .await;
}
