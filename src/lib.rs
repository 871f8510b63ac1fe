//! pamphlet: a static site generator for patient-education websites.
//!
//! A build flows one way through five stages, one module each:
//!
//! ```text
//! load → resolve → check → render → write
//! ```
//!
//! [`build`] and [`check`] are what the command line and the tests call.
//! `docs/architecture.md` says where each part lives.

pub mod check;
pub mod cite;
pub mod config;
pub mod context;
pub mod date;
pub mod decimal;
pub mod diagnostic;
pub mod feeds;
pub mod href;
pub mod import;
pub mod linkcheck;
pub mod listing;
pub mod load;
pub mod markdown;
pub mod metadata;
pub mod model;
pub mod navigation;
pub mod new_article;
pub mod paginate;
pub mod plan;
pub mod readability;
pub mod reference;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod session;
pub mod starter;
pub mod theme;
pub mod write;
pub mod yaml;

use std::path::{Path, PathBuf};

use date::Date;
use diagnostic::Diagnostic;
pub use session::Session;
use write::{Discard, Output, Staging};

/// What to build and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The site folder (holding `site.yaml` and `content/`).
    pub root: PathBuf,
    /// Where the site is written; `public/` inside the root by default.
    pub output: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// The date reviews are judged against; today unless set.
    pub today: Option<Date>,
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Options {
        Options {
            root: root.into(),
            output: None,
            drafts: false,
            today: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }

    /// Where smaller copies of pictures are kept between builds, so that
    /// a rebuild resizes only what changed: `.public.cache/pictures/`
    /// beside the output (which is replaced whole on every build).
    pub fn picture_cache(&self) -> PathBuf {
        let output = self.output_dir();
        let name = output
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        output
            .with_file_name(format!(".{name}.cache"))
            .join("pictures")
    }
}

/// The result of a build or check.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every problem found, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// How many content pages the site has.
    pub pages: usize,
    /// How many of them this build rendered: all of them, unless a
    /// [`Session`] rebuilt only what an edit affects.
    pub rendered: usize,
    /// Whether the output was written (only when there were no errors).
    pub written: bool,
    /// Reading figures of each rendered page, for `pamphlet stats`.
    pub stats: Vec<render::PageStats>,
}

impl Outcome {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    fn failed(problem: Diagnostic) -> Outcome {
        Outcome::from(vec![problem])
    }
}

impl From<Vec<Diagnostic>> for Outcome {
    /// A build that stopped with these problems.
    fn from(mut diagnostics: Vec<Diagnostic>) -> Outcome {
        diagnostic::tidy(&mut diagnostics);
        Outcome {
            diagnostics,
            ..Outcome::default()
        }
    }
}

/// Builds the site into the output folder. Writes nothing unless the
/// whole build succeeds; the previous output stays as it was otherwise.
pub fn build(options: &Options) -> Outcome {
    staged(options, |output| run(options, output))
}

/// Runs `render` into a staging folder beside the output and swaps it in
/// if it succeeded.
fn staged(options: &Options, render: impl FnOnce(&Staging) -> Outcome) -> Outcome {
    let target = options.output_dir();
    if let Err(problem) = check_output_dir(&options.root, &target) {
        return Outcome::failed(problem);
    }
    let staging = match Staging::new(&target) {
        Ok(staging) => staging,
        Err(error) => {
            return Outcome::failed(Diagnostic::error(
                "write",
                format!(
                    "cannot create a folder beside {}: {error}",
                    target.display()
                ),
            ))
        }
    };
    let mut outcome = render(&staging);
    if !outcome.has_errors() {
        match staging.commit() {
            Ok(()) => outcome.written = true,
            Err(error) => outcome.diagnostics.push(Diagnostic::error(
                "write",
                format!(
                    "cannot move the new site into {}: {error}",
                    target.display()
                ),
            )),
        }
    }
    outcome
}

/// Runs everything a build runs except writing.
pub fn check(options: &Options) -> Outcome {
    run(options, &Discard)
}

fn run(options: &Options, output: &dyn Output) -> Outcome {
    // No build follows: nothing is remembered for one.
    let (outcome, built) = run_full(options, output, render::Memory::default());
    free_in_background(built);
    outcome
}

/// What a full build loaded and rendered, for a [`Session`] to keep.
struct Built {
    loaded: load::LoadedSite,
    templates: Result<theme::Theme, Vec<Diagnostic>>,
    memory: render::Memory,
    shape: session::Shape,
}

/// A full build: load (compiling the templates meanwhile), resolve,
/// check and render into `output`; `memory` says whether to remember what
/// it rendered for the updates of a [`Session`].
fn run_full(
    options: &Options,
    output: &dyn Output,
    mut memory: render::Memory,
) -> (Outcome, Option<Built>) {
    let ((loaded, diagnostics), templates) = rayon::join(
        || load::site(&options.root),
        || theme::templates(&options.root),
    );
    let Some(loaded) = loaded else {
        return (Outcome::from(diagnostics), None);
    };
    let (site, mut problems) = resolve::site(&loaded, options.drafts);
    problems.extend(diagnostics);
    let shape = session::Shape::of(&site);
    let stages = Stages {
        options,
        theme: &templates,
        output,
    };
    let outcome = stages.run(&site, &mut memory, &render::Scope::All, problems);
    drop(site);
    let built = Built {
        loaded,
        templates,
        memory,
        shape,
    };
    (outcome, Some(built))
}

/// The stages after resolve, for a resolved site.
struct Stages<'o> {
    options: &'o Options,
    theme: &'o Result<theme::Theme, Vec<Diagnostic>>,
    output: &'o dyn Output,
}

impl Stages<'_> {
    fn run(
        &self,
        site: &resolve::Site<'_>,
        memory: &mut render::Memory,
        scope: &render::Scope<'_>,
        mut diagnostics: Vec<Diagnostic>,
    ) -> Outcome {
        let today = self.options.today.unwrap_or_else(Date::today);
        diagnostics.extend(check::site(site, today));
        let mut outcome = Outcome {
            pages: site.pages.len(),
            ..Outcome::default()
        };
        match self.theme {
            Ok(theme) => {
                let cache = self.options.picture_cache();
                let report =
                    render::site(site, theme, self.output, today, memory, scope, Some(&cache));
                diagnostics.extend(report.diagnostics);
                outcome.stats = report.stats;
                outcome.rendered = report.rendered;
            }
            Err(problems) => diagnostics.extend(problems.iter().cloned()),
        }
        check::apply_levels(&site.loaded.config, &mut diagnostics);
        diagnostic::tidy(&mut diagnostics);
        outcome.diagnostics = diagnostics;
        outcome
    }
}

/// Freeing a large site takes a noticeable part of a build (millions of
/// small allocations), and nothing waits for it: a command that is about to
/// exit need not wait, and `serve` goes back to waiting for edits.
pub(crate) fn free_in_background<T: Send + 'static>(value: T) {
    // With no thread to spare, spawning fails and drops the value here.
    let _ = std::thread::Builder::new()
        .name("free".into())
        .spawn(move || drop(value));
}

/// The output folder is replaced whole on every build, so it must never be
/// a folder that holds the site's own files.
fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, output) = (absolute(root), absolute(output));
    let protected = ["content", "templates", "static", "site.yaml"].map(|name| root.join(name));
    let holds_site = root.starts_with(&output)
        || protected
            .iter()
            .any(|p| p.starts_with(&output) || output.starts_with(p));
    if holds_site {
        Err(Diagnostic::error(
            "output-dir",
            format!("refusing to write the site into {}", output.display()),
        )
        .help(
            "the output folder is replaced on every build; choose an empty folder such as public/",
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_may_not_hold_the_site() {
        let root = Path::new("/site");
        for bad in [
            "/site",
            "/",
            "/site/content",
            "/site/content/x",
            "/site/static",
        ] {
            assert!(check_output_dir(root, Path::new(bad)).is_err(), "{bad}");
        }
        assert!(check_output_dir(root, Path::new("/site/public")).is_ok());
        assert!(check_output_dir(root, Path::new("/tmp/out")).is_ok());
    }
}
