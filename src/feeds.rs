//! Files for machines: the Atom feed, `sitemap.xml` and `robots.txt`.
//! A sitemap holds at most 50,000 URLs (sitemaps.org), so a larger site's
//! `sitemap.xml` is an index of `sitemap-1.xml`, `sitemap-2.xml`…
//!
//! Feeds and sitemaps must use absolute URLs, so they are written only when
//! `site.yaml` has a `base_url`; without one the build says which files it
//! skipped and why, and the rest of the site stays fully relative.

use std::fmt::Write;

use crate::cite::escape;
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::href::absolute;
use crate::resolve::{PageKind, Site};
use crate::write::Output;

pub const FEED_URL: &str = "atom.xml";
pub const SITEMAP_URL: &str = "sitemap.xml";
pub const NOT_FOUND_URL: &str = "404.html";

/// Writes the feed, sitemap and robots.txt. `summaries` are the pages'
/// plain-text summaries, by page index.
pub fn write(site: &Site<'_>, summaries: &[&str], output: &dyn Output) -> Vec<Diagnostic> {
    let Some(base) = site.loaded.config.published_url() else {
        return vec![Diagnostic::note(
            "no-base-url",
            format!(
                "skipped {FEED_URL} and {SITEMAP_URL}: they need absolute URLs; \
                 {NOT_FOUND_URL} links to the domain's root (/)"
            ),
        )
        .in_file("site.yaml")
        .help(
            "set `base_url: https://...` in site.yaml to the address the site is published at; \
               without it, 404.html works only when the site is at the root of its domain",
        )];
    };
    let base = if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    };
    let mut files = vec![
        (FEED_URL.to_string(), atom(site, &base, summaries)),
        (
            "robots.txt".to_string(),
            format!("User-agent: *\nAllow: /\n\nSitemap: {base}{SITEMAP_URL}\n"),
        ),
    ];
    files.extend(sitemaps(site, &base));
    files
        .iter()
        .filter_map(|(name, text)| output.write(name, text.as_bytes()).err().map(|e| (name, e)))
        .map(|(name, error)| Diagnostic::error("write", format!("cannot write {name}: {error}")))
        .collect()
}

fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// The newest `feed_items` articles by review date, newest first, as an
/// Atom 1.0 feed.
fn atom(site: &Site<'_>, base: &str, summaries: &[&str]) -> String {
    let mut articles: Vec<(usize, Date)> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PageKind::Article && !p.file.front.draft)
        .filter_map(|(i, p)| p.file.front.reviewed.map(|d| (i, d)))
        .collect();
    articles.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let config = &site.loaded.config;
    articles.truncate(config.feed_items);
    let updated = articles
        .first()
        .map_or_else(|| timestamp(Date::today()), |(_, d)| timestamp(*d));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = write!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n  <id>{}</id>\n  \
         <link rel=\"alternate\" href=\"{}\"/>\n  <link rel=\"self\" href=\"{}{FEED_URL}\"/>\n  <updated>{updated}</updated>\n",
        escape(&config.language),
        escape(&config.title),
        escape(base),
        escape(base),
        escape(base),
    );
    if let Some(owner) = &config.owner {
        let _ = writeln!(
            xml,
            "  <author><name>{}</name></author>",
            escape(&owner.name)
        );
    }
    for (index, reviewed) in articles {
        let page = &site.pages[index];
        let link = escape(&absolute(base, &page.url));
        let _ = write!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <id>{link}</id>\n    <link rel=\"alternate\" href=\"{link}\"/>\n    \
             <updated>{}</updated>\n",
            escape(page.title()),
            timestamp(reviewed),
        );
        if !summaries[index].is_empty() {
            let _ = writeln!(xml, "    <summary>{}</summary>", escape(summaries[index]));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// sitemaps.org allows this many URLs in one sitemap file.
const SITEMAP_URLS: usize = 50_000;

/// A page as the sitemap lists it.
struct SitemapEntry<'p> {
    url: &'p str,
    /// Its review date, when it has one.
    lastmod: Option<Date>,
}

/// The sitemap files of every published page, by name: `sitemap.xml`
/// alone, or, for a site of more than [`SITEMAP_URLS`] pages,
/// `sitemap.xml` as an index of `sitemap-1.xml`, `sitemap-2.xml`…
fn sitemaps(site: &Site<'_>, base: &str) -> Vec<(String, String)> {
    let entries: Vec<SitemapEntry<'_>> = site
        .pages
        .iter()
        .filter(|p| !p.file.front.draft)
        .map(|p| SitemapEntry {
            url: &p.url,
            lastmod: p.file.front.reviewed,
        })
        .collect();
    split_sitemap(&entries, base, SITEMAP_URLS)
}

/// The sitemap files for `entries`, at most `per_file` URLs in each.
fn split_sitemap(
    entries: &[SitemapEntry<'_>],
    base: &str,
    per_file: usize,
) -> Vec<(String, String)> {
    if entries.len() <= per_file {
        return vec![(SITEMAP_URL.to_string(), urlset(entries, base))];
    }
    let parts: Vec<&[SitemapEntry<'_>]> = entries.chunks(per_file).collect();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::with_capacity(parts.len() + 1);
    for (at, part) in parts.iter().enumerate() {
        let name = format!("sitemap-{}.xml", at + 1);
        let _ = write!(
            index,
            "  <sitemap><loc>{}</loc>",
            escape(&absolute(base, &name))
        );
        // The newest change in the part tells crawlers whether to read it.
        if let Some(date) = part.iter().filter_map(|e| e.lastmod).max() {
            let _ = write!(index, "<lastmod>{date}</lastmod>");
        }
        index.push_str("</sitemap>\n");
        files.push((name, urlset(part, base)));
    }
    index.push_str("</sitemapindex>\n");
    files.push((SITEMAP_URL.to_string(), index));
    files
}

/// One sitemap file: each entry with its review date as `lastmod`.
fn urlset(entries: &[SitemapEntry<'_>], base: &str) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in entries {
        let _ = write!(
            xml,
            "  <url><loc>{}</loc>",
            escape(&absolute(base, entry.url))
        );
        if let Some(date) = entry.lastmod {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(urls: &[&'static str]) -> Vec<SitemapEntry<'static>> {
        urls.iter()
            .enumerate()
            .map(|(day, url)| SitemapEntry {
                url,
                lastmod: Date::parse(&format!("2026-01-{:02}", day + 1)),
            })
            .collect()
    }

    #[test]
    fn a_small_site_has_one_sitemap() {
        let files = split_sitemap(&entries(&["a/", "b/"]), "https://x.org/s/", 2);
        assert_eq!(files.len(), 1);
        let (name, xml) = &files[0];
        assert_eq!(name, "sitemap.xml");
        assert!(xml.contains("<urlset"), "{xml}");
        assert!(
            xml.contains("<url><loc>https://x.org/s/b/</loc><lastmod>2026-01-02</lastmod></url>")
        );
    }

    #[test]
    fn a_large_site_has_an_index_of_sitemaps() {
        let urls = ["a/", "b/", "c/", "d/", "e/"];
        let files = split_sitemap(&entries(&urls), "https://x.org/s/", 2);
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml",
                "sitemap.xml"
            ]
        );
        let count = |xml: &str| xml.matches("<url>").count();
        assert_eq!(
            files[..3]
                .iter()
                .map(|(_, xml)| count(xml))
                .collect::<Vec<_>>(),
            [2, 2, 1]
        );
        assert!(files[2].1.contains("<loc>https://x.org/s/e/</loc>"));
        let index = &files[3].1;
        assert!(index.contains("<sitemapindex"), "{index}");
        assert_eq!(index.matches("<sitemap>").count(), 3);
        assert!(index.contains(
            "<sitemap><loc>https://x.org/s/sitemap-2.xml</loc><lastmod>2026-01-04</lastmod></sitemap>"
        ));
    }
}
