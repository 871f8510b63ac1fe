//! Helpers for tests that build real site folders and read the HTML.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use pamphlet::date::Date;
use pamphlet::{Options, Outcome};
use scraper::{Html, Selector};

/// A copy of a fixture site in a temporary folder, so builds never write
/// into the repository.
pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    pub fn fixture(name: &str) -> TestSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&from, dir.path());
        TestSite { dir }
    }

    /// An empty site folder to fill with `write`.
    pub fn empty() -> TestSite {
        TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: impl AsRef<[u8]>) -> &TestSite {
        let full = self.root().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
        self
    }

    pub fn options(&self) -> Options {
        Options {
            today: Date::parse("2026-11-22"),
            ..Options::new(self.root())
        }
    }

    pub fn build(&self) -> Outcome {
        pamphlet::build(&self.options())
    }

    /// Builds and fails the test on any error.
    pub fn build_ok(&self) -> Outcome {
        let outcome = self.build();
        let errors: Vec<String> = outcome
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect();
        assert!(errors.is_empty(), "build failed:\n{}", errors.join("\n"));
        assert!(outcome.written);
        outcome
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.public().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub fn page(&self, path: &str) -> Page {
        Page {
            html: Html::parse_document(&self.read(path)),
            source: self.read(path),
        }
    }

    /// Every HTML file in the output, relative to it.
    pub fn html_files(&self) -> Vec<String> {
        let mut files: Vec<String> = walkdir::WalkDir::new(self.public())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
            .map(|e| {
                e.path()
                    .strip_prefix(self.public())
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        files.sort();
        files
    }
}

pub struct Page {
    pub html: Html,
    pub source: String,
}

impl Page {
    pub fn all(&self, css: &str) -> Vec<scraper::ElementRef<'_>> {
        self.html.select(&Selector::parse(css).unwrap()).collect()
    }

    pub fn one(&self, css: &str) -> scraper::ElementRef<'_> {
        self.all(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("nothing matches {css}"))
    }

    pub fn text(&self, css: &str) -> String {
        self.one(css).text().collect::<String>()
    }

    pub fn texts(&self, css: &str) -> Vec<String> {
        self.all(css)
            .iter()
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect()
    }

    pub fn attrs(&self, css: &str, name: &str) -> Vec<String> {
        self.all(css)
            .iter()
            .filter_map(|e| e.value().attr(name))
            .map(String::from)
            .collect()
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// `dir/index.html` + `../x/index.html#y` → (`x/index.html`, `y`).
pub fn resolve_href(page: &str, href: &str) -> (String, Option<String>) {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    if path.is_empty() {
        return (page.to_string(), fragment);
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in path.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." => {}
            p => parts.push(p),
        }
    }
    (parts.join("/"), fragment)
}
