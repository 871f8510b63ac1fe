//! A site with Unicode and spaces in its file names, folders, headings and
//! anchors, read in headless Chromium under a sub-path and from disk: every
//! link the browser resolves lands on a file and an element that exist.

mod common;

use std::path::Path;

use common::browser::{serve_dir, Browser};
use common::site::TestSite;
use serde_json::Value;

/// Every link on the open page that stays under `root`, as the browser
/// resolved and then decoded it: (decoded path below root, decoded fragment).
fn links_in_site(browser: &Browser, root: &str) -> Vec<(String, String)> {
    let script = "const root = arguments[0];\
        return Array.from(document.querySelectorAll('a[href], link[href], script[src]'))\
          .map(e => e.href || e.src)\
          .filter(u => u.startsWith(root))\
          .map(u => { const url = new URL(u); \
             return [decodeURIComponent(url.href.slice(root.length).split(/[?#]/)[0]),\
                     decodeURIComponent(url.hash.slice(1))]; })";
    let found = browser.execute(script, &[Value::from(root)]);
    found
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            let text = |i: usize| pair[i].as_str().unwrap().to_string();
            (text(0), text(1))
        })
        .collect()
}

fn assert_lands(public: &Path, page: &str, path: &str, fragment: &str) {
    let file = if path.is_empty() || path.ends_with('/') {
        public.join(path).join("index.html")
    } else {
        public.join(path)
    };
    assert!(
        file.is_file(),
        "{page}: {path} → {} is missing",
        file.display()
    );
    if !fragment.is_empty() {
        let html = std::fs::read_to_string(&file).unwrap();
        assert!(
            html.contains(&format!("id=\"{fragment}\"")),
            "{page}: {path} has no #{fragment}"
        );
    }
}

/// Clicks the first element matching `css`, scrolled to the middle of
/// the window first, as a reader would scroll to it.
fn click(browser: &Browser, css: &str) {
    let element = browser.find(css);
    browser.execute(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})",
        &[element.as_arg()],
    );
    element.click();
}

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
fn unicode_names_work_from_disk_and_under_a_sub_path() {
    let site = TestSite::fixture("unicode");
    site.build_ok();
    let public = std::fs::canonicalize(site.public()).unwrap();
    let (served, _server) = serve_dir(&public, "/gesundheit/");
    let on_disk = format!("file://{}/", public.display());
    let browser = Browser::start();
    // Smooth scrolling would move links while they are clicked.
    browser.cdp(
        "Emulation.setEmulatedMedia",
        serde_json::json!({"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]}),
    );
    let pages = [
        "index.html",
        "articles/walking/index.html",
        "übungen/index.html",
        "übungen/kraft-für-knochen/index.html",
        "tags/ältere-menschen/index.html",
    ];
    for root in [served.as_str(), on_disk.as_str()] {
        for page in pages {
            browser.goto(&format!("{root}{page}"));
            let links = links_in_site(&browser, root);
            assert!(links.len() > 5, "{page}: {links:?}");
            for (path, fragment) in &links {
                assert_lands(&public, page, path, fragment);
            }
        }
        // A reader following the links, not just links on paper.
        browser.goto(&format!("{root}articles/walking/index.html"));
        // The body's own link: the table of contents holds the same href,
        // folded away.
        click(&browser, ".content a[href^='#%C3%BC']:not(.anchor)");
        let target = browser.execute(
            "return document.getElementById(decodeURIComponent(location.hash.slice(1))).textContent",
            &[],
        );
        assert!(
            target.as_str().unwrap().contains("Übungen für Knochen"),
            "{target}"
        );
        browser
            .find(".content a[href$='kraft-f%C3%BCr-knochen/index.html#start']")
            .click();
        assert!(
            browser.title().starts_with("Kraft für Knochen"),
            "{}",
            browser.title()
        );
        let heading = browser.execute(
            "return document.getElementById(decodeURIComponent(location.hash.slice(1))).tagName",
            &[],
        );
        assert_eq!(heading, "H2");
        click(&browser, ".content a[href*='walking/index.html#']");
        assert!(
            browser
                .current_url()
                .ends_with("walking/index.html#%C3%BCbungen-f%C3%BCr-knochen"),
            "{}",
            browser.current_url()
        );
    }
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}
