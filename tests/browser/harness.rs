//! What every browser test stands on: the built `dist/` served from a
//! sub-path by a static file server, a chromedriver of its own driving a
//! headless Chromium with a fresh profile, and the browser's logs.

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

/// How long the page gets to load its wasm and render, on a loaded 2-core
/// machine (it takes well under a second on an idle one).
pub const PAGE_TIMEOUT: Duration = Duration::from_secs(30);

/// Installs, before any of the page's own scripts run, a recorder of
/// Content-Security-Policy violations into `window.__ipsEquityCsp`.
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
    /// `http://127.0.0.1:PORT`, the static server's origin.
    pub origin: String,
    /// The page's own URL: the origin and [`SUB_PATH`].
    url: String,
    server: StaticServer,
}

impl Page {
    /// Waits until the text of the page's `main` landmark contains
    /// `fragment`, and returns that text; panics with what it does say
    /// after [`PAGE_TIMEOUT`].
    pub async fn wait_for_text(&self, fragment: &str) -> String {
        let started = Instant::now();
        loop {
            let text = self.main_text().await;
            if text.contains(fragment) {
                return text;
            }
            assert!(
                started.elapsed() < PAGE_TIMEOUT,
                "after {PAGE_TIMEOUT:?} the page still does not say {fragment:?}; it says:\n{text}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The text of the page's `main` landmark, empty while there is none.
    pub async fn main_text(&self) -> String {
        match self.client.find(Locator::Css("main")).await {
            Ok(main) => main.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// Runs `script` (a function body; `arguments` as WebDriver passes
    /// them) in the page and returns its value.
    pub async fn run(&self, script: &str) -> Value {
        self.client
            .execute(script, Vec::new())
            .await
            .unwrap_or_else(|error| panic!("script failed in the page: {error}\n{script}"))
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

    /// Every request target the static server received so far, in order.
    pub fn served(&self) -> Vec<String> {
        self.server
            .served
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Stops the static server for good, as when the visitor's network or
    /// the host is down: from when this returns, a connection to the
    /// page's origin is refused.
    pub async fn stop_server(&self) {
        let address = self.server.address;
        self.server.stopped.store(true, Ordering::SeqCst);
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

/// Opens the built page in a fresh headless Chromium and runs `test`
/// against it. The browser is shut down whatever the test does, and a
/// failed assertion inside `test` then fails the calling test with its own
/// message. Returns without running `test` when a prerequisite is missing
/// off CI (see [`skip_or_fail`]).
pub async fn with_page<F, Fut>(test: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let dist = dist_dir();
    if !dist.join("index.html").is_file() {
        skip_or_fail(&format!(
            "{} is missing: build the page first with `trunk build --release`",
            dist.join("index.html").display()
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

    let server = StaticServer::start(dist);
    let driver = Driver::start(&chromedriver);
    let client = driver.connect(&chromium).await;
    let page = Page {
        client: client.clone(),
        url: format!("{}{SUB_PATH}", server.origin),
        origin: server.origin.clone(),
        server,
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
/// set, the next connection it accepts closes its listener.
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
                thread::spawn(move || {
                    if let Err(error) = respond(stream, &root, &log) {
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

fn respond(stream: TcpStream, root: &Path, log: &Mutex<Vec<String>>) -> io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim_end().is_empty() {
            break;
        }
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
