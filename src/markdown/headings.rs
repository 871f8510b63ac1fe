//! Heading ids that never clash: with each other, with the ids the theme
//! writes, or with those of citations and sources. An id the editor writes
//! (`## Title {#id}`) that is taken is an error; a generated one steps
//! aside (`-1`, `-2`, or `section-` before a theme prefix).

use std::collections::HashSet;

/// Ids the default theme writes on every page or on its generated pages;
/// a heading never takes one of them. A unit test keeps this list in step
/// with the templates.
pub const RESERVED_IDS: &[&str] = &[
    "main",
    "contents",
    "key-takeaway",
    "when-to-get-help",
    "do-and-dont",
    "questions",
    "bottom-line",
    "evidence",
    "exercise-types",
    "safety-tips",
    "comparison",
    "sources",
    "tags",
    "related-heading",
    "site-search-query",
    "search-form",
    "search-help",
    "search-more",
    "search-query",
    "search-results",
    "search-status",
    "search-suggestions",
];

/// Prefixes of ids that citations (`cite-1a`), source entries (`src-1`)
/// and the plan builder (`plan-form`) write.
pub const RESERVED_PREFIXES: &[&str] = &["cite-", "src-", "plan-"];

/// Why an id is not free, if it is not.
fn taken_because(used: &HashSet<String>, id: &str) -> Option<String> {
    if let Some(prefix) = RESERVED_PREFIXES.iter().find(|p| id.starts_with(*p)) {
        return Some(format!(
            "ids starting with `{prefix}` belong to citations, sources and the plan builder"
        ));
    }
    if RESERVED_IDS.contains(&id) {
        return Some("the page's own layout uses it".to_string());
    }
    used.contains(id)
        .then(|| "another heading on this page already has it".to_string())
}

/// Unique heading ids within one page.
#[derive(Default)]
pub struct HeadingIds {
    used: HashSet<String>,
}

impl HeadingIds {
    pub fn new() -> HeadingIds {
        HeadingIds::default()
    }

    /// GitHub-style slug of the heading text, made unique with `-1`, `-2`.
    pub(super) fn claim(&mut self, text: &str) -> String {
        let mut base = slug(text);
        let theirs = RESERVED_PREFIXES
            .iter()
            .any(|prefix| base.starts_with(prefix));
        if base.is_empty() || theirs {
            base = format!("section-{base}").trim_end_matches('-').to_string();
        }
        let mut id = base.clone();
        let mut n = 0;
        while taken_because(&self.used, &id).is_some() {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.used.insert(id.clone());
        id
    }

    /// An id the editor wrote: taken as it is, or `Err` saying who has it.
    pub(super) fn claim_written(&mut self, id: &str) -> Result<(), String> {
        match taken_because(&self.used, id) {
            Some(why) => Err(why),
            None => {
                self.used.insert(id.to_string());
                Ok(())
            }
        }
    }
}

/// Lowercase, letters and digits kept, spaces and hyphens to `-`, all other
/// punctuation dropped: what GitHub and most Markdown previews do, so an
/// editor's `file.md#what-to-avoid` works in both places.
pub fn slug(text: &str) -> String {
    let text = text.trim();
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if c.is_alphanumeric() || c == '_' => slug.push(c.to_lowercase().next().unwrap_or(c)),
            ' ' | '-' => slug.push('-'),
            _ => {}
        }
    }
    slug
}

/// Heading attributes (`{.class key=value}`) that are passed on as they
/// are: the language and direction of a heading in another script. Any
/// other attribute could carry script (`onclick`) or break the theme.
pub const KEPT_ATTRIBUTES: &[&str] = &["lang", "dir"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_ids_clash_with_the_theme_citations_and_each_other() {
        let mut ids = HeadingIds::new();
        assert!(ids.claim_written("x").is_ok());
        assert!(ids.claim_written("x").is_err());
        for taken in ["sources", "src-1", "cite-1a", "plan-form", "main"] {
            assert!(ids.claim_written(taken).is_err(), "{taken}");
        }
        assert_eq!(ids.claim("x"), "x-1");
        assert_eq!(ids.claim("Sources"), "sources-1");
        assert_eq!(ids.claim("Src 1"), "section-src-1");
    }

    /// Every literal id the default theme writes is one headings avoid.
    #[test]
    fn reserved_ids_cover_the_theme() {
        for (name, bytes) in crate::theme::TEMPLATES {
            let text = String::from_utf8_lossy(bytes);
            for (at, _) in text.match_indices(" id=\"") {
                let value = &text[at + 5..];
                let id = &value[..value.find('"').unwrap_or(0)];
                if id.is_empty() || id.contains('{') {
                    continue;
                }
                assert!(
                    taken_because(&HashSet::new(), id).is_some(),
                    "{name} writes id=\"{id}\", which a heading could take"
                );
            }
        }
    }
}
