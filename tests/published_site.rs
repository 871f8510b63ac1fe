//! The built example site, checked the way the public validators and
//! readers' browsers see it: the Nu HTML checker, axe-core in headless
//! Chromium, and links followed under a sub-path and from disk.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::browser::{serve_dir, Browser};
use common::site::TestSite;

/// Builds the repository's own example site into a temporary folder.
fn example_site() -> (TestSite, PathBuf) {
    let out = TestSite::empty();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let public = out.root().join("public");
    let options = pamphlet::Options {
        output: Some(public.clone()),
        today: pamphlet::date::Date::parse("2026-11-22"),
        ..pamphlet::Options::new(repo)
    };
    let outcome = pamphlet::build(&options);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    (out, public)
}

fn html_pages(public: &Path) -> Vec<String> {
    let mut pages: Vec<String> = walkdir::WalkDir::new(public)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(public)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    pages.sort();
    pages
}

#[test]
#[cfg_attr(
    not(has_vnu),
    ignore = "needs java and the Nu HTML checker: apt-get install default-jre-headless; npm ci"
)]
fn the_nu_html_checker_finds_no_errors() {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/vnu-jar/build/dist/vnu.jar");
    assert!(jar.is_file(), "{} is missing: run `npm ci`", jar.display());
    let (_site, public) = example_site();
    let output = Command::new("java")
        .args(["-jar"])
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .arg(&public)
        .output()
        .expect("java runs: apt-get install default-jre-headless");
    let report = String::from_utf8_lossy(&output.stderr).to_string()
        + &String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the Nu HTML checker found errors:\n{report}"
    );
}

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
#[cfg_attr(all(has_browser, not(has_axe)), ignore = "needs axe-core: npm ci")]
fn axe_finds_no_violations_on_any_page() {
    let (_site, public) = example_site();
    let (base, _server) = serve_dir(&public, "/health/");
    let browser = Browser::start();
    let pages = html_pages(&public);
    assert!(pages.len() >= 10, "{pages:?}");
    for page in pages.iter().filter(|p| p.as_str() != "404.html") {
        browser.goto(&format!("{base}{page}"));
        browser.assert_accessible();
    }
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
    let foreign: Vec<String> = browser
        .network_requests()
        .into_iter()
        .filter(|u| !u.starts_with("http://127.0.0.1"))
        .collect();
    assert!(foreign.is_empty(), "requests beyond the site: {foreign:?}");
}

/// Every link on `page` (as the browser resolves it) that stays inside
/// `root` lands on a file of the site, and its `#fragment` on an element.
fn assert_links_resolve(browser: &Browser, root: &str, public: &Path, page: &str) {
    let script = "return Array.from(document.querySelectorAll('a[href], link[href], script[src], img[src]'))\
                  .map(e => e.href || e.src)";
    let links = browser.execute(script, &[]);
    for link in links.as_array().unwrap().iter().filter_map(|l| l.as_str()) {
        let Some(inside) = link.strip_prefix(root) else {
            assert!(
                !link.starts_with("http://127.0.0.1") && !link.starts_with("file:"),
                "{page}: {link} leaves the site root"
            );
            continue;
        };
        let (path, fragment) = inside.split_once('#').unwrap_or((inside, ""));
        let path = path.split('?').next().unwrap_or_default();
        let file = public.join(if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        });
        assert!(
            file.is_file(),
            "{page}: {link} → {} does not exist",
            file.display()
        );
        // `#a=...` is the plan builder's shared answers, not an element.
        let is_anchor = !fragment.is_empty() && !fragment.contains('=');
        if is_anchor && file.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(&file).unwrap();
            assert!(
                html.contains(&format!("id=\"{fragment}\"")),
                "{page}: {link} has no #{fragment}"
            );
        }
    }
}

fn assert_search_finds(browser: &Browser, root: &str) {
    browser.goto(&format!("{root}search/index.html?q=balance"));
    let first = browser.wait_for("#search-results li a", std::time::Duration::from_secs(10));
    let href = first.prop("href");
    assert!(
        href.as_str().is_some_and(|h| h.starts_with(root)),
        "result links stay in the site: {href}"
    );
    browser.wait_for(
        "#search-results .search-passage:not(:empty)",
        std::time::Duration::from_secs(10),
    );
    let status = browser.find("#search-status").text();
    assert!(status.contains("match"), "{status}");
    browser.find("#search-query").clear();
    browser.find("#search-query").send_keys("zzzznotaword");
    browser.wait_for("#search-results:empty", std::time::Duration::from_secs(5));
    assert!(browser
        .find("#search-status")
        .text()
        .starts_with("No pages match"));
}

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
fn links_and_search_work_under_a_sub_path_and_from_disk() {
    let (_site, public) = example_site();
    let (base, _server) = serve_dir(&public, "/health/");
    let on_disk = format!(
        "file://{}/",
        std::fs::canonicalize(&public).unwrap().display()
    );
    let browser = Browser::start();
    for root in [base.as_str(), on_disk.as_str()] {
        for page in html_pages(&public)
            .iter()
            .filter(|p| p.as_str() != "404.html")
        {
            browser.goto(&format!("{root}{page}"));
            assert_links_resolve(&browser, root, &public, page);
        }
        // A reader clicking through, not just links on paper.
        browser.goto(&format!("{root}index.html"));
        browser
            .find("nav.site-nav a[href$='sources/index.html']")
            .click();
        assert!(
            browser.current_url().ends_with("sources/index.html"),
            "{}",
            browser.current_url()
        );
        assert_search_finds(&browser, root);
    }
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}
