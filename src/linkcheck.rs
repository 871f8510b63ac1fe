//! The last check of a build: every relative link and `#anchor` on every
//! written page lands on a file and an element that exist. It reads the
//! written HTML (never changes it), so links that templates add are
//! checked as well as those in content.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::Diagnostic;
use crate::diagnostic::Location;
use crate::render::Rendered;
use crate::resolve::Site;

/// Ids a page defines and links it makes, for the final link check.
#[derive(Default)]
pub struct PageLinks {
    pub ids: HashSet<String>,
    pub hrefs: Vec<String>,
    /// Links written in content to `page#fragment`, with where they are.
    pub anchors: Vec<(String, String, Location)>,
}

impl PageLinks {
    /// What the final link check needs of a written page: its ids, and
    /// each relative href once (external ones and those `checked` where
    /// they were written are left out).
    pub fn of(html: &str, checked: &HashSet<String>) -> PageLinks {
        let found = scan_links(html);
        let mut seen = HashSet::new();
        let hrefs = found
            .hrefs
            .into_iter()
            .filter(|href| !is_external(href) && !checked.contains(href))
            .filter(|href| seen.insert(href.clone()))
            .collect();
        PageLinks {
            ids: found.ids,
            hrefs,
            anchors: Vec::new(),
        }
    }
}

/// Ids and hrefs in a written page, read (never changed) for link checks.
pub struct Found {
    pub ids: HashSet<String>,
    pub hrefs: Vec<String>,
}

pub fn scan_links(html: &str) -> Found {
    let bytes = html.as_bytes();
    let mut found = Found {
        ids: HashSet::new(),
        hrefs: Vec::new(),
    };
    // One pass over the page for both attributes; values never hold `"`
    // (templates and Markdown escape it), so `="` starts a value.
    for at in memchr::memmem::find_iter(bytes, b"=\"") {
        let start = at + 2;
        let Some(length) = memchr::memchr(b'"', &bytes[start..]) else {
            break;
        };
        let value = &html[start..start + length];
        let name = &bytes[..at];
        if name.ends_with(b" id") {
            found.ids.insert(unescape(value));
        } else if name.ends_with(b" href") {
            found.hrefs.push(unescape(value));
        }
    }
    found
}

/// Undoes [`cite::escape`], the only escaping the templates use.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every output path, so links can be checked against what exists.
pub fn output_files(site: &Site<'_>, rendered: &[Rendered]) -> HashSet<String> {
    let mut files: HashSet<String> = rendered.iter().map(|r| r.url.clone()).collect();
    files.extend(site.output_paths().into_iter().map(String::from));
    files.extend(
        crate::theme::STATIC
            .iter()
            .map(|(name, _)| name.to_string()),
    );
    files.extend(
        crate::theme::site_files(&site.loaded.root, "static")
            .into_iter()
            .map(|(name, _)| name),
    );
    files
}

/// Every relative link and `#anchor` on every page lands somewhere.
pub fn check_links(
    site: &Site<'_>,
    rendered: &[Rendered],
    files: HashSet<String>,
) -> Vec<Diagnostic> {
    let ids: HashMap<&str, &HashSet<String>> = rendered
        .iter()
        .map(|r| (r.url.as_str(), &r.links.ids))
        .collect();
    let mut out = Vec::new();
    for page in rendered {
        for (url, fragment, location) in &page.links.anchors {
            if ids
                .get(url.as_str())
                .is_some_and(|set| !set.contains(fragment))
            {
                out.push(
                    Diagnostic::error(
                        "broken-anchor",
                        format!("there is no heading `#{fragment}` on {url}"),
                    )
                    .at_location(location.clone())
                    .help("link to a heading's id: its text in lowercase with spaces as hyphens"),
                );
            }
        }
        for href in &page.links.hrefs {
            if is_external(href) {
                continue;
            }
            let (path, fragment) = href
                .split_once('#')
                .map_or((href.as_str(), None), |(p, f)| (p, Some(f)));
            let path = path.split('?').next().unwrap_or_default();
            let target = if path.is_empty() {
                page.url.clone()
            } else {
                join_relative(&page.url, path)
            };
            let exists = files.contains(&target);
            let anchored = match fragment {
                Some(f) if !f.is_empty() => {
                    ids.get(target.as_str()).is_none_or(|set| set.contains(f))
                }
                _ => true,
            };
            if !exists || !anchored {
                let source = site
                    .pages
                    .iter()
                    .find(|p| p.url == page.url)
                    .map(|p| p.file.path.clone());
                let diagnostic = Diagnostic::error(
                    "broken-link",
                    format!("{} links to `{href}`, which does not exist", page.url),
                )
                .help(
                    "if the link comes from a template, fix the template; otherwise fix the page",
                );
                out.push(match source {
                    Some(file) => diagnostic.in_file(file),
                    None => diagnostic,
                });
            }
        }
    }
    out
}

pub fn is_external(href: &str) -> bool {
    href.starts_with("//")
        || href
            .split_once(':')
            .is_some_and(|(scheme, _)| !scheme.contains('/'))
}

/// Resolves a relative href against the page at `from`.
fn join_relative(from: &str, href: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for part in href.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            other => parts.push(other),
        }
    }
    let mut path = parts.join("/");
    if href.ends_with('/') || path.is_empty() {
        path = format!(
            "{}index.html",
            if path.is_empty() {
                String::new()
            } else {
                format!("{path}/")
            }
        );
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_resolve_against_the_page() {
        assert_eq!(
            join_relative("articles/a/index.html", "../b/index.html"),
            "articles/b/index.html"
        );
        assert_eq!(
            join_relative("articles/a/index.html", "../../style.css"),
            "style.css"
        );
        assert_eq!(join_relative("index.html", "tags/"), "tags/index.html");
        assert!(is_external("https://x.org") && is_external("mailto:a@b"));
        assert!(!is_external("../a/index.html#x:y"));
    }

    #[test]
    fn scanning_reads_ids_and_hrefs() {
        let found =
            scan_links("<h2 id=\"a\">x</h2> <a href=\"b.html?x=1&amp;y=2\" data-id=\"no\">");
        assert!(found.ids.contains("a") && found.ids.len() == 1);
        assert_eq!(found.hrefs, ["b.html?x=1&y=2"]);
    }
}
