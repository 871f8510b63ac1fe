//! Content as real editors write it: Unicode and spaces in file names,
//! folders, headings and anchors, email autolinks, query strings. Each test
//! is a regression test for a build that once failed or changed the
//! content silently (issue 15).

mod common;

use common::site::TestSite;

fn hrefs(page: &common::site::Page, css: &str) -> Vec<String> {
    page.attrs(css, "href")
}

#[test]
fn unicode_and_spaces_in_names_build_and_link() {
    let site = TestSite::fixture("unicode");
    let outcome = site.build_ok();
    assert!(
        outcome.diagnostics.iter().all(|d| d.code != "broken-link"),
        "{:?}",
        outcome.diagnostics
    );
    // Folders become slugs that keep their letters; files keep their names.
    for file in [
        "übungen/index.html",
        "übungen/kraft-für-knochen/index.html",
        "articles/café.pdf",
        "articles/my leaflet.pdf",
        "articles/handouts-für-alle/Plan #1 (Woche).pdf",
        "tags/ältere-menschen/index.html",
    ] {
        assert!(site.public().join(file).is_file(), "{file}");
    }
    let page = site.page("articles/walking/index.html");
    let links = hrefs(&page, "main p a:not(.anchor)");
    for wanted in [
        "../caf%C3%A9.pdf",
        "../my%20leaflet.pdf",
        "#%C3%BCbungen-f%C3%BCr-knochen",
        "../../%C3%BCbungen/kraft-f%C3%BCr-knochen/index.html#start",
        "../../%C3%BCbungen/kraft-f%C3%BCr-knochen/index.html",
        "../../%C3%BCbungen/index.html",
        "../handouts-f%C3%BCr-alle/Plan%20%231%20(Woche).pdf",
    ] {
        assert!(links.iter().any(|l| l == wanted), "{wanted} in {links:?}");
    }
    assert_eq!(page.attrs("h2#übungen-für-knochen", "id").len(), 1);
    // Heading attributes the page keeps: a class and the language.
    assert_eq!(page.attrs("h2#warum-gehen.note", "lang"), ["de"]);
    // A link from another folder to a Unicode heading is checked, and lands.
    let strength = site.page("übungen/kraft-für-knochen/index.html");
    assert!(hrefs(&strength, "main p a")
        .contains(&"../../articles/walking/index.html#%C3%BCbungen-f%C3%BCr-knochen".to_string()));
}

#[test]
fn every_link_on_every_page_is_percent_encoded_once() {
    // Links from Markdown and links the templates write (navigation,
    // breadcrumbs, listings, tags, the table of contents) alike.
    let site = TestSite::fixture("unicode");
    site.build_ok();
    let mut checked = 0;
    for file in site.html_files() {
        let page = site.page(&file);
        for href in hrefs(&page, "a[href], link[href]") {
            assert!(
                href.is_ascii() && !href.contains(' '),
                "{file}: `{href}` is not encoded"
            );
            assert!(!href.contains("%25"), "{file}: `{href}` is encoded twice");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn sitemap_and_feed_encode_unicode_paths() {
    let site = TestSite::fixture("unicode");
    site.build_ok();
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://example.org/gesundheit/%C3%BCbungen/kraft-f%C3%BCr-knochen/</loc>"
        ),
        "{sitemap}"
    );
    assert!(!sitemap.contains("ü"), "{sitemap}");
}

#[test]
fn a_missing_unicode_target_is_still_reported() {
    let site = TestSite::fixture("unicode");
    site.write(
        "content/articles/broken.md",
        "---\ntitle: Broken\n---\n[gone](<Übersicht über alles.md>) and [nope](#nirgendwo)\n",
    );
    let outcome = site.build();
    let broken: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code.starts_with("broken-"))
        .map(|d| d.message.clone())
        .collect();
    assert!(
        broken
            .iter()
            .any(|m| m.contains("content/articles/Übersicht über alles.md")),
        "{broken:?}"
    );
    assert!(broken.iter().any(|m| m.contains("nirgendwo")), "{broken:?}");
    assert_eq!(broken.len(), 2, "each broken link once: {broken:?}");
    assert!(!outcome.written);
}

#[test]
fn email_autolinks_are_mail_links() {
    let site = TestSite::fixture("unicode");
    site.build_ok();
    let page = site.page("articles/walking/index.html");
    assert!(hrefs(&page, "main a").contains(&"mailto:help@example.org".to_string()));
}

#[test]
fn links_between_pages_keep_their_query_string() {
    let site = TestSite::fixture("unicode");
    site.build_ok();
    let page = site.page("articles/walking/index.html");
    assert!(hrefs(&page, "main a").contains(&"index.html?x=1#start".to_string()));
}

#[test]
fn a_reviewer_that_is_only_a_role_is_a_warning() {
    let site = TestSite::fixture("unicode");
    site.write(
        "content/articles/reviewed.md",
        "---\ntitle: Reviewed\nreviewed: 2026-02-01\nreviewed_by: [A. Patel, physiotherapist]\n---\nText.\n",
    );
    let outcome = site.build_ok();
    let roles: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "reviewer-role")
        .collect();
    assert_eq!(roles.len(), 1, "{:?}", outcome.diagnostics);
    let location = roles[0].location.as_ref().unwrap();
    assert_eq!((location.line, location.column), (4, 25));
    assert!(roles[0]
        .help
        .as_deref()
        .unwrap()
        .contains("- \"A. Patel, physiotherapist\""));
    // Name and role in one entry, and block lists, are what editors mean.
    site.write(
        "content/articles/reviewed.md",
        "---\ntitle: Reviewed\nreviewed: 2026-02-01\nreviewed_by:\n  - A. Patel, physiotherapist\n  - \"Dr B. Jones, GP\"\n---\nText.\n",
    );
    let outcome = site.build_ok();
    assert!(outcome
        .diagnostics
        .iter()
        .all(|d| d.code != "reviewer-role"));
}

/// Every id on the page once: headings, citations, sources, theme.
fn assert_ids_unique(page: &common::site::Page) {
    let mut ids = page.attrs("[id]", "id");
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "an id is used twice");
}

#[test]
fn citations_in_headings_and_link_text_reach_the_source_list() {
    let site = TestSite::fixture("unicode");
    site.write(
        "content/articles/cited.md",
        "---\ntitle: Cited\nsources:\n  local:\n    kind: webpage\n    title: A local source\n    url: https://example.org/local\n---\n\
         ## Why walk [@müller2020]\n\n\
         Read [more about it [@local, p. 4; @local, p. 5]](https://example.org/more).\n\n\
         ## Sources of advice\n\n## Why walk\n",
    );
    site.build_ok();
    let page = site.page("articles/cited/index.html");
    assert_ids_unique(&page);
    let heading = page.one("h2#why-walk");
    let text = heading.text().collect::<String>();
    assert!(text.starts_with("Why walk\u{a0}[1]"), "{text}");
    assert_eq!(page.attrs("#src-1 ~ li, #src-2", "id"), ["src-2"]);
    let paragraph = page.text("main p:has(a[href='https://example.org/more'])");
    assert!(
        paragraph.contains("more about it[2, p. 4, p. 5]."),
        "{paragraph}"
    );
    assert!(!page.source.contains("[@") && !page.source.contains("]("));
    assert_eq!(
        page.texts("h2[id^='sources']").len(),
        2,
        "the theme's and the editor's"
    );
}

#[test]
fn an_editor_written_id_that_clashes_names_its_place() {
    let site = TestSite::fixture("unicode");
    site.write(
        "content/articles/ids.md",
        "---\ntitle: Ids\n---\nIntro.\n\n## Our sources {#sources}\n\n## Twice {#x}\n\n## Again {#x}\n",
    );
    let outcome = site.build();
    let clashes: Vec<_> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.code == "duplicate-id")
        .map(|d| {
            let at = d.location.as_ref().unwrap();
            (at.file.display().to_string(), at.line, at.column)
        })
        .collect();
    assert_eq!(
        clashes,
        [
            ("content/articles/ids.md".to_string(), 6, 16),
            ("content/articles/ids.md".to_string(), 10, 10),
        ]
    );
    assert!(!outcome.written);
}

/// macOS may store `Ü` in a file name as `U` and a combining `¨`, while
/// editors type the single letter in links (and the other way round).
#[test]
fn links_find_files_whatever_the_unicode_normal_form() {
    let site = TestSite::fixture("unicode");
    let decomposed = "U\u{308}bersicht";
    site.write(
        &format!("content/articles/{decomposed}.md"),
        "---\ntitle: Overview\n---\nText.\n",
    );
    site.write(
        &format!("content/articles/Fl{}che.pdf", "a\u{308}"),
        "%PDF-1.1\n",
    );
    site.write(
        "content/articles/links.md",
        "---\ntitle: Links\n---\n[overview](Übersicht.md) and [plan](Fläche.pdf)\n",
    );
    site.build_ok();
}
