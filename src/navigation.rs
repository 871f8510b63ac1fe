//! Ways between pages: breadcrumbs, previous and next within a section,
//! and related pages by shared tags. Worked out once for the whole site
//! before pages render, so no page has to look at every other page.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::resolve::{Page, PageKind, Site};

/// A link to another page, by its title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageLink {
    pub title: String,
    pub url: String,
}

/// Where one page sits among the others.
#[derive(Debug, Default, Clone, PartialEq, Serialize)]
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
    let home = site.pages.iter().position(|p| p.kind == PageKind::Home);
    let mut nav: Vec<PageNav> = (0..site.pages.len())
        .map(|i| PageNav {
            breadcrumbs: breadcrumbs(site, home, i).into_iter().map(link).collect(),
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

/// The sections above a page, outermost first, starting at the home page
/// (found once for the site: looking for it per page made this quadratic).
fn breadcrumbs(site: &Site<'_>, home: Option<usize>, index: usize) -> Vec<usize> {
    let mut chain = Vec::new();
    let mut current = site.pages[index].section;
    while let Some(section) = current.filter(|s| !chain.contains(s) && *s != index) {
        chain.push(section);
        current = site.pages[section].section;
    }
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

/// How many articles of each tag, in listing order, a page's related
/// pages are looked for among. Looking at every article of every tag a page
/// has grows with the square of the site (at 100,000 articles a common tag
/// has thousands); within these the pages sharing the most tags are found
/// exactly, and a page further down a long tag's list is found through
/// another of its tags, or not at all.
const CANDIDATES_PER_TAG: usize = 200;

/// For each page, the articles sharing the most tags with it, then first
/// in listing order. Each tag's articles are sorted by listing rank (an
/// integer worked out once), and each page looks at the first
/// [`CANDIDATES_PER_TAG`] of each of its tags, counting the tags each
/// candidate shares in full; only the best few are kept as candidates
/// come. Pages run in parallel.
fn related(site: &Site<'_>) -> Vec<Vec<usize>> {
    let count = site.pages.len();
    let mut by_order: Vec<usize> = (0..count).collect();
    by_order.sort_by(|&a, &b| order_key(&site.pages[a]).cmp(&order_key(&site.pages[b])));
    let mut rank = vec![0; count];
    for (position, &page) in by_order.iter().enumerate() {
        rank[page] = position;
    }
    // Each page's tags in one order (by tag index), so that two pages'
    // shared tags are counted in one walk.
    let mut tags_of: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (t, tag) in site.tags.iter().enumerate() {
        for &page in &tag.pages {
            tags_of[page].push(t);
        }
    }
    // Only articles are related pages; filtered and ranked once.
    let candidates_of: Vec<Vec<usize>> = site
        .tags
        .iter()
        .map(|tag| {
            let mut articles: Vec<usize> = (tag.pages.iter().copied())
                .filter(|&p| site.pages[p].kind == PageKind::Article)
                .collect();
            articles.sort_unstable_by_key(|&p| rank[p]);
            articles.truncate(CANDIDATES_PER_TAG);
            articles
        })
        .collect();
    (0..count)
        .into_par_iter()
        .map_init(
            || vec![usize::MAX; count],
            |seen_by, i| {
                // Most shared tags first, then listing order.
                let mut best = Best::default();
                for &t in &tags_of[i] {
                    for &other in &candidates_of[t] {
                        // The array is reused for every page: each marks
                        // what it has looked at with its own index.
                        if other == i || seen_by[other] == i {
                            continue;
                        }
                        seen_by[other] = i;
                        let shared = shared_count(&tags_of[i], &tags_of[other]);
                        best.offer((std::cmp::Reverse(shared), rank[other], other));
                    }
                }
                best.pages()
            },
        )
        .collect()
}

/// How many items two sorted lists have in common.
fn shared_count(a: &[usize], b: &[usize]) -> u32 {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// The `RELATED` smallest candidates offered, kept sorted.
#[derive(Default)]
struct Best {
    kept: Vec<(std::cmp::Reverse<u32>, usize, usize)>,
}

impl Best {
    fn offer(&mut self, candidate: (std::cmp::Reverse<u32>, usize, usize)) {
        if self.kept.len() == RELATED && candidate >= self.kept[RELATED - 1] {
            return;
        }
        let at = self.kept.partition_point(|kept| *kept < candidate);
        self.kept.insert(at, candidate);
        self.kept.truncate(RELATED);
    }

    fn pages(self) -> Vec<usize> {
        self.kept.into_iter().map(|(_, _, page)| page).collect()
    }
}
