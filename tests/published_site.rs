//! The built example site, checked the way the public validators and
//! readers' browsers see it: the Nu HTML checker, axe-core in headless
//! Chromium, and links followed under a sub-path and from disk.

mod common;

use std::path::{Path, PathBuf};

use common::browser::{serve_dir, Browser};
use common::output::assert_valid_html;
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
    let (_site, public) = example_site();
    assert_valid_html([public]);
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
    // Words a reader sees only in the front matter's parts (exercise
    // examples here) find their pages, and the passage quotes them.
    let passages = search(browser, "tai chi", 2);
    assert!(
        passages
            .iter()
            .all(|p| p.to_lowercase().contains("tai chi")),
        "{passages:?}"
    );
    // A slip of the finger still finds the word meant, and says so.
    search(browser, "osteoperosis", 1);
    let status = browser.find("#search-status").text();
    assert!(
        status.contains("“osteoporosis”, the nearest spelling"),
        "{status}"
    );
    // No results: the reader gets ways on, not a dead end.
    type_query(browser, "zzzznotaword");
    browser.wait_for("#search-results:empty", std::time::Duration::from_secs(5));
    assert!(browser
        .find("#search-status")
        .text()
        .starts_with("No pages match"));
    browser.wait_for(
        "#search-help:not([hidden])",
        std::time::Duration::from_secs(5),
    );
    assert!(browser
        .try_find("#search-help a[href$='index.html']")
        .is_some());
    // Two words no page has together: each alone is offered, with counts.
    type_query(browser, "tai zzzznotaword");
    let offered = browser.wait_for(
        "#search-suggestions li a",
        std::time::Duration::from_secs(5),
    );
    assert_eq!(offered.text(), "tai");
    offered.click();
    browser.wait_for("#search-results li a", std::time::Duration::from_secs(10));
    assert!(
        browser.current_url().ends_with("?q=tai"),
        "{}",
        browser.current_url()
    );
}

fn type_query(browser: &Browser, query: &str) {
    browser.find("#search-query").clear();
    browser.find("#search-query").send_keys(query);
}

/// Searches for `query`, expecting at least `at_least` results, and
/// returns the passages they quote.
fn search(browser: &Browser, query: &str, at_least: usize) -> Vec<String> {
    type_query(browser, query);
    let filled = format!("#search-results li:nth-child({at_least}) .search-passage");
    browser.wait_for(&filled, std::time::Duration::from_secs(10));
    browser
        .find_all("#search-results .search-passage")
        .iter()
        .map(|p| p.text())
        .collect()
}

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
#[cfg_attr(all(has_browser, not(has_axe)), ignore = "needs axe-core: npm ci")]
fn search_results_and_the_no_results_help_are_accessible() {
    let (_site, public) = example_site();
    let (base, _server) = serve_dir(&public, "/health/");
    let browser = Browser::start();
    browser.goto(&format!("{base}search/index.html?q=tai+chi"));
    browser.wait_for(
        "#search-results li .search-passage",
        std::time::Duration::from_secs(10),
    );
    browser.assert_accessible();
    browser.goto(&format!("{base}search/index.html?q=tai+zzzznotaword"));
    browser.wait_for(
        "#search-suggestions li a",
        std::time::Duration::from_secs(10),
    );
    browser.assert_accessible();
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

/// The articles of the built site, as paths like `articles/evidence/index.html`.
fn articles(public: &Path) -> Vec<String> {
    html_pages(public)
        .into_iter()
        .filter(|p| p.starts_with("articles/") && p != "articles/index.html")
        .collect()
}

/// Where screenshots go for people to look at: `target/screenshots/`.
fn screenshot_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target/tmp has a parent")
        .join("screenshots");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

/// Makes the viewport exactly `width` by `height` CSS pixels, as a phone
/// (`mobile`) or a desktop browser shows the page.
fn viewport(browser: &Browser, width: u32, height: u32) {
    browser.cdp(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}),
    );
}

/// The top and bottom of the first element matching `css`, in CSS pixels
/// from the top of the page, or null.
const EXTENT: &str = "const e = document.querySelector(arguments[0]); if (!e) return null; \
     const r = e.getBoundingClientRect(); return [r.top + scrollY, r.bottom + scrollY];";

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
#[cfg_attr(all(has_browser, not(has_axe)), ignore = "needs axe-core: npm ci")]
fn a_phones_first_screen_shows_the_key_takeaway_and_safety_is_near_the_top() {
    let (_site, public) = example_site();
    let (base, _server) = serve_dir(&public, "/health/");
    let browser = Browser::start();
    let shots = screenshot_dir();
    let pages = articles(&public);
    assert!(pages.len() >= 4, "{pages:?}");
    for page in &pages {
        let name = page.trim_end_matches("/index.html").replace('/', "-");
        for width in [320, 375, 1280] {
            viewport(&browser, width, 812);
            browser.goto(&format!("{base}{page}"));
            browser.screenshot_png(shots.join(format!("{name}-{width}.png")));
            let extent = |css: &str| -> Option<(f64, f64)> {
                let value = browser.execute(EXTENT, &[css.into()]);
                let pair = value.as_array()?;
                Some((pair[0].as_f64()?, pair[1].as_f64()?))
            };
            let (_, takeaway_bottom) = extent(".key-takeaway").expect("every article has one");
            eprintln!("{page} at {width} px: key takeaway ends at {takeaway_bottom:.0} px");
            if width == 375 {
                // The title, summary, review line and key takeaway: all on
                // the first screen of a 375 by 812 phone.
                assert!(
                    takeaway_bottom <= 812.0,
                    "{page}: the key takeaway ends at {takeaway_bottom} px, below the first screen"
                );
                // Safety and when to get help come within two screens.
                for part in [".safety-tips", ".get-help"] {
                    if let Some((top, _)) = extent(part) {
                        assert!(top < 2.0 * 812.0, "{page}: {part} starts at {top} px");
                    }
                }
                // The menu opens without JavaScript, and stays accessible
                // open and in the dark colour scheme.
                assert!(!browser.find(".menu nav a").is_displayed());
                browser.find(".menu summary").click();
                assert!(browser.find(".menu nav a").is_displayed());
                browser.assert_accessible();
                browser.cdp(
                    "Emulation.setEmulatedMedia",
                    serde_json::json!({"features": [{"name": "prefers-color-scheme", "value": "dark"}]}),
                );
                browser.find(".menu summary").click();
                browser.assert_accessible();
                browser.screenshot_png(shots.join(format!("{name}-{width}-dark.png")));
                browser.cdp(
                    "Emulation.setEmulatedMedia",
                    serde_json::json!({"features": []}),
                );
            }
        }
    }
}

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
fn citations_are_big_enough_to_tap_and_never_start_a_line() {
    let (_site, public) = example_site();
    let (base, _server) = serve_dir(&public, "/health/");
    let browser = Browser::start();
    // Each citation link's size, and whether the citation sits on the line
    // of the character just before it.
    let script = "return Array.from(document.querySelectorAll('sup.cite')).map(sup => {
        const links = Array.from(sup.querySelectorAll('a')).map(a => {
          const r = a.getBoundingClientRect(); return [r.width, r.height]; });
        let before = sup.previousSibling;
        while (before && before.nodeType === 1 && !before.textContent) before = before.previousSibling;
        if (!before || !before.textContent) return [links, true];
        const node = before.nodeType === 3 ? before : before.lastChild || before;
        const range = document.createRange();
        const text = node.nodeType === 3 ? node : node.firstChild;
        if (!text || text.nodeType !== 3 || text.length === 0) return [links, true];
        range.setStart(text, text.length - 1); range.setEnd(text, text.length);
        const prev = range.getBoundingClientRect(), own = sup.getBoundingClientRect();
        return [links, Math.abs(prev.bottom - own.bottom) < prev.height];
      });";
    let mut seen = 0;
    for page in articles(&public) {
        for width in [320, 375] {
            viewport(&browser, width, 812);
            browser.goto(&format!("{base}{page}"));
            let found = browser.execute(script, &[]);
            for (i, cite) in found.as_array().unwrap().iter().enumerate() {
                seen += 1;
                for size in cite[0].as_array().unwrap() {
                    let (w, h) = (size[0].as_f64().unwrap(), size[1].as_f64().unwrap());
                    assert!(
                        w >= 24.0 && h >= 24.0,
                        "{page} at {width} px: citation {i} is {w}x{h} px"
                    );
                }
                assert_eq!(
                    cite[1], true,
                    "{page} at {width} px: citation {i} starts a line alone"
                );
            }
        }
    }
    assert!(seen > 100, "only {seen} citations checked");
}

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
fn a_printed_article_is_a_handout_without_navigation() {
    let (_site, public) = example_site();
    let (base, _server) = serve_dir(&public, "/health/");
    let browser = Browser::start();
    let page = "articles/calcium-and-vitamin-d/index.html";
    // A4 at 96 dpi, less the page margins.
    viewport(&browser, 680, 1000);
    browser.goto(&format!("{base}{page}"));
    browser.cdp(
        "Emulation.setEmulatedMedia",
        serde_json::json!({"media": "print"}),
    );
    let hidden = [
        ".site-nav",
        ".menu",
        ".search-link",
        ".site-search",
        ".breadcrumbs",
        ".toc",
        ".page-tags",
        ".pager",
        ".related",
        ".backlinks",
    ];
    for css in hidden {
        let shown = browser.execute(
            "return Array.from(document.querySelectorAll(arguments[0])).some(e => e.getClientRects().length > 0)",
            &[css.into()],
        );
        assert_eq!(shown, false, "{css} is printed");
    }
    for css in [
        ".key-takeaway",
        ".get-help",
        ".safety-tips",
        ".sources",
        ".disclaimer",
    ] {
        assert!(browser.find(css).is_displayed(), "{css} is not printed");
    }
    // The title starts the first page, not a third of the way down.
    let title = browser.execute(EXTENT, &["h1".into()]);
    let top = title[0].as_f64().unwrap();
    assert!(top < 120.0, "the title starts {top} px down the first page");
    browser.screenshot_png(screenshot_dir().join("print-calcium-and-vitamin-d.png"));
    let pdf = browser.cdp(
        "Page.printToPDF",
        serde_json::json!({"paperWidth": 8.27, "paperHeight": 11.69}),
    );
    let data = pdf["data"].as_str().expect("a PDF");
    assert!(data.len() > 1000);
}
