//! Untrusted text never becomes live markup: the classic payloads in every
//! field and in the body come out as text.

mod common;

use common::site::TestSite;

fn assert_nothing_live(site: &TestSite) {
    let files = site.html_files();
    assert!(files.len() >= 5, "{files:?}");
    for file in files {
        let page = site.page(&file);
        for script in page.all("script") {
            let allowed = matches!(
                script.value().attr("type"),
                Some("application/json" | "application/ld+json")
            ) || script
                .value()
                .attr("src")
                .is_some_and(|s| s.ends_with(".js") && !s.contains(':'));
            assert!(allowed, "{file}: live script {}", script.html());
        }
        for element in page.all("*") {
            for (name, value) in element.value().attrs() {
                assert!(
                    !name.starts_with("on"),
                    "{file}: event handler {name}={value}"
                );
                let squashed: String = value
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect();
                let lower = squashed.to_ascii_lowercase();
                if matches!(name, "href" | "src" | "action" | "data" | "formaction") {
                    assert!(
                        !lower.starts_with("javascript:")
                            && !lower.starts_with("data:")
                            && !lower.starts_with("vbscript:"),
                        "{file}: {name}={value}"
                    );
                }
            }
            let tag = element.value().name();
            assert!(
                !matches!(
                    tag,
                    "iframe" | "object" | "embed" | "svg" | "math" | "style"
                ),
                "{file}: <{tag}>"
            );
        }
        assert!(
            page.all("body").len() == 1 && page.all("title").len() == 1,
            "{file}: document structure broken"
        );
    }
}

#[test]
fn payloads_come_out_as_text_with_raw_html_off() {
    let site = TestSite::fixture("xss");
    let outcome = site.build_ok();
    assert_nothing_live(&site);
    let page = site.read("attack/index.html");
    assert!(
        page.contains("&lt;script&gt;alert('body')&lt;/script&gt;"),
        "raw HTML shows as text"
    );
    let codes: Vec<&str> = outcome.diagnostics.iter().map(|d| d.code).collect();
    assert!(
        codes.contains(&"raw-html") && codes.contains(&"unsafe-link"),
        "{codes:?}"
    );
}

#[test]
fn payloads_are_sanitised_with_raw_html_on() {
    let site = TestSite::fixture("xss");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", config + "allow_raw_html: true\n");
    let outcome = site.build();
    assert!(!outcome.has_errors(), "{:?}", outcome.diagnostics);
    assert_nothing_live(&site);
    let page = site.page("attack/index.html");
    assert!(
        !page.all(".content div").is_empty(),
        "harmless markup survives"
    );
    assert!(
        !page.all("sup.cite a[href='#src-1']").is_empty(),
        "citations survive sanitising"
    );
}

#[test]
fn links_readers_follow_from_site_yaml_must_be_safe() {
    let site = TestSite::empty();
    site.write("site.yaml", "title: x\nfeedback: \"javascript:alert(1)\"\nowner: {name: o, url: \"javascript:alert(2)\"}\n");
    site.write("content/a.md", "---\ntitle: A\n---\n");
    let outcome = site.build();
    let codes: Vec<&str> = outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code)
        .collect();
    assert_eq!(codes, ["site-url", "site-url"]);
}
