//! Pages the generator makes from the others: listings, tag pages, the
//! site bibliography, navigation, and the files copied as they are.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::context::LinkContext;
use crate::diagnostic::Diagnostic;
use crate::linkcheck::PageLinks;
use crate::model::{FrontMatter, SourceKind};
use crate::navigation::order_key;
use crate::paginate::{self, Place};
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

/// The pages each home and section page lists, by page index (none for
/// articles): the home page lists every article, a section the pages
/// directly in it, in weight then title order. Worked out once for the
/// site in one pass: looking for a section's pages among all pages, per
/// section, grows with the square of the site.
pub fn section_lists(site: &Site<'_>) -> Vec<Vec<usize>> {
    let count = site.pages.len();
    let mut by_order: Vec<usize> = (0..count).collect();
    by_order.sort_by(|&a, &b| order_key(&site.pages[a]).cmp(&order_key(&site.pages[b])));
    let mut lists: Vec<Vec<usize>> = vec![Vec::new(); count];
    let homes: Vec<usize> = (0..count)
        .filter(|&i| site.pages[i].kind == PageKind::Home)
        .collect();
    // In listing order, so each list is sorted as it fills.
    for &i in &by_order {
        let page = &site.pages[i];
        if let Some(section) = page.section {
            if site.pages[section].kind != PageKind::Home {
                lists[section].push(i);
            }
        }
    }
    if !homes.is_empty() {
        let articles: Vec<usize> = (by_order.iter().copied())
            .filter(|&i| site.pages[i].kind == PageKind::Article)
            .collect();
        for &home in &homes {
            lists[home].clone_from(&articles);
        }
    }
    lists
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

/// Inserts page `place.number` of a listing of `listed` pages: `pages`,
/// its cards, and `paginator`, the pager holding them too.
pub fn insert_listing(
    renderer: &Renderer<'_, '_>,
    extra: &mut Context,
    place: &Place<'_>,
    listed: &[usize],
) {
    let shown = paginate::page_items(listed, place.per_page, place.number);
    let cards = items(renderer, shown);
    extra.insert("pages", &cards);
    extra.insert("paginator", &place.pager(cards));
}

/// The pages every listing the generated pages show lists, worked out
/// once (not once per page of a listing): sorting them is the costly part.
struct Listings<'l> {
    /// The generated home page's articles.
    home: Vec<usize>,
    /// Each tag's pages, by tag index.
    tags: Vec<Vec<usize>>,
    /// Content home and section pages that need more than one page, by page
    /// index, with the pages they list.
    content: Vec<(usize, &'l [usize])>,
    bibliography: Vec<BibliographyPage>,
    bibliography_index: Vec<BibliographyIndexEntry>,
}

/// Renders the generated pages that `wants` (given a listing's first URL):
/// a home page when content has none, the tag index and tag pages, the
/// later pages of long content listings, a 404 page, the site
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
    let per_page = site.loaded.config.paginate_by;
    let by_order = |pages: &mut Vec<usize>| {
        pages.sort_by(|&a, &b| order_key(&site.pages[a]).cmp(&order_key(&site.pages[b])))
    };
    let generated_home = !site.pages.iter().any(|p| p.kind == PageKind::Home);
    let listings = Listings {
        home: (0..site.pages.len())
            .filter(|&i| generated_home && site.pages[i].kind == PageKind::Article)
            .collect(),
        tags: site
            .tags
            .iter()
            .map(|tag| {
                let mut pages = tag.pages.clone();
                by_order(&mut pages);
                pages
            })
            .collect(),
        content: (0..site.pages.len())
            .filter(|&i| site.pages[i].kind != PageKind::Article && wants(&site.pages[i].url))
            .map(|i| (i, renderer.listed(i)))
            .filter(|(_, listed)| paginate::page_count(listed.len(), per_page) > 1)
            .collect(),
        bibliography: if wants(resolve::BIBLIOGRAPHY_URL) {
            bibliography_pages(site, rendered)
        } else {
            Vec::new()
        },
        bibliography_index: Vec::new(),
    };
    let listings = Listings {
        bibliography_index: bibliography_index(&listings.bibliography),
        ..listings
    };
    let later = |total: usize| 1..=paginate::page_count(total, per_page);
    let mut jobs = Vec::new();
    if generated_home {
        jobs.extend(later(listings.home.len()).map(Job::Home));
    }
    jobs.push(Job::TagIndex);
    for (tag, pages) in listings.tags.iter().enumerate() {
        jobs.extend(later(pages.len()).map(|number| Job::Tag(tag, number)));
    }
    for (at, (_, pages)) in listings.content.iter().enumerate() {
        jobs.extend(
            later(pages.len())
                .skip(1)
                .map(|number| Job::More(at, number)),
        );
    }
    jobs.push(Job::NotFound);
    let sources = paginate::page_count(source_count(site), SOURCES_PER_PAGE);
    jobs.extend((1..=sources).map(Job::Bibliography));
    jobs.push(Job::Search);
    let generated = Generated {
        renderer,
        output,
        listings: &listings,
    };
    let taken = clashes(site, &generated, &jobs);
    jobs.retain(|job| wants(generated.listing_url(job)));
    let (done, mut diagnostics) = rayon::join(
        || -> Vec<_> { jobs.par_iter().map(|job| generated.job(job)).collect() },
        || search_and_feeds(renderer, rendered, output),
    );
    diagnostics.extend(taken);
    let mut out = Vec::new();
    for result in done {
        match result {
            Ok(page) => out.push(page),
            Err(problem) => diagnostics.push(problem),
        }
    }
    (out, diagnostics)
}

/// An error for each later page of a listing whose URL a content page
/// has (`content/guides/page/2.md`): one would overwrite the other.
fn clashes(
    site: &Site<'_>,
    generated: &Generated<'_, '_, '_, '_>,
    jobs: &[Job],
) -> Vec<Diagnostic> {
    let by_url: HashMap<&str, &Page<'_>> = site.pages.iter().map(|p| (p.url.as_str(), p)).collect();
    jobs.iter()
        .filter(|job| job.number() > 1)
        .filter_map(|job| {
            let first = generated.listing_url(job);
            let url = paginate::page_url(first, job.number());
            let page = by_url.get(url.as_str())?;
            Some(
                Diagnostic::error(
                    "duplicate-url",
                    format!("page {} of the listing at {first} needs the URL {url}, which this page has", job.number()),
                )
                .in_file(&page.file.path)
                .help("listings continue on page/2/, page/3/… in their folder: rename this page's folder `page`, or give it a different `slug`"),
            )
        })
        .collect()
}

/// A generated page; listings' pages by number, from 1.
enum Job {
    Home(usize),
    TagIndex,
    Tag(usize, usize),
    /// A later page of a content listing, by its place in
    /// [`Listings::content`].
    More(usize, usize),
    NotFound,
    Bibliography(usize),
    Search,
}

impl Job {
    /// Which page of its listing the job is.
    fn number(&self) -> usize {
        match self {
            Job::Home(n) | Job::Tag(_, n) | Job::More(_, n) | Job::Bibliography(n) => *n,
            Job::TagIndex | Job::NotFound | Job::Search => 1,
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
    listings: &'g Listings<'g>,
}

impl Generated<'_, '_, '_, '_> {
    /// The URL of the listing's first page, or the page's own.
    fn listing_url(&self, job: &Job) -> &str {
        let site = self.renderer.site;
        match job {
            Job::Home(_) => resolve::HOME_URL,
            Job::TagIndex => resolve::TAGS_URL,
            Job::Tag(index, _) => &site.tags[*index].url,
            Job::More(at, _) => &site.pages[self.listings.content[*at].0].url,
            Job::NotFound => crate::feeds::NOT_FOUND_URL,
            Job::Bibliography(_) => resolve::BIBLIOGRAPHY_URL,
            Job::Search => crate::search::PAGE_URL,
        }
    }

    /// Where a page of a listing of `total` items sits.
    fn place<'u>(&self, first: &'u str, number: usize, total: usize) -> Place<'u> {
        Place {
            first,
            number,
            total,
            per_page: self.renderer.site.loaded.config.paginate_by,
        }
    }

    fn job(&self, job: &Job) -> Result<Rendered, Diagnostic> {
        let (renderer, site, listings) = (self.renderer, self.renderer.site, self.listings);
        let first = self.listing_url(job);
        let mut extra = Context::new();
        match job {
            Job::Home(number) => {
                let place = self.place(first, *number, listings.home.len());
                insert_listing(renderer, &mut extra, &place, &listings.home);
                self.page("index.html", &place.url(), &site.loaded.config.title, extra)
            }
            Job::TagIndex => {
                let tags: Vec<_> = site
                    .tags
                    .iter()
                    .map(|t| serde_json::json!({"name": t.name, "url": t.url, "count": t.pages.len()}))
                    .collect();
                extra.insert("tags", &tags);
                self.page("tags.html", first, "Topics", extra)
            }
            Job::Tag(index, number) => {
                let (tag, listed) = (&site.tags[*index], &listings.tags[*index]);
                let place = self.place(first, *number, listed.len());
                extra.insert(
                    "tag",
                    &serde_json::json!({"name": tag.name, "count": listed.len()}),
                );
                insert_listing(renderer, &mut extra, &place, listed);
                let title = format!("Pages about {}", tag.name);
                self.page("tag.html", &place.url(), &title, extra)
            }
            Job::More(at, number) => {
                let (index, listed) = &listings.content[*at];
                let page = &site.pages[*index];
                let place = self.place(first, *number, listed.len());
                insert_listing(renderer, &mut extra, &place, listed);
                let template = crate::render::template_name(page);
                self.page(&template, &place.url(), page.title(), extra)
            }
            Job::NotFound => {
                // Hosts serve the 404 page at any depth, so its links are
                // absolute: from base_url, else from the domain's root
                // (where most hosts look for 404.html).
                let base = site.loaded.config.published_url().unwrap_or_default();
                extra.insert("root", &format!("{}/", base.trim_end_matches('/')));
                self.page("404.html", first, "Page not found", extra)
            }
            Job::Bibliography(number) => {
                let pages = &listings.bibliography;
                let place = Place {
                    first,
                    number: *number,
                    total: source_count(site),
                    per_page: SOURCES_PER_PAGE,
                };
                let groups = pages.get(number - 1).map_or(&[][..], |p| &p.groups[..]);
                extra.insert("groups", groups);
                // On the first page only: every page listing every page
                // would grow the bibliography with the square of its size.
                let contents = if *number == 1 {
                    &listings.bibliography_index[..]
                } else {
                    &[]
                };
                extra.insert("contents", contents);
                extra.insert("paginator", &place.pager(groups.iter().collect()));
                self.page("bibliography.html", &place.url(), "All sources", extra)
            }
            Job::Search => self.page("search.html", first, "Search", extra),
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
    /// The first [`CITED_BY_SHOWN`] pages that cite the source.
    cited_by: Vec<CitingPage>,
    /// How many more pages cite it.
    cited_more: usize,
}

#[derive(Serialize)]
struct CitingPage {
    title: String,
    url: String,
}

/// One page of the bibliography.
struct BibliographyPage {
    groups: Vec<SourceGroup>,
    /// The keys of its first and last source, for the index of pages.
    from: String,
    to: String,
}

/// A line in the bibliography's index of pages.
#[derive(Serialize)]
struct BibliographyIndexEntry {
    number: usize,
    url: String,
    from: String,
    to: String,
}

/// How many citing pages a bibliography entry links to: a source cited on
/// thousands of pages would otherwise fill a page on its own.
const CITED_BY_SHOWN: usize = 25;

/// Sources on one page of the bibliography. A fixed number, so that how
/// many pages there are depends on the sources alone (a `serve` session
/// rebuilds in full when it changes), and with [`CITED_BY_SHOWN`] it
/// bounds a page's size at about 150 KB.
pub const SOURCES_PER_PAGE: usize = 50;

/// How many sources the bibliography lists: site-wide and page-local.
pub fn source_count(site: &Site<'_>) -> usize {
    let local: usize = site.pages.iter().map(|p| p.file.front.sources.len()).sum();
    site.bibliography.site.len() + local
}

/// Every source of the site, site-wide and page-local, grouped by kind,
/// each with the pages that cite it (what reviewers audit), split into
/// pages of [`SOURCES_PER_PAGE`] in kind and key order.
fn bibliography_pages(site: &Site<'_>, rendered: &[Rendered]) -> Vec<BibliographyPage> {
    let mut cited_by: BTreeMap<&str, Vec<CitingPage>> = BTreeMap::new();
    let mut cited_count: BTreeMap<&str, usize> = BTreeMap::new();
    for (page, result) in site.pages.iter().zip(rendered) {
        for key in &result.cited {
            *cited_count.entry(key.as_str()).or_default() += 1;
            let citing = cited_by.entry(key.as_str()).or_default();
            if citing.len() < CITED_BY_SHOWN {
                citing.push(CitingPage {
                    title: page.title().to_string(),
                    url: page.url.clone(),
                });
            }
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
    let kind_order = |kind| SourceKind::ALL.iter().position(|&k| k == kind);
    all.sort_by(|a, b| (kind_order(a.1.kind), &a.0).cmp(&(kind_order(b.1.kind), &b.0)));
    let mut pages: Vec<BibliographyPage> = Vec::new();
    for (at, (key, source)) in all.into_iter().enumerate() {
        let cited_by = cited_by.remove(key.as_str()).unwrap_or_default();
        let count = cited_count.get(key.as_str()).copied().unwrap_or(0);
        let entry = BibliographyEntry {
            reference_html: reference::format(source),
            links: reference::links(source),
            cited_more: count - cited_by.len(),
            cited_by,
            key,
        };
        if at % SOURCES_PER_PAGE == 0 {
            pages.push(BibliographyPage {
                groups: Vec::new(),
                from: entry.key.clone(),
                to: String::new(),
            });
        }
        let page = pages.last_mut().expect("a page was just added");
        page.to.clone_from(&entry.key);
        match page.groups.last_mut() {
            Some(group) if group.kind == source.kind.name() => group.sources.push(entry),
            _ => page.groups.push(SourceGroup {
                kind: source.kind.name(),
                kind_label: source.kind.label(),
                sources: vec![entry],
            }),
        }
    }
    pages
}

/// The bibliography's pages, each with the keys it runs from and to.
fn bibliography_index(pages: &[BibliographyPage]) -> Vec<BibliographyIndexEntry> {
    pages
        .iter()
        .enumerate()
        .map(|(at, page)| BibliographyIndexEntry {
            number: at + 1,
            url: paginate::page_url(resolve::BIBLIOGRAPHY_URL, at + 1),
            from: page.from.clone(),
            to: page.to.clone(),
        })
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
