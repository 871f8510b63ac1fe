//! Problems found in a site, and how they are shown to people.
//!
//! Every stage reports what it finds as [`Diagnostic`]s instead of stopping
//! at the first one, so an editor sees everything that is wrong in one run.
//! A diagnostic names the file, line and column, says what is wrong and, in
//! `help`, how to fix it. [`emit`] prints them the way rustc does (with
//! codespan-reporting); [`to_json`] gives one object per diagnostic for
//! editor plug-ins and CI.

use std::fmt;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor::WriteColor};
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
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    pub fn note(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Note,
            code,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            code,
            message: message.into(),
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

/// Prints diagnostics with the offending line and a caret under the spot.
/// `root` is the site folder the diagnostics' paths are relative to.
pub fn emit(
    out: &mut dyn WriteColor,
    root: &Path,
    diagnostics: &[Diagnostic],
) -> std::io::Result<()> {
    let config = term::Config::default();
    let mut files = SimpleFiles::new();
    let mut ids: Vec<(PathBuf, usize)> = Vec::new();
    for diagnostic in diagnostics {
        let mut report = match diagnostic.severity {
            Severity::Error => Report::error(),
            Severity::Warning => Report::warning(),
            Severity::Note => Report::note(),
        }
        .with_code(diagnostic.code)
        .with_message(&diagnostic.message);
        if let Some(loc) = &diagnostic.location {
            let id = match ids.iter().find(|(path, _)| path == &loc.file) {
                Some((_, id)) => *id,
                None => {
                    let text = std::fs::read(root.join(&loc.file))
                        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
                        .unwrap_or_default();
                    let id = files.add(loc.file.display().to_string(), text);
                    ids.push((loc.file.clone(), id));
                    id
                }
            };
            let text = files.get(id).map(|f| f.source().as_str()).unwrap_or("");
            let span = LineIndex::new(text).span_at(loc.line, loc.column);
            report = report.with_labels(vec![Label::primary(id, span)]);
        }
        if let Some(help) = &diagnostic.help {
            report = report.with_notes(vec![format!("help: {help}")]);
        }
        term::emit_to_write_style(out, &config, &files, &report).map_err(std::io::Error::other)?;
    }
    Ok(())
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
/// and back.
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }

    /// The byte range of the word (or character) at a 1-based line and
    /// column, for underlining; empty where the position is past the end.
    pub fn span_at(&self, line: usize, column: usize) -> std::ops::Range<usize> {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return self.text.len()..self.text.len();
        };
        let line_text = &self.text[start..];
        let line_text = &line_text[..line_text.find('\n').unwrap_or(line_text.len())];
        let from = line_text
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_text.len(), |(i, _)| i);
        let rest = &line_text[from..];
        let word = rest
            .char_indices()
            .find(|&(i, c)| i > 0 && (c.is_whitespace() || matches!(c, ']' | ',' | ';')))
            .map_or(rest.len(), |(i, _)| i);
        let word = if word == 0 {
            rest.chars().next().map_or(0, char::len_utf8)
        } else {
            word
        };
        start + from..start + from + word
    }
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
    fn span_covers_the_word_at_a_position() {
        let text = "title: x\nsafety_tip: [@a]\n";
        let index = LineIndex::new(text);
        assert_eq!(&text[index.span_at(2, 1)], "safety_tip:");
        assert_eq!(&text[index.span_at(2, 14)], "@a");
        assert_eq!(index.span_at(9, 1), text.len()..text.len());
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
