//! The one URL model of a build: every link is read, joined, compared and
//! written out here, with the `url` and `percent-encoding` crates.
//!
//! Paths inside the site are kept **decoded** (`übungen/my leaflet.pdf`),
//! as the file system and the editor wrote them; they are compared decoded
//! and percent-encoded once, when an href is written ([`relative`],
//! [`absolute`]). Links are resolved the way a browser resolves them: joined
//! onto the page's own address by the WHATWG URL parser, so `..`, `./`,
//! `?query`, `#fragment`, `%20` and raw spaces mean what they mean to the
//! reader's browser, and a link with a scheme (`https:`, `mailto:`) or a
//! `//host` is external by the same rule everywhere ([`is_external`]).

use std::borrow::Cow;
use std::sync::LazyLock;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use url::Url;

/// An origin no link can reach by accident: site paths are joined onto it
/// so the URL parser resolves them exactly as a browser would.
static SITE: LazyLock<Url> =
    LazyLock::new(|| Url::parse("http://site.invalid/").expect("a valid URL"));

/// What a path segment may not hold as written: the URL spec's path set
/// plus `%` (a decoded path's `%` is a percent sign, not an escape) and the
/// characters that would end or split the segment.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'\\')
    .add(b'^')
    .add(b'|')
    .add(b'[')
    .add(b']');

/// A fragment keeps what the URL spec's fragment set allows.
const FRAGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'`');

/// What an href written as the editor wrote it may not hold in HTML: the
/// bytes the Markdown writer would percent-encode itself (it leaves `%`
/// alone, so an href encoded here passes through it unchanged).
const HREF: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A link inside the site, resolved against the page it is written on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The decoded path from the site's root, without a leading `/`:
    /// `übungen/my leaflet.pdf`. Empty for the root itself.
    pub path: String,
    /// The query as written (still encoded), without `?`.
    pub query: Option<String>,
    /// The decoded fragment, without `#`.
    pub fragment: Option<String>,
}

/// The scheme of a link, lowercased (`https`, `mailto`, `javascript`), as a
/// browser reads it: leading spaces and control characters, tabs and line
/// breaks are ignored. `None` for a relative link.
pub fn scheme(href: &str) -> Option<String> {
    Url::parse(href).ok().map(|url| url.scheme().to_string())
}

/// Whether a link leaves the site: it has a scheme, or starts with `//`.
pub fn is_external(href: &str) -> bool {
    resolve("", href).is_none()
}

/// Resolves `href`, written on the page or file at the decoded site path
/// `from`, to a place in the site; `None` for an external link. The result
/// never climbs above the site's root, as in a browser.
pub fn resolve(from: &str, href: &str) -> Option<Target> {
    let base = SITE.join(&encode_path(from)).ok()?;
    let url = base.join(href).ok()?;
    if url.origin() != SITE.origin() {
        return None;
    }
    Some(Target {
        path: decode(url.path().trim_start_matches('/')).into_owned(),
        query: url.query().map(str::to_string),
        fragment: url.fragment().map(|f| decode(f).into_owned()),
    })
}

/// Percent-decodes a path or fragment; invalid UTF-8 after decoding keeps
/// the text as written (a file can have no such name).
pub fn decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    match percent_decode_str(text).decode_utf8() {
        Ok(decoded) => decoded,
        Err(_) => Cow::Borrowed(text),
    }
}

/// Percent-encodes a decoded site path, segment by segment.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.extend(utf8_percent_encode(segment, SEGMENT));
    }
    out
}

/// An href as written, percent-encoded as it will appear in the page.
pub fn encode_href(href: &str) -> Cow<'_, str> {
    utf8_percent_encode(href, HREF).into()
}

/// Percent-encodes a decoded fragment.
pub fn encode_fragment(fragment: &str) -> String {
    utf8_percent_encode(fragment, FRAGMENT).to_string()
}

/// The encoded relative href from the page at `from` to the file at `to`,
/// both decoded site paths: `articles/a/index.html` → `../b/index.html`.
pub fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').collect();
    let from_dirs = &from_dirs[..from_dirs.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dirs
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to_parts.len() - 1);
    let mut out = "../".repeat(from_dirs.len() - common);
    out.push_str(&encode_path(&to_parts[common..].join("/")));
    out
}

/// The prefix that leads from the page at `path` back to the site root.
pub fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The absolute URL of the decoded site path `path` below `base`, with
/// `index.html` left off: `https://x.org/health/` + `a/b/index.html` →
/// `https://x.org/health/a/b/`.
pub fn absolute(base: &str, path: &str) -> String {
    let path = path.strip_suffix("index.html").unwrap_or(path);
    let base = format!("{}/", base.trim_end_matches('/'));
    Url::parse(&base)
        .and_then(|base| base.join(&encode_path(path)))
        .map_or_else(|_| format!("{base}{}", encode_path(path)), String::from)
}

/// `javascript:`, `vbscript:` and `data:` links run or smuggle code.
pub fn is_unsafe(href: &str) -> bool {
    scheme(href).is_some_and(|s| matches!(s.as_str(), "javascript" | "vbscript" | "data"))
}

/// An absolute `http(s)://host...` address.
pub fn is_web_address(text: &str) -> bool {
    !text.contains(char::is_whitespace)
        && Url::parse(text).is_ok_and(|url| {
            matches!(url.scheme(), "http" | "https")
                && url.host_str().is_some_and(|h| !h.is_empty())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(from: &str, href: &str) -> Option<(String, Option<String>, Option<String>)> {
        resolve(from, href).map(|t| (t.path, t.query, t.fragment))
    }

    #[test]
    fn one_scheme_test_for_every_link() {
        for external in [
            "https://x.org",
            "mailto:a@b",
            "HTTP://X.ORG",
            "//x.org/a",
            "tel:+441234",
            " javascript:alert(1)",
            "java\tscript:x",
        ] {
            assert!(is_external(external), "{external}");
        }
        for internal in [
            "a.md",
            "../a.md#x:y",
            "a/b:c.md",
            "#a:b",
            "?q=1",
            "",
            "/a:b",
            "my leaflet.pdf",
            "café.pdf",
        ] {
            assert!(!is_external(internal), "{internal}");
        }
        for unsafe_link in [
            "javascript:x",
            "JaVaScRiPt:x",
            "java\tscript:x",
            "\u{1}data:x",
            "vbscript:x",
        ] {
            assert!(is_unsafe(unsafe_link), "{unsafe_link}");
        }
        assert!(!is_unsafe("a/javascript:x") && !is_unsafe("https://x.org/data:x"));
        assert!(is_web_address("https://x.org/a") && !is_web_address("https://x.org/a b"));
        assert!(
            !is_web_address("https://")
                && !is_web_address("ftp://x.org")
                && !is_web_address("x.org")
        );
    }

    #[test]
    fn links_resolve_decoded_against_their_page() {
        assert_eq!(
            target("articles/a.md", "../Übungen/b.md?x=1#Start"),
            Some((
                "Übungen/b.md".into(),
                Some("x=1".into()),
                Some("Start".into())
            ))
        );
        assert_eq!(
            target("articles/a.md", "my%20leaflet.pdf"),
            Some(("articles/my leaflet.pdf".into(), None, None))
        );
        assert_eq!(
            target("articles/a.md", "my leaflet.pdf"),
            Some(("articles/my leaflet.pdf".into(), None, None))
        );
        assert_eq!(
            target("a/index.html", "#%C3%BCbungen-f%C3%BCr-knochen"),
            Some((
                "a/index.html".into(),
                None,
                Some("übungen-für-knochen".into())
            ))
        );
        assert_eq!(
            target("café/a.md", "./b.md"),
            Some(("café/b.md".into(), None, None))
        );
        assert_eq!(target("a/b.md", "/c.md"), Some(("c.md".into(), None, None)));
        assert_eq!(
            target("a/b.md", "../../../c.md"),
            Some(("c.md".into(), None, None))
        );
        assert_eq!(target("a/b.md", "https://x.org/c.md"), None);
        assert_eq!(
            target("a/b.md", "100%.pdf"),
            Some(("a/100%.pdf".into(), None, None))
        );
    }

    #[test]
    fn paths_are_encoded_once_on_output() {
        assert_eq!(
            encode_path("übungen/my leaflet #1?.pdf"),
            "%C3%BCbungen/my%20leaflet%20%231%3F.pdf"
        );
        assert_eq!(encode_path("100%/a"), "100%25/a");
        assert_eq!(encode_fragment("für knochen"), "f%C3%BCr%20knochen");
        assert_eq!(encode_href("Ü a.md?x=1&y#z%20"), "%C3%9C%20a.md?x=1&y#z%20");
        assert_eq!(decode(&encode_path("a b/ü%")), "a b/ü%");
        assert_eq!(
            relative("articles/a/index.html", "articles/b/index.html"),
            "../b/index.html"
        );
        assert_eq!(
            relative("index.html", "übungen/b/index.html"),
            "%C3%BCbungen/b/index.html"
        );
        assert_eq!(
            relative("articles/a/index.html", "index.html"),
            "../../index.html"
        );
        assert_eq!(
            relative("articles/a/index.html", "articles/a/index.html"),
            "index.html"
        );
        assert_eq!(
            relative("a/index.html", "a/my leaflet.pdf"),
            "my%20leaflet.pdf"
        );
        assert_eq!(root_prefix("articles/a/index.html"), "../../");
        assert_eq!(root_prefix("index.html"), "");
    }

    #[test]
    fn absolute_urls_below_the_base() {
        assert_eq!(
            absolute("https://x.org/health/", "a/b/index.html"),
            "https://x.org/health/a/b/"
        );
        assert_eq!(
            absolute("https://x.org/health", "a/b/index.html"),
            "https://x.org/health/a/b/"
        );
        assert_eq!(absolute("https://x.org/", "index.html"), "https://x.org/");
        assert_eq!(
            absolute("https://x.org", "übungen/my leaflet.pdf"),
            "https://x.org/%C3%BCbungen/my%20leaflet.pdf"
        );
    }
}
