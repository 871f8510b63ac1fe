//! The last check of a build: every relative link and `#anchor` on every
//! written page lands on a file and an element that exist. It reads the
//! written HTML (never changes it), so links that templates add are
//! checked as well as those in content.
//!
//! What a page keeps for the check lives until every page is written, so
//! it is kept small: links within the page are checked as soon as the page
//! is scanned, and ids and hrefs are packed into one allocation each.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use rustc_hash::FxHashSet;

use crate::diagnostic::{Diagnostic, Location};
use crate::href;
use crate::render::Rendered;
use crate::resolve::Site;

/// Ids a page defines and links it makes, for the final link check.
#[derive(Default)]
pub struct PageLinks {
    pub ids: Ids,
    /// Relative hrefs left for the final check, each once: those to other
    /// pages and files, and links within the page that are already known
    /// to be broken (so they are reported with the rest).
    pub hrefs: Hrefs,
    /// Links written in content to `page#fragment`, with where they are.
    pub anchors: Vec<(String, String, Location)>,
}

impl PageLinks {
    /// What the final link check needs of a written page: its ids, and
    /// each relative href once. External hrefs, those `checked` where they
    /// were written, and links within the page that land are left out.
    pub fn of(html: &str, checked: &HashSet<String>) -> PageLinks {
        let found = scan_links(html);
        let ids = SortedIds::new(found.ids.iter().map(|id| &**id));
        // Each test looks at the href alone, so their order does not change
        // what is kept: the cheap ones go first. Hrefs checked where they
        // were written count as seen, so one hash set drops them and
        // repeats; `checked` itself is slower to hash.
        let mut seen = FxHashSet::with_capacity_and_hasher(
            checked.len() + found.hrefs.len(),
            Default::default(),
        );
        seen.extend(checked.iter().map(String::as_str));
        let hrefs = found
            .hrefs
            .iter()
            .map(|href| &**href)
            .filter(|href| leaves_page(href, &ids) && !href::is_external(href))
            .filter(|href| seen.insert(*href));
        PageLinks {
            hrefs: Hrefs(Packed::new(hrefs)),
            ids: Ids::new(&ids),
            anchors: Vec::new(),
        }
    }
}

/// Whether an href goes to another page, or to a fragment this page lacks:
/// links within the page that land need no further check.
fn leaves_page(href: &str, ids: &SortedIds<'_>) -> bool {
    // Only an href that is empty or starts with `?` or `#` has no path.
    let fragment = match href.as_bytes().first() {
        Some(b'#' | b'?') => href.split_once('#').map(|(_, fragment)| fragment),
        Some(_) => return true,
        None => None,
    };
    fragment.is_some_and(|fragment| !fragment.is_empty() && !ids.contains(&href::decode(fragment)))
}

/// Strings end to end in one allocation, with where each one ends: a page
/// keeps dozens of short ids and hrefs, and a `String` for each would cost
/// more in headers and allocator rounding than the text itself.
#[derive(Default)]
struct Packed {
    text: Box<str>,
    ends: Box<[usize]>,
}

impl Packed {
    fn new<'a>(strings: impl IntoIterator<Item = &'a str>) -> Packed {
        let strings: Vec<&str> = strings.into_iter().collect();
        // Sized first, so nothing is copied as it grows or shrinks to fit.
        let mut text = String::with_capacity(strings.iter().map(|s| s.len()).sum());
        let mut ends = Vec::with_capacity(strings.len());
        for string in strings {
            text.push_str(string);
            ends.push(text.len());
        }
        Packed {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn get(&self, index: usize) -> &str {
        let start = index.checked_sub(1).map_or(0, |i| self.ends[i]);
        &self.text[start..self.ends[index]]
    }

    fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|index| self.get(index))
    }
}

/// A page's ids while it is scanned, sorted and deduplicated, each with
/// its first eight bytes read as a number: numbers order ids as their text
/// does, so sorting them and looking up the page's many `#fragment` links
/// mostly compares numbers, not text.
struct SortedIds<'a>(Vec<(u64, &'a str)>);

impl<'a> SortedIds<'a> {
    fn new(ids: impl Iterator<Item = &'a str>) -> SortedIds<'a> {
        let mut ids: Vec<_> = ids.map(|id| (prefix(id), id)).collect();
        ids.sort_unstable();
        ids.dedup();
        SortedIds(ids)
    }

    fn contains(&self, id: &str) -> bool {
        let key = prefix(id);
        let start = self.0.partition_point(|&(other, _)| other < key);
        self.0[start..]
            .iter()
            .take_while(|&&(other, _)| other == key)
            // Texts of up to eight bytes with the same number are the same
            // if their lengths are.
            .any(|&(_, other)| other.len() == id.len() && (id.len() <= 8 || other == id))
    }
}

/// The first eight bytes of `text` (padded with zeros) as a number; a
/// smaller number means `text` sorts first.
fn prefix(text: &str) -> u64 {
    let mut bytes = [0; 8];
    let length = text.len().min(8);
    bytes[..length].copy_from_slice(&text.as_bytes()[..length]);
    u64::from_be_bytes(bytes)
}

/// The ids a page defines, sorted and packed; looked up only for links to
/// a fragment of another page, which are few.
#[derive(Default)]
pub struct Ids(Packed);

impl Ids {
    fn new(ids: &SortedIds<'_>) -> Ids {
        Ids(Packed::new(ids.0.iter().map(|&(_, id)| id)))
    }

    pub fn contains(&self, id: &str) -> bool {
        let (mut low, mut high) = (0, self.0.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.0.get(middle).cmp(id) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

/// The relative hrefs a page leaves for the final check, in page order.
#[derive(Default)]
pub struct Hrefs(Packed);

impl Hrefs {
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter()
    }
}

/// Ids and hrefs in a written page, read (never changed) for link checks;
/// a value is copied only if it needs unescaping.
pub struct Found<'a> {
    pub ids: Vec<Cow<'a, str>>,
    pub hrefs: Vec<Cow<'a, str>>,
}

pub fn scan_links(html: &str) -> Found<'_> {
    let bytes = html.as_bytes();
    // Room for more than the one href in 200 bytes and the one id in 500
    // bytes that pages have, so the lists are not copied as they grow.
    let mut found = Found {
        ids: Vec::with_capacity(html.len() / 256),
        hrefs: Vec::with_capacity(html.len() / 128),
    };
    // One pass over the page for both attributes; values never hold `"`
    // (templates and Markdown escape it), so `="` starts a value. `=` is
    // the rarest byte in both, so it is what the pass looks for.
    for at in memchr::memchr_iter(b'=', bytes) {
        if bytes.get(at + 1) != Some(&b'"') {
            continue;
        }
        let name = &bytes[..at];
        let values = match name.last() {
            Some(b'd') if name.ends_with(b" id") => &mut found.ids,
            Some(b'f') if name.ends_with(b" href") => &mut found.hrefs,
            _ => continue,
        };
        // No `"` after a `="` means no `="` after it either.
        let Some(value) = value_at(html, at + 2) else {
            break;
        };
        values.push(value);
    }
    found
}

/// The attribute value that starts at `start`, unescaped; `None` if it
/// never ends.
fn value_at(html: &str, start: usize) -> Option<Cow<'_, str>> {
    let rest = &html.as_bytes()[start..];
    // Most values hold no entity: one search finds where they end.
    let stop = memchr::memchr2(b'"', b'&', rest)?;
    if rest[stop] == b'"' {
        return Some(Cow::Borrowed(&html[start..start + stop]));
    }
    let length = stop + memchr::memchr(b'"', &rest[stop..])?;
    Some(Cow::Owned(unescape(&html[start..start + length])))
}

/// Undoes [`cite::escape`], the only escaping the templates use.
fn unescape(text: &str) -> String {
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
///
/// `fresh` says which pages this build rendered. The others' links to
/// files were checked when they were rendered, and the set of files has not
/// changed since (a build that changes it renders everything), so only their
/// `#fragment` links, whose targets may have been rendered again, are.
pub fn check_links(
    site: &Site<'_>,
    rendered: &[Rendered],
    files: HashSet<String>,
    fresh: &(dyn Fn(&str) -> bool + Sync),
) -> Vec<Diagnostic> {
    let ids: HashMap<&str, &Ids> = rendered
        .iter()
        .map(|r| (r.url.as_str(), &r.links.ids))
        .collect();
    // The file each content page comes from, found once: a search of
    // every page per broken link grows with the square of the site.
    let mut files_of: HashMap<&str, &std::path::PathBuf> = HashMap::new();
    for page in &site.pages {
        // The first, should two pages share a URL (reported elsewhere).
        files_of.entry(&page.url).or_insert(&page.file.path);
    }
    // Pages are checked in parallel; the caller sorts what is found.
    let check = |page: &Rendered| {
        let mut out = Vec::new();
        let fresh = fresh(&page.url);
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
        for href in page.links.hrefs.iter() {
            // `PageLinks::of` kept hrefs that stay in the site.
            let Some(target) = href::resolve(&page.url, href) else {
                continue;
            };
            let fragment = target.fragment.as_deref().filter(|f| !f.is_empty());
            if !fresh && fragment.is_none() {
                continue;
            }
            let mut path = target.path;
            if path.is_empty() || path.ends_with('/') {
                path.push_str("index.html");
            }
            let exists = files.contains(&path);
            let anchored =
                fragment.is_none_or(|f| ids.get(path.as_str()).is_none_or(|set| set.contains(f)));
            if !exists || !anchored {
                let source = files_of.get(page.url.as_str()).map(|&path| path.clone());
                let diagnostic = Diagnostic::error(
                    "broken-link",
                    // Decoded, as the editor wrote the name.
                    format!(
                        "{} links to `{}`, which does not exist",
                        page.url,
                        href::decode(href)
                    ),
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
        out
    };
    rendered.par_iter().flat_map_iter(check).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan reads the page as text, as it always has: any `id="` or
    /// `href="` after a space, in a tag or not, and no other spelling.
    #[test]
    fn scanning_reads_double_quoted_values_anywhere() {
        let html = "<a href='single.html' href=bare.html HREF=\"upper.html\"\n\
            href=\"newline.html\" xhref=\"x.html\" data-id=\"data\" href = \"spaced.html\">\
            <a href=\"a.html\"><!-- <a href=\"comment.html\"> -->\
            <script>let x = ' href=\"script.html\"';</script>\
            <p>The id=\"in-text\" and title=\"x id=\" href=\"b.html\" are read.</p>\
            <a href=\"c?x=1&amp;y=&lt;2&gt;&quot;&#39;&amp;lt;\" id=\"\"><a href=\"unclosed";
        let found = scan_links(html);
        assert_eq!(
            found.hrefs,
            [
                "a.html",
                "comment.html",
                "script.html",
                "b.html",
                "c?x=1&y=<2>\"'&lt;"
            ]
        );
        assert_eq!(found.ids, ["in-text", " href=", ""]);
        assert!(matches!(found.hrefs[4], Cow::Owned(_)));
        assert!(found.hrefs[..4]
            .iter()
            .all(|h| matches!(h, Cow::Borrowed(_))));
    }

    #[test]
    fn scanning_reads_ids_and_hrefs() {
        let found =
            scan_links("<h2 id=\"a\">x</h2> <a href=\"b.html?x=1&amp;y=2\" data-id=\"no\">");
        assert_eq!(found.ids, ["a"]);
        assert_eq!(found.hrefs, ["b.html?x=1&y=2"]);
        assert!(matches!(found.ids[0], Cow::Borrowed(_)));
    }

    #[test]
    fn ids_are_packed_sorted_and_found() {
        let ids = ["src-2", "cite-1a", "", "a", "src-10", "cite-1a", "é-x"];
        let ids = Ids::new(&SortedIds::new(ids.into_iter()));
        assert_eq!(
            ids.0.iter().collect::<Vec<_>>(),
            ["", "a", "cite-1a", "src-10", "src-2", "é-x"]
        );
        for id in ["", "a", "cite-1a", "src-10", "src-2", "é-x"] {
            assert!(ids.contains(id), "{id}");
        }
        for id in ["b", "cite-1", "cite-1ab", "src-1", "src-3", "é", "z"] {
            assert!(!ids.contains(id), "{id}");
        }
        assert!(!Ids::default().contains("") && !Ids::default().contains("a"));
    }

    /// Ids that share their first eight bytes, or differ only in length,
    /// are told apart by their text.
    #[test]
    fn sorted_ids_tell_apart_ids_with_the_same_start() {
        let ids = [
            "section-2",
            "section-10",
            "section-1",
            "section",
            "sectio",
            "a\0",
            "a",
            "a\0\0b",
        ];
        let sorted = SortedIds::new(ids.into_iter());
        let mut expected = ids.to_vec();
        expected.sort_unstable();
        assert_eq!(
            sorted.0.iter().map(|&(_, id)| id).collect::<Vec<_>>(),
            expected
        );
        for id in ids {
            assert!(sorted.contains(id), "{id:?}");
        }
        for id in [
            "section-",
            "section-11",
            "section-1a",
            "sect",
            "a\0\0",
            "a\0b",
            "",
        ] {
            assert!(!sorted.contains(id), "{id:?}");
        }
    }

    #[test]
    fn links_within_the_page_are_checked_at_once() {
        let html = "<h2 id=\"top\">x</h2><p id=\"cite-1a\"><a href=\"#cite-1a\">1</a>\
            <a href=\"#top\"> <a href=\"#\"> <a href=\"?q=1#top\"> <a href=\"?q=1\">\
            <a href=\"#gone\"> <a href=\"#gone\"> <a href=\"../b/index.html#top\">\
            <a href=\"https://x.org/#gone\"> <a href=\"../style.css\"> <a href=\"?q#nor\">";
        let links = PageLinks::of(html, &HashSet::new());
        assert_eq!(
            links.hrefs.iter().collect::<Vec<_>>(),
            ["#gone", "../b/index.html#top", "../style.css", "?q#nor"]
        );
        assert!(links.ids.contains("top") && links.ids.contains("cite-1a"));
        let checked = HashSet::from(["../style.css".to_string()]);
        let links = PageLinks::of(html, &checked);
        assert_eq!(
            links.hrefs.iter().collect::<Vec<_>>(),
            ["#gone", "../b/index.html#top", "?q#nor"]
        );
    }

    /// Broken links within a page are reported as they always were, and
    /// links to another page's fragment are checked against its ids.
    #[test]
    fn the_final_check_reports_broken_links() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("site.yaml"), "title: T\n").unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        for name in ["a", "b"] {
            std::fs::write(
                dir.path().join(format!("content/{name}.md")),
                "---\ntitle: X\n---\nText.\n",
            )
            .unwrap();
        }
        let (loaded, _) = crate::load::site(dir.path());
        let loaded = loaded.unwrap();
        let (site, _) = crate::resolve::site(&loaded, false);
        let url = |name: &str| {
            let page = site
                .pages
                .iter()
                .find(|p| p.file.path.ends_with(format!("{name}.md")));
            page.unwrap().url.clone()
        };
        let (a, b) = (url("a"), url("b"));
        let page = |url: &String, html: &str| Rendered {
            url: url.clone(),
            cited: Vec::new(),
            links: PageLinks::of(html, &HashSet::new()),
            diagnostics: Vec::new(),
            search: None,
            stats: None,
        };
        let to_b = |fragment: &str| format!("../{}#{fragment}", b.trim_end_matches("index.html"));
        let rendered = [
            page(
                &a,
                &format!(
                    "<p id=\"here\"><a href=\"#here\"> <a href=\"#gone\"> \
                     <a href=\"../gone/index.html\"> <a href=\"../caf%C3%A9/\"> \
                     <a href=\"{}\"> <a href=\"{}\">",
                    to_b("there"),
                    to_b("nowhere")
                ),
            ),
            page(&b, "<h2 id=\"there\">x</h2>"),
        ];
        let files = rendered.iter().map(|r| r.url.clone()).collect();
        let found: Vec<_> = check_links(&site, &rendered, files, &|_| true)
            .into_iter()
            .map(|d| (d.code, d.message, d.location.map(|l| l.file)))
            .collect();
        let file = Some(std::path::PathBuf::from("content/a.md"));
        assert_eq!(
            found,
            [
                (
                    "broken-link",
                    format!("{a} links to `#gone`, which does not exist"),
                    file.clone()
                ),
                (
                    "broken-link",
                    format!("{a} links to `../gone/index.html`, which does not exist"),
                    file.clone()
                ),
                (
                    "broken-link",
                    format!("{a} links to `../café/`, which does not exist"),
                    file.clone()
                ),
                (
                    "broken-link",
                    format!("{a} links to `{}`, which does not exist", to_b("nowhere")),
                    file
                ),
            ]
        );
    }
}
