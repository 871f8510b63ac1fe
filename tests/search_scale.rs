//! Search on a site of many pages: the index is cut into shards, and a
//! reader's query downloads a small part of it, found and shown in a real
//! browser from `file://`.

mod common;
// The bench's corpus generator; this test uses only part of it.
#[allow(dead_code)]
#[path = "bench/corpus/mod.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::browser::Browser;
use corpus::Corpus;
use pamphlet::Options;

const ARTICLES: usize = 600;

/// The bench corpus, built: the temporary folder and the output in it.
fn built() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = Corpus {
        articles: ARTICLES,
        seed: 1,
    };
    corpus.write(dir.path()).unwrap();
    let public = dir.path().join("public");
    let options = Options {
        output: Some(public.clone()),
        today: Some(corpus::TODAY),
        ..Options::new(dir.path())
    };
    let outcome = pamphlet::build(&options);
    assert!(outcome.diagnostics.iter().all(|d| !d.is_error()));
    (dir, public)
}

fn size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}

fn folder_size(path: &Path) -> u64 {
    std::fs::read_dir(path)
        .unwrap()
        .map(|entry| size(&entry.unwrap().path()))
        .sum()
}

#[test]
#[cfg_attr(
    not(has_browser),
    ignore = "needs chromium and chromium-driver: apt-get install chromium chromium-driver"
)]
fn a_query_downloads_a_small_part_of_a_large_index() {
    let (_dir, public) = built();
    let search = public.join("search");
    let shards = std::fs::read_dir(search.join("words")).unwrap().count();
    assert!(shards > 10, "{shards} shards");
    assert!(size(&search.join("index.js")) < 1024);
    let index = size(&search.join("index.js")) + folder_size(&search.join("words"));
    let texts = folder_size(&search.join("text"));

    let browser = Browser::start();
    let root = format!(
        "file://{}/",
        std::fs::canonicalize(&public).unwrap().display()
    );
    browser.goto(&format!("{root}search/index.html?q=osteoporosis+exercise"));
    browser.wait_for(
        "#search-results li:nth-child(10) .search-passage",
        Duration::from_secs(20),
    );
    let status = browser.find("#search-status").text();
    assert!(status.contains("pages match"), "{status}");
    let loaded = |part: &str| -> u64 {
        let sources = browser.execute(
            "return Array.from(document.querySelectorAll('script[src]')).map(function (s) { return s.src; })",
            &[],
        );
        let sources = sources
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|s| s.as_str());
        sources
            .filter_map(|s| s.strip_prefix(&root))
            .filter(|s| s.starts_with(part))
            .map(|s| size(&public.join(s)))
            .sum()
    };
    let (index_loaded, texts_loaded) = (
        loaded("search/index.js") + loaded("search/words/"),
        loaded("search/text/"),
    );
    assert!(
        index_loaded * 5 < index && index_loaded < 100_000,
        "{index_loaded} of {index} bytes of index"
    );
    assert!(
        texts_loaded * 20 < texts,
        "{texts_loaded} of {texts} bytes of texts"
    );

    // Ten results at first; the next ten on request.
    assert_eq!(browser.find_all("#search-results li").len(), 10);
    let more = browser.find("#search-more");
    browser.execute(
        // The theme scrolls smoothly: WebDriver would click mid-scroll.
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})",
        &[more.as_arg()],
    );
    more.click();
    browser.wait_for(
        "#search-results li:nth-child(20) .search-passage",
        Duration::from_secs(20),
    );
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}
