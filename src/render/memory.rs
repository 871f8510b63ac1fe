//! What a build remembers for the next one in the same process, so that
//! `pamphlet serve` re-renders only what an edit affects.
//!
//! A page's HTML depends on its own file, on the site-wide context (settings
//! and top navigation), on its navigation (breadcrumbs, previous and next,
//! related pages) and, for listings, on the cards of the pages it lists.
//! The memory keeps, for every page, what the last build rendered and what
//! other pages showed of it; an update compares the new navigation and
//! cards with the remembered ones and renders a page again only when its
//! file changed or something it shows did.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use tera::Context;

use super::{Rendered, Renderer};
use crate::listing::{self, ListItem};
use crate::model::Source;
use crate::navigation::PageNav;
use crate::resolve::{self, PageKind, Site};
use crate::search::Vocabulary;

/// Which pages a build renders.
pub enum Scope<'c> {
    /// Every page: a full build.
    All,
    /// The pages that `files` (changed content files, relative to the site
    /// folder) affect, and the pages at `urls` whatever happened: those a
    /// failed update rendered but never wrote.
    Update {
        files: &'c HashSet<PathBuf>,
        urls: &'c HashSet<String>,
    },
}

/// What the last build rendered.
#[derive(Default)]
pub struct Memory {
    /// Whether there will be a next build to remember for: a session's
    /// builds keep their results, a one-shot build (`pamphlet build`)
    /// keeps nothing (`Memory::default()`), so its pages' results go as
    /// soon as they are used.
    retain: bool,
    base: Option<Context>,
    /// Content pages' results, by URL.
    pages: HashMap<String, Rendered>,
    /// Generated pages' results (listings, tags, bibliography, search).
    generated: Vec<Rendered>,
    /// What other pages show of each content page, by URL.
    shown: HashMap<String, Shown>,
    pub(super) vocabulary: Vocabulary,
}

/// What other pages show of a page: links to it, its listing card, and
/// the sources of its own, which the bibliography lists.
#[derive(PartialEq)]
struct Shown {
    nav: PageNav,
    card: ListItem,
    sources: BTreeMap<String, Source>,
}

/// The pages one build renders.
pub(super) struct Plan {
    /// By page index.
    pub content: Vec<bool>,
    /// Generated pages, by URL; `None` is all of them.
    generated: Option<HashSet<String>>,
    /// Every page's listing card, when the plan needed them.
    cards: Vec<ListItem>,
}

impl Plan {
    fn all(pages: usize) -> Plan {
        Plan {
            content: vec![true; pages],
            generated: None,
            cards: Vec::new(),
        }
    }

    pub fn is_full(&self) -> bool {
        self.generated.is_none()
    }

    /// Adds a generated page to render.
    pub fn want(&mut self, url: &str) {
        if let Some(urls) = &mut self.generated {
            urls.insert(url.to_string());
        }
    }

    pub fn wants(&self, url: &str) -> bool {
        self.generated
            .as_ref()
            .is_none_or(|urls| urls.contains(url))
    }

    /// How many content pages it renders.
    pub fn rendered(&self) -> usize {
        self.content.iter().filter(|&&r| r).count()
    }
}

impl Memory {
    /// A memory for a session's builds, each remembered for the next.
    pub fn for_updates() -> Memory {
        Memory {
            retain: true,
            ..Memory::default()
        }
    }

    pub fn retains(&self) -> bool {
        self.retain
    }

    /// Decides what to render. Anything the memory cannot vouch for (a new
    /// page, a changed site-wide context) is rendered, all of it if need be.
    pub(super) fn plan(&self, renderer: &Renderer<'_, '_>, scope: &Scope<'_>) -> Plan {
        let site = renderer.site;
        let Scope::Update { files, urls } = scope else {
            return Plan::all(site.pages.len());
        };
        if self.base.as_ref() != Some(&renderer.base) {
            return Plan::all(site.pages.len());
        }
        let home = site.pages.iter().position(|p| p.kind == PageKind::Home);
        let mut content = vec![false; site.pages.len()];
        let mut generated: HashSet<String> = urls.iter().cloned().collect();
        let cards: Vec<ListItem> = (0..site.pages.len())
            .map(|index| listing::item(renderer, index))
            .collect();
        for ((index, page), card) in site.pages.iter().enumerate().zip(&cards) {
            let old = self.shown.get(&page.url);
            if files.contains(&page.file.path)
                || urls.contains(&page.url)
                || !self.pages.contains_key(&page.url)
                || old.is_none_or(|old| old.nav != renderer.navigation[index])
            {
                content[index] = true;
            }
            if old.is_none_or(|old| old.sources != page.file.front.sources) {
                generated.insert(resolve::BIBLIOGRAPHY_URL.to_string());
            }
            if old.is_some_and(|old| &old.card == card) {
                continue;
            }
            // The listings that show this page: its section, the home page
            // (content or generated), its tag pages (before and after the
            // change), the tag index, and the bibliography, which names
            // the pages that cite each source.
            for listing in [page.section, home].into_iter().flatten() {
                content[listing] = true;
            }
            let old_tags = old.into_iter().flat_map(|o| o.card.tag_urls());
            generated.extend(card.tag_urls().chain(old_tags).map(String::from));
            generated.extend(
                [
                    resolve::HOME_URL,
                    resolve::TAGS_URL,
                    resolve::BIBLIOGRAPHY_URL,
                ]
                .map(String::from),
            );
        }
        Plan {
            content,
            generated: Some(generated),
            cards,
        }
    }

    /// Takes out the remembered results of the pages `plan` does not
    /// render, by page index.
    pub(super) fn take_kept(&mut self, site: &Site<'_>, plan: &Plan) -> Vec<Option<Rendered>> {
        if plan.is_full() {
            return site.pages.iter().map(|_| None).collect();
        }
        site.pages
            .iter()
            .zip(&plan.content)
            .map(|(page, &render)| (!render).then(|| self.pages.remove(&page.url)).flatten())
            .collect()
    }

    /// Whether any page rendered again now cites other sources than before,
    /// which the bibliography lists.
    pub(super) fn citations_changed(&self, rendered: &[Rendered], plan: &Plan) -> bool {
        rendered
            .iter()
            .zip(&plan.content)
            .filter(|(_, &render)| render)
            .any(|(page, _)| {
                self.pages
                    .get(&page.url)
                    .is_none_or(|old| old.cited != page.cited)
            })
    }

    /// The generated pages `fresh` does not replace.
    pub(super) fn keep_generated(&mut self, fresh: &[Rendered]) -> Vec<Rendered> {
        let fresh: HashSet<&str> = fresh.iter().map(|r| r.url.as_str()).collect();
        std::mem::take(&mut self.generated)
            .into_iter()
            .filter(|r| !fresh.contains(r.url.as_str()))
            .collect()
    }

    /// Remembers a build's results for the next.
    pub(super) fn remember(
        &mut self,
        renderer: Renderer<'_, '_>,
        plan: Plan,
        content: Vec<Rendered>,
        generated: Vec<Rendered>,
    ) {
        if !self.retain {
            crate::free_in_background((content, generated, renderer.vocabulary));
            return;
        }
        let site = renderer.site;
        let mut cards = plan.cards.into_iter();
        for (index, page) in site.pages.iter().enumerate() {
            let shown = Shown {
                nav: renderer.navigation[index].clone(),
                card: cards
                    .next()
                    .unwrap_or_else(|| listing::item(&renderer, index)),
                sources: page.file.front.sources.clone(),
            };
            self.shown.insert(page.url.clone(), shown);
        }
        // The kept pages were taken out: put every page (back) in.
        self.pages
            .extend(content.into_iter().map(|r| (r.url.clone(), r)));
        self.generated = generated;
        self.base = Some(renderer.base);
        self.vocabulary = renderer.vocabulary;
    }
}
