//! Files for machines: the Atom feed, `sitemap.xml` and `robots.txt`.
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
    let files = [
        (FEED_URL, atom(site, &base, summaries)),
        (SITEMAP_URL, sitemap(site, &base)),
        (
            "robots.txt",
            format!("User-agent: *\nAllow: /\n\nSitemap: {base}{SITEMAP_URL}\n"),
        ),
    ];
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

/// Every page, with its review date as `lastmod`.
fn sitemap(site: &Site<'_>, base: &str) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in site.pages.iter().filter(|p| !p.file.front.draft) {
        let _ = write!(
            xml,
            "  <url><loc>{}</loc>",
            escape(&absolute(base, &page.url))
        );
        if let Some(date) = page.file.front.reviewed {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}
