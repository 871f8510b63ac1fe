//! Stage 5, write: put the built site in place without ever losing one.
//!
//! Entry point: [`Staging`]. Pages are written into a fresh folder beside
//! the output as soon as they are rendered (so memory holds metadata, not
//! the whole site); only when the whole build succeeded is that folder
//! swapped in for the output. A failed or interrupted build leaves the
//! previous output exactly as it was.

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

/// Where rendered files go.
pub trait Output: Sync {
    /// Writes `bytes` at `path`, a `/`-separated path below the output.
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()>;
}

/// Discards everything: what `pamphlet check` renders into.
pub struct Discard;

impl Output for Discard {
    fn write(&self, _path: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }
}

/// A fresh folder beside the output, swapped in by [`Staging::commit`].
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates `.NAME.staging-PID` beside `target`, on the same file
    /// system so the final swap is a rename.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    /// Replaces the output with the staged folder: the old output is moved
    /// aside first, then removed once the new one is in place.
    pub fn commit(mut self) -> io::Result<()> {
        let old = self.dir.with_file_name(format!(
            ".{}.old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.target.exists();
        if had_old {
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(error) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(error);
        }
        self.committed = true;
        if had_old {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
}

impl Output for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let full = self.dir.join(checked(path)?);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&full, bytes)
    }
}

impl Drop for Staging {
    /// A build that never committed leaves nothing behind.
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Files held in memory until the build is known to have succeeded, then
/// written into the live output one by one: what an incremental rebuild
/// writes, a few pages and the search index, so there is nothing to stage.
#[derive(Default)]
pub struct Buffer {
    files: Mutex<Vec<(String, Vec<u8>)>>,
}

impl Buffer {
    /// The paths written so far.
    pub fn paths(&self) -> Vec<String> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.iter().map(|(path, _)| path.clone()).collect()
    }

    /// Writes every file into `target`. Each is written beside its place
    /// and renamed over it, so a reader sees the old file or the new one.
    pub fn flush(self, target: &Path) -> io::Result<()> {
        let files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        for (path, bytes) in files {
            let full = target.join(checked(&path)?);
            if let Some(parent) = full.parent() {
                std::fs::create_dir_all(parent)?;
            }
            let mut temporary = full.clone().into_os_string();
            temporary.push(format!(".new-{}", std::process::id()));
            std::fs::write(&temporary, &bytes)?;
            std::fs::rename(&temporary, &full)?;
        }
        Ok(())
    }
}

impl Output for Buffer {
    fn write(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        checked(path)?;
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.push((path.to_string(), bytes.to_vec()));
        Ok(())
    }
}

fn checked(path: &str) -> io::Result<PathBuf> {
    safe_relative(path).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output: {path}"),
        )
    })
}

/// `path` as a relative path with no `..`, root or drive: the last line of
/// defence against a page writing outside the output folder.
fn safe_relative(path: &str) -> Option<PathBuf> {
    let path = Path::new(path);
    let safe = !path.as_os_str().is_empty()
        && path.components().all(|c| matches!(c, Component::Normal(_)));
    safe.then(|| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_buffer_writes_nothing_until_flushed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("old.html"), "old").unwrap();
        let buffer = Buffer::default();
        buffer.write("a/index.html", b"new").unwrap();
        buffer.write("old.html", b"changed").unwrap();
        assert!(buffer.write("../escape.html", b"x").is_err());
        assert!(!dir.path().join("a").exists());
        assert_eq!(buffer.paths(), ["a/index.html", "old.html"]);
        buffer.flush(dir.path()).unwrap();
        let read = |p: &str| std::fs::read_to_string(dir.path().join(p)).unwrap();
        assert_eq!(
            (read("a/index.html"), read("old.html")),
            ("new".into(), "changed".into())
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temporary files left"
        );
    }

    #[test]
    fn commit_swaps_and_drop_discards() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.html"), "old").unwrap();

        let staging = Staging::new(&target).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        drop(staging);
        assert_eq!(
            std::fs::read_to_string(target.join("old.html")).unwrap(),
            "old"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "staging folder left behind"
        );

        let staging = Staging::new(&target).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        staging.commit().unwrap();
        assert!(!target.join("old.html").exists());
        assert_eq!(
            std::fs::read_to_string(target.join("a/index.html")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn refuses_paths_that_escape() {
        let dir = tempfile::tempdir().unwrap();
        let staging = Staging::new(&dir.path().join("public")).unwrap();
        for bad in ["../x", "/etc/x", "a/../../x", ""] {
            assert!(staging.write(bad, b"x").is_err(), "{bad}");
        }
    }
}
