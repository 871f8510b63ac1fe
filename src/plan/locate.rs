//! Where things are written in a plan data file, for diagnostics.
//!
//! serde_yaml gives values without positions, so an entry is found by the
//! line that names it (`- id: walk`, or `category: balance` for a target)
//! inside its top-level list, and a field by its key below that line.

use crate::diagnostic::Location;
use crate::yaml::Block;

pub struct Locator<'a> {
    block: Block<'a>,
}

impl<'a> Locator<'a> {
    pub fn new(block: Block<'a>) -> Locator<'a> {
        Locator { block }
    }

    /// The file line of the `nth` (from 0) entry of the top-level list
    /// `list` written with `key: value`; the list's own line if not found.
    pub fn entry(&self, list: &str, key: &str, value: &str, nth: usize) -> usize {
        let start = self.block.top_level_key_line(list).unwrap_or(1);
        self.section(start)
            .filter(|(_, line)| defines(line, key, value))
            .nth(nth)
            .map_or(start, |(number, _)| number)
    }

    /// The file line of the `nth` (from 0) line below `entry` in the list
    /// `list` that writes `key: value`, such as an answer of a question.
    pub fn below(&self, list: &str, entry: usize, key: &str, value: &str, nth: usize) -> usize {
        let start = self.block.top_level_key_line(list).unwrap_or(1);
        self.section(start)
            .filter(|&(number, line)| number > entry && defines(line, key, value))
            .nth(nth)
            .map_or(entry, |(number, _)| number)
    }

    /// Where the `nth` entry of `list` is, pointing at its value.
    pub fn entry_at(&self, list: &str, key: &str, value: &str, nth: usize) -> Location {
        let line = self.entry(list, key, value, nth);
        self.find(line, value)
    }

    /// Where the key `field:` of the entry that starts on `line` is
    /// written; the entry's line if it has no such field.
    pub fn field(&self, line: usize, field: &str) -> Location {
        let mut lines = self.lines().skip(line.saturating_sub(1));
        let Some((first, text)) = lines.next() else {
            return self.at(line, 1);
        };
        // Fields of the entry are indented at least as far as its first key.
        let (key_column, _) = entry_text(text);
        let inside = lines.take_while(|(_, l)| {
            let t = l.trim_start();
            t.is_empty() || t.starts_with('#') || l.len() - t.len() >= key_column
        });
        std::iter::once((first, text))
            .chain(inside)
            .find_map(|(n, text)| key_column_in(text, field).map(|c| self.at(n, c)))
            .unwrap_or_else(|| self.at(line, key_column + 1))
    }

    /// Where `word` is first written as a whole word (not inside a longer
    /// name) at or after `line`; `line` itself if nowhere.
    pub fn find(&self, line: usize, word: &str) -> Location {
        let is_name = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
        let found = self
            .lines()
            .skip(line.saturating_sub(1))
            .find_map(|(n, text)| {
                let (at, _) = text.match_indices(word).find(|&(at, _)| {
                    let before = text[..at].chars().next_back();
                    let after = text[at + word.len()..].chars().next();
                    !before.is_some_and(is_name) && !after.is_some_and(is_name)
                })?;
                Some((n, text[..at].chars().count() + 1))
            });
        let (line, column) = found.unwrap_or((line, 1));
        self.at(line, column)
    }

    /// The line of the top-level `key:`, for problems with a whole list.
    pub fn top_level(&self, key: &str) -> Location {
        self.at(self.block.top_level_key_line(key).unwrap_or(1), 1)
    }

    pub fn at(&self, line: usize, column: usize) -> Location {
        Location {
            file: self.block.file.to_path_buf(),
            line,
            column,
        }
    }

    fn lines(&self) -> impl Iterator<Item = (usize, &'a str)> {
        let offset = self.block.line_offset;
        self.block
            .text
            .lines()
            .enumerate()
            .map(move |(i, line)| (i + 1 + offset, line))
    }

    /// The lines after the top-level key on `start`, up to the next one.
    fn section(&self, start: usize) -> impl Iterator<Item = (usize, &'a str)> {
        self.lines().skip(start).take_while(|(_, line)| {
            let starts_top_level = line
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace() && c != '-' && c != '#');
            !starts_top_level
        })
    }
}

/// A line's indent and its text after any `- ` and `{ ` that open an entry.
fn entry_text(line: &str) -> (usize, &str) {
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start().trim_start_matches(['-', '{']);
        if trimmed.len() == rest.len() {
            return (line.len() - rest.len(), rest);
        }
        rest = trimmed;
    }
}

/// The column of `field:` in a line that writes it as a key, either first
/// (`  - why: x`) or inside a flow map (`{ id: 2, days: 2 }`).
fn key_column_in(line: &str, field: &str) -> Option<usize> {
    let (indent, rest) = entry_text(line);
    let is_key = |text: &str| {
        text.strip_prefix(field)
            .is_some_and(|r| r.trim_start().starts_with(':'))
    };
    if is_key(rest) {
        return Some(line[..indent].chars().count() + 1);
    }
    let flow = line
        .match_indices(field)
        .find(|&(at, _)| line[..at].trim_end().ends_with([',', '{']) && is_key(&line[at..]))?;
    Some(line[..flow.0].chars().count() + 1)
}

/// Whether `line` writes `key: value` (quoted or not) as an entry's key.
fn defines(line: &str, key: &str, value: &str) -> bool {
    let (_, rest) = entry_text(line);
    let Some(after) = rest.strip_prefix(key).map(str::trim_start) else {
        return false;
    };
    let Some(written) = after.strip_prefix(':').map(str::trim_start) else {
        return false;
    };
    let unquoted = ["\"", "'"]
        .iter()
        .find_map(|q| {
            written
                .strip_prefix(q)?
                .strip_prefix(value)?
                .strip_prefix(q)
        })
        .or_else(|| written.strip_prefix(value));
    unquoted.is_some_and(|end| {
        end.is_empty() || end.starts_with([',', '}', ' ', '#']) || end.trim().is_empty()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const TEXT: &str = "\
questions:
  - id: days
    label: Days
    answers:
      - { id: 2, label: Two, days: 2 }
      - id: \"3\"
        label: Three
targets:
  - category: balance
    why: x
  -
    category: balance
    why: y
";

    fn locator() -> Locator<'static> {
        Locator::new(Block::file(TEXT, Path::new("content/plan.yaml")))
    }

    #[test]
    fn finds_entries_in_block_and_flow_style() {
        let at = locator();
        assert_eq!(at.entry("questions", "id", "days", 0), 2);
        assert_eq!(at.entry("questions", "id", "2", 0), 5);
        assert_eq!(at.entry("questions", "id", "3", 0), 6);
        assert_eq!(at.entry("targets", "category", "balance", 1), 12);
        assert_eq!(at.entry("targets", "category", "missing", 0), 8);
    }

    #[test]
    fn finds_fields_below_an_entry() {
        let at = locator();
        let why = at.field(12, "why");
        assert_eq!((why.line, why.column), (13, 5));
        let days = at.field(5, "days");
        assert_eq!((days.line, days.column), (5, 30));
        let value = at.entry_at("questions", "id", "3", 0);
        assert_eq!((value.line, value.column), (6, 14));
    }

    #[test]
    fn finds_whole_words_only() {
        let at = Locator::new(Block::file("a: none, one\n", Path::new("x.yaml")));
        assert_eq!(at.find(1, "one").column, 10);
    }

    #[test]
    fn a_value_must_match_whole() {
        assert!(defines("  - id: walk", "id", "walk"));
        assert!(defines("  - id: walk # note", "id", "walk"));
        assert!(!defines("  - id: walking", "id", "walk"));
        assert!(!defines("  - identity: walk", "id", "walk"));
    }
}
