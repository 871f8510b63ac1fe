//! Watching the site's own files: `content/`, `templates/`, `static/` and
//! `site.yaml`.
//!
//! notify's full debouncer gathers the events of a short quiet period into
//! one batch and ties renames together, so an editor's save-and-rename
//! (write a temporary file, rename it over the old one) is one change, not
//! three. Everything already queued when a batch is read is taken along,
//! so a burst of saves (a `git checkout`) is one rebuild.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};

/// How long the files must be quiet before a batch is handed over: long
/// enough to join an editor's write-and-rename, short next to a rebuild.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// The folders of a site that a build reads.
const FOLDERS: [&str; 3] = ["content", "templates", "static"];

/// The site's settings file.
const SETTINGS: &str = "site.yaml";

pub struct Watch {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    root: PathBuf,
}

impl Watch {
    /// Starts watching the site in `root` (canonical).
    pub fn start(root: &Path) -> notify::Result<Watch> {
        let (sender, events) = mpsc::channel();
        let mut debouncer = new_debouncer(DEBOUNCE, None, sender)?;
        // The root itself, not `site.yaml`: editors replace that file by a
        // rename, which would end a watch on the file. The root also sees a
        // folder created later, such as a first `templates/`.
        debouncer.watch(root, RecursiveMode::NonRecursive)?;
        let mut watch = Watch {
            debouncer,
            events,
            root: root.to_path_buf(),
        };
        watch.watch_folders();
        Ok(watch)
    }

    /// Waits up to `timeout` for a change and returns the site files that
    /// changed, relative to the root; empty when nothing did.
    pub fn changes(&mut self, timeout: Duration) -> Vec<PathBuf> {
        let Ok(first) = self.events.recv_timeout(timeout) else {
            return Vec::new();
        };
        let batches: Vec<DebounceEventResult> = std::iter::once(first)
            .chain(self.events.try_iter())
            .collect();
        let mut changed = BTreeSet::new();
        for batch in batches {
            match batch {
                Ok(events) => {
                    for event in events.iter().filter(|e| is_edit(&e.kind)) {
                        changed.extend(event.paths.iter().filter_map(|p| self.site_file(p)));
                        if event.need_rescan() {
                            // Events were lost: assume every folder changed.
                            changed.extend(FOLDERS.map(PathBuf::from));
                        }
                    }
                }
                Err(errors) => errors
                    .iter()
                    .for_each(|error| eprintln!("warning: watching files: {error}")),
            }
        }
        // A folder that was (re)created needs a watch of its own.
        if changed
            .iter()
            .any(|p| FOLDERS.iter().any(|f| p == Path::new(f)))
        {
            self.watch_folders();
        }
        changed.into_iter().collect()
    }

    fn watch_folders(&mut self) {
        for folder in FOLDERS.map(|f| self.root.join(f)) {
            if folder.is_dir() {
                if let Err(error) = self.debouncer.watch(&folder, RecursiveMode::Recursive) {
                    eprintln!("warning: cannot watch {}: {error}", folder.display());
                }
            }
        }
    }

    /// `path` relative to the root when it is something a build reads.
    fn site_file(&self, path: &Path) -> Option<PathBuf> {
        let relative = path.strip_prefix(&self.root).ok()?;
        is_site_file(relative).then(|| relative.to_path_buf())
    }
}

/// Whether a change of this path (relative to the root) changes the site.
fn is_site_file(relative: &Path) -> bool {
    let mut parts = relative.iter().filter_map(|p| p.to_str());
    let read_by_build = match parts.next() {
        Some(SETTINGS) => parts.next().is_none(),
        Some(top) => FOLDERS.contains(&top),
        None => false,
    };
    read_by_build && !relative.file_name().is_some_and(is_scratch)
}

/// Editors' swap, backup and lock files (`.a.md.swp`, `a.md~`, `#a.md#`,
/// `.#a.md`), written while someone types: never worth a rebuild. The same
/// names `load.rs` leaves out of the content.
fn is_scratch(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name.starts_with('#')
}

/// Reading a file is no change; a build reads every file, so counting
/// reads would make each rebuild trigger the next. (A write is also
/// reported as a modification, so closing a written file adds nothing.)
fn is_edit(kind: &EventKind) -> bool {
    !matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_a_build_reads_counts() {
        for yes in [
            "site.yaml",
            "content",
            "content/a/b.md",
            "templates/page.html",
            "static/.well-known/security.txt",
        ] {
            assert!(is_site_file(Path::new(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            "site.yaml~",
            "content/.a.md.swp",
            "content/a.md~",
            "content/#a.md#",
            "README.md",
            "",
        ] {
            assert!(!is_site_file(Path::new(no)), "{no}");
        }
    }
}
