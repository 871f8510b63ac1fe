//! Stage 1, load: read a site folder into memory.
//!
//! Entry point: [`site`]. It reads `site.yaml`, walks `content/` with
//! walkdir, splits each Markdown file's front matter from its body and
//! parses it into [`FrontMatter`], and reads the site-wide bibliography.
//! Nothing is interpreted yet (no URLs, no citations): that is resolve's job.
//! Every problem becomes a diagnostic and the file is skipped, so one broken
//! page never hides the problems of the others.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, LineIndex, Location, Severity};
use crate::import;
use crate::model::{FrontMatter, Source};
use crate::yaml::{Block, Read, Spans, Step};

/// The largest front matter read: far beyond any real page, small enough
/// that a hostile file cannot make a build slow.
pub const MAX_FRONT_MATTER: usize = 1 << 20;

/// A site as read from disk.
pub struct LoadedSite {
    pub root: PathBuf,
    pub config: SiteConfig,
    /// The text of `site.yaml`, for pointing diagnostics at its lines.
    pub config_text: String,
    pub pages: Vec<PageFile>,
    /// Site-wide sources from `content/sources.yaml` and `content/sources.json`.
    pub sources: Vec<SiteSource>,
    /// Files under `content/` that are neither pages nor data, such as
    /// images: copied beside the pages that use them.
    pub assets: Vec<PathBuf>,
}

/// One Markdown file: its front matter, as text and parsed.
pub struct PageFile {
    /// Relative to the site root, with `/` separators: `content/articles/a.md`.
    pub path: PathBuf,
    /// The file's text up to its body: the front matter and its `---`
    /// lines (without a byte-order mark). The body, most of a page, is read
    /// again when the page renders ([`PageFile::read_source`]): a site of
    /// 100,000 pages would otherwise hold nearly a gigabyte of text from
    /// the start of a build to its end.
    pub text: String,
    pub front: FrontMatter,
    /// Byte range of the YAML between the `---` lines.
    pub yaml: Range<usize>,
    /// Byte range of the Markdown body in the whole file, as loaded.
    pub body: Range<usize>,
    /// Where each front-matter key and value is written: worked out again
    /// when a problem first needs a place, and kept from loading only for a
    /// page that had problems then. Every page's spans, kept from start to
    /// end, were the largest part of a build's memory (about 15 KB a page).
    spans: OnceLock<Spans>,
    /// Top-level fields left out because they could not be read (each
    /// reported): checks that depend on them say nothing more.
    pub left_out: Vec<String>,
}

impl PageFile {
    pub fn yaml_block(&self) -> Block<'_> {
        Block {
            text: &self.text[self.yaml.clone()],
            file: &self.path,
            line_offset: 1,
        }
    }

    /// Where each front-matter key and value is written.
    pub fn spans(&self) -> &Spans {
        // The text parsed when the page loaded: the same spans, or the same
        // syntax error (reported then) and none.
        self.spans
            .get_or_init(|| self.yaml_block().spans().unwrap_or_default())
    }

    /// Where the front-matter key that ends `path` is written, e.g.
    /// `[Key("sources"), Key("howe2011")]`; the first line if nowhere.
    pub fn key_location(&self, path: &[Step<'_>]) -> Location {
        let (line, column) = self
            .spans()
            .key(path)
            .map_or((1, 1), |node| (node.line, node.column));
        self.location(line, column)
    }

    /// Where byte `offset` of the front-matter text `value`, the value at
    /// `path`, is written; its key's line if the value is nowhere.
    pub fn value_location(&self, path: &[Step<'_>], value: &str, offset: usize) -> Location {
        let spans = self.spans();
        let (line, column) = match spans.node(path) {
            Some(node) => node.position_in(&self.text[self.yaml.clone()], value, offset),
            None => spans
                .key(path)
                .map_or((1, 1), |node| (node.line, node.column)),
        };
        self.location(line, column)
    }

    fn location(&self, line: usize, column: usize) -> Location {
        Location {
            file: self.path.clone(),
            line,
            column,
        }
    }

    /// The page's whole text, read again to render its body (without a
    /// byte-order mark, as loaded). An error when the file cannot be read,
    /// or when its front matter changed since it was loaded: an edit
    /// during the build, which the next build reads afresh.
    pub fn read_source(&self, root: &Path) -> Result<PageSource, Diagnostic> {
        let mut text = read_text(root, &self.path)?;
        if text.starts_with('\u{feff}') {
            text.drain(..3);
        }
        if !text.starts_with(&self.text) {
            return Err(Diagnostic::error(
                "read",
                format!(
                    "{} changed while the site was building",
                    self.path.display()
                ),
            )
            .in_file(&self.path)
            .help("build again: the next build reads it afresh"));
        }
        Ok(PageSource {
            text,
            body: self.body.start,
        })
    }

    /// Path below `content/`, e.g. `articles/a.md`.
    pub fn content_path(&self) -> &Path {
        self.path.strip_prefix("content").unwrap_or(&self.path)
    }
}

/// A source from the site-wide bibliography, with where it is defined.
pub struct SiteSource {
    pub key: String,
    pub source: Source,
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// Reads the site at `root`. Returns what could be read and every problem
/// met on the way; `None` only when there is no usable `site.yaml`.
pub fn site(root: &Path) -> (Option<LoadedSite>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let config = load_config(root, &mut diagnostics);
    let content = root.join("content");
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                "no-content",
                format!("no content folder in {}", root.display()),
            )
            .help("create content/ with Markdown pages, or pass --root with the site folder"),
        );
    }
    let Some((config, config_text)) = config else {
        return (None, diagnostics);
    };

    let (page_paths, assets, walk_problems) = walk_content(root);
    diagnostics.extend(walk_problems);
    let results: Vec<_> = page_paths.par_iter().map(|path| page(root, path)).collect();
    let mut pages = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok((page, problems)) => {
                pages.push(page);
                diagnostics.extend(problems);
            }
            Err(problems) => diagnostics.extend(problems),
        }
    }
    let sources = load_site_sources(root, &mut diagnostics);
    (
        Some(LoadedSite {
            root: root.to_path_buf(),
            config,
            config_text,
            pages,
            sources,
            assets,
        }),
        diagnostics,
    )
}

fn load_config(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<(SiteConfig, String)> {
    let file = Path::new("site.yaml");
    let text = match read_text(root, file) {
        Ok(text) => text,
        Err(problem) => {
            diagnostics.push(problem.help(
                "create site.yaml with at least `title: Your site name`, or run `pamphlet new DIR`",
            ));
            return None;
        }
    };
    match Block::file(&text, file).parse::<SiteConfig>(SiteConfig::FIELDS) {
        Ok(config) => Some((config, text)),
        Err(problems) => {
            diagnostics.extend(problems);
            None
        }
    }
}

/// Markdown pages and other files below `content/`, sorted so that output
/// never depends on the order the file system lists them in.
fn walk_content(root: &Path) -> (Vec<PathBuf>, Vec<PathBuf>, Vec<Diagnostic>) {
    let (mut pages, mut assets, mut problems) = (Vec::new(), Vec::new(), Vec::new());
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let walker = WalkDir::new(root.join("content"))
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    let mut entries = walker.filter_entry(|e| e.depth() == 0 || !is_ignored(e.file_name()));
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().map(|p| relative(root, p)).unwrap_or_default();
                problems.push(Diagnostic::error(
                    "read",
                    format!("cannot read {}: {error}", path.display()),
                ));
                continue;
            }
        };
        let path = relative(root, entry.path());
        if entry.path_is_symlink() && !points_inside(entry.path(), &real_root) {
            problems.push(
                Diagnostic::warning(
                    "symlink-outside",
                    format!(
                        "{} links to a file outside the site; it is left out",
                        path.display()
                    ),
                )
                .help("copy the file into the site folder instead of linking to it"),
            );
            if entry.file_type().is_dir() {
                entries.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let is_data = path.parent() == Some(Path::new("content"))
            && matches!(
                path.file_name().and_then(|n| n.to_str()),
                Some("sources.yaml" | "sources.json")
            );
        match path.extension().and_then(|e| e.to_str()) {
            Some("md") => pages.push(path),
            _ if is_data => {}
            Some("yaml" | "yml") => {} // data files, read by the pages that name them
            _ => assets.push(path),
        }
    }
    (pages, assets, problems)
}

/// Symbolic links are followed only when they stay inside the site, so a
/// link cannot publish a file from elsewhere on the machine.
fn points_inside(path: &Path, real_root: &Path) -> bool {
    std::fs::canonicalize(path).is_ok_and(|target| target.starts_with(real_root))
}

/// Editor droppings and hidden files are not content.
fn is_ignored(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.ends_with('~') || name.starts_with("#")
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Reads a site file as UTF-8 text; `file` is relative to `root`.
pub fn read_text(root: &Path, file: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(root.join(file)).map_err(|error| {
        Diagnostic::error("read", format!("cannot read {}: {error}", file.display())).in_file(file)
    })?;
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        let (line, column) = LineIndex::new(valid).line_col(valid.len());
        Diagnostic::error("not-utf8", "this file is not UTF-8 text")
            .at(file, line, column)
            .help("save the file with UTF-8 encoding (most editors offer it under \"Save with encoding\")")
    })
}

/// A page's whole text, read for rendering (see [`PageFile::read_source`]).
pub struct PageSource {
    pub text: String,
    /// Where the body starts.
    body: usize,
}

impl PageSource {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.text[self.body..]
    }
}

/// Loads one page file; `path` is relative to `root`. A page whose front
/// matter has problems still loads, without the fields that could not be
/// read, so that its other problems show in the same run; it fails only
/// when nothing can be read.
pub fn page(root: &Path, path: &Path) -> Result<(PageFile, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut text = read_text(root, path).map_err(|d| vec![d])?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    let split = split_front_matter(&text).map_err(|problem| vec![problem.at_file(path)])?;
    let block = Block {
        text: &text[split.yaml.clone()],
        file: path,
        line_offset: 1,
    };
    if block.text.len() > MAX_FRONT_MATTER {
        return Err(vec![Diagnostic::error(
            "front-matter",
            format!(
                "the front matter is {} KB; more than {} KB is not read",
                block.text.len() >> 10,
                MAX_FRONT_MATTER >> 10
            ),
        )
        .at(path, 2, 1)
        .help(
            "keep long texts in the Markdown body, and sources in content/sources.yaml",
        )]);
    }
    let read = if block.text.trim().is_empty() {
        Read {
            value: None,
            spans: Spans::default(),
            problems: vec![Diagnostic::error("missing-field", "missing field `title`")
                .at(path, 1, 1)
                .help("add `title: ...` between the `---` lines")],
            left_out: Vec::new(),
        }
    } else {
        block.read::<FrontMatter>(Some(FrontMatter::FIELDS))
    };
    // A page whose front matter reads not at all still takes its place in
    // the site, titled by its file name and with no fields, so that links
    // to it and its body are still checked; its own problem is the only
    // one about its front matter.
    let (front, left_out) = match read.value {
        Some(front) => (front, read.left_out),
        None => (
            FrontMatter {
                title: path
                    .file_stem()
                    .map_or_else(String::new, |s| s.to_string_lossy().into_owned()),
                ..FrontMatter::default()
            },
            FrontMatter::FIELDS.iter().map(|f| f.to_string()).collect(),
        ),
    };
    let mut problems = read.problems;
    problems.extend(repeated_sources(path, &read.spans, &[Step::Key("sources")]));
    text.truncate(split.body.start);
    text.shrink_to_fit();
    let spans = OnceLock::new();
    if !problems.is_empty() {
        let _ = spans.set(read.spans);
    }
    let page = PageFile {
        path: path.to_path_buf(),
        front,
        yaml: split.yaml,
        body: split.body,
        spans,
        left_out,
        text,
    };
    Ok((page, problems))
}

/// A source key written twice in one map: serde keeps the last silently,
/// which would hide a clash between two sources.
fn repeated_sources(file: &Path, spans: &Spans, map: &[Step<'_>]) -> Vec<Diagnostic> {
    spans
        .repeated_keys(map)
        .into_iter()
        .map(|(entry, first)| {
            Diagnostic::error(
                "duplicate-source",
                format!("`{}` is defined twice", entry.key),
            )
            .at(file, entry.key_node.line, entry.key_node.column)
            .help(format!(
                "the first definition is on line {first}; remove one, or give them different keys"
            ))
        })
        .collect()
}

/// Where front matter and body lie in a page's text.
#[derive(Debug, PartialEq, Eq)]
pub struct Split {
    pub yaml: Range<usize>,
    pub body: Range<usize>,
}

/// A problem with the `---` fences, before the file's path is known.
#[derive(Debug, PartialEq, Eq)]
pub struct FenceProblem {
    line: usize,
    message: &'static str,
    help: &'static str,
}

impl FenceProblem {
    fn at_file(self, file: &Path) -> Diagnostic {
        Diagnostic::error("front-matter", self.message)
            .at(file, self.line, 1)
            .help(self.help)
    }
}

/// Splits `---`-fenced YAML front matter from the Markdown body. The opening
/// fence must be the first line; the closing one is the next line that is
/// `---` (or YAML's `...`) alone. Handles LF and CRLF line endings.
pub fn split_front_matter(text: &str) -> Result<Split, FenceProblem> {
    let mut lines = line_ranges(text);
    let opening = lines.next().filter(|r| is_fence(&text[r.clone()]));
    let Some(opening) = opening else {
        return Err(FenceProblem {
            line: 1,
            message: "this page has no front matter",
            help: "start the file with a line `---`, then `title: Page title`, then another `---`",
        });
    };
    let yaml_start = opening.end;
    for range in lines {
        if is_fence(&text[range.clone()]) || text[range.clone()].trim_end() == "..." {
            return Ok(Split {
                yaml: yaml_start..range.start,
                body: range.end..text.len(),
            });
        }
    }
    Err(FenceProblem {
        line: 1,
        message: "the front matter that starts here never closes",
        help: "add a line with only `---` after the last front-matter field",
    })
}

/// Byte ranges of each line including its line ending.
fn line_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = text[start..]
            .find('\n')
            .map_or(text.len(), |i| start + i + 1);
        let range = start..end;
        start = end;
        Some(range)
    })
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

fn load_site_sources(root: &Path, diagnostics: &mut Vec<Diagnostic>) -> Vec<SiteSource> {
    let mut sources = Vec::new();
    let yaml_file = Path::new("content/sources.yaml");
    if root.join(yaml_file).is_file() {
        match read_text(root, yaml_file) {
            Ok(text) => {
                let read = Block::file(&text, yaml_file).read::<BTreeMap<String, Source>>(None);
                diagnostics.extend(read.problems);
                diagnostics.extend(repeated_sources(yaml_file, &read.spans, &[]));
                let map = read.value.unwrap_or_default();
                sources.extend(map.into_iter().map(|(key, source)| {
                    let (line, column) = read
                        .spans
                        .key(&[Step::Key(&key)])
                        .map_or((1, 1), |node| (node.line, node.column));
                    SiteSource {
                        key,
                        source,
                        file: yaml_file.to_path_buf(),
                        line,
                        column,
                    }
                }));
            }
            Err(problem) => diagnostics.push(problem),
        }
    }
    let json_file = Path::new("content/sources.json");
    if root.join(json_file).is_file() {
        match read_text(root, json_file) {
            Ok(text) => {
                let (entries, problems) = import::from_csl_json(&text);
                diagnostics.extend(problems.into_iter().map(|p| import_problem(p, json_file)));
                sources.extend(entries.into_iter().map(|entry| SiteSource {
                    key: entry.key,
                    source: entry.source,
                    file: json_file.to_path_buf(),
                    line: entry.line,
                    column: 1,
                }));
            }
            Err(problem) => diagnostics.push(problem),
        }
    }
    sources
}

fn import_problem(problem: import::ImportProblem, file: &Path) -> Diagnostic {
    let diagnostic = match problem.severity {
        Severity::Error => Diagnostic::error("csl-json", problem.message),
        Severity::Warning | Severity::Note => Diagnostic::warning("csl-json", problem.message),
    }
    .at(file, problem.line, problem.column);
    match problem.help {
        Some(help) => diagnostic.help(help),
        None => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Result<(&str, &str), FenceProblem> {
        split_front_matter(text).map(|s| (&text[s.yaml], &text[s.body]))
    }

    #[test]
    fn splits_front_matter_from_body() {
        assert_eq!(
            split("---\ntitle: A\n---\nBody\n").unwrap(),
            ("title: A\n", "Body\n")
        );
    }

    #[test]
    fn handles_crlf_line_endings() {
        assert_eq!(
            split("---\r\ntitle: A\r\n---\r\nBody\r\n").unwrap(),
            ("title: A\r\n", "Body\r\n")
        );
    }

    #[test]
    fn a_rule_in_the_body_is_not_a_fence() {
        let (yaml, body) = split("---\ntitle: A\n---\nOne\n\n---\n\nTwo\n").unwrap();
        assert_eq!(yaml, "title: A\n");
        assert_eq!(body, "One\n\n---\n\nTwo\n");
    }

    #[test]
    fn empty_block_and_no_body() {
        assert_eq!(split("---\n---\n").unwrap(), ("", ""));
        assert_eq!(split("---\ntitle: A\n---").unwrap(), ("title: A\n", ""));
    }

    #[test]
    fn yaml_end_marker_closes_too() {
        assert_eq!(
            split("---\ntitle: A\n...\nBody").unwrap(),
            ("title: A\n", "Body")
        );
    }

    #[test]
    fn unclosed_and_missing_front_matter_are_problems() {
        assert_eq!(
            split("---\ntitle: A\nBody\n").unwrap_err().message,
            "the front matter that starts here never closes"
        );
        assert_eq!(
            split("# Just markdown\n").unwrap_err().message,
            "this page has no front matter"
        );
        assert_eq!(
            split("").unwrap_err().message,
            "this page has no front matter"
        );
        // `----` is a rule, not a fence.
        assert!(split("----\ntitle: A\n----\n").is_err());
    }

    #[test]
    fn bom_is_stripped_before_splitting() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        std::fs::write(
            dir.path().join("content/a.md"),
            "\u{feff}---\ntitle: A\n---\nBody\n",
        )
        .unwrap();
        let (page, _) = page(dir.path(), Path::new("content/a.md")).ok().unwrap();
        assert_eq!(page.front.title, "A");
        let source = page.read_source(dir.path()).ok().unwrap();
        assert_eq!(source.body(), "Body\n");
        // An edit to the front matter during a build is noticed.
        std::fs::write(
            dir.path().join("content/a.md"),
            "---\ntitle: B\n---\nBody\n",
        )
        .unwrap();
        assert!(page.read_source(dir.path()).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_followed_only_inside_the_site() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(
            outside.path().join("secret.md"),
            "---\ntitle: Secret\n---\n",
        )
        .unwrap();
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("content/shared")).unwrap();
        std::fs::write(
            site.path().join("content/shared/a.md"),
            "---\ntitle: A\n---\n",
        )
        .unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.md"),
            site.path().join("content/secret.md"),
        )
        .unwrap();
        std::os::unix::fs::symlink(
            site.path().join("content/shared/a.md"),
            site.path().join("content/alias.md"),
        )
        .unwrap();
        std::os::unix::fs::symlink(outside.path(), site.path().join("content/elsewhere")).unwrap();
        let (pages, _, problems) = walk_content(site.path());
        assert_eq!(
            pages,
            [
                PathBuf::from("content/alias.md"),
                PathBuf::from("content/shared/a.md")
            ]
        );
        assert_eq!(
            problems.iter().map(|p| p.code).collect::<Vec<_>>(),
            ["symlink-outside", "symlink-outside"]
        );
    }

    #[test]
    fn non_utf8_is_reported_at_the_first_bad_byte() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), b"---\ntitle: caf\xe9\n---\n").unwrap();
        let problem = read_text(dir.path(), Path::new("a.md")).unwrap_err();
        assert_eq!(
            problem.to_string().lines().next().unwrap(),
            "error[not-utf8]: a.md:2:11: this file is not UTF-8 text"
        );
    }
}
