#![allow(dead_code)]
//! A thin, blocking WebDriver client for browser tests, driving Debian's
//! `chromium` through `chromedriver`, plus a tiny static file server.
//!
//! Tests that use it carry
//! `#[cfg_attr(not(has_browser), ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver")]`,
//! and those that run axe-core also
//! `#[cfg_attr(all(has_browser, not(has_axe)), ignore = "needs axe-core: npm ci")]`;
//! `build.rs` sets each cfg when its tool is installed, and all of them
//! under `CI=true`.
//! Once a test runs, any failure (no chromedriver, no session, no axe-core)
//! is a panic with a readable message, never a silent skip.
//!
//! Every [`Browser`] owns its own chromedriver, started in a process group of
//! its own, and a fresh Chromium profile. Dropping it, also while a test is
//! panicking, closes the session and kills the whole group, so no Chromium is
//! left behind.

use std::cell::RefCell;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex, OnceLock};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The W3C WebDriver key of an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The axe-core tags run by [`Browser::assert_accessible`].
pub const WCAG_TAGS: &[&str] = &["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const INSTALL_HINT: &str =
    "browser tests need chromium and chromium-driver: apt-get install chromium chromium-driver";

// ---------------------------------------------------------------------------
// chromedriver process
// ---------------------------------------------------------------------------

extern "C" {
    fn kill(pid: i32, sig: i32) -> i32;
}
const SIGKILL: i32 = 9;

/// `name` in /usr/bin, else on PATH (the same lookup as build.rs).
fn find_program(name: &str) -> Option<PathBuf> {
    let usr_bin = Path::new("/usr/bin").join(name);
    if usr_bin.is_file() {
        return Some(usr_bin);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// The last `n` lines of a file, each cut to 300 bytes, for failure messages
/// (chromedriver logs whole scripts, axe-core's 500 kB included).
fn tail(path: &Path, n: usize) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<String> = text.lines().map(|line| abbreviate(line, 300)).collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

/// A chromedriver and everything it started (Chromium included), all in one
/// process group that is killed on drop.
struct Driver {
    child: Child,
    port: u16,
    /// Holds `profile/` (Chromium's user data dir) and the logs. Declared
    /// last so it is removed only after the processes are gone.
    dir: tempfile::TempDir,
}

impl Driver {
    /// Starts chromedriver, trying again when it exits before it listens:
    /// with `--port=0` it picks a free port and then binds it, and another
    /// chromedriver starting at the same moment (tests run in parallel)
    /// can take the port in between ("bind() failed: Address already in use").
    fn start() -> Driver {
        let program = find_program("chromedriver").unwrap_or_else(|| {
            panic!("chromedriver not found in /usr/bin or on PATH: {INSTALL_HINT}")
        });
        const ATTEMPTS: usize = 3;
        let mut attempt = 1;
        loop {
            let mut driver = Driver::launch(&program);
            if driver.port != 0 {
                return driver;
            }
            if attempt == ATTEMPTS {
                panic!(
                    "chromedriver did not report its port within 30 s ({ATTEMPTS} attempts)\n{}",
                    driver.diagnostics()
                );
            }
            attempt += 1;
        }
    }

    /// One chromedriver; its port is 0 when it did not report one.
    fn launch(program: &Path) -> Driver {
        let dir = tempfile::Builder::new()
            .prefix("pamphlet-browser-")
            .tempdir()
            .expect("cannot create a temp dir for the browser profile");
        let stderr = fs::File::create(dir.path().join("stderr.log"))
            .expect("cannot create the chromedriver stderr log");
        let mut child = Command::new(program)
            .arg("--port=0")
            .arg(format!(
                "--log-path={}",
                dir.path().join("chromedriver.log").display()
            ))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}; {INSTALL_HINT}", program.display()));

        // Read the chosen port, then keep draining stdout so the pipe never fills.
        let stdout = child.stdout.take().expect("piped stdout");
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            let mut tx = Some(tx);
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("started successfully on port ").nth(1) {
                    let port = rest.trim().trim_end_matches('.').parse::<u16>();
                    if let (Some(tx), Ok(port)) = (tx.take(), port) {
                        let _ = tx.send(port);
                    }
                }
            }
        });
        let mut driver = Driver {
            child,
            port: 0,
            dir,
        };
        // An early exit closes stdout, which ends the wait at once.
        if let Ok(port) = rx.recv_timeout(Duration::from_secs(30)) {
            driver.port = port;
        }
        driver
    }

    fn profile_dir(&self) -> PathBuf {
        self.dir.path().join("profile")
    }

    /// chromedriver's exit status (if it has exited) and the tails of its logs.
    fn diagnostics(&mut self) -> String {
        let status = match self.child.try_wait() {
            Ok(Some(status)) => format!("chromedriver exited: {status}"),
            _ => "chromedriver is running".to_string(),
        };
        format!(
            "{status}\n--- chromedriver.log (tail) ---\n{}\n--- stderr (tail) ---\n{}",
            tail(&self.dir.path().join("chromedriver.log"), 30),
            tail(&self.dir.path().join("stderr.log"), 30),
        )
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let pgid = self.child.id() as i32;
        // SAFETY: kill(2) with a negative pid signals the process group that
        // `process_group(0)` created for chromedriver; it touches no memory.
        unsafe { kill(-pgid, SIGKILL) };
        let _ = self.child.wait();
        // Chromium's processes are not our children: wait (5 s at most) until
        // none of the group is still running, so the profile dir is no longer
        // in use when it is removed. (Zombies waiting for init don't count.)
        let deadline = Instant::now() + Duration::from_secs(5);
        while group_is_running(pgid) && Instant::now() < deadline {
            // SAFETY: as above.
            unsafe { kill(-pgid, SIGKILL) };
            thread::sleep(Duration::from_millis(10));
        }
    }
}

/// Whether a process of group `pgid` is still running (not a zombie), from /proc.
fn group_is_running(pgid: i32) -> bool {
    let Ok(entries) = fs::read_dir("/proc") else {
        return false;
    };
    entries.flatten().any(|entry| {
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else {
            return false;
        };
        // "PID (COMM) STATE PPID PGRP ...": COMM may hold spaces and parentheses.
        let Some((_, rest)) = stat.rsplit_once(')') else {
            return false;
        };
        let mut fields = rest.split_whitespace();
        let state = fields.next();
        let group = fields.nth(1).and_then(|g| g.parse::<i32>().ok());
        group == Some(pgid) && !matches!(state, Some("Z" | "X"))
    })
}

// ---------------------------------------------------------------------------
// WebDriver session
// ---------------------------------------------------------------------------

/// A WebDriver error as the driver reported it.
#[derive(Debug, Clone)]
pub struct WebDriverError {
    /// The W3C error code, e.g. `no such element`, or `transport`.
    pub error: String,
    pub message: String,
}

impl std::fmt::Display for WebDriverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error, self.message)
    }
}

/// One headless Chromium session. See the module docs.
pub struct Browser {
    agent: ureq::Agent,
    /// `http://127.0.0.1:PORT/session/ID`
    session: String,
    console: RefCell<Vec<LogEntry>>,
    requests: RefCell<Vec<String>>,
    /// Declared last: dropped (killed) after `Drop for Browser` closed the session.
    driver: Driver,
}

/// One entry of the browser console log.
#[derive(Debug, Clone)]
pub struct LogEntry {
    /// `SEVERE`, `WARNING`, `INFO` or `DEBUG`.
    pub level: String,
    /// `javascript`, `network`, `console-api`, ...
    pub source: String,
    pub message: String,
}

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium. Panics with a clear
    /// message when either is missing or will not start.
    pub fn start() -> Browser {
        let mut driver = Driver::start();
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_secs(10))
            .timeout(Duration::from_secs(120))
            .build();
        let profile = driver.profile_dir();
        let mut chrome_options = json!({
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1024,768",
                format!("--user-data-dir={}", profile.display()),
            ],
        });
        if Path::new("/usr/bin/chromium").is_file() {
            chrome_options["binary"] = json!("/usr/bin/chromium");
        } else if let Some(chromium) = find_program("chromium") {
            chrome_options["binary"] = json!(chromium.display().to_string());
        }
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": chrome_options,
                    "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
                    "timeouts": { "script": 60_000, "pageLoad": 60_000, "implicit": 0 },
                }
            }
        });
        let base = format!("http://127.0.0.1:{}", driver.port);
        let created = send(
            &agent,
            "POST",
            &format!("{base}/session"),
            Some(capabilities),
        );
        let session_id = match created {
            Ok(value) => value["sessionId"].as_str().map(str::to_string),
            Err(e) => panic!(
                "chromedriver could not start Chromium: {e}\n{INSTALL_HINT}\n{}",
                driver.diagnostics()
            ),
        };
        let Some(session_id) = session_id else {
            panic!(
                "chromedriver answered without a sessionId\n{}",
                driver.diagnostics()
            )
        };
        Browser {
            agent,
            session: format!("{base}/session/{session_id}"),
            console: RefCell::new(Vec::new()),
            requests: RefCell::new(Vec::new()),
            driver,
        }
    }

    /// Sends one command to this session; `path` is relative to the session.
    pub fn try_command(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, WebDriverError> {
        let body = match (method, body) {
            ("POST", None) => Some(json!({})),
            (_, body) => body,
        };
        send(
            &self.agent,
            method,
            &format!("{}{path}", self.session),
            body,
        )
    }

    /// Like [`Browser::try_command`], panicking on error.
    pub fn command(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.try_command(method, path, body)
            .unwrap_or_else(|e| panic!("WebDriver {method} {path} failed: {e}"))
    }

    pub fn goto(&self, url: &str) {
        self.try_command("POST", "/url", Some(json!({ "url": url })))
            .unwrap_or_else(|e| panic!("cannot open {url}: {e}"));
    }

    pub fn current_url(&self) -> String {
        string(self.command("GET", "/url", None))
    }

    pub fn title(&self) -> String {
        string(self.command("GET", "/title", None))
    }

    /// The serialized DOM of the current page.
    pub fn page_source(&self) -> String {
        string(self.command("GET", "/source", None))
    }

    pub fn refresh(&self) {
        self.command("POST", "/refresh", None);
    }

    pub fn back(&self) {
        self.command("POST", "/back", None);
    }

    /// Sets the window size in CSS pixels. The viewport (`innerWidth`, media
    /// queries) follows down to any width, though headless Chromium reports
    /// an `outerWidth` of at least 500; `innerHeight` is `height` less ~143.
    pub fn set_window_size(&self, width: u32, height: u32) {
        self.command(
            "POST",
            "/window/rect",
            Some(json!({ "width": width, "height": height })),
        );
    }

    /// Sends a Chrome DevTools Protocol command, e.g.
    /// `cdp("Emulation.setEmulatedMedia", json!({"features": [{"name": "prefers-color-scheme", "value": "dark"}]}))`.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.try_command(
            "POST",
            "/goog/cdp/execute",
            Some(json!({ "cmd": cmd, "params": params })),
        )
        .unwrap_or_else(|e| panic!("CDP {cmd} failed: {e}"))
    }

    /// Runs `script` as the body of a function; `arguments[i]` are `args`
    /// (use [`Element::as_arg`] to pass an element). Returns its return value.
    pub fn execute(&self, script: &str, args: &[Value]) -> Value {
        self.try_command(
            "POST",
            "/execute/sync",
            Some(json!({ "script": script, "args": args })),
        )
        .unwrap_or_else(|e| {
            panic!(
                "script failed: {e}\n--- script ---\n{}",
                abbreviate(script, 400)
            )
        })
    }

    /// Runs `script` as the body of a function whose last argument is the
    /// callback to call with the result (timeout 60 s).
    pub fn execute_async(&self, script: &str, args: &[Value]) -> Value {
        self.try_command(
            "POST",
            "/execute/async",
            Some(json!({ "script": script, "args": args })),
        )
        .unwrap_or_else(|e| {
            panic!(
                "async script failed: {e}\n--- script ---\n{}",
                abbreviate(script, 400)
            )
        })
    }

    /// The element a script returned, if `value` is an element reference.
    pub fn element_from(&self, value: &Value) -> Option<Element<'_>> {
        let id = value.get(ELEMENT_KEY)?.as_str()?;
        Some(Element {
            browser: self,
            id: id.to_string(),
        })
    }

    /// The first element matching `css`; panics when there is none.
    pub fn find(&self, css: &str) -> Element<'_> {
        self.try_find(css)
            .unwrap_or_else(|| panic!("no element matches `{css}` on {}", self.current_url()))
    }

    /// The first element matching `css`, if any.
    pub fn try_find(&self, css: &str) -> Option<Element<'_>> {
        find_in(self, "", css)
    }

    /// All elements matching `css`, in document order.
    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        find_all_in(self, "", css)
    }

    /// Polls until an element matches `css`; panics after `timeout`.
    pub fn wait_for(&self, css: &str, timeout: Duration) -> Element<'_> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(element) = self.try_find(css) {
                return element;
            }
            if Instant::now() >= deadline {
                panic!(
                    "no element matched `{css}` within {timeout:?} on {}",
                    self.current_url()
                );
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Saves a PNG screenshot of the viewport to `path`.
    pub fn screenshot_png(&self, path: impl AsRef<Path>) {
        let path = path.as_ref();
        let png = base64_decode(&string(self.command("GET", "/screenshot", None)))
            .expect("the screenshot is not valid base64");
        fs::write(path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }

    /// Collects new entries of the driver's `browser` and `performance` logs
    /// (the driver hands each entry out once).
    fn pull_logs(&self) {
        for entry in self.log("browser") {
            self.console.borrow_mut().push(LogEntry {
                level: entry["level"].as_str().unwrap_or_default().to_string(),
                source: entry["source"].as_str().unwrap_or_default().to_string(),
                message: entry["message"].as_str().unwrap_or_default().to_string(),
            });
        }
        for entry in self.log("performance") {
            let Some(Ok(event)) = entry["message"].as_str().map(serde_json::from_str::<Value>)
            else {
                continue;
            };
            let event = &event["message"];
            if event["method"] == "Network.requestWillBeSent" {
                let url = event["params"]["request"]["url"]
                    .as_str()
                    .unwrap_or_default();
                // Chromium's own pages (the start page) and in-memory URLs are no network traffic.
                let internal = [
                    "chrome:",
                    "chrome-untrusted:",
                    "chrome-extension:",
                    "devtools:",
                    "data:",
                    "blob:",
                    "about:",
                ];
                if !url.is_empty() && !internal.iter().any(|scheme| url.starts_with(scheme)) {
                    self.requests.borrow_mut().push(url.to_string());
                }
            }
        }
    }

    fn log(&self, kind: &str) -> Vec<Value> {
        match self.command("POST", "/se/log", Some(json!({ "type": kind }))) {
            Value::Array(entries) => entries,
            _ => Vec::new(),
        }
    }

    /// Every console entry since the session started (or [`Browser::clear_logs`]).
    pub fn console_log(&self) -> Vec<LogEntry> {
        self.pull_logs();
        self.console.borrow().clone()
    }

    /// The messages of SEVERE console entries (uncaught exceptions,
    /// `console.error`, failed loads) since the start or [`Browser::clear_logs`].
    pub fn console_errors(&self) -> Vec<String> {
        self.console_log()
            .into_iter()
            .filter(|e| e.level == "SEVERE")
            .map(|e| e.message)
            .collect()
    }

    /// The URL of every request the pages made (`Network.requestWillBeSent`),
    /// in order, since the start or [`Browser::clear_logs`]; Chromium's own
    /// `chrome:` pages and `data:`/`blob:`/`about:` URLs are left out.
    pub fn network_requests(&self) -> Vec<String> {
        self.pull_logs();
        self.requests.borrow().clone()
    }

    /// Forgets the console entries and requests seen so far.
    pub fn clear_logs(&self) {
        self.pull_logs();
        self.console.borrow_mut().clear();
        self.requests.borrow_mut().clear();
    }

    /// Runs axe-core on the current page with the given tags (e.g.
    /// [`WCAG_TAGS`]) and returns its violations. Panics when axe-core is not
    /// installed (`npm ci`) or fails.
    pub fn axe(&self, tags: &[&str]) -> Vec<Violation> {
        let present = self.execute("return typeof window.axe === 'object';", &[]);
        if present != Value::Bool(true) {
            self.execute(axe_source(), &[]);
        }
        let result = self.execute_async(
            r#"
            const done = arguments[arguments.length - 1];
            const text = (t) => Array.isArray(t) ? t.map(text).join(' >>> ') : String(t);
            window.axe.run(document, {
                runOnly: { type: 'tag', values: arguments[0] },
                resultTypes: ['violations'],
            }).then((r) => done({ violations: r.violations.map((v) => ({
                id: v.id,
                impact: v.impact || 'unknown',
                help: v.help,
                help_url: v.helpUrl,
                nodes: v.nodes.map((n) => ({
                    target: n.target.map(text).join(' '),
                    html: n.html.length > 200 ? n.html.slice(0, 200) + '…' : n.html,
                    summary: n.failureSummary || '',
                })),
            })) }), (e) => done({ error: String((e && e.stack) || e) }));
            "#,
            &[json!(tags)],
        );
        if let Some(error) = result.get("error") {
            panic!("axe.run failed on {}: {error}", self.current_url());
        }
        serde_json::from_value(result["violations"].clone())
            .unwrap_or_else(|e| panic!("unexpected axe result ({e}): {result}"))
    }

    /// Panics, listing every violation, when axe finds any [`WCAG_TAGS`]
    /// violation on the current page.
    pub fn assert_accessible(&self) {
        let violations = self.axe(WCAG_TAGS);
        if !violations.is_empty() {
            panic!(
                "{} accessibility violation(s) on {}:\n{}",
                violations.len(),
                self.current_url(),
                format_violations(&violations)
            );
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Close the session politely; `driver` then kills the process group.
        let _ = self
            .agent
            .request("DELETE", &self.session)
            .timeout(Duration::from_secs(5))
            .call();
    }
}

/// Sends one WebDriver request and unwraps `value` or the W3C error.
fn send(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    body: Option<Value>,
) -> Result<Value, WebDriverError> {
    let request = agent.request(method, url);
    let response = match body {
        Some(body) => request.send_json(body),
        None => request.call(),
    };
    let (status, response) = match response {
        Ok(response) => (200, response),
        Err(ureq::Error::Status(status, response)) => (status, response),
        Err(e) => {
            return Err(WebDriverError {
                error: "transport".into(),
                message: e.to_string(),
            });
        }
    };
    let mut json: Value = response.into_json().map_err(|e| WebDriverError {
        error: "invalid response".into(),
        message: format!("HTTP {status}: {e}"),
    })?;
    let value = json["value"].take();
    if status == 200 {
        return Ok(value);
    }
    Err(WebDriverError {
        error: value["error"]
            .as_str()
            .unwrap_or("unknown error")
            .to_string(),
        message: value["message"].as_str().unwrap_or_default().to_string(),
    })
}

fn string(value: Value) -> String {
    match value {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// `text` cut to about `max` bytes.
fn abbreviate(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}... ({} bytes)", &text[..end], text.len())
}

/// `parent` is "" for the document, or "/element/ID" for a subtree.
fn find_in<'b>(browser: &'b Browser, parent: &str, css: &str) -> Option<Element<'b>> {
    let query = json!({ "using": "css selector", "value": css });
    match browser.try_command("POST", &format!("{parent}/element"), Some(query)) {
        Ok(value) => browser.element_from(&value),
        Err(e) if e.error == "no such element" => None,
        Err(e) => panic!("cannot look up `{css}`: {e}"),
    }
}

fn find_all_in<'b>(browser: &'b Browser, parent: &str, css: &str) -> Vec<Element<'b>> {
    let query = json!({ "using": "css selector", "value": css });
    match browser.command("POST", &format!("{parent}/elements"), Some(query)) {
        Value::Array(values) => values
            .iter()
            .filter_map(|v| browser.element_from(v))
            .collect(),
        _ => Vec::new(),
    }
}

// ---------------------------------------------------------------------------
// Elements
// ---------------------------------------------------------------------------

/// An element of the current page.
pub struct Element<'b> {
    browser: &'b Browser,
    id: String,
}

impl<'b> Element<'b> {
    fn command(&self, method: &str, what: &str, body: Option<Value>) -> Value {
        self.browser
            .command(method, &format!("/element/{}{what}", self.id), body)
    }

    /// This element as a script argument for [`Browser::execute`].
    pub fn as_arg(&self) -> Value {
        json!({ ELEMENT_KEY: self.id })
    }

    pub fn click(&self) {
        self.command("POST", "/click", None);
    }

    /// Types `text` into the element (appending to its value).
    pub fn send_keys(&self, text: &str) {
        self.command("POST", "/value", Some(json!({ "text": text })));
    }

    pub fn clear(&self) {
        self.command("POST", "/clear", None);
    }

    /// The rendered (visible) text.
    pub fn text(&self) -> String {
        string(self.command("GET", "/text", None))
    }

    pub fn tag_name(&self) -> String {
        string(self.command("GET", "/name", None))
    }

    /// The attribute as written in the HTML, if present.
    pub fn attr(&self, name: &str) -> Option<String> {
        match self.command("GET", &format!("/attribute/{name}"), None) {
            Value::Null => None,
            value => Some(string(value)),
        }
    }

    /// The DOM property (e.g. `value`, `checked`, `href` resolved).
    pub fn prop(&self, name: &str) -> Value {
        self.command("GET", &format!("/property/{name}"), None)
    }

    pub fn is_displayed(&self) -> bool {
        self.command("GET", "/displayed", None) == Value::Bool(true)
    }

    /// Selects the `<option>` with `value` in this `<select>` and fires
    /// `input` and `change`, as a user's choice would.
    pub fn select_option_by_value(&self, value: &str) {
        let found = self.browser.execute(
            "const [select, value] = arguments;
             const option = Array.from(select.options).find((o) => o.value === value);
             if (!option) return false;
             select.value = value;
             select.dispatchEvent(new Event('input', { bubbles: true }));
             select.dispatchEvent(new Event('change', { bubbles: true }));
             return true;",
            &[self.as_arg(), json!(value)],
        );
        assert_eq!(
            found,
            Value::Bool(true),
            "no <option value={value:?}> in this <select>"
        );
    }

    /// The first descendant matching `css`; panics when there is none.
    pub fn find(&self, css: &str) -> Element<'b> {
        find_in(self.browser, &format!("/element/{}", self.id), css)
            .unwrap_or_else(|| panic!("no descendant matches `{css}`"))
    }

    pub fn find_all(&self, css: &str) -> Vec<Element<'b>> {
        find_all_in(self.browser, &format!("/element/{}", self.id), css)
    }
}

// ---------------------------------------------------------------------------
// axe-core
// ---------------------------------------------------------------------------

/// One axe-core rule that failed, with the nodes that failed it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Violation {
    /// The rule id, e.g. `color-contrast`.
    pub id: String,
    /// `minor`, `moderate`, `serious` or `critical`.
    pub impact: String,
    pub help: String,
    pub help_url: String,
    pub nodes: Vec<ViolationNode>,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct ViolationNode {
    /// The CSS selector axe gives for the node.
    pub target: String,
    /// The node's HTML (its first 200 characters).
    pub html: String,
    /// What to fix.
    pub summary: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} ({}): {} <{}>",
            self.id, self.impact, self.help, self.help_url
        )?;
        for node in &self.nodes {
            writeln!(f, "    at {}: {}", node.target, node.html)?;
            for line in node.summary.lines() {
                writeln!(f, "        {line}")?;
            }
        }
        Ok(())
    }
}

/// Violations, one block each, for a failure message.
pub fn format_violations(violations: &[Violation]) -> String {
    violations.iter().map(|v| v.to_string()).collect()
}

fn axe_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/axe-core/axe.min.js")
}

/// The text of `axe.min.js`, read once per test binary.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = axe_path();
        fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "axe-core is missing ({}: {e}): run `npm ci` in {}",
                path.display(),
                env!("CARGO_MANIFEST_DIR")
            )
        })
    })
}

// ---------------------------------------------------------------------------
// base64 (screenshots)
// ---------------------------------------------------------------------------

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn sextet(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    }
    let bytes: Vec<u8> = text.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    let data = bytes
        .strip_suffix(b"==")
        .or_else(|| bytes.strip_suffix(b"="))
        .unwrap_or(&bytes);
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    for chunk in data.chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let mut n = 0;
        for (i, &c) in chunk.iter().enumerate() {
            n |= sextet(c)? << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    Some(out)
}

// ---------------------------------------------------------------------------
// Static file server
// ---------------------------------------------------------------------------

/// Keeps a [`serve_dir`] server running; dropping it stops the server.
pub struct ServerGuard {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    served: Arc<Mutex<Vec<String>>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl ServerGuard {
    /// `"STATUS /path"` for every request answered so far.
    pub fn served(&self) -> Vec<String> {
        self.served.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

impl Drop for ServerGuard {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)); // wakes accept()
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Serves the files under `dir` at `http://127.0.0.1:PORT{prefix}` (e.g.
/// prefix `/health/`, as a site deployed under a sub-path) until the guard
/// is dropped. Returns the URL of the prefix, ending in `/`.
///
/// `GET`/`HEAD` only; a directory serves its `index.html` (and redirects to
/// add a missing trailing `/`); anything outside `prefix` or `dir`, or
/// missing, is a 404, except `/favicon.ico`, which Chromium asks every
/// origin for: 204 unless served from `dir`.
pub fn serve_dir(dir: impl AsRef<Path>, prefix: &str) -> (String, ServerGuard) {
    let root = fs::canonicalize(dir.as_ref())
        .unwrap_or_else(|e| panic!("cannot serve {}: {e}", dir.as_ref().display()));
    let prefix = format!("/{}/", prefix.trim_matches('/')).replace("//", "/");
    let listener = TcpListener::bind("127.0.0.1:0").expect("cannot bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    let stop = Arc::new(AtomicBool::new(false));
    let served = Arc::new(Mutex::new(Vec::new()));
    let thread = {
        let (stop, served, prefix) = (stop.clone(), served.clone(), prefix.clone());
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (root, prefix, served) = (root.clone(), prefix.clone(), served.clone());
                thread::spawn(move || handle(stream, &root, &prefix, &served));
            }
        })
    };
    let url = format!("http://{addr}{prefix}");
    (
        url,
        ServerGuard {
            addr,
            stop,
            served,
            thread: Some(thread),
        },
    )
}

fn handle(mut stream: TcpStream, root: &Path, prefix: &str, served: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut words = head.lines().next().unwrap_or_default().split_whitespace();
    let (method, target) = (
        words.next().unwrap_or_default(),
        words.next().unwrap_or_default(),
    );
    let path = target.split(['?', '#']).next().unwrap_or_default();

    let (status, headers, body) = respond(method, path, root, prefix);
    if let Ok(mut log) = served.lock() {
        log.push(format!("{status} {path}"));
    }
    let reason = match status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let mut response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    let mut bytes = response.into_bytes();
    if method != "HEAD" {
        bytes.extend_from_slice(&body);
    }
    let _ = stream.write_all(&bytes);
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
}

/// Status, extra headers and body for one request.
fn respond(
    method: &str,
    path: &str,
    root: &Path,
    prefix: &str,
) -> (u16, Vec<(&'static str, String)>, Vec<u8>) {
    let not_found = (
        404,
        vec![("Content-Type", "text/plain; charset=utf-8".to_string())],
        b"404 Not Found\n".to_vec(),
    );
    if method != "GET" && method != "HEAD" {
        return (405, vec![("Allow", "GET, HEAD".to_string())], Vec::new());
    }
    // Chromium asks every origin for /favicon.ico; a site under a sub-path
    // does not own it, so answer without a 404 (and its console error).
    if path == "/favicon.ico" && !(prefix == "/" && root.join("favicon.ico").is_file()) {
        return (204, Vec::new(), Vec::new());
    }
    if format!("{path}/") == prefix {
        return (301, vec![("Location", prefix.to_string())], Vec::new());
    }
    let Some(rest) = path.strip_prefix(prefix) else {
        return not_found;
    };
    let Some(rest) = percent_decode(rest) else {
        return not_found;
    };
    let mut file = root.to_path_buf();
    for segment in rest.split('/') {
        match segment {
            "" | "." => {}
            ".." => return not_found,
            s if s.contains(['\\', '\0']) => return not_found,
            s => file.push(s),
        }
    }
    // Symlinks must not lead out of the root either.
    let Ok(file) = fs::canonicalize(&file) else {
        return not_found;
    };
    if !file.starts_with(root) {
        return not_found;
    }
    let file = if file.is_dir() {
        if !path.ends_with('/') {
            return (301, vec![("Location", format!("{path}/"))], Vec::new());
        }
        file.join("index.html")
    } else {
        file
    };
    match fs::read(&file) {
        Ok(body) => (
            200,
            vec![("Content-Type", content_type(&file).to_string())],
            body,
        ),
        Err(_) => not_found,
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The Content-Type for a file, by extension: the same table `pamphlet
/// serve` uses.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    pamphlet::serve::content_type(extension)
}
