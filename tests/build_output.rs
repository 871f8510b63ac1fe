//! Builds fixture sites and checks the HTML a reader gets.

mod common;

use common::site::{resolve_href, TestSite};

#[test]
fn every_section_of_an_article_is_rendered() {
    let site = TestSite::fixture("full");
    site.build_ok();
    let page = site.page("guides/walking/index.html");
    assert!(page.text("h1").starts_with("Walking"));
    assert_eq!(
        page.text(".lead").trim(),
        "Why walking helps & how to start."
    );
    assert!(
        page.source.contains("17 February 2026")
            && page.source.contains("Dr Test, physiotherapist")
    );
    assert!(page
        .text("#key-takeaway ~ p, .key-takeaway")
        .contains("Walking is good for you."));
    for id in [
        "evidence",
        "exercise-types",
        "safety-tips",
        "comparison",
        "sources",
    ] {
        assert_eq!(page.all(&format!("h2#{id}")).len(), 1, "section #{id}");
    }
    assert!(page.text("main").contains("Moderate certainty"));
    assert!(page.text("main").contains("Very low certainty"));
    assert!(page.text("main").contains("walking with poles"));
    assert!(page.all("table th[scope=col]").len() >= 2);
    assert!(!page.all("table th[scope=row]").is_empty());
    assert!(page.text("caption").contains("Walking compared"));
    assert!(page.text("footer").contains("not medical advice"));
    assert_eq!(page.attrs("html", "lang"), ["en-GB"]);
    assert_eq!(page.all("a[href='#main']").len(), 1, "skip link");
}

#[test]
fn text_from_front_matter_is_escaped() {
    let site = TestSite::fixture("full");
    site.build_ok();
    let source = site.read("guides/walking/index.html");
    assert!(
        !source.contains("<script>alert"),
        "a title's <script> must come out as text"
    );
    assert!(source.contains("&lt;script&gt;alert"));
    assert!(site
        .read("index.html")
        .contains("Fixture &lt;Health&gt; &amp; Co"));
    assert!(
        !source.contains("<b>bold</b>"),
        "raw HTML is off by default"
    );
}

#[test]
fn citations_are_numbered_in_reading_order_and_reused() {
    let site = TestSite::fixture("full");
    site.build_ok();
    let page = site.page("guides/walking/index.html");
    // Key takeaway (gamma), safety tips near the top (gamma, alpha), then
    // the body (beta, ...), then evidence.
    let keys: Vec<String> = page.attrs("#sources ~ ol > li, ol.sources > li", "id");
    assert_eq!(keys, ["src-1", "src-2", "src-3", "src-4"]);
    let references = page.texts("#sources ~ ol > li");
    assert!(references[0].contains("Gamma guideline"), "{references:?}");
    assert!(references[1].contains("Alpha review"), "{references:?}");
    assert!(references[2].contains("Beta trial"), "{references:?}");
    assert!(references[3].contains("Local leaflet"), "{references:?}");
    // `[@alpha; @beta; @gamma]` is 1–3 as a range; `[@beta, p. 4]` shows the locator.
    let cites = page.texts("sup.cite");
    assert!(
        cites
            .iter()
            .any(|c| c.starts_with("[1") && c.contains('–') && c.ends_with("3]")),
        "{cites:?}"
    );
    assert!(cites.iter().any(|c| c == "[3, p. 4]"), "{cites:?}");
    assert!(cites.iter().any(|c| c == "[2, 3]"), "{cites:?}");
    assert!(!page.all("sup.cite a[aria-label='Source 1']").is_empty());
    // Code and escapes are not citations.
    assert!(
        page.source.contains("[@notacitation]") && page.source.contains("<code>[@code]</code>")
    );
    // Vancouver style, more than six authors.
    assert!(references[1].contains(
        "Able A, Baker B, Cole C, et al. Alpha review of walking. J Walk. 2020;12(3):100-10."
    ));
    assert!(page
        .attrs("a", "href")
        .contains(&"https://pubmed.ncbi.nlm.nih.gov/11111111/".to_string()));
    assert!(page
        .attrs("a", "href")
        .contains(&"https://doi.org/10.1000/alpha".to_string()));
}

#[test]
fn every_citation_and_back_link_lands_on_the_right_element() {
    let site = TestSite::fixture("full");
    site.build_ok();
    let page = site.page("guides/walking/index.html");
    let ids: Vec<String> = page.attrs("[id]", "id");
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique");
    for link in page.all("sup.cite a") {
        let target = link.value().attr("href").unwrap().trim_start_matches('#');
        let number = link
            .value()
            .attr("aria-label")
            .unwrap()
            .trim_start_matches("Source ");
        assert_eq!(target, format!("src-{number}"));
        assert!(ids.iter().any(|id| id == target));
    }
    // Each source lists a back-link to every place that cites it.
    let alpha_backlinks = page.attrs("#src-3 a[href^='#cite-']", "href");
    let alpha_places = page.all("[id^='cite-3']").len();
    assert_eq!(alpha_backlinks.len(), alpha_places);
    assert!(
        alpha_places >= 4,
        "alpha is cited in the body, evidence, a tip and the table"
    );
    for href in page.attrs("a[href^='#']", "href") {
        let id = &href[1..];
        assert!(ids.iter().any(|x| x == id), "href {href} has no target");
    }
    for backlink in page.all("#sources ~ ol a[href^='#cite-']") {
        let label = backlink.value().attr("aria-label").unwrap_or_default();
        assert!(
            label.starts_with("Back to"),
            "back-links have an accessible name: {label:?}"
        );
    }
}

#[test]
fn citation_numbers_follow_a_templates_own_order() {
    let site = TestSite::fixture("override");
    site.build_ok();
    let page = site.page("note/index.html");
    assert_eq!(
        page.all("h1.overridden").len(),
        1,
        "the site's page.html overrides the built-in one"
    );
    assert_eq!(page.texts("ol.sources li"), ["a ^ ^", "b ^ ^"]);
    // A theme that reads `backlinks` gets them (the default theme does not).
    assert_eq!(
        page.attrs("ol.sources a", "aria-label"),
        [
            "Back to citation a of source 1",
            "Back to citation b of source 1",
            "Back to citation a of source 2",
            "Back to citation b of source 2",
        ]
    );
    assert_eq!(page.texts(".tips sup.cite"), ["[1]"]);
    assert_eq!(page.texts(".takeaway sup.cite"), ["[2]"]);
    // Built-in base.html and style.css still come from the binary.
    assert!(site.read("style.css").len() > 1000);
    assert!(page.source.contains("<html lang="));
}

#[test]
fn every_relative_link_and_anchor_resolves() {
    let site = TestSite::fixture("full");
    site.build_ok();
    // The 404 page is served at any depth: its links start at the domain's root.
    for file in site.html_files().into_iter().filter(|f| f != "404.html") {
        let page = site.page(&file);
        for href in page
            .attrs("a", "href")
            .into_iter()
            .chain(page.attrs("link", "href"))
            .chain(page.attrs("img", "src"))
        {
            if href.contains(':') && !href.starts_with('#') {
                continue;
            }
            assert!(
                !href.starts_with('/'),
                "{file}: link {href} is not relative"
            );
            let (target, fragment) = resolve_href(&file, &href);
            let path = site.public().join(&target);
            assert!(path.is_file(), "{file}: {href} → {target} does not exist");
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let target_page = site.page(&target);
                assert!(
                    !target_page.all(&format!("[id='{fragment}']")).is_empty(),
                    "{file}: {href} has no element #{fragment}"
                );
            }
        }
    }
}

#[test]
fn links_between_markdown_files_become_page_links() {
    let site = TestSite::fixture("full");
    site.build_ok();
    let page = site.page("guides/walking/index.html");
    let hrefs = page.attrs(".content a, main a", "href");
    assert!(
        hrefs.contains(&"../lifting/index.html".to_string()),
        "{hrefs:?}"
    );
    assert!(hrefs.contains(&"../lifting/index.html#what-to-avoid".to_string()));
    assert!(hrefs.contains(&"#getting-started".to_string()));
    let about = site.page("about-us/index.html");
    assert_eq!(about.attrs("img", "src"), ["../guides/hip.svg"]);
    assert!(site.public().join("guides/hip.svg").is_file());
}

#[test]
fn pages_listings_tags_and_bibliography() {
    let site = TestSite::fixture("full");
    site.build_ok();
    let files = site.html_files();
    for expected in [
        "index.html",
        "guides/index.html",
        "guides/walking/index.html",
        "guides/lifting/index.html",
        "about-us/index.html",
        "tags/index.html",
        "tags/walking/index.html",
        "tags/exercise/index.html",
        "sources/index.html",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "{expected} missing from {files:?}"
        );
    }
    assert!(
        !files.iter().any(|f| f.contains("secret")),
        "drafts stay out of a build"
    );
    let home = site.page("index.html");
    assert!(
        home.text("main").contains("Why walking helps"),
        "home lists summaries"
    );
    let guides = site.page("guides/index.html");
    let titles = guides.texts("main h2 a, main h3 a");
    assert_eq!(
        titles
            .iter()
            .filter(|t| t.starts_with("Walking") || t.as_str() == "Lifting")
            .count(),
        2
    );
    let tag = site.page("tags/exercise/index.html");
    assert!(tag.text("main").contains("Lifting"));
    let bibliography = site.page("sources/index.html");
    let text = bibliography.text("main");
    for key in ["alpha", "beta", "gamma", "local1", "unused"] {
        assert!(text.contains(key), "{key} in the bibliography");
    }
    assert!(
        text.contains("Not cited"),
        "uncited site sources are flagged for reviewers"
    );
    assert!(bibliography
        .attrs("a", "href")
        .contains(&"../guides/walking/index.html".to_string()));
}

#[test]
fn a_site_with_only_site_yaml_and_content_builds() {
    let site = TestSite::empty();
    site.write("site.yaml", "title: Bare\n");
    site.write("content/a.md", "---\ntitle: A page\n---\nHello.\n");
    site.build_ok();
    assert!(site.read("a/index.html").contains("Hello."));
    assert!(
        site.read("index.html").contains("A page"),
        "a home page is generated"
    );
    assert!(site.public().join("style.css").is_file());
}

#[test]
fn the_starter_site_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("new-site");
    pamphlet::starter::write(&root).unwrap();
    let options = pamphlet::Options {
        today: pamphlet::date::Date::parse("2026-11-22"),
        ..pamphlet::Options::new(&root)
    };
    let outcome = pamphlet::build(&options);
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    assert!(root.join("public/articles/walking/index.html").is_file());
    assert!(
        pamphlet::starter::write(&root).is_err(),
        "refuses a folder that is not empty"
    );
}

#[test]
fn the_example_site_builds_without_errors() {
    let site = TestSite::empty();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let options = pamphlet::Options {
        output: Some(site.root().join("public")),
        today: pamphlet::date::Date::parse("2026-11-22"),
        ..pamphlet::Options::new(repo)
    };
    let outcome = pamphlet::build(&options);
    let problems: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error() || d.is_warning())
        .map(|d| d.to_string())
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(outcome.pages >= 4);
}

#[test]
fn feed_sitemap_and_robots_need_a_base_url() {
    let site = TestSite::fixture("full");
    let outcome = site.build_ok();
    let note = outcome
        .diagnostics
        .iter()
        .find(|d| d.code == "no-base-url")
        .expect("says what it skipped");
    assert!(note.message.contains("atom.xml") && note.message.contains("sitemap.xml"));
    assert!(!site.public().join("atom.xml").exists());
    // The 404 page is written all the same, linking from the domain's root.
    let not_found = site.page("404.html");
    assert!(not_found
        .attrs("a", "href")
        .contains(&"/index.html".to_string()));
    assert!(not_found
        .attrs("link", "href")
        .contains(&"/style.css".to_string()));

    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        config + "base_url: https://example.org/health\n",
    );
    site.build_ok();
    let feed = site.read("atom.xml");
    let feed = roxmltree::Document::parse(&feed).expect("the feed is XML");
    let entries: Vec<_> = feed
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 3, "reviewed articles only");
    let first_link = entries[0]
        .descendants()
        .find(|n| n.has_tag_name("link"))
        .unwrap();
    assert_eq!(
        first_link.attribute("href"),
        Some("https://example.org/health/guides/lifting/")
    );
    let updated = entries[0]
        .descendants()
        .find(|n| n.has_tag_name("updated"))
        .unwrap();
    assert_eq!(
        updated.text(),
        Some("2026-03-01T00:00:00Z"),
        "newest review first"
    );

    // The feed keeps only the newest articles; the sitemap keeps all.
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", config + "feed_items: 2\n");
    site.build_ok();
    let feed = site.read("atom.xml");
    let feed = roxmltree::Document::parse(&feed).expect("the feed is XML");
    let updated: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| e.descendants().find(|n| n.has_tag_name("updated")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(updated.len(), 2, "{updated:?}");
    assert_eq!(updated[0], "2026-03-01T00:00:00Z");

    let sitemap = site.read("sitemap.xml");
    let sitemap = roxmltree::Document::parse(&sitemap).expect("the sitemap is XML");
    let locs: Vec<&str> = sitemap
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        locs.contains(&"https://example.org/health/guides/walking/"),
        "{locs:?}"
    );
    assert!(!locs.iter().any(|l| l.contains("secret")));
    assert!(sitemap
        .descendants()
        .any(|n| n.has_tag_name("lastmod") && n.text() == Some("2026-02-17")));
    assert!(site
        .read("robots.txt")
        .contains("Sitemap: https://example.org/health/sitemap.xml"));
    let not_found = site.page("404.html");
    assert!(not_found
        .attrs("a", "href")
        .contains(&"https://example.org/health/index.html".to_string()));
}

#[test]
fn articles_carry_medical_web_page_metadata() {
    let site = TestSite::fixture("full");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        config + "base_url: https://example.org/health/\ncondition: Osteoporosis\n",
    );
    site.build_ok();
    let page = site.page("guides/walking/index.html");
    let scripts = page.all("script[type='application/ld+json']");
    assert_eq!(scripts.len(), 1);
    let json: serde_json::Value =
        serde_json::from_str(&scripts[0].text().collect::<String>()).expect("JSON-LD parses");
    assert_eq!(json["@type"], "MedicalWebPage");
    assert_eq!(json["lastReviewed"], "2026-02-17");
    assert_eq!(json["reviewedBy"][0]["name"], "Dr Test, physiotherapist");
    assert_eq!(json["audience"]["audienceType"], "Patient");
    assert_eq!(json["about"]["name"], "Osteoporosis");
    assert_eq!(json["mainContentOfPage"]["cssSelector"], "#main");
    assert_eq!(json["url"], "https://example.org/health/guides/walking/");
    let citations = json["citation"].as_array().unwrap();
    assert_eq!(citations.len(), 4, "every source of the page");
    assert!(citations
        .iter()
        .any(|c| c["sameAs"] == "https://doi.org/10.1000/alpha"));
    assert_eq!(
        page.attrs("link[rel=canonical]", "href"),
        ["https://example.org/health/guides/walking/"]
    );
    assert_eq!(
        page.attrs("meta[property='og:type']", "content"),
        ["article"]
    );
    assert_eq!(
        page.attrs("meta[name=description]", "content"),
        ["Why walking helps & how to start."]
    );
    assert!(
        page.text("footer").contains("Fixture Trust"),
        "the publisher shows on every page"
    );
}

#[test]
fn breadcrumbs_neighbours_and_related_pages() {
    let site = TestSite::fixture("full");
    site.build_ok();
    let walking = site.page("guides/walking/index.html");
    assert_eq!(
        walking.texts("nav.breadcrumbs a"),
        ["Fixture home", "Guides"]
    );
    assert_eq!(
        walking.attrs("nav.breadcrumbs a", "href"),
        ["../../index.html", "../../guides/index.html"]
    );
    assert_eq!(
        walking.attrs("a[rel=next]", "href"),
        ["../../guides/lifting/index.html"]
    );
    assert!(walking.all("a[rel=prev]").is_empty());
    assert_eq!(
        walking.texts(".related li a"),
        ["Lifting"],
        "shares the exercise tag"
    );
    let lifting = site.page("guides/lifting/index.html");
    assert_eq!(
        lifting.attrs("a[rel=prev]", "href"),
        ["../../guides/walking/index.html"]
    );
    let guides = site.page("guides/index.html");
    assert!(
        guides.text("main").contains("17 February 2026"),
        "listings show the last review"
    );
}

#[test]
fn a_reviewer_without_a_name_is_an_error() {
    let site = TestSite::fixture("full");
    site.write(
        "content/guides/lifting.md",
        "---\ntitle: Lifting\nreviewed: 2026-03-01\nreviewed_by: [\"\"]\n---\nBody.\n",
    );
    let outcome = site.build();
    let problem = outcome
        .diagnostics
        .iter()
        .find(|d| d.code == "reviewer-name")
        .expect("reported");
    assert!(problem.is_error());
    assert_eq!(
        problem
            .location
            .as_ref()
            .map(|l| (l.file.display().to_string(), l.line)),
        Some(("content/guides/lifting.md".into(), 4))
    );
}

#[test]
fn the_feed_lists_the_newest_fifty_articles_by_default() {
    let site = TestSite::empty();
    site.write("site.yaml", "title: Many\nbase_url: https://example.org/\n");
    // Reviewed a month apart, Article 1 in January 2021, Article 60 last.
    for n in 1..=60 {
        let (year, month) = (2021 + (n - 1) / 12, (n - 1) % 12 + 1);
        site.write(
            &format!("content/articles/a{n}.md"),
            format!("---\ntitle: Article {n}\nreviewed: {year}-{month:02}-01\n---\nText.\n"),
        );
    }
    site.build_ok();
    let feed = site.read("atom.xml");
    let feed = roxmltree::Document::parse(&feed).expect("the feed is XML");
    let titles: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| e.descendants().find(|n| n.has_tag_name("title")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(titles.len(), 50);
    assert_eq!((titles[0], titles[49]), ("Article 60", "Article 11"));
}
