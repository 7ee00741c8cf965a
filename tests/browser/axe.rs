//! Accessibility scans with axe-core (Deque), the engine behind most
//! automated WCAG checkers. Its `axe.min.js` comes from npm at the version
//! pinned in `tests/browser/package.json` (installed by
//! `scripts/setup --browser`) and is injected through WebDriver, which
//! Chrome runs outside the page's Content-Security-Policy: the page itself
//! still allows no script but its own.

use std::fs;

use serde::Deserialize;
use serde_json::Value;

use super::harness::{project_dir, skip_or_fail, Page};

/// The WCAG 2.0, 2.1 and 2.2 rules at levels A and AA.
pub const WCAG_AA_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// The source of `axe.min.js`, or `None` (after [`skip_or_fail`]) when it
/// is not installed.
pub fn source() -> Option<String> {
    let path = project_dir().join("tests/browser/node_modules/axe-core/axe.min.js");
    match fs::read_to_string(&path) {
        Ok(source) => Some(source),
        Err(error) => {
            skip_or_fail(&format!(
                "{} cannot be read ({error}): run `scripts/setup --browser`",
                path.display()
            ));
            None
        }
    }
}

/// What one axe run found.
#[derive(Debug, Deserialize)]
pub struct Scan {
    /// The rules that passed somewhere on the page, by id.
    pub passed: Vec<String>,
    /// The rules that failed, each as axe words it.
    pub violations: Vec<Violation>,
}

/// One failed rule: its id, how much it matters, what it asks for and the
/// elements that fail it.
#[derive(Debug, Deserialize)]
pub struct Violation {
    pub id: String,
    pub impact: String,
    pub help: String,
    #[serde(rename = "helpUrl")]
    pub help_url: String,
    /// Each failing element's CSS selector and axe's summary of the fix.
    pub nodes: Vec<(String, String)>,
}

impl Scan {
    /// Checks that axe passed each of `rules` somewhere on the page, in
    /// the `state` named: that it ran them, rather than nothing at all.
    pub fn assert_passed(&self, rules: &[&str], state: &str) {
        for rule in rules {
            assert!(
                self.passed.iter().any(|passed| passed == rule),
                "axe did not pass {rule} {state}: {:?}",
                self.passed
            );
        }
    }

    /// The violations, one block each, for a failure message.
    pub fn describe(&self) -> String {
        self.violations
            .iter()
            .map(|violation| {
                let nodes: String = violation
                    .nodes
                    .iter()
                    .map(|(target, summary)| {
                        format!("\n    {target}: {}", summary.replace('\n', " "))
                    })
                    .collect();
                format!(
                    "- {} ({}): {} <{}>{nodes}",
                    violation.id, violation.impact, violation.help, violation.help_url
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Injects axe (once per document) and runs it over the whole document
/// with the rules tagged [`WCAG_AA_TAGS`].
pub async fn scan(page: &Page, axe_source: &str) -> Scan {
    let loaded = page.run("return typeof window.axe === 'object';").await;
    if loaded != Value::Bool(true) {
        page.run(axe_source).await;
    }
    let script = r"
        const done = arguments[arguments.length - 1];
        axe
          .run(document, {
            runOnly: { type: 'tag', values: arguments[0] },
            resultTypes: ['violations'],
          })
          .then((results) =>
            done({
              passed: results.passes.map((rule) => rule.id),
              violations: results.violations.map((rule) => ({
                id: rule.id,
                impact: rule.impact || '',
                help: rule.help,
                helpUrl: rule.helpUrl,
                nodes: rule.nodes.map((node) => [
                  node.target.join(' '),
                  node.failureSummary || '',
                ]),
              })),
            }),
          )
          .catch((error) => done({ error: String(error) }));
    ";
    let result = page
        .client
        .execute_async(script, vec![Value::from(WCAG_AA_TAGS.to_vec())])
        .await
        .unwrap_or_else(|error| panic!("axe did not run: {error}"));
    if let Some(error) = result.get("error") {
        panic!("axe failed: {error}");
    }
    serde_json::from_value(result)
        .unwrap_or_else(|error| panic!("unexpected result from axe: {error}"))
}

/// Scans the page and fails, naming the `state` it was in, if axe finds
/// any violation or did not check colour contrast; returns the scan for
/// further checks.
pub async fn assert_no_violations(page: &Page, axe_source: &str, state: &str) -> Scan {
    let scan = scan(page, axe_source).await;
    assert!(
        scan.violations.is_empty(),
        "axe finds WCAG A/AA violations {state}:\n{}",
        scan.describe()
    );
    scan.assert_passed(&["color-contrast"], state);
    scan
}
