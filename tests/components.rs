//! The front-matter components of an article (when to get help, do and
//! don't, questions, bottom line, author and dates, pictures) and the
//! section labels a site sets, as a reader gets them in the HTML.

mod common;

use common::site::TestSite;

fn built() -> (TestSite, common::site::Page) {
    let site = TestSite::fixture("components");
    site.build_ok();
    let page = site.page("articles/calcium/index.html");
    (site, page)
}

#[test]
fn when_to_get_help_cards_say_their_urgency_to_screen_readers() {
    let (_site, page) = built();
    assert_eq!(page.text("#when-to-get-help"), "When to get help");
    let cards = page.all(".get-help .care-card");
    assert_eq!(cards.len(), 2);
    assert_eq!(
        page.attrs(".care-card", "class"),
        [
            "care-card care-card-non-urgent",
            "care-card care-card-emergency"
        ]
    );
    let headings = page.texts(".care-card-heading");
    assert_eq!(headings[0], "Non-urgent advice: See a GP if:");
    assert_eq!(headings[1], "Immediate action required: Call 999 if:");
    assert_eq!(
        page.texts(".care-card-heading .visually-hidden"),
        ["Non-urgent advice:", "Immediate action required:"]
    );
    assert!(page
        .text(".care-card-emergency li")
        .starts_with("you fall and cannot get up"));
}

#[test]
fn the_main_message_and_safety_come_before_the_body() {
    let (_site, page) = built();
    let order = [
        "id=\"key-takeaway\"",
        "id=\"when-to-get-help\"",
        "id=\"safety-tips\"",
        "class=\"content\"",
        "id=\"exercise-types\"",
        "id=\"do-and-dont\"",
        "id=\"questions\"",
        "id=\"bottom-line\"",
        "id=\"sources\"",
    ];
    let at = |attr: &str| {
        page.source
            .find(attr)
            .unwrap_or_else(|| panic!("{attr} not found"))
    };
    let positions: Vec<usize> = order.iter().map(|attr| at(attr)).collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "{order:?} {positions:?}"
    );
    // Citations follow that order: the emergency card's trial comes first
    // after the key takeaway's NHS page.
    let references = page.texts("ol.sources > li .reference");
    assert!(
        references[0].contains("Food for strong bones"),
        "{references:?}"
    );
    assert!(
        references[1].contains("A trial of something"),
        "{references:?}"
    );
    // "On this page" is collapsible and lists the parts below it.
    assert_eq!(page.text(".toc summary"), "On this page");
    let toc = page.attrs(".toc a", "href");
    for id in [
        "#exercise-types",
        "#do-and-dont",
        "#questions",
        "#bottom-line",
        "#sources",
    ] {
        assert!(toc.contains(&id.to_string()), "{id} in {toc:?}");
    }
}

#[test]
fn labels_come_from_the_page_then_the_site_then_the_defaults() {
    let (_site, page) = built();
    // Page's own label.
    assert!(page.text("#safety-tips").ends_with("Take care"));
    // Site's labels.
    assert_eq!(page.text("#exercise-types"), "Good foods");
    assert!(page.text(".exercise-type").contains("Why it matters:"));
    // Defaults.
    assert_eq!(page.text("#questions"), "Common questions");
    assert_eq!(page.text("#bottom-line"), "The bottom line");
    assert_eq!(page.texts(".do-dont h2"), ["Do", "Don't"]);
    // A body heading never takes a template's id.
    let ids = page.attrs("[id]", "id");
    let unique: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert!(ids.contains(&"when-to-get-help-1".to_string()), "{ids:?}");
}

#[test]
fn byline_shows_authors_dates_and_reading_time() {
    let (_site, page) = built();
    let byline = page.text(".byline");
    assert!(
        byline.starts_with("By B. Okafor, dietitian and C. Ruiz. Published 10 January 2025. Updated 1 February 2026."),
        "{byline}"
    );
    assert!(byline.ends_with("1 min read"), "{byline}");
    assert_eq!(
        page.attrs(".byline time", "datetime"),
        ["2025-01-10", "2026-02-01"]
    );
    assert!(page.text(".reviewed").contains("A. Patel"));
}

#[test]
fn pictures_have_their_size_lazy_loading_and_captions() {
    let (site, page) = built();
    let lead = page.one(".lead-image img");
    assert_eq!(lead.value().attr("src"), Some("../plate.png"));
    assert_eq!(lead.value().attr("width"), Some("64"));
    assert_eq!(lead.value().attr("height"), Some("48"));
    assert_eq!(
        lead.value().attr("loading"),
        None,
        "the lead image loads at once"
    );
    assert_eq!(
        lead.value().attr("alt"),
        Some("A plate with cheese, bread and kale")
    );
    assert_eq!(
        page.text(".lead-image figcaption"),
        "A meal rich in calcium Photo by the test team"
    );
    let figure = page.one(".figure img");
    assert_eq!(figure.value().attr("src"), Some("../yoghurt.png"));
    assert_eq!(figure.value().attr("width"), Some("30"));
    assert_eq!(figure.value().attr("loading"), Some("lazy"));
    assert!(site.public().join("articles/plate.png").is_file());
    // Link previews and search engines get the lead image.
    assert_eq!(
        page.attrs("meta[property='og:image']", "content"),
        ["https://health.example.org/bones/articles/plate.png"]
    );
    assert_eq!(
        page.attrs("meta[name='twitter:card']", "content"),
        ["summary_large_image"]
    );
    let json: serde_json::Value =
        serde_json::from_str(&page.text("script[type='application/ld+json']")).unwrap();
    assert_eq!(
        json["image"],
        "https://health.example.org/bones/articles/plate.png"
    );
    assert_eq!(json["medicalAudience"], "https://schema.org/Patient");
    assert_eq!(json["aspect"][0], "Prevention");
    assert_eq!(json["author"][1]["name"], "C. Ruiz");
    assert_eq!(json["datePublished"], "2025-01-10");
    assert_eq!(json["dateModified"], "2026-02-01");
}

#[test]
fn footnotes_are_lettered_apart_from_numbered_citations() {
    let (_site, page) = built();
    assert_eq!(page.texts(".content .footnote-reference"), ["a", "b"]);
    assert_eq!(page.texts(".footnote-definition-label"), ["a", "b"]);
    assert!(page.texts("sup.cite").iter().all(|c| c.starts_with('[')));
}

#[test]
fn a_citation_never_starts_a_line_alone() {
    let (_site, page) = built();
    // The space before every citation is a no-break space.
    assert!(page
        .source
        .contains("bones strong\u{a0}<sup class=\"cite\">"));
    assert!(!page.source.contains(" <sup class=\"cite\">"));
}

#[test]
fn a_missing_or_outside_picture_names_the_file_and_line() {
    let site = TestSite::fixture("components");
    let text = std::fs::read_to_string(site.root().join("content/articles/calcium.md")).unwrap();
    let text = text
        .replace("file: plate.png", "file: missing.png")
        .replace(
            "file: /articles/yoghurt.png",
            "file: https://cdn.example.com/y.png",
        );
    site.write("content/articles/calcium.md", text);
    let outcome = site.build();
    assert!(!outcome.written);
    let problems: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert!(
        problems[0].contains("content/articles/calcium.md:16:9")
            && problems[0].contains("missing.png"),
        "{problems:#?}"
    );
    assert!(
        problems[1].contains(":21:11") && problems[1].contains("not a file of the site"),
        "{problems:#?}"
    );
}

#[test]
fn articles_on_a_help_topic_must_say_when_to_get_help() {
    let site = TestSite::fixture("components");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", config + "help_tags: [Falls]\n");
    site.write(
        "content/articles/falls.md",
        "---\ntitle: After a fall\nreviewed: 2026-02-17\nreviewed_by: [A. Patel, GP]\ntags:\n  - falls\n---\nGet up slowly.\n",
    );
    let text = std::fs::read_to_string(site.root().join("content/articles/calcium.md")).unwrap();
    site.write(
        "content/articles/calcium.md",
        text.replace("aspect: Prevention", "aspect: Prevention\ntags: [falls]"),
    );
    let outcome = site.build_ok();
    let missing: Vec<String> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "help-missing")
        .map(|d| d.to_string())
        .collect();
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert!(
        missing[0].starts_with(
            "warning[help-missing]: content/articles/falls.md:5:1: this article is about `falls`"
        ),
        "{missing:#?}"
    );
}
