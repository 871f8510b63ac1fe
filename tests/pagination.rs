//! Long listings split into numbered pages: the home page, sections, tag
//! pages and the bibliography.

mod common;

use common::browser::{serve_dir, Browser};
use common::output::assert_valid_html;
use common::site::{resolve_href, Page, TestSite};

/// A site of `articles` articles in `guides/`, all tagged `tai chi`, each
/// citing one site-wide source, with `settings` added to site.yaml.
fn site_with(articles: usize, settings: &str) -> TestSite {
    let site = TestSite::empty();
    site.write("site.yaml", format!("title: Paged\n{settings}"));
    site.write(
        "content/guides/_index.md",
        "---\ntitle: Guides\n---\nThe guides' own introduction.\n",
    );
    site.write(
        "content/sources.yaml",
        "nhs:\n  kind: patient-information\n  title: Exercise\n  url: https://example.org/nhs\n",
    );
    for n in 1..=articles {
        site.write(
            &format!("content/guides/guide-{n:03}.md"),
            format!(
                "---\ntitle: Übung {n:03}\nweight: {n}\ntags: [tai chi]\n---\nMove a little every day [@nhs].\n"
            ),
        );
    }
    site
}

/// The hrefs of the page's pager, resolved to output paths.
fn pager_targets(page: &Page, path: &str) -> Vec<String> {
    page.attrs("nav.pagination a", "href")
        .iter()
        .map(|href| resolve_href(path, href).0)
        .collect()
}

fn card_titles(page: &Page) -> Vec<String> {
    page.texts(".card-title")
}

#[test]
fn a_section_is_split_into_numbered_pages_that_link_to_each_other() {
    let site = site_with(5, "paginate_by: 2\n");
    site.build_ok();
    let first = site.page("guides/index.html");
    assert_eq!(card_titles(&first), ["Übung 001", "Übung 002"]);
    assert!(first.text("main").contains("own introduction"));
    assert_eq!(first.attrs("nav.pagination", "aria-label"), ["Pages"]);
    assert_eq!(
        first.attrs("a[rel=prev]", "href").len(),
        0,
        "no previous on page 1"
    );
    let next = resolve_href("guides/index.html", &first.attrs("a[rel=next]", "href")[0]).0;
    assert_eq!(next, "guides/page/2/index.html");
    assert_eq!(
        first.texts("nav.pagination a[aria-current=page]"),
        ["Page 1"]
    );

    let path = "guides/page/2/index.html";
    let second = site.page(path);
    assert_eq!(card_titles(&second), ["Übung 003", "Übung 004"]);
    assert!(second.text("h1").contains("page 2 of 3"));
    assert!(second.text("title").contains("page 2 of 3"));
    assert!(
        !second.text("main").contains("introduction"),
        "the intro shows on the first page only"
    );
    let prev = resolve_href(path, &second.attrs("a[rel=prev]", "href")[0]).0;
    assert_eq!(prev, "guides/index.html", "page 2 links back to page 1");
    assert_eq!(
        second.texts("nav.pagination a[aria-current=page]"),
        ["Page 2"]
    );

    let last = site.page("guides/page/3/index.html");
    assert_eq!(card_titles(&last), ["Übung 005"]);
    assert!(
        last.all("a[rel=next]").is_empty(),
        "the last page has no next"
    );
    assert!(!site.public().join("guides/page/4").exists());

    for path in [
        "guides/index.html",
        "guides/page/2/index.html",
        "guides/page/3/index.html",
    ] {
        for target in pager_targets(&site.page(path), path) {
            assert!(
                site.public().join(&target).is_file(),
                "{path} links to {target}"
            );
        }
    }
}

#[test]
fn the_home_page_and_tag_pages_are_paginated_too() {
    let site = site_with(5, "paginate_by: 2\n");
    site.build_ok();
    for first in ["index.html", "tags/tai-chi/index.html"] {
        let folder = first.trim_end_matches("index.html");
        let third = format!("{folder}page/3/index.html");
        let page = site.page(&third);
        assert_eq!(card_titles(&page), ["Übung 005"], "{third}");
        let targets = pager_targets(&page, &third);
        assert!(
            targets.contains(&first.to_string()),
            "{third} links to {first}"
        );
        assert!(!site.public().join(format!("{folder}page/4")).exists());
    }
    let tag = site.page("tags/tai-chi/page/2/index.html");
    assert!(
        tag.text(".lead").contains("5 pages"),
        "the count is of the whole tag, not this page"
    );
}

#[test]
fn twenty_articles_fit_on_one_page_by_default_and_one_more_makes_two() {
    let site = site_with(20, "");
    site.build_ok();
    assert_eq!(card_titles(&site.page("guides/index.html")).len(), 20);
    assert!(site
        .page("guides/index.html")
        .all("nav.pagination")
        .is_empty());
    assert!(!site.public().join("guides/page").exists());

    let site = site_with(21, "");
    site.build_ok();
    assert_eq!(card_titles(&site.page("guides/index.html")).len(), 20);
    assert_eq!(
        card_titles(&site.page("guides/page/2/index.html")),
        ["Übung 021"]
    );
}

#[test]
fn paginate_by_zero_lists_everything_on_one_page() {
    let site = site_with(25, "paginate_by: 0\n");
    site.build_ok();
    assert_eq!(card_titles(&site.page("guides/index.html")).len(), 25);
    assert!(!site.public().join("guides/page").exists());
}

#[test]
fn an_empty_section_still_has_its_page() {
    let site = site_with(0, "paginate_by: 2\n");
    site.build_ok();
    let page = site.page("guides/index.html");
    assert!(page.text("main").contains("no pages in this section yet"));
    assert!(page.all("nav.pagination").is_empty());
}

#[test]
fn a_large_bibliography_is_split_into_pages_that_link_to_each_other() {
    let site = site_with(3, "");
    site.write("content/sources.yaml", sources_yaml(250, "Trial number"));
    site.build_ok();
    let first = site.page("sources/index.html");
    let contents = first.attrs("nav[aria-label='Pages of sources'] a", "href");
    assert_eq!(contents.len(), 6, "251 sources, 50 a page: {contents:?}");
    let mut seen = Vec::new();
    for href in &contents {
        let path = resolve_href("sources/index.html", href).0;
        let page = site.page(&path);
        let keys = page.texts("code.key");
        assert!(!keys.is_empty(), "{path} lists sources");
        assert!(keys.len() <= 50, "{path} has {} sources", keys.len());
        for target in pager_targets(&page, &path) {
            assert!(
                site.public().join(&target).is_file(),
                "{path} links to {target}"
            );
        }
        seen.extend(keys);
    }
    assert_eq!(seen.len(), 251, "every source is on exactly one page");
    seen.dedup();
    assert_eq!(seen.len(), 251);
    let last = resolve_href("sources/index.html", contents.last().unwrap()).0;
    let last = site.page(&last);
    assert!(last.all("a[rel=next]").is_empty());
    assert!(
        last.all("nav[aria-label='Pages of sources']").is_empty(),
        "the list of pages is on the first page only"
    );
    assert_eq!(
        resolve_href(
            "sources/page/2/index.html",
            &site
                .page("sources/page/2/index.html")
                .attrs("a[rel=prev]", "href")[0]
        )
        .0,
        "sources/index.html"
    );
}

#[test]
fn a_source_cited_on_many_pages_links_to_some_and_counts_the_rest() {
    let site = site_with(60, "");
    site.build_ok();
    let page = site.page("sources/index.html");
    let cited = page.one(".cited-in");
    let links = cited
        .select(&scraper::Selector::parse("a").unwrap())
        .count();
    assert_eq!(links, 25);
    assert!(cited
        .text()
        .collect::<String>()
        .contains("and 35 more pages"));
}

/// The pages of a paginated site a reader meets: each kind of listing,
/// first, middle and last.
const PAGED: [&str; 6] = [
    "index.html",
    "page/2/index.html",
    "guides/page/3/index.html",
    "tags/tai-chi/page/2/index.html",
    "sources/index.html",
    "sources/page/2/index.html",
];

/// A bibliography of one web page and `trials` trials, `trial000`…,
/// titled "`title` N".
fn sources_yaml(trials: usize, title: &str) -> String {
    let mut sources = String::from(
        "nhs:\n  kind: patient-information\n  title: Exercise\n  url: https://example.org/nhs\n",
    );
    for n in 0..trials {
        sources.push_str(&format!(
            "trial{n:03}:\n  kind: rct\n  title: {title} {n}\n  year: 2020\n  doi: 10.1000/t{n}\n"
        ));
    }
    sources
}

/// A site whose listings and bibliography all run to several pages.
fn paged_site() -> TestSite {
    let site = site_with(5, "paginate_by: 2\n");
    site.write("content/sources.yaml", sources_yaml(150, "Trial"));
    site.build_ok();
    site
}

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
#[cfg_attr(all(has_browser, not(has_axe)), ignore = "needs axe-core: npm ci")]
fn paginated_pages_pass_axe_and_their_links_work_under_a_sub_path() {
    let site = paged_site();
    let (base, _server) = serve_dir(site.public(), "/health/");
    let browser = Browser::start();
    for page in PAGED {
        assert!(site.public().join(page).is_file(), "{page}");
        browser.goto(&format!("{base}{page}"));
        browser.assert_accessible();
    }
    let follow = |rel: &str| {
        let link = browser.find(&format!("nav.pagination a[rel={rel}]"));
        browser.execute(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})",
            &[link.as_arg()],
        );
        link.click();
    };
    browser.goto(&format!("{base}guides/index.html"));
    follow("next");
    assert_eq!(
        browser.current_url(),
        format!("{base}guides/page/2/index.html")
    );
    follow("prev");
    assert_eq!(browser.current_url(), format!("{base}guides/index.html"));

    // On a phone every pager link is a target a finger can hit.
    browser.cdp(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({"width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": true}),
    );
    browser.goto(&format!("{base}guides/page/2/index.html"));
    let sizes = browser.execute(
        "return Array.from(document.querySelectorAll('nav.pagination a'))\
         .map(a => { const r = a.getBoundingClientRect(); return [r.width, r.height]; })",
        &[],
    );
    let sizes = sizes.as_array().expect("a list of sizes");
    assert_eq!(sizes.len(), 5, "previous, 1, 2, 3, next: {sizes:?}");
    for size in sizes {
        let (width, height) = (size[0].as_f64().unwrap(), size[1].as_f64().unwrap());
        assert!(
            width >= 44.0 && height >= 44.0,
            "a pager link is {width}×{height}"
        );
    }
}

#[test]
#[cfg_attr(
    not(has_vnu),
    ignore = "needs java and the Nu HTML checker: apt-get install default-jre-headless; npm ci"
)]
fn paginated_pages_pass_the_nu_html_checker() {
    let site = paged_site();
    assert_valid_html(PAGED.map(|page| site.public().join(page)));
}

#[test]
fn a_content_page_where_a_listing_continues_is_an_error() {
    let site = site_with(5, "paginate_by: 2\n");
    site.write(
        "content/guides/page/2.md",
        "---\ntitle: In the way\ntags: [tai chi]\n---\nText.\n",
    );
    let outcome = site.build();
    assert!(!outcome.written);
    let problem = outcome
        .diagnostics
        .iter()
        .find(|d| d.code == "duplicate-url")
        .expect("the clash is reported");
    let text = problem.to_string();
    assert!(text.contains("guides/page/2/index.html"), "{text}");
    assert!(text.contains("2.md"), "names the file: {text}");
}
