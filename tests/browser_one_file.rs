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
//! The harness of `tests/browser.rs` serves `dist/` over HTTP; this one
//! needs none, so it starts chromedriver and Chromium itself.

use std::fs;
use std::io::{self, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use ips_equity::analysis::{analyse_text, Options};
use serde_json::{json, Value};

/// The one-file edition's name in `dist/`.
const FILE_NAME: &str = "ips-equity-calculator.html";

/// How long the page gets to start and to work out the exact tests on its
/// own thread, on a loaded 2-core machine.
const PAGE_TIMEOUT: Duration = Duration::from_secs(45);

/// The table the page shows first (`src/app/example.csv`).
const EXAMPLE_TABLE: &str = include_str!("../src/app/example.csv");

/// Small numbers, where the exact test carries the job-rate finding.
const SMALL_TABLE: &str = "Ethnicity,Population,IPS,Employed\n\
                           White,500,20,6\n\
                           Black,100,6,0\n\
                           Asian,80,4,3\n";

/// Records Content-Security-Policy violations into `window.__oneFileCsp`
/// from before the page's own script runs.
const CSP_RECORDER: &str = r"
window.__oneFileCsp = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__oneFileCsp.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'}`,
  );
});
";

fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !matches!(value.as_str(), "" | "0" | "false"))
}

/// On CI, fails with `reason`; elsewhere prints a notice, and the caller
/// returns, skipping the test.
fn skip_or_fail(reason: &str) {
    assert!(!on_ci(), "browser test cannot run on CI: {reason}");
    let _ = writeln!(io::stderr(), "\nbrowser test SKIPPED: {reason}");
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// The one-file edition to open.
fn one_file() -> PathBuf {
    let dist = std::env::var_os("IPS_EQUITY_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("dist"));
    dist.join(FILE_NAME)
}

/// Every finding the native core words for `table`: each group's, then
/// each breakdown's, the exact tests' included.
fn core_findings(table: &str) -> Vec<String> {
    let analysis = analyse_text(table, &Options::default());
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

/// The one-file edition open in a fresh headless Chromium.
#[derive(Clone)]
struct Page {
    client: Client,
    url: String,
}

impl Page {
    async fn main_text(&self) -> String {
        match self.client.find(Locator::Css("main")).await {
            Ok(main) => main.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Waits until the page shows every one of `findings`, and returns its
    /// text; panics with those it lacks after [`PAGE_TIMEOUT`].
    async fn wait_for_findings(&self, findings: &[String]) -> String {
        assert!(!findings.is_empty(), "no findings to wait for");
        let started = Instant::now();
        loop {
            let text = self.main_text().await;
            let missing: Vec<&String> = findings
                .iter()
                .filter(|finding| !text.contains(finding.as_str()))
                .collect();
            if missing.is_empty() {
                return text;
            }
            assert!(
                started.elapsed() < PAGE_TIMEOUT,
                "after {PAGE_TIMEOUT:?} the page lacks these findings: {missing:#?}\n\
                 It says:\n{text}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn run(&self, script: &str, arguments: Vec<Value>) -> Value {
        self.client
            .execute(script, arguments)
            .await
            .unwrap_or_else(|error| panic!("script failed in the page: {error}\n{script}"))
    }

    /// The browser's log of one `kind` since the last read: `browser` or
    /// `performance`.
    async fn log(&self, kind: &'static str) -> Vec<LogEntry> {
        let value = self
            .client
            .issue_cmd(GetLog(kind))
            .await
            .unwrap_or_else(|error| panic!("chromedriver gave no {kind} log: {error}"));
        serde_json::from_value(value)
            .unwrap_or_else(|error| panic!("unexpected {kind} log from chromedriver: {error}"))
    }

    /// The URL of every request in the DevTools network events since the
    /// last read, those refused or failed included.
    async fn requests_sent(&self) -> Vec<String> {
        self.log("performance")
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

    /// Replaces the figures with `text` as a paste does.
    async fn paste_figures(&self, text: &str) {
        self.run(
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

    async fn violations(&self) -> Value {
        self.run("return window.__oneFileCsp;", Vec::new()).await
    }
}

#[derive(Debug, serde::Deserialize)]
struct LogEntry {
    level: String,
    message: String,
}

/// Opens the one-file edition from `file://` in a fresh headless Chromium
/// and runs `test` against it; the browser is closed whatever happens, and
/// a failed assertion in `test` then fails the caller with its message.
async fn with_one_file<F, Fut>(test: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let file = one_file();
    if !file.is_file() {
        skip_or_fail(&format!(
            "{} is missing: build the page first with `trunk build --release`",
            file.display()
        ));
        return;
    }
    let Some(chromedriver) = on_path("chromedriver") else {
        skip_or_fail("chromedriver is not on PATH: run `scripts/setup --browser`");
        return;
    };
    let Some(chromium) = on_path("chromium") else {
        skip_or_fail("chromium is not on PATH: run `scripts/setup --browser`");
        return;
    };
    let file = fs::canonicalize(&file)
        .unwrap_or_else(|error| panic!("cannot resolve {}: {error}", file.display()));
    let url = url::Url::from_file_path(&file)
        .unwrap_or_else(|()| panic!("{} has no file URL", file.display()))
        .to_string();

    let driver = Driver::start(&chromedriver);
    let client = driver.connect(&chromium).await;
    let page = Page {
        client: client.clone(),
        url,
    };
    let test = test(page.clone());
    // The test runs as a task of its own, so that a failed assertion comes
    // back as an error, after which the browser is still closed properly.
    let outcome = tokio::spawn(async move {
        open(&page).await;
        test.await;
    })
    .await;
    if let Err(error) = client.close().await {
        eprintln!("closing the browser session failed: {error}");
    }
    drop(driver);
    if let Err(error) = outcome {
        match error.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(error) => panic!("the browser test did not finish: {error}"),
        }
    }
}

/// Loads the page, with the CSP recorder in place and the logs holding the
/// page's entries alone.
async fn open(page: &Page) {
    page.client
        .goto("about:blank")
        .await
        .unwrap_or_else(|error| panic!("could not open about:blank: {error}"));
    page.log("performance").await;
    page.log("browser").await;
    page.client
        .issue_cmd(Cdp {
            method: "Page.addScriptToEvaluateOnNewDocument",
            params: json!({ "source": CSP_RECORDER }),
        })
        .await
        .unwrap_or_else(|error| panic!("could not install the CSP recorder: {error}"));
    page.client
        .goto(&page.url)
        .await
        .unwrap_or_else(|error| panic!("could not open {}: {error}", page.url));
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn from_file_it_gives_the_core_findings_with_no_request_and_no_error() {
    with_one_file(|page| async move {
        page.wait_for_findings(&core_findings(EXAMPLE_TABLE)).await;
        page.paste_figures(SMALL_TABLE).await;
        let small = core_findings(SMALL_TABLE);
        assert!(
            small.iter().any(|finding| finding.contains("exact test")),
            "{small:#?}"
        );
        page.wait_for_findings(&small).await;

        let edition = page
            .run(
                "return document.documentElement.dataset.edition;",
                Vec::new(),
            )
            .await;
        assert_eq!(edition, Value::from("one-file"));
        // The edition travels alone: no link to the methods page or to
        // itself, which are files beside the served page.
        let links = page
            .run(
                "return [...document.querySelectorAll('a[href]')]
                   .map((link) => link.getAttribute('href'))
                   .filter((href) => !href.startsWith('#'));",
                Vec::new(),
            )
            .await;
        assert_eq!(links, json!([]));

        // What the page reports loading: itself, and nothing else.
        let timed = page
            .run(
                "return performance.getEntriesByType('navigation')
                   .concat(performance.getEntriesByType('resource'))
                   .map((entry) => entry.name);",
                Vec::new(),
            )
            .await;
        assert_eq!(timed, json!([page.url]));
        // What the browser sent, refused requests included: the file, and
        // at most the favicon, which is a data: URL in the file.
        let sent = page.requests_sent().await;
        assert!(sent.contains(&page.url), "{sent:?}");
        for url in &sent {
            assert!(
                *url == page.url || url.starts_with("data:image/svg+xml;base64,"),
                "the page requested {url}"
            );
        }

        assert_eq!(page.violations().await, json!([]));
        let console = page.log("browser").await;
        let problems: Vec<&LogEntry> = console
            .iter()
            .filter(|entry| entry.level == "SEVERE" || entry.message.contains("Security Policy"))
            .collect();
        assert!(problems.is_empty(), "the console reports: {problems:#?}");
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn its_policy_refuses_any_connection_and_any_other_inline_style() {
    with_one_file(|page| async move {
        page.wait_for_findings(&core_findings(EXAMPLE_TABLE)).await;
        assert_eq!(page.violations().await, json!([]));

        // Even the file itself may not be fetched (connect-src 'none'),
        // and a style the build did not hash is refused.
        page.run(
            "fetch(location.href).catch(() => {});
             const style = document.createElement('style');
             style.textContent = 'main { color: red; }';
             document.head.append(style);",
            Vec::new(),
        )
        .await;
        let started = Instant::now();
        let recorded = loop {
            let recorded = page.violations().await;
            if recorded.as_array().is_some_and(|list| list.len() >= 2)
                || started.elapsed() > PAGE_TIMEOUT
            {
                break recorded;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let mut recorded: Vec<String> = serde_json::from_value(recorded.clone())
            .unwrap_or_else(|error| panic!("{recorded}: {error}"));
        recorded.sort();
        assert_eq!(
            recorded,
            [
                // Chromium reports a file URL by its scheme alone.
                "connect-src blocked file".to_owned(),
                "style-src-elem blocked inline".to_owned(),
            ]
        );
        // The page still stands, and sent nothing but itself.
        let sent = page.requests_sent().await;
        assert!(
            sent.iter()
                .all(|url| *url == page.url || url.starts_with("data:")),
            "{sent:?}"
        );
    })
    .await;
}

#[tokio::test]
#[ignore = "needs dist/ from `trunk build --release` and Chromium; scripts/test runs it"]
async fn its_policy_lets_the_csv_export_download() {
    with_one_file(|page| async move {
        page.wait_for_findings(&core_findings(EXAMPLE_TABLE)).await;
        // The export is a blob: URL behind a download link: a download, which
        // the policy's fetch directives do not govern, so it must arrive.
        let folder = std::env::temp_dir().join(format!(
            "ips-equity-one-file-downloads-{}",
            std::process::id()
        ));
        fs::create_dir_all(&folder)
            .unwrap_or_else(|error| panic!("cannot make {}: {error}", folder.display()));
        page.client
            .issue_cmd(Cdp {
                method: "Browser.setDownloadBehavior",
                params: json!({ "behavior": "allow", "downloadPath": folder.display().to_string() }),
            })
            .await
            .unwrap_or_else(|error| panic!("could not allow downloads: {error}"));
        page.client
            .find(Locator::Id("download-csv"))
            .await
            .unwrap_or_else(|error| panic!("no #download-csv: {error}"))
            .click()
            .await
            .unwrap_or_else(|error| panic!("could not click #download-csv: {error}"));

        let started = Instant::now();
        let csv = loop {
            let done = fs::read_dir(&folder).ok().and_then(|entries| {
                entries
                    .flatten()
                    .map(|entry| entry.path())
                    .find(|path| path.extension().is_some_and(|extension| extension == "csv"))
            });
            if let Some(path) = done {
                break fs::read(&path)
                    .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
            }
            assert!(
                started.elapsed() < PAGE_TIMEOUT,
                "no CSV arrived in {}",
                folder.display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        let _ = fs::remove_dir_all(&folder);
        let text = String::from_utf8_lossy(&csv);
        assert!(text.starts_with('\u{feff}'), "no byte-order mark: {text}");
        for group in ["White", "Black", "Asian", "Mixed", "Other"] {
            assert!(text.contains(group), "{group} is not in the CSV:\n{text}");
        }
        assert_eq!(page.violations().await, json!([]));
    })
    .await;
}

/// chromedriver's log endpoint (not in the W3C protocol, so not in
/// fantoccini): `POST /session/{id}/se/log` with the log's type.
#[derive(Debug)]
struct GetLog(&'static str);

impl WebDriverCompatibleCommand for GetLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": self.0 }).to_string()),
        )
    }
}

/// A Chrome DevTools Protocol command through chromedriver's
/// `POST /session/{id}/goog/cdp/execute`.
#[derive(Debug)]
struct Cdp {
    method: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
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
        let body = json!({ "cmd": self.method, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// A chromedriver process on a free port of 127.0.0.1 and the fresh
/// Chromium profile of its session; dropping it ends the one and removes
/// the other.
struct Driver {
    process: Child,
    port: u16,
    profile: PathBuf,
}

impl Driver {
    fn start(chromedriver: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map(|address| address.port())
            .unwrap_or_else(|error| panic!("no free port for chromedriver: {error}"));
        let mut process = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {}: {error}", chromedriver.display()));
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = process.try_wait() {
                panic!("chromedriver exited at start-up ({status})");
            }
            if started.elapsed() > Duration::from_secs(20) {
                let _ = process.kill();
                let _ = process.wait();
                panic!("chromedriver did not listen on port {port} within 20 s");
            }
            thread::sleep(Duration::from_millis(50));
        }
        static PROFILES: AtomicUsize = AtomicUsize::new(0);
        let profile = std::env::temp_dir().join(format!(
            "ips-equity-one-file-browser-{}-{}",
            std::process::id(),
            PROFILES.fetch_add(1, Ordering::Relaxed)
        ));
        Driver {
            process,
            port,
            profile,
        }
    }

    /// A headless Chromium session that makes no request of its own
    /// (no background networking, component update or sync), so that what
    /// the test sees is the page's.
    async fn connect(&self, chromium: &Path) -> Client {
        let mut capabilities = Capabilities::new();
        let options = json!({
            "binary": chromium.display().to_string(),
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1280,1024",
                format!("--user-data-dir={}", self.profile.display()),
            ],
        });
        capabilities.insert("goog:chromeOptions".to_owned(), options);
        capabilities.insert(
            "goog:loggingPrefs".to_owned(),
            json!({ "browser": "ALL", "performance": "ALL" }),
        );
        ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .unwrap_or_else(|error| panic!("chromedriver could not start Chromium: {error}"))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
        let _ = fs::remove_dir_all(&self.profile);
    }
}
