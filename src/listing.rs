//! Pages the generator makes from the others: listings, tag pages, the
//! site bibliography, navigation, and the files copied as they are.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::context::LinkContext;
use crate::diagnostic::Diagnostic;
use crate::linkcheck::PageLinks;
use crate::model::{FrontMatter, SourceKind};
use crate::navigation::order_key;
use crate::reference::{self, SourceLink};
use crate::render::{Rendered, Renderer};
use crate::resolve::{self, Page, PageKind, Site};
use crate::write::Output;

/// Top-level sections and pages, in weight then title order.
pub fn nav(site: &Site<'_>) -> Vec<serde_json::Value> {
    let mut top: Vec<&Page<'_>> = site
        .pages
        .iter()
        .filter(|p| p.kind != PageKind::Home && p.url.matches('/').count() == 1)
        .collect();
    top.sort_by(|a, b| order_key(a).cmp(&order_key(b)));
    let mut nav = vec![serde_json::json!({"title": "Home", "url": resolve::HOME_URL})];
    nav.extend(
        top.iter()
            .map(|p| serde_json::json!({"title": p.title(), "url": p.url})),
    );
    if !site.tags.is_empty() {
        nav.push(serde_json::json!({"title": "Topics", "url": resolve::TAGS_URL}));
    }
    nav.push(serde_json::json!({"title": "Sources", "url": resolve::BIBLIOGRAPHY_URL}));
    nav
}

/// A page's tags as links.
pub fn tag_links(site: &Site<'_>, front: &FrontMatter) -> Vec<LinkContext> {
    front
        .tags
        .iter()
        .filter_map(|name| site.tag(name))
        .map(|tag| LinkContext {
            name: tag.name.clone(),
            url: tag.url.clone(),
        })
        .collect()
}

/// The pages a home or section page lists: the home page lists every
/// article, a section the pages directly in it.
pub fn section_pages<'a>(site: &Site<'a>, section: &Page<'a>) -> Vec<usize> {
    let own = site
        .pages
        .iter()
        .position(|p| std::ptr::eq(p.file, section.file));
    let mut listed: Vec<usize> = (0..site.pages.len())
        .filter(|&i| {
            let page = &site.pages[i];
            match section.kind {
                PageKind::Home => page.kind == PageKind::Article,
                _ => page.section == own,
            }
        })
        .collect();
    listed.sort_by(|&a, &b| order_key(&site.pages[a]).cmp(&order_key(&site.pages[b])));
    listed
}

/// A page as listings show it. Compared between rebuilds: when it changes,
/// the listings that show it are rendered again.
#[derive(Serialize, PartialEq)]
pub struct ListItem {
    title: String,
    url: String,
    summary_html: String,
    reviewed: Option<String>,
    reviewed_iso: Option<String>,
    tags: Vec<LinkContext>,
}

impl ListItem {
    /// The URLs of the tag pages that list this page.
    pub fn tag_urls(&self) -> impl Iterator<Item = &str> {
        self.tags.iter().map(|t| t.url.as_str())
    }
}

/// The listing entry of page `index`.
pub fn item(renderer: &Renderer<'_, '_>, index: usize) -> ListItem {
    let page = &renderer.site.pages[index];
    let front = &page.file.front;
    ListItem {
        title: front.title.clone(),
        url: page.url.clone(),
        summary_html: renderer.summary_of(index).html.clone(),
        reviewed: front.reviewed.map(|d| d.long()),
        reviewed_iso: front.reviewed.map(|d| d.to_string()),
        tags: tag_links(renderer.site, front),
    }
}

/// Listing entries for pages, by index.
pub fn items(renderer: &Renderer<'_, '_>, pages: &[usize]) -> Vec<ListItem> {
    pages.iter().map(|&i| item(renderer, i)).collect()
}

/// Renders the generated pages that `wants` their URL: a home page when
/// content has none, the tag index and tag pages, a 404 page, the site
/// bibliography and search; and writes the search index and the feeds,
/// which change with every page. All of it runs in parallel, and each page
/// builds its context only when it renders and is written at once, so only
/// a few listings' contexts are in memory at a time.
pub fn pages(
    renderer: &Renderer<'_, '_>,
    rendered: &[Rendered],
    output: &dyn Output,
    wants: &(dyn Fn(&str) -> bool + Sync),
) -> (Vec<Rendered>, Vec<Diagnostic>) {
    let site = renderer.site;
    let generated = Generated { renderer, output };
    let mut jobs = Vec::new();
    if !site.pages.iter().any(|p| p.kind == PageKind::Home) {
        jobs.push(Job::Home);
    }
    jobs.push(Job::TagIndex);
    jobs.extend((0..site.tags.len()).map(Job::Tag));
    jobs.push(Job::NotFound);
    jobs.extend([Job::Bibliography, Job::Search]);
    jobs.retain(|job| wants(job.url(site)));
    let (done, mut diagnostics) = rayon::join(
        || -> Vec<_> {
            jobs.par_iter()
                .map(|job| generated.job(job, rendered))
                .collect()
        },
        || search_and_feeds(renderer, rendered, output),
    );
    let mut out = Vec::new();
    for result in done {
        match result {
            Ok(page) => out.push(page),
            Err(problem) => diagnostics.push(problem),
        }
    }
    (out, diagnostics)
}

/// A generated page.
enum Job {
    Home,
    TagIndex,
    Tag(usize),
    NotFound,
    Bibliography,
    Search,
}

impl Job {
    fn url<'s>(&self, site: &'s Site<'_>) -> &'s str {
        match self {
            Job::Home => resolve::HOME_URL,
            Job::TagIndex => resolve::TAGS_URL,
            Job::Tag(index) => &site.tags[*index].url,
            Job::NotFound => crate::feeds::NOT_FOUND_URL,
            Job::Bibliography => resolve::BIBLIOGRAPHY_URL,
            Job::Search => crate::search::PAGE_URL,
        }
    }
}

/// Writes the search index and the feeds.
fn search_and_feeds(
    renderer: &Renderer<'_, '_>,
    rendered: &[Rendered],
    output: &dyn Output,
) -> Vec<Diagnostic> {
    let site = renderer.site;
    let mut diagnostics = Vec::new();
    let docs: Vec<_> = rendered.iter().filter_map(|r| r.search.as_ref()).collect();
    if let Err(error) = crate::search::write(&renderer.vocabulary, &docs, output) {
        diagnostics.push(Diagnostic::error(
            "write",
            format!("cannot write the search index: {error}"),
        ));
    }
    let summaries: Vec<&str> = (0..site.pages.len())
        .map(|i| renderer.summary_of(i).text.as_str())
        .collect();
    diagnostics.extend(crate::feeds::write(site, &summaries, output));
    diagnostics
}

/// Renders and writes one generated page.
struct Generated<'g, 'r, 's, 'a> {
    renderer: &'r Renderer<'s, 'a>,
    output: &'g dyn Output,
}

impl Generated<'_, '_, '_, '_> {
    fn job(&self, job: &Job, rendered: &[Rendered]) -> Result<Rendered, Diagnostic> {
        let (renderer, site) = (self.renderer, self.renderer.site);
        let url = job.url(site);
        let mut extra = Context::new();
        match job {
            Job::Home => {
                let all: Vec<usize> = (0..site.pages.len())
                    .filter(|&i| site.pages[i].kind == PageKind::Article)
                    .collect();
                extra.insert("pages", &items(renderer, &all));
                self.page("index.html", url, &site.loaded.config.title, extra)
            }
            Job::TagIndex => {
                let tags: Vec<_> = site
                    .tags
                    .iter()
                    .map(|t| serde_json::json!({"name": t.name, "url": t.url, "count": t.pages.len()}))
                    .collect();
                extra.insert("tags", &tags);
                self.page("tags.html", url, "Topics", extra)
            }
            Job::Tag(index) => {
                let tag = &site.tags[*index];
                let mut pages = tag.pages.clone();
                pages.sort_by(|&a, &b| order_key(&site.pages[a]).cmp(&order_key(&site.pages[b])));
                extra.insert("tag", &serde_json::json!({"name": tag.name}));
                extra.insert("pages", &items(renderer, &pages));
                self.page("tag.html", url, &format!("Pages about {}", tag.name), extra)
            }
            Job::NotFound => {
                // Hosts serve the 404 page at any depth, so its links are
                // absolute: from base_url, else from the domain's root
                // (where most hosts look for 404.html).
                let base = site.loaded.config.published_url().unwrap_or_default();
                extra.insert("root", &format!("{}/", base.trim_end_matches('/')));
                self.page("404.html", url, "Page not found", extra)
            }
            Job::Bibliography => {
                extra.insert("groups", &bibliography_groups(site, rendered));
                self.page("bibliography.html", url, "All sources", extra)
            }
            Job::Search => self.page("search.html", url, "Search", extra),
        }
    }

    fn page(
        &self,
        template: &str,
        url: &str,
        title: &str,
        extra: Context,
    ) -> Result<Rendered, Diagnostic> {
        let page = serde_json::json!({"title": title, "url": url});
        let html = self.renderer.render(template, url, &page, extra)?;
        let mut diagnostics = Vec::new();
        if let Err(error) = self.output.write(url, html.as_bytes()) {
            diagnostics.push(Diagnostic::error(
                "write",
                format!("cannot write {url}: {error}"),
            ));
        }
        Ok(Rendered {
            url: url.to_string(),
            cited: Vec::new(),
            links: PageLinks::of(&html, &Default::default()),
            diagnostics,
            search: None,
            stats: None,
        })
    }
}

#[derive(Serialize)]
struct SourceGroup {
    kind: &'static str,
    kind_label: &'static str,
    sources: Vec<BibliographyEntry>,
}

#[derive(Serialize)]
struct BibliographyEntry {
    key: String,
    reference_html: String,
    links: Vec<SourceLink>,
    cited_by: Vec<CitingPage>,
}

#[derive(Serialize)]
struct CitingPage {
    title: String,
    url: String,
}

/// Every source of the site, site-wide and page-local, grouped by kind,
/// each with the pages that cite it: what reviewers audit.
fn bibliography_groups(site: &Site<'_>, rendered: &[Rendered]) -> Vec<SourceGroup> {
    let mut cited_by: BTreeMap<&str, Vec<CitingPage>> = BTreeMap::new();
    for (page, result) in site.pages.iter().zip(rendered) {
        for key in &result.cited {
            cited_by.entry(key.as_str()).or_default().push(CitingPage {
                title: page.title().to_string(),
                url: page.url.clone(),
            });
        }
    }
    let site_wide = site
        .bibliography
        .site
        .iter()
        .map(|(key, entry)| (key.to_string(), entry.source));
    let local = site
        .pages
        .iter()
        .flat_map(|p| p.file.front.sources.iter().map(|(k, s)| (k.clone(), s)));
    let mut all: Vec<_> = site_wide.chain(local).collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    SourceKind::ALL
        .iter()
        .map(|&kind| SourceGroup {
            kind: kind.name(),
            kind_label: kind.label(),
            sources: all
                .iter()
                .filter(|(_, s)| s.kind == kind)
                .map(|(key, source)| BibliographyEntry {
                    key: key.clone(),
                    reference_html: reference::format(source),
                    links: reference::links(source),
                    cited_by: cited_by.remove(key.as_str()).unwrap_or_default(),
                })
                .collect(),
        })
        .filter(|group| !group.sources.is_empty())
        .collect()
}

/// Copies the theme's static files (the site's own win) and the assets
/// that sit beside pages in `content/`.
pub fn copy_files(site: &Site<'_>, output: &dyn Output) -> Vec<Diagnostic> {
    let root = &site.loaded.root;
    let own = crate::theme::site_files(root, "static");
    let mut problems = Vec::new();
    for (name, bytes) in crate::theme::STATIC {
        if !own.iter().any(|(n, _)| n == name) {
            if let Err(error) = output.write(name, bytes) {
                problems.push(Diagnostic::error(
                    "write",
                    format!("cannot write {name}: {error}"),
                ));
            }
        }
    }
    let copies = own
        .into_iter()
        .map(|(name, path)| (path, name))
        .chain(site.asset_outputs().map(|(p, u)| (p, u.to_string())));
    for (path, url) in copies {
        let result = std::fs::read(root.join(&path)).and_then(|bytes| output.write(&url, &bytes));
        if let Err(error) = result {
            problems.push(
                Diagnostic::error("write", format!("cannot copy {}: {error}", path.display()))
                    .in_file(path),
            );
        }
    }
    problems
}
