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

fn vnu_jar() -> Option<PathBuf> {
    let jar = Path::new(env!("CARGO_MANIFEST_DIR")).join("node_modules/vnu-jar/build/dist/vnu.jar");
    let java = Command::new("java")
        .arg("-version")
        .output()
        .is_ok_and(|o| o.status.success());
    (jar.is_file() && java).then_some(jar)
}

#[test]
fn the_nu_html_checker_finds_no_errors() {
    let Some(jar) = vnu_jar() else {
        assert!(
            std::env::var("CI").is_err(),
            "under CI the Nu HTML checker must run: java and `npm ci` are required"
        );
        eprintln!("skipped: needs java and node_modules/vnu-jar (run `npm ci`)");
        return;
    };
    let (_site, public) = example_site();
    let output = Command::new("java")
        .args(["-jar"])
        .arg(&jar)
        .args(["--errors-only", "--skip-non-html", "--format", "text"])
        .arg(&public)
        .output()
        .expect("java runs");
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
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver, or set CI=true"
)]
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
