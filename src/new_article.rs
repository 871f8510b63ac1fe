//! `pamphlet new-article content/path/name.md --title "..."`: a new article
//! with every front-matter section laid out.
//!
//! The fields every article needs are there and empty; the optional
//! sections are there too, commented out, each with a line saying what it
//! is for, so an editor uncomments rather than looks up. The article starts
//! as a draft, so a half-written page is never published; once `draft:` is
//! gone, the scaffold's placeholder sentences are an error
//! ([`placeholder`]). `reviewed` is left empty on purpose: `pamphlet check`
//! warns about the article until a clinician has reviewed it.
//!
//! The path may start anywhere: `mysite/content/articles/x.md` writes into
//! the site `mysite` (the folder above `content/` that holds `site.yaml`).

use std::fs::OpenOptions;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

/// The front matter after the title, and the body.
const SKELETON: &str = r#"# One or two sentences for listings and search results; no citations here.
summary:
# The one message a reader must leave with; cite it: "Text. [@key]"
key_takeaway:
# Two to four lowercase topics, e.g. [balance, falls].
tags: []
# Left empty until a clinician has reviewed the page: `pamphlet check` warns till then.
reviewed:
# Who reviewed it, with their role, e.g. ["A. Patel, physiotherapist"].
reviewed_by: []
# What the research found, one row per outcome; certainty is high, moderate, low or very-low.
# evidence_summary:
#   - outcome: Falls
#     finding: "What the research found. [@key]"
#     certainty: moderate
# Kinds of exercise, with everyday examples and what each does for the reader.
# exercise_types:
#   - name: Balance exercises
#     examples:
#       - standing on one leg while holding a worktop
#     benefit: "What it does for the reader. [@key]"
# Short safety points, each cited.
# safety_tips:
#   - "A safety point. [@key]"
# A table comparing options; every row has as many cells as there are columns.
# comparison:
#   caption: What the table shows
#   columns: [First option, Second option]
#   rows:
#     - label: What is compared
#       cells: ["About the first [@key]", "About the second [@key]"]
# Sources only this page cites; shared ones belong in content/sources.yaml.
# sources:
#   key:
#     kind: systematic-review
#     title: The title as published
#     year: 2024
# When and where to get help, NHS-style; urgency is non-urgent, urgent or emergency.
# when_to_get_help:
#   - urgency: urgent
#     action: "Ask for an urgent GP appointment or call 111 if:"
#     signs:
#       - "A sign that needs help soon. [@key]"
# Short lists of things to do and not to do, each cited.
# do:
#   - "Something to do. [@key]"
# dont:
#   - "Something to avoid. [@key]"
# Questions readers ask, with short cited answers.
# questions:
#   - question: A question readers ask?
#     answer: "A short answer. [@key]"
# The page in one or two sentences, shown near the end.
# bottom_line: "The main point again. [@key]"
# Who wrote it, and when it was first published and last updated.
# author: [Your name, your role]
# published: 2026-01-31
# updated: 2026-01-31
# A picture at the top (also shown in link previews), beside this file or below it.
# image:
#   file: images/picture.jpg
#   alt: What the picture shows, for readers who cannot see it
#   caption: A caption
# Keeps the page out of `pamphlet build` until it is ready (`pamphlet serve` shows
# it, marked). Remove this line when the page is written and reviewed.
draft: true
---
Start with who this page is for and what it will help them do.

## What the research says

Say what the evidence shows, in plain words, and cite each claim.

## What you can do

## Staying safe
"#;

/// Sentences of the scaffold that an editor replaces. Published, they
/// would tell readers nothing.
const PLACEHOLDERS: [&str; 2] = [
    "Start with who this page is for and what it will help them do.",
    "Say what the evidence shows, in plain words, and cite each claim.",
];

/// Where in `text` (a page's whole file) a placeholder sentence of the
/// scaffold is left, as a byte offset, and which sentence.
pub fn placeholder(text: &str) -> Option<(usize, &'static str)> {
    PLACEHOLDERS
        .iter()
        .find_map(|sentence| text.find(sentence).map(|at| (at, *sentence)))
}

/// Writes a new article at `path` and returns where it went. Never
/// overwrites a file. `path` is inside `content/` of the site at `root`,
/// or leads to one: `mysite/content/a.md` is the site `root/mysite`.
pub fn write(root: &Path, path: &Path, title: &str) -> io::Result<PathBuf> {
    let (site, inside) = locate(root, path)?;
    let file = site.join(inside);
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent)?;
    }
    // `create_new` checks and creates in one step, so two runs cannot both
    // think the name is free.
    let mut out = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&file)
        .map_err(|error| match error.kind() {
            io::ErrorKind::AlreadyExists => io::Error::new(
                error.kind(),
                format!("{} already exists; choose another name", file.display()),
            ),
            _ => error,
        })?;
    out.write_all(article(title).as_bytes())?;
    Ok(file)
}

/// The site folder `path` writes into, and the path inside it
/// (`content/...`). The site is `root` itself when `path` starts with
/// `content/`, else the folder before a `content` part that holds
/// `site.yaml`.
fn locate(root: &Path, path: &Path) -> io::Result<(PathBuf, PathBuf)> {
    let parts: Vec<Component> = path
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    let content = Component::Normal("content".as_ref());
    let site_at = |at: usize| root.join(parts[..at].iter().collect::<PathBuf>());
    let start = (0..parts.len())
        .rev()
        .filter(|&at| parts[at] == content)
        .find(|&at| at == 0 || site_at(at).join("site.yaml").is_file())
        .unwrap_or(0);
    let inside = content_path(&parts[start..].iter().collect::<PathBuf>(), path)?;
    let site = site_at(start);
    if !site.join("site.yaml").is_file() {
        return Err(io::Error::new(
            io::ErrorKind::NotFound,
            format!(
                "{} is not a site folder (it has no site.yaml); run this in the site folder, \
                 pass --root SITE, or give the path from where you are, e.g. mysite/content/articles/name.md",
                site.display()
            ),
        ));
    }
    Ok((site, inside))
}

/// The whole text of a new article called `title`.
pub fn article(title: &str) -> String {
    // A JSON string is a valid YAML double-quoted scalar, so any title,
    // colons, quotes and `[@` included, reads back as itself.
    let title = serde_json::to_string(title).unwrap_or_default();
    format!("---\ntitle: {title}\n{SKELETON}")
}

/// `path` checked to be a Markdown file below `content/`, written the way
/// the command line shows it (`content/...`); `given` is what the editor
/// typed, for the message.
fn content_path(path: &Path, given: &Path) -> io::Result<PathBuf> {
    let parts: Vec<Component> = path
        .components()
        .filter(|c| *c != Component::CurDir)
        .collect();
    let inside_content = parts.len() >= 2
        && parts[0] == Component::Normal("content".as_ref())
        && parts.iter().all(|c| matches!(c, Component::Normal(_)));
    let markdown = path.extension().is_some_and(|e| e == "md");
    if inside_content && markdown {
        Ok(parts.iter().collect())
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "{} is not a Markdown file inside a site's content/ folder; write it like \
                 content/articles/name.md (in the site folder, or with --root SITE)",
                given.display()
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_markdown_inside_content() {
        for good in ["content/a.md", "./content/x/y/b.md"] {
            assert!(
                content_path(Path::new(good), Path::new(good)).is_ok(),
                "{good}"
            );
        }
        for bad in [
            "a.md",
            "content",
            "content/a.txt",
            "content/../a.md",
            "content/x/../../a.md",
            "/content/a.md",
            "templates/a.md",
            "public/a.md",
        ] {
            assert!(
                content_path(Path::new(bad), Path::new(bad)).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn the_site_is_found_from_the_path_and_must_be_a_site() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("my site/content")).unwrap();
        let path = Path::new("my site/content/a/b.md");
        let error = write(dir.path(), path, "T").unwrap_err();
        assert!(error.to_string().contains("--root"), "{error}");
        std::fs::write(dir.path().join("my site/site.yaml"), "title: S\n").unwrap();
        let file = write(dir.path(), path, "T").unwrap();
        assert_eq!(file, dir.path().join("my site/content/a/b.md"));
        // A folder called content inside content/ is just a folder.
        let nested = write(dir.path(), Path::new("my site/content/content/c.md"), "T").unwrap();
        assert_eq!(nested, dir.path().join("my site/content/content/c.md"));
    }

    #[test]
    fn a_new_article_is_a_draft_with_placeholders_to_replace() {
        let text = article("T");
        assert!(text.contains("\ndraft: true\n"), "{text}");
        let (at, sentence) = placeholder(&text).unwrap();
        assert_eq!(&text[at..at + sentence.len()], sentence);
        assert_eq!(placeholder("---\ntitle: T\n---\nWritten.\n"), None);
    }

    #[test]
    fn never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), "title: S\n").unwrap();
        let path = Path::new("content/deep/er/new.md");
        let file = write(dir.path(), path, "First").unwrap();
        assert_eq!(file, dir.path().join(path));
        let error = write(dir.path(), path, "Second").unwrap_err();
        assert!(error.to_string().contains("already exists"), "{error}");
        let text = std::fs::read_to_string(file).unwrap();
        assert!(text.starts_with("---\ntitle: \"First\"\n"), "{text}");
    }

    #[test]
    fn any_title_stays_one_yaml_string() {
        let title = "Falls: \"what\" to do [@x] # now";
        let text = article(title);
        let yaml = text
            .trim_start_matches("---\n")
            .split("\n---\n")
            .next()
            .unwrap();
        let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(value["title"].as_str(), Some(title));
    }
}
