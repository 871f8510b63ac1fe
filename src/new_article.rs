//! `pamphlet new-article content/path/name.md --title "..."`: a new article
//! with every front-matter section laid out.
//!
//! The fields every article needs are there and empty; the optional
//! sections are there too, commented out, each with a line saying what it
//! is for, so an editor uncomments rather than looks up. `reviewed` is left
//! empty on purpose: `pamphlet check` warns about the article until a
//! clinician has reviewed it and someone fills in the date and the name.

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
# Keeps the page out of `pamphlet build` (`pamphlet serve` still shows it, marked).
# draft: true
---
Start with who this page is for and what it will help them do.

## What the research says

Say what the evidence shows, in plain words, and cite each claim.

## What you can do

## Staying safe

## When to get help
"#;

/// Writes a new article at `path` (relative to `root`, inside `content/`)
/// and returns where it went. Never overwrites a file.
pub fn write(root: &Path, path: &Path, title: &str) -> io::Result<PathBuf> {
    let file = root.join(content_path(path)?);
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

/// The whole text of a new article called `title`.
pub fn article(title: &str) -> String {
    // A JSON string is a valid YAML double-quoted scalar, so any title,
    // colons, quotes and `[@` included, reads back as itself.
    let title = serde_json::to_string(title).unwrap_or_default();
    format!("---\ntitle: {title}\n{SKELETON}")
}

/// `path` checked to be a Markdown file below `content/`, written the way
/// the command line shows it (`content/...`).
fn content_path(path: &Path) -> io::Result<PathBuf> {
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
                "{} is not a Markdown file inside content/; write it like content/articles/name.md",
                path.display()
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
            assert!(content_path(Path::new(good)).is_ok(), "{good}");
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
            assert!(content_path(Path::new(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
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
