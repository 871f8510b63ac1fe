//! Turning a request path into a file inside the output folder, and never
//! into anything else.
//!
//! Entry point: [`resolve`]. Each `/`-separated segment is percent-decoded
//! on its own and must then be one plain file name: no `.` or `..`, no `/`
//! (so `%2f` cannot smuggle in a separator), no `\`, no NUL, no drive or
//! root. Only then is the path joined to the output folder, and the real
//! (canonical) path of what it names must still lie inside that folder, so
//! a symbolic link cannot lead out of it either.

use std::path::{Component, Path, PathBuf};

use percent_encoding::percent_decode_str;

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file inside the output folder (its canonical path).
    File(PathBuf),
    /// A folder asked for without its trailing slash: send the browser to
    /// this path, so that the folder's relative links resolve inside it.
    Redirect(String),
    NotFound,
}

/// A path that could name something outside the output folder, or that is
/// not a path at all: refused outright, whatever exists on disk.
#[derive(Debug, PartialEq, Eq)]
pub struct Refused;

/// Finds what `path` (the request target without its query) names inside
/// `output`, which must be canonical.
pub fn resolve(output: &Path, path: &str) -> Result<Target, Refused> {
    let segments = segments(path)?;
    let mut file = segments.iter().fold(output.to_path_buf(), |p, s| p.join(s));
    if file.is_dir() {
        if !path.ends_with('/') {
            return Ok(Target::Redirect(folder_url(&segments)));
        }
        file.push("index.html");
    }
    // The last defence: whatever the segments were, the file that is
    // really opened (links followed) must be inside the output.
    Ok(match file.canonicalize() {
        Ok(real) if real.starts_with(output) && real.is_file() => Target::File(real),
        _ => Target::NotFound,
    })
}

/// The decoded segments of an origin-form path (`/a/b%20c/`), empty ones
/// dropped; refused unless every one is a plain name.
fn segments(path: &str) -> Result<Vec<String>, Refused> {
    let rest = path.strip_prefix('/').ok_or(Refused)?;
    rest.split('/')
        .filter(|raw| !raw.is_empty())
        .map(|raw| {
            let decoded = percent_decode_str(raw).decode_utf8().map_err(|_| Refused)?;
            is_plain_name(&decoded)
                .then(|| decoded.into_owned())
                .ok_or(Refused)
        })
        .collect()
}

/// One ordinary file or folder name on every platform.
fn is_plain_name(name: &str) -> bool {
    let mut components = Path::new(name).components();
    !name.contains(['/', '\\', '\0'])
        && matches!(components.next(), Some(Component::Normal(_)))
        && components.next().is_none()
}

/// `/a/b/` for the segments `a`, `b`, re-encoded: built from the checked
/// segments rather than the raw path so that `//host` can never become a
/// redirect to another site.
fn folder_url(segments: &[String]) -> String {
    if segments.is_empty() {
        return String::from("/");
    }
    format!("/{}/", crate::href::encode_path(&segments.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_of_a_parent_or_separator_is_refused() {
        for bad in [
            "/..",
            "/../x",
            "/a/../../x",
            "/%2e%2e/x",
            "/%2E%2E/x",
            "/.%2e/x",
            "/..%2fx",
            "/..%2Fx",
            "/%2e%2e%5cx",
            "/..\\x",
            "/a%00",
            "/%2fetc/passwd",
            "/./x",
            "/%ff",
            "http://host/x",
            "x",
            "",
            "*",
        ] {
            assert_eq!(segments(bad), Err(Refused), "{bad}");
        }
    }

    #[test]
    fn plain_paths_decode() {
        assert_eq!(segments("/").unwrap(), Vec::<String>::new());
        assert_eq!(segments("//a//b%20c/").unwrap(), ["a", "b c"]);
        assert_eq!(segments("/caf%C3%A9/x.css").unwrap(), ["café", "x.css"]);
        assert_eq!(
            segments("/a..b/.well-known").unwrap(),
            ["a..b", ".well-known"]
        );
    }

    #[test]
    fn folders_redirect_and_serve_their_index() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(output.join("a b")).unwrap();
        std::fs::write(output.join("a b/index.html"), "x").unwrap();
        assert_eq!(
            resolve(&output, "/a%20b"),
            Ok(Target::Redirect("/a%20b/".into()))
        );
        assert_eq!(
            resolve(&output, "/a%20b/"),
            Ok(Target::File(output.join("a b/index.html")))
        );
        assert_eq!(resolve(&output, "/missing"), Ok(Target::NotFound));
        assert_eq!(resolve(&output, "/"), Ok(Target::NotFound));
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_output_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        let output = base.join("site");
        std::fs::create_dir(&output).unwrap();
        std::fs::write(base.join("secret.txt"), "secret").unwrap();
        std::os::unix::fs::symlink(base.join("secret.txt"), output.join("leak.txt")).unwrap();
        assert_eq!(resolve(&output, "/leak.txt"), Ok(Target::NotFound));
    }
}
