//! The default theme, compiled into the binary.
//!
//! The repository's own `templates/` and `static/` are embedded here, so
//! `pamphlet build` works on a site folder that has only `content/`. A file
//! of the same name in a site's `templates/` or `static/` overrides the
//! built-in one, and new names add to them.

use std::path::Path;

use tera::{Kwargs, State, Tera};
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;

macro_rules! embed {
    ($dir:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../", $dir, "/", $name)))),*]
    };
}

/// Built-in templates, by name.
pub const TEMPLATES: &[(&str, &[u8])] = embed!("templates":
    "base.html", "components.html", "page.html", "index.html", "section.html",
    "tag.html", "tags.html", "bibliography.html", "plan.html", "404.html",
    "search.html",
);

/// Built-in static files, by path below `static/`.
pub const STATIC: &[(&str, &[u8])] = embed!("static": "style.css", "plan.js", "search.js");

/// The compiled templates, and what they read that is costly to provide.
pub struct Theme {
    pub tera: Tera,
    /// Whether any template mentions `backlinks`, the per-citation data
    /// behind `backlinks_html`. Filling it for every source of every page
    /// costs more than some whole pages do, and the default theme does
    /// without it.
    pub reads_backlinks: bool,
}

/// Compiles the built-in templates with the site's own on top.
pub fn templates(root: &Path) -> Result<Theme, Vec<Diagnostic>> {
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
    tera.autoescape_on([".html", ".xml"]);
    // Tera's own escaping also turns `/` into `&#x2F;`, which makes every
    // link in the output unreadable; quotes, `<`, `>` and `&` are enough.
    tera.set_escape_fn(crate::cite::write_escaped);
    // Page URLs stay decoded in the context, as everywhere in the build
    // (href.rs); `{{ url | href }}` percent-encodes one for an attribute,
    // so template links are encoded once, as Markdown links are.
    tera.register_filter("href", |url: &str, _: Kwargs, _: &State| {
        crate::href::encode_path(url)
    });
    let raw = named.iter().map(|(n, t, _)| (n.as_str(), t.as_str()));
    tera.add_raw_templates(raw)
        .map_err(|error| vec![template_error(&error, &named)])?;
    let reads_backlinks = named.iter().any(|(_, text, _)| mentions(text, "backlinks"));
    Ok(Theme {
        tera,
        reads_backlinks,
    })
}

/// Whether `text` has `name` as a whole word (not as part of a longer
/// name such as `backlinks_html`). Comments count: a false "yes" only
/// costs time, a false "no" would hide data from a template.
fn mentions(text: &str, name: &str) -> bool {
    let is_name_byte = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].bytes().next_back();
        let after = text[at + name.len()..].bytes().next();
        !before.is_some_and(is_name_byte) && !after.is_some_and(is_name_byte)
    })
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

/// A template that does not compile, pointed at in its own file.
fn template_error(error: &tera::Error, named: &[(String, String, String)]) -> Diagnostic {
    let diagnostic = Diagnostic::error("template", describe(error))
        .help("fix the template syntax; Tera's documentation lists what templates can use");
    let origin = |name: &str| named.iter().find(|(n, _, _)| n == name).map(|(_, _, o)| o);
    match located(error) {
        Some((name, line, column)) => match origin(name) {
            Some(origin) => diagnostic.at(origin, line, column),
            None => diagnostic,
        },
        None => diagnostic.in_file("templates/"),
    }
}

/// The template and 1-based line and column that an error points at.
pub fn located(error: &tera::Error) -> Option<(&str, usize, usize)> {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            Some((report.filename(), span.start_line, span.start_col + 1))
        }
        _ => None,
    }
}

/// What went wrong, without Tera's drawing of the template source (the
/// diagnostic points at the place itself).
pub fn describe(error: &tera::Error) -> String {
    let mut text = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            report.message().to_string()
        }
        _ => error.to_string(),
    };
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::mentions;

    #[test]
    fn a_name_is_mentioned_only_as_a_whole_word() {
        assert!(mentions("{% for b in s.backlinks %}", "backlinks"));
        assert!(mentions("{{ s[\"backlinks\"] | length }}", "backlinks"));
        assert!(!mentions("{{ s.backlinks_html | safe }}", "backlinks"));
        assert!(!mentions("{{ s.my_backlinks }}", "backlinks"));
        assert!(mentions(
            "{{ s.backlinks_html }} {{ s.backlinks }}",
            "backlinks"
        ));
    }

    #[test]
    fn the_default_theme_does_not_read_backlinks() {
        let root = tempfile::tempdir().unwrap();
        let theme = super::templates(root.path()).unwrap_or_else(|_| panic!("built-in templates"));
        assert!(!theme.reads_backlinks);
    }
}
