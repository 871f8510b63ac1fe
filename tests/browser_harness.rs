//! Self-test of the browser harness in `tests/common/browser.rs`, on static
//! pages of its own (no pamphlet code involved).

mod common;

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;

use common::browser::{serve_dir, Browser, WCAG_TAGS};
use serde_json::json;

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Harness self-test</title>
  <link rel="stylesheet" href="style.css">
</head>
<body>
  <main>
    <h1>Harness self-test</h1>
    <form id="greet">
      <label for="name">Your name</label>
      <input id="name" name="name" type="text" autocomplete="name">
      <label for="lang">Language</label>
      <select id="lang" name="lang">
        <option value="en">English</option>
        <option value="fr">Français</option>
      </select>
      <button type="submit">Greet</button>
    </form>
    <p id="greeting" aria-live="polite"></p>
    <p id="hidden" hidden>Not shown</p>
    <p><a href="other/">Another page</a></p>
  </main>
  <script src="app.js"></script>
</body>
</html>
"#;

const APP_JS: &str = r#"
document.getElementById('greet').addEventListener('submit', (event) => {
  event.preventDefault();
  const name = document.getElementById('name').value;
  const hello = document.getElementById('lang').value === 'fr' ? 'Bonjour' : 'Hello';
  document.getElementById('greeting').textContent = `${hello}, ${name}!`;
});
"#;

const STYLE_CSS: &str = "body { font-family: sans-serif; color: #111; background: #fff; }\n";

const OTHER_PAGE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Other page</title></head>
<body><main><h1>Other page</h1></main></body></html>
"#;

/// A page with one console error, one failed load and obvious WCAG failures.
const BROKEN_PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>Broken</title></head>
<body>
  <img src="photo.png">
  <input type="text">
  <script src="missing.js"></script>
  <script>console.error('deliberate error');</script>
</body></html>
"#;

/// Writes the test site: `/index.html`, `/other/index.html`, `/broken.html`, assets.
fn write_site(dir: &Path) {
    fs::write(dir.join("index.html"), PAGE).unwrap();
    fs::write(dir.join("app.js"), APP_JS).unwrap();
    fs::write(dir.join("style.css"), STYLE_CSS).unwrap();
    fs::write(dir.join("broken.html"), BROKEN_PAGE).unwrap();
    fs::create_dir(dir.join("other")).unwrap();
    fs::write(dir.join("other/index.html"), OTHER_PAGE).unwrap();
}

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
#[cfg_attr(all(has_browser, not(has_axe)), ignore = "needs axe-core: npm ci")]
fn drives_an_accessible_page_served_under_a_sub_path() {
    let site = tempfile::tempdir().unwrap();
    write_site(site.path());
    let (url, server) = serve_dir(site.path(), "/sub/");
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/sub/"),
        "{url}"
    );
    let origin = url.trim_end_matches("sub/");

    let browser = Browser::start();
    browser.goto(&url);
    assert_eq!(browser.title(), "Harness self-test");
    assert_eq!(browser.current_url(), url);

    let name = browser.find("#name");
    name.send_keys("Ada");
    assert_eq!(name.prop("value"), "Ada");
    browser.find("#lang").select_option_by_value("fr");
    assert_eq!(browser.find("#lang").prop("value"), "fr");
    browser.find("button[type=submit]").click();
    assert_eq!(browser.find("#greeting").text(), "Bonjour, Ada!");

    assert!(browser.find("h1").is_displayed());
    assert!(!browser.find("#hidden").is_displayed());
    assert_eq!(
        browser.find("#hidden").attr("hidden").as_deref(),
        Some("true")
    );
    assert_eq!(browser.find("a").attr("href").as_deref(), Some("other/"));
    assert_eq!(browser.find_all("label").len(), 2);
    assert_eq!(browser.find("form").find_all("option").len(), 2);
    assert!(browser.try_find("#nothing-here").is_none());
    let answer = browser.execute("return arguments[0] + arguments[1];", &[2.into(), 3.into()]);
    assert_eq!(answer, 5);
    let later = browser.execute_async(
        "const done = arguments[arguments.length - 1]; setTimeout(() => done('later'), 10);",
        &[],
    );
    assert_eq!(later, "later");

    browser.set_window_size(400, 700);
    // The viewport follows; `outerWidth` stays at headless Chromium's minimum of 500.
    assert_eq!(browser.execute("return window.innerWidth;", &[]), 400);
    assert_eq!(
        browser.execute("return matchMedia('(max-width: 400px)').matches;", &[]),
        true
    );
    browser.cdp(
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-reduced-motion", "value": "reduce" }] }),
    );
    assert_eq!(
        browser.execute(
            "return matchMedia('(prefers-reduced-motion: reduce)').matches;",
            &[]
        ),
        true
    );
    browser.refresh();
    assert_eq!(browser.find("#greeting").text(), "");

    let violations = browser.axe(WCAG_TAGS);
    assert!(
        violations.is_empty(),
        "axe found violations:\n{}",
        common::browser::format_violations(&violations)
    );
    browser.assert_accessible();

    browser.find("a").click();
    browser.wait_for("h1", std::time::Duration::from_secs(5));
    assert_eq!(browser.current_url(), format!("{url}other/"));
    assert_eq!(browser.title(), "Other page");

    let png = site.path().join("shot.png");
    browser.screenshot_png(&png);
    assert!(fs::read(&png).unwrap().starts_with(b"\x89PNG\r\n\x1a\n"));

    assert_eq!(browser.console_errors(), Vec::<String>::new());
    let requests = browser.network_requests();
    for wanted in ["sub/", "sub/style.css", "sub/app.js", "sub/other/"] {
        assert!(
            requests.contains(&format!("{origin}{wanted}")),
            "{wanted} not in {requests:#?}"
        );
    }
    let elsewhere: Vec<_> = requests.iter().filter(|u| !u.starts_with(origin)).collect();
    assert!(
        elsewhere.is_empty(),
        "requests left 127.0.0.1: {elsewhere:#?}"
    );
    assert!(
        server.served().contains(&"200 /sub/app.js".to_string()),
        "{:?}",
        server.served()
    );
}

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
#[cfg_attr(all(has_browser, not(has_axe)), ignore = "needs axe-core: npm ci")]
fn reports_console_errors_failed_loads_and_axe_violations() {
    let site = tempfile::tempdir().unwrap();
    write_site(site.path());
    let (url, _server) = serve_dir(site.path(), "sub");

    let browser = Browser::start();
    browser.goto(&format!("{url}broken.html"));

    let errors = browser.console_errors();
    assert!(
        errors.iter().any(|e| e.contains("deliberate error")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.contains("missing.js") && e.contains("404")),
        "{errors:#?}"
    );
    assert!(browser
        .network_requests()
        .contains(&format!("{url}missing.js")));
    browser.clear_logs();
    assert!(browser.console_errors().is_empty());
    assert!(browser.network_requests().is_empty());

    let violations = browser.axe(WCAG_TAGS);
    let ids: Vec<&str> = violations.iter().map(|v| v.id.as_str()).collect();
    for rule in ["html-has-lang", "image-alt", "label"] {
        assert!(ids.contains(&rule), "axe did not report {rule}: {ids:?}");
    }
    let image_alt = violations.iter().find(|v| v.id == "image-alt").unwrap();
    assert_eq!(image_alt.impact, "critical");
    assert_eq!(image_alt.nodes[0].target, "img");
    assert!(
        image_alt.to_string().contains("<img src=\"photo.png\">"),
        "{image_alt}"
    );

    let failure =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| browser.assert_accessible()));
    let message = *failure.unwrap_err().downcast::<String>().unwrap();
    assert!(
        message.contains("image-alt (critical)") && message.contains("broken.html"),
        "{message}"
    );
}

/// One raw HTTP/1.1 GET (raw, so that `..` reaches the server unnormalised).
fn raw_get(url: &str, path: &str) -> (String, String) {
    let host = url.trim_start_matches("http://").split('/').next().unwrap();
    let mut stream = TcpStream::connect(host).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.to_string(), body.to_string())
}

#[test]
fn static_server_serves_only_inside_its_directory_and_prefix() {
    let root = tempfile::tempdir().unwrap();
    fs::write(root.path().join("secret.txt"), "secret").unwrap();
    let site = root.path().join("site");
    fs::create_dir(&site).unwrap();
    write_site(&site);
    for (name, body) in [
        ("feed.xml", "<feed/>"),
        ("data.json", "{}"),
        ("icon.svg", "<svg/>"),
        ("pixel.png", "png"),
        ("event.ics", "BEGIN:VCALENDAR"),
    ] {
        fs::write(site.join(name), body).unwrap();
    }
    std::os::unix::fs::symlink(root.path().join("secret.txt"), site.join("link.txt")).unwrap();

    let (url, server) = serve_dir(&site, "/health/");
    let status = |path: &str| raw_get(&url, path).0.lines().next().unwrap().to_string();
    let content_type = |path: &str| {
        let (head, _) = raw_get(&url, path);
        assert!(head.starts_with("HTTP/1.1 200 OK"), "{path}: {head}");
        let line = head
            .lines()
            .find(|l| l.starts_with("Content-Type: "))
            .unwrap();
        line["Content-Type: ".len()..].to_string()
    };

    assert_eq!(content_type("/health/"), "text/html; charset=utf-8");
    assert_eq!(
        content_type("/health/index.html"),
        "text/html; charset=utf-8"
    );
    assert_eq!(content_type("/health/style.css"), "text/css; charset=utf-8");
    assert_eq!(
        content_type("/health/app.js?v=1"),
        "text/javascript; charset=utf-8"
    );
    assert_eq!(content_type("/health/data.json"), "application/json");
    assert_eq!(content_type("/health/icon.svg"), "image/svg+xml");
    assert_eq!(content_type("/health/pixel.png"), "image/png");
    assert_eq!(
        content_type("/health/event.ics"),
        "text/calendar; charset=utf-8"
    );
    assert_eq!(content_type("/health/feed.xml"), "application/xml");
    assert_eq!(content_type("/health/%6Fther/"), "text/html; charset=utf-8");
    assert_eq!(raw_get(&url, "/health/other/").1, OTHER_PAGE);

    let redirect = raw_get(&url, "/health/other").0;
    assert!(redirect.starts_with("HTTP/1.1 301"), "{redirect}");
    assert!(
        redirect.lines().any(|l| l == "Location: /health/other/"),
        "{redirect}"
    );
    assert!(status("/health").starts_with("HTTP/1.1 301"));

    for outside in [
        "/index.html",
        "/",
        "/healthy/index.html",
        "/health/missing.html",
        "/health/../secret.txt",
        "/health/%2e%2e/secret.txt",
        "/health/%2E%2E%2Fsecret.txt",
        "/health/other/../../secret.txt",
        "/health/..%5csecret.txt",
        "/health/link.txt",
        "/health/%00",
        "/health/%zz",
    ] {
        assert_eq!(status(outside), "HTTP/1.1 404 Not Found", "{outside}");
    }
    assert!(raw_get(&url, "/health/../secret.txt").1.contains("404"));
    assert_eq!(status("/favicon.ico"), "HTTP/1.1 204 No Content");
    assert!(server
        .served()
        .contains(&"404 /health/../secret.txt".to_string()));
}
