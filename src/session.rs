//! A build that remembers the site between rebuilds: what `pamphlet serve`
//! rebuilds with, so that saving one article re-renders only what it
//! affects.
//!
//! Entry point: [`Session::rebuild`]. The first rebuild, and any change it
//! cannot narrow down (a template, `site.yaml`, a static file, a source
//! list, a page added, removed, moved or that changes the site's tags or top
//! navigation), is a full build, staged and swapped in like
//! `pamphlet build`. A change to existing pages reloads just those files,
//! resolves and checks the whole site again (cheap), and renders the pages
//! whose file changed or whose navigation or listings show something that
//! changed (`render::Memory` decides), then the search index and feeds.
//! What it renders is held in memory and written into the output only if
//! the whole site still builds without errors; a failed update writes
//! nothing, and the pages it rendered are rendered again next time.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::load;
use crate::render::Scope;
use crate::resolve;
use crate::write::Buffer;
use crate::{free_in_background, run_full, staged, Built, Options, Outcome, Stages};

/// A site kept in memory between rebuilds.
pub struct Session {
    options: Options,
    state: Option<State>,
}

/// What the last good build left, and what has changed since.
struct State {
    built: Built,
    /// Content files changed since the output was last written.
    pending: HashSet<PathBuf>,
    /// Pages rendered by a failed update, so not written.
    unwritten: HashSet<String>,
}

/// Each page's URL and file, each tag's URL, name and number of listing
/// pages, and the bibliography's number of pages: when these change, the
/// set of output files (or every page showing a tag) changes, which only a
/// full build handles.
#[derive(PartialEq)]
pub(crate) struct Shape {
    pages: Vec<(String, PathBuf)>,
    tags: Vec<(String, String, usize)>,
    bibliography_pages: usize,
}

impl Shape {
    pub(crate) fn of(site: &resolve::Site<'_>) -> Shape {
        Shape {
            pages: site
                .pages
                .iter()
                .map(|p| (p.url.clone(), p.file.path.clone()))
                .collect(),
            tags: site
                .tags
                .iter()
                .map(|t| {
                    let per_page = site.loaded.config.paginate_by;
                    let pages = crate::paginate::page_count(t.pages.len(), per_page);
                    (t.url.clone(), t.name.clone(), pages)
                })
                .collect(),
            bibliography_pages: crate::paginate::page_count(
                crate::listing::source_count(site),
                crate::listing::SOURCES_PER_PAGE,
            ),
        }
    }
}

impl Session {
    pub fn new(options: Options) -> Session {
        Session {
            options,
            state: None,
        }
    }

    /// Drops what the session remembers: the next rebuild is a full one.
    pub fn forget(&mut self) {
        if let Some(old) = self.state.take() {
            free_in_background(old);
        }
    }

    /// Rebuilds after `changed` (site files, relative to the site folder)
    /// changed; the first call builds everything.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Outcome {
        match self.update(changed) {
            Some(outcome) => outcome,
            None => self.full(),
        }
    }

    /// A full build, remembered for the updates that follow.
    fn full(&mut self) -> Outcome {
        self.forget();
        let mut built = None;
        let outcome = staged(&self.options, |output| {
            let (outcome, leftovers) =
                run_full(&self.options, output, crate::render::Memory::for_updates());
            built = leftovers;
            outcome
        });
        // Only a site that was written can be updated page by page.
        self.state = built.filter(|_| outcome.written).map(|built| State {
            built,
            pending: HashSet::new(),
            unwritten: HashSet::new(),
        });
        outcome
    }

    /// Rebuilds only what `changed` affects; `None` when that takes a full
    /// build.
    fn update(&mut self, changed: &[PathBuf]) -> Option<Outcome> {
        let state = self.state.as_mut()?;
        let pages: Option<Vec<usize>> = changed
            .iter()
            .map(|path| {
                state
                    .built
                    .loaded
                    .pages
                    .iter()
                    .position(|p| &p.path == path)
            })
            .collect();
        let pages = pages.filter(|pages| !pages.is_empty())?;
        let root = &self.options.root;
        // A page deleted (or moved away) changes the site's shape.
        if pages
            .iter()
            .any(|&index| !root.join(&state.built.loaded.pages[index].path).is_file())
        {
            return None;
        }
        let mut problems = Vec::new();
        for index in pages {
            let path = &state.built.loaded.pages[index].path;
            state.pending.insert(path.clone());
            match load::page(root, path) {
                Ok((file, found)) => {
                    state.built.loaded.pages[index] = file;
                    problems.extend(found);
                }
                Err(found) => problems.extend(found),
            }
        }
        if !problems.is_empty() {
            // The page keeps its last good text until it loads again.
            return Some(Outcome::from(problems));
        }
        let (site, problems) = resolve::site(&state.built.loaded, self.options.drafts);
        if Shape::of(&site) != state.built.shape {
            return None;
        }
        let buffer = Buffer::default();
        let stages = Stages {
            options: &self.options,
            theme: &state.built.templates,
            output: &buffer,
        };
        let scope = Scope::Update {
            files: &state.pending,
            urls: &state.unwritten,
        };
        let mut outcome = stages.run(&site, &mut state.built.memory, &scope, problems);
        drop(site);
        if outcome.has_errors() {
            state.unwritten.extend(buffer.paths());
            return Some(outcome);
        }
        match buffer.flush(&self.options.output_dir()) {
            Ok(()) => {
                outcome.written = true;
                state.pending.clear();
                state.unwritten.clear();
            }
            Err(error) => {
                // Some files may be new and some old: start again from a
                // full build.
                self.state = None;
                outcome.diagnostics.push(Diagnostic::error(
                    "write",
                    format!("cannot write the changed pages: {error}"),
                ));
            }
        }
        Some(outcome)
    }
}
