//! The default theme, compiled into the binary.
//!
//! The repository's own `templates/` and `static/` are embedded here, so
//! `pamphlet build` works on a site folder that has only `content/`. A file
//! of the same name in a site's `templates/` or `static/` overrides the
//! built-in one, and new names add to them.

use std::path::Path;

use tera::Tera;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;

macro_rules! embed {
    ($dir:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../", $dir, "/", $name)))),*]
    };
}

/// Built-in templates, by name.
pub const TEMPLATES: &[(&str, &[u8])] = embed!("templates":
    "base.html", "macros.html", "page.html", "index.html", "section.html",
    "tag.html", "tags.html", "bibliography.html", "plan.html", "404.html",
    "search.html",
);

/// Built-in static files, by path below `static/`.
pub const STATIC: &[(&str, &[u8])] = embed!("static": "style.css", "plan.js", "search.js");

/// Compiles the built-in templates with the site's own on top.
pub fn templates(root: &Path) -> Result<Tera, Vec<Diagnostic>> {
    let mut named: Vec<(String, String, String)> = TEMPLATES
        .iter()
        .map(|(name, bytes)| {
            let text = String::from_utf8_lossy(bytes).into_owned();
            (
                name.to_string(),
                text,
                format!("(built-in) templates/{name}"),
            )
        })
        .collect();
    let mut problems = Vec::new();
    for (name, path) in site_files(root, "templates") {
        match crate::load::read_text(root, &path) {
            Ok(text) => {
                named.retain(|(n, _, _)| n != &name);
                named.push((name, text, path.display().to_string()));
            }
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's own escaping also turns `/` into `&#x2F;`, which makes every
    // link in the output unreadable; quotes, `<`, `>` and `&` are enough.
    tera.set_escape_fn(crate::cite::escape);
    let raw: Vec<(&str, &str)> = named
        .iter()
        .map(|(n, t, _)| (n.as_str(), t.as_str()))
        .collect();
    tera.add_raw_templates(raw).map_err(|error| {
        let culprit = named
            .iter()
            .find(|(name, _, _)| error.to_string().contains(&format!("'{name}'")));
        let where_ = culprit.map_or("templates/".to_string(), |(_, _, origin)| origin.clone());
        vec![
            Diagnostic::error("template", format!("{where_}: {}", describe(&error)))
                .help("fix the template syntax; Tera's documentation lists what templates can use"),
        ]
    })?;
    Ok(tera)
}

/// Files in a site folder such as `templates/`, by their path below it.
pub fn site_files(root: &Path, folder: &str) -> Vec<(String, std::path::PathBuf)> {
    let base = root.join(folder);
    WalkDir::new(&base)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let name = e
                .path()
                .strip_prefix(&base)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            let relative = e.path().strip_prefix(root).ok()?.to_path_buf();
            Some((name, relative))
        })
        .collect()
}

/// Tera hides the useful part of an error in its chain of causes.
pub fn describe(error: &tera::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
