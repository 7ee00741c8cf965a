//! What every browser test stands on: the built page, served from a
//! sub-path by a static file server or opened from `file://`, a
//! chromedriver of its own driving a headless Chromium with a fresh
//! profile, the browser's logs, and one way of waiting for the page.

use std::fs;
use std::future::Future;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

/// Where the page is served: deep below the root, as on a trust's intranet,
/// so that any URL the page builds from `/` instead of its own location
/// misses and shows up as a failed request.
pub const SUB_PATH: &str = "/trust/services/employment/ips-equity/";

/// How long the served page gets to load its wasm and render, and any
/// later wait on it, on a loaded 2-core machine (it takes well under a
/// second on an idle one).
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(30);

/// How often a wait asks the page again.
const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Installs, before any of the page's own scripts run, a recorder of
/// Content-Security-Policy violations into `window.__ipsEquityCsp`: each
/// as `DIRECTIVE blocked URI at SOURCE:LINE`, read by
/// [`Page::policy_violations`].
const CSP_RECORDER: &str = r"
window.__ipsEquityCsp = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__ipsEquityCsp.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || '(inline)'}` +
      ` at ${event.sourceFile || '(unknown)'}:${event.lineNumber}`,
  );
});
";

/// True on CI (`CI` set to anything but empty, `0` or `false`), where a
/// missing prerequisite fails a test instead of skipping it.
fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|value| !matches!(value.as_str(), "" | "0" | "false"))
}

/// Applies the rule for a missing prerequisite (see the module doc of
/// `tests/browser.rs`): on CI the test fails here with `reason`; elsewhere
/// this prints a notice and the caller returns, skipping the test.
pub fn skip_or_fail(reason: &str) {
    assert!(!on_ci(), "browser test cannot run on CI: {reason}");
    // Straight to stderr: the test harness captures `eprintln!`, and would
    // hide the notice of a test that then passes.
    let _ = writeln!(io::stderr(), "\nbrowser test SKIPPED: {reason}");
}

/// The project's top folder (where `dist/` and `tests/` are).
pub fn project_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// A page open in a headless Chromium, with what the test may ask of it.
#[derive(Clone)]
pub struct Page {
    pub client: Client,
    /// The page's own URL: the static server's origin and [`SUB_PATH`], or
    /// the opened file's `file://` URL.
    url: String,
    /// The static server, or `None` for a page opened from a file.
    server: Option<StaticServer>,
    /// How long a wait on this page lasts before it fails.
    timeout: Duration,
}

impl Page {
    /// The page's own URL, as the browser first loaded it.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The page's URL with `rest` after it: a query string, a fragment, or
    /// the name of a file beside the page.
    pub fn address(&self, rest: &str) -> String {
        format!("{}{rest}", self.url)
    }

    /// `http://127.0.0.1:PORT`, the static server's origin.
    pub fn origin(&self) -> &str {
        &self.server().origin
    }

    /// How long a wait on this page lasts before it fails.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Asks `probe` again every 100 ms until it answers `Ok`, and returns
    /// that answer. Once the page's [`timeout`](Self::timeout) has passed,
    /// fails with the last `Err`, which should say what the page showed
    /// instead. Every wait of the browser tests goes through here, so they
    /// all give up alike.
    pub async fn wait_until<T, Fut>(&self, mut probe: impl FnMut() -> Fut) -> T
    where
        Fut: Future<Output = Result<T, String>>,
    {
        let started = Instant::now();
        loop {
            match probe().await {
                Ok(answer) => return answer,
                Err(last) => assert!(
                    started.elapsed() < self.timeout,
                    "after {:?} {last}",
                    self.timeout
                ),
            }
            tokio::time::sleep(POLL_INTERVAL).await;
        }
    }

    /// Waits until the text of the page's `main` landmark contains
    /// `fragment`, and returns that text; fails with what it does say
    /// after the page's timeout.
    pub async fn wait_for_text(&self, fragment: &str) -> String {
        self.wait_until(|| async move {
            let text = self.main_text().await;
            if text.contains(fragment) {
                Ok(text)
            } else {
                Err(format!(
                    "the page still does not say {fragment:?}; it says:\n{text}"
                ))
            }
        })
        .await
    }

    /// The text of the page's `main` landmark, empty while there is none.
    pub async fn main_text(&self) -> String {
        match self.client.find(Locator::Css("main")).await {
            Ok(main) => main.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Runs `script` (a function body) in the page and returns its value.
    pub async fn run(&self, script: &str) -> Value {
        self.run_with(script, Vec::new()).await
    }

    /// Runs `script` (a function body, which reads `arguments` as WebDriver
    /// passes them) in the page and returns its value.
    pub async fn run_with(&self, script: &str, arguments: Vec<Value>) -> Value {
        self.client
            .execute(script, arguments)
            .await
            .unwrap_or_else(|error| panic!("script failed in the page: {error}\n{script}"))
    }

    /// Sends a Chrome DevTools Protocol command, `method` with `params`,
    /// to the browser, for what WebDriver cannot ask: a script before the
    /// page's own, or where downloads go.
    pub async fn cdp(&self, method: &'static str, params: Value) {
        self.client
            .issue_cmd(Cdp { method, params })
            .await
            .unwrap_or_else(|error| panic!("DevTools refused {method}: {error}"));
    }

    /// The browser's log of one `kind` since the last read: `browser` (the
    /// console, uncaught errors, refused loads and policy violations) or
    /// `performance` (DevTools events, among them every network request).
    pub async fn log(&self, kind: &'static str) -> Vec<LogEntry> {
        let value = self
            .client
            .issue_cmd(GetLog(kind))
            .await
            .unwrap_or_else(|error| panic!("chromedriver gave no {kind} log: {error}"));
        serde_json::from_value(value)
            .unwrap_or_else(|error| panic!("unexpected {kind} log from chromedriver: {error}"))
    }

    /// The URL of every request in the DevTools network events since the
    /// last read of the `performance` log, those refused or failed
    /// included.
    pub async fn requests_sent(&self) -> Vec<String> {
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

    /// The console's errors since the last read of the `browser` log.
    pub async fn console_errors(&self) -> Vec<LogEntry> {
        let mut console = self.log("browser").await;
        console.retain(|entry| entry.level == "SEVERE");
        console
    }

    /// The console's errors since the last read of the `browser` log, and
    /// any entry about the Content-Security-Policy whatever its level (a
    /// directive the browser ignores is only a warning).
    pub async fn console_problems(&self) -> Vec<LogEntry> {
        let mut console = self.log("browser").await;
        console
            .retain(|entry| entry.level == "SEVERE" || entry.message.contains("Security Policy"));
        console
    }

    /// Every Content-Security-Policy violation recorded since the page
    /// loaded, as `DIRECTIVE blocked URI at SOURCE:LINE`.
    pub async fn policy_violations(&self) -> Vec<String> {
        let recorded = self.run("return window.__ipsEquityCsp;").await;
        serde_json::from_value(recorded.clone())
            .unwrap_or_else(|error| panic!("the policy recorder holds {recorded} ({error})"))
    }

    /// Checks that the page broke no rule of its Content-Security-Policy
    /// since it loaded.
    pub async fn assert_no_policy_violation(&self) {
        let violations = self.policy_violations().await;
        assert!(violations.is_empty(), "{violations:#?}");
    }

    /// Waits until at least `count` policy violations are recorded, and
    /// returns them all: a violation is reported a moment after the
    /// refusal.
    pub async fn wait_for_policy_violations(&self, count: usize) -> Vec<String> {
        self.wait_until(|| async move {
            let recorded = self.policy_violations().await;
            if recorded.len() >= count {
                Ok(recorded)
            } else {
                Err(format!(
                    "fewer than {count} policy violations are recorded: {recorded:?}"
                ))
            }
        })
        .await
    }

    /// Every request target the static server received so far, in order.
    pub fn served(&self) -> Vec<String> {
        self.server()
            .served
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Stops the static server for good, as when the visitor's network or
    /// the host is down: from when this returns, a connection to the
    /// page's origin is refused.
    pub async fn stop_server(&self) {
        let server = self.server();
        let address = server.address;
        server.stopped.store(true, Ordering::SeqCst);
        // A connection wakes the accepting thread, which then sees the flag
        // and closes the listener; until it has, connections still succeed.
        let started = Instant::now();
        while TcpStream::connect(address).is_ok() {
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "the static server still listens on {address}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The static server; a test that asks for it of a page opened from a
    /// file is wrong, and fails here.
    fn server(&self) -> &StaticServer {
        self.server
            .as_ref()
            .unwrap_or_else(|| panic!("{} was opened from a file, with no server", self.url))
    }
}

/// One entry of a chromedriver log.
#[derive(Debug, serde::Deserialize)]
pub struct LogEntry {
    pub level: String,
    pub message: String,
}

/// The built page: `dist/`, or the folder named by `IPS_EQUITY_DIST`, so
/// that a build kept elsewhere (`trunk build --dist DIR`) can be tested
/// without touching the project's own.
pub fn dist_dir() -> PathBuf {
    std::env::var_os("IPS_EQUITY_DIST")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| project_dir().join("dist"))
}

/// Opens the built page, served under [`SUB_PATH`], in a fresh headless
/// Chromium and runs `test` against it, its waits lasting
/// [`PAGE_TIMEOUT`]. The browser is shut down whatever the test does, and
/// a failed assertion inside `test` then fails the calling test with its
/// own message. Returns without running `test` when a prerequisite is
/// missing off CI (see [`skip_or_fail`]).
pub async fn with_page<F, Fut>(test: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dist = dist_dir();
    if !built(&dist.join("index.html")) {
        return;
    }
    let Some(tools) = browser_tools() else {
        return;
    };
    let server = StaticServer::start(dist);
    let url = format!("{}{SUB_PATH}", server.origin);
    in_browser(tools, url, Some(server), PAGE_TIMEOUT, test).await;
}

/// Opens `name`, a file of the built page, from `file://` with no server,
/// as someone opens a saved copy, and runs `test` against it as
/// [`with_page`] does, its waits lasting `timeout`.
pub async fn with_file<F, Fut>(name: &str, timeout: Duration, test: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let file = dist_dir().join(name);
    if !built(&file) {
        return;
    }
    let Some(tools) = browser_tools() else {
        return;
    };
    let file = fs::canonicalize(&file)
        .unwrap_or_else(|error| panic!("cannot resolve {}: {error}", file.display()));
    let url = url::Url::from_file_path(&file)
        .unwrap_or_else(|()| panic!("{} has no file URL", file.display()))
        .to_string();
    in_browser(tools, url, None, timeout, test).await;
}

/// Whether `file` of the built page is there, after [`skip_or_fail`] when
/// it is not.
fn built(file: &Path) -> bool {
    let found = file.is_file();
    if !found {
        skip_or_fail(&format!(
            "{} is missing: build the page first with `trunk build --release`",
            file.display()
        ));
    }
    found
}

/// chromedriver and Chromium from `PATH`, or `None` after
/// [`skip_or_fail`] when one is missing.
fn browser_tools() -> Option<(PathBuf, PathBuf)> {
    let Some(chromedriver) = on_path("chromedriver") else {
        skip_or_fail("chromedriver is not on PATH: run `scripts/setup --browser`");
        return None;
    };
    let Some(chromium) = on_path("chromium") else {
        skip_or_fail("chromium is not on PATH: run `scripts/setup --browser`");
        return None;
    };
    Some((chromedriver, chromium))
}

/// Starts chromedriver and Chromium, opens `url` and runs `test`; see
/// [`with_page`].
async fn in_browser<F, Fut>(
    (chromedriver, chromium): (PathBuf, PathBuf),
    url: String,
    server: Option<StaticServer>,
    timeout: Duration,
    test: F,
) where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let driver = Driver::start(&chromedriver);
    let client = driver.connect(&chromium).await;
    let page = Page {
        client: client.clone(),
        url,
        server,
        timeout,
    };
    let test = test(page.clone());

    // Everything from here on runs as a task of its own, so that a failed
    // assertion comes back as an error, after which the browser is still
    // closed properly.
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

/// Loads the page in the fresh browser, with the CSP recorder in place.
async fn open(page: &Page) {
    // Chromium starts on its own new-tab page, whose chrome:// loads and
    // console messages are no concern of the page's: leave it, and drop
    // them from the logs, so that the logs hold the page's alone.
    page.client
        .goto("about:blank")
        .await
        .unwrap_or_else(|error| panic!("could not open about:blank: {error}"));
    page.log("performance").await;
    page.log("browser").await;
    // Recording from the first script on catches a violation in the page's
    // start-up too, which a listener added after loading would miss.
    page.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": CSP_RECORDER }),
    )
    .await;
    page.client
        .goto(&page.url)
        .await
        .unwrap_or_else(|error| panic!("could not open {}: {error}", page.url));
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

/// A static file server for `dist/` under [`SUB_PATH`], on a free port of
/// 127.0.0.1. Written here rather than taken from a crate because it is
/// forty lines over the standard library and the test wants to see every
/// request it gets. It serves `GET` only, closes each connection after one
/// response, sends `nosniff` so that a wrong Content-Type fails as it would
/// on a real host, and refuses any path outside `dist/`. Once `stopped` is
/// set, the next connection it accepts closes its listener, and a request
/// on a connection accepted before (Chromium opens some ahead of need) is
/// closed unanswered and unrecorded, as by a host that is down.
#[derive(Clone)]
struct StaticServer {
    origin: String,
    address: SocketAddr,
    served: Arc<Mutex<Vec<String>>>,
    stopped: Arc<AtomicBool>,
}

impl StaticServer {
    fn start(root: PathBuf) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .unwrap_or_else(|error| panic!("cannot listen on 127.0.0.1: {error}"));
        let address = listener
            .local_addr()
            .unwrap_or_else(|error| panic!("the static server has no address: {error}"));
        let served = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&served);
        let stopped = Arc::new(AtomicBool::new(false));
        let stop = Arc::clone(&stopped);
        let root = Arc::new(root);
        // The accepting thread lives until the server is stopped, or as
        // long as the test binary; each connection gets a thread so that
        // parallel fetches never queue.
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let root = Arc::clone(&root);
                let log = Arc::clone(&log);
                let stop = Arc::clone(&stop);
                thread::spawn(move || {
                    if let Err(error) = respond(stream, &root, &log, &stop) {
                        eprintln!("static server: {error}");
                    }
                });
            }
        });
        StaticServer {
            origin: format!("http://{address}"),
            address,
            served,
            stopped,
        }
    }
}

fn respond(
    stream: TcpStream,
    root: &Path,
    log: &Mutex<Vec<String>>,
    stopped: &AtomicBool,
) -> io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim_end().is_empty() {
            break;
        }
    }
    if stopped.load(Ordering::SeqCst) {
        return Ok(());
    }
    let mut words = request_line.split_whitespace();
    let (method, target) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    log.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(target.to_owned());

    let (status, content_type, body) = if method != "GET" {
        (
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n".to_vec(),
        )
    } else {
        match file_for(root, target).and_then(|file| Some((fs::read(&file).ok()?, file))) {
            Some((body, file)) => ("200 OK", content_type(&file), body),
            None => ("404 Not Found", "text/plain", b"not found\n".to_vec()),
        }
    };
    let mut stream = stream;
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

/// The file in `root` that `target` names below [`SUB_PATH`] (the folder
/// itself is its `index.html`), or `None` for anything else, including
/// `.` and `..` segments.
fn file_for(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next()?;
    let relative = path.strip_prefix(SUB_PATH)?;
    let relative = if relative.is_empty() {
        "index.html"
    } else {
        relative
    };
    if relative
        .split('/')
        .any(|segment| matches!(segment, "" | "." | ".."))
    {
        return None;
    }
    Some(root.join(relative))
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|extension| extension.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// A chromedriver process on a free port of 127.0.0.1, and the fresh
/// Chromium profile folder of its session. Dropping it ends the process and
/// removes the folder.
struct Driver {
    process: Child,
    port: u16,
    profile: PathBuf,
}

impl Driver {
    fn start(chromedriver: &Path) -> Self {
        // Asking the system for a free port and handing it on leaves a
        // moment in which another process could take it; on a test machine
        // that is a risk worth a clear failure rather than a retry loop.
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
            "ips-equity-browser-{}-{}",
            std::process::id(),
            PROFILES.fetch_add(1, Ordering::Relaxed)
        ));
        Driver {
            process,
            port,
            profile,
        }
    }

    /// Starts a headless Chromium session. Without the background
    /// networking, component update and sync, Chromium makes no request of
    /// its own, so what the tests capture is the page's.
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
                    "--disable-quic",
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
