//! Unit tests of the Markdown layer.

use super::*;

pub(super) struct NoLinks;
impl Links for NoLinks {
    fn rewrite(&self, dest: &str) -> Result<Option<Rewritten>, String> {
        match dest {
            "other.md" => Ok(Some(Rewritten {
                href: "../other/index.html".into(),
                anchor: None,
            })),
            "other.md#x" => Ok(Some(Rewritten {
                href: "../other/index.html#x".into(),
                anchor: Some(("other/index.html".into(), "x".into())),
            })),
            "missing.md" => Err("no page content/missing.md".into()),
            _ => Ok(None),
        }
    }
}

fn keys(text: &str) -> Vec<Vec<String>> {
    let parsed = parse(text, Mode::Block, false, &NoLinks, None);
    parsed
        .citations
        .iter()
        .map(|c| c.citation.items.iter().map(|i| i.key.clone()).collect())
        .collect()
}

fn html(text: &str) -> String {
    parse(
        text,
        Mode::Block,
        false,
        &NoLinks,
        Some(&mut HeadingIds::new()),
    )
    .render(&mut Numbering::default())
}

fn problems(text: &str) -> Vec<&'static str> {
    parse(text, Mode::Block, false, &NoLinks, None)
        .problems
        .iter()
        .map(|p| p.code)
        .collect()
}

#[test]
fn finds_citations_in_reading_order() {
    assert_eq!(
        keys("A [@b] and [@a; @c, p. 4]."),
        [vec!["b"], vec!["a", "c"]]
    );
}

#[test]
fn code_escapes_and_emails_are_not_citations() {
    assert!(keys("`[@a]` and\n\n    [@b]\n\n```\n[@c]\n```\n").is_empty());
    assert!(keys("Literal \\[@a] here.").is_empty());
    assert!(keys("Mail [me@x.org] or me@x.org.").is_empty());
    assert!(keys("[@a](https://example.org)").is_empty());
    assert!(problems("Literal \\[@a] here.").is_empty());
}

#[test]
fn a_citation_keeps_to_the_line_of_the_word_before_it() {
    assert_eq!(
        html("Walk\n[@a]."),
        "<p>Walk\u{a0}<sup class=\"cite\">[<a href=\"#src-1\" id=\"cite-1a\" aria-label=\"Source 1\">1</a>]</sup>.</p>\n"
    );
}

#[test]
fn a_paragraph_of_many_citations_has_no_size_cliff() {
    // While each citation's link carried its label as a URL, the
    // parser's budget for resolved references ran out at 8,889 here
    // and the rest stayed text ("unclosed").
    let text = "[@smith2020walking; @a] ".repeat(10_000);
    let parsed = parse(&text, Mode::Block, false, &NoLinks, None);
    assert_eq!(parsed.citations.len(), 10_000);
    assert!(parsed.problems.is_empty());
}

#[test]
fn citation_renders_as_superscript_link() {
    assert_eq!(
        html("Walk [@a]."),
        "<p>Walk\u{a0}<sup class=\"cite\">[<a href=\"#src-1\" id=\"cite-1a\" aria-label=\"Source 1\">1</a>]</sup>.</p>\n"
    );
}

#[test]
fn citation_keys_come_from_source_not_smart_punctuation() {
    let parsed = parse(
        "[@obrien_2020, pp. 3--4]",
        Mode::Block,
        false,
        &NoLinks,
        None,
    );
    let item = &parsed.citations[0].citation.items[0];
    assert_eq!(
        (item.key.as_str(), item.locator.as_deref()),
        ("obrien_2020", Some("pp. 3--4"))
    );
}

#[test]
fn wrongly_written_citations_are_reported() {
    assert_eq!(problems("Text [@a][@b]."), ["adjacent-citations"]);
    assert_eq!(problems("Text [@a and more."), ["unclosed-citation"]);
    assert_eq!(problems("Text [see @a, p. 4]."), ["citation-syntax"]);
    assert_eq!(problems("[@a]: text\n\nBody"), ["citation-definition"]);
}

#[test]
fn offsets_point_at_the_citation() {
    let parsed = parse("ab [@x; @y]", Mode::Block, false, &NoLinks, None);
    assert_eq!(parsed.citations[0].offset, 3);
    assert_eq!(parsed.citations[0].citation.items[1].offset, 8);
}

#[test]
fn headings_get_unique_ids_and_anchor_links() {
    let out = html("## What to avoid\n\n## What to avoid\n\n## Sources\n\n## Src 1\n");
    assert!(
        out.contains(
            "<h2 id=\"what-to-avoid\">What to avoid <a class=\"anchor\" href=\"#what-to-avoid\""
        ),
        "{out}"
    );
    assert!(out.contains("<h2 id=\"what-to-avoid-1\">"), "{out}");
    assert!(out.contains("<h2 id=\"sources-1\">"), "{out}");
    assert!(out.contains("<h2 id=\"section-src-1\">"), "{out}");
}

#[test]
fn slugs_match_markdown_previews() {
    assert_eq!(slug("What to avoid?"), "what-to-avoid");
    assert_eq!(slug("Balance & posture"), "balance--posture");
    assert_eq!(slug("Étude 2"), "étude-2");
}

#[test]
fn inline_mode_has_no_paragraph() {
    let parsed = parse("Go *slowly* [@a]", Mode::Inline, false, &NoLinks, None);
    assert!(parsed
        .render(&mut Numbering::default())
        .starts_with("Go <em>slowly</em>\u{a0}<sup"));
}

#[test]
fn links_between_pages_are_rewritten_and_broken_ones_reported() {
    let parsed = parse(
        "[a](other.md) [b](other.md#x) [c](missing.md) [d](https://x.org)",
        Mode::Block,
        false,
        &NoLinks,
        None,
    );
    let out = parsed.render(&mut Numbering::default());
    assert!(out.contains("href=\"../other/index.html\""));
    assert!(out.contains("href=\"../other/index.html#x\""));
    assert!(out.contains("href=\"https://x.org\""));
    assert_eq!(parsed.anchors.len(), 1);
    assert_eq!(
        parsed.problems.iter().map(|p| p.code).collect::<Vec<_>>(),
        ["broken-link"]
    );
}

#[test]
fn raw_html_is_text_unless_allowed() {
    let out = html("<script>alert(1)</script>\n\nHi <b>x</b>");
    assert!(
        !out.contains("<script>") && out.contains("&lt;script&gt;"),
        "{out}"
    );
    assert!(!out.contains("<b>"));
    assert_eq!(problems("Hi <b>x</b> <i>y</i>"), ["raw-html"]);
}

#[test]
fn prose_leaves_out_headings_tables_and_code() {
    let parsed = parse(
        "## Heading\n\nOne *two* [@a].\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n```\ncode\n```\n\n- item\n",
        Mode::Block,
        false,
        &NoLinks,
        None,
    );
    assert_eq!(parsed.prose_text(), "One two .\nitem\n");
    assert!(parsed.plain_text().contains("Heading") && parsed.plain_text().contains("code"));
}

#[test]
fn footnotes_tables_and_tasks_render() {
    let out = html("A[^1]\n\n[^1]: Note.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n");
    assert!(
        out.contains("footnote-reference") && out.contains("<table>") && out.contains("checkbox"),
        "{out}"
    );
}

#[test]
fn code_running_links_are_removed() {
    for dest in [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:x",
        "vbscript:x",
        "data:text/html;base64,PHNjcmlwdD4=",
    ] {
        let text = format!("[x](<{dest}>)");
        let parsed = parse(&text, Mode::Block, false, &NoLinks, None);
        assert_eq!(
            parsed.problems.iter().map(|p| p.code).collect::<Vec<_>>(),
            ["unsafe-link"],
            "{dest}"
        );
        assert!(
            parsed
                .render(&mut Numbering::default())
                .contains("href=\"#\""),
            "{dest}"
        );
    }
}

#[test]
fn http_links_to_https_hosts_are_flagged() {
    assert_eq!(
        problems("[p](http://pubmed.ncbi.nlm.nih.gov/1/)"),
        ["insecure-link"]
    );
    assert!(problems("[p](http://example.org/)").is_empty());
    assert_eq!(
        secure_alternative("http://doi.org/10.1/x").as_deref(),
        Some("https://doi.org/10.1/x")
    );
    assert_eq!(
        secure_alternative("HTTP://DOI.org/10.1/x").as_deref(),
        Some("https://doi.org/10.1/x")
    );
    assert_eq!(secure_alternative("https://doi.org/x"), None);
}

#[test]
fn images_need_a_text_alternative() {
    assert_eq!(problems("![](a.png)"), ["image-alt"]);
    assert!(problems("![A hip](a.png)").is_empty());
    assert!(
        html("![@a]").contains("![@a]"),
        "not an image, not a citation"
    );
}

#[test]
fn allowed_raw_html_is_sanitised_but_our_markup_stays() {
    let text = "<img src=x onerror=alert(1)> <a href=\"javascript:alert(1)\">x</a> [@a]\n\n<script>alert(1)</script>\n\n<svg><script>alert(1)</script></svg>";
    let out = parse(text, Mode::Block, true, &NoLinks, None).render(&mut Numbering::default());
    assert!(
        !out.contains("onerror") && !out.contains("javascript:") && !out.contains("<script"),
        "{out}"
    );
    assert!(out.contains("<sup class=\"cite\">[<a href=\"#src-1\" id=\"cite-1a\" aria-label=\"Source 1\">1</a>]</sup>"), "{out}");
}

fn page_html(text: &str) -> (String, Vec<&'static str>, Vec<Heading>) {
    let parsed = parse(
        text,
        Mode::Block,
        false,
        &NoLinks,
        Some(&mut HeadingIds::new()),
    );
    let html = parsed.render(&mut Numbering::default());
    let codes = parsed.problems.iter().map(|p| p.code).collect();
    (html, codes, parsed.headings)
}

const SUP: &str =
    "<sup class=\"cite\">[<a href=\"#src-1\" id=\"cite-1a\" aria-label=\"Source 1\">1</a>]</sup>";

#[test]
fn citations_in_headings_render_and_keep_the_id_plain() {
    let (out, codes, headings) = page_html("## Walking helps [@a]\n");
    assert!(codes.is_empty(), "{codes:?}");
    assert!(
        out.starts_with(&format!(
            "<h2 id=\"walking-helps\">Walking helps\u{a0}{SUP}"
        )),
        "{out}"
    );
    assert_eq!(headings[0].text, "Walking helps");
    assert!(out.contains("aria-label=\"Link to the section Walking helps\""));
}

#[test]
fn citations_in_link_text_move_after_the_link() {
    let (out, codes, _) = page_html("See [read more [@a]](https://example.org/more) now.\n");
    assert!(codes.is_empty(), "{codes:?}");
    assert_eq!(
        out,
        format!("<p>See <a href=\"https://example.org/more\">read more</a>{SUP} now.</p>\n")
    );
    let (out, codes, _) = page_html("[*x* [@a; @b, p. 2] y](other.md) and ![alt [@c]](a.png)\n");
    assert!(codes.is_empty(), "{codes:?}");
    assert!(
        out.contains("<a href=\"../other/index.html\"><em>x</em>  y</a><sup class=\"cite\">"),
        "{out}"
    );
    assert!(
        out.contains("<img src=\"a.png\" alt=\"alt \" loading=\"lazy\" decoding=\"async\"><sup"),
        "{out}"
    );
    assert!(!out.contains("[@") && !out.contains("]("), "{out}");
}

#[test]
fn citations_left_in_brackets_that_are_no_link_are_errors() {
    let (out, codes, _) = page_html("[see [@a]][nowhere]\n");
    assert_eq!(codes, ["citation-syntax"], "{out}");
}

#[test]
fn citations_work_wherever_text_goes() {
    for text in [
        "*Walk [@a]* daily.",
        "**Walk [@a]**",
        "| x |\n|---|\n| walk [@a] |",
        "- walk [@a]",
        "1. walk [@a]",
        "> walk [@a]",
        "Walk.[^n]\n\n[^n]: As shown [@a].",
        "~~old [@a]~~",
    ] {
        let (out, codes, _) = page_html(text);
        assert!(codes.is_empty(), "{text}: {codes:?}");
        assert!(out.contains(SUP), "{text}: {out}");
        assert!(!out.contains("[@"), "{text}: {out}");
    }
}

#[test]
fn written_ids_that_clash_are_errors() {
    for text in [
        "## A {#sources}",
        "## A {#src-1}",
        "## A {#cite-1a}",
        "## A {#x}\n\n## B {#x}",
        "## X\n\n## B {#x}",
        "Walk.[^sources]\n\n[^sources]: Note.",
    ] {
        let (_, codes, _) = page_html(text);
        assert_eq!(codes, ["duplicate-id"], "{text}");
    }
    let (out, codes, _) = page_html("## A {#x}\n\n## X\n");
    assert!(codes.is_empty() && out.contains("<h2 id=\"x-1\">"), "{out}");
}

#[test]
fn heading_attributes_are_kept_or_reported() {
    let (out, codes, _) = page_html("## Achtung {.warn lang=de}\n");
    assert!(codes.is_empty(), "{codes:?}");
    assert!(
        out.starts_with("<h2 id=\"achtung\" class=\"warn\" lang=\"de\">"),
        "{out}"
    );
    let (out, codes, _) = page_html("## Click {onclick=alert(1) .ok}\n");
    assert_eq!(codes, ["heading-attribute"]);
    assert!(
        !out.contains("onclick") && out.contains("class=\"ok\""),
        "{out}"
    );
}

#[test]
fn allowed_raw_html_keeps_table_alignment() {
    let text = "<b>x</b>\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |\n";
    let out = parse(text, Mode::Block, true, &NoLinks, None).render(&mut Numbering::default());
    assert!(
        out.contains("<th style=\"text-align:center\">a</th>"),
        "{out}"
    );
    assert!(
        out.contains("<td style=\"text-align:right\">2</td>"),
        "{out}"
    );
}

#[test]
fn odd_brackets_around_citations_never_panic() {
    for text in [
        "[x [@a][]](u)",
        "[x [t][@a]](u)",
        "[@a]](u)",
        "[[@a]](u)",
        "[x [@a]][r]\n\n[r]: https://x.org",
        "![[@a]](i.png)",
        "[![x [@a]](i.png)](u)",
        "## [x [@é]](u) {#y}",
        "[x [@a] [@b]](u) [@c]",
    ] {
        let (out, codes, _) = page_html(text);
        assert!(!out.contains("](") || !codes.is_empty(), "{text}: {out}");
    }
}

#[test]
fn footnote_labels_with_spaces_are_errors() {
    let (_, codes, _) = page_html("Walk.[^my note]\n\n[^my note]: Note.\n");
    assert_eq!(codes, ["footnote-label"]);
    let (_, codes, _) = page_html("Walk.[^my-note]\n\n[^my-note]: Note.\n");
    assert!(codes.is_empty());
}

/// A site with one picture, `walk "1".png`, 1000 pixels wide, whose
/// reading goes wrong for `torn.png`.
struct OnePicture;
impl Links for OnePicture {
    fn rewrite(&self, dest: &str) -> Result<Option<Rewritten>, String> {
        Ok(Some(Rewritten {
            href: href::encode_path(dest),
            anchor: None,
        }))
    }

    fn picture(&self, dest: &str, href: &str) -> Picture {
        match dest {
            "torn.png" => Picture {
                problems: vec![TextProblem {
                    offset: 0,
                    code: "image",
                    message: "damaged".into(),
                    help: String::new(),
                    is_error: true,
                }],
                ..Picture::default()
            },
            _ => Picture {
                width: Some(1000),
                height: Some(500),
                srcset: Some(format!("a&b.480w.png 480w, {href} 1000w")),
                sizes: Some("(max-width: 700px) 100vw, 700px".into()),
                problems: Vec::new(),
            },
        }
    }
}

#[test]
fn pictures_get_their_size_copies_and_lazy_loading() {
    let text = "Look: ![A walk & *outside*](<walk \"1\".png>)\n\n![Torn](torn.png)\n";
    let parsed = parse(text, Mode::Block, false, &OnePicture, None);
    let out = parsed.render(&mut Numbering::default());
    assert!(out.contains(
        "<img src=\"walk%20%221%22.png\" alt=\"A walk &amp; outside\" width=\"1000\" height=\"500\" \
         srcset=\"a&amp;b.480w.png 480w, walk%20%221%22.png 1000w\" sizes=\"(max-width: 700px) 100vw, 700px\" \
         loading=\"lazy\" decoding=\"async\">"
    ), "{out}");
    let problem = &parsed.problems[0];
    assert_eq!(
        (problem.code, problem.offset),
        ("image", text.find("![Torn").unwrap())
    );
    assert!(
        parsed.plain_text().contains("A walk & outside"),
        "alt text is searchable"
    );
}
