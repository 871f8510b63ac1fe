//! `pamphlet serve` and `pamphlet new-article`, end to end: a real server on
//! a free loopback port, real files edited on disk, real HTTP requests.
//!
//! Every wait is bounded: polls give up after [`WAIT`] and fail the test.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::browser::{format_violations, Browser, WCAG_TAGS};
use pamphlet::date::Date;
use pamphlet::serve::{ServeOptions, Server};
use serde_json::Value;

/// The longest any test waits for a rebuild to be served.
const WAIT: Duration = Duration::from_secs(10);

const ARTICLE: &str = "content/articles/walking.md";

/// A starter site, plus a draft, a 404 page and one static file of each
/// served type.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    pamphlet::starter::write(dir.path()).unwrap();
    let write = |path: &str, text: &str| {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    };
    write(
        "content/articles/unfinished.md",
        "---\ntitle: Unfinished thoughts\ndraft: true\n---\nNot yet.\n",
    );
    write(
        "static/404.html",
        "<!doctype html><title>Custom not found</title><body></body>",
    );
    for extension in TYPES.iter().map(|(extension, _)| extension) {
        write(&format!("static/files/sample.{extension}"), "sample");
    }
    dir
}

const TYPES: &[(&str, &str)] = &[
    ("css", "text/css; charset=utf-8"),
    ("js", "text/javascript; charset=utf-8"),
    ("json", "application/json"),
    ("xml", "application/xml"),
    ("svg", "image/svg+xml"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("ico", "image/x-icon"),
    ("ics", "text/calendar; charset=utf-8"),
    ("txt", "text/plain; charset=utf-8"),
    ("woff2", "font/woff2"),
];

fn start(root: &Path) -> Server {
    let mut options = ServeOptions::new(root);
    options.port = 0;
    options.site.today = Date::parse("2026-11-22");
    Server::start(options).expect("the server starts")
}

struct Reply {
    status: u16,
    content_type: String,
    cache_control: String,
    location: String,
    body: String,
}

fn client() -> ureq::Agent {
    ureq::AgentBuilder::new().redirects(0).timeout(WAIT).build()
}

fn get_with(agent: &ureq::Agent, url: &str) -> Result<Reply, String> {
    let response = match agent.get(url).call() {
        Ok(response) => response,
        Err(ureq::Error::Status(_, response)) => response,
        Err(error) => return Err(format!("{url}: {error}")),
    };
    let header = |name: &str| response.header(name).unwrap_or("").to_string();
    Ok(Reply {
        status: response.status(),
        content_type: header("Content-Type"),
        cache_control: header("Cache-Control"),
        location: header("Location"),
        body: response.into_string().map_err(|e| e.to_string())?,
    })
}

fn get(server: &Server, path: &str) -> Reply {
    get_with(
        &client(),
        &format!("{}{}", server.url(), path.trim_start_matches('/')),
    )
    .unwrap_or_else(|error| panic!("{error}"))
}

fn json(server: &Server, path: &str) -> Value {
    serde_json::from_str(&get(server, path).body).unwrap()
}

/// Polls until `done` holds; fails the test after [`WAIT`].
fn wait_until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + WAIT;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Waits until the last build's status says `ok` and `page` shows `text`;
/// returns that status. The status goes first: it is published after the
/// build is in place, so the page cannot be older than it.
fn wait_for_build(server: &Server, ok: bool, page: &str, text: &str) -> Value {
    let mut status = Value::Null;
    wait_until(&format!("{page} shows `{text}`, ok: {ok}"), || {
        status = json(server, "/__pamphlet/version");
        status["ok"] == ok && get(server, page).body.contains(text)
    });
    status
}

fn edit(root: &Path, path: &str, from: &str, to: &str) {
    let file = root.join(path);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains(from), "{path} has no `{from}`");
    std::fs::write(file, text.replacen(from, to, 1)).unwrap();
}

/// One request written by hand, so that no client library tidies up the
/// path first; returns the status and the whole response.
fn raw_get(port: u16, target: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("{target}: no status in {response:?}"));
    (status, response)
}

#[test]
fn serves_drafts_with_the_reload_script_that_the_files_on_disk_never_get() {
    let dir = site();
    let server = start(dir.path());

    let home = get(&server, "/");
    assert_eq!(home.status, 200);
    assert_eq!(home.content_type, "text/html; charset=utf-8");
    assert_eq!(home.cache_control, "no-cache");
    assert!(home.body.contains("<script src=\"/__pamphlet/live.js\""));
    let draft = get(&server, "/articles/unfinished/");
    assert_eq!(draft.status, 200, "drafts are served");
    assert!(draft.body.contains("draft-banner"), "and marked as drafts");
    assert!(draft.body.contains("/__pamphlet/live.js"));

    let on_disk: Vec<_> = walkdir::WalkDir::new(server.output())
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .collect();
    assert!(on_disk.len() > 3);
    for file in on_disk {
        let bytes = std::fs::read(file.path()).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__pamphlet"),
            "{} has the reload script on disk",
            file.path().display()
        );
    }
    assert!(
        !server.output().starts_with(dir.path()),
        "the preview is not written into the site"
    );

    let script = get(&server, "/__pamphlet/live.js");
    assert_eq!(script.content_type, "text/javascript; charset=utf-8");
    assert!(script.body.contains("textContent") && !script.body.contains("innerHTML"));

    let folder = get(&server, "/articles/walking");
    assert_eq!(folder.status, 302);
    assert_eq!(folder.location, "/articles/walking/");

    let missing = get(&server, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Custom not found"),
        "the site's own 404 page"
    );
    assert!(missing.body.contains("/__pamphlet/live.js"));
    std::fs::remove_file(server.output().join("404.html")).unwrap();
    let plain = get(&server, "/no/such/page/");
    assert_eq!(plain.status, 404);
    assert!(plain.body.contains("Not found"), "{}", plain.body);
    server.stop();
}

#[test]
fn every_response_has_its_type_and_no_cache() {
    let dir = site();
    let server = start(dir.path());
    for (extension, content_type) in TYPES {
        let reply = get(&server, &format!("/files/sample.{extension}"));
        assert_eq!(reply.status, 200, "{extension}");
        assert_eq!(&reply.content_type, content_type, "{extension}");
        assert_eq!(reply.cache_control, "no-cache", "{extension}");
        assert_eq!(reply.body, "sample");
    }
    for path in [
        "/__pamphlet/version",
        "/__pamphlet/errors",
        "/missing",
        "/articles",
    ] {
        assert_eq!(get(&server, path).cache_control, "no-cache", "{path}");
    }
    assert_eq!(
        get(&server, "/__pamphlet/errors").content_type,
        "application/json"
    );
    let (status, response) = raw_get(server.port(), "/..");
    assert_eq!(status, 400);
    assert!(response.contains("Cache-Control: no-cache"), "{response}");
}

#[test]
fn saves_are_served_and_a_broken_save_shows_its_errors_until_fixed() {
    let dir = site();
    let server = start(dir.path());
    let page = "/articles/walking/";
    let first = wait_for_build(&server, true, page, "Walking for healthy bones");

    let title = "title: Walking for healthy bones";
    edit(dir.path(), ARTICLE, title, "title: Walking every day");
    wait_for_build(&server, true, page, "Walking every day");

    edit(dir.path(), ARTICLE, "title: Walking", "title: [Walking");
    // The last good page is still served while the errors are reported.
    let broken = wait_for_build(&server, false, page, "Walking every day");
    let errors = json(&server, "/__pamphlet/errors");
    let error = &errors[0];
    assert_eq!(error["file"], ARTICLE, "{errors}");
    assert_eq!(error["line"], 2, "{errors}");
    assert_eq!(error["column"], 8, "{errors}");
    assert_eq!(error["severity"], "error");
    assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(error["help"].as_str().is_some_and(|h| !h.is_empty()));

    edit(
        dir.path(),
        ARTICLE,
        "title: [Walking every day",
        "title: Walking, fixed",
    );
    let fixed = wait_for_build(&server, true, page, "Walking, fixed");
    assert_eq!(json(&server, "/__pamphlet/errors"), Value::Array(vec![]));
    assert!(first["version"].as_u64() < broken["version"].as_u64());
    assert!(broken["version"].as_u64() < fixed["version"].as_u64());
}

#[test]
fn no_request_path_reaches_outside_the_output() {
    let dir = site();
    let server = start(dir.path());
    let outside = server.output().parent().unwrap();
    std::fs::write(outside.join("secret.txt"), "TOP-SECRET").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), server.output().join("leak.txt"))
        .unwrap();
    let port = server.port();
    let name = server.output().file_name().unwrap().to_str().unwrap();
    for target in [
        "/../secret.txt".to_string(),
        "/%2e%2e/secret.txt".into(),
        "/%2E%2E/secret.txt".into(),
        "/.%2e/secret.txt".into(),
        "/..%2fsecret.txt".into(),
        "/..%2Fsecret.txt".into(),
        "/%2e%2e%5csecret.txt".into(),
        "/..%5csecret.txt".into(),
        "/..\\secret.txt".into(),
        "/%252e%252e/secret.txt".into(),
        "/foo/../../etc/passwd".into(),
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd".into(),
        "//etc/passwd".into(),
        "/%2fetc/passwd".into(),
        format!("/../{name}/../secret.txt"),
        "/index.html%00.txt".into(),
        "/leak.txt".into(),
        format!("http://127.0.0.1:{port}/../secret.txt"),
        format!("http://127.0.0.1:{port}/%2e%2e/secret.txt"),
        "*".into(),
    ] {
        let (status, response) = raw_get(port, &target);
        assert!(matches!(status, 400 | 404), "{target}: {status}");
        assert!(
            !response.contains("TOP-SECRET") && !response.contains("root:"),
            "{target} leaked:\n{response}"
        );
    }
    assert_eq!(raw_get(port, "/articles/walking/").0, 200);
}

#[test]
fn a_thousand_requests_from_fifty_clients_all_succeed() {
    let dir = site();
    let server = start(dir.path());
    let base = server.url();
    let started = Instant::now();
    let failures: Vec<String> = std::thread::scope(|scope| {
        let clients: Vec<_> = (0..50)
            .map(|client_number| {
                let base = base.clone();
                scope.spawn(move || {
                    let agent = client();
                    let mut failures = Vec::new();
                    for i in 0..20 {
                        let (path, expected) = [
                            ("", 200),
                            ("articles/walking/", 200),
                            ("style.css", 200),
                            ("__pamphlet/version", 200),
                            ("missing/", 404),
                        ][(client_number + i) % 5];
                        match get_with(&agent, &format!("{base}{path}")) {
                            Ok(reply) if reply.status == expected && !reply.body.is_empty() => {}
                            Ok(reply) => failures.push(format!("/{path}: {}", reply.status)),
                            Err(error) => failures.push(error),
                        }
                    }
                    failures
                })
            })
            .collect();
        clients
            .into_iter()
            .flat_map(|c| c.join().unwrap())
            .collect()
    });
    let elapsed = started.elapsed();
    assert!(
        failures.is_empty(),
        "{} failures: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
    assert!(
        elapsed < Duration::from_secs(15),
        "1,000 requests took {elapsed:?}"
    );
    eprintln!("1,000 requests from 50 clients in {elapsed:?}");
}

#[test]
fn a_busy_port_is_explained_and_stopping_frees_the_port() {
    let dir = site();
    let server = start(dir.path());
    let port = server.port();
    let output = server.output().to_path_buf();

    let mut options = ServeOptions::new(dir.path());
    options.port = port;
    let message = Server::start(options)
        .err()
        .expect("the port is taken")
        .to_string();
    assert!(message.contains("already in use"), "{message}");
    assert!(
        message.contains(&format!("--port {}", port + 1)),
        "{message}"
    );

    server.stop();
    assert!(!output.exists(), "the temporary preview is removed");
    wait_until("the port is closed", || {
        TcpStream::connect(("127.0.0.1", port)).is_err()
    });
}

#[test]
fn a_new_article_is_a_valid_page_that_check_flags_until_reviewed() {
    let dir = tempfile::tempdir().unwrap();
    pamphlet::starter::write(dir.path()).unwrap();
    let options = pamphlet::Options {
        today: Date::parse("2026-11-22"),
        ..pamphlet::Options::new(dir.path())
    };
    let before = pamphlet::check(&options);

    let binary = env!("CARGO_BIN_EXE_pamphlet");
    let new_article = |path: &str| {
        Command::new(binary)
            .args([
                "new-article",
                path,
                "--title",
                "Stairs: a \"quick\" guide",
                "--root",
            ])
            .arg(dir.path())
            .output()
            .unwrap()
    };
    assert!(new_article("content/guides/stairs.md").status.success());
    let again = new_article("content/guides/stairs.md");
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    for outside in ["templates/x.md", "content/../x.md", "stairs.md"] {
        assert_eq!(new_article(outside).status.code(), Some(1), "{outside}");
        assert!(!dir.path().join(outside).exists(), "{outside}");
    }

    let text = std::fs::read_to_string(dir.path().join("content/guides/stairs.md")).unwrap();
    for section in [
        "summary:",
        "key_takeaway:",
        "tags: []",
        "reviewed:",
        "reviewed_by: []",
        "# evidence_summary:",
        "# exercise_types:",
        "# safety_tips:",
        "# comparison:",
        "\n## ",
    ] {
        assert!(text.contains(section), "no `{section}` in\n{text}");
    }
    // A draft until it is written: a build leaves it out, a preview shows it.
    assert!(text.contains("\ndraft: true\n"), "{text}");
    assert_eq!(pamphlet::check(&options).pages, before.pages);
    let options = pamphlet::Options {
        drafts: true,
        ..options
    };
    let after = pamphlet::check(&options);
    assert_eq!(after.pages, before.pages + 1, "the article is a page");
    let new: Vec<_> = after
        .diagnostics
        .iter()
        .filter(|d| {
            d.location
                .as_ref()
                .is_some_and(|l| l.file.ends_with("stairs.md"))
        })
        .collect();
    let codes: Vec<&str> = new.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["review-missing"], "{new:?}");
    assert!(!after.has_errors(), "{:?}", after.diagnostics);

    // Published with its placeholder text, it is an error.
    let stairs = dir.path().join("content/guides/stairs.md");
    std::fs::write(&stairs, text.replace("\ndraft: true\n", "\n")).unwrap();
    let published = pamphlet::check(&options);
    assert!(
        published
            .diagnostics
            .iter()
            .any(|d| d.code == "placeholder-text" && d.is_error()),
        "{:?}",
        published.diagnostics
    );

    // From outside the site, the path finds it.
    let parent = dir.path().parent().unwrap();
    let site_name = dir.path().file_name().unwrap().to_str().unwrap();
    let outside = Command::new(binary)
        .args([
            "new-article",
            &format!("{site_name}/content/guides/ramps.md"),
        ])
        .args(["--title", "Ramps"])
        .current_dir(parent)
        .output()
        .unwrap();
    assert!(outside.status.success(), "{outside:?}");
    assert!(dir.path().join("content/guides/ramps.md").is_file());
}

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
#[cfg_attr(all(has_browser, not(has_axe)), ignore = "needs axe-core: npm ci")]
fn the_open_page_reloads_in_place_and_shows_errors_over_itself() {
    let dir = site();
    let long_body: String = (1..=60)
        .map(|n| format!("\nParagraph {n} about walking, long enough to scroll past.\n"))
        .collect();
    let article = std::fs::read_to_string(dir.path().join(ARTICLE)).unwrap() + &long_body;
    std::fs::write(dir.path().join(ARTICLE), article).unwrap();
    let server = start(dir.path());
    let browser = Browser::start();
    browser.goto(&format!("{}articles/walking/", server.url()));
    browser.execute("window.scrollTo({ top: 900, behavior: 'instant' });", &[]);
    let body_has = |text: &str| {
        browser.execute(
            "return document.body.textContent.includes(arguments[0]);",
            &[text.into()],
        ) == Value::Bool(true)
    };

    edit(
        dir.path(),
        ARTICLE,
        "Paragraph 60 about",
        "Paragraph sixty about",
    );
    wait_until("the page reloads", || body_has("Paragraph sixty"));
    let scroll = browser
        .execute("return window.scrollY;", &[])
        .as_f64()
        .unwrap();
    assert!(
        (scroll - 900.0).abs() < 2.0,
        "scrolled to {scroll} after reload"
    );

    // An unknown field whose name is markup: it must show as text.
    edit(
        dir.path(),
        ARTICLE,
        "title:",
        "<img src=x onerror=alert(1)>: 1\ntitle:",
    );
    let overlay = browser.wait_for("#pamphlet-serve-errors[role=alert]", WAIT);
    let text = overlay.text();
    assert!(text.contains(&format!("{ARTICLE}:2:1")), "{text}");
    assert!(text.contains("<img src=x"), "{text}");
    assert!(
        browser.try_find("#pamphlet-serve-errors img").is_none(),
        "markup was not escaped"
    );
    assert!(body_has("Paragraph sixty"), "the last good page stays");
    let violations = browser.axe(WCAG_TAGS);
    assert!(violations.is_empty(), "{}", format_violations(&violations));
    overlay.find("button").click();
    assert!(
        browser.try_find("#pamphlet-serve-errors").is_none(),
        "dismissed"
    );

    edit(dir.path(), ARTICLE, "<img src=x onerror=alert(1)>: 1\n", "");
    edit(
        dir.path(),
        ARTICLE,
        "Paragraph sixty",
        "Paragraph 60, fixed,",
    );
    wait_until("the fixed page loads", || body_has("Paragraph 60, fixed"));
    assert!(browser.try_find("#pamphlet-serve-errors").is_none());
    let requests = browser.network_requests();
    let origin = server.url();
    assert!(
        requests.iter().all(|url| url.starts_with(&origin)),
        "only the preview itself is contacted: {requests:?}"
    );
}
