//! Problems found in a site, and how they are shown to people.
//!
//! Every stage reports what it finds as [`Diagnostic`]s instead of stopping
//! at the first one, so an editor sees everything that is wrong in one run.
//! A diagnostic names the file, line and column, says what is wrong and, in
//! `help`, how to fix it. [`emit`] prints them the way rustc does (with
//! codespan-reporting); [`to_json`] gives one object per diagnostic for
//! editor plug-ins and CI.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::term::termcolor::{Color, ColorSpec, WriteColor};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something the build did or skipped that is worth knowing; never a
    /// failure, not even with `--deny-warnings`.
    Note,
    Warning,
    Error,
}

/// A place in a file of the site: 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// Relative to the site root, so messages stay short and portable.
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// A diagnostic code: its stable name, the level it is reported at, and
/// whether a site can change that level (a lint) or not. Every code the
/// program emits is in [`CODES`], and `docs/lints.md` documents exactly
/// these (a test holds the two together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub name: &'static str,
    /// The level it is reported at, unless `site.yaml` sets another.
    pub severity: Severity,
    /// Whether `site.yaml` may set its level under `lints:`.
    pub lint: bool,
}

const fn lint(name: &'static str, severity: Severity) -> Code {
    Code {
        name,
        severity,
        lint: true,
    }
}

const fn fixed(name: &'static str, severity: Severity) -> Code {
    Code {
        name,
        severity,
        lint: false,
    }
}

use Severity::{Error, Note, Warning};

/// Every diagnostic code, lints first.
pub const CODES: &[Code] = &[
    lint("unknown-source", Error),
    lint("duplicate-source", Error),
    lint("duplicate-identifier", Error),
    lint("uncited-source", Warning),
    lint("uncited-claim", Warning),
    lint("review-missing", Warning),
    lint("reviewer-missing", Warning),
    lint("reviewer-role", Warning),
    lint("review-future", Error),
    lint("review-due", Warning),
    lint("reading-level", Warning),
    lint("broken-link", Error),
    lint("broken-anchor", Error),
    lint("image-alt", Warning),
    lint("help-missing", Warning),
    lint("heading-attribute", Warning),
    lint("insecure-link", Warning),
    lint("unsafe-link", Error),
    lint("raw-html", Warning),
    lint("disclaimer-missing", Warning),
    lint("owner-missing", Warning),
    fixed("yaml", Error),
    fixed("yaml-syntax", Error),
    fixed("unknown-field", Error),
    fixed("missing-field", Error),
    fixed("front-matter", Error),
    fixed("not-utf8", Error),
    fixed("read", Error),
    fixed("no-content", Error),
    fixed("duplicate-url", Error),
    fixed("bad-slug", Error),
    fixed("citation-syntax", Error),
    fixed("unclosed-citation", Error),
    fixed("adjacent-citations", Error),
    fixed("citation-definition", Error),
    fixed("citation-in-summary", Error),
    fixed("citation-in-disclaimer", Error),
    fixed("source-field", Error),
    fixed("source-key", Error),
    fixed("comparison-shape", Error),
    fixed("duplicate-id", Error),
    fixed("footnote-label", Error),
    fixed("image", Error),
    fixed("placeholder-text", Error),
    fixed("reviewer-name", Error),
    fixed("site-title", Error),
    fixed("base-url", Error),
    fixed("site-url", Error),
    fixed("template", Error),
    fixed("output-dir", Error),
    fixed("write", Error),
    fixed("unknown-lint", Error),
    fixed("csl-json", Error),
    fixed("plan-path", Error),
    fixed("plan-duplicate", Error),
    fixed("plan-bad-id", Error),
    fixed("plan-bad-number", Error),
    fixed("plan-bad-target", Error),
    fixed("plan-no-answers", Error),
    fixed("plan-no-budget", Error),
    fixed("plan-unknown-answer", Error),
    fixed("plan-unknown-category", Error),
    fixed("plan-unknown-equipment", Error),
    fixed("plan-unknown-question", Error),
    fixed("plan-unmeetable-target", Error),
    fixed("plan-uncited", Error),
    fixed("plan-unplanned-activity", Warning),
    fixed("symlink-outside", Warning),
    fixed("image-not-resized", Warning),
    fixed("no-base-url", Note),
    fixed("internal", Error),
];

/// The registered code called `name`.
pub fn code(name: &str) -> Option<&'static Code> {
    CODES.iter().find(|code| code.name == name)
}

/// The codes whose level `site.yaml` can set.
pub fn lints() -> impl Iterator<Item = &'static Code> {
    CODES.iter().filter(|code| code.lint)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable name of the rule, e.g. `unknown-source`; documented in docs/.
    pub code: &'static str,
    pub message: String,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, message.into())
    }

    pub fn note(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Note, code, message.into())
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(Severity::Warning, code, message.into())
    }

    /// Every code comes from [`CODES`]: a test run that emits one that is
    /// not there stops here, so the registry (and its documentation)
    /// cannot fall behind the code.
    fn new(severity: Severity, code: &'static str, message: String) -> Diagnostic {
        debug_assert!(
            self::code(code).is_some(),
            "`{code}` is not in diagnostic::CODES (nor in docs/lints.md)"
        );
        Diagnostic {
            severity,
            code,
            message,
            location: None,
            help: None,
        }
    }

    pub fn at(mut self, file: impl Into<PathBuf>, line: usize, column: usize) -> Diagnostic {
        self.location = Some(Location {
            file: file.into(),
            line: line.max(1),
            column: column.max(1),
        });
        self
    }

    pub fn at_location(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    /// Points at a whole file when no better place is known.
    pub fn in_file(self, file: impl Into<PathBuf>) -> Diagnostic {
        self.at(file, 1, 1)
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }
}

/// The plain one-line form, as used in tests and when no terminal is around:
/// `error[unknown-source]: content/a.md:3:7: no source called `x``.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{severity}[{}]: ", self.code)?;
        if let Some(loc) = &self.location {
            write!(f, "{}:{}:{}: ", loc.file.display(), loc.line, loc.column)?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by file and position and drops exact repeats, so that
/// output does not depend on the order parallel work finished in.
pub fn tidy(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.location, b.severity, &a.message).cmp(&(&b.location, a.severity, &b.message))
    });
    diagnostics.dedup();
}

/// Prints diagnostics the way rustc does: the offending line and a caret
/// under the spot. `root` is the site folder the diagnostics' paths are
/// relative to.
///
/// Printing costs what it prints: each file is read and its lines indexed
/// once, a diagnostic shows only its own line (cut to a window around the
/// spot when the line is long), and reports are written straight into
/// `out`, which should be buffered. (codespan-reporting drew the same
/// reports at about three times the cost, laying out labels this one
/// line never has.)
pub fn emit(
    out: &mut dyn WriteColor,
    root: &Path,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    let mut ids: HashMap<&Path, usize> = HashMap::new();
    let mut texts: Vec<String> = Vec::new();
    for location in diagnostics.iter().filter_map(|d| d.location.as_ref()) {
        ids.entry(&location.file).or_insert_with(|| {
            let text = std::fs::read(root.join(&location.file))
                .map(|bytes| {
                    String::from_utf8(bytes)
                        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
                })
                .unwrap_or_default();
            texts.push(text);
            texts.len() - 1
        });
    }
    let indexes: Vec<LineIndex<'_>> = texts.iter().map(|text| LineIndex::new(text)).collect();
    for diagnostic in diagnostics {
        let excerpt = diagnostic
            .location
            .as_ref()
            .map(|loc| Excerpt::of(&indexes[ids[loc.file.as_path()]], loc));
        report(out, diagnostic, excerpt.as_ref())?;
    }
    out.flush()
}

/// One report:
///
/// ```text
/// error[unknown-field]: unknown field `safety_tip`
///   ┌─ content/articles/strength.md:12:1
///   │
/// 12 │ safety_tip:
///   │ ^^^^^^^^^^^
///   │
///   = help: did you mean `safety_tips`?
/// ```
fn report(
    out: &mut dyn WriteColor,
    diagnostic: &Diagnostic,
    excerpt: Option<&Excerpt>,
) -> std::io::Result<()> {
    let (name, color) = match diagnostic.severity {
        Severity::Error => ("error", Color::Red),
        Severity::Warning => ("warning", Color::Yellow),
        Severity::Note => ("note", Color::Green),
    };
    let bold = ColorSpec::new().set_bold(true).set_intense(true).clone();
    let cyan = ColorSpec::new().set_fg(Some(Color::Cyan)).clone();
    out.set_color(bold.clone().set_fg(Some(color)))?;
    write!(out, "{name}[{}]", diagnostic.code)?;
    out.set_color(&bold)?;
    write!(out, ": {}", diagnostic.message)?;
    out.reset()?;
    writeln!(out)?;
    let pad = excerpt.map_or(0, |e| e.line.to_string().len());
    let gutter = |out: &mut dyn WriteColor, mark: &str| -> std::io::Result<()> {
        write!(out, "{:pad$} ", "")?;
        out.set_color(&cyan)?;
        write!(out, "{mark}")?;
        out.reset()
    };
    if let Some(excerpt) = excerpt {
        gutter(out, "┌─")?;
        writeln!(out, " {}:{}:{}", excerpt.name, excerpt.line, excerpt.column)?;
        gutter(out, "│")?;
        writeln!(out)?;
        out.set_color(&cyan)?;
        write!(out, "{} │", excerpt.line)?;
        out.reset()?;
        writeln!(out, " {}", excerpt.text)?;
        gutter(out, "│")?;
        write!(out, " {:1$}", "", excerpt.caret.start)?;
        out.set_color(ColorSpec::new().set_fg(Some(color)))?;
        write!(out, "{}", "^".repeat(excerpt.caret.len().max(1)))?;
        out.reset()?;
        writeln!(out)?;
        gutter(out, "│")?;
        writeln!(out)?;
    }
    if let Some(help) = &diagnostic.help {
        for (i, line) in help.lines().enumerate() {
            gutter(out, if i == 0 { "=" } else { " " })?;
            match i {
                0 => writeln!(out, " help: {line}")?,
                _ => writeln!(out, " {line}")?,
            }
        }
    }
    writeln!(out)
}

/// The one line a diagnostic shows: at most [`Excerpt::WIDTH`] bytes of
/// it around the spot, tabs expanded, with what the caret underlines in
/// display columns.
struct Excerpt {
    name: String,
    line: usize,
    column: usize,
    text: String,
    /// Display columns before the caret, and under it.
    caret: Range<usize>,
}

impl Excerpt {
    /// Bytes shown before the spot, and in all, of a long line.
    const BEFORE: usize = 60;
    const WIDTH: usize = 160;

    fn of(index: &LineIndex<'_>, loc: &Location) -> Excerpt {
        let mut excerpt = Excerpt {
            name: loc.file.display().to_string(),
            line: loc.line,
            column: loc.column,
            text: String::new(),
            caret: 0..1,
        };
        let Some(line) = index.line_range(loc.line) else {
            return excerpt;
        };
        let source = index.text;
        let at = index.offset_of(loc.line, loc.column);
        let from = floor_char_boundary(source, at.saturating_sub(Excerpt::BEFORE)).max(line.start);
        let to = floor_char_boundary(source, (from + Excerpt::WIDTH).min(line.end)).max(at);
        let rest = &source[at..to];
        let word = rest
            .char_indices()
            .find(|&(i, c)| i > 0 && (c.is_whitespace() || matches!(c, ']' | ',' | ';')))
            .map_or(rest.len(), |(i, _)| i);
        let mut width = 0;
        if from > line.start {
            excerpt.text.push('…');
            width += 1;
        }
        let start = width + push_expanded(&mut excerpt.text, &source[from..at], width);
        let end = start + push_expanded(&mut excerpt.text, &rest[..word], start);
        push_expanded(&mut excerpt.text, &rest[word..], end);
        if to < line.end {
            excerpt.text.push('…');
        }
        excerpt.caret = start..end;
        excerpt
    }
}

/// Appends `text` with tabs expanded to the next stop of four columns
/// (counting from `column`), and gives the display columns it took.
fn push_expanded(out: &mut String, text: &str, column: usize) -> usize {
    let mut width = 0;
    for c in text.chars() {
        if c == '\t' {
            let spaces = 4 - (column + width) % 4;
            out.extend(std::iter::repeat_n(' ', spaces));
            width += spaces;
        } else {
            out.push(c);
            width += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        }
    }
    width
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One JSON object per line: severity, code, file, line, column, message, help.
pub fn to_json(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .filter_map(|d| serde_json::to_string(d).ok())
        .map(|line| line + "\n")
        .collect()
}

/// Maps byte offsets in a text to 1-based line and column (in characters)
/// and back, in time that does not grow with the length of a line: besides
/// where each line starts, it keeps how many characters come before each
/// block of [`LineIndex::BLOCK`] bytes, so a column is counted from the
/// nearest block, not from the start of a line that may be megabytes long.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
    /// Characters before each block, once a long line needs them.
    chars_before_block: std::cell::OnceCell<Vec<usize>>,
}

impl<'a> LineIndex<'a> {
    const BLOCK: usize = 256;

    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        LineIndex {
            text,
            starts,
            chars_before_block: std::cell::OnceCell::new(),
        }
    }

    /// Characters before each block, counted the first time a long line
    /// needs them: most files have none.
    fn blocks(&self) -> &[usize] {
        self.chars_before_block.get_or_init(|| {
            let mut chars = 0;
            (self.text.as_bytes().chunks(Self::BLOCK))
                .map(|block| {
                    let before = chars;
                    chars += count_chars(block);
                    before
                })
                .collect()
        })
    }

    /// How many characters come before byte `offset` (a char boundary).
    fn chars_before(&self, offset: usize) -> usize {
        let block = offset / Self::BLOCK;
        let before = self.blocks().get(block).copied().unwrap_or(0);
        before + count_chars(&self.text.as_bytes()[block * Self::BLOCK..offset])
    }

    /// Characters from `start` to `offset`, in time that does not grow
    /// with the distance.
    fn chars_between(&self, start: usize, offset: usize) -> usize {
        if offset - start <= Self::BLOCK {
            count_chars(&self.text.as_bytes()[start..offset])
        } else {
            self.chars_before(offset) - self.chars_before(start)
        }
    }

    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset);
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let column = self.chars_between(self.starts[line], offset);
        (line + 1, column + 1)
    }

    /// The byte range of a 1-based line, without its line break.
    fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self
            .starts
            .get(line)
            .map_or(self.text.len(), |&next| next - 1);
        let end = if self.text[start..end].ends_with('\r') {
            end - 1
        } else {
            end
        };
        Some(start..end)
    }

    /// The byte offset of a 1-based line and column, clamped to the line.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(range) = self.line_range(line) else {
            return self.text.len();
        };
        let skip = column.saturating_sub(1);
        if range.len() <= Self::BLOCK || skip >= self.chars_between(range.start, range.end) {
            let line = &self.text[range.clone()];
            return line
                .char_indices()
                .nth(skip)
                .map_or(range.end, |(i, _)| range.start + i);
        }
        let wanted = self.chars_before(range.start) + skip;
        // The last block that starts at or before the wanted character.
        let block = self.blocks().partition_point(|&c| c <= wanted) - 1;
        let from = floor_char_boundary(self.text, block * Self::BLOCK).max(range.start);
        let skip = wanted - self.chars_before(from);
        self.text[from..]
            .char_indices()
            .nth(skip)
            .map_or(range.end, |(i, _)| from + i)
    }
}

/// Characters in UTF-8 bytes (which may start or end mid-character): the
/// bytes that are not continuation bytes.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines_and_character_columns() {
        let index = LineIndex::new("ab\ncdé f\n\nx");
        assert_eq!(index.line_col(0), (1, 1));
        assert_eq!(index.line_col(3), (2, 1));
        assert_eq!(index.line_col(7), (2, 4)); // after the two-byte é
        assert_eq!(index.line_col(10), (3, 1));
        assert_eq!(index.line_col(11), (4, 1));
        assert_eq!(index.line_col(999), (4, 2));
    }

    #[test]
    fn columns_map_back_to_offsets_across_blocks_and_wide_characters() {
        let line = "aé€😀 ".repeat(3000);
        let text = format!("x\n{line}\r\nlast");
        let index = LineIndex::new(&text);
        for (column, (offset, _)) in line.char_indices().enumerate().step_by(997) {
            assert_eq!(index.offset_of(2, column + 1), 2 + offset, "{column}");
            assert_eq!(index.line_col(2 + offset), (2, column + 1));
        }
        // Past the end of a line: its end, before the CRLF.
        assert_eq!(index.offset_of(2, usize::MAX / 2), 2 + line.len());
        assert_eq!(index.offset_of(3, 3), text.len() - 2);
        assert_eq!(index.offset_of(9, 1), text.len());
    }

    fn printed(text: &str, diagnostic: Diagnostic) -> String {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), text).unwrap();
        let mut out = codespan_reporting::term::termcolor::Buffer::no_color();
        emit(&mut out, dir.path(), &[diagnostic]).unwrap();
        String::from_utf8(out.into_inner()).unwrap()
    }

    #[test]
    fn a_report_underlines_the_word_at_its_place() {
        let printed = printed(
            "title: x\nsafety_tip: [@a]\n",
            Diagnostic::error("unknown-source", "no source is called `a`").at("a.md", 2, 14),
        );
        assert!(printed.contains("┌─ a.md:2:14"), "{printed}");
        assert!(
            printed.contains("2 │ safety_tip: [@a]\n  │              ^^"),
            "{printed}"
        );
    }

    #[test]
    fn the_caret_stands_under_tabs_and_wide_characters_as_shown() {
        let printed = printed(
            "---\n\t漢字 [@zz] more\n",
            Diagnostic::error("unknown-source", "no source is called `zz`").at("a.md", 2, 5),
        );
        assert!(
            printed.contains("2 │     漢字 [@zz] more\n  │          ^^^^\n"),
            "{printed}"
        );
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_with_true_columns() {
        let line = format!(
            "{}[@zz] {}",
            "é word ".repeat(10_000),
            "more ".repeat(10_000)
        );
        let column = "é word ".repeat(10_000).chars().count() + 2;
        let printed = printed(
            &format!("---\n{line}\n"),
            Diagnostic::error("unknown-source", "no source is called `zz`").at("a.md", 2, column),
        );
        assert!(printed.contains(&format!("a.md:2:{column}")), "{printed}");
        assert!(printed.len() < 1000, "{printed}");
        let shown = printed.lines().find(|l| l.starts_with("2 │")).unwrap();
        assert!(
            shown.starts_with("2 │ …") && shown.ends_with('…'),
            "{shown}"
        );
        assert!(shown.contains("word [@zz] more"), "{shown}");
    }

    /// The codes of `docs/lints.md`: its lints table with their default
    /// levels, and every code named in its other tables.
    fn documented_codes() -> (Vec<(String, String)>, Vec<String>) {
        let doc = include_str!("../docs/lints.md");
        let (mut lints, mut others) = (Vec::new(), Vec::new());
        let mut in_lints = false;
        for line in doc.lines() {
            if let Some(heading) = line.strip_prefix("## ") {
                in_lints = heading == "Lints";
            }
            let Some(row) = line.strip_prefix("| `") else {
                continue;
            };
            let cells: Vec<&str> = row.split(" | ").collect();
            let names = cells[0]
                .split('`')
                .step_by(2)
                .map(|n| n.trim_start_matches(", "));
            if in_lints {
                lints.push((
                    cells[0].trim_end_matches('`').to_string(),
                    cells[1].to_string(),
                ));
            } else {
                others.extend(
                    names
                        .filter(|n| !n.is_empty() && !n.starts_with(' '))
                        .map(String::from),
                );
            }
        }
        (lints, others)
    }

    #[test]
    fn the_registry_and_docs_lints_md_name_the_same_codes() {
        let (lints, others) = documented_codes();
        let level = |s: Severity| match s {
            Severity::Error => "error",
            Severity::Warning => "warn",
            Severity::Note => "note",
        };
        let registered: Vec<(String, String)> = super::lints()
            .map(|c| (c.name.to_string(), level(c.severity).to_string()))
            .collect();
        assert_eq!(registered, lints, "the lints table of docs/lints.md");
        let mut fixed: Vec<&str> = CODES.iter().filter(|c| !c.lint).map(|c| c.name).collect();
        let mut documented: Vec<&str> = others.iter().map(String::as_str).collect();
        fixed.sort_unstable();
        documented.sort_unstable();
        assert_eq!(fixed, documented, "the other tables of docs/lints.md");
    }

    #[test]
    #[should_panic(expected = "not in diagnostic::CODES")]
    #[cfg(debug_assertions)]
    fn an_unregistered_code_cannot_be_emitted() {
        let _ = Diagnostic::error("no-such-code", "x");
    }

    #[test]
    fn display_is_one_line_plus_help() {
        let d = Diagnostic::error("unknown-source", "no source called `x`")
            .at("content/a.md", 3, 7)
            .help("add it to content/sources.yaml");
        assert_eq!(
            d.to_string(),
            "error[unknown-source]: content/a.md:3:7: no source called `x`\n  help: add it to content/sources.yaml"
        );
    }
}
