//! Ways between pages: breadcrumbs, previous and next within a section,
//! and related pages by shared tags. Worked out once for the whole site
//! before pages render, so no page has to look at every other page.

use std::collections::HashMap;

use serde::Serialize;

use crate::resolve::{Page, PageKind, Site};

/// A link to another page, by its title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageLink {
    pub title: String,
    pub url: String,
}

/// Where one page sits among the others.
#[derive(Debug, Default, Clone, Serialize)]
pub struct PageNav {
    /// Home first, the page itself not included.
    pub breadcrumbs: Vec<PageLink>,
    pub previous: Option<PageLink>,
    pub next: Option<PageLink>,
    /// Up to three pages sharing the most tags, best first.
    pub related: Vec<PageLink>,
}

const RELATED: usize = 3;

/// Navigation for every page, by page index.
pub fn site(site: &Site<'_>) -> Vec<PageNav> {
    let link = |i: usize| PageLink {
        title: site.pages[i].title().to_string(),
        url: site.pages[i].url.clone(),
    };
    let mut nav: Vec<PageNav> = (0..site.pages.len())
        .map(|i| PageNav {
            breadcrumbs: breadcrumbs(site, i).into_iter().map(link).collect(),
            ..PageNav::default()
        })
        .collect();
    for siblings in sections(site).into_values() {
        for pair in siblings.windows(2) {
            nav[pair[0]].next = Some(link(pair[1]));
            nav[pair[1]].previous = Some(link(pair[0]));
        }
    }
    for (i, related) in related(site).into_iter().enumerate() {
        nav[i].related = related.into_iter().map(link).collect();
    }
    nav
}

/// The sections above a page, outermost first, starting at the home page.
fn breadcrumbs(site: &Site<'_>, index: usize) -> Vec<usize> {
    let mut chain = Vec::new();
    let mut current = site.pages[index].section;
    while let Some(section) = current.filter(|s| !chain.contains(s) && *s != index) {
        chain.push(section);
        current = site.pages[section].section;
    }
    let home = site.pages.iter().position(|p| p.kind == PageKind::Home);
    if let Some(home) = home.filter(|h| !chain.contains(h) && *h != index) {
        chain.push(home);
    }
    chain.reverse();
    chain
}

/// Articles of each section in listing order (weight, then title).
fn sections(site: &Site<'_>) -> HashMap<Option<usize>, Vec<usize>> {
    let mut sections: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    for (i, page) in site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == PageKind::Article)
    {
        sections.entry(page.section).or_default().push(i);
    }
    for pages in sections.values_mut() {
        pages.sort_by(|&a, &b| order_key(&site.pages[a]).cmp(&order_key(&site.pages[b])));
    }
    sections
}

pub fn order_key<'p>(page: &'p Page<'_>) -> (i64, &'p str) {
    (page.file.front.weight.unwrap_or(i64::MAX), page.title())
}

/// For each page, the articles sharing the most tags with it.
fn related(site: &Site<'_>) -> Vec<Vec<usize>> {
    let mut tags_of: Vec<Vec<usize>> = vec![Vec::new(); site.pages.len()];
    for (t, tag) in site.tags.iter().enumerate() {
        for &page in &tag.pages {
            tags_of[page].push(t);
        }
    }
    (0..site.pages.len())
        .map(|i| {
            let mut shared: HashMap<usize, usize> = HashMap::new();
            for tag in tags_of[i].iter().map(|&t| &site.tags[t]) {
                for &other in tag
                    .pages
                    .iter()
                    .filter(|&&o| o != i && site.pages[o].kind == PageKind::Article)
                {
                    *shared.entry(other).or_default() += 1;
                }
            }
            let mut ranked: Vec<(usize, usize)> = shared.into_iter().collect();
            ranked.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| order_key(&site.pages[a.0]).cmp(&order_key(&site.pages[b.0])))
            });
            ranked
                .into_iter()
                .take(RELATED)
                .map(|(page, _)| page)
                .collect()
        })
        .collect()
}
