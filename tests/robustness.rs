//! No input, however malformed, panics the loader or the renderer.
//! Property tests with proptest; the cheap ones run 10,000 cases each.

use std::path::Path;

use pamphlet::cite::Numbering;
use pamphlet::markdown::{self, HeadingIds, Links, Mode, Rewritten};
use pamphlet::model::FrontMatter;
use pamphlet::yaml::Block;
use proptest::prelude::*;

struct AnyLinks;

impl Links for AnyLinks {
    fn rewrite(&self, dest: &str) -> Result<Option<Rewritten>, String> {
        match dest.len() % 3 {
            0 => Ok(None),
            1 => Ok(Some(Rewritten {
                href: format!("../{dest}"),
                anchor: Some(("x/index.html".into(), dest.into())),
            })),
            _ => Err(format!("no page {dest}")),
        }
    }
}

/// Text built from the characters that matter to citations and Markdown.
fn markdownish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("[@".to_string()),
            Just("]".to_string()),
            Just("[".to_string()),
            Just("@a".to_string()),
            Just("; ".to_string()),
            Just(", p. 4".to_string()),
            Just("\\".to_string()),
            Just("`".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("# ".to_string()),
            Just("## ".to_string()),
            Just("*".to_string()),
            Just("<b>".to_string()),
            Just("](x.md#y)".to_string()),
            Just("![".to_string()),
            Just("[^1]".to_string()),
            Just("[^1]: ".to_string()),
            Just("| a | b |\n|---|---|\n".to_string()),
            Just("- [x] ".to_string()),
            Just("    ".to_string()),
            Just("é".to_string()),
            "[a-z ]{0,8}",
            any::<char>().prop_map(String::from),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn markdown_never_panics(text in markdownish(), raw_html in any::<bool>(), inline in any::<bool>()) {
        let mode = if inline { Mode::Inline } else { Mode::Block };
        let mut ids = HeadingIds::new();
        let parsed = markdown::parse(&text, mode, raw_html, &AnyLinks, Some(&mut ids));
        for problem in &parsed.problems {
            prop_assert!(problem.offset <= text.len());
        }
        let html = parsed.render(&mut Numbering::default());
        prop_assert!(raw_html || !html.contains("<b>"));
    }

    #[test]
    fn front_matter_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(split) = pamphlet::load::split_front_matter(&text) {
            let block = Block { text: &text[split.yaml], file: Path::new("a.md"), line_offset: 1 };
            let _ = block.parse::<FrontMatter>(FrontMatter::FIELDS);
        }
    }

    #[test]
    fn yaml_shaped_front_matter_never_panics(text in "(title|tags|sources|comparison|safety_tips|reviewed|x)(: |:\n  - |:\n  a:\n    )(\\[@a\\]|\"|'|\\{|\\[|-|2026-02-30|[a-z ]{0,6}|\n){0,12}") {
        let block = Block { text: &text, file: Path::new("a.md"), line_offset: 1 };
        if let Err(problems) = block.parse::<FrontMatter>(FrontMatter::FIELDS) {
            prop_assert!(!problems.is_empty());
            for problem in problems {
                prop_assert!(problem.location.is_some());
            }
        }
    }
}

const FRONT_MATTERS: &[&str] = &[
    "title: A",
    "title: [",
    "summary: no title",
    "title: A\ntags: 3",
    "title: A\nkey_takeaway: \"[@a]\"",
    "title: A\nkey_takeaway: \"[@a\"\nsources: {a: {title: T}}",
    "title: A\nslug: ../x",
    "title: A\ncomparison: {caption: c, columns: [a], rows: [{label: l, cells: []}]}",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn whole_builds_never_panic(body in markdownish(), front in prop::sample::select(FRONT_MATTERS)) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), "title: Fuzz\n").unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        std::fs::write(dir.path().join("content/a.md"), format!("---\n{front}\n---\n{body}")).unwrap();
        std::fs::write(dir.path().join("content/b.md"), format!("---\ntitle: B\n---\n[a](a.md#x) {body}")).unwrap();
        let _ = pamphlet::check(&pamphlet::Options::new(dir.path()));
    }
}
