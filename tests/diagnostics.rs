//! Bad input: every problem of a run is reported, each at file:line:column
//! with a way to fix it, and a failed build writes nothing.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::site::TestSite;

/// Compares with a file of expected text; `UPDATE_EXPECT=1` rewrites it.
fn expect_file(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/expected")
        .join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(expected == actual, "{name} differs (UPDATE_EXPECT=1 to accept):\n--- expected\n{expected}\n--- actual\n{actual}");
}

#[test]
fn every_problem_in_a_broken_site_is_reported_in_one_run() {
    let site = TestSite::fixture("broken");
    let outcome = site.build();
    assert!(outcome.has_errors() && !outcome.written);
    assert!(!site.public().exists(), "a failed build writes nothing");
    let text: String = outcome
        .diagnostics
        .iter()
        .map(|d| format!("{d}\n"))
        .collect();
    expect_file("broken.txt", &text);
}

#[test]
fn every_lint_reports_its_own_problem() {
    let site = TestSite::fixture("lints");
    let outcome = pamphlet::check(&site.options());
    let text: String = outcome
        .diagnostics
        .iter()
        .map(|d| format!("{d}\n"))
        .collect();
    expect_file("lints.txt", &text);
}

#[test]
fn lint_levels_can_silence_or_promote() {
    let site = TestSite::fixture("lints");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let config = config.replace(
        "  insecure-link: error\n",
        "  insecure-link: off\n  uncited-claim: error\n  reading-level: off\n",
    );
    site.write("site.yaml", config);
    let outcome = pamphlet::check(&site.options());
    let codes = |error: bool| -> Vec<&str> {
        let mut codes: Vec<&str> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.is_error() == error)
            .map(|d| d.code)
            .collect();
        codes.dedup();
        codes
    };
    assert!(!codes(true).contains(&"insecure-link") && !codes(false).contains(&"insecure-link"));
    assert!(!codes(false).contains(&"reading-level"));
    assert!(codes(true).contains(&"uncited-claim"));
}

#[test]
fn machine_readable_diagnostics_have_every_field() {
    let site = TestSite::fixture("broken");
    let outcome = pamphlet::check(&site.options());
    let json = pamphlet::diagnostic::to_json(&outcome.diagnostics);
    for line in json.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        for field in [
            "severity", "code", "file", "line", "column", "message", "help",
        ] {
            assert!(value.get(field).is_some(), "{field} missing in {line}");
        }
    }
    assert_eq!(json.lines().count(), outcome.diagnostics.len());
}

#[test]
fn rustc_style_output_shows_the_line_and_a_caret() {
    let site = TestSite::fixture("broken");
    let outcome = pamphlet::check(&site.options());
    let mut out = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
    pamphlet::diagnostic::emit(&mut out, site.root(), &outcome.diagnostics).unwrap();
    let text = String::from_utf8(out.into_inner()).unwrap();
    let start = text
        .find("error[unknown-field]: unknown field `safety_tip`")
        .expect("diagnostic printed");
    let block: String = text[start..].lines().take(7).collect::<Vec<_>>().join("\n");
    assert_eq!(
        block,
        "error[unknown-field]: unknown field `safety_tip`\n  \
         ┌─ content/articles/unknown-field.md:3:1\n  \
         │\n\
         3 │ safety_tip:\n  \
         │ ^^^^^^^^^^^\n  \
         │\n  \
         = help: did you mean `safety_tips`?"
    );
}

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_site_byte_for_byte() {
    let site = TestSite::fixture("full");
    site.build_ok();
    let before = snapshot(&site.public());
    assert!(before.len() > 10);
    site.write(
        "content/guides/lifting.md",
        "---\ntitle: Lifting\nsafety_tip: typo\n---\nBody [@nosuch].\n",
    );
    let outcome = site.build();
    assert!(outcome.has_errors() && !outcome.written);
    assert_eq!(snapshot(&site.public()), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert!(
        !leftovers
            .iter()
            .any(|n| n.to_string_lossy().contains("staging")),
        "{leftovers:?}"
    );
}

#[test]
fn the_output_folder_may_not_be_the_site_itself() {
    let site = TestSite::fixture("full");
    for output in ["", "content", "static"] {
        let options = pamphlet::Options {
            output: Some(site.root().join(output)),
            ..site.options()
        };
        let outcome = pamphlet::build(&options);
        assert_eq!(outcome.diagnostics.len(), 1, "{output:?}");
        assert_eq!(outcome.diagnostics[0].code, "output-dir");
    }
    assert!(site.root().join("content/guides/walking.md").is_file());
}

#[test]
fn strange_files_never_panic_the_build() {
    let site = TestSite::empty();
    site.write("site.yaml", "title: Odd\n");
    let cases: &[&[u8]] = &[
        b"",
        b"---",
        b"---\n---\n",
        b"---\n:\n---\n",
        b"---\ntitle: [\n---\n",
        b"---\ntitle: A\n---\n[@",
        b"---\ntitle: A\n---\n[@]",
        b"---\ntitle: A\n---\n[@a;;]",
        b"---\ntitle: A\nkey_takeaway: \"[@\"\n---\n",
        b"---\ntitle: A\n---\n# \n## [@x]\n[x]: <>\n",
        b"\xff\xfe\x00",
        b"---\r\ntitle: A\r\n---\r\n\r\n## H\r\n",
        b"---\ntitle: A\ncomparison:\n  caption: c\n  columns: []\n  rows: [{label: x, cells: [a]}]\n---\n",
    ];
    for (i, case) in cases.iter().enumerate() {
        site.write(&format!("content/case{i}.md"), case);
    }
    let outcome = site.build();
    assert!(outcome.has_errors());
}

fn template_problem(outcome: &pamphlet::Outcome) -> &pamphlet::diagnostic::Diagnostic {
    outcome
        .diagnostics
        .iter()
        .find(|d| d.code == "template")
        .unwrap_or_else(|| panic!("no template error in {:?}", outcome.diagnostics))
}

#[test]
fn a_template_that_does_not_compile_is_pointed_at_in_its_own_file() {
    let site = TestSite::fixture("full");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.title </h1>\n{% endblock main %}\n",
    );
    let outcome = site.build();
    assert!(outcome.has_errors() && !outcome.written);
    let problem = template_problem(&outcome);
    let location = problem.location.as_ref().expect("a location");
    assert_eq!(location.file, Path::new("templates/page.html"));
    assert_eq!(location.line, 3, "{problem}");
    assert!(problem.help.is_some());
}

#[test]
fn a_template_that_prints_a_missing_field_says_where() {
    let site = TestSite::fixture("full");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1>{{ page.titel }}</h1>\n{% endblock main %}\n",
    );
    let outcome = site.build();
    assert!(outcome.has_errors() && !outcome.written);
    let problem = template_problem(&outcome).to_string();
    assert!(problem.contains("page.html:3:"), "{problem}");
    assert!(problem.contains("titel"), "{problem}");
}

/// A small clean site to break one thing in at a time.
fn one_mistake_site() -> TestSite {
    let site = TestSite::empty();
    site.write(
        "site.yaml",
        "title: T\nowner: {name: O}\ndisclaimer: General information only.\n",
    );
    site.write(
        "content/sources.yaml",
        "a:\n  kind: guideline\n  title: A guide\n  year: 2020\n",
    );
    site.write(
        "content/other.md",
        "---\ntitle: Other\nreviewed: 2026-06-01\nreviewed_by: [A. Patel]\ntags: [walking]\n---\nSee [the article](article.md). Walk daily [@a].\n",
    );
    site
}

fn problems(site: &TestSite) -> Vec<String> {
    let outcome = site.build();
    outcome
        .diagnostics
        .iter()
        .filter(|d| d.is_error() || d.is_warning())
        .map(|d| d.to_string().lines().next().unwrap().to_string())
        .collect()
}

#[test]
fn every_problem_of_a_file_shows_in_one_run_at_its_own_place() {
    let site = one_mistake_site();
    site.write(
        "content/article.md",
        "---\ntitle: Walking\nsafety_tip: Go slowly.\nreviewed: 2026-13-01\nreviewed_by: [A. Patel]\nsafety_tips:\n  - Warm up first. [@a]\n  - Warm up first. Then stretch.\n---\nWalk [@nosuch]. See [gone](gone.md).\n",
    );
    assert_eq!(
        problems(&site),
        [
            "error[unknown-field]: content/article.md:3:1: unknown field `safety_tip`",
            "error[yaml]: content/article.md:4:11: reviewed: `2026-13-01` is not a date: write it as YYYY-MM-DD, for example 2026-02-17",
            "warning[uncited-claim]: content/article.md:8:5: this safety tip cites no source",
            "error[unknown-source]: content/article.md:10:7: no source is called `nosuch`",
            "error[broken-link]: content/article.md:10:21: there is no page content/gone.md",
        ]
    );
}

#[test]
fn a_missing_closing_quote_is_reported_where_the_quote_opens() {
    let site = one_mistake_site();
    site.write(
        "content/article.md",
        "---\ntitle: \"Walking\nsummary: Walk more.\nreviewed: 2026-06-01\nreviewed_by: [A. Patel]\n---\nBody.\n",
    );
    // One error, at 2:8; the page linking to this one is not broken.
    assert_eq!(
        problems(&site),
        ["error[yaml-syntax]: content/article.md:2:8: this value opens a quote (\") that never closes"]
    );
}

#[test]
fn a_citation_in_a_summary_is_one_error() {
    let site = one_mistake_site();
    site.write(
        "content/article.md",
        "---\ntitle: Walking\nsummary: Walking helps [@a].\ntags: [walking]\nreviewed: 2026-06-01\nreviewed_by: [A. Patel]\n---\nWalk daily [@a].\n",
    );
    assert_eq!(
        problems(&site),
        ["error[citation-in-summary]: content/article.md:3:25: the summary cannot cite sources"]
    );
}
